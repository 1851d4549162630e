"""Values that have one copy per replica: `PerReplica`, `Mirrored`, and `ReduceOp`.

`strategy.run(fn)` calls `fn` once per replica; what the calls return is
regrouped into one structure whose leaves hold a value per replica:

    >>> strategy.run(lambda: tf.distribute.get_replica_context().replica_id_in_sync_group)
    PerReplica:{
      0: <tf.Tensor: shape=(), dtype=int32, numpy=0>,
      1: <tf.Tensor: shape=(), dtype=int32, numpy=1>
    }

TF's regrouping rules (`regroup` below): tuples, lists, dicts and namedtuples
are kept and their leaves regrouped; a leaf that is the very same object in
every replica (a Python constant, a MirroredVariable, a captured tensor) comes
back as that object; any other leaf becomes a `PerReplica`. With one replica
the value itself comes back.
"""
from __future__ import annotations

import enum
from collections import abc

from ..function import TensorSpec, TypeSpec
from ..tensor import Tensor

__all__ = ["ReduceOp", "DistributedValues", "PerReplica", "PerReplicaSpec", "Mirrored", "regroup",
           "select_replica", "local_values"]


class ReduceOp(enum.Enum):
    """How to combine the replicas' values. Mirrors `tf.distribute.ReduceOp`."""
    SUM = "SUM"
    MEAN = "MEAN"

    @classmethod
    def of(cls, reduce_op) -> "ReduceOp":
        """A ReduceOp, or its name in any case ("SUM", "mean"), as TF accepts both."""
        if isinstance(reduce_op, cls):
            return reduce_op
        if isinstance(reduce_op, str) and reduce_op.upper() in cls.__members__:
            return cls[reduce_op.upper()]
        raise ValueError(f"{reduce_op!r} is not a valid ReduceOp: use tf.distribute.ReduceOp.SUM "
                         "or tf.distribute.ReduceOp.MEAN")


class DistributedValues:
    """One value per replica. Mirrors `tf.distribute.DistributedValues`.

    `strategy.experimental_local_results(v)` gives the values as a tuple.
    """

    _kind = "DistributedValues"

    def __init__(self, values):
        self._values = tuple(values)

    @property
    def values(self) -> tuple:
        return self._values

    def __repr__(self) -> str:
        return self._text(repr)

    def __str__(self) -> str:
        return self._text(str)

    def _text(self, show) -> str:
        # TF's layout: "PerReplica:{" then "  i: value," per replica (no comma after the last)
        lines = [f"  {i}: {show(v)}" for i, v in enumerate(self._values)]
        return f"{self._kind}:{{\n" + ",\n".join(lines) + "\n}"


class PerReplica(DistributedValues):
    """Values that may differ between replicas: what `run` returns, a distributed batch."""
    _kind = "PerReplica"

    def __tf_tracing_type__(self, context):
        """A PerReplica of tensors enters and leaves a tf.function as one tensor per replica."""
        if all(isinstance(v, Tensor) for v in self._values):
            return PerReplicaSpec.from_value(self)
        return None  # (of other values: a Python object, keyed by identity)


class PerReplicaSpec(TypeSpec):
    """The spec of a PerReplica of tensors: one `tf.TensorSpec` per replica. Printed as TF
    prints it (a distributed dataset's `element_spec` leaves):

        PerReplicaSpec(TensorSpec(shape=(None,), dtype=tf.int64, name=None), TensorSpec(...))

    It is also how a tf.function takes and returns a PerReplica (function.py's TypeSpec
    protocol): each replica's tensor is a graph input (or output) of its own.
    """

    def __init__(self, *value_specs):
        self._value_specs = tuple(value_specs)

    @classmethod
    def from_value(cls, value: "PerReplica") -> "PerReplicaSpec":
        return cls(*[TensorSpec(v.shape, v.dtype) for v in value._values])

    def __tf_tracing_type__(self, context) -> "PerReplicaSpec":
        return self  # (an input_signature's spec traces for itself)

    def is_subtype_of(self, other) -> bool:
        """A trace for `other` serves this one: as many replicas, each spec as general."""
        return isinstance(other, PerReplicaSpec) and \
            len(other._value_specs) == len(self._value_specs) and \
            all(_fits(mine, theirs) for mine, theirs in zip(self._value_specs, other._value_specs))

    def placeholder_value(self, placeholder_context=None) -> "PerReplica":
        """While tracing: a PerReplica whose tensors are the graph's new inputs."""
        graph, name = placeholder_context.graph, placeholder_context.naming_scope or "per_replica"
        parts = []
        for i, spec in enumerate(self._value_specs):
            p = graph.placeholder(spec.dtype, spec.shape, name=name if i == 0 else f"{name}_{i}")
            graph.inputs.append(p)
            parts.append(p)
        return PerReplica(parts)

    def to_tensors(self, value: "PerReplica") -> list:
        return list(value._values)

    def from_components(self, parts: list) -> "PerReplica":
        return PerReplica(parts)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other._value_specs == self._value_specs

    def __hash__(self) -> int:
        return hash(self._value_specs)

    def __repr__(self) -> str:
        return f"PerReplicaSpec({', '.join(map(repr, self._value_specs))})"


def _fits(specific: TensorSpec, general: TensorSpec) -> bool:
    """The same dtype, and `general`'s shape unknown wherever the two differ."""
    if specific.dtype != general.dtype:
        return False
    if general.shape.rank is None:
        return True
    return specific.shape.rank == general.shape.rank and all(
        g is None or g == s for g, s in zip(general.shape.as_list(), specific.shape.as_list()))


class Mirrored(DistributedValues):
    """Values known to be equal in every replica (a MirroredVariable's update returns one)."""
    _kind = "Mirrored"


def regroup(values: list):
    """Per-replica structures -> one structure of per-replica leaves (TF's rules, see above)."""
    first = values[0]
    if isinstance(first, list):
        _check_lengths(values)
        return [regroup([v[i] for v in values]) for i in range(len(first))]
    if isinstance(first, tuple):
        _check_lengths(values)
        items = tuple(regroup([v[i] for v in values]) for i in range(len(first)))
        return first._make(items) if hasattr(first, "_fields") else items
    if isinstance(first, abc.Mapping):
        keys = set(first)
        if any(not isinstance(v, abc.Mapping) or set(v) != keys for v in values[1:]):
            raise ValueError(f"The replicas returned dicts with different keys: {values!r}")
        return type(first)({k: regroup([v[k] for v in values]) for k in first})
    if all(v is first for v in values[1:]):
        return first
    return PerReplica(values)


def _check_lengths(values: list) -> None:
    if any(type(v) is not type(values[0]) or len(v) != len(values[0]) for v in values[1:]):
        raise ValueError(f"The replicas returned structures of different lengths: {values!r}")


def select_replica(structure, replica_id: int):
    """`structure` with each DistributedValues replaced by replica `replica_id`'s value."""
    if isinstance(structure, DistributedValues):
        return structure._values[replica_id]
    if isinstance(structure, list):
        return [select_replica(v, replica_id) for v in structure]
    if isinstance(structure, tuple):
        items = tuple(select_replica(v, replica_id) for v in structure)
        return structure._make(items) if hasattr(structure, "_fields") else items
    if isinstance(structure, dict):
        return type(structure)({k: select_replica(v, replica_id) for k, v in structure.items()})
    return structure


def local_values(value) -> tuple:
    """The value of each replica (a plain value is the only one). TF's `_local_results`."""
    if isinstance(value, DistributedValues):
        return value._values
    components = getattr(value, "_components", None)  # a MirroredVariable's copies
    if components is not None:
        return tuple(components)
    return (value,)
