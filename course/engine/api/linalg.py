"""`tf.linalg`: matrix operations."""
from ..ops.math_ops import matmul
from ..ops.creation_ops import eye
from ..ops.array_ops import transpose

__all__ = ["matmul", "eye", "transpose"]
