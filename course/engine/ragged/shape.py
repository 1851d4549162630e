"""The shape of a ragged tensor: `tf.shape(rt)`, `tf.experimental.DynamicRaggedShape`, `RowPartition`.

    >>> rt = tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]])
    >>> print(tf.shape(rt))
    <DynamicRaggedShape lengths=[4, (1, 3, 0, 2)] num_row_partitions=1>
    >>> tf.shape(rt)[0]
    <tf.Tensor: shape=(), dtype=int32, numpy=4>

A dense tensor's shape is one vector of sizes. A ragged one is a list of row
partitions, one per ragged dimension (a `RowPartition`: row splits, as in
partition.py), then the `inner_shape` of the flat values: its first size is
the number of values, the others the dimensions every value has. `lengths`
writes it as TF prints it: a number for a uniform dimension, a tuple of row
lengths for a ragged one. Eager only (it reads the row splits' numbers).

`tf.zeros`, `ones`, `fill` and `reshape` given a DynamicRaggedShape make the
flat values of its `inner_shape` and cut them by its row partitions, as TF.

Read next: tile.py (`tf.tile` of a RaggedTensor).
"""
from __future__ import annotations

import functools

import numpy as np

from .. import dtypes
from ..ops import array_ops as _array
from ..ops import creation_ops as _creation
from ..tensor import Tensor, convert_to_tensor
from . import partition as _p
from .ragged_tensor import RaggedTensor

__all__ = ["RowPartition", "DynamicRaggedShape", "shape_of", "zeros", "ones", "fill", "reshape"]


class RowPartition:
    """How one ragged dimension cuts values into rows (its row splits). Mirrors
    `tf.experimental.RowPartition`.

    >>> tf.experimental.RowPartition.from_row_lengths([5, 3, 2])
    tf.RowPartition(row_splits=[ 0  5  8 10])
    """

    def __init__(self, row_splits: Tensor, internal: bool = False):
        if not internal:
            raise ValueError("RowPartition constructor is private; please use one of the "
                             "factory methods instead (e.g., RowPartition.from_row_lengths())")
        self._row_splits = row_splits

    @classmethod
    def from_row_splits(cls, row_splits, validate: bool = True, dtype=None) -> "RowPartition":
        splits = _p.as_splits(row_splits)
        numbers = _p.numbers(splits)
        if validate:
            _p.check_splits(numbers, int(numbers[-1]) if numbers.size else 0, "from_row_splits")
        return cls(_cast(splits, dtype), internal=True)

    @classmethod
    def from_row_lengths(cls, row_lengths, validate: bool = True, dtype=None) -> "RowPartition":
        lengths = _p.as_splits(row_lengths, "row_lengths")
        numbers = _p.numbers(lengths)
        if validate and (numbers < 0).any():
            raise _p.invalid("Arguments to from_row_lengths do not form a valid RowPartition",
                             "row_lengths must be non-negative")
        splits = convert_to_tensor(_p.splits_from_lengths(numbers), lengths.dtype)
        return cls(_cast(splits, dtype), internal=True)

    @classmethod
    def from_uniform_row_length(cls, uniform_row_length, nvals=None, nrows=None,
                                validate: bool = True, dtype=None) -> "RowPartition":
        length = int(_p.numbers(convert_to_tensor(uniform_row_length)))
        if nrows is None:
            nrows = int(_p.numbers(convert_to_tensor(nvals))) // length if length else 0
        splits = np.arange(int(nrows) + 1, dtype=np.int64) * length
        return cls(_cast(convert_to_tensor(splits, dtypes.int64), dtype), internal=True)

    @property
    def dtype(self) -> dtypes.DType:
        return self._row_splits.dtype

    @property
    def static_nrows(self) -> int:
        return self._row_splits.shape[0] - 1

    def row_splits(self) -> Tensor:
        return self._row_splits

    def row_lengths(self) -> Tensor:
        splits = _p.numbers(self._row_splits)
        return convert_to_tensor(np.diff(splits), self.dtype)

    def nrows(self) -> Tensor:
        return convert_to_tensor(self.static_nrows, self.dtype)

    def nvals(self) -> Tensor:
        return convert_to_tensor(_p.numbers(self._row_splits)[-1], self.dtype)

    def with_dtype(self, dtype) -> "RowPartition":
        return RowPartition(_cast(self._row_splits, dtype), internal=True)

    def _lengths(self) -> tuple:
        return tuple(int(n) for n in np.diff(_p.numbers(self._row_splits)))

    def __repr__(self) -> str:
        return f"tf.RowPartition(row_splits={_p.numbers(self._row_splits)})"


def _cast(splits: Tensor, dtype) -> Tensor:
    if dtype is None or dtypes.as_dtype(dtype) == splits.dtype:
        return splits
    return convert_to_tensor(_p.numbers(splits).astype(dtypes.as_dtype(dtype)._np), dtype)


class DynamicRaggedShape:
    """The shape of a (ragged) tensor: row partitions, then the flat values' shape. Mirrors
    `tf.experimental.DynamicRaggedShape` (what `tf.shape(rt)` returns).

    >>> tf.experimental.DynamicRaggedShape.from_lengths([4, (2, 1, 0, 8), 12])
    <DynamicRaggedShape lengths=[4, (2, 1, 0, 8), 12] num_row_partitions=1>
    """

    def __init__(self, row_partitions, inner_shape, dtype=None, validate: bool = True,
                 static_inner_shape=None):
        row_partitions = tuple(row_partitions)
        if not all(isinstance(rp, RowPartition) for rp in row_partitions):
            raise TypeError("row_partitions must be a list of RowPartitions")
        if dtype is None:
            dtype = row_partitions[0].dtype if row_partitions else \
                (inner_shape.dtype if isinstance(inner_shape, Tensor) else dtypes.int64)
        dtype = dtypes.as_dtype(dtype)
        inner = np.asarray(_p.numbers(convert_to_tensor(inner_shape, dtype)), np.int64)
        if inner.ndim != 1:
            raise ValueError(f"inner_shape must be a vector, got shape {list(inner.shape)}")
        if row_partitions and not inner.size:
            raise ValueError("inner_shape must have at least one dimension when there are "
                             "row partitions")
        for outer, inner_rp in zip(row_partitions, row_partitions[1:]):
            if int(_p.numbers(outer._row_splits)[-1]) != inner_rp.static_nrows:
                raise ValueError("Shape not consistent.")
        if validate and row_partitions and \
                int(_p.numbers(row_partitions[-1]._row_splits)[-1]) != int(inner[0]):
            raise ValueError("Shape not consistent.")
        self._row_partitions = tuple(rp.with_dtype(dtype) for rp in row_partitions)
        self._inner_shape = convert_to_tensor(inner.astype(dtype._np), dtype)
        self._dtype = dtype

    @classmethod
    def from_lengths(cls, lengths, num_row_partitions=None, dtype=dtypes.int64):
        """A shape from its sizes: a number per uniform dimension, a tuple of row lengths per
        ragged one (each tuple as long as the dimensions before it hold elements)."""
        lengths = list(lengths)
        if not lengths:
            return cls([], [], dtype)
        if isinstance(lengths[0], (tuple, list)):
            raise ValueError("The first dimension of a DynamicRaggedShape must be uniform")
        ragged = [i for i, d in enumerate(lengths) if isinstance(d, (tuple, list))]
        if num_row_partitions is None:
            num_row_partitions = ragged[-1] if ragged else 0
        partitions, size = [], int(lengths[0])
        for d in lengths[1:num_row_partitions + 1]:
            if isinstance(d, (tuple, list)):
                if len(d) != size:
                    raise ValueError("Shape not consistent.")
                rp = RowPartition.from_row_lengths(np.asarray(d, np.int64), dtype=dtype)
            else:
                rp = RowPartition.from_uniform_row_length(int(d), nrows=size, dtype=dtype)
            partitions.append(rp)
            size = int(_p.numbers(rp._row_splits)[-1])
        rest = lengths[num_row_partitions + 1:]
        if any(isinstance(d, (tuple, list)) for d in rest):
            raise ValueError("num_row_partitions is too small for the ragged dimensions")
        return cls(partitions, [size] + [int(d) for d in rest], dtype)

    @classmethod
    def from_tensor(cls, t, dtype=None) -> "DynamicRaggedShape":
        """The shape of a tensor or RaggedTensor (int64 unless `dtype` says otherwise)."""
        dtype = dtypes.as_dtype(dtype or dtypes.int64)
        if isinstance(t, RaggedTensor):
            partitions = [RowPartition(s, internal=True) for s in t.nested_row_splits]
            return cls(partitions, t.flat_values.shape.as_list(), dtype)
        t = t if isinstance(t, Tensor) else convert_to_tensor(t)
        return cls([], t.shape.as_list(), dtype)

    # -- what it is made of ---------------------------------------------------------------------
    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    @property
    def row_partitions(self) -> tuple:
        return self._row_partitions

    @property
    def num_row_partitions(self) -> int:
        return len(self._row_partitions)

    @property
    def inner_shape(self) -> Tensor:
        return self._inner_shape

    @property
    def rank(self) -> int:
        return self.num_row_partitions + int(self._inner_shape.shape[0])

    def _lengths(self) -> list:
        inner = [int(d) for d in _p.numbers(self._inner_shape)]
        if not self._row_partitions:
            return inner
        first = self._row_partitions[0].static_nrows
        return [first] + [rp._lengths() for rp in self._row_partitions] + inner[1:]

    def __getitem__(self, index):
        """One dimension's size (a scalar tensor; ValueError for a ragged one), or the shape of
        the leading dimensions (`shape[:k]`)."""
        if isinstance(index, slice):
            return self._prefix(index)
        index = int(index)
        lengths = self._lengths()
        if index < 0:
            index += len(lengths)
        if not 0 <= index < len(lengths):
            raise IndexError(f"Index {index} out of range for a shape of rank {len(lengths)}")
        if isinstance(lengths[index], tuple):
            raise ValueError(f"Index {index} is not uniform")
        return convert_to_tensor(lengths[index], self._dtype)

    def _prefix(self, key: slice) -> "DynamicRaggedShape":
        if key.start not in (None, 0) or key.step not in (None, 1):
            raise NotImplementedError("DynamicRaggedShape slices other than shape[:k] are not "
                                      "supported by this engine")
        lengths = self._lengths()
        stop = len(lengths) if key.stop is None else key.stop
        stop = max(0, min(len(lengths), stop + len(lengths) if stop < 0 else stop))
        if stop <= self.num_row_partitions:   # (the ragged dimensions after the cut go)
            keep = self._row_partitions[:max(stop - 1, 0)]
            size = self._row_partitions[stop - 2]._row_splits if stop >= 2 else None
            inner = [] if stop == 0 else \
                [self._row_partitions[0].static_nrows if size is None else
                 int(_p.numbers(size)[-1])]
            return DynamicRaggedShape(keep, inner, self._dtype)
        inner = _p.numbers(self._inner_shape)[:stop - self.num_row_partitions]
        return DynamicRaggedShape(self._row_partitions, inner, self._dtype)

    def __repr__(self) -> str:
        return (f"<DynamicRaggedShape lengths={_text(self._lengths())} "
                f"num_row_partitions={self.num_row_partitions}>")

    __str__ = __repr__


def _text(lengths: list) -> str:
    return "[" + ", ".join(repr(d) for d in lengths) + "]"


def shape_of(rt: RaggedTensor, out_type=dtypes.int32) -> DynamicRaggedShape:
    """`tf.shape(rt)`: the DynamicRaggedShape, its numbers of dtype `out_type` (int32 default)."""
    return DynamicRaggedShape.from_tensor(rt, out_type)


def _ragged_like(shape: DynamicRaggedShape, values):
    """`values` (of the shape's inner_shape) cut into rows by its row partitions."""
    for rp in reversed(shape.row_partitions):
        values = RaggedTensor(values, rp.row_splits(), internal=True)
    return values


def _taking_ragged_shape(fn, position: int, keyword: str):
    """`fn`, whose shape argument (at `position`, or `keyword`) may be a DynamicRaggedShape.
    The plain function runs first: only when it refuses the shape does this path run."""
    @functools.wraps(fn)
    def op(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (TypeError, ValueError):
            given = args[position] if len(args) > position else kwargs.get(keyword)
            if not isinstance(given, DynamicRaggedShape):
                raise
        inner = [int(d) for d in _p.numbers(given.inner_shape)]
        if len(args) > position:
            args = args[:position] + (inner,) + args[position + 1:]
        else:
            kwargs = dict(kwargs, **{keyword: inner})
        return _ragged_like(given, fn(*args, **kwargs))
    return op


zeros = _taking_ragged_shape(_creation.zeros, 0, "shape")
ones = _taking_ragged_shape(_creation.ones, 0, "shape")
fill = _taking_ragged_shape(_creation.fill, 0, "dims")
reshape = _taking_ragged_shape(_array.reshape, 1, "shape")
