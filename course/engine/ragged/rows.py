"""Row arithmetic built from ops, so it works on the graph tensors of a tf.function too.

    >>> rt = tf.ragged.constant([[1, 2], [3], [4, 5, 6]])
    >>> reverse_in_rows(rt)
    <tf.RaggedTensor [[2, 1], [3], [6, 5, 4]]>
    >>> concat_in_rows([rt, reverse_in_rows(rt)])
    <tf.RaggedTensor [[1, 2, 2, 1], [3, 3], [4, 5, 6, 6, 5, 4]]>

Eager code may read row splits as numbers (partition.py); inside tf.function
they are graph tensors, so these ragged_rank-1 operations compute every index
with ops instead, and end in one gather of the values (gradients reach them):

- the row of value j is how many row limits are <= j (`_value_rowids`);
- reversing inside the rows takes value `start + limit - 1 - j` of j's row;
- joining the rows of several inputs adds their row splits (each row as long
  as the sum of its pieces); position q of a new row comes from the input
  whose piece covers q.

Read next: concat.py (which uses `concat_in_rows`).
"""
from __future__ import annotations

from ..ops import array_ops as _array
from ..ops import creation_ops as _creation
from ..ops import index_ops as _index
from ..ops import math_ops as _math
from ..ops import reduce_ops as _reduce
from .ragged_tensor import RaggedTensor

__all__ = ["reverse_in_rows", "concat_in_rows"]


def _value_rowids(splits, nvals):
    """The row of each of `nvals` values: [0, 2, 2, 3] gives [0, 0, 2]."""
    positions = _array.expand_dims(_creation.range(nvals, dtype=splits.dtype), 1)
    passed = _math.less_equal(_array.expand_dims(splits[1:], 0), positions)
    return _reduce.reduce_sum(_array.cast(passed, splits.dtype), axis=1)


def reverse_in_rows(rt: RaggedTensor) -> RaggedTensor:
    """tf.reverse(rt, [1]) for ragged_rank 1: each row's values in reverse order."""
    splits = rt.row_splits
    nvals = splits[-1]
    rows = _value_rowids(splits, nvals)
    j = _creation.range(nvals, dtype=splits.dtype)
    ends = _math.add(_index.gather(splits[:-1], rows), _index.gather(splits[1:], rows))
    index = _math.subtract(_math.subtract(ends, 1), j)
    return RaggedTensor(_index.gather(rt.values, index), splits, internal=True)


def concat_in_rows(rts: list) -> RaggedTensor:
    """tf.concat(rts, axis=1) for ragged_rank-1 inputs with the same number of rows."""
    splits_dtype = rts[0].row_splits_dtype
    splits = [_array.cast(rt.row_splits, splits_dtype) for rt in rts]
    new_splits = splits[0]
    for s in splits[1:]:
        new_splits = _math.add(new_splits, s)
    total = new_splits[-1]
    rows = _value_rowids(new_splits, total)
    q = _math.subtract(_creation.range(total, dtype=splits_dtype),
                       _index.gather(new_splits[:-1], rows))   # position inside the new row
    index = _array.zeros_like(q)
    before = _array.zeros_like(q)   # the new row's values that come from earlier inputs
    base = _array.zeros_like(splits[0][-1])   # where this input's values start in `joined`
    for s in splits:
        length = _index.gather(_math.subtract(s[1:], s[:-1]), rows)
        mine = _math.logical_and(_math.greater_equal(q, before),
                                 _math.less(q, _math.add(before, length)))
        source = _math.add(_math.add(base, _index.gather(s[:-1], rows)),
                           _math.subtract(q, before))
        index = _index.where(mine, source, index)
        before = _math.add(before, length)
        base = _math.add(base, s[-1])
    joined = _array.concat([rt.values for rt in rts], axis=0)
    return RaggedTensor(_index.gather(joined, index), new_splits, internal=True)
