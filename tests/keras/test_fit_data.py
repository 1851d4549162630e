"""fit/evaluate(sample_weight=), datasets of inputs alone or (x, y, sample_weight), and
keras.random.normal / uniform. Checked without TF (tests/differential/
test_against_tensorflow_keras_fit_data.py compares the same behaviours with TF 2.21)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

RNG = np.random.default_rng(9)
X = RNG.random((8, 3)).astype(np.float32)
Y = RNG.random((8, 1)).astype(np.float32)


def line():
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input((3,)),
                                 tf.keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    return model


def test_a_sample_weight_of_zero_leaves_the_sample_out_of_the_gradient():
    # (mse's sum_over_batch_size divides by all 8 samples: weights 2 on half the samples
    # give the same gradient as the half alone, which divides by 4)
    weighted, half = line(), line()
    weights = np.array([2.0] * 4 + [0.0] * 4, np.float32)
    weighted.fit(X, Y, sample_weight=weights, batch_size=8, epochs=3, shuffle=False, verbose=0)
    half.fit(X[:4], Y[:4], batch_size=4, epochs=3, shuffle=False, verbose=0)
    for a, b in zip(weighted.get_weights(), half.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5)
    loss = weighted.evaluate(X, Y, sample_weight=weights, batch_size=8, verbose=0)
    np.testing.assert_allclose(loss, half.evaluate(X[:4], Y[:4], verbose=0), rtol=1e-5)


def test_sample_weights_that_do_not_fit_the_data_are_clear_errors():
    model = line()
    with pytest.raises(ValueError, match="x and sample_weight must contain the same number"):
        model.fit(X, Y, sample_weight=np.ones(3), verbose=0)
    with pytest.raises(ValueError, match="`sample_weight` argument is not supported"):
        model.fit(tf.data.Dataset.from_tensor_slices((X, Y)).batch(4), sample_weight=np.ones(8),
                  verbose=0)


def test_a_dataset_of_inputs_alone_gives_a_custom_train_step_the_batch_itself():
    got = []

    class Probe(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = tf.keras.layers.Dense(1)

        def call(self, x):
            return self.dense(x)

        def train_step(self, data):
            got.append(tuple(data.shape))
            return {"mean": tf.reduce_mean(self(data))}
    model = Probe()
    model.compile(optimizer="sgd")
    model.fit(tf.data.Dataset.from_tensor_slices(X).batch(5), epochs=1, verbose=0)
    assert got[-1][1:] == (3,)


def test_keras_random_draws_repeat_for_an_int_seed_and_move_on_with_a_seed_generator():
    a = tf.keras.random.normal((1000,), mean=2.0, stddev=0.5, seed=3)
    b = tf.keras.random.normal((1000,), mean=2.0, stddev=0.5, seed=3)
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert abs(float(tf.reduce_mean(a)) - 2.0) < 0.1 and abs(float(tf.math.reduce_std(a)) - 0.5) < 0.05
    gen = tf.keras.random.SeedGenerator(1)
    u1, u2 = (tf.keras.random.uniform((500,), 2.0, 4.0, seed=gen) for _ in range(2))
    assert not np.array_equal(u1.numpy(), u2.numpy())
    assert 2.0 <= float(tf.reduce_min(u1)) and float(tf.reduce_max(u1)) < 4.0


def test_predict_calls_its_callbacks_with_each_batch_outputs_and_train_end_gets_validation():
    events, outputs = [], []

    class Record(tf.keras.callbacks.Callback):
        def on_predict_begin(self, logs=None):
            events.append("begin")

        def on_predict_batch_begin(self, batch, logs=None):
            events.append(f"batch {batch}")

        def on_predict_batch_end(self, batch, logs=None):
            outputs.append(logs["outputs"].numpy())

        def on_predict_end(self, logs=None):
            events.append("end")

        def on_train_end(self, logs=None):
            events.append(sorted(logs))
    model = line()
    result = model.predict(X, batch_size=3, verbose=0, callbacks=[Record()])
    assert events == ["begin", "batch 0", "batch 1", "batch 2", "end"]
    np.testing.assert_array_equal(np.concatenate(outputs), result)
    model.fit(X, Y, epochs=1, verbose=0, validation_split=0.5, callbacks=[Record()])
    assert events[-1] == ["loss", "val_loss"]
