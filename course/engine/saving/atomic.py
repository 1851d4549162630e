"""Files that are either fully written or not there at all, and arrays read back safely.

`atomic_write(path, write)` writes to a temporary file in the same
directory, flushes it to disk (fsync), then renames it over `path`
(`os.replace` is atomic on POSIX and Windows). A crash or an exception in the
middle leaves the old file untouched and no half-written one behind.

`read_arrays(path, expected)` loads a `.npz` with `allow_pickle=False` (no
code can run from the file) and checks every array against the dtype and
shape the index promised, so a corrupted file gives `DataLossError` naming
the file, never a crash deep inside NumPy.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile

import numpy as np

from ..errors import DataLossError, NotFoundError

__all__ = ["atomic_write", "write_arrays", "read_arrays", "read_text", "sha256"]


def atomic_write(path: str, data: bytes) -> None:
    """Writes `data` to `path` atomically (temp file + fsync + os.replace)."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            _write_all(f, data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


def _write_all(f, data: bytes) -> None:
    """The one place bytes reach the disk (tests make it fail to simulate a crash)."""
    f.write(data)


def _fsync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows: directories cannot be opened; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_arrays(path: str, arrays: dict) -> str:
    """Saves named arrays as an uncompressed `.npz`, atomically; returns its SHA-256."""
    arrays = {k: np.asarray(v) for k, v in arrays.items()}
    # tf.string values are object arrays, which NumPy would pickle: our files never hold code
    if any(v.dtype == object for v in arrays.values()):
        raise NotImplementedError("Saving tf.string values (a string Variable) is not "
                                  "supported: this engine's files hold numbers only.")
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    data = buffer.getvalue()
    atomic_write(path, data)
    return hashlib.sha256(data).hexdigest()


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_text(path: str, what: str) -> str:
    """A small text file (JSON index, state file), or NotFoundError/DataLossError naming it."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise NotFoundError(None, None, f"{what} not found: {path}") from None
    except OSError as e:
        raise NotFoundError(None, None, f"{what} could not be read: {path} ({e})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataLossError(None, None, f"{what} is corrupted (not UTF-8 text): {path}") from None


def read_arrays(path: str, expected: dict, checksum: str | None = None) -> dict:
    """Loads `.npz` arrays, checking each against `expected[key] = (numpy dtype, shape)`."""
    if not os.path.exists(path):
        raise NotFoundError(None, None, f"data file not found: {path}")
    if checksum is not None and sha256(path) != checksum:
        raise DataLossError(None, None, f"data file is corrupted or truncated (checksum mismatch): "
                                        f"{path}")
    out = {}
    try:
        with np.load(path, allow_pickle=False) as archive:
            names = set(archive.files)
            for key, (dtype, shape) in expected.items():
                if key not in names:
                    raise DataLossError(None, None, f"data file {path} has no array {key!r}")
                array = archive[key]
                if array.dtype != dtype or array.shape != tuple(shape):
                    raise DataLossError(
                        None, None, f"data file {path}: array {key!r} has dtype {array.dtype} and "
                                    f"shape {array.shape}, but the index says {np.dtype(dtype)} "
                                    f"and {tuple(shape)}")
                out[key] = array
    except DataLossError:
        raise
    except (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile, RuntimeError) as e:
        raise DataLossError(None, None, f"data file is corrupted or truncated: {path} "
                                        f"({type(e).__name__}: {e})") from None
    return out
