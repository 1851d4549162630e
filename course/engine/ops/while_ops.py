"""`tf.while_loop`: the While op, and its gradient.

Eagerly, `tf.while_loop(cond, body, loop_vars)` is a Python loop (as in TF):

    while cond(*loop_vars):
        loop_vars = body(*loop_vars)

While a graph is built, `cond` and `body` are each traced once into a graph
(branch_graphs.py), with Placeholders for the loop variables, and one node
is added:

    while = While(loop_counter, maximum_iterations, i, s) {cond=<function while_cond>, body=...}

Like TF's while_v2, the node carries two extra loop variables first: a
counter of iterations and `maximum_iterations` (-1: no limit). The kernel
runs the two graphs until `cond` says stop. A loop variable keeps its dtype,
and its shape unless `shape_invariants` allows it to change (TF's errors).

Gradient: the backward pass runs the body's gradient once per iteration,
last iteration first. Each needs that iteration's forward values, so, the
first time a gradient is asked for, the While node is rewritten to collect
them: its body also outputs them, and the kernel appends them to a list per
value (TF accumulates them the same way, with TensorListPushBack). The
gradient is itself a `tf.while_loop`, counting down the iterations and
reading the lists at each step. A second derivative also sends gradients
into those lists; then the node is rewritten once more (a second *level*:
the rewritten body differentiated, its saved values included, and what that
needs collected per iteration too), and so on for higher orders.

Read next: ../tensor_array.py (lists of tensors as loop variables).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..execute import execute
from ..graph.core import executing_eagerly
from ..graph.shapes import SHAPE_RULES, Spec
from ..tape import add_recorded_outputs, variable_accessed
from ..tensor import Tensor, TensorShape, convert_to_tensor
from . import register
from .branch_graphs import (GraphFunction, add_outputs, call, differentiate, flatten,
                            graph_attrs, pack, same_structure, seal, trace)
from .cond_ops import NODE_OPS, _as_list, _zeros_like, control_op
from .list_ops import TensorList, add_lists, element_shape_tensor, get_item

__all__ = ["while_loop"]


# -- the op ------------------------------------------------------------------------------------------
def _while_kernel(*args, cond, body, output_shapes, accumulate=0):
    k = body.n_resources
    n = len(output_shapes)  # counter, maximum_iterations, the loop variables
    variables, loop, captured = list(args[:k]), list(args[k:k + n]), list(args[k + n:])
    saved = [[] for _ in range(accumulate)]  # per value the gradient needs: one per iteration
    while cond.run(variables + loop + captured)[0]:
        outs = body.run(variables + loop + captured)
        loop = outs[:n]
        for values, v in zip(saved, outs[n:]):
            values.append(v)
    return tuple(loop) + tuple(TensorList(values) for values in saved)


def _while_rule(specs, attrs) -> list:
    body = attrs["body"]
    n = len(attrs["output_shapes"])
    loop = [Spec(s.dtype, shape) for s, shape in zip(body.output_specs, attrs["output_shapes"])]
    return loop + [Spec(dtypes.variant._np, ())] * (len(body.outputs) - n)


SHAPE_RULES.update({"While": _while_rule, "StatelessWhile": _while_rule})


def _while_op(cond: GraphFunction, body: GraphFunction, n_outputs: int):
    stateful = cond.is_stateful or body.is_stateful
    effects = cond.has_effects or body.has_effects
    return control_op("While" if stateful else "StatelessWhile", _while_kernel, _while_grad,
                      body.n_resources, n_outputs, effects)


# -- loop variables: TensorArrays travel as their list (flow); Variables as their value --------
def _is_tensor_array(x) -> bool:
    return hasattr(x, "_with_flow")


def _leaf_tensor(x):
    if _is_tensor_array(x):
        return x.flow
    if hasattr(x, "_is_variable"):
        return x.read_value()
    return x if isinstance(x, Tensor) else convert_to_tensor(x)


def _repack(structure, flat):
    """The loop variables' structure with new leaves (TensorArrays around their new flows)."""
    leaves = flatten(structure)
    return pack(structure, [old._with_flow(new) if _is_tensor_array(old) else new
                            for old, new in zip(leaves, flat)])


def _invariants(loop_vars, shape_invariants, flat) -> list:
    if shape_invariants is None:
        return [t.shape for t in flat]
    if not isinstance(loop_vars, (list, tuple)) and not isinstance(shape_invariants, (list, tuple)):
        shape_invariants = [shape_invariants]
        loop_vars = [loop_vars]
    given = _flatten_shapes(shape_invariants)
    if len(given) != len(flat) or not same_structure(loop_vars, _shape_structure(shape_invariants)):
        raise ValueError("The two structures don't have the same nested structure.\n\n"
                         f"First structure: {loop_vars}\n\nSecond structure: {shape_invariants}")
    return [TensorShape(s) for s in given]


def _is_shape(x) -> bool:
    return isinstance(x, TensorShape) or x is None or (isinstance(x, (list, tuple)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in x))


def _flatten_shapes(structure) -> list:
    if _is_shape(structure):
        return [structure]
    if isinstance(structure, dict):
        return [s for k in sorted(structure, key=str) for s in _flatten_shapes(structure[k])]
    return [s for item in structure for s in _flatten_shapes(item)]


def _shape_structure(structure):
    """The invariants with each shape as a leaf (a list of ints is a shape, not a structure)."""
    if _is_shape(structure):
        return 0
    if isinstance(structure, dict):
        return {k: _shape_structure(v) for k, v in structure.items()}
    return [_shape_structure(item) for item in structure]


def _fits(shape, invariant: TensorShape) -> bool:
    """Is `shape` at least as specific as `invariant` (TF's _is_subshape)?"""
    if invariant.rank is None:
        return True
    if shape is None or len(shape) != invariant.rank:
        return False
    return all(b is None or a == b for a, b in zip(shape, invariant.as_list()))


# -- tf.while_loop ----------------------------------------------------------------------------------
def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, maximum_iterations=None, name=None):
    """Repeats `body` while `cond` is true. Mirrors `tf.while_loop`.

    >>> tf.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s + i), (0, 0))
    (<tf.Tensor: shape=(), dtype=int32, numpy=4>, <tf.Tensor: shape=(), dtype=int32, numpy=6>)

    `loop_vars` is a (nested) tuple, list or dict of tensors and TensorArrays;
    `body` returns the same structure. In a graph each loop variable keeps its
    dtype and shape, unless `shape_invariants` gives a less specific shape
    (e.g. `tf.TensorShape([None])` for a vector that grows).
    `parallel_iterations` and `swap_memory` are accepted and ignored.
    """
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if loop_vars is None or (isinstance(loop_vars, (list, tuple, dict)) and not flatten(loop_vars)):
        raise ValueError("'loop_vars' must be provided.")
    if maximum_iterations is not None:
        maximum_iterations = convert_to_tensor(maximum_iterations)
        if maximum_iterations.shape.rank != 0:
            raise ValueError(f"'maximum_iterations' must be a scalar. Received shape: "
                             f"{maximum_iterations.shape}")
    sequence = isinstance(loop_vars, (list, tuple))
    if executing_eagerly():  # TF: eagerly, tf.while_loop is a Python loop
        return _eager_loop(cond, body, loop_vars, sequence, maximum_iterations)
    flat = [_graph_tensor(_leaf_tensor(x)) for x in flatten(loop_vars)]
    invariants = _invariants(loop_vars, shape_invariants, flat)
    for t, inv in zip(flat, invariants):
        if not _fits(t._value.shape, inv):
            raise ValueError(f"The shape invariant specified for {t.name} is not compatible with "
                             f"the initial shape of the loop variable. It enters the loop with "
                             f"shape {t.shape}, but the specified shape invariant is {inv}.")
    counter_dtype = dtypes.int32 if maximum_iterations is None else maximum_iterations.dtype
    counter = _graph_tensor(convert_to_tensor(np.zeros((), counter_dtype.as_numpy_dtype)))
    limit = _graph_tensor(maximum_iterations if maximum_iterations is not None else
                          convert_to_tensor(np.int32(-1)))
    specs = [counter._value, Spec(limit._value.dtype, ())] + \
        [Spec(t._value.dtype, None if inv.rank is None else inv.as_list()) for t, inv in
         zip(flat, invariants)]

    def call_user(fn, values):
        packed = _repack(loop_vars, values)
        return fn(*packed) if sequence else fn(packed)

    def wrapped_cond(i, n, *values):
        pred = convert_to_tensor(call_user(cond, values))
        if pred.dtype is not dtypes.bool:
            from ..errors import InvalidArgumentError
            raise InvalidArgumentError(None, "LoopCond", f"Input 'input' passed {pred.dtype.name} "
                                                         "expected bool while building NodeDef "
                                                         "'while/LoopCond'")
        if pred._value.shape:
            from .array_ops import squeeze
            pred = squeeze(pred)
        if maximum_iterations is None:
            return pred
        from .math_ops import less, logical_and
        return logical_and(less(i, n), pred)

    traced = []  # the body's result: its TensorArrays know their elements' shape

    def wrapped_body(i, n, *values):
        result = call_user(body, values)
        traced.append(result)
        if sequence and len(flat) == 1 and not isinstance(result, (list, tuple)):
            result = [result]  # (TF: a body of one loop variable may return it bare)
        expected = _repack(loop_vars, values)
        if not same_structure(expected, result) or len(flatten(result)) != len(flat):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {result}\n\nSecond structure: {expected}")
        return [i + 1, n] + [_leaf_tensor(x) for x in flatten(result)]

    cond_graph, cond_params, pred = trace(wrapped_cond, "cond", [0] * len(specs), specs)
    body_graph, body_params, outs = trace(wrapped_body, "body", [0] * len(specs), specs)
    with body_graph.as_default():
        outs = [body_graph.capture(o) for o in outs]
    with cond_graph.as_default():
        pred = cond_graph.capture(pred)
    _check_loop_vars(flat, outs[2:], invariants, shape_invariants is not None)
    (cond_fn, body_fn), variables, outer = seal([cond_graph, body_graph], [cond_params, body_params],
                                                [[pred], outs], ["cond", "body"])
    for v in variables:  # TF: a tape watches the trainable variables the loop reads
        variable_accessed(v)
    op = _while_op(cond_fn, body_fn, len(specs))
    attrs = {"cond": cond_fn, "body": body_fn,
             "output_shapes": tuple(s.shape for s in specs)}
    results = execute(op, (*variables, counter, limit, *flat, *outer), attrs)
    node = results[0]._op
    cond_fn.name, body_fn.name = f"{node.name}_cond", f"{node.name}_body"
    final = list(results[2:])
    if not back_prop:
        from .array_ops import stop_gradient
        final = [stop_gradient(t) if t.dtype is not dtypes.variant else t for t in final]
    # (TensorArrays come out with the element shape their writes in the body gave them)
    shaped = pack(loop_vars, [y if _is_tensor_array(x) and _is_tensor_array(y) and
                              x.element_shape.rank is None else x for x, y in
                              zip(flatten(loop_vars), flatten(traced[0]))])
    if not sequence and not isinstance(loop_vars, dict):
        return _repack([shaped], final)[0]
    return _repack(shaped, final)


def _graph_tensor(t):
    """An eager tensor as a Const node of the graph (TF names a loop's inputs "Const:0", ...)."""
    if isinstance(t, Tensor) and not hasattr(t, "_op"):
        from .creation_ops import constant_op
        return constant_op(t)
    return t


def _check_loop_vars(inits, outs, invariants, given: bool) -> None:
    """TF's errors for a loop variable that changes dtype or shape after one iteration."""
    for init, out, inv in zip(inits, outs, invariants):
        if init.dtype is not out.dtype:
            raise TypeError(f"Loop var {init.name} enters the loop with type {init.dtype} but has "
                            f"type {out.dtype} after 1 iteration. {init.name} type should remain "
                            "constant.")
        if not _fits(out._value.shape, inv):
            if given:
                raise ValueError(f"Input tensor `{init.name}` enters the loop with shape "
                                 f"{init.shape}, but has shape {out.shape} after one iteration. "
                                 f"The shape invariant {inv} does not allow it. Use a less-specific "
                                 "shape in `shape_invariants`.")
            raise ValueError(f"Input tensor `{init.name}` enters the loop with shape {init.shape}, "
                             f"but has shape {out.shape} after one iteration. To allow the shape to "
                             "vary across iterations, use the `shape_invariants` argument of "
                             "tf.while_loop to specify a less-specific shape.")


def _eager_loop(cond, body, loop_vars, sequence: bool, maximum_iterations):
    """TF's eager while_loop: plain Python, outputs converted to tensors at the end."""
    limit = None if maximum_iterations is None else int(maximum_iterations)
    count = 0
    values = loop_vars
    while limit is None or count < limit:
        if not (cond(*values) if sequence else cond(values)):
            break
        values = body(*values) if sequence else body(values)
        if sequence and len(flatten(loop_vars)) == 1 and not isinstance(values, (list, tuple)):
            values = [values]
        if not same_structure(loop_vars, values):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {loop_vars}\n\nSecond structure: {values}")
        count += 1
    return pack(values, [_eager_output(x) for x in flatten(values)])


def _eager_output(x):
    """A loop variable's final value: a tensor (Python and NumPy values converted), or as it is
    for a TensorArray and a value made of tensors (a RaggedTensor, an ExtensionType)."""
    if _is_tensor_array(x) or hasattr(type(x), "__tf_tracing_type__"):
        return x
    return convert_to_tensor(x)


# -- gradient ----------------------------------------------------------------------------------------
class _LoopBackward:
    """What a rewritten body remembers for one *level* of gradient (see `_add_level`).

    Level 1 differentiates the loop's own body; the node then also outputs
    lists of the values saved per iteration. A second derivative has
    gradients for those lists too, and uses level 2, which differentiates
    level 1's body, saved values included (as cond_ops.py does for a cond).
    """

    __slots__ = ("function", "grads", "n_saved", "accumulated_params", "lists", "element_specs",
                 "previous", "outputs_before")

    def __init__(self, function, grads, n_saved, accumulated_params, lists, element_specs,
                 previous, outputs_before):
        self.function = function                      # inputs: params, saved values, dys
        self.grads = grads                            # per body input: graph tensor or None
        self.n_saved = n_saved                        # how many saved intermediate values
        self.accumulated_params = accumulated_params  # body inputs also collected per iteration
        self.lists = lists                            # the node's outputs holding the lists
        self.element_specs = element_specs            # dtype and shape of each list's elements
        self.previous = previous                      # the body this level differentiates
        self.outputs_before = outputs_before          # the node's outputs before this level


def _add_level(node) -> _LoopBackward:
    """Rewrites the While `node` so that it collects, per iteration, what its gradient needs."""
    body = node.attrs["body"]
    d = differentiate(body)
    n = len(node.attrs["output_shapes"])
    k = body.n_resources
    # a loop variable the backward pass reads differs per iteration: collect it too
    accumulated = [j for j in d.params_read_by_backward() if k <= j < k + n]
    values = list(d.saved) + [d.params[j] for j in accumulated]
    forward = GraphFunction(body.name, d.graph, d.params, d.outs + values)
    backward = GraphFunction(body.name + "_grad", d.graph, d.params + d.saved + d.dys,
                             [g for g in d.grads if g is not None], effects=False)
    before = len(node.outputs)
    accumulate = node.attrs.get("accumulate", 0) + len(values)
    attrs = dict(node.attrs, body=forward, accumulate=accumulate)
    op = _while_op(node.attrs["cond"], forward, n + accumulate)
    lists = add_outputs(node, op, attrs, [Spec(dtypes.variant._np, ())] * len(values))
    forward.gradient = _LoopBackward(backward, d.grads, len(d.saved), accumulated, lists,
                                     [v._value for v in values], body, before)
    return forward.gradient


def _level_for(node, top: int) -> _LoopBackward:
    """The lowest level whose backward pass takes the gradient of output `top`."""
    chain = []
    body = node.attrs["body"]
    while body.gradient is not None:
        chain.append(body.gradient)
        body = body.gradient.previous
    for info in reversed(chain):  # lowest level first
        if info.outputs_before > top:
            return info
    return _add_level(node)


def _differentiable(t) -> bool:
    return t.dtype.is_floating or t.dtype.is_complex or t.dtype is dtypes.variant


def _differentiable_spec(spec: Spec) -> bool:
    dtype = dtypes.as_dtype(spec.dtype)
    return dtype.is_floating or dtype.is_complex or dtype is dtypes.variant


def _while_grad(record, dys):
    node = record.output[0]._op
    n = len(node.attrs["output_shapes"])
    dys = _as_list(dys, record.op.outputs)
    top = max((i for i, dy in enumerate(dys) if dy is not None), default=0)
    info = _level_for(node, top)
    # (the tapes see the lists too: a second derivative reaches this op through them)
    add_recorded_outputs(record, node.op, tuple(node.outputs))
    k = node.attrs["body"].n_resources
    inputs = list(record.inputs)
    variables, loop_in, captured = inputs[:k], inputs[k:k + n], inputs[k + n:]
    outputs = list(node.outputs[:n])
    # the lists earlier levels added are outputs of the body this level differentiates: in a
    # second derivative they have gradients (lists too), read element by element below
    earlier = node.outputs[n:info.outputs_before]
    earlier_specs = [t._value for t in info.previous.outputs[n:]]
    dys = dys + [None] * (info.outputs_before - len(dys))
    earlier_dys = dys[n:info.outputs_before]
    dys = dys[:n]
    grads_of = info.grads  # per body input: variables, loop variables, captured
    loop_diff = [j for j in range(n) if _differentiable(outputs[j])]
    wanted_captured = [j for j in range(len(captured)) if grads_of[k + n + j] is not None]
    wanted_vars = [j for j in range(k) if grads_of[j] is not None]
    if not loop_diff and not wanted_captured and not wanted_vars:
        return [None] * len(inputs)
    start = [dys[j] if dys[j] is not None else _zeros_like(outputs[j]) for j in loop_diff]
    acc_c = [_zeros_like(captured[j]) for j in wanted_captured]
    acc_v = [_zeros_like(variables[j]) for j in wanted_vars]
    specs = info.element_specs

    def element(lst, i, spec):
        return get_item(lst, i, element_shape_tensor(spec.shape), spec.dtype)

    def g_cond(i, *rest):
        return i >= 0

    def g_body(i, *rest):
        dloop = list(rest[:len(loop_diff)])
        acc = list(rest[len(loop_diff):])
        values = [element(lst, i, s) for lst, s in zip(info.lists, specs)]
        saved, collected = values[:info.n_saved], values[info.n_saved:]
        loop_now = list(loop_in)  # (placeholders for loop variables the backward never reads)
        for j, v in zip(info.accumulated_params, collected):
            loop_now[j - k] = v
        # this iteration's share of the earlier lists' gradients (zeros where none flows)
        d_earlier = [element(dy, i, s) if dy is not None else _zeros_like(element(lst, i, s))
                     for lst, dy, s in zip(earlier, earlier_dys, earlier_specs)
                     if _differentiable_spec(s)]
        found = iter(call(info.function, variables + loop_now + captured + saved + dloop +
                          d_earlier))
        g = [next(found) if x is not None else None for x in grads_of]
        new_dloop = [g[k + j] if g[k + j] is not None else _zeros_like(d)
                     for j, d in zip(loop_diff, dloop)]
        sums = [_add(a, g[k + n + j]) for a, j in zip(acc[:len(wanted_captured)], wanted_captured)] \
            + [_add(a, g[j]) for a, j in zip(acc[len(wanted_captured):], wanted_vars)]
        return [i - 1] + new_dloop + sums

    invariants = [TensorShape([])] + [TensorShape(node.attrs["output_shapes"][j]) for j in loop_diff] \
        + [t.shape for t in acc_c + acc_v]
    final = while_loop(g_cond, g_body, [outputs[0] - 1] + start + acc_c + acc_v,
                       shape_invariants=invariants)
    final = list(final[1:])
    grads = [None] * len(inputs)
    for j, g in zip(loop_diff, final[:len(loop_diff)]):
        grads[k + j] = g
    final = final[len(loop_diff):]
    for j, g in zip(wanted_captured, final[:len(wanted_captured)]):
        grads[k + n + j] = g
    for j, g in zip(wanted_vars, final[len(wanted_captured):]):
        grads[j] = g
    return grads


def _add(a, b):
    """Sums gradients of one input over the iterations (lists of tensors add element by element)."""
    if a.dtype is dtypes.variant:
        return add_lists(a, b)
    return a + b


def _while_node_op(attrs, where):
    cond, body = graph_attrs(attrs, ("cond", "body"), where)
    return _while_op(cond, body, len(body.outputs))


NODE_OPS.update({"While": _while_node_op, "StatelessWhile": _while_node_op})


# The op table lists one of each; nodes get an op of their own shape (see cond_ops.control_op).
for _kind in ("While", "StatelessWhile"):
    register(control_op(_kind, _while_kernel, _while_grad, 0, 1, False))
