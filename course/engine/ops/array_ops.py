"""Shape ops: `tf.cast`, `reshape`, `transpose`, `concat`, `stack`, `tile`, ...

These move or copy elements without arithmetic, so their gradients move the
incoming gradient back: reshape's gradient is a reshape, transpose's is the
inverse transpose, broadcasting's is a sum.
"""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, TensorShape, convert_to_tensor, int_argument
from . import register
from . import index_ops as _index
from . import math_ops as _m
from . import reduce_ops as _reduce

_ALL = dtypes.ALL
_MOVE = dtypes.ALL_AND_STRING  # ops that only move or copy elements work on strings too


def _tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


def _ints(values) -> tuple:
    if isinstance(values, Tensor):
        values = values.numpy()
    if isinstance(values, TensorShape):
        values = values.as_list()
    return tuple(int(v) for v in np.atleast_1d(np.asarray(values, dtype=np.int64)).tolist()) \
        if np.ndim(values) else (int(values),)


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


# -- cast -----------------------------------------------------------------------
def _cast_grad(op, dy):
    # TF: the gradient passes back only between floating and complex types (a real gradient
    # becomes complex with no imaginary part; a complex one, cast to real, drops it).
    x, y = op.inputs[0], op.output
    if x._value.dtype.kind in "fc" and y._value.dtype.kind in "fc":
        return (cast(dy, x.dtype),)
    return (None,)


def _cast(x, DstT):
    if x.dtype.kind in "biu" and DstT != np.float16:
        return x.astype(DstT)  # (exact, or wrapping as TF's integers do: NumPy never warns here)
    if x.dtype.kind == "c" and np.dtype(DstT).kind != "c":
        x = x.real  # TF: casting complex to real keeps the real part (NumPy would warn)
    with np.errstate(invalid="ignore", over="ignore"):  # (nan or inf to an integer; overflow)
        return x.astype(DstT)


CAST = register(Op("Cast", _cast, _cast_grad, dtypes=_ALL))


def cast(x, dtype, name=None) -> Tensor:
    """Converts `x` to `dtype`. Mirrors `tf.cast`.

    Floats become integers by truncation toward zero, and out-of-range integers
    wrap, as in TF:

    >>> tf.cast(tf.constant([1.7, -1.7]), tf.int32)
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([ 1, -1], dtype=int32)>
    """
    dtype = dtypes.as_dtype(dtype)
    x = _tensor(x)
    if x.dtype is dtype:
        return x
    if dtypes.string in (x.dtype, dtype):  # TF: parsing and printing are their own ops
        from ..errors import UnimplementedError
        raise UnimplementedError(None, "Cast", (
            f"Cast {dtypes.kernel_name(x.dtype)} to {dtypes.kernel_name(dtype)} is not "
            "supported [Op:Cast]"
            "\nHint: use tf.strings.to_number to parse strings, tf.strings.as_string to print "
            "numbers."))
    return execute(CAST, (x,), {"DstT": dtype.as_numpy_dtype}, name=name)


# -- reshape --------------------------------------------------------------------------
# The target shape is an attr when it is known while tracing, or a second input (an int
# tensor, as in TF) when it is computed while the graph runs: a batch of unknown size.
def _reshape(x, shape):
    shape = tuple(int(d) for d in np.reshape(shape, -1)) if not isinstance(shape, tuple) else shape
    known = math.prod(d for d in shape if d != -1)
    if shape.count(-1) > 1:
        first, second = [i for i, d in enumerate(shape) if d == -1][:2]
        raise invalid_argument("Reshape", f"Only one input size may be -1, not both {first} and "
                                          f"{second}")
    if -1 in shape and known == 0 and x.size:
        raise invalid_argument("Reshape", f"Input to reshape is a tensor with {x.size} values, but "
                                          "the requested shape has 0")
    if -1 in shape:
        if known == 0 or x.size % known:
            raise invalid_argument(
                "Reshape", f"Input to reshape is a tensor with {x.size} values, but the requested "
                           f"shape requires a multiple of {known}",
                f"the input has shape {list(x.shape)}; choose sizes whose product divides {x.size}.")
    elif known != x.size:
        raise invalid_argument(
            "Reshape", f"Input to reshape is a tensor with {x.size} values, but the requested "
                       f"shape has {known}",
            f"the input has shape {list(x.shape)}; the new shape must hold the same number of "
            "values (use -1 for one dimension to have it computed).")
    return np.reshape(x, shape)


RESHAPE = register(Op("Reshape", _reshape, lambda op, dy: (reshape(dy, shape_of(op.inputs[0])),),
                      dtypes=_MOVE, same_dtype=False))


def shape_of(x: Tensor):
    """x's shape: a tuple when it is known now, else `tf.shape(x)` (known when the graph runs).

    Gradient functions use it to give a gradient its input's shape, also in a
    graph traced for batches of any size.
    """
    dims = x._value.shape
    if dims is not None and None not in dims:
        return dims
    return shape(x)


def _plain_dims(shape):
    """`shape` as a tuple if it is a plain list or tuple of Python ints (the usual case), else None."""
    if type(shape) in (tuple, list):
        for d in shape:
            if type(d) is not int:
                return None
        return tuple(shape)
    return None


def _is_dynamic(shape) -> bool:
    return isinstance(shape, Tensor) or (isinstance(shape, (list, tuple)) and
                                         any(isinstance(d, Tensor) for d in shape))


def _shape_tensor(shape, op: str, attr: str) -> Tensor:
    """A shape given as a tensor, or as a list mixing numbers and scalar tensors, as int32."""
    if isinstance(shape, Tensor):
        if shape.dtype not in (dtypes.int32, dtypes.int64):  # TF: a float shape is refused
            name = dtypes.kernel_name(shape.dtype)
            raise invalid_argument(op, f"Value for attr '{attr}' of {name} is not in the list of "
                                       "allowed values: int32, int64")
        return shape
    return stack([cast(d, dtypes.int32) if isinstance(d, Tensor) else
                  convert_to_tensor(int(d), dtype=dtypes.int32) for d in shape])


def reshape(tensor, shape, name=None) -> Tensor:
    """Same values, new shape; one dimension may be -1 (computed). Mirrors `tf.reshape`.

    >>> tf.reshape(tf.range(6), [2, -1])
    <tf.Tensor: shape=(2, 3), dtype=int32, numpy=array([[0, 1, 2], [3, 4, 5]], dtype=int32)>
    """
    dims = _plain_dims(shape)
    if dims is None:
        if _is_dynamic(shape):
            return execute(RESHAPE, (_tensor(tensor), _shape_tensor(shape, "Reshape", "Tshape")),
                           name=name)
        dims = tuple(int(d) for d in int_argument(shape, "Reshape", "Tshape").reshape(-1))
    return execute(RESHAPE, (_tensor(tensor),), {"shape": dims}, name=name)


# -- transpose -------------------------------------------------------------------------
def _transpose(x, perm):
    if perm is None:  # (a graph fed tensors of any rank: reverse whatever rank comes)
        return np.transpose(x)
    if len(perm) != x.ndim:
        raise invalid_argument("Transpose", f"transpose expects a vector of size {x.ndim}. "
                                            f"But input(1) is a vector of size {len(perm)}")
    for p in perm:
        if not 0 <= p < x.ndim:
            raise invalid_argument("Transpose", f"{p} is out of range [0 .. {x.ndim})")
    for d in range(x.ndim):
        if d not in perm:
            raise invalid_argument("Transpose", f"{d} is missing from "
                                                f"{{{','.join(map(str, perm))}}}.",
                                   "perm must list every dimension exactly once.")
    return np.transpose(x, perm)


TRANSPOSE = register(Op("Transpose", _transpose,
                        # the inverse permutation undoes the move
                        lambda op, dy: (transpose(dy, None if op.attrs["perm"] is None else
                                                  tuple(np.argsort(op.attrs["perm"]))),),
                        dtypes=_MOVE))


def transpose(a, perm=None, conjugate: bool = False, name=None) -> Tensor:
    """Permutes dimensions; by default reverses them. Mirrors `tf.transpose`.

    >>> tf.transpose(tf.constant([[1, 2, 3]])).shape
    TensorShape([3, 1])
    """
    a = _tensor(a)
    if a.ndim is None:  # unknown rank: a perm of None reverses the dimensions when it runs
        perm = None if perm is None else _ints(perm)
        return execute(TRANSPOSE, (a,), {"perm": perm}, name=name)
    perm = tuple(reversed(range(a.ndim))) if perm is None else _ints(perm)
    perm = tuple(p + a.ndim if p < 0 else p for p in perm)  # TF: -1 is the last axis
    return execute(TRANSPOSE, (a,), {"perm": perm}, name=name)


# -- squeeze and expand_dims --------------------------------------------------------------
def _to_input_shape(op, dy):
    return (reshape(dy, shape_of(op.inputs[0])),)


def _squeeze(x, axis):
    if axis is None:  # (a graph fed tensors of any rank: every dimension of size 1)
        return np.squeeze(x)
    for a in axis:
        if not -x.ndim <= a < x.ndim:
            raise invalid_argument("Squeeze", f"Tried to squeeze dim index {a} for tensor with "
                                              f"{x.ndim} dimensions.")
    axis = tuple(sorted({a % x.ndim for a in axis}))
    for a in axis:
        if x.shape[a] != 1:
            raise invalid_argument("Squeeze", f"Can not squeeze dim[{a}], expected a dimension "
                                              f"of 1, got {x.shape[a]}")
    return np.squeeze(x, axis=axis)


SQUEEZE = register(Op("Squeeze", _squeeze, _to_input_shape, dtypes=_MOVE))


def squeeze(input, axis=None, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Removes dimensions of size 1 (all, or those in `axis`). Mirrors `tf.squeeze`."""
    x = _tensor(input)
    if x.ndim is None:  # unknown rank: the kernel finds the axes when the graph runs
        axes = None if axis is None else _ints(axis)
    elif axis is None:
        axes = tuple(i for i, n in enumerate(x._value.shape) if n == 1)
    else:  # (as given, TF's squeeze_dims: the kernel checks and normalizes them)
        axes = tuple(_ints(axis))
    return execute(SQUEEZE, (x,), {"axis": axes}, name=name)


def _expand_dims(x, axis):
    if not -x.ndim - 1 <= axis <= x.ndim:
        raise invalid_argument("ExpandDims", f"Tried to expand dim index {axis} for tensor with "
                                             f"{x.ndim} dimensions.",
                               f"axis must be in [{-x.ndim - 1}, {x.ndim}].")
    return np.expand_dims(x, axis)


EXPAND_DIMS = register(Op("ExpandDims", _expand_dims, _to_input_shape, dtypes=_MOVE))


def expand_dims(input, axis, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Inserts a dimension of size 1 at `axis`. Mirrors `tf.expand_dims`.

    >>> tf.expand_dims(tf.constant([1, 2]), 0).shape
    TensorShape([1, 2])
    """
    return execute(EXPAND_DIMS, (_tensor(input),), {"axis": int(axis)}, name=name)


# -- broadcast_to and tile --------------------------------------------------------------
def _broadcast_to(x, shape):
    shape = tuple(int(d) for d in np.reshape(shape, -1)) if not isinstance(shape, tuple) else shape
    if x.ndim == 0 and shape:  # a scalar fills the shape (the mean's gradient): fill() is
        out = np.empty(shape, x.dtype)  # much cheaper than np.broadcast_to's Python wrapper
        out.fill(x[()])  # ([()]: a string scalar is a 0-d array; fill with its bytes)
        return out
    if x.ndim > len(shape):
        raise invalid_argument("BroadcastTo", f"Rank of input ({x.ndim}) must be no greater than "
                                              f"rank of output shape ({len(shape)}).")
    try:
        return np.broadcast_to(x, shape)
    except ValueError:
        raise invalid_argument("BroadcastTo", f"Incompatible shapes: {_dims(x.shape)} vs. "
                                              f"{_dims(shape)}") from None


BROADCAST_TO = register(Op("BroadcastTo", _broadcast_to,
                           lambda op, dy: (_m.unbroadcast(dy, op.inputs[0]),), dtypes=_MOVE,
                           same_dtype=False))


def broadcast_to(input, shape, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Repeats `input` along size-1 (or missing) dimensions to `shape`. Mirrors `tf.broadcast_to`."""
    x = _tensor(input)
    dims = _plain_dims(shape)
    if dims is None and _is_dynamic(shape):
        return execute(BROADCAST_TO, (x, _shape_tensor(shape, "BroadcastTo", "Tidx")), name=name)
    shape = dims or tuple(int(d) for d in int_argument(shape, "BroadcastTo", "Tidx").reshape(-1))
    if x._value.shape == shape:
        return x
    return execute(BROADCAST_TO, (x,), {"shape": shape}, name=name)


def _tile(x, multiples):
    if len(multiples) != x.ndim:
        raise invalid_argument("Tile", f"Expected multiples argument to be a vector of length "
                                       f"{x.ndim} but got length {len(multiples)}")
    if x.dtype == np.uint16 and any(m != 1 for m in multiples):
        # TF 2.21 registers Tile for every dtype, but its CPU kernel has no uint16 branch
        # (multiples of all ones copy the input before that branch is reached)
        from ..errors import UnimplementedError
        raise UnimplementedError(None, "Tile", "TileOp : The input data type is not supported, "
                                               f"DataType : uint16, Dimension : {x.ndim} [Op:Tile]")
    return np.tile(x, multiples)


def _tile_grad(op, dy):
    # Each copy sends its gradient back: view dy as [m0, d0, m1, d1, ...] and sum the m's.
    x, multiples = op.inputs[0], op.attrs["multiples"]
    shape = x._value.shape
    if shape is None or None in shape:  # x's shape known when the graph runs: pair it up there
        split = reshape(stack([convert_to_tensor(list(multiples), dtype=dtypes.int32), shape_of(x)],
                              axis=1), [-1])
    else:
        split = tuple(n for pair in zip(multiples, shape) for n in pair)
    return (_reduce.reduce_sum(reshape(dy, split), axis=tuple(range(0, 2 * len(multiples), 2))),)


TILE = register(Op("Tile", _tile, _tile_grad, dtypes=_MOVE))


def tile(input, multiples, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Repeats `input` `multiples[i]` times along dimension i. Mirrors `tf.tile`."""
    multiples = int_argument(multiples, "Tile", "Tmultiples").reshape(-1)
    return execute(TILE, (_tensor(input),), {"multiples": tuple(int(m) for m in multiples)},
                   name=name)


# -- concat and stack ---------------------------------------------------------------------
def _along(axis: int, k) -> tuple:
    """The index `k` at `axis`; a negative axis counts from the end (rank unknown, say)."""
    if axis >= 0:
        return (slice(None),) * axis + (k,)
    return (Ellipsis, k) + (slice(None),) * (-axis - 1)


def _pieces(dy, sizes, axis, squeeze):
    """Cuts dy along `axis` into consecutive pieces of `sizes` (for concat and stack)."""
    out, start = [], 0
    for size in sizes:
        out.append(_index.strided_slice(dy, _along(axis, start if squeeze else
                                                   slice(start, start + size))))
        start += size
    return tuple(out)


def _concat_grad(op, dy):
    axis = op.attrs["axis"]
    shapes = [x._value.shape for x in op.inputs]
    if all(s is not None and s[axis] is not None for s in shapes):
        return _pieces(dy, [s[axis] for s in shapes], axis, False)
    # sizes known only when the graph runs: each piece is a gather of its range of indices
    from .creation_ops import range as range_op
    out, start = [], 0
    for x in op.inputs:
        stop = _m.add(start, _index.strided_slice(shape(x), (axis,)))
        out.append(_index.gather(dy, range_op(start, stop), axis=axis))
        start = stop
    return tuple(out)


def _concat(*values, axis):
    first = values[0]
    rank = first.ndim  # (checked here too: in a graph fed tensors of any rank only the kernel
    if not -rank <= axis < max(rank, 1):  # knows the rank)
        raise invalid_argument("ConcatV2", f"ConcatOp : Expected concatenating dimensions in the "
                                           f"range [{-rank}, {rank}), but got {axis}")
    axis %= max(rank, 1)
    for i, v in enumerate(values[1:], 1):
        if v.ndim != first.ndim:
            raise invalid_argument(
                "ConcatV2", f"ConcatOp : Ranks of all input tensors should match: shape[0] = "
                            f"{_dims(first.shape)} vs. shape[{i}] = {_dims(v.shape)}")
        for d, (a, b) in enumerate(zip(first.shape, v.shape)):
            if d != axis and a != b:
                raise invalid_argument(
                    "ConcatV2", f"ConcatOp : Dimension {d} in both shapes must be equal: shape[0] "
                                f"= {_dims(first.shape)} vs. shape[{i}] = {_dims(v.shape)}",
                    f"only dimension {axis} (the concat axis) may differ.")
    return np.concatenate(values, axis=axis)


CONCAT = register(Op("ConcatV2", _concat, _concat_grad, dtypes=_MOVE))


def concat(values, axis, name="concat") -> Tensor:
    """Joins tensors along an existing dimension. Mirrors `tf.concat`.

    >>> tf.concat([tf.constant([[1, 2]]), tf.constant([[3, 4]])], axis=0).shape
    TensorShape([2, 2])
    """
    values = _convert_list(values)
    rank = values[0].ndim
    if rank is None:  # unknown rank: the kernel checks the axis when the graph runs
        return execute(CONCAT, tuple(values), {"axis": int(axis)}, name=name)
    axis = int(axis)  # (a bad axis is the kernel's error: the shape function's while tracing)
    return execute(CONCAT, tuple(values), {"axis": axis % rank if -rank <= axis < rank else axis},
                   name=name)


def _stack(*values, axis):
    rank = values[0].ndim + 1  # (checked here too, for a graph fed tensors of any rank)
    if not -rank <= axis < rank:
        raise invalid_argument("Pack", f"axis = {axis} not in [{-rank}, {rank})")
    for i, v in enumerate(values[1:], 1):
        if v.shape != values[0].shape:
            raise invalid_argument("Pack", f"Shapes of all inputs must match: values[0].shape = "
                                           f"{_dims(values[0].shape)} != values[{i}].shape = "
                                           f"{_dims(v.shape)}")
    dtype = np.asarray(values[0]).dtype
    if axis == 0 and dtype.kind in "biufc":  # (numbers and bools; strings keep np.stack)
        # One array from the list, as np.stack would make it; np.stack first gives each
        # value a new axis (a batch of 500 scalars: 400 us, this way 10 us).
        return np.array(values, dtype=dtype)
    return np.stack(values, axis=axis)


PACK = register(Op("Pack", _stack, lambda op, dy: _pieces(dy, [1] * len(op.inputs),
                                                        op.attrs["axis"], True), dtypes=_MOVE))


def stack(values, axis: int = 0, name="stack") -> Tensor:
    """Joins tensors of one shape along a new dimension. Mirrors `tf.stack`.

    >>> tf.stack([tf.constant([1, 2]), tf.constant([3, 4])], axis=1)
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=array([[1, 3], [2, 4]], dtype=int32)>
    """
    values = _convert_list(values)
    if values[0].ndim is None:  # unknown rank: the kernel checks the axis when the graph runs
        return execute(PACK, tuple(values), {"axis": int(axis)}, name=name)
    rank = values[0].ndim + 1
    if not -rank <= int(axis) < rank:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-rank}, {rank})")
    return execute(PACK, tuple(values), {"axis": int(axis) % rank}, name=name)


def unstack(value, num=None, axis: int = 0, name="unstack") -> list:
    """Splits a tensor into a list along `axis`. Mirrors `tf.unstack`."""
    x = _tensor(value)
    axis = int(axis) if x.ndim is None else int(axis) % x.ndim
    if num is None:
        num = None if x.ndim is None else x._value.shape[axis]
        if num is None:
            raise ValueError(f"Cannot infer argument `num` from shape {x.shape}")
    return [_index.strided_slice(x, _along(axis, i)) for i in range(int(num))]


def _convert_list(values) -> list:
    values = list(values)
    if not values:
        raise ValueError("Expected a non-empty list of tensors.")
    hint = next((v.dtype for v in values if isinstance(v, Tensor)), None)
    # TF: Python values must convert to the tensors' dtype (stack([int_t, 2.5]) is a TypeError)
    return [v if isinstance(v, Tensor) else
            convert_to_tensor(v, dtype=hint) if hint is not None and _is_python(v) else
            convert_to_tensor(v, dtype_hint=hint) for v in values]


def _is_python(value) -> bool:
    return isinstance(value, (bool, int, float, list, tuple))


# -- identity, stop_gradient, zeros_like, ones_like ---------------------------------------
IDENTITY = register(Op("Identity", lambda x: x, lambda op, dy: (dy,), dtypes=_MOVE))


def identity(input, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Returns a tensor with the same value. Mirrors `tf.identity`."""
    return execute(IDENTITY, (_tensor(input),), name=name)


# TF: the gradient stops here (None), on purpose.
STOP_GRADIENT = register(Op("StopGradient", lambda x: x, lambda op, dy: (None,), dtypes=_MOVE))


def stop_gradient(input, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Passes the value on but blocks gradients. Mirrors `tf.stop_gradient`.

    >>> x = tf.Variable(2.0)
    >>> with tf.GradientTape() as tape:
    ...     y = x * tf.stop_gradient(x)
    >>> tape.gradient(y, x)   # only the first factor counts: d(x*c)/dx = c = 2
    <tf.Tensor: shape=(), dtype=float32, numpy=2.0>
    """
    return execute(STOP_GRADIENT, (_tensor(input),), name=name)


def _filled_like(fill):
    def kernel(x):
        if x.dtype == object:  # TF: the "zero" of a string is the empty string
            return np.full(x.shape, b"", dtype=object)
        if x.ndim == 0:
            return x.dtype.type(fill)
        out = np.empty(x.shape, x.dtype)  # (np.ones_like is a slow Python wrapper around this)
        out.fill(fill)
        return out
    return kernel


ZEROS_LIKE = register(Op("ZerosLike", _filled_like(0), lambda op, dy: (None,), dtypes=_MOVE))
ONES_LIKE = register(Op("OnesLike", _filled_like(1), lambda op, dy: (None,), dtypes=_ALL))


def zeros_like(input, dtype=None, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Zeros with the shape (and dtype) of `input`. Mirrors `tf.zeros_like`."""
    out = execute(ZEROS_LIKE, (_tensor(input),))
    return out if dtype is None else cast(out, dtype)


def ones_like(input, dtype=None, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Ones with the shape (and dtype) of `input`. Mirrors `tf.ones_like`."""
    out = execute(ONES_LIKE, (_tensor(input),))
    return out if dtype is None else cast(out, dtype)


# -- shape, size, rank (int32 metadata tensors) ----------------------------------------------
# Ops, not Python values: in a graph with unknown dimensions (a batch of any size) they
# give the actual sizes when the graph runs. Where the shape is known while tracing, the
# graph optimizer replaces them by constants (graph/optimize.py).
def _shape_of(x, out_type):
    return np.array(x.shape, dtype=out_type)


SHAPE = register(Op("Shape", _shape_of, None, dtypes=_MOVE))
SIZE = register(Op("Size", lambda x, out_type: np.array(x.size, dtype=out_type)[()], None,
                   dtypes=_MOVE))


def shape(input, out_type=dtypes.int32, name=None) -> Tensor:  # noqa: A002 - TF's name
    """The shape of `input` as an int32 tensor. Mirrors `tf.shape`."""
    return execute(SHAPE, (_tensor(input),), {"out_type": np.dtype(dtypes.as_dtype(out_type)
                                                                   .as_numpy_dtype)}, name=name)


def size(input, out_type=dtypes.int32, name=None) -> Tensor:  # noqa: A002 - TF's name
    """The number of elements of `input`. Mirrors `tf.size`."""
    return execute(SIZE, (_tensor(input),), {"out_type": np.dtype(dtypes.as_dtype(out_type)
                                                                  .as_numpy_dtype)}, name=name)


def _broadcast_gradient_args(s0, s1):
    # The axes each side was broadcast along (leading ones included), to sum its gradient over
    try:
        out = np.broadcast_shapes(tuple(s0), tuple(s1))
    except ValueError:
        raise invalid_argument("BroadcastGradientArgs", f"Incompatible shapes: {_dims(s0)} vs. "
                                                        f"{_dims(s1)}") from None
    return tuple(np.array([i for i in range(len(out)) if i < len(out) - len(s) or
                           (s[i - len(out) + len(s)] == 1 and out[i] != 1)], np.int32)
                 for s in (s0, s1))


# TF's op for gradients of broadcasting ops when shapes are known only as the graph runs
BROADCAST_GRADIENT_ARGS = register(Op("BroadcastGradientArgs", _broadcast_gradient_args, None,
                                      dtypes=(dtypes.int32, dtypes.int64), outputs=2))

RANK = register(Op("Rank", lambda x: np.int32(x.ndim), None, dtypes=_MOVE))


def rank(input, name=None) -> Tensor:  # noqa: A002 - TF's name
    """The number of dimensions of `input`, as an int32 scalar. Mirrors `tf.rank`.

    A constant when the rank is known now (as TF does); an op otherwise (a
    graph fed tensors of any rank).
    """
    x = _tensor(input)
    if x.ndim is None:
        return execute(RANK, (x,), name=name)
    return convert_to_tensor(np.int32(x.ndim))
