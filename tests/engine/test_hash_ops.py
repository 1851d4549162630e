"""String hashing (ops/hash_ops.py) on the engine alone: the hashes against their published
definitions and reference values (TF 2.21's buckets for thousands of strings are checked in
tests/differential/test_against_tensorflow_hashing.py).
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.ops.hash_ops import fingerprint64, murmur64, siphash24

# SipHash's paper (Aumasson and Bernstein, appendix A): key 00 01 .. 0f, message 00 01 .. 0e
_PAPER_KEY = (0x0706050403020100, 0x0F0E0D0C0B0A0908)


def test_siphash24_gives_the_papers_test_vector():
    assert siphash24(_PAPER_KEY, bytes(range(15))) == 0xA129CA6149BE45E5


def test_siphash24_of_the_empty_message_is_the_reference_implementations_first_vector():
    """The reference vectors.h's first entry (bytes 31 0e 0e dd 47 db 6f 72, little-endian)."""
    assert siphash24(_PAPER_KEY, b"") == 0x726FDB47DD0E0E31


def test_fingerprint64_of_the_empty_string_is_farmhashs_constant_k2():
    """FarmHash's HashLen0to16 returns k2 for length 0."""
    assert fingerprint64(b"") == 0x9AE16A3B2F90404F


def test_murmur64_of_the_empty_string_is_the_finalizer_of_the_seed():
    """MurmurHash64A with n = 0: h = seed, then h ^= h >> 47; h *= m; h ^= h >> 47."""
    m, h = 0xC6A4A7935BD1E995, 0xDECAFCAFFE
    h = ((h ^ (h >> 47)) * m) % 2 ** 64
    assert murmur64(b"") == h ^ (h >> 47)


def test_buckets_are_the_hash_modulo_num_buckets_for_every_length_class():
    """TF: bucket = hash % num_buckets, whatever the length (0-16, 17-32, 33-64, > 64 bytes)."""
    strings = [bytes(range(n % 256)) * (1 + n // 256) for n in (0, 3, 7, 16, 17, 32, 33, 64, 65,
                                                                 128, 129, 300)]
    fast = tf.strings.to_hash_bucket_fast(strings, 1009).numpy()
    legacy = tf.strings.to_hash_bucket(strings, 1009).numpy()
    strong = tf.strings.to_hash_bucket_strong(strings, 1009, [1, 2]).numpy()
    assert list(fast) == [fingerprint64(s) % 1009 for s in strings]
    assert list(legacy) == [murmur64(s) % 1009 for s in strings]
    assert list(strong) == [siphash24((1, 2), s) % 1009 for s in strings]
    assert fast.dtype == np.int64 and legacy.dtype == np.int64 and strong.dtype == np.int64


def test_buckets_keep_the_shape_of_the_input():
    x = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    assert tf.strings.to_hash_bucket_fast(x, 10).shape == [2, 3]
    assert tf.strings.to_hash_bucket_fast("a", 10).shape == []


def test_a_ragged_tensor_is_hashed_value_by_value():
    """TF dispatches the hash ops on a RaggedTensor's flat values: the rows stay."""
    r = tf.ragged.constant([["a", "b"], [], ["c"]])
    out = tf.strings.to_hash_bucket_fast(r, 100)
    assert isinstance(out, tf.RaggedTensor)
    assert out.to_list() == [[fingerprint64(b"a") % 100, fingerprint64(b"b") % 100], [],
                             [fingerprint64(b"c") % 100]]
    strong = tf.strings.to_hash_bucket_strong(r, 100, [5, 6])
    assert strong.flat_values.numpy().tolist() == [siphash24((5, 6), s) % 100 for s in b"abc"
                                                   for s in [bytes([s])]]


def test_a_negative_key_is_its_64_bit_twos_complement():
    """TF's key attr is list(int) (int64) read as uint64."""
    assert tf.strings.to_hash_bucket_strong(["x"], 2 ** 62, [-1, 3]).numpy()[0] == \
        siphash24((2 ** 64 - 1, 3), b"x") % 2 ** 62


def test_fingerprint_is_fingerprint64_in_little_endian_bytes():
    out = tf.fingerprint(tf.constant(["a", ""]))
    assert out.dtype == tf.uint8 and out.shape == [2, 8]
    assert bytes(out.numpy()[1]) == (0x9AE16A3B2F90404F).to_bytes(8, "little")


def test_fingerprint_of_numbers_hashes_each_rows_bytes():
    x = np.array([[1, 2], [3, 4]], np.int32)
    out = tf.fingerprint(x).numpy()
    assert bytes(out[0]) == fingerprint64(x[0].tobytes()).to_bytes(8, "little")


@pytest.mark.parametrize("call, message", [
    (lambda: tf.strings.to_hash_bucket_fast(["a"], 0), "num_buckets' of 0 must be at least"),
    (lambda: tf.strings.to_hash_bucket(["a"], -1), "num_buckets' of -1 must be at least"),
    (lambda: tf.strings.to_hash_bucket_strong(["a"], 3, [1]), "Key must have 2 elements"),
    (lambda: tf.strings.to_hash_bucket_fast([1], 3), "expected to be a string tensor"),
    (lambda: tf.fingerprint(tf.constant("a")), "should have at least one dimension"),
    (lambda: tf.fingerprint(["a"], method="md5"), "Unsupported fingerprint method: md5"),
])
def test_bad_arguments_raise_tfs_invalid_argument_error(call, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        call()
