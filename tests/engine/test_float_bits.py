"""The float32 recipes of eigen_math.py, onednn_math.py and float32_math.expf, by their rules.

(Bit equality with TF 2.21 itself: tests/differential/test_against_tensorflow_float_bits.py.)
"""
from __future__ import annotations

import ctypes
import ctypes.util
import platform

import numpy as np
import pytest

import course.engine as tf
from course.engine import eigen_math, eigen_softmax, onednn_math
from course.engine.float32_math import expf, logf

F32 = np.float32
RNG = np.random.default_rng(7)


def _glibc_expf():
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        pytest.skip("glibc's expf is the reference")
    lib = ctypes.CDLL(ctypes.util.find_library("m"))
    lib.expf.restype, lib.expf.argtypes = ctypes.c_float, [ctypes.c_float]
    return lambda x: np.float32([lib.expf(float(v)) for v in x])


def test_expf_has_glibcs_bits():
    """Against the C library itself, where rounding float64's exp differs from it too."""
    libc_expf = _glibc_expf()
    x = np.concatenate([RNG.uniform(-104, 89, 100_000), RNG.uniform(-1e-3, 1e-3, 50_000),
                        [0.0, -0.0, np.inf, -np.inf, 88.72283, 88.72284, -103.97, -103.98]]
                       ).astype(F32)
    expected = libc_expf(x)
    np.testing.assert_array_equal(expf(x).view(np.uint32), expected.view(np.uint32))
    with np.errstate(over="ignore"):  # (rounding float64's exp: the usual way, not glibc's)
        assert np.any(np.exp(x.astype(np.float64)).astype(F32) != expected)
    assert np.isnan(expf(F32([np.nan]))[0])


def test_exp_tail_after_the_last_packet_is_glibcs():
    """Elements after the last whole packet of 8 are glibc's expf; the others Eigen's recipe,
    within 3 ulp of the correctly rounded value (Eigen's documented accuracy)."""
    x = RNG.uniform(-20, 20, 8 * 1000 + 5).astype(F32)
    ours = eigen_math.exp(x)
    np.testing.assert_array_equal(ours[-5:], expf(x[-5:]))
    exact = np.exp(x.astype(np.float64)).astype(F32)
    ulps = np.abs(ours.view(np.int32).astype(np.int64) - exact.view(np.int32))
    assert ulps.max() <= 3 and np.mean(ulps != 0) > 0.2  # a different recipe, not np.exp


def test_exp_flushes_results_below_the_smallest_normal_to_zero():
    """TF's kernels run with denormals flushed: exp(-88) = 6e-39 is 0, exp(-87) = 1.6e-38 is not."""
    out = eigen_math.exp(F32([-88.0, -87.0] * 4 + [-88.0]))
    assert np.all(out[::2] == 0) and np.all(out[1::2] > 1e-38)


@pytest.mark.parametrize("shape", [(8, 10), (32, 10), (1000, 10), (300, 3), (5, 70)])
def test_row_max_is_the_rows_maximum_whichever_way_it_reduces(shape):
    """The maximum does not depend on the order of comparisons: few rows reduce along the row,
    many short rows column by column. np.fmax ignores a nan beside a number (np.nanmax's rule),
    np.maximum spreads it (np.max's)."""
    m = RNG.standard_normal(shape).astype(F32)
    m[1, 1] = np.nan
    assert np.array_equal(eigen_math.row_max(m, np.fmax), np.nanmax(m, axis=1, keepdims=True))
    assert np.array_equal(eigen_math.row_max(m), np.max(m, axis=1, keepdims=True), equal_nan=True)


def test_softmax_row_sum_follows_onednns_lanes():
    """Lanes i and i + 8 are added first: two halves of an ulp in lanes 1 and 9 make one ulp,
    which the 1 in lane 0 keeps (a left-to-right sum rounds each half away)."""
    row = np.zeros(17, F32)
    row[0], row[1], row[9] = 1, 2.0 ** -24, 2.0 ** -24
    assert onednn_math._row_sum(row[None])[0] == F32(1 + 2.0 ** -23)
    assert np.add.accumulate(row, dtype=F32)[-1] == F32(1)


def test_softmax_is_exp_times_the_reciprocal_of_the_sum():
    """oneDNN multiplies by 1/sum, which differs from dividing by the sum now and then."""
    x = RNG.standard_normal((2000, 10)).astype(F32)
    e = onednn_math._exp(x - x.max(axis=1, keepdims=True))
    total = onednn_math._row_sum(e)[:, None]
    np.testing.assert_array_equal(onednn_math.softmax(x), e * (F32(1) / total))
    assert np.any(e / total != e * (F32(1) / total))


def test_the_guides_softmax_cells_print_as_tf():
    """TF 2.21's printed outputs of the guides `tensor` (cell 10) and `basics` (cell 6)."""
    c = tf.constant([[4.0, 5.0], [10.0, 1.0]])
    assert str(tf.nn.softmax(c)) == ("tf.Tensor(\n[[2.6894143e-01 7.3105854e-01]\n"
                                     " [9.9987662e-01 1.2339458e-04]], shape=(2, 2), dtype=float32)")
    x = tf.constant([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    assert repr(tf.nn.softmax(x, axis=-1)) == (
        "<tf.Tensor: shape=(2, 3), dtype=float32, numpy=\n"
        "array([[0.09003057, 0.24472848, 0.6652409 ],\n"
        "       [0.09003057, 0.24472848, 0.6652409 ]], dtype=float32)>")


def test_float16_exp_is_numpys():
    """TF's half exp equals NumPy's (measured: 100,000 values in [-10, 10] against TF 2.21)."""
    x = np.linspace(-10, 10, 1001).astype(np.float16)
    np.testing.assert_array_equal(tf.exp(x).numpy(), np.exp(x))


def test_sigmoid_tail_is_expf_over_one_plus_expf():
    """After the last packet: e = glibc's expf(x), then e / (1 + e) in float32."""
    x = RNG.uniform(-20, 20, 8 * 100 + 7).astype(F32)
    e = expf(x[-7:])
    np.testing.assert_array_equal(eigen_math.sigmoid(x)[-7:], e / (F32(1) + e))


def test_sigmoid_and_tanh_reach_their_limits_where_eigen_clamps():
    """sigmoid: 0 below -104 and 1 from 16.6355324 (Eigen's clamp); tanh: +-1 from 7.9073896."""
    s = eigen_math.sigmoid(F32([-104.5, -1e30, 16.6355324, 1e30] * 2))
    np.testing.assert_array_equal(s, F32([0, 0, 1, 1] * 2))
    t = eigen_math.tanh(F32([7.90738964, -7.90738964, 1e30, -np.inf] * 2))
    np.testing.assert_array_equal(t, F32([1, -1, 1, -1] * 2))


def test_sigmoid_and_tanh_stay_within_a_few_ulps():
    """Different recipes from NumPy's, but close: Eigen documents a couple of ulps."""
    x = RNG.uniform(-8, 8, 100_000).astype(F32)
    for ours, exact in ((eigen_math.tanh(x), np.tanh(x.astype(np.float64))),
                        (eigen_math.sigmoid(x), 1 / (1 + np.exp(-x.astype(np.float64))))):
        ulps = np.abs(ours.view(np.int32).astype(np.int64) - exact.astype(F32).view(np.int32))
        assert ulps.max() <= 6 and np.mean(ulps != 0) > 0.1


def test_log_subnormals_follow_flushing():
    """In a packet a subnormal is 0 (log: -inf); in the tail glibc's logf scales it by 2**23,
    which flushing makes 0, and reads 0 - 23 * 2**23 as bits: log(2**-150 ...) = -103.97208."""
    x = np.full(9, 1e-40, F32)
    out = eigen_math.log(x)
    assert np.all(out[:8] == -np.inf) and out[8] == F32(-103.97208)
    assert np.isnan(eigen_math.log(F32([-1e-40]))[0])


def test_log_tail_is_glibcs_logf_and_packets_within_a_few_ulps():
    x = RNG.uniform(1e-3, 20, 8 * 1000 + 3).astype(F32)
    ours = eigen_math.log(x)
    np.testing.assert_array_equal(ours[-3:], logf(x[-3:]))
    exact = np.log(x.astype(np.float64)).astype(F32)
    ulps = np.abs(ours.view(np.int32).astype(np.int64) - exact.view(np.int32))
    assert ulps.max() <= 4 and np.mean(ulps != 0) > 0.01


def test_log_softmax_sums_rows_in_eigens_order():
    """Eigen's packet sum adds lanes 1 and 5 before lane 0's 1: two halves of an ulp make
    one that stays (a left-to-right sum rounds each away); the row's 9th value is added last."""
    row = np.zeros(9, F32)
    row[0], row[1], row[5] = 1, 2.0 ** -24, 2.0 ** -24
    assert eigen_softmax._row_sum(row[None])[0] == F32(1 + 2.0 ** -23)
    assert np.add.accumulate(row, dtype=F32)[-1] == F32(1)
    row[8] = 2.0 ** -23
    assert eigen_softmax._row_sum(row[None])[0] == F32(2.0 ** -23) + F32(1 + 2.0 ** -23)


def test_log_softmax_is_the_shifted_logits_minus_the_log_of_the_sum():
    x = RNG.standard_normal((37, 13)).astype(F32)
    shifted = x - x.max(axis=1, keepdims=True)
    e = eigen_math.exp(shifted[:, :8].copy())  # whole packets of each row: Eigen's exp
    e = np.concatenate([e, expf(shifted[:, 8:])], axis=1)  # the row's last 5: glibc's expf
    expected = shifted - eigen_math.log(eigen_softmax._row_sum(e))[:, None]
    np.testing.assert_array_equal(tf.nn.log_softmax(x).numpy(), expected)
