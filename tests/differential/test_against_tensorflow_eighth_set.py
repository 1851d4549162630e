"""The eighth guide set's smaller pieces, outside any strategy: the engine and TF 2.21 agree.

`tf.data.Options` (typed settings, merged over a pipeline), `Dataset.shard`,
`tf.nn.compute_average_loss` and `tf.nn.scale_regularization_loss` (values,
dtypes, gradients, errors) and the default strategy's `reduce`. The cases
with several replicas are in test_against_tensorflow_distribute_guides.py.
"""
from __future__ import annotations

import pytest

from .tf_compare import Cases, check

cases = Cases()


# -- tf.data.Options -------------------------------------------------------------------------
@cases("options: the defaults, and AutoShardPolicy an IntEnum (printed as its number)")
def _(tf):
    o = tf.data.Options()
    return (o.deterministic, o.experimental_slack, o.threading.private_threadpool_size,
            str(o.experimental_distribute.auto_shard_policy),
            repr(tf.data.experimental.AutoShardPolicy.DATA),
            [int(p) for p in tf.data.experimental.AutoShardPolicy])


@cases("options: an assignment of another type is TF's TypeError")
def _(tf):
    tf.data.Options().experimental_distribute.auto_shard_policy = 2


@cases("options: a bool option refuses an int")
def _(tf):
    tf.data.Options().deterministic = 1


@cases("options: a name Options lacks is TF's AttributeError")
def _(tf):
    tf.data.Options().foo = 1


@cases("options: with_options keeps the elements; options() sees them after later stages")
def _(tf):
    o = tf.data.Options()
    o.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    o.threading.private_threadpool_size = 4
    ds = tf.data.Dataset.range(3).with_options(o)
    later = ds.map(lambda x: x * 2).batch(2)
    return (list(later.as_numpy_iterator()), later.options() == o,
            int(later.options().experimental_distribute.auto_shard_policy),
            later.options().threading.private_threadpool_size,
            tf.data.Dataset.range(3).options() == tf.data.Options())


@cases("options: a later with_options wins for the settings it changes, keeps the others")
def _(tf):
    first, second = tf.data.Options(), tf.data.Options()
    first.deterministic = True
    first.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.OFF
    second.deterministic = False
    merged = tf.data.Dataset.range(2).with_options(first).with_options(second).options()
    return merged.deterministic, int(merged.experimental_distribute.auto_shard_policy)


@cases("options: experimental_deterministic is TF's older name of deterministic")
def _(tf):
    o = tf.data.Options()
    o.experimental_deterministic = False
    return o.deterministic, o.experimental_deterministic


# -- Dataset.shard ---------------------------------------------------------------------------
@cases("shard: every num_shards-th element from index on, and its cardinality")
def _(tf):
    ds = tf.data.Dataset.range(10)
    return ([list(ds.shard(3, i).as_numpy_iterator()) for i in range(3)],
            [ds.shard(3, i).cardinality() for i in range(3)],
            tf.data.Dataset.range(9).shard(3, 2).cardinality(),
            ds.repeat().shard(3, 1).cardinality(),
            ds.filter(lambda x: x > 2).shard(3, 1).cardinality())


@cases("shard: no shards is TF's InvalidArgumentError")
def _(tf):
    tf.data.Dataset.range(10).shard(0, 0)


@cases("shard: an index outside [0, num_shards) is TF's InvalidArgumentError")
def _(tf):
    tf.data.Dataset.range(10).shard(2, 2)


# -- compute_average_loss, scale_regularization_loss ----------------------------------------
@cases("compute_average_loss: sum / (rows * replicas); global_batch_size; 0 gives 0")
def _(tf):
    loss = tf.constant([1.0, 2.0, 3.0, 4.0])
    return (tf.nn.compute_average_loss(loss),
            tf.nn.compute_average_loss(loss, global_batch_size=8),
            tf.nn.compute_average_loss(loss, global_batch_size=0),
            tf.nn.compute_average_loss(tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)))


@cases("compute_average_loss: sample weights scalar, same rank, or a trailing dimension more")
def _(tf):
    loss = tf.constant([1.0, 2.0, 3.0, 4.0])
    return (tf.nn.compute_average_loss(loss, sample_weight=[1.0, 0.0, 1.0, 0.0]),
            tf.nn.compute_average_loss(loss, sample_weight=2),
            tf.nn.compute_average_loss(loss, sample_weight=[[1.0], [0.0], [1.0], [0.0]]),
            tf.nn.compute_average_loss(tf.constant([[1.0, 2.0], [3.0, 4.0]]),
                                       sample_weight=[1.0, 0.0]),
            tf.nn.compute_average_loss(tf.constant([1.0, 2.0], tf.float64),
                                       sample_weight=[0.5, 0.5]))


@cases("compute_average_loss: a scalar loss is TF's ValueError (rank 1 at least)")
def _(tf):
    tf.nn.compute_average_loss(tf.constant(1.0))


@cases("compute_average_loss: a float global_batch_size is TF's TypeError")
def _(tf):
    tf.nn.compute_average_loss(tf.constant([1.0]), global_batch_size=2.0)


@cases("compute_average_loss: a global_batch_size that is no scalar is TF's ValueError")
def _(tf):
    tf.nn.compute_average_loss(tf.constant([1.0]), global_batch_size=[2])


@cases("compute_average_loss: d/dloss_i = weight_i / global batch (TF's gradient)")
def _(tf):
    loss = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        out = tf.nn.compute_average_loss(loss * loss, sample_weight=[1.0, 2.0, 0.5],
                                         global_batch_size=6)
    return out, tape.gradient(out, loss)


@cases("scale_regularization_loss: the sum over the replicas in sync (one here)")
def _(tf):
    return (tf.nn.scale_regularization_loss(tf.constant([1.0, 2.0])),
            tf.nn.scale_regularization_loss(3.0))


# -- the default strategy ----------------------------------------------------------------------
@cases("default strategy: reduce(axis=None) gives its value back as it is (a float stays one)")
def _(tf):
    s = tf.distribute.get_strategy()
    return (repr(s.reduce("SUM", 1.0, axis=None)), repr(s.reduce("MEAN", [1.0, 2.0], axis=None)),
            s.reduce("SUM", tf.constant([1.0, 2.0]), axis=0))


@cases("default strategy: distribute_datasets_from_function gives the dataset itself")
def _(tf):
    ds = tf.distribute.get_strategy().distribute_datasets_from_function(
        lambda ctx: tf.data.Dataset.range(2 * ctx.num_replicas_in_sync))
    return list(ds.as_numpy_iterator())


@cases("InputContext: its defaults and printed form")
def _(tf):
    ctx = tf.distribute.InputContext(2, 1, 4)
    default = tf.distribute.InputContext()
    return (str(ctx), ctx.get_per_replica_batch_size(8), default.num_input_pipelines,
            default.input_pipeline_id, default.num_replicas_in_sync)


# -- tf.experimental.Optional, get_next_as_optional ------------------------------------------
@cases("Optional: from_value and empty, their has_value and element_spec")
def _(tf):
    full = tf.experimental.Optional.from_value((tf.constant(1), tf.constant([2.0])))
    empty = tf.experimental.Optional.empty(tf.TensorSpec([], tf.int32))
    return (full.has_value(), full.get_value(), repr(full.element_spec), empty.has_value(),
            repr(empty.element_spec))


@cases("Optional: get_value of an empty one is TF's InvalidArgumentError (OptionalGetValue)")
def _(tf):
    return tf.experimental.Optional.empty(tf.TensorSpec([], tf.int32)).get_value()


@cases("get_next_as_optional: the elements, then no value (no OutOfRangeError)")
def _(tf):
    it = iter(tf.data.Dataset.from_tensor_slices(([1, 2], [[1.0], [2.0]])))
    outs = [it.get_next_as_optional() for _ in range(3)]
    return [o.has_value() for o in outs], outs[1].get_value(), repr(outs[2].element_spec)


@cases("get_next_as_optional past the end: get_value raises TF's error")
def _(tf):
    it = iter(tf.data.Dataset.range(1))
    it.get_next_as_optional()
    return it.get_next_as_optional().get_value()


@cases("get_next_as_optional in a tf.function: a loop over tf.range stops when it has no value")
def _(tf):
    it = iter(tf.data.Dataset.range(5).batch(2))

    @tf.function
    def total(iterator):
        s = tf.constant(0, tf.int64)
        for _ in tf.range(10):
            optional = iterator.get_next_as_optional()
            if not optional.has_value():
                break
            s += tf.reduce_sum(optional.get_value())
        return s
    return total(it), it.get_next_as_optional().has_value()


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_eighth_set_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
