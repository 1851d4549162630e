"""Second and higher derivatives through `tf.while_loop`: this engine and TF 2.21 must agree.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_loop_derivatives.py

TF's while_v2 differentiates a loop any number of times: nested GradientTapes
around a loop, inside one tf.function or around a tf.function call. The rule
checked here is calculus itself (e.g. x**3 by a loop that multiplies three
times: 3x^2, 6x, 6) with TF's values as the reference, including loops that
read variables, write TensorArrays, run zero times or hold another loop.
"""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import case_registry  # noqa: E402
from .control_flow_compare import assert_same_outcome  # noqa: E402

CASES, case = case_registry()


def _cube_loop(tf, x):
    return tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), (0, tf.ones_like(x)))[1]


@case("d2/dx2 of x**3 by a loop that multiplies: 6x (nested tapes in one tf.function)")
def _(tf):
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = _cube_loop(tf, x)
            dy = inner.gradient(y, x)
        return y, dy, outer.gradient(dy, x)
    return f(tf.constant([2.0, -1.5]))


@case("d3/dx3 of x**4 by a loop: 24x (three nested tapes)")
def _(tf):
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as t3:
            t3.watch(x)
            with tf.GradientTape() as t2:
                t2.watch(x)
                with tf.GradientTape() as t1:
                    t1.watch(x)
                    y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y * x),
                                      (0, tf.ones_like(x)))[1]
                d1 = t1.gradient(y, x)
            d2 = t2.gradient(d1, x)
        return d1, d2, t3.gradient(d2, x)
    return f(tf.constant(2.0))


@case("second derivative of y = sin(y) * x repeated (float64)")
def _(tf):
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, tf.sin(y) * x),
                                  (0, x))[1]
            dy = inner.gradient(y, x)
        return dy, outer.gradient(dy, x)
    return f(tf.constant(0.5, tf.float64))


@case("eager tapes around a tf.function whose AutoGraph for loop multiplies")
def _(tf):
    @tf.function
    def cube(x):
        y = tf.ones_like(x)
        for _ in tf.range(3):
            y = y * x
        return y
    x = tf.constant([2.0, -1.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = cube(x)
        dy = inner.gradient(y, x)
    return y, dy, outer.gradient(dy, x)


@case("a recurrent loop reading a variable: the gradient of a gradient norm, to x and v")
def _(tf):
    v = tf.Variable([[0.5, -0.3], [0.2, 0.8]])

    @tf.function
    def f(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                h = x
                for _ in tf.range(3):
                    h = tf.tanh(tf.matmul(h, v) + x)
                loss = tf.reduce_sum(h ** 2)
            g = inner.gradient(loss, x)
            penalty = tf.reduce_sum(g * g)
        return loss, g, outer.gradient(penalty, [x, v])
    return f(tf.constant([[0.3, -0.7]]))


@case("second derivative through a loop that writes a TensorArray")
def _(tf):
    @tf.function
    def f(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                ta = tf.TensorArray(tf.float32, size=3)
                y = x
                for i in tf.range(3):
                    y = tf.sin(y) * x
                    ta = ta.write(i, y)
                s = tf.reduce_sum(ta.stack() ** 2)
            g = inner.gradient(s, x)
        return s, g, outer.gradient(g, x)
    return f(tf.constant(0.7))


@case("a Hessian (jacobian of a gradient) through a loop")
def _(tf):
    @tf.function
    def f(x):
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                inner.watch(x)
                outer.watch(x)
                y = x
                for _ in tf.range(2):
                    y = y * tf.reduce_sum(x * x)
                s = tf.reduce_sum(y)
            g = inner.gradient(s, x)
        return outer.jacobian(g, x)
    return f(tf.constant([0.5, 1.5]))


@case("second derivative through a loop inside a loop")
def _(tf):
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.while_loop(
                    lambda i, y: i < 2,
                    lambda i, y: (i + 1, tf.while_loop(lambda j, z: j < 2,
                                                       lambda j, z: (j + 1, tf.tanh(z) * x),
                                                       (0, y))[1]),
                    (0, x))[1]
            dy = inner.gradient(y, x)
        return dy, outer.gradient(dy, x)
    return f(tf.constant([0.3, -0.8], tf.float64))


@case("second derivative through a loop that runs no iteration")
def _(tf):
    @tf.function(autograph=False)
    def f(x, n):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.while_loop(lambda i, y: i < n, lambda i, y: (i + 1, y * x), (0, x * x))[1]
            dy = inner.gradient(y, x)
        return dy, outer.gradient(dy, x)
    return f(tf.constant(3.0), tf.constant(0)), f(tf.constant(3.0), tf.constant(2))


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
