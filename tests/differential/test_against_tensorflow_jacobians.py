"""`GradientTape.jacobian` and `batch_jacobian` against TF 2.21 (rules: tf_compare.py)."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], np.float32)


@cases("jacobian of an elementwise function is diagonal")
def _(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return tape.jacobian(y, x)


@cases("jacobian of a matrix function: shape target + source")
def _(tf):
    x = tf.constant(X)
    w = tf.Variable(np.arange(12, dtype=np.float32).reshape(3, 4) / 10)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.nn.sigmoid(x @ w)
    return tape.jacobian(y, x), tape.jacobian(y, w)


@cases("jacobian with respect to a scalar Variable (the advanced guide's sigmoid)")
def _(tf):
    x = tf.linspace(-3.0, 3.0, 7)
    delta = tf.Variable(0.0)
    with tf.GradientTape() as tape:
        y = tf.nn.sigmoid(x + delta)
    return tape.jacobian(y, delta)


@cases("jacobian of a list of sources, nested structure kept")
def _(tf):
    a, b = tf.Variable([1.0, 2.0]), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = a * b
    return tape.jacobian(y, {"a": a, "b": [b]})


@cases("unconnected sources: None, or zeros with UnconnectedGradients.ZERO")
def _(tf):
    x, z = tf.Variable([1.0, 2.0]), tf.Variable([[1.0, 2.0, 3.0]])
    with tf.GradientTape(persistent=True) as tape:
        y = x * 2.0
    return (tape.jacobian(y, [x, z]),
            tape.jacobian(y, z, unconnected_gradients=tf.UnconnectedGradients.ZERO))


@cases("the Hessian: the jacobian of a gradient, nested tapes")
def _(tf):
    w = tf.Variable([[1.0, -2.0], [0.5, 3.0]])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            loss = tf.reduce_sum(tf.tanh(w) ** 3)
        g = t1.gradient(loss, w)
    return t2.jacobian(g, w)


@cases("jacobian with experimental_use_pfor=False on a persistent tape")
def _(tf):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.exp(x) * x[0]
    return tape.jacobian(y, x, experimental_use_pfor=False)


@cases("jacobian with experimental_use_pfor=False needs a persistent tape")
def _(tf):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return tape.jacobian(y, x, experimental_use_pfor=False)


@cases("a non-persistent tape gives one jacobian")
def _(tf):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.jacobian(y, x)
    return tape.jacobian(y, x)


@cases("jacobian of a scalar target")
def _(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x ** 3)
    return tape.jacobian(y, x)


@cases("batch_jacobian of a layer-like map: [batch, out, in]")
def _(tf):
    x = tf.constant(X)
    w = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4) / 10)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.elu(x @ w)
    return tape.batch_jacobian(y, x)


@cases("batch_jacobian equals the summed full jacobian when examples are independent")
def _(tf):
    x = tf.constant(X)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.stack([x[:, 0] * x[:, 1], tf.sin(x[:, 2])], axis=1)
    jb = tape.batch_jacobian(y, x)
    j = tape.jacobian(y, x)
    return jb, tf.reduce_sum(j, axis=2)


@cases("batch_jacobian with higher-rank target and source")
def _(tf):
    x = tf.reshape(tf.range(12.0), [2, 3, 2])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reshape(x * x, [2, 2, 3])
    return tape.batch_jacobian(y, x)


@cases("batch_jacobian: the first dimensions must match")
def _(tf):
    x = tf.ones([2, 3])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.ones([3, 1]) * tf.reduce_sum(x)
    return tape.batch_jacobian(y, x)


@cases("batch_jacobian of an unconnected source, and with ZERO")
def _(tf):
    x, z = tf.ones([2, 3]), tf.ones([2, 2])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, z])
        y = x * 2.0
    return (tape.batch_jacobian(y, z),
            tape.batch_jacobian(y, z, unconnected_gradients=tf.UnconnectedGradients.ZERO))


@cases("batch_jacobian with experimental_use_pfor=False needs a persistent tape")
def _(tf):
    x = tf.ones([2, 3])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return tape.batch_jacobian(y, x, experimental_use_pfor=False)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
