"""Keras 3's regression losses: how far predictions are from real-valued targets.

    >>> float(tf.keras.losses.Huber()([[0.0, 0.0]], [[0.5, 3.0]]))   # (0.125 + 2.5) / 2
    1.3125

Each is a per-sample function (the mean over the last axis, as in Keras) and a class that
also reduces over the batch. As in Keras, targets and predictions broadcast after a missing
last axis of 1 is put back: targets [n, 1] against predictions [n, 3] compare each target
with all three. The formulas follow Keras's order of operations, so the float32 results are
Keras's (tests/differential/test_against_tensorflow_keras_losses.py).
"""
from __future__ import annotations

from ..ops import array_ops, index_ops, math_ops, nn_ops, reduce_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor
from .loss_base import EPSILON, Loss, LossFunctionWrapper, _pred, _same_rank, _true_like

__all__ = ["MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
           "MeanSquaredLogarithmicError", "Huber", "LogCosh", "CosineSimilarity",
           "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
           "mean_squared_logarithmic_error", "huber", "log_cosh", "cosine_similarity"]


def mean_squared_error(y_true, y_pred) -> Tensor:
    """mean((y_true - y_pred)**2) over the last axis.

    As in Keras, y_true and y_pred broadcast (after a missing last axis of 1 is put back):
    targets [n, 1] against predictions [n, 3] compare each target with all three.
    """
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    return reduce_ops.reduce_mean(unary_ops.square(math_ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_error(y_true, y_pred) -> Tensor:
    """mean(|y_true - y_pred|) over the last axis."""
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    return reduce_ops.reduce_mean(unary_ops.abs(math_ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred) -> Tensor:
    """100 * mean(|y_true - y_pred| / max(|y_true|, epsilon)) over the last axis (a target
    of 0 counts against epsilon, 1e-7, not a division by zero)."""
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    scale = math_ops.maximum(unary_ops.abs(y_true), EPSILON)
    ratio = unary_ops.abs(math_ops.divide(math_ops.subtract(y_true, y_pred), scale))
    return math_ops.multiply(reduce_ops.reduce_mean(ratio, axis=-1), 100.0)


def mean_squared_logarithmic_error(y_true, y_pred) -> Tensor:
    """mean((log(1 + y_pred) - log(1 + y_true))**2) over the last axis: errors relative to
    the size of the values. Values below epsilon (1e-7) count as epsilon."""
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    first = unary_ops.log(math_ops.add(math_ops.maximum(y_pred, EPSILON), 1.0))
    second = unary_ops.log(math_ops.add(math_ops.maximum(y_true, EPSILON), 1.0))
    return reduce_ops.reduce_mean(unary_ops.square(math_ops.subtract(first, second)), axis=-1)


def huber(y_true, y_pred, delta: float = 1.0) -> Tensor:
    """Squared error near zero, absolute error beyond `delta`, averaged over the last axis:
    0.5 e**2 where |e| <= delta, else delta |e| - 0.5 delta**2 (e = y_pred - y_true). Big
    errors pull less than with MSE (robust to outliers)."""
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    delta = convert_to_tensor(delta, dtype=y_pred.dtype)
    half = convert_to_tensor(0.5, dtype=y_pred.dtype)
    error = math_ops.subtract(y_pred, y_true)
    abs_error = unary_ops.abs(error)
    quadratic = math_ops.multiply(half, unary_ops.square(error))
    linear = math_ops.subtract(math_ops.multiply(delta, abs_error),
                               math_ops.multiply(half, unary_ops.square(delta)))
    return reduce_ops.reduce_mean(
        index_ops.where(math_ops.less_equal(abs_error, delta), quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred) -> Tensor:
    """mean(log(cosh(y_pred - y_true))) over the last axis, as Keras computes it without
    overflow: x + softplus(-2x) - log 2. About x**2 / 2 near 0 and |x| - log 2 far away."""
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    log2 = array_ops.cast(unary_ops.log(convert_to_tensor(2.0)), y_pred.dtype)
    x = math_ops.subtract(y_pred, y_true)
    cosh = math_ops.subtract(math_ops.add(x, nn_ops.softplus(math_ops.multiply(x, -2.0))), log2)
    return reduce_ops.reduce_mean(cosh, axis=-1)


def _l2_normalize(x: Tensor, axis: int) -> Tensor:
    """x / |x| along `axis` (Keras's normalize: x * min(rsqrt(sum(x**2)), 1 / epsilon))."""
    if x.ndim == 0:
        x = array_ops.expand_dims(x, 0)
    squares = reduce_ops.reduce_sum(unary_ops.square(x), axis=axis, keepdims=True)
    return math_ops.multiply(x, math_ops.minimum(unary_ops.rsqrt(squares), 1.0 / EPSILON))


def cosine_similarity(y_true, y_pred, axis: int = -1) -> Tensor:
    """-cos(angle between y_true and y_pred) along `axis`: -1 for the same direction, 0 for
    orthogonal. (As a loss it is negative, so minimizing it aligns the vectors; the metric
    `tf.keras.metrics.CosineSimilarity` is the plain cosine.)"""
    return math_ops.negative(_cosine(y_true, y_pred, axis))


def _cosine(y_true, y_pred, axis: int) -> Tensor:
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    y_pred, y_true = _l2_normalize(y_pred, axis), _l2_normalize(y_true, axis)
    return reduce_ops.reduce_sum(math_ops.multiply(y_true, y_pred), axis=axis)



# -- the classes ---------------------------------------------------------------------
class MeanSquaredError(Loss):
    """mean((y_true - y_pred)**2). Mirrors `keras.losses.MeanSquaredError`.

    >>> float(tf.keras.losses.MeanSquaredError()([[0.0, 1.0]], [[1.0, 1.0]]))
    0.5
    """

    def call(self, y_true, y_pred) -> Tensor:
        return mean_squared_error(y_true, y_pred)


class MeanAbsoluteError(Loss):
    """mean(|y_true - y_pred|). Mirrors `keras.losses.MeanAbsoluteError`."""

    def call(self, y_true, y_pred) -> Tensor:
        return mean_absolute_error(y_true, y_pred)




class MeanAbsolutePercentageError(LossFunctionWrapper):
    """100 * mean(|y_true - y_pred| / |y_true|). Mirrors `keras.losses.MeanAbsolutePercentageError`."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error",
                 dtype=None):
        super().__init__(mean_absolute_percentage_error, reduction, name, dtype)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """mean((log(1 + y_pred) - log(1 + y_true))**2). Mirrors `keras.losses.MeanSquaredLogarithmicError`."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error",
                 dtype=None):
        super().__init__(mean_squared_logarithmic_error, reduction, name, dtype)


class Huber(LossFunctionWrapper):
    """Squared error up to `delta`, absolute error beyond. Mirrors `keras.losses.Huber`.

    >>> float(tf.keras.losses.Huber()([[0.0, 0.0]], [[0.5, 3.0]]))   # (0.125 + 2.5) / 2
    1.3125
    """

    def __init__(self, delta: float = 1.0, reduction="sum_over_batch_size", name="huber_loss",
                 dtype=None):
        super().__init__(huber, reduction, name, dtype, delta=delta)


class LogCosh(LossFunctionWrapper):
    """mean(log(cosh(y_pred - y_true))). Mirrors `keras.losses.LogCosh`."""

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, reduction, name, dtype)


class CosineSimilarity(LossFunctionWrapper):
    """-cos(angle between y_true and y_pred) along `axis`. Mirrors `keras.losses.CosineSimilarity`."""

    def __init__(self, axis: int = -1, reduction="sum_over_batch_size", name="cosine_similarity",
                 dtype=None):
        super().__init__(cosine_similarity, reduction, name, dtype, axis=axis)


