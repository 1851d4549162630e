"""TF's newer type promotion (`dtype_conversion_mode="all"` / `"safe"`): the lattice, weak tensors.

Each test names the TF rule it checks (TF's guide tf_numpy_type_promotion). The fixtures turn
a mode on for one test and restore TF's default after it, so nothing leaks.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
import course.engine.experimental.numpy as tnp
from course.engine.context import state
from course.engine.numpy_api import weak
from course.engine.numpy_api.behavior import restore_default_behavior
from course.engine.numpy_api.promotion import result_type


@pytest.fixture
def all_mode():
    tnp.experimental_enable_numpy_behavior(dtype_conversion_mode="all")
    yield
    restore_default_behavior()


@pytest.fixture
def safe_mode():
    tnp.experimental_enable_numpy_behavior(dtype_conversion_mode="safe")
    yield
    restore_default_behavior()


@pytest.fixture(autouse=True)
def _no_leak():
    yield
    assert not state.numpy_behavior and weak.mode() is None, "a test left a promotion mode on"


# -- the lattice ------------------------------------------------------------------------------
@pytest.mark.parametrize("a,b,expected", [
    (tf.int32, tf.float32, tf.float32),    # ints sit below every float
    (tf.int64, tf.float16, tf.float16),    # ... even a narrow one (the guide's warning)
    (tf.uint8, tf.int8, tf.int16),         # unsigned sits below the signed type twice as wide
    (tf.int8, tf.int32, tf.int32),
    (tf.float64, tf.complex64, tf.complex128),
    (tf.bool, tf.float16, tf.float16),
])
def test_two_strong_dtypes_meet_at_their_first_common_child(a, b, expected):
    assert result_type(a, b) == (expected, False) == result_type(b, a)


def test_python_numbers_are_weak_int32_float32_complex128():
    assert result_type(1) == (tf.int32, True)
    assert result_type(1.5) == (tf.float32, True)
    assert result_type(1j) == (tf.complex128, True)
    assert result_type([1, 2.5]) == (tf.float32, True)  # (a nested list: its elements)


def test_a_weak_dtype_gives_way_to_a_strong_one_of_its_kind_or_wider():
    assert result_type(tf.float16, 1.5) == (tf.float16, False)
    assert result_type(tf.int8, 300 - 299) == (tf.int8, False)
    assert result_type(tf.float32, 1j) == (tf.complex64, False)


def test_an_int_with_a_weak_float_gives_a_weak_float64():
    assert result_type(tf.int32, 2.5) == (tf.float64, True)


def test_python_int_beyond_int32_is_tfs_overflow_error():
    with pytest.raises(OverflowError, match="too large to convert to np.int32"):
        result_type(2 ** 40)


def test_safe_mode_refuses_precision_loss_with_tfs_message():
    with pytest.raises(TypeError, match=r"In promotion mode PromoMode.SAFE, implicit dtype "
                       r"promotion between \(<dtype: 'int32'>, weak=False\) and "
                       r"\(<dtype: 'float32'>, weak=False\) is disallowed"):
        result_type(tf.int32, tf.float32, mode="safe")


@pytest.mark.parametrize("a,b", [(tf.uint8, tf.int8), (tf.float64, tf.complex64)])
def test_safe_mode_refuses_a_dtype_neither_input_has(a, b):  # (bit-widening)
    with pytest.raises(TypeError):
        result_type(a, b, mode="safe")


def test_safe_mode_allows_exact_promotions():
    assert result_type(tf.int8, tf.float16, mode="safe") == (tf.float16, False)
    assert result_type(tf.int16, tf.float32, mode="safe") == (tf.float32, False)
    assert result_type(tf.float16, 1.5, mode="safe") == (tf.float16, False)


# -- weak tensors -----------------------------------------------------------------------------
def test_constant_without_dtype_is_weak_and_prints_weak_true(all_mode):
    assert repr(tf.constant(5)) == "<tf.Tensor: shape=(), dtype=int32, numpy=5, weak=True>"
    assert str(tf.constant(5)) == "tf.Tensor(5, shape=(), dtype=int32, weak=True)"
    assert repr(tf.constant(5, tf.int32)) == "<tf.Tensor: shape=(), dtype=int32, numpy=5>"


def test_weak_float_defers_to_float16(all_mode):
    result = tf.constant(1.2) + tf.constant(3.1, tf.float16)
    assert result.dtype == tf.float16 and not isinstance(result, weak.WeakTensor)


def test_ops_on_weak_inputs_stay_weak(all_mode):
    assert isinstance(-tf.constant(5), weak.WeakTensor)
    assert isinstance(tf.constant(1) + 2, weak.WeakTensor)
    assert isinstance(tf.math.abs([100.0, 4.0]), weak.WeakTensor)
    assert not isinstance(tf.maximum(1, 2), weak.WeakTensor)  # (TF: comparisons are strong)


def test_tf_add_promotes_in_all_mode_not_only_operators(all_mode):
    a, b, c = np.array(1, np.int8), tf.constant(1), np.array(1, np.float16)
    assert tf.add(tf.add(a, b), c).dtype == tf.float16 == tf.add(tf.add(b, a), c).dtype


def test_safe_mode_refuses_in_operators_and_apis(safe_mode):
    with pytest.raises(TypeError, match="PromoMode.SAFE"):
        tf.constant(1) + tf.constant(1.0, tf.float32) * tf.constant(1, tf.int32)
    with pytest.raises(TypeError, match="PromoMode.SAFE"):
        tf.add(tf.constant(1, tf.int32), tf.constant(1.0))


def test_variable_assign_add_converts_to_the_variables_dtype(all_mode):
    v = tf.Variable(10, tf.int32)
    v.assign_add(tf.constant(5, tf.int16))
    assert v.dtype == tf.int32 and int(v.numpy()) == 15
    with pytest.raises(TypeError, match="Variable dtype is immutable"):
        v.assign(tf.constant(1.5, tf.float32))


def test_constant_converts_a_tensor_to_its_dtype(all_mode):
    assert repr(tf.constant(tf.constant(10, tf.int16), tf.float32)) == \
        "<tf.Tensor: shape=(), dtype=float32, numpy=10.0>"


def test_tnp_array_of_python_numbers_is_weak_32_bit(all_mode):
    assert repr(tnp.array(1)) == "<tf.Tensor: shape=(), dtype=int32, numpy=1, weak=True>"
    assert tnp.array(1.0).dtype == tf.float32


def test_gradients_flow_through_the_promoting_cast(all_mode):
    x = tf.constant([1.0, 2.0], tf.float16)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * tf.constant(3))
    assert tape.gradient(y, x).numpy().tolist() == [3.0, 3.0]


def test_weak_constant_made_inside_tf_function_gives_way_too(all_mode):
    @tf.function
    def f(x):
        return x * tf.constant(2.0)  # (TF: a weak float32 inside the graph as outside)
    assert f(tf.constant([1.0], tf.float16)).dtype == tf.float16


def test_numpy_methods_and_rows_of_a_weak_tensor_stay_weak(all_mode):
    # TF: the methods are the (wrapped) tnp functions; a weak tensor's rows are weak
    t = tf.constant([1, 2])
    assert all(isinstance(x, weak.WeakTensor) for x in (t.T, t.reshape(2, 1), *list(t)))
    assert not isinstance(t.astype(tf.float32), weak.WeakTensor)
    assert f"{tf.constant(1.5)}" == "1.5 weakly typed"


# -- switching --------------------------------------------------------------------------------
def test_switching_back_to_legacy_removes_the_wrappers():
    plain_add, plain_constant = tf.add, tf.constant
    tnp.experimental_enable_numpy_behavior(dtype_conversion_mode="all")
    try:
        assert tf.add is not plain_add and tf.math.add is tf.add
        tnp.experimental_enable_numpy_behavior(dtype_conversion_mode="legacy")
        assert tf.add is plain_add and tf.constant is plain_constant
        assert repr(tf.constant(5)) == "<tf.Tensor: shape=(), dtype=int32, numpy=5>"
        assert (tf.constant(1) + tf.constant(1.0)).dtype == tf.float64  # (NumPy's rule again)
    finally:
        restore_default_behavior()


def test_restore_default_puts_back_tf_rules():
    tnp.experimental_enable_numpy_behavior(dtype_conversion_mode="safe")
    restore_default_behavior()
    assert "weak" not in repr(tf.constant(5))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.constant(1) + tf.constant(1.0)
    assert tf.Variable.assign_add.__qualname__ == "Variable.assign_add"


def test_only_equality_among_comparisons_promotes_as_in_tf(all_mode):
    # TF 2.21: `==` goes through the promoting tf.math.equal; `!=` and `<` keep TF's error
    assert bool(tf.constant(1) == tf.constant(1.0))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.constant(1) < tf.constant(1.5)
