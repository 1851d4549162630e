"""`tf.experimental`: here only the ragged shape types (see ragged/shape.py).

    >>> tf.experimental.DynamicRaggedShape.from_lengths([2, (1, 3)])
    <DynamicRaggedShape lengths=[2, (1, 3)] num_row_partitions=1>
"""
from ..ragged.shape import DynamicRaggedShape, RowPartition
from .. import unsupported as _unsupported

__all__ = ["DynamicRaggedShape", "RowPartition"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("experimental", __name__, name)
