"""Graphs inside the graph being built: a tf.cond's branches, a tf.while_loop's body.

A `BranchGraph` is traced while another graph is being built (its `outer`).
The branch may use tensors of the graphs around it: each becomes a
Placeholder of the branch (`captured` remembers for which outer tensor), so
the If or While node can take the outer tensors as inputs. A tensor of a
branch that has finished cannot be used outside it (TF's
InaccessibleTensorError).

`trace(fn, ...)` runs a Python function into a new BranchGraph of the graph
being built now (or of none, eagerly: AutoGraph's trial traces).

Read next: ../ops/branch_graphs.py (what If/While nodes hold), ../ops/cond_ops.py.
"""
from __future__ import annotations

from .. import dtypes
from ..context import state
from .core import FuncGraph, SymbolicTensor

__all__ = ["BranchGraph", "InaccessibleTensorError", "trace"]


class InaccessibleTensorError(ValueError):
    """A tensor made inside a branch or loop body, used outside it. Mirrors TF's error."""


class BranchGraph(FuncGraph):
    """The graph of one branch or loop body, traced inside the graph being built (`outer`).

    Tensors of `outer` (or of graphs around it) used here become Placeholders
    of this graph: `captured` remembers which outer tensor each one stands
    for, so that the If/While node can take the outer tensors as inputs.
    """

    def __init__(self, name: str, outer):
        super().__init__(name, may_create_variables=getattr(outer, "may_create_variables", True))
        self.outer = outer
        self.captured: dict = {}  # id(outer tensor) -> (outer tensor, placeholder here)

    def capture(self, x) -> SymbolicTensor:
        if not isinstance(x, SymbolicTensor) or x._op.graph is self:
            return super().capture(x)
        hit = self.captured.get(id(x))
        if hit is not None:
            return hit[1]
        if not self._encloses(x._op.graph):
            raise InaccessibleTensorError(
                f"{x!r} is out of scope and cannot be used here. Use return values, explicit "
                "Python locals or TensorFlow collections to access it. (It was made inside a "
                "tf.cond branch or tf.while_loop body that has finished: return it from there.)")
        placeholder = self.placeholder(x.dtype, x._value.shape, name=f"input_{len(self.captured)}")
        self.captured[id(x)] = (x, placeholder)
        return placeholder

    def _encloses(self, graph) -> bool:
        g = self.outer
        while g is not None:
            if g is graph:
                return True
            g = getattr(g, "outer", None)
        return False

    def initialize_variable(self, variable, initial):
        # TF lifts a variable's creation out of the branch: it belongs to the function
        return self.outer.initialize_variable(variable, initial)


def _pack(structure, flat):
    from ..ops.branch_graphs import pack
    return pack(structure, flat)


def trace(fn, name: str, args=(), arg_specs=()):
    """Runs `fn(*args)` into a new BranchGraph; returns (graph, placeholders, Python result).

    `args` is a structure whose leaves are replaced by Placeholders of the
    matching `arg_specs` (a flat list of Specs), e.g. a loop's variables.
    """
    graph = BranchGraph(name, state.graph)
    with graph.as_default():
        placeholders = [graph.placeholder(dtypes.from_numpy(s.dtype), s.shape, name=f"arg_{i}")
                        for i, s in enumerate(arg_specs)]
        result = fn(*_pack(args, placeholders)) if arg_specs else fn(*args)
    return graph, placeholders, result
