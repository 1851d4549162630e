"""`layer.add_loss(value)`: losses a layer's call() adds, such as an activity penalty.

    >>> class ActivityRegularization(tf.keras.layers.Layer):
    ...     def call(self, inputs):
    ...         self.add_loss(1e-2 * tf.reduce_mean(inputs))
    ...         return inputs

Keras 3 keeps the losses of the *last* call only: the outermost layer call
(the model, or a layer called on its own) first clears the losses its layers
added before, so calling a model twice does not double them. `layer.losses`
lists them after the weights' regularizer penalties, for the layer and every
layer it holds; `fit` adds their sum to the loss (models.py), as it does the
penalties. A symbolic call (building a functional model) keeps none.

Read next: layers.py (`Layer.__call__` opens `call_scope`).
"""
from __future__ import annotations

import contextlib

__all__ = ["add", "collected", "clear", "call_scope"]

_depth = [0]  # how many layer calls are running, one inside the other


def add(layer, value) -> None:
    """Keeps `value` (a scalar tensor) as one of `layer`'s losses until its next outermost call."""
    layer.__dict__.setdefault("_call_losses", []).append(value)


def collected(layer) -> list:
    """The losses `layer` and the layers it holds added in their last call, outermost first."""
    found = list(layer.__dict__.get("_call_losses", ()))
    for sub in layer._sublayers():
        found.extend(collected(sub))
    return found


def clear(layer) -> None:
    """Forgets the losses of `layer` and of every layer it holds."""
    layer.__dict__.pop("_call_losses", None)
    for sub in layer._sublayers():
        clear(sub)


@contextlib.contextmanager
def call_scope(layer):
    """Around a layer's call: the outermost call starts from no losses."""
    if _depth[0] == 0:
        clear(layer)
    _depth[0] += 1
    try:
        yield
    finally:
        _depth[0] -= 1
