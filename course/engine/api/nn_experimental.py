"""`tf.nn.experimental`: dropout whose mask depends only on a seed (ops/dropout_ops.py)."""
from ..ops.dropout_ops import stateless_dropout
from .. import unsupported as _unsupported

__all__ = ["stateless_dropout"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("nn.experimental", __name__, name)
