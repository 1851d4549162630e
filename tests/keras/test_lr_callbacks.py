"""The learning-rate callbacks and the monitoring rule they share with EarlyStopping.

Rules (Keras 3): LearningRateScheduler sets the rate at each epoch's start from
schedule(epoch, lr) (or schedule(epoch)) and logs it; ReduceLROnPlateau multiplies it by
`factor` once `patience` epochs passed without an improvement of more than `min_delta`,
then rests `cooldown` epochs, never going below `min_lr`; mode="auto" follows the loss down
and a compiled metric its own way, and refuses a name it cannot tell.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


def _fit(callbacks, epochs=5, lr=0.1, metrics=()):
    tf.keras.utils.set_random_seed(0)
    x = np.linspace(-1, 1, 32, dtype=np.float32).reshape(-1, 1)
    model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.SGD(lr), loss="mse", metrics=list(metrics))
    return model, model.fit(x, 3 * x, batch_size=32, epochs=epochs, verbose=0,
                            callbacks=callbacks)


def test_scheduler_sets_each_epochs_rate_and_logs_it():
    seen = []

    def schedule(epoch, lr):
        seen.append(round(lr, 6))
        return lr / 2

    model, history = _fit([tf.keras.callbacks.LearningRateScheduler(schedule)], epochs=3)
    assert seen == [0.1, 0.05, 0.025]  # each call sees the rate the last one set
    np.testing.assert_allclose(history.history["learning_rate"], [0.05, 0.025, 0.0125], rtol=1e-6)
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.0125)


def test_scheduler_of_the_epoch_alone_and_its_type_check():
    _, history = _fit([tf.keras.callbacks.LearningRateScheduler(lambda e: 0.01 * (e + 1))],
                      epochs=2)
    np.testing.assert_allclose(history.history["learning_rate"], [0.01, 0.02], rtol=1e-6)
    with pytest.raises(ValueError, match="should be a float. Got: 1"):
        _fit([tf.keras.callbacks.LearningRateScheduler(lambda e: 1)])


def test_plateau_halves_after_patience_then_rests_and_stops_at_min_lr():
    # min_delta=100: no epoch ever improves on the first one
    cb = tf.keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1,
                                              min_delta=100.0, cooldown=2, min_lr=0.02)
    _, history = _fit([cb], epochs=8)
    # each epoch logs the rate it ran with. Epoch 1 halves (patience 1) and starts a cooldown
    # of 2, counted down at the start of each later epoch's decision: epoch 2 rests, epoch 3
    # halves again, epoch 4 rests, epoch 5 goes to min_lr (not 0.0125), and that is the floor
    np.testing.assert_allclose(history.history["learning_rate"],
                               [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02], rtol=1e-6)


def test_plateau_refuses_factors_of_one_or_more():
    with pytest.raises(ValueError, match="factor >= 1.0"):
        tf.keras.callbacks.ReduceLROnPlateau(factor=1.5)


def test_auto_mode_asks_the_compiled_metric_and_refuses_unknown_names():
    stop = tf.keras.callbacks.EarlyStopping(monitor="mae", patience=0)
    _fit([stop], metrics=["mae"], epochs=2)
    assert stop._goal == "min"  # an error shrinks
    with pytest.raises(ValueError, match="monitor=mystery, but Keras isn't able"):
        _fit([tf.keras.callbacks.ReduceLROnPlateau(monitor="mystery")])
    with pytest.warns(UserWarning, match="mode 'up' is unknown, fallback to auto mode"):
        tf.keras.callbacks.EarlyStopping(mode="up")


def test_input_dim_is_an_input_shape():
    with pytest.warns(UserWarning, match="input_shape`/`input_dim"):
        model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_dim=3)])
    assert model.built and tuple(model.input_shape) == (None, 3)
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to Dense: "
                                         r"\{'input_shape': \(5,\)\}"):
        tf.keras.layers.Dense(4, input_dim=3, input_shape=(5,))
