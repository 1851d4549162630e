"""`tf.keras.layers.Conv1D`: a convolution along a sequence (time series, text, audio).

    >>> conv = tf.keras.layers.Conv1D(8, 3)             # 8 filters, each 3 steps wide
    >>> conv(tf.zeros([4, 10, 2])).shape                # (batch, steps, channels)
    TensorShape([4, 8, 8])

A 1-D convolution is a 2-D one over an image one pixel high, and that is how
TensorFlow computes it (`tf.nn.conv1d`: ExpandDims, Conv2D, Squeeze): the
steps become the width, the kernel (width, in channels, filters) gets a height
of 1. So the arithmetic and its gradient are the op table's `Conv2D`
(ops/conv_ops.py). `padding="causal"` pads only the start of the sequence, by
`dilation_rate * (kernel_size - 1)` steps, so an output never sees a later step.

Read next: conv_layers.py (Conv2D, whose arguments these mirror).
"""
from __future__ import annotations

import numpy as np

from ..ops import array_ops, conv_ops, math_ops
from ..ops.padding_ops import pad
from . import activations, initializers, regularizers
from .layers import Layer, kernel_options, shape_text
from .reshaping_layers import check_ndim, standardize_tuple

__all__ = ["Conv1D"]


class Conv1D(Layer):
    """`activation(conv1d(inputs, kernel) + bias)`. Mirrors `keras.layers.Conv1D`.

    The kernel has shape (kernel_size, in_channels, filters); inputs are (batch,
    steps, channels). `padding`: "valid" (no padding), "same" (as many outputs
    as inputs, at stride 1) or "causal".

    >>> tf.keras.layers.Conv1D(1, 2, padding="causal", kernel_initializer="ones",
    ...                        use_bias=False)(tf.constant([[[1.0], [2.0], [3.0]]]))[0, :, 0]
    <tf.Tensor: shape=(3,), dtype=float32, numpy=array([1., 3., 5.], dtype=float32)>
    """

    def __init__(self, filters: int, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups: int = 1, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        if groups != 1 or data_format not in (None, "channels_last") or \
                activity_regularizer is not None or kernel_constraint is not None or \
                bias_constraint is not None:
            raise NotImplementedError("Conv1D with groups > 1, channels_first, an "
                                      "activity_regularizer or constraints is not part of this "
                                      "engine.")
        self.filters = filters
        self.kernel_size = standardize_tuple(kernel_size, 1, "kernel_size")
        self.strides = standardize_tuple(strides, 1, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, 1, "dilation_rate")
        padding = str(padding).lower()
        if padding not in ("valid", "same", "causal"):
            raise ValueError("The `padding` argument must be a list/tuple or one of {'valid', "
                             f"'same', 'causal'}}. Received: {padding}")
        self.padding, self.data_format, self.groups = padding, "channels_last", 1
        if filters is not None and filters <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly "
                             f"positive value. Received filters={filters}.")
        if self.strides[0] > 1 and self.dilation_rate[0] > 1:
            raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > "
                             f"1`. Received: strides={self.strides} and "
                             f"dilation_rate={self.dilation_rate}")
        kernel_options(self, activation, use_bias, kernel_initializer, bias_initializer,
                       kernel_regularizer, bias_regularizer)

    @property
    def kernel(self):
        """The (kernel_size, in channels, filters) weight (None until the layer is built)."""
        return self._kernel

    def build(self, input_shape) -> None:
        check_ndim(self, input_shape, 3, at_least=True)
        if len(input_shape) > 3:
            raise ValueError("Kernel shape must have the same length as input, but received "
                             "kernel of shape "
                             f"{self.kernel_size + (input_shape[-1], self.filters)} and input of "
                             f"shape {tuple(input_shape)}.")
        if input_shape[-1] is None:
            raise ValueError(f"Conv1D layer '{self.name}' needs a known channel count (the last "
                             f"axis); got input shape {shape_text(input_shape)}.")
        self.compute_output_shape(input_shape)  # (refuses an output of no steps, as Keras)
        self._kernel = self.add_weight(self.kernel_size + (input_shape[-1], self.filters),
                                       self.kernel_initializer, "kernel",
                                       regularizer=self.kernel_regularizer)
        if self.use_bias:
            self.bias = self.add_weight((self.filters,), self.bias_initializer, "bias",
                                        regularizer=self.bias_regularizer)
        self._expected_last_dim = int(input_shape[-1])
        self.built = True

    def call(self, inputs):
        padding = self.padding
        if padding == "causal":  # zeros before the first step only, then an ordinary "valid"
            inputs = pad(inputs, [[0, 0], [self.dilation_rate[0] * (self.kernel_size[0] - 1), 0],
                                  [0, 0]])
            padding = "valid"
        # TF's conv1d: the steps as the width of an image one row high
        x = conv_ops.conv2d(array_ops.expand_dims(inputs, 1),
                            array_ops.expand_dims(self.kernel, 0),
                            strides=(1, self.strides[0]), padding=padding.upper(),
                            dilations=(1, self.dilation_rate[0]))
        x = array_ops.squeeze(x, [1])
        if self.use_bias:
            x = math_ops.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape) -> tuple:
        steps, stride, dilation = input_shape[1], self.strides[0], self.dilation_rate[0]
        if steps is not None:
            if self.padding == "valid":
                steps = (steps - dilation * (self.kernel_size[0] - 1) - 1) // stride + 1
                if steps <= 0:
                    raise ValueError(
                        "Computed output size would be zero or negative. Received `inputs "
                        f"shape={tuple(input_shape)}`, `kernel shape="
                        f"{self.kernel_size + (input_shape[-1], self.filters)}`, "
                        f"`dilation_rate={np.array(self.dilation_rate)}`, "
                        f"`strides={self.strides}`, `padding={self.padding}`.")
            else:
                steps = (steps - 1) // stride + 1
        return (input_shape[0], steps, self.filters)

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": self.kernel_size, "strides": self.strides,
                "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, "groups": self.groups,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
