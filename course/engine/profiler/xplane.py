"""The profiler's file: TF's `XSpace` protocol buffer (`<host>.xplane.pb`), written by hand.

TensorBoard's Profile tab (the tensorboard-plugin-profile package) reads
`<logdir>/plugins/profile/<run>/<host>.xplane.pb`, an `XSpace` message. Ours
holds what TF's host tracer would show for this engine's work:

    XSpace                      hostnames: [host]
      XPlane "/host:CPU"        event_metadata: {id: name}, stat_metadata: {id: name}
        XLine "python"          one line per Python thread; times count from the session's
                                start (TF's files are normalized so too)
          XEvent                metadata_id (its name), offset_ps, duration_ps, stats
      XPlane "Task Environment" stats: profile_start_time, profile_stop_time (ns since 1970)

Each op `execute` ran is an event named as TF names the eager call
(`EagerLocalExecute: MatMul`); a `tf.function` called eagerly is one event
(`EagerLocalExecute: __inference_f`), the ops inside it are not shown; a
`tf.profiler.experimental.Trace` block is an event of its own name, its
keyword arguments as stats (`step_num=1`).

    >>> encode_xspace("vm", start_ns, stop_ns, [("python", [("EagerLocalExecute: MatMul",
    ...     1_000, 52_000, {})])])                           # bytes for vm.xplane.pb

Field numbers are those of TF's xplane.proto; proto_wire.py writes the bytes.
Read next: experimental.py (start, stop, Trace: where the events come from).
"""
from __future__ import annotations

import struct

from ..proto_wire import field_bytes, varint

__all__ = ["encode_xspace"]


def _int(number: int, value: int) -> bytes:
    return varint(number << 3) + varint(value)      # wire type 0: a varint


def _text(number: int, value: str) -> bytes:
    return field_bytes(number, value.encode("utf-8"))


def _stat(metadata_id: int, value) -> bytes:
    """An XStat: int64_value (4) for ints and bools, double_value (2) for floats, else
    str_value (5); TF's profiler parses a Trace's arguments into these kinds."""
    if isinstance(value, (bool, int)) and -2**63 <= int(value) < 2**63:
        return _int(1, metadata_id) + _int(4, int(value))
    if isinstance(value, float):
        return _int(1, metadata_id) + varint((2 << 3) | 1) + struct.pack("<d", value)
    return _int(1, metadata_id) + _text(5, str(value))


def _names_table(number: int, names: dict) -> bytes:
    """A map<int64, X*Metadata> field: one entry (key 1, value 2) per {name: id}."""
    out = bytearray()
    for name, ident in names.items():
        out += field_bytes(number, _int(1, ident) + field_bytes(2, _int(1, ident) + _text(2, name)))
    return bytes(out)


def encode_xspace(host: str, start_ns: int, stop_ns: int, lines: list,
                  warnings: tuple = ()) -> bytes:
    """The XSpace bytes. `lines`: [(thread name, [(event name, offset_ns, duration_ns,
    {stat name: value}), ...]), ...], offsets from the session's start; `start_ns` and
    `stop_ns` (wall-clock times, ns since 1970) go to the Task Environment plane."""
    event_ids: dict = {}
    stat_ids: dict = {}
    plane = bytearray(_int(1, 0) + _text(2, "/host:CPU"))
    for line_id, (thread, events) in enumerate(lines, start=1):
        line = bytearray(_int(1, line_id) + _text(2, thread))   # (timestamp_ns 0: the start)
        for name, offset_ns, duration_ns, stats in sorted(events, key=lambda e: e[1]):
            event = bytearray(_int(1, event_ids.setdefault(name, len(event_ids) + 1)))
            event += _int(2, offset_ns * 1000) + _int(3, duration_ns * 1000)   # picoseconds
            for key, value in stats.items():
                event += field_bytes(4, _stat(stat_ids.setdefault(key, len(stat_ids) + 1), value))
            line += field_bytes(4, bytes(event))
        plane += field_bytes(3, bytes(line))
    plane += _names_table(4, event_ids) + _names_table(5, stat_ids)
    environment = (_int(1, 1) + _text(2, "Task Environment")
                   + _names_table(5, {"profile_start_time": 1, "profile_stop_time": 2})
                   + field_bytes(6, _int(1, 1) + _int(3, start_ns))      # uint64_value (3)
                   + field_bytes(6, _int(1, 2) + _int(3, stop_ns)))
    space = field_bytes(1, bytes(plane)) + field_bytes(1, environment)
    for text in warnings:
        space += _text(3, text)
    return space + _text(4, host)
