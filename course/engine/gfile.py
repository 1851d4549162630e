"""`tf.io.gfile`: TF's file functions, for local files.

TF's gfile reaches local disks and cloud storage through one API; here it is the local
disk only, with TF's names, return values and error classes:

    >>> tf.io.gfile.makedirs("/tmp/run")
    >>> with tf.io.gfile.GFile("/tmp/run/notes.txt", "w") as f:
    ...     f.write("hello\\n")
    >>> tf.io.gfile.listdir("/tmp/run"), tf.io.gfile.exists("/tmp/run/notes.txt")
    (['notes.txt'], True)

A GFile opened for writing collects what is written and puts it in place atomically
(saving/atomic.py) when it is flushed or closed, so a reader never sees half a file.
A GFile opened to read ("r", "rb") opens the file at its first read, as TF's does, and
reads only what is asked for: `GFile(path).read(100)` of a 10 GB file takes 100 bytes.
"""
from __future__ import annotations

import glob as _glob
import io
import os
import shutil

from .errors import AlreadyExistsError, FailedPreconditionError, InvalidArgumentError, NotFoundError
from .saving.atomic import atomic_write
from .saving.reading import open_regular

__all__ = ["GFile", "exists", "isdir", "listdir", "makedirs", "mkdir", "glob", "remove",
           "rename", "copy", "rmtree", "walk", "stat"]


def _path(name) -> str:
    return os.fsdecode(name.numpy() if hasattr(name, "numpy") else name)


def _not_found(path: str) -> NotFoundError:
    return NotFoundError(None, None, f"{path}; No such file or directory")


def _open_to_read(path: str):
    """The file, opened to read, with TF's errors (never waiting on a named pipe)."""
    try:
        return open_regular(path, "file")
    except NotFoundError:
        if os.path.lexists(path):
            raise  # (there, but cannot be opened: open_regular says why)
        raise _not_found(path) from None
    except InvalidArgumentError:
        if os.path.isdir(path):
            raise FailedPreconditionError(None, None, f"{path}; Is a directory") from None
        raise


def exists(path) -> bool:
    """Whether a file or folder is there. Mirrors `tf.io.gfile.exists`."""
    return os.path.exists(_path(path))


def isdir(path) -> bool:
    """Whether `path` is a folder. Mirrors `tf.io.gfile.isdir`."""
    return os.path.isdir(_path(path))


def listdir(path) -> list:
    """The names in a folder (not full paths). Mirrors `tf.io.gfile.listdir`."""
    path = _path(path)
    if not os.path.isdir(path):
        raise NotFoundError(None, None, f"Could not find directory {path}")
    return os.listdir(path)


def makedirs(path) -> None:
    """Makes a folder and any missing parents; an existing folder is fine."""
    os.makedirs(_path(path), exist_ok=True)


def mkdir(path) -> None:
    """Makes one folder (its parent must exist); an existing folder is fine, as in TF."""
    path = _path(path)
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    except FileNotFoundError:
        raise _not_found(path) from None


def glob(pattern) -> list:
    """The paths matching a shell pattern (`*`, `?`, `[...]`). Mirrors `tf.io.gfile.glob`."""
    patterns = [pattern] if isinstance(pattern, (str, bytes)) or hasattr(pattern, "numpy") \
        else list(pattern)
    return sorted({p for one in patterns for p in _glob.glob(_path(one))})


def remove(path) -> None:
    """Deletes a file. Mirrors `tf.io.gfile.remove` (a missing file is NotFoundError)."""
    path = _path(path)
    try:
        os.remove(path)
    except FileNotFoundError:
        raise _not_found(path) from None


def rename(src, dst, overwrite: bool = False) -> None:
    """Moves `src` to `dst`; an existing `dst` is AlreadyExistsError unless `overwrite`."""
    src, dst = _path(src), _path(dst)
    if not os.path.exists(src):
        raise _not_found(src)
    if os.path.exists(dst) and not overwrite:
        raise AlreadyExistsError(None, None, "file already exists")
    os.replace(src, dst)


def copy(src, dst, overwrite: bool = False) -> None:
    """Copies a file (atomically); an existing `dst` is AlreadyExistsError unless `overwrite`."""
    src, dst = _path(src), _path(dst)
    if os.path.exists(dst) and not overwrite:
        raise AlreadyExistsError(None, None, "file already exists")
    try:
        with open(src, "rb") as f:
            atomic_write(dst, lambda out: shutil.copyfileobj(f, out))
    except FileNotFoundError:
        raise _not_found(src) from None


def rmtree(path) -> None:
    """Deletes a folder and everything in it. Mirrors `tf.io.gfile.rmtree`."""
    path = _path(path)
    if not os.path.exists(path):
        raise _not_found(path)
    shutil.rmtree(path)


def walk(top, topdown: bool = True, onerror=None):
    """(folder, subfolder names, file names) for each folder under `top`, as `os.walk`."""
    yield from os.walk(_path(top), topdown=topdown, onerror=onerror)


class FileStatistics:
    """What `stat` returns: `length` (bytes), `mtime_nsec`, `is_directory`."""

    def __init__(self, length: int, mtime_nsec: int, is_directory: bool):
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory


def stat(path) -> FileStatistics:
    """A file's size, modification time and kind. Mirrors `tf.io.gfile.stat`."""
    path = _path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _not_found(path) from None
    return FileStatistics(st.st_size, st.st_mtime_ns, os.path.isdir(path))


class GFile:
    """A file object with TF's modes: "r", "w", "a" (and "+" and "b" variants).

    Mirrors `tf.io.gfile.GFile`. Text modes read and write `str` (UTF-8), binary modes
    `bytes`. Writing collects the bytes and replaces the file atomically on `flush`
    and `close` (and at the end of a `with` block).
    """

    def __init__(self, name, mode: str = "r"):
        if mode.replace("b", "") not in ("r", "w", "a", "r+", "w+", "a+"):
            raise InvalidArgumentError(None, None,
                                       "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'")
        self.name, self.mode = _path(name), mode
        self._binary = "b" in mode
        self._writing = mode[0] in "wa" or "+" in mode
        self._buffer = None  # reading only: the file itself, opened at the first read (_stream)
        if self._writing:  # the whole content, written back atomically on flush
            start = b""
            if mode[0] in "ra":
                try:
                    with _open_to_read(self.name) as f:
                        start = f.read()
                except NotFoundError:
                    if mode[0] == "r" or os.path.lexists(self.name):
                        raise
            self._buffer = io.BytesIO(start)
            if mode[0] == "a":
                self._buffer.seek(0, io.SEEK_END)
        self._dirty = mode[0] == "w"  # (TF's "w" makes the file even if nothing is written)
        self.closed = False

    # -- reading ---------------------------------------------------------------------------
    def _out(self, data: bytes):
        return data if self._binary else data.decode("utf-8")

    def _stream(self):
        if self._buffer is None:
            self._buffer = _open_to_read(self.name)
        return self._buffer

    def read(self, n: int = -1):
        return self._out(self._stream().read(None if n is None or n < 0 else n))

    def readline(self):
        return self._out(self._stream().readline())

    def readlines(self) -> list:
        return [self._out(line) for line in self._stream().readlines()]

    def __iter__(self):
        return self  # (line by line, as TF's: never the whole file at once)

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    # -- writing ---------------------------------------------------------------------------
    def write(self, data) -> None:
        if not self._writing:
            raise PermissionError(f"File isn't open for writing: {self.name}")
        if hasattr(data, "numpy"):
            data = data.numpy()
        self._buffer.write(data.encode("utf-8") if isinstance(data, str) else bytes(data))
        self._dirty = True

    def flush(self) -> None:
        if self._writing and self._dirty:
            atomic_write(self.name, self._buffer.getvalue())
            self._dirty = False

    def close(self) -> None:
        if not self.closed:
            self.flush()
            self.closed = True
        if not self._writing and self._buffer is not None:
            self._buffer.close()
            self._buffer = None  # (TF: a read after close starts again from the beginning)

    # -- position --------------------------------------------------------------------------
    def tell(self) -> int:
        return self._stream().tell()

    def seek(self, offset: int = 0, whence: int = 0) -> int:
        return self._stream().seek(offset, whence)

    def size(self) -> int:
        if not self._writing:
            return os.fstat(self._stream().fileno()).st_size
        return len(self._buffer.getvalue())

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
