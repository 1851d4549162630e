"""Cases for the complex-number ops (Complex, Real, Imag, Conj, ComplexAbs, Angle, and the
real-signal Fourier transforms RFFT and IRFFT).

The op-table guards in tests/engine/test_gradients.py and tests/test_function.py take their
cases for these ops from here.

- GRAD_CASES: numeric gradient checks. The checker differentiates real float64 arguments,
  so each case builds z = tf.complex(x, y) from two real tensors and returns a real number
  of z. The tape's gradient for x and y is then the real and imaginary part of the gradient
  that reached z: central differences in x and y check TF's convention
  (grad z = dL/dx + i dL/dy) for every op on the way.
- GRAPH_CASES: the op eagerly and in a tf.function must agree.
"""
from __future__ import annotations

import numpy as np

import course.engine as tf

R = np.random.default_rng(13)


class GradCase:
    """f(*args) differentiated w.r.t. `wrt` (the same fields as test_gradients.Case)."""

    def __init__(self, name, f, args, wrt=(0, 1), eps=1e-6, second=True, variables=False):
        self.name, self.f, self.wrt, self.eps = name, f, wrt, eps
        self.args = [np.asarray(a, np.float64) for a in args]
        self.second, self.variables = second, variables

    def __repr__(self):
        return self.name


def _parts(shape=(3, 4)):
    """Real and imaginary parts kept away from 0 (|z| and angle have a kink there)."""
    return [R.uniform(0.4, 2.0, shape) * R.choice([-1, 1], shape),
            R.uniform(0.4, 2.0, shape) * R.choice([-1, 1], shape)]


W = tf.constant(np.array([0.7 - 1.1j, 2 + 0.5j, -0.3 + 0.9j, 1.2 - 0.4j]))  # a complex128 weight


def _z(x, y):
    return tf.complex(x, y)


GRAD_CASES = {
    "Complex": [GradCase("(3,4)", lambda x, y: tf.math.real(_z(x, y) * W) + tf.math.imag(_z(x, y)),
                         _parts()),
                GradCase("broadcast (3,4) and (4,)", lambda x, y: tf.math.imag(_z(x, y) * W),
                         [_parts()[0], _parts((4,))[1]])],
    "Real": [GradCase("real(z w)", lambda x, y: tf.math.real(_z(x, y) * W), _parts()),
             GradCase("scalar", lambda x, y: tf.math.real(_z(x, y) * (0.3 - 2j)), _parts(()))],
    "Imag": [GradCase("imag(z w)", lambda x, y: tf.math.imag(_z(x, y) * W), _parts()),
             GradCase("scalar", lambda x, y: tf.math.imag(_z(x, y) * (1.5 + 1j)), _parts(()))],
    "Conj": [GradCase("imag(conj(z) w)", lambda x, y: tf.math.imag(tf.math.conj(_z(x, y)) * W),
                      _parts())],
    "ComplexAbs": [GradCase("|z|", lambda x, y: tf.abs(_z(x, y)), _parts()),
                   GradCase("|z w|", lambda x, y: tf.abs(_z(x, y) * W), _parts((4,)))],
    "Angle": [GradCase("angle(z)", lambda x, y: tf.math.angle(_z(x, y)), _parts()),
              GradCase("angle(z w)", lambda x, y: tf.math.angle(_z(x, y) * W), _parts((4,)))],
    # rfft: a real signal in, so the case differentiates x and y both through x + y
    "RFFT": [GradCase(f"length {n}{', fft_length ' + str(m) if m else ''}", (
        lambda x, y, n=n, m=m: tf.math.real(tf.signal.rfft(x * y, fft_length=m) * _w(n, m)) +
        tf.math.imag(tf.signal.rfft(x - y, fft_length=m))), _parts((2, n)))
        for n, m in ((6, None), (5, None), (1, None), (6, [4]), (5, [8]))],
    # irfft: the imaginary parts of the first (and, for an even length, the last) term do not
    # count, so their central differences are 0 and the gradient must say 0 too
    "IRFFT": [GradCase(f"{m} terms{', fft_length ' + str(n) if n else ''}", (
        lambda x, y, n=n: tf.signal.irfft(_z(x, y), fft_length=n) * tf.range(
            1.0, 1.0 + (n[0] if n else 2 * (x.shape[-1] - 1)), dtype=tf.float64)), _parts((2, m)))
        for m, n in ((4, None), (4, [7]), (3, [3]), (5, [6]), (4, [12]))],
}


def _w(n, m):
    """A complex weight per frequency, so each term of the spectrum counts differently."""
    size = (m[0] if m else n) // 2 + 1
    return tf.constant(np.linspace(0.5, 2.0, size) + 1j * np.linspace(-1.0, 1.0, size))

_X = np.array([[1.5, -2.0, 0.25], [3.0, 0.5, -1.0]])
_Y = np.array([[0.5, 1.0, -0.75], [-2.0, 4.0, 0.125]])
_Z = _X + 1j * _Y

GRAPH_CASES = {
    "Complex": (tf.complex, [_X, _Y]),
    "Real": (tf.math.real, [_Z]),
    "Imag": (tf.math.imag, [_Z]),
    "Conj": (tf.math.conj, [_Z]),
    "ComplexAbs": (tf.abs, [_Z.astype(np.complex64)]),
    "Angle": (tf.math.angle, [_Z]),
    "RFFT": (lambda x: tf.signal.rfft(x, fft_length=[4]), [_X.astype(np.float32)]),
    "IRFFT": (tf.signal.irfft, [_Z.astype(np.complex64)]),
}
