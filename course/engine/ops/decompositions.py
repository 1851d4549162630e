"""Matrix decompositions and what is built on them: `svd`, `qr`, `cholesky`, `eigh`,
`det`, `slogdet`, `triangular_solve`, and the composites `logdet`, `cholesky_solve`, `lstsq`.

NumPy's LAPACK computes each decomposition; as in TF, every input is a batch
`[..., M, N]` of matrices. Each gradient is written with engine ops (matmul,
transposes, band_part, triangular_solve, the decompositions themselves), so
it can be differentiated again.

Singular vectors and eigenvectors are unique only up to sign (and QR's rows
of R up to sign): another LAPACK may flip them. The gradients are correct for
whichever signs came out, as long as the loss does not depend on the sign.

Several of these ops have several outputs (Svd: s, u, v). A gradient function
then receives one upstream gradient per output, None for an output the loss
does not use.
"""
from __future__ import annotations

import collections

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor
from . import register
from . import array_ops as _array
from . import math_ops as _m
from . import reduce_ops as _reduce
from . import unary_ops as _unary
from .creation_ops import eye
from .linalg_ops import _check_square, _dims, _tensor, inv
from .matrix_ops import band_part, diag, diag_part, matrix_transpose, set_diag

_REAL = (dtypes.float32, dtypes.float64)  # (TF also has half and complex kernels)

# TF returns these two as named tuples (its generated op wrappers' result types)
Qr = collections.namedtuple("Qr", ["q", "r"])
LogMatrixDeterminant = collections.namedtuple("LogMatrixDeterminant",
                                              ["sign", "log_abs_determinant"])


def _check_rank(op_name: str, a: np.ndarray) -> None:
    if a.ndim < 2:
        raise invalid_argument(op_name, f"Input tensor 0 must have rank >= 2, got {a.ndim}")


def _square(op_name: str, a: np.ndarray) -> None:
    _check_square(op_name, a, "Input matrix must be square.")


def _without_diagonal(d: Tensor) -> Tensor:
    """F[i, j] = 1 / (d[j] - d[i]) off the diagonal, 0 on it (d: [..., n]).

    The identity added below the fraction keeps the diagonal from dividing by
    zero; subtracting it again leaves 0 there.
    """
    n = d._value.shape[-1]
    identity = eye(n, dtype=d.dtype)
    gaps = _m.subtract(_array.expand_dims(d, -2), _array.expand_dims(d, -1))  # [i, j] = d_j - d_i
    return _m.subtract(_unary.reciprocal(_m.add(gaps, identity)), identity)


def _t(x: Tensor) -> Tensor:
    return matrix_transpose(x)


# -- svd ---------------------------------------------------------------------------------------------
def _svd(a, full_matrices=False, compute_uv=True):
    _check_rank("Svd", a)
    if not compute_uv:
        empty = np.zeros((0,), a.dtype)  # (TF's op always has three outputs)
        return np.linalg.svd(a, compute_uv=False), empty, empty
    u, s, vh = np.linalg.svd(a, full_matrices=full_matrices)
    return s, u, np.swapaxes(vh, -1, -2)  # TF's order (s, u, v), with v = vh^T


def _svd_grad(op, grads):
    """Townsend, "Differentiating the Singular Value Decomposition" (2016), for A = U S V^T:

    dA = U [(F o (U^T dU - dU^T U)) S + diag(ds) + S (F o (V^T dV - dV^T V))] V^T
         + (I - U U^T) dU S^-1 V^T + U S^-1 dV^T (I - V V^T),
    F[i, j] = 1 / (s_j^2 - s_i^2) off the diagonal (o: elementwise product). The last
    two terms are the columns outside the thin U's and V's span (M != N).
    """
    a = op.inputs[0]
    ds, du, dv = grads
    if not op.attrs["compute_uv"]:
        # s alone: ds_i = u_i^T dA v_i, so dA = U diag(ds) V^T (TF computes U, V again too)
        _, u, v = svd(a)
        return (_m.matmul(_m.multiply(u, _array.expand_dims(ds, -2)), v, transpose_b=True),)
    s, u, v = op.output
    m, n = a._value.shape[-2:]
    if op.attrs["full_matrices"]:
        if m is None or n is None or abs(m - n) > 1:
            raise NotImplementedError(
                "svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True. "
                f"Received: m={m} and n={n} from op input={a} with shape={a.shape}.")
        k = min(m, n)  # the extra columns are not unique: only the thin part counts
        u, v = u[..., :, :k], v[..., :, :k]
        du = None if du is None else du[..., :, :k]
        dv = None if dv is None else dv[..., :, :k]
    s_col, s_row = _array.expand_dims(s, -1), _array.expand_dims(s, -2)
    inner = diag(ds) if ds is not None else _array.zeros_like(_m.matmul(u, u, transpose_a=True))
    f = _without_diagonal(_unary.square(s))
    result = None
    if du is not None:
        utdu = _m.matmul(u, du, transpose_a=True)
        inner = _m.add(inner, _m.multiply(_m.multiply(f, _m.subtract(utdu, _t(utdu))), s_row))
        if m is None or m > s._value.shape[-1]:  # dU's part outside U's columns
            outside = _m.subtract(du, _m.matmul(u, utdu))
            result = _m.matmul(_m.divide_no_cast(outside, s_row), v, transpose_b=True)
    if dv is not None:
        vtdv = _m.matmul(v, dv, transpose_a=True)
        inner = _m.add(inner, _m.multiply(s_col, _m.multiply(f, _m.subtract(vtdv, _t(vtdv)))))
        if n is None or n > s._value.shape[-1]:  # dV's part outside V's columns
            outside = _m.subtract(dv, _m.matmul(v, vtdv))
            term = _m.matmul(_m.divide_no_cast(u, s_row), outside, transpose_b=True)
            result = term if result is None else _m.add(result, term)
    main = _m.matmul(u, _m.matmul(inner, v, transpose_b=True))
    return (main if result is None else _m.add(main, result),)


SVD = register(Op("Svd", _svd, _svd_grad, dtypes=_REAL, outputs=3))


def svd(tensor, full_matrices: bool = False, compute_uv: bool = True, name=None):
    """The singular value decomposition `tensor = u @ diag(s) @ transpose(v)`.

    Mirrors `tf.linalg.svd`: returns `(s, u, v)` (TF's order; NumPy's is u, s,
    vh), or just `s` with `compute_uv=False`. `s` is in decreasing order. For
    `[..., M, N]` with K = min(M, N): s is `[..., K]`, u `[..., M, K]`, v
    `[..., N, K]` (`[..., M, M]` and `[..., N, N]` with `full_matrices=True`).
    The singular vectors' signs are not unique.

    >>> s, u, v = tf.linalg.svd(tf.constant([[3.0, 0.0], [0.0, -2.0]]))
    >>> s
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([3., 2.], dtype=float32)>
    """
    attrs = {"full_matrices": bool(full_matrices), "compute_uv": bool(compute_uv)}
    s, u, v = execute(SVD, (_tensor(tensor),), attrs)
    return (s, u, v) if compute_uv else s


# -- eigh ----------------------------------------------------------------------------------------------
def _eigh(a, compute_v=True):
    _square("SelfAdjointEigV2", a)
    # (only the lower triangle is read, as TF's kernel does: NumPy's default UPLO="L")
    if not compute_v:
        return np.linalg.eigvalsh(a), np.zeros((0,), a.dtype)
    return tuple(np.linalg.eigh(a))


def _eigh_grad(op, grads):
    # A = V diag(e) V^T: de_i = v_i^T dA v_i, dv_j = sum_{i != j} v_i (v_i^T dA v_j) / (e_j - e_i),
    # so the gradient is G = V (diag(de) + F o (V^T dV)) V^T with F[i, j] = 1 / (e_j - e_i).
    de, dv = grads
    if op.attrs["compute_v"]:
        e, v = op.output
    else:
        e, v = eigh(op.inputs[0])
    inner = diag(de) if de is not None else _array.zeros_like(_m.matmul(v, v, transpose_a=True))
    if dv is not None and op.attrs["compute_v"]:
        inner = _m.add(inner, _m.multiply(_without_diagonal(e),
                                          _m.matmul(v, dv, transpose_a=True)))
    g = _m.matmul(v, _m.matmul(inner, v, transpose_b=True))
    # Only the lower triangle was read: an entry below the diagonal stands for both A[i, j]
    # and A[j, i], so it gets both gradients; a diagonal entry only its own.
    lower = band_part(_m.add(g, _t(g)), -1, 0)
    return (set_diag(lower, diag_part(g)),)


EIGH = register(Op("SelfAdjointEigV2", _eigh, _eigh_grad, dtypes=_REAL, outputs=2))


def eigh(tensor, name=None):
    """Eigenvalues (increasing) and eigenvectors (columns) of symmetric matrices.

    Mirrors `tf.linalg.eigh`: `tensor = v @ diag(e) @ transpose(v)`; only the
    lower triangle is read. The eigenvectors' signs are not unique.

    >>> e, v = tf.linalg.eigh(tf.constant([[2.0, 1.0], [1.0, 2.0]]))
    >>> e
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 3.], dtype=float32)>
    """
    return execute(EIGH, (_tensor(tensor),), {"compute_v": True}, name=name)


def eigvalsh(tensor, name=None) -> Tensor:
    """The eigenvalues of symmetric matrices, increasing. Mirrors `tf.linalg.eigvalsh`.

    >>> tf.linalg.eigvalsh(tf.constant([[2.0, 0.0], [0.0, 1.0]]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>
    """
    return execute(EIGH, (_tensor(tensor),), {"compute_v": False})[0]


# -- determinants ----------------------------------------------------------------------------------
def _det(a):
    _check_rank("MatrixDeterminant", a)
    _square("MatrixDeterminant", a)
    return np.linalg.det(a).astype(a.dtype, copy=False)


def _inverse_transpose_times(a: Tensor, factor: Tensor) -> Tensor:
    return _m.multiply(_array.expand_dims(_array.expand_dims(factor, -1), -1),
                       inv(a, adjoint=True))


# Jacobi's formula: d det(A) = det(A) tr(A^-1 dA), so the gradient is dy det(A) A^-T.
DET = register(Op("MatrixDeterminant", _det, lambda op, dy: (
    _inverse_transpose_times(op.inputs[0], _m.multiply(dy, op.output)),), dtypes=_REAL))


def det(input, name=None) -> Tensor:  # noqa: A002 - TF's name
    """The determinant of square matrices. Mirrors `tf.linalg.det`.

    >>> tf.linalg.det(tf.constant([[2.0, 1.0], [1.0, 3.0]]))
    <tf.Tensor: shape=(), dtype=float32, numpy=5.0>
    """
    return execute(DET, (_tensor(input),), name=name)


def _slogdet(a):
    _check_rank("LogMatrixDeterminant", a)
    _square("LogMatrixDeterminant", a)
    sign, log_abs = np.linalg.slogdet(a)
    return sign.astype(a.dtype, copy=False), log_abs.astype(a.dtype, copy=False)


# d log|det A| = tr(A^-1 dA): the gradient of log|det| is A^-T (the sign is piecewise constant).
SLOGDET = register(Op("LogMatrixDeterminant", _slogdet, lambda op, grads: (
    None if grads[1] is None else _inverse_transpose_times(op.inputs[0], grads[1]),),
    dtypes=_REAL, outputs=2))


def slogdet(input, name=None):  # noqa: A002 - TF's name
    """`(sign, log(|det|))` of square matrices: no overflow for big ones. Mirrors `tf.linalg.slogdet`.

    >>> sign, log_abs_det = tf.linalg.slogdet(tf.constant([[-2.0, 0.0], [0.0, 1.0]]))
    >>> sign
    <tf.Tensor: shape=(), dtype=float32, numpy=-1.0>
    """
    return LogMatrixDeterminant(*execute(SLOGDET, (_tensor(input),)))


# -- cholesky ------------------------------------------------------------------------------------------
def _cholesky(a):
    _check_rank("Cholesky", a)
    _square("Cholesky", a)
    try:
        return np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        # TF does not raise: a matrix that is not positive definite gets NaN in its lower
        # triangle (each matrix of a batch on its own)
        flat = a.reshape((-1,) + a.shape[-2:])
        out = np.empty_like(flat)
        nans = np.tril(np.full(a.shape[-2:], np.nan, a.dtype))
        for i, m in enumerate(flat):
            try:
                out[i] = np.linalg.cholesky(m)
            except np.linalg.LinAlgError:
                out[i] = nans
        return out.reshape(a.shape)


def _cholesky_grad(op, dl):
    # Murray, "Differentiation of the Cholesky decomposition" (2016): with P(X) the lower
    # triangle of X with its diagonal halved, S = L^-T P(L^T dL) L^-1, and the gradient for
    # a symmetric A is (S + S^T) / 2 (TF's choice; the kernel reads the lower triangle).
    l = op.output
    middle = _m.matmul(l, dl, transpose_a=True)
    middle = band_part(set_diag(middle, _m.multiply(diag_part(middle), 0.5)), -1, 0)
    left = triangular_solve(l, middle, adjoint=True)                # L^-T P
    s = _t(triangular_solve(l, _t(left), adjoint=True))             # (L^-T (L^-T P)^T)^T
    return (_m.multiply(_m.add(s, _t(s)), 0.5),)


CHOLESKY = register(Op("Cholesky", _cholesky, _cholesky_grad, dtypes=_REAL))


def cholesky(input, name=None) -> Tensor:  # noqa: A002 - TF's name
    """The lower-triangular L with `input = L @ transpose(L)` (symmetric positive definite).

    Mirrors `tf.linalg.cholesky`: only the lower triangle is read; a matrix that
    is not positive definite gives NaNs (TF raises no error).

    >>> tf.linalg.cholesky(tf.constant([[4.0, 2.0], [2.0, 2.0]]))
    <tf.Tensor: shape=(2, 2), dtype=float32, numpy=array([[2., 0.], [1., 1.]], dtype=float32)>
    """
    return execute(CHOLESKY, (_tensor(input),), name=name)


# -- triangular_solve ----------------------------------------------------------------------------------------
def _triangular_solve(a, b, lower=True, adjoint=False):
    for i, x in enumerate((a, b)):
        if x.ndim < 2:
            raise invalid_argument("MatrixTriangularSolve", f"In[{i}] ndims must be >= 2: {x.ndim}")
    if a.shape[-1] != a.shape[-2]:
        raise invalid_argument("MatrixTriangularSolve", "In[0] matrices in the last dimensions "
                                                        f"must be square ({a.shape[-1]} =/= {a.shape[-2]})")
    if a.shape[-1] != b.shape[-2]:
        raise invalid_argument("MatrixTriangularSolve", f"In[0] mismatch In[1] shape: {a.shape[-1]} "
                                                        f"vs. {b.shape[-2]}: {_dims(a.shape)} "
                                                        f"{_dims(b.shape)} {int(lower)} {int(adjoint)}")
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])  # (batches broadcast, as in matmul)
    a, b = np.broadcast_to(a, batch + a.shape[-2:]), np.broadcast_to(b, batch + b.shape[-2:])
    if adjoint:  # A^T of a lower triangle is an upper one
        a, lower = np.swapaxes(a, -1, -2), not lower
    n = a.shape[-1]
    x = np.zeros(b.shape, a.dtype)
    # Substitution, one row at a time: row i needs the rows solved before it. (A zero on the
    # diagonal gives inf and NaN, as TF's kernel does; nothing raises.)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(n) if lower else reversed(range(n)):
            done = slice(0, i) if lower else slice(i + 1, n)
            known = np.matmul(a[..., i:i + 1, done], x[..., done, :])[..., 0, :]
            x[..., i, :] = (b[..., i, :] - known) / a[..., i, i, None]
    return x


def _triangular_solve_grad(op, dx):
    # As MatrixSolve's (X = A^-1 B: dB = A^-T dX, dA = -dB X^T), then only A's triangle counts.
    a, b = op.inputs
    x, lower, adjoint = op.output, op.attrs["lower"], op.attrs["adjoint"]
    db = triangular_solve(a, dx, lower=lower, adjoint=not adjoint)
    da = _m.negative(_m.matmul(x, db, transpose_b=True) if adjoint else
                     _m.matmul(db, x, transpose_b=True))
    da = band_part(da, -1, 0) if lower else band_part(da, 0, -1)
    return _m._unbroadcast_batch(da, a), _m._unbroadcast_batch(db, b)


TRIANGULAR_SOLVE = register(Op("MatrixTriangularSolve", _triangular_solve, _triangular_solve_grad,
                               dtypes=_REAL))


def triangular_solve(matrix, rhs, lower: bool = True, adjoint: bool = False, name=None) -> Tensor:
    """The X with `matrix @ X = rhs`, for triangular matrices. Mirrors `tf.linalg.triangular_solve`.

    Only the lower (or, with `lower=False`, the upper) triangle of `matrix` is
    read. Batch dimensions broadcast.

    >>> tf.linalg.triangular_solve(tf.constant([[2.0, 0.0], [1.0, 1.0]]), tf.constant([[2.0], [3.0]]))
    <tf.Tensor: shape=(2, 1), dtype=float32, numpy=array([[1.], [2.]], dtype=float32)>
    """
    a = _tensor(matrix)
    return execute(TRIANGULAR_SOLVE, (a, _tensor(rhs, a.dtype)),
                   {"lower": bool(lower), "adjoint": bool(adjoint)}, name=name)


# -- qr ---------------------------------------------------------------------------------------------------
def _qr(a, full_matrices=False):
    _check_rank("Qr", a)
    return tuple(np.linalg.qr(a, mode="complete" if full_matrices else "reduced"))


def _qr_grad_tall(q, r, dq, dr):
    """A = QR with M >= N (Q: [M, N], R: [N, N]): Liao et al., "Differentiable programming
    tensor networks" (2019): with M = R dR^T - dQ^T Q, dA = (dQ + Q copyltu(M)) R^-T, where
    copyltu(M) is symmetric with M's lower triangle."""
    m = _m.subtract(_m.matmul(r, dr, transpose_b=True), _m.matmul(dq, q, transpose_a=True))
    low = band_part(m, -1, 0)
    copyltu = _m.subtract(_m.add(low, _t(low)), diag(diag_part(m)))
    b = _m.add(dq, _m.matmul(q, copyltu))
    return _t(triangular_solve(r, _t(b), lower=False))  # B R^-T = (R^-1 B^T)^T


def _qr_grad(op, grads):
    a = op.inputs[0]
    q, r = op.output
    dq, dr = grads
    dq = _array.zeros_like(q) if dq is None else dq
    dr = _array.zeros_like(r) if dr is None else dr
    m, n = a._value.shape[-2:]
    if m is None or n is None:
        raise NotImplementedError("QrGrad not implemented with dynamic shapes. Received r.shape="
                                  f"{r.shape}")
    if m > n and op.attrs["full_matrices"]:
        raise NotImplementedError("QrGrad not implemented when nrows > ncols and full_matrices is "
                                  f"true. Received r.shape={r.shape} with nrows={m}and ncols={n}.")
    if m >= n:
        return (_qr_grad_tall(q, r, dq, dr),)
    # Wide: A = [X | Y] with X square, so X = Q R[:, :m] and Y = Q R[:, m:]. Y only enters
    # through R's last columns (dY = Q dR2); Q gets a second gradient through them.
    y = a[..., :, m:]
    dq = _m.add(dq, _m.matmul(y, dr[..., :, m:], transpose_b=True))
    dx = _qr_grad_tall(q, r[..., :, :m], dq, dr[..., :, :m])
    dy = _m.matmul(q, dr[..., :, m:])
    return (_array.concat([dx, dy], axis=-1),)


QR = register(Op("Qr", _qr, _qr_grad, dtypes=_REAL, outputs=2))


def qr(input, full_matrices: bool = False, name=None):  # noqa: A002 - TF's name
    """`(q, r)` with `input = q @ r`, q's columns orthonormal and r upper triangular.

    Mirrors `tf.linalg.qr`. For `[..., M, N]` with K = min(M, N): q is
    `[..., M, K]` and r `[..., K, N]` (`[..., M, M]` and `[..., M, N]` with
    `full_matrices=True`). Signs of q's columns (r's rows) are not unique.

    >>> q, r = tf.linalg.qr(tf.constant([[3.0, 1.0], [4.0, 2.0]]))
    >>> tf.abs(r)
    <tf.Tensor: shape=(2, 2), dtype=float32, numpy=array([[5. , 2.2], [0. , 0.4]], dtype=float32)>
    """
    return Qr(*execute(QR, (_tensor(input),), {"full_matrices": bool(full_matrices)}))


# -- composites (as TF builds them) ---------------------------------------------------------------------
def logdet(matrix, name=None) -> Tensor:
    """log(det) of symmetric positive definite matrices, via Cholesky. Mirrors `tf.linalg.logdet`.

    det(L L^T) = prod(diag(L))^2, so log det = 2 sum(log(diag(L))): no overflow.

    >>> tf.linalg.logdet(tf.constant([[2.0, 0.0], [0.0, 3.0]]))
    <tf.Tensor: shape=(), dtype=float32, numpy=1.7917595>
    """
    chol = cholesky(matrix)
    return _m.multiply(_reduce.reduce_sum(_unary.log(diag_part(chol)), axis=-1), 2.0)


def cholesky_solve(chol, rhs, name=None) -> Tensor:
    """The X with `A @ X = rhs`, given `chol = cholesky(A)`. Mirrors `tf.linalg.cholesky_solve`.

    A = L L^T, so two triangular solves: L Z = rhs, then L^T X = Z.
    """
    return triangular_solve(chol, triangular_solve(chol, rhs), adjoint=True)


def lstsq(matrix, rhs, l2_regularizer=0.0, fast: bool = True, name=None) -> Tensor:
    """The X minimising `||matrix @ X - rhs||^2 + l2_regularizer * ||X||^2`. Mirrors `tf.linalg.lstsq`.

    TF's fast path, built from ops the same way: the normal equations
    (A^T A + l2 I) X = A^T B, solved with a Cholesky factor, for M >= N; for
    M < N the minimum-norm X = A^T (A A^T + l2 I)^-1 B. (Accurate only for
    well-conditioned A: the condition number is squared.)

    >>> tf.linalg.lstsq(tf.constant([[1.0], [1.0]]), tf.constant([[1.0], [3.0]]))
    <tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[2.]], dtype=float32)>
    """
    if not fast:
        raise NotImplementedError("tf.linalg.lstsq(fast=False) (a complete orthogonal "
                                  "decomposition) is not part of this engine; use fast=True")
    a = _tensor(matrix)
    b = _tensor(rhs, a.dtype)
    m, n = a.shape[-2], a.shape[-1]
    if m is None or n is None:
        raise NotImplementedError("tf.linalg.lstsq needs the matrix's last two dimensions "
                                  "known (this engine's limit)")
    tall = m >= n
    gram = _m.matmul(a, a, transpose_a=tall, transpose_b=not tall)
    if isinstance(l2_regularizer, Tensor) or l2_regularizer != 0:
        strength = _array.cast(_tensor(l2_regularizer), a.dtype)
        gram = _m.add(gram, _m.multiply(strength, eye(n if tall else m, dtype=a.dtype)))
    chol = cholesky(gram)
    if tall:
        return cholesky_solve(chol, _m.matmul(a, b, transpose_a=True))
    return _m.matmul(a, cholesky_solve(chol, b), transpose_a=True)
