"""Padding and grids: `tf.pad`, `tf.meshgrid`.

`pad` is an op (PadV2) whose gradient cuts the middle back out of dy;
`meshgrid` is a composite of `reshape` and `broadcast_to`, as in TF.
"""
from __future__ import annotations

import numpy as np

from ..execute import Op, execute
from ..errors import invalid_argument
from ..tensor import Tensor, convert_to_tensor
from .. import dtypes
from . import register
from . import index_ops as _index
from .array_ops import _dims, _tensor, broadcast_to, reshape, shape as shape_op

_ALL = dtypes.ALL


# -- pad and meshgrid ------------------------------------------------------------------------
def _pad(x, paddings, constant_values):
    if len(paddings) != x.ndim:
        raise invalid_argument("PadV2", f"The first dimension of paddings must be the rank of "
                                        f"inputs[{len(paddings)},2] {_dims(x.shape)}")
    return np.pad(x, paddings, constant_values=constant_values)


def _pad_grad(op, dy):
    # padding adds constants around x: x's gradient is the middle of dy
    shape = op.inputs[0]._value.shape
    key = tuple(slice(before, before + n) for (before, _), n in zip(op.attrs["paddings"], shape))
    return (_index.strided_slice(dy, key),)


PAD = register(Op("PadV2", _pad, _pad_grad, dtypes=_ALL))


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None) -> Tensor:
    """Adds `paddings[d] = [before, after]` values around dimension d. Mirrors `tf.pad`.

    >>> tf.pad(tf.constant([[1, 2]]), [[1, 0], [0, 1]])
    <tf.Tensor: shape=(2, 3), dtype=int32, numpy=array([[0, 0, 0], [1, 2, 0]], dtype=int32)>
    """
    if str(mode).upper() != "CONSTANT":
        raise NotImplementedError(f"tf.pad(mode={mode!r}) is not part of this engine; only "
                                  "mode='CONSTANT' is.")
    x = _tensor(tensor)
    pairs = np.asarray(paddings.numpy() if isinstance(paddings, Tensor) else paddings)
    if pairs.ndim != 2 or pairs.shape[1] != 2 or np.any(pairs < 0):
        raise invalid_argument("PadV2", f"paddings must be a matrix with 2 columns and no negative "
                                        f"values: {pairs.tolist()}")
    value = convert_to_tensor(constant_values, dtype=x.dtype)._value
    return execute(PAD, (x,), {"paddings": tuple((int(a), int(b)) for a, b in pairs),
                               "constant_values": value.item()}, name=name)


def meshgrid(*args, **kwargs) -> list:
    """Coordinate grids from 1-D coordinate vectors. Mirrors `tf.meshgrid`.

    With `indexing="xy"` (the default) the first two output axes are swapped, as
    in NumPy and plotting: `X, Y = tf.meshgrid(xs, ys)` has shape [len(ys), len(xs)].

    >>> X, Y = tf.meshgrid([1, 2, 3], [4, 5])
    >>> X.shape
    TensorShape([2, 3])
    """
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"Key word arguments {list(kwargs)} not supported: only 'indexing' and "
                        "'name' are.")
    if indexing not in ("xy", "ij"):
        raise ValueError("Argument `indexing` parameter must be either 'xy' or 'ij', got "
                         f"'{indexing}'")
    vectors = [reshape(_tensor(a), [-1]) for a in args]
    n = len(vectors)
    # (a size known only when the graph runs is a scalar tensor: broadcast_to takes a mix)
    sizes = [v._value.shape[0] if v._value.shape[0] is not None else shape_op(v)[0]
             for v in vectors]
    if indexing == "xy" and n > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for i, v in enumerate(vectors):
        axis = (1 if i == 0 else 0 if i == 1 else i) if indexing == "xy" and n > 1 else i
        shape = [1] * n
        shape[axis] = -1
        out.append(broadcast_to(reshape(v, shape), sizes))
    return out
