"""`tf.keras.Sequential`: a stack of layers, and everything to train it.

    >>> model = tf.keras.Sequential([
    ...     tf.keras.Input(shape=(28, 28)),
    ...     tf.keras.layers.Flatten(),
    ...     tf.keras.layers.Dense(512, activation="relu"),
    ...     tf.keras.layers.Dropout(0.2),
    ...     tf.keras.layers.Dense(10, activation="softmax"),
    ... ])
    >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
    ...               metrics=["accuracy"])
    >>> history = model.fit(x_train, y_train, epochs=5)

One training step (`train_step`) is the loop a learner writes by hand:
forward pass under a GradientTape, loss, gradients, `apply_gradients`, then
update the metrics. `fit` runs it over shuffled batches, calling callbacks.
Read next: callbacks.py, progbar.py, saving.py.
"""
from __future__ import annotations

import json

import numpy as np

from ..ops import array_ops, math_ops, random_ops
from ..tape import GradientTape
from ..tensor import Tensor, convert_to_tensor
from . import activations, callbacks as callbacks_module, fused, layers as layers_module
from . import losses as losses_module, metrics as metrics_module, optimizers, saving
from .layers import InputLayer, KerasTensor, Layer, _snake, shape_text, unique_name
from .variables import name_scope

__all__ = ["Model", "Sequential", "load_model"]


def _floatx(x) -> np.ndarray:
    """Inputs as float32 arrays, as Keras does (float64 NumPy data is cast once, here)."""
    x = np.asarray(x._value if isinstance(x, Tensor) else x)
    return x if x.dtype == np.float32 else x.astype(np.float32)


def _labels(y) -> np.ndarray:
    y = np.asarray(y._value if isinstance(y, Tensor) else y)
    return y.astype(np.int64) if y.dtype.kind in "iub" else y.astype(np.float32, copy=False)


def _shuffle_rng() -> np.random.Generator:
    """The generator for fit's shuffling: follows tf.random.set_seed like every draw."""
    return random_ops._generator(None)


class Model(Layer):
    """What every model can do: compile, fit, evaluate, predict, save. Mirrors `keras.Model`."""

    # Not part of the model's variables: the optimizer's slots, caches, training state.
    _TF_MODULE_IGNORED_PROPERTIES = frozenset({"optimizer", "_trainable_cache", "history",
                                               "loss", "compiled_metrics", "_loss_tracker"})

    def __init__(self, name: str | None = None, **kwargs):
        if "inputs" in kwargs or "outputs" in kwargs:
            raise NotImplementedError(
                "tf.keras.Model(inputs, outputs) (the functional API) is not part of this "
                "engine. Use tf.keras.Sequential, or subclass tf.keras.Model: create layers in "
                "__init__ and use them in call(self, inputs, training=None).")
        super().__init__(name=name or unique_name(_snake(type(self).__name__)), **kwargs)
        self.optimizer = None
        self.loss = None
        self.compiled_metrics: list = []
        self.stop_training = False
        self.history = None
        self._compiled = False

    # -- compile ------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None) -> None:
        """Chooses the optimizer, the loss and the metrics to report.

        Strings name Keras's defaults ("adam", "sgd", "sparse_categorical_crossentropy",
        "mse", "accuracy"); objects give full control.
        """
        if loss is None:
            raise ValueError("compile() needs a `loss`, e.g. loss='sparse_categorical_crossentropy'.")
        self.optimizer = optimizers.get(optimizer)
        self.loss = losses_module.get(loss)
        self.compiled_metrics = [metrics_module.get(m, self.loss) for m in (metrics or [])]
        self._loss_tracker = metrics_module.Mean(name="loss")
        self._compiled = True

    def _assert_compiled(self) -> None:
        if not self._compiled:
            raise ValueError("You must call `compile()` before using the model (for example "
                             "model.compile(optimizer='adam', loss='sparse_categorical_"
                             "crossentropy', metrics=['accuracy'])).")

    @property
    def metrics_names(self) -> list:
        return [m.name for m in self.compiled_metrics] + ["loss"]

    # -- one step ---------------------------------------------------------------------------
    def _forward(self, x, training: bool):
        """(y_pred, logits, activation name): logits are the scores behind a final
        softmax/sigmoid, else None.

        Keras keeps these on the output (`_keras_logits`) so that cross-entropy
        works from the logits: stable, and with a gradient that never vanishes
        in a clipped log. Our tensors have no spare attribute, so we return them.
        A subclassed model's `call` is opaque: its output is all we have.
        """
        return self(x, training=training), None, None

    def _compute_loss(self, y, y_pred, logits, activation_name) -> Tensor:
        loss = self.loss
        if logits is not None and not loss.from_logits and loss.logits_of == activation_name:
            fn = {"SparseCategoricalCrossentropy": losses_module.sparse_categorical_crossentropy,
                  "CategoricalCrossentropy": losses_module.categorical_crossentropy,
                  "BinaryCrossentropy": losses_module.binary_crossentropy}[type(loss).__name__]
            value = loss.reduce(fn(y, logits, from_logits=True))
        else:
            value = loss(y, y_pred)
        penalties = self.losses  # the weights' regularizers (Keras 3 adds them, train and test)
        return math_ops.add(value, math_ops.add_n(penalties)) if penalties else value

    def train_step(self, data) -> dict:
        """One batch `data = (x, y)`: forward, loss, gradients, update; returns the running
        logs. Override it (Keras 3's signature) to customise what `fit` does."""
        x, y = data
        with GradientTape() as tape:
            y_pred, logits, act = self._forward(x, training=True)
            loss = self._compute_loss(y, y_pred, logits, act)
        variables = self._trainable_cache or self.trainable_variables
        grads = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        return self._update_metrics(y, y_pred, loss, len(x))

    def test_step(self, data) -> dict:
        """One batch `data = (x, y)` of `evaluate`: forward, loss, metrics."""
        x, y = data
        y_pred, logits, act = self._forward(x, training=False)
        loss = self._compute_loss(y, y_pred, logits, act)
        return self._update_metrics(y, y_pred, loss, len(x))

    def _update_metrics(self, y, y_pred, loss, batch_size: int) -> dict:
        self._loss_tracker.update_state(loss._value, sample_weight=batch_size)
        for m in self.compiled_metrics:
            m.update_state(y, y_pred._value)
        return self._logs()

    def _logs(self) -> dict:
        logs = {m.name: float(m.result()._value) for m in self.compiled_metrics}
        logs["loss"] = float(self._loss_tracker.result()._value)
        return dict(sorted(logs.items()))  # TF's Keras: names in alphabetical order (tf.nest's)

    def reset_metrics(self) -> None:
        self._loss_tracker.reset_state()
        for m in self.compiled_metrics:
            m.reset_state()

    # -- data ---------------------------------------------------------------------------------
    def _check_data(self, x, y):
        x = _floatx(x)
        if y is None:
            raise ValueError("fit()/evaluate() need targets `y` (labels) as well as inputs `x`.")
        y = _labels(y)
        if len(x) != len(y):
            raise ValueError(f"Data cardinality is ambiguous: x and y must contain the same "
                             f"number of samples. Received: 'x' sizes: {len(x)}, 'y' sizes: "
                             f"{len(y)}.")
        if len(x) == 0:
            raise ValueError("Expected input data to be non-empty (x has 0 samples).")
        return x, y

    # -- fit / evaluate / predict ------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size: int | None = None, epochs: int = 1, verbose="auto",
            callbacks=None, validation_split: float = 0.0, validation_data=None,
            shuffle: bool = True, initial_epoch: int = 0):
        """Trains for `epochs` passes over (x, y); returns a `History`. Mirrors `Model.fit`."""
        self._assert_compiled()
        x, y = self._check_data(x, y)
        batch_size = batch_size or 32
        if validation_data is None and validation_split:
            if not 0 < validation_split < 1:
                raise ValueError(f"validation_split must be in (0, 1), got {validation_split}.")
            split = int(len(x) * (1.0 - validation_split))  # Keras takes the *last* samples
            x, y, validation_data = x[:split], y[:split], (x[split:], y[split:])
        if validation_data is not None:
            validation_data = self._check_data(*validation_data[:2])
        verbose = 1 if verbose == "auto" else int(verbose)
        steps = -(-len(x) // batch_size)
        history = callbacks_module.History()
        cbs = list(callbacks or []) + [history]
        if verbose:
            cbs.append(callbacks_module.ProgbarLogger(verbose))
        cb = callbacks_module.CallbackList(cbs, self, {"verbose": verbose, "epochs": epochs,
                                                       "steps": steps})
        self._build_for(x)
        self._trainable_cache = list(self.trainable_variables)
        # the fused step (fused.py) gives the same numbers faster, for the plain MLPs it knows
        fused_layers = fused.plan(self) if type(self).train_step is Model.train_step and \
            type(self).call is Sequential.call else None
        self.stop_training = False
        self.history = history
        cb.call("on_train_begin", {})
        rng = _shuffle_rng()
        logs: dict = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            cb.call("on_epoch_begin", epoch, {})
            order = rng.permutation(len(x)) if shuffle else None
            for step in range(steps):
                cb.call("on_train_batch_begin", step, {})
                batch = slice(step * batch_size, (step + 1) * batch_size)
                if order is not None:
                    batch = order[batch]
                if fused_layers is not None:
                    logs = fused.train_step(self, fused_layers, x[batch], y[batch])
                else:
                    logs = self.train_step((x[batch], y[batch]))
                cb.call("on_train_batch_end", step, logs)
                if self.stop_training:
                    break
            epoch_logs = dict(logs)
            if validation_data is not None:
                val = self.evaluate(*validation_data, batch_size=batch_size, verbose=0,
                                    return_dict=True, callbacks=cb)
                epoch_logs.update({"val_" + k: v for k, v in val.items()})
            cb.call("on_epoch_end", epoch, epoch_logs)
            if self.stop_training:
                break
        cb.call("on_train_end", logs)
        self._trainable_cache = None
        return history

    _trainable_cache = None

    def evaluate(self, x=None, y=None, batch_size: int | None = None, verbose="auto",
                 return_dict: bool = False, callbacks=None):
        """Loss and metrics on (x, y), without training. Mirrors `Model.evaluate`.

        Returns [loss, metric, ...] (or the loss alone with no metrics), or a dict.
        Callbacks get `on_test_begin`, `on_test_batch_end` and `on_test_end` (fit
        passes its own, so TensorBoard logs the validation at each epoch's end).
        """
        self._assert_compiled()
        x, y = self._check_data(x, y)
        batch_size = batch_size or 32
        self._build_for(x)
        self.reset_metrics()
        steps = -(-len(x) // batch_size)
        if not isinstance(callbacks, callbacks_module.CallbackList):
            callbacks = callbacks_module.CallbackList(callbacks or [], self, {"steps": steps})
        bar = callbacks_module.Progbar(steps, verbose=1 if verbose == "auto" else int(verbose))
        logs: dict = {}
        callbacks.call("on_test_begin", {})
        for step in range(steps):
            batch = slice(step * batch_size, (step + 1) * batch_size)
            logs = self.test_step((x[batch], y[batch]))
            bar.update(step + 1, list(logs.items()))
            callbacks.call("on_test_batch_end", step, logs)
        callbacks.call("on_test_end", logs)
        if return_dict:
            return logs
        values = [logs["loss"]] + [logs[m.name] for m in self.compiled_metrics]
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size: int | None = None, verbose="auto") -> np.ndarray:
        """The model's outputs for `x`, batch by batch, as one NumPy array."""
        x = _floatx(x)
        batch_size = batch_size or 32
        steps = -(-len(x) // batch_size)
        bar = callbacks_module.Progbar(steps, verbose=1 if verbose == "auto" else int(verbose))
        outputs = []
        for step in range(steps):
            outputs.append(self(x[step * batch_size:(step + 1) * batch_size], training=False)._value)
            bar.update(step + 1)
        return np.concatenate(outputs, axis=0)

    def train_on_batch(self, x, y, return_dict: bool = False):
        """One training step on one batch; returns the loss (and metrics) of that batch."""
        self._assert_compiled()
        x, y = self._check_data(x, y)
        self._build_for(x)
        self.reset_metrics()
        logs = self.train_step((x, y))
        if return_dict:
            return logs
        values = [logs["loss"]] + [logs[m.name] for m in self.compiled_metrics]
        return values[0] if len(values) == 1 else values

    def test_on_batch(self, x, y, return_dict: bool = False):
        self._assert_compiled()
        x, y = self._check_data(x, y)
        self.reset_metrics()
        logs = self.test_step((x, y))
        return logs if return_dict else [logs["loss"]] + [logs[m.name] for m in self.compiled_metrics]

    def predict_on_batch(self, x) -> np.ndarray:
        return self(_floatx(x), training=False)._value.copy()

    def _build_for(self, x: np.ndarray) -> None:
        pass

    # -- the layers a subclassed model holds --------------------------------------------------------
    _input_shape = None  # (None, 28, 28) once known (Sequential); unknown for a subclassed model

    @property
    def layers(self) -> list:
        """The layers, in the order they were assigned to attributes (as Keras tracks them)."""
        if "layers" in self.__dict__:  # Sequential keeps its own list
            return self.__dict__["layers"]
        found = []
        for key, value in vars(self).items():
            if key in self._TF_MODULE_IGNORED_PROPERTIES:
                continue
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, Layer) and all(item is not f for f in found):
                    found.append(item)
        return found

    @layers.setter
    def layers(self, value) -> None:
        self.__dict__["layers"] = value

    def count_params(self) -> int:
        return sum(layer.count_params() for layer in self.layers)

    def summary(self, line_length=None, positions=None, print_fn=None, **kwargs) -> None:
        """Prints Keras 3's table: each layer's name (type), output shape and parameter count.

        A subclassed model shows each layer's output shape from its last call, "?" before
        any call, as Keras does."""
        saving.print_summary(self, print_fn or print)

    def _train_graph_def(self):
        """The GraphDef of a traced training step for TensorBoard, or None (see saving.py)."""
        return saving.train_graph_def(self)

    # -- weights and saving ---------------------------------------------------------------------
    def get_weights(self) -> list:
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights) -> None:
        mine = self.weights
        if len(weights) != len(mine):
            raise ValueError(f"Model {self.name!r} expects {len(mine)} weight arrays, got "
                             f"{len(weights)}.")
        for w, value in zip(mine, weights):
            value = np.asarray(value)
            if tuple(value.shape) != tuple(w.shape.as_list()):
                raise ValueError(f"Weight {w.name!r} has shape {tuple(w.shape.as_list())}, the "
                                 f"given array has shape {value.shape}.")
            w.assign(value.astype(w.dtype.as_numpy_dtype))

    def save(self, filepath, overwrite: bool = True) -> None:
        """Saves config + weights to a `.keras` file (our format; see saving.py)."""
        saving.save_model(self, filepath, overwrite)

    def save_weights(self, filepath, overwrite: bool = True) -> None:
        """Saves the weights to a `.weights.h5` file (our format; see saving.py)."""
        saving.save_weights(self, filepath, overwrite)

    def load_weights(self, filepath) -> None:
        saving.load_weights(self, filepath)

    def to_json(self) -> str:
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()})


class Sequential(Model):
    """A plain stack of layers, each feeding the next. Mirrors `keras.Sequential`.

    Give the layers as a list or `add` them one by one. Start with
    `tf.keras.Input(shape=...)` so the model is built (and `summary()` can
    count parameters) before it sees data.
    """

    def __init__(self, layers=None, name: str | None = None, trainable: bool = True):
        super().__init__(name=name or unique_name("sequential"), trainable=trainable)
        self.layers: list = []
        self._input_shape = None  # (None, 28, 28) once known
        for layer in layers or []:
            self.add(layer)

    def add(self, layer) -> None:
        """Appends a layer (or sets the input shape, for `tf.keras.Input`)."""
        if isinstance(layer, KerasTensor):
            self._set_input_shape(layer.shape)
            return
        if isinstance(layer, InputLayer):
            self._set_input_shape(layer.batch_shape)
            return
        if not isinstance(layer, Layer):
            raise TypeError(f"Only instances of `keras.Layer` can be added to a Sequential "
                            f"model. Received: {layer!r} (of type {type(layer).__name__})")
        if any(l.name == layer.name for l in self.layers):
            raise ValueError(f"All layers added to a Sequential model should have unique names. "
                             f"Name {layer.name!r} is already the name of a layer in this model.")
        if not self.layers and self._input_shape is None and layer._input_shape_arg is not None:
            self._input_shape = layer._input_shape_arg
        self.layers.append(layer)
        if self._input_shape is not None:
            self._build_layers()

    def _set_input_shape(self, shape) -> None:
        if self.layers:
            raise ValueError("tf.keras.Input must be the first entry of a Sequential model.")
        self._input_shape = tuple(shape)

    def _build_layers(self) -> None:
        """Builds every layer from the known input shape, as Keras does on `add`."""
        shape = self._input_shape
        with name_scope(self.name):  # weights are "sequential/dense/kernel", as in Keras 3
            for layer in self.layers:
                if not layer.built:
                    layer.build(shape)
                    layer.built = True
                shape = layer.compute_output_shape(shape)
        self.built = True

    def build(self, input_shape=None) -> None:
        if input_shape is not None and self._input_shape is None:
            self._input_shape = (None,) + tuple(input_shape)[1:]
        if self._input_shape is None:
            raise ValueError("You must provide an `input_shape` argument (or start the model "
                             "with tf.keras.Input(shape=...)).")
        self._build_layers()

    def _build_for(self, x: np.ndarray) -> None:
        if self._input_shape is None:
            self.build((None,) + x.shape[1:])
        self._check_input(x.shape)

    def _check_input(self, shape) -> None:
        expected = self._input_shape
        if expected is not None and _rank_gap(shape, expected):
            shape = tuple(shape) + (1,) if len(shape) < len(expected) else tuple(shape)[:-1]
        if expected is not None and (len(shape) != len(expected) or any(
                e is not None and e != s for e, s in zip(expected[1:], shape[1:]))):
            raise ValueError(f"Input 0 of layer '{self.name}' is incompatible with the layer: "
                             f"expected shape={shape_text(expected)}, found shape="
                             f"{shape_text(tuple(shape))}. (The model was built for inputs of "
                             f"shape {shape_text(expected[1:])} per sample.)")

    def call(self, inputs, training=None):
        for layer in self.layers:
            inputs = layer(inputs, training=training)
        return inputs

    def __call__(self, inputs, training=None):
        inputs = inputs if isinstance(inputs, Tensor) else convert_to_tensor(_floatx(inputs))
        self._build_for(inputs._value)
        return self.call(self._match_rank(inputs), training=training)

    def _match_rank(self, x: Tensor) -> Tensor:
        """Keras 3: inputs one rank short of the model's, where it wants a last dimension of 1,
        get that dimension (a plain column of numbers for a one-feature model); inputs with an
        extra last dimension of 1 lose it."""
        expected = self._input_shape
        if expected is None or not _rank_gap(x.shape, expected):
            return x
        return array_ops.expand_dims(x, -1) if x.ndim < len(expected) else array_ops.squeeze(x, -1)

    def _forward(self, x, training: bool):
        x = self._match_rank(x if isinstance(x, Tensor) else Tensor(x))
        *body, last = self.layers
        for layer in body:
            x = layer(x, training=training)
        act = getattr(last, "activation", None)
        name = {activations.softmax: "softmax", activations.sigmoid: "sigmoid"}.get(act)
        if name is None:
            return last(x, training=training), None, None
        if isinstance(last, layers_module.Dense):
            logits = last.pre_activation(x if x.dtype is last.dtype else array_ops.cast(x, last.dtype))
        else:
            logits = x
        return act(logits), logits, name

    @property
    def input_shape(self):
        return self._input_shape

    @property
    def output_shape(self):
        if self._input_shape is None:
            raise AttributeError("The model has not been built yet: its output shape is unknown.")
        shape = self._input_shape
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
        return shape

    def get_config(self) -> dict:
        layers = []
        if self._input_shape is not None:
            layers.append({"class_name": "InputLayer",
                           "config": {"name": "input_layer",
                                      "batch_shape": list(self._input_shape)}})
        for layer in self.layers:
            layers.append({"class_name": type(layer).__name__, "config": layer.get_config()})
        return {"name": self.name, "layers": layers}

    @classmethod
    def from_config(cls, config: dict) -> "Sequential":
        model = cls(name=config.get("name"))
        for entry in config["layers"]:
            kind, cfg = entry["class_name"], dict(entry["config"])
            if kind == "InputLayer":
                model.add(layers_module.Input(shape=cfg["batch_shape"][1:]))
                continue
            if kind not in layers_module.LAYER_CLASSES:
                raise ValueError(f"Unknown layer class {kind!r} in the saved config; known: "
                                 f"{sorted(layers_module.LAYER_CLASSES)}.")
            model.add(layers_module.LAYER_CLASSES[kind](**cfg))
        return model


def _rank_gap(shape, expected) -> bool:
    """Whether `shape` differs from the model's `expected` input only by a last axis of 1."""
    shape = tuple(shape)
    return (len(shape) == len(expected) - 1 and expected[-1] == 1) or \
        (len(shape) == len(expected) + 1 and shape[-1] == 1)


def load_model(filepath, custom_objects=None, compile: bool = True, safe_mode: bool = True) -> Model:
    """Loads a model written by `model.save` (our `.keras` format). Mirrors `keras.models.load_model`.

    A subclassed model is rebuilt from its class, which you pass as in Keras:
    `load_model("m.keras", custom_objects={"MyModel": MyModel})`.
    """
    return saving.load_model(filepath, compile, custom_objects)


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.models", __name__, name)
