"""Reductions: `tf.reduce_sum`, `reduce_mean`, `reduce_max`, ..., `argmax`.

`axis=None` reduces everything; `keepdims=True` keeps reduced axes as size 1.
A reduction's gradient spreads `dy` back over the elements it summarised,
so every gradient here is "reshape dy to keepdims form, then broadcast".
"""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..errors import InvalidArgumentError, invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from . import array_ops as _array
from . import index_ops as _index
from . import math_ops as _m

_NUM = dtypes.NUMERIC


def _axes(x: Tensor, axis, op_name: str):
    """Normalises `axis` (None, int or list; negative counts from the end).

    When the rank is unknown (a graph fed tensors of any rank) the axes stay
    as given, None for all of them: the kernel checks them when it runs.
    """
    rank = x.ndim
    if type(axis) is int and rank is not None and -rank <= axis < rank:  # the common case, quickly
        return (axis % rank,)
    if isinstance(axis, Tensor):
        axis = _constant(axis)
    if rank is None:
        return None if axis is None else tuple(int(a) for a in np.reshape(axis, -1))
    return _normalize(rank, axis, op_name)


def _constant(t: Tensor):
    """The value of an axis tensor: known now eagerly, or as a graph constant."""
    const = getattr(t._value, "const", None)  # (a graph tensor's Spec; None if not constant)
    return const if const is not None else t.numpy()


def _normalize(rank: int, axis, op_name: str) -> tuple:
    """The sorted non-negative axes of a rank-`rank` tensor, or TF's error for a bad one."""
    if axis is None:
        return tuple(range(rank))
    axis = [axis] if np.ndim(axis) == 0 else list(np.reshape(axis, -1))
    out = []
    for a in axis:
        a = int(a)
        if not -rank <= a < rank:
            raise invalid_argument(op_name, f"Invalid reduction dimension ({a} for input with "
                                            f"{rank} dimension(s)",
                                   f"axis must be in [-{rank}, {rank}).")
        a = a % rank
        if a in out:
            raise invalid_argument(op_name, f"Invalid reduction arguments: Axes contains duplicate "
                                            f"dimension: {a}")
        out.append(a)
    return tuple(sorted(out))


def _checked(op_name: str, reduce):
    """The kernel `reduce(x, axis, keepdims)`, with TF's error for axes that do not fit x.

    Eagerly the wrapper has checked the axes already; in a graph fed tensors of
    any rank only the kernel sees the rank, so NumPy's complaint (an AxisError,
    a duplicate axis: ValueErrors) is replaced by TF's message.
    """
    def forward(x, axis, keepdims):
        if type(axis) is np.ndarray:  # (axes given as a tensor computed while the graph runs)
            axis = tuple(axis.reshape(-1).tolist())
        try:
            return reduce(x, axis, keepdims)
        except ValueError:
            _normalize(x.ndim, axis, op_name)  # raises TF's error if an axis is bad
            raise
    return forward


def _kept_shape(x: Tensor, axes: tuple) -> Tensor:
    """x's shape with 1 at `axes`, computed when the graph runs (x's rank is unknown)."""
    from .creation_ops import range as range_op
    shape, rank = _array.shape(x), _array.rank(x)
    axes = axes if isinstance(axes, Tensor) else convert_to_tensor(list(axes), dtype=dtypes.int32)
    axes = _m.floormod(axes, rank)
    reduced = reduce_any(_m.equal(_array.expand_dims(range_op(rank), 1), axes), axis=1)
    return _index.where(reduced, _array.ones_like(shape), shape)


def _spread(dy: Tensor, op) -> Tensor:
    """dy, reshaped to the keepdims shape and broadcast to the input's shape."""
    x, axis = op.inputs[0], op.attrs.get("axis")
    if len(op.inputs) == 2:  # the axes were a tensor (see math_ops.unbroadcast)
        axis = op.inputs[1]
    if x._value.shape is None or len(op.inputs) == 2:  # shapes known when the graph runs
        if axis is not None and not op.attrs["keepdims"]:  # (a scalar dy needs no reshape)
            dy = _array.reshape(dy, _kept_shape(x, axis))
        return _array.broadcast_to(dy, _array.shape(x))
    if dy._value.ndim:  # (a scalar dy, from reducing everything, broadcasts as it is)
        kept = tuple(1 if i in axis else n for i, n in enumerate(x._value.shape))
        if dy._value.shape != kept:
            if None in kept:  # unknown sizes: put the reduced axes back one by one
                for a in axis:
                    dy = _array.expand_dims(dy, a)
            else:
                dy = execute(_array.RESHAPE, (dy,), {"shape": kept})
    shape = x._value.shape
    if None in shape:  # unknown sizes: broadcast to the shape the graph computes
        return _array.broadcast_to(dy, _array.shape(x))
    if dy._value.shape == shape:
        return dy
    return execute(_array.BROADCAST_TO, (dy,), {"shape": shape})


def _reduce(op: Op, x, axis, keepdims: bool, name=None) -> Tensor:
    x = x if isinstance(x, Tensor) else convert_to_tensor(x)
    try:
        axes = _axes(x, axis, op.name)
    except InvalidArgumentError:
        # An axis out of range is the kernel's error (the same words): while a graph is
        # built, that is TF's shape function's ValueError (graph/shape_errors.py)
        axes = tuple(int(a) for a in np.reshape(_constant(axis) if isinstance(axis, Tensor)
                                                else axis, -1))
        if all(-x.ndim <= a < x.ndim for a in axes):
            raise  # (a duplicate axis)
    return execute(op, (x,), {"axis": axes, "keepdims": bool(keepdims)}, name=name)


# -- sum ------------------------------------------------------------------------
def _sum(x, axis, keepdims):
    # (np.add.reduce is np.sum without its Python wrapper; dtype= keeps int32 from widening)
    return np.add.reduce(x, axis, x.dtype, None, keepdims)  # (positional: a little faster)


def _sum_grad(op, dy):
    # each element counts once; the axes, when they are an input, get no gradient
    return (_spread(dy, op),) if len(op.inputs) == 1 else (_spread(dy, op), None)


# (the axes are an attr, or a second input computed while the graph runs: math_ops.unbroadcast)
SUM = register(Op("Sum", _checked("Sum", _sum), _sum_grad, same_dtype=False,
                  dtypes=dtypes.NUMERIC | dtypes.COMPLEX))


def reduce_sum(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Sum of elements across `axis`. Mirrors `tf.math.reduce_sum`.

    >>> tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), axis=0)
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([4, 6], dtype=int32)>
    """
    return _reduce(SUM, input_tensor, axis, keepdims, name)


# -- mean -----------------------------------------------------------------------
def _mean(x, axis, keepdims):
    if x.dtype.kind in "iu":
        # TF: the mean of integers is an integer, truncated toward zero.
        total = np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64)
        count = (x.size // total.size if total.size else 0) or 1
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


MEAN = register(Op("Mean", _checked("Mean", _mean), _mean_grad,
                   dtypes=dtypes.NUMERIC | dtypes.COMPLEX))


def reduce_mean(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Mean of elements across `axis`. Mirrors `tf.math.reduce_mean`.

    Integer tensors give an integer mean, truncated (TF's rule, not NumPy's):

    >>> tf.reduce_mean(tf.constant([1, 2]))
    <tf.Tensor: shape=(), dtype=int32, numpy=1>
    """
    return _reduce(MEAN, input_tensor, axis, keepdims, name)


# -- max and min ------------------------------------------------------------------
def _extreme_grad(op, dy):
    # The gradient goes to the elements equal to the extreme, shared among ties (as TF).
    x, y, axis = op.inputs[0], op.output, op.attrs["axis"]
    if x._value.shape is None:  # unknown rank: y gets its reduced axes back when the graph runs
        if axis is not None and not op.attrs["keepdims"]:
            y = _array.reshape(y, _kept_shape(x, axis))
    elif y._value.ndim != x._value.ndim:  # (keepdims=False: put the reduced axes back)
        kept = tuple(1 if i in axis else n for i, n in enumerate(x._value.shape))
        if None in kept:  # a size known only when the graph runs (a batch of any size)
            for a in axis:
                y = _array.expand_dims(y, a)
        else:
            y = _array.reshape(y, kept)
    hits = _array.cast(_m.equal(x, y), dy.dtype)
    count = reduce_sum(hits, axis=axis, keepdims=True)
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


MAX = register(Op("Max", _checked("Max", _extreme(np.max, "lowest")), _extreme_grad))
MIN = register(Op("Min", _checked("Min", _extreme(np.min, "highest")), _extreme_grad))


def reduce_max(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Largest element across `axis`. Mirrors `tf.math.reduce_max`."""
    return _reduce(MAX, input_tensor, axis, keepdims, name)


def reduce_min(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Smallest element across `axis`. Mirrors `tf.math.reduce_min`."""
    return _reduce(MIN, input_tensor, axis, keepdims, name)


# -- prod -------------------------------------------------------------------------
def _prod_grad(op, dy):
    # d prod/dx_i = the product of the other elements in x_i's group. We compute
    # exactly that (not prod / x_i, which fails at zeros), with engine ops, so the
    # gradient can be differentiated again (TF does the same with cumprods).
    x, axis = op.inputs[0], op.attrs["axis"]
    shape = x._value.shape
    if shape is None or None in shape:
        raise NotImplementedError("the gradient of tf.reduce_prod needs the input's shape while "
                                  "tracing; this engine has no gradient for it in a graph "
                                  "traced for unknown shapes (give the placeholder a shape)")
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


PROD = register(Op("Prod", _checked("Prod", lambda x, axis, keepdims: np.prod(
    x, axis=axis, keepdims=keepdims, dtype=x.dtype)), _prod_grad))


def reduce_prod(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Product of elements across `axis`. Mirrors `tf.math.reduce_prod`."""
    return _reduce(PROD, input_tensor, axis, keepdims, name)


# -- any / all (bool) --------------------------------------------------------------
ANY = register(Op("Any", _checked("Any", lambda x, axis, keepdims: np.any(
    x, axis=axis, keepdims=keepdims)), None, dtypes={dtypes.bool}))
ALL = register(Op("All", _checked("All", lambda x, axis, keepdims: np.all(
    x, axis=axis, keepdims=keepdims)), None, dtypes={dtypes.bool}))


def reduce_any(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Logical OR across `axis`. Mirrors `tf.math.reduce_any`."""
    return _reduce(ANY, input_tensor, axis, keepdims, name)


def reduce_all(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """Logical AND across `axis`. Mirrors `tf.math.reduce_all`."""
    return _reduce(ALL, input_tensor, axis, keepdims, name)


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
    if keepdims:
        return out
    axes = _axes(x, axis, "Sum")  # (None: all the axes of a tensor of unknown rank)
    return _array.reshape(out, []) if axes is None else _array.squeeze(out, axis=axes)


# -- argmax / argmin (integer outputs, so no gradient) ---------------------------------
def _arg(numpy_fn, op_name):
    def forward(x, axis, output_type):
        # (checked here too: in a graph fed tensors of any rank only the kernel knows the rank)
        if not -x.ndim <= axis < x.ndim:
            raise invalid_argument(op_name, f"Expected dimension in the range [{-x.ndim}, "
                                            f"{x.ndim}), but got {axis}")
        if x.shape[axis] == 0:
            raise invalid_argument(op_name, f"Reduction axis {axis % x.ndim} is empty in shape "
                                            f"{list(x.shape)}")
        return numpy_fn(x, axis=axis).astype(output_type)
    return forward


# (TF's kernels take bool too: the first True, e.g. the index of a one-hot mask of matches)
_ARG_DTYPES = dtypes.NUMERIC | {dtypes.bool}
ARG_MAX = register(Op("ArgMax", _arg(np.argmax, "ArgMax"), None, dtypes=_ARG_DTYPES))
ARG_MIN = register(Op("ArgMin", _arg(np.argmin, "ArgMin"), None, dtypes=_ARG_DTYPES))


def _arg_reduce(op, x, axis, output_type, name=None):
    x = x if isinstance(x, Tensor) else convert_to_tensor(x)
    axis = 0 if axis is None else int(axis)  # TF: argmax's axis defaults to 0, not "all"
    if x.ndim is not None and -x.ndim <= axis < x.ndim:
        axis %= x.ndim  # (an axis out of range is the kernel's error, eagerly and in graphs)
    return execute(op, (x,), {"axis": axis,
                              "output_type": dtypes.as_dtype(output_type).as_numpy_dtype},
                   name=name)


def argmax(input, axis=None, output_type=dtypes.int64, name=None) -> Tensor:  # noqa: A002
    """Index of the largest element along `axis` (default 0). Mirrors `tf.math.argmax`.

    >>> tf.argmax(tf.constant([1, 3, 2]))
    <tf.Tensor: shape=(), dtype=int64, numpy=1>
    """
    return _arg_reduce(ARG_MAX, input, axis, output_type, name)


def argmin(input, axis=None, output_type=dtypes.int64, name=None) -> Tensor:  # noqa: A002
    """Index of the smallest element along `axis` (default 0). Mirrors `tf.math.argmin`."""
    return _arg_reduce(ARG_MIN, input, axis, output_type, name)
