"""tf.distribute cases from TF's distributed-training guides (the eighth guide set), run in a
fresh process on the engine or on TensorFlow 2.21, as distribute_cases.py runs its own:

    python tests/differential/distribute_guide_cases.py tensorflow|engine FOLDER [CASE ...]

The CPU is split into three logical devices first, so MirroredStrategy() has
three replicas. test_against_tensorflow_distribute_guides.py compares what the
two processes printed.
"""
from __future__ import annotations

import os
import sys


def run_inside_a_tf_function(tf, folder):
    """TF traces the function `run` calls once per replica into the tf.function's graph:
    the replica id is a constant there, and reduce, all_reduce and PerReplica results work."""
    s = tf.distribute.MirroredStrategy()
    ds = tf.data.Dataset.range(12).map(lambda x: tf.cast(x, tf.float32)).batch(6)
    dist = s.experimental_distribute_dataset(ds)

    def scaled(v):
        ctx = tf.distribute.get_replica_context()
        return v * tf.cast(ctx.replica_id_in_sync_group + 1, tf.float32)

    @tf.function
    def total(x):
        return s.reduce("SUM", s.run(scaled, args=(x,)), axis=None)

    @tf.function
    def mean_over_batch(x):
        return s.reduce(tf.distribute.ReduceOp.MEAN, s.run(scaled, args=(x,)), axis=0)

    @tf.function
    def per_replica(x):
        return s.run(lambda v: v * 2, args=(x,))

    @tf.function
    def summed_ids():
        def step():
            ctx = tf.distribute.get_replica_context()
            return ctx.all_reduce("SUM", tf.cast(ctx.replica_id_in_sync_group, tf.float32) + 1.0)
        return s.run(step)

    for x in dist:
        print(total(x), mean_over_batch(x))
    print(per_replica(next(iter(dist))))
    print(summed_ids())


def tf_function_with_a_distributed_input_signature(tf, folder):
    """input guide: `@tf.function(input_signature=[dist_dataset.element_spec])`."""
    s = tf.distribute.MirroredStrategy()
    ds = tf.data.Dataset.from_tensors(([1.], [1.])).repeat(12).batch(6)
    dist = s.experimental_distribute_dataset(ds)
    print(dist.element_spec)

    @tf.function(input_signature=[dist.element_spec])
    def train_step(per_replica_inputs):
        return s.run(lambda inputs: 2 * inputs[0] - inputs[1], args=(per_replica_inputs,))

    for x in dist:
        print(train_step(x))
    print(train_step.experimental_get_tracing_count())


def guide_custom_training_loop(tf, folder):
    """distributed_training guide: a Keras model trained by a tf.function that calls `run`, with
    compute_average_loss, scale_regularization_loss and a reduce of the replicas' losses. One
    replica, as in the guide: with several, TF 2.21 itself fails here (an InvalidArgumentError,
    "You must feed a value for placeholder tensor 'cond/else/_1/cond/Placeholder_1'", from the
    Keras optimizer's step traced in a replica on virtual CPUs)."""
    s = tf.distribute.MirroredStrategy(["cpu:0"])
    tf.keras.utils.set_random_seed(1)
    with s.scope():
        model = tf.keras.Sequential([tf.keras.layers.Dense(
            1, kernel_initializer="ones", kernel_regularizer=tf.keras.regularizers.L2(1e-4))])
        optimizer = tf.keras.optimizers.SGD()
    loss_object = tf.keras.losses.BinaryCrossentropy(from_logits=True, reduction="none")
    ds = tf.data.Dataset.from_tensors(([1.], [1.])).repeat(30).batch(15)
    dist = s.experimental_distribute_dataset(ds)

    def train_step(inputs):
        features, labels = inputs
        with tf.GradientTape() as tape:
            predictions = model(features, training=True)
            loss = tf.nn.compute_average_loss(loss_object(labels, predictions))
            loss += tf.nn.scale_regularization_loss(tf.add_n(model.losses))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        return loss

    @tf.function
    def distributed_train_step(dist_inputs):
        losses = s.run(train_step, args=(dist_inputs,))
        return s.reduce(tf.distribute.ReduceOp.SUM, losses, axis=None)

    for _ in range(2):
        for x in dist:  # (float32 sums in another order: the last digit may differ)
            print(distributed_train_step(x).numpy().round(5))
    print([v.numpy().round(6).tolist() for v in model.trainable_variables])


def losses_in_replicas(tf, folder):
    """compute_average_loss divides by the global batch (per-replica rows * replicas);
    scale_regularization_loss by the replicas; both refuse cross-replica context."""
    s = tf.distribute.MirroredStrategy()
    per_example = tf.constant([1.0, 2.0, 3.0, 4.0])
    print(s.run(lambda: tf.nn.compute_average_loss(per_example)))
    print(s.run(lambda: tf.nn.compute_average_loss(per_example, global_batch_size=8)))
    print(s.run(lambda: tf.nn.scale_regularization_loss(tf.constant([1.0, 5.0]))))
    with s.scope():
        print(tf.nn.compute_average_loss(per_example, global_batch_size=4))
        for fn in (lambda: tf.nn.compute_average_loss(per_example),
                   lambda: tf.nn.scale_regularization_loss(1.0)):
            try:
                fn()
            except RuntimeError as e:
                print("RuntimeError:", e)


def datasets_from_a_function(tf, folder):
    """input guide: dataset_fn gets an InputContext; its elements are dealt out to the
    replicas in turn; a short last step gets empty batches (unknown batch dimension) or is
    dropped (known shapes)."""
    s = tf.distribute.MirroredStrategy()

    def dataset_fn(ctx):
        print(ctx, ctx.num_input_pipelines, ctx.input_pipeline_id, ctx.num_replicas_in_sync,
              ctx.get_per_replica_batch_size(6))
        return tf.data.Dataset.range(7).batch(1)

    dist = s.distribute_datasets_from_function(dataset_fn)
    for x in dist:
        print(x)
    print(dist.element_spec)
    for x in s.distribute_datasets_from_function(lambda ctx: tf.data.Dataset.range(4)):
        print(x)
    for x in s.distribute_datasets_from_function(
            lambda ctx: tf.data.Dataset.from_tensors(([1.], [2.])).repeat(4)):
        print(x)
    try:
        tf.distribute.InputContext(1, 0, 3).get_per_replica_batch_size(4)
    except ValueError as e:
        print("ValueError:", e)
    print(list(tf.distribute.get_strategy().distribute_datasets_from_function(
        lambda ctx: tf.data.Dataset.range(2)).as_numpy_iterator()))


def preprocessing_layer_in_dataset_fn(tf, folder):
    """input guide: a StringLookup made in the scope, mapped over a sharded, batched dataset."""
    s = tf.distribute.MirroredStrategy()
    with s.scope():
        layer = tf.keras.layers.StringLookup(vocabulary=["a", "b", "c", "d", "f"])

    def dataset_fn(ctx):
        ds = tf.data.Dataset.from_tensor_slices(["a", "c", "e"]).repeat()
        ds = ds.batch(ctx.get_per_replica_batch_size(6))
        ds = ds.shard(ctx.num_input_pipelines, ctx.input_pipeline_id)
        return ds.map(layer)

    it = iter(s.distribute_datasets_from_function(dataset_fn))
    for _ in range(2):
        print(next(it))


def get_next_as_optional_in_a_loop(tf, folder):
    """input guide: a tf.function loops over tf.range and breaks when the distributed
    iterator's Optional has no value; the last batch of 9 leaves replicas empty batches."""
    s = tf.distribute.MirroredStrategy()
    it = iter(s.experimental_distribute_dataset(tf.data.Dataset.range(11).batch(6)))

    @tf.function
    def train_fn(iterator):
        total, steps = tf.constant(0, tf.int64), tf.constant(0)
        for _ in tf.range(5):
            optional = iterator.get_next_as_optional()
            if not optional.has_value():
                break
            results = s.run(lambda x: tf.reduce_sum(x * 10), args=(optional.get_value(),))
            total += s.reduce("SUM", results, axis=None)
            steps += 1
        return total, steps
    print(train_fn(it))
    eager = iter(s.experimental_distribute_dataset(tf.data.Dataset.range(4).batch(4)))
    first, second = eager.get_next_as_optional(), eager.get_next_as_optional()
    print(first.has_value(), first.get_value(), first.element_spec, second.has_value())


def for_loop_over_a_distributed_dataset_in_a_tf_function(tf, folder):
    """custom_training tutorial: `for x in dist_dataset` inside a tf.function is TF's loop
    over the batches (a new pass on every call), with `run` and `reduce` in its body."""
    s = tf.distribute.MirroredStrategy()
    ds = tf.data.Dataset.range(14).map(lambda x: tf.cast(x, tf.float32)).batch(6)
    dist = s.experimental_distribute_dataset(ds)

    @tf.function
    def epoch(dataset):
        total, batches = 0.0, 0
        for x in dataset:
            per_replica = s.run(lambda v: tf.reduce_sum(v * v), args=(x,))
            total += s.reduce(tf.distribute.ReduceOp.SUM, per_replica, axis=None)
            batches += 1
        return total / tf.cast(batches, tf.float32), batches
    print(epoch(dist))
    print(epoch(dist), epoch.experimental_get_tracing_count())


def other_strategies(tf, folder):
    """distributed_training guide: MultiWorkerMirroredStrategy (one worker: CPU:0 alone),
    CentralStorageStrategy (no GPU: one replica, plain variables), cross-device ops,
    communication options, and MirroredStrategy([]) (TF: the local devices)."""
    options = tf.distribute.experimental.CommunicationOptions(
        implementation=tf.distribute.experimental.CommunicationImplementation.NCCL)
    print(options)
    print(tf.distribute.experimental.CommunicationOptions(implementation="ring"))
    mw = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
    print(mw.num_replicas_in_sync)
    with mw.scope():
        print(tf.Variable(1.0))
    cs = tf.distribute.experimental.CentralStorageStrategy()
    print(cs.num_replicas_in_sync)
    with cs.scope():
        print(repr(tf.Variable(2.0)))
    print(cs.run(lambda: tf.constant(1)))
    m = tf.distribute.MirroredStrategy(cross_device_ops=tf.distribute.HierarchicalCopyAllReduce())
    print(m.num_replicas_in_sync, tf.distribute.MirroredStrategy([]).num_replicas_in_sync)
    for make in (lambda: tf.distribute.HierarchicalCopyAllReduce(num_packs=-1),
                 lambda: tf.distribute.NcclAllReduce(num_packs=-2),
                 lambda: tf.distribute.MultiWorkerMirroredStrategy(communication_options=3),
                 lambda: tf.distribute.experimental.CommunicationOptions(bytes_per_pack=-1)):
        try:
            make()
        except ValueError as e:
            print("ValueError:", e)
    print(isinstance(tf.distribute.NcclAllReduce(), tf.distribute.CrossDeviceOps),
          isinstance(tf.distribute.ReductionToOneDevice(), tf.distribute.CrossDeviceOps))


CASES = [run_inside_a_tf_function, tf_function_with_a_distributed_input_signature,
         guide_custom_training_loop, losses_in_replicas, datasets_from_a_function,
         preprocessing_layer_in_dataset_fn, get_next_as_optional_in_a_loop,
         for_loop_over_a_distributed_dataset_in_a_tf_function, other_strategies]
# TF: each in a process of its own (its collective ops fail after other strategies used them)
COLLECTIVE = [run_inside_a_tf_function, tf_function_with_a_distributed_input_signature,
              guide_custom_training_loop, losses_in_replicas, get_next_as_optional_in_a_loop,
              for_loop_over_a_distributed_dataset_in_a_tf_function]


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from distribute_cases import main
    main(sys.argv[1], sys.argv[2], sys.argv[3:], CASES)
