"""`tf.keras.metrics`: numbers to watch during training, averaged over an epoch.

A metric keeps a running state with Keras 3's three methods:
`update_state(y_true, y_pred)` adds a batch, `result()` reads the value,
`reset_state()` starts over (fit does this at every epoch). Calling the
metric, `m(y_true, y_pred)`, updates it and returns the result.

    >>> acc = tf.keras.metrics.SparseCategoricalAccuracy()
    >>> acc.update_state([1, 0], [[0.2, 0.8], [0.3, 0.7]])
    >>> float(acc.result())
    0.5

The state is two Variables, a weighted total and a count (float64: the
averages of a long epoch stay exact), so a metric also works inside a
`tf.function` train step, as in TF's quickstart. `values()` is written with
engine ops for that reason; no gradient flows through a metric.
"""
from __future__ import annotations

import functools
import re

import numpy as np

from .. import dtypes
from ..ops import array_ops, index_ops, math_ops, reduce_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor
from ..variables import Variable
from .loss_base import _same_rank
from .losses import (binary_crossentropy, mean_absolute_error,
                     mean_absolute_percentage_error, sparse_categorical_crossentropy)

__all__ = ["Metric", "Mean", "SparseCategoricalAccuracy", "CategoricalAccuracy",
           "BinaryAccuracy", "Accuracy", "MeanSquaredError", "MeanAbsoluteError",
           "MeanAbsolutePercentageError", "MeanMetricWrapper",
           "BinaryCrossentropy", "SparseCategoricalCrossentropy", "get"]

_F64 = dtypes.float64


class Metric:
    """Base class: a weighted running mean of per-sample values. Mirrors `keras.metrics.Metric`.

    `_direction` says whether a better model makes the metric grow ("up": accuracy) or
    shrink ("down": an error); callbacks monitoring it with `mode="auto"` read it, as in
    Keras 3. None (a plain mean): they cannot tell.
    """

    _direction = None

    def __init__(self, name: str | None = None, dtype=None):
        from ..function import init_scope
        self.name = name or _DEFAULT_NAMES.get(type(self).__name__, type(self).__name__.lower())
        with init_scope():  # (created eagerly even when first made while tracing)
            self._total = Variable(np.float64(0), trainable=False, name=f"{self.name}/total")
            self._count = Variable(np.float64(0), trainable=False, name=f"{self.name}/count")

    def values(self, y_true: Tensor, y_pred: Tensor) -> Tensor:
        """The per-sample values to average, as a float64 tensor (subclasses define this)."""
        raise NotImplementedError

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        self._add(self.values(convert_to_tensor(y_true), convert_to_tensor(y_pred)), sample_weight)

    def __call__(self, *args, **kwargs) -> Tensor:
        """Updates the state with one batch, then returns the result (Keras's `metric(...)`)."""
        self.update_state(*args, **kwargs)
        return self.result()

    def _add(self, values: Tensor, sample_weight=None) -> None:
        values = array_ops.cast(values, _F64)
        if sample_weight is None:
            total, count = reduce_ops.reduce_sum(values), array_ops.cast(array_ops.size(values), _F64)
        else:
            weights = math_ops.multiply(array_ops.ones_like(values),
                                        array_ops.cast(convert_to_tensor(sample_weight), _F64))
            total, count = reduce_ops.reduce_sum(math_ops.multiply(values, weights)), \
                reduce_ops.reduce_sum(weights)
        self._total.assign_add(total)
        self._count.assign_add(count)

    def result(self) -> Tensor:
        """The mean so far, as a float32 scalar tensor (0 before any update)."""
        total, count = self._total.read_value(), self._count.read_value()
        safe = index_ops.where(math_ops.greater(count, 0.0), count, 1.0)
        mean = index_ops.where(math_ops.greater(count, 0.0), math_ops.divide_no_cast(total, safe), 0.0)
        return array_ops.cast(mean, dtypes.float32)

    def reset_state(self) -> None:
        self._total.assign(np.float64(0))
        self._count.assign(np.float64(0))

    @property
    def variables(self) -> list:
        return [self._total, self._count]

    def get_config(self) -> dict:
        return {"name": self.name}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


class Mean(Metric):
    """The (weighted) mean of the values given. Mirrors `keras.metrics.Mean`.

    >>> m = tf.keras.metrics.Mean(); m.update_state([1.0, 3.0]); float(m.result())
    2.0
    """

    def update_state(self, values, sample_weight=None) -> None:
        self._add(convert_to_tensor(values), sample_weight)


def _labels(y_true: Tensor, y_pred: Tensor) -> Tensor:
    """Integer labels as int64, without a trailing axis of 1 ([[3], [1]] -> [3, 1])."""
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = array_ops.squeeze(y_true, axis=-1)
    return array_ops.cast(y_true, dtypes.int64)


def _as_f64(matches: Tensor) -> Tensor:
    return array_ops.cast(matches, _F64)


class SparseCategoricalAccuracy(Metric):
    """How often argmax(y_pred) equals the integer label. Mirrors `keras.metrics.SparseCategoricalAccuracy`."""

    _direction = "up"

    def values(self, y_true, y_pred) -> Tensor:
        return _as_f64(math_ops.equal(reduce_ops.argmax(y_pred, axis=-1), _labels(y_true, y_pred)))


class CategoricalAccuracy(Metric):
    """How often argmax(y_pred) equals argmax(y_true) (one-hot labels)."""

    _direction = "up"

    def values(self, y_true, y_pred) -> Tensor:
        return _as_f64(math_ops.equal(reduce_ops.argmax(y_pred, axis=-1),
                                      reduce_ops.argmax(y_true, axis=-1)))


class BinaryAccuracy(Metric):
    """How often (y_pred > threshold) equals the 0/1 label. Mirrors `keras.metrics.BinaryAccuracy`."""

    _direction = "up"

    def __init__(self, name: str | None = None, dtype=None, threshold: float = 0.5):
        self.threshold = threshold
        super().__init__(name, dtype)

    def values(self, y_true, y_pred) -> Tensor:
        # Keras 3: labels (n,) meet predictions (n, 1) element by element, not broadcast to (n, n)
        # (Keras compares the label itself with the thresholded prediction: a soft label like
        # 0.9 never counts as a hit)
        y_true, y_pred = _same_rank(array_ops.cast(y_true, y_pred.dtype), y_pred)
        predicted = array_ops.cast(math_ops.greater(y_pred, self.threshold), y_true.dtype)
        return reduce_ops.reduce_mean(_as_f64(math_ops.equal(y_true, predicted)), axis=-1)


class Accuracy(Metric):
    """How often y_pred equals y_true exactly. Mirrors `keras.metrics.Accuracy`."""

    _direction = "up"

    def values(self, y_true, y_pred) -> Tensor:
        y_true, y_pred = _same_rank(array_ops.cast(y_true, y_pred.dtype), y_pred)
        return _as_f64(math_ops.equal(y_true, y_pred))


class MeanSquaredError(Metric):
    """mean((y_true - y_pred)**2) over all samples seen. Mirrors `keras.metrics.MeanSquaredError`."""

    _direction = "down"

    def values(self, y_true, y_pred) -> Tensor:
        y_true, y_pred = _same_rank(array_ops.cast(y_true, _F64), array_ops.cast(y_pred, _F64))
        diff = math_ops.subtract(y_true, y_pred)
        return reduce_ops.reduce_mean(unary_ops.square(diff), axis=-1)


class MeanAbsoluteError(Metric):
    """mean(|y_true - y_pred|) over all samples seen. Mirrors `keras.metrics.MeanAbsoluteError`."""

    _direction = "down"

    def values(self, y_true, y_pred) -> Tensor:
        return array_ops.cast(mean_absolute_error(y_true, y_pred), _F64)


class MeanAbsolutePercentageError(Metric):
    """100 * mean(|y_true - y_pred| / |y_true|) over all samples seen (|y_true| at least 1e-7).
    Mirrors `keras.metrics.MeanAbsolutePercentageError`.

    >>> m = tf.keras.metrics.MeanAbsolutePercentageError()
    >>> m.update_state([[2.0, 4.0]], [[1.0, 5.0]])      # (50% + 25%) / 2
    >>> float(m.result())
    37.5
    """

    _direction = "down"

    def values(self, y_true, y_pred) -> Tensor:
        return array_ops.cast(mean_absolute_percentage_error(y_true, y_pred), _F64)


class BinaryCrossentropy(Metric):
    """The binary cross-entropy loss, averaged as a metric. Mirrors `keras.metrics.BinaryCrossentropy`.

    `from_logits=True` when the model outputs scores rather than probabilities (the
    overfitting tutorial watches it next to the loss).
    """

    _direction = "down"

    def __init__(self, name: str | None = None, dtype=None, from_logits: bool = False,
                 label_smoothing: float = 0.0):
        super().__init__(name=name, dtype=dtype)
        if label_smoothing:
            raise NotImplementedError("BinaryCrossentropy(label_smoothing=...) is not part of "
                                      "this engine.")
        self.from_logits = from_logits

    def values(self, y_true, y_pred) -> Tensor:
        # (Keras 3's metric, unlike the loss, pairs no (n,) labels with (n, 1) outputs: the
        # ranks must agree)
        y_pred = array_ops.cast(y_pred, dtypes.float32) if not y_pred.dtype.is_floating else y_pred
        return array_ops.cast(binary_crossentropy(y_true, y_pred, self.from_logits), _F64)


class SparseCategoricalCrossentropy(Metric):
    """The sparse categorical cross-entropy loss (integer labels), averaged as a metric.
    Mirrors `keras.metrics.SparseCategoricalCrossentropy` (TF's early-stopping guide
    watches it on the validation set).

    >>> m = tf.keras.metrics.SparseCategoricalCrossentropy(from_logits=True)
    >>> m.update_state(tf.constant([1]), tf.constant([[0.0, 0.0]]))
    >>> m.result()                                      # -log(1/2)
    <tf.Tensor: shape=(), dtype=float32, numpy=0.6931472>
    """

    _direction = "down"

    def __init__(self, name: str | None = None, dtype=None, from_logits: bool = False,
                 axis: int = -1):
        super().__init__(name=name, dtype=dtype)
        if axis != -1:
            raise NotImplementedError("SparseCategoricalCrossentropy(axis=...) other than -1 is "
                                      "not part of this engine.")
        self.from_logits = from_logits

    def values(self, y_true, y_pred) -> Tensor:
        return array_ops.cast(sparse_categorical_crossentropy(y_true, y_pred, self.from_logits),
                              _F64)


class CompileMetrics:
    """The metrics given to `compile`, as one entry of `model.metrics` (Keras 3's
    `CompileMetrics`), after the loss tracker.

    A `train_step` of your own updates them all with `update_state(y, y_pred)`;
    `result()` is a dict, which the logs flatten (its names come before "loss":
    Keras sorts the top-level names). `metrics` lists them once a step has
    updated them (empty before, as in Keras 3, which builds them then).
    """

    name = "compile_metrics"

    def __init__(self, model):
        self._model = model

    @property
    def metrics(self) -> list:
        return list(self._model._compiled_metrics) if self._model._compile_metrics_built else []

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Updates every compiled metric (each output's own, for several: compile_outputs.py);
        as in Keras 3, `metrics` (unlike its `weighted_metrics`) ignore `sample_weight`."""
        model = self._model
        if model._output_metrics is not None:
            model._output_metrics.update_state(y_true, y_pred)
        else:
            for m in model._compiled_metrics:
                m.update_state(y_true, y_pred)
        model._compile_metrics_built = True

    def result(self) -> dict:
        if self._model._output_metrics is not None:
            return self._model._output_metrics.result()
        return {m.name: m.result() for m in self._model._compiled_metrics}

    def reset_state(self) -> None:
        for m in self._model._compiled_metrics:
            m.reset_state()

    def __repr__(self) -> str:
        return f"<CompileMetrics name={self.name}>"


def model_metrics(model) -> list:
    """`model.metrics`: the loss tracker, then the compiled metrics as one CompileMetrics
    (Keras 3 makes one whenever `compile` was given `metrics`, even an empty list), then
    each output's loss (a model with several outputs and losses; compile_outputs.py)."""
    if not getattr(model, "_compiled", False):
        return []
    return [model._loss_tracker] + [CompileMetrics(model)] * model._metrics_given + \
        model._output_loss_trackers()


_DEFAULT_NAMES = {"SparseCategoricalAccuracy": "sparse_categorical_accuracy",
                  "CategoricalAccuracy": "categorical_accuracy",
                  "BinaryAccuracy": "binary_accuracy", "Accuracy": "accuracy",
                  "MeanSquaredError": "mean_squared_error", "Mean": "mean",
                  "MeanAbsoluteError": "mean_absolute_error",
                  "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
                  "BinaryCrossentropy": "binary_crossentropy",
                  "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy"}


def get(identifier):
    """Keras's lookup of a metric. Mirrors `keras.metrics.get`.

    A Metric (or None) as it is; a name -> a new instance with its default name
    ("mse" -> MeanSquaredError named "mean_squared_error", "accuracy" -> Accuracy); a class
    name ("AUC") likewise; a function as it is.
    """
    if identifier is None or isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str):
        return _class_named(identifier)()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret metric identifier: {identifier}")


def compiled(identifier, loss=None) -> Metric:
    """What `compile(metrics=[...])` makes of one entry: a Metric, named as it was given
    (Keras 3's compile: `metrics=["mse"]` logs "mse").

    "accuracy" (or "acc") picks the accuracy that fits the loss, as Keras
    does: sparse labels -> SparseCategoricalAccuracy, one-hot ->
    CategoricalAccuracy, binary cross-entropy -> BinaryAccuracy. A function
    is averaged over the samples (MeanMetricWrapper) under its own name.
    """
    if identifier in ("accuracy", "acc"):
        kind = type(loss).__name__ if loss is not None else ""
        cls = {"CategoricalCrossentropy": CategoricalAccuracy,
               "BinaryCrossentropy": BinaryAccuracy}.get(kind, SparseCategoricalAccuracy)
        return cls(name=identifier)
    if isinstance(identifier, str):
        return _class_named(identifier)(name=identifier)
    metric = get(identifier)
    if isinstance(metric, Metric):
        return metric
    return MeanMetricWrapper(metric, name=getattr(metric, "__name__", None))


def _class_named(name: str) -> type:
    """The metric class of a name, or Keras's error for a name it does not know."""
    cls = _by_name().get(name)
    if cls is None:
        raise ValueError(f"Could not interpret metric identifier: {name}\nHint: known names "
                         f"are {', '.join(sorted(_by_name()))}; or pass a "
                         "tf.keras.metrics.Metric.")
    return cls


@functools.cache  # (built once, on first use: the classes below this module's end are needed)
def _by_name() -> dict:
    """Metric classes by class name, by default name and by Keras's short aliases."""
    classes = (SparseCategoricalAccuracy, CategoricalAccuracy, BinaryAccuracy, Accuracy,
               MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
               BinaryCrossentropy, SparseCategoricalCrossentropy, Mean) + _LOSS_METRICS + (
        TruePositives, FalsePositives, TrueNegatives, FalseNegatives, Precision, Recall, AUC)
    names = {cls.__name__: cls for cls in classes}
    names.update({_DEFAULT_NAMES.get(cls.__name__) or _snake(cls.__name__): cls
                  for cls in classes})
    names.update({"mse": MeanSquaredError, "MSE": MeanSquaredError, "mae": MeanAbsoluteError,
                  "MAE": MeanAbsoluteError, "mape": MeanAbsolutePercentageError,
                  "MAPE": MeanAbsolutePercentageError, "msle": MeanSquaredLogarithmicError,
                  "MSLE": MeanSquaredLogarithmicError, "bce": BinaryCrossentropy,
                  "BCE": BinaryCrossentropy, "log_cosh_error": LogCoshError})
    return names


def _snake(name: str) -> str:
    """Keras's to_snake_case: "RootMeanSquaredError" -> "root_mean_squared_error",
    "KLDivergence" -> "kl_divergence", "AUC" -> "auc"."""
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


class MeanMetricWrapper(Metric):
    """The mean of `fn(y_true, y_pred)` over the samples: what a function given in
    `compile(metrics=[...])` becomes, named after it. Mirrors `keras.metrics.MeanMetricWrapper`.

    >>> def mean_pred(y_true, y_pred):
    ...     return tf.reduce_mean(y_pred)
    >>> model.compile(optimizer="sgd", loss="mse", metrics=[mean_pred])   # logs "mean_pred"
    """

    def __init__(self, fn, name: str | None = None, dtype=None, **kwargs):
        super().__init__(name=name or "mean_metric_wrapper", dtype=dtype)
        self._fn, self._fn_kwargs = fn, kwargs

    def values(self, y_true, y_pred) -> Tensor:
        y_pred = array_ops.cast(y_pred, dtypes.float32) if not y_pred.dtype.is_floating else y_pred
        y_true, y_pred = _same_rank(array_ops.cast(y_true, y_pred.dtype), y_pred)
        return array_ops.cast(convert_to_tensor(self._fn(y_true, y_pred, **self._fn_kwargs)), _F64)


def in_order(logs: dict, names: list):
    """evaluate()'s list, as Keras 3 orders it: the logs found under `names` (the loss, the
    metrics, each output's loss) in that order, then the others (an output's metrics) sorted;
    one value alone is returned as is."""
    first = [n for i, n in enumerate(names) if n in logs and n not in names[:i]]
    values = [logs[n] for n in first] + [logs[k] for k in sorted(logs) if k not in first]
    return values[0] if len(values) == 1 else values


def accuracy_for(name: str, y_true, y_pred) -> Metric:
    """"accuracy" for one output of a model with several (Keras 3's rule, by the shapes):
    one output column -> BinaryAccuracy; targets of a lower rank or one column against
    several -> SparseCategoricalAccuracy; else CategoricalAccuracy. Logged as `name`."""
    t, p = convert_to_tensor(y_true), convert_to_tensor(y_pred)
    if p.shape[-1] == 1:
        return BinaryAccuracy(name=name)
    if t.ndim < p.ndim or (t.shape[-1] == 1 and p.shape[-1] != 1):
        return SparseCategoricalAccuracy(name=name)
    return CategoricalAccuracy(name=name)


from .confusion_metrics import (AUC, FalseNegatives, FalsePositives, Precision,  # noqa: E402
                                Recall, TrueNegatives, TruePositives)
from .loss_metrics import (CategoricalHinge, CosineSimilarity, Hinge,  # noqa: E402
                           KLDivergence, LogCoshError, MeanSquaredLogarithmicError, Poisson,
                           RootMeanSquaredError, SquaredHinge)
# Keras 3 also offers the loss functions under tf.keras.metrics (mse, hinge, kld, ...)
from .losses import (MAE, MAPE, MSE, MSLE, KLD, categorical_hinge, hinge, huber,  # noqa: E402
                     kld, kullback_leibler_divergence, logcosh, mae, mape, mse, msle, poisson,
                     squared_hinge)
_LOSS_METRICS = (MeanSquaredLogarithmicError, RootMeanSquaredError, CosineSimilarity,
                 LogCoshError, Hinge, SquaredHinge, CategoricalHinge, KLDivergence, Poisson)
__all__ += ["TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives", "Precision",
            "Recall", "AUC", "MeanSquaredLogarithmicError", "RootMeanSquaredError",
            "CosineSimilarity", "LogCoshError", "Hinge", "SquaredHinge", "CategoricalHinge",
            "KLDivergence", "Poisson", "MAE", "MAPE", "MSE", "MSLE", "KLD", "mae", "mape", "mse",
            "msle", "kld", "hinge", "squared_hinge", "categorical_hinge", "huber",
            "kullback_leibler_divergence", "logcosh", "poisson", "binary_crossentropy",
            "sparse_categorical_crossentropy"]

from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.metrics", __name__, name)
