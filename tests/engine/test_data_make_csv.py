"""make_csv_dataset and Dataset.counter: TF's documented rules (compared with TF 2.21 in
tests/differential/test_against_tensorflow_data_csv.py)."""
from __future__ import annotations

import collections

import course.engine as tf


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "data.csv"
    path.write_text(text)
    return str(path)


def test_make_csv_dataset_guesses_the_narrowest_dtype_and_pops_the_label(tmp_path):
    """int32 if every value is an int32, then int64, float32, float64, else string; an empty
    field of a guessed column reads as zero."""
    path = _write(tmp_path, "a,b,c,d,y\n1,2.5,x,3000000000,0\n2,,y,1,1\n3,4,z,2,1\n")
    ds = tf.data.experimental.make_csv_dataset(path, batch_size=3, label_name="y",
                                               num_epochs=1, shuffle=False)
    features, label = next(iter(ds))
    assert isinstance(features, collections.OrderedDict) and list(features) == ["a", "b", "c", "d"]
    assert [features[k].dtype for k in "abcd"] == [tf.int32, tf.float32, tf.string, tf.int64]
    assert features["b"].numpy().tolist() == [2.5, 0.0, 4.0]
    assert label.numpy().tolist() == [0, 1, 1]


def test_make_csv_dataset_repeating_for_ever_gives_full_batches(tmp_path):
    path = _write(tmp_path, "x,y\n1,0\n2,1\n3,0\n")
    ds = tf.data.experimental.make_csv_dataset(path, batch_size=2, label_name="y")
    assert ds.element_spec[1].shape.as_list() == [2]
    assert int(ds.cardinality()) == tf.data.INFINITE_CARDINALITY
    assert all(label.shape == (2,) for _, label in ds.take(5))


def test_counter_counts_for_ever_from_start_by_step():
    ds = tf.data.Dataset.counter(5, -2, dtype=tf.int32)
    assert ds.element_spec == tf.TensorSpec([], tf.int32)
    assert [int(x) for x in ds.take(4)] == [5, 3, 1, -1]
    assert int(ds.cardinality()) == tf.data.INFINITE_CARDINALITY
