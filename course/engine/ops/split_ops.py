"""`tf.split`: one tensor cut into consecutive pieces along an axis.

    >>> [t.shape for t in tf.split(tf.zeros([2, 5]), [2, -1, 1], axis=1)]
    [TensorShape([2, 2]), TensorShape([2, 2]), TensorShape([2, 1])]

The pieces are slices (array_ops' `_pieces`, what concat's gradient cuts
with), so their gradients are the slices' gradients: no op of its own.
"""
from __future__ import annotations

import numpy as np

from ..errors import invalid_argument
from ..tensor import Tensor
from .array_ops import _pieces, _tensor

__all__ = ["split"]


def split(value, num_or_size_splits, axis=0, num=None, name="split") -> list:
    """Cuts a tensor along `axis` into `num_or_size_splits` equal pieces, or into pieces of the
    sizes listed (one size may be -1: the rest). Mirrors `tf.split`.

    >>> [t.shape for t in tf.split(tf.zeros([2, 5]), [2, -1, 1], axis=1)]
    [TensorShape([2, 2]), TensorShape([2, 2]), TensorShape([2, 1])]

    The pieces are slices of `value` (their gradients are the slices' gradients).
    """
    x = _tensor(value)
    axis = int(axis.numpy() if isinstance(axis, Tensor) else axis)
    rank = x.ndim
    if rank is not None and not -rank <= axis < rank:
        raise invalid_argument("Split", f"-input rank(-{rank}) <= split_dim < input rank ({rank}), "
                               f"but got {axis}")
    length = None if rank is None else x._value.shape[axis]
    if length is None:
        raise ValueError(f"tf.split needs the size of axis {axis} (shape {x.shape}); this engine "
                         "does not split an axis whose size is known only when a graph runs.")
    splits = num_or_size_splits.numpy() if isinstance(num_or_size_splits, Tensor) else \
        num_or_size_splits
    if np.ndim(splits) == 0:
        count = int(splits)
        if count < 1:
            raise invalid_argument("Split", f"Value for attr 'num_split' of {count} must be at "
                                   "least minimum 1")
        if length % count:
            raise invalid_argument("Split", "Number of ways to split should evenly divide the "
                                   f"split dimension, but got split_dim {axis % rank} (size = "
                                   f"{length}) and num_split {count}")
        sizes = [length // count] * count
    else:
        sizes = [int(n) for n in np.ravel(splits)]
        if sizes.count(-1) > 1:
            raise invalid_argument("SplitV", "There can only be one -1 in the input.")
        known = sum(n for n in sizes if n != -1)
        if -1 in sizes and known <= length:
            sizes[sizes.index(-1)] = length - known
        elif known != length:
            raise invalid_argument("SplitV", "Determined shape must either match input shape "
                                   "along split_dim exactly if fully specified, or be less than "
                                   "the size of the input along split_dim if not fully "
                                   f"specified.  Got: {known}")
    return list(_pieces(x, sizes, axis % rank, squeeze=False))
