"""Graphs: symbolic tensors, operations, and the interpreter that runs them.

    shapes.py  Spec (dtype + shape without data) and shape inference
    core.py    SymbolicTensor, Operation, Graph, FuncGraph, the default graph
    scopes.py  init_scope, name_scope, control_dependencies
    run.py     compile a graph into a flat list of steps; interpret it

`tf.function` (../function.py) and `tf.compat.v1.Session` (../session.py)
build on these.
"""
from .core import FuncGraph, Graph, Operation, SymbolicTensor, get_default_graph, reset_default_graph
from .shapes import OperatorNotAllowedInGraphError, Spec

__all__ = ["Graph", "FuncGraph", "Operation", "SymbolicTensor", "Spec", "get_default_graph",
           "reset_default_graph", "OperatorNotAllowedInGraphError"]
