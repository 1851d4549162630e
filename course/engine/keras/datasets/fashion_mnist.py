"""`tf.keras.datasets.fashion_mnist`: 70,000 28x28 grey images of clothes, 10 classes.

Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal,
6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.
"""
from __future__ import annotations

import gzip
import os

import numpy as np

from .files import get_file

__all__ = ["load_data", "FILES", "LOCAL_DIRS", "BASE_URL"]

# Where Debian's dataset-fashion-mnist package puts the files (the course image installs it).
LOCAL_DIRS = ["/usr/share/datasets/fashion-mnist"]
BASE_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"  # Keras's origin
# SHA-256 of Zalando's published files (as shipped by Debian's package; Keras itself
# publishes no checksum for these four).
FILES = {
    "train-labels-idx1-ubyte.gz": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
    "train-images-idx3-ubyte.gz": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    "t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
    "t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
}
_HINT = ("Install the data with `apt-get install dataset-fashion-mnist` (the course image has "
         "it) or put the four .gz files in ~/.keras/datasets/fashion-mnist/. ")


def _path(fname: str) -> str:
    for folder in LOCAL_DIRS:
        candidate = os.path.join(folder, fname)
        if os.path.exists(candidate):
            return candidate
    return get_file(fname, BASE_URL + fname, FILES[fname], cache_subdir="fashion-mnist",
                    hint=_HINT)


def read_idx(path: str, offset: int) -> np.ndarray:
    """The bytes of a gzipped IDX file after its header (8 bytes for labels, 16 for images)."""
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def load_data():
    """((x_train, y_train), (x_test, y_test)): uint8 arrays of shapes (60000, 28, 28), (60000,),
    (10000, 28, 28), (10000,). Mirrors `keras.datasets.fashion_mnist.load_data`."""
    y_train = read_idx(_path("train-labels-idx1-ubyte.gz"), 8)
    x_train = read_idx(_path("train-images-idx3-ubyte.gz"), 16).reshape(len(y_train), 28, 28)
    y_test = read_idx(_path("t10k-labels-idx1-ubyte.gz"), 8)
    x_test = read_idx(_path("t10k-images-idx3-ubyte.gz"), 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
