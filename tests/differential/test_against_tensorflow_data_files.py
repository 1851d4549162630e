"""Datasets read from files (`TextLineDataset`, `experimental.CsvDataset`), here and on TF 2.21.

Every case reads the same small files, written once per run into a
temporary folder: plain, GZIP and ZLIB compressed. The rules checked are
TF's documented ones: a record's fields take their dtypes from
`record_defaults` (`0.0` is float32, `0` int32, `""` string, a dtype makes
the field required), empty fields and `na_value` take the default, quoted
fields may hold the delimiter, `""` and line breaks, and errors surface when
iteration reaches the bad record.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_data_files.py
"""
from __future__ import annotations

import gzip
import os
import zlib

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

FILES = {
    "people.csv": b'name,age,height\nada,36,1.65\n"lin, bo",,1.80\r\n"say ""hi""",7,\n',
    "numbers.csv": b"1,2.5,3\n4,-5e-1,6\n7,inf,9\n",
    "short.csv": b"1,2\n3\n",
    "long.csv": b"1,2,3\n",
    "text.csv": b"1,x\n2.5,y\n",
    "quotes.csv": b'a"b,1\n',
    "open.csv": b'"never closed,1\n',
    "lines.csv": b'"two\nlines",1\n',
    "semi.csv": b"1;2\n3;4",
    "na.csv": b"1,NA\nNA,2\n",
    "big.csv": b"3000000000,1e40\n",
}
folder = {}


@pytest.fixture(scope="module", autouse=True)
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("data_files")
    for name, data in FILES.items():
        (root / name).write_bytes(data)
    (root / "numbers.csv.gz").write_bytes(gzip.compress(FILES["numbers.csv"]))
    (root / "numbers.csv.z").write_bytes(zlib.compress(FILES["numbers.csv"]))
    folder["root"] = root


def path(name: str) -> str:
    return str(folder["root"] / name)


def values(ds):
    return list(ds.as_numpy_iterator())


CASES, case = case_registry()


case("TextLineDataset: repr, lines without their endings")(lambda tf: (
    repr(tf.data.TextLineDataset(path("people.csv"))),
    values(tf.data.TextLineDataset(path("people.csv"))),
    values(tf.data.TextLineDataset([path("semi.csv"), path("long.csv")])),
    int(tf.data.TextLineDataset(path("semi.csv")).cardinality())))
case("TextLineDataset of GZIP and ZLIB files")(lambda tf: (
    values(tf.data.TextLineDataset(path("numbers.csv.gz"), compression_type="GZIP")),
    values(tf.data.TextLineDataset(path("numbers.csv.z"), compression_type="ZLIB"))))
case("TextLineDataset of a missing file fails when iterated")(
    lambda tf: values(tf.data.TextLineDataset(path("missing.txt"))))
case("CsvDataset: repr, dtypes from the defaults, header, quotes, empty fields")(lambda tf: (
    repr(tf.data.experimental.CsvDataset(path("people.csv"), ["", 0, 0.0], header=True)),
    values(tf.data.experimental.CsvDataset(path("people.csv"), ["", 0, 0.0], header=True))))
case("CsvDataset: dtypes as defaults, float64 and int64")(lambda tf: (
    values(tf.data.experimental.CsvDataset(path("numbers.csv"), [tf.int64, tf.float64, 0])),
    tf.data.experimental.CsvDataset(path("numbers.csv"), [tf.int64, tf.float64, 0]).element_spec))
case("CsvDataset: select_cols, GZIP and ZLIB")(lambda tf: (
    values(tf.data.experimental.CsvDataset(path("numbers.csv.gz"), [0, 0], select_cols=[0, 2],
                                           compression_type="GZIP")),
    values(tf.data.experimental.CsvDataset(path("numbers.csv.z"), [0.0], select_cols=[1],
                                           compression_type="ZLIB"))))
case("CsvDataset: a required field that is empty")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("people.csv"), ["", tf.int32, 0.0], header=True)))
case("CsvDataset: too few fields")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("short.csv"), [0, 0])))
case("CsvDataset: too many fields")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("long.csv"), [0, 0])))
case("CsvDataset: a field that is not an int32")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("text.csv"), [0, ""])))
case("CsvDataset: an int32 out of range")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("big.csv"), [0, 0.0])))
case("CsvDataset: 1e40 is inf as float32, itself as float64")(lambda tf: (
    values(tf.data.experimental.CsvDataset(path("big.csv"), [tf.int64, 0.0])),
    values(tf.data.experimental.CsvDataset(path("big.csv"), [tf.int64, tf.float64]))))
case("CsvDataset: a quote inside an unquoted field")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("quotes.csv"), ["", 0])))
case("CsvDataset: a quoted field that never closes")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("open.csv"), ["", 0])))
case("CsvDataset: a quoted field over two lines")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("lines.csv"), ["", 0])))
case("CsvDataset: field_delim and a last line without a line break")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("semi.csv"), [0, 0], field_delim=";")))
case("CsvDataset: na_value takes the default")(lambda tf: values(
    tf.data.experimental.CsvDataset(path("na.csv"), [-1, -2], na_value="NA")))
case("CsvDataset: select_cols and exclude_cols together")(lambda tf: (
    tf.data.experimental.CsvDataset(path("numbers.csv"), [0], select_cols=[0], exclude_cols=[1])))
case("CsvDataset: select_cols not increasing")(lambda tf: (
    tf.data.experimental.CsvDataset(path("numbers.csv"), [0, 0], select_cols=[1, 0])))
case("CsvDataset: two defaults for one field")(lambda tf: (
    tf.data.experimental.CsvDataset(path("numbers.csv"), [[1.0, 2.0]])))
case("CsvDataset: an unknown compression_type")(lambda tf: (
    tf.data.experimental.CsvDataset(path("numbers.csv"), [0], compression_type="ZIP")))


@case("the overfitting tutorial's pipeline: batch, pack the columns with map, unbatch")
def packed_rows(tf):
    ds = tf.data.experimental.CsvDataset(path("numbers.csv.gz"), [float()] * 3,
                                         compression_type="GZIP")

    def pack_row(*row):
        return tf.stack(row[1:], 1), row[0]

    packed = ds.batch(2).map(pack_row).unbatch()
    return packed.element_spec, values(packed), values(packed.take(2).cache().batch(2))


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
