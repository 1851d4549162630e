"""The kernels of the classic MLP's training step against TF 2.21 (rules: tf_compare.py).

Printed forms are compared exactly, so these cases also see what a value
comparison cannot: the sign of a zero, and nan for inf.
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


@cases("relu's gradient is dy * (y > 0): -0.0 where dy < 0 and y <= 0 (printed)")
def _(tf):
    x = tf.constant([-1.0, 0.0, 2.0, -0.5])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(-3.0 * tf.nn.relu(x))
    return str(tape.gradient(y, x))


@cases("relu's gradient of an infinite or nan dy where y <= 0 is nan, as TF's product (printed)")
def _(tf):
    x = tf.constant([-1.0, -1.0, 0.0, 1.0, 2.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.relu(x)
    dy = tf.constant([np.inf, np.nan, -2.0, np.inf, -4.0], tf.float64)
    with np.errstate(invalid="ignore"):  # (inf * 0: the engine's Mul warns where TF is silent)
        return str(tape.gradient(y, x, output_gradients=dy))


@cases("relu's gradient in a tf.function, and its second derivative (zero)")
def _(tf):
    x = tf.constant([[-1.0, 0.5], [2.0, -0.25]])

    @tf.function
    def grads(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.reduce_sum(tf.nn.relu(x) * tf.constant([[1.0, -2.0], [3.0, -4.0]]))
            g = inner.gradient(y, x)
        return g, outer.gradient(tf.reduce_sum(g), x)
    g, gg = grads(x)
    return str(g), gg


@cases("a Dense(relu) layer's gradients: kernel, bias and input")
def _(tf):
    rng = np.random.default_rng(3)
    x = tf.constant(rng.normal(size=(4, 5)).astype(np.float32))
    w = tf.Variable(rng.normal(size=(5, 3)).astype(np.float32))
    b = tf.Variable(np.array([0.5, -2.0, 0.0], np.float32))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.nn.relu(x @ w + b) * tf.constant([1.0, -1.0, 2.0]))
    return tape.gradient(y, [w, b, x])


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
