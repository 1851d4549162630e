"""A small TensorFlow 2 on NumPy: `import course.engine as tf`.

Code written against this subset runs unchanged on real TensorFlow, and
prints the same way:

    >>> import course.engine as tf
    >>> print(tf.constant([1, 2, 3]))
    tf.Tensor([1 2 3], shape=(3,), dtype=int32)

How the pieces fit (read them in this order):
    dtypes.py    DType and TF's dtype rules
    tensor.py    Tensor, TensorShape, convert_to_tensor
    execute.py   the one function every op goes through
    ops/         the op table: each op's NumPy forward next to its gradient
    tape.py      GradientTape: records ops, plays them backwards
    variables.py Variable: mutable state; reading it is an op
    api/         the tf.math, tf.nn, ... namespaces (re-exports only)

docs/engine-api.md lists every supported name and every known difference
from TensorFlow.
"""
from . import dtypes
from . import errors
from .dtypes import (DType, as_dtype, bool, double, float16, float32, float64, half, int8, int16,
                     int32, int64, string, uint8, uint16, uint32, uint64, variant, complex64,
                     complex128)
from .tensor import Tensor, TensorShape, convert_to_tensor, constant
from .tape import GradientTape, UnconnectedGradients
from .graph.gradients import gradients
from .variables import Variable
from .module import Module
from .ops.math_ops import add_n, matmul
# elementwise ops and reductions that also take RaggedTensors (ragged/dispatch.py)
from .ragged.dispatch import (add, subtract, multiply, divide, truediv, pow, maximum,  # noqa: A004
                              minimum, equal, not_equal, less, less_equal, greater, greater_equal,
                              logical_and, logical_or, logical_not, negative, abs, sign, exp,
                              sqrt, square, sin, cos, floor, round, sigmoid, tanh, cast,
                              zeros_like, ones_like, concat, stack, reduce_sum, reduce_mean,
                              reduce_max, reduce_min)
from .ops.reduce_ops import (reduce_prod, reduce_any, reduce_all, reduce_logsumexp, argmax,
                             argmin)
from .ops.split_ops import split
from .ops.array_ops import (transpose, squeeze, expand_dims, unstack, broadcast_to, identity, stop_gradient, size,
                            rank)
from .ragged.dispatch import shape, tile  # (tf.shape and tf.tile also take RaggedTensors)
from .ops.index_ops import gather, one_hot, where, clip_by_value
from .ops.complex_ops import complex  # noqa: A004 - TF's name
from .ops.bitcast_ops import bitcast
from .ops.creation_ops import eye, range, linspace
from .ragged.shape import zeros, ones, fill, reshape  # (also given a tf.shape(rt))
from .api import math, nn, linalg, random, test, compat, strings
from .api import io  # noqa: A004 - TF's name (tf.io)
from .api import image
from .api import signal
from .ragged.dispatch import reverse  # (also inside the rows of a RaggedTensor)
from .ops.string_conversion_ops import as_string
from .ops.hash_ops import fingerprint
from . import data, keras, summary
from .keras import initializers  # (TF 2.21's tf.initializers is tf.keras.initializers)
from . import distribute
# graphs: tf.function, TF1 graphs and sessions, saving (see function.py, graph/, saving/)
from .graph import Graph, Operation
from .function import function, TensorSpec, init_scope, executing_eagerly, print  # noqa: A004
from .graph.scopes import control_dependencies, name_scope
from .ops.control_flow_ops import group
from .ops.cond_ops import cond, switch_case
from .ops.while_ops import while_loop
from .ops.map_fn import map_fn as _map_fn, vectorized_map
from .ragged.dispatch import mapping as _mapping
map_fn = _mapping(_map_fn)  # (also over the rows of a RaggedTensor)
from .tensor_array import TensorArray
from .api import train, saved_model
# devices, version, and the rest of TF's top level (issue 11)
from .api import config, version, types, sparse, experimental
from .ops.sparse_ops import SparseTensor
from .devices import device
from .tensor import is_tensor
from .ops.padding_ops import pad, meshgrid
from .ops.index_ops import boolean_mask, clip_by_norm
from .ops.scatter_ops import (slice, strided_slice, gather_nd, scatter_nd,  # noqa: A004
                              tensor_scatter_nd_update, tensor_scatter_nd_add,
                              tensor_scatter_nd_sub, tensor_scatter_nd_min, tensor_scatter_nd_max)
from .ops.linalg_ops import norm, einsum, tensordot
from .ops.script_ops import py_function
from .custom_gradient import custom_gradient
from . import debugging
from . import profiler
from .debugging import Assert, assert_equal, assert_greater, assert_less, assert_rank
from . import unsupported as _unsupported
import sys as _sys
# `import tensorflow.compat.v1 as tf1` opens most TF1 code: the tf.compat modules are also
# importable by name (course.engine.compat.v1), as TF's tensorflow.compat.v1 is
_sys.modules[__name__ + ".compat"] = compat
_sys.modules[__name__ + ".compat.v1"] = compat.v1
_sys.modules[__name__ + ".compat.v2"] = _sys.modules[__name__]  # (TF2's API: this module)
# and `import tensorflow.experimental.numpy as tnp` opens TF NumPy (numpy_api/)
_sys.modules[__name__ + ".experimental"] = experimental
_sys.modules[__name__ + ".experimental.numpy"] = experimental.numpy
_sys.modules[__name__ + ".experimental.numpy.random"] = experimental.numpy.random
from . import autograph
from . import ragged
from .ragged.ragged_tensor import RaggedTensor
from .ragged.spec import RaggedTensorSpec
from .sparse_spec import SparseTensorSpec
from .keras import metrics  # (TF 2.21: tf.metrics is Keras's metrics module)
from .api import lookup
from .api import feature_column  # (deprecated in TF 2.21: the columns describe features)
from .tensor_proto import make_tensor_proto, make_ndarray
from .extension_type import type_spec_from_value

newaxis = None  # t[tf.newaxis] adds a dimension, as in NumPy
__version__ = version.VERSION  # "2.21.0+course.engine": TF 2.21's API, this engine


def __getattr__(name):  # Python calls this only for names the module lacks (see unsupported.py)
    return _unsupported.missing("tf", __name__, name)


__all__ = [
    # dtypes
    "dtypes", "DType", "as_dtype", "bool", "double", "float16", "float32", "float64", "half",
    "int8", "int16", "int32", "int64", "string", "uint8", "uint16", "uint32", "uint64", "variant",
    "complex64", "complex128", "complex",
    # tensors and variables
    "Tensor", "TensorShape", "convert_to_tensor", "constant", "Variable", "newaxis",
    "GradientTape", "UnconnectedGradients", "gradients", "Module", "errors",
    # arithmetic
    "add", "add_n", "subtract", "multiply", "divide", "truediv", "pow", "maximum", "minimum", "matmul",
    "negative", "abs", "sign", "exp", "sqrt", "square", "sin", "cos", "floor", "round",
    "sigmoid", "tanh",
    # comparison and logic
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_not",
    # reductions
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
    "reduce_all", "reduce_logsumexp", "argmax", "argmin",
    # shapes and selection
    "cast", "bitcast", "reshape", "transpose", "squeeze", "expand_dims", "concat", "stack",
    "unstack", "split",
    "tile", "broadcast_to", "identity", "stop_gradient", "zeros_like", "ones_like", "shape",
    "size", "rank", "gather", "one_hot", "where", "clip_by_value",
    "slice", "strided_slice", "gather_nd", "scatter_nd", "tensor_scatter_nd_update",
    "tensor_scatter_nd_add", "tensor_scatter_nd_sub", "tensor_scatter_nd_min",
    "tensor_scatter_nd_max",
    # creation
    "zeros", "ones", "fill", "eye", "range", "linspace",
    # strings (see ops/string_ops.py)
    "as_string", "strings", "fingerprint",
    # namespaces
    "math", "nn", "linalg", "random", "test", "compat", "io", "image", "reverse", "signal",
    "metrics", "lookup", "feature_column",
    # graphs
    "Graph", "Operation", "function", "TensorSpec", "init_scope", "executing_eagerly", "print",
    "control_dependencies", "name_scope", "group", "cond", "switch_case", "while_loop", "map_fn", "vectorized_map",
    "TensorArray",
    "train", "saved_model", "keras", "summary", "autograph", "initializers",
    # input pipelines (see data/), several replicas (see distribute/)
    "data", "distribute",
    # devices, version, more ops
    "config", "version", "types", "sparse", "SparseTensor", "device", "is_tensor", "pad", "meshgrid", "boolean_mask", "clip_by_norm",
    "norm", "einsum", "tensordot", "py_function", "custom_gradient",
    # ragged tensors (see ragged/)
    "ragged", "RaggedTensor", "RaggedTensorSpec", "experimental",
    "SparseTensorSpec",
    # finding bugs (see debugging/)
    "debugging", "Assert", "assert_equal", "assert_greater", "assert_less", "assert_rank",
    # how long ops take (see profiler/)
    "profiler",
    # tensors as protocol buffers (see tensor_proto.py)
    "make_tensor_proto", "make_ndarray",
    # the TypeSpec of a value (see extension_type.py)
    "type_spec_from_value",
]
