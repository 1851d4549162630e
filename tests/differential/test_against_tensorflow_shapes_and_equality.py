"""TensorShape's truth and `Dimension`s, tensor equality and hashing (TF2's rule and TF1's),
against TF 2.21 (rules: tf_compare.py). The rules are the ones TF's migration guide
("TF1 vs TF2") describes."""
from __future__ import annotations

import pytest

from .tf_compare import Cases, check

cases = Cases()

cases("a shape is true when its rank is known, even the scalar shape ()")(lambda tf: [
    bool(tf.TensorShape(s)) for s in ([], [0], [1], [None], [1, 10, 100], [None, None], None)])
cases("shape.dims are Dimensions; shape[i] and as_list() are ints or None")(lambda tf: (
    [repr(d) for d in tf.TensorShape([3, None]).dims], tf.TensorShape([3, None])[0],
    tf.TensorShape([3, None]).as_list(), tf.TensorShape(None).dims))
cases("Dimension: value, repr, str, int")(lambda tf: (
    tf.compat.v1.Dimension(3).value, tf.compat.v1.Dimension(None).value,
    repr(tf.compat.v1.Dimension(None)), str(tf.compat.v1.Dimension(4)),
    int(tf.compat.v1.Dimension(3))))
cases("Dimension: compatibility and merging")(lambda tf: (
    tf.compat.v1.Dimension(3).is_compatible_with(16),
    tf.compat.v1.Dimension(None).is_compatible_with(16),
    tf.compat.v1.Dimension(16).is_compatible_with(tf.compat.v1.Dimension(16)),
    repr(tf.compat.v1.Dimension(3).merge_with(None)),
    repr(tf.compat.v1.Dimension(None).merge_with(5))))
cases("Dimension: merging incompatible ones", compare_message=False)(
    lambda tf: tf.compat.v1.Dimension(3).merge_with(4))
cases("Dimension: arithmetic; unknown in, unknown out")(lambda tf: [repr(x) for x in (
    tf.compat.v1.Dimension(3) + 1, 2 * tf.compat.v1.Dimension(3), tf.compat.v1.Dimension(7) // 2,
    tf.compat.v1.Dimension(None) + 1, tf.compat.v1.Dimension(3) - tf.compat.v1.Dimension(1))])
cases("Dimension: == is None when either is unknown")(lambda tf: (
    tf.compat.v1.Dimension(3) == 3, tf.compat.v1.Dimension(3) == 4,
    tf.compat.v1.Dimension(None) == 3, tf.compat.v1.Dimension(3) != 4))
cases("dimension_value and dimension_at_index")(lambda tf: (
    tf.compat.dimension_value(tf.compat.v1.Dimension(4)), tf.compat.dimension_value(5),
    tf.compat.dimension_value(None), repr(tf.compat.dimension_at_index(tf.TensorShape([2, 3]), 1)),
    repr(tf.compat.dimension_at_index(tf.TensorShape(None), 0))))
cases("a TensorShape from Dimensions")(lambda tf: tf.TensorShape(
    [tf.compat.v1.Dimension(2), tf.compat.v1.Dimension(None)]))


@cases("TF2: == of two variables compares values, elementwise")
def _(tf):
    x, y = tf.Variable(0.0), tf.Variable(0.0)
    return x == y, x != y, tf.constant([1, 2]) == tf.constant([1, 3])


@cases("TF2: tensors and variables are unhashable: use .ref()")
def _(tf):
    errors = []
    for value in (tf.Variable(0.0), tf.constant(2.0)):
        try:
            {value}
        except TypeError as e:
            errors.append(str(e).split(" (")[0])
    return errors


@cases("the message names the variable")
def _(tf):
    return {tf.Variable(1.5, name="w")}


@cases(".ref() is hashable; .deref() gives the object back; its repr")
def _(tf):
    x, c = tf.Variable(0.0), tf.constant(2.0)
    refs = {x.ref(), c.ref()}
    return (x.ref() in refs, x.ref().deref() is x, len(refs), x.ref() == x.ref(),
            repr(c.ref()), type(x.ref()).__name__)


@cases("TF1's rule: disable_tensor_equality makes == identity, and variables hashable")
def _(tf):
    tf.compat.v1.disable_tensor_equality()
    try:
        x, y = tf.Variable(0.0), tf.Variable(0.0)
        c = tf.constant([1.0, 2.0])
        try:
            {c}
        except TypeError as e:  # (eager tensors stay unhashable)
            unhashable = str(e)
        return x == y, x == x, x != y, len({x, y}), c == c, c == tf.constant([1.0, 2.0]), unhashable
    finally:
        tf.compat.v1.enable_tensor_equality()


@cases("enable_tensor_equality restores TF2's rule")
def _(tf):
    tf.compat.v1.disable_tensor_equality()
    tf.compat.v1.enable_tensor_equality()
    x, y = tf.Variable(0.0), tf.Variable(1.0)
    return x == y


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
