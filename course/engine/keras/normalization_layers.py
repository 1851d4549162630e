"""`tf.keras.layers.BatchNormalization` and `LayerNormalization`: standardize, then scale and shift.

**BatchNormalization** normalizes each feature with the batch's statistics.
While training, each feature is standardized with the mean and variance of the
current batch, then scaled and shifted by learned `gamma` and `beta`; the layer
also keeps running averages of those statistics (`moving_mean`,
`moving_variance`), which it uses at inference instead:

    training:   y = gamma * (x - mean_batch) / sqrt(var_batch + epsilon) + beta
                moving = moving * momentum + batch_statistic * (1 - momentum)
    inference:  y = gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta

Everything is engine ops, so gradients flow through the batch statistics (an
example's output depends on the whole batch: `batch_jacobian` does not apply).

**LayerNormalization** normalizes each example on its own, over its features
(the last axis by default), the same way in training and inference; no running
statistics:

    y = gamma * (x - mean_example) / sqrt(var_example + epsilon) + beta

    >>> tf.keras.layers.LayerNormalization(epsilon=0.0)(tf.constant([[1.0, 3.0]]))
    <tf.Tensor: shape=(1, 2), dtype=float32, numpy=array([[-1.,  1.]], dtype=float32)>
"""
from __future__ import annotations

from .. import dtypes
from ..ops import array_ops, math_ops, reduce_ops, unary_ops
from . import initializers, regularizers
from .layers import Layer, shape_text

__all__ = ["BatchNormalization", "LayerNormalization"]


class BatchNormalization(Layer):
    """Mirrors `keras.layers.BatchNormalization` (Keras 3 defaults: momentum 0.99, epsilon 1e-3)."""

    float_math = True  # integer inputs become floats (layers.py: Keras's ops promote them)

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
        # (Keras 3: never autocast; a mixed layer normalizes in float32, see call)
        if self.scale:
            self.gamma = self.add_weight(shape, gamma, "gamma", autocast=False)
        if self.center:
            self.beta = self.add_weight(shape, beta, "beta", autocast=False)
        self.moving_mean = self.add_weight(shape, mean, "moving_mean", trainable=False,
                                           autocast=False)
        self.moving_variance = self.add_weight(shape, variance, "moving_variance",
                                               trainable=False, autocast=False)
        # statistics over every axis but the feature axis; shaped to broadcast against inputs
        self._reduce = [d for d in range(len(input_shape)) if d != axis]
        self.built = True

    def call(self, inputs, training=None):
        return _in_float32(self, inputs, lambda x: self._normalize(x, training))

    def _normalize(self, inputs, training):
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


class LayerNormalization(Layer):
    """Standardizes each example over `axis`, then `gamma * x + beta` (one per feature).

    Mirrors `keras.layers.LayerNormalization` (Keras 3: epsilon 1e-3; after `build`,
    `axis` is a sorted list, as Keras keeps it). The weights are `gamma` then
    `beta`, shaped like the normalized axes.

    >>> norm = tf.keras.layers.LayerNormalization()
    >>> norm(tf.zeros([2, 5])).shape, [w.name for w in norm.weights]
    (TensorShape([2, 5]), ['gamma', 'beta'])
    """

    float_math = True  # integer inputs become floats (layers.py: Keras's ops promote them)

    supports_masking = True

    def __init__(self, axis=-1, epsilon: float = 1e-3, center: bool = True, scale: bool = True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        if kwargs.pop("rms_scaling", False):  # (deprecated in Keras 3: RMSNormalization)
            raise NotImplementedError("LayerNormalization(rms_scaling=True) is not part of this "
                                      "engine (Keras 3 deprecates it).")
        super().__init__(**kwargs)
        if beta_constraint is not None or gamma_constraint is not None:
            raise NotImplementedError("Weight constraints are not part of this engine.")
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError("Expected an int or a list/tuple of ints for the argument 'axis', "
                            f"but received: {axis!r}")
        self.epsilon, self.center, self.scale = epsilon, center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.gamma = self.beta = None
        self.autocast = False  # (Keras 3: its weights are read as float32 in a mixed model)

    def build(self, input_shape) -> None:
        if isinstance(self.axis, list):
            self.axis = sorted(self.axis)
            shape = tuple(input_shape[d] for d in self.axis)
        else:
            shape = (input_shape[self.axis],)
            self.axis = [self.axis]
        if None in shape:
            raise ValueError(f"LayerNormalization needs the normalized axes {self.axis} to have "
                             f"known sizes; got input shape {shape_text(input_shape)}.")
        if self.scale:
            self.gamma = self.add_weight(shape, self.gamma_initializer, "gamma",
                                         regularizer=self.gamma_regularizer)
        if self.center:
            self.beta = self.add_weight(shape, self.beta_initializer, "beta",
                                        regularizer=self.beta_regularizer)
        self.built = True

    def call(self, inputs):
        return _in_float32(self, inputs, self._normalize)

    def _normalize(self, inputs):
        ndim = inputs.ndim
        axes = [d % ndim for d in self.axis]
        # as tf.nn.moments (Keras's TF backend): the variance around a mean held constant
        mean = reduce_ops.reduce_mean(inputs, axis=axes, keepdims=True)
        variance = reduce_ops.reduce_mean(math_ops.squared_difference(
            inputs, array_ops.stop_gradient(mean)), axis=axes, keepdims=True)
        gamma, beta = self.gamma, self.beta
        if axes != [ndim - 1]:  # weights shaped like the axes: put them in place to broadcast
            shape = [inputs.shape[d] if d in axes else 1 for d in range(ndim)]
            gamma = None if gamma is None else array_ops.reshape(gamma, shape)
            beta = None if beta is None else array_ops.reshape(beta, shape)
        # Keras's order: x * inv + (beta - mean * inv), inv = gamma / sqrt(variance + epsilon)
        inv = unary_ops.rsqrt(math_ops.add(variance, self.epsilon))
        if gamma is not None:
            inv = math_ops.multiply(inv, gamma)
        shift = math_ops.multiply(math_ops.negative(mean), inv)
        if beta is not None:
            shift = math_ops.add(shift, beta)
        return math_ops.add(math_ops.multiply(inputs, inv), shift)

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale, "rms_scaling": False,
                "beta_initializer": initializers.serialize(self.beta_initializer),
                "gamma_initializer": initializers.serialize(self.gamma_initializer),
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": None, "gamma_constraint": None}


def _in_float32(layer: Layer, inputs, normalize):
    """Keras 3's normalization layers under mixed precision: float16 sums overflow, so float16
    inputs are normalized in float32 with the float32 weights (never autocast), and the
    result is cast to the layer's compute dtype (dtype_policies.py)."""
    if inputs.dtype is dtypes.float16:
        inputs = array_ops.cast(inputs, dtypes.float32)
    outputs = normalize(inputs)
    compute = dtypes.as_dtype(layer.compute_dtype)
    return outputs if outputs.dtype is compute else array_ops.cast(outputs, compute)
