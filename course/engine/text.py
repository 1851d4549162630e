"""What a `tf.string` tensor holds: bytes, in a NumPy object array.

TensorFlow's strings are byte strings of any length. NumPy's fixed-width
`bytes_` arrays would pad them and drop trailing zero bytes, so we keep each
element as a Python `bytes` object in an array of dtype `object`, exactly what
TF's `.numpy()` returns:

    >>> tf.constant(["a", "bc"]).numpy()
    array([b'a', b'bc'], dtype=object)
    >>> tf.constant("héllo").numpy()          # Python str is encoded as UTF-8
    b'h\\xc3\\xa9llo'

A rank-0 string tensor keeps a 0-d object array (a NumPy scalar of `bytes`
does not exist); `Tensor.numpy()` unwraps it to `bytes`, as TF does.

Read next: `tensor.py` (convert_to_tensor calls `to_bytes_array`), then
`ops/string_ops.py` (the `tf.strings` ops).
"""
from __future__ import annotations

import numpy as np

__all__ = ["is_text", "first_leaf", "to_bytes_array", "as_object_array"]


def first_leaf(value):
    """The first non-list item of a nested list/tuple (None for an empty one)."""
    while isinstance(value, (list, tuple)):
        if not value:
            return None
        value = value[0]
    return value


def is_text(value) -> bool:
    """True for str/bytes, NumPy text arrays, and nested lists that start with text."""
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "SUO"
    return isinstance(first_leaf(value), (str, bytes, np.str_, np.bytes_))


def _encode(item) -> bytes:
    if isinstance(item, bytes):  # (np.bytes_ is a bytes too)
        return bytes(item)
    if isinstance(item, str):
        return item.encode("utf-8")  # TF: Python str means UTF-8
    raise ValueError(f"Can't convert Python sequence with mixed types to Tensor.\nHint: {item!r} "
                     "is not a string; str(x) (or tf.strings.as_string) makes one.")


_ENCODE = np.frompyfunc(_encode, 1, 1)


def to_bytes_array(value) -> np.ndarray:
    """str/bytes, nested lists of them, or a NumPy text array -> object array of bytes.

    >>> to_bytes_array(["a", b"b"])
    array([b'a', b'b'], dtype=object)
    """
    if isinstance(value, np.ndarray) and value.dtype.kind == "O":
        array = value
    else:
        try:
            array = np.array(value, dtype=object)
        except ValueError:
            raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor.\nHint: "
                             f"every row of {value!r} needs the same length; for rows of "
                             "different lengths use tf.ragged.constant.") from None
    if array.dtype.kind == "O":
        for item in array.flat:  # lists inside an object array mean ragged rows
            if isinstance(item, (list, tuple)):
                raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor.\n"
                                 f"Hint: every row of {value!r} needs the same length; for rows of "
                                 "different lengths use tf.ragged.constant.")
    if array.size == 0:
        return np.empty(array.shape, dtype=object)
    try:
        return as_object_array(_ENCODE(array))
    except ValueError:
        if isinstance(value, np.ndarray):  # TF's words for an object array of non-strings
            kind = next(type(x).__name__ for x in value.flat if not isinstance(x, (str, bytes)))
            raise ValueError(f"Failed to convert a NumPy array to a Tensor (Unsupported object "
                             f"type {kind}).") from None
        raise


def as_object_array(value) -> np.ndarray:
    """`value` as an object ndarray; a lone `bytes` (what NumPy gives for `a[0]`) becomes 0-d."""
    if isinstance(value, np.ndarray) and value.dtype == object:
        return value
    out = np.empty((), dtype=object) if not isinstance(value, np.ndarray) else None
    if out is not None:
        out[()] = value
        return out
    return value.astype(object)
