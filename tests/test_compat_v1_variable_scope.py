"""tf.compat.v1.variable_scope / get_variable without TensorFlow: TF1's sharing rules
(docs/engine-api.md, compat.v1), checked by their documented effects."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

tf1 = tf.compat.v1


def test_each_graph_has_its_own_store():
    """The store of get_variable belongs to the graph: a new graph may make "w" again."""
    with tf.Graph().as_default():
        with tf1.variable_scope("s"):
            first = tf1.get_variable("w", [1])
    with tf.Graph().as_default():
        with tf1.variable_scope("s"):
            second = tf1.get_variable("w", [1])
        assert tf1.get_variable_scope().name == ""
    assert first is not second and first.name == second.name == "s/w:0"


def test_reuse_errors_name_the_variable_and_the_fix():
    with tf.Graph().as_default():
        with tf1.variable_scope("layer1"):
            tf1.get_variable("w", [2])
            with pytest.raises(ValueError, match=r"Variable layer1/w already exists, disallowed\. "
                                                 r"Did you mean to set reuse=True"):
                tf1.get_variable("w", [2])
        with tf1.variable_scope("layer1", reuse=True):
            with pytest.raises(ValueError, match=r"Variable layer1/b does not exist"):
                tf1.get_variable("b", [2])
            with pytest.raises(ValueError, match=r"specified shape \(3,\) and found shape \(2,\)"):
                tf1.get_variable("w", [3])


def test_the_scope_is_restored_after_an_error_inside():
    with tf.Graph().as_default():
        with pytest.raises(RuntimeError):
            with tf1.variable_scope("broken"):
                raise RuntimeError("inside")
        assert tf1.get_variable_scope().name == ""
        assert tf1.get_variable("w", [1]).name == "w:0"


def test_glorot_uniform_default_stays_within_its_limit_and_fills_it():
    """Glorot uniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)); a 200x300
    draw reaches within 1% of the limit and has the uniform's variance limit**2 / 3."""
    tf.random.set_seed(3)
    w = tf1.get_variable("w", [200, 300]).numpy()  # eagerly: the value at once
    limit = np.sqrt(6 / 500)
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.99 * limit
    assert abs(w.var() - limit ** 2 / 3) < 0.02 * limit ** 2


def test_initializers_run_under_the_variables_name():
    """TF names an initializer's ops "<variable>/Initializer/...", outside any name scope."""
    with tf.Graph().as_default() as g:
        with tf.name_scope("ns"):
            with tf1.variable_scope("layer"):
                tf1.get_variable("w", [2, 2])
        names = [op.name for op in g.get_operations()]
    assert "layer/w" in names
    assert any(n.startswith("layer/w/Initializer/") for n in names)
    assert not any(n.startswith("ns/layer/w") for n in names)


def test_unsupported_arguments_say_so():
    with pytest.raises(NotImplementedError, match="regularizer"):
        tf1.get_variable("w", [1], regularizer=lambda w: tf.reduce_sum(w))
    with pytest.raises(NotImplementedError, match="custom_getter"):
        tf1.variable_scope("s", custom_getter=lambda getter, *a, **k: getter(*a, **k))


def test_initializer_errors():
    with pytest.raises(TypeError, match="Expected floating point type, got int32"):
        tf1.glorot_uniform_initializer()([2, 2], dtype=tf.int32)
    with pytest.raises(TypeError, match="has 3 elements, but the shape"):
        tf1.constant_initializer([1, 2, 3])([2])


def test_training_a_get_variable_model_reaches_least_squares():
    """GD on a get_variable linear model reaches NumPy's least-squares answer."""
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((40, 2)).astype(np.float32)
    ys = xs @ np.array([[1.0], [-3.0]], np.float32) + 0.5
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 2])
        y = tf1.placeholder(tf.float32, [None, 1])
        with tf1.variable_scope("linear", initializer=tf1.zeros_initializer()):
            w = tf1.get_variable("w", [2, 1])
            b = tf1.get_variable("b", [1])
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        train_op = tf1.train.GradientDescentOptimizer(0.3).minimize(loss)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(300):
                sess.run(train_op, {x: xs, y: ys})
            found = sess.run([w, b])
    np.testing.assert_allclose(found[0], [[1.0], [-3.0]], atol=1e-4)
    np.testing.assert_allclose(found[1], [0.5], atol=1e-4)
