"""`tf.keras`: layers, models, training, callbacks, on top of the engine.

    >>> model = tf.keras.Sequential([tf.keras.Input(shape=(28, 28)),
    ...                              tf.keras.layers.Flatten(),
    ...                              tf.keras.layers.Dense(10, activation="softmax")])

Read in this order: layers.py (build/call), activations.py, initializers.py,
losses.py, metrics.py, optimizers.py (build/update_step), models.py
(compile/fit), callbacks.py, progbar.py, saving.py, datasets/; ops/ is `keras.ops`.
"""
from . import (activations, backend, callbacks, datasets, initializers, layers, losses, metrics,
               mixed_precision, ops, optimizers, regularizers, utils)
from . import models
from .input_layer import Input, KerasTensor
from .layers import Layer
from .models import Model, Sequential

__all__ = ["activations", "backend", "callbacks", "datasets", "initializers", "layers", "losses",
           "metrics", "mixed_precision", "models", "ops", "optimizers", "regularizers", "utils",
           "Input", "KerasTensor", "Layer", "Model", "Sequential"]


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras", __name__, name)
