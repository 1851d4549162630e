"""`tf.random`: shapes, dtypes, ranges and TF's seeding rules (TF's numbers, bit for bit, are
compared with TF itself in tests/differential/test_against_tensorflow_philox.py)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


def test_set_seed_makes_every_later_draw_reproducible():
    """TF: after set_seed(s), the sequence of draws replays exactly after set_seed(s) again."""
    def draws():
        tf.random.set_seed(1)
        return [tf.random.uniform([3]), tf.random.normal([2, 2]), tf.random.uniform([2], seed=5),
                tf.random.uniform([2], seed=5), tf.random.truncated_normal([4]),
                tf.random.shuffle(tf.range(10)), tf.random.uniform([3], 0, 10, dtype=tf.int32)]
    a, b = draws(), draws()
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x.numpy(), y.numpy())
    assert not np.array_equal(a[2].numpy(), a[3].numpy())  # same op seed: new numbers each call
    tf.random.set_seed(2)
    assert not np.array_equal(tf.random.uniform([3]).numpy(), a[0].numpy())


def test_shapes_dtypes_and_ranges():
    tf.random.set_seed(0)
    u = tf.random.uniform([1000], 2.0, 3.0)
    assert u.dtype is tf.float32 and u.shape == [1000]
    assert 2.0 <= u.numpy().min() and u.numpy().max() < 3.0
    i = tf.random.uniform([1000], 0, 5, dtype=tf.int32)
    assert i.dtype is tf.int32 and set(i.numpy().tolist()) == {0, 1, 2, 3, 4}
    n = tf.random.normal([4000], mean=1.0, stddev=2.0, dtype=tf.float64)
    assert n.dtype is tf.float64 and abs(n.numpy().mean() - 1.0) < 0.15
    assert abs(n.numpy().std() - 2.0) < 0.15
    t = tf.random.truncated_normal([2000])
    assert np.abs(t.numpy()).max() <= 2.0
    s = tf.random.shuffle(tf.range(10))
    assert sorted(s.numpy().tolist()) == list(range(10))


def test_integer_uniform_needs_maxval_and_a_valid_range():
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype"):
        tf.random.uniform([2], dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval, got 5 >= 1"):
        tf.random.uniform([2], 5, 1, dtype=tf.int32)


# -- tf.random.Generator and the stateless draws: statistics of 10^5 draws --------------------------
# Seeded, so they cannot flake; the tolerances are several standard errors wide all the same
# (the standard error of a mean of 10^5 unit-variance draws is 0.003).
N = 100_000


def test_generator_normal_and_uniform_have_the_right_moments():
    g = tf.random.Generator.from_seed(42)
    z = g.normal([N], mean=3.0, stddev=2.0).numpy()
    assert abs(z.mean() - 3.0) < 0.02 and abs(z.std() - 2.0) < 0.02
    u = g.uniform([N], minval=-1.0, maxval=5.0).numpy()
    assert -1.0 <= u.min() and u.max() < 5.0
    assert abs(u.mean() - 2.0) < 0.03 and abs(u.std() - 6 / np.sqrt(12)) < 0.02
    d = g.normal([N], dtype=tf.float64).numpy()
    assert d.dtype == np.float64 and abs(d.mean()) < 0.015


def test_generator_truncated_normal_is_a_normal_cut_at_two_stddev():
    t = tf.random.Generator.from_seed(1).truncated_normal([N], mean=-1.0, stddev=0.5).numpy()
    assert -2.0 <= t.min() and t.max() <= 0.0
    assert abs(t.mean() + 1.0) < 0.01
    assert abs(t.std() - 0.5 * 0.8796) < 0.01  # the stddev of N(0, 1) cut at +-2 is 0.8796


def test_generator_integers_cover_their_range_evenly():
    g = tf.random.Generator.from_seed(3)
    i = g.uniform([N], minval=-3, maxval=7, dtype=tf.int32).numpy()
    counts = np.bincount(i + 3)
    assert len(counts) == 10 and counts.min() > N / 10 * 0.95
    full = g.uniform_full_int([N], dtype=tf.int64).numpy()
    assert (full < 0).mean() == pytest.approx(0.5, abs=0.01)
    b = g.binomial([N], counts=10.0, probs=0.3).numpy()
    assert abs(b.mean() - 3.0) < 0.03 and abs(b.var() - 2.1) < 0.05


def test_generator_state_moves_256_per_number_and_reset_repeats():
    g = tf.random.Generator.from_seed(1)
    a = g.normal([2, 3])
    np.testing.assert_array_equal(g.state.numpy(), [1 + 6 * 256, 0, 0])
    g.reset_from_seed(1)
    np.testing.assert_array_equal(g.normal([2, 3]).numpy(), a.numpy())
    g.skip(10)
    assert g.state.numpy()[0] == 1 + 16 * 256


def test_split_children_and_copies():
    g = tf.random.Generator.from_seed(9)
    c1, c2 = g.split(2)
    draws = [x.normal([1000]).numpy() for x in (g, c1, c2)]
    assert abs(np.corrcoef(draws[1], draws[2])[0, 1]) < 0.1
    copy = tf.random.Generator(copy_from=g)
    np.testing.assert_array_equal(copy.normal([5]).numpy(), g.normal([5]).numpy())


def test_a_generator_in_a_function_draws_anew_each_call_and_saves_in_a_checkpoint(tmp_path):
    g = tf.random.Generator.from_seed(1)
    draw = tf.function(lambda: g.normal([4]))
    a, b = draw().numpy(), draw().numpy()
    assert not np.array_equal(a, b) and g.state.numpy()[0] == 1 + 8 * 256
    ckpt = tf.train.Checkpoint(generator=g)
    path = ckpt.write(str(tmp_path / "ckpt"))
    c = draw().numpy()
    ckpt.restore(path)
    np.testing.assert_array_equal(draw().numpy(), c)


def test_stateless_draws_have_the_right_moments_and_repeat():
    z = tf.random.stateless_normal([N], seed=[1, 2], mean=1.0, stddev=3.0).numpy()
    assert abs(z.mean() - 1.0) < 0.03 and abs(z.std() - 3.0) < 0.03
    np.testing.assert_array_equal(
        z, tf.random.stateless_normal([N], seed=[1, 2], mean=1.0, stddev=3.0).numpy())
    t = tf.random.stateless_truncated_normal([N], seed=[5, 6]).numpy()
    assert np.abs(t).max() <= 2.0 and abs(t.std() - 0.8796) < 0.01
    i = tf.random.stateless_uniform([N], seed=[3, 4], minval=0, maxval=4, dtype=tf.int64).numpy()
    assert np.bincount(i).min() > N / 4 * 0.95
    b = tf.random.stateless_binomial([N], seed=[1, 1], counts=20.0, probs=0.25).numpy()
    assert abs(b.mean() - 5.0) < 0.05


def test_stateless_categorical_follows_the_softmax_of_the_logits():
    p = np.array([0.1, 0.6, 0.3])
    x = tf.random.stateless_categorical(np.log(p)[None], N, seed=[7, 17]).numpy()
    freq = np.bincount(x[0], minlength=3) / N
    np.testing.assert_allclose(freq, p, atol=0.01)


def test_stateless_uniform_floats_are_tensorflows():
    """TF 2.21 prints these for stateless_uniform([3], seed=[4, 2]) (Philox, as its CPU kernel);
    Keras's Dropout masks and the course's notebooks depend on them."""
    u = tf.random.stateless_uniform([3], seed=[4, 2]).numpy()
    np.testing.assert_array_equal(u, np.float32([0.4191460609436035, 0.3630366325378418,
                                                 0.3026691675186157]))


def test_the_cpu_splits_into_logical_devices_before_the_runtime_starts():
    from course.engine import devices
    saved = (devices.settings.logical_cpus, devices.settings.initialized)
    devices.settings.logical_cpus, devices.settings.initialized = None, False
    try:
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.experimental.set_virtual_device_configuration(
            cpu, [tf.config.experimental.VirtualDeviceConfiguration()] * 3)
        names = [d.name for d in tf.config.list_logical_devices("CPU")]
        assert names == ["/device:CPU:0", "/device:CPU:1", "/device:CPU:2"]
        assert len(tf.config.get_logical_device_configuration(cpu)) == 3
        with pytest.raises(RuntimeError, match="cannot be modified after being initialized"):
            tf.config.set_logical_device_configuration(cpu, [])
    finally:
        devices.settings.logical_cpus, devices.settings.initialized = saved
