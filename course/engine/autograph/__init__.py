"""AutoGraph: Python `if`, `while` and `for` on tensors, traced into `tf.cond` and `tf.while_loop`.

Inside a `tf.function`, a graph tensor has no value while the graph is
built, so `if x > 0:` cannot be decided by Python. AutoGraph rewrites the
function's source before tracing it: each `if`/`while`/`for` becomes a call
that uses Python's statement when the condition is a Python value and TF's
op when it is a tensor (TensorFlow's own design, with its rules and errors).

    >>> @tf.function
    ... def f(x):
    ...     if x > 0:
    ...         x = x * x
    ...     return x
    >>> print(tf.autograph.to_code(f))      # the converted source
    >>> f(tf.constant(-3.0))
    <tf.Tensor: shape=(), dtype=float32, numpy=-3.0>

Read in this order: conversion.py (from source to function), lowering.py
(return/break/continue), expressions.py (and/or/not, calls),
control_flow.py (if/while/for), then what the converted code calls:
operators.py and loops.py.
"""
from . import experimental
from .conversion import converted, to_code

__all__ = ["to_code", "to_graph", "experimental", "set_verbosity", "trace"]


def to_graph(entity, recursive: bool = True, experimental_optional_features=None):
    """The converted Python function (not a graph, despite the name). Mirrors `tf.autograph.to_graph`."""
    return converted(getattr(entity, "python_function", entity))


def set_verbosity(level, alsologtostdout=False) -> None:
    """Accepted for compatibility: this engine's AutoGraph logs only its warnings."""


def trace(*args) -> None:
    """Prints its arguments while tracing (TF's tf.autograph.trace)."""
    print(*args)
