"""tf.io (bytes, base64, whole files, gfile) on this engine and on real TensorFlow 2.21.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_io.py

Each case is a function of the module (`tf`); compare.py says what "agree" means. The file
cases work in a folder of their own, made fresh for each run (TF's, then ours), at the same
path, so messages naming a path compare too.
"""
from __future__ import annotations

import os
import shutil
import tempfile

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()
_ROOT = tempfile.mkdtemp(prefix="tf-io-differential-")


def _fresh(name: str) -> str:
    folder = os.path.join(_ROOT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    return folder


# -- decode_raw ------------------------------------------------------------------------------
case("the tensor guide's cell: bytes_split and decode_raw of 'Duck'")(lambda tf: (
    tf.strings.bytes_split(tf.constant("Duck")), tf.io.decode_raw(tf.constant("Duck"), tf.uint8),
    str(tf.io.decode_raw(tf.constant("Duck"), tf.uint8))))
case("decode_raw: one row per string, little or big endian")(lambda tf: (
    tf.io.decode_raw(tf.constant(["abcd", "efgh"]), tf.int16),
    tf.io.decode_raw(tf.constant(["abcd", "efgh"]), tf.int16, little_endian=False),
    tf.io.decode_raw(tf.constant([["ab", "cd"], ["ef", "gh"]]), tf.uint8),
    tf.io.decode_raw("ab", tf.uint8), tf.io.decode_raw(tf.constant(["", ""]), tf.uint8)))
case("decode_raw of every out_type")(lambda tf: [
    tf.io.decode_raw(tf.constant(np.arange(16, dtype=np.uint8).tobytes() + b"\x80" * 16), t)
    for t in (tf.float16, tf.float32, tf.float64, tf.int8, tf.int16, tf.int32, tf.int64,
              tf.uint8, tf.complex64, tf.complex128)])
case("decode_raw of numbers written by NumPy")(lambda tf: (
    tf.io.decode_raw(tf.constant(np.array([1.5, -2.0], np.float32).tobytes()), tf.float32),
    tf.io.decode_raw(tf.constant(np.array([1 + 2j], np.complex64).tobytes()), tf.complex64),
    tf.io.decode_raw(tf.constant(np.array([7, -1], ">i4").tobytes()), tf.int32, little_endian=False)))
case("decode_raw as bool: nonzero bytes are True")(
    lambda tf: tf.io.decode_raw(tf.constant(b"\x00\x01\x02"), tf.bool))
case("decode_raw with fixed_length pads and cuts")(lambda tf: (
    tf.io.decode_raw(tf.constant(["abc", "defgh"]), tf.uint8, fixed_length=4),
    tf.io.decode_raw(tf.constant(["abc", "defgh"]), tf.int16, fixed_length=4),
    tf.io.decode_raw(tf.constant(["abcd"]), tf.float32, fixed_length=4)))
case("decode_raw: a length that is not a multiple of the size")(
    lambda tf: tf.io.decode_raw(tf.constant("abc"), tf.int16))
case("decode_raw: strings of different lengths")(
    lambda tf: tf.io.decode_raw(tf.constant(["ab", "abcd"]), tf.uint8))
case("decode_raw: fixed_length not a multiple of the size")(
    lambda tf: tf.io.decode_raw(tf.constant(["abc"]), tf.int16, fixed_length=3))
case("decode_raw to string", compare_message=False)(  # (TF lists bfloat16 and uint16 too)
    lambda tf: tf.io.decode_raw(tf.constant("ab"), tf.string))
case("decode_raw of an int tensor")(lambda tf: tf.io.decode_raw(tf.constant(1), tf.uint8))


@case("decode_raw inside tf.function")
def _(tf):
    f = tf.function(lambda s: tf.io.decode_raw(s, tf.int16))
    return f(tf.constant(["abcd", "efgh"])), f.get_concrete_function(
        tf.TensorSpec([2], tf.string)).structured_outputs.shape


# -- base64 (web-safe) -------------------------------------------------------------------------
case("encode_base64 is web-safe, unpadded unless pad=True")(lambda tf: (
    tf.io.encode_base64(tf.constant(["hello", "\xff\xfe?>", ""])),
    tf.io.encode_base64(tf.constant(["hello", "ab"]), pad=True),
    tf.io.encode_base64(tf.constant("a")), tf.io.encode_base64(tf.constant([[b"\xfb\xff"]]))))
case("decode_base64 with or without padding")(lambda tf: (
    tf.io.decode_base64(tf.constant(["aGVsbG8", "aGVsbG8=", "__4_Pg", ""])),
    tf.io.decode_base64(tf.io.encode_base64(tf.constant([b"\x00\x01\xfe", b"xyz"]), pad=True))))
case("decode_base64: a length of 1 modulo 4")(lambda tf: tf.io.decode_base64(tf.constant(["a"])))
case("decode_base64: '+' and '/' are not web-safe")(
    lambda tf: tf.io.decode_base64(tf.constant(["a+b/"])))
case("encode_base64 of an int tensor")(lambda tf: tf.io.encode_base64(tf.constant([1])))


# -- serialize_tensor / parse_tensor: TF's TensorProto bytes ---------------------------------------
_SERIALIZED = [np.float32([1.5, 2.0]), np.int32(3), np.zeros((0, 3), np.float32),
               np.array([True, False]), np.float16([1.5]), np.complex64([1 + 2j]),
               np.complex128(1 + 2j), np.int64([-1]), np.arange(200, dtype=np.uint8),
               np.zeros((300, 0)), np.int8([[-3, 4]]), np.int16([[7], [-8]]),
               np.arange(6.0).reshape(1, 2, 3)]
case("serialize_tensor writes TF's bytes")(lambda tf: [
    tf.io.serialize_tensor(tf.constant(x)) for x in _SERIALIZED])
case("serialize_tensor of strings")(lambda tf: (
    tf.io.serialize_tensor(tf.constant([["", "ab"], ["c", "d"]])),
    tf.io.serialize_tensor(tf.constant("x")), tf.io.serialize_tensor(tf.constant([], tf.string)),
    tf.io.serialize_tensor(tf.Variable([1.0]))))
case("parse_tensor reads them back")(lambda tf: [
    tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant(x)), tf.constant(x).dtype)
    for x in _SERIALIZED] + [tf.io.parse_tensor(tf.io.serialize_tensor(
        tf.constant([["", "ab"], ["c", "d"]])), tf.string)])
case("parse_tensor with the wrong dtype")(lambda tf: tf.io.parse_tensor(
    tf.io.serialize_tensor(tf.constant([[1, 2]])), tf.float32))
case("parse_tensor of bytes that are no TensorProto")(
    lambda tf: tf.io.parse_tensor(tf.constant(b"\xff\xff"), tf.float32))
case("parse_tensor of empty bytes", compare_message=False)(  # (TF's text varies run to run)
    lambda tf: tf.io.parse_tensor(tf.constant(b""), tf.float32))
case("parse_tensor of several strings")(
    lambda tf: tf.io.parse_tensor(tf.constant([b"", b""]), tf.float32))


@case("serialize_tensor and parse_tensor inside tf.function")
def _(tf):
    f = tf.function(lambda x: tf.io.parse_tensor(tf.io.serialize_tensor(x * 2.0), tf.float32))
    return f(tf.constant([[1.0, 2.5]])), f.get_concrete_function(
        tf.TensorSpec([1, 2], tf.float32)).structured_outputs.shape


# -- whole files ------------------------------------------------------------------------------
@case("write_file then read_file, making missing folders")
def _(tf):
    folder = _fresh("write_read")
    first = tf.io.write_file(os.path.join(folder, "a.txt"), "hello")
    nested = os.path.join(folder, "sub", "dir", "b.bin")
    tf.io.write_file(nested, tf.constant(b"\x00\xff"))
    tf.io.write_file(os.path.join(folder, "a.txt"), "again")
    return (first, tf.io.read_file(os.path.join(folder, "a.txt")), tf.io.read_file(nested),
            sorted(os.listdir(folder)))


case("read_file of a missing file names it")(
    lambda tf: tf.io.read_file(os.path.join(_ROOT, "missing", "file.txt")))
case("read_file of a folder")(lambda tf: tf.io.read_file(_ROOT))
case("read_file of several names")(lambda tf: tf.io.read_file([os.path.join(_ROOT, "x")]))
case("write_file of several strings")(
    lambda tf: tf.io.write_file(os.path.join(_ROOT, "never.txt"), ["a", "b"]))


@case("write_file and read_file inside tf.function")
def _(tf):
    # (one file op per function: TF does not order a ReadFile after a WriteFile in one graph)
    path = os.path.join(_fresh("in_function"), "n.txt")

    @tf.function
    def write(x):
        tf.io.write_file(path, tf.strings.as_string(x))

    read = tf.function(lambda: tf.strings.to_number(tf.io.read_file(path)) + 1.0)
    # (once: TF may fold the ReadFile of a constant path into a constant, so a second call of
    # `read` gives the first file's number there)
    write(tf.constant(41.0))
    return read()


# -- tf.io.gfile -------------------------------------------------------------------------------
@case("gfile: exists, isdir, makedirs, mkdir, listdir, glob")
def _(tf):
    folder, g = _fresh("gfile_dirs"), tf.io.gfile
    g.makedirs(os.path.join(folder, "x", "y"))
    g.makedirs(os.path.join(folder, "x", "y"))
    g.mkdir(os.path.join(folder, "x"))
    tf.io.write_file(os.path.join(folder, "a.txt"), "1")
    tf.io.write_file(os.path.join(folder, "b.txt"), "22")
    return (g.exists(os.path.join(folder, "a.txt")), g.exists(os.path.join(folder, "nope")),
            g.isdir(folder), g.isdir(os.path.join(folder, "a.txt")),
            g.isdir(os.path.join(folder, "nope")), sorted(g.listdir(folder)),
            [os.path.basename(p) for p in sorted(g.glob(os.path.join(folder, "*.txt")))],
            g.glob(os.path.join(folder, "*.zzz")),
            [(os.path.relpath(a, folder), sorted(b), sorted(c)) for a, b, c in g.walk(folder)],
            g.stat(os.path.join(folder, "b.txt")).length,
            g.stat(os.path.join(folder, "b.txt")).is_directory)


case("gfile.listdir of a missing folder")(
    lambda tf: tf.io.gfile.listdir(os.path.join(_ROOT, "missing")))
case("gfile.mkdir without its parent")(
    lambda tf: tf.io.gfile.mkdir(os.path.join(_ROOT, "missing", "child")))
case("gfile.remove of a missing file")(
    lambda tf: tf.io.gfile.remove(os.path.join(_ROOT, "missing.txt")))
case("gfile.GFile of a missing file")(
    lambda tf: tf.io.gfile.GFile(os.path.join(_ROOT, "missing", "q")).read())
case("gfile.GFile with a bad mode")(lambda tf: tf.io.gfile.GFile(os.path.join(_ROOT, "m"), "x"))


@case("gfile.GFile: write, read, append, lines, tell")
def _(tf):
    path = os.path.join(_fresh("gfile_files"), "g.txt")
    with tf.io.gfile.GFile(path, "w") as f:
        f.write("line1\nline2\n")
    with tf.io.gfile.GFile(path) as f:
        text = f.read()
    with tf.io.gfile.GFile(path, "rb") as f:
        raw = f.read()
    with tf.io.gfile.GFile(path) as f:
        lines = f.readlines()
    with tf.io.gfile.GFile(path) as f:
        iterated = list(f)
    with tf.io.gfile.GFile(path, "a") as f:
        f.write("3")
    with tf.io.gfile.GFile(path, "r") as f:
        parts = f.readline(), f.read(2), f.tell(), f.read()
    with tf.io.gfile.GFile(path, "wb") as f:
        f.write(b"\x00\x01")
    return text, raw, lines, iterated, parts, tf.io.read_file(path)


@case("gfile: rename, copy, remove, rmtree")
def _(tf):
    folder, g = _fresh("gfile_moves"), tf.io.gfile
    a, b, c = (os.path.join(folder, n) for n in ("a", "b", "c"))
    tf.io.write_file(a, "first")
    tf.io.write_file(b, "second")
    results = [g.rename(a, c), g.exists(a), g.exists(c)]
    for step in (lambda: g.rename(c, b), lambda: g.copy(b, c)):
        try:
            step()
        except tf.errors.AlreadyExistsError as e:
            results.append(("AlreadyExistsError", str(e).split(" [Op")[0]))
    results += [g.rename(c, b, overwrite=True), tf.io.read_file(b), g.copy(b, c),
                tf.io.read_file(c), g.copy(b, c, overwrite=True), g.remove(c), g.exists(c)]
    g.makedirs(os.path.join(folder, "tree", "deep"))
    results += [g.rmtree(os.path.join(folder, "tree")), g.exists(os.path.join(folder, "tree"))]
    return results


# -- TFRecord files ------------------------------------------------------------------------------
def _record_file(tf, name: str, records, options=None) -> str:
    path = os.path.join(_fresh(name), "data.tfrecord")
    with tf.io.TFRecordWriter(path, options) as writer:
        for r in records:
            writer.write(r)
    return path


@case("TFRecordWriter writes TF's framing; TFRecordDataset reads it")
def _(tf):
    path = _record_file(tf, "records", [b"hello", b"", "text", bytes(range(256)) * 3])
    ds = tf.data.TFRecordDataset(path)
    with open(path, "rb") as f:
        raw = f.read()
    return (raw, list(ds.as_numpy_iterator()), ds.element_spec, repr(ds).split(" ")[0],
            list(tf.data.TFRecordDataset([path, path]).map(tf.strings.length)
                 .as_numpy_iterator()))


@case("TFRecord files compressed with GZIP and ZLIB")
def _(tf):
    gz = _record_file(tf, "records_gzip", [b"gz1", b"gz2"], "GZIP")
    zl = _record_file(tf, "records_zlib", [b"z1"], tf.io.TFRecordOptions(compression_type="ZLIB"))
    return (list(tf.data.TFRecordDataset(gz, compression_type="GZIP").as_numpy_iterator()),
            list(tf.data.TFRecordDataset(zl, compression_type="ZLIB").as_numpy_iterator()))


@case("a TFRecordWriter's file exists at once; flush writes what it has")
def _(tf):
    path = os.path.join(_fresh("records_flush"), "r")
    writer = tf.io.TFRecordWriter(path)
    sizes = [os.path.getsize(path)]
    writer.write(b"x")
    writer.flush()
    sizes.append(os.path.getsize(path))
    writer.close()
    try:
        writer.write(b"y")
    except tf.errors.FailedPreconditionError as e:
        sizes.append(str(e))
    return sizes


def _damaged(tf, name: str, change) -> list:
    path = _record_file(tf, name, [b"hello", b"", "text"])
    with open(path, "rb") as f:
        data = bytearray(f.read())
    with open(path, "wb") as f:
        f.write(change(data))
    return list(tf.data.TFRecordDataset(path).as_numpy_iterator())


def _flip(index):
    def change(data):
        data[index] ^= 1
        return bytes(data)
    return change


for _cut in (1, 10, 24, 32, 34, 53, 56):
    case(f"a TFRecord file cut to {_cut} bytes")(
        lambda tf, _cut=_cut: _damaged(tf, f"cut_{_cut}", lambda d: bytes(d[:_cut])))
for _index in (9, 14, 30, 40):
    case(f"a TFRecord file with byte {_index} damaged")(
        lambda tf, _index=_index: _damaged(tf, f"flip_{_index}", _flip(_index)))
case("TFRecordDataset of a missing file")(lambda tf: list(tf.data.TFRecordDataset(
    os.path.join(_ROOT, "missing.tfrecord")).as_numpy_iterator()))
case("TFRecordWriter in a missing folder")(
    lambda tf: tf.io.TFRecordWriter(os.path.join(_ROOT, "missing", "x.tfrecord")))
case("TFRecordWriter with an unknown compression")(
    lambda tf: tf.io.TFRecordWriter(os.path.join(_ROOT, "q.tfrecord"), "XYZ"))
case("TFRecordWriter.write of a tensor", compare_message=False)(
    lambda tf: tf.io.TFRecordWriter(os.path.join(_fresh("records_tensor"), "t")).write(
        tf.constant(b"z")))


@case("serialized tensors in a TFRecord file, parsed in a map")
def _(tf):
    tensors = [tf.constant([[1.5, 2.0]]), tf.constant([[-1.0, 0.25]])]
    path = _record_file(tf, "records_tensors",
                        [tf.io.serialize_tensor(t).numpy() for t in tensors])
    ds = tf.data.TFRecordDataset(path).map(lambda r: tf.io.parse_tensor(r, tf.float32))
    return [t for t in ds]


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
