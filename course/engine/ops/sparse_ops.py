"""`tf.sparse`: a tensor stored as its nonzero entries. Mirrors TF's SparseTensor.

    >>> s = tf.sparse.SparseTensor(indices=[[0, 0], [1, 2]], values=[1, 2], dense_shape=[3, 4])
    >>> tf.sparse.to_dense(s)
    <tf.Tensor: shape=(3, 4), dtype=int32, numpy=
    array([[1, 0, 0, 0],
           [0, 0, 2, 0],
           [0, 0, 0, 0]], dtype=int32)>

A SparseTensor is three tensors: `indices` (int64, one row of coordinates per
entry), `values` (one per entry) and `dense_shape` (int64). Ops take them
apart and put them together: `to_dense` is TF's `SparseToDense`, `reorder`
sorts the entries into row-major order (`SparseReorder`), and `from_dense`
keeps the nonzero elements. Gradients reach `values` through these ops.

Many sparse ops need the entries in row-major order without repeats;
`to_dense` checks it (`validate_indices=True`), as TF does.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec, shape_from
from ..tensor import Tensor, TensorShape, convert_to_tensor
from ..tensor_shape import Dimension
from . import register
from . import array_ops as _array
from . import creation_ops as _creation
from . import index_ops as _index
from . import math_ops as _math
from . import reduce_ops as _reduce
from . import scatter_ops as _scatter

__all__ = ["SparseTensor", "to_dense", "from_dense", "reorder", "concat", "invert_permutation"]


class SparseTensor:
    """A tensor given by its nonzero entries. Mirrors `tf.sparse.SparseTensor`.

    `indices[i]` is the coordinate of `values[i]`; every other element of a
    tensor of shape `dense_shape` is zero (or a `default_value`).
    """

    def __init__(self, indices, values, dense_shape):
        self.indices = _int64(indices)
        self.values = values if isinstance(values, Tensor) else convert_to_tensor(values)
        self.dense_shape = _int64(dense_shape)
        for name, t, rank in (("indices", self.indices, 2), ("values", self.values, 1),
                              ("dense_shape", self.dense_shape, 1)):
            if t.shape.rank is not None and t.shape.rank != rank:
                raise ValueError(f"Shape {t.shape} must have rank {rank}")
        # (one index row per value, one index column per dimension: TF's messages)
        Dimension(self.indices.shape[0]).assert_is_compatible_with(self.values.shape[0])
        Dimension(self.indices.shape[1]).assert_is_compatible_with(self.dense_shape.shape[0])

    @property
    def dtype(self) -> dtypes.DType:
        return self.values.dtype

    @property
    def shape(self) -> TensorShape:
        """The dense shape, as far as it is known now (all of it, eagerly)."""
        value = self.dense_shape._value
        if isinstance(value, np.ndarray):
            return TensorShape([int(d) for d in value])
        known = getattr(value, "const", None)  # (a graph tensor: a constant's value, if any)
        if known is not None:
            return TensorShape([int(d) for d in known])
        if getattr(value, "partial", None) is not None:  # (what a SparseTensorSpec said)
            return TensorShape(list(value.partial))
        n = value.shape[0] if value.shape is not None else None
        return TensorShape(None if n is None else [None] * n)

    def get_shape(self) -> TensorShape:
        return self.shape

    def with_values(self, new_values) -> "SparseTensor":
        """The same indices and dense shape with other values."""
        return SparseTensor(self.indices, new_values, self.dense_shape)

    def __tf_tracing_type__(self, context):
        """Its `tf.SparseTensorSpec` (how tf.function and datasets see it: sparse_spec.py)."""
        from ..sparse_spec import SparseTensorSpec
        return SparseTensorSpec.from_value(self)

    # TF: `sparse * dense` and `sparse / dense` keep the sparse entries (SparseDenseCwiseMul and
    # Div: the dense operand is read at each entry); `+` is not defined (use tf.sparse.add)
    def __mul__(self, other) -> "SparseTensor":
        from .sparse_math_ops import dense_cwise_mul
        return dense_cwise_mul(self, other)

    def __truediv__(self, other) -> "SparseTensor":
        from .sparse_math_ops import dense_cwise_div
        return dense_cwise_div(self, other)

    def __repr__(self) -> str:
        return f"SparseTensor(indices={self.indices!s}, values={self.values!s}, " \
               f"dense_shape={self.dense_shape!s})"


def _int64(value) -> Tensor:
    """indices and dense_shape are int64 (a float is convert_to_tensor's TypeError, as TF's)."""
    if isinstance(value, Tensor):
        return value if value.dtype is dtypes.int64 else _math.cast(value, dtypes.int64)
    return convert_to_tensor(value, dtype=dtypes.int64)


def _check_sparse(x, what: str = "Input") -> SparseTensor:
    if not isinstance(x, SparseTensor):
        raise TypeError(f"{what} must be a SparseTensor.")
    return x


# -- SparseToDense ---------------------------------------------------------------------------
def _coordinates(index_row) -> str:
    return "[" + ",".join(str(int(i)) for i in index_row) + "]"


def _sparse_to_dense(indices, output_shape, values, default_value, validate_indices=True):
    shape = tuple(int(d) for d in output_shape)
    out = np.full(shape, default_value, dtype=np.asarray(values).dtype)
    if indices.shape[0] == 0:
        return out
    for i, row in enumerate(indices):  # (TF's checks, in TF's order: bounds, then order)
        if np.any(row < 0) or np.any(row >= shape):
            raise invalid_argument("SparseToDense", f"indices[{i}] = {_coordinates(row)} is out "
                                   f"of bounds: need 0 <= index < {_coordinates(shape)}")
        if validate_indices and i:
            previous = tuple(indices[i - 1])
            if tuple(row) == previous:
                raise invalid_argument("SparseToDense",
                                       f"indices[{i}] = {_coordinates(row)} is repeated")
            if tuple(row) < previous:
                raise invalid_argument(
                    "SparseToDense", f"indices[{i}] = {_coordinates(row)} is out of order. Many "
                    "sparse ops require sorted indices.\n    Use `tf.sparse.reorder` to create a "
                    "correctly ordered copy.\n\n")
    values = np.broadcast_to(values, (indices.shape[0],))  # (a scalar value fills every entry)
    out[tuple(indices.T)] = values
    return out


def _sparse_to_dense_grad(op, dy):
    indices, _, values, _ = op.inputs
    # the entries' values receive the gradient where they were put; the default value fills
    # the rest, so it receives what is left
    d_values = _scatter.gather_nd(dy, indices) if op.needs(2) else None
    if d_values is not None and values.shape.rank == 0:
        d_values = _reduce.reduce_sum(d_values)
    d_default = _math.subtract(_reduce.reduce_sum(dy), _reduce.reduce_sum(
        _scatter.gather_nd(dy, indices))) if op.needs(3) else None
    return None, None, d_values, d_default


SPARSE_TO_DENSE = register(Op("SparseToDense", _sparse_to_dense, _sparse_to_dense_grad,
                              dtypes=dtypes.ALL_AND_STRING, same_dtype=False))


def to_dense(sp_input, default_value=None, validate_indices: bool = True, name=None) -> Tensor:
    """The dense tensor of a SparseTensor; missing entries are `default_value` (zero).

    Mirrors `tf.sparse.to_dense`. With `validate_indices` (the default) the
    entries must be in row-major order without repeats: `tf.sparse.reorder` first.
    """
    sp = _check_sparse(sp_input)
    if default_value is None:  # zero of the values' dtype (False, b"")
        default_value = np.zeros((), object if sp.dtype is dtypes.string else sp.dtype._np)
        default_value = b"" if sp.dtype is dtypes.string else default_value
    default = convert_to_tensor(default_value, dtype=sp.dtype)
    return execute(SPARSE_TO_DENSE, (sp.indices, sp.dense_shape, sp.values, default),
                   {"validate_indices": bool(validate_indices)}, name=name)


# -- SparseReorder ---------------------------------------------------------------------------
def _reorder(indices, values, dense_shape):
    order = np.lexsort(indices.T[::-1]) if indices.shape[0] else np.arange(0)
    return indices[order], values[order]


def _reorder_grad(op, dys):
    indices, _, dense_shape = op.inputs
    d_values = dys[1]
    if d_values is None:
        return None, None, None
    # TF's trick: reorder the positions 0..n-1 to learn where each entry went, then invert
    n = _array.shape(indices, out_type=dtypes.int64)[0]
    positions = _creation.range(n, dtype=dtypes.int64)
    moved = execute(SPARSE_REORDER, (indices, positions, dense_shape))[1]
    return None, _index.gather(d_values, invert_permutation(moved)), None


SPARSE_REORDER = register(Op("SparseReorder", _reorder, _reorder_grad, dtypes=dtypes.ALL_AND_STRING,
                             same_dtype=False, outputs=2))


def reorder(sp_input, name=None) -> SparseTensor:
    """The same SparseTensor with its entries in row-major order. Mirrors `tf.sparse.reorder`."""
    sp = _check_sparse(sp_input)
    indices, values = execute(SPARSE_REORDER, (sp.indices, sp.values, sp.dense_shape), name=name)
    return SparseTensor(indices, values, sp.dense_shape)


def from_dense(tensor, name=None) -> SparseTensor:
    """The nonzero elements of `tensor` as a SparseTensor. Mirrors `tf.sparse.from_dense`."""
    tensor = tensor if isinstance(tensor, Tensor) else convert_to_tensor(tensor)
    zero = b"" if tensor.dtype is dtypes.string else 0
    indices = _index.where(_math.not_equal(tensor, zero))
    return SparseTensor(indices, _scatter.gather_nd(tensor, indices),
                        _array.shape(tensor, out_type=dtypes.int64))


# -- concat: shifted indices, one list of entries, then row-major order ----------------------
def concat(axis, sp_inputs, expand_nonconcat_dims: bool = False, concat_dim=None,
           name=None) -> SparseTensor:
    """SparseTensors joined along `axis`. Mirrors `tf.sparse.concat` (TF's SparseConcat).

    Each input's entries move along `axis` by the sizes of the inputs before it;
    the result lists all entries in row-major order (`reorder`). The other
    dimensions must match, unless `expand_nonconcat_dims=True` takes the largest
    of each. As in TF (SparseConcat is not differentiable), no gradient reaches
    the inputs' values.

    >>> a = tf.sparse.SparseTensor([[0, 1]], [1], [1, 2])
    >>> tf.sparse.concat(1, [a, a]).indices.numpy().tolist()
    [[0, 1], [0, 3]]
    """
    axis = concat_dim if concat_dim is not None else axis
    inputs = [_check_sparse(x) for x in sp_inputs]
    shapes = [x.shape.as_list() if x.shape.rank is not None else None for x in inputs]
    if any(shape is None or None in shape for shape in shapes):
        raise NotImplementedError("tf.sparse.concat needs the inputs' dense shapes: in a graph "
                                  "they must be known while tracing in this engine")
    rank = len(shapes[0])
    axis = int(axis)
    if not -rank <= axis < rank:
        raise invalid_argument("SparseConcat", f"Concat dimension must be in range [{-rank}, "
                                               f"{rank}), got {axis}")
    axis %= rank
    if not expand_nonconcat_dims:
        for position, shape in enumerate(shapes[1:], 1):
            for d in range(rank):
                if d != axis and shape[d] != shapes[0][d]:
                    raise invalid_argument(
                        "SparseConcat", f"Input shapes must match: expected {shapes[0][d]} for "
                        f"dimension {d} but got {shape[d]} at position {position}")
    out_shape = [max(s[d] for s in shapes) for d in range(rank)]
    out_shape[axis] = sum(s[axis] for s in shapes)
    indices, offset = [], 0
    for x, shape in zip(inputs, shapes):
        shift = np.zeros(rank, np.int64)
        shift[axis] = offset
        indices.append(_math.add(x.indices, convert_to_tensor(shift)))
        offset += shape[axis]
    values = _array.stop_gradient(_array.concat([x.values for x in inputs], 0))  # (TF: none)
    joined = SparseTensor(_array.concat(indices, 0), values, np.array(out_shape, np.int64))
    return reorder(joined, name=name)


# -- InvertPermutation -----------------------------------------------------------------------
def _invert_permutation(x):
    if x.ndim != 1:
        raise invalid_argument("InvertPermutation", "invert_permutation expects a 1D vector.")
    n = x.shape[0]
    seen = np.zeros(n, bool)
    for v in x:  # (TF's checks, element by element)
        if not 0 <= v < n:
            raise invalid_argument("InvertPermutation", f"{int(v)} is not between 0 and {n}")
        if seen[v]:
            raise invalid_argument("InvertPermutation", f"{int(v)} is duplicated in the input.")
        seen[v] = True
    out = np.empty_like(x)
    out[x] = np.arange(n, dtype=x.dtype)
    return out


INVERT_PERMUTATION = register(Op("InvertPermutation", _invert_permutation, None,
                                 dtypes={dtypes.int32, dtypes.int64}))

# Shapes while tracing come from the inputs' shapes (and the dense shape's value, when it is a
# constant), never from running a kernel on stand-in values: these kernels check the values.
SHAPE_RULES["SparseToDense"] = lambda specs, attrs: Spec(specs[2].dtype, shape_from(specs[1]))
SHAPE_RULES["SparseReorder"] = lambda specs, attrs: [Spec(s.dtype, s.shape) for s in specs[:2]]
SHAPE_RULES["InvertPermutation"] = lambda specs, attrs: Spec(specs[0].dtype, specs[0].shape)


def invert_permutation(x, name=None) -> Tensor:
    """y with y[x[i]] = i: the permutation that undoes x. Mirrors `tf.math.invert_permutation`.

    >>> tf.math.invert_permutation([3, 4, 0, 2, 1])
    <tf.Tensor: shape=(5,), dtype=int32, numpy=array([2, 4, 3, 0, 1], dtype=int32)>
    """
    x = x if isinstance(x, Tensor) else convert_to_tensor(x, dtype_hint=dtypes.int32)
    return execute(INVERT_PERMUTATION, (x,), name=name)
