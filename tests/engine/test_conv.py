"""conv2d and max_pool2d against plain loops over the output pixels (TF's padding rules)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import course.engine as tf

R = np.random.default_rng(9)


def pads(size, k, stride, dilation, padding):
    span = (k - 1) * dilation + 1
    if padding == "VALID":
        return math.ceil((size - span + 1) / stride), 0
    out = math.ceil(size / stride)
    return out, max((out - 1) * stride + span - size, 0) // 2


def naive_conv(x, w, stride, padding, dilation):
    (oh, top), (ow, left) = (pads(x.shape[1 + d], w.shape[d], stride[d], dilation[d], padding)
                             for d in (0, 1))
    out = np.zeros((x.shape[0], oh, ow, w.shape[3]))
    for i in range(oh):
        for j in range(ow):
            for di in range(w.shape[0]):
                for dj in range(w.shape[1]):
                    r, c = i * stride[0] + di * dilation[0] - top, j * stride[1] + dj * dilation[1] - left
                    if 0 <= r < x.shape[1] and 0 <= c < x.shape[2]:
                        out[:, i, j, :] += x[:, r, c, :] @ w[di, dj]
    return out


@pytest.mark.parametrize("stride, padding, dilation", [
    ((1, 1), "VALID", (1, 1)), ((1, 1), "SAME", (1, 1)), ((2, 2), "SAME", (1, 1)),
    ((2, 1), "VALID", (1, 1)), ((1, 1), "SAME", (2, 2)), ((3, 2), "SAME", (1, 2))])
def test_conv2d_matches_a_loop(stride, padding, dilation):
    x, w = R.normal(size=(2, 7, 6, 3)), R.normal(size=(3, 2, 3, 4))
    got = tf.nn.conv2d(x, w, strides=stride, padding=padding, dilations=dilation).numpy()
    np.testing.assert_allclose(got, naive_conv(x, w, stride, padding, dilation), atol=1e-12)


@pytest.mark.parametrize("ksize, stride, padding", [((2, 2), (2, 2), "VALID"), ((3, 3), (1, 1), "SAME"),
                                                    ((2, 3), (1, 2), "SAME")])
def test_max_pool2d_matches_a_loop(ksize, stride, padding):
    x = R.normal(size=(2, 5, 6, 3))
    (oh, top), (ow, left) = (pads(x.shape[1 + d], ksize[d], stride[d], 1, padding) for d in (0, 1))
    want = np.full((2, oh, ow, 3), -np.inf)
    for i in range(oh):
        for j in range(ow):
            for di in range(ksize[0]):
                for dj in range(ksize[1]):
                    r, c = i * stride[0] + di - top, j * stride[1] + dj - left
                    if 0 <= r < 5 and 0 <= c < 6:
                        want[:, i, j] = np.maximum(want[:, i, j], x[:, r, c])
    np.testing.assert_array_equal(tf.nn.max_pool2d(x, ksize, stride, padding).numpy(), want)


def test_max_pool_gradient_goes_to_the_first_maximum_of_a_window():
    """TF: one position per window gets the gradient, even on ties."""
    x = tf.constant(np.ones((1, 2, 2, 1)))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.max_pool2d(x, 2, 2, "VALID")
    np.testing.assert_array_equal(tape.gradient(y, x).numpy()[0, :, :, 0], [[1.0, 0.0], [0.0, 0.0]])


def test_conv2d_errors_name_the_problem():
    with pytest.raises(tf.errors.InvalidArgumentError, match="input depth must be evenly divisible"):
        tf.nn.conv2d(tf.ones([1, 4, 4, 2]), tf.ones([3, 3, 3, 1]), 1, "VALID")
    with pytest.raises(NotImplementedError, match="NHWC"):
        tf.nn.conv2d(tf.ones([1, 4, 4, 2]), tf.ones([3, 3, 2, 1]), 1, "VALID", data_format="NCHW")
