"""AutoGraph and attributes/subscripts (`self.total`, `d['n']`) in a tensor `if` or loop.

TF's rules (converters/control_flow.py, pyct/qual_names.py,
static_analysis/activity.py): a *composite* name is a chain of attributes
and subscripts on a plain name, each subscript a constant (not `...`) or a
name; one that a tensor `if`/`while`/`for` assigns, and whose names are live
into the statement, is an output of the cond or a variable of the loop,
passed through get_state/set_state. The cases that need TF to compare are
in tests/differential/test_against_tensorflow_autograph_composites.py; here
are the analysis, the converted source and what needs no TF.
"""
from __future__ import annotations

import ast

import numpy as np
import pytest

import course.engine as tf
from course.engine.autograph.analysis import composites


class Box:
    """A plain object to hang attributes on."""


def _names(source: str) -> list:
    return [(c.name, sorted(c.support)) for c in composites(ast.parse(source).body)]


# -- which targets are composites (TF's qual_names) -------------------------------------------------
def test_attribute_and_subscript_chains_on_a_name_are_composites_named_as_tf_prints_them():
    assert _names("self.total = 1\nd['k'] = 2\na[0] += 3\no.a.b = 4\nitems[k] = 5\n"
                  "x.y[1].z = 6") == [
        ("self.total", ["self"]), ("d['k']", ["d"]), ("a[0]", ["a"]), ("o.a.b", ["o"]),
        ("items[k]", ["items", "k"]), ("x.y[1].z", ["x"])]


def test_slices_tuples_expressions_ellipsis_and_calls_are_not_composites():
    """TF: only a constant or a name as index; no slice or tuple; a call has no name."""
    assert _names("a[1:2] = 1\na[i, j] = 2\na[i + 1] = 3\na[...] = 4\nf().x = 5\n"
                  "(a.b, c) = 6, 7\nfor o.i in r: pass") == [("a.b", ["a"]), ("o.i", ["o"])]


def test_composites_in_nested_functions_and_comprehensions_belong_to_them():
    assert _names("def g():\n    self.x = 1\nh = lambda: None\n[o for o in r]") == []


# -- the converted source -------------------------------------------------------------------------
def _add_if_positive(self, x):
    if x > 0:
        self.total = self.total + x
    return self.total


def test_to_code_passes_an_attribute_through_get_state_and_set_state():
    code = tf.autograph.to_code(_add_if_positive)
    assert "def get_state():\n        return (ag.ldu(lambda: self.total, 'self.total'),)" in code
    assert "def set_state(values):\n        self.total, = values" in code
    assert "ag.if_stmt(x > 0, if_true, if_false, get_state=get_state, set_state=set_state, " \
           "composites=('self.total',))" in code


def _count_into_dict(d, n):
    i = 0
    while i < n:
        d['count'] = d['count'] + i
        i += 1
    return d


def test_to_code_of_a_loop_names_the_dict_entry_among_its_composites():
    code = tf.autograph.to_code(_count_into_dict)
    assert "(ag.ldu(lambda: d['count'], \"d['count']\"),)" in code
    assert "i = ag.while_stmt(loop_test, loop_body, (i,), ('i',), get_state=get_state, " \
           "set_state=set_state, composites=(\"d['count']\",))" in code


def _new_object_each_iteration(n):
    o = Box()
    for i in tf.range(n):
        o = Box()
        o.v = i
    return o


def _set_in_a_block_with_no_object_from_before(n):
    for i in tf.range(n):
        p = Box()
        p.v = i
    return n


def test_an_attribute_of_an_object_made_in_the_block_is_not_tracked():
    """TF: only composites whose names are live into the block (here: not reassigned in it)."""
    assert "get_state" not in tf.autograph.to_code(_new_object_each_iteration)
    assert "get_state" not in tf.autograph.to_code(_set_in_a_block_with_no_object_from_before)


# -- behaviour ------------------------------------------------------------------------------------
def _maybe_set(o, flag):
    if flag:
        o.v = 1
    return o


def test_a_python_condition_leaves_the_object_as_python_would():
    """A Python `if` runs as Python: no Undefined attribute appears on the object."""
    f = tf.autograph.to_graph(_maybe_set)
    assert not hasattr(f(Box(), False), "v")
    assert f(Box(), True).v == 1


def _clip_total(o, xs):
    for x in xs:
        if x > o.limit:
            o.total = o.total + o.limit
        else:
            o.total = o.total + x
    return o.total


def test_eager_and_traced_runs_of_the_converted_function_agree():
    """Eagerly the loop and the if run as Python's, and the object keeps the final total."""
    xs = tf.constant([0.5, 3.0, -1.0, 2.0])
    results = []
    for f in (tf.autograph.to_graph(_clip_total), tf.function(_clip_total)):
        o = Box()
        o.limit, o.total = tf.constant(1.0), tf.constant(0.0)
        results.append(f(o, xs).numpy())
    assert results[0] == results[1] == pytest.approx(0.5 + 1 - 1 + 1)
    eager = Box()
    eager.limit, eager.total = tf.constant(1.0), tf.constant(0.0)
    tf.autograph.to_graph(_clip_total)(eager, xs)
    assert eager.total.numpy() == results[0]


def test_the_object_holds_the_cond_result_after_the_if_not_a_branch_value():
    """set_state after the cond: the attribute is the If node's output."""
    class Total(tf.Module):
        def __init__(self):
            self.total = tf.constant(0.0)

        @tf.function
        def add(self, x):
            if x > 0:
                self.total = self.total + x
            seen = self.total
            return seen
    m = Total()
    assert m.add(tf.constant(2.0)).numpy() == 2.0
    assert m.add(tf.constant(-5.0)).numpy() == 0.0
    graph = m.add.get_concrete_function(tf.TensorSpec([], tf.float32)).graph
    assert "StatelessIf" in {op.type for op in graph.get_operations()}


def _power_by_loop(x):
    o = Box()
    o.v = tf.ones_like(x)
    for _ in tf.range(3):
        o.v = o.v * x
    return o.v


def test_the_gradient_through_an_attribute_loop_variable_matches_central_differences():
    """d(x^3)/dx through a tf.while_loop carrying o.v (float64 numeric check)."""
    f = tf.function(_power_by_loop)
    theoretical, numerical = tf.test.compute_gradient(f, [np.array([0.5, -1.5, 2.0])], delta=1e-5)
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(np.diag(theoretical[0]), 3 * np.array([0.5, -1.5, 2.0]) ** 2)


def _first_set_inside(n):
    d = {}
    i = 0
    while i < n:
        d['last'] = i
        i += 1
    return d['last']


def test_an_entry_first_set_in_the_loop_needs_one_iteration():
    f = tf.function(_first_set_inside)
    assert f(tf.constant(3)).numpy() == 2
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"loop must iterate at least once to initialize d\[\\'last\\'\]"):
        f(tf.constant(0))
