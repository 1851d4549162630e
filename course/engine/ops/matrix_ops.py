"""Matrix structure: diagonals, bands, trace, transposes, cross products, l2_normalize.

Every op here works on the last two dimensions of `[..., M, N]` and treats the
leading ones as a batch, as TF's do. They move values around without
arithmetic (except `cross`), so each gradient moves the upstream gradient back
the same way: the gradient of taking a diagonal is putting it back, and the
gradient of a band is the same band of the upstream gradient.

`k` picks one diagonal: 0 the main one, k > 0 above it, k < 0 below it.
(TF also takes a pair `k=(low, high)` for several diagonals; not here.)
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import FailedPreconditionError, invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor
from . import register
from . import array_ops as _array
from . import math_ops as _m
from . import reduce_ops as _reduce
from . import unary_ops as _unary
from .linalg_ops import _dims, _tensor

_NUMERIC = dtypes.NUMERIC
_FLOAT = dtypes.FLOATING


def _k(k) -> int:
    if isinstance(k, Tensor):
        k = k.numpy()
    if np.ndim(k) != 0:
        raise NotImplementedError("tf.linalg diagonals with a pair k=(low, high) (several "
                                  "diagonals at once) are not part of this engine; use one k")
    return int(k)


def _diagonal_at(rows: int, cols: int, k: int) -> tuple:
    """Row and column indices of diagonal k of a rows x cols matrix."""
    length = max(0, min(rows + min(k, 0), cols - max(k, 0)))
    i = np.arange(length)
    return i - min(k, 0), i + max(k, 0)  # k < 0 starts lower down, k > 0 further right


def _at_least_matrix(op_name: str, x: np.ndarray) -> None:
    if x.ndim < 2:
        raise invalid_argument(op_name, f"input must be at least 2-dim, received shape: "
                                        f"{_dims(x.shape)}")


# -- diag: a vector becomes a diagonal matrix ---------------------------------------------------
def _matrix_diag(d, k=0):
    if d.ndim < 1:
        raise invalid_argument("MatrixDiagV3", f"diagonal must be at least 1-dim, received "
                                               f"shape: {_dims(d.shape)}")
    n = d.shape[-1] + abs(k)
    out = np.zeros(d.shape[:-1] + (n, n), d.dtype)
    rows, cols = _diagonal_at(n, n, k)
    out[..., rows, cols] = d
    return out


MATRIX_DIAG = register(Op("MatrixDiagV3", _matrix_diag,
                          # only the diagonal's entries came from d: read them back
                          lambda op, dy: (diag_part(dy, k=op.attrs["k"]),), dtypes=_NUMERIC))


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
         align="RIGHT_LEFT") -> Tensor:
    """A matrix with `diagonal` on its diagonal k, zeros elsewhere. Mirrors `tf.linalg.diag`.

    Batched: a `[..., n]` input gives `[..., n + |k|, n + |k|]`.

    >>> tf.linalg.diag([1.0, 2.0])
    <tf.Tensor: shape=(2, 2), dtype=float32, numpy=array([[1., 0.], [0., 2.]], dtype=float32)>
    """
    if (num_rows, num_cols, padding_value) != (-1, -1, 0):
        raise NotImplementedError("tf.linalg.diag's num_rows, num_cols and padding_value are "
                                  "not part of this engine")
    return execute(MATRIX_DIAG, (_tensor(diagonal),), {"k": _k(k)}, name=name)


# -- diag_part: the diagonal of a matrix -----------------------------------------------------------
def _matrix_diag_part(x, k=0):
    _at_least_matrix("MatrixDiagPartV3", x)
    rows, cols = _diagonal_at(x.shape[-2], x.shape[-1], k)
    return x[..., rows, cols]


MATRIX_DIAG_PART = register(Op(
    "MatrixDiagPartV3", _matrix_diag_part,
    # each diagonal entry goes back where it was read; the rest of x had no effect
    lambda op, dy: (set_diag(_array.zeros_like(op.inputs[0]), dy, k=op.attrs["k"]),),
    dtypes=_NUMERIC))


def diag_part(input, name="diag_part", k=0, padding_value=0,  # noqa: A002 - TF's name
              align="RIGHT_LEFT") -> Tensor:
    """The diagonal k of a matrix (of each in a batch). Mirrors `tf.linalg.diag_part`.

    >>> tf.linalg.diag_part(tf.constant([[1, 2], [3, 4]]))
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 4], dtype=int32)>
    """
    return execute(MATRIX_DIAG_PART, (_tensor(input),), {"k": _k(k)}, name=name)


# -- set_diag: a matrix with its diagonal replaced ------------------------------------------------------
def _matrix_set_diag(x, d, k=0):
    _at_least_matrix("MatrixSetDiagV3", x)
    rows, cols = _diagonal_at(x.shape[-2], x.shape[-1], k)
    if d.shape != x.shape[:-2] + (len(rows),):
        raise invalid_argument(
            "MatrixSetDiagV3", "Either first dimensions of diagonal don't match input.shape[:-2], "
            "or diagonal.shape[:-1] is not equal to the longests diagonal in range "
            f"[lower_diag_index:upper_diag_index].\nInput shape: {_dims(x.shape)}\n"
            f"Diagonal shape: {_dims(d.shape)}\nExpected diagonal shape: "
            f"{_dims(x.shape[:-2] + (len(rows),))}")
    out = np.array(x)
    out[..., rows, cols] = d
    return out


def _set_diag_grad(op, dy):
    # The new diagonal came from d, everything else from x.
    k = op.attrs["k"]
    return (set_diag(dy, _array.zeros_like(op.inputs[1]), k=k), diag_part(dy, k=k))


MATRIX_SET_DIAG = register(Op("MatrixSetDiagV3", _matrix_set_diag, _set_diag_grad,
                              dtypes=_NUMERIC))


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT") -> Tensor:  # noqa: A002
    """`input` with its diagonal k replaced by `diagonal`. Mirrors `tf.linalg.set_diag`.

    >>> tf.linalg.set_diag(tf.zeros([2, 2]), [1.0, 2.0])
    <tf.Tensor: shape=(2, 2), dtype=float32, numpy=array([[1., 0.], [0., 2.]], dtype=float32)>
    """
    x = _tensor(input)
    return execute(MATRIX_SET_DIAG, (x, _tensor(diagonal, x.dtype)), {"k": _k(k)}, name=name)


# -- band_part: keep a band around the diagonal ------------------------------------------------------
def _band_part(x, num_lower, num_upper):
    _at_least_matrix("MatrixBandPart", x)
    rows, cols = x.shape[-2:]
    if num_lower > rows:
        raise invalid_argument("MatrixBandPart", f"num_lower must be negative or less or equal to "
                                                 f"number of rows ({rows}) got: {num_lower}")
    if num_upper > cols:
        raise invalid_argument("MatrixBandPart", f"num_upper must be negative or less or equal to "
                                                 f"number of columns ({cols}) got: {num_upper}")
    below = np.arange(rows)[:, None] - np.arange(cols)[None, :]  # i - j: > 0 below the diagonal
    keep = ((num_lower < 0) | (below <= num_lower)) & ((num_upper < 0) | (-below <= num_upper))
    return np.where(keep, x, np.zeros((), x.dtype))


MATRIX_BAND_PART = register(Op(
    "MatrixBandPart", _band_part,
    # a mask: entries kept pass their gradient, entries zeroed pass none
    lambda op, dy: (band_part(dy, op.attrs["num_lower"], op.attrs["num_upper"]),),
    dtypes=_NUMERIC))


def band_part(input, num_lower, num_upper, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Zeros outside a band: `num_lower` diagonals below, `num_upper` above (-1: all).

    Mirrors `tf.linalg.band_part`: `band_part(x, -1, 0)` is the lower triangle,
    `band_part(x, 0, -1)` the upper one, `band_part(x, 0, 0)` the diagonal.

    >>> tf.linalg.band_part(tf.ones([3, 3]), -1, 0).numpy()
    array([[1., 0., 0.], [1., 1., 0.], [1., 1., 1.]], dtype=float32)
    """
    return execute(MATRIX_BAND_PART, (_tensor(input),),
                   {"num_lower": int(num_lower), "num_upper": int(num_upper)}, name=name)


# -- trace, transposes (composites, as in TF) ----------------------------------------------------------
def trace(x, name=None) -> Tensor:
    """The sum of the main diagonal (of each matrix in a batch). Mirrors `tf.linalg.trace`.

    >>> tf.linalg.trace(tf.constant([[1, 2], [3, 4]]))
    <tf.Tensor: shape=(), dtype=int32, numpy=5>
    """
    return _reduce.reduce_sum(diag_part(x), axis=-1)


def matrix_transpose(a, name="matrix_transpose", conjugate=False) -> Tensor:
    """Swaps the last two dimensions. Mirrors `tf.linalg.matrix_transpose`.

    >>> tf.linalg.matrix_transpose(tf.ones([5, 2, 3])).shape
    TensorShape([5, 3, 2])
    """
    a = _tensor(a)
    if a.ndim is None:
        raise NotImplementedError("tf.linalg.matrix_transpose of a tensor of unknown rank is not "
                                  "part of this engine; give the placeholder a shape")
    if a.ndim < 2:
        shown = a._value if isinstance(a._value, np.ndarray) else a
        raise ValueError(f"Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` "
                         f"= {shown} with shape: {a.shape}")
    return _array.transpose(a, list(range(a.ndim - 2)) + [a.ndim - 1, a.ndim - 2])


def adjoint(matrix, name=None) -> Tensor:
    """The conjugate transpose; for real matrices the transpose. Mirrors `tf.linalg.adjoint`."""
    return matrix_transpose(matrix)


def matvec(a, b, transpose_a=False, adjoint_a=False, name=None) -> Tensor:
    """`a @ b` for a vector `b` (a batch of them). Mirrors `tf.linalg.matvec`.

    >>> tf.linalg.matvec(tf.eye(2) * 3.0, tf.constant([1.0, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([3., 6.], dtype=float32)>
    """
    a = _tensor(a)
    column = _array.expand_dims(_tensor(b, a.dtype), -1)  # b as a one-column matrix
    return _array.squeeze(_m.matmul(a, column, transpose_a=transpose_a or adjoint_a), axis=-1)


# -- cross product ------------------------------------------------------------------------------------------
def _cross(a, b):
    if a.shape != b.shape:
        raise invalid_argument("Cross", f"Both inputs must be of same shape: {_dims(a.shape)} vs. "
                                        f"{_dims(b.shape)}")
    if a.ndim < 1 or a.shape[-1] != 3:
        raise FailedPreconditionError(None, "Cross", "Cross-products are only defined for "
                                                     "3-element vectors. [Op:Cross]")
    return np.cross(a, b)


def _cross_grad(op, dy):
    # g . (a x b) = a . (b x g) = b . (g x a): the gradients are b x g and g x a
    a, b = op.inputs
    return cross(b, dy), cross(dy, a)


CROSS = register(Op("Cross", _cross, _cross_grad, dtypes=_NUMERIC))


def cross(a, b, name=None) -> Tensor:
    """The cross product of 3-vectors (along the last dimension). Mirrors `tf.linalg.cross`.

    >>> tf.linalg.cross([1.0, 0.0, 0.0], [0.0, 1.0, 0.0])
    <tf.Tensor: shape=(3,), dtype=float32, numpy=array([0., 0., 1.], dtype=float32)>
    """
    a = _tensor(a)
    return execute(CROSS, (a, _tensor(b, a.dtype)), name=name)


# -- l2_normalize (a composite, as in TF) ---------------------------------------------------------------
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None) -> Tensor:
    """`x / sqrt(max(sum(x**2, axis), epsilon))`: unit length along `axis`.

    Mirrors `tf.math.l2_normalize` (also `tf.nn.` and `tf.linalg.l2_normalize`);
    `epsilon` keeps an all-zero vector at zero instead of dividing by 0.

    >>> tf.math.l2_normalize(tf.constant([3.0, 4.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.6, 0.8], dtype=float32)>
    """
    x = _tensor(x)
    axis = dim if axis is None and dim is not None else axis
    squares = _reduce.reduce_sum(_unary.square(x), axis=axis, keepdims=True)
    return _m.multiply(x, _unary.rsqrt(_m.maximum(squares, _tensor(epsilon, x.dtype))))
