"""Keras's learning-rate callbacks, and `input_dim`, against TF 2.21 + Keras 3 (rules: tf_compare.py).

What TensorBoard's "scalars and Keras" guide and many training tutorials use:
`LearningRateScheduler` (the new rate at each epoch's start, from `schedule(epoch, lr)` or
`schedule(epoch)`; `learning_rate` in the epoch's logs), `ReduceLROnPlateau` (the rate times
`factor` after `patience` epochs without an improvement of `min_delta`, then `cooldown`
epochs of rest, never below `min_lr`), their errors, and a layer's `input_dim=n` as
`input_shape=(n,)`. And the rule the monitoring callbacks share (Keras 3's MonitorCallback):
`mode="auto"` makes the loss shrink and a compiled metric go its own way (accuracy up,
cross-entropy down); for any other name Keras cannot tell and raises at the first epoch's end;
an unknown mode is a warning and means "auto".
"""
from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


def _regression(tf, optimizer, callbacks, epochs: int = 6, verbose: int = 0):
    """A seeded two-layer regression, full batch; returns the history, the final rate, the
    weights and what the callbacks printed."""
    tf.keras.utils.set_random_seed(4)
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, (64, 1)).astype(np.float32)
    y = (0.5 * x + 2 + rng.normal(0, 0.05, (64, 1))).astype(np.float32)
    model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(4),
                                 tf.keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer=optimizer)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        history = model.fit(x, y, batch_size=64, epochs=epochs, verbose=0,
                            validation_data=(x[:16], y[:16]), callbacks=callbacks(tf))
    return ({k: [float(v) for v in vs] for k, vs in history.history.items()},
            float(np.asarray(model.optimizer.learning_rate)),
            [w.numpy() for w in model.weights], printed.getvalue() if verbose else "")


def _steps(epoch):
    return 0.2 if epoch < 2 else 0.02 if epoch < 4 else 0.005


cases("LearningRateScheduler with schedule(epoch): the rate of each epoch, in the logs",
      rtol=1e-5)(lambda tf: _regression(
          tf, tf.keras.optimizers.SGD(), lambda tf: [tf.keras.callbacks.LearningRateScheduler(_steps)]))
cases("LearningRateScheduler with schedule(epoch, lr) halving the current rate, verbose",
      rtol=1e-5)(lambda tf: _regression(
          tf, tf.keras.optimizers.SGD(0.3), lambda tf: [tf.keras.callbacks.LearningRateScheduler(
              lambda epoch, lr: lr / 2, verbose=1)], verbose=1))


@cases("LearningRateScheduler: a schedule that does not return a float is an error")
def _(tf):
    return _regression(tf, tf.keras.optimizers.SGD(),
                       lambda tf: [tf.keras.callbacks.LearningRateScheduler(lambda epoch: 1)])


cases("ReduceLROnPlateau: halves the rate after 1 epoch without a 10.0 improvement, cooldown 1, "
      "floor 0.01", rtol=1e-5)(lambda tf: _regression(
          tf, tf.keras.optimizers.SGD(0.1), lambda tf: [tf.keras.callbacks.ReduceLROnPlateau(
              monitor="loss", factor=0.5, patience=1, min_delta=10.0, cooldown=1, min_lr=0.01,
              verbose=1)], epochs=9, verbose=1))
cases("ReduceLROnPlateau with a cooldown of 2: one epoch of rest between reductions",
      rtol=1e-5)(lambda tf: _regression(
          tf, tf.keras.optimizers.SGD(0.1), lambda tf: [tf.keras.callbacks.ReduceLROnPlateau(
              monitor="loss", factor=0.5, patience=1, min_delta=10.0, cooldown=2, min_lr=0.02)],
          epochs=9))
cases("ReduceLROnPlateau on val_loss with the defaults (patience 10): no change in 6 epochs",
      rtol=1e-5)(lambda tf: _regression(
          tf, tf.keras.optimizers.SGD(0.1), lambda tf: [tf.keras.callbacks.ReduceLROnPlateau()]))
cases("ReduceLROnPlateau in max mode on the loss: every epoch is worse, the rate falls",
      rtol=1e-5)(lambda tf: _regression(
          tf, tf.keras.optimizers.SGD(0.1), lambda tf: [tf.keras.callbacks.ReduceLROnPlateau(
              monitor="loss", mode="max", factor=0.2, patience=2)]))
cases("ReduceLROnPlateau refuses a factor of 1 or more")(
    lambda tf: tf.keras.callbacks.ReduceLROnPlateau(factor=1.0))


@cases("ReduceLROnPlateau warns of a monitored metric the logs lack, and changes nothing")
def _(tf):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _regression(tf, tf.keras.optimizers.SGD(0.1), lambda tf: [
            tf.keras.callbacks.ReduceLROnPlateau(monitor="val_accuracy", patience=1)], epochs=2)
    return result, sorted({str(w.message) for w in caught if "Learning rate" in str(w.message)})


def _classifier(tf, callback, epochs: int = 4):
    """A seeded small classifier with accuracy and cross-entropy metrics; returns the history
    and how many epochs ran."""
    tf.keras.utils.set_random_seed(6)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(96, 5)).astype(np.float32)
    y = (x[:, :1] + 0.3 * rng.normal(size=(96, 1)) > 0).astype(np.float32)
    model = tf.keras.Sequential([tf.keras.Input((5,)), tf.keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.5), loss="binary_crossentropy",
                  metrics=["accuracy", tf.keras.metrics.BinaryCrossentropy(name="bce")])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(x, y, batch_size=96, epochs=epochs, verbose=0,
                            validation_data=(x[:32], y[:32]), callbacks=[callback(tf)])
    return ({k: [float(v) for v in vs] for k, vs in history.history.items()},
            sorted({str(w.message) for w in caught if "mode" in str(w.message)}))


cases("EarlyStopping on val_accuracy, mode auto: accuracy should grow", rtol=1e-5)(
    lambda tf: _classifier(tf, lambda tf: tf.keras.callbacks.EarlyStopping(
        monitor="val_accuracy", patience=1, min_delta=0.5), epochs=6))
cases("EarlyStopping on the bce metric, mode auto: a cross-entropy should shrink", rtol=1e-5)(
    lambda tf: _classifier(tf, lambda tf: tf.keras.callbacks.EarlyStopping(
        monitor="bce", patience=1, min_delta=0.05), epochs=6))
cases("EarlyStopping with an unknown mode: a warning, then auto", rtol=1e-5)(
    lambda tf: _classifier(tf, lambda tf: tf.keras.callbacks.EarlyStopping(
        monitor="loss", mode="largest", patience=1)))
cases("EarlyStopping on a name no metric has, mode auto: Keras cannot tell the direction")(
    lambda tf: _classifier(tf, lambda tf: tf.keras.callbacks.EarlyStopping(monitor="precision")))
cases("ReduceLROnPlateau on val_accuracy (compiled), mode auto", rtol=1e-5)(
    lambda tf: _classifier(tf, lambda tf: tf.keras.callbacks.ReduceLROnPlateau(
        monitor="val_accuracy", patience=1, min_delta=0.5, factor=0.5), epochs=5))


@cases("the BinaryCrossentropy metric (unlike the loss) wants labels of the outputs' rank")
def _(tf):
    metric, loss = tf.keras.metrics.BinaryCrossentropy(), tf.keras.losses.BinaryCrossentropy()
    labels, outputs = np.array([0.0, 1.0, 1.0], np.float32), np.full((3, 1), 0.75, np.float32)
    return loss(labels, outputs), metric.update_state(labels, outputs)


cases("the BinaryCrossentropy metric: same rank, other sizes")(
    lambda tf: tf.keras.metrics.BinaryCrossentropy().update_state(
        np.zeros((4, 2), np.float32), np.full((4, 1), 0.5, np.float32)))
cases("keras.losses.binary_crossentropy, the function: ranks must agree")(
    lambda tf: tf.keras.losses.binary_crossentropy(np.zeros((4, 1), np.float32),
                                                   np.full((4,), 0.5, np.float32)))


@cases("Dense(16, input_dim=1) in a Sequential: built for inputs of shape (None, 1)")
def _(tf):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = tf.keras.Sequential([tf.keras.layers.Dense(16, input_dim=1),
                                     tf.keras.layers.Dense(1)])
    return (model.built, tuple(model.input_shape), len(model.weights),
            [str(w.message) for w in caught if "input_dim" in str(w.message)])


cases("input_dim and input_shape together: input_shape is an unknown argument")(
    lambda tf: tf.keras.layers.Dense(4, input_dim=3, input_shape=(5,)))
cases("an unknown keyword argument of a layer is a ValueError")(
    lambda tf: tf.keras.layers.Dense(4, kernel_size=3))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
