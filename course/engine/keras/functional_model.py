"""`Functional`: the model `tf.keras.Model(inputs, outputs)` returns (Keras 3's class of that name).

    >>> inputs = tf.keras.Input(shape=(3,))
    >>> outputs = tf.keras.layers.Dense(1)(inputs)
    >>> model = tf.keras.Model(inputs, outputs)      # Model.__new__ makes it a Functional
    >>> type(model).__name__
    'Functional'

A Model (models.py) whose `call` replays the graph of layer calls recorded
from `tf.keras.Input` on (functional.py holds that graph: its nodes, config
and shapes).
"""
from __future__ import annotations

from .functional import (FunctionalMixin, build_functional, is_symbolic, symbolic_call)
from .functional import from_config as functional_from_config
from .models import Model
from .variables import name_scope

__all__ = ["Functional"]


class Functional(FunctionalMixin, Model):
    """A model wired from tf.keras.Input through layer calls: what `tf.keras.Model(inputs,
    outputs)` returns. Mirrors Keras 3's `Functional` (see functional.py)."""

    _wired_by_arguments = False

    def __init__(self, inputs, outputs, name: str | None = None, trainable: bool = True):
        super().__init__(name=name, trainable=trainable)  # (named after its class: "functional")
        build_functional(self, inputs, outputs)

    def call(self, inputs, training=None):
        return self._run_nodes(inputs, training)

    def __call__(self, inputs, training=None):
        if is_symbolic(inputs):  # a functional model used as a layer of another one
            return symbolic_call(self, inputs, {} if training is None else {"training": training})
        with name_scope(self.name):
            return self.call(inputs, training=training)

    def _forward(self, x, training: bool):
        return self._functional_forward(x, training)

    def _single_io(self, what: str, x=None) -> None:
        if len(self.outputs) != 1:
            raise NotImplementedError(
                f"{what} of a functional model with several outputs is not part of this "
                "engine; call the model in your own training loop (a GradientTape step), "
                "or give it one output.")
        if len(self.inputs) != 1 and isinstance(x, (list, tuple)):
            raise NotImplementedError(
                f"{what} of a functional model with several inputs takes them as a dict "
                "{input name: array} in this engine (not as a list).")

    def fit(self, x=None, *args, **kwargs):
        self._single_io("fit()", x)
        return super().fit(x, *args, **kwargs)

    def evaluate(self, x=None, *args, **kwargs):
        self._single_io("evaluate()", x)
        return super().evaluate(x, *args, **kwargs)

    def predict(self, x=None, *args, **kwargs):
        self._single_io("predict()", x)
        return super().predict(x, *args, **kwargs)

    @property
    def input_shape(self):
        return self._functional_input_shape()

    @property
    def output_shape(self):
        return self._functional_output_shape()

    def get_config(self) -> dict:
        return self._functional_config()

    def _input_specs(self):
        from ..function import TensorSpec
        from .functional import _map
        from .. import dtypes
        return _map(lambda t: TensorSpec(t.shape, dtypes.as_dtype(t.dtype)), self._functional_inputs)

    @classmethod
    def from_config(cls, config: dict, custom_objects=None) -> "Functional":
        return functional_from_config(cls, config, custom_objects)
