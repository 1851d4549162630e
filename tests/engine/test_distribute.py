"""tf.distribute on the engine: its errors, its threads, and the rules the differential cases
cannot reach (tests/differential/test_against_tensorflow_distribute.py compares with TF)."""
from __future__ import annotations

import threading

import numpy as np
import pytest

import course.engine as tf
from course.engine import unsupported


def _two():
    return tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])


def _replica_id():
    return tf.distribute.get_replica_context().replica_id_in_sync_group


def test_device_names_are_canonical_and_duplicates_refused():
    """TF accepts "cpu:1", "/cpu:1", "/device:CPU:1" for the same device; twice is an error."""
    s = tf.distribute.MirroredStrategy(["cpu:0", "/device:CPU:1", "/cpu:2"])
    assert s._devices == tuple(f"/job:localhost/replica:0/task:0/device:CPU:{i}" for i in range(3))
    with pytest.raises(AssertionError, match="No duplicates allowed"):
        tf.distribute.MirroredStrategy(["cpu:0", "/cpu:0"])
    with pytest.raises(ValueError, match="Unknown attribute"):
        tf.distribute.MirroredStrategy(["cpu;0"])


def test_default_devices_are_the_logical_cpus(monkeypatch):
    """MirroredStrategy() takes one replica per logical CPU (TF 2.21 on a CPU-only machine)."""
    from course.engine import devices
    monkeypatch.setattr(devices.settings, "logical_cpus",
                        [tf.config.LogicalDeviceConfiguration()] * 3)
    assert tf.distribute.MirroredStrategy().num_replicas_in_sync == 3
    monkeypatch.setattr(devices.settings, "logical_cpus", None)
    assert tf.distribute.MirroredStrategy().num_replicas_in_sync == 1


def test_run_inside_a_tf_function_traces_each_replica_and_leaves_no_thread():
    """TF traces run's function once per replica: the replica id is a constant of each trace."""
    s = _two()
    before = threading.active_count()

    @tf.function
    def step(x):
        ids = s.run(lambda v: v * tf.cast(_replica_id() + 1, tf.float32), args=(x,))
        return s.reduce("SUM", ids, axis=None), ids
    total, ids = step(tf.constant(2.0))
    assert float(total) == 6.0
    assert [float(v) for v in s.experimental_local_results(ids)] == [2.0, 4.0]
    assert threading.active_count() == before


def test_all_reduce_in_a_traced_run_is_combined_by_the_graph():
    s = _two()

    @tf.function
    def step():
        return s.run(lambda: tf.distribute.get_replica_context().all_reduce(
            "SUM", tf.cast(_replica_id(), tf.float32) + 1.0))
    assert [float(v) for v in s.experimental_local_results(step())] == [3.0, 3.0]


def test_a_per_replica_argument_is_one_graph_input_per_replica_and_traces_once():
    s = _two()
    dist = s.experimental_distribute_dataset(tf.data.Dataset.range(8).batch(4))

    @tf.function
    def step(x):
        return s.run(lambda v: v * 2, args=(x,))
    outs = [[v.numpy().tolist() for v in s.experimental_local_results(step(x))] for x in dist]
    assert outs == [[[0, 2], [4, 6]], [[8, 10], [12, 14]]]
    assert step.experimental_get_tracing_count() == 1


def test_all_reduce_inside_a_tf_function_run_eagerly_is_not_supported():
    before = threading.active_count()

    @tf.function
    def step():
        return tf.distribute.get_replica_context().all_reduce("SUM", tf.constant(1.0))
    with pytest.raises(NotImplementedError, match="all_reduce inside a tf.function"):
        _two().run(step)
    assert threading.active_count() == before


def test_missing_parts_name_themselves():
    s = _two()
    with pytest.raises(NotImplementedError, match="merge_call"):
        s.run(lambda: tf.distribute.get_replica_context().merge_call(lambda strategy: 1))
    with pytest.raises(NotImplementedError, match="Strategy.extended"):
        s.extended
    with pytest.raises(unsupported.NotImplementedError,
                       match="tf.distribute.TPUStrategy is not part of this engine"):
        tf.distribute.TPUStrategy
    with pytest.raises(AttributeError, match="has no attribute 'MirrorStrategy'"):
        tf.distribute.MirrorStrategy


def test_an_error_in_a_replica_is_raised_and_no_thread_is_left():
    before = threading.active_count()

    def fails_in_replica_1():
        if int(_replica_id()) == 1:
            raise ValueError("replica 1 failed")
        return tf.constant(1.0)
    with pytest.raises(ValueError, match="replica 1 failed"):
        _two().run(fails_in_replica_1)
    assert threading.active_count() == before


def test_replicas_that_do_not_all_reduce_alike_fail_instead_of_hanging():
    before = threading.active_count()

    def only_replica_0_reduces():
        if int(_replica_id()) == 0:
            return tf.distribute.get_replica_context().all_reduce("SUM", tf.constant(1.0))
        return tf.constant(0.0)
    with pytest.raises(RuntimeError, match="same all_reduce calls"):
        _two().run(only_replica_0_reduces)
    assert threading.active_count() == before


def test_an_error_while_others_wait_at_all_reduce_reaches_the_caller():
    def replica_1_fails_before_reducing():
        if int(_replica_id()) == 1:
            raise KeyError("boom")
        return tf.distribute.get_replica_context().all_reduce("SUM", tf.constant(1.0))
    with pytest.raises(KeyError, match="boom"):
        _two().run(replica_1_fails_before_reducing)


def test_bad_arguments():
    s = _two()
    with pytest.raises(ValueError, match="not a valid ReduceOp"):
        s.reduce("MAX", s.run(lambda: tf.constant(1.0)), axis=None)
    with pytest.raises(ValueError, match="need at least one dimension"):
        s.gather(s.run(lambda: tf.cast(_replica_id(), tf.float32)), axis=0)
    with pytest.raises(ValueError, match="batch the dataset first"):
        next(iter(s.experimental_distribute_dataset(tf.data.Dataset.range(3))))
    with pytest.raises(RuntimeError, match="Mixing different tf.distribute.Strategy"):
        with s.scope(), _two().scope():
            pass


def test_the_default_strategy_changes_nothing():
    d = tf.distribute.get_strategy()
    with d.scope():
        assert not tf.distribute.has_strategy()
        assert type(tf.Variable(1.0)) is tf.Variable
    assert d.run(lambda x: x + 1, args=(1,)) == 2
    assert tf.distribute.get_replica_context().replica_id_in_sync_group == 0


def test_variables_made_in_a_replica_are_plain_and_in_the_scope_mirrored():
    s = _two()
    with s.scope():
        mirrored = tf.Variable(1.0)
        made = s.run(lambda: tf.Variable(2.0))
    assert isinstance(mirrored, tf.Variable) and type(mirrored).__name__ == "MirroredVariable"
    assert [type(v) for v in s.experimental_local_results(made)] == [tf.Variable, tf.Variable]


def test_replica_key_is_tf_rule():
    """TF's rule (stateful_random_ops.py): replica r draws with the key replaced by the first
    uint64 of the Philox stream of (key, counter=[r, 0]); the counter is the generator's."""
    s = _two()
    with s.scope():
        g = tf.random.Generator.from_seed(1)
    counter, key = [int(w) for w in g.state.numpy()[:2]], int(g.state.numpy()[2])
    got = s.experimental_local_results(s.run(lambda: g.normal([3])))
    for r in range(2):
        hashed = tf.random.Generator.from_key_counter(key, [r, 0], "philox").uniform_full_int(
            [1], dtype=tf.int64)
        want = tf.random.Generator.from_key_counter(hashed[0], counter, "philox").normal([3])
        np.testing.assert_array_equal(got[r].numpy(), want.numpy())


def test_keras_fit_in_a_mirrored_scope_matches_plain_fit():
    """Two replicas with equal halves of each batch: the mean gradient is the global one."""
    x = np.linspace(-1, 1, 16, dtype=np.float32).reshape(-1, 1)
    histories = []
    for scope in (tf.distribute.get_strategy().scope(), _two().scope()):
        with scope:
            model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
            model.set_weights([np.array([[0.5]], np.float32), np.array([0.0], np.float32)])
            model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
        histories.append(model.fit(x, 3 * x + 1, epochs=2, batch_size=8, shuffle=False,
                                   verbose=0).history["loss"])
    np.testing.assert_allclose(histories[0], histories[1], rtol=1e-6)


def test_a_traced_function_run_per_replica_asks_which_replica_runs():
    """One trace serves every replica here (docs: known differences); its replica id, random
    key and variable reads are the running replica's, as TF's per-replica traces are."""
    s = _two()
    with s.scope():
        v = tf.Variable(1.0)
    s.run(lambda: v.assign(tf.cast(_replica_id(), tf.float32) + 10.0))
    traces = []

    @tf.function
    def step():
        traces.append(1)
        return _replica_id(), v.read_value()
    ids, values = s.run(step)
    assert [int(x) for x in s.experimental_local_results(ids)] == [0, 1]
    assert [float(x) for x in s.experimental_local_results(values)] == [10.0, 11.0]
    assert len(traces) == 1


def _all_reduce_loss(x0: float, x1: float, reduce_op: str):
    """Run in two replicas (x_r in replica r): z_r = all_reduce(x_r**2) * x_r. Returns each
    replica's tape gradient dz_r/dx_r and the global sum L = z_0 + z_1."""
    s = _two()
    xs = s.experimental_distribute_values_from_function(
        lambda ctx: tf.constant([x0, x1], tf.float64)[ctx.replica_id_in_sync_group])

    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            z = tf.distribute.get_replica_context().all_reduce(reduce_op, x * x) * x
        return z, tape.gradient(z, x)
    zs, grads = s.run(step, args=(xs,))
    return [float(g) for g in s.experimental_local_results(grads)], \
        sum(float(z) for z in s.experimental_local_results(zs))


@pytest.mark.parametrize("reduce_op", ["SUM", "MEAN"])
def test_all_reduce_gradient_matches_central_differences(reduce_op):
    """AllReduce's numeric gradient check (tests/engine/test_gradients.py sends it here: it needs
    replicas). TF's rule: replica r's gradient is the reduction of every replica's upstream
    gradient, so replica r's tape gives dL/dx_r for L, the sum of all replicas' outputs."""
    x, eps = [2.0, -1.5], 1e-6
    grads, _ = _all_reduce_loss(*x, reduce_op)
    for r in range(2):
        up, down = list(x), list(x)
        up[r] += eps
        down[r] -= eps
        numeric = (_all_reduce_loss(*up, reduce_op)[1] - _all_reduce_loss(*down, reduce_op)[1]) / (2 * eps)
        assert grads[r] == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def test_each_replica_keeps_its_own_tapes_and_name_scope_across_an_all_reduce():
    """TF's tapes and name scopes are per thread: a tape replica 0 holds open at an all_reduce
    records nothing of replica 1, and replica 0's name scope does not leak into replica 1."""
    s = _two()
    seen = {}

    def step():
        ctx = tf.distribute.get_replica_context()
        with tf.GradientTape() as tape:
            with tf.name_scope(f"replica{int(ctx.replica_id_in_sync_group)}"):
                ctx.all_reduce("SUM", tf.constant(1.0))
                seen[int(ctx.replica_id_in_sync_group)] = (
                    tf.Variable(0.0, name="v").name, len(tape._records))
        return tf.constant(0.0)
    s.run(step)
    assert seen == {0: ("replica0/v:0", 0), 1: ("replica1/v:0", 0)}
