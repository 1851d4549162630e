"""Moving pixels by an affine or projective map: TF's kernel ImageProjectiveTransformV3.

Each image of a batch [batch, height, width, channels] has a transform of 8
numbers [a0, a1, a2, b0, b1, b2, c0, c1]: the output pixel (x, y) takes its
value from the input at ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k),
k = c0 x + c1 y + 1 (x the column, y the row). Points that fall outside the
image are brought back by `fill_mode` ("reflect": d c b a | a b c d | d c b a,
"wrap", "nearest") or take `fill_value` ("constant"); between pixels,
"bilinear" blends the four neighbours and "nearest" takes the closest.
Keras's RandomRotation and RandomZoom (keras/augmentation_layers.py) build
their rotations and zooms on it:

    >>> shift_right = [[1.0, 0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0]]
    >>> image_projective_transform(images, shift_right, "bilinear", "constant")

No gradient: the engine's augmentation layers sit before the weights, where
nothing is differentiated (TF registers one for the images; this engine does not).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import Tensor, convert_to_tensor
from . import register

__all__ = ["image_projective_transform", "FILL_MODES"]

FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def _map_coordinate(coord: np.ndarray, size: int, mode: str) -> np.ndarray:
    """Source coordinates brought inside [0, size - 1] by `mode`, as TF's kernel does it."""
    if mode == "constant":
        return coord  # (outside stays outside, and reads fill_value)
    if size <= 1:
        return np.zeros_like(coord)
    if mode == "reflect":
        period = 2.0 * size
        coord = np.mod(coord, period)  # (one period of the mirrored pattern)
        coord = np.where(coord >= size, period - coord - 1.0, coord)
    elif mode == "wrap":  # (TF's steps of `size`, counted from size - 1)
        span = size - 1.0
        coord = np.where(coord < 0, coord + size * (np.trunc(-coord / span) + 1),
                         np.where(coord > span, coord - size * np.trunc(coord / span), coord))
    return np.clip(coord, 0.0, size - 1.0)  # (and "nearest" is just this)


def _round_half_away(coord: np.ndarray) -> np.ndarray:
    """The nearest pixel, halves away from zero (C's `round`, as TF's kernel; NumPy's rounds
    halves to even)."""
    return (np.sign(coord) * np.floor(np.abs(coord) + 0.5)).astype(np.int64)


def _read(image: np.ndarray, rows: np.ndarray, cols: np.ndarray, fill: float) -> np.ndarray:
    """image[rows, cols] for integer coordinates; fill where they are outside the image."""
    height, width = image.shape[:2]
    inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
    values = image[np.clip(rows, 0, height - 1), np.clip(cols, 0, width - 1)]
    return np.where(inside[..., None], values, np.asarray(fill, image.dtype))


def _transform(images, transforms, output_shape, fill_value, interpolation, fill_mode):
    batch, height, width, _ = images.shape
    out_h, out_w = (int(d) for d in output_shape)
    if transforms.shape[0] not in (1, batch):
        raise invalid_argument("ImageProjectiveTransformV3", "Input transform should be num_images"
                               f" x 8 or 1 x 8, got {transforms.shape[0]} transforms for "
                               f"{batch} images")
    # float32 coordinates, as TF's kernel: a point near a pixel's edge rounds the same way
    y, x = np.meshgrid(np.arange(out_h, dtype=np.float32), np.arange(out_w, dtype=np.float32),
                       indexing="ij")
    out = np.empty((batch, out_h, out_w, images.shape[3]), images.dtype)
    fill = float(fill_value)
    for i in range(batch):
        a0, a1, a2, b0, b1, b2, c0, c1 = transforms[min(i, len(transforms) - 1)].astype(np.float32)
        k = c0 * x + c1 * y + np.float32(1)
        src_x = _map_coordinate((a0 * x + a1 * y + a2) / k, width, fill_mode)
        src_y = _map_coordinate((b0 * x + b1 * y + b2) / k, height, fill_mode)
        image = images[i].astype(np.float32)
        if interpolation == "nearest":
            value = _read(image, _round_half_away(src_y), _round_half_away(src_x), fill)
        else:  # bilinear: the four neighbours, weighted by distance
            y0, x0 = np.floor(src_y), np.floor(src_x)
            wy, wx = (src_y - y0)[..., None], (src_x - x0)[..., None]
            y0, x0 = y0.astype(np.int64), x0.astype(np.int64)
            top = (1 - wx) * _read(image, y0, x0, fill) + wx * _read(image, y0, x0 + 1, fill)
            bottom = (1 - wx) * _read(image, y0 + 1, x0, fill) + \
                wx * _read(image, y0 + 1, x0 + 1, fill)
            value = (1 - wy) * top + wy * bottom
        out[i] = value.astype(images.dtype) if images.dtype.kind == "f" else \
            np.round(value).astype(images.dtype)
    return out


# TF's CPU kernels: images of uint8, int32, int64 and the floats (float32 transforms)
IMAGE_PROJECTIVE_TRANSFORM = register(Op("ImageProjectiveTransformV3", _transform, None,
                                         dtypes={dtypes.uint8, dtypes.int32, dtypes.int64,
                                                 dtypes.float16, dtypes.float32, dtypes.float64},
                                         same_dtype=False))
SHAPE_RULES["ImageProjectiveTransformV3"] = lambda specs, attrs: Spec(
    specs[0].dtype, None if specs[0].shape is None else
    (specs[0].shape[0],) + tuple(attrs["output_shape"]) + (specs[0].shape[3],))


def image_projective_transform(images, transforms, interpolation: str = "bilinear",
                               fill_mode: str = "reflect", fill_value: float = 0.0,
                               output_shape=None, name=None) -> Tensor:
    """`images` [batch, height, width, channels] moved by `transforms` [batch or 1, 8].

    Output [batch, *output_shape, channels], by default the input's size.
    """
    images = images if isinstance(images, Tensor) else convert_to_tensor(images)
    if images.shape.rank != 4:
        raise ValueError(f"images must be [batch, height, width, channels], got shape "
                         f"{images.shape}")
    if fill_mode not in FILL_MODES or interpolation not in ("bilinear", "nearest"):
        raise ValueError(f"fill_mode must be one of {FILL_MODES} and interpolation 'bilinear' "
                         f"or 'nearest'; got {fill_mode!r}, {interpolation!r}")
    transforms = convert_to_tensor(transforms, dtype=dtypes.float32)
    if output_shape is None:
        output_shape = images.shape.as_list()[1:3]
        if None in output_shape:
            raise ValueError("image_projective_transform needs the images' height and width "
                             f"(or an output_shape); got shape {images.shape}")
    attrs = {"output_shape": tuple(int(d) for d in output_shape),
             "fill_value": float(fill_value), "interpolation": interpolation,
             "fill_mode": fill_mode}
    return execute(IMAGE_PROJECTIVE_TRANSFORM, (images, transforms), attrs, name=name)
