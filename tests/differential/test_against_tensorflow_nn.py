"""Activations, losses, convolution and pooling, division without NaN, NaN tests against
TF 2.21 (rules: tf_compare.py)."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
R = np.random.default_rng(11)
IMG = R.normal(size=(2, 6, 5, 3)).astype(np.float32)
KER = R.normal(size=(3, 2, 3, 4)).astype(np.float32)
X = np.array([-3.0, -0.5, 0.0, 0.5, 3.0, 30.0, -30.0], np.float32)

cases("softplus and elu")(lambda tf: (tf.nn.softplus(tf.constant(X)), tf.math.softplus(tf.constant(X)),
                                      tf.nn.elu(tf.constant(X))))
cases("l2_loss: half the sum of squares, a scalar")(lambda tf: (
    tf.nn.l2_loss(tf.constant(X)), tf.nn.l2_loss(tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64))))
cases("l2_loss of ints: floats only")(lambda tf: tf.nn.l2_loss(tf.constant([1, 2])))


@cases("l2_loss's gradient is its input")
def _(tf):
    x = tf.constant(X)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = 3.0 * tf.nn.l2_loss(x)
    return tape.gradient(y, x)


cases("softplus of ints", False)(lambda tf: tf.nn.softplus(tf.constant([1, 2])))


@cases("gradients of softplus and elu")
def _(tf):
    x = tf.constant(X)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        a, b = tf.nn.softplus(x), tf.nn.elu(x)
    return tape.gradient(a, x), tape.gradient(b, x)


cases("sigmoid_cross_entropy_with_logits")(lambda tf: tf.nn.sigmoid_cross_entropy_with_logits(
    labels=tf.constant([1.0, 0.0, 0.5, 1.0]), logits=tf.constant([0.5, -1.0, 30.0, -30.0])))
cases("sigmoid_cross_entropy_with_logits: shapes must match")(
    lambda tf: tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0, 0.0, 1.0], logits=[0.5, -1.0]))
cases("sigmoid_cross_entropy_with_logits: compatible shapes suffice (a batch of any size "
      "meets a known one while tracing, as fit on a dataset of dicts does)")(
    lambda tf: tf.function(lambda logits: tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.ones((2, 1)), logits=logits), input_signature=[tf.TensorSpec([None, 1])])(
        tf.constant([[0.5], [-1.0]])))
cases("sigmoid_cross_entropy_with_logits: both arguments needed")(
    lambda tf: tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0]))


@cases("gradient of sigmoid_cross_entropy_with_logits")
def _(tf):
    z = tf.constant([[0.5, -1.0], [2.0, 0.0]])
    with tf.GradientTape() as tape:
        tape.watch(z)
        loss = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(
            labels=tf.constant([[1.0, 0.0], [0.25, 1.0]]), logits=z))
    return tape.gradient(loss, z)


@pytest.mark.parametrize("strides, padding, dilations", [
    (1, "VALID", 1), (1, "SAME", 1), (2, "SAME", 1), ((2, 1), "VALID", 1), (1, "SAME", 2),
    ([1, 2, 2, 1], "SAME", 1)])
def test_conv2d_and_its_gradients(strides, padding, dilations):
    def case(tf):
        x, w = tf.constant(IMG), tf.constant(KER)
        with tf.GradientTape() as tape:
            tape.watch([x, w])
            y = tf.nn.conv2d(x, w, strides=strides, padding=padding, dilations=dilations)
            loss = tf.reduce_sum((y + 1.0) ** 2)
        return y, tape.gradient(loss, [x, w])
    check(case, rtol=1e-4)


cases("conv2d: channels must agree")(lambda tf: tf.nn.conv2d(tf.ones([1, 4, 4, 2]), tf.ones([3, 3, 3, 1]),
                                                             1, "VALID"))
cases("conv2d: padding must be SAME or VALID", False)(
    lambda tf: tf.nn.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 1]), 1, "FULL"))


@pytest.mark.parametrize("ksize, strides, padding", [
    (2, 2, "VALID"), (2, 2, "SAME"), (3, 1, "SAME"), ((2, 3), (1, 2), "VALID"), ([1, 2, 2, 1], 1, "SAME")])
def test_max_pool2d_and_its_gradient(ksize, strides, padding):
    def case(tf):
        x = tf.constant(IMG)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.max_pool2d(x, ksize, strides, padding)
            loss = tf.reduce_sum((y + 1.0) ** 2)
        return y, tape.gradient(loss, x)
    check(case, rtol=1e-5)


cases("divide_no_nan: zero divisors give zero")(lambda tf: (
    tf.math.divide_no_nan(tf.constant([1.0, -2.0, 0.0, 3.0]), tf.constant([0.0, 4.0, 0.0, -1.5])),
    tf.math.divide_no_nan(tf.constant([1.0, 2.0], tf.float64), 0.0)))
cases("divide_no_nan of ints", False)(lambda tf: tf.math.divide_no_nan(tf.constant([1]), tf.constant([0])))


@cases("gradient of divide_no_nan is zero where the divisor is zero")
def _(tf):
    x, y = tf.constant([1.0, -2.0, 3.0]), tf.constant([0.0, 4.0, 0.0])
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = tf.math.divide_no_nan(x, y)
    return tape.gradient(z, [x, y])


cases("is_nan, is_inf, is_finite")(lambda tf: (
    tf.math.is_nan(tf.constant([1.0, np.nan, np.inf])), tf.math.is_inf(tf.constant([1.0, -np.inf, np.nan])),
    tf.math.is_finite(tf.constant([1.0, np.nan, np.inf], tf.float64))))
cases("is_nan of ints", False)(lambda tf: tf.math.is_nan(tf.constant([1, 2])))
cases("clip_by_norm")(lambda tf: (tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0),
                                  tf.clip_by_norm(tf.constant([0.3, 0.4]), 1.0),
                                  tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.0, 0.0]]), 2.0, axes=[1]),
                                  tf.clip_by_norm(tf.zeros([2]), 1.0)))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
