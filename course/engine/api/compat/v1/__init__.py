"""`tf.compat.v1`: TF1 names, such as `tf.compat.v1.log`, `placeholder` and `Session`.

TF2 dropped `tf.log`, `tf.div` and `tf.mod` from the top level; old code can
use them from here. It also holds TF1's way of training, graphs and sessions:

    >>> tf1 = tf.compat.v1
    >>> with tf.Graph().as_default():
    ...     x = tf1.placeholder(tf.float32, [None, 1])
    ...     W = tf.Variable(tf1.random_normal([1, 1]))
    ...     loss = tf.reduce_mean(tf.square(tf.matmul(x, W) - 2.0 * x))
    ...     train_op = tf1.train.GradientDescentOptimizer(0.1).minimize(loss)   # train.py
    ...     with tf1.Session() as sess:
    ...         sess.run(tf1.global_variables_initializer())
    ...         sess.run(train_op, feed_dict={x: [[1.0], [2.0]]})

    train.py   the optimizers (GradientDescent, Momentum, Adam, RMSProp, Adagrad), the
               global step
    variable_scope.py   variable_scope, get_variable: variables shared by name
    initializers.py     zeros_initializer, glorot_uniform_initializer, ...
    nn.py      TF1's tf.nn names
    losses.py  mean_squared_error
"""
import re as _re

from ....ops.math_ops import matmul
# (the same functions as tf.add, ...: they also take RaggedTensors, see ragged/dispatch.py)
from ....ragged.dispatch import (add, subtract, multiply, divide, truediv, floordiv, floormod,
                                 mod, pow, maximum, minimum, equal, less, greater, log, exp, sqrt,
                                 square, negative, abs, reduce_sum, reduce_mean, reduce_max,
                                 reduce_min)
from ....ops.reduce_ops import argmax as _argmax, argmin as _argmin
from ....ops.math_ops import floordiv as _floordiv
from ....ops.math_ops import truediv as _truediv
from ....ragged.dispatch import cast
from ....ops.array_ops import reshape, transpose
from ....ops.random_ops import (set_seed as _set_seed, normal as random_normal,
                               uniform as random_uniform, truncated_normal)
from ....ops.placeholder_ops import placeholder_with_default
from ....tensor import enable_tensor_equality, disable_tensor_equality
from ....graph.scopes import name_scope
from ....tensor_shape import TensorShape, Dimension, dimension_value, dimension_at_index
from ....ops.scatter_ops import (slice, strided_slice, scatter_nd,  # noqa: A004
                                 tensor_scatter_nd_update, tensor_scatter_nd_add,
                                 tensor_scatter_nd_sub, tensor_scatter_nd_min,
                                 tensor_scatter_nd_max)
from ....ops.scatter_ops import gather_nd as _gather_nd
from ....tensor import constant
from .... import dtypes as _dtypes
from ....variables import Variable
from ....graph.gradients import gradients
from ... import math
# TF1 graphs and sessions (see session.py and graph/)
from ....graph import Graph, get_default_graph, reset_default_graph
from ....function import function, executing_eagerly, print  # noqa: A004
from ....session import (Session, InteractiveSession, get_default_session, placeholder,
                        global_variables_initializer, variables_initializer,
                        disable_eager_execution, enable_eager_execution)
from . import train, nn, losses, summary
from ....graph.collections import GraphKeys
from ....wrapped_function import wrap_function
from . import saved_model
from .variable_scope import (AUTO_REUSE, VariableScope, variable_scope, get_variable_scope,
                             get_variable)
from .initializers import (zeros_initializer, ones_initializer, constant_initializer,
                           random_normal_initializer, truncated_normal_initializer,
                           random_uniform_initializer, glorot_uniform_initializer,
                           glorot_normal_initializer)


def div(x, y, name=None):
    """TF1's `tf.div`: Python 2 division, flooring for integers, true division for floats."""
    x_float = getattr(x, "dtype", None) is not None and x.dtype.is_floating
    return _truediv(x, y) if x_float else _floordiv(x, y)


def set_random_seed(seed) -> None:
    """TF1's name of `tf.random.set_seed`: later random ops draw reproducibly.

    (In TF1 the seed belongs to the default graph; here, as with tf.random.set_seed,
    it is the program's.)
    """
    _set_seed(seed)


def _axis_or_dimension(axis, dimension):
    """TF1's `dimension`, an old name of `axis` (not both); 0 when neither is given."""
    if dimension is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dimension'")
        axis = dimension
    return 0 if axis is None else axis


def argmax(input, axis=None, name=None, dimension=None, output_type=_dtypes.int64):  # noqa: A002
    """TF1's `tf.argmax`: as TF2's, with `dimension` an old name of `axis`."""
    return _argmax(input, _axis_or_dimension(axis, dimension), output_type=output_type)


def argmin(input, axis=None, name=None, dimension=None, output_type=_dtypes.int64):  # noqa: A002
    """TF1's `tf.argmin`: as TF2's, with `dimension` an old name of `axis`."""
    return _argmin(input, _axis_or_dimension(axis, dimension), output_type=output_type)


def to_float(x, name="ToFloat"):
    """TF1's `tf.to_float(x)`: `tf.cast(x, tf.float32)`."""
    return cast(x, _dtypes.float32)


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """TF1's `tf.assign(v, value)`: `v.assign(value)` (the variable, read after the assignment)."""
    return ref.assign(value)


def assign_add(ref, value, use_locking=None, name=None):
    """TF1's `tf.assign_add(v, delta)`: `v.assign_add(delta)`."""
    return ref.assign_add(value)


def assign_sub(ref, value, use_locking=None, name=None):
    """TF1's `tf.assign_sub(v, delta)`: `v.assign_sub(delta)`."""
    return ref.assign_sub(value)


def global_variables(scope=None) -> list:
    """The default graph's variables, in the order they were made (TF1's GLOBAL_VARIABLES
    collection): the model's weights, and optimizer slots and steps. Empty when eager.

    `scope`: only those whose name starts with a match of this regular expression
    (`global_variables("layer1")`)."""
    return _in_scope(get_default_graph().variables, scope)


def trainable_variables(scope=None) -> list:
    """The default graph's trainable variables (TF1's TRAINABLE_VARIABLES collection): what
    an optimizer's `minimize(loss)` changes when given no `var_list`. `scope` as above."""
    return _in_scope([v for v in get_default_graph().variables if v.trainable], scope)


def _in_scope(variables, scope) -> list:
    # TF: re.match, so "layer1" also takes "layer10/w" (use "layer1/" for the scope alone)
    return [v for v in variables if scope is None or _re.match(scope, v.name)]


def gather_nd(params, indices, name=None, batch_dims=0):
    """TF1's `tf.gather_nd`: the same as TF2's, with `name` before `batch_dims`."""
    return _gather_nd(params, indices, batch_dims=batch_dims)


# TF1's older names of the tensor_scatter_nd functions
tensor_scatter_update = tensor_scatter_nd_update
tensor_scatter_add = tensor_scatter_nd_add
tensor_scatter_sub = tensor_scatter_nd_sub


def enable_v2_behavior() -> None:
    """TF2's behaviour, the engine's own: eager execution (as `enable_eager_execution`) and
    `==` comparing values. Mirrors `tf.compat.v1.enable_v2_behavior`. (Its opposite, TF1's
    whole behaviour, is not part of the engine: `disable_eager_execution` gives graphs.)"""
    enable_eager_execution()
    enable_tensor_equality()


def initialize_all_variables():
    """The old name of `global_variables_initializer` (deprecated in TF1 already)."""
    return global_variables_initializer()


# -- TF1's collections of the default graph (graph/collections.py) -------------------------
def get_collection(key: str, scope=None) -> list:
    """The default graph's collection `key` (a copy). Mirrors `tf.compat.v1.get_collection`."""
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key: str) -> list:
    """The default graph's collection `key` itself. Mirrors `tf.compat.v1.get_collection_ref`."""
    return get_default_graph().get_collection_ref(key)


def add_to_collection(name: str, value) -> None:
    """Files `value` under `name` in the default graph. Mirrors `tf.compat.v1.add_to_collection`."""
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value) -> None:
    """`add_to_collection` for each of `names` (each once). Mirrors
    `tf.compat.v1.add_to_collections`."""
    for name in dict.fromkeys([names] if isinstance(names, str) else names):
        add_to_collection(name, value)


__all__ = ["add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod",
           "pow", "maximum", "minimum", "matmul", "equal", "less", "greater", "log", "exp", "sqrt",
           "square", "negative", "abs", "reduce_sum", "reduce_mean", "reduce_max", "reduce_min",
           "cast", "reshape", "transpose", "constant", "Variable", "gradients", "div", "math",
           "Graph", "get_default_graph", "reset_default_graph", "function", "executing_eagerly",
           "print", "Session", "InteractiveSession", "get_default_session", "placeholder",
           "placeholder_with_default", "global_variables_initializer", "variables_initializer",
           "initialize_all_variables", "disable_eager_execution", "enable_eager_execution",
           "enable_v2_behavior",
           "train", "nn", "losses", "set_random_seed", "random_normal", "random_uniform",
           "truncated_normal", "argmax", "argmin", "to_float", "assign", "assign_add",
           "assign_sub", "global_variables", "trainable_variables", "enable_tensor_equality",
           "disable_tensor_equality", "TensorShape", "Dimension", "dimension_value",
           "dimension_at_index", "name_scope", "slice", "strided_slice",
           "gather_nd", "scatter_nd", "tensor_scatter_nd_update", "tensor_scatter_nd_add",
           "tensor_scatter_nd_sub", "tensor_scatter_nd_min", "tensor_scatter_nd_max",
           "tensor_scatter_update", "tensor_scatter_add", "tensor_scatter_sub",
           "AUTO_REUSE", "VariableScope", "variable_scope", "get_variable_scope", "get_variable",
           "zeros_initializer", "ones_initializer", "constant_initializer",
           "random_normal_initializer", "truncated_normal_initializer",
           "random_uniform_initializer", "glorot_uniform_initializer",
           "glorot_normal_initializer", "wrap_function", "saved_model", "summary", "GraphKeys",
           "get_collection", "get_collection_ref", "add_to_collection", "add_to_collections",
           "Summary", "SummaryMetadata", "Event"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported)
    if name in ("Summary", "SummaryMetadata", "Event"):  # TF's messages (TensorBoard's classes)
        return getattr(summary, name)
    from .... import unsupported
    return unsupported.missing("compat.v1", __name__, name)
