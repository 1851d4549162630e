"""`experimental_enable_numpy_behavior()`: tensors that act more like NumPy arrays.

TensorFlow never converts dtypes silently: `int32 + float32` is an error. TF NumPy
(`tf.experimental.numpy`, read as `tnp`) offers a switch that changes three things,
for the rest of the program:

    >>> tnp.experimental_enable_numpy_behavior()
    >>> (tf.constant(1) + tf.constant(1.0)).dtype    # 1. NumPy's dtype promotion in operators
    tf.float64
    >>> tf.ones([2, 3]).T.shape                      # 2. NumPy's methods: .T, .reshape, .astype
    TensorShape([3, 2])
    >>> tf.range(6)[tf.constant([True, False] * 3)]  # 3. NumPy's indexing: masks, index arrays
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([0, 2, 4], dtype=int32)>

How: as in TF, the switch adds attributes to the Tensor class (and promoting versions of
the operators to the class Tensor and Variable share), so while it is off nothing differs
and nothing costs: `execute` never asks. Only Python's operators promote: `tf.add(int32,
float32)` stays TF's error, as in TF; the `tnp` functions promote too (functions.py).
Before the switch, the NumPy names learners try first (`t.T`, `t.reshape`) raise TF's
AttributeError, which names the switch (`_hint`).

`dtype_conversion_mode="all"` or `"safe"` swaps NumPy's promotion for TF's newer lattice
with weak tensors, in the operators and in TF's own APIs (`tf.add` too): promotion.py has
the rules, weak.py what the mode installs.

TF has no switch back. Tests use `restore_default_behavior()` (engine only).
Read next: functions.py, the `tnp.*` functions; promotion.py and weak.py.
"""
from __future__ import annotations

import numbers
import sys

import numpy as np

from .. import dtypes
from ..context import state
from ..ops import array_ops, index_ops
from ..tensor import Tensor, TensorOperators, convert_to_tensor
from . import weak

__all__ = ["experimental_enable_numpy_behavior", "restore_default_behavior", "result_type",
           "promote", "numpy_getitem"]


def experimental_enable_numpy_behavior(prefer_float32: bool = False,
                                       dtype_conversion_mode: str = "legacy") -> None:
    """Turns on NumPy's dtype promotion, methods and indexing for tensors, for good.

    Mirrors `tf.experimental.numpy.experimental_enable_numpy_behavior`. `prefer_float32`
    makes TF NumPy read Python floats as float32 (NumPy: float64). `dtype_conversion_mode`
    "legacy" promotes as NumPy does; "off" keeps TF's rule (no promotion); "all" and "safe"
    are TF's newer lattice with weak tensors, in operators and in TF's APIs (promotion.py,
    weak.py). Calling it again switches the mode.

    >>> tnp.experimental_enable_numpy_behavior()
    >>> (tf.constant(1) + tf.constant(1.0)).dtype
    tf.float64
    """
    if dtype_conversion_mode not in ("legacy", "off", "safe", "all"):
        raise ValueError(f"The provided promotion mode {dtype_conversion_mode} does not exist. "
                         "Make sure the provided dtype conversion mode is one of the "
                         "followings: off, legacy, safe, all")
    state.numpy_behavior = True
    state.prefer_float32 = bool(prefer_float32)
    for name, method in _METHODS.items():
        setattr(Tensor, name, method)
    weak.uninstall()
    for name in _OPERATORS:
        plain = _PLAIN_OPERATORS[name]
        setattr(TensorOperators, name,
                _promoting(plain) if dtype_conversion_mode == "legacy" else plain)
    if dtype_conversion_mode in ("safe", "all"):  # TF's newer lattice, with weak tensors
        weak.install(dtype_conversion_mode)


def restore_default_behavior() -> None:
    """Undoes `experimental_enable_numpy_behavior` (TF cannot; tests need to)."""
    state.numpy_behavior = False
    state.prefer_float32 = False
    weak.uninstall()
    for name in _METHODS:
        if name in _PLAIN_METHODS:
            setattr(Tensor, name, _PLAIN_METHODS[name])
        elif name in vars(Tensor):
            delattr(Tensor, name)
    for name, plain in _PLAIN_OPERATORS.items():
        setattr(TensorOperators, name, plain)


# -- 1. NumPy's dtype promotion ------------------------------------------------------------
def _promotion_key(x):
    """What NumPy's `result_type` should see for `x`: a tensor's dtype, or the Python number
    itself (NumPy 2 lets a Python number adapt: `float32 + 1.5` stays float32)."""
    if isinstance(x, Tensor) or getattr(x, "_is_variable", False):
        return x.dtype.as_numpy_dtype
    if isinstance(x, float) and state.prefer_float32:
        return np.float32(x)  # (prefer_float32: a Python float counts as a float32)
    if isinstance(x, complex) and state.prefer_float32:
        return np.complex64(x)
    return x


def result_type(*values) -> dtypes.DType:
    """The dtype NumPy gives an operation on `values` (tensors, NumPy arrays, Python numbers).

    Mirrors `tf.experimental.numpy.result_type`.

    >>> tnp.result_type(tf.constant(1), tf.constant(1.0))  # int32 with float32
    tf.float64
    >>> tnp.result_type(tf.constant(1.0), 2.5)              # a Python float adapts
    tf.float32
    """
    return dtypes.as_dtype(np.result_type(*[_promotion_key(x) for x in values]))


def _promotable(x) -> bool:
    return isinstance(x, (Tensor, numbers.Number, np.ndarray, np.generic)) or \
        getattr(x, "_is_variable", False)


def promote(*values) -> tuple:
    """`values` as tensors of their NumPy result type (TF NumPy's promotion).

    Values of another kind (strings, lists, None) are returned as they are, so the op
    gives TF's own answer for them.
    """
    if not all(_promotable(x) for x in values):
        return values
    target = result_type(*values)
    return tuple(_as_tensor_of(x, target) for x in values)


def _as_tensor_of(x, dtype: dtypes.DType) -> Tensor:
    if isinstance(x, Tensor) or getattr(x, "_is_variable", False):
        return x if x.dtype is dtype else array_ops.cast(x, dtype)  # (Cast: gradients flow)
    return convert_to_tensor(np.asarray(x).astype(dtype.as_numpy_dtype))


# Python's operators that promote once the switch is on (TF: every binary operator).
_OPERATORS = ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
              "__truediv__", "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__",
              "__rmod__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__", "__and__",
              "__rand__", "__or__", "__ror__", "__xor__", "__eq__", "__ne__", "__lt__",
              "__le__", "__gt__", "__ge__")
_PLAIN_OPERATORS = {name: vars(TensorOperators)[name] for name in _OPERATORS}


def _promoting(operator):
    """`operator` (e.g. Tensor.__add__) with both sides promoted to their result type first."""
    def promoted(self, other):
        return operator(*promote(self, other))
    promoted.__name__ = operator.__name__
    return promoted


# -- 2. NumPy's methods on tf.Tensor --------------------------------------------------------
def _reshape_method(self, *shape, order: str = "C") -> Tensor:
    """`t.reshape(2, 3)` or `t.reshape((2, 3))`, as NumPy's method takes both."""
    if len(shape) == 1 and not isinstance(shape[0], numbers.Integral):
        shape = shape[0]
    return _tnp().reshape(self, shape, order=order)


def _tnp():
    """The `tnp` namespace (this package, whole only after we are imported). Methods call its
    functions, so the wrappers a promotion mode installs there apply to methods too, as in TF
    (`weak.T` stays weak)."""
    return sys.modules[__package__]


def _method(name: str):
    """The `tnp` function `name` as a method (looked up when called)."""
    def method(self, *args, **kwargs):
        return getattr(_tnp(), name)(self, *args, **kwargs)
    method.__name__ = name
    method.__doc__ = f"`t.{name}(...)` is `tnp.{name}(t, ...)` (NumPy's method)."
    return method


def _tolist(self) -> list:
    if hasattr(self, "_op"):  # (a graph tensor has no value yet)
        raise ValueError("Symbolic Tensors do not support the tolist API.")
    return self.numpy().tolist()


def _size(self):
    if not self.shape.is_fully_defined():
        return None
    return np.prod(self.shape.as_list())  # (TF's rule: a NumPy number; 1.0 for a scalar)


_METHODS = {
    "T": property(lambda self: _method("transpose")(self)),
    "size": property(_size),
    "data": property(lambda self: self),  # (TF keeps it for old code)
    "tolist": _tolist,
    "transpose": _method("transpose"),
    "flatten": _method("ravel"),
    "ravel": _method("ravel"),
    "reshape": _reshape_method,
    "clip": _method("clip"),
    "astype": lambda self, dtype: array_ops.cast(self, dtype),
    "__round__": lambda self, ndigits=None: _method("around")(self, ndigits or 0),
    "max": _method("amax"),
    "mean": _method("mean"),
    "min": _method("amin"),
    "__getitem__": lambda self, key: numpy_getitem(self, key),
}


def _hint(name: str) -> property:
    """`t.T` before the switch: TF's AttributeError, which says how to turn the methods on."""
    def missing(self):
        kind = "EagerTensor" if type(self) is Tensor else type(self).__name__  # (TF's names)
        raise AttributeError(
            f"{kind} object has no attribute '{name}'. \n        If you are looking for "
            "numpy-related methods, please run the following:\n        "
            "tf.experimental.numpy.experimental_enable_numpy_behavior()\n      ")
    return property(missing)


# What tensors have while the switch is off: their own attributes, and for the NumPy names
# learners reach for first, TF's hint (the other names are simply missing, as in TF).
_HINTED = ("T", "astype", "ravel", "transpose", "reshape", "clip", "size", "tolist", "data")
_PLAIN_METHODS = {name: vars(Tensor)[name] for name in _METHODS if name in vars(Tensor)}
_PLAIN_METHODS.update({name: _hint(name) for name in _HINTED})
for _name in _HINTED:
    setattr(Tensor, _name, _PLAIN_METHODS[_name])


# -- 3. NumPy's indexing --------------------------------------------------------------------
def _is_basic(k) -> bool:
    """An index TF's own slicing takes: an int, a slice, tf.newaxis, `...`, a scalar int tensor."""
    if isinstance(k, (bool, np.bool_)):
        return False
    if k is None or k is Ellipsis or isinstance(k, (slice, numbers.Integral)):
        return True
    return isinstance(k, Tensor) and k.ndim == 0 and k.dtype.is_integer


def _plain_index(k):
    """An advanced index as NumPy reads it: tensors become their values, tuples arrays."""
    if isinstance(k, Tensor):
        return k.numpy()
    if isinstance(k, (list, tuple)):
        return np.asarray([_plain_index(v) for v in k])
    return k


def numpy_getitem(x: Tensor, key) -> Tensor:
    """`x[key]` with NumPy's rules: index arrays and boolean masks as well as TF's slices.

    Basic indexing is TF's StridedSlice as always. Otherwise NumPy works out which
    elements the key picks, by indexing an array of positions, and `tf.gather` takes them
    from the flattened tensor: a gather, so gradients flow back to the picked elements.

    >>> x = tnp.arange(6).reshape(2, 3)
    >>> x[:, (True, False, True)]
    <tf.Tensor: shape=(2, 2), dtype=int64, numpy=
    array([[0, 2],
           [3, 5]])>
    """
    parts = key if isinstance(key, tuple) else (key,)
    if all(_is_basic(k) for k in parts):
        return index_ops.strided_slice(x, key)
    if any(isinstance(k, Tensor) and k.dtype.is_bool and k.ndim == 0 for k in parts):
        raise ValueError("mask cannot be scalar.")  # (TF's boolean_mask; NumPy would add an axis)
    if not x.shape.is_fully_defined():
        raise NotImplementedError("NumPy-style indexing with arrays or masks needs a tensor "
                                  f"of known shape, got {x.shape}.")
    plain = tuple(_plain_index(k) for k in parts) if isinstance(key, tuple) else _plain_index(key)
    positions = np.arange(int(np.prod(x.shape.as_list()))).reshape(x.shape.as_list())[plain]
    flat = array_ops.reshape(x, [-1])
    return index_ops.gather(flat, positions.astype(np.int64))

