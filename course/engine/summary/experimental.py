"""`tf.summary.experimental`: the default step used when a summary gets no `step=`."""
from __future__ import annotations

__all__ = ["set_step", "get_step"]

_step: list = [None]


def set_step(step) -> None:
    """Sets the step that summaries use when called without `step=`. Mirrors TF."""
    _step[0] = None if step is None else int(step)


def get_step():
    """The default step, or None. Mirrors `tf.summary.experimental.get_step`."""
    return _step[0]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("summary.experimental", __name__, name)
