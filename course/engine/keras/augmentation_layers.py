"""Random image augmentation: `RandomFlip`, `RandomRotation`, `RandomZoom`.

Put first in a model, they show it a slightly different version of each
training image on every step (flipped, turned, zoomed), which makes it
harder to memorise the training set:

    >>> augment = tf.keras.Sequential([tf.keras.layers.RandomFlip("horizontal"),
    ...                                tf.keras.layers.RandomRotation(0.1)])
    >>> augment(images).shape          # the same shape, float32
    TensorShape([32, 180, 180, 3])

As in Keras 3, they change images when called directly or by `fit`
(`training` not False) and pass them through (as float32) in `predict` and
`evaluate`. Each layer draws its random numbers from its own SeedGenerator
(keras/random.py): the same distributions as Keras, not Keras's exact draws.
Unlike Keras, an unknown flip mode or a factor range whose lower bound is
above its upper bound is an error here (Keras 3 takes them and does not flip,
or draws from the reversed range).
Rotations and zooms move pixels with TF's projective-transform kernel
(ops/image_transform_ops.py): bilinear blending, and "reflect" filling of
the corners by default.
"""
from __future__ import annotations

import math

from .. import dtypes
from ..ops import array_ops, creation_ops, index_ops, math_ops, unary_ops
from ..ops.stateless_random_ops import stateless_uniform
from ..ops.image_ops import reverse
from ..ops.image_transform_ops import FILL_MODES, image_projective_transform
from . import random as keras_random
from .layers import Layer

__all__ = ["RandomFlip", "RandomRotation", "RandomZoom"]

_FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


class _Augmentation(Layer):
    """What the three share: float32 images [batch, h, w, c] or [h, w, c], a seed generator,
    and `transform(batch)` applied only while training."""

    def __init__(self, seed=None, data_format=None, **kwargs):
        if data_format not in (None, "channels_last"):
            raise NotImplementedError(f"{type(self).__name__}(data_format={data_format!r}) is "
                                      "not part of this engine: images are channels_last.")
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras_random.SeedGenerator(seed)

    def _uniform(self, shape, low: float, high: float):
        return stateless_uniform(shape, keras_random.draw_seed(self.seed_generator),
                                            minval=low, maxval=high)

    def call(self, inputs, training=True):
        images = array_ops.cast(inputs, dtypes.float32)
        if training is False:
            return images
        single = images.shape.rank == 3
        if single:
            images = array_ops.expand_dims(images, 0)
        out = self.transform(images)
        return array_ops.squeeze(out, [0]) if single else out

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        # (each subclass adds its own keys, in Keras's order: a saved config.json reads the same)
        return {**super().get_config(), "data_format": "channels_last"}


class RandomFlip(_Augmentation):
    """Flips each image left-right and/or up-down with probability 1/2. Mirrors
    `keras.layers.RandomFlip` (mode "horizontal", "vertical" or "horizontal_and_vertical")."""

    def __init__(self, mode: str = "horizontal_and_vertical", seed=None, **kwargs):
        if mode not in _FLIP_MODES:
            raise ValueError(f"RandomFlip layer {kwargs.get('name')} received an unknown mode "
                             f"argument {mode}")
        super().__init__(seed, **kwargs)
        self.mode = mode

    def transform(self, images):
        batch = array_ops.shape(images)[:1]
        shape = array_ops.concat([batch, creation_ops.ones([3], dtypes.int32)], 0)
        for axis, flips in ((2, "horizontal"), (1, "vertical")):
            if flips in self.mode:
                flip = math_ops.less_equal(self._uniform(shape, 0.0, 1.0), 0.5)
                images = index_ops.where(flip, reverse(images, [axis]), images)
        return images

    def get_config(self) -> dict:
        return {**super().get_config(), "seed": self.seed, "mode": self.mode}


def _factor_range(factor, name: str) -> tuple:
    """Keras's factor: a number f means (-f, f); a pair is (lower, upper)."""
    low, high = (-factor, factor) if isinstance(factor, (int, float)) else tuple(factor)
    if high < low:
        raise ValueError(f"`{name}` cannot have upper bound less than lower bound. Received: "
                         f"{name}={factor}")
    return float(low), float(high)


class _Transform(_Augmentation):
    def __init__(self, fill_mode: str, interpolation: str, fill_value: float, seed, **kwargs):
        super().__init__(seed, **kwargs)  # (first, as Keras: a refused layer still takes a name)
        if fill_mode not in FILL_MODES:
            raise NotImplementedError(f"Unknown `fill_mode` {fill_mode}. Expected of one "
                                      f"{FILL_MODES}.")
        if interpolation not in ("bilinear", "nearest"):
            raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Expected of one "
                                      "('nearest', 'bilinear').")
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, fill_value

    def _apply(self, images, rows: list):
        """The 8-number transforms (one list of tensors per row of the matrix) applied."""
        transforms = array_ops.stack(rows, axis=1)
        return image_projective_transform(images, transforms, self.interpolation, self.fill_mode,
                                          self.fill_value)


class RandomRotation(_Transform):
    """Turns each image about its centre by a random angle, `factor` of a full turn at most
    (0.1: up to 36 degrees either way). Mirrors `keras.layers.RandomRotation`."""

    def __init__(self, factor, fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed=None, fill_value: float = 0.0, **kwargs):
        super().__init__(fill_mode, interpolation, fill_value, seed, **kwargs)
        self.factor = factor
        self.lower, self.upper = _factor_range(factor, "factor")

    def transform(self, images):
        shape = array_ops.shape(images)
        h = array_ops.cast(shape[1], dtypes.float32) - 1.0
        w = array_ops.cast(shape[2], dtypes.float32) - 1.0
        angle = self._uniform(shape[:1], self.lower * 2 * math.pi, self.upper * 2 * math.pi)
        cos, sin = unary_ops.cos(angle), unary_ops.sin(angle)
        # the output pixel (x, y) reads the input at R(x, y) + offset: R turns about the centre
        x_offset = (w - (cos * w - sin * h)) / 2.0
        y_offset = (h - (sin * w + cos * h)) / 2.0
        zero = array_ops.zeros_like(angle)
        return self._apply(images, [cos, -sin, x_offset, sin, cos, y_offset, zero, zero])

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": (self.lower, self.upper),
                "fill_mode": self.fill_mode, "fill_value": self.fill_value,
                "interpolation": self.interpolation, "seed": self.seed}


class RandomZoom(_Transform):
    """Zooms each image in or out about its centre: `height_factor` 0.1 scales the height by
    0.9 to 1.1 (above 1: zoomed out), `width_factor` (default: the same factor as the height)
    the width. Mirrors `keras.layers.RandomZoom`."""

    def __init__(self, height_factor, width_factor=None, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed=None, fill_value: float = 0.0, **kwargs):
        super().__init__(fill_mode, interpolation, fill_value, seed, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_range = _factor_range(height_factor, "height_factor")
        self.width_range = None if width_factor is None else \
            _factor_range(width_factor, "width_factor")

    def transform(self, images):
        shape = array_ops.shape(images)
        h = array_ops.cast(shape[1], dtypes.float32) - 1.0
        w = array_ops.cast(shape[2], dtypes.float32) - 1.0
        low, high = self.height_range
        zoom_y = self._uniform(shape[:1], 1.0 + low, 1.0 + high)
        if self.width_range is None:  # (one zoom for both sides: the shape is kept)
            zoom_x = zoom_y
        else:
            zoom_x = self._uniform(shape[:1], 1.0 + self.width_range[0],
                                   1.0 + self.width_range[1])
        zero = array_ops.zeros_like(zoom_y)
        return self._apply(images, [zoom_x, zero, w / 2.0 * (1.0 - zoom_x),
                                    zero, zoom_y, h / 2.0 * (1.0 - zoom_y), zero, zero])

    def get_config(self) -> dict:
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor, "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "seed": self.seed,
                "fill_value": self.fill_value}
