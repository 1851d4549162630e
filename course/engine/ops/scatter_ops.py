"""Slices and N-d indices: `tf.slice`, `tf.gather_nd`, `tf.scatter_nd`, `tf.tensor_scatter_nd_*`.

An N-d index is a row of coordinates: `[1, 2]` picks `t[1, 2]`, `[1]` picks
the whole row `t[1]`. The last dimension of `indices` holds the coordinates;
the dimensions before it say how many places, and shape the result.

    gather_nd    reads the places:                 out[i] = params[indices[i]]
    scatter_nd   writes them into zeros, summing:  out[indices[i]] += updates[i]
    tensor_scatter_nd_update/add/sub/min/max
                 writes them into a copy of a tensor

Reading and writing are each other's transpose, so the gradients are one line
each: GatherNd's is a ScatterNd of dy, ScatterNd's a GatherNd of dy.
`tf.slice` is a plain box `[begin, begin + size)`; its gradient pads dy back.
"""
from __future__ import annotations

import builtins

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from . import math_ops as _m
from .array_ops import _dims, _tensor, cast, reshape, shape as shape_op, zeros_like

_MOVE = dtypes.ALL_AND_STRING
_INDEX = (dtypes.int32, dtypes.int64)
_INDEX_OR_16 = (dtypes.int16, dtypes.int32, dtypes.int64)
_I32_64 = "int32, int64"  # (the allowed index dtypes, as TF's messages list them)


# -- arguments: TF's dtype rules ---------------------------------------------------------
def _matching(a, b):
    """Two arguments that share one dtype attr (begin and size; indices and shape).

    TF converts them together: a tensor among them lends its dtype to the other
    (`[1, 2]` next to an int64 tensor is int64); otherwise each converts on its own.
    """
    if isinstance(b, Tensor) and not isinstance(a, Tensor):
        return convert_to_tensor(a, dtype=b.dtype), b
    a = _tensor(a)
    return a, (b if isinstance(b, Tensor) else convert_to_tensor(b, dtype_hint=a.dtype))


def _check_index_dtype(op_name: str, attr: str, t: Tensor, allowed, names: str) -> None:
    if t.dtype not in allowed:
        raise invalid_argument(op_name, f"Value for attr '{attr}' of {dtypes.kernel_name(t.dtype)}"
                                        f" is not in the list of allowed values: {names}")


def _check_same(op_name: str, index: int, expected: Tensor, got: Tensor) -> None:
    if got.dtype is not expected.dtype:
        want, have = dtypes.kernel_name(expected.dtype), dtypes.kernel_name(got.dtype)
        raise invalid_argument(op_name, f"cannot compute {op_name} as input #{index}(zero-based) "
                                        f"was expected to be a {want} tensor but is a {have} "
                                        "tensor")


def _value_now(t: Tensor):
    """The value of `t` if it is known now (eagerly, or a constant in a graph), else None."""
    value = t._value
    return value if isinstance(value, (np.ndarray, np.generic)) else getattr(value, "const", None)


# -- slice: a box [begin, begin + size) -----------------------------------------------------
def _slice(x, begin, size):
    rank = x.ndim
    if begin.shape != (rank,) or size.shape != (rank,):
        raise invalid_argument("Slice", f"Expected begin and size arguments to be 1-D tensors of "
                                        f"size {rank}, but got shapes {_dims(begin.shape)} and "
                                        f"{_dims(size.shape)} instead.")
    key = []
    for i, (b, s, n) in enumerate(zip(begin.tolist(), size.tolist(), x.shape)):
        if not 0 <= b <= n:
            raise invalid_argument("Slice", f"Expected begin[{i}] in [0, {n}], but got {b}")
        s = n - b if s == -1 else s  # -1: everything to the end
        if not 0 <= s <= n - b:
            raise invalid_argument("Slice", f"Expected size[{i}] in [0, {n - b}], but got {s}")
        key.append(builtins.slice(b, b + s))  # (`slice` here is tf.slice, below)
    return x[tuple(key)]


def _slice_grad(op, dy):
    x, begin, size = op.inputs
    b, s, shape = _value_now(begin), _value_now(size), x._value.shape
    if b is None or s is None:
        raise NotImplementedError("the gradient of tf.slice with begin or size known only when the "
                                  "graph runs is not part of this engine")
    if shape is not None and None not in shape:  # as TF: zeros around dy, where x was cut
        ends = [n if e == -1 else b_ + e for b_, e, n in zip(b.tolist(), s.tolist(), shape)]
        from .padding_ops import pad
        return (pad(dy, [[b_, n - e] for b_, e, n in zip(b.tolist(), ends, shape)]), None, None)
    # x's size is known only when the graph runs: write dy into zeros of x's shape
    from .index_ops import strided_slice_grad
    key = tuple(builtins.slice(b_, None if e == -1 else b_ + e)
                for b_, e in zip(b.tolist(), s.tolist()))
    return (strided_slice_grad(dy, shape_op(x), key), None, None)


SLICE = register(Op("Slice", _slice, _slice_grad, dtypes=_MOVE, same_dtype=False))


def slice(input_, begin, size, name=None) -> Tensor:  # noqa: A001 - TF's name
    """The box of `input_` starting at `begin`, `size` long in each dimension. Mirrors `tf.slice`.

    A size of -1 takes everything to the end of that dimension. `t[1:4]` is
    the same as `tf.slice(t, [1], [3])`.

    >>> tf.slice(tf.constant([[1, 2, 3], [4, 5, 6]]), begin=[0, 1], size=[-1, 2])
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=array([[2, 3], [5, 6]], dtype=int32)>
    """
    x = _tensor(input_)
    begin, size = _matching(begin, size)
    _check_index_dtype("Slice", "Index", begin, _INDEX, "int32, int64")
    _check_same("Slice", 2, begin, size)
    return execute(SLICE, (x, begin, size), name=name)


# -- gather_nd: read the places -----------------------------------------------------------
def _places(indices, shape, op_name: str, into: str):
    """`indices` as a tuple of coordinate arrays (one per indexed dimension), checked in range."""
    depth = indices.shape[-1]
    flat = indices.reshape(int(np.prod(indices.shape[:-1], dtype=np.int64)), depth)
    bad = np.any((flat < 0) | (flat >= np.array(shape[:depth], dtype=np.int64)), axis=1)
    if np.any(bad):
        i = int(np.argmax(bad))
        place = ", ".join(str(int(v)) for v in flat[i])
        raise invalid_argument(op_name, f"indices[{i}] = [{place}] does not index into {into} "
                                        f"{_dims(shape)}")
    return tuple(flat.T)


def _gather_nd(params, indices):
    if params.ndim < 1:
        raise invalid_argument("GatherNd", "params must be at least a vector")
    if indices.ndim < 1:
        raise invalid_argument("GatherNd", "indices must be at least a vector")
    depth = indices.shape[-1]
    if depth > params.ndim:
        raise invalid_argument("GatherNd", f"index innermost dimension length must be <= params "
                                           f"rank; saw: {depth} vs. {params.ndim}")
    places = _places(indices, params.shape, "GatherNd", "param shape")
    count = int(np.prod(indices.shape[:-1], dtype=np.int64))
    # (no coordinates at all: every place is the whole of params)
    picked = params[places] if depth else np.broadcast_to(params, (count,) + params.shape)
    return picked.reshape(indices.shape[:-1] + params.shape[depth:])


def _gather_nd_grad(op, dy):
    params, indices = op.inputs
    # each place read sends its gradient back to where it was read (repeats add up)
    out_type = dtypes.int64 if indices.dtype is dtypes.int64 else dtypes.int32
    shape = shape_op(params, out_type=out_type)
    return (execute(SCATTER_ND, (indices, dy, shape)), None)


GATHER_ND = register(Op("GatherNd", _gather_nd, _gather_nd_grad, dtypes=_MOVE, same_dtype=False))


def gather_nd(params, indices, batch_dims=0, name=None, bad_indices_policy="") -> Tensor:
    """The slices of `params` at the N-d `indices`. Mirrors `tf.gather_nd`.

    Each row of the last dimension of `indices` is one place: `[1, 0]` reads
    `params[1, 0]`, `[1]` the whole `params[1]`. With `batch_dims=b`, the
    first b dimensions of both are a batch: each batch reads its own params.

    >>> tf.gather_nd(tf.constant([[1, 2], [3, 4]]), [[1, 0], [0, 1]])
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([3, 2], dtype=int32)>
    """
    if bad_indices_policy not in ("", "DEFAULT", "ERROR"):
        raise NotImplementedError("tf.gather_nd(bad_indices_policy=...) other than 'ERROR' is not "
                                  "part of this engine")
    params, indices = _tensor(params), _tensor(indices)
    _check_index_dtype("GatherNd", "Tindices", indices, _INDEX_OR_16, "int16, int32, int64")
    batch_dims = int(batch_dims)
    if batch_dims:
        return _batch_gather_nd(params, indices, batch_dims)
    return execute(GATHER_ND, (params, indices), name=name)


def _batch_gather_nd(params, indices, batch_dims: int) -> Tensor:
    """gather_nd per batch: put each index's batch number in front of its coordinates.

    The batch dimensions of params become one (a reshape), so `[b, i, j]` with
    `b` the batch's position reads `params[batch b][i, j]`; gradients flow
    through the reshape and GatherNd.
    """
    from .creation_ops import range as range_op
    from .array_ops import broadcast_to, concat
    p_shape, i_shape = params._value.shape, indices._value.shape
    if p_shape is None or i_shape is None or None in p_shape[:batch_dims] + i_shape:
        raise NotImplementedError("tf.gather_nd with batch_dims needs the batch dimensions and "
                                  "the shape of indices known while tracing in this engine")
    if batch_dims >= len(i_shape):
        raise ValueError(f"Argument `batch_dims` = {batch_dims} must be less than "
                         f"rank(`indices`) = {len(i_shape)}")
    if not 0 < batch_dims < len(p_shape):
        raise ValueError(f"batch_dims = {batch_dims} must be positive and less than the rank of "
                         f"params ({len(p_shape)})")
    if tuple(p_shape[:batch_dims]) != tuple(i_shape[:batch_dims]):
        raise invalid_argument("GatherNd", f"the batch dimensions of params {_dims(p_shape)} and "
                                           f"indices {_dims(i_shape)} must be equal "
                                           f"(batch_dims={batch_dims})")
    batches = int(np.prod(p_shape[:batch_dims], dtype=np.int64))
    flat_params = reshape(params, [batches] + list(p_shape[batch_dims:]))
    # the batch number of every index row: [[0], [1], ...] spread over the inner dimensions
    inner = len(i_shape) - 1 - batch_dims
    number = reshape(range_op(batches, dtype=indices.dtype),
                     list(i_shape[:batch_dims]) + [1] * inner + [1])
    number = broadcast_to(number, list(i_shape[:-1]) + [1])
    return execute(GATHER_ND, (flat_params, concat([number, indices], axis=-1)))


# -- scatter_nd: write the places into zeros --------------------------------------------------
def _check_places(op_name: str, indices, shape) -> None:
    """TF refuses places without coordinates, or in a scalar: there is nowhere to write."""
    count = int(np.prod(indices.shape[:-1], dtype=np.int64))
    if count and (not shape or indices.shape[-1] == 0):
        raise invalid_argument(op_name, "Indices and updates specified for empty output shape")


def _check_updates(op_name: str, indices, updates, shape) -> None:
    """TF's shape rule: updates.shape == indices.shape[:-1] + shape[indices.shape[-1]:]."""
    outer = indices.ndim - 1
    depth = indices.shape[-1]
    if tuple(updates.shape[:outer]) != tuple(indices.shape[:outer]):
        raise invalid_argument(op_name, f"Dimensions [0,{outer}) of indices[shape="
                                        f"{_dims(indices.shape)}] must match dimensions "
                                        f"[0,{outer}) of updates[shape={_dims(updates.shape)}]")
    if depth > len(shape) or tuple(updates.shape[outer:]) != tuple(shape[depth:]):
        raise invalid_argument(op_name, f"Dimensions [{depth},{len(shape)}) of input[shape="
                                        f"{_dims(shape)}] must match dimensions [{outer},"
                                        f"{updates.ndim}) of updates[shape={_dims(updates.shape)}]")


def _scatter_nd(indices, updates, shape):
    if indices.ndim < 1:
        raise invalid_argument("ScatterNd", f"Indices shape must have rank at least one. "
                                            f"Found:{_dims(indices.shape)}")
    shape = tuple(int(d) for d in shape)
    for d in shape:
        if d < 0:
            raise invalid_argument("ScatterNd", f"Dimension {d} must be >= 0")
    _check_places("ScatterNd", indices, shape)
    _check_updates("ScatterNd", indices, updates, shape)
    places = _places(indices, shape, "ScatterNd", "shape")
    out = np.zeros(shape, updates.dtype)
    if updates.dtype == object:
        out[...] = b""  # (the "zero" string; adding strings joins them, as TF does)
    # np.add.at, unlike `out[places] += ...`, adds every repeat of a place
    if indices.size:
        np.add.at(out, places, updates.reshape((-1,) + shape[indices.shape[-1]:]))
    return out


def _scatter_nd_grad(op, dy):
    indices = op.inputs[0]
    return (None, execute(GATHER_ND, (dy, indices)), None)  # each update reads its place's dy


SCATTER_ND = register(Op("ScatterNd", _scatter_nd, _scatter_nd_grad, dtypes=_INDEX_OR_16,
                         same_dtype=False))


def scatter_nd(indices, updates, shape, name=None, bad_indices_policy="") -> Tensor:
    """Zeros of `shape` with `updates` added at `indices`; repeats add up. Mirrors `tf.scatter_nd`.

    >>> tf.scatter_nd([[1], [3], [1]], [10, 20, 5], [4])
    <tf.Tensor: shape=(4,), dtype=int32, numpy=array([ 0, 15,  0, 20], dtype=int32)>
    """
    if bad_indices_policy not in ("", "DEFAULT", "ERROR"):
        raise NotImplementedError("tf.scatter_nd(bad_indices_policy=...) other than 'ERROR' is not "
                                  "part of this engine")
    indices, shape = _matching(indices, shape)
    updates = _tensor(updates)
    _check_index_dtype("ScatterNd", "Tindices", indices, _INDEX_OR_16, "int16, int32, int64")
    _check_same("ScatterNd", 2, indices, shape)
    return execute(SCATTER_ND, (indices, updates, shape), name=name)


# -- tensor_scatter_nd_*: write the places into a copy of a tensor ------------------------------
def _tensor_scatter(name: str, write):
    """The forward of TensorScatter<name>: checks, then `write(out, places, updates)`."""
    def forward(tensor, indices, updates):
        op_name = f"TensorScatter{name}"
        if indices.ndim < 1:
            raise invalid_argument(op_name, f"Indices shape must have rank at least one. "
                                            f"Found:{_dims(indices.shape)}")
        _check_places(op_name, indices, tensor.shape)
        outer, depth = indices.ndim - 1, indices.shape[-1]
        if tuple(updates.shape[:outer]) != tuple(indices.shape[:outer]):
            raise invalid_argument(op_name, f"Outer dimensions of indices and update must match. "
                                            f"Indices shape: {_dims(indices.shape)}, updates "
                                            f"shape:{_dims(updates.shape)}")
        inner = updates.ndim - outer
        if depth + inner != tensor.ndim:
            raise invalid_argument(op_name, f"Inner dimensions of output shape must match inner "
                                            f"dimensions of updates shape. Output: "
                                            f"{_dims(tensor.shape)} updates: "
                                            f"{_dims(updates.shape)}")
        if tuple(updates.shape[outer:]) != tuple(tensor.shape[depth:]):
            raise invalid_argument(op_name, f"The inner {inner} dimensions of output.shape="
                                            f"{_dims(tensor.shape)} must match the inner {inner} "
                                            f"dimensions of updates.shape={_dims(updates.shape)}")
        places = _places(indices, tensor.shape, op_name, "shape")
        out = tensor.copy()
        if indices.size:
            write(out, places, updates.reshape((-1,) + tensor.shape[depth:]))
        return out
    return forward


def _assign(out, places, updates):
    out[places] = updates  # a repeated place keeps the last update, as TF's CPU kernel does


def _tensor_scatter_update_grad(op, dy):
    tensor, indices, updates = op.inputs
    # the overwritten places of `tensor` no longer matter: their gradient is zero
    return (execute(TENSOR_SCATTER_UPDATE, (dy, indices, zeros_like(updates))), None,
            execute(GATHER_ND, (dy, indices)))


def _tensor_scatter_add_grad(op, dy):
    return (dy, None, execute(GATHER_ND, (dy, op.inputs[1])))


def _tensor_scatter_sub_grad(op, dy):
    return (dy, None, _m.negative(execute(GATHER_ND, (dy, op.inputs[1]))))


def _tensor_scatter_min_max_grad(op, dy):
    """dy goes to whichever of tensor and updates won each place, shared among ties (as TF)."""
    tensor, indices, updates = op.inputs
    out = op.output
    x_won = cast(_m.equal(tensor, out), dy.dtype)
    u_won = cast(_m.equal(updates, execute(GATHER_ND, (out, indices))), dy.dtype)
    shape = shape_op(tensor, out_type=indices.dtype)
    winners = _m.add(x_won, execute(SCATTER_ND, (indices, u_won, shape)))  # per place: how many won
    return (_m.multiply(_m.truediv(x_won, winners), dy), None,
            _m.multiply(_m.truediv(u_won, execute(GATHER_ND, (winners, indices))),
                        execute(GATHER_ND, (dy, indices))))


TENSOR_SCATTER_UPDATE = register(Op("TensorScatterUpdate", _tensor_scatter("Update", _assign),
                                    _tensor_scatter_update_grad, dtypes=_MOVE, same_dtype=False))
TENSOR_SCATTER_ADD = register(Op("TensorScatterAdd", _tensor_scatter("Add", np.add.at),
                                 _tensor_scatter_add_grad, same_dtype=False))
TENSOR_SCATTER_SUB = register(Op("TensorScatterSub", _tensor_scatter("Sub", np.subtract.at),
                                 _tensor_scatter_sub_grad, same_dtype=False))
TENSOR_SCATTER_MIN = register(Op("TensorScatterMin", _tensor_scatter("Min", np.minimum.at),
                                 _tensor_scatter_min_max_grad, same_dtype=False))
TENSOR_SCATTER_MAX = register(Op("TensorScatterMax", _tensor_scatter("Max", np.maximum.at),
                                 _tensor_scatter_min_max_grad, same_dtype=False))


def _tensor_scatter_call(op: Op, tensor, indices, updates, index_types, index_names) -> Tensor:
    tensor = _tensor(tensor)
    # (updates take the tensor's dtype: [9.0] into an int32 tensor is TF's TypeError)
    if not isinstance(updates, Tensor):
        updates = convert_to_tensor(updates, dtype=tensor.dtype)
    indices = _tensor(indices)
    _check_index_dtype(op.name, "Tindices", indices, index_types, index_names)
    _check_same(op.name, 2, tensor, updates)
    return execute(op, (tensor, indices, updates))


def tensor_scatter_nd_update(tensor, indices, updates, name=None) -> Tensor:
    """A copy of `tensor` with `updates` written at `indices`.
    Mirrors `tf.tensor_scatter_nd_update`.

    >>> tf.tensor_scatter_nd_update(tf.constant([1, 2, 3]), [[0], [2]], [9, 8])
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([9, 2, 8], dtype=int32)>
    """
    return _tensor_scatter_call(TENSOR_SCATTER_UPDATE, tensor, indices, updates, _INDEX_OR_16,
                                "int16, int32, int64, uint16")


def tensor_scatter_nd_add(tensor, indices, updates, name=None, bad_indices_policy="") -> Tensor:
    """A copy of `tensor` with `updates` added at `indices`. Mirrors `tf.tensor_scatter_nd_add`.

    >>> tf.tensor_scatter_nd_add(tf.constant([1, 2, 3]), [[0], [0]], [10, 5])
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([16,  2,  3], dtype=int32)>
    """
    return _tensor_scatter_call(TENSOR_SCATTER_ADD, tensor, indices, updates, _INDEX, _I32_64)


def tensor_scatter_nd_sub(tensor, indices, updates, name=None, bad_indices_policy="") -> Tensor:
    """A copy of `tensor` with `updates` subtracted at `indices`.
    Mirrors `tf.tensor_scatter_nd_sub`.

    >>> tf.tensor_scatter_nd_sub(tf.constant([1, 2, 3]), [[1]], [5])
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([ 1, -3,  3], dtype=int32)>
    """
    return _tensor_scatter_call(TENSOR_SCATTER_SUB, tensor, indices, updates, _INDEX, _I32_64)


def tensor_scatter_nd_min(tensor, indices, updates, name=None, bad_indices_policy="") -> Tensor:
    """A copy of `tensor`, each place at `indices` the minimum of it and its updates.
    Mirrors `tf.tensor_scatter_nd_min`.

    >>> tf.tensor_scatter_nd_min(tf.constant([1, 2, 3]), [[0], [2]], [0, 5])
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([0, 2, 3], dtype=int32)>
    """
    return _tensor_scatter_call(TENSOR_SCATTER_MIN, tensor, indices, updates, _INDEX, _I32_64)


def tensor_scatter_nd_max(tensor, indices, updates, name=None, bad_indices_policy="") -> Tensor:
    """A copy of `tensor`, each place at `indices` the maximum of it and its updates.
    Mirrors `tf.tensor_scatter_nd_max`.

    >>> tf.tensor_scatter_nd_max(tf.constant([1, 2, 3]), [[0], [2]], [0, 5])
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([1, 2, 5], dtype=int32)>
    """
    return _tensor_scatter_call(TENSOR_SCATTER_MAX, tensor, indices, updates, _INDEX, _I32_64)


# -- strided_slice: t[begin:end:strides] with TF's bit masks -------------------------------------
def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None) -> Tensor:
    """`input_[begin:end:strides]`, dimension by dimension. Mirrors `tf.strided_slice`.

    Bit i of a mask changes dimension i: `begin_mask`/`end_mask` ignore that
    begin/end (take from the start/to the end), `ellipsis_mask` is `...`,
    `new_axis_mask` is `tf.newaxis`, `shrink_axis_mask` takes the one index
    `begin[i]` and drops the dimension. Python's `t[1:, ::2]` builds the same op.

    >>> tf.strided_slice(tf.constant([1, 2, 3, 4, 5]), [1], [5], [2])
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([2, 4], dtype=int32)>
    """
    from . import index_ops
    parts = [begin, end, [1] * len(begin) if strides is None else strides]
    values = [_value_now(_tensor(p)) for p in parts]
    if any(v is None for v in values):
        raise NotImplementedError("tf.strided_slice with begin, end or strides known only when the "
                                  "graph runs is not part of this engine; index with t[...] "
                                  "instead")
    key = []
    for i, (b, e, s) in enumerate(zip(*(np.reshape(v, -1).tolist() for v in values))):
        bit = 1 << i
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            key.append(b)
        else:
            start, stop = None if begin_mask & bit else b, None if end_mask & bit else e
            key.append(builtins.slice(start, stop, s))
    return index_ops.strided_slice(_tensor(input_), tuple(key))
