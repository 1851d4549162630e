"""Bad input gets TF's errors (issue 12); the same cases run against TF 2.21 in
tests/differential/test_against_tensorflow_bad_input.py.

TF rules: a Python int beyond int64 cannot become a tensor (ValueError) unless a float
is wanted; shapes are int32/int64 tensors: tf.zeros requires int32 (a float is a
TypeError), other ops take int32 as a hint and refuse the float tensor a list of
floats becomes (InvalidArgumentError naming the op's attr).
"""
import numpy as np
import pytest

import course.engine as tf

OUT_OF_RANGE = r"^Can't convert Python sequence with out-of-range integer to Tensor\.$"


@pytest.mark.parametrize("value", [2 ** 63, -2 ** 63 - 1, [1, 2 ** 63], [[1], [2 ** 64]]])
def test_ints_beyond_int64_are_refused(value):
    with pytest.raises(ValueError, match=OUT_OF_RANGE):
        tf.constant(value)
    with pytest.raises(ValueError, match=OUT_OF_RANGE):
        tf.Variable(value)


def test_ints_beyond_int64_are_fine_as_floats():
    assert tf.constant(2 ** 63 - 1).dtype == tf.int64
    assert tf.constant(2 ** 63, tf.float32).numpy() == np.float32(2 ** 63)
    assert tf.constant([1.5, 2 ** 63]).dtype == tf.float32
    with pytest.raises(ValueError, match=OUT_OF_RANGE):
        tf.constant(1, tf.int64) + 2 ** 63


def test_float_shapes_are_refused_as_tf_does():
    with pytest.raises(TypeError, match=r"^Cannot convert \[2\.5\] to EagerTensor of dtype int32$"):
        tf.zeros([2.5])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Value for attr 'Tshape' of float is not in the list of allowed "
                             r"values: int32, int64 \[Op:Reshape\]"):
        tf.reshape(tf.range(4), [2.5, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="attr 'T' of float"):
        tf.random.uniform([2.0])
    assert tf.zeros(np.array([2.0, 3.0])).shape == (2, 3)    # NumPy arrays are cast, as in TF
    assert tf.reshape(tf.range(6), (2, 3)).shape == (2, 3)
