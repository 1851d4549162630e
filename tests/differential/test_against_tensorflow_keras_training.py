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


@cases("metrics pair (n,) labels with (n, 1) predictions element by element (Keras 3's "
       "squeeze_or_expand_to_same_rank), not broadcast to (n, n)", rtol=1e-6)
def _(tf):
    y, p = tf.constant([1.0, 0.0, 1.0, 0.0]), tf.constant([[0.9], [0.2], [0.3], [0.1]])
    results = []
    for metric in (tf.keras.metrics.BinaryAccuracy(), tf.keras.metrics.Accuracy(),
                   tf.keras.metrics.MeanSquaredError(), tf.keras.metrics.MeanAbsoluteError()):
        metric.update_state(y, p)
        metric.update_state(p, y)  # (and the other way round)
        results.append(float(metric.result()))
    return results


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


@cases("model.save to a legacy .h5 name: load_model gives the model back, compiled", rtol=1e-5)
def _(tf):
    model = line_model(tf)
    model.compile(loss=tf.keras.losses.MeanSquaredError(), optimizer=tf.keras.optimizers.SGD(0.1))
    model.fit(X, Y, epochs=1, verbose=0, shuffle=False)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "m.h5")
        model.save(path)
        loaded = tf.keras.models.load_model(path)
        again = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
        again.load_weights(path)
    return (loaded.predict(X[:3], verbose=0), loaded.evaluate(X, Y, verbose=0),
            [w.path for w in loaded.weights], again.get_weights())


@cases("ModelCheckpoint to .keras and legacy .h5 names; other names refused")
def _(tf):
    model = line_model(tf)
    model.compile(loss=tf.keras.losses.MeanSquaredError(), optimizer="sgd")
    with tempfile.TemporaryDirectory() as folder:
        callbacks = [tf.keras.callbacks.ModelCheckpoint(os.path.join(folder, name))
                     for name in ("m-{epoch}.keras", "m-{epoch}.h5")]
        model.fit(X, Y, epochs=2, verbose=0, callbacks=callbacks)
        files = sorted(os.listdir(folder))
    try:
        tf.keras.callbacks.ModelCheckpoint("m.pb")
    except ValueError as e:
        return files, str(e)


cases("model.save with an unknown extension")(lambda tf: line_model(tf).save("model.pb"))
cases("ModelCheckpoint: an unknown save_freq")(
    lambda tf: tf.keras.callbacks.ModelCheckpoint("m.keras", save_freq="batch"))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)


metric_cases = Cases()


@metric_cases("metrics BinaryCrossentropy (from logits too) and MeanAbsoluteError", rtol=1e-5)
def _(tf):
    y = np.array([[1.0], [0.0], [1.0], [0.0]], np.float32)
    p = np.array([[0.9], [0.2], [0.4], [0.6]], np.float32)
    bce = tf.keras.metrics.BinaryCrossentropy()
    bce.update_state(y, p)
    logits = tf.keras.metrics.BinaryCrossentropy(from_logits=True, name="binary_crossentropy")
    logits.update_state(y[:2], np.array([[2.0], [-1.0]], np.float32))
    logits.update_state(y[2:], np.array([[0.5], [3.0]], np.float32))
    mae = tf.keras.metrics.MeanAbsoluteError()
    mae.update_state([1.0, 2.0], [[1.5], [1.0]])
    return (bce.name, float(bce.result()), logits.name, float(logits.result()), mae.name,
            float(mae.result()))


@metric_cases("compile(metrics=[BinaryCrossentropy(from_logits=True)]) in fit", rtol=1e-4)
def _(tf):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(
        1, kernel_initializer=tf.keras.initializers.Constant(0.2))])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01),
                  loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[tf.keras.metrics.BinaryCrossentropy(from_logits=True,
                                                               name="binary_crossentropy"),
                           "accuracy"])
    history = model.fit(XC, YC[:, None].astype(np.float32), epochs=2, verbose=0, shuffle=False)
    return history.history


@pytest.mark.parametrize("fn, compare_message, rtol", metric_cases.params)
def test_metrics_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)


reg_cases = Cases()


@reg_cases("regularizers: l2, l1, l1_l2 values and layer.losses", rtol=1e-5)
def _(tf):
    w = tf.constant([[1.0, -2.0], [0.5, 3.0]])
    r = tf.keras.regularizers
    layer = tf.keras.layers.Dense(2, kernel_initializer=tf.keras.initializers.Constant(0.5),
                                  kernel_regularizer=r.l2(0.01), bias_regularizer=r.L1(0.1))
    layer(tf.ones([1, 3]))
    return (r.l2(0.001)(w), r.L2()(w), r.l1(0.5)(w), r.l1_l2(l1=0.1, l2=0.2)(w), layer.losses,
            tf.add_n(layer.losses))


@reg_cases("fit adds the penalties to the loss (train and validation)", rtol=1e-4)
def _(tf):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([
        tf.keras.Input((3,)),
        tf.keras.layers.Dense(4, activation="elu", kernel_initializer=tf.keras.initializers.Constant(0.3),
                              kernel_regularizer=tf.keras.regularizers.l2(0.01)),
        tf.keras.layers.Dense(1, kernel_initializer=tf.keras.initializers.Constant(-0.2))])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05),
                  loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
    history = model.fit(XC, YC.astype(np.float32), epochs=2, verbose=0, shuffle=False,
                        validation_data=(XC[:10], YC[:10].astype(np.float32)))
    return history.history, tf.add_n(model.losses), len(model.losses)


@pytest.mark.parametrize("fn, compare_message, rtol", reg_cases.params)
def test_regularizers_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)


schedule_cases = Cases()


@schedule_cases("schedules: InverseTimeDecay and ExponentialDecay over an array of steps",
                rtol=1e-6)
def _(tf):
    s = tf.keras.optimizers.schedules
    steps = np.linspace(0, 10000, 7)
    return (s.InverseTimeDecay(0.001, decay_steps=2000, decay_rate=1)(steps),
            s.InverseTimeDecay(0.5, 3, 0.5, staircase=True)(7),
            s.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.96)(steps),
            s.ExponentialDecay(0.1, 100, 0.5, staircase=True)(250))


@schedule_cases("an optimizer with a schedule: the rate falls with each step", rtol=1e-5)
def _(tf):
    schedule = tf.keras.optimizers.schedules.InverseTimeDecay(0.5, decay_steps=1, decay_rate=1)
    opt = tf.keras.optimizers.SGD(schedule)
    w = tf.Variable([1.0, -2.0])
    values = []
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w ** 2)
        opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
        values.append(w.numpy().tolist())
    return values, int(opt.iterations.numpy())


@pytest.mark.parametrize("fn, compare_message, rtol", schedule_cases.params)
def test_schedules_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
