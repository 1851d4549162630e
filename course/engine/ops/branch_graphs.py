"""Branches and loop bodies as graphs: what `If`, `Case` and `While` nodes hold in their attrs.

Inside a graph, `tf.cond(pred, true_fn, false_fn)` cannot run just one
branch: which one is known only when the graph runs. So each branch is
*traced* into a small graph of its own, a `BranchGraph`, and the outer graph
gets one node `If(pred, inputs...)` whose attrs hold the two traced branches
(TF's function-valued attrs, `then_branch` and `else_branch`):

    >>> @tf.function
    ... def f(x):
    ...     return tf.cond(x > 0, lambda: x * 2.0, lambda: -x)
    cond = StatelessIf(Greater, x) {then_branch=<function cond_true>, else_branch=...}

A branch uses tensors of the graph around it (`x` above) by *capturing*
them: the branch graph (a `BranchGraph`, ../graph/branches.py) gets a
Placeholder for `x`, and `x` becomes an input of the If node. Variables are
captured the same way, as resource inputs.
When the graph runs, the If kernel runs the chosen branch's graph with the
same interpreter as every graph (graph/run.py), compiled once.

`GraphFunction` is such a traced graph with its inputs and outputs; this
module also holds what the gradients of If and While need:
`differentiate` splits a branch into its forward part (which also outputs
the values the gradient will need) and its backward part, as TF's cond_v2
and while_v2 do, and `add_outputs` lets a gradient function give an If or
While node those extra outputs after the fact (TF rewrites the forward op
the same way when a gradient is first asked for).

Read next: cond_ops.py (tf.cond, tf.switch_case), while_ops.py (tf.while_loop).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import InvalidArgumentError
from ..graph.branches import BranchGraph, InaccessibleTensorError, trace  # noqa: F401
from ..graph.core import FuncGraph, SymbolicTensor
from ..graph.inline import inline_graph
from ..graph.run import compile_graph
from ..graph.shapes import Spec
from ..tensor import Tensor, TensorShape, convert_to_tensor

__all__ = ["BranchGraph", "GraphFunction", "graph_attrs", "trace", "seal", "differentiate", "add_outputs",
           "flatten", "pack", "merge_specs", "InaccessibleTensorError", "Derivative"]


# -- nested structures (lists, tuples, dicts, namedtuples; None and TensorArrays are leaves) --------
def _extension_type():
    from ..extension_type import ExtensionType  # (extension_type.py imports this package)
    return ExtensionType


def flatten(structure) -> list:
    """The leaves in order: dicts by sorted key, and an ExtensionType as its tensors (TF's
    composite tensors: a branch or loop passes those, and its spec rebuilds the value)."""
    if isinstance(structure, dict):
        return [x for k in sorted(structure, key=str) for x in flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [x for item in structure for x in flatten(item)]
    if isinstance(structure, _extension_type()):
        return list(structure.__tf_tracing_type__(None).to_tensors(structure))
    return [structure]


def pack(structure, flat):
    """`structure` with its leaves replaced, in order, by those of `flat`."""
    leaves = iter(flat)
    extension_type = _extension_type()

    def build(s):
        if isinstance(s, dict):
            done = {k: build(s[k]) for k in sorted(s, key=str)}
            return type(s)((k, done[k]) for k in s)
        if isinstance(s, (list, tuple)):
            items = [build(x) for x in s]
            return type(s)(*items) if hasattr(s, "_fields") else type(s)(items)
        if isinstance(s, extension_type):
            spec = s.__tf_tracing_type__(None)
            return spec.from_components([next(leaves) for _ in spec._component_specs()])
        return next(leaves)
    return build(structure)


def same_structure(a, b) -> bool:
    extension_type = _extension_type()
    if isinstance(a, extension_type) or isinstance(b, extension_type):
        return type(a) is type(b) and len(flatten(a)) == len(flatten(b))
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and sorted(a, key=str) == \
            sorted(b, key=str) and all(same_structure(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and \
            len(a) == len(b) and all(same_structure(x, y) for x, y in zip(a, b))
    return True


def merge_specs(a: Spec, b: Spec) -> Spec:
    """The most specific shape both fit: equal dimensions stay, others become unknown."""
    if a.shape is None or b.shape is None or len(a.shape) != len(b.shape):
        return Spec(a.dtype, None)
    return Spec(a.dtype, tuple(x if x == y else None for x, y in zip(a.shape, b.shape)))


def graph_attrs(attrs: dict, keys: tuple, where: str) -> list:
    """The graphs of a loaded control-flow node (a cond's branches, a loop's cond and body), or
    a DataLossError naming the file and the node: a damaged file's attr may be anything."""
    from ..errors import DataLossError
    found = []
    for key in keys:
        value = attrs.get(key)
        items = list(value) if key == "branches" and isinstance(value, (list, tuple)) else [value]
        if not items or not all(isinstance(v, GraphFunction) for v in items):
            raise DataLossError(None, None, f"{where}: attr {key!r} must hold a graph")
        found.append(items if key == "branches" else items[0])
    return found


class GraphFunction:
    """A function-valued attr: a graph, the tensors fed as its inputs, the tensors it returns.

    Inputs are the handles of the variables it uses (resource placeholders),
    then ordinary tensors. `run(values)` runs it with the one interpreter,
    compiled on first use. `effects=False` runs only what the outputs need (a
    backward pass that shares its graph with the forward pass).
    """

    __slots__ = ("name", "graph", "inputs", "outputs", "effects", "n_resources", "_program",
                 "gradient")

    def __init__(self, name: str, graph, inputs: list, outputs: list, effects: bool = True):
        self.name = name
        self.graph = graph
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.effects = effects
        self.n_resources = sum(1 for t in self.inputs if t.dtype is dtypes.resource)
        self._program = None
        self.gradient = None  # set when a gradient rewrote the node holding it (see add_outputs)

    def run(self, values) -> list:
        if self._program is None:
            self._program = compile_graph(self.graph, self.inputs, self.outputs,
                                          keep_effects=self.effects)
        return self._program.run(values)

    @property
    def output_specs(self) -> list:
        return [t._value for t in self.outputs]

    @property
    def variables(self) -> list:
        return [t._value.const for t in self.inputs if t.dtype is dtypes.resource]

    @property
    def has_effects(self) -> bool:
        """Whether running it changes anything (assigns, prints): TF's stateful `If`/`While`."""
        return self.effects and any(n.runs_for_effect for n in self.graph._operations)

    @property
    def is_stateful(self) -> bool:
        """Whether its result depends on more than its inputs (reads a variable, draws)."""
        return any(n.is_stateful for n in self.graph._operations)

    def __repr__(self) -> str:
        return f"<function {self.name}>"


def output_tensors(graph, leaves: list) -> list:
    """A branch's result leaves as tensors of its graph (Python numbers become constants)."""
    out = []
    with graph.as_default():
        for x in leaves:
            if x is None:
                out.append(None)
                continue
            if hasattr(x, "_is_variable"):
                x = x.read_value()
            if not isinstance(x, Tensor):
                x = convert_to_tensor(x)
            out.append(graph.capture(x))
    return out


def seal(graphs: list, params: list, outputs: list, names: list):
    """Gives every graph the same inputs; returns (GraphFunctions, variables, outer tensors).

    All branches of one If/Case node take the same inputs: `params[k]` are
    graph k's own explicit inputs (a loop body's loop variables), then come
    the handles of every variable any branch uses, then a placeholder for
    every outer tensor any branch captured. A branch that does not use an
    input simply ignores it.
    """
    variables, outer = [], []
    seen_v, seen_t = set(), set()
    for g in graphs:
        for v in g.captured_variables:
            if id(v) not in seen_v:
                seen_v.add(id(v))
                variables.append(v)
        for t, _ in g.captured.values():
            if id(t) not in seen_t:
                seen_t.add(id(t))
                outer.append(t)
    functions = []
    for g, own, outs, name in zip(graphs, params, outputs, names):
        handles = [g.handle_for(v) for v in variables]
        captured = [g.capture(t) for t in outer]
        functions.append(GraphFunction(name, g, handles + list(own) + captured, outs))
    return functions, variables, outer


# -- gradients: forward with saved values, and backward --------------------------------------------
def _differentiable(dtype) -> bool:
    return dtype.is_floating or dtype.is_complex or dtype is dtypes.variant


class Derivative:
    """A branch's forward pass and backward pass, in one graph (what `differentiate` returns).

    `graph` holds a copy of the forward pass (inputs `params`, results `outs`)
    followed, from node `backward_start` on, by its backward pass, which takes
    `dys` (one per differentiable output) and gives `grads` (one per param;
    None where nothing flows). `saved` are the forward values the backward
    pass reads, besides the params themselves.
    """

    __slots__ = ("graph", "params", "outs", "saved", "dys", "grads", "backward_start")

    def __init__(self, graph, params, outs, saved, dys, grads, backward_start):
        self.graph, self.params, self.outs, self.saved = graph, params, outs, saved
        self.dys, self.grads, self.backward_start = dys, grads, backward_start

    def params_read_by_backward(self) -> list:
        """The positions of the params the backward pass reads."""
        used = {id(x) for node in self.graph._operations[self.backward_start:] for x in node.inputs}
        return [i for i, p in enumerate(self.params) if id(p) in used]


def differentiate(fn: GraphFunction) -> Derivative:
    """The graph of `fn` with its gradient, traced once (TF's cond_v2/while_v2 gradient graphs).

    The forward pass is copied under a GradientTape; the tape's backward pass
    is traced right after it. The forward pass will output `saved`, so that
    the backward pass never repeats a random draw or reads a variable that
    has changed since.
    """
    from ..tape import GradientTape
    graph = FuncGraph(fn.name + "_grad")
    with graph.as_default():
        params, stand_ins = [], {}
        for p in fn.inputs:
            if p.dtype is dtypes.resource:
                variable = p._value.const
                params.append(graph.bind_variable_argument(variable, p.op.name))
                stand_ins[id(p)] = variable
            else:
                params.append(graph.placeholder(p.dtype, p._value.shape, name=p.op.name))
                graph.inputs.append(params[-1])
                stand_ins[id(p)] = params[-1]
        sources = [stand_ins[id(p)] for p in fn.inputs]
        with GradientTape(persistent=True, watch_accessed_variables=False) as tape:
            for s in sources:
                if _differentiable(s.dtype):
                    tape.watch(s)
            outs = inline_graph(fn.graph, stand_ins, fn.outputs)
        backward_start = len(graph._operations)
        diff_outs = [o for o in outs if _differentiable(o.dtype)]
        dys = [graph.placeholder(o.dtype, o._value.shape, name=f"dy_{i}")
               for i, o in enumerate(diff_outs)]
        wanted = [s for s in sources if _differentiable(s.dtype)]
        found = tape.gradient(diff_outs, wanted, output_gradients=dys) if diff_outs and wanted \
            else []
        by_id = {id(s): g for s, g in zip(wanted, found)}
        grads = [by_id.get(id(s)) for s in sources]
    forward = {id(t) for node in graph._operations[:backward_start] for t in node.outputs}
    param_ids = {id(p) for p in params}
    saved, seen = [], set()
    for node in graph._operations[backward_start:]:
        for x in node.inputs:
            if id(x) in forward and id(x) not in param_ids and id(x) not in seen:
                seen.add(id(x))
                saved.append(x)
    return Derivative(graph, params, outs, saved, dys, grads, backward_start)


def call(fn: GraphFunction, values: list) -> list:
    """`fn`'s nodes copied into the graph being built, `values` standing for its inputs."""
    stand_ins = {id(p): v for p, v in zip(fn.inputs, values)}
    return inline_graph(fn.graph, stand_ins, [o for o in fn.outputs if o is not None],
                        keep_effects=fn.effects)


def add_outputs(node, op, attrs: dict, specs: list) -> list:
    """Gives `node` more outputs (its op and attrs replaced); returns the new output tensors.

    TF's cond_v2 and while_v2 do this when a gradient is first asked for: the
    forward If/While is rewritten to also output the values its gradient
    needs, so the forward pass runs once and nothing is recomputed.
    """
    start = len(node.outputs)
    node.op, node.attrs = op, attrs
    new = [SymbolicTensor(node, spec, start + i) for i, spec in enumerate(specs)]
    node.outputs.extend(new)
    node.graph.version += 1
    return new


def zeros_for(spec: Spec):
    """A constant standing in for a value of `spec` that nobody will read (the other branch's)."""
    if spec.dtype == dtypes.variant._np:  # a list: an empty one (an op, so graphs stay saveable)
        from .list_ops import reserve
        return reserve(None, 0, dtypes.float32)
    shape = () if spec.shape is None else tuple(0 if d is None else d for d in spec.shape)
    return convert_to_tensor(np.zeros(shape, spec.dtype))


def check_pred(pred, op_name: str):
    """A condition as a scalar bool tensor (TF: int conditions are an error, not a cast)."""
    pred = convert_to_tensor(pred)
    shape = pred._value.shape
    if shape and None not in shape and int(np.prod(shape)) != 1:
        raise InvalidArgumentError(None, op_name, f"The condition of {op_name} must be a scalar "
                                                  f"bool tensor (one element), got shape "
                                                  f"{pred.shape}. Hint: tf.reduce_all or "
                                                  "tf.reduce_any make one bool of many.")
    if pred.dtype is not dtypes.bool:
        raise InvalidArgumentError(None, op_name, f"Input 'pred' passed {pred.dtype.name} "
                                                  "expected bool while building NodeDef "
                                                  f"'{op_name}'")
    return pred


def shape_of(tensor) -> TensorShape:
    return TensorShape(tensor._value.shape)
