"""`tf.saved_model.save` / `load`: a model's graphs and weights, runnable without its source.

    >>> class Scale(tf.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.k = tf.Variable(2.0)
    ...     @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    ...     def __call__(self, x):
    ...         return x * self.k
    >>> tf.saved_model.save(Scale(), "/tmp/scale")
    >>> loaded = tf.saved_model.load("/tmp/scale")      # no Scale class needed
    >>> loaded(tf.constant([1.0, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([2., 4.], dtype=float32)>

What is saved: every `tf.function` on the object (and on the Modules under
it) that has an `input_signature` or has already been traced, as its traced
graphs; every variable reachable through attributes; and the `signatures`
(`serving_default` by default when there is exactly one function with an
input_signature on the object).

The directory (our own format, documented here; never pickle):
- `saved_model.json`: {"format": "course.engine.saved_model", "version": 1,
  "variables": [{"key", "name", "trainable"}], "constants_sha256",
  "functions": [{"path": attribute path of the function, "concrete": [ids]}],
  "concrete_functions": [{"name", "graph": graph_json, "input_structure",
  "output_structure", "param_names"}], "signatures": {name: {"concrete": id,
  "output_keys": [...]}}}; graph_json is described in graph_json.py;
- `constants.npz`: the values of Const nodes;
- `variables/variables.index` + `variables/variables.data-00000-of-00001`:
  a checkpoint (checkpoint.py) of the variables, keyed by attribute path.
`saved_model.json` is written last: a half-written export is not loadable.
Loading validates every file (graph_json.py lists the graph checks).
"""
from __future__ import annotations

import inspect
import json
import os

import numpy as np

from .. import dtypes
from ..errors import DataLossError
from ..function import ConcreteFunction, Function, TensorSpec
from ..graph import SymbolicTensor
from ..module import Module
from ..tensor import Tensor, convert_to_tensor
from ..variables import Variable
from . import checkpoint as _ckpt
from .atomic import atomic_write, read_arrays, read_text, write_arrays
from .function_attrs import nested_nodes
from .graph_json import decode_attr, encode_attr, graph_from_json, graph_to_json

__all__ = ["save", "load"]

FORMAT = "course.engine.saved_model"
MANIFEST = "saved_model.json"


# -- saving -----------------------------------------------------------------------------------
def _trackable_objects(obj) -> dict:
    """{attribute path: object} for obj and every trackable object under it."""
    out, seen = {(): obj}, {id(obj)}

    def walk(o, path):
        for key, child in _ckpt._object_children(o):
            if id(child) in seen:
                continue
            if isinstance(child, (dict, list, tuple)) or _ckpt._is_trackable(child):
                seen.add(id(child))
                if _ckpt._is_trackable(child):
                    out[path + (str(key),)] = child
                walk(child, path + (str(key),))
    walk(obj, ())
    return out


def _functions_of(obj) -> dict:
    """{attribute name: Function} for tf.functions on `obj` (class methods and attributes)."""
    found = {}
    names = set(dir(type(obj))) | set(getattr(obj, "__dict__", {}))
    for name in sorted(names):
        if name.startswith("__tf_function_"):
            continue
        try:
            raw = inspect.getattr_static(obj, name)
        except AttributeError:
            continue
        if isinstance(raw, Function):
            found[name] = getattr(obj, name)
    return found


def _concretes_of(fn: Function) -> list:
    concretes = list(fn._cache.values())
    if fn.input_signature is not None and "input_signature" not in fn._cache:
        concretes.insert(0, fn.get_concrete_function())
    return concretes


def _encode_structure(value, leaf):
    if isinstance(value, dict):
        return {"dict": [[str(k), _encode_structure(value[k], leaf)] for k in value]}
    if isinstance(value, list):
        return {"list": [_encode_structure(v, leaf) for v in value]}
    if isinstance(value, tuple):
        return {"tuple": [_encode_structure(v, leaf) for v in value]}
    return {"leaf": leaf(value)}


def _concrete_json(cf: ConcreteFunction, variable_index, constants, param_names) -> dict:
    graph = graph_to_json(cf.graph, variable_index, constants)
    specs = iter(range(len(cf.graph.inputs)))
    outputs = {id(t): k for k, t in enumerate(cf.graph.outputs)}

    def input_leaf(x):
        if isinstance(x, TensorSpec):
            return {"input": next(specs)}
        return {"value": encode_attr(x)}

    def output_leaf(x):
        if isinstance(x, SymbolicTensor):
            return {"output": outputs[id(x)]}
        return {"value": encode_attr(x)}

    return {"name": cf.name, "graph": graph, "param_names": param_names,
            "input_structure": _encode_structure(cf.structured_input_signature, input_leaf),
            "output_structure": _encode_structure(cf.structured_outputs, output_leaf)}


def _signature_map(obj, signatures, functions) -> dict:
    """{signature name: ConcreteFunction}, as TF picks them."""
    if signatures is None:
        with_signature = [f for f in functions.get((), {}).values() if f.input_signature is not None]
        return {"serving_default": with_signature[0].get_concrete_function()} \
            if len(with_signature) == 1 else {}
    if not isinstance(signatures, dict):
        signatures = {"serving_default": signatures}
    out = {}
    for name, fn in signatures.items():
        if isinstance(fn, Function):
            if fn.input_signature is None:
                raise ValueError(f"Signature {name!r}: a tf.function needs an input_signature to be "
                                 "a signature (or pass fn.get_concrete_function(...)).")
            fn = fn.get_concrete_function()
        if not isinstance(fn, ConcreteFunction):
            raise ValueError(f"Signature {name!r} must be a tf.function or a ConcreteFunction, got "
                             f"{fn!r}.")
        out[name] = fn
    return out


def save(obj, export_dir: str, signatures=None, options=None) -> None:
    """Writes `obj`'s traced functions and variables to `export_dir`. Mirrors `tf.saved_model.save`."""
    export_dir = os.fspath(export_dir)
    variables = {}
    _ckpt._walk(obj, (), {id(obj)}, variables)
    keys = sorted(variables)
    variable_index = {id(variables[k]): i for i, k in enumerate(keys)}
    functions = {path: _functions_of(o) for path, o in _trackable_objects(obj).items()}
    concretes, concrete_ids, function_entries, constants = [], {}, [], {}

    def concrete_id(cf, param_names):
        if id(cf) not in concrete_ids:
            concrete_ids[id(cf)] = len(concretes)
            concretes.append(_concrete_json(cf, variable_index, constants, param_names))
        return concrete_ids[id(cf)]

    for path, fns in functions.items():
        for name, fn in fns.items():
            params = list(fn._signature.parameters)
            ids = [concrete_id(cf, params) for cf in _concretes_of(fn)]
            if ids:
                function_entries.append({"path": list(path) + [name], "concrete": ids})
    signature_entries = {}
    for name, cf in _signature_map(obj, signatures, functions).items():
        flat = _flat_outputs(cf.structured_outputs)
        signature_entries[name] = {"concrete": concrete_id(cf, [p.op.name for p in cf.graph.inputs]),
                                   "output_keys": [k for k, _ in flat],
                                   "input_names": [p.op.name for p in cf.graph.inputs]}
    _ckpt.write_checkpoint(os.path.join(export_dir, "variables", "variables"),
                           {k: variables[k] for k in keys})
    checksum = write_arrays(os.path.join(export_dir, "constants.npz"), constants)
    manifest = {"format": FORMAT, "version": 1, "constants_sha256": checksum,
                "variables": [{"key": k, "name": variables[k]._name,
                               "trainable": variables[k].trainable} for k in keys],
                "functions": function_entries, "concrete_functions": concretes,
                "signatures": signature_entries}
    atomic_write(os.path.join(export_dir, MANIFEST), json.dumps(manifest, indent=1).encode())


def _flat_outputs(structured) -> list:
    """(key, tensor) pairs of a signature's outputs: dict keys, else output_0, output_1, ..."""
    if isinstance(structured, dict):
        return [(str(k), structured[k]) for k in sorted(structured, key=str)]
    from ..function import _flatten
    return [(f"output_{i}", t) for i, t in enumerate(_flatten(structured))]


# -- loading ----------------------------------------------------------------------------------
class _UserObject(Module):
    """What `load` returns: attributes rebuilt from the saved paths (variables, functions)."""

    def __init__(self):
        super().__init__(name="loaded")
        self.signatures: dict = {}

    def __call__(self, *args, **kwargs):
        fn = self.__dict__.get("__call__")  # Python looks up __call__ on the class: forward it
        if fn is None:
            raise TypeError("'_UserObject' object is not callable (no __call__ was saved)")
        return fn(*args, **kwargs)


class RestoredFunction:
    """A saved tf.function: picks the saved graph whose inputs fit the call, then runs it."""

    def __init__(self, name, candidates):
        self._name = name
        self._candidates = candidates   # (ConcreteFunction, input structure, param names)

    @property
    def concrete_functions(self) -> list:
        return [c for c, _, _ in self._candidates]

    def __call__(self, *args, **kwargs):
        for concrete, structure, params in self._candidates:
            tensors = _match(structure, params, args, kwargs)
            if tensors is not None:
                return concrete._call_flat(tensors)
        expected = "\n  ".join(_describe(s) for _, s, _ in self._candidates)
        raise ValueError(f"Could not find matching concrete function to call loaded from the "
                         f"SavedModel ({self._name}). Got: args={args!r} kwargs={kwargs!r}. Expected "
                         f"one of:\n  {expected}")


class SignatureFunction:
    """A serving signature: keyword arguments by input name; returns a dict of outputs."""

    def __init__(self, concrete: ConcreteFunction, input_names, output_keys):
        self._concrete, self._inputs, self._keys = concrete, input_names, output_keys

    @property
    def structured_outputs(self):
        return dict(zip(self._keys, self._concrete.graph.outputs))

    def __call__(self, *args, **kwargs):
        if args:
            raise TypeError("Signature functions take keyword arguments only: "
                            f"{', '.join(self._inputs)}.")
        missing = [n for n in self._inputs if n not in kwargs]
        if missing or set(kwargs) - set(self._inputs):
            raise TypeError(f"Signature expects arguments {self._inputs}, got {sorted(kwargs)}.")
        tensors = [_to_tensor(kwargs[n], p) for n, p in zip(self._inputs, self._concrete.graph.inputs)]
        flat = _flat_outputs(self._concrete._call_flat(tensors))
        return dict(zip(self._keys, [t for _, t in flat]))


def _to_tensor(value, placeholder) -> Tensor:
    if isinstance(value, Tensor):
        return value
    if hasattr(value, "_is_variable"):
        return value.read_value()
    return convert_to_tensor(value, dtype=dtypes.as_dtype(placeholder._value.dtype)
                             if not isinstance(value, np.ndarray) else None)


def _decode_structure(data, leaf, where):
    if isinstance(data, dict) and len(data) == 1:
        (kind, body), = data.items()
        if kind == "leaf":
            return leaf(body)
        if kind in ("list", "tuple") and isinstance(body, list):
            items = [_decode_structure(x, leaf, where) for x in body]
            return items if kind == "list" else tuple(items)
        if kind == "dict" and isinstance(body, list) and all(
                isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in body):
            return {k: _decode_structure(v, leaf, where) for k, v in body}
    raise DataLossError(None, None, f"{where}: invalid structure {str(data)[:80]}")


def _match(structure, params, args, kwargs):
    """The call's tensors in placeholder order if it fits `structure`, else None."""
    s_args, s_kwargs = structure
    values = list(args)
    for i, name in enumerate(params[len(values):len(s_args)], start=len(values)):
        if name in kwargs:
            values.append(kwargs[name])
        elif _is_python_value(s_args[i]):
            values.append(s_args[i])   # a default argument, traced with this value
        else:
            return None
    rest = {k: v for k, v in kwargs.items() if k not in params[:len(s_args)]}
    if len(values) != len(s_args) or set(rest) != set(s_kwargs):
        return None
    found = {}
    try:
        ok = _fits(tuple(s_args), tuple(values), found) and _fits(s_kwargs, rest, found)
    except (TypeError, ValueError):
        return None
    return [found[i] for i in sorted(found)] if ok else None


def _fits(spec, value, found) -> bool:
    if isinstance(spec, dict):
        return isinstance(value, dict) and set(spec) == set(value) and all(
            _fits(spec[k], value[k], found) for k in spec)
    if isinstance(spec, (list, tuple)):
        return isinstance(value, (list, tuple)) and len(spec) == len(value) and all(
            _fits(s, v, found) for s, v in zip(spec, value))
    if isinstance(spec, _Input):
        tensor = _to_tensor(value, spec.placeholder)
        if not TensorSpec(spec.placeholder.shape, spec.placeholder.dtype).is_compatible_with(tensor):
            return False
        found[spec.index] = tensor
        return True
    return not isinstance(value, (Tensor, np.ndarray)) and type(value) is type(spec) and value == spec


def _is_python_value(spec) -> bool:
    return not isinstance(spec, (_Input, list, tuple, dict))


class _Input:
    def __init__(self, index, placeholder):
        self.index, self.placeholder = index, placeholder

    def __repr__(self):
        p = self.placeholder
        return repr(TensorSpec(p.shape, p.dtype, p.op.name))


def _describe(structure) -> str:
    return repr(structure)


def _read_manifest(export_dir):
    path = os.path.join(export_dir, MANIFEST)
    if not os.path.isdir(export_dir):
        from ..errors import NotFoundError
        raise NotFoundError(None, None, f"SavedModel directory not found: {export_dir}")
    text = read_text(path, "SavedModel manifest")
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as e:
        raise DataLossError(None, None, f"{path} is corrupted or truncated ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or \
            manifest.get("version") != 1:
        raise DataLossError(None, None, f"{path} is not a {FORMAT} version 1 manifest")
    for key, kind in (("variables", list), ("functions", list), ("concrete_functions", list),
                      ("signatures", dict), ("constants_sha256", str)):
        if not isinstance(manifest.get(key), kind):
            raise DataLossError(None, None, f"{path}: missing or invalid {key!r}")
    return path, manifest


def load(export_dir: str, tags=None, options=None) -> _UserObject:
    """Loads a SavedModel: its functions run the saved graphs. Mirrors `tf.saved_model.load`."""
    export_dir = os.fspath(export_dir)
    path, manifest = _read_manifest(export_dir)
    saved = _ckpt.read_checkpoint(os.path.join(export_dir, "variables", "variables"))
    root = _UserObject()
    variables = []
    for i, entry in enumerate(manifest["variables"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or \
                entry["key"] not in saved or not entry["key"].endswith(_ckpt.SUFFIX):
            raise DataLossError(None, None, f"{path}: variable #{i} is missing from the "
                                            f"variables checkpoint")
        key = entry["key"]
        var = Variable(saved[key], trainable=bool(entry.get("trainable", True)),
                       name=str(entry.get("name", "Variable")))
        variables.append(var)
        _place(root, key[:-len(_ckpt.SUFFIX)].split("/"), var, path)
    constants = _read_constants(export_dir, manifest, path)
    concretes = []
    for i, data in enumerate(manifest["concrete_functions"]):
        if not isinstance(data, dict):
            raise DataLossError(None, None, f"{path}: concrete function #{i} is not an object")
        name = str(data.get("name", f"function_{i}"))
        graph = graph_from_json(data.get("graph"), name, variables, constants, path)
        outputs = graph.outputs
        where = f"{path}: function {name!r}"

        def output_leaf(leaf, outputs=outputs, where=where):
            if isinstance(leaf, dict) and type(leaf.get("output")) is int and \
                    0 <= leaf["output"] < len(outputs):
                return outputs[leaf["output"]]
            if isinstance(leaf, dict) and "value" in leaf:
                return decode_attr(leaf["value"], where)
            raise DataLossError(None, None, f"{where}: invalid output {leaf!r}")

        def input_leaf(leaf, inputs=graph.inputs, where=where):
            if isinstance(leaf, dict) and type(leaf.get("input")) is int and \
                    0 <= leaf["input"] < len(inputs):
                return _Input(leaf["input"], inputs[leaf["input"]])
            if isinstance(leaf, dict) and "value" in leaf:
                return decode_attr(leaf["value"], where)
            raise DataLossError(None, None, f"{where}: invalid input {leaf!r}")

        structured = _decode_structure(data.get("output_structure"), output_leaf, where)
        inputs = _decode_structure(data.get("input_structure"), input_leaf, where)
        params = data.get("param_names")
        if not (isinstance(inputs, tuple) and len(inputs) == 2 and isinstance(inputs[1], dict)
                and isinstance(params, list) and all(isinstance(p, str) for p in params)):
            raise DataLossError(None, None, f"{where}: invalid input structure")
        specs = _to_specs(inputs)
        concretes.append((ConcreteFunction(graph, structured, specs), inputs, params))
    for entry in manifest["functions"]:
        ids = entry.get("concrete") if isinstance(entry, dict) else None
        fpath = entry.get("path") if isinstance(entry, dict) else None
        if not (isinstance(ids, list) and all(type(j) is int and 0 <= j < len(concretes)
                                              for j in ids) and isinstance(fpath, list) and fpath
                and all(isinstance(p, str) for p in fpath)):
            raise DataLossError(None, None, f"{path}: invalid function entry {str(entry)[:80]}")
        _place(root, fpath, RestoredFunction(fpath[-1], [concretes[j] for j in ids]), path)
    for name, entry in manifest["signatures"].items():
        j = entry.get("concrete") if isinstance(entry, dict) else None
        if type(j) is not int or not 0 <= j < len(concretes):
            raise DataLossError(None, None, f"{path}: invalid signature {name!r}")
        cf = concretes[j][0]
        keys = entry.get("output_keys")
        names = [p.op.name for p in cf.graph.inputs]
        if not (isinstance(keys, list) and len(keys) == len(cf.graph.outputs)):
            raise DataLossError(None, None, f"{path}: invalid output keys of signature {name!r}")
        root.signatures[str(name)] = SignatureFunction(cf, names, [str(k) for k in keys])
    return root


def _to_specs(structure):
    def spec(x):
        if isinstance(x, _Input):
            return TensorSpec(x.placeholder.shape, x.placeholder.dtype, x.placeholder.op.name)
        return x
    from ..function import _map
    return _map(spec, structure)


def _read_constants(export_dir, manifest, path) -> dict:
    expected = {}
    for data in manifest["concrete_functions"]:
        graph = data.get("graph") if isinstance(data, dict) else None
        for node in nested_nodes(graph):  # (with the nodes of cond branches and loop bodies)
            if isinstance(node, dict) and node.get("type") == "Const":
                key, dtype, shape = node.get("const"), node.get("dtype"), node.get("shape")
                if not isinstance(key, str) or not isinstance(dtype, str) or \
                        dtype not in {d.name for d in dtypes.ALL} or \
                        not isinstance(shape, list) or not all(type(d) is int and d >= 0
                                                               for d in shape):
                    raise DataLossError(None, None, f"{path}: invalid constant node "
                                                    f"{node.get('name')!r}")
                expected[key] = (np.dtype(dtypes.as_dtype(dtype).as_numpy_dtype), tuple(shape))
    return read_arrays(os.path.join(export_dir, "constants.npz"), expected,
                       manifest["constants_sha256"])


def _place(root, parts, value, path) -> None:
    """Sets root.a.b[0].c = value, creating plain objects and lists on the way."""
    obj = root
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(obj, list):
            if not part.isdigit() or int(part) > 10_000:
                raise DataLossError(None, None, f"{path}: invalid path {'/'.join(parts)!r}")
            while len(obj) <= int(part):
                obj.append(None)
            if last:
                obj[int(part)] = value
                return
            if obj[int(part)] is None:
                obj[int(part)] = [] if parts[i + 1].isdigit() else _UserObject()
            obj = obj[int(part)]
            continue
        if not part.isidentifier() or (part.startswith("__") and part != "__call__"):
            raise DataLossError(None, None, f"{path}: invalid attribute name {part!r}")
        if last:
            setattr(obj, part, value)
            return
        child = getattr(obj, part, None)
        if child is None or not isinstance(child, (list, _UserObject)):
            child = [] if parts[i + 1].isdigit() else _UserObject()
            setattr(obj, part, child)
        obj = child
