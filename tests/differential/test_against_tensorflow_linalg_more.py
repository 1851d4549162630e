"""`tf.linalg` decompositions and matrix structure against TF 2.21 (rules: tf_compare.py).

Singular vectors, eigenvectors and QR factors are unique only up to sign, and
TF's LAPACK (Eigen) may pick other signs than NumPy's: the cases compare
sign-invariant things (s, |u|, u diag(s) v^T, q r, squares) and gradients of
sign-invariant losses. Float32 decompositions get an rtol of their own.
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]], np.float32)  # s.p.d.
W = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]], np.float32)                        # 2 x 3
T = np.array([[2.0, 0.0, 0.0], [1.0, 3.0, 0.0], [-1.0, 0.5, 1.5]], np.float32)      # lower
BATCH = np.stack([A, A @ A, np.eye(3, dtype=np.float32) * 2.0 + 0.1])


def rebuilt(tf, s, u, v):
    return tf.matmul(u * s[..., None, :], v, transpose_b=True)


# -- svd -------------------------------------------------------------------------------------------
@cases("svd: s, |u|, |v| and u diag(s) v^T of a 2x3", rtol=1e-4)
def _(tf):
    s, u, v = tf.linalg.svd(tf.constant(W))
    return s, tf.abs(u), tf.abs(v), rebuilt(tf, s, u, v)


@cases("svd of a tall matrix, float64", rtol=1e-10)
def _(tf):
    s, u, v = tf.linalg.svd(tf.constant(W.T, tf.float64))
    return s, tf.abs(u), rebuilt(tf, s, u, v), u.dtype


@cases("svd: a batch of 3x3, shapes and reconstruction", rtol=1e-4)
def _(tf):
    s, u, v = tf.linalg.svd(tf.constant(BATCH))
    return s, u.shape, v.shape, rebuilt(tf, s, u, v)


cases("svd: full_matrices shapes")(lambda tf: [t.shape for t in tf.linalg.svd(
    tf.constant(W), full_matrices=True)])
cases("svd: compute_uv=False", rtol=1e-5)(lambda tf: tf.linalg.svd(tf.constant(W),
                                                                    compute_uv=False))
cases("svd of a vector")(lambda tf: tf.linalg.svd(tf.ones([3])))
cases("svd of an int matrix", False)(lambda tf: tf.linalg.svd(tf.ones([2, 2], tf.int32)))


@cases("svd gradients: s and |u diag(s) v^T|", rtol=1e-4)
def _(tf):
    a = tf.Variable(W)
    with tf.GradientTape() as tape:
        s, u, v = tf.linalg.svd(a)
        loss = tf.reduce_sum(s ** 2) + tf.reduce_sum(tf.abs(rebuilt(tf, s, u, v)) * W) + \
            tf.reduce_sum(u ** 4) + tf.reduce_sum(v[:, 0] ** 2 * [1.0, 2.0, 3.0])
    return tape.gradient(loss, a)


@cases("svd gradient with compute_uv=False, and full_matrices on a 2x3", rtol=1e-4)
def _(tf):
    a = tf.Variable(W)
    with tf.GradientTape(persistent=True) as tape:
        s = tf.linalg.svd(a, compute_uv=False)
        s_full = tf.linalg.svd(a, full_matrices=True)[0]
    return tape.gradient(s[0] * 3.0 + s[1], a), tape.gradient(tf.reduce_sum(s_full), a)


@cases("svd gradient refused: full_matrices with |M - N| > 1", False)
def _(tf):
    a = tf.Variable(tf.ones([2, 4]))
    with tf.GradientTape() as tape:
        s = tf.linalg.svd(a, full_matrices=True)[0]
    return tape.gradient(s, a)


@cases("svd inside tf.function (the matrix approximation guide's rank-r step)", rtol=1e-4)
def _(tf):
    @tf.function
    def rank_1(a):
        s, u, v = tf.linalg.svd(a)
        return tf.einsum("s,us,vs->uv", s[:1], u[:, :1], v[:, :1]), s

    return rank_1(tf.constant(W))


cases("norm with ord=2 of matrices: the largest singular value", rtol=1e-5)(
    lambda tf: (tf.norm(tf.constant(W), ord=2, axis=[0, 1]),
                tf.norm(tf.constant(BATCH), ord=2, axis=[-2, -1], keepdims=True),
                tf.norm(tf.constant(BATCH), ord=2, axis=[2, 0])))


# -- eigh ------------------------------------------------------------------------------------------
@cases("eigh: values, |vectors|, reconstruction", rtol=1e-4)
def _(tf):
    e, v = tf.linalg.eigh(tf.constant(A))
    return e, tf.abs(v), tf.matmul(v * e, v, transpose_b=True)


cases("eigvalsh of a batch, float64", rtol=1e-10)(
    lambda tf: tf.linalg.eigvalsh(tf.constant(BATCH, tf.float64)))
cases("eigh reads the lower triangle only", rtol=1e-4)(
    lambda tf: tf.linalg.eigvalsh(tf.constant([[2.0, 100.0], [1.0, 2.0]])))
cases("eigh of a non-square matrix")(lambda tf: tf.linalg.eigh(tf.constant(W)))


@cases("eigh gradients (lower-triangle gradient, as TF's)", rtol=1e-4)
def _(tf):
    a = tf.Variable(A)
    with tf.GradientTape() as tape:
        e, v = tf.linalg.eigh(a)
        loss = tf.reduce_sum(e * [1.0, 2.0, 3.0]) + tf.reduce_sum(v ** 2 * A)
    return tape.gradient(loss, a)


# -- determinants, cholesky, logdet -------------------------------------------------------------------
cases("det, slogdet, logdet", rtol=1e-5)(
    lambda tf: (tf.linalg.det(tf.constant(A)), tuple(tf.linalg.slogdet(tf.constant(-A))),
                tf.linalg.logdet(tf.constant(A)), tf.linalg.det(tf.constant(BATCH, tf.float64))))
cases("slogdet of a singular matrix")(lambda tf: tuple(tf.linalg.slogdet(tf.ones([2, 2]))))
cases("slogdet and qr return named tuples")(
    lambda tf: [(type(r).__name__, r._fields) for r in (tf.linalg.slogdet(tf.constant(A)),
                                                        tf.linalg.qr(tf.constant(A)))])
cases("det of a non-square matrix")(lambda tf: tf.linalg.det(tf.constant(W)))
cases("det of a vector")(lambda tf: tf.linalg.det(tf.ones([3])))
cases("det of an int matrix", False)(lambda tf: tf.linalg.det(tf.ones([2, 2], tf.int32)))
cases("cholesky of a batch", rtol=1e-5)(lambda tf: tf.linalg.cholesky(tf.constant(BATCH)))
cases("cholesky of a matrix that is not positive definite: NaNs")(
    lambda tf: tf.linalg.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]])))
cases("cholesky of a non-square matrix")(lambda tf: tf.linalg.cholesky(tf.constant(W)))


@cases("gradients of det, slogdet, cholesky, logdet", rtol=1e-4)
def _(tf):
    a = tf.Variable(A)
    with tf.GradientTape(persistent=True) as tape:
        d = tf.linalg.det(a)
        _, log_abs = tf.linalg.slogdet(a)
        chol = tf.reduce_sum(tf.linalg.cholesky(a) * [[1.0, 2.0, 3.0]])
        logdet = tf.linalg.logdet(a)
    return [tape.gradient(y, a) for y in (d, log_abs, chol, logdet)]


# -- qr ------------------------------------------------------------------------------------------------
@cases("qr: shapes, |r|, q r, for tall, wide and full_matrices", rtol=1e-4)
def _(tf):
    out = []
    for x, full in ((W.T, False), (W, False), (W.T, True), (W, True)):
        q, r = tf.linalg.qr(tf.constant(x), full_matrices=full)
        out.append((q.shape, r.shape, tf.abs(r), tf.matmul(q, r)))
    return out


@cases("qr gradients: tall, square and wide", rtol=1e-4)
def _(tf):
    grads = []
    for x in (W.T, A, W):
        a = tf.Variable(x)
        with tf.GradientTape() as tape:
            q, r = tf.linalg.qr(a)
            loss = tf.reduce_sum(r ** 2 * r ** 2) + tf.reduce_sum(q ** 4)
        grads.append(tape.gradient(loss, a))
    return grads


@cases("qr gradient refused: tall with full_matrices")
def _(tf):
    a = tf.Variable(W.T)
    with tf.GradientTape() as tape:
        q, r = tf.linalg.qr(a, full_matrices=True)
    return tape.gradient(r, a)


cases("qr of a vector")(lambda tf: tf.linalg.qr(tf.ones([3])))


# -- triangular_solve, cholesky_solve, lstsq ----------------------------------------------------------------
cases("triangular_solve: lower, upper, adjoint, broadcast batch", rtol=1e-5)(
    lambda tf: (tf.linalg.triangular_solve(tf.constant(T), tf.constant(W.T)),
                tf.linalg.triangular_solve(tf.constant(T.T), tf.constant(W.T), lower=False),
                tf.linalg.triangular_solve(tf.constant(T), tf.constant(W.T), adjoint=True),
                tf.linalg.triangular_solve(tf.constant(np.stack([T, 2 * T])), tf.constant(W.T))))
cases("triangular_solve: a zero on the diagonal gives inf and NaN")(
    lambda tf: tf.linalg.triangular_solve(tf.zeros([2, 2]), tf.ones([2, 1])))
cases("triangular_solve: mismatched shapes")(
    lambda tf: tf.linalg.triangular_solve(tf.eye(2), tf.ones([3, 1]), adjoint=True))
cases("triangular_solve: non-square matrix")(
    lambda tf: tf.linalg.triangular_solve(tf.constant(W), tf.ones([2, 1])))
cases("triangular_solve: a vector rhs")(
    lambda tf: tf.linalg.triangular_solve(tf.eye(2), tf.ones([2])))
cases("cholesky_solve", rtol=1e-5)(lambda tf: tf.linalg.cholesky_solve(
    tf.linalg.cholesky(tf.constant(A)), tf.constant(W.T)))
cases("lstsq: tall, wide, l2_regularizer, float64", rtol=1e-4)(
    lambda tf: (tf.linalg.lstsq(tf.constant(W.T), tf.constant(A[:, :2])),
                tf.linalg.lstsq(tf.constant(W), tf.constant([[1.0], [2.0]]), l2_regularizer=0.1),
                tf.linalg.lstsq(tf.constant(W.T, tf.float64), tf.ones([3, 1], tf.float64),
                                l2_regularizer=0.5)))
cases("lstsq: rhs with the wrong number of rows")(
    lambda tf: tf.linalg.lstsq(tf.constant(W), tf.ones([3, 1])))


@cases("gradients of triangular_solve and lstsq", rtol=1e-4)
def _(tf):
    a, b, m = tf.Variable(T), tf.Variable(W.T), tf.Variable(W.T)
    with tf.GradientTape(persistent=True) as tape:
        x = tf.linalg.triangular_solve(a, b, adjoint=True)
        y = tf.linalg.lstsq(m, b[:, :1], l2_regularizer=0.01)
    return tape.gradient(tf.reduce_sum(x ** 2), [a, b]), tape.gradient(tf.reduce_sum(y ** 2),
                                                                        [m, b])


# -- diagonals, bands, trace, transposes, cross, l2_normalize ------------------------------------------------
cases("diag, diag_part, set_diag, with k")(
    lambda tf: (tf.linalg.diag([1.0, 2.0]), tf.linalg.diag([[1, 2], [3, 4]], k=-1),
                tf.linalg.diag_part(tf.constant(W)), tf.linalg.diag_part(tf.constant(W), k=1),
                tf.linalg.set_diag(tf.zeros([2, 3, 3]), [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
                tf.linalg.set_diag(tf.constant(W), [9.0, 8.0], k=-0)))
cases("diag of a scalar")(lambda tf: tf.linalg.diag(tf.constant(1.0)))
cases("diag_part of a vector")(lambda tf: tf.linalg.diag_part(tf.ones([3])))
cases("band_part: lower, upper, diagonal, band; ints")(
    lambda tf: (tf.linalg.band_part(tf.constant(A), -1, 0), tf.linalg.band_part(tf.constant(A), 0, -1),
                tf.linalg.band_part(tf.constant(W), 0, 0), tf.linalg.band_part(tf.constant(W), 1, 1),
                tf.linalg.band_part(tf.ones([2, 3, 3], tf.int32), 1, 0)))
cases("band_part of a vector")(lambda tf: tf.linalg.band_part(tf.ones([3]), 0, 0))
cases("trace, matrix_transpose, adjoint, matvec")(
    lambda tf: (tf.linalg.trace(tf.constant(W)), tf.linalg.trace(tf.ones([2, 3, 3], tf.int32)),
                tf.linalg.matrix_transpose(tf.ones([4, 2, 3])), tf.linalg.adjoint(tf.constant(W)),
                tf.linalg.matvec(tf.constant(W), [1.0, 0.5, -1.0])))
cases("cross, and of 2-vectors")(
    lambda tf: (tf.linalg.cross([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
                tf.linalg.cross(tf.constant(W.T), tf.constant(W.T[::-1]))))
cases("cross of 2-vectors")(lambda tf: tf.linalg.cross(tf.ones([2]), tf.ones([2])))
cases("l2_normalize in tf.math, tf.nn, tf.linalg")(
    lambda tf: (tf.math.l2_normalize(tf.constant(W), axis=1), tf.nn.l2_normalize(tf.constant(W)),
                tf.linalg.l2_normalize(tf.zeros([3])), tf.math.l2_normalize(tf.constant(W), axis=[0, 1])))


@cases("gradients of diag, diag_part, set_diag, band_part, trace, cross, l2_normalize", rtol=1e-5)
def _(tf):
    x, d = tf.Variable(W), tf.Variable([1.0, -2.0])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.linalg.diag(d, k=1) ** 2 * 3.0) + \
            tf.reduce_sum(tf.linalg.diag_part(x) * [2.0, 5.0]) + \
            tf.reduce_sum(tf.linalg.set_diag(x, d) ** 2) + \
            tf.reduce_sum(tf.linalg.band_part(x, 0, 1) ** 3) + tf.linalg.trace(x[:, :2] ** 2) + \
            tf.reduce_sum(tf.linalg.cross(x, x[::-1] ** 2)) + \
            tf.reduce_sum(tf.math.l2_normalize(x, axis=1) * W)
    return tape.gradient(loss, [x, d])


@cases("decompositions inside tf.function: shapes known, values", rtol=1e-4)
def _(tf):
    @tf.function(input_signature=[tf.TensorSpec([None, 3])])
    def f(a):
        gram = tf.matmul(a, a, transpose_a=True) + tf.eye(3)
        s = tf.linalg.svd(a, compute_uv=False)
        q, r = tf.linalg.qr(a)
        chol = tf.linalg.cholesky(gram)
        e = tf.linalg.eigvalsh(gram)
        return s, tf.abs(r), chol, e, tf.linalg.det(gram), tf.linalg.slogdet(gram)[1]

    shapes = [t.shape for t in f.get_concrete_function().outputs]
    return shapes, f(tf.constant(W.T))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
