"""Planning the steps of a graph run, with the optimizations TF's Grappler makes.

`plan_nodes` walks the needed nodes in graph order and gives each output a
slot in the environment (see run.py). On the way it does, without ever
changing a result:

- aliases: Identity and StopGradient just forward their input's slot;
- constant folding: a node whose inputs are all constants runs now, once;
  `ones_like(x)`/`zeros_like(x)` of an x whose shape is known is a constant;
- common subexpressions: the same op on the same inputs runs once; a
  variable read twice without an assignment in between is read once.

Stateful ops (variable reads and writes, random draws, prints) are never
folded or merged: their result depends on more than their inputs. Pruning
(only what an output or an effect needs) happens before, in run.needed_nodes,
and after, in run._drop_dead.
"""
from __future__ import annotations

import operator

import numpy as np

from .core import CONST, INPUT_TYPES

_ALIASES = frozenset({"Identity", "StopGradient"})
_SHAPE_ONLY = frozenset({"OnesLike", "ZerosLike", "Shape", "Size"})


def plan_nodes(nodes, slot_of: dict, template: list):
    """Steps `(kernel, input_slots, attrs, output_slot)` for `nodes`; -1: no output.

    `slot_of` maps fed tensors to their slots already and receives the rest;
    `template` receives constant values (None for computed slots). Returns
    (steps, the node of each step, {slot: input node that nobody fed}).
    """
    steps, step_nodes = [], []
    consts: dict = {}       # slot -> value, for constant folding
    seen_exprs: dict = {}   # (type, input slots, attrs) -> slot, for common subexpressions
    reads: dict = {}        # slot of a variable's handle -> slot of its latest read
    missing: dict = {}

    def new_slot(value=None) -> int:
        template.append(value)
        return len(template) - 1

    for node in nodes:
        outs = node.outputs
        if outs and all(id(o) in slot_of for o in outs):
            continue  # fed
        if node.type in INPUT_TYPES:  # not fed: an error, if a kept step really needs it
            slot_of[id(outs[0])] = missing_slot = new_slot()
            missing[missing_slot] = node
            continue
        if node.type == CONST:
            value = node.value if isinstance(node.value, np.generic) else np.asarray(node.value)
            key = ("Const", value.dtype.str, value.shape, value.tobytes()) if value.size <= 64 \
                else None  # equal small constants share one slot (so what uses them can too)
            if key in seen_exprs:
                slot_of[id(outs[0])] = seen_exprs[key]
                continue
            slot_of[id(outs[0])] = slot = new_slot(value)
            consts[slot] = value
            if key is not None:
                seen_exprs[key] = slot
            continue
        ins = tuple(slot_of[id(x)] for x in node.inputs)
        if node.type in _ALIASES:
            slot_of[id(outs[0])] = ins[0]
            continue
        op = node.op
        expr = None
        if node.type == "ReadVariableOp" and not node.control_inputs:
            if ins[0] in reads:  # unchanged since the last read: the same value
                slot_of[id(outs[0])] = reads[ins[0]]
                continue
        elif op.resources:  # may change the variables it is given: later reads read anew
            for handle in ins[:op.resources]:
                reads.pop(handle, None)
        if not op.stateful and len(outs) == 1:
            expr = (node.type, ins, repr(sorted(node.attrs.items())))
            if expr in seen_exprs:
                slot_of[id(outs[0])] = seen_exprs[expr]
                continue
            value = _fold(node, ins, consts)
            if value is not None:
                slot_of[id(outs[0])] = seen_exprs[expr] = slot = new_slot(value)
                consts[slot] = value
                continue
        if not outs:
            steps.append((op.forward, ins, node.attrs, -1))
            step_nodes.append(node)
            continue
        slot = new_slot()
        steps.append((op.forward, ins, node.attrs, slot))
        step_nodes.append(node)
        if op.effects:  # (a cond that assigns): it runs even if nobody uses its outputs
            steps.append((_keep, (slot,), {}, -1))
            step_nodes.append(node)
        if len(outs) == 1:
            slot_of[id(outs[0])] = slot
            if expr is not None:
                seen_exprs[expr] = slot
            if node.type == "ReadVariableOp":
                reads[ins[0]] = slot
            continue
        for i, out in enumerate(outs):  # several outputs: pick each from the kernel's tuple
            slot_of[id(out)] = item = new_slot()
            steps.append((operator.itemgetter(i), (slot,), {}, item))
            step_nodes.append(node)
    return steps, step_nodes, missing


def _keep(value) -> None:
    """A step that uses a value only so that the step computing it is never dropped."""


def _fold(node, ins, consts):
    """The node's value now, if it can be known before the graph runs; else None."""
    if node.type in _SHAPE_ONLY and node.inputs[0]._value.size is not None:
        # ones_like(x), tf.shape(x) depend on x's shape only, known now: a constant
        spec = node.inputs[0]._value
        return node.op.forward(np.broadcast_to(np.zeros((), spec.dtype), spec.shape), **node.attrs)
    if all(i in consts for i in ins):
        try:
            return node.op.forward(*[consts[i] for i in ins], **node.attrs)
        except Exception:  # noqa: BLE001 - leave the error to run time, at its node
            return None
    return None
