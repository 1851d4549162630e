"""The parts of a tf.train message: checked values, repeated fields, maps, and the text format.

`Repeated` is a repeated number or bytes field (`Int64List.value`): a list that checks each
value as protobuf does (`check_int64` refuses a bool) and tells its message when it
changes, so the message (and its parents) count as set. `RepeatedMessages` is a repeated
message field (`FeatureList.feature`), `MessageMap` a map<string, message>
(`Features.feature`). The text-format helpers write what `print(example)` shows in TF:

    >>> float_text(float(np.float32(2.718281828)))  # (a FloatList holds float32)
    '2.71828175'
    >>> escape(b"a\\x00", is_bytes=True)
    'a\\000'

The messages themselves: train_example.py.
"""
from __future__ import annotations

import operator

import numpy as np

__all__ = ["check_bytes", "check_float", "check_int64", "Repeated", "RepeatedMessages",
           "MessageMap", "escape", "float_text", "key_order"]


# -- checking values as protobuf does --------------------------------------------------------------
def check_bytes(message: str, v) -> bytes:
    if not isinstance(v, bytes):  # (protobuf takes no str here: encode it first)
        raise TypeError(f"expected bytes, {type(v).__name__} found")
    return bytes(v)


def check_float(message: str, v) -> float:
    if isinstance(v, (str, bytes)):
        raise TypeError(f"must be real number, not {type(v).__name__}")
    with np.errstate(over="ignore"):  # a float field holds float32: 1e40 becomes inf
        return float(np.float32(float(v)))


def check_int64(message: str, v) -> int:
    if isinstance(v, (bool, np.bool_)):
        raise TypeError(f"Field tensorflow.{message}.value: Expected an int, got a boolean.")
    n = operator.index(v)  # (a float raises TypeError, as in protobuf)
    if not -(1 << 63) <= n < 1 << 63:
        raise ValueError(f"Value out of range: {n}")
    return n


class Repeated:
    """A repeated scalar field (`value`): a list that checks each value and tells its message."""

    __slots__ = ("_owner", "_check", "_items")
    __hash__ = None

    def __init__(self, owner, check):
        self._owner, self._check, self._items = owner, check, []

    def _set(self, items: list) -> None:
        self._items = items
        self._owner._touch()

    def append(self, v) -> None:
        self._set(self._items + [self._check(self._owner._NAME, v)])

    def extend(self, values) -> None:
        self._set(self._items + [self._check(self._owner._NAME, v) for v in values])

    def insert(self, i: int, v) -> None:
        items = list(self._items)
        items.insert(i, self._check(self._owner._NAME, v))
        self._set(items)

    def pop(self, i: int = -1):
        items = list(self._items)
        v = items.pop(i)
        self._set(items)
        return v

    def remove(self, v) -> None:
        items = list(self._items)
        items.remove(v)
        self._set(items)

    def __setitem__(self, i, v) -> None:
        items = list(self._items)
        if isinstance(i, slice):
            items[i] = [self._check(self._owner._NAME, x) for x in v]
        else:
            items[i] = self._check(self._owner._NAME, v)
        self._set(items)

    def __delitem__(self, i) -> None:
        items = list(self._items)
        del items[i]
        self._set(items)

    def __getitem__(self, i):
        return self._items[i]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        # TF's protobuf hands NumPy a FloatList's values as float32, an Int64List's as int64
        kind = {check_float: np.float32, check_int64: np.int64}.get(self._check)
        out = np.array(self._items, dtype=kind)
        return out if dtype is None else out.astype(dtype)

    def __eq__(self, other) -> bool:
        if isinstance(other, Repeated):
            return self._items == other._items
        return isinstance(other, (list, tuple)) and self._items == list(other)

    def __repr__(self) -> str:
        return repr(self._items)


class RepeatedMessages:
    """A repeated message field (FeatureList's `feature`): `add()` makes and appends one."""

    __slots__ = ("_owner", "_cls", "_items")
    __hash__ = None

    def __init__(self, owner, cls):
        self._owner, self._cls, self._items = owner, cls, []

    def add(self, **fields):
        child = self._cls(**fields)
        child._parent = (self._owner, None)
        self._items.append(child)
        self._owner._touch()
        return child

    def append(self, message) -> None:
        self.add().CopyFrom(message)

    def extend(self, messages) -> None:
        for m in messages:
            self.append(m)

    def __getitem__(self, i):
        return self._items[i]

    def __delitem__(self, i) -> None:
        del self._items[i]
        self._owner._touch()

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (RepeatedMessages, list)) else False

    def __repr__(self) -> str:
        return repr(self._items)


class MessageMap:
    """A map<string, message> field (`feature`, `feature_list`): `m[key]` adds a missing entry."""

    __slots__ = ("_owner", "_cls", "_items")
    __hash__ = None

    def __init__(self, owner, cls):
        self._owner, self._cls, self._items = owner, cls, {}

    def __getitem__(self, key: str):
        if not isinstance(key, str):
            raise TypeError(f"bad argument type for built-in operation: map keys are str, "
                            f"got {type(key).__name__}")
        if key not in self._items:
            child = self._cls()
            child._parent = (self._owner, None)
            self._items[key] = child
            self._owner._touch()
        return self._items[key]

    get_or_create = __getitem__

    def __setitem__(self, key, value) -> None:
        raise ValueError("Message objects may not be assigned")  # (protobuf's rule: m[k].CopyFrom(v))

    def __delitem__(self, key: str) -> None:
        del self._items[key]
        self._owner._touch()

    def __contains__(self, key) -> bool:
        return key in self._items

    def get(self, key: str, default=None):
        return self._items.get(key, default)

    def keys(self):
        return self._items.keys()

    def values(self):
        return self._items.values()

    def items(self):
        return self._items.items()

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other) -> bool:
        if isinstance(other, MessageMap):
            return self._items == other._items
        return isinstance(other, dict) and self._items == other

    def __repr__(self) -> str:
        return repr(self._items)


# -- the text format -------------------------------------------------------------------------------
_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"', ord("'"): "\\'",
            ord("\\"): "\\\\"}


def escape(data: bytes, is_bytes: bool) -> str:
    # protobuf's C escaping: bytes fields show non-ASCII as octal, strings keep their UTF-8
    out = []
    for b in data:
        if b in _ESCAPES:
            out.append(_ESCAPES[b])
        elif 0x20 <= b < 0x7F or (b >= 0x80 and not is_bytes):
            out.append(chr(b))
        else:
            out.append(f"\\{b:03o}")
    text = "".join(out)
    return text if is_bytes else text.encode("latin-1").decode("utf-8", "replace")


def float_text(x: float) -> str:
    # TF's protobuf: 6 significant digits when they read back as the same float32, else 9
    short = "%.6g" % x
    return short if float(np.float32(float(short))) == x else "%.9g" % x


def key_order(a: str, b: str) -> int:
    # TF's protobuf (upb) prints map entries in this order: a shared prefix compared
    # byte by byte, the larger byte first; on a tie the shorter key first
    a, b = a.encode(), b.encode()
    n = min(len(a), len(b))
    if a[:n] != b[:n]:
        return -1 if a[:n] > b[:n] else 1
    return (len(a) > len(b)) - (len(a) < len(b))
