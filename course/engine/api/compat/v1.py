"""`tf.compat.v1`: TF1 names, such as `tf.compat.v1.log` and `tf.compat.v1.div`.

TF2 dropped `tf.log`, `tf.div` and `tf.mod` from the top level; old code can
use them from here. (Graphs, placeholders and sessions arrive with function.py.)
"""
from ...ops.math_ops import (add, subtract, multiply, divide, truediv, floordiv, floormod, mod,
                             pow, maximum, minimum, matmul, equal, less, greater)
from ...ops.unary_ops import log, exp, sqrt, square, negative, abs
from ...ops.reduce_ops import reduce_sum, reduce_mean, reduce_max, reduce_min
from ...ops.math_ops import floordiv as _floordiv
from ...ops.math_ops import truediv as _truediv
from ...ops.array_ops import cast, reshape, transpose
from ...tensor import constant
from ...variables import Variable
from ...graph.gradients import gradients
from .. import math
# TF1 graphs and sessions (see session.py and graph/)
from ...graph import Graph, get_default_graph, reset_default_graph
from ...function import function, executing_eagerly, print  # noqa: A004
from ...session import (Session, placeholder, global_variables_initializer, variables_initializer,
                        disable_eager_execution, enable_eager_execution)


def div(x, y, name=None):
    """TF1's `tf.div`: Python 2 division, flooring for integers, true division for floats."""
    x_float = getattr(x, "dtype", None) is not None and x.dtype.is_floating
    return _truediv(x, y) if x_float else _floordiv(x, y)


__all__ = ["add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod",
           "pow", "maximum", "minimum", "matmul", "equal", "less", "greater", "log", "exp", "sqrt",
           "square", "negative", "abs", "reduce_sum", "reduce_mean", "reduce_max", "reduce_min",
           "cast", "reshape", "transpose", "constant", "Variable", "gradients", "div", "math",
           "Graph", "get_default_graph", "reset_default_graph", "function", "executing_eagerly",
           "print", "Session", "placeholder", "global_variables_initializer",
           "variables_initializer", "disable_eager_execution", "enable_eager_execution"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from ... import unsupported
    return unsupported.missing("compat.v1", __name__, name)
