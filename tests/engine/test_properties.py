"""Property tests (Hypothesis): random shapes and dtypes against NumPy.

PROPERTY_SETTINGS (helpers.py) is derandomized with 50 examples, so every run
checks the same cases.
"""
from __future__ import annotations

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course.engine as tf

from .helpers import PROPERTY_SETTINGS

NUMERIC = [np.float16, np.float32, np.float64, np.int8, np.int16, np.int32, np.int64, np.uint8]


def arrays(dtype, shape):
    if np.dtype(dtype).kind == "f":
        elements = st.floats(-100, 100, width=np.dtype(dtype).itemsize * 8, allow_nan=False)
    elif np.dtype(dtype).kind == "u":
        elements = st.integers(0, 15)
    else:
        elements = st.integers(-15, 15)
    return hnp.arrays(dtype, shape, elements=elements)


@st.composite
def broadcastable_pair(draw):
    dtype = draw(st.sampled_from(NUMERIC))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=4, max_side=4))
    a, b = shapes.input_shapes
    return dtype, draw(arrays(dtype, a)), draw(arrays(dtype, b))


BINARY = [(tf.add, np.add), (tf.subtract, np.subtract), (tf.multiply, np.multiply),
          (tf.maximum, np.maximum), (tf.minimum, np.minimum), (tf.equal, np.equal),
          (tf.less, np.less), (tf.greater_equal, np.greater_equal)]


@PROPERTY_SETTINGS
@given(broadcastable_pair(), st.sampled_from(BINARY))
def test_elementwise_binary_ops_broadcast_like_numpy(pair, ops):
    """Same dtype in, same dtype out (bool for comparisons), NumPy's broadcasting and values."""
    dtype, a, b = pair
    f, ref = ops
    with np.errstate(all="ignore"):
        expected = ref(a, b)
    if expected.dtype != np.bool_:
        expected = expected.astype(dtype)
    out = f(tf.constant(a), tf.constant(b))
    assert out.dtype is tf.as_dtype(expected.dtype)
    assert out.shape == expected.shape
    np.testing.assert_array_equal(out.numpy(), expected)


@PROPERTY_SETTINGS
@given(broadcastable_pair())
def test_floordiv_and_floormod_match_numpy(pair):
    """Python's sign rules in every dtype, as NumPy's floor_divide and mod (y != 0)."""
    dtype, a, b = pair
    assume(np.all(b != 0))
    q = (tf.constant(a) // tf.constant(b)).numpy()
    r = (tf.constant(a) % tf.constant(b)).numpy()
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(q, np.floor_divide(a, b))
        np.testing.assert_array_equal(r, np.mod(a, b))


@st.composite
def array_and_axes(draw):
    dtype = draw(st.sampled_from([np.float32, np.float64, np.int32, np.int64]))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=4))
    x = draw(arrays(dtype, shape))
    rank = len(shape)
    if rank == 0 or draw(st.booleans()):
        axis = None
    else:
        axis = draw(st.lists(st.integers(-rank, rank - 1), min_size=1, max_size=rank,
                             unique_by=lambda a: a % rank))
    return x, axis, draw(st.booleans())


REDUCTIONS = [(tf.reduce_sum, np.sum), (tf.reduce_max, np.max), (tf.reduce_min, np.min),
              (tf.reduce_prod, np.prod), (tf.reduce_mean, np.mean)]


@PROPERTY_SETTINGS
@given(array_and_axes(), st.sampled_from(REDUCTIONS))
def test_reductions_match_numpy_for_random_axes(case, ops):
    """Any axes (negative too) and keepdims; the dtype is kept (TF's integer mean truncates)."""
    x, axis, keepdims = case
    f, ref = ops
    np_axis = None if axis is None else tuple(axis)
    out = f(tf.constant(x), axis=axis, keepdims=keepdims)
    if ref is np.mean and x.dtype.kind == "i":
        total = np.sum(x, axis=np_axis, keepdims=keepdims, dtype=np.int64)
        count = x.size // max(np.asarray(total).size, 1)
        expected = (np.sign(total) * (np.abs(total) // count)).astype(x.dtype)
    else:
        expected = ref(x, axis=np_axis, keepdims=keepdims, dtype=x.dtype) if ref in (np.sum, np.prod, np.mean) \
            else ref(x, axis=np_axis, keepdims=keepdims)
    assert out.dtype is tf.as_dtype(x.dtype) and out.shape == np.shape(expected)
    if x.dtype.kind == "f":
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-5)
    else:
        np.testing.assert_array_equal(out.numpy(), expected)


@st.composite
def array_and_perm(draw):
    dtype = draw(st.sampled_from(NUMERIC + [np.bool_]))
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=5, min_side=1, max_side=4))
    x = draw(hnp.arrays(dtype, shape))
    perm = draw(st.permutations(range(len(shape))))
    return x, perm


@PROPERTY_SETTINGS
@given(array_and_perm())
def test_transpose_round_trip_and_numpy(case):
    """transpose(x, perm) is NumPy's; the inverse permutation gives x back."""
    x, perm = case
    t = tf.transpose(tf.constant(x), perm)
    np.testing.assert_array_equal(t.numpy(), np.transpose(x, perm))
    back = tf.transpose(t, list(np.argsort(perm)))
    np.testing.assert_array_equal(back.numpy(), x)
    assert back.dtype is tf.as_dtype(x.dtype)


@st.composite
def array_and_new_shape(draw):
    dtype = draw(st.sampled_from(NUMERIC))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=4))
    x = draw(arrays(dtype, shape))
    # a new shape with the same number of elements: split x.size into factors
    size, dims = x.size, []
    while size > 1 and len(dims) < 4:
        d = draw(st.sampled_from([k for k in range(1, size + 1) if size % k == 0]))
        dims.append(d)
        size //= d
    dims.append(size)
    if draw(st.booleans()):
        dims[draw(st.integers(0, len(dims) - 1))] = -1
    return x, dims


@PROPERTY_SETTINGS
@given(array_and_new_shape())
def test_reshape_round_trip_and_numpy(case):
    """reshape (with at most one -1) is NumPy's; reshaping back restores x exactly."""
    x, dims = case
    t = tf.reshape(tf.constant(x), dims)
    np.testing.assert_array_equal(t.numpy(), x.reshape(dims))
    np.testing.assert_array_equal(tf.reshape(t, x.shape).numpy(), x)


@PROPERTY_SETTINGS
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
def test_gradient_of_a_broadcast_op_has_each_input_shape(shapes):
    """After broadcasting, each gradient is summed back to its input's shape."""
    a_shape, b_shape = shapes.input_shapes
    a = tf.constant(np.full(a_shape, 2.0))
    b = tf.constant(np.full(b_shape, 3.0))
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        y = a * b
    ga, gb = tape.gradient(y, [a, b])
    out_size = int(np.prod(shapes.result_shape))
    assert ga.shape == a_shape and gb.shape == b_shape
    np.testing.assert_allclose(ga.numpy(), 3.0 * out_size / max(int(np.prod(a_shape)), 1))
    np.testing.assert_allclose(gb.numpy(), 2.0 * out_size / max(int(np.prod(b_shape)), 1))
