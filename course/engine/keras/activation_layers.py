"""`tf.keras.layers.ReLU` and `LeakyReLU`: activations as layers of their own.

    >>> tf.keras.layers.ReLU(max_value=6.0)(tf.constant([-1.0, 3.0, 9.0]))
    <tf.Tensor: shape=(3,), dtype=float32, numpy=array([0., 3., 6.], dtype=float32)>
    >>> tf.keras.layers.LeakyReLU()(tf.constant([-1.0, 2.0]))     # Keras 3: slope 0.3
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([-0.3,  2. ], dtype=float32)>

A layer, rather than `activation="relu"` on a Dense or Conv2D, when the
activation needs arguments (a leaky slope, a cap) or should show as its own
row in `model.summary()`. No weights; the arithmetic is
`tf.keras.activations.relu` and `leaky_relu` (activations.py: the ops Relu,
LeakyRelu, Relu6 and a few others), so gradients come from the op table.

Read next: function_layers.py (Activation, Softmax, Lambda).
"""
from __future__ import annotations

import warnings

from . import activations
from .layers import Layer

__all__ = ["ReLU", "LeakyReLU"]


class ReLU(Layer):
    """The rectified linear unit, with Keras's three options. Mirrors `keras.layers.ReLU`.

        f(x) = max_value                          for x >= max_value
        f(x) = x                                  for threshold < x < max_value
        f(x) = negative_slope * (x - threshold)   otherwise

    >>> tf.keras.layers.ReLU(negative_slope=0.5)(tf.constant([-4.0, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([-2.,  2.], dtype=float32)>
    """

    supports_masking = True  # Keras 3: the input's mask passes through

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0.0:
            raise ValueError("max_value of a ReLU layer cannot be a negative value. "
                             f"Received: max_value={max_value}")
        if negative_slope is None or negative_slope < 0.0:
            raise ValueError("negative_slope of a ReLU layer cannot be None or a negative "
                             f"value. Received: negative_slope={negative_slope}")
        if threshold is None or threshold < 0.0:
            raise ValueError("threshold of a ReLU layer cannot be None or a negative value. "
                             f"Received: threshold={threshold}")
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold
        self.built = True  # (no weights: Keras builds it at once)

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope,
                                max_value=self.max_value, threshold=self.threshold)

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}


class LeakyReLU(Layer):
    """x for x > 0, `negative_slope * x` otherwise. Mirrors `keras.layers.LeakyReLU`.

    Keras 3 names the slope `negative_slope` (default 0.3); the old name `alpha`
    still works, with a warning.

    >>> tf.keras.layers.LeakyReLU(negative_slope=0.1)(tf.constant([-5.0, 5.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([-0.5,  5. ], dtype=float32)>
    """

    float_math = True  # integer inputs become floats (layers.py: Keras's ops promote them)

    supports_masking = True

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.",
                          stacklevel=2)
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError("The negative_slope value of a Leaky ReLU layer cannot be None or "
                             f"negative value. Expected a float. Received: "
                             f"negative_slope={negative_slope}")
        self.negative_slope = negative_slope
        self.built = True

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "negative_slope": self.negative_slope}
