"""Arithmetic on SparseTensors: add, matmul with a dense matrix, slice, transpose, reductions.

    >>> a = tf.sparse.SparseTensor(indices=[[0, 2], [3, 4]], values=[31, 2], dense_shape=[4, 10])
    >>> b = tf.sparse.SparseTensor(indices=[[0, 2], [3, 0]], values=[56, 38], dense_shape=[4, 10])
    >>> tf.sparse.add(a, b).values
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([87, 38,  2], dtype=int32)>

Each op takes a SparseTensor as its three tensors (indices, values,
dense_shape), as TF's kernels do (`SparseAdd`, `SparseTensorDenseMatMul`,
`SparseSlice`, `SparseReduceMax`, `SparseReduceSum`); the public functions
below take a `SparseTensor` apart and put the result together. Gradients
reach the values (and the dense operand of a matmul), as in TF; TF has no
gradient for `SparseReduceMax`, nor does this engine.

Most of these kernels assume the entries are in row-major order (see
`tf.sparse.reorder`), as TF's do: `SparseAdd` merges two sorted lists.

Read next: sparse_ops.py (the SparseTensor itself, to_dense, reorder, concat).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument, no_kernel
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec, shape_from
from ..tensor import Tensor, convert_to_tensor
from . import register
from . import array_ops as _array
from . import creation_ops as _creation
from . import index_ops as _index
from . import math_ops as _math
from . import reduce_ops as _reduce
from . import scatter_ops as _scatter
from .sparse_ops import SparseTensor, _check_sparse, _int64

__all__ = ["add", "sparse_dense_matmul", "slice", "transpose", "reduce_max", "reduce_sum",
           "map_values", "dense_cwise_mul", "dense_cwise_div"]

_INDEX_TYPES = {dtypes.int64}


def _row(index_row) -> str:
    return "[" + ",".join(str(int(i)) for i in index_row) + "]"


# -- SparseAdd: merge two sorted lists of entries ---------------------------------------------
def _sparse_add(a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
    if a_shape.shape != b_shape.shape or np.any(a_shape != b_shape):
        if a_shape.shape != b_shape.shape:
            raise invalid_argument("SparseAdd", f"Operands do not have the same ranks; got "
                                                f"shapes: {_row(a_shape)} and {_row(b_shape)}")
        d = int(np.flatnonzero(a_shape != b_shape)[0])
        raise invalid_argument("SparseAdd", f"Operands' shapes do not match: got {a_shape[d]} "
                                            f"and {b_shape[d]} for dimension {d}")
    # TF's merge: the smaller index first; equal indices are summed, and the sum is kept only
    # if its magnitude reaches `thresh` (entries present in one operand are always kept)
    rows, values, i, j = [], [], 0, 0
    while i < len(a_indices) and j < len(b_indices):
        ka, kb = tuple(a_indices[i]), tuple(b_indices[j])
        if ka < kb:
            rows.append(a_indices[i]), values.append(a_values[i])
            i += 1
        elif kb < ka:
            rows.append(b_indices[j]), values.append(b_values[j])
            j += 1
        else:
            total = a_values[i] + b_values[j]
            if thresh <= abs(total):
                rows.append(a_indices[i]), values.append(total)
            i, j = i + 1, j + 1
    for k in range(i, len(a_indices)):
        rows.append(a_indices[k]), values.append(a_values[k])
    for k in range(j, len(b_indices)):
        rows.append(b_indices[k]), values.append(b_values[k])
    rank = a_shape.shape[0]
    out_indices = np.array(rows, np.int64).reshape(len(rows), rank)
    return out_indices, np.array(values, a_values.dtype).reshape(len(values)), a_shape.copy()


def _sparse_add_grad(op, dys):
    a_indices, _, _, b_indices, _, _, _ = op.inputs
    d_sum = dys[1]
    if d_sum is None:
        return (None,) * 7
    # each operand's entry receives the gradient of the sum's entry at its index (zero if the
    # threshold dropped it): TF's SparseAddGrad
    d_a, d_b = execute(SPARSE_ADD_GRAD, (d_sum, a_indices, b_indices, op.output[0]))
    return None, d_a, None, None, d_b, None, None


SPARSE_ADD = register(Op("SparseAdd", _sparse_add, _sparse_add_grad, dtypes=dtypes.NUMERIC,
                         same_dtype=False, outputs=3))


def _sparse_add_backprop(grad, a_indices, b_indices, sum_indices):
    where = {tuple(row): k for k, row in enumerate(sum_indices)}

    def pick(indices):
        out = np.zeros(len(indices), grad.dtype)
        for k, row in enumerate(indices):
            if tuple(row) in where:
                out[k] = grad[where[tuple(row)]]
        return out
    return pick(a_indices), pick(b_indices)


SPARSE_ADD_GRAD = register(Op("SparseAddGrad", _sparse_add_backprop, None,
                              dtypes=(dtypes.SIGNED - {dtypes.float16}) | dtypes.COMPLEX,
                              same_dtype=False, outputs=2))

SHAPE_RULES["SparseAdd"] = lambda specs, attrs: [
    Spec("int64", (None, specs[0].shape[1] if specs[0].shape else None)),
    Spec(specs[1].dtype, (None,)), Spec("int64", specs[2].shape)]
SHAPE_RULES["SparseAddGrad"] = lambda specs, attrs: [
    Spec(specs[0].dtype, (specs[1].shape[0] if specs[1].shape else None,)),
    Spec(specs[0].dtype, (specs[2].shape[0] if specs[2].shape else None,))]


def _check_values_kernel(op_name: str, dtype: dtypes.DType, **attrs) -> None:
    """TF's NotFoundError for unsigned values: SparseAdd and SparseTensorDenseMatMul allow them
    in their definitions but have no CPU kernel for them. (The op table checks only an op's
    first input, the indices here.)"""
    if dtype.is_unsigned:
        raise no_kernel(op_name, {"T": dtype, **attrs})


def add(a, b, threshold=0, thresh=None, name=None):
    """The sum of two SparseTensors (a SparseTensor), or of a SparseTensor and a dense tensor
    (a dense tensor). Mirrors `tf.sparse.add`.

    Where both have an entry, the sum is kept only if its magnitude is at least
    `threshold` (TF's rule: entries only one operand has are always kept).

    >>> a = tf.sparse.SparseTensor([[0, 0], [0, 1]], [1.0, 2.0], [2, 2])
    >>> b = tf.sparse.SparseTensor([[0, 0], [0, 1]], [-1.0, 0.5], [2, 2])
    >>> tf.sparse.add(a, b, threshold=1.0).values.numpy()
    array([2.5], dtype=float32)
    """
    threshold = thresh if thresh is not None else threshold
    if not isinstance(a, SparseTensor) and not isinstance(b, SparseTensor):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add?")
    if isinstance(a, SparseTensor) and isinstance(b, SparseTensor):
        real = dtypes.as_dtype(a.dtype)
        _check_values_kernel("SparseAdd", real, Treal=real)
        thresh_t = convert_to_tensor(threshold, dtype=real)
        indices, values, shape = execute(SPARSE_ADD, (a.indices, a.values, a.dense_shape,
                                                      b.indices, b.values, b.dense_shape,
                                                      thresh_t), name=name)
        return SparseTensor(indices, values, shape)
    sparse, dense = (a, b) if isinstance(a, SparseTensor) else (b, a)
    # TF's SparseTensorDenseAdd: each entry is added to the dense tensor at its index (entries
    # in any order)
    dense = dense if isinstance(dense, Tensor) else convert_to_tensor(dense, dtype=sparse.dtype)
    return _scatter.tensor_scatter_nd_add(dense, sparse.indices, sparse.values, name=name)


# -- SparseTensorDenseMatMul ----------------------------------------------------------------
def _sparse_dense_matmul(a_indices, a_values, a_shape, b, adjoint_a=False, adjoint_b=False):
    if b.ndim != 2:
        raise invalid_argument("SparseTensorDenseMatMul", "Tensor 'b' is not a matrix")
    if a_shape.shape != (2,):
        raise invalid_argument("SparseTensorDenseMatMul", "Tensor 'a_shape' must have 2 elements")
    rows, inner = (int(a_shape[1]), int(a_shape[0])) if adjoint_a else \
        (int(a_shape[0]), int(a_shape[1]))
    b_eff = np.conj(b.T) if adjoint_b else b
    if inner != b_eff.shape[0]:
        raise invalid_argument(
            "SparseTensorDenseMatMul", f"Cannot multiply A and B because inner dimension does not "
            f"match: {inner} vs. {b_eff.shape[0]}.  Did you forget a transpose?  Dimensions of A: "
            f"[{int(a_shape[0])}, {int(a_shape[1])}).  Dimensions of B: [{b.shape[0]},{b.shape[1]}]")
    out = np.zeros((rows, b_eff.shape[1]), a_values.dtype)
    for (i, k), v in zip(a_indices, a_values):  # (repeated entries add up, as in TF's kernel)
        r, c = (k, i) if adjoint_a else (i, k)
        if not (0 <= r < rows and 0 <= c < inner):
            raise invalid_argument("SparseTensorDenseMatMul",
                                   f"index {_row((i, k))} is out of bounds of A's shape "
                                   f"{_row(a_shape)}")
        out[r] += (np.conj(v) if adjoint_a else v) * b_eff[c]
    return out


def _sparse_dense_matmul_grad(op, dy):
    indices, values, shape, b = op.inputs
    adjoint_a, adjoint_b = op.attrs.get("adjoint_a", False), op.attrs.get("adjoint_b", False)
    b_eff = _array.transpose(b) if adjoint_b else b
    d_values = d_b = None
    if op.needs(1):
        # entry (i, k) of A: out[i] += v * b[k], so dv = sum(dy[i] * b[k]) (rows swap if adjoint)
        rows, cols = _array.unstack(indices, axis=1)
        if adjoint_a:
            rows, cols = cols, rows
        d_values = _reduce.reduce_sum(_math.multiply(_index.gather(dy, rows),
                                                     _index.gather(b_eff, cols)), axis=1)
    if op.needs(3):
        # d(A @ B)/dB = A^T dy: the same sparse A, the other way round
        d_b_eff = execute(SPARSE_DENSE_MATMUL, (indices, values, shape, dy),
                          {"adjoint_a": not adjoint_a, "adjoint_b": False})
        d_b = _array.transpose(d_b_eff) if adjoint_b else d_b_eff
    return None, d_values, None, d_b


SPARSE_DENSE_MATMUL = register(Op("SparseTensorDenseMatMul", _sparse_dense_matmul,
                                  _sparse_dense_matmul_grad, dtypes=dtypes.NUMERIC,
                                  same_dtype=False))


def _matmul_rule(specs, attrs):
    a_dims = shape_from(specs[2]) or (None, None)
    b_dims = specs[3].shape or (None, None)
    rows = a_dims[1] if attrs.get("adjoint_a") else a_dims[0]
    cols = b_dims[0] if attrs.get("adjoint_b") else b_dims[1]
    return Spec(specs[1].dtype, (rows, cols))


SHAPE_RULES["SparseTensorDenseMatMul"] = _matmul_rule


def sparse_dense_matmul(sp_a, b, adjoint_a: bool = False, adjoint_b: bool = False,
                        name=None) -> Tensor:
    """A SparseTensor (a matrix) times a dense matrix: a dense matrix. Mirrors
    `tf.sparse.sparse_dense_matmul` (TF's SparseTensorDenseMatMul).

    `adjoint_a`/`adjoint_b` use the (conjugate) transpose of an operand. A dense
    `sp_a` with a SparseTensor `b` gives `(b^T sp_a^T)^T`, as in TF.

    >>> a = tf.sparse.SparseTensor([[0, 1], [1, 0], [1, 1]], [13, 15, 17], (2, 2))
    >>> tf.sparse.sparse_dense_matmul(a, tf.constant([[4], [6]])).numpy().tolist()
    [[78], [162]]
    """
    if isinstance(b, SparseTensor):
        # TF: dense @ sparse is the transpose of sparse^T @ dense^T
        dense = sp_a if isinstance(sp_a, Tensor) else convert_to_tensor(sp_a, dtype=b.dtype)
        out = sparse_dense_matmul(b, _array.transpose(dense), adjoint_a=not adjoint_b,
                                  adjoint_b=False) if not adjoint_a else \
            sparse_dense_matmul(b, dense, adjoint_a=not adjoint_b, adjoint_b=True)
        return _array.transpose(out, name=name)
    sp = _check_sparse(sp_a, "sp_a")
    _check_values_kernel("SparseTensorDenseMatMul", dtypes.as_dtype(sp.dtype),
                         Tindices=dtypes.int64, adjoint_a=str(bool(adjoint_a)).lower(),
                         adjoint_b=str(bool(adjoint_b)).lower())
    b = b if isinstance(b, Tensor) else convert_to_tensor(b, dtype=sp.dtype)
    return execute(SPARSE_DENSE_MATMUL, (sp.indices, sp.values, sp.dense_shape, b),
                   {"adjoint_a": bool(adjoint_a), "adjoint_b": bool(adjoint_b)}, name=name)


# -- SparseSlice ----------------------------------------------------------------------------
def _inside(indices, start, size):
    return np.all((indices >= start) & (indices < start + size), axis=1) if len(indices) else \
        np.zeros(0, bool)


def _sparse_slice(indices, values, shape, start, size):
    rank = shape.shape[0]
    if start.shape != (rank,) or size.shape != (rank,):
        raise invalid_argument("SparseSlice", f"Expected start and size to be vectors of length "
                                              f"{rank}, got {start.shape} and {size.shape}")
    keep = _inside(indices, start, size)
    # the slice's shape: what is left of `size` inside the tensor (never below zero)
    out_shape = np.maximum(np.minimum(start + size, shape) - start, 0).astype(np.int64)
    return (indices[keep] - start).astype(np.int64), values[keep], out_shape


def _sparse_slice_grad(op, dys):
    indices, _, _, start, _ = op.inputs
    d_values = dys[1]
    if d_values is None:
        return (None,) * 5
    d = execute(SPARSE_SLICE_GRAD, (d_values, indices, start, op.output[0]))
    return None, d, None, None, None


SPARSE_SLICE = register(Op("SparseSlice", _sparse_slice, _sparse_slice_grad,
                           dtypes=dtypes.ALL_AND_STRING, same_dtype=False, outputs=3))


def _sparse_slice_backprop(grad, input_indices, start, output_indices):
    # the entries the slice kept (those whose moved index is an output index), in their order,
    # receive the slice's gradients; the others zero
    wanted = {tuple(row) for row in output_indices}
    kept = np.array([tuple(row - start) in wanted for row in input_indices], bool)
    out = np.zeros(len(input_indices), grad.dtype)
    out[kept] = grad
    return out


SPARSE_SLICE_GRAD = register(Op("SparseSliceGrad", _sparse_slice_backprop, None,
                                dtypes=dtypes.NUMERIC, same_dtype=False))

SHAPE_RULES["SparseSlice"] = lambda specs, attrs: [
    Spec("int64", (None, specs[0].shape[1] if specs[0].shape else None)),
    Spec(specs[1].dtype, (None,)), Spec("int64", specs[2].shape)]
SHAPE_RULES["SparseSliceGrad"] = lambda specs, attrs: Spec(
    specs[0].dtype, (specs[1].shape[0] if specs[1].shape else None,))


def slice(sp_input, start, size, name=None) -> SparseTensor:  # noqa: A001 (TF's name)
    """The entries of `sp_input` inside the box `[start, start + size)`, moved to start at 0.
    Mirrors `tf.sparse.slice`.

    The result's dense shape is `size`, cut where the input ends (so it can be 0).

    >>> s = tf.sparse.SparseTensor([[0, 2], [3, 4]], [31, 2], [4, 10])
    >>> tf.sparse.slice(s, [0, 3], [10, 10]).dense_shape.numpy()
    array([4, 7])
    """
    sp = _check_sparse(sp_input)
    start, size = _int64(start), _int64(size)
    indices, values, shape = execute(SPARSE_SLICE, (sp.indices, sp.values, sp.dense_shape,
                                                    start, size), name=name)
    return SparseTensor(indices, values, shape)


# -- transpose: permuted index columns, then row-major order again --------------------------
def transpose(sp_input, perm=None, name=None) -> SparseTensor:
    """The SparseTensor with its dimensions permuted (reversed by default). Mirrors
    `tf.sparse.transpose`: the index columns and the dense shape are permuted, then the
    entries sorted into row-major order (`tf.sparse.reorder`).

    >>> s = tf.sparse.SparseTensor([[0, 2], [3, 4]], [31, 2], [4, 10])
    >>> tf.sparse.transpose(s).indices.numpy().tolist()
    [[2, 0], [4, 3]]
    """
    from .sparse_ops import reorder
    sp = _check_sparse(sp_input)
    if perm is None:
        rank = _array.size(sp.dense_shape, out_type=dtypes.int64)
        perm = _math.subtract(_math.subtract(rank, 1),
                              _creation.range(rank, dtype=dtypes.int64))
    perm = _int64(perm)
    indices = _index.gather(sp.indices, perm, axis=1)
    shape = _index.gather(sp.dense_shape, perm)
    return reorder(SparseTensor(indices, sp.values, shape), name=name)


# -- SparseReduceMax and SparseReduceSum: the stored values of each group ---------------------
def _reduced(indices, values, shape, axes, keep_dims, ufunc):
    rank = shape.shape[0]
    axes = sorted({int(a) % rank for a in np.reshape(axes, -1)}) if rank else []
    kept = [d for d in range(rank) if d not in axes]
    out_shape = tuple(int(shape[d]) for d in kept)
    size = int(np.prod(out_shape, dtype=np.int64))
    # each entry's group: the flat position of its kept coordinates in the output
    group = np.ravel_multi_index(tuple(indices[:, d] for d in kept), out_shape) if kept else \
        np.zeros(len(values), np.int64)
    out = np.zeros(size, values.dtype)
    if ufunc is np.add:
        np.add.at(out, group, values)
    elif len(values):
        # TF reduces each group's stored values only; a group without entries stays 0
        low = np.full(size, -np.inf if values.dtype.kind == "f" else
                      np.iinfo(values.dtype).min, values.dtype)
        np.maximum.at(low, group, values)
        seen = np.zeros(size, bool)
        seen[group] = True
        out = np.where(seen, low, out).astype(values.dtype)
    out = out.reshape(out_shape)
    if keep_dims:
        out = out.reshape([1 if d in axes else int(shape[d]) for d in range(rank)])
    return out


def _reduce_max(indices, values, shape, axes, keep_dims=False):
    return _reduced(indices, values, shape, axes, keep_dims, np.maximum)


def _reduce_sum(indices, values, shape, axes, keep_dims=False):
    return _reduced(indices, values, shape, axes, keep_dims, np.add)


def _reduce_sum_grad(op, dy):
    indices, _, shape, axes = op.inputs
    if not op.needs(1):
        return None, None, None, None
    # each entry receives the gradient of its group: dy (with the reduced dimensions as 1)
    # read at the entry's index with the reduced coordinates set to 0
    rank = _array.size(shape, out_type=dtypes.int64)
    axes = _math.floormod(_array.cast(_array.reshape(axes, [-1]), dtypes.int64), rank)
    reduced = _reduce.reduce_any(_math.equal(
        _array.expand_dims(_creation.range(rank, dtype=dtypes.int64), 1),
        _array.expand_dims(axes, 0)), axis=1)
    kept_shape = _index.where(reduced, _array.ones_like(shape), shape)
    at = _math.multiply(indices, _array.cast(_math.logical_not(reduced), dtypes.int64))
    return None, _scatter.gather_nd(_array.reshape(dy, kept_shape), at), None, None


SPARSE_REDUCE_MAX = register(Op("SparseReduceMax", _reduce_max, None, dtypes=dtypes.NUMERIC,
                                same_dtype=False))
SPARSE_REDUCE_SUM = register(Op("SparseReduceSum", _reduce_sum, _reduce_sum_grad,
                                dtypes=dtypes.NUMERIC | dtypes.COMPLEX, same_dtype=False))


def _reduce_rule(specs, attrs):
    dims, axes = shape_from(specs[2]), specs[3].const
    if dims is None or axes is None or None in dims:
        return Spec(specs[1].dtype, None)
    rank = len(dims)
    axes = {int(a) % rank for a in np.reshape(axes, -1)}
    if attrs.get("keep_dims"):
        return Spec(specs[1].dtype, tuple(1 if d in axes else dims[d] for d in range(rank)))
    return Spec(specs[1].dtype, tuple(dims[d] for d in range(rank) if d not in axes))


SHAPE_RULES["SparseReduceMax"] = SHAPE_RULES["SparseReduceSum"] = _reduce_rule


def _sparse_reduce(op: Op, sp_input, axis, keepdims, output_is_sparse, name):
    sp = _check_sparse(sp_input)
    if output_is_sparse:
        raise NotImplementedError(f"tf.sparse.{op.name[6:].lower().replace('reduce', 'reduce_')}"
                                  "(output_is_sparse=True) is not supported by this engine")
    if axis is None:  # every dimension
        axes = _creation.range(_array.size(sp.dense_shape), dtype=dtypes.int32)
    else:
        axes = axis if isinstance(axis, Tensor) else convert_to_tensor(axis, dtype=dtypes.int32)
    return execute(op, (sp.indices, sp.values, sp.dense_shape, axes),
                   {"keep_dims": bool(keepdims)}, name=name)


def reduce_max(sp_input, axis=None, keepdims=None, output_is_sparse: bool = False,
               name=None) -> Tensor:
    """The largest stored value along `axis` (all axes by default), as a dense tensor.
    Mirrors `tf.sparse.reduce_max`.

    Only the stored values count (not the implicit zeros); a group with no entry
    gives 0. TF has no gradient for it.

    >>> tf.sparse.reduce_max(tf.sparse.from_dense([-5, 0, -3]))
    <tf.Tensor: shape=(), dtype=int32, numpy=-3>
    """
    return _sparse_reduce(SPARSE_REDUCE_MAX, sp_input, axis, keepdims, output_is_sparse, name)


def reduce_sum(sp_input, axis=None, keepdims=None, output_is_sparse: bool = False,
               name=None) -> Tensor:
    """The sum of the stored values along `axis` (all axes by default), as a dense tensor.
    Mirrors `tf.sparse.reduce_sum`.

    >>> s = tf.sparse.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [3, 4])
    >>> tf.sparse.reduce_sum(s, axis=1).numpy()
    array([1., 2., 0.], dtype=float32)
    """
    return _sparse_reduce(SPARSE_REDUCE_SUM, sp_input, axis, keepdims, output_is_sparse, name)


# -- map_values and the elementwise operators of a SparseTensor ------------------------------
def map_values(op, *args, **kwargs) -> SparseTensor:
    """`op` applied to the values of the SparseTensors among the arguments: a SparseTensor
    with the same indices. Mirrors `tf.sparse.map_values`.

    Every SparseTensor argument must have the same indices (TF checks it).

    >>> st = tf.sparse.from_dense([[1, 0], [0, 3]])
    >>> tf.sparse.map_values(tf.add, st, 5).values.numpy()
    array([6, 8], dtype=int32)
    """
    sparse = [a for a in list(args) + list(kwargs.values()) if isinstance(a, SparseTensor)]
    if not sparse:
        raise ValueError("No SparseTensor in argument list of map_values")
    first = sparse[0]
    for other in sparse[1:]:
        same = other.indices.shape == first.indices.shape and \
            bool(np.all(np.asarray(other.indices._value) == np.asarray(first.indices._value)))
        if not same:
            raise invalid_argument("map_values", "Mismatched indices! The SparseTensors given "
                                   "to map_values must have the same indices.")
    values = lambda a: a.values if isinstance(a, SparseTensor) else a  # noqa: E731
    out = op(*[values(a) for a in args], **{k: values(v) for k, v in kwargs.items()})
    return SparseTensor(first.indices, out, first.dense_shape)


def _dense_at_entries(sp: SparseTensor, y) -> Tensor:
    # TF's SparseDenseCwise ops: the dense operand broadcasts to the dense shape, and is read
    # at each entry's index
    y = y if isinstance(y, Tensor) else convert_to_tensor(y, dtype=sp.dtype)
    return _scatter.gather_nd(_array.broadcast_to(y, sp.dense_shape), sp.indices)


def dense_cwise_mul(sp: SparseTensor, y) -> SparseTensor:
    """`sp * y` (y dense, broadcast to sp's shape): a SparseTensor with sp's indices."""
    return SparseTensor(sp.indices, _math.multiply(sp.values, _dense_at_entries(sp, y)),
                        sp.dense_shape)


def dense_cwise_div(sp: SparseTensor, y) -> SparseTensor:
    """`sp / y` (y dense, broadcast to sp's shape): a SparseTensor with sp's indices."""
    return SparseTensor(sp.indices, _math.truediv(sp.values, _dense_at_entries(sp, y)),
                        sp.dense_shape)
