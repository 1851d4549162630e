"""`keras.ops` (`tf.keras.ops`): Keras 3's backend-neutral ops, on the engine's tensors.

    >>> from keras import ops
    >>> x = ops.ones((2, 3))
    >>> ops.sum(ops.matmul(x, ops.transpose(x)), axis=-1)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([6., 6.], dtype=float32)>

keras.io's guides write layers and losses with these rather than `tf.*`:
NumPy's names (`sum`, `concatenate`, `expand_dims`), Keras's dtype rules
(promotion.py), and with TensorFlow as the backend every result is a tf.Tensor,
so tapes, `tf.function` and Keras layers take them as they are.

Read in this order: promotion.py (which dtype), core_ops.py (convert, cast,
shape), numpy_ops.py (making tensors, elementwise math), reductions.py (sum,
mean, argmax, matmul), shapes.py (reshape, stack, take), nn_ops.py
(activations, one_hot, cross-entropies). Each is built on the engine's own ops:
nothing here has a kernel or a gradient of its own.
"""
from .core_ops import (  # noqa: A004 - NumPy's names (sum, max, abs, ...)
    convert_to_tensor, convert_to_numpy, cast, shape, dtype, is_tensor, stop_gradient)
from .numpy_ops import (  # noqa: A004 - NumPy's names (sum, max, abs, ...)
    ones, zeros, full, ones_like, zeros_like, full_like, eye, identity, arange, linspace, add,
    subtract, multiply, divide, true_divide, power, maximum, minimum, where, equal, not_equal, less,
    less_equal, greater, greater_equal, logical_and, logical_or, logical_not, logical_xor, abs,
    absolute, negative, square, sqrt, exp, log, log1p, expm1, sin, cos, tanh, floor, ceil, round,
    sign, clip, nonzero)
from .reductions import (  # noqa: A004 - NumPy's names (sum, max, abs, ...)
    sum, mean, max, min, amax, amin, prod, var, std, all, any, argmax, argmin, logsumexp, matmul,
    dot, einsum, tensordot)
from .shapes import (  # noqa: A004 - NumPy's names (sum, max, abs, ...)
    reshape, transpose, expand_dims, squeeze, concatenate, stack, tile, broadcast_to, take, flip,
    size, ndim, unstack)
from .nn_ops import (  # noqa: A004 - NumPy's names (sum, max, abs, ...)
    relu, relu6, sigmoid, softmax, log_softmax, leaky_relu, elu, softplus, silu, swish, gelu,
    hard_sigmoid, one_hot, categorical_crossentropy, sparse_categorical_crossentropy,
    binary_crossentropy)

__all__ = [
    "convert_to_tensor", "convert_to_numpy", "cast", "shape", "dtype", "is_tensor", "stop_gradient",
    "ones", "zeros", "full", "ones_like", "zeros_like", "full_like", "eye", "identity",
    "arange", "linspace", "add", "subtract", "multiply", "divide", "true_divide", "power",
    "maximum", "minimum", "where", "equal", "not_equal", "less", "less_equal", "greater",
    "greater_equal", "logical_and", "logical_or", "logical_not", "logical_xor", "abs", "absolute",
    "negative", "square", "sqrt", "exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "floor",
    "ceil", "round", "sign", "clip", "nonzero", "sum", "mean", "max", "min", "amax", "amin", "prod",
    "var", "std", "all", "any", "argmax", "argmin", "logsumexp", "matmul", "dot", "einsum",
    "tensordot", "reshape", "transpose", "expand_dims", "squeeze", "concatenate", "stack", "tile",
    "broadcast_to", "take", "flip", "size", "ndim", "unstack", "relu", "relu6", "sigmoid",
    "softmax", "log_softmax", "leaky_relu", "elu", "softplus", "silu", "swish", "gelu",
    "hard_sigmoid", "one_hot", "categorical_crossentropy", "sparse_categorical_crossentropy",
    "binary_crossentropy"
]


from ... import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.ops", __name__, name)
