"""`tf.data.experimental`: the few names from it that the guides use."""
from __future__ import annotations

from .dataset import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from .files import CsvDatasetV2 as CsvDataset

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "CsvDataset", "cardinality"]


def cardinality(dataset):
    """`dataset.cardinality()`, TF's older spelling. Mirrors `tf.data.experimental.cardinality`.

    >>> tf.data.experimental.cardinality(tf.data.Dataset.range(3).repeat())
    <tf.Tensor: shape=(), dtype=int64, numpy=-1>
    """
    return dataset.cardinality()


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("data.experimental", __name__, name)
