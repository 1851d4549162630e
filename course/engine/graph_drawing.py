"""Seeing a graph: as text, as a PNG picture, and as TensorBoard's GraphDef.

    >>> f = tf.function(lambda x: tf.reduce_sum(x * 2.0))
    >>> g = f.get_concrete_function(tf.TensorSpec([None, 3], tf.float32)).graph
    >>> print(to_text(g))
    x        = Placeholder()                     # float32 (None, 3)
    Const    = Const()                           # float32 ()
    mul      = Mul(x, Const)                     # float32 (None, 3)
    ...
    >>> g        # in Jupyter: a picture (ops as boxes, tensors as labelled arrows)

Pictures are laid out by Graphviz (`dot`), the standard tool for drawing
graphs, and rendered as PNG so that notebook outputs stay stable. GraphDef
export uses TensorBoard's own protocol buffer classes, so TensorBoard's graph
dashboard can show our graphs. Both dependencies are imported only here, and
only when used: `import course.engine` stays fast.
"""
from __future__ import annotations

import numpy as np

from . import dtypes

__all__ = ["to_text", "to_dot", "to_png", "to_graph_def"]


def _spec_text(tensor) -> str:
    shape = tensor._value.shape
    shape_text = "<unknown>" if shape is None else \
        "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1
                                                                           else "") + ")"
    return f"{dtypes.from_numpy(np.dtype(tensor._value.dtype)).name} {shape_text}"


def _label(node) -> str:
    if node.variable is not None:
        return f"{node.type}[{node.variable.name}]"
    if node.type == "Const":
        value = np.asarray(node.value)
        return f"Const[{value.item()!r}]" if value.size == 1 else "Const"
    return node.type


def _input_name(x) -> str:
    """TF's name of a tensor as an input: "op", or "op:1" for an op's second output."""
    return x.op.name if x._index == 0 else f"{x.op.name}:{x._index}"


def to_text(graph) -> str:
    """One line per equation: `name = Type(inputs)  # dtype shape` (autodidax's jaxpr, TF names)."""
    lines = []
    width = max([len(n.name) for n in graph.get_operations()] + [1])
    for node in graph.get_operations():
        args = ", ".join(_input_name(x) for x in node.inputs)
        call = f"{_label(node)}({args})"
        if node.attrs and node.op is not None and node.type != "ReadVariableOp":
            call += " {" + ", ".join(f"{k}={v!r}" for k, v in sorted(node.attrs.items())) + "}"
        comment = f"  # {_spec_text(node.outputs[0])}" if node.outputs else "  # (no output)"
        lines.append(f"{node.name:<{width}} = {call}{comment}")
    outputs = getattr(graph, "outputs", [])
    if outputs:
        lines.append("return " + ", ".join(t.op.name for t in outputs))
    return "\n".join(lines)


def to_dot(graph, rankdir: str = "TB", title: str | None = None):
    """A `graphviz.Digraph`: ops as nodes, tensors as edges labelled with dtype and shape.

    `title`, if given, is drawn above the graph.
    """
    try:
        import graphviz
    except ImportError as e:
        raise RuntimeError("Drawing graphs needs the `graphviz` Python package "
                           "(pip install graphviz) and Graphviz's `dot` program.") from e
    dot = graphviz.Digraph(graph_attr={"rankdir": rankdir, "fontname": "Helvetica"},
                           node_attr={"shape": "box", "style": "rounded,filled",
                                      "fillcolor": "#eef3fb", "fontname": "Helvetica",
                                      "fontsize": "11"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "9"})
    if title:
        dot.graph_attr.update(label=title, labelloc="t", fontsize="14")
    for i, node in enumerate(graph.get_operations()):
        color = {"Placeholder": "#fde9c9", "Const": "#eeeeee", "ReadVariableOp": "#d9f2d9"}.get(
            node.type, "#ffd6d6" if node.is_stateful else "#eef3fb")
        label = _label(node)
        dot.node(f"n{i}", label if label == node.name else f"{node.name}\n{label}", fillcolor=color)
    index = {id(n): i for i, n in enumerate(graph.get_operations())}
    for i, node in enumerate(graph.get_operations()):
        for x in node.inputs:
            dot.edge(f"n{index[id(x.op)]}", f"n{i}", label=_spec_text(x))
        for c in node.control_inputs:
            dot.edge(f"n{index[id(c)]}", f"n{i}", style="dashed")
    if graph.auto_control_dependencies:  # tf.function: ops run for effect, in program order
        stateful = [i for i, n in enumerate(graph.get_operations()) if n.runs_for_effect]
        for a, b in zip(stateful, stateful[1:]):
            dot.edge(f"n{a}", f"n{b}", style="dashed", color="gray50", label="then")
    for k, t in enumerate(getattr(graph, "outputs", [])):
        dot.node(f"out{k}", f"output {k}", shape="plaintext", style="")
        dot.edge(f"n{index[id(t.op)]}", f"out{k}", label=_spec_text(t))
    return dot


def to_png(graph, dpi: int = 96, title: str | None = None) -> bytes:
    """The graph as PNG bytes, laid out by Graphviz's `dot` (with `title` above it, if given)."""
    dot = to_dot(graph, title=title)
    dot.graph_attr["dpi"] = str(dpi)
    try:
        return dot.pipe(format="png")
    except Exception as e:  # graphviz.ExecutableNotFound and friends
        raise RuntimeError(f"Graphviz could not draw the graph ({e}). Install Graphviz: "
                           "apt-get install graphviz.") from e


def to_graph_def(graph):
    """The graph as `tensorboard.compat.proto.graph_pb2.GraphDef` (TF's GraphDef message).

    The graphs a cond or a loop holds (its branches, its body) go into the
    GraphDef's function library, as TF's do, so TensorBoard can open them.
    """
    try:
        from tensorboard.compat.proto import graph_pb2
    except ImportError as e:
        raise RuntimeError("GraphDef export needs TensorBoard (pip install tensorboard).") from e
    graph_def = graph_pb2.GraphDef()
    for node in graph.get_operations():
        _node_def(graph_def.node.add(), node, _input_name, graph_def.library, set())
    return graph_def


def _node_def(proto, node, input_name, library, done: set) -> None:
    from tensorboard.compat.proto import attr_value_pb2, types_pb2
    proto.name = node.name
    proto.op = node.type
    proto.input.extend(input_name(x) for x in node.inputs)
    proto.input.extend("^" + c.name for c in node.control_inputs)
    if node.outputs:
        spec = node.outputs[0]._value
        name = dtypes.enum_name(dtypes.as_dtype(spec.dtype))
        proto.attr["T" if node.op is not None else "dtype"].type = types_pb2.DataType.Value(name)
        shapes = attr_value_pb2.AttrValue()
        for out in node.outputs:
            out_shape = shapes.list.shape.add()
            if out._value.shape is None:
                out_shape.unknown_rank = True
            else:
                for d in out._value.shape:
                    out_shape.dim.add().size = -1 if d is None else d
        proto.attr["_output_shapes"].CopyFrom(shapes)
    if node.variable is not None:
        proto.attr["variable"].s = node.variable.name.encode()
    for key, value in sorted(node.attrs.items()):
        if key in ("dtype", "shape"):
            continue
        functions = value if isinstance(value, tuple) and value and \
            all(_is_function(v) for v in value) else [value] if _is_function(value) else None
        if functions is None:
            proto.attr[key].s = repr(value).encode()
            continue
        for fn in functions:  # a branch or body: a function of the library, named here
            _function_def(fn, library, done)
        if _is_function(value):
            proto.attr[key].func.name = value.name
        else:
            for fn in functions:
                proto.attr[key].list.func.add().name = fn.name


def _is_function(value) -> bool:
    return hasattr(value, "graph") and hasattr(value, "inputs") and hasattr(value, "outputs") \
        and hasattr(value, "run")


def _function_def(fn, library, done: set) -> None:
    """A branch or loop body as a FunctionDef: its inputs are arguments, its nodes the body."""
    from tensorboard.compat.proto import types_pb2
    if fn.name in done:
        return
    done.add(fn.name)
    proto = library.function.add()
    proto.signature.name = fn.name
    args = {id(t): f"arg_{i}" for i, t in enumerate(fn.inputs)}
    for i, t in enumerate(fn.inputs):
        arg = proto.signature.input_arg.add()
        arg.name = f"arg_{i}"
        arg.type = types_pb2.DataType.Value(dtypes.enum_name(dtypes.as_dtype(t._value.dtype)))

    def input_name(x):  # TF's function-body names: an argument, or "node:output:index"
        return args.get(id(x)) or f"{x.op.name}:output:{x._index}"

    for node in fn.graph.get_operations():
        if node.outputs and id(node.outputs[0]) in args:
            continue  # (an argument, not a node of the body)
        _node_def(proto.node_def.add(), node, input_name, library, done)
    for i, t in enumerate(fn.outputs):
        arg = proto.signature.output_arg.add()
        arg.name = f"output_{i}"
        arg.type = types_pb2.DataType.Value(dtypes.enum_name(dtypes.as_dtype(t._value.dtype)))
        proto.ret[arg.name] = input_name(t)
