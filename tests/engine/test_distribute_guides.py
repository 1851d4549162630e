"""The eighth guide set's API on the engine alone (TF's side: tests/differential/
test_against_tensorflow_distribute_guides.py and test_against_tensorflow_eighth_set.py)."""
from __future__ import annotations

import pytest

import course.engine as tf


def _two():
    return tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])


def test_options_are_typed_and_merged_later_stage_first():
    first, second = tf.data.Options(), tf.data.Options()
    first.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    second.deterministic = False
    ds = tf.data.Dataset.range(3).with_options(first).map(lambda x: x).with_options(second)
    merged = ds.options()
    assert merged.deterministic is False
    assert merged.experimental_distribute.auto_shard_policy == 2
    assert list(ds.as_numpy_iterator()) == [0, 1, 2]
    with pytest.raises(TypeError, match='"deterministic" must be of type'):
        first.deterministic = "yes"
    with pytest.raises(AttributeError, match="Cannot set the property nope on Options"):
        first.nope = 1
    with pytest.raises(TypeError, match="with_options expects a tf.data.Options"):
        ds.with_options({"deterministic": False})


def test_shard_takes_every_nth_element():
    ds = tf.data.Dataset.range(10).shard(4, 3)
    assert list(ds.as_numpy_iterator()) == [3, 7]
    assert int(ds.cardinality()) == 2
    with pytest.raises(tf.errors.InvalidArgumentError, match="Index must be between 0 and 3"):
        tf.data.Dataset.range(10).shard(4, 4)


def test_compute_average_loss_divides_by_the_global_batch_in_each_replica():
    s = _two()
    loss = tf.constant([1.0, 3.0])
    out = s.run(lambda: tf.nn.compute_average_loss(loss))  # 4 / (2 rows * 2 replicas)
    assert [float(v) for v in s.experimental_local_results(out)] == [1.0, 1.0]
    assert float(s.reduce("SUM", out, axis=None)) == 2.0  # the global mean
    reg = s.run(lambda: tf.nn.scale_regularization_loss(tf.constant([1.0, 3.0])))
    assert [float(v) for v in s.experimental_local_results(reg)] == [2.0, 2.0]
    with s.scope(), pytest.raises(RuntimeError, match="in cross replica context"):
        tf.nn.compute_average_loss(loss)


def test_datasets_from_function_deals_elements_out_and_pads_the_last_step():
    s = _two()
    seen = []

    def dataset_fn(ctx):
        seen.append((ctx.num_input_pipelines, ctx.input_pipeline_id, ctx.num_replicas_in_sync))
        return tf.data.Dataset.range(3).batch(ctx.get_per_replica_batch_size(2))
    steps = [[v.numpy().tolist() for v in s.experimental_local_results(x)]
             for x in s.distribute_datasets_from_function(dataset_fn)]
    assert seen == [(1, 0, 2)]
    assert steps == [[[0], [1]], [[2], []]]


def test_other_strategies_have_one_replica_on_cpu_0():
    mw = tf.distribute.MultiWorkerMirroredStrategy()
    cs = tf.distribute.experimental.CentralStorageStrategy()
    assert mw.num_replicas_in_sync == cs.num_replicas_in_sync == 1
    with cs.scope():
        assert type(tf.Variable(1.0)).__name__ != "MirroredVariable"
    with pytest.raises(NotImplementedError, match="cluster_resolver"):
        tf.distribute.MultiWorkerMirroredStrategy(cluster_resolver=object())
    with pytest.raises(NotImplementedError, match="several compute devices"):
        tf.distribute.experimental.CentralStorageStrategy(["cpu:0", "cpu:1"])


def test_get_next_as_optional_ends_without_an_error_and_get_value_then_raises():
    it = iter(tf.data.Dataset.range(1))
    assert bool(it.get_next_as_optional().has_value())
    empty = it.get_next_as_optional()
    assert not bool(empty.has_value())
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not have a value"):
        empty.get_value()


def test_a_traced_loop_over_a_distributed_iterator_stops_at_the_end():
    s = _two()
    it = iter(s.experimental_distribute_dataset(tf.data.Dataset.range(5).batch(2)))

    @tf.function
    def steps(iterator):
        n, total = tf.constant(0), tf.constant(0, tf.int64)
        for _ in tf.range(10):
            optional = iterator.get_next_as_optional()
            if not optional.has_value():
                break
            total += s.reduce("SUM", s.run(tf.reduce_sum, args=(optional.get_value(),)),
                              axis=None)
            n += 1
        return n, total
    n, total = steps(it)
    assert (int(n), int(total)) == (3, 10)


def test_a_for_loop_over_a_distributed_dataset_in_a_tf_function_makes_a_new_pass_per_call():
    s = _two()
    dist = s.experimental_distribute_dataset(tf.data.Dataset.range(5).batch(2))

    @tf.function
    def epoch(dataset):
        total = tf.constant(0, tf.int64)
        for x in dataset:
            total += s.reduce("SUM", s.run(tf.reduce_sum, args=(x,)), axis=None)
        return total
    assert [int(epoch(dist)), int(epoch(dist))] == [10, 10]
    assert epoch.experimental_get_tracing_count() == 1
