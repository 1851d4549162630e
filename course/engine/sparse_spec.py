"""`tf.SparseTensorSpec`: the type of a SparseTensor, and how one enters a tf.function or a dataset.

    >>> @tf.function
    ... def f(x, y):
    ...     return tf.sparse.sparse_dense_matmul(x, y)
    >>> a = tf.sparse.SparseTensor(indices=[[0, 1]], values=[2], dense_shape=[2, 2])
    >>> f(a, tf.constant([[1], [3]])).numpy().tolist()
    [[6], [0]]
    >>> f.get_concrete_function(a, tf.constant([[1], [3]])).structured_input_signature[0][0]
    SparseTensorSpec(TensorShape([2, 2]), tf.int32)

A SparseTensor is three component tensors (TF's words): `indices`, `values`
and `dense_shape`. So its spec is a TypeSpec (see function.py), as
RaggedTensorSpec is (ragged/spec.py): while tracing, `placeholder_value` makes
one graph input per component and hands the function a SparseTensor built on
them; a call feeds `to_tensors(st)`; a SparseTensor returned from a graph (or
given out by a dataset's iterator) is rebuilt from its components' values
(`from_components`). The spec's shape is the dense shape as far as it is known:
while tracing, the placeholder of `dense_shape` carries it, so that
`x.shape` inside the function says what TF's does.

Read next: ops/sparse_ops.py (the SparseTensor), data/structure.py (datasets of them).
"""
from __future__ import annotations

from . import dtypes
from .function import TensorSpec, TypeSpec
from .tensor import TensorShape

__all__ = ["SparseTensorSpec"]


class SparseTensorSpec(TypeSpec):
    """The dense shape and dtype of a SparseTensor. Mirrors `tf.SparseTensorSpec`.

    >>> tf.SparseTensorSpec([3, 4], tf.int32)
    SparseTensorSpec(TensorShape([3, 4]), tf.int32)
    """

    def __init__(self, shape=None, dtype=dtypes.float32):
        self._shape = TensorShape(shape)
        self._dtype = dtypes.as_dtype(dtype)

    @property
    def shape(self) -> TensorShape:
        return self._shape

    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    @property
    def value_type(self):
        from .ops.sparse_ops import SparseTensor
        return SparseTensor

    @classmethod
    def from_value(cls, value) -> "SparseTensorSpec":
        return cls(value.shape, value.dtype)

    def is_compatible_with(self, spec_or_value) -> bool:
        other = spec_or_value if isinstance(spec_or_value, SparseTensorSpec) else \
            SparseTensorSpec.from_value(spec_or_value) \
            if isinstance(spec_or_value, self.value_type) else None
        return other is not None and other._dtype == self._dtype and \
            self._shape.is_compatible_with(other._shape)

    # -- the components: indices [n, rank], values [n], dense_shape [rank] -----------------------
    def _component_specs(self) -> list:
        rank = self._shape.rank
        return [TensorSpec([None, rank], dtypes.int64), TensorSpec([None], self._dtype),
                TensorSpec([rank], dtypes.int64)]

    # -- TF's TraceType protocol (function.py) ------------------------------------------------------
    def __tf_tracing_type__(self, context) -> "SparseTensorSpec":
        return self

    def is_subtype_of(self, other) -> bool:
        """A trace for `other` serves this one: the same dtype, and `other`'s shape as general."""
        if not isinstance(other, SparseTensorSpec) or other._dtype != self._dtype:
            return False
        general, specific = other._shape, self._shape
        if general.rank is None:
            return True
        return specific.rank == general.rank and all(
            g is None or g == s for g, s in zip(general.as_list(), specific.as_list()))

    def most_specific_common_supertype(self, others):
        if not all(isinstance(o, SparseTensorSpec) and o._dtype == self._dtype for o in others):
            return None
        shapes = [self._shape] + [o._shape for o in others]
        if any(s.rank is None for s in shapes) or len({s.rank for s in shapes}) > 1:
            return SparseTensorSpec(None, self._dtype)
        return SparseTensorSpec([d[0] if len(set(d)) == 1 else None
                                 for d in zip(*[s.as_list() for s in shapes])], self._dtype)

    def placeholder_value(self, placeholder_context=None):
        """While tracing: a SparseTensor whose three tensors are the graph's new inputs."""
        graph, name = placeholder_context.graph, placeholder_context.naming_scope or "sp"
        parts = []
        for i, spec in enumerate(self._component_specs()):
            p = graph.placeholder(spec.dtype, spec.shape, name=name if i == 0 else f"{name}_{i}")
            graph.inputs.append(p)
            parts.append(p)
        return self.from_components(parts)

    def to_tensors(self, value) -> list:
        """What a call feeds the graph's inputs: the SparseTensor's three tensors."""
        return [value.indices, value.values, value.dense_shape]

    def from_components(self, parts: list):
        """The SparseTensor made of `to_tensors(...)`'s tensors."""
        indices, values, dense_shape = parts
        spec = getattr(dense_shape._value, "partial", 0)
        if spec is None and self._shape.rank is not None and \
                getattr(dense_shape._value, "const", None) is None:
            # (a graph's dense_shape: its elements are not values yet, but the spec knows them)
            dense_shape._value.partial = tuple(self._shape.as_list())
        return self.value_type(indices, values, dense_shape)

    # -- a spec is a value: equal specs key the same trace ------------------------------------------
    def _key(self) -> tuple:
        return self._dtype, self._shape._dims

    def __eq__(self, other) -> bool:
        return isinstance(other, SparseTensorSpec) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"SparseTensorSpec({self._shape!r}, {self._dtype!r})"
