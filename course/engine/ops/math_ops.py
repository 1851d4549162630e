"""Binary arithmetic, comparisons and logic: `tf.add`, `tf.multiply`, `tf.equal`, ...

TF's rules that surprise NumPy users, each checked by `execute`:
- No silent promotion: int32 + float32 is an error; `tf.cast` one side.
- A Python number takes the dtype of the tensor it meets (`t + 1`), but a
  float cannot become an int (`int_tensor + 1.5` is an error).
- `x / y` on int32 or int64 gives float64 (int8/int16/uint8 give float32).
- `//` and `%` follow Python's sign rules; integer division by zero is an error.
"""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from . import reduce_ops as _reduce
from . import array_ops as _array
from . import index_ops as _index
from . import unary_ops as _unary
from . import string_ops as _strings
from . import complex_ops as _complex

_FLOAT = dtypes.FLOATING
_NUM = dtypes.NUMERIC
_NUM_CX = dtypes.NUMERIC | dtypes.COMPLEX  # TF's arithmetic kernels that take complex numbers
_conj = _complex.conj_if_complex  # gradients multiply by conj(f'(z)): see complex_ops.py


_SUM_AXES: dict = {}  # (x's shape, dy's shape) -> the axes to sum: a training loop asks the same


def unbroadcast(dy: Tensor, x: Tensor) -> Tensor:
    """Sums `dy` down to the shape of `x`.

    Broadcasting copies `x` along some axes; each copy sent a gradient back,
    so x's gradient is their sum (HIPS autograd's `unbroadcast`). An unknown
    dimension of x (a batch of any size) is taken as not broadcast.
    """
    shape, dshape = x._value.shape, dy._value.shape
    if shape is None or dshape is None:  # a rank unknown while tracing: as TF does it
        return _unbroadcast_unknown_rank(dy, x)
    if shape == dshape and None not in shape:
        return dy  # no broadcasting happened (the common case)
    axes = _SUM_AXES.get((shape, dshape))
    if axes is None:
        lead = len(dshape) - len(shape)
        axes = _SUM_AXES[shape, dshape] = tuple(range(lead)) + tuple(
            lead + i for i, n in enumerate(shape) if n == 1 and dshape[lead + i] != 1)
    summed = execute(_reduce.SUM, (dy,), {"axis": axes, "keepdims": False}) if axes else dy
    if summed._value.shape != shape:
        summed = _array.reshape(summed, _array.shape_of(x))
    return summed


def _unbroadcast_batch(g: Tensor, x: Tensor) -> Tensor:
    """For a batch of matrices: batch dimensions broadcast like elementwise ops; the last two
    do not (the gradients of tf.matmul and the solvers)."""
    return g if g._value.shape == x._value.shape else unbroadcast(g, x)


def _unbroadcast_unknown_rank(dy: Tensor, x: Tensor) -> Tensor:
    # The axes to sum over are computed when the graph runs (TF's BroadcastGradientArgs), and
    # given to Sum as a tensor; the reshape drops the leading axes broadcasting added.
    x_shape = _array.shape(x)
    axes, _ = execute(_array.BROADCAST_GRADIENT_ARGS, (x_shape, _array.shape(dy)))
    return _array.reshape(execute(_reduce.SUM, (dy, axes), {"keepdims": False}), x_shape)


# -- add ----------------------------------------------------------------------
def _add_grad(op, dy):
    x, y = op.inputs
    # d(x+y)/dx = d(x+y)/dy = 1
    return (unbroadcast(dy, x) if op.needs(0) else None,
            unbroadcast(dy, y) if op.needs(1) else None)


ADD = register(Op("AddV2", np.add, _add_grad, dtypes=_NUM_CX))


def add(x, y, name=None) -> Tensor:
    """Elementwise `x + y`, with broadcasting. Mirrors `tf.math.add`.

    As TF's, it converts a Python or NumPy `x` on its own first, so `x` fixes the
    dtype: `tf.add(1, tf.constant(1.0))` is int32 against float32, an error (the
    operators `1 + t` and `t + 1` take the tensor's dtype).

    >>> tf.add(tf.constant([1, 2]), 10)
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([11, 12], dtype=int32)>
    """
    if isinstance(x, _PLAIN_VALUES):
        x = convert_to_tensor(x)
    return _add(x, y, name or "Add")  # (the node is "Add"; `x + y` makes "add")


_PLAIN_VALUES = (int, float, complex, list, tuple, np.ndarray, np.generic)


def _add(x, y, name: str) -> Tensor:
    """`x + y` for `tf.add` and the `+` operator (strings concatenate, as in TF)."""
    if isinstance(x, (str, bytes)) or (isinstance(x, Tensor) or getattr(
            x, "_is_variable", False)) and x._value.dtype == object:
        return _strings.string_add(x, y, name)
    return execute(ADD, (x, y), name=name)


# -- add_n: the sum of many tensors (how gradients are aggregated) -------------------
def _add_n(*xs):
    total = xs[0]
    for x in xs[1:]:
        total = np.add(total, x)
    return total


ADD_N = register(Op("AddN", _add_n, lambda op, dy: (dy,) * len(op.inputs),  # each term: 1
                    dtypes=_NUM_CX))


def add_n(inputs, name=None) -> Tensor:
    """Adds a list of tensors of the same shape and dtype. Mirrors `tf.math.add_n`.

    The tape uses it to sum the gradient contributions of a value used several times.

    >>> tf.add_n([tf.constant([1, 2]), tf.constant([10, 20]), tf.constant([100, 200])])
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([111, 222], dtype=int32)>
    """
    inputs = tuple(x if isinstance(x, Tensor) else convert_to_tensor(x) for x in inputs)
    if not inputs:
        raise ValueError("inputs must be a non-empty list of tensors.")
    if len(inputs) == 1:
        return inputs[0]
    shape = inputs[0]._value.shape
    for x in inputs:
        if x._value.shape != shape:
            raise ValueError("All inputs to add_n must have the same shape, got "
                             f"{[list(t._value.shape) for t in inputs]}.")
    return execute(ADD_N, inputs, name=name)


# -- subtract -----------------------------------------------------------------
def _sub_grad(op, dy):
    x, y = op.inputs
    # d(x-y)/dx = 1 ;  d(x-y)/dy = -1
    return (unbroadcast(dy, x) if op.needs(0) else None,
            unbroadcast(negative(dy), y) if op.needs(1) else None)


SUB = register(Op("Sub", np.subtract, _sub_grad, dtypes=_NUM_CX))


def subtract(x, y, name=None) -> Tensor:
    """Elementwise `x - y`. Mirrors `tf.math.subtract`.

    >>> tf.subtract(5, tf.constant([1, 2]))
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([4, 3], dtype=int32)>
    """
    return execute(SUB, (x, y), name=name or "Sub")  # (`x - y` makes "sub")


# -- multiply -----------------------------------------------------------------
def _mul_grad(op, dy):
    x, y = op.inputs
    # d(xy)/dx = y ;  d(xy)/dy = x
    if x is y:  # x * x: both partials are dy * conj(x); compute it once (the sum is the same)
        g = unbroadcast(multiply(dy, _conj(x)), x)
        return g, g
    return (unbroadcast(multiply(dy, _conj(y)), x) if op.needs(0) else None,
            unbroadcast(multiply(dy, _conj(x)), y) if op.needs(1) else None)


def _mul(x, y):
    # NumPy's `*` is np.multiply, but much quicker on the 0-d values of scalar tensors
    # (lr * grad). Integers keep the ufunc: scalar math warns on overflow; TF wraps silently.
    return x * y if x.dtype.kind == "f" else np.multiply(x, y)


MUL = register(Op("Mul", _mul, _mul_grad, dtypes=_NUM_CX))


def multiply(x, y, name=None) -> Tensor:
    """Elementwise product `x * y` (not the matrix product: see `matmul`).

    Mirrors `tf.math.multiply`.

    >>> tf.multiply(tf.constant([[1, 2], [3, 4]]), tf.constant([10, 100]))
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=array([[ 10, 200], [ 30, 400]], dtype=int32)>
    """
    return execute(MUL, (x, y), name=name or "Mul")  # (`x * y` makes "mul")


# -- real division ------------------------------------------------------------
def _real_div(x, y):
    if y.ndim == 0 and y.dtype.kind == "f" and y and math.isfinite(y):
        return x / y  # no 0, nan or inf divisor: no warning (and `/` is quick on 0-d values)
    with np.errstate(divide="ignore", invalid="ignore"):  # TF: 1/0 is inf, silently
        return np.true_divide(x, y)


def _div_grad(op, dy):
    x, y = _conj(op.inputs[0]), _conj(op.inputs[1])
    # d(x/y)/dx = 1/y ;  d(x/y)/dy = -x/y^2
    return (unbroadcast(divide_no_cast(dy, y), x) if op.needs(0) else None,
            unbroadcast(multiply(dy, divide_no_cast(divide_no_cast(negative(x), y), y)), y)
            if op.needs(1) else None)


REAL_DIV = register(Op("RealDiv", _real_div, _div_grad, dtypes=_FLOAT | dtypes.COMPLEX))


def divide_no_cast(x, y) -> Tensor:
    """RealDiv on floating tensors, without truediv's integer casting."""
    return execute(REAL_DIV, (x, y))


# TF: 8- and 16-bit ints divide in float32, 32- and 64-bit ones (signed or not) in float64.
_TRUEDIV_FLOAT = {np.dtype(t): dtypes.float32 if np.dtype(t).itemsize <= 2 else dtypes.float64
                  for t in (np.int8, np.int16, np.int32, np.int64,
                            np.uint8, np.uint16, np.uint32, np.uint64)}


def truediv(x, y, name=None) -> Tensor:
    """Division `x / y`. Integers are cast to floats first, as in Python 3.

    Mirrors `tf.math.truediv`: int32 / int32 gives float64 (TF's rule, not
    float32), int8 or int16 give float32.

    >>> tf.constant([1, 2]) / tf.constant([2, 2])
    <tf.Tensor: shape=(2,), dtype=float64, numpy=array([0.5, 1. ])>
    """
    return execute(REAL_DIV, _division_operands(x, y), name=name)


def _division_operands(x, y) -> tuple:
    """x and y as tensors of one dtype, integers cast to floats (truediv's and div_no_nan's rule)."""
    if hasattr(x, "_is_variable"):
        x = x.read_value()
    if hasattr(y, "_is_variable"):  # (`1 / v`: the variable lends its dtype to the 1)
        y = y.read_value()
    x = x if isinstance(x, Tensor) else convert_to_tensor(
        x, dtype_hint=y.dtype if isinstance(y, Tensor) else None)
    y = y if isinstance(y, Tensor) else convert_to_tensor(y, dtype_hint=x.dtype)
    if x.dtype is not y.dtype:
        raise TypeError(f"`x` and `y` must have the same dtype, got {x.dtype!r} != {y.dtype!r}. "
                        f"Hint: tf.cast one of them, e.g. tf.cast(y, {x.dtype!r}).")
    target = _TRUEDIV_FLOAT.get(x._value.dtype)
    if target is not None:
        x, y = _array.cast(x, target), _array.cast(y, target)
    elif x.dtype.is_bool or x.dtype is dtypes.string:
        raise TypeError(f"Invalid dtype {x.dtype!r} in __truediv__: division needs numbers.")
    return x, y


divide = truediv
divide.__doc__ = truediv.__doc__


# -- divide_no_nan: 0 where the divisor is 0 ----------------------------------------
def _div_no_nan(x, y):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(y == 0, np.zeros((), x.dtype), np.true_divide(x, y)).astype(x.dtype)


def _div_no_nan_grad(op, dy):
    x, y = _conj(op.inputs[0]), _conj(op.inputs[1])
    # as RealDiv's (1/y and -x/y^2), each divided "no nan" so a zero divisor gives 0, not inf
    return (unbroadcast(divide_no_nan(dy, y), x) if op.needs(0) else None,
            unbroadcast(multiply(dy, divide_no_nan(divide_no_nan(negative(x), y), y)), y)
            if op.needs(1) else None)


DIV_NO_NAN = register(Op("DivNoNan", _div_no_nan, _div_no_nan_grad, dtypes=_FLOAT | dtypes.COMPLEX))


def divide_no_nan(x, y, name=None) -> Tensor:
    """`x / y`, but 0 wherever `y` is 0 (even 0/0). Mirrors `tf.math.divide_no_nan`.

    Integers are cast to floats first, as for `/` (int32 gives float64).

    >>> tf.math.divide_no_nan(tf.constant([1.0, 2.0]), tf.constant([0.0, 4.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0. , 0.5], dtype=float32)>
    """
    return execute(DIV_NO_NAN, _division_operands(x, y), name=name)


# -- floor division and modulo (Python's sign rules) ---------------------------
def _int_safe(numpy_fn, op_name):
    def forward(x, y):
        if x.dtype.kind in "iu":
            if not y.all():  # (a zero divisor somewhere)
                raise invalid_argument(op_name, "Integer division by zero",
                                       "check the divisor, or divide floats (inf, no error).")
            return numpy_fn(x, y)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # TF: inf, silently
            return numpy_fn(x, y)
    return forward


# TF: FloorDiv has no gradient (a step function).
FLOOR_DIV = register(Op("FloorDiv", _int_safe(np.floor_divide, "FloorDiv"), None))


def floordiv(x, y, name=None) -> Tensor:
    """Division rounded toward minus infinity, `x // y` (Python's rule).

    Mirrors `tf.math.floordiv`: `-7 // 2` is `-4`.

    >>> tf.constant([-7, 7]) // 2
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([-4,  3], dtype=int32)>
    """
    return execute(FLOOR_DIV, (x, y), name=name)


def _floormod_grad(op, dy):
    x, y = op.inputs
    # x mod y = x - floor(x/y) * y, so d/dx = 1 and d/dy = -floor(x/y)
    return unbroadcast(dy, x), unbroadcast(multiply(dy, negative(floordiv(x, y))), y)


FLOOR_MOD = register(Op("FloorMod", _int_safe(np.mod, "FloorMod"), _floormod_grad))


def floormod(x, y, name=None) -> Tensor:
    """Remainder with the sign of the divisor, `x % y` (Python's rule).

    Mirrors `tf.math.floormod` (alias `tf.math.mod`): `-7 % 3` is `2`.

    >>> tf.constant([-7, 7]) % 3
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([2, 1], dtype=int32)>
    """
    return execute(FLOOR_MOD, (x, y), name=name or "FloorMod")  # (`x % y` makes "mod")


mod = floormod


# -- power --------------------------------------------------------------------
def _pow(x, y):
    if x.dtype.kind in "iu" and np.any(np.asarray(y) < 0):
        raise invalid_argument("Pow", "Integers to negative integer powers are not allowed",
                               "use a float base, e.g. tf.pow(tf.cast(x, tf.float32), -1.0).")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.power(x, y)


def _pow_grad(op, dy):
    x, y = op.inputs
    z = op.output
    # d(x^y)/dx = y * x^(y-1) ;  d(x^y)/dy = x^y * log(x), taken as 0 where x <= 0 (as TF)
    dx = multiply(dy, multiply(y, pow(x, subtract(y, 1))))
    safe_log = _index.where(greater(x, 0), _unary.log(_index.where(greater(x, 0), x, 1)), 0)
    return unbroadcast(dx, x), unbroadcast(multiply(dy, multiply(z, safe_log)), y)


POW = register(Op("Pow", _pow, _pow_grad, dtypes=_FLOAT | {dtypes.int8, dtypes.int16,
                                                             dtypes.int32, dtypes.int64}))


def pow(x, y, name=None) -> Tensor:  # noqa: A001 - TF's name
    """Elementwise `x ** y`. Mirrors `tf.math.pow`.

    >>> tf.pow(tf.constant([2.0, 3.0]), 2)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([4., 9.], dtype=float32)>
    """
    return execute(POW, (x, y), name=name or "Pow")  # (`x ** y` makes "pow")


# -- maximum, minimum, squared difference -----------------------------------------
def _winner_grad(op, dy, x_wins: Tensor):
    """max/min pass dy to whichever input won, elementwise (TF: a tie goes to x)."""
    x, y = op.inputs
    zero = _array.zeros_like(dy)
    return (unbroadcast(_index.where(x_wins, dy, zero), x) if op.needs(0) else None,
            unbroadcast(_index.where(x_wins, zero, dy), y) if op.needs(1) else None)


def _max_grad(op, dy):
    return _winner_grad(op, dy, greater_equal(*op.inputs))


MAXIMUM = register(Op("Maximum", np.maximum, _max_grad))


def maximum(x, y, name=None) -> Tensor:
    """Elementwise larger of `x` and `y`. Mirrors `tf.math.maximum`.

    >>> tf.maximum(tf.constant([1.0, 5.0]), 3.0)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([3., 5.], dtype=float32)>
    """
    return execute(MAXIMUM, (x, y), name=name)


def _min_grad(op, dy):
    return _winner_grad(op, dy, less_equal(*op.inputs))


MINIMUM = register(Op("Minimum", np.minimum, _min_grad))


def minimum(x, y, name=None) -> Tensor:
    """Elementwise smaller of `x` and `y`. Mirrors `tf.math.minimum`.

    >>> tf.minimum(tf.constant([1.0, 5.0]), 3.0)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 3.], dtype=float32)>
    """
    return execute(MINIMUM, (x, y), name=name)


def _sqdiff_grad(op, dy):
    x, y = op.inputs
    g = multiply(dy, multiply(2, subtract(x, y)))  # d(x-y)^2/dx = 2(x-y)
    return unbroadcast(g, x), unbroadcast(negative(g), y)


SQUARED_DIFFERENCE = register(Op("SquaredDifference", lambda x, y: np.square(x - y), _sqdiff_grad,
                                 dtypes=_FLOAT | {dtypes.int32, dtypes.int64}))


def squared_difference(x, y, name=None) -> Tensor:
    """Elementwise `(x - y) ** 2`. Mirrors `tf.math.squared_difference`."""
    return execute(SQUARED_DIFFERENCE, (x, y), name=name)


def negative(x, name=None) -> Tensor:
    """Elementwise `-x`. Mirrors `tf.math.negative` (defined in unary_ops)."""
    return _unary.negative(x, name)


# -- comparisons (bool outputs, so no gradients) -----------------------------------
def _comparison(name, numpy_fn, allowed=_NUM):
    return register(Op(name, numpy_fn, None, dtypes=allowed))


EQUAL = _comparison("Equal", np.equal, dtypes.ALL_AND_STRING)
NOT_EQUAL = _comparison("NotEqual", np.not_equal, dtypes.ALL_AND_STRING)
LESS = _comparison("Less", np.less)
LESS_EQUAL = _comparison("LessEqual", np.less_equal)
GREATER = _comparison("Greater", np.greater)
GREATER_EQUAL = _comparison("GreaterEqual", np.greater_equal)


def equal(x, y, name=None) -> Tensor:
    """Elementwise `x == y`, as a bool tensor. Mirrors `tf.math.equal`."""
    return execute(EQUAL, (x, y), name=name)


def not_equal(x, y, name=None) -> Tensor:
    """Elementwise `x != y`. Mirrors `tf.math.not_equal`."""
    return execute(NOT_EQUAL, (x, y), name=name)


def less(x, y, name=None) -> Tensor:
    """Elementwise `x < y`. Mirrors `tf.math.less`."""
    return execute(LESS, (x, y), name=name)


def less_equal(x, y, name=None) -> Tensor:
    """Elementwise `x <= y`. Mirrors `tf.math.less_equal`."""
    return execute(LESS_EQUAL, (x, y), name=name)


def greater(x, y, name=None) -> Tensor:
    """Elementwise `x > y`. Mirrors `tf.math.greater`."""
    return execute(GREATER, (x, y), name=name)


def greater_equal(x, y, name=None) -> Tensor:
    """Elementwise `x >= y`. Mirrors `tf.math.greater_equal`."""
    return execute(GREATER_EQUAL, (x, y), name=name)


def tensor_equals(x, y):
    """`x == y` for tensors: elementwise, or False when shapes cannot broadcast (as TF)."""
    if y is None:
        return False
    try:
        return equal(x, y)
    except Exception:
        if isinstance(y, Tensor) and y.dtype is not x.dtype:
            raise
        if isinstance(y, Tensor):
            return convert_to_tensor(False)
        raise


def tensor_not_equals(x, y):
    """`x != y` for tensors: elementwise, or True when shapes cannot broadcast."""
    if y is None:
        return True
    result = tensor_equals(x, y)
    return logical_not(result)


# -- logic (bool only) ------------------------------------------------------------
_BOOL = {dtypes.bool}
LOGICAL_AND = register(Op("LogicalAnd", np.logical_and, None, dtypes=_BOOL))
LOGICAL_OR = register(Op("LogicalOr", np.logical_or, None, dtypes=_BOOL))
LOGICAL_NOT = register(Op("LogicalNot", np.logical_not, None, dtypes=_BOOL))


def logical_and(x, y, name=None) -> Tensor:
    """Elementwise `x AND y` on bool tensors. Mirrors `tf.math.logical_and`."""
    return execute(LOGICAL_AND, (x, y), name=name)


def logical_or(x, y, name=None) -> Tensor:
    """Elementwise `x OR y` on bool tensors. Mirrors `tf.math.logical_or`."""
    return execute(LOGICAL_OR, (x, y), name=name)


def logical_not(x, name=None) -> Tensor:
    """Elementwise `NOT x` on a bool tensor. Mirrors `tf.math.logical_not`."""
    return execute(LOGICAL_NOT, (x,), name=name)


def logical_xor(x, y, name="LogicalXor") -> Tensor:
    """Elementwise exclusive or; TF builds it from and/or/not, so do we."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


# The matrix product has its own module (matmul_ops.py); `tf.matmul` is found here too,
# as the gradient code of the other modules calls it (`_m.matmul`).
from .matmul_ops import BATCH_MATMUL, MATMUL, matmul  # noqa: E402

__all__ = ["BATCH_MATMUL", "MATMUL", "matmul"]  # (what this module gives from matmul_ops)
