"""`tf.train.Example` and its parts: TF's record format for structured data, as plain classes.

An Example maps feature names to lists of values, each list of one kind (bytes, float
or int64). A SequenceExample adds, per name, a list of such Features (one per step).
These classes offer the protocol-buffer API that TF's tutorials use, and write and read
the same bytes as TF's protobuf (proto3 wire format, proto_wire.py; the fields' parts
and the text format: proto_fields.py):

    >>> f = tf.train.Feature(int64_list=tf.train.Int64List(value=[1, 2]))
    >>> f.SerializeToString()
    b'\\x1a\\x04\\n\\x02\\x01\\x02'
    >>> example = tf.train.Example(features=tf.train.Features(feature={"x": f}))
    >>> tf.train.Example.FromString(example.SerializeToString()).features.feature["x"].int64_list.value
    [1, 2]
    >>> print(f)
    int64_list {
      value: 1
      value: 2
    }

The messages (tensorflow/core/example/feature.proto and example.proto):

    BytesList    { repeated bytes value = 1; }
    FloatList    { repeated float value = 1 [packed]; }
    Int64List    { repeated int64 value = 1 [packed]; }
    Feature      { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2;
                                Int64List int64_list = 3; } }
    Features     { map<string, Feature> feature = 1; }
    FeatureList  { repeated Feature feature = 1; }
    FeatureLists { map<string, FeatureList> feature_list = 1; }
    Example      { Features features = 1; }
    SequenceExample { Features context = 1; FeatureLists feature_lists = 2; }

As in protobuf, reading a message field that is not set gives an empty message, and
changing it (or anything inside it) sets it; a map's `[key]` adds the entry. The text
form (`print`) is protobuf's text format as TF's protobuf prints it. Parsing these
bytes into tensors: ops/parsing_ops.py (`tf.io.parse_example`).
"""
from __future__ import annotations

import functools

import numpy as np

from .proto_fields import (MessageMap, Repeated, RepeatedMessages, check_bytes, check_float,
                           check_int64, escape, float_text, key_order)
from .proto_wire import DecodeError, field_bytes, read_fields, read_varint, signed64, varint

__all__ = ["BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
           "FeatureLists", "Example", "SequenceExample", "DecodeError"]


# -- messages --------------------------------------------------------------------------------------
@functools.cache
def _field_names(cls) -> dict:
    """Field number -> field name, for reading a message's bytes."""
    return {number: name for name, (number, _, _) in cls._FIELDS.items()}


def _field(name: str):
    """A message's field as a property: reading gives the value (an empty message or list
    when unset); assigning is refused, as in protobuf."""
    def get(self):
        return self._get(name)

    def refuse(self, value):
        kind = self._FIELDS[name][1]
        what = "message field" if kind == "message" else "map, or repeated field"
        raise AttributeError(f'Assignment not allowed to {what} "{name}" in protocol message '
                             "object.")
    return property(get, refuse)


class _Message:
    """What all the messages share: fields, presence, bytes and text.

    `_FIELDS` maps each field name to (number, kind, type): kind is "bytes", "float" or
    "int64" (a repeated scalar), "message", "messages" (repeated) or "map".
    """

    _NAME = ""
    _FIELDS: dict = {}
    _ONEOF: tuple = ()  # (group name, member names) for Feature's `kind`
    __slots__ = ("_values", "_present", "_parent", "_unknown")
    __hash__ = None  # (mutable, as in protobuf: unhashable)

    def __init__(self, **fields):
        self._values, self._present, self._parent, self._unknown = {}, set(), None, b""
        for name, value in fields.items():
            if name not in self._FIELDS:
                raise ValueError(f'Protocol message {self._NAME} has no "{name}" field.')
            if value is None:
                continue
            kind, cls = self._FIELDS[name][1:]
            target = self._get(name)
            if kind == "message":
                target.CopyFrom(value if isinstance(value, cls) else cls(**value))
                self._mark(name)
            elif kind == "messages":
                for v in value:
                    target.add().CopyFrom(v if isinstance(v, cls) else cls(**v))
            elif kind == "map":
                for key, v in value.items():
                    target[key].CopyFrom(v if isinstance(v, cls) else cls(**v))
            else:
                target.extend(value)

    # presence: a message field counts once it (or anything in it) was set
    def _get(self, name: str):
        if name not in self._values:
            kind, cls = self._FIELDS[name][1:]
            if kind == "message":
                value = cls()
                value._parent = (self, name)
            elif kind == "messages":
                value = RepeatedMessages(self, cls)
            elif kind == "map":
                value = MessageMap(self, cls)
            else:
                value = Repeated(self, {"bytes": check_bytes, "float": check_float,
                                         "int64": check_int64}[kind])
            self._values[name] = value
        return self._values[name]

    def _mark(self, name: str) -> None:
        if self._ONEOF and name in self._ONEOF[1]:  # setting one member clears the others
            for other in self._ONEOF[1]:
                if other != name:
                    self._values.pop(other, None)
                    self._present.discard(other)
        self._present.add(name)

    def _touch(self) -> None:
        """This message changed: its parents now hold it (protobuf's lazy presence)."""
        if self._parent is not None:
            parent, name = self._parent
            if name is not None:
                if parent._values.get(name) is not self:  # (replaced meanwhile: detached)
                    return
                parent._mark(name)
            parent._touch()

    def _is_set(self, name: str) -> bool:
        kind = self._FIELDS[name][1]
        if kind == "message":
            return name in self._present
        return name in self._values and len(self._values[name]) > 0

    # the protobuf API
    def HasField(self, field_name: str) -> bool:
        if self._ONEOF and field_name == self._ONEOF[0]:
            return self.WhichOneof(field_name) is not None
        if field_name not in self._FIELDS or self._FIELDS[field_name][1] != "message":
            raise ValueError(f'Protocol message {self._NAME} has no singular "{field_name}" '
                             "field.")
        return field_name in self._present

    def WhichOneof(self, oneof_group: str):
        if not self._ONEOF or oneof_group != self._ONEOF[0]:
            raise ValueError(f'Protocol message has no oneof "{oneof_group}" field.')
        return next((n for n in self._ONEOF[1] if n in self._present), None)

    def ListFields(self) -> list:
        return [(name, self._get(name)) for name in self._FIELDS if self._is_set(name)]

    def ClearField(self, field_name: str) -> None:
        if field_name not in self._FIELDS:
            raise ValueError(f'Protocol message has no "{field_name}" field.')
        self._values.pop(field_name, None)
        self._present.discard(field_name)

    def Clear(self) -> None:
        self._values, self._present, self._unknown = {}, set(), b""

    def IsInitialized(self) -> bool:
        return True  # (proto3: no required fields)

    def CopyFrom(self, other) -> None:
        if type(other) is not type(self):
            raise TypeError(f"Parameter to CopyFrom() must be instance of same class: expected "
                            f"{type(self).__name__} got {type(other).__name__}.")
        if other is not self:
            self.Clear()
            self.MergeFrom(other)

    def MergeFrom(self, other) -> None:
        if type(other) is not type(self):
            raise TypeError(f"Parameter to MergeFrom() must be instance of same class: expected "
                            f"{type(self).__name__} got {type(other).__name__}.")
        for name, value in other._values.items():  # (a deep copy, field by field)
            kind, cls = self._FIELDS[name][1:]
            if kind == "message":
                if name in other._present:
                    self._get(name).MergeFrom(value)
                    self._mark(name)
            elif kind == "messages":
                for v in value:
                    self._get(name).add().MergeFrom(v)
            elif kind == "map":  # (protobuf: an entry of `other` replaces ours)
                for key, v in value.items():
                    self._get(name)[key].CopyFrom(v)
            elif len(value):
                self._get(name)._items += value._items  # (checked when they were set)
        self._unknown += other._unknown
        self._touch()

    def SerializeToString(self, deterministic: bool | None = None) -> bytes:
        """The message's bytes (protobuf's wire format).

        Map entries are written in the order they were added (TF's protobuf writes them in
        its hash table's order, which changes from run to run)."""
        out = []
        for name, (number, kind, _) in self._FIELDS.items():
            if not self._is_set(name):
                continue
            value = self._values[name]
            if kind == "bytes":
                out += [field_bytes(number, v) for v in value]
            elif kind == "float":  # packed: one field holding every value's 4 bytes
                out.append(field_bytes(number, np.array(value._items, "<f4").tobytes()))
            elif kind == "int64":  # packed varints
                out.append(field_bytes(number, b"".join(varint(v) for v in value)))
            elif kind == "message":
                out.append(field_bytes(number, value.SerializeToString()))
            elif kind == "messages":
                out += [field_bytes(number, v.SerializeToString()) for v in value]
            else:  # a map entry is a small message: key = 1, value = 2 (both always written)
                out += [field_bytes(number, field_bytes(1, k.encode()) +
                                    field_bytes(2, v.SerializeToString()))
                        for k, v in value.items()]
        return b"".join(out) + self._unknown

    def ByteSize(self) -> int:
        return len(self.SerializeToString())

    def MergeFromString(self, serialized) -> int:
        """Reads `serialized` into this message (repeated fields grow); returns its length.

        Raises `DecodeError` for bytes that are not such a message. Fields this message does
        not know are kept and written again, as protobuf does."""
        data = bytes(serialized)
        self._merge(data)
        self._touch()
        return len(data)

    def _merge(self, data: bytes) -> None:
        # (values read from the wire are valid by construction: they skip the checks)
        unknown, names = [], _field_names(type(self))
        for number, wire, value in read_fields(data, f"tensorflow.{self._NAME}"):
            name = names.get(number)
            kind = self._FIELDS[name][1] if name else None
            if kind == "int64" and wire in (0, 2):
                values = [value] if wire == 0 else self._varints(value)
                self._get(name)._items += [signed64(v) for v in values]
            elif kind == "float" and wire in (2, 5):
                if len(value) % 4:
                    raise DecodeError(f"Error parsing message with type 'tensorflow.{self._NAME}'"
                                      f": Wire format was corrupt (packed floats of "
                                      f"{len(value)} bytes, not a multiple of 4)")
                self._get(name)._items += np.frombuffer(value, "<f4").tolist()
            elif kind == "bytes" and wire == 2:
                self._get(name)._items.append(value)
            elif kind == "message" and wire == 2:
                self._get(name)._merge(value)
                self._mark(name)
            elif kind == "messages" and wire == 2:
                child = self._FIELDS[name][2]()
                child._parent = (self, None)
                child._merge(value)
                self._get(name)._items.append(child)
            elif kind == "map" and wire == 2:
                self._merge_entry(name, value)
            else:  # unknown (or written with another wire type): kept as it came
                unknown.append(varint(number << 3 | wire) + (
                    varint(value) if wire == 0 else varint(len(value)) + value if wire == 2
                    else value))
        if unknown:
            self._unknown += b"".join(unknown)

    def _varints(self, data: bytes) -> list:
        out, i = [], 0
        while i < len(data):
            n, i = read_varint(data, i, f"tensorflow.{self._NAME}")
            out.append(n)
        return out

    def _merge_entry(self, name: str, data: bytes) -> None:
        key, value = b"", b""
        for number, wire, v in read_fields(data, f"tensorflow.{self._NAME}"):
            if number == 1 and wire == 2:
                key = v
            elif number == 2 and wire == 2:
                value = v
        try:
            key = key.decode("utf-8")
        except UnicodeDecodeError:
            raise DecodeError(f"Error parsing message with type 'tensorflow.{self._NAME}': a map "
                              "key is not valid UTF-8") from None
        child = self._FIELDS[name][2]()
        child._merge(value)
        child._parent = (self, None)
        self._get(name)._items[key] = child  # (a later entry with the same key wins)

    def ParseFromString(self, serialized) -> int:
        """Replaces this message's contents by the message in `serialized`; returns its length."""
        self.Clear()
        return self.MergeFromString(serialized)

    @classmethod
    def FromString(cls, s):
        """A new message read from bytes `s`. Mirrors protobuf's `Message.FromString`."""
        message = cls()
        message.MergeFromString(s)
        return message

    def _contents(self) -> dict:
        return {name: (self._values[name]._items if self._FIELDS[name][1] != "message"
                       else self._values[name])
                for name in self._FIELDS if self._is_set(name)}

    def __eq__(self, other) -> bool:
        if type(other) is not type(self):
            return NotImplemented if not isinstance(other, _Message) else False
        return self._contents() == other._contents() and self._unknown == other._unknown

    def _text_lines(self, indent: str) -> list:
        lines = []
        for name, (_, kind, _) in self._FIELDS.items():
            if not self._is_set(name):
                continue
            value = self._values[name]
            if kind == "bytes":
                lines += [f'{indent}{name}: "{escape(v, True)}"' for v in value]
            elif kind == "float":
                lines += [f"{indent}{name}: {float_text(v)}" for v in value]
            elif kind == "int64":
                lines += [f"{indent}{name}: {v}" for v in value]
            elif kind in ("message", "messages"):
                for v in ([value] if kind == "message" else value):
                    lines += [f"{indent}{name} {{", *v._text_lines(indent + "  "), f"{indent}}}"]
            else:
                for key in sorted(value.keys(), key=functools.cmp_to_key(key_order)):
                    lines += [f"{indent}{name} {{", f'{indent}  key: "{escape(key.encode(), False)}"',
                              f"{indent}  value {{", *value[key]._text_lines(indent + "    "),
                              f"{indent}  }}", f"{indent}}}"]
        return lines

    def __str__(self) -> str:
        """protobuf's text format, as `print(example)` shows it in TF."""
        return "".join(line + "\n" for line in self._text_lines(""))

    __repr__ = __str__

    def __reduce__(self):  # (copy and deepcopy go through the bytes; no pickle of code)
        return (type(self).FromString, (self.SerializeToString(),))


class BytesList(_Message):
    """A list of byte strings. Mirrors `tf.train.BytesList`: `BytesList(value=[b"cat"])`."""

    _NAME = "BytesList"
    _FIELDS = {"value": (1, "bytes", None)}
    __slots__ = ()
    value = _field("value")


class FloatList(_Message):
    """A list of float32 numbers. Mirrors `tf.train.FloatList`: `FloatList(value=[0.5, 2.0])`."""

    _NAME = "FloatList"
    _FIELDS = {"value": (1, "float", None)}
    __slots__ = ()
    value = _field("value")


class Int64List(_Message):
    """A list of int64 numbers. Mirrors `tf.train.Int64List`: `Int64List(value=[1, 2])`."""

    _NAME = "Int64List"
    _FIELDS = {"value": (1, "int64", None)}
    __slots__ = ()
    value = _field("value")


class Feature(_Message):
    """One feature's values: exactly one of `bytes_list`, `float_list`, `int64_list`.

    Mirrors `tf.train.Feature`; `WhichOneof("kind")` names the one that is set.

    >>> tf.train.Feature(float_list=tf.train.FloatList(value=[1.5])).WhichOneof("kind")
    'float_list'
    """

    _NAME = "Feature"
    _FIELDS = {"bytes_list": (1, "message", BytesList), "float_list": (2, "message", FloatList),
               "int64_list": (3, "message", Int64List)}
    _ONEOF = ("kind", ("bytes_list", "float_list", "int64_list"))
    __slots__ = ()
    bytes_list = _field("bytes_list")
    float_list = _field("float_list")
    int64_list = _field("int64_list")


class Features(_Message):
    """Feature name -> `Feature`. Mirrors `tf.train.Features`: `Features(feature={"x": f})`."""

    _NAME = "Features"
    _FIELDS = {"feature": (1, "map", Feature)}
    __slots__ = ()
    feature = _field("feature")


class FeatureList(_Message):
    """A list of `Feature`s, one per step of a sequence. Mirrors `tf.train.FeatureList`."""

    _NAME = "FeatureList"
    _FIELDS = {"feature": (1, "messages", Feature)}
    __slots__ = ()
    feature = _field("feature")


class FeatureLists(_Message):
    """Name -> `FeatureList`. Mirrors `tf.train.FeatureLists`."""

    _NAME = "FeatureLists"
    _FIELDS = {"feature_list": (1, "map", FeatureList)}
    __slots__ = ()
    feature_list = _field("feature_list")


class Example(_Message):
    """One record: `Features`. Mirrors `tf.train.Example`.

    >>> tf.train.Example(features=tf.train.Features(feature={
    ...     "x": tf.train.Feature(int64_list=tf.train.Int64List(value=[7]))})).SerializeToString()
    b'\\n\\x0c\\n\\n\\n\\x01x\\x12\\x05\\x1a\\x03\\n\\x01\\x07'
    """

    _NAME = "Example"
    _FIELDS = {"features": (1, "message", Features)}
    __slots__ = ()
    features = _field("features")


class SequenceExample(_Message):
    """A record with a sequence: `context` (Features) and `feature_lists` (FeatureLists).

    Mirrors `tf.train.SequenceExample`; `tf.io.parse_single_sequence_example` reads it.
    """

    _NAME = "SequenceExample"
    _FIELDS = {"context": (1, "message", Features), "feature_lists": (2, "message", FeatureLists)}
    __slots__ = ()
    context = _field("context")
    feature_lists = _field("feature_lists")
