"""Dataset.window, Dataset.flat_map and SparseTensor elements: TF's documented rules.

(The same behaviour is compared with TF 2.21 in tests/differential/
test_against_tensorflow_data_windows.py and test_against_tensorflow_sparse_math.py.)
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


def _windows(ds):
    return [[int(x) for x in w] for w in ds]


def _rule(n, size, shift, stride, drop):
    """TF's rule: windows start at 0, shift, 2*shift... while the input lasts; each takes every
    `stride`-th element from its start, at most `size`; drop_remainder keeps the full ones."""
    out = [list(range(n))[start::stride][:size] for start in range(0, n, shift)]
    return [w for w in out if len(w) == size] if drop else out


@pytest.mark.parametrize("size, shift, stride", [(3, 3, 1), (3, 2, 1), (3, 2, 2), (3, 4, 1),
                                                 (3, 1, 3), (12, 12, 1), (1, 1, 1)])
@pytest.mark.parametrize("drop", [False, True])
def test_window_follows_tfs_rule_and_cardinality_counts_the_windows(size, shift, stride, drop):
    ds = tf.data.Dataset.range(10).window(size, shift, stride, drop_remainder=drop)
    assert _windows(ds) == _rule(10, size, shift, stride, drop)
    assert int(ds.cardinality()) == len(_rule(10, size, shift, stride, drop))


def test_window_of_an_infinite_input_streams_and_its_elements_are_datasets():
    windows = tf.data.Dataset.range(5).repeat().window(4, shift=3)
    assert int(windows.cardinality()) == tf.data.INFINITE_CARDINALITY
    first = [w for w in windows.take(3)]
    assert repr(first[0]) == \
        "<_VariantDataset element_spec=TensorSpec(shape=(), dtype=tf.int64, name=None)>"
    assert _windows(first) == [[0, 1, 2, 3], [3, 4, 0, 1], [1, 2, 3, 4]]
    assert int(first[0].cardinality()) == 4


def test_window_of_a_tuple_is_a_tuple_of_datasets():
    ds = tf.data.Dataset.zip((tf.data.Dataset.range(3), tf.data.Dataset.range(3).map(
        lambda x: x * 10))).window(2)
    assert all(isinstance(s, tf.data.DatasetSpec) for s in ds.element_spec)
    assert [(_windows([a]), _windows([b])) for a, b in ds] == \
        [([[0, 1]], [[0, 10]]), ([[2]], [[20]])]


@pytest.mark.parametrize("args, what", [((0,), "size"), ((2, 0), "shift"), ((2, 1, 0), "stride")])
def test_window_arguments_must_be_positive(args, what):
    with pytest.raises(tf.errors.InvalidArgumentError, match=f"Window {what} must be greater"):
        tf.data.Dataset.range(3).window(*args)


def test_flat_map_calls_its_function_once_and_chains_the_windows():
    calls = []

    def sub_to_batch(sub):
        calls.append(sub)
        return sub.batch(3, drop_remainder=True)
    ds = tf.data.Dataset.range(8).window(3, shift=1).flat_map(sub_to_batch)
    assert len(calls) == 1
    assert [x.tolist() for x in ds.as_numpy_iterator()] == [[i, i + 1, i + 2] for i in range(6)]
    assert len(calls) == 1 and int(ds.cardinality()) == tf.data.UNKNOWN_CARDINALITY


def test_flat_map_of_tensor_elements_gives_each_elements_dataset_in_turn():
    ds = tf.data.Dataset.range(3).flat_map(lambda x: tf.data.Dataset.from_tensors(x).repeat(2))
    assert [int(x) for x in ds] == [0, 0, 1, 1, 2, 2]


def test_sparse_rows_batches_and_unbatch_follow_the_row_rule():
    """Row i of a SparseTensor holds the entries whose first index is i; batch adds the
    element's position in front; unbatch undoes it."""
    dense = np.array([[1, 0, 2], [0, 0, 0], [0, 3, 0]], np.int32)
    ds = tf.data.Dataset.from_tensor_slices(tf.sparse.from_dense(dense))
    assert ds.element_spec == tf.SparseTensorSpec([3], tf.int32)
    assert [tf.sparse.to_dense(x).numpy().tolist() for x in ds] == dense.tolist()
    batches = list(ds.batch(2))
    assert tf.sparse.to_dense(batches[0]).numpy().tolist() == dense[:2].tolist()
    assert [tf.sparse.to_dense(x).numpy().tolist() for x in ds.batch(2).unbatch()] == \
        dense.tolist()
    doubled = ds.map(lambda x: x * 2)
    assert doubled.element_spec == tf.SparseTensorSpec([3], tf.int32)
    assert [tf.sparse.to_dense(x).numpy().tolist() for x in doubled] == (dense * 2).tolist()
