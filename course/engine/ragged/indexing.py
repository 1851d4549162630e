"""`rt[...]`: indexing a RaggedTensor as TF does.

    >>> rt = tf.ragged.constant([[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]])
    >>> rt[1]                   # one row: a Tensor
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([4, 5], dtype=int32)>
    >>> rt[1:3]                 # some rows: a RaggedTensor
    <tf.RaggedTensor [[4, 5], [6, 7, 8]]>
    >>> rt[:, :2]               # the first two values of every row
    <tf.RaggedTensor [[0, 1], [4, 5], [6, 7], [9]]>

A slice of a ragged dimension works row by row; one index into it does not
(rows may be too short), which TF refuses with "Cannot index into an inner
ragged dimension." Selected positions are gathered, so gradients flow.
"""
from __future__ import annotations

import numpy as np

from ..tensor import Tensor, convert_to_tensor
from . import partition as _p
from .ragged_tensor import RaggedTensor, _gather_rows

__all__ = ["getitem"]

_INNER = "Cannot index into an inner ragged dimension."


def _key(key, rank: int) -> tuple:
    key = key if isinstance(key, tuple) else (key,)
    out = []
    for k in key:
        if isinstance(k, Tensor) and k.shape.rank == 0:
            k = int(_p.numbers(k))
        elif k is None or isinstance(k, (Tensor, list, np.ndarray)):
            raise NotImplementedError(f"indexing a tf.RaggedTensor with {k!r} is not supported "
                                      "by this engine: use ints and slices")
        out.append(k)
    if Ellipsis in out:
        at = out.index(Ellipsis)
        out[at:at + 1] = [slice(None)] * (rank - len(out) + 1)
    return tuple(out)


def getitem(rt: RaggedTensor, key):
    """rt[key] for ints, slices and `...` (TF's rules, see the module docstring)."""
    key = _key(key, rt.shape.rank)
    if not key:
        return rt
    first, rest = key[0], key[1:]
    splits = rt._splits()
    nrows = len(splits) - 1
    if isinstance(first, slice):
        rows = np.arange(nrows)[first]
        picked = _take_rows(rt, rows)
        return _inner(picked, rest) if rest else picked
    row = int(first)
    if not -nrows <= row < nrows:
        raise IndexError(f"Row key {first} out of bounds")
    row %= nrows
    values = rt.values[int(splits[row]):int(splits[row + 1])]
    return values[rest] if rest else values


def _take_rows(rt: RaggedTensor, rows: np.ndarray) -> RaggedTensor:
    splits = rt._splits()
    if rows.size and np.all(np.diff(rows) == 1):   # consecutive rows: one slice of the values
        start, stop = int(splits[rows[0]]), int(splits[rows[-1] + 1])
        new_splits = splits[rows[0]:rows[-1] + 2] - start
        values = rt.values[start:stop]
    else:
        starts, ends = splits[rows], splits[rows + 1]
        positions = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)]
                                   + [np.zeros(0, np.int64)]).astype(np.int64)
        new_splits = np.concatenate([[0], np.cumsum(ends - starts)])
        values = _gather_rows(rt.values, positions)
    return RaggedTensor(values, convert_to_tensor(new_splits.astype(splits.dtype),
                                                  rt.row_splits_dtype), internal=True,
                        uniform_row_length=rt._uniform)


def _inner(rt: RaggedTensor, key: tuple) -> RaggedTensor:
    """rt[:, key...]: `key[0]` slices every row; the rest indexes inside the values."""
    first, rest = key[0], key[1:]
    if not isinstance(first, slice):
        raise ValueError(_INNER)
    splits = rt._splits()
    positions, lengths = [], []
    for start, end in zip(splits[:-1], splits[1:]):
        kept = np.arange(start, end)[first]
        positions.append(kept)
        lengths.append(len(kept))
    positions = np.concatenate(positions + [np.zeros(0, np.int64)]).astype(np.int64)
    values = _gather_rows(rt.values, positions)
    if rest:
        values = getitem(values, (slice(None),) + rest) if isinstance(values, RaggedTensor) \
            else values[(slice(None),) + rest]
    if rt._uniform is not None:   # equally long rows stay equally long (TF keeps the size)
        return RaggedTensor.from_uniform_row_length(values, len(range(rt._uniform)[first]),
                                                    nrows=len(lengths))
    return RaggedTensor.from_row_lengths(
        values, convert_to_tensor(np.array(lengths, np.int64), rt.row_splits_dtype))
