"""Contexts that change how ops are built: `tf.init_scope`, `tf.name_scope`,
`tf.control_dependencies`.

    init_scope           out of any graph being built: ops run eagerly
    name_scope           nodes (and Variables) made inside are named "layer1/..."
    control_dependencies ops made inside run after the given ones

Each looks at the graph being built (`state.graph`), which only execute.py and
this package may do (see ../context.py).
"""
from __future__ import annotations

import contextlib

from ..context import state

__all__ = ["init_scope", "name_scope", "control_dependencies"]


class init_scope:  # noqa: N801 - TF's name
    """Steps out of any graph being built: ops run eagerly inside. Mirrors `tf.init_scope`.

    Layers, optimizers and checkpoints create or restore variables under it,
    so that doing so during the first trace of a tf.function works.
    """

    def __enter__(self):
        self._saved = (state.graph, state.tapes)
        state.graph, state.tapes = None, []
        return None

    def __exit__(self, *exc):
        state.graph, state.tapes = self._saved


class name_scope:  # noqa: N801 - TF's name
    """Names made inside start with `name/`: `layer1/MatMul`, `layer1/w:0`. Mirrors `tf.name_scope`.

    In a graph, a scope name used before gets a suffix (`layer1_1/`), as a node's
    name would; a name ending in "/" re-enters that exact scope. Eagerly there are
    no nodes, and the scope prefixes the names of the Variables made inside, as in
    TF. Entering gives the scope's full name:

    >>> with tf.name_scope("layer1") as scope:
    ...     w = tf.Variable(1.0, name="w")
    >>> scope, w.name
    ('layer1/', 'layer1/w:0')

    (`tf.compat.v1.name_scope(name, default_name, values)` is the same, with
    `default_name` used when `name` is None.)
    """

    def __init__(self, name: str | None, default_name: str | None = None, values=None):
        self._name = default_name if name is None else name

    def __enter__(self) -> str:
        graph = state.graph
        self._saved = (state.name_scope, None if graph is None else graph._scope)
        name = self._name
        if not name:  # (an empty name returns to the top level, as in TF)
            scope = ""
        elif name.endswith("/"):
            scope = name
        elif graph is None:
            scope = state.name_scope + name + "/"
        else:
            scope = graph.unique_name(name) + "/"  # (within the current scope)
        state.name_scope = scope
        if graph is not None:
            graph._scope = scope
        return scope

    def __exit__(self, *exc) -> None:
        state.name_scope, graph_scope = self._saved
        if state.graph is not None and graph_scope is not None:
            state.graph._scope = graph_scope


def control_dependencies(control_inputs):
    """Ops made inside the block run after `control_inputs`. Mirrors `tf.control_dependencies`.

    Eagerly everything already runs in order, so it does nothing (as in TF).
    """
    if state.graph is None:
        return contextlib.nullcontext()
    return state.graph.control_dependencies(control_inputs)
