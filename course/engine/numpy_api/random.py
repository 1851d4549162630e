"""`tnp.random`: NumPy's random functions as TF's random ops (float64 by default).

    >>> tnp.random.randn(2, 3).dtype
    tf.float64

The draws come from TF's global random state: `tnp.random.seed(s)` is
`tf.random.set_seed(s)`, as in TF. Read next: ../ops/random_ops.py.
"""
from __future__ import annotations

from ..ops import random_ops
from ..tensor import Tensor
from .behavior import result_type

__all__ = ["seed", "randn", "standard_normal", "rand", "random", "uniform"]


def _shape(size) -> list:
    if size is None:
        return []
    return [size] if isinstance(size, int) else list(size)


def seed(s: int) -> None:
    """Makes later draws reproducible: `tf.random.set_seed(s)`. Mirrors `tnp.random.seed`."""
    random_ops.set_seed(s)


def standard_normal(size=None) -> Tensor:
    """Normal draws (mean 0, standard deviation 1) of shape `size`; float64.

    Mirrors `tf.experimental.numpy.random.standard_normal`.
    """
    return random_ops.normal(_shape(size), dtype=result_type(float))  # (float64, always)


def randn(*args: int) -> Tensor:
    """Normal draws of shape `args`: `randn(2, 3)`; float64.

    Mirrors `tf.experimental.numpy.random.randn`.

    >>> tnp.random.randn(2, 3).shape
    TensorShape([2, 3])
    """
    return standard_normal(size=args)


def uniform(low=0.0, high=1.0, size=None) -> Tensor:
    """Uniform draws from [low, high) of shape `size`; float64.

    Mirrors `tf.experimental.numpy.random.uniform`.
    """
    dtype = result_type(float)
    return random_ops.uniform(_shape(size), minval=low, maxval=high, dtype=dtype)


def random(size=None) -> Tensor:
    """Uniform draws from [0, 1) of shape `size`. Mirrors `tnp.random.random`."""
    return uniform(size=size)


def rand(*size: int) -> Tensor:
    """Uniform draws from [0, 1) of shape `size`: `rand(2, 3)`. Mirrors `tnp.random.rand`."""
    return uniform(size=size)
