"""TF1 SavedModels: a Session's graph, its variables' values and its signatures.

    >>> with tf.Graph().as_default():
    ...     with tf.compat.v1.Session() as sess:
    ...         x = tf.compat.v1.placeholder(tf.float32, shape=[])
    ...         tf.compat.v1.saved_model.simple_save(sess, "/tmp/add-two",
    ...                                              inputs={"input": x}, outputs={"output": x + 2})
    >>> with tf.Graph().as_default():                            # TF1: into a Session
    ...     with tf.compat.v1.Session() as sess:
    ...         meta = tf.compat.v1.saved_model.load(sess, ["serve"], "/tmp/add-two")
    ...         sig = meta.signature_def["serving_default"]
    ...         sess.run(sig.outputs["output"].name, {sig.inputs["input"].name: 5.0})
    7.0
    >>> tf.saved_model.load("/tmp/add-two").signatures["serving_default"](tf.constant(5.0))
    {'output': <tf.Tensor: shape=(), dtype=float32, numpy=7.0>}                   # TF2

The folder (the engine's format, documented here; TF's is protobuf):
- `saved_model.json` (written last, by `Builder.save()`): {"format":
  "course.engine.tf1_saved_model", "version": 1, "meta_graphs": [MetaGraph
  documents (meta_graph.py), each with "tags" and "signature_def" {key:
  SignatureDef as JSON (signature_def.py)}], "files": {"variables_index":
  {"sha256"}}};
- `variables/variables.index` + `.data-00000-of-00001`: a checkpoint
  (checkpoint_files.py) of the variables, keyed by name, as a Saver writes it.

TF2's `tf.saved_model.load` of such a folder imports the graph with
`tf.compat.v1.wrap_function` (its variables lifted out, with the saved values)
and makes each signature a function pruned from it, as TF does.
Read next: meta_graph.py, signature_def.py, ../wrapped_function.py.
"""
from __future__ import annotations

import json
import os

from .. import deprecation
from ..concrete_function import FunctionType, signature_text
from ..errors import DataLossError
from ..function import TensorSpec
from ..graph.core import get_default_graph
from ..wrapped_function import wrap_function
from .atomic import atomic_write, folder_lock
from .checkpoint_files import read_checkpoint, write_checkpoint
from .in_session import SavedValue, assign_in_session
from .meta_graph import MetaGraphDef, check_meta, graph_to_meta, import_meta
from .reading import read_json, sha256
from .saved_model import FORMAT as TF2_FORMAT, MANIFEST
from .saved_model_load import SignatureFunction, _SignatureMap
from .signature_def import V1_NOTE, SignatureDef, predict_signature_def
from .tf2_in_session import load_into_session

__all__ = ["Builder", "simple_save", "load", "load_in_v2", "is_tf1_saved_model", "FORMAT"]

FORMAT = "course.engine.tf1_saved_model"
VARIABLES = os.path.join("variables", "variables")
# Keys TF keeps for itself in a signature map
_RESERVED_KEYS = {"__saved_model_init_op": "initialization",
                  "__saved_model_train_op": "the train op"}


def _graph_variables(graph) -> list:
    return [h._value.const for h in graph._handles.values()]


class Builder:
    """Writes a SavedModel of TF1 graphs. Mirrors `tf.compat.v1.saved_model.Builder`
    (SavedModelBuilder): `add_meta_graph_and_variables` once (the graph and the variables'
    values in a Session), `add_meta_graph` for more graphs, then `save()`."""

    def __init__(self, export_dir):
        self._export_dir = os.fspath(export_dir)
        if os.path.exists(self._export_dir):
            if os.listdir(self._export_dir):
                raise AssertionError(
                    f"Export directory {self._export_dir} already exists, and isn't empty. "
                    "Please choose a different export directory, or delete all the contents of "
                    "the specified directory.")
        else:
            os.makedirs(self._export_dir)
        self._meta_graphs: list = []
        self._index_sha256 = None

    def add_meta_graph_and_variables(self, sess, tags, signature_def_map=None,
                                     assets_collection=None, legacy_init_op=None,
                                     clear_devices=False, main_op=None,
                                     strip_default_attrs=False, saver=None, init_op=None,
                                     train_op=None) -> None:
        """Adds `sess.graph` under `tags` and writes its variables' values in `sess`."""
        if self._index_sha256 is not None:
            raise AssertionError("Graph state including variables and assets has already been "
                                 "saved. Please invoke `add_meta_graph()` instead.")
        signature_def_map = _checked_signatures(signature_def_map)
        variables = _graph_variables(sess.graph)
        values = sess.run(variables) if variables else []
        prefix = os.path.join(self._export_dir, VARIABLES)
        write_checkpoint(prefix, {v._name: SavedValue(x) for v, x in zip(variables, values)})
        self._index_sha256 = sha256(prefix + ".index", "variables index")
        self._add(sess.graph, tags, signature_def_map)

    def add_meta_graph(self, tags, signature_def_map=None, assets_collection=None,
                       legacy_init_op=None, clear_devices=False, main_op=None,
                       strip_default_attrs=False, saver=None, init_op=None, train_op=None) -> None:
        """Adds the default graph under other `tags` (its variables' values are those saved by
        `add_meta_graph_and_variables`, by name)."""
        if self._index_sha256 is None:
            raise AssertionError("Graph state including variables and assets has not been saved "
                                 "yet. Please invoke `add_meta_graph_and_variables()` first.")
        self._add(get_default_graph(), tags, _checked_signatures(signature_def_map))

    def _add(self, graph, tags, signature_def_map: dict) -> None:
        doc = graph_to_meta(graph, {v._name: v for v in _graph_variables(graph)})
        doc["tags"] = [tags] if isinstance(tags, str) else [str(t) for t in tags]
        doc["signature_def"] = {k: s.to_json() for k, s in signature_def_map.items()}
        self._meta_graphs.append(doc)

    def save(self, as_text: bool = False) -> bytes:
        """Writes `saved_model.json` (the pointer: the SavedModel exists from now on); returns
        its path, as bytes like TF's."""
        if self._index_sha256 is None:
            raise AssertionError("Graph state including variables and assets has not been saved "
                                 "yet. Please invoke `add_meta_graph_and_variables()` first.")
        manifest = {"format": FORMAT, "version": 1, "meta_graphs": self._meta_graphs,
                    "files": {"variables_index": {"sha256": self._index_sha256}}}
        path = os.path.join(self._export_dir, MANIFEST)
        with folder_lock(self._export_dir):
            atomic_write(path, json.dumps(manifest, indent=1 if as_text else None).encode())
        return path.encode()


def _checked_signatures(signature_def_map) -> dict:
    signature_def_map = dict(signature_def_map or {})
    for key, sig in signature_def_map.items():
        if not isinstance(sig, SignatureDef):
            raise TypeError(f"signature_def_map[{key!r}] must be a SignatureDef (from "
                            f"predict_signature_def or build_signature_def), got {sig!r}")
        if key in _RESERVED_KEYS:
            raise KeyError(f'SignatureDef map key "{key}" is reserved for '
                           f"{_RESERVED_KEYS[key]}. Please use a different key.")
    return signature_def_map


def simple_save(session, export_dir, inputs: dict, outputs: dict, legacy_init_op=None) -> None:
    """A SavedModel with one graph, tagged "serve", and one prediction signature,
    "serving_default". Mirrors `tf.compat.v1.saved_model.simple_save`."""
    deprecation.log_once("simple_save (from tensorflow.python.saved_model.simple_save)",
                         V1_NOTE, depth=1)
    builder = Builder(export_dir)
    builder.add_meta_graph_and_variables(
        session, ["serve"], {"serving_default": predict_signature_def(inputs, outputs)})
    builder.save()


# -- reading ----------------------------------------------------------------------------------
def _manifest_path(export_dir: str) -> str:
    return os.path.join(export_dir, MANIFEST)


def is_tf1_saved_model(export_dir) -> bool:
    """Whether `export_dir` holds a SavedModel of TF1 graphs (else: TF2's, or none)."""
    path = _manifest_path(os.fspath(export_dir))
    if not os.path.isfile(path):
        return False
    manifest = read_json(path, "SavedModel manifest")
    return isinstance(manifest, dict) and manifest.get("format") == FORMAT


def _read(export_dir: str, tf2_too: bool = False) -> tuple:
    path = _manifest_path(export_dir)
    if not os.path.lexists(path):
        raise OSError(f"SavedModel file does not exist at: {path}")
    manifest = read_json(path, "SavedModel manifest")
    if not isinstance(manifest, dict):
        raise DataLossError(None, None, f"{path} is not a {FORMAT} version 1 manifest")
    if manifest.get("format") == TF2_FORMAT:
        if tf2_too:
            return path, manifest
        raise DataLossError(None, None, f"{path} is a TF2 SavedModel (tf.saved_model.save)")
    graphs, files = manifest.get("meta_graphs"), manifest.get("files")
    if manifest.get("format") != FORMAT or manifest.get("version") != 1 or \
            not isinstance(graphs, list) or not graphs or not isinstance(files, dict) or \
            not isinstance(files.get("variables_index"), dict) or \
            not isinstance(files["variables_index"].get("sha256"), str):
        raise DataLossError(None, None, f"{path} is not a {FORMAT} version 1 manifest")
    for doc in graphs:
        check_meta(doc, path)
        if not isinstance(doc.get("tags"), list) or \
                not all(isinstance(t, str) for t in doc["tags"]):
            raise DataLossError(None, None, f"{path}: a MetaGraph has invalid tags")
    return path, manifest


def _find(manifest: dict, tags, path: str) -> dict:
    graphs = manifest["meta_graphs"]
    if tags is None:   # (TF2's load: the only MetaGraph)
        if len(graphs) == 1:
            return graphs[0]
        raise ValueError(f"Importing a SavedModel with `tf.saved_model.load` requires a `tags=` "
                         f"argument if there is more than one MetaGraph. Got `tags=None`, but "
                         f"there are {len(graphs)} MetaGraphs in the SavedModel with tag sets: "
                         f"{[doc['tags'] for doc in graphs]}. Pass a `tags=` argument to load "
                         "this SavedModel.")
    wanted = {tags} if isinstance(tags, str) else set(tags)
    for doc in graphs:
        if set(doc["tags"]) == wanted:
            return doc
    available = [set(doc["tags"]) for doc in graphs]
    raise RuntimeError(f"MetaGraphDef associated with tags {str(tags).strip('[]')} could not be "
                       f"found in SavedModel, with available tags '{available}'. To inspect "
                       "available tag-sets in the SavedModel, please use the SavedModel CLI: "
                       "`saved_model_cli`.")


def _signatures(doc: dict, path: str) -> dict:
    entries = doc.get("signature_def", {})
    if not isinstance(entries, dict):
        raise DataLossError(None, None, f"{path}: invalid signature_def")
    return {str(k): SignatureDef.from_json(v, f"{path}: signature {str(k)[:40]!r}")
            for k, v in entries.items()}


def _saved_values(export_dir: str, manifest: dict, path: str, doc: dict, variables: list) -> list:
    """(variable, saved value) pairs, checked against the variables' dtypes and shapes."""
    prefix = os.path.join(export_dir, VARIABLES)
    if sha256(prefix + ".index", "variables index") != \
            manifest["files"]["variables_index"]["sha256"]:
        raise DataLossError(None, None, f"variables index {prefix}.index does not match {path} "
                                        "(checksum mismatch: corrupted, or from another save)")
    saved, _ = read_checkpoint(prefix)
    keys = doc.get("saver", {}).get("keys", {}) if isinstance(doc.get("saver"), dict) else None
    if not isinstance(keys, dict) or not all(type(j) is int and 0 <= j < len(variables)
                                             for j in keys.values()):
        raise DataLossError(None, None, f"{path}: invalid saver entry")
    pairs = []
    for key, j in keys.items():
        var, value = variables[j], saved.get(key)
        if value is None or tuple(value.shape) != tuple(var.shape) or \
                value.dtype != var.dtype.as_numpy_dtype:
            raise DataLossError(None, None, f"{prefix}: no value of {var.dtype.name} "
                                            f"{tuple(var.shape)} for variable {key!r}")
        pairs.append((var, value))
    return pairs


def load(sess, tags, export_dir, import_scope=None, **saver_kwargs) -> MetaGraphDef:
    """TF1: adds the SavedModel's graph tagged `tags` to `sess.graph` and gives its variables
    their saved values in `sess`. Mirrors `tf.compat.v1.saved_model.load`."""
    deprecation.log_once("load (from tensorflow.python.saved_model.loader_impl)",
                         "Use `tf.saved_model.load` instead.", depth=1)
    export_dir = os.fspath(export_dir)
    path, manifest = _read(export_dir, tf2_too=True)
    if manifest["format"] == TF2_FORMAT:   # (TF1 code reading a TF2 model: its signatures)
        return load_into_session(sess, tags, export_dir)
    doc = _find(manifest, tags, path)
    signatures = _signatures(doc, path)
    with sess.graph.as_default():
        _, variables = import_meta(doc, path, import_scope)
    pairs = _saved_values(export_dir, manifest, path, doc, variables)
    if pairs:
        assign_in_session(pairs, sess)
    return MetaGraphDef(doc, signatures)


class LoadedV1:
    """What TF2's `tf.saved_model.load` gives for a TF1 SavedModel: `signatures` (functions
    taking the inputs by key, returning a dict), `variables`, `graph` and `prune`."""

    def __init__(self, wrapped, variables: list, signatures: dict):
        self.graph = wrapped.graph
        self.prune = wrapped.prune
        self.variables = list(variables)
        self.signatures = _SignatureMap(signatures)


class V1Signature(SignatureFunction):
    """A TF1 signature in TF2: its inputs, sorted by key, by keyword or by position (TF's
    pruned function); its outputs in the SignatureDef's order. Prints as TF's."""

    def _parameters(self) -> list:
        return [(n, "POSITIONAL_OR_KEYWORD", spec)
                for n, spec in self.structured_input_signature[1].items()]

    def _output_specs(self) -> dict:
        return {k: TensorSpec(t.shape, t.dtype)
                for k, t in zip(self._keys, self._concrete.graph.outputs)}

    def pretty_printed_signature(self, verbose: bool = True) -> str:
        return signature_text(self._parameters(), self._output_specs(),
                              self._concrete.graph.captured_variables)

    @property
    def function_type(self) -> FunctionType:
        return FunctionType(self, self._parameters(), self._output_specs())

    def __repr__(self) -> str:
        return f"<ConcreteFunction {self.function_type!s} at 0x{id(self):X}>"

    def __call__(self, *args, **kwargs):
        if len(args) > len(self._inputs):
            raise TypeError(f"Signature takes {len(self._inputs)} positional arguments "
                            f"({', '.join(self._inputs)}), got {len(args)}.")
        for name, value in zip(self._inputs, args):
            if name in kwargs:
                raise TypeError(f"got multiple values for argument {name!r}")
            kwargs[name] = value
        return super().__call__(**kwargs)


def load_in_v2(export_dir, tags=None) -> LoadedV1:
    """TF2's `tf.saved_model.load` of a TF1 SavedModel (see the module docstring)."""
    export_dir = os.fspath(export_dir)
    path, manifest = _read(export_dir)
    doc = _find(manifest, tags, path)
    signatures = _signatures(doc, path)
    imported: list = []
    wrapped = wrap_function(lambda: imported.extend(import_meta(doc, path)[1]) and None, [])
    for var, value in _saved_values(export_dir, manifest, path, doc, imported):
        var.assign(value)
    functions = {}
    for key, sig in signatures.items():
        ins, outs = sorted(sig.inputs.items()), list(sig.outputs.items())
        try:
            feeds = [wrapped.graph.get_tensor_by_name(info.name) for _, info in ins]
            fetches = [wrapped.graph.get_tensor_by_name(info.name) for _, info in outs]
        except KeyError as e:
            raise DataLossError(None, None, f"{path}: signature {key!r} names a tensor the "
                                            f"graph lacks ({e})") from None
        pruned = wrapped.prune(feeds, fetches, name=key)
        functions[key] = V1Signature(pruned, [k for k, _ in ins], [k for k, _ in outs])
    return LoadedV1(wrapped, imported, functions)
