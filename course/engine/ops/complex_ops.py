"""Complex numbers: `tf.complex`, `tf.math.real`, `imag`, `conj`, `angle`, and `tf.abs` of them.

A complex64 tensor holds pairs of float32s (complex128: float64s). These ops build one from
its parts, take it apart, and measure it:

    >>> z = tf.complex(tf.constant([3.0]), tf.constant([4.0]))
    >>> z
    <tf.Tensor: shape=(1,), dtype=complex64, numpy=array([3.+4.j], dtype=complex64)>
    >>> tf.abs(z), tf.math.real(z)
    (<tf.Tensor: ... numpy=array([5.], dtype=float32)>, <tf.Tensor: ... numpy=array([3.], ...)>)

Gradients. TF's gradient of a real loss L with respect to z = x + iy is the complex number
dL/dx + i dL/dy, so a gradient step `z - lr * grad` moves z downhill, as for a real
variable. For an op that is an analytic function f, the gradient passed back is therefore
dy * conj(f'(z)): multiplication by w sends back dy * conj(w). That is why the gradients
of Mul, RealDiv, MatMul, Exp, Sqrt and Square take `conj_if_complex` of what they multiply
by (a no-op for real tensors).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register

_REAL_FLOATS = (dtypes.float32, dtypes.float64)  # TF: no complex32, so no half parts
_COMPLEX_OF = {np.dtype(np.float32): np.complex64, np.dtype(np.float64): np.complex128}


def _tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


# -- tf.complex(real, imag) ----------------------------------------------------------
def _complex(real, imag, Tout):
    out = np.empty(np.broadcast_shapes(np.shape(real), np.shape(imag)), Tout)
    out.real, out.imag = real, imag
    return out if out.ndim else out[()]


def _complex_grad(op, dy):
    # z = x + iy: dL/dx is the real part of z's gradient, dL/dy its imaginary part
    from .math_ops import unbroadcast
    x, y = op.inputs
    return unbroadcast(real(dy), x), unbroadcast(imag(dy), y)


COMPLEX = register(Op("Complex", _complex, _complex_grad, dtypes=_REAL_FLOATS))


def complex(real, imag, name=None) -> Tensor:  # noqa: A001 - TF's name
    """The complex tensor `real + i * imag`. Mirrors `tf.dtypes.complex` (`tf.complex`).

    float32 parts give complex64, float64 parts complex128; both parts share one dtype.

    >>> tf.complex(1.0, 2.0)
    <tf.Tensor: shape=(), dtype=complex64, numpy=(1+2j)>
    """
    x, y = _tensor(real), _tensor(imag)
    if x.dtype is not y.dtype or x.dtype not in _REAL_FLOATS:
        raise TypeError(f"The `real` and `imag` components have incorrect types: {x.dtype.name} "
                        f"{y.dtype.name}. They must be consistent, and one of "
                        "[tf.float32, tf.float64]")
    return execute(COMPLEX, (x, y), {"Tout": _COMPLEX_OF[x._value.dtype]}, name=name)


# -- the parts: real, imag, conj -------------------------------------------------------
def _part(numpy_part):
    def forward(z, Tout):
        return numpy_part(z).astype(Tout)
    return forward


def _abs(z, Tout):
    # in double precision, then rounded: NumPy's complex64 |z| can be one float32 step off TF's
    return np.abs(z.astype(np.complex128)).astype(Tout)


# d real(z): the gradient dy (real) is the complex number dy + 0i; for imag(z), 0 + i dy
REAL = register(Op("Real", _part(np.real), lambda op, dy: (
    execute(COMPLEX, (dy, _zeros(dy)), {"Tout": op.inputs[0]._value.dtype}),), dtypes=dtypes.COMPLEX))
IMAG = register(Op("Imag", _part(np.imag), lambda op, dy: (
    execute(COMPLEX, (_zeros(dy), dy), {"Tout": op.inputs[0]._value.dtype}),), dtypes=dtypes.COMPLEX))
# conj is its own gradient's map: conj(z) = x - iy sends dL/dx + i dL/dy back as its conjugate
CONJ = register(Op("Conj", np.conj, lambda op, dy: (conj(dy),), dtypes=dtypes.COMPLEX))


def _zeros(t: Tensor) -> Tensor:
    from .array_ops import zeros_like
    return zeros_like(t)


def real(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """The real part of each element. Mirrors `tf.math.real`; a real tensor is returned as it is.

    >>> tf.math.real(tf.constant([1 + 2j]))
    <tf.Tensor: shape=(1,), dtype=float64, numpy=array([1.])>
    """
    z = _tensor(input)
    if not z.dtype.is_complex:
        return z
    return execute(REAL, (z,), {"Tout": z.dtype.real_dtype.as_numpy_dtype}, name=name)


def imag(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """The imaginary part of each element. Mirrors `tf.math.imag`; of a real tensor, zeros.

    >>> tf.math.imag(tf.constant([1 + 2j]))
    <tf.Tensor: shape=(1,), dtype=float64, numpy=array([2.])>
    """
    z = _tensor(input)
    if not z.dtype.is_complex:
        return _zeros(z)
    return execute(IMAG, (z,), {"Tout": z.dtype.real_dtype.as_numpy_dtype}, name=name)


def conj(x, name=None) -> Tensor:
    """The complex conjugate, `real - i * imag`. Mirrors `tf.math.conj`; a real tensor stays.

    >>> tf.math.conj(tf.constant([1 + 2j]))
    <tf.Tensor: shape=(1,), dtype=complex128, numpy=array([1.-2.j])>
    """
    z = _tensor(x)
    if not z.dtype.is_complex:
        return z
    return execute(CONJ, (z,), name=name)


def conj_if_complex(x: Tensor) -> Tensor:
    """conj(x) for a complex tensor, x itself otherwise: what gradients multiply by (see top)."""
    return execute(CONJ, (x,)) if x._value.dtype.kind == "c" else x


# -- magnitude and angle -----------------------------------------------------------------
def _complex_abs_grad(op, dy):
    # |z| grows fastest along z / |z|; at z = 0 TF sends back 0
    from .math_ops import divide_no_nan, multiply
    z = op.inputs[0]
    cdy = execute(COMPLEX, (dy, _zeros(dy)), {"Tout": z._value.dtype})
    return (divide_no_nan(multiply(cdy, z), execute(COMPLEX, (
        op.output, _zeros(op.output)), {"Tout": z._value.dtype})),)


def _angle_grad(op, dy):
    # angle = atan2(y, x): d/dx = -y/|z|^2, d/dy = x/|z|^2, i.e. the complex i / conj(z)
    from .math_ops import divide_no_cast, multiply
    z = op.inputs[0]
    cdy = execute(COMPLEX, (dy, _zeros(dy)), {"Tout": z._value.dtype})
    i = Tensor(z._value.dtype.type(1j))
    return (multiply(cdy, divide_no_cast(i, conj(z))),)


COMPLEX_ABS = register(Op("ComplexAbs", _abs, _complex_abs_grad, dtypes=dtypes.COMPLEX))
ANGLE = register(Op("Angle", _part(np.angle), _angle_grad, dtypes=dtypes.COMPLEX))


def complex_abs(z, name=None) -> Tensor:
    """|z| of each complex element, as a real tensor (`tf.abs` calls it for complex input)."""
    z = z if isinstance(z, Tensor) or getattr(z, "_is_variable", False) else convert_to_tensor(z)
    return execute(COMPLEX_ABS, (z,), {"Tout": z.dtype.real_dtype.as_numpy_dtype}, name=name)


def angle(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    """The argument of each element, atan2(imag, real), in (-pi, pi]. Mirrors `tf.math.angle`.

    A real tensor's angle is pi where it is negative and 0 elsewhere, as in TF.

    >>> tf.math.angle(tf.constant([1j, -1 + 0j]))
    <tf.Tensor: shape=(2,), dtype=float64, numpy=array([1.57079633, 3.14159265])>
    """
    z = _tensor(input)
    if not z.dtype.is_complex:
        from .math_ops import less
        from .index_ops import where
        return where(less(z, 0), Tensor(z._value.dtype.type(np.pi)), _zeros(z))
    return execute(ANGLE, (z,), {"Tout": z.dtype.real_dtype.as_numpy_dtype}, name=name)

