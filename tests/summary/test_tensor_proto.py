"""tf.make_tensor_proto / tf.make_ndarray (TensorBoard's message class, TF's rules)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


@pytest.mark.parametrize("value", [np.arange(6, dtype=np.int64).reshape(2, 3),
                                   np.array([1.5, -2.0], np.float32),
                                   np.array([True, False]), np.float16(3.0)])
def test_a_value_survives_the_round_trip(value):
    back = tf.make_ndarray(tf.make_tensor_proto(value))
    assert back.dtype == np.asarray(value).dtype and back.tolist() == np.asarray(value).tolist()


def test_strings_come_back_as_bytes_objects():
    back = tf.make_ndarray(tf.make_tensor_proto(["ab", "c"]))
    assert back.dtype == object and back.tolist() == [b"ab", b"c"]


def test_a_tensor_a_dtype_and_a_filled_shape():
    proto = tf.make_tensor_proto(tf.constant([1, 2]), dtype=tf.float32)
    assert "DT_FLOAT" in str(proto) and tf.make_ndarray(proto).tolist() == [1.0, 2.0]
    assert tf.make_ndarray(tf.make_tensor_proto(7.0, shape=[2, 2])).tolist() == [[7.0, 7.0]] * 2


def test_shape_errors_in_tfs_words():
    with pytest.raises(ValueError, match=r"^Too many elements provided\. Takes at most 3, but got 4\.$"):
        tf.make_tensor_proto([[1, 2], [3, 4]], shape=[3])
    with pytest.raises(TypeError, match=r"^Expected Tensor's shape: \(1, 2\), but got \(2,\)\.$"):
        tf.make_tensor_proto([1, 2], shape=[1, 2], verify_shape=True)
