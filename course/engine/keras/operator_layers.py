"""Arithmetic on KerasTensors: `2 * inputs + 1` in a functional model.

    >>> inputs = tf.keras.Input(shape=())
    >>> calc = tf.keras.Model(inputs, 2 * inputs + 1)
    >>> calc(np.array([1.0])).numpy()
    array([3.], dtype=float32)

Keras 3 lets Python's operators (+, -, *, /, **, unary -) take KerasTensors:
each one is recorded as a node of the graph, as a layer call is, by an
operation named after Keras's op (`multiply`, `add`, ...). Here each is a small
layer without weights, so the functional model runs and summarizes it like any
other layer (Keras's `model.layers` leaves operations out; ours lists them).
TensorFlow functions (`tf.math.add`) still refuse KerasTensors, as in Keras 3.

Read next: functional.py (nodes and how a model runs them).
"""
from __future__ import annotations

from ..ops import math_ops, unary_ops
from .input_layer import KerasTensor
from .layers import Layer

__all__ = ["apply_operator"]


class _Operator(Layer):
    """`fn(x, y)` of two operands, one or both KerasTensors (a constant one is kept here)."""

    fn = None

    def __init__(self, constant=None, constant_first: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.constant, self.constant_first = constant, constant_first

    def _convert_inputs(self, inputs):
        return inputs  # (the operands keep their dtypes: the op's rules apply)

    def call(self, inputs):
        if isinstance(inputs, list):  # both operands were KerasTensors
            return type(self).fn(inputs[0], inputs[1])
        if self.constant_first:
            return type(self).fn(self.constant, inputs)
        return type(self).fn(inputs, self.constant)


class Add(_Operator):
    fn = staticmethod(math_ops.add)


class Subtract(_Operator):
    fn = staticmethod(math_ops.subtract)


class Multiply(_Operator):
    fn = staticmethod(math_ops.multiply)


class TrueDivide(_Operator):
    fn = staticmethod(math_ops.truediv)


class Power(_Operator):
    fn = staticmethod(math_ops.pow)


class Negative(Layer):
    def _convert_inputs(self, inputs):
        return inputs

    def call(self, inputs):
        return unary_ops.negative(inputs)


_OPERATORS = {"add": Add, "sub": Subtract, "mul": Multiply, "truediv": TrueDivide,
              "pow": Power}


def apply_operator(name: str, x: KerasTensor, other=None, reverse: bool = False) -> KerasTensor:
    """`x <op> other` (`other <op> x` if `reverse`), recorded as a node of the graph."""
    if name == "neg":
        return Negative()(x)
    layer_class = _OPERATORS[name]
    if isinstance(other, KerasTensor):
        return layer_class()([other, x] if reverse else [x, other])
    return layer_class(constant=other, constant_first=reverse)(x)
