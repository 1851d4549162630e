"""`tf.keras.utils.image_dataset_from_directory`: a folder of image files as a dataset.

A folder with one subfolder per class becomes a dataset of (images, labels)
batches, the images float32 [batch, height, width, channels] resized to
`image_size`, the class names the subfolders' names in alphanumeric order:

    >>> train_ds = tf.keras.utils.image_dataset_from_directory(
    ...     "flower_photos", validation_split=0.2, subset="training", seed=123,
    ...     image_size=(180, 180), batch_size=32)
    Found 80 files belonging to 5 classes.
    Using 64 files for training.
    >>> train_ds.class_names
    ['daisy', 'dandelion', 'roses', 'sunflowers', 'tulips']

The files are listed, shuffled and split as `text_dataset_from_directory`
does (the same Keras rules: text_dataset.py); each file is read, decoded
(`tf.io.decode_image`) and resized (`tf.image.resize`) when the dataset is
iterated.
"""
from __future__ import annotations

from ..images import resize
from ..ops import array_ops, io_ops
from ..ops.image_decode_ops import decode_image
from .text_dataset import from_directory

__all__ = ["image_dataset_from_directory"]

_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}


def _read_image(image_size: tuple, channels: int, interpolation: str):
    def read(path):
        image = decode_image(io_ops.read_file(path), channels=channels, expand_animations=False)
        image = resize(image, image_size, method=interpolation)
        return array_ops.reshape(image, (image_size[0], image_size[1], channels))  # (a known shape)
    return read


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                 color_mode="rgb", batch_size=32, image_size=(256, 256),
                                 shuffle: bool = True, seed=None, validation_split=None,
                                 subset=None, interpolation="bilinear", follow_links: bool = False,
                                 crop_to_aspect_ratio: bool = False,
                                 pad_to_aspect_ratio: bool = False, data_format=None, format="tf",
                                 verbose: bool = True):
    """Images and labels from a folder of class folders. Mirrors `tf.keras.utils.image_dataset_from_directory`.

    Labels are int32 class indices (`label_mode="int"`), one-hot float32 rows
    ("categorical") or float32 0/1 of shape (1,) ("binary", two classes).
    `subset="both"` returns the training and validation datasets together.
    Images are .bmp, .gif (the first frame), .jpeg, .jpg or .png files.
    """
    if color_mode not in _CHANNELS:
        raise ValueError('`color_mode` must be one of {"rgb", "rgba", "grayscale"}. '
                         f"Received: color_mode={color_mode}")
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError("Invalid `image_size` value. Expected a tuple of 2 integers. "
                         f"Received: image_size={image_size}")
    interpolation = interpolation.lower()
    if interpolation not in ("bilinear", "nearest"):
        raise NotImplementedError(f"image_dataset_from_directory(interpolation={interpolation!r})"
                                  " is not part of this engine: use 'bilinear' or 'nearest'.")
    unsupported = {"crop_to_aspect_ratio": crop_to_aspect_ratio,
                   "pad_to_aspect_ratio": pad_to_aspect_ratio,
                   "data_format": data_format not in (None, "channels_last"), "format": format != "tf"}
    for argument, used in unsupported.items():
        if used:
            raise NotImplementedError(f"image_dataset_from_directory({argument}=...) is not part "
                                      "of this engine: it makes tf.data datasets of channels-last "
                                      "images resized to image_size.")
    read = _read_image(tuple(int(d) for d in image_size), _CHANNELS[color_mode], interpolation)
    return from_directory("image", read, directory, labels, label_mode, class_names, batch_size,
                          shuffle, seed, validation_split, subset, follow_links, verbose)
