"""Running a graph: compile the list of equations once, then interpret it.

`compile_graph` turns the nodes needed for some outputs into a flat list of
steps `(numpy_forward, input_slots, attrs, output_slot)` over one list of
values (the "environment"), like autodidax's `eval_jaxpr`. Running is then

    env = template[:]                     # constants already in their slots
    for fn, ins, attrs, out in steps:
        env[out] = fn(*[env[i] for i in ins], **attrs)

No tensors are made, no dtypes are checked again (that happened while
tracing), no tapes are told: this is why a traced function is fast.

While compiling we also do what TF's graph optimizer (Grappler) does:
- prune: only nodes that an output (or a stateful node) needs;
- alias: Identity and StopGradient just forward their input's slot;
- constant folding: a node whose inputs are all constants runs now, once;
- common subexpressions: the same op on the same inputs runs once (variable
  reads too, until the next assignment to that variable).

Read next: `../function.py`, which traces Python functions into graphs.
"""
from __future__ import annotations

import sys

import numpy as np

from ..errors import FailedPreconditionError, InvalidArgumentError, OpError
from .core import ASSIGN_TYPES, CONST, PLACEHOLDER, RANDOM_TYPES

_ALIASES = frozenset({"Identity", "StopGradient"})
_SHAPE_ONLY = frozenset({"OnesLike", "ZerosLike"})


class Program:
    """A compiled graph: steps over slots, plus where inputs go and outputs come from."""

    __slots__ = ("steps", "names", "template", "input_slots", "output_slots")

    def __init__(self, steps, names, template, input_slots, output_slots):
        self.steps = steps
        self.names = names
        self.template = template
        self.input_slots = input_slots
        self.output_slots = output_slots

    def run(self, values) -> list:
        """Interprets the steps on NumPy `values` for the inputs; returns the output values."""
        env = self.template[:]
        for slot, value in zip(self.input_slots, values):
            env[slot] = value
        i = 0
        try:
            for i, (fn, ins, attrs, out) in enumerate(self.steps):  # noqa: B007
                env[out] = fn(*[env[j] for j in ins], **attrs)
        except OpError as e:
            raise type(e)(e.node_def, e.op, f"{e.message}\n\t [[{{{{node {self.names[i]}}}}}]]") \
                from None
        except (ValueError, TypeError, IndexError, FloatingPointError) as e:
            raise InvalidArgumentError(None, self.names[i], f"{e}\n\t [[{{{{node {self.names[i]}}}}}]]"
                                       ) from None
        return [env[j] for j in self.output_slots]


# -- kernels of the graph's own node types ------------------------------------------
def _reader(variable):
    def read():
        return variable._value
    return read


def _assigner(variable, type_):
    def assign(value):
        if value.shape != variable._value.shape:
            raise InvalidArgumentError(
                None, type_, f"Trying to assign a value of shape {list(value.shape)} to variable "
                             f"'{variable.name}' of shape {list(variable._value.shape)}")
        if type_ == "AssignAddVariableOp":
            value = np.add(variable._value, value, dtype=variable._value.dtype)
        elif type_ == "AssignSubVariableOp":
            value = np.subtract(variable._value, value, dtype=variable._value.dtype)
        elif isinstance(value, np.ndarray):
            value = value.copy()  # the variable must not share a buffer with a returned tensor
        variable._store(value)
    return assign


def print_v2(*values, pieces=(), sep=" ", end="\n", stream="stderr"):
    """The PrintV2 kernel: tf.print's formatting (tensors as NumPy prints them)."""
    parts = [values[p] if isinstance(p, int) else p for p in pieces]
    text = sep.join(str(np.asarray(v)) if isinstance(v, (np.ndarray, np.generic)) else str(v)
                    for v in parts)
    print(text, end=end, file=sys.stdout if stream == "stdout" else sys.stderr)


def _noop():
    return None


def default_kernels(node):
    """The NumPy function that runs `node` (variables read and written in place)."""
    if node.type == "ReadVariableOp":
        return _reader(node.variable)
    if node.type in ASSIGN_TYPES:
        return _assigner(node.variable, node.type)
    if node.type == "PrintV2":
        return print_v2
    if node.type == "NoOp":
        return _noop
    return node.op.forward


# -- compiling --------------------------------------------------------------------------
def needed_nodes(graph, outputs, fed=(), keep_stateful: bool = False, targets=()) -> list:
    """The nodes that `outputs` depend on (data and control inputs), in graph order.

    Fed tensors are cut: what produces them does not run. With
    `keep_stateful`, every stateful node (and what it needs) is kept too.
    """
    fed_ids = {id(t) for t in fed}
    wanted = [t.op for t in outputs if id(t) not in fed_ids]
    wanted += list(targets)
    if keep_stateful:
        wanted += [n for n in graph._operations if n.is_stateful]
    seen: set = set()
    while wanted:
        node = wanted.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        wanted += [x.op for x in node.inputs if id(x) not in fed_ids]
        wanted += node.control_inputs
    return [n for n in graph._operations if id(n) in seen]


def compile_graph(graph, inputs, outputs, keep_stateful=True, kernels=default_kernels,
                  missing_feed=None, targets=()) -> Program:
    """Turns the graph into a `Program` computing `outputs` from values for `inputs`.

    `kernels(node)` gives each node's function (Session passes its own, so
    that variables live in the session). `missing_feed(node)` is called for a
    Placeholder that is needed but not among `inputs`. `targets` are
    Operations to run for their effect (Session fetches of an op).
    """
    nodes = needed_nodes(graph, outputs, inputs, keep_stateful, targets)
    slot_of: dict = {}      # id(graph tensor) -> slot
    template: list = []     # constant values; None for computed slots
    consts: dict = {}       # slot -> value, for constant folding
    input_slots = []
    for t in inputs:
        slot_of[id(t)] = len(template)
        input_slots.append(len(template))
        template.append(None)
    steps, names = [], []
    seen_exprs: dict = {}   # (type, input slots, attrs) -> slot, for common subexpressions
    reads: dict = {}        # id(variable) -> slot of its latest read
    missing: dict = {}      # slot -> Placeholder node that nobody fed

    def new_slot(value=None):
        template.append(value)
        return len(template) - 1

    for node in nodes:
        out = node.outputs[0] if node.outputs else None
        if out is not None and id(out) in slot_of:
            continue  # fed
        if node.type == PLACEHOLDER:  # not fed: an error, if a kept step really needs it
            slot = new_slot()
            missing[slot] = node
            slot_of[id(out)] = slot
            continue
        if node.type == CONST:
            slot = new_slot(np.asarray(node.value) if not isinstance(node.value, np.generic)
                            else node.value)
            consts[slot] = template[slot]
            slot_of[id(out)] = slot
            continue
        ins = tuple(slot_of[id(x)] for x in node.inputs)
        if node.type in _ALIASES:
            slot_of[id(out)] = ins[0]
            continue
        if node.type == "ReadVariableOp":
            key = id(node.variable)
            if key in reads and not node.control_inputs:
                slot_of[id(out)] = reads[key]
                continue
        elif node.type in ASSIGN_TYPES:
            reads.pop(id(node.variable), None)
        elif node.op is not None:
            expr = (node.type, ins, repr(sorted(node.attrs.items())))
            if expr in seen_exprs:
                slot_of[id(out)] = seen_exprs[expr]
                continue
            if node.type in _SHAPE_ONLY and node.inputs[0]._value.size is not None:
                # ones_like(x) depends on x's shape only, known now: a constant
                spec = node.inputs[0]._value
                value = node.op.forward(np.broadcast_to(np.zeros((), spec.dtype), spec.shape))
            elif all(i in consts for i in ins) and node.type not in RANDOM_TYPES:  # folding
                try:
                    value = node.op.forward(*[consts[i] for i in ins], **node.attrs)
                except Exception:  # noqa: BLE001 - leave the error to run time, at its node
                    value = None
            else:
                value = None
            if value is not None:
                slot = new_slot(value)
                consts[slot] = value
                slot_of[id(out)] = seen_exprs[expr] = slot
                continue
        slot = new_slot() if out is not None else -1
        if out is not None:
            slot_of[id(out)] = slot
            if node.type == "ReadVariableOp":
                reads[id(node.variable)] = slot
            elif node.op is not None:
                seen_exprs[expr] = slot
        attrs = {} if node.op is None or node.type == "ReadVariableOp" else node.attrs
        if node.type == "PrintV2":
            attrs = node.attrs
        steps.append((kernels(node), ins, attrs, slot))
        names.append(node.name)
    output_slots = [slot_of[id(t)] for t in outputs]
    steps, names = _drop_dead(steps, names, output_slots)
    sink = new_slot()  # where steps without an output (assignments, prints) put their None
    steps = [(fn, ins, attrs, sink if out == -1 else out) for fn, ins, attrs, out in steps]
    for slot in sorted({i for _, ins, _, _ in steps for i in ins} | set(output_slots)):
        if slot in missing:
            node = missing[slot]
            if missing_feed is not None:
                missing_feed(node)
            raise InvalidArgumentError(None, node.name, f"You must feed a value for placeholder "
                                                        f"tensor '{node.name}'")
    return Program(steps, names, template, input_slots, output_slots)


def _drop_dead(steps, names, output_slots):
    """Removes steps whose results nobody uses (stateful steps, slot -1, always stay)."""
    used = set(output_slots)
    kept = []
    for step, name in zip(reversed(steps), reversed(names)):
        fn, ins, attrs, out = step
        if out == -1 or out in used:
            used.update(ins)
            kept.append((step, name))
    kept.reverse()
    return [s for s, _ in kept], [n for _, n in kept]


def evaluate_constant(tensor) -> np.ndarray:
    """The value of a graph tensor that depends on no placeholder (variable initializers)."""
    def missing(node):
        raise ValueError(
            f"A tf.Variable's initial value must not depend on the function's inputs, but it "
            f"needs placeholder '{node.name}'. Hint: create variables from constants (e.g. "
            "tf.zeros(shape)), or outside the tf.function.")
    program = compile_graph(tensor.graph, [], [tensor], keep_stateful=False, missing_feed=missing)
    return program.run([])[0]


def check_initialized(variable, store: dict):
    """Session's read: the variable's value in this session, or TF's FailedPreconditionError."""
    if id(variable) not in store:
        raise FailedPreconditionError(
            None, "ReadVariableOp",
            f"Could not find variable {variable._name}. This could mean that the variable has "
            "been deleted. In TF1, it can also mean the variable is uninitialized. Hint: run "
            "session.run(tf.compat.v1.global_variables_initializer()) first.")
    return store[id(variable)]
