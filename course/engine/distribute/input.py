"""`strategy.experimental_distribute_dataset`: each global batch split among the replicas.

    >>> ds = tf.data.Dataset.range(6).batch(4)
    >>> for x in strategy.experimental_distribute_dataset(ds):   # two replicas
    ...     print(x)
    PerReplica:{
      0: tf.Tensor([0 1], shape=(2,), dtype=int64),
      1: tf.Tensor([2 3], shape=(2,), dtype=int64)
    }
    PerReplica:{
      0: tf.Tensor([4], shape=(1,), dtype=int64),
      1: tf.Tensor([5], shape=(1,), dtype=int64)
    }

TF's rule, measured on TF 2.21: a batch of b elements gives each replica, in
order, ceil(b / replicas) of them while they last (so a small last batch can
leave a replica an empty batch). Elements that are tuples or dicts are split
leaf by leaf (a tuple of PerReplica). With one replica the batches come as they are.
"""
from __future__ import annotations

from .values import regroup

__all__ = ["DistributedDataset", "DistributedIterator"]


class DistributedDataset:
    """A dataset whose elements are split per replica. Mirrors `tf.distribute.DistributedDataset`."""

    def __init__(self, dataset, num_replicas: int):
        self._dataset = dataset
        self._num_replicas = num_replicas

    def __iter__(self) -> "DistributedIterator":
        return DistributedIterator(iter(self._dataset), self._num_replicas)

    @property
    def element_spec(self):
        return self._dataset.element_spec


class DistributedIterator:
    """Gives the next global batch, split. Mirrors `tf.distribute.DistributedIterator`."""

    def __init__(self, iterator, num_replicas: int):
        self._iterator = iterator
        self._num_replicas = num_replicas

    def __iter__(self) -> "DistributedIterator":
        return self

    def __next__(self):
        return split_batch(next(self._iterator), self._num_replicas)

    def get_next(self):
        return next(self)


def split_batch(element, num_replicas: int):
    """One global batch -> the replicas' batches, regrouped (PerReplica leaves)."""
    return regroup([_share(element, i, num_replicas) for i in range(num_replicas)])


def _share(element, replica: int, num_replicas: int):
    """Replica `replica`'s rows of every tensor in `element`."""
    if isinstance(element, (list, tuple)):
        items = [_share(x, replica, num_replicas) for x in element]
        return element._make(items) if hasattr(element, "_fields") else type(element)(items)
    if isinstance(element, dict):
        return type(element)({k: _share(v, replica, num_replicas) for k, v in element.items()})
    if element.shape.rank == 0:
        raise ValueError("experimental_distribute_dataset splits each element along its first "
                         "(batch) dimension, but the dataset's elements are scalars: batch the "
                         "dataset first (dataset.batch(global_batch_size)).")
    rows = int(element.shape[0])
    each = -(-rows // num_replicas)  # ceil
    start = min(replica * each, rows)
    return element[start:min(start + each, rows)]
