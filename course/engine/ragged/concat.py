"""`tf.concat` and `tf.stack` of RaggedTensors, along the rows (axis 0) or inside them (axis 1).

    >>> a, b = tf.ragged.constant([[1, 2], [3]]), tf.ragged.constant([[7], [8, 9]])
    >>> tf.concat([a, b], axis=0)
    <tf.RaggedTensor [[1, 2], [3], [7], [8, 9]]>
    >>> tf.concat([a, b], axis=1)       # row i of each, one after the other
    <tf.RaggedTensor [[1, 2, 7],
     [3, 8, 9]]>

Along axis 0 the values are concatenated and the row splits shifted; along
axis 1 each new row gathers row i of every input (for ragged_rank 1 with ops
only, rows.py, so it also works inside tf.function). Dense inputs become ragged
first (`RaggedTensor.from_tensor`), as in TF.
"""
from __future__ import annotations

import numpy as np

from ..tensor import Tensor, convert_to_tensor
from ..ops import array_ops as _array
from . import partition as _p
from .indexing import _take_rows
from .ragged_tensor import RaggedTensor, _gather_rows
from .rows import concat_in_rows

__all__ = ["concat", "stack"]


def _as_ragged(values: list) -> list:
    ragged_rank = max(v.ragged_rank for v in values if isinstance(v, RaggedTensor))
    return [v if isinstance(v, RaggedTensor) else
            RaggedTensor.from_tensor(v if isinstance(v, Tensor) else convert_to_tensor(v),
                                     ragged_rank=ragged_rank) for v in values]


def _axis(axis, rank: int) -> int:
    axis = int(axis)
    if not -rank <= axis < rank:
        raise ValueError(f"axis={axis} out of bounds: expected {-rank}<=axis<{rank}")
    return axis % rank


def _rows_first(rts: list) -> RaggedTensor:
    """The rows of every input, one input after the other (concat along axis 0)."""
    if len(rts) == 1:
        return rts[0]
    values = [rt.values for rt in rts]
    joined = _rows_first(values) if isinstance(values[0], RaggedTensor) else \
        _array.concat(values, axis=0)
    splits, offset = [np.zeros(1, np.int64)], 0
    for rt in rts:
        s = rt._splits().astype(np.int64)
        splits.append(s[1:] + offset)
        offset += int(s[-1])
    return RaggedTensor(joined, convert_to_tensor(np.concatenate(splits), rts[0].row_splits_dtype),
                        internal=True)


def _same_nrows(rts: list) -> list:
    nrows = [len(rt._splits()) - 1 for rt in rts]
    for k, n in enumerate(nrows[1:], 1):
        if n != nrows[0]:
            raise _p.invalid(f"Input tensors at index 0 (=x) and {k} (=y) have incompatible "
                             "shapes.", f"they have {nrows[0]} and {n} rows")
    return nrows


def _same_static_nrows(rts: list) -> None:
    """_same_nrows from the shapes (a graph may not know them: then TF checks as it runs)."""
    nrows = [rt.shape[0] for rt in rts]
    for k, n in enumerate(nrows[1:], 1):
        if n is not None and nrows[0] is not None and n != nrows[0]:
            raise _p.invalid(f"Input tensors at index 0 (=x) and {k} (=y) have incompatible "
                             "shapes.", f"they have {nrows[0]} and {n} rows")


def _row_by_row(rts: list) -> RaggedTensor:
    """Row i is row i of every input, joined (concat along axis 1)."""
    nrows = _same_nrows(rts)
    joined = _rows_first([rt.values for rt in rts]) if isinstance(rts[0].values, RaggedTensor) \
        else _array.concat([rt.values for rt in rts], axis=0)
    offsets = np.cumsum([0] + [int(rt._splits()[-1]) for rt in rts])
    positions, lengths = [], []
    for i in range(nrows[0]):
        row = [np.arange(off + rt._splits()[i], off + rt._splits()[i + 1])
               for off, rt in zip(offsets, rts)]
        positions.extend(row)
        lengths.append(sum(len(r) for r in row))
    positions = np.concatenate(positions + [np.zeros(0, np.int64)]).astype(np.int64)
    return RaggedTensor.from_row_lengths(_gather_rows(joined, positions),
                                         convert_to_tensor(np.array(lengths, np.int64),
                                                           rts[0].row_splits_dtype))


def concat(values, axis) -> RaggedTensor:
    """tf.concat of a list holding at least one RaggedTensor."""
    rts = _as_ragged(list(values))
    axis = _axis(axis, rts[0].shape.rank)
    if axis == 0:
        return _rows_first(rts)
    if axis == 1 and all(rt.ragged_rank == 1 for rt in rts):
        _same_static_nrows(rts)
        return concat_in_rows(rts)   # (built from ops: works inside tf.function too)
    if axis == 1:
        return _row_by_row(rts)
    raise NotImplementedError(f"tf.concat of RaggedTensors along axis {axis} is not supported by "
                              "this engine (axis 0 and 1 are)")


def stack(values, axis=0) -> RaggedTensor:
    """tf.stack of a list holding at least one RaggedTensor: a new ragged dimension at `axis`."""
    rts = _as_ragged(list(values))
    axis = _axis(axis, rts[0].shape.rank + 1)
    nrows = [len(rt._splits()) - 1 for rt in rts]
    joined = _rows_first(rts)
    if axis == 0:
        return RaggedTensor.from_row_lengths(joined, np.array(nrows, np.int64))
    if axis == 1:
        _same_nrows(rts)
        starts = np.cumsum([0] + nrows[:-1])
        order = np.array([start + i for i in range(nrows[0]) for start in starts], np.int64)
        return RaggedTensor.from_row_lengths(_take_rows(joined, order),
                                             np.full(nrows[0], len(rts), np.int64))
    raise NotImplementedError(f"tf.stack of RaggedTensors along axis {axis} is not supported by "
                              "this engine (axis 0 and 1 are)")
