"""`tf.keras.backend`: the few backend helpers learners meet."""
from __future__ import annotations

from . import layers

__all__ = ["clear_session", "epsilon", "floatx"]


def clear_session() -> None:
    """Resets layer-name counters, so the next model's first layer is "dense" again."""
    layers._NAME_COUNTS.clear()


def epsilon() -> float:
    """1e-7: the fuzz factor of Keras's clipped logs and divisions."""
    return 1e-7


def floatx() -> str:
    return "float32"


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.backend", __name__, name)
