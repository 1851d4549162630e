"""What still runs when a node of a graph fails.

TensorFlow's executor runs a graph as a dataflow: when one op fails, every op
that does not wait for it still runs, and the call raises the first error.

    v = tf.Variable(0.0)
    @tf.function
    def f(x):
        tf.debugging.assert_positive(x)   # fails for x = -1 ...
        v.assign(5.0)                     # ... and this still runs: v is 5.0 afterwards
        return x

An op waits for a failed one when it needs its output (data), names it in
`tf.control_dependencies` (control), or, in a `tf.function`, follows it on one
of the chains of automatic control dependencies TensorFlow adds:
- one chain per variable: a read waits for the last write before it; a write
  waits for the last write and for the reads since;
- one chain of the other ops run for their effect (Assert, print, py_function,
  write_file, stateful conds and loops), in program order; random ops are not
  on it.
A TF1 graph run by a Session has no automatic chains, only data and control.

The interpreter (run.py) runs the steps in program order, which every chain
respects; after a failure it calls `run_the_rest`, which goes on with the
steps that wait for no failed one, then run.py raises the first error.
"""
from __future__ import annotations

from .. import dtypes

__all__ = ["run_the_rest"]

# TF's resource ops that only read their variable (the others write it)
_READS = frozenset({"ReadVariableOp", "ResourceGather", "ResourceGatherNd", "VariableShape"})
# Ops run for their effect that TF chains when they touch no variable (TF: stateful ops other
# than its legacy random ops, which its automatic control dependencies leave out)
_EFFECT_CHAIN = frozenset({"Assert", "PrintV2", "EagerPyFunc", "WriteFile", "CheckNumerics",
                           "If", "Case", "While"})
_EFFECTS = "effects"  # (the key of that chain)


def run_the_rest(program, env: list, failed: int, chained: bool) -> None:
    """Runs the steps after step `failed` that wait for no failed step (see above); a step
    that fails too is skipped like the steps waiting for it (its error is not raised)."""
    poisoned_slots = {program.steps[failed][3]}
    poisoned_nodes = {id(program.nodes[failed])}
    chains: dict = {}  # chain key -> (last write failed, a read since failed)
    if chained:
        _advance(chains, program.nodes[failed], True)
    for k in range(failed + 1, len(program.steps)):
        node, slots = program.nodes[k], program.inputs_of[k]
        waits = any(s in poisoned_slots for s in slots) or \
            any(id(c) in poisoned_nodes for c in node.control_inputs) or \
            (chained and _waits_on_chain(chains, node))
        if not waits:
            kernel, fetch, n, out, free = program.steps[k]
            try:
                env[out] = kernel(env[fetch]) if n == 1 else kernel(*fetch(env)) if n else \
                    kernel()
            except Exception:  # (the first error is the one raised: this op is skipped too)
                waits = True
        if waits:
            poisoned_slots.add(program.steps[k][3])
            poisoned_nodes.add(id(node))
        if chained:
            _advance(chains, node, waits)


def _keys(node) -> tuple:
    """(the variables' keys the node touches, whether it only reads them) or ((effects,), ..)
    for an op on the effects chain, or ((), ...) for an op on no chain."""
    handles = [x.op for x in node.inputs if x.dtype is dtypes.resource]
    if handles:
        return tuple(dict.fromkeys(id(h) for h in handles)), node.type in _READS
    return ((_EFFECTS,) if node.type in _EFFECT_CHAIN else ()), False


def _waits_on_chain(chains: dict, node) -> bool:
    keys, reads = _keys(node)
    for key in keys:
        last_write_failed, read_failed = chains.get(key, (False, False))
        if last_write_failed or (not reads and read_failed):
            return True
    return False


def _advance(chains: dict, node, failed: bool) -> None:
    """The chains after `node` ran (or was skipped, or failed: `failed`)."""
    keys, reads = _keys(node)
    for key in keys:
        last_write_failed, read_failed = chains.get(key, (False, False))
        chains[key] = (last_write_failed, read_failed or failed) if reads else (failed, False)
