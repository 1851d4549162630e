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
