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

Loading reads JSON and `.npy` arrays with `allow_pickle=False`: a file can
never run code. Files are written to a temporary file and moved into place
with `os.replace`, so a crash never leaves half a file. A `.keras` or
`.weights.h5` written by real Keras (HDF5 inside) is recognised and refused
with a clear message.
"""
from __future__ import annotations

import io
import json
import os

import numpy as np

# `keras.saving.register_keras_serializable` (Keras 3's home for it; tf.keras.utils has it too)
from .registration import get_registered_name, get_registered_object, register_keras_serializable

__all__ = ["save_model", "load_model", "save_weights", "load_weights", "print_summary",
           "train_graph_def", "FORMAT", "register_keras_serializable", "get_registered_object",
           "get_registered_name"]

FORMAT = "course.engine.keras/1"
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


def _atomic_write(filepath: str, write) -> None:
    """Calls `write(file)` on a temp file beside `filepath`, then renames it into place."""
    import tempfile
    folder = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.basename(filepath))
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, filepath)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _weights_npz(model) -> bytes:
    return _npz(model.weights)


def _npz(variables) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **{f"w{i:04d}": np.asarray(v.numpy()) for i, v in enumerate(variables)})
    return buffer.getvalue()


def _arrays(data: bytes) -> list:
    """The arrays of an archive written by `_npz`, in order (never unpickling anything)."""
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return [npz[f"w{i:04d}"] for i in range(len(npz.files))]


def _set_optimizer_from_npz(model, data: bytes, filepath: str) -> None:
    """Builds the compiled model's optimizer and gives it the saved state (Adam's moments...)."""
    optimizer = model.optimizer
    optimizer.build(model.trainable_variables)
    arrays = _arrays(data)
    variables = optimizer.variables
    shapes = [tuple(v.shape.as_list()) for v in variables]
    if len(arrays) != len(variables) or [a.shape for a in arrays] != shapes:
        raise ValueError(f"{filepath}: optimizer.npz holds {len(arrays)} arrays of shapes "
                         f"{[a.shape for a in arrays]}, but this model's "
                         f"{type(optimizer).__name__} has {len(variables)} variables of shapes "
                         f"{shapes}. Was the file edited, or saved from another model?")
    for variable, array in zip(variables, arrays):
        if array.dtype != variable.dtype.as_numpy_dtype:
            raise ValueError(f"{filepath}: optimizer variable {variable.name} was saved as "
                             f"{array.dtype}, expected {variable.dtype.name}.")
        variable.assign(array)


def _set_from_npz(model, data: bytes, filepath: str) -> None:
    arrays = _arrays(data)
    if len(arrays) != len(model.weights):
        raise ValueError(f"{filepath} holds {len(arrays)} weight arrays but the model has "
                         f"{len(model.weights)} weights: was it saved from a different model?")
    model.set_weights(arrays)


def _check_not_real_keras(filepath: str) -> None:
    """Refuses files written by real Keras (HDF5, or a .keras zip with model.weights.h5)."""
    import zipfile
    with open(filepath, "rb") as f:
        head = f.read(8)
    if head == _HDF5_SIGNATURE:
        raise ValueError(f"{filepath} is an HDF5 file written by real Keras/TensorFlow; this "
                         "engine reads only files saved by course.engine (model.save / "
                         "save_weights here). Re-save the model with course.engine, or load it "
                         "with real TensorFlow.")
    if zipfile.is_zipfile(filepath):
        with zipfile.ZipFile(filepath) as z:
            if "model.weights.h5" in z.namelist():
                raise ValueError(f"{filepath} is a .keras file written by real Keras (it holds "
                                 "config.json + model.weights.h5); this engine reads only "
                                 ".keras files saved by course.engine. Load it with real "
                                 "TensorFlow, or rebuild the model here and train or "
                                 "set_weights it.")


def save_model(model, filepath, overwrite: bool = True) -> None:
    """Writes config + weights to `filepath`, which must end in `.keras`."""
    import zipfile  # (imported on use: keeps `import course.engine` fast)
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError("Invalid filepath extension for saving. Please add a `.keras` "
                         f"extension for the native Keras format. Received: filepath={filepath}")
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False.")
    from .models import Sequential
    config = {"format": FORMAT, "class_name": type(model).__name__,
              "config": model.get_config(), "compile_config": _compile_config(model)}
    if not isinstance(model, Sequential):
        # A subclassed model's architecture is its Python class: the file names the class
        # and the input shape of its first call (Keras's build_config); load_model needs
        # the class itself, passed in custom_objects.
        if model._build_shape is None:
            raise ValueError(f"Model {model.name!r} has not been built yet: call it on a batch "
                             "of data (or fit it) before saving, so its weights exist.")
        config["build_input_shape"] = list(model._build_shape)
        config["registered_name"] = get_registered_name(type(model))  # e.g. "Custom>MyModel"
    optimizer = model.optimizer if config["compile_config"] is not None and \
        model.optimizer.built else None

    def write(f):
        with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("config.json", json.dumps(config, indent=2))
            z.writestr("weights.npz", _weights_npz(model))
            if optimizer is not None:
                z.writestr("optimizer.npz", _npz(optimizer.variables))
    _atomic_write(filepath, write)


def _compile_config(model):
    if not getattr(model, "_compiled", False):
        return None
    from . import optimizers
    return {"optimizer": {"class_name": type(model.optimizer).__name__,
                          "config": model.optimizer.get_config()},
            "loss": {"class_name": type(model.loss).__name__, "config": model.loss.get_config()},
            "metrics": [m.name for m in model.compiled_metrics]} if isinstance(
        model.optimizer, optimizers.Optimizer) else None


def load_model(filepath, compile: bool = True, custom_objects=None):
    """Reads a `.keras` file written by `save_model` and returns the model."""
    import zipfile  # (imported on use: keeps `import course.engine` fast)
    from .models import Sequential
    from . import losses
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"File not found: filepath={filepath}. Please ensure the file "
                                "is an accessible `.keras` zip file.")
    _check_not_real_keras(filepath)
    if not zipfile.is_zipfile(filepath):
        raise ValueError(f"{filepath} is not a .keras zip archive saved by course.engine.")
    with zipfile.ZipFile(filepath) as z:
        names = z.namelist()
        if "config.json" not in names or "weights.npz" not in names:
            raise ValueError(f"{filepath} lacks config.json/weights.npz: not saved by "
                             f"course.engine (it holds {names}).")
        config = json.loads(z.read("config.json"))
        weights = z.read("weights.npz")
        optimizer_state = z.read("optimizer.npz") if "optimizer.npz" in names else None
    if config.get("format") != FORMAT:
        raise ValueError(f"{filepath}: unknown format {config.get('format')!r}; expected "
                         f"{FORMAT!r}.")
    if config.get("class_name") == "Sequential":
        model = Sequential.from_config(config["config"])
    else:
        model = _revive_subclassed(config, custom_objects or {}, filepath)
    _set_from_npz(model, weights, filepath)
    compile_config = config.get("compile_config")
    if compile and compile_config:
        from . import optimizers
        loss_cfg = compile_config["loss"]
        loss_cls = losses.CLASSES[loss_cfg["class_name"]]
        loss_kwargs = {k: v for k, v in loss_cfg["config"].items() if k == "from_logits"}
        model.compile(optimizer=optimizers.get(compile_config["optimizer"]),
                      loss=loss_cls(**loss_kwargs), metrics=compile_config["metrics"])
        if optimizer_state is not None:
            _set_optimizer_from_npz(model, optimizer_state, filepath)
    return model


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
        raise ValueError(f"{filepath}: config.json lacks a valid build_input_shape for {name} "
                         f"(got {shape!r}).")
    sample = [1] + [1 if d is None else d for d in shape[1:]]  # one sample builds the weights
    if np.prod(sample, dtype=np.float64) > 2 ** 26:
        raise ValueError(f"{filepath}: build_input_shape {shape} is implausibly large.")
    model(np.zeros(sample, np.float32))
    return model


def save_weights(model, filepath, overwrite: bool = True) -> None:
    """Writes the weights (an .npz archive) to `filepath`, which must end in `.weights.h5`."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={filepath}")
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} exists and overwrite=False.")
    data = _weights_npz(model)
    _atomic_write(filepath, lambda f: f.write(data))


def load_weights(model, filepath) -> None:
    """Sets the model's weights from a file written by `save_weights` (or a `.keras` file)."""
    import zipfile
    filepath = os.fspath(filepath)
    if not (filepath.endswith(".weights.h5") or filepath.endswith(".keras")):
        raise ValueError("File format not supported: filepath="
                         f"{filepath}. load_weights reads `.weights.h5` or `.keras` files.")
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: {filepath}")
    _check_not_real_keras(filepath)
    if filepath.endswith(".keras"):
        with zipfile.ZipFile(filepath) as z:
            data = z.read("weights.npz")
    else:
        with open(filepath, "rb") as f:
            data = f.read()
    _set_from_npz(model, data, filepath)


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


def print_summary(model, print_fn=print) -> None:
    """Keras 3's table (the box-drawing layout `model.summary()` prints)."""
    from .layers import shape_text
    widths = (33, 24, 15)
    rule = lambda l, m, r, c: l + m.join(c * w for w in widths) + r  # noqa: E731

    def row(cells, sep):
        name, shape, params = cells
        return (sep + " " + name.ljust(widths[0] - 2) + " " + sep + " " + shape.ljust(widths[1] - 2)
                + " " + sep + " " + params.rjust(widths[2] - 2) + " " + sep)

    lines = [f'Model: "{model.name}"', rule("┏", "┳", "┓", "━"),
             row(("Layer (type)", "Output Shape", "Param #"), "┃"), rule("┡", "╇", "┩", "━")]
    shape = model._input_shape
    for i, layer in enumerate(model.layers):
        if shape is not None:
            shape = layer.compute_output_shape(shape)
        params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
        seen = shape if shape is not None else getattr(layer, "_last_output_shape", None)
        lines.append(row((f"{layer.name} ({type(layer).__name__})",
                          shape_text(seen) if seen is not None else "?", params), "│"))
        if i < len(model.layers) - 1:
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


# -- the op graph for TensorBoard ------------------------------------------------------------
def train_graph_def(model):
    """The op graph of one training step, traced with `tf.function`, for TensorBoard.

    Like Keras's `write_graph`: forward pass, loss, gradients and the
    optimizer's update, as graph nodes. A step that cannot be traced (Dropout
    needs random ops the graph does not have) falls back to the forward pass
    in inference mode; None if even that fails or the input shape is unknown.
    """
    from .. import dtypes
    from ..function import TensorSpec, function
    from ..tape import GradientTape
    shape = getattr(model, "_input_shape", None)
    if shape is None:
        return None
    x_spec = TensorSpec((None,) + tuple(shape[1:]), dtypes.float32, name="x")

    def train_step(x, y):
        with GradientTape() as tape:
            y_pred, logits, act = model._forward(x, training=True)
            loss = model._compute_loss(y, y_pred, logits, act)
        variables = list(model.trainable_variables)
        model.optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    try:
        y_spec = TensorSpec((None,) if model.loss.logits_of == "softmax" and
                            type(model.loss).__name__ == "SparseCategoricalCrossentropy"
                            else model.output_shape, dtypes.int64 if type(model.loss).__name__ ==
                            "SparseCategoricalCrossentropy" else dtypes.float32, name="y")
        return function(train_step).get_concrete_function(x_spec, y_spec).graph.as_graph_def()
    except Exception:  # noqa: BLE001 - any tracing limit: show the forward pass instead
        pass
    try:
        forward = function(lambda x: model(x, training=False))
        return forward.get_concrete_function(x_spec).graph.as_graph_def()
    except Exception:  # noqa: BLE001
        return None
