"""`tf.keras.Model`: layers plus everything to train them (compile, fit, evaluate, predict).

    >>> model = tf.keras.Sequential([            # (sequential.py: a Model of stacked layers)
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
As in Keras 3, `fit` does not call `train_step` directly: it wraps it in
`tf.function` once (`make_train_function`), so every batch runs one traced
graph of the very same code. `compile(run_eagerly=True)` runs it plain, op by
op, for debugging; the numbers are the same.

The model kinds: `Sequential` (sequential.py), `Functional` (functional_model.py;
its graph of layer calls is in functional.py) and your own subclass of `Model`.
Read next: sequential.py, callbacks.py, progbar.py, saving.py.
"""
from __future__ import annotations

import json
import warnings

import numpy as np

from ..function import function
from ..ops import array_ops, math_ops
from ..tape import GradientTape
from ..tensor import Tensor, convert_to_tensor
from . import callbacks as callbacks_module
from . import data_adapter, steps_per_execution as steps_per_execution_module
from .data_adapter import floatx as _floatx
from . import compile_outputs, deprecated_shims, loss_base, loss_scale_optimizer, optimizers, saving
from . import losses as losses_module, metrics as metrics_module
from .functional import _flatten, functional_subclass, wiring_arguments
from .functional import from_config as functional_from_config
from .layers import Layer, _snake, unique_name
from .serialization import clone_model, model_from_json, serialize_keras_object

__all__ = ["Model", "Sequential", "load_model", "clone_model", "model_from_json"]


def _floats(logs: dict) -> dict:
    """The step's logs (tensors) as Python floats, for callbacks and the progress bar: by name,
    a dict inside (CompileMetrics' result) flattened in its place, as Keras 3 does."""
    flat = {}
    for k, v in sorted(logs.items()):
        flat.update(_floats(v) if isinstance(v, dict) else {k: float(v)})
    return flat


class Model(Layer):
    """What every model can do: compile, fit, evaluate, predict, save. Mirrors `keras.Model`."""

    # Not part of the model's variables: the optimizer's slots, caches, training state.
    _TF_MODULE_IGNORED_PROPERTIES = frozenset({"optimizer", "_trainable_cache", "history",
                                               "loss", "_compiled_metrics", "_loss_tracker",
                                               "train_function", "test_function",
                                               "predict_function"})

    _wired_by_arguments = True  # (Sequential: False; Functional: already wired)
    def __new__(cls, *args, **kwargs):
        # Keras: Model(inputs, outputs) makes a functional model (see functional.py)
        if cls is Model and (args or "inputs" in kwargs or "outputs" in kwargs):
            return super().__new__(Functional)
        if cls._wired_by_arguments and wiring_arguments(args, kwargs):  # CustomModel(inputs, outputs)
            return super().__new__(functional_subclass(cls, Functional))
        return super().__new__(cls)

    def __init__(self, name: str | None = None, **kwargs):
        if "inputs" in kwargs or "outputs" in kwargs:
            raise NotImplementedError(
                f"{type(self).__name__}(inputs=..., outputs=...) (a subclass of tf.keras.Model "
                "built the functional way) is not part of this engine. Use "
                "tf.keras.Model(inputs, outputs) itself, or create layers in __init__ and use "
                "them in call(self, inputs, training=None).")
        super().__init__(name=name if name is not None else unique_name(_snake(type(self).__name__)), **kwargs)
        self.optimizer = None
        self.loss = None
        self._compiled_metrics: list = []
        self.stop_training = False
        self.history = None
        self._compiled = False
        self.run_eagerly = False
        self.steps_per_execution = 1
        self.train_function = self.test_function = self.predict_function = None

    def build(self, input_shape=None) -> None:
        # Keras 3 builds a subclassed model by running its call() on a KerasTensor once: the
        # name that tensor takes is gone, so later KerasTensors are named as in Keras
        unique_name("keras_tensor")
        super().build(input_shape)

    # -- compile ------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                run_eagerly: bool = False, steps_per_execution: int = 1,
                jit_compile=None) -> None:
        """Chooses the optimizer, the loss and the metrics to report.

        Strings name Keras's defaults ("adam", "sgd", "sparse_categorical_crossentropy",
        "mse", "accuracy"); objects give full control. `run_eagerly=True` runs
        `train_step` op by op instead of as a traced graph (slower; for debugging).
        `steps_per_execution`: batch hooks once per n steps (steps_per_execution.py).
        A model with several outputs takes a loss, weight and metrics per output, as a
        list or a dict by output name (compile_outputs.py). As in Keras 3, compiling
        again without `loss` (or `metrics`) keeps the ones given before.
        """
        several = self._several_output_names()
        if loss_weights is not None and several is None:
            raise NotImplementedError("compile(loss_weights=...) for a model with one output is "
                                      "not part of this engine; scale the loss instead.")
        self.optimizer = loss_scale_optimizer.for_model(self, optimizers.get(optimizer))
        # (no loss ever: the model's own, from add_loss, is what fit minimizes; call_losses.py)
        if loss is not None:
            self.loss, self._output_losses = (loss, compile_outputs.OutputLosses(
                loss, loss_weights, several)) if several else (losses_module.as_loss(loss), None)
        if metrics is not None:  # (Keras 3: even [] makes a CompileMetrics)
            self._output_metrics = compile_outputs.OutputMetrics(metrics, several) \
                if several else None
            self._compiled_metrics = self._output_metrics.metrics if several else \
                [metrics_module.compiled(m, self.loss) for m in metrics]
            self._metrics_given = True
        self._loss_tracker = metrics_module.Mean(name="loss")
        self._compiled, self._compile_metrics_built = True, False
        self.run_eagerly = bool(run_eagerly)
        self.steps_per_execution = steps_per_execution_module.check(steps_per_execution)
        self.train_function = self.test_function = self.predict_function = None

    _output_losses = _output_metrics = None  # (compile_outputs.py: a model with several outputs)
    _metrics_given = False

    def _several_output_names(self):
        """The output names of a functional model with several outputs (else None)."""
        outputs = self.outputs if getattr(self, "_is_functional", False) else []
        return list(self.output_names) if len(outputs) > 1 else None

    def _assert_compiled(self) -> None:
        if not self._compiled:
            raise ValueError("You must call `compile()` before using the model (for example "
                             "model.compile(optimizer='adam', loss='sparse_categorical_"
                             "crossentropy', metrics=['accuracy'])).")

    @property
    def metrics(self) -> list:
        """[loss tracker, CompileMetrics]: Keras 3's list, whose names are `metrics_names`."""
        return metrics_module.model_metrics(self)

    @property
    def metrics_names(self) -> list:
        return [m.name for m in self.metrics]

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

    def _compute_loss(self, y, y_pred, logits, activation_name, sample_weight=None) -> Tensor:
        loss, penalties = self.loss, self.losses  # (and the weights' regularizers, train and test)
        if loss is not None and y is None:
            raise ValueError(data_adapter.NO_TARGETS)
        if self._output_losses is not None and loss is not None:  # several outputs
            value = self._output_losses(y, y_pred, sample_weight)
            if value is not None:
                return math_ops.add(value, math_ops.add_n(penalties)) if penalties else value
            loss = None  # (every output's loss None)
        if loss is None:
            if not penalties:
                raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
            return math_ops.add_n(penalties)
        if logits is not None and not loss.from_logits and loss.logits_of == activation_name:
            fn = {"SparseCategoricalCrossentropy": losses_module.sparse_categorical_crossentropy,
                  "CategoricalCrossentropy": losses_module.categorical_crossentropy,
                  "BinaryCrossentropy": losses_module.binary_crossentropy}[type(loss).__name__]
            # (as Loss.__call__ does: labels (n,) meet a column of logits (n, 1))
            y, logits = loss_base._same_rank(convert_to_tensor(y), logits)
            value = loss.reduce(fn(y, logits, from_logits=True), sample_weight)
        else:
            value = loss(y, y_pred, sample_weight)
        return math_ops.add(value, math_ops.add_n(penalties)) if penalties else value

    def train_step(self, data) -> dict:
        """One batch `data = (x, y)`: forward, loss, gradients, update; returns the running
        logs. Override it (Keras 3's signature) to customise what `fit` does. With
        `class_weight`, fit gives `(x, y, sample_weight)`."""
        x, y, weights = data_adapter.unpack_x_y_sample_weight(data)
        with GradientTape() as tape:
            y_pred, logits, act = self._forward(x, training=True)
            loss = self._compute_loss(y, y_pred, logits, act, weights)
            scaled = self.optimizer.scale_loss(loss) if hasattr(self.optimizer, "scale_loss") else loss
        variables = self._trainable_cache or self.trainable_variables
        if variables:  # (a LossScaleOptimizer scales the loss and unscales the gradients)
            self.optimizer.apply_gradients(zip(tape.gradient(scaled, variables), variables))
        else:
            warnings.warn("The model does not have any trainable weights.", UserWarning)
        return self._update_metrics(x, y, y_pred, loss)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss plus `self.losses`. Mirrors Keras 3's `Model.compute_loss`."""
        return self._compute_loss(y, y_pred, None, None, sample_weight)

    # Keras 2's names, which Keras 3 keeps with a deprecation warning (deprecated_shims.py)
    compiled_loss = deprecated_shims.compiled_loss
    compiled_metrics = property(deprecated_shims.compiled_metrics)

    def test_step(self, data) -> dict:
        """One batch `data = (x, y)` (or `(x, y, sample_weight)`) of `evaluate`: forward, loss,
        metrics."""
        x, y, weights = data_adapter.unpack_x_y_sample_weight(data)
        y_pred, logits, act = self._forward(x, training=False)
        loss = self._compute_loss(y, y_pred, logits, act, weights)
        return self._update_metrics(x, y, y_pred, loss)

    def predict_step(self, data):
        """One batch of `predict`: the model's outputs."""
        return self(data, training=False)

    def _update_metrics(self, x, y, y_pred, loss) -> dict:
        first = _flatten(x)[0]  # (any input's rows)
        batch_size = array_ops.shape(first)[0]  # (a tensor: the last batch may be smaller)
        self._loss_tracker.update_state(loss, sample_weight=batch_size)
        metrics_module.CompileMetrics(self).update_state(y, y_pred)
        return self._logs()

    def _needs_targets(self, step: str) -> bool:
        """Whether the built-in `step` (not your own) has a compiled loss, which needs targets."""
        return self.loss is not None and getattr(type(self), step) is getattr(Model, step)

    def _output_loss_trackers(self) -> list:
        """Each output's loss, as its own Mean (with more than one loss; compile_outputs.py)."""
        return self._output_losses.trackers if self._output_losses is not None else []

    def _logs(self) -> dict:
        logs = metrics_module.CompileMetrics(self).result()
        logs.update({m.name: m.result() for m in self._output_loss_trackers()})
        logs["loss"] = self._loss_tracker.result()
        return dict(sorted(logs.items()))  # TF's Keras: names in alphabetical order (tf.nest's)

    def _in_order(self, logs: dict):
        """evaluate()'s list (metrics.py: in_order): the loss, then the metrics."""
        return metrics_module.in_order(logs, ["loss"] + [
            m.name for m in list(self._compiled_metrics) + self._output_loss_trackers()])

    # -- the traced steps (Keras 3's make_*_function) --------------------------------------
    # The traced steps are not part of the model: tf.saved_model.save leaves them out (Keras 3
    # hides them from SavedModel's walk), so they live behind properties, not as attributes.
    def _step_property(kind: str):  # noqa: N805 - (a helper run in the class body)
        def get(self):
            return self.__dict__.get("_step_functions", {}).get(kind)

        def set_(self, value):
            self.__dict__.setdefault("_step_functions", {})[kind] = value
        return property(get, set_)
    train_function = _step_property("train")
    test_function = _step_property("test")
    predict_function = _step_property("predict")
    del _step_property

    @property
    def _default_save_signature(self):
        """What tf.saved_model.save exports as "serving_default": the model's call, traced
        for its inputs' specs (None when they are unknown). Mirrors Keras 3."""
        specs = self._input_specs()
        if specs is None:
            return None
        return function(lambda inputs: self(inputs), input_signature=(specs,))

    def _input_specs(self):
        from ..function import TensorSpec
        shape = self._build_shape if self._input_shape is None else self._input_shape
        if shape is None or not isinstance(shape, tuple):
            return None
        return TensorSpec((None,) + tuple(shape)[1:], "float32")  # (named "inputs" by the call)

    def make_train_function(self):
        """`train_step`, traced once with tf.function (plain with run_eagerly=True)."""
        if self.train_function is None:
            self.train_function = self._compiled_step(self.train_step)
        return self.train_function

    def make_test_function(self):
        if self.test_function is None:
            self.test_function = self._compiled_step(self.test_step)
        return self.test_function

    def make_predict_function(self):
        if self.predict_function is None:
            self.predict_function = self._compiled_step(self.predict_step)
        return self.predict_function

    def _compiled_step(self, step):
        if self.run_eagerly:
            return step
        # reduce_retracing: a last, smaller batch traces once more, with an unknown batch size
        return function(step, reduce_retracing=True)

    def reset_metrics(self) -> None:
        self._loss_tracker.reset_state()
        for m in list(self._compiled_metrics) + self._output_loss_trackers():
            m.reset_state()

    # -- data ---------------------------------------------------------------------------------
    def _check_data(self, x, y):
        return data_adapter.check_arrays(x, y)

    # -- fit / evaluate / predict ------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size: int | None = None, epochs: int = 1, verbose="auto",
            callbacks=None, validation_split: float = 0.0, validation_data=None,
            shuffle: bool = True, initial_epoch: int = 0, steps_per_epoch: int | None = None,
            validation_steps: int | None = None, class_weight: dict | None = None,
            sample_weight=None):
        """Trains for `epochs` passes over (x, y) or a dataset; returns a `History`.

        Mirrors `Model.fit`; keras/data_adapter.py makes the batches. `class_weight`
        ({class: weight}) weighs each example's loss by its label's weight, `sample_weight`
        (one per sample) by its own (not the metrics); train_step gets (x, y, weights)."""
        self._assert_compiled()
        if validation_data is None and validation_split:
            x, y = self._check_data(x, y) if not isinstance(x, data_adapter.Dataset) else (x, y)
            (x, y, sample_weight), validation_data = data_adapter.split_for_validation(
                (x, y, sample_weight), validation_split)
        data = data_adapter.EpochIterator(x, y, batch_size, steps_per_epoch, shuffle,
                                          sample_weight=sample_weight)
        if validation_data is not None and not isinstance(validation_data, data_adapter.Dataset):
            # (bad data fails now; a third item: the validation's sample weights)
            validation_data = (*self._check_data(*validation_data[:2]), *validation_data[2:3])
        verbose = 1 if verbose == "auto" else int(verbose)
        history = callbacks_module.History()
        cbs = list(callbacks or []) + [history]
        if verbose:
            cbs.append(callbacks_module.ProgbarLogger(verbose))
        cb = callbacks_module.CallbackList(cbs, self, {"verbose": verbose, "epochs": epochs,
                                                       "steps": data.num_batches})
        if data.example_x() is not None:
            self._build_for(data.example_x())
        losses_module.check_model_labels(self, y)
        self._trainable_cache = list(self.trainable_variables)
        train_function = self.make_train_function()
        self.stop_training = False
        self.history = history
        cb.call("on_train_begin", {})  # (BackupAndRestore's sets _initial_epoch; it stays: Keras 3)
        logs: dict = {}
        for epoch in range(self._initial_epoch or initial_epoch, epochs):
            self.reset_metrics()
            cb.call("on_epoch_begin", epoch, {})
            for step, batch, begins, end in steps_per_execution_module.executions(
                    data.epoch(), self.steps_per_execution):
                if begins:
                    cb.call("on_train_batch_begin", step, {})
                batch = data_adapter.tensors(data_adapter.with_class_weight(batch, class_weight))
                data_adapter.check_targets(batch, self._needs_targets("train_step"))
                data_adapter.trace_for_any_batch(train_function, batch)
                logs = _floats(train_function(batch))
                if end is not None:
                    cb.call("on_train_batch_end", end, logs)
                    if self.stop_training:
                        break
            epoch_logs = dict(logs)
            if validation_data is not None:
                val_x, val_y, val_weights = (validation_data, None, None) if isinstance(
                    validation_data, data_adapter.Dataset) else (*validation_data, None)[:3]
                val = self.evaluate(val_x, val_y, batch_size=batch_size, verbose=0,
                                    return_dict=True, steps=validation_steps, callbacks=cb,
                                    sample_weight=val_weights)
                epoch_logs.update({"val_" + k: v for k, v in val.items()})
            cb.call("on_epoch_end", epoch, epoch_logs)
            logs = epoch_logs  # (on_train_end gets the last epoch's, validation too: Keras 3)
            if self.stop_training:
                break
        cb.call("on_train_end", logs)
        self._trainable_cache = None
        return history

    _trainable_cache = _initial_epoch = None

    def evaluate(self, x=None, y=None, batch_size: int | None = None, verbose="auto",
                 return_dict: bool = False, steps: int | None = None, callbacks=None,
                 sample_weight=None):
        """Loss and metrics on (x, y) or a dataset, without training. Mirrors `Model.evaluate`.

        Returns [loss, metric, ...] (or the loss alone with no metrics), or a dict.
        Callbacks get `on_test_begin`, `on_test_batch_end` and `on_test_end` (fit
        passes its own, so TensorBoard logs the validation at each epoch's end).
        """
        self._assert_compiled()
        data = data_adapter.EpochIterator(x, y, batch_size, steps, sample_weight=sample_weight)
        if data.example_x() is not None:
            self._build_for(data.example_x())
        self.reset_metrics()
        bar = callbacks_module.Progbar(data.num_batches,
                                       verbose=1 if verbose == "auto" else int(verbose))
        if not isinstance(callbacks, callbacks_module.CallbackList):
            callbacks = callbacks_module.CallbackList(callbacks or [], self,
                                                      {"steps": data.num_batches})
        test_function = self.make_test_function()
        logs: dict = {}
        step = -1
        callbacks.call("on_test_begin", {})
        for step, batch, begins, end in steps_per_execution_module.executions(
                data.epoch(), self.steps_per_execution):
            if begins:
                callbacks.call("on_test_batch_begin", step, {})
            batch = data_adapter.tensors(batch)
            data_adapter.check_targets(batch, self._needs_targets("test_step"))
            data_adapter.trace_for_any_batch(test_function, batch)
            logs = _floats(test_function(batch))
            if end is not None:
                bar.update(step + 1, list(logs.items()))
                callbacks.call("on_test_batch_end", end, logs)
        if not logs:
            raise ValueError("Expected input data to be non-empty (the dataset gave no batches).")
        if bar.target is None:  # a dataset of unknown size: Keras ends the bar at its length
            bar.target = step + 1
            bar.update(step + 1, list(logs.items()), finalize=True)
        callbacks.call("on_test_end", logs)
        return logs if return_dict else self._in_order(logs)

    def predict(self, x, batch_size: int | None = None, verbose="auto",
                steps: int | None = None, callbacks=None) -> np.ndarray:
        """The model's outputs for `x` (arrays or a dataset), batch by batch, as one NumPy array
        (a list of them for several outputs). Callbacks get `on_predict_begin`, each batch's
        begin and end (logs {"outputs": ...}) and `on_predict_end`, as in Keras 3."""
        data = data_adapter.EpochIterator(x, None, batch_size, steps, targets=False)
        bar = callbacks_module.Progbar(data.num_batches,
                                       verbose=1 if verbose == "auto" else int(verbose))
        callbacks = callbacks_module.CallbackList(callbacks or [], self,
                                                  {"steps": data.num_batches})
        predict_function = self.make_predict_function()
        outputs = []
        step = -1
        callbacks.call("on_predict_begin", {})
        for step, x_batch in data.epoch():
            callbacks.call("on_predict_batch_begin", step, {})
            batch = predict_function(data_adapter.tensors(x_batch))
            outputs.append(data_adapter.as_numpy(batch))
            callbacks.call("on_predict_batch_end", step, {"outputs": batch})
            bar.update(step + 1, finalize=False)
        if not outputs:
            raise ValueError("Unexpected result of predict_function (Empty batch_outputs): the "
                             "data gave no batches.")
        callbacks.call("on_predict_end", {})
        bar.target = step + 1 if bar.target is None else bar.target  # (a dataset of unknown size)
        bar.update(step + 1, finalize=True)  # (Keras's ProgbarLogger ends it after the callbacks)
        return data_adapter.join_batches(outputs)

    def train_on_batch(self, x, y, return_dict: bool = False):
        """One training step on one batch; returns the loss (and metrics) of that batch."""
        self._assert_compiled()
        x, y = self._check_data(x, y)
        self._build_for(x, batch_size=True)
        self.reset_metrics()
        logs = _floats(self.make_train_function()((Tensor(x), Tensor(y))))
        return logs if return_dict else self._in_order(logs)

    def test_on_batch(self, x, y, return_dict: bool = False):
        self._assert_compiled()
        x, y = self._check_data(x, y)
        self.reset_metrics()
        logs = _floats(self.make_test_function()((Tensor(x), Tensor(y))))
        return logs if return_dict else self._in_order(logs)

    def predict_on_batch(self, x) -> np.ndarray:
        return self.make_predict_function()(Tensor(_floatx(x))).numpy()

    def _build_for(self, x: np.ndarray, batch_size: bool = False) -> None:
        pass

    # -- the layers a subclassed model holds --------------------------------------------------------
    _input_shape = None  # (None, 28, 28) once known (Sequential); unknown for a subclassed model

    def _checkpoint_children(self) -> list:
        """A layer's (layers.py), and for a functional model its layers, inputs first, as
        Keras 3 on TF lists them: `_operations/0` is the InputLayer, `_operations/1` the next."""
        found = super()._checkpoint_children()
        if getattr(self, "_nodes", None) is not None:
            found.append(("_operations", list(self.layers)))
        return found

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

    @classmethod
    def from_config(cls, config: dict, custom_objects=None) -> "Model":
        """A model from `get_config()`: a functional model's graph is rebuilt; any other
        class gets the config as keyword arguments. Mirrors `Model.from_config`."""
        if cls in (Model, Functional) and all(
                k in config for k in ("name", "layers", "input_layers", "output_layers")):
            return functional_from_config(Functional, config, custom_objects)
        return cls(**config)

    def get_layer(self, name: str | None = None, index: int | None = None):
        """A layer by name (or by index in `layers`). Mirrors `Model.get_layer`."""
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only "
                                 f"has {len(self.layers)} layers.")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}. Existing layers are: "
                         f"{[layer.name for layer in self.layers]}.")

    def summary(self, line_length=None, positions=None, print_fn=None, **kwargs) -> None:
        """Prints Keras 3's table: each layer's name (type), output shape and parameter count.

        A subclassed model shows each layer's output shape from its last call, "?" before
        any call, as Keras does."""
        saving.print_summary(self, print_fn or print)

    def _train_graph_def(self):
        """The GraphDef of the traced training step, for TensorBoard (None before it ran)."""
        function = self.train_function
        traces = list(getattr(function, "_cache", {}).values())
        return traces[0].graph.as_graph_def() if traces else None

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
        """The model's architecture as JSON (serialization.py); `model_from_json` reads it."""
        return json.dumps(serialize_keras_object(self))


def load_model(filepath, custom_objects=None, compile: bool = True, safe_mode: bool = True) -> Model:
    """Loads a model written by `model.save` (our `.keras` format). Mirrors `keras.models.load_model`.

    A subclassed model is rebuilt from its class, which you pass as in Keras:
    `load_model("m.keras", custom_objects={"MyModel": MyModel})`.
    """
    return saving.load_model(filepath, compile, custom_objects)


from .functional_model import Functional  # noqa: E402 - (Models: defined after it)
from .sequential import Sequential  # noqa: E402
from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.models", __name__, name)
