"""tf.split: equal pieces or listed sizes (one -1), TF's errors; gradients through the pieces.

TF's values and messages are checked in
tests/differential/test_against_tensorflow_image_tutorials.py (the VAE tutorial's split).
"""
import numpy as np
import pytest

import course.engine as tf

from .helpers import check_gradients


def test_split_into_equal_pieces_and_into_listed_sizes_with_one_rest():
    x = tf.reshape(tf.range(12.0), [2, 6])
    a, b = tf.split(x, 2, axis=1)
    np.testing.assert_array_equal(b.numpy(), [[3, 4, 5], [9, 10, 11]])
    pieces = tf.split(x, [1, -1, 2], axis=-1)
    assert [p.shape.as_list() for p in pieces] == [[2, 1], [2, 3], [2, 2]]


def test_split_refuses_uneven_pieces_and_sizes_that_do_not_add_up():
    x = tf.zeros([2, 5])
    with pytest.raises(tf.errors.InvalidArgumentError, match="evenly divide"):
        tf.split(x, 2, axis=1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Got: 4"):
        tf.split(x, [2, 2], axis=1)


def test_split_gradient_matches_central_differences():
    """Each piece's upstream gradient lands on its own columns (a weighted sum of all pieces)."""
    def f(x):
        first, rest = tf.split(x, [1, -1], axis=1)
        return tf.concat([first * 3.0, tf.sin(rest)], axis=1)
    check_gradients(f, [np.random.default_rng(2).uniform(-1, 1, (3, 4))], wrt=(0,))


def test_split_in_a_tf_function_keeps_the_static_piece_shapes():
    f = tf.function(lambda x: tf.split(x, num_or_size_splits=2, axis=1))
    mean, logvar = f(tf.zeros([4, 6]))
    assert mean.shape == (4, 3) and logvar.shape == (4, 3)
