"""`tf.sparse`: tensors stored as their nonzero entries (see ops/sparse_ops.py)."""
from ..ops.sparse_ops import SparseTensor, concat, from_dense, reorder, to_dense
from .. import unsupported as _unsupported

__all__ = ["SparseTensor", "to_dense", "from_dense", "reorder", "concat"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("sparse", __name__, name)
