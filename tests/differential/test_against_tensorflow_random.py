"""`tf.random.Generator`, the global generator and the stateless draws against TF 2.21
(rules: tf_compare.py).

The cases compare the rules: shapes, dtypes, the state (its shape, dtype and
how far each draw moves it), facts about the numbers (two generators from one
seed agree, `reset` repeats, `split` children differ, values within their
range), errors and their messages, checkpoints. The numbers themselves are
TF's for Philox, compared bit for bit in test_against_tensorflow_philox.py.
"""
from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


def _facts(t):
    """What a draw must share with TF's: dtype and shape."""
    return (t.dtype.name, tuple(t.shape))


# -- making a Generator and its state ----------------------------------------------------------
@cases("from_seed: state [seed, 0, 0] as a printed int64 Variable, Philox")
def _(tf):
    g = tf.random.Generator.from_seed(1)
    return repr(g.state), g.algorithm, g.key, g.state.trainable


@cases("from_seed: big and negative seeds are cut into 64-bit words")
def _(tf):
    return [tf.random.Generator.from_seed(s).state.numpy() for s in (2**70, -1, 2**64 + 5)]


@cases("from_seed with alg='threefry': a state of two words")
def _(tf):
    g = tf.random.Generator.from_seed(1, alg="threefry")
    return g.state.numpy(), g.algorithm, g.key


@cases("from_seed with Algorithm.PHILOX and 'auto_select'")
def _(tf):
    return (tf.random.Generator.from_seed(1, alg=tf.random.Algorithm.PHILOX).algorithm,
            tf.random.Generator.from_seed(1, alg="auto_select").state.shape,
            tf.random.Algorithm.THREEFRY.value)


@cases("an unknown algorithm: TF's ValueError")
def _(tf):
    return tf.random.Generator.from_seed(1, alg="foo")


@cases("from_state and from_key_counter")
def _(tf):
    return (tf.random.Generator.from_state([1, 2, 3], alg="philox").state.numpy(),
            tf.random.Generator.from_state(tf.constant([4, 5, 6]), alg="philox").state.numpy(),
            tf.random.Generator.from_key_counter(5, [1, 2], alg="philox").state.numpy())


@cases("from_state with a state of the wrong size")
def _(tf):
    return tf.random.Generator.from_state([1, 2], alg="philox")


@cases("from_key_counter with a counter of the wrong size")
def _(tf):
    return tf.random.Generator.from_key_counter(5, [1], alg="philox")


@cases("Generator() without state and alg: an assertion", compare_message=False)
def _(tf):
    return tf.random.Generator(state=[1, 2, 3])


@cases("from_non_deterministic_state: a [3] int64 state, a new one each time")
def _(tf):
    a = tf.random.Generator.from_non_deterministic_state()
    b = tf.random.Generator.from_non_deterministic_state()
    return a.state.dtype, a.state.shape, bool(np.any(a.state.numpy() != b.state.numpy()))


@cases("create_rng_state: an int, a short list (padded on the left), ThreeFry")
def _(tf):
    return (tf.random.create_rng_state(1, "philox"), tf.random.create_rng_state([1, 2], "philox"),
            tf.random.create_rng_state(7, "threefry"),
            tf.random.experimental.create_rng_state(3, "philox"))


# -- drawing: shapes, dtypes, how far the state moves -------------------------------------------
@cases("each draw moves the counter by 256 per number")
def _(tf):
    g = tf.random.Generator.from_seed(1)
    states = []
    for draw in (lambda: g.normal([2, 3]), lambda: g.normal([]), lambda: g.uniform([5]),
                 lambda: g.truncated_normal([5]), lambda: g.uniform([5], 0, 10, dtype=tf.int32),
                 lambda: g.uniform_full_int([4], dtype=tf.int64), lambda: g.skip(7),
                 lambda: g.make_seeds(3)):
        draw()
        states.append(g.state.numpy())
    return states


@cases("binomial: shape, dtype, range; the state moves on (TF's step is not mirrored)")
def _(tf):
    g = tf.random.Generator.from_seed(1)
    x = g.binomial([3, 2], counts=10.0, probs=0.5)
    return (_facts(x), bool(g.state.numpy()[0] > 1),
            bool(np.all((x.numpy() >= 0) & (x.numpy() <= 10))))


@cases("the counter carries into its second word")
def _(tf):
    g = tf.random.Generator.from_state([-256, 0, 9], alg="philox")
    g.normal([2])
    return g.state.numpy()


@cases("dtypes and shapes of every draw")
def _(tf):
    g = tf.random.Generator.from_seed(3)
    return [_facts(x) for x in (
        g.normal([2, 3]), g.normal([4], dtype=tf.float64), g.uniform([2], dtype=tf.float16),
        g.truncated_normal([3, 1]), g.uniform([2, 2], minval=1, maxval=9, dtype=tf.int64),
        g.uniform_full_int([3], dtype=tf.int32), g.binomial([2], 5.0, 0.3, dtype=tf.float32),
        g.make_seeds(4), g.normal(tf.constant([2, 2])))]


@cases("two generators from one seed agree; another seed differs")
def _(tf):
    a, b, c = (tf.random.Generator.from_seed(s) for s in (7, 7, 8))
    x, y, z = a.normal([50]), b.normal([50]), c.normal([50])
    return bool(np.all(x.numpy() == y.numpy())), bool(np.any(x.numpy() != z.numpy()))


@cases("successive draws differ; reset_from_seed and reset repeat them")
def _(tf):
    g = tf.random.Generator.from_seed(1)
    a, b = g.normal([4]).numpy(), g.normal([4]).numpy()
    g.reset_from_seed(1)
    c = g.normal([4]).numpy()
    g.reset([1, 0, 0])
    d = g.normal([4]).numpy()
    return bool(np.any(a != b)), bool(np.all(a == c)), bool(np.all(a == d)), g.state.numpy()


@cases("reset with a state of the wrong size")
def _(tf):
    tf.random.Generator.from_seed(1).reset([1, 2])


@cases("reset_from_key_counter sets [counter..., key]")
def _(tf):
    g = tf.random.Generator.from_seed(1)
    g.reset_from_key_counter(5, [3, 4])
    return g.state.numpy()


@cases("split: children start at counter 0 with new keys; the parent moves on")
def _(tf):
    g = tf.random.Generator.from_seed(1)
    children = g.split(3)
    states = [c.state.numpy() for c in children]
    draws = [c.normal([20]).numpy() for c in children] + [g.normal([20]).numpy()]
    differ = all(np.any(draws[i] != draws[j]) for i in range(4) for j in range(i + 1, 4))
    return (g.state.numpy(), [s[:2] for s in states], len({s[2] for s in states}), differ)


@cases("make_seeds: [2, count] int64, the second row zeros")
def _(tf):
    s = tf.random.Generator.from_seed(1).make_seeds(3)
    return s.dtype, s.shape, s.numpy()[1]


@cases("value ranges: uniform in [minval, maxval), truncated within 2 stddev")
def _(tf):
    g = tf.random.Generator.from_seed(5)
    u = g.uniform([2000], minval=-3.0, maxval=2.0).numpy()
    i = g.uniform([2000], minval=-4, maxval=3, dtype=tf.int32).numpy()
    t = g.truncated_normal([2000], mean=10.0, stddev=0.5).numpy()
    return (bool(u.min() >= -3 and u.max() < 2), sorted(set(i.tolist())),
            bool(t.min() >= 9.0 and t.max() <= 11.0))


@cases("uniform with minval/maxval tensors broadcasts them")
def _(tf):
    x = tf.random.Generator.from_seed(1).uniform([2], minval=[0.0, 10.0], maxval=[1.0, 20.0])
    return _facts(x), bool(x[0] < 1 and x[1] >= 10)


@cases("uniform of an int dtype needs both bounds or neither")
def _(tf):
    return tf.random.Generator.from_seed(1).uniform([2], dtype=tf.int32)


@cases("uniform of an int dtype with minval >= maxval")
def _(tf):
    return tf.random.Generator.from_seed(1).uniform([2], minval=5, maxval=3, dtype=tf.int32)


@cases("normal of an int dtype: the mean cannot be converted")
def _(tf):
    return tf.random.Generator.from_seed(1).normal([2], dtype=tf.int32)


@cases("uniform_full_int of a float dtype")
def _(tf):
    return tf.random.Generator.from_seed(1).uniform_full_int([2], dtype=tf.float32)


@cases("a negative dimension")
def _(tf):
    return tf.random.Generator.from_seed(1).normal([-1])


# -- tf.function and checkpoints ---------------------------------------------------------------
@cases("in tf.function the state moves on with every call")
def _(tf):
    g = tf.random.Generator.from_seed(1)

    @tf.function
    def draw():
        return g.normal([3])

    a, b = draw(), draw()
    return _facts(a), bool(np.any(a.numpy() != b.numpy())), g.state.numpy()


@cases("a Generator made on the first trace only (the guide's pattern)")
def _(tf):
    holder = []

    @tf.function
    def draw():
        if not holder:
            holder.append(tf.random.Generator.from_seed(1))
        return holder[0].normal([])

    a, b = draw(), draw()
    return bool(a != b), holder[0].state.numpy()


@cases("a Generator made on every call: TF's singleton-variable error", compare_message=False)
def _(tf):
    @tf.function
    def draw():
        return tf.random.Generator.from_seed(1).normal([])
    draw()
    return draw()


@cases("g.skip alone in a tf.function still runs")
def _(tf):
    g = tf.random.Generator.from_seed(1)

    @tf.function
    def skip():
        g.skip(4)
        return tf.constant(0)

    skip()
    skip()
    return g.state.numpy()


@cases("generators as tf.function arguments: one trace each")
def _(tf):
    traces = []

    @tf.function
    def draw(g):
        traces.append(1)
        return g.normal([])

    draw(tf.random.Generator.from_seed(1))
    draw(tf.random.Generator.from_seed(2))
    return len(traces)


@cases("a checkpoint saves the state; restoring repeats the draws")
def _(tf):
    g = tf.random.Generator.from_seed(1)
    ckpt = tf.train.Checkpoint(generator=g)
    g.normal([])
    path = ckpt.write(os.path.join(tempfile.mkdtemp(), "ckpt"))
    a = g.normal([3]).numpy()
    ckpt.restore(path)
    restored = g.state.numpy()
    b = g.normal([3]).numpy()
    names = [n for n, _ in tf.train.list_variables(path) if "generator" in n]
    return restored, bool(np.all(a == b)), names


@cases("a tf.Module does not list a Generator's state among its variables")
def _(tf):
    m = tf.Module()
    m.g = tf.random.Generator.from_seed(0)
    return len(m.variables)


# -- the global generator ----------------------------------------------------------------------
@cases("the global generator: one object, not reseeded by set_seed")
def _(tf):
    g = tf.random.get_global_generator()
    before = g.state.numpy()
    tf.random.set_seed(1)
    return (tf.random.get_global_generator() is g, bool(np.all(g.state.numpy() == before)),
            g.state.shape, _facts(g.normal([2, 3])))


@cases("set_global_generator installs a generator")
def _(tf):
    old = tf.random.get_global_generator()
    mine = tf.random.Generator.from_seed(3)
    tf.random.experimental.set_global_generator(mine)
    try:
        return tf.random.get_global_generator() is mine
    finally:
        tf.random.set_global_generator(old)


# -- stateless draws -----------------------------------------------------------------------------
@cases("stateless_normal: the same seed, the same numbers; dtypes and shapes")
def _(tf):
    a = tf.random.stateless_normal([2, 3], seed=[1, 2])
    b = tf.random.stateless_normal([2, 3], seed=tf.constant([1, 2], tf.int64))
    c = tf.random.stateless_normal([2, 3], seed=[1, 3])
    d = tf.random.stateless_normal([2], seed=[1, 2], dtype=tf.float64, mean=5.0, stddev=0.1)
    return (_facts(a), bool(np.all(a.numpy() == b.numpy())), bool(np.any(a.numpy() != c.numpy())),
            _facts(d), bool(abs(d.numpy().mean() - 5) < 1))


@cases("stateless_truncated_normal stays within 2 stddev")
def _(tf):
    x = tf.random.stateless_truncated_normal([3000], seed=[4, 2], mean=3.0, stddev=0.5).numpy()
    return bool(x.min() >= 2.0 and x.max() <= 4.0)


@cases("stateless_uniform with int dtypes: bounds, full range, errors")
def _(tf):
    i = tf.random.stateless_uniform([500], seed=[1, 2], minval=-2, maxval=3, dtype=tf.int32)
    full = tf.random.stateless_uniform([4], seed=[1, 2], minval=None, maxval=None,
                                       dtype=tf.int64)
    return sorted(set(i.numpy().tolist())), _facts(full)


@cases("stateless_uniform of an int dtype needs both bounds")
def _(tf):
    return tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32)


@cases("stateless_uniform with minval == maxval")
def _(tf):
    return tf.random.stateless_uniform([2], seed=[1, 2], minval=5, maxval=5, dtype=tf.int32)


@cases("stateless_uniform of a bool dtype")
def _(tf):
    return tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.bool)


@cases("a seed of the wrong shape")
def _(tf):
    return tf.random.stateless_normal([2], seed=[1, 2, 3])


@cases("a scalar seed")
def _(tf):
    return tf.random.stateless_uniform([2], seed=1)


@cases("a float seed")
def _(tf):
    return tf.random.stateless_normal([2], seed=[1.0, 2.0])


@cases("stateless_categorical: [batch, num_samples] indices in range; -inf logits never drawn")
def _(tf):
    x = tf.random.stateless_categorical([[0.0, float("-inf"), 0.0], [1.0, 1.0, 1.0]], 200,
                                        seed=[7, 17])
    y = tf.random.stateless_categorical([[0.0, 0.0]], 3, seed=[7, 17], dtype=tf.int32)
    return _facts(x), bool(np.all(x.numpy()[0] != 1)), sorted(set(x.numpy()[1])), _facts(y)


@cases("stateless_categorical needs a matrix of logits")
def _(tf):
    return tf.random.stateless_categorical([0.5, 0.5], 5, seed=[7, 17])


@cases("stateless_categorical of a float dtype")
def _(tf):
    return tf.random.stateless_categorical([[0.5, 0.5]], 5, seed=[7, 17], dtype=tf.float32)


@cases("stateless_binomial: dtypes, range, counts broadcast to the shape's end")
def _(tf):
    a = tf.random.stateless_binomial([4, 2], seed=[1, 2], counts=[5.0, 20.0], probs=0.5)
    b = tf.random.stateless_binomial([3], seed=[1, 2], counts=10.0, probs=0.5,
                                     output_dtype=tf.float32)
    return _facts(a), _facts(b), bool(np.all(a.numpy()[:, 0] <= 5))


@cases("stateless_binomial with counts that do not end the shape")
def _(tf):
    return tf.random.stateless_binomial([3], seed=[1, 2], counts=[10.0, 20.0], probs=0.5)


@cases("tf.random.split and experimental.stateless_split: [num, 2] seeds of the seed's dtype")
def _(tf):
    a = tf.random.split([1, 2], num=3)
    b = tf.random.experimental.stateless_split(tf.constant([1, 2], tf.int64))
    return _facts(a), _facts(b), len({tuple(r) for r in a.numpy()})


@cases("stateless draws in tf.function equal the eager ones")
def _(tf):
    f = tf.function(lambda: tf.random.stateless_normal([5], seed=[3, 4]))
    return bool(np.all(f().numpy() == tf.random.stateless_normal([5], seed=[3, 4]).numpy()))


# -- logical devices -----------------------------------------------------------------------------
@cases("LogicalDeviceConfiguration prints as TF's; VirtualDeviceConfiguration is it")
def _(tf):
    c = tf.config.LogicalDeviceConfiguration(memory_limit=100)
    return repr(c), tf.config.experimental.VirtualDeviceConfiguration is \
        tf.config.LogicalDeviceConfiguration


@cases("splitting the CPU once the runtime has started: TF's RuntimeError")
def _(tf):
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.list_logical_devices()
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)


@cases("a logical device configuration for an unknown device")
def _(tf):
    tf.config.set_logical_device_configuration("cpu", [tf.config.LogicalDeviceConfiguration()])


@pytest.mark.parametrize("fn,compare_message,rtol", cases.params)
def test_random_matches_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
