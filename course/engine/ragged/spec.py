"""`tf.RaggedTensorSpec`: the type of a RaggedTensor, and how one enters a tf.function.

    >>> @tf.function(input_signature=[tf.RaggedTensorSpec(shape=[None, None], dtype=tf.int32)])
    ... def longest(rt):
    ...     return tf.reduce_max(rt, axis=-1)
    >>> longest(tf.ragged.constant([[1, 2], [3], [4, 5, 6]]))
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([2, 3, 6], dtype=int32)>

A RaggedTensor is its component tensors (TF's words): `flat_values` and one
`row_splits` vector per ragged dimension. So the spec is a TypeSpec (see
function.py): while tracing, `placeholder_value` makes one graph input per
component (named `rt`, `rt_1`, ... as TF names them) and hands the function a
RaggedTensor built on them; each call feeds `to_tensors(rt)`, the same
components of the real ragged tensor. A RaggedTensor returned from a traced
function leaves the graph the same way: its components are graph outputs and
the call rebuilds the RaggedTensor from their values (`components` and
`from_components` below).

Read next: conversion.py (`to_tensor` with ops, which the reductions use).
"""
from __future__ import annotations

from .. import dtypes
from ..function import TensorSpec, TypeSpec
from ..tensor import TensorShape
from .ragged_tensor import RaggedTensor

__all__ = ["RaggedTensorSpec", "components", "from_components", "spec_to_json", "spec_from_json"]


class RaggedTensorSpec(TypeSpec):
    """The shape, dtype and ragged rank of a RaggedTensor. Mirrors `tf.RaggedTensorSpec`.

    `ragged_rank` defaults to every dimension but the first and last being
    ragged (rank - 1); `row_splits_dtype` to int64.

    >>> tf.RaggedTensorSpec(shape=[None, None], dtype=tf.int32)
    RaggedTensorSpec(TensorShape([None, None]), tf.int32, 1, tf.int64)
    """

    def __init__(self, shape=None, dtype=dtypes.float32, ragged_rank: int | None = None,
                 row_splits_dtype=dtypes.int64, flat_values_spec=None):
        self._shape = TensorShape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._row_splits_dtype = dtypes.as_dtype(row_splits_dtype)
        if flat_values_spec is not None:
            raise NotImplementedError("tf.RaggedTensorSpec(flat_values_spec=...) is not "
                                      "supported by this engine")
        rank = self._shape.rank
        if ragged_rank is None:
            if rank is None:
                raise ValueError("Must specify ragged_rank or a shape with a known rank.")
            ragged_rank = rank - 1
        if not isinstance(ragged_rank, int):
            raise TypeError(f"ragged_rank must be an int, got {ragged_rank!r}")
        if ragged_rank < 0:
            raise ValueError(f"Argument `ragged_rank` ({ragged_rank}) must be non-negative.")
        if rank is not None and ragged_rank >= rank:
            raise ValueError(f"Argument `ragged_rank` ({ragged_rank}) must be less than rank "
                             f"({rank}).")
        if ragged_rank < 1:
            raise NotImplementedError("tf.RaggedTensorSpec with ragged_rank=0 is not supported "
                                      "by this engine")
        self._ragged_rank = ragged_rank

    @property
    def shape(self) -> TensorShape:
        return self._shape

    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    @property
    def ragged_rank(self) -> int:
        return self._ragged_rank

    @property
    def row_splits_dtype(self) -> dtypes.DType:
        return self._row_splits_dtype

    @property
    def flat_values_spec(self):
        return None

    @property
    def value_type(self):
        return RaggedTensor

    @classmethod
    def from_value(cls, value: RaggedTensor) -> "RaggedTensorSpec":
        """The spec of a RaggedTensor (its number of rows known, as TF's)."""
        return cls(value.shape, value.dtype, value.ragged_rank, value.row_splits_dtype)

    def is_compatible_with(self, spec_or_value) -> bool:
        other = spec_or_value if isinstance(spec_or_value, RaggedTensorSpec) else \
            RaggedTensorSpec.from_value(spec_or_value) if isinstance(spec_or_value, RaggedTensor) \
            else None
        return other is not None and other._kind() == self._kind() and \
            self._shape.is_compatible_with(other._shape)

    # -- the components: what a graph input or output of this type is made of ----------------
    def _component_specs(self) -> list:
        """[flat_values spec, outer row_splits spec, inner row_splits specs...] (TF's order)."""
        dims = self._shape.as_list() if self._shape.rank is not None else None
        inner = None if dims is None else dims[self._ragged_rank + 1:]
        flat = TensorSpec(None if inner is None else [None] + inner, self._dtype)
        outer = None if dims is None or dims[0] is None else dims[0] + 1
        splits = [TensorSpec([outer], self._row_splits_dtype)]
        splits += [TensorSpec([None], self._row_splits_dtype)
                   for _ in range(self._ragged_rank - 1)]
        return [flat] + splits

    # -- TF's TraceType protocol (function.py): how tf.function keys and feeds a RaggedTensor ---
    def __tf_tracing_type__(self, context) -> "RaggedTensorSpec":
        return self   # (`f.get_concrete_function(spec)` traces for the spec itself)

    def is_subtype_of(self, other) -> bool:
        """A trace for `other` serves this one: the same kind, and `other`'s shape is as general."""
        if not isinstance(other, RaggedTensorSpec) or other._kind() != self._kind():
            return False
        general, specific = other._shape, self._shape
        if general.rank is None:
            return True
        return specific.rank == general.rank and all(
            g is None or g == s for g, s in zip(general.as_list(), specific.as_list()))

    def most_specific_common_supertype(self, others):
        if not all(isinstance(o, RaggedTensorSpec) and o._kind() == self._kind() for o in others):
            return None
        shapes = [self._shape] + [o._shape for o in others]
        if any(s.rank is None for s in shapes) or len({s.rank for s in shapes}) > 1:
            shape = TensorShape(None)
        else:
            shape = TensorShape([d[0] if len(set(d)) == 1 else None
                                 for d in zip(*[s.as_list() for s in shapes])])
        return RaggedTensorSpec(shape, self._dtype, self._ragged_rank, self._row_splits_dtype)

    def placeholder_value(self, placeholder_context=None) -> RaggedTensor:
        """While tracing: a RaggedTensor whose components are the graph's new inputs."""
        graph, name = placeholder_context.graph, placeholder_context.naming_scope or "rt"
        parts = []
        for i, spec in enumerate(self._component_specs()):
            p = graph.placeholder(spec.dtype, spec.shape, name=name if i == 0 else f"{name}_{i}")
            graph.inputs.append(p)
            parts.append(p)
        return from_components(parts, self)

    def to_tensors(self, value: RaggedTensor) -> list:
        """What a call feeds the graph's inputs: the RaggedTensor's components."""
        return components(value)

    def from_components(self, parts: list) -> RaggedTensor:
        """The RaggedTensor made of `to_tensors(...)`'s tensors (a traced function's output)."""
        return from_components(parts, self)

    # -- a spec is a value: equal specs key the same trace ----------------------------------------
    def _kind(self) -> tuple:
        return self._dtype, self._ragged_rank, self._row_splits_dtype

    def _key(self) -> tuple:
        return self._kind() + (self._shape._dims,)

    def __eq__(self, other) -> bool:
        return isinstance(other, RaggedTensorSpec) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"RaggedTensorSpec({self._shape!r}, {self._dtype!r}, {self._ragged_rank}, "
                f"{self._row_splits_dtype!r})")


# -- in a SavedModel's manifest (saving/): a spec as JSON, and back ----------------------------
def spec_to_json(spec: RaggedTensorSpec) -> dict:
    return {"shape": spec.shape.as_list() if spec.shape.rank is not None else None,
            "dtype": spec.dtype.name, "ragged_rank": spec.ragged_rank,
            "row_splits_dtype": spec.row_splits_dtype.name}


def spec_from_json(data) -> RaggedTensorSpec:
    """The spec `spec_to_json` wrote; ValueError or TypeError for anything else."""
    if not isinstance(data, dict) or set(data) != {"shape", "dtype", "ragged_rank",
                                                   "row_splits_dtype"}:
        raise ValueError(f"not a RaggedTensorSpec: {str(data)[:80]}")
    shape = data["shape"]
    if shape is not None and not (isinstance(shape, list) and
                                  all(d is None or type(d) is int and d >= 0 for d in shape)):
        raise ValueError(f"not a shape: {str(shape)[:80]}")
    if type(data["ragged_rank"]) is not int:
        raise ValueError(f"not a ragged_rank: {data['ragged_rank']!r}")
    return RaggedTensorSpec(shape, dtypes.as_dtype(str(data["dtype"])), data["ragged_rank"],
                            dtypes.as_dtype(str(data["row_splits_dtype"])))


def components(rt: RaggedTensor) -> list:
    """[flat_values, *nested_row_splits]: the tensors a RaggedTensor is made of."""
    return [rt.flat_values, *rt.nested_row_splits]


def from_components(parts: list, spec: RaggedTensorSpec | None = None) -> RaggedTensor:
    """The RaggedTensor made of `components(...)` (no checks: they come from one)."""
    result = parts[0]
    uniform = [None] * (len(parts) - 1)
    if spec is not None and spec.shape.rank is not None:
        uniform = spec.shape.as_list()[1:len(parts)]
    for splits, length in zip(reversed(parts[1:]), reversed(uniform)):
        result = RaggedTensor(result, splits, internal=True, uniform_row_length=length)
    return result


def _tracing_type(rt: RaggedTensor, context=None) -> RaggedTensorSpec:
    return RaggedTensorSpec.from_value(rt)


# A RaggedTensor argument of a tf.function traces by its spec (function.py's TypeSpec protocol).
RaggedTensor.__tf_tracing_type__ = _tracing_type
