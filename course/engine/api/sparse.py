"""`tf.sparse`: tensors stored as their nonzero entries (see ops/sparse_ops.py, sparse_math_ops.py)."""
from ..ops.sparse_ops import SparseTensor, concat, from_dense, reorder, to_dense
from ..ops.sparse_math_ops import (add, map_values, reduce_max, reduce_sum, slice, sparse_dense_matmul,
                                   transpose)
from .. import unsupported as _unsupported

__all__ = ["SparseTensor", "to_dense", "from_dense", "reorder", "concat", "add", "sparse_dense_matmul",
           "slice", "transpose", "reduce_max", "reduce_sum", "map_values"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("sparse", __name__, name)
