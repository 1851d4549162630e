"""`tf.data.experimental`: the few names from it that the guides use."""
from __future__ import annotations

from .. import deprecation
from .dataset import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from .files import CsvDatasetV2 as CsvDataset
from .make_csv import make_csv_dataset
from .options import AutoShardPolicy, AutotuneOptions, DistributeOptions, OptimizationOptions

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "AutoShardPolicy",
           "AutotuneOptions", "CsvDataset", "DistributeOptions", "OptimizationOptions", "cardinality",
           "dense_to_ragged_batch", "Counter", "make_csv_dataset"]


def cardinality(dataset):
    """`dataset.cardinality()`, TF's older spelling. Mirrors `tf.data.experimental.cardinality`.

    >>> tf.data.experimental.cardinality(tf.data.Dataset.range(3).repeat())
    <tf.Tensor: shape=(), dtype=int64, numpy=-1>
    """
    return dataset.cardinality()


def dense_to_ragged_batch(batch_size, drop_remainder: bool = False, row_splits_dtype=None):
    """A transformation for `Dataset.apply`: batches whose vectors of different lengths become
    one RaggedTensor. Mirrors `tf.data.experimental.dense_to_ragged_batch` (TF deprecates it
    for `Dataset.ragged_batch`).

    >>> ds = tf.data.Dataset.from_tensor_slices([1, 3]).map(tf.range)
    >>> next(iter(ds.apply(tf.data.experimental.dense_to_ragged_batch(2))))
    <tf.RaggedTensor [[0], [0, 1, 2]]>
    """
    from .batching import _RaggedBatchDataset
    from .. import dtypes
    deprecation.log_once("dense_to_ragged_batch (from tf.data.experimental)",
                         "Use `tf.data.Dataset.ragged_batch` instead.", depth=1)
    splits = dtypes.int64 if row_splits_dtype is None else row_splits_dtype
    return lambda dataset: _RaggedBatchDataset(dataset, batch_size, drop_remainder, splits)


def Counter(start=0, step=1, dtype=None):  # noqa: N802 (TF's name)
    """start, start + step, ... without end. Mirrors `tf.data.experimental.Counter` (TF
    deprecates it for `tf.data.Dataset.counter`).

    >>> list(tf.data.experimental.Counter().take(2).as_numpy_iterator())
    [np.int64(0), np.int64(1)]
    """
    from .dataset import Dataset
    from .. import dtypes
    deprecation.log_once("CounterV2 (from tensorflow.python.data.experimental.ops.counter)",
                         "Use `tf.data.Dataset.counter(...)` instead.", depth=1)
    return Dataset.counter(start, step, dtypes.int64 if dtype is None else dtype)


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("data.experimental", __name__, name)
