"""tf.function: tracing, retracing, graph structure, and graph == eager for every op.

The rules checked here are TF 2.21's, verified against real TensorFlow:
- a trace per new input signature (dtype + shape for tensors and NumPy
  arrays, the value for Python scalars);
- Python side effects (print) happen only while tracing; tf.print runs on
  every call;
- variables are captured, not frozen.
"""
from __future__ import annotations

import atexit
import re
import shutil
import tempfile

import numpy as np
import pytest

import course.engine as tf
from course.engine import ops
from course.engine.graph import OperatorNotAllowedInGraphError
from course.engine.execute import execute
from course.engine.ops import lookup_ops
from course.engine.ops import (array_ops, conv_ops, distribute_ops, index_ops, math_ops,
                               numerics_ops, stateful_random_ops, training_ops)
from engine import complex_cases, control_flow_cases  # (tests/engine: pytest puts tests/ on sys.path)
from engine import image_cases, io_cases


# -- tracing and retracing -----------------------------------------------------------
def test_traces_once_per_signature_and_print_runs_only_while_tracing(capsys):
    @tf.function
    def f(x):
        print("tracing")
        return x * 2

    f(tf.constant([1.0, 2.0]))
    f(tf.constant([3.0, 4.0]))                   # same dtype and shape: no retrace
    assert capsys.readouterr().out == "tracing\n"
    f(tf.constant([1.0, 2.0, 3.0]))              # new shape: retrace
    f(tf.constant([1, 2]))                       # new dtype: retrace
    assert capsys.readouterr().out == "tracing\ntracing\n"
    assert f.experimental_get_tracing_count() == 3


def test_python_scalars_retrace_by_value_tensors_and_arrays_by_spec():
    """TF: k(1); k(2); k(1); k(tf.constant(1)); k(tf.constant(2)); k(np.array(1.0)) x2 -> 4 traces."""
    k = tf.function(lambda x: x)
    k(1); k(2); k(1)
    k(tf.constant(1)); k(tf.constant(2))
    k(np.array(1.0)); k(np.array(1.0))
    assert k.experimental_get_tracing_count() == 4


def test_tf_print_runs_on_every_call(capsys):
    @tf.function
    def h(x):
        tf.print("x is", x)
        return x

    h(tf.constant([1, 2]))
    h(tf.constant([3, 4]))
    assert capsys.readouterr().err == "x is [1 2]\nx is [3 4]\n"
    tf.print("eager", tf.constant(3.5))
    assert capsys.readouterr().err == "eager 3.5\n"


def test_input_signature_accepts_compatible_shapes_and_rejects_others():
    f = tf.function(lambda x: x * 2.0, input_signature=[tf.TensorSpec([None], tf.float32)])
    assert f(tf.constant([1.0])).numpy().tolist() == [2.0]
    assert f(tf.constant([1.0, 2.0, 3.0])).numpy().tolist() == [2.0, 4.0, 6.0]
    assert f([1.0, 2.0]).numpy().tolist() == [2.0, 4.0]       # Python lists take the spec's dtype
    assert f.experimental_get_tracing_count() == 1
    with pytest.raises(TypeError, match=r"Can not cast TensorSpec\(shape=\(3,\), dtype=tf.int32"):
        f(tf.constant([1, 2, 3]))
    with pytest.raises(TypeError, match="Can not cast"):
        f(tf.constant([[1.0]]))


def test_unknown_dimensions_propagate_through_shape_inference():
    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def f(x):
        return {"sum": x + tf.constant([1.0, 2.0, 3.0]), "flat": tf.reshape(x, [-1]),
                "rows": tf.reduce_sum(x, axis=1), "cols": tf.reduce_sum(x, axis=0)}

    out = f.get_concrete_function().structured_outputs
    assert out["sum"].shape.as_list() == [None, 3]
    assert out["flat"].shape.as_list() == [None]
    assert out["rows"].shape.as_list() == [None]
    assert out["cols"].shape.as_list() == [3]
    result = f(tf.ones([2, 3]))
    assert result["flat"].shape == [6] and result["cols"].numpy().tolist() == [2.0, 2.0, 2.0]


# -- what a graph looks like ---------------------------------------------------------
def test_graph_operations_and_printed_forms_match_tf():
    v = tf.Variable(2.0)

    @tf.function
    def f(x):
        return x * v + 1.0

    cf = f.get_concrete_function(tf.TensorSpec([None, 3], tf.float32))
    ops_ = cf.graph.get_operations()
    # TF 2.21: the variable's handle is a captured input; the read is named in mul's scope
    assert [(op.name, op.type) for op in ops_] == [
        ("x", "Placeholder"), ("mul/ReadVariableOp/resource", "Placeholder"),
        ("mul/ReadVariableOp", "ReadVariableOp"), ("mul", "Mul"), ("add/y", "Const"),
        ("add", "AddV2"), ("Identity", "Identity")]
    assert repr(ops_[0]) == "<tf.Operation 'x' type=Placeholder>"
    mul = cf.graph.get_operation_by_name("mul")
    assert [t.name for t in mul.inputs] == ["x:0", "mul/ReadVariableOp:0"]
    assert [t.name for t in cf.inputs] == ["x:0", "mul/ReadVariableOp/resource:0"]
    assert str(cf.outputs[0]) == 'Tensor("Identity:0", shape=(None, 3), dtype=float32)'
    assert repr(cf.outputs[0]) == "<tf.Tensor 'Identity:0' shape=(None, 3) dtype=float32>"
    assert "x (POSITIONAL_OR_KEYWORD): TensorSpec(shape=(None, 3), dtype=tf.float32" in str(cf)
    assert cf.variables == (v,)


def test_symbolic_tensors_have_no_value():
    @tf.function
    def f(x):
        y = x + 1
        with pytest.raises(AttributeError, match="has no attribute 'numpy'"):
            y.numpy()
        with pytest.raises(NotImplementedError, match=r"Cannot convert a symbolic tf.Tensor \(add:0\)"):
            np.asarray(y)
        with pytest.raises(OperatorNotAllowedInGraphError, match="as a Python `bool`"):
            bool(y > 0)
        return y

    assert f(tf.constant(1)).numpy() == 2


def test_executing_eagerly_is_false_while_tracing():
    seen = []
    f = tf.function(lambda x: seen.append(tf.executing_eagerly()) or x)
    f(tf.constant(1.0))
    assert seen == [False] and tf.executing_eagerly()


# -- variables: captured, not frozen ---------------------------------------------------
def test_variables_are_captured_not_frozen():
    v = tf.Variable(1.0)
    f = tf.function(lambda x: x * v)
    assert f(tf.constant(3.0)).numpy() == 3.0
    v.assign(10.0)
    assert f(tf.constant(3.0)).numpy() == 30.0
    assert f.experimental_get_tracing_count() == 1


def test_assignments_run_in_program_order():
    v = tf.Variable(1.0)

    @tf.function
    def f():
        v.assign(2.0)
        a = v * 1.0          # reads after the assign: 2
        v.assign_add(3.0)
        v.assign_sub(1.0)
        return a, v.read_value()

    a, b = f()
    assert (a.numpy(), b.numpy(), v.numpy()) == (2.0, 4.0, 4.0)
    f()
    assert v.numpy() == 4.0


def test_variable_created_on_first_trace_is_initialized_eagerly():
    class Counter(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = None

        @tf.function
        def __call__(self, x):
            if self.v is None:
                self.v = tf.Variable(tf.zeros_like(x))   # an op: computed from constants now
            self.v.assign_add(x)
            return self.v.read_value()

    c = Counter()
    assert c(tf.constant([1.0, 2.0])).numpy().tolist() == [1.0, 2.0]
    assert c(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]


def test_methods_trace_per_instance():
    class Scale(tf.Module):
        def __init__(self, k):
            super().__init__()
            self.k = tf.Variable(k)

        @tf.function
        def __call__(self, x):
            return x * self.k

    a, b = Scale(2.0), Scale(3.0)
    assert a(tf.constant(1.0)).numpy() == 2.0 and b(tf.constant(1.0)).numpy() == 3.0


def test_training_step_with_a_tape_inside_matches_eager():
    x = tf.constant([1.0, 2.0, 3.0])
    y = tf.constant([2.0, 4.0, 6.5])

    def train(step_fn, w):
        for _ in range(20):
            loss = step_fn(w)
        return loss.numpy(), w.numpy()

    def step(w):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x * w - y))
        w.assign_sub(0.05 * tape.gradient(loss, w))
        return loss

    w1, w2 = tf.Variable(0.0), tf.Variable(0.0)
    eager = train(step, w1)
    traced_step = tf.function(step)
    traced = train(traced_step, w2)
    np.testing.assert_allclose(traced, eager, rtol=1e-6)
    assert traced_step.experimental_get_tracing_count() == 1


def test_gradient_of_a_traced_functions_output():
    v = tf.Variable(3.0)
    f = tf.function(lambda x: tf.reduce_sum(tf.sin(x) * v + x * x))
    x = tf.constant([0.5, 1.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    gx, gv = tape.gradient(y, [x, v])
    np.testing.assert_allclose(gx.numpy(), np.cos([0.5, 1.0]) * 3 + 2 * np.array([0.5, 1.0]),
                               rtol=1e-6)
    np.testing.assert_allclose(gv.numpy(), np.sin([0.5, 1.0]).sum(), rtol=1e-6)


def test_nested_tf_functions_inline():
    inner = tf.function(lambda x: x * 2.0)
    outer = tf.function(lambda x: inner(x) + 1.0)
    assert outer(tf.constant(1.0)).numpy() == 3.0
    types = [op.type for op in outer.get_concrete_function(tf.constant(1.0)).graph.get_operations()]
    assert "Mul" in types and "AddV2" in types


def test_runtime_errors_name_the_node():
    f = tf.function(lambda x, y: x // y)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"(?s)Integer division by zero.*node floordiv"):
        f(tf.constant([1, 2]), tf.constant([1, 0]))


def test_errors_at_trace_time_are_tfs():
    """TF runs a node's shape function as the node is made: shapes that cannot work are a
    ValueError while tracing, naming the node (autograph may frame it: search the message)."""
    f = tf.function(lambda x, y: x + y, input_signature=[tf.TensorSpec([None, 3]),
                                                         tf.TensorSpec([2])])
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 3 and 2 for '{{node add}} = AddV2[T=DT_FLOAT](x, y)' "
            "with input shapes: [?,3], [2].")):
        f.get_concrete_function()
    g = tf.function(lambda a, b: tf.matmul(a, b))
    with pytest.raises(ValueError, match=re.escape(
            "Dimensions must be equal, but are 3 and 2 for '{{node MatMul}} = MatMul[T=DT_FLOAT, "
            "grad_a=false, grad_b=false, transpose_a=false, transpose_b=false](a, b)' with input "
            "shapes: [2,3], [2,3].")):
        g(tf.ones([2, 3]), tf.ones([2, 3]))


# -- graph == eager, for every op in the table -------------------------------------------
_F = np.array([[0.5, -1.25, 2.0], [3.0, 0.75, -0.5]], np.float32)
_G = np.array([[1.5, 0.25, -2.0], [1.0, 2.0, 4.0]], np.float32)
# (shape, key, counter, alg) of a Generator's draw: a [2, 3] draw with Philox
_KEY_COUNTER = (tf.constant([2, 3]), tf.constant([5], tf.int64), tf.constant([7, 0], tf.int64),
                tf.constant(1))
_READ_ME = tf.Variable(_G)  # (made once: TF refuses a tf.function that makes one every call)
_I = np.array([[7, -3, 4], [2, 9, -8]], np.int32)
_J = np.array([[2, 5, -3], [3, -4, 6]], np.int32)
_B = np.array([[True, False, True], [False, False, True]])
_C = np.array([[False, True, True], [True, False, False]])
_POS = np.abs(_F) + 0.5
_SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]], np.float32)
_S = np.array([["hello", "World", "ok"], ["héllo", "tf", "abc"]], dtype=object)
_T = np.array([[" a ", "b\t", "c"], ["d", " e", "f\n"]], dtype=object)
_N = np.array([["1.5", "-2", " 3e2 "], ["0", "inf", "7"]], dtype=object)

def _v1_summary(op_name: str, tag: str, x):
    """A TF1 summary kernel's node (in a tf.function, tf.compat.v1.summary.scalar would go to
    tf.summary, as TF's does: its own cases are in tests/engine/test_compat_v1_summary.py)."""
    return execute(ops.REGISTRY[op_name], (tf.constant(tag), x))


# op name -> (function of tensors, NumPy inputs). Every op of the REGISTRY needs a case.
def _sparse_gradient(f, x):
    """d(sum(f(x)**2))/dx: a case whose graph holds the gradient's own sparse op."""
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(f(x) ** 2)
    return tape.gradient(y, x)


CASES = {
    "Abs": (tf.abs, [_F]),
    "AddN": (lambda a, b: math_ops.add_n([a, b, a]), [_F, _G]),
    "AddV2": (tf.add, [_F, _G]),
    "All": (lambda b: tf.reduce_all(b, axis=1), [_B]),
    "Any": (lambda b: tf.reduce_any(b, axis=0), [_B]),
    "ArgMax": (lambda x: tf.argmax(x, axis=1), [_F]),
    "ArgMin": (lambda x: tf.argmin(x), [_F]),
    "BatchMatMulV2": (tf.matmul, [np.stack([_F, _G]), np.stack([_G.T, _F.T])]),
    "BroadcastTo": (lambda x: tf.broadcast_to(x, [4, 2, 3]), [_F]),
    "Cast": (lambda x: tf.cast(x, tf.int32), [_F]),
    "Bitcast": (lambda x: tf.bitcast(x, tf.uint16), [_F]),
    "Ceil": (tf.math.ceil, [_F]),
    "ConcatV2": (lambda a, b: tf.concat([a, b], axis=1), [_F, _G]),
    "Cos": (tf.cos, [_F]),
    "Equal": (tf.equal, [_I, _J]),
    "Exp": (tf.exp, [_F]),
    "ExpandDims": (lambda x: tf.expand_dims(x, 1), [_F]),
    "Floor": (tf.floor, [_F]),
    "FloorDiv": (tf.math.floordiv, [_I, _J]),
    "FloorMod": (tf.math.floormod, [_I, _J]),
    "GatherV2": (lambda x, i: tf.gather(x, i, axis=1), [_F, np.array([2, 0, 2], np.int32)]),
    "GatherNd": (lambda x, i: tf.gather_nd(x, i), [_F, np.array([[1, 2], [0, 0], [1, 2]], np.int32)]),
    "ScatterNd": (lambda v: tf.scatter_nd([[1, 2], [0, 0], [1, 2]], v, [2, 4]), [_F[0]]),
    "SparseToDense": (lambda v: tf.sparse.to_dense(tf.SparseTensor([[0, 1], [1, 2]], v, [2, 3])),
                      [_F[0, :2]]),
    "SparseReorder": (lambda v: tf.sparse.reorder(tf.SparseTensor([[1, 2], [0, 1]], v, [2, 3])).values,
                      [_F[0, :2]]),
    "InvertPermutation": (tf.math.invert_permutation, [np.array([2, 0, 3, 1], np.int32)]),
    "SparseAdd": (lambda v, w: tf.sparse.add(tf.SparseTensor([[0, 1], [1, 2]], v, [2, 3]),
                                             tf.SparseTensor([[0, 1], [1, 0]], w, [2, 3])).values,
                  [_F[0, :2], _G[0, :2]]),
    "SparseAddGrad": (lambda v, w: _sparse_gradient(
        lambda x: tf.sparse.add(tf.SparseTensor([[0, 1], [1, 2]], x, [2, 3]),
                                tf.SparseTensor([[0, 1], [1, 0]], w, [2, 3])).values, v),
        [_F[0, :2], _G[0, :2]]),
    "SparseTensorDenseMatMul": (lambda v, b: tf.sparse.sparse_dense_matmul(
        tf.SparseTensor([[0, 1], [1, 2]], v, [2, 3]), b), [_F[0, :2], _G.T]),
    "SparseSlice": (lambda v: tf.sparse.slice(tf.SparseTensor([[0, 1], [1, 2]], v, [2, 3]),
                                              [0, 1], [2, 1]).values, [_F[0, :2]]),
    "SparseSliceGrad": (lambda v: _sparse_gradient(lambda x: tf.sparse.slice(
        tf.SparseTensor([[0, 1], [1, 2]], x, [2, 3]), [0, 1], [2, 1]).values, v), [_F[0, :2]]),
    "SparseReduceMax": (lambda v: tf.sparse.reduce_max(tf.SparseTensor([[0, 1], [1, 2]], v, [2, 3]),
                                                       axis=1), [_F[0, :2]]),
    "SparseReduceSum": (lambda v: tf.sparse.reduce_sum(tf.SparseTensor([[0, 1], [1, 2]], v, [2, 3]),
                                                       axis=0, keepdims=True), [_F[0, :2]]),
    "Slice": (lambda x: tf.slice(x, [1, 1], [-1, 2]), [_F]),
    "TensorScatterUpdate": (lambda x, v: tf.tensor_scatter_nd_update(x, [[1], [0]], v), [_F, _G]),
    "TensorScatterAdd": (lambda x, v: tf.tensor_scatter_nd_add(x, [[1], [1]], v), [_F, _G]),
    "TensorScatterSub": (lambda x, v: tf.tensor_scatter_nd_sub(x, [[0, 2], [1, 1]], v), [_F, _G[0, :2]]),
    "TensorScatterMin": (lambda x, v: tf.tensor_scatter_nd_min(x, [[1], [0]], v), [_F, _G]),
    "TensorScatterMax": (lambda x, v: tf.tensor_scatter_nd_max(x, [[0], [1]], v), [_I, _J]),
    "Greater": (tf.greater, [_F, _G]),
    "GreaterEqual": (tf.greater_equal, [_I, _J]),
    "Identity": (tf.identity, [_F]),
    "CheckNumerics": (lambda x: tf.debugging.check_numerics(x, "x"), [_F]),
    "CheckNumericsV2": (lambda x: execute(numerics_ops.CHECK_NUMERICS_V2, (x,), {"message": "x"}),
                        [_F]),
    "PlaceholderWithDefault": (lambda x: tf.compat.v1.placeholder_with_default(x, x.shape), [_F]),
    "Less": (tf.less, [_F, _G]),
    "LessEqual": (tf.less_equal, [_I, _J]),
    "Log": (tf.math.log, [_POS]),
    "Log1p": (tf.math.log1p, [_POS]),
    "Expm1": (tf.math.expm1, [_F]),
    "LogSoftmax": (tf.nn.log_softmax, [_F]),
    "LogicalAnd": (tf.logical_and, [_B, _C]),
    "LogicalNot": (tf.logical_not, [_B]),
    "LogicalOr": (tf.logical_or, [_B, _C]),
    "MatMul": (lambda a, b: tf.matmul(a, b, transpose_b=True), [_F, _G]),
    "Max": (lambda x: tf.reduce_max(x, axis=0), [_F]),
    "Maximum": (tf.maximum, [_F, _G]),
    "Mean": (lambda x: tf.reduce_mean(x, axis=1, keepdims=True), [_I]),
    "Min": (tf.reduce_min, [_F]),
    "Minimum": (tf.minimum, [_I, _J]),
    "Mul": (tf.multiply, [_I, _J]),
    "Neg": (tf.negative, [_F]),
    "NotEqual": (tf.not_equal, [_F, _G]),
    "OneHot": (lambda i: tf.one_hot(i, 4), [np.array([0, 3, 1], np.int32)]),
    "OnesLike": (tf.ones_like, [_I]),
    "Pack": (lambda a, b: tf.stack([a, b], axis=1), [_F, _G]),
    "Pow": (tf.pow, [_POS, _G]),
    "Prod": (lambda x: tf.reduce_prod(x, axis=1), [_F]),
    "ReadVariableOp": (lambda x: _READ_ME.read_value() + x, [_F]),
    "RealDiv": (tf.divide, [_F, _G]),
    "Reciprocal": (tf.math.reciprocal, [_G]),
    "Relu": (tf.nn.relu, [_F]),
    "LeakyRelu": (lambda x: tf.nn.leaky_relu(x, alpha=0.3), [_F]),
    "Relu6": (tf.nn.relu6, [_F]),
    "Reshape": (lambda x: tf.reshape(x, [3, -1]), [_F]),
    "Round": (tf.round, [_F]),
    "Rsqrt": (tf.math.rsqrt, [_POS]),
    "SelectV2": (lambda c, a, b: tf.where(c, a, b), [_B, _F, _G]),
    "Sigmoid": (tf.sigmoid, [_F]),
    "Sign": (tf.sign, [_I]),
    "Sin": (tf.sin, [_F]),
    "Softmax": (tf.nn.softmax, [_F]),
    "SoftmaxCrossEntropyWithLogits": (
        lambda lab, x: tf.nn.softmax_cross_entropy_with_logits(labels=lab, logits=x),
        [np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]], np.float32), _F]),
    "SparseSoftmaxCrossEntropyWithLogits": (
        lambda lab, x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=lab, logits=x),
        [np.array([2, 0], np.int32), _F]),
    "Sqrt": (tf.sqrt, [_POS]),
    "Square": (tf.square, [_I]),
    "SquaredDifference": (tf.math.squared_difference, [_F, _G]),
    "Squeeze": (lambda x: tf.squeeze(x, axis=0), [_F[None]]),
    "StopGradient": (tf.stop_gradient, [_F]),
    "IdentityN": (tf.custom_gradient(lambda x: (tf.square(x), lambda dy: dy * 2.0 * x)), [_F]),
    "StridedSlice": (lambda x: x[1:, ::-1][0, tf.newaxis], [_F]),
    "StridedSliceGrad": (lambda d: index_ops.strided_slice_grad(d, (2, 3), (slice(None), 1)),
                         [np.array([1.0, 2.0], np.float32)]),
    "Sub": (tf.subtract, [_F, _G]),
    "Sum": (lambda x: tf.reduce_sum(x, axis=[0, 1]), [_I]),
    "Tanh": (tf.tanh, [_F]),
    "Tile": (lambda x: tf.tile(x, [2, 1]), [_F]),
    "Transpose": (tf.transpose, [_F]),
    "UnsortedSegmentSum": (lambda x, s: tf.math.unsorted_segment_sum(x, s, 3),
                           [_F, np.array([2, 2], np.int32)]),
    "Where": (lambda b: tf.where(b), [_B]),
    # floor of a draw from [0, 1) is 0: the same result in both modes, through the random op
    "RandomUniform": (lambda x: x + tf.floor(tf.random.uniform([2, 3])), [_F]),
    "RandomStandardNormal": (lambda x: x + 0.0 * tf.random.normal([2, 3]), [_F]),
    "TruncatedNormal": (lambda x: x + 0.0 * tf.random.truncated_normal([2, 3]), [_F]),
    "RandomShuffle": (lambda x: tf.reduce_sum(tf.random.shuffle(x), axis=0), [_F]),  # order-free
    "RandomUniformInt": (lambda x: x * tf.random.uniform([2, 3], 1, 2, dtype=tf.int32), [_I]),  # all 1
    "ZerosLike": (tf.zeros_like, [_F]),
    "Const": (lambda x: x + tf.constant([1.5, 2.5, 3.5]), [_F]),
    "Shape": (lambda x: tf.shape(x), [_F]),
    "Size": (lambda x: tf.size(x), [_F]),
    # (a py_function's output has an unknown rank in a graph: tf.rank becomes the Rank op)
    "Rank": (lambda x: tf.rank(tf.py_function(lambda t: t, [x], tf.float32)), [_F]),
    # (what unbroadcast asks when ranks are unknown: the axes [1, 3] was broadcast along)
    "BroadcastGradientArgs": (lambda x: execute(array_ops.BROADCAST_GRADIENT_ARGS,
                                                (tf.shape(x), tf.constant([1, 3])))[1], [_F]),
    "StatelessRandomUniform": (lambda x: x + tf.random.stateless_uniform([2, 3], [4, 2]), [_F]),
    # stateless draws: the same seed, the same numbers, in both modes
    "StatelessRandomNormal": (lambda x: x + tf.random.stateless_normal([2, 3], [4, 2]), [_F]),
    "StatelessTruncatedNormal": (lambda x: x + tf.random.stateless_truncated_normal(
        [2, 3], [4, 2]), [_F]),
    "StatelessRandomUniformInt": (lambda x: x * tf.random.stateless_uniform(
        [2, 3], [4, 2], minval=-5, maxval=5, dtype=tf.int32), [_I]),
    "StatelessRandomUniformFullInt": (lambda x: tf.random.stateless_uniform(
        [2, 3], x[0, :2], minval=None, maxval=None, dtype=tf.int32), [_I]),
    "StatelessMultinomial": (lambda x: tf.random.stateless_categorical(x, 5, [4, 2]), [_F]),
    "StatelessRandomBinomial": (lambda x: x + tf.random.stateless_binomial(
        [2, 3], [4, 2], 10.0, 0.5, output_dtype=tf.float32), [_F]),
    # a Generator's draws, given its key and counter directly (the generator's own cases, which
    # change its state, are in EFFECT_CASES)
    **{op.name: (lambda x, op=op: x + tf.cast(execute(op, _KEY_COUNTER, {"dtype": np.dtype(
        np.float32)}), x.dtype), [_F]) for op in (stateful_random_ops.UNIFORM_V2,
                                                  stateful_random_ops.NORMAL_V2,
                                                  stateful_random_ops.TRUNCATED_NORMAL_V2)},
    "StatelessRandomUniformFullIntV2": (lambda x: x * 0 + execute(
        stateful_random_ops.UNIFORM_FULL_INT_V2, _KEY_COUNTER, {"dtype": np.dtype(np.int32)}),
        [_I]),
    # tf.distribute (ops/distribute_ops.py): outside a replica, replica 0 and the key unchanged
    # (tests/test_distribute.py runs them in replicas, eagerly and traced)
    "ReplicaId": (lambda x: x + execute(distribute_ops.REPLICA_ID, ()), [_I]),
    "AllReduce": (lambda x: distribute_ops.all_reduce(x * 2.0, "SUM"), [_F]),  # (one replica)
    "ReplicaKey": (lambda k: execute(distribute_ops.REPLICA_KEY, (k, tf.constant(1))),
                   [np.array([5], np.int64)]),
    "StatelessRandomUniformIntV2": (lambda x: x * execute(
        stateful_random_ops.UNIFORM_INT_V2, _KEY_COUNTER + (tf.constant(-3), tf.constant(4)),
        {"dtype": np.dtype(np.int32)}), [_I]),
    # strings (ops/string_ops.py, ops/string_conversion_ops.py)
    "Add": (lambda a, b: a + b, [_S, _T]),
    "StringLength": (lambda s: tf.strings.length(s, unit="UTF8_CHAR"), [_S]),
    "StringLower": (tf.strings.lower, [_S]),
    "StringUpper": (lambda s: tf.strings.upper(s, encoding="utf-8"), [_S]),
    "StringStrip": (tf.strings.strip, [_T]),
    "StringJoin": (lambda a, b: tf.strings.join([a, b, "!"], separator="-"), [_S, _T]),
    "ReduceJoin": (lambda s: tf.strings.reduce_join(s, axis=0, separator=","), [_S]),
    "StringSplitV2": (lambda s: tf.strings.split(s[0, 0], sep="l"), [_S]),
    "StringBytesSplit": (lambda s: tf.strings.bytes_split(s[1, 2]), [_S]),
    # TextVectorization's token ops (ops/lookup_ops.py)
    "RaggedStringSplit": (lambda s: lookup_ops.ragged_string_split(s[:, 0])[1], [_T]),
    "LookupTableFindV2": (lambda s: lookup_ops.table_lookup(s, {b"ok": 3, b"tf": 4}), [_S]),
    "RaggedTensorToTensor": (lambda v, r: lookup_ops.ragged_to_dense(v, r, 3),
                             [np.array([5, 6, 7], np.int64), np.array([0, 2, 2, 3], np.int64)]),
    "RaggedBincount": (lambda r, v: lookup_ops.ragged_bincount(r, v, 4),
                       [np.array([0, 2, 2, 3], np.int64), np.array([3, 1, 3], np.int64)]),
    "Substr": (lambda s: tf.strings.substr(s, 1, 2), [_S]),
    "StaticRegexReplace": (lambda s: tf.strings.regex_replace(s, "[aeiou]", "_"), [_S]),
    "StaticRegexFullMatch": (lambda s: tf.strings.regex_full_match(s, ".*o.*"), [_S]),
    "UnicodeDecode": (lambda s: tf.strings.unicode_decode(s[1, 0], "UTF-8"), [_S]),
    "UnicodeSplit": (lambda s: tf.strings.unicode_split(s[1, 0], "UTF-8"), [_S]),
    "UnicodeEncode": (lambda c: tf.strings.unicode_encode(c, "UTF-8"), [np.abs(_I) + 100]),
    "StringToNumber": (lambda s: tf.strings.to_number(s), [_N]),
    "AsString": (lambda x: tf.strings.as_string(x, precision=2), [_F]),
    "StringFormat": (lambda x, s: tf.strings.format("x={} s={}", [x, s]), [_F, _S]),
    # TF1's summaries: string scalars holding a Summary (api/compat/v1/summary.py)
    "ScalarSummary": (lambda x: _v1_summary("ScalarSummary", "s", x[0, 0]), [_F]),
    "HistogramSummary": (lambda x: _v1_summary("HistogramSummary", "h", x), [_F]),
    "MergeSummary": (lambda x: execute(ops.REGISTRY["MergeSummary"], (
        _v1_summary("ScalarSummary", "a", x[0, 0]), _v1_summary("ScalarSummary", "b", x[1, 1]))),
        [_F]),
    # string hashing (ops/hash_ops.py)
    "StringToHashBucketFast": (lambda s: tf.strings.to_hash_bucket_fast(s, 1000), [_S]),
    "StringToHashBucketStrong": (lambda s: tf.strings.to_hash_bucket_strong(s, 7, [3, -4]), [_S]),
    "StringToHashBucket": (lambda s: tf.strings.to_hash_bucket(s, 5), [_T]),
    "Fingerprint": (lambda s, x: tf.concat([tf.fingerprint(s), tf.fingerprint(x)], 0), [_S, _F]),
    # issue 11: linear algebra, nn, convolution, pooling, Python functions
    "MatrixInverse": (tf.linalg.inv, [np.array([[2.0, 1.0], [1.0, 3.0]], np.float32)]),
    "MatrixSolve": (tf.linalg.solve, [np.array([[2.0, 1.0], [1.0, 3.0]], np.float32), _F]),
    "Einsum": (lambda a, b: tf.einsum("ij,kj->ik", a, b), [_F, _G]),
    # (the decompositions' signs come from the same LAPACK in both runs: equal to the bit)
    "Svd": (lambda a: tf.linalg.svd(a)[1] * tf.linalg.svd(a)[0][..., None, :], [_F]),
    "Qr": (lambda a: tf.linalg.qr(a)[1], [_F.T]),
    "SelfAdjointEigV2": (lambda a: tf.linalg.eigh(a)[1] ** 2 + tf.linalg.eigvalsh(a), [_SPD]),
    "Cholesky": (tf.linalg.cholesky, [_SPD]),
    "MatrixDeterminant": (tf.linalg.det, [_SPD]),
    "LogMatrixDeterminant": (lambda a: tf.linalg.slogdet(a)[1], [_SPD]),
    "MatrixTriangularSolve": (lambda a, b: tf.linalg.triangular_solve(a, b, lower=False),
                              [_SPD, _F.T]),
    "MatrixDiagV3": (lambda d: tf.linalg.diag(d, k=1), [_F]),
    "MatrixDiagPartV3": (tf.linalg.diag_part, [_F]),
    "MatrixSetDiagV3": (lambda x, d: tf.linalg.set_diag(x, d), [_F, _G[:, 0]]),
    "MatrixBandPart": (lambda x: tf.linalg.band_part(x, 0, 1), [_F]),
    "Cross": (tf.linalg.cross, [_F, _G]),
    "DivNoNan": (tf.math.divide_no_nan, [_F, np.array([[0.0, 1.0, 2.0], [0.0, -1.0, 3.0]],
                                                      np.float32)]),
    "PadV2": (lambda x: tf.pad(x, [[1, 0], [0, 2]], constant_values=-1), [_I]),
    "Softplus": (tf.nn.softplus, [_F]),
    "Elu": (tf.nn.elu, [_F]),
    "L2Loss": (tf.nn.l2_loss, [_F]),
    "IsNan": (tf.math.is_nan, [np.array([1.0, np.nan, np.inf], np.float32)]),
    "IsInf": (tf.math.is_inf, [np.array([1.0, np.nan, -np.inf], np.float32)]),
    "IsFinite": (tf.math.is_finite, [np.array([1.0, np.nan, np.inf], np.float32)]),
    "Conv2D": (lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"), [_F.reshape(1, 2, 3, 1),
                                                             _G.reshape(2, 3, 1, 1)]),
    "Conv2DBackpropInput": (lambda d, w: conv_ops.conv2d_backprop_input(
        d, w, (1, 2, 3, 1), (1, 1), "SAME", (1, 1)), [_F.reshape(1, 2, 3, 1),
                                                      _G.reshape(2, 3, 1, 1)]),
    "Conv2DBackpropFilter": (lambda x, d: conv_ops.conv2d_backprop_filter(
        x, d, (2, 3, 1, 1), (1, 1), "SAME", (1, 1)), [_F.reshape(1, 2, 3, 1),
                                                      _G.reshape(1, 2, 3, 1)]),
    "MaxPool": (lambda x: tf.nn.max_pool2d(x, 2, 1, "SAME"), [_F.reshape(1, 2, 3, 1)]),
    "MaxPoolGrad": (lambda x, d: conv_ops.execute(conv_ops.MAX_POOL_GRAD, (
        x, tf.nn.max_pool2d(x, 2, 1, "SAME"), d), {"ksize": (2, 2), "strides": (1, 1),
                                                    "padding": "SAME"}),
        [_F.reshape(1, 2, 3, 1), _G.reshape(1, 2, 3, 1)]),
    "MaxPoolGradGrad": (lambda x, d: conv_ops.execute(conv_ops.MAX_POOL_GRAD_GRAD, (
        x, tf.nn.max_pool2d(x, 2, 1, "SAME"), d), {"ksize": (2, 2), "strides": (1, 1),
                                                    "padding": "SAME"}),
        [_F.reshape(1, 2, 3, 1), _G.reshape(1, 2, 3, 1)]),
    "EagerPyFunc": (lambda x: tf.py_function(lambda a: a * 2.0 + 1.0, [x], tf.float32), [_F]),
}

# Ops without outputs run for their effect on variables (or the screen): the variables'
# values after an eager call and after a traced call must be equal, to the last bit.
# op name -> function of (variables, tensors)
_V = [np.array([[1.0, -2.0, 0.5], [0.25, 3.0, -1.5]], np.float32),
      np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], np.float32),
      np.array([[0.6, 0.5, 0.4], [0.3, 0.2, 0.1]], np.float32),
      np.array([[0.2, -0.1, 0.0], [0.3, 0.1, -0.4]], np.float32)]
def _write_summary(g):
    if not _SUMMARY_DIR:  # (one writer, made on first use, in a folder removed at exit)
        _SUMMARY_DIR.append(tempfile.mkdtemp(prefix="effect-summary-"))
        atexit.register(shutil.rmtree, _SUMMARY_DIR[0], True)
        _SUMMARY_DIR.append(tf.summary.create_file_writer(_SUMMARY_DIR[0]))
    with _SUMMARY_DIR[1].as_default():
        return tf.summary.histogram("g", g, step=0)


_SUMMARY_DIR: list = []


EFFECT_CASES = {
    "AssignVariableOp": lambda v, g: v[0].assign(g * 2.0),
    "AssignAddVariableOp": lambda v, g: v[0].assign_add(g),
    "AssignSubVariableOp": lambda v, g: v[0].assign_sub(g),
    "NoOp": lambda v, g: tf.group(v[0].assign(g)),
    "PrintV2": lambda v, g: tf.print(g, output_stream="file:///dev/null") and None,
    # (the summary's flag, True once written, scales what is assigned: a pruned or failing
    # write in the graph would leave zeros; what it writes: tests/summary/test_summary.py)
    "WriteSummary": lambda v, g: v[0].assign(g * tf.cast(_write_summary(g), g.dtype)),
    # (what reaches the file after a flush: tests/engine/test_compat_v1_summary.py)
    "FlushSummaryWriter": lambda v, g: (_write_summary(g), _SUMMARY_DIR[1].flush(),
                                        v[0].assign(g))[-1],
    "ResourceApplyGradientDescent": lambda v, g: training_ops.apply_gradient_descent(
        v[0], tf.constant(0.1), g),
    "ResourceApplyKerasMomentum": lambda v, g: training_ops.apply_keras_momentum(
        v[0], v[1], tf.constant(0.1), g, 0.9, use_nesterov=True),
    "ResourceApplyMomentum": lambda v, g: training_ops.apply_momentum(
        v[0], v[1], tf.constant(0.1), g, 0.9, use_nesterov=True),
    "ResourceApplyAdam": lambda v, g: training_ops.apply_adam(
        v[0], v[1], v[2], tf.constant(0.9 ** 3), tf.constant(0.999 ** 3), tf.constant(0.01), g,
        0.9, 0.999, 1e-7),
    "ResourceApplyRMSProp": lambda v, g: training_ops.apply_rms_prop(
        v[0], v[1], v[2], tf.constant(0.01), g, 0.9, 0.5, 1e-7),
    "ResourceApplyCenteredRMSProp": lambda v, g: training_ops.apply_centered_rms_prop(
        v[0], v[1], v[2], v[3], tf.constant(0.01), g, 0.9, 0.5, 1e-7),
    "ResourceApplyAdagrad": lambda v, g: training_ops.apply_adagrad(
        v[0], v[1], tf.constant(0.01), g, 1e-7),
    # a Generator's state moves on (one made in the function on its first trace, as TF allows)
    "RngReadAndSkip": lambda v, g: _generator_case(v, g, lambda gen: gen.skip(3)),
    "StatefulRandomBinomial": lambda v, g: _generator_case(
        v, g, lambda gen: v[1].assign(gen.binomial([2, 3], 10.0, 0.5, dtype=tf.float32))),
}


_GENERATORS: dict = {}  # one per list of variables: the eager run's, the traced run's


def _generator_case(v, g, draw):
    if id(v[0]) not in _GENERATORS:  # (made on the first trace only, as TF requires)
        _GENERATORS[id(v[0])] = (v[0], tf.random.Generator.from_seed(7))
    gen = _GENERATORS[id(v[0])][1]
    draw(gen)
    v[0].assign(g * 0.0 + tf.cast(tf.reduce_sum(gen.state.read_value()), tf.float32))


# The control-flow ops (If, While, TensorList, ...) keep their cases in control_flow_cases.py.
CASES.update(control_flow_cases.GRAPH_CASES)
EFFECT_CASES.update(control_flow_cases.EFFECT_CASES)
CASES.update(complex_cases.GRAPH_CASES)
CASES.update(io_cases.GRAPH_CASES)
CASES.update(image_cases.GRAPH_CASES)
EFFECT_CASES.update(io_cases.EFFECT_CASES)


@pytest.mark.parametrize("name", sorted(EFFECT_CASES))
def test_effects_in_a_graph_equal_eager_effects(name):
    fn = EFFECT_CASES[name]
    g = tf.constant(_G)
    eager_vars = [tf.Variable(v) for v in _V]
    fn(eager_vars, g)
    traced_vars = [tf.Variable(v) for v in _V]
    def run():
        fn(traced_vars, g)  # (an op is not a value: TF refuses to return one)

    traced = tf.function(run)
    types = {op.type for op in traced.get_concrete_function().graph.get_operations()}
    assert name in types, f"the case for {name} does not use {name}"
    traced()
    for e, t in zip(eager_vars, traced_vars):
        np.testing.assert_array_equal(e.numpy(), t.numpy())


def test_every_op_in_the_table_has_a_graph_case():
    """Guard: a new op in ops.REGISTRY needs a case in CASES."""
    missing = sorted(set(ops.REGISTRY) - set(CASES) - set(EFFECT_CASES))
    assert not missing, f"ops without a graph-vs-eager case: {missing}"


def _op_types(fn, inputs) -> set:
    cf = tf.function(fn).get_concrete_function(*[tf.constant(x) for x in inputs])
    return {op.type for op in cf.graph.get_operations()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_result_equals_eager_result(name):
    fn, inputs = CASES[name]
    assert name in _op_types(fn, inputs), f"the case for {name} does not use {name}"
    eager = fn(*[tf.constant(x) for x in inputs])
    traced = tf.function(fn)(*[tf.constant(x) for x in inputs])
    assert traced.dtype == eager.dtype and traced.shape == eager.shape
    np.testing.assert_array_equal(traced.numpy(), eager.numpy())


# (data-dependent lengths: graphs know them as None, as TF's do; EagerPyFunc's shape is
# unknown until Python runs, as TF's py_function output shape is)
_DATA_SHAPED = ("Where", "SparseAdd", "SparseSlice", "BroadcastGradientArgs", "Squeeze", "StringSplitV2", "StringBytesSplit", "UnicodeDecode",
                "UnicodeSplit", "EagerPyFunc", "DecodeRaw", "ParseTensor", "ParseExampleSparse",
                "ParseExampleRagged", "ParseSequenceDense", "ParseSequenceSparse", "ParseSequenceRagged",
                "DecodeImage")


@pytest.mark.parametrize("name", sorted(n for n in CASES if n not in _DATA_SHAPED))
def test_graph_shape_inference_matches_the_runtime_shape(name):
    fn, inputs = CASES[name]
    cf = tf.function(fn).get_concrete_function(*[tf.constant(x) for x in inputs])
    eager = fn(*[tf.constant(x) for x in inputs])
    assert cf.outputs[0].shape == eager.shape and cf.outputs[0].dtype == eager.dtype


# -- gradients through traced functions equal eager gradients ----------------------------------
def _differentiable(name) -> bool:
    fn, inputs = CASES[name]
    return ops.REGISTRY[name].grad is not None and name not in image_cases.SPECIAL_GRADIENT and \
        any(x.dtype.kind == "f" for x in inputs)


# (EagerPyFunc's output has an unknown rank inside a graph, as in TF: the loss reduces it with
# shapes known only when the graph runs.)
@pytest.mark.parametrize("name", sorted(n for n in CASES if _differentiable(n)))
def test_gradients_in_and_through_traced_functions_equal_eager(name):
    fn, inputs = CASES[name]
    args = [tf.constant(x) for x in inputs]
    floats = [a for a in args if a.dtype.is_floating]

    def grads(*xs):
        with tf.GradientTape() as tape:
            tape.watch([x for x in xs if x.dtype.is_floating])
            out = tf.cast(fn(*xs), tf.float32)
            loss = tf.reduce_sum((out + 1.0) ** 2)   # non-uniform upstream gradient
        return tape.gradient(loss, [x for x in xs if x.dtype.is_floating])

    eager = grads(*args)
    inside = tf.function(grads)(*args)               # the tape inside the graph
    traced_fn = tf.function(fn)
    with tf.GradientTape() as tape:                  # the tape around a traced function
        tape.watch(floats)
        loss = tf.reduce_sum((tf.cast(traced_fn(*args), tf.float32) + 1.0) ** 2)
    around = tape.gradient(loss, floats)
    for e, i, a in zip(eager, inside, around):
        if e is None:
            assert i is None and a is None
            continue
        np.testing.assert_allclose(i.numpy(), e.numpy(), rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(a.numpy(), e.numpy(), rtol=1e-6, atol=1e-6)


def test_variables_may_be_created_only_on_the_first_trace():
    """TF: a first call that created variables is traced once more with creation off, so a
    function that makes a variable on every call fails at once ('tf.function only supports
    singleton tf.Variables created on the first call'); one that makes it once works."""
    @tf.function
    def f(x):
        return tf.Variable(1.0) * x

    with pytest.raises(ValueError, match="only supports singleton tf.Variables created on the first"):
        f(tf.constant(2.0))

    class Scale(tf.Module):
        def __init__(self):
            self.w = None

        @tf.function
        def __call__(self, x):
            if self.w is None:
                self.w = tf.Variable(3.0)
            return self.w * x

    scale = Scale()
    assert [float(scale(tf.constant(v))) for v in (1.0, 2.0)] == [3.0, 6.0]
    assert scale.__call__.experimental_get_tracing_count() == 2  # (as in TF: traced twice)


def test_nested_input_signature_and_keyword_canonicalization():
    f = tf.function(lambda xs, s: xs[0] * s + xs[1],
                    input_signature=[[tf.TensorSpec([None]), tf.TensorSpec([None])],
                                     tf.TensorSpec([])])
    assert f([tf.constant([1.0, 2.0]), [3.0, 4.0]], 2.0).numpy().tolist() == [5.0, 8.0]
    names = [op.name for op in f.get_concrete_function().graph.get_operations()]
    assert names[:3] == ["xs", "xs_1", "s"]
    with pytest.raises(TypeError, match="does not have the structure"):
        f(tf.constant([1.0]), 2.0)
    # TF binds keywords to positions: g(x, training=True) and g(x, True) share one trace
    g = tf.function(lambda x, training=False: x * (2.0 if training else 1.0))
    assert g(tf.constant(1.0)).numpy() == 1.0
    assert g(tf.constant(1.0), training=True).numpy() == 2.0
    assert g(tf.constant(1.0), True).numpy() == 2.0
    assert g.experimental_get_tracing_count() == 2


# -- random ops in graphs --------------------------------------------------------------------------
def test_random_op_in_a_function_draws_new_numbers_on_every_call():
    """TF: tf.random.uniform inside tf.function is a stateful node; each call gives new numbers,
    and after tf.random.set_seed a new trace replays the same sequence."""
    def draw():
        return tf.random.uniform([1000], 2.0, 4.0)

    tf.random.set_seed(7)
    f = tf.function(draw)
    first, second = f().numpy(), f().numpy()
    assert not np.array_equal(first, second)
    assert first.dtype == np.float32 and 2.0 <= first.min() and first.max() < 4.0
    assert abs(first.mean() - 3.0) < 0.1
    assert "RandomUniform" in {op.type for op in f.get_concrete_function().graph.get_operations()}
    tf.random.set_seed(7)
    g = tf.function(draw)
    np.testing.assert_array_equal(g().numpy(), first)
    np.testing.assert_array_equal(g().numpy(), second)


@pytest.mark.parametrize("draw, check", [
    (lambda: tf.random.normal([4000], 1.0, 2.0), lambda z: abs(z.mean() - 1) < 0.1 and abs(z.std() - 2) < 0.1),
    (lambda: tf.random.truncated_normal([4000]), lambda z: np.abs(z).max() <= 2 and 0.8 < z.std() < 0.95),
    (lambda: tf.random.shuffle(tf.range(1000)), lambda p: sorted(p) == list(range(1000))),
    (lambda: tf.random.uniform([1000], 5, 9, dtype=tf.int64),
     lambda k: k.dtype == np.int64 and set(k.tolist()) == {5, 6, 7, 8}),
], ids=["normal", "truncated_normal", "shuffle", "integer_uniform"])
def test_other_random_ops_in_a_function_draw_anew_and_replay_after_set_seed(draw, check):
    """TF: normal, truncated_normal (within 2 stddev; its std is about 0.88) and shuffle are
    stateful nodes too."""
    tf.random.set_seed(11)
    f = tf.function(draw)
    first, second = f().numpy(), f().numpy()
    assert check(first) and check(second) and not np.array_equal(first, second)
    tf.random.set_seed(11)
    np.testing.assert_array_equal(tf.function(draw)().numpy(), first)


def test_dropout_trains_inside_a_function_with_a_fresh_mask_per_call():
    """Keras: Dropout(training=True) in a tf.function train step drops a new set of units each
    step (kept units scaled by 1/(1-rate)); training=False is the identity."""
    tf.keras.utils.set_random_seed(3)
    model = tf.keras.Sequential([tf.keras.Input(shape=(200,)), tf.keras.layers.Dropout(0.25)])
    x = tf.ones((4, 200))
    call = tf.function(lambda x, training: model(x, training=training))
    a, b = call(x, True).numpy(), call(x, True).numpy()
    assert set(np.unique(a)) <= {0.0, np.float32(1 / 0.75)}
    assert not np.array_equal(a, b)
    assert 0.15 < (a == 0).mean() < 0.35
    np.testing.assert_array_equal(call(x, False).numpy(), x.numpy())


def test_a_whole_training_step_with_dropout_runs_as_one_graph():
    tf.keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 5)).astype(np.float32)
    y = (x @ np.arange(1, 6, dtype=np.float32))[:, None]
    model = tf.keras.Sequential([tf.keras.Input(shape=(5,)), tf.keras.layers.Dense(16, activation="relu"),
                                 tf.keras.layers.Dropout(0.1), tf.keras.layers.Dense(1)])
    opt = tf.keras.optimizers.Adam(0.01)

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    losses = [float(step(x, y)) for _ in range(200)]
    assert losses[-1] < 0.2 * losses[0]


# -- Variables as arguments --------------------------------------------------------------------------
def test_variable_arguments_trace_once_per_spec_and_the_call_uses_its_own_variables():
    """TF 2.x (VariableSpec): f(a), f(b), f(a) with Variables of one dtype and shape trace once;
    a new shape or dtype traces again; reads and assignments go to the Variable passed."""
    traces = []

    @tf.function
    def add_to(v, x):
        traces.append(1)
        v.assign_add(x)
        return v * 2.0

    a, b = tf.Variable(1.0), tf.Variable(10.0)
    assert float(add_to(a, 1.0)) == 4.0
    assert float(add_to(b, 1.0)) == 22.0
    assert float(add_to(a, 1.0)) == 6.0
    assert (float(a), float(b), len(traces)) == (3.0, 11.0, 1)
    add_to(tf.Variable([1.0, 2.0]), [1.0, 1.0])
    add_to(tf.Variable(1.0, dtype=tf.float64), 1.0)
    assert len(traces) == 3


def test_the_same_variable_twice_is_another_signature():
    """TF: which arguments are the same Variable is part of the signature (f(a, a) vs f(a, b))."""
    traces = []

    @tf.function
    def bump_both(v, w):
        traces.append(1)
        v.assign_add(1.0)
        w.assign_add(1.0)
        return v + w

    a, b, c = tf.Variable(0.0), tf.Variable(0.0), tf.Variable(5.0)
    assert float(bump_both(a, a)) == 4.0          # a += 1 twice: 2 + 2
    assert float(bump_both(b, c)) == 1.0 + 6.0
    assert float(bump_both(c, b)) == 7.0 + 2.0
    assert len(traces) == 2


def test_gradients_through_a_function_reach_the_variable_passed():
    @tf.function
    def square(v):
        return v * v

    a, b = tf.Variable(3.0), tf.Variable(5.0)
    square(a)
    with tf.GradientTape() as tape:
        y = square(b)
    grad_a, grad_b = tape.gradient(y, [a, b])
    assert grad_a is None and float(grad_b) == 10.0


def test_second_derivatives_through_a_function_call():
    """Nested tapes around a tf.function: the saved forward values get gradients too."""
    f = tf.function(lambda x: tf.sin(x) * x)
    x = tf.constant(0.7)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
        dy = inner.gradient(y, x)
    d2 = outer.gradient(dy, x)
    np.testing.assert_allclose(float(dy), np.cos(0.7) * 0.7 + np.sin(0.7), rtol=1e-6)
    np.testing.assert_allclose(float(d2), 2 * np.cos(0.7) - 0.7 * np.sin(0.7), rtol=1e-6)


def test_second_derivatives_through_a_loop_in_a_call():
    """Eager tapes around a tf.function holding a loop: the call's gradient is differentiated
    again, the loop's saved lists included (y = sin(y) * x twice; central differences)."""
    f = tf.function(lambda x: tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, tf.sin(y) * x),
                                            (0, x))[1], autograph=False)

    def first(x):
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
        return inner.gradient(y, x)

    x = tf.constant(0.5, tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(x)
        dy = first(x)
    eps = 1e-6
    numeric = (first(tf.constant(0.5 + eps, tf.float64)).numpy() -
               first(tf.constant(0.5 - eps, tf.float64)).numpy()) / (2 * eps)
    np.testing.assert_allclose(outer.gradient(dy, x).numpy(), numeric, rtol=1e-6)
