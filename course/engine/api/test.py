"""`tf.test`: gradient checking."""
from ..gradient_checker import compute_gradient

__all__ = ["compute_gradient"]
