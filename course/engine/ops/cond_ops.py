"""`tf.cond` and `tf.switch_case`: the If and Case ops, and their gradients.

Eagerly, `tf.cond(pred, true_fn, false_fn)` is Python's `if`: it calls the
branch `pred` picks (as TF does). While a graph is built, both branches are
traced into graphs (branch_graphs.py) and one node is added:

    cond = StatelessIf(pred, x) {then_branch=<function cond_true>, else_branch=<function cond_false>}

TF calls it `If` when a branch reads or changes state (a variable, a random
draw), `StatelessIf` otherwise; `Case` and `StatelessCase` pick among n
branches by an index. The kernel runs the chosen branch's graph.

Gradient: the gradient of a cond is a cond of the branches' gradients,
choosing with the same `pred`. Each branch's backward pass needs values
from its forward pass (x in d(x*x)/dx = 2x); the first time a gradient is
asked for, the If node is rewritten to also output them (zeros from the
branch that did not run), so nothing is computed twice. Second derivatives
work the same way, one level up.

Read next: while_ops.py.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..execute import Op, execute
from ..graph.core import executing_eagerly
from ..graph.shapes import SHAPE_RULES
from ..tape import add_recorded_outputs, variable_accessed
from ..tensor import convert_to_tensor
from . import register
from .branch_graphs import (GraphFunction, add_outputs, call, check_pred, differentiate, flatten,
                            graph_attrs, merge_specs, output_tensors, pack, same_structure, seal,
                            trace, zeros_for)

__all__ = ["cond", "switch_case"]

# Inputs of any dtype: the condition, then whatever the branches capture.
INPUT_DTYPES = dtypes.ALL | {dtypes.string, dtypes.variant}


# -- the ops: one per (type, variables, outputs, effects), made on demand -----------------------------
def _run_branch(branch: GraphFunction, args, k: int):
    """Runs `branch` on the node's inputs, leaving out the selector at position k."""
    outs = branch.run(args[:k] + args[k + 1:])
    return outs[0] if len(outs) == 1 else tuple(outs) if outs else None


def _if_kernel(*args, then_branch, else_branch):
    k = then_branch.n_resources  # inputs: the variables, the condition, the captured tensors
    return _run_branch(then_branch if args[k] else else_branch, args, k)


def _case_kernel(*args, branches):
    k = branches[0].n_resources
    index = int(args[k])
    if not 0 <= index < len(branches):
        index = len(branches) - 1  # TF: an index out of range runs the last (default) branch
    return _run_branch(branches[index], args, k)


_OPS: dict = {}


def control_op(type_name: str, kernel, grad, n_resources: int, n_outputs: int, effects: bool) -> Op:
    """The Op for an If/Case/While node: like a function call, its shape depends on the node."""
    key = (type_name, n_resources, n_outputs, effects)
    op = _OPS.get(key)
    if op is None:
        # stateful for the engine even when TF says Stateless: its attrs are whole graphs, so
        # the graph optimizer never merges or folds it
        op = _OPS[key] = Op(type_name, kernel, grad, dtypes=INPUT_DTYPES, same_dtype=False,
                            resources=n_resources, stateful=True, outputs=n_outputs,
                            effects=effects)
    return op


def _branch_op(kind: str, branches: list, n_outputs: int) -> Op:
    """If or StatelessIf (Case or StatelessCase), as TF names them."""
    stateful = any(b.is_stateful for b in branches)
    effects = any(b.has_effects for b in branches)
    type_name = kind if stateful else "Stateless" + kind
    kernel, grad = (_if_kernel, _if_grad) if kind == "If" else (_case_kernel, _case_grad)
    return control_op(type_name, kernel, grad, branches[0].n_resources, n_outputs, effects)


def _if_rule(specs, attrs) -> list:
    then_branch, else_branch = attrs["then_branch"], attrs["else_branch"]
    return [merge_specs(a, b) for a, b in zip(then_branch.output_specs, else_branch.output_specs)]


def _case_rule(specs, attrs) -> list:
    outs = attrs["branches"][0].output_specs
    for branch in attrs["branches"][1:]:
        outs = [merge_specs(a, b) for a, b in zip(outs, branch.output_specs)]
    return outs


SHAPE_RULES.update({"If": _if_rule, "StatelessIf": _if_rule, "Case": _case_rule,
                    "StatelessCase": _case_rule})


# -- tracing the branches -----------------------------------------------------------------------------
def _trace_branches(fns: list, names: list, what: str):
    """Traces each branch; returns (graphs, results, flat output tensors per branch)."""
    graphs, results = [], []
    for fn, name in zip(fns, names):
        graph, _, result = trace(fn, name)
        graphs.append(graph)
        results.append(result)
    for i, result in enumerate(results[1:], 1):
        if not same_structure(results[0], result):
            raise ValueError(f"{what} must have the same number, type, and overall structure of "
                             f"return values.\n\n{names[0]} output: {results[0]}\n{names[i]} "
                             f"output: {result}")
    flats = [output_tensors(g, [_flow(x) for x in flatten(r)]) for g, r in zip(graphs, results)]
    for i, flat in enumerate(flats[1:], 1):
        for a, b in zip(flats[0], flat):
            if (a is None) != (b is None) or (a is not None and a.dtype is not b.dtype):
                raise TypeError(f"{what} must have the same number, type, and overall structure "
                                f"of return values.\n\n{names[0]} output: {a}\n{names[i]} output: "
                                f"{b}\n\nError details:\n{a} and {b} have different types")
    return graphs, results, flats


def _emit(kind: str, selector, graphs, results, flats, names):
    """Adds the If/Case node; returns the outputs in the branches' structure."""
    outs = [[t for t in flat if t is not None] for flat in flats]
    functions, variables, outer = seal(graphs, [[] for _ in graphs], outs, names)
    for v in variables:  # TF: a tape watches the trainable variables a branch reads
        variable_accessed(v)
    op = _branch_op(kind, functions, len(outs[0]))
    attrs = ({"then_branch": functions[0], "else_branch": functions[1]} if kind == "If"
             else {"branches": tuple(functions)})
    result = execute(op, (*variables, selector, *outer), attrs)
    node = _node_of(result, op)
    for f, suffix in zip(functions, names):
        f.name = f"{node.name}_{suffix}"
    values = iter(_as_list(result, op.outputs))
    leaves = [None if t is None else next(values) for t in flats[0]]
    return pack(results[0], [x._with_flow(v) if hasattr(x, "_with_flow") else v
                             for x, v in zip(flatten(results[0]), leaves)])


def _flow(x):
    """A TensorArray travels through a branch as its list (its flow tensor)."""
    return x.flow if hasattr(x, "_with_flow") else x


def _node_of(result, op):
    if op.outputs == 0:
        return result  # (the Operation itself)
    return (result if op.outputs == 1 else result[0])._op


def _as_list(value, n: int) -> list:
    if n == 0:
        return []
    return [value] if n == 1 else list(value)


def _eager_truth(pred) -> bool:
    return bool(pred)  # TF: eagerly, a tensor's value decides (NumPy's error if it has many)


def cond(pred, true_fn=None, false_fn=None, name=None):
    """`true_fn()` if `pred` else `false_fn()`; in a graph, both traced. Mirrors `tf.cond`.

    >>> tf.cond(tf.constant(3) > 2, lambda: "big", lambda: "small")
    'big'
    >>> f = tf.function(lambda x: tf.cond(x > 0, lambda: x, lambda: -x), autograph=False)
    >>> f(tf.constant(-2.0))
    <tf.Tensor: shape=(), dtype=float32, numpy=2.0>

    In a graph the branches must return the same structure and dtypes
    (shapes may differ: the result's shape keeps what they share).
    """
    if true_fn is None:
        raise TypeError("cond(): 'true_fn' argument required")
    if false_fn is None:
        raise TypeError("cond(): 'false_fn' argument required")
    if not callable(true_fn):
        raise TypeError("'true_fn' must be callable.")
    if not callable(false_fn):
        raise TypeError("'false_fn' must be callable.")
    if executing_eagerly():  # TF: eagerly, tf.cond is Python's if (the tape sees the branch's ops)
        return true_fn() if _eager_truth(pred) else false_fn()
    if isinstance(pred, (bool, np.bool_)):
        raise TypeError(("pred must not be a Python bool", pred))
    pred = check_pred(pred, "cond")
    names = ["true", "false"]
    graphs, results, flats = _trace_branches([true_fn, false_fn], names,
                                             "true_fn and false_fn arguments to tf.cond")
    return _emit("If", pred, graphs, results, flats, names)


def _branch_list(branch_fns, default):
    """switch_case's branches as a list indexed 0..n-1 (TF accepts a dict or (key, fn) pairs)."""
    if isinstance(branch_fns, dict):
        pairs = sorted(branch_fns.items())
    elif branch_fns and all(isinstance(b, tuple) and len(b) == 2 for b in branch_fns):
        pairs = sorted(branch_fns)
    else:
        pairs = list(enumerate(branch_fns or []))
    if not pairs:
        raise ValueError("Must provide at least one item in `branch_fns`.")
    keys = [k for k, _ in pairs]
    if keys != list(range(len(keys))):
        raise ValueError(f"branch indices (keys) must form contiguous range of [0 to N), got "
                         f"{keys}.")
    fns = [fn for _, fn in pairs]
    for fn in fns:
        if not callable(fn):
            raise TypeError(f"fn for branch must be callable, got {fn!r}")
    if default is not None:
        fns.append(default)
    return fns


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """Runs `branch_fns[branch_index]()`, else `default` (or the last). Mirrors `tf.switch_case`.

    >>> tf.switch_case(tf.constant(1), [lambda: 10, lambda: 20, lambda: 30])
    20

    In a graph every branch is traced into a `Case` node.
    """
    fns = _branch_list(branch_fns, default)
    if executing_eagerly():
        index = int(convert_to_tensor(branch_index))
        return fns[index if 0 <= index < len(fns) else -1]()
    index = convert_to_tensor(branch_index)
    if index.dtype is not dtypes.int32:
        raise TypeError(f"branch_index must be an int32 scalar tensor, got {index.dtype.name}")
    names = [f"branch{i}" for i in range(len(fns))]
    graphs, results, flats = _trace_branches(fns, names, "branch_fns arguments to tf.switch_case")
    return _emit("Case", index, graphs, results, flats, names)


# -- gradients -----------------------------------------------------------------------------------
class _Backward:
    """What a rewritten branch remembers for its gradient: its backward pass and saved outputs.

    Each rewrite adds one *level*: the branch `previous` (with `outputs_before`
    outputs) differentiated once. A first derivative uses level 1; a second
    derivative also has gradients for level 1's saved outputs, and uses
    level 2, which differentiates level 1's outputs, saved values included.
    """

    __slots__ = ("function", "grads", "saved_outputs", "previous", "outputs_before")

    def __init__(self, function, grads, saved_outputs, previous, outputs_before):
        self.function = function            # inputs: the branch's inputs, saved values, dys
        self.grads = grads                  # per branch input: a tensor of its graph, or None
        self.saved_outputs = saved_outputs  # which outputs of the node hold the saved values
        self.previous = previous            # the branch this level differentiates
        self.outputs_before = outputs_before


def _add_level(node, kind: str, branches: list) -> list:
    """Rewrites the If/Case `node` so that each branch also outputs what its gradient needs."""
    parts = [differentiate(b) for b in branches]
    saved_specs = [[s._value for s in part.saved] for part in parts]
    start = len(node.outputs)
    new, position = [], start
    for k, (branch, d) in enumerate(zip(branches, parts)):
        extra = []
        with d.graph.as_default():  # (the other branches' saved values: zeros nobody reads)
            for j, specs in enumerate(saved_specs):
                extra += d.saved if j == k else [d.graph.capture(zeros_for(s)) for s in specs]
        forward = GraphFunction(branch.name, d.graph, d.params, d.outs + extra)
        backward = GraphFunction(branch.name + "_grad", d.graph, d.params + d.saved + d.dys,
                                 [g for g in d.grads if g is not None], effects=False)
        mine = list(range(position, position + len(d.saved)))
        position += len(d.saved)
        forward.gradient = _Backward(backward, d.grads, mine, branch, start)
        new.append(forward)
    attrs = dict(node.attrs)
    if kind == "Case":
        attrs["branches"] = tuple(new)
    else:
        attrs["then_branch"], attrs["else_branch"] = new
    op = _branch_op(kind, new, start + sum(len(s) for s in saved_specs))
    add_outputs(node, op, attrs, [s for specs in saved_specs for s in specs])
    return new


def _branches_of(node) -> list:
    if "branches" in node.attrs:
        return list(node.attrs["branches"])
    return [node.attrs["then_branch"], node.attrs["else_branch"]]


def _level_for(node, kind: str, top: int) -> list:
    """The branches (one per branch) of the lowest level whose backward takes output `top`'s dy."""
    branches = _branches_of(node)
    chain = []
    while branches[0].gradient is not None:
        chain.append(branches)
        branches = [b.gradient.previous for b in branches]
    for level in reversed(chain):  # lowest level first
        if level[0].gradient.outputs_before > top:
            return level
    return _add_level(node, kind, _branches_of(node))


def _differentiable(t) -> bool:
    return t.dtype.is_floating or t.dtype.is_complex or t.dtype is dtypes.variant


def _branches_grad(record, dys, kind: str):
    """The gradient of an If/Case: a Case/If of the branches' backward passes."""
    n = record.op.outputs
    dys = _as_list(dys, n)
    outputs = _as_list(record.output, n)
    node = outputs[0]._op
    top = max(i for i, dy in enumerate(dys) if dy is not None)
    branches = _level_for(node, kind, top)
    # (the tapes must now see the node's new outputs: their gradients, in a second derivative,
    # reach this op through them)
    add_recorded_outputs(record, node.op, tuple(node.outputs))
    info0 = branches[0].gradient
    k = branches[0].n_resources
    inputs = list(record.inputs)
    selector = inputs[k]
    params = inputs[:k] + inputs[k + 1:]  # the branches' inputs: variables, captured tensors
    before = node.outputs[:info0.outputs_before]
    dys = dys + [None] * (len(before) - len(dys))
    feed_dys = [dy if dy is not None else _zeros_like(out)
                for out, dy in zip(before, dys) if _differentiable(out)]
    # which inputs get a gradient: those some branch's backward pass reaches
    wanted = [i for i in range(len(params)) if any(b.gradient.grads[i] is not None for b in branches)]
    if not wanted:
        return [None] * len(inputs)

    def branch_gradient(branch):
        def compute():
            info = branch.gradient
            saved = [node.outputs[j] for j in info.saved_outputs]
            found = iter(call(info.function, params + saved + feed_dys))
            grads = [next(found) if g is not None else None for g in info.grads]
            return [grads[i] if grads[i] is not None else _zeros_like(params[i]) for i in wanted]
        return compute

    fns = [branch_gradient(b) for b in branches]
    found = cond(selector, fns[0], fns[1]) if kind == "If" else switch_case(selector, fns)
    grads = [None] * len(params)
    for i, g in zip(wanted, found):
        grads[i] = g
    return grads[:k] + [None] + grads[k:]


def _if_grad(record, dys):
    return _branches_grad(record, dys, "If")


def _case_grad(record, dys):
    return _branches_grad(record, dys, "Case")


def _zeros_like(x):
    """Zeros shaped like a tensor or Variable (a zero gradient); an empty list for a list."""
    if hasattr(x, "_is_variable"):
        return convert_to_tensor(np.zeros(np.shape(x._value), x._value.dtype))
    if x.dtype is dtypes.variant:  # a list of as many unwritten elements (zeros when read)
        from .list_ops import length, reserve
        return reserve(None, length(x), dtypes.float32)
    from .array_ops import zeros_like
    return zeros_like(x)


# -- loading a saved graph: the op of a node, from its attrs ------------------------------------------
def _if_node_op(attrs, where):
    then, else_ = graph_attrs(attrs, ("then_branch", "else_branch"), where)
    return _branch_op("If", [then, else_], len(then.outputs))


def _case_node_op(attrs, where):
    (branches,) = graph_attrs(attrs, ("branches",), where)
    return _branch_op("Case", branches, len(branches[0].outputs))


NODE_OPS: dict = {"If": _if_node_op, "StatelessIf": _if_node_op, "Case": _case_node_op,
                  "StatelessCase": _case_node_op}  # (While's: while_ops.py)


# The op table lists one of each (the gradient checks find them there); each node gets an op of
# its own shape from control_op. A loaded graph asks NODE_OPS for it.
for _kind in ("If", "StatelessIf"):
    register(Op(_kind, _if_kernel, _if_grad, dtypes=INPUT_DTYPES, same_dtype=False, stateful=True))
for _kind in ("Case", "StatelessCase"):
    register(Op(_kind, _case_kernel, _case_grad, dtypes=INPUT_DTYPES, same_dtype=False,
                stateful=True))
