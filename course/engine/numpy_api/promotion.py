"""TF's newer type promotion: the JAX-like lattice of `dtype_conversion_mode="all"` / `"safe"`.

    >>> tnp.experimental_enable_numpy_behavior(dtype_conversion_mode="all")
    >>> (tf.constant(10, tf.int32) + tf.constant(5.0, tf.float32)).dtype
    tf.float32

Every input counts as a dtype plus a *weakness*. A Python number, or a tensor made from one
without a dtype (a `WeakTensor`, weak.py), is weak: int -> int32*, float -> float32*,
complex -> complex128* (the `*` marks weak). A weak dtype gives way to a strong one of the
same kind or a wider kind: `float16 + float32*` is float16, `int8 + int32*` is int8.

Two strong dtypes meet at their first common descendant in the lattice (TF's guide draws it):
bool < every number; int8 < int16 < int32 < int64 and uint8 < uint16 < ...; an unsigned type
also sits below the signed type twice its width (`int8 + uint32` is int64, uint64 with a signed
int gives float64*); every int sits below every float (`int64 + float16` is float16);
`float16 + bfloat16` is float32; float32 < complex64, float64 < complex128.

SAFE mode refuses a promotion unless its result is one of the inputs' dtypes and holds every
value of each strong input exactly: `int32 + float32` (float32 has 24 bits of mantissa) and
`int8 + uint32` (int64 is new: bit-widening) are TypeErrors there; ALL mode allows both.
"""
from __future__ import annotations

import numbers

import numpy as np

from .. import dtypes

__all__ = ["result_type", "dtype_and_weakness", "SAFE", "ALL"]

SAFE, ALL = "safe", "all"
# (TF's error messages name the modes by their enum: PromoMode.SAFE, PromoMode.ALL)
_MODE_NAMES = {SAFE: "PromoMode.SAFE", ALL: "PromoMode.ALL"}

_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}  # bool < ints < floats < complex
# The weak dtypes, narrowest first: two weak inputs give the later one (still weak).
_WEAK_LADDER = [np.dtype(t) for t in (np.int32, np.int64, np.float32, np.float64, np.complex128)]


def dtype_and_weakness(x) -> tuple:
    """`(numpy dtype, weak?)` for one input, as TF infers it (see the module's docstring)."""
    from .weak import is_weak  # (weak.py imports this module)
    if is_weak(x):
        return np.dtype(x.dtype.as_numpy_dtype), True
    if isinstance(x, dtypes.DType):
        return np.dtype(x.as_numpy_dtype), False
    dtype = getattr(x, "dtype", None)
    if isinstance(dtype, dtypes.DType):  # tensors and Variables
        return np.dtype(dtype.as_numpy_dtype), False
    if isinstance(x, (np.ndarray, np.generic)):  # (before float: np.float64 is a float)
        return x.dtype, False
    if isinstance(x, (str, bytes)):
        return np.dtype(object), False
    if isinstance(x, bool):
        return np.dtype(np.bool_), False
    if isinstance(x, numbers.Integral):
        if not np.iinfo(np.int32).min <= x <= np.iinfo(np.int32).max:
            raise OverflowError(f"Python int {x} too large to convert to np.int32")
        return np.dtype(np.int32), True
    if isinstance(x, float):
        return np.dtype(np.float32), True
    if isinstance(x, complex):
        return np.dtype(np.complex128), True
    raise NotImplementedError(f"Auto dtype conversion semantics does not support {type(x)} type.")


def _flatten(values):
    for x in values:
        if isinstance(x, (list, tuple)):
            yield from _flatten(x)
        elif x is not None:
            yield x


def result_type(*values, mode: str = ALL) -> tuple:
    """`(DType, weak?)` of an op on `values` in promotion `mode`; TF's TypeError if SAFE refuses.

    Values may be tensors, WeakTensors, Variables, NumPy values, Python numbers (nested in
    lists too) or DTypes. Mirrors TF's `flexible_dtypes.result_type`.

    >>> result_type(tf.constant(1, tf.int8), tf.constant(1, tf.float16))
    (tf.float16, False)
    >>> result_type(tf.constant(1, tf.int32), 2.5)   # an int with a weak float
    (tf.float64, True)
    """
    inputs = [dtype_and_weakness(x) for x in _flatten(values)] or [(np.dtype(np.float32), True)]
    result = inputs[0]
    for other in inputs[1:]:  # (the lattice is associative: left to right is as good as any)
        joined = _join(result, other)
        if mode == SAFE and not _safe(result, other, joined):
            raise TypeError(
                f"In promotion mode {_MODE_NAMES[mode]}, implicit dtype promotion between "
                f"({_name(result)}, weak={result[1]}) and ({_name(other)}, weak={other[1]}) is "
                "disallowed. You need to explicitly specify the dtype in your op, or relax your "
                "dtype promotion rules (such as from SAFE mode to ALL mode).")
        result = joined
    return dtypes.as_dtype(result[0]), result[1]


def _name(entry) -> str:
    return str(dtypes.as_dtype(entry[0]))  # (TF prints "<dtype: 'int32'>")


def _join(a: tuple, b: tuple) -> tuple:
    """The lattice's answer for two `(dtype, weak)` inputs."""
    (da, weak_a), (db, weak_b) = a, b
    if da == np.dtype(object) or db == np.dtype(object):
        if da == db:
            return a
        raise NotImplementedError(f"Implicit Conversion between {_name(a)} and {_name(b)} is not "
                                  "allowed. Please convert the input manually if you need to.")
    if weak_a and weak_b:
        return max(a, b, key=lambda entry: _WEAK_LADDER.index(entry[0]))
    if weak_a or weak_b:
        strong, weak = (b, a) if weak_a else (a, b)
        return _join_weak(strong[0], weak[0])
    return _join_strong(da, db)


def _join_weak(strong: np.dtype, weak: np.dtype) -> tuple:
    """A strong dtype with a weak one: the strong one wins, unless the weak one's kind is wider."""
    if strong.kind == "b":
        return weak, True
    if _KIND_RANK[weak.kind] <= _KIND_RANK[strong.kind]:
        return strong, False
    if strong.kind in "ui":  # an int with a weak float or complex: that kind's widest, still weak
        return (np.dtype(np.float64) if weak.kind == "f" else np.dtype(np.complex128)), True
    return _complex_for(strong), False  # a float with a weak complex: the float's complex


def _join_strong(a: np.dtype, b: np.dtype) -> tuple:
    if a == b or b.kind == "b":
        return a, False
    if a.kind == "b":
        return b, False
    if _KIND_RANK[a.kind] != _KIND_RANK[b.kind]:  # different kinds: the wider kind's dtype
        low, high = sorted((a, b), key=lambda d: _KIND_RANK[d.kind])
        if low.kind == "f" and high.kind == "c":  # float64 + complex64 needs complex128
            return (high if low.itemsize * 2 <= high.itemsize else np.dtype(np.complex128)), False
        return high, False
    if a.kind != b.kind:  # a signed and an unsigned int
        signed, unsigned = (a, b) if a.kind == "i" else (b, a)
        if unsigned.itemsize < signed.itemsize:
            return signed, False
        if unsigned.itemsize == 8:  # no signed int holds uint64: TF goes to a weak float64
            return np.dtype(np.float64), True
        return np.dtype(f"int{unsigned.itemsize * 16}"), False
    # (TF's bfloat16 with float16 gives float32; NumPy, and so this engine, has no bfloat16)
    return max(a, b, key=lambda d: d.itemsize), False


def _complex_for(real: np.dtype) -> np.dtype:
    return np.dtype(np.complex128) if real.itemsize == 8 else np.dtype(np.complex64)


def _safe(a: tuple, b: tuple, result: tuple) -> bool:
    """SAFE mode's test: no new dtype, and every strong input's values fit the result exactly."""
    if result[0] not in (a[0], b[0]):
        return False
    return all(weak or _fits(dtype, result[0]) for dtype, weak in (a, b))


def _fits(small: np.dtype, big: np.dtype) -> bool:
    """Does `big` hold every value of `small` exactly?"""
    if small == big or small.kind == "b":
        return True
    if small.kind in "ui":
        if big.kind in "ui":
            small_range, big_range = np.iinfo(small), np.iinfo(big)
            return big_range.min <= small_range.min and small_range.max <= big_range.max
        return np.iinfo(small).bits - (small.kind == "i") <= _mantissa_bits(big)
    if big.kind in "ui":
        return False
    # (np.finfo of a complex dtype describes its parts: complex64's are float32s)
    return _KIND_RANK[small.kind] <= _KIND_RANK[big.kind] and \
        np.finfo(small).bits <= np.finfo(big).bits


def _mantissa_bits(dtype: np.dtype) -> int:
    """Significant bits of a float (or of a complex number's parts), the hidden bit included."""
    return np.finfo(dtype).nmant + 1
