"""`tf.experimental.numpy` (TF NumPy, `import tensorflow.experimental.numpy as tnp`).

NumPy's API on TF's tensors: `tnp.ndarray` is `tf.Tensor`, and the functions take
NumPy's arguments and follow NumPy's dtype rules (Python ints are int64, floats
float64, mixed dtypes promote), while running as TF ops (gradients, tf.function).

    >>> import course.engine.experimental.numpy as tnp
    >>> tnp.experimental_enable_numpy_behavior()   # NumPy's rules on tensors too
    >>> x = tnp.ones([2, 3])
    >>> x.T.shape, x.dtype
    (TensorShape([3, 2]), tf.float64)

What lives where: behavior.py (the switch: promotion, methods, indexing),
functions.py (`tnp.add`, `tnp.sum`, ...), random.py (`tnp.random`); for the switch's
`dtype_conversion_mode="all"`/`"safe"`, promotion.py (TF's lattice) and weak.py (weak
tensors, and the wrappers the mode installs).
"""
import numpy as _np

from ..tensor import Tensor as ndarray
from .behavior import experimental_enable_numpy_behavior, result_type
from .functions import (asarray, array, copy, ones, zeros, full, ones_like, zeros_like, arange,
                        reshape, ravel, transpose, expand_dims, add, subtract, multiply,
                        true_divide, divide, maximum, minimum, matmul, clip, sqrt, exp, log,
                        tanh, abs, square, around, round, sum, mean, amax, amin, max, min)
from . import random
from .. import unsupported as _unsupported

# NumPy's type classes, as in TF (`tnp.float32 is np.float32`): a dtype= takes them
bool_, int8, int16, int32, int64 = _np.bool_, _np.int8, _np.int16, _np.int32, _np.int64
uint8, uint16, uint32, uint64 = _np.uint8, _np.uint16, _np.uint32, _np.uint64
float16, float32, float64 = _np.float16, _np.float32, _np.float64
complex64, complex128 = _np.complex64, _np.complex128
newaxis = None  # x[tnp.newaxis] adds an axis
pi, e, inf = _np.pi, _np.e, _np.inf

__all__ = [
    "ndarray", "experimental_enable_numpy_behavior", "result_type", "newaxis", "random",
    "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16",
    "float32", "float64",
    "complex64", "complex128", "pi", "e", "inf",
    "asarray", "array", "copy", "ones", "zeros", "full", "ones_like", "zeros_like", "arange",
    "reshape", "ravel", "transpose", "expand_dims", "add", "subtract", "multiply",
    "true_divide", "divide", "maximum", "minimum", "matmul", "clip", "sqrt", "exp", "log",
    "tanh", "abs", "square", "around", "round", "sum", "mean", "amax", "amin", "max", "min",
]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("experimental.numpy", __name__, name)
