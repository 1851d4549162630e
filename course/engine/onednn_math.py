"""float32 softmax with the exact bits of TF's CPU kernel (oneDNN's).

On x86, TF hands `Softmax` on float32 to oneDNN (Intel's library of neural
network kernels; `TF_ENABLE_ONEDNN_OPTS=0` turns it off). oneDNN compiles
its kernel for the machine it runs on; on an AVX-512 machine, which is what
we reproduce, it works on 16 floats at a time. Per row of logits:

1. m = max(x), then x - m (so exp never overflows);
2. e = exp(x - m) with oneDNN's recipe (`_exp`): x = n log 2 + r with
   n = floor(x / log 2 + 1/2), a degree-5 polynomial for e**r evaluated with
   fused multiply-adds, then 2**(n-1) * p * 2 (two steps, so that n = 128
   would not overflow the power of two);
3. the sum of e, in oneDNN's order (`_row_sum`): the row in chunks of 16,
   chunk k added into accumulator k % 4 (a partial last chunk into
   accumulator 0), the accumulators combined in pairs, then the 16 lanes
   halved four times;
4. e * (1 / sum): a product with the reciprocal, not a division.

Every step flushes subnormal results to 0, as TF's kernels run (nan and
inf rows give nan and 0 as TF's do).

A fused multiply-add a*b + c rounds once. In float64 the product of two
float32s is exact and the sum here rounds at most once more, far below
float32's last place; so `float32(float64(a) * b + c)` is the fused result.

    >>> softmax(np.float32([[1.0, 1.0]]))
    array([[0.5, 0.5]], dtype=float32)
"""
from __future__ import annotations

import numpy as np

from .eigen_math import row_max

__all__ = ["softmax"]

_F32 = np.float32
LANES = 16  # float32s per AVX-512 register
_UNROLL = 4  # oneDNN's independent sum accumulators
BLOCK = 1 << 14  # elements per block of work
_TINY = _F32(np.finfo(np.float32).tiny)
_LOW = _F32(-86.0)  # above it exp neither underflows nor meets a subnormal


def _bits(h: int) -> np.float32:
    return np.uint32(h).view(_F32)


# oneDNN's exp: 1/log 2, log 2, the clamp limits log(FLT_MAX) and log(FLT_MIN), the polynomial
_LOG2E, _LN2 = _bits(0x3FB8AA3B), _F32(_bits(0x3F317218)).astype(np.float64)
_LN_MAX, _LN_MIN = _bits(0x42B17218), _bits(0xC2AEAC50)
_POLY = [_F32(_bits(h)).astype(np.float64)
         for h in (0x3C07CFCE, 0x3D2B9D0D, 0x3E2AAD40, 0x3EFFFEE3, 0x3F7FFFFB)] + [1.0]


def _exp(x: np.ndarray) -> np.ndarray:
    """oneDNN's vector exp of float32s; below log(FLT_MIN) (about -87.3) the result is 0.

    >>> _exp(np.float32([0.0, -100.0]))
    array([1., 0.], dtype=float32)
    """
    low = x.size and not x.min() > _LOW  # (underflow or flushing: only then the masks below)
    underflow = x < _LN_MIN if low else None
    xc = np.fmin(x, _LN_MAX)  # (fmin, fmax: as x86's minps, maxps, nan becomes the limit)
    np.fmax(xc, _LN_MIN, out=xc)
    n = xc * _LOG2E  # n = floor(x / log 2 + 1/2): a product and a sum, each rounded
    n += _F32(0.5)
    np.floor(n, out=n)
    # r = x - n log 2, fused: the float64 product is exact, the difference rounds once
    wide = np.multiply(n, _LN2, dtype=np.float64)
    np.subtract(xc, wide, out=wide)
    r = wide.astype(_F32).astype(np.float64)
    n -= _F32(1)  # 2**(n-1), built from its bits; 0 where x underflows
    scale = n.astype(np.int32)
    scale += 127
    scale <<= 23
    scale = scale.view(_F32)
    if low:
        scale[underflow] = 0
    p = np.full(x.shape, _POLY[0], _F32)  # Horner's scheme, each step a fused multiply-add:
    for c in _POLY[1:]:  # p r exact in float64, + c and the rounding to float32 in one call
        np.multiply(p, r, out=wide)
        np.add(wide, c, out=p, casting="unsafe")
    p *= scale
    if low:
        _flush_to_zero(p)  # (2**(n-1) p can fall below FLT_MIN where 2**n p would not)
    p *= _F32(2)
    return p


def _flush_to_zero(x: np.ndarray) -> None:
    """TF runs its kernels with subnormals flushed: results below FLT_MIN become 0 (in place)."""
    x[np.abs(x) < _TINY] = 0


def _row_sum(e: np.ndarray) -> np.ndarray:
    """Sums of the rows of a float32 matrix, in the order of oneDNN's softmax.

    Chunks of 16: chunk k of the whole ones into accumulator k % 4, in order, the
    partial last chunk into accumulator 0; the accumulators used are combined as
    (a0 + a1) + (a2 + a3); then lanes i and i + 8 are added, then i and i + 4,
    i and i + 2, i and i + 1. (Lanes past the row's end hold 0: adding them is exact.)
    """
    rows, n = e.shape
    whole, tail = divmod(n, LANES)
    used = min(max(whole, 1), _UNROLL)  # accumulators in use (oneDNN's max_unroll)
    acc = np.zeros((rows, used, LANES), _F32)
    chunks = e[:, :whole * LANES].reshape(rows, whole, LANES)
    for k in range(0, whole, used):  # one group of `used` chunks at a time, in order
        group = chunks[:, k:k + used]
        acc[:, :group.shape[1]] += group
    if tail:
        acc[:, 0, :tail] += e[:, whole * LANES:]
    if used == 4:
        total = (acc[:, 0] + acc[:, 1]) + (acc[:, 2] + acc[:, 3])
    elif used == 3:
        total = (acc[:, 0] + acc[:, 1]) + acc[:, 2]
    elif used == 2:
        total = acc[:, 0] + acc[:, 1]
    else:
        total = acc[:, 0]
    half = LANES
    while half > 1:  # the butterfly: lanes i and i + half/2
        half //= 2
        total = total[:, :half] + total[:, half:2 * half]
    return total[:, 0]


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax of float32 logits along `axis`, bit for bit as TF's CPU kernel (oneDNN).

    >>> softmax(np.float32([[1.0, 2.0, 3.0]]))
    array([[0.09003057, 0.24472848, 0.6652409 ]], dtype=float32)
    """
    moved = np.moveaxis(np.asarray(x, _F32), axis, -1)
    if moved.size == 0:
        return np.asarray(x, _F32).copy()
    logits = moved.reshape(-1, moved.shape[-1])
    out = np.empty(logits.shape, _F32)
    rows = max(1, BLOCK // logits.shape[1])
    with np.errstate(invalid="ignore", over="ignore"):  # (inf - inf is nan, as in TF)
        for start in range(0, logits.shape[0], rows):  # (blocks of rows that stay in the cache)
            block = logits[start:start + rows]
            e = _exp(block - row_max(block, np.fmax))
            inverse = _F32(1) / _row_sum(e)
            if not inverse.min() >= _TINY:
                _flush_to_zero(inverse)
            e *= inverse[:, None]
            if not e.min() >= _TINY:
                _flush_to_zero(e)
            out[start:start + rows] = e
    return np.moveaxis(out.reshape(moved.shape), -1, axis)
