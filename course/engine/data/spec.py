"""A dataset as a tf.function argument: `tf.data.DatasetSpec`, and the dataset a graph gets.

A tf.function traces once per *kind* of dataset, not per dataset object: two
datasets whose elements look alike (the same `element_spec`) share a trace,
and each call iterates the dataset it was given, as in TF:

    >>> @tf.function
    ... def total(ds):
    ...     s = tf.constant(0, tf.int64)
    ...     for x in ds:
    ...         s += x
    ...     return s
    >>> total(tf.data.Dataset.range(3)), total(tf.data.Dataset.range(5))   # one trace
    (<tf.Tensor: ... numpy=3>, <tf.Tensor: ... numpy=10>)
    >>> total.get_concrete_function(tf.data.Dataset.range(3)).structured_input_signature
    ((DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([])),), {})

How: a Dataset's TraceType (function.py's protocol) is its `DatasetSpec`.
While tracing, the function receives a `GraphDataset`: it has the element
spec, and stands for a graph input of dtype variant (TF's dataset handle).
Each call feeds that input with the real dataset, wrapped as a
`DatasetValue`. The op that iterates a dataset in a graph (`ReduceDataset`,
../ops/dataset_ops.py) takes those inputs and, while it runs, lets each
GraphDataset read the dataset fed for it; so `ds.batch(2)` built inside the
function works on whatever dataset the call passed.

Read next: ../ops/dataset_ops.py.
"""
from __future__ import annotations

from .. import dtypes
from ..function import TensorSpec, TypeSpec
from ..ops.list_ops import VariantValue
from ..tensor import Tensor, TensorShape
from .dataset import Dataset
from .structure import flatten, map_structure

__all__ = ["DatasetSpec", "DatasetValue", "GraphDataset"]


class DatasetSpec(TypeSpec):
    """The type of a dataset: its `element_spec`. Mirrors `tf.data.DatasetSpec`.

    >>> tf.data.DatasetSpec(tf.TensorSpec([None], tf.float32))
    DatasetSpec(TensorSpec(shape=(None,), dtype=tf.float32, name=None), TensorShape([]))
    """

    def __init__(self, element_spec, dataset_shape=()):
        self._element_spec = element_spec
        self._dataset_shape = TensorShape(dataset_shape)

    @property
    def element_spec(self):
        return self._element_spec

    @staticmethod
    def from_value(value: Dataset) -> "DatasetSpec":
        return DatasetSpec(value.element_spec)

    # -- TF's TraceType protocol (see function.py): how tf.function keys and feeds a dataset ------
    def __tf_tracing_type__(self, context) -> "DatasetSpec":
        return self  # (`f.get_concrete_function(spec)` traces for the spec itself)

    def is_subtype_of(self, other) -> bool:
        """A trace for `other` serves this dataset: the same structure and dtypes, and each
        shape of `other` is as general (None where this has a size, or an unknown rank)."""
        if not isinstance(other, DatasetSpec) or self._structure() != other._structure():
            return False
        return all(a.dtype == b.dtype and _more_general(b.shape._dims, a.shape._dims)
                   for a, b in zip(flatten(self._element_spec), flatten(other._element_spec)))

    def most_specific_common_supertype(self, others):
        if not all(isinstance(o, DatasetSpec) and o._structure() == self._structure() for o in others):
            return None
        specs = [flatten(s._element_spec) for s in [self, *others]]
        if any(len({s.dtype for s in column}) > 1 for column in zip(*specs)):
            return None
        leaves = iter([TensorSpec(_common([s.shape._dims for s in column]), column[0].dtype)
                       for column in zip(*specs)])
        return DatasetSpec(map_structure(lambda _: next(leaves), self._element_spec))

    def placeholder_value(self, placeholder_context=None) -> "GraphDataset":
        """While tracing: a dataset that stands for a variant input of the graph."""
        graph, name = placeholder_context.graph, placeholder_context.naming_scope
        handle = graph.placeholder(dtypes.variant, TensorShape([]), name=name or "dataset")
        graph.inputs.append(handle)
        return GraphDataset(self._element_spec, handle)

    def to_tensors(self, value: Dataset) -> list:
        """What a call feeds to the graph's input: the dataset, as a variant tensor."""
        return [Tensor(DatasetValue(value))]

    # -- a spec is a value: equal specs key the same trace ----------------------------------------
    def _structure(self) -> str:
        return repr(map_structure(lambda _: None, self._element_spec))

    def _key(self) -> tuple:
        return self._structure(), tuple((s.dtype, s.shape._dims) for s in flatten(self._element_spec))

    def __eq__(self, other) -> bool:
        return isinstance(other, DatasetSpec) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"DatasetSpec({self._element_spec!r}, {self._dataset_shape!r})"


def _more_general(general, specific) -> bool:
    if general is None:
        return True
    return specific is not None and len(general) == len(specific) and \
        all(g is None or g == s for g, s in zip(general, specific))


def _common(shapes: list):
    if any(s is None for s in shapes) or len({len(s) for s in shapes}) > 1:
        return TensorShape(None)
    return TensorShape([dims[0] if len(set(dims)) == 1 else None for dims in zip(*shapes)])


class DatasetValue(VariantValue):
    """A dataset as the value of a variant tensor (what a call feeds a GraphDataset's input)."""

    __slots__ = ("dataset",)

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __repr__(self) -> str:
        return "<DatasetValue>"


class GraphDataset(Dataset):
    """The dataset a traced function receives for a dataset argument: its elements are those
    of the dataset fed to `handle` when the graph runs (`bind` tells it which)."""

    def __init__(self, element_spec, handle):
        super().__init__(element_spec)
        self.handle = handle   # the graph's variant input
        self._fed = None       # the dataset fed for it, while an op iterates

    def bind(self, dataset) -> None:
        self._fed = dataset

    def _elements(self):
        if self._fed is None:
            raise RuntimeError(f"{self.handle.name} is a dataset argument of a tf.function: its "
                               "elements exist only while the graph runs (iterate it with a for "
                               "loop or Dataset.reduce inside the function)")
        return self._fed._elements()

    def _cardinality(self) -> int:
        return self._fed._cardinality() if self._fed is not None else super()._cardinality()
