"""`tf.test`: gradient checking."""
from ..gradient_checker import compute_gradient

__all__ = ["compute_gradient"]


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("test", __name__, name)
