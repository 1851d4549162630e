"""`tf.keras.datasets.mnist`: 70,000 28x28 grey images of handwritten digits."""
from __future__ import annotations

import numpy as np

from .files import get_file

__all__ = ["load_data", "ORIGIN", "SHA256"]

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"  # Keras's file_hash


def load_data(path: str = "mnist.npz"):
    """((x_train, y_train), (x_test, y_test)) as uint8 arrays. Mirrors `keras.datasets.mnist.load_data`.

    Read from ~/.keras/datasets/mnist.npz, downloaded (and checked) once if missing.
    """
    local = get_file(path, ORIGIN, SHA256,
                     hint="Copy mnist.npz into ~/.keras/datasets/ on a machine with network. ")
    with np.load(local, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
