"""`tf.random`: shapes, dtypes, ranges and TF's seeding rules (not TF's bit streams)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


def test_set_seed_makes_every_later_draw_reproducible():
    """TF: after set_seed(s), the sequence of draws replays exactly after set_seed(s) again."""
    def draws():
        tf.random.set_seed(1)
        return [tf.random.uniform([3]), tf.random.normal([2, 2]), tf.random.uniform([2], seed=5),
                tf.random.uniform([2], seed=5), tf.random.truncated_normal([4]),
                tf.random.shuffle(tf.range(10)), tf.random.uniform([3], 0, 10, dtype=tf.int32)]
    a, b = draws(), draws()
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x.numpy(), y.numpy())
    assert not np.array_equal(a[2].numpy(), a[3].numpy())  # same op seed: new numbers each call
    tf.random.set_seed(2)
    assert not np.array_equal(tf.random.uniform([3]).numpy(), a[0].numpy())


def test_shapes_dtypes_and_ranges():
    tf.random.set_seed(0)
    u = tf.random.uniform([1000], 2.0, 3.0)
    assert u.dtype is tf.float32 and u.shape == [1000]
    assert 2.0 <= u.numpy().min() and u.numpy().max() < 3.0
    i = tf.random.uniform([1000], 0, 5, dtype=tf.int32)
    assert i.dtype is tf.int32 and set(i.numpy().tolist()) == {0, 1, 2, 3, 4}
    n = tf.random.normal([4000], mean=1.0, stddev=2.0, dtype=tf.float64)
    assert n.dtype is tf.float64 and abs(n.numpy().mean() - 1.0) < 0.15
    assert abs(n.numpy().std() - 2.0) < 0.15
    t = tf.random.truncated_normal([2000])
    assert np.abs(t.numpy()).max() <= 2.0
    s = tf.random.shuffle(tf.range(10))
    assert sorted(s.numpy().tolist()) == list(range(10))


def test_integer_uniform_needs_maxval_and_a_valid_range():
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype"):
        tf.random.uniform([2], dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval, got 5 >= 1"):
        tf.random.uniform([2], 5, 1, dtype=tf.int32)
