"""`tf.Tensor` and `tf.convert_to_tensor` (`tf.TensorShape`: tensor_shape.py).

A Tensor is an immutable n-dimensional array with a dtype. Here it is a thin
wrapper around a NumPy array that nobody mutates: every op makes a new one.

    >>> t = tf.constant([[1], [2]])
    >>> print(t)
    tf.Tensor(
    [[1]
     [2]], shape=(2, 1), dtype=int32)
    >>> t
    <tf.Tensor: shape=(2, 1), dtype=int32, numpy=
    array([[1],
           [2]], dtype=int32)>

Python operators (`+`, `*`, `@`, `t[0]`, ...) call the ops in `ops/`, so
`a + b` is exactly `tf.add(a, b)`: the same dtype rules, the same gradient.

Read next: `execute.py`, the one function every op goes through.
"""
from __future__ import annotations

import numbers

import numpy as np

from . import dtypes, text
from .tensor_shape import TensorShape

__all__ = ["Tensor", "TensorShape", "convert_to_tensor", "constant", "int_argument", "is_tensor"]


class TensorOperators:
    """Python's operators as TF ops, shared by `Tensor` and `Variable`.

    `a + b` is exactly `tf.add(a, b)`, `a @ b` is `tf.matmul(a, b)`, `t[0]` is
    a `StridedSlice`: the same dtype rules and the same gradients. Only the name
    of a graph node tells them apart, as in TF: `a + b` makes "add", `tf.add`
    makes "Add".
    """

    __slots__ = ()

    def __add__(self, other):
        return _math._add(self, other, "add")

    def __radd__(self, other):
        return _math._add(other, self, "add")

    def __sub__(self, other):
        return _math.subtract(self, other, "sub")

    def __rsub__(self, other):
        return _math.subtract(other, self, "sub")

    def __mul__(self, other):
        return _math.multiply(self, other, "mul")

    def __rmul__(self, other):
        return _math.multiply(other, self, "mul")

    def __truediv__(self, other):
        return _math.truediv(self, other)

    def __rtruediv__(self, other):
        return _math.truediv(other, self)

    def __floordiv__(self, other):
        return _math.floordiv(self, other)

    def __rfloordiv__(self, other):
        return _math.floordiv(other, self)

    def __mod__(self, other):
        return _math.floormod(self, other, "mod")

    def __rmod__(self, other):
        return _math.floormod(other, self, "mod")

    def __pow__(self, other):
        return _math.pow(self, other, "pow")

    def __rpow__(self, other):
        return _math.pow(other, self, "pow")

    def __matmul__(self, other):
        return _math.matmul(self, other, name="matmul")

    def __rmatmul__(self, other):
        return _math.matmul(other, self, name="matmul")

    def __neg__(self):
        return _math.negative(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _unary.abs(self)

    def __invert__(self):
        return _math.logical_not(self)

    def __and__(self, other):
        return _math.logical_and(self, other, "and")

    def __rand__(self, other):
        return _math.logical_and(other, self, "and")

    def __or__(self, other):
        return _math.logical_or(self, other, "or")

    def __ror__(self, other):
        return _math.logical_or(other, self, "or")

    def __xor__(self, other):
        return _math.logical_xor(self, other, "xor")

    def __eq__(self, other):
        if not _equality.enabled:  # TF1's rule: `==` asks whether they are the same object
            return self is other
        return _math.tensor_equals(self, other)

    def __ne__(self, other):
        if not _equality.enabled:
            return self is not other
        return _math.tensor_not_equals(self, other)

    def __hash__(self):
        # With elementwise `==`, a tensor cannot be a dict key or set member (TF2). TF1's rule
        # (equality disabled) hashes Variables by identity; eager tensors stay unhashable in TF.
        if not _equality.enabled and type(self) is not Tensor:
            return id(self)
        kind = "Variable" if getattr(self, "_is_variable", False) else "Tensor"
        suffix = f" ({kind}: {self!r})" if kind == "Variable" else ""
        raise TypeError(f"{kind} is unhashable. Instead, use {kind.lower()}.ref() as the key."
                        + suffix)

    def __lt__(self, other):
        return _math.less(self, other)

    def __le__(self, other):
        return _math.less_equal(self, other)

    def __gt__(self, other):
        return _math.greater(self, other)

    def __ge__(self, other):
        return _math.greater_equal(self, other)

    def __getitem__(self, key):
        return _index.strided_slice(self, key)


class Tensor(TensorOperators):
    """An immutable, typed n-dimensional array (TensorFlow's eager `tf.Tensor`).

    Create one with `tf.constant`, `tf.convert_to_tensor` or any op; do not
    call this class directly.
    """

    # `_value` is a NumPy array, or a NumPy scalar for rank 0 (as `.numpy()`
    # returns in TF). Graph tensors (see function.py) subclass this. (Weak
    # references let a Variable's slice remember its variable: see `assign`.)
    __slots__ = ("_value", "__weakref__")
    # Let our operators win over NumPy's when a NumPy array is on the left.
    __array_priority__ = 100

    def __init__(self, value):
        self._value = value

    # -- what a tensor is -------------------------------------------------
    @property
    def dtype(self) -> dtypes.DType:
        return dtypes.from_numpy(self._value.dtype)

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._value.shape)

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def device(self) -> str:
        """Always the CPU: this engine has no devices (TF's name for it)."""
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    @property
    def _keras_mask(self):
        """The Keras mask a layer attached (kept aside by keras/masking.py: our tensors have
        fixed slots); AttributeError when there is none, as on TF's tensors."""
        from .keras import masking  # (asked for only by Keras code)
        if masking.get_keras_mask(self) is None:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '_keras_mask'")
        return masking.get_keras_mask(self)

    def get_shape(self) -> TensorShape:
        return self.shape

    def set_shape(self, shape) -> None:
        """Checks that the shape fits `shape` (None: any size); a graph tensor also learns
        the sizes it did not know (graph/core.py). Mirrors `tf.Tensor.set_shape`."""
        given = TensorShape(shape)
        if not self.shape.is_compatible_with(given):
            raise ValueError(f"Tensor's shape {self.shape} is not compatible with supplied "
                             f"shape {given}.")

    @property
    def assign(self):
        """Only a slice of a Variable has it: `v[0].assign(1.0)`, `v[1:3].assign(...)`.

        TF's sliced assignment writes into the variable; any other tensor is
        immutable and has no `assign` (an AttributeError, as in TF).
        """
        from .variables import slice_assigner
        return slice_assigner(self)

    def numpy(self):
        """The value as a NumPy array (a copy: changing it leaves the tensor alone).

        Rank-0 tensors give a NumPy scalar, as in TF: `tf.constant(1.5).numpy()`
        is `np.float32(1.5)`; a rank-0 string gives `bytes`.
        """
        value = self._value
        if isinstance(value, np.ndarray):  # (some kernels give a 0-d array for rank 0)
            return value[()] if value.ndim == 0 else value.copy()
        return value

    def __array__(self, dtype=None, copy=None):
        value = np.asarray(self._value)
        if dtype is not None and value.dtype != dtype:
            return value.astype(dtype)
        if copy:
            return value.copy()
        view = value.view()
        view.flags.writeable = False  # tensors are immutable, even through NumPy
        return view

    # -- printing, exactly as TF ------------------------------------------
    def _numpy_text(self, is_repr: bool) -> str:
        value = self._value
        if is_repr:
            # TF shows scalars as Python values: numpy=1.5, not np.float32(1.5).
            text = repr(value.item()) if value.ndim == 0 else repr(value)
        else:
            text = str(value)
        return "\n" + text if "\n" in text else text

    def __format__(self, format_spec: str) -> str:
        # TF formats an eager tensor as its NumPy value: f"{loss:.4f}", and f"{t}" is "1.0".
        return self._value.__format__(format_spec)

    def __str__(self) -> str:
        return f"tf.Tensor({self._numpy_text(False)}, shape={self.shape}, dtype={self.dtype.name})"

    def __repr__(self) -> str:
        return f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={self._numpy_text(True)}>"

    # -- Python protocol ----------------------------------------------------
    def __len__(self) -> int:
        if self._value.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return self._value.shape[0]

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(self._value.shape[0]))

    def __bool__(self) -> bool:
        if self._value.size == 0:
            return False  # TF: an empty tensor is falsy (NumPy 2 would raise)
        return bool(self._value)  # NumPy raises TF's own message for size > 1

    def __int__(self) -> int:
        return int(self._value)

    def __float__(self) -> float:
        return float(self._value)

    def __index__(self) -> int:
        if not self.dtype.is_integer:  # (every int, unsigned ones included, as in TF)
            raise TypeError(f"Only integer tensors can be used as an index, got {self.dtype.name}.")
        return int(self._value)

    def ref(self) -> "Reference":
        """A hashable reference to this tensor, for dict keys and sets (as in TF)."""
        return Reference(self)

    def __reduce__(self):
        # Keep pickle away from tensors: files of this engine never contain code.
        raise TypeError("Tensors cannot be pickled; save them with tf.train.Checkpoint "
                        "or np.save(path, t.numpy()).")

    # Tensors are immutable, so a copy may be the tensor itself (TF's copy.copy and
    # copy.deepcopy do the same). matplotlib copies the arrays it is given to plot.
    def __copy__(self) -> "Tensor":
        return self

    def __deepcopy__(self, memo) -> "Tensor":
        return self


class Reference:
    """What `tensor.ref()` returns: hashable by identity; `.deref()` gives the tensor back."""

    __slots__ = ("_tensor",)

    def __init__(self, tensor):
        self._tensor = tensor

    def deref(self):
        return self._tensor

    def __hash__(self):
        return id(self._tensor)

    def __eq__(self, other):
        return isinstance(other, Reference) and other._tensor is self._tensor

    def __repr__(self) -> str:
        return f"<Reference wrapping {self._tensor!r}>"


class _Equality:
    """Whether `==` on tensors and Variables is elementwise (TF2, the default) or identity
    (TF1: `tf.compat.v1.disable_tensor_equality()`)."""
    enabled = True


_equality = _Equality()


def enable_tensor_equality() -> None:
    """`==` compares elementwise, and tensors are unhashable (TF2's rule, the default).

    Mirrors `tf.compat.v1.enable_tensor_equality`."""
    _equality.enabled = True


def disable_tensor_equality() -> None:
    """TF1's rule: `==` is identity and tensors hash by identity (usable in sets and as keys).

    Mirrors `tf.compat.v1.disable_tensor_equality`."""
    _equality.enabled = False


# ---------------------------------------------------------------------------
# Conversion: Python values and NumPy arrays -> Tensor, with TF's dtype rules.
# ---------------------------------------------------------------------------
_INT32_MIN, _INT32_MAX = -2**31, 2**31 - 1
_INT64_MIN, _INT64_MAX = -2**63, 2**63 - 1


_OUT_OF_RANGE = "Can't convert Python sequence with out-of-range integer to Tensor."


def _infer_python(value, floating: bool = False) -> np.ndarray:
    """A NumPy array for a Python scalar or nested list, with TF's default dtypes.

    TF: Python ints -> int32 (int64 if a value needs it), floats -> float32,
    bools -> bool. NumPy would pick int64 and float64. An int beyond int64 is a
    ValueError (TF), unless a float is wanted (`floating`, or a float in the list).
    """
    if type(value) is int and not _INT64_MIN <= value <= _INT64_MAX and not floating:
        raise ValueError(_OUT_OF_RANGE)   # TF: tf.constant(2**63); NumPy would wrap or go uint64
    try:
        array = np.array(value)
        if array.dtype.kind == "O" and floating and _has_huge_int(value):
            array = np.array(value, dtype=np.float64)   # tf.constant([2**64], tf.float32) is fine
    except OverflowError as e:
        raise ValueError(f"Can't convert Python sequence to Tensor: {e}") from None
    except ValueError:
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.\nHint: every "
                         f"row of {value!r} needs the same length; for rows of different lengths "
                         "use tf.ragged.constant (a tf.RaggedTensor).") from None
    kind = array.dtype.kind
    if kind == "f" and array.size and not floating and np.abs(array).max() >= 2.0 ** 63 and \
            _has_huge_int(value) and not _has_float(value):
        raise ValueError(_OUT_OF_RANGE)   # [1, 2**63]: NumPy makes floats; TF refuses the ints
    if kind == "c" and array.ndim and not isinstance(next(_leaves(value)), complex):
        # TF: the first element sets the type; [1, 2j] fails, [2j, 1] is complex
        raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
    if kind == "O":
        if _has_huge_int(value):
            raise ValueError(_OUT_OF_RANGE)
        raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor: {value!r}")
    if kind == "i" or kind == "u":
        if array.size and (array.min() < _INT32_MIN or array.max() > _INT32_MAX):
            return array.astype(np.int64)
        return array.astype(np.int32)
    if kind == "f":
        return array.astype(np.float32)
    if kind in "SU":  # (text first would have gone to text.py): numbers mixed with text
        raise ValueError(f"Can't convert Python sequence with mixed types to Tensor.\nHint: "
                         f"{value!r} mixes numbers and strings.")
    return array


def _has_huge_int(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_has_huge_int(v) for v in value)
    return isinstance(value, int) and not _INT64_MIN <= value <= _INT64_MAX


def _has_float(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_has_float(v) for v in value)
    return isinstance(value, (float, np.floating))


def _check_python_fits(value, dtype: dtypes.DType) -> None:
    """TF refuses to convert a Python float to an int dtype, a complex to a real one, or a number
    to bool."""
    for leaf in _leaves(value):
        if isinstance(leaf, bool) or isinstance(leaf, np.bool_):
            continue
        if isinstance(leaf, complex) and not dtype.is_complex:  # TF never drops an imaginary part
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype "
                            f"{dtypes.kernel_name(dtype)}")
        if dtype.is_bool or (dtype.is_integer and not isinstance(leaf, numbers.Integral)):
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")


def _leaves(value):
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None) -> Tensor:
    """Converts Python values, NumPy arrays, Tensors and Variables to a Tensor.

    Mirrors `tf.convert_to_tensor`: Python ints become int32, floats float32,
    NumPy arrays keep their dtype; `dtype=` converts where TF allows it.

    >>> tf.convert_to_tensor([1, 2]), tf.convert_to_tensor(np.array([1.0]))
    (<tf.Tensor: shape=(2,), dtype=int32, ...>, <tf.Tensor: shape=(1,), dtype=float64, ...>)
    """
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype is not dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with "
                             f"dtype {value.dtype.name}: {value!r}")
        return value
    if hasattr(value, "__tf_tensor__"):  # Variables (and anything else that opts in)
        return value.__tf_tensor__(dtype, name)
    if hasattr(value, "__array__") and not isinstance(value, (np.ndarray, np.generic)):
        value = np.asarray(value)  # (a pandas Series, ...: TF takes what NumPy makes of it)
    if isinstance(value, TensorShape):  # TF: only a fully known shape is a value
        if not value.is_fully_defined():
            raise ValueError(f"Cannot convert a partially known TensorShape {value} to a Tensor.")
        value = value.as_list()
        dtype = dtype if dtype is not None else dtypes.as_dtype(dtype_hint or dtypes.int32)
    if dtype is dtypes.string or text.is_text(value):
        return _string_tensor(value, dtype)
    target = dtype if dtype is not None else (
        dtypes.as_dtype(dtype_hint) if dtype_hint is not None else None)
    if target is not None and target.is_floating and type(value) in (float, int):
        return Tensor(target.as_numpy_dtype(value))  # `t * 0.5`: the commonest conversion, fast
    if dtype is None and dtype_hint is not None:
        try:
            return convert_to_tensor(value, dtypes.as_dtype(dtype_hint))
        except (TypeError, ValueError):
            pass  # TF: a hint that does not fit falls back to the default rules
    if isinstance(value, (np.ndarray, np.generic)):
        if value.dtype.kind in "SUO":  # text asked to become numbers: TF never parses implicitly
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
        # NumPy values keep their dtype; with dtype=, TF casts them as NumPy does.
        target = dtypes.as_dtype(value.dtype if dtype is None else dtype)
        array = np.array(value, dtype=target.as_numpy_dtype)
    else:
        if isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) or hasattr(v, "__tf_tensor__")
                                                    for v in value):
            from .ops import array_ops  # packing tensors is an op (Pack), so gradients flow
            return array_ops.stack(list(value), axis=0) if dtype is None else \
                array_ops.cast(array_ops.stack(list(value), axis=0), dtype)
        array = _infer_python(value, floating=dtype is not None and dtype.is_floating)
        if dtype is not None:
            _check_python_fits(value, dtype)
            with np.errstate(over="ignore"):
                # TF wraps out-of-range ints (tf.constant(-1, tf.uint8) is 255), and converts
                # Python floats straight to the dtype (0.1 as float64 is not float32's 0.1)
                array = np.array(value).astype(dtype.as_numpy_dtype) if array.dtype.kind in "iuf" \
                    else array.astype(dtype.as_numpy_dtype)
    if array.ndim == 0:
        return Tensor(array[()])  # a NumPy scalar, as TF's .numpy() gives for rank 0
    array.flags.writeable = False
    return Tensor(array)


def _string_tensor(value, dtype) -> Tensor:
    """A `tf.string` tensor from text (see text.py); anything else is TF's TypeError."""
    empty = isinstance(value, (list, tuple)) and text.first_leaf(value) is None  # [] or [[]]
    if dtype is dtypes.string and not text.is_text(value) and not empty:
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype string")
    if dtype is not None and dtype is not dtypes.string:
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    array = text.to_bytes_array(value)
    array.flags.writeable = False
    return Tensor(array)  # (rank 0 stays a 0-d object array: Tensor.numpy() unwraps it)


def int_argument(value, op: str, attr: str, exact: bool = False) -> np.ndarray:
    """A shape-like argument (shape, dims, multiples, depth) as an integer array, with TF's errors.

    TF converts such an argument to an int32 tensor. With `exact` (as
    `tf.zeros` does) int32 is required, so a Python float is a TypeError;
    otherwise int32 is only a hint, a list holding floats becomes a float
    tensor, and the op refuses it (InvalidArgumentError naming its `attr`).
    NumPy arrays are cast, as TF casts them.

    >>> tf.zeros([2.5])            # TypeError: Cannot convert [2.5] to EagerTensor of dtype int32
    >>> tf.reshape(x, [2.5, 2])    # InvalidArgumentError: Value for attr 'Tshape' of float ...
    """
    if isinstance(value, (list, tuple)) and all(type(d) is int for d in value):
        return np.array(value, dtype=np.int64)   # the common case, quickly
    if isinstance(value, TensorShape):
        value = value.as_list()
    if value is None or (isinstance(value, (list, tuple)) and None in value):
        raise ValueError("Attempt to convert a value (None) with an unsupported type (<class "
                         "'NoneType'>) to a Tensor.")
    if isinstance(value, Tensor) or hasattr(value, "__tf_tensor__"):
        t = convert_to_tensor(value)
    elif exact or isinstance(value, (float, np.floating)):   # TF: a float scalar is a TypeError
        t = convert_to_tensor(value, dtype=dtypes.int32)
    else:
        t = convert_to_tensor(value, dtype_hint=dtypes.int32)
    kind = t._value.dtype
    if kind not in (np.int32, np.int64):
        from .errors import invalid_argument
        name = "string" if kind.kind in "SUO" else dtypes.kernel_name(kind)
        raise invalid_argument(op, f"Value for attr '{attr}' of {name} is not in the list of "
                                   "allowed values: int32, int64")
    return np.asarray(t.numpy(), dtype=np.int64)


def constant(value, dtype=None, shape=None, name="Const") -> Tensor:
    """Creates a constant tensor from a Python value, a NumPy array or a tensor.

    Mirrors `tf.constant`. With `shape=`, a scalar is broadcast to that shape.

    >>> tf.constant([1, 2, 3])
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([1, 2, 3], dtype=int32)>
    >>> tf.constant(0.5, shape=[2])
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.5, 0.5], dtype=float32)>
    """
    if isinstance(value, Tensor) or hasattr(value, "__tf_tensor__"):
        t = convert_to_tensor(value)
        if dtype is not None and t.dtype is not dtypes.as_dtype(dtype):
            # TF: constant() never casts a tensor; tf.cast does
            raise TypeError(f"Expected tensor {t._value} with dtype {dtypes.as_dtype(dtype)!r}, but "
                            f"got dtype {t.dtype!r}. Hint: use tf.cast(t, {dtypes.as_dtype(dtype)!r}).")
    elif isinstance(value, (np.ndarray, np.generic)) and dtype is not None:
        t = convert_to_tensor(np.asarray(value).astype(dtypes.as_dtype(dtype).as_numpy_dtype))
    else:
        t = convert_to_tensor(value, dtype=dtype)
    if shape is not None:
        for d in shape:
            if not hasattr(d, "__index__"):
                raise TypeError(f"Dimension value must be integer or None or have an __index__ "
                                f"method, got value '{d!r}' with type '{type(d)}'")
        shape = tuple(int(d) for d in shape)
        value = t._value
        if value.size == int(np.prod(shape, dtype=np.int64)):
            new = np.reshape(value, shape)
        elif value.size == 1:
            new = np.broadcast_to(value, shape).copy()
        else:
            raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tensor "
                            f"{value} has {value.size} elements, but got `shape` {shape} with "
                            f"{int(np.prod(shape, dtype=np.int64))} elements).")
        t = convert_to_tensor(new)
    return _creation.constant_op(t, name)  # (in a graph, a Const node holds the value)


def is_tensor(x) -> bool:
    """Whether `x` is a tensor or tensor-like (a Variable counts, a NumPy array does not).

    Mirrors `tf.is_tensor`.

    >>> tf.is_tensor(tf.constant(1)), tf.is_tensor(tf.Variable(1)), tf.is_tensor(1)
    (True, True, False)
    """
    return isinstance(x, Tensor) or hasattr(x, "__tf_tensor__")


# The ops need Tensor, and Tensor's operators need the ops: import them last.
from .ops import creation_ops as _creation  # noqa: E402
from .ops import index_ops as _index  # noqa: E402
from .ops import math_ops as _math  # noqa: E402
from .ops import unary_ops as _unary  # noqa: E402
