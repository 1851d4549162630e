"""`tf.image`: pixel values, flips, rotations and crops, built from ordinary ops.

An image is a tensor [height, width, channels], a batch of them [batch, height, width,
channels]. Float images hold values in [0, 1], integer images the whole range of their
dtype (0..255 for uint8); `convert_image_dtype` maps one onto the other. Everything
here is made of ops that already have gradients (slicing, `tf.reverse`, arithmetic), as
in TF, except `adjust_contrast`, which is TF's kernel AdjustContrastv2 (ops/image_ops.py)
and has no gradient, also as in TF.

    >>> image = tf.constant([[[0.2, 0.4, 0.6]]])
    >>> tf.image.adjust_brightness(image, 0.1).numpy()
    array([[[0.3, 0.5, 0.7]]], dtype=float32)
    >>> tf.image.rgb_to_grayscale(image).shape
    TensorShape([1, 1, 1])
"""
from __future__ import annotations

import numpy as np

from . import dtypes
from .ops import array_ops as _array
from .ops import index_ops as _index
from .ops import math_ops as _m
from .ops import reduce_ops as _reduce
from .ops.image_ops import adjust_contrast_kernel, reverse
from .ops.linalg_ops import tensordot
from .ops.padding_ops import pad
from .ops.resize_ops import resize_bilinear, resize_nearest_neighbor
from .ops.unary_ops import round as _round, rsqrt
from .tensor import Tensor, convert_to_tensor

__all__ = ["convert_image_dtype", "adjust_brightness", "adjust_contrast", "rgb_to_grayscale",
           "grayscale_to_rgb", "flip_left_right", "flip_up_down", "rot90", "transpose",
           "central_crop", "resize_with_crop_or_pad", "per_image_standardization", "resize",
           "ResizeMethod", "random_flip_left_right", "random_flip_up_down",
           "stateless_random_flip_left_right", "stateless_random_flip_up_down"]


def _image(x) -> Tensor:
    if isinstance(x, Tensor):
        return x
    if getattr(x, "_is_variable", False):
        return x.read_value()
    return convert_to_tensor(x)


def _at_least_3d(image: Tensor) -> tuple:
    shape = image.shape
    if shape.rank is None or shape.rank < 3:
        raise ValueError(f"'image' (shape {shape}) must be at least three-dimensional.")
    dims = image._value.shape
    if any(d == 0 for d in dims[-3:]):
        raise ValueError(f"inner 3 dims of 'image.shape' must be > 0: {shape}")
    return dims


def _known(image: Tensor, axes, function: str) -> tuple:
    """The sizes of `axes`; a size a tf.function traces as unknown is a clear error here (TF
    computes it from the shape when the graph runs)."""
    dims = image._value.shape
    if any(dims[a] is None for a in axes):
        names = ", ".join(str(a % len(dims)) for a in axes)
        raise NotImplementedError(f"tf.image.{function} of images of shape {image.shape} inside "
                                  "tf.function is not part of this engine: it needs the sizes of "
                                  f"axes {names} known when tracing (give the input_signature "
                                  "those sizes)")
    return dims


def _rank_3_or_4(image: Tensor, gap: str = " ") -> int:
    _at_least_3d(image)
    rank = image._value.ndim
    if rank not in (3, 4):  # (TF's flips print no space before "must")
        raise ValueError(f"'image' (shape {image.shape}){gap}must have either 3 or 4 dimensions.")
    return rank


# -- dtypes: [0, 1] floats <-> full-range integers ------------------------------------------------------
def _saturate_cast(x: Tensor, dtype: dtypes.DType) -> Tensor:
    """Clips `x` into `dtype`'s range (as far as x's dtype can say it), then casts: TF's rule."""
    if x.dtype.min < dtype.min or x.dtype.max > dtype.max:
        low = x.dtype.as_numpy_dtype(max(x.dtype.min, dtype.min))
        high = x.dtype.as_numpy_dtype(min(x.dtype.max, dtype.max))
        x = _index.clip_by_value(x, low, high)
    return _array.cast(x, dtype)


def convert_image_dtype(image, dtype, saturate: bool = False, name=None) -> Tensor:
    """Converts pixel values between dtypes, rescaling. Mirrors `tf.image.convert_image_dtype`.

    Integers to floats divide by the integer dtype's max (uint8 255 -> 1.0); floats to
    integers multiply by max + 0.5 and truncate (values outside [0, 1] wrap unless
    `saturate`); integers to integers shift by the ratio of the ranges; floats to floats
    only cast.

    >>> tf.image.convert_image_dtype(tf.constant([0, 128, 255], tf.uint8), tf.float32)
    <tf.Tensor: shape=(3,), dtype=float32, numpy=array([0.       , 0.5019608, 1.       ], ...)>
    """
    image = _image(image)
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    if not image.dtype.is_floating and not image.dtype.is_integer:
        raise AttributeError("image dtype must be either floating point or integer")
    if dtype is image.dtype:
        return _array.identity(image)
    if image.dtype.is_integer and dtype.is_integer:
        scale_in, scale_out = int(image.dtype.max), int(dtype.max)
        if scale_in > scale_out:  # fewer levels: floor-divide, then cast
            scaled = _m.floordiv(image, (scale_in + 1) // (scale_out + 1))
            return _saturate_cast(scaled, dtype) if saturate else _array.cast(scaled, dtype)
        cast = _saturate_cast(image, dtype) if saturate else _array.cast(image, dtype)
        return _m.multiply(cast, (scale_out + 1) // (scale_in + 1))
    if image.dtype.is_floating and dtype.is_floating:
        return _array.cast(image, dtype)
    if image.dtype.is_integer:  # integers -> [0, 1]
        return _m.multiply(_array.cast(image, dtype), 1.0 / float(image.dtype.max))
    scaled = _m.multiply(image, float(dtype.max) + 0.5)  # (+ 0.5: round, not truncate, 0.999...)
    return _saturate_cast(scaled, dtype) if saturate else _array.cast(scaled, dtype)


def _as_float(image: Tensor) -> Tensor:
    # float16 and float32 images are used as they are; the rest go through float32
    return image if image.dtype in (dtypes.float16, dtypes.float32) else \
        convert_image_dtype(image, dtypes.float32)


# -- brightness and contrast ------------------------------------------------------------------------
def adjust_brightness(image, delta) -> Tensor:
    """Adds `delta` to every pixel value (in [0, 1] units). Mirrors `tf.image.adjust_brightness`.

    Integer images are converted to float32 and back, saturating at the dtype's range.
    """
    image = _image(image)
    flt = _as_float(image)
    adjusted = _m.add(flt, _array.cast(delta, flt.dtype))
    return convert_image_dtype(adjusted, image.dtype, saturate=True)


def adjust_contrast(images, contrast_factor) -> Tensor:
    """Scales each pixel's distance from its channel's mean: (x - mean) * factor + mean.

    Mirrors `tf.image.adjust_contrast` (the mean is over height and width, per image and
    channel). TF's kernel has no gradient: a GradientTape that reaches it raises LookupError.
    """
    images = _image(images)
    adjusted = adjust_contrast_kernel(_as_float(images), contrast_factor)
    return convert_image_dtype(adjusted, images.dtype, saturate=True)


def per_image_standardization(image) -> Tensor:
    """Each image scaled to mean 0 and variance 1: (x - mean) / max(stddev, 1/sqrt(N)).

    Mirrors `tf.image.per_image_standardization`; N is the number of values in one image,
    and the result is float32 whatever the input dtype (a cast, not a rescaling).
    """
    image = _array.cast(_image(image), dtypes.float32)
    _at_least_3d(image)
    dims = _known(image, (-3, -2, -1), "per_image_standardization")
    axes = [-1, -2, -3]
    mean = _reduce.reduce_mean(image, axis=axes, keepdims=True)
    stddev = _reduce.reduce_std(image, axis=axes, keepdims=True)
    min_stddev = rsqrt(_array.cast(int(np.prod(dims[-3:])), dtypes.float32))
    return _m.divide(_m.subtract(image, mean), _m.maximum(stddev, min_stddev))


# -- colour ---------------------------------------------------------------------------------------
# (ITU-R 601 luma weights, as TF rounds them)
_RGB_WEIGHTS = [0.2989, 0.587, 0.114]


def rgb_to_grayscale(images, name=None) -> Tensor:
    """Weighted sum of red, green and blue, as one channel. Mirrors `tf.image.rgb_to_grayscale`.

    >>> tf.image.rgb_to_grayscale(tf.constant([[[1.0, 1.0, 1.0]]]))
    <tf.Tensor: shape=(1, 1, 1), dtype=float32, numpy=array([[[0.9999]]], dtype=float32)>
    """
    images = _image(images)
    flt = convert_image_dtype(images, dtypes.float32)
    gray = tensordot(flt, convert_to_tensor(_RGB_WEIGHTS, dtypes.float32), [[-1], [-1]])
    return convert_image_dtype(_array.expand_dims(gray, -1), images.dtype)


def grayscale_to_rgb(images, name=None) -> Tensor:
    """Copies the one channel three times. Mirrors `tf.image.grayscale_to_rgb`."""
    images = _image(images)
    shape = images._value.shape
    if len(shape) < 2:
        raise ValueError(f"A grayscale image (shape {images.shape}) must be at least "
                         "two-dimensional.")
    if shape[-1] != 1:
        raise ValueError("Last dimension of a grayscale image should be size 1.")
    return _array.tile(images, [1] * (len(shape) - 1) + [3])


# -- flips, rotations, transposes ------------------------------------------------------------------------
def flip_left_right(image) -> Tensor:
    """Mirrors the image horizontally (reverses the width). Mirrors `tf.image.flip_left_right`."""
    image = _image(image)
    return reverse(image, [1 if _rank_3_or_4(image, gap="") == 3 else 2])


def flip_up_down(image) -> Tensor:
    """Mirrors the image vertically (reverses the height). Mirrors `tf.image.flip_up_down`."""
    image = _image(image)
    return reverse(image, [0 if _rank_3_or_4(image, gap="") == 3 else 1])


def transpose(image, name=None) -> Tensor:
    """Swaps height and width. Mirrors `tf.image.transpose`."""
    image = _image(image)
    return _array.transpose(image, [1, 0, 2] if _rank_3_or_4(image) == 3 else [0, 2, 1, 3])


def rot90(image, k=1, name=None) -> Tensor:
    """Rotates by k quarter turns counter-clockwise. Mirrors `tf.image.rot90`.

    >>> tf.image.rot90(tf.reshape(tf.range(4), [2, 2, 1]))[..., 0]
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=array([[1, 3], [0, 2]], dtype=int32)>
    """
    image = _image(image)
    rank = _rank_3_or_4(image)
    k = int(k.numpy() if hasattr(k, "numpy") else k) % 4
    h, w = (0, 1) if rank == 3 else (1, 2)
    swap = [1, 0, 2] if rank == 3 else [0, 2, 1, 3]
    if k == 1:
        return _array.transpose(reverse(image, [w]), swap)
    if k == 2:
        return reverse(image, [h, w])
    if k == 3:
        return reverse(_array.transpose(image, swap), [w])
    return image


# -- crops and pads -------------------------------------------------------------------------------
def central_crop(image, central_fraction: float) -> Tensor:
    """Keeps the central `central_fraction` of height and width. Mirrors `tf.image.central_crop`.

    The border removed on each side is int((size - size * fraction) / 2) pixels.
    """
    image = _image(image)
    fraction = float(central_fraction)
    if fraction <= 0.0 or fraction > 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    if fraction == 1.0:
        return image
    dims = _at_least_3d(image)
    rank = len(dims)
    if rank not in (3, 4):
        raise ValueError(f"`image` should either be a Tensor with rank = 3 or rank = 4. Had "
                         f"rank = {rank}.")
    h, w = _known(image, (-3, -2), "central_crop")[-3:-1]
    top, left = int((h - h * fraction) / 2), int((w - w * fraction) / 2)
    return _crop(image, top, left, h - 2 * top, w - 2 * left)


def _crop(image: Tensor, top: int, left: int, height: int, width: int) -> Tensor:
    rows, cols = slice(top, top + height), slice(left, left + width)
    return image[rows, cols] if image._value.ndim == 3 else image[:, rows, cols]


def resize_with_crop_or_pad(image, target_height: int, target_width: int) -> Tensor:
    """Crops (centrally) or zero-pads (evenly) to target_height x target_width.

    Mirrors `tf.image.resize_with_crop_or_pad`: an odd difference puts the extra pixel at
    the bottom or right.
    """
    image = _image(image)
    dims = _at_least_3d(image)
    if len(dims) not in (3, 4):
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")
    target_height, target_width = int(target_height), int(target_width)
    if target_width <= 0:
        raise ValueError("target_width must be > 0.")
    if target_height <= 0:
        raise ValueError("target_height must be > 0.")
    h, w = _known(image, (-3, -2), "resize_with_crop_or_pad")[-3:-1]
    crop_top, crop_left = max(-(target_height - h) // 2, 0), max(-(target_width - w) // 2, 0)
    pad_top, pad_left = max((target_height - h) // 2, 0), max((target_width - w) // 2, 0)
    cropped = _crop(image, crop_top, crop_left, min(target_height, h), min(target_width, w))
    ch, cw = min(target_height, h), min(target_width, w)
    if (ch, cw) == (target_height, target_width):
        return cropped
    spatial = [[pad_top, target_height - ch - pad_top], [pad_left, target_width - cw - pad_left]]
    return pad(cropped, spatial + [[0, 0]] if len(dims) == 3 else [[0, 0]] + spatial + [[0, 0]])


# -- resizing -------------------------------------------------------------------------------------
class ResizeMethod:
    """The names `tf.image.resize` accepts as `method` (`tf.image.ResizeMethod`)."""

    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


_OTHER_METHODS = ("bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


def resize(images, size, method: str = ResizeMethod.BILINEAR, preserve_aspect_ratio: bool = False,
           antialias: bool = False, name=None) -> Tensor:
    """Resamples images to `size` = [new_height, new_width]. Mirrors `tf.image.resize` (TF2).

    "bilinear" (the default) blends the four nearest pixels and returns float32;
    "nearest" copies the nearest pixel and keeps the dtype. Both use half-pixel centers,
    as TF2 does. With `preserve_aspect_ratio` the image is scaled by one factor so that it
    fits inside `size`.

    >>> tf.image.resize(tf.zeros([4, 6, 3]), [2, 3]).shape
    TensorShape([2, 3, 3])
    """
    images = _image(images)
    rank = images.shape.rank
    if rank not in (3, 4):
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    size = convert_to_tensor(size) if not isinstance(size, Tensor) else size
    if not size.dtype.is_integer:
        raise ValueError("'size' must be a 1-D int32 Tensor")
    if size.shape.as_list() != [2]:
        raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
    if method not in (ResizeMethod.BILINEAR, ResizeMethod.NEAREST_NEIGHBOR):
        if method in _OTHER_METHODS:
            raise NotImplementedError(f"tf.image.resize with method={method!r} is not part of "
                                      "this engine: use 'bilinear' or 'nearest'")
        raise ValueError(f"Resize method is not implemented: {method}")
    if antialias and method != ResizeMethod.NEAREST_NEIGHBOR:  # (TF: no effect on nearest)
        raise NotImplementedError("tf.image.resize with antialias=True is not part of this engine")
    batch = images if rank == 4 else _array.expand_dims(images, 0)
    height, width = (int(d) for d in size.numpy())
    if preserve_aspect_ratio:  # one factor for both sides, in float32 as TF computes it
        h, w = np.float32(batch._value.shape[1]), np.float32(batch._value.shape[2])
        factor = min(np.float32(height) / h, np.float32(width) / w)
        height, width = int(np.round(factor * h)), int(np.round(factor * w))
    resized = resize_bilinear(batch, (height, width)) if method == ResizeMethod.BILINEAR else \
        resize_nearest_neighbor(batch, (height, width))
    return resized if rank == 4 else _array.squeeze(resized, [0])


# -- random flips (TF's draws: the same numbers for the same seeds) ------------------------------
def _random_flip(image, axis: int, draw) -> Tensor:
    from .ops.cond_ops import cond
    image = _image(image)
    if _rank_3_or_4(image) == 3:  # one draw: flip the image or not
        flip = _m.less(draw([]), 0.5)
        return cond(flip, lambda: reverse(image, [axis]), lambda: image)
    batch = _known(image, (0,), "random_flip_*")[0]  # one draw per image: 1 flips, 0 keeps
    flips = _array.cast(_round(_array.reshape(draw([batch]), [batch, 1, 1, 1])), image.dtype)
    return _m.add(_m.multiply(flips, reverse(image, [axis + 1])),
                  _m.multiply(_m.subtract(1, flips), image))


def random_flip_left_right(image, seed=None) -> Tensor:
    """Flips the image (each image of a batch) left to right with probability 1/2.

    Mirrors `tf.image.random_flip_left_right`: the draws are `tf.random.uniform`'s, so a
    seed set with `tf.random.set_seed` (and `seed`) gives TF's flips.
    """
    from .ops.random_ops import uniform
    return _random_flip(image, 1, lambda shape: uniform(shape, 0, 1.0, seed=seed))


def random_flip_up_down(image, seed=None) -> Tensor:
    """Flips the image (each image of a batch) upside down with probability 1/2.

    Mirrors `tf.image.random_flip_up_down` (draws as for `random_flip_left_right`).
    """
    from .ops.random_ops import uniform
    return _random_flip(image, 0, lambda shape: uniform(shape, 0, 1.0, seed=seed))


def stateless_random_flip_left_right(image, seed) -> Tensor:
    """`random_flip_left_right` drawn from `tf.random.stateless_uniform(seed=seed)`: the same
    seed, the same flips. Mirrors `tf.image.stateless_random_flip_left_right`."""
    from .ops.stateless_random_ops import stateless_uniform
    return _random_flip(image, 1, lambda shape: stateless_uniform(shape, seed, 0, 1.0))


def stateless_random_flip_up_down(image, seed) -> Tensor:
    """`random_flip_up_down` drawn from `tf.random.stateless_uniform(seed=seed)`.
    Mirrors `tf.image.stateless_random_flip_up_down`."""
    from .ops.stateless_random_ops import stateless_uniform
    return _random_flip(image, 0, lambda shape: stateless_uniform(shape, seed, 0, 1.0))
