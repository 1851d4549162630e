"""The kernels behind `tf.image`: `ReverseV2` (flips) and `AdjustContrastv2`.

Most of `tf.image` is built from ordinary ops (images.py), so gradients come for free. Two
pieces are kernels of their own in TF, and so here:

- `ReverseV2` (`tf.reverse`) turns axes around: `flip_left_right` reverses the width.
  Its gradient reverses the same axes of the incoming gradient.
- `AdjustContrastv2` moves each pixel away from (or toward) its channel's mean over the
  image: `(x - mean) * factor + mean`. TF registers no gradient for it, so a tape that
  reaches it raises TF's LookupError, for the image and the factor alike:

    >>> with tf.GradientTape() as tape:
    ...     y = tf.image.adjust_contrast(image, delta)
    >>> tape.gradient(y, [image, delta])
    LookupError: gradient registry has no entry for: AdjustContrastv2
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


# -- reverse ---------------------------------------------------------------------------------
def _reverse(x, axis):
    return x[tuple(slice(None, None, -1) if i in axis else slice(None) for i in range(x.ndim))]


REVERSE = register(Op("ReverseV2", _reverse,
                      lambda op, dy: (execute(REVERSE, (dy,), {"axis": op.attrs["axis"]}),),
                      dtypes=dtypes.ALL_AND_STRING))


def reverse(tensor, axis, name=None) -> Tensor:
    """The tensor with the given axes turned around. Mirrors `tf.reverse`.

    >>> tf.reverse(tf.constant([[1, 2, 3], [4, 5, 6]]), [1])
    <tf.Tensor: shape=(2, 3), dtype=int32, numpy=array([[3, 2, 1], [6, 5, 4]], dtype=int32)>
    """
    x = tensor if isinstance(tensor, Tensor) else convert_to_tensor(tensor)
    rank = x._value.ndim
    axes = [int(a) for a in np.reshape(axis.numpy() if hasattr(axis, "numpy") else axis, -1)]
    for a in axes:
        if not -rank <= a < rank:
            raise invalid_argument("ReverseV2", f"'axis'[{axes.index(a)}] = {a} is out of valid "
                                   f"range [0, {rank - 1}")
    normal = tuple(sorted(a % rank for a in axes))
    if len(set(normal)) != len(normal):
        raise invalid_argument("ReverseV2", f"axis {normal[0]} specified more than once.")
    return execute(REVERSE, (x,), {"axis": normal}, name=name)


# -- adjust_contrast ------------------------------------------------------------------------------
def _adjust_contrast(images, contrast_factor):
    if images.ndim < 3:
        raise invalid_argument("AdjustContrastv2", "input must be at least 3-D, got shape"
                               f"{_shape_text(images.shape)}")
    if np.ndim(contrast_factor):
        raise invalid_argument("AdjustContrastv2", "contrast_factor must be scalar: "
                               f"{_shape_text(np.shape(contrast_factor))}")
    x = images.astype(np.float32)  # (half precision images are computed in float32, as TF's)
    mean = np.mean(x, axis=(-3, -2), keepdims=True, dtype=np.float32)
    return ((x - mean) * np.float32(contrast_factor) + mean).astype(images.dtype)


def _no_registered_gradient(op, dy):
    # TF defines this op's forward only: its tape stops with this error (the autodiff guide
    # shows it), rather than treating the op as having a zero gradient
    raise LookupError(f"gradient registry has no entry for: {op.op.name}")


ADJUST_CONTRAST = register(Op("AdjustContrastv2", _adjust_contrast, _no_registered_gradient,
                              dtypes={dtypes.float16, dtypes.float32}, same_dtype=False))


def adjust_contrast_kernel(images: Tensor, contrast_factor) -> Tensor:
    """AdjustContrastv2 on float16/float32 images and a float32 factor (see images.py)."""
    factor = contrast_factor if isinstance(contrast_factor, Tensor) or \
        getattr(contrast_factor, "_is_variable", False) else \
        convert_to_tensor(contrast_factor, dtypes.float32)
    return execute(ADJUST_CONTRAST, (images, factor))
