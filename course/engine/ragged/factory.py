"""Making ragged tensors: `tf.ragged.constant`, `tf.ragged.range`, `tf.ragged.boolean_mask`.

    >>> tf.ragged.constant([[1, 2, 3], [4]])
    <tf.RaggedTensor [[1, 2, 3], [4]]>

`constant` walks the nested lists once to find how deep the numbers sit
(every number must sit at the same depth), concatenates the rows level by
level into row splits, and gives the innermost list to `tf.constant`, so
the values get tf.constant's dtype rules (ints -> int32, floats -> float32).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..tensor import Tensor, constant as _constant, convert_to_tensor
from ..ops import index_ops as _index
from . import partition as _p
from .ragged_tensor import RaggedTensor

__all__ = ["constant", "range", "boolean_mask"]


def _is_list(x) -> bool:
    return isinstance(x, (list, tuple)) or np.ndim(x) != 0


def _depths(pylist) -> tuple:
    """(depth of the scalars or None if there are none, depth of the deepest list)."""
    if not _is_list(pylist):
        return 0, 0
    scalar_depth, max_depth = None, 1
    for item in pylist:
        item_scalar, item_max = _depths(item)
        if item_scalar is not None:
            if scalar_depth is not None and scalar_depth != item_scalar + 1:
                raise ValueError("all scalar values must have the same nesting depth")
            scalar_depth = item_scalar + 1
        max_depth = max(max_depth, item_max + 1)
    return scalar_depth, max_depth


def _inner_shape(items: list, ragged_rank: int) -> tuple:
    """The uniform shape below the ragged dimensions (TF checks every item has it)."""
    def shape_of(item):
        if not _is_list(item):
            return ()
        return (len(item),) + (shape_of(item[0]) if len(item) else ())

    def check(item, shape):
        if _is_list(item) != bool(shape) or (shape and shape[0] != len(item)):
            raise ValueError("inner values have inconsistent shape")
        for child in (item if shape else ()):
            check(child, shape[1:])

    for depth in builtins_range(ragged_rank):
        if not all(_is_list(v) for v in items):
            raise ValueError(f"pylist has scalar values depth {depth + 1}, but ragged_rank="
                             f"{ragged_rank} requires scalar value depth greater than {ragged_rank}")
        items = [x for v in items for x in v]
    shape = shape_of(items)
    check(items, shape)
    return shape[1:]


builtins_range = range  # (this module defines tf.ragged.range)


def constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None,
             row_splits_dtype=dtypes.int64):
    """A RaggedTensor from nested Python lists. Mirrors `tf.ragged.constant`.

    >>> tf.ragged.constant([[1.5], [], [2.0, 3.0]]).shape
    TensorShape([3, None])

    Lists nested only one deep give a plain Tensor, as in TF.
    """
    if isinstance(pylist, RaggedTensor):
        raise TypeError("pylist may not be a RaggedTensor or RaggedTensorValue.")
    if inner_shape is not None:
        raise NotImplementedError("tf.ragged.constant(inner_shape=...) is not supported by this "
                                  "engine; give ragged_rank instead")
    if not _is_list(pylist):
        if ragged_rank not in (None, 0):
            raise ValueError(f"Invalid pylist={pylist!r}: incompatible with ragged_rank="
                             f"{ragged_rank}")
        return _constant(pylist, dtype)
    if ragged_rank is not None and ragged_rank < 0:
        raise ValueError(f"Invalid ragged_rank={ragged_rank!r}: must be nonnegative")
    scalar_depth, max_depth = _depths(pylist)
    if scalar_depth is not None:
        if max_depth > scalar_depth:
            raise ValueError(f"Invalid pylist={pylist!r}: empty list nesting is greater than "
                             "scalar value nesting")
        if ragged_rank is not None and max_depth < ragged_rank:
            raise ValueError(f"Invalid pylist={pylist}, max depth smaller than "
                             f"ragged_rank={ragged_rank}")
    if ragged_rank == 0 or (ragged_rank is None and max_depth < 2):
        return _constant(pylist, dtype)
    if ragged_rank is None:
        shape = ()
        ragged_rank = max(1, (max_depth if scalar_depth is None else scalar_depth) - 1)
    else:
        shape = _inner_shape(list(pylist), ragged_rank)
    splits_dtype = dtypes.as_dtype(row_splits_dtype)
    nested_splits, items = [], list(pylist)
    for _ in builtins_range(ragged_rank):
        lengths = [len(row) for row in items]
        nested_splits.append(np.concatenate([[0], np.cumsum(lengths)]).astype(splits_dtype._np))
        items = [x for row in items for x in row]
    values = _constant(items, dtype) if items else \
        _constant(np.zeros((0,) + tuple(shape), (dtype or dtypes.float32).as_numpy_dtype), dtype)
    if items and values.shape.as_list()[1:] != list(shape):
        raise ValueError("inner values have inconsistent shape")
    for splits in reversed(nested_splits):
        values = RaggedTensor(values, convert_to_tensor(splits, splits_dtype), internal=True)
    return values


def range(starts, limits=None, deltas=1, dtype=None, name=None,  # noqa: A001 - TF's name
          row_splits_dtype=dtypes.int64) -> RaggedTensor:
    """Row `i` is `tf.range(starts[i], limits[i], deltas[i])`. Mirrors `tf.ragged.range`.

    >>> tf.ragged.range([3, 0, 2])
    <tf.RaggedTensor [[0, 1, 2], [], [0, 1]]>
    """
    if limits is None:
        starts, limits = 0, starts
    tensors = [x if isinstance(x, Tensor) else convert_to_tensor(x, dtype=dtype)
               for x in (starts, limits, deltas)]
    if dtype is not None:
        tensors = [convert_to_tensor(t, dtype=dtype) for t in tensors]
    # TF: without a dtype, the widest of int32 < int64 < float32 < float64 among the three
    order = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64]
    for t in tensors:
        if t.dtype not in order:
            raise TypeError(f"tf.ragged.range takes int32, int64, float32 or float64 bounds, "
                            f"got {t.dtype.name}")
    out_dtype = max((t.dtype for t in tensors), key=order.index)
    if any(t.shape.rank > 1 for t in tensors):
        raise ValueError("starts, limits and deltas of tf.ragged.range must be scalars or vectors")
    s, lim, d = np.broadcast_arrays(*[np.atleast_1d(_p.numbers(t)) for t in tensors]) \
        if any(t.shape.rank == 1 for t in tensors) else \
        [np.atleast_1d(_p.numbers(t)) for t in tensors]
    if np.any(d == 0):
        raise _p.invalid("Requires delta != 0", f"deltas: {d.tolist()}")
    rows = [np.arange(a, b, c, dtype=out_dtype.as_numpy_dtype) for a, b, c in zip(s, lim, d)]
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    values = np.concatenate(rows) if rows else np.zeros(0, out_dtype.as_numpy_dtype)
    splits_dtype = dtypes.as_dtype(row_splits_dtype)
    splits = np.concatenate([[0], np.cumsum(lengths)]).astype(splits_dtype._np)
    return RaggedTensor(convert_to_tensor(values, out_dtype), convert_to_tensor(splits, splits_dtype),
                        internal=True)


def boolean_mask(data, mask, name=None):
    """Keeps the elements where `mask` is True, row by row. Mirrors `tf.ragged.boolean_mask`.

    A rank-2 mask of a dense tensor gives ragged rows:

    >>> tf.ragged.boolean_mask([[1, 2], [3, 4]], [[True, False], [True, True]])
    <tf.RaggedTensor [[1], [3, 4]]>
    """
    if isinstance(data, RaggedTensor) or isinstance(mask, RaggedTensor):
        if not (isinstance(data, RaggedTensor) and isinstance(mask, RaggedTensor)) or \
                data.ragged_rank != 1 or mask.ragged_rank != 1 or \
                not np.array_equal(data._splits(), mask._splits()):
            raise NotImplementedError("tf.ragged.boolean_mask of a RaggedTensor supports here "
                                      "only a ragged mask with the same rows (ragged_rank 1)")
        keep = _p.numbers(mask.values)
        lengths = np.add.reduceat(keep, data._splits()[:-1]) if keep.size else \
            np.zeros(len(data._splits()) - 1, np.int64)
        lengths = np.where(np.diff(data._splits()) == 0, 0, lengths)
        values = _index.boolean_mask(data.values, mask.values)
        return RaggedTensor.from_row_lengths(values, lengths.astype(np.int64))
    data = data if isinstance(data, Tensor) else convert_to_tensor(data)
    mask = mask if isinstance(mask, Tensor) else convert_to_tensor(mask, dtype=dtypes.bool)
    if mask.shape.rank == 1:
        return _index.boolean_mask(data, mask)
    if mask.shape.rank != 2:
        raise NotImplementedError("tf.ragged.boolean_mask supports a mask of rank 1 or 2 here")
    keep = _p.numbers(mask)
    values = _index.boolean_mask(data, mask)
    return RaggedTensor.from_row_lengths(values, keep.sum(axis=1).astype(np.int64))
