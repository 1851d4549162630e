"""tf.profiler.experimental (profiler/): sessions, Trace, and the XSpace file they write.

TF rules checked (TF 2.21's profiler_v2 and summary trace functions; TF's own converter
reads the engine's file in tests/differential/test_against_tensorflow_profiler.py): one
session at a time (a second `start` is AlreadyExistsError "Another profiler is running.",
`stop` without one is UnavailableError "Cannot export profiling results. No profiler is
running."); `stop()` writes `<logdir>/plugins/profile/<YYYY_MM_DD_HH_MM_SS>/<host>.xplane.pb`,
`stop(save=False)` writes nothing; `Profile` is start/stop around a block; `Trace` is an
event with its keyword arguments as stats, and nothing without a session;
`trace_on(profiler=True, profiler_outdir=d)` profiles into d until `trace_export`.
The engine's rules: the file is written atomically inside logdir, a session keeps at most
MAX_EVENTS events (the file counts the rest), and off, nothing observes `execute`.
"""
from __future__ import annotations

import re
import sys

import pytest

import course.engine as tf
from course.engine.context import state
from course.engine.profiler import experimental as profiler_module
from course.engine.proto_wire import read_fields


def _fields(data: bytes, name: str) -> list:
    return list(read_fields(data, name))


def _decode(path) -> dict:
    """{"lines": {thread: [(event name, stats)]}, "hosts": [...], "warnings": [...]} from an
    XSpace file, read with the engine's own bounded wire reader (field numbers: xplane.proto)."""
    space = _fields(path.read_bytes(), "XSpace")
    out = {"hosts": [v.decode() for n, _, v in space if n == 4],
           "warnings": [v.decode() for n, _, v in space if n == 3], "lines": {}}
    host_plane = [v for n, _, v in space if n == 1][0]
    plane = _fields(host_plane, "XPlane")
    assert [v for n, _, v in plane if n == 2] == [b"/host:CPU"]

    def table(number):
        names = {}
        for n, _, entry in plane:
            if n == number:
                key, value = [v for _, _, v in _fields(entry, "Entry")]
                names[key] = dict((m, v) for m, _, v in _fields(value, "Metadata"))[2].decode()
        return names
    events, stats = table(4), table(5)
    for n, _, line in plane:
        if n != 3:
            continue
        fields = _fields(line, "XLine")
        thread = [v for m, _, v in fields if m == 2][0].decode()
        out["lines"][thread] = []
        for m, _, event in fields:
            if m == 4:
                parts = _fields(event, "XEvent")
                name = events[[v for k, _, v in parts if k == 1][0]]
                found = {}
                for k, _, stat in parts:
                    if k == 4:
                        s = dict((a, v) for a, _, v in _fields(stat, "XStat"))
                        found[stats[s[1]]] = s.get(4, s.get(5))
                out["lines"][thread].append((name, found))
    return out


def _only_file(logdir):
    files = [p for p in logdir.rglob("*") if p.is_file()]
    assert len(files) == 1, files
    return files[0]


def test_a_session_writes_tf_s_file_with_each_op_and_trace(tmp_path):
    tf.profiler.experimental.start(str(tmp_path))
    x = tf.constant([[1.0, 2.0]])
    tf.matmul(x, tf.transpose(x))
    with tf.profiler.experimental.Trace("train", step_num=1, _r=1):
        tf.nn.relu(x)
    f = tf.function(lambda a: a * 2.0)
    f(x)
    tf.profiler.experimental.stop()
    path = _only_file(tmp_path)
    rel = path.relative_to(tmp_path).as_posix()
    assert re.fullmatch(r"plugins/profile/\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d/[A-Za-z0-9_.-]+"
                        r"\.xplane\.pb", rel), rel
    space = _decode(path)
    assert space["hosts"] == [path.name[:-len(".xplane.pb")]] and space["warnings"] == []
    events = space["lines"]["python"]
    names = [name for name, _ in events]
    for op in ("MatMul", "Transpose", "Relu", "__inference_<lambda>"):
        assert f"EagerLocalExecute: {op}" in names
    assert ("train", {"step_num": 1, "_r": 1}) in events
    assert state.observers == []


def test_one_session_at_a_time_with_tf_s_errors(tmp_path):
    with pytest.raises(tf.errors.UnavailableError, match="^Cannot export profiling results. No "
                                                          "profiler is running.$"):
        tf.profiler.experimental.stop()
    tf.profiler.experimental.start(str(tmp_path))
    try:
        with pytest.raises(tf.errors.AlreadyExistsError, match="^Another profiler is running.$"):
            tf.profiler.experimental.start(str(tmp_path))
    finally:
        tf.profiler.experimental.stop(save=False)
    assert not tmp_path.exists() or not any(tmp_path.iterdir())   # save=False: nothing


def test_profile_is_a_block_and_trace_without_a_session_records_nothing(tmp_path):
    with tf.profiler.experimental.Trace("outside", step_num=3) as trace:
        trace.set_metadata(note="x")
    with tf.profiler.experimental.Profile(str(tmp_path)):
        tf.constant(1.0) + 1.0
    assert state.observers == []
    events = _decode(_only_file(tmp_path))["lines"]["python"]
    assert ("EagerLocalExecute: AddV2", {}) in events
    assert all(name != "outside" for name, _ in events)


def test_trace_set_metadata_and_string_stats(tmp_path):
    with tf.profiler.experimental.Profile(str(tmp_path)):
        with tf.profiler.experimental.Trace("step", phase="eval") as trace:
            trace.set_metadata(batch=7)
    events = _decode(_only_file(tmp_path))["lines"]["python"]
    assert ("step", {"phase": b"eval", "batch": 7}) in events


def test_a_session_is_bounded_and_says_what_it_dropped(tmp_path, monkeypatch):
    monkeypatch.setattr(profiler_module, "MAX_EVENTS", 5)
    x = tf.constant(1.0)
    with tf.profiler.experimental.Profile(str(tmp_path)):
        for _ in range(10):   # ten AddV2 ops
            x = x + 1.0
    space = _decode(_only_file(tmp_path))
    assert len(space["lines"]["python"]) == 5
    assert space["warnings"] == ["5 events were not recorded: a session keeps at most 5."]


def test_the_file_is_written_atomically_and_stays_inside_logdir(tmp_path, monkeypatch):
    monkeypatch.setattr(profiler_module.socket, "gethostname", lambda: "../../evil/host")
    with tf.profiler.experimental.Profile(str(tmp_path / "logs")):
        tf.constant(1.0) * 2.0
    path = _only_file(tmp_path)   # (no temporary file left beside it)
    assert path.parent.parent.parent.parent == tmp_path / "logs"
    assert path.name == "_.._evil_host.xplane.pb"


def test_trace_on_with_the_profiler_writes_where_trace_on_says(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path / "logs"))
    tf.summary.trace_on(graph=True, profiler=True, profiler_outdir=str(tmp_path / "prof"))
    tf.function(lambda x: x * 2.0)(tf.constant(1.0))
    with writer.as_default():
        tf.summary.trace_export("t", step=0, profiler_outdir=str(tmp_path / "ignored"))
    assert state.observers == []
    assert len(list((tmp_path / "prof").rglob("*.xplane.pb"))) == 1
    assert not (tmp_path / "ignored").exists()


def test_trace_on_without_a_folder_only_warns_and_trace_off_stops_a_profiler(tmp_path, caplog):
    tf.summary.trace_on(profiler=True)
    assert state.observers == []
    tf.summary.trace_off()
    assert "No `profiler_outdir` passed to trace_on(). Profiler won't be enabled." in caplog.text
    tf.summary.trace_on(profiler=True, profiler_outdir=str(tmp_path))
    tf.summary.trace_off()   # (TF: trace_off stops the profiler, which saves)
    assert state.observers == [] and len(list(tmp_path.rglob("*.xplane.pb"))) == 1


def test_what_tf_has_and_the_engine_lacks_here():
    with pytest.raises(NotImplementedError, match="tf.profiler.experimental.client is not part"):
        tf.profiler.experimental.client  # noqa: B018
    assert tf.profiler.experimental.ProfilerOptions() == (2, 0, 1, None)


def test_ops_in_several_threads_are_each_recorded_once(tmp_path):
    """Each op on its thread's line, once. (The engine's rule: observe's "this call is mine"
    flag is per thread, so an op another thread runs meanwhile is neither lost nor counted
    twice; the threads switch often here, though a switch inside that window stays rare.)"""
    import threading
    x = tf.constant([1.0])

    def work():
        for _ in range(200):
            tf.add(x, x)
    threads = [threading.Thread(target=work, name=f"worker-{i}") for i in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)   # threads take turns inside ops, not only between them
    try:
        with tf.profiler.experimental.Profile(str(tmp_path)):
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        sys.setswitchinterval(interval)
    lines = _decode(_only_file(tmp_path))["lines"]
    assert {f"worker-{i}" for i in range(4)} <= set(lines)
    for i in range(4):
        assert [name for name, _ in lines[f"worker-{i}"]] == ["EagerLocalExecute: AddV2"] * 200
