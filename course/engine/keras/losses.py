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
from .loss_base import (EPSILON, Loss, LossFunctionWrapper, Reduction, _clipped_log, _pred,
                        _same_shape, _true_like)
from .regression_losses import (CosineSimilarity, Huber, LogCosh, MeanAbsoluteError,
                                MeanAbsolutePercentageError, MeanSquaredError,
                                MeanSquaredLogarithmicError, cosine_similarity, huber, log_cosh,
                                mean_absolute_error, mean_absolute_percentage_error,
                                mean_squared_error, mean_squared_logarithmic_error)
from .hinge_losses import (CategoricalHinge, Hinge, SquaredHinge, categorical_hinge, hinge,
                           squared_hinge)

__all__ = ["Loss", "SparseCategoricalCrossentropy", "CategoricalCrossentropy",
           "BinaryCrossentropy", "MeanSquaredError", "MeanAbsoluteError",
           "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "Huber", "LogCosh",
           "CosineSimilarity", "Hinge", "SquaredHinge", "CategoricalHinge", "KLDivergence",
           "Poisson", "sparse_categorical_crossentropy", "categorical_crossentropy",
           "binary_crossentropy", "huber", "logcosh", "cosine_similarity", "hinge",
           "squared_hinge", "categorical_hinge", "kullback_leibler_divergence", "poisson", "MSE",
           "mse", "MAE", "mae", "MAPE", "mape", "MSLE", "msle", "KLD", "kld", "get", "Reduction"]
# (also here, as in Keras 3's `keras.losses`, though TF's `tf.keras.losses` does not list them:
# the long names mean_squared_error, log_cosh, kl_divergence, ...; LossFunctionWrapper)



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


def check_model_labels(model, y) -> None:
    """Before fit: class-index labels must fit the model's outputs (said once, in terms of the
    model), when the loss is sparse categorical cross-entropy and the last layer has units."""
    if type(model.loss) is SparseCategoricalCrossentropy and \
            isinstance(y, np.ndarray) and y.dtype.kind in "iu":  # (not its BinaryCrossentropy)
        units = getattr(model.layers[-1], "units", None) if getattr(model, "layers", None) else None
        if units is not None:
            check_labels(y, units)


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



def kl_divergence(y_true, y_pred) -> Tensor:
    """sum(y_true * log(y_true / y_pred)) over the last axis: how far the predicted
    distribution is from the true one. Both are clipped to [epsilon, 1] first."""
    y_pred = _pred(y_pred)
    y_true = index_ops.clip_by_value(_true_like(y_true, y_pred), EPSILON, 1.0)
    y_pred = index_ops.clip_by_value(y_pred, EPSILON, 1.0)
    return reduce_ops.reduce_sum(
        math_ops.multiply(y_true, unary_ops.log(math_ops.divide(y_true, y_pred))), axis=-1)


def poisson(y_true, y_pred) -> Tensor:
    """mean(y_pred - y_true * log(y_pred + epsilon)) over the last axis: the negative
    log-likelihood of counts y_true under Poisson rates y_pred (up to a constant)."""
    y_pred = _pred(y_pred)
    y_true = _true_like(y_true, y_pred)
    logs = unary_ops.log(math_ops.add(y_pred, EPSILON))
    return reduce_ops.reduce_mean(math_ops.subtract(y_pred, math_ops.multiply(y_true, logs)),
                                  axis=-1)




# -- the classes: a function plus the batch reduction (loss_base.py) -------------------
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




class KLDivergence(LossFunctionWrapper):
    """sum(y_true * log(y_true / y_pred)). Mirrors `keras.losses.KLDivergence`."""

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction, name, dtype)


class Poisson(LossFunctionWrapper):
    """mean(y_pred - y_true * log(y_pred)). Mirrors `keras.losses.Poisson`."""

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, reduction, name, dtype)



CLASSES = {cls.__name__: cls for cls in (
    SparseCategoricalCrossentropy, CategoricalCrossentropy, BinaryCrossentropy, MeanSquaredError,
    MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Huber, LogCosh,
    CosineSimilarity, Hinge, SquaredHinge, CategoricalHinge, KLDivergence, Poisson)}


# Keras 3's short names for the functions (tf.keras.losses.MSE is mean_squared_error)
MSE = mse = mean_squared_error
MAE = mae = mean_absolute_error
MAPE = mape = mean_absolute_percentage_error
MSLE = msle = mean_squared_logarithmic_error
KLD = kld = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh

# The functions `get` finds by name: each by its own name, and Keras's aliases
_FUNCTION_NAMES = {fn.__name__: fn for fn in (
    sparse_categorical_crossentropy, categorical_crossentropy, binary_crossentropy,
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, huber, log_cosh, cosine_similarity, hinge, squared_hinge,
    categorical_hinge, kl_divergence, poisson)}
_FUNCTION_NAMES.update({"mse": mse, "MSE": mse, "mae": mae, "MAE": mae, "mape": mape,
                        "MAPE": mape, "msle": msle, "MSLE": msle, "kld": kld, "KLD": kld,
                        "bce": binary_crossentropy, "BCE": binary_crossentropy})
# What compile makes of each function: its class (named as the function)
_CLASS_OF = {sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
             categorical_crossentropy: CategoricalCrossentropy,
             binary_crossentropy: BinaryCrossentropy, mean_squared_error: MeanSquaredError,
             mean_absolute_error: MeanAbsoluteError,
             mean_absolute_percentage_error: MeanAbsolutePercentageError,
             mean_squared_logarithmic_error: MeanSquaredLogarithmicError, huber: Huber,
             log_cosh: LogCosh, cosine_similarity: CosineSimilarity, hinge: Hinge,
             squared_hinge: SquaredHinge, categorical_hinge: CategoricalHinge,
             kl_divergence: KLDivergence, poisson: Poisson}


def get(identifier):
    """Keras's lookup of a loss. Mirrors `keras.losses.get`.

    A Loss (or None) as it is; a class name ("Huber") -> a new instance; a function's name
    or alias ("mse", "huber", "kld") -> the function (per-sample values); a config dict ->
    an instance; any other callable as it is.

    >>> tf.keras.losses.get("mse") is tf.keras.losses.mean_squared_error
    True
    """
    if identifier is None or isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, dict):
        return CLASSES[identifier["class_name"]](**identifier.get("config", {}))
    if isinstance(identifier, str):
        if identifier in CLASSES:
            return CLASSES[identifier]()
        if identifier in _FUNCTION_NAMES:
            return _FUNCTION_NAMES[identifier]
        raise ValueError(f"Could not interpret loss identifier: {identifier}\nHint: known "
                         f"names are {', '.join(sorted(_FUNCTION_NAMES))} and the class names "
                         f"({', '.join(sorted(CLASSES))}); or pass a tf.keras.losses.Loss.")
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret loss identifier: {identifier}")


def as_loss(identifier) -> Loss:
    """What `compile(loss=...)` makes of a name, a function or a Loss: a Loss. Keras's own
    functions become their classes; any other function is wrapped (LossFunctionWrapper)."""
    loss = get(identifier)
    if isinstance(loss, Loss):
        return loss
    cls = _CLASS_OF.get(loss)
    return cls() if cls is not None else LossFunctionWrapper(loss)


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.losses", __name__, name)
