"""`tf.compat.v1.summary`: TF1's summaries, ops whose value is a serialized `Summary`.

In a TF1 graph a summary is a node like any other. Running it gives the bytes
of a `Summary` message; a `FileWriter` appends them to an events file:

    >>> with tf.Graph().as_default():
    ...     x = tf.compat.v1.placeholder(tf.float32, [None])
    ...     tf.compat.v1.summary.scalar("mean", tf.reduce_mean(x))
    ...     tf.compat.v1.summary.histogram("values", x)
    ...     merged = tf.compat.v1.summary.merge_all()      # every summary, one node
    ...     with tf.compat.v1.Session() as sess:
    ...         writer = tf.compat.v1.summary.FileWriter("logs/tf1", sess.graph)
    ...         writer.add_summary(sess.run(merged, {x: [1.0, 2.0]}), global_step=0)
    ...         writer.close()

Three kernels, TF's: ScalarSummary (a `simple_value` per tag), HistogramSummary
(TF's fixed buckets: 1e-12 growing by 10% up to 1e20, both signs, and 0) and
MergeSummary (the values of several summaries; a tag twice is an error).
Their messages are TensorBoard's protobuf classes, as in `tf.summary`.

Eagerly, with a default `tf.summary` writer and a step, TF 2 forwards these
calls to `tf.summary` and returns an empty string; without one the kernel runs
and returns the bytes, as in TF. `merge`, `merge_all` and `FileWriter` belong
to graphs and refuse eager execution with TF's error.
"""
from __future__ import annotations

import contextlib
import logging
import re
import time
import warnings

import numpy as np

from .... import dtypes
from ....errors import InvalidArgumentError
from ....execute import Op, execute
from ....function import executing_eagerly
from ....graph.collections import GraphKeys
from ....graph.core import FuncGraph, get_default_graph
from ....graph.scopes import name_scope
from ....graph.shapes import SHAPE_RULES, Spec
from ....ops import register
from ....summary import ops as summary_v2, experimental as summary_experimental
from ....summary.writer import default_writer
from ....tensor import Tensor, convert_to_tensor

__all__ = ["scalar", "histogram", "merge", "merge_all", "FileWriter", "all_v2_summary_ops"]
# (and, read lazily: Summary, SummaryMetadata, Event, TensorBoard's message classes)

_DOUBLE_MAX = float(np.finfo(np.float64).max)
_log = logging.getLogger("course.engine")


def _proto(name: str):
    """TensorBoard's protobuf class `name` (imported when first needed)."""
    from tensorboard.compat.proto import event_pb2, summary_pb2
    return getattr(summary_pb2, name, None) or getattr(event_pb2, name)


def __getattr__(name):
    if name in ("Summary", "SummaryMetadata", "Event"):  # TF's message classes (TensorBoard's)
        return _proto(name)
    from .... import unsupported
    return unsupported.missing("compat.v1.summary", __name__, name)


def _bytes_tensor(message) -> np.ndarray:
    return np.array(message.SerializeToString(), dtype=object)


def _text(tag) -> str:
    return tag.decode() if isinstance(tag, bytes) else str(tag)


# -- the kernels ------------------------------------------------------------------------------
def _scalar_summary(tags, values):
    if tags.shape != values.shape:
        raise InvalidArgumentError(None, "ScalarSummary", (
            f"tags and values are not the same shape: {_dims(tags.shape)} != "
            f"{_dims(values.shape)} (tag '{_text(np.ravel(tags)[0])}')"))
    Summary = _proto("Summary")
    return _bytes_tensor(Summary(value=[
        Summary.Value(tag=_text(t), simple_value=float(v))
        for t, v in zip(np.ravel(tags), np.ravel(values))]))


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _bucket_limits() -> np.ndarray:
    """TF's default histogram buckets: 1e-12 * 1.1**k up to 1e20, mirrored, 0 between, and the
    largest double at both ends (the limits are each bucket's upper end)."""
    limits, v = [], 1.0e-12
    while v < 1.0e20:
        limits.append(v)
        v *= 1.1
    limits.append(_DOUBLE_MAX)
    return np.array([-x for x in reversed(limits)] + [0.0] + limits)


_LIMITS = _bucket_limits()


def _histogram_summary(tag, values):
    tag = _text(np.ravel(tag)[0])
    x = np.ravel(values).astype(np.float64)
    if np.isnan(x).any():
        raise InvalidArgumentError(None, "HistogramSummary", f"Nan in summary histogram for: {tag}")
    if np.isinf(x).any():
        raise InvalidArgumentError(None, "HistogramSummary", f"Infinity in Histogram for: {tag}")
    counts = np.bincount(np.searchsorted(_LIMITS, x, side="right"), minlength=len(_LIMITS))
    limits, buckets, i = [], [], 0
    while i < len(_LIMITS):  # empty buckets in a row are sent as one (TF's EncodeToProto)
        end, count = _LIMITS[i], counts[i]
        i += 1
        while count == 0 and i < len(_LIMITS) and counts[i] == 0:
            end = _LIMITS[i]
            i += 1
        limits.append(float(end))
        buckets.append(float(count))
    Summary = _proto("Summary")
    histo = _proto("HistogramProto")(
        min=float(x.min()) if x.size else _DOUBLE_MAX,
        max=float(x.max()) if x.size else -_DOUBLE_MAX, num=float(x.size),
        # (TF adds value after value: the running sums, not NumPy's pairwise ones)
        sum=float(np.cumsum(x)[-1]) if x.size else 0.0,
        sum_squares=float(np.cumsum(x * x)[-1]) if x.size else 0.0,
        bucket_limit=limits, bucket=buckets)
    return _bytes_tensor(Summary(value=[Summary.Value(tag=tag, histo=histo)]))


def _merge_summary(*inputs):
    Summary = _proto("Summary")
    merged, tags = Summary(), set()
    for serialized in (s for x in inputs for s in np.ravel(x)):
        one = Summary()
        one.ParseFromString(serialized)
        for value in one.value:
            if value.tag in tags:
                raise InvalidArgumentError(None, "MergeSummary",
                                           f"Duplicate tag {value.tag} found in summary inputs ")
            tags.add(value.tag)
            merged.value.add().CopyFrom(value)
    return _bytes_tensor(merged)


_STRING = {dtypes.string}
SCALAR_SUMMARY = register(Op("ScalarSummary", _scalar_summary, None, dtypes=_STRING,
                             same_dtype=False))
HISTOGRAM_SUMMARY = register(Op("HistogramSummary", _histogram_summary, None, dtypes=_STRING,
                                same_dtype=False))
MERGE_SUMMARY = register(Op("MergeSummary", _merge_summary, None, dtypes=_STRING))
for _name in ("ScalarSummary", "HistogramSummary", "MergeSummary"):  # (a string scalar, always)
    SHAPE_RULES[_name] = lambda specs, attrs: Spec(object, ())


# -- the functions -------------------------------------------------------------------------------
def _clean_tag(name):
    """TF's clean_tag: characters other than letters, digits, _ - / . become "_"."""
    if name is None:
        return None
    cleaned = re.sub(r"[^-/\w\.]", "_", name).lstrip("/")
    if cleaned != name:
        _log.info("Summary name %s is illegal; using %s instead.", name, cleaned)
    return cleaned


def _summary(op: Op, name: str, family, data, collections, v2_write, default_name: str):
    """A TF1 summary: forwarded to tf.summary eagerly when a writer and a step are set (TF's
    TF2 compatibility, returning b""), else the kernel's node, named by its scope and
    filed in its collections (SUMMARIES unless given)."""
    name, family = _clean_tag(name), _clean_tag(family)
    # (TF asks whether the outermost context is eager: inside a tf.function it forwards too)
    if executing_eagerly() or isinstance(get_default_graph(), FuncGraph):
        step = _v2_step()
        if default_writer() is not None and step is not None:
            with _summary_scope(name, family) as (tag, _):
                with name_scope(""):  # (the tag is whole: tf.summary adds no scope of its own)
                    v2_write(tag, data, step=step)
            return convert_to_tensor(b"")
        warnings.warn("Cannot activate TF2 compatibility support for TF1 summary ops: " + (
            "default summary writer not found." if default_writer() is None else
            "global step not set. To set step for summary writer, use "
            "`tf.summary.SummaryWriter.as_default(step=_)`, `tf.summary.experimental.set_step()`"
            " or `tf.compat.v1.train.create_global_step()`."))
    with _summary_scope(name, family, default_name) as (tag, scope):
        value = execute(op, (convert_to_tensor(tag), data), name=scope)
    for key in [GraphKeys.SUMMARIES] if collections is None else collections:
        _add(value, key)
    return value


@contextlib.contextmanager
def _summary_scope(name: str, family, default_name: str | None = None):
    """TF's summary_scope: (tag, scope). The scope is the name (under `family`), made unique
    in a graph ("loss", "loss_1"); the tag is the scope, with the family once more in front
    (the TensorBoard tab it shows in)."""
    with name_scope(f"{family}/{name}" if family else name, default_name) as scope:
        tag = scope.rstrip("/")
        yield (f"{family}/{tag}" if family else tag), scope


def _v2_step():
    from .train import get_global_step
    step = summary_experimental.get_step()
    return step if step is not None else get_global_step()


def _add(value, key: str) -> None:
    if not executing_eagerly():  # (eagerly there is no graph to file it in)
        get_default_graph().add_to_collection(key, value)


def scalar(name: str, tensor, collections=None, family=None) -> Tensor:
    """A `Summary` with one number, as a string tensor. Mirrors `tf.compat.v1.summary.scalar`.

    The tag is the node's scope: "loss", then "loss_1" for a second "loss", "train/loss"
    inside `tf.name_scope("train")`; with `family`, "family/family/loss" (TF's tab name).
    """
    return _summary(SCALAR_SUMMARY, name, family, convert_to_tensor(tensor), collections,
                    summary_v2.scalar, None)


def histogram(name: str, values, collections=None, family=None) -> Tensor:
    """A `Summary` with a histogram of `values` (TF1's fixed buckets). Mirrors
    `tf.compat.v1.summary.histogram`."""
    return _summary(HISTOGRAM_SUMMARY, name, family, convert_to_tensor(values), collections,
                    summary_v2.histogram, "HistogramSummary")


def _no_eager() -> None:
    if executing_eagerly():
        raise RuntimeError("Merging tf.summary.* ops is not compatible with eager execution. "
                           "Use tf.contrib.summary instead.")


def merge(inputs, collections=None, name=None) -> Tensor:
    """One `Summary` holding the values of several. Mirrors `tf.compat.v1.summary.merge`."""
    _no_eager()
    name = _clean_tag(name)
    with name_scope(name, "Merge"):
        value = execute(MERGE_SUMMARY, tuple(inputs), name=name)
    for key in collections or ():
        _add(value, key)
    return value


def merge_all(key: str = GraphKeys.SUMMARIES, scope=None, name=None):
    """All the summaries of the collection `key` merged into one node, or None when there are
    none. Mirrors `tf.compat.v1.summary.merge_all`."""
    _no_eager()
    found = get_default_graph().get_collection(key, scope)
    return merge(found, name=name) if found else None


def all_v2_summary_ops():
    """The `tf.summary` ops made in this TF1 graph (TF files them apart). Mirrors
    `tf.compat.v1.summary.all_v2_summary_ops`: None eagerly."""
    if executing_eagerly():
        return None
    return get_default_graph().get_collection(GraphKeys._SUMMARY_COLLECTION)


class FileWriter:
    """Appends TF1 summaries and graphs to an events file. Mirrors
    `tf.compat.v1.summary.FileWriter`.

    `FileWriter(logdir, sess.graph)` writes the graph first (TensorBoard's Graphs
    tab); `add_summary(bytes_or_Summary, global_step)` one event per call. The file is
    TensorBoard's own writer's (`tensorboard.summary.writer`), as for `tf.summary`, so
    its name ends with a process id and a counter that TF1's lacks; and TF's second
    event for a graph, its MetaGraphDef, is not written (the Graphs tab reads the first).
    """

    def __init__(self, logdir, graph=None, max_queue: int = 10, flush_secs: int = 120,
                 graph_def=None, filename_suffix=None, session=None):
        if executing_eagerly():
            raise RuntimeError("v1.summary.FileWriter is not compatible with eager execution. "
                               "Use `tf.summary.create_file_writer`,or a `with "
                               "v1.Graph().as_default():` context")
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
        from ....summary.writer import _make_folder
        self._logdir = str(logdir)
        _make_folder(self._logdir)
        self._writer = EventFileWriter(self._logdir, max_queue_size=max_queue,
                                       flush_secs=flush_secs, filename_suffix=filename_suffix or "")
        self._closed = False
        self._seen_tags: set = set()
        if graph is not None or graph_def is not None:
            self.add_graph(graph, graph_def=graph_def)

    def __enter__(self) -> "FileWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get_logdir(self) -> str:
        return self._logdir

    def add_summary(self, summary, global_step=None) -> None:
        """Appends a `Summary` (or its bytes, what running a summary op gives). A tag's plugin
        metadata is written with its first value only, as TF does."""
        Summary = _proto("Summary")
        if isinstance(summary, (bytes, np.ndarray, Tensor)):
            raw = summary.numpy() if isinstance(summary, Tensor) else summary
            summary = Summary.FromString(raw.item() if isinstance(raw, np.ndarray) else raw)
        for value in summary.value:
            if value.HasField("metadata"):
                if value.tag in self._seen_tags:
                    value.ClearField("metadata")
                else:
                    self._seen_tags.add(value.tag)
        self._add_event(_proto("Event")(summary=summary), global_step)

    def add_graph(self, graph, global_step=None, graph_def=None) -> None:
        """Writes a graph for TensorBoard's Graphs tab (a `tf.Graph`, or its GraphDef)."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        source = graph if graph is not None else graph_def
        if not hasattr(source, "SerializeToString") and not hasattr(source, "as_graph_def"):
            raise TypeError("The passed graph must be an instance of `Graph` or the deprecated "
                            "`GraphDef`")
        serialized = summary_v2._as_graph_def(source).SerializeToString()
        self._add_event(_proto("Event")(graph_def=serialized), global_step)

    def add_event(self, event) -> None:
        self._warn_if_closed()
        self._writer.add_event(event)

    def _add_event(self, event, step) -> None:
        event.wall_time = time.time()
        if step is not None:
            event.step = int(step)
        self.add_event(event)

    def _warn_if_closed(self) -> None:
        if self._closed:
            warnings.warn("Attempting to use a closed FileWriter. The operation will be a noop "
                          "unless the FileWriter is explicitly reopened.")

    def flush(self) -> None:
        self._warn_if_closed()
        self._writer.flush()

    def close(self) -> None:
        self._writer.close()
        self._closed = True

    def reopen(self) -> None:
        self._writer.reopen()
        self._closed = False
