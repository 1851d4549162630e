"""Complex tensors: the real-number ops TF also defines for complex64/complex128, checked
numerically, and the dtype rules that keep the other ops real-only.

Gradient rule (TF's): for a real loss L of z = x + iy, the tape returns dL/dx + i dL/dy.
Each check builds z = tf.complex(x, y) from real float64 arguments, applies the op, and
returns a real number of the result (real, imag or |.|); central differences in x and y then
check the op's complex gradient, through Complex's gradient (real and imaginary parts).
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

from .helpers import check_gradients

R = np.random.default_rng(17)
W = tf.constant(np.array([[0.7 - 1.1j, 2 + 0.5j, -0.3 + 0.9j, 1.2 - 0.4j]] * 3))


def _parts(shape=(3, 4)):
    return [R.uniform(0.4, 2.0, shape) * R.choice([-1, 1], shape) for _ in range(2)]


def _z(x, y):
    return tf.complex(x, y)


# op name -> a real function of the parts of z, which applies the op to complex numbers
CASES = {
    "AddV2": lambda x, y: tf.math.imag((_z(x, y) + W) * W),
    "Sub": lambda x, y: tf.math.real((W - _z(x, y)) * W),
    "AddN": lambda x, y: tf.math.imag(tf.add_n([_z(x, y), W, _z(x, y)]) * W),
    "Mul": lambda x, y: tf.math.real(_z(x, y) * W) + tf.math.imag(_z(x, y) * _z(x, y)),
    "RealDiv": lambda x, y: tf.math.real(_z(x, y) / W) + tf.math.imag(W / _z(x, y)),
    "DivNoNan": lambda x, y: tf.math.imag(tf.math.divide_no_nan(W, _z(x, y))),
    "Neg": lambda x, y: tf.math.imag(-_z(x, y) * W),
    "Exp": lambda x, y: tf.math.real(tf.exp(_z(x, y)) * W),
    "Sqrt": lambda x, y: tf.math.imag(tf.sqrt(_z(x, y)) * W),
    "Square": lambda x, y: tf.math.real(tf.square(_z(x, y)) * W),
    "Log": lambda x, y: tf.math.imag(tf.math.log(_z(x, y)) * W),
    "Sin": lambda x, y: tf.math.real(tf.sin(_z(x, y)) * W),
    "Cos": lambda x, y: tf.math.imag(tf.cos(_z(x, y)) * W),
    "Tanh": lambda x, y: tf.math.real(tf.tanh(_z(x, y) * 0.3) * W),
    "Sigmoid": lambda x, y: tf.math.imag(tf.sigmoid(_z(x, y) * 0.3) * W),
    "Reciprocal": lambda x, y: tf.math.real(tf.math.reciprocal(_z(x, y)) * W),
    "MatMul": lambda x, y: tf.math.real(tf.matmul(_z(x, y), W, transpose_b=True)),
    "MatMul (transposed a)": lambda x, y: tf.math.imag(tf.matmul(_z(x, y), W, transpose_a=True)),
    "BatchMatMulV2": lambda x, y: tf.abs(tf.matmul(tf.stack([_z(x, y)] * 2), tf.transpose(W))),
    "Sum": lambda x, y: tf.abs(tf.reduce_sum(_z(x, y) * W, axis=0)),
    "Mean": lambda x, y: tf.math.imag(tf.reduce_mean(_z(x, y) * W, axis=1)),
    "Cast (complex128 -> complex64 -> complex128)": lambda x, y: tf.math.real(
        tf.cast(tf.cast(_z(x, y), tf.complex64), tf.complex128) * W),
    "Cast (complex128 -> float64)": lambda x, y: tf.cast(_z(x, y) * W, tf.float64),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_complex_gradient_matches_central_differences(name):
    """grad z = dL/dx + i dL/dy: checked through x and y, the parts of z (float64)."""
    # (the complex64 round trip is linear in x and y: a wide step keeps float32's rounding
    # out of the central differences)
    eps, tol = (1e-1, 1e-5) if "complex64" in name else (1e-6, 1e-5)
    check_gradients(CASES[name], _parts(), (0, 1), eps=eps, rtol=tol, atol=tol)


def test_cast_of_a_real_tensor_to_complex_passes_back_the_real_part():
    """TF's Cast gradient between float and complex: the real part of the complex gradient."""
    check_gradients(lambda x: tf.math.imag(tf.cast(x, tf.complex128) * W), [_parts()[0]], (0,))


def test_a_complex_target_is_seeded_with_one():
    """TF seeds a complex target with ones (1 + 0i): the gradient of z * w is conj(w)."""
    z = tf.Variable([1 + 2j, -0.5 + 0.3j])
    w = tf.constant([0.7 - 1.1j, 2 + 0.5j])
    with tf.GradientTape() as tape:
        y = z * w
    np.testing.assert_allclose(tape.gradient(y, z).numpy(), np.conj(w.numpy()))


@pytest.mark.parametrize("fn", [tf.maximum, tf.minimum, tf.less, tf.math.floormod, tf.math.floordiv])
def test_real_only_kernels_refuse_complex_numbers(fn):
    """TF's Maximum, Minimum, Less, FloorMod and FloorDiv (CPU) have no complex kernels."""
    z = tf.constant([1 + 2j])
    with pytest.raises(tf.errors.InvalidArgumentError, match="complex128 is not in the list"):
        fn(z, z)


def test_complex_numbers_have_no_min_or_max():
    """TF: DType.min/max exist for real numbers only."""
    with pytest.raises(TypeError, match="Cannot find minimum value of <dtype: 'complex64'>"):
        tf.complex64.min
