"""`tf.config.optimizer`: Grappler's options (see graph/grappler.py for what they do here)."""
from ...graph.grappler import get_experimental_options, set_experimental_options

__all__ = ["get_experimental_options", "set_experimental_options"]


from ... import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("config.optimizer", __name__, name)
