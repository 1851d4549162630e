"""Training with Keras 3 as the guides do it: losses given as functions, targets of rank 1 for
one-output models, log order, ModelCheckpoint(save_freq=n), against TF 2.21 with Keras 3.15
(rules: tf_compare.py). Constant initial weights and shuffle=False: no randomness."""
from __future__ import annotations

import contextlib
import io
import os
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
X = np.linspace(-1.0, 1.0, 20, dtype=np.float32)
Y = (2.0 * X + 0.5).astype(np.float32)
XC = np.random.default_rng(5).normal(size=(40, 3)).astype(np.float32)
YC = (XC[:, 0] + XC[:, 1] > 0).astype(np.int32)


def line_model(tf):
    tf.keras.backend.clear_session()
    return tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(
        1, kernel_initializer=tf.keras.initializers.Constant(0.3), bias_initializer="zeros")])


@cases("compile(loss=tf.keras.losses.MSE): a function as the loss; (n,) targets, (n, 1) outputs",
       rtol=1e-4)
def _(tf):
    model = line_model(tf)
    model.compile(loss=tf.keras.losses.MSE, optimizer=tf.keras.optimizers.SGD(learning_rate=0.1))
    history = model.fit(X, Y, epochs=3, batch_size=5, verbose=0, shuffle=False)
    return history.history, model.evaluate(X, Y, verbose=0), model.predict(X[:3], verbose=0)


@cases("the loss functions pair (n,) labels with (n, 1) predictions", rtol=1e-5)
def _(tf):
    y, p = tf.constant([1.0, 2.0, 3.0]), tf.constant([[1.5], [2.0], [2.0]])
    return (tf.keras.losses.MSE(y, p), tf.keras.losses.mae(y, p),
            tf.keras.losses.MeanSquaredError()(y, p), tf.keras.losses.MeanAbsoluteError()(p, y))


@cases("logs and History keys in alphabetical order, validation last", rtol=1e-4)
def _(tf):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(
        2, kernel_initializer=tf.keras.initializers.Constant(0.1), activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=[tf.keras.metrics.SparseCategoricalAccuracy()])
    history = model.fit(XC, YC, epochs=2, verbose=0, shuffle=False, validation_split=0.25)
    return list(history.history), history.history, model.evaluate(XC, YC, verbose=0,
                                                                   return_dict=True)


@cases("a one-feature model takes a plain vector: predict, fit, evaluate", rtol=1e-4)
def _(tf):
    model = line_model(tf)
    model.compile(loss="mean_absolute_error", optimizer=tf.keras.optimizers.Adam(0.1))
    model.fit(X, Y, epochs=2, verbose=0, shuffle=False)
    return model.predict(X[:4], verbose=0), model.evaluate(X, Y, verbose=0)


@cases("ModelCheckpoint(save_freq=n): files per n batches, and its messages")
def _(tf):
    tf.keras.backend.clear_session()
    folder = tempfile.mkdtemp()
    model = line_model(tf)
    model.compile(loss="mse", optimizer="sgd")
    callback = tf.keras.callbacks.ModelCheckpoint(os.path.join(folder, "cp-{epoch:04d}.weights.h5"),
                                                  save_weights_only=True, save_freq=6, verbose=1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.fit(X, Y, epochs=3, batch_size=5, verbose=0, shuffle=False, callbacks=[callback])
    messages = [line.replace(folder, "<dir>") for line in out.getvalue().splitlines() if line]
    return sorted(os.listdir(folder)), messages


cases("ModelCheckpoint: an unknown save_freq")(
    lambda tf: tf.keras.callbacks.ModelCheckpoint("m.keras", save_freq="batch"))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
