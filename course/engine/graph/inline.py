"""Copying a graph's nodes into the graph being built: how one function calls another.

When a traced function calls another one, TF keeps a call node and its graph
optimizer later inlines the callee. Here the graph builder inlines at once:
the callee's needed nodes are re-emitted, one by one, through `execute`, with
the caller's tensors in place of the callee's inputs. Nothing is computed: the
result is more nodes in the graph being built (shape inference, names and
constant capture work as for any op).

The same copy makes the gradient of a call (../ops/call_ops.py): it takes the nodes
of a gradient graph that the saved forward values do not already provide.
"""
from __future__ import annotations

from ..context import state
from ..execute import execute
from .core import CONST, INPUT_TYPES, SymbolicTensor
from .run import needed_nodes
from .stacks import all_frames

__all__ = ["inline_graph", "inline_call"]


def inline_graph(graph, inputs: dict, outputs: list, keep_effects: bool = True) -> list:
    """Re-emits what `outputs` need (and every effect) in the graph being built.

    `inputs` maps id(tensor of `graph`) to what stands for it now (a tensor,
    or a Variable for a handle). Captured variables keep their Variable.
    `keep_effects=False` copies only what `outputs` need: a backward pass
    taken from a graph that also holds the forward pass must not repeat the
    forward's assignments.
    """
    fed = [t for op in graph._operations for t in op.outputs if id(t) in inputs]
    env = dict(inputs)
    for node in needed_nodes(graph, outputs, fed, keep_effects=keep_effects):
        outs = node.outputs
        if outs and all(id(o) in env for o in outs):
            continue
        if node.type in INPUT_TYPES:
            if node.variable is None:
                raise ValueError(f"inlining {getattr(graph, 'name', 'a graph')!r}: its input "
                                 f"{node.name!r} was not given a value")
            env[id(outs[0])] = node.variable  # a captured variable stays captured
            continue
        if node.type == CONST:
            env[id(outs[0])] = execute(_CONST, (), {"value": node.value, "name": node.name})
            continue
        result = execute(node.op, tuple(env[id(x)] for x in node.inputs), node.attrs)
        if node.op.function is None:  # (an error when the copy runs names the callee's lines)
            (result._op if len(outs) == 1 else result[0]._op if outs else result).frames = \
                all_frames(node)
        if len(outs) == 1:
            env[id(outs[0])] = result
        elif outs:
            for out, value in zip(outs, result):
                env[id(out)] = value
    _remember_copies(graph, env)
    return [env[id(t)] for t in outputs]


def _remember_copies(graph, env: dict) -> None:
    """Lets the graph being built use `graph`'s tensors by their copies.

    A custom gradient's function (custom_gradient.py) may use tensors of the
    forward pass it was traced with (`e = tf.exp(x)` in its closure); when the
    forward graph is copied to be differentiated, those names must mean the
    copies. Copies of copies count too (a function inlined into another).
    """
    target = state.graph
    if target is None or target is graph:
        return
    by_id = {id(t): t for node in graph._operations for t in node.outputs}
    for key, copy in env.items():
        original = by_id.get(key)
        if original is not None and isinstance(copy, SymbolicTensor):
            target._copies[key] = (original, copy)
    for key, (original, older_copy) in graph._copies.items():
        if id(older_copy) in env and isinstance(env[id(older_copy)], SymbolicTensor):
            target._copies[key] = (original, env[id(older_copy)])


def inline_call(op, inputs: tuple):
    """What the graph builder does with a function-call op: the callee's nodes, copied in.

    Tapes do not see the copied nodes: `execute` records the call itself, whose
    gradient is a function too (../ops/call_ops.py).
    """
    graph, params, results = op.function
    saved_tapes, state.tapes = state.tapes, []
    try:
        outs = inline_graph(graph, {id(p): x for p, x in zip(params, inputs)}, results)
    finally:
        state.tapes = saved_tapes
    if op.outputs == 0:
        return None
    return outs[0] if op.outputs == 1 else tuple(outs)


from ..ops.creation_ops import CONST as _CONST  # noqa: E402 - the op table needs graphs first
