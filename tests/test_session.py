"""TF1 style: tf.Graph().as_default(), disable_eager_execution, placeholders and Session.

Messages and semantics were checked against TensorFlow 2.21's tf.compat.v1.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.context import state

tf1 = tf.compat.v1


@pytest.fixture(autouse=True)
def eager_afterwards():
    yield
    tf1.enable_eager_execution()
    assert state.graph is None


def test_session_run_versus_tf2_call():
    """TF1's sess.run(f(placeholder), feed_dict={placeholder: v}) equals TF2's tf.function f(v)."""
    def f(x):
        return tf.reduce_sum(x * x, axis=1)

    value = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[None, 2])
        y = f(x)
        assert str(y) == 'Tensor("Sum:0", shape=(None,), dtype=float32)'
        with tf1.Session() as sess:
            tf1_result = sess.run(y, feed_dict={x: value})
    tf2_result = tf.function(f)(tf.constant(value)).numpy()
    np.testing.assert_array_equal(tf1_result, tf2_result)
    assert tf1_result.tolist() == [5.0, 25.0]


def test_fetch_structures_single_list_dict():
    with tf.Graph().as_default():
        a = tf1.placeholder(tf.int32, shape=[2], name="a")
        b = a * 2
        c = a + b
        with tf1.Session() as sess:
            feed = {a: [1, 2]}
            assert sess.run(b, feed).tolist() == [2, 4]
            one, two = sess.run([b, c], feed)
            assert (one.tolist(), two.tolist()) == ([2, 4], [3, 6])
            out = sess.run({"b": b, "nested": (c, [b])}, feed_dict=feed)
            assert out["b"].tolist() == [2, 4] and out["nested"][1][0].tolist() == [2, 4]
            assert isinstance(out["nested"], tuple)
            assert sess.run("add:0", feed).tolist() == [3, 6]   # tensors by name


def test_missing_feed_is_invalid_argument_naming_the_placeholder():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[None, 3])
        y = x + 1.0
        with tf1.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=r"You must feed a value for placeholder tensor 'Placeholder' "
                                     r"with dtype float and shape \[\?,3\]"):
                sess.run(y)


def test_wrong_shape_feed_is_a_value_error():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[None, 3])
        with tf1.Session() as sess:
            with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2,\) for Tensor "
                                                 r"Placeholder:0, which has shape \(None, 3\)"):
                sess.run(x * 2.0, feed_dict={x: [1.0, 2.0]})


def test_feed_values_are_converted_to_the_placeholder_dtype_as_numpy_does():
    """TF1 feeds go through np.asarray(value, dtype): 1.5 -> 1 for int32, 'a' -> ValueError."""
    with tf.Graph().as_default():
        i = tf1.placeholder(tf.int32, [2])
        f = tf1.placeholder(tf.float32, [1])
        with tf1.Session() as sess:
            assert sess.run(i, {i: [1.5, 2.5]}).tolist() == [1, 2]
            assert sess.run(f * 2.0, {f: np.ones(1, np.int32)}).dtype == np.float32
            with pytest.raises(ValueError, match="could not convert string to float"):
                sess.run(f, {f: ["a"]})


def test_fetching_or_feeding_a_tensor_of_another_graph():
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        x = tf1.placeholder(tf.float32, [])
        y = x + 1.0
    with g2.as_default():
        other = tf.constant(1.0) * 2.0
    with tf1.Session(graph=g1) as sess:
        with pytest.raises(ValueError, match="is not an element of this graph"):
            sess.run(other)
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor"):
            sess.run(y, feed_dict={other: 1.0})


def test_variables_need_the_initializer_in_each_session():
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        x = tf1.placeholder(tf.float32, [])
        y = x * v
        init = tf1.global_variables_initializer()
        with tf1.Session() as sess:
            with pytest.raises(tf.errors.FailedPreconditionError, match="Could not find variable"):
                sess.run(y, {x: 2.0})
            assert sess.run(init) is None
            assert sess.run(y, {x: 2.0}) == 2.0
            assert sess.run(v.assign_add(1.0)) == 2.0
            assert sess.run(v) == 2.0
        with tf1.Session() as other:      # a new session has its own (uninitialized) variables
            with pytest.raises(tf.errors.FailedPreconditionError):
                other.run(v)


def test_feeding_an_intermediate_tensor_cuts_the_graph():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [])
        y = x * 3.0
        z = y + 1.0
        with tf1.Session() as sess:
            assert sess.run(z, {y: 10.0}) == 11.0   # x need not be fed


def test_closed_session_raises():
    with tf.Graph().as_default():
        c = tf.constant(1.0) * 2.0
        sess = tf1.Session()
        assert sess.run(c) == 2.0
        sess.close()
        with pytest.raises(RuntimeError, match="Attempted to use a closed Session"):
            sess.run(c)


def test_disable_then_enable_eager_execution():
    assert tf.executing_eagerly()
    tf1.disable_eager_execution()
    assert not tf.executing_eagerly()
    a = tf1.placeholder(tf.float32, name="a")
    assert str(a) == 'Tensor("a:0", dtype=float32)' and str(a.shape) == "<unknown>"
    with tf1.Session() as sess:
        assert sess.run(a * 2.0, {a: 3.0}) == 6.0
    assert a.graph is tf1.get_default_graph()
    tf1.enable_eager_execution()
    assert tf.executing_eagerly()
    assert (tf.constant(1) + 1).numpy() == 2


def test_placeholder_needs_graph_mode():
    with pytest.raises(RuntimeError, match="not compatible with eager execution"):
        tf1.placeholder(tf.float32)


def test_gradients_build_graph_nodes_in_tf1_mode():
    with tf.Graph().as_default():
        w = tf.Variable(3.0)
        x = tf1.placeholder(tf.float32, [])
        with tf.GradientTape() as tape:
            loss = (w * x) ** 2
        grad = tape.gradient(loss, w)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            assert sess.run(grad, {x: 2.0}) == pytest.approx(2 * 3.0 * 2.0 * 2.0)
