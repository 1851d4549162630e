"""Picking elements: indexing `t[...]`, `tf.gather`, `tf.one_hot`, `tf.where`, clipping.

Indexing is TF's `StridedSlice` op. Its gradient puts `dy` back where the
elements came from, zeros elsewhere (`StridedSliceGrad`), and the gradient of
that is a slice again: the pair differentiates forever.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor, int_argument
from ..text import as_object_array
from . import register
from . import math_ops as _m

_ALL = dtypes.ALL
_MOVE = dtypes.ALL_AND_STRING  # picking elements works on strings too
_INDEX_TYPES = (dtypes.int16, dtypes.int32, dtypes.int64)
_BAD_INDEX = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
              "tf.int32/tf.int64 tensors are valid indices, got {!r}")


def _tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


# -- indexing: t[0], t[:, 1], t[..., -1], t[tf.newaxis] -------------------------------------
def _normalize_key(key) -> tuple:
    """A hashable index tuple of ints, slices, None and Ellipsis; TF's allowed kinds only."""
    key = key if isinstance(key, tuple) else (key,)
    out = []
    for k in key:
        if isinstance(k, Tensor):
            if k.dtype not in _INDEX_TYPES or k.ndim != 0:
                raise TypeError(_BAD_INDEX.format(k))
            k = int(k._value)
        elif isinstance(k, (bool, np.bool_)) or not (k is None or k is Ellipsis or isinstance(
                k, (int, np.integer, slice))):
            hint = " (to pick several indices use tf.gather; for a mask, tf.boolean_mask)" \
                if isinstance(k, (list, tuple, np.ndarray)) else ""
            raise TypeError(_BAD_INDEX.format(k) + hint)
        elif isinstance(k, slice):
            k = slice(*(None if v is None else int(v) for v in (k.start, k.stop, k.step)))
            if k.step == 0:
                raise ValueError("slice step cannot be zero")
        elif isinstance(k, np.integer):
            k = int(k)
        out.append(k)
    return tuple(out)


def _check_key(shape, key):
    """TF's out-of-range message names the index and the dimension."""
    if key.count(Ellipsis) > 1:
        raise invalid_argument("StridedSlice", "Multiple ellipses in slice spec not allowed")
    consumed = [k for k in key if k is not None and k is not Ellipsis]
    if len(consumed) > len(shape):
        raise invalid_argument("StridedSlice", f"Index out of range using input dim "
                                               f"{len(consumed) - 1}; input has only {len(shape)} dims")
    dim = 0
    for k in key:
        if k is Ellipsis:
            dim += len(shape) - len(consumed)
        elif k is None:
            continue
        else:
            if isinstance(k, int) and not -shape[dim] <= k < shape[dim]:
                raise invalid_argument("StridedSlice", f"slice index {k} of dimension {dim} out "
                                                       f"of bounds.",
                                       f"dimension {dim} has size {shape[dim]}; valid indices are "
                                       f"{-shape[dim]}..{shape[dim] - 1}.")
            dim += 1


def _strided_slice(x, key):
    _check_key(x.shape, key)
    out = x[key]
    # NumPy gives a bare `bytes` for one element of a string array: keep it a 0-d array
    return as_object_array(out) if x.dtype == object else out


def _slice_grad(op, dy):
    x = op.inputs[0]
    shape = x._value.shape
    if shape is None or None in shape:  # known when the graph runs: x's shape as a tensor
        from .array_ops import shape as shape_op
        shape = shape_op(x)
    return (strided_slice_grad(dy, shape, op.attrs["key"]),)


STRIDED_SLICE = register(Op("StridedSlice", _strided_slice, _slice_grad, dtypes=_MOVE))


def strided_slice(x, key) -> Tensor:
    """`x[key]` for the index kinds TF supports. Python's `t[...]` calls this.

    A bool tensor or array as the key is a mask, as in TF: `t[t > 2]` is
    `tf.boolean_mask(t, t > 2)`.
    """
    if isinstance(key, (Tensor, np.ndarray)) and key.dtype == dtypes.bool and key.ndim:
        return boolean_mask(x, key)
    if _has_unknown_index(key):
        return _dynamic_slice(_tensor(x), key if isinstance(key, tuple) else (key,))
    return execute(STRIDED_SLICE, (_tensor(x),), {"key": _normalize_key(key)})


# -- indices known only when a graph runs: x[i] for a loop's i -------------------------------------
def _unknown(k) -> bool:
    """A tensor index whose value is not known while tracing (a graph tensor, not a constant)."""
    return isinstance(k, Tensor) and not isinstance(k._value, (np.ndarray, np.generic)) and \
        getattr(k._value, "const", None) is None


def _has_unknown_index(key) -> bool:
    for k in key if isinstance(key, tuple) else (key,):
        if _unknown(k) or (isinstance(k, slice) and any(_unknown(v) for v in (k.start, k.stop,
                                                                               k.step))):
            return True
    return False


def _dynamic_slice(x, key: tuple) -> Tensor:
    """x[key] with some indices known only when the graph runs, axis by axis with gather.

    (TF's StridedSlice takes its bounds as tensors; here the static part stays a
    StridedSlice and each unknown index is a gather along its axis.)
    """
    from .array_ops import expand_dims, shape as shape_op
    from .creation_ops import range as range_op
    rank = x._value.ndim
    consumed = sum(1 for k in key if k is not None and k is not Ellipsis)
    axis = 0
    for k in key:
        if k is Ellipsis:
            if rank is None:
                raise ValueError("an Ellipsis index needs a tensor of known rank")
            axis += rank - consumed
        elif k is None:
            x = expand_dims(x, axis)
            axis += 1
        elif isinstance(k, slice) and any(_unknown(v) for v in (k.start, k.stop, k.step)):
            if k.step not in (None, 1):
                raise NotImplementedError("a slice with a step and bounds known only when the "
                                          "graph runs is not part of this engine")
            size = shape_op(x)[axis]
            start = _clamped(k.start, size, 0)
            stop = _clamped(k.stop, size, size)
            x = gather(x, range_op(start, _m.maximum(start, stop)), axis=axis)
            axis += 1
        elif _unknown(k) or isinstance(k, Tensor):
            if k.dtype not in _INDEX_TYPES or k.ndim != 0:
                raise TypeError(_BAD_INDEX.format(k))
            size = shape_op(x, out_type=k.dtype)[axis]
            x = gather(x, where(_m.less(k, 0), k + size, k), axis=axis)  # (the axis goes away)
        else:
            x = strided_slice(x, (slice(None),) * axis + (k,))
            axis += 0 if isinstance(k, (int, np.integer)) else 1
    return x


def _clamped(bound, size, default):
    """A slice bound as Python clamps it: negative counts from the end, then into [0, size]."""
    if bound is None:
        return default
    bound = _tensor(bound)
    if bound.dtype is not size.dtype:
        from .array_ops import cast
        size = cast(size, bound.dtype)
    bound = where(_m.less(bound, 0), bound + size, bound)
    return _m.minimum(_m.maximum(bound, 0), size)


def _strided_slice_grad(dy, shape, key):
    out = np.zeros(shape, dtype=dy.dtype)
    out[key] = dy
    return out


# (the shape is an attr, or a second input when it is known only as the graph runs)
STRIDED_SLICE_GRAD = register(Op(
    "StridedSliceGrad", _strided_slice_grad,
    # scattering is linear: its gradient gathers the same places back
    lambda op, dy: (strided_slice(dy, op.attrs["key"]),) + (None,) * (len(op.inputs) - 1),
    dtypes=_ALL, same_dtype=False))


def strided_slice_grad(dy, shape, key) -> Tensor:
    """Zeros of `shape` with `dy` written at `key`: the gradient of `x[key]`."""
    if isinstance(shape, Tensor):
        return execute(STRIDED_SLICE_GRAD, (_tensor(dy), shape), {"key": key})
    return execute(STRIDED_SLICE_GRAD, (_tensor(dy),), {"shape": tuple(shape), "key": key})


# -- gather and its transpose, unsorted_segment_sum -----------------------------------------------
def _gather_axis_error(axis: int, rank: int, hint: str | None = None):
    """TF's error for a gather axis the params do not have."""
    return invalid_argument("GatherV2", f"Shape must be at least rank {max(axis, -axis - 1) + 1} "
                                        f"but is rank {rank}", hint)


def _gather(params, indices, axis):
    if not -params.ndim <= axis < params.ndim:  # (in a graph fed tensors of any rank)
        raise _gather_axis_error(axis, params.ndim,
                                 f"axis must be in [{-params.ndim}, {params.ndim}).")
    size = params.shape[axis]
    bad = (indices < 0) | (indices >= size)
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        at = f"[{','.join(map(str, where))}]" if where else ""  # (TF: "indices[0,2]"; a scalar:
        raise invalid_argument(                                 # "indices = 7")
            "GatherV2", f"indices{at} = {int(indices[where])} is not in [0, {size})")
    out = np.take(params, indices, axis=axis)
    return as_object_array(out) if params.dtype == object else out


def _gather_grad(op, dy):
    params, indices = op.inputs
    axis = op.attrs["axis"]
    size = None if params._value.shape is None else params._value.shape[axis]
    if size is None:
        raise NotImplementedError("the gradient of tf.gather needs the size of the gathered axis "
                                  "while tracing; this engine has no gradient for it in a graph "
                                  "traced for unknown shapes (give the placeholder a shape)")
    # Each gathered row sends its gradient back to the row it came from (summing repeats).
    return (_scatter_add(dy, indices, size, axis), None)


GATHER = register(Op("GatherV2", _gather, _gather_grad, dtypes=_MOVE, same_dtype=False))


def gather(params, indices, axis=None, batch_dims=0, name=None) -> Tensor:
    """Picks slices of `params` at `indices` along `axis` (default 0). Mirrors `tf.gather`.

    >>> tf.gather(tf.constant([10, 20, 30]), [2, 0])
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([30, 10], dtype=int32)>
    """
    params, indices = _tensor(params), _tensor(indices)
    if indices.dtype not in _INDEX_TYPES:  # (TF's kernel attr for the indices' dtype)
        raise invalid_argument("GatherV2", f"Value for attr 'Tindices' of "
                                           f"{dtypes.kernel_name(indices.dtype)} is not in the list "
                                           "of allowed values: int16, int32, int64")
    if batch_dims:
        return _batch_gather(params, indices, axis, int(batch_dims))
    axis = 0 if axis is None else int(axis)
    if params.ndim is None:  # unknown rank: the kernel checks the axis when the graph runs
        return execute(GATHER, (params, indices), {"axis": axis}, name=name)
    if -params.ndim <= axis < params.ndim:  # (a bad axis is the kernel's error: TF's shape
        axis %= params.ndim                 #  function's ValueError while a graph is built)
    return execute(GATHER, (params, indices), {"axis": axis}, name=name)


def _batch_gather(params, indices, axis, batch_dims) -> Tensor:
    """tf.gather with batch_dims: each batch of `indices` picks from its own batch of `params`.

    With the gathered axis moved next to the batch dimensions, that is a gather_nd
    with one coordinate per index (indices[..., None]); a transpose puts the axes back.
    """
    from .array_ops import expand_dims, transpose
    from .scatter_ops import gather_nd
    rank, i_rank = params.ndim, indices.ndim
    if rank is None or i_rank is None:
        raise NotImplementedError("tf.gather with batch_dims needs tensors of known rank in this "
                                  "engine")
    if not -i_rank <= batch_dims <= i_rank:
        raise invalid_argument("GatherV2", f"Expected batch_dims in the range [{-i_rank}, "
                                           f"{i_rank}], but got {batch_dims}")
    if batch_dims < 0:  # counted from the end of indices' dimensions: -1 is all but the last
        batch_dims += i_rank
    axis = batch_dims if axis is None else int(axis) % rank
    if axis < batch_dims:
        raise ValueError(f"batch_dims ({batch_dims}) must be less than or equal to axis ({axis}).")
    for d in range(batch_dims):
        p, i = params._value.shape[d], indices._value.shape[d]
        if p is not None and i is not None and p != i:
            raise invalid_argument("GatherV2", f"params.shape[{d}]: {p} should be equal to "
                                               f"indices.shape[{d}]: {i}")
    if batch_dims == 0:
        return gather(params, indices, axis=axis)
    order = list(range(rank))
    order.insert(batch_dims, order.pop(axis))  # the gathered axis right after the batch
    moved = params if axis == batch_dims else transpose(params, order)
    out = gather_nd(moved, expand_dims(indices, -1), batch_dims=batch_dims)
    if axis == batch_dims:
        return out
    # out is [batch, indices' own dims, params' dims before axis, after]: swap the middle two
    b, inner, middle = batch_dims, i_rank - batch_dims, axis - batch_dims
    back = list(range(b)) + list(range(b + inner, b + inner + middle)) + \
        list(range(b, b + inner)) + list(range(b + inner + middle, rank - 1 + inner))
    return transpose(out, back)


def _segment_sum(data, ids, num_segments, axis):
    bad = (ids < 0) | (ids >= num_segments)
    if np.any(bad):
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise invalid_argument("UnsortedSegmentSum",
                               f"segment_ids{list(where)} = {int(ids[where])} is out of range "
                               f"[0, {num_segments})")
    moved = np.moveaxis(data, list(range(axis, axis + ids.ndim)), list(range(ids.ndim)))
    out = np.zeros((num_segments,) + moved.shape[ids.ndim:], dtype=data.dtype)
    np.add.at(out, ids, moved)
    return np.moveaxis(out, 0, axis)


SEGMENT_SUM = register(Op(
    "UnsortedSegmentSum", _segment_sum,
    # a sum of rows: each row's gradient is the gradient of the segment it went to
    lambda op, dy: (gather(dy, op.inputs[1], axis=op.attrs["axis"]), None),
    dtypes=dtypes.NUMERIC, same_dtype=False))


def _scatter_add(data, ids, num_segments, axis=0) -> Tensor:
    return execute(SEGMENT_SUM, (data, ids), {"num_segments": int(num_segments), "axis": axis})


def unsorted_segment_sum(data, segment_ids, num_segments, name=None) -> Tensor:
    """Sums rows of `data` that share a segment id. Mirrors `tf.math.unsorted_segment_sum`.

    >>> tf.math.unsorted_segment_sum(tf.constant([1, 2, 3]), [0, 1, 0], 2)
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([4, 2], dtype=int32)>
    """
    return _scatter_add(_tensor(data), _tensor(segment_ids), int(num_segments), 0)


# -- one_hot ---------------------------------------------------------------------------
def _one_hot(indices, on_value, off_value, depth, axis):
    eye = np.arange(depth) == indices[..., None]  # out-of-range indices give all-off rows, as TF
    out = np.where(eye, on_value, off_value).astype(on_value.dtype)
    return np.moveaxis(out, -1, axis) if axis != -1 else out


ONE_HOT = register(Op("OneHot", _one_hot, None, dtypes=(dtypes.uint8, dtypes.int32,
                                                        dtypes.int64), same_dtype=False))


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None,
            name=None) -> Tensor:
    """Rows of `depth` zeros with a 1 at each index. Mirrors `tf.one_hot`.

    >>> tf.one_hot([0, 2], depth=3)
    <tf.Tensor: shape=(2, 3), dtype=float32, numpy=array([[1., 0., 0.], [0., 0., 1.]], dtype=float32)>
    """
    indices = _tensor(indices)
    # TF's rules: on/off values pick the dtype, must agree with each other and with `dtype=`.
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    on = None if on_value is None else convert_to_tensor(on_value, dtype_hint=dtype)
    off = None if off_value is None else convert_to_tensor(off_value, dtype_hint=dtype)
    for which, value in (("on_value", on), ("off_value", off)):
        if value is not None and dtype is not None and value.dtype is not dtype:
            raise TypeError(f"dtype {value.dtype} of {which} does not match dtype parameter {dtype}")
    if dtype is None:
        dtype = on.dtype if on is not None else (off.dtype if off is not None else dtypes.float32)
    on = convert_to_tensor(1, dtype=dtype) if on is None else on
    off = convert_to_tensor(0, dtype=dtype) if off is None else off
    if on.dtype is not off.dtype:
        raise TypeError(f"dtype {on.dtype} of on_value does not match dtype {off.dtype} of "
                        "off_value")
    axis = -1 if axis is None else int(axis)
    depth = int(int_argument(depth, "OneHot", "TI", exact=True).reshape(-1)[0])
    return execute(ONE_HOT, (indices, on, off), {"depth": depth, "axis": axis}, name=name)


# -- where -------------------------------------------------------------------------------
WHERE = register(Op("Where", lambda c: np.argwhere(c).astype(np.int64), None, dtypes=_ALL))


def _select_grad(op, dy):
    c, x, y = op.inputs
    zero = _zeros(dy)
    return (None, _m.unbroadcast(where(c, dy, zero), x), _m.unbroadcast(where(c, zero, dy), y))


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _zeros(t: Tensor) -> Tensor:
    from .array_ops import zeros_like
    return zeros_like(t)


_UNSIGNED = {n: np.dtype(f"u{n}") for n in (1, 2, 4, 8)}  # the same bits, read as an integer


def _select(condition, x, y):
    condition, x, y = np.asarray(condition), np.asarray(x), np.asarray(y)
    try:
        if condition.size + x.size + y.size > 64 and x.dtype == y.dtype and \
                x.dtype.kind in "biufc" and x.dtype.itemsize in _UNSIGNED:
            # The same bits np.where picks, without its per-element branch (mispredicted
            # half the time on a random condition, such as a dropout mask: three times
            # slower). As unsigned integers, y ^ ((x ^ y) * condition) is y ^ x ^ y = x
            # where the condition holds and y ^ 0 = y elsewhere; three passes, one array.
            # (A few elements are quicker through np.where: fewer NumPy calls.)
            bits = _UNSIGNED[x.dtype.itemsize]
            xb, yb = x.view(bits), y.view(bits)
            shape = np.broadcast(condition, xb, yb).shape  # (the output's: all three broadcast)
            out = np.bitwise_xor(xb, yb, out=np.empty(shape, bits))
            np.multiply(out, condition, out=out)
            np.bitwise_xor(out, yb, out=out)
            out = out.view(x.dtype)
        else:  # a few elements; strings, complex128
            out = np.where(condition, x, y)
    except ValueError:
        raise invalid_argument("SelectV2", f"condition {_dims(np.shape(condition))}, then "
                                           f"{_dims(np.shape(x))}, and else {_dims(np.shape(y))} "
                                           "must be broadcastable") from None
    return out[()] if out.ndim == 0 else out  # (a 0-d array; a rank-0 value is a scalar)


SELECT = register(Op("SelectV2", _select, _select_grad, dtypes=_MOVE, same_dtype=False))


def where(condition, x=None, y=None, name=None) -> Tensor:
    """`x` where `condition` is true, else `y` (broadcasting). Mirrors `tf.where`.

    With only `condition`, returns the coordinates of its true elements (int64).

    >>> tf.where(tf.constant([True, False]), 1.0, 0.0)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 0.], dtype=float32)>
    """
    condition = _tensor(condition)
    if x is None and y is None:
        return execute(WHERE, (condition,), name=name)  # TF: nonzero numbers count as true here
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    if condition.dtype is not dtypes.bool:
        raise invalid_argument("SelectV2", f"cannot compute SelectV2 as input #0(zero-based) was "
                                           f"expected to be a bool tensor but is a "
                                           f"{dtypes.kernel_name(condition.dtype)} tensor",
                               "compare first, e.g. tf.where(x > 0, x, 0.0).")
    hint = x.dtype if isinstance(x, Tensor) else (y.dtype if isinstance(y, Tensor) else None)
    x = _tensor(x) if hint is None else convert_to_tensor(x, dtype_hint=hint)
    y = _tensor(y) if hint is None else convert_to_tensor(y, dtype_hint=hint)
    if x.dtype is not y.dtype:
        raise invalid_argument("SelectV2", f"cannot compute SelectV2 as input #2(zero-based) was "
                                           f"expected to be a {dtypes.kernel_name(x.dtype)} tensor but is a "
                                           f"{dtypes.kernel_name(y.dtype)} tensor",
                               f"tf.cast one side, e.g. tf.cast(y, tf.{x.dtype.name}).")
    return execute(SELECT, (condition, x, y), name=name)


# -- clip_by_value (a composite in TF too) -------------------------------------------------------
def clip_by_value(t, clip_value_min, clip_value_max, name=None) -> Tensor:
    """Limits values to [min, max]. Mirrors `tf.clip_by_value`.

    >>> tf.clip_by_value(tf.constant([1, 5]), 2, 4)
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([2, 4], dtype=int32)>
    """
    t = _tensor(t)
    # Python bounds take t's dtype; tensor bounds must already have it (Minimum/Maximum check).
    low = clip_value_min if isinstance(clip_value_min, Tensor) else \
        convert_to_tensor(clip_value_min, dtype=t.dtype)
    high = clip_value_max if isinstance(clip_value_max, Tensor) else \
        convert_to_tensor(clip_value_max, dtype=t.dtype)
    return _m.maximum(_m.minimum(t, high), low)


def clip_by_norm(t, clip_norm, axes=None, name=None) -> Tensor:
    """Scales `t` down so that its L2 norm (over `axes`) is at most `clip_norm`.

    Mirrors `tf.clip_by_norm`: `t * clip_norm / max(norm(t), clip_norm)`.

    >>> tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.6, 0.8], dtype=float32)>
    """
    from .reduce_ops import reduce_sum
    from .unary_ops import sqrt
    t = _tensor(t)
    clip = convert_to_tensor(clip_norm, dtype_hint=t.dtype)
    l2sum = reduce_sum(_m.multiply(t, t), axis=axes, keepdims=True)
    positive = _m.greater(l2sum, 0)
    # TF: where the sum is 0 the norm is 0, without taking sqrt(0) (its gradient is inf)
    l2norm = where(positive, sqrt(where(positive, l2sum, _m.add(_zeros(l2sum), 1))), l2sum)
    return _m.truediv(_m.multiply(t, clip), _m.maximum(l2norm, clip))


# -- boolean_mask: where + gather ------------------------------------------------------------
def boolean_mask(tensor, mask, axis=None, name="boolean_mask") -> Tensor:
    """The elements (or slices) of `tensor` where `mask` is True, flattened. Mirrors `tf.boolean_mask`.

    The mask covers dimensions `axis .. axis + mask.ndim` of the tensor; TF builds
    this from `reshape`, `where` and `gather`, and so do we (the gradient is gather's).

    >>> tf.boolean_mask(tf.constant([1, 2, 3]), [True, False, True])
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 3], dtype=int32)>
    """
    from .array_ops import reshape
    tensor, mask = _tensor(tensor), _tensor(mask)
    if mask.dtype is not dtypes.bool:
        raise TypeError(f"tf.boolean_mask needs a bool mask, got {mask.dtype.name}.")
    axis = 0 if axis is None else int(axis)
    k, shape = mask.ndim, tensor._value.shape
    if k is None:  # TF's own limit
        raise ValueError("Number of mask dimensions must be specified, even if some dimensions are "
                         "None.  E.g. shape=[None] is ok, but shape=None is not.")
    if k == 0:
        raise ValueError("mask cannot be scalar.")
    if shape is None:  # the tensor's rank is unknown: its shape is known when the graph runs
        from .array_ops import concat, shape as shape_op
        dims = shape_op(tensor)
        flat = concat([dims[:axis], [-1], dims[axis + k:]], 0)
        indices = reshape(where(reshape(mask, [-1])), [-1])
        return gather(reshape(tensor, flat), indices, axis=axis)
    axis %= max(tensor.ndim, 1)
    if tensor.ndim < axis + k or tuple(shape[axis:axis + k]) != tuple(mask._value.shape):
        covered = tensor.shape[axis:axis + k] if tensor.ndim >= axis + k else tensor.shape
        raise ValueError(f"Shapes {covered} and {mask.shape} are incompatible")
    flat = reshape(tensor, list(shape[:axis]) + [-1] + list(shape[axis + k:]))
    indices = reshape(where(reshape(mask, [-1])), [-1])
    return gather(flat, indices, axis=axis)
