"""Writing saves so that a crash at any instant leaves the old save or the new one, never a mix.

One file: `atomic_write(path, data)` writes a temporary file beside `path`
(`.name.<random>.tmp`), flushes it to disk (fsync), renames it over `path`
(`os.replace` is atomic) and fsyncs the folder, so the rename itself
survives a power cut. A crash leaves the old file and, at worst, a
temporary file that the next save removes.

Several files (a checkpoint's index and data, a SavedModel's manifest,
variables and constants): one small file is the *pointer* that names the
others with their SHA-256, and it is written last. Overwriting an existing
save therefore writes every other file under a *pending* name first
(`name.pending-<random>`), then switches the pointer (one atomic rename),
then moves each pending file to its final name. A reader takes the pending
file while it exists and the final name otherwise, and checks the checksum:
at every instant the pointer and the files it names agree.

    >>> atomic_write("/tmp/demo/hello.txt", b"hello")
    >>> pending = pending_name("/tmp/demo/big.bin")
    >>> atomic_write(pending, data)          # ... then write the pointer naming it, then:
    >>> publish(pending, "/tmp/demo/big.bin")

New files get the mode the user's umask gives (0644 with umask 022), as
folders made with `os.makedirs` do. Saves to one folder take a lock on it
(`folder_lock`), so two programs saving there at once wait for each other
instead of removing each other's temporary files.

Read next: reading.py (how files are read back), checkpoint_files.py.
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import threading

import numpy as np

__all__ = ["atomic_write", "pending_name", "publish", "remove_leftovers", "folder_lock",
           "fsync_directory", "TEMP", "PENDING"]

# .ckpt-1.index.3f2a9c0d11e4b7a8.tmp   and   ckpt-1.data-00000-of-00001.pending-3f2a9c0d11e4b7a8
TEMP = re.compile(r"^\.(?P<final>.+)\.[0-9a-f]{16}\.tmp$")
PENDING = re.compile(r"^(?P<final>.+)\.pending-[0-9a-f]{16}$")


def atomic_write(path: str, data) -> None:
    """Writes `data` (bytes, or a function that writes to a binary file) to `path` atomically."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{secrets.token_hex(8)}.tmp")
    # O_EXCL: never follow or reuse an existing name; 0o666 & ~umask, like any new file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                _write_all(f, data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_directory(directory)


def _write_all(f, data: bytes) -> None:
    """The one place bytes reach the disk (tests make it fail to simulate a crash)."""
    f.write(data)


def fsync_directory(directory: str) -> None:
    """Makes renames and new names in `directory` durable."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows: folders cannot be opened; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def pending_name(path: str) -> str:
    """A fresh name beside `path` for a file that becomes `path` once the pointer names it."""
    return f"{path}.pending-{secrets.token_hex(8)}"


def refuse_objects(arrays: dict) -> None:
    """tf.string values are object arrays, which NumPy would pickle: our files never hold code."""
    if any(np.asarray(v).dtype == object for v in arrays.values()):
        raise NotImplementedError("Saving tf.string values (a string Variable or constant) is "
                                  "not supported: this engine's files hold numbers only.")


def publish(pending: str, path: str) -> None:
    """Moves a committed pending file to its final name (atomic; the pointer accepts both)."""
    os.replace(pending, path)
    fsync_directory(os.path.dirname(os.path.abspath(path)))


def remove_leftovers(directory: str, is_ours, keep=()) -> list:
    """Removes temporary and pending files of interrupted saves; returns their names.

    `is_ours(final_name)` says which saves the caller owns (the final name of
    `.ckpt-1.index.<hex>.tmp` is "ckpt-1.index"); files named in `keep`
    (pending files a pointer still names) stay.
    """
    removed = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    keep = {os.path.basename(k) for k in keep}
    for name in names:
        final = name
        for pattern in (TEMP, PENDING):   # a temporary file may be that of a pending file
            match = pattern.match(final)
            final = match.group("final") if match else final
        if final != name and is_ours(final) and name not in keep:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(directory, name))
                removed.append(name)
    return removed


# Saves in this process: one at a time (threads), and each folder's flock taken once (a
# second flock on another descriptor of the same folder would wait for the first forever).
_SAVING = threading.RLock()
_HELD: dict = {}


@contextlib.contextmanager
def folder_lock(directory: str):
    """Holds an exclusive lock on `directory` (flock; the OS releases it if the process dies).

    Re-entrant: a save that calls another save of the same folder does not wait for itself.
    """
    os.makedirs(directory, exist_ok=True)
    key = os.path.realpath(directory)
    with _SAVING:
        if key in _HELD:
            yield
            return
        try:
            import fcntl
        except ImportError:  # Windows: no flock; saves are still atomic, only not serialized
            fcntl = None
        fd = os.open(directory, os.O_RDONLY) if fcntl is not None else None
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            _HELD[key] = fd
            yield
        finally:
            _HELD.pop(key, None)
            if fd is not None:
                os.close(fd)  # closing releases the lock
