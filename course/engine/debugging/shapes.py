"""`tf.debugging.assert_rank`, `assert_scalar`, `assert_type`, ...: checks of shapes and dtypes.

These look only at what is known while the program is written down (a
tensor's rank and dtype), so they raise at once, eagerly and while a
`tf.function` traces, with TF's ValueError or TypeError. (TF adds a runtime
check for a rank unknown while tracing; the engine's traced tensors always
have one here.)

Read next: comparisons.py (elementwise checks of values).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..graph.core import executing_eagerly
from ..ops import math_ops
from ..ops.control_flow_ops import Assert, group
from ..ops.sparse_ops import SparseTensor
from ..tensor import Tensor, convert_to_tensor

__all__ = ["assert_rank", "assert_rank_at_least", "assert_rank_in", "assert_scalar",
           "assert_shapes", "assert_type", "assert_integer", "assert_same_float_dtype",
           "is_numeric_tensor", "assert_proper_iterable"]


def _prefix(message) -> str:
    return f"{message}.  " if message else ""  # TF: the message, a period and two spaces


def _name(x: Tensor) -> str:
    return "" if executing_eagerly() else x.name  # TF: eager tensors have no name


def _check_rank(x, holds, wanted: str, message) -> None:
    x = convert_to_tensor(x)
    rank = x.shape.rank
    if rank is not None and not holds(rank):
        raise ValueError(f"{_prefix(message)}Tensor {_name(x)} must have {wanted}.  "
                         f"Received rank {rank}, shape {x.shape}")


def assert_rank(x, rank: int, message=None, name=None) -> None:
    """Checks that `x` has rank `rank`. Mirrors `tf.debugging.assert_rank`.

    >>> tf.debugging.assert_rank(tf.zeros([2, 3]), 1)
    ValueError: Tensor  must have rank 1.  Received rank 2, shape (2, 3)
    """
    _check_rank(x, lambda r: r == rank, f"rank {rank}", message)


def assert_rank_at_least(x, rank: int, message=None, name=None) -> None:
    """Checks that `x` has rank `rank` or more. Mirrors `tf.debugging.assert_rank_at_least`."""
    _check_rank(x, lambda r: r >= rank, f"rank at least {rank}", message)


def assert_rank_in(x, ranks, message=None, name=None) -> None:
    """Checks that the rank of `x` is one of `ranks`. Mirrors `tf.debugging.assert_rank_in`.

    >>> tf.debugging.assert_rank_in(tf.zeros([2, 3]), [0, 1])
    ValueError: Tensor  must have rank in (0, 1).  Received rank 2, shape (2, 3)
    """
    ranks = tuple(int(r) for r in ranks)
    _check_rank(x, lambda r: r in ranks, f"rank in {ranks}", message)


def assert_scalar(tensor, message=None, name=None) -> None:
    """Checks that `tensor` is a scalar. Mirrors `tf.debugging.assert_scalar`.

    >>> tf.debugging.assert_scalar(tf.zeros([2]))
    ValueError: Expected scalar shape, saw shape: (2,).
    """
    tensor = convert_to_tensor(tensor)
    if tensor.shape.rank is not None and tensor.shape.rank != 0:
        described = "" if executing_eagerly() else f" for {tensor.name}"
        raise ValueError(f"{_prefix(message)}Expected scalar shape{described}, "
                         f"saw shape: {tensor.shape}.")


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks the shapes of several tensors at once, with names for sizes they share.
    Mirrors `tf.debugging.assert_shapes`.

    Each entry pairs a tensor with its shape: numbers are sizes, a name (`'N'`)
    must be the same size wherever it appears, `'.'` or None is any size, and
    a leading `'*'` or `...` any number of leading dimensions.

    >>> tf.debugging.assert_shapes([(tf.zeros([2, 3]), ('N', 'Q')), (tf.zeros([3]), ('N',))])
    ValueError: Specified by tensor shape=(2, 3) dtype=float32 dimension 0.  Tensor shape=(3,)
    dtype=float32 dimension 0 must have size 2.  Received size 3, shape (3,)

    A size unknown while tracing is checked when the graph runs (an Assert op).
    """
    pairs = shapes.items() if isinstance(shapes, dict) else shapes
    prefix = _prefix(message)
    checked = [(convert_to_tensor(x), spec) for x, spec in pairs if spec is not None]
    eager = executing_eagerly()

    def described(x: Tensor) -> str:
        return f"shape={x.shape} dtype={x.dtype.name}" if eager else x.name

    # 1. Each spec: a tuple of sizes, with '*' or ... allowed only first (any leading dims)
    specs = []
    for x, spec in checked:
        if not (hasattr(spec, "__iter__") or hasattr(spec, "__getitem__")):
            raise ValueError(f"{prefix}Tensor {described(x)}.  Specified shape must be an "
                             "iterable.  An iterable has the attribute `__iter__` or "
                             f"`__getitem__`.  Received specified shape: {spec}")
        spec = tuple(spec)
        for i, symbol in enumerate(spec):
            if (symbol is Ellipsis or symbol == "*") and i != 0:
                raise ValueError(f"{prefix}Tensor {described(x)} specified shape index {i}.  "
                                 "Symbol `...` or `*` for a variable number of unspecified "
                                 "dimensions is only allowed as the first entry")
        leading = bool(spec) and (spec[0] is Ellipsis or spec[0] == "*")
        # TF: a scalar counts as rank 1, size 1 (so () and (1,) are one shape)
        sizes = (spec[1:] if leading else spec) or (1,)
        specs.append((x, leading, sizes))
    # 2. The ranks (a spec of rank 0 or 1 takes either)
    for x, leading, sizes in specs:
        if leading and len(sizes) > 1:
            assert_rank_at_least(x, len(sizes), message=message)
        elif not leading:
            if len(sizes) == 1:
                assert_rank_in(x, [0, 1], message=message)
            else:
                assert_rank(x, len(sizes), message=message)
    # 3. The sizes: numbers as given, names as first seen
    seen, runtime = {}, []
    for x, leading, sizes in specs:
        actual = (1,) if x.shape.rank == 0 else x.shape.as_list()
        for i, symbol in enumerate(sizes):
            if symbol is None or symbol == ".":
                continue
            dim = i - len(sizes) if leading else i
            size = actual[dim] if actual[dim] is not None else _shape_of(x)[dim]
            if _is_size(symbol) or symbol in seen:
                if _is_size(symbol):
                    wanted, by = int(symbol), "Specified explicitly"
                else:
                    wanted, other, other_dim = seen[symbol]
                    by = f"Specified by tensor {described(other)} dimension {other_dim}"
                if _is_size(size) and _is_size(wanted):
                    if int(size) != int(wanted):
                        raise ValueError(f"{prefix}{by}.  Tensor {described(x)} dimension {dim} "
                                         f"must have size {int(wanted)}.  Received size "
                                         f"{int(size)}, shape {x.shape}")
                    continue
                # a size known only when the graph runs: TF's Assert, with its data
                runtime.append(Assert(math_ops.equal(size, wanted), data if data is not None else [
                    prefix, by, f"Tensor {described(x)} dimension", _as_int(dim), "must have size",
                    _as_int(wanted), "Received shape: ", _shape_of(x)], summarize=summarize))
            else:
                seen[symbol] = (size, x, dim)
    return group(*runtime)


def _is_size(value) -> bool:
    """A size known now (an int, or text that reads as one: TF's `_has_known_value`)."""
    try:
        int(value)
    except (ValueError, TypeError):
        return False
    return value is not None


def _as_int(value):
    return value if isinstance(value, Tensor) else convert_to_tensor(int(value))


def _shape_of(x: Tensor) -> Tensor:
    from ..ragged.dispatch import shape  # (tf.shape: a graph's tensor of sizes)
    return shape(x)


def assert_type(tensor, tf_type, message=None, name=None) -> None:
    """Checks that `tensor` has dtype `tf_type`. Mirrors `tf.debugging.assert_type`.

    >>> tf.debugging.assert_type(tf.zeros([2]), tf.int32)
    TypeError: tensor must be of type tf.int32; got tf.float32
    """
    tf_type = dtypes.as_dtype(tf_type)
    tensor = convert_to_tensor(tensor)
    if tensor.dtype is not tf_type:
        described = "tensor" if executing_eagerly() else tensor.name
        raise TypeError(f"{_prefix(message)}{described} must be of type {tf_type!r}; "
                        f"got {tensor.dtype!r}")


def assert_integer(x, message=None, name=None) -> None:
    """Checks that `x` has an integer dtype. Mirrors `tf.debugging.assert_integer`."""
    x = convert_to_tensor(x)
    if not x.dtype.is_integer:
        described = "tensor" if executing_eagerly() else x.name
        raise TypeError(f'{_prefix(message)}Expected "x" to be integer type.  Found: {described} '
                        f"of dtype {x.dtype}")


def assert_same_float_dtype(tensors=None, dtype=None) -> dtypes.DType:
    """The one floating dtype of `tensors` (and `dtype`), float32 when none is given.
    Mirrors `tf.debugging.assert_same_float_dtype`.

    >>> tf.debugging.assert_same_float_dtype([tf.zeros([2]), tf.zeros([2], tf.float64)])
    ValueError: tf.Tensor(...float64), type=<dtype: 'float64'>, must be of the same type ...
    """
    expected = None if dtype is None else dtypes.as_dtype(dtype)
    first = None
    for t in tensors or ():
        if expected is None:
            expected, first = t.dtype, t
        elif t.dtype is not expected:
            against = f" as {first!s}" if first is not None else ""
            raise ValueError(f"{t!s}, type={t.dtype}, must be of the same type "
                             f"({expected}){against}.")
    if expected is None:
        return dtypes.float32
    if not expected.is_floating:
        raise ValueError(f"Expected floating point type, got {expected}.")
    return expected


def is_numeric_tensor(tensor) -> bool:
    """True for a tensor of a number dtype (not bool or string). Mirrors
    `tf.debugging.is_numeric_tensor`.

    >>> tf.debugging.is_numeric_tensor(tf.zeros([2])), tf.debugging.is_numeric_tensor(3)
    (True, False)
    """
    return isinstance(tensor, Tensor) and tensor.dtype.is_numeric


def assert_proper_iterable(values) -> None:
    """Checks that `values` is a list-like of tensors, not one tensor, array or string (which
    iterate too). Mirrors `tf.debugging.assert_proper_iterable`.

    >>> tf.debugging.assert_proper_iterable("abc")
    TypeError: Expected argument "values" to be a "proper" iterable.  Found: <class 'str'>
    """
    if isinstance(values, (Tensor, SparseTensor, np.ndarray, bytes, str)):
        raise TypeError(f'Expected argument "values" to be a "proper" iterable.  '
                        f"Found: {type(values)}")
    if not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be iterable.  Found: {type(values)}')
