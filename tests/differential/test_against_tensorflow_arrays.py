"""Masks, grids, padding, sliced assignment, copies and dtype inference against TF 2.21
(rules: tf_compare.py)."""
from __future__ import annotations

import copy

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
M = np.arange(12, dtype=np.float32).reshape(3, 4)

cases("boolean_mask of a vector, of rows, along an axis")(lambda tf: (
    tf.boolean_mask(tf.constant([1, 2, 3]), [True, False, True]),
    tf.boolean_mask(tf.constant(M), tf.constant([False, True, True])),
    tf.boolean_mask(tf.constant(M), [True, False, False, True], axis=1),
    tf.boolean_mask(tf.constant(M), tf.constant(M) > 5.0)))
cases("boolean_mask: the mask's shape must match")(
    lambda tf: tf.boolean_mask(tf.constant([1, 2, 3]), [True, False]))
cases("boolean_mask: a scalar mask")(lambda tf: tf.boolean_mask(tf.constant([1, 2]), True))
cases("mask indexing: t[t > 5], t[np bool array]")(lambda tf: (
    tf.constant(M)[tf.constant(M) > 5.0], tf.constant([1, 2, 3])[np.array([True, False, True])]))


@cases("gradient through boolean_mask")
def _(tf):
    x = tf.constant(M)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x[x > 5.0] ** 2)
    return tape.gradient(y, x)


cases("meshgrid xy and ij")(lambda tf: (tf.meshgrid([1, 2, 3], [4, 5]),
                                        tf.meshgrid(tf.constant([1.0, 2.0]), [3.0, 4.0, 5.0],
                                                    indexing="ij"),
                                        tf.meshgrid([1, 2], [3, 4, 5], [6])))
cases("meshgrid: bad indexing")(lambda tf: tf.meshgrid([1], [2], indexing="yx"))
cases("pad")(lambda tf: (tf.pad(tf.constant([[1, 2], [3, 4]]), [[1, 0], [0, 2]]),
                         tf.pad(tf.constant([1.0, 2.0]), [[2, 1]], constant_values=-1.0),
                         tf.pad(tf.constant(M), tf.constant([[0, 1], [1, 1]]))))


@cases("gradient through pad")
def _(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.pad(x, [[1, 1], [0, 1]], constant_values=2.0) ** 2)
    return tape.gradient(y, x)


cases("is_tensor")(lambda tf: (tf.is_tensor(tf.constant(1)), tf.is_tensor(tf.Variable(1.0)),
                               tf.is_tensor(np.ones(2)), tf.is_tensor(1), tf.is_tensor([1])))


@cases("sliced assignment: v[0], v[1:3], m[:, 0], m[1]")
def _(tf):
    v = tf.Variable([1.0, 2.0, 3.0, 4.0])
    v[0].assign(10.0)
    v[1:3].assign([7.0, 8.0])
    m = tf.Variable(np.zeros((2, 3), np.int32))
    m[:, 0].assign([5, 6])
    m[1].assign(9)
    return v.read_value(), m.read_value()


@cases("sliced assignment inside tf.function")
def _(tf):
    v = tf.Variable([1.0, 2.0, 3.0])

    @tf.function
    def f(x):
        v[1:].assign(x)
        return v.read_value()
    return f(tf.constant([5.0, 6.0]))


cases("sliced assignment: wrong shape", False)(
    lambda tf: tf.Variable([1.0, 2.0, 3.0])[0:2].assign([1.0, 2.0, 3.0]))
cases("a plain tensor has no assign", False)(lambda tf: tf.constant([1.0])[0].assign(2.0))


@cases("reading a slice of a Variable is a tensor, and gradients flow")
def _(tf):
    v = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = v[1] * 3.0 + v[::2] ** 2
    return isinstance(v[0], tf.Tensor), y, tape.gradient(y, v)


cases("semantic difference 4: tf.math.multiply(np.ones([3, 3]), 42) is float64")(lambda tf: (
    tf.math.multiply(np.ones([3, 3]), 42), tf.add(1, np.ones(2)), tf.maximum(np.ones(2), 1),
    tf.add([1.5], np.ones(2)), tf.add(np.ones(2, np.int64), 2 ** 40)))
cases("the first value still rules: [1, 2] + 1.5")(lambda tf: tf.add([1, 2], 1.5))
# TF's tf.add converts a Python or NumPy x on its own first, so x fixes the dtype; the
# operators (`1 + t`, `np_value + t`) convert it with the tensor's dtype instead
cases("tf.add: a NumPy int8 x against an int32 tensor is an error")(
    lambda tf: tf.add(np.array(1, np.int8), tf.constant(1)))
cases("tf.add: a float64 NumPy scalar x against a float32 tensor is an error")(
    lambda tf: tf.add(np.float64(1.5), tf.constant(1.0)))
cases("tf.add: a Python int x against a float32 tensor is an error")(
    lambda tf: tf.add(1, tf.constant(1.0)))
cases("tf.add: a list x against a float32 tensor is an error")(
    lambda tf: tf.add([1, 2], tf.constant([1.0, 2.0])))
cases("tf.add: a tensor x first casts the NumPy y to its dtype")(lambda tf: (
    tf.add(tf.constant(1), np.array(1, np.int8)), tf.add(tf.constant(1), np.array(1.5, np.float16)),
    tf.add(tf.constant(1.0), np.array(1.5))))
cases("the + operator: a Python or NumPy left side takes the tensor's dtype")(lambda tf: (
    1 + tf.constant(1.0), np.float64(1.5) + tf.constant(1.0), tf.constant(2.0) + 1,
    tf.subtract(np.array(1.5), tf.constant(1.0))))
cases("copy.copy and deepcopy of tensors")(lambda tf: (
    copy.copy(tf.constant([1.0, 2.0])), copy.deepcopy(tf.constant([[1, 2]]))))


@cases("copy.copy of a Variable is the Variable, deepcopy a new one")
def _(tf):
    v = tf.Variable([1.0, 2.0], name="w")
    same, other = copy.copy(v), copy.deepcopy(v)
    other.assign([5.0, 6.0])
    return same is v, other is v, v.read_value(), other.read_value(), other.name, other.trainable


# (Pickling stays refused here, with a clear error: TF pickles a Variable; a documented difference.)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
