"""`tf.io.decode_csv` and make_csv_dataset's compression_type and ignore_errors, by TF's
documented rules (tests/differential/test_against_tensorflow_loading.py compares with TF)."""
from __future__ import annotations

import gzip

import numpy as np
import pytest

import course.engine as tf
from course.engine.errors import InvalidArgumentError


def test_decode_csv_gives_one_tensor_per_column_of_the_records_shape():
    """The dtype comes from each default (int -> int32, float -> float32, str -> string); an
    empty field takes the default."""
    n, s, f = tf.io.decode_csv([["1,a,2.5"], ["3,,"]], record_defaults=[0, "x", 0.0])
    assert (n.dtype, s.dtype, f.dtype) == (tf.int32, tf.string, tf.float32)
    assert n.shape == s.shape == f.shape == (2, 1)
    assert s.numpy().tolist() == [[b"a"], [b"x"]] and f.numpy().tolist() == [[2.5], [0.0]]


def test_decode_csv_quotes_select_cols_and_na_value():
    quoted = tf.io.decode_csv('7,"a,b"', [0, ""])
    assert quoted[1].numpy() == b"a,b" and quoted[0].numpy() == 7
    picked = tf.io.decode_csv(["1;NA;3"], [5, 9], field_delim=";", na_value="NA",
                              select_cols=[1, 2])
    assert [t.numpy().tolist() for t in picked] == [[5], [3]]  # (defaults of the picked)


def test_decode_csv_errors_name_the_record():
    with pytest.raises(InvalidArgumentError, match="Expect 1 fields but have 2 in record 0"):
        tf.io.decode_csv(["1,2"], [0])
    with pytest.raises(InvalidArgumentError, match="Field 0 in record 1 is not a valid int32: x"):
        tf.io.decode_csv(["1", "x"], [0])
    with pytest.raises(InvalidArgumentError, match="Field 0 is required but missing in record 0"):
        tf.io.decode_csv([""], [tf.constant([], tf.int64)])
    with pytest.raises(InvalidArgumentError, match="only be 1 default per field"):
        tf.io.decode_csv(["1"], [[0, 1]])


def test_decode_csv_in_a_dataset_map_keeps_the_columns_dtypes():
    ds = tf.data.Dataset.from_tensor_slices(["1,2.5,a", "2,,b"]).map(
        lambda line: tf.io.decode_csv(line, [0, 1.0, ""]))
    assert [(s.shape, s.dtype) for s in ds.element_spec] == [((), tf.int32), ((), tf.float32),
                                                            ((), tf.string)]
    assert list(ds.as_numpy_iterator()) == [(1, np.float32(2.5), b"a"), (2, np.float32(1.0), b"b")]


def test_make_csv_dataset_reads_gzip_and_ignore_errors_drops_bad_records(tmp_path):
    path = str(tmp_path / "rows.csv.gz")
    with gzip.open(path, "wt") as f:
        f.write("x,y\n1,0.5\nbad,1\n3\n4,2.5\n")
    ds = tf.data.experimental.make_csv_dataset(path, batch_size=4, label_name="y", num_epochs=1,
                                               shuffle=False, compression_type="GZIP",
                                               ignore_errors=True, column_defaults=[0, 0.0])
    (features, label), = list(ds)
    assert features["x"].numpy().tolist() == [1, 4] and label.numpy().tolist() == [0.5, 2.5]
    strict = tf.data.experimental.make_csv_dataset(path, batch_size=4, num_epochs=1,
                                                   compression_type="GZIP",
                                                   column_defaults=[0, 0.0])
    with pytest.raises(InvalidArgumentError, match="not a valid int32"):
        list(strict)
    guessed = tf.data.experimental.make_csv_dataset(path, batch_size=1, num_epochs=1,
                                                    shuffle=False, compression_type="GZIP")
    assert list(guessed.element_spec) == ["x", "y"]  # the header read through the gzip stream
