"""Data types: `tf.float32`, `tf.int32`, ... and the rules that pick one.

A `DType` names an element type and knows its NumPy twin. The inference rules
live here too, because they surprise people coming from NumPy:

    >>> import course.engine as tf
    >>> tf.constant(1).dtype        # Python int -> int32 (NumPy would say int64)
    tf.int32
    >>> tf.constant(1.0).dtype      # Python float -> float32 (NumPy: float64)
    tf.float32

Read next: `tensor.py`, which uses these to build tensors.
"""
from __future__ import annotations

import numpy as np

_PY_FLOAT, _PY_INT, _PY_COMPLEX = float, int, complex  # the Python types (`bool` is a DType)

__all__ = ["DType", "as_dtype", "cast", "float16", "float32", "float64", "int8", "int16",
           "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool", "complex64",
           "complex128", "complex", "string", "resource", "variant"]


class DType:
    """An element type, like TensorFlow's `tf.dtypes.DType`.

    >>> tf.float32.name, tf.float32.is_floating, tf.float32.as_numpy_dtype
    ('float32', True, <class 'numpy.float32'>)
    """

    __slots__ = ("name", "as_numpy_dtype", "_np")

    def __init__(self, name: str, numpy_type: type):
        self.name = name
        self.as_numpy_dtype = numpy_type
        self._np = np.dtype(numpy_type)

    @property
    def is_floating(self) -> bool:
        return self._np.kind == "f"

    @property
    def is_integer(self) -> bool:
        return self._np.kind in "iu"

    @property
    def is_unsigned(self) -> bool:
        return self._np.kind == "u"  # TF: bool is neither signed nor unsigned

    @property
    def is_bool(self) -> bool:
        return self._np.kind == "b"

    @property
    def is_complex(self) -> bool:
        return self._np.kind == "c"

    @property
    def is_numeric(self) -> bool:
        return self._np.kind in "iufc"  # TF: complex numbers are numbers (but have no min/max)

    @property
    def real_dtype(self) -> "DType":
        """complex64's parts are float32, complex128's float64; any other dtype is its own."""
        return _REAL_PART.get(self, self)

    @property
    def size(self) -> int:
        return 0 if self._np.kind == "O" else self._np.itemsize  # TF: a string has no fixed size

    @property
    def min(self):
        self._check_has_range("minimum")
        return np.finfo(self._np).min if self.is_floating else np.iinfo(self._np).min

    @property
    def max(self):
        self._check_has_range("maximum")
        return np.finfo(self._np).max if self.is_floating else np.iinfo(self._np).max

    def _check_has_range(self, which: str) -> None:
        if self._np.kind not in "iuf":  # TF: strings, bools and complex numbers have no min/max
            raise TypeError(f"Cannot find {which} value of {self} with type {self}.")

    @property
    def base_dtype(self) -> "DType":
        return self

    def is_compatible_with(self, other) -> bool:
        return self is as_dtype(other)

    # TF prints `tf.float32` for repr and `<dtype: 'float32'>` for str.
    def __repr__(self) -> str:
        return "tf." + self.name

    def __str__(self) -> str:
        return f"<dtype: '{self.name}'>"

    def __eq__(self, other) -> bool:
        if isinstance(other, DType):
            return self is other
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __hash__(self) -> int:
        return hash(self.name)

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = DType("float16", np.float16)
float32 = DType("float32", np.float32)
float64 = DType("float64", np.float64)
int8 = DType("int8", np.int8)
int16 = DType("int16", np.int16)
int32 = DType("int32", np.int32)
int64 = DType("int64", np.int64)
# Unsigned integers hold 0 ... 2**bits - 1 and wrap around as C's do: in TF,
# tf.constant(0, tf.uint32) - 1 is 4294967295. Fewer ops take them than take the signed
# ones (no tf.abs, no negation, no MatMul): each op's `dtypes=` lists TF's CPU kernels.
uint8 = DType("uint8", np.uint8)
uint16 = DType("uint16", np.uint16)
uint32 = DType("uint32", np.uint32)
uint64 = DType("uint64", np.uint64)
bool = DType("bool", np.bool_)  # noqa: A001 - TF's name, shadowing on purpose
# A complex number is a pair of floats (real, imaginary): complex64 holds two float32s.
# Python's complex numbers become complex128, as NumPy's do.
complex64 = DType("complex64", np.complex64)
complex128 = DType("complex128", np.complex128)
# TF: a string tensor holds bytes of any length; NumPy keeps them in an object array
# (`.numpy()` gives `b'...'` or an object array of bytes, as TF's does). See text.py.
string = DType("string", object)

# A Variable's handle inside a graph (TF's DT_RESOURCE): the value that flows along the
# edge into ReadVariableOp or AssignVariableOp is the variable itself. No NumPy twin.
resource = DType("resource", np.void)

# A value that is a whole structure, not an array of numbers (TF's DT_VARIANT): the list of
# tensors behind a `tf.TensorArray` inside a graph (ops/list_ops.py). Gradients flow
# through it, as through a float tensor: the gradient of a list is a list. (Its NumPy twin
# is a one-field record, kind "V": no array of numbers or strings has it.)
variant = DType("variant", np.dtype([("variant", object)]))

half, double = float16, float64  # TF's aliases

_ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool,
        complex64, complex128, string)
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update(half=float16, double=float64, float=float32, resource=resource, variant=variant)
_BY_NUMPY = {d._np: d for d in _ALL + (resource, variant)}

FLOATING = frozenset({float16, float32, float64})
UNSIGNED = frozenset({uint8, uint16, uint32, uint64})
INTEGER = frozenset({int8, int16, int32, int64}) | UNSIGNED
SIGNED = FLOATING | {int8, int16, int32, int64}
NUMERIC = FLOATING | INTEGER  # real numbers: most arithmetic kernels (complex ones list COMPLEX too)
COMPLEX = frozenset({complex64, complex128})
ALL = NUMERIC | COMPLEX | {bool}
ALL_AND_STRING = ALL | {string}  # ops that only move elements (reshape, concat, gather, ...)


_REAL_PART = {complex64: float32, complex128: float64}


def as_dtype(type_value) -> DType:
    """Converts a name, NumPy type or `DType` into a `DType`.

    >>> tf.as_dtype("float32"), tf.as_dtype(np.int64)
    (tf.float32, tf.int64)
    """
    if isinstance(type_value, DType):
        return type_value
    if type_value is _PY_FLOAT:  # TF: Python's float means float32, as for constants
        return float32
    if type_value is _PY_INT or type_value is _PY_COMPLEX:  # TF: ambiguous (which width?)
        raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow "
                        f"DType. Name the width, e.g. tf.{'int32' if type_value is int else 'complex64'}.")
    if isinstance(type_value, str):
        if type_value in _BY_NAME:
            return _BY_NAME[type_value]
    else:
        try:
            np_dtype = np.dtype(type_value)
        except TypeError:
            np_dtype = None
        if np_dtype is not None:
            if np_dtype.kind in "SU":
                return string
            if np_dtype in _BY_NUMPY:
                return _BY_NUMPY[np_dtype]
    raise TypeError(f"Cannot convert {type_value!r} to a DType. "
                    f"Supported: {', '.join(d.name for d in _ALL)}.")


def from_numpy(np_dtype: np.dtype) -> DType:
    """The `DType` of a NumPy dtype the engine stores (fast path, no checks)."""
    try:
        return _BY_NUMPY[np_dtype]
    except KeyError:  # bfloat16, quantized ints, ...: TF has them, this engine does not
        raise NotImplementedError(f"{np.dtype(np_dtype).name} tensors are not part of this engine "
                                  "(see docs/engine-api.md)") from None


def cast(x, dtype, name=None):
    """Converts `x` to `dtype`: `tf.dtypes.cast` is `tf.cast` (see ops/array_ops.py)."""
    from .ops.array_ops import cast as cast_op  # the op table needs this module first
    return cast_op(x, dtype, name)


def complex(real, imag, name=None):  # noqa: A001 - TF's name (after _PY_COMPLEX took Python's)
    """`real + i * imag`: `tf.dtypes.complex` is `tf.complex` (see ops/complex_ops.py)."""
    from .ops.complex_ops import complex as complex_op  # the op table needs this module first
    return complex_op(real, imag, name)


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from . import unsupported
    return unsupported.missing("dtypes", __name__, name)


# TF's kernels name dtypes in their messages as C++ does: float32 is "float".
_KERNEL_NAMES = {"float16": "half", "float32": "float", "float64": "double", "object": "string"}


def kernel_name(dtype) -> str:
    """A DType or NumPy dtype as TF's kernels name it in errors ("cannot compute Mul as input #1
    was expected to be a float tensor but is a double tensor"): float32 is "float", float64
    "double", float16 "half", a string "string"; the others keep their names."""
    name = dtype.name if isinstance(dtype, DType) else np.dtype(dtype).name
    return _KERNEL_NAMES.get(name, name)


# TF's DataType enum names (types.proto) where they are not "DT_" + the name in capitals
_ENUM_NAMES = {"float32": "DT_FLOAT", "float64": "DT_DOUBLE", "float16": "DT_HALF"}


def enum_name(dtype: DType) -> str:
    """TF's DataType enum name of a DType, as GraphDefs, SignatureDefs and some kernel
    messages give it: float32 is DT_FLOAT, uint32 DT_UINT32.

    >>> enum_name(float32), enum_name(resource)
    ('DT_FLOAT', 'DT_RESOURCE')
    """
    return _ENUM_NAMES.get(dtype.name, "DT_" + dtype.name.upper())
