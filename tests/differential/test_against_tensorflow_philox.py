"""TF's own random numbers, bit for bit: every draw here must equal TF 2.21's exactly.

The engine draws with Philox4x32-10 as TF's CPU kernels do (course/engine/philox.py,
random_bits.py), so the cases compare the raw bits of each draw (floats viewed as
integers: no tolerance) for stateless draws, `tf.random.Generator` (split, skip, reset,
checkpoints) and the stateful ops seeded by `tf.random.set_seed` and op seeds, eagerly
and inside tf.function. Rules of the comparison: tf_compare.py.
"""
from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
_INT_VIEW = {2: np.int16, 4: np.int32, 8: np.int64}


def _bits(t):
    """A draw's dtype, shape and raw bits (floats as same-sized ints: compared exactly)."""
    a = np.asarray(t.numpy())
    if a.dtype.kind == "f":
        a = a.view(_INT_VIEW[a.dtype.itemsize])
    return t.dtype.name, tuple(t.shape), a


# -- stateless draws: the seed is scrambled into a key and counter ------------------------------
@cases("stateless_uniform: float16, float32, float64, with and without bounds")
def _(tf):
    return [_bits(tf.random.stateless_uniform([5, 3], seed=[1, 2], dtype=d))
            for d in (tf.float16, tf.float32, tf.float64)] + \
        [_bits(tf.random.stateless_uniform([7], seed=[3, 4], minval=-2.0, maxval=5.0)),
         _bits(tf.random.stateless_uniform([7], seed=[3, 4], minval=1, maxval=3,
                                           dtype=tf.float16))]


@cases("stateless_uniform: int32/int64 by modulo of the range (and the full range)")
def _(tf):
    out = []
    for d in (tf.int32, tf.int64):
        out += [_bits(tf.random.stateless_uniform([9], seed=[5, 6], minval=-3, maxval=11,
                                                  dtype=d)),
                _bits(tf.random.stateless_uniform([9], seed=[5, 6], minval=None, maxval=None,
                                                  dtype=d)),
                _bits(tf.random.stateless_uniform([9], seed=[5, 6], minval=d.min, maxval=d.max,
                                                  dtype=d))]
    return out


@cases("stateless_normal and truncated_normal: float16, float32, float64, mean and stddev")
def _(tf):
    return [_bits(f([11], seed=[7, 8], dtype=d)) for f in (
        tf.random.stateless_normal, tf.random.stateless_truncated_normal)
        for d in (tf.float16, tf.float32, tf.float64)] + \
        [_bits(tf.random.stateless_normal([4, 3], seed=[7, 8], mean=2.0, stddev=0.5))]


@cases("stateless draws: negative, int32 and big seeds; odd sizes (a part of a group)")
def _(tf):
    return [_bits(tf.random.stateless_uniform([3], seed=tf.constant([-1, 2], tf.int32))),
            _bits(tf.random.stateless_uniform([3], seed=tf.constant([-1, 2], tf.int64))),
            _bits(tf.random.stateless_normal([1], seed=[2**62, -2**40])),
            _bits(tf.random.stateless_truncated_normal([5], seed=[0, 0], dtype=tf.float64))]


@cases("stateless draws with alg='philox' and the v2 seeds of tf.random.split")
def _(tf):
    seeds = tf.random.split([1, 2], 3)
    return (_bits(seeds), _bits(tf.random.stateless_uniform([4], seed=seeds[1], alg="philox")),
            _bits(tf.random.stateless_normal([4], seed=[9, 9], alg="philox")))


@cases("stateless_categorical: TF's classes (small batches: TF draws them on one thread)")
def _(tf):
    rng = np.random.default_rng(0)
    cases = [(np.log([[0.5, 0.5]]), 4, [7, 17]),
             (np.log([[0.1, 0.6, 0.3], [0.3, 0.3, 0.4]]).astype(np.float32), 5, [1, 2]),
             (np.array([[-np.inf, 0.0, 1.0], [2.0, -np.inf, 0.0]], np.float32), 6, [5, 5]),
             (rng.normal(size=(1, 50)), 200, [9, 9]),
             (rng.normal(size=(20, 5)).astype(np.float32), 10, [1, 1])]
    return [tf.random.stateless_categorical(z, n, seed=s, dtype=tf.int32) for z, n, s in cases]


@cases("stateless draws inside tf.function equal TF's")
def _(tf):
    f = tf.function(lambda: (tf.random.stateless_normal([6], seed=[4, 4]),
                             tf.random.stateless_uniform([6], seed=[4, 4], maxval=9,
                                                         dtype=tf.int32)))
    return [_bits(t) for t in f()]


@cases("a big stateless draw: 100,000 normals, every bit")
def _(tf):
    return [_bits(tf.random.stateless_normal([100_000], seed=[12, 34], dtype=d))
            for d in (tf.float32, tf.float64)]


@cases("a big stateless truncated normal draw: 100,000 numbers, every bit")
def _(tf):
    return [_bits(tf.random.stateless_truncated_normal([100_000], seed=[56, 78], dtype=d))
            for d in (tf.float32, tf.float64)]


# -- tf.random.Generator ---------------------------------------------------------------------------
@cases("Generator.from_seed(1).normal([]) is the guide's 0.43842274; the state moves on")
def _(tf):
    g = tf.random.Generator.from_seed(1)
    return _bits(g.normal([])), g.state.numpy(), _bits(g.normal([2, 3])), g.state.numpy()


@cases("Generator: every distribution and dtype, in sequence")
def _(tf):
    g = tf.random.Generator.from_seed(1234)
    return [_bits(t) for t in (
        g.uniform([5]), g.uniform([3], dtype=tf.float64), g.uniform([4], dtype=tf.float16),
        g.uniform([6], minval=-3, maxval=9, dtype=tf.int32),
        g.uniform([6], minval=-3, maxval=9, dtype=tf.int64),
        g.uniform_full_int([3], dtype=tf.int64), g.uniform_full_int([3], dtype=tf.int32),
        g.normal([5], mean=1.0, stddev=2.0), g.normal([3], dtype=tf.float64),
        g.truncated_normal([9]), g.truncated_normal([5], dtype=tf.float64))] + [g.state.numpy()]


@cases("Generator: split, skip, reset_from_seed, reset, from_key_counter")
def _(tf):
    g = tf.random.Generator.from_seed(7)
    children = g.split(3)
    out = [c.state.numpy() for c in children] + [_bits(c.normal([3])) for c in children]
    g.skip(1000)
    out.append(_bits(g.uniform([2])))
    g.reset_from_seed(7)
    out.append(_bits(g.uniform([2])))
    g.reset([2**40, 5, -3])
    out.append(_bits(g.normal([3])))
    out.append(_bits(tf.random.Generator.from_key_counter(9, [2**64 - 1, 0], "philox")
                     .uniform([6])))  # (the counter carries into its second word)
    return out


@cases("Generator: make_seeds feed stateless draws")
def _(tf):
    g = tf.random.Generator.from_seed(3)
    seeds = g.make_seeds(2)
    return _bits(seeds), _bits(tf.random.stateless_normal([3], seed=seeds[:, 0]))


@cases("Generator in tf.function: each call draws the next numbers")
def _(tf):
    g = tf.random.Generator.from_seed(11)
    f = tf.function(lambda: g.normal([3]))
    return _bits(f()), _bits(f()), g.state.numpy()


@cases("Generator: a checkpoint round trip repeats the draws after the save")
def _(tf):
    g = tf.random.Generator.from_seed(5)
    g.normal([4])
    with tempfile.TemporaryDirectory() as d:
        ckpt = tf.train.Checkpoint(g=g)
        path = ckpt.write(os.path.join(d, "ckpt"))
        first = g.normal([4])
        ckpt.read(path)
        again = g.normal([4])
    return _bits(first), _bits(again)


# -- stateful draws: tf.random.set_seed and op seeds ---------------------------------------------
@cases("set_seed: eager draws take op seeds from the global seed; set_seed replays them")
def _(tf):
    tf.random.set_seed(1)
    a = [tf.random.uniform([3]), tf.random.uniform([3]), tf.random.normal([5]),
         tf.random.truncated_normal([5]), tf.random.uniform([4], minval=2, maxval=50,
                                                            dtype=tf.int32)]
    tf.random.set_seed(1)
    b = tf.random.uniform([3])
    return [_bits(t) for t in a + [b]]


@cases("an op seed: the same op seed again continues its stream (per op and dtype)")
def _(tf):
    tf.random.set_seed(42)
    out = [tf.random.uniform([3], seed=5), tf.random.uniform([3], seed=5),
           tf.random.normal([3], seed=5), tf.random.uniform([2], seed=5, dtype=tf.float64),
           tf.random.normal([3], seed=5, dtype=tf.float64),
           tf.random.uniform([3], dtype=tf.float16),
           tf.random.uniform([4], seed=6, minval=0, maxval=7, dtype=tf.int64)]
    return [_bits(t) for t in out]


@cases("float16 draws have streams of their own (TF caches a kernel per dtype)")
def _(tf):
    tf.random.set_seed(2)
    out = []
    for dtype in (tf.float32, tf.float16, tf.float16, tf.float32, tf.float64):
        out += [tf.random.normal([5], seed=4, dtype=dtype),
                tf.random.truncated_normal([3], seed=4, dtype=dtype),
                tf.random.uniform([3], seed=4, dtype=dtype)]
    return [_bits(t) for t in out]


@cases("an op seed without a global seed: TF's default global seed")
def _(tf):
    tf.random.set_seed(None)
    return _bits(tf.random.uniform([3], seed=7)), _bits(tf.random.normal([3], seed=7))


@cases("seeds (0, 0) mean 'random' to TF's kernels: get_seed turns them into (0, 2**31 - 1)")
def _(tf):
    tf.random.set_seed(0)
    return _bits(tf.random.uniform([2], seed=0))


@cases("set_seed in tf.function: op seeds count the graph's random ops; calls continue")
def _(tf):
    tf.random.set_seed(3)

    @tf.function
    def f():
        return tf.random.uniform([2]), tf.random.normal([3]), tf.random.uniform([2], seed=3)
    first, second = f(), f()
    tf.random.set_seed(3)
    third = f()  # (set_seed restarts the function's streams too)
    return [_bits(t) for t in (*first, *second, *third)]


@cases("set_seed, then tf.random.shuffle and a draw: the shuffle takes an op seed as in TF")
def _(tf):
    tf.random.set_seed(8)
    tf.random.shuffle(tf.range(4))
    return _bits(tf.random.uniform([3]))


@cases("shuffle: TF's Fisher-Yates order; an op seed continues its stream; rows move whole")
def _(tf):
    tf.random.set_seed(3)
    out = [tf.random.shuffle(tf.range(10), seed=1), tf.random.shuffle(tf.range(10), seed=1),
           tf.random.shuffle(tf.range(7), seed=1),
           tf.random.shuffle(tf.reshape(tf.range(12.0), [6, 2]), seed=2),
           tf.random.shuffle(tf.range(1000)), tf.random.shuffle([5]),
           tf.function(lambda: tf.random.shuffle(tf.range(9)))()]
    return [_bits(t) for t in out]


@cases("a TF1 graph: set_random_seed, op seeds counted per graph, each Session.run draws anew")
def _(tf):
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        v1.set_random_seed(1)
        x, y = tf.random.uniform([3]), tf.random.normal([2], seed=4)
        with v1.Session() as sess:
            return [np.asarray(a).view(np.int32) for a in (sess.run(x), sess.run(x),
                                                           sess.run(y))]


@cases("compat.v1 spellings draw the same numbers")
def _(tf):
    tf.random.set_seed(9)
    v1 = tf.compat.v1
    return [_bits(t) for t in (v1.random_uniform([3]), v1.random_normal([3], seed=1),
                               v1.truncated_normal([3], seed=2))]


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_against_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
