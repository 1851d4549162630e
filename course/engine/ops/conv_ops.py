"""Convolution and max pooling: `tf.nn.conv2d`, `tf.nn.max_pool2d`.

Images are NHWC: [batch, height, width, channels]; filters are
[filter_height, filter_width, in_channels, out_channels], as in TensorFlow.

A convolution is a sum over the filter's offsets: for each offset (i, j),
shift the image by (i, j) (with the stride), and multiply every pixel's
channels by the filter's [in, out] matrix at (i, j). So the forward pass is
filter_height * filter_width matrix products, and so are both gradients:

    Conv2D                 out       = sum_ij  shift_ij(x) @ w[i, j]
    Conv2DBackpropInput    dx        = sum_ij  unshift_ij(dy @ w[i, j]^T)
    Conv2DBackpropFilter   dw[i, j]  = shift_ij(x)^T @ dy

The three are linear in each input, and each one's gradient is one of the
others, so convolutions differentiate any number of times (TF's conv grads
are the same three ops). Max pooling follows the same plan: `MaxPool` takes
the largest value over the offsets, `MaxPoolGrad` sends each gradient to the
first position that held the maximum, and `MaxPoolGradGrad` picks the
gradient at those positions back out (the two are each other's transpose).
"""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import Tensor, convert_to_tensor
from . import register

_FLOAT = dtypes.FLOATING


def _tensor(x, dtype_hint=None) -> Tensor:
    return x if isinstance(x, Tensor) else convert_to_tensor(x, dtype_hint=dtype_hint)


# -- geometry: output sizes and padding, TF's rules ---------------------------------------------
def _out_and_pad(size: int, k: int, stride: int, dilation: int, padding: str) -> tuple:
    """(output size, padding before, padding after) for one spatial dimension."""
    span = (k - 1) * dilation + 1  # the extent a dilated filter covers
    if padding == "VALID":
        return max(math.ceil((size - span + 1) / stride), 0), 0, 0
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + span - size, 0)
    return out, total // 2, total - total // 2  # TF: the extra pixel goes after


def _geometry(x_shape, k_hw, strides, dilations, padding) -> tuple:
    (oh, pt, pb), (ow, pl, pr) = (_out_and_pad(x_shape[d], k_hw[d - 1], strides[d - 1],
                                               dilations[d - 1], padding) for d in (1, 2))
    return (oh, ow), ((0, 0), (pt, pb), (pl, pr), (0, 0))


def _shifted(xp, i, j, out_hw, strides, dilations):
    """The padded image seen through filter offset (i, j): [N, out_h, out_w, C]."""
    top, left = i * dilations[0], j * dilations[1]
    return xp[:, top:top + (out_hw[0] - 1) * strides[0] + 1:strides[0],
              left:left + (out_hw[1] - 1) * strides[1] + 1:strides[1], :]


# -- Conv2D and its two gradient ops -------------------------------------------------------------
def _conv2d(x, w, strides, padding, dilations):
    if x.ndim != 4 or w.ndim != 4:
        raise invalid_argument("Conv2D", f"input must be 4-dimensional {list(x.shape)}"
                               if x.ndim != 4 else f"filter must be 4-dimensional: {list(w.shape)}")
    if x.shape[3] != w.shape[2]:
        raise invalid_argument("Conv2D", f"input depth must be evenly divisible by filter depth: "
                                         f"{x.shape[3]} vs {w.shape[2]}",
                               "the filter's third dimension is the number of input channels.")
    out_hw, pads = _geometry(x.shape, w.shape[:2], strides, dilations, padding)
    xp = np.pad(x, pads)
    out = np.zeros((x.shape[0],) + out_hw + (w.shape[3],), dtype=x.dtype)
    for i in range(w.shape[0]):
        for j in range(w.shape[1]):
            out += _shifted(xp, i, j, out_hw, strides, dilations) @ w[i, j]
    return out


def _backprop_input(dy, w, input_shape, strides, padding, dilations):
    # the batch is dy's (a Conv2DTranspose traced with an unknown batch has None there)
    input_shape = (dy.shape[0],) + tuple(input_shape[1:])
    out_hw, pads = _geometry(input_shape, w.shape[:2], strides, dilations, padding)
    dxp = np.zeros(tuple(n + a + b for n, (a, b) in zip(input_shape, pads)), dtype=dy.dtype)
    for i in range(w.shape[0]):
        for j in range(w.shape[1]):
            _shifted(dxp, i, j, out_hw, strides, dilations)[...] += dy @ w[i, j].T
    (_, _), (pt, _), (pl, _), _ = pads
    return dxp[:, pt:pt + input_shape[1], pl:pl + input_shape[2], :]


def _backprop_filter(x, dy, filter_shape, strides, padding, dilations):
    out_hw, pads = _geometry(x.shape, filter_shape[:2], strides, dilations, padding)
    xp = np.pad(x, pads)
    dw = np.zeros(filter_shape, dtype=x.dtype)
    flat_dy = dy.reshape(-1, dy.shape[-1])
    for i in range(filter_shape[0]):
        for j in range(filter_shape[1]):
            dw[i, j] = _shifted(xp, i, j, out_hw, strides, dilations).reshape(
                -1, x.shape[-1]).T @ flat_dy
    return dw


def _conv_attrs(op) -> dict:
    return {k: op.attrs[k] for k in ("strides", "padding", "dilations")}


def _conv2d_grad(op, dy):
    x, w = op.inputs
    attrs = _conv_attrs(op)
    return (conv2d_backprop_input(dy, w, x._value.shape, **attrs) if op.needs(0) else None,
            conv2d_backprop_filter(x, dy, w._value.shape, **attrs) if op.needs(1) else None)


def _backprop_input_grad(op, ddx):
    dy, w = op.inputs
    attrs = _conv_attrs(op)
    # linear in dy (its transpose is the convolution) and in w (the filter gradient)
    return (_conv(ddx, w, **attrs) if op.needs(0) else None,
            conv2d_backprop_filter(ddx, dy, w._value.shape, **attrs) if op.needs(1) else None)


def _backprop_filter_grad(op, ddw):
    x, dy = op.inputs
    attrs = _conv_attrs(op)
    return (conv2d_backprop_input(dy, ddw, x._value.shape, **attrs) if op.needs(0) else None,
            _conv(x, ddw, **attrs) if op.needs(1) else None)


CONV2D = register(Op("Conv2D", _conv2d, _conv2d_grad, dtypes=_FLOAT))
CONV2D_BACKPROP_INPUT = register(Op("Conv2DBackpropInput", _backprop_input, _backprop_input_grad,
                                    dtypes=_FLOAT))
CONV2D_BACKPROP_FILTER = register(Op("Conv2DBackpropFilter", _backprop_filter,
                                     _backprop_filter_grad, dtypes=_FLOAT))


# While tracing, the output shapes come from the geometry alone: running the kernels on
# stand-in values (the fallback) would convolve a whole batch for nothing (~1 s per op for a
# GAN's 256 images). Anything unusual (a rank other than 4, channels that disagree) returns
# None, so the kernel runs on stand-ins and raises its own error, as before.
def _conv2d_shape(specs, attrs):
    x, w = (s.shape for s in specs)
    if x is None or w is None or len(x) != 4 or len(w) != 4 or None in w or \
            (x[3] is not None and x[3] != w[2]):
        return None
    hw = [None if x[d] is None else _out_and_pad(x[d], w[d - 1], attrs["strides"][d - 1],
                                                 attrs["dilations"][d - 1], attrs["padding"])[0]
          for d in (1, 2)]
    return Spec(specs[0].dtype, (x[0], hw[0], hw[1], w[3]))


def _backprop_input_shape(specs, attrs):
    dy, w = (s.shape for s in specs)
    if dy is None or w is None or len(dy) != 4 or len(w) != 4 or len(attrs["input_shape"]) != 4:
        return None
    return Spec(specs[0].dtype, (dy[0],) + tuple(attrs["input_shape"][1:]))


def _backprop_filter_shape(specs, attrs):
    x, dy = (s.shape for s in specs)
    if x is None or dy is None or len(x) != 4 or len(dy) != 4 or None in attrs["filter_shape"]:
        return None
    return Spec(specs[0].dtype, tuple(attrs["filter_shape"]))


SHAPE_RULES["Conv2D"] = _conv2d_shape
SHAPE_RULES["Conv2DBackpropInput"] = _backprop_input_shape
SHAPE_RULES["Conv2DBackpropFilter"] = _backprop_filter_shape


def _conv(x, w, strides, padding, dilations) -> Tensor:
    return execute(CONV2D, (x, w), {"strides": strides, "padding": padding, "dilations": dilations})


def conv2d_backprop_input(dy, w, input_shape, strides, padding, dilations) -> Tensor:
    """The gradient of a convolution with respect to its input (TF's op of that name)."""
    return execute(CONV2D_BACKPROP_INPUT, (dy, w), {
        "input_shape": tuple(input_shape), "strides": strides, "padding": padding,
        "dilations": dilations})


def conv2d_backprop_filter(x, dy, filter_shape, strides, padding, dilations) -> Tensor:
    """The gradient of a convolution with respect to its filter (TF's op of that name)."""
    return execute(CONV2D_BACKPROP_FILTER, (x, dy), {
        "filter_shape": tuple(filter_shape), "strides": strides, "padding": padding,
        "dilations": dilations})


def _pair(value, name: str, op: str) -> tuple:
    """TF's strides/dilations: an int, [h, w], or the 4-element NHWC form [1, h, w, 1]."""
    if isinstance(value, (int, np.integer)):
        return int(value), int(value)
    value = [int(v) for v in value]
    if len(value) == 1:
        return value[0], value[0]
    if len(value) == 2:
        return value[0], value[1]
    if len(value) == 4:
        if value[0] != 1 or value[3] != 1:
            raise invalid_argument(op, f"Current implementation does not yet support {name} in "
                                       "the batch and depth dimensions.")
        return value[1], value[2]
    raise ValueError(f"{name} should be of length 1, 2 or 4, got {len(value)}.")


def _padding(padding, op: str) -> str:
    if isinstance(padding, str) and padding.upper() in ("SAME", "VALID"):
        return padding.upper()
    if isinstance(padding, str):
        raise invalid_argument(op, f'Value for attr \'padding\' of "{padding}" is not in the list '
                                   'of allowed values: "SAME", "VALID", "EXPLICIT"')
    raise NotImplementedError(f"{op} with explicit padding {padding!r} is not part of this "
                              "engine: use 'SAME' or 'VALID' (or tf.pad first).")


def _check_format(data_format, op: str) -> None:
    if data_format not in (None, "NHWC", "channels_last"):
        raise NotImplementedError(f"{op} with data_format={data_format!r} is not part of this "
                                  "engine: images are NHWC (channels last), as TF's CPU kernels want.")


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None,  # noqa: A002
           name=None) -> Tensor:
    """A 2-D convolution of NHWC images with [h, w, in, out] filters. Mirrors `tf.nn.conv2d`.

    `padding="SAME"` keeps the size (at stride 1), "VALID" uses only whole windows.

    >>> x = tf.ones([1, 4, 4, 1])
    >>> tf.nn.conv2d(x, tf.ones([3, 3, 1, 2]), strides=1, padding="VALID").shape
    TensorShape([1, 2, 2, 2])
    """
    _check_format(data_format, "Conv2D")
    x = _tensor(input)
    w = _tensor(filters, x.dtype)
    return _conv(x, w, strides=_pair(strides, "strides", "Conv2D"),
                 padding=_padding(padding, "Conv2D"),
                 dilations=_pair(1 if dilations is None else dilations, "dilations", "Conv2D"))


# -- max pooling ------------------------------------------------------------------------------------
_NO_DILATION = (1, 1)


def _pool_geometry(x_shape, ksize, strides, padding):
    return _geometry(x_shape, ksize, strides, _NO_DILATION, padding)


def _max_pool(x, ksize, strides, padding):
    if x.ndim != 4:
        raise invalid_argument("MaxPool", f"input must be 4-dimensional {list(x.shape)}")
    out_hw, pads = _pool_geometry(x.shape, ksize, strides, padding)
    low = np.finfo(x.dtype).min if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    xp = np.pad(x, pads, constant_values=low)  # padding never wins the max
    out = None
    for i in range(ksize[0]):
        for j in range(ksize[1]):
            window = _shifted(xp, i, j, out_hw, strides, _NO_DILATION)
            out = window.copy() if out is None else np.maximum(out, window)
    return out


def _first_max(x, y, ksize, strides, padding):
    """Yields (offset slice of the padded input, mask) for each offset: where that offset
    holds its window's maximum first (TF's gradient goes to one position per window)."""
    out_hw, pads = _pool_geometry(x.shape, ksize, strides, padding)
    low = np.finfo(x.dtype).min if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    xp = np.pad(x, pads, constant_values=low)
    taken = np.zeros(y.shape, dtype=bool)
    for i in range(ksize[0]):
        for j in range(ksize[1]):
            hit = (_shifted(xp, i, j, out_hw, strides, _NO_DILATION) == y) & ~taken
            taken |= hit
            yield i, j, hit, out_hw, pads


def _max_pool_grad(x, y, dy, ksize, strides, padding):
    dxp = None
    for i, j, hit, out_hw, pads in _first_max(x, y, ksize, strides, padding):
        if dxp is None:
            dxp = np.zeros(tuple(n + a + b for n, (a, b) in zip(x.shape, pads)), dtype=dy.dtype)
        _shifted(dxp, i, j, out_hw, strides, _NO_DILATION)[...] += np.where(hit, dy, 0)
    (_, _), (pt, _), (pl, _), _ = pads
    return dxp[:, pt:pt + x.shape[1], pl:pl + x.shape[2], :]


def _max_pool_grad_grad(x, y, ddx, ksize, strides, padding):
    out = np.zeros(y.shape, dtype=ddx.dtype)
    for i, j, hit, out_hw, pads in _first_max(x, y, ksize, strides, padding):
        window = _shifted(np.pad(ddx, pads), i, j, out_hw, strides, _NO_DILATION)
        out += np.where(hit, window, 0)
    return out


def _pool_attrs(op) -> dict:
    return {k: op.attrs[k] for k in ("ksize", "strides", "padding")}


# TF: MaxPool takes every real dtype but uint32 and uint64
MAX_POOL = register(Op("MaxPool", _max_pool, lambda op, dy: (execute(
    MAX_POOL_GRAD, (op.inputs[0], op.output, dy), _pool_attrs(op)),),
    dtypes=dtypes.NUMERIC - {dtypes.uint32, dtypes.uint64}))
# MaxPoolGrad and MaxPoolGradGrad are linear in their last input and each other's transpose;
# the pooled values themselves (inputs 0 and 1) only choose positions: no gradient (TF: zeros).
MAX_POOL_GRAD = register(Op("MaxPoolGrad", _max_pool_grad, lambda op, dd: (None, None, execute(
    MAX_POOL_GRAD_GRAD, op.inputs[:2] + (dd,), _pool_attrs(op))), dtypes=_FLOAT))
MAX_POOL_GRAD_GRAD = register(Op("MaxPoolGradGrad", _max_pool_grad_grad, lambda op, dd: (
    None, None, execute(MAX_POOL_GRAD, op.inputs[:2] + (dd,), _pool_attrs(op))), dtypes=_FLOAT))



def _max_pool_shape(specs, attrs):
    """MaxPool's output from the geometry (as for Conv2D above: no kernel on stand-ins)."""
    x = specs[0].shape
    if x is None or len(x) != 4:
        return None
    hw = [None if x[d] is None else _out_and_pad(x[d], attrs["ksize"][d - 1],
                                                 attrs["strides"][d - 1], 1, attrs["padding"])[0]
          for d in (1, 2)]
    return Spec(specs[0].dtype, (x[0], hw[0], hw[1], x[3]))


def _pool_grad_shape(specs, attrs):
    """MaxPoolGrad is shaped as the pooled input, MaxPoolGradGrad as the pooled output."""
    source = specs[0] if len(specs) == 3 and specs[0].shape is not None else None
    return None if source is None else Spec(specs[2].dtype, source.shape)


SHAPE_RULES["MaxPool"] = _max_pool_shape
SHAPE_RULES["MaxPoolGrad"] = _pool_grad_shape
SHAPE_RULES["MaxPoolGradGrad"] = lambda specs, attrs: None if specs[1].shape is None else \
    Spec(specs[2].dtype, specs[1].shape)


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None) -> Tensor:  # noqa: A002
    """The largest value in each `ksize` window of NHWC images. Mirrors `tf.nn.max_pool2d`.

    >>> tf.nn.max_pool2d(tf.reshape(tf.range(16.0), [1, 4, 4, 1]), 2, 2, "VALID")[0, :, :, 0]
    <tf.Tensor: shape=(2, 2), dtype=float32, numpy=array([[ 5.,  7.], [13., 15.]], dtype=float32)>
    """
    _check_format(data_format, "MaxPool")
    return execute(MAX_POOL, (_tensor(input),), {
        "ksize": _pair(ksize, "ksize", "MaxPool"), "strides": _pair(strides, "strides", "MaxPool"),
        "padding": _padding(padding, "MaxPool")}, name=name)
