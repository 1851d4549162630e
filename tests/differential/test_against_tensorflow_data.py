"""tf.data on this engine and on real TensorFlow 2.21: the same cases must agree.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_data.py

Each case is a function of the module (`tf`); compare.py says what "agree"
means. Shuffling draws different random numbers in the two libraries (the
documented difference), so its cases check the rules instead: the same
elements, the buffer's reach, reproducibility after `tf.random.set_seed`,
reshuffling per pass.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()


def values(ds):
    """The elements of a dataset as NumPy values (what as_numpy_iterator gives)."""
    return list(ds.as_numpy_iterator())


def card(ds) -> int:
    return int(ds.cardinality())


# -- making datasets ---------------------------------------------------------------------------
case("from_tensor_slices: repr, spec and elements of a tuple")(lambda tf: (
    repr(tf.data.Dataset.from_tensor_slices(([1, 2, 3], [4.0, 5.0, 6.0]))),
    values(tf.data.Dataset.from_tensor_slices(([1, 2, 3], [4.0, 5.0, 6.0])))))
case("from_tensor_slices: dicts keep their key order")(lambda tf: (
    repr(tf.data.Dataset.from_tensor_slices({"b": [1, 2], "a": [3.0, 4.0]})),
    values(tf.data.Dataset.from_tensor_slices({"b": [1, 2], "a": [3.0, 4.0]}))))
case("from_tensor_slices: lists are data, tuples are structure")(lambda tf: (
    tf.data.Dataset.from_tensor_slices([(1, 2), (3, 4)]).element_spec,
    tf.data.Dataset.from_tensor_slices(([1, 2], np.array([[1.0], [2.0]]))).element_spec,
    values(tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]))))
case("from_tensor_slices: NumPy dtypes, tensors, Variables")(lambda tf: (
    tf.data.Dataset.from_tensor_slices(np.array([1.0, 2.0])).element_spec,
    values(tf.data.Dataset.from_tensor_slices(tf.constant([[1, 2]]))),
    values(tf.data.Dataset.from_tensor_slices(tf.Variable([1, 2]))),
    tf.data.Dataset.from_tensor_slices(np.zeros((0, 2))).element_spec,
    card(tf.data.Dataset.from_tensor_slices(np.zeros((0, 2))))))
case("from_tensor_slices of a scalar")(lambda tf: tf.data.Dataset.from_tensor_slices(1))
case("from_tensor_slices of unequal rows")(
    lambda tf: tf.data.Dataset.from_tensor_slices(([1, 2], [1, 2, 3])))
case("from_tensor_slices of strings")(lambda tf: (
    repr(tf.data.Dataset.from_tensor_slices(["a", "bc"])),
    values(tf.data.Dataset.from_tensor_slices(["a", "bc"])),
    values(tf.data.Dataset.from_tensor_slices({"t": ["x", "y"], "n": [1, 2]}))))
case("from_tensors")(lambda tf: (
    repr(tf.data.Dataset.from_tensors((1, [1.0, 2.0]))), values(tf.data.Dataset.from_tensors(5)),
    tf.data.Dataset.from_tensors([tf.constant(1), tf.constant(2)]).element_spec,
    card(tf.data.Dataset.from_tensors([1, 2]))))
case("range: Python's rules, int64 by default")(lambda tf: (
    repr(tf.data.Dataset.range(5)), values(tf.data.Dataset.range(2, 10, 3)),
    values(tf.data.Dataset.range(5, 1, -2)), values(tf.data.Dataset.range(0)),
    values(tf.data.Dataset.range(3, output_type=tf.int32)),
    [card(tf.data.Dataset.range(*a)) for a in ((5,), (5, 1, -2), (1, 5, -1), (-3,), (0, 10, 3))]))
case("range with a zero step")(lambda tf: tf.data.Dataset.range(0, 5, 0))
case("range of a float")(lambda tf: tf.data.Dataset.range(2.5))
case("iterating gives tensors; next and get_next")(lambda tf: (
    list(tf.data.Dataset.range(2)), [x for x in tf.data.Dataset.from_tensor_slices(["a", "b"])],
    next(iter(tf.data.Dataset.range(3))), iter(tf.data.Dataset.range(3)).get_next(),
    iter(tf.data.Dataset.range(1)).element_spec))


@case("get_next past the end")
def _(tf):
    it = iter(tf.data.Dataset.range(1))
    next(it)
    return it.get_next()


@case("next past the end stops the loop")
def _(tf):
    it = iter(tf.data.Dataset.range(1))
    return [int(x) for x in it], [int(x) for x in it]


case("len: finite, then TypeError for infinite and unknown")(lambda tf: (
    len(tf.data.Dataset.range(3)), len(tf.data.Dataset.range(4).batch(3)),
    bool(tf.data.Dataset.range(0))))
case("len of an infinite dataset")(lambda tf: len(tf.data.Dataset.range(3).repeat()))
case("len of a dataset of unknown size")(
    lambda tf: len(tf.data.Dataset.range(3).filter(lambda x: x > 0)))
case("cardinality constants and tf.data.experimental.cardinality")(lambda tf: (
    tf.data.AUTOTUNE, tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY,
    tf.data.experimental.AUTOTUNE, tf.data.experimental.INFINITE_CARDINALITY,
    tf.data.experimental.cardinality(tf.data.Dataset.range(3)),
    tf.data.Dataset.range(3).cardinality(),
    bool(tf.data.Dataset.range(3).repeat().cardinality() == tf.data.INFINITE_CARDINALITY)))

# -- map, filter, reduce: functions traced once --------------------------------------------------
case("map: values, repr, spec")(lambda tf: (
    repr(tf.data.Dataset.range(5).map(lambda x: x * 2)),
    values(tf.data.Dataset.range(5).map(lambda x: x * 2)),
    repr(tf.data.Dataset.range(5).map(lambda x: x * 2, num_parallel_calls=tf.data.AUTOTUNE)),
    tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.float32) / 2.0).element_spec))
case("map: a tuple element is unpacked into arguments")(lambda tf: (
    values(tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4])).map(lambda a, b: a + b)),
    values(tf.data.Dataset.zip((tf.data.Dataset.range(2), tf.data.Dataset.range(2))).map(
        lambda a, b: a * 10 + b))))
case("map: a dict element is one argument")(lambda tf: (
    values(tf.data.Dataset.from_tensor_slices({"a": [1, 2]}).map(lambda d: d["a"] * 2)),
    tf.data.Dataset.from_tensor_slices({"a": [1, 2]}).map(lambda d: {"b": d["a"] + 1}).element_spec))
@case("named tuples stay named tuples and are one map argument")
def _(tf):
    import collections
    Point = collections.namedtuple("Point", "x y")
    ds = tf.data.Dataset.from_tensor_slices(Point([1, 2], [3, 4]))
    return repr(ds.element_spec), values(ds.map(lambda p: p.x + p.y)), \
        type(next(iter(ds.batch(2)))).__name__


case("map: Python values become constants, lists become tuples")(lambda tf: (
    values(tf.data.Dataset.range(2).map(lambda x: (x, 1, 2.5, "s"))),
    tf.data.Dataset.range(2).map(lambda x: (x, 1, 2.5)).element_spec,
    tf.data.Dataset.range(2).map(lambda x: [x, x]).element_spec,
    tf.data.Dataset.range(3).map(lambda x: 1).element_spec))
case("map with the wrong number of arguments", compare_message=False)(
    lambda tf: tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4])).map(lambda a: a))
case("map returning None", compare_message=False)(
    lambda tf: tf.data.Dataset.range(2).map(lambda x: None))


@case("map: Python code runs once, when map is called (tracing)")
def _(tf):
    calls = []

    def f(x):
        calls.append(1)
        return x + 1
    ds = tf.data.Dataset.range(5).map(f)
    after_map = len(calls)
    return after_map, values(ds), values(ds), len(calls)


@case("map: a captured Variable is read on every pass")
def _(tf):
    v = tf.Variable(10, dtype=tf.int64)
    ds = tf.data.Dataset.range(3).map(lambda x: x + v)
    first = values(ds)
    v.assign(100)
    return first, values(ds)


@case("map: a random op draws anew for each element")
def _(tf):
    ds = tf.data.Dataset.range(20).map(lambda x: tf.random.uniform([]))
    out = values(ds)
    return len(set(float(v) for v in out)) == 20, all(0 <= v < 1 for v in out)


case("map: shapes after batch are unknown, and reshape keeps them so")(lambda tf: (
    tf.data.Dataset.range(5).batch(2).map(lambda x: x * 2).element_spec,
    tf.data.Dataset.range(6).batch(2).map(lambda x: tf.reshape(x, [-1, 1])).element_spec,
    values(tf.data.Dataset.range(4).batch(2).map(lambda x: tf.reduce_sum(x)))))
case("map: string ops inside")(lambda tf: (
    values(tf.data.Dataset.from_tensor_slices(["ab", "Cde"]).map(
        lambda s: (tf.strings.upper(s), tf.strings.length(s)))),
    tf.data.Dataset.from_tensor_slices(["a b", "c"]).map(tf.strings.split).element_spec,
    values(tf.data.Dataset.from_tensor_slices(["1.5", "2"]).map(tf.strings.to_number))))
case("filter: values, repr, unknown cardinality")(lambda tf: (
    values(tf.data.Dataset.range(10).filter(lambda x: x % 3 == 0)),
    repr(tf.data.Dataset.range(10).filter(lambda x: x % 3 == 0)),
    card(tf.data.Dataset.range(10).filter(lambda x: x > 100)),
    card(tf.data.Dataset.range(3).repeat().filter(lambda x: True)),
    values(tf.data.Dataset.from_tensor_slices(([1, 2, 3], [4, 5, 6])).filter(lambda a, b: a > 1))))
case("filter with a non-bool predicate")(lambda tf: tf.data.Dataset.range(2).filter(lambda x: x))
case("filter with a non-scalar predicate")(
    lambda tf: tf.data.Dataset.range(2).filter(lambda x: tf.stack([x > 0, x > 0])))
case("take_while")(lambda tf: (
    values(tf.data.Dataset.range(6).take_while(lambda x: x < 3)),
    card(tf.data.Dataset.range(6).take_while(lambda x: x < 3))))
case("reduce: a sum, a tuple state")(lambda tf: (
    tf.data.Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x),
    tf.data.Dataset.range(5).reduce((np.int64(0), np.int64(1)),
                                    lambda s, x: (s[0] + x, s[1] * (x + 1))),
    tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4])).reduce(
        0, lambda s, e: s + e[0] * e[1])))
case("reduce with a state of another dtype", compare_message=False)(
    lambda tf: tf.data.Dataset.range(5).reduce(0, lambda s, x: s + x))
case("get_single_element and apply")(lambda tf: (
    tf.data.Dataset.range(1).get_single_element(),
    tf.data.Dataset.from_tensors((1, "a")).get_single_element(),
    repr(tf.data.Dataset.range(3).apply(lambda d: d.take(1)))))

# -- batching --------------------------------------------------------------------------------------
case("batch: a smaller last batch, or dropped")(lambda tf: (
    repr(tf.data.Dataset.range(5).batch(2)), values(tf.data.Dataset.range(5).batch(2)),
    repr(tf.data.Dataset.range(5).batch(2, drop_remainder=True)),
    values(tf.data.Dataset.range(5).batch(2, drop_remainder=True)),
    [card(tf.data.Dataset.range(n).batch(2, drop_remainder=d)) for n in (0, 4, 5)
     for d in (False, True)],
    card(tf.data.Dataset.range(5).repeat().batch(2)),
    card(tf.data.Dataset.range(3).filter(lambda x: True).batch(2))))
case("batch of tuples and dicts")(lambda tf: (
    repr(tf.data.Dataset.from_tensor_slices(([1, 2, 3], [4.0, 5.0, 6.0])).batch(2)),
    values(tf.data.Dataset.from_tensor_slices({"a": [1, 2, 3], "b": [[1.0], [2.0], [3.0]]}).batch(2)),
    repr(tf.data.Dataset.from_tensor_slices(np.zeros((5, 28, 28), np.uint8)).batch(32))))
case("batch of strings")(lambda tf: values(tf.data.Dataset.from_tensor_slices(["a", "bc", "d"]).batch(2)))
case("batch size zero")(lambda tf: tf.data.Dataset.range(4).batch(0))
case("batch with drop_remainder=1 (not a bool)")(
    lambda tf: tf.data.Dataset.range(4).batch(2, drop_remainder=1))


def _ragged(tf):
    """Elements of lengths 1, 2, 3 (without tf.range inside map, which needs dynamic shapes)."""
    return tf.data.Dataset.from_generator(lambda: ([7] * n for n in (1, 2, 3)),
                                          output_signature=tf.TensorSpec([None], tf.int32))


case("batch of elements of different shapes")(lambda tf: values(_ragged(tf).batch(2)))
case("from_generator: output_signature, repr, unknown cardinality")(lambda tf: (
    repr(_ragged(tf)), values(_ragged(tf)), card(_ragged(tf)),
    repr(tf.data.Dataset.from_generator(lambda: iter([1, 2]), output_types=tf.int32)),
    values(tf.data.Dataset.from_generator(
        lambda: ((i, [i] * 2) for i in range(2)),
        output_signature=(tf.TensorSpec((), tf.int32), tf.TensorSpec((2,), tf.int32))))))
case("padded_batch: to the longest, to padded_shapes, with padding_values")(lambda tf: (
    values(_ragged(tf).padded_batch(2)), repr(_ragged(tf).padded_batch(2)),
    values(_ragged(tf).padded_batch(2, padded_shapes=[5], padding_values=-1)),
    _ragged(tf).padded_batch(2, padded_shapes=[5]).element_spec,
    _ragged(tf).padded_batch(2, drop_remainder=True).element_spec,
    values(tf.data.Dataset.range(3).padded_batch(2))))
case("padded_batch of strings")(lambda tf: values(
    tf.data.Dataset.from_tensors(tf.constant(["a"])).concatenate(
        tf.data.Dataset.from_tensors(tf.constant(["b", "c"]))).padded_batch(2)))
case("padded_batch to a smaller shape")(
    lambda tf: values(_ragged(tf).padded_batch(2, padded_shapes=[2])))
case("unbatch: values, spec, cardinality")(lambda tf: (
    values(tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).unbatch()),
    values(tf.data.Dataset.from_tensor_slices(([[1, 2]], [[3, 4]])).unbatch()),
    repr(tf.data.Dataset.range(5).batch(2).unbatch()),
    card(tf.data.Dataset.range(5).batch(2).unbatch()),
    card(tf.data.Dataset.range(4).batch(2, drop_remainder=True).unbatch()),
    card(tf.data.Dataset.range(4).batch(2).repeat().unbatch())))
case("unbatch of scalars")(lambda tf: tf.data.Dataset.range(3).unbatch())
case("unbatch of components with different lengths")(lambda tf: tf.data.Dataset.from_tensors(
    (tf.constant([1, 2]), tf.constant([1, 2, 3]))).unbatch())

# -- order: shuffle, repeat, take, skip, cache, prefetch, zip, enumerate, concatenate --------------


@case("shuffle: the same elements, in an order that changes each pass")
def _(tf):
    tf.random.set_seed(1)
    ds = tf.data.Dataset.range(30).shuffle(30)
    a, b = values(ds), values(ds)
    return sorted(a) == list(range(30)), sorted(b) == list(range(30)), a != b, \
        a != list(range(30)), repr(ds), card(ds)


@case("shuffle: reproducible after tf.random.set_seed, and with seed=")
def _(tf):
    def two_passes(**kw):
        ds = tf.data.Dataset.range(20).shuffle(20, **kw)
        return values(ds), values(ds)
    tf.random.set_seed(5)
    first = two_passes()
    tf.random.set_seed(5)
    again = two_passes()
    tf.random.set_seed(5)
    other_op_seed = two_passes(seed=3)
    return first == again, first != other_op_seed


@case("shuffle: reshuffle_each_iteration=False repeats one order")
def _(tf):
    ds = tf.data.Dataset.range(20).shuffle(20, reshuffle_each_iteration=False)
    once = values(ds)
    return once == values(ds), once == values(ds.repeat(2))[20:]


@case("shuffle: a buffer of k moves an element at most k-1 places earlier")
def _(tf):
    tf.random.set_seed(2)
    out = values(tf.data.Dataset.range(200).shuffle(5))
    identity = values(tf.data.Dataset.range(10).shuffle(1))
    return all(pos >= v - 4 for pos, v in enumerate(out)), sorted(out) == list(range(200)), \
        identity == list(range(10))


@case("shuffle before repeat reshuffles each repetition; after cache, one order")
def _(tf):
    tf.random.set_seed(4)
    rep = values(tf.data.Dataset.range(20).shuffle(20).repeat(2))
    cached = tf.data.Dataset.range(20).shuffle(20).cache()
    return rep[:20] != rep[20:], sorted(rep[20:]) == list(range(20)), \
        values(cached) == values(cached)


case("shuffle with a zero buffer")(lambda tf: tf.data.Dataset.range(3).shuffle(0))
case("repeat: values and cardinality")(lambda tf: (
    values(tf.data.Dataset.range(3).repeat(2)), values(tf.data.Dataset.range(3).repeat(0)),
    values(tf.data.Dataset.range(3).repeat().take(7)), values(tf.data.Dataset.range(0).repeat()),
    repr(tf.data.Dataset.range(3).repeat()),
    [card(d) for d in (tf.data.Dataset.range(3).repeat(2), tf.data.Dataset.range(3).repeat(),
                       tf.data.Dataset.range(0).repeat(), tf.data.Dataset.range(0).repeat(5),
                       tf.data.Dataset.range(3).repeat().repeat(0),
                       tf.data.Dataset.range(3).filter(lambda x: True).repeat(),
                       tf.data.Dataset.range(3).filter(lambda x: True).repeat(2),
                       tf.data.Dataset.range(3).filter(lambda x: True).repeat(0))]))
case("take and skip: values and cardinality")(lambda tf: (
    values(tf.data.Dataset.range(5).take(2)), values(tf.data.Dataset.range(5).skip(2)),
    values(tf.data.Dataset.range(3).take(-1)), values(tf.data.Dataset.range(3).skip(-1)),
    values(tf.data.Dataset.range(3).take(10)), repr(tf.data.Dataset.range(3).skip(1)),
    [card(d) for d in (tf.data.Dataset.range(5).take(10), tf.data.Dataset.range(5).skip(10),
                       tf.data.Dataset.range(5).repeat().take(3),
                       tf.data.Dataset.range(5).repeat().skip(3),
                       tf.data.Dataset.range(5).take(-1), tf.data.Dataset.range(5).skip(-1),
                       tf.data.Dataset.range(3).filter(lambda x: True).take(0),
                       tf.data.Dataset.range(3).filter(lambda x: True).skip(2))]))
case("cache and prefetch pass elements through")(lambda tf: (
    values(tf.data.Dataset.range(3).cache()), repr(tf.data.Dataset.range(3).cache()),
    values(tf.data.Dataset.range(3).prefetch(tf.data.AUTOTUNE)),
    repr(tf.data.Dataset.range(3).prefetch(1)),
    card(tf.data.Dataset.range(3).repeat().cache()), card(tf.data.Dataset.range(3).prefetch(2))))
case("zip: tuples, dicts, nesting, the shortest wins")(lambda tf: (
    values(tf.data.Dataset.zip((tf.data.Dataset.range(3), tf.data.Dataset.range(5)))),
    values(tf.data.Dataset.zip(tf.data.Dataset.range(2), tf.data.Dataset.range(2))),
    values(tf.data.Dataset.zip({"x": tf.data.Dataset.range(2), "y": tf.data.Dataset.range(2)})),
    repr(tf.data.Dataset.zip((tf.data.Dataset.range(2), {"a": tf.data.Dataset.range(2)}))),
    repr(tf.data.Dataset.zip(tf.data.Dataset.range(2))),
    repr(tf.data.Dataset.zip(datasets=(tf.data.Dataset.range(1), tf.data.Dataset.range(1))))))
case("zip cardinality")(lambda tf: [card(tf.data.Dataset.zip(d)) for d in (
    (tf.data.Dataset.range(3).repeat(), tf.data.Dataset.range(3)),
    (tf.data.Dataset.range(3).repeat(), tf.data.Dataset.range(3).filter(lambda x: True)),
    (tf.data.Dataset.range(3), tf.data.Dataset.range(3).filter(lambda x: True)),
    (tf.data.Dataset.range(3).repeat(), tf.data.Dataset.range(3).repeat()))])
case("zip of a list")(lambda tf: tf.data.Dataset.zip([tf.data.Dataset.range(2)]))
case("zip of a non-dataset")(lambda tf: tf.data.Dataset.zip((tf.data.Dataset.range(2), 5)))
case("enumerate")(lambda tf: (
    values(tf.data.Dataset.from_tensor_slices([7, 8]).enumerate(start=5)),
    repr(tf.data.Dataset.range(3).enumerate()), card(tf.data.Dataset.range(3).enumerate())))
case("concatenate")(lambda tf: (
    values(tf.data.Dataset.range(2).concatenate(tf.data.Dataset.range(3))),
    repr(tf.data.Dataset.range(2).concatenate(tf.data.Dataset.range(3))),
    card(tf.data.Dataset.range(2).concatenate(tf.data.Dataset.range(3))),
    card(tf.data.Dataset.range(2).concatenate(tf.data.Dataset.range(3).repeat()))))

# -- a pipeline as the guides build one ------------------------------------------------------------


@case("a training pipeline: slices, shuffle, batch, prefetch, two epochs")
def _(tf):
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    y = np.arange(10) % 3
    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(10).batch(4).prefetch(tf.data.AUTOTUNE)
    epochs = []
    for _ in range(2):
        seen = []
        for xb, yb in ds:
            seen.append((xb.shape.as_list(), yb.dtype.name, xb.numpy()[:, 0] // 2 % 3 ==
                         yb.numpy() % 3))
        epochs.append(seen)
    shapes = [[s[0] for s in e] for e in epochs]
    return repr(ds), shapes, all(bool(np.all(s[2])) for e in epochs for s in e), \
        [s[1] for s in epochs[0]]


@case("summing a dataset in a Python loop")
def _(tf):
    total = tf.constant(0, tf.int64)
    for x in tf.data.Dataset.range(1, 5):
        total += x * x
    return total


@case("for over a dataset inside tf.function: one reduce, the body runs per element")
def _(tf):
    w = tf.Variable(2, dtype=tf.int64)

    @tf.function
    def total(ds):
        s = tf.constant(0, tf.int64)
        for x in ds:
            s += x * w
        return s
    first = total(tf.data.Dataset.range(5))
    w.assign(3)
    return first, total(tf.data.Dataset.range(5)), total(tf.data.Dataset.range(3))


@case("for over batches of (x, y) inside tf.function")
def _(tf):
    @tf.function
    def weighted(ds):
        n = 0.0
        for x, y in ds:
            n += tf.reduce_sum(x) * tf.reduce_sum(y)
        return n
    ds = tf.data.Dataset.from_tensor_slices(([[1., 2.], [3., 4.], [5., 6.]], [10., 20., 30.]))
    return weighted(ds.batch(2)), weighted(ds.batch(1))


@case("an iterator passed to tf.function: next() takes a new element on every call", False)
def _(tf):
    it = iter(tf.data.Dataset.from_tensor_slices(({"a": [1, 2, 3]}, [0.5, 1.5, 2.5])))

    @tf.function
    def step(iterator):
        x, y = next(iterator)
        return x["a"] * 2, y
    got = [step(it) for _ in range(3)]
    try:
        step(it)
    except tf.errors.OutOfRangeError as e:
        got.append(("OutOfRangeError", "End of sequence" in str(e)))
    return got


@case("map, filter and reduce functions are converted by AutoGraph (if and for on elements)")
def _(tf):
    def scaled(x):
        if x > 1:
            x = x * 10
        return x

    def triangle(n):
        total = tf.constant(0, tf.int64)
        for i in tf.range(n):
            total += i
        return total

    def big_total(s, x):
        if x > 2:
            s = s + x
        return s
    ds = tf.data.Dataset.range(5)
    return (values(ds.map(scaled)), values(ds.map(triangle)),
            values(ds.filter(lambda x: x % 2 == 0 if x > 0 else False)),
            ds.reduce(tf.constant(0, tf.int64), big_total))


@case("reduce inside tf.function, with a dict element and a tf.print in the body")
def _(tf):
    ds = tf.data.Dataset.from_tensor_slices({"a": [1, 2, 3], "b": [10, 20, 30]})
    f = tf.function(lambda: ds.reduce(tf.constant(0), lambda s, e: s + e["a"] * e["b"]))
    return f(), f()


# -- a dataset as a tf.function argument: traced by its DatasetSpec, fed on every call ------------
@case("TF keys a dataset argument by its element_spec: datasets alike share one trace, and each "
      "call iterates the dataset it passed")
def _(tf):
    traces = []

    @tf.function
    def total(ds):
        traces.append(1)
        s = tf.constant(0, tf.int64)
        for x in ds:
            s += x
        return s
    results = [total(tf.data.Dataset.range(n)) for n in (3, 5, 0)]
    cf = total.get_concrete_function(tf.data.Dataset.range(2))
    return results, len(traces), total.experimental_get_tracing_count(), \
        repr(cf.structured_input_signature), [(t.name, t.dtype.name) for t in cf.inputs]


@case("a trace for a more general DatasetSpec (unknown shapes) serves a dataset of known shapes, "
      "not the other way round")
def _(tf):
    @tf.function
    def weighted(ds):
        s = tf.constant(0)
        for x, y in ds:
            s += tf.reduce_sum(x * y)
        return s
    known = tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4]))
    unknown = tf.data.Dataset.from_generator(lambda: [(1, 2), (5, 6)], (tf.int32, tf.int32))
    first = weighted(known), weighted.experimental_get_tracing_count()
    second = weighted(unknown), weighted.experimental_get_tracing_count()
    third = weighted(known), weighted.experimental_get_tracing_count()
    return first, second, third


@case("a pipeline built inside the function on a dataset argument (batch, map, zip, break) reads "
      "the dataset each call passes")
def _(tf):
    @tf.function
    def batched(ds):
        s = tf.constant(0, tf.int64)
        for x in ds.batch(2).map(lambda b: b * 2):
            s += tf.reduce_sum(x)
        return s

    @tf.function
    def zipped(a, b):
        s = tf.constant(0, tf.int64)
        for x, y in tf.data.Dataset.zip((a, b)):
            if x > 1:
                break
            s += x * y
        return s
    return (batched(tf.data.Dataset.range(5)), batched(tf.data.Dataset.range(3)),
            batched.experimental_get_tracing_count(),
            zipped(tf.data.Dataset.range(5), tf.data.Dataset.range(10, 15)),
            zipped(tf.data.Dataset.range(1), tf.data.Dataset.range(7, 9)),
            zipped.experimental_get_tracing_count())


@case("tf.data.DatasetSpec: repr, equality, is_subtype_of, most_specific_common_supertype")
def _(tf):
    batched = tf.data.Dataset.range(3).batch(2)
    spec = batched.__tf_tracing_type__(None)
    general = tf.data.DatasetSpec(tf.TensorSpec(None, tf.int64))
    other = tf.data.DatasetSpec(tf.TensorSpec([5], tf.int64))
    return (repr(spec), repr(tf.data.DatasetSpec(tf.TensorSpec([None], tf.float32))),
            spec == tf.data.DatasetSpec(tf.TensorSpec([None], tf.int64)), spec.element_spec,
            spec.is_subtype_of(general), general.is_subtype_of(spec), other.is_subtype_of(spec),
            repr(other.most_specific_common_supertype([tf.data.DatasetSpec(
                tf.TensorSpec([3], tf.int64))])))


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
