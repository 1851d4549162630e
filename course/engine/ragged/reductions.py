"""`tf.reduce_sum/mean/max/min` of a RaggedTensor, along any axis TF allows.

    >>> rt = tf.ragged.constant([[1, 2, 3], [4], []])
    >>> tf.reduce_sum(rt, axis=1)
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([6, 4, 0], dtype=int32)>
    >>> tf.reduce_sum(rt, axis=0)
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([5, 2, 3], dtype=int32)>

Reducing along the rows or the ragged dimension pads the rows with the
reduction's identity (0 for a sum, the dtype's lowest value for a max: what
TF gives for an empty row) and reduces the dense tensor. Deeper axes reduce
the values and keep the rows. A mean is a sum divided by a count of values
(an empty row's mean is nan), ints averaged in float64 as TF does. All of it
is ordinary ops, so gradients reach flat_values.
"""
from __future__ import annotations

from .. import dtypes
from ..ops import array_ops as _array
from ..ops import math_ops as _math
from ..ops import reduce_ops as _reduce
from .conversion import to_tensor
from .ragged_tensor import RaggedTensor

__all__ = ["reduce"]

_DENSE = {"sum": _reduce.reduce_sum, "max": _reduce.reduce_max, "min": _reduce.reduce_min}


def _identity(kind: str, dtype: dtypes.DType):
    if kind == "sum":
        return 0
    return dtype.min if kind == "max" else dtype.max


def _axes(axis, rank: int) -> list:
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    out = []
    for a in axes:
        a = int(a)
        if not -rank <= a < rank:
            raise ValueError(f"axis={a} out of bounds: expected {-rank}<=axis<{rank}")
        out.append(a % rank)
    return sorted(set(out), reverse=True)   # the innermost first keeps the others' numbers


def reduce(kind: str, rt: RaggedTensor, axis, keepdims: bool):
    """tf.reduce_<kind>(rt, axis, keepdims) for kind in sum, mean, max, min."""
    if kind == "mean":
        if not rt.dtype.is_floating:
            # TF: a ragged mean of ints is float64
            rt = rt.with_flat_values(_array.cast(rt.flat_values, dtypes.float64))
        total = reduce("sum", rt, axis, keepdims)
        count = reduce("sum", rt.with_flat_values(_array.ones_like(rt.flat_values)), axis,
                       keepdims)
        return _math.truediv(total, count) if not isinstance(total, RaggedTensor) else \
            total.with_flat_values(_math.truediv(total.flat_values, count.flat_values))
    if axis is None:
        result = _DENSE[kind](rt.flat_values)
        if keepdims:
            raise NotImplementedError("tf.reduce_* of a RaggedTensor with keepdims=True and "
                                      "axis=None is not supported by this engine")
        return result
    axes = _axes(axis, rt.shape.rank)
    result = rt
    for a in axes:
        result = _one_axis(kind, result, a)
    if keepdims:
        if isinstance(result, RaggedTensor):
            raise NotImplementedError("tf.reduce_* of a RaggedTensor with keepdims=True and a "
                                      "ragged result is not supported by this engine")
        for a in sorted(axes):
            result = _array.expand_dims(result, a)
    return result


def _one_axis(kind: str, rt, axis: int):
    if not isinstance(rt, RaggedTensor):
        return _DENSE[kind](rt, axis=axis)
    if axis >= 2:   # inside the rows: reduce the values, keep the rows
        return rt.with_values(_one_axis(kind, rt.values, axis - 1))
    if rt.ragged_rank == 1:   # pad with the identity, then reduce the dense tensor
        dense = to_tensor(rt, _identity(kind, rt.dtype))
        return _DENSE[kind](dense, axis=axis)
    if axis == 1 and rt.ragged_rank == 2:   # each row is a ragged matrix: reduce its rows
        rows = [_one_axis(kind, rt[i], 0) for i in range(int(rt.nrows()))]
        lengths = [int(r.shape[0]) for r in rows]
        values = _array.concat(rows, axis=0) if rows else \
            _array.zeros_like(rt.flat_values[:0])
        return RaggedTensor.from_row_lengths(values, lengths)
    raise NotImplementedError(f"tf.reduce_* of a RaggedTensor with ragged_rank="
                              f"{rt.ragged_rank} along axis {axis} is not supported by this engine")
