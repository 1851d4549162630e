"""tf.split (ops/split_ops.py): pieces of a tensor along an axis, TF's checks, and a gradient
that puts each piece's gradient back where it came from (numeric check). Checked against TF
in tests/differential/test_against_tensorflow_split.py."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

X = np.arange(24, dtype=np.float64).reshape(2, 3, 4)


def test_equal_pieces_and_sizes_with_the_rest_concatenate_back():
    cases = [(2, 2, [(2, 3, 2)] * 2), ([1, -1], 1, [(2, 1, 4), (2, 2, 4)]),
             (tf.constant([1, 1]), 0, [(1, 3, 4)] * 2), ([2, 0, 2], -1, [(2, 3, 2), (2, 3, 0),
                                                                         (2, 3, 2)])]
    for splits, axis, shapes in cases:
        pieces = tf.split(X, splits, axis=axis)
        assert [tuple(p.shape) for p in pieces] == shapes
        np.testing.assert_array_equal(tf.concat(pieces, axis=axis).numpy(), X)


def test_sizes_that_do_not_fit_are_tfs_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="evenly divide the split dimension"):
        tf.split(X, 3, axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Got: 5"):
        tf.split(X, [2, 3], axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="only be one -1"):
        tf.split(X, [-1, -1], axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="split_dim < 3 but got 3"):
        tf.split(X, 2, axis=3)


def test_the_gradient_matches_a_numeric_one():
    def f(x):
        a, b, c = tf.split(x, [1, 2, -1], axis=2)
        return tf.reduce_sum(a * 3.0) + tf.reduce_sum(b * b) - tf.reduce_sum(tf.sin(c))
    theoretical, numerical = tf.test.compute_gradient(f, [X / 10.0], delta=1e-5)
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-5, atol=1e-6)
