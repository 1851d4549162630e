"""Saving and loading models, and the `summary()` table.

File names follow Keras 3's rules; the contents are this engine's own,
documented format (not Keras's HDF5):

- `model.save("m.keras")`: a zip archive holding `config.json` (the layer
  configs, compile settings and a format tag), `weights.npz` (one NumPy
  array per weight, in `model.weights` order) and, once a compiled model has
  trained, `optimizer.npz` (the optimizer's `variables`: iterations, learning
  rate, slots such as Adam's moments), so that `load_model` resumes training
  exactly where it stopped, as Keras 3 does.
- `model.save_weights("m.weights.h5")`: just the weights, as an `.npz`
  archive (a zip of `.npy` files) under Keras's required name.
- `model.save("m.h5")` (Keras 3's legacy HDF5 name, with its warning): the
  same archive as `.keras`.

Writing is atomic (saving/atomic.py: temporary file, fsync, rename): a crash
leaves the old file or the new one. Loading never runs code from a file and
is bounded before it allocates (saving/reading.py): only regular files,
config.json at most 16 MB and 100 levels deep, layer configs checked by the
layer classes, every weight counted against what the file can hold
(`_WeightBudget`), archive members decompressed only up to the size the
model needs. A bad file gives a TF error naming it and the problem
(`DataLossError`, `InvalidArgumentError`, `ResourceExhaustedError`,
`NotFoundError`); a good file that does not fit the model gives Keras's
`ValueError`. A `.keras` or `.weights.h5` written by real Keras (HDF5 inside)
is recognised and refused with a clear message.
"""
from __future__ import annotations

import contextlib
import io
import json
import os

import numpy as np

from ..errors import DataLossError, InvalidArgumentError, ResourceExhaustedError
from ..saving import reading
from ..saving.atomic import atomic_write, folder_lock, remove_leftovers
# `keras.saving.register_keras_serializable` (Keras 3's home for it; tf.keras.utils has it too)
from .registration import (CustomObjectScope, custom_object_scope, get_custom_objects,
                           get_registered_name, get_registered_object, register_keras_serializable)
from . import saving_assets
from .serialization import deserialize_keras_object, serialize_keras_object

__all__ = ["save_model", "load_model", "save_weights", "load_weights", "print_summary",
           "FORMAT", "register_keras_serializable", "get_registered_object",
           "get_registered_name", "get_custom_objects", "custom_object_scope",
           "CustomObjectScope", "serialize_keras_object", "deserialize_keras_object"]

FORMAT = "course.engine.keras/1"
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
MAX_CONFIG_BYTES = 16 << 20
MAX_MODEL_BYTES = 2 << 30        # weights a loaded model may hold (a laptop's worth)
_NPY_OVERHEAD = 1 << 10          # per array in an .npz: zip entry + .npy header, generously
_DEFLATE_MAX_RATIO = 1100        # deflate cannot expand data more than ~1032 times


# -- writing -----------------------------------------------------------------------------------
def _write(filepath: str, write) -> None:
    """Atomic write of one file, after removing what killed saves of it left behind."""
    folder = os.path.dirname(os.path.abspath(filepath))
    with folder_lock(folder):
        remove_leftovers(folder, lambda final: final == os.path.basename(filepath))
        atomic_write(filepath, write)


def _npz(variables) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **{f"w{i:04d}": np.asarray(v.numpy()) for i, v in enumerate(variables)})
    return buffer.getvalue()


def save_model(model, filepath, overwrite: bool = True) -> None:
    """Writes config + weights to `filepath`, which must end in `.keras`."""
    import zipfile  # (imported on use: keeps `import course.engine` fast)
    filepath = os.fspath(filepath)
    if not filepath.endswith((".keras", ".h5", ".hdf5")):
        raise ValueError("Invalid filepath extension for saving. Please add either a `.keras` "
                         "extension for the native Keras format (recommended) or a `.h5` "
                         "extension. Use `model.export(filepath)` if you want to export a "
                         f"SavedModel for use with TFLite/TFServing/etc. Received: filepath="
                         f"{filepath}.")
    if filepath.endswith((".h5", ".hdf5")):  # (Keras 3 writes legacy HDF5 there; we, our zip)
        import warnings
        warnings.warn("You are saving your model as an HDF5 file via `model.save()` or "
                      "`keras.saving.save_model(model)`. This file format is considered legacy. "
                      "We recommend using instead the native Keras format, e.g. "
                      "`model.save('my_model.keras')` or `keras.saving.save_model(model, "
                      "'my_model.keras')`. ", UserWarning, stacklevel=3)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False.")
    from .models import Functional, Sequential
    config = {"format": FORMAT, "class_name": type(model).__name__,
              "config": model.get_config(), "compile_config": _compile_config(model)}
    if hasattr(model, "get_compile_config"):  # (your model's own: Keras 3's hook)
        config["compile_config"] = None
        config["custom_compile_config"] = serialize_keras_object(model.get_compile_config())
    if not isinstance(model, (Sequential, Functional)):
        # A subclassed model's architecture is its Python class: the file names the class
        # and the input shape of its first call (Keras's build_config); load_model needs
        # the class itself, passed in custom_objects.
        if model._build_shape is None:
            raise ValueError(f"Model {model.name!r} has not been built yet: call it on a batch "
                             "of data (or fit it) before saving, so its weights exist.")
        config["build_input_shape"] = list(model._build_shape)
        config["registered_name"] = get_registered_name(type(model))  # e.g. "Custom>MyModel"
    compiled = config["compile_config"] is not None or "custom_compile_config" in config
    optimizer = model.optimizer if compiled and getattr(model.optimizer, "built", False) \
        else None
    members = {"config.json": json.dumps(config, indent=2).encode(),
               "weights.npz": _npz(model.weights)}
    if optimizer is not None:
        members["optimizer.npz"] = _npz(optimizer.variables)
    members.update(saving_assets.asset_members(model))  # (layers' save_assets files)

    def write(f):
        with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)
    _write(filepath, write)


def _compile_config(model):
    if not getattr(model, "_compiled", False):
        return None
    from . import losses, optimizers  # (a loss per output: the model loads uncompiled)
    return {"optimizer": {"class_name": type(model.optimizer).__name__,
                          "config": model.optimizer.get_config()},
            "loss": {"class_name": type(model.loss).__name__, "config": model.loss.get_config()},
            "metrics": [m.name for m in model._compiled_metrics]} if isinstance(
        model.optimizer, optimizers.Optimizer) and isinstance(model.loss, losses.Loss) else None


def save_weights(model, filepath, overwrite: bool = True) -> None:
    """Writes the weights (an .npz archive) to `filepath`, which must end in `.weights.h5`."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={filepath}")
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False.")
    _write(filepath, _npz(model.weights))


# -- reading -----------------------------------------------------------------------------------
class _WeightBudget:
    """What a model built from a file may allocate: checked by Layer.add_weight, before allocating.

    A file's weights.npz must hold every weight, so its declared size bounds them; a config
    that asks for more (Dense(units=10**9)) stops here instead of in the memory allocator.
    """

    def __init__(self, limit: int, filepath: str):
        self.left, self.filepath = limit, filepath

    def charge(self, shape, dtype, layer_name: str) -> None:
        if any(int(d) < 0 for d in shape):
            raise InvalidArgumentError(None, None, f"{self.filepath}: layer {layer_name!r} would "
                                                   f"need a weight of shape {tuple(shape)}")
        count = 1
        for d in shape:
            count *= int(d)
        nbytes = count * np.dtype(dtype.as_numpy_dtype).itemsize
        if nbytes > self.left:
            raise ResourceExhaustedError(
                None, None, f"{self.filepath}: layer {layer_name!r} would need a weight of shape "
                            f"{tuple(int(d) for d in shape)} ({nbytes} bytes), more than the file's "
                            f"weights can hold ({max(self.left, 0)} bytes left); the config is "
                            "corrupted or malicious")
        self.left -= nbytes


@contextlib.contextmanager
def _building(filepath: str, budget: "_WeightBudget", ours: bool = True):
    """Builds a model from a file's config: budgeted weights, and (`ours`: engine classes
    only, not a user's subclass) the classes' complaints about bad values turned into an
    InvalidArgumentError naming the file."""
    from . import layers
    token = layers.WEIGHT_BUDGET.set(budget)
    try:
        yield
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError) as e:
        if not ours:
            if type(e) in (ValueError, TypeError) and filepath not in str(e):
                # (a class nobody registered, a user class's complaint: the same error, and
                # which file it came from)
                raise type(e)(f"{filepath}: {e}") from e
            raise
        raise InvalidArgumentError(None, None, f"{filepath}: config.json describes a model that "
                                               f"cannot be built ({type(e).__name__}: {e})") from None
    except (RecursionError, MemoryError):
        raise ResourceExhaustedError(None, None, f"{filepath}: the model in config.json is too "
                                                 "large or deep to build") from None
    finally:
        layers.WEIGHT_BUDGET.reset(token)


@contextlib.contextmanager
def _open_archive(filepath: str, what: str):
    """The zip archive at `filepath`, open for the block; refuses real Keras files and
    anything that is not a regular file holding a zip."""
    with reading.open_regular(filepath, what) as f:
        head = f.read(8)
        if head == _HDF5_SIGNATURE:
            raise ValueError(f"{filepath} is an HDF5 file written by real Keras/TensorFlow; this "
                             "engine reads only files saved by course.engine (model.save / "
                             "save_weights here). Re-save the model with course.engine, or load it "
                             "with real TensorFlow.")
        f.seek(0)
        with reading.open_zip(f, f"{what} {filepath}") as archive:
            if "model.weights.h5" in archive.namelist():
                raise ValueError(f"{filepath} is a .keras file written by real Keras (it holds "
                                 "config.json + model.weights.h5); this engine reads only "
                                 ".keras files saved by course.engine. Load it with real "
                                 "TensorFlow, or rebuild the model here and train or "
                                 "set_weights it.")
            yield archive


def _member_limit(archive, name: str, where: str) -> int:
    """The bytes `name` may decompress to: its declared size, if deflate can produce it."""
    info = archive.getinfo(name)
    if info.file_size > max(info.compress_size, 1) * _DEFLATE_MAX_RATIO:
        raise DataLossError(None, None, f"{where}: {name} declares {info.file_size} bytes from "
                                        f"{info.compress_size} compressed (impossible)")
    return info.file_size


def _read_arrays(archive, name, variables, where: str, mismatch) -> list:
    """The arrays of archive member `name` (an .npz; None: the archive itself), one per
    variable, each checked before it is allocated. `mismatch(count, n, why)` builds the error
    for a file whose arrays do not fit `variables` (Keras: a ValueError)."""
    expected = {f"w{i:04d}": (np.dtype(v.dtype.as_numpy_dtype), tuple(v.shape.as_list()))
                for i, v in enumerate(variables)}
    need = sum(int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
               for dtype, shape in expected.values()) + _NPY_OVERHEAD * (len(expected) + 1)
    if name is None:
        inner = archive
    else:
        declared = _member_limit(archive, name, where)
        if declared > need:
            raise mismatch(None, len(expected), f"{name} holds {declared} bytes, more than the "
                                                f"{need} these {len(expected)} arrays need")
        inner = reading.open_zip(reading.read_member(archive, name, where, need),
                                 f"{where}: {name}")
    count = len([n for n in inner.namelist() if n.endswith(".npy")])
    if count != len(expected):
        inner.close()
        raise mismatch(count, len(expected), "")
    arrays = reading.read_npz(inner, expected, where if name is None else f"{where}: {name}",
                              mismatch=lambda text: mismatch(count, len(expected), text))
    return [arrays[k] for k in expected]


def load_model(filepath, compile: bool = True, custom_objects=None):
    """Reads a `.keras` file written by `save_model` and returns the model."""
    filepath = os.fspath(filepath)
    where = f"Keras model file {filepath}"
    with _open_archive(filepath, "Keras model file") as archive:
        names = archive.namelist()
        if "config.json" not in names or "weights.npz" not in names:
            raise DataLossError(None, None, f"{filepath} lacks config.json/weights.npz: not saved "
                                            f"by course.engine (it holds {names[:10]}).")
        config = reading.parse_json(reading.read_member(archive, "config.json", where,
                                                        MAX_CONFIG_BYTES), f"{where}: config.json")
        _check_config(config, filepath)
        budget = _WeightBudget(min(_member_limit(archive, "weights.npz", where), MAX_MODEL_BYTES),
                               filepath)
        sequential = config["class_name"] == "Sequential"
        functional = config["class_name"] == "Functional"
        ours = (sequential or functional) and _engine_layers_only(config["config"])
        # (custom_objects are seen by what the layers look up: a custom activation too)
        with _building(filepath, budget, ours=ours), CustomObjectScope(custom_objects):
            if sequential:
                from .models import Sequential
                model = Sequential.from_config(config["config"], custom_objects)
            elif functional:  # layers from the engine's classes, the registry, custom_objects
                from .models import Functional
                model = Functional.from_config(config["config"], custom_objects or {})
            else:
                model = _revive_subclassed(config, custom_objects or {}, filepath)
        model.set_weights(_read_arrays(archive, "weights.npz", model.weights, where,
                                       _inconsistent(filepath, "weights.npz")))
        saving_assets.restore_assets(model, archive, where)  # (layers' load_assets)
        compile_config = config.get("compile_config")
        custom = config.get("custom_compile_config")  # (for the model's compile_from_config)
        if custom is not None and not hasattr(model, "compile_from_config"):
            custom = None
        if compile and (compile_config or custom is not None):
            with _building(filepath, budget):
                if custom is not None:  # (your class's code, given the file's config)
                    model.compile_from_config(custom)
                else:
                    _compile_from_config(model, compile_config)
            optimizer = model.optimizer
            optimizer.build(model.trainable_variables)  # (Keras 3 builds it on loading)
            if "optimizer.npz" in names:

                def mismatch(count, n, why):   # Keras: a ValueError naming both sides
                    held = f"{count} arrays" if count is not None else "other arrays"
                    return ValueError(f"{filepath}: optimizer.npz holds {held} but this "
                                      f"model's {type(optimizer).__name__} has {n} variables"
                                      f"{' (' + why + ')' if why else ''}. Was the file edited, "
                                      "or saved from another model?")
                arrays = _read_arrays(archive, "optimizer.npz", optimizer.variables, where,
                                      mismatch)
                for variable, array in zip(optimizer.variables, arrays):
                    variable.assign(array)
    return model


def _inconsistent(filepath: str, member: str):
    """For load_model: weights that do not fit the file's own config mean a bad file."""
    def error(count, n, why):
        held = f"{count} arrays" if count is not None else "other arrays"
        return DataLossError(None, None, f"{filepath}: {member} holds {held} but its config.json "
                                         f"describes {n}{' (' + why + ')' if why else ''}; the file "
                                         "is corrupted or was edited")
    return error


def _different_model(filepath: str):
    """For load_weights: weights that do not fit the model (Keras: a ValueError)."""
    def error(count, n, why):
        held = f"{count} weight arrays" if count is not None else "other weight arrays"
        return ValueError(f"{filepath} holds {held} but the model has {n} weights"
                          f"{' (' + why + ')' if why else ''}: was it saved from a different "
                          "model?")
    return error


def _check_config(config, filepath: str) -> None:
    """The top of config.json: the format tag and the pieces load_model reads."""
    if not isinstance(config, dict):
        raise DataLossError(None, None, f"{filepath}: config.json is not a JSON object")
    if config.get("format") != FORMAT:
        raise DataLossError(None, None, f"{filepath}: unknown format {str(config.get('format'))[:60]!r};"
                                        f" expected {FORMAT!r}.")
    if not isinstance(config.get("class_name"), str) or not isinstance(config.get("config"), dict):
        raise DataLossError(None, None, f"{filepath}: config.json lacks class_name/config")
    if config["class_name"] in ("Sequential", "Functional"):
        layers = config["config"].get("layers")
        if not isinstance(layers, list) or not all(
                isinstance(e, dict) and isinstance(e.get("class_name"), str) and
                isinstance(e.get("config"), dict) for e in layers):
            raise DataLossError(None, None, f"{filepath}: config.json has no valid layer list")
    if config["class_name"] == "Functional" and not (
            all(isinstance(e.get("name"), str) and isinstance(e.get("inbound_nodes", []), list)
                for e in config["config"]["layers"]) and
            "input_layers" in config["config"] and "output_layers" in config["config"]):
        raise DataLossError(None, None, f"{filepath}: config.json has no valid functional graph "
                                        "(layers with names and inbound nodes, input and output "
                                        "layers)")
    compile_config = config.get("compile_config")
    if compile_config is not None and not (
            isinstance(compile_config, dict) and isinstance(compile_config.get("loss"), dict) and
            isinstance(compile_config["loss"].get("config"), dict) and
            isinstance(compile_config.get("optimizer"), dict) and
            isinstance(compile_config.get("metrics"), list)):
        raise DataLossError(None, None, f"{filepath}: config.json has an invalid compile_config")
    if not isinstance(config.get("custom_compile_config", {}), dict):
        raise DataLossError(None, None, f"{filepath}: config.json has an invalid "
                                        "custom_compile_config")


def _engine_layers_only(config: dict) -> bool:
    """Whether a functional model's layers are all the engine's own classes (so a bad value
    is the file's fault, not a user class's)."""
    from .layers import LAYER_CLASSES
    return all(e.get("class_name") in LAYER_CLASSES for e in config["layers"])


def _compile_from_config(model, compile_config: dict) -> None:
    from . import losses, optimizers
    loss_cfg = compile_config["loss"]
    loss_cls = losses.CLASSES[loss_cfg["class_name"]]
    loss_kwargs = {k: v for k, v in loss_cfg["config"].items() if k == "from_logits"}
    model.compile(optimizer=optimizers.get(compile_config["optimizer"]),
                  loss=loss_cls(**loss_kwargs), metrics=compile_config["metrics"])


def _revive_subclassed(config: dict, custom_objects: dict, filepath: str):
    """A subclassed model rebuilt from its class (never from code in the file), then built."""
    from .models import Model
    name = config.get("class_name")
    cls = custom_objects.get(name) or get_registered_object(config.get("registered_name") or "")
    if not (isinstance(cls, type) and issubclass(cls, Model)):
        raise TypeError(f"Could not locate class {name!r}. {filepath} holds a subclassed model: "
                        f"pass its class, load_model(..., custom_objects={{{name!r}: {name}}}), "
                        "or decorate it with @tf.keras.utils.register_keras_serializable().")
    try:
        model = cls(**config.get("config", {}))
    except TypeError:
        raise TypeError(f"{cls} could not be deserialized properly: Keras rebuilds it as "
                        f"{name}(**config) with config {config.get('config')}; let its __init__ "
                        "accept **kwargs and pass them to super().__init__(**kwargs).") from None
    shape = config.get("build_input_shape")
    if not isinstance(shape, list) or not shape or not all(
            d is None or (type(d) is int and 0 < d) for d in shape):
        raise DataLossError(None, None, f"{filepath}: config.json lacks a valid "
                                        f"build_input_shape for {name} (got {str(shape)[:80]}).")
    sample = [1] + [1 if d is None else d for d in shape[1:]]  # one sample builds the weights
    if np.prod(sample, dtype=np.float64) > 2 ** 22:
        raise ResourceExhaustedError(None, None, f"{filepath}: build_input_shape {shape} is "
                                                 "implausibly large.")
    model(np.zeros(sample, np.float32))
    return model


def load_weights(model, filepath) -> None:
    """Sets the model's weights from a file written by `save_weights` (or a `.keras` file)."""
    filepath = os.fspath(filepath)
    if not filepath.endswith((".weights.h5", ".keras", ".h5", ".hdf5")):
        raise ValueError("File format not supported: filepath="
                         f"{filepath}. load_weights reads `.weights.h5` or `.keras` files.")
    whole = not filepath.endswith(".weights.h5")  # a model file (.keras, or legacy .h5)
    what = "Keras model file" if whole else "Keras weights file"
    where = f"{what} {filepath}"
    with _open_archive(filepath, what) as archive:
        member = "weights.npz" if whole else None
        arrays = _read_arrays(archive, member, model.weights, where, _different_model(filepath))
    model.set_weights(arrays)


# -- summary() -------------------------------------------------------------------------------
def _memory(n_bytes: float) -> str:
    """1.55 MB: Keras's readable size (1024-based)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n_bytes / 1024 < 1:
            return f"{n_bytes:.2f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.2f} PB"


def _nbytes(variables) -> int:
    return int(sum(np.asarray(v._value).nbytes for v in variables))


def _wrap(text: str, width: int) -> list:
    """A cell's lines as Keras's table (rich) makes them: words wrapped at spaces, a word too
    long for the column cut with an ellipsis."""
    lines: list = []
    for word in text.split(" "):
        if len(word) > width:
            word = word[:width - 1] + "…"
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _table_rows(model) -> tuple:
    """(rows of cells, whether the model is a plain chain) for summary()."""
    from .layers import shape_text
    if getattr(model, "_nodes", None) is not None:  # a functional model (functional.py)
        chain = model._sequential_like()
        rows = []
        for layer, shape, links in model._summary_rows():
            params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
            cells = [f"{layer.name} ({type(layer).__name__})", shape, params]
            rows.append(cells if chain else cells + [links])
        return rows, chain
    from .functional import inbound_nodes, node_shape_text
    rows = []
    for layer in model.layers:
        params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
        # Keras 3: a layer's last symbolic call (this Sequential's build, or another model's
        # that shares the layer), else a model's own output shape, else the call that built it
        nodes = inbound_nodes(layer)
        seen = getattr(layer, "output_shape", None) or getattr(layer, "_built_output_shape", None)
        shape = node_shape_text(nodes[-1]) if nodes else shape_text(seen) if seen else "?"
        rows.append([f"{layer.name} ({type(layer).__name__})", shape, params])
    return rows, True


def print_summary(model, print_fn=print) -> None:
    """Keras 3's table (the box-drawing layout `model.summary()` prints)."""
    rows, chain = _table_rows(model)
    header = ["Layer (type)", "Output Shape", "Param #"] + ([] if chain else ["Connected to"])
    widths = (31, 22, 13) if chain else (19, 17, 10, 17)  # (Keras's at its 80-column default)
    right = (False, False, True, False)
    rule = lambda l, m, r, c: l + m.join(c * (w + 2) for w in widths) + r  # noqa: E731

    def row(cells, sep):
        wrapped = [_wrap(c, w) for c, w in zip(cells, widths)]
        out = []
        for i in range(max(len(w) for w in wrapped)):
            parts = [(w[i] if i < len(w) else "") for w in wrapped]
            out.append(sep + sep.join(" " + (p.rjust(w) if r else p.ljust(w)) + " "
                                      for p, w, r in zip(parts, widths, right)) + sep)
        return out

    lines = [f'Model: "{model.name}"', rule("┏", "┳", "┓", "━"), *row(header, "┃"),
             rule("┡", "╇", "┩", "━")]
    for i, cells in enumerate(rows):
        lines.extend(row(cells, "│"))
        if i < len(rows) - 1:
            lines.append(rule("├", "┼", "┤", "─"))
    lines.append(rule("└", "┴", "┘", "─"))
    trainable = [w for w in model.weights if w.trainable]
    frozen = [w for w in model.weights if not w.trainable]
    count = lambda ws: int(sum(np.asarray(w._value).size for w in ws))  # noqa: E731
    opt = model.optimizer.variables if getattr(model, "optimizer", None) is not None and \
        model.optimizer.built else []
    total = trainable + frozen + opt
    lines.append(f" Total params: {count(total):,} ({_memory(_nbytes(total))})")
    lines.append(f" Trainable params: {count(trainable):,} ({_memory(_nbytes(trainable))})")
    lines.append(f" Non-trainable params: {count(frozen):,} ({_memory(_nbytes(frozen))})")
    if opt:
        lines.append(f" Optimizer params: {count(opt):,} ({_memory(_nbytes(opt))})")
    for line in lines:
        print_fn(line)
