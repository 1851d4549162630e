"""`tf.train.Checkpoint`: save and restore the variables of a tree of objects.

    >>> ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer)
    >>> path = ckpt.save("/tmp/training/ckpt")        # '/tmp/training/ckpt-1'
    >>> ckpt.restore(tf.train.latest_checkpoint("/tmp/training")).assert_consumed()

Object-based, as TF: each variable is saved under the attribute path that
leads to it from the checkpoint's keyword arguments, e.g.
`model/layers/0/w/.ATTRIBUTES/VARIABLE_VALUE`. Restoring walks the same
attributes in another program, so the classes may change as long as the
attribute structure stays.

Files (TF's names, our own documented contents):
- `ckpt-1.index`: JSON, {"format": "course.engine.checkpoint", "version": 1,
  "data_file": "ckpt-1.data-00000-of-00001", "data_sha256": "...",
  "variables": {key: {"array": "a0", "dtype": "float32", "shape": [2, 3]}}}
- `ckpt-1.data-00000-of-00001`: a NumPy `.npz` of the arrays a0, a1, ...
  (read with allow_pickle=False: no code in the files);
- `checkpoint`: TF's text state file naming the latest checkpoints.
Every file is written atomically and the index last, so an interrupted save
leaves the previous checkpoint intact.

Deferred restoration: a value whose variable does not exist yet when
`restore` runs (an optimizer's slots are made on the first step) waits. The
object that later creates the variable calls
`restore_on_create(owner, path, variable)`; see its docstring.
"""
from __future__ import annotations

import json
import os
import re
import weakref

import numpy as np

from .. import dtypes
from ..graph.core import init_scope
from ..errors import DataLossError, NotFoundError
from ..graph.shapes import check_sane
from ..module import Module, _children
from ..variables import Variable
from .atomic import atomic_write, read_arrays, read_text, write_arrays

__all__ = ["Checkpoint", "CheckpointManager", "latest_checkpoint", "restore_on_create"]

FORMAT = "course.engine.checkpoint"
SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"
DATA_SUFFIX = ".data-00000-of-00001"


# -- which variables, under which names ---------------------------------------------------
def _is_trackable(obj) -> bool:
    """Modules, and engine objects that own variables (Keras layers, optimizers, metrics)."""
    if isinstance(obj, Module):
        return True
    return (type(obj).__module__.startswith("course.engine") and hasattr(obj, "__dict__")
            and hasattr(type(obj), "variables") and not isinstance(obj, type))


def _object_children(obj):
    if isinstance(obj, Module):
        return _children(obj)
    if isinstance(obj, (dict, list, tuple)):
        return _children(obj)
    if _is_trackable(obj):
        return [(k, v) for k, v in sorted(vars(obj).items()) if not k.startswith("__")]
    return []


def _walk(obj, path, seen, out) -> None:
    for key, child in _object_children(obj):
        if id(child) in seen:
            continue
        child_path = path + (str(key),)
        if isinstance(child, Variable):
            seen.add(id(child))
            out["/".join(child_path) + SUFFIX] = child
        elif isinstance(child, (dict, list, tuple)) or _is_trackable(child):
            seen.add(id(child))
            _walk(child, child_path, seen, out)


def object_variables(roots: dict) -> dict:
    """{checkpoint key: Variable} for the objects of a Checkpoint (first path wins, as TF)."""
    out: dict = {}
    seen: set = set()
    for name in sorted(roots):
        obj = roots[name]
        if isinstance(obj, Variable):
            out.setdefault(name + SUFFIX, obj)
            seen.add(id(obj))
        else:
            seen.add(id(obj))
            _walk(obj, (name,), seen, out)
    return out


# -- deferred restoration ------------------------------------------------------------------
# id(owner) -> (weak reference to owner, {relative path: value}); see restore_on_create.
_DEFERRED: dict = {}


def restore_on_create(owner, path, variable: Variable) -> Variable:
    """Gives a newly created variable its value from an earlier `restore`, if there is one.

    Call it from objects that create variables lazily (an optimizer's slots,
    a layer built on first call). `owner` is the nearest trackable object
    (Module, Keras layer or optimizer) that holds the variable, `path` the
    attribute path from it, as a "a/0/b" string or a tuple ("a", 0, "b"):

    >>> self._momentums.append(restore_on_create(self, ("_momentums", i), tf.Variable(...)))

    Returns `variable`, assigned the restored value when the restored
    checkpoint had one at that place.
    """
    entry = _DEFERRED.get(id(owner))
    if entry is None or entry[0]() is not owner:
        return variable
    key = path if isinstance(path, str) else "/".join(str(p) for p in path)
    pending = entry[1]
    if key in pending:
        value, status, full_key = pending.pop(key)
        _assign_checked(variable, value, full_key, status._path)
        status._consumed.add(full_key)
    return variable


def _defer(roots: dict, key: str, value, status) -> bool:
    """Parks a saved value whose variable does not exist yet with its nearest existing owner."""
    parts = key[:-len(SUFFIX)].split("/")
    obj, owner, owner_depth = roots.get(parts[0]), None, 0
    if obj is None:
        return False
    if _is_trackable(obj):
        owner, owner_depth = obj, 1
    for depth, part in enumerate(parts[1:], start=2):
        child = _child(obj, part)
        if child is None:
            break
        obj = child
        if _is_trackable(obj):
            owner, owner_depth = obj, depth
    if owner is None:
        return False
    entry = _DEFERRED.get(id(owner))
    if entry is None or entry[0]() is not owner:
        entry = (weakref.ref(owner), {})
        _DEFERRED[id(owner)] = entry
        weakref.finalize(owner, _DEFERRED.pop, id(owner), None)
    entry[1]["/".join(parts[owner_depth:])] = (value, status, key)
    return True


def _child(obj, part: str):
    if isinstance(obj, (list, tuple)):
        return obj[int(part)] if part.isdigit() and int(part) < len(obj) else None
    if isinstance(obj, dict):
        return obj.get(part, obj.get(int(part)) if part.isdigit() else None)
    return getattr(obj, part, None) if _is_trackable(obj) else None


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
        raise ValueError(f"Cannot restore {key} from checkpoint {path}: it holds {value.dtype}, "
                         f"but the variable is {variable.dtype.name}.")
    with init_scope():  # restoring assigns now, even inside a graph
        variable.assign(value)


# -- reading and writing files ---------------------------------------------------------------
def write_checkpoint(prefix: str, variables: dict) -> str:
    """Writes data, then index (the commit point). Returns `prefix`."""
    arrays, entries = {}, {}
    for i, (key, var) in enumerate(sorted(variables.items())):
        value = np.asarray(var.numpy())
        arrays[f"a{i}"] = value
        entries[key] = {"array": f"a{i}", "dtype": value.dtype.name, "shape": list(value.shape)}
    checksum = write_arrays(prefix + DATA_SUFFIX, arrays)
    index = {"format": FORMAT, "version": 1, "data_file": os.path.basename(prefix + DATA_SUFFIX),
             "data_sha256": checksum, "variables": entries}
    atomic_write(prefix + ".index", json.dumps(index, indent=1, sort_keys=True).encode())
    return prefix


def read_checkpoint(prefix: str) -> dict:
    """{key: array} from a checkpoint, validated; clear errors naming the file otherwise."""
    index_path = prefix + ".index"
    if not os.path.exists(index_path):
        raise NotFoundError(None, None, f"Failed to find any matching files for {prefix} "
                                        f"(no {index_path}).")
    text = read_text(index_path, "checkpoint index")
    try:
        index = json.loads(text)
    except json.JSONDecodeError as e:
        raise DataLossError(None, None, f"checkpoint index is corrupted or truncated: {index_path} "
                                        f"({e})") from None
    bad = _index_problem(index)
    if bad:
        raise DataLossError(None, None, f"checkpoint index is invalid: {index_path} ({bad})")
    data_path = os.path.join(os.path.dirname(index_path), index["data_file"])
    expected = {e["array"]: (np.dtype(dtypes.as_dtype(e["dtype"]).as_numpy_dtype), e["shape"])
                for e in index["variables"].values()}
    arrays = read_arrays(data_path, expected, index["data_sha256"])
    return {key: arrays[e["array"]] for key, e in index["variables"].items()}


def _index_problem(index) -> str | None:
    """What is wrong with a parsed index, or None."""
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        return f"not a {FORMAT} index"
    if index.get("version") != 1:
        return f"unsupported version {index.get('version')!r}"
    data_file = index.get("data_file")
    if not isinstance(data_file, str) or os.path.basename(data_file) != data_file or \
            not data_file.endswith(DATA_SUFFIX):
        return f"bad data_file {data_file!r}"
    if not isinstance(index.get("data_sha256"), str):
        return "missing data_sha256"
    variables = index.get("variables")
    if not isinstance(variables, dict):
        return "missing variables"
    for key, e in variables.items():
        if not isinstance(e, dict) or not isinstance(e.get("array"), str):
            return f"bad entry for {key!r}"
        if not isinstance(e.get("dtype"), str) or e["dtype"] not in _DTYPE_NAMES:
            return f"unknown dtype {e.get('dtype')!r} for {key!r}"
        shape = e.get("shape")
        if not isinstance(shape, list) or not all(type(d) is int for d in shape):
            return f"bad shape {shape!r} for {key!r}"
        try:
            check_sane(tuple(shape), key)
        except ValueError as err:
            return str(err)
    return None


_DTYPE_NAMES = {d.name for d in dtypes.ALL}


# -- the public classes ------------------------------------------------------------------------
class CheckpointLoadStatus:
    """What `restore` returns: checks of how well the checkpoint matched the objects."""

    def __init__(self, path, saved: dict, matched: set, missing: list, checkpoint):
        self._path = path
        self._saved = saved
        self._consumed = set(matched)
        self._missing = missing   # variables of the objects that the checkpoint lacks
        self._checkpoint = checkpoint

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
        if self._missing:
            raise AssertionError(f"Some objects had no value in checkpoint {self._path}: "
                                 f"{self._missing[:5]}")
        return self

    def assert_nontrivial_match(self) -> "CheckpointLoadStatus":
        if not self._consumed - {"save_counter" + SUFFIX}:
            raise AssertionError(f"Nothing except the save counter was matched in {self._path}.")
        return self

    def expect_partial(self) -> "CheckpointLoadStatus":
        """Silences complaints about unused values (we print none anyway)."""
        return self


class Checkpoint:
    """Saves and restores the variables reachable from its keyword arguments.

    Mirrors `tf.train.Checkpoint`:

    >>> ckpt = tf.train.Checkpoint(model=model)
    >>> ckpt.save("/tmp/ckpts/ckpt")       # '/tmp/ckpts/ckpt-1'
    """

    def __init__(self, root=None, **kwargs):
        if root is not None:
            kwargs["root"] = root
        for name, obj in kwargs.items():
            if not (isinstance(obj, Variable) or _is_trackable(obj) or
                    isinstance(obj, (list, dict, tuple))):
                raise ValueError(f"`Checkpoint` was expecting {name} to be a trackable object (an "
                                 f"object derived from tf.Module or a Variable), got {obj!r}.")
        self._objects = dict(kwargs)
        self._save_counter = None

    @property
    def save_counter(self) -> Variable:
        """How many times `save` ran (an int64 Variable, saved with the checkpoint)."""
        if self._save_counter is None:
            with init_scope():
                self._save_counter = Variable(np.int64(0), trainable=False, name="save_counter")
        return self._save_counter

    def _variables(self) -> dict:
        out = object_variables(self._objects)
        if self._save_counter is not None or self._objects:
            out["save_counter" + SUFFIX] = self.save_counter
        return out

    def write(self, file_prefix: str) -> str:
        """Writes exactly `file_prefix` (no counter, no state file). Returns it."""
        return write_checkpoint(os.fspath(file_prefix), self._variables())

    def save(self, file_prefix: str) -> str:
        """Writes `file_prefix-N` (N = save_counter) and updates the directory's state file."""
        counter = self.save_counter
        counter.assign_add(1)
        path = self.write(f"{os.fspath(file_prefix)}-{int(counter.numpy())}")
        directory = os.path.dirname(os.path.abspath(path))
        previous = _read_state(directory)
        paths = [p for p in previous if p != path] + [path]
        _write_state(directory, path, paths)
        return path

    def restore(self, save_path) -> CheckpointLoadStatus:
        """Loads values into the variables that exist; the rest waits for them to be created."""
        if save_path is None:
            return CheckpointLoadStatus(None, {}, set(), [], self)
        path = os.fspath(save_path)
        saved = read_checkpoint(path)
        current = self._variables()
        for key, var in current.items():   # check everything before assigning anything
            if key in saved:
                _check(var, saved[key], key, path)
        status = CheckpointLoadStatus(path, saved, set(), [], self)
        for key, var in current.items():
            if key in saved:
                _assign_checked(var, saved[key], key, path)
                status._consumed.add(key)
            else:
                status._missing.append(key)
        for key in saved:
            if key not in current:
                _defer(self._objects, key, saved[key], status)
        return status

    read = restore


class CheckpointManager:
    """Numbered checkpoints in a directory, keeping the last `max_to_keep`.

    Mirrors `tf.train.CheckpointManager`:

    >>> manager = tf.train.CheckpointManager(ckpt, "/tmp/ckpts", max_to_keep=3)
    >>> manager.save()      # '/tmp/ckpts/ckpt-1'
    """

    def __init__(self, checkpoint: Checkpoint, directory: str, max_to_keep: int | None = 5,
                 checkpoint_name: str = "ckpt"):
        self._checkpoint = checkpoint
        self.directory = os.fspath(directory)
        self.max_to_keep = max_to_keep
        self._prefix = os.path.join(self.directory, checkpoint_name)
        self._checkpoints = [p for p in _read_state(self.directory)
                             if os.path.exists(p + ".index")]

    @property
    def checkpoints(self) -> list:
        return list(self._checkpoints)

    @property
    def latest_checkpoint(self) -> str | None:
        return self._checkpoints[-1] if self._checkpoints else None

    def save(self, checkpoint_number: int | None = None) -> str:
        counter = self._checkpoint.save_counter
        counter.assign_add(1)
        number = int(counter.numpy()) if checkpoint_number is None else int(checkpoint_number)
        path = self._checkpoint.write(f"{self._prefix}-{number}")
        self._checkpoints = [p for p in self._checkpoints if p != path] + [path]
        if self.max_to_keep is not None:
            while len(self._checkpoints) > self.max_to_keep:
                _delete_checkpoint(self._checkpoints.pop(0))
        _write_state(self.directory, path, self._checkpoints)
        return path

    def restore_or_initialize(self):
        if self.latest_checkpoint is not None:
            self._checkpoint.restore(self.latest_checkpoint)
            return self.latest_checkpoint
        return None


def _delete_checkpoint(prefix: str) -> None:
    for path in (prefix + ".index", prefix + DATA_SUFFIX):
        if os.path.exists(path):
            os.remove(path)


# -- the `checkpoint` state file (TF's text format) ------------------------------------------
_STATE_LINE = re.compile(r'^(model_checkpoint_path|all_model_checkpoint_paths): "((?:[^"\\]|\\.)*)"$')


def _read_state(directory: str) -> list:
    """The checkpoint paths listed in `directory/checkpoint`, oldest first ([] if none)."""
    path = os.path.join(directory, "checkpoint")
    if not os.path.exists(path):
        return []
    latest, listed = None, []
    for line in read_text(path, "checkpoint state file").splitlines():
        match = _STATE_LINE.match(line.strip())
        if not match:
            if line.strip():
                raise DataLossError(None, None, f"checkpoint state file is corrupted: {path} "
                                                f"(unexpected line {line.strip()[:60]!r})")
            continue
        value = json.loads('"' + match.group(2) + '"')
        value = value if os.path.isabs(value) else os.path.join(directory, value)
        if match.group(1) == "model_checkpoint_path":
            latest = value
        else:
            listed.append(value)
    if latest is not None and latest not in listed:
        listed.append(latest)
    return listed


def _write_state(directory: str, latest: str, paths: list) -> None:
    def rel(p):
        return json.dumps(os.path.relpath(p, directory) if os.path.dirname(os.path.abspath(p)) ==
                          os.path.abspath(directory) else p)
    lines = [f"model_checkpoint_path: {rel(latest)}"]
    lines += [f"all_model_checkpoint_paths: {rel(p)}" for p in paths]
    atomic_write(os.path.join(directory, "checkpoint"), ("\n".join(lines) + "\n").encode())


def latest_checkpoint(checkpoint_dir: str, latest_filename=None) -> str | None:
    """The newest checkpoint prefix in `checkpoint_dir`, or None. Mirrors `tf.train.latest_checkpoint`."""
    directory = os.fspath(checkpoint_dir)
    path = os.path.join(directory, latest_filename or "checkpoint")
    if not os.path.exists(path):
        return None
    latest = None
    for line in read_text(path, "checkpoint state file").splitlines():
        match = _STATE_LINE.match(line.strip())
        if match and match.group(1) == "model_checkpoint_path":
            latest = json.loads('"' + match.group(2) + '"')
    if latest is None:
        return None
    latest = latest if os.path.isabs(latest) else os.path.join(directory, latest)
    return latest if os.path.exists(latest + ".index") else None
