"""fit's step made cheaper (branch fit2) against TF 2.21 (rules: tf_compare.py).

SelectV2 (tf.where, and Dropout's mask in every training step) now picks bits
with `y ^ ((x ^ y) * condition)` into one output array whose shape is the
broadcast of all three inputs. TF's rule: the condition, x and y broadcast
together, and each element is x's or y's, bit for bit; these cases check the
shapes that come from the condition alone, a rank-0 condition, and a traced
Dropout's forward and backward pass. Uniform float32s are made from Philox's
words with one new array (no temporaries): a large draw keeps TF's bits.
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


@cases("where: a [2, 3, 4] condition over a [4] x and a scalar y gives [2, 3, 4]")
def _(tf):
    rng = np.random.default_rng(11)
    cond = tf.constant(rng.random((2, 3, 4)) > 0.5)
    out = [tf.where(cond, tf.constant((rng.normal(size=4) * 9).astype(d)), tf.constant(d(-1)))
           for d in (np.float32, np.float64, np.int32, np.int64, np.float16, np.uint8)]
    return out, [o.shape for o in out]


@cases("where: a rank-0 condition picks a whole branch, NaN and -0.0 kept (bits)")
def _(tf):
    x = tf.constant(np.array([np.nan, -0.0, 1e-45, 2.0], np.float32))
    y = tf.constant(np.array([1.0, 0.0, -1e-45, -np.inf], np.float32))
    return [tf.where(tf.constant(c), x, y).numpy().view(np.uint32) for c in (True, False)]


@cases("where in a tf.function: broadcast condition, bool and complex64 branches")
def _(tf):
    @tf.function
    def pick(c, a, b):
        return tf.where(c, a, b)
    cond = tf.constant([[True], [False]])
    return (pick(cond, tf.constant([[True, False, True]]), tf.constant(False)),
            pick(cond, tf.constant([1 + 2j, -0.0 - 1j], tf.complex64), tf.constant(3j, tf.complex64)))


@cases("Dropout(0.5) in a traced step: the output and the gradient from a fixed seed")
def _(tf):
    tf.keras.utils.set_random_seed(5)
    layer = tf.keras.layers.Dropout(0.5, seed=3)
    x = tf.constant(np.linspace(-2.0, 2.0, 96).reshape(8, 12).astype(np.float32))

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = layer(x, training=True)
            loss = tf.reduce_sum(y * y)
        return y, tape.gradient(loss, x)
    return step(x)


@cases("stateless_uniform of a Dropout-sized shape (75,000 float32s, drawn in chunks): bits")
def _(tf):
    out = tf.random.stateless_uniform((300, 250), seed=[1, 2])
    return out.numpy().view(np.uint32), tf.random.stateless_uniform((7,), seed=[1, 2], dtype=tf.float16)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
