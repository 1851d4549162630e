"""`tf.saved_model`: save a model's graphs and weights; load them without the Python source."""
from ..saving.options import LoadOptions, SaveOptions
from ..saving.saved_model import load, save

__all__ = ["save", "load", "SaveOptions", "LoadOptions"]


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("saved_model", __name__, name)
