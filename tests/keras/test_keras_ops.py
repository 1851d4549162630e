"""`tf.keras.ops` (course/engine/keras/ops/): Keras 3's documented names, arguments and dtype
rules, checked by hand-computed values (the same cases run against Keras 3 in
tests/differential/test_against_tensorflow_keras_ops.py)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.keras import ops
from course.engine.keras.ops.promotion import result_type


def test_keras_ops_is_exported_as_tf_keras_ops():
    assert tf.keras.ops is ops
    assert ops.matmul is tf.keras.ops.matmul


@pytest.mark.parametrize("types, expected", [
    (("int32", "float16"), "float16"),      # JAX's lattice: an int meets a float at the float
    (("int64", "float32"), "float32"),
    (("int8", int), "int8"),                # a Python int is weak: the tensor's dtype wins
    (("int32", float), "float32"),          # int tensor and Python float: floatx
    (("float16", float), "float16"),
    (("uint8", "int8"), "int16"),           # the smallest signed type holding both
    ((int, float), "float32"),
    ((int,), "int32"),                      # a lone Python int is int32
    (("bool", "bool"), "bool"),
    (("bool", int), "int32"),
    (("float32", "float64"), "float64"),
])
def test_result_type_follows_keras_promotion_lattice(types, expected):
    assert result_type(*types) == expected


def test_creation_defaults_to_float32_as_keras_floatx():
    assert ops.ones((2,)).dtype == tf.float32
    assert ops.zeros(3).dtype == tf.float32
    assert ops.full((2,), 3).dtype == tf.float32  # even for an int fill value
    assert ops.ones((2,), dtype="int32").dtype == tf.int32
    np.testing.assert_array_equal(ops.eye(2, 3, k=1), np.eye(2, 3, 1))


def test_arange_is_int32_for_ints_and_float32_for_floats():
    assert ops.arange(3).dtype == tf.int32
    np.testing.assert_allclose(ops.arange(0.0, 1.0, 0.25), [0, 0.25, 0.5, 0.75])
    assert ops.arange(0.0, 1.0, 0.25).dtype == tf.float32
    np.testing.assert_allclose(ops.linspace(0.0, 1.0, 4, endpoint=False), [0, 0.25, 0.5, 0.75])


def test_convert_to_tensor_casts_where_tf_refuses():
    assert ops.convert_to_tensor(1.5).dtype == tf.float32
    assert ops.convert_to_tensor(np.array([1.0])).dtype == tf.float64
    np.testing.assert_array_equal(ops.convert_to_tensor([1.7, 2.0], dtype="int32"), [1, 2])
    assert ops.convert_to_tensor(tf.constant([1, 2]), dtype="float32").dtype == tf.float32


def test_shape_is_a_tuple_of_ints_and_dtype_a_string():
    assert ops.shape(ops.ones((2, 3))) == (2, 3)
    assert isinstance(ops.shape(ops.ones((2, 3))), tuple)
    assert ops.dtype(np.ones(2, np.int8)) == "int8"
    assert ops.ndim(np.ones((2, 3))) == 2


def test_shape_inside_tf_function_gives_a_tensor_for_an_unknown_size():
    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def rows(x):
        batch, dim = ops.shape(x)
        assert dim == 3 and isinstance(batch, tf.Tensor)
        return batch
    assert int(rows(np.ones((5, 3), np.float32))) == 5


def test_binary_ops_promote_with_weak_python_numbers():
    out = ops.add(np.array([1, 2], np.int8), 1)
    assert out.dtype == tf.int8
    np.testing.assert_array_equal(out, [2, 3])
    assert ops.multiply(np.array([2], np.int32), 1.5).dtype == tf.float32
    assert ops.add(np.array([1], np.int32), np.array([0.5], np.float16)).dtype == tf.float16


def test_divide_of_ints_is_float32_not_float64():
    out = ops.divide(np.array([1, 2], np.int32), np.array([2, 2], np.int32))
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out, [0.5, 1.0])


def test_sum_widens_small_ints_and_bools_to_int32():
    assert ops.sum(np.array([True, True, False])).dtype == tf.int32
    assert int(ops.sum(np.array([100, 100], np.int8))) == 200  # int8 would wrap to -56
    assert ops.sum(np.array([1, 2], np.int64)).dtype == tf.int64


def test_mean_of_ints_is_float32_and_float16_comes_back_as_float16():
    assert ops.mean(np.array([1, 2])).dtype == tf.float32
    assert float(ops.mean(np.array([1, 2]))) == 1.5
    assert ops.mean(np.array([0.5, 1.5], np.float16)).dtype == tf.float16


def test_float_math_on_ints_is_float32_but_square_keeps_ints():
    assert ops.exp(np.array([0], np.int32)).dtype == tf.float32
    assert ops.sqrt(np.array([4], np.int64)).dtype == tf.float32
    assert ops.square(np.array([3], np.int32)).dtype == tf.int32
    assert ops.square(np.array([True])).dtype == tf.int32


def test_argmax_is_int32_and_flattens_without_axis():
    m = np.array([[1.0, 9.0], [4.0, 2.0]], np.float32)
    assert ops.argmax(m).dtype == tf.int32
    assert int(ops.argmax(m)) == 1
    np.testing.assert_array_equal(ops.argmax(m, axis=0), [1, 0])
    assert ops.argmax(m, axis=1, keepdims=True).shape == (2, 1)


def test_matmul_takes_numpy_vectors():
    m = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_allclose(ops.matmul(m, np.ones(3, np.float32)), [3.0, 12.0])
    np.testing.assert_allclose(ops.matmul(np.ones(2, np.float32), m), [3.0, 5.0, 7.0])
    assert ops.matmul(np.ones(3, np.float32), np.ones(3, np.float32)).shape == ()
    assert ops.matmul(np.ones((2, 2), np.int32), np.ones((2, 2), np.int32)).dtype == tf.int32


def test_where_with_a_lone_condition_gives_int32_indices_per_axis():
    rows, cols = ops.where(np.array([[True, False], [False, True]]))
    np.testing.assert_array_equal(rows, [0, 1])
    np.testing.assert_array_equal(cols, [0, 1])
    assert rows.dtype == tf.int32
    with pytest.raises(ValueError, match="both should be `None`"):
        ops.where([True], 1.0)


def test_shape_ops_follow_numpy():
    assert ops.expand_dims(np.ones(2), (0, 2)).shape == (1, 2, 1)
    assert ops.tile(np.array([1, 2]), (2, 2)).shape == (2, 4)
    np.testing.assert_array_equal(ops.take(np.array([5, 6, 7]), [-1, 0]), [7, 5])
    assert ops.concatenate([np.array([1], np.int32), np.array([0.5], np.float16)]).dtype == \
        tf.float16
    with pytest.raises(ValueError, match="Cannot squeeze axis=1"):
        ops.squeeze(np.ones((1, 2)), axis=1)


def test_nn_ops_one_hot_and_binary_crossentropy_per_value():
    np.testing.assert_array_equal(ops.one_hot(np.array([0, 2]), 3), [[1, 0, 0], [0, 0, 1]])
    assert ops.one_hot(np.array([1]), 2).dtype == tf.float32
    bce = ops.binary_crossentropy(np.array([1.0, 0.0], np.float32),
                                  np.array([0.5, 0.5], np.float32))
    np.testing.assert_allclose(bce, [np.log(2), np.log(2)], rtol=1e-6)  # -log(1/2) per value
    np.testing.assert_allclose(ops.leaky_relu(np.array([-1.0], np.float32)), [-0.2])
    np.testing.assert_allclose(ops.softmax(np.zeros((2, 2), np.float32), axis=None), 0.25)


def test_gradients_flow_through_keras_ops():
    w = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        loss = ops.sum(ops.square(w))  # d/dw sum(w^2) = 2w
    np.testing.assert_allclose(tape.gradient(loss, w), [2.0, 4.0])


def test_a_name_keras_ops_has_and_the_engine_lacks_says_so():
    with pytest.raises(NotImplementedError, match="tf.keras.ops.cumsum is not part of this"):
        ops.cumsum  # noqa: B018
