"""From Philox's random 32-bit words to TF's floats and ints, bit for bit.

TF's CPU kernels fill an output in *groups*: a distribution turns one
Philox block (4 words) into a small group of numbers (4 float32 uniforms,
2 float64 uniforms, 4 float32 normals, ...), and group g is made from the
block at counter + g. So the i-th number of a draw never depends on how
many numbers are drawn after it:

    >>> key, counter = key_words(0), counter_words(1, 0)   # Generator.from_seed(1)'s state
    >>> uniform(key, counter, 3, np.float32)    # TF: the first 3 of its .uniform([5])
    array([0.78749514, 0.3906511 , 0.29263055], dtype=float32)

The conversions (TF's random_distributions.h, described in our words):
- a float in [0, 1): put random bits into the mantissa of a number in
  [1, 2) and subtract 1 (23 bits for float32, 52 for float64 from two words,
  10 for float16);
- an int in [lo, hi): lo + word % (hi - lo), on the unsigned words (a slight
  bias, as in TF, unless hi - lo is a power of two);
- a normal pair: Box-Muller on two uniforms, sqrt(-2 log u1) * (sin, cos)(2 pi u2);
- a truncated normal: normal pairs, keeping those within 2 of 0, from a
  stream of its own per group (see `truncated_normal`).

float32's log, sin and cos are glibc's `logf`/`sincosf` in TF (on Linux):
float32_math.py computes them the same way. float64's are glibc's `log`,
`sin` and `cos`: NumPy's float64 sin and cos agree with them, and `_log`
gets glibc's log bits.
"""
from __future__ import annotations

import math

import numpy as np

from .float32_math import logf, sincosf
from .philox import add_to_counter, blocks, counter_words, key_words, philox

__all__ = ["draw", "uniform", "uniform_float64_pairs", "uniform_int", "uniform_full_int",
           "normal", "truncated_normal", "counter_words", "key_words", "group_size"]

_TWO_PI = 2 * np.pi  # (TF multiplies by 2 * M_PI in double, then rounds to float32)
_TRUNCATED_BLOCKS = {4: 256, 2: 128}  # a truncated normal group's own stream: blocks per group


_CHUNK = 16384  # groups drawn at a time: the arrays stay in the cache (about twice as fast)


def draw(kind: str, dims: tuple, key, counter, dtype, *bounds) -> np.ndarray:
    """A draw of `kind` ("uniform", "normal", ...: a function below) shaped `dims`.

    >>> draw("uniform_int", (2, 2), key_words(0), counter_words(1, 0), np.int32, 0, 10)

    Groups are independent (each starts from its own counter), so a big draw
    is made a chunk of groups at a time, with the same numbers.
    """
    make = {"uniform": uniform, "normal": normal, "truncated_normal": truncated_normal,
            "uniform_int": uniform_int, "uniform_full_int": uniform_full_int}[kind]
    n, size = int(np.prod(dims, dtype=np.int64)), group_size(dtype)
    if n <= _CHUNK * size:  # (one chunk: no copy)
        return np.asarray(make(key, counter, n, *bounds, dtype), dtype).reshape(dims)
    blocks_per_group = _TRUNCATED_BLOCKS[size] if kind == "truncated_normal" else 1
    out = np.empty(n, dtype)
    for start in range(0, n, _CHUNK * size):
        at = add_to_counter(counter, start // size * blocks_per_group)[0]
        out[start:start + _CHUNK * size] = make(key, at, min(_CHUNK * size, n - start), *bounds,
                                                dtype)
    return out.reshape(dims)


def group_size(dtype) -> int:
    """How many numbers TF makes from one Philox block: 2 for 64-bit types, else 4."""
    return 2 if np.dtype(dtype).itemsize == 8 else 4


def _words(key, counter, n: int, dtype) -> np.ndarray:
    """The flat words of the blocks that n numbers of `dtype` take (one block per group)."""
    groups = -(-n // group_size(dtype))
    return blocks(counter, key, groups).reshape(-1)


def _unit_float32(words: np.ndarray) -> np.ndarray:
    """[0, 1) from the low 23 bits: 1.mantissa - 1 (exact)."""
    # One new array, changed in place (a Dropout mask's 64K numbers: three fresh arrays
    # cost 110 us in page faults, one 20 us)
    bits = np.bitwise_and(words, np.uint32(0x7FFFFF))
    bits |= np.uint32(127 << 23)
    unit = bits.view(np.float32)
    unit -= np.float32(1)
    return unit


def _unit_float64(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """[0, 1) from 52 bits: the low 20 of `high` and all 32 of `low`."""
    bits = ((high & np.uint32(0xFFFFF)).astype(np.uint64) << np.uint64(32)) | low
    return (bits | np.uint64(1023 << 52)).view(np.float64) - 1.0


def _unit_float16(words: np.ndarray) -> np.ndarray:
    """[0, 1) from the low 10 bits (float16's mantissa)."""
    bits = ((words & np.uint32(0x3FF)) | np.uint32(15 << 10)).astype(np.uint16)
    return bits.view(np.float16) - np.float16(1)


def uniform(key, counter, n: int, dtype) -> np.ndarray:
    """n uniform floats in [0, 1) of `dtype` (float16, float32 or float64), flat."""
    dtype = np.dtype(dtype)
    words = _words(key, counter, n, dtype)
    if dtype == np.float64:
        return _unit_float64(words[0::2], words[1::2])[:n]
    if dtype == np.float16:
        return _unit_float16(words)[:n]
    return _unit_float32(words)[:n]


def uniform_float64_pairs(key, counter, n: int) -> np.ndarray:
    """n float64 uniforms from consecutive pairs of words (TF's SimplePhilox.RandDouble)."""
    words = blocks(counter, key, -(-2 * n // 4)).reshape(-1)
    return _unit_float64(words[0:2 * n:2], words[1:2 * n:2])


def _as_uint64(words: np.ndarray) -> np.ndarray:
    """Pairs of words (low, high) as uint64s."""
    return words[0::2].astype(np.uint64) | (words[1::2].astype(np.uint64) << np.uint64(32))


def uniform_full_int(key, counter, n: int, dtype) -> np.ndarray:
    """n integers of `dtype` (int32/int64), every value equally likely: the words' bits."""
    dtype = np.dtype(dtype)
    words = _words(key, counter, n, dtype)
    bits = _as_uint64(words) if dtype.itemsize == 8 else words
    return bits[:n].view(dtype)


def uniform_int(key, counter, n: int, low, high, dtype) -> np.ndarray:
    """n integers in [low, high) (arrays broadcast to n): low + bits % (high - low).

    The modulo works on unsigned bits and the sum wraps, as TF's does, so
    ranges wider than half the dtype are fine.
    """
    dtype = np.dtype(dtype)
    unsigned = np.uint64 if dtype.itemsize == 8 else np.uint32
    words = _words(key, counter, n, dtype)
    bits = (_as_uint64(words) if dtype.itemsize == 8 else words)[:n]
    low = np.broadcast_to(np.asarray(low, dtype), (n,))
    span = np.broadcast_to(np.asarray(high, dtype), (n,)).view(unsigned) - low.view(unsigned)
    with np.errstate(over="ignore"):
        return (low.view(unsigned) + bits % span).view(dtype)


# -- normal draws: Box-Muller ----------------------------------------------------------------------
def _box_muller_float32(x0: np.ndarray, x1: np.ndarray) -> tuple:
    """Two float32 normals per pair of words, as TF's float32 Box-Muller."""
    u1 = np.maximum(_unit_float32(x0), np.float32(1e-7))  # (never log(0))
    angle = (_TWO_PI * _unit_float32(x1).astype(np.float64)).astype(np.float32)
    radius = np.sqrt(np.float32(-2) * logf(u1))  # (float32 product and sqrt: IEEE-exact)
    sin, cos = sincosf(angle)
    return sin * radius, cos * radius


def _log(x: np.ndarray) -> np.ndarray:
    """float64 log with the C library's bits (TF calls glibc's `log`).

    NumPy's float64 log may be a SIMD version that differs in the last bit,
    so: log in long double, rounded, which is glibc's answer unless the
    exact value is close to halfway between two float64s; those few (about
    one in twenty) ask the C library itself, through Python's `math.log`.
    """
    wide = np.log(x.astype(np.longdouble))
    y = wide.astype(np.float64)
    off = np.abs((wide - y) / np.spacing(np.abs(y)).astype(np.longdouble))  # in ulps of y
    close = np.abs(off - 0.5) < 0.05
    y[close] = [math.log(v) for v in x[close].tolist()]
    return y


def _box_muller_float64(w: np.ndarray) -> tuple:
    """Two float64 normals per block of four words (two 52-bit uniforms)."""
    u1 = np.maximum(_unit_float64(w[:, 0], w[:, 1]), 1e-7)
    angle = _TWO_PI * _unit_float64(w[:, 2], w[:, 3])
    radius = np.sqrt(-2.0 * _log(u1))
    return np.sin(angle) * radius, np.cos(angle) * radius


def normal(key, counter, n: int, dtype) -> np.ndarray:
    """n standard normals: float64 for float64, else float32 (cast by the caller, as TF)."""
    if np.dtype(dtype) == np.float64:
        w = _words(key, counter, n, np.float64).reshape(-1, 4)
        first, second = _box_muller_float64(w)
    else:
        w = _words(key, counter, n, np.float32)
        first, second = _box_muller_float32(w[0::2], w[1::2])
    return np.stack([first, second], axis=1).reshape(-1)[:n]


def _candidates(key, counter, groups: np.ndarray, block: int, per_group: int,
                wide: bool) -> np.ndarray:
    """Normal candidates from block `block` of each group's own stream.

    Group g's stream starts at block g * per_group; [groups, 4] for float32
    (two Box-Muller pairs per block) or [groups, 2] for float64.
    """
    steps = groups.astype(np.uint64) * np.uint64(per_group) + np.uint64(block)
    w = philox(add_to_counter(counter, steps), key)
    if wide:
        a, b = _box_muller_float64(w)
    else:
        a, b = _box_muller_float32(w.reshape(-1)[0::2], w.reshape(-1)[1::2])
    return np.stack([a, b], axis=1).reshape(len(groups), -1)


def truncated_normal(key, counter, n: int, dtype) -> np.ndarray:
    """n standard normals within (-2, 2), as TF's CPU kernel draws them.

    Group g (4 numbers; 2 for float64) reads its own stream, from block
    g * 256 (g * 128 for float64), and keeps the normals with |z| < 2 in
    order until the group is full. Vectorized: every group gets one
    block (enough for 83% of float32 groups), then the short ones one more,
    and so on until all are full.
    """
    wide = np.dtype(dtype) == np.float64
    size = group_size(np.float64 if wide else np.float32)
    per_group = _TRUNCATED_BLOCKS[size]
    groups = -(-n // size)
    out = np.empty((groups, size), np.float64 if wide else np.float32)
    todo = np.arange(groups)
    found = np.empty((groups, 0), out.dtype)
    first = 0
    while len(todo):
        more = _candidates(key, counter, todo, first, per_group, wide)
        found = np.concatenate([found, more], axis=1)
        keep = np.abs(found) < 2
        done = keep.sum(axis=1) >= size
        first_kept = keep[done] & (np.cumsum(keep[done], axis=1) <= size)  # the first `size`
        out[todo[done]] = found[done][first_kept].reshape(-1, size)  # (row-major: in order)
        todo, found = todo[~done], found[~done]
        first += 1
    return out.reshape(-1)[:n]
