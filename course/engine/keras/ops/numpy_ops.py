"""`keras.ops`' NumPy-style ops: `ops.sum`, `ops.matmul`, `ops.where`, ... on tf.Tensors.

    >>> ops.sum(np.array([1, 2], dtype="int8")), ops.mean(np.array([1, 2]))
    (<tf.Tensor: shape=(), dtype=int32, numpy=3>, <tf.Tensor: shape=(), dtype=float32, numpy=1.5>)

Keras 3 gives every backend NumPy's names and arguments (`axis`, `keepdims`,
`x1`/`x2`) and its own dtype rules, which are not TensorFlow's:
- operands of two dtypes meet on Keras's lattice (promotion.py): int32 plus
  float16 is float16, an int8 tensor plus a Python 1 stays int8;
- math defined on floats (exp, sqrt, log, mean, divide) turns ints into
  float32, where TF raises or (for `/`) picks float64;
- sums and products of bool, int8 and int16 are int32, as in NumPy.
Each function here works out the dtype, casts, and calls the engine's op: there
is no kernel of its own, so tapes and `tf.function` see ordinary TF ops.

Read next: reductions.py (sum, mean, matmul), shapes.py (reshape, stack), nn_ops.py.
"""
from __future__ import annotations

import numpy as np

from ... import dtypes
from ...ops import array_ops, creation_ops, index_ops, math_ops, nn_ops, unary_ops
from ...tensor import Tensor
from .core_ops import _floatx_if_int, cast, convert_to_tensor
from .promotion import FLOATX, result_type, standardize_dtype

__all__ = [
    "ones", "zeros", "full", "ones_like", "zeros_like", "full_like", "eye", "identity", "arange",
    "linspace",
    "add", "subtract", "multiply", "divide", "true_divide", "power", "maximum", "minimum",
    "where", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_not", "logical_xor",
    "abs", "absolute", "negative", "square", "sqrt", "exp", "log", "log1p", "expm1", "sin",
    "cos", "tanh", "floor", "ceil", "round", "sign", "clip", "nonzero",
]


# -- making tensors --------------------------------------------------------------------
def ones(shape, dtype=None) -> Tensor:
    """A tensor of ones, float32 unless `dtype` says otherwise. Mirrors `keras.ops.ones`."""
    return creation_ops.ones(shape, dtype=standardize_dtype(dtype or FLOATX))


def zeros(shape, dtype=None) -> Tensor:
    """A tensor of zeros, float32 unless `dtype` says otherwise. Mirrors `keras.ops.zeros`."""
    return creation_ops.zeros(shape, dtype=standardize_dtype(dtype or FLOATX))


def full(shape, fill_value, dtype=None) -> Tensor:
    """`shape` filled with `fill_value` (float32 by default, even for an int). Mirrors `keras.ops.full`."""
    value = convert_to_tensor(fill_value, dtype or FLOATX)
    return array_ops.broadcast_to(value, shape)


def ones_like(x, dtype=None) -> Tensor:
    """Ones of `x`'s shape and dtype. Mirrors `keras.ops.ones_like`."""
    return array_ops.ones_like(convert_to_tensor(x), dtype=dtype)


def zeros_like(x, dtype=None) -> Tensor:
    """Zeros of `x`'s shape and dtype. Mirrors `keras.ops.zeros_like`."""
    return array_ops.zeros_like(convert_to_tensor(x), dtype=dtype)


def full_like(x, fill_value, dtype=None) -> Tensor:
    """`fill_value` in `x`'s shape and dtype. Mirrors `keras.ops.full_like`."""
    x = convert_to_tensor(x)
    value = convert_to_tensor(fill_value, dtype or x.dtype)
    return array_ops.broadcast_to(value, array_ops.shape(x))


def eye(N: int, M: int | None = None, k: int = 0, dtype=None) -> Tensor:  # noqa: N803
    """Ones on the `k`-th diagonal of an N x M matrix. Mirrors `keras.ops.eye`."""
    dtype = standardize_dtype(dtype or FLOATX)
    if k == 0:
        return creation_ops.eye(N, M, dtype=dtype)
    return convert_to_tensor(np.eye(N, M, k), dtype)


def identity(n: int, dtype=None) -> Tensor:
    """The n x n identity matrix. Mirrors `keras.ops.identity`."""
    return eye(n, dtype=dtype)


def arange(start, stop=None, step=None, dtype=None) -> Tensor:
    """Evenly spaced values in [start, stop). Mirrors `keras.ops.arange`.

    Ints give int32, a float anywhere float32: `ops.arange(3)` is int32, not
    TF's int32 either way, but `ops.arange(0., 1., .5)` is float32.
    """
    if dtype is None:
        dtype = result_type(*(getattr(v, "dtype", type(v)) for v in (start, stop, step)
                              if v is not None))
    return creation_ops.range(start, stop, 1 if step is None else step,
                              dtype=standardize_dtype(dtype))


def linspace(start, stop, num: int = 50, endpoint: bool = True, dtype=None, axis: int = 0):
    """`num` evenly spaced values from start to stop. Mirrors `keras.ops.linspace` (no retstep)."""
    if dtype is None:
        dtype = result_type(getattr(start, "dtype", type(start)),
                            getattr(stop, "dtype", type(stop)), float)
    start, stop = convert_to_tensor(start, dtype), convert_to_tensor(stop, dtype)
    if endpoint:
        return creation_ops.linspace(start, stop, num, axis=axis)
    # without the end point: one more step, and the last value dropped
    values = creation_ops.linspace(start, stop, num + 1, axis=axis)
    return index_ops.gather(values, creation_ops.range(num), axis=axis)


# -- two operands: promoted on Keras's lattice -----------------------------------------
def _promoted(x1, x2, *extra) -> tuple:
    """Both operands converted to the dtype Keras computes in (Python numbers are weak)."""
    if not isinstance(x1, (int, float)):
        x1 = convert_to_tensor(x1)
    if not isinstance(x2, (int, float)):
        x2 = convert_to_tensor(x2)
    dtype = result_type(getattr(x1, "dtype", type(x1)), getattr(x2, "dtype", type(x2)), *extra)
    return convert_to_tensor(x1, dtype), convert_to_tensor(x2, dtype)


def _tensors_promoted(x1, x2) -> tuple:
    """Comparisons: both made tensors first (a Python 1 is int32), then promoted."""
    x1, x2 = convert_to_tensor(x1), convert_to_tensor(x2)
    dtype = result_type(x1.dtype, x2.dtype)
    return cast(x1, dtype), cast(x2, dtype)


def add(x1, x2) -> Tensor:
    """x1 + x2. Mirrors `keras.ops.add`: an int32 tensor plus 1.5 is float32."""
    return math_ops.add(*_promoted(x1, x2))


def subtract(x1, x2) -> Tensor:
    """x1 - x2. Mirrors `keras.ops.subtract`."""
    return math_ops.subtract(*_promoted(x1, x2))


def multiply(x1, x2) -> Tensor:
    """x1 * x2. Mirrors `keras.ops.multiply`."""
    return math_ops.multiply(*_promoted(x1, x2))


def divide(x1, x2) -> Tensor:
    """x1 / x2, in floats: ints give float32 (TF's `/` gives float64). Mirrors `keras.ops.divide`."""
    return math_ops.truediv(*_promoted(x1, x2, float))


def true_divide(x1, x2) -> Tensor:
    """The same as `divide`. Mirrors `keras.ops.true_divide`."""
    return divide(x1, x2)


def power(x1, x2) -> Tensor:
    """x1 ** x2. Mirrors `keras.ops.power`."""
    return math_ops.pow(*_promoted(x1, x2))


def maximum(x1, x2) -> Tensor:
    """The larger of x1 and x2, elementwise. Mirrors `keras.ops.maximum`."""
    return math_ops.maximum(*_promoted(x1, x2))


def minimum(x1, x2) -> Tensor:
    """The smaller of x1 and x2, elementwise. Mirrors `keras.ops.minimum`."""
    return math_ops.minimum(*_promoted(x1, x2))


def where(condition, x1=None, x2=None):
    """x1 where `condition`, else x2. Mirrors `keras.ops.where`.

    With only a condition: the indices of its true values, one int32 tensor per axis.
    """
    condition = cast(condition, "bool")
    if x1 is not None and x2 is not None:
        return index_ops.where(condition, *_promoted(x1, x2))
    if x1 is None and x2 is None:
        return nonzero(condition)
    raise ValueError("`x1` and `x2` either both should be `None` or both should have "
                     "non-None value.")


def nonzero(x) -> list:
    """The indices of `x`'s nonzero values, one int32 tensor per axis. Mirrors `keras.ops.nonzero`."""
    x = convert_to_tensor(x)
    indices = cast(index_ops.where(cast(x, "bool")), "int32")
    return array_ops.unstack(indices, num=x.ndim, axis=1)


def _comparison(tf_fn):
    def compare(x1, x2) -> Tensor:
        return tf_fn(*_tensors_promoted(x1, x2))
    compare.__doc__ = f"Mirrors `keras.ops.{tf_fn.__name__}`: operands promoted, a bool result."
    compare.__name__ = tf_fn.__name__
    return compare


equal = _comparison(math_ops.equal)
not_equal = _comparison(math_ops.not_equal)
less = _comparison(math_ops.less)
less_equal = _comparison(math_ops.less_equal)
greater = _comparison(math_ops.greater)
greater_equal = _comparison(math_ops.greater_equal)


def logical_and(x1, x2) -> Tensor:
    """Both true (any nonzero value is true). Mirrors `keras.ops.logical_and`."""
    return math_ops.logical_and(cast(x1, "bool"), cast(x2, "bool"))


def logical_or(x1, x2) -> Tensor:
    """Either true. Mirrors `keras.ops.logical_or`."""
    return math_ops.logical_or(cast(x1, "bool"), cast(x2, "bool"))


def logical_xor(x1, x2) -> Tensor:
    """Exactly one true. Mirrors `keras.ops.logical_xor`."""
    return math_ops.logical_xor(cast(x1, "bool"), cast(x2, "bool"))


def logical_not(x) -> Tensor:
    """Not true. Mirrors `keras.ops.logical_not`."""
    return math_ops.logical_not(cast(x, "bool"))


# -- one operand -----------------------------------------------------------------------
def abs(x) -> Tensor:  # noqa: A001 - Keras's name
    """|x| (ints stay ints). Mirrors `keras.ops.abs`."""
    x = convert_to_tensor(x)
    if x.dtype is dtypes.bool or x.dtype.name.startswith("uint"):
        return x  # never negative
    return unary_ops.abs(x)


absolute = abs


def negative(x) -> Tensor:
    """-x. Mirrors `keras.ops.negative`."""
    return unary_ops.negative(convert_to_tensor(x))


def square(x) -> Tensor:
    """x * x (bool becomes int32, ints stay ints). Mirrors `keras.ops.square`."""
    x = convert_to_tensor(x)
    return unary_ops.square(cast(x, "int32") if x.dtype is dtypes.bool else x)


def _float_unary(tf_fn, name: str):
    def fn(x) -> Tensor:
        return tf_fn(_floatx_if_int(convert_to_tensor(x)))
    fn.__doc__ = f"Mirrors `keras.ops.{name}`: int and bool input is computed in float32."
    fn.__name__ = name
    return fn


sqrt = _float_unary(unary_ops.sqrt, "sqrt")
exp = _float_unary(unary_ops.exp, "exp")
log = _float_unary(unary_ops.log, "log")
log1p = _float_unary(unary_ops.log1p, "log1p")
expm1 = _float_unary(unary_ops.expm1, "expm1")
sin = _float_unary(unary_ops.sin, "sin")
cos = _float_unary(unary_ops.cos, "cos")
floor = _float_unary(unary_ops.floor, "floor")
ceil = _float_unary(unary_ops.ceil, "ceil")


def tanh(x) -> Tensor:
    """Hyperbolic tangent (ints computed in float32). Mirrors `keras.ops.tanh`."""
    return nn_ops.tanh(_floatx_if_int(convert_to_tensor(x)))


def sign(x) -> Tensor:
    """-1, 0 or 1. Mirrors `keras.ops.sign`."""
    return unary_ops.sign(convert_to_tensor(x))


def round(x, decimals: int = 0) -> Tensor:  # noqa: A001 - Keras's name
    """Rounds half to even, to `decimals` places. Mirrors `keras.ops.round`."""
    x = convert_to_tensor(x)
    if decimals == 0:
        return unary_ops.round(x)
    if x.dtype.is_integer:
        if decimals > 0:
            return x
        factor, y = convert_to_tensor(10.0 ** decimals, FLOATX), cast(x, FLOATX)
    else:
        factor, y = convert_to_tensor(10.0 ** decimals, x.dtype), x
    return cast(math_ops.truediv(unary_ops.round(math_ops.multiply(y, factor)), factor), x.dtype)


def clip(x, x_min, x_max) -> Tensor:
    """`x` limited to [x_min, x_max] (bool becomes int32). Mirrors `keras.ops.clip`."""
    x = convert_to_tensor(x)
    if x.dtype is dtypes.bool:
        x = cast(x, "int32")
    return index_ops.clip_by_value(x, x_min, x_max)
