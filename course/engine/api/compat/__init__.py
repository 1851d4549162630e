"""`tf.compat`: `tf.compat.v1` holds TF1 spellings that TF2 removed from the top level."""
from . import v1

__all__ = ["v1"]
