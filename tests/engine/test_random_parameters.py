"""Random draws whose parameters are tensors (TF: minval, maxval, mean and stddev may be any
tensors, also graph tensors computed in a tf.function, like Xavier's limit)."""
from __future__ import annotations

import numpy as np

import course.engine as tf


def test_uniform_with_a_limit_computed_in_the_graph():
    """TF's guides draw Xavier-initialised weights as uniform(-limit, limit), the limit a tensor."""
    @tf.function
    def xavier(fan_in):
        limit = tf.sqrt(6.0) / tf.sqrt(tf.cast(fan_in + 3, tf.float32))
        return tf.random.uniform((4, 3), minval=-limit, maxval=limit, seed=1), limit

    values, limit = xavier(tf.constant(4))
    assert values.shape == (4, 3) and values.dtype == tf.float32
    assert np.all(np.abs(values.numpy()) <= limit.numpy())


def test_normal_with_tensor_mean_and_stddev_in_a_graph():
    @tf.function
    def draw(mean, stddev):
        return tf.random.normal([20000], mean=mean, stddev=stddev, seed=3)

    values = draw(tf.constant(5.0), tf.constant(0.5)).numpy()
    assert abs(values.mean() - 5.0) < 0.02 and abs(values.std() - 0.5) < 0.02


def test_eager_draws_unchanged_by_tensor_parameters():
    """A Python number or the same number as a tensor: the same draw from the same seed."""
    tf.random.set_seed(7)
    a = tf.random.uniform([5], 2.0, 5.0)
    tf.random.set_seed(7)
    b = tf.random.uniform([5], tf.constant(2.0), tf.constant(5.0))
    assert a.numpy().tolist() == b.numpy().tolist()


def test_stateless_draws_with_bounds_computed_in_the_graph():
    """Stateless draws share the random ops' affine step: tensor bounds work in a graph too."""
    @tf.function
    def draw(low, stddev):
        return (tf.random.stateless_uniform([1000], [1, 2], minval=low, maxval=low + 1.0),
                tf.random.stateless_normal([20000], [3, 4], mean=low, stddev=stddev))

    uniform, normal = (t.numpy() for t in draw(tf.constant(5.0), tf.constant(0.5)))
    assert uniform.min() >= 5.0 and uniform.max() < 6.0
    assert abs(normal.mean() - 5.0) < 0.02 and abs(normal.std() - 0.5) < 0.02
