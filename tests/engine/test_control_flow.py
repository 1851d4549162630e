"""tf.cond, tf.switch_case, tf.while_loop and tf.TensorArray: TF's documented rules.

Eagerly these are Python (cond calls one branch, while_loop is a Python loop);
in a graph the branches and bodies are traced into If/Case/While nodes whose
kernels run them. Gradients are checked numerically in test_gradients.py
(through a tf.function call); here: second derivatives inside one graph,
gradients with state in the branches, and the effects and errors TF has.
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import course.engine as tf
from course.engine.errors import DataLossError, InvalidArgumentError
from course.engine.graph_drawing import to_dot, to_graph_def, to_text

graph = tf.function  # (autograph is irrelevant here: the ops are called explicitly)


def _op_types(fn, *specs) -> list:
    cf = tf.function(fn, autograph=False).get_concrete_function(*specs)
    return [op.type for op in cf.graph.get_operations()]


# -- cond -----------------------------------------------------------------------------------------
def test_eager_cond_runs_only_the_chosen_branch_and_returns_it_as_is():
    """TF: eagerly, tf.cond is Python's if (a Python value comes back unconverted)."""
    ran = []
    out = tf.cond(tf.constant(2) > 1, lambda: ran.append("t") or 1, lambda: ran.append("f") or 2)
    assert out == 1 and ran == ["t"]
    assert tf.cond(False, lambda: "a", lambda: "b") == "b"


def test_graph_cond_traces_both_branches_once_and_runs_one():
    traced = []
    a, b = tf.Variable(0.0), tf.Variable(0.0)

    @tf.function(autograph=False)
    def f(x):
        def yes():
            traced.append("yes")
            a.assign_add(1.0)
            return x * 2.0

        def no():
            traced.append("no")
            b.assign_add(1.0)
            return -x
        return tf.cond(x > 0, yes, no)

    assert float(f(tf.constant(3.0))) == 6.0
    assert float(f(tf.constant(-3.0))) == 3.0
    assert float(f(tf.constant(1.0))) == 2.0
    assert traced == ["yes", "no"]  # traced once, each branch
    assert (a.numpy(), b.numpy()) == (2.0, 1.0)  # run: the chosen branch only


def test_cond_runs_for_its_effects_even_when_its_result_is_unused():
    """TF's automatic control dependencies: a stateful cond runs although nobody reads it."""
    v = tf.Variable(0)

    @tf.function(autograph=False)
    def f(x):
        tf.cond(x > 0, lambda: v.assign_add(1), lambda: v.assign_sub(1))  # result unused
        return x

    f(tf.constant(1)), f(tf.constant(1)), f(tf.constant(-1))
    assert int(v.numpy()) == 1
    assert "If" in [op.type for op in f.get_concrete_function(
        tf.TensorSpec([], tf.int32)).graph.get_operations()]


def test_cond_outputs_python_values_as_tensors_and_keeps_the_shape_the_branches_share():
    f = graph(lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: (1, x[:2]), lambda: (2, x)),
              autograph=False)
    cf = f.get_concrete_function(tf.TensorSpec([3], tf.float32))
    assert [o.shape.as_list() for o in cf.outputs] == [[], [None]]
    one, head = f(tf.constant([1.0, 2.0, 3.0]))
    assert one.dtype == tf.int32 and int(one) == 1 and head.numpy().tolist() == [1.0, 2.0]
    d = graph(lambda x: tf.cond(x > 0, lambda: {"a": x, "b": [x, 2 * x]},
                                lambda: {"a": -x, "b": [x, x]}), autograph=False)(tf.constant(2))
    assert sorted(d) == ["a", "b"] and [int(t) for t in d["b"]] == [2, 4]


def test_cond_errors_are_tfs():
    with pytest.raises(TypeError, match="must have the same number, type, and overall structure"):
        graph(lambda x: tf.cond(x > 0, lambda: 1, lambda: 2.0), autograph=False)(tf.constant(1))
    with pytest.raises(ValueError, match="same number, type, and overall structure"):
        graph(lambda x: tf.cond(x > 0, lambda: (1, 2), lambda: 2), autograph=False)(tf.constant(1))
    with pytest.raises(InvalidArgumentError, match="Input 'pred' passed int32 expected bool"):
        graph(lambda x: tf.cond(x, lambda: 1, lambda: 2), autograph=False)(tf.constant(1))
    with pytest.raises(TypeError, match="pred must not be a Python bool"):
        graph(lambda x: tf.cond(True, lambda: x, lambda: x), autograph=False)(tf.constant(1))
    with pytest.raises(TypeError, match="'true_fn' argument required"):
        tf.cond(tf.constant(True))
    with pytest.raises(InvalidArgumentError, match="must be a scalar bool"):
        graph(lambda x: tf.cond(x > 0, lambda: x, lambda: x), autograph=False)(tf.constant([1, 2]))


def test_a_tensor_made_in_a_branch_cannot_be_used_outside_it():
    """TF's InaccessibleTensorError: the branch's graph is gone once the cond is built."""
    leaked = []

    def branch(x):
        leaked.append(x * 2)
        return x

    f = graph(lambda x: tf.cond(x > 0, lambda: branch(x), lambda: x) + leaked[0], autograph=False)
    with pytest.raises(ValueError):
        f(tf.constant(1))


def test_nested_cond_and_a_cond_inside_a_loop():
    @tf.function(autograph=False)
    def f(x):
        def body(i, s):
            s = tf.cond(i % 2 == 0, lambda: tf.cond(s > 10, lambda: s, lambda: s + i),
                        lambda: s * 2)
            return i + 1, s
        return tf.while_loop(lambda i, s: i < x, body, (0, 0))[1]

    def python(x):
        s = 0
        for i in range(x):
            s = (s if s > 10 else s + i) if i % 2 == 0 else s * 2
        return s

    for n in (0, 1, 5, 9):
        assert int(f(tf.constant(n))) == python(n)


# -- gradients with state in the branches --------------------------------------------------------------
def test_second_derivative_of_a_cond_inside_one_graph():
    """d2/dx2 through nested tapes in a tf.function: the If node is differentiated twice."""
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.cond(x > 0, lambda: tf.sin(x) * x, lambda: x * x * x)
            dy = inner.gradient(y, x)
        return dy, outer.gradient(dy, x)

    for v in (0.7, -0.7, 2.5):
        dy, d2y = f(tf.constant(v, tf.float64))
        want = (np.cos(v) * v + np.sin(v), 2 * np.cos(v) - v * np.sin(v)) if v > 0 else \
            (3 * v * v, 6 * v)
        np.testing.assert_allclose([float(dy), float(d2y)], want, rtol=1e-12)


def test_second_derivative_of_switch_case_inside_one_graph():
    @tf.function(autograph=False)
    def f(i, x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.switch_case(i, [lambda: tf.exp(x) * x, lambda: x ** 4])
            dy = inner.gradient(y, x)
        return outer.gradient(dy, x)

    x = 0.3
    assert np.isclose(float(f(tf.constant(0), tf.constant(x, tf.float64))),
                      np.exp(x) * (x + 2))
    assert np.isclose(float(f(tf.constant(1), tf.constant(x, tf.float64))), 12 * x * x)


def test_a_random_draw_in_a_branch_is_not_drawn_again_for_the_gradient():
    """The forward pass saves what its gradient needs: d(x * r)/dx is the r that was drawn."""
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y, r = tf.cond(x[0] > 0, lambda: (lambda r: (x * r, r))(tf.random.uniform([3])),
                           lambda: (x, tf.zeros([3])))
        return tape.gradient(y, x), r

    for _ in range(3):
        g, r = f(tf.constant([1.0, 2.0, 3.0]))
        np.testing.assert_array_equal(g.numpy(), r.numpy())


def test_the_gradient_uses_the_variable_value_the_branch_read():
    """A variable assigned after the cond does not change the cond's gradient."""
    v = tf.Variable(3.0)

    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.cond(x > 0, lambda: x * v, lambda: x)
            v.assign(100.0)
        return tape.gradient(y, x)

    assert float(f(tf.constant(2.0))) == 3.0
    v.assign(5.0)
    assert float(f(tf.constant(2.0))) == 5.0


def test_gradient_through_a_loop_that_changes_a_variable():
    """y = x * v1 * v2 * v3 with v incremented before each read: TF's per-iteration reads."""
    v = tf.Variable(2.0)

    @tf.function(autograph=False)
    def f(x):
        def body(i, y):
            v.assign_add(1.0)
            return i + 1, y * v
        return tf.while_loop(lambda i, y: i < 3, body, (0, x))[1]

    with tf.GradientTape() as tape:
        y = f(tf.constant(1.0))
    assert float(y) == 60.0 and float(v.numpy()) == 5.0
    assert float(tape.gradient(y, v)) == 4 * 5 + 3 * 5 + 3 * 4


def test_higher_derivatives_of_a_loop_in_one_graph():
    """Nested tapes inside one tf.function: y = x**3 by a loop that multiplies three times,
    so dy = 3x^2, d2y = 6x, d3y = 6 (each level rewrites the While node once more)."""
    @tf.function(autograph=False)
    def f(x):
        with tf.GradientTape() as t3:
            t3.watch(x)
            with tf.GradientTape() as t2:
                t2.watch(x)
                with tf.GradientTape() as t1:
                    t1.watch(x)
                    y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x),
                                      (0, tf.ones_like(x)))[1]
                d1 = t1.gradient(y, x)
            d2 = t2.gradient(d1, x)
        return y, d1, d2, t3.gradient(d2, x)

    x = np.array([2.0, -1.5])
    y, d1, d2, d3 = (t.numpy() for t in f(tf.constant(x)))
    np.testing.assert_allclose([y, d1, d2, d3], [x ** 3, 3 * x ** 2, 6 * x, [6.0, 6.0]])


def test_second_derivative_of_a_loop_in_one_graph_matches_central_differences():
    """d/dx of the first derivative of y = sin(y) * x (twice, y0 = x), float64."""
    @tf.function(autograph=False)
    def first(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, tf.sin(y) * x), (0, x))[1]
        return tape.gradient(y, x)

    @tf.function(autograph=False)
    def second(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            d = first(x)
        return tape.gradient(d, x)

    x, eps = 0.5, 1e-6
    numeric = (first(tf.constant(x + eps, tf.float64)).numpy() -
               first(tf.constant(x - eps, tf.float64)).numpy()) / (2 * eps)
    np.testing.assert_allclose(second(tf.constant(x, tf.float64)).numpy(), numeric, rtol=1e-6)


def test_back_prop_false_stops_gradients():
    f = graph(lambda x: tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, y * x), (0, x),
                                      back_prop=False)[1], autograph=False)
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    assert float(y) == 27.0 and tape.gradient(y, x) is None


# -- switch_case -----------------------------------------------------------------------------------
def test_switch_case_picks_by_index_and_runs_the_default_out_of_range():
    branches = {0: lambda: tf.constant(10), 1: lambda: tf.constant(20)}
    default = lambda: tf.constant(-1)  # noqa: E731
    f = graph(lambda i: tf.switch_case(i, branches, default=default), autograph=False)
    assert [int(f(tf.constant(i))) for i in (0, 1, 2, -5)] == [10, 20, -1, -1]
    assert [int(tf.switch_case(tf.constant(i), branches, default=default)) for i in (0, 7)] == \
        [10, -1]
    assert int(graph(lambda i: tf.switch_case(i, [lambda: 1, lambda: 2]), autograph=False)(
        tf.constant(9))) == 2  # no default: the last branch
    with pytest.raises(ValueError, match="contiguous range"):
        tf.switch_case(tf.constant(0), {0: default, 2: default})


# -- while_loop ----------------------------------------------------------------------------------------
def test_eager_while_loop_is_python_and_converts_its_results():
    ran = []
    i, s = tf.while_loop(lambda i, s: i < 4, lambda i, s: (ran.append(i) or i + 1, s + i), (0, 0))
    assert (int(i), int(s), ran) == (4, 6, [0, 1, 2, 3]) and i.dtype == tf.int32
    assert int(tf.while_loop(lambda i: i < 10, lambda i: i + 1, [0], maximum_iterations=3)[0]) == 3


def test_graph_while_loop_structures_limits_and_invariants():
    f = graph(lambda n: tf.while_loop(lambda d: d["i"] < n,
                                      lambda d: {"i": d["i"] + 1, "s": (d["s"][0] * 2,)},
                                      {"i": 0, "s": (1,)}), autograph=False)
    out = f(tf.constant(5))
    assert int(out["i"]) == 5 and int(out["s"][0]) == 32
    g = graph(lambda: tf.while_loop(lambda i: i < 10, lambda i: [i + 1], [0], maximum_iterations=4),
              autograph=False)
    assert int(g()[0]) == 4
    h = graph(lambda: tf.while_loop(lambda v: tf.size(v) < 10, lambda v: [tf.concat([v, v], 0)],
                                    [tf.constant([1])], shape_invariants=[tf.TensorShape([None])]),
              autograph=False)
    assert h()[0].shape == (16,)
    assert h.get_concrete_function().outputs[0].shape.as_list() == [None]


def test_while_loop_errors_are_tfs():
    with pytest.raises(TypeError, match=r"Loop var Const:0 enters the loop with type <dtype: "
                                        r"'int32'> but has type <dtype: 'float32'> after 1 "
                                        r"iteration"):
        graph(lambda: tf.while_loop(lambda i: i < 3, lambda i: [tf.cast(i, tf.float32)], [0]),
              autograph=False)()
    with pytest.raises(ValueError, match=r"Input tensor `Const:0` enters the loop with shape "
                                         r"\(1,\), but has shape \(2,\) after one iteration"):
        graph(lambda: tf.while_loop(lambda v: tf.size(v) < 9, lambda v: [tf.concat([v, v], 0)],
                                    [tf.constant([1])]), autograph=False)()
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        graph(lambda: tf.while_loop(lambda i: i < 3, lambda i: (i + 1, i), [0]), autograph=False)()
    with pytest.raises(ValueError, match="'loop_vars' must be provided"):
        tf.while_loop(lambda: True, lambda: (), [])
    with pytest.raises(ValueError, match="not compatible with the initial shape"):
        graph(lambda: tf.while_loop(lambda v: True, lambda v: [v], [tf.constant([1, 2])],
                                    shape_invariants=[tf.TensorShape([3])]), autograph=False)()


# -- TensorArray ------------------------------------------------------------------------------------
def _both(fn):
    """The same function eagerly and traced: both results (they must agree)."""
    return fn(), graph(fn, autograph=False)()


@pytest.mark.parametrize("fn, want", [
    (lambda: tf.TensorArray(tf.float32, size=3).write(0, [1.0, 2.0]).stack(),
     [[1.0, 2.0], [0.0, 0.0], [0.0, 0.0]]),
    (lambda: tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(0, 1.0).write(3, 4.0)
     .stack(), [1.0, 0.0, 0.0, 4.0]),
    (lambda: tf.TensorArray(tf.int32, size=3).scatter([2, 0], [5, 6]).write(1, 7).gather([1, 2]),
     [7, 5]),
    (lambda: tf.TensorArray(tf.float32, size=2).unstack([1.0, 2.0]).write(1, 5.0).read(1), 5.0),
    (lambda: tf.TensorArray(tf.float32, size=0, element_shape=[2]).stack(), np.zeros((0, 2))),
    (lambda: tf.TensorArray(tf.float32, size=5).size(), 5),
])
def test_tensor_array_values_eager_and_in_a_graph(fn, want):
    for out in _both(fn):
        np.testing.assert_array_equal(out.numpy(), np.asarray(want))


def test_tensor_array_errors_are_tfs():
    with pytest.raises(InvalidArgumentError, match="Trying to modify element 3 in a list with 2"):
        tf.TensorArray(tf.float32, size=2).write(3, 1.0)
    with pytest.raises(ValueError, match=r"Inconsistent shapes: saw \(2,\) but expected \(1,\)"):
        tf.TensorArray(tf.float32, size=2).write(0, [1.0]).write(1, [1.0, 2.0])
    with pytest.raises(InvalidArgumentError, match="Trying to access element -1 in a list"):
        tf.TensorArray(tf.float32, size=2).read(-1)
    with pytest.raises(InvalidArgumentError, match="non-fully-defined element_shape"):
        graph(lambda: tf.TensorArray(tf.float32, size=0).stack(), autograph=False)()
    with pytest.raises(ValueError, match="Size must be provided"):
        tf.TensorArray(tf.float32)


def test_a_tensor_array_as_a_loop_variable():
    def fn():
        def body(i, ta):
            return i + 1, ta.write(i, tf.cast(i, tf.float32) * 2.0)
        _, ta = tf.while_loop(lambda i, ta: i < 4, body,
                              (0, tf.TensorArray(tf.float32, size=0, dynamic_size=True)))
        return ta.stack()

    for out in _both(fn):
        assert out.numpy().tolist() == [0.0, 2.0, 4.0, 6.0]


# -- shapes known only when the graph runs ----------------------------------------------------------
def test_range_fill_and_indices_from_tensors_in_a_graph():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32), tf.TensorSpec([], tf.int32)])
    def f(x, i):
        n = tf.shape(x)[0]
        return (tf.zeros(tf.shape(x)), tf.ones([n, 2], tf.int32), tf.range(n), tf.range(i, n, 2),
                x[i], x[-i], x[i:], x[:i])

    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    out = f(x, tf.constant(1))
    assert out[0].numpy().tolist() == [0.0] * 4 and out[1].shape == (4, 2)
    assert out[2].numpy().tolist() == [0, 1, 2, 3] and out[3].numpy().tolist() == [1, 3]
    assert [float(out[4]), float(out[5])] == [2.0, 4.0]
    assert out[6].numpy().tolist() == [2.0, 3.0, 4.0] and out[7].numpy().tolist() == [1.0]
    assert f.get_concrete_function().outputs[2].shape.as_list() == [None]
    with pytest.raises(InvalidArgumentError, match="Requires start <= limit when delta > 0"):
        tf.range(5, 1, 1)


# -- seeing and saving graphs with control flow ----------------------------------------------
def _looping(x):
    s = tf.cond(x > 0, lambda: x * 2.0, lambda: -x)
    return tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + 1.0), (0, s))[1]


def test_graph_text_drawing_and_graph_def_show_the_branches_and_body():
    cf = tf.function(_looping, autograph=False).get_concrete_function(tf.TensorSpec([], tf.float32))
    text = to_text(cf.graph)
    assert "StatelessIf(Greater, x)" in text and "then_branch=<function cond_true>" in text
    assert "StatelessWhile(" in text and "body=<function while_body>" in text
    assert "label=StatelessIf" not in to_dot(cf.graph).source  # (a box named cond, typed If)
    graph_def = to_graph_def(cf.graph)
    nodes = {n.name: n for n in graph_def.node}
    assert nodes["cond"].op == "StatelessIf" and nodes["cond"].attr["then_branch"].func.name == \
        "cond_true"
    assert nodes["while"].attr["body"].func.name == "while_body"
    library = {f.signature.name: f for f in graph_def.library.function}
    assert set(library) == {"cond_true", "cond_false", "while_cond", "while_body"}
    assert [n.op for n in library["cond_true"].node_def] == ["Const", "Mul"]
    assert library["cond_true"].ret["output_0"] == "mul:output:0"


def test_saved_model_round_trip_of_a_function_with_cond_and_while(tmp_path):
    class M(tf.Module):
        def __init__(self):
            self.v = tf.Variable(2.0)

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)], autograph=False)
        def __call__(self, x):
            y = tf.cond(x > 0, lambda: x * self.v, lambda: -x)
            ta = tf.TensorArray(tf.float32, size=3)
            _, ta = tf.while_loop(lambda i, ta: i < 3,
                                  lambda i, ta: (i + 1, ta.write(i, y * tf.cast(i, tf.float32))),
                                  (0, ta))
            return ta.stack()

    m = M()
    tf.saved_model.save(m, str(tmp_path))
    loaded = tf.saved_model.load(str(tmp_path))
    for x in (3.0, -3.0):
        np.testing.assert_array_equal(loaded(tf.constant(x)).numpy(), m(tf.constant(x)).numpy())
    loaded.v.assign(10.0)  # the loaded branch reads the loaded variable
    assert loaded(tf.constant(1.0)).numpy().tolist() == [0.0, 10.0, 20.0]


def test_a_saved_branch_with_a_bad_reference_is_refused(tmp_path):
    f = tf.function(_looping, autograph=False, input_signature=[tf.TensorSpec([], tf.float32)])
    module = tf.Module()
    module.f = f
    tf.saved_model.save(module, str(tmp_path))
    path = os.path.join(str(tmp_path), "saved_model.json")
    with open(path) as fh:
        manifest = json.load(fh)
    nodes = manifest["concrete_functions"][0]["graph"]["nodes"]
    cond = next(n for n in nodes if n["type"] == "StatelessIf")
    cond["attrs"]["then_branch"]["function"]["outputs"] = [[99, 0]]
    with open(path, "w") as fh:
        json.dump(manifest, fh)
    with pytest.raises(DataLossError, match="cond_true"):
        tf.saved_model.load(str(tmp_path))
