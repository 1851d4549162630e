"""inv, solve, norm, einsum, tensordot against NumPy; their gradients are in test_gradients.py."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

R = np.random.default_rng(4)
A = R.normal(size=(3, 3)) + 3 * np.eye(3)
B = R.normal(size=(3, 2))


def test_inv_and_solve_match_numpy():
    np.testing.assert_allclose(tf.linalg.inv(tf.constant(A)).numpy(), np.linalg.inv(A))
    np.testing.assert_allclose(tf.linalg.inv(tf.constant(A), adjoint=True).numpy(),
                               np.linalg.inv(A).T)
    np.testing.assert_allclose(tf.linalg.solve(tf.constant(A), tf.constant(B)).numpy(),
                               np.linalg.solve(A, B))
    np.testing.assert_allclose(tf.linalg.solve(tf.constant(A), tf.constant(B), adjoint=True).numpy(),
                               np.linalg.solve(A.T, B))


def test_singular_and_malformed_matrices_give_tfs_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Input is not invertible. \[Op:MatrixInverse\]"):
        tf.linalg.inv(tf.constant([[1.0, 2.0], [2.0, 4.0]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix must be square"):
        tf.linalg.inv(tf.ones([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input matrix and rhs are incompatible"):
        tf.linalg.solve(tf.ones([2, 2]), tf.ones([3, 1]))


def test_norms():
    v = np.array([3.0, -4.0, 12.0])
    assert float(tf.norm(tf.constant(v))) == pytest.approx(13.0)
    assert float(tf.norm(tf.constant(v), ord=1)) == pytest.approx(19.0)
    assert float(tf.norm(tf.constant(v), ord=np.inf)) == pytest.approx(12.0)
    assert float(tf.norm(tf.constant(v), ord=3)) == pytest.approx(np.sum(np.abs(v) ** 3) ** (1 / 3))
    np.testing.assert_allclose(tf.norm(tf.constant(A), ord=1, axis=[0, 1]).numpy(),
                               np.linalg.norm(A, 1))
    np.testing.assert_allclose(tf.norm(tf.constant(A), ord=np.inf, axis=[0, 1]).numpy(),
                               np.linalg.norm(A, np.inf))
    np.testing.assert_allclose(tf.norm(tf.constant(A), ord=2, axis=[0, 1]).numpy(),
                               np.linalg.norm(A, 2), rtol=1e-6)


@pytest.mark.parametrize("equation, shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ii->i", [(3, 3)]), ("ii", [(3, 3)]), ("i,j->ij", [(2,), (3,)]),
    ("bxby->bxy", [(2, 3, 2, 4)]), ("...ij,...jk->...ik", [(5, 2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 2)])])
def test_einsum_matches_numpy(equation, shapes):
    arrays = [R.normal(size=s) for s in shapes]
    np.testing.assert_allclose(tf.einsum(equation, *arrays).numpy(), np.einsum(equation, *arrays))


@pytest.mark.parametrize("axes", [1, 0, [[1], [0]], [[0, 1], [1, 0]]])
def test_tensordot_matches_numpy(axes):
    a, b = R.normal(size=(3, 3)), R.normal(size=(3, 3))
    np.testing.assert_allclose(tf.tensordot(a, b, axes).numpy(), np.tensordot(a, b, axes))
