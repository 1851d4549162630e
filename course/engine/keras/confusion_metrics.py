"""Metrics from the confusion matrix: counts, precision, recall and the area under a curve.

A prediction counts as positive when it is above a threshold (0.5 unless told
otherwise); the label counts as positive when it is not 0. Each metric keeps
its counts in float32 Variables, one entry per threshold, and sums
`sample_weight` (1 per example by default) instead of counting, so that a
model trained with `class_weight` reports weighted counts, as Keras does.

    >>> m = tf.keras.metrics.TruePositives()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(m.result())
    2.0

`AUC` keeps the four counts at `num_thresholds` thresholds spread evenly over
[0, 1] (the first just below 0, the last just above 1) and sums the area
under the ROC curve, or under the precision-recall curve (`curve="PR"`, with
Davis and Goadrich's interpolation between thresholds). Read metrics.py first.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..ops import array_ops, index_ops, math_ops, nn_ops, reduce_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor
from ..variables import Variable
from .metrics import Metric

__all__ = ["TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives",
           "Precision", "Recall", "AUC"]

_F32 = dtypes.float32
_EPSILON = 1e-7  # Keras's backend.epsilon(): the end thresholds sit just outside [0, 1]


def _thresholds(thresholds, default: float = 0.5) -> list:
    values = [default] if thresholds is None else (
        [thresholds] if np.ndim(thresholds) == 0 else list(thresholds))
    return [float(t) for t in values]


def _counts(y_true, y_pred, thresholds: Tensor, sample_weight=None) -> dict:
    """{"tp", "fp", "tn", "fn"}: each a float32 tensor of one weighted count per threshold."""
    y_pred = array_ops.cast(convert_to_tensor(y_pred), _F32)
    y_true = array_ops.cast(convert_to_tensor(y_true), _F32)
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:  # (n, 1) labels, (n,) scores
        y_true = array_ops.squeeze(y_true, axis=-1)
    if y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        y_pred = array_ops.squeeze(y_pred, axis=-1)
    predictions = array_ops.reshape(y_pred, [1, -1])
    labels = math_ops.not_equal(array_ops.reshape(y_true, [1, -1]), 0.0)
    if sample_weight is None:
        weights = array_ops.ones_like(predictions)
    else:
        weights = array_ops.cast(convert_to_tensor(sample_weight), _F32)
        while weights.ndim and weights.ndim < y_pred.ndim:  # (n,) weights for (n, 1) scores
            weights = array_ops.expand_dims(weights, -1)
        weights = array_ops.reshape(array_ops.broadcast_to(weights, array_ops.shape(y_pred)),
                                    [1, -1])
    above = math_ops.greater(predictions, array_ops.reshape(thresholds, [-1, 1]))  # (T, n)
    below = math_ops.logical_not(above)
    negative = math_ops.logical_not(labels)

    def total(condition):  # the weights of the examples where `condition` holds
        return reduce_ops.reduce_sum(math_ops.multiply(array_ops.cast(condition, _F32), weights),
                                     axis=1)
    return {"tp": total(math_ops.logical_and(labels, above)),
            "fp": total(math_ops.logical_and(negative, above)),
            "tn": total(math_ops.logical_and(negative, below)),
            "fn": total(math_ops.logical_and(labels, below))}


class _ConfusionMetric(Metric):
    """Keeps the weighted counts named in `_KEPT`, one per threshold."""

    _KEPT: tuple = ()

    def __init__(self, thresholds: list, name: str | None, default_name: str):
        from ..function import init_scope
        from .layers import unique_name
        self.name = name or unique_name(default_name)  # Keras 3: auc, auc_1, ...
        self._threshold_values = np.array(thresholds)  # (float64, compared in float32)
        with init_scope():  # (created eagerly even when first made while tracing)
            self._counts = {kind: Variable(np.zeros(len(thresholds), np.float32), trainable=False,
                                           name=f"{self.name}/{kind}") for kind in self._KEPT}

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        thresholds = convert_to_tensor(self._threshold_values.astype(np.float32))
        counts = _counts(y_true, y_pred, thresholds, sample_weight)
        for kind, variable in self._counts.items():
            variable.assign_add(counts[kind])

    def reset_state(self) -> None:
        for variable in self._counts.values():
            variable.assign(np.zeros(variable.shape, np.float32))

    @property
    def variables(self) -> list:
        return list(self._counts.values())

    def _read(self, kind: str) -> Tensor:
        return self._counts[kind].read_value()

    def _one_or_all(self, values: Tensor) -> Tensor:
        # Keras: one threshold gives a scalar, several a vector
        return values[0] if len(self._threshold_values) == 1 else values


class _Count(_ConfusionMetric):
    def __init__(self, thresholds=None, name: str | None = None, dtype=None):
        self.thresholds = _thresholds(thresholds)
        super().__init__(self.thresholds, name, self._DEFAULT_NAME)

    def result(self) -> Tensor:
        return self._one_or_all(self._read(self._KEPT[0]))

    def get_config(self) -> dict:
        return {"name": self.name, "thresholds": self.thresholds}


class TruePositives(_Count):
    """How many positive examples score above the threshold. Mirrors `keras.metrics.TruePositives`.

    >>> m = tf.keras.metrics.TruePositives(); m.update_state([0, 1, 1], [0.9, 0.8, 0.2])
    >>> float(m.result())
    1.0
    """
    _KEPT, _DEFAULT_NAME = ("tp",), "true_positives"


class FalsePositives(_Count):
    """How many negative examples score above the threshold. Mirrors `keras.metrics.FalsePositives`."""
    _KEPT, _DEFAULT_NAME = ("fp",), "false_positives"


class TrueNegatives(_Count):
    """How many negative examples score at or below the threshold. Mirrors `keras.metrics.TrueNegatives`."""
    _KEPT, _DEFAULT_NAME = ("tn",), "true_negatives"


class FalseNegatives(_Count):
    """How many positive examples score at or below the threshold. Mirrors `keras.metrics.FalseNegatives`."""
    _KEPT, _DEFAULT_NAME = ("fn",), "false_negatives"


def _no_topk(top_k, class_id, cls: str) -> None:
    if top_k is not None or class_id is not None:
        raise NotImplementedError(f"{cls}(top_k=..., class_id=...) is not part of this engine: "
                                  "it counts every output against the thresholds.")


class Precision(_ConfusionMetric):
    """tp / (tp + fp): of the examples scored positive, the share that are. Mirrors
    `keras.metrics.Precision` (0 before any positive prediction).

    >>> m = tf.keras.metrics.Precision(); m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(m.result())                     # 2 of the 3 predicted positives
    0.6666666865348816
    """

    _direction = "up"
    _KEPT = ("tp", "fp")

    def __init__(self, thresholds=None, top_k=None, class_id=None, name: str | None = None,
                 dtype=None):
        _no_topk(top_k, class_id, "Precision")
        self.thresholds = _thresholds(thresholds)
        super().__init__(self.thresholds, name, "precision")

    def result(self) -> Tensor:
        tp = self._read("tp")
        return self._one_or_all(math_ops.divide_no_nan(tp, tp + self._read("fp")))

    def get_config(self) -> dict:
        return {"name": self.name, "thresholds": self.thresholds, "top_k": None, "class_id": None}


class Recall(_ConfusionMetric):
    """tp / (tp + fn): of the positive examples, the share scored positive. Mirrors
    `keras.metrics.Recall` (0 before any positive label).

    >>> m = tf.keras.metrics.Recall(); m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(m.result())                     # 2 of the 3 positives
    0.6666666865348816
    """

    _direction = "up"
    _KEPT = ("tp", "fn")

    def __init__(self, thresholds=None, top_k=None, class_id=None, name: str | None = None,
                 dtype=None):
        _no_topk(top_k, class_id, "Recall")
        self.thresholds = _thresholds(thresholds)
        super().__init__(self.thresholds, name, "recall")

    def result(self) -> Tensor:
        tp = self._read("tp")
        return self._one_or_all(math_ops.divide_no_nan(tp, tp + self._read("fn")))

    def get_config(self) -> dict:
        return {"name": self.name, "thresholds": self.thresholds, "top_k": None, "class_id": None}


class AUC(_ConfusionMetric):
    """The area under the ROC curve (or the precision-recall curve, `curve="PR"`, or its
    gain version, `curve="PRGAIN"`). Mirrors `keras.metrics.AUC`.

    >>> m = tf.keras.metrics.AUC(num_thresholds=3)      # thresholds -1e-7, 0.5, 1 + 1e-7
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> float(m.result())                               # recall 1, .5, 0 at fp rate 1, 0, 0
    0.75
    """

    _direction = "up"
    _KEPT = ("tp", "fp", "tn", "fn")

    def __init__(self, num_thresholds: int = 200, curve: str = "ROC",
                 summation_method: str = "interpolation", name: str | None = None, dtype=None,
                 thresholds=None, multi_label: bool = False, num_labels=None,
                 label_weights=None, from_logits: bool = False):
        curve, summation_method = str(curve).upper(), str(summation_method).lower()
        if curve not in ("ROC", "PR", "PRGAIN"):
            raise ValueError(f'Invalid AUC curve value: "{curve}". Expected values are '
                             '["PR", "ROC", "PRGAIN"]')
        if summation_method not in ("interpolation", "minoring", "majoring"):
            raise ValueError(f'Invalid AUC summation method value: "{summation_method}". '
                             'Expected values are ["interpolation", "majoring", "minoring"]')
        if multi_label or num_labels is not None or label_weights is not None:
            raise NotImplementedError("AUC(multi_label=..., num_labels=..., label_weights=...) "
                                      "is not part of this engine: it flattens every output.")
        if thresholds is not None:
            inner = sorted(float(t) for t in thresholds)
            num_thresholds = len(inner) + 2
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self.num_thresholds, self.curve, self.summation_method = num_thresholds, curve, \
            summation_method
        self._from_logits = from_logits
        self._given_thresholds = thresholds is not None
        super().__init__([0.0 - _EPSILON] + inner + [1.0 + _EPSILON], name, "auc")

    @property
    def thresholds(self) -> list:
        return list(self._threshold_values)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if self._from_logits:
            y_pred = nn_ops.sigmoid(convert_to_tensor(y_pred))
        super().update_state(y_true, y_pred, sample_weight)

    def result(self) -> Tensor:
        tp, fp, tn, fn = (self._read(k) for k in ("tp", "fp", "tn", "fn"))
        if self.curve == "PR" and self.summation_method == "interpolation":
            return _interpolated_pr_auc(tp, fp, fn)
        recall = math_ops.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = math_ops.divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, math_ops.divide_no_nan(tp, tp + fp)
        else:  # precision-recall gain (Flach and Kull): 1 - (pos / neg) * (fn or fp) / tp
            scale = math_ops.divide_no_nan(tp + fn, tn + fp)
            no_tp = math_ops.equal(tp, 0.0)
            x = math_ops.maximum(index_ops.where(
                no_tp, 0.0, 1.0 - scale * math_ops.divide_no_nan(fn, tp)), 0.0)
            y = index_ops.where(no_tp, 1.0, 1.0 - scale * math_ops.divide_no_nan(fp, tp))
        if self.summation_method == "interpolation":  # the trapezoid rule
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = math_ops.minimum(y[:-1], y[1:])
        else:
            heights = math_ops.maximum(y[:-1], y[1:])
        return reduce_ops.reduce_sum((x[:-1] - x[1:]) * heights)

    def get_config(self) -> dict:
        config = {"name": self.name, "num_thresholds": self.num_thresholds,
                  "curve": self.curve, "summation_method": self.summation_method,
                  "multi_label": False, "num_labels": None, "label_weights": None,
                  "from_logits": self._from_logits}
        if self._given_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config


def _interpolated_pr_auc(tp: Tensor, fp: Tensor, fn: Tensor) -> Tensor:
    """The area under the precision-recall curve, precision interpolated between thresholds.

    Between two thresholds A and B, tp and p = tp + fp are taken to move linearly
    together, tp = intercept + slope * p, so precision = tp / p and its integral over
    recall has a closed form: slope * (dtp + intercept * log(p_A / p_B)) / positives
    (Davis and Goadrich, 2006). Where p is 0 the log term is dropped.
    """
    p = tp + fp
    dtp = tp[:-1] - tp[1:]
    dp = p[:-1] - p[1:]
    slope = math_ops.divide_no_nan(dtp, math_ops.maximum(dp, 0.0))
    intercept = tp[1:] - slope * p[1:]
    both = math_ops.logical_and(math_ops.greater(p[:-1], 0.0), math_ops.greater(p[1:], 0.0))
    ratio = index_ops.where(both, math_ops.divide_no_nan(p[:-1], math_ops.maximum(p[1:], 0.0)),
                            array_ops.ones_like(p[1:]))
    increments = math_ops.divide_no_nan(slope * (dtp + intercept * unary_ops.log(ratio)),
                                        math_ops.maximum(tp[1:] + fn[1:], 0.0))
    return reduce_ops.reduce_sum(increments)
