"""What still runs when an op of a tf.function fails, against TF 2.21 (rules: tf_compare.py).

TF's rule, as these cases check it: every op that does not wait for the failed one still runs,
then the call raises the first error. An op waits for it through data, `control_dependencies`,
or TF's automatic control dependencies: one chain per variable (reads after a write, a write
after the reads and writes before it) and one chain of the other ops run for their effect
(Assert, print, py_function), random ops aside.
"""
from __future__ import annotations

import pytest

from .tf_compare import Cases, check

cases = Cases()


def _call(f, x):
    try:
        f(x)
        return "no error"
    except Exception as e:  # (the class is compared; the message is tested elsewhere)
        return type(e).__name__


@cases("a failed assert: an assignment of another variable still runs")
def _(tf):
    v = tf.Variable(0.0)

    @tf.function
    def f(x):
        tf.debugging.assert_positive(x)
        v.assign(5.0)
        return x * 2
    return _call(f, tf.constant(-1.0)), v.numpy(), _call(f, tf.constant(1.0)), v.numpy()


@cases("writes before and after a failed assert both run (the assert is on no variable's chain)")
def _(tf):
    w = tf.Variable(0.0)

    @tf.function
    def g(x):
        w.assign(1.0)
        tf.debugging.assert_positive(x)
        w.assign_add(2.0)
        return x
    return _call(g, tf.constant(-1.0)), w.numpy()


@cases("a failed gather: what uses it and the same variable's later writes are skipped; "
       "an unrelated print and another variable's write run")
def _(tf):
    u, other = tf.Variable(0.0), tf.Variable(0.0)

    @tf.function
    def h(x):
        y = tf.gather([1.0, 2.0], tf.cast(x, tf.int32))
        u.assign(y)
        u.assign_add(1.0)
        other.assign(7.0)
        tf.print("after")
        return y
    return _call(h, tf.constant(5.0)), u.numpy(), other.numpy()


@cases("control_dependencies on a failed assert: the assignment waits and never runs")
def _(tf):
    v = tf.Variable(0.0)

    @tf.function
    def g(x):
        check = tf.debugging.assert_positive(x)
        with tf.control_dependencies([check]):
            v.assign(9.0)
        return x
    return _call(g, tf.constant(-1.0)), v.numpy()


@cases("the effects chain: a print and a py_function after a failed assert do not run")
def _(tf):
    seen = []
    v = tf.Variable(0.0)

    @tf.function
    def f(x):
        tf.debugging.assert_positive(x)
        tf.print("never")
        tf.py_function(lambda a: seen.append(float(a)) or a, [x], tf.float32)
        v.assign(3.0)  # (on its variable's chain only: runs)
        return x
    return _call(f, tf.constant(-1.0)), seen, v.numpy()


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_graph_failures_as_tensorflow(fn, compare_message, rtol, capfd):
    check(fn, compare_message, rtol)
