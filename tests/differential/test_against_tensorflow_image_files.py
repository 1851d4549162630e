"""Image files on this engine and on real TensorFlow 2.21: the same cases agree.

`tf.io.decode_image` / `decode_jpeg` / `decode_png` (shapes, channels, dtypes, errors; JPEG
pixels with `dct_method="INTEGER_ACCURATE"`, the DCT the engine uses) and
`tf.keras.utils.image_dataset_from_directory` (the files found, the seeded split, the
batches in order, resized pixels), and `tf.data.Dataset.list_files` (how the images tutorial
lists its photos). Every file is made here with Pillow. Run against TF 2.21:

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_image_files.py
"""
from __future__ import annotations

import io
import os
import tempfile

import numpy as np
import pytest
from PIL import Image

from .tf_compare import Cases, check, quiet as _quiet

case = Cases()
R = np.random.default_rng(5)


def _encoded(array: np.ndarray, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, fmt, **options)
    return out.getvalue()


_RGB = R.integers(0, 256, (9, 13, 3), dtype=np.uint8)
_JPEG = _encoded(_RGB, "JPEG", quality=85)
_PNG_RGBA = _encoded(R.integers(0, 256, (4, 5, 4), dtype=np.uint8), "PNG")
_PNG_GREY = _encoded(R.integers(0, 256, (3, 6), dtype=np.uint8), "PNG")
_GIF = _encoded(R.integers(0, 256, (4, 4, 3), dtype=np.uint8), "GIF")
_BMP = _encoded(_RGB, "BMP")

# -- decoding -----------------------------------------------------------------------------------
case("decode_jpeg: uint8 [h, w, 3]; the accurate DCT's pixels")(lambda tf: tf.io.decode_jpeg(
    tf.constant(_JPEG), dct_method="INTEGER_ACCURATE"))
case("decode_jpeg channels=0 keeps the file's 3 channels")(lambda tf: tf.io.decode_jpeg(
    tf.constant(_JPEG), dct_method="INTEGER_ACCURATE").shape)
case("decode_png keeps RGBA (4 channels) and grey (1 channel)")(lambda tf: (
    tf.io.decode_png(tf.constant(_PNG_RGBA)), tf.io.decode_png(tf.constant(_PNG_GREY))))
case("decode_image channels=3 drops the alpha channel")(lambda tf: tf.io.decode_image(
    tf.constant(_PNG_RGBA), channels=3))
case("decode_image of a grey PNG with channels=3 repeats the grey")(lambda tf: tf.io.decode_image(
    tf.constant(_PNG_GREY), channels=3))
case("decode_image dtype=float32 scales to [0, 1]")(lambda tf: tf.io.decode_image(
    tf.constant(_PNG_RGBA), dtype=tf.float32))
case("decode_image of a GIF: [frames, h, w, 3], or [h, w, 3] without expand_animations")(
    lambda tf: (tf.io.decode_image(tf.constant(_GIF)),
                tf.io.decode_image(tf.constant(_GIF), expand_animations=False)))
case("decode_image reads BMP; decode_jpeg reads a PNG too (TF 2)")(lambda tf: (
    tf.io.decode_image(tf.constant(_BMP)), tf.io.decode_jpeg(tf.constant(_PNG_RGBA))))
case("tf.image.decode_jpeg is tf.io.decode_jpeg")(lambda tf: (
    tf.image.decode_jpeg is tf.io.decode_jpeg, tf.image.decode_image is tf.io.decode_image,
    tf.image.decode_png is tf.io.decode_png))
case("bytes that are no image: InvalidArgumentError naming the formats")(lambda tf: (
    tf.io.decode_image(tf.constant(b"not an image"))))
case("decode_jpeg of bytes that are no image")(lambda tf: tf.io.decode_jpeg(tf.constant(b"GIF")))
case("channels=2 is refused")(lambda tf: tf.io.decode_png(tf.constant(_PNG_GREY), channels=2))
case("contents must be a scalar")(lambda tf: tf.io.decode_jpeg(tf.constant([_JPEG, _JPEG])))


@case("in a tf.function: [None, None, channels] when channels are given, else unknown")
def _(tf):
    shapes = []

    @tf.function
    def f(x):
        shapes.append(tf.io.decode_image(x, channels=3, expand_animations=False).shape)
        shapes.append(tf.io.decode_jpeg(x).shape)
        return tf.io.decode_png(x, channels=4)
    return f(tf.constant(_PNG_RGBA)), [str(s) for s in shapes]


# -- image_dataset_from_directory -----------------------------------------------------------------
def _folder() -> str:
    """class folders b/ (JPEGs) and a/ (PNGs of other sizes, one nested), a text file, a GIF."""
    root = tempfile.mkdtemp(prefix="image_ds_")
    rng = np.random.default_rng(11)
    for label, n, fmt in (("b", 6, "JPEG"), ("a", 5, "PNG")):
        os.makedirs(os.path.join(root, label, "inner"))
        for i in range(n):
            pixels = rng.integers(0, 256, (7 + i, 10 - i, 3), dtype=np.uint8)
            ext = "jpg" if fmt == "JPEG" else "png"
            Image.fromarray(pixels).save(os.path.join(root, label, f"{i}_{label}.{ext}"), fmt)
        Image.fromarray(rng.integers(0, 256, (6, 6, 3), dtype=np.uint8)).save(
            os.path.join(root, label, "inner", "deep.png"))
        with open(os.path.join(root, label, "notes.txt"), "w") as f:
            f.write("not an image")
    os.makedirs(os.path.join(root, "c"))
    Image.fromarray(rng.integers(0, 256, (5, 5, 3), dtype=np.uint8)).save(
        os.path.join(root, "c", "0.gif"))
    return root


@case("unshuffled PNGs: files in sorted walk order, labels, resized float32 pixels")
def _(tf):
    root = _folder()
    printed, ds = _quiet(lambda: tf.keras.utils.image_dataset_from_directory(
        root, shuffle=False, batch_size=4, image_size=(6, 8), class_names=["a"]))
    batches = [(x, y) for x, y in ds]
    return (printed.replace(root, "<root>"), ds.class_names, str(ds.element_spec),
            [p.replace(root, "<root>") for p in ds.file_paths], batches)


@case("a seeded split: the files of each subset, printed counts, element spec")
def _(tf):
    root = _folder()
    outputs = []
    for subset in ("training", "validation"):
        printed, ds = _quiet(lambda: tf.keras.utils.image_dataset_from_directory(
            root, validation_split=0.25, subset=subset, seed=123, image_size=(5, 5),
            batch_size=2))
        outputs.append((printed.replace(root, "<root>"), str(ds.element_spec),
                        [p.replace(root, "<root>") for p in ds.file_paths],
                        [np.asarray(y).tolist() for _, y in ds]))
    return outputs


@case("subset='both', label_mode='categorical', grayscale, nearest, an int image_size")
def _(tf):
    root = _folder()
    printed, (train, val) = _quiet(lambda: tf.keras.utils.image_dataset_from_directory(
        root, validation_split=0.3, subset="both", seed=3, batch_size=None, image_size=4,
        label_mode="categorical", color_mode="grayscale", interpolation="nearest",
        class_names=["a", "c"]))
    return printed.replace(root, "<root>"), str(train.element_spec), len(val.file_paths)


case("labels=None: images only")(lambda tf: str(_quiet(
    lambda: tf.keras.utils.image_dataset_from_directory(_folder(), labels=None,
                                                        image_size=(3, 3)))[1].element_spec))
case("label_mode='binary' needs two classes")(lambda tf: _quiet(
    lambda: tf.keras.utils.image_dataset_from_directory(_folder(), label_mode="binary")))
case("a bad color_mode")(lambda tf: tf.keras.utils.image_dataset_from_directory(
    _folder(), color_mode="cmyk"))
case("a bad image_size")(lambda tf: tf.keras.utils.image_dataset_from_directory(
    _folder(), image_size=(1, 2, 3)))
case("a split without a seed")(lambda tf: tf.keras.utils.image_dataset_from_directory(
    _folder(), validation_split=0.2, subset="training"))


@case("a folder without images")
def _(tf):
    root = tempfile.mkdtemp(prefix="image_ds_empty_")
    os.makedirs(os.path.join(root, "a"))
    try:
        _quiet(lambda: tf.keras.utils.image_dataset_from_directory(root))
    except ValueError as e:  # (the message names the folder: a new one on each side)
        return str(e).replace(root, "<root>")


# -- Dataset.list_files ----------------------------------------------------------------------------
def _relative(ds, root) -> list:
    return [p.decode().replace(root, "<root>") for p in ds.as_numpy_iterator()]


@case("list_files shuffle=False: sorted, one pattern or several; string scalars")
def _(tf):
    root = _folder()
    one = tf.data.Dataset.list_files(os.path.join(root, "*", "*"), shuffle=False)
    two = tf.data.Dataset.list_files([os.path.join(root, "b", "*.jpg"),
                                       os.path.join(root, "a", "*.png")], shuffle=False)
    return str(one.element_spec), int(one.cardinality()), _relative(one, root), _relative(two, root)


@case("list_files with a seed: TF's shuffled order (a buffer the size of the list)")
def _(tf):
    root = _folder()
    return _relative(tf.data.Dataset.list_files(os.path.join(root, "*", "*"), seed=4), root)


@case("list_files matching nothing: TF's assertion message")
def _(tf):
    try:
        tf.data.Dataset.list_files("/nonexistent-folder-of-tf-guides/*.jpg")
    except Exception as e:  # noqa: BLE001 - the type and the text are what is compared
        return type(e).__name__, str(e).split("Summarized data: ")[-1]


@pytest.mark.parametrize("fn, compare_message, rtol", case.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol=1e-5)
