"""Graph nodes take the `name=` a learner gives an op, as in TF 2.21 (rules: tf_compare.py).

TF1 code names its tensors to find them again (`graph.get_tensor_by_name("output:0")`,
`sess.run("loss:0")`), and TensorBoard's graph shows those names. A name already
taken gets a suffix: "sum", "sum_1".
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


def _names(tf, build):
    """The names of the graph's nodes, constants left out (TF passes axes, shapes and perms
    as Const nodes, "total/reduction_indices"; the engine keeps them as attributes)."""
    g = tf.Graph()
    with g.as_default():
        build(tf)
        return [op.name for op in g.get_operations() if op.type != "Const"]


def _inputs(tf):
    return tf.constant([[1.0, 2.0], [3.0, 4.0]], name="a"), \
        tf.compat.v1.placeholder(tf.float32, [2, 2], name="b")


cases("arithmetic ops take the name they are given; a taken name gets a suffix")(
    lambda tf: _names(tf, lambda tf: (
        tf.add(*_inputs(tf), name="sum"), tf.add(*_inputs(tf), name="sum"),
        tf.multiply(*_inputs(tf), name="prod"), tf.subtract(*_inputs(tf), name="diff"),
        tf.divide(*_inputs(tf), name="ratio"), tf.matmul(*_inputs(tf), name="product"))))
cases("unary ops and activations")(lambda tf: _names(tf, lambda tf: (
    tf.square(_inputs(tf)[0], name="sq"), tf.exp(_inputs(tf)[0], name="e"),
    tf.nn.relu(_inputs(tf)[0], name="act"), tf.sigmoid(_inputs(tf)[0], name="p"),
    tf.nn.softmax(_inputs(tf)[0], name="probs"), tf.negative(_inputs(tf)[0], name="neg"))))
cases("reductions and argmax")(lambda tf: _names(tf, lambda tf: (
    tf.reduce_sum(_inputs(tf)[0], name="total"), tf.reduce_mean(_inputs(tf)[0], name="loss"),
    tf.reduce_max(_inputs(tf)[0], axis=1, name="best"),
    tf.argmax(_inputs(tf)[0], axis=1, name="label"))))
cases("shapes: identity, reshape, transpose, cast")(lambda tf: _names(tf, lambda tf: (
    tf.identity(_inputs(tf)[0], name="output"), tf.reshape(_inputs(tf)[0], [4], name="flat"),
    tf.transpose(_inputs(tf)[0], name="t"), tf.cast(_inputs(tf)[0], tf.int32, name="ints"))))


@cases("default names: an operator makes 'add'/'mul'/'sub'/'pow'/'mod'/'matmul'/'and'/'or', "
       "the function 'Add'/'Mul'/'Sub'/'Pow'/'FloorMod'/'MatMul'/'LogicalAnd'/'LogicalOr'")
def _(tf):
    @tf.function
    def f(a, b, m, p, q):
        return [a + b, tf.add(a, b), a - b, tf.subtract(a, b), a * b, tf.multiply(a, b),
                a ** b, tf.pow(a, b), a % b, tf.math.floormod(a, b), m @ m, tf.matmul(m, m),
                p & q, tf.logical_and(p, q), p | q, tf.logical_or(p, q), ~p, a / b, tf.divide(a, b),
                a // b, -a, tf.negative(a)]

    graph = f.get_concrete_function(
        tf.TensorSpec([], tf.float32), tf.TensorSpec([], tf.float32),
        tf.TensorSpec([2, 2], tf.float32), tf.TensorSpec([], tf.bool),
        tf.TensorSpec([], tf.bool)).graph
    return [op.name for op in graph.get_operations()]


@cases("a taken name is taken whatever its case: after 'add', tf.add makes 'Add_1'; "
       "Python numbers become '<node>/y' constants; strings' + is 'add' too")
def _(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        s = tf.compat.v1.placeholder(tf.string, [], name="s")
        x + x, tf.add(x, x), tf.add(x, 1.0), x + 1.0, tf.multiply(2.0, x), tf.add(x, x, name="ADD")
        tf.identity(x, name="add_5"), x + x, s + s, tf.add(s, s)
        return [op.name for op in g.get_operations()]


@cases("TF1: find a tensor by its name and run it by name")
def _(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2], name="x")
        w = tf.constant([[1.0], [2.0]], name="w")
        logits = tf.matmul(x, w, name="logits")
        tf.identity(tf.sigmoid(logits), name="output")
        found = g.get_tensor_by_name("output:0")
        with tf.compat.v1.Session() as sess:
            by_name = sess.run("output:0", {"x:0": np.array([[1.0, 0.0]], np.float32)})
            by_tensor = sess.run(found, {x: np.array([[0.0, 1.0]], np.float32)})
        return found.name, logits.name, by_name, by_tensor, g.get_operation_by_name("logits").type


@cases("inside tf.function, the traced graph's nodes carry the names")
def _(tf):
    @tf.function
    def f(x):
        return tf.identity(tf.reduce_sum(x * x, name="total"), name="result")

    graph = f.get_concrete_function(tf.TensorSpec([3], tf.float32)).graph
    return [op.name for op in graph.get_operations() if op.name in ("total", "result")]


@cases("tf.name_scope in a graph: nested, a name used again gets a suffix, 'name/' re-enters")
def _(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2], name="x")
        with tf.name_scope("layer1") as first:
            w = tf.constant([1.0, 2.0], name="w")
            y = tf.multiply(x, w, name="y")
            z = x + w
            with tf.name_scope("inner"):
                q = tf.square(y)
        with tf.name_scope("layer1") as second:
            out = tf.identity(q, name="out")
        with tf.name_scope("layer1/") as again:
            tf.identity(z)
        return first, second, again, [op.name for op in g.get_operations()], out.name


@cases("tf.name_scope eagerly: the Variables made inside are named in it; '' leaves it")
def _(tf):
    with tf.name_scope("outer") as scope:
        v = tf.Variable(1.0, name="v")
        unnamed = tf.Variable(2.0)
        with tf.name_scope("inner"):
            deep = tf.Variable(3.0, name="d")
        with tf.name_scope(""):
            top = tf.Variable(4.0, name="top")
    return scope, v.name, unnamed.name, deep.name, top.name


@cases("tf.name_scope inside tf.function; Keras weights keep their own names")
def _(tf):
    @tf.function
    def f(a):
        with tf.name_scope("block"):
            return tf.identity(a * 2.0, name="res")

    nodes = [op.name for op in f.get_concrete_function(tf.TensorSpec([], tf.float32)).graph
             .get_operations()]
    with tf.name_scope("s"):
        dense = tf.keras.layers.Dense(2)
        dense.build((None, 3))
    return nodes, dense.kernel.name, dense.kernel.path


@cases("TF1's name_scope(name, default_name, values); variables and placeholders in it")
def _(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.compat.v1.name_scope(None, "default_scope", []) as first:
            a = tf.constant(1.0)
        with tf.compat.v1.name_scope("loss") as second:
            w = tf.Variable(1.0, name="w")
            x = tf.compat.v1.placeholder(tf.float32, name="x")
        return first, second, a.name, w.name, x.name


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
