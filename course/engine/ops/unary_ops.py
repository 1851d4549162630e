"""Elementwise functions of one tensor: `tf.exp`, `tf.sqrt`, `tf.abs`, ...

Each gradient is written with engine ops and uses the forward output where
that is cheaper (d exp(x)/dx is exp(x) itself, which we already have).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes, eigen_math
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from . import math_ops as _m
from . import array_ops as _array
from . import complex_ops as _complex

_FLOAT = dtypes.FLOATING
_SIGNED = dtypes.SIGNED
_CX = dtypes.COMPLEX  # the kernels TF also has for complex64 and complex128
_conj = _complex.conj_if_complex  # gradients multiply by conj(f'(z)): see complex_ops.py


def _quiet(numpy_fn):
    """TF returns inf/nan for log(0), sqrt(-1), ... without warnings; so do we."""
    def forward(x):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return numpy_fn(x)
    return forward


# -- negative, abs, sign ----------------------------------------------------------
NEG = register(Op("Neg", np.negative, lambda op, dy: (negative(dy),), dtypes=_SIGNED | _CX))


def negative(x, name=None) -> Tensor:
    """Elementwise `-x`. Mirrors `tf.math.negative`."""
    return execute(NEG, (x,), name=name)


ABS = register(Op("Abs", np.abs, lambda op, dy: (_m.multiply(dy, sign(op.inputs[0])),),
                  dtypes=_SIGNED))  # d|x|/dx = sign(x)


def abs(x, name=None) -> Tensor:  # noqa: A001 - TF's name
    """Elementwise absolute value. Mirrors `tf.math.abs`.

    >>> tf.abs(tf.constant([-1.5, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1.5, 2. ], dtype=float32)>

    Of a complex tensor, the magnitude |z| as a real tensor (TF's ComplexAbs).
    """
    if isinstance(x, complex) or getattr(getattr(x, "dtype", None), "is_complex", False):
        return _complex.complex_abs(x, name=name)
    return execute(ABS, (x,), name=name)


# TF: sign is flat, its gradient is zeros (not None).
SIGN = register(Op("Sign", np.sign, lambda op, dy: (_array.zeros_like(dy),), dtypes=_SIGNED))


def sign(x, name=None) -> Tensor:
    """-1, 0 or 1 by the sign of each element. Mirrors `tf.math.sign`."""
    return execute(SIGN, (x,), name=name)


# -- exp, log and friends ------------------------------------------------------------
def _exp(x):
    if x.dtype == np.float32:  # TF's CPU bits: Eigen's vector exp (eigen_math.py)
        return eigen_math.exp(x)
    with np.errstate(over="ignore", invalid="ignore"):  # (inf and nan without warnings, as TF)
        return np.exp(x)


EXP = register(Op("Exp", _exp, lambda op, dy: (_m.multiply(dy, _conj(op.output)),),
                  dtypes=_FLOAT | _CX))  # d e^x/dx = e^x


def exp(x, name=None) -> Tensor:
    """Elementwise e^x. Mirrors `tf.math.exp` (float inputs only, as in TF).

    >>> tf.exp(tf.constant([0.0, 1.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1.       , 2.7182817], dtype=float32)>
    """
    return execute(EXP, (x,), name=name)


def _log(x):
    if x.dtype == np.float32:  # TF's CPU bits: Eigen's vector log (eigen_math.py)
        return eigen_math.log(x)
    with np.errstate(divide="ignore", invalid="ignore"):  # (log(0) = -inf, log(-1) = nan)
        return np.log(x)


LOG = register(Op("Log", _log,
                  lambda op, dy: (_m.divide_no_cast(dy, _conj(op.inputs[0])),),
                  dtypes=_FLOAT | _CX))  # d log x/dx = 1/x


def log(x, name=None) -> Tensor:
    """Elementwise natural logarithm. Mirrors `tf.math.log` (TF2 has no `tf.log`)."""
    return execute(LOG, (x,), name=name)


LOG1P = register(Op("Log1p", _quiet(np.log1p),
                    lambda op, dy: (_m.divide_no_cast(dy, _m.add(op.inputs[0], 1)),),
                    dtypes=_FLOAT))  # d log(1+x)/dx = 1/(1+x)


def log1p(x, name=None) -> Tensor:
    """Elementwise log(1 + x), accurate for small x. Mirrors `tf.math.log1p`."""
    return execute(LOG1P, (x,), name=name)


EXPM1 = register(Op("Expm1", _quiet(np.expm1),  # d(e^x - 1)/dx = e^x = expm1(x) + 1
                    lambda op, dy: (_m.multiply(dy, _m.add(_conj(op.output), 1)),),
                    dtypes=_FLOAT | _CX))


def expm1(x, name=None) -> Tensor:
    """Elementwise e^x - 1, accurate for small x. Mirrors `tf.math.expm1`.

    >>> tf.math.expm1(tf.constant([0.0, 1e-8]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.e+00, 1.e-08], dtype=float32)>
    """
    return execute(EXPM1, (x,), name=name)


SQRT = register(Op("Sqrt", _quiet(np.sqrt),
                   lambda op, dy: (_m.divide_no_cast(_m.multiply(dy, 0.5), _conj(op.output)),),
                   dtypes=_FLOAT | _CX))  # d sqrt(x)/dx = 1 / (2 sqrt(x))


def sqrt(x, name=None) -> Tensor:
    """Elementwise square root. Mirrors `tf.math.sqrt` (float inputs only)."""
    return execute(SQRT, (x,), name=name)


RSQRT = register(Op("Rsqrt", _quiet(lambda x: 1 / np.sqrt(x)),
                    # d x^(-1/2)/dx = -1/2 x^(-3/2) = -1/2 y^3
                    lambda op, dy: (_m.multiply(dy, _m.multiply(-0.5, _m.pow(op.output, 3))),),
                    dtypes=_FLOAT))


def rsqrt(x, name=None) -> Tensor:
    """Elementwise 1 / sqrt(x). Mirrors `tf.math.rsqrt`."""
    return execute(RSQRT, (x,), name=name)


SQUARE = register(Op("Square", np.square,  # d x^2/dx = 2x
                     lambda op, dy: (_m.multiply(dy, _m.multiply(2, _conj(op.inputs[0]))),),
                     dtypes=dtypes.NUMERIC | _CX))


def square(x, name=None) -> Tensor:
    """Elementwise x². Mirrors `tf.math.square`."""
    return execute(SQUARE, (x,), name=name)


RECIPROCAL = register(Op("Reciprocal", _quiet(np.reciprocal),
                         lambda op, dy: (_m.multiply(negative(dy), _conj(square(op.output))),),
                         dtypes=_FLOAT | _CX))  # d(1/x)/dx = -1/x^2


def reciprocal(x, name=None) -> Tensor:
    """Elementwise 1 / x. Mirrors `tf.math.reciprocal`."""
    return execute(RECIPROCAL, (x,), name=name)


SIN = register(Op("Sin", np.sin, lambda op, dy: (_m.multiply(dy, _conj(cos(op.inputs[0]))),),
                  dtypes=_FLOAT | _CX))


def sin(x, name=None) -> Tensor:
    """Elementwise sine. Mirrors `tf.math.sin`."""
    return execute(SIN, (x,), name=name)


COS = register(Op("Cos", np.cos,
                  lambda op, dy: (_m.multiply(dy, negative(_conj(sin(op.inputs[0])))),),
                  dtypes=_FLOAT | _CX))


def cos(x, name=None) -> Tensor:
    """Elementwise cosine. Mirrors `tf.math.cos`."""
    return execute(COS, (x,), name=name)


# -- rounding (step functions: TF defines no gradient) ---------------------------------
FLOOR = register(Op("Floor", np.floor, None, dtypes=_FLOAT))
CEIL = register(Op("Ceil", np.ceil, None, dtypes=_FLOAT))
# half to even, as TF; TF's Round kernels take int32 and int64 too (no other ints)
ROUND = register(Op("Round", np.round, None, dtypes=_FLOAT | {dtypes.int32, dtypes.int64}))


def floor(x, name=None) -> Tensor:
    """Largest integer not above x, elementwise. Mirrors `tf.math.floor`."""
    return execute(FLOOR, (x,), name=name)


def ceil(x, name=None) -> Tensor:
    """Smallest integer not below x, elementwise. Mirrors `tf.math.ceil`."""
    return execute(CEIL, (x,), name=name)


def round(x, name=None) -> Tensor:  # noqa: A001 - TF's name
    """Rounds half to even (banker's rounding), as `tf.math.round`.

    An integer tensor is returned as it is, without a Round op (TF's rule: so uint32, which
    has no Round kernel, rounds too).
    """
    x = x if type(x) is Tensor else convert_to_tensor(x)  # (a Variable: its value, as in TF)
    if x.dtype.is_integer:
        return x
    return execute(ROUND, (x,), name=name)


# -- is_nan, is_inf, is_finite (bool outputs: no gradient) -------------------------------
IS_NAN = register(Op("IsNan", np.isnan, None, dtypes=_FLOAT))
IS_INF = register(Op("IsInf", np.isinf, None, dtypes=_FLOAT))
IS_FINITE = register(Op("IsFinite", np.isfinite, None, dtypes=_FLOAT))


def is_nan(x, name=None) -> Tensor:
    """True where x is NaN (not a number). Mirrors `tf.math.is_nan`.

    >>> tf.math.is_nan(tf.constant([1.0, float("nan")]))
    <tf.Tensor: shape=(2,), dtype=bool, numpy=array([False,  True])>
    """
    return execute(IS_NAN, (x,), name=name)


def is_inf(x, name=None) -> Tensor:
    """True where x is +inf or -inf. Mirrors `tf.math.is_inf`."""
    return execute(IS_INF, (x,), name=name)


def is_finite(x, name=None) -> Tensor:
    """True where x is neither infinite nor NaN. Mirrors `tf.math.is_finite`."""
    return execute(IS_FINITE, (x,), name=name)
