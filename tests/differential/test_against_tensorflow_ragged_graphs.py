"""RaggedTensors in tf.function and SavedModels against TF 2.21 (rules: tf_compare.py).

TF's rules (the ragged_tensor guide, "Ragged tensors as tf.function arguments"):
- `tf.RaggedTensorSpec(shape, dtype, ragged_rank, row_splits_dtype)` is a RaggedTensor's
  type; ragged_rank defaults to rank - 1, row_splits_dtype to int64;
- a RaggedTensor argument enters the graph as its component tensors (flat_values, then
  each row_splits), named `x`, `x_1`, ...; a trace is keyed by the argument's spec
  (its number of rows included), and a trace for a more general spec serves it;
- a RaggedTensor returned from a traced function comes back as a RaggedTensor;
- in the graph, elementwise ops and reductions along the ragged axis work as eagerly;
- a function traced for a RaggedTensorSpec saves to a SavedModel and, loaded, takes
  RaggedTensors.
"""
from __future__ import annotations

import tempfile

import pytest

from .tf_compare import Cases, check

cases = Cases()


def _rt(tf):
    return tf.ragged.constant([[1, 2], [3], [4, 5, 6]])


# -- the guide's cells -------------------------------------------------------------------------
@cases("the guide: input_signature=[RaggedTensorSpec], reduce_max and reduce_min along -1")
def _(tf):
    @tf.function(input_signature=[tf.RaggedTensorSpec(shape=[None, None], dtype=tf.int32)])
    def max_and_min(rt):
        return (tf.math.reduce_max(rt, axis=-1), tf.math.reduce_min(rt, axis=-1))
    empty_row = tf.ragged.constant([[1, 2], [], [4, 5, 6]])
    return max_and_min(_rt(tf)), max_and_min(empty_row), \
        max_and_min.experimental_get_tracing_count()


@cases("the guide: get_concrete_function(rt), called with the RaggedTensor; its signature")
def _(tf):
    @tf.function
    def increment(x):
        return x + 1
    cf = increment.get_concrete_function(_rt(tf))
    out = cf(_rt(tf))
    return (repr(out), type(out).__name__, repr(cf.structured_input_signature),
            repr(cf.structured_outputs), [t.name for t in cf.graph.inputs],
            [t.name for t in cf.graph.outputs])


@cases("the guide: a function traced for a RaggedTensorSpec saves and loads")
def _(tf):
    class CustomModule(tf.Module):
        def __init__(self, variable_value):
            super().__init__()
            self.v = tf.Variable(variable_value)

        @tf.function
        def grow(self, x):
            return x * self.v

    module = CustomModule(100.0)
    module.grow.get_concrete_function(tf.RaggedTensorSpec(shape=[None, None], dtype=tf.float32))
    path = tempfile.mkdtemp()
    tf.saved_model.save(module, path)
    loaded = tf.saved_model.load(path)
    return (repr(loaded.grow(tf.ragged.constant([[1.0, 4.0, 3.0], [2.0]]))),
            repr(loaded.grow(tf.ragged.constant([[5.0]]))))


# -- the spec ----------------------------------------------------------------------------------
cases("RaggedTensorSpec: repr and properties; ragged_rank defaults to rank - 1")(lambda tf: [
    (repr(s), s.shape, s.dtype, s.ragged_rank, s.row_splits_dtype) for s in (
        tf.RaggedTensorSpec(shape=[None, None], dtype=tf.int32),
        tf.RaggedTensorSpec([2, None, None], tf.float32),
        tf.RaggedTensorSpec([2, None, 3], tf.float32, ragged_rank=1),
        tf.RaggedTensorSpec([None, None], tf.string, row_splits_dtype=tf.int32))])
cases("RaggedTensorSpec.from_value knows the number of rows")(lambda tf: (
    repr(tf.RaggedTensorSpec.from_value(_rt(tf))),
    repr(tf.RaggedTensorSpec.from_value(tf.ragged.constant([[[1.0]], [[2.0], []]])))))
cases("RaggedTensorSpec: equal specs are equal")(lambda tf: (
    tf.RaggedTensorSpec([None, None], tf.int32) == tf.RaggedTensorSpec([None, None], tf.int32),
    tf.RaggedTensorSpec([None, None], tf.int32) == tf.RaggedTensorSpec([3, None], tf.int32)))
cases("RaggedTensorSpec: ragged_rank must be less than the rank")(
    lambda tf: tf.RaggedTensorSpec([None, None], tf.int32, ragged_rank=2))
cases("RaggedTensorSpec: TF takes any row_splits_dtype in the spec")(
    lambda tf: repr(tf.RaggedTensorSpec([None, None], tf.int32, row_splits_dtype=tf.float32)))


# -- tracing -----------------------------------------------------------------------------------
@cases("tracing: keyed by the spec (rows included); input_signature traces once")
def _(tf):
    f = tf.function(lambda x: x * 2)
    f(_rt(tf)), f(tf.ragged.constant([[7], [8, 9], []])), f(tf.ragged.constant([[1], [2]]))
    g = tf.function(lambda x: x * 2,
                    input_signature=[tf.RaggedTensorSpec([None, None], tf.int32)])
    out = g(_rt(tf)), g(tf.ragged.constant([[1], [2]]))
    return f.experimental_get_tracing_count(), g.experimental_get_tracing_count(), \
        [repr(x) for x in out]


@cases("tracing: a trace for RaggedTensorSpec([None, None]) serves any number of rows")
def _(tf):
    f = tf.function(lambda x: x - 1)
    f.get_concrete_function(tf.RaggedTensorSpec([None, None], tf.int32))
    out = f(_rt(tf)), f(tf.ragged.constant([[1]]))
    return f.experimental_get_tracing_count(), [repr(x) for x in out]


cases("tracing: input_signature refuses a RaggedTensor of another dtype (TF's TypeError)")(
    lambda tf: tf.function(lambda x: x, input_signature=[
        tf.RaggedTensorSpec([None, None], tf.int32)])(tf.ragged.constant([[1.0]])))


@cases("in the graph: ragged rank 2, float reductions and a padded to_tensor")
def _(tf):
    @tf.function
    def f(rt):
        return (tf.reduce_sum(rt, axis=-1), tf.reduce_mean(rt.values, axis=1),
                rt.values.to_tensor(default_value=-1.0), tf.abs(rt) + rt)
    rt = tf.ragged.constant([[[1.0, -2.0], []], [[3.0]], []])
    out = f(rt)
    return out[0].to_list(), out[1], out[2], repr(out[3])


@cases("in the graph: string values, and a RaggedTensor made inside the function")
def _(tf):
    @tf.function
    def f(x):
        made = tf.RaggedTensor.from_row_splits(tf.constant([1, 2, 3]), [0, 1, 3])
        return x + x, made
    out = f(tf.ragged.constant([["a", "b"], ["c"]]))
    return [repr(x) for x in out]


@cases("gradients reach flat_values through a traced function's elementwise ragged ops")
def _(tf):
    x = tf.Variable([1.0, 4.0, 2.0, 7.0, 5.0])

    @tf.function
    def f(rt):
        return tf.reduce_sum((rt * rt - tf.exp(rt)).flat_values)
    with tf.GradientTape() as tape:
        y = f(tf.RaggedTensor.from_row_lengths(x, [2, 0, 3]) * 1.5)
    return y, tape.gradient(y, x)


@cases("the guide: make_palindrome, concat with tf.reverse along axis 1, traced for ragged rows")
def _(tf):
    @tf.function
    def make_palindrome(x, axis):
        return tf.concat([x, tf.reverse(x, [axis])], axis)
    return (repr(make_palindrome(tf.ragged.constant([[1, 2], [3], [4, 5, 6]]), axis=1)),
            repr(make_palindrome(tf.ragged.constant([[1.5], [], [2.5, 3.5]]), axis=1)),
            make_palindrome(tf.constant([[1, 2], [3, 4], [5, 6]]), axis=1))


cases("tf.reverse inside the rows, eagerly: axis 1 and -1, empty rows, inner dimensions")(
    lambda tf: [repr(x) for x in (
        tf.reverse(tf.ragged.constant([[1, 2], [], [3, 4, 5]]), [1]),
        tf.reverse(tf.ragged.constant([["a", "b", "c"], ["d"]]), [-1]),
        tf.reverse(tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1), [1]))])
cases("tf.concat along axis 1 of three ragged tensors, with empty rows, in a tf.function")(
    lambda tf: repr(tf.function(lambda a, b, c: tf.concat([a, b, c], axis=1))(
        tf.ragged.constant([[1], [], [2, 3]]), tf.ragged.constant([[], [4], [5]]),
        tf.ragged.constant([[6, 7], [8], []]))))


@cases("gradients through reverse and concat inside the rows (eager)")
def _(tf):
    x = tf.Variable([1.0, 2.0, 3.0, 4.0])
    with tf.GradientTape() as tape:
        rt = tf.RaggedTensor.from_row_lengths(x, [3, 1])
        y = tf.concat([rt * rt, tf.reverse(rt, [1])], axis=1).flat_values
        z = tf.reduce_sum(y * tf.range(8, dtype=tf.float32))
    return tf.convert_to_tensor(tape.gradient(z, x))


# -- tf.data: dense_to_ragged_batch ------------------------------------------------------------
@cases("the guide: dense_to_ragged_batch makes a RaggedTensor of vectors of unknown length")
def _(tf):
    ds = tf.data.Dataset.from_tensor_slices([1, 5, 3, 2, 8]).map(tf.range)
    batched = ds.apply(tf.data.experimental.dense_to_ragged_batch(2))
    return repr(batched.element_spec), [repr(x) for x in batched], batched.cardinality()


@cases("dense_to_ragged_batch: drop_remainder, int32 row splits, and fully known shapes")
def _(tf):
    ds = tf.data.Dataset.from_tensor_slices([1, 5, 3, 2, 8]).map(tf.range)
    dropped = ds.apply(tf.data.experimental.dense_to_ragged_batch(
        2, drop_remainder=True, row_splits_dtype=tf.int32))
    pairs = tf.data.Dataset.from_tensor_slices([1, 2, 3]).map(lambda n: (tf.range(n), n)) \
        .apply(tf.data.experimental.dense_to_ragged_batch(2))
    dense = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4], [5, 6]]) \
        .apply(tf.data.experimental.dense_to_ragged_batch(2))
    return (repr(dropped.element_spec), [repr(x) for x in dropped],
            repr(pairs.element_spec), [repr(x) for x in pairs],
            repr(dense.element_spec), list(dense))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
