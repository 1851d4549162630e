"""Keras 3's hinge losses: margins for classifiers that output scores (an SVM's loss).

    >>> float(tf.keras.losses.Hinge()([[1.0, 0.0]], [[0.5, -2.0]]))   # labels -> +1, -1
    0.25

`hinge` and `squared_hinge` take labels -1/+1 (labels that are all 0 or 1 are converted);
`categorical_hinge` takes one-hot labels.
"""
from __future__ import annotations

from ..ops import index_ops, math_ops, reduce_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor
from .loss_base import LossFunctionWrapper, _pred, _true_like

__all__ = ["Hinge", "SquaredHinge", "CategoricalHinge", "hinge", "squared_hinge",
           "categorical_hinge"]


def _hinge_labels(y_true: Tensor) -> Tensor:
    """Labels 0/1 become -1/+1 (Keras: only when every label is 0 or 1; others stay)."""
    binary = reduce_ops.reduce_all(math_ops.logical_or(math_ops.equal(y_true, 0.0),
                                                       math_ops.equal(y_true, 1.0)))
    return index_ops.where(binary, math_ops.subtract(math_ops.multiply(2.0, y_true), 1.0), y_true)


def _margins(y_true, y_pred) -> Tensor:
    y_pred = _pred(y_pred)
    y_true = _hinge_labels(_true_like(y_true, y_pred))
    return math_ops.maximum(math_ops.subtract(1.0, math_ops.multiply(y_true, y_pred)), 0.0)


def hinge(y_true, y_pred) -> Tensor:
    """mean(max(1 - y_true * y_pred, 0)) over the last axis, labels -1/+1 (0/1 converted):
    the SVM's loss. Zero once every prediction is on the right side by a margin of 1."""
    return reduce_ops.reduce_mean(_margins(y_true, y_pred), axis=-1)


def squared_hinge(y_true, y_pred) -> Tensor:
    """mean(max(1 - y_true * y_pred, 0)**2) over the last axis (labels as for `hinge`)."""
    return reduce_ops.reduce_mean(unary_ops.square(_margins(y_true, y_pred)), axis=-1)


def categorical_hinge(y_true, y_pred) -> Tensor:
    """max(best wrong score - true class's score + 1, 0), with one-hot y_true."""
    y_pred = _pred(y_pred)
    y_true = _true_like(y_true, y_pred)
    pos = reduce_ops.reduce_sum(math_ops.multiply(y_true, y_pred), axis=-1)
    neg = reduce_ops.reduce_max(math_ops.multiply(math_ops.subtract(1.0, y_true), y_pred),
                                axis=-1)
    return math_ops.maximum(math_ops.add(math_ops.subtract(neg, pos), 1.0),
                            convert_to_tensor(0.0, dtype=y_pred.dtype))




# -- the classes ---------------------------------------------------------------------
class Hinge(LossFunctionWrapper):
    """mean(max(1 - y_true * y_pred, 0)), labels -1/+1. Mirrors `keras.losses.Hinge`."""

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, reduction, name, dtype)


class SquaredHinge(LossFunctionWrapper):
    """mean(max(1 - y_true * y_pred, 0)**2). Mirrors `keras.losses.SquaredHinge`."""

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction, name, dtype)


class CategoricalHinge(LossFunctionWrapper):
    """max(best wrong score - true score + 1, 0). Mirrors `keras.losses.CategoricalHinge`."""

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction, name, dtype)


