"""tf.function's rules for variables, bound Python values and leaked tensors, here and on TF 2.21.

The rules (TF's guide to tf.function, "Creating tf.Variables" and "Depending
on Python global and free variables"):
- variables may be created only while the first call is traced; every later
  trace runs with creation off, also for variables an optimizer or a metric
  makes behind `init_scope`, so a train step called with a second,
  unbuilt optimizer fails with ValueError;
- a first call that created variables is traced once more (a tracing count
  of 2 after one call);
- a concrete function has its Python arguments built in: calling it with
  another value is a TypeError (`Can not cast 3 to Literal[2]`), and a tensor
  of another dtype is refused by the call (InvalidArgumentError);
- a tensor kept from inside a finished trace is out of scope in another
  function: a TypeError.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_function.py
"""
from __future__ import annotations

import pytest

from .tf_compare import Cases, check

cases = Cases()


def _train_step(tf):
    @tf.function
    def train_step(w, x, y, optimizer):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(w * x - y))
        optimizer.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
        return loss
    return train_step


@cases("an optimizer built on the first call: traced twice, then runs", rtol=1e-6)
def _(tf):
    step = _train_step(tf)
    w, x, y = tf.Variable(2.0), tf.constant([-1.0]), tf.constant([2.0])
    opt = tf.keras.optimizers.Adam(learning_rate=0.01)
    losses = [float(step(w, x, y, opt)) for _ in range(3)]
    return losses, step.experimental_get_tracing_count(), float(w.numpy())


@cases("a second optimizer passed to the same train step makes variables on a retrace",
       compare_message=False)
def _(tf):
    step = _train_step(tf)
    w, x, y = tf.Variable(2.0), tf.constant([-1.0]), tf.constant([2.0])
    step(w, x, y, tf.keras.optimizers.Adam(learning_rate=0.01))
    step(w, x, y, tf.keras.optimizers.Adam(learning_rate=0.001))


@cases("a metric made inside the function on every trace", compare_message=False)
def _(tf):
    labels, logits = tf.constant([0, 1]), tf.constant([[1.0, 0.0], [0.0, 1.0]])
    return tf.function(lambda: tf.keras.metrics.SparseCategoricalAccuracy()(labels, logits))()


@cases("a metric made outside and updated inside: one trace per call signature")
def _(tf):
    labels, logits = tf.constant([0, 1]), tf.constant([[1.0, 0.0], [1.0, 0.0]])
    metric = tf.keras.metrics.SparseCategoricalAccuracy()
    update = tf.function(lambda: metric(labels, logits))
    return float(update()), float(update()), update.experimental_get_tracing_count()


@cases("a concrete function with a Python argument built in: the same value works")
def _(tf):
    power = tf.function(lambda a, b: a ** b)
    square = power.get_concrete_function(a=tf.TensorSpec(None, tf.float32), b=2)
    x = tf.constant(10.0)
    return square(x), square(x, b=2), square(x, 2)


@cases("a concrete function called with another value of its Python argument",
       compare_message=False)
def _(tf):
    power = tf.function(lambda a, b: a ** b)
    square = power.get_concrete_function(a=tf.TensorSpec(None, tf.float32), b=2)
    return square(tf.constant(10.0), b=3)


@cases("a concrete function called with a tensor of another dtype: the call op refuses it",
       compare_message=False)
def _(tf):
    double = tf.function(lambda a: a + a)
    strings = double.get_concrete_function(tf.constant("a"))
    return strings(tf.constant(1))


@cases("function_type prints the traced signature: specs, Literal[...] for Python values, "
       "keyword-only parameters after '*', the output structure after '->'")
def _(tf):
    @tf.function
    def f(x, n=2, *, scale=1.0):
        return x * n * scale, {"a": x}

    ft = f.get_concrete_function(tf.TensorSpec([None], tf.float32), 3, scale=0.5).function_type
    x = ft.parameters["x"]
    return (str(ft), list(ft.parameters), str(x.kind), repr(x.type_constraint),
            repr(ft.parameters["n"].type_constraint), repr(ft.output))


@cases("inference_fn calls the graph itself: every parameter must be given (Python ones are "
       "built in), tensors must fit the traced specs")
def _(tf):
    @tf.function
    def f(x, n=2):
        return x * n, x

    atomic = f.get_concrete_function(tf.TensorSpec([None], tf.float32), 3).inference_fn
    results = [atomic(tf.constant([2.0]), 3), atomic(x=tf.constant([1.0, 2.0]), n=3),
               atomic(tf.constant([2.0]), 4)]
    for bad in [lambda: atomic(tf.constant([2.0])), lambda: atomic(tf.constant([2, 3]), 3),
                lambda: atomic(tf.constant([[2.0]]), 3)]:
        try:
            bad()
        except TypeError as e:
            results.append(str(e))
    return results


@cases("inference_fn of a graph that captures a variable must be called with its captures",
       compare_message=True)
def _(tf):
    v = tf.Variable(2.0)
    f = tf.function(lambda x: x * v)
    return f.get_concrete_function(tf.TensorSpec([], tf.float32)).inference_fn(tf.constant(1.0))


@cases("objects are traced by identity (a new object, a new trace); a class with "
       "__tf_tracing_type__ is traced by its TraceType (equal types share a trace) and the "
       "function receives the type's placeholder_value")
def _(tf):
    class FruitType(tf.types.experimental.TraceType):
        def __init__(self, fruit):
            self.kind, self.fruit = type(fruit), fruit

        def is_subtype_of(self, other):
            return type(other) is FruitType and self.kind is other.kind

        def most_specific_common_supertype(self, others):
            return self if all(self == other for other in others) else None

        def placeholder_value(self, placeholder_context=None):
            return self.fruit

        def __eq__(self, other):
            return type(other) is FruitType and self.kind == other.kind

        def __hash__(self):
            return hash(self.kind)

    class Plain:
        flavor = tf.constant([1, 2])

    class Traced:
        def __tf_tracing_type__(self, context):
            return FruitType(self)

    class Apple(Traced):
        flavor = tf.constant([1, 2])

    class Mango(Traced):
        flavor = tf.constant([3, 4])

    f = tf.function(lambda a, b: a.flavor + b.flavor)
    counts = [f(Plain(), Plain()), f.experimental_get_tracing_count(),
              f(Plain(), Plain()), f.experimental_get_tracing_count()]
    for a, b in [(Apple(), Mango()), (Apple(), Mango()), (Mango(), Apple())]:
        counts += [f(a, b), f.experimental_get_tracing_count()]
    protocol = tf.types.experimental.SupportsTracingProtocol
    return counts, isinstance(Apple(), protocol), isinstance(Plain(), protocol)


@cases("a trace for more general specs serves a call (TF's subtype rule): [None] serves "
       "shapes [2] and [3], an unknown rank serves any shape, the most specific trace wins")
def _(tf):
    counts = []
    f = tf.function(lambda x: x * 2)
    f.get_concrete_function(tf.TensorSpec([None], tf.float32))
    for x in [[1.0, 2.0], [1.0, 2.0, 3.0], 1.0]:
        counts.append((f(tf.constant(x)), f.experimental_get_tracing_count()))
    g = tf.function(lambda x: x + 1)
    g.get_concrete_function(tf.TensorSpec(None, tf.float32))
    g(tf.constant([[1.0]]))
    g(tf.constant(1.0))
    g.get_concrete_function(tf.TensorSpec([None], tf.float32))
    counts.append(g.experimental_get_tracing_count())
    h = tf.function(lambda x, n: x * n)
    h(tf.constant([1.0, 2.0]), 2)
    h.get_concrete_function(tf.TensorSpec([None], tf.float32), 2)
    h(tf.constant([1.0, 2.0, 5.0]), 2)   # the [None] trace
    h(tf.constant([1.0, 2.0, 5.0]), 3)   # another Python value: a new trace
    counts.append(h.experimental_get_tracing_count())
    return counts


cases("a tf.function returning a known TensorShape returns it as an int32 tensor")(
    lambda tf: tf.function(lambda x: (x * 2, x.shape))(tf.constant([1.0, 2.0])))
cases("a tf.function returning a shape known only in part: TF's TypeError",
      compare_message=False)(
    lambda tf: tf.function(lambda x: x.shape).get_concrete_function(
        tf.TensorSpec([None], tf.float32)))
cases("convert_to_tensor of a TensorShape: known, and known only in part")(lambda tf: (
    tf.convert_to_tensor(tf.TensorShape([1, 2])),
    tf.convert_to_tensor(tf.TensorShape([1, 2]), dtype=tf.int64),
    tf.convert_to_tensor(tf.TensorShape([1, None]))))


@cases("a tensor leaked from a finished trace, used by another tf.function")
def _(tf):
    leaked = []

    @tf.function
    def leaky(a):
        leaked.append(a + 1)
        return a + 2

    @tf.function
    def uses_leaked(b):
        return b + leaked[0]

    leaky(tf.constant(1))
    return uses_leaked(tf.constant(2))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
