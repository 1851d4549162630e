"""What every Keras loss shares: the `Loss` base class (the batch reduction and sample
weights), `LossFunctionWrapper` (a loss made of a per-sample function), `Reduction`, and the
helpers that line targets up with predictions as Keras 3 does.

Read next: losses.py (cross-entropies and `get`), regression_losses.py, hinge_losses.py.
"""
from __future__ import annotations

from .. import dtypes
from ..ops import array_ops, index_ops, math_ops, reduce_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor

__all__ = ["Loss", "LossFunctionWrapper", "Reduction", "EPSILON"]

EPSILON = 1e-7  # keras.backend.epsilon(): the fuzz factor of every clipped log


class Reduction:
    """The names of the reductions a loss can make (Keras 2's constants, kept by Keras 3 as
    `tf.keras.losses.Reduction`): `reduction=tf.keras.losses.Reduction.NONE` is "none",
    one loss per example."""

    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls) -> tuple:
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key) -> None:
        if key not in cls.all():
            raise ValueError(f'Invalid Reduction Key: {key}. Expected keys are "{cls.all()}"')


def _pred(y_pred) -> Tensor:
    y_pred = convert_to_tensor(y_pred, dtype_hint=dtypes.float32)
    if not y_pred.dtype.is_floating:
        y_pred = array_ops.cast(y_pred, dtypes.float32)
    return y_pred


def _true_like(y_true, y_pred: Tensor) -> Tensor:
    y_true = convert_to_tensor(y_true)
    return y_true if y_true.dtype is y_pred.dtype else array_ops.cast(y_true, y_pred.dtype)


def _same_rank(y_true: Tensor, y_pred: Tensor) -> tuple:
    """Keras 3: labels (n,) against predictions (n, 1) get the missing axis (and the other
    way round), so a regression model's column of outputs meets a plain vector of targets."""
    t, p = y_true.ndim, y_pred.ndim
    if t == p + 1 and y_true.shape[-1] == 1:
        return (y_true, array_ops.expand_dims(y_pred, -1)) if p == 1 else \
            (array_ops.squeeze(y_true, axis=-1), y_pred)
    if p == t + 1 and y_pred.shape[-1] == 1:
        return (array_ops.expand_dims(y_true, -1), y_pred) if t == 1 else \
            (y_true, array_ops.squeeze(y_pred, axis=-1))
    return y_true, y_pred


def _same_shape(y_true: Tensor, y_pred: Tensor) -> None:
    # (Keras: the ranks must agree, and the sizes where both are known while tracing)
    t, p = tuple(y_true.shape), tuple(y_pred.shape)
    if len(t) != len(p):
        raise ValueError(f"Arguments `target` and `output` must have the same rank (ndim). "
                         f"Received: target.shape={t}, output.shape={p}")
    if any(a is not None and b is not None and a != b for a, b in zip(t, p)):
        raise ValueError(f"Arguments `target` and `output` must have the same shape. "
                         f"Received: target.shape={t}, output.shape={p}")


def _clipped_log(p: Tensor) -> Tensor:
    return unary_ops.log(index_ops.clip_by_value(p, EPSILON, 1.0 - EPSILON))



class Loss:
    """Base class: `loss(y_true, y_pred, sample_weight=None)` -> a scalar. Mirrors `keras.losses.Loss`.

    Subclasses implement `call(y_true, y_pred)` (one value per sample); the
    base class weights and averages them ("sum_over_batch_size": the sum
    divided by the number of values).
    """

    # Which activation's logits this loss can use directly, as Keras does with the
    # logits it remembers behind a softmax/sigmoid output (see Model._compute_loss).
    logits_of: str | None = None

    def __init__(self, name: str | None = None, reduction: str = "sum_over_batch_size"):
        if reduction not in ("sum_over_batch_size", "sum", "none"):
            raise ValueError(f"Invalid value for argument `reduction`: {reduction!r}. Expected "
                             "one of 'sum_over_batch_size', 'sum', 'none'.")
        self.name = name or _NAMES_OF.get(type(self).__name__, type(self).__name__)
        self.reduction = reduction
        self.from_logits = False

    def call(self, y_true, y_pred) -> Tensor:
        raise NotImplementedError

    def __call__(self, y_true, y_pred, sample_weight=None) -> Tensor:
        y_pred = _pred(y_pred)
        y_true, y_pred = _same_rank(convert_to_tensor(y_true), y_pred)  # as Keras 3's wrapper
        return self.reduce(self.call(y_true, y_pred), sample_weight)

    def reduce(self, values: Tensor, sample_weight=None) -> Tensor:
        if sample_weight is not None:  # (Keras: matched in rank like targets, then broadcast)
            w = array_ops.cast(convert_to_tensor(sample_weight), values.dtype)  # (a tensor in fit)
            values, w = _same_rank(values, w)
            values = math_ops.multiply(values, w)
        if self.reduction == "none":
            return values
        if self.reduction == "sum":
            return reduce_ops.reduce_sum(values)
        return reduce_ops.reduce_mean(values)  # sum / number of values

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}




class LossFunctionWrapper(Loss):
    """A function `fn(y_true, y_pred, **kwargs)` used as a loss: what compile(loss=my_function)
    makes of a function, and the base of Keras's losses below. Mirrors
    `keras.losses.LossFunctionWrapper`."""

    def __init__(self, fn, reduction: str = "sum_over_batch_size", name: str | None = None,
                 dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", "loss"), reduction=reduction)
        self.fn, self._fn_kwargs = fn, kwargs

    def call(self, y_true, y_pred) -> Tensor:
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), **self._fn_kwargs}




_NAMES_OF = {"SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
             "CategoricalCrossentropy": "categorical_crossentropy",
             "BinaryCrossentropy": "binary_crossentropy",
             "MeanSquaredError": "mean_squared_error", "MeanAbsoluteError": "mean_absolute_error"}
