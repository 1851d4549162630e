"""A traced graph as JSON, and back: the equations of a ConcreteFunction, safely.

Writing: each node becomes {"name", "type", "inputs": [indices of earlier
nodes], "attrs", "dtype", "shape"} plus "variable" (an index into the saved
variables) or "const" (a key in the file's constants).

Reading never runs code from the file. It checks, with an error that names
the file and the node:
- the node type is a known op (the op table, or one of the graph's own node
  types: Placeholder, Const); a Placeholder of dtype resource names a saved
  variable (the function captures it);
- inputs point to *earlier* nodes only (so the graph is acyclic) and their
  number fits the op;
- attrs are plain data (numbers, strings, tuples, slices, dtypes), or graphs
  (a cond's branches, a loop's body: function_attrs.py), checked the same way;
- no node writes a file (tf.io.write_file, tf.print to "file://..."): called, a loaded
  function could otherwise change any file its user can write;
- dtypes are known, shapes sane; then the graph is rebuilt through the same
  shape inference as tracing, and every declared dtype and shape must match.
"""
from __future__ import annotations

import inspect
import logging
import math

import numpy as np

from .. import dtypes
from ..custom_gradient import saved_function, saved_key
from ..errors import DataLossError, InvalidArgumentError
from ..graph.core import FuncGraph
from ..graph.shapes import Spec, check_sane
from ..ops import REGISTRY
from ..ops.cond_ops import NODE_OPS
from .function_attrs import decode_function, encode_function, is_function, resolve_ref, tensor_ref
from ..ops.random_ops import RandomStream

GRAPH_NODE_TYPES = frozenset({"Placeholder", "Const"})
_DTYPE_NAMES = {d.name: d for d in dtypes.ALL | {dtypes.string, dtypes.resource, dtypes.variant}}


_log = logging.getLogger("course.engine")


# -- attrs: a tiny, strict encoding ----------------------------------------------------------
def encode_attr(value):
    """Plain JSON for an attr value; ValueError for anything that is not data."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, bytes):  # (a string op's separator or format: hex digits in JSON)
        return {"bytes": value.hex()}
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return value if math.isfinite(value) else {"float": repr(float(value))}
    if isinstance(value, tuple):
        return {"tuple": [encode_attr(v) for v in value]}
    if isinstance(value, list):
        return {"list": [encode_attr(v) for v in value]}
    if isinstance(value, slice):
        return {"slice": [encode_attr(value.start), encode_attr(value.stop), encode_attr(value.step)]}
    if value is Ellipsis:
        return {"ellipsis": True}
    if isinstance(value, np.dtype) or value is object or (  # (object: the string dtype's type)
            isinstance(value, type) and issubclass(value, np.generic)):
        return {"dtype": dtypes.as_dtype(value).name}
    if isinstance(value, RandomStream):  # a random node's seeds: plain numbers
        return {"stream": None if value.seeds is None else [int(v) for v in value.seeds]}
    raise ValueError(f"cannot save attr value {value!r} of type {type(value).__name__}")


def decode_attr(value, where: str):
    if value is None or isinstance(value, (bool, str, int, float)):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (kind, body), = value.items()
        if kind in ("tuple", "list") and isinstance(body, list):
            items = [decode_attr(v, where) for v in body]
            return tuple(items) if kind == "tuple" else items
        if kind == "slice" and isinstance(body, list) and len(body) == 3:
            parts = [decode_attr(v, where) for v in body]
            if all(p is None or type(p) is int for p in parts):
                return slice(*parts)
        if kind == "bytes" and isinstance(body, str):
            try:
                return bytes.fromhex(body)
            except ValueError:
                pass  # (not hex digits: refused below)
        if kind == "ellipsis" and body is True:
            return Ellipsis
        if kind == "dtype" and isinstance(body, str) and body in _DTYPE_NAMES:
            return np.dtype(_DTYPE_NAMES[body].as_numpy_dtype)
        if kind == "float" and isinstance(body, str) and body in ("nan", "inf", "-inf"):
            return float(body)
        if kind == "stream" and (body is None or isinstance(body, list) and len(body) == 3 and
                                 all(type(v) is int and v >= 0 for v in body)):
            return RandomStream(None if body is None else tuple(body))
    raise DataLossError(None, None, f"{where}: invalid attr value {value!r}")


# -- writing ------------------------------------------------------------------------------------
# The one attr that holds Python code, not data: a custom gradient's function
# (custom_gradient.py). The file gets only its key; see decode_grad_fn.
GRAD_FN = "grad_fn"


def graph_to_json(graph, variable_index: dict, constants: dict) -> dict:
    """`graph`'s nodes as JSON; Const values go into `constants` (key -> array)."""
    position = {id(node): i for i, node in enumerate(graph._operations)}
    nodes = []
    for node in graph._operations:
        _refuse_file_writes(node.type, node.attrs, f"tf.saved_model.save: node {node.name!r}",
                            "save")  # (it could not be loaded)
        entry = {"name": node.name, "type": node.type,
                 "inputs": [tensor_ref(position, x) for x in node.inputs],
                 "attrs": {k: {"custom_gradient": saved_key(v)} if k == GRAD_FN else
                           _encode_value(v, variable_index, constants)
                           for k, v in node.attrs.items()}}
        if node.outputs:
            spec = node.outputs[0]._value
            entry["dtype"] = dtypes.as_dtype(spec.dtype).name
            entry["shape"] = None if spec.shape is None else list(spec.shape)
        if node.variable is not None:  # a variable's handle
            if id(node.variable) not in variable_index:
                raise ValueError(
                    f"Tried to export a function which references an 'untracked' variable "
                    f"{node.variable.name} (node {node.name!r}). Attach the variable to the saved "
                    "object (e.g. self.v = tf.Variable(...)) so that it is saved with it.")
            entry["variable"] = variable_index[id(node.variable)]
        if node.type == "Const":
            key = f"c{len(constants)}"
            constants[key] = np.asarray(node.value)
            entry["const"] = key
        if node.control_inputs:
            entry["control_inputs"] = [position[id(c)] for c in node.control_inputs]
        nodes.append(entry)
    return {"nodes": nodes,
            "inputs": [position[id(t.op)] for t in graph.inputs],
            "outputs": [tensor_ref(position, t) for t in graph.outputs]}


def decode_grad_fn(value, where: str):
    """A custom gradient's function, if this process saved it (TF's registry); else None."""
    key = value.get("custom_gradient") if isinstance(value, dict) and len(value) == 1 else None
    if not isinstance(key, str):
        raise DataLossError(None, None, f"{where}: invalid custom gradient {value!r}")
    grad_fn = saved_function(key)
    if grad_fn is None:
        _log.warning("%s: its tf.custom_gradient function was not saved (a Python function); "
                     "gradients flow through the ops inside instead.", where)
    return grad_fn


def _encode_value(value, variable_index, constants):
    """An attr as JSON; a graph-valued attr (a cond's branch, a loop's body) as its graph."""
    if is_function(value):
        return encode_function(value, variable_index, constants)
    if isinstance(value, tuple) and value and all(is_function(v) for v in value):
        return {"tuple": [encode_function(v, variable_index, constants) for v in value]}
    return encode_attr(value)


def _decode_value(value, where, variables, constants, path, depth):
    if isinstance(value, dict) and "function" in value:
        return decode_function(value["function"], variables, constants, path, depth)
    if isinstance(value, dict) and isinstance(value.get("tuple"), list) and value["tuple"] and \
            all(isinstance(v, dict) and "function" in v for v in value["tuple"]):
        return tuple(decode_function(v["function"], variables, constants, path, depth)
                     for v in value["tuple"])
    return decode_attr(value, where)


# -- reading ------------------------------------------------------------------------------------
def _arity(op, attr_names=()):
    """(min, max) number of inputs of a primitive, from its forward's signature (None: unknown).

    Parameters named like the node's attrs are not inputs.
    """
    nin = getattr(op.forward, "nin", None)
    if isinstance(nin, int):
        return nin, nin
    try:
        params = inspect.signature(op.forward).parameters.values()
    except (TypeError, ValueError):
        return None
    low, high = 0, 0
    for p in params:
        if p.name in attr_names:
            continue
        if p.kind == p.VAR_POSITIONAL:
            return max(low, 1), None
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            high += 1
            if p.default is p.empty:
                low += 1
    return low, high


def _declared(entry, where):
    dtype, shape = entry.get("dtype"), entry.get("shape")
    if not isinstance(dtype, str) or dtype not in _DTYPE_NAMES:
        raise DataLossError(None, None, f"{where}: unknown dtype {dtype!r}")
    if shape is not None:
        if not isinstance(shape, list) or not all(d is None or type(d) is int for d in shape):
            raise DataLossError(None, None, f"{where}: invalid shape {shape!r}")
        try:
            check_sane(tuple(shape), where, MAX_LOAD_ELEMENTS)
        except ValueError as e:
            raise DataLossError(None, None, f"{e} (absurd shape)") from None
        shape = tuple(shape)
    return _DTYPE_NAMES[dtype], shape


def graph_from_json(data, name: str, variables: list, constants: dict, path: str,
                    depth: int = 0) -> FuncGraph:
    """Rebuilds (and so validates) a FuncGraph; errors name `path` and the node.

    (`depth`: how deep inside function-valued attrs this graph is, see function_attrs.py.)
    """
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise DataLossError(None, None, f"{path}: function {name!r} has no node list")
    graph = FuncGraph(name)
    built = []
    for i, entry in enumerate(data["nodes"]):
        where = f"{path}: function {name!r}, node #{i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
            raise DataLossError(None, None, f"{where}: not a node")
        type_ = entry["type"]
        where = f"{where} ({entry.get('name', '?')!r}, {type_})"
        if type_ not in REGISTRY and type_ not in GRAPH_NODE_TYPES:
            raise DataLossError(None, None, f"{where}: unknown op type {type_!r}")
        inputs = entry.get("inputs", [])
        if not isinstance(inputs, list):
            raise DataLossError(None, None, f"{where}: inputs must be a list of node indices")
        for j in list(entry.get("control_inputs", [])):
            if type(j) is not int or not 0 <= j < i:
                raise DataLossError(None, None, f"{where}: input {j} is not an earlier node "
                                                "(cyclic or dangling edge)")
        # (an input is a node index, or [index, output] for another output than the first)
        ins = [resolve_ref(j, built, i, where) for j in inputs]
        attrs = entry.get("attrs", {})
        if not isinstance(attrs, dict):
            raise DataLossError(None, None, f"{where}: attrs must be an object")
        attrs = {str(k): decode_grad_fn(v, where) if k == GRAD_FN else
                 _decode_value(v, where, variables, constants, path, depth)
                 for k, v in attrs.items()}
        if GRAD_FN in attrs and attrs[GRAD_FN] is None:
            del attrs[GRAD_FN]  # (its gradient is then the ops' own: IdentityN passes dy on)
        _refuse_file_writes(type_, attrs, where)
        node = _build(graph, type_, entry, ins, attrs, variables, constants, where)
        node.control_inputs.extend(built[j] for j in entry.get("control_inputs", []))
        built.append(node)
    refs = data.get("inputs")
    if not isinstance(refs, list) or not all(type(j) is int and 0 <= j < len(built) and
                                             built[j].outputs for j in refs):
        raise DataLossError(None, None, f"{path}: function {name!r} has invalid inputs")
    graph.inputs = [built[j].outputs[0] for j in data["inputs"]]
    if any(t.op.type != "Placeholder" or t.dtype is dtypes.resource for t in graph.inputs):
        raise DataLossError(None, None, f"{path}: function {name!r}: inputs must be Placeholders")
    if not isinstance(data.get("outputs"), list):
        raise DataLossError(None, None, f"{path}: function {name!r} has invalid outputs")
    graph.outputs = [resolve_ref(j, built, len(built), f"{path}: function {name!r} outputs")
                     for j in data["outputs"]]
    return graph


def _refuse_file_writes(type_: str, attrs: dict, where: str, verb: str = "load") -> None:
    """A loaded function may not write files: called, it could change any file its user can
    write (text appended to ~/.bashrc runs at the next login). TF's SavedModels may; here
    loading never reaches outside the model's folder, now or when the functions run."""
    stream = attrs.get("stream")
    if type_ == "WriteFile" or (type_ == "PrintV2" and isinstance(stream, str) and
                                stream.startswith("file://")):
        what = "tf.io.write_file" if type_ == "WriteFile" else f"tf.print to {stream!r}"
        raise InvalidArgumentError(None, None, f"{where}: writes a file ({what}); refusing to "
                                               f"{verb} it: functions loaded from a SavedModel "
                                               "may not write files. Print to stdout or stderr, "
                                               "or write files from Python after calling it.")


def _variable(entry, variables, where):
    k = entry.get("variable")
    if type(k) is not int or not 0 <= k < len(variables):
        raise DataLossError(None, None, f"{where}: invalid variable reference {k!r}")
    return variables[k]


def _build(graph, type_, entry, ins, attrs, variables, constants, where):
    """One node, through the same code paths as tracing; checks declared dtype/shape."""
    if type_ in GRAPH_NODE_TYPES and ins:
        raise DataLossError(None, None, f"{where}: a {type_} node takes no inputs")
    name = entry.get("name")
    if name is not None and not (isinstance(name, str) and 0 < len(name) <= 256):
        raise DataLossError(None, None, f"{where}: the node name must be a short string")
    if type_ == "Placeholder":
        dtype, shape = _declared(entry, where)
        if dtype is dtypes.resource:  # a saved variable's handle
            variable = _variable(entry, variables, where)
            return graph.handle_for(variable, name=entry.get("name")).op
        return graph.placeholder(dtype, shape, name=entry.get("name", "x")).op
    if type_ == "Const":
        dtype, shape = _declared(entry, where)
        key = entry.get("const")
        value = constants.get(key) if isinstance(key, str) else None
        if value is None or value.dtype != dtype._np or value.shape != shape:
            raise DataLossError(None, None, f"{where}: constant {entry.get('const')!r} is missing or "
                                            "does not match its declared dtype and shape")
        scalar = value.ndim == 0 and value.dtype != object  # (a 0-d string stays an object array)
        return graph.constant(value[()] if scalar else value, name=entry.get("name")).op
    op = REGISTRY[type_]
    if type_ in NODE_OPS:  # If, Case, While: the op's inputs and outputs depend on its attrs
        op = NODE_OPS[type_](attrs, where)
    if op.function is not None or (len(ins) < op.resources or
                                   any(x.dtype is not dtypes.resource for x in ins[:op.resources])):
        raise DataLossError(None, None, f"{where}: {type_} needs {op.resources} variable handle(s) "
                                        "as its first inputs")
    arity = _arity(op, set(attrs))
    if arity is not None and not (arity[0] <= len(ins) and (arity[1] is None or len(ins) <= arity[1])):
        raise DataLossError(None, None, f"{where}: wrong number of inputs ({len(ins)}; the op takes "
                                        f"{arity[0]}{'' if arity[1] == arity[0] else '+'})")
    specs = [x._value for x in ins[op.resources:]]
    _check_size_attrs(specs, attrs, where)
    if specs and (specs[0].dtype not in op.allowed_np or
                  (op.same_dtype and any(s.dtype != specs[0].dtype for s in specs))):
        raise DataLossError(None, None, f"{where}: input dtypes {[s.dtype.name for s in specs]} "
                                        f"are not allowed for {type_}")
    try:
        out = graph.add_op(op, tuple(ins), attrs)
    except (InvalidArgumentError, ValueError, TypeError, IndexError) as e:
        raise DataLossError(None, None, f"{where}: the node does not fit its inputs ({e})") from None
    if op.outputs == 0:
        return out
    out = out if op.outputs == 1 else out[0]  # (several outputs: the first is declared)
    _compare(out._value, entry, where)
    return out.op


def _check_size_attrs(specs, attrs, where) -> None:
    """Attrs that make an output big (shape, multiples, depth, ...) must stay sane."""
    size = max([s.size or 1 for s in specs] + [1])
    for key in ("shape", "multiples", "depth", "num_segments"):
        value = attrs.get(key)
        if value is None:
            continue
        dims = value if isinstance(value, (tuple, list)) else (value,)
        if not all(type(d) is int for d in dims):
            raise DataLossError(None, None, f"{where}: attr {key}={value!r} must hold integers")
        total = size if key in ("multiples", "depth") else 1
        for d in dims:
            total *= max(abs(d), 1)
        if total > MAX_LOAD_ELEMENTS:
            raise DataLossError(None, None, f"{where}: attr {key}={value!r} asks for an absurd "
                                            f"tensor size ({total} elements)")


MAX_LOAD_ELEMENTS = 2 ** 26


def _compare(spec: Spec, entry, where) -> None:
    dtype, shape = _declared(entry, where)
    if spec.dtype != dtype._np or (shape is not None and spec.shape != shape):
        raise DataLossError(None, None, f"{where}: declared {dtype.name} {shape}, but its inputs give "
                                        f"{dtypes.as_dtype(spec.dtype).name} {spec.shape}")
