"""`tf.gradients`: the chain rule over the nodes of a graph.

A GradientTape records ops while they run. A graph (TF1's `tf.Graph`, or the
one a `tf.function` is tracing) already *is* such a record: every node knows
its op, its inputs and its attrs, in the order they were added. So
`tf.gradients(ys, xs)` needs no tape: it picks the nodes on a path from some x
to some y and hands them to the same backward pass the tape uses
(`tape.backward`). The gradient ops it creates are new nodes of the graph.

    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     x = tf.compat.v1.placeholder(tf.float32)
    ...     y = x * x
    ...     (dy_dx,) = tf.gradients(y, [x])       # a graph tensor: 2x
    >>> with tf.compat.v1.Session(graph=g) as sess:
    ...     sess.run(dy_dx, {x: 3.0})
    6.0
"""
from __future__ import annotations

from ..context import state
from ..tape import (OpRecord, UnconnectedGradients, any_differentiable, backward,
                    zeros_for_unconnected)
from ..tensor import Tensor
from ..ops.array_ops import zeros_like

__all__ = ["gradients"]


def gradients(ys, xs, grad_ys=None, name: str = "gradients", gate_gradients: bool = False,
              aggregation_method=None, stop_gradients=None,
              unconnected_gradients=UnconnectedGradients.NONE) -> list:
    """Symbolic d(sum of ys)/dx for each x in `xs`, as new graph tensors. Mirrors `tf.gradients`.

    Only while building a graph (inside `tf.function`, or a TF1 `tf.Graph`); eagerly,
    use `tf.GradientTape`. Returns a list with one entry per x: None for an x the ys
    do not depend on (zeros with `unconnected_gradients="zero"`). `grad_ys` are the
    upstream gradients (ones by default); the tensors in `stop_gradients` are held
    constant. `gate_gradients` and `aggregation_method` are accepted and change
    nothing here (they tune TF's parallel execution).
    """
    graph = state.graph
    if graph is None:
        raise RuntimeError("tf.gradients is not supported when eager execution is enabled. "
                           "Use tf.GradientTape instead.")
    ys, xs = _as_list(ys), _as_list(xs)
    seeds = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    if len(seeds) != len(ys):
        raise ValueError(f"Length mismatch. Passed {len(seeds)} grad_ys for {len(ys)} ys")
    # A Variable enters the graph through its handle: its gradient is the handle's.
    sources = [_handle(graph, x) for x in xs]
    stop = {id(t) for t in _as_list(stop_gradients or [])}
    records, tracked = _path(graph, sources, stop)
    # (The gradient ops are ordinary nodes: an active tape records them, as in TF.)
    grads = backward(records, tracked, ys, seeds)
    zero = zeros_for_unconnected(unconnected_gradients)
    result = []
    for x, source in zip(xs, sources):
        g = None if source is None else grads.get(id(source))
        if g is None and zero:
            g = zeros_like(x)
        # (a gradient that is a seed passed straight through is still an eager tensor)
        result.append(None if g is None else graph.capture(g))
    return result


def _path(graph, sources: list, stop: set) -> tuple:
    """The graph's nodes that depend on a source (as records), and the tensors they
    make (by id): what the backward pass may flow through, in the order of the graph."""
    tracked = {id(s): s for s in sources if s is not None and id(s) not in stop}
    records = []
    for node in graph.get_operations():
        if node.op is None or not any(id(x) in tracked for x in node.inputs):
            continue  # (placeholders, constants, and nodes no source reaches)
        if not any_differentiable(node.outputs):
            continue  # gradients flow only through floating tensors, as on a tape
        output = node.outputs[0] if node.op.outputs == 1 else tuple(node.outputs)
        records.append(OpRecord(node.op, node.inputs, output, node.attrs))
        for out in node.outputs:
            if id(out) not in stop:
                tracked[id(out)] = out
    return records, tracked


def _handle(graph, x):
    """x as the graph tensor gradients reach: a Variable's handle, if the graph uses it."""
    if getattr(x, "_is_variable", False):
        return graph._handles.get(id(x))
    if not isinstance(x, Tensor):
        raise TypeError(f"tf.gradients: xs must be tensors or Variables, got {type(x).__name__}")
    return x


def _as_list(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]
