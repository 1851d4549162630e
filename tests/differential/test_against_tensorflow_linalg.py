"""`tf.linalg.inv`/`solve`, `tf.norm`, `tf.einsum`, `tf.tensordot` against TF 2.21 (rules: tf_compare.py)."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]], np.float32)
B = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]], np.float32)

cases("inv of a matrix and of a batch")(lambda tf: (tf.linalg.inv(tf.constant(A)),
                                                    tf.linalg.inv(tf.constant(np.stack([A, A.T])))))
cases("inv with adjoint=True")(lambda tf: tf.linalg.inv(tf.constant(A), adjoint=True))
cases("inv in float64")(lambda tf: tf.linalg.inv(tf.constant(A, tf.float64)))
cases("inv of a singular matrix")(lambda tf: tf.linalg.inv(tf.constant([[1.0, 2.0], [2.0, 4.0]])))
cases("inv of a non-square matrix")(lambda tf: tf.linalg.inv(tf.ones([2, 3])))
cases("inv of an int matrix", False)(lambda tf: tf.linalg.inv(tf.constant([[1, 0], [0, 1]])))
cases("solve")(lambda tf: tf.linalg.solve(tf.constant(A), tf.constant(B)))
cases("solve with adjoint=True")(lambda tf: tf.linalg.solve(tf.constant(A), tf.constant(B),
                                                            adjoint=True))
cases("solve of a singular system")(lambda tf: tf.linalg.solve(tf.constant([[1.0, 2.0], [2.0, 4.0]]),
                                                               tf.ones([2, 1])))


@cases("gradients of inv and solve")
def _(tf):
    a, b = tf.Variable(A), tf.Variable(B)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.linalg.inv(a) ** 2) + tf.reduce_sum(tf.linalg.solve(a, b) ** 3)
    return tape.gradient(loss, [a, b])


cases("norm: euclidean of everything, along an axis, keepdims")(
    lambda tf: (tf.norm(tf.constant(B)), tf.norm(tf.constant(B), axis=1),
                tf.norm(tf.constant(B), axis=0, keepdims=True), tf.linalg.norm(tf.constant([3.0, 4.0]))))
cases("norm: ord 1, inf, 3 for vectors")(
    lambda tf: (tf.norm(tf.constant([3.0, -4.0]), ord=1), tf.norm(tf.constant([3.0, -4.0]), ord=np.inf),
                tf.norm(tf.constant([3.0, -4.0, 1.0]), ord=3)))
cases("norm: matrix norms fro, 1, inf")(
    lambda tf: (tf.norm(tf.constant(A), ord="fro", axis=[0, 1]),
                tf.norm(tf.constant(A), ord=1, axis=[-2, -1]),
                tf.norm(tf.constant(np.stack([A, 2 * A])), ord=np.inf, axis=[1, 2])))
cases("norm: a bad ord")(lambda tf: tf.norm(tf.constant([1.0]), ord=-1))
cases("norm: a bad axis")(lambda tf: tf.norm(tf.constant(A), axis=[0, 0]))


@cases("gradient of the euclidean norm (advanced autodiff guide)")
def _(tf):
    x = tf.Variable([[3.0, 4.0], [1.0, -2.0]])
    with tf.GradientTape() as tape:
        n = tf.norm(x)
    return n, tape.gradient(n, x)


cases("einsum: matmul, diagonal, trace, outer, batch, sum")(
    lambda tf: (tf.einsum("ij,jk->ik", tf.constant(A), tf.constant(B)),
                tf.einsum("ii->i", tf.constant(A)), tf.einsum("ii", tf.constant(A)),
                tf.einsum("i,j->ij", tf.constant([1, 2]), tf.constant([3, 4, 5])),
                tf.einsum("bij,bjk->bik", tf.ones([2, 2, 3]), tf.ones([2, 3, 1])),
                tf.einsum("ij->", tf.constant(B))))
cases("einsum: the advanced guide's bxby->bxy, and an ellipsis")(
    lambda tf: (tf.einsum("bxby->bxy", tf.reshape(tf.range(24.0), [2, 3, 2, 2])),
                tf.einsum("...ij,...jk->...ik", tf.ones([2, 2, 3]), tf.ones([3, 4]))))
cases("einsum: implicit output")(lambda tf: tf.einsum("ij,jk", tf.constant(A), tf.constant(B)))


@cases("einsum gradients")
def _(tf):
    a, b = tf.Variable(A), tf.Variable(B)
    with tf.GradientTape() as tape:
        y = tf.einsum("ij,jk->ik", a, b) * tf.einsum("ii->i", a)[:, None]
    return tape.gradient(tf.reduce_sum(y ** 2), [a, b])


cases("tensordot: axes 1, 0, pairs")(
    lambda tf: (tf.tensordot(tf.constant(A), tf.constant(B), axes=1),
                tf.tensordot(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0, 5.0]), axes=0),
                tf.tensordot(tf.constant(B), tf.constant(A), axes=[[0], [1]]),
                tf.tensordot(tf.ones([2, 3, 4]), tf.ones([4, 3]), axes=[[1, 2], [1, 0]])))
cases("tensordot: mismatched dimensions", False)(
    lambda tf: tf.tensordot(tf.ones([2, 3]), tf.ones([4, 2]), axes=1))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol if rtol != 1e-6 else 1e-5)


cases2 = Cases()
cases2("inv of a vector")(lambda tf: tf.linalg.inv(tf.ones([3])))
cases2("solve: rhs of the wrong size")(lambda tf: tf.linalg.solve(tf.ones([2, 2]), tf.ones([3, 1])))
cases2("solve: rhs of another rank")(lambda tf: tf.linalg.solve(tf.ones([2, 2]), tf.ones([2])))
cases2("solve: non-square lhs")(lambda tf: tf.linalg.solve(tf.ones([2, 3]), tf.ones([2, 1])))


@pytest.mark.parametrize("fn, compare_message, rtol", cases2.params)
def test_same_errors_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
