"""Data set loading: local (Debian) files first, then the cache, then a checked download.

No test touches the network: downloads come from a local http.server on
127.0.0.1 serving small files made here.
"""
import gzip
import hashlib
import http.server
import os
import threading

import numpy as np
import pytest

import course.engine as tf
from course.engine.keras.datasets import fashion_mnist, files, mnist


def write_idx(folder, n_train=5, n_test=3):
    """Tiny IDX files with Fashion-MNIST's names, headers and layout."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(0)
    data = {}
    for split, n in (("train", n_train), ("t10k", n_test)):
        images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, n, dtype=np.uint8)
        with gzip.open(os.path.join(folder, f"{split}-images-idx3-ubyte.gz"), "wb") as f:
            f.write(b"\0\0\x08\x03" + n.to_bytes(4, "big") + b"\0\0\0\x1c\0\0\0\x1c" + images.tobytes())
        with gzip.open(os.path.join(folder, f"{split}-labels-idx1-ubyte.gz"), "wb") as f:
            f.write(b"\0\0\x08\x01" + n.to_bytes(4, "big") + labels.tobytes())
        data[split] = (images, labels)
    return data


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No Debian folder, an empty cache, and downloads that would fail (offline)."""
    monkeypatch.setattr(fashion_mnist, "LOCAL_DIRS", [str(tmp_path / "debian")])
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(fashion_mnist, "BASE_URL", "http://127.0.0.1:9/")  # discard port
    return tmp_path


def _published(monkeypatch, folder):
    """Makes the files in `folder` the 'published' ones (their sizes and checksums)."""
    monkeypatch.setattr(fashion_mnist, "FILES", {
        name: (os.path.getsize(folder / name), hashlib.sha256((folder / name).read_bytes()).hexdigest())
        for name in fashion_mnist.FILES})


def test_loads_from_the_local_debian_folder(isolated, monkeypatch):
    data = write_idx(isolated / "debian")
    _published(monkeypatch, isolated / "debian")
    (x, y), (xt, yt) = tf.keras.datasets.fashion_mnist.load_data()
    assert x.shape == (5, 28, 28) and x.dtype == np.uint8 and y.dtype == np.uint8
    assert xt.shape == (3, 28, 28) and yt.shape == (3,)
    np.testing.assert_array_equal(x, data["train"][0])
    np.testing.assert_array_equal(yt, data["t10k"][1])


def test_the_installed_debian_package_path_is_where_dpkg_puts_it():
    assert fashion_mnist.LOCAL_DIRS == ["/usr/share/datasets/fashion-mnist"]


def test_a_truncated_local_file_is_a_clear_error(isolated, monkeypatch):
    write_idx(isolated / "debian")
    _published(monkeypatch, isolated / "debian")
    labels = isolated / "debian" / "train-labels-idx1-ubyte.gz"
    labels.write_bytes(labels.read_bytes()[:-7])
    with pytest.raises(tf.errors.DataLossError, match=r"train-labels-idx1-ubyte\.gz is truncated: it "
                                                      r"holds \d+ bytes.*apt-get install --reinstall"):
        tf.keras.datasets.fashion_mnist.load_data()
    _published(monkeypatch, isolated / "debian")     # even a file whose checksum is "right":
    with pytest.raises(tf.errors.DataLossError, match=r"train-labels-idx1-ubyte\.gz is truncated or "
                                                      r"corrupted \(EOFError"):
        tf.keras.datasets.fashion_mnist.load_data()


def test_a_header_promising_more_than_the_file_holds(isolated, monkeypatch):
    write_idx(isolated / "debian")
    images = isolated / "debian" / "t10k-images-idx3-ubyte.gz"
    raw = gzip.decompress(images.read_bytes())
    images.write_bytes(gzip.compress(raw[:4] + (4).to_bytes(4, "big") + raw[8:]))
    _published(monkeypatch, isolated / "debian")
    with pytest.raises(tf.errors.DataLossError, match=r"t10k-images-idx3-ubyte\.gz holds 2352 values "
                                                      r"where its header promises 3136"):
        tf.keras.datasets.fashion_mnist.load_data()


@pytest.mark.skipif(not os.path.isdir(fashion_mnist.LOCAL_DIRS[0]),
                    reason="Debian's dataset-fashion-mnist is not installed (the image has it)")
def test_the_debian_files_match_the_published_sizes_and_checksums():
    for name, (size, digest) in fashion_mnist.FILES.items():
        files.check_file(os.path.join(fashion_mnist.LOCAL_DIRS[0], name), size, digest, "")


def test_offline_with_nothing_installed_says_what_to_do(isolated):
    with pytest.raises(files.DatasetUnavailableError,
                       match=r"Could not download train-labels-idx1-ubyte.gz .*offline.*"
                             r"apt-get install dataset-fashion-mnist"):
        tf.keras.datasets.fashion_mnist.load_data()
    folder = os.path.join(files.cache_dir(), "fashion-mnist")
    assert not os.path.exists(folder) or os.listdir(folder) == []  # no partial download left


@pytest.fixture
def server(tmp_path):
    """A local HTTP server on 127.0.0.1 serving tmp_path/www; stopped after the test."""
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(root), **k)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_download_is_checked_and_cached(isolated, server, monkeypatch):
    root, url = server
    write_idx(root)
    monkeypatch.setattr(fashion_mnist, "BASE_URL", url)
    _published(monkeypatch, root)
    (x, y), _ = tf.keras.datasets.fashion_mnist.load_data()
    assert x.shape == (5, 28, 28)
    cached = os.path.join(files.cache_dir(), "fashion-mnist", "train-images-idx3-ubyte.gz")
    assert os.path.exists(cached)
    for name in fashion_mnist.FILES:
        (root / name).unlink()  # now only the cache has them
    (x2, _), _ = tf.keras.datasets.fashion_mnist.load_data()
    np.testing.assert_array_equal(x, x2)


def test_checksum_failure_keeps_nothing(isolated, server):
    root, url = server
    (root / "data.bin").write_bytes(b"not what was promised")
    with pytest.raises(files.DatasetUnavailableError, match=r"corrupt: its SHA-256 is [0-9a-f]{64}, "
                                                            r"expected 0{64}"):
        files.get_file("data.bin", url + "data.bin", "0" * 64, cache_subdir="x")
    assert os.listdir(os.path.join(files.cache_dir(), "x")) == []


def test_mnist_npz_from_cache_and_download(isolated, server, monkeypatch):
    root, url = server
    arrays = {"x_train": np.zeros((2, 28, 28), np.uint8), "y_train": np.array([1, 2], np.uint8),
              "x_test": np.ones((1, 28, 28), np.uint8), "y_test": np.array([3], np.uint8)}
    np.savez(root / "mnist.npz", **arrays)
    monkeypatch.setattr(mnist, "ORIGIN", url + "mnist.npz")
    monkeypatch.setattr(mnist, "SHA256", hashlib.sha256((root / "mnist.npz").read_bytes()).hexdigest())
    (x, y), (xt, yt) = tf.keras.datasets.mnist.load_data()
    assert x.shape == (2, 28, 28) and x.dtype == np.uint8 and list(yt) == [3]


def test_a_server_that_never_stops_sending_fills_no_disk(isolated):
    """A download with a published size stops as soon as it has more bytes than that (a
    broken or hostile server streaming forever would otherwise fill the disk): a clear
    error, nothing saved. The server here sends 64 kB blocks until the client hangs up."""
    sent = [0]

    class Endless(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            try:
                while sent[0] < 1 << 30:      # (a 1 GB safety stop for the test itself)
                    self.wfile.write(bytes(1 << 16))
                    sent[0] += 1 << 16
            except OSError:
                pass                          # the client hung up

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with pytest.raises(files.DatasetUnavailableError,
                           match=r"larger than the published file: over 3000000 bytes, expected "
                                 r"3000000\. Nothing was saved"):
            files.get_file("big.bin", f"http://127.0.0.1:{httpd.server_address[1]}/big.bin",
                           cache_subdir="x", file_size=3_000_000)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert os.listdir(os.path.join(files.cache_dir(), "x")) == []
    assert sent[0] < 64 << 20, f"the client read {sent[0] >> 20} MB for a 3 MB file"
