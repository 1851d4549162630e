"""Philox4x32-10: the counter-based generator behind TF's random numbers on a CPU.

A counter-based generator has no hidden state: it is a keyed function
that scrambles a counter.

    block = philox(counter, key)   # 4 x uint32 in, 2 x uint32 key, 4 x uint32 out

The *counter* is a 128-bit number held as four 32-bit words, lowest first;
the *key* is 64 bits, two words. Asking for the next block means adding one
to the counter, so "skip a million numbers" is an addition, and every block
can be computed independently of the others (here: all at once, vectorized
over an array of counters).

Each of the 10 rounds multiplies two of the words by fixed odd constants,
keeps both halves of the 64-bit products (`mulhilo`), and mixes the high
halves with the other two words and the key; between rounds the key is
"bumped" by two more constants (the golden ratio and sqrt(3) - 1, as 32-bit
fractions). Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"
(SC 2011), describe it; Random123 publishes known answers (tested in
tests/engine/test_philox.py).

    >>> philox(np.zeros((1, 4), np.uint32), np.zeros(2, np.uint32))
    array([[1713891541, 3781805453, 3159862348, 2600524760]], dtype=uint32)

Read next: random_bits.py, which turns these words into TF's floats and ints.
"""
from __future__ import annotations

import numpy as np

__all__ = ["philox", "philox_block", "blocks", "add_to_counter", "counter_words", "key_words"]

# the round multipliers (for words 0 and 2), and the key bumps added between rounds
_MULTIPLIERS = (np.uint64(0xD2511F53), np.uint64(0xCD9E8D57))
_BUMPS = (0x9E3779B9, 0xBB67AE85)
_ROUNDS = 10
_LOW32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)


def philox(counters: np.ndarray, key) -> np.ndarray:
    """Philox4x32-10 of every row of `counters` ([n, 4] uint32) under `key` (2 uint32).

    Returns [n, 4] uint32: four random 32-bit words per counter.
    One round, for words (c0, c1, c2, c3) and key (k0, k1):

        hi0:lo0 = 0xD2511F53 * c0        (a 64-bit product, split in 32-bit halves)
        hi1:lo1 = 0xCD9E8D57 * c2
        c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0

    `philox_block` is this, word by word, for one counter.
    """
    counters = np.asarray(counters, np.uint32)
    if len(counters) <= _FEW:
        return np.array([philox_block(c, key) for c in counters], np.uint32).reshape(-1, 4)
    return _rounds(*(counters[:, i].astype(np.uint64) for i in range(4)), key)


def philox_block(counter, key) -> list:
    """Philox4x32-10 of one counter (4 words) under `key` (2 words), in Python integers."""
    c0, c1, c2, c3 = (int(w) for w in counter)
    k0, k1 = int(key[0]), int(key[1])
    for _ in range(_ROUNDS):
        p0, p1 = 0xD2511F53 * c0, 0xCD9E8D57 * c2
        c0, c1, c2, c3 = (p1 >> 32) ^ c1 ^ k0, p1 & 0xFFFFFFFF, (p0 >> 32) ^ c3 ^ k1, p0 & 0xFFFFFFFF
        k0, k1 = (k0 + _BUMPS[0]) & 0xFFFFFFFF, (k1 + _BUMPS[1]) & 0xFFFFFFFF
    return [c0, c1, c2, c3]


_FEW = 4  # (up to this many counters, Python integers are quicker than arrays)


def _rounds(c0: np.ndarray, c1: np.ndarray, c2: np.ndarray, c3: np.ndarray, key) -> np.ndarray:
    """The 10 rounds on the four words of n counters: [n, 4] uint32.

    Each word is an array of n uint64s holding 32 bits, so that a product of
    two words is exact, and each step below is one NumPy call on contiguous
    arrays (changed in place: the words are the caller's scratch).
    """
    k0, k1 = int(key[0]), int(key[1])
    p0, p1 = np.empty_like(c0), np.empty_like(c0)
    for _ in range(_ROUNDS):
        np.multiply(c0, _MULTIPLIERS[0], out=p0)  # hi0:lo0 = 0xD2511F53 * c0
        np.multiply(c2, _MULTIPLIERS[1], out=p1)  # hi1:lo1 = 0xCD9E8D57 * c2
        np.right_shift(p1, _SHIFT32, out=c0)      # c0 = hi1 ^ c1 ^ k0
        c0 ^= c1
        c0 ^= np.uint64(k0)
        np.right_shift(p0, _SHIFT32, out=c2)      # c2 = hi0 ^ c3 ^ k1
        c2 ^= c3
        c2 ^= np.uint64(k1)
        np.bitwise_and(p1, _LOW32, out=c1)        # c1 = lo1
        np.bitwise_and(p0, _LOW32, out=c3)        # c3 = lo0
        k0, k1 = (k0 + _BUMPS[0]) & 0xFFFFFFFF, (k1 + _BUMPS[1]) & 0xFFFFFFFF
    out = np.empty((len(c0), 4), np.uint32)
    out[:, 0], out[:, 1], out[:, 2], out[:, 3] = c0, c1, c2, c3
    return out


def add_to_counter(counter, steps) -> np.ndarray:
    """counter + steps (a number or an array of them) as 128-bit integers: [n, 4] uint32.

    The counter is 4 words, lowest first; it wraps around at 2**128, as TF's does.
    """
    words = np.asarray(counter, dtype=np.uint64)
    low = words[0] | (words[1] << _SHIFT32)  # the low 64 bits
    high = words[2] | (words[3] << _SHIFT32)
    steps = np.atleast_1d(np.asarray(steps, dtype=np.uint64))
    new_low = low + steps  # (uint64 addition wraps around; a wrap carries one into `high`)
    new_high = high + (new_low < low).astype(np.uint64)
    out = np.empty((len(steps), 4), np.uint32)  # (each word cast as it is stored)
    out[:, 0], out[:, 1] = new_low & _LOW32, new_low >> _SHIFT32
    out[:, 2], out[:, 3] = new_high & _LOW32, new_high >> _SHIFT32
    return out


def blocks(counter, key, n: int, start: int = 0) -> np.ndarray:
    """The n blocks after `counter` + `start`: philox of counter + start, + start + 1, ...

    [n, 4] uint32; what TF's PhiloxRandom returns on n calls after Skip(start).
    """
    words = [int(w) for w in counter]
    low = (words[0] | words[1] << 32) + start  # the counter's low 64 bits, at the first block
    if n <= _FEW or low + n > 2**64:  # (few blocks; or the low half wraps: carry into the high)
        steps = np.arange(n, dtype=np.uint64) + np.uint64(start)
        return philox(add_to_counter(counter, steps), key)
    # The common case: only the low half counts up, and the words are made directly.
    lows = np.arange(n, dtype=np.uint64) + np.uint64(low)
    return _rounds(lows & _LOW32, lows >> _SHIFT32, np.full(n, words[2], np.uint64),
                   np.full(n, words[3], np.uint64), key)


def counter_words(*words64) -> np.ndarray:
    """64-bit integers (Python ints or int64s, lowest first) as 32-bit counter words."""
    out = []
    for w in words64:
        w = int(w) % 2**64
        out += [w & 0xFFFFFFFF, w >> 32]
    return np.array(out, dtype=np.uint32)


def key_words(key64) -> np.ndarray:
    """A 64-bit key (a Python int or an int64) as Philox's two 32-bit key words."""
    return counter_words(key64)
