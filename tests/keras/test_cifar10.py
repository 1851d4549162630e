"""tf.keras.datasets.cifar10 from the binary archive (records of a label byte and three planes).

Every archive here is made by the test in a temporary Keras cache; nothing is downloaded
(the origin is pointed at a closed local port).
"""
import io
import os
import tarfile

import numpy as np
import pytest

import course.engine as tf
from course.engine.keras.datasets import cifar10


def write_archive(folder, n_train=3, n_test=2, corrupt=None):
    """A cifar-10-binary.tar.gz with five training batches of `n_train` records and a test batch."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(0)
    made = {}
    with tarfile.open(os.path.join(folder, cifar10.ARCHIVE), "w:gz") as archive:
        for name in cifar10.TRAIN_FILES + [cifar10.TEST_FILE]:
            n = n_test if name == cifar10.TEST_FILE else n_train
            planes = rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8)
            labels = rng.integers(0, 10, (n, 1), dtype=np.uint8)
            data = np.concatenate([labels, planes.reshape(n, -1)], axis=1).tobytes()
            if name == corrupt:
                data = data[:-5]
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            made[name] = (planes.transpose(0, 2, 3, 1), labels)
    return made


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(cifar10, "ORIGIN", "http://127.0.0.1:9/cifar-10-binary.tar.gz")
    return tmp_path / "keras" / "datasets"


def test_cifar10_reads_keras_shapes_channels_last_and_labels_as_a_column(cache):
    """Keras: x (n, 32, 32, 3) uint8, y (n, 1) uint8; the five training batches in order."""
    made = write_archive(cache)
    (x, y), (xt, yt) = tf.keras.datasets.cifar10.load_data()
    assert x.shape == (15, 32, 32, 3) and x.dtype == np.uint8
    assert y.shape == (15, 1) and y.dtype == np.uint8
    assert xt.shape == (2, 32, 32, 3) and yt.shape == (2, 1)
    np.testing.assert_array_equal(x[3:6], made[cifar10.TRAIN_FILES[1]][0])
    np.testing.assert_array_equal(y[:3], made[cifar10.TRAIN_FILES[0]][1])
    np.testing.assert_array_equal(xt, made[cifar10.TEST_FILE][0])
    # the red plane is channel 0: pixel (row 1, col 2) of the first image's first plane
    assert x[0, 1, 2, 0] == made[cifar10.TRAIN_FILES[0]][0][0, 1, 2, 0]


def test_cifar10_a_truncated_batch_is_a_data_loss_error_naming_it(cache):
    write_archive(cache, corrupt=cifar10.TRAIN_FILES[2])
    with pytest.raises(tf.errors.DataLossError, match="data_batch_3.bin.*not a whole number"):
        tf.keras.datasets.cifar10.load_data()


def test_cifar10_a_batch_larger_than_the_real_ones_is_refused_before_it_is_read(cache, monkeypatch):
    """A member may declare any size (a gzip bomb): at most MAX_RECORDS records are read."""
    write_archive(cache, n_train=3)
    monkeypatch.setattr(cifar10, "MAX_RECORDS", 2)
    with pytest.raises(tf.errors.DataLossError, match="data_batch_1.bin.*more than 2 records"):
        tf.keras.datasets.cifar10.load_data()


def test_cifar10_an_archive_without_the_batches_is_a_data_loss_error(cache):
    os.makedirs(cache)
    with tarfile.open(cache / cifar10.ARCHIVE, "w:gz") as archive:
        info = tarfile.TarInfo("readme.html")
        info.size = 2
        archive.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(tf.errors.DataLossError, match="has no file .*data_batch_1.bin"):
        tf.keras.datasets.cifar10.load_data()


def test_cifar10_a_file_that_is_not_gzip_is_a_data_loss_error(cache):
    os.makedirs(cache)
    (cache / cifar10.ARCHIVE).write_bytes(b"<html>not found</html>")
    with pytest.raises(tf.errors.DataLossError, match="truncated or corrupted"):
        tf.keras.datasets.cifar10.load_data()


def test_cifar10_offline_without_the_archive_says_where_to_copy_it(cache):
    with pytest.raises(OSError, match="cifar-10-binary.tar.gz"):
        tf.keras.datasets.cifar10.load_data()
