"""Bytes in, tensors out: `tf.io.decode_raw`, base64, `read_file`/`write_file`, `serialize_tensor`.

A `tf.string` element holds raw bytes. `decode_raw` reads them as numbers (each string
becomes one row), the base64 ops make them printable, and the file ops move a whole
file into one string (and back):

    >>> tf.io.decode_raw(tf.constant("Duck"), tf.uint8)
    <tf.Tensor: shape=(4,), dtype=uint8, numpy=array([ 68, 117,  99, 107], dtype=uint8)>
    >>> tf.io.encode_base64(tf.constant("hello"))
    <tf.Tensor: shape=(), dtype=string, numpy=b'aGVsbG8'>

None of these ops is differentiable (TF registers no gradients for them). Files are
written atomically (a temporary file, then a rename: saving/atomic.py).
"""
from __future__ import annotations

import base64
import binascii
import os

import numpy as np

from .. import dtypes
from ..errors import FailedPreconditionError, NotFoundError, invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import Tensor, convert_to_tensor
from . import register

_STRING = {dtypes.string}
# TF's DecodeRaw out_type list (without bfloat16, which this engine lacks; TF has no uint32 or
# uint64 here)
_RAW_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint16,
              dtypes.uint8, dtypes.int16, dtypes.int8, dtypes.int64, dtypes.complex64,
              dtypes.complex128, dtypes.bool)


def _strings(x, op_name: str, index: int = 0) -> Tensor:
    """`x` as a string tensor, or TF's error for input `index` of `op_name`."""
    x = x if isinstance(x, Tensor) else convert_to_tensor(x)
    if x.dtype is not dtypes.string:
        raise invalid_argument(op_name, f"cannot compute {op_name} as input #{index}(zero-based) "
                               f"was expected to be a string tensor but is a "
                               f"{dtypes.kernel_name(x.dtype)} tensor")
    return x


def _flat_bytes(data) -> list:
    return [bytes(b) for b in np.asarray(data, dtype=object).reshape(-1)]


# -- decode_raw -----------------------------------------------------------------------------
def _from_bytes(joined: bytes, out_type, little_endian: bool, shape: tuple) -> np.ndarray:
    dtype = np.dtype(out_type)
    if dtype.kind == "b":  # TF: any nonzero byte is True
        return (np.frombuffer(joined, np.uint8) != 0).reshape(shape)
    stored = dtype.newbyteorder("<" if little_endian else ">")
    return np.frombuffer(joined, stored).astype(dtype).reshape(shape)


def _decode_raw(data, out_type, little_endian):
    flat, size = _flat_bytes(data), np.dtype(out_type).itemsize
    length = len(flat[0]) if flat else 0
    if length % size:
        raise invalid_argument("DecodeRaw", f"Input to DecodeRaw has length {length} that is not a "
                               f"multiple of {size}, the size of {dtypes.kernel_name(out_type)}")
    for i, b in enumerate(flat):
        if len(b) != length:  # (TF's message has the sizes this way round)
            raise invalid_argument("DecodeRaw", "DecodeRaw requires input strings to all be the "
                                   f"same size, but element {i} has size {length} != {len(b)}",
                                   "every string becomes one row; pass fixed_length= to pad or "
                                   "cut them to one length.")
    return _from_bytes(b"".join(flat), out_type, little_endian, np.shape(data) + (length // size,))


def _decode_padded_raw(data, out_type, little_endian, fixed_length):
    size = np.dtype(out_type).itemsize
    if fixed_length % size:
        raise invalid_argument("DecodePaddedRaw", f"fixed_length ({fixed_length}) must be a "
                               f"multiple of the size of out_type ({size})")
    # each string cut to fixed_length bytes, or padded with zero bytes up to it
    joined = b"".join(b[:fixed_length].ljust(fixed_length, b"\0") for b in _flat_bytes(data))
    return _from_bytes(joined, out_type, little_endian, np.shape(data) + (fixed_length // size,))


DECODE_RAW = register(Op("DecodeRaw", _decode_raw, None, dtypes=_STRING))
DECODE_PADDED_RAW = register(Op("DecodePaddedRaw", _decode_padded_raw, None, dtypes=_STRING))
# In a graph: the strings' length is data, so the last axis is unknown until the graph runs
# (unless fixed_length says it). None of these ops may run on a stand-in value while tracing.
SHAPE_RULES["DecodeRaw"] = lambda specs, attrs: Spec(
    attrs["out_type"], None if specs[0].shape is None else specs[0].shape + (None,))
SHAPE_RULES["DecodePaddedRaw"] = lambda specs, attrs: Spec(
    attrs["out_type"], None if specs[0].shape is None else
    specs[0].shape + (attrs["fixed_length"] // np.dtype(attrs["out_type"]).itemsize,))


def decode_raw(input_bytes, out_type, little_endian: bool = True, fixed_length=None,
               name=None) -> Tensor:
    """Reads the bytes of each string as numbers of `out_type`. Mirrors `tf.io.decode_raw`.

    The result has one more axis than `input_bytes`: each string becomes a row of
    len(string) / out_type.size numbers. All strings need the same length, unless
    `fixed_length` (in bytes) cuts or zero-pads each one to it.

    >>> tf.io.decode_raw(tf.constant(["abcd", "efgh"]), tf.int16)
    <tf.Tensor: shape=(2, 2), dtype=int16, numpy=array([[25185, 25699], [26213, 26727]], ...)>
    """
    out_type = dtypes.as_dtype(out_type)
    if out_type not in _RAW_TYPES:
        names = ", ".join(dtypes.kernel_name(d) for d in _RAW_TYPES)
        raise invalid_argument("DecodeRaw", f"Value for attr 'out_type' of "
                               f"{dtypes.kernel_name(out_type)} is not in the list of allowed "
                               f"values: {names}")
    attrs = {"out_type": out_type.as_numpy_dtype, "little_endian": bool(little_endian)}
    if fixed_length is None:
        return execute(DECODE_RAW, (_strings(input_bytes, "DecodeRaw"),), attrs, name=name)
    attrs["fixed_length"] = int(fixed_length)
    return execute(DECODE_PADDED_RAW, (_strings(input_bytes, "DecodePaddedRaw"),), attrs, name=name)


# -- base64 (TF's web-safe alphabet: - and _ instead of + and /) ---------------------------------
def _encode_base64(data, pad):
    def one(b):
        text = base64.urlsafe_b64encode(bytes(b))
        return text if pad else text.rstrip(b"=")
    return _map_strings(data, one)


def _decode_base64(data):
    def one(b):
        text = bytes(b).rstrip(b"=")
        if len(text) % 4 == 1:
            raise invalid_argument("DecodeBase64", "Base64 string length cannot be 1 modulo 4.")
        if text.strip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"):
            raise invalid_argument("DecodeBase64", "Invalid character found in base64.",
                                   "TF's base64 is the web-safe kind: '-' and '_', not '+' and '/'.")
        try:
            return base64.urlsafe_b64decode(text + b"=" * (-len(text) % 4))
        except binascii.Error:
            raise invalid_argument("DecodeBase64", "Invalid character found in base64.") from None
    return _map_strings(data, one)


def _map_strings(data, fn):
    if np.ndim(data) == 0:
        return np.array(fn(np.asarray(data, dtype=object)[()]), dtype=object)
    out = np.empty(np.shape(data), dtype=object)
    for index, b in np.ndenumerate(np.asarray(data, dtype=object)):
        out[index] = fn(b)
    return out


ENCODE_BASE64 = register(Op("EncodeBase64", _encode_base64, None, dtypes=_STRING))
DECODE_BASE64 = register(Op("DecodeBase64", _decode_base64, None, dtypes=_STRING))
SHAPE_RULES["EncodeBase64"] = SHAPE_RULES["DecodeBase64"] = \
    lambda specs, attrs: Spec(object, specs[0].shape)


def encode_base64(input, pad: bool = False, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Each string in web-safe base64 (`-` and `_`), without `=` padding unless `pad`.

    Mirrors `tf.io.encode_base64`.

    >>> tf.io.encode_base64(tf.constant(["ab"]), pad=True)
    <tf.Tensor: shape=(1,), dtype=string, numpy=array([b'YWI='], dtype=object)>
    """
    return execute(ENCODE_BASE64, (_strings(input, "EncodeBase64"),), {"pad": bool(pad)}, name=name)


def decode_base64(input, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Decodes web-safe base64 strings, with or without padding. Mirrors `tf.io.decode_base64`.

    >>> tf.io.decode_base64(tf.constant("aGVsbG8"))
    <tf.Tensor: shape=(), dtype=string, numpy=b'hello'>
    """
    return execute(DECODE_BASE64, (_strings(input, "DecodeBase64"),), name=name)


# -- whole files ----------------------------------------------------------------------------------
def _scalar_path(value, op_name: str, what: str) -> str:
    if np.ndim(value):
        raise invalid_argument(op_name, f"{what} tensor must be scalar, but had shape: "
                               f"[{','.join(str(d) for d in np.shape(value))}]")
    return os.fsdecode(bytes(np.asarray(value, dtype=object)[()]))


def _read_file(filename):
    from ..saving.reading import open_regular  # (refuses a named pipe: reading it would block)
    path = _scalar_path(filename, "ReadFile", "Input filename")
    if not os.path.exists(path):  # (a dangling link too, as TF)
        raise NotFoundError(None, "ReadFile", f"{path}; No such file or directory "
                            "[Op:ReadFile]")
    if os.path.isdir(path):
        raise FailedPreconditionError(None, "ReadFile", f"{path}; Is a directory "
                                      "[Op:ReadFile]")
    with open_regular(path, "file") as f:
        return np.array(f.read(), dtype=object)


def _write_file(filename, contents):
    from ..saving.atomic import atomic_write  # (makes missing folders, as TF's WriteFile does)
    path = _scalar_path(filename, "WriteFile", "Input filename")
    if np.ndim(contents):
        raise invalid_argument("WriteFile", "Contents tensor must be scalar, but had shape: "
                               f"[{','.join(str(d) for d in np.shape(contents))}]")
    atomic_write(path, bytes(np.asarray(contents, dtype=object)[()]))


READ_FILE = register(Op("ReadFile", _read_file, None, dtypes=_STRING, stateful=True))
WRITE_FILE = register(Op("WriteFile", _write_file, None, dtypes=_STRING, outputs=0))
SHAPE_RULES["ReadFile"] = lambda specs, attrs: Spec(object, ())  # (never read while tracing)


def read_file(filename, name=None) -> Tensor:
    """The bytes of a file, as one scalar string. Mirrors `tf.io.read_file`.

    A missing file is TF's NotFoundError naming the path.

    >>> tf.io.write_file("/tmp/hello.txt", "hello")
    >>> tf.io.read_file("/tmp/hello.txt")
    <tf.Tensor: shape=(), dtype=string, numpy=b'hello'>
    """
    return execute(READ_FILE, (_strings(filename, "ReadFile"),), name=name)


def write_file(filename, contents, name=None):
    """Writes a scalar string to a file (atomically), making missing folders.

    Mirrors `tf.io.write_file`; eagerly it returns None, as TF's does.
    """
    return execute(WRITE_FILE, (_strings(filename, "WriteFile"), _strings(contents, "WriteFile", 1)),
                   name=name)
