"""Running a graph: compile the list of equations once, then interpret it.

This is the engine's one graph interpreter: `tf.function`, `Session.run` and
loaded SavedModels all run graphs through it. `compile_graph` turns the nodes
needed for some outputs into a flat list of steps
`(kernel, input_slots, output_slot, slots_to_free)` over one list of values
(the "environment"), like autodidax's `eval_jaxpr`. Running is then

    env = template[:]                     # constants already in their slots
    for kernel, ins, out, free in steps:
        env[out] = kernel(*[env[i] for i in ins])
        for i in free: env[i] = None      # nobody needs this value any more

(`Program.run` writes the same loop with the inputs fetched by
`operator.itemgetter` and each kernel's attrs bound in by `functools.partial`:
the same work, with less Python per step.)

The kernels are the op table's NumPy forwards, the same functions eager
execution calls. No tensors are made, no dtypes are checked again (that
happened while tracing), no tapes are told: this is why a traced function is
fast. A graph input of dtype resource is fed with a Variable; ReadVariableOp
and the assignment kernels use it as they do eagerly.

The steps are prepared with a few optimizations, which never change results
(optimize.py holds them: TF's graph optimizer, Grappler, does the same):
pruning of nodes nobody needs, aliases, constant folding, common
subexpressions. Freeing values after their last use keeps memory low and lets
optimizers update weights in place (see ops/variable_ops.py).

Read next: `../function.py`, which traces Python functions into graphs.
"""
from __future__ import annotations

import functools
import operator

from ..errors import InvalidArgumentError, OpError
from .core import INPUT_TYPES, FuncGraph
from .failures import run_the_rest
from .optimize import plan_nodes

__all__ = ["Program", "compile_graph", "evaluate_constant", "needed_nodes"]


class Program:
    """A compiled graph: steps over slots, plus where inputs go and outputs come from."""

    __slots__ = ("steps", "nodes", "template", "input_slots", "output_slots", "inputs_of",
                 "chained")

    def __init__(self, steps, nodes, template, input_slots, output_slots, inputs_of=(),
                 chained: bool = False):
        self.steps = steps
        self.nodes = nodes  # the graph node of each step (for errors)
        self.template = template
        self.input_slots = input_slots
        self.output_slots = output_slots
        # (for a failure: the input slots of each step, and whether the graph is a tf.function's,
        # with TF's automatic control dependencies: failures.py)
        self.inputs_of = inputs_of
        self.chained = chained

    def run(self, values) -> list:
        """Interprets the steps on `values` for the inputs; returns the output values."""
        env = self.template[:]
        for slot, value in zip(self.input_slots, values):
            env[slot] = value
        step = None
        try:
            for step in self.steps:
                kernel, ins, n, out, free = step
                if n == 1:
                    env[out] = kernel(env[ins])
                elif n:
                    env[out] = kernel(*ins(env))
                else:
                    env[out] = kernel()
                if free:
                    for j in free:
                        env[j] = None
        except (OpError, ValueError, TypeError, IndexError, FloatingPointError) as e:
            k = self.steps.index(step)
            node = self.nodes[k]
            message = e.message if isinstance(e, OpError) else str(e)
            error = type(e)(e.node_def, e.op, f"{e.message}\n\t [[{{{{node {node.name}}}}}]]") \
                if isinstance(e, OpError) else \
                InvalidArgumentError(None, node.name, f"{e}\n\t [[{{{{node {node.name}}}}}]]")
            run_the_rest(self, env, k, self.chained)  # (what does not wait for it still runs)
            raise _at_node(error, e, node, message) from None
        return [env[j] for j in self.output_slots]


def _at_node(error: OpError, cause: Exception, node, message: str) -> OpError:
    """`error`, knowing the node that failed and its kernel's own message (a traced function's
    call makes TF's "Graph execution error" of them: stacks.py). When a node inside a branch
    or a loop body failed, that innermost node is the one named, by its path ("while/GatherV2")."""
    inner = getattr(cause, "failed_node", None)
    error.failed_node = inner or node
    error.node_path = f"{node.name}/{cause.node_path}" if inner else node.name
    error.kernel_message = getattr(cause, "kernel_message", message)
    return error


def needed_nodes(graph, outputs, fed=(), keep_effects: bool = False, targets=()) -> list:
    """The nodes that `outputs` depend on (data and control inputs), in graph order.

    Fed tensors are cut: what produces them does not run. With
    `keep_effects`, every node that runs for its effect (assignments, prints)
    is kept too, with what it needs: tf.function's automatic control dependencies.
    """
    fed_ids = {id(t) for t in fed}
    wanted = [t.op for t in outputs if id(t) not in fed_ids]
    wanted += list(targets)
    if keep_effects:
        wanted += [n for n in graph._operations if n.runs_for_effect]
    seen: set = set()
    while wanted:
        node = wanted.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        wanted += [x.op for x in node.inputs if id(x) not in fed_ids]
        wanted += node.control_inputs
    return [n for n in graph._operations if id(n) in seen]


def compile_graph(graph, inputs, outputs, keep_effects: bool = True, missing_feed=None,
                  targets=()) -> Program:
    """Turns the graph into a `Program` computing `outputs` from values fed to `inputs`.

    `inputs` are graph tensors to feed (placeholders, variable handles, or any
    tensor: a fed tensor replaces what computes it). `missing_feed(node)` is
    called for a placeholder that is needed but not fed. `targets` are
    Operations to run for their effect (Session fetches of an op).
    """
    nodes = needed_nodes(graph, outputs, inputs, keep_effects, targets)
    slot_of: dict = {}      # id(graph tensor) -> slot
    template: list = []     # constant values; None for computed slots
    input_slots = []
    for t in inputs:
        slot_of[id(t)] = len(template)
        input_slots.append(len(template))
        template.append(None)
    steps, step_nodes, missing = plan_nodes(nodes, slot_of, template)
    output_slots = [slot_of[id(t)] for t in outputs]
    steps, step_nodes = _drop_dead(steps, step_nodes, output_slots)
    for slot in sorted({i for _, ins, _, _ in steps for i in ins} | set(output_slots)):
        if slot in missing:
            node = missing[slot]
            if missing_feed is not None:
                missing_feed(node)
            raise InvalidArgumentError(None, node.name, f"You must feed a value for placeholder "
                                                        f"tensor '{node.name}'")
    sink = len(template)  # where steps without an output (assignments, prints) put their None
    template.append(None)
    steps = _with_frees(steps, set(output_slots), set(input_slots),
                        {i for i, v in enumerate(template) if v is not None})
    inputs_of = [ins for _, ins, _, _, _ in steps]
    steps = [_step(kernel, ins, attrs, sink if out == -1 else out, free)
             for kernel, ins, attrs, out, free in steps]
    return Program(steps, step_nodes, template, input_slots, output_slots, inputs_of,
                   chained=isinstance(graph, FuncGraph))


def _step(kernel, ins: tuple, attrs: dict, out: int, free: tuple) -> tuple:
    """(kernel with its attrs bound, how to fetch its inputs, their number, output, frees)."""
    if attrs:
        kernel = functools.partial(kernel, **attrs)
    n = len(ins)
    fetch = ins[0] if n == 1 else operator.itemgetter(*ins) if n else None
    return kernel, fetch, n, out, free


def _drop_dead(steps, step_nodes, output_slots):
    """Removes steps whose results nobody uses (steps run for their effect, slot -1, stay)."""
    used = set(output_slots)
    kept = []
    for step, node in zip(reversed(steps), reversed(step_nodes)):
        kernel, ins, attrs, out = step
        if out == -1 or out in used:
            used.update(ins)
            kept.append((step, node))
    kept.reverse()
    return [s for s, _ in kept], [n for _, n in kept]


def _with_frees(steps, outputs: set, inputs: set, constants: set) -> list:
    """Adds to each step the slots whose value is used for the last time there."""
    last_use: dict = {}
    for k, (_, ins, _, _) in enumerate(steps):
        for j in ins:
            last_use[j] = k
    keep = outputs | constants
    frees = [[] for _ in steps]
    for j, k in last_use.items():
        if j not in keep:
            frees[k].append(j)
    return [(kernel, ins, attrs, slot, tuple(free))
            for (kernel, ins, attrs, slot), free in zip(steps, frees)]


def evaluate_constant(tensor):
    """The value of a graph tensor that depends on no placeholder (variable initializers)."""
    def missing(node):
        raise ValueError(
            f"A tf.Variable's initial value must not depend on the function's inputs, but it "
            f"needs placeholder '{node.name}'. Hint: create variables from constants (e.g. "
            "tf.zeros(shape)), or outside the tf.function.")
    graph = tensor.graph
    handles = [h for h in graph._handles.values() if h.op.type in INPUT_TYPES]
    program = compile_graph(graph, handles, [tensor], keep_effects=False, missing_feed=missing)
    return program.run([h._value.const for h in handles])[0]
