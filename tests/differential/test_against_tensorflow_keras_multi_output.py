"""Models with several inputs and outputs in compile/fit/evaluate/predict, as keras.io's
functional API and training guides use them, against TF 2.21 with Keras 3 (rules:
tf_compare.py). Constant initial weights and shuffle=False: no randomness."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
RNG = np.random.default_rng(3)
XA = RNG.normal(size=(12, 4)).astype(np.float32)
XB = RNG.normal(size=(12, 3)).astype(np.float32)
Y_SCORE = RNG.uniform(0.5, 2.0, size=(12, 1)).astype(np.float32)
Y_CLASS = np.eye(5, dtype=np.float32)[RNG.integers(0, 5, size=12)]


def two_outputs(tf):
    """Inputs "a" (4) and "b" (3); outputs "score_output" (1) and "class_output" (softmax 5)."""
    tf.keras.backend.clear_session()
    a, b = tf.keras.Input((4,), name="a"), tf.keras.Input((3,), name="b")
    x = tf.keras.layers.concatenate([a, b])
    init = tf.keras.initializers.Constant
    score = tf.keras.layers.Dense(1, name="score_output", kernel_initializer=init(0.1))(x)
    classes = tf.keras.layers.Dense(5, activation="softmax", name="class_output",
                                    kernel_initializer=init(0.05))(x)
    return tf.keras.Model([a, b], [score, classes])


def run(tf, model, x=None, y=None, **fit):
    x = [XA, XB] if x is None else x
    y = [Y_SCORE, Y_CLASS] if y is None else y
    history = model.fit(x, y, batch_size=5, epochs=2, verbose=0, shuffle=False, **fit)
    return (history.history, model.evaluate(x, y, verbose=0), model.metrics_names,
            model.evaluate(x, y, verbose=0, return_dict=True))


@cases("compile(loss=[...], loss_weights=[...], metrics=[[...], [...]]): the weighted sum is "
       "the loss, each output's unweighted loss and metrics are logged under its name; "
       "evaluate lists the loss, the outputs' losses, then the metrics by name", rtol=1e-4)
def _(tf):
    model = two_outputs(tf)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05),
                  loss=[tf.keras.losses.MeanSquaredError(),
                        tf.keras.losses.CategoricalCrossentropy()],
                  loss_weights=[2.0, 0.5],
                  metrics=[[tf.keras.metrics.MeanAbsolutePercentageError(),
                            tf.keras.metrics.MeanAbsoluteError()],
                           [tf.keras.metrics.CategoricalAccuracy()]])
    return run(tf, model) + ([p.shape for p in model.predict([XA, XB], verbose=0)],)


@cases("compile(loss={...}, loss_weights={...}, metrics={...}) by output name; fit on dicts of "
       "inputs and targets by name; 'accuracy' follows the output's loss", rtol=1e-4)
def _(tf):
    model = two_outputs(tf)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05),
                  loss={"class_output": "categorical_crossentropy", "score_output": "mse"},
                  loss_weights={"score_output": 1.0, "class_output": 0.2},
                  metrics={"class_output": ["accuracy"]})
    return run(tf, model, {"a": XA, "b": XB}, {"class_output": Y_CLASS, "score_output": Y_SCORE})


@cases("one loss serves every output (each logged); metrics=[m1, [m2, m3]] one entry per "
       "output", rtol=1e-4)
def _(tf):
    model = two_outputs(tf)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse",
                  metrics=["mae", ["mae", "mse"]])
    return run(tf, model)


@cases("'accuracy' for an output picks its kind by the shapes: one column binary, targets "
       "of a lower rank sparse, else categorical", rtol=1e-4)
def _(tf):
    model = two_outputs(tf)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05),
                  loss=["mse", "sparse_categorical_crossentropy"],
                  metrics=["accuracy", ["acc", "accuracy"]])
    return run(tf, model, y=[(Y_SCORE > 1.2).astype(np.float32), Y_CLASS.argmax(-1)])


@cases("loss=[None, loss]: an output without a loss; one loss alone logs no per-output loss",
       rtol=1e-4)
def _(tf):
    model = two_outputs(tf)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05),
                  loss=[None, tf.keras.losses.CategoricalCrossentropy()])
    return run(tf, model)


@cases("compile() again without loss or metrics keeps the earlier ones (Keras 3)", rtol=1e-4)
def _(tf):
    model = two_outputs(tf)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss=["mse", "categorical_crossentropy"],
                  metrics=[["mae"], ["categorical_accuracy"]])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05))
    return run(tf, model)


@cases("validation_split with lists of inputs and targets: the last samples validate", rtol=1e-4)
def _(tf):
    model = two_outputs(tf)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss=["mse", "categorical_crossentropy"])
    return run(tf, model, validation_split=0.25)[0]


def compiled_then_fit(tf, y=None, **compile_args):
    model = two_outputs(tf)
    model.compile(optimizer="sgd", **compile_args)
    model.fit([XA, XB], [Y_SCORE, Y_CLASS] if y is None else y, verbose=0)


cases("a loss dict that misses an output: an error when fitting, not compiling")(
    lambda tf: compiled_then_fit(tf, loss={"class_output": "categorical_crossentropy"}))
cases("loss_weights of another length than the losses")(
    lambda tf: compiled_then_fit(tf, loss=["mse", "mse"], loss_weights=[2.0]))
cases("metrics: a flat list for several outputs is Keras's error", compare_message=False)(
    lambda tf: compiled_then_fit(tf, loss="mse", metrics=["mae"]))
cases("targets of another structure than the outputs")(
    lambda tf: compiled_then_fit(tf, loss=["mse", "mse"], y=Y_SCORE))


@cases("metrics.MeanAbsolutePercentageError: 100 * mean(|t - p| / max(|t|, 1e-7)), a zero "
       "target too", rtol=1e-5)
def _(tf):
    m = tf.keras.metrics.MeanAbsolutePercentageError()
    m.update_state([[2.0, 4.0], [1.0, 0.0]], [[1.0, 5.0], [1.5, 1e-8]])
    return m.name, float(m.result()), tf.keras.metrics.get("mape").__class__.__name__


@cases("a layer called on two KerasTensors as positional arguments; fit without targets, "
       "the loss from add_loss", rtol=1e-4)
def _(tf):
    tf.keras.backend.clear_session()

    class Endpoint(tf.keras.layers.Layer):
        def call(self, targets, logits):
            self.add_loss(tf.keras.losses.BinaryCrossentropy(from_logits=True)(targets, logits))
            return tf.keras.ops.softmax(logits)
    inputs = tf.keras.Input((3,), name="inputs")
    targets = tf.keras.Input((2,), name="targets")
    logits = tf.keras.layers.Dense(2, kernel_initializer="ones")(inputs)
    model = tf.keras.Model([inputs, targets], Endpoint(name="predictions")(targets, logits))
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1))
    data = {"inputs": XA[:, :3], "targets": (XA[:, 3:4] > 0).astype(np.float32) * [1, 1]}
    history = model.fit(data, batch_size=4, epochs=2, verbose=0, shuffle=False)
    config = model.get_config()["layers"][-1]["inbound_nodes"]
    return history.history, model.predict(data, verbose=0), config


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
