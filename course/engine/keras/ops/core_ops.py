"""`keras.ops`' core: converting, casting and asking a tensor its shape and dtype.

    >>> ops.convert_to_tensor(1.5), ops.shape(ops.ones((2, 3)))
    (<tf.Tensor: shape=(), dtype=float32, numpy=1.5>, (2, 3))

With the TensorFlow backend a Keras tensor *is* a tf.Tensor: these functions
return the engine's Tensors. Where Keras differs from TF, it is on purpose:
`convert_to_tensor(x, dtype)` casts a tensor of another dtype (TF refuses),
and `shape` is a tuple of Python ints, not a TensorShape or a Tensor (a
dimension not known while tracing is a scalar int32 Tensor, as in Keras).

Read next: numpy_ops.py (the NumPy-style ops), nn_ops.py (relu, softmax, ...).
"""
from __future__ import annotations

import numpy as np

from ... import dtypes
from ...ops import array_ops
from ...tensor import Tensor
from ...tensor import convert_to_tensor as _tf_convert
from .promotion import standardize_dtype

__all__ = ["convert_to_tensor", "convert_to_numpy", "cast", "shape", "dtype", "is_tensor",
           "stop_gradient"]


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None) -> Tensor:
    """`x` as a tensor (cast to `dtype` if given). Mirrors `keras.ops.convert_to_tensor`.

    Python floats become float32 and ints int32; unlike `tf.convert_to_tensor`,
    a tensor of another dtype is cast, and a float list may become ints:

    >>> ops.convert_to_tensor([1.7, 2.0], dtype="int32")
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 2], dtype=int32)>
    """
    if dtype is not None:
        dtype = standardize_dtype(dtype)
    if not isinstance(x, Tensor):
        if dtype is not None and (dtype == "bool" or "int" in dtype):
            # TF's conversion refuses floats for ints: Keras converts, then casts.
            return array_ops.cast(_tf_convert(x), dtype)
        return _tf_convert(x, dtype=dtype)
    if dtype is not None and x.dtype.name != dtype:
        return array_ops.cast(x, dtype)
    return x


def convert_to_numpy(x) -> np.ndarray:
    """`x` as a NumPy array. Mirrors `keras.ops.convert_to_numpy`."""
    return np.array(convert_to_tensor(x))


def cast(x, dtype) -> Tensor:
    """`x` converted to `dtype` (floats to ints truncate). Mirrors `keras.ops.cast`."""
    return array_ops.cast(convert_to_tensor(x), standardize_dtype(dtype))


def shape(x) -> tuple:
    """`x`'s shape as a tuple of ints. Mirrors `keras.ops.shape`.

    >>> ops.shape(ops.zeros((2, 3)))
    (2, 3)
    """
    x = convert_to_tensor(x)
    if x.shape.rank is None:
        raise ValueError("All tensors passed to `ops.shape` must have a statically known "
                         f"rank. Received: x={x} with unknown rank.")
    dims = x.shape.as_list()
    if any(d is None for d in dims):  # while tracing: the unknown sizes are tensors
        dynamic = array_ops.shape(x)
        dims = [dynamic[i] if d is None else d for i, d in enumerate(dims)]
    return tuple(dims)


def dtype(x) -> str:
    """`x`'s dtype as a name ("float32"). Mirrors `keras.ops.dtype`."""
    return standardize_dtype(convert_to_tensor(x).dtype)


def is_tensor(x) -> bool:
    """Whether `x` is a tensor of the backend (a tf.Tensor). Mirrors `keras.ops.is_tensor`."""
    return isinstance(x, Tensor)


def stop_gradient(variable) -> Tensor:
    """`variable`'s value, with no gradient through it. Mirrors `keras.ops.stop_gradient`."""
    return array_ops.stop_gradient(convert_to_tensor(variable))


def _floatx_if_int(x: Tensor) -> Tensor:
    """Keras: an op defined on floats casts int and bool input to float32 (floatx)."""
    if x.dtype.is_integer or x.dtype is dtypes.bool:
        return array_ops.cast(x, "float32")
    return x
