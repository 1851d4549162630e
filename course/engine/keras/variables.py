"""Keras 3's weights: a Variable with a path, and the name scopes that make the paths.

A layer's weights are made by `add_weight` while the layer is built, and Keras 3
names them by where they live: the names of the layers being built or called,
outermost first, then the weight's own name:

    >>> model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(3)])
    >>> [(w.name, w.path) for w in model.weights]
    [('kernel', 'sequential/dense/kernel'), ('bias', 'sequential/dense/bias')]

TensorBoard's histograms are tagged by these paths. A `KerasVariable` is an
engine `tf.Variable` in every other respect (ops read it, tapes watch it); it
prints as Keras prints it: `<Variable path=dense/kernel, shape=(2, 3), dtype=float32, value=...>`.

Only weights made by `add_weight` are a layer's weights: a plain `tf.Variable`
assigned to a layer attribute is not tracked by Keras 3 (see layers.py).
"""
from __future__ import annotations

import contextlib

import numpy as np

from ..ops import array_ops
from ..variables import Variable
from .dtype_policies import _autocast

__all__ = ["KerasVariable", "name_scope", "current_path", "in_scope"]

_scopes: list = []  # names of the layers being built or called, outermost first


@contextlib.contextmanager
def name_scope(name: str):
    """Layers open their scope while they build and call: weights made inside get the path."""
    _scopes.append(name)
    try:
        yield
    finally:
        _scopes.pop()


def in_scope(name: str) -> bool:
    """Whether `name` is the innermost scope (its layer is being built or called now)."""
    return bool(_scopes) and _scopes[-1] == name


def current_path(owner: str) -> str:
    """The path prefix for a weight of the layer named `owner` (its own name always ends it)."""
    parts = list(_scopes)
    if not parts or parts[-1] != owner:
        parts.append(owner)
    return "/".join(parts)


class KerasVariable(Variable):
    """A layer's weight. Mirrors `keras.Variable` (TF backend): `.name` is "kernel",
    `.path` is "sequential/dense/kernel"."""

    def __init__(self, initial_value, name: str, path: str, trainable: bool = True, dtype=None):
        super().__init__(initial_value, trainable=trainable, name=name, dtype=dtype)
        self._name = name  # (Keras 3 names ignore tf.name_scope: the path says where it lives)
        self._path = path
        self.regularizer = None  # a penalty function of this weight (Layer.add_weight sets it)
        self._autocast = True    # read in a mixed layer's compute dtype (add_weight may say no)

    def read_value(self):
        """The value; while a mixed-precision layer is called, a floating weight comes cast to
        its compute dtype (Keras 3's autocast: dtype_policies.py)."""
        value = super().read_value()
        if _autocast and self._autocast:
            dtype = _autocast[-1]
            if dtype is not None and value.dtype is not dtype and value.dtype.is_floating:
                return array_ops.cast(value, dtype)
        return value

    @property
    def name(self) -> str:
        return self._name  # Keras 3: no ":0"

    @property
    def path(self) -> str:
        return self._path

    def __repr__(self) -> str:
        # Keras prints the NumPy value with str(): no "array(" and no dtype
        return (f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype.name}, "
                f"value={np.asarray(self._value)}>")
