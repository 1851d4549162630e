"""String tensors and `tf.strings`, on the engine alone (the same rules are checked against
TF 2.21 in tests/differential/test_against_tensorflow_strings.py).

Each test names the TF rule it checks; expected values are worked out by hand.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine import errors
from course.engine.ops import REGISTRY


# -- what a string tensor holds ------------------------------------------------------------------
def test_a_string_tensor_holds_bytes_in_an_object_array():
    t = tf.constant(["a", "héllo"])
    assert t.dtype is tf.string and t.shape == [2]
    assert t.numpy().dtype == object
    assert list(t.numpy()) == [b"a", "héllo".encode("utf-8")]  # TF: str is stored as UTF-8


def test_a_rank_0_string_gives_bytes_from_numpy():
    """TF: `.numpy()` of a scalar string is a `bytes`, not a NumPy array."""
    value = tf.constant("hi").numpy()
    assert type(value) is bytes and value == b"hi"


def test_trailing_zero_bytes_survive():
    """Object arrays keep every byte (NumPy's fixed-width bytes_ would drop trailing zeros)."""
    assert tf.constant([b"a\x00"]).numpy()[0] == b"a\x00"
    assert tf.strings.length(tf.constant(b"a\x00\x00")).numpy() == 3


def test_string_tensors_are_immutable_like_every_tensor():
    t = tf.constant(["a", "b"])
    with pytest.raises(ValueError):
        np.asarray(t)[0] = b"z"
    copy = t.numpy()
    copy[0] = b"z"  # a copy: the tensor is unchanged
    assert t.numpy()[0] == b"a"


def test_printing_matches_tf():
    assert str(tf.constant("hello")) == "tf.Tensor(b'hello', shape=(), dtype=string)"
    assert repr(tf.constant("hello")) == "<tf.Tensor: shape=(), dtype=string, numpy=b'hello'>"
    assert str(tf.constant(["a", "bc"])) == "tf.Tensor([b'a' b'bc'], shape=(2,), dtype=string)"
    assert repr(tf.constant(["a", "bc"])) == \
        "<tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a', b'bc'], dtype=object)>"


def test_the_string_dtype():
    assert tf.string.as_numpy_dtype is object and tf.string.size == 0
    assert tf.as_dtype(np.dtype("S7")) is tf.string and tf.as_dtype(np.str_) is tf.string
    assert not (tf.string.is_numeric or tf.string.is_floating or tf.string.is_integer)
    with pytest.raises(TypeError, match="Cannot find minimum value of <dtype: 'string'>"):
        tf.string.min


@pytest.mark.parametrize("value, message", [
    (["a", 1], "mixed types"),
    ([["a"], ["b", "c"]], "non-rectangular"),
    (np.array([1, 2], dtype=object), "Unsupported object type int"),
])
def test_bad_text_is_a_clear_value_error(value, message):
    with pytest.raises(ValueError, match=message):
        tf.constant(value)


def test_text_and_numbers_never_convert_into_each_other():
    """TF: no implicit parsing or printing; tf.cast refuses too (UnimplementedError)."""
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype string"):
        tf.constant(1, tf.string)
    with pytest.raises(TypeError, match="Cannot convert '1' to EagerTensor of dtype int32"):
        tf.constant("1", tf.int32)
    with pytest.raises(errors.UnimplementedError, match="Cast string to float is not supported"):
        tf.cast(tf.constant("1.5"), tf.float32)


def test_string_arithmetic_errors_name_the_dtype_never_a_numpy_keyerror():
    """Issue 11: strings used to fail with KeyError: dtype('S9')."""
    s = tf.constant("abc")
    with pytest.raises(errors.InvalidArgumentError,
                       match=r"cannot compute Add as input #1\(zero-based\) was expected to be a "
                             r"string tensor but is a int32 tensor \[Op:Add\]"):
        s + 1
    with pytest.raises(TypeError, match="Cannot convert 2 to EagerTensor of dtype string"):
        s * 2
    with pytest.raises(errors.InvalidArgumentError, match="attr 'T' of string"):
        tf.exp(s)
    with pytest.raises(TypeError, match="Invalid dtype tf.string in __truediv__"):
        s / s


def test_plus_concatenates_with_broadcasting():
    out = tf.constant([["a"], ["b"]]) + tf.constant(["x", "y"])
    assert out.numpy().tolist() == [[b"ax", b"ay"], [b"bx", b"by"]]
    assert ("<" + tf.constant("t") + ">").numpy() == b"<t>"


def test_equality_is_elementwise_and_false_for_unbroadcastable_shapes():
    assert (tf.constant(["a", "b"]) == "a").numpy().tolist() == [True, False]
    assert bool(tf.constant(["a", "b"]) == tf.constant(["a", "b", "c"])) is False


def test_indexing_and_iterating_give_scalar_string_tensors():
    t = tf.constant([["a", "b"], ["c", "d"]])
    assert t[1, 0].numpy() == b"c" and t[1, 0].shape == []
    assert [x.numpy() for x in t[0]] == [b"a", b"b"]
    assert tf.gather(tf.constant(["a", "b", "c"]), 2).numpy() == b"c"
    assert tf.broadcast_to(tf.constant("a"), [3]).numpy().tolist() == [b"a"] * 3


def test_empty_strings_are_the_zeros_of_strings():
    assert tf.zeros([2], tf.string).numpy().tolist() == [b"", b""]
    assert tf.zeros_like(tf.constant(["x"])).numpy().tolist() == [b""]


def test_no_string_op_has_a_gradient():
    """Strings are not differentiable: gradients through them are None."""
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = tf.strings.to_number(tf.strings.as_string(v * 3.0))
    assert tape.gradient(y, v) is None and float(y) == 6.0
    string_ops = [name for name, op in REGISTRY.items() if tf.string in op.allowed and
                  name.startswith(("String", "Unicode", "Regex", "Static", "Substr", "AsString",
                                   "ReduceJoin"))]
    assert len(string_ops) >= 15 and all(REGISTRY[n].grad is None for n in string_ops)


# -- tf.strings ------------------------------------------------------------------------------------
def test_length_counts_bytes_or_utf8_characters():
    t = tf.constant(["héllo", ""])
    assert tf.strings.length(t).numpy().tolist() == [6, 0]
    assert tf.strings.length(t, unit="UTF8_CHAR").numpy().tolist() == [5, 0]
    assert tf.strings.length(t).dtype is tf.int32
    assert type(tf.strings.length("abc").numpy()) is np.int32  # rank 0: a NumPy scalar


def test_lower_and_upper_change_ascii_only_by_default():
    t = tf.constant("Héllo")
    assert tf.strings.upper(t).numpy() == "HéLLO".encode()
    assert tf.strings.upper(t, encoding="utf-8").numpy() == "HÉLLO".encode()


def test_reduce_join_joins_the_listed_axes_in_order():
    t = tf.constant([["a", "b"], ["c", "d"]])
    assert tf.strings.reduce_join(t).numpy() == b"abcd"
    assert tf.strings.reduce_join(t, axis=[0, 1]).numpy() == b"acbd"
    assert tf.strings.reduce_join(t, axis=0, keepdims=True).shape == [1, 2]


def test_split_of_many_strings_gives_one_ragged_row_per_string():
    """TF: one string splits into a dense vector; a vector of strings into a RaggedTensor."""
    assert tf.strings.split(tf.constant("a  b")).numpy().tolist() == [b"a", b"b"]
    rt = tf.strings.split(tf.constant(["a b", "c"]))
    assert isinstance(rt, tf.RaggedTensor)
    assert rt.to_list() == [[b"a", b"b"], [b"c"]]
    assert rt.row_splits.numpy().tolist() == [0, 2, 3]


def test_substr_counts_from_the_end_for_negative_positions():
    assert tf.strings.substr(tf.constant("hello"), -3, 2).numpy() == b"ll"
    assert tf.strings.substr(tf.constant("hello"), 1, -1).numpy() == b"ello"
    with pytest.raises(errors.InvalidArgumentError, match="pos 7 out of range"):
        tf.strings.substr(tf.constant("hello"), 7, 1)


def test_regex_rewrites_use_backslash_groups():
    out = tf.strings.regex_replace(tf.constant("john smith"), r"(\w+) (\w+)", r"\2, \1")
    assert out.numpy() == b"smith, john"


def test_to_number_parses_as_tf_does():
    assert tf.strings.to_number(tf.constant(["0x10", " 2 ", "inf"])).numpy().tolist() == \
        [16.0, 2.0, float("inf")]
    with pytest.raises(errors.InvalidArgumentError, match="could not correctly convert string: 1_0"):
        tf.strings.to_number(tf.constant(["1_0"]))
    with pytest.raises(errors.InvalidArgumentError, match="3000000000"):
        tf.strings.to_number("3000000000", out_type=tf.int32)


def test_as_string_is_printf():
    assert tf.as_string(tf.constant([7, -7]), width=4, fill="0").numpy().tolist() == \
        [b"0007", b"-007"]
    assert tf.as_string(tf.constant(0.5)).numpy() == b"0.500000"
    assert tf.as_string(tf.constant([1.0e-7]), shortest=True).numpy().tolist() == [b"1e-07"]


def test_format_prints_like_tfs_runtime():
    """Floats: the short %g form if it reads back exactly, else 9 (float32) or 17 digits."""
    out = tf.strings.format("{} and {}", [tf.constant([0.1, 1 / 3]), tf.constant("s")])
    assert out.numpy() == b'[0.1 0.333333343] and "s"'
    big = tf.strings.format("{}", tf.reshape(tf.range(12), [2, 6]), summarize=2)
    assert big.numpy() == b"[[0 1 ... 4 5]\n [6 7 ... 10 11]]"


def test_unicode_round_trip():
    codes = tf.strings.unicode_decode(tf.constant("añb"), "UTF-8")
    assert codes.numpy().tolist() == [97, 241, 98]
    assert tf.strings.unicode_encode(codes, "UTF-8").numpy() == "añb".encode()


# -- strings in graphs ------------------------------------------------------------------------------
def test_string_ops_trace_into_graphs_with_shapes_known_where_tf_knows_them():
    f = tf.function(lambda s: (tf.strings.upper(s), tf.strings.split(s[0])))
    upper, pieces = f.get_concrete_function(tf.TensorSpec([3], tf.string)).structured_outputs
    assert upper.shape == [3] and upper.dtype is tf.string
    assert pieces.shape.as_list() == [None]  # as many pieces as the data has
    a, b = f(tf.constant(["x y z", "b", "c"]))
    assert a.numpy().tolist() == [b"X Y Z", b"B", b"C"] and b.numpy().tolist() == [b"x", b"y", b"z"]


def test_string_variables_concatenate_and_are_saved_without_pickle(tmp_path):
    v = tf.Variable("ab")
    assert (v + "c").numpy() == b"abc" and v.numpy() == b"ab"  # TF: rank 0 reads as bytes
    path = tf.train.Checkpoint(v=v).save(str(tmp_path / "ckpt"))
    with np.load(path + ".data-00000-of-00001", allow_pickle=False) as data:  # numbers only
        assert sorted(data.files) == ["a0", "a1", "l1"]
