"""`tf.keras.layers.Conv2D`, `MaxPooling2D` and `Conv2DTranspose`: layers for images (NHWC).

    >>> conv = tf.keras.layers.Conv2D(32, 3, activation="relu")
    >>> conv(tf.zeros([1, 28, 28, 1])).shape        # "valid": a 3x3 window fits 26 times
    TensorShape([1, 26, 26, 32])
    >>> tf.keras.layers.MaxPooling2D()(tf.zeros([1, 26, 26, 32])).shape
    TensorShape([1, 13, 13, 32])

The arithmetic is the op table's `Conv2D`, `MaxPool` and `Conv2DBackpropInput`
(ops/conv_ops.py; images are channels last);
these layers hold the kernel and bias and Keras's arguments.
"""
from __future__ import annotations

import math

from ..ops import conv_ops, math_ops
from . import activations, initializers, regularizers
from .layers import Layer, kernel_options, shape_text
from .reshaping_layers import standardize_tuple

__all__ = ["Conv2D", "MaxPooling2D", "Conv2DTranspose"]


def _padding(padding: str) -> str:
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"The `padding` argument must be one of 'valid', 'same'. Received: "
                         f"padding={padding}")
    return padding


def _channels_last(data_format) -> str:
    if data_format not in (None, "channels_last"):
        raise NotImplementedError(f"data_format={data_format!r} is not part of this engine: "
                                  "images are channels_last (NHWC).")
    return "channels_last"


def _out_size(size, window: int, stride: int, dilation: int, padding: str):
    if size is None:
        return None
    if padding == "same":
        return math.ceil(size / stride)
    return max(math.ceil((size - (window - 1) * dilation) / stride), 0)


def _build_weights(layer, input_shape, kernel_shape: tuple):
    """A convolution's build: checks (batch, height, width, channels) inputs with a known
    channel count, makes the bias (if used) and returns the kernel, made first."""
    if len(input_shape) != 4 or input_shape[-1] is None:
        raise ValueError(f"Input 0 of layer '{layer.name}' is incompatible with the layer: "
                         f"expected ndim=4 with a known channel count, found shape "
                         f"{shape_text(input_shape)}")
    # (Conv2D's regularizers add their penalties to `layer.losses`; Conv2DTranspose has none)
    kernel = layer.add_weight(kernel_shape, layer.kernel_initializer, "kernel",
                              regularizer=getattr(layer, "kernel_regularizer", None))
    if layer.use_bias:
        layer.bias = layer.add_weight((layer.filters,), layer.bias_initializer, "bias",
                                      regularizer=getattr(layer, "bias_regularizer", None))
    layer._expected_last_dim = int(input_shape[-1])
    layer.built = True
    return kernel


class Conv2D(Layer):
    """A 2-D convolution over images: `activation(conv2d(inputs, kernel) + bias)`.

    Mirrors `keras.layers.Conv2D`: the kernel has shape (kh, kw, in_channels,
    filters), inputs are (batch, height, width, channels).
    """

    def __init__(self, filters: int, kernel_size, strides=(1, 1), padding="valid",
                 data_format=None, dilation_rate=(1, 1), groups: int = 1, activation=None,
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 **kwargs):
        super().__init__(**kwargs)
        if groups != 1:
            raise NotImplementedError("Conv2D with groups > 1 is not part of this engine.")
        self.filters = int(filters)
        self.kernel_size = standardize_tuple(kernel_size, 2, "kernel_size")
        self.strides = standardize_tuple(strides, 2, "strides")
        self.padding = _padding(padding)
        self.data_format = _channels_last(data_format)
        self.dilation_rate = standardize_tuple(dilation_rate, 2, "dilation_rate")
        kernel_options(self, activation, use_bias, kernel_initializer, bias_initializer,
                       kernel_regularizer, bias_regularizer)

    @property
    def kernel(self):
        """The (height, width, in channels, filters) weight (None until the layer is built)."""
        return self._kernel

    def build(self, input_shape) -> None:
        self._kernel = _build_weights(self, input_shape,
                                      self.kernel_size + (input_shape[-1], self.filters))

    def call(self, inputs):
        x = conv_ops.conv2d(inputs, self.kernel, strides=self.strides,
                            padding=self.padding.upper(), dilations=self.dilation_rate)
        if self.use_bias:
            x = math_ops.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape) -> tuple:
        h, w = (_out_size(input_shape[1 + i], self.kernel_size[i], self.strides[i],
                          self.dilation_rate[i], self.padding) for i in (0, 1))
        return (input_shape[0], h, w, self.filters)

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": list(self.kernel_size), "strides": list(self.strides),
                "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": list(self.dilation_rate),
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer)}


class MaxPooling2D(Layer):
    """The largest value in each `pool_size` window. Mirrors `keras.layers.MaxPooling2D`.

    `strides` defaults to `pool_size` (windows side by side, not overlapping).
    """

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.pool_size = standardize_tuple(pool_size, 2, "pool_size")
        self.strides = self.pool_size if strides is None else \
            standardize_tuple(strides, 2, "strides")
        self.padding = _padding(padding)
        self.data_format = _channels_last(data_format)

    def call(self, inputs):
        return conv_ops.max_pool2d(inputs, self.pool_size, self.strides, self.padding.upper())

    def compute_output_shape(self, input_shape) -> tuple:
        h, w = (_out_size(input_shape[1 + i], self.pool_size[i], self.strides[i], 1,
                          self.padding) for i in (0, 1))
        return (input_shape[0], h, w, input_shape[3])

    def get_config(self) -> dict:
        return {**super().get_config(), "pool_size": list(self.pool_size),
                "padding": self.padding, "strides": list(self.strides),
                "data_format": self.data_format}


def _transposed_size(size, window: int, stride: int, padding: str):
    """The output length of a transposed convolution: the input length a convolution with the
    same window, stride and padding would turn into `size` (Keras's rule, no output_padding)."""
    if size is None:
        return None
    if padding == "same":
        return size * stride
    return size * stride + max(window - stride, 0)


class Conv2DTranspose(Layer):
    """The transpose of a 2-D convolution: it grows images (stride 2 doubles them).

    Mirrors `keras.layers.Conv2DTranspose`. What it computes is the gradient of
    a `Conv2D` with respect to its input (the op `Conv2DBackpropInput`), so the
    kernel has shape (kh, kw, filters, in_channels): out and in swapped.

    >>> tf.keras.layers.Conv2DTranspose(8, 3, strides=2, padding="same")(
    ...     tf.zeros([1, 7, 7, 16])).shape
    TensorShape([1, 14, 14, 8])
    """

    def __init__(self, filters: int, kernel_size, strides=(1, 1), padding="valid",
                 output_padding=None, data_format=None, dilation_rate=(1, 1), activation=None,
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        dilation_rate = standardize_tuple(dilation_rate, 2, "dilation_rate")
        if output_padding is not None or dilation_rate != (1, 1):
            raise NotImplementedError("Conv2DTranspose with output_padding or a dilation_rate "
                                      "is not part of this engine.")
        self.filters = int(filters)
        self.kernel_size = standardize_tuple(kernel_size, 2, "kernel_size")
        self.strides = standardize_tuple(strides, 2, "strides")
        self.padding = _padding(padding)
        self.data_format = _channels_last(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel = None
        self.bias = None

    def build(self, input_shape) -> None:
        # (the transposed kernel: filters before input channels)
        self.kernel = _build_weights(self, input_shape,
                                     self.kernel_size + (self.filters, input_shape[-1]))

    def call(self, inputs):
        batch, h, w, _ = self.compute_output_shape(tuple(inputs.shape.as_list()))
        # (a batch unknown while tracing: the op takes it from its input when it runs)
        x = conv_ops.conv2d_backprop_input(inputs, self.kernel, (batch, h, w, self.filters),
                                           strides=self.strides, padding=self.padding.upper(),
                                           dilations=(1, 1))
        if self.use_bias:
            x = math_ops.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape) -> tuple:
        h, w = (_transposed_size(input_shape[1 + i], self.kernel_size[i], self.strides[i],
                                 self.padding) for i in (0, 1))
        return (input_shape[0], h, w, self.filters)

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": list(self.kernel_size), "strides": list(self.strides),
                "padding": self.padding, "output_padding": None, "data_format": self.data_format,
                "dilation_rate": [1, 1], "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer)}
