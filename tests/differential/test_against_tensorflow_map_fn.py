"""tf.map_fn against TF 2.21: a while_loop over TensorArrays, eagerly and in a tf.function.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_map_fn.py

TF's rules checked here: fn receives one slice (along axis 0) of each element
of `elems`, in elems' structure; without `fn_output_signature` the results
have elems' structure and dtypes but any shape; the results are stacked;
gradients flow through the loop;
inside a tf.function fn is converted by AutoGraph (a Python `if` on a tensor).
"""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()


case("map_fn squares each element")(lambda tf: tf.map_fn(lambda x: x * x, tf.constant([1, 2, 3])))
case("a tuple of elems with another output dtype (fn_output_signature)")(lambda tf: tf.map_fn(
    lambda t: tf.cast(t[0], tf.float32) * t[1], (tf.constant([1, 2]), tf.constant([3.0, 4.0])),
    fn_output_signature=tf.float32))
case("a dict of elems: fn returns the same structure")(lambda tf: tf.map_fn(
    lambda d: {"a": d["a"] + d["b"], "b": d["a"] * d["b"]},
    {"a": tf.constant([1.0, 2.0]), "b": tf.constant([3.0, 4.0])}))
case("rows of a matrix reduced to scalars: the results may have another shape")(
    lambda tf: tf.map_fn(lambda r: tf.reduce_sum(r), tf.constant([[1, 2], [3, 4], [5, 6]])))
case("a TensorSpec as fn_output_signature")(lambda tf: tf.map_fn(
    lambda r: tf.range(3) + r, tf.constant([10, 20]),
    fn_output_signature=tf.TensorSpec([3], tf.int32)))
case("an empty elems with an output signature of known shape gives shape [0, ...]")(
    lambda tf: tf.map_fn(lambda x: x, tf.zeros([0, 2]),
                         fn_output_signature=tf.TensorSpec([2], tf.float32)))
case("elems of rank 0 are refused", compare_message=True)(
    lambda tf: tf.map_fn(lambda x: x, tf.constant(1.0)))
case("fn returning another structure than elems is refused")(
    lambda tf: tf.map_fn(lambda x: (x, x), tf.constant([1.0])))
case("elems with different first dimensions are refused", compare_message=True)(
    lambda tf: tf.map_fn(lambda x: x, (tf.constant([1.0, 2.0]), tf.constant([1.0]))))
case("elems without any tensor are refused")(lambda tf: tf.map_fn(lambda x: x, []))


@case("gradients flow through map_fn, to the elements and to a variable fn reads")
def _(tf):
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.map_fn(lambda v: v * v * x[0], x))
    return y, tape.gradient(y, x)


@case("inside a tf.function: fn's Python if on a tensor is converted by AutoGraph")
def _(tf):
    @tf.function
    def f(xs):
        def g(v):
            if v > 1.5:
                return v * 10.0
            return v
        return tf.map_fn(g, xs)
    return f(tf.constant([1.0, 2.0, 3.0]))


@case("inside a tf.function with an unknown number of rows")
def _(tf):
    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def h(m):
        return tf.map_fn(lambda r: r[0] - r[1], m)
    return h(tf.constant([[5.0, 1.0], [2.0, 3.0], [0.5, 0.25]])), \
        str(h.get_concrete_function().structured_outputs.shape)


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
