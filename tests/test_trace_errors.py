"""Shapes that cannot work are TF's ValueError while a graph is built (graph/shape_errors.py).

The rule (TF 2.21's graph construction, checked with TF in
tests/differential/test_against_tensorflow_trace_errors.py, where each text
below comes from): a new node's shape function runs at once, and a failure
is `ValueError: <message> for '{{node NAME}} = OpType[attrs](inputs)' with
input shapes: <shapes>.`, in TF1 graph mode and tf.function tracing alike.
Eager errors stay TF's InvalidArgumentError; errors TF finds only from the
data (an index out of range) stay errors of the run.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

import course.engine as tf

tf1 = tf.compat.v1


def _build(fn):
    with tf.Graph().as_default():
        fn(lambda shape, name: tf1.placeholder(tf.float32, shape, name=name))


def _raises_exactly(text: str, fn) -> None:
    with pytest.raises(ValueError) as e:
        _build(fn)
    assert str(e.value) == text


def test_broadcasting_names_the_first_pair_that_cannot_be_and_the_inputs():
    _raises_exactly("Dimensions must be equal, but are 3 and 2 for '{{node add}} = AddV2[T=DT_FLOAT]"
                    "(x, add/y)' with input shapes: [?,3], [2].",
                    lambda p: p([None, 3], "x") + [1.0, 2.0])
    _raises_exactly("Dimensions must be equal, but are 2 and 4 for '{{node sub}} = Sub[T=DT_FLOAT]"
                    "(x, y)' with input shapes: [2,3], [4,5].",
                    lambda p: p([2, 3], "x") - p([4, 5], "y"))


def test_equal_carries_incompatible_shape_error_and_ints_are_dt_int32():
    _raises_exactly("Dimensions must be equal, but are 3 and 2 for '{{node Equal}} = Equal[T=DT_INT32, "
                    "incompatible_shape_error=true](Const, Const_1)' with input shapes: [3], [2].",
                    lambda p: tf.equal(tf.constant([1, 2, 3]), tf.constant([1, 2])))


def test_matmul_and_batch_matmul():
    _raises_exactly("Shape must be rank 2 but is rank 1 for '{{node MatMul}} = MatMul[T=DT_FLOAT, "
                    "grad_a=false, grad_b=false, transpose_a=false, transpose_b=false](a, b)' with "
                    "input shapes: [2,3], [3].", lambda p: tf.matmul(p([2, 3], "a"), p([3], "b")))
    # (the node of a batch matmul is named MatMul, after tf.matmul)
    _raises_exactly("Dimensions must be equal, but are 4 and 5 for '{{node MatMul}} = BatchMatMulV2"
                    "[T=DT_FLOAT, adj_x=false, adj_y=false, grad_x=false, grad_y=false](a, b)' with "
                    "input shapes: [4,2,3], [5,3,3].",
                    lambda p: tf.matmul(p([4, 2, 3], "a"), p([5, 3, 3], "b")))


def test_reshape_says_both_sizes_or_what_must_divide():
    _raises_exactly("Cannot reshape a tensor with 6 elements to shape [4,2] (8 elements) for "
                    "'{{node Reshape}} = Reshape[T=DT_FLOAT, Tshape=DT_INT32](x, Reshape/shape)' with "
                    "input shapes: [2,3], [2] and with input tensors computed as partial shapes: "
                    "input[1] = [4,2].", lambda p: tf.reshape(p([2, 3], "x"), [4, 2]))
    _raises_exactly("Dimension size must be evenly divisible by 3 but is 5 for '{{node Reshape}} = "
                    "Reshape[T=DT_FLOAT, Tshape=DT_INT32](x, Reshape/shape)' with input shapes: "
                    "[?,3], [1] and with input tensors computed as partial shapes: input[1] = [5].",
                    lambda p: tf.reshape(p([None, 3], "x"), [5]))


def test_reshape_of_an_unknown_batch_that_divides_is_built():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        assert tf.reshape(x, [6]).shape.as_list() == [6]
        assert tf.reshape(x, [-1, 2]).shape.as_list() == [None, 2]


def test_concat_stack_and_squeeze():
    _raises_exactly("Dimension 0 in both shapes must be equal, but are 3 and 4. Shapes are [3] and "
                    "[4]. for '{{node concat}} = ConcatV2[N=2, T=DT_FLOAT, Tidx=DT_INT32](x, y, "
                    "concat/axis)' with input shapes: [2,3], [2,4], [] and with computed input "
                    "tensors: input[2] = <0>.",
                    lambda p: tf.concat([p([2, 3], "x"), p([2, 4], "y")], axis=0))
    _raises_exactly("Dimension 1 in both shapes must be equal, but are 3 and 4. Shapes are [2,3] and "
                    "[2,4].\n\tFrom merging shape 1 with other shapes. for '{{node stack}} = Pack[N=3, "
                    "T=DT_FLOAT, axis=1](x, y, z)' with input shapes: [2,3], [2,3], [2,4].",
                    lambda p: tf.stack([p([2, 3], "x"), p([2, 3], "y"), p([2, 4], "z")], axis=1))
    _raises_exactly("Can not squeeze dim[1], expected a dimension of 1, got 3 for '{{node Squeeze}} "
                    "= Squeeze[T=DT_FLOAT, squeeze_dims=[-1]](x)' with input shapes: [2,3].",
                    lambda p: tf.squeeze(p([2, 3], "x"), axis=-1))


def test_reductions_gather_and_argmax_with_an_axis_out_of_range():
    _raises_exactly("Invalid reduction dimension 2 for input with 2 dimensions. for '{{node Sum}} = "
                    "Sum[T=DT_FLOAT, Tidx=DT_INT32, keep_dims=false](x, Sum/reduction_indices)' with "
                    "input shapes: [2,3], [] and with computed input tensors: input[1] = <2>.",
                    lambda p: tf.reduce_sum(p([2, 3], "x"), axis=2))
    with pytest.raises(ValueError, match=re.escape("Shape must be at least rank 3 but is rank 2 for "
                                                   "'{{node GatherV2}} = GatherV2[Taxis=DT_INT32")):
        _build(lambda p: tf.gather(p([2, 3], "x"), [0], axis=2))
    with pytest.raises(ValueError, match=re.escape("Dimension (2) must be in the range [-2, 2), where "
                                                   "2 is the number of dimensions in the input.")):
        _build(lambda p: tf.argmax(p([2, 3], "x"), axis=2))


def test_tf_function_tracing_raises_the_same_value_error():
    f = tf.function(lambda a, b: a * b, autograph=False)
    with pytest.raises(ValueError) as e:
        f(tf.ones([2, 3]), tf.ones([4]))
    assert str(e.value) == ("Dimensions must be equal, but are 3 and 4 for '{{node mul}} = "
                            "Mul[T=DT_FLOAT](a, b)' with input shapes: [2,3], [4].")


def test_indexing_past_the_end_shows_tfs_begin_end_and_strides():
    # (TF names a negative index as it counts it: -5 of a size 3 is -2)
    _raises_exactly("slice index -2 of dimension 1 out of bounds. for '{{node strided_slice}} = "
                    "StridedSlice[Index=DT_INT32, T=DT_FLOAT, begin_mask=1, ellipsis_mask=0, "
                    "end_mask=1, new_axis_mask=0, shrink_axis_mask=2](x, strided_slice/stack, "
                    "strided_slice/stack_1, strided_slice/stack_2)' with input shapes: [2,3], [2], "
                    "[2], [2] and with computed input tensors: input[1] = <0 -5>, input[2] = "
                    "<0 -4>, input[3] = <2 1>.", lambda p: p([2, 3], "x")[::2, -5])


def test_an_index_into_an_unknown_dimension_waits_for_the_run():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        assert x[5].shape.as_list() == [3] and x[5:7].shape.as_list() == [None, 3]
        with tf1.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="slice index 5 of dimension 0"):
                sess.run(x[5], {x: np.ones([2, 3])})


def test_another_op_keeps_the_eager_message_and_hint_inside_the_layout():
    # (documented approximation: ops of no family in shape_errors.FAMILIES write only T)
    with pytest.raises(ValueError, match=re.escape(
            "index innermost dimension length must be <= params rank; saw: 3 vs. 2 for "
            "'{{node GatherNd}} = GatherNd[T=DT_FLOAT](x, Const)' with input shapes: [2,3], [1,3].")):
        _build(lambda p: tf.gather_nd(p([2, 3], "x"), tf.constant([[0, 1, 2]])))


def test_eager_errors_are_unchanged():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2,3\] vs. \[4\] "
                                                             r"\[Op:AddV2\]"):
        tf.ones([2, 3]) + tf.ones([4])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Invalid reduction dimension \(2 for "
                                                             r"input with 2 dimension\(s\) \[Op:Sum\]"):
        tf.reduce_sum(tf.ones([2, 3]), axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Tried to squeeze dim index 5 for tensor "
                                                             r"with 2 dimensions. \[Op:Squeeze\]"):
        tf.squeeze(tf.ones([2, 3]), axis=5)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"ConcatOp : Expected concatenating "
                                                             r"dimensions in the range \[-2, 2\), but "
                                                             r"got 2 \[Op:ConcatV2\]"):
        tf.concat([tf.ones([2, 3]), tf.ones([2, 3])], axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Shape must be at least rank 3 but is "
                                                             r"rank 2 \[Op:GatherV2\]\nHint: axis"):
        tf.gather(tf.ones([2, 3]), [0], axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"condition \[2,3\], then \[2,3\], and "
                                                             r"else \[4\] must be broadcastable"):
        tf.where(tf.ones([2, 3]) > 0, tf.ones([2, 3]), tf.ones([4]))


def test_a_data_dependent_error_waits_for_the_run():
    """TF's shape functions never look at values: a constant index out of range is traced."""
    f = tf.function(lambda x: tf.gather(x, [5]), autograph=False)
    concrete = f.get_concrete_function(tf.TensorSpec([3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0\] = 5 is not in \[0, 3\)"):
        concrete(tf.ones([3]))


def test_session_graph_still_runs_what_builds():
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        y = tf.squeeze(tf.reduce_sum(x, axis=-1, keepdims=True), axis=-1)
        with tf1.Session() as sess:
            np.testing.assert_allclose(sess.run(y, {x: np.ones([2, 3])}), [3.0, 3.0])


def test_nodes_are_named_as_tf_names_them():
    """TF's names: tf.ones and tf.zeros make Const nodes "ones" and "zeros", tf.transpose is
    "transpose", a batch matmul is "MatMul" (tf.matmul's scope) whichever op it makes."""
    g = tf.Graph()
    with g.as_default():
        a, z = tf.ones([2, 3, 3]), tf.zeros([3])
        tf.matmul(a, a)
        tf.transpose(z[None])
        tf.ones([2])
    names = [(op.name, op.type) for op in g.get_operations()]
    assert ("ones", "Const") in names and ("zeros", "Const") in names
    assert ("ones_1", "Const") in names
    assert ("MatMul", "BatchMatMulV2") in names and ("transpose", "Transpose") in names
