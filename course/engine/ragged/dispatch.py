"""Elementwise ops and reductions that also take RaggedTensors, in one place.

TF lets `tf.add`, `tf.math.sqrt`, `rt + 1`, `tf.reduce_sum(rt, axis=1)` take
ragged tensors ("dispatch"). An elementwise op does not care where rows end,
so on ragged tensors with the same rows it runs on their `flat_values` and the
result gets the same rows back:

    >>> rt = tf.ragged.constant([[1.0, 4.0], [9.0]])
    >>> tf.sqrt(rt)
    <tf.RaggedTensor [[1.0, 2.0], [3.0]]>

How a call gets here costs a call without RaggedTensors nothing: `tf.add(rt, 1)`
runs the plain op, whose `execute` cannot convert `rt` to a tensor; before
it gives up, execute asks the inputs' `__tf_dispatch__` (TF's dispatch), and
`RaggedTensor.__tf_dispatch__` is `op_dispatch` below: an op in
ELEMENTWISE_OPS runs on the flat values. Public functions that look at their
arguments before they reach `execute` are wrapped by `elementwise(fn)`
instead (TF's fallback dispatch: the plain function first, the ragged path
when it refuses a RaggedTensor). Reductions go to reductions.py.
"""
from __future__ import annotations

import functools

import numpy as np

from .. import dtypes
from ..execute import execute
from ..tensor import Tensor, convert_to_tensor
from ..ops import array_ops as _array
from ..ops import image_ops as _image
from ..ops import index_ops as _index
from ..ops import math_ops as _math
from ..ops import nn_ops as _nn
from ..ops import reduce_ops as _reduce
from ..ops import unary_ops as _unary
from . import partition as _p
from .ragged_tensor import RaggedTensor

__all__ = ["elementwise", "elementwise_list", "joining", "reduction", "map_flat_values", "ELEMENTWISE", "REDUCTIONS"]


def _same_rows(first: RaggedTensor, other: RaggedTensor, prefix: str = "") -> None:
    """TF's error when two ragged tensors do not share their row partitions."""
    ours, theirs = first.nested_row_splits, other.nested_row_splits
    if len(ours) != len(theirs):
        raise ValueError(f"ragged_rank {len(ours)} and {len(theirs)} do not match: an "
                         "elementwise op needs RaggedTensors with the same rows")
    for a, b in zip(ours, theirs):
        if a is b:   # (one tensor: equal, even in a graph where the numbers are not known)
            continue
        a, b = _p.numbers(a), _p.numbers(b)
        if not np.array_equal(a, b):
            raise _p.splits_differ(a, b, prefix)


def _broadcast_dense(arg, first: RaggedTensor):
    """A dense argument as values that line up with `first.flat_values` (TF's broadcasting).

    A dense tensor of no more dimensions than a row's inner ones broadcasts against
    them as it is. One as deep as the RaggedTensor needs size 1 in the ragged
    dimension (its rows then repeat for every value of a row), or rows exactly
    as long as the ragged ones.
    """
    dense = arg if isinstance(arg, Tensor) else convert_to_tensor(
        arg, dtype_hint=first.dtype)
    rank, inner = dense.shape.rank, first.flat_values.shape.rank - 1
    if rank <= inner:
        return dense
    if first.ragged_rank != 1:
        raise NotImplementedError(
            f"broadcasting a dense tensor of rank {rank} against a tf.RaggedTensor with "
            f"ragged_rank {first.ragged_rank} is not supported by this engine: use a scalar, "
            "a RaggedTensor with the same rows, or rt.to_tensor()")
    dims = [1] * (first.shape.rank - rank) + dense.shape.as_list()
    splits = first._splits()
    nrows = len(splits) - 1
    if dims[0] not in (1, nrows):
        raise _p.invalid("Condition x == y did not hold.",   # (TF's first line here)
                         f"a dense tensor of shape {dense.shape} does not broadcast against a "
                         f"RaggedTensor of shape {first.shape}: its first dimension must be 1 "
                         f"or {nrows}")
    if dims[1] != 1:   # rows of one length: they must be the ragged rows' lengths
        uniform = np.arange(nrows + 1, dtype=splits.dtype) * dims[1]
        if not np.array_equal(uniform, splits):
            raise _p.splits_differ(uniform, splits)
        full = _array.broadcast_to(_array.reshape(dense, dims), [nrows] + dims[1:])
        return _array.reshape(full, [-1] + dims[2:])
    rows = _array.reshape(dense, [dims[0]] + dims[2:])
    which = first.value_rowids() if dims[0] == nrows else \
        convert_to_tensor(np.zeros(int(splits[-1]), np.int64))
    return _index.gather(rows, which)


def _flat(arg, first: RaggedTensor):
    """The argument to give the op on flat_values."""
    if isinstance(arg, RaggedTensor):
        _same_rows(first, arg)
        return arg.flat_values
    if isinstance(arg, (Tensor, np.ndarray, list, tuple)) or hasattr(arg, "shape"):
        rank = arg.shape.rank if isinstance(arg, Tensor) else np.ndim(arg)
        if rank:
            return _broadcast_dense(arg, first)
    return arg


def map_flat_values(op, *args, **kwargs):
    """Applies `op` to the flat_values of the RaggedTensors among the arguments.

    Mirrors `tf.ragged.map_flat_values`: all ragged arguments must have the
    same rows; the result has those rows.

    >>> tf.ragged.map_flat_values(tf.ones_like, tf.ragged.constant([[5, 6], [7]]))
    <tf.RaggedTensor [[1, 1], [1]]>
    """
    leaves = list(args) + list(kwargs.values())
    first = next((a for a in leaves if isinstance(a, RaggedTensor)), None)
    if first is None:
        return op(*args, **kwargs)
    prefix = "RowPartition._merge_precomputed_encodings: partitions have incompatible row_splits"
    flat_args = [a.flat_values if isinstance(a, RaggedTensor) else a for a in args]
    flat_kwargs = {k: v.flat_values if isinstance(v, RaggedTensor) else v
                   for k, v in kwargs.items()}
    for a in leaves:
        if isinstance(a, RaggedTensor):
            _same_rows(first, a, prefix)
    result = op(*flat_args, **flat_kwargs)
    nvals = first.flat_values.shape[0]
    if not isinstance(result, Tensor):
        result = convert_to_tensor(result)
    if result.shape.rank == 0 or result.shape[0] != nvals:
        raise ValueError(f"tf.ragged.map_flat_values: the op must keep the number of values "
                         f"({nvals}); it returned shape {result.shape}")
    return first.with_flat_values(result)


# The ops that act on each value alone (TF's elementwise APIs): on ragged tensors with the same
# rows they run on the flat values. Op names, as execute() sees them.
ELEMENTWISE_OPS = frozenset({
    "AddV2", "Sub", "Mul", "RealDiv", "FloorDiv", "FloorMod", "Pow", "Maximum", "Minimum",
    "SquaredDifference", "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual",
    "LogicalAnd", "LogicalOr", "LogicalNot", "Neg", "Abs", "Sign", "Exp", "Log", "Log1p", "Sqrt",
    "Rsqrt", "Square", "Reciprocal", "Sin", "Cos", "Floor", "Ceil", "Round", "Sigmoid", "Tanh",
    "Cast", "ZerosLike", "OnesLike", "Relu",
    "StringToHashBucketFast", "StringToHashBucketStrong", "StringToHashBucket"})


def op_dispatch(op, inputs: tuple, attrs: dict):
    """`RaggedTensor.__tf_dispatch__`: runs an elementwise op on flat values (see the docstring);
    NotImplemented for any other op (execute then raises its TypeError)."""
    if op.name not in ELEMENTWISE_OPS:
        return NotImplemented
    first = next(x for x in inputs if isinstance(x, RaggedTensor))
    flat = tuple(_flat(x, first) for x in inputs)
    if op.name == "AddV2" and first.dtype == dtypes.string:
        return first.with_flat_values(_math.add(*flat))  # (`+` on strings: tf.add concatenates)
    return first.with_flat_values(execute(op, flat, attrs))


def elementwise(fn):
    """`fn`, also for RaggedTensors: applied to their flat_values (see the module docstring).

    TF's fallback dispatch: the plain op runs first; only when it refuses its
    arguments (a RaggedTensor is not a tensor: TypeError) does the ragged path
    run. So a call without RaggedTensors costs one Python call more, nothing else.
    """
    @functools.wraps(fn)
    def op(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (TypeError, ValueError):
            if RaggedTensor not in map(type, args) and \
                    (not kwargs or RaggedTensor not in map(type, kwargs.values())):
                raise
        first = next(a for a in list(args) + list(kwargs.values()) if isinstance(a, RaggedTensor))
        flat_args = [_flat(a, first) for a in args]
        flat_kwargs = {k: _flat(v, first) for k, v in kwargs.items()}
        return first.with_flat_values(fn(*flat_args, **flat_kwargs))
    return op


def elementwise_list(fn):
    """`fn(inputs, ...)` whose first argument is a list (`tf.strings.join`), also for lists
    holding RaggedTensors: applied to their flat values (dense items broadcast to the rows)."""
    @functools.wraps(fn)
    def op(inputs, *args, **kwargs):
        if isinstance(inputs, (list, tuple)):
            first = next((x for x in inputs if isinstance(x, RaggedTensor)), None)
            if first is not None:
                return first.with_flat_values(fn([_flat(x, first) for x in inputs], *args,
                                                 **kwargs))
        return fn(inputs, *args, **kwargs)
    return op


def joining(fn, ragged_fn_name: str):
    """`fn` (tf.concat or tf.stack), also for lists holding RaggedTensors (concat.py)."""
    @functools.wraps(fn)
    def op(values, *args, **kwargs):
        if isinstance(values, (list, tuple)) and any(isinstance(v, RaggedTensor) for v in values):
            from . import concat as _concat
            axis = args[0] if args else kwargs.get("axis", 0)
            return getattr(_concat, ragged_fn_name)(values, axis)
        return fn(values, *args, **kwargs)
    return op


def reduction(fn, kind: str):
    """`fn` (a tf.reduce_* function), also for RaggedTensors (reductions.py)."""
    @functools.wraps(fn)
    def op(input_tensor, axis=None, keepdims=False, name=None):
        if type(input_tensor) is not RaggedTensor:
            return fn(input_tensor, axis=axis, keepdims=keepdims, name=name)
        from .reductions import reduce
        return reduce(kind, input_tensor, axis, keepdims)
    return op


def mapping(map_fn):
    """`tf.map_fn`, also over the rows of a RaggedTensor (eagerly).

    Each row goes to `fn` as a tensor (a RaggedTensor when the rows are ragged
    themselves). Without `fn_output_signature` the results are rows again, of
    any lengths, and make a RaggedTensor, as TF's default signature (the
    input's) says; with a DType or `tf.TensorSpec` they are stacked densely.

    >>> tf.map_fn(tf.math.square, tf.ragged.constant([[3, 1], [], [5]]))
    <tf.RaggedTensor [[9, 1], [], [25]]>
    """
    @functools.wraps(map_fn)
    def op(fn, elems, *args, **kwargs):
        if type(elems) is not RaggedTensor:
            return map_fn(fn, elems, *args, **kwargs)
        from ..graph.core import executing_eagerly
        if not executing_eagerly():
            raise NotImplementedError("tf.map_fn over a RaggedTensor inside tf.function is not "
                                      "part of this engine; call it eagerly, or map the "
                                      "flat values (tf.ragged.map_flat_values).")
        signature = kwargs.get("fn_output_signature", kwargs.get("dtype", args[0] if args else None))
        results = [fn(elems[i]) for i in range(int(elems.nrows()))]
        if signature is not None and not hasattr(signature, "ragged_rank"):  # dense results
            return _array.stack(results) if results else \
                _array.zeros([0], dtype=getattr(signature, "dtype", signature))
        if any(isinstance(r, RaggedTensor) for r in results):
            from .concat import stack
            return stack(results)
        if any(r.shape.rank != 1 for r in results):
            raise NotImplementedError("tf.map_fn over a RaggedTensor's rows: this engine makes "
                                      "ragged results of rows of rank 1 only; give "
                                      "fn_output_signature to stack other results densely.")
        lengths = np.array([int(_array.size(r)) for r in results], np.int64)
        values = _array.concat(results, 0) if results else elems.flat_values[:0]
        return RaggedTensor.from_row_lengths(values, lengths)
    return op


# -- the public functions that take RaggedTensors (exported by tf and tf.math) ----------------
# Most are the plain ops (execute dispatches to op_dispatch); the few that look at their
# arguments first are wrapped.
add = _math.add
subtract = _math.subtract
multiply = _math.multiply
divide = elementwise(_math.divide)
truediv = elementwise(_math.truediv)
floordiv = _math.floordiv
floormod = _math.floormod
mod = floormod
pow = _math.pow  # noqa: A001 - TF's name
maximum = _math.maximum
minimum = _math.minimum
squared_difference = _math.squared_difference
equal = _math.equal
not_equal = _math.not_equal
less = _math.less
less_equal = _math.less_equal
greater = _math.greater
greater_equal = _math.greater_equal
logical_and = _math.logical_and
logical_or = _math.logical_or
logical_xor = _math.logical_xor
logical_not = _math.logical_not
negative = _unary.negative
abs = _unary.abs  # noqa: A001 - TF's name
sign = _unary.sign
exp = _unary.exp
log = _unary.log
log1p = _unary.log1p
sqrt = _unary.sqrt
rsqrt = _unary.rsqrt
square = _unary.square
reciprocal = _unary.reciprocal
sin = _unary.sin
cos = _unary.cos
floor = _unary.floor
ceil = _unary.ceil
round = _unary.round  # noqa: A001 - TF's name
sigmoid = elementwise(_nn.sigmoid)
tanh = elementwise(_nn.tanh)
cast = elementwise(_array.cast)
zeros_like = elementwise(_array.zeros_like)
ones_like = elementwise(_array.ones_like)
relu = elementwise(_nn.relu)
ELEMENTWISE = ("add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod",
               "pow", "maximum", "minimum", "squared_difference", "equal", "not_equal", "less",
               "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
               "logical_xor", "logical_not", "negative", "abs", "sign", "exp", "log", "log1p",
               "sqrt", "rsqrt", "square", "reciprocal", "sin", "cos", "floor", "ceil", "round",
               "sigmoid", "tanh", "cast", "zeros_like", "ones_like", "relu")

concat = joining(_array.concat, "concat")
stack = joining(_array.stack, "stack")

reduce_sum = reduction(_reduce.reduce_sum, "sum")
reduce_mean = reduction(_reduce.reduce_mean, "mean")
reduce_max = reduction(_reduce.reduce_max, "max")
reduce_min = reduction(_reduce.reduce_min, "min")
REDUCTIONS = ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min")


# tf.shape and tf.tile: the plain op first; a RaggedTensor it refuses takes the ragged path
def _shape(input, out_type=dtypes.int32, name=None):  # noqa: A002 - TF's name
    try:
        return _array.shape(input, out_type=out_type, name=name)
    except TypeError:
        if type(input) is not RaggedTensor:
            raise
    from .shape import shape_of   # TF: a DynamicRaggedShape (shape.py)
    return shape_of(input, out_type)


def _tile(input, multiples, name=None):  # noqa: A002 - TF's name
    try:
        return _array.tile(input, multiples, name=name)
    except TypeError:
        if type(input) is not RaggedTensor:
            raise
    from .tile import tile as ragged_tile   # (tile.py)
    return ragged_tile(input, multiples)


def _reverse(tensor, axis, name=None):
    try:
        return _image.reverse(tensor, axis, name=name)
    except TypeError:
        if type(tensor) is not RaggedTensor:
            raise
    axes = [int(a) % tensor.shape.rank for a in np.reshape(np.asarray(axis), -1)]
    if axes != [1] or tensor.ragged_rank != 1:
        raise NotImplementedError("tf.reverse of a RaggedTensor is supported by this engine "
                                  "only inside the rows (axis 1) of a tensor with ragged_rank 1")
    from .rows import reverse_in_rows   # (built from ops: works inside tf.function too)
    return reverse_in_rows(tensor)


shape = functools.wraps(_array.shape)(_shape)
reverse = functools.wraps(_image.reverse)(_reverse)
tile = functools.wraps(_array.tile)(_tile)
