"""`tf.keras.losses`: how wrong a prediction is, as one number to minimise.

Each loss is a function giving one value per sample
(`sparse_categorical_crossentropy(y_true, y_pred)`) and a class that also
averages over the batch (Keras's "sum_over_batch_size" reduction):

    >>> loss = tf.keras.losses.SparseCategoricalCrossentropy()
    >>> float(loss([1], [[0.5, 0.5]]))          # -log(0.5)
    0.6931...

Numerics follow Keras's TensorFlow backend: probabilities are clipped to
[1e-7, 1 - 1e-7] before the log (so a confident wrong answer costs 16.1,
not infinity), and `from_logits=True` uses the fused, stable softmax
cross-entropy op, so even logits of +-1000 give finite losses.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import InvalidArgumentError
from ..ops import array_ops, index_ops, math_ops, nn_ops, reduce_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor

__all__ = ["Loss", "SparseCategoricalCrossentropy", "CategoricalCrossentropy",
           "BinaryCrossentropy", "MeanSquaredError", "MeanAbsoluteError",
           "sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy",
           "MSE", "mse", "MAE", "mae", "get", "Reduction"]

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


# -- the per-sample functions -------------------------------------------------------
def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False) -> Tensor:
    """-log(probability given to the true class), one value per sample.

    `y_true` holds class indices (0..C-1); `y_pred` holds C probabilities
    per sample, or C raw scores with `from_logits=True`.
    """
    y_pred = _pred(y_pred)
    labels = convert_to_tensor(y_true)
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = array_ops.squeeze(labels, -1)  # (N, 1) labels are fine too
    if tuple(labels.shape) != tuple(y_pred.shape[:-1]):
        raise ValueError(
            f"sparse_categorical_crossentropy: labels must have the shape of y_pred without its "
            f"last axis. Received: y_true.shape={tuple(labels.shape)}, "
            f"y_pred.shape={tuple(y_pred.shape)}. (Labels are class indices, one per sample; "
            f"for one-hot labels use categorical_crossentropy.)")
    if labels.dtype is not dtypes.int64:
        labels = array_ops.cast(labels, dtypes.int64)  # Keras: target = cast(target, "int64")
    values = labels._value  # (inside a traced graph there is no value to check yet)
    if isinstance(values, np.ndarray):
        check_labels(values, y_pred.shape[-1])
    logits = y_pred if from_logits else _clipped_log(y_pred)  # log p works as logits
    return nn_ops.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)


def check_labels(values: np.ndarray, classes: int) -> None:
    """Class indices must lie in [0, classes): say so in terms of the model, not the op."""
    if values.size and (values.min() < 0 or values.max() >= classes):
        bad = int(values[(values < 0) | (values >= classes)].flat[0])
        raise InvalidArgumentError(
            None, None,
            f"sparse_categorical_crossentropy: received a label value of {bad} which is outside "
            f"the valid range of [0, {classes}): the model has {classes} outputs, so labels must "
            f"be class indices 0..{classes - 1}. Check the last Dense layer's units against your "
            f"labels (labels seen: min {int(values.min())}, max {int(values.max())}).")


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False) -> Tensor:
    """-sum(y_true * log(y_pred)) over classes; `y_true` is one-hot (or soft) labels."""
    y_pred = _pred(y_pred)
    y_true = _true_like(y_true, y_pred)
    _same_shape(y_true, y_pred)
    if from_logits:
        return nn_ops.softmax_cross_entropy_with_logits(labels=y_true, logits=y_pred)
    # Keras rescales so the probabilities of each sample add up to 1, then clips
    p = math_ops.divide(y_pred, reduce_ops.reduce_sum(y_pred, axis=-1, keepdims=True))
    return math_ops.negative(reduce_ops.reduce_sum(math_ops.multiply(y_true, _clipped_log(p)),
                                                   axis=-1))


def binary_crossentropy(y_true, y_pred, from_logits: bool = False) -> Tensor:
    """-(y log p + (1-y) log(1-p)), averaged over the last axis: one value per sample."""
    return reduce_ops.reduce_mean(binary_crossentropy_values(y_true, y_pred, from_logits), axis=-1)


def binary_crossentropy_values(y_true, y_pred, from_logits: bool = False) -> Tensor:
    """-(y log p + (1-y) log(1-p)) for each value (`keras.ops.binary_crossentropy`)."""
    y_pred = _pred(y_pred)
    y_true = _true_like(y_true, y_pred)
    _same_shape(y_true, y_pred)
    if from_logits:
        # TF's stable form: max(x, 0) - x*y + log(1 + exp(-|x|)), never exp of a large number
        # (Keras 3 calls tf.nn's, whose `where`s give a logit of exactly 0 the gradient
        # sigmoid(0) - y: a dead ReLU layer before the output makes such logits)
        bce = nn_ops.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
    else:
        p = index_ops.clip_by_value(y_pred, EPSILON, 1.0 - EPSILON)
        pos = math_ops.multiply(y_true, unary_ops.log(p))
        neg = math_ops.multiply(math_ops.subtract(1.0, y_true),
                                unary_ops.log(math_ops.subtract(1.0, p)))
        bce = math_ops.negative(math_ops.add(pos, neg))
    return bce


def mean_squared_error(y_true, y_pred) -> Tensor:
    """mean((y_true - y_pred)**2) over the last axis."""
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    _same_shape(y_true, y_pred)
    return reduce_ops.reduce_mean(unary_ops.square(math_ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_error(y_true, y_pred) -> Tensor:
    """mean(|y_true - y_pred|) over the last axis."""
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    _same_shape(y_true, y_pred)
    return reduce_ops.reduce_mean(unary_ops.abs(math_ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred) -> Tensor:
    """100 * mean(|y_true - y_pred| / max(|y_true|, epsilon)) over the last axis (a target
    of 0 counts against epsilon, 1e-7, not a division by zero)."""
    y_pred = _pred(y_pred)
    y_true, y_pred = _same_rank(_true_like(y_true, y_pred), y_pred)
    _same_shape(y_true, y_pred)
    scale = math_ops.maximum(unary_ops.abs(y_true), EPSILON)
    ratio = unary_ops.abs(math_ops.divide(math_ops.subtract(y_true, y_pred), scale))
    return math_ops.multiply(reduce_ops.reduce_mean(ratio, axis=-1), 100.0)


# -- the classes: a function plus the batch reduction -------------------------------------
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
        if sample_weight is not None:
            w = array_ops.cast(convert_to_tensor(sample_weight), values.dtype)  # (a tensor in fit)
            values = math_ops.multiply(values, array_ops.reshape(w, array_ops.shape(values)))
        if self.reduction == "none":
            return values
        if self.reduction == "sum":
            return reduce_ops.reduce_sum(values)
        return reduce_ops.reduce_mean(values)  # sum / number of values

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}


class SparseCategoricalCrossentropy(Loss):
    """Cross-entropy with integer class labels. Mirrors `keras.losses.SparseCategoricalCrossentropy`.

    >>> tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)([0], [[2.0, 0.0]])
    <tf.Tensor: shape=(), dtype=float32, numpy=0.126928>
    """

    logits_of = "softmax"

    def __init__(self, from_logits: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.from_logits = from_logits

    def call(self, y_true, y_pred) -> Tensor:
        return sparse_categorical_crossentropy(y_true, y_pred, self.from_logits)

    def get_config(self) -> dict:
        return {**super().get_config(), "from_logits": self.from_logits}


class CategoricalCrossentropy(SparseCategoricalCrossentropy):
    """Cross-entropy with one-hot labels. Mirrors `keras.losses.CategoricalCrossentropy`."""

    def call(self, y_true, y_pred) -> Tensor:
        return categorical_crossentropy(y_true, y_pred, self.from_logits)


class BinaryCrossentropy(SparseCategoricalCrossentropy):
    """Cross-entropy for yes/no labels (0 or 1). Mirrors `keras.losses.BinaryCrossentropy`."""

    logits_of = "sigmoid"

    def call(self, y_true, y_pred) -> Tensor:
        return binary_crossentropy(y_true, y_pred, self.from_logits)


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


_NAMES_OF = {"SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
             "CategoricalCrossentropy": "categorical_crossentropy",
             "BinaryCrossentropy": "binary_crossentropy",
             "MeanSquaredError": "mean_squared_error", "MeanAbsoluteError": "mean_absolute_error"}
_BY_NAME = {"sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
            "categorical_crossentropy": CategoricalCrossentropy,
            "binary_crossentropy": BinaryCrossentropy,
            "mean_squared_error": MeanSquaredError, "mse": MeanSquaredError,
            "mean_absolute_error": MeanAbsoluteError, "mae": MeanAbsoluteError}
CLASSES = {cls.__name__: cls for cls in set(_BY_NAME.values())}


# Keras 3's short names for the functions (tf.keras.losses.MSE is mean_squared_error)
MSE = mse = mean_squared_error
MAE = mae = mean_absolute_error


class LossFunctionWrapper(Loss):
    """A plain function `fn(y_true, y_pred)` used as a loss (compile(loss=my_function))."""

    def __init__(self, fn, **kwargs):
        super().__init__(name=getattr(fn, "__name__", "loss"), **kwargs)
        self.fn = fn

    def call(self, y_true, y_pred) -> Tensor:
        return self.fn(y_true, y_pred)


_FUNCTIONS = {sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
              categorical_crossentropy: CategoricalCrossentropy,
              binary_crossentropy: BinaryCrossentropy, mean_squared_error: MeanSquaredError,
              mean_absolute_error: MeanAbsoluteError}


def get(identifier) -> Loss:
    """A name ("mse", "sparse_categorical_crossentropy", ...), a Loss or a function -> a Loss.

    Keras's own loss functions (`tf.keras.losses.MSE`) become their classes; any other
    function is wrapped, as Keras wraps it."""
    if isinstance(identifier, Loss):
        return identifier
    if callable(identifier) and not isinstance(identifier, type):
        cls = _FUNCTIONS.get(identifier)
        return cls() if cls is not None else LossFunctionWrapper(identifier)
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown loss function: {identifier!r}. Known names: "
                             f"{', '.join(sorted(_BY_NAME))}; or pass a tf.keras.losses.Loss "
                             "object.")
        return _BY_NAME[identifier]()
    if isinstance(identifier, dict):
        return CLASSES[identifier["class_name"]](**identifier.get("config", {}))
    raise ValueError(f"Could not interpret loss identifier: {identifier!r}")


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.losses", __name__, name)
