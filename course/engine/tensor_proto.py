"""`tf.make_tensor_proto` and `tf.make_ndarray`: a tensor as a `TensorProto` message, and back.

A TensorProto is the protocol-buffer form of a tensor (its dtype, shape and
values) that TensorFlow's files, graphs and summaries hold:

    >>> print(tf.make_tensor_proto([1.5, 2.0]))
    dtype: DT_FLOAT
    tensor_shape {
      dim {
        size: 2
      }
    }
    tensor_content: "\\000\\000\\300?\\000\\000\\000@"
    >>> tf.make_ndarray(tf.make_tensor_proto([1.5, 2.0]))
    array([1.5, 2. ], dtype=float32)

The engine uses TensorBoard's copy of the message class and of TF's two
conversion functions (the same fields, the same text, checked against TF), so
`tensorboard` must be installed, as for `tf.summary`.
"""
from __future__ import annotations

import numpy as np

from . import dtypes

__all__ = ["make_tensor_proto", "make_ndarray"]


def make_tensor_proto(values, dtype=None, shape=None, verify_shape: bool = False,
                      allow_broadcast: bool = False):
    """`values` (a tensor, an array, a number, a string or nested lists) as a TensorProto,
    of `dtype` and `shape` if given (a single value fills a given shape). Mirrors
    `tf.make_tensor_proto`."""
    from tensorboard.util import tensor_util
    if hasattr(values, "numpy"):  # (a tf.Tensor or tf.Variable: its value)
        values = values.numpy()
    if dtype is not None:
        dtype = np.dtype(dtypes.as_dtype(dtype).as_numpy_dtype)
    if shape is not None:  # (TF's own words for the two shape errors)
        given = np.shape(values)
        wanted = tuple(int(d) for d in shape)
        if verify_shape and given != wanted:
            raise TypeError(f"Expected Tensor's shape: {wanted}, but got {given}.")
        if int(np.prod(given)) > int(np.prod(wanted)):
            raise ValueError(f"Too many elements provided. Takes at most "
                             f"{int(np.prod(wanted))}, but got {int(np.prod(given))}.")
    return tensor_util.make_tensor_proto(values, dtype=dtype, shape=shape,
                                         verify_shape=verify_shape)


def make_ndarray(tensor) -> np.ndarray:
    """The NumPy array a TensorProto holds. Mirrors `tf.make_ndarray`."""
    from tensorboard.util import tensor_util
    return tensor_util.make_ndarray(tensor)
