"""interleave, flat_map of tensors, py_function's other Tout forms, batches of unknown rank.

The orders are TF's documented ones (tf.data.Dataset.interleave's docstring:
`cycle_length` datasets, `block_length` elements from each in turn, a finished
one replaced by the next element's); tests/differential/
test_against_tensorflow_data_performance.py runs such cases against TF 2.21.
"""
from __future__ import annotations

import logging

import numpy as np
import pytest

import course.engine as tf
from course.engine import deprecation


def values(ds) -> list:
    return [np.asarray(x).tolist() for x in ds.as_numpy_iterator()]


def test_interleave_takes_block_length_elements_from_each_open_dataset_in_turn():
    ds = tf.data.Dataset.range(3).interleave(
        lambda x: tf.data.Dataset.from_tensors(x).repeat(4), cycle_length=2, block_length=2)
    # slots 0 and 1 hold 0 and 1; when 0 is done, 2 takes its slot (in its turn)
    assert values(ds) == [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2]


def test_a_finished_dataset_is_replaced_at_once_in_its_slot():
    ds = tf.data.Dataset.range(1, 4).interleave(
        lambda n: tf.data.Dataset.from_tensors(n).repeat(n), cycle_length=2)
    assert values(ds) == [1, 2, 2, 3, 3, 3]


def test_flat_map_of_tensors_reads_each_dataset_to_its_end():
    assert values(tf.data.Dataset.range(4).flat_map(lambda x: tf.data.Dataset.range(x))) == \
        [0, 0, 1, 0, 1, 2]


def test_interleave_cardinality_is_unknown_and_the_spec_is_the_datasets():
    ds = tf.data.Dataset.range(2).interleave(lambda x: tf.data.Dataset.range(3), cycle_length=1)
    assert int(ds.cardinality()) == tf.data.UNKNOWN_CARDINALITY
    assert str(ds.element_spec) == "TensorSpec(shape=(), dtype=tf.int64, name=None)"


def test_py_function_without_outputs_runs_for_its_effect_in_every_map_call():
    calls = []

    def mapped(s):
        tf.py_function(lambda: calls.append("map"), [], ())
        return s
    assert tf.py_function(lambda: calls.append("eager"), [], []) == []
    assert values(tf.data.Dataset.range(3).map(mapped)) == [0, 1, 2]
    assert calls == ["eager", "map", "map", "map"]  # (never while tracing: the op runs)


def test_py_function_with_several_outputs_gives_a_list_eagerly_and_in_graphs():
    a, b = tf.py_function(lambda x: (x + 1, tf.strings.as_string(x)), [tf.constant(1)],
                          (tf.int32, tf.string))
    assert (int(a), b.numpy()) == (2, b"1")
    ds = tf.data.Dataset.range(2).map(
        lambda x: tf.py_function(lambda v: (v * 2, v + 1), [x], (tf.int64, tf.int64)))
    assert [tuple(int(t) for t in pair) for pair in ds] == [(0, 1), (2, 2)]


def test_batches_of_unknown_rank_keep_an_unknown_rank():
    ds = tf.data.Dataset.range(4).map(
        lambda x: tf.py_function(lambda v: tf.fill([2], v), [x], tf.int64))
    batched = ds.batch(2, drop_remainder=True)
    assert batched.element_spec.shape.rank is None
    assert values(batched) == [[[0, 0], [1, 1]], [[2, 2], [3, 3]]]
    assert values(batched.unbatch()) == [[0, 0], [1, 1], [2, 2], [3, 3]]


def test_from_generator_with_output_types_logs_tf_deprecation_in_graphs_once_per_argument(caplog):
    """TF's deprecated_args decorator reports only while a graph is built (never eagerly)."""
    deprecation.logged.clear()

    def make(_):
        return tf.data.Dataset.from_generator(lambda: iter([1]), output_types=tf.int64,
                                              output_shapes=())
    with caplog.at_level(logging.WARNING):
        make(None)
        assert not caplog.records  # eagerly: nothing
        for _ in range(2):
            tf.function(make)(tf.constant(0))
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert "from_generator (from tensorflow.python.data.ops.dataset_ops) with output_types" \
        in messages[0] and messages[0].endswith("Use output_signature instead")


def test_interleave_of_window_datasets_is_refused_clearly():
    with pytest.raises(NotImplementedError, match="interleave and flat_map of elements of"):
        tf.data.Dataset.range(4).window(2).interleave(lambda w: w)
