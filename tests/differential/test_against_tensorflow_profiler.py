"""tf.profiler.experimental and trace_on(profiler=True): the engine and TF 2.21 agree, and TF's
own converter reads the engine's profile.

TF's rules (profiler_v2.py, summary_ops_v2.py): one session at a time (AlreadyExistsError,
UnavailableError with TF's texts); `stop()` writes `<logdir>/plugins/profile/<run>/<host>.xplane.pb`
and `stop(save=False)` nothing; `Trace` outside a session does nothing; trace_on's
`profiler_outdir` is where `trace_export` stops the profile (trace_export's own
`profiler_outdir` is ignored). The file: TensorBoard's profile plugin turns an `.xplane.pb`
into its trace viewer's events with TF's converter (`xspace_to_tools_data`, the function
the plugin calls), here run on both libraries' files: each eager op is an event
`EagerLocalExecute: <op>` and a Trace is a step event `train 1` with its stats. (Function
call events are named with TF's number, `__inference_<lambda>_15`, and the engine's without;
TF's file holds more events, its runtime's own: only the ops' and the trace's are compared.)
"""
from __future__ import annotations

import glob
import importlib.util
import json
import os
import re
import shutil
import tempfile

import pytest

from .tf_compare import Cases, check, real_tf

cases = Cases()
_ROOT = os.path.join(tempfile.gettempdir(), "course-differential-profiler")


@pytest.fixture(autouse=True)
def _clean_tmp():
    yield
    shutil.rmtree(_ROOT, ignore_errors=True)


def _folder(tf, name):
    path = os.path.join(_ROOT, tf.__name__, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def _files(folder):
    """The files under `folder`, relative, with the run's time and the host name generalized."""
    names = [os.path.relpath(p, folder) for p in glob.glob(os.path.join(folder, "**"),
                                                           recursive=True) if os.path.isfile(p)]
    return sorted(re.sub(r"\d{4}(_\d\d){5}/[^/]+\.xplane\.pb$", "<run>/<host>.xplane.pb", n)
                  for n in names)


def _viewer_events(path):
    """The trace viewer's events of one .xplane.pb, converted by TF's own tool."""
    from tensorflow.python.profiler.internal import _pywrap_profiler_plugin as plugin
    data, ok = plugin.xspace_to_tools_data([path], "trace_viewer@", {})
    assert ok, data
    return json.loads(data)["traceEvents"]


@cases("TF's converter reads the profile: each op an event, a Trace a step with its stats")
def _(tf):
    folder = _folder(tf, "ops")
    tf.profiler.experimental.start(folder)
    x = tf.constant([[1.0, 2.0]])
    y = tf.matmul(x, tf.transpose(x))
    with tf.profiler.experimental.Trace("train", step_num=1, _r=1):
        tf.nn.relu(y) + 1.0
    f = tf.function(lambda a: a * 2.0)
    f(x)
    tf.profiler.experimental.stop()
    [path] = glob.glob(os.path.join(folder, "plugins", "profile", "*", "*.xplane.pb"))
    events = [e for e in _viewer_events(path) if e.get("ph") == "X"]
    ops = sorted({e["name"] for e in events
                  if re.fullmatch(r"EagerLocalExecute: (MatMul|Transpose|Relu|AddV2)", e["name"])})
    calls = [e["name"] for e in events if e["name"].startswith("EagerLocalExecute: __inference_")]
    steps = [(e["name"], e["args"]) for e in events if e["name"].startswith("train")]
    return _files(folder), ops, len(calls), steps


@cases("a second start: AlreadyExistsError; stop without a profiler: UnavailableError")
def _(tf):
    out = []
    try:
        tf.profiler.experimental.stop()
    except tf.errors.UnavailableError as e:
        out.append(str(e))
    tf.profiler.experimental.start(_folder(tf, "twice"))
    try:
        tf.profiler.experimental.start(_folder(tf, "twice"))
    except tf.errors.AlreadyExistsError as e:
        out.append(str(e))
    finally:
        tf.profiler.experimental.stop(save=False)
    return out, os.path.exists(_folder(tf, "twice"))


@cases("Profile as a block; Trace outside a session does nothing; ProfilerOptions' defaults")
def _(tf):
    folder = _folder(tf, "block")
    with tf.profiler.experimental.Trace("outside", step_num=3):
        pass
    with tf.profiler.experimental.Profile(folder):
        tf.constant(1.0) + 1.0
    return _files(folder), tuple(tf.profiler.experimental.ProfilerOptions())


@cases("trace_on(profiler=True): the profile goes to trace_on's folder, trace_export's is ignored")
def _(tf):
    # (no default writer: nothing else is written, so the case needs no tensorboard package)
    folder = _folder(tf, "trace_on")
    tf.summary.trace_on(graph=True, profiler=True, profiler_outdir=os.path.join(folder, "prof"))
    tf.function(lambda x: x * 2.0)(tf.constant(1.0))
    tf.summary.trace_export("t", step=0, profiler_outdir=os.path.join(folder, "ignored"))
    return _files(folder)


@pytest.mark.skipif(importlib.util.find_spec("tensorboard") is None,
                    reason="the engine's summaries write through the tensorboard package")
def test_the_guide_cell_runs_and_leaves_the_profiler_running():
    """intro_to_modules: trace_on(graph=True), profiler start, trace_export(profiler_outdir=...)
    (a no-op for the profiler): on both libraries the profiler still runs afterwards."""
    import course.engine as eng
    for tf in (real_tf, eng):
        folder = _folder(tf, "guide")
        writer = tf.summary.create_file_writer(folder)
        tf.summary.trace_on(graph=True)
        tf.profiler.experimental.start(folder)
        tf.function(lambda x: x + 1.0)(tf.constant([[2.0, 2.0, 2.0]]))
        with writer.as_default():
            tf.summary.trace_export(name="my_func_trace", step=0, profiler_outdir=folder)
        with pytest.raises(tf.errors.AlreadyExistsError):
            tf.profiler.experimental.start(folder)
        tf.profiler.experimental.stop()


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_profiler_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
