"""`tf.random`: random draws and the global seed."""
from ..ops.random_ops import set_seed, uniform, normal, truncated_normal, shuffle, stateless_uniform

__all__ = ["set_seed", "uniform", "normal", "truncated_normal", "shuffle", "stateless_uniform"]
