"""`tf.keras.metrics`: numbers to watch during training, averaged over an epoch.

A metric keeps a running state with Keras 3's three methods:
`update_state(y_true, y_pred)` adds a batch, `result()` reads the value,
`reset_state()` starts over (fit does this at every epoch).

    >>> acc = tf.keras.metrics.SparseCategoricalAccuracy()
    >>> acc.update_state([1, 0], [[0.2, 0.8], [0.3, 0.7]])
    >>> float(acc.result())
    0.5

Metrics only watch: no gradient flows through them, so they work on plain
NumPy values and keep their totals in float64.
"""
from __future__ import annotations

import numpy as np

from ..tensor import Tensor, convert_to_tensor

__all__ = ["Metric", "Mean", "SparseCategoricalAccuracy", "CategoricalAccuracy",
           "BinaryAccuracy", "Accuracy", "MeanSquaredError", "get"]


def _array(x) -> np.ndarray:
    return np.asarray(x._value if isinstance(x, Tensor) else x)


class Metric:
    """Base class: a weighted running mean of per-sample values. Mirrors `keras.metrics.Metric`."""

    def __init__(self, name: str | None = None, dtype=None):
        self.name = name or _DEFAULT_NAMES.get(type(self).__name__, type(self).__name__.lower())
        self.reset_state()

    def values(self, y_true, y_pred) -> np.ndarray:
        """The per-sample values to average (subclasses define this)."""
        raise NotImplementedError

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        self._add(self.values(_array(y_true), _array(y_pred)), sample_weight)

    def _add(self, values: np.ndarray, sample_weight=None) -> None:
        values = np.asarray(values, dtype=np.float64)
        if sample_weight is None:
            self.total += float(values.sum())
            self.count += float(values.size)
        else:
            w = np.broadcast_to(np.asarray(sample_weight, dtype=np.float64), values.shape)
            self.total += float((values * w).sum())
            self.count += float(w.sum())

    def result(self) -> Tensor:
        """The mean so far, as a float32 scalar tensor (0 before any update)."""
        return convert_to_tensor(np.float32(self.total / self.count if self.count else 0.0))

    def reset_state(self) -> None:
        self.total = 0.0
        self.count = 0.0

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
        self._add(_array(values), sample_weight)


class SparseCategoricalAccuracy(Metric):
    """How often argmax(y_pred) equals the integer label. Mirrors `keras.metrics.SparseCategoricalAccuracy`."""

    def values(self, y_true, y_pred) -> np.ndarray:
        if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
            y_true = y_true[..., 0]
        return np.argmax(y_pred, axis=-1) == y_true.astype(np.int64)


class CategoricalAccuracy(Metric):
    """How often argmax(y_pred) equals argmax(y_true) (one-hot labels)."""

    def values(self, y_true, y_pred) -> np.ndarray:
        return np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)


class BinaryAccuracy(Metric):
    """How often (y_pred > threshold) equals the 0/1 label. Mirrors `keras.metrics.BinaryAccuracy`."""

    def __init__(self, name: str | None = None, dtype=None, threshold: float = 0.5):
        self.threshold = threshold
        super().__init__(name, dtype)

    def values(self, y_true, y_pred) -> np.ndarray:
        return np.mean((y_pred > self.threshold) == (y_true > 0.5), axis=-1)


class Accuracy(Metric):
    """How often y_pred equals y_true exactly. Mirrors `keras.metrics.Accuracy`."""

    def values(self, y_true, y_pred) -> np.ndarray:
        return y_true == y_pred


class MeanSquaredError(Metric):
    """mean((y_true - y_pred)**2) over all samples seen. Mirrors `keras.metrics.MeanSquaredError`."""

    def values(self, y_true, y_pred) -> np.ndarray:
        return np.mean(np.square(y_true.astype(np.float64) - y_pred), axis=-1)


_DEFAULT_NAMES = {"SparseCategoricalAccuracy": "sparse_categorical_accuracy",
                  "CategoricalAccuracy": "categorical_accuracy",
                  "BinaryAccuracy": "binary_accuracy", "Accuracy": "accuracy",
                  "MeanSquaredError": "mean_squared_error", "Mean": "mean"}


def get(identifier, loss=None) -> Metric:
    """A metric name or object -> a Metric.

    "accuracy" (or "acc") picks the accuracy that fits the loss, as Keras
    does: sparse labels -> SparseCategoricalAccuracy, one-hot ->
    CategoricalAccuracy, binary cross-entropy -> BinaryAccuracy. The logged
    name stays "accuracy".
    """
    if isinstance(identifier, Metric):
        return identifier
    if identifier in ("accuracy", "acc"):
        kind = type(loss).__name__ if loss is not None else ""
        cls = {"CategoricalCrossentropy": CategoricalAccuracy,
               "BinaryCrossentropy": BinaryAccuracy}.get(kind, SparseCategoricalAccuracy)
        return cls(name=identifier)
    by_name = {"sparse_categorical_accuracy": SparseCategoricalAccuracy,
               "categorical_accuracy": CategoricalAccuracy, "binary_accuracy": BinaryAccuracy,
               "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError}
    if isinstance(identifier, str) and identifier in by_name:
        return by_name[identifier](name=identifier)
    raise ValueError(f"Unknown metric function: {identifier!r}. Known names: accuracy, "
                     f"{', '.join(sorted(by_name))}; or pass a tf.keras.metrics.Metric object.")
