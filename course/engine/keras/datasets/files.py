"""Finding, downloading and checking data files (Keras's `get_file`, reduced).

A download goes to a temporary file, is checked against its SHA-256, and is
only then moved into the cache with `os.replace`: a broken or tampered
download never lands in the cache.
"""
from __future__ import annotations

import os

__all__ = ["cache_dir", "get_file", "sha256", "DatasetUnavailableError"]


class DatasetUnavailableError(OSError):
    """A data file is neither installed, cached nor downloadable."""


def cache_dir() -> str:
    """~/.keras/datasets, or $KERAS_HOME/datasets (as Keras)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(home, "datasets")


def sha256(path: str) -> str:
    import hashlib
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def get_file(fname: str, origin: str, file_hash: str | None = None,
             cache_subdir: str = "", hint: str = "", timeout: float = 60.0) -> str:
    """The local path of `fname`: from the cache if present, else downloaded from `origin`.

    `file_hash` (SHA-256 hex) is checked after every download, and on cached
    files too. `hint` is added to the error when the file cannot be had.
    """
    import tempfile  # imported here: `import course.engine` stays fast
    import urllib.error
    import urllib.request
    folder = os.path.join(cache_dir(), cache_subdir)
    path = os.path.join(folder, fname)
    if os.path.exists(path):
        if file_hash is None or sha256(path) == file_hash:
            return path
        # a corrupt cached copy: fetch it again
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".download-")
    os.close(fd)
    try:
        try:
            with urllib.request.urlopen(origin, timeout=timeout) as response, \
                    open(tmp, "wb") as out:
                for block in iter(lambda: response.read(1 << 20), b""):
                    out.write(block)
        except (urllib.error.URLError, OSError) as e:
            raise DatasetUnavailableError(
                f"Could not download {fname} from {origin} ({getattr(e, 'reason', e)}). "
                f"Are you offline? {hint}The file can also be copied by hand to {path}.") from None
        if file_hash is not None:
            got = sha256(tmp)
            if got != file_hash:
                raise DatasetUnavailableError(
                    f"The download of {fname} from {origin} is corrupt: its SHA-256 is {got}, "
                    f"expected {file_hash}. Nothing was saved; try again later.")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path
