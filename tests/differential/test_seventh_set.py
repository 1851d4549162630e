"""What the seventh set of TF guides relies on (graph optimization, mixed precision), here and in
TF 2.21.

`tf.config.optimizer`: Grappler's options, set and read back in TF's order and with TF's
rules, and the debug stripper, the one option that changes what a traced function does.
`tf.keras.mixed_precision`: dtype policies (layers computing in float16 with float32
weights) and the LossScaleOptimizer's dynamic loss scaling. Every case starts from no
optimizer options and the float32 policy, on both sides (both are the process's). Run:

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_seventh_set.py
"""
from __future__ import annotations

import pytest

from course.engine.graph import grappler

from .tf_compare import Cases, check, eng, real_tf

case = Cases()


@pytest.fixture(autouse=True)
def _no_optimizer_options():
    """TF's `set_experimental_options` only adds, so clear both sides' options around a case."""
    from tensorflow.python.eager import context
    theirs = context.context()._optimizer_experimental_options
    saved = dict(theirs), dict(grappler._options)
    for options in (theirs, grappler._options):
        options.clear()
    real_tf.config.optimizer.set_experimental_options({})  # (TF re-reads them on the next call)
    eng.config.optimizer.set_experimental_options({})
    yield
    theirs.clear(), theirs.update(saved[0])
    grappler._options.clear(), grappler._options.update(saved[1])
    real_tf.config.optimizer.set_experimental_options({})
    eng.config.optimizer.set_experimental_options({})


# -- the options, read back -------------------------------------------------------------------
case("nothing set: the two plain booleans only")(
    lambda tf: tf.config.optimizer.get_experimental_options())


@case("set switches come back in RewriterConfig's order, not the order given")
def _(tf):
    tf.config.optimizer.set_experimental_options({
        "min_graph_nodes": 3, "auto_mixed_precision": True, "debug_stripper": False,
        "constant_folding": False, "disable_meta_optimizer": True, "layout_optimizer": True})
    return tf.config.optimizer.get_experimental_options()


@case("set only adds: an empty dict resets nothing; a later value replaces an earlier one")
def _(tf):
    tf.config.optimizer.set_experimental_options({"constant_folding": False})
    tf.config.optimizer.set_experimental_options({})
    first = tf.config.optimizer.get_experimental_options()
    tf.config.optimizer.set_experimental_options({"constant_folding": True, "remapping": 0})
    return first, tf.config.optimizer.get_experimental_options()


@case("None unsets a switch; unknown keys are ignored; a switch takes any truth value")
def _(tf):
    tf.config.optimizer.set_experimental_options({"constant_folding": False, "no_such": True})
    tf.config.optimizer.set_experimental_options({"constant_folding": None, "remapping": "yes"})
    return tf.config.optimizer.get_experimental_options()


case("min_graph_nodes 0 is not listed")(lambda tf: (
    tf.config.optimizer.set_experimental_options({"min_graph_nodes": 0}),
    tf.config.optimizer.get_experimental_options()))
case("min_graph_nodes must be an integer: TypeError")(lambda tf: (
    tf.config.optimizer.set_experimental_options({"min_graph_nodes": "x"}),
    tf.config.optimizer.get_experimental_options()))
case("disable_meta_optimizer must be an integer or bool: TypeError")(lambda tf: (
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": 2.5}),
    tf.config.optimizer.get_experimental_options()))
case("options must be a mapping: TypeError")(
    lambda tf: tf.config.optimizer.set_experimental_options(None))


# -- what they change -------------------------------------------------------------------------
def _checked(tf):
    @tf.function
    def f(x):
        tf.debugging.check_numerics(x, "Bad!")
        tf.debugging.Assert(tf.reduce_all(x < 0.0), [x])
        tf.debugging.assert_equal(x, tf.ones_like(x))
        return x * 2.0
    return f


case("a traced check_numerics fails on inf: InvalidArgumentError naming the message")(
    lambda tf: _checked(tf)(tf.constant(float("inf"))))


@case("debug_stripper: check_numerics passes its input on, Assert and assert_equal do nothing")
def _(tf):
    tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    return _checked(tf)(tf.constant([float("inf"), 3.0]))


@case("the options when a function is called count, not when it was traced")
def _(tf):
    f = _checked(tf)
    x = tf.constant(float("inf"))
    f.get_concrete_function(x)
    tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    stripped = f(x)
    tf.config.optimizer.set_experimental_options({"debug_stripper": False})
    try:
        f(x)
    except tf.errors.InvalidArgumentError:
        return stripped, f.experimental_get_tracing_count(), "checks again"
    return stripped, "no check"


@case("debug_stripper leaves eager ops alone: Grappler rewrites graphs only")
def _(tf):
    tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    return tf.debugging.check_numerics(tf.constant(float("nan")), "eager")


@case("disable_meta_optimizer turns the debug stripper off with the rest of Grappler")
def _(tf):
    tf.config.optimizer.set_experimental_options({"debug_stripper": True,
                                                  "disable_meta_optimizer": True})
    return _checked(tf)(tf.constant(float("inf")))


@case("a stripped function called from another: the callee's checks go too")
def _(tf):
    inner = _checked(tf)
    outer = tf.function(lambda x: inner(x) + 1.0)
    tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    return outer(tf.constant(float("inf")))


@case("constant_folding off changes no result (TF's rewrites never do)")
def _(tf):
    tf.config.optimizer.set_experimental_options({"constant_folding": False,
                                                  "arithmetic_optimization": False})
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    return tf.function(lambda x: tf.reduce_mean(a @ a @ a + x))(tf.constant(0.5))


# -- mixed precision: dtype policies ----------------------------------------------------------
@pytest.fixture(autouse=True)
def _float32_policy():
    """The global policy is the process's too: every case starts and ends with float32."""
    for tf in (real_tf, eng):
        tf.keras.mixed_precision.set_global_policy("float32")
    yield
    for tf in (real_tf, eng):
        tf.keras.mixed_precision.set_global_policy("float32")


def _policy(p) -> tuple:
    return repr(p), p.name, p.compute_dtype, p.variable_dtype, p.get_config()


case("Policy: mixed_float16 computes in float16 and keeps float32 weights; a dtype name is both")(
    lambda tf: [_policy(tf.keras.mixed_precision.Policy(n))
                for n in ("mixed_float16", "float16", "float64", "int32")])
case("Policy is DTypePolicy; the global policy starts as float32")(lambda tf: (
    tf.keras.mixed_precision.Policy is tf.keras.mixed_precision.DTypePolicy,
    _policy(tf.keras.mixed_precision.global_policy()), _policy(tf.keras.mixed_precision.Policy())))
case("Policy('bogus'): ValueError listing the valid policies")(
    lambda tf: tf.keras.mixed_precision.Policy("bogus"))
case("Policy('mixed_int8'): ValueError, only float16 and bfloat16 mix")(
    lambda tf: tf.keras.mixed_precision.Policy("mixed_int8"))
case("Policy(3): TypeError, the name must be a string")(
    lambda tf: tf.keras.mixed_precision.Policy(3))
case("set_global_policy(3): ValueError, a name or a DTypePolicy")(
    lambda tf: tf.keras.mixed_precision.set_global_policy(3))


@case("set_global_policy: layers made after take it, layers made before keep theirs")
def _(tf):
    before = tf.keras.layers.Dense(2)
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    after = tf.keras.layers.Dense(2)
    own = tf.keras.layers.Dense(2, dtype="float32")
    return [(repr(d.dtype_policy), d.compute_dtype, d.variable_dtype)
            for d in (before, after, own)], repr(tf.keras.mixed_precision.global_policy())


@case("a mixed Dense: float16 output from float32 inputs, float32 weights, TF's numbers")
def _(tf):
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    dense = tf.keras.layers.Dense(3, activation="relu", kernel_initializer="ones",
                                  bias_initializer=tf.keras.initializers.Constant(0.1))
    y = dense(tf.reshape(tf.range(8, dtype=tf.float32), [2, 4]) / 3.0)
    # (Keras 3 gives a variable's dtype as a string, the engine as a DType: compare NumPy's)
    return y, dense.kernel.numpy().dtype, dense.bias.numpy().dtype, dense.kernel.numpy()


@case("a float32 layer casts float16 inputs up; a float64 one casts float32; ints stay ints")
def _(tf):
    half = tf.constant([[1.5, 2.0]], tf.float16)
    return (tf.keras.layers.Dense(2, kernel_initializer="ones")(half),
            tf.keras.layers.Dense(2, dtype="float64", kernel_initializer="ones")(
                tf.constant([[1.0, 2.0]])),
            tf.keras.layers.Flatten()(tf.constant([[[1, 2]]])).dtype)


@case("the final Activation(dtype='float32') of a mixed functional model: float32 softmax")
def _(tf):
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    inputs = tf.keras.Input(shape=(4,))
    x = tf.keras.layers.Dense(3, kernel_initializer="ones")(inputs)
    outputs = tf.keras.layers.Activation("softmax", dtype="float32")(x)
    model = tf.keras.Model(inputs, outputs)
    return x.dtype, outputs.dtype, repr(model.dtype_policy), model(tf.ones((1, 4)) / 7.0)


@case("gradients reach the float32 weights of a mixed layer through the float16 cast")
def _(tf):
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    dense = tf.keras.layers.Dense(2, kernel_initializer="ones")
    x = tf.constant([[0.5, -1.0, 2.0]])
    with tf.GradientTape() as tape:
        y = dense(x)
        loss = tf.reduce_sum(tf.cast(y, tf.float32) ** 2)
    grads = tape.gradient(loss, dense.trainable_variables)
    return y, grads


@case("a layer called inside a mixed layer reads its weights in its own compute dtype")
def _(tf):
    class Outer(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.inner = tf.keras.layers.Dense(2, dtype="float32", kernel_initializer="ones")
            self.scale = self.add_weight(shape=(), initializer="ones", name="scale")

        def call(self, x):
            return tf.cast(self.inner(x), self.compute_dtype) * self.scale

    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    layer = Outer()
    y = layer(tf.ones((1, 2)))
    return y, layer.scale.numpy().dtype, layer.inner.compute_dtype


@case("mixed normalization layers: BatchNormalization works in float32 and gives float16, its "
      "weights never autocast; Normalization and LayerNormalization give float16", rtol=1e-3)
def _(tf):
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    x = tf.reshape(tf.range(12, dtype=tf.float32), [4, 3]) / 5.0
    bn = tf.keras.layers.BatchNormalization()
    trained = bn(x, training=True)
    norm = tf.keras.layers.Normalization(mean=1.0, variance=2.0)
    return (trained, bn(x), [w.numpy() for w in bn.weights], norm(x),
            tf.keras.layers.LayerNormalization()(x))


@case("mixed recurrent layers: float16 states and outputs, float32 weights", rtol=2e-3)
def _(tf):
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    x = tf.reshape(tf.range(12, dtype=tf.float32), [2, 3, 2]) / 12.0
    found = []
    for kind in (tf.keras.layers.SimpleRNN, tf.keras.layers.GRU, tf.keras.layers.LSTM):
        layer = kind(2, kernel_initializer="ones", recurrent_initializer="ones",
                     return_sequences=True)
        found.append((layer(x), [w.numpy().dtype for w in layer.weights]))
    return found


@case("a mixed layer's config names its policy; from_config gives it back")
def _(tf):
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    config = tf.keras.layers.Dense(2).get_config()
    tf.keras.mixed_precision.set_global_policy("float32")
    again = tf.keras.layers.Dense.from_config(config)
    return config["dtype"], repr(again.dtype_policy)


# -- mixed precision: loss scaling ------------------------------------------------------------
def _state(opt) -> list:
    return [v.numpy() for v in opt.variables]


@case("LossScaleOptimizer: the scale starts at 2 ** 15; before a step, its variables and the "
      "inner one's; learning rate and iterations are the inner optimizer's")
def _(tf):
    opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
    return (opt.name, opt.initial_scale, opt.dynamic_growth_steps, _state(opt),
            opt.scale_loss(tf.constant(2.0)), opt.learning_rate.numpy(), opt.iterations.numpy())


@case("apply_gradients unscales: a step of the inner optimizer on grads / scale")
def _(tf):
    opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
    w = tf.Variable([1.0, 2.0])
    opt.apply_gradients([(tf.constant([65536.0, 32768.0]), w)])
    return w.numpy(), _state(opt), opt.scale_loss(tf.constant(2.0))


@case("a step with an inf or nan gradient is skipped and halves the scale")
def _(tf):
    opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
    w = tf.Variable([1.0, 2.0])
    opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    opt.apply_gradients([(tf.constant([float("inf"), 1.0]), w)])
    opt.apply([tf.constant([float("nan"), 1.0])], [w])
    return w.numpy(), _state(opt)


@case("after dynamic_growth_steps finite steps in a row the scale doubles (in a tf.function)")
def _(tf):
    opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.Adam(0.1),
                                                      initial_scale=8.0, dynamic_growth_steps=2)
    w = tf.Variable([1.0, -2.0])

    @tf.function
    def step(g):
        with tf.GradientTape() as tape:
            scaled = opt.scale_loss(tf.reduce_sum(w * g))
        opt.apply(tape.gradient(scaled, [w]), [w])
        return scaled

    seen = [(step(tf.constant(g)), w.numpy(), _state(opt)[2:4])
            for g in ([1.0, 1.0], [0.5, 2.0], [1.0, float("inf")], [1.0, 1.0])]
    return seen, opt.iterations.numpy()


case("scale_loss of a float16 loss is float32 (the float32 scale promotes it)")(lambda tf: (
    tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD()).scale_loss(
        tf.constant(3.0, tf.float16)),
    (lambda o: (o.build([tf.Variable(1.0)]), o.scale_loss(tf.constant(3.0, tf.float16)))[1])(
        tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD()))))
case("LossScaleOptimizer(dynamic=False): ValueError, set loss_scale_factor instead")(
    lambda tf: tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(),
                                                           dynamic=False))
case("LossScaleOptimizer(clipnorm=1.0): ValueError, clipping belongs to the inner optimizer")(
    lambda tf: tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(),
                                                           clipnorm=1.0))
case("LossScaleOptimizer(foo=1): ValueError naming the argument")(
    lambda tf: tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(), foo=1))
case("LossScaleOptimizer config: name, the inner optimizer's, the scale's two settings")(
    lambda tf: {k: v for k, v in tf.keras.mixed_precision.LossScaleOptimizer(
        tf.keras.optimizers.SGD(), initial_scale=4.0, name="lso").get_config().items()
        if k != "inner_optimizer"})


@case("compile wraps a mixed model's optimizer in a LossScaleOptimizer; fit scales the loss",
      rtol=2e-3)
def _(tf):
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    model = tf.keras.Sequential([
        tf.keras.Input((4,)),
        tf.keras.layers.Dense(6, activation="relu", kernel_initializer="ones"),
        tf.keras.layers.Dense(3, kernel_initializer="ones"),
        tf.keras.layers.Activation("softmax", dtype="float32")])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="sparse_categorical_crossentropy")
    x = tf.reshape(tf.range(32, dtype=tf.float32), [8, 4]) / 32.0 - 0.5
    y = tf.constant([0, 1, 2, 0, 1, 2, 0, 1])
    history = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    opt = model.optimizer
    return (type(opt).__name__, history.history["loss"], opt.dynamic_scale.numpy(),
            opt.step_counter.numpy(), opt.iterations.numpy(), model.layers[0].kernel.numpy())


@pytest.mark.parametrize("fn, compare_message, rtol", case.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
