"""`tf.keras.utils`: seeding, the progress bar, registering classes for `load_model`, datasets
from folders of text files (text_dataset.py) and of images (image_dataset.py), images to and
from arrays (image_utils.py)."""
from __future__ import annotations

import random

import numpy as np

from ..ops import array_ops, index_ops, random_ops
from ..tensor import Tensor
from .progbar import Progbar
from .sequence_utils import pad_sequences
from .registration import get_registered_name, get_registered_object, register_keras_serializable
from .datasets.files import get_file
from .data_adapter import unpack_x_y_sample_weight
from .timeseries import timeseries_dataset_from_array
from .text_dataset import text_dataset_from_directory
from .image_utils import array_to_img, img_to_array
from .serialization import deserialize_keras_object, serialize_keras_object
from .image_dataset import image_dataset_from_directory

__all__ = ["set_random_seed", "Progbar", "register_keras_serializable", "get_registered_object",
           "get_registered_name", "get_file", "unpack_x_y_sample_weight",
           "timeseries_dataset_from_array", "pad_sequences", "text_dataset_from_directory",
           "array_to_img", "img_to_array", "serialize_keras_object", "deserialize_keras_object",
           "image_dataset_from_directory", "to_categorical"]


def set_random_seed(seed: int) -> None:
    """Seeds Python, NumPy and the engine at once. Mirrors `keras.utils.set_random_seed`."""
    random.seed(seed)
    np.random.seed(seed)
    random_ops.set_seed(seed)


def to_categorical(x, num_classes: int | None = None):
    """Class indices as one-hot rows. Mirrors `keras.utils.to_categorical`.

    A NumPy array or list gives a float64 NumPy array; a tensor gives a float32
    tensor (`tf.one_hot`). A trailing axis of size 1 (labels shaped [n, 1]) is
    dropped first. Without `num_classes`, a NumPy input uses max(x) + 1 classes.

    >>> tf.keras.utils.to_categorical([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    if isinstance(x, Tensor):
        if x.shape.rank is not None and x.shape.rank > 1 and x.shape[-1] == 1:
            x = array_ops.reshape(x, array_ops.shape(x)[:-1])
        if num_classes is None:  # (Keras hands None to tf.one_hot, which refuses it)
            raise ValueError("Attempt to convert a value (None) with an unsupported type "
                             "(<class 'NoneType'>) to a Tensor.")
        return index_ops.one_hot(array_ops.cast(x, "int64"), num_classes)
    labels = np.array(x, dtype="int64")
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    labels = labels.reshape(-1)
    if not num_classes:
        if not labels.size:
            raise ValueError("to_categorical: no labels to count the classes from; pass "
                             "num_classes")
        num_classes = int(labels.max()) + 1
    if labels.size and labels.max() >= num_classes:
        # (Keras: NumPy's IndexError; a negative label counts from the end, as in NumPy)
        raise IndexError(f"index {labels.max()} is out of bounds for axis 1 with size "
                         f"{num_classes}: labels must be below num_classes")
    rows = np.zeros((labels.size, num_classes))
    rows[np.arange(labels.size), labels] = 1
    return rows.reshape(shape + (num_classes,))


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.utils", __name__, name)
