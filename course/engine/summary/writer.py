"""The summary writer: where summaries go, and which writer is the default.

`create_file_writer(logdir)` wraps TensorBoard's `EventFileWriter` (one
events file per writer, named events.out.tfevents.<time>.<host>...).
`with writer.as_default():` pushes it on a stack; summary functions write to
the top writer and do nothing (returning False) when the stack is empty, as
in TF.
"""
from __future__ import annotations

import contextlib
import os

__all__ = ["SummaryWriter", "create_file_writer", "create_noop_writer", "flush",
           "default_writer"]

_stack: list = []


class SummaryWriter:
    """Writes events to one log directory. Mirrors `tf.summary.SummaryWriter`."""

    def __init__(self, logdir: str | None, max_queue: int = 10, flush_millis: int = 120000,
                 filename_suffix: str = ""):
        self._logdir = None if logdir is None else os.fspath(logdir)
        self._max_queue, self._flush_secs = max_queue, flush_millis / 1000.0
        self._suffix = filename_suffix
        self._writer = None  # created on first write: an unused writer leaves no file
        self._closed = False

    def _events(self):
        """TensorBoard's own EventFileWriter (imported here, not at engine import)."""
        if self._closed:
            raise RuntimeError(f"This SummaryWriter for {self._logdir!r} is closed.")
        if self._writer is None:
            from tensorboard.summary.writer.event_file_writer import EventFileWriter
            os.makedirs(self._logdir, exist_ok=True)
            self._writer = EventFileWriter(self._logdir, max_queue_size=self._max_queue,
                                           flush_secs=self._flush_secs,
                                           filename_suffix=self._suffix)
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

    def flush(self) -> None:
        """Writes everything queued to disk."""
        if self._writer is not None:
            self._writer.flush()

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


def create_file_writer(logdir, max_queue: int = 10, flush_millis: int = 120000,
                       filename_suffix: str = "", name=None) -> SummaryWriter:
    """A writer for `logdir` (created if needed). Mirrors `tf.summary.create_file_writer`."""
    if logdir is None:
        raise ValueError("logdir cannot be None")
    return SummaryWriter(logdir, max_queue, flush_millis, filename_suffix)


def create_noop_writer() -> SummaryWriter:
    """A writer that writes nothing. Mirrors `tf.summary.create_noop_writer`."""
    return SummaryWriter(None)


def default_writer():
    """The innermost writer set with `as_default`, or None."""
    return _stack[-1] if _stack else None


def flush(writer=None, name=None) -> None:
    """Flushes `writer` (default: the default writer). Mirrors `tf.summary.flush`."""
    writer = writer or default_writer()
    if writer is not None:
        writer.flush()
