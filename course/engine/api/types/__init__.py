"""`tf.types`: the types tf.function's tracing is built on (only `tf.types.experimental`)."""
from . import experimental

__all__ = ["experimental"]
