"""tf.data on the engine alone: laziness, tracing, seeds, and the rules TF documents.

The same behaviours are compared with TF 2.21 in
tests/differential/test_against_tensorflow_data.py; here we check what only the
engine can show (how many elements a stage pulls, how often a function is traced)
and the rules without TensorFlow installed.
"""
from __future__ import annotations

import collections

import numpy as np
import pytest

import course.engine as tf
from course.engine import errors

D = tf.data.Dataset


class Counting:
    """A generator function that counts how many elements were pulled from it."""

    def __init__(self, n=None):
        self.n, self.pulled, self.passes = n, 0, 0

    def __call__(self):
        self.passes += 1
        i = 0
        while self.n is None or i < self.n:
            self.pulled += 1
            yield i
            i += 1

    def dataset(self):
        return D.from_generator(self, output_signature=tf.TensorSpec([], tf.int64))


def values(ds):
    return [v.tolist() if isinstance(v, np.ndarray) else v for v in ds.as_numpy_iterator()]


# -- streaming: nothing is computed until it is asked for -------------------------------------------
def test_building_a_pipeline_pulls_nothing():
    source = Counting()
    ds = source.dataset().map(lambda x: x * 2).shuffle(10).batch(4).prefetch(tf.data.AUTOTUNE)
    assert source.pulled == 0 and source.passes == 0
    assert ds.element_spec.shape.as_list() == [None]


def test_take_of_an_infinite_source_pulls_only_what_it_needs():
    source = Counting()
    assert values(source.dataset().map(lambda x: x + 1).take(3)) == [1, 2, 3]
    assert source.pulled == 3


def test_batch_pulls_one_batch_at_a_time():
    source = Counting()
    it = iter(source.dataset().batch(4))
    assert next(it).numpy().tolist() == [0, 1, 2, 3] and source.pulled == 4


def test_shuffle_fills_its_buffer_before_the_first_element():
    """TF: an element is drawn from a buffer of `buffer_size` upcoming elements."""
    source = Counting()
    next(iter(source.dataset().shuffle(5)))
    assert source.pulled == 5


def test_each_pass_is_a_new_run_of_the_pipeline():
    source = Counting(3)
    ds = source.dataset().map(lambda x: x * 10)
    assert values(ds) == [0, 10, 20] and values(ds) == [0, 10, 20] and source.passes == 2


def test_cache_replays_a_completed_pass_only():
    source = Counting(4)
    ds = source.dataset().cache()
    assert values(ds.take(2)) == [0, 1]          # a partial pass caches nothing
    assert values(ds) == [0, 1, 2, 3] and source.passes == 2
    assert values(ds) == [0, 1, 2, 3] and source.passes == 2  # replayed from memory


def test_repeat_of_an_empty_dataset_ends():
    assert values(D.range(0).repeat()) == []
    assert values(D.range(2).repeat(3)) == [0, 1] * 3


# -- functions: traced once, when map is called ------------------------------------------------------
def test_map_traces_its_function_once_and_runs_the_graph_per_element(capsys):
    def f(x):
        print("tracing")           # Python: runs while tracing only
        tf.print("element", x)     # a graph node: runs for every element
        return x * 2
    ds = D.range(3).map(f)
    assert capsys.readouterr().out == "tracing\n"
    assert values(ds) == [0, 2, 4]
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "element 0\nelement 1\nelement 2\n"


def test_map_output_spec_is_known_before_any_data():
    ds = D.from_tensor_slices(({"a": [1.0, 2.0]}, ["x", "y"])).map(
        lambda d, s: (d["a"] * 2.0, tf.strings.length(s), [1, 2]))
    assert ds.element_spec == (tf.TensorSpec([], tf.float32), tf.TensorSpec([], tf.int32),
                               (tf.TensorSpec([], tf.int32), tf.TensorSpec([], tf.int32)))


def test_looping_over_a_dataset_inside_tf_function_is_one_reduce_node():
    """TF: AutoGraph turns `for x in ds` into ds.reduce; the graph iterates on every call."""
    ds = D.range(3)
    w = tf.Variable(np.int64(2))

    @tf.function
    def total():
        s = tf.constant(0, tf.int64)
        for x in ds:
            s += x * w
        return s
    assert int(total()) == 6
    w.assign(np.int64(10))
    assert int(total()) == 30 and total.experimental_get_tracing_count() == 1
    types = [op.type for op in total.get_concrete_function().graph.get_operations()]
    assert "ReduceDataset" in types
    assert int(tf.function(lambda: ds.reduce(np.int64(0), lambda s, x: s + x))()) == 3
    with pytest.raises(NotImplementedError, match="iter\\(\\) on a tf.data.Dataset inside"):
        tf.function(lambda: next(iter(ds)))()


def test_next_on_an_iterator_passed_to_tf_function_is_an_op_run_on_every_call():
    """TF: next(iterator) in a graph is IteratorGetNext, a stateful node; at the end of the
    data it raises OutOfRangeError (eagerly `next` raises StopIteration instead)."""
    it = iter(D.range(3))
    step = tf.function(lambda iterator: next(iterator) * 10)
    assert [int(step(it)) for _ in range(3)] == [0, 10, 20]
    assert step.experimental_get_tracing_count() == 1
    assert "IteratorGetNext" in [op.type for op in
                                 step.get_concrete_function(it).graph.get_operations()]
    with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence"):
        step(it)
    with pytest.raises(NotImplementedError, match="`for` loop over a tf.data iterator"):
        tf.function(lambda iterator: [x for x in iterator])(iter(D.range(2)))


def test_reduce_relaxes_a_state_whose_shape_grows():
    """TF retraces with the dimension that changed set to None."""
    out = D.range(4).reduce(tf.zeros([0], tf.int64), lambda s, x: tf.concat([s, [x]], 0))
    assert out.numpy().tolist() == [0, 1, 2, 3]


def test_filter_needs_a_bool_scalar():
    with pytest.raises(ValueError, match="must return a `tf.bool` scalar tensor"):
        D.range(3).filter(lambda x: x)


# -- seeds ----------------------------------------------------------------------------------------------
def test_shuffle_orders_replay_after_set_seed():
    def orders():
        ds = D.range(50).shuffle(50)
        return values(ds), values(ds)
    tf.random.set_seed(11)
    first = orders()
    tf.random.set_seed(11)
    assert orders() == first
    assert first[0] != first[1]  # a new order for each pass
    assert sorted(first[0]) == list(range(50))


def test_unseeded_shuffles_differ_but_a_dataset_keeps_its_orders_without_reshuffling():
    tf.random.set_seed(None)
    a, b = D.range(50).shuffle(50), D.range(50).shuffle(50)
    assert values(a) != values(b)
    fixed = D.range(50).shuffle(50, reshuffle_each_iteration=False)
    assert values(fixed) == values(fixed)


def test_shuffle_with_an_op_seed_alone_is_reproducible():
    tf.random.set_seed(None)
    assert values(D.range(30).shuffle(30, seed=7)) == values(D.range(30).shuffle(30, seed=7))


# -- elements -----------------------------------------------------------------------------------------
def test_elements_are_read_only_tensors():
    x = next(iter(D.from_tensor_slices(np.arange(6).reshape(3, 2))))
    assert isinstance(x, tf.Tensor) and x.numpy().tolist() == [0, 1]
    with pytest.raises(ValueError):
        np.asarray(x)[0] = 5


def test_from_tensor_slices_copies_numpy_input():
    data = np.arange(3)
    ds = D.from_tensor_slices(data)
    data[0] = 99
    assert values(ds) == [0, 1, 2]


def test_named_tuples_stay_named_tuples():
    Point = collections.namedtuple("Point", "x y")
    first = next(iter(D.from_tensor_slices(Point([1, 2], [3, 4])).batch(2)))
    assert type(first) is Point and first.y.numpy().tolist() == [3, 4]


def test_from_generator_checks_what_it_yields():
    """TF: a Python error in the pipeline reaches the caller as InvalidArgumentError."""
    ds = D.from_generator(lambda: iter([[1, 2], [3]]), output_signature=tf.TensorSpec([2], tf.int32))
    with pytest.raises(errors.InvalidArgumentError, match="TypeError: `generator` yielded an"):
        values(ds)


def test_get_next_past_the_end_is_out_of_range():
    it = iter(D.range(1))
    it.get_next()
    with pytest.raises(errors.OutOfRangeError, match="End of sequence"):
        it.get_next()


def test_cache_to_a_file_is_not_supported():
    with pytest.raises(NotImplementedError, match="cache in memory"):
        D.range(3).cache("/tmp/some-cache")


def test_padded_batch_pads_strings_with_empty_strings():
    ds = D.from_tensors(tf.constant(["a"])).concatenate(D.from_tensors(tf.constant(["b", "c"])))
    assert values(ds.padded_batch(2)) == [[[b"a", b""], [b"b", b"c"]]]


def test_a_training_loop_over_a_dataset():
    """The guides' loop: a tf.function step called on each batch of a dataset."""
    tf.random.set_seed(0)
    x = np.linspace(-1, 1, 64, dtype=np.float32).reshape(-1, 1)
    y = 3.0 * x + 1.0
    w, b = tf.Variable(0.0), tf.Variable(0.0)

    @tf.function
    def step(xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((w * xb + b - yb) ** 2)
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(0.5 * dw)
        b.assign_sub(0.5 * db)
        return loss

    ds = D.from_tensor_slices((x, y)).shuffle(64).batch(16)
    for _ in range(30):
        for xb, yb in ds:
            step(xb, yb)
    assert abs(float(w) - 3.0) < 1e-3 and abs(float(b) - 1.0) < 1e-3
    assert step.experimental_get_tracing_count() == 1  # every batch has the same shape


def _tens_above_one(x):
    if x > 1:  # (a tensor condition: AutoGraph makes it a tf.cond)
        x = x * 10
    return x


def test_map_filter_and_reduce_functions_go_through_autograph():
    """TF converts dataset functions with AutoGraph, as tf.function's."""
    ds = D.range(4)
    assert [int(x) for x in ds.map(_tens_above_one)] == [0, 1, 20, 30]
    assert [int(x) for x in ds.filter(lambda x: _tens_above_one(x) > 10)] == [2, 3]
    total = ds.reduce(tf.constant(0, tf.int64), lambda s, x: s + _tens_above_one(x))
    assert int(total) == 51


# -- iterators in a tf.train.Checkpoint (TF's rules are checked in tests/differential) -----------
def test_a_restored_iterator_goes_on_inside_tf_function_too(tmp_path):
    """IteratorGetNext's kernel notices a restored position, eagerly and in a traced graph."""
    iterator = iter(tf.data.Dataset.range(100))
    ckpt = tf.train.Checkpoint(iterator=iterator)
    take = tf.function(lambda: next(iterator))
    assert [int(take()) for _ in range(3)] == [0, 1, 2]
    path = ckpt.save(str(tmp_path / "ckpt"))
    assert [int(take()) for _ in range(2)] == [3, 4]
    ckpt.restore(path)
    assert int(take()) == 3
    assert int(next(iterator)) == 4


def test_saving_twice_after_a_restore_keeps_the_restored_position(tmp_path):
    iterator = iter(tf.data.Dataset.range(10))
    ckpt = tf.train.Checkpoint(iterator=iterator)
    next(iterator)
    first = ckpt.save(str(tmp_path / "ckpt"))     # position 1
    next(iterator), next(iterator)
    ckpt.restore(first)
    second = ckpt.save(str(tmp_path / "ckpt"))    # still position 1: nothing taken since
    other = iter(tf.data.Dataset.range(10))
    tf.train.Checkpoint(iterator=other).restore(second)
    assert int(next(other)) == 1


def test_saving_an_iterator_over_a_shuffled_dataset_is_refused_clearly(tmp_path):
    """Replaying a shuffle draws another order, so the engine refuses rather than restore
    different elements than TF would."""
    ds = tf.data.Dataset.zip((tf.data.Dataset.range(5).shuffle(5), tf.data.Dataset.range(5)))
    ckpt = tf.train.Checkpoint(iterator=iter(ds.batch(2)))
    with pytest.raises(NotImplementedError, match="shuffled dataset in a Checkpoint"):
        ckpt.save(str(tmp_path / "ckpt"))
    assert not list(tmp_path.iterdir())


def test_a_traced_function_does_not_keep_its_dataset_arguments_alive():
    """A dataset argument is keyed by its DatasetSpec, not by identity (TF's rule), so the trace
    has no reason to hold the dataset: after the call, the dataset's memory can be freed."""
    import gc
    import weakref

    @tf.function
    def total(ds):
        s = tf.constant(0, tf.int64)
        for x in ds:
            s += x
        return s
    ds = D.range(4)
    alive = weakref.ref(ds)
    assert int(total(ds)) == 6
    del ds
    gc.collect()
    assert alive() is None
    assert int(total(D.range(3))) == 3 and total.experimental_get_tracing_count() == 1
