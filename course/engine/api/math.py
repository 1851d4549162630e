"""`tf.math`: elementwise math, reductions and comparisons."""
from ..ops.math_ops import add_n
# elementwise ops and reductions that also take RaggedTensors (ragged/dispatch.py)
from ..ragged.dispatch import (add, subtract, multiply, divide, truediv, floordiv, floormod, mod,
                               pow, maximum, minimum, squared_difference, equal, not_equal, less,
                               less_equal, greater, greater_equal, logical_and, logical_or,
                               logical_not, logical_xor, negative, abs, sign, exp, log, log1p,
                               sqrt, rsqrt, square, reciprocal, sin, cos, floor, ceil, round,
                               sigmoid, tanh, reduce_sum, reduce_mean, reduce_max, reduce_min)
from ..ops.reduce_ops import (reduce_prod, reduce_any, reduce_all, reduce_std, reduce_variance,
                              reduce_logsumexp, argmax, argmin)
from ..ops.nn_ops import softmax, log_softmax
from ..ops.index_ops import unsorted_segment_sum
from ..ops.math_ops import divide_no_nan
from ..ops.unary_ops import is_nan, is_inf, is_finite
from ..ops.unary_ops import expm1
from ..ops.nn_ops import softplus
from ..ops.matrix_ops import l2_normalize
from ..ops.sparse_ops import invert_permutation
from ..ops.complex_ops import real, imag, conj, angle
from .. import unsupported as _unsupported

__all__ = ["add", "add_n", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod",
           "pow", "maximum", "minimum", "squared_difference", "equal", "not_equal", "less",
           "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_not",
           "logical_xor", "negative", "abs", "sign", "exp", "log", "log1p", "sqrt", "rsqrt",
           "square", "reciprocal", "sin", "cos", "floor", "ceil", "round", "reduce_sum",
           "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any", "reduce_all",
           "reduce_std", "reduce_variance", "reduce_logsumexp", "argmax", "argmin", "sigmoid",
           "tanh", "softmax", "log_softmax", "unsorted_segment_sum", "divide_no_nan", "is_nan",
           "is_inf", "is_finite", "softplus", "l2_normalize", "invert_permutation",
           "real", "imag", "conj", "angle", "expm1"]


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("math", __name__, name)
