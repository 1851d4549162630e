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
_MULTIPLIERS = np.array([[0xD2511F53], [0xCD9E8D57]], np.uint64)
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
    # words 0 and 2 (the multiplied ones) are one [2, n] array, 1 and 3 another
    return _rounds(counters[:, 0::2].T.copy(), counters[:, 1::2].T.copy(), key)


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


def _round_keys(key) -> np.ndarray:
    """The key of each round, [rounds, 2, 1] uint32: bumped by the constants each round."""
    steps = np.arange(_ROUNDS, dtype=np.uint64)[:, None]
    bumped = np.array([int(key[0]), int(key[1])], np.uint64) + steps * np.array(_BUMPS, np.uint64)
    return (bumped & _LOW32).astype(np.uint32)[:, :, None]


def _rounds(even: np.ndarray, odd: np.ndarray, key) -> np.ndarray:
    """The 10 rounds on words (c0, c2) = `even` and (c1, c3) = `odd` ([2, n] each): [n, 4]."""
    for k in _round_keys(key):
        product = _MULTIPLIERS * even  # (uint64: a 32 x 32-bit product is exact)
        halves = product.view(np.uint32).reshape(2, -1, 2)  # (little-endian: low word first)
        even = halves[::-1, :, 1] ^ odd  # (hi1, hi0) ^ (c1, c3) ...
        even ^= k                          # ... ^ (k0, k1)
        odd = halves[::-1, :, 0]          # (lo1, lo0)
    out = np.empty((even.shape[1], 4), np.uint32)
    out[:, 0], out[:, 1], out[:, 2], out[:, 3] = even[0], odd[0], even[1], odd[1]
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
    steps = np.arange(n, dtype=np.uint64) + np.uint64(start)
    return philox(add_to_counter(counter, steps), key)


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
