"""float32 exp, log, sin and cos with the exact bits of glibc's `expf`, `logf` and `sincosf`.

TF's float32 Box-Muller (random_bits.py) calls the C library's `logf` and
`sincosf`. Those are fast, not correctly rounded: in about 1% of cases
their result is the other float32 neighbour of the true value, so
`np.log(x.astype(np.float64)).astype(np.float32)` would differ from TF now
and then. Here are the same algorithms (Szabolcs Nagy's, in glibc since
2.28 and in Arm's optimized-routines), computed the same way in float64:

- log: x = 2**k * z with z near 1; log(x) = k log 2 + log(c) + log1p(z/c - 1),
  where c is the centre of one of 16 subintervals (a table of 1/c and
  log(c)) and log1p is a degree-4 polynomial;
- sin, cos: reduce x by a multiple n of pi/2 into [-pi/4, pi/4], then two
  short polynomials; n picks which is sine and which cosine, and the signs;
- exp: x / log 2 = k/32 + r/32 with an integer k and |r| <= 1/2; then
  exp(x) = 2**(k // 32) * 2**((k % 32)/32) * 2**(r/32): a power of two, one
  of 32 table values, and a cubic polynomial. (TF's elementwise kernels
  call expf for the few elements after the last whole packet: eigen_math.py.)

On x86-64 glibc runs these with fused multiply-adds; the one that matters
for the result (z/c - 1, x - n pi/2, x/log 2 - k) is reproduced exactly below, the
others move only bits far below float32's last place.

    >>> logf(np.float32([0.5, 2.0]))
    array([-0.6931472,  0.6931472], dtype=float32)
"""
from __future__ import annotations

from decimal import Decimal

import numpy as np

__all__ = ["expf", "logf", "sincosf"]

# -- logf --------------------------------------------------------------------------------------
# 1/c and log(c) for the 16 subintervals of [0x3f330000, 2 * 0x3f330000) (float bits).
_INV_C = np.array([float.fromhex(h) for h in (
    "0x1.661ec79f8f3bep+0", "0x1.571ed4aaf883dp+0", "0x1.49539f0f010bp+0", "0x1.3c995b0b80385p+0",
    "0x1.30d190c8864a5p+0", "0x1.25e227b0b8eap+0", "0x1.1bb4a4a1a343fp+0", "0x1.12358f08ae5bap+0",
    "0x1.0953f419900a7p+0", "0x1p+0", "0x1.e608cfd9a47acp-1", "0x1.ca4b31f026aap-1",
    "0x1.b2036576afce6p-1", "0x1.9c2d163a1aa2dp-1", "0x1.886e6037841edp-1",
    "0x1.767dcf5534862p-1")])
_LOG_C = np.array([float.fromhex(h) for h in (
    "-0x1.57bf7808caadep-2", "-0x1.2bef0a7c06ddbp-2", "-0x1.01eae7f513a67p-2",
    "-0x1.b31d8a68224e9p-3", "-0x1.6574f0ac07758p-3", "-0x1.1aa2bc79c81p-3",
    "-0x1.a4e76ce8c0e5ep-4", "-0x1.1973c5a611cccp-4", "-0x1.252f438e10c1ep-5", "0x0p+0",
    "0x1.aa5aa5df25984p-5", "0x1.c5e53aa362eb4p-4", "0x1.526e57720db08p-3",
    "0x1.bc2860d22477p-3", "0x1.1058bc8a07ee1p-2", "0x1.4043057b6ee09p-2")])
_LN2 = float.fromhex("0x1.62e42fefa39efp-1")
_LOG_POLY = [float.fromhex(h) for h in ("-0x1.00ea348b88334p-2", "0x1.5575b0be00b6ap-2",
                                        "-0x1.ffffef20a4123p-2")]
_LOG_OFF = 0x3F330000


def _split(a):
    """a = high + low, high with 26 significant bits (so a float32 times it is exact)."""
    big = a * 134217729.0  # 2**27 + 1 (Veltkamp's split)
    high = big - (big - a)
    return high, a - high


_INV_C_HIGH, _INV_C_LOW = _split(_INV_C)


def logf(x: np.ndarray) -> np.ndarray:
    """Natural log of positive normal float32s, bit for bit as glibc's logf.

    (Zero, negative and subnormal inputs are not handled: the Box-Muller
    inputs are at least 1e-7.)
    """
    bits = np.asarray(x, np.float32).view(np.uint32)
    tmp = bits - np.uint32(_LOG_OFF)
    i = (tmp >> np.uint32(19)) % 16  # which subinterval
    k = tmp.view(np.int32) >> 23  # the power of two (an arithmetic shift)
    z = (bits - (tmp & np.uint32(0x1FF << 23))).view(np.float32).astype(np.float64)
    # r = z / c - 1 with a single rounding, as a fused multiply-add gives it:
    # z * high is exact, and so is z * high - 1 (it is near 0), then one rounding
    r = (z * _INV_C_HIGH[i] - 1.0) + z * _INV_C_LOW[i]
    y0 = _LOG_C[i] + k.astype(np.float64) * _LN2
    r2 = r * r
    y = _LOG_POLY[1] * r + _LOG_POLY[2]
    y = _LOG_POLY[0] * r2 + y
    y = y * r2 + (y0 + r)
    return y.astype(np.float32)


# -- sincosf -------------------------------------------------------------------------------------
_HALF_PI = float.fromhex("0x1.921FB54442D18p0")
_HALF_PI_INV_2_24 = float.fromhex("0x1.45F306DC9C883p+23")  # 2/pi * 2**24
_COS = [float.fromhex(h) for h in ("0x1p0", "-0x1.ffffffd0c621cp-2", "0x1.55553e1068f19p-5",
                                   "-0x1.6c087e89a359dp-10", "0x1.99343027bf8c3p-16")]
_SIN = [float.fromhex(h) for h in ("-0x1.555545995a603p-3", "0x1.1107605230bc4p-7",
                                   "-0x1.994eb3774cf24p-13")]


_HALF_PI_HIGH, _HALF_PI_LOW = _split(_HALF_PI)
_SIN_SIGN = np.array([1.0, -1.0, -1.0, 1.0])  # the sign of sin(r + n pi/2) in quadrant n % 4
_COS_SIGN = np.array([1.0, 1.0, -1.0, -1.0])  # (glibc's second table: the cosine negated)


def sincosf(x: np.ndarray) -> tuple:
    """(sin(x), cos(x)) of float32s in [0, 120), bit for bit as glibc's sincosf."""
    x32 = np.asarray(x, np.float32)
    x = x32.astype(np.float64)
    # the quadrant n = round(x * 2/pi), through a float-to-int conversion as glibc does (below
    # 0.75 glibc skips this step, which gives n = 0 and r = x all the same)
    n = ((x * _HALF_PI_INV_2_24).astype(np.int32) + 0x800000) >> 24
    # r = x - n * pi/2 with one rounding, as a fused multiply-add: n * pi/2 = product + error
    # exactly, x - product is exact (they are close), then one rounding
    product = n * _HALF_PI
    error = (n * _HALF_PI_HIGH - product) + n * _HALF_PI_LOW
    r = (x - product) - error
    quadrant = n & 3
    s_arg, x2 = r * _SIN_SIGN[quadrant], r * r
    x4, x3 = x2 * x2, x2 * s_arg
    sin_poly = s_arg + x3 * _SIN[0] + (x3 * x2) * (_SIN[1] + x2 * _SIN[2])
    cos_poly = (_COS[0] + x2 * _COS[1] + x4 * _COS[2]) + (x4 * x2) * (_COS[3] + x2 * _COS[4])
    cos_poly *= _COS_SIGN[quadrant]  # (exact: a sign change)
    odd = (n & 1) == 1  # odd quadrants swap sine and cosine
    sin = np.where(odd, cos_poly, sin_poly).astype(np.float32)
    cos = np.where(odd, sin_poly, cos_poly).astype(np.float32)
    tiny = x32 < np.float32(2**-12)  # glibc: sin x = x, cos x = 1
    return np.where(tiny, x32, sin), np.where(tiny, np.float32(1), cos)


# -- expf ----------------------------------------------------------------------------------------
# 2**(i/32) for i = 0..31, each the double nearest the exact value (Decimal computes it to 40
# digits, float() rounds once)
_EXP2_TABLE = np.array([float(Decimal(2) ** (Decimal(i) / 32)) for i in range(32)])
_INV_LN2_32 = float.fromhex("0x1.71547652b82fep+0") * 32  # 32 / log(2)
_INV_LN2_32_HIGH, _INV_LN2_32_LOW = _split(_INV_LN2_32)
_EXP_POLY = [float.fromhex(h) / 32 ** p for h, p in (
    ("0x1.c6af84b912394p-5", 3), ("0x1.ebfce50fac4f3p-3", 2), ("0x1.62e42ff0c52d6p-1", 1))]
_ROUND_SHIFT = 1.5 * 2.0 ** 52  # adding and subtracting it rounds a double to an integer
_EXPF_HI, _EXPF_LO = float.fromhex("0x1.62e42ep6"), -float.fromhex("0x1.9fe368p6")


def expf(x: np.ndarray) -> np.ndarray:
    """e**x of float32s, bit for bit as glibc's expf (x86-64, with fused multiply-adds).

    Overflow gives inf, underflow 0 (or a subnormal), nan stays nan.

    >>> expf(np.float32([0.0, 1.0]))
    array([1.       , 2.7182817], dtype=float32)
    """
    x = np.asarray(x, np.float32)
    xd = x.astype(np.float64)
    np.minimum(xd, 89.0, out=xd)  # (beyond: inf or 0, below; nan: 0, mended below)
    np.fmax(xd, -104.0, out=xd)
    k = (_INV_LN2_32 * xd + _ROUND_SHIFT) - _ROUND_SHIFT  # round(x * 32/log 2)
    # r = x * 32/log 2 - k with one rounding, as glibc's fused multiply-add
    r = (_INV_LN2_32_HIGH * xd - k) + _INV_LN2_32_LOW * xd
    ki = k.astype(np.int64)
    scale = np.ldexp(_EXP2_TABLE[ki & 31], (ki >> 5).astype(np.int32))  # 2**(k/32)
    y = ((_EXP_POLY[0] * r + _EXP_POLY[1]) * (r * r) + (_EXP_POLY[2] * r + 1)) * scale
    with np.errstate(over="ignore"):  # (to float32: where it overflows, inf, as in C)
        y = y.astype(np.float32)
    # glibc's limits: above log(2**128) inf, below log(2**-150) 0; nan stays nan
    y[x > _EXPF_HI] = np.inf
    y[x < _EXPF_LO] = 0
    y[x != x] = np.nan
    return y
