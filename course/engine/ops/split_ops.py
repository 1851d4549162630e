"""`tf.split`: a tensor cut into pieces along one axis.

    >>> x = tf.reshape(tf.range(12.0), (2, 6))
    >>> [p.shape for p in tf.split(x, 3, axis=1)]          # three equal pieces
    [TensorShape([2, 2]), TensorShape([2, 2]), TensorShape([2, 2])]
    >>> [p.shape for p in tf.split(x, [1, -1, 2], axis=1)]  # sizes; -1 takes the rest
    [TensorShape([2, 1]), TensorShape([2, 3]), TensorShape([2, 2])]

Each piece is a `tf.slice` of the input, so the gradient is Slice's (the pieces'
gradients placed back where they came from). TF runs one Split (or SplitV) op
instead; the values, the errors for sizes that do not fit, and the gradient are
TF's. The size of the split axis must be known (eagerly it always is).
"""
from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor
from .scatter_ops import slice as slice_  # (tf.slice)

__all__ = ["split"]


def _sizes(num_or_size_splits, total: int, axis: int) -> list:
    """The pieces' sizes along the axis, checked as TF's Split / SplitV kernels check them."""
    if isinstance(num_or_size_splits, (int, np.integer)):
        n = int(num_or_size_splits)
        if n <= 0 or total % n:
            raise InvalidArgumentError(None, None, "Number of ways to split should evenly divide "
                                       f"the split dimension, but got split_dim {axis} (size = {total}) "
                                       f"and num_split {n}")
        return [total // n] * n
    sizes = [int(s) for s in np.asarray(
        num_or_size_splits._value if isinstance(num_or_size_splits, Tensor)
        else num_or_size_splits).reshape(-1)]
    if sizes.count(-1) > 1:
        raise InvalidArgumentError(None, None, "There can only be one -1 in the input.")
    known = sum(s for s in sizes if s != -1)
    if (-1 not in sizes and known != total) or known > total:
        raise InvalidArgumentError(None, None, "Determined shape must either match input shape "
                                   "along split_dim exactly if fully specified, or be less than "
                                   "the size of the input along split_dim if not fully "
                                   f"specified.  Got: {known}")
    return [total - known if s == -1 else s for s in sizes]


def split(value, num_or_size_splits, axis=0, num=None, name: str = "split") -> list:
    """The pieces of `value` along `axis`: `num_or_size_splits` equal ones, or of the given
    sizes (one may be -1: the rest). Mirrors `tf.split`."""
    value = convert_to_tensor(value)
    rank = value.shape.rank
    axis = int(axis._value if isinstance(axis, Tensor) else axis)
    if not -rank <= axis < rank:
        raise InvalidArgumentError(None, None, f"-{rank} <= split_dim < {rank} but got {axis}")
    axis %= rank
    total = value.shape[axis]
    if total is None:
        raise NotImplementedError("tf.split along an axis of unknown size (while tracing) is "
                                  "not part of this engine.")
    pieces, start = [], 0
    for size in _sizes(num_or_size_splits, int(total), axis):
        begin = [0] * rank
        begin[axis] = start
        extent = [-1] * rank
        extent[axis] = size
        pieces.append(slice_(value, begin, extent))
        start += size
    return pieces
