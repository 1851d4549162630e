"""`tf.data.experimental`: the few names from it that the guides use."""
from __future__ import annotations

from ..tensor import Tensor
from .dataset import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "cardinality"]


def cardinality(dataset) -> Tensor:
    """`dataset.cardinality()`, TF's older spelling. Mirrors `tf.data.experimental.cardinality`."""
    return dataset.cardinality()
