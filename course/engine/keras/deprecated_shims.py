"""Keras 2's `Model.compiled_loss` and `Model.compiled_metrics`, as Keras 3 keeps them.

TF1-to-TF2 migration guides (and much code written for Keras 2) override `train_step`
and call them:

    loss = self.compiled_loss(y, y_pred)           # Keras 3: self.compute_loss(y=y, y_pred=...)
    self.compiled_metrics.update_state(y, y_pred)  # Keras 3: each metric's update_state

Keras 3 still answers both, with a deprecation warning, and so does the engine, the same
way: `compiled_loss` is `compute_loss` (the compiled loss plus `model.losses`), and
`compiled_metrics.update_state` updates every entry of `model.metrics`, where the loss
tracker, a `Mean`, gets `y_pred` (Keras 3 gives a Mean the predictions, so the "loss"
that `fit` then prints is their mean: the guides' numbers show it too).
"""
from __future__ import annotations

import warnings

from . import metrics as metrics_module


def compiled_loss(model, y, y_pred, sample_weight=None, regularization_losses=None):
    """`model.compiled_loss(y, y_pred)`: Keras 3's `model.compute_loss(y=y, y_pred=y_pred)`."""
    # (the warning shows its first line, "warnings.warn(", as Keras 3's does)
    warnings.warn(
        "`model.compiled_loss()` is deprecated. Instead, use "
        "`model.compute_loss(x, y, y_pred, sample_weight, training)`.")
    return model.compute_loss(x=None, y=y, y_pred=y_pred, sample_weight=sample_weight)


class DeprecatedCompiledMetrics:
    """What `model.compiled_metrics` gives: an object with Keras 2's `update_state`."""

    def __init__(self, model):
        self._model = model

    def update_state(self, y, y_pred, sample_weight=None) -> None:
        """Updates each of `model.metrics`: a Mean with `y_pred`, the others with (y, y_pred)."""
        return self._compiled_metrics_update_state(
            y, y_pred, sample_weight=sample_weight)

    def _compiled_metrics_update_state(self, y, y_pred, sample_weight=None) -> None:
        # stacklevel=2: the warning shows the line above (where Keras 3's shows its own call)
        warnings.warn("`model.compiled_metrics()` is deprecated. Instead, use e.g.:\n```\n"
                      "for metric in self.metrics:\n    metric.update_state(y, y_pred)\n```\n",
                      stacklevel=2)
        for metric in self._model.metrics:
            if isinstance(metric, metrics_module.Mean):
                metric.update_state(y_pred, sample_weight=sample_weight)
            else:
                metric.update_state(y, y_pred, sample_weight=sample_weight)


def compiled_metrics(model) -> DeprecatedCompiledMetrics:
    """The `compiled_metrics` property of a model."""
    return DeprecatedCompiledMetrics(model)
