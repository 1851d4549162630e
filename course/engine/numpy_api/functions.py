"""The `tnp.*` functions: NumPy's names and dtype rules, built from the engine's ops.

    >>> tnp.asarray(1).dtype, tnp.asarray(1.0).dtype     # NumPy's defaults, not TF's
    (tf.int64, tf.float64)
    >>> tnp.add(tf.constant(1), tf.constant(2.0)).dtype  # int32 + float32: NumPy promotes
    tf.float64

Every function converts its inputs as NumPy would (`asarray`), promotes them to their
common NumPy type (behavior.py's `promote`), and calls TF ops: no new op, so gradients,
`tf.function` and `tf.device` work as for any TF code. Each result is a `tf.Tensor`
(`tnp.ndarray` is the same class). Read next: random.py.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .. import dtypes
from ..ops import array_ops, index_ops, linalg_ops, math_ops, nn_ops, reduce_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor
from .behavior import promote, result_type

__all__ = ["asarray", "array", "copy", "ones", "zeros", "full", "ones_like", "zeros_like",
           "arange", "reshape", "ravel", "transpose", "expand_dims", "add", "subtract",
           "multiply", "true_divide", "divide", "maximum", "minimum", "matmul", "clip",
           "sqrt", "exp", "log", "tanh", "abs", "square", "around", "round", "sum", "mean",
           "amax", "amin", "max", "min"]


_FLOAT = dtypes.float64  # NumPy's float, what integers become (TF: even with prefer_float32)


def _dtype_of(dtype) -> dtypes.DType | None:
    """A `dtype=` argument as NumPy reads it (`float` is float64), or None."""
    return result_type(dtype.as_numpy_dtype if isinstance(dtype, dtypes.DType) else dtype) \
        if dtype is not None else None


def _leaves(value) -> list:
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


# -- making arrays ----------------------------------------------------------------------------
def asarray(a, dtype=None) -> Tensor:
    """`a` as a tensor, with NumPy's default dtypes (int64, float64); a tensor is kept as is.

    Mirrors `tf.experimental.numpy.asarray`.

    >>> tnp.asarray([1, 2])
    <tf.Tensor: shape=(2,), dtype=int64, numpy=array([1, 2])>
    """
    dtype = _dtype_of(dtype)
    if isinstance(a, Tensor) or getattr(a, "_is_variable", False):
        a = convert_to_tensor(a)
        return a if dtype is None or a.dtype is dtype else array_ops.cast(a, dtype)
    if dtype is None:  # (NumPy's type for the values; prefer_float32 reads floats as float32)
        dtype = result_type(*_leaves(a)) if not isinstance(a, np.ndarray) else result_type(a)
    return convert_to_tensor(np.asarray(a).astype(dtype.as_numpy_dtype))


def array(a, dtype=None, copy: bool = True) -> Tensor:
    """Like `asarray`; a tensor is copied (`tf.identity`). Mirrors `tf.experimental.numpy.array`."""
    result = asarray(a, dtype)
    return array_ops.identity(result) if copy else result


def copy(a) -> Tensor:
    """A copy of `a` (`tf.identity`: made on the current `tf.device`).

    Mirrors `tf.experimental.numpy.copy`.

    >>> tnp.copy(tnp.ones([2]))
    <tf.Tensor: shape=(2,), dtype=float64, numpy=array([1., 1.])>
    """
    return array(a, copy=True)


def ones(shape, dtype=float) -> Tensor:
    """A tensor of ones; float64 (NumPy's `float`) unless `dtype` says otherwise.

    Mirrors `tf.experimental.numpy.ones`.

    >>> tnp.ones([2], dtype=tnp.int32)
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 1], dtype=int32)>
    """
    from ..ragged.shape import ones as tf_ones
    return tf_ones(shape, _dtype_of(dtype) or dtypes.float32)  # (dtype=None: TF's float32)


def zeros(shape, dtype=float) -> Tensor:
    """A tensor of zeros; float64 by default. Mirrors `tf.experimental.numpy.zeros`."""
    from ..ragged.shape import zeros as tf_zeros
    return tf_zeros(shape, _dtype_of(dtype) or dtypes.float32)


def full(shape, fill_value, dtype=None) -> Tensor:
    """`shape` filled with `fill_value`. Mirrors `tf.experimental.numpy.full`."""
    value = asarray(fill_value, dtype)
    return array_ops.broadcast_to(value, shape)


def ones_like(a, dtype=None) -> Tensor:
    """Ones of `a`'s shape (and dtype). Mirrors `tf.experimental.numpy.ones_like`."""
    a = asarray(a)
    return array_ops.ones_like(a, dtype=_dtype_of(dtype) or a.dtype)


def zeros_like(a, dtype=None) -> Tensor:
    """Zeros of `a`'s shape (and dtype). Mirrors `tf.experimental.numpy.zeros_like`."""
    a = asarray(a)
    return array_ops.zeros_like(a, dtype=_dtype_of(dtype) or a.dtype)


def arange(start, stop=None, step=1, dtype=None) -> Tensor:
    """`start, start + step, ...` up to `stop` (excluded); int64 for Python ints (NumPy's).

    Mirrors `tf.experimental.numpy.arange` (`tf.range`, then a cast).

    >>> tnp.arange(3)
    <tf.Tensor: shape=(3,), dtype=int64, numpy=array([0, 1, 2])>
    """
    if not step:
        raise ValueError("step must be non-zero.")
    if dtype is not None:
        dtype = _dtype_of(dtype)
    else:
        dtype = result_type(start, step) if stop is None else result_type(start, step, stop)
    if stop is None:
        start, stop = 0, start
    if math.ceil((stop - start) / step) <= 0:  # (no elements: NumPy gives an empty array)
        return convert_to_tensor(np.zeros([0], dtype.as_numpy_dtype))
    from ..ops.creation_ops import range as tf_range
    return array_ops.cast(tf_range(start, stop, step), dtype)


# -- shapes -----------------------------------------------------------------------------------
def reshape(a, newshape, order: str = "C") -> Tensor:
    """`a` with the same elements in a new shape; `order="F"` reads them column first.

    Mirrors `tf.experimental.numpy.reshape`.
    """
    if order not in ("C", "F"):
        raise ValueError(f"Unsupported order argument {order}")
    a = asarray(a)
    if isinstance(newshape, numbers.Integral):
        newshape = [newshape]
    if order == "F":  # (Fortran's order is C's order of the transposes)
        return array_ops.transpose(array_ops.reshape(array_ops.transpose(a), list(newshape)[::-1]))
    return array_ops.reshape(a, newshape)


def ravel(a) -> Tensor:
    """`a` as one flat row. Mirrors `tf.experimental.numpy.ravel`."""
    return array_ops.reshape(asarray(a), [-1])


def transpose(a, axes=None) -> Tensor:
    """`a` with its axes reversed (or in the order `axes`). Mirrors `tnp.transpose`."""
    return array_ops.transpose(asarray(a), perm=axes)


def expand_dims(a, axis: int) -> Tensor:
    """`a` with a new axis of size 1 at `axis`. Mirrors `tf.experimental.numpy.expand_dims`.

    >>> tnp.expand_dims(tnp.ones([3]), 0).shape
    TensorShape([1, 3])
    """
    return array_ops.expand_dims(asarray(a), axis)


# -- arithmetic: both sides promoted to their NumPy result type ---------------------------------
def add(x1, x2) -> Tensor:
    """`x1 + x2` after NumPy's promotion. Mirrors `tf.experimental.numpy.add`.

    >>> tnp.add(1.0, 2.0).dtype   # Python floats are float64 in NumPy
    tf.float64
    """
    return math_ops.add(*promote(x1, x2))


def subtract(x1, x2) -> Tensor:
    """`x1 - x2` after NumPy's promotion. Mirrors `tf.experimental.numpy.subtract`."""
    return math_ops.subtract(*promote(x1, x2))


def multiply(x1, x2) -> Tensor:
    """`x1 * x2` after NumPy's promotion. Mirrors `tf.experimental.numpy.multiply`."""
    return math_ops.multiply(*promote(x1, x2))


def true_divide(x1, x2) -> Tensor:
    """`x1 / x2`; integers divide as floats. Mirrors `tf.experimental.numpy.true_divide`."""
    x1, x2 = promote(x1, x2)
    if not (x1.dtype.is_floating or x1.dtype.is_complex):  # NumPy: int / int is float64
        x1, x2 = array_ops.cast(x1, _FLOAT), array_ops.cast(x2, _FLOAT)
    return math_ops.truediv(x1, x2)


divide = true_divide


def maximum(x1, x2) -> Tensor:
    """The larger of each pair. Mirrors `tf.experimental.numpy.maximum`.

    `tnp.maximum(x, 0)` is `tf.nn.relu(x)`, as in TF (its gradient at 0 is 0).
    """
    if isinstance(x2, numbers.Real) and not isinstance(x2, bool) and x2 == 0 and \
            isinstance(x1, Tensor) and x1.dtype is not dtypes.bool:
        return nn_ops.relu(x1)
    return math_ops.maximum(*promote(x1, x2))


def minimum(x1, x2) -> Tensor:
    """The smaller of each pair. Mirrors `tf.experimental.numpy.minimum`."""
    return math_ops.minimum(*promote(x1, x2))


def matmul(x1, x2) -> Tensor:
    """The matrix product, after NumPy's promotion. Mirrors `tf.experimental.numpy.matmul`.

    >>> tnp.matmul(tnp.ones([2, 3]), tnp.ones([3, 1])).shape
    TensorShape([2, 1])
    """
    x1, x2 = promote(x1, x2)
    if x2.ndim == 1:  # NumPy: a vector on either side is a row or a column
        return linalg_ops.tensordot(x1, x2, axes=1)
    if x1.ndim == 1:
        return linalg_ops.tensordot(x1, x2, axes=[[0], [-2]])
    return math_ops.matmul(x1, x2)


def clip(a, a_min, a_max) -> Tensor:
    """`a` limited to [a_min, a_max] (one may be None). Mirrors `tf.experimental.numpy.clip`."""
    if a_min is None and a_max is None:
        raise ValueError("Not more than one of `a_min` and `a_max` may be `None`.")
    if a_min is None:
        return minimum(a, a_max)
    if a_max is None:
        return maximum(a, a_min)
    a, a_min, a_max = promote(asarray(a), a_min, a_max)
    return index_ops.clip_by_value(a, a_min, a_max)


# -- elementwise functions: integers become floats (float64) first, as in NumPy ------------------
def _floating(x) -> Tensor:
    x = asarray(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        return x
    # TF calls the NumPy method here: without the switch, an integer input is TF's
    # AttributeError ('astype'), so code that works here works on TF too
    return x.astype(_FLOAT)


def sqrt(x) -> Tensor:
    """The square root; integers become float64 first. Mirrors `tf.experimental.numpy.sqrt`.

    >>> tnp.sqrt(4)   # (an integer: calls .astype, so needs the switch, as in TF)
    <tf.Tensor: shape=(), dtype=float64, numpy=2.0>
    """
    return unary_ops.sqrt(_floating(x))


def exp(x) -> Tensor:
    """e to the `x`; integers become float64 first. Mirrors `tf.experimental.numpy.exp`."""
    return unary_ops.exp(_floating(x))


def log(x) -> Tensor:
    """The natural logarithm; integers become float64. Mirrors `tf.experimental.numpy.log`."""
    return unary_ops.log(_floating(x))


def tanh(x) -> Tensor:
    """The hyperbolic tangent; integers become float64. Mirrors `tf.experimental.numpy.tanh`."""
    return nn_ops.tanh(_floating(x))


def abs(x) -> Tensor:  # noqa: A001 - NumPy's name
    """The absolute value (dtype kept). Mirrors `tf.experimental.numpy.abs`."""
    return unary_ops.abs(asarray(x))


def square(x) -> Tensor:
    """`x * x` (dtype kept: int32 stays int32). Mirrors `tf.experimental.numpy.square`."""
    return unary_ops.square(asarray(x))


def around(a, decimals: int = 0) -> Tensor:
    """Rounded to `decimals` places, halves to even (NumPy's). Mirrors `tnp.around`."""
    a = asarray(a)
    work = a.dtype if a.dtype.is_floating else _FLOAT  # (decimals may be negative)
    factor = convert_to_tensor(10.0 ** decimals, dtype=work)
    rounded = unary_ops.round(array_ops.cast(a, work) * factor) / factor
    return rounded.astype(a.dtype)  # (TF's method call: needs the switch, as in TF)


round = around  # noqa: A001 - NumPy's name


# -- reductions ---------------------------------------------------------------------------------
def _reduce(reduce, a, axis, dtype, keepdims, promote_int):
    """NumPy's reductions: `promote_int` says what small integers and bools become first."""
    dtype = _dtype_of(dtype)
    a = asarray(a, dtype)
    if dtype is None and (a.dtype.is_integer or a.dtype.is_bool) and promote_int is not None:
        if promote_int == "float":
            a = array_ops.cast(a, _FLOAT)
        elif a.dtype.size < 8:  # NumPy sums int32 and bools as its int, int64, and uint8,
            # uint16 and uint32 as its unsigned int, uint64
            a = array_ops.cast(a, dtypes.uint64 if a.dtype.is_unsigned else dtypes.int64)
    return reduce(a, axis=axis, keepdims=bool(keepdims))


def sum(a, axis=None, dtype=None, keepdims=None) -> Tensor:  # noqa: A001 - NumPy's name
    """The sum over `axis` (all axes by default); small ints and bools sum as int64 (small
    unsigned ints as uint64).

    Mirrors `tf.experimental.numpy.sum`.

    >>> tnp.sum(tf.ones([2, 3], tf.int32))
    <tf.Tensor: shape=(), dtype=int64, numpy=6>
    """
    return _reduce(reduce_ops.reduce_sum, a, axis, dtype, keepdims, "int")


def mean(a, axis=None, dtype=None, out=None, keepdims=None) -> Tensor:
    """The mean over `axis`; integers average as float64. Mirrors `tnp.mean`."""
    if out is not None:
        raise ValueError("Setting out is not supported.")
    return _reduce(reduce_ops.reduce_mean, a, axis, dtype, keepdims, "float")


def amax(a, axis=None, out=None, keepdims=None) -> Tensor:
    """The largest element over `axis`. Mirrors `tf.experimental.numpy.amax`."""
    if out is not None:
        raise ValueError("Setting out is not supported.")
    return _reduce(reduce_ops.reduce_max, a, axis, None, keepdims, None)


def amin(a, axis=None, out=None, keepdims=None) -> Tensor:
    """The smallest element over `axis`. Mirrors `tf.experimental.numpy.amin`."""
    if out is not None:
        raise ValueError("Setting out is not supported.")
    return _reduce(reduce_ops.reduce_min, a, axis, None, keepdims, None)


max = amax  # noqa: A001 - NumPy's names
min = amin  # noqa: A001
