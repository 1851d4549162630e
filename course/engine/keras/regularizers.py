"""`tf.keras.regularizers`: penalties on weights, added to the loss while training.

    >>> layer = tf.keras.layers.Dense(3, kernel_regularizer=tf.keras.regularizers.l2(0.001))

A regularizer is a function of a weight: `L2(0.001)(w)` is `0.001 * sum(w**2)`.
A layer lists the penalties of its weights in `layer.losses` (computed from the
current values, so under a GradientTape they have gradients), and `fit` adds
their sum to the loss, as Keras 3 does.
"""
from __future__ import annotations

import numpy as np

from ..ops import math_ops, reduce_ops, unary_ops
from ..tensor import Tensor

__all__ = ["Regularizer", "L1", "L2", "L1L2", "l1", "l2", "l1_l2", "get"]


class Regularizer:
    """Base class: `regularizer(weight)` gives a scalar penalty. Mirrors Keras's `Regularizer`."""

    def __call__(self, x) -> Tensor:
        return 0.0

    def get_config(self) -> dict:
        return {}


class L1L2(Regularizer):
    """`l1 * sum(|w|) + l2 * sum(w**2)`. Mirrors `keras.regularizers.L1L2`."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x) -> Tensor:
        total = None
        if self.l1:
            total = math_ops.multiply(reduce_ops.reduce_sum(unary_ops.abs(x)), self.l1)
        if self.l2:
            term = math_ops.multiply(reduce_ops.reduce_sum(unary_ops.square(x)), self.l2)
            total = term if total is None else math_ops.add(total, term)
        return total if total is not None else math_ops.multiply(reduce_ops.reduce_sum(x), 0.0)

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """`l1 * sum(|w|)` (default 0.01). Mirrors `keras.regularizers.L1`."""

    def __init__(self, l1: float = 0.01):
        super().__init__(l1=l1)

    def get_config(self) -> dict:
        # (Keras 3's L1 keeps its factor as a float32 tensor: the config shows that rounding,
        # 0.005 -> 0.004999999888241291; L2 and L1L2 keep the Python float)
        return {"l1": float(np.float32(self.l1))}


class L2(L1L2):
    """`l2 * sum(w**2)` (default 0.01): weight decay. Mirrors `keras.regularizers.L2`."""

    def __init__(self, l2: float = 0.01):
        super().__init__(l2=l2)

    def get_config(self) -> dict:
        return {"l2": self.l2}


l1, l2, l1_l2 = L1, L2, L1L2  # Keras's lowercase aliases

_BY_NAME = {"l1": L1, "l2": L2, "l1_l2": L1L2}
CLASSES = {cls.__name__: cls for cls in (L1, L2, L1L2)}


def get(identifier) -> Regularizer | None:
    """None, a name ("l2"), a config dict or a Regularizer (or function) -> a regularizer."""
    if identifier is None or isinstance(identifier, Regularizer) or callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]()
    if isinstance(identifier, dict) and identifier.get("class_name") in CLASSES:
        return CLASSES[identifier["class_name"]](**identifier.get("config", {}))
    raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}")


def serialize(regularizer):
    """What a layer's config records (None, or the class and its numbers)."""
    if regularizer is None:
        return None
    if type(regularizer).__name__ not in CLASSES:
        raise ValueError(f"Cannot save custom regularizer {regularizer!r} in a config.")
    return {"class_name": type(regularizer).__name__, "config": regularizer.get_config()}


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.regularizers", __name__, name)
