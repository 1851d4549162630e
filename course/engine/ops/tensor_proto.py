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
from ..proto_wire import (DecodeError, field_bytes, read_fields, read_packed_int64s, signed64,
                          varint)

# TF's DataType numbers (tensorflow/core/framework/types.proto)
_DATA_TYPE = {dtypes.float32: 1, dtypes.float64: 2, dtypes.int32: 3, dtypes.uint8: 4,
              dtypes.int16: 5, dtypes.int8: 6, dtypes.string: 7, dtypes.complex64: 8,
              dtypes.int64: 9, dtypes.bool: 10, dtypes.uint16: 17, dtypes.complex128: 18,
              dtypes.float16: 19, dtypes.uint32: 22, dtypes.uint64: 23}
_BY_NUMBER = {n: d for d, n in _DATA_TYPE.items()}


def data_type_number(dtype: dtypes.DType) -> int:
    """TF's DataType number of `dtype` (float32 is 1, uint32 22), as its files and some of its
    messages ("Cannot bitcast from 4 to 22") give it."""
    return _DATA_TYPE[dtype]


# -- writing (the wire format: ../proto_wire.py) ------------------------------------------------
def _serialize(x):
    dtype = dtypes.from_numpy(np.asarray(x).dtype) if np.asarray(x).dtype.kind != "O" \
        else dtypes.string
    shape = b"".join(field_bytes(2, varint(1 << 3) + varint(d) if d else b"")
                     for d in np.shape(x))
    out = varint(1 << 3) + varint(_DATA_TYPE[dtype]) + field_bytes(2, shape)
    if dtype is dtypes.string:
        out += b"".join(field_bytes(8, bytes(s)) for s in np.asarray(x, dtype=object).reshape(-1))
    elif np.size(x):
        out += field_bytes(4, np.ascontiguousarray(x, dtype=np.dtype(x.dtype).newbyteorder("<"))
                            .tobytes())
    return np.array(out, dtype=object)


# -- reading --------------------------------------------------------------------------------------
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
        for field, wire, value in read_fields(data, "tensorflow.TensorProto"):
            if field == 1:
                number = value
            elif field == 2:
                shape = [next((signed64(size) for f, _, size in
                               read_fields(dim, "tensorflow.TensorShapeProto.Dim") if f == 1), 0)
                         for f, _, dim in read_fields(value, "tensorflow.TensorShapeProto")
                         if f == 2]
            elif field == 4:
                content = value
            elif field == 8:
                strings.append(value)
            elif field in _VALUE_LISTS:
                kind = _VALUE_LISTS[field]
                if wire == 2:
                    values += read_packed_int64s(value, "tensorflow.TensorProto") \
                        if kind == "varint" else np.frombuffer(value, kind).tolist()
                else:
                    values.append(signed64(value) if wire == 0 else np.frombuffer(value, kind)[0])
    except (DecodeError, ValueError):  # (ValueError: values of the wrong size for their type)
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
