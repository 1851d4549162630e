"""Graph-vs-eager cases for the tf.io ops (DecodeRaw, base64, ReadFile, WriteFile, parsing,
DecodeImage).

tests/test_function.py takes them into its op-table guard: GRAPH_CASES run the op eagerly
and in a tf.function and compare; EFFECT_CASES compare what an op without outputs did.
WriteFile's case writes a number to a file and reads it back into a variable, so the two
file ops also run in program order inside the graph (TF's automatic control dependencies).
"""
from __future__ import annotations

import io
import os
import tempfile

import numpy as np
from PIL import Image

import course.engine as tf

_RAW = np.array([b"abcd", b"efgh"], dtype=object)
_TEXT = np.array([b"hello", b"\xff\xfe?>", b""], dtype=object)
_FOLDER = tempfile.mkdtemp(prefix="engine-io-cases-")


def _png() -> np.ndarray:
    out = io.BytesIO()
    Image.fromarray(np.arange(24, dtype=np.uint8).reshape(2, 4, 3)).save(out, "PNG")
    return np.array(out.getvalue(), dtype=object)


def _example(values: list) -> bytes:
    feature = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    return tf.train.Example(features=tf.train.Features(feature={"x": feature})).SerializeToString()


_EXAMPLES = np.array([_example([1, 2]), _example([3, 4])], dtype=object)
_RAGGED_EXAMPLES = np.array([_example([1, 2, 3]), _example([4])], dtype=object)


def _sequence(steps: list) -> bytes:
    feature_list = tf.train.FeatureList(feature=[
        tf.train.Feature(int64_list=tf.train.Int64List(value=v)) for v in steps])
    return tf.train.SequenceExample(feature_lists=tf.train.FeatureLists(
        feature_list={"x": feature_list})).SerializeToString()


_SEQUENCES = np.array([_sequence([[1], [2], [3]]), _sequence([[4, 5]])], dtype=object)
_FLAT_SEQUENCES = np.array([_sequence([[1], [2], [3]]), _sequence([[4]])], dtype=object)
_READ_ME = os.path.join(_FOLDER, "read_me.txt")
with open(_READ_ME, "wb") as _f:
    _f.write(b"0123456789")

GRAPH_CASES = {
    "DecodeRaw": (lambda s: tf.io.decode_raw(s, tf.int16), [_RAW]),
    "DecodePaddedRaw": (lambda s: tf.io.decode_raw(s, tf.uint8, fixed_length=6), [_RAW]),
    "EncodeBase64": (tf.io.encode_base64, [_TEXT]),
    "DecodeBase64": (lambda s: tf.io.decode_base64(tf.io.encode_base64(s)), [_TEXT]),
    "ReadFile": (lambda s: tf.io.read_file(s), [np.array(_READ_ME.encode(), dtype=object)]),
    "DecodeImage": (lambda s: tf.io.decode_image(s, channels=3), [_png()]),
    "SerializeTensor": (tf.io.serialize_tensor, [np.arange(6, dtype=np.float32).reshape(2, 3)]),
    "ParseTensor": (lambda x: tf.io.parse_tensor(tf.io.serialize_tensor(x), tf.int64),
                    [np.arange(6).reshape(3, 2)]),
    "ParseExampleDense": (lambda s: tf.io.parse_example(
        s, {"x": tf.io.FixedLenFeature([2], tf.int64)})["x"], [_EXAMPLES]),
    "ParseExampleSparse": (lambda s: tf.sparse.to_dense(tf.io.parse_example(
        s, {"x": tf.io.VarLenFeature(tf.int64)})["x"]), [_RAGGED_EXAMPLES]),
    "ParseExampleRagged": (lambda s: tf.io.parse_example(
        s, {"x": tf.io.RaggedFeature(tf.int64)})["x"].to_tensor(), [_RAGGED_EXAMPLES]),
    "ParseSequenceDense": (lambda s: tf.io.parse_sequence_example(
        s, sequence_features={"x": tf.io.FixedLenSequenceFeature([], tf.int64)})[1]["x"],
        [_FLAT_SEQUENCES]),
    "ParseSequenceSparse": (lambda s: tf.sparse.to_dense(tf.io.parse_sequence_example(
        s, sequence_features={"x": tf.io.VarLenFeature(tf.int64)})[1]["x"]), [_SEQUENCES]),
    "ParseSequenceRagged": (lambda s: tf.io.parse_sequence_example(
        s, sequence_features={"x": tf.io.RaggedFeature(tf.int64)})[1]["x"].flat_values,
        [_SEQUENCES]),
}


def _write_then_read(v, g):
    path = os.path.join(_FOLDER, "written.txt")
    tf.io.write_file(path, tf.strings.as_string(tf.reduce_sum(g)))
    v[0].assign(tf.fill([2, 3], tf.strings.to_number(tf.io.read_file(path))))


EFFECT_CASES = {"WriteFile": _write_then_read}
NO_GRADIENT = {name: "bytes and files: not differentiable (TF registers no gradient)"
               for name in ("DecodeRaw", "DecodePaddedRaw", "EncodeBase64", "DecodeBase64",
                            "ReadFile", "WriteFile", "SerializeTensor", "ParseTensor",
                            "ParseExampleDense", "ParseExampleSparse", "ParseExampleRagged",
                            "ParseSequenceDense", "ParseSequenceSparse", "ParseSequenceRagged",
                            "DecodeImage")}
