"""`tf.io.serialize_tensor` and `parse_tensor`: a tensor as the bytes of TF's TensorProto.

TF's TensorProto is a protocol-buffer message. `serialize_tensor` writes the fields TF's
kernel writes, in its order, so the bytes are TF's own (and a file of them can be read by
real TensorFlow):

    field 1  dtype         varint, TF's DataType number (DT_FLOAT = 1, ...)
    field 2  tensor_shape  a message: one `dim` (field 2, a message: size = field 1) per axis
    field 4  tensor_content  the elements' bytes, little-endian (numbers and bools)
    field 8  string_val    one per element (strings)

Protocol buffers write each field as a key (field number * 8 + wire type) followed by a
varint (wire type 0), or a varint length and that many bytes (wire type 2).
`parse_tensor` reads those fields back, and also the per-type value lists that
`tf.make_tensor_proto` writes (`float_val`, `int_val`, ...).

    >>> tf.io.serialize_tensor(tf.constant([1.5, 2.0])).numpy()
    b'\\x08\\x01\\x12\\x04\\x12\\x02\\x08\\x02"\\x08\\x00\\x00\\xc0?\\x00\\x00\\x00@'
"""
from __future__ import annotations

import base64
import math

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import Tensor, convert_to_tensor
from . import register

# TF's DataType numbers (tensorflow/core/framework/types.proto)
_DATA_TYPE = {dtypes.float32: 1, dtypes.float64: 2, dtypes.int32: 3, dtypes.uint8: 4,
              dtypes.int16: 5, dtypes.int8: 6, dtypes.string: 7, dtypes.complex64: 8,
              dtypes.int64: 9, dtypes.bool: 10, dtypes.complex128: 18, dtypes.float16: 19}
_BY_NUMBER = {n: d for d, n in _DATA_TYPE.items()}


# -- writing --------------------------------------------------------------------------------------
def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1  # (a negative int64 is written as its two's complement, ten bytes)
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _bytes_field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _serialize(x):
    dtype = dtypes.from_numpy(np.asarray(x).dtype) if np.asarray(x).dtype.kind != "O" \
        else dtypes.string
    shape = b"".join(_bytes_field(2, _varint(1 << 3) + _varint(d) if d else b"")
                     for d in np.shape(x))
    out = _varint(1 << 3) + _varint(_DATA_TYPE[dtype]) + _bytes_field(2, shape)
    if dtype is dtypes.string:
        out += b"".join(_bytes_field(8, bytes(s)) for s in np.asarray(x, dtype=object).reshape(-1))
    elif np.size(x):
        out += _bytes_field(4, np.ascontiguousarray(x, dtype=np.dtype(x.dtype).newbyteorder("<"))
                            .tobytes())
    return np.array(out, dtype=object)


# -- reading --------------------------------------------------------------------------------------
def _read_varint(data: bytes, i: int) -> tuple:
    shift = value = 0
    while True:
        if i >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i, shift = i + 1, shift + 7
        if not byte & 0x80:
            return value, i


def _fields(data: bytes):
    """(field number, wire type, value) for each field: an int (varint) or bytes."""
    i = 0
    while i < len(data):
        key, i = _read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _read_varint(data, i)
        elif wire == 2:
            length, i = _read_varint(data, i)
            if i + length > len(data):
                raise ValueError("truncated field")
            value, i = data[i:i + length], i + length
        elif wire in (1, 5):  # fixed64, fixed32: a value of a non-packed list
            size = 8 if wire == 1 else 4
            value, i = data[i:i + size], i + size
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def _varints(data: bytes) -> list:
    out, i = [], 0
    while i < len(data):
        n, i = _read_varint(data, i)
        out.append(n - (1 << 64) if n >= 1 << 63 else n)
    return out


# field number of a typed value list -> how its packed bytes read
_VALUE_LISTS = {5: "<f4", 6: "<f8", 9: "<f4", 12: "<f8", 7: "varint", 10: "varint",
                11: "varint", 13: "varint"}


_FILL_LIMIT = 2**30  # bytes a parsed tensor may fill from fewer values than elements


def _parse(serialized, out_type):
    if np.ndim(serialized):
        raise invalid_argument("ParseTensor", "Expected `serialized` to be a scalar, got shape: "
                               f"[{','.join(str(d) for d in np.shape(serialized))}]")
    data = bytes(np.asarray(serialized, dtype=object)[()])
    try:
        number, shape, content, strings, values = 0, [], None, [], []
        for field, wire, value in _fields(data):
            if field == 1:
                number = value
            elif field == 2:
                shape = [next((size for f, _, size in _fields(dim) if f == 1), 0)
                         for f, _, dim in _fields(value) if f == 2]
            elif field == 4:
                content = value
            elif field == 8:
                strings.append(value)
            elif field in _VALUE_LISTS:
                kind = _VALUE_LISTS[field]
                if wire == 2:
                    values += _varints(value) if kind == "varint" else \
                        np.frombuffer(value, kind).tolist()
                else:
                    values.append(_varints(_varint(value))[0] if wire == 0 else
                                  np.frombuffer(value, kind)[0])
    except ValueError:
        raise invalid_argument("ParseTensor", "Could not parse `serialized` as TensorProto, "
                               f"base64: {base64.b64encode(data).decode()}") from None
    dtype = _BY_NUMBER.get(number)
    if dtype is None:
        raise invalid_argument("ParseTensor", "Cannot parse tensor from proto: no dtype in it")
    want = dtypes.as_dtype(out_type)
    if dtype is not want:
        raise invalid_argument("ParseTensor", f"Type mismatch between parsed tensor "
                               f"({dtypes.kernel_name(dtype)}) and dtype "
                               f"({dtypes.kernel_name(want)})")
    size = math.prod(shape)  # (Python ints: exact for any dims the proto claims)
    if content is None and dtype is not dtypes.string and size > max(len(values), 1) and \
            size * np.dtype(dtype.as_numpy_dtype).itemsize > _FILL_LIMIT:
        # TF fills such a tensor from one value (or zeros); a few bytes must not make gigabytes
        raise invalid_argument("ParseTensor", f"The TensorProto has shape {shape} ({size} "
                               f"elements) but only {len(values)} value(s): this engine fills "
                               f"at most {_FILL_LIMIT // 2**20} MiB from so few values")
    if dtype is dtypes.string:
        flat = np.empty(len(strings), dtype=object)
        flat[:] = strings
        return flat.reshape(shape)
    np_type = np.dtype(dtype.as_numpy_dtype)
    if content is not None:
        return np.frombuffer(content, np_type.newbyteorder("<")).astype(np_type).reshape(shape)
    if dtype is dtypes.float16:  # half_val holds each value's 16 bits as an int
        values = np.array(values, np.uint16).view(np.float16).tolist()
    if dtype.is_complex:  # scomplex_val, dcomplex_val: real, imaginary, real, ...
        values = (np.array(values[0::2]) + 1j * np.array(values[1::2])).tolist()
    flat = np.array(values, np_type) if values else np.zeros(0, np_type)
    if flat.size == 1 and size != 1:  # TF: a single value fills the whole tensor
        flat = np.full(size, flat[0], np_type)
    return flat.reshape(shape) if flat.size == size else np.zeros(shape, np_type)


SERIALIZE_TENSOR = register(Op("SerializeTensor", _serialize, None, dtypes=dtypes.ALL_AND_STRING))
PARSE_TENSOR = register(Op("ParseTensor", _parse, None, dtypes={dtypes.string}))
SHAPE_RULES["SerializeTensor"] = lambda specs, attrs: Spec(object, ())
SHAPE_RULES["ParseTensor"] = lambda specs, attrs: Spec(attrs["out_type"], None)  # (data)


def serialize_tensor(tensor, name=None) -> Tensor:
    """The tensor as one scalar string: the bytes of TF's TensorProto.

    Mirrors `tf.io.serialize_tensor`; `parse_tensor` turns the bytes back into the tensor.
    """
    x = tensor if isinstance(tensor, Tensor) or getattr(tensor, "_is_variable", False) \
        else convert_to_tensor(tensor)
    return execute(SERIALIZE_TENSOR, (x,), name=name)


def parse_tensor(serialized, out_type, name=None) -> Tensor:
    """The tensor a TensorProto's bytes describe; `out_type` must be its dtype.

    Mirrors `tf.io.parse_tensor`.

    >>> tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant([[1, 2]])), tf.int32)
    <tf.Tensor: shape=(1, 2), dtype=int32, numpy=array([[1, 2]], dtype=int32)>
    """
    data = serialized if isinstance(serialized, Tensor) else convert_to_tensor(serialized)
    if data.dtype is not dtypes.string:
        raise invalid_argument("ParseTensor", "cannot compute ParseTensor as input #0(zero-based) "
                               "was expected to be a string tensor but is a "
                               f"{dtypes.kernel_name(data.dtype)} tensor")
    out_type = dtypes.as_dtype(out_type)
    return execute(PARSE_TENSOR, (data,), {"out_type": out_type.as_numpy_dtype}, name=name)
