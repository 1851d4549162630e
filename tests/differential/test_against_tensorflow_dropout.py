"""`tf.nn.dropout`, `tf.nn.experimental.stateless_dropout`, `tf.compat.v1.nn.dropout` and
Keras's Dropout on integers, against TF 2.21 (rules: tf_compare.py).

TF's rules, as these cases check them: the kept elements are scaled by 1/(1-rate) and the
others are 0; the mask is `uniform draws >= rate`, drawn with TF's seeds (the global seed and
the op seed, or a stateless seed), so seeded dropouts keep the same elements as TF's; a rate of
0 returns x but still takes an op seed; `noise_shape` draws one decision per row; the errors
for a rate outside [0, 1), an integer x, a rate that is no scalar or of another dtype.
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


@cases("seeded by the global seed, by an op seed, with a noise_shape, with rate 0")
def _(tf):
    tf.random.set_seed(0)
    return (tf.nn.dropout(tf.ones([6]), rate=0.5), tf.nn.dropout(tf.ones([2, 5]), 0.3, seed=7),
            tf.nn.dropout(tf.ones([3, 4]), rate=0.5, noise_shape=[3, 1]),
            tf.nn.dropout(tf.ones([3, 4]), rate=0.5, noise_shape=[None, 1]),
            tf.nn.dropout(tf.ones([3, 4]), rate=0.0), tf.random.uniform([2]))


@cases("a rate given as a tensor; float64; stateless; TF1's keep_prob")
def _(tf):
    tf.random.set_seed(1)
    return (tf.nn.dropout(tf.ones([6]), rate=tf.constant(0.5)),
            tf.nn.dropout(tf.ones([6], tf.float64), rate=0.25),
            tf.nn.experimental.stateless_dropout(tf.ones([6]), rate=0.5, seed=[1, 2]),
            tf.nn.experimental.stateless_dropout(tf.ones([2, 3]), rate=0.5, seed=[1, 2],
                                                 noise_shape=[1, 3]),
            tf.compat.v1.nn.dropout(tf.ones([6]), keep_prob=0.75, seed=3))


@cases("the gradient: 1/(1-rate) where kept, 0 where dropped; in a tf.function")
def _(tf):
    tf.random.set_seed(2)
    x = tf.Variable(tf.ones([5]))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.nn.dropout(x * 3.0, rate=0.2, seed=1))

    @tf.function(autograph=False)
    def f(v):
        return tf.nn.dropout(v, 0.5, seed=4)
    return tape.gradient(y, x), f(tf.ones([6])), f(tf.ones([6]))


def _errors(tf):
    found = []
    for bad in (lambda: tf.nn.dropout(tf.ones([2]), 1.0),
                lambda: tf.nn.dropout(tf.ones([2]), -0.1),
                lambda: tf.nn.dropout(tf.constant([1, 2]), 0.5),
                lambda: tf.nn.dropout(tf.ones([2]), "a"),
                lambda: tf.nn.dropout(tf.ones([2]), tf.constant([0.5, 0.1])),
                lambda: tf.nn.dropout(tf.ones([2]), tf.constant(0.5, tf.float64)),
                lambda: tf.compat.v1.nn.dropout(tf.ones([2])),
                lambda: tf.keras.layers.Dropout(0.5)(tf.constant([[1, 2]]), training=True)):
        try:
            bad()
            found.append("no error")
        except ValueError as e:
            found.append(str(e).splitlines()[0] if "Dropout.call" not in str(e) else
                         [line for line in str(e).splitlines() if "x_dtype" in line])
    return found


cases("errors: the rate's range, an integer x, a rate of another shape or dtype")(_errors)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_dropout_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)


def test_keras_dropout_runs_the_same_stateless_dropout():
    """One path: Keras's Dropout layer in training is tf.nn.experimental.stateless_dropout
    with its seed generator's next seed (as Keras 3 on TF), checked here on the engine alone."""
    import course.engine as tf
    from course.engine.keras import random as keras_random
    layer = tf.keras.layers.Dropout(0.5, seed=3)
    seed = keras_random.draw_seed(keras_random.SeedGenerator(3))
    expected = tf.nn.experimental.stateless_dropout(np.ones((4, 5), np.float32), 0.5, seed)
    np.testing.assert_array_equal(layer(np.ones((4, 5), np.float32), training=True), expected)
