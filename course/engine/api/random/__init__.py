"""`tf.random`: random draws, the global seed, stateless draws and `tf.random.Generator`."""
from ...ops.random_ops import set_seed, uniform, normal, truncated_normal, shuffle
from ...ops.stateless_random_ops import (stateless_binomial, stateless_categorical,
                                        stateless_normal, stateless_truncated_normal,
                                        stateless_uniform, stateless_split as split)
from ...random_generator import (Algorithm, Generator, create_rng_state, get_global_generator,
                                set_global_generator)
from . import experimental

__all__ = ["set_seed", "uniform", "normal", "truncated_normal", "shuffle", "stateless_uniform",
           "stateless_normal", "stateless_truncated_normal", "stateless_categorical",
           "stateless_binomial", "split", "Algorithm", "Generator", "create_rng_state",
           "get_global_generator", "set_global_generator", "experimental"]


from ... import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("random", __name__, name)
