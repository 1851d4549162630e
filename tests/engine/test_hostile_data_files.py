"""Hostile data files for the file readers: declared sizes are checked, long lines stay linear.

The save formats have their own hostile tests (tests/test_saving_hostile.py); these are
the readers of files a learner is handed as data: `tf.data.TFRecordDataset`,
`tf.data.TextLineDataset` and `tf.data.experimental.CsvDataset` (named pipes, bombs read
in small blocks and missing files: tests/engine/test_data_files.py), and
`tf.io.gfile.GFile`.
"""
from __future__ import annotations

import gzip
import os
import signal
import struct
import tracemalloc
import zlib

import pytest

import course.engine as tf
from course.engine.data import files
from course.engine.data.records import _masked_crc


def _header(length: int) -> bytes:
    """A TFRecord header with a valid CRC: the length is believable, only its value is not."""
    size = struct.pack("<Q", length)
    return size + _masked_crc(size)


def _zeros_after(prefix: bytes, total: int, compression: str) -> bytes:
    """`prefix` and then zeros up to `total` bytes, compressed a megabyte at a time."""
    if compression == "GZIP":
        c = zlib.compressobj(9, zlib.DEFLATED, 31)       # wbits 31: a gzip stream
    elif compression == "ZLIB":
        c = zlib.compressobj(9)
    else:
        return prefix + bytes(total - len(prefix))
    out = [c.compress(prefix)]
    out += [c.compress(bytes(1 << 20)) for _ in range((total - len(prefix)) >> 20)]
    return b"".join(out) + c.flush()


@pytest.mark.parametrize("compression", ["", "GZIP", "ZLIB"])
@pytest.mark.parametrize("claimed", [2**31, 2**40, 2**60])
def test_a_tfrecord_length_beyond_the_file_is_a_truncated_record_at_once(tmp_path, compression,
                                                                       claimed):
    """A header claiming more bytes than the file can hold (its size, or 1032 times it for
    deflate, zlib's largest ratio) is TF's DataLossError "truncated record at 0" before the
    rest of the file is gathered: 32 MB of zeros behind it (32 kB compressed) must not be
    read into memory (peak under 8 MB). TF's words: "EOF reached" for a compressed stream,
    "Read less bytes than requested" for a plain one (TF 2.21, 2**31; TF crashes at 2**40)."""
    total = 32 << 20
    path = tmp_path / "claims.tfrecord"
    path.write_bytes(_zeros_after(_header(claimed) + b"abc", total, compression))
    short = "EOF reached" if compression else "Read less bytes than requested"
    if compression:
        assert path.stat().st_size < 1 << 20 and claimed > 1032 * path.stat().st_size
    tracemalloc.start()
    try:
        with pytest.raises(tf.errors.DataLossError, match=f"^truncated record at 0' failed "
                                                          f"with {short}"):
            list(tf.data.TFRecordDataset(str(path), compression_type=compression))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, f"peak {peak / 2**20:.1f} MB"


@pytest.mark.parametrize("compression", ["GZIP", "ZLIB"])
def test_a_compressed_tfrecord_cut_short_says_eof_reached_as_tf(tmp_path, compression):
    """A record cut short inside a compressed stream: TF 2.21 says "EOF reached"."""
    record = _header(1000) + b"x" * 10
    packed = gzip.compress(record) if compression == "GZIP" else zlib.compress(record)
    path = tmp_path / "cut.tfrecord"
    path.write_bytes(packed)
    with pytest.raises(tf.errors.DataLossError, match="truncated record at 0' failed with EOF "
                                                      "reached"):
        list(tf.data.TFRecordDataset(str(path), compression_type=compression))


@pytest.fixture
def alarm():
    """Fails the test instead of hanging: a quadratic loop, or a wait on a named pipe."""
    def timeout(signum, frame):
        raise TimeoutError("a read took more than 60 s")
    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_line_of_many_blocks_is_read_in_linear_time(tmp_path, monkeypatch, alarm):
    """An 8 MB line read 64 bytes at a time (131,072 blocks, as a 2 GB line would be in the
    real 64 kB blocks): joining the line anew with each block copies it each time, 500 GB
    in all; growing it in place copies each byte once. Lines around it, CRLF endings split
    across blocks and the last line without an ending still come out whole."""
    monkeypatch.setattr(files, "_BLOCK", 64)
    long = b"a" * (8 << 20)
    path = tmp_path / "long.txt"
    path.write_bytes(b"first\r\n" + long + b"\r\n" + b"x" * 63 + b"\r\nlast")
    lines = list(tf.data.TextLineDataset(str(path)).as_numpy_iterator())
    assert [len(line) for line in lines] == [5, len(long), 63, 4]
    assert lines[0] == b"first" and lines[1] == long and lines[3] == b"last"
    csv = tmp_path / "long.csv"
    csv.write_bytes(b"1," + long + b"\n2,b\n")
    rows = list(tf.data.experimental.CsvDataset(str(csv), [0, ""]).as_numpy_iterator())
    assert [(n, len(s)) for n, s in rows] == [(1, len(long)), (2, 1)]


def test_gfile_reads_what_is_asked_not_the_whole_file(tmp_path):
    """GFile(path, "rb").read(10) of a 64 MB file, a readline of it, and iterating over a
    file of 64 MB of short lines until the third, each peak under 2 MB: a GFile opened to
    read reads as it goes (TF's does), it does not load the file when it is opened."""
    big = tmp_path / "big.bin"
    big.write_bytes(b"0123456789\n" * (6 << 20))
    tracemalloc.start()
    try:
        with tf.io.gfile.GFile(str(big), "rb") as f:
            head, line = f.read(10), f.readline()
        with tf.io.gfile.GFile(str(big)) as f:
            lines = [next(f) for _ in range(3)]
        with tf.io.gfile.GFile(str(big), "rb") as f:
            f.seek(-11, 2)
            tail = f.read()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (head, line, lines, tail) == (b"0123456789", b"\n", ["0123456789\n"] * 3,
                                         b"0123456789\n")
    assert tf.io.gfile.GFile(str(big)).size() == 66 << 20
    assert peak < 2 << 20, f"peak {peak / 2**20:.1f} MB"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_gfile_refuses_a_named_pipe_instead_of_waiting(tmp_path, alarm):
    """Opening a FIFO to read waits for a writer forever: GFile refuses it, naming it."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for mode in ("r", "rb", "a"):
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"not a regular file \(a named "
                                                                 r"pipe\): .*pipe\.txt"):
            tf.io.gfile.GFile(str(fifo), mode).read()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_read_file_refuses_a_named_pipe_instead_of_waiting(tmp_path, alarm):
    """tf.io.read_file of a FIFO would wait for a writer forever: refused, naming it.
    (A missing file and a folder keep TF's errors: tests/differential/test_against_tensorflow_io.py.)"""
    fifo = tmp_path / "pipe.bin"
    os.mkfifo(fifo)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"not a regular file \(a named "
                                                             r"pipe\): .*pipe\.bin"):
        tf.io.read_file(str(fifo))
