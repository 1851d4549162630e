"""Metrics that average a loss function over the samples seen (Keras 3's regression, hinge and
probabilistic metrics): watch the mean squared logarithmic error, the hinge or the KL divergence
while a model trains on another loss.

    >>> m = tf.keras.metrics.RootMeanSquaredError()
    >>> m.update_state([[0.0, 0.0]], [[3.0, 4.0]])     # sqrt((9 + 16) / 2)
    >>> float(m.result())
    3.535533905029297

Each is a `MeanMetricWrapper` of the loss function of the same name (losses.py), except
the root mean squared error (the root of a mean, not a mean of roots) and the cosine
similarity (the plain cosine: the loss is its negative). `_direction` tells callbacks with
`mode="auto"` which way is better, as in Keras.
"""
from __future__ import annotations

from ..ops import array_ops, math_ops, unary_ops
from ..tensor import Tensor
from . import losses
from .loss_base import _same_rank
from .regression_losses import _cosine
from .metrics import MeanMetricWrapper, Metric, _F64

__all__ = ["MeanSquaredLogarithmicError", "RootMeanSquaredError", "CosineSimilarity",
           "LogCoshError", "Hinge", "SquaredHinge", "CategoricalHinge", "KLDivergence", "Poisson"]


class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """mean((log(1 + y_pred) - log(1 + y_true))**2). Mirrors
    `keras.metrics.MeanSquaredLogarithmicError`."""

    _direction = "down"

    def __init__(self, name: str = "mean_squared_logarithmic_error", dtype=None):
        super().__init__(losses.mean_squared_logarithmic_error, name=name, dtype=dtype)


class RootMeanSquaredError(Metric):
    """sqrt(mean((y_pred - y_true)**2)) over every value seen. Mirrors
    `keras.metrics.RootMeanSquaredError`."""

    _direction = "down"

    def __init__(self, name: str = "root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def values(self, y_true, y_pred) -> Tensor:
        y_true, y_pred = _same_rank(array_ops.cast(y_true, _F64), array_ops.cast(y_pred, _F64))
        return unary_ops.square(math_ops.subtract(y_pred, y_true))

    def result(self) -> Tensor:
        return unary_ops.sqrt(super().result())


class CosineSimilarity(MeanMetricWrapper):
    """cos(angle between y_true and y_pred) along `axis`: 1 when they point the same way.
    Mirrors `keras.metrics.CosineSimilarity`."""

    _direction = "up"

    def __init__(self, name: str = "cosine_similarity", dtype=None, axis: int = -1):
        super().__init__(_cosine, name=name, dtype=dtype, axis=axis)


class LogCoshError(MeanMetricWrapper):
    """mean(log(cosh(y_pred - y_true))). Mirrors `keras.metrics.LogCoshError`."""

    _direction = "down"

    def __init__(self, name: str = "logcosh", dtype=None):
        super().__init__(losses.log_cosh, name=name, dtype=dtype)


class Hinge(MeanMetricWrapper):
    """mean(max(1 - y_true * y_pred, 0)), labels -1/+1 (0/1 converted). Mirrors
    `keras.metrics.Hinge`."""

    _direction = "down"

    def __init__(self, name: str = "hinge", dtype=None):
        super().__init__(losses.hinge, name=name, dtype=dtype)


class SquaredHinge(MeanMetricWrapper):
    """mean(max(1 - y_true * y_pred, 0)**2). Mirrors `keras.metrics.SquaredHinge`."""

    _direction = "down"

    def __init__(self, name: str = "squared_hinge", dtype=None):
        super().__init__(losses.squared_hinge, name=name, dtype=dtype)


class CategoricalHinge(MeanMetricWrapper):
    """max(best wrong score - true score + 1, 0). Mirrors `keras.metrics.CategoricalHinge`."""

    _direction = "down"

    def __init__(self, name: str = "categorical_hinge", dtype=None):
        super().__init__(losses.categorical_hinge, name=name, dtype=dtype)


class KLDivergence(MeanMetricWrapper):
    """sum(y_true * log(y_true / y_pred)). Mirrors `keras.metrics.KLDivergence`."""

    _direction = "down"

    def __init__(self, name: str = "kl_divergence", dtype=None):
        super().__init__(losses.kl_divergence, name=name, dtype=dtype)


class Poisson(MeanMetricWrapper):
    """mean(y_pred - y_true * log(y_pred)). Mirrors `keras.metrics.Poisson`."""

    _direction = "down"

    def __init__(self, name: str = "poisson", dtype=None):
        super().__init__(losses.poisson, name=name, dtype=dtype)
