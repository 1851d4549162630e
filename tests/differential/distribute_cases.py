"""tf.distribute cases, run in a fresh process on the engine or on TensorFlow 2.21.

TF's MirroredStrategy needs logical CPUs, and TF accepts a logical-device
configuration only before its runtime starts, which the other differential
modules have long done in the pytest process. So each library runs these
cases in a subprocess of its own:

    python tests/differential/distribute_cases.py tensorflow|engine FOLDER [CASE ...]

which splits the CPU into three logical devices first, runs the named cases
of CASES, or all of them (each prints what it shows; files go to FOLDER), and
writes one JSON object to stdout: case name -> the printed text, or the
exception's class and message. test_against_tensorflow_distribute.py
compares the two objects. (TF runs each case of COLLECTIVE in a process of
its own: its collective ops, behind all_reduce, reduce, gather and a Keras
fit on several replicas, fail with an InternalError when strategies made
earlier in the process used them.)
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys


def _ids(tf):
    return tf.distribute.get_replica_context().replica_id_in_sync_group


def guide_shared_generator(tf, folder):
    """random_numbers guide: a generator made outside the strategy is shared, in replica order."""
    g = tf.random.Generator.from_seed(1)
    strat = tf.distribute.MirroredStrategy(devices=["cpu:0", "cpu:1"])
    with strat.scope():
        print(strat.run(lambda: print(g.normal([]))))
    print(g.state.numpy())


def guide_generator_in_scope(tf, folder):
    """Made in the scope: each replica draws with the key hashed with its replica id."""
    strat = tf.distribute.MirroredStrategy(devices=["cpu:0", "cpu:1"])
    with strat.scope():
        g = tf.random.Generator.from_seed(1)
        print(strat.run(lambda: g.normal([])))
        print(strat.run(lambda: g.uniform([2], maxval=10, dtype=tf.int32)))
        print(strat.run(lambda: g.normal([2, 2])))
    print(repr(g.state))
    print(g.normal([]))  # outside any scope: the key as it is


def guide_generator_in_replica_function(tf, folder):
    strat = tf.distribute.MirroredStrategy(devices=["cpu:0", "cpu:1", "/device:CPU:2"])

    def f():
        g = tf.random.Generator.from_seed(1)
        return tf.stack([g.normal([]), g.normal([])])
    with strat.scope():
        print(strat.run(f))


def guide_checkpoint_two_to_three_replicas(tf, folder):
    path = os.path.join(folder, "ckpt")
    strat1 = tf.distribute.MirroredStrategy(devices=["cpu:0", "cpu:1"])
    with strat1.scope():
        g1 = tf.random.Generator.from_seed(1)
        cp1 = tf.train.Checkpoint(my_generator=g1)
        print(strat1.run(lambda: g1.normal([])))
        cp1.write(path)
        print(strat1.run(lambda: g1.normal([])))
        cp1.restore(path)
        print(strat1.run(lambda: g1.normal([])))
    strat2 = tf.distribute.MirroredStrategy(devices=["cpu:0", "cpu:1", "cpu:2"])
    with strat2.scope():
        g2 = tf.random.Generator.from_seed(1)
        tf.train.Checkpoint(my_generator=g2).restore(path)
        print(strat2.run(lambda: g2.normal([])))
        print(strat2.run(lambda: g2.normal([])))


def guide_saved_model_of_a_module_with_a_generator(tf, folder):
    class MyModule(tf.Module):
        def __init__(self):
            super().__init__()
            self.g = tf.random.Generator.from_seed(0)

        @tf.function
        def __call__(self):
            return self.g.normal([])

        @tf.function
        def state(self):
            return self.g.state

    strat = tf.distribute.MirroredStrategy(devices=["cpu:0", "cpu:1"])
    with strat.scope():
        m = MyModule()
        print(strat.run(m))
        print("state:", m.state())
        tf.saved_model.save(m, os.path.join(folder, "saved"))
        print(strat.run(m))
        print("state:", m.state())
    imported = tf.saved_model.load(os.path.join(folder, "saved"))
    print("state:", imported.state())
    print(imported())
    print("state:", imported.state())


def contexts(tf, folder):
    print(tf.distribute.has_strategy(), tf.distribute.in_cross_replica_context())
    print(_ids(tf), tf.distribute.get_replica_context().num_replicas_in_sync)
    print(tf.distribute.MirroredStrategy().num_replicas_in_sync)  # every logical CPU
    s = tf.distribute.MirroredStrategy(["cpu:0", "/cpu:1"])
    with s.scope():
        print(tf.distribute.has_strategy(), tf.distribute.in_cross_replica_context(),
              tf.distribute.get_replica_context(), tf.distribute.get_strategy() is s)
    print(s.run(lambda: (tf.distribute.has_strategy(), tf.distribute.in_cross_replica_context(),
                         tf.distribute.get_strategy() is s,
                         tf.distribute.get_replica_context().num_replicas_in_sync)))
    print(tf.distribute.has_strategy(), s.num_replicas_in_sync)


def run_results_regrouped(tf, folder):
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    captured = tf.constant(7)
    print(s.run(lambda: _ids(tf)))
    print(repr(s.run(lambda: _ids(tf))))
    print(repr(s.run(lambda: 3)), s.run(lambda: captured) is captured)
    print(s.run(lambda: tf.constant(3)))
    print(repr(s.run(lambda: (tf.constant(1), 2, [_ids(tf)]))))
    print(repr(s.run(lambda: {"a": _ids(tf) * 2, "b": "same"})))
    per_replica = s.run(lambda: tf.cast(_ids(tf), tf.float32) + 1.0)
    print(s.run(lambda x, y=0.0: x * 10 + y, args=(per_replica,), kwargs={"y": per_replica}))
    print(s.experimental_local_results(per_replica))
    print(s.experimental_local_results((per_replica, 3)))
    one = tf.distribute.MirroredStrategy(["cpu:0"])
    print(repr(one.run(lambda: tf.constant(3))))


def reduce_and_gather(tf, folder):
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    r = s.run(lambda: tf.cast(_ids(tf), tf.float32) + 1.0)
    print(s.reduce(tf.distribute.ReduceOp.SUM, r, axis=None), s.reduce("MEAN", r, axis=None))
    print(s.reduce("sum", r, axis=None))
    r2 = s.run(lambda: tf.fill([2], tf.cast(_ids(tf), tf.float32)))
    print(s.gather(r2, axis=0), s.reduce("SUM", r2, axis=0), s.reduce("MEAN", r2, axis=None))
    ints = s.run(lambda: tf.constant([1, 2]) + _ids(tf))
    print(s.reduce("MEAN", ints, axis=None), s.reduce("MEAN", ints, axis=0),
          s.reduce("SUM", ints, axis=0))
    ragged = s.run(lambda: tf.ones([_ids(tf) + 1, 2]))  # batches of 1 and 2 rows
    print(s.reduce("MEAN", ragged, axis=0), s.gather(ragged, axis=0).shape)
    print(s.reduce("MEAN", tf.constant([1.0, 2.0]), axis=None))
    print(s.gather(tf.constant([1, 2]), axis=0))
    d = tf.distribute.get_strategy()
    print(d.reduce("SUM", tf.constant([1.0, 2.0]), axis=None), d.reduce("SUM", [1.0, 2.0], axis=0))
    print(repr(d.run(lambda: tf.constant(2))), d.experimental_local_results(tf.constant(1)))
    print(tf.distribute.ReduceOp.SUM, repr(tf.distribute.ReduceOp.MEAN))


def reduce_sum_of_a_plain_tensor(tf, folder):
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    s.reduce(tf.distribute.ReduceOp.SUM, tf.constant([1.0, 2.0]), axis=None)


def all_reduce(tf, folder):
    # (two replicas: TF's collectives refuse a group of 3 after one of 2 in the same process)
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    ctx = tf.distribute.get_replica_context
    print(s.run(lambda: ctx().all_reduce("SUM", tf.cast(_ids(tf), tf.float32))))
    print(s.run(lambda: ctx().all_reduce(tf.distribute.ReduceOp.MEAN,
                                         tf.cast(_ids(tf), tf.float32) * tf.ones([2]))))

    def twice():
        a = ctx().all_reduce("SUM", tf.cast(_ids(tf), tf.float32))
        print("replica", int(_ids(tf)), "got", float(a))
        return ctx().all_reduce("MEAN", a * tf.cast(_ids(tf), tf.float32))
    print(s.run(twice))
    print(tf.distribute.get_replica_context().all_reduce("SUM", tf.constant(2.0)))


def mirrored_variables(tf, folder):
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    with s.scope():
        v = tf.Variable(1.0)
        w = tf.Variable([1, 2], name="w")
        print(repr(v))
        print(w, type(v).__name__, v.name, isinstance(v, tf.Variable))
    print(repr(s.run(lambda: v)))
    print(s.run(lambda: v * 2))
    print(s.experimental_local_results(v))
    v.assign(3.0)
    print(v.assign_add(1.0))
    print(v + 1, v.numpy(), v.read_value())
    s.run(lambda: v.assign(tf.cast(_ids(tf), tf.float32) + 5.0))  # each replica its own copy
    print(v)
    s.run(lambda: v.assign_add(1.0))
    print(v, s.run(v.read_value))
    print(v.numpy(), v.assign_sub(1.0))


def one_device_strategy(tf, folder):
    o = tf.distribute.OneDeviceStrategy("/cpu:0")
    print(o.num_replicas_in_sync, repr(o.run(lambda: tf.constant(3))))
    with o.scope():
        v = tf.Variable(1.0)
        g = tf.random.Generator.from_seed(1)
        print(repr(v), tf.distribute.has_strategy(), tf.distribute.in_cross_replica_context())
    print(o.run(lambda: g.normal([])))  # replica 0 of a strategy: a hashed key
    print(g.normal([]))
    print(repr(o.run(lambda: _ids(tf))))


def distributed_datasets(tf, folder):
    s2 = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    s3 = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1", "cpu:2"])
    for x in s2.experimental_distribute_dataset(tf.data.Dataset.range(10).batch(4)):
        print(x)
    pairs = tf.data.Dataset.from_tensor_slices(([1., 2., 3., 4., 5.], [0, 1, 0, 1, 0])).batch(3)
    for x, y in s2.experimental_distribute_dataset(pairs):
        print(x, y)
    for batches in ((4, 4), (5, 5), (11, 5), (9, 4)):
        dist = s3.experimental_distribute_dataset(tf.data.Dataset.range(batches[0])
                                                  .batch(batches[1]))
        print([[v.numpy().tolist() for v in s3.experimental_local_results(x)] for x in dist])
    it = iter(s2.experimental_distribute_dataset(tf.data.Dataset.range(4).batch(4)))
    print(next(it))
    one = tf.distribute.MirroredStrategy(["cpu:0"])
    for x in one.experimental_distribute_dataset(tf.data.Dataset.range(2).batch(2)):
        print(repr(x))
    batch = next(iter(s2.experimental_distribute_dataset(tf.data.Dataset.range(4).batch(4))))
    print(s2.run(lambda x: tf.reduce_sum(x), args=(batch,)))


def values_from_function(tf, folder):
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    print(s.experimental_distribute_values_from_function(
        lambda ctx: tf.constant(ctx.replica_id_in_sync_group * 10 + ctx.num_replicas_in_sync)))


def tf_function_per_replica(tf, folder):
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    with s.scope():
        g = tf.random.Generator.from_seed(3)
        v = tf.Variable(2.0)

    @tf.function
    def step():
        return _ids(tf) * 10, g.normal([]), v * tf.cast(_ids(tf) + 1, tf.float32)
    print(s.run(step))
    print(s.run(step))


def checkpoint_and_saved_model_see_one_variable(tf, folder):
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    with s.scope():
        v = tf.Variable([1.0, 2.0], name="v")
        ckpt = tf.train.Checkpoint(v=v)
        path = ckpt.save(os.path.join(folder, "ckpt"))
    print([name for name, _ in tf.train.list_variables(path)])
    s.run(lambda: v.assign(tf.cast(_ids(tf), tf.float32) * tf.ones([2])))
    print(v)
    ckpt.restore(path)
    print(v)
    module = tf.Module()
    module.v = v
    with s.scope():
        tf.saved_model.save(module, os.path.join(folder, "saved"))
    loaded = tf.saved_model.load(os.path.join(folder, "saved"))
    print(loaded.v.numpy())


def keras_fit_in_a_scope(tf, folder):
    import numpy as np
    x = np.linspace(-1, 1, 32, dtype=np.float32).reshape(-1, 1)
    y = 3 * x + 1
    for strategy in (tf.distribute.get_strategy(), tf.distribute.OneDeviceStrategy("cpu:0"),
                     tf.distribute.MirroredStrategy(["cpu:0"]),
                     tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])):
        with strategy.scope():
            model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
            model.set_weights([np.array([[0.5]], np.float32), np.array([0.0], np.float32)])
            model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
        history = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0)
        print([round(loss, 4) for loss in history.history["loss"]],
              [round(float(w), 4) for w in np.concatenate([np.ravel(w) for w in model.get_weights()])])


def gradients_in_replicas(tf, folder):
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    with s.scope():
        w = tf.Variable([1.0, -2.0])
    batch = s.experimental_distribute_values_from_function(
        lambda ctx: tf.constant([[1.0, 2.0], [3.0, 4.0]]) * (ctx.replica_id_in_sync_group + 1))

    def step(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(tf.linalg.matvec(x, w)))
        grad = tape.gradient(loss, w)
        w.assign_sub(0.01 * grad)  # (each replica its own copy: TF's rule for aggregation NONE)
        return loss, grad
    losses, grads = s.run(step, args=(batch,))
    print(losses, grads)
    print(s.reduce("SUM", grads, axis=None))
    print(w)


def keras_optimizer_in_replicas(tf, folder):
    """Keras 3's rule: apply_gradients in a replica sums the replicas' gradients and applies the
    step once; every replica's forward pass sees the weights from before the step."""
    import numpy as np
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    with s.scope():
        model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
        model.set_weights([np.array([[0.5], [-1.0]], np.float32), np.array([0.25], np.float32)])
        opt = tf.keras.optimizers.SGD(0.1, momentum=0.5)
    batch = s.experimental_distribute_values_from_function(
        lambda ctx: tf.constant([[1.0, 2.0], [3.0, 4.0]]) * float(ctx.replica_id_in_sync_group + 1))

    def step(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(model(x))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        return loss
    for _ in range(2):
        print(s.run(step, args=(batch,)))
    print([np.round(w, 4).tolist() for w in model.get_weights()], int(opt.iterations.numpy()))


def gradient_through_all_reduce(tf, folder):
    """TF's collective reduction is differentiable: replica r's gradient sums every replica's
    upstream gradient (a tape open at the all_reduce; each replica's tape its own)."""
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])

    def step():
        ctx = tf.distribute.get_replica_context()
        x = tf.constant(2.0) * tf.cast(ctx.replica_id_in_sync_group + 1, tf.float32)
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            total = ctx.all_reduce("SUM", x * x)
            mean = ctx.all_reduce("MEAN", [x, 3.0 * x])
            z = total * x + mean[1]
        return tape.gradient(z, x), tape.gradient(mean[0], x)
    print(s.run(step))


def cross_replica_methods_in_a_replica(tf, folder):
    s = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    with s.scope():
        v = tf.Variable(1.0)
    print(s.run(lambda: v.assign_add(tf.cast(_ids(tf), tf.float32) + 1.0)))
    for method in (lambda: s.run(lambda: 1), lambda: s.scope().__enter__()):
        try:
            s.run(method)
        except RuntimeError as e:
            print(type(e).__name__, e)


def duplicate_devices(tf, folder):
    tf.distribute.MirroredStrategy(["cpu:0", "cpu:0"])


def mixing_strategies(tf, folder):
    a = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    b = tf.distribute.MirroredStrategy(["cpu:0", "cpu:1"])
    try:
        with a.scope():
            with b.scope():
                pass
    except Exception as e:  # (the message ends with the two objects' addresses)
        print(type(e).__name__, str(e).split(":")[0])


CASES = [all_reduce, guide_shared_generator, guide_generator_in_scope, guide_generator_in_replica_function,
         guide_checkpoint_two_to_three_replicas, guide_saved_model_of_a_module_with_a_generator,
         contexts, run_results_regrouped, reduce_and_gather, reduce_sum_of_a_plain_tensor,
         mirrored_variables, one_device_strategy, distributed_datasets,
         values_from_function, tf_function_per_replica, checkpoint_and_saved_model_see_one_variable,
         keras_fit_in_a_scope, gradients_in_replicas, keras_optimizer_in_replicas,
         gradient_through_all_reduce,
         cross_replica_methods_in_a_replica,
         duplicate_devices, mixing_strategies]
COLLECTIVE = [all_reduce, reduce_and_gather, keras_fit_in_a_scope, gradients_in_replicas,
              keras_optimizer_in_replicas, gradient_through_all_reduce]  # (TF: each in a fresh process)


def main(library: str, folder: str, names: list, cases: list = None) -> None:
    """Runs `cases` (CASES by default; distribute_guide_cases.py passes its own)."""
    if library == "tensorflow":
        import tensorflow as tf
    else:
        import course.engine as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 3)
    results = {}
    for case in [c for c in (cases or CASES) if not names or c.__name__ in names]:
        out = io.StringIO()
        os.makedirs(os.path.join(folder, case.__name__))
        try:
            with contextlib.redirect_stdout(out):
                case(tf, os.path.join(folder, case.__name__))
            results[case.__name__] = out.getvalue()
        except Exception as e:  # the class and the first line of the message
            results[case.__name__] = out.getvalue() + f"{type(e).__name__}: " + \
                str(e).strip().split("\n")[0]
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
