"""`tf.gradients` (and `tf.compat.v1.gradients`), and TF1 training with it, against TF 2.21
(rules: tf_compare.py).

Each case builds a TF1 graph or traces a tf.function, asks `tf.gradients` for
symbolic gradients, and returns their values (run in a Session, or returned by
the function) together with what is known while building: which are None and
their static shapes.
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


def _run(tf, build, feed_values=()):
    """Builds a graph with `build(tf)` -> (placeholders, fetches) and runs the fetches:
    the static facts (None or the shape of each fetch) and the values."""
    g = tf.Graph()
    with g.as_default():
        placeholders, fetches = build(tf)
        static = [None if f is None else tuple(f.shape.as_list()) if f.shape.rank is not None
                  else "unknown" for f in fetches]
        wanted = [f for f in fetches if f is not None]
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            values = sess.run(wanted, dict(zip(placeholders, feed_values)))
    return static, values


def _placeholder(tf, shape=None, dtype=None):
    return tf.compat.v1.placeholder(dtype or tf.float32, shape=shape)


@cases("y = x*x: dy/dx = 2x")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [3])
        return [x], tf.gradients(x * x, [x])
    return _run(tf, build, [np.array([1.0, 2.0, 3.0], np.float32)])


@cases("xs may be a single tensor: the result is still a list")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [])
        grads = tf.gradients(tf.sin(x), x)
        assert isinstance(grads, list)
        return [x], grads
    return _run(tf, build, [np.float32(0.5)])


@cases("several ys: the gradient of their sum")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [2])
        return [x], tf.gradients([x * x, 3.0 * x], [x])
    return _run(tf, build, [np.array([1.0, -2.0], np.float32)])


@cases("a non-scalar y is summed (dy/dx of sum(x @ w))")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [2, 3])
        w = _placeholder(tf, [3, 4])
        return [x, w], tf.gradients(tf.matmul(x, w), [x, w])
    rng = np.random.default_rng(0)
    return _run(tf, build, [rng.standard_normal((2, 3)).astype(np.float32),
                            rng.standard_normal((3, 4)).astype(np.float32)])


@cases("grad_ys weights the upstream gradient")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [2])
        return [x], tf.gradients(x * x, [x], grad_ys=[tf.constant([10.0, 100.0])])
    return _run(tf, build, [np.array([1.0, 2.0], np.float32)])


@cases("an x the ys do not depend on gives None")
def _(tf):
    def build(tf):
        x, z = _placeholder(tf, []), _placeholder(tf, [])
        return [x, z], tf.gradients(x * 2.0, [x, z])
    return _run(tf, build, [np.float32(1.0), np.float32(2.0)])


@cases("unconnected_gradients='zero' gives zeros of x's shape")
def _(tf):
    def build(tf):
        x, z = _placeholder(tf, []), _placeholder(tf, [2])
        return [x, z], tf.gradients(x * 2.0, [x, z], unconnected_gradients="zero")
    return _run(tf, build, [np.float32(1.0), np.array([1.0, 2.0], np.float32)])


@cases("stop_gradients holds a tensor constant")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [])
        a = x * x
        b = a * x  # d/dx with a held constant: a
        return [x], tf.gradients(b, [x], stop_gradients=[a])
    return _run(tf, build, [np.float32(3.0)])


@cases("tf.stop_gradient blocks the path")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [])
        return [x], tf.gradients(tf.stop_gradient(x * x) + x, [x])
    return _run(tf, build, [np.float32(3.0)])


@cases("a value used twice gets both contributions (x*x + x)")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [])
        return [x], tf.gradients(x * x + x, [x])
    return _run(tf, build, [np.float32(3.0)])


@cases("a variable's gradient (TF1 training: gradients of a loss for the weights)")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [4, 2])
        y = _placeholder(tf, [4, 1])
        w = tf.Variable(tf.ones([2, 1]))
        b = tf.Variable(0.5)
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        return [x, y], tf.gradients(loss, [w, b])
    rng = np.random.default_rng(1)
    return _run(tf, build, [rng.standard_normal((4, 2)).astype(np.float32),
                            rng.standard_normal((4, 1)).astype(np.float32)])


@cases("a second derivative: the gradient of a gradient")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [])
        (dy,) = tf.gradients(x * x * x, [x])
        return [x], [dy] + tf.gradients(dy, [x])
    return _run(tf, build, [np.float32(2.0)])


@cases("through tf.cond")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [])
        y = tf.cond(x > 0.0, lambda: x * x, lambda: -x)
        return [x], tf.gradients(y, [x])
    return _run(tf, build, [np.float32(3.0)])


@cases("an integer y: no gradient")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [], tf.int32)
        return [x], tf.gradients(x * 2, [x])
    return _run(tf, build, [np.int32(3)])


@cases("softmax cross-entropy, as a TF1 classifier computes it")
def _(tf):
    def build(tf):
        logits = _placeholder(tf, [2, 3])
        labels = tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        return [logits], tf.gradients(loss, [logits])
    return _run(tf, build, [np.array([[1.0, 2.0, 0.5], [0.1, -1.0, 2.0]], np.float32)])


@cases("tf.compat.v1.gradients is the same function")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [2])
        return [x], tf.compat.v1.gradients(tf.reduce_sum(tf.exp(x)), [x])
    return _run(tf, build, [np.array([0.0, 1.0], np.float32)])


@cases("inside tf.function (TF2: a graph is being traced)")
def _(tf):
    @tf.function
    def f(x):
        return tf.gradients(tf.reduce_sum(x * x * x), [x])[0]
    return f(tf.constant([1.0, 2.0]))


@cases("inside tf.function with a variable")
def _(tf):
    v = tf.Variable([1.0, -2.0])

    @tf.function
    def f():
        return tf.gradients(tf.reduce_sum(v * v), [v])

    return f()


@cases("a GradientTape records the ops tf.gradients makes (a second derivative)")
def _(tf):
    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            (dy,) = tf.gradients(x * x * x, [x])
        return dy, tape.gradient(dy, x)
    return f(tf.constant(2.0))


@cases("unknown rank: l2_loss is a scalar, and its gradient")
def _(tf):
    def build(tf):
        x = _placeholder(tf)
        loss = tf.nn.l2_loss(x)
        return [x], [loss] + tf.gradients(loss, [x])
    return _run(tf, build, [np.array([[1.0, -2.0], [3.0, 4.0]], np.float32)])


@cases("eagerly: TF's RuntimeError, use GradientTape")
def _(tf):
    x = tf.constant(1.0)
    return tf.gradients(x * x, [x])


@cases("grad_ys of the wrong length")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [])
        return [x], tf.gradients([x * x], [x], grad_ys=[1.0, 2.0])
    return _run(tf, build, [np.float32(1.0)])


@cases("through tf.while_loop (x doubled three times: d/dx = 8)")
def _(tf):
    def build(tf):
        x = _placeholder(tf, [])
        _, y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 2.0), [0, x])
        return [x], tf.gradients(y, [x])
    return _run(tf, build, [np.float32(1.5)])


@cases("a TF1 training loop: gradients, assign_sub, Session.run five times", rtol=1e-5)
def _(tf):
    g = tf.Graph()
    with g.as_default():
        x = _placeholder(tf, [None, 2])
        y = _placeholder(tf, [None, 1])
        w = tf.Variable([[0.5], [-0.5]])
        b = tf.Variable(0.0)
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        grad_w, grad_b = tf.gradients(loss, [w, b])
        train = tf.group(w.assign_sub(0.1 * grad_w), b.assign_sub(0.1 * grad_b))
        rng = np.random.default_rng(2)
        xs = rng.standard_normal((8, 2)).astype(np.float32)
        ys = xs @ np.array([[2.0], [1.0]], np.float32) + 0.5
        losses = []
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            for _ in range(5):
                _, value = sess.run([train, loss], {x: xs, y: ys})
                losses.append(value)
            return losses, sess.run([w, b])


@cases("what an assignment returns: its .op, tf.group and control_dependencies wait for it")
def _(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0)
        u = v.assign_sub(0.25)
        grouped = tf.group(u)
        with tf.control_dependencies([v.assign_add(2.0)]):
            after = tf.identity(5.0)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            seen = [u.op.type]
            for fetch in (grouped, u.op, after):
                sess.run(fetch)
                seen.append(sess.run(v))
            return seen


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
