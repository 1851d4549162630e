"""`tf.summary.experimental`: the default step, the summary scope, and raw summaries."""
from __future__ import annotations

import contextlib
import re

from ..context import state
from ..graph.scopes import name_scope

__all__ = ["set_step", "get_step", "summary_scope", "write_raw_pb"]

_step: list = [None]


def set_step(step) -> None:
    """Sets the step that summaries use when called without `step=`. Mirrors TF."""
    _step[0] = None if step is None else int(step)


def get_step():
    """The default step, or None. Mirrors `tf.summary.experimental.get_step`."""
    return _step[0]


# TF's rule: characters a scope name may not hold are dropped from the scope (not the tag)
_NOT_IN_SCOPES = re.compile(r"[^-_/.A-Za-z0-9]")


@contextlib.contextmanager
def summary_scope(name, default_name=None, values=None):
    """Enters a name scope for one summary and gives `(tag, scope)`. Mirrors
    `tf.summary.experimental.summary_scope`.

    The tag is `name` inside the current name scope, as it is (spaces kept):
    `tf.summary.scalar("loss", ...)` inside `tf.name_scope("train")` is the tag
    "train/loss" in TensorBoard.

    >>> with tf.name_scope("train"):
    ...     with tf.summary.experimental.summary_scope("loss") as (tag, scope):
    ...         tag, scope
    ('train/loss', 'train/loss/')
    """
    name = name or default_name
    current = state.name_scope.rstrip("/")
    tag = f"{current}/{name}" if current else name
    with name_scope(_NOT_IN_SCOPES.sub("", name) or None, default_name) as scope:
        yield tag, scope


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("summary.experimental", __name__, name)


from .ops import write_raw_pb  # noqa: E402 - ops uses get_step: import it last
