"""Fourier transforms of real signals: `tf.signal.rfft` and its inverse `tf.signal.irfft`.

`rfft` takes the last axis of a real signal x (length n) to its spectrum, the
complex numbers X_k = sum_t x_t exp(-2 pi i k t / n) for k = 0 .. n // 2 (the
other half mirrors them for a real signal, so TF keeps only these n // 2 + 1).
`irfft` goes back: n real values from n // 2 + 1 complex ones.

    >>> tf.signal.rfft(tf.constant([1.0, 0.0, -1.0, 0.0]))
    <tf.Tensor: shape=(3,), dtype=complex64, numpy=array([0.+0.j, 2.+0.j, 0.+0.j], dtype=complex64)>

Gradients (TF's complex convention, complex_ops.py: the gradient for z = a + ib is
dL/da + i dL/db). Each transform's gradient is the other one, up to weights:
- rfft is linear, x -> A x, so x's gradient is Re(A^H dy)_t =
  Re(sum_k dy_k exp(+2 pi i k t / n)); irfft computes (1/n) of such a sum with the
  middle terms doubled, so it is n * irfft(dy * [1, 1/2, ..., 1/2, 1]) (no last 1
  when n is odd: then there is no Nyquist term);
- irfft, written out, is x_t = (1/n)(Re X_0 + 2 Re sum_mid X_k e^(...) + Re X_n/2 (-1)^t),
  whose gradient for X_k is rfft(dy)_k / n with the middle terms doubled.
`fft_length` crops or pads the signal (rfft) or the spectrum (irfft) with zeros
first; the gradient crops or pads back.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register

__all__ = ["rfft", "irfft"]

_COMPLEX_OF = {np.dtype(np.float32): np.complex64, np.dtype(np.float64): np.complex128}
_REAL_OF = {np.dtype(np.complex64): np.float32, np.dtype(np.complex128): np.float64}


def _weights(fft_length: int, spectrum: int, middle: float, dtype) -> np.ndarray:
    """[1, middle, ..., middle, 1] over the spectrum (the last 1 only for an even length)."""
    w = np.full(spectrum, middle, dtype)
    w[0] = 1
    if fft_length % 2 == 0 and spectrum > 1:
        w[-1] = 1
    return w


def _fit_last_axis(x: Tensor, length: int) -> Tensor:
    """x cropped, or padded with zeros, to `length` along its last axis."""
    from .padding_ops import pad
    n = x.shape[-1]
    if n == length:
        return x
    if n > length:
        return x[..., :length]
    return pad(x, [[0, 0]] * (x.ndim - 1) + [[0, length - n]])


# -- rfft -------------------------------------------------------------------------------
def _rfft(x, fft_length, Tcomplex):
    return np.fft.rfft(x, n=fft_length, axis=-1).astype(Tcomplex)


def _rfft_grad(op, dy):
    from .complex_ops import complex as make_complex
    x = op.inputs[0]
    n = op.attrs["fft_length"]
    w = _weights(n, n // 2 + 1, 0.5, x.dtype.as_numpy_dtype)
    weighted = dy * make_complex(convert_to_tensor(w), convert_to_tensor(np.zeros_like(w)))
    dx = irfft(weighted, fft_length=[n]) * float(n)  # Re(A^H dy), see the module docstring
    return (_fit_last_axis(dx, x.shape[-1]),)


# (TF's fft_length is an input tensor; here an attribute, known when the op is made)
RFFT = register(Op("RFFT", _rfft, _rfft_grad, dtypes=(dtypes.float32, dtypes.float64)))


def rfft(input_tensor, fft_length=None, name=None) -> Tensor:
    """The discrete Fourier transform of a real signal along its last axis: n // 2 + 1
    complex numbers (complex64 for float32, complex128 for float64). Mirrors `tf.signal.rfft`.

    >>> tf.signal.rfft(tf.constant([1.0, 2.0, 3.0]))
    <tf.Tensor: shape=(2,), dtype=complex64, numpy=array([ 6. +0.j      , -1.5+0.866025j], dtype=complex64)>
    """
    # TF: a list or an array becomes float32 where it can (a float64 array too)
    x = convert_to_tensor(input_tensor, dtype_hint=dtypes.float32)
    if x.dtype not in (dtypes.float32, dtypes.float64):
        raise ValueError(f"RFFT requires tf.float32 or tf.float64 inputs, got: {x!s}")
    _at_least_rank_1(x)
    return execute(RFFT, (x,), {"fft_length": _length(fft_length, x.shape[-1]),
                                "Tcomplex": _COMPLEX_OF[np.dtype(x.dtype.as_numpy_dtype)]},
                   name=name)


def _at_least_rank_1(x: Tensor) -> None:
    if x.shape.rank == 0:
        raise ValueError(f"Shape {x.shape} must have rank at least 1")


def _length(fft_length, default) -> int:
    if fft_length is None:
        if default is None:
            raise ValueError("rfft/irfft of a signal whose length is not known yet need "
                             "fft_length=[n].")
        return int(default)
    value = fft_length.numpy() if isinstance(fft_length, Tensor) else fft_length
    return int(np.reshape(np.asarray(value), -1)[0])


# -- irfft ------------------------------------------------------------------------------
def _irfft(z, fft_length, Treal):
    return np.fft.irfft(z, n=fft_length, axis=-1).astype(Treal)


def _irfft_grad(op, dy):
    from .complex_ops import complex as make_complex
    z = op.inputs[0]
    n = op.attrs["fft_length"]
    w = _weights(n, n // 2 + 1, 2.0, dy.dtype.as_numpy_dtype) / n
    dz = rfft(dy) * make_complex(convert_to_tensor(w), convert_to_tensor(np.zeros_like(w)))
    return (_fit_last_axis(dz, z.shape[-1]),)


IRFFT = register(Op("IRFFT", _irfft, _irfft_grad, dtypes=dtypes.COMPLEX))


def irfft(input_tensor, fft_length=None, name=None) -> Tensor:
    """The real signal whose `rfft` is `input_tensor` (last axis; n = 2 (m - 1) values from
    m unless `fft_length` says). Mirrors `tf.signal.irfft`.

    >>> tf.signal.irfft(tf.signal.rfft(tf.constant([1.0, 2.0, 3.0, 4.0])))
    <tf.Tensor: shape=(4,), dtype=float32, numpy=array([1., 2., 3., 4.], dtype=float32)>
    """
    z = convert_to_tensor(input_tensor, dtype_hint=dtypes.complex64)
    if not z.dtype.is_complex:
        raise ValueError(f"IRFFT requires tf.complex64 or tf.complex128 inputs, got: {z!s}")
    _at_least_rank_1(z)
    m = z.shape[-1]
    return execute(IRFFT, (z,), {"fft_length": _length(fft_length, None if m is None else
                                                       2 * (m - 1)),
                                 "Treal": _REAL_OF[np.dtype(z.dtype.as_numpy_dtype)]}, name=name)
