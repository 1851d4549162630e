"""Bad input gets TensorFlow's errors: out-of-range Python ints, float shapes (issue 12).

Each case runs on TF 2.21 and on the engine; the outcomes must agree (the
same value, or the same exception class with a message that starts alike).
"""
from __future__ import annotations

import numpy as np
import pytest

real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402
from .compare import assert_same_outcome  # noqa: E402

CASES = {
    # Python ints beyond int64: TF refuses them unless a float is wanted
    "constant(2**63)": lambda tf: tf.constant(2 ** 63),
    "constant(-2**63 - 1)": lambda tf: tf.constant(-2 ** 63 - 1),
    "constant(2**63 - 1) is int64": lambda tf: tf.constant(2 ** 63 - 1),
    "constant([1, 2**63])": lambda tf: tf.constant([1, 2 ** 63]),
    "constant([[1], [2**64]])": lambda tf: tf.constant([[1], [2 ** 64]]),
    "constant(10**30)": lambda tf: tf.constant(10 ** 30),
    "constant(2**63, tf.int64)": lambda tf: tf.constant(2 ** 63, tf.int64),
    "constant(2**63, tf.float32) is fine": lambda tf: tf.constant(2 ** 63, tf.float32),
    "constant([2**63], tf.float32) is fine": lambda tf: tf.constant([2 ** 63], tf.float32),
    "constant([1.5, 2**63]) is a float": lambda tf: tf.constant([1.5, 2 ** 63]),
    "Variable(2**63)": lambda tf: tf.Variable(2 ** 63),
    "int64 tensor + 2**63": lambda tf: tf.constant(1, tf.int64) + 2 ** 63,
    "int32 tensor + 2**31 wraps, as in TF": lambda tf: tf.constant(1) + 2 ** 31,
    "float32 tensor + 2**63": lambda tf: tf.constant(1.0) + 2 ** 63,
    # shapes must be integers
    "zeros([2.5])": lambda tf: tf.zeros([2.5]),
    "zeros([2.0])": lambda tf: tf.zeros([2.0]),
    "ones([2.5, 1])": lambda tf: tf.ones([2.5, 1]),
    "zeros((2.5, 1))": lambda tf: tf.zeros((2.5, 1)),
    "zeros(2.5)": lambda tf: tf.zeros(2.5),
    "zeros(['a'])": lambda tf: tf.zeros(["a"]),
    "zeros([None])": lambda tf: tf.zeros([None]),
    "zeros([[2]])": lambda tf: tf.zeros([[2]]),
    "zeros([True]) is shape (1,)": lambda tf: tf.zeros([True]),
    "zeros(np float array) is cast": lambda tf: tf.zeros(np.array([2.0, 3.0])),
    "zeros(float tensor)": lambda tf: tf.zeros(tf.constant([2.0])),
    "zeros(int64 numpy scalars)": lambda tf: tf.zeros([np.int64(2), 3]),
    "fill([2.5], 1.0)": lambda tf: tf.fill([2.5], 1.0),
    "fill(2.5, 1)": lambda tf: tf.fill(2.5, 1),
    "reshape(x, [2.5, 2])": lambda tf: tf.reshape(tf.range(4), [2.5, 2]),
    "reshape(x, [2.0, 2])": lambda tf: tf.reshape(tf.range(4), [2.0, 2]),
    "reshape(x, [4.0])": lambda tf: tf.reshape(tf.range(4), [4.0]),
    "reshape(x, 2.5)": lambda tf: tf.reshape(tf.range(4), 2.5),
    "reshape(x, [None])": lambda tf: tf.reshape(tf.range(4), [None]),
    "reshape(x, float tensor)": lambda tf: tf.reshape(tf.range(4), tf.constant([2.0, 2.0])),
    "reshape(x, np float array) is cast": lambda tf: tf.reshape(tf.range(4), np.array([2.0, 2.0])),
    "reshape(x, [3, 2])": lambda tf: tf.reshape(tf.range(4), [3, 2]),
    "random.uniform([2.0])": lambda tf: tf.random.uniform([2.0]),
    "random.normal([2.5])": lambda tf: tf.random.normal([2.5]),
    "tile(x, [2.5])": lambda tf: tf.tile(tf.constant([1]), [2.5]),
    "broadcast_to(x, [2.5])": lambda tf: tf.broadcast_to(tf.constant(1), [2.5]),
    "one_hot(x, 2.5)": lambda tf: tf.one_hot([0], 2.5),
    "eye(2.5)": lambda tf: tf.eye(2.5),
    "constant(1, shape=[2.5])": lambda tf: tf.constant(1, shape=[2.5]),
    "zeros([-1])": lambda tf: tf.zeros([-1]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_same_outcome_as_tensorflow(name):
    assert_same_outcome(real_tf, eng, CASES[name])
