"""What the seventh set of TF guides relies on (graph optimization, mixed precision), here and in
TF 2.21.

`tf.config.optimizer`: Grappler's options, set and read back in TF's order and with TF's
rules, and the debug stripper, the one option that changes what a traced function does.
`tf.keras.mixed_precision`: dtype policies (layers computing in float16 with float32
weights) and the LossScaleOptimizer's dynamic loss scaling. `tf.experimental.ExtensionType`:
fields converted and checked, immutability, `==`, specs, and values crossing a tf.function.
Every case starts from no
optimizer options and the float32 policy, on both sides (both are the process's). Run:

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_seventh_set.py
"""
# (no `from __future__ import annotations`: the ExtensionType cases need real class annotations;
# TF, like the engine, never resolves an annotation written as a string)
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


# -- tf.experimental.ExtensionType -------------------------------------------------------------
def _masked(tf):
    class MaskedTensor(tf.experimental.ExtensionType):
        values: tf.Tensor
        mask: tf.Tensor

        def __validate__(self):
            self.values.shape.assert_is_compatible_with(self.mask.shape)
            assert self.mask.dtype.is_bool, "mask.dtype must be bool"
    return MaskedTensor


def _record(tf):
    from typing import Mapping, Optional, Tuple, Union

    class Record(tf.experimental.ExtensionType):
        name: str
        count: int = 3
        ratio: float = 1.0
        flag: bool = True
        sizes: Tuple[int, ...] = ()
        pair: Tuple[int, str] = (0, "a")
        table: Mapping[str, tf.Tensor] = {}
        maybe: Optional[tf.Tensor] = None
        either: Union[int, str] = 0
        shape: tf.TensorShape = [2]
        dtype: tf.DType = tf.float32
    return Record


case("fields are converted to their declared types; repr lists them in order")(lambda tf: repr(
    _record(tf)("r", sizes=[1, 2], table={"b": 2.0, "a": 1}, maybe=[1.0], shape=[None, 3],
                dtype="int32")))
case("a tensor field converts lists: MaskedTensor(values=[1, 2], mask=[True, False])")(
    lambda tf: (repr(_masked(tf)([1, 2], [True, False])), _masked(tf)([1, 2], [True, False]).values))


@pytest.mark.parametrize("kwargs", [
    dict(name=3), dict(name="x", count="y"), dict(name="x", count=2.5), dict(name="x", ratio=2),
    dict(name="x", flag=1), dict(name="x", sizes=[1, "a"]), dict(name="x", pair=(1, 2)),
    dict(name="x", table={1: 1.0}), dict(name="x", either=2.5), dict(name="x", zz=1)],
    ids=lambda kw: ",".join(f"{k}={v!r}" for k, v in kw.items()))
def test_a_field_of_the_wrong_type_is_tfs_typeerror_naming_the_field(kwargs):
    """TF's rule: `<field>: expected 'int', got 'str'` (the path goes into tuples and mappings)."""
    check(lambda tf: _record(tf)(**kwargs))


case("a missing field or too many arguments: TypeError")(lambda tf: [
    type(e).__name__ + ": " + str(e) for e in (_raised(lambda: _record(tf)()),
                                              _raised(lambda: _record(tf)(*range(12))))])
case("a tensor field given None: TypeError 'expected a Tensor'")(
    lambda tf: _masked(tf)([1, 2, 3], None))
case("__validate__ runs after conversion: an AssertionError of its own")(
    lambda tf: _masked(tf)([1, 2, 3], [0, 1, 0]))
case("__validate__: incompatible shapes are TensorShape's ValueError")(
    lambda tf: _masked(tf)([1, 2, 3], [True, False]))
case("TensorShape.assert_is_compatible_with: ValueError showing the other shape as given")(
    lambda tf: (tf.TensorShape([3]).assert_is_compatible_with([None]),
                tf.TensorShape([2, 3]).assert_is_compatible_with([2])))


def _raised(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the exception is the result
        return e
    return None


@case("fields cannot be set or deleted after construction: AttributeError")
def _(tf):
    mt = _masked(tf)([1, 2], [True, False])
    return [str(_raised(lambda: setattr(mt, "mask", [True, True]))),
            str(_raised(lambda: delattr(mt, "mask"))), type(_raised(lambda: hash(mt))).__name__]


@case("== compares the type, the spec, then every tensor: a bool tensor, or False")
def _(tf):
    MaskedTensor = _masked(tf)
    a, b = MaskedTensor([1, 2], [True, False]), MaskedTensor([[3, 4]], [[False, True]])
    return (a == a, a == MaskedTensor([1, 3], [True, False]), a == b, a == a.values, a != a,
            a != b)


@case("a constructor of your own sets the fields; they are converted and checked after it")
def _(tf):
    class Toy(tf.experimental.ExtensionType):
        name: str
        price: tf.Tensor

        def __init__(self, name, price, discount=0):
            self.name = name
            self.price = price * (1 - discount)

    class Half(tf.experimental.ExtensionType):
        x: tf.Tensor
        y: tf.Tensor

        def __init__(self, x):
            self.x = x
    return repr(Toy("ball", 5.0, discount=0.2)), _raised(lambda: Half(1)).args


@case("a subclass adds its fields after its base's")
def _(tf):
    class Base(tf.experimental.ExtensionType):
        a: tf.Tensor

    class Derived(Base):
        b: tf.Tensor = 2.0
    return repr(Derived(1)), repr(tf.type_spec_from_value(Derived(1)))


@case("tf.type_spec_from_value: the Spec of the fields (TensorSpecs, Python values kept)")
def _(tf):
    spec = tf.type_spec_from_value(_record(tf)("r", table={"b": 2.0, "a": 1}))
    return (repr(spec), repr(spec.table), spec.name, spec.count, type(spec).__qualname__,
            repr(tf.type_spec_from_value(3)), repr(tf.type_spec_from_value([1.0, 2.0])))


case("tf.type_spec_from_value(a Python object): TypeError")(
    lambda tf: tf.type_spec_from_value(type("Opaque", (), {"__repr__": lambda self: "?"})()))


@case("a Spec made by hand equals the value's; positional arguments in field order")
def _(tf):
    MaskedTensor = _masked(tf)
    made = MaskedTensor.Spec(tf.TensorSpec([2], tf.int32), mask=tf.TensorSpec([2], tf.bool))
    return made == tf.type_spec_from_value(MaskedTensor([1, 2], [True, False])), repr(made)


@case("tf.function: one trace per spec; the values are inputs, a returned value its tensors")
def _(tf):
    from typing import Mapping

    class Player(tf.experimental.ExtensionType):
        name: tf.Tensor
        attributes: Mapping[str, tf.Tensor]

    traces = []

    @tf.function
    def anonymize(player):
        traces.append(len(player.attributes))
        return Player("<anonymous>", {k: v * 2.0 for k, v in player.attributes.items()})
    out = [repr(anonymize(Player("Anne", {"height": 8.3, "speed": 28.1}))),
           repr(anonymize(Player("Bart", {"height": 8.1, "speed": 25.3}))),
           repr(anonymize(Player("Chuck", {"height": 11.0, "jump": 5.3})))]
    return out, traces, anonymize.experimental_get_tracing_count()


@case("tf.function(input_signature=[Spec]): a spec with None dimensions takes any length")
def _(tf):
    MaskedTensor = _masked(tf)
    spec = MaskedTensor.Spec(values=tf.TensorSpec([None], tf.float32),
                             mask=tf.TensorSpec([None], tf.bool))
    grow = tf.function(lambda m: MaskedTensor(m.values * 2.0, m.mask), input_signature=[spec])
    return ([repr(grow(MaskedTensor([1.0, 2.0, 3.0], [True, False, True]))),
             repr(grow(MaskedTensor([4.0], [False])))], grow.experimental_get_tracing_count()
            if hasattr(grow, "experimental_get_tracing_count") else None)


@case("a nested Spec class of your own: its constructor and properties")
def _(tf):
    class Masked(tf.experimental.ExtensionType):
        values: tf.Tensor
        mask: tf.Tensor

        class Spec:
            def __init__(self, shape, dtype=tf.float32):
                self.values = tf.TensorSpec(shape, dtype)
                self.mask = tf.TensorSpec(shape, tf.bool)

            shape = property(lambda self: self.values.shape)

    spec = Masked.Spec([2])
    value_spec = tf.type_spec_from_value(Masked([1.0, 2.0], [True, False]))
    return spec == value_spec, spec.shape, value_spec.shape, repr(spec.mask)


@case("an eager tf.while_loop keeps an ExtensionType or a RaggedTensor loop variable as it is")
def _(tf):
    MaskedTensor = _masked(tf)
    i, m = tf.while_loop(lambda i, m: i < 3,
                         lambda i, m: (i + 1, MaskedTensor(m.values + 1.0, m.mask)),
                         [0, MaskedTensor([1.0, 2.0], [True, False])])
    _, r = tf.while_loop(lambda i, r: i < 2, lambda i, r: (i + 1, r * 2),
                         [0, tf.ragged.constant([[1], [2, 3]])])
    return i, repr(m), r.to_list()


@case("an unsupported annotation: TypeError naming the field, when the class is made")
def _(tf):
    from typing import List
    found = []
    for annotation in (list, List[int], object):
        try:
            type("Bad", (tf.experimental.ExtensionType,), {"__annotations__": {"x": annotation}})
        except TypeError as e:
            found.append(str(e))
    return found


@case("a string annotation is never resolved: refused when a value is given")
def _(tf):
    Later = type("Later", (tf.experimental.ExtensionType,), {"__annotations__": {"x": "tf.Tensor"}})
    return Later(1)


@pytest.mark.parametrize("fn, compare_message, rtol", case.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
