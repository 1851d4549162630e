"""Image files: tf.io.decode_image and friends, tf.keras.utils.image_dataset_from_directory.

The rules are TF's (checked against TF 2.21 in
tests/differential/test_against_tensorflow_image_files.py); these run without TF.
"""
import io
import os

import numpy as np
import pytest
from PIL import Image

import course.engine as tf


def _png(array) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.asarray(array, np.uint8)).save(out, "PNG")
    return out.getvalue()


def test_decode_png_gives_the_exact_pixels_as_uint8_height_width_channels():
    pixels = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
    image = tf.io.decode_png(tf.constant(_png(pixels)))
    assert image.dtype == tf.uint8 and image.shape == (2, 4, 3)
    np.testing.assert_array_equal(image.numpy(), pixels)


def test_decode_image_channels_1_of_an_rgb_file_is_grey_and_float32_is_scaled():
    grey = tf.io.decode_image(tf.constant(_png(np.full((2, 2, 3), 51))), channels=1)
    assert grey.shape == (2, 2, 1) and int(grey[0, 0, 0]) == 51
    scaled = tf.io.decode_image(tf.constant(_png(np.full((1, 1, 3), 255))), dtype=tf.float32)
    np.testing.assert_array_equal(scaled.numpy(), np.ones((1, 1, 3), np.float32))


def test_a_truncated_png_is_an_invalid_argument_error_not_a_pillow_traceback():
    data = _png(np.random.default_rng(0).integers(0, 256, (20, 20, 3)))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid or truncated image data"):
        tf.io.decode_png(tf.constant(data[:len(data) * 3 // 4]))


def test_decoding_a_number_tensor_names_the_wrong_dtype():
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a string tensor"):
        tf.io.decode_jpeg(tf.constant(3))


def test_decode_jpeg_with_a_ratio_says_it_is_not_part_of_the_engine():
    with pytest.raises(NotImplementedError, match="ratio"):
        tf.io.decode_jpeg(tf.constant(_png(np.zeros((2, 2, 3)))), ratio=2)


def test_image_dataset_from_directory_resizes_decodes_and_labels(tmp_path, capsys):
    for k, name in enumerate(("cats", "dogs")):
        os.makedirs(tmp_path / name)
        for i in range(3):
            Image.fromarray(np.full((4 + i, 6, 3), 40 * k + i, np.uint8)).save(
                tmp_path / name / f"{i}.png")
    ds = tf.keras.utils.image_dataset_from_directory(tmp_path, shuffle=False, batch_size=4,
                                                     image_size=(2, 3))
    assert capsys.readouterr().out == "Found 6 files belonging to 2 classes.\n"
    assert ds.class_names == ["cats", "dogs"]
    (x1, y1), (x2, y2) = list(ds)
    assert x1.shape == (4, 2, 3, 3) and x1.dtype == tf.float32 and x2.shape == (2, 2, 3, 3)
    np.testing.assert_array_equal(np.concatenate([y1, y2]), [0, 0, 0, 1, 1, 1])
    # a flat image stays flat under bilinear resizing: each file's one value
    np.testing.assert_array_equal(x2.numpy()[:, 0, 0, 0], [41.0, 42.0])


def test_image_dataset_from_directory_on_a_missing_folder_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="image_dataset_from_directory: no folder at .*nope"):
        tf.keras.utils.image_dataset_from_directory(tmp_path / "nope")


def test_image_dataset_from_directory_refuses_what_it_does_not_do(tmp_path):
    with pytest.raises(NotImplementedError, match="crop_to_aspect_ratio"):
        tf.keras.utils.image_dataset_from_directory(tmp_path, crop_to_aspect_ratio=True)
    with pytest.raises(NotImplementedError, match="bicubic"):
        tf.keras.utils.image_dataset_from_directory(tmp_path, interpolation="bicubic")


def test_list_files_is_sorted_without_shuffle_and_says_when_nothing_matches(tmp_path):
    for name in ("b.jpg", "a.jpg", "c.txt"):
        (tmp_path / name).write_bytes(b"")
    ds = tf.data.Dataset.list_files(str(tmp_path / "*.jpg"), shuffle=False)
    assert [p.decode() for p in ds.as_numpy_iterator()] == [str(tmp_path / "a.jpg"),
                                                            str(tmp_path / "b.jpg")]
    shuffled = tf.data.Dataset.list_files(str(tmp_path / "*"), seed=1)
    assert sorted(shuffled.as_numpy_iterator()) == sorted(
        tf.data.Dataset.list_files(str(tmp_path / "*"), shuffle=False).as_numpy_iterator())
    with pytest.raises(tf.errors.InvalidArgumentError, match="No files matched pattern: .*nope"):
        tf.data.Dataset.list_files(str(tmp_path / "nope*"))
