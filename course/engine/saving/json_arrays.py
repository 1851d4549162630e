"""Arrays as plain JSON: `{"dtype", "shape", "data": base64 of the little-endian bytes}`, or
for tf.string `{"dtype": "string", "shape", "strings": [base64 of each element]}`.

    >>> encode_array(np.array([b"a", b""], dtype=object))
    {'dtype': 'string', 'shape': [2], 'strings': ['YQ==', '']}

A MetaGraph file keeps all its constants this way (meta_graph.py); a SavedModel keeps its
string constants this way in saved_model.json (its numbers go to constants.npz, which holds
numbers only). Decoding checks the shape and the data's length before allocating anything,
and gives a DataLossError naming the file for anything else.
"""
from __future__ import annotations

import base64
import binascii
import math

import numpy as np

from .. import dtypes
from ..errors import DataLossError
from ..graph.shapes import check_sane
from .graph_json import MAX_LOAD_ELEMENTS  # (one limit of elements for every loader)

__all__ = ["encode_array", "decode_array"]

_DTYPES = {d.name: d for d in dtypes.ALL_AND_STRING}


def encode_array(value) -> dict:
    """An array as plain JSON: its dtype, shape and base64 bytes (strings one by one)."""
    array = np.asarray(value)
    shape = list(array.shape)
    if array.dtype.kind == "O":
        items = [x if isinstance(x, bytes) else str(x).encode() for x in array.reshape(-1)]
        return {"dtype": "string", "shape": shape,
                "strings": [base64.b64encode(x).decode("ascii") for x in items]}
    name = dtypes.as_dtype(array.dtype).name
    little = array.astype(array.dtype.newbyteorder("<"), copy=False)
    return {"dtype": name, "shape": shape,
            "data": base64.b64encode(np.ascontiguousarray(little).tobytes()).decode("ascii")}


def decode_array(entry, where: str) -> np.ndarray:
    """The array `encode_array` wrote; sizes are checked before anything is allocated."""
    if not isinstance(entry, dict) or not isinstance(entry.get("dtype"), str) or \
            entry["dtype"] not in _DTYPES or \
            not isinstance(entry.get("shape"), list) or \
            not all(type(d) is int and d >= 0 for d in entry["shape"]):
        raise DataLossError(None, None, f"{where}: invalid array {str(entry)[:80]}")
    shape = tuple(entry["shape"])
    try:
        check_sane(shape, where, MAX_LOAD_ELEMENTS)
    except ValueError as e:
        raise DataLossError(None, None, f"{e} (absurd shape)") from None
    size = math.prod(shape)
    try:
        if entry["dtype"] == "string":
            items = entry.get("strings")
            if not isinstance(items, list) or len(items) != size:
                raise DataLossError(None, None, f"{where}: {size} strings expected")
            flat = np.empty(size, dtype=object)
            flat[:] = [base64.b64decode(x.encode("ascii"), validate=True) for x in items]
            return flat.reshape(shape)
        dtype = np.dtype(_DTYPES[entry["dtype"]].as_numpy_dtype)
        data = entry.get("data")
        if not isinstance(data, str) or len(data) != 4 * math.ceil(size * dtype.itemsize / 3):
            raise DataLossError(None, None, f"{where}: the data does not hold {size} values of "
                                            f"{entry['dtype']}")
        raw = base64.b64decode(data.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, AttributeError, UnicodeEncodeError):
        raise DataLossError(None, None, f"{where}: invalid base64 data") from None
    if len(raw) != size * dtype.itemsize:
        raise DataLossError(None, None, f"{where}: the data does not hold {size} values of "
                                        f"{entry['dtype']}")
    return np.frombuffer(raw, dtype=dtype.newbyteorder("<")).astype(dtype).reshape(shape)
