"""`tf.data.TextLineDataset` and `tf.data.experimental.CsvDataset`: what the engine adds to TF's rules.

TF's own behaviour (dtypes, quoting, errors) is checked against TF 2.21 in
tests/differential/test_against_tensorflow_data_files.py. Here: files are
streamed (a compressed file that inflates to hundreds of megabytes is read
in small blocks), errors name the file and the line, every pass reads the
file again, and the datasets work in the rest of tf.data and in Keras.
"""
from __future__ import annotations

import gzip
import os
import pathlib
import tracemalloc
import zlib

import numpy as np
import pytest

import course.engine as tf


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("compression", ["GZIP", "ZLIB"])
def test_a_file_that_inflates_to_200_mb_is_read_in_small_blocks(tmp_path, compression):
    """A compressed file's size says nothing of its content: reading the first records of a
    200 MB stream compressed to ~200 kB must not inflate it all (peak under 8 MB)."""
    content = b"1,2\n" * 50_000_000
    packed = gzip.compress(content, 9) if compression == "GZIP" else zlib.compress(content, 9)
    assert len(packed) < 1_000_000
    path = write(tmp_path, "bomb", packed)
    del content
    tracemalloc.start()
    try:
        ds = tf.data.experimental.CsvDataset(path, [0, 0], compression_type=compression)
        first = [(int(a), int(b)) for a, b in ds.take(1000)]
        lines = list(tf.data.TextLineDataset(path, compression_type=compression).take(3))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert first == [(1, 2)] * 1000
    assert [t.numpy() for t in lines] == [b"1,2"] * 3
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MB"


def test_a_bad_record_names_its_file_and_line(tmp_path):
    path = write(tmp_path, "bad.csv", b"a,b\n1,2\n3,x\n")
    ds = tf.data.experimental.CsvDataset(path, [0, 0], header=True)
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        list(ds)
    message = str(info.value)
    assert message.startswith("Field 1 in record is not a valid int32: x [Op:IteratorGetNext]")
    assert f"line 3 of {path}" in message


def test_the_line_of_a_record_after_a_quoted_line_break(tmp_path):
    path = write(tmp_path, "q.csv", b'"two\nlines",1\nok,oops\n')
    with pytest.raises(tf.errors.InvalidArgumentError, match="line 3 of "):
        list(tf.data.experimental.CsvDataset(path, ["", 0]))


def test_missing_and_corrupt_files_are_named(tmp_path):
    missing = str(tmp_path / "nope.csv")
    with pytest.raises(tf.errors.NotFoundError, match="nope.csv; No such file or directory"):
        list(tf.data.TextLineDataset(missing))
    corrupt = write(tmp_path, "corrupt.csv.gz", b"this is not gzip data\n")
    with pytest.raises(tf.errors.DataLossError, match="corrupt.csv.gz is not a valid GZIP file"):
        list(tf.data.experimental.CsvDataset(corrupt, [""], compression_type="GZIP"))
    truncated = write(tmp_path, "cut.z", zlib.compress(b"1\n" * 1000)[:20])
    with pytest.raises(tf.errors.DataLossError, match="cut.z is not a valid ZLIB file"):
        list(tf.data.TextLineDataset(truncated, compression_type="ZLIB"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_or_a_folder_is_refused_not_waited_on(tmp_path):
    """A FIFO would block the reader until some writer came (the loaders' rule: never hang)."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(tf.errors.InvalidArgumentError, match="not a regular file .a named pipe."):
        list(tf.data.TextLineDataset(str(fifo)))
    with pytest.raises(tf.errors.InvalidArgumentError, match="not a regular file .a directory."):
        list(tf.data.experimental.CsvDataset(str(tmp_path), [0]))


def test_every_pass_reads_the_file_again(tmp_path):
    path = write(tmp_path, "n.csv", b"1\n2\n")
    ds = tf.data.experimental.CsvDataset(path, [0])
    assert [int(x[0]) for x in ds] == [1, 2]
    pathlib.Path(path).write_bytes(b"3\n")
    assert [int(x[0]) for x in ds] == [3]  # (cache() is how to keep the first pass)


def test_filenames_as_a_list_a_path_object_or_a_string_tensor(tmp_path):
    a = write(tmp_path, "a.txt", b"a1\na2\n")
    b = write(tmp_path, "b.txt", b"b1")
    expected = [b"a1", b"a2", b"b1"]
    for names in ([a, b], (pathlib.Path(a), b), tf.constant([a, b])):
        assert list(tf.data.TextLineDataset(names).as_numpy_iterator()) == expected
    with pytest.raises(tf.errors.InvalidArgumentError, match="filenames must not be empty"):
        tf.data.TextLineDataset([])


def test_record_defaults_that_are_not_a_column_type_are_refused_clearly(tmp_path):
    path = write(tmp_path, "n.csv", b"1\n")
    with pytest.raises(TypeError, match=r"record_defaults\[0\] is True: CsvDataset columns are "
                                        r"float32, float64, int32, int64 or string"):
        tf.data.experimental.CsvDataset(path, [True])
    with pytest.raises(TypeError, match=r"record_defaults\[1\] is tf.uint8"):
        tf.data.experimental.CsvDataset(path, [0, tf.uint8])
    spec = tf.data.experimental.CsvDataset(path, [np.float64(1), tf.constant(2, tf.int64),
                                                  [b"x"]]).element_spec
    assert [s.dtype for s in spec] == [tf.float64, tf.int64, tf.string]


def test_a_csv_file_trains_a_model(tmp_path):
    """The whole way from a file to fit: parse, pack the columns into features, batch, train.
    (Labels come out of the file as a vector (n,) against the model's (n, 1) outputs: the
    accuracy pairs them element by element, as Keras 3 does; TF 2.21 reaches 0.945 here.)"""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 3)).astype(np.float32)
    y = (x.sum(axis=1) > 0).astype(np.float32)
    rows = "\n".join(",".join(f"{v:.6f}" for v in (label, *features))
                     for label, features in zip(y, x))
    path = write(tmp_path, "train.csv.gz", gzip.compress(rows.encode()))
    ds = tf.data.experimental.CsvDataset(path, [0.0] * 4, compression_type="GZIP")
    ds = ds.map(lambda label, *features: (tf.stack(features), label)).batch(32).cache()
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05),
                  loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
    with pytest.warns(UserWarning, match="ran out of data"):  # Keras 3's words, as in TF: a
        # dataset of unknown length ends the first epoch by running out
        history = model.fit(ds, epochs=10, verbose=0, shuffle=False)
    assert history.history["accuracy"][-1] > 0.9
    assert history.history["loss"][-1] < history.history["loss"][0] / 2
