"""`tf.linalg`: matrix operations."""
from ..ops.math_ops import matmul
from ..ops.creation_ops import eye

# TF 2.21 has no tf.linalg.transpose (it has tf.transpose and tf.linalg.matrix_transpose).
__all__ = ["matmul", "eye"]
