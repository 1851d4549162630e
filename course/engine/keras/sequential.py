"""`tf.keras.Sequential`: a plain stack of layers, each feeding the next.

    >>> model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(1)])
    >>> model.output_shape
    (None, 1)

Everything to train it comes from `Model` (models.py). What is its own: the
list of layers, building them in order from the input shape, and the
config that `model.save` writes.
"""
from __future__ import annotations

import numpy as np

from ..tensor import Tensor, convert_to_tensor
from . import activations, layers as layers_module
from .data_adapter import floatx as _floatx
from .call_errors import with_call_arguments
from .functional import Node, input_node, is_symbolic, symbolic_call, traced_outputs
from .input_layer import InputLayer, KerasTensor
from .layers import Layer, shape_text, unique_name
from .registration import get_registered_name, get_registered_object
from .models import Model
from .variables import name_scope
from ..ops import array_ops

__all__ = ["Sequential"]


class Sequential(Model):
    """A plain stack of layers, each feeding the next. Mirrors `keras.Sequential`.

    Give the layers as a list or `add` them one by one. Start with
    `tf.keras.Input(shape=...)` so the model is built (and `summary()` can
    count parameters) before it sees data.
    """

    _wired_by_arguments = False  # (Sequential(layers, name) is not Model(inputs, outputs))

    def __init__(self, layers=None, name: str | None = None, trainable: bool = True):
        super().__init__(name=name if name is not None else unique_name("sequential"), trainable=trainable)
        self.layers: list = []
        self._input_shape = None  # (None, 28, 28) once known; (32, 28, 28) if built from a batch
        self._input_tensor = None  # its InputLayer's KerasTensor: `model.inputs`
        self._output_tensor = None  # the last layer's, once built: `model.outputs`
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    def _checkpoint_children(self) -> list:
        """Keras 3 runs a Sequential as a functional model of its layers, which a checkpoint
        names `_functional/_operations/N`: N = 1 for the first layer (0 is its InputLayer)."""
        found = super()._checkpoint_children()
        if self.layers:
            found.append(("_functional", {"_operations": [None] + list(self.layers)}))
        return found

    def add(self, layer, rebuild: bool = True) -> None:
        """Appends a layer (or sets the input shape, for `tf.keras.Input`)."""
        if isinstance(layer, KerasTensor):
            self._set_input_shape(layer.shape)
            self._input_tensor = layer
            return
        if isinstance(layer, InputLayer):
            self._set_input_shape(layer.batch_shape)
            self._input_tensor = _input_tensor(layer)
            return
        if not isinstance(layer, Layer):
            raise TypeError(f"Only instances of `keras.Layer` can be added to a Sequential "
                            f"model. Received: {layer!r} (of type {type(layer).__name__})")
        if any(l.name == layer.name for l in self.layers):
            raise ValueError(f"All layers added to a Sequential model should have unique names. "
                             f"Name {layer.name!r} is already the name of a layer in this model.")
        if not self.layers and self._input_shape is None and layer._input_shape_arg is not None:
            self._input_shape = layer._input_shape_arg
            self._input_tensor = _input_tensor(InputLayer(shape=self._input_shape[1:]))
        self.layers.append(layer)
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild: bool = True):
        """Removes and returns the last layer. Mirrors `Sequential.pop`."""
        if not self.layers:
            raise TypeError("There are no layers in the model.")
        layer = self.layers.pop()
        self.built, self._output_tensor = False, None
        self.train_function = self.test_function = self.predict_function = None
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self) -> None:
        """Keras 3 builds a Sequential as soon as its input shape and a layer are known; a
        first layer that is itself a Sequential with a known input gives that shape, once a
        second layer follows it (an augmentation model put first, say)."""
        first = self.layers[0] if self.layers else None
        if self._input_shape is None and len(self.layers) > 1 and \
                isinstance(first, Sequential) and first._input_shape is not None:
            self._input_shape = first._input_shape
            self._input_tensor = _input_tensor(InputLayer(shape=self._input_shape[1:]))
        if self._input_shape is not None and self.layers:
            self._build_layers()

    def _set_input_shape(self, shape) -> None:
        if self.layers:
            raise ValueError("tf.keras.Input must be the first entry of a Sequential model.")
        self._input_shape = tuple(shape)

    def _build_layers(self) -> None:
        """Builds every layer from the known input shape, as Keras does on `add`.

        A layer of your own that defines neither `build` nor `compute_output_shape` (one
        holding other layers, say) is built as Keras 3 builds it: by tracing its call on a
        KerasTensor, which builds the layers it holds and gives its output shape."""
        shape, dtype, outputs = self._input_shape, self._input_tensor.dtype, []
        with name_scope(self.name):  # weights are "sequential/dense/kernel", as in Keras 3
            for layer in self.layers:
                if _built_by_its_call(layer):  # (a stand-in input: it takes no name)
                    out = traced_outputs(layer, KerasTensor(shape, dtype,
                                                            name=f"{layer.name}_input"), {})
                    layer.built = True
                    shape, dtype = out.shape, out.dtype
                    outputs.append(out)
                    continue
                if not layer.built:
                    layer.build(shape)
                    layer.built = True
                shape, dtype = layer.compute_output_shape(shape), layer.dtype
                outputs.append(shape)
        self.built = True
        # Keras 3 builds a Sequential as a functional model of its layers: each layer gets a
        # node (what `layer.output` and summary() read), and the names it uses are taken
        unique_name("functional")
        x = self._input_tensor
        for layer, out in zip(self.layers, outputs):
            y = out if isinstance(out, KerasTensor) else KerasTensor(out, layer.dtype)
            Node(layer, (x,), {}, y)
            x = y
        self._output_tensor = x

    def build(self, input_shape=None) -> None:
        """Builds the layers for inputs of `input_shape`, batch size included: Keras 3 keeps
        it, so a model built by calling it on 10 examples shows (10, ...) in `summary()`."""
        if input_shape is not None and self._input_shape is None:
            self._input_shape = tuple(input_shape)
            self._input_tensor = _input_tensor(InputLayer(shape=self._input_shape[1:],
                                                          batch_size=self._input_shape[0]))
        if self._input_shape is None:
            raise ValueError("You must provide an `input_shape` argument (or start the model "
                             "with tf.keras.Input(shape=...)).")
        self._build_layers()

    def _build_for(self, x: np.ndarray, batch_size: bool = False) -> None:
        """Builds the model for inputs like `x` if it is not built yet. `fit` and `evaluate`
        build for any batch size (None); a call, `predict` and `train_on_batch` build for x's
        own batch size, as Keras 3 does."""
        if self._input_shape is None:
            self.build(tuple(x.shape) if batch_size else (None,) + tuple(x.shape[1:]))
        self._check_input(x.shape)

    def _check_input(self, shape) -> None:
        expected = self._input_shape
        if expected is not None and _rank_gap(shape, expected):
            shape = tuple(shape) + (1,) if len(shape) < len(expected) else tuple(shape)[:-1]
        # Keras 3 checks only the rank here: each layer checks the sizes it needs (a Dense
        # its last axis), so a model built on windows of 1 step runs on windows of 24
        if expected is not None and len(shape) != len(expected):
            raise ValueError(f"Input 0 of layer '{self.name}' is incompatible with the layer: "
                             f"expected shape={shape_text(expected)}, found shape="
                             f"{shape_text(tuple(shape))}. (The model was built for inputs of "
                             f"shape {shape_text(expected[1:])} per sample.)")

    def call(self, inputs, training=None, mask=None, **kwargs):  # (Keras 3's signature)
        for layer in self.layers:
            inputs = layer(inputs, training=training)
        return inputs

    def __call__(self, inputs, training=None):
        if is_symbolic(inputs):  # a Sequential inside a functional model
            if not self.built:
                self.build(inputs.shape)
            return symbolic_call(self, inputs, {} if training is None else {"training": training})
        inputs = inputs if isinstance(inputs, Tensor) else convert_to_tensor(_floatx(inputs))
        self._build_for(inputs._value, batch_size=True)
        inputs = self._match_rank(inputs)
        try:
            return self.call(inputs, training=training)
        except Exception as error:  # a layer's input check: Keras names Sequential.call()
            framed = with_call_arguments(self, error, (inputs,), {"training": training})
            if framed is None:
                raise
            raise framed from None

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
    def inputs(self) -> list:
        """[the InputLayer's KerasTensor] once built (Keras 3), for a functional model made
        from this one's layers: `tf.keras.Model(model.inputs, model.layers[0].output)`."""
        if self._output_tensor is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined inputs yet.")
        return [self._input_tensor]

    @property
    def outputs(self) -> list:
        if self._output_tensor is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined outputs yet.")
        return [self._output_tensor]

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
                                      "batch_shape": tuple(self._input_shape)}})
        for layer in self.layers:
            entry = {"class_name": type(layer).__name__, "config": layer.get_config()}
            if type(layer) not in set(layers_module.LAYER_CLASSES.values()):  # your own class
                entry["registered_name"] = get_registered_name(type(layer))
            if hasattr(layer, "get_build_config"):  # (your layer's own: Keras 3's hook)
                entry["build_config"] = layer.get_build_config()
            layers.append(entry)
        return {"name": self.name, "layers": layers}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None) -> "Sequential":
        """The model `get_config()` describes: the engine's layer classes, or your own ones
        registered (or in custom_objects); a layer with `build_from_config` gets its saved
        build config (Keras 3's hook) before the model builds it."""
        model = cls(name=config.get("name"))
        for entry in config["layers"]:
            kind, cfg = entry["class_name"], dict(entry["config"])
            if kind == "InputLayer":
                model.add(layers_module.Input(shape=cfg["batch_shape"][1:],
                                              batch_size=cfg["batch_shape"][0]))
                continue
            layer_cls = layers_module.LAYER_CLASSES.get(kind) or get_registered_object(
                entry.get("registered_name") or kind, custom_objects)
            if not (isinstance(layer_cls, type) and issubclass(layer_cls, Layer)):
                raise ValueError(f"Unknown layer class {kind!r} in the saved config; known: "
                                 f"{sorted(layers_module.LAYER_CLASSES)}, or pass your class "
                                 "in custom_objects or register it.")
            layer = layer_cls.from_config(cfg)
            if entry.get("build_config") is not None and hasattr(layer, "build_from_config"):
                layer.build_from_config(entry["build_config"])
            model.add(layer)
        return model


def _built_by_its_call(layer) -> bool:
    """A layer class of your own with Layer's own `compute_output_shape`, and Layer's own
    `build` or built already (as by its build_from_config)."""
    cls = type(layer)
    return cls not in set(layers_module.LAYER_CLASSES.values()) and \
        (cls.build is Layer.build or layer.built) and \
        cls.compute_output_shape is Layer.compute_output_shape


def _input_tensor(layer: InputLayer) -> KerasTensor:
    """The KerasTensor of the InputLayer that Keras 3 puts first in a Sequential (Keras makes
    both, so a Sequential built without an Input takes their names, as in Keras)."""
    tensor = KerasTensor(layer.batch_shape, layer.dtype)
    input_node(layer, tensor)
    return tensor


def _rank_gap(shape, expected) -> bool:
    """Whether `shape` differs from the model's `expected` input only by a last axis of 1."""
    shape = tuple(shape)
    return (len(shape) == len(expected) - 1 and expected[-1] == 1) or \
        (len(shape) == len(expected) + 1 and shape[-1] == 1)
