"""tf.split against TF 2.21 (rules: compare.py): equal pieces, sizes with -1, a negative axis,
the gradient, and the errors for sizes that do not fit."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
X = np.arange(24, dtype=np.float32).reshape(2, 3, 4)


@cases("equal pieces, sizes with -1 and a zero, a negative axis, sizes as a tensor")
def _(tf):
    return (tf.split(X, 2, axis=2), tf.split(X, [1, -1], 1), tf.split(X, [2, 0, 2], axis=-1),
            tf.split(tf.constant(X), tf.constant([1, 1]), axis=0))


@cases("the gradient: each piece's gradient back in its place", rtol=1e-6)
def _(tf):
    x = tf.constant(X)
    with tf.GradientTape() as tape:
        tape.watch(x)
        a, b, c = tf.split(x, [1, 2, -1], axis=2)
        y = tf.reduce_sum(a * 3.0) + tf.reduce_sum(b * b)
    return tape.gradient(y, x)


cases("tf.split: 3 pieces of 4")(lambda tf: tf.split(X, 3, axis=2))
cases("tf.split: sizes summing to 5 of 4")(
    lambda tf: tf.split(X, [2, 3], axis=2))
cases("tf.split: two -1 sizes")(lambda tf: tf.split(X, [-1, -1], axis=2))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
