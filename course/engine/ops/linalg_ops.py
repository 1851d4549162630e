"""Linear algebra: `tf.linalg.inv`, `solve`, `einsum`, `tensordot`, `norm`.

Inverse and solve are primitives (NumPy's LAPACK does the work); their
gradients are written with the same ops. `einsum` is one primitive for every
equation: it is linear in each operand, so each operand's gradient is another
einsum (of the upstream gradient with the other operands). `tensordot` and
`norm` are composites of other ops, as in TensorFlow.
"""
from __future__ import annotations

import math
import string

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from . import array_ops as _array
from . import math_ops as _m
from . import reduce_ops as _reduce
from . import unary_ops as _unary

_FLOAT = dtypes.FLOATING


def _tensor(x, dtype_hint=None) -> Tensor:
    return x if isinstance(x, Tensor) else convert_to_tensor(x, dtype_hint=dtype_hint)


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _check_square(op_name: str, a: np.ndarray, message: str) -> None:
    if a.ndim < 2:
        raise invalid_argument(op_name, f"Input tensor 0 must have rank >= 2, got {a.ndim}")
    if a.shape[-1] != a.shape[-2]:
        raise invalid_argument(op_name, message,
                               f"got {a.shape[-2]} rows and {a.shape[-1]} columns.")


# -- inverse ----------------------------------------------------------------------------------
def _inverse(a, adjoint=False):
    _check_square("MatrixInverse", a, "Input matrix must be square.")
    try:
        inv = np.linalg.inv(a)
    except np.linalg.LinAlgError:
        raise invalid_argument("MatrixInverse", "Input is not invertible.",
                               "a matrix with a zero determinant has no inverse.") from None
    return np.swapaxes(inv, -1, -2) if adjoint else inv


def _inverse_grad(op, dy):
    # d(A^-1) = -A^-1 dA A^-1, so dA = -A^-T dY A^-T  (adjoint: Y = A^-T, dA = -Y dY^T Y)
    y, adjoint = op.output, op.attrs.get("adjoint", False)
    inner = _m.matmul(dy, y, transpose_a=adjoint, transpose_b=not adjoint)
    return (_m.negative(_m.matmul(y, inner, transpose_a=not adjoint)),)


MATRIX_INVERSE = register(Op("MatrixInverse", _inverse, _inverse_grad, dtypes=_FLOAT))


def inv(input, adjoint: bool = False, name=None) -> Tensor:  # noqa: A002 - TF's name
    """The inverse of a square matrix (or of each in a batch). Mirrors `tf.linalg.inv`.

    >>> tf.linalg.inv(tf.constant([[2.0, 0.0], [0.0, 4.0]]))
    <tf.Tensor: shape=(2, 2), dtype=float32, numpy=array([[0.5 , 0.  ], [0.  , 0.25]], dtype=float32)>
    """
    if adjoint:
        return execute(MATRIX_INVERSE, (_tensor(input),), {"adjoint": True}, name=name)
    return execute(MATRIX_INVERSE, (_tensor(input),), name=name)


# -- solve -------------------------------------------------------------------------------------
def _solve(a, b, adjoint=False):
    if a.ndim != b.ndim:
        raise invalid_argument("MatrixSolve", "All input tensors must have the same rank.",
                               "solve(A, B) needs B of shape [..., n, k] for A of shape [..., n, n].")
    _check_square("MatrixSolve", a, "First input (lhs) must be a square matrix.")
    if b.shape[-2] != a.shape[-1] or a.shape[:-2] != b.shape[:-2]:
        raise invalid_argument("MatrixSolve", "Input matrix and rhs are incompatible.",
                               f"shapes {_dims(a.shape)} and {_dims(b.shape)}: B needs [..., n, k] "
                               "for A of shape [..., n, n].")
    if adjoint:
        a = np.swapaxes(a, -1, -2)
    try:
        return np.linalg.solve(a, b).astype(a.dtype, copy=False)
    except np.linalg.LinAlgError:
        raise invalid_argument("MatrixSolve", "Input matrix is not invertible.") from None


def _solve_grad(op, dy):
    a, _ = op.inputs
    x, adjoint = op.output, op.attrs.get("adjoint", False)
    # X = A^-1 B:  dB = A^-T dX,  dA = -dB X^T  (with the transposes swapped for adjoint)
    db = solve(a, dy, adjoint=not adjoint)
    da = _m.negative(_m.matmul(x, db, transpose_b=True) if adjoint else
                     _m.matmul(db, x, transpose_b=True))
    return da, db


MATRIX_SOLVE = register(Op("MatrixSolve", _solve, _solve_grad, dtypes=_FLOAT))


def solve(matrix, rhs, adjoint: bool = False, name=None) -> Tensor:
    """The X with `matrix @ X = rhs` (each of a batch). Mirrors `tf.linalg.solve`.

    >>> tf.linalg.solve(tf.constant([[2.0, 0.0], [0.0, 4.0]]), tf.constant([[1.0], [1.0]]))
    <tf.Tensor: shape=(2, 1), dtype=float32, numpy=array([[0.5 ], [0.25]], dtype=float32)>
    """
    a = _tensor(matrix)
    b = _tensor(rhs, a.dtype)
    return execute(MATRIX_SOLVE, (a, b), {"adjoint": True} if adjoint else {}, name=name)


# -- einsum ------------------------------------------------------------------------------------------
def _parse(equation: str) -> tuple:
    inputs, _, output = equation.replace(" ", "").partition("->")
    return inputs.split(","), output


def _einsum_grad(op, dy):
    """Each operand's gradient is an einsum of dy with the other operands.

    Two details: an index repeated within the operand (a diagonal, as in "ii->i")
    gets a fresh letter tied to the first by an identity matrix, and an index
    that appears only in this operand (summed away) is broadcast back with ones.
    """
    subs, out = _parse(op.attrs["equation"])
    used = set("".join(subs) + out)
    grads = []
    for k, x in enumerate(op.inputs):
        if not op.needs(k):
            grads.append(None)
            continue
        operands, terms = [dy], [out]
        for j, other in enumerate(op.inputs):
            if j != k:
                operands.append(other)
                terms.append(subs[j])
        fresh = (c for c in string.ascii_letters if c not in used)
        target, first = [], {}
        shape, dtype = x._value.shape, x._value.dtype
        for pos, c in enumerate(subs[k]):
            if c in first:  # x[..i..i..]: the gradient lives on the diagonal
                f = next(fresh)
                target.append(f)
                operands.append(Tensor(np.eye(shape[pos], dtype=dtype)))
                terms.append(c + f)
            else:
                first[c] = pos
                target.append(c)
        elsewhere = set(out).union(*(subs[j] for j in range(len(subs)) if j != k))
        for c, pos in first.items():
            if c not in elsewhere:  # summed over in x alone: every element got dy
                operands.append(Tensor(np.ones(shape[pos], dtype=dtype)))
                terms.append(c)
        grads.append(einsum(",".join(terms) + "->" + "".join(target), *operands))
    return tuple(grads)


EINSUM = register(Op("Einsum", lambda *xs, equation: np.einsum(equation, *xs), _einsum_grad,
                     dtypes=_FLOAT | {dtypes.int32, dtypes.int64}))


def _explicit(equation: str, ranks: list) -> str:
    """The equation with `...` spelled out in letters and the output written (`->`)."""
    equation = equation.replace(" ", "")
    inputs, arrow, output = equation.partition("->")
    subs = inputs.split(",")
    if len(subs) != len(ranks):
        raise ValueError(f"Invalid equation '{equation}': {len(subs)} operand(s) in the equation, "
                         f"{len(ranks)} given.")
    if "..." in equation:
        free = [c for c in string.ascii_letters if c not in equation]
        widest = max(r - len(s.replace("...", "")) for s, r in zip(subs, ranks) if "..." in s)
        ell = "".join(free[:widest])
        subs = [s.replace("...", ell[widest - (r - len(s.replace("...", ""))):]) for s, r in
                zip(subs, ranks)]
        output = output.replace("...", ell) if arrow else output
        if not arrow:
            arrow, output = "->", ell + "".join(
                sorted(c for c in set("".join(subs)) if "".join(subs).count(c) == 1 and c not in ell))
    if not arrow:  # implicit mode: the letters that appear once, in alphabetical order
        letters = "".join(subs)
        output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    for s, r in zip(subs, ranks):
        if r is None and "..." in equation:
            raise ValueError(f"Invalid equation '{equation}': `...` needs operands of known rank "
                             "(this engine's limit; give the placeholder a shape)")
        if r is not None and len(s) != r:  # (an unknown rank is checked when the graph runs)
            raise ValueError(f"Invalid equation '{equation}': an operand of rank {r} has "
                             f"subscripts '{s}'.")
    return ",".join(subs) + "->" + output


def einsum(equation: str, *inputs, name=None, **kwargs) -> Tensor:
    """Sums of products over named indices. Mirrors `tf.einsum`.

    >>> tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([3, 4])).shape   # a matmul
    TensorShape([2, 4])
    >>> tf.einsum("ii->i", tf.constant([[1, 2], [3, 4]]))                  # the diagonal
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 4], dtype=int32)>
    """
    tensors = [_tensor(x) for x in inputs]
    hint = tensors[0].dtype if tensors else None
    tensors = [t if t.dtype is hint else _tensor(x, hint) for t, x in zip(tensors, inputs)]
    return execute(EINSUM, tuple(tensors), {"equation": _explicit(equation, [t.ndim for t in tensors])},
                   name=name)


# -- tensordot (transpose, reshape, matmul: as TF builds it) ------------------------------------------
def _axes_lists(axes, a_rank: int, b_rank: int) -> tuple:
    if isinstance(axes, Tensor):
        axes = axes.numpy().tolist()
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        if n < 0 or n > min(a_rank, b_rank):
            raise ValueError(f"'axes' must be at most {min(a_rank, b_rank)}, got {n}.")
        return list(range(a_rank - n, a_rank)), list(range(n))
    a_axes, b_axes = axes
    a_axes = [a_axes] if isinstance(a_axes, (int, np.integer)) else list(a_axes)
    b_axes = [b_axes] if isinstance(b_axes, (int, np.integer)) else list(b_axes)
    if len(a_axes) != len(b_axes):
        raise ValueError(f"Different number of contraction axes 'a' and 'b', {len(a_axes)} != "
                         f"{len(b_axes)}.")
    return [int(x) % a_rank for x in a_axes], [int(x) % b_rank for x in b_axes]


def tensordot(a, b, axes, name=None) -> Tensor:
    """Contracts `axes` of `a` with `axes` of `b` (sum of products). Mirrors `tf.tensordot`.

    `axes=1` is a matrix product, `axes=0` an outer product, `axes=[[1], [0]]` names them.

    >>> tf.tensordot(tf.ones([2, 3]), tf.ones([3, 4]), axes=1).shape
    TensorShape([2, 4])
    """
    a = _tensor(a)
    b = _tensor(b, a.dtype)
    if a.ndim is None or b.ndim is None:
        raise NotImplementedError("tf.tensordot of a tensor of unknown rank is not part of this "
                                  "engine (TF builds it from shapes known when the graph runs); "
                                  "give the placeholder a shape, or use tf.einsum")
    a_axes, b_axes = _axes_lists(axes, a.ndim, b.ndim)
    a_shape, b_shape = a._value.shape, b._value.shape
    a_free = [i for i in range(a.ndim) if i not in a_axes]
    b_free = [i for i in range(b.ndim) if i not in b_axes]
    # each side becomes a matrix [free, contracted]; mismatched sizes are MatMul's error, as in TF
    a2 = _array.reshape(_array.transpose(a, a_free + a_axes),
                        [math.prod(a_shape[i] for i in a_free), math.prod(a_shape[i] for i in a_axes)])
    b2 = _array.reshape(_array.transpose(b, b_axes + b_free),
                        [math.prod(b_shape[i] for i in b_axes), math.prod(b_shape[i] for i in b_free)])
    return _array.reshape(_m.matmul(a2, b2), [a_shape[i] for i in a_free] +
                          [b_shape[i] for i in b_free])


# -- norm (a composite) ---------------------------------------------------------------------------------
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None) -> Tensor:  # noqa: A002
    """The size of a vector (or a matrix). Mirrors `tf.norm` (`tf.linalg.norm`).

    With `axis=None` the whole tensor counts as one vector. Vectors: `ord` is
    "euclidean" (2), 1, np.inf or any p > 0; matrices (`axis` a pair): "fro" /
    "euclidean", 1 (largest column sum) or np.inf (largest row sum).

    >>> tf.norm(tf.constant([3.0, 4.0]))
    <tf.Tensor: shape=(), dtype=float32, numpy=5.0>
    """
    x = _tensor(tensor)
    if x.ndim is None and not keepdims:
        # Unknown rank: as TF, keep the reduced dimensions, then squeeze them (the result's
        # rank is unknown too)
        out = norm(x, ord=ord, axis=axis, keepdims=True)
        return _array.squeeze(out, axis=None if axis is None else list(np.reshape(axis, -1)))
    keep = bool(keepdims)
    rank = x.ndim or 1 << 30  # (unknown: the axes are compared as given)
    matrix = isinstance(axis, (list, tuple)) and len(axis) == 2
    if isinstance(axis, (list, tuple)) and len(axis) not in (1, 2) or \
            isinstance(axis, (list, tuple)) and len(axis) == 2 and axis[0] % rank == axis[1] % rank:
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, "
                         f"got {tuple(axis)}")
    if isinstance(axis, (list, tuple)) and len(axis) == 1:
        axis = axis[0]
    if matrix:
        if ord in ("fro", "euclidean"):
            return _unary.sqrt(_reduce.reduce_sum(_m.multiply(x, x), axis=list(axis), keepdims=keep))
        if ord in (1, np.inf):
            rows, cols = (a % rank if x.ndim else a for a in axis)
            summed = _reduce.reduce_sum(_unary.abs(x), axis=rows if ord == 1 else cols, keepdims=True)
            out = _reduce.reduce_max(summed, axis=cols if ord == 1 else rows, keepdims=True)
            return out if keep else _array.squeeze(out, axis=sorted((rows, cols)))
        if ord == 2:  # the largest singular value: move the two axes last, as svd wants them
            from .decompositions import svd
            if x.ndim is None:
                raise NotImplementedError("tf.norm(ord=2) of a tensor of unknown rank is not "
                                          "part of this engine; give the placeholder a shape")
            rows, cols = (a % x.ndim for a in axis)
            rest = [i for i in range(x.ndim) if i not in (rows, cols)]
            s = svd(_array.transpose(x, rest + [rows, cols]), compute_uv=False)
            out = _reduce.reduce_max(s, axis=-1)
            if keep:
                for a in sorted((rows, cols)):
                    out = _array.expand_dims(out, a)
            return out
        raise ValueError(f"'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, "
                         f"inf], got {ord}")
    if ord in ("euclidean", 2, 2.0):
        return _unary.sqrt(_reduce.reduce_sum(_m.multiply(x, x), axis=axis, keepdims=keep))
    if ord == np.inf:
        return _reduce.reduce_max(_unary.abs(x), axis=axis, keepdims=keep)
    if ord == 1:
        return _reduce.reduce_sum(_unary.abs(x), axis=axis, keepdims=keep)
    if isinstance(ord, (int, float)) and not isinstance(ord, bool) and ord > 0:
        p = convert_to_tensor(float(ord), dtype=x.dtype)
        total = _reduce.reduce_sum(_m.pow(_unary.abs(x), p), axis=axis, keepdims=keep)
        return _m.pow(total, _m.divide_no_cast(convert_to_tensor(1.0, dtype=x.dtype), p))
    raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
