"""tf.cond, tf.switch_case, tf.while_loop, tf.TensorArray, tf.range and tf.fill against TF 2.21.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_control_flow.py

Each case is a function of the module (`tf`), run eagerly or inside a
`tf.function(autograph=False)` (the ops called explicitly): values, dtypes,
shapes, gradients and errors must agree.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import case_registry  # noqa: E402
from .control_flow_compare import assert_same_outcome  # noqa: E402

CASES, case = case_registry()


def traced(tf, fn, *args):
    return tf.function(fn, autograph=False)(*args)


# -- cond -----------------------------------------------------------------------------------------
case("eager cond returns the branch's value as it is")(
    lambda tf: (tf.cond(tf.constant(True), lambda: 1, lambda: 2.0),
                tf.cond(tf.constant(2) < 1, lambda: tf.constant(1), lambda: tf.constant(2))))
case("eager cond with a Python bool")(lambda tf: tf.cond(False, lambda: "a", lambda: "b"))
case("eager cond with a one-element int condition")(
    lambda tf: tf.cond(tf.constant(1), lambda: 10, lambda: 20))
case("cond without true_fn")(lambda tf: tf.cond(tf.constant(True)))
case("graph cond: Python outputs become tensors")(
    lambda tf: traced(tf, lambda: tf.cond(tf.constant(False), lambda: (1, 2.5), lambda: (3, 4.5))))
case("graph cond: dict and nested outputs")(
    lambda tf: traced(tf, lambda: tf.cond(tf.constant(False), lambda: {"a": 1, "b": (2.0, [3])},
                                          lambda: {"a": 4, "b": (5.0, [6])})))
case("graph cond: None outputs", compare_message=False)(
    lambda tf: traced(tf, lambda: tf.cond(tf.constant(True), lambda: None, lambda: None)))
case("graph cond: different dtypes in the branches", compare_message=False)(
    lambda tf: traced(tf, lambda: tf.cond(tf.constant(True), lambda: 1, lambda: 2.0)))
case("graph cond: a Python bool condition")(
    lambda tf: traced(tf, lambda: tf.cond(False, lambda: 1, lambda: 2)))
case("graph cond: an int condition", compare_message=False)(
    lambda tf: traced(tf, lambda: tf.cond(tf.constant(1), lambda: 1, lambda: 2)))
case("graph cond: a rank-2 condition with one element")(
    lambda tf: traced(tf, lambda: tf.cond(tf.constant([[False]]), lambda: 1, lambda: 2)))


@case("graph cond: the result's static shape is what both branches share")
def _(tf):
    f = tf.function(lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x, lambda: x[1:]),
                    autograph=False)
    return f.get_concrete_function(tf.TensorSpec([3], tf.float32)).structured_outputs.shape, \
        f(tf.constant([1.0, 2.0, 3.0])), f(tf.constant([-1.0, 2.0, -3.0]))


@case("graph cond: a branch reading a variable sees its current value")
def _(tf):
    v = tf.Variable(1.0)
    f = tf.function(lambda x: tf.cond(x > 0, lambda: x * v, lambda: x), autograph=False)
    first = f(tf.constant(2.0))
    v.assign(5.0)
    return first, f(tf.constant(2.0))


@case("graph cond: only the chosen branch's assignment runs")
def _(tf):
    a, b = tf.Variable(0), tf.Variable(0)

    @tf.function(autograph=False)
    def f(x):
        return tf.cond(x > 0, lambda: a.assign_add(1), lambda: b.assign_add(1))
    return f(tf.constant(1)), f(tf.constant(1)), f(tf.constant(-1)), a.numpy(), b.numpy()


@case("gradient through a graph cond (both branches)")
def _(tf):
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.cond(x > 0, lambda: tf.sin(x) * x, lambda: x * x * x)
        return tape.gradient(y, x)
    return f(tf.constant(0.7)), f(tf.constant(-0.7))


@case("gradient of a cond through a tf.function call")
def _(tf):
    f = tf.function(lambda x, y: tf.cond(x > y, lambda: x * y, lambda: x + y), autograph=False)
    x, y = tf.constant(3.0), tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = f(x, y)
    return tape.gradient(z, [x, y])


@case("gradient for an input only the other branch uses")
def _(tf):
    @tf.function(autograph=False)
    def f(x, y):
        with tf.GradientTape() as tape:
            tape.watch([x, y])
            z = tf.cond(x > 0, lambda: x * 2.0, lambda: y * 3.0)
        return tape.gradient(z, [x, y])
    return f(tf.constant(1.0), tf.constant(1.0)), f(tf.constant(-1.0), tf.constant(1.0))


@case("gradient for a variable read in a branch")
def _(tf):
    v = tf.Variable(3.0)

    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as tape:
            y = tf.cond(x > 0, lambda: x * v * v, lambda: x)
        return tape.gradient(y, v)
    return f(tf.constant(2.0))


@case("second derivative through a cond in one graph")
def _(tf):
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.cond(x > 0, lambda: tf.exp(x) * x, lambda: x ** 3)
            dy = inner.gradient(y, x)
        return dy, outer.gradient(dy, x)
    return f(tf.constant(0.5, tf.float64)), f(tf.constant(-0.5, tf.float64))


# -- switch_case ------------------------------------------------------------------------------
case("eager switch_case")(lambda tf: [tf.switch_case(tf.constant(i), [lambda: 1, lambda: 2,
                                                                      lambda: 3]) for i in range(3)])
case("eager switch_case: out of range runs the default")(
    lambda tf: tf.switch_case(tf.constant(5), [lambda: 1, lambda: 2], default=lambda: -1))
case("graph switch_case: branches as a dict, index out of range")(
    lambda tf: [traced(tf, lambda i: tf.switch_case(i, {0: lambda: 1.0, 1: lambda: 2.0}),
                       tf.constant(i)) for i in (0, 1, 2, -1)])
case("switch_case: keys that are not 0..n-1", compare_message=False)(
    lambda tf: tf.switch_case(tf.constant(0), {0: lambda: 1, 2: lambda: 2}))


@case("gradient through switch_case")
def _(tf):
    @tf.function(autograph=False)
    def f(i, x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.switch_case(i, [lambda: x * x, lambda: tf.sin(x), lambda: x * 3.0])
        return tape.gradient(y, x)
    return [f(tf.constant(i), tf.constant(0.5)) for i in (0, 1, 2, 9)]


# -- while_loop --------------------------------------------------------------------------------
case("eager while_loop")(
    lambda tf: tf.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s + i), (0, 0)))
case("eager while_loop: maximum_iterations")(
    lambda tf: tf.while_loop(lambda i: i < 10, lambda i: (i + 1,), (0,), maximum_iterations=4))
case("graph while_loop")(
    lambda tf: traced(tf, lambda n: tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s * 2),
                                                  (0, 1)), tf.constant(10)))
case("graph while_loop: a list of one loop variable")(
    lambda tf: traced(tf, lambda: tf.while_loop(lambda i: i < 10, lambda i: [i + 3], [0])))
case("graph while_loop: nested structures")(
    lambda tf: traced(tf, lambda: tf.while_loop(
        lambda i, d: i < 3, lambda i, d: (i + 1, {"a": d["a"] * 2, "b": (d["b"][0] + 1.0,)}),
        (0, {"a": 1, "b": (0.5,)}))))
case("graph while_loop: maximum_iterations")(
    lambda tf: traced(tf, lambda: tf.while_loop(lambda i: i < 10, lambda i: [i + 1], [0],
                                                maximum_iterations=3)))
case("graph while_loop: zero iterations")(
    lambda tf: traced(tf, lambda: tf.while_loop(lambda i, x: i < 0, lambda i, x: (i + 1, x * 2.0),
                                                (0, tf.constant([1.5, 2.5])))))
case("graph while_loop: dtype changes")(
    lambda tf: traced(tf, lambda: tf.while_loop(lambda i: i < 10,
                                                lambda i: [tf.cast(i, tf.float32) + 1], [0])))
case("graph while_loop: shape changes")(
    lambda tf: traced(tf, lambda: tf.while_loop(lambda v: tf.size(v) < 10,
                                                lambda v: [tf.concat([v, v], 0)],
                                                [tf.constant([1])])))
case("graph while_loop: shape_invariants")(
    lambda tf: traced(tf, lambda: tf.while_loop(lambda v: tf.size(v) < 10,
                                                lambda v: [tf.concat([v, v], 0)],
                                                [tf.constant([1])],
                                                shape_invariants=[tf.TensorShape([None])])))
case("graph while_loop: structure changes", compare_message=False)(
    lambda tf: traced(tf, lambda: tf.while_loop(lambda i: i < 10, lambda i: (i + 1, i), [0])))


@case("graph while_loop: the output's static shape follows the invariant")
def _(tf):
    f = tf.function(lambda: tf.while_loop(lambda v: tf.size(v) < 10,
                                          lambda v: [tf.concat([v, v], 0)], [tf.constant([1])],
                                          shape_invariants=[tf.TensorShape([None])]),
                    autograph=False)
    return f.get_concrete_function().structured_outputs[0].shape


@case("gradient through a graph while_loop")
def _(tf):
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, tf.sin(y) * x), (0, x))
        return y, tape.gradient(y, x)
    return f(tf.constant(0.7)), f(tf.constant([0.5, -1.5]))


@case("gradient of a while_loop through a tf.function call")
def _(tf):
    f = tf.function(lambda x, n: tf.while_loop(lambda i, y: i < n, lambda i, y: (i + 1, y * x),
                                               (0, tf.ones_like(x)))[1], autograph=False)
    x = tf.constant([1.5, -2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x, tf.constant(3))
    return y, tape.gradient(y, x)


@case("gradient for a variable read in a loop body")
def _(tf):
    v = tf.Variable(1.5)

    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as tape:
            _, y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y * v + x), (0, x))
        return tape.gradient(y, v)
    return f(tf.constant(2.0))


@case("back_prop=False: no gradient through the loop")
def _(tf):
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            _, y = tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, y * x), (0, x),
                                 back_prop=False)
        return y, tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return f(tf.constant(3.0))


# -- TensorArray ---------------------------------------------------------------------------------
def _ta_cases():
    yield "write, stack", lambda tf: tf.TensorArray(tf.float32, size=3).write(0, 1.0).write(
        1, 2.0).write(2, 3.0).stack()
    yield "unwritten elements read as zeros", lambda tf: tf.TensorArray(tf.float32, size=3).write(
        0, [1.0, 2.0]).stack()
    yield "write twice", lambda tf: tf.TensorArray(tf.float32, size=3).write(0, 1.0).write(
        0, 2.0).stack()
    yield "dynamic_size grows", lambda tf: tf.TensorArray(tf.float32, size=0,
                                                          dynamic_size=True).write(0, 1.0).write(
        3, 4.0).stack()
    yield "size", lambda tf: tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(
        2, 1.0).size()
    yield "unstack and gather", lambda tf: tf.TensorArray(tf.float32, size=3).unstack(
        [1.0, 2.0, 3.0]).gather([2, 0])
    yield "scatter", lambda tf: tf.TensorArray(tf.int32, size=3).scatter([2, 0], [5, 6]).write(
        1, 7).stack()
    yield "a Python number written to a float array", lambda tf: tf.TensorArray(
        tf.float32, size=1).write(0, 3).stack()
    yield "empty with an element shape", lambda tf: tf.TensorArray(tf.float32, size=0,
                                                                   element_shape=[2]).stack()
    yield "unstack then overwrite", lambda tf: tf.TensorArray(tf.float32, size=2).unstack(
        [1.0, 2.0]).write(1, 5.0).stack()


for _name, _fn in _ta_cases():
    case(f"TensorArray eager: {_name}")(_fn)
    case(f"TensorArray in a graph: {_name}")(
        lambda tf, fn=_fn: tf.function(lambda: fn(tf), autograph=False)())

case("TensorArray in a graph: writing past the end", compare_message=False)(
    lambda tf: traced(tf, lambda: tf.TensorArray(tf.float32, size=2).write(3, 1.0).stack()))
case("TensorArray in a graph: elements of different shapes")(
    lambda tf: traced(tf, lambda: tf.TensorArray(tf.float32, size=3).write(0, [1.0]).write(
        1, [1.0, 2.0]).stack()))
case("TensorArray in a graph: empty, no element shape", compare_message=False)(
    lambda tf: traced(tf, lambda: tf.TensorArray(tf.float32, size=0).stack()))
case("TensorArray properties")(
    lambda tf: (tf.TensorArray(tf.float32, size=2).dtype,
                tf.TensorArray(tf.float32, size=2, element_shape=[3]).element_shape,
                tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).element_shape))


@case("TensorArray as a while_loop variable")
def _(tf):
    def fn():
        def body(i, ta):
            return i + 1, ta.write(i, tf.cast(i, tf.float32) * 2.0)
        _, ta = tf.while_loop(lambda i, ta: i < 4, body,
                              (0, tf.TensorArray(tf.float32, size=0, dynamic_size=True)))
        return ta.stack(), ta.size()
    return fn(), tf.function(fn, autograph=False)()


@case("gradient through TensorArray reads and stack")
def _(tf):
    x = tf.constant([1.0, 2.0, 3.0])

    def fn(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            ta = tf.TensorArray(tf.float32, size=3).unstack(x)
            y = ta.read(0) * 2.0 + ta.read(2) * 3.0
        return tape.gradient(y, x)
    return tf.function(fn, autograph=False)(x)


@case("gradient through a TensorArray written in a loop (an unrolled RNN)")
def _(tf):
    @tf.function(autograph=False)
    def f(x, w):
        with tf.GradientTape() as tape:
            tape.watch([x, w])
            xs = tf.TensorArray(tf.float32, size=3).unstack(x)

            def body(i, h, out):
                h = tf.tanh(h * w + xs.read(i))
                return i + 1, h, out.write(i, h)
            _, h, out = tf.while_loop(lambda i, h, out: i < 3, body,
                                      (0, tf.zeros([2]), tf.TensorArray(tf.float32, size=3)))
            loss = tf.reduce_sum(out.stack() ** 2) + tf.reduce_sum(h)
        return loss, tape.gradient(loss, [x, w])
    return f(tf.constant([[1.0, 2.0], [3.0, 4.0], [0.5, -1.0]]), tf.constant(0.5))


# -- shapes from tensors ------------------------------------------------------------------------
@case("range, zeros, ones and fill from tensor shapes in a graph")
def _(tf):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        n = tf.shape(x)[0]
        return tf.range(n), tf.range(1, n, 2), tf.zeros(tf.shape(x)), tf.ones([n, 2]), \
            tf.fill([n], 7)
    return f(tf.constant([1.0, 2.0, 3.0, 4.0]))


case("range with tensor bounds, eagerly")(
    lambda tf: (tf.range(tf.constant(4)), tf.range(tf.constant(1.0), 2.0, 0.5),
                tf.range(tf.constant(5, tf.int64), 0, -2)))
case("range: start beyond limit")(lambda tf: tf.range(5, 1, 1))
case("range: zero step")(lambda tf: tf.range(0, 5, 0))


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)


_ = np
