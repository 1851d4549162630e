"""The summary writer: where summaries go, and which writer is the default.

`create_file_writer(logdir)` wraps TensorBoard's `EventFileWriter`. As in TF,
it creates the folder and the writer's events file at once (one file per
writer, named events.out.tfevents.<time>.<host>.<pid>.<n>.v2, holding a
header until values arrive), so a run shows up before its first value.
`with writer.as_default():` pushes it on a stack; summary functions write to
the top writer and do nothing (returning False) when the stack is empty, as
in TF.
"""
from __future__ import annotations

import contextlib
import os

from .. import dtypes
from ..errors import FailedPreconditionError
from ..execute import Op, execute
from ..ops import register

__all__ = ["SummaryWriter", "create_file_writer", "create_noop_writer", "flush",
           "default_writer"]

_stack: list = []


class SummaryWriter:
    """Writes events to one log directory. Mirrors `tf.summary.SummaryWriter`."""

    def __init__(self, logdir: str | None, max_queue: int = 10, flush_millis: int = 120000,
                 filename_suffix: str = ".v2"):
        self._logdir = None if logdir is None else os.fspath(logdir)
        self._writer = None
        self._closed = False
        if self._logdir is not None:
            # TF: the folder and the events file exist as soon as the writer does.
            _make_folder(self._logdir)
            from tensorboard.summary.writer.event_file_writer import EventFileWriter
            self._writer = EventFileWriter(self._logdir, max_queue_size=max_queue,
                                           flush_secs=flush_millis / 1000.0,
                                           filename_suffix=filename_suffix)

    def _events(self):
        """TensorBoard's own EventFileWriter (imported here, not at engine import)."""
        if self._closed:
            raise RuntimeError(f"SummaryWriter for {self._logdir!r} is already closed")
        return self._writer

    def write_event(self, event) -> bool:
        """Appends one `tensorboard.compat.proto.event_pb2.Event`. False for a no-op writer."""
        if self._logdir is None:
            return False
        self._events().add_event(event)
        return True

    @contextlib.contextmanager
    def as_default(self, step=None):
        """Makes this the writer that `tf.summary.scalar` and friends write to."""
        from . import experimental
        old_step = experimental.get_step()
        if step is not None:
            experimental.set_step(step)
        _stack.append(self)
        try:
            yield self
        finally:
            _stack.remove(self)
            if step is not None:
                experimental.set_step(old_step)

    def set_as_default(self, step=None) -> None:
        """Makes this the default writer until another is set (no `with` needed)."""
        from . import experimental
        if step is not None:
            experimental.set_step(step)
        _stack.append(self)

    def init(self):
        """TF's op that opens the writer's file. The file exists as soon as the writer does
        here, so this is a NoOp: in a TF1 graph, `sess.run(writer.init())` runs as in TF."""
        from ..ops.control_flow_ops import NO_OP
        return execute(NO_OP, ())

    def flush(self):
        """Writes everything queued to disk: now, eagerly; in a graph, an op that does it
        each time it runs (`sess.run(writer.flush())`), as TF's."""
        return execute(FLUSH_SUMMARY_WRITER, (), {"writer": self})

    def close(self) -> None:
        """Flushes and closes the file; the writer cannot be used afterwards."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._closed = True

    @property
    def logdir(self):
        return self._logdir

    def __repr__(self) -> str:
        return f"<SummaryWriter logdir={self._logdir!r}>"


def _make_folder(logdir: str) -> None:
    """Creates `logdir` and its parents; TF's error when a file is in the way."""
    try:
        os.makedirs(logdir, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = logdir  # the file that stands where a folder should be
        while blocker and not os.path.isfile(blocker):
            blocker = os.path.dirname(blocker)
        what = "Not a directory" if blocker == logdir else f"{blocker} is not a directory"
        raise FailedPreconditionError(
            None, "CreateSummaryFileWriter", f"{what} [Op:CreateSummaryFileWriter]\n"
            f"Hint: a file named {blocker!r} is in the way; choose another log folder.") from None


def create_file_writer(logdir, max_queue: int = 10, flush_millis: int = 120000,
                       filename_suffix: str | None = None, name=None) -> SummaryWriter:
    """A writer for `logdir`. Mirrors `tf.summary.create_file_writer`.

    As in TF, the folder (with its parents) and one new events file are created
    at once; `filename_suffix` defaults to TF's ".v2".

    >>> writer = tf.summary.create_file_writer("logs/demo")
    >>> sorted(os.listdir("logs/demo"))           # doctest: +SKIP
    ['events.out.tfevents.1718000000.host.4242.0.v2']
    """
    if logdir is None:
        raise ValueError("Argument `logdir` cannot be None")
    return SummaryWriter(logdir, max_queue, flush_millis,
                         ".v2" if filename_suffix is None else filename_suffix)


def create_noop_writer() -> SummaryWriter:
    """A writer that writes nothing. Mirrors `tf.summary.create_noop_writer`."""
    return SummaryWriter(None)


def _flush(writer: SummaryWriter) -> None:
    if writer._writer is not None:
        writer._writer.flush()


# Writing to disk is an effect: in a graph the op runs when asked for, in a tf.function always.
FLUSH_SUMMARY_WRITER = register(Op("FlushSummaryWriter", _flush, None, dtypes=dtypes.ALL,
                                   outputs=0))


def default_writer():
    """The innermost writer set with `as_default`, or None."""
    return _stack[-1] if _stack else None


def flush(writer=None, name=None):
    """Flushes `writer` (default: the default writer). Mirrors `tf.summary.flush`."""
    writer = writer or default_writer()
    return None if writer is None else writer.flush()
