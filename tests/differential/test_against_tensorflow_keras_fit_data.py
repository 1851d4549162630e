"""What fit and a custom train_step receive, as keras.io's guides use it: fit(sample_weight=),
evaluate(sample_weight=), datasets of (x, y, sample_weight) and of inputs alone, the
callbacks' hooks, and keras.random.normal / uniform with a SeedGenerator; against TF 2.21 with Keras 3 (rules:
tf_compare.py). Constant initial weights and shuffle=False: no randomness."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
RNG = np.random.default_rng(4)
X = RNG.random((20, 6)).astype(np.float32)
Y = RNG.random((20, 1)).astype(np.float32)
W = RNG.random((20, 1)).astype(np.float32)


def line(tf, cls=None):
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input((6,))
    outputs = tf.keras.layers.Dense(1, kernel_initializer="ones")(inputs)
    return (cls or tf.keras.Model)(inputs, outputs)


@cases("fit(sample_weight=) weighs the loss, not the compiled metrics; validation_split takes "
       "the last samples' weights too; evaluate(sample_weight=)", rtol=1e-4)
def _(tf):
    model = line(tf)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.01), loss="mse", metrics=["mae"])
    history = model.fit(X, Y, sample_weight=W[:, 0], batch_size=8, epochs=2, verbose=0,
                        shuffle=False, validation_split=0.25)
    return history.history, model.evaluate(X, Y, sample_weight=W[:, 0], verbose=0)


@cases("a custom train_step gets (x, y, sample_weight) from fit; compute_loss weighs, the "
       "CompileMetrics in self.metrics ignore the weights", rtol=1e-4)
def _(tf):
    class CustomModel(tf.keras.Model):
        def train_step(self, data):
            x, y, sample_weight = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)
            variables = self.trainable_variables
            self.optimizer.apply(tape.gradient(loss, variables), variables)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred, sample_weight=sample_weight)
            return {m.name: m.result() for m in self.metrics}
    model = line(tf, CustomModel)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    return model.fit(X, Y, sample_weight=W, batch_size=8, epochs=2, verbose=0,
                     shuffle=False).history


@cases("a dataset of (x, y, sample_weight) elements trains as fit(sample_weight=) does",
       rtol=1e-4)
def _(tf):
    model = line(tf)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.01), loss="mse")
    data = tf.data.Dataset.from_tensor_slices((X, Y, W)).batch(8)
    return model.fit(data, epochs=2, verbose=0).history, model.get_weights()


@cases("a dataset of inputs alone: a custom train_step gets the batch itself", rtol=1e-5)
def _(tf):
    seen = []

    class Sums(tf.keras.Model):
        def train_step(self, data):
            seen.append(type(data).__name__ != "tuple")
            total = tf.reduce_sum(self(data))
            return {"total": total}
    model = line(tf, Sums)
    model.compile(optimizer="sgd")
    history = model.fit(tf.data.Dataset.from_tensor_slices(X).batch(10), epochs=1, verbose=0)
    return history.history, all(seen) and bool(seen)


cases("fit on inputs alone with a compiled loss: an error", compare_message=False)(
    lambda tf: (lambda m: m.compile(optimizer="sgd", loss="mse") or m.fit(X, verbose=0))(
        line(tf)))


@cases("keras.random.normal / uniform: an int seed repeats, a SeedGenerator steps, in eager "
       "and in a tf.function", rtol=1e-6)
def _(tf):
    gen = tf.keras.random.SeedGenerator(1337)
    a = tf.keras.random.normal((2, 3), seed=gen)
    b = tf.keras.random.uniform((2,), seed=gen)
    c = tf.keras.random.normal((2,), mean=1.0, stddev=0.5, seed=5)
    d = tf.keras.random.uniform((3,), 2.0, 4.0, seed=7)

    @tf.function
    def draw():
        return tf.keras.random.normal((2,), seed=gen)
    return a, b, c, d, draw(), draw()


@cases("callbacks: predict's begin/batch/end hooks (batch logs {'outputs'}), evaluate's batch "
       "begin, on_train_end with the last epoch's logs (validation too)")
def _(tf):
    events = []

    class Record(tf.keras.callbacks.Callback):
        pass
    for hook in ("on_train_end", "on_test_begin", "on_test_end", "on_predict_begin",
                 "on_predict_end"):
        setattr(Record, hook, lambda self, logs=None, hook=hook: events.append(
            (hook, sorted(logs or {}))))
    for hook in ("on_test_batch_begin", "on_predict_batch_begin", "on_predict_batch_end"):
        setattr(Record, hook, lambda self, batch, logs=None, hook=hook: events.append(
            (hook, batch, sorted(logs or {}))))
    model = line(tf)
    model.compile(optimizer="sgd", loss="mse")
    model.fit(X, Y, batch_size=10, epochs=1, verbose=0, validation_split=0.5,
              callbacks=[Record()])
    model.predict(X, batch_size=8, verbose=0, callbacks=[Record()])
    return events


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
