"""Damaged and hostile data files on this engine and on real TensorFlow 2.21: the same errors.

TFRecord headers claiming more than the file holds, long lines, GFile reading a folder or
a file that appears after the GFile was made.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_hostile_files.py

Files are made fresh for each run (TF's, then ours) at the same path, so messages naming a
path compare too. What the engine adds beyond TF (memory bounded, no hang) is checked in
tests/engine/test_hostile_data_files.py: TF itself crashes on a TFRecord header claiming
2**40 bytes, so the claims here stay at 2**31, which TF reads as a truncated record.
"""
from __future__ import annotations

import gzip
import os
import shutil
import struct
import tempfile
import zlib

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402
from course.engine.data.records import _masked_crc  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()
_ROOT = tempfile.mkdtemp(prefix="tf-hostile-differential-")
_PACK = {"": lambda b: b, "GZIP": lambda b: gzip.compress(b, mtime=0), "ZLIB": zlib.compress}


def _file(name: str, data: bytes) -> str:
    folder = os.path.join(_ROOT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    path = os.path.join(folder, "data")
    with open(path, "wb") as f:
        f.write(data)
    return path


def _claiming(length: int, then: bytes) -> bytes:
    """A TFRecord header with a valid CRC claiming `length` bytes, then `then`."""
    size = struct.pack("<Q", length)
    return size + _masked_crc(size) + then


def _records(tf, name: str, data: bytes, compression: str) -> list:
    path = _file(name, _PACK[compression](data))
    return list(tf.data.TFRecordDataset(path, compression_type=compression).as_numpy_iterator())


for _kind in ("", "GZIP", "ZLIB"):
    case(f"a TFRecord header claiming 2**31 bytes, {_kind or 'uncompressed'}")(
        lambda tf, _kind=_kind: _records(tf, f"claim_{_kind}", _claiming(2**31, b"abc"), _kind))
    case(f"a TFRecord header claiming 1000 bytes, 16 there, {_kind or 'uncompressed'}")(
        lambda tf, _kind=_kind: _records(tf, f"short_{_kind}", _claiming(1000, b"x" * 16), _kind))
    case(f"a good record, then a header claiming 2**31 bytes, {_kind or 'uncompressed'}")(
        lambda tf, _kind=_kind: _records(
            tf, f"second_{_kind}", _claiming(2, b"ok") + _masked_crc(b"ok") +
            _claiming(2**31, b"abc"), _kind))


@case("a TextLineDataset line of 3 MB, CRLF endings and no final line break")
def _(tf):
    path = _file("long_line", b"first\r\n" + b"a" * (3 << 20) + b"\r\nlast")
    return [len(line) for line in tf.data.TextLineDataset(path).as_numpy_iterator()]


@case("a GZIP TextLineDataset of one 3 MB line")
def _(tf):
    path = _file("long_gzip", gzip.compress(b"b" * (3 << 20) + b"\nend\n", mtime=0))
    return [len(line) for line in tf.data.TextLineDataset(
        path, compression_type="GZIP").as_numpy_iterator()]


@case("read_file of a link to a missing file")
def _(tf):
    link = os.path.join(_ROOT, "dangling")
    if not os.path.lexists(link):
        os.symlink(os.path.join(_ROOT, "nowhere"), link)
    return tf.io.read_file(link)


case("gfile.GFile of a folder, read")(lambda tf: tf.io.gfile.GFile(_ROOT).read())


@case("gfile.GFile opened before its file exists; read again after close")
def _(tf):
    path = os.path.join(_ROOT, "later.txt")
    if os.path.exists(path):
        os.remove(path)
    f = tf.io.gfile.GFile(path)  # (TF opens the file at the first read)
    tf.io.write_file(path, "one\ntwo\nthree\n")
    first = f.readline(), f.read(3), f.tell(), [line for line in f]
    f.close()
    return first, f.read(), f.size()


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
