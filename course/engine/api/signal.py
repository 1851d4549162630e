"""`tf.signal`: Fourier transforms of real signals (the rest of tf.signal is not here)."""
from ..ops.fft_ops import irfft, rfft
from .. import unsupported as _unsupported

__all__ = ["rfft", "irfft"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("signal", __name__, name)
