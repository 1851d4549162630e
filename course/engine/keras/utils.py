"""`tf.keras.utils`: seeding, the progress bar, registering classes for `load_model`, datasets
from folders of text files (text_dataset.py) and of images (image_dataset.py), images to and
from arrays (image_utils.py)."""
from __future__ import annotations

import random

import numpy as np

from ..ops import random_ops
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
           "image_dataset_from_directory"]


def set_random_seed(seed: int) -> None:
    """Seeds Python, NumPy and the engine at once. Mirrors `keras.utils.set_random_seed`."""
    random.seed(seed)
    np.random.seed(seed)
    random_ops.set_seed(seed)


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.utils", __name__, name)
