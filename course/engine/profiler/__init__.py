"""`tf.profiler`: how long each op took, for TensorBoard's Profile tab.

    experimental.py  start, stop, Profile, Trace, ProfilerOptions (tf.profiler.experimental)
    xplane.py        the file they write: TF's XSpace, `<host>.xplane.pb`

>>> tf.profiler.experimental.start("logs/run1"); train(); tf.profiler.experimental.stop()
"""
from __future__ import annotations

from .. import unsupported
from . import experimental

__all__ = ["experimental"]


def __getattr__(name):  # Python calls this only for names the module lacks (see unsupported.py)
    return unsupported.missing("profiler", __name__, name)
