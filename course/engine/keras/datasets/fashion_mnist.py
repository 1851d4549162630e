"""`tf.keras.datasets.fashion_mnist`: 70,000 28x28 grey images of clothes, 10 classes.

Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal,
6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.

Every file is checked before it is read, wherever it comes from (Debian's
package, the cache, a download): its size and SHA-256 must be those of
Zalando's published file, and its IDX header must promise the expected
counts. A truncated or corrupted file gives a DataLossError naming it and
saying how to get a good copy.
"""
from __future__ import annotations

import gzip
import os
import zlib

import numpy as np

from ...errors import DataLossError
from ...saving.reading import open_regular
from .files import check_file, get_file

__all__ = ["load_data", "FILES", "LOCAL_DIRS", "BASE_URL"]

# Where Debian's dataset-fashion-mnist package puts the files (the course image installs it).
LOCAL_DIRS = ["/usr/share/datasets/fashion-mnist"]
BASE_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"  # Keras's origin
# (size in bytes, SHA-256) of Zalando's published files, as shipped by Debian's package
# (Keras itself publishes no checksum for these four).
FILES = {
    "train-labels-idx1-ubyte.gz": (29491, "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
    "train-images-idx3-ubyte.gz": (26421856, "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
    "t10k-labels-idx1-ubyte.gz": (5125, "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"),
    "t10k-images-idx3-ubyte.gz": (4422079, "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
}
_HINT = ("Install the data with `apt-get install dataset-fashion-mnist` (the course image has "
         "it) or put the four .gz files in ~/.keras/datasets/fashion-mnist/. ")


def _path(fname: str) -> str:
    size, digest = FILES[fname]
    for folder in LOCAL_DIRS:
        candidate = os.path.join(folder, fname)
        if os.path.exists(candidate):
            check_file(candidate, size, digest, "Reinstall it with `apt-get install --reinstall "
                                                "dataset-fashion-mnist`, or remove it to use a "
                                                "download instead.")
            return candidate
    return get_file(fname, BASE_URL + fname, digest, cache_subdir="fashion-mnist", hint=_HINT,
                    file_size=size)


def read_idx(path: str, header: int, n_dims: int) -> tuple:
    """(dims, data bytes) of a gzipped IDX file: a 4-byte magic (0, 0, 8 for uint8, the
    number of dims), one 4-byte size per dim, then the data. Decompresses only what the
    header promises (plus one byte, to detect trailing garbage)."""
    try:
        with open_regular(path, "data set file") as raw, gzip.GzipFile(fileobj=raw) as f:
            head = f.read(header)
            if len(head) != header or head[:4] != bytes([0, 0, 8, n_dims]):
                raise DataLossError(None, None, f"{path} is not an IDX file of uint8 with "
                                                f"{n_dims} dimensions (corrupted?)")
            dims = tuple(int.from_bytes(head[4 + 4 * i:8 + 4 * i], "big") for i in range(n_dims))
            count = int(np.prod(dims, dtype=np.int64))
            if count > 100_000 * 28 * 28:
                raise DataLossError(None, None, f"{path} declares {dims} values (corrupted?)")
            data = f.read(count + 1)
    except (EOFError, OSError, zlib.error) as e:   # gzip.BadGzipFile is an OSError
        raise DataLossError(None, None, f"{path} is truncated or corrupted ({type(e).__name__}: "
                                        f"{e})") from None
    if len(data) != count:
        raise DataLossError(None, None, f"{path} holds {len(data)} values where its header "
                                        f"promises {count} (truncated or corrupted)")
    return dims, data


def _images(path: str) -> np.ndarray:
    dims, data = read_idx(path, 16, 3)
    return np.frombuffer(data, np.uint8).reshape(dims)


def _labels(path: str) -> np.ndarray:
    _, data = read_idx(path, 8, 1)
    return np.frombuffer(data, np.uint8)


def load_data():
    """((x_train, y_train), (x_test, y_test)): uint8 arrays of shapes (60000, 28, 28), (60000,),
    (10000, 28, 28), (10000,). Mirrors `keras.datasets.fashion_mnist.load_data`."""
    y_train = _labels(_path("train-labels-idx1-ubyte.gz"))
    x_train = _images(_path("train-images-idx3-ubyte.gz"))
    y_test = _labels(_path("t10k-labels-idx1-ubyte.gz"))
    x_test = _images(_path("t10k-images-idx3-ubyte.gz"))
    for x, y, split in ((x_train, y_train, "train"), (x_test, y_test, "t10k")):
        if len(x) != len(y) or x.shape[1:] != (28, 28):
            raise DataLossError(None, None, f"the {split} files disagree: {x.shape} images, "
                                            f"{y.shape} labels")
    return (x_train, y_train), (x_test, y_test)
