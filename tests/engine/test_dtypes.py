"""`tf.DType`, the dtype objects and `tf.as_dtype`, checked against TF 2.21's behaviour."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

ALL = [tf.float16, tf.float32, tf.float64, tf.int8, tf.int16, tf.int32, tf.int64, tf.uint8,
       tf.uint16, tf.uint32, tf.uint64, tf.bool]


@pytest.mark.parametrize("dtype", ALL, ids=lambda d: d.name)
def test_dtype_names_numpy_twins_and_kinds(dtype):
    """Each DType knows its name and NumPy type; kind flags as in TF."""
    assert isinstance(dtype, tf.DType)
    assert np.dtype(dtype.as_numpy_dtype).name == dtype.name
    assert dtype.is_floating == dtype.name.startswith("float")
    assert dtype.is_integer == (dtype.name.startswith("int") or dtype.name.startswith("uint"))
    assert dtype.is_unsigned == dtype.name.startswith("uint")
    assert tf.as_dtype(dtype.name) is dtype
    assert tf.as_dtype(dtype.as_numpy_dtype) is dtype
    assert tf.as_dtype(np.dtype(dtype.as_numpy_dtype)) is dtype
    assert getattr(tf.dtypes, dtype.name) is dtype


def test_repr_is_the_python_name_and_str_the_dtype_form():
    """TF: repr(tf.int64) is 'tf.int64'; str(tf.int64) is "<dtype: 'int64'>"."""
    assert repr(tf.int64) == "tf.int64"
    assert str(tf.int64) == "<dtype: 'int64'>"
    assert repr(tf.bool) == "tf.bool"


def test_bool_is_neither_integer_nor_unsigned():
    """TF: tf.bool.is_integer and tf.bool.is_unsigned are both False; uint8 is unsigned."""
    assert not tf.bool.is_integer and not tf.bool.is_unsigned and not tf.bool.is_floating
    assert tf.uint8.is_unsigned and not tf.int8.is_unsigned


def test_aliases_and_python_types():
    """TF aliases: half, double, 'float'; Python float -> float32, bool -> bool."""
    assert tf.half is tf.float16 and tf.double is tf.float64
    assert tf.as_dtype("float") is tf.float32
    assert tf.as_dtype(float) is tf.float32
    assert tf.as_dtype(bool) is tf.bool


def test_as_dtype_rejects_unknown_names_and_python_int():
    """TF raises TypeError for an unknown name and for Python's int (width ambiguous)."""
    with pytest.raises(TypeError, match="foo"):
        tf.as_dtype("foo")
    with pytest.raises(TypeError, match="Cannot convert the argument `type_value`: <class 'int'>"):
        tf.as_dtype(int)


def test_dtype_equality_min_max_size():
    """DTypes compare equal to their names and NumPy types; min/max/size as in TF."""
    assert tf.float32 == "float32" and tf.float32 == np.float32
    assert tf.float32 != tf.float64 and not (tf.float32 == 3)
    assert tf.uint8.max == 255 and tf.int8.min == -128 and tf.float32.size == 4
    assert tf.float32.min == np.finfo(np.float32).min
    assert hash(tf.float32) == hash(tf.as_dtype("float32"))
