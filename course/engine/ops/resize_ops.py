"""Resampling kernels behind `tf.image.resize`: bilinear and nearest neighbour.

TF2's `tf.image.resize` uses half-pixel centers: output pixel i of n looks at the input
position (i + 0.5) * in/n - 0.5 (bilinear: the four pixels around it, weighted by distance)
or at pixel floor((i + 0.5) * in/n) (nearest). The arithmetic is float32, in TF's order.

Each resize is linear in the image, so its gradient is the transposed map: every output
pixel sends its gradient back to the input pixels it was made of, with the same weights
(`ResizeBilinearGrad`, `ResizeNearestNeighborGrad`). The gradient of those is the resize
itself again.

    >>> tf.image.resize(tf.reshape(tf.range(4.0), [1, 2, 2, 1]), [1, 4])[0, ..., 0]
    <tf.Tensor: shape=(1, 4), dtype=float32, numpy=array([[1.  , 1.25, 1.75, 2.  ]], ...)>
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor
from . import register

# TF: int8 ... int64, uint8, uint16, half, float, double (no uint32/uint64, bool or complex)
_REAL = dtypes.NUMERIC - {dtypes.uint32, dtypes.uint64}
_F32 = np.float32


def _check_size(op_name: str, size) -> None:
    if size[0] <= 0 or size[1] <= 0:
        raise invalid_argument(op_name, "output dimensions must be positive")


# -- where each output pixel comes from ---------------------------------------------------------
def _bilinear_sources(in_size: int, out_size: int) -> tuple:
    """(lower index, upper index, weight of the upper one) per output position (TF's float32)."""
    scale = _F32(in_size) / _F32(out_size)
    position = (np.arange(out_size, dtype=_F32) + _F32(0.5)) * scale - _F32(0.5)
    floor = np.floor(position)
    lower = np.maximum(floor.astype(np.int64), 0)
    upper = np.minimum(np.ceil(position).astype(np.int64), in_size - 1)
    return lower, upper, (position - floor).astype(_F32)


def _nearest_sources(in_size: int, out_size: int) -> np.ndarray:
    scale = _F32(in_size) / _F32(out_size)
    position = np.floor((np.arange(out_size, dtype=_F32) + _F32(0.5)) * scale)
    return np.clip(position.astype(np.int64), 0, in_size - 1)


# -- bilinear ---------------------------------------------------------------------------------------------
def _resize_bilinear(images, size):
    _check_size("ResizeBilinear", size)
    x = images.astype(_F32)
    top, bottom, y_lerp = _bilinear_sources(x.shape[1], size[0])
    left, right, x_lerp = _bilinear_sources(x.shape[2], size[1])
    x_lerp, y_lerp = x_lerp[None, None, :, None], y_lerp[None, :, None, None]
    rows_top, rows_bottom = x[:, top], x[:, bottom]
    upper = rows_top[:, :, left] + (rows_top[:, :, right] - rows_top[:, :, left]) * x_lerp
    lower = rows_bottom[:, :, left] + (rows_bottom[:, :, right] - rows_bottom[:, :, left]) * x_lerp
    return upper + (lower - upper) * y_lerp


def _resize_bilinear_grad(grads, in_size, T):
    top, bottom, y_lerp = _bilinear_sources(in_size[0], grads.shape[1])
    left, right, x_lerp = _bilinear_sources(in_size[1], grads.shape[2])
    out = np.zeros((grads.shape[0], in_size[0], in_size[1], grads.shape[3]), _F32)
    g = grads.astype(_F32)
    for rows, wy in ((top, _F32(1) - y_lerp), (bottom, y_lerp)):
        for cols, wx in ((left, _F32(1) - x_lerp), (right, x_lerp)):
            # each output pixel adds its share to one of its four sources (np.add.at: repeats add)
            share = g * wy[None, :, None, None] * wx[None, None, :, None]
            np.add.at(out, (slice(None), rows[:, None], cols[None, :]), share)
    return out.astype(T)


def _input_size(op) -> tuple:
    size = op.inputs[0]._value.shape[1:3]
    if None in size:
        raise NotImplementedError(f"the gradient of {op.op.name} inside tf.function is not part "
                                  "of this engine when the images' height and width are unknown "
                                  "while tracing (give the input_signature those sizes)")
    return size


def _resize_bilinear_gradient(op, dy):
    x = op.inputs[0]
    if x._value.dtype.kind != "f":
        return (None,)  # (TF: integer images get no gradient)
    return (execute(RESIZE_BILINEAR_GRAD, (dy,), {"in_size": _input_size(op),
                                                  "T": x._value.dtype.type}),)


RESIZE_BILINEAR = register(Op("ResizeBilinear", _resize_bilinear, _resize_bilinear_gradient,
                              dtypes=_REAL))
RESIZE_BILINEAR_GRAD = register(Op(
    "ResizeBilinearGrad", _resize_bilinear_grad,
    lambda op, dy: (execute(RESIZE_BILINEAR, (dy,), {"size": op.inputs[0]._value.shape[1:3]}),),
    dtypes={dtypes.float32}))


# -- nearest neighbour ----------------------------------------------------------------------------------
def _resize_nearest(images, size):
    _check_size("ResizeNearestNeighbor", size)
    rows = _nearest_sources(images.shape[1], size[0])
    cols = _nearest_sources(images.shape[2], size[1])
    return images[:, rows][:, :, cols]


def _resize_nearest_grad(grads, in_size):
    rows = _nearest_sources(in_size[0], grads.shape[1])
    cols = _nearest_sources(in_size[1], grads.shape[2])
    out = np.zeros((grads.shape[0], in_size[0], in_size[1], grads.shape[3]), grads.dtype)
    np.add.at(out, (slice(None), rows[:, None], cols[None, :]), grads)
    return out


RESIZE_NEAREST = register(Op(
    "ResizeNearestNeighbor", _resize_nearest,
    lambda op, dy: (execute(RESIZE_NEAREST_GRAD, (dy,), {"in_size": _input_size(op)}),),
    dtypes=_REAL))
RESIZE_NEAREST_GRAD = register(Op(
    "ResizeNearestNeighborGrad", _resize_nearest_grad,
    lambda op, dy: (execute(RESIZE_NEAREST, (dy,), {"size": op.inputs[0]._value.shape[1:3]}),),
    dtypes=dtypes.FLOATING))


def resize_bilinear(images: Tensor, size: tuple) -> Tensor:
    """ResizeBilinear (half-pixel centers) of a batch [b, h, w, c]; float32 out (see images.py)."""
    return execute(RESIZE_BILINEAR, (images,), {"size": tuple(int(s) for s in size)})


def resize_nearest_neighbor(images: Tensor, size: tuple) -> Tensor:
    """ResizeNearestNeighbor (half-pixel centers) of a batch [b, h, w, c]; keeps the dtype."""
    return execute(RESIZE_NEAREST, (images,), {"size": tuple(int(s) for s in size)})
