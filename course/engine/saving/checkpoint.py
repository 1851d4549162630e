"""`tf.train.Checkpoint`: save and restore the variables of a tree of objects.

    >>> ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer)
    >>> path = ckpt.save("/tmp/training/ckpt")        # '/tmp/training/ckpt-1'
    >>> ckpt.restore(tf.train.latest_checkpoint("/tmp/training")).assert_consumed()

Object-based, as TF: each variable is saved under the attribute path that
leads to it from the checkpoint's attributes (keyword arguments, or set
later: `ckpt.listed = [v]`), e.g. `model/layers/0/w/.ATTRIBUTES/VARIABLE_VALUE`.
A variable reached by two paths is saved once, the second path recorded as
an alias; restoring walks the attributes of the objects in another program,
so the classes may change as long as some path to each variable stays.

Deferred restoration: a saved value whose variable does not exist yet when
`restore` runs (an optimizer's slots are made on the first step, a list is
filled later) waits; it is assigned when the variable appears at its path
(tracking.py).

The files and how they are written atomically: checkpoint_files.py.
"""
from __future__ import annotations

import os

import numpy as np

from .. import dtypes, tracking
from ..graph.scopes import init_scope
from ..tracking import restore_on_create
from ..variables import Variable
from .atomic import folder_lock
from .checkpoint_files import (SUFFIX, delete_checkpoint, read_checkpoint, read_state, tidy_folder,
                               write_checkpoint, write_state)
from .in_session import assign_in_session, in_graph, session_values
from .name_based import restore_by_name

__all__ = ["Checkpoint", "CheckpointManager", "latest_checkpoint", "restore_on_create",
           "object_variables"]


def object_variables(roots: dict) -> tuple:
    """({checkpoint key: Variable}, {alias path: first path}) for a Checkpoint's objects."""
    variables, aliases = tracking.object_graph(roots, checkpoint=True)
    return {key_of(path): var for path, var in variables.items()}, aliases


def key_of(path: str) -> str:
    """A variable's key: its path and TF's `/.ATTRIBUTES/VARIABLE_VALUE`; a value that an
    object saves itself is already named (`iterator/.ATTRIBUTES/ITERATOR_STATE`)."""
    return path if "/.ATTRIBUTES/" in "/" + path else path + SUFFIX


def path_of(key: str) -> str:
    """The object path of a saved key (`key_of` undone)."""
    return key[:-len(SUFFIX)] if key.endswith(SUFFIX) else key


def _assign_checked(variable: Variable, value: np.ndarray, key: str, path: str) -> None:
    _check(variable, value, key, path)
    with init_scope():  # restoring assigns now, even inside a graph
        variable.assign(value)


def _check(variable: Variable, value: np.ndarray, key: str, path: str) -> None:
    if tuple(variable.shape) != value.shape:
        raise ValueError(f"Received incompatible tensor with shape {value.shape} when attempting to "
                         f"restore variable with shape {tuple(variable.shape)} and name {key} "
                         f"(checkpoint {path}).")
    if variable.dtype.as_numpy_dtype != value.dtype:
        raise ValueError(f"Cannot restore {key} from checkpoint {path}: it holds "
                         f"{dtypes.as_dtype(value.dtype).name}, "
                         f"but the variable is {variable.dtype.name}.")


class _Waiting:
    """A saved value waiting for its variable (tracking.park); `deliver` assigns it."""

    def __init__(self, value: np.ndarray, key: str, status: "CheckpointLoadStatus"):
        self.value, self.key, self.status = value, key, status

    def deliver(self, variable: Variable) -> None:
        _assign_checked(variable, self.value, self.key, self.status._path)
        self.status._consumed.add(self.key)


# -- the public classes ------------------------------------------------------------------------
class InitializationOnlyStatus:
    """What `restore(None)` returns (no checkpoint yet, e.g. `latest_checkpoint` of an empty
    folder): the variables keep their initial values, and every check says so."""

    _NOTHING = "No checkpoint specified (save_path=None); nothing is being restored."

    def assert_consumed(self):
        raise AssertionError(self._NOTHING)

    assert_existing_objects_matched = assert_nontrivial_match = assert_consumed

    def expect_partial(self) -> "InitializationOnlyStatus":
        return self

    def run_restore_ops(self, session=None) -> None:
        raise AssertionError("No checkpoint specified, so no restore ops are available "
                             "(save_path=None to Saver.restore).")

    def initialize_or_restore(self, session=None) -> None:
        """Nothing to do: eager variables hold their initial values already."""


class CheckpointLoadStatus:
    """What `restore` returns: checks of how well the checkpoint matched the objects."""

    def __init__(self, path, saved: dict, matched: set, missing: list, checkpoint):
        self._path = path
        self._saved = saved
        self._consumed = set(matched)
        self._missing = missing   # (key, variable) of the objects that the checkpoint lacks
        self._checkpoint = checkpoint
        self._in_session: list = []   # (variable, value) of TF1 graph variables: see below

    def assert_consumed(self) -> "CheckpointLoadStatus":
        """Every saved value found its variable, and every variable had a saved value."""
        unused = sorted(set(self._saved) - self._consumed)
        if unused:
            raise AssertionError(f"Unresolved object in checkpoint {self._path}: {unused[:5]} "
                                 "(no such variable in the restored objects, or not created yet)")
        self.assert_existing_objects_matched()
        return self

    def assert_existing_objects_matched(self) -> "CheckpointLoadStatus":
        """Every variable that exists now got a value from the checkpoint."""
        if self._missing:  # (TF's words; ours add the keys and the file)
            n, shown = len(self._missing), self._missing[:10]
            raise AssertionError(
                f"Found {n} Python objects that were not bound to checkpointed values, likely "
                f"due to changes in the Python program. Showing {len(shown)} of {n} unmatched "
                f"objects: [{', '.join(repr(v) for _, v in shown)}] (keys "
                f"{[k for k, _ in shown]}, not in checkpoint {self._path})")
        return self

    def assert_nontrivial_match(self) -> "CheckpointLoadStatus":
        if not self._consumed - {"save_counter" + SUFFIX}:
            raise AssertionError(f"Nothing except the save counter was matched in {self._path}.")
        return self

    def expect_partial(self) -> "CheckpointLoadStatus":
        """Silences complaints about unused values (we print none anyway)."""
        return self

    def run_restore_ops(self, session=None) -> None:
        """TF1: assigns the restored values to a graph's variables in `session` (default: the
        default session). Eagerly, restore has assigned them already and this does nothing.

        >>> with tf.compat.v1.Session() as sess:
        ...     ckpt.restore(path).assert_consumed().run_restore_ops()
        """
        if self._in_session:
            assign_in_session(self._in_session, session)


class Checkpoint:
    """Saves and restores the variables reachable from its attributes.

    Mirrors `tf.train.Checkpoint`:

    >>> ckpt = tf.train.Checkpoint(model=model)
    >>> ckpt.save("/tmp/ckpts/ckpt")       # '/tmp/ckpts/ckpt-1'
    >>> ckpt.extra = [tf.Variable(1.0)]   # attributes set later are saved too
    """

    def __init__(self, root=None, **kwargs):
        object.__setattr__(self, "_save_counter", None)
        if root is not None:
            kwargs["root"] = root
        for name, obj in kwargs.items():
            if not (isinstance(obj, Variable) or tracking.is_trackable(obj) or
                    isinstance(obj, (list, dict, tuple))):
                raise ValueError(f"`Checkpoint` was expecting {name} to be a trackable object (an "
                                 f"object derived from tf.Module or a Variable), got {obj!r}.")
            setattr(self, name, obj)

    def __setattr__(self, name: str, value) -> None:
        # TF: attributes of a Checkpoint are its children, lists and dicts wrapped (tracking.py)
        if not name.startswith("_"):
            value = tracking.wrap(value)
        object.__setattr__(self, name, value)
        if not name.startswith("_") and tracking._PENDING:
            tracking.attached(self, name, value)

    def _checkpoint_children(self) -> list:
        return [(k, v) for k, v in sorted(vars(self).items()) if not k.startswith("_")]

    @property
    def _objects(self) -> dict:
        return dict(self._checkpoint_children())

    @property
    def save_counter(self) -> Variable:
        """How many times `save` ran (an int64 Variable, saved with the checkpoint)."""
        if self._save_counter is None:
            with init_scope():
                object.__setattr__(self, "_save_counter",
                                   Variable(np.int64(0), trainable=False, name="save_counter"))
        return self._save_counter

    def _variables(self) -> tuple:
        out, aliases = object_variables(self._objects)
        if self._save_counter is not None:  # (TF: made by save() and restore(), not by write())
            out["save_counter" + SUFFIX] = self._save_counter
        return out, aliases

    def write(self, file_prefix: str) -> str:
        """Writes exactly `file_prefix` (no counter, no state file). Returns it."""
        variables, aliases = self._variables()
        # (a TF1 graph's variables: their values in the default Session, see in_session.py)
        return write_checkpoint(os.fspath(file_prefix), session_values(variables), aliases)

    def save(self, file_prefix: str) -> str:
        """Writes `file_prefix-N` (N = save_counter) and points the folder's state file at it."""
        counter = self.save_counter
        with init_scope():  # (counts now, also while a TF1 graph is the default)
            counter.assign_add(1)
        file_prefix = os.fspath(file_prefix)
        path = f"{file_prefix}-{int(counter.numpy())}"
        directory = os.path.dirname(os.path.abspath(path))
        with folder_lock(directory):
            tidy_folder(directory, os.path.basename(file_prefix))
            self.write(path)
            write_state(directory, path, [path])   # TF's Checkpoint.save lists only the latest
        return path

    def restore(self, save_path) -> CheckpointLoadStatus | InitializationOnlyStatus:
        """Loads values into the variables that exist; the rest waits for them to be created.

        As in TF, it makes the save_counter (numbering goes on after it): a checkpoint from
        `write()` has none, so read those with `read()`.
        """
        self.save_counter  # noqa: B018 - (made now if it was not)
        return self.read(save_path)

    def read(self, save_path) -> CheckpointLoadStatus | InitializationOnlyStatus:
        """`restore` for a checkpoint from `write()`: it does not expect a save_counter."""
        if save_path is None:  # (TF: nothing restored, and the status's checks say so)
            return InitializationOnlyStatus()
        path = os.fspath(save_path)
        saved, saved_aliases = read_checkpoint(path)
        current, aliases = self._variables()
        if saved and not any(key.endswith(SUFFIX) for key in saved):
            return restore_by_name(path, saved, current)   # TF1's Saver wrote it (names)
        matched, missing = [], []
        for key, var in current.items():
            found = _saved_key(key, aliases, saved, saved_aliases)
            if found is None:
                missing.append((key, var))
            else:
                _check(var, saved[found], found, path)   # check everything before assigning
                matched.append((var, found))
        status = CheckpointLoadStatus(path, saved, set(), missing, self)
        for var, key in matched:
            if in_graph(var):  # TF1: given to a Session by status.run_restore_ops()
                status._in_session.append((var, saved[key]))
            else:
                _assign_checked(var, saved[key], key, path)
            status._consumed.add(key)
        for key in sorted(set(saved) - status._consumed):
            waiting = _Waiting(saved[key], key, status)
            for other in tracking.alias_paths(path_of(key), saved_aliases):
                tracking.deliver(self, other.split("/"), waiting, existing=False)
        return status


def _saved_key(key: str, aliases: dict, saved: dict, saved_aliases: dict) -> str | None:
    """The saved key holding the value of the variable at `key` (by any path to it), or None."""
    if key in saved:
        return key
    for path in tracking.alias_paths(path_of(key), aliases):
        candidate = key_of(tracking.resolve(path, saved_aliases))
        if candidate in saved:
            return candidate
    return None


class CheckpointManager:
    """Numbered checkpoints in a directory, keeping the last `max_to_keep`.

    Mirrors `tf.train.CheckpointManager`:

    >>> manager = tf.train.CheckpointManager(ckpt, "/tmp/ckpts", max_to_keep=3)
    >>> manager.save()      # '/tmp/ckpts/ckpt-1'

    It deletes only checkpoints inside its directory; a state file that names
    anything outside is refused (InvalidArgumentError) before anything is touched.
    """

    def __init__(self, checkpoint: Checkpoint, directory: str, max_to_keep: int | None = 5,
                 checkpoint_name: str = "ckpt"):
        self._checkpoint = checkpoint
        self.directory = os.fspath(directory)
        self.max_to_keep = max_to_keep
        self._name = checkpoint_name
        self._prefix = os.path.join(self.directory, checkpoint_name)
        _, listed = read_state(self.directory)
        self._checkpoints = [p for p in listed if os.path.lexists(p + ".index")]

    @property
    def checkpoints(self) -> list:
        return list(self._checkpoints)

    @property
    def latest_checkpoint(self) -> str | None:
        return self._checkpoints[-1] if self._checkpoints else None

    def save(self, checkpoint_number: int | None = None) -> str:
        with folder_lock(self.directory):
            tidy_folder(self.directory, self._name)
            counter = self._checkpoint.save_counter
            counter.assign_add(1)
            number = int(counter.numpy()) if checkpoint_number is None else int(checkpoint_number)
            path = self._checkpoint.write(f"{self._prefix}-{number}")
            self._checkpoints = [p for p in self._checkpoints if p != path] + [path]
            dropped = []
            if self.max_to_keep is not None:
                while len(self._checkpoints) > self.max_to_keep:
                    dropped.append(self._checkpoints.pop(0))
            write_state(self.directory, path, self._checkpoints)
            for old in dropped:   # after the state file stops naming them
                delete_checkpoint(self.directory, old)
        return path

    def restore_or_initialize(self):
        if self.latest_checkpoint is not None:
            self._checkpoint.restore(self.latest_checkpoint)
            return self.latest_checkpoint
        return None


def latest_checkpoint(checkpoint_dir: str, latest_filename=None) -> str | None:
    """The newest checkpoint prefix in `checkpoint_dir`, or None. Mirrors `tf.train.latest_checkpoint`."""
    directory = os.fspath(checkpoint_dir)
    latest, _ = read_state(directory, latest_filename)
    return latest if latest is not None and os.path.lexists(latest + ".index") else None
