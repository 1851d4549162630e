"""AutoGraph's loops (while, for, break, continue) on this engine and on TF 2.21: the same cases.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_autograph_loops.py

Each case defines a `tf.function` with Python control flow and calls it:
values (dtype, shape, numbers), how many times it traced, what its graph
contains, and TF's errors (the message after TF's "in user code" frame) must
be the same. The rules come from TF's AutoGraph reference (control_flow.md,
limitations.md, common_errors.md): a loop over a tensor condition, a
tf.range or a tensor becomes tf.while_loop; over Python values it is unrolled.
The if/return/call cases are in test_against_tensorflow_autograph.py.
"""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import case_registry  # noqa: E402
from .control_flow_compare import assert_same_outcome  # noqa: E402
from .control_flow_compare import control_flow_types as _types  # noqa: E402

CASES, case = case_registry()


# -- while ------------------------------------------------------------------------------------------
@case("while on a tensor")
def _(tf):
    @tf.function
    def f(n):
        i = 0
        s = 0
        while i < n:
            s += i
            i += 1
        return i, s
    return f(tf.constant(5)), f(tf.constant(0)), "While" in "".join(
        _types(f, tf.TensorSpec([], tf.int32)))


@case("while on a Python value runs in Python (unrolled)")
def _(tf):
    @tf.function
    def f(x):
        i = 0
        while i < 3:
            x = x * 2
            i += 1
        return x
    return f(tf.constant(1)), "While" in "".join(_types(f, tf.TensorSpec([], tf.int32)))


@case("while: a loop variable that changes dtype")
def _(tf):
    @tf.function
    def f(x):
        y = tf.constant(0)
        while x > 0:
            y = tf.cast(y, tf.float32) + 1.0
            x -= 1
        return y
    return f(tf.constant(3))


@case("while: a loop variable that changes shape")
def _(tf):
    @tf.function
    def f(x):
        y = tf.constant([1.0])
        while tf.reduce_sum(y) < x:
            y = tf.concat([y, y], 0)
        return y
    return f(tf.constant(10.0))


@case("while: shape invariants allow a growing tensor")
def _(tf):
    @tf.function
    def f(x):
        y = tf.constant([1.0])
        while tf.reduce_sum(y) < x:
            tf.autograph.experimental.set_loop_options(shape_invariants=[(y, tf.TensorShape([None]))])
            y = tf.concat([y, y], 0)
        return y
    return f(tf.constant(10.0))


@case("while: maximum_iterations from set_loop_options")
def _(tf):
    @tf.function
    def f(x):
        i = tf.constant(0)
        while i < x:
            tf.autograph.experimental.set_loop_options(maximum_iterations=3)
            i += 1
        return i
    return f(tf.constant(10))


@case("while: a variable defined in the loop, used after")
def _(tf):
    @tf.function
    def f(x):
        while x > 0:
            z = x
            x = x - 1
        return z
    return f(tf.constant(3))


@case("while: ... and the loop that never runs")
def _(tf):
    @tf.function
    def f(x):
        while x > 0:
            z = x
            x = x - 1
        return z
    return f(tf.constant(0))


@case("while: a Python condition that becomes a tensor")
def _(tf):
    @tf.function
    def f(x):
        i = 0
        while i < 3:
            i = i + x
        return i
    return f(tf.constant(1))


@case("while with break and continue on tensors")
def _(tf):
    @tf.function
    def f(n):
        i = 0
        s = 0
        while i < n:
            i += 1
            if i % 2 == 0:
                continue
            if i > 7:
                break
            s += i
        return s
    return f(tf.constant(20)), f(tf.constant(4))


# -- for --------------------------------------------------------------------------------------------
@case("for over tf.range")
def _(tf):
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            s += i * i
        return s
    return f(tf.constant(4)), f(tf.constant(0))


@case("for over tf.range with break")
def _(tf):
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            if i > 3:
                break
            s += i
        return s
    return f(tf.constant(10)), f(tf.constant(2))


@case("for over tf.range with continue")
def _(tf):
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            if i % 3 == 0:
                continue
            s += i
        return s
    return f(tf.constant(10))


@case("for over a tensor's rows")
def _(tf):
    @tf.function
    def f(x):
        s = tf.constant(0)
        for row in x:
            s += tf.reduce_sum(row)
        return s
    return f(tf.constant([[1, 2], [3, 4], [5, 6]]))


@case("for over a tensor of unknown length")
def _(tf):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        total = tf.constant(0.0)
        for v in x:
            total += v * v
        return total
    return f(tf.constant([1.0, 2.0, 3.0])), f(tf.constant([], tf.float32))


@case("for over range(len(x)) and x[i] with a dynamic length")
def _(tf):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])
    def f(x):
        s = 0
        for i in range(len(x)):
            s += x[i] * (i + 1)
        return s
    return f(tf.constant([1, -2, 3]))


@case("for over a Python range is unrolled")
def _(tf):
    @tf.function
    def f(x):
        for i in range(3):
            x = x + i
        return x
    return f(tf.constant(1)), "While" in "".join(_types(f, tf.TensorSpec([], tf.int32))), \
        "StatelessWhile" in _types(f, tf.TensorSpec([], tf.int32))


@case("for over a Python list of tensors is unrolled")
def _(tf):
    @tf.function
    def f(xs):
        total = 0.0
        for x in xs:
            total = total + x
        return total
    return f([tf.constant(1.0), tf.constant(2.5)])


@case("for: Python break on a tensor condition")
def _(tf):
    @tf.function
    def f(x):
        for i in range(3):
            if x > i:
                break
        return x
    return f(tf.constant(1))


@case("for: the loop variable changes dtype")
def _(tf):
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            s = s + 0.5
        return s
    return f(tf.constant(3))


@case("for: a TensorArray written in the loop")
def _(tf):
    @tf.function
    def f(n):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        for i in tf.range(n):
            ta = ta.write(i, tf.cast(i, tf.float32) ** 2)
        return ta.stack()
    return f(tf.constant(4))


@case("for: nested tensor loops")
def _(tf):
    @tf.function
    def f(n):
        s = 0
        for i in tf.range(n):
            for j in tf.range(i):
                s += j
        return s
    return f(tf.constant(5))


@case("for: enumerate and zip of Python lists stay Python")
def _(tf):
    @tf.function
    def f(x):
        for i, (a, b) in enumerate(zip([1, 2], [3, 4])):
            x = x + i * a * b
        return x
    return f(tf.constant(0))



@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
