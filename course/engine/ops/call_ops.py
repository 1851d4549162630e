"""A call of a traced function as one op (TF's `StatefulPartitionedCall`), and its gradient.

    >>> f = tf.function(lambda x: x * x)
    >>> f(tf.constant(3.0))           # execute(call_op(...), (x,)): one op, like tf.add

The call op's kernel runs the function's compiled graph (../graph/run.py);
a graph being built copies the callee's nodes in instead (../graph/inline.py).

Under a GradientTape the call records as one op whose gradient is another
traced function. TF's way to differentiate a call without running it twice:
the forward graph is copied into a new graph under a tape, so one graph
holds the forward pass and its gradient; the call returns the forward
outputs plus every forward value the gradient needs, and the backward
function takes those as inputs (random draws and variable reads are never
repeated).

Read next: ../function.py (tracing), ../tape.py (how gradients are found).
"""
from __future__ import annotations

from .. import dtypes
from ..errors import OpError
from ..execute import Op, execute
from ..graph import FuncGraph
from ..graph import grappler
from ..graph.inline import inline_graph
from ..graph.run import compile_graph, needed_nodes
from ..graph.stacks import graph_execution_error
from ..tape import GradientTape
from .array_ops import IDENTITY, zeros_like

__all__ = ["call_op", "recording_call_op", "as_tuple"]


_ANY = dtypes.ALL | {dtypes.string, dtypes.variant}  # (variant: a dataset argument, data/spec.py)


def call_op(name: str, graph, params: list, results: list, grad=None) -> Op:
    """An op that runs `graph` (TF's StatefulPartitionedCall): inputs `params`, outputs `results`.

    Its kernel runs the compiled graph; a graph being built copies the nodes in.
    """
    compiled = {}  # {strip debug ops?: Program}: the options at call time count (grappler.py)

    def program():
        strip = grappler.strip_debug
        if strip not in compiled:
            if False not in compiled:
                compiled[False] = compile_graph(graph, params, results)
            if strip:
                compiled[True] = grappler.strip_debug_ops(compiled[False])
        return compiled[strip]

    def run(*values):
        try:
            outs = program().run(values)
        except OpError as e:  # TF's "Graph execution error", naming the node and its lines
            if not hasattr(e, "failed_node"):
                raise
            raise graph_execution_error(e, f"__inference_{name}") from None
        return outs[0] if len(results) == 1 else tuple(outs) if results else None

    run.program = program

    n_resources = sum(1 for p in params if p.dtype is dtypes.resource)
    op = Op("StatefulPartitionedCall", run, grad, dtypes=_ANY, same_dtype=False,
            resources=n_resources, stateful=True, outputs=len(results),
            function=(graph, params, results))
    op.name = f"StatefulPartitionedCall({name})"  # (not in the op table: one op per function)
    return op


def recording_call_op(cf) -> Op:
    """The call op for a tape: forward outputs plus saved values, and its gradient.

    TF's way to differentiate a function call without running it twice: one
    graph holds the forward pass and, traced with a tape, its gradient. The
    call returns the forward outputs and every forward value the gradient
    part needs; the gradient is a second function that takes those values as
    inputs (so random draws and variable reads are never repeated). When an
    outer tape differentiates that gradient again (second derivatives), the
    saved values receive gradients too: a second backward function, which
    also takes those, is made then (it recomputes any further forward value
    it needs from the inputs, without repeating assignments). A loop's saved
    values are lists of tensors; their gradients are lists too.
    """
    g = _gradient_graph(cf)
    n_outs, n_saved = len(g.outs), len(g.saved)
    backward: dict = {}

    def gradient(record, dy):
        outputs = as_tuple(record.output, n_outs + n_saved)
        dy = as_tuple(dy, n_outs + n_saved)
        full = any(d is not None for d, s in zip(dy[n_outs:], g.saved) if _differentiable(s))
        grads = g.full() if full else g.first
        if not any(x is not None for x in grads):
            return [None] * len(grads)
        if full not in backward:
            seeds = g.dys + (g.dsaved if full else [])
            backward[full] = _backward_function(cf, g.graph, g.params, g.saved, seeds,
                                                [x for x in grads if x is not None])
        feeds = list(record.inputs[:len(g.params)]) + list(outputs[n_outs:])
        pairs = [(o, d) for o, d in zip(outputs[:n_outs], dy[:n_outs])
                 if o.dtype.is_floating or o.dtype.is_complex]
        if full:
            pairs += [(o, d) for o, d in zip(outputs[n_outs:], dy[n_outs:]) if _differentiable(o)]
        feeds += [d if d is not None else _zeros(o) for o, d in pairs]
        result = backward[full]._call_flat(feeds)
        result = iter(result if isinstance(result, (list, tuple)) else [result])
        return [next(result) if x is not None else None for x in grads]

    return call_op(cf.name, g.graph, g.params, g.outs + g.saved, gradient)


class _GradientGraph:
    """A function's forward pass and its gradient, traced into one graph.

    `first`: the gradients of the outputs (seeds `dys`), one per source (None:
    unconnected); `saved`: the forward values they use. `full()`: the
    gradients of the outputs and of the saved values (seeds `dys` and
    `dsaved`), made when a second derivative first asks for them.
    """

    def __init__(self, graph, params, outs, tape, sources):
        self.graph, self.params, self.outs = graph, params, outs
        self._tape, self._sources = tape, sources
        self._forward_nodes = {id(node) for node in graph._operations}
        self._floating = [o for o in outs if o.dtype.is_floating or o.dtype.is_complex]
        with graph.as_default():
            self.dys = [graph.placeholder(o.dtype, o._value.shape, name=f"dy_{i}")
                        for i, o in enumerate(self._floating)]
            self.first = self._gradients(self._floating, self.dys)
        self.saved = self._saved_by(self.first)
        self._full = self.dsaved = None

    def full(self) -> list:
        if self._full is None:
            floating_saved = [t for t in self.saved if _differentiable(t)]
            with self.graph.as_default():
                self.dsaved = [self.graph.placeholder(t.dtype, t._value.shape, name=f"dsaved_{i}")
                               for i, t in enumerate(floating_saved)]
                self._full = self._gradients(self._floating + floating_saved,
                                             self.dys + self.dsaved)
        return self._full

    def _gradients(self, targets, seeds) -> list:
        floating = [x for x in self._sources if _differentiable(x)]
        found = self._tape.gradient(targets, floating, output_gradients=seeds) \
            if targets and floating else [None] * len(floating)
        by_id = {id(x): g for x, g in zip(floating, found)}
        return [by_id.get(id(x)) for x in self._sources]

    def _saved_by(self, grads) -> list:
        """The forward values (not inputs) that the nodes computing `grads` read."""
        wanted = [g for g in grads if g is not None]
        nodes = needed_nodes(self.graph, wanted, self.params, keep_effects=False) if wanted else []
        inputs = {id(p) for p in self.params}
        # (a gradient may have given forward nodes more outputs: a While's per-iteration lists)
        forward = {id(t) for node in self.graph._operations if id(node) in self._forward_nodes
                   for t in node.outputs}
        return _unique([x for node in nodes if id(node) not in self._forward_nodes
                        for x in node.inputs if id(x) in forward and id(x) not in inputs])


def _gradient_graph(cf) -> _GradientGraph:
    """The forward graph copied into a new graph under a tape (see _GradientGraph)."""
    graph = FuncGraph(cf.name + "_with_gradient")
    old_params = cf._params()
    with graph.as_default():
        params = []
        for p in old_params:
            if p.dtype is dtypes.resource:
                params.append(graph.bind_variable_argument(p._value.const, p.op.name))
            else:
                params.append(graph.placeholder(p.dtype, p._value.shape, name=p.op.name))
                graph.inputs.append(params[-1])
        variables = [p._value.const for p in params if p.dtype is dtypes.resource]
        tensors = [p for p in params if p.dtype is not dtypes.resource]
        with GradientTape(persistent=True, watch_accessed_variables=False) as tape:
            tape.watch([t for t in tensors if _differentiable(t)])
            tape.watch([v for v in variables if v.dtype.is_floating or v.dtype.is_complex])
            stand_ins = {id(p): v for p, v in zip(old_params, variables + tensors)}
            outs = inline_graph(cf.graph, stand_ins, list(cf.graph.outputs))
    return _GradientGraph(graph, params, outs, tape, variables + tensors)


def _differentiable(t) -> bool:
    """Floats, complex numbers, and lists of tensors (a loop's saved values: their gradient is a list too)."""
    return t.dtype.is_floating or t.dtype.is_complex or t.dtype is dtypes.variant


def _zeros(t):
    """A zero gradient for `t` (for a list: as many unwritten elements, zeros when read)."""
    if t.dtype is dtypes.variant:
        from .cond_ops import _zeros_like
        return _zeros_like(t)
    return zeros_like(t)


def _unique(tensors: list) -> list:
    seen: set = set()
    return [t for t in tensors if not (id(t) in seen or seen.add(id(t)))]


def _backward_function(cf, grad_graph, params, saved, dys, grads):
    """The gradient part of `grad_graph` as a function of (inputs, saved values, dys)."""
    graph = FuncGraph(cf.name + "_backward")
    with graph.as_default():
        stand_ins = {}
        for p in params:
            if p.dtype is dtypes.resource:
                stand_ins[id(p)] = p._value.const
                graph.bind_variable_argument(p._value.const, p.op.name)
            else:
                stand_ins[id(p)] = graph.placeholder(p.dtype, p._value.shape, name=p.op.name)
                graph.inputs.append(stand_ins[id(p)])
        for i, t in enumerate(list(saved) + list(dys)):
            stand_ins[id(t)] = graph.placeholder(t.dtype, t._value.shape, name=f"saved_{i}")
            graph.inputs.append(stand_ins[id(t)])
        # (the forward's assignments and prints stay in the forward: keep_effects=False)
        outs = inline_graph(grad_graph, stand_ins, grads, keep_effects=False)
        # (a list's gradient is a list: Identity takes no lists, so it is returned as it is)
        graph.outputs = [graph.capture(o) if o.dtype is dtypes.variant else
                         execute(IDENTITY, (graph.capture(o),)) for o in outs]
    from ..function import ConcreteFunction  # (function.py imports this module)
    return ConcreteFunction(graph, list(graph.outputs), ((), {}))


def as_tuple(value, n: int) -> tuple:
    """An op's outputs as a tuple (execute gives a tensor for one output, None for none)."""
    if n == 0:
        return ()
    return (value,) if n == 1 else tuple(value)
