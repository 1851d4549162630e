"""One function per kind of summary: `scalar`, `histogram`, `text`, `image`, `graph`.

`scalar`, `histogram`, `text` and `image` write through one op, `WriteSummary`
(TF's summary ops are ops too): its kernel turns the data into a TensorBoard
`Summary` message with TensorBoard's own helper where one exists
(`scalar_pb`, `histogram_pb`, `text_pb`), or from TensorBoard's protobuf
classes (images as PNG through Pillow), and hands an `Event` with the step
and the time to the writer. So a summary inside a `tf.function` is written
each time the function runs, with that run's values and step.

    >>> with tf.summary.create_file_writer("logs/x").as_default():
    ...     tf.summary.histogram("weights", tf.random.normal([1000]), step=0)
    <tf.Tensor: shape=(), dtype=bool, numpy=True>

`graph`, `keras_model` and `trace_export` write what Python holds (graphs,
configs) at once.
"""
from __future__ import annotations

import io
import logging
import time

import numpy as np

from . import experimental
from .. import dtypes
from ..execute import Op, execute
from ..ops import register
from ..profiler import experimental as _profiler
from ..tensor import Tensor, constant, convert_to_tensor
from .writer import default_writer

_log = logging.getLogger("course.engine")

__all__ = ["scalar", "histogram", "text", "image", "write_raw_pb", "graph", "keras_model",
           "trace_on", "trace_off", "trace_export", "note_traced_graph", "WRITE_SUMMARY"]


def _numpy(data) -> np.ndarray:
    value = getattr(data, "_value", None)
    if value is None and hasattr(data, "numpy"):
        value = data.numpy()
    return np.asarray(data if value is None else value)


def _given_step(step):
    """`step`, or the default one (`experimental.set_step`); TF's error when there is none."""
    if step is None:
        step = experimental.get_step()
    if step is None:
        raise ValueError("No step set. Please specify one either through the `step` argument "
                         "or through tf.summary.experimental.set_step()")
    return step


def _step(step) -> int:
    return int(_numpy(_given_step(step)))


def _write(summary_pb, step) -> bool:
    """Sends one Summary to the default writer; False when there is none (as TF)."""
    writer = default_writer()
    if writer is None:
        return False
    return _event(writer, summary_pb, _step(step))


def _event(writer, summary_pb, step: int) -> bool:
    from tensorboard.compat.proto import event_pb2
    return writer.write_event(event_pb2.Event(wall_time=time.time(), step=step,
                                              summary=summary_pb))


# -- the WriteSummary op: each kind of summary is built from NumPy values when it runs -----------
def _scalar_pb(tag, value, description):
    from tensorboard.plugins.scalar.summary_v2 import scalar_pb
    _check_scalar(value.shape, tag)  # (a shape known only when a traced function runs)
    return scalar_pb(tag, float(value), description)


def _check_scalar(shape, tag) -> None:
    if shape is not None and len(shape) != 0:
        raise ValueError(f"Expected scalar shape, saw shape: {tuple(shape)}.\nHint: "
                         "tf.summary.scalar logs one number; reduce the data first, e.g. "
                         "tf.reduce_mean(data).")


def _histogram_pb(tag, value, description, buckets=None):
    from tensorboard.plugins.histogram.summary_v2 import histogram_pb
    return histogram_pb(tag, value.astype(np.float64), buckets, description)


def _text_pb(tag, value, description):
    from tensorboard.plugins.text.summary_v2 import text_pb
    if value.dtype.kind == "U":
        value = np.char.encode(value, "utf-8")
    return text_pb(tag, value, description)


def _png(image: np.ndarray) -> bytes:
    from PIL import Image
    if image.shape[-1] == 1:
        image = image[..., 0]
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()


def _image_pb(tag, images, description, max_outputs=3):
    from tensorboard.compat.proto import summary_pb2
    from tensorboard.plugins.image import metadata
    from tensorboard.util import tensor_util
    _check_images(images.shape, tag)
    if images.dtype != np.uint8:
        images = (np.clip(images.astype(np.float64), 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
    height, width = images.shape[1:3]
    # TF's image summary: a string tensor [width, height, png_1, ..., png_k]
    encoded = [str(width).encode(), str(height).encode()]
    encoded += [_png(im) for im in images[:max_outputs]]
    tensor = tensor_util.make_tensor_proto(np.array(encoded, dtype=object))
    meta = metadata.create_summary_metadata(display_name=None, description=description or "")
    return summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=tag, metadata=meta,
                                                                tensor=tensor)])


def _check_images(shape, tag) -> None:
    if shape is not None and (len(shape) != 4 or shape[-1] not in (1, 3, 4, None)):
        raise ValueError(f"tf.summary.image needs data of shape [k, h, w, c] with c in (1, 3, 4); "
                         f"got {tuple(shape)} for {tag!r}.")


def _raw_pb(tag, value, description):
    from tensorboard.compat.proto import summary_pb2
    return summary_pb2.Summary.FromString(bytes(value.item()))


_SUMMARY_PB = {"scalar": _scalar_pb, "histogram": _histogram_pb, "text": _text_pb,
               "image": _image_pb, "raw": _raw_pb}
# The shapes a kind of summary accepts: checked as the op is built, where the shape is known
# (as TF does), and again by the kernel, for a shape known only when a traced function runs.
_SHAPE_CHECKS = {"scalar": _check_scalar, "image": _check_images}


def _write_summary(step, value, writer, kind, tag, description=None, **details):
    """The WriteSummary kernel: builds the `kind` of Summary from `value` and writes it."""
    return np.bool_(_event(writer, _SUMMARY_PB[kind](tag, np.asarray(value), description,
                                                     **details), int(step)))


# A summary changes something outside the program (a file): like PrintV2, it runs in a
# tf.function on every call, in program order, whether or not its result is used.
# In a TF1 graph it is filed under "_SUMMARY_V2" (tf.compat.v1.summary.all_v2_summary_ops).
WRITE_SUMMARY = register(Op("WriteSummary", _write_summary, None, dtypes=dtypes.INTEGER,
                            same_dtype=False, effects=True, collections=("_SUMMARY_V2",)))


def _static_shape(data):
    """The data's shape as known now (None dims while tracing; None for an unknown rank)."""
    if not hasattr(data, "dtype"):
        return np.shape(data)
    shape = data.shape
    return None if getattr(shape, "rank", 0) is None else tuple(shape)


def _is_tensor(x) -> bool:
    return isinstance(x, Tensor) or getattr(x, "_is_variable", False)


def _summary(kind: str, name: str, data, step, description, default_name: str, **details):
    """Writes one summary through the WriteSummary op: eagerly now; in a tf.function each
    time it runs (with the step's value then: `step=optimizer.iterations` works). The tag is
    `name` inside the current name scope. Returns a bool tensor: False without a writer."""
    writer = default_writer()
    if writer is None:
        return constant(False)
    if kind in _SHAPE_CHECKS:
        _SHAPE_CHECKS[kind](_static_shape(data), name)
    step = _given_step(step)
    # (each converted on its own: a number given as the step is an int64, as in TF, and
    # lends the data no dtype)
    if not _is_tensor(step):
        step = constant(int(np.asarray(step)), dtype=dtypes.int64)
    if not _is_tensor(data):
        data = convert_to_tensor(data)
    with experimental.summary_scope(name, default_name) as (tag, _):
        return execute(WRITE_SUMMARY, (step, data),
                       {"writer": writer, "kind": kind, "tag": tag, "description": description,
                        **details})


def scalar(name: str, data, step=None, description: str | None = None):
    """Logs one number (a point on a TensorBoard curve). Mirrors `tf.summary.scalar`."""
    return _summary("scalar", name, data, step, description, "scalar_summary")


def histogram(name: str, data, step=None, buckets: int | None = None,
              description: str | None = None):
    """Logs the distribution of a tensor's values (30 buckets). Mirrors `tf.summary.histogram`."""
    return _summary("histogram", name, data, step, description, "histogram_summary",
                    buckets=buckets)


def text(name: str, data, step=None, description: str | None = None):
    """Logs a string (Markdown), or an array of strings shown as a table. Mirrors `tf.summary.text`."""
    return _summary("text", name, data, step, description, "text_summary")


def image(name: str, data, step=None, max_outputs: int = 3, description: str | None = None):
    """Logs images: data of shape [k, height, width, channels], channels 1, 3 or 4.

    Floats are read as [0, 1] and scaled to 0..255 (as `tf.image.convert_image_dtype`);
    uint8 is used as is. At most `max_outputs` images are kept. Mirrors `tf.summary.image`.
    """
    return _summary("image", name, data, step, description, "image_summary",
                    max_outputs=int(max_outputs))


def write_raw_pb(tensor, step=None, name=None):
    """Writes serialized `Summary` protos (bytes) as they are, at `step`. Mirrors
    `tf.summary.experimental.write_raw_pb` (TensorBoard's HParams plugin writes so)."""
    return _summary("raw", name or "write_raw_pb", tensor, step, None, "write_raw_pb")


def _as_graph_def(graph_data):
    """A tensorboard GraphDef from a GraphDef, a bytes string, or an object with as_graph_def()."""
    from tensorboard.compat.proto import graph_pb2
    if hasattr(graph_data, "as_graph_def"):
        graph_data = graph_data.as_graph_def()
    if isinstance(graph_data, (bytes, bytearray)):
        return graph_pb2.GraphDef.FromString(bytes(graph_data))
    if hasattr(graph_data, "SerializeToString"):
        return graph_pb2.GraphDef.FromString(graph_data.SerializeToString())
    raise TypeError(f"tf.summary.graph needs a GraphDef or a Graph, got "
                    f"{type(graph_data).__name__}.")


def graph(graph_data) -> bool:
    """Writes a graph for TensorBoard's Graphs dashboard. Mirrors `tf.summary.graph`.

    `graph_data` is a `GraphDef` (TensorBoard's proto class, or any message
    with the same fields), its serialized bytes, or an object with
    `as_graph_def()`, such as a traced function's graph.
    """
    writer = default_writer()
    if writer is None:
        return False
    from tensorboard.compat.proto import event_pb2
    graph_def = _as_graph_def(graph_data)
    return writer.write_event(event_pb2.Event(wall_time=time.time(),
                                              graph_def=graph_def.SerializeToString()))


def keras_model(name: str, config_json: str, step=0) -> bool:
    """Writes a Keras model's JSON config for the Graphs dashboard's conceptual graph.

    This is what Keras's TensorBoard callback writes as "keras": the plugin
    "graph_keras_model" (version "1") draws the layers and how they connect.
    """
    if default_writer() is None:
        return False
    from tensorboard.compat.proto import summary_pb2
    from tensorboard.util import tensor_util
    meta = summary_pb2.SummaryMetadata()
    meta.plugin_data.plugin_name = "graph_keras_model"
    meta.plugin_data.content = b"1"
    tensor = tensor_util.make_tensor_proto(np.array(config_json.encode("utf-8"), dtype=object))
    summary = summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=name, metadata=meta,
                                                                   tensor=tensor)])
    return _write(summary, step)


# -- tracing: record the graphs that tf.function builds, then write them ---------------
_trace: dict = {"on": False, "graphs": [], "profiler": False}


def trace_on(graph: bool = True, profiler: bool = False, profiler_outdir=None) -> None:
    """Starts recording the graphs of `tf.function`s traced from now on. Mirrors `tf.summary.trace_on`.

    `profiler=True` also starts `tf.profiler.experimental.start(profiler_outdir)`
    (without `profiler_outdir` TF only warns, and so does this), which
    `trace_export` or `trace_off` stops.
    """
    if profiler:
        if profiler_outdir is None:
            _log.warning("No `profiler_outdir` passed to trace_on(). Profiler won't be enabled.")
        else:
            _profiler.start(profiler_outdir)
    _trace["on"], _trace["graphs"], _trace["profiler"] = bool(graph or profiler), [], bool(profiler)


def trace_off() -> None:
    """Stops recording and forgets what was recorded. Mirrors `tf.summary.trace_off`."""
    profiler, _trace["profiler"] = _trace["profiler"], False
    _trace["on"], _trace["graphs"] = False, []
    if profiler:
        try:
            _profiler.stop()
        except Exception as e:  # noqa: BLE001 - TF only logs it
            _log.warning("Error while stopping profiler: %s", e)


def note_traced_graph(graph_def_fn) -> None:
    """Called by `tf.function` right after it traces: `graph_def_fn()` returns a GraphDef.

    The interface between tracing (function.py) and summaries: cheap when
    tracing is off, so tf.function may call it every time it traces.
    """
    if _trace["on"]:
        _trace["graphs"].append(graph_def_fn)


def trace_export(name: str, step=None, profiler_outdir=None) -> bool:
    """Writes the graphs recorded since `trace_on` and stops tracing. Mirrors `tf.summary.trace_export`.

    Raises a clear error when nothing was traced (call the tf.function between
    trace_on and trace_export; a function already traced before trace_on
    does not trace again).
    """
    graphs = _trace["graphs"]
    if _trace["profiler"]:
        # TF: the profiler stops here, its folder is trace_on's (profiler_outdir here is
        # ignored); then trace_off stops it again and logs that no profiler runs
        if profiler_outdir:
            _log.warning("Ignoring `profiler_outdir` passed to trace_export(). Please pass it to "
                         "trace_on() instead.")
        _profiler.stop()
    trace_off()
    if default_writer() is None:
        return False
    if not graphs:
        raise ValueError(f"trace_export({name!r}): no graph was traced since trace_on(). Call a "
                         "new @tf.function (or one with new input shapes) after trace_on().")
    from tensorboard.compat.proto import config_pb2, summary_pb2
    from tensorboard.util import tensor_util
    # As TF 2: one RunMetadata holding every traced graph, written as a tensor
    # summary of the "graph_run_metadata_graph" plugin, which the Graphs
    # dashboard lists under `name`. (A top-level Event.tagged_run_metadata is
    # shown as profile data only, not as a graph.)
    run_metadata = config_pb2.RunMetadata()
    for make in graphs:
        graph_def = _as_graph_def(make() if callable(make) else make)
        run_metadata.function_graphs.add().pre_optimization_graph.CopyFrom(graph_def)
    meta = summary_pb2.SummaryMetadata()
    meta.plugin_data.plugin_name = "graph_run_metadata_graph"
    meta.plugin_data.content = b"1"
    tensor = tensor_util.make_tensor_proto(
        np.array(run_metadata.SerializeToString(), dtype=object))
    _write(summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=name, metadata=meta,
                                                                tensor=tensor)]), step)
    return True
