"""`tf.summary`: write numbers, histograms, text, images and graphs for TensorBoard.

    >>> writer = tf.summary.create_file_writer("logs/demo")
    >>> with writer.as_default():
    ...     for step in range(3):
    ...         tf.summary.scalar("loss", 1.0 / (step + 1), step=step)
    >>> writer.flush()

then `tensorboard --logdir logs`. The files are real TensorBoard event files:
they are written by the `tensorboard` package's own `EventFileWriter` from
its own protobuf messages (`tensorboard.compat.proto`), and each summary is
built by TensorBoard's own NumPy helpers (`scalar_pb`, `histogram_pb`,
`text_pb`). Nothing here knows the file format. `tensorboard` is imported
only when a writer is created, so `import course.engine` stays fast.

Read: writer.py (the writer and the default-writer stack), ops.py (one
function per kind of summary).
"""
from . import experimental
from .writer import SummaryWriter, create_file_writer, create_noop_writer, flush
from .ops import scalar, histogram, text, image, graph, trace_on, trace_off, trace_export

__all__ = ["SummaryWriter", "create_file_writer", "create_noop_writer", "flush", "scalar",
           "histogram", "text", "image", "graph", "trace_on", "trace_off", "trace_export",
           "experimental"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("summary", __name__, name)
