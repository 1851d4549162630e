"""`tf.compat.v1.wrap_function`: TF1 graph-building code as a TF2 function.

    >>> def build():
    ...     tf.compat.v1.train.import_meta_graph("multiply.pb")   # any TF1 code
    >>> wrapped = tf.compat.v1.wrap_function(build, [])
    >>> x = wrapped.graph.get_tensor_by_name("x:0")
    >>> y = wrapped.graph.get_tensor_by_name("y:0")
    >>> multiply = wrapped.prune(feeds=x, fetches=y)     # like sess.run(y, {x: ...})
    >>> multiply(tf.constant(5.0))
    <tf.Tensor: shape=(), dtype=float32, numpy=15.0>

The function runs once, like a tf.function's trace, in a FuncGraph: the
variables it makes are lifted out of the graph (`wrapped.variables`), with
their initial values, and the graph captures them. `prune(feeds, fetches)`
is a new ConcreteFunction holding only the nodes the fetches need, with the
feeds as its inputs: the same copy that one function calling another makes
(graph/inline.py).

Unlike tf.function, the body is traced exactly once and autograph does not
rewrite it (TF1 code has no Python control flow over tensors).
Read next: concrete_function.py, saving/meta_graph.py.
"""
from __future__ import annotations

import inspect

from .concrete_function import ConcreteFunction
from .context import state
from .function import TensorSpec, _as_output, _flatten, _map
from .graph import FuncGraph, Operation, SymbolicTensor
from .graph.inline import inline_graph

__all__ = ["wrap_function", "WrappedFunction"]


class WrappedFunction(ConcreteFunction):
    """What `wrap_function` returns: a ConcreteFunction whose graph holds TF1 code's nodes."""

    def prune(self, feeds, fetches, name: str | None = None, input_signature=None
              ) -> ConcreteFunction:
        """A function from `feeds` (tensors of `self.graph`: one, a list, or a dict) to
        `fetches` (tensors or their names, in any nesting), with only the nodes needed."""
        flat_feeds = _flatten(feeds)
        for t in flat_feeds:
            if not isinstance(t, SymbolicTensor) or t.graph is not self.graph:
                raise ValueError(f"Can only prune function whose feeds are elements of the "
                                 f"wrapped graph; {t!r} is not (prune(feeds=..., fetches=...)).")
        fetches = _map(self._as_fetch, fetches)
        wanted = [t for t in _flatten(fetches)]
        graph = FuncGraph(name or f"pruned_{self.graph.name}")
        with graph.as_default():
            graph.inputs = [graph.placeholder(t.dtype, t.shape, name=t.op.name) for t in flat_feeds]
            copies = inline_graph(self.graph, dict(zip(map(id, flat_feeds), graph.inputs)),
                                  wanted, keep_effects=False)
        results = dict(zip(map(id, wanted), copies))
        structured = _map(lambda t: results[id(t)], fetches)
        graph.outputs = list(copies)
        specs = tuple(TensorSpec(p.shape, p.dtype, p.op.name) for p in graph.inputs)
        return ConcreteFunction(graph, structured, (specs, {}))

    def _as_fetch(self, fetch) -> SymbolicTensor:
        if isinstance(fetch, str):
            fetch = self.graph.get_tensor_by_name(fetch)
        if isinstance(fetch, Operation):
            raise ValueError(f"prune(fetches=...): fetch an operation's output tensor, not the "
                             f"operation {fetch.name!r} (an operation without outputs gives no "
                             "value here).")
        if not isinstance(fetch, SymbolicTensor) or fetch.graph is not self.graph:
            raise ValueError(f"Can only prune function whose fetches are elements of the wrapped "
                             f"graph; {fetch!r} is not.")
        return fetch


def wrap_function(fn, signature, name: str | None = None) -> WrappedFunction:
    """Runs `fn` once, building a graph, and returns it as a function. Mirrors
    `tf.compat.v1.wrap_function`; `signature` is a list of tf.TensorSpec, one per argument
    (`[]` for none)."""
    graph = FuncGraph(name or "wrapped_function")
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    specs = list(signature or [])
    with graph.as_default():
        args = []
        for i, spec in enumerate(specs):
            if not isinstance(spec, TensorSpec):
                raise TypeError(f"wrap_function: each signature entry must be a tf.TensorSpec, "
                                f"got {spec!r}")
            default = params[i] if i < len(params) else f"input_{i}"
            args.append(graph.placeholder(spec.dtype, spec.shape, name=spec.name or default))
        graph.inputs = list(args)
        state.tracing.append(graph)   # variables made inside are lifted out (context.py)
        try:
            result = fn(*args)
        finally:
            state.tracing.remove(graph)
        structured = _map(lambda x: _as_output(graph, x, fn), result)
    graph.outputs = [t for t in _flatten(structured) if isinstance(t, SymbolicTensor)]
    input_specs = (tuple(TensorSpec(p.shape, p.dtype, p.op.name) for p in graph.inputs), {})
    return WrappedFunction(graph, structured, input_specs)
