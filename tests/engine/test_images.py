"""tf.image: TF's documented rules, checked on small cases (the differential module compares
the rest with TF 2.21), and numeric gradient checks of the compositions."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

from .helpers import check_gradients

R = np.random.default_rng(23)


def test_adjust_contrast_has_no_registered_gradient():
    """TF registers no gradient for AdjustContrastv2: the tape raises LookupError (autodiff guide)."""
    image, delta = tf.Variable([[[0.5, 0.0, 0.0]]]), tf.Variable(0.1)
    with tf.GradientTape() as tape:
        new_image = tf.image.adjust_contrast(image, delta)
    with pytest.raises(LookupError, match="gradient registry has no entry for: AdjustContrastv2"):
        tape.gradient(new_image, [image, delta])


def test_adjust_contrast_moves_pixels_from_their_channel_mean():
    """(x - mean) * factor + mean, the mean over height and width of each channel."""
    x = R.uniform(0, 1, (3, 4, 2)).astype(np.float32)
    mean = x.mean(axis=(0, 1), keepdims=True)
    np.testing.assert_allclose(tf.image.adjust_contrast(x, 1.5).numpy(),
                               (x - mean) * 1.5 + mean, rtol=1e-6)


def test_convert_image_dtype_follows_tfs_scaling_rules():
    """uint8 -> float divides by 255; float -> uint8 multiplies by 255.5 and truncates."""
    np.testing.assert_allclose(
        tf.image.convert_image_dtype(tf.constant([0, 51, 255], tf.uint8), tf.float32).numpy(),
        np.float32([0, 51, 255]) * np.float32(1 / 255))
    assert tf.image.convert_image_dtype(tf.constant([0.999]), tf.uint8).numpy()[0] == 255


def test_flips_and_rotations_are_numpys():
    """flip_left_right reverses the width, flip_up_down the height; rot90 is np.rot90 on (h, w)."""
    x = R.integers(0, 9, (2, 3, 4, 1)).astype(np.int32)
    np.testing.assert_array_equal(tf.image.flip_left_right(x).numpy(), x[:, :, ::-1])
    np.testing.assert_array_equal(tf.image.flip_up_down(x).numpy(), x[:, ::-1])
    for k in range(4):
        np.testing.assert_array_equal(tf.image.rot90(x, k).numpy(), np.rot90(x, k, axes=(1, 2)))


# compositions: gradients come from their ops; checked numerically all the same
COMPOSITIONS = {
    "adjust_brightness": lambda x: tf.image.adjust_brightness(x, 0.25),
    "per_image_standardization": tf.image.per_image_standardization,
    "rgb_to_grayscale": tf.image.rgb_to_grayscale,
    "grayscale_to_rgb": lambda x: tf.image.grayscale_to_rgb(x[..., :1]),
    "flip_left_right": tf.image.flip_left_right,
    "rot90": lambda x: tf.image.rot90(x, 3),
    "transpose": tf.image.transpose,
    "central_crop": lambda x: tf.image.central_crop(x, 0.5),
    "resize_with_crop_or_pad": lambda x: tf.image.resize_with_crop_or_pad(x, 2, 7),
}


@pytest.mark.parametrize("name", sorted(COMPOSITIONS))
def test_image_gradients_match_central_differences(name):
    """The tape's gradient of each tf.image composition equals central differences (float64)."""
    f = COMPOSITIONS[name]
    # (these compute in float32, as TF does: a wider step and tolerance)
    tol = 2e-3 if name in ("per_image_standardization", "rgb_to_grayscale",
                           "adjust_brightness") else 1e-6
    check_gradients(f, [R.uniform(0, 1, (4, 5, 3))], (0,), eps=1e-3 if tol > 1e-6 else 1e-6,
                    rtol=tol, atol=tol)


def test_stateless_random_flips_repeat_for_a_seed_and_flip_whole_images():
    """The same seed gives the same flips (TF's stateless rule); each image is flipped or kept."""
    batch = R.uniform(0, 1, (6, 2, 3, 1)).astype(np.float32)
    first = tf.image.stateless_random_flip_left_right(batch, seed=[3, 4]).numpy()
    again = tf.image.stateless_random_flip_left_right(batch, seed=[3, 4]).numpy()
    np.testing.assert_array_equal(first, again)
    for got, image in zip(first, batch):
        assert np.array_equal(got, image) or np.array_equal(got, image[:, ::-1])


def test_sizes_unknown_while_tracing_are_a_clear_error():
    """central_crop needs the height and width in a tf.function (TF computes them at run time)."""
    crop = tf.function(lambda x: tf.image.central_crop(x, 0.5),
                       input_signature=[tf.TensorSpec([None, None, None, 2], tf.float32)])
    with pytest.raises(NotImplementedError, match="needs the sizes of axes 1, 2 known"):
        crop(tf.ones([2, 4, 4, 2]))
    known = tf.function(lambda x: tf.image.central_crop(x, 0.5),
                        input_signature=[tf.TensorSpec([None, 4, 4, 2], tf.float32)])
    assert known(tf.ones([3, 4, 4, 2])).shape == (3, 2, 2, 2)
