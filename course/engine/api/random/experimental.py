"""`tf.random.experimental`: where TF first put the Generator API (the same objects)."""
from ...ops.stateless_random_ops import stateless_split
from ...random_generator import (Algorithm, Generator, create_rng_state, get_global_generator,
                                set_global_generator)

__all__ = ["Algorithm", "Generator", "create_rng_state", "get_global_generator",
           "set_global_generator", "stateless_split"]


from ... import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("random.experimental", __name__, name)
