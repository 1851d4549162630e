"""`tf.saved_model.save`: a model's graphs and weights, runnable without its source.

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

What is saved: every `tf.function` on the object (and on the objects under
it), with the graphs it has traced (and its `input_signature`'s); every
variable reachable through attributes; and the `signatures`. Without
`signatures=`, TF's rule picks `serving_default`: the one function of the
root object that has an input_signature and returns tensors (a function
that returns None makes no signature, so a Module may have none).

The directory (our own format, documented here; never pickle):
- `saved_model.json` (the pointer, written last): {"format": "course.engine.saved_model",
  "version": 1, "variables": [{"key", "name", "trainable"}], "aliases": {path: path},
  "functions": [{"path": attribute path of the function, "concrete": [ids]}],
  "concrete_functions": [{"name", "graph": graph_json, "input_structure",
  "output_structure", "param_names"}], "signatures": {name: {"concrete": id,
  "output_keys": [...], "input_names": [...]}}, "constants_sha256",
  "files": {"constants": {"sha256", "pending"?}, "variables_index": {"sha256", "pending"?}}};
  graph_json is described in graph_json.py;
- `constants.npz`: the values of Const nodes; a string constant is kept in the JSON instead,
  "string_constants": {key: json_arrays.py's array}, since the .npz holds numbers only;
- `variables/variables.index` + `variables/variables.data-00000-of-00001`:
  a checkpoint (checkpoint_files.py) of the variables, keyed by attribute path.
Saving over an existing SavedModel writes the new files under pending names,
then the manifest, then moves them into place (atomic.py): a reader sees the
old model or the new one, never the old graphs with the new weights.

Loading: saved_model_load.py.
"""
from __future__ import annotations

import hashlib
import inspect
import io
import json
import logging
import os

import numpy as np

from .. import tracking
from ..context import state
from ..function import ConcreteFunction, Function, TensorSpec
from ..graph import SymbolicTensor
from ..ragged.ragged_tensor import RaggedTensor
from ..extension_type import ExtensionType, ExtensionTypeSpec, type_spec_from_value
from ..ragged.spec import RaggedTensorSpec, components, spec_to_json
from ..tensor import Tensor
from .atomic import (atomic_write, folder_lock, pending_name, publish, refuse_objects,
                     remove_leftovers)
from .checkpoint_files import DATA_SUFFIX, SUFFIX, encode_checkpoint, publish_data, settle
from .extension_json import spec_to_json as extension_spec_to_json
from .graph_json import GRAD_FN, encode_attr, graph_to_json
from .json_arrays import encode_array
from .reading import parse_json, read_text

__all__ = ["save", "load", "FORMAT", "MANIFEST"]

_log = logging.getLogger("course.engine")

FORMAT = "course.engine.saved_model"
MANIFEST = "saved_model.json"
CONSTANTS = "constants.npz"
VARIABLES = os.path.join("variables", "variables")
DEFAULT_SIGNATURE_ATTR = "_default_save_signature"   # TF's name for an explicit default


# -- what is saved ----------------------------------------------------------------------------
def _trackable_objects(obj) -> dict:
    """{attribute path: object} for obj and every trackable object under it."""
    out, seen = {(): obj}, {id(obj)}

    def walk(o, path):
        for key, child in tracking.children(o):
            if id(child) in seen:
                continue
            if isinstance(child, (dict, list, tuple)) or tracking.is_trackable(child):
                seen.add(id(child))
                if tracking.is_trackable(child):
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
    """The traces of `fn` to save: as TF does, each of its traces is traced once more in the save
    context (a function that prints while tracing prints again), and that trace is saved. A
    function with an input_signature is saved with its signature's trace, called or not."""
    if fn.input_signature is not None:
        return [fn.get_concrete_function()]
    distinct = {id(cf): cf for cf in fn._cache.values()}.values()  # (several calls can share one)
    return [fn.get_concrete_function(*args, **kwargs)
            for args, kwargs in (cf.structured_input_signature for cf in distinct)]


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
        if isinstance(x, RaggedTensorSpec):  # one graph input per component tensor
            return {"ragged": spec_to_json(x),
                    "inputs": [next(specs) for _ in x._component_specs()]}
        if isinstance(x, ExtensionTypeSpec):  # (likewise: extension_json.py)
            return {"extension": extension_spec_to_json(x),
                    "inputs": [next(specs) for _ in x._component_specs()]}
        return {"value": encode_attr(x)}

    def output_leaf(x):
        if isinstance(x, SymbolicTensor):
            return {"output": outputs[id(x)]}
        if isinstance(x, RaggedTensor):  # one graph output per component tensor
            return {"ragged": spec_to_json(RaggedTensorSpec.from_value(x)),
                    "outputs": [outputs[id(t)] for t in components(x)]}
        if isinstance(x, ExtensionType):
            spec = type_spec_from_value(x)
            return {"extension": extension_spec_to_json(spec),
                    "outputs": [outputs[id(t)] for t in spec.to_tensors(x)]}
        return {"value": encode_attr(x)}

    return {"name": cf.name, "graph": graph, "param_names": param_names,
            "input_structure": _encode_structure(cf.structured_input_signature, input_leaf),
            "output_structure": _encode_structure(cf.structured_outputs, output_leaf)}


# -- signatures, by TF's rules ------------------------------------------------------------------
def _signature_outputs(cf: ConcreteFunction, name: str) -> list:
    """(key, tensor) pairs of a signature's outputs: dict keys, else output_0, output_1, ...

    TF: a signature returns a tensor, a sequence of tensors or a dict from
    strings to tensors; anything else raises ValueError with this message.
    """
    outputs = cf.structured_outputs
    if isinstance(outputs, dict):
        pairs = [(k, outputs[k]) for k in sorted(outputs, key=str)]
    else:
        items = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        pairs = [(f"output_{i}", t) for i, t in enumerate(items)]
    for key, value in pairs:
        if not isinstance(key, str):
            raise ValueError(f"Got a dictionary with a non-string key {key!r} in the output of "
                             f"the function {cf.name} used to generate the SavedModel signature "
                             f"{name!r}.")
        if not isinstance(value, Tensor):
            raise ValueError(f"Got a non-Tensor value {value!r} for key {key!r} in the output of "
                             f"the function {cf.name} used to generate the SavedModel signature "
                             f"{name!r}. Outputs for functions used as signatures must be a single "
                             "Tensor, a sequence of Tensors, or a dictionary from string to Tensor.")
    return pairs


def _valid_signature(cf: ConcreteFunction) -> bool:
    """TF's test for a default signature: it has outputs, and they are tensors."""
    if not cf.graph.outputs:
        return False
    try:
        _signature_outputs(cf, "unused")
    except ValueError:
        return False
    return True


def _default_signature(obj):
    """TF's `find_function_to_export`: the root's one function that can be a signature."""
    explicit = getattr(obj, DEFAULT_SIGNATURE_ATTR, None)  # (a property on Keras 3 models)
    if isinstance(explicit, Function) and explicit.input_signature is not None:
        return explicit.get_concrete_function()
    if isinstance(explicit, ConcreteFunction):
        return explicit
    possible = []
    for name in sorted(set(dir(type(obj))) | set(getattr(obj, "__dict__", {}))):
        if name.startswith("__tf_function_"):
            continue
        try:
            raw = inspect.getattr_static(obj, name)
        except AttributeError:
            continue
        if not isinstance(raw, (Function, ConcreteFunction)):
            continue
        fn = getattr(obj, name)
        if isinstance(fn, Function):
            if fn.input_signature is None:
                continue
            fn = fn.get_concrete_function()
        if name == DEFAULT_SIGNATURE_ATTR:
            return fn
        if _valid_signature(fn):
            possible.append(fn)
    return possible[0] if len(possible) == 1 else None


def _signature_map(obj, signatures) -> dict:
    """{signature name: ConcreteFunction}, as TF picks them."""
    if signatures is None:
        default = _default_signature(obj)
        return {} if default is None else {"serving_default": default}
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
        _signature_outputs(fn, name)
        out[name] = fn
    return out


# -- writing ------------------------------------------------------------------------------------
def save(obj, export_dir: str, signatures=None, options=None) -> None:
    """Writes `obj`'s traced functions and variables to `export_dir`. Mirrors `tf.saved_model.save`.

    Its tf.functions trace again while it runs (TF's save context), once per trace they
    have: the graphs saved are made for saving. A second save reuses those traces.
    """
    export_dir = os.fspath(export_dir)
    was_saving, state.saving = state.saving, True
    try:
        _save(obj, export_dir, signatures, options)
    finally:
        state.saving = was_saving


def _save(obj, export_dir: str, signatures, options) -> None:
    functions = {path: _functions_of(o) for path, o in _trackable_objects(obj).items()}
    # Tracing can create variables (a model built on its first call, inside a signature) and
    # trace the functions it calls: trace everything first, then collect the variables.
    for fns in functions.values():
        for fn in fns.values():
            _concretes_of(fn)
    signature_map = _signature_map(obj, signatures)
    paths, aliases = tracking.object_graph(dict(tracking.children(obj)), root=obj)
    variables = {path + SUFFIX: var for path, var in paths.items()}
    keys = sorted(variables)
    variable_index = {id(variables[k]): i for i, k in enumerate(keys)}
    concretes, concrete_ids, function_entries, constants = [], {}, [], {}
    custom_gradients: set = set()  # nodes whose gradient function stays in Python

    def concrete_id(cf, param_names):
        if id(cf) not in concrete_ids:
            concrete_ids[id(cf)] = len(concretes)
            concretes.append(_concrete_json(cf, variable_index, constants, param_names))
            custom_gradients.update(n.name for n in cf.graph._operations if GRAD_FN in n.attrs)
        return concrete_ids[id(cf)]

    for path, fns in functions.items():
        for name, fn in fns.items():
            params = list(fn._signature.parameters)
            ids = [concrete_id(cf, params) for cf in _concretes_of(fn)]
            # TF keeps an untraced tf.function too: calling it says no graph was saved
            function_entries.append({"path": list(path) + [name], "concrete": ids})
    signature_entries = {}
    for name, cf in signature_map.items():
        signature_entries[name] = {"concrete": concrete_id(cf, [p.op.name for p in cf.graph.inputs]),
                                   "output_keys": [k for k, _ in _signature_outputs(cf, name)],
                                   "input_names": [p.op.name for p in cf.graph.inputs]}
    if custom_gradients and (options is None or options.experimental_custom_gradients):
        _warn_custom_gradients(export_dir, sorted(custom_gradients))
    data, index = encode_checkpoint({k: variables[k] for k in keys}, aliases)
    # numbers go to constants.npz; strings (object arrays, which NumPy would pickle) to the JSON
    strings = {k: encode_array(v) for k, v in constants.items() if v.dtype == object}
    numbers = {k: v for k, v in constants.items() if v.dtype != object}
    refuse_objects(numbers)
    buffer = io.BytesIO()
    np.savez(buffer, **numbers)
    manifest = {"format": FORMAT, "version": 1,
                "variables": [{"key": k, "name": variables[k]._name,
                               "trainable": variables[k].trainable} for k in keys],
                "aliases": aliases, "functions": function_entries,
                "concrete_functions": concretes, "signatures": signature_entries}
    if strings:
        manifest["string_constants"] = strings
    _write_files(export_dir, manifest, data, index, buffer.getvalue())


def _warn_custom_gradients(export_dir: str, names: list) -> None:
    """TF saves custom gradient functions (`SaveOptions(experimental_custom_gradients=True)`,
    the default); the engine saves graphs, not Python functions, so it says what changes."""
    _log.warning("tf.saved_model.save(%r): the gradient functions of the tf.custom_gradient "
                 "nodes %s are Python functions, which this engine does not save: loaded in "
                 "this Python process the model finds them again, in another one it "
                 "differentiates the ops inside instead.", export_dir, ", ".join(names))


def _write_files(export_dir: str, manifest: dict, data: bytes, index: dict, constants: bytes) -> None:
    """Variables, constants, then the manifest: pending names first when overwriting."""
    with folder_lock(export_dir):
        _settle(export_dir)
        overwrite = os.path.lexists(os.path.join(export_dir, MANIFEST))
        moves = []   # (pending, final), in the order they are published

        def put(relative: str, payload: bytes) -> dict:
            final = os.path.join(export_dir, relative)
            target = pending_name(final) if overwrite else final
            atomic_write(target, payload)
            entry = {"sha256": hashlib.sha256(payload).hexdigest()}
            if overwrite:
                moves.append((target, final))
                entry["pending"] = os.path.relpath(target, export_dir).replace(os.sep, "/")
            return entry

        index["data_file"] = "variables" + DATA_SUFFIX
        data_entry = put(VARIABLES + DATA_SUFFIX, data)
        if overwrite:
            index["pending_data_file"] = os.path.basename(data_entry["pending"])
        files = {"variables_index": put(VARIABLES + ".index",
                                        json.dumps(index, indent=1, sort_keys=True).encode()),
                 "constants": put(CONSTANTS, constants)}
        manifest["constants_sha256"] = files["constants"]["sha256"]
        manifest["files"] = files
        atomic_write(os.path.join(export_dir, MANIFEST), json.dumps(manifest, indent=1).encode())
        for pending, final in moves:   # committed: move into place (readers accept both names)
            publish(pending, final)


def _settle(export_dir: str) -> None:
    """Finishes a killed save: the files its manifest names under pending names move into
    place (data before the index that names it), then leftovers go."""
    try:
        manifest = parse_json(read_text(os.path.join(export_dir, MANIFEST), "manifest"), "manifest")
        files = manifest.get("files") if isinstance(manifest, dict) else None
    except Exception:  # noqa: BLE001 - no usable manifest: nothing was committed
        files = None
    committed = {}
    for key, relative in (("variables_index", VARIABLES + ".index"), ("constants", CONSTANTS)):
        entry = files.get(key) if isinstance(files, dict) else None
        pending = entry.get("pending") if isinstance(entry, dict) else None
        if isinstance(pending, str) and pending_ok(pending, relative) and \
                os.path.isfile(os.path.join(export_dir, pending)):
            committed[relative] = os.path.join(export_dir, pending)
    variables = os.path.join(export_dir, VARIABLES)
    # the data file the committed index names first, then that index, then the constants
    publish_data(variables, committed.get(VARIABLES + ".index", variables + ".index"))
    for relative, pending in committed.items():
        publish(pending, os.path.join(export_dir, relative))
    settle(variables)
    remove_leftovers(export_dir, lambda final: final in (MANIFEST, CONSTANTS))


def pending_ok(pending: str, relative: str) -> bool:
    """Whether `pending` is a pending name of `relative` (and so stays inside the folder)."""
    from .atomic import PENDING
    relative = relative.replace(os.sep, "/")
    folder, _, name = pending.rpartition("/")
    match = PENDING.match(name)
    return bool(match) and (folder + "/" if folder else "") + match.group("final") == relative


def load(export_dir: str, tags=None, options=None):
    """Loads a SavedModel: its functions run the saved graphs. Mirrors `tf.saved_model.load`.
    (A TF1 SavedModel, from tf.compat.v1.saved_model: see tf1_saved_model.py.)"""
    from .saved_model_load import load as _load
    from .tf1_saved_model import is_tf1_saved_model, load_in_v2
    if is_tf1_saved_model(export_dir):
        return load_in_v2(export_dir, tags)
    return _load(export_dir, tags, options)
