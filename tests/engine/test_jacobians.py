"""GradientTape.jacobian and batch_jacobian against hand-computed Jacobians (TF's rules)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


def test_jacobian_of_an_elementwise_square_is_diag_2x():
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    np.testing.assert_array_equal(tape.jacobian(y, x).numpy(), np.diag([2.0, 4.0, 6.0]))


def test_jacobian_of_a_matrix_product_has_shape_target_plus_source():
    """y = x @ w: dy[i, j] / dw[k, l] = x[i, k] * (j == l)."""
    x = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    w = tf.Variable(np.ones((2, 4)))
    with tf.GradientTape() as tape:
        y = tf.constant(x) @ w
    j = tape.jacobian(y, w).numpy()
    assert j.shape == (3, 4, 2, 4)
    np.testing.assert_array_equal(j, np.einsum("ik,jl->ijkl", x, np.eye(4)))


def test_hessian_from_nested_tapes():
    """f = sum(w^3) * v: the Hessian in w is diag(6 v w)."""
    w, v = tf.Variable([1.0, 2.0]), tf.constant(2.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            f = tf.reduce_sum(w * w * w) * v
        g = inner.gradient(f, w)
    np.testing.assert_allclose(outer.jacobian(g, w).numpy(), np.diag([12.0, 24.0]))


def test_unconnected_sources_give_none_or_zeros():
    x, z = tf.Variable([1.0, 2.0]), tf.Variable([[1.0, 2.0, 3.0]])
    with tf.GradientTape(persistent=True) as tape:
        y = x * 2.0
    assert tape.jacobian(y, [x, z])[1] is None
    zeros = tape.jacobian(y, z, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert zeros.shape == (2, 1, 3) and not np.any(zeros.numpy())


def test_batch_jacobian_is_the_per_example_block():
    x = tf.constant(np.arange(6.0).reshape(2, 3))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.stack([x[:, 0] * x[:, 1], tf.sin(x[:, 2])], axis=1)
    jb, j = tape.batch_jacobian(y, x).numpy(), tape.jacobian(y, x).numpy()
    assert jb.shape == (2, 2, 3)
    for b in range(2):
        np.testing.assert_allclose(jb[b], j[b, :, b, :])
        x0, x1, x2 = x.numpy()[b]
        np.testing.assert_allclose(jb[b], [[x1, x0, 0.0], [0.0, 0.0, np.cos(x2)]])


def test_batch_jacobian_needs_matching_first_dimensions():
    x = tf.ones([2, 3])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.ones([3, 1]) * tf.reduce_sum(x)
    with pytest.raises(ValueError, match="Need first dimension of target shape"):
        tape.batch_jacobian(y, x)


def test_a_non_persistent_tape_gives_one_jacobian_and_pfor_false_needs_persistence():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(RuntimeError, match="persistent=True to compute the jacobian"):
        tape.jacobian(y, x, experimental_use_pfor=False)
    tape.jacobian(y, x)
    with pytest.raises(RuntimeError, match="can only be used to compute one set"):
        tape.jacobian(y, x)
