"""tf.train.Example's bytes: the wire format by hand, and a decoder that stays bounded.

The bytes are protobuf's documented wire format (developers.google.com/protocol-buffers/
docs/encoding): key = field number * 8 + wire type, varints 7 bits a byte, low first.
A malformed or truncated buffer must raise DecodeError (protobuf's class), never another
exception, and never allocate more than the buffer it reads.
"""
from __future__ import annotations

import random

import numpy as np
import pytest

import course.engine as tf
from course.engine.proto_wire import DecodeError, read_fields, varint


def _example(**features) -> bytes:
    return tf.train.Example(features=tf.train.Features(feature={
        k: tf.train.Feature(int64_list=tf.train.Int64List(value=v))
        for k, v in features.items()})).SerializeToString()


# -- writing: the documented encoding ----------------------------------------------------------
def test_varint_is_seven_bits_a_byte_low_first_and_negatives_take_ten_bytes():
    assert varint(1) == b"\x01"
    assert varint(300) == b"\xac\x02"  # the protobuf docs' example: 300 = 0b10_0101100
    assert varint(-1) == b"\xff" * 9 + b"\x01"  # int64 -1 as 64-bit two's complement


def test_int64_list_is_one_packed_field_and_float_list_little_endian_float32():
    # field 1, wire type 2 (key 0x0a), length 3, varints 1 and 300
    assert tf.train.Int64List(value=[1, 300]).SerializeToString() == b"\n\x03\x01\xac\x02"
    assert tf.train.FloatList(value=[1.0]).SerializeToString() == b"\n\x04\x00\x00\x80?"
    assert tf.train.BytesList(value=[b"ab", b""]).SerializeToString() == b"\n\x02ab\n\x00"


def test_feature_is_a_oneof_and_a_map_entry_has_key_1_and_value_2():
    f = tf.train.Feature(int64_list=tf.train.Int64List(value=[7]))
    assert f.SerializeToString() == b"\x1a\x03\n\x01\x07"  # field 3 (int64_list)
    entry = b"\n\x01x" + b"\x12\x05" + f.SerializeToString()
    assert tf.train.Features(feature={"x": f}).SerializeToString() == \
        b"\n" + bytes([len(entry)]) + entry


def test_bytes_round_trip_for_every_message():
    seq = tf.train.SequenceExample(
        context=tf.train.Features(feature={"n": tf.train.Feature(
            float_list=tf.train.FloatList(value=[0.5, -2.0]))}),
        feature_lists=tf.train.FeatureLists(feature_list={"t": tf.train.FeatureList(feature=[
            tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"a"])), tf.train.Feature()])}))
    again = tf.train.SequenceExample.FromString(seq.SerializeToString())
    assert again == seq and again.SerializeToString() == seq.SerializeToString()
    assert list(again.feature_lists.feature_list["t"].feature[0].bytes_list.value) == [b"a"]


# -- reading: bounded, and DecodeError for anything malformed ----------------------------------
@pytest.mark.parametrize("data, why", [
    (b"\n\x05ab", "field 1 says 5 bytes but only 2 are left"),
    (b"\n", "a varint runs past the end"),
    (b"\x08\xff", "a varint runs past the end"),
    (b"\x08" + b"\xff" * 11, "a varint longer than 10 bytes"),
    (b"\n\xff\xff\xff\xff\xff\xff\xff\xff\x7f", "says 9223372036854775807 bytes"),
    (b"\x0d\x01\x02", "field 1 says 4 bytes but only 2 are left"),  # fixed32 cut short
    (b"\x09\x01", "field 1 says 8 bytes but only 1 are left"),  # fixed64 cut short
    (b"\x00\x01", "field number 0"),
])
def test_truncated_and_oversized_buffers_raise_decode_error(data, why):
    with pytest.raises(DecodeError, match="Wire format was corrupt") as info:
        tf.train.Example.FromString(data)
    assert why in str(info.value)


@pytest.mark.parametrize("wire", [3, 4, 6, 7])
def test_wire_types_no_field_uses_raise_decode_error(wire):
    with pytest.raises(DecodeError, match=f"wire type {wire}"):
        tf.train.Int64List.FromString(bytes([1 << 3 | wire]) + b"\x00")


def test_a_nested_message_that_is_truncated_raises_and_names_its_type():
    inner = b"\n\x05\x1a\x09\n\x01"  # Features: an entry whose Feature claims 9 bytes
    with pytest.raises(DecodeError, match="tensorflow.Features"):
        tf.train.Example.FromString(b"\n" + bytes([len(inner)]) + inner)


def test_packed_floats_must_be_whole_float32s():
    with pytest.raises(DecodeError, match="not a multiple of 4"):
        tf.train.FloatList.FromString(b"\n\x03\x00\x00\x00")


def test_a_map_key_that_is_not_utf8_raises():
    entry = b"\n\x01\xff\x12\x00"
    with pytest.raises(DecodeError, match="not valid UTF-8"):
        tf.train.Features.FromString(b"\n" + bytes([len(entry)]) + entry)


def test_a_huge_claimed_length_allocates_nothing():
    # a 10-byte buffer claiming 2**62 bytes: refused before anything is cut or allocated
    data = b"\n" + varint(1 << 62)
    with pytest.raises(DecodeError):
        list(read_fields(data, "tensorflow.Example"))


def test_random_and_cut_buffers_raise_only_decode_error():
    rng = random.Random(0)
    good = _example(a=[1, 2, 3], b=[-1]) + tf.train.SequenceExample().SerializeToString()
    samples = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))) for _ in range(500)]
    samples += [good[:i] for i in range(len(good))]
    for data in samples:
        for cls in (tf.train.Example, tf.train.SequenceExample, tf.train.FloatList):
            try:
                cls.FromString(data)
            except DecodeError:
                pass  # (anything else fails the test)


# -- the protobuf API's rules ------------------------------------------------------------------
def test_reading_an_unset_field_sets_nothing_and_changing_it_sets_the_path():
    e = tf.train.Example()
    assert len(e.features.feature) == 0 and e.SerializeToString() == b""
    e.features.feature["k"].int64_list.value.append(5)
    assert e.HasField("features") and e.features.feature["k"].WhichOneof("kind") == "int64_list"
    assert tf.train.Example.FromString(e.SerializeToString()) == e


def test_a_float_list_holds_float32_values():
    assert tf.train.FloatList(value=[0.1]).value[0] == float(np.float32(0.1))


def test_text_format_prints_map_keys_in_tf_order():
    # TF's protobuf (upb) sorts map keys with the common prefix compared in reverse byte
    # order and, on a tie, the shorter key first: "b" < "bb" < "a" < "ab" < "B"
    e = tf.train.Example.FromString(_example(a=[1], bb=[2], b=[3], ab=[4], B=[5]))
    keys = [line.split('"')[1] for line in str(e).splitlines() if "key:" in line]
    assert keys == ["b", "bb", "a", "ab", "B"]
