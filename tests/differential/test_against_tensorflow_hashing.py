"""String hashing (tf.strings.to_hash_bucket*, tf.fingerprint) on this engine and on TF 2.21.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_hashing.py

The buckets must be TF's for every string: thousands of random byte strings of every length
class FarmHash's Fingerprint64 treats differently (0-16, 17-32, 33-64, over 64 bytes, and
long ones spanning many 64-byte blocks), hashed with num_buckets = 2**63 - 1 so that the
bucket is (nearly) the whole 64-bit hash. Smaller cases go through compare.py.
"""
from __future__ import annotations

import os
import random

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()
_BIG = 2 ** 63 - 1


def _random_strings() -> list[bytes]:
    rng = random.Random(20260)
    lengths = list(range(0, 130)) * 12 + [rng.randrange(130, 1100) for _ in range(500)] + \
        [4096, 4097, 5000]
    return [bytes(rng.randrange(256) for _ in range(n)) for n in lengths]


_STRINGS = _random_strings()


@pytest.mark.parametrize("name, call", [
    ("to_hash_bucket_fast", lambda tf, x: tf.strings.to_hash_bucket_fast(x, _BIG)),
    ("to_hash_bucket", lambda tf, x: tf.strings.to_hash_bucket(x, _BIG)),
    ("to_hash_bucket_strong", lambda tf, x: tf.strings.to_hash_bucket_strong(
        x, _BIG, [0x0123456789ABCDEF, -0x7EDCBA9876543210])),
    ("fingerprint", lambda tf, x: tf.fingerprint(x)),
])
def test_every_random_string_gets_tfs_hash(name, call):
    ours = call(eng, eng.constant(_STRINGS)).numpy()
    theirs = call(real_tf, real_tf.constant(_STRINGS)).numpy()
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    wrong = [len(s) for s, a, b in zip(_STRINGS, ours, theirs) if not np.array_equal(a, b)]
    assert not wrong, f"{name}: {len(wrong)} of {len(_STRINGS)} differ, lengths {wrong[:10]}"


case("buckets of words, small num_buckets")(lambda tf: (
    tf.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x", ""], 3),
    tf.strings.to_hash_bucket(tf.constant([["a", "b"], ["c", "d"]]), 10),
    tf.strings.to_hash_bucket_strong(["Hello", "TF", "é"], 7, [1, 2]),
    tf.strings.to_hash_bucket_fast("a scalar", 1000)))
case("buckets of a RaggedTensor")(lambda tf: (
    repr(tf.strings.to_hash_bucket_fast(tf.ragged.constant([["a", "b"], [], ["c"]]), 10)),
    repr(tf.strings.to_hash_bucket_strong(tf.ragged.constant([["a", "b"], ["c"]]), 10, [1, 2])),
    repr(tf.strings.to_hash_bucket(tf.ragged.constant([["a"], ["b", "c"]]), 10))))
@case("the ragged_tensor guide's bigrams: strings.join of RaggedTensors, then buckets")
def _(tf):
    words = tf.ragged.constant([["Who", "is", "Dan"], ["Pause"], []])
    marker = tf.fill([words.nrows(), 1], "#")
    padded = tf.concat([marker, words, marker], axis=1)
    bigrams = tf.strings.join([padded[:, :-1], padded[:, 1:]], separator="+")
    return (bigrams.to_list(), tf.strings.to_hash_bucket_fast(bigrams, 1024).to_list(),
            tf.strings.join([words, "!"], separator="-").to_list())


case("buckets inside tf.function")(lambda tf: tf.function(
    lambda s: tf.strings.to_hash_bucket_fast(s, 50))(tf.constant(["x", "yy", "zzz"])))
case("fingerprint of strings and numbers")(lambda tf: (
    tf.fingerprint(tf.constant(["a", "", "hello world"])),
    tf.fingerprint(tf.constant([["a", "b"], ["c", "d"]])),
    tf.fingerprint(tf.constant([[1, 2], [3, 4]])),
    tf.fingerprint(tf.constant([[1.5], [-2.0]], tf.float64)),
    tf.fingerprint(tf.constant([True, False]))))
case("num_buckets 0")(lambda tf: tf.strings.to_hash_bucket_fast(["a"], 0))
case("a key of one number")(lambda tf: tf.strings.to_hash_bucket_strong(["a"], 3, [1]))
case("fingerprint of a scalar")(lambda tf: tf.fingerprint(tf.constant("a")))
case("fingerprint method md5")(lambda tf: tf.fingerprint(tf.constant(["a"]), method="md5"))


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
