"""Reductions: `tf.reduce_sum`, `reduce_mean`, `reduce_max`, ..., `argmax`.

`axis=None` reduces everything; `keepdims=True` keeps reduced axes as size 1.
A reduction's gradient spreads `dy` back over the elements it summarised,
so every gradient here is "reshape dy to keepdims form, then broadcast".
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from . import array_ops as _array
from . import index_ops as _index
from . import math_ops as _m

_NUM = dtypes.NUMERIC


def _axes(x: Tensor, axis, op_name: str) -> tuple:
    """Normalises `axis` (None, int or list; negative counts from the end)."""
    rank = x.ndim
    if axis is None:
        return tuple(range(rank))
    if isinstance(axis, Tensor):
        axis = axis.numpy().tolist()
    axis = [axis] if np.ndim(axis) == 0 else list(axis)
    out = []
    for a in axis:
        a = int(a)
        if not -rank <= a < max(rank, 1):
            raise invalid_argument(op_name, f"Invalid reduction dimension ({a} for input with "
                                            f"{rank} dimension(s)",
                                   f"axis must be in [-{rank}, {rank}).")
        out.append(a % rank if rank else 0)
    return tuple(sorted(set(out)))


def _spread(dy: Tensor, op) -> Tensor:
    """dy, reshaped to the keepdims shape and broadcast to the input's shape."""
    x = op.inputs[0]
    kept = tuple(1 if i in op.attrs["axis"] else n for i, n in enumerate(x._value.shape))
    if dy._value.shape != kept:
        dy = _array.reshape(dy, kept)
    return _array.broadcast_to(dy, x._value.shape)


def _reduce(op: Op, x, axis, keepdims: bool) -> Tensor:
    x = x if isinstance(x, Tensor) else convert_to_tensor(x)
    return execute(op, (x,), {"axis": _axes(x, axis, op.name), "keepdims": bool(keepdims)})


# -- sum ------------------------------------------------------------------------
def _sum(x, axis, keepdims):
    return np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)  # NumPy would widen int32


SUM = register(Op("Sum", _sum, lambda op, dy: (_spread(dy, op),)))  # each element counts once


def reduce_sum(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Sum of elements across `axis`. Mirrors `tf.math.reduce_sum`.

    >>> tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), axis=0)
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([4, 6], dtype=int32)>
    """
    return _reduce(SUM, input_tensor, axis, keepdims)


# -- mean -----------------------------------------------------------------------
def _mean(x, axis, keepdims):
    if x.dtype.kind in "iu":
        # TF: the mean of integers is an integer, truncated toward zero.
        count = int(np.prod([x.shape[a] for a in axis], dtype=np.int64)) or 1
        total = np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64)
        return (np.sign(total) * (np.abs(total) // count)).astype(x.dtype)
    return np.mean(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _mean_grad(op, dy):
    x = op.inputs[0]
    count = int(np.prod([x._value.shape[a] for a in op.attrs["axis"]], dtype=np.int64))
    return (_m.divide_no_cast(_spread(dy, op), _array.cast(count, dy.dtype)),)  # d mean/dx_i = 1/n


MEAN = register(Op("Mean", _mean, _mean_grad))


def reduce_mean(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Mean of elements across `axis`. Mirrors `tf.math.reduce_mean`.

    Integer tensors give an integer mean, truncated (TF's rule, not NumPy's):

    >>> tf.reduce_mean(tf.constant([1, 2]))
    <tf.Tensor: shape=(), dtype=int32, numpy=1>
    """
    return _reduce(MEAN, input_tensor, axis, keepdims)


# -- max and min ------------------------------------------------------------------
def _extreme_grad(op, dy):
    # The gradient goes to the elements equal to the extreme, shared among ties (as TF).
    x, y = op.inputs[0], op.output
    kept = tuple(1 if i in op.attrs["axis"] else n for i, n in enumerate(x._value.shape))
    y = _array.reshape(y, kept) if y._value.shape != kept else y
    hits = _array.cast(_m.equal(x, y), dy.dtype)
    count = reduce_sum(hits, axis=op.attrs["axis"], keepdims=True)
    return (_m.multiply(_m.divide_no_cast(hits, count), _spread(dy, op)),)


def _checked(numpy_fn, op_name):
    def forward(x, axis, keepdims):
        if x.size == 0 and axis:
            raise invalid_argument(op_name, f"cannot reduce an empty tensor of shape {list(x.shape)}")
        return numpy_fn(x, axis=axis, keepdims=keepdims)
    return forward


MAX = register(Op("Max", _checked(np.max, "Max"), _extreme_grad))
MIN = register(Op("Min", _checked(np.min, "Min"), _extreme_grad))


def reduce_max(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Largest element across `axis`. Mirrors `tf.math.reduce_max`."""
    return _reduce(MAX, input_tensor, axis, keepdims)


def reduce_min(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Smallest element across `axis`. Mirrors `tf.math.reduce_min`."""
    return _reduce(MIN, input_tensor, axis, keepdims)


# -- prod -------------------------------------------------------------------------
def _prod_grad(op, dy):
    # d prod/dx_i = product of the others. That is prod/x_i unless x_i is 0:
    # with one zero in a group only that element gets a gradient, with two none.
    x, axis = op.inputs[0], op.attrs["axis"]
    is_zero = _m.equal(x, 0)
    zeros = reduce_sum(_array.cast(is_zero, x.dtype), axis=axis, keepdims=True)
    others_nonzero = reduce_prod(_index.where(is_zero, _array.ones_like(x), x), axis=axis,
                                 keepdims=True)
    safe_x = _index.where(is_zero, _array.ones_like(x), x)
    no_zero = _m.divide_no_cast(_array.broadcast_to(others_nonzero, x.shape), safe_x)
    one_zero = _index.where(is_zero, _array.broadcast_to(others_nonzero, x.shape),
                            _array.zeros_like(x))
    local = _index.where(_m.equal(_array.broadcast_to(zeros, x.shape), 0), no_zero,
                         _index.where(_m.equal(_array.broadcast_to(zeros, x.shape), 1), one_zero,
                                      _array.zeros_like(x)))
    return (_m.multiply(local, _spread(dy, op)),)


PROD = register(Op("Prod", lambda x, axis, keepdims: np.prod(x, axis=axis, keepdims=keepdims,
                                                               dtype=x.dtype), _prod_grad))


def reduce_prod(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Product of elements across `axis`. Mirrors `tf.math.reduce_prod`."""
    return _reduce(PROD, input_tensor, axis, keepdims)


# -- any / all (bool) --------------------------------------------------------------
ANY = register(Op("Any", lambda x, axis, keepdims: np.any(x, axis=axis, keepdims=keepdims), None,
                  dtypes={dtypes.bool}))
ALL = register(Op("All", lambda x, axis, keepdims: np.all(x, axis=axis, keepdims=keepdims), None,
                  dtypes={dtypes.bool}))


def reduce_any(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Logical OR across `axis`. Mirrors `tf.math.reduce_any`."""
    return _reduce(ANY, input_tensor, axis, keepdims)


def reduce_all(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Logical AND across `axis`. Mirrors `tf.math.reduce_all`."""
    return _reduce(ALL, input_tensor, axis, keepdims)


# -- variance and standard deviation (composites, as in TF) ---------------------------
def reduce_variance(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Mean squared deviation from the mean. Mirrors `tf.math.reduce_variance`.

    >>> tf.math.reduce_variance(tf.constant([1.0, 2.0, 3.0, 4.0]))
    <tf.Tensor: shape=(), dtype=float32, numpy=1.25>
    """
    x = input_tensor if isinstance(input_tensor, Tensor) else convert_to_tensor(input_tensor)
    if not x.dtype.is_floating:
        raise TypeError(f"Input must be either real or complex. Received integer type {x.dtype}.")
    mean = reduce_mean(x, axis=axis, keepdims=True)
    return reduce_mean(_m.squared_difference(x, mean), axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Standard deviation, the square root of `reduce_variance`. Mirrors `tf.math.reduce_std`."""
    from .unary_ops import sqrt
    return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


def reduce_logsumexp(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """log(sum(exp(x))) computed stably. Mirrors `tf.math.reduce_logsumexp`."""
    from .unary_ops import exp, log
    x = input_tensor if isinstance(input_tensor, Tensor) else convert_to_tensor(input_tensor)
    top = _array.stop_gradient(reduce_max(x, axis=axis, keepdims=True))
    out = _m.add(log(reduce_sum(exp(_m.subtract(x, top)), axis=axis, keepdims=True)), top)
    return out if keepdims else _array.squeeze(out, axis=_axes(x, axis, "Sum"))


# -- argmax / argmin (integer outputs, so no gradient) ---------------------------------
def _arg(numpy_fn, op_name):
    def forward(x, axis, output_type):
        if x.shape[axis] == 0:
            raise invalid_argument(op_name, f"Reduction axis {axis} is empty in shape {list(x.shape)}")
        return numpy_fn(x, axis=axis).astype(output_type)
    return forward


ARG_MAX = register(Op("ArgMax", _arg(np.argmax, "ArgMax"), None))
ARG_MIN = register(Op("ArgMin", _arg(np.argmin, "ArgMin"), None))


def _arg_reduce(op, x, axis, output_type):
    x = x if isinstance(x, Tensor) else convert_to_tensor(x)
    axis = 0 if axis is None else axis  # TF: argmax's axis defaults to 0, not "all"
    (axis,) = _axes(x, axis, op.name)
    return execute(op, (x,), {"axis": axis,
                              "output_type": dtypes.as_dtype(output_type).as_numpy_dtype})


def argmax(input, axis=None, output_type=dtypes.int64, name=None) -> Tensor:  # noqa: A002
    """Index of the largest element along `axis` (default 0). Mirrors `tf.math.argmax`.

    >>> tf.argmax(tf.constant([1, 3, 2]))
    <tf.Tensor: shape=(), dtype=int64, numpy=1>
    """
    return _arg_reduce(ARG_MAX, input, axis, output_type)


def argmin(input, axis=None, output_type=dtypes.int64, name=None) -> Tensor:  # noqa: A002
    """Index of the smallest element along `axis` (default 0). Mirrors `tf.math.argmin`."""
    return _arg_reduce(ARG_MIN, input, axis, output_type)
