"""Function-valued attrs in saved graphs: the branches of If/Case, the cond and body of While.

A control-flow node holds whole graphs in its attrs (ops/branch_graphs.py,
`GraphFunction`). In JSON such an attr is

    {"function": {"name": "cond_true", "graph": {...nodes...},
                  "inputs": [refs], "outputs": [refs], "effects": true}}

where the graph is written exactly like a function's graph (graph_json.py,
recursively: a cond inside a loop body is a function inside a function),
and the refs name the nodes (and outputs) that are the function's inputs and
outputs. Reading rebuilds the graph through the same checks as any saved
graph, so a file can describe a loop only out of known ops: loading never
runs code from it.
"""
from __future__ import annotations

from ..errors import DataLossError
from ..ops.branch_graphs import GraphFunction

__all__ = ["is_function", "encode_function", "decode_function", "tensor_ref", "resolve_ref",
           "nested_nodes"]

MAX_DEPTH = 16  # functions inside functions: deeper nesting in a file is refused


def is_function(value) -> bool:
    return isinstance(value, GraphFunction)


def tensor_ref(position: dict, t):
    """A tensor as JSON: its node's index, or [index, output] for a node's later outputs."""
    i = position[id(t.op)]
    return i if t._index == 0 else [i, t._index]


def resolve_ref(ref, nodes: list, limit: int, where: str):
    """The tensor a ref names among `nodes[:limit]` (earlier nodes only), or DataLossError."""
    if type(ref) is int:
        j, k = ref, 0
    elif isinstance(ref, list) and len(ref) == 2 and all(type(v) is int for v in ref):
        j, k = ref
    else:
        raise DataLossError(None, None, f"{where}: invalid tensor reference {ref!r}")
    if not 0 <= j < limit:
        raise DataLossError(None, None, f"{where}: input {j} is not an earlier node "
                                        "(cyclic or dangling edge)")
    outputs = nodes[j].outputs
    if not 0 <= k < len(outputs):
        raise DataLossError(None, None, f"{where}: node #{j} has no output {k}")
    return outputs[k]


def encode_function(fn: GraphFunction, variable_index: dict, constants: dict) -> dict:
    from .graph_json import graph_to_json
    data = graph_to_json(fn.graph, variable_index, constants)
    data["inputs"], data["outputs"] = [], []  # (the function's own inputs and outputs follow)
    position = {id(node): i for i, node in enumerate(fn.graph._operations)}
    return {"function": {"name": fn.name, "graph": data,
                         "inputs": [tensor_ref(position, t) for t in fn.inputs],
                         "outputs": [tensor_ref(position, t) for t in fn.outputs],
                         "effects": bool(fn.effects)}}


def decode_function(body, variables: list, constants: dict, path: str, depth: int):
    """A GraphFunction rebuilt from its JSON (see the module docstring)."""
    from .graph_json import graph_from_json
    if depth > MAX_DEPTH:
        raise DataLossError(None, None, f"{path}: functions nested more than {MAX_DEPTH} deep")
    if not isinstance(body, dict) or not isinstance(body.get("name"), str):
        raise DataLossError(None, None, f"{path}: invalid function attr")
    name = body["name"]
    graph = graph_from_json(body.get("graph"), name, variables, constants, path, depth + 1)
    nodes = graph._operations
    where = f"{path}: function {name!r}"
    refs = [body.get("inputs"), body.get("outputs")]
    if not all(isinstance(r, list) for r in refs) or \
            len(nodes) != len(body["graph"].get("nodes", [])):
        raise DataLossError(None, None, f"{where}: invalid inputs or outputs")
    inputs = [resolve_ref(r, nodes, len(nodes), where) for r in refs[0]]
    outputs = [resolve_ref(r, nodes, len(nodes), where) for r in refs[1]]
    if any(t.op.type not in ("Placeholder", "VarHandleOp") for t in inputs):
        raise DataLossError(None, None, f"{where}: inputs must be Placeholders")
    return GraphFunction(name, graph, inputs, outputs, effects=bool(body.get("effects", True)))


def nested_nodes(graph_data, depth: int = 0):
    """Every node of a saved graph, and of the graphs in its function-valued attrs (for the
    loader's list of expected constants)."""
    nodes = graph_data.get("nodes") if isinstance(graph_data, dict) else None
    if not isinstance(nodes, list) or depth > MAX_DEPTH:
        return
    for node in nodes:
        yield node
        attrs = node.get("attrs") if isinstance(node, dict) else None
        for value in (attrs.values() if isinstance(attrs, dict) else ()):
            items = value.get("tuple") if isinstance(value, dict) and \
                isinstance(value.get("tuple"), list) else [value]
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("function"), dict):
                    yield from nested_nodes(item["function"].get("graph"), depth + 1)
