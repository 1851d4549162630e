"""`tf.Operation`: one node of a graph (its type, inputs, attrs and outputs).

The graph builder (core.py) makes them; the interpreter (run.py) turns them
into steps. Each keeps where it was made (stacks.py), for TF's error when
it fails while the graph runs.
"""
from __future__ import annotations

from .stacks import creation_frames

__all__ = ["Operation"]


class Operation:
    """One node of a graph: TF's `tf.Operation` (type, inputs, attrs, outputs).

    `op` is the primitive from the op table (None for Placeholder, Const and
    VarHandleOp); `variable` is the Variable behind a resource input node;
    `control_inputs` run first.
    """

    __slots__ = ("graph", "name", "type", "op", "inputs", "attrs", "outputs", "variable",
                 "control_inputs", "value", "frames")

    def __init__(self, graph, name, type_, op, inputs, attrs, variable=None, value=None):
        self.graph = graph
        self.name = name
        self.type = type_
        self.op = op
        self.inputs = tuple(inputs)
        self.attrs = attrs
        self.outputs: list = []
        self.variable = variable
        self.control_inputs: list = []
        self.value = value  # a Const node's NumPy value
        self.frames = creation_frames(graph)  # where it was made (errors when it runs: stacks.py)

    def get_attr(self, name: str):
        return self.attrs[name]

    @property
    def is_stateful(self) -> bool:
        return self.op is not None and self.op.stateful

    @property
    def runs_for_effect(self) -> bool:
        """An op without outputs (assignment, print), or with effects besides its outputs
        (a cond whose branch assigns): it runs for what it does."""
        return self.op is not None and self.op.effects

    def run(self, feed_dict=None, session=None) -> None:
        """TF1: runs this op in `session` (the default one if None), as `session.run`."""
        from ..session import run_with_default_session
        run_with_default_session(self, feed_dict, session, "execute operation using `run()`")

    def __repr__(self) -> str:
        return f"<tf.Operation '{self.name}' type={self.type}>"
