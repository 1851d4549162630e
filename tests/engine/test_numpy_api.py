"""TF NumPy (`tf.experimental.numpy`, numpy_api/): NumPy's names and dtype rules on TF tensors.

Each test names the TF rule it checks. `numpy_behavior` turns on
`experimental_enable_numpy_behavior()` for one test and restores TF's default after it
(TF itself has no way back), so nothing leaks into other tests.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
import course.engine.experimental.numpy as tnp
from course.engine.context import state
from course.engine.numpy_api import weak
from course.engine.numpy_api.behavior import restore_default_behavior


@pytest.fixture
def numpy_behavior():
    tnp.experimental_enable_numpy_behavior()
    yield
    restore_default_behavior()


@pytest.fixture(autouse=True)
def _no_leak():
    yield
    assert not state.numpy_behavior and weak.mode() is None, "a test left numpy behavior on"


# -- the module -------------------------------------------------------------------------------
def test_importable_by_name_as_tensorflow_experimental_numpy():
    import course.engine.experimental.numpy.random as tnp_random
    assert tf.experimental.numpy is tnp and tnp.random is tnp_random


def test_ndarray_is_tf_tensor_and_dtypes_are_numpy_types():
    assert tnp.ndarray is tf.Tensor
    assert tnp.float32 is np.float32 and tnp.int64 is np.int64 and tnp.newaxis is None


def test_missing_tnp_name_says_not_in_engine():
    with pytest.raises(NotImplementedError, match="tf.experimental.numpy.cumsum"):
        tnp.cumsum  # noqa: B018


# -- before the switch: TF's rules, unchanged ---------------------------------------------------
def test_default_mixed_dtypes_are_tf_error_without_numpy_behavior():
    with pytest.raises(tf.errors.InvalidArgumentError, match="AddV2"):
        tf.constant(1) + tf.constant(1.0)


def test_default_tensor_has_no_numpy_methods():
    with pytest.raises(AttributeError):
        tf.ones([2, 3]).T  # noqa: B018
    with pytest.raises(AttributeError):
        tf.ones([2, 3]).reshape(3, 2)


def test_numpy_names_say_how_to_turn_them_on_and_say_it_again_after_a_restore():
    """TF: `.T`, `.reshape`, `.astype`, ... before the switch raise an AttributeError naming
    `experimental_enable_numpy_behavior()`; other names (`.flatten`) are plainly missing."""
    hint = "tf.experimental.numpy.experimental_enable_numpy_behavior()"
    with pytest.raises(AttributeError, match=r"EagerTensor object has no attribute 'reshape'") as e:
        tf.ones([2]).reshape(2, 1)
    assert hint in str(e.value) and not hasattr(tf.ones([2]), "T")
    with pytest.raises(AttributeError) as e:
        tf.ones([2]).flatten()
    assert hint not in str(e.value)
    tnp.experimental_enable_numpy_behavior()
    try:
        assert tf.ones([2, 3]).T.shape == (3, 2)
    finally:
        restore_default_behavior()
    with pytest.raises(AttributeError, match="numpy-related methods"):
        tf.ones([2]).T  # noqa: B018


def test_default_indexing_refuses_index_lists():
    with pytest.raises(TypeError, match="Only integers"):
        tf.range(4)[[0, 1]]


def test_tnp_functions_follow_numpy_rules_even_without_the_switch():
    # TF: asarray(1) is int64, asarray(1.) float64, ones float64: NumPy's defaults
    assert tnp.asarray(1).dtype is tf.int64 and tnp.asarray(1.0).dtype is tf.float64
    assert tnp.ones([2]).dtype is tf.float64 and tnp.arange(3).dtype is tf.int64


# -- 1. promotion --------------------------------------------------------------------------------
def test_operator_promotion_table_of_the_guide(numpy_behavior):
    # TF (legacy mode): NumPy's table, int32 + float32 -> float64
    values = [tnp.asarray(1, dtype=d) for d in (tnp.int32, tnp.int64, tnp.float32, tnp.float64)]
    got = {(a.dtype.name, b.dtype.name): (a + b).dtype.name
           for i, a in enumerate(values) for b in values[i + 1:]}
    assert got == {("int32", "int64"): "int64", ("int32", "float32"): "float64",
                   ("int32", "float64"): "float64", ("int64", "float32"): "float64",
                   ("int64", "float64"): "float64", ("float32", "float64"): "float64"}


def test_python_numbers_adapt_to_the_tensor_in_promotion(numpy_behavior):
    # TF: NumPy 2's weak Python scalars: f32 + 1.5 stays float32, int32 * 1.5 is float64
    i32, f32 = tf.constant(1), tf.constant(1.0)
    assert (f32 + 1.5).dtype is tf.float32 and (i32 + 1).dtype is tf.int32
    assert (i32 * 1.5).dtype is tf.float64 and (1.0 / (1.0 + f32)).dtype is tf.float32


def test_numpy_arrays_promote_with_tensors(numpy_behavior):
    # TF: float32 tensor + float64 NumPy array -> float64, either side
    assert (tf.ones([2]) + np.ones([2])).dtype is tf.float64
    assert (np.ones([2]) + tf.ones([2])).dtype is tf.float64


def test_comparisons_and_variables_promote_too(numpy_behavior):
    assert (tf.constant(1) < tf.constant(1.5)).numpy()
    assert (tf.Variable(1.0) + tf.constant(1)).dtype is tf.float64


def test_tf_add_itself_never_promotes(numpy_behavior):
    # TF: only operators and tnp functions promote; tf.add is the AddV2 kernel's check
    with pytest.raises(tf.errors.InvalidArgumentError, match="AddV2"):
        tf.add(tf.constant(1), tf.constant(1.0))


def test_constant_keeps_tf_float32_for_python_floats(numpy_behavior):
    assert tf.constant(1.5).dtype is tf.float32


def test_prefer_float32_reads_python_floats_as_float32():
    tnp.experimental_enable_numpy_behavior(prefer_float32=True)
    try:
        assert tnp.asarray(1.0).dtype is tf.float32 and tnp.add(1.0, 2.0).dtype is tf.float32
        tnp.experimental_enable_numpy_behavior(prefer_float32=False)
        assert tnp.asarray(1.0).dtype is tf.float64 and tnp.add(1.0, 2.0).dtype is tf.float64
    finally:
        restore_default_behavior()


def test_conversion_mode_off_keeps_tf_errors_but_adds_methods():
    tnp.experimental_enable_numpy_behavior(dtype_conversion_mode="off")
    try:
        assert tf.ones([2, 3]).T.shape == (3, 2)
        with pytest.raises(tf.errors.InvalidArgumentError):
            tf.constant(1) + tf.constant(1.0)
    finally:
        restore_default_behavior()


def test_unknown_conversion_mode_is_value_error():
    with pytest.raises(ValueError, match="does not exist"):
        tnp.experimental_enable_numpy_behavior(dtype_conversion_mode="sometimes")


def test_restore_default_behavior_removes_everything():
    tnp.experimental_enable_numpy_behavior()
    restore_default_behavior()
    with pytest.raises(AttributeError):
        tf.ones([2]).T  # noqa: B018
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.constant(1) + tf.constant(1.0)
    assert tf.ones([2]).ndim == 1  # (the engine's own property is back)


def test_promotion_gradient_flows_back_in_the_input_dtype(numpy_behavior):
    # the Cast's gradient casts back: d(x + y)/dx for float32 x, float64 y is float32
    x, y = tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = tf.reduce_sum((x * y + 1) ** 2)
    g = tape.gradient(z, x)
    assert g.dtype is tf.float32
    np.testing.assert_allclose(g.numpy(), 2 * (np.array([1, 2.]) * [3, 4] + 1) * [3, 4])


# -- 2. methods ---------------------------------------------------------------------------------
def test_numpy_methods_on_tensors(numpy_behavior):
    x = tf.reshape(tf.range(6.0), [2, 3])
    assert x.T.shape == (3, 2) and x.transpose().shape == (3, 2)
    assert x.reshape(3, 2).shape == (3, 2) and x.reshape((3, 2)).shape == (3, 2)
    assert x.reshape(-1).shape == (6,) and x.ravel().shape == (6,) and x.flatten().shape == (6,)
    np.testing.assert_array_equal(x.reshape(-1, order="F").numpy(), [0, 3, 1, 4, 2, 5])
    assert x.astype(tnp.int32).dtype is tf.int32 and x.size == 6 and x.data is x
    assert x.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert float(x.max()) == 5.0 and float(x.min()) == 0.0 and x.mean(axis=0).shape == (3,)
    np.testing.assert_array_equal(x.clip(1, 4).numpy(), [[1, 1, 2], [3, 4, 4]])


def test_round_halves_to_even(numpy_behavior):
    np.testing.assert_array_equal(round(tf.constant([0.5, 1.5, 2.5])).numpy(), [0, 2, 2])


def test_tolist_in_a_graph_is_value_error(numpy_behavior):
    @tf.function
    def f(x):
        return x.tolist()
    with pytest.raises(ValueError, match="Symbolic Tensors"):
        f(tf.ones([2]))


# -- 3. indexing ---------------------------------------------------------------------------------
def test_numpy_indexing_of_the_guide(numpy_behavior):
    x = tnp.arange(24).reshape(2, 3, 4)
    assert x[1, tnp.newaxis, 1:3, ...].shape == (1, 2, 4)
    np.testing.assert_array_equal(x[:, (True, False, True)].numpy(),
                                  np.arange(24).reshape(2, 3, 4)[:, [True, False, True]])
    np.testing.assert_array_equal(x[1, (0, 0, 1), tnp.asarray([0, 1, 1])].numpy(), [12, 13, 17])


def test_boolean_mask_and_index_list(numpy_behavior):
    x = tf.range(6)
    np.testing.assert_array_equal(x[x > 2].numpy(), [3, 4, 5])
    np.testing.assert_array_equal(x[[0, 5]].numpy(), [0, 5])


def test_item_assignment_is_type_error(numpy_behavior):
    with pytest.raises(TypeError):
        tnp.arange(6)[1] = -1


def test_gradient_of_advanced_index_goes_to_picked_elements(numpy_behavior):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum((x[[0, 1, 1], [1, 0, 0]] + 1) ** 2)
    # picked (0,1) once, (1,0) twice: 2*(x+1) per pick, accumulated
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [[0, 6], [16, 0]])


# -- the tnp functions ----------------------------------------------------------------------------
def test_asarray_keeps_a_tensor_as_it_is():
    t = tf.constant([1, 2])
    assert tnp.asarray(t) is t and tnp.asarray(t, tnp.float32).dtype is tf.float32


def test_arange_dtypes_and_empty():
    assert tnp.arange(1.0, 3).dtype is tf.float64
    np.testing.assert_array_equal(tnp.arange(1, 6, 2).numpy(), [1, 3, 5])
    assert tnp.arange(3, 1).shape == (0,)
    with pytest.raises(ValueError, match="non-zero"):
        tnp.arange(1, 3, 0)


def test_float_functions_promote_integers_to_float64(numpy_behavior):
    # TF NumPy: sqrt(int32) is float64 (NumPy's float), sqrt(float32) stays float32
    assert tnp.sqrt(tf.constant(4)).dtype is tf.float64 and tnp.sqrt(32).dtype is tf.float64
    assert tnp.exp(tf.constant(0.0)).dtype is tf.float32
    assert tnp.square(tf.constant(3)).dtype is tf.int32


def test_float_functions_of_integers_need_the_switch_as_in_tf():
    # TF's tnp.sqrt calls x.astype for an integer x: AttributeError without the switch
    with pytest.raises(AttributeError, match="astype"):
        tnp.sqrt(tf.constant(4))
    assert tnp.sqrt(tf.constant(4.0)).dtype is tf.float32


def test_sum_of_small_ints_and_bools_is_int64():
    # NumPy: integer sums accumulate in the platform int (int64)
    assert tnp.sum(tf.ones([2, 3], tf.int32)).dtype is tf.int64
    assert int(tnp.sum(tf.constant([True, False, True]))) == 2
    assert tnp.sum(np.ones([2, 3])).dtype is tf.float64
    assert tnp.sum(tf.ones([2, 3]), axis=0).shape == (3,)
    assert tnp.mean(tf.range(4)).dtype is tf.float64


def test_binary_functions_promote():
    assert tnp.add(tf.constant(1), tf.constant(1.0)).dtype is tf.float64
    assert tnp.add(1, 2).dtype is tf.int64 and tnp.maximum(tf.constant(1), 0.5).dtype is tf.float64
    assert tnp.matmul(tf.ones([2, 2]), tf.ones([2, 2], tf.float64)).dtype is tf.float64


def test_matmul_with_a_vector_side():
    assert tnp.matmul(tf.ones([2, 3]), tf.ones([3])).shape == (2,)
    assert tnp.matmul(tf.ones([3]), tf.ones([3, 2])).shape == (2,)


def test_maximum_with_zero_is_relu_with_its_gradient():
    # TF: tnp.maximum(x, 0) is tf.nn.relu, whose gradient at 0 is 0
    x = tf.constant([-1.0, 0.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum((tnp.maximum(x, 0) + 1) ** 2)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [0, 0, 6])


def test_expand_dims_copy_clip_full_zeros():
    assert tnp.expand_dims(tf.ones([3]), 0).shape == (1, 3)
    assert tnp.copy(tf.ones([2])).dtype is tf.float32
    assert tnp.clip(tf.range(5), 1.0, 3.0).dtype is tf.float64
    assert tnp.full([2], 7).dtype is tf.int64 and tnp.zeros([2]).dtype is tf.float64


def test_random_draws_are_float64_and_seeded():
    assert tnp.random.randn(2, 3).shape == (2, 3) and tnp.random.randn(2).dtype is tf.float64
    tnp.random.seed(3)
    a = tnp.random.rand(4)
    tnp.random.seed(3)
    np.testing.assert_array_equal(a.numpy(), tnp.random.rand(4).numpy())
    assert 0 <= float(tnp.random.uniform(size=[100]).numpy().min())


def test_gradients_and_batch_jacobian_through_tnp(numpy_behavior):
    # the guide's model: matmul, bias, relu, matmul; gradient of a squared loss
    w1, w2 = tf.constant(np.arange(6.0).reshape(3, 2) / 10, tf.float32), tf.ones([2, 1])
    x = tnp.ones([4, 3], tnp.float32)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch((w1, x))
        out = tnp.matmul(tnp.maximum(tnp.matmul(x, w1), 0), w2)
        loss = tnp.sum(tnp.square(out - 1))
    g = tape.gradient(loss, w1)
    hidden = np.ones([4, 3]) @ (np.arange(6.0).reshape(3, 2) / 10)
    expected = np.ones([4, 3]).T @ ((2 * (hidden.sum(1, keepdims=True) - 1)) * (hidden > 0))
    np.testing.assert_allclose(g.numpy(), expected, rtol=1e-6)
    assert tape.batch_jacobian(out, x).shape == (4, 1, 3)


# -- tf.vectorized_map -------------------------------------------------------------------------
def test_vectorized_map_equals_map_fn_without_a_signature():
    x, y = tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([1.0, 2.0])

    def f(pair):
        u, v = pair
        return tf.reduce_sum(u) * v, tf.cast(u, tf.int32)
    got = tf.vectorized_map(f, (x, y))
    want = tf.map_fn(f, (x, y), fn_output_signature=(tf.float32, tf.int32))
    for a, b in zip(got, want):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
        assert a.dtype is b.dtype


def test_vectorized_map_in_tf_function_with_gradients():
    w = tf.constant([2.0, 3.0])

    @tf.function
    def per_example(xs):
        def grad(x):
            with tf.GradientTape() as tape:
                tape.watch(w)
                loss = tf.reduce_sum(w * x) ** 2
            return tape.gradient(loss, w)
        return tf.vectorized_map(grad, xs)
    xs = np.array([[1.0, 1.0], [0.0, 1.0]], np.float32)
    want = [2 * (xs[i] @ [2, 3]) * xs[i] for i in range(2)]
    np.testing.assert_allclose(per_example(tf.constant(xs)).numpy(), want)
