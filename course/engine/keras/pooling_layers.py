"""Global pooling: one number per channel, the mean or the largest over every position.

    >>> images = tf.zeros([8, 7, 7, 64])                  # (batch, height, width, channels)
    >>> tf.keras.layers.GlobalAveragePooling2D()(images).shape
    TensorShape([8, 64])

`GlobalAveragePooling2D` and `GlobalMaxPooling2D` reduce an image's height and
width, `GlobalMaxPooling1D` a sequence's steps (its average twin, which takes
masks, is in sequence_layers.py): the ops `Mean` and `Max` over those axes.
`keepdims=True` keeps them as axes of size 1; `data_format="channels_first"`
reads (batch, channels, ...) inputs. They usually end a convolutional network,
in place of a `Flatten`, before the last `Dense`.

Read next: conv_layers.py (MaxPooling2D, windows instead of everything).
"""
from __future__ import annotations

from ..ops import reduce_ops
from .layers import Layer
from .reshaping_layers import check_ndim, data_format_of

__all__ = ["GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalMaxPooling1D"]


class _GlobalPooling(Layer):
    """What the three share: Keras 3's arguments, the rank check, the output shape, the config."""

    spatial_dims = 2
    reduce = staticmethod(reduce_ops.reduce_mean)

    def __init__(self, data_format=None, keepdims: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format_of(data_format)
        self.keepdims = keepdims
        self.built = True  # (no weights: Keras builds it at once)

    def call(self, inputs):
        check_ndim(self, inputs.shape, self.spatial_dims + 2)
        first = 1 if self.data_format == "channels_last" else 2
        axes = list(range(first, first + self.spatial_dims))
        return type(self).reduce(inputs, axis=axes, keepdims=self.keepdims)

    def compute_output_shape(self, input_shape) -> tuple:
        batch, ones = input_shape[0], (1,) * (len(input_shape) - 2)
        if self.data_format == "channels_last":
            return (batch, *ones, input_shape[-1]) if self.keepdims else (batch, input_shape[-1])
        return (batch, input_shape[1], *ones) if self.keepdims else (batch, input_shape[1])

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format,
                "keepdims": self.keepdims}


class GlobalAveragePooling2D(_GlobalPooling):
    """The mean over height and width. Mirrors `keras.layers.GlobalAveragePooling2D`.

    >>> tf.keras.layers.GlobalAveragePooling2D(keepdims=True)(tf.ones([1, 4, 4, 3])).shape
    TensorShape([1, 1, 1, 3])
    """

    float_math = True  # integer inputs become floats (layers.py: Keras's ops promote them)


class GlobalMaxPooling2D(_GlobalPooling):
    """The largest value over height and width. Mirrors `keras.layers.GlobalMaxPooling2D`.

    >>> tf.keras.layers.GlobalMaxPooling2D()(tf.reshape(tf.range(8.0), [1, 2, 2, 2]))
    <tf.Tensor: shape=(1, 2), dtype=float32, numpy=array([[6., 7.]], dtype=float32)>
    """

    reduce = staticmethod(reduce_ops.reduce_max)


class GlobalMaxPooling1D(_GlobalPooling):
    """The largest value over the steps: (batch, steps, features) -> (batch, features).

    Mirrors `keras.layers.GlobalMaxPooling1D`.

    >>> tf.keras.layers.GlobalMaxPooling1D()(tf.constant([[[1.0], [3.0], [2.0]]]))
    <tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[3.]], dtype=float32)>
    """

    spatial_dims = 1
    reduce = staticmethod(reduce_ops.reduce_max)
