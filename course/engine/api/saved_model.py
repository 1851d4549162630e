"""`tf.saved_model`: save a model's graphs and weights; load them without the Python source."""
from ..saving.saved_model import load, save

__all__ = ["save", "load"]
