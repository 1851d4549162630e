"""Dense <-> ragged: `rt.to_tensor()` and `tf.RaggedTensor.from_tensor()`.

    >>> rt = tf.ragged.constant([[1, 2], [3]])
    >>> rt.to_tensor(default_value=9).numpy().tolist()
    [[1, 2], [3, 9]]
    >>> tf.RaggedTensor.from_tensor([[1, 2], [3, 9]], padding=9)
    <tf.RaggedTensor [[1, 2], [3]]>

Both are ordinary gathers: `to_tensor` gathers each position of the padded
tensor from the values (or from one extra row holding the default value), and
`from_tensor` gathers the positions it keeps. The index arrays come from the
row splits, so the tape records one `GatherV2` and gradients reach the values.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..tensor import Tensor, TensorShape, convert_to_tensor
from ..ops import array_ops as _array
from ..ops import creation_ops as _creation
from ..ops import index_ops as _index
from ..ops import math_ops as _math
from ..ops import reduce_ops as _reduce
from . import partition as _p
from .ragged_tensor import RaggedTensor

__all__ = ["to_tensor", "from_tensor", "to_sparse", "from_sparse"]


def _default(default_value, dtype: dtypes.DType) -> Tensor:
    if default_value is None:
        default_value = b"" if dtype == dtypes.string else (False if dtype == dtypes.bool else 0)
    return convert_to_tensor(default_value, dtype=dtype)


def to_tensor(rt: RaggedTensor, default_value=None, shape=None) -> Tensor:
    """The padded dense tensor; `shape` (None for "as needed") crops or pads further."""
    shape = None if shape is None else TensorShape(shape).as_list()
    if shape is not None and len(shape) != rt.shape.rank:
        raise ValueError(f"shape {shape} must have rank {rt.shape.rank}, as the RaggedTensor has")
    inner_shape = None if shape is None else [None] + shape[2:]
    values = rt.values
    if isinstance(values, RaggedTensor):   # the inner ragged dimensions first, then these rows
        values = to_tensor(values, default_value, inner_shape)
    elif inner_shape is not None:
        for want, have in zip(shape[2:], values.shape.as_list()[1:]):
            if want is not None and want != have:
                raise ValueError(f"Cannot change the inner dimensions of a RaggedTensor's values "
                                 f"({values.shape}) in to_tensor(shape={shape})")
    if shape is None:
        return _gather_padded(values, rt.row_splits, _default(default_value, rt.dtype))
    splits = rt._splits()
    lengths = np.diff(splits)
    nrows = len(lengths) if shape is None or shape[0] is None else shape[0]
    ncols = (int(lengths.max()) if lengths.size else 0) if shape is None or shape[1] is None \
        else shape[1]
    # index len(values) is the extra row that holds the default value
    nvals = int(splits[-1])
    index = np.full((nrows, ncols), nvals, dtype=np.int64)
    rows = np.repeat(np.arange(len(lengths)), lengths)
    cols = np.arange(nvals) - splits[:-1][rows]
    keep = (rows < nrows) & (cols < ncols)
    index[rows[keep], cols[keep]] = np.arange(nvals)[keep]
    inner = values.shape.as_list()[1:]
    fill = _array.broadcast_to(_default(default_value, rt.dtype), inner)
    padded = _array.concat([values, _array.expand_dims(fill, 0)], axis=0)
    return _index.gather(padded, convert_to_tensor(index))


def _gather_padded(values: Tensor, splits: Tensor, default: Tensor) -> Tensor:
    """The rows as long as the longest, padded with `default`; made of ops only, so it works on
    the graph tensors a tf.function gives too. Position (i, j) gathers value `starts[i] + j`
    where `j < lengths[i]`, else value `nvals`: one extra row holding the default.

    >>> _gather_padded(tf.constant([1, 2, 3]), tf.constant([0, 2, 3], tf.int64), tf.constant(0))
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=array([[1, 2], [3, 0]], dtype=int32)>
    """
    starts, limits = splits[:-1], splits[1:]
    lengths = _math.subtract(limits, starts)
    zero = _array.zeros_like(splits[:1])
    ncols = _reduce.reduce_max(_array.concat([lengths, zero], axis=0))   # (0 with no rows)
    cols = _array.expand_dims(_creation.range(ncols, dtype=splits.dtype), 0)
    inside = _math.less(cols, _array.expand_dims(lengths, 1))
    index = _index.where(inside, _math.add(_array.expand_dims(starts, 1), cols),
                         _array.broadcast_to(splits[-1], _array.shape(inside, splits.dtype)))
    fill = _array.broadcast_to(default, _array.shape(values)[1:])
    padded = _array.concat([values, _array.expand_dims(fill, 0)], axis=0)
    return _index.gather(padded, index)


def from_tensor(tensor, lengths=None, padding=None, ragged_rank: int = 1,
                row_splits_dtype=dtypes.int64) -> RaggedTensor:
    """The rows of `tensor`, each cut at its length or before its trailing `padding`."""
    tensor = tensor if isinstance(tensor, Tensor) else convert_to_tensor(tensor)
    if lengths is not None and padding is not None:
        raise ValueError("Specify argument `lengths` or `padding`, but not both.")
    rank = tensor.shape.rank
    if rank is not None and rank < 2:
        raise ValueError("The rank of a RaggedTensor must be greater than 1, i.e., a list of "
                         "scalars won't have ragged dimensions. Received argument `tensor` with "
                         f"rank {rank}.")
    if not isinstance(ragged_rank, int) or not 0 < ragged_rank < rank:
        raise ValueError(f"ragged_rank must be greater than 0 and less than the rank of `tensor` "
                         f"({rank}); got {ragged_rank}")
    row_splits_dtype = dtypes.as_dtype(row_splits_dtype)
    dims = tensor.shape.as_list()
    if ragged_rank > 1:
        if lengths is not None or padding is not None:
            raise NotImplementedError("RaggedTensor.from_tensor with ragged_rank > 1 supports "
                                      "neither `lengths` nor `padding` in this engine")
        flat = _array.reshape(tensor, [dims[0] * dims[1]] + dims[2:])
        inner = from_tensor(flat, ragged_rank=ragged_rank - 1, row_splits_dtype=row_splits_dtype)
        return _uniform_rows(inner, dims[0], dims[1], row_splits_dtype)
    nrows, ncols = dims[0], dims[1]
    if lengths is not None:
        row_lengths = np.minimum(_p.numbers(_p.as_splits(lengths, "lengths")), ncols)
    elif padding is not None:
        padding = convert_to_tensor(padding, dtype=tensor.dtype)
        if padding.shape.as_list() != dims[2:]:
            raise ValueError(f"Shapes {padding.shape} and {TensorShape(dims[2:])} are incompatible")
        is_pad = _p.numbers(tensor) == _p.numbers(padding)
        is_pad = is_pad.reshape(nrows, ncols, -1).all(axis=2)
        # a row's length: up to its last element that is not padding
        not_pad = ~is_pad
        last = ncols - np.argmax(not_pad[:, ::-1], axis=1)
        row_lengths = np.where(not_pad.any(axis=1), last, 0)
    else:   # every row whole: TF then knows the rows' length (shape [nrows, ncols])
        flat = _array.reshape(tensor, [nrows * ncols] + dims[2:])
        return _uniform_rows(flat, nrows, ncols, row_splits_dtype)
    kept = np.concatenate([np.arange(n) + i * ncols for i, n in enumerate(row_lengths)]
                          + [np.zeros(0, np.int64)]).astype(np.int64)
    flat = _array.reshape(tensor, [nrows * ncols] + dims[2:])
    values = _index.gather(flat, convert_to_tensor(kept))
    splits = np.concatenate([[0], np.cumsum(row_lengths)]).astype(row_splits_dtype._np)
    return RaggedTensor(values, convert_to_tensor(splits, row_splits_dtype), internal=True)


def _uniform_rows(values, nrows: int, ncols: int, splits_dtype) -> RaggedTensor:
    splits = np.arange(nrows + 1) * ncols
    return RaggedTensor(values, convert_to_tensor(splits.astype(splits_dtype._np), splits_dtype),
                        internal=True, uniform_row_length=ncols)


def to_sparse(rt: RaggedTensor):
    """A tf.SparseTensor with one entry per value: its row, then its place in each ragged row."""
    from ..ops.sparse_ops import SparseTensor
    if rt.flat_values.shape.rank != 1:
        raise NotImplementedError("RaggedTensor.to_sparse of values with inner dimensions is not "
                                  "supported by this engine")
    nvals = rt.flat_values.shape[0]
    columns, owner = [], np.arange(nvals)   # owner: which row of this level holds each value
    for splits in reversed(rt.nested_row_splits):
        splits = _p.numbers(splits)
        rows = np.repeat(np.arange(len(splits) - 1), np.diff(splits))[owner]
        columns.insert(0, owner - splits[rows])
        owner = rows
    indices = np.stack([owner] + columns, axis=1).astype(np.int64) if nvals else \
        np.zeros((0, rt.ragged_rank + 1), np.int64)
    return SparseTensor(indices, rt.flat_values, rt.bounding_shape(out_type=dtypes.int64))


def from_sparse(st, row_splits_dtype=dtypes.int64) -> RaggedTensor:
    """The rows of a 2-D tf.SparseTensor: row i holds the values whose index starts with i."""
    shape = _p.numbers(st.dense_shape)
    if shape.shape[0] != 2:
        raise ValueError("rank(st_input) must be 2.")
    rows = _p.numbers(st.indices)[:, 0]
    return RaggedTensor.from_value_rowids(st.values, rows.astype(np.int64), nrows=int(shape[0]))
