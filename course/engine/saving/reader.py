"""`tf.train.load_checkpoint`: read a checkpoint's saved values without any model.

    >>> reader = tf.train.load_checkpoint("./tf_ckpts/")       # a directory or a prefix
    >>> reader.get_variable_to_shape_map()["net/l1/_kernel/.ATTRIBUTES/VARIABLE_VALUE"]
    [1, 5]
    >>> reader.get_tensor("net/l1/_kernel/.ATTRIBUTES/VARIABLE_VALUE")   # a NumPy array

The keys are the attribute paths that `tf.train.Checkpoint` saved (see
checkpoint.py for the file format); the values are read and validated by
checkpoint_files.py's `read_checkpoint`. As in TF, the reader also lists
`_CHECKPOINTABLE_OBJECT_GRAPH`, a string, for a `tf.train.Checkpoint` (not for
TF1's `Saver`, whose files hold names only): TF keeps a protocol buffer there,
ours is JSON made from the file's keys and aliases (the paths are the whole
object graph here).
"""
from __future__ import annotations

import json
import os

import numpy as np

from .. import dtypes
from ..errors import NotFoundError
from .checkpoint import latest_checkpoint
from .checkpoint_files import SUFFIX, read_checkpoint
from .hash_order import unordered_map_order

__all__ = ["CheckpointReader", "load_checkpoint", "list_variables", "load_variable"]

OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"  # TF's key for the saved object graph


def _prefix(ckpt_dir_or_file) -> str:
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        latest = latest_checkpoint(path)
        if latest is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory "
                             f"{path}")
        return latest
    if not os.path.exists(path + ".index"):
        raise NotFoundError(None, None, f"Unsuccessful TensorSliceReader constructor: Failed to "
                                        f"find any matching files for {path}")
    return path


class CheckpointReader:
    """The saved values of one checkpoint, by key. Mirrors TF's `CheckpointReader`."""

    def __init__(self, prefix: str):
        self._values, aliases = read_checkpoint(prefix)  # (aliases: other paths, same values)
        if not self._values or any(key.endswith(SUFFIX) for key in self._values):
            # an object-based checkpoint (tf.train.Checkpoint); TF1's Saver writes names only
            graph = {"keys": sorted(self._values), "aliases": aliases}
            self._values = {OBJECT_GRAPH_KEY: np.array(json.dumps(graph, sort_keys=True).encode(),
                                                       dtype=object), **self._values}

    def _keys(self) -> list:
        # TF's order: its C++ hash map's, filled in sorted order (hash_order.py)
        return unordered_map_order(sorted(self._values))

    def get_variable_to_shape_map(self) -> dict:
        """{key: shape as a list}, in TF's order (`list_variables` sorts)."""
        return {key: list(self._values[key].shape) for key in self._keys()}

    def get_variable_to_dtype_map(self) -> dict:
        return {key: dtypes.as_dtype(self._values[key].dtype) for key in self._keys()}

    def has_tensor(self, key: str) -> bool:
        return key in self._values

    def get_tensor(self, key: str):
        """The saved value under `key`: a NumPy array (a copy), or a NumPy scalar, as TF."""
        if key not in self._values:
            raise NotFoundError(None, None, f"Key {key} not found in checkpoint")
        return np.array(self._values[key])[()]


def load_checkpoint(ckpt_dir_or_file) -> CheckpointReader:
    """A reader for a checkpoint prefix, or the newest checkpoint in a directory.

    Mirrors `tf.train.load_checkpoint`."""
    return CheckpointReader(_prefix(ckpt_dir_or_file))


def list_variables(ckpt_dir_or_file) -> list:
    """Sorted `(key, shape)` pairs of a checkpoint. Mirrors `tf.train.list_variables`."""
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return sorted(shapes.items())


def load_variable(ckpt_dir_or_file, name: str) -> np.ndarray:
    """One saved value. Mirrors `tf.train.load_variable`."""
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)
