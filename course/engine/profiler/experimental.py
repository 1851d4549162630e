"""`tf.profiler.experimental`: record how long each op took, for TensorBoard's Profile tab.

    >>> tf.profiler.experimental.start("logs/run1")
    >>> with tf.profiler.experimental.Trace("train", step_num=1):
    ...     loss = train_step(x, y)                  # every op is timed
    >>> tf.profiler.experimental.stop()              # writes logs/run1/plugins/profile/...

While a session runs, an observer (../observers.py) notes each op `execute`
runs: its name, when it started and how long it took; `stop()` writes them as
TF's `<logdir>/plugins/profile/<YYYY_MM_DD_HH_MM_SS>/<host>.xplane.pb`
(xplane.py), the file TensorBoard's profile plugin reads. With no session,
nothing is recorded: the observer is not installed, and `Trace` only checks
whether a session runs. A session keeps at most `MAX_EVENTS` events (a profiler
left running, as in TF's intro_to_modules guide, must not fill the memory); the
rest are counted, and the file says how many were dropped.

`Profile(logdir)` is `start` and `stop` as a `with` block; `ProfilerOptions`
is accepted and kept (the engine has one tracer, on the host). Remote
profiling (`client`, `server`) is not part of the engine.

Read next: xplane.py (the file), ../summary/ops.py (`trace_on(profiler=True)`).
"""
from __future__ import annotations

import collections
import os
import re
import socket
import threading
import time

from .. import observers, unsupported
from ..errors import AlreadyExistsError, UnavailableError
from ..saving.atomic import atomic_write
from .xplane import encode_xspace

__all__ = ["start", "stop", "Profile", "Trace", "ProfilerOptions", "MAX_EVENTS"]

MAX_EVENTS = 1_000_000   # about 100 MB of records; TF's own session is bounded by its buffers

ProfilerOptions = collections.namedtuple(
    "ProfilerOptions", ["host_tracer_level", "python_tracer_level", "device_tracer_level",
                        "delay_ms"], defaults=[2, 0, 1, None])
ProfilerOptions.__doc__ = """Options of a profiling session (TF's fields and defaults); the engine
keeps them and has one tracer, on the host. Mirrors `tf.profiler.experimental.ProfilerOptions`."""


class _Session:
    """The running profile: where it goes, when it began, and the events noted so far."""

    def __init__(self, logdir: str, options):
        self.logdir, self.options = os.fspath(logdir), options
        self.start_ns, self.start_perf = time.time_ns(), time.perf_counter_ns()
        self.events: list = []   # (thread name, name, start perf ns, end perf ns, stats)
        self.dropped = 0

    def note(self, name: str, start: int, end: int, stats: dict) -> None:
        if len(self.events) < MAX_EVENTS:
            self.events.append((threading.current_thread().name, name, start, end, stats))
        else:
            self.dropped += 1


_session = None
_lock = threading.Lock()


def _note_op(op, inputs, attrs, output, graph, start_ns: int, end_ns: int) -> None:
    """The observer: an op that ran (not one added to a graph being built)."""
    session = _session
    if graph is None and session is not None:
        name = op.name if op.function is None else "__inference_" + op.name.partition("(")[2][:-1]
        session.note("EagerLocalExecute: " + name, start_ns, end_ns, {})


def start(logdir, options: ProfilerOptions | None = None) -> None:
    """Starts recording every op, until `stop()`. Mirrors `tf.profiler.experimental.start`.

    >>> tf.profiler.experimental.start("logs/profile")

    A second `start` while one runs is TF's AlreadyExistsError.
    """
    global _session
    with _lock:
        if _session is not None:
            raise AlreadyExistsError(None, None, "Another profiler is running.")
        _session = _Session(logdir, options)
        observers.add(_note_op)


def stop(save: bool = True) -> None:
    """Stops recording and, with `save=True`, writes the profile for TensorBoard. Mirrors
    `tf.profiler.experimental.stop`; without a running profiler it is TF's UnavailableError."""
    global _session
    with _lock:
        session = _session
        if session is None:
            raise UnavailableError(None, None, "Cannot export profiling results. No profiler "
                                               "is running.")
        observers.remove(_note_op)
        _session = None
    if save:
        _write(session, time.time_ns())


def _write(session: _Session, stop_ns: int) -> str:
    """Writes `session` to <logdir>/plugins/profile/<time>/<host>.xplane.pb (atomically)."""
    by_thread: dict = {}
    for thread, name, start, end, stats in session.events:
        thread = "python" if thread == "MainThread" else thread   # (TF's name for that line)
        by_thread.setdefault(thread, []).append((name, start - session.start_perf, end - start,
                                                 stats))
    warnings = ()
    if session.dropped:
        warnings = (f"{session.dropped} events were not recorded: a session keeps at most "
                    f"{MAX_EVENTS}.",)
    # the host name names a file: only its plain characters (it can never leave the folder)
    host = re.sub(r"[^A-Za-z0-9_.-]", "_", socket.gethostname()).strip(".") or "localhost"
    run = time.strftime("%Y_%m_%d_%H_%M_%S", time.localtime(stop_ns / 1e9))
    path = os.path.join(session.logdir, "plugins", "profile", run, host + ".xplane.pb")
    atomic_write(path, encode_xspace(host, session.start_ns, stop_ns,
                                     sorted(by_thread.items()), warnings))
    return path


class Profile:
    """`start(logdir)` on entering the block, `stop()` on leaving it. Mirrors
    `tf.profiler.experimental.Profile`.

    >>> with tf.profiler.experimental.Profile("logs/profile"):
    ...     model.fit(x, y, epochs=1)
    """

    def __init__(self, logdir, options: ProfilerOptions | None = None):
        self._logdir, self._options = logdir, options

    def __enter__(self):
        start(self._logdir, self._options)

    def __exit__(self, typ, value, tb):
        stop()


class Trace:
    """A named span in the profile (a training step, a phase): an event from entering the
    block to leaving it, its keyword arguments kept as the event's stats. Mirrors
    `tf.profiler.experimental.Trace`.

    >>> for step, (x, y) in enumerate(dataset):
    ...     with tf.profiler.experimental.Trace("train", step_num=step, _r=1):
    ...         train_step(x, y)

    Without a running profiler it does nothing (one check on entering).
    """

    def __init__(self, name: str, **kwargs):
        self.name, self._stats, self._start = name, kwargs, None

    def __enter__(self):
        if _session is not None:
            self._start = time.perf_counter_ns()
        return self

    def set_metadata(self, **kwargs) -> None:
        """Adds stats to the event (TF: only while the profiler runs)."""
        if self._start is not None:
            self._stats.update(kwargs)

    def __exit__(self, typ, value, tb):
        session = _session
        if self._start is not None and session is not None:
            session.note(self.name, self._start, time.perf_counter_ns(), dict(self._stats))
        self._start = None


def __getattr__(name):  # TF's names the engine lacks here (client, server): a clear error
    return unsupported.missing("profiler.experimental", __name__, name)
