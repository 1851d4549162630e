"""Philox4x32-10 and the conversions to TF's numbers (course/engine/philox.py, random_bits.py,
float32_math.py), checked against published answers and the C library, not against themselves."""
from __future__ import annotations

import ctypes
import ctypes.util
import math
import platform

import numpy as np
import pytest

from course.engine import random_bits
from course.engine.float32_math import logf, sincosf
from course.engine.philox import add_to_counter, blocks, counter_words, key_words, philox, \
    philox_block


def _hex_block(counter, key):
    out = philox(np.array([counter], np.uint32), np.array(key, np.uint32))[0]
    return [f"{w:08x}" for w in out]


def test_random123_known_answers():
    """Random123's kat_vectors for philox4x32_10 (Salmon et al.'s reference implementation)."""
    assert _hex_block([0, 0, 0, 0], [0, 0]) == ["6627e8d5", "e169c58d", "bc57ac4c", "9b00dbd8"]
    assert _hex_block([0xFFFFFFFF] * 4, [0xFFFFFFFF] * 2) == \
        ["408f276d", "41c83b0e", "a20bc7c6", "6d5451fd"]
    assert _hex_block([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344],
                      [0xA4093822, 0x299F31D0]) == ["d16cfe09", "94fdcceb", "5001e420", "24126ea1"]


@pytest.mark.parametrize("low, n, start", [
    (2**64 - 2, 4, 0),      # few blocks, the low half wrapping into the high half
    (2**64 - 3, 9, 0),      # many blocks, wrapping part way (the general path)
    (2**40 + 11, 9, 5),     # many blocks, no wrap (words made directly)
    (2**64 - 12, 9, 3),     # the last block just before the wrap
])
def test_vectorized_blocks_equal_one_at_a_time(low, n, start):
    """blocks(counter, key, n, start)[i] is Philox of counter + start + i, worked out in
    Python integers one counter at a time."""
    counter, key = counter_words(low, 7), key_words(12345)
    many = blocks(counter, key, n, start)
    for i in range(n):
        one = philox_block(add_to_counter(counter, start + i)[0], key)
        np.testing.assert_array_equal(many[i], one)


def test_the_counter_is_a_128_bit_number_that_carries_and_wraps():
    """Adding to the counter is 128-bit addition, lowest word first (TF's Skip)."""
    np.testing.assert_array_equal(add_to_counter(counter_words(2**64 - 1, 0), 1)[0],
                                  [0, 0, 1, 0])
    np.testing.assert_array_equal(add_to_counter([0xFFFFFFFF] * 4, 1)[0], [0, 0, 0, 0])
    np.testing.assert_array_equal(add_to_counter(counter_words(5, 9), 2**40)[0],
                                  [5, 2**8, 9, 0])


def test_key_and_counter_words_are_little_endian_64_bit_halves():
    np.testing.assert_array_equal(key_words(-1), [0xFFFFFFFF, 0xFFFFFFFF])
    np.testing.assert_array_equal(counter_words(2**32 + 3, 2**63), [3, 1, 0, 2**31])


def test_uniform_floats_are_the_low_mantissa_bits_minus_one():
    """TF's rule: float32 = bits(1.0f | low 23 bits) - 1; float64 from 20 + 32 bits."""
    key, counter = key_words(3), counter_words(4, 5)
    w = blocks(counter, key, 1)[0]
    f32 = random_bits.uniform(key, counter, 4, np.float32)
    expected = [(int(x) & 0x7FFFFF) / 2**23 for x in w]
    np.testing.assert_array_equal(f32, np.float32(expected))
    f64 = random_bits.uniform(key, counter, 2, np.float64)
    expected = [(((int(w[0]) & 0xFFFFF) << 32) | int(w[1])) / 2**52,
                (((int(w[2]) & 0xFFFFF) << 32) | int(w[3])) / 2**52]
    np.testing.assert_array_equal(f64, expected)


def test_many_uniform_floats_follow_the_same_rule_across_chunks():
    """A Dropout-sized draw (70,000 float32s: two chunks of the draw) is the low 23 bits of
    each word over 2**23, exactly; the words the conversion reads stay as they were."""
    key, counter = key_words(11), counter_words(0, 7)
    words = blocks(counter, key, 70000 // 4).reshape(-1)
    kept = words.copy()
    unit = random_bits._unit_float32(words)
    np.testing.assert_array_equal(words, kept)
    expected = ((words & 0x7FFFFF).astype(np.float64) / 2**23).astype(np.float32)
    assert unit.dtype == np.float32 and np.array_equal(unit, expected)
    drawn = random_bits.draw("uniform", (70000,), key, counter, np.float32)
    assert np.array_equal(drawn, expected)


def test_uniform_ints_are_the_low_bound_plus_bits_modulo_the_range():
    key, counter = key_words(3), counter_words(4, 5)
    w = [int(x) for x in blocks(counter, key, 1)[0]]
    np.testing.assert_array_equal(random_bits.uniform_int(key, counter, 4, -5, 8, np.int32),
                                  [-5 + x % 13 for x in w])
    np.testing.assert_array_equal(random_bits.uniform_int(key, counter, 2, 0, 10, np.int64),
                                  [(w[0] | w[1] << 32) % 10, (w[2] | w[3] << 32) % 10])


def test_a_draw_never_depends_on_how_many_numbers_follow():
    """Group g comes from block g, so a longer draw starts with the shorter one."""
    key, counter = key_words(1), counter_words(2, 3)
    for fn in (random_bits.uniform, random_bits.normal, random_bits.truncated_normal):
        for dtype in (np.float32, np.float64):
            np.testing.assert_array_equal(fn(key, counter, 5, dtype),
                                          fn(key, counter, 99, dtype)[:5])


def test_truncated_normals_lie_within_two_standard_deviations():
    z = random_bits.truncated_normal(key_words(8), counter_words(0, 0), 50_000, np.float32)
    assert np.abs(z).max() < 2 and abs(z.std() - 0.8796) < 0.01


def _libm():
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        pytest.skip("glibc's logf and sincosf are the reference")
    lib = ctypes.CDLL(ctypes.util.find_library("m"))
    lib.logf.restype, lib.logf.argtypes = ctypes.c_float, [ctypes.c_float]
    lib.sincosf.restype = None
    lib.sincosf.argtypes = [ctypes.c_float, ctypes.POINTER(ctypes.c_float),
                            ctypes.POINTER(ctypes.c_float)]
    return lib


def test_logf_has_glibcs_bits_on_the_box_muller_inputs():
    """Box-Muller takes logs of k / 2**23 (and of 1e-7): a sample of them, against glibc's logf.

    (All 2**23 - 1 of them agree: run with step 1 to see it; it takes a minute.)
    """
    lib = _libm()
    u = np.concatenate([np.float32([1e-7]), np.arange(1, 2**23, 97).astype(np.float32) / 2**23])
    expected = np.float32([lib.logf(float(v)) for v in u])
    np.testing.assert_array_equal(logf(u), expected)
    # where rounding float64's log differs from glibc (about 0.7%), we still agree
    assert np.any(np.log(u.astype(np.float64)).astype(np.float32) != expected)


def test_sincosf_has_glibcs_bits_on_the_box_muller_angles():
    lib = _libm()
    angles = (2 * np.pi * (np.arange(0, 2**23, 97) / 2**23)).astype(np.float32)
    s, c = ctypes.c_float(), ctypes.c_float()
    expected = []
    for a in angles:
        lib.sincosf(float(a), ctypes.byref(s), ctypes.byref(c))
        expected.append((s.value, c.value))
    sin, cos = sincosf(angles)
    np.testing.assert_array_equal(sin, np.float32([e[0] for e in expected]))
    np.testing.assert_array_equal(cos, np.float32([e[1] for e in expected]))


def test_float64_log_has_the_c_librarys_bits():
    """math.log is the C library's log, which TF's float64 Box-Muller calls."""
    x = np.random.default_rng(0).random(100_000)
    np.testing.assert_array_equal(random_bits._log(x), [math.log(v) for v in x])
