"""`tf.keras.layers.Reshape`, `ZeroPadding2D`, `UpSampling2D`: layers that move or add values.

    >>> tf.keras.layers.Reshape((3, 4))(tf.zeros([2, 12])).shape      # the batch axis stays
    TensorShape([2, 3, 4])
    >>> tf.keras.layers.ZeroPadding2D(1)(tf.zeros([1, 28, 28, 3])).shape
    TensorShape([1, 30, 30, 3])

`Reshape` is the op `Reshape` on every axis but the batch (`-1` once in the
target: "what is left"); `ZeroPadding2D` is the op `Pad` on an image's height
and width; `UpSampling2D` repeats each pixel (nearest neighbour: a reshape, a tile and a
reshape, so its gradient sums each block). They check what they can from the shapes alone,
with Keras 3's messages.

Read next: conv_layers.py (the layers these usually sit between).
"""
from __future__ import annotations

import math

from ..ops import array_ops
from ..ops.padding_ops import pad
from .layers import Layer

__all__ = ["Reshape", "ZeroPadding2D", "UpSampling2D", "standardize_tuple", "data_format_of", "check_ndim"]


def standardize_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple:
    """An int or n ints -> a tuple of n ints, as Keras's argument checks make it (and its error)."""
    message = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}"
    if isinstance(value, int):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(message) from None
        if len(values) != n:
            raise ValueError(message)
        for v in values:
            try:
                int(v)
            except (ValueError, TypeError):
                raise ValueError(f"{message}including element {v} of type {type(v)}") from None
    bad = {v for v in values if (v < 0 if allow_zero else v <= 0)}
    if bad:
        raise ValueError(f"{message}, including values {bad} that do not satisfy "
                         f"`value {'>= 0' if allow_zero else '> 0'}`")
    return values


def data_format_of(data_format) -> str:
    """None -> "channels_last" (Keras's default image layout); anything else is checked."""
    data_format = (data_format or "channels_last").lower()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError("The `data_format` argument must be one of {'channels_first', "
                         f"'channels_last'}}. Received: data_format={data_format}")
    return data_format


def check_ndim(layer: Layer, input_shape, ndim: int, at_least: bool = False) -> None:
    """Keras 3's InputSpec(ndim=...) (or min_ndim) check, with its message (the input's name
    is unknown here, as it is to Keras for a tensor: 'None'). Keras checks before `call`, so
    the error is not framed with the call's arguments (call_errors.py): it is marked as told."""
    if len(input_shape) < ndim if at_least else len(input_shape) != ndim:
        error = ValueError(f"Input 0 with name 'None' of layer '{layer.name}' is incompatible "
                           f"with the layer: expected {'min_' if at_least else ''}ndim={ndim}, "
                           f"found ndim={len(input_shape)}. Full shape received: "
                           f"{tuple(input_shape)}")
        error._keras_call_info_injected = True
        raise error


def _check_target(target: tuple) -> None:
    """Keras's validate_reshape_shape: sizes >= 0, and -1 (one unknown size) at most once."""
    if any(d < -1 for d in target):
        raise ValueError("Each dimension in `target_shape` must be a non-negative integer, or "
                         f"`-1` for a single unknown dimension. Received: target_shape={target}.")
    if target.count(-1) > 1:
        raise ValueError("There must be at most one unknown dimension (-1) in `target_shape`. "
                         f"Received: target_shape={target}.")


def _resolve(input_shape: tuple, target: tuple) -> tuple:
    """The target with its -1 worked out from an example's shape (None where it is unknown)."""
    if None in input_shape:
        return tuple(None if d == -1 else d for d in target)
    size = math.prod(input_shape)
    if -1 not in target:
        if size != math.prod(target):
            raise ValueError("The total size of the tensor must be unchanged. Received: "
                             f"input_shape={input_shape}, target_shape={target}")
        return target
    known = math.prod(d for d in target if d != -1)
    if known == 0 or size % known != 0:
        raise ValueError("The total size of the tensor must be unchanged, however, the input "
                         "size cannot by divided by the specified dimensions in target_shape. "
                         f"Received: input_shape={input_shape}, target_shape={target}")
    return tuple(size // known if d == -1 else d for d in target)


class Reshape(Layer):
    """Gives each example the shape `target_shape`. Mirrors `keras.layers.Reshape`.

    The batch axis is left alone; one entry of the target may be -1, the size
    that makes the number of values come out the same:

    >>> tf.keras.layers.Reshape((-1, 2))(tf.zeros([5, 6])).shape
    TensorShape([5, 3, 2])
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target = tuple(target_shape)
        _check_target(target)
        self.target_shape = target
        self.built = True

    def call(self, inputs):
        target = _resolve(tuple(inputs.shape.as_list())[1:], self.target_shape)
        # (the batch stays: -1 there, and in place of a size known only when the graph runs)
        rest = tuple(-1 if d is None else d for d in target)
        if rest.count(-1) > 1 or inputs.shape[0] is None and -1 in rest:
            return array_ops.reshape(inputs, array_ops.concat(
                [array_ops.shape(inputs)[:1], list(rest)], axis=0))
        return array_ops.reshape(inputs, (-1 if inputs.shape[0] is None else inputs.shape[0],)
                                 + rest)

    def compute_output_shape(self, input_shape) -> tuple:
        return (input_shape[0],) + _resolve(tuple(input_shape[1:]), self.target_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": self.target_shape}


class ZeroPadding2D(Layer):
    """Adds rows and columns of zeros around images. Mirrors `keras.layers.ZeroPadding2D`.

    `padding`: an int (the same on all four sides), two ints (height, width: each
    on both sides) or two pairs ((top, bottom), (left, right)).

    >>> tf.keras.layers.ZeroPadding2D(((1, 0), (0, 2)))(tf.ones([1, 1, 1, 1]))[0, :, :, 0]
    <tf.Tensor: shape=(2, 3), dtype=float32, numpy=
    array([[0., 0., 0.],
           [1., 0., 0.]], dtype=float32)>
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format_of(data_format)
        if isinstance(padding, int):
            self.padding = ((padding, padding), (padding, padding))
        elif hasattr(padding, "__len__"):
            if len(padding) != 2:
                raise ValueError("`padding` should have two elements. "
                                 f"Received: padding={padding}.")
            self.padding = (standardize_tuple(padding[0], 2, "1st entry of padding", True),
                            standardize_tuple(padding[1], 2, "2nd entry of padding", True))
        else:
            raise ValueError("`padding` should be either an int, a tuple of 2 ints "
                             "(symmetric_height_crop, symmetric_width_crop), or a tuple of 2 "
                             "tuples of 2 ints ((top_crop, bottom_crop), (left_crop, right_crop)). "
                             f"Received: padding={padding}.")

    def call(self, inputs):
        check_ndim(self, inputs.shape, 4)
        if self.data_format == "channels_first":
            paddings = [(0, 0), (0, 0), *self.padding]
        else:
            paddings = [(0, 0), *self.padding, (0, 0)]
        return pad(inputs, [list(p) for p in paddings])

    def compute_output_shape(self, input_shape) -> tuple:
        shape = list(input_shape)
        first = 2 if self.data_format == "channels_first" else 1
        for i in (0, 1):
            if shape[first + i] is not None:
                shape[first + i] += sum(self.padding[i])
        return tuple(shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}


class UpSampling2D(Layer):
    """Repeats each row `size[0]` times and each column `size[1]` times. Mirrors
    `keras.layers.UpSampling2D` (interpolation "nearest" only).

    >>> tf.keras.layers.UpSampling2D(2)(tf.reshape(tf.range(4.0), [1, 2, 2, 1]))[0, :, :, 0]
    <tf.Tensor: shape=(4, 4), dtype=float32, numpy=
    array([[0., 0., 1., 1.],
           [0., 0., 1., 1.],
           [2., 2., 3., 3.],
           [2., 2., 3., 3.]], dtype=float32)>
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation: str = "nearest", **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format_of(data_format)
        self.size = standardize_tuple(size, 2, "size")
        if interpolation != "nearest":
            raise NotImplementedError(f"UpSampling2D(interpolation={interpolation!r}) is not part "
                                      "of this engine: only 'nearest'.")
        self.interpolation = interpolation

    def call(self, inputs):
        check_ndim(self, inputs.shape, 4)
        x = inputs if self.data_format == "channels_last" else \
            array_ops.transpose(inputs, [0, 2, 3, 1])
        _, height, width, channels = x.shape.as_list()
        if None in (height, width, channels):
            raise NotImplementedError("UpSampling2D needs the height, width and channels known.")
        sh, sw = self.size
        # (N, H, 1, W, 1, C) tiled to (N, H, sh, W, sw, C): each pixel becomes a block
        x = array_ops.reshape(x, [-1, height, 1, width, 1, channels])
        x = array_ops.tile(x, [1, 1, sh, 1, sw, 1])
        x = array_ops.reshape(x, [-1, height * sh, width * sw, channels])
        return x if self.data_format == "channels_last" else array_ops.transpose(x, [0, 3, 1, 2])

    def compute_output_shape(self, input_shape) -> tuple:
        shape = list(input_shape)
        first = 2 if self.data_format == "channels_first" else 1
        for i in (0, 1):
            if shape[first + i] is not None:
                shape[first + i] *= self.size[i]
        return tuple(shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}
