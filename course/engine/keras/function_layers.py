"""Layers that apply a function: `Activation`, `Softmax` and `Lambda` (tf.keras.layers).

    >>> tf.keras.layers.Activation("relu")(tf.constant([-1.0, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0., 2.], dtype=float32)>

They hold no weights: each calls one function on its inputs (an activation
from activations.py, a softmax over an axis, or any Python function).
Read next: layers.py (Layer, which they extend).
"""
from __future__ import annotations

import numpy as np

from ..ops import array_ops, math_ops
from ..tensor import convert_to_tensor
from . import activations
from .layers import Layer

__all__ = ["Activation", "Softmax", "Lambda"]


class Activation(Layer):
    """Applies an activation function. Mirrors `keras.layers.Activation`."""

    supports_masking = True  # Keras 3: the input's mask passes through

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs, training=None):
        return self.activation(inputs)

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


class Softmax(Layer):
    """Turns scores into probabilities along `axis`. Mirrors `keras.layers.Softmax`.

    >>> tf.keras.layers.Softmax()(tf.constant([[1.0, 1.0]]))
    <tf.Tensor: shape=(1, 2), dtype=float32, numpy=array([[0.5, 0.5]], dtype=float32)>
    """

    supports_masking = True  # Keras 3: the input's mask passes through

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs, mask=None):
        if mask is not None:  # Keras: masked-out positions get (almost) no probability
            inputs = math_ops.add(inputs, math_ops.multiply(
                math_ops.subtract(1.0, array_ops.cast(mask, inputs.dtype)), -1e9))
        return activations.softmax(inputs, axis=self.axis)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


class Lambda(Layer):
    """A layer that applies a Python function. Mirrors `keras.layers.Lambda`.

    >>> double = tf.keras.layers.Lambda(lambda x: 2 * x)
    >>> double(tf.constant([1.0]))
    <tf.Tensor: shape=(1,), dtype=float32, numpy=array([2.], dtype=float32)>

    The output shape is found by calling the function once on zeros (batch size 1),
    unless `output_shape` is given. A Lambda layer saves (its function by name
    only) but does not load: the function is code, and loading never runs code
    from a file (Keras 3 refuses it too, unless `safe_mode=False`).
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        if isinstance(function, dict):  # from a saved config: the code is not in the file
            raise ValueError("Requested the deserialization of a `Lambda` layer whose `function` "
                             "is a Python function. Loading runs no code from a file in this "
                             "engine: rebuild the model in Python and load its weights instead.")
        super().__init__(**kwargs)
        self.function = function
        self.arguments = dict(arguments or {})
        self._output_shape = None if output_shape is None else tuple(output_shape)

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def compute_output_shape(self, input_shape) -> tuple:
        if self._output_shape is not None:
            return (input_shape[0],) + self._output_shape
        probe = np.zeros([1 if d is None else d for d in input_shape], self.dtype.as_numpy_dtype)
        out = tuple(convert_to_tensor(self.function(convert_to_tensor(probe), **self.arguments)).shape)
        return (input_shape[0],) + out[1:] if input_shape and input_shape[0] is None else out

    def get_config(self) -> dict:
        return {**super().get_config(), "function": {
            "class_name": "__lambda__" if self.function.__name__ == "<lambda>" else "function",
            "config": getattr(self.function, "__qualname__", repr(self.function))},
            "arguments": self.arguments}
