"""TFRecord files: `tf.io.TFRecordWriter` writes them, `tf.data.TFRecordDataset` reads them.

A TFRecord file is a sequence of records, each framed as

    length          8 bytes, little-endian
    masked CRC      4 bytes: the CRC-32C of the 8 length bytes, masked (below)
    data            `length` bytes
    masked CRC      4 bytes: the CRC-32C of the data, masked

CRC-32C is the Castagnoli checksum (not zlib's CRC-32). TF "masks" it, rotating it
right by 15 bits and adding 0xa282ead8, because a CRC of data that itself holds CRCs
is weak. The whole file may be compressed ("GZIP" or "ZLIB").

    >>> with tf.io.TFRecordWriter("/tmp/data.tfrecord") as writer:
    ...     writer.write(b"hello")
    >>> list(tf.data.TFRecordDataset("/tmp/data.tfrecord").as_numpy_iterator())
    [b'hello']

The writer collects the records and puts the file in place atomically (saving/atomic.py)
on `flush` and `close`; as in TF the (empty) file exists as soon as the writer does.
"""
from __future__ import annotations

import gzip
import os
import struct
import zlib

from ..errors import DataLossError, FailedPreconditionError, NotFoundError
from ..saving.atomic import atomic_write
from .files import StringsOfFiles, _blocks

__all__ = ["TFRecordWriter", "TFRecordOptions", "TFRecordDatasetV2", "crc32c"]


# -- the checksum -----------------------------------------------------------------------------------
def _crc_table() -> list:
    table = []
    for n in range(256):
        for _ in range(8):  # (the Castagnoli polynomial 0x1EDC6F41, bit-reversed)
            n = (n >> 1) ^ 0x82F63B78 if n & 1 else n >> 1
        table.append(n)
    return table


_TABLE = _crc_table()


def crc32c(data: bytes) -> int:
    """The CRC-32C (Castagnoli) of `data`: crc32c(b"123456789") is 0xE3069283."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _masked_crc(data: bytes) -> bytes:
    crc = crc32c(data)
    return struct.pack("<I", (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF)


def _frame(record: bytes) -> bytes:
    length = struct.pack("<Q", len(record))
    return length + _masked_crc(length) + record + _masked_crc(record)


# -- writing ------------------------------------------------------------------------------------------
class TFRecordOptions:
    """How a TFRecord file is compressed: `compression_type` "", "GZIP" or "ZLIB".

    Mirrors `tf.io.TFRecordOptions` (the buffer and flush settings are accepted and unused).
    """

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None,
                 output_buffer_size=None, window_bits=None, compression_level=None,
                 compression_method=None, mem_level=None, compression_strategy=None):
        kind = "" if compression_type is None else compression_type
        if kind not in ("", "GZIP", "ZLIB"):
            raise ValueError(f'Not a valid compression_type: "{compression_type}"')
        self.compression_type = kind
        self.compression_level = compression_level


class TFRecordWriter:
    """Writes records (bytes or str) to a TFRecord file. Mirrors `tf.io.TFRecordWriter`.

    `options`: None, "GZIP", "ZLIB" or a `tf.io.TFRecordOptions`. Use it as a context
    manager, or call `close()`: that is when the file is complete.
    """

    def __init__(self, path, options=None):
        self._path = os.fsdecode(path)
        self._options = options if isinstance(options, TFRecordOptions) else \
            TFRecordOptions(options)
        folder = os.path.dirname(os.path.abspath(self._path))
        if not os.path.isdir(folder):  # (TF does not make folders for it)
            raise NotFoundError(None, None, f"{self._path}; No such file or directory")
        self._records: list = []
        self._closed = False
        atomic_write(self._path, self._contents())  # TF: the file exists from the start

    def _contents(self) -> bytes:
        raw = b"".join(self._records)
        kind, level = self._options.compression_type, self._options.compression_level
        level = -1 if level is None else level
        if kind == "GZIP":
            return gzip.compress(raw, compresslevel=9 if level == -1 else level, mtime=0)
        if kind == "ZLIB":
            return zlib.compress(raw, level)
        return raw

    def write(self, record) -> None:
        if self._closed:
            raise FailedPreconditionError(None, None, "Writer is closed.")
        if isinstance(record, str):
            record = record.encode("utf-8")
        if not isinstance(record, (bytes, bytearray, memoryview)):
            raise TypeError(f"write() takes the record as bytes or str, got {type(record).__name__}"
                            "; for a string tensor pass t.numpy()")
        self._records.append(_frame(bytes(record)))

    def flush(self) -> None:
        if self._closed:
            raise FailedPreconditionError(None, None, "Writer is closed.")
        atomic_write(self._path, self._contents())

    def close(self) -> None:
        if not self._closed:
            atomic_write(self._path, self._contents())
            self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- reading ------------------------------------------------------------------------------------------
def _data_loss(message: str) -> DataLossError:
    return DataLossError(None, "IteratorGetNext", f"{message} [Op:IteratorGetNext]")


def _records(path: str, compression: str):
    """The records of one file, checked against their CRCs, with TF's errors.

    The file is read a block at a time (files.py), so only one record sits in memory.
    A record's length is checked against what the file can still hold before its bytes
    are gathered: a damaged header claiming 2**60 bytes is a truncated record at once,
    not a read of the whole (inflated) rest of the file into memory.
    """
    blocks = _blocks(path, compression)
    buffer, start = bytearray(), 0  # (start: the file offset of buffer[0], for messages)
    # TF's words for a record cut short: its compressed streams say "EOF reached"
    short = "EOF reached" if compression else "Read less bytes than requested"
    most = None  # the most bytes the (inflated) file can hold

    def fill(n: int) -> bool:  # at least n bytes in the buffer, or False at the end of the file
        while len(buffer) < n:
            block = next(blocks, None)
            if block is None:
                return False
            buffer.extend(block)
        return True

    while fill(12):  # (a partial header at the end: TF stops quietly)
        header = bytes(buffer[:8])
        if bytes(buffer[8:12]) != _masked_crc(header):
            raise _data_loss(f"corrupted record at {start}" +
                             (" (Is this even a TFRecord file?)" if start == 0 else ""))
        (length,) = struct.unpack("<Q", header)
        if most is None:  # deflate inflates at most 1032:1 (zlib's documented limit)
            most = os.path.getsize(path) * (1032 if compression else 1)
        if start + 16 + length > most or not fill(12 + length + 4):
            raise _data_loss(f"truncated record at {start}' failed with {short}")
        record = bytes(buffer[12:12 + length])
        if bytes(buffer[12 + length:16 + length]) != _masked_crc(record):
            raise _data_loss(f"corrupted record at {start + 12}")
        yield record
        del buffer[:16 + length]
        start += 16 + length


class TFRecordDatasetV2(StringsOfFiles):
    """One scalar `tf.string` per record of the files, in order. Mirrors `tf.data.TFRecordDataset`.

    `compression_type`: "" (none), "ZLIB" or "GZIP". `buffer_size` and
    `num_parallel_reads` are accepted; this engine reads one file after the other.
    """

    op_name = "TFRecordDataset"
    read = staticmethod(_records)
