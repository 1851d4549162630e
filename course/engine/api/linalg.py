"""`tf.linalg`: matrix operations."""
from ..ops.math_ops import matmul
from ..ops.creation_ops import eye
from ..ops.linalg_ops import inv, solve, norm, einsum, tensordot
from ..ops.matrix_ops import (diag, diag_part, set_diag, band_part, trace, matrix_transpose,
                              adjoint, matvec, cross, l2_normalize)
from ..ops.decompositions import (svd, qr, cholesky, cholesky_solve, eigh, eigvalsh, det,
                                  slogdet, logdet, triangular_solve, lstsq)
from .. import unsupported as _unsupported

# TF 2.21 has no tf.linalg.transpose (it has tf.transpose and tf.linalg.matrix_transpose).
__all__ = ["matmul", "eye", "inv", "solve", "norm", "einsum", "tensordot", "diag", "diag_part",
           "set_diag", "band_part", "trace", "matrix_transpose", "adjoint", "matvec", "cross",
           "l2_normalize", "svd", "qr", "cholesky", "cholesky_solve", "eigh", "eigvalsh", "det",
           "slogdet", "logdet", "triangular_solve", "lstsq"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("linalg", __name__, name)
