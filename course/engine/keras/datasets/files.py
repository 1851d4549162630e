"""Finding, downloading and checking data files (Keras's `get_file`, reduced).

A download goes to a temporary file, is checked against its size and
SHA-256, and is only then moved into the cache with `os.replace`: a broken or
tampered download never lands in the cache. Files found on disk (a cached
copy, Debian's package) are checked the same way before they are read
(`check_file`): a truncated file is a clear DataLossError, never an EOFError.
"""
from __future__ import annotations

import os

__all__ = ["cache_dir", "get_file", "check_file", "sha256", "DatasetUnavailableError"]


class DatasetUnavailableError(OSError):
    """A data file is neither installed, cached nor downloadable."""


def cache_dir() -> str:
    """~/.keras/datasets, or $KERAS_HOME/datasets (as Keras)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(home, "datasets")


def sha256(path: str) -> str:
    import hashlib
    from ...saving.reading import open_regular   # refuses named pipes (a read would block)
    digest = hashlib.sha256()
    with open_regular(path, "data set file") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: str, size: int | None, file_hash: str | None, fix: str) -> None:
    """Raises DataLossError naming `path` unless it has `size` bytes and SHA-256 `file_hash`."""
    from ...errors import DataLossError
    actual = os.path.getsize(path)
    if size is not None and actual != size:
        raise DataLossError(None, None, f"{path} is {'truncated' if actual < size else 'corrupted'}"
                                        f": it holds {actual} bytes, the published file {size}. "
                                        f"{fix}")
    if file_hash is not None:
        got = sha256(path)
        if got != file_hash:
            raise DataLossError(None, None, f"{path} is corrupted: its SHA-256 is {got}, expected "
                                            f"{file_hash}. {fix}")


def get_file(fname: str, origin: str, file_hash: str | None = None,
             cache_subdir: str = "", hint: str = "", timeout: float = 60.0,
             file_size: int | None = None) -> str:
    """The local path of `fname`: from the cache if present, else downloaded from `origin`.

    `file_hash` (SHA-256 hex) and `file_size` are checked after every
    download, and on cached files too (a bad cached copy is fetched again).
    `hint` is added to the error when the file cannot be had.
    """
    import tempfile  # imported here: `import course.engine` stays fast
    import urllib.error
    import urllib.request
    folder = os.path.join(cache_dir(), cache_subdir)
    path = os.path.join(folder, fname)
    if os.path.exists(path):
        if (file_size is None or os.path.getsize(path) == file_size) and \
                (file_hash is None or sha256(path) == file_hash):
            return path
        # a truncated or corrupt cached copy: fetch it again
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".download-")
    os.close(fd)
    try:
        try:
            with urllib.request.urlopen(origin, timeout=timeout) as response, \
                    open(tmp, "wb") as out:
                for block in iter(lambda: response.read(1 << 20), b""):
                    out.write(block)
                    if file_size is not None and out.tell() > file_size:
                        break  # (more than the published file: refused below, the disk not filled)
        except (urllib.error.URLError, OSError) as e:
            raise DatasetUnavailableError(
                f"Could not download {fname} from {origin} ({getattr(e, 'reason', e)}). "
                f"Are you offline? {hint}The file can also be copied by hand to {path}.") from None
        size = os.path.getsize(tmp)
        if file_size is not None and size != file_size:
            what = f"incomplete: {size} bytes" if size < file_size else \
                f"larger than the published file: over {file_size} bytes"
            raise DatasetUnavailableError(
                f"The download of {fname} from {origin} is {what}, expected {file_size}. "
                "Nothing was saved; try again later.")
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
