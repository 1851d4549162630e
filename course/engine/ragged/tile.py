"""`tf.tile` of a RaggedTensor: each row repeated along the ragged axis, the rows repeated.

    >>> print(tf.tile(tf.ragged.constant([[3, 1], [], [5]]), [2, 2]))
    <tf.RaggedTensor [[3, 1, 3, 1], [], [5, 5], [3, 1, 3, 1], [], [5, 5]]>

As TF: `multiples[1]` repeats each row's values inside the row, `multiples[0]`
repeats the whole list of rows, and further multiples tile the values' inner
dimensions (a dense tf.tile). The result's values are one gather from the
input's values (indices computed from the row splits), so gradients reach
`flat_values`. Eager only, ragged_rank 1 (more is NotImplementedError).
"""
from __future__ import annotations

import numpy as np

from ..ops import array_ops as _array
from ..ops import index_ops as _index
from ..tensor import convert_to_tensor
from . import partition as _p
from .ragged_tensor import RaggedTensor

__all__ = ["tile"]


def tile(rt: RaggedTensor, multiples) -> RaggedTensor:
    """tf.tile(rt, multiples) for a RaggedTensor of ragged_rank 1."""
    m = [int(x) for x in np.asarray(_p.numbers(convert_to_tensor(multiples))).reshape(-1)]
    if len(m) != rt.shape.rank:
        raise ValueError(f"multiples must have {rt.shape.rank} elements (the RaggedTensor's "
                         f"rank), got {len(m)}")
    if any(x < 0 for x in m):
        raise ValueError(f"multiples must be non-negative, got {m}")
    if rt.ragged_rank != 1:
        raise NotImplementedError("tf.tile of a RaggedTensor with ragged_rank > 1 is not "
                                  "supported by this engine")
    splits = rt._splits()
    rows = [np.tile(np.arange(splits[i], splits[i + 1]), m[1]) for i in range(len(splits) - 1)]
    index = np.concatenate(rows * m[0]) if rows and m[0] else np.zeros(0, np.int64)
    lengths = np.tile(np.diff(splits) * m[1], m[0])
    values = _index.gather(rt.values, convert_to_tensor(index.astype(np.int64)))
    if len(m) > 2 and any(x != 1 for x in m[2:]):
        values = _array.tile(values, [1] + m[2:])
    new_splits = _p.splits_from_lengths(lengths).astype(splits.dtype)
    return RaggedTensor(values, convert_to_tensor(new_splits, rt.row_splits_dtype), internal=True)
