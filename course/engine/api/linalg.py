"""`tf.linalg`: matrix operations."""
from ..ops.math_ops import matmul
from ..ops.creation_ops import eye
from ..ops.linalg_ops import inv, solve, norm, einsum, tensordot
from .. import unsupported as _unsupported

# TF 2.21 has no tf.linalg.transpose (it has tf.transpose and tf.linalg.matrix_transpose).
__all__ = ["matmul", "eye", "inv", "solve", "norm", "einsum", "tensordot"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("linalg", __name__, name)
