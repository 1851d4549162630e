"""tf.sparse and tf.SparseTensor against TF 2.21 (rules: tf_compare.py).

TF's rules (the SparseTensor guide, and the SparseToDense/SparseReorder kernels):
- a SparseTensor is int64 `indices` [n, rank], `values` [n] and int64 `dense_shape`
  [rank]; it prints as its three tensors;
- `to_dense` puts each value at its index and `default_value` (zero) elsewhere; with
  `validate_indices` the indices must be in bounds, in row-major order, not repeated;
- `reorder` sorts the entries into row-major order; `from_dense` keeps the nonzeros;
- gradients reach the values (and the default value) through `to_dense` and `reorder`.
"""
from __future__ import annotations

import pytest

from .tf_compare import Cases, check

cases = Cases()


def _t9(tf):
    return tf.SparseTensor(indices=[[0, 2], [2, 1], [3, 3]], values=[2, 11, 18], dense_shape=[4, 5])


cases("the tensor guide's SparseTensor: printed, and made dense")(lambda tf: (
    str(tf.sparse.SparseTensor(indices=[[0, 0], [1, 2]], values=[1, 2], dense_shape=[3, 4])),
    tf.sparse.to_dense(tf.sparse.SparseTensor(indices=[[0, 0], [1, 2]], values=[1, 2],
                                              dense_shape=[3, 4]))))
cases("the slicing guide's t9: printed, to_dense, and its parts")(lambda tf: (
    str(_t9(tf)), tf.sparse.to_dense(_t9(tf)), _t9(tf).indices, _t9(tf).values,
    _t9(tf).dense_shape, _t9(tf).shape, repr(_t9(tf).dtype), tf.SparseTensor is tf.sparse.SparseTensor))
cases("to_dense with a default value; float and bool values")(lambda tf: (
    tf.sparse.to_dense(_t9(tf), default_value=-1),
    tf.sparse.to_dense(tf.SparseTensor([[1]], [2.5], [3])),
    tf.sparse.to_dense(tf.SparseTensor([[0, 1]], [True], [2, 2]))))
cases("to_dense of entries out of order: TF's error")(
    lambda tf: tf.sparse.to_dense(tf.SparseTensor([[2, 1], [0, 2]], [1.0, 2.0], [3, 3])))
cases("to_dense of an index out of bounds: TF's error")(
    lambda tf: tf.sparse.to_dense(tf.SparseTensor([[5, 0]], [1.0], [3, 3])))
cases("to_dense of a repeated index: TF's error")(
    lambda tf: tf.sparse.to_dense(tf.SparseTensor([[0, 0], [0, 0]], [1.0, 2.0], [3, 3])))
cases("to_dense without validate_indices takes entries in any order")(
    lambda tf: tf.sparse.to_dense(tf.SparseTensor([[2, 1], [0, 2]], [1.0, 2.0], [3, 3]),
                                  validate_indices=False))
cases("reorder sorts the entries (indices and values together)")(lambda tf: (
    tf.sparse.reorder(tf.SparseTensor([[2, 1], [0, 2], [0, 0]], [1.0, 2.0, 3.0], [3, 3])).indices,
    tf.sparse.reorder(tf.SparseTensor([[2, 1], [0, 2], [0, 0]], [1.0, 2.0, 3.0], [3, 3])).values,
    tf.sparse.to_dense(tf.sparse.reorder(
        tf.SparseTensor([[2, 1], [0, 2], [0, 0]], [1.0, 2.0, 3.0], [3, 3])))))
cases("from_dense keeps the nonzero elements")(lambda tf: (
    str(tf.sparse.from_dense(tf.constant([[0, 3], [4, 0]]))),
    str(tf.sparse.from_dense([[0.0, 3.5]]))))
cases("an empty SparseTensor")(lambda tf: tf.sparse.to_dense(
    tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 2])))
cases("indices and values of different lengths", compare_message=True)(
    lambda tf: tf.SparseTensor([[0, 0]], [1.0, 2.0], [3, 3]))
cases("indices must have rank 2", compare_message=True)(
    lambda tf: tf.SparseTensor([0, 0], [1.0], [3, 3]))
cases("to_dense of a dense tensor", compare_message=True)(
    lambda tf: tf.sparse.to_dense(tf.constant([1])))
cases("invert_permutation, and its errors")(lambda tf: (
    tf.math.invert_permutation([3, 4, 0, 2, 1]),
    tf.math.invert_permutation(tf.constant([1, 0], tf.int64))))
cases("invert_permutation of a repeated position")(lambda tf: tf.math.invert_permutation([0, 0, 1]))
cases("invert_permutation of a position out of range")(
    lambda tf: tf.math.invert_permutation([0, 5, 1]))


@cases("gradients reach the values and the default value through to_dense and reorder")
def _(tf):
    x = tf.Variable([1.0, 2.0, 3.0])
    d = tf.Variable(0.5)
    weights = tf.reshape(tf.range(9, dtype=tf.float32), [3, 3])
    with tf.GradientTape() as tape:
        sp = tf.sparse.reorder(tf.SparseTensor([[2, 1], [0, 2], [0, 0]], x * 2.0, [3, 3]))
        y = tf.reduce_sum(tf.sparse.to_dense(sp, default_value=d) * weights)
    return tape.gradient(y, [x, d])


@cases("a SparseTensor made and made dense inside tf.function")
def _(tf):
    @tf.function
    def f(values):
        sp = tf.SparseTensor([[0, 1], [1, 0]], values, [2, 2])
        return tf.sparse.to_dense(sp), sp.shape

    return f(tf.constant([1.0, 2.0]))


# -- tf.sparse.concat (TF: inputs shift along the axis; entries come out in row-major order) --
def _concat_parts(sp):
    return sp.indices, sp.values, sp.dense_shape


def _a(tf):
    return tf.sparse.SparseTensor([[0, 1], [1, 0]], [1, 2], [2, 3])


def _b(tf):
    return tf.sparse.SparseTensor([[0, 0], [1, 1]], [3, 4], [2, 2])


cases("sparse.concat along axis 1 (and -1): entries interleave in row-major order")(lambda tf: (
    _concat_parts(tf.sparse.concat(1, [_a(tf), _b(tf)])),
    _concat_parts(tf.sparse.concat(axis=-1, sp_inputs=[_a(tf), _b(tf)])),
    _concat_parts(tf.sparse.concat(1, [tf.sparse.SparseTensor([[1, 0], [0, 2]], [7, 8], [2, 3]),
                                       _b(tf)]))))
cases("sparse.concat along axis 0; expand_nonconcat_dims takes the largest sizes")(lambda tf: (
    _concat_parts(tf.sparse.concat(0, [_a(tf), tf.sparse.SparseTensor([[0, 0]], [5], [1, 3])])),
    _concat_parts(tf.sparse.concat(0, [_a(tf), _b(tf)], expand_nonconcat_dims=True))))
cases("sparse.concat of strings, as the ragged guide (to_dense with '')")(lambda tf: (
    tf.sparse.to_dense(tf.sparse.concat(sp_inputs=[
        tf.ragged.constant([["John"], ["a", "big", "dog"], ["my", "cat"]]).to_sparse(),
        tf.ragged.constant([["fell", "asleep"], ["barked"], ["is", "fuzzy"]]).to_sparse()],
        axis=1), ""),))
cases("sparse.concat: other dimensions that differ are TF's InvalidArgumentError")(
    lambda tf: tf.sparse.concat(0, [_a(tf), _b(tf)]))
cases("sparse.concat: an axis out of range is TF's InvalidArgumentError")(
    lambda tf: tf.sparse.concat(2, [_a(tf), _b(tf)]))
cases("sparse.concat: a dense input is TF's TypeError")(
    lambda tf: tf.sparse.concat(0, [_a(tf), tf.constant([[1]])]))


@cases("TF: SparseConcat is not differentiable, so no gradient reaches the values")
def _(tf):
    x = tf.Variable([1.0, 2.0])
    y = tf.Variable([3.0, 4.0])
    weights = tf.reshape(tf.range(10, dtype=tf.float32), [2, 5])
    with tf.GradientTape() as tape:
        sp = tf.sparse.concat(1, [tf.SparseTensor([[1, 0], [0, 2]], x * x, [2, 3]),
                                  tf.SparseTensor([[0, 0], [1, 1]], y * 3.0, [2, 2])])
        z = tf.reduce_sum(tf.sparse.to_dense(sp) * weights)
    return tape.gradient(z, [x, y])


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
