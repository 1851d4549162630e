"""Graphs: symbolic tensors, shape inference, naming, and the compiled interpreter."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.graph import Graph, Spec
from course.engine.graph.run import compile_graph
from course.engine.graph.shapes import infer
from course.engine.ops import REGISTRY

tf1 = tf.compat.v1


@pytest.mark.parametrize("op, specs, attrs, expected", [
    ("AddV2", [Spec("float32", (None, 3)), Spec("float32", (3,))], {}, (None, 3)),
    ("AddV2", [Spec("float32", (None,)), Spec("float32", (5,))], {}, (5,)),   # None broadcasts to 5
    ("AddV2", [Spec("float32", (None, 1)), Spec("float32", (1, None))], {}, (None, None)),
    ("MatMul", [Spec("float32", (None, 3)), Spec("float32", (3, 4))], {}, (None, 4)),
    ("Reshape", [Spec("float32", (None, 3))], {"shape": (-1,)}, (None,)),
    ("Reshape", [Spec("float32", (None, 3))], {"shape": (6,)}, (6,)),   # only None=2 fits
    ("Sum", [Spec("float32", (None, 3))], {"axis": (1,), "keepdims": True}, (None, 1)),
    ("Where", [Spec("bool", (4, 2))], {}, (None, 2)),
])
def test_shape_inference_with_unknown_dimensions(op, specs, attrs, expected):
    assert infer(REGISTRY[op], specs, attrs).shape == expected


def test_shape_inference_errors_are_tfs():
    """`infer` explains a failure with the eager error; the graph builder turns that into
    TF's ValueError naming the node (TF's shape function runs as the node is made)."""
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[\?,3\] vs\. \[4\]"):
        infer(REGISTRY["AddV2"], [Spec("float32", (None, 3)), Spec("float32", (4,))], {})
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 3], name="x")
        with pytest.raises(ValueError, match=r"^Dimensions must be equal, but are 3 and 4 for "
                                             r"'\{\{node add\}\} = AddV2\[T=DT_FLOAT\]\(x, Const\)'"):
            x + tf.constant([1.0, 2.0, 3.0, 4.0])


def test_unknown_rank_placeholders_support_elementwise_ops():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32)
        y = x * 2.0
        assert str(y) == 'Tensor("mul:0", dtype=float32)'
        with tf1.Session() as sess:
            assert sess.run(y, {x: [[1.0], [2.0]]}).tolist() == [[2.0], [4.0]]


def test_names_are_unique_like_tfs_and_found_by_name():
    g = Graph()
    with g.as_default():
        a = tf.constant(1.0) + 1.0
        b = a + 1.0
        c = a * b
    assert [a.op.name, b.op.name, c.op.name] == ["add", "add_1", "mul"]
    assert g.get_tensor_by_name("add_1:0") is b
    assert g.get_operation_by_name("mul") is c.op
    with pytest.raises(KeyError):
        g.get_operation_by_name("nope")


def test_tensors_of_another_graph_cannot_be_mixed():
    g1, g2 = Graph(), Graph()
    with g1.as_default():
        a = tf.constant(1.0) * 2.0
    with g2.as_default():
        with pytest.raises(ValueError, match="must be from the same graph"):
            a + 1.0


def test_graph_tensors_print_and_refuse_values():
    with tf.Graph().as_default():
        t = tf.constant([1, 2, 3]) + 1
        assert str(t) == 'Tensor("add:0", shape=(3,), dtype=int32)'
        assert repr(t) == "<tf.Tensor 'add:0' shape=(3,) dtype=int32>"
        assert t.shape == [3] and t.dtype == tf.int32 and t.graph is t.op.graph
        with pytest.raises(AttributeError, match="numpy"):
            t.numpy()


def test_compiled_program_folds_constants_and_shares_common_subexpressions():
    v = tf.Variable(3.0)

    @tf.function
    def f(x):
        c = tf.constant(2.0) * tf.constant(5.0)      # folded at compile time
        a = tf.exp(x) + tf.exp(x)                    # one Exp
        return a * c + v * v                          # one read of v

    assert f(tf.constant(0.0)).numpy() == 2.0 * 10.0 + 9.0
    program = f.get_concrete_function(tf.constant(0.0))._program
    kinds = [node.name for node in program.nodes]
    assert sum(n.startswith("Exp") for n in kinds) == 1
    assert sum(n.endswith("ReadVariableOp") for n in kinds) == 1
    assert not any(n == "mul" for n in kinds)         # the constant product was folded


def test_reads_after_an_assignment_are_not_shared():
    v = tf.Variable(1.0)

    @tf.function
    def f():
        before = v * 1.0
        v.assign(5.0)
        return before, v * 1.0

    before, after = f()
    assert (before.numpy(), after.numpy()) == (1.0, 5.0)


def test_stateful_nodes_run_even_if_nothing_uses_them(capsys):
    v = tf.Variable(0)

    @tf.function
    def f(x):
        v.assign_add(1)
        tf.print("side effect")
        return x

    f(tf.constant(1)); f(tf.constant(2))
    assert v.numpy() == 2 and capsys.readouterr().err == "side effect\nside effect\n"


def test_session_prunes_to_what_fetches_need():
    with tf.Graph().as_default() as g:
        x = tf1.placeholder(tf.float32, [])
        v = tf.Variable(1.0)
        unused = v.assign_add(10.0)      # TF1: runs only if fetched
        y = x * 2.0
        program = compile_graph(g, [x], [y], keep_effects=False)
        assert [node.name for node in program.nodes] == ["mul"]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            assert sess.run(y, {x: 1.0}) == 2.0
            assert sess.run(v) == 1.0
            assert sess.run(unused) == 11.0


def test_variable_initial_value_may_not_depend_on_inputs():
    @tf.function
    def f(x):
        return tf.Variable(x * 2.0)

    with pytest.raises(ValueError, match="must not depend on the function's inputs"):
        f(tf.constant(1.0))


def test_init_scope_runs_eagerly_inside_a_trace():
    seen = []

    @tf.function
    def f(x):
        with tf.init_scope():
            seen.append(tf.executing_eagerly())
            c = tf.constant(2.0) * 3.0     # an eager value, captured as a constant
        return x * c

    assert f(tf.constant(1.0)).numpy() == 6.0 and seen == [True]


def test_statements_without_outputs_do_not_clobber_values():
    """Regression: an assignment's None result once overwrote the last constant slot."""
    v = tf.Variable(0.0)

    @tf.function
    def f():
        v.assign_add(1.0)
        v.assign_add(2.0)   # its constant is the last value slot of the program
        return v.read_value()

    assert f().numpy() == 3.0 and f().numpy() == 6.0


def test_keras_style_training_step_in_one_graph():
    w = tf.Variable([[0.5], [-0.5]])
    m = tf.Variable(tf.zeros([2, 1]))
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    y = tf.constant([[1.0], [2.0]])

    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        g = tape.gradient(loss, w)
        m.assign(0.9 * m + g)          # momentum slot
        w.assign_sub(0.01 * m)
        return loss

    w_eager, m_eager = tf.Variable(w.numpy()), tf.Variable(m.numpy())
    eager_losses = []
    for _ in range(5):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w_eager) - y))
        g = tape.gradient(loss, w_eager)
        m_eager.assign(0.9 * m_eager + g)
        w_eager.assign_sub(0.01 * m_eager)
        eager_losses.append(loss.numpy())
    traced = tf.function(step)
    losses = [traced().numpy() for _ in range(5)]
    np.testing.assert_allclose(losses, eager_losses, rtol=1e-6)
    np.testing.assert_allclose(w.numpy(), w_eager.numpy(), rtol=1e-6)


# -- unknown dimensions, property-based: the inferred shape never contradicts a real run -------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def _broadcast_case(draw):
    rank = draw(st.integers(0, 3))
    out = [draw(st.integers(1, 4)) for _ in range(rank)]
    shapes = []
    for _ in range(2):
        lead = draw(st.integers(0, rank))
        shapes.append(tuple(1 if draw(st.booleans()) else d for d in out[lead:]))
    hidden = [tuple(None if draw(st.booleans()) else d for d in s) for s in shapes]
    op = draw(st.sampled_from([tf.add, tf.multiply, tf.maximum,
                               lambda a, b: tf.reduce_sum(a * b, axis=-1) if (a.ndim or b.ndim)
                               else a * b]))
    return shapes, hidden, op


@settings(max_examples=60, derandomize=True, deadline=None)
@given(_broadcast_case())
def test_inferred_shapes_agree_with_every_run(case):
    shapes, hidden, op = case
    f = tf.function(op, input_signature=[tf.TensorSpec(h, tf.float32) for h in hidden])
    inferred = f.get_concrete_function().outputs[0].shape
    args = [tf.ones(s) * (i + 2.0) for i, s in enumerate(shapes)]
    eager = op(*args)
    assert inferred.is_compatible_with(eager.shape), (hidden, inferred, eager.shape)
    for known, actual in zip(inferred, eager.shape):
        assert known is None or known == actual
    np.testing.assert_array_equal(f(*args).numpy(), eager.numpy())


def test_node_names_follow_tf_for_constants_and_python_numbers():
    """TF names a converted Python number after its op and argument ("mul/y", "sub/x"),
    and tf.constant in a graph is a Const node ("Const", "Const_1")."""
    @tf.function
    def f(x):
        return 1.0 - x * 2.0 + tf.constant(3.0)

    graph = f.get_concrete_function(tf.TensorSpec([], tf.float32)).graph
    assert [(op.name, op.type) for op in graph.get_operations()] == [
        ("x", "Placeholder"), ("mul/y", "Const"), ("mul", "Mul"), ("sub/x", "Const"),
        ("sub", "Sub"), ("Const", "Const"), ("add", "AddV2"), ("Identity", "Identity")]
    assert float(f(tf.constant(1.0))) == 1.0 - 2.0 + 3.0
    with tf.Graph().as_default() as g:
        a, b = tf.constant(3.0), tf.constant([1, 2])
        assert (a.name, b.name, a.graph) == ("Const:0", "Const_1:0", g)
        with tf1.Session() as sess:
            assert sess.run(a * 2.0) == 6.0


def test_gradients_use_the_const_nodes_of_python_numbers():
    """In graph mode the tape records the Const node a Python number became, so a gradient
    that reuses the number (Pow's y) builds on that node."""
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [])
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x ** 3.0
        grad = tape.gradient(y, x)
        with tf1.Session() as sess:
            assert sess.run(grad, {x: 2.0}) == 12.0
