"""`tf.random`: random draws and the global seed."""
from ..ops.random_ops import set_seed, uniform, normal, truncated_normal, shuffle, stateless_uniform

__all__ = ["set_seed", "uniform", "normal", "truncated_normal", "shuffle", "stateless_uniform"]


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("random", __name__, name)
