"""Complex numbers on this engine and on real TensorFlow 2.21: the same cases agree.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_complex.py

Each case is a function of the module (`tf`); compare.py says what "agree" means.
Gradients follow TF's convention: for a real loss L of z = x + iy, the gradient is
dL/dx + i dL/dy (so an analytic op f sends back dy * conj(f'(z))).
"""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()


def _z(tf):
    return tf.constant([5 + 4j, 6 + 1j])


def _w(tf):
    return tf.constant([0.7 - 1.1j, 2 + 0.5j])


# -- making and printing complex tensors -------------------------------------------------------
case("the variable guide's complex Variable: repr and str")(lambda tf: (
    repr(tf.Variable([5 + 4j, 6 + 1j])), str(_z(tf)), repr(_z(tf)), _z(tf).numpy()))
case("a complex scalar prints as a Python complex")(lambda tf: (
    repr(tf.constant(1 + 2j)), str(tf.constant(1 + 2j)), repr(tf.Variable(1 + 2j)),
    repr(tf.constant(1.5 + 2j, tf.complex64))))
case("complex64 prints with its dtype")(lambda tf: (
    str(tf.constant([1.5 + 2j, 3], tf.complex64)), repr(tf.constant([[1j, 2], [3, 4]], tf.complex64))))
case("Python numbers as complex64")(lambda tf: (
    tf.constant(1.0, tf.complex64), tf.constant(1, tf.complex64), tf.constant(1 + 1j, tf.complex64),
    tf.constant([[1 + 1j, 2], [3, 4j]]), tf.zeros([2], tf.complex64), tf.ones_like(_z(tf))))
case("[1, 2j]: the first element sets the type")(lambda tf: tf.constant([1, 2j]))
case("[1.5, 2j]")(lambda tf: tf.constant([1.5, 2j]))
case("a complex number as float32")(lambda tf: tf.constant(1 + 1j, tf.float32))
case("a complex number as float64")(lambda tf: tf.constant(1j, tf.float64))
case("a complex number as int32")(lambda tf: tf.constant(1j, tf.int32))
case("float32 tensor * Python complex")(lambda tf: tf.constant(1.0) * (1 + 1j))
case("NumPy complex arrays keep their dtype")(lambda tf: (
    tf.constant(np.array([1 + 2j], np.complex64)), tf.constant(np.array([1 + 2j]))))
case("the complex dtypes")(lambda tf: (
    repr(tf.complex64), str(tf.complex128), tf.complex64.is_complex, tf.complex64.is_floating,
    tf.complex64.is_numeric, tf.complex64.is_integer, tf.complex64.size, tf.complex128.size,
    tf.complex64.real_dtype, tf.complex128.real_dtype, tf.float32.real_dtype,
    tf.float32.is_complex, tf.as_dtype(np.complex64), tf.as_dtype("complex128"),
    tf.complex64.as_numpy_dtype, tf.complex64 == "complex64"))
case("Python's complex type is not a DType")(lambda tf: tf.as_dtype(complex))
case("complex64 has no minimum")(lambda tf: tf.complex64.min)
case("complex128 has no maximum")(lambda tf: tf.complex128.max)

# -- building and taking apart ------------------------------------------------------------------
case("tf.complex of float32 and float64 parts")(lambda tf: (
    tf.complex(tf.constant([1., 2.]), tf.constant([3., 4.])),
    tf.complex(tf.constant([1.], tf.float64), tf.constant([3.], tf.float64)),
    tf.complex(1., 2.), tf.complex(tf.constant(1.), 2.),
    tf.complex(tf.constant([[1.], [2.]]), tf.constant([3., 4., 5.]))))
case("tf.dtypes.complex is tf.complex")(lambda tf: tf.dtypes.complex(tf.constant([1.5]), [2.0]))
case("tf.complex of ints")(lambda tf: tf.complex(1, 2))
case("tf.complex of float32 and float64")(
    lambda tf: tf.complex(tf.constant(1.), tf.constant(2., tf.float64)))
case("real, imag, conj of complex tensors")(lambda tf: (
    tf.math.real(_z(tf)), tf.math.imag(_z(tf)), tf.math.conj(_z(tf)),
    tf.math.real(tf.cast(_z(tf), tf.complex64)), tf.math.imag(tf.cast(_z(tf), tf.complex64))))
case("real, imag, conj of real tensors")(lambda tf: (
    tf.math.real(tf.constant(1.5)), tf.math.imag(tf.constant(1.5)), tf.math.conj(tf.constant(1.5)),
    tf.math.conj(tf.constant(1)), tf.math.real(tf.constant(1)),
    tf.math.imag(tf.constant([1.5, 2.0], tf.float64))))
case("abs of complex is the real magnitude")(lambda tf: (
    tf.abs(_z(tf)), tf.abs(tf.cast(_z(tf), tf.complex64)), tf.math.abs(tf.Variable([3 + 4j])),
    tf.abs(tf.constant([3 + 4j, -1.5 + 0.25j, 0j], tf.complex64)), tf.abs(3 + 4j)))
case("angle of complex and of real tensors")(lambda tf: (
    tf.math.angle(_z(tf)), tf.math.angle(tf.constant([1j, -1 + 0j, -1 - 0.5j], tf.complex64)),
    tf.math.angle(tf.constant([-1., 2., 0.]))))

# -- arithmetic where TF's kernels take complex numbers -----------------------------------------
case("+ - * / on complex128")(lambda tf: (
    _z(tf) + _z(tf), _z(tf) - 1, _z(tf) * 2, _z(tf) / (1 + 1j), 1 / _z(tf), -_z(tf),
    _z(tf) * 0.5, tf.cast(_z(tf), tf.complex64) * 0.5, _z(tf) * _w(tf), _z(tf) / _w(tf),
    tf.add_n([_z(tf), _w(tf), _z(tf)]), tf.math.divide_no_nan(_z(tf), tf.constant([0j, 2j]))))
case("matmul, reduce_sum, reduce_mean on complex")(lambda tf: (
    tf.matmul(tf.reshape(_z(tf), (1, 2)), tf.reshape(_w(tf), (2, 1))),
    tf.matmul(tf.constant([[1 + 1j, 2], [3j, 4]]), tf.constant([[1 - 1j, 0], [2, 1j]]),
              transpose_b=True),
    tf.reduce_sum(_z(tf)), tf.reduce_mean(_z(tf)),
    tf.reduce_sum(tf.constant([[1 + 1j, 2], [3, 4j]]), axis=0)))
case("exp, sqrt, square, log, sin, cos on complex")(lambda tf: (
    tf.exp(_z(tf)), tf.sqrt(_z(tf)), tf.square(_z(tf)), tf.math.log(_z(tf)), tf.sin(_w(tf)),
    tf.cos(_w(tf))))
case("tanh, sigmoid, reciprocal on complex")(lambda tf: (
    tf.tanh(_w(tf)), tf.sigmoid(_w(tf)), tf.math.reciprocal(_z(tf)),
    tf.tanh(tf.constant([0.5 + 1j], tf.complex64))))
case("complex64 arithmetic")(lambda tf: (
    tf.exp(tf.constant([0.5 + 1j], tf.complex64)), tf.sqrt(tf.constant([-4 + 0j], tf.complex64)),
    tf.constant([1 + 2j], tf.complex64) * tf.constant([3 - 1j], tf.complex64)))
case("equal and not_equal on complex")(lambda tf: (
    tf.equal(_z(tf), _w(tf)), tf.equal(_z(tf), _z(tf)), tf.not_equal(_z(tf), 5 + 4j)))
case("reshape, transpose, concat, gather move complex elements")(lambda tf: (
    tf.reshape(_z(tf), (2, 1)), tf.transpose(tf.reshape(_z(tf), (1, 2))),
    tf.concat([_z(tf), _w(tf)], 0), tf.gather(_z(tf), [1, 0, 1]), tf.stack([_z(tf), _w(tf)]),
    _z(tf)[1]))

# TF defines these kernels for real numbers only: complex inputs are its errors
case("maximum of complex")(lambda tf: tf.maximum(_z(tf), _z(tf)))
case("less on complex")(lambda tf: _z(tf) < _z(tf))
case("relu of complex")(lambda tf: tf.nn.relu(_z(tf)))
case("reduce_max of complex")(lambda tf: tf.reduce_max(_z(tf)))
case("floormod of complex")(lambda tf: _z(tf) % _z(tf))
case("complex128 + complex64")(lambda tf: tf.add(_z(tf), tf.cast(_z(tf), tf.complex64)))
case("complex128 + float64")(lambda tf: _z(tf) + tf.constant(1.0, tf.float64))

# -- casts ----------------------------------------------------------------------------------
case("cast complex to real keeps the real part")(lambda tf: (
    tf.cast(_z(tf), tf.float32), tf.cast(_z(tf), tf.int32), tf.cast(tf.constant([1j, 0j, 2 + 0j]), tf.bool),
    tf.cast(_z(tf), tf.complex64), tf.cast(tf.constant([1.5]), tf.complex64),
    tf.cast(tf.constant([3]), tf.complex128), tf.cast(tf.constant([True]), tf.complex64)))


# -- gradients (TF's convention: grad = dL/dx + i dL/dy) -----------------------------------------
def _grad(tf, loss_of, *sources):
    z = tf.Variable([1 + 2j, -0.5 + 0.3j])
    sources = sources or (z,)
    with tf.GradientTape() as tape:
        loss = loss_of(z, _w(tf))
    return tape.gradient(loss, list(sources) if len(sources) > 1 else sources[0])


for _name, _loss in [
        ("real(z w)", lambda tf, z, w: tf.math.real(z * w)),
        ("imag(z w)", lambda tf, z, w: tf.math.imag(z * w)),
        ("z w, a complex target", lambda tf, z, w: z * w),
        ("|z|", lambda tf, z, w: tf.abs(z)),
        ("|0 z|: 0 at the origin", lambda tf, z, w: tf.abs(z * 0)),
        ("real(exp z)", lambda tf, z, w: tf.math.real(tf.exp(z))),
        ("real(sqrt z)", lambda tf, z, w: tf.math.real(tf.sqrt(z))),
        ("real(z / w)", lambda tf, z, w: tf.math.real(z / w)),
        ("real(w / z)", lambda tf, z, w: tf.math.real(w / z)),
        ("real(z^2)", lambda tf, z, w: tf.math.real(tf.square(z))),
        ("imag(conj z)", lambda tf, z, w: tf.math.imag(tf.math.conj(z))),
        ("angle(z)", lambda tf, z, w: tf.math.angle(z)),
        ("real(log z)", lambda tf, z, w: tf.math.real(tf.math.log(z))),
        ("imag(sin z)", lambda tf, z, w: tf.math.imag(tf.sin(z))),
        ("real(cos z)", lambda tf, z, w: tf.math.real(tf.cos(z))),
        ("imag(tanh z)", lambda tf, z, w: tf.math.imag(tf.tanh(z))),
        ("real(sigmoid z)", lambda tf, z, w: tf.math.real(tf.sigmoid(z))),
        ("real(w / z) by reciprocal", lambda tf, z, w: tf.math.real(w * tf.math.reciprocal(z))),
        ("mean(z)", lambda tf, z, w: tf.reduce_mean(z)),
        ("sum(real z)", lambda tf, z, w: tf.reduce_sum(tf.math.real(z))),
        ("real(z1 z2 + z1 - z2)", lambda tf, z, w: tf.math.real(z * w + z - w)),
        ("real(matmul)", lambda tf, z, w: tf.math.real(tf.reduce_sum(tf.matmul(
            tf.reshape(z, (1, 2)), tf.reshape(w, (2, 1)))))),
        ("|matmul(z z^T)|", lambda tf, z, w: tf.abs(tf.reduce_sum(tf.matmul(
            tf.reshape(z, (2, 1)), tf.reshape(z, (1, 2)))))),
        ("cast to complex64 and back", lambda tf, z, w: tf.math.imag(
            tf.cast(tf.cast(z, tf.complex64) * tf.cast(w, tf.complex64), tf.complex128)))]:
    case(f"gradient of {_name}")(lambda tf, _loss=_loss: _grad(tf, lambda z, w: _loss(tf, z, w)))


@case("gradients of tf.complex's real and imaginary parts")
def _(tf):
    x = tf.Variable([1.5, -2.], dtype=tf.float64)
    y = tf.Variable([0.5, 3.], dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.math.imag(tf.complex(x, y) * _w(tf))
    return tape.gradient(loss, [x, y])


@case("gradient through a real-to-complex cast")
def _(tf):
    x = tf.Variable([1.5, -2.], dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.math.imag(tf.cast(x, tf.complex128) * _w(tf))
    return tape.gradient(loss, x)


@case("a step of gradient descent on a complex Variable")
def _(tf):
    z = tf.Variable([1 + 2j, -0.5 + 0.3j])
    target = tf.constant([0.5 - 1j, 2 + 0j])
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(tf.abs(z - target)))
        z.assign_sub(0.25 * tape.gradient(loss, z))
    return z.numpy(), loss


@case("complex gradients inside tf.function")
def _(tf):
    z = tf.Variable([1 + 2j, -0.5 + 0.3j])

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.math.real(tf.reduce_sum(tf.exp(z) * _w(tf)))
        return tape.gradient(loss, z)
    return step()


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
