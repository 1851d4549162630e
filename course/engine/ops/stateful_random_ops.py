"""The ops behind `tf.random.Generator`: read-and-skip a state variable, then draw from it.

A Generator's state is an int64 Variable: for the Philox algorithm three
numbers, a 128-bit *counter* (two int64 words, low word first) and a *key*.
A draw of n numbers is two ops, as in TF:

    old = RngReadAndSkip(state, alg, n)     # returns the state, and adds 256 * n to the counter
    StatelessRandomNormalV2(shape, key=old[2:3], counter=old[:2], alg)

The second op is stateless: its numbers are a function of (key, counter) only.
The first changes the variable, so it is an op with an effect: in a
tf.function it runs on every call, in program order, and each call draws new
numbers (the counter moved on). A checkpoint saves the variable, so a
restored Generator repeats the numbers drawn after the save.

TF's numbers for Philox (and auto-select, which is Philox on a CPU): the
stateless ops run Philox from (key, counter) as TF's CPU kernels do (see
../random_bits.py). Key and counter are int64 here (TF bitcasts them to
uint64, a dtype this engine lacks). The counter advances by TF's amounts
(256 per number drawn), so states match TF's step by step. ThreeFry draws
and binomial draws are NumPy's numbers, seeded by (alg, key, counter).
"""
from __future__ import annotations

import numpy as np

from ..errors import invalid_argument
from ..execute import Op
from . import register
from ..philox import counter_words, key_words
from .random_ops import _SHAPES, _truncated
from ..random_bits import draw
from .stateless_random_ops import checked_dims
from .variable_ops import _value_of, store

__all__ = ["PHILOX", "THREEFRY", "AUTO_SELECT", "state_size", "counter_size", "RNG_READ_AND_SKIP",
           "UNIFORM_V2", "NORMAL_V2", "TRUNCATED_NORMAL_V2", "UNIFORM_INT_V2",
           "UNIFORM_FULL_INT_V2", "STATEFUL_BINOMIAL", "as_int64_words"]

PHILOX, THREEFRY, AUTO_SELECT = 1, 2, 3  # tf.random.Algorithm's values
SKIP_PER_NUMBER = 256  # how far TF's RngReadAndSkip moves the counter per number drawn
# A binomial draw may use many numbers: it moves the counter 100 numbers on per output (TF's
# step depends on the shapes in a way not mirrored here: 150 + 50 n numbers for n draws of
# one count, for instance).
SKIP_PER_BINOMIAL = 256 * 100


def state_size(alg: int) -> int:
    """Philox (and auto-select, which is Philox on a CPU): counter 2 words + key; ThreeFry: 1 + 1."""
    return 2 if alg == THREEFRY else 3


def counter_size(alg: int) -> int:
    return state_size(alg) - 1


def as_int64_words(number: int, n: int) -> np.ndarray:
    """A Python integer as n int64 words, least significant first (two's complement).

    >>> as_int64_words(2**70, 3)   # array([ 0, 64,  0])
    """
    words = []
    for _ in range(n):
        words.append((number & (2**64 - 1)))
        number >>= 64  # (a negative number keeps its sign: -1 gives [-1, -1, ...])
    return np.array([w - 2**64 if w >= 2**63 else w for w in words], dtype=np.int64)


def _advance(state: np.ndarray, alg: int, steps: int) -> np.ndarray:
    """The state with its counter (the first words, a little-endian integer) plus `steps`."""
    n = counter_size(alg)
    counter = sum((int(w) % 2**64) << (64 * i) for i, w in enumerate(state[:n]))
    counter = (counter + steps) % 2**(64 * n)  # (it wraps around, as a uint128 does)
    return np.concatenate([as_int64_words(counter, n), state[n:]])


def _read_and_skip(variable, alg, delta):
    """Returns the state as it is, and moves the counter past `delta` numbers."""
    old = _value_of(variable)
    store(variable, _advance(old, int(alg), SKIP_PER_NUMBER * int(delta)))
    return old


def _rng(key, counter, alg) -> np.random.Generator:
    """NumPy's generator for one draw: the numbers depend on (alg, key, counter) only."""
    return np.random.default_rng([int(alg)] + [int(w) % 2**64 for w in (*key, *counter)])


# -- the ops ------------------------------------------------------------------------------------
# RngReadAndSkip changes the variable and returns its old value: `effects`, so it runs in a
# tf.function even when nobody uses its output (g.skip(5) alone).
RNG_READ_AND_SKIP = register(Op("RngReadAndSkip", _read_and_skip, None, dtypes=_SHAPES,
                                same_dtype=False, resources=1, effects=True))


def _philox(key, counter) -> tuple:
    """An int64 key [1] and counter [2] as Philox's key (2 words) and counter (4 words)."""
    return key_words(np.reshape(key, -1)[0]), counter_words(*np.reshape(counter, -1)[:2])


def _uniform(shape, key, counter, alg, dtype):
    dims = checked_dims(shape, "StatelessRandomUniformV2")
    if int(alg) == THREEFRY:
        return _rng(key, counter, alg).random(dims, dtype=np.float32).astype(dtype)
    return draw("uniform", dims, *_philox(key, counter), dtype)


def _normal(shape, key, counter, alg, dtype):
    dims = checked_dims(shape, "StatelessRandomNormalV2")
    if int(alg) == THREEFRY:
        return _rng(key, counter, alg).standard_normal(dims, dtype=dtype)
    return draw("normal", dims, *_philox(key, counter), dtype).astype(dtype)


def _truncated_normal(shape, key, counter, alg, dtype):
    dims = checked_dims(shape, "StatelessTruncatedNormalV2")
    if int(alg) == THREEFRY:
        return _truncated(_rng(key, counter, alg), dims, dtype)
    return draw("truncated_normal", dims, *_philox(key, counter), dtype).astype(dtype)


def _uniform_int(shape, key, counter, alg, minval, maxval, dtype):
    low, high = np.broadcast_arrays(minval, maxval)
    if np.any(low >= high):
        bad = np.argmax(np.reshape(low >= high, -1))
        raise invalid_argument("StatelessRandomUniformIntV2", f"Need minval < maxval, got "
                               f"{np.reshape(low, -1)[bad]} >= {np.reshape(high, -1)[bad]}")
    dims = checked_dims(shape, "StatelessRandomUniformIntV2")
    if int(alg) == THREEFRY:
        return _rng(key, counter, alg).integers(low, high, dims, dtype=dtype)
    if low.size > 1:
        raise invalid_argument("StatelessRandomUniformIntV2", "minval must be 0-D, got shape "
                               f"{list(np.shape(minval))}")
    return draw("uniform_int", dims, *_philox(key, counter), dtype, low.reshape(-1)[0],
                high.reshape(-1)[0])


def _uniform_full_int(shape, key, counter, alg, dtype):
    dims = checked_dims(shape, "StatelessRandomUniformFullIntV2")
    if int(alg) == THREEFRY:
        info = np.iinfo(dtype)
        return _rng(key, counter, alg).integers(info.min, info.max, dims, dtype=dtype,
                                                endpoint=True)
    return draw("uniform_full_int", dims, *_philox(key, counter), dtype)


def _binomial(variable, alg, shape, counts, probs, dtype):
    """TF's StatefulRandomBinomial: reads and skips the state itself, then draws."""
    dims = checked_dims(shape, "StatefulRandomBinomial")
    state = _value_of(variable)
    store(variable, _advance(state, int(alg), SKIP_PER_BINOMIAL * int(np.prod(dims))))
    n = counter_size(int(alg))
    rng = _rng(state[n:n + 1], state[:n], alg)
    counts, probs = np.broadcast_to(counts, dims), np.broadcast_to(probs, dims)
    return rng.binomial(counts.astype(np.int64), probs, dims).astype(dtype)


_KEYED = {"dtypes": _SHAPES, "same_dtype": False}  # inputs: shape, key, counter, alg
UNIFORM_V2 = register(Op("StatelessRandomUniformV2", _uniform, None, **_KEYED))
NORMAL_V2 = register(Op("StatelessRandomNormalV2", _normal, None, **_KEYED))
TRUNCATED_NORMAL_V2 = register(Op("StatelessTruncatedNormalV2", _truncated_normal, None, **_KEYED))
UNIFORM_INT_V2 = register(Op("StatelessRandomUniformIntV2", _uniform_int, None, **_KEYED))
UNIFORM_FULL_INT_V2 = register(Op("StatelessRandomUniformFullIntV2", _uniform_full_int, None,
                                  **_KEYED))
STATEFUL_BINOMIAL = register(Op("StatefulRandomBinomial", _binomial, None, dtypes=_SHAPES,
                                same_dtype=False, resources=1, effects=True))
