"""`tf.keras.datasets.cifar10`: 60,000 32x32 colour images in 10 classes.

    >>> (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
    >>> x_train.shape, y_train.shape, x_train.dtype
    ((50000, 32, 32, 3), (50000, 1), dtype('uint8'))

Labels: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog,
7 horse, 8 ship, 9 truck.

Keras reads the archive's "python version", whose batches are pickles; the
engine never unpickles a file (that can run code), so it reads the same
images from the "binary version" of the archive, published beside it by
the data set's authors: in each of data_batch_1.bin ... data_batch_5.bin and
test_batch.bin, records of 1 label byte and 3072 pixel bytes (the red, then
green, then blue 32x32 plane). The archive's members are read in memory,
never extracted to disk. A file that is not a whole number of records is a
DataLossError naming it.
"""
from __future__ import annotations

import tarfile
import zlib

import numpy as np

from ...errors import DataLossError
from ...saving.reading import open_regular
from .files import get_file

__all__ = ["load_data", "ORIGIN", "ARCHIVE", "TRAIN_FILES", "TEST_FILE"]

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
ARCHIVE = "cifar-10-binary.tar.gz"
TRAIN_FILES = [f"cifar-10-batches-bin/data_batch_{i}.bin" for i in range(1, 6)]
TEST_FILE = "cifar-10-batches-bin/test_batch.bin"
_RECORD = 1 + 3 * 32 * 32  # a label byte, then the three colour planes
MAX_RECORDS = 10000  # per batch file, as in the real archive: a larger member is not read


def _records(data: bytes, where: str) -> tuple:
    """(images (n, 32, 32, 3) uint8, labels (n, 1) uint8) from a batch file's bytes."""
    if not data or len(data) % _RECORD:
        raise DataLossError(None, None, f"{where} holds {len(data)} bytes, not a whole number of "
                                        f"{_RECORD}-byte CIFAR-10 records (truncated or corrupted)")
    rows = np.frombuffer(data, np.uint8).reshape(-1, _RECORD)
    labels = rows[:, :1].copy()
    if labels.max() > 9:
        raise DataLossError(None, None, f"{where} has a label {int(labels.max())} (the classes "
                                        "are 0 to 9): not a CIFAR-10 batch")
    images = rows[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)  # planes -> channels last
    return np.ascontiguousarray(images), labels


def load_data():
    """((x_train, y_train), (x_test, y_test)): uint8 arrays of shapes (50000, 32, 32, 3),
    (50000, 1), (10000, 32, 32, 3), (10000, 1). Mirrors `keras.datasets.cifar10.load_data`.

    Read from ~/.keras/datasets/cifar-10-binary.tar.gz, downloaded once if missing.
    """
    path = get_file(ARCHIVE, ORIGIN, hint=f"Copy {ARCHIVE} into ~/.keras/datasets/ on a machine "
                                          "with network. ")
    parts = {}
    try:
        with open_regular(path, "data set file") as raw, \
                tarfile.open(fileobj=raw, mode="r:gz") as archive:
            for name in TRAIN_FILES + [TEST_FILE]:
                try:
                    member = archive.extractfile(name)
                except KeyError:
                    member = None
                if member is None:
                    raise DataLossError(None, None, f"{path} has no file {name}: not the "
                                                    "CIFAR-10 binary archive")
                data = member.read(MAX_RECORDS * _RECORD + 1)  # (never more than a batch)
                if len(data) > MAX_RECORDS * _RECORD:
                    raise DataLossError(None, None, f"{name} in {path} holds more than "
                                                    f"{MAX_RECORDS} records: not a CIFAR-10 batch")
                parts[name] = _records(data, f"{name} in {path}")
    except (EOFError, tarfile.TarError, zlib.error, OSError) as e:  # (gzip's errors are OSErrors)
        raise DataLossError(None, None, f"{path} is truncated or corrupted ({type(e).__name__}: "
                                        f"{e})") from None
    x_train = np.concatenate([parts[name][0] for name in TRAIN_FILES])
    y_train = np.concatenate([parts[name][1] for name in TRAIN_FILES])
    return (x_train, y_train), parts[TEST_FILE]
