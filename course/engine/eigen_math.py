"""float32 exp, log, sigmoid and tanh with TF's CPU bits (Eigen).

TF's CPU kernels for `tf.exp` and most elementwise ops are Eigen expressions. Eigen
does not call the C library for float32 vectors: it computes exp with its own
short recipe, on 8 floats at once (one AVX "packet"), and those results differ
from NumPy's correctly rounded ones in the last bit for about 45% of inputs.
To print what TF prints we compute the same recipe, in the same order, in
float32 NumPy operations. The recipe is the classic one for exp:

- range reduction: x = m log 2 + r with an integer m = floor(x / log 2 + 1/2),
  so that |r| <= log(2)/2; log 2 is subtracted in two pieces (C1 + C2) so that
  m * C1 is exact and r keeps its digits;
- a polynomial of degree 6 for e**r on that small interval (even and odd
  powers evaluated side by side, Estrin-like);
- reconstruction: e**x = 2**m * e**r, a change of the exponent only.

TF's x86 wheel is compiled for AVX without FMA: each "multiply-add" of the
recipe is a product rounded to float32, then a sum rounded again, exactly what
NumPy's float32 `*` and `+` do. (A machine build with FMA would differ.)

Two more details decide the last bits:

- an elementwise kernel runs the packet recipe on whole packets of 8 and
  the C library (glibc's expf, float32_math.py) on the last `size % 8`
  elements;
- TF runs its kernels with denormals flushed to zero: a result below the
  smallest normal float32 (1.2e-38) is 0.

    >>> exp(np.float32([0.0, 1.0]))
    array([1.       , 2.7182817], dtype=float32)

The other functions here follow the same plan with their own recipes: log
(x = 2**e m, a rational function of m - 1), sigmoid (exp(x/2)**2, then
e / (1 + e)) and tanh (a rational function, odd degree 9 over even degree 8).
(`tf.nn.softmax` takes another road, oneDNN's: onednn_math.py;
`tf.nn.log_softmax` is in eigen_softmax.py.) They cost several NumPy passes
each (a few times np.exp): elu, softplus, log1p and expm1, which training
runs on large activations, keep NumPy's kernels instead.
"""
from __future__ import annotations

import numpy as np

from .float32_math import expf as _libc_expf, logf as _libc_logf

__all__ = ["exp", "log", "sigmoid", "tanh"]

_F32 = np.float32
PACKET = 8  # float32s per AVX register: Eigen's packet size in TF's x86 build
BLOCK = 1 << 14  # elements per block of work (a multiple of PACKET)
_TINY = _F32(np.finfo(np.float32).tiny)  # below this TF's kernels give 0 (flush to zero)
_EXP_FLUSH = _F32(-87.0)  # e**x is below _TINY only for x below about -87.34

# Eigen's pexp_float: clamp limits, 1/log 2, log 2 = -(C1 + C2), and the polynomial for e**r
_EXP_HI, _EXP_LO = _F32(88.723), _F32(-104.0)
_LOG2E = _F32(1.44269504088896341)
_C1, _C2 = _F32(-0.693359375), _F32(2.12194440e-4)
_P2, _P3, _P4 = _F32(0.49999988079071044921875), _F32(0.16666518151760101318359375), \
    _F32(4.166965186595916748046875e-2)
_P5, _P6 = _F32(8.36894474923610687255859375e-3), _F32(1.37449637986719608306884765625e-3)


def _packet_exp(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Eigen's vector exp of float32s (every element as in a full packet), into `out`.

    >>> _packet_exp(np.float32([1.0]))
    array([2.7182817], dtype=float32)
    """
    xc = np.minimum(x, _EXP_HI)
    if x.size and not x.min() >= _EXP_LO:
        # (Eigen clamps from above only; below -104 the result is 0 anyway, and clamping
        # there too spares the -inf - -inf = nan it would otherwise mend)
        np.maximum(xc, _EXP_LO, out=xc)
    m = xc * _LOG2E  # m = floor(x / log 2 + 1/2)
    m += _F32(0.5)
    np.floor(m, out=m)
    r = m * _C1  # r = x - m log 2, in two steps (m * C1 is exact)
    r += xc
    np.multiply(m, _C2, out=xc)
    r += xc
    r2 = np.multiply(r, r, out=xc)
    y = r2 * _P6  # y = ((p6 r2 + p4) r2 + p2) + (p5 r2 + p3) r, then y r2 + (r + 1)
    y += _P4
    y *= r2
    y += _P2
    power = m.astype(np.int32)
    odd = np.multiply(r2, _P5, out=m)
    odd += _P3
    odd *= r
    y += odd
    y *= r2
    r += _F32(1)
    y += r
    # 2**m e**r. (Eigen then takes max(that, x): a change only for +inf, which the clamp
    # above already sends to inf, and nan, which stays nan through the sums.)
    return np.ldexp(y, power, out=y if out is None else out)


def exp(x: np.ndarray) -> np.ndarray:
    """e**x of a float32 array, bit for bit as TF's CPU kernel `Exp`.

    Whole packets of 8 (in the array's flat order) take Eigen's recipe, the
    last `size % 8` elements glibc's expf; results below 1.2e-38 are 0.
    """
    flat = np.ascontiguousarray(x, _F32).reshape(-1)
    out = np.empty_like(flat)
    with np.errstate(over="ignore", invalid="ignore"):  # (inf and nan: no warnings, as TF)
        for start in range(0, flat.size, BLOCK):  # (blocks that stay in the cache)
            _packet_exp(flat[start:start + BLOCK], out[start:start + BLOCK])
    tail = flat.size % PACKET
    if tail:
        out[-tail:] = _libc_expf(flat[-tail:])
    if flat.size and not flat.min() >= _EXP_FLUSH:  # (a quick look first; nan: look closer)
        out[out < _TINY] = 0
    return out.reshape(np.shape(x))




# -- sigmoid: e = exp(x/2)**2, then e / (1 + e) --------------------------------------------------
_SIG_HI = _F32(16.6355324)  # where the recipe first gives exactly 1
_SIG_P2, _SIG_P3 = _F32(0.49999141693115234375), _F32(0.16666877269744873046875)
_SIG_P4, _SIG_P5 = _F32(4.1898667812347412109375e-2), _F32(8.33471305668354034423828125e-3)


def _packet_sigmoid(x: np.ndarray) -> np.ndarray:
    """Eigen's vector logistic function of float32s (every element as in a full packet)."""
    h = np.minimum(x, _SIG_HI)
    np.maximum(h, _EXP_LO, out=h)  # (below -104: 0, set by the caller)
    h *= _F32(0.5)  # exp(x) = exp(x/2)**2: exp(x/2) stays a normal float32 longer
    m = h * _LOG2E  # x/2 = m log 2 + r, as in exp
    m += _F32(0.5)
    np.floor(m, out=m)
    r = m * _C1
    r += h
    np.multiply(m, _C2, out=h)
    r += h
    r2 = np.multiply(r, r, out=h)
    p = r2 * _SIG_P4  # p = (p4 r2 + p2) + (p5 r2 + p3) r, then p r2 + (r + 1): degree 5
    p += _SIG_P2
    power = m.astype(np.int32)
    odd = np.multiply(r2, _SIG_P5, out=m)
    odd += _SIG_P3
    odd *= r
    p += odd
    p *= r2
    r += _F32(1)
    p += r
    np.ldexp(p, power, out=p)  # e**(x/2)
    p *= p
    if p.size and not p.min() >= _TINY:
        _flush(p)
    np.add(p, _F32(1), out=r)
    p /= r
    return p


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + e**-x) of a float32 array, bit for bit as TF's CPU kernel `Sigmoid`.

    Whole packets of 8 take Eigen's recipe (e = exp(x/2)**2, then e / (1 + e));
    the last `size % 8` elements e = expf(x), then e / (1 + e).
    """
    flat = np.ascontiguousarray(x, _F32).reshape(-1)
    out = np.empty_like(flat)
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, flat.size, BLOCK):
            out[start:start + BLOCK] = _packet_sigmoid(flat[start:start + BLOCK])
        tail = flat.size % PACKET
        if tail:
            e = _libc_expf(np.minimum(flat[-tail:], _SIG_HI))
            _flush(e)
            out[-tail:] = e / (_F32(1) + e)
    if flat.size and not flat.min() >= _EXP_LO:
        out[flat < _EXP_LO] = 0
    return out.reshape(np.shape(x))


# -- tanh: a rational function, odd degree 9 over even degree 8 ----------------------------------
_TANH_CLAMP = _F32(7.90738964080810547)  # where it first gives exactly 1 (without FMA)
_TANH_ALPHA = [_F32(v) for v in (1.394553628e-8, 2.102733560e-5, 3.520756727e-3, 1.340216100e-1)]
_TANH_BETA = [_F32(v) for v in (8.015776984e-7, 3.326951409e-4, 2.597254514e-2, 4.673548340e-1,
                                 1.0)]


def _rational_tanh(x: np.ndarray) -> np.ndarray:
    t = np.minimum(x, _TANH_CLAMP)
    np.maximum(t, -_TANH_CLAMP, out=t)
    x2 = t * t
    x3 = x2 * t
    p = x2 * _TANH_ALPHA[0]  # Horner in x2
    for c in _TANH_ALPHA[1:]:
        p += c
        if c is not _TANH_ALPHA[-1]:
            p *= x2
    q = x2 * _TANH_BETA[0]
    for c in _TANH_BETA[1:]:
        q += c
        if c is not _TANH_BETA[-1]:
            q *= x2
    p *= x3  # x (1 + x2 p) = x3 p + x
    p += t
    p /= q
    return p


def tanh(x: np.ndarray) -> np.ndarray:
    """tanh of a float32 array, bit for bit as TF's CPU kernel `Tanh` (packets and tail alike)."""
    flat = np.ascontiguousarray(x, _F32).reshape(-1)
    out = np.empty_like(flat)
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, flat.size, BLOCK):
            out[start:start + BLOCK] = _rational_tanh(flat[start:start + BLOCK])
    _flush(out)  # (tanh(x) = x for tiny x: a subnormal x gives a signed 0)
    return out.reshape(np.shape(x))


def row_max(m: np.ndarray, maximum=np.maximum) -> np.ndarray:
    """The largest value of each row of a matrix, as a column (`maximum`: np.fmax ignores nan).

    (Exact in any order. Many short rows go column by column: NumPy reduces many short
    rows slowly, one row at a time; measured, that pays from about 16 rows per column.)
    """
    rows, columns = m.shape
    if rows <= 16 * columns or columns > 64 or columns == 0:
        return maximum.reduce(m, axis=1, keepdims=True)
    top = m[:, :1].copy()
    for j in range(1, m.shape[1]):
        maximum(top, m[:, j:j + 1], out=top)
    return top


def _flush(x: np.ndarray) -> None:
    """Subnormals become zeros of their sign, as under TF's flush-to-zero (in place)."""
    x[np.abs(x) < _TINY] *= 0


# -- log: x = 2**e m, log x = e log 2 + log(m), log(m) a rational function near m = 1 -------------
_SQRT_HALF = _F32(0.707106781186547524)
_LOG_ALPHA = [_F32(v) for v in (0.18256296349849254, 1.0000000190281063, 1.0000000190281136)]
_LOG_BETA = [_F32(v) for v in (0.049616247954120038, 0.59923249590823520, 1.4999999999999927,
                               1.0)]
_LN2_F32 = _F32(0.693147180559945309)
_GLIBC_FLUSHED_SUBNORMAL = np.uint32(0xF4800000).view(_F32)  # (see log)


def _packet_log(x: np.ndarray) -> np.ndarray:
    """Eigen's vector log of float32s (every element as in a full packet)."""
    bits = x.view(np.uint32)
    e = (bits >> 23).astype(_F32)  # the biased exponent (positive normal x: the sign bit is 0)
    e -= _F32(126)
    m = (bits & np.uint32(0x807FFFFF) | np.uint32(0x3F000000)).view(_F32)  # x = 2**e m, m in [1/2, 1)
    low = m < _SQRT_HALF  # m < sqrt(1/2): m = 2m, e = e - 1, so that m is in [sqrt(1/2), sqrt(2))
    shift = m * low
    m -= _F32(1)  # m - 1, near 0
    e -= low
    m += shift
    p = m * _LOG_ALPHA[0]  # log(1 + m) = m p(m) / q(m)
    p += _LOG_ALPHA[1]
    p *= m
    p += _LOG_ALPHA[2]
    p *= m
    q = m * _LOG_BETA[0]
    for c in _LOG_BETA[1:-1]:
        q += c
        q *= m
    q += _LOG_BETA[-1]
    p /= q
    e *= _LN2_F32
    p += e
    return p


def log(x: np.ndarray) -> np.ndarray:
    """Natural log of a float32 array, bit for bit as TF's CPU kernel `Log`.

    Whole packets of 8 take Eigen's recipe, the last `size % 8` elements glibc's
    logf. Both: log(+-0) = -inf, log(inf) = inf, negative numbers and nan give
    nan. Subnormals differ: packets see them as 0 (-inf); glibc scales a positive
    one by 2**23 first, which flushing turns into 0, and goes on with the bits of
    0 - 23 * 2**23: always -103.97208 (and nan for a negative one).
    """
    flat = np.ascontiguousarray(x, _F32).reshape(-1)
    out = np.empty_like(flat)
    tail = flat.size % PACKET
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for start in range(0, flat.size, BLOCK):
            out[start:start + BLOCK] = _packet_log(flat[start:start + BLOCK])
        if tail:
            last = flat[-tail:].copy()
            last[(last > 0) & (last < _TINY)] = _GLIBC_FLUSHED_SUBNORMAL
            out[-tail:] = _libc_logf(last)
    if flat.size and not (flat.min() >= _TINY and flat.max() < np.inf):  # (nan: not >=)
        out[flat == np.inf] = np.inf
        out[~(flat >= 0)] = np.nan  # (negative numbers and nan)
        out[flat == 0] = -np.inf
        head = out[:flat.size - tail]  # in packets, subnormals are 0
        head[np.abs(flat[:flat.size - tail]) < _TINY] = -np.inf
    return out.reshape(np.shape(x))
