"""Attributes and subscripts in a tensor `if` or loop: this engine and TF 2.21 must agree.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_autograph_composites.py

TF's AutoGraph tracks *composite* names (`self.total`, `d['n']`, `o.a.b`,
`a[k]`) that a tensor `if`/`while`/`for` assigns as outputs of the cond or
variables of the loop, through get_state/set_state (converters/control_flow.py;
which composites: pyct/qual_names.py and static_analysis/activity.py):

- a composite is an attribute/subscript chain on a name, each subscript a
  constant or a name; it is tracked when the names it depends on are live
  into the statement (an object from before it);
- in an `if` a tracked composite is always an output (read later or not),
  so it must be set in both branches, with one dtype, and not be None;
- in a loop it keeps its dtype and shape like any loop variable, and one
  first set inside the loop must be set by an iteration.
"""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
pytest.importorskip("tensorflow")

from .tf_compare import real_tf  # noqa: E402 - (importing it makes tf.keras the real Keras 3)
import course.engine as eng  # noqa: E402

from .compare import case_registry  # noqa: E402
from .control_flow_compare import assert_same_outcome  # noqa: E402
from .control_flow_compare import control_flow_types as _types  # noqa: E402

CASES, case = case_registry()


class Box:
    """A plain Python object to hang attributes on."""


# -- if ----------------------------------------------------------------------------------------------
@case("if: self.total of a tf.Module is an output of the cond (both values, one trace)")
def _(tf):
    class Total(tf.Module):
        def __init__(self):
            self.total = tf.constant(0.0)

        @tf.function
        def add(self, x):
            if x > 0:
                self.total = self.total + x
            return self.total
    m = Total()
    return m.add(tf.constant(2.0)), m.add(tf.constant(-1.0)), m.add.experimental_get_tracing_count()


@case("if: a dict entry with a constant key is an output; one first set in both branches too")
def _(tf):
    @tf.function
    def f(x):
        d = {"a": tf.constant(1.0)}
        if x > 0:
            d["a"] = d["a"] + x
            d["b"] = x
        else:
            d["b"] = -x
        return d
    return f(tf.constant(3.0)), f(tf.constant(-2.0))


@case("if: an attribute set in only one branch is TF's error, even if never read later")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        if x > 0:
            o.v = x
        return 1
    return f(tf.constant(2.0))


@case("if: an attribute deleted in one branch is not set there: TF's error")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(1.0)
        if x > 0:
            del o.v
        else:
            o.v = x
        return 1
    return f(tf.constant(3.0))


@case("if: an attribute with another dtype in each branch is TF's error")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(1)
        if x > 0:
            o.v = tf.constant(2.0)
        return o.v
    return f(tf.constant(-2.0))


@case("if: an attribute None at the end of a branch is TF's error")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(1.0)
        if x > 0:
            o.v = None
        else:
            o.v = x
        return 1
    return f(tf.constant(3.0))


@case("if: the else branch starts from the values before the if, not the main branch's")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(1.0)
        n = tf.constant(0.0)
        if x > 0:
            o.v = x
            n = o.v + 1
        else:
            n = o.v * 10
        return n, o.v
    return f(tf.constant(3.0)), f(tf.constant(-3.0))


@case("if: a Python float attribute joins a float32 tensor from the other branch")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = 1.0
        if x > 0:
            o.v = x
        return o.v
    return f(tf.constant(-2.0)), f(tf.constant(2.0))


@case("if: the cond with only an attribute as output is a cond op in the graph")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = x
        if x > 0:
            o.v = o.v * 2.0
        return o.v
    return _types(f, tf.TensorSpec([], tf.float32)), f(tf.constant(4.0))


# -- loops -------------------------------------------------------------------------------------------
@case("while: a dict entry is a loop variable (a Python int entry next to it stays as is)")
def _(tf):
    @tf.function
    def f(x):
        d = {"n": tf.constant(0), "k": 1}
        i = 0
        while i < x:
            d["n"] = d["n"] + i
            i += 1
        return d
    return f(tf.constant(4))


@case("while: an attribute in the condition and the body is a loop variable")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(1.0)
        while o.v < x:
            o.v = o.v * 2
        return o.v
    return f(tf.constant(10.0))


@case("while: a dict entry first set in the loop gets its type from one iteration")
def _(tf):
    @tf.function
    def f(x):
        d = {}
        i = 0
        while i < x:
            d["n"] = i
            i += 1
        return d["n"]
    return f(tf.constant(3))


@case("while: an entry first set in a loop that runs no iteration fails when the graph runs")
def _(tf):
    @tf.function
    def f(x):
        d = {}
        i = 0
        while i < x:
            d["n"] = i
            i += 1
        return d["n"]
    return f(tf.constant(0))


@case("while: an attribute first set in the loop (object from before it)")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        i = tf.constant(0)
        while i < x:
            o.v = tf.constant(2.0)
            i += 1
        return o.v
    return f(tf.constant(3))


@case("while: an attribute of an object made inside the loop is not tracked (not live in)")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(1.0)
        i = tf.constant(0)
        while i < x:
            o = Box()
            o.v = tf.constant(2.0)
            o.v = o.v * 3
            i += 1
        return i
    return f(tf.constant(3))


@case("for over tf.range: a nested attribute o.a.b is a loop variable")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.a = Box()
        o.a.b = tf.constant(1.0)
        for _ in tf.range(3):
            o.a.b = o.a.b * x
        return o.a.b
    return f(tf.constant(2.0))


@case("for over tf.range: a list item with a constant name as index is a loop variable")
def _(tf):
    @tf.function
    def f(x):
        items = [tf.constant(0), tf.constant(5)]
        k = 1
        for j in tf.range(x):
            items[k] = items[k] + j
        return items
    return f(tf.constant(3))


@case("for over tf.range: list items with constant indices, one augmented (+=)")
def _(tf):
    @tf.function
    def f(x):
        a = [tf.constant(1.0), tf.constant(2.0)]
        for _ in tf.range(2):
            a[0] = a[0] * x
            a[1] += 1.0
        return a
    return f(tf.constant(3.0))


@case("for over tf.range: an attribute changing shape is TF's shape error")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant([1.0])
        for _ in tf.range(x):
            o.v = tf.concat([o.v, o.v], 0)
        return o.v
    return f(tf.constant(3))


@case("for over tf.range: an attribute changing dtype is TF's dtype error")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(1)
        for _ in tf.range(x):
            o.v = tf.cast(o.v, tf.float32)
        return o.v
    return f(tf.constant(3))


@case("for over tf.range: an attribute None after an iteration is TF's error")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(1.0)
        for _ in tf.range(3):
            o.v = None
        return 1
    return f(tf.constant(3.0))


@case("for over tf.range: set_loop_options shape invariants name an attribute's value")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.a = Box()
        o.a.b = tf.constant([1.0])
        for _ in tf.range(x):
            tf.autograph.experimental.set_loop_options(
                shape_invariants=[(o.a.b, tf.TensorShape([None]))])
            o.a.b = tf.concat([o.a.b, o.a.b], 0)
        return o.a.b
    return f(tf.constant(3))


@case("for over tf.range: an attribute with break (the loop's extra test)")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(0.0)
        for _ in tf.range(10):
            if o.v > x:
                break
            o.v = o.v + 1.0
        return o.v
    return f(tf.constant(3.5))


@case("for over tf.range: two attributes set in a tensor if inside the loop")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(0.0)
        o.w = tf.constant(1.0)
        for i in tf.range(4):
            if i % 2 == 0:
                o.v += x
            else:
                o.w *= x
        return o.v, o.w
    return f(tf.constant(3.0))


@case("for over a tensor's rows: an attribute accumulates")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(0.0)
        for row in x:
            o.v = o.v + tf.reduce_sum(row)
        return o.v
    return f(tf.ones([3, 2]))


@case("Python for (unrolled) around a tensor if on an attribute")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(0.0)
        for _ in range(3):
            if x > 0:
                o.v = o.v + x
        return o.v
    return f(tf.constant(2.0)), f(tf.constant(-2.0))


@case("a tf.Module's attribute and dict entry updated in a for over a tensor with an if")
def _(tf):
    class Counter(tf.Module):
        def __init__(self):
            self.count = tf.constant(0)
            self.stats = {"sum": tf.constant(0.0)}

        @tf.function
        def __call__(self, xs):
            for x in xs:
                if x > 0:
                    self.count += 1
                    self.stats["sum"] = self.stats["sum"] + x
            return self.count, self.stats["sum"]
    return Counter()(tf.constant([1.0, -2.0, 3.0]))


@case("a Module's tf.function __call__ counts hits in self.hits, set inside the function")
def _(tf):
    # (TF 2.21 on Python 3.13, as in the course's TensorFlow image, fails to convert other
    # methods that assign attributes of self: `'NoneType' object has no attribute 'hits'`; on
    # Python 3.11 it converts them as this engine does. __call__ works on both.)
    class Hits(tf.Module):
        @tf.function
        def __call__(self, x):
            self.hits = tf.constant(0)
            for v in x:
                if v > 1.0:
                    self.hits += 1
            return self.hits
    return Hits()(tf.constant([0.5, 2.0, 3.0]))


@case("for over a dataset: an attribute is carried through the dataset's reduce")
def _(tf):
    @tf.function
    def f(ds):
        o = Box()
        o.total = tf.constant(0)
        for x in ds:
            o.total += x
        return o.total
    return f(tf.data.Dataset.range(5).map(lambda v: tf.cast(v, tf.int32)))


@case("for over a dataset with break on an attribute")
def _(tf):
    @tf.function
    def f(ds):
        o = Box()
        o.total = tf.constant(0)
        for x in ds:
            if o.total > 3:
                break
            o.total += x
        return o.total
    return f(tf.data.Dataset.range(5).map(lambda v: tf.cast(v, tf.int32)))


@case("if: a dict rebound in a branch is an output itself; its entry's update goes with it")
def _(tf):
    @tf.function
    def f(x):
        d = {"a": x}
        if x > 0:
            d = {"a": tf.constant(1.0)}
            d["a"] = d["a"] * x * 3
        return d
    return f(tf.constant(2.0)), f(tf.constant(-2.0))


@case("for over tf.range: a dict rebound in the body is a loop variable with its entries")
def _(tf):
    @tf.function
    def f(x):
        d = {"a": x}
        for _ in tf.range(3):
            d = {"a": d["a"] + 1}
            d["a"] = d["a"] * 2
        return d
    return f(tf.constant(2.0))


@case("the gradient flows through an attribute carried by a tensor while loop")
def _(tf):
    @tf.function
    def f(x):
        o = Box()
        o.v = tf.constant(0.0)
        i = tf.constant(0)
        while i < 3:
            o.v = o.v + x * x
            i += 1
        return o.v
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = f(x) ** 2
    return y, tape.gradient(y, x)  # y = (3x^2)^2, dy/dx = 36 x^3


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
