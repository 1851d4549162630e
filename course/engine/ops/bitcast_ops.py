"""`tf.bitcast`: the same bytes, read as another dtype.

Nothing is computed: the bits of a float32 1.0 read as a uint32 are 1065353216.
The shape follows the sizes of the two dtypes:

    >>> tf.bitcast(tf.constant([1.0, 2.0]), tf.uint32)          # same size: same shape
    <tf.Tensor: shape=(2,), dtype=uint32, numpy=array([1065353216, 1073741824], dtype=uint32)>
    >>> tf.bitcast(tf.constant([1], tf.int32), tf.uint8).shape  # narrower: a new last axis
    TensorShape([1, 4])
    >>> tf.bitcast(tf.constant([1, 2], tf.uint16), tf.uint32)   # wider: the last axis goes
    <tf.Tensor: shape=(), dtype=uint32, numpy=131073>

Bytes are read in the machine's order (little-endian on x86 and ARM, as TF's).
No gradient flows through a bitcast.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from .tensor_proto import data_type_number

__all__ = ["bitcast"]

# TF: every number type, but no bool and no string (their bytes are not a number's)
_BITCAST = dtypes.NUMERIC | dtypes.COMPLEX


def _bitcast(x, type):  # noqa: A002 - TF's attr name
    x, out = np.ascontiguousarray(x), np.dtype(type)
    if out.itemsize > x.dtype.itemsize:  # wider: the last axis must hold exactly one of them
        ratio = out.itemsize // x.dtype.itemsize
        if x.ndim == 0 or x.shape[-1] != ratio:
            raise invalid_argument("Bitcast", f"Cannot bitcast from "
                                              f"{data_type_number(dtypes.from_numpy(x.dtype))} to "
                                              f"{data_type_number(dtypes.from_numpy(out))}")
        return x.view(out).reshape(x.shape[:-1])
    if out.itemsize < x.dtype.itemsize:  # narrower: each element becomes a row of them
        return x.reshape(x.shape + (1,)).view(out)
    return x.view(out)


BITCAST = register(Op("Bitcast", _bitcast, None, dtypes=_BITCAST))


def bitcast(input, type, name=None) -> Tensor:  # noqa: A002 - TF's names
    """`input`'s bytes read as `type`, without a copy of the values. Mirrors `tf.bitcast`.

    >>> tf.bitcast(tf.constant([-1], tf.int32), tf.uint32)
    <tf.Tensor: shape=(1,), dtype=uint32, numpy=array([4294967295], dtype=uint32)>
    """
    type = dtypes.as_dtype(type)
    if type not in _BITCAST:  # (TF checks the output's attr, `type`, by its own name)
        raise invalid_argument("Bitcast", f"Value for attr 'type' of {dtypes.kernel_name(type)} "
                                          "is not in the list of allowed values: " +
                               ", ".join(dtypes.kernel_name(d) for d in dtypes._ALL
                                         if d in _BITCAST))
    x = input if isinstance(input, Tensor) else convert_to_tensor(input)
    return execute(BITCAST, (x,), {"type": type.as_numpy_dtype}, name=name)
