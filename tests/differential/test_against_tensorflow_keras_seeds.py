"""Keras 3's seeds, against TF 2.21 with Keras 3 (rules: tf_compare.py).

The rule under test (keras/src/random/seed_generator.py and initializers): an initializer or a
SeedGenerator made without a seed takes `random.randint(1, 10**9)` from Python's `random`, which
`keras.utils.set_random_seed` seeds; each draw is a stateless random op with the seed pair
`[seed, 0]` (an int seed, so an initializer repeats its values) or the generator's state. So a
script that seeds and builds its layers in the same order starts from TF's weights, bit for bit,
and draws TF's dropout masks.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_keras_seeds.py
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
X = np.random.default_rng(0).normal(size=(64, 6)).astype(np.float32)
Y = np.random.default_rng(1).normal(size=(64, 2)).astype(np.float32)
NAMES = ["glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal",
         "lecun_uniform", "random_normal", "random_uniform", "truncated_normal", "uniform"]


@cases("every initializer by name, unseeded after set_random_seed: TF's values", rtol=0)
def _(tf):
    tf.keras.utils.set_random_seed(3)
    return [tf.keras.initializers.get(name)((5, 4)) for name in NAMES]


@cases("an int seed repeats its values; a shape of rank 1, 3 and 4 (fans of a conv kernel)",
       rtol=0)
def _(tf):
    init = tf.keras.initializers.GlorotUniform(seed=7)
    return init((3, 2)), init((3, 2)), init((6,)), tf.keras.initializers.HeNormal(seed=1)((3, 3, 4)), \
        tf.keras.initializers.LecunUniform(seed=2)((2, 2, 3, 5))


@cases("a SeedGenerator as the seed: each call draws once, the next values", rtol=0)
def _(tf):
    out = []
    for make in (tf.keras.initializers.GlorotUniform, tf.keras.initializers.RandomUniform,
                 tf.keras.initializers.HeNormal):
        init = make(seed=tf.keras.random.SeedGenerator(42))
        out.append([init((2, 3)), init((2, 3))])
    return out


@cases("VarianceScaling: each mode and distribution, and its config", rtol=0)
def _(tf):
    out = []
    for mode in ("fan_in", "fan_out", "fan_avg"):
        for distribution in ("truncated_normal", "untruncated_normal", "uniform"):
            init = tf.keras.initializers.VarianceScaling(2.5, mode, distribution, seed=11)
            out.append((init((4, 7)), init.get_config()))
    axes = tf.keras.initializers.VarianceScaling(1.0, "fan_out", "uniform", seed=3, input_axes=[0],
                                                 output_axes=[1, 2])
    return out, axes((2, 3, 4)), axes.get_config()


@cases("configs: an unseeded initializer is saved unseeded; a seeded one with its seed")
def _(tf):
    return [tf.keras.initializers.get(name).get_config() for name in NAMES] + \
        [tf.keras.initializers.HeUniform(seed=5).get_config(),
         tf.keras.initializers.RandomNormal(0.5, 2.0, seed=4).get_config()]


@cases("VarianceScaling(scale=0.0)")
def _(tf):
    return tf.keras.initializers.VarianceScaling(scale=0.0)


# (TF names the allowed values as a Python set, whose order changes from run to run: only the
# error's class is compared)
cases("VarianceScaling(mode='fan_sum')", compare_message=False)(
    lambda tf: tf.keras.initializers.VarianceScaling(mode="fan_sum"))
cases("VarianceScaling(distribution='cauchy')", compare_message=False)(
    lambda tf: tf.keras.initializers.VarianceScaling(distribution="cauchy"))


def _model(tf):
    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(0)
    return tf.keras.Sequential([
        tf.keras.Input((6,)),
        tf.keras.layers.Dense(5, activation="relu", kernel_initializer="he_normal"),
        tf.keras.layers.Dropout(0.3),
        tf.keras.layers.Dense(4, kernel_initializer="lecun_uniform"),
        tf.keras.layers.Dense(3, kernel_initializer=tf.keras.initializers.RandomNormal()),
        tf.keras.layers.Dense(2)])


@cases("set_random_seed, then a Sequential model: TF's initial weights, bit for bit", rtol=0)
def _(tf):
    return _model(tf).get_weights()


@cases("Dropout draws TF's masks (training=True), one draw after another", rtol=0)
def _(tf):
    model = _model(tf)
    dropout = model.layers[1]
    return dropout(X[:3, :5], training=True), dropout(X[:3, :5], training=True), \
        dropout(X[:3, :5], training=False)


@cases("fit with dropout and without shuffling: TF's loss history", rtol=1e-5)
def _(tf):
    model = _model(tf)
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(X, Y, epochs=3, batch_size=16, verbose=0, shuffle=False)
    return history.history["loss"], model.get_weights()


@cases("fit with dropout, shuffled (the default): TF's order, so TF's loss history", rtol=1e-5)
def _(tf):
    model = _model(tf)
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(X, Y, epochs=3, batch_size=16, verbose=0, validation_split=0.25)
    return history.history["loss"], history.history["val_loss"]


@cases("Embedding's default initializer ('uniform') after set_random_seed", rtol=0)
def _(tf):
    tf.keras.utils.set_random_seed(5)
    layer = tf.keras.layers.Embedding(10, 4)
    layer.build((None, 3))
    return layer.get_weights()


@cases("recurrent layers after set_random_seed: TF's weights (the orthogonal recurrent kernel "
       "to QR's rounding) in Keras's order of seeds", rtol=1e-6)
def _(tf):
    tf.keras.utils.set_random_seed(0)
    layers = [tf.keras.layers.LSTM(4), tf.keras.layers.GRU(3), tf.keras.layers.SimpleRNN(2)]
    for layer in layers:
        layer.build((None, 5, 3))
    return [layer.get_weights() for layer in layers]


@cases("recurrent dropout and input dropout draw TF's masks in the first training call",
       rtol=1e-5)
def _(tf):
    out = []
    for cls in (tf.keras.layers.SimpleRNN, tf.keras.layers.GRU, tf.keras.layers.LSTM):
        for rates in ((0.3, 0.0), (0.0, 0.4), (0.3, 0.4)):
            tf.keras.utils.set_random_seed(1)
            layer = cls(3, dropout=rates[0], recurrent_dropout=rates[1])
            out.append(layer(X[:2, :3].reshape(2, 1, 3).repeat(4, axis=1), training=True))
    return out


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
