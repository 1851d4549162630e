"""Traced convolutions and max pools get their shapes from the geometry, without running the
kernels.

TF's rules for the shapes are checked in
tests/differential/test_against_tensorflow_image_tutorials.py (traced conv shapes).
"""
import numpy as np
import pytest

import course.engine as tf
from course.engine.ops import conv_ops


@pytest.mark.parametrize("padding, strides, dilations", [
    ("SAME", 2, 1), ("VALID", 1, 1), ("VALID", 2, 1), ("SAME", 1, 2), ("VALID", 1, 2)])
def test_traced_conv_shapes_equal_the_shapes_it_computes(padding, strides, dilations):
    x = tf.zeros([2, 9, 8, 3])
    w = tf.zeros([3, 2, 3, 4])
    fn = tf.function(lambda x, w: tf.nn.conv2d(x, w, strides, padding, dilations=dilations))
    traced = fn.get_concrete_function(tf.TensorSpec([None, 9, 8, 3]), w).outputs[0].shape
    eager = tf.nn.conv2d(x, w, strides, padding, dilations=dilations).shape
    assert traced.as_list() == [None] + eager.as_list()[1:]


def test_tracing_a_conv_and_its_gradients_runs_no_conv_kernel(monkeypatch):
    calls = []
    for op in (conv_ops.CONV2D, conv_ops.CONV2D_BACKPROP_INPUT, conv_ops.CONV2D_BACKPROP_FILTER,
               conv_ops.MAX_POOL, conv_ops.MAX_POOL_GRAD):
        forward = op.forward
        monkeypatch.setattr(op, "forward", lambda *a, _f=forward, **k: calls.append(1) or _f(*a, **k))
    w = tf.Variable(np.ones((3, 3, 2, 4), np.float32))

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.nn.max_pool2d(tf.nn.conv2d(x, w, 2, "SAME"), 2, 2, "VALID"))
        return tape.gradient(y, [x, w])

    step.get_concrete_function(tf.TensorSpec([256, 28, 28, 2]))
    assert calls == []


def test_channels_that_disagree_still_raise_the_kernels_error_while_tracing():
    fn = tf.function(lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"))
    with pytest.raises(ValueError, match="input depth must be evenly divisible by filter depth"):
        fn.get_concrete_function(tf.TensorSpec([1, 4, 4, 3]), tf.TensorSpec([2, 2, 5, 1]))


@pytest.mark.parametrize("padding, ksize, strides", [("VALID", 2, 2), ("SAME", 3, 2), ("VALID", 3, 1)])
def test_traced_max_pool_shapes_and_its_gradients_shape(padding, ksize, strides):
    x = tf.zeros([2, 9, 7, 3])

    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.max_pool2d(x, ksize, strides, padding)
            total = tf.reduce_sum(y * y)
        return y, tape.gradient(total, x)
    traced = tf.function(f).get_concrete_function(
        tf.TensorSpec([None, 9, None, 3])).structured_outputs
    eager = f(x)
    assert traced[0].shape.as_list() == [None, eager[0].shape[1], None, 3]
    assert traced[1].shape.as_list() == [None, 9, None, 3]
