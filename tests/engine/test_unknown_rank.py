"""Graphs on tensors of unknown rank (TF1 placeholders without `shape=`), without TensorFlow.

The differential module tests/differential/test_against_tensorflow_unknown_rank.py checks
the same behaviour against TF 2.21; these few keep it guarded where TF is not installed.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

M = np.array([[1.0, -2.0], [3.0, 4.0]], np.float32)


def run(fn, feed=M):
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.float32)
        out = fn(p)
        with tf.compat.v1.Session() as sess:
            return str(out.shape), sess.run(out, {p: feed})


def test_a_full_reduction_is_a_scalar_and_an_axis_is_resolved_when_the_graph_runs():
    assert run(tf.reduce_sum) == ("()", 6.0)
    shape, value = run(lambda p: tf.reduce_mean(p, axis=-1))
    assert shape == "<unknown>" and value.tolist() == [-0.5, 3.5]


def test_shape_size_and_rank_have_tfs_static_shapes():
    shape, value = run(lambda p: tf.shape(p))
    assert shape == "(None,)" and value.tolist() == [2, 2]
    assert run(tf.size) == ("()", 4)
    assert run(tf.rank, np.ones((2, 3, 4), np.float32)) == ("()", 3)


def test_a_bad_axis_is_an_invalid_argument_error_when_the_graph_runs():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Invalid reduction dimension \(5 "
                                                           r"for input with 2 dimension"):
        run(lambda p: tf.reduce_sum(p, axis=5))


def test_rank_dependent_defaults_follow_the_fed_rank():
    assert run(tf.transpose)[1].tolist() == [[1.0, 3.0], [-2.0, 4.0]]
    assert run(tf.squeeze, M[None])[1].tolist() == M.tolist()
    assert run(lambda p: tf.concat([p, p], -1))[1].shape == (2, 4)
    assert run(lambda p: tf.nn.softmax(p))[1].sum(axis=-1).tolist() == pytest.approx([1.0, 1.0])


def test_gradients_inside_a_function_traced_for_any_rank():
    @tf.function(input_signature=[tf.TensorSpec(None, tf.float32)])
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(x * x * tf.constant([1.0, 2.0]))
        return tape.gradient(y, x)
    assert grad(tf.constant(M)).numpy().tolist() == [[2.0, -8.0], [6.0, 16.0]]
