"""`tf.saved_model.load`: rebuild an object's variables and functions from its directory.

    >>> loaded = tf.saved_model.load("/tmp/scale")
    >>> loaded(tf.constant([1.0, 2.0]))            # runs the saved graph
    >>> loaded.signatures["serving_default"](x=tf.constant([1.0]))
    {'output_0': <tf.Tensor: ...>}

Nothing in the directory is ever run as Python: the manifest is JSON (read
with size and depth limits), arrays are `.npz` members checked against the
sizes the manifest declares, and every graph node is validated (graph_json.py).
The manifest names the variables index and the constants with their SHA-256,
so the files of two different saves are never combined: a mismatch is a
`DataLossError` naming the file.

What the loaded object offers, as in TF: the variables and functions at
their attribute paths (lists as ListWrapper), `signatures` (empty when the
model had no function that can serve), and each saved tf.function; one that
was never traced raises TF's "Found zero restored functions" when called.

Read next: saved_model.py (the format), graph_json.py (the graphs).
"""
from __future__ import annotations

import os

import numpy as np

from .. import dtypes, tracking
from ..concrete_function import FunctionType, signature_text
from ..errors import DataLossError, NotFoundError
from ..function import ConcreteFunction, TensorSpec, _map
from ..module import Module
from ..extension_type import ExtensionType, type_spec_from_value
from ..ragged.ragged_tensor import RaggedTensor
from ..ragged.spec import RaggedTensorSpec, components, from_components, spec_from_json
from ..tensor import Tensor, convert_to_tensor
from ..variables import Variable
from .checkpoint_files import SUFFIX, read_checkpoint
from .extension_json import spec_from_json as extension_spec_from_json
from .graph_json import decode_attr, graph_from_json
from .function_attrs import nested_nodes
from .json_arrays import decode_array
from .reading import open_regular, read_json, read_npz, sha256
from .saved_model import CONSTANTS, FORMAT, MANIFEST, VARIABLES, pending_ok

__all__ = ["load"]

class _SignatureMap(dict):
    """The `signatures` of a loaded object: {name: function}, printed as TF prints it."""

    def __repr__(self) -> str:
        return f"_SignatureMap({dict.__repr__(self)})"


class _UserObject(Module):
    """What `load` returns: attributes rebuilt from the saved paths (variables, functions)."""

    def __init__(self):
        super().__init__(name="loaded")
        self.signatures = _SignatureMap()

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
        if not self._candidates:   # TF: a tf.function saved before it was ever traced
            raise ValueError("Found zero restored functions for caller function.")
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
    def structured_outputs(self) -> dict:
        """{output key: TensorSpec named after the key}, as TF's loaded signatures give."""
        return {k: TensorSpec(t.shape, t.dtype, name=k)
                for k, t in zip(self._keys, self._concrete.graph.outputs)}

    @property
    def structured_input_signature(self) -> tuple:
        """((), {input name: TensorSpec}): a signature takes keyword arguments only."""
        return ((), {n: TensorSpec(p.shape, p.dtype, name=n)
                     for n, p in zip(self._inputs, self._concrete.graph.inputs)})

    @property
    def inputs(self) -> list:
        return list(self._concrete.graph.inputs)

    @property
    def outputs(self) -> list:
        return list(self._concrete.graph.outputs)

    @property
    def graph(self):
        return self._concrete.graph

    def _parameters(self) -> list:
        return [(n, "KEYWORD_ONLY", spec) for n, spec in self.structured_input_signature[1].items()]

    def pretty_printed_signature(self, verbose: bool = True) -> str:
        return signature_text(self._parameters(), self.structured_outputs,
                              self._concrete.graph.captured_variables)

    @property
    def function_type(self) -> FunctionType:
        return FunctionType(self, self._parameters(), self.structured_outputs)

    def __str__(self) -> str:
        return "ConcreteFunction " + self.pretty_printed_signature()

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and len(self._inputs) == 1 and not kwargs:
            kwargs = {self._inputs[0]: args[0]}  # TF: one input may be passed by position
        elif args:
            raise TypeError("Binding inputs to tf.function failed due to `too many positional "
                            f"arguments`: a signature function takes its inputs "
                            f"{', '.join(self._inputs)} as keyword arguments.")
        missing = [n for n in self._inputs if n not in kwargs]
        if missing or set(kwargs) - set(self._inputs):
            raise TypeError(f"Signature expects arguments {self._inputs}, got {sorted(kwargs)}.")
        tensors = [_to_tensor(kwargs[n], p) for n, p in zip(self._inputs, self._concrete.graph.inputs)]
        outputs = self._concrete._call_flat(tensors)
        if isinstance(outputs, dict):
            flat = [outputs[k] for k in sorted(outputs, key=str)]
        else:
            flat = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        return dict(zip(self._keys, flat))


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
    if isinstance(spec, (_RaggedInput, _ExtensionInput)):
        return spec.fits(value, found)
    if isinstance(spec, _Input):
        tensor = _to_tensor(value, spec.placeholder)
        if not TensorSpec(spec.placeholder.shape, spec.placeholder.dtype).is_compatible_with(tensor):
            return False
        found[spec.index] = tensor
        return True
    return not isinstance(value, (Tensor, np.ndarray)) and type(value) is type(spec) and value == spec


def _is_python_value(spec) -> bool:
    return not isinstance(spec, (_Input, _RaggedInput, _ExtensionInput, list, tuple, dict))


class _RaggedInput:
    """A saved RaggedTensor argument: its spec, and the graph inputs of its component tensors."""

    def __init__(self, spec: RaggedTensorSpec, parts: list):
        self.spec, self.parts = spec, parts

    def fits(self, value, found) -> bool:
        if not (isinstance(value, RaggedTensor) and
                RaggedTensorSpec.from_value(value).is_subtype_of(self.spec)):
            return False
        return all(_fits(part, tensor, found) for part, tensor in zip(self.parts, components(value)))

    def __repr__(self):
        return repr(self.spec)


def _ragged_leaf(leaf: dict, key: str, count: int, where: str) -> tuple:
    """(spec, tensor indices) of a saved RaggedTensor leaf; DataLossError if it is not one."""
    try:
        spec = spec_from_json(leaf.get("ragged"))
    except (TypeError, ValueError) as e:
        raise DataLossError(None, None, f"{where}: invalid ragged leaf ({e})") from None
    parts = leaf.get(key)
    if not (isinstance(parts, list) and len(parts) == len(spec._component_specs()) and
            all(type(k) is int and 0 <= k < count for k in parts)):
        raise DataLossError(None, None, f"{where}: invalid ragged leaf {str(leaf)[:80]}")
    return spec, parts


class _ExtensionInput:
    """A saved ExtensionType argument: its spec, and the graph inputs of its tensors."""

    def __init__(self, spec, parts: list):
        self.spec, self.parts = spec, parts

    def fits(self, value, found) -> bool:
        if not (isinstance(value, ExtensionType) and
                type_spec_from_value(value).is_subtype_of(self.spec)):
            return False
        return all(_fits(part, tensor, found)
                   for part, tensor in zip(self.parts, self.spec.to_tensors(value)))

    def __repr__(self):
        return repr(self.spec)


def _extension_leaf(leaf: dict, key: str, count: int, where: str) -> tuple:
    """(spec, tensor indices) of a saved ExtensionType leaf; DataLossError if it is not one."""
    spec = extension_spec_from_json(leaf.get("extension"), where)
    parts = leaf.get(key)
    if not (isinstance(parts, list) and len(parts) == len(spec._component_specs()) and
            all(type(k) is int and 0 <= k < count for k in parts)):
        raise DataLossError(None, None, f"{where}: invalid ExtensionType leaf {str(leaf)[:80]}")
    return spec, parts


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
        raise NotFoundError(None, None, f"SavedModel directory not found: {export_dir}")
    manifest = read_json(path, "SavedModel manifest")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or \
            manifest.get("version") != 1:
        raise DataLossError(None, None, f"{path} is not a {FORMAT} version 1 manifest")
    for key, kind in (("variables", list), ("functions", list), ("concrete_functions", list),
                      ("signatures", dict), ("constants_sha256", str), ("aliases", dict),
                      ("files", dict)):
        if not isinstance(manifest.get(key, {} if key in ("aliases", "files") else None), kind):
            raise DataLossError(None, None, f"{path}: missing or invalid {key!r}")
    return path, manifest


def _file(export_dir: str, manifest: dict, key: str, relative: str, path: str) -> tuple:
    """(path to read, expected SHA-256 or None) of a file the manifest names.

    The pending name while it exists (a save was interrupted after its
    manifest), else the final name; a pending name must be one of `relative`.
    """
    entry = manifest.get("files", {}).get(key)
    if entry is None:
        return os.path.join(export_dir, relative), None   # written before "files" existed
    pending = entry.get("pending") if isinstance(entry, dict) else None
    checksum = entry.get("sha256") if isinstance(entry, dict) else None
    if not isinstance(checksum, str) or (pending is not None and not (
            isinstance(pending, str) and pending_ok(pending, relative))):
        raise DataLossError(None, None, f"{path}: invalid entry for {key!r}: {str(entry)[:80]}")
    if pending is not None and os.path.lexists(os.path.join(export_dir, pending)):
        return os.path.join(export_dir, pending), checksum
    return os.path.join(export_dir, relative), checksum


def _checked(file_path: str, checksum, what: str, path: str) -> None:
    if checksum is not None and sha256(file_path, what) != checksum:
        raise DataLossError(None, None, f"{what} {file_path} does not match {path} (checksum "
                                        "mismatch: corrupted, or from another save)")


def load(export_dir: str, tags=None, options=None) -> _UserObject:
    """Loads a SavedModel: its functions run the saved graphs. Mirrors `tf.saved_model.load`."""
    export_dir = os.fspath(export_dir)
    path, manifest = _read_manifest(export_dir)
    index_path, checksum = _file(export_dir, manifest, "variables_index", VARIABLES + ".index", path)
    _checked(index_path, checksum, "variables index", path)
    saved, _ = read_checkpoint(os.path.join(export_dir, VARIABLES), index_path)
    root = _UserObject()
    variables = []
    for i, entry in enumerate(manifest["variables"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or \
                entry["key"] not in saved or not entry["key"].endswith(SUFFIX):
            raise DataLossError(None, None, f"{path}: variable #{i} is missing from the "
                                            f"variables checkpoint")
        key = entry["key"]
        var = Variable(saved[key], trainable=bool(entry.get("trainable", True)),
                       name=str(entry.get("name", "Variable")))
        variables.append(var)
        _place(root, key[:-len(SUFFIX)].split("/"), var, path)
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
            if isinstance(leaf, dict) and "ragged" in leaf:
                spec, parts = _ragged_leaf(leaf, "outputs", len(outputs), where)
                return from_components([outputs[k] for k in parts], spec)
            if isinstance(leaf, dict) and "extension" in leaf:
                spec, parts = _extension_leaf(leaf, "outputs", len(outputs), where)
                return spec.from_components([outputs[k] for k in parts])
            raise DataLossError(None, None, f"{where}: invalid output {leaf!r}")

        def input_leaf(leaf, inputs=graph.inputs, where=where):
            if isinstance(leaf, dict) and type(leaf.get("input")) is int and \
                    0 <= leaf["input"] < len(inputs):
                return _Input(leaf["input"], inputs[leaf["input"]])
            if isinstance(leaf, dict) and "value" in leaf:
                return decode_attr(leaf["value"], where)
            if isinstance(leaf, dict) and "ragged" in leaf:
                spec, parts = _ragged_leaf(leaf, "inputs", len(inputs), where)
                return _RaggedInput(spec, [_Input(k, inputs[k]) for k in parts])
            if isinstance(leaf, dict) and "extension" in leaf:
                spec, parts = _extension_leaf(leaf, "inputs", len(inputs), where)
                return _ExtensionInput(spec, [_Input(k, inputs[k]) for k in parts])
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
    _place_aliases(root, manifest.get("aliases", {}), path)
    return root


def _place_aliases(root, aliases: dict, path: str) -> None:
    """An object saved under two paths is found under both after loading (as in TF)."""
    for alias, target in sorted(aliases.items(), key=lambda kv: kv[0].count("/")):
        if not (isinstance(alias, str) and isinstance(target, str)):
            raise DataLossError(None, None, f"{path}: invalid alias {str(alias)[:80]!r}")
        obj = root
        for part in target.split("/"):
            obj = _get(obj, part)
            if obj is None:
                break
        if obj is not None and _get_path(root, alias) is None:
            _place(root, alias.split("/"), obj, path)


def _get(obj, part: str):
    part = tracking.unescape(part)
    if isinstance(obj, list):
        return obj[int(part)] if part.isdigit() and int(part) < len(obj) else None
    return vars(obj).get(part) if isinstance(obj, _UserObject) else None


def _get_path(root, path: str):
    obj = root
    for part in path.split("/"):
        obj = _get(obj, part)
        if obj is None:
            return None
    return obj


def _to_specs(structure):
    def spec(x):
        if isinstance(x, _Input):
            return TensorSpec(x.placeholder.shape, x.placeholder.dtype, x.placeholder.op.name)
        return x.spec if isinstance(x, (_RaggedInput, _ExtensionInput)) else x
    return _map(spec, structure)


def _read_constants(export_dir, manifest, path) -> dict:
    """The Const nodes' values: numbers from constants.npz, strings from the manifest."""
    expected = {}
    for data in manifest["concrete_functions"]:
        graph = data.get("graph") if isinstance(data, dict) else None
        for node in nested_nodes(graph):  # (with the nodes of cond branches and loop bodies)
            if isinstance(node, dict) and node.get("type") == "Const" and \
                    node.get("dtype") != "string":  # (strings: below)
                key, dtype, shape = node.get("const"), node.get("dtype"), node.get("shape")
                if not isinstance(key, str) or not isinstance(dtype, str) or \
                        dtype not in {d.name for d in dtypes.ALL} or \
                        not isinstance(shape, list) or not all(type(d) is int and d >= 0
                                                               for d in shape):
                    raise DataLossError(None, None, f"{path}: invalid constant node "
                                                    f"{node.get('name')!r}")
                expected[key] = (np.dtype(dtypes.as_dtype(dtype).as_numpy_dtype), tuple(shape))
    file_path, checksum = _file(export_dir, manifest, "constants", CONSTANTS, path)
    _checked(file_path, checksum or manifest["constants_sha256"], "constants file", path)
    with open_regular(file_path, "SavedModel constants file") as f:
        constants = read_npz(f, expected, f"SavedModel constants file {file_path}")
    strings = manifest.get("string_constants", {})
    if not isinstance(strings, dict) or any(k in constants for k in strings):
        raise DataLossError(None, None, f"{path}: invalid string_constants")
    for key, entry in strings.items():  # (each checked against its node when the graph is built)
        value = decode_array(entry, f"{path}: string constant {str(key)[:40]!r}")
        if value.dtype != object:
            raise DataLossError(None, None, f"{path}: string constant {str(key)[:40]!r} holds "
                                            "no strings")
        constants[key] = value
    return constants


def _place(root, parts, value, path) -> None:
    """Sets root.a.b[0].c = value, creating plain objects and lists on the way."""
    parts = [tracking.unescape(p) for p in parts]   # (names are escaped in saved paths)
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
        if not part.isidentifier() or part in _RESERVED or \
                (part.startswith("__") and part != "__call__"):
            raise DataLossError(None, None, f"{path}: invalid attribute name {part[:80]!r}")
        if last:
            setattr(obj, part, value)
            return
        child = vars(obj).get(part)
        if child is None or not isinstance(child, (list, _UserObject)):
            setattr(obj, part, [] if parts[i + 1].isdigit() else _UserObject())
            child = vars(obj)[part]   # (a list is kept as a ListWrapper: read it back)
        obj = child


# Names a saved path may not take on the loaded object: its own attributes and methods.
_RESERVED = frozenset(name for name in dir(_UserObject) if name != "__call__") | {"_name",
                                                                                   "signatures"}
