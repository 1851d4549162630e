"""Reductions: `tf.reduce_sum`, `reduce_mean`, `reduce_max`, ..., `argmax`.

`axis=None` reduces everything; `keepdims=True` keeps reduced axes as size 1.
A reduction's gradient spreads `dy` back over the elements it summarised,
so every gradient here is "reshape dy to keepdims form, then broadcast".
"""
from __future__ import annotations

import math

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
    if type(axis) is int and -rank <= axis < rank:  # the common case, quickly
        return (axis % rank,)
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
        a = a % rank if rank else 0
        if a in out:
            raise invalid_argument(op_name, f"Invalid reduction arguments: Axes contains duplicate "
                                            f"dimension: {a}")
        out.append(a)
    return tuple(sorted(out))


def _spread(dy: Tensor, op) -> Tensor:
    """dy, reshaped to the keepdims shape and broadcast to the input's shape."""
    x, axis = op.inputs[0], op.attrs["axis"]
    if dy._value.ndim:  # (a scalar dy, from reducing everything, broadcasts as it is)
        kept = tuple(1 if i in axis else n for i, n in enumerate(x._value.shape))
        if dy._value.shape != kept:
            if None in kept:  # unknown sizes: put the reduced axes back one by one
                for a in axis:
                    dy = _array.expand_dims(dy, a)
            else:
                dy = execute(_array.RESHAPE, (dy,), {"shape": kept})
    if dy._value.shape == x._value.shape and None not in x._value.shape:
        return dy
    return _array.broadcast_to(dy, _array.shape_of(x))


def _reduce(op: Op, x, axis, keepdims: bool) -> Tensor:
    x = x if isinstance(x, Tensor) else convert_to_tensor(x)
    return execute(op, (x,), {"axis": _axes(x, axis, op.name), "keepdims": bool(keepdims)})


# -- sum ------------------------------------------------------------------------
def _sum(x, axis, keepdims):
    # (np.add.reduce is np.sum without its Python wrapper; dtype= keeps int32 from widening)
    return np.add.reduce(x, axis, x.dtype, None, keepdims)  # (positional: a little faster)


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
    if x.size == 0:  # TF: the mean of nothing is nan, without NumPy's warning
        return np.full(np.sum(x, axis=axis, keepdims=keepdims).shape, np.nan, dtype=x.dtype)
    total = np.add.reduce(x, axis, x.dtype, None, keepdims)
    count = x.size // total.size  # how many elements each result averages
    return total / x.dtype.type(count)  # np.mean, minus its Python overhead


def _mean_grad(op, dy):
    x, y = op.inputs[0], op.output
    if x._value.size is None or y._value.size is None:  # sizes known only when the graph runs
        count = _array.cast(_m.floordiv(_array.size(x), _m.maximum(_array.size(y), 1)), dy.dtype)
    elif y._value.size:
        count = float(x._value.size // y._value.size)
    else:
        count = float(math.prod(x._value.shape[a] for a in op.attrs["axis"]))
    # d mean/dx_i = 1/n: divide first (dy is small), then spread
    return (_spread(_m.divide_no_cast(dy, count), op),)


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


def _extreme(numpy_fn, empty):
    def forward(x, axis, keepdims):
        if x.size == 0:
            # TF: the max of nothing is the lowest value (-inf for floats), the min the highest
            info = np.finfo(x.dtype) if x.dtype.kind == "f" else np.iinfo(x.dtype)
            start = {"lowest": -np.inf if x.dtype.kind == "f" else info.min,
                     "highest": np.inf if x.dtype.kind == "f" else info.max}[empty]
            return numpy_fn(x, axis=axis, keepdims=keepdims, initial=start)
        return numpy_fn(x, axis=axis, keepdims=keepdims)
    return forward


MAX = register(Op("Max", _extreme(np.max, "lowest"), _extreme_grad))
MIN = register(Op("Min", _extreme(np.min, "highest"), _extreme_grad))


def reduce_max(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Largest element across `axis`. Mirrors `tf.math.reduce_max`."""
    return _reduce(MAX, input_tensor, axis, keepdims)


def reduce_min(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Smallest element across `axis`. Mirrors `tf.math.reduce_min`."""
    return _reduce(MIN, input_tensor, axis, keepdims)


# -- prod -------------------------------------------------------------------------
def _prod_grad(op, dy):
    # d prod/dx_i = the product of the other elements in x_i's group. We compute
    # exactly that (not prod / x_i, which fails at zeros), with engine ops, so the
    # gradient can be differentiated again (TF does the same with cumprods).
    x, axis = op.inputs[0], op.attrs["axis"]
    shape = x._value.shape
    kept = [i for i in range(len(shape)) if i not in axis]
    perm = kept + list(axis)
    n = int(np.prod([shape[a] for a in axis], dtype=np.int64))
    grouped = _array.reshape(_array.transpose(x, perm), [shape[i] for i in kept] + [n])
    # row i of `others` is the group with x_i replaced by 1
    others = _index.where(convert_to_tensor(np.eye(n, dtype=bool)),
                          convert_to_tensor(1, dtype=x.dtype), _array.expand_dims(grouped, -2))
    local = reduce_prod(others, axis=-1)
    local = _array.transpose(_array.reshape(local, [shape[i] for i in perm]),
                             tuple(np.argsort(perm)))
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
    from .unary_ops import abs as abs_, exp, log
    x = input_tensor if isinstance(input_tensor, Tensor) else convert_to_tensor(input_tensor)
    top = reduce_max(x, axis=axis, keepdims=True)
    # TF: an infinite max (all -inf, say) is replaced by 0, so -inf - -inf never makes a nan
    top = _array.stop_gradient(_index.where(_m.less(abs_(top), np.inf), top,
                                            _array.zeros_like(top)))
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
    axis = 0 if axis is None else int(axis)  # TF: argmax's axis defaults to 0, not "all"
    if not -x.ndim <= axis < x.ndim:
        raise invalid_argument(op.name, f"Expected dimension in the range [{-x.ndim}, {x.ndim}), "
                                        f"but got {axis}")
    axis %= x.ndim
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
