"""tf.string values in a checkpoint's data file: two arrays of numbers, never pickle.

NumPy keeps a tf.string tensor as an array of Python `bytes` objects, which
`np.save` could only write with pickle. A checkpoint stores such a value as
two plain arrays instead, much as TF's own data files do (each string's
length, then all the bytes):

    >>> data, lengths = pack(np.array([[b"a", b"bc"], [b"", b"xyz"]], dtype=object))
    >>> data            # uint8, every element's bytes one after the other
    array([ 97,  98,  99, 120, 121, 122], dtype=uint8)
    >>> lengths         # int64, the tensor's shape: how many bytes each element has
    array([[1, 2],
           [0, 3]])
    >>> unpack(data, lengths, "checkpoint ...")[1, 1]
    b'xyz'

`unpack` checks the lengths against the bytes before it makes any string
(a damaged or hostile file gives a DataLossError naming it, never a huge
allocation: each length is at most the bytes the file holds).

Read next: checkpoint_files.py (where these arrays are written and read).
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import DataLossError, ResourceExhaustedError
from .graph_json import MAX_LOAD_ELEMENTS  # (one limit of elements for every loader)

__all__ = ["pack", "unpack"]


def pack(value) -> tuple:
    """(uint8 bytes, int64 lengths shaped like `value`) of a tf.string array."""
    array = np.asarray(value, dtype=object)
    items = [x if isinstance(x, bytes) else str(x).encode() for x in array.reshape(-1)]
    lengths = np.array([len(x) for x in items], dtype=np.int64).reshape(array.shape)
    return np.frombuffer(b"".join(items), dtype=np.uint8), lengths


def unpack(data: np.ndarray, lengths: np.ndarray, where: str) -> np.ndarray:
    """The tf.string array (`bytes` objects, dtype object) that `pack` stored; checked first."""
    count = math.prod(lengths.shape)
    if count > MAX_LOAD_ELEMENTS:
        raise ResourceExhaustedError(None, None, f"{where}: {count} strings, more than the "
                                                 f"{MAX_LOAD_ELEMENTS} a loader reads")
    flat = lengths.reshape(-1)
    # every length in [0, len(data)], so the sum cannot overflow int64 before it is compared
    if count and (flat.min() < 0 or flat.max() > data.size):
        raise DataLossError(None, None, f"{where}: a string length is out of range (the lengths "
                                        f"must lie between 0 and {data.size})")
    ends = np.cumsum(flat)
    total = int(ends[-1]) if count else 0
    if total != data.size:
        raise DataLossError(None, None, f"{where}: the string lengths add up to {total} bytes, "
                                        f"but {data.size} are stored")
    raw = data.tobytes()
    out = np.empty(count, dtype=object)
    start = 0
    for i, end in enumerate(ends.tolist()):
        out[i] = raw[start:end]
        start = end
    return out.reshape(lengths.shape)
