"""tf.io on local files: TF's errors, and the house rule that files are written atomically."""
from __future__ import annotations

import os

import numpy as np
import pytest

import course.engine as tf


def test_write_file_replaces_the_file_without_leaving_temporary_files(tmp_path):
    """Atomic write (temp file + rename): only the final file remains, with the new bytes."""
    path = tmp_path / "out.bin"
    tf.io.write_file(str(path), "first")
    tf.io.write_file(str(path), tf.constant(b"\x00second"))
    assert os.listdir(tmp_path) == ["out.bin"]
    assert path.read_bytes() == b"\x00second"


def test_a_gfile_being_written_appears_whole_when_closed(tmp_path):
    """A reader never sees half a file: nothing until flush/close, then all of it."""
    path = tmp_path / "notes.txt"
    f = tf.io.gfile.GFile(str(path), "w")
    f.write("line 1\n")
    f.write("line 2\n")
    assert not path.exists()
    f.close()
    assert path.read_text() == "line 1\nline 2\n" and os.listdir(tmp_path) == ["notes.txt"]


def test_read_file_of_a_missing_file_is_not_found_naming_the_path(tmp_path):
    """TF: NotFoundError "<path>; No such file or directory"."""
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(tf.errors.NotFoundError, match=f"{missing}; No such file or directory"):
        tf.io.read_file(missing)


def test_decode_raw_reads_bytes_as_numpy_does():
    """decode_raw(bytes, float32) is np.frombuffer(bytes, '<f4'), one row per string."""
    data = np.array([[1.5, -2.0], [3.25, 0.0]], np.float32)
    rows = tf.constant([row.tobytes() for row in data])
    np.testing.assert_array_equal(tf.io.decode_raw(rows, tf.float32).numpy(), data)


def test_base64_round_trip_uses_the_web_safe_alphabet():
    """TF's base64 is RFC 4648's URL-safe alphabet: bytes 0xfb 0xff encode as '-_8'."""
    encoded = tf.io.encode_base64(tf.constant(b"\xfb\xff"))
    assert encoded.numpy() == b"-_8"
    assert tf.io.decode_base64(encoded).numpy() == b"\xfb\xff"


# TensorProto bytes written by TF 2.21's tf.make_tensor_proto (typed value lists, not
# tensor_content) and the values TF's parse_tensor reads from them
MAKE_TENSOR_PROTO = [
    (b'\x08\x01\x12\x00*\x04\x00\x00`@', tf.float32, np.float32(3.5)),
    (b'\x08\x13\x12\x04\x12\x02\x08\x02"\x04\x00>\x00@', tf.float16, np.float16([1.5, 2.0])),
    (b'\x08\x08\x12\x04\x12\x02\x08\x02J\x10\x00\x00\x80?\x00\x00\x00@\x00\x00\x00\x80\x00\x00'
     b'@\xc0', tf.complex64, np.complex64([1 + 2j, -3j])),
    (b'\x08\n\x12\x04\x12\x02\x08\x02Z\x02\x01\x00', tf.bool, np.array([True, False])),
    (b'\x08\x07\x12\x04\x12\x02\x08\x02B\x01aB\x02bc', tf.string,
     np.array([b"a", b"bc"], dtype=object)),
    (b'\x08\x01\x12\x08\x12\x02\x08\x02\x12\x02\x08\x02*\x04\x00\x00 @', tf.float32,
     np.full((2, 2), 2.5, np.float32)),  # one value fills the shape
]


@pytest.mark.parametrize("data, dtype, expected", MAKE_TENSOR_PROTO)
def test_parse_tensor_reads_tfs_typed_value_lists(data, dtype, expected):
    """parse_tensor reads float_val/half_val/scomplex_val/bool_val/string_val as TF's does."""
    got = tf.io.parse_tensor(tf.constant(data), dtype).numpy()
    assert got.dtype == expected.dtype and got.shape == np.shape(expected)
    np.testing.assert_array_equal(got, expected)


def test_crc32c_has_the_standard_check_value():
    """CRC-32C (Castagnoli) of b"123456789" is 0xE3069283 (RFC 3720, appendix B.4)."""
    from course.engine.data.records import crc32c
    assert crc32c(b"123456789") == 0xE3069283 and crc32c(b"") == 0


def test_tfrecord_writer_leaves_only_the_finished_file(tmp_path):
    """Atomic writes: after close the folder holds the file alone, and it reads back."""
    path = str(tmp_path / "data.tfrecord")
    with tf.io.TFRecordWriter(path) as writer:
        for i in range(3):
            writer.write(f"record {i}")
    assert os.listdir(tmp_path) == ["data.tfrecord"]
    assert list(tf.data.TFRecordDataset(path).as_numpy_iterator()) == \
        [b"record 0", b"record 1", b"record 2"]


def test_parse_tensor_refuses_to_fill_gigabytes_from_a_few_bytes():
    """A TensorProto may claim any shape and give one value (TF fills the tensor with it): a
    crafted 20-byte proto must be a clear InvalidArgumentError, not a 4 TB allocation."""
    from course.engine.proto_wire import field_bytes as _bytes_field, varint as _varint
    dim = _bytes_field(2, _varint(1 << 3) + _varint(2**40))     # dim { size: 2**40 }
    proto = _varint(1 << 3) + _varint(1) + _bytes_field(2, dim) + \
        _bytes_field(5, np.float32(1.0).tobytes())               # dtype float, one float_val
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"shape \[1099511627776\]"):
        tf.io.parse_tensor(proto, tf.float32)
    small = _bytes_field(2, _varint(1 << 3) + _varint(4))        # dim { size: 4 }: filled, as TF
    proto = _varint(1 << 3) + _varint(1) + _bytes_field(2, small) + \
        _bytes_field(5, np.float32(2.5).tobytes())
    np.testing.assert_array_equal(tf.io.parse_tensor(proto, tf.float32).numpy(), [2.5] * 4)
