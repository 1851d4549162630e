"""TF1's checkpoints: `tf.compat.v1.train.Saver`, which saves variables by their names.

    >>> saver = tf.compat.v1.train.Saver(max_to_keep=3)
    >>> with tf.compat.v1.Session() as sess:
    ...     sess.run(tf.compat.v1.global_variables_initializer())
    ...     for step in range(1000):
    ...         sess.run(train_op)
    ...         if step % 100 == 0:
    ...             saver.save(sess, "/tmp/model/model", global_step=step)   # ".../model-100"
    >>> with tf.compat.v1.Session() as sess:                   # later, or in another program
    ...     saver.restore(sess, tf.train.latest_checkpoint("/tmp/model"))

The key of each value is the variable's name without ":0" ("layer1/w",
"Variable_1"), or the key given in a `var_list` dict. TF2's
`tf.train.Checkpoint` names values by the attribute path to each variable
instead. Both write the same files (the engine's format, not TF's binary
one: ../../../saving/checkpoint_files.py), so `tf.train.list_variables`,
`tf.train.load_checkpoint` and `tf.train.latest_checkpoint` read a Saver's
checkpoints too. Writing is atomic (data, then index, then the `checkpoint`
state file); reading never runs code and never leaves the checkpoint's folder.
In a TF1 graph `save` also writes `<path>.meta`, the graph as a MetaGraph file
(../../../saving/meta_graph.py), for `tf.compat.v1.train.import_meta_graph`.

In a TF1 graph, the values come from, and go back into, the Session's copies of
the variables: `save` runs the variables, `restore` runs assignments that the
Saver added to the graph when it was made. Eagerly (with an explicit
`var_list`) the variables are read and assigned directly; `sess` is ignored.
"""
from __future__ import annotations

import logging
import os

import numpy as np

from ....errors import NotFoundError
from ....function import executing_eagerly
from ....graph.core import get_default_graph
from ....graph.scopes import name_scope
from ....ops.control_flow_ops import group
from ....saving.atomic import folder_lock
from ....saving.checkpoint_files import (delete_checkpoint, read_checkpoint, read_state,
                                         write_checkpoint, write_state)
from ....session import placeholder

__all__ = ["Saver", "get_checkpoint_state", "CheckpointState"]

_log = logging.getLogger("course.engine")


class _Saved:
    """A value ready for write_checkpoint, which asks each entry for `.numpy()`."""

    def __init__(self, value: np.ndarray):
        self._value = value

    def numpy(self) -> np.ndarray:
        return self._value


class Saver:
    """Saves and restores variables by name. Mirrors `tf.compat.v1.train.Saver`.

    `var_list`: the variables (a list; keys are their names) or a dict {key:
    variable}; default: all the graph's variables. `max_to_keep`: how many of
    this Saver's newest checkpoints to keep (older ones are deleted; None or 0
    keeps all).
    """

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=2, pad_step_number=False, save_relative_paths=False,
                 filename=None):
        self._eager = executing_eagerly()
        if var_list is None:
            if self._eager:
                raise RuntimeError("When eager execution is enabled, `var_list` must specify a "
                                   "list or dict of variables to save")
            var_list = list(get_default_graph().variables)
        self._variables = _by_key(var_list)
        if not self._variables and not allow_empty:
            raise ValueError("No variables to save")
        self._max_to_keep = max_to_keep
        self._last_checkpoints: list = []
        self._restore_op = None if self._eager else self._build_restore()

    def _build_restore(self):
        """One placeholder and one assignment per variable, grouped: what `restore` runs."""
        self._feeds = {}
        with name_scope(None, default_name="save"):
            assigns = []
            for key, var in self._variables.items():
                self._feeds[key] = placeholder(var.dtype, var.shape)
                assigns.append(var.assign(self._feeds[key], read_value=False))
            return group(*assigns, name="restore_all")

    @property
    def last_checkpoints(self) -> list:
        """The checkpoints this Saver wrote and has not deleted, oldest first."""
        return list(self._last_checkpoints)

    # -- saving --------------------------------------------------------------------------
    def save(self, sess, save_path: str, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True, write_state=True,
             strip_default_attrs=False, save_debug_info=False) -> str | None:
        """Writes the variables' values to `save_path` (`save_path-<step>` with a
        `global_step`, a number or a variable); returns that path. In a TF1 graph it also
        writes the graph as `<path>.meta` (`write_meta_graph`; the engine's MetaGraph file,
        which `import_meta_graph` reads), as TF does."""
        if not self._variables:
            return None
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = global_step.numpy() if self._eager else sess.run(global_step)
            save_path = f"{save_path}-{int(global_step)}"
        keys = list(self._variables)
        if self._eager:
            values = [var.numpy() for var in self._variables.values()]
        else:
            values = sess.run(list(self._variables.values()))
        directory = os.path.dirname(os.path.abspath(save_path))
        with folder_lock(directory):  # (creates the folder, as TF does)
            write_checkpoint(save_path, {k: _Saved(np.asarray(v)) for k, v in zip(keys, values)})
            self._remember(save_path)
            dropped = []
            if self._max_to_keep:
                while len(self._last_checkpoints) > self._max_to_keep:
                    dropped.append(self._last_checkpoints.pop(0))
            if write_state:
                here = [p for p in self._last_checkpoints
                        if os.path.dirname(os.path.abspath(p)) == directory]
                _write_state(directory, save_path, here, latest_filename)
            for old in dropped:  # (after the state file stops naming them)
                delete_checkpoint(os.path.dirname(os.path.abspath(old)), old)
                if os.path.lexists(f"{old}.{meta_graph_suffix}"):   # (beside it: inside)
                    os.remove(f"{old}.{meta_graph_suffix}")
        if write_meta_graph and not self._eager:   # (TF: graph mode only)
            self._write_meta_graph(sess, f"{save_path}.{meta_graph_suffix}")
        return save_path

    def _write_meta_graph(self, sess, filename: str) -> None:
        from ....saving.meta_graph import export_meta_graph
        with sess.graph.as_default():
            try:
                export_meta_graph(filename, saver=self)
            except ValueError as e:   # (an attr the file cannot hold: the checkpoint stands)
                _log.warning("Saver.save: the graph could not be written to %s (%s); the "
                             "checkpoint itself is saved.", filename, e)

    def _remember(self, path: str) -> None:
        self._last_checkpoints = [p for p in self._last_checkpoints if p != path] + [path]

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False,
                          export_scope=None, clear_devices=False, clear_extraneous_savers=False,
                          strip_default_attrs=False, save_debug_info=False):
        """Writes the default graph, with this Saver, as a MetaGraph file (the engine's JSON:
        ../../../saving/meta_graph.py); `import_meta_graph(filename)` gives both back."""
        from ....saving.meta_graph import export_meta_graph
        return export_meta_graph(filename, as_text=as_text, saver=self)

    # -- restoring ------------------------------------------------------------------------
    def restore(self, sess, save_path: str) -> None:
        """Sets the variables to the values saved at the prefix `save_path`."""
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        if not os.path.lexists(save_path + ".index"):
            raise ValueError(f"The passed save_path is not a valid checkpoint: {save_path}")
        saved, _ = read_checkpoint(save_path)
        values = {}
        for key, var in self._variables.items():
            if key not in saved:
                raise NotFoundError(
                    None, None, "Restoring from checkpoint failed. This is most likely due to a "
                    "Variable name or other graph key that is missing from the checkpoint. "
                    "Please ensure that you have not altered the graph expected based on the "
                    f"checkpoint. Original error:\n\nKey {key} not found in checkpoint "
                    f"{save_path}")
            value = saved[key]
            if tuple(value.shape) != tuple(var.shape) or \
                    value.dtype != var.dtype.as_numpy_dtype:
                raise ValueError(
                    f"Cannot restore {key} from checkpoint {save_path}: it holds "
                    f"{value.dtype} {tuple(value.shape)}, but the variable is "
                    f"{var.dtype.name} {tuple(var.shape)}.")
            values[key] = value
        if self._eager:
            for key, var in self._variables.items():
                var.assign(values[key])
        else:
            sess.run(self._restore_op, {self._feeds[k]: v for k, v in values.items()})


def _by_key(var_list) -> dict:
    """{checkpoint key: variable}: a dict as given, a list keyed by the variables' names."""
    if isinstance(var_list, dict):
        pairs = list(var_list.items())
    else:
        pairs = [(var._name, var) for var in var_list]
    found: dict = {}
    for key, var in pairs:
        if not getattr(var, "_is_variable", False):
            raise TypeError(f"Variable to save is not a Variable: {var!r}")
        if key in found:
            raise ValueError(f"At least two variables have the same name: {key}")
        found[key] = var
    return found


def _write_state(directory: str, latest: str, paths: list, latest_filename) -> None:
    if latest_filename not in (None, "checkpoint"):
        raise NotImplementedError("Saver.save(latest_filename=...) is not supported here: the "
                                  "state file is always `checkpoint`.")
    write_state(directory, latest, paths)


class CheckpointState:
    """What the `checkpoint` state file says: `model_checkpoint_path` (the newest) and
    `all_model_checkpoint_paths` (oldest first). Mirrors TF's CheckpointState proto."""

    def __init__(self, model_checkpoint_path: str, all_model_checkpoint_paths: list):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)

    def __repr__(self) -> str:
        lines = [f"model_checkpoint_path: {self.model_checkpoint_path!r}"]
        lines += [f"all_model_checkpoint_paths: {p!r}" for p in self.all_model_checkpoint_paths]
        return "\n".join(lines)


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The folder's CheckpointState, or None without a `checkpoint` file.
    Mirrors `tf.compat.v1.train.get_checkpoint_state`.

    >>> state = tf.compat.v1.train.get_checkpoint_state("/tmp/model")
    >>> if state and state.model_checkpoint_path:
    ...     saver.restore(sess, state.model_checkpoint_path)
    """
    latest, listed = read_state(os.fspath(checkpoint_dir), latest_filename)
    return None if latest is None else CheckpointState(latest, listed)

