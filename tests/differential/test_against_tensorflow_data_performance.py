"""What TF's tf.data performance guide uses, on this engine and on TF 2.21: the same cases agree.

`Dataset.interleave` (TF's order: `cycle_length` datasets read `block_length`
elements at a time, in turn), `flat_map` of tensor elements, `tf.py_function`
run for its effect (`Tout=[]`) or with several outputs (in a `map` too), and
batches of elements of unknown rank (what a py_function gives), and `shuffle`'s
orders. Run against TF
2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_data_performance.py
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

case = Cases()


def _all(ds) -> list:
    return [np.asarray(x).tolist() if not isinstance(x, tuple) else
            tuple(np.asarray(p).tolist() for p in x) for x in ds.as_numpy_iterator()]


case("interleave: cycle_length 2, datasets of different lengths")(lambda tf: _all(
    tf.data.Dataset.range(1, 4).interleave(
        lambda n: tf.data.Dataset.from_tensors(n).repeat(n), cycle_length=2)))
case("interleave: cycle_length 3, block_length 2, a slot refilled in its turn")(lambda tf: _all(
    tf.data.Dataset.range(1, 6).interleave(
        lambda n: tf.data.Dataset.range(n * 10, n * 10 + n), cycle_length=3, block_length=2)))
case("interleave with num_parallel_calls and deterministic: the same order")(lambda tf: _all(
    tf.data.Dataset.range(3).interleave(lambda x: tf.data.Dataset.range(x, x + 3), cycle_length=2,
                                        num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)))
case("interleave: element_spec and an unknown cardinality, also of an infinite input")(
    lambda tf: (str(tf.data.Dataset.range(2).interleave(
        lambda x: tf.data.Dataset.range(3), cycle_length=1).element_spec),
        int(tf.data.Dataset.range(2).interleave(lambda x: tf.data.Dataset.range(3)).cardinality()),
        int(tf.data.Dataset.range(2).repeat().interleave(
            lambda x: tf.data.Dataset.range(3)).cardinality())))
case("flat_map of tensors: each element's dataset to its end")(lambda tf: _all(
    tf.data.Dataset.range(4).flat_map(lambda x: tf.data.Dataset.range(x))))
case("flat_map of tuple elements: several arguments")(lambda tf: _all(
    tf.data.Dataset.from_tensor_slices((tf.constant([1, 2], tf.int64), ["a", "b"])).flat_map(
        lambda n, s: tf.data.Dataset.from_tensors(s).repeat(n))))


@case("interleave of generator datasets (the guide's ArtificialDataset)")
def _(tf):
    def gen(n):
        for i in range(n):
            yield (i,)

    def make(_):
        return tf.data.Dataset.from_generator(
            gen, output_signature=tf.TensorSpec(shape=(1,), dtype=tf.int64), args=(3,))
    return _all(tf.data.Dataset.range(2).interleave(make, cycle_length=2))


@case("py_function with Tout=[]: runs for its effect, eagerly and in every map call")
def _(tf):
    calls = []

    def mapped(s):
        tf.py_function(lambda: calls.append(1), [], ())
        return s
    eager = tf.py_function(lambda: calls.append(0), [], [])
    return eager, _all(tf.data.Dataset.range(3).map(mapped)), calls


@case("py_function with several outputs: a list, eagerly, in map and in tf.function")
def _(tf):
    both = tf.py_function(lambda x: (x + 1, tf.strings.as_string(x)), [tf.constant(1)],
                          (tf.int32, tf.string))

    def pair(x):
        return tf.py_function(lambda v: (v * 2, v + 1), inp=(x,), Tout=(x.dtype, x.dtype))

    @tf.function
    def second(x):
        return tf.py_function(lambda v: (v, v * 2.0), [x], (tf.float32, tf.float32))[1]
    one = tf.py_function(lambda x: x, [tf.constant(1.0)], [tf.float32])
    return both, _all(tf.data.Dataset.range(2).map(pair)), second(tf.constant(3.0)), one


@case("batch and unbatch of elements of unknown rank (a py_function's)")
def _(tf):
    ds = tf.data.Dataset.range(4).map(
        lambda x: tf.py_function(lambda v: tf.fill([2], v), [x], tf.int64))
    batched = ds.batch(2, drop_remainder=True)
    return (str(ds.element_spec), str(batched.element_spec), _all(batched),
            str(batched.unbatch().element_spec), _all(batched.unbatch()))


@case("py_function on strings inside map (a graph)")
def _(tf):
    ds = tf.data.Dataset.from_tensor_slices(["a", "bc"]).map(
        lambda s: tf.py_function(lambda t: tf.strings.length(t), [s], tf.int32))
    return _all(ds)


# -- shuffle: TF's orders (Philox words picking from a ring buffer) --------------------------
@case("shuffle(seed=): the orders of three passes, and without reshuffling")
def _(tf):
    tf.random.set_seed(None)
    ds = tf.data.Dataset.range(10).shuffle(4, seed=42)
    fixed = tf.data.Dataset.range(10).shuffle(4, seed=42, reshuffle_each_iteration=False)
    return [_all(ds) for _ in range(3)], [_all(fixed) for _ in range(2)]


@case("shuffle after set_seed: op seeds drawn in turn; repeat reshuffles each pass")
def _(tf):
    tf.random.set_seed(5)
    first = _all(tf.data.Dataset.range(12).shuffle(5))
    second = _all(tf.data.Dataset.range(12).shuffle(5))
    repeated = _all(tf.data.Dataset.range(6).shuffle(3, seed=9).repeat(3))
    tf.random.set_seed(None)
    return first, second, repeated


case("shuffle: buffers of 1, larger than the data, and UNKNOWN_CARDINALITY")(lambda tf: (
    tf.random.set_seed(None), _all(tf.data.Dataset.range(7).shuffle(1, seed=7)),
    _all(tf.data.Dataset.range(20).shuffle(100, seed=7)),
    _all(tf.data.Dataset.range(30).shuffle(tf.data.UNKNOWN_CARDINALITY, seed=3)))[1:])
case("shuffle of tuples, then batch (a take() pass counts as a pass)")(lambda tf: (
    tf.random.set_seed(None), [_all(ds.take(2)) + _all(ds) for ds in [
        tf.data.Dataset.from_tensor_slices((tf.range(9), tf.range(9) * 10)).shuffle(
            4, seed=1).batch(4)]])[1])


@pytest.mark.parametrize("fn, compare_message, rtol", case.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
