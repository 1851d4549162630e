"""Keras 3's losses and the metrics that average them, against TF 2.21's Keras: values (per
sample, reduced, weighted), broadcasting of targets against predictions, gradients, names
and `get` (rules: tf_compare.py). Each loss is Keras's formula in Keras's order of ops."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()

_Y = np.array([[0.0, 1.0, 2.5], [3.0, -1.0, 0.5]], np.float32)
_P = np.array([[0.5, 0.25, 4.0], [2.0, -3.0, 0.5]], np.float32)
_PROBS_T = np.array([[0.2, 0.3, 0.5], [0.9, 0.05, 0.05]], np.float32)
_PROBS_P = np.array([[0.1, 0.6, 0.3], [0.7, 0.2, 0.1]], np.float32)
_LABELS = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]], np.float32)   # 0/1: hinge makes -1/+1
_ONE_HOT = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], np.float32)

# (class, function's name in tf.keras.losses, targets, predictions, constructor arguments)
_LOSSES = [
    ("MeanAbsolutePercentageError", "mape", _Y, _P, {}),
    ("MeanSquaredLogarithmicError", "msle", _Y, _P, {}),
    ("Huber", "huber", _Y, _P, {}),
    ("Huber", "huber", _Y, _P, {"delta": 0.5}),
    ("LogCosh", "logcosh", _Y, _P, {}),
    ("CosineSimilarity", "cosine_similarity", _Y, _P, {}),
    ("CosineSimilarity", "cosine_similarity", _Y, _P, {"axis": 0}),
    ("Hinge", "hinge", _LABELS, _P, {}),
    ("Hinge", "hinge", _Y, _P, {}),                  # labels not 0/1: used as they are
    ("SquaredHinge", "squared_hinge", _LABELS, _P, {}),
    ("CategoricalHinge", "categorical_hinge", _ONE_HOT, _P, {}),
    ("KLDivergence", "kld", _PROBS_T, _PROBS_P, {}),
    ("Poisson", "poisson", _PROBS_T * 3, _PROBS_P * 2, {}),
]


def _loss_case(cls_name, fn_name, y, p, kwargs):
    def case(tf):
        loss = getattr(tf.keras.losses, cls_name)(**kwargs)
        fn = getattr(tf.keras.losses, fn_name)
        per_sample = fn(y, p, **kwargs) if kwargs else fn(y, p)
        weighted = loss(y, p, sample_weight=np.array([0.25, 2.0], np.float32))
        summed = getattr(tf.keras.losses, cls_name)(reduction="sum", **kwargs)(y, p)
        return loss.name, loss(y, p), per_sample, weighted, summed
    return case


for _cls, _fn, _y, _p, _kw in _LOSSES:
    cases(f"losses.{_cls}({_kw}): name, mean, per sample, weighted, sum", rtol=1e-6)(
        _loss_case(_cls, _fn, _y, _p, _kw))


def _gradient_case(cls_name, y, p, kwargs):
    def case(tf):
        pred = tf.Variable(p)
        with tf.GradientTape() as tape:
            loss = getattr(tf.keras.losses, cls_name)(**kwargs)(y, pred)
        return tape.gradient(loss, pred)
    return case


for _cls, _fn, _y, _p, _kw in _LOSSES:
    cases(f"losses.{_cls}({_kw}): the gradient with respect to the predictions", rtol=1e-5)(
        _gradient_case(_cls, _y, _p, _kw))


@cases("MSE, MAE, MAPE, MSLE, Huber, LogCosh broadcast as Keras's: targets [4, 1] against "
       "predictions [4, 3], [4, 3] against [3], [2, 4, 3] against [4, 3]; a vector of targets "
       "against a column of predictions")
def _(tf):
    out = []
    for name in ("MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
                 "MeanSquaredLogarithmicError", "Huber", "LogCosh"):
        loss = getattr(tf.keras.losses, name)()
        for a, b in (((4, 1), (4, 3)), ((4, 3), (3,)), ((2, 4, 3), (4, 3)), ((4,), (4, 1))):
            y = np.linspace(0.1, 0.9, int(np.prod(a))).reshape(a).astype(np.float32)
            p = np.linspace(0.2, 0.8, int(np.prod(b))).reshape(b).astype(np.float32)
            out.append(loss(y, p))
    return out


cases("MSE of targets [4] against predictions [4, 3] is TF's broadcasting error")(
    lambda tf: tf.keras.losses.MeanSquaredError()(np.ones(4, np.float32),
                                                  np.ones((4, 3), np.float32)))

cases("losses.get: a function's name or alias gives the function; a class name an instance")(
    lambda tf: [(type(x).__name__, getattr(x, "__name__", getattr(x, "name", None)))
                for x in (tf.keras.losses.get(n) for n in (
                    "mse", "MAPE", "msle", "kld", "huber", "log_cosh", "hinge", "poisson",
                    "cosine_similarity", "categorical_hinge", "Huber", "KLDivergence"))])
cases("losses.get of an unknown name (logcosh is no key: Keras's own miss)",
      compare_message=False)(lambda tf: tf.keras.losses.get("logcosh"))
cases("the function aliases: MAPE, MSLE, KLD, logcosh, kullback_leibler_divergence")(
    lambda tf: [f(_PROBS_T, _PROBS_P) for f in (
        tf.keras.losses.MAPE, tf.keras.losses.MSLE, tf.keras.losses.KLD, tf.keras.losses.logcosh,
        tf.keras.losses.kullback_leibler_divergence)])


@cases("compile(loss=...) by name trains as Keras: huber, log_cosh, msle, poisson")
def _(tf):
    x = np.linspace(-1, 1, 16, dtype=np.float32).reshape(8, 2)
    y = (x[:, :1] * 2.0 + 0.5).astype(np.float32)
    out = []
    for loss in ("huber", "log_cosh", "msle", "poisson"):
        tf.keras.utils.set_random_seed(1)
        model = tf.keras.Sequential([tf.keras.Input((2,)),
                                     tf.keras.layers.Dense(1, kernel_initializer="ones",
                                                           activation="softplus")])
        model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss=loss)
        out.append(model.fit(x, y, epochs=2, batch_size=4, verbose=0, shuffle=False).history)
    return out


# -- the metrics ---------------------------------------------------------------------------
_METRICS = [("MeanSquaredLogarithmicError", _Y, _P, {}), ("RootMeanSquaredError", _Y, _P, {}),
            ("CosineSimilarity", _Y, _P, {}), ("CosineSimilarity", _Y, _P, {"axis": 0}),
            ("LogCoshError", _Y, _P, {}), ("Hinge", _LABELS, _P, {}),
            ("SquaredHinge", _LABELS, _P, {}), ("CategoricalHinge", _ONE_HOT, _P, {}),
            ("KLDivergence", _PROBS_T, _PROBS_P, {}), ("Poisson", _PROBS_T * 3, _PROBS_P * 2, {}),
            ("MeanAbsolutePercentageError", _Y, _P, {})]


def _metric_case(cls_name, y, p, kwargs):
    def case(tf):
        m = getattr(tf.keras.metrics, cls_name)(**kwargs)
        m.update_state(y, p)
        first = m.result()
        m.update_state(y[:1], p[:1] * 2.0, sample_weight=np.array([3.0], np.float32))
        return m.name, first, m.result()
    return case


for _cls, _y, _p, _kw in _METRICS:
    cases(f"metrics.{_cls}({_kw}): name, result, and after a weighted update", rtol=1e-5)(
        _metric_case(_cls, _y, _p, _kw))


@cases("EarlyStopping(mode='auto') follows each metric's direction: cosine similarity "
       "grows, the others shrink (Keras's _direction)")
def _(tf):
    x = np.linspace(-1, 1, 16, dtype=np.float32).reshape(8, 2)
    y = (x[:, :1] * 2.0 + 0.5).astype(np.float32)
    stopped = []
    for name in ("cosine_similarity", "root_mean_squared_error", "hinge", "kl_divergence",
                 "mean_absolute_percentage_error"):
        tf.keras.utils.set_random_seed(2)
        model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
        metric = {"cosine_similarity": tf.keras.metrics.CosineSimilarity(axis=0),
                  "root_mean_squared_error": tf.keras.metrics.RootMeanSquaredError(),
                  "hinge": tf.keras.metrics.Hinge(), "kl_divergence":
                  tf.keras.metrics.KLDivergence(),
                  "mean_absolute_percentage_error":
                  tf.keras.metrics.MeanAbsolutePercentageError()}[name]
        model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse", metrics=[metric])
        stop = tf.keras.callbacks.EarlyStopping(monitor=name, patience=0)
        history = model.fit(x, y, epochs=6, batch_size=8, verbose=0, callbacks=[stop])
        stopped.append((name, len(history.history["loss"])))
    return stopped


cases("metrics.get by name and by class name")(
    lambda tf: [type(tf.keras.metrics.get(n)).__name__ for n in (
        "msle", "hinge", "poisson", "cosine_similarity", "root_mean_squared_error",
        "squared_hinge", "categorical_hinge", "kl_divergence", "LogCoshError",
        "log_cosh_error", "RootMeanSquaredError")])
cases("metrics.get gives Keras's default names; compile names a metric as it was given")(
    lambda tf: ([(type(m).__name__, m.name) for m in (tf.keras.metrics.get(n) for n in (
        "accuracy", "mse", "MAPE", "msle", "binary_crossentropy", "AUC", "kl_divergence",
        "sparse_categorical_accuracy"))], _compiled_names(tf)))
cases("metrics.get of 'acc' (compile's shorthand only) is Keras's ValueError",
      compare_message=False)(lambda tf: tf.keras.metrics.get("acc"))
cases("metrics.get of a function is the function")(
    lambda tf: tf.keras.metrics.get(tf.keras.losses.hinge) is tf.keras.losses.hinge)


def _compiled_names(tf):
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae", "msle", "acc", "AUC"])
    history = model.fit(np.ones((4, 2), np.float32), np.ones((4, 1), np.float32), verbose=0)
    return sorted(history.history)


cases("the loss functions under tf.keras.metrics")(
    lambda tf: [f(_PROBS_T, _PROBS_P) for f in (
        tf.keras.metrics.msle, tf.keras.metrics.mape, tf.keras.metrics.kld, tf.keras.metrics.hinge,
        tf.keras.metrics.squared_hinge, tf.keras.metrics.categorical_hinge,
        tf.keras.metrics.poisson, tf.keras.metrics.logcosh, tf.keras.metrics.huber)])


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
