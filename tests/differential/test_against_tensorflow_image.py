"""tf.image (pixel values, flips, rotations, crops) on this engine and on TF 2.21.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_image.py

Each case is a function of the module (`tf`); compare.py says what "agree" means.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()
R = np.random.default_rng(5)
_F = R.uniform(0, 1, (4, 5, 3)).astype(np.float32)          # one float image
_B = R.uniform(0, 1, (2, 3, 4, 3)).astype(np.float32)       # a batch
_U8 = R.integers(0, 256, (4, 5, 3)).astype(np.uint8)
_WIDE = np.array([[[-0.5, 0.0, 0.25], [0.5, 1.0, 1.5]]], np.float32)  # outside [0, 1] too


def _vars(tf):
    return tf.Variable(_F), tf.Variable(0.7)


# -- the autodiff guide's cell ------------------------------------------------------------------
@case("the autodiff guide: adjust_contrast has no registered gradient")
def _(tf):
    image = tf.Variable([[[0.5, 0.0, 0.0]]])
    delta = tf.Variable(0.1)
    with tf.GradientTape() as tape:
        new_image = tf.image.adjust_contrast(image, delta)
    return tape.gradient(new_image, [image, delta])


@case("adjust_contrast's missing gradient, asked for the factor only")
def _(tf):
    image, delta = _vars(tf)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.image.adjust_contrast(image, delta))
    return tape.gradient(y, delta)


# -- convert_image_dtype --------------------------------------------------------------------------
case("convert_image_dtype: integers to floats divide by max")(lambda tf: (
    tf.image.convert_image_dtype(tf.constant([0, 1, 128, 255], tf.uint8), tf.float32),
    tf.image.convert_image_dtype(tf.constant([-128, 0, 127], tf.int8), tf.float64),
    tf.image.convert_image_dtype(tf.constant([0, 1000, 32767], tf.int16), tf.float16),
    tf.image.convert_image_dtype(tf.constant([7, 2**31 - 1], tf.int32), tf.float32)))
case("convert_image_dtype: floats to integers scale by max + 0.5 and truncate")(lambda tf: (
    tf.image.convert_image_dtype(tf.constant([0.0, 0.5, 0.999, 1.0]), tf.uint8),
    tf.image.convert_image_dtype(tf.constant([0.0, 0.25, 1.0], tf.float64), tf.int16),
    tf.image.convert_image_dtype(tf.constant([0.1, 0.9]), tf.int8)))
case("convert_image_dtype: out of range floats wrap unless saturate")(lambda tf: (
    tf.image.convert_image_dtype(tf.constant([-0.5, 1.5, 2.0]), tf.uint8, saturate=True),
    tf.image.convert_image_dtype(tf.constant([-0.5, 1.5]), tf.int8, saturate=True),
    tf.image.convert_image_dtype(tf.constant([-0.5, 1.5]), tf.int16, saturate=True)))
case("convert_image_dtype: integers to integers")(lambda tf: (
    tf.image.convert_image_dtype(tf.constant([[[1], [2]], [[127], [127]]], tf.int8), tf.int16),
    tf.image.convert_image_dtype(tf.constant([1000, 2000, 32767], tf.int16), tf.uint8),
    tf.image.convert_image_dtype(tf.constant([0, 255], tf.uint8), tf.int32),
    tf.image.convert_image_dtype(tf.constant([-5, 100], tf.int16), tf.uint8, saturate=True),
    tf.image.convert_image_dtype(tf.constant([-5, 100], tf.int8), tf.uint8, saturate=True)))
case("convert_image_dtype: floats to floats only cast")(lambda tf: (
    tf.image.convert_image_dtype(tf.constant([1.5, -2.0]), tf.float64),
    tf.image.convert_image_dtype(tf.constant([0.1], tf.float64), tf.float16),
    tf.image.convert_image_dtype(tf.constant([0.5]), tf.float32)))
case("convert_image_dtype to bool")(
    lambda tf: tf.image.convert_image_dtype(tf.constant([0.5]), tf.bool))
case("convert_image_dtype of a bool image")(
    lambda tf: tf.image.convert_image_dtype(tf.constant([True]), tf.float32))


@case("convert_image_dtype's gradient: int to float has none, float to float is a cast")
def _(tf):
    x = tf.Variable([0.25, 0.5])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.image.convert_image_dtype(x, tf.float64) * 3.0)
    return tape.gradient(y, x)


# -- brightness, contrast, standardization ---------------------------------------------------------
case("adjust_brightness of float and uint8 images")(lambda tf: (
    tf.image.adjust_brightness(tf.constant(_F), 0.1),
    tf.image.adjust_brightness(tf.constant(_WIDE), -0.25),
    tf.image.adjust_brightness(tf.constant([[[250, 10, 0]]], tf.uint8), 0.1),
    tf.image.adjust_brightness(tf.constant([[[250, 10, 0]]], tf.uint8), -0.5),
    tf.image.adjust_brightness(tf.constant(_U8), 0.2),
    tf.image.adjust_brightness(tf.constant(_F, tf.float16), 0.1),
    tf.image.adjust_brightness(tf.constant(_F, tf.float64), 0.1)))
case("adjust_contrast of float, float64, uint8 images and batches")(lambda tf: (
    tf.image.adjust_contrast(tf.constant(_F), 2.0), tf.image.adjust_contrast(tf.constant(_F), 0.3),
    tf.image.adjust_contrast(tf.constant(_F, tf.float64), 1.5),
    tf.image.adjust_contrast(tf.constant(_U8), 1.7), tf.image.adjust_contrast(tf.constant(_B), 0.5),
    tf.image.adjust_contrast(tf.constant(_F), 2), tf.image.adjust_contrast(tf.constant(_F), -1.0)))
case("adjust_contrast of a rank-2 tensor")(
    lambda tf: tf.image.adjust_contrast(tf.constant([[1., 2.]]), 2.0))
case("adjust_contrast with a vector factor")(
    lambda tf: tf.image.adjust_contrast(tf.constant(_F), [2.0, 1.0]))


@case("adjust_brightness's gradient is the identity")
def _(tf):
    image = tf.Variable(_F)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.image.adjust_brightness(image, 0.1) * tf.constant(_F))
    return tape.gradient(y, image)


case("per_image_standardization")(lambda tf: (
    tf.image.per_image_standardization(tf.constant(_F)),
    tf.image.per_image_standardization(tf.constant(_B)),
    tf.image.per_image_standardization(tf.constant(_U8)),
    tf.image.per_image_standardization(tf.ones([2, 2, 1]))))


@case("per_image_standardization's gradient")
def _(tf):
    image = tf.Variable(_F)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.image.per_image_standardization(image) * tf.constant(_F))
    return tape.gradient(y, image)


# -- colour -------------------------------------------------------------------------------------
case("rgb_to_grayscale of float, uint8 and batched images")(lambda tf: (
    tf.image.rgb_to_grayscale(tf.constant(_F)), tf.image.rgb_to_grayscale(tf.constant(_U8)),
    tf.image.rgb_to_grayscale(tf.constant(_B)), tf.image.rgb_to_grayscale([[[1.0, 1.0, 1.0]]])))
case("grayscale_to_rgb")(lambda tf: (
    tf.image.grayscale_to_rgb(tf.constant(_F[..., :1])),
    tf.image.grayscale_to_rgb(tf.constant(_U8[..., :1])),
    tf.image.grayscale_to_rgb(tf.constant(_B[..., :1]))))
case("grayscale_to_rgb of three channels")(
    lambda tf: tf.image.grayscale_to_rgb(tf.constant(_F)))


@case("rgb_to_grayscale's gradient")
def _(tf):
    image = tf.Variable(_F)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.image.rgb_to_grayscale(image) * tf.constant(_F[..., :1]))
    return tape.gradient(y, image)


# -- flips, rotations, transposes -------------------------------------------------------------------
case("flip_left_right and flip_up_down of images and batches")(lambda tf: (
    tf.image.flip_left_right(tf.constant(_U8)), tf.image.flip_up_down(tf.constant(_U8)),
    tf.image.flip_left_right(tf.constant(_B)), tf.image.flip_up_down(tf.constant(_B))))
case("flip_left_right of a rank-2 tensor")(
    lambda tf: tf.image.flip_left_right(tf.constant([[1, 2]])))
case("flip_up_down of a rank-5 tensor")(lambda tf: tf.image.flip_up_down(tf.zeros([1, 1, 2, 2, 1])))
case("flip of an empty image")(lambda tf: tf.image.flip_left_right(tf.zeros([0, 2, 1])))
case("rot90 for k = -1 .. 5")(lambda tf: [
    tf.image.rot90(tf.constant(_U8), k) for k in range(-1, 6)])
case("rot90 of a batch")(lambda tf: (tf.image.rot90(tf.constant(_B)),
                                     tf.image.rot90(tf.constant(_B), 2),
                                     tf.image.rot90(tf.constant(_B), tf.constant(3))))
case("transpose of an image and a batch")(lambda tf: (
    tf.image.transpose(tf.constant(_U8)), tf.image.transpose(tf.constant(_B))))
case("tf.reverse")(lambda tf: (
    tf.reverse(tf.constant([[1, 2, 3], [4, 5, 6]]), [1]),
    tf.reverse(tf.constant([[1, 2, 3], [4, 5, 6]]), [0, -1]),
    tf.reverse(tf.constant(["a", "b"]), [0]), tf.reverse(tf.constant([1.5, 2.5]), [])))
case("tf.reverse of an axis out of range", compare_message=False)(
    lambda tf: tf.reverse(tf.constant([1, 2]), [1]))


@case("gradients through flips and rotations")
def _(tf):
    image = tf.Variable(_B)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.image.flip_left_right(image) * tf.constant(_B)) + \
            tf.reduce_sum(tf.image.rot90(image, 1)[:, :, :3] * 2.0) + \
            tf.reduce_sum(tf.image.flip_up_down(image) * tf.image.transpose(image)[:, :3, :3])
    return tape.gradient(y, image)


# -- crops and pads --------------------------------------------------------------------------------
case("central_crop of images and batches")(lambda tf: (
    tf.image.central_crop(tf.constant(_U8), 0.5), tf.image.central_crop(tf.constant(_U8), 0.3),
    tf.image.central_crop(tf.constant(_U8), 1.0), tf.image.central_crop(tf.constant(_B), 0.7),
    tf.image.central_crop(tf.constant(np.arange(100.).reshape(10, 10, 1)), 0.55)))
case("central_crop with fraction 0")(lambda tf: tf.image.central_crop(tf.constant(_U8), 0.0))
case("central_crop with fraction 1.5")(lambda tf: tf.image.central_crop(tf.constant(_U8), 1.5))
case("central_crop of a rank-2 tensor")(
    lambda tf: tf.image.central_crop(tf.constant([[1.0, 2.0]]), 0.5))
case("resize_with_crop_or_pad: crop, pad, both, odd differences")(lambda tf: (
    tf.image.resize_with_crop_or_pad(tf.constant(_U8), 2, 3),
    tf.image.resize_with_crop_or_pad(tf.constant(_U8), 7, 8),
    tf.image.resize_with_crop_or_pad(tf.constant(_U8), 3, 8),
    tf.image.resize_with_crop_or_pad(tf.constant(_U8), 4, 5),
    tf.image.resize_with_crop_or_pad(tf.constant(_B), 5, 1)))
case("resize_with_crop_or_pad to width 0")(
    lambda tf: tf.image.resize_with_crop_or_pad(tf.constant(_U8), 2, 0))


@case("gradients through crops and pads")
def _(tf):
    image = tf.Variable(_F)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.image.central_crop(image, 0.5) * 3.0) + tf.reduce_sum(
            tf.image.resize_with_crop_or_pad(image, 6, 3) * tf.range(18.0)[:, None][:6, :, None])
    return tape.gradient(y, image)


# -- resize (TF2: half-pixel centers, no antialiasing) ------------------------------------------------
case("resize bilinear up, down and to odd sizes")(lambda tf: [
    tf.image.resize(tf.constant(_F), size) for size in ([5, 7], [2, 3], [8, 10], [1, 1], [4, 5],
                                                        [3, 11], [9, 2])])
case("resize of a batch, of uint8 and float64 images")(lambda tf: (
    tf.image.resize(tf.constant(_B), [5, 2]), tf.image.resize(tf.constant(_U8), [6, 7]),
    tf.image.resize(tf.constant(_F, tf.float64), [3, 3]),
    tf.image.resize(tf.constant(_F, tf.float16), [3, 3])))
case("resize nearest keeps the dtype")(lambda tf: [
    tf.image.resize(tf.constant(_U8), size, method="nearest")
    for size in ([5, 7], [2, 3], [8, 10], [1, 1], [3, 11])] + [
    tf.image.resize(tf.constant(_B), [7, 5], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR),
    tf.image.resize(tf.constant(_F, tf.float64), [2, 9], method="nearest")])
case("resize with preserve_aspect_ratio")(lambda tf: (
    tf.image.resize(tf.constant(_F), [6, 6], preserve_aspect_ratio=True).shape,
    tf.image.resize(tf.constant(_F), [12, 7], preserve_aspect_ratio=True),
    tf.image.resize(tf.constant(_B), [9, 9], preserve_aspect_ratio=True, method="nearest")))
case("resize with a size tensor")(lambda tf: tf.image.resize(tf.constant(_F), tf.constant([3, 2])))
case("ResizeMethod's names")(lambda tf: (
    tf.image.ResizeMethod.BILINEAR, tf.image.ResizeMethod.NEAREST_NEIGHBOR))
case("resize to height 0")(lambda tf: tf.image.resize(tf.constant(_F), [0, 3]))
case("resize with 3 sizes")(lambda tf: tf.image.resize(tf.constant(_F), [1, 2, 3]))
case("resize with float sizes")(lambda tf: tf.image.resize(tf.constant(_F), [2.0, 2.0]))
case("resize of a rank-2 tensor")(lambda tf: tf.image.resize(tf.constant([[1.0]]), [2, 2]))
case("resize with an unknown method")(lambda tf: tf.image.resize(tf.constant(_F), [2, 2], method="x"))


_W1 = R.uniform(-1, 1, (2, 5, 7, 3)).astype(np.float32)  # upstream weights (drawn once)
_W2 = R.uniform(-1, 1, (2, 2, 9, 3)).astype(np.float32)


@case("gradients of resize, bilinear and nearest")
def _(tf):
    image = tf.Variable(_B)
    w1, w2 = tf.constant(_W1), tf.constant(_W2)
    with tf.GradientTape(persistent=True) as tape:
        up = tf.reduce_sum(tf.image.resize(image, [5, 7]) * w1)
        down = tf.reduce_sum(tf.image.resize(image, [2, 9], method="nearest") * w2)
    return tape.gradient(up, image), tape.gradient(down, image)


@case("resize's gradient for a uint8 image is None")
def _(tf):
    image = tf.constant(_U8)
    with tf.GradientTape() as tape:
        tape.watch(image)
        y = tf.reduce_sum(tf.image.resize(image, [5, 7]))
    return tape.gradient(y, image)


# -- random flips: TF's draws for the same seeds ---------------------------------------------------
@case("random flips with a global and an op seed")
def _(tf):
    tf.random.set_seed(1234)
    image, batch = tf.constant(_U8), tf.constant(_B)
    return ([tf.image.random_flip_left_right(image, seed=7) for _ in range(6)] +
            [tf.image.random_flip_up_down(batch, seed=3) for _ in range(3)] +
            [tf.image.random_flip_left_right(batch) for _ in range(3)])


case("stateless random flips: the same seed, the same flips")(lambda tf: [
    f(tf.constant(x), seed=s) for f in (tf.image.stateless_random_flip_left_right,
                                        tf.image.stateless_random_flip_up_down)
    for x in (_U8, _B) for s in ([1, 2], [3, 4], [5, 6], (7, 8))])


@case("random flips inside tf.function")
def _(tf):
    tf.random.set_seed(99)
    f = tf.function(lambda x: (tf.image.random_flip_left_right(x, seed=1),
                               tf.image.stateless_random_flip_up_down(x, seed=[4, 2])))
    return [f(tf.constant(_B)) for _ in range(3)] + [f(tf.constant(_U8))]


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
