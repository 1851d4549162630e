"""tf.train.Example (bytes, text format, protobuf API) and tf.io.parse_*example, against TF 2.21.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_example.py

Each case is a function of the module (`tf`); compare.py says what "agree" means. TF's
protobuf writes a map's entries in its hash table's order, which changes from run to run,
so bytes are compared for messages whose maps have at most one entry; larger maps are
compared through their text form (which protobuf sorts) and by parsing the bytes back.
SparseTensors and RaggedTensors are compared by their parts (`_parts`).
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
_ROOT = tempfile.mkdtemp(prefix="tf-example-differential-")


def _parts(x):
    """A parse result as comparable pieces: a SparseTensor's three tensors, a RaggedTensor's
    flat values and splits (with its type's name), dicts and tuples walked."""
    kind = type(x).__name__
    if isinstance(x, dict):
        return {k: _parts(v) for k, v in x.items()}
    if isinstance(x, (tuple, list)):
        return tuple(_parts(v) for v in x)
    if kind in ("SparseTensor", "SparseTensorValue"):
        return ("sparse", x.indices, x.values, x.dense_shape)
    if kind == "RaggedTensor":
        return ("ragged", x.flat_values, tuple(x.nested_row_splits))
    return x


def _feature(tf, values, like=None):
    """A Feature of the list kind its values (or the values `like`) ask for."""
    like = values or like or [0]
    if isinstance(like[0], bytes):
        return tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
    if isinstance(like[0], float):
        return tf.train.Feature(float_list=tf.train.FloatList(value=values))
    return tf.train.Feature(int64_list=tf.train.Int64List(value=values))


def _example(tf, **features) -> bytes:
    return tf.train.Example(features=tf.train.Features(feature={
        k: _feature(tf, v) for k, v in features.items()})).SerializeToString()


def _sequence(tf, context: dict, lists: dict) -> bytes:
    return tf.train.SequenceExample(
        context=tf.train.Features(feature={k: _feature(tf, v) for k, v in context.items()}),
        feature_lists=tf.train.FeatureLists(feature_list={
            k: tf.train.FeatureList(feature=[_feature(tf, s, next((t for t in steps if t), None))
                                             for s in steps])
            for k, steps in lists.items()})).SerializeToString()


# -- the messages: bytes -----------------------------------------------------------------------
case("Feature bytes: each list kind, packed numbers, negative int64 as 10 bytes")(lambda tf: [
    _feature(tf, v).SerializeToString() for v in
    ([b"cat", b"", bytes(range(256))], [1.5, -0.0, 1e-7, 3.4e38, float("inf")],
     [0, 1, -1, 2**63 - 1, -2**63, 300], [])])
case("Feature bytes: an empty list that is set, and a Feature with none")(lambda tf: (
    tf.train.Feature(int64_list=tf.train.Int64List()).SerializeToString(),
    tf.train.Feature().SerializeToString(), tf.train.Example().SerializeToString(),
    tf.train.Example(features=tf.train.Features()).SerializeToString(),
    tf.train.Features(feature={"": tf.train.Feature()}).SerializeToString()))
case("Example bytes with one feature (the tfrecord tutorial's float)")(lambda tf: (
    tf.train.Feature(float_list=tf.train.FloatList(value=[np.exp(1)])).SerializeToString(),
    _example(tf, x=[7]), _example(tf, name=[b"goat"])))
case("SequenceExample bytes with one context feature and one feature list")(
    lambda tf: _sequence(tf, {"len": [3]}, {"tok": [[1], [2, 3], []]}))
case("FloatList keeps float32: values read back rounded")(lambda tf: (
    list(tf.train.FloatList(value=[0.1, 1e40, 2 / 3]).value),
    list(tf.train.FloatList.FromString(tf.train.FloatList(value=[0.1]).SerializeToString()).value)))


# -- the messages: reading bytes back ----------------------------------------------------------
@case("FromString and ParseFromString give back the values; ParseFromString returns the length")
def _(tf):
    data = _example(tf, a=[1, 2], b=[b"x"], c=[0.5, 2.5])
    e = tf.train.Example.FromString(data)
    e2 = tf.train.Example()
    n = e2.ParseFromString(data)
    feature = e.features.feature
    return (n, e == e2, sorted(feature.keys()), list(feature["a"].int64_list.value),
            list(feature["b"].bytes_list.value), list(feature["c"].float_list.value),
            feature["c"].WhichOneof("kind"), "a" in feature, "z" in feature, len(feature))


case("unpacked int64 values and unknown fields are read (and unknown ones written back)")(
    lambda tf: (list(tf.train.Int64List.FromString(b"\x08\x05\x08\x06").value),
                tf.train.Int64List.FromString(b"\x10\x05\n\x01\x07").SerializeToString(),
                str(tf.train.Int64List.FromString(b"\x08\x05\x08\x06"))))
case("a field with another wire type than its own is kept as unknown")(lambda tf: (
    list(tf.train.Int64List.FromString(b"\r\x01\x02\x03\x04").value),
    tf.train.Int64List.FromString(b"\r\x01\x02\x03\x04").SerializeToString()))
case("truncated bytes: DecodeError")(lambda tf: tf.train.Example.FromString(b"\n\x05ab"))
case("a wire type no field uses (7): DecodeError")(lambda tf: tf.train.Example.FromString(b"\x0f"))
case("a varint cut short: DecodeError")(lambda tf: tf.train.Int64List.FromString(b"\x08\xff"))
case("packed floats of 5 bytes: DecodeError")(
    lambda tf: tf.train.FloatList.FromString(b"\n\x05\x00\x00\x00\x00\x00"))


# -- the messages: text format (print) ---------------------------------------------------------
case("print(Feature): the tfrecord tutorial's features")(lambda tf: [
    str(_feature(tf, v)) for v in ([b"test_string"], ["test_bytes".encode()], [float(np.exp(1))],
                                   [1])])
case("text format of floats: 6 digits when they read back, else 9; inf, nan, -0")(lambda tf: str(
    tf.train.FloatList(value=[0.1, 1 / 3, 1e-7, 1e20, 123456789.0, float("inf"),
                              float("nan"), -0.0, 3.0, 2.5e-45])))
case("text format of bytes: C escapes, octal for the rest")(
    lambda tf: str(tf.train.BytesList(value=[b"a\x00\xff\"'\\\n\r\t\xc3\xa9 ~\x7f"])))
case("text format of an Example: map entries in protobuf's order")(lambda tf: str(
    tf.train.Example.FromString(_example(tf, a=[1], bb=[2], b=[b"x"], ab=[0.5], B=[3], é=[4]))))
case("text format of a SequenceExample and of empty messages")(lambda tf: (
    str(tf.train.SequenceExample.FromString(_sequence(tf, {"len": [3]},
                                                      {"tok": [[1], [], [2.5]]}))),
    repr(tf.train.Example(features=tf.train.Features())), str(tf.train.Example()),
    str(tf.train.Features(feature={"k": tf.train.Feature()}))))


# -- the messages: protobuf's API --------------------------------------------------------------
@case("presence: reading an unset message field sets nothing; changing it does")
def _(tf):
    f = tf.train.Feature()
    _ = f.float_list.value
    before = (f.WhichOneof("kind"), f.HasField("float_list"))
    f.float_list.value.append(1)
    after = f.WhichOneof("kind")
    f.int64_list.value.extend([1, 2])  # (the oneof: setting one member clears the others)
    e = tf.train.Example()
    e.features.feature["k"].bytes_list.value.append(b"x")
    return before, after, f.WhichOneof("kind"), str(f), e.SerializeToString(), str(e)


@case("construction copies its messages; MergeFrom and CopyFrom follow the oneof")
def _(tf):
    f = _feature(tf, [1])
    e = tf.train.Example(features=tf.train.Features(feature={"x": f}))
    f.int64_list.value.append(2)  # (changes f only: e holds a copy)
    g = _feature(tf, [0.5])
    g.MergeFrom(f)  # (the int64 list replaces the float one)
    h = tf.train.Example()
    h.CopyFrom(e)
    h.MergeFrom(tf.train.Example.FromString(_example(tf, x=[3], y=[b"z"])))
    return (str(e), str(f), str(g), g.WhichOneof("kind"), str(h), h.HasField("features"),
            tf.train.Example().HasField("features"))


@case("== compares contents; messages are unhashable")
def _(tf):
    one = tf.train.Feature(int64_list=tf.train.Int64List(value=[1]))
    return (one == _feature(tf, [1]), one != _feature(tf, [2]), one == 1,
            tf.train.Int64List(value=[1, 2]).value == [1, 2], hash(one))


case("Int64List refuses a bool")(lambda tf: tf.train.Int64List(value=[True]))
case("Int64List refuses a float")(lambda tf: tf.train.Int64List(value=[1.5]))
case("Int64List refuses 2**64")(lambda tf: tf.train.Int64List(value=[2**64]))
case("FloatList refuses a str")(lambda tf: tf.train.FloatList(value=["a"]))
case("BytesList refuses a str")(lambda tf: tf.train.BytesList(value=["a"]))
case("an unknown field name")(lambda tf: tf.train.Feature(foo=1))
case("assigning a message field")(
    lambda tf: setattr(tf.train.Feature(), "int64_list", tf.train.Int64List()))
case("assigning a repeated field")(lambda tf: setattr(tf.train.Int64List(), "value", [1]))
case("assigning into a message map")(
    lambda tf: tf.train.Features().feature.__setitem__("x", _feature(tf, [1])))
case("numpy numbers in the lists")(lambda tf: (
    str(tf.train.Int64List(value=np.array([1, 2]))), list(tf.train.Int64List(value=[np.int32(7)]).value),
    str(tf.train.FloatList(value=np.array([1.5], np.float32))),
    np.array(tf.train.Int64List(value=[1, 2]).value), np.array(tf.train.BytesList(value=[b"ab"]).value)))
case("NumPy reads a FloatList's values as float32 (the tutorial's np.array(feature.value))")(
    lambda tf: (np.array(tf.train.FloatList(value=[1.5, 0.1]).value),
                np.array(tf.train.FloatList(value=[]).value), np.array(tf.train.Int64List().value),
                np.asarray(tf.train.FloatList(value=[0.1]).value, dtype=np.float64)))


# -- parse_single_example / parse_example: values ----------------------------------------------
_SPEC = {"zv": ("VarLen", "int64"), "i": ("VarLen", "int64"), "f": ("Fixed", "float32", [], -1.0),
         "s": ("Ragged", "string"), "a": ("Fixed", "int64", [2], [7, 8])}


def _spec(tf, spec=_SPEC):
    out = {}
    for key, (kind, dtype, *rest) in spec.items():
        dtype = getattr(tf, dtype)
        if kind == "VarLen":
            out[key] = tf.io.VarLenFeature(dtype)
        elif kind == "Ragged":
            out[key] = tf.io.RaggedFeature(dtype)
        else:
            out[key] = tf.io.FixedLenFeature(rest[0], dtype, default_value=rest[1])
    return out


case("parse_example: sparse, dense and ragged features; TF's key order")(lambda tf: _parts(
    tf.io.parse_example([_example(tf, i=[1, 2], f=[1.5], s=[b"x", b"yy"]),
                         _example(tf, i=[3], s=[b"z"])], _spec(tf))))
case("parse_single_example: the same without the batch axis")(lambda tf: _parts(
    tf.io.parse_single_example(_example(tf, i=[1, 2], f=[1.5], s=[b"x", b"yy"]), _spec(tf))))
case("parse_single_example: the tfrecord tutorial's feature description")(lambda tf: (
    tf.io.parse_single_example(_example(tf, feature0=[0], feature1=[4], feature2=[b"goat"],
                                        feature3=[0.9876]), {
        "feature0": tf.io.FixedLenFeature([], tf.int64, default_value=0),
        "feature1": tf.io.FixedLenFeature([], tf.int64, default_value=0),
        "feature2": tf.io.FixedLenFeature([], tf.string, default_value=""),
        "feature3": tf.io.FixedLenFeature([], tf.float32, default_value=0.0)})))
case("FixedLenFeature of shape [2, 3] and a default of that shape")(lambda tf: (
    tf.io.parse_single_example(_example(tf, i=[1, 2, 3, 4, 5, 6]),
                               {"i": tf.io.FixedLenFeature([2, 3], tf.int64)}),
    tf.io.parse_single_example(b"", {"i": tf.io.FixedLenFeature(
        [2, 2], tf.int64, default_value=[[1, 2], [3, 4]])})))
case("FixedLenSequenceFeature: padded with the default in a batch")(lambda tf: (
    tf.io.parse_example([_example(tf, i=[1, 2], s=[b"x", b"yy"]), _example(tf, i=[3], s=[b"z"])], {
        "i": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
        "s": tf.io.FixedLenSequenceFeature([], tf.string, allow_missing=True,
                                           default_value="?")}),
    tf.io.parse_single_example(_example(tf, i=[1, 2]), {
        "i": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
        "q": tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)})))
case("RaggedFeature: value_key and row_splits_dtype; missing features give empty rows")(
    lambda tf: _parts((
        tf.io.parse_example([_example(tf, i=[1, 2], f=[1.5]), _example(tf, i=[3]),
                             _example(tf, z=[1])],
                            {"i": tf.io.RaggedFeature(tf.int64),
                             "f": tf.io.RaggedFeature(tf.float32, row_splits_dtype=tf.int64)}),
        tf.io.parse_example([_example(tf, i=[1, 2])], {"x": tf.io.RaggedFeature(tf.int64,
                                                                               value_key="i")}))))
case("a Feature with no list counts as missing; an empty batch")(lambda tf: _parts((
    tf.io.parse_single_example(tf.train.Example(features=tf.train.Features(feature={
        "i": tf.train.Feature()})).SerializeToString(), {
        "i": tf.io.FixedLenFeature([], tf.int64, default_value=4), "j": tf.io.VarLenFeature(tf.float32)}),
    tf.io.parse_single_example(b"", {"i": tf.io.FixedLenFeature([], tf.float32, default_value=4),
                                     "v": tf.io.VarLenFeature(tf.string)}),
    tf.io.parse_example(tf.constant([], tf.string), {
        "i": tf.io.FixedLenFeature([2], tf.float32, default_value=[4, 5]),
        "v": tf.io.VarLenFeature(tf.string), "r": tf.io.RaggedFeature(tf.int64)}))))
case("the feature descriptions print as TF's named tuples")(lambda tf: [repr(f) for f in (
    tf.io.FixedLenFeature([], tf.int64), tf.io.VarLenFeature(tf.string),
    tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True),
    tf.io.RaggedFeature(tf.int64))])


# -- parse_single_example / parse_example: errors ----------------------------------------------
def _error_case(title, serialized, feature, batch=False):
    case(title)(lambda tf: tf.io.parse_example(
        [s(tf) for s in serialized], {"k": feature(tf)}) if batch else
        tf.io.parse_single_example(serialized[0](tf), {"k": feature(tf)}))


_INTS = lambda tf: _example(tf, k=[1, 2])  # noqa: E731
_FLOATS = lambda tf: _example(tf, k=[1.5, 2.5])  # noqa: E731
_BYTES = lambda tf: _example(tf, k=[b"x", b"yy"])  # noqa: E731
_NONE = lambda tf: _example(tf, other=[1])  # noqa: E731
for batch in (False, True):
    how = "parse_example" if batch else "parse_single_example"
    _error_case(f"{how}: a required feature is missing", [_INTS, _NONE] if batch else [_NONE],
                lambda tf: tf.io.FixedLenFeature([], tf.float32), batch)
    for data, shape in ((_INTS, []), (_FLOATS, [3]), (_BYTES, []), (_BYTES, [3])):
        name = {_INTS: "int64", _FLOATS: "float", _BYTES: "bytes"}[data]
        _error_case(f"{how}: the wrong number of {name} values for shape {shape}", [data],
                    lambda tf, shape=shape, data=data: tf.io.FixedLenFeature(
                        shape, {_INTS: tf.int64, _FLOATS: tf.float32, _BYTES: tf.string}[data]),
                    batch)
    for data, other in ((_INTS, "float32"), (_FLOATS, "int64"), (_BYTES, "float32")):
        _error_case(f"{how}: a FixedLenFeature of the wrong type ({other})", [data],
                    lambda tf, other=other: tf.io.FixedLenFeature([2], getattr(tf, other)), batch)
        _error_case(f"{how}: a VarLenFeature of the wrong type ({other})", [data],
                    lambda tf, other=other: tf.io.VarLenFeature(getattr(tf, other)), batch)
        _error_case(f"{how}: a RaggedFeature of the wrong type ({other})", [data],
                    lambda tf, other=other: tf.io.RaggedFeature(getattr(tf, other)), batch)
    _error_case(f"{how}: bytes that are no Example", [lambda tf: b"\n\x05ab"],
                lambda tf: tf.io.VarLenFeature(tf.int64), batch)
    _error_case(f"{how}: a sequence's values not a multiple of its row",
                [lambda tf: _example(tf, k=[1, 2, 3])],
                lambda tf: tf.io.FixedLenSequenceFeature([2], tf.int64, allow_missing=True), batch)
case("a default that does not fit the shape")(lambda tf: tf.io.parse_single_example(
    b"", {"q": tf.io.FixedLenFeature([2], tf.int64, default_value=5)}))
case("FixedLenSequenceFeature without allow_missing in parse_example")(lambda tf: tf.io.parse_example(
    [b""], {"i": tf.io.FixedLenSequenceFeature([], tf.int64)}))
case("an int32 FixedLenFeature")(lambda tf: tf.io.parse_single_example(
    b"", {"i": tf.io.FixedLenFeature([], tf.int32)}))
case("an int32 RaggedFeature")(lambda tf: tf.io.parse_single_example(
    b"", {"i": tf.io.RaggedFeature(tf.int32)}))
case("a FixedLenFeature without a shape")(lambda tf: tf.io.parse_single_example(
    b"", {"i": tf.io.FixedLenFeature(None, tf.int64)}))
case("no features")(lambda tf: tf.io.parse_single_example(b"", {}))
case("a feature description that is not one")(lambda tf: tf.io.parse_single_example(b"", {"i": 3}))
case("parse_single_example of a vector")(lambda tf: tf.io.parse_single_example(
    [b""], {"i": tf.io.VarLenFeature(tf.int64)}))
case("parse_example of a matrix")(lambda tf: tf.io.parse_example(
    [[b""]], {"i": tf.io.VarLenFeature(tf.int64)}))
case("parse_single_example of an int")(lambda tf: tf.io.parse_single_example(
    3, {"i": tf.io.VarLenFeature(tf.int64)}))


# -- in graphs: tf.function and tf.data --------------------------------------------------------
@case("parse_single_example in a tf.function: dense features and their traced shapes")
def _(tf):
    spec = {"i": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
            "f": tf.io.FixedLenFeature([2], tf.float32, default_value=[0.0, 0.0])}
    fn = tf.function(lambda s: tf.io.parse_single_example(s, spec))
    traced = fn.get_concrete_function(tf.TensorSpec([], tf.string)).structured_outputs
    return fn(tf.constant(_example(tf, i=[1, 2], f=[0.5, 1.5]))), {
        k: v.shape for k, v in traced.items()}


def _record_file(tf, name: str, records) -> str:
    folder = os.path.join(_ROOT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    path = os.path.join(folder, "data.tfrecord")
    with tf.io.TFRecordWriter(path) as writer:
        for r in records:
            writer.write(r)
    return path


@case("the tfrecord tutorial: Examples in a TFRecord file, parsed in dataset.map")
def _(tf):
    rows = [(0, 4, b"goat", 0.9876), (1, 2, b"chicken", -1.5), (1, 0, b"cat", 0.25)]
    path = _record_file(tf, "tutorial", [_example(tf, feature0=[a], feature1=[b], feature2=[c],
                                                  feature3=[d]) for a, b, c, d in rows])
    description = {
        "feature0": tf.io.FixedLenFeature([], tf.int64, default_value=0),
        "feature1": tf.io.FixedLenFeature([], tf.int64, default_value=0),
        "feature2": tf.io.FixedLenFeature([], tf.string, default_value=""),
        "feature3": tf.io.FixedLenFeature([], tf.float32, default_value=0.0)}
    raw = tf.data.TFRecordDataset([path])
    parsed = raw.map(lambda r: tf.io.parse_single_example(r, description))
    examples = [str(tf.train.Example.FromString(r.numpy())) for r in raw]
    return repr(parsed.element_spec), [repr(p) for p in parsed], examples


@case("the tutorial's serialize_example: a py_function, in dataset.map and eagerly")
def _(tf):
    def serialize(f0, f1, f2, f3):
        feature = {"feature0": _feature(tf, [int(f0.numpy())]),
                   "feature1": _feature(tf, [int(f1.numpy())]),
                   "feature2": _feature(tf, [f2.numpy()]),
                   "feature3": _feature(tf, [float(f3.numpy())])}
        return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()

    def tf_serialize(f0, f1, f2, f3):
        return tf.reshape(tf.py_function(serialize, (f0, f1, f2, f3), tf.string), ())

    columns = ([0, 1, 1], [4, 2, 0], [b"goat", b"chicken", b"cat"], [0.9876, -1.5, 0.25])
    ds = tf.data.Dataset.from_tensor_slices(columns).map(tf_serialize)
    records = list(ds)
    parsed = [tf.train.Example.FromString(r.numpy()) for r in records]
    return (repr(ds.element_spec), [str(p) for p in parsed],
            tf.io.parse_example(tf.stack(records), {
                "feature2": tf.io.FixedLenFeature([], tf.string),
                "feature3": tf.io.FixedLenFeature([], tf.float32)}))


@case("parse_example on batches of a dataset (batch, then map)")
def _(tf):
    records = [_example(tf, x=[i, i + 1], y=[float(i)]) for i in range(5)]
    ds = tf.data.Dataset.from_tensor_slices(records).batch(2).map(lambda s: tf.io.parse_example(
        s, {"x": tf.io.FixedLenFeature([2], tf.int64), "y": tf.io.FixedLenFeature([], tf.float32)}))
    return repr(ds.element_spec), list(ds)


# -- SequenceExamples --------------------------------------------------------------------------
def _sequences(tf):
    return (_sequence(tf, {"len": [3], "w": [0.5, 1.5]},
                      {"tok": [[1], [2], [3]], "pair": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]],
                       "words": [[b"a", b"b"], [], [b"c"]]}),
            _sequence(tf, {"len": [1]}, {"tok": [[9]], "pair": [[7.0, 8.0]], "words": [[b"z"]]}))


def _sequence_spec(tf):
    return ({"len": tf.io.FixedLenFeature([], tf.int64), "w": tf.io.VarLenFeature(tf.float32),
             "r": tf.io.RaggedFeature(tf.float32, value_key="w2")},
            {"tok": tf.io.FixedLenSequenceFeature([], tf.int64),
             "pair": tf.io.FixedLenSequenceFeature([2], tf.float32),
             "words": tf.io.VarLenFeature(tf.string)})


case("parse_single_sequence_example: context and feature lists")(lambda tf: _parts(
    tf.io.parse_single_sequence_example(_sequences(tf)[0], *_sequence_spec(tf))))
case("parse_sequence_example: padded, with lengths")(lambda tf: _parts(
    tf.io.parse_sequence_example(list(_sequences(tf)), *_sequence_spec(tf))))
case("ragged feature lists, one example and a batch")(lambda tf: _parts((
    tf.io.parse_single_sequence_example(_sequences(tf)[0], None,
                                        {"words": tf.io.RaggedFeature(tf.string)}),
    tf.io.parse_sequence_example(list(_sequences(tf)), None,
                                 {"words": tf.io.RaggedFeature(tf.string)}))))
case("feature lists allowed to be missing, and empty ones")(lambda tf: _parts((
    tf.io.parse_sequence_example(list(_sequences(tf)), None, {
        "nope": tf.io.FixedLenSequenceFeature([2], tf.float32, allow_missing=True),
        "nv": tf.io.VarLenFeature(tf.int64), "nr": tf.io.RaggedFeature(tf.int64)}),
    tf.io.parse_single_sequence_example(_sequence(tf, {}, {"tok": []}), None, {
        "tok": tf.io.FixedLenSequenceFeature([], tf.int64), "v": tf.io.VarLenFeature(tf.int64)}),
    tf.io.parse_sequence_example(list(_sequences(tf)), {"w": tf.io.FixedLenFeature(
        [2], tf.float32, default_value=[9, 9])}))))
case("a required feature list is missing")(lambda tf: tf.io.parse_single_sequence_example(
    _sequences(tf)[0], None, {"nope": tf.io.FixedLenSequenceFeature([], tf.int64)}))
case("a step with the wrong number of values")(lambda tf: tf.io.parse_sequence_example(
    [_sequences(tf)[0]], None, {"pair": tf.io.FixedLenSequenceFeature([3], tf.float32)}))
case("an empty step of a FixedLenSequenceFeature")(lambda tf: tf.io.parse_single_sequence_example(
    _sequence(tf, {}, {"tok": [[1], []]}), None, {"tok": tf.io.FixedLenSequenceFeature([], tf.int64)}))
case("a step of the wrong type (the step's index)")(lambda tf: tf.io.parse_sequence_example(
    [_sequence(tf, {}, {"tok": [[1], [2.0]]})], None, {"tok": tf.io.VarLenFeature(tf.int64)}))
case("a context feature of the wrong type")(lambda tf: tf.io.parse_single_sequence_example(
    _sequences(tf)[0], {"len": tf.io.FixedLenFeature([], tf.float32)}))
case("a context feature with too many values")(lambda tf: tf.io.parse_single_sequence_example(
    _sequences(tf)[0], {"w": tf.io.FixedLenFeature([], tf.float32)}))
case("a required context feature is missing")(lambda tf: tf.io.parse_sequence_example(
    [_sequences(tf)[1]], {"w": tf.io.FixedLenFeature([2], tf.float32)}))
case("no features at all")(lambda tf: tf.io.parse_single_sequence_example(_sequences(tf)[0]))
case("bytes that are no SequenceExample")(lambda tf: tf.io.parse_single_sequence_example(
    b"\n\x05ab", {"len": tf.io.FixedLenFeature([], tf.int64)}))
case("a FixedLenFeature among the sequence features")(lambda tf: tf.io.parse_single_sequence_example(
    _sequences(tf)[0], None, {"tok": tf.io.FixedLenFeature([], tf.int64)}))
case("a FixedLenSequenceFeature in the context")(lambda tf: tf.io.parse_single_sequence_example(
    _sequences(tf)[0], {"len": tf.io.FixedLenSequenceFeature([], tf.int64)}))
case("a default for a feature list")(lambda tf: tf.io.parse_sequence_example(
    [_sequences(tf)[0]], None, {"tok": tf.io.FixedLenSequenceFeature([], tf.int64,
                                                                     default_value=-1)}))


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
