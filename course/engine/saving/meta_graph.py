"""TF1's MetaGraph: a whole `tf.Graph`, with its variables, as one file, and back.

    >>> with tf.Graph().as_default():
    ...     x = tf.compat.v1.placeholder(tf.float32, shape=[], name="x")
    ...     v = tf.Variable(3.0, name="v")
    ...     y = tf.multiply(x, v, name="y")
    ...     tf.compat.v1.train.Saver().export_meta_graph("multiply.pb")
    >>> with tf.Graph().as_default() as g:
    ...     saver = tf.compat.v1.train.import_meta_graph("multiply.pb")   # "x", "v", "y" again
    ...     g.get_tensor_by_name("y:0")
    <tf.Tensor 'y:0' shape=() dtype=float32>

TF writes a MetaGraphDef protocol buffer; the engine writes its own documented
JSON under the name the user gives (TF cannot read it, as the engine cannot
read TF's protobuf files):

    {"format": "course.engine.meta_graph", "version": 1,
     "graph": {"nodes": [...]},          graph_json.py's nodes; a VarHandleOp names
                                         its variable: "variable": k
     "variables": [{"name", "dtype", "shape", "trainable", "handle": node index,
                    "initializer": [node indices of its Assign and initial Const],
                    "initial_value": array}],
     "constants": {key: array},          the Const nodes' values
     "saver": {"keys": {checkpoint key: variable index}}     (a Saver's, if any)
     "tags": [...], "signature_def": {...}}                  (in a SavedModel)

An array is {"dtype", "shape", "data": base64 of its little-endian bytes}, or
for strings {"dtype": "string", "shape", "strings": [base64, ...]}.

Importing rebuilds every node through `execute`, with its saved name, in the
graph being built: a TF1 graph (`import_meta_graph`), or the FuncGraph of
`tf.compat.v1.wrap_function`, where the variables are lifted out, as TF does.
A variable is made again with `tf.Variable` (its initializer nodes come with
it). Nothing in the file runs as Python; every node is checked as graph_json.py
checks a SavedModel's (known op type, earlier inputs only, plain attrs, sane
sizes, declared dtype and shape), and errors are `DataLossError`s naming the file.

Read next: tf1_saved_model.py (SavedModels of TF1 graphs), ../wrapped_function.py.
"""
from __future__ import annotations

import json
import os

import numpy as np

from .. import dtypes
from ..errors import DataLossError, InvalidArgumentError
from ..execute import execute
from ..graph.core import executing_eagerly, get_default_graph
from ..graph.operation import Operation
from ..graph.scopes import name_scope
from ..ops import REGISTRY
from ..ops.cond_ops import NODE_OPS
from ..ops.creation_ops import CONST
from .atomic import atomic_write
from .reading import read_json
# (graph_json's checks of one node, shared: the same rules as a SavedModel's graphs)
from .graph_json import (GRAD_FN, _arity, _check_size_attrs, _compare, _declared,
                         _decode_value, decode_grad_fn, graph_to_json)
from .json_arrays import decode_array, encode_array

__all__ = ["FORMAT", "MetaGraphDef", "graph_to_meta", "import_meta", "read_meta_graph",
           "write_meta_graph", "export_meta_graph",
           "import_meta_graph", "saver_for"]

FORMAT = "course.engine.meta_graph"


class MetaGraphDef:
    """What TF's MetaGraphDef holds that TF1 code reads: `signature_def` ({key:
    SignatureDef}) and `meta_info_def.tags`. `export_meta_graph` and
    `tf.compat.v1.saved_model.load` return one."""

    def __init__(self, doc: dict, signature_def: dict | None = None):
        self._doc = doc
        self.signature_def = dict(signature_def or {})
        self.meta_info_def = _MetaInfoDef(list(doc.get("tags", [])))


class _MetaInfoDef:
    def __init__(self, tags: list):
        self.tags = tags


# -- writing ----------------------------------------------------------------------------------
class _Nodes:
    """A TF1 graph seen as graph_to_json expects a function's graph: nodes, no inputs."""

    def __init__(self, graph):
        self._operations, self.inputs, self.outputs = graph._operations, [], []


def graph_to_meta(graph, saver_keys: dict | None = None) -> dict:
    """The MetaGraph document of a TF1 graph; `saver_keys` ({checkpoint key: variable}) is the
    Saver whose `restore` `import_meta_graph` gives back."""
    variables = [h._value.const for h in graph._handles.values()]
    variable_index = {id(v): i for i, v in enumerate(variables)}
    position = {id(node): i for i, node in enumerate(graph._operations)}
    constants: dict = {}
    nodes = graph_to_json(_Nodes(graph), variable_index, constants)["nodes"]
    entries = []
    for v in variables:
        init = next((n for n in graph._initializers if n.inputs[0]._value.const is v), None)
        initial = v._value
        made_by = []
        if init is not None:
            made_by.append(position[id(init)])
            if init.inputs[1].op.type == "Const":  # (its value is what the variable starts at)
                made_by.append(position[id(init.inputs[1].op)])
                initial = init.inputs[1].op.value
        entries.append({"name": v._name, "dtype": v.dtype.name, "shape": list(np.shape(initial)),
                        "trainable": v.trainable, "handle": position[id(graph._handles[id(v)].op)],
                        "initializer": made_by, "initial_value": encode_array(initial)})
    doc = {"format": FORMAT, "version": 1, "graph": {"nodes": nodes}, "variables": entries,
           "constants": {k: encode_array(a) for k, a in constants.items()}}
    if saver_keys is not None:
        doc["saver"] = {"keys": {key: variable_index[id(v)] for key, v in saver_keys.items()
                                 if id(v) in variable_index}}
    return doc


def write_meta_graph(filename: str, doc: dict, as_text: bool = False) -> None:
    """Writes the document atomically (indented when `as_text`, as TF writes text protos)."""
    text = json.dumps(doc, indent=1 if as_text else None)
    atomic_write(os.fspath(filename), text.encode())


# -- reading ----------------------------------------------------------------------------------
def read_meta_graph(filename: str) -> dict:
    """The checked top level of a MetaGraph file (the nodes are checked as they are imported)."""
    filename = os.fspath(filename)
    if not os.path.lexists(filename):
        raise OSError(f"File does not exist. Received: {filename}.")   # (TF's words)
    doc = read_json(filename, "MetaGraph file")
    check_meta(doc, filename)
    return doc


def check_meta(doc, where: str) -> None:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != 1:
        raise DataLossError(None, None, f"{where} is not a {FORMAT} version 1 document (the "
                                        "engine reads only MetaGraphs it wrote)")
    for key, kind in (("graph", dict), ("variables", list), ("constants", dict)):
        if not isinstance(doc.get(key), kind):
            raise DataLossError(None, None, f"{where}: missing or invalid {key!r}")
    if not isinstance(doc["graph"].get("nodes"), list):
        raise DataLossError(None, None, f"{where}: the graph has no node list")


class _VariableEntry:
    def __init__(self, k: int, entry, count: int, where: str):
        where = f"{where}: variable #{k}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or \
                not 0 < len(entry["name"]) <= 256:
            raise DataLossError(None, None, f"{where}: not a variable entry")
        handle, made_by = entry.get("handle"), entry.get("initializer", [])
        if type(handle) is not int or not 0 <= handle < count or \
                not isinstance(made_by, list) or len(made_by) > 2 or \
                not all(type(j) is int and handle < j < count for j in made_by):
            raise DataLossError(None, None, f"{where}: invalid node indices")
        self.name, self.handle, self.made_by = entry["name"], handle, made_by
        self.trainable = bool(entry.get("trainable", True))
        self.initial = decode_array(entry.get("initial_value"), where)
        if self.initial.dtype.kind == "O" or entry.get("dtype") != dtypes.as_dtype(
                self.initial.dtype).name or entry.get("shape") != list(self.initial.shape):
            raise DataLossError(None, None, f"{where}: its initial value does not match its "
                                            "dtype and shape")


def import_meta(doc: dict, where: str, import_scope: str | None = None) -> tuple:
    """Rebuilds the document's nodes in the graph being built: ([node per index: an Operation,
    a lifted Variable or None], [Variable per variable index])."""
    nodes = doc["graph"]["nodes"]
    constants = {str(k): decode_array(v, f"{where}: constant {str(k)[:40]!r}")
                 for k, v in doc["constants"].items()}
    entries = [_VariableEntry(k, e, len(nodes), where) for k, e in enumerate(doc["variables"])]
    by_handle = {e.handle: e for e in entries}
    made_by = {j for e in entries for j in e.made_by}
    if len(by_handle) != len(entries) or made_by & set(by_handle):
        raise DataLossError(None, None, f"{where}: variables share nodes")
    graph = get_default_graph()
    built: list = [None] * len(nodes)
    variables: list = [None] * len(entries)
    with name_scope(import_scope or ""):
        for i, entry in enumerate(nodes):
            here = f"{where}: node #{i}"
            if not isinstance(entry, dict) or not isinstance(entry.get("type"), str) or \
                    not isinstance(entry.get("name"), str) or not 0 < len(entry["name"]) <= 256:
                raise DataLossError(None, None, f"{here}: not a node")
            here = f"{here} ({entry['name']!r}, {entry['type']})"
            if i in by_handle:
                _make_variable(graph, by_handle[i], entries, variables, built)
            elif i not in made_by:   # (a variable's initializer came with it)
                built[i] = _import_node(graph, entry, built, variables, constants, where, here, i)
    return built, variables


def _make_variable(graph, entry: _VariableEntry, entries: list, variables: list, built: list):
    """`tf.Variable` again: in a TF1 graph, with its handle and initializer nodes; in a
    FuncGraph, lifted out of it (the handle is made where it is used)."""
    from ..variables import Variable
    var = Variable(entry.initial, trainable=entry.trainable, name=entry.name)
    variables[entries.index(entry)] = var
    handle = graph._handles.get(id(var))
    if handle is None:
        built[entry.handle] = var
        return
    built[entry.handle] = handle.op
    init = graph.initializer_of(var)
    for j, node in zip(entry.made_by, (init, init.inputs[1].op)):
        built[j] = node


def _ref(ref, built: list, i: int, here: str):
    """The tensor (or lifted Variable) an input reference names among the earlier nodes."""
    j, k = (ref, 0) if type(ref) is int else ref if (
        isinstance(ref, list) and len(ref) == 2 and all(type(v) is int for v in ref)) else (-1, 0)
    if not 0 <= j < i or built[j] is None:
        raise DataLossError(None, None, f"{here}: input {ref!r} is not an earlier node")
    node = built[j]
    if not isinstance(node, Operation):
        if k:
            raise DataLossError(None, None, f"{here}: a variable has one output")
        return node
    if not 0 <= k < len(node.outputs):
        raise DataLossError(None, None, f"{here}: node #{j} has no output {k}")
    return node.outputs[k]


def _import_node(graph, entry, built, variables, constants, where, here, i):
    type_, name = entry["type"], entry["name"]
    inputs = entry.get("inputs", [])
    controls = entry.get("control_inputs", [])
    if not isinstance(inputs, list) or not isinstance(controls, list) or \
            not all(type(j) is int and 0 <= j < i for j in controls):
        raise DataLossError(None, None, f"{here}: invalid inputs")
    ins = [_ref(r, built, i, here) for r in inputs]
    if type_ in ("Placeholder", "Const"):
        if ins:
            raise DataLossError(None, None, f"{here}: a {type_} node takes no inputs")
        dtype, shape = _declared(entry, here)
        if type_ == "Placeholder":
            if dtype is dtypes.resource or dtype is dtypes.variant:
                raise DataLossError(None, None, f"{here}: a TF1 graph's placeholder holds values")
            node = graph.placeholder(dtype, shape, name=graph._scope + name).op
        else:
            value = constants.get(entry.get("const")) if isinstance(entry.get("const"), str) \
                else None
            if value is None or value.dtype != dtype._np or value.shape != shape:
                raise DataLossError(None, None, f"{here}: its constant is missing or does not "
                                                "match its declared dtype and shape")
            node = execute(CONST, (), {"value": value[()] if value.ndim == 0 else value,
                                       "name": name}).op
    else:
        node = _import_op(type_, name, entry, ins, variables, constants, where, here)
    node.control_inputs.extend(built[j] for j in controls if isinstance(built[j], Operation))
    return node


def _import_op(type_, name, entry, ins, variables, constants, where, here):
    if type_ not in REGISTRY:
        raise DataLossError(None, None, f"{here}: unknown op type {type_!r}")
    attrs = entry.get("attrs", {})
    if not isinstance(attrs, dict):
        raise DataLossError(None, None, f"{here}: attrs must be an object")
    attrs = {str(k): decode_grad_fn(v, here) if k == GRAD_FN else
             _decode_value(v, here, variables, constants, where, 0)
             for k, v in attrs.items()}
    if GRAD_FN in attrs and attrs[GRAD_FN] is None:
        del attrs[GRAD_FN]
    try:   # (If, Case, While: the op's inputs and outputs depend on its graph-valued attrs)
        op = NODE_OPS[type_](attrs, here) if type_ in NODE_OPS else REGISTRY[type_]
    except (KeyError, AttributeError, TypeError, IndexError, ValueError):
        raise DataLossError(None, None, f"{here}: invalid attrs for {type_}") from None
    if op.function is not None or len(ins) < op.resources or not all(
            hasattr(x, "_is_variable") or x.dtype is dtypes.resource for x in ins[:op.resources]):
        raise DataLossError(None, None, f"{here}: {type_} needs {op.resources} variable "
                                        "handle(s) as its first inputs")
    arity = _arity(op, set(attrs))
    if arity is not None and not (arity[0] <= len(ins) and (arity[1] is None or
                                                            len(ins) <= arity[1])):
        raise DataLossError(None, None, f"{here}: wrong number of inputs ({len(ins)})")
    values = ins[op.resources:]
    if any(hasattr(x, "_is_variable") or x.dtype is dtypes.resource for x in values):
        raise DataLossError(None, None, f"{here}: a variable handle where a value is expected")
    _check_size_attrs([x._value for x in values], attrs, here)
    try:
        out = execute(op, tuple(ins), attrs, name=name)
    except (InvalidArgumentError, ValueError, TypeError, IndexError) as e:
        raise DataLossError(None, None, f"{here}: the node does not fit its inputs ({e})") from None
    if op.outputs == 0:
        return out
    first = out if op.outputs == 1 else out[0]
    _compare(first._value, entry, here)
    return first.op


# -- tf.compat.v1.train's functions -----------------------------------------------------------
def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None,
                      collection_list=None, as_text: bool = False, graph=None, export_scope=None,
                      clear_devices: bool = False, clear_extraneous_savers: bool = False,
                      strip_default_attrs: bool = False, save_debug_info: bool = False,
                      saver=None, **kwargs) -> MetaGraphDef:
    """Writes the graph (default: the default graph) to `filename`, if given. Mirrors
    `tf.compat.v1.train.export_meta_graph` (and `Saver.export_meta_graph`, which passes
    itself as `saver`). The file is the engine's JSON, see above."""
    _refuse_eager()
    graph = graph if graph is not None else get_default_graph()
    doc = graph_to_meta(graph, None if saver is None else saver._variables)
    if filename is not None:
        write_meta_graph(filename, doc, as_text)
    return MetaGraphDef(doc)


def import_meta_graph(meta_graph_or_file, clear_devices: bool = False, import_scope=None,
                      **kwargs):
    """Adds a MetaGraph's nodes and variables to the default graph; returns a Saver of its
    variables (None without any), whose `restore(sess, path)` gives them a checkpoint's values.
    Mirrors `tf.compat.v1.train.import_meta_graph`."""
    _refuse_eager()
    if isinstance(meta_graph_or_file, MetaGraphDef):
        doc, where = meta_graph_or_file._doc, "MetaGraphDef"
    else:
        where = os.fspath(meta_graph_or_file)
        doc = read_meta_graph(where)
    _, variables = import_meta(doc, where, import_scope)
    return saver_for(doc, variables, where)


def _refuse_eager() -> None:
    if executing_eagerly():   # (TF's words)
        raise RuntimeError("Exporting/importing meta graphs is not supported when eager "
                           "execution is enabled. No graph exists when eager execution is "
                           "enabled.")


def saver_for(doc: dict, variables: list, where: str):
    """The Saver of an imported graph: the exported Saver's keys, else all variables (TF)."""
    from ..api.compat.v1.saver import Saver
    saver = doc.get("saver")
    if saver is None:
        return Saver() if variables else None
    keys = saver.get("keys") if isinstance(saver, dict) else None
    if not isinstance(keys, dict) or not all(
            isinstance(k, str) and type(j) is int and 0 <= j < len(variables)
            for k, j in keys.items()):
        raise DataLossError(None, None, f"{where}: invalid saver entry")
    return Saver(var_list={k: variables[j] for k, j in keys.items()}, allow_empty=True)
