"""`tf.gradients`: the tape's backward pass over a graph's nodes (graph/gradients.py).

Rules from TF 2.21's documentation of tf.gradients, also checked against real
TensorFlow in tests/differential/test_against_tensorflow_graph/gradients.py.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.gradient_checker import compute_gradient

tf1 = tf.compat.v1


def _session_values(build, feed):
    with tf.Graph().as_default():
        placeholders, fetches = build()
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            return sess.run(fetches, dict(zip(placeholders, feed)))


def test_matches_gradient_tape_and_numeric_gradient():
    """The same chain rule as the tape: for a small network, tf.gradients in a graph gives what
    GradientTape gives eagerly, and both agree with finite differences."""
    rng = np.random.default_rng(0)
    x_value = rng.standard_normal((4, 3)).astype(np.float32)
    w_value = rng.standard_normal((3, 2)).astype(np.float32)

    def loss(x, w):
        return tf.reduce_mean(tf.tanh(tf.matmul(x, w)) ** 2)

    def build():
        x, w = tf1.placeholder(tf.float32, [4, 3]), tf1.placeholder(tf.float32, [3, 2])
        return [x, w], tf.gradients(loss(x, w), [x, w])

    graph_dx, graph_dw = _session_values(build, [x_value, w_value])
    x, w = tf.constant(x_value), tf.constant(w_value)
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        value = loss(x, w)
    tape_dx, tape_dw = tape.gradient(value, [x, w])
    np.testing.assert_allclose(graph_dx, tape_dx.numpy(), rtol=1e-6)
    np.testing.assert_allclose(graph_dw, tape_dw.numpy(), rtol=1e-6)
    theoretical, numerical = compute_gradient(lambda w: loss(x, w), [w])
    np.testing.assert_allclose(theoretical[0], numerical[0], atol=2e-3)
    np.testing.assert_allclose(graph_dw.reshape(-1), theoretical[0].reshape(-1), rtol=1e-5)


def test_unconnected_sources_are_none_or_zeros():
    """TF: an x the ys do not depend on gives None, or zeros with unconnected_gradients='zero'."""
    def build(unconnected):
        def inner():
            x, z = tf1.placeholder(tf.float32, []), tf1.placeholder(tf.float32, [2])
            return [x, z], tf.gradients(3.0 * x, [x, z], unconnected_gradients=unconnected)
        return inner

    with tf.Graph().as_default():
        _, grads = build("none")()
        assert grads[1] is None
    dx, dz = _session_values(build("zero"), [np.float32(1.0), np.zeros(2, np.float32)])
    assert dx == 3.0 and dz.tolist() == [0.0, 0.0]


def test_variables_get_the_gradient_of_their_reads():
    """TF1 training: tf.gradients(loss, [w]) for a Variable w used in the graph."""
    def build():
        w = tf.Variable([1.0, 2.0])
        return [], tf.gradients(tf.reduce_sum(w * w), [w])

    (dw,) = _session_values(build, [])
    assert dw.tolist() == [2.0, 4.0]


def test_eagerly_it_points_to_gradient_tape():
    """TF: tf.gradients needs a graph; eagerly it raises RuntimeError naming GradientTape."""
    with pytest.raises(RuntimeError, match="Use tf.GradientTape instead"):
        tf.gradients(tf.constant(1.0), [tf.constant(1.0)])


def test_a_tape_records_the_gradient_ops():
    """The gradient nodes are ordinary ops: a tape around them differentiates them again."""
    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            (dy,) = tf.gradients(x * x * x, [x])  # 3x^2
        return dy, tape.gradient(dy, x)          # 6x

    dy, d2 = f(tf.constant(2.0))
    assert (float(dy), float(d2)) == (12.0, 12.0)
