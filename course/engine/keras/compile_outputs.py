"""`compile()` for a model with several outputs: a loss, a weight and metrics per output.

    >>> model = tf.keras.Model([image, series], [score, classes])     # two outputs
    >>> model.compile(optimizer="rmsprop",
    ...               loss=[tf.keras.losses.MeanSquaredError(),
    ...                     tf.keras.losses.CategoricalCrossentropy()],
    ...               loss_weights=[1.0, 0.2],
    ...               metrics={"score_output": ["mae"], "class_output": ["accuracy"]})
    >>> model.fit([x_image, x_series], [y_score, y_class])  # or dicts by input/output name

The loss `fit` minimizes is the weighted sum of the outputs' losses. As in Keras 3:
- losses, weights and metrics come as a list (in the order of the model's outputs) or
  a dict by output name (the output layer's name); one loss alone serves every output,
  and `None` leaves an output without a loss;
- with more than one loss, each output's *unweighted* loss is logged too
  ("score_output_loss"), and each metric is logged under its output's name
  ("class_output_accuracy");
- they are matched to the outputs at the first step, not in `compile` (so compiling
  with a dict that misses an output fails only once you fit).
Targets come in the same shapes: a list in output order, or a dict by output name.
A model with one output keeps the plain path of models.py.
"""
from __future__ import annotations

from ..ops import math_ops
from . import losses as losses_module, metrics as metrics_module
from .functional import _flatten

__all__ = ["OutputLosses", "OutputMetrics", "targets_by_output"]


def targets_by_output(y, output_names: list) -> list:
    """The targets as a list in output order: from a list/tuple, or a dict by output name.

    >>> targets_by_output({"b": yb, "a": ya}, ["a", "b"])
    [ya, yb]
    """
    if isinstance(y, dict) and set(y) == set(output_names):
        return [y[name] for name in output_names]
    if isinstance(y, (list, tuple)) and len(y) == len(output_names):
        return list(y)
    given = ({k: "*" for k in y} if isinstance(y, dict) else
             tuple("*" for _ in y) if isinstance(y, (list, tuple)) else "*")
    raise ValueError("y_true and y_pred have different structures.\n"
                     f"y_true: {given}\ny_pred: {['*'] * len(output_names)}\n")


class OutputLosses:
    """`compile(loss=..., loss_weights=...)` of a model with several outputs (Keras 3's
    CompileLoss): called with the targets and outputs (lists in output order), it returns
    the weighted sum and records each output's loss in its own Mean."""

    def __init__(self, loss, loss_weights, output_names: list):
        if loss_weights is not None and not isinstance(loss_weights, (list, tuple, dict, float)):
            raise ValueError("Expected `loss_weights` argument to be a float (single output case) "
                             "or a list, tuple, or dict (multiple output case). Received instead: "
                             f"loss_weights={loss_weights} of type {type(loss_weights)}")
        self._loss, self._weights, self.output_names = loss, loss_weights, list(output_names)
        self.losses: list = []    # (output index, Loss, weight or None, log name)
        self.trackers: list = []  # one Mean per loss, when there is more than one
        self.built = False

    def build(self) -> None:
        names, loss, weights = self.output_names, self._loss, self._weights
        if isinstance(loss, dict):
            if set(loss) != set(names):
                raise ValueError(f"Expected keys {names} in loss dict, but found "
                                 f"loss.keys()={list(loss)}")
            loss = [loss[name] for name in names]
            if isinstance(weights, dict):
                weights = [weights[name] for name in names]  # (KeyError for a missing one)
        elif not isinstance(loss, (list, tuple)):
            loss = [loss] * len(names)  # one loss for every output
        for i in range(len(loss)):  # (a shorter list: the first outputs only, as Keras)
            if i >= len(names):
                raise KeyError(f"The path: ({i},) in the `loss` argument, can't be found in "
                               "either the model's output (`y_pred`) or in the labels "
                               "(`y_true`).")
        if weights is not None:
            if isinstance(weights, float) or len(weights) != len(loss):
                given = "float" if isinstance(weights, float) else len(weights)
                raise ValueError(f"`loss_weights` must match the number of losses, got "
                                 f"{len(loss)} losses and {given} weights.")
        for i, item in enumerate(loss):
            if item is not None:
                weight = None if weights is None else weights[i]
                self.losses.append((i, losses_module.as_loss(item), weight, names[i]))
        if len(self.losses) > 1:
            self.trackers = [metrics_module.Mean(name=f"{name}_loss")
                             for _, _, _, name in self.losses]
        self.built = True

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The weighted sum of the outputs' losses (None when no output has one); targets
        and outputs as a list in output order or a dict by output name."""
        if not self.built:
            self.build()
        y_true, y_pred = targets_by_output(y_true, self.output_names), _flatten(y_pred)
        total = None
        for k, (i, loss, weight, _) in enumerate(self.losses):
            value = loss(y_true[i], y_pred[i], sample_weight)
            if self.trackers:  # the unweighted loss; each batch counts once (*)
                self.trackers[k].update_state(value)
            if weight is not None:
                value = math_ops.multiply(value, weight)
            total = value if total is None else math_ops.add(total, value)
        return total
    # (*) Keras 3 weighs each batch by its static number of rows, which is unknown (None) in
    # the step traced for batches of any size: so a smaller last batch weighs as much as the
    # others in "score_output_loss", unlike in "loss".


class OutputMetrics:
    """`compile(metrics=...)` of a model with several outputs (Keras 3's CompileMetrics):
    each output's metrics, logged as "<output name>_<metric name>"."""

    def __init__(self, metrics, output_names: list):
        if metrics and not isinstance(metrics, (list, tuple, dict)):
            raise ValueError("Expected `metrics` argument to be a list, tuple, or dict. Received "
                             f"instead: metrics={metrics} of type {type(metrics)}")
        self._given, self.output_names = metrics, list(output_names)
        self.metrics: list = []     # the Metric objects, in order (Model._compiled_metrics)
        self._entries: list = []    # (output index, log name, Metric)
        self.built = False

    def build(self, y_true: list, y_pred: list) -> None:
        """Matches the metrics to the outputs ("accuracy" picks its kind by the shapes of the
        output's targets and predictions, as Keras 3 does)."""
        names, given = self.output_names, self._given
        if isinstance(given, dict) and set(given) <= set(names):
            per_output = [given.get(name) for name in names]
        elif isinstance(given, (list, tuple)) and len(given) == len(names):
            per_output = list(given)
        else:
            raise ValueError("Invalid `metrics`. `metrics` should contain metrics objects and "
                             "either be a dict or a list matching the output names of the "
                             f"functional model {names} or match the output structure of the "
                             f"model: {['X'] * len(names)}.\nReceived: metrics={given}")
        counts: dict = {}
        for i, items in enumerate(per_output):
            if items is None:
                continue
            for item in items if isinstance(items, (list, tuple)) else [items]:
                metric = metrics_module.accuracy_for(item, y_true[i], y_pred[i]) if item in (
                    "accuracy", "acc") else metrics_module.compiled(item)
                name = f"{names[i]}_{metric.name}"
                if name in counts:  # (Keras: the same name twice gets "_1", "_2")
                    counts[name] += 1
                    name = f"{name}_{counts[name] - 1}"
                else:
                    counts[name] = 1
                self._entries.append((i, name, metric))
                self.metrics.append(metric)
        self.built = True

    def update_state(self, y_true, y_pred) -> None:
        """Each output's metrics; targets and outputs as lists or dicts, as for the loss."""
        y_true, y_pred = targets_by_output(y_true, self.output_names), _flatten(y_pred)
        if not self.built:
            self.build(y_true, y_pred)
        for i, _, metric in self._entries:  # (Keras 3: `metrics` ignore sample weights)
            metric.update_state(y_true[i], y_pred[i])

    def result(self) -> dict:
        return {name: metric.result() for _, name, metric in self._entries}
