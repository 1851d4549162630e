"""Weak tensors, and the API functions that promote, while `dtype_conversion_mode` is "all"/"safe".

    >>> tnp.experimental_enable_numpy_behavior(dtype_conversion_mode="all")
    >>> tf.constant(5)                       # no dtype given: a weak int32
    <tf.Tensor: shape=(), dtype=int32, numpy=5, weak=True>
    >>> tf.constant(1.2) + tf.constant(3.1, tf.float16)   # the weak float32 gives way
    <tf.Tensor: shape=(), dtype=float16, numpy=4.30078125>

A `WeakTensor` is a tensor whose dtype was inferred from Python values (`tf.constant(5)`,
`tf.math.abs([1.0])`, `tnp.array(1)`), so it defers to the other input's dtype
(promotion.py has the rules). Ops on weak inputs give weak results when the lattice says so.

How, as TF does it: turning the mode on installs wrappers (`install`) over the API functions
TF lists as WeakTensor-supporting, in the engine's public namespaces (`tf`, `tf.math`, `tf.nn`,
`tf.linalg`, `tnp`, ...), over Python's operators and over `Variable.assign*`; turning it off
puts the originals back (`uninstall`). The engine's ops and `execute` never look at the mode:
a WeakTensor is a Tensor subclass, and the op under a wrapper sees plain tensors of one dtype.
Inside a `tf.function`, weak values made there (`tf.constant(1.5)`) are weak too; a graph
tensor cannot change its class, so its weakness is noted beside it (`_weak_symbols`).
"""
from __future__ import annotations

import functools
import inspect
import sys
import weakref

import numpy as np

from .. import dtypes
from ..ops import array_ops
from ..tensor import Tensor, TensorOperators, convert_to_tensor
from ..variables import Variable
from . import promotion

__all__ = ["WeakTensor", "is_weak", "install", "uninstall", "mode"]

# The dtypes a weak tensor can have (a Python int, float or complex, or NumPy's defaults).
_WEAK_DTYPES = frozenset(np.dtype(t) for t in (np.int32, np.int64, np.float32, np.float64,
                                                np.complex128))


class WeakTensor(Tensor):
    """A tensor whose dtype was inferred, not chosen: it gives way in promotion (TF's WeakTensor).

    >>> tf.constant([5.0, 10.0, 3])   # (mode "all")
    <tf.Tensor: shape=(3,), dtype=float32, numpy=array([ 5., 10.,  3.], dtype=float32), weak=True>
    """

    __slots__ = ()  # (the same layout as Tensor: only the mark of its class differs)

    def __repr__(self) -> str:
        return super().__repr__()[:-1] + ", weak=True>"

    def __str__(self) -> str:
        return super().__str__()[:-1] + ", weak=True)"

    def __format__(self, format_spec: str) -> str:
        return f"{super().__format__(format_spec)} weakly typed"  # (TF's f"{t}" says so too)

    def __iter__(self):  # (TF: the rows of a weak tensor are weak)
        return (_weak_if(row, True) for row in super().__iter__())

    # Negation and friends keep weakness (TF's WeakTensor has its own unary operators).
    def __neg__(self):
        return _weak_if(TensorOperators.__neg__(_plain(self)), True)

    def __abs__(self):
        return _weak_if(TensorOperators.__abs__(_plain(self)), True)

    def __invert__(self):
        return _weak_if(TensorOperators.__invert__(_plain(self)), True)


# Graph tensors made weak inside a tf.function, by id while they live ({id: tensor}).
_weak_symbols = weakref.WeakValueDictionary()


def is_weak(x) -> bool:
    """Is `x` a weak tensor (an eager WeakTensor, or a graph tensor made weak)?"""
    return isinstance(x, WeakTensor) or _weak_symbols.get(id(x)) is x


def _plain(x):
    """A WeakTensor as an ordinary tensor of the same value (anything else as it is)."""
    return Tensor(x._value) if isinstance(x, WeakTensor) else x


def _weak_if(result, weak: bool):
    """`result` marked weak when the lattice says so (eager tensors of a weak-able dtype only)."""
    if weak and type(result) is Tensor and result._value.dtype in _WEAK_DTYPES:
        return WeakTensor(result._value)
    if weak and hasattr(result, "_op") and np.dtype(result.dtype.as_numpy_dtype) in _WEAK_DTYPES:
        _weak_symbols[id(result)] = result  # (a graph tensor: see the module's docstring)
    if not weak and isinstance(result, WeakTensor):
        return _plain(result)
    return result


def _convert_or_cast(x, dtype: dtypes.DType):
    """`x` as a tensor of `dtype`: tensors and Variables are cast (gradients flow), other
    values converted."""
    x = _plain(x)
    if isinstance(x, Tensor) or getattr(x, "_is_variable", False):
        return x if x.dtype is dtype else array_ops.cast(x, dtype)
    if isinstance(x, (np.ndarray, np.generic)):
        return convert_to_tensor(np.asarray(x).astype(dtype.as_numpy_dtype))
    return convert_to_tensor(x, dtype=dtype)


# -- the mode, and what it installs --------------------------------------------------------------
_mode = None  # "all" or "safe" while installed; None otherwise
_replaced: list = []  # (owner, name, original) for every attribute `install` replaced


def mode() -> str | None:
    """The promotion mode installed ("all" or "safe"), or None."""
    return _mode


def _result_type(*values) -> tuple:
    return promotion.result_type(*values, mode=_mode)


def _unary(op):
    """`op(x, ...)` with x's dtype inferred by the lattice: a Python `x` gives a weak result."""
    signature = inspect.signature(op)
    x_name = next(iter(signature.parameters))

    @functools.wraps(op)
    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        x = bound.arguments.get(x_name)
        # (a strong tensor, or a dtype= argument, decides the dtype as always)
        if (isinstance(x, Tensor) and not is_weak(x)) or \
                bound.arguments.get("dtype") is not None:
            return op(*args, **kwargs)
        try:
            dtype, weak = _result_type(x)
        except NotImplementedError:  # (a value the lattice does not know: TF's old rules)
            return op(*args, **kwargs)
        bound.arguments[x_name] = _convert_or_cast(x, dtype)
        return _weak_if(op(*bound.args, **bound.kwargs), weak)
    return wrapper


def _binary(op, weak_result: bool = True):
    """`op(x, y, ...)` with both inputs promoted to the lattice's dtype first. Comparisons
    (`weak_result=False`: maximum, minimum, equal) never give weak results, as in TF."""
    signature = inspect.signature(op)
    x_name, y_name = list(signature.parameters)[:2]

    @functools.wraps(op)
    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        x, y = bound.arguments.get(x_name), bound.arguments.get(y_name)
        try:
            dtype, weak = _result_type(x, y)
        except NotImplementedError:
            return op(*args, **kwargs)
        bound.arguments[x_name] = _convert_or_cast(x, dtype)
        bound.arguments[y_name] = _convert_or_cast(y, dtype)
        return _weak_if(op(*bound.args, **bound.kwargs), weak and weak_result)
    return wrapper


def _constant(op):
    """`tf.constant`: weak without a dtype; with one, a tensor of another dtype is converted
    when the lattice allows it (TF: `tf.constant(int16_tensor, tf.float32)`)."""
    @functools.wraps(op)
    def constant(value, dtype=None, shape=None, name="Const"):
        dtype = None if dtype is None else dtypes.as_dtype(dtype)
        try:
            target, weak = _result_type(value, dtype)
        except NotImplementedError:
            return op(_plain(value), dtype, shape, name)
        if dtype is None:
            return _weak_if(op(_plain(value), target, shape, name), weak)
        if target is dtype and (isinstance(value, Tensor) or getattr(value, "_is_variable", False)):
            value = _convert_or_cast(value, dtype)
        return op(_plain(value), dtype, shape, name)  # (otherwise tf.constant's own rules)
    return constant


def _variable_method(method):
    """`v.assign(value)` and friends: `value` is converted to the variable's dtype when the
    lattice's result is that dtype; any other result is TF's TypeError (a Variable keeps its
    dtype)."""
    @functools.wraps(method)
    def wrapper(self, value, use_locking=None, name=None, read_value: bool = True):
        try:
            target, _ = _result_type(self, value)
        except NotImplementedError:
            return method(self, value, use_locking, name, read_value)
        if target is not self.dtype:
            raise TypeError(
                f"Variable dtype is immutable. Calling {method.__name__} of Variable (with dtype "
                f"{self.dtype}) on {value} requires converting {value} to {self.dtype}. This is "
                "disabled in the current promotion semantics. Please convert "
                f"{value} manually before calling {method.__name__}.")
        return method(self, _convert_or_cast(value, target), use_locking, name, read_value)
    return wrapper


def _operator(operator, reflected: bool):
    """Python's binary operator `operator` (`t + x`, `x + t`) following the lattice."""
    def promoted(self, other):
        if other is None or isinstance(other, (str, bytes)):  # (TF's own answer for these)
            return operator(_plain(self), other)
        try:
            dtype, weak = _result_type(*((other, self) if reflected else (self, other)))
        except NotImplementedError:
            return operator(_plain(self), _plain(other))
        return _weak_if(operator(_convert_or_cast(self, dtype), _convert_or_cast(other, dtype)),
                        weak)
    promoted.__name__ = operator.__name__
    return promoted


# The functions TF's guide lists as WeakTensor-supporting, by their path under `tf` (names
# this engine lacks are skipped, so a function added later is covered at once). Each function
# object is wrapped once and replaced under every public name it has (tf.abs and tf.math.abs
# are one function). Measured in TF 2.21, not only read: the guide also lists tf.nn.relu,
# elu, selu and softsign, but TF's public names for them stay unwrapped
# (`tf.nn.relu([-1.0, 2.0])` is a strong float32), so they are left out.
UNARY = (
    "math.abs", "math.negative", "math.sign", "math.round", "math.sigmoid", "math.ceil",
    "math.floor", "math.sqrt", "math.rsqrt", "math.exp", "math.expm1", "math.log", "math.log1p",
    "math.sin", "math.cos", "math.tan", "math.sinh", "math.cosh", "math.tanh", "math.asin",
    "math.acos", "math.atan", "math.asinh", "math.acosh", "math.atanh", "math.square",
    "math.reciprocal", "math.reciprocal_no_nan", "math.softplus", "math.erf", "math.erfc",
    "math.lgamma", "math.digamma", "math.conj", "math.real", "math.imag", "math.angle",
    "math.rint", "math.log_sigmoid", "math.reduce_sum", "math.reduce_mean", "math.reduce_max",
    "math.reduce_min", "math.reduce_prod", "math.reduce_std", "math.reduce_variance",
    "math.reduce_logsumexp", "math.reduce_euclidean_norm", "nn.relu6", "nn.gelu",
    "nn.leaky_relu", "nn.swish", "nn.log_softmax",
    "reshape", "squeeze", "expand_dims", "transpose", "identity", "stop_gradient", "zeros_like",
    "ones_like", "clip_by_value", "linalg.matrix_transpose", "linalg.trace", "linalg.diag",
    "linalg.diag_part", "debugging.check_numerics",
)
BINARY = (
    "math.add", "math.subtract", "math.multiply", "math.divide", "math.truediv",
    "math.multiply_no_nan", "math.divide_no_nan", "math.floordiv", "math.floormod",
    "truncatediv", "truncatemod", "math.pow", "realdiv", "linalg.matmul",
)
COMPARISONS = ("math.maximum", "math.minimum", "math.equal")
# `tnp`'s WeakTensor-supporting functions (TF NumPy's own ones, in numpy_api/functions.py)
TNP_UNARY = ("abs", "sqrt", "exp", "log", "tanh", "square", "around", "round", "sum", "mean",
             "amax", "amin", "max", "min", "array", "asarray", "copy", "ones_like", "zeros_like",
             "arange", "reshape", "ravel", "transpose", "expand_dims")
TNP_BINARY = ("matmul",)

_NAMESPACES = ("course.engine", "course.engine.api.math", "course.engine.api.nn",
               "course.engine.api.linalg", "course.engine.api.image",
               "course.engine.api.debugging", "course.engine.numpy_api")

# Python's binary operators that promote (the unary ones are WeakTensor's own, above). As
# measured in TF 2.21: `==` promotes, but `!=`, `<`, ..., `&`, `|`, `^` keep TF's error for
# mixed dtypes.
_OPERATORS = ("__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__",
              "__pow__", "__matmul__")
_COMPARISON_OPERATORS = ("__eq__",)


def _lookup(path: str, root):
    """The function at `path` under `root` (module dictionaries only: no lazy lookups), or None."""
    owner = root
    for part in path.split("."):
        owner = vars(owner).get(part) if hasattr(owner, "__dict__") else None
        if owner is None:
            return None
    return owner


def _wrappers() -> dict:
    """{original function: its wrapper} for everything the mode covers."""
    engine, tnp = sys.modules["course.engine"], sys.modules["course.engine.numpy_api"]
    wrappers = {}
    for paths, root, make in ((UNARY, engine, _unary), (BINARY, engine, _binary),
                              (COMPARISONS, engine, functools.partial(_binary, weak_result=False)),
                              (TNP_UNARY, tnp, _unary), (TNP_BINARY, tnp, _binary)):
        for path in paths:
            function = _lookup(path, root)
            if callable(function) and function not in wrappers:
                wrappers[function] = make(function)
    wrappers[engine.constant] = _constant(engine.constant)
    return wrappers


def _replace(owner, name: str, new) -> None:
    _replaced.append((owner, name, vars(owner).get(name)))
    setattr(owner, name, new)


def install(new_mode: str) -> None:
    """Turns on the lattice's promotion ("all" or "safe") in the public API (see the docstring)."""
    global _mode
    uninstall()
    _mode = new_mode
    wrappers = _wrappers()
    for module_name in _NAMESPACES:
        module = sys.modules.get(module_name)
        for name, value in list(vars(module).items()) if module else ():
            if callable(value) and not isinstance(value, type) and value in wrappers:
                _replace(module, name, wrappers[value])
    for name in ("assign", "assign_add", "assign_sub"):
        _replace(Variable, name, _variable_method(vars(Variable)[name]))
    for name in _OPERATORS + _COMPARISON_OPERATORS:
        plain = vars(TensorOperators)[name]
        _replace(TensorOperators, name, _operator(plain, reflected=False))
        reflected = "__r" + name[2:]
        if reflected in vars(TensorOperators):
            _replace(TensorOperators, reflected,
                     _operator(vars(TensorOperators)[reflected], reflected=True))


def uninstall() -> None:
    """Puts back every attribute `install` replaced (the engine as it was)."""
    global _mode
    while _replaced:
        owner, name, original = _replaced.pop()  # (last first: an attribute replaced twice)
        if original is None:
            delattr(owner, name)
        else:
            setattr(owner, name, original)
    _mode = None
