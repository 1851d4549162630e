"""Making tensors from nothing: `tf.zeros`, `ones`, `fill`, `eye`, `range`, `linspace`.

These depend on no other tensor, so no gradient flows through them; they
return constants.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument, no_kernel
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor, int_argument
from . import register

# -- Const: a value known when the graph is built (`tf.constant` inside tf.function) ---------
CONST = register(Op("Const", lambda value, name=None: value, None,
                    dtypes=dtypes.ALL | {dtypes.string}))


def constant_op(t: Tensor, name: str | None = None) -> Tensor:
    """`t` as a Const op: eagerly `t` itself; while building a graph, a Const node."""
    return execute(CONST, (), {"value": t._value, "name": name or "Const"}, name=name)


def _shape(shape, exact: bool = True) -> tuple:
    """TF's Fill `dims`: a vector of ints (tf.zeros/ones insist on int32: a float is a TypeError)."""
    dims = int_argument(shape, "Fill", "index_type", exact=exact)
    if dims.ndim > 1:
        raise invalid_argument("Fill", f"dims must represent a vector, got shape "
                                       f"[{','.join(str(d) for d in dims.shape)}]")
    shape = tuple(int(d) for d in dims.reshape(-1))
    for d in shape:
        if d < 0:
            raise invalid_argument("Fill", f"Dimension {d} must be >= 0",
                                   f"sizes cannot be negative (got shape {list(shape)}).")
    return shape


def _numeric(dtype, value) -> np.dtype:
    """The NumPy type for `dtype`; strings hold no numbers (TF: a TypeError)."""
    dtype = dtypes.as_dtype(dtype)
    if dtype is dtypes.string:
        raise TypeError(f"Cannot convert {value} to EagerTensor of dtype string")
    return dtype.as_numpy_dtype


# -- Fill: a shape given as a tensor (in a graph, `tf.zeros(tf.shape(x))` is known only later) -------
def _fill(dims, value):
    return np.full(_shape(dims, exact=False), value, dtype=np.asarray(value).dtype)


# d(fill)/d(value): every element is the value, so its gradient sums
FILL = register(Op("Fill", _fill, lambda op, dy: (None, _reduce_sum(dy)), dtypes={dtypes.int32,
                                                                                   dtypes.int64},
                   same_dtype=False))


def _fill_rule(specs, attrs):
    from ..graph.shapes import Spec
    dims = specs[0]
    if dims.const is not None:
        return Spec(specs[1].dtype, tuple(int(d) for d in np.reshape(dims.const, -1)))
    n = dims.shape[0] if dims.shape else None
    return Spec(specs[1].dtype, None if n is None else (None,) * n)


def _dynamic(shape) -> bool:
    """A shape that is (or holds) a tensor: its values may be known only when a graph runs."""
    return isinstance(shape, Tensor) or (isinstance(shape, (list, tuple)) and
                                         any(isinstance(d, Tensor) for d in shape))


def _filled(shape, value: Tensor) -> Tensor:
    from .array_ops import _shape_tensor
    return execute(FILL, (_shape_tensor(shape, "Fill", "index_type"), value))


def zeros(shape, dtype=dtypes.float32, name=None) -> Tensor:
    """A tensor of zeros (float32 by default). Mirrors `tf.zeros`.

    >>> tf.zeros([2, 3]).shape
    TensorShape([2, 3])

    The shape may be a tensor, e.g. `tf.zeros(tf.shape(x))` inside a tf.function.
    """
    if dtypes.as_dtype(dtype) is dtypes.string:  # TF: the zero of a string is b""
        return convert_to_tensor(np.full(_shape(shape), b"", dtype=object))
    if _dynamic(shape):
        return _filled(shape, convert_to_tensor(np.zeros((), _numeric(dtype, 0))))
    # (a Const op: in a graph, a node named "zeros" as in TF)
    return constant_op(convert_to_tensor(np.zeros(_shape(shape), dtype=_numeric(dtype, 0))),
                       name or "zeros")


def ones(shape, dtype=dtypes.float32, name=None) -> Tensor:
    """A tensor of ones (float32 by default). Mirrors `tf.ones`.

    >>> tf.ones([5, 5]) * 0.25   # a 5x5 tensor of 0.25
    """
    if _dynamic(shape):
        return _filled(shape, convert_to_tensor(np.ones((), _numeric(dtype, 1))))
    return constant_op(convert_to_tensor(np.ones(_shape(shape), dtype=_numeric(dtype, 1))),
                       name or "ones")


def fill(dims, value, name=None) -> Tensor:
    """A tensor of shape `dims` filled with `value` (dtype from the value). Mirrors `tf.fill`.

    >>> tf.fill([2], 3)
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([3, 3], dtype=int32)>
    """
    value = value if isinstance(value, Tensor) else convert_to_tensor(value)
    if value.ndim != 0:
        raise ValueError(f"value must be a scalar, got shape {value.shape}.")
    if _dynamic(dims) or type(value) is not Tensor:  # (a graph tensor as the value: the op too)
        return _filled(dims, value)
    return convert_to_tensor(np.full(_shape(dims, exact=False), value._value,
                                     dtype=value._value.dtype))


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None) -> Tensor:
    """An identity matrix (or a batch of them). Mirrors `tf.eye`."""
    for n in (num_rows, num_columns):
        if n is not None and not (hasattr(n, "__index__") and int(n) >= 0):
            raise TypeError(f"Arguments `num_rows` and `num_columns` must be positive integer "
                            f"values. Received: num_rows={num_rows}, num_columns="
                            f"{num_rows if num_columns is None else num_columns}")
    m = np.eye(int(num_rows), None if num_columns is None else int(num_columns),
               dtype=dtypes.as_dtype(dtype).as_numpy_dtype)
    if batch_shape is not None:
        m = np.broadcast_to(m, _shape(batch_shape) + m.shape).copy()
    return convert_to_tensor(m)


# TF: Range's definition allows these, but no CPU kernel takes them (a NotFoundError)
_RANGE_WITHOUT_KERNEL = {dtypes.int8, dtypes.int16, dtypes.uint16, dtypes.uint32, dtypes.uint64}


def range(start, limit=None, delta=1, dtype=None, name="range") -> Tensor:  # noqa: A001
    """Numbers from `start` up to (not including) `limit` by `delta`. Mirrors `tf.range`.

    The dtype follows the arguments (int32 for ints, float32 if any is a float):

    >>> tf.range(5)
    <tf.Tensor: shape=(5,), dtype=int32, numpy=array([0, 1, 2, 3, 4], dtype=int32)>
    """
    if limit is None:
        start, limit = 0, start
    args = [v if isinstance(v, Tensor) else convert_to_tensor(v) for v in (start, limit, delta)]
    if dtype is None:
        # TF picks the widest of the arguments' dtypes, in this order; an argument of any other
        # dtype (tf.range(tf.constant(5, tf.uint16))) fails TF's own bare `assert`.
        order = [dtypes.int32, dtypes.int64, dtypes.float16, dtypes.float32, dtypes.float64]
        if any(a.dtype not in order for a in args):
            raise AssertionError()
        dtype = max((a.dtype for a in args), key=order.index)
    dtype = dtypes.as_dtype(dtype)
    if dtype in _RANGE_WITHOUT_KERNEL:
        raise no_kernel("Range", {"Tidx": dtype})
    # (the Range op also for Python bounds: in a graph, AutoGraph's `for i in tf.range(n)`
    # finds the Range node and loops over i without building the range)
    from .array_ops import cast
    return execute(RANGE, tuple(a if a.dtype is dtype else cast(a, dtype) for a in args), name=name)


def _range(start, limit, delta):
    if delta == 0:
        raise invalid_argument("Range", "Requires delta != 0: 0")
    if (delta > 0 and start > limit) or (delta < 0 and start < limit):
        raise invalid_argument("Range", f"Requires start <= limit when delta > 0: {start}/{limit}"
                               if delta > 0 else
                               f"Requires start >= limit when delta < 0: {start}/{limit}")
    return np.arange(start, limit, delta).astype(np.asarray(start).dtype)


# TF: Range has CPU kernels for int32, int64 and the floats only (uint32: NotFoundError).
RANGE = register(Op("Range", _range, None, dtypes={dtypes.int32, dtypes.int64, dtypes.float16,
                                                   dtypes.float32, dtypes.float64}))


def _range_rule(specs, attrs):
    from ..graph.shapes import Spec
    if all(s.const is not None for s in specs):  # known bounds: a known length
        return Spec(specs[0].dtype, _range(*[s.const for s in specs]).shape)
    return Spec(specs[0].dtype, (None,))


def linspace(start, stop, num, name=None, axis=0) -> Tensor:
    """`num` evenly spaced values from `start` to `stop`, inclusive. Mirrors `tf.linspace`.

    TF: float32 arguments give float32; integer arguments give float64.

    >>> tf.linspace(0.0, 1.0, 3)
    <tf.Tensor: shape=(3,), dtype=float32, numpy=array([0. , 0.5, 1. ], dtype=float32)>
    """
    start, stop = convert_to_tensor(start), convert_to_tensor(stop)
    dtype = start.dtype if start.dtype.is_floating else dtypes.float64
    out = np.linspace(start._value, stop._value, int(num), axis=axis)
    return convert_to_tensor(out.astype(dtype.as_numpy_dtype))



def _reduce_sum(x):
    from .reduce_ops import reduce_sum
    return reduce_sum(x)


def _register_shape_rules() -> None:
    # (Fill's and Range's output shapes come from their input values, not only their shapes)
    from ..graph.shapes import SHAPE_RULES
    SHAPE_RULES.update({"Fill": _fill_rule, "Range": _range_rule})


_register_shape_rules()
