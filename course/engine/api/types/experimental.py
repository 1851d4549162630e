"""`tf.types.experimental`: how tf.function sees an argument of your own class.

A class that defines `__tf_tracing_type__(context)` tells tf.function what about its
objects makes a new trace: the TraceType it returns is part of the call's signature
(equal types share a trace, compared with `==` and `hash`), and while tracing the
function receives `trace_type.placeholder_value(context)` in the object's place.

    >>> class FruitType(tf.types.experimental.TraceType):
    ...     def __init__(self, fruit): self.kind, self.fruit = type(fruit), fruit
    ...     def is_subtype_of(self, other): return self == other
    ...     def most_specific_common_supertype(self, others):
    ...         return self if all(self == o for o in others) else None
    ...     def placeholder_value(self, placeholder_context=None): return self.fruit
    ...     def __eq__(self, other): return type(other) is FruitType and self.kind == other.kind
    ...     def __hash__(self): return hash(self.kind)

Objects without it are told apart by identity (a new object, a new trace), as in TF.
"""
from __future__ import annotations

import abc
from typing import Protocol, runtime_checkable

from ...concrete_function import AtomicFunction, ConcreteFunction, FunctionType
from ...function import Function, PlaceholderContext, TracingContext, TypeSpec

__all__ = ["TraceType", "SupportsTracingProtocol", "TracingContext", "PlaceholderContext",
           "ConcreteFunction", "AtomicFunction", "FunctionType", "PolymorphicFunction",
           "GenericFunction"]

PolymorphicFunction = GenericFunction = Function  # what @tf.function returns


class TraceType(abc.ABC):
    """What tf.function records about one argument. Mirrors `tf.types.experimental.TraceType`."""

    @abc.abstractmethod
    def is_subtype_of(self, other: "TraceType") -> bool:
        """Whether a trace made for `other` can serve this value too."""

    @abc.abstractmethod
    def most_specific_common_supertype(self, others):
        """The narrowest type that all of self and `others` are subtypes of, or None."""

    @abc.abstractmethod
    def placeholder_value(self, placeholder_context=None):
        """What the traced Python function receives in place of the argument."""

    def to_tensors(self, value) -> list:
        """The tensors the value contributes to the graph's inputs (none by default)."""
        return []

    def from_tensors(self, tensors):
        return self.placeholder_value(PlaceholderContext())

    def flatten(self) -> list:
        return []

    def cast(self, value, cast_context):
        return value

    @abc.abstractmethod
    def __eq__(self, other) -> bool: ...

    @abc.abstractmethod
    def __hash__(self) -> int: ...


TraceType.register(TypeSpec)  # (TF: a TypeSpec, such as tf.data.DatasetSpec, is a TraceType)


@runtime_checkable
class SupportsTracingProtocol(Protocol):
    """A class whose objects say how they trace (`__tf_tracing_type__`)."""

    def __tf_tracing_type__(self, context: TracingContext) -> TraceType: ...
