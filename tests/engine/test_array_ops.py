"""Shape, reduction and selection ops: values against NumPy, errors as TF raises them."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

from .test_math_ops import assert_same

RNG = np.random.default_rng(11)
X = RNG.uniform(-3, 3, size=(2, 3, 4)).astype(np.float32)
IX = RNG.integers(-5, 6, size=(2, 3, 4)).astype(np.int32)
IAE = tf.errors.InvalidArgumentError


# -- cast -----------------------------------------------------------------------------------
def test_cast_truncates_wraps_and_maps_to_bool():
    """TF: float -> int truncates toward zero; ints wrap; nonzero -> True; bool -> 0/1."""
    assert_same(tf.cast(tf.constant([1.7, -1.7, 2.5]), tf.int32), np.array([1, -1, 2], np.int32))
    assert_same(tf.cast(tf.constant([300]), tf.uint8), np.array([44], np.uint8))
    assert_same(tf.cast(tf.constant([1, 0, 2]), tf.bool), np.array([True, False, True]))
    assert_same(tf.cast(tf.constant([True, False]), tf.float32), np.array([1.0, 0.0], np.float32))
    assert_same(tf.cast([1, 2], tf.float64), np.array([1.0, 2.0]))
    assert_same(tf.dtypes.cast(tf.constant(1.5), "float16"), np.float16(1.5))
    t = tf.constant([1.0])
    assert tf.cast(t, tf.float32) is t  # a no-op returns the tensor itself, as TF


# -- reshape / transpose / squeeze / expand_dims ---------------------------------------------
@pytest.mark.parametrize("shape", [[4, 6], [-1], [2, -1, 3], [24, 1], [1, 2, 1, 12]])
def test_reshape_matches_numpy_including_minus_one(shape):
    assert_same(tf.reshape(X, shape), X.reshape(shape))


def test_reshape_scalar_and_shape_tensors():
    assert_same(tf.reshape(tf.constant([5]), []), np.int32(5))
    assert_same(tf.reshape(X, tf.constant([6, 4])), X.reshape(6, 4))
    assert_same(tf.reshape(X, tf.TensorShape([4, 6])), X.reshape(4, 6))


@pytest.mark.parametrize("shape, message", [
    ([4, 2], r"Input to reshape is a tensor with 6 values, but the requested shape has 8 "
             r"\[Op:Reshape\]"),
    ([4, -1], r"Input to reshape is a tensor with 6 values, but the requested shape requires a "
              r"multiple of 4 \[Op:Reshape\]"),
    ([-1, -1], r"Only one input size may be -1, not both 0 and 1 \[Op:Reshape\]"),
    ([0, -1], r"Input to reshape is a tensor with 6 values, but the requested shape has 0"),
])
def test_bad_reshape_raises_tf_message(shape, message):
    with pytest.raises(IAE, match=message):
        tf.reshape(tf.range(6), shape)


def test_bad_reshape_error_gives_the_input_shape_as_a_hint():
    with pytest.raises(IAE, match=r"the input has shape \[6\]"):
        tf.reshape(tf.range(6), [4, 2])


@pytest.mark.parametrize("perm", [None, [0, 1, 2], [2, 0, 1], [1, 2, 0], [-1, 0, 1]])
def test_transpose_matches_numpy(perm):
    """TF: default reverses the axes; a negative perm entry counts from the end."""
    expected = X.transpose(None if perm is None else [p % 3 for p in perm])
    assert_same(tf.transpose(X, perm), expected)


@pytest.mark.parametrize("perm, message", [
    ([0], r"transpose expects a vector of size 2. But input\(1\) is a vector of size 1"),
    ([0, 2], r"2 is out of range \[0 .. 2\) \[Op:Transpose\]"),
    ([0, 0], r"1 is missing from \{0,0\}. \[Op:Transpose\]"),
    ([-3, 0], r"-1 is out of range \[0 .. 2\)"),
])
def test_bad_transpose_perm_raises_tf_message(perm, message):
    with pytest.raises(IAE, match=message):
        tf.transpose(tf.ones([2, 3]), perm=perm)


def test_squeeze_and_expand_dims_match_numpy():
    x = np.ones((1, 2, 1), np.float32)
    assert tf.squeeze(x).shape == [2]
    assert tf.squeeze(x, axis=0).shape == [2, 1]
    assert tf.squeeze(x, axis=[-1]).shape == [1, 2]
    assert tf.expand_dims(tf.ones([2, 3]), -1).shape == [2, 3, 1]
    assert tf.expand_dims(tf.ones([2, 3]), 0).shape == [1, 2, 3]
    assert tf.expand_dims(tf.ones([2, 3]), -3).shape == [1, 2, 3]
    assert tf.expand_dims(tf.constant(1), 0).shape == [1]


def test_squeeze_and_expand_dims_errors():
    with pytest.raises(IAE, match=r"Can not squeeze dim\[1\], expected a dimension of 1, got 2"):
        tf.squeeze(tf.ones([1, 2, 1]), axis=1)
    with pytest.raises(IAE, match=r"Tried to squeeze dim index 3 for tensor with 3 dimensions"):
        tf.squeeze(tf.ones([1, 2, 1]), axis=3)
    with pytest.raises(IAE, match=r"Tried to expand dim index 3 for tensor with 2 dimensions"):
        tf.expand_dims(tf.ones([2, 3]), 3)
    with pytest.raises(IAE, match=r"Tried to expand dim index -4 for tensor with 2 dimensions"):
        tf.expand_dims(tf.ones([2, 3]), -4)


# -- concat / stack / unstack / tile / broadcast_to -------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3])
def test_concat_and_stack_match_numpy(axis):
    parts = [X, X * 2, X + 1]
    assert_same(tf.concat(parts, axis), np.concatenate(parts, axis))
    assert_same(tf.stack(parts, axis), np.stack(parts, axis))
    assert [u.numpy().tolist() for u in tf.unstack(tf.constant(X), axis=axis % 3)] == \
        [np.take(X, i, axis=axis % 3).tolist() for i in range(X.shape[axis % 3])]


def test_stack_of_python_numbers_and_tensors():
    assert_same(tf.stack([1, 2]), np.array([1, 2], np.int32))
    assert_same(tf.stack([tf.constant(1.5), 2.0]), np.array([1.5, 2.0], np.float32))
    with pytest.raises(TypeError, match="Cannot convert 2.5 to EagerTensor of dtype int32"):
        tf.stack([tf.constant(1), 2.5])


def test_concat_and_stack_errors():
    with pytest.raises(IAE, match=r"ConcatOp : Dimension 1 in both shapes must be equal: shape\[0\] "
                                  r"= \[2,3\] vs. shape\[1\] = \[2,2\] \[Op:ConcatV2\]"):
        tf.concat([tf.ones([2, 3]), tf.zeros([2, 2])], 0)
    with pytest.raises(IAE, match=r"ConcatOp : Ranks of all input tensors should match: shape\[0\] "
                                  r"= \[2,3\] vs. shape\[1\] = \[3\]"):
        tf.concat([tf.ones([2, 3]), tf.zeros([3])], 0)
    with pytest.raises(IAE, match=r"Expected concatenating dimensions in the range \[-2, 2\), but "
                                  r"got 2"):
        tf.concat([tf.ones([2, 3]), tf.zeros([2, 3])], 2)
    with pytest.raises(IAE, match=r"cannot compute ConcatV2 as input #1\(zero-based\) was expected "
                                  r"to be a float tensor but is a int32 tensor"):
        tf.concat([tf.ones([2, 3]), tf.zeros([2, 3], tf.int32)], 0)
    with pytest.raises(IAE, match=r"Shapes of all inputs must match: values\[0\].shape = \[2\] != "
                                  r"values\[1\].shape = \[3\] \[Op:Pack\]"):
        tf.stack([tf.ones([2]), tf.zeros([3])])
    with pytest.raises(ValueError, match=r"Argument `axis` = 3 not in range \[-2, 2\)"):
        tf.stack([tf.ones([2]), tf.zeros([2])], 3)


def test_tile_and_broadcast_to_match_numpy():
    assert_same(tf.tile(tf.constant([[1, 2]]), [2, 3]), np.tile(np.array([[1, 2]], np.int32), [2, 3]))
    assert_same(tf.broadcast_to(tf.constant([1, 2]), [3, 2]), np.broadcast_to(np.int32([1, 2]), (3, 2)))
    assert_same(tf.broadcast_to(tf.constant(1.0), [2]), np.float32([1.0, 1.0]))
    with pytest.raises(IAE, match=r"Expected multiples argument to be a vector of length 2 but got "
                                  r"length 1 \[Op:Tile\]"):
        tf.tile(tf.constant([[1, 2]]), [2])
    with pytest.raises(IAE, match=r"Incompatible shapes: \[2\] vs. \[3,3\] \[Op:BroadcastTo\]"):
        tf.broadcast_to(tf.constant([1, 2]), [3, 3])
    with pytest.raises(IAE, match=r"Rank of input \(2\) must be no greater than rank of output "
                                  r"shape \(1\)"):
        tf.broadcast_to(tf.ones([2, 1]), [2])


def test_shape_size_rank_identity():
    assert_same(tf.shape(tf.ones([2, 3])), np.array([2, 3], np.int32))
    assert_same(tf.size(tf.ones([2, 3])), np.int32(6))
    assert_same(tf.rank(tf.ones([2, 3])), np.int32(2))
    assert_same(tf.identity(tf.constant([1])), np.array([1], np.int32))


# -- reductions -------------------------------------------------------------------------------
REDUCTIONS = [
    (tf.reduce_sum, np.sum), (tf.reduce_mean, np.mean), (tf.reduce_max, np.max),
    (tf.reduce_min, np.min), (tf.reduce_prod, np.prod),
    (tf.math.reduce_std, np.std), (tf.math.reduce_variance, np.var),
]


@pytest.mark.parametrize("f, ref", REDUCTIONS, ids=lambda f: getattr(f, "__name__", ""))
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), [1, -1]], ids=repr)
@pytest.mark.parametrize("keepdims", [False, True])
def test_float_reductions_match_numpy(f, ref, axis, keepdims):
    axis_np = tuple(axis) if isinstance(axis, list) else axis
    assert_same(f(X, axis=axis, keepdims=keepdims),
                ref(X, axis=axis_np, keepdims=keepdims).astype(np.float32), rtol=1e-5)


def test_integer_reductions_keep_the_dtype():
    """TF: reduce_sum of int32 is int32 (NumPy would widen); reduce_mean truncates toward zero."""
    assert_same(tf.reduce_sum(IX, axis=1), IX.sum(axis=1).astype(np.int32))
    assert_same(tf.reduce_sum(tf.constant([200, 100], tf.uint8)), np.uint8(44))
    assert_same(tf.reduce_mean(tf.constant([1, 2])), np.int32(1))
    assert_same(tf.reduce_mean(tf.constant([-3, 2])), np.int32(0))
    assert_same(tf.reduce_mean(tf.constant([-1, -2])), np.int32(-1))
    assert_same(tf.reduce_max(IX, 0), IX.max(0))
    assert_same(tf.reduce_prod(tf.constant([[1, 2], [3, 4]]), 1), np.int32([2, 12]))


def test_reductions_of_empty_tensors_give_the_identity():
    """TF: sum of nothing is 0, prod 1, max -inf, min +inf (lowest/highest for ints), mean nan."""
    assert_same(tf.reduce_sum(tf.zeros([0, 2]), 0), np.float32([0, 0]))
    assert_same(tf.reduce_prod(tf.zeros([0])), np.float32(1))
    assert_same(tf.reduce_max(tf.zeros([0, 2]), 0), np.float32([-np.inf, -np.inf]))
    assert_same(tf.reduce_max(tf.zeros([0, 2])), np.float32(-np.inf))
    assert_same(tf.reduce_min(tf.zeros([0], tf.uint8)), np.uint8(255))
    assert_same(tf.reduce_max(tf.zeros([0], tf.int32)), np.int32(-2**31))
    assert np.isnan(tf.reduce_mean(tf.zeros([0])).numpy())


def test_reduce_any_all_and_logsumexp():
    b = np.array([[True, False], [True, True]])
    assert_same(tf.reduce_any(b, 1), b.any(1))
    assert_same(tf.reduce_all(b, 0, keepdims=True), b.all(0, keepdims=True))
    big = tf.constant([[1000.0, 1000.0], [0.0, 0.0]])
    assert_same(tf.reduce_logsumexp(big, axis=1), np.float32([1000 + np.log(2), np.log(2)]))
    assert_same(tf.reduce_logsumexp(tf.constant([1.0, 2.0]), keepdims=True),
                np.float32([np.log(np.e + np.e ** 2)]))
    assert_same(tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf])), np.float32(-np.inf))


def test_reduction_errors():
    with pytest.raises(IAE, match=r"Invalid reduction dimension \(2 for input with 2 dimension\(s\)"
                                  r" \[Op:Sum\]"):
        tf.reduce_sum(tf.constant([[1, 2]]), 2)
    with pytest.raises(IAE, match=r"Invalid reduction dimension \(-3 for input with 2"):
        tf.reduce_mean(tf.constant([[1.0, 2.0]]), -3)
    with pytest.raises(IAE, match=r"Axes contains duplicate dimension: 0"):
        tf.reduce_sum(tf.constant([1, 2]), axis=[0, 0])
    with pytest.raises(IAE, match=r"Value for attr 'T' of bool .*\[Op:Sum\]"):
        tf.reduce_sum(tf.constant([True, True]))
    with pytest.raises(TypeError, match="Input must be either real or complex"):
        tf.math.reduce_std(tf.constant([1, 2]))


def test_argmax_argmin():
    """TF: axis defaults to 0 (not all), output int64 unless output_type; first index on ties."""
    m = tf.constant([[1, 5], [3, 2]])
    assert_same(tf.argmax(m), np.int64([1, 0]))
    assert_same(tf.argmax(m, 1), np.int64([1, 0]))
    assert_same(tf.argmin(m, axis=-1, output_type=tf.int32), np.int32([0, 1]))
    assert_same(tf.argmax(tf.constant([2, 2, 1])), np.int64(0))
    assert_same(tf.math.argmax(X, 2), X.argmax(2).astype(np.int64))
    with pytest.raises(IAE, match=r"Expected dimension in the range \[-2, 2\), but got 2 "
                                  r"\[Op:ArgMax\]"):
        tf.argmax(m, 2)
    with pytest.raises(IAE, match=r"Expected dimension in the range \[0, 0\), but got 0"):
        tf.argmax(tf.constant(3))


# -- selection ----------------------------------------------------------------------------------
def test_one_hot():
    """TF: float32 by default; out-of-range indices give all-off rows; on/off pick the dtype."""
    assert_same(tf.one_hot([0, 2, -1, 5], 3), np.float32([[1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0]]))
    assert_same(tf.one_hot([1], 2, on_value=5, off_value=-1), np.int32([[-1, 5]]))
    assert tf.one_hot([[0, 1]], 2, axis=0).shape == [2, 1, 2]
    assert_same(tf.one_hot([1], 3, dtype=tf.int32), np.int32([[0, 1, 0]]))
    assert_same(tf.one_hot(tf.constant([1], tf.int64), 2), np.float32([[0, 1]]))
    with pytest.raises(TypeError, match="dtype <dtype: 'float32'> of on_value does not match "
                                        "dtype <dtype: 'int32'> of off_value"):
        tf.one_hot([1], 3, on_value=1.5, off_value=0)
    with pytest.raises(TypeError, match="of on_value does not match dtype parameter"):
        tf.one_hot([1], 3, dtype=tf.int32, on_value=1.5)
    with pytest.raises(IAE, match="of float is not in the list of allowed values"):
        tf.one_hot([1.0], 3)


def test_where_select_and_coordinates():
    """TF: where(c, x, y) broadcasts all three; where(c) gives int64 coordinates."""
    assert_same(tf.where(tf.constant([True, False]), tf.constant([1, 2]), tf.constant([3, 4])),
                np.int32([1, 4]))
    assert_same(tf.where(tf.constant([[True], [False]]), 1.0, tf.zeros([2, 3])),
                np.float32([[1, 1, 1], [0, 0, 0]]))
    assert_same(tf.where(tf.constant([[True, False], [False, True]])), np.int64([[0, 0], [1, 1]]))
    assert_same(tf.where(tf.constant([1, 0])), np.int64([[0]]))


def test_where_errors():
    with pytest.raises(IAE, match=r"cannot compute SelectV2 as input #0\(zero-based\) was expected "
                                  r"to be a bool tensor but is a int32 tensor"):
        tf.where(tf.constant([1, 0]), 1, 2)
    with pytest.raises(IAE, match=r"input #2\(zero-based\) was expected to be a int32 tensor but "
                                  r"is a float tensor"):
        tf.where(tf.constant([True, False]), tf.constant([1, 2]), tf.constant([3.0, 4.0]))
    with pytest.raises(IAE, match=r"condition \[2\], then \[3\], and else \[3\] must be "
                                  r"broadcastable"):
        tf.where(tf.constant([True, False]), tf.ones([3]), tf.zeros([3]))
    with pytest.raises(ValueError, match="x and y must both be non-None or both be None"):
        tf.where(tf.constant([True, False]), 1)


def test_clip_by_value():
    assert_same(tf.clip_by_value(tf.constant([1, 5, 3]), 2, 4), np.int32([2, 4, 3]))
    assert_same(tf.clip_by_value(tf.constant([1.0, 5.0]), 2.0, tf.constant([3.0, 4.0])),
                np.float32([2.0, 4.0]))
    assert_same(tf.clip_by_value(X, -1.0, 1.0), np.clip(X, -1, 1))
    with pytest.raises(IAE, match=r"cannot compute Maximum as input #1\(zero-based\) was expected "
                                  r"to be a int32 tensor but is a float tensor"):
        tf.clip_by_value(tf.constant([1, 5]), tf.constant(2.0), 4)
    with pytest.raises(TypeError, match="Cannot convert 2.5 to EagerTensor of dtype int32"):
        tf.clip_by_value(tf.constant([1, 5]), 2.5, 4)


def test_gather():
    p = np.arange(12).reshape(3, 4).astype(np.float32)
    assert_same(tf.gather(p, [2, 0, 2]), p[[2, 0, 2]])
    assert_same(tf.gather(p, [[1, 0], [3, 3]], axis=1), np.take(p, [[1, 0], [3, 3]], axis=1))
    assert_same(tf.gather(p, tf.constant([1], tf.int64), axis=-1), p[:, [1]])
    assert_same(tf.gather(p, tf.constant([1], tf.int16)), p[[1]])
    with pytest.raises(IAE, match=r"indices\[0\] = 3 is not in \[0, 3\) \[Op:GatherV2\]"):
        tf.gather(tf.constant([10, 20, 30]), [3])
    with pytest.raises(IAE, match=r"indices\[1\] = -1 is not in \[0, 3\)"):
        tf.gather(tf.constant([10, 20, 30]), [0, -1])
    with pytest.raises(IAE, match=r"Shape must be at least rank 3 but is rank 2"):
        tf.gather(tf.constant([[1, 2], [3, 4]]), [0], axis=2)
    # TF: the indices' dtype is the kernel's attr Tindices (int16, int32, int64), so a float or
    # unsigned one is the op's InvalidArgumentError, not a Python TypeError
    with pytest.raises(IAE, match="attr 'Tindices' of float is not in the list of allowed values: "
                                  "int16, int32, int64"):
        tf.gather(tf.constant([10, 20, 30]), [1.0])
    with pytest.raises(IAE, match="attr 'Tindices' of uint32 is not in the list"):
        tf.gather(tf.constant([10, 20, 30]), tf.constant([1], tf.uint32))


def test_unsorted_segment_sum():
    assert_same(tf.math.unsorted_segment_sum(tf.constant([1, 2, 3]), [0, 1, 0], 2), np.int32([4, 2]))
    with pytest.raises(IAE, match=r"segment_ids\[1\] = 3 is out of range \[0, 2\)"):
        tf.math.unsorted_segment_sum(tf.constant([1, 2, 3]), [0, 3, 0], 2)


def test_creation_errors():
    """TF: negative sizes and a zero range step are InvalidArgumentErrors."""
    with pytest.raises(IAE, match=r"Dimension -1 must be >= 0 \[Op:Fill\]"):
        tf.zeros([-1, 2])
    with pytest.raises(IAE, match=r"Requires delta != 0: 0 \[Op:Range\]"):
        tf.range(0, 5, 0)
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype string"):
        tf.ones([2], dtype=tf.string)
