"""Protocol buffers' wire format, written and read by hand: the bytes of `tf.train.Example`.

A serialized message is a run of fields. Each field starts with a key, a varint holding
`field number * 8 + wire type`, and then its value:

    wire type 0  varint      7 bits a byte, low bits first; the top bit says "more follows"
    wire type 1  fixed64     8 bytes, little-endian
    wire type 2  length      a varint length, then that many bytes (a string, a nested
                             message, or a packed list of numbers)
    wire type 5  fixed32     4 bytes, little-endian (a float)

    >>> field_bytes(1, b"hi")
    b'\\n\\x02hi'
    >>> list(read_fields(b'\\n\\x02hi', "Demo"))
    [(1, 2, b'hi')]

Reading is bounded: every length is checked against the bytes that are left, a varint
has at most 10 bytes, and the messages' types do not nest recursively, so a malformed or truncated
buffer raises `DecodeError` (protobuf's error class) and never asks for more memory than
the buffer it reads. train_example.py builds the messages on top of this.
"""
from __future__ import annotations

__all__ = ["DecodeError", "varint", "field_bytes", "read_varint", "read_fields",
           "signed64", "read_packed_int64s"]

class DecodeError(Exception):
    """Bytes that are not a valid serialized message. Mirrors `google.protobuf.message.DecodeError`."""


def varint(n: int) -> bytes:
    """`n` as a varint; a negative int64 is written as its 64-bit two's complement (10 bytes)."""
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field_bytes(number: int, payload: bytes) -> bytes:
    """A length-delimited field (wire type 2): key, length, payload."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def signed64(n: int) -> int:
    """A varint's 64 bits read as an int64 (TF's Int64List holds signed numbers)."""
    n &= (1 << 64) - 1
    return n - (1 << 64) if n >= 1 << 63 else n


def _corrupt(type_name: str, why: str) -> DecodeError:
    # protobuf's message first (what code matches on), then what exactly was wrong
    return DecodeError(f"Error parsing message with type '{type_name}': Wire format was corrupt "
                       f"({why})")


def read_varint(data: bytes, i: int, type_name: str) -> tuple:
    """(value, next position) of the varint at `data[i]`."""
    value = 0
    for shift in range(0, 70, 7):  # at most 10 bytes: 64 bits
        if i >= len(data):
            raise _corrupt(type_name, f"a varint runs past the end of the {len(data)} bytes")
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if not byte & 0x80:
            return value & ((1 << 64) - 1), i
    raise _corrupt(type_name, f"a varint longer than 10 bytes ends at byte {i}")


def read_fields(data: bytes, type_name: str):
    """Yields (field number, wire type, value) for each field of one message's bytes.

    The value is an int for a varint, and bytes for the other wire types (a view is never
    larger than `data`). Groups (wire types 3 and 4, long deprecated) are refused.
    """
    i, end = 0, len(data)
    while i < end:
        key, i = read_varint(data, i, type_name)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise _corrupt(type_name, f"field number 0 at byte {i}")
        if wire == 0:
            value, i = read_varint(data, i, type_name)
        elif wire in (1, 2, 5):
            if wire == 2:
                size, i = read_varint(data, i, type_name)
            else:
                size = 8 if wire == 1 else 4
            if size > end - i:  # (checked before anything is cut or allocated)
                raise _corrupt(type_name, f"field {number} says {size} bytes but only "
                                          f"{end - i} are left")
            value, i = bytes(data[i:i + size]), i + size
        else:
            raise _corrupt(type_name, f"field {number} has wire type {wire}, which no "
                                      "field of this message uses")
        yield number, wire, value


def read_packed_int64s(data: bytes, type_name: str) -> list:
    """The int64s of a packed repeated field: varints back to back, each read as signed."""
    out, i = [], 0
    while i < len(data):
        n, i = read_varint(data, i, type_name)
        out.append(signed64(n))
    return out
