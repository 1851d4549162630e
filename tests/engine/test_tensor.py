"""`tf.Tensor`: creation and dtype inference, printing, Python protocols, indexing."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


# -- inference and conversion ------------------------------------------------------
@pytest.mark.parametrize("value, dtype", [
    (1, tf.int32), (1.0, tf.float32), (True, tf.bool), ([1, 2.0], tf.float32),
    ([[1, 2], [3, 4]], tf.int32), (2**40, tf.int64), ([True, False], tf.bool),
])
def test_python_values_get_tf_default_dtypes(value, dtype):
    """TF: Python ints -> int32 (int64 if they need it), floats -> float32, bools -> bool."""
    t = tf.constant(value)
    assert t.dtype is dtype
    np.testing.assert_array_equal(t.numpy(), np.array(value))


@pytest.mark.parametrize("np_dtype", [np.float16, np.float32, np.float64, np.int8, np.int16,
                                      np.int32, np.int64, np.uint8, np.bool_])
def test_numpy_arrays_keep_their_dtype(np_dtype):
    """TF: NumPy values keep their dtype (np.float64 stays float64, unlike Python floats)."""
    a = np.array([1, 0, 1], dtype=np_dtype)
    assert tf.constant(a).dtype is tf.as_dtype(np_dtype)
    assert tf.convert_to_tensor(a).dtype is tf.as_dtype(np_dtype)
    assert tf.constant(np_dtype(1)).dtype is tf.as_dtype(np_dtype)


def test_dtype_argument_converts_where_tf_allows():
    """TF: ints may become floats or wrap into uint8; NumPy arrays are cast (truncating)."""
    assert tf.constant([1, 2], tf.float32).numpy().tolist() == [1.0, 2.0]
    assert tf.constant(True, tf.int32).numpy() == 1
    assert tf.constant(True, tf.float32).numpy() == 1.0
    assert tf.constant(-1, tf.uint8).numpy() == 255
    assert tf.constant(np.array([1.7, -1.7]), tf.int32).numpy().tolist() == [1, -1]
    assert tf.convert_to_tensor(np.array([1, 2]), tf.float32).dtype is tf.float32
    assert tf.convert_to_tensor([1, 2], tf.int64).dtype is tf.int64


@pytest.mark.parametrize("value, dtype", [(1.5, tf.int32), (1, tf.bool), ([1.0, 2.5], tf.int64)])
def test_dtype_argument_raises_where_tf_raises(value, dtype):
    """TF: a Python float cannot become an int, nor a number a bool (TypeError)."""
    with pytest.raises(TypeError, match=f"Cannot convert .* to EagerTensor of dtype {dtype.name}"):
        tf.constant(value, dtype)


def test_convert_to_tensor_refuses_to_cast_a_tensor():
    """TF: convert_to_tensor never casts an existing tensor (ValueError naming both dtypes)."""
    with pytest.raises(ValueError, match="requested dtype float32 for Tensor with dtype int32"):
        tf.convert_to_tensor(tf.constant(1), tf.float32)


def test_constant_never_casts_a_tensor():
    """TF: tf.constant(tensor, dtype=other) is a TypeError; tf.cast converts."""
    with pytest.raises(TypeError, match="Expected tensor 1 with dtype tf.float32, but got dtype "
                                        "tf.int32"):
        tf.constant(tf.constant(1), tf.float32)
    assert tf.constant(tf.constant(1), tf.int32).numpy() == 1


def test_dtype_hint_is_only_a_hint():
    """TF: dtype_hint applies when possible and silently falls back otherwise."""
    assert tf.convert_to_tensor(1, dtype_hint=tf.float32).dtype is tf.float32
    assert tf.convert_to_tensor(1.5, dtype_hint=tf.int32).dtype is tf.float32


def test_constant_with_shape_broadcasts_a_scalar_or_reshapes():
    """TF: constant(0.5, shape=[2, 2]) fills; a list of the right size is reshaped."""
    assert tf.constant(0.5, shape=[2, 2]).numpy().tolist() == [[0.5, 0.5], [0.5, 0.5]]
    assert tf.constant([1, 2, 3, 4], shape=[2, 2]).numpy().tolist() == [[1, 2], [3, 4]]
    with pytest.raises(TypeError, match=r"has 3 elements, but got `shape` \(2, 2\) with 4"):
        tf.constant([1, 2, 3], shape=[2, 2])


def test_bad_python_values_raise_value_error():
    """TF: ragged lists and integers beyond int64 cannot become tensors."""
    with pytest.raises(ValueError, match="non-rectangular Python sequence"):
        tf.constant([[1, 2], [3]])
    with pytest.raises(ValueError, match="out-of-range integer"):
        tf.constant(2**70)


# -- creation ops -------------------------------------------------------------------
def test_creation_ops_values_and_dtypes():
    """zeros/ones default to float32; fill takes the value's dtype; eye; *_like keep dtype."""
    assert tf.zeros([2, 3]).dtype is tf.float32 and tf.zeros([2, 3]).shape == [2, 3]
    assert tf.ones(3, tf.int32).numpy().tolist() == [1, 1, 1]
    assert tf.ones((), tf.bool).numpy() == np.True_
    assert tf.fill([2], 7).dtype is tf.int32 and tf.fill([2], 1.5).dtype is tf.float32
    assert tf.fill([2, 1], True).numpy().tolist() == [[True], [True]]
    assert tf.ones_like(tf.constant([1, 2])).dtype is tf.int32
    assert tf.zeros_like(tf.constant([1.5])).numpy().tolist() == [0.0]
    assert tf.ones_like(tf.constant([1, 2]), dtype=tf.float32).dtype is tf.float32
    np.testing.assert_array_equal(tf.eye(2, 3, dtype=tf.int32).numpy(), np.eye(2, 3))
    assert tf.eye(2, batch_shape=[3]).shape == [3, 2, 2]


def test_range_follows_argument_dtypes():
    """TF: tf.range is int32 for ints, float32 if any argument is a float, or dtype=."""
    assert tf.range(5).dtype is tf.int32 and tf.range(5).numpy().tolist() == [0, 1, 2, 3, 4]
    assert tf.range(1, 5, 2).numpy().tolist() == [1, 3]
    assert tf.range(5, 0, -2).numpy().tolist() == [5, 3, 1]
    r = tf.range(0.0, 1.0, 0.25)
    assert r.dtype is tf.float32 and r.numpy().tolist() == [0.0, 0.25, 0.5, 0.75]
    assert tf.range(5, dtype=tf.float32).dtype is tf.float32
    assert tf.range(tf.constant(3, tf.int64)).dtype is tf.int64


def test_linspace_is_inclusive_and_float64_for_ints():
    """TF: linspace includes both ends; float32 arguments give float32, ints give float64."""
    t = tf.linspace(0.0, 1.0, 5)
    assert t.dtype is tf.float32 and t.numpy().tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert tf.linspace(0, 1, 3).dtype is tf.float64


# -- printing -------------------------------------------------------------------------
def test_str_and_repr_match_tensorflow_exactly():
    """TF's formats: str is tf.Tensor(value, shape=..., dtype=...); repr shows numpy=."""
    assert str(tf.constant([[1], [2]])) == "tf.Tensor(\n[[1]\n [2]], shape=(2, 1), dtype=int32)"
    assert repr(tf.constant(1.0)) == "<tf.Tensor: shape=(), dtype=float32, numpy=1.0>"
    assert repr(tf.constant([[1], [2]])) == ("<tf.Tensor: shape=(2, 1), dtype=int32, numpy=\n"
                                            "array([[1],\n       [2]], dtype=int32)>")
    assert repr(tf.constant([1.5, 2.25])) == ("<tf.Tensor: shape=(2,), dtype=float32, "
                                              "numpy=array([1.5 , 2.25], dtype=float32)>")
    assert str(tf.constant(1.0)) == "tf.Tensor(1.0, shape=(), dtype=float32)"
    assert str(tf.constant([True, False])) == "tf.Tensor([ True False], shape=(2,), dtype=bool)"
    assert repr(tf.constant(True)) == "<tf.Tensor: shape=(), dtype=bool, numpy=True>"
    assert repr(tf.constant(np.arange(3))) == ("<tf.Tensor: shape=(3,), dtype=int64, "
                                               "numpy=array([0, 1, 2])>")


def test_printing_honours_numpy_print_options():
    """TF formats values with NumPy, so np.printoptions(precision=2) applies."""
    with np.printoptions(precision=2):
        assert str(tf.constant([1.23456, 2.0])) == \
            "tf.Tensor([1.23 2.  ], shape=(2,), dtype=float32)"
        assert repr(tf.constant([1.23456, 2.0])) == \
            "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1.23, 2.  ], dtype=float32)>"


def test_shape_prints_like_a_tuple_and_has_tensorshape_methods():
    """TF: print(t.shape) shows (3,); repr is TensorShape([3]); as_list and rank work."""
    t = tf.constant([[1, 2, 3]])
    assert str(tf.constant([1, 2, 3]).shape) == "(3,)"
    assert str(tf.constant(5).shape) == "()" and repr(tf.constant(5).shape) == "TensorShape([])"
    assert repr(t.shape) == "TensorShape([1, 3])" and str(t.shape) == "(1, 3)"
    assert t.shape.as_list() == [1, 3] and t.shape.rank == 2 and tf.constant(3).shape.rank == 0
    assert t.shape == (1, 3) and t.shape == [1, 3] and t.shape[1] == 3
    assert t.shape.num_elements() == 3 and t.shape.is_fully_defined()


# -- Python protocols -------------------------------------------------------------------
def test_len_iteration_ndim_and_array_protocol():
    """len() and iteration run over the first axis; np.asarray gives the values."""
    t = tf.constant([[1, 2, 3], [4, 5, 6]])
    assert t.ndim == 2 and len(t) == 2
    rows = list(t)
    assert all(isinstance(r, tf.Tensor) for r in rows)
    assert [r.numpy().tolist() for r in rows] == [[1, 2, 3], [4, 5, 6]]
    np.testing.assert_array_equal(np.asarray(t), [[1, 2, 3], [4, 5, 6]])
    assert np.asarray(t).dtype == np.int32
    assert np.array(tf.constant(3)) == 3
    assert t.device == "/job:localhost/replica:0/task:0/device:CPU:0"


def test_scalars_have_no_len_and_cannot_be_iterated():
    with pytest.raises(TypeError, match="Scalar tensor has no `len\\(\\)`"):
        len(tf.constant(3))
    with pytest.raises(TypeError, match="scalar tensor"):
        list(tf.constant(3))


def test_bool_only_for_scalars():
    """TF: bool() works for one element (and is False when empty), else ValueError."""
    assert bool(tf.constant(True)) and bool(tf.constant([1])) and not bool(tf.constant(0.0))
    assert not bool(tf.constant([]))
    with pytest.raises(ValueError, match="truth value of an array with more than one element"):
        bool(tf.constant([1, 2]))


def test_tensors_are_immutable():
    """Tensors never change: numpy() is a copy and the array view is read-only."""
    t = tf.constant([1.0, 2.0])
    a = t.numpy()
    a[0] = 100.0
    assert t.numpy()[0] == 1.0
    view = np.asarray(t)
    with pytest.raises(ValueError, match="read-only"):
        view[0] = 5.0
    assert t.numpy()[0] == 1.0


def test_tensors_are_unhashable_but_have_refs():
    """TF: == is elementwise, so tensors are unhashable; .ref() is the hashable handle."""
    t = tf.constant(1)
    with pytest.raises(TypeError, match="Tensor is unhashable. Instead, use tensor.ref\\(\\)"):
        hash(t)
    assert {t.ref(): 1}[t.ref()] == 1 and t.ref().deref() is t


def test_equality_is_elementwise_or_false_when_shapes_differ():
    """TF: t == u is elementwise; False if shapes cannot broadcast; t == None is False."""
    assert (tf.constant([1, 2]) == tf.constant([1, 3])).numpy().tolist() == [True, False]
    mismatch = tf.constant([1, 2]) == tf.constant([1, 2, 3])
    assert repr(mismatch) == "<tf.Tensor: shape=(), dtype=bool, numpy=False>"
    assert (tf.constant([1, 2]) == None) is False  # noqa: E711
    assert (tf.constant([1, 2]) != 1).numpy().tolist() == [False, True]


# -- indexing -----------------------------------------------------------------------------
X = np.arange(24).reshape(2, 3, 4).astype(np.int32)


@pytest.mark.parametrize("key", [
    0, -1, (1, 2), (slice(None), 1), (Ellipsis, -1), (0, slice(None, None, -1)),
    (slice(None), None, 1), None, (Ellipsis, None), (slice(1, None), slice(None, 2), 3),
    (slice(None, None, 2),), (slice(5, 10),), (slice(-10, 1),), (0, Ellipsis, slice(1, 3)),
], ids=repr)
def test_indexing_matches_numpy(key):
    """t[0], t[:, 1], t[..., -1], t[tf.newaxis] ... pick what NumPy picks."""
    t = tf.constant(X)
    out = t[key]
    assert isinstance(out, tf.Tensor) and out.dtype is tf.int32
    np.testing.assert_array_equal(out.numpy(), X[key])


def test_newaxis_and_scalar_tensor_indices():
    t = tf.constant(X)
    assert tf.newaxis is None
    assert t[tf.newaxis].shape == [1, 2, 3, 4]
    assert t[tf.constant(1)].numpy().tolist() == X[1].tolist()
    assert t[tf.constant(1, tf.int64), 2, 3].numpy() == X[1, 2, 3]


@pytest.mark.parametrize("key, message", [
    (2, r"slice index 2 of dimension 0 out of bounds. \[Op:StridedSlice\]"),
    ((0, 3), r"slice index 3 of dimension 1 out of bounds"),
    ((0, 0, 0), r"Index out of range using input dim 2; input has only 2 dims"),
])
def test_index_out_of_range_raises_invalid_argument(key, message):
    """TF: InvalidArgumentError naming the index and the dimension."""
    t = tf.constant([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        t[key]


def test_non_integer_indices_raise_type_error():
    """TF: floats are not indices; lists are not indices here (TF misreads them; use gather)."""
    t = tf.constant([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(TypeError, match="Only integers, slices"):
        t[1.0]
    with pytest.raises(TypeError, match="use tf.gather"):
        t[[0, 1]]
    with pytest.raises(TypeError, match="Only integers, slices"):
        t[tf.constant(1.0)]


def test_python_floats_convert_straight_to_float64():
    """TF: tf.constant(0.1, tf.float64) is the double 0.1, not float32's 0.1 widened."""
    assert tf.constant(0.1, tf.float64).numpy() == 0.1
    assert tf.constant([1 / 3], tf.float64).numpy()[0] == 1 / 3
