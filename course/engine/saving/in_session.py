"""A TF1 graph's variables in `tf.train.Checkpoint`: their values live in a Session.

A variable made in a TF1 graph (`with tf.Graph().as_default():`) has a value
only in each Session that initialized it (session.py). So, as in TF, a
Checkpoint saved inside `with tf.compat.v1.Session():` writes the session's
values, and a restore gives the values to the session when the status's
`run_restore_ops()` runs (TF's restore ops):

    >>> with tf.Graph().as_default():
    ...     v = tf.compat.v1.get_variable("v", shape=[], initializer=tf.compat.v1.zeros_initializer())
    ...     ckpt = tf.train.Checkpoint(v=v)
    ...     with tf.compat.v1.Session() as sess:
    ...         sess.run(tf.compat.v1.global_variables_initializer())
    ...         ckpt.restore(path).run_restore_ops()      # sess.run(v) -> the saved value

Read next: checkpoint.py (which calls these), ../session.py.
"""
from __future__ import annotations

import numpy as np

from ..graph.scopes import name_scope
from ..ops.control_flow_ops import group
from ..session import get_default_session, placeholder

__all__ = ["in_graph", "session_values", "assign_in_session"]


def in_graph(variable) -> bool:
    """Whether `variable` belongs to a TF1 graph (its value lives in Sessions)."""
    return getattr(variable, "_graph", None) is not None


def _session(session, doing: str):
    session = session if session is not None else get_default_session()
    if session is None:
        raise ValueError(f"Cannot {doing} a TF1 graph's variables without a Session: run it "
                         "inside `with tf.compat.v1.Session() as sess:` (or pass `session=`).")
    return session


class SavedValue:
    """A value read from a Session, ready for write_checkpoint (which asks for `.numpy()`)."""

    def __init__(self, value):
        self._value = np.asarray(value)

    def numpy(self) -> np.ndarray:
        return self._value


def session_values(variables: dict, session=None) -> dict:
    """{key: variable} with each graph variable replaced by its value in the session."""
    graph_keys = [k for k, v in variables.items() if in_graph(v)]
    if not graph_keys:
        return variables
    session = _session(session, "save")
    values = session.run([variables[k] for k in graph_keys])
    return {**variables, **{k: SavedValue(v) for k, v in zip(graph_keys, values)}}


def assign_in_session(pairs: list, session=None) -> None:
    """Assigns each (graph variable, value) in the session: one placeholder and one
    assignment per variable, run together (TF's restore ops)."""
    session = _session(session, "restore")
    feeds, assigns = {}, []
    with session.graph.as_default(), name_scope(None, default_name="restore"):
        for variable, value in pairs:
            feed = placeholder(variable.dtype, variable.shape)
            feeds[feed] = value
            assigns.append(variable.assign(feed, read_value=False))
        restore = group(*assigns)
    session.run(restore, feeds)
