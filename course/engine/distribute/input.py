"""Datasets for replicas: a global batch split among them, or one dataset's elements dealt out.

`strategy.experimental_distribute_dataset(ds)` splits each global batch:

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

`strategy.distribute_datasets_from_function(dataset_fn)` lets the code batch
(and shard) itself: TF calls `dataset_fn` once per worker (here: once) with
an `InputContext`, and deals that dataset's elements out to the replicas in
turn, so replica i of step k gets element k * replicas + i:

    >>> def dataset_fn(ctx):          # ctx.get_per_replica_batch_size(4) == 2
    ...     return tf.data.Dataset.range(5).batch(ctx.get_per_replica_batch_size(4))
    >>> for x in strategy.distribute_datasets_from_function(dataset_fn):
    ...     print(x)
    PerReplica:{
      0: tf.Tensor([0 1], shape=(2,), dtype=int64),
      1: tf.Tensor([2 3], shape=(2,), dtype=int64)
    }
    PerReplica:{
      0: tf.Tensor([4], shape=(1,), dtype=int64),
      1: tf.Tensor([], shape=(0,), dtype=int64)
    }

TF's rule for a last step with too few elements, measured on TF 2.21: when the
elements' first dimension is unknown (a batched dataset), the replicas left
without one get an empty batch; otherwise that last step is dropped.
"""
from __future__ import annotations

from ..autograph.loops import optional_for_loop
from ..data.structure import flatten, map_structure
from ..execute import Op, execute
from ..function import TensorSpec
from ..graph.core import executing_eagerly
from .values import PerReplicaSpec, regroup

__all__ = ["DistributedDataset", "DistributedIterator", "DistributedDatasetsFromFunction",
           "InputContext"]


class DistributedDataset:
    """A dataset whose elements are split per replica. Mirrors `tf.distribute.DistributedDataset`."""

    def __init__(self, dataset, num_replicas: int):
        self._dataset = dataset
        self._num_replicas = num_replicas

    def __iter__(self) -> "DistributedIterator":
        return DistributedIterator(iter(self._dataset), self._num_replicas)

    @property
    def element_spec(self):
        """The dataset's spec; with several replicas a PerReplicaSpec per leaf, each with an
        unknown batch size (a replica's share of a batch varies)."""
        if self._num_replicas == 1:
            return self._dataset.element_spec
        return _per_replica_spec(map_structure(_unknown_rows, self._dataset.element_spec),
                                 self._num_replicas)


class DistributedIterator:
    """Gives the next global batch, split. Mirrors `tf.distribute.DistributedIterator`."""

    def __init__(self, iterator, num_replicas: int):
        self._iterator = iterator
        self._num_replicas = num_replicas
        self._spec = iterator.element_spec  # the dataset's, before the split

    def __iter__(self) -> "DistributedIterator":
        return self

    def __next__(self):
        return split_batch(next(self._iterator), self._num_replicas)

    def get_next(self):
        return next(self)

    def get_next_as_optional(self):
        """The next global batch, split, as a `tf.experimental.Optional` (no value past the end).

        Mirrors `DistributedIterator.get_next_as_optional`; in a tf.function it takes
        the next batch each time it runs (see ../data/optional.py).
        """
        from ..data.optional import next_as_optional
        spec = self._spec
        n = self._num_replicas
        share_spec = spec if n == 1 else map_structure(_unknown_rows, spec)
        leaf_specs = flatten(share_spec) * n

        def take():
            element = self._iterator._take_element()
            if element is None:
                return None
            shares = [element] if n == 1 else [_share(element, i, n) for i in range(n)]
            return [t._value for share in shares for t in flatten(share)]

        def pack(leaves):
            k = len(leaves) // n
            structures = [_pack_leaves(share_spec, leaves[i * k:(i + 1) * k]) for i in range(n)]
            return structures[0] if n == 1 else regroup(structures)
        optional = next_as_optional(take, leaf_specs, pack,
                                    spec if n == 1 else _per_replica_spec(share_spec, n))
        if n > 1 and executing_eagerly() and bool(optional.has_value()):
            # TF: an eager Optional with a value gives the shapes of that value's batches
            optional._element_spec = map_structure(PerReplicaSpec.from_value,
                                                   optional.get_value())
        return optional


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


# -- `for x in dist_dataset` inside a tf.function --------------------------------------------------
class _GraphIterator(DistributedIterator):
    """The iterator of `for x in dist_dataset` in a tf.function: a new pass over the dataset
    each time the graph runs (the MakeIterator op below makes it)."""

    def __init__(self, dataset: DistributedDataset):
        self._dataset = dataset._dataset
        self._iterator = None
        self._num_replicas = dataset._num_replicas
        self._spec = dataset._dataset.element_spec

    def restart(self) -> None:
        self._iterator = iter(self._dataset)


def _make_iterator(*, iterator: _GraphIterator) -> None:
    iterator.restart()


_MAKE_ITERATOR = Op("MakeIterator", _make_iterator, dtypes=(), outputs=0)


def for_loop(dataset: DistributedDataset, loop_body, state, names, extra_test, options):
    """AutoGraph's `for x in dist_dataset` in a tf.function: TF's loop over the batches, each
    taken as an Optional (a new pass each time the function runs)."""
    iterator = _GraphIterator(dataset)
    execute(_MAKE_ITERATOR, (), {"iterator": iterator})
    return optional_for_loop(iterator.get_next_as_optional, loop_body, state, names,
                             extra_test, options)


class InputContext:
    """What `distribute_datasets_from_function` passes to its function. Mirrors `tf.distribute.InputContext`.

    `num_input_pipelines` workers read input, this one is `input_pipeline_id`;
    `num_replicas_in_sync` replicas share each global batch.
    """

    def __init__(self, num_input_pipelines: int = 1, input_pipeline_id: int = 0,
                 num_replicas_in_sync: int = 1):
        self._num_input_pipelines = num_input_pipelines
        self._input_pipeline_id = input_pipeline_id
        self._num_replicas_in_sync = num_replicas_in_sync

    @property
    def num_input_pipelines(self) -> int:
        return self._num_input_pipelines

    @property
    def input_pipeline_id(self) -> int:
        return self._input_pipeline_id

    @property
    def num_replicas_in_sync(self) -> int:
        return self._num_replicas_in_sync

    def get_per_replica_batch_size(self, global_batch_size: int) -> int:
        """`global_batch_size` / replicas: 16 over 2 replicas is 8 rows each."""
        if global_batch_size % self._num_replicas_in_sync != 0:  # (TF's message ends in a space)
            raise ValueError(f"The `global_batch_size` {global_batch_size!r} is not divisible by "
                             f"`num_replicas_in_sync` {self._num_replicas_in_sync!r} ")
        return global_batch_size // self._num_replicas_in_sync

    def __str__(self) -> str:
        return (f"tf.distribute.InputContext(input pipeline id {self._input_pipeline_id}, "
                f"total: {self._num_input_pipelines})")


class DistributedDatasetsFromFunction:
    """One dataset whose elements are dealt out to the replicas in turn (see the module).

    Mirrors what `strategy.distribute_datasets_from_function` returns.
    """

    def __init__(self, dataset, num_replicas: int):
        if not hasattr(dataset, "element_spec"):  # (TF's error: the function must return a Dataset)
            raise AttributeError(f"{type(dataset).__name__!r} object has no attribute "
                                 "'element_spec'")
        self._dataset = dataset
        self._num_replicas = num_replicas

    @property
    def element_spec(self):
        """The dataset's spec; with several replicas a PerReplicaSpec per leaf."""
        if self._num_replicas == 1:
            return self._dataset.element_spec
        return _per_replica_spec(self._dataset.element_spec, self._num_replicas)

    def __iter__(self) -> "_DealingIterator":
        return _DealingIterator(iter(self._dataset), self._num_replicas,
                                _pads_with_empty_batches(self._dataset.element_spec))


class _DealingIterator(DistributedIterator):
    """The next element for each replica, regrouped into PerReplica values."""

    def __init__(self, iterator, num_replicas: int, pad: bool):
        super().__init__(iterator, num_replicas)
        self._pad = pad

    def __next__(self):
        elements = []
        for _ in range(self._num_replicas):
            try:
                elements.append(next(self._iterator))
            except StopIteration:
                break
        if not elements or len(elements) < self._num_replicas and not self._pad:
            raise StopIteration
        while len(elements) < self._num_replicas:  # an empty batch (no rows) of the same spec
            elements.append(_rows(elements[0], 0))
        return elements[0] if self._num_replicas == 1 else regroup(elements)

    def get_next_as_optional(self):
        raise NotImplementedError("get_next_as_optional on the iterator of "
                                  "distribute_datasets_from_function is not part of this engine "
                                  "(see docs/engine-api-distribute.md): use next(iterator).")


def _pack_leaves(spec, leaves: list):
    """The structure of `spec` made of `leaves`, in flatten's order."""
    it = iter(leaves)
    return map_structure(lambda _: next(it), spec)


def _unknown_rows(spec):
    """A TensorSpec whose first dimension is unknown (a replica's share of a batch)."""
    return TensorSpec([None] + spec.shape.as_list()[1:], spec.dtype, spec.name)


def _per_replica_spec(spec, num_replicas: int):
    """Each leaf of `spec` as a PerReplicaSpec of `num_replicas` copies."""
    return map_structure(lambda leaf: PerReplicaSpec(*[leaf] * num_replicas), spec)


def _pads_with_empty_batches(spec) -> bool:
    """True if every leaf of `spec` has an unknown first dimension (a batch)."""
    shapes = [leaf.shape for leaf in flatten(spec)]
    return all(shape.rank and shape[0] is None for shape in shapes)


def _rows(element, count: int):
    """The first `count` rows of every tensor in `element`."""
    if isinstance(element, (list, tuple)):
        items = [_rows(x, count) for x in element]
        return element._make(items) if hasattr(element, "_fields") else type(element)(items)
    if isinstance(element, dict):
        return type(element)({k: _rows(v, count) for k, v in element.items()})
    return element[:count]
