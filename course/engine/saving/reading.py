"""Reading save files that may be damaged or hostile: bounded, checked, never code.

Every loader (checkpoints, SavedModels, `.keras`, `.weights.h5`) reads
through these functions, so each rule holds everywhere:

- only regular files are opened (a named pipe or a device would block or
  never end): `open_regular`;
- sizes are checked before anything is allocated: a text file against
  `MAX_TEXT_BYTES`, an array's declared dtype and shape against what the
  index promised, the bytes the file really holds and `MAX_ARRAY_BYTES`;
  archive members are decompressed only up to the size they must have;
- JSON is parsed with a depth limit (`MAX_JSON_DEPTH`);
- arrays are read from `.npy` headers checked by NumPy's own parser, never
  with pickle;
- every failure is a TF error class naming the file: `NotFoundError` (no
  such file), `InvalidArgumentError` (not a regular file, or a name that
  leaves the save's folder), `ResourceExhaustedError` (a size beyond the
  limits), `DataLossError` (truncated, corrupted, or not what it should be).

    >>> with open_regular("ckpt-1.data-00000-of-00001", "checkpoint data file") as f:
    ...     arrays = read_npz(f, {"a0": (np.dtype("float32"), (2, 3))}, "checkpoint data file ...")

Read next: atomic.py (how the files are written).
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import stat
import struct
import tokenize
import zipfile
import zlib

import numpy as np

from ..errors import DataLossError, InvalidArgumentError, NotFoundError, ResourceExhaustedError

__all__ = ["open_regular", "read_text", "read_json", "parse_json", "read_npz", "read_member",
           "open_zip", "sha256", "inside", "MAX_TEXT_BYTES", "MAX_JSON_DEPTH", "MAX_ARRAY_BYTES"]

MAX_TEXT_BYTES = 64 << 20      # an index, manifest or config far beyond any real model's
MAX_JSON_DEPTH = 100           # our files nest about 10 deep
MAX_ARRAY_BYTES = 2 << 30      # 2 GiB per array: TF's own limit for one tensor in a proto
_NPY_HEADER_MAX = 1 << 16      # NumPy's headers are a few hundred bytes
_READ_CHUNK = 1 << 20          # bytes of an array read at a time


# -- opening ---------------------------------------------------------------------------------
def open_regular(path: str, what: str):
    """Opens `path` for reading if it is a regular file; clear errors otherwise.

    O_NONBLOCK makes opening a named pipe return at once instead of waiting
    for a writer; fstat then tells what was opened (no race with a swap).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotFoundError(None, None, f"{what} not found: {path}") from None
    except OSError as e:
        raise NotFoundError(None, None, f"{what} could not be opened: {path} "
                                        f"({e.strerror or e})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a directory" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
                else "a device or socket")
        raise InvalidArgumentError(None, None, f"{what} is not a regular file ({kind}): {path}; "
                                               "refusing to read it")
    return os.fdopen(fd, "rb")


def inside(folder: str, name: str) -> bool:
    """Whether `name` (relative to `folder`, or absolute) resolves inside `folder`."""
    root = os.path.realpath(folder)
    target = os.path.realpath(os.path.join(folder, name))
    return os.path.commonpath([root, target]) == root and target != root


def sha256(path: str, what: str = "file") -> str:
    digest = hashlib.sha256()
    with open_regular(path, what) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- text and JSON ---------------------------------------------------------------------------
def read_text(path: str, what: str, limit: int = MAX_TEXT_BYTES) -> str:
    """A UTF-8 text file of at most `limit` bytes."""
    with open_regular(path, what) as f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            raise ResourceExhaustedError(None, None, f"{what} is too large: {path} holds {size} "
                                                     f"bytes (at most {limit} expected)")
        # (the size fstat gave, not the limit: read(n) sets n bytes aside before reading, and
        # 64 MB for each index or manifest of a few hundred bytes would be a waste)
        raw = f.read(size + 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataLossError(None, None, f"{what} is corrupted (not UTF-8 text): {path}") from None


def read_json(path: str, what: str, limit: int = MAX_TEXT_BYTES):
    return parse_json(read_text(path, what, limit), f"{what} {path}")


def parse_json(text, where: str):
    """json.loads with clean errors: DataLossError for bad or too deeply nested JSON."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise DataLossError(None, None, f"{where}: JSON nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as e:  # JSONDecodeError, or an int of 5,000 digits
        raise DataLossError(None, None, f"{where} is corrupted or truncated (not valid JSON: "
                                        f"{e})") from None
    _check_depth(value, where)
    return value


def _check_depth(value, where: str) -> None:
    todo = [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if depth > MAX_JSON_DEPTH:
            raise DataLossError(None, None, f"{where}: JSON nested more than {MAX_JSON_DEPTH} "
                                            "levels deep")
        if isinstance(item, dict):
            todo.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            todo.extend((v, depth + 1) for v in item)


# -- archives ----------------------------------------------------------------------------------
# What zipfile, zlib and NumPy's header parser raise on damaged input.
_ARCHIVE_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError,
                   struct.error, NotImplementedError, RuntimeError, OverflowError, IndexError,
                   SyntaxError, tokenize.TokenError)


@contextlib.contextmanager
def archive_errors(where: str):
    """Turns zipfile/zlib/NumPy errors inside the block into a DataLossError naming `where`."""
    try:
        yield
    except MemoryError:
        raise ResourceExhaustedError(None, None, f"{where}: out of memory while reading") from None
    except RecursionError:
        raise DataLossError(None, None, f"{where} is corrupted (nested too deeply)") from None
    except _ARCHIVE_ERRORS as e:
        raise DataLossError(None, None, f"{where} is corrupted or truncated "
                                        f"({type(e).__name__}: {e})") from None


def open_zip(source, where: str) -> zipfile.ZipFile:
    """A ZipFile over an open file or bytes; DataLossError if it is not a readable archive."""
    with archive_errors(where):
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)


def read_member(archive: zipfile.ZipFile, name: str, where: str, limit: int) -> bytes:
    """The bytes of one archive member, decompressing at most `limit` bytes."""
    with archive_errors(where):
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise DataLossError(None, None, f"{where} has no {name}") from None
        if info.file_size > limit:
            raise ResourceExhaustedError(None, None, f"{where}: {name} declares {info.file_size} "
                                                     f"bytes, more than the {limit} it can hold "
                                                     "here (a corrupted or malicious file?)")
        with archive.open(info) as f:
            data = f.read(limit + 1)   # zipfile stops at the declared size and checks the CRC
        if len(data) != info.file_size:
            raise DataLossError(None, None, f"{where}: {name} is truncated")
        return data


def read_npz(source, expected: dict, where: str, mismatch=None) -> dict:
    """The arrays of a `.npz` (an open file, bytes, or an open_zip of them), checked.

    `expected[name] = (numpy dtype, shape)`. Members must be stored
    uncompressed, as `np.savez` writes them; each header must declare exactly
    the expected dtype and shape, and the member must hold exactly those bytes,
    all before an array is allocated. An array whose dtype or shape differs
    raises `mismatch(message)` (default: a DataLossError). Closes the archive.
    """
    mismatch = mismatch or (lambda text: DataLossError(None, None, text))
    archive = source if isinstance(source, zipfile.ZipFile) else open_zip(source, where)
    total = _source_size(archive.fp)
    out = {}
    with archive, archive_errors(where):
        infos = {info.filename: info for info in archive.infolist()}
        declared = 0
        for key, (dtype, shape) in expected.items():
            info = infos.get(key + ".npy")
            if info is None:
                raise DataLossError(None, None, f"{where} has no array {key!r}")
            nbytes = _nbytes(dtype, shape, key, where)
            if info.file_size < nbytes or info.file_size > nbytes + _NPY_HEADER_MAX:
                got = _npy_header(archive, info)
                if got is not None and got != (np.dtype(dtype), tuple(shape)):
                    raise mismatch(f"{where}: array {key!r} has dtype {got[0]} and shape "
                                   f"{got[1]}, but {np.dtype(dtype)} {tuple(shape)} was expected")
            if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
                raise DataLossError(None, None, f"{where}: array {key!r} is compressed; files "
                                                "written by course.engine store arrays as they are")
            if not nbytes < info.file_size <= nbytes + _NPY_HEADER_MAX:
                raise DataLossError(None, None, f"{where}: array {key!r} holds {info.file_size} "
                                                f"bytes, but {np.dtype(dtype)} {tuple(shape)} needs "
                                                f"{nbytes} plus a header")
            declared += info.file_size
        if declared > total:
            raise DataLossError(None, None, f"{where} is truncated: its arrays need {declared} "
                                            f"bytes, the file holds {total}")
        for key, (dtype, shape) in expected.items():
            with archive.open(infos[key + ".npy"]) as f:
                out[key] = _read_npy(f, np.dtype(dtype), tuple(shape), key, where, mismatch)
    return out


def _npy_header(archive, info):
    """(dtype, shape) declared by a member's .npy header, or None if it cannot be read."""
    try:
        with archive.open(info) as f:
            version = np.lib.format.read_magic(f)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else \
                np.lib.format.read_array_header_2_0
            shape, _, dtype = read(f, max_header_size=_NPY_HEADER_MAX)
        return dtype, tuple(shape)
    except _ARCHIVE_ERRORS:
        return None


def _source_size(fp) -> int:
    if isinstance(fp, io.BytesIO):
        return len(fp.getbuffer())
    return os.fstat(fp.fileno()).st_size


def _nbytes(dtype, shape, key: str, where: str) -> int:
    count = 1
    for d in shape:
        count *= d
    nbytes = count * np.dtype(dtype).itemsize
    if nbytes > MAX_ARRAY_BYTES:
        raise ResourceExhaustedError(None, None, f"{where}: array {key!r} of shape {tuple(shape)} "
                                                 f"would take {nbytes} bytes (at most "
                                                 f"{MAX_ARRAY_BYTES} per array)")
    return nbytes


def _read_npy(f, dtype: np.dtype, shape: tuple, key: str, where: str, mismatch) -> np.ndarray:
    fmt = np.lib.format
    version = fmt.read_magic(f)
    if version == (1, 0):
        got_shape, fortran, got_dtype = fmt.read_array_header_1_0(f, max_header_size=_NPY_HEADER_MAX)
    elif version in ((2, 0), (3, 0)):
        got_shape, fortran, got_dtype = fmt.read_array_header_2_0(f, max_header_size=_NPY_HEADER_MAX)
    else:
        raise DataLossError(None, None, f"{where}: array {key!r} has an unknown .npy version")
    if got_dtype.hasobject:
        raise DataLossError(None, None, f"{where}: array {key!r} holds Python objects (refused: "
                                        "reading them would need pickle)")
    if got_dtype != dtype or tuple(got_shape) != shape:
        raise mismatch(f"{where}: array {key!r} has dtype {got_dtype} and shape "
                       f"{tuple(got_shape)}, but {dtype} {shape} was expected")
    buffer = bytearray(int(np.prod(shape, dtype=np.int64)) * dtype.itemsize)
    view, filled = memoryview(buffer), 0
    while filled < len(buffer):
        # a megabyte at a time: zipfile reads into temporaries of the size asked for, which
        # for the whole array at once would hold two more copies of it while it is read
        n = f.readinto(view[filled:filled + _READ_CHUNK])
        if not n:
            raise DataLossError(None, None, f"{where}: array {key!r} is truncated")
        filled += n
    if f.read(1):
        raise DataLossError(None, None, f"{where}: array {key!r} has trailing bytes")
    array = np.frombuffer(buffer, dtype)
    return array.reshape(shape[::-1]).T if fortran else array.reshape(shape)
