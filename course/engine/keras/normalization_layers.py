"""`tf.keras.layers.BatchNormalization`: normalize with the batch's statistics while training.

While training, each feature is standardized with the mean and variance of the
current batch, then scaled and shifted by learned `gamma` and `beta`; the layer
also keeps running averages of those statistics (`moving_mean`,
`moving_variance`), which it uses at inference instead:

    training:   y = gamma * (x - mean_batch) / sqrt(var_batch + epsilon) + beta
                moving = moving * momentum + batch_statistic * (1 - momentum)
    inference:  y = gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta

Everything is engine ops, so gradients flow through the batch statistics (an
example's output depends on the whole batch: `batch_jacobian` does not apply).
"""
from __future__ import annotations

from ..ops import array_ops, math_ops, reduce_ops, unary_ops
from .layers import Layer, shape_text

__all__ = ["BatchNormalization"]


class BatchNormalization(Layer):
    """Mirrors `keras.layers.BatchNormalization` (Keras 3 defaults: momentum 0.99, epsilon 1e-3)."""

    def __init__(self, axis: int = -1, momentum: float = 0.99, epsilon: float = 1e-3,
                 center: bool = True, scale: bool = True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros",
                 moving_variance_initializer="ones", **kwargs):
        super().__init__(**kwargs)
        self.axis, self.momentum, self.epsilon = int(axis), float(momentum), float(epsilon)
        self.center, self.scale = center, scale
        self._initializers = (gamma_initializer, beta_initializer, moving_mean_initializer,
                              moving_variance_initializer)
        self.gamma = self.beta = None

    def build(self, input_shape) -> None:
        axis = self.axis % len(input_shape)
        if input_shape[axis] is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined dimension "
                             f"but the layer received an input with shape "
                             f"{shape_text(input_shape)}.")
        shape = (input_shape[axis],)
        gamma, beta, mean, variance = self._initializers
        if self.scale:
            self.gamma = self.add_weight(shape, gamma, "gamma")
        if self.center:
            self.beta = self.add_weight(shape, beta, "beta")
        self.moving_mean = self.add_weight(shape, mean, "moving_mean", trainable=False)
        self.moving_variance = self.add_weight(shape, variance, "moving_variance", trainable=False)
        # statistics over every axis but the feature axis; shaped to broadcast against inputs
        self._reduce = [d for d in range(len(input_shape)) if d != axis]
        self.built = True

    def call(self, inputs, training=None):
        if training and self.trainable:
            mean = reduce_ops.reduce_mean(inputs, axis=self._reduce)
            variance = reduce_ops.reduce_mean(
                math_ops.squared_difference(inputs, reduce_ops.reduce_mean(
                    inputs, axis=self._reduce, keepdims=True)), axis=self._reduce)
            keep = self.momentum
            self.moving_mean.assign(math_ops.add(math_ops.multiply(self.moving_mean, keep),
                                                 math_ops.multiply(mean, 1.0 - keep)))
            self.moving_variance.assign(math_ops.add(
                math_ops.multiply(self.moving_variance, keep),
                math_ops.multiply(variance, 1.0 - keep)))
        else:
            mean, variance = self.moving_mean, self.moving_variance
        # as tf.nn.batch_normalization: x * inv + (beta - mean * inv), inv = gamma / sqrt(var + eps)
        inv = unary_ops.rsqrt(math_ops.add(variance, self.epsilon))
        if self.gamma is not None:
            inv = math_ops.multiply(inv, self.gamma)
        shift = math_ops.negative(math_ops.multiply(mean, inv))
        if self.beta is not None:
            shift = math_ops.add(self.beta, shift)
        if self.axis % inputs.ndim != inputs.ndim - 1:  # features not last: put them in place
            shape = [1] * inputs.ndim
            shape[self.axis % inputs.ndim] = -1
            inv, shift = array_ops.reshape(inv, shape), array_ops.reshape(shift, shape)
        return math_ops.add(math_ops.multiply(inputs, inv), shift)

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "momentum": self.momentum,
                "epsilon": self.epsilon, "center": self.center, "scale": self.scale}
