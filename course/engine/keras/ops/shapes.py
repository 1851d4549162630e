"""`keras.ops`' shape ops: reshape, transpose, expand_dims, concatenate, stack, take, ...

    >>> ops.expand_dims(ops.ones((2,)), (0, 2)).shape
    TensorShape([1, 2, 1])

NumPy's names and arguments on TF's ops (`concatenate` is tf.concat, `take`
is tf.gather); tensors of several dtypes are first promoted to one (Keras's
lattice), where TF would refuse them.
"""
from __future__ import annotations

from ...ops import array_ops, image_ops, index_ops, math_ops
from ...tensor import Tensor
from .core_ops import cast, convert_to_tensor
from .promotion import result_type

__all__ = ["reshape", "transpose", "expand_dims", "squeeze", "concatenate", "stack", "tile",
           "broadcast_to", "take", "flip", "size", "ndim", "unstack"]


def reshape(x, newshape) -> Tensor:
    """`x`'s values in a new shape (one size may be -1). Mirrors `keras.ops.reshape`."""
    return array_ops.reshape(convert_to_tensor(x), newshape)


def transpose(x, axes=None) -> Tensor:
    """`x` with its axes permuted (reversed by default). Mirrors `keras.ops.transpose`."""
    return array_ops.transpose(convert_to_tensor(x), perm=axes)


def _axes(axis, rank: int) -> list:
    axis = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    return sorted(a + rank if a < 0 else a for a in axis)


def expand_dims(x, axis) -> Tensor:
    """`x` with a new axis of size 1 at `axis` (an int or a tuple). Mirrors `keras.ops.expand_dims`."""
    x = convert_to_tensor(x)
    for a in _axes(axis, x.ndim + (len(axis) if isinstance(axis, (list, tuple)) else 1)):
        x = array_ops.expand_dims(x, a)
    return x


def squeeze(x, axis=None) -> Tensor:
    """`x` without its axes of size 1 (or only `axis`). Mirrors `keras.ops.squeeze`."""
    x = convert_to_tensor(x)
    if axis is not None:
        for a in (axis if isinstance(axis, (list, tuple)) else [axis]):
            if x.shape[a] != 1:
                raise ValueError(f"Cannot squeeze axis={a}, because the dimension is not 1.")
    return array_ops.squeeze(x, axis)


def _one_dtype(xs) -> list:
    """The tensors of `xs`, promoted to one dtype when they differ (Keras's lattice)."""
    xs = [convert_to_tensor(x) for x in xs]
    if len({x.dtype for x in xs}) > 1:
        dtype = result_type(*(x.dtype for x in xs))
        xs = [cast(x, dtype) for x in xs]
    return xs


def concatenate(xs, axis: int = 0) -> Tensor:
    """The tensors joined along an existing axis. Mirrors `keras.ops.concatenate`."""
    return array_ops.concat(_one_dtype(xs), axis=axis)


def stack(x, axis: int = 0) -> Tensor:
    """The tensors joined along a new axis. Mirrors `keras.ops.stack`."""
    return array_ops.stack(_one_dtype(x), axis=axis)


def unstack(x, num=None, axis: int = 0) -> list:
    """The slices of `x` along `axis`. Mirrors `keras.ops.unstack`."""
    return array_ops.unstack(convert_to_tensor(x), num=num, axis=axis)


def tile(x, repeats) -> Tensor:
    """`x` repeated `repeats` times along each axis (NumPy's rule for a short or long
    `repeats`: it is lined up with the last axes). Mirrors `keras.ops.tile`."""
    x = convert_to_tensor(x)
    repeats = list(repeats) if isinstance(repeats, (list, tuple)) else [repeats]
    while x.ndim < len(repeats):
        x = array_ops.expand_dims(x, 0)
    repeats = [1] * (x.ndim - len(repeats)) + repeats
    return array_ops.tile(x, repeats)


def broadcast_to(x, shape) -> Tensor:
    """`x` broadcast to `shape`. Mirrors `keras.ops.broadcast_to`."""
    return array_ops.broadcast_to(convert_to_tensor(x), shape)


def take(x, indices, axis=None) -> Tensor:
    """The values of `x` at `indices` along `axis` (of the flattened `x` if None); negative
    indices count from the end. Mirrors `keras.ops.take`."""
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = array_ops.reshape(x, [-1]), 0
    indices = convert_to_tensor(indices)
    size = cast(array_ops.shape(x)[axis], indices.dtype)
    indices = index_ops.where(math_ops.less(indices, 0), math_ops.add(indices, size), indices)
    return index_ops.gather(x, indices, axis=axis)


def flip(x, axis=None) -> Tensor:
    """`x` in reverse order along `axis` (all axes if None). Mirrors `keras.ops.flip`."""
    x = convert_to_tensor(x)
    axes = list(range(x.ndim)) if axis is None else _axes(axis, x.ndim)
    return image_ops.reverse(x, axes)


def size(x) -> Tensor:
    """How many values `x` holds, as an int32 tensor. Mirrors `keras.ops.size`."""
    return array_ops.size(convert_to_tensor(x))


def ndim(x) -> int:
    """`x`'s rank, a Python int. Mirrors `keras.ops.ndim`."""
    return convert_to_tensor(x).ndim
