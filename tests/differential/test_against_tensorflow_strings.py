"""String tensors and tf.strings on this engine and on real TensorFlow 2.21: the same cases agree.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_strings.py

Each case is a function of the module (`tf`); compare.py says what "agree" means.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()


def _words(tf):
    return tf.constant([["hello", "World", "ok"], ["héllo", "tf", ""]])


# -- string tensors: making, printing, NumPy ------------------------------------------------------
case("a scalar string: str, repr, numpy")(lambda tf: (
    str(tf.constant("hello")), repr(tf.constant("hello")), tf.constant("hello").numpy(),
    type(tf.constant("hello").numpy()).__name__, repr(tf.constant(""))))
case("vectors and matrices print as TF")(lambda tf: (
    str(tf.constant(["a", "bc"])), repr(tf.constant(["a", "bc"])),
    str(tf.constant([["a", "b"], ["c", "dd"]])), repr(tf.constant([["a", "b"], ["c", "dd"]])),
    tf.constant(["a", "bc"]).numpy(), repr(tf.constant([str(i) for i in range(2000)]))))
case("Python str is UTF-8; bytes stay bytes")(lambda tf: (
    tf.constant("héllo"), str(tf.constant(["a", "é"])), tf.constant(b"\xff\x00"),
    tf.constant(["a", b"b"]), tf.constant([b"a\x00"])))
case("NumPy text arrays become strings")(lambda tf: (
    tf.constant(np.array(["ab", "c"])), tf.constant(np.array([b"ab", b"c"])),
    tf.constant(np.array(["ab", b"c"], dtype=object)), tf.convert_to_tensor("a", dtype=tf.string),
    tf.constant("x", shape=[2, 2])))
case("an object array of numbers")(lambda tf: tf.constant(np.array([1, 2], dtype=object)))
case("numbers mixed with strings")(lambda tf: tf.constant(["a", 1]))
case("ragged lists of strings")(lambda tf: tf.constant([["a"], ["b", "c"]]))
case("a number as tf.string")(lambda tf: tf.constant(1, tf.string))
case("a string as tf.int32")(lambda tf: tf.constant("1", tf.int32))
case("the tf.string dtype")(lambda tf: (
    repr(tf.string), str(tf.string), tf.string.name, tf.string.as_numpy_dtype, tf.string.size,
    (tf.string.is_floating, tf.string.is_integer, tf.string.is_numeric, tf.string.is_bool),
    tf.as_dtype(np.object_), tf.as_dtype(np.bytes_), tf.as_dtype(np.str_),
    tf.as_dtype("string"), tf.as_dtype(np.dtype("S3")), tf.string == "string"))
case("tf.string has no minimum")(lambda tf: tf.string.min)
case("tf.bool has no minimum")(lambda tf: tf.bool.min)
case("Python protocols on strings")(lambda tf: (
    bool(tf.constant("a")), bool(tf.constant("")), len(tf.constant(["a", "b"])),
    [t.numpy() for t in tf.constant(["a", "b"])], float(tf.constant("1.5")), int(tf.constant("7")),
    f"{tf.constant('ab')}", f"{tf.constant(['a'])}", "{}".format(tf.constant(["a"])),
    np.asarray(tf.constant(["a", "b"]))))

# -- operators and element-moving ops ------------------------------------------------------------------
case("+ concatenates")(lambda tf: (
    tf.constant("abc") + "d", tf.constant("abc") + tf.constant("d"), "a" + tf.constant("b"),
    tf.add(tf.constant(["a", "b"]), "x"), tf.constant(["a"]) + np.array(["b"]),
    tf.constant([["a"], ["b"]]) + tf.constant(["x", "y"])))
case("string + 1")(lambda tf: tf.constant("abc") + 1)
case("string + 1.5")(lambda tf: tf.constant("abc") + 1.5)
case("1 + string")(lambda tf: 2 + tf.constant("a"))
case("int tensor + string tensor")(lambda tf: tf.constant(1) + tf.constant("a"))
case("string * 2")(lambda tf: tf.constant("a") * 2)
case("string - string")(lambda tf: tf.constant("a") - "a")
case("string < string")(lambda tf: tf.constant("a") < "b")
case("string / string", compare_message=False)(lambda tf: tf.constant("a") / tf.constant("b"))
case("strings of different shapes + each other")(
    lambda tf: tf.constant(["a", "b"]) + tf.constant(["c", "d", "e"]))
case("== and != and tf.equal")(lambda tf: (
    tf.constant(["a", "b"]) == "a", tf.constant(["a", "b"]) != "a",
    tf.equal(tf.constant(["a", "b"]), tf.constant(["a", "c"])),
    tf.math.not_equal(tf.constant("a"), "a"),
    tf.constant(["a", "b"]) == tf.constant(["a", "b", "c"]), tf.constant("a") == None))  # noqa: E711
case("string == 1")(lambda tf: tf.constant("a") != 1)
case("tf.equal(string, int tensor)")(lambda tf: tf.equal(tf.constant("a"), tf.constant(1)))
case("shape ops move strings")(lambda tf: (
    tf.reshape(tf.constant(["a", "b", "c", "d"]), [2, 2]),
    tf.concat([tf.constant(["a"]), tf.constant(["b"])], 0),
    tf.stack([tf.constant("a"), tf.constant("b")]), tf.transpose(tf.constant([["a", "b"]])),
    tf.tile(tf.constant(["a"]), [3]), tf.expand_dims(tf.constant("a"), 0),
    tf.squeeze(tf.constant([["a"]])), tf.broadcast_to(tf.constant("a"), [2]),
    tf.identity(tf.constant("x")), tf.unstack(tf.constant(["a", "b"])),
    tf.shape(tf.constant(["x"])), tf.size(tf.constant(["a", "b"]))))
case("selecting strings")(lambda tf: (
    tf.constant(["a", "b", "c"])[1:], tf.constant(["a", "b", "c"])[0],
    tf.constant([["a", "b"], ["c", "d"]])[:, 1], tf.gather(tf.constant(["a", "b", "c"]), [2, 0]),
    tf.gather(tf.constant(["a", "b", "c"]), 1),
    tf.where(tf.constant([True, False]), tf.constant(["a", "b"]), tf.constant(["c", "d"])),
    tf.where(tf.constant([True, False]), "yes", "no")))
case("zeros of strings are empty strings")(lambda tf: (
    tf.zeros_like(tf.constant(["a"])), tf.zeros_like(tf.constant("x")), tf.zeros([2, 1], tf.string),
    tf.fill([2], "x")))
case("ones_like of strings")(lambda tf: tf.ones_like(tf.constant(["a"])))
case("ones of strings")(lambda tf: tf.ones([2], tf.string))
case("cast from string")(lambda tf: tf.cast(tf.constant("1.5"), tf.float32))
case("cast to string")(lambda tf: tf.cast(tf.constant(1), tf.string))
case("reduce_sum of strings")(lambda tf: tf.reduce_sum(tf.constant(["a"])))
case("exp of a string")(lambda tf: tf.exp(tf.constant("a")))
case("negating a string")(lambda tf: -tf.constant("a"))


@case("strings are not differentiable")
def _(tf):
    x = tf.constant("3.5")
    v = tf.Variable(1.5)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        length = tf.strings.length(x)
        n = tf.strings.to_number(tf.strings.as_string(v))
    return tape.gradient(length, x), tape.gradient(n, v), n


@case("string ops inside tf.function")
def _(tf):
    f = tf.function(lambda s: tf.strings.upper(s) + "!")
    g = tf.function(lambda s: tf.strings.length(tf.strings.split(s)[0]))
    return f(tf.constant(["ab", "c"])), g(tf.constant("hello world")), \
        f.get_concrete_function(tf.TensorSpec([None], tf.string)).structured_outputs.shape


# -- tf.strings ------------------------------------------------------------------------------------
case("length: bytes or UTF-8 characters")(lambda tf: (
    tf.strings.length(tf.constant(["Hello World", "héllo", ""])),
    tf.strings.length(tf.constant(["Hello World", "héllo", ""]), unit="UTF8_CHAR"),
    tf.strings.length("abc"), tf.strings.length(tf.constant(b"\xc3\xa9\xff"), unit="UTF8_CHAR"),
    tf.strings.length(_words(tf))))
case("length with a bad unit")(lambda tf: tf.strings.length(tf.constant("a"), unit="CHAR"))
case("length of numbers")(lambda tf: tf.strings.length(tf.constant([1])))
case("lower, upper (ASCII unless encoding='utf-8'), strip")(lambda tf: (
    tf.strings.lower(_words(tf)), tf.strings.upper(_words(tf)),
    tf.strings.upper(_words(tf), encoding="utf-8"), tf.strings.lower(["A", "B"]),
    tf.strings.upper("ab"), tf.strings.strip(tf.constant(["  a b \n", "\tc", "d"])),
    tf.strings.strip("  x "), tf.strings.strip(tf.constant([[" a "]]))))
case("lower of numbers")(lambda tf: tf.strings.lower(tf.constant([1])))
case("join: elementwise, scalars broadcast")(lambda tf: (
    tf.strings.join([tf.constant(["a", "b"]), tf.constant(["c", "d"])], separator="-"),
    tf.strings.join(["a", "b"]), tf.strings.join([tf.constant(["a", "b"]), "x"], separator="+"),
    tf.strings.join(["a", ["b", "c"]]), tf.strings.join([])))
case("join of different shapes")(
    lambda tf: tf.strings.join([tf.constant(["a", "b"]), tf.constant(["a", "b", "c"])]))
case("join of numbers")(lambda tf: tf.strings.join([tf.constant([1])]))
case("reduce_join: axes in order, keepdims, separator")(lambda tf: (
    tf.strings.reduce_join(tf.constant([["a", "b"], ["c", "d"]])),
    tf.strings.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis=1, separator=","),
    tf.strings.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis=0, keepdims=True),
    tf.strings.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis=-1),
    tf.strings.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis=[0, 1]),
    tf.strings.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis=[1, 0]),
    tf.strings.reduce_join(tf.constant([], tf.string)),
    tf.strings.reduce_join(["a", "b"], separator=", ")))
case("reduce_join over a missing axis")(
    lambda tf: tf.strings.reduce_join(tf.constant([["a"]]), axis=2))
case("split one string")(lambda tf: (
    tf.strings.split(tf.constant("a b  c")), tf.strings.split(tf.constant("a,b,,c"), sep=","),
    tf.strings.split(tf.constant("a b c"), maxsplit=1), tf.strings.split(tf.constant("abc"), sep=""),
    tf.strings.split(tf.constant("")), tf.strings.split(tf.constant(""), sep=","),
    tf.strings.split("x--y", "--")))
case("bytes_split and unicode_split of one string")(lambda tf: (
    tf.strings.bytes_split(tf.constant("hé")), tf.strings.bytes_split(tf.constant("")),
    tf.strings.unicode_split(tf.constant("hé"), "UTF-8")))
case("substr")(lambda tf: (
    tf.strings.substr(tf.constant(["hello", "world"]), 1, 3),
    tf.strings.substr(tf.constant(["hello"]), -3, 2), tf.strings.substr(tf.constant(["hello"]), 2, 20),
    tf.strings.substr(tf.constant(["hello"]), 5, 2), tf.strings.substr(tf.constant(["hello"]), -5, 2),
    tf.strings.substr(tf.constant(["hello"]), 1, -1), tf.strings.substr(tf.constant("hello"), 1, 2),
    tf.strings.substr(tf.constant(["héllo"]), 1, 2, unit="UTF8_CHAR"),
    tf.strings.substr(tf.constant(["hello", "world"]), [0, 1], [1, 2]),
    tf.strings.substr(tf.constant("hello"), [0, 1], [1, 2])))
case("substr past the end")(lambda tf: tf.strings.substr(tf.constant(["hello"]), 7, 2))
case("substr before the start")(lambda tf: tf.strings.substr(tf.constant(["hello"]), -6, 2))
case("substr with pos and len of different shapes")(
    lambda tf: tf.strings.substr(tf.constant(["hello", "a"]), [1, 2, 3], 1))
case("regex_replace and regex_full_match")(lambda tf: (
    tf.strings.regex_replace(tf.constant(["aa bb", "cab"]), "a+", "X"),
    tf.strings.regex_replace(tf.constant(["aa bb a"]), "a", "X", replace_global=False),
    tf.strings.regex_replace(tf.constant(["john smith"]), r"(\w+) (\w+)", r"\2 \1"),
    tf.strings.regex_replace(tf.constant("ab"), "a", r"<\0>"),
    tf.strings.regex_replace(tf.constant("ab"), tf.constant("a"), tf.constant("c")),
    tf.strings.regex_full_match(tf.constant(["abc", "abcd", "x"]), "a.c"),
    tf.strings.regex_full_match("ab", "a."), tf.strings.regex_full_match(_words(tf), "[a-z]+")))
case("a bad regular expression", compare_message=False)(
    lambda tf: tf.strings.regex_full_match(tf.constant(["abc"]), "(a"))
case("to_number: floats, ints, whitespace, inf and nan, hex")(lambda tf: (
    tf.strings.to_number(tf.constant(["1.5", "2", "-3e2"])),
    tf.strings.to_number(tf.constant(["1", "-2"]), out_type=tf.int32),
    tf.strings.to_number(tf.constant(["1", "-2", "9223372036854775807"]), out_type=tf.int64),
    tf.strings.to_number(tf.constant(["0.1"]), out_type=tf.float64),
    tf.strings.to_number(tf.constant([" 1.5 ", "\t2\n", "+5", ".5", "5.", "0x10"])),
    tf.strings.to_number(tf.constant(["inf", "nan", "-Infinity", "1e400"])),
    tf.strings.to_number(tf.constant([" 7 ", "+7"]), tf.int32), tf.strings.to_number("3.25")))
case("to_number of a word")(lambda tf: tf.strings.to_number(tf.constant(["abc"])))
case("to_number of a float as int32")(
    lambda tf: tf.strings.to_number(tf.constant(["1.5"]), out_type=tf.int32))
case("to_number out of int32's range")(
    lambda tf: tf.strings.to_number(tf.constant(["3000000000"]), out_type=tf.int32))
case("to_number of 1_0")(lambda tf: tf.strings.to_number(tf.constant(["1_0"])))
case("to_number of an empty string")(lambda tf: tf.strings.to_number(tf.constant([""])))
case("to_number as uint8")(lambda tf: tf.strings.to_number(tf.constant(["7"]), tf.uint8))
case("to_number of floats")(lambda tf: tf.strings.to_number(tf.constant([1.0])))
case("as_string: printf's rules")(lambda tf: (
    tf.strings.as_string(tf.constant([1, 2])),
    tf.strings.as_string(tf.constant([1.5, 2.0, 1e-7, 123456789.0])),
    tf.strings.as_string(tf.constant([1.5, 0.1], tf.float64)),
    tf.strings.as_string(tf.constant([3.14159]), precision=2),
    tf.strings.as_string(tf.constant([3.14159]), scientific=True),
    tf.strings.as_string(tf.constant([123.456]), precision=2, scientific=True),
    tf.as_string(tf.constant([123456789.0, 1e-7, 0.5]), shortest=True),
    tf.as_string(tf.constant([1 / 3]), precision=3, shortest=True),
    tf.as_string(tf.constant([1 / 3], tf.float64), precision=10)))
case("as_string: width and fill, bools, strings, small ints")(lambda tf: (
    tf.strings.as_string(tf.constant([7]), width=3), tf.strings.as_string(tf.constant([7]), width=3,
                                                                         fill="0"),
    tf.as_string(tf.constant([7]), width=3, fill="-"), tf.as_string(tf.constant([7]), width=3,
                                                                    fill="+"),
    tf.as_string(tf.constant([1.5]), width=10), tf.as_string(tf.constant([-1.5]), width=8, fill="0"),
    tf.as_string(tf.constant([True, False])), tf.as_string(tf.constant([True]), width=6),
    tf.as_string(tf.constant(["a"])), tf.as_string(tf.constant(["a"]), width=3),
    tf.as_string(tf.constant(5)), tf.as_string(tf.constant([200], tf.uint8)),
    tf.as_string(tf.constant([2 ** 40], tf.int64)), tf.as_string(tf.constant([1.5], tf.float16)),
    tf.as_string(tf.constant([np.nan, np.inf, -np.inf]))))
case("as_string with a fill of x")(lambda tf: tf.as_string(tf.constant([7]), width=3, fill="x"))
case("as_string with a long fill")(lambda tf: tf.as_string(tf.constant([7]), width=3, fill="00"))
case("as_string of an int with a precision")(lambda tf: tf.as_string(tf.constant([7]), precision=2))
case("as_string both scientific and shortest")(
    lambda tf: tf.as_string(tf.constant([1.5]), scientific=True, shortest=True))
case("format: tensors printed as TF's runtime prints them")(lambda tf: (
    tf.strings.format("x={} y={}", [tf.constant(1), tf.constant([1.5, 2.0])]),
    tf.strings.format("hello {}", tf.constant(["a", "b"])),
    tf.strings.format("hello {}", tf.constant("a")),
    tf.strings.format("{}", tf.range(10)), tf.strings.format("{}", tf.range(10), summarize=2),
    tf.strings.format("{}", tf.range(10), summarize=-1), tf.strings.format("{}", tf.range(7)),
    tf.strings.format("{}", tf.range(6)), tf.strings.format("hi", []),
    tf.strings.format("{} {}", [1, "a"]), tf.strings.format("a%sb{}", tf.constant(1),
                                                             placeholder="%s"),
    tf.strings.format("é{}", tf.constant(1))))
case("format: matrices and 3-D, summarized")(lambda tf: (
    tf.strings.format("{}", tf.reshape(tf.range(6), [2, 3])),
    tf.strings.format("{}", tf.reshape(tf.range(24), [2, 3, 4])),
    tf.strings.format("{}", tf.reshape(tf.range(200), [10, 20]), summarize=2),
    tf.strings.format("{}", tf.reshape(tf.range(49), [7, 7])),
    tf.strings.format("{}", tf.ones([1, 1, 1])), tf.strings.format("{}", tf.ones([2, 1, 2])),
    tf.strings.format("{}", tf.constant([], tf.float32)), tf.strings.format("{}", tf.zeros([0, 2]))))
case("format: floats, bools, ints, strings")(lambda tf: (
    tf.strings.format("{}", tf.constant([1 / 3, 1e-7, 123456789.0, 1e10, -0.0, 100.0, 1.5e-5])),
    tf.strings.format("{}", tf.constant([1 / 3, 0.1], tf.float64)),
    tf.strings.format("{}", tf.constant([np.nan, np.inf, -np.inf])),
    tf.strings.format("{}", tf.constant([True, False])), tf.strings.format("{}", tf.constant(2.0)),
    tf.strings.format("{}", tf.constant([1, 2], tf.int8)),
    tf.strings.format("{}", tf.constant([200], tf.uint8)),
    tf.strings.format("{}", tf.constant([0.1], tf.float16)),
    tf.strings.format("{}", tf.constant([1e16, 1234567.0, 12345678.0, 2.5e-10])),
    tf.strings.format("{}", tf.constant([2 ** 40], tf.int64)),
    tf.strings.format("{}", tf.constant(['a"b', "c\n", "tab\t", "q'", "\x01"])),
    tf.strings.format("{}", tf.constant([b"\xff", "é"]))))
case("format with too few inputs")(lambda tf: tf.strings.format("{} {}", [tf.constant(1)]))
case("unicode_decode and unicode_encode")(lambda tf: (
    tf.strings.unicode_decode(tf.constant("héllo"), "UTF-8"),
    tf.strings.unicode_decode(tf.constant(b"a\xffb"), "UTF-8"),
    tf.strings.unicode_decode(tf.constant("hé".encode("utf-16-be")), "UTF-16-BE"),
    tf.strings.unicode_encode(tf.constant([104, 233]), "UTF-8"),
    tf.strings.unicode_encode(tf.constant([[104, 233], [65, 66]]), "UTF-8"),
    tf.strings.unicode_encode(tf.constant([72, 105]), "UTF-16-BE")))
case("unicode_encode of a scalar")(lambda tf: tf.strings.unicode_encode(tf.constant(65), "UTF-8"))
case("unicode_encode of int64")(
    lambda tf: tf.strings.unicode_encode(tf.constant([65], tf.int64), "UTF-8"))
case("strings in a dataset")(lambda tf: list(
    tf.data.Dataset.from_tensor_slices(["a b", "c d e"]).map(
        lambda s: tf.strings.reduce_join(tf.strings.split(s), separator="+")).as_numpy_iterator()))


@case("a string Variable")
def _(tf):
    v = tf.Variable("abc")
    v.assign("de")
    return v.read_value(), v.dtype, repr(tf.Variable(["x"]))


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
