"""`tf.debugging.assert_rank`, `assert_scalar`, `assert_type`, ...: checks of shapes and dtypes.

These look only at what is known while the program is written down (a
tensor's rank and dtype), so they raise at once, eagerly and while a
`tf.function` traces, with TF's ValueError or TypeError. (TF adds a runtime
check for a rank unknown while tracing; the engine's traced tensors always
have one here.)

Read next: comparisons.py (elementwise checks of values).
"""
from __future__ import annotations

from .. import dtypes
from ..graph.core import executing_eagerly
from ..tensor import Tensor, convert_to_tensor

__all__ = ["assert_rank", "assert_rank_at_least", "assert_rank_in", "assert_scalar",
           "assert_type", "assert_integer", "assert_same_float_dtype", "is_numeric_tensor"]


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
