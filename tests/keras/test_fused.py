"""The fused training step (fused.py) computes what the GradientTape step computes."""
import numpy as np
import pytest

import course.engine as tf
from course.engine.keras import fused


def make(layers, loss="sparse_categorical_crossentropy", seed=0):
    tf.keras.utils.set_random_seed(seed)
    model = tf.keras.Sequential([tf.keras.Input(shape=(6, 5))] + layers())
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


MLP = lambda: [tf.keras.layers.Flatten(), tf.keras.layers.Dense(16, activation="relu"),  # noqa: E731
               tf.keras.layers.Dropout(0.3), tf.keras.layers.Dense(8, activation="relu"),
               tf.keras.layers.Dense(4, activation="softmax")]


def data(n=64):
    rng = np.random.default_rng(1)
    return rng.random((n, 6, 5), dtype=np.float32), rng.integers(0, 4, n)


def tape_fit(model, x, y, epochs):
    """fit, forced onto the GradientTape path."""
    original = fused.plan
    fused.plan = lambda m: None
    try:
        return model.fit(x, y, epochs=epochs, batch_size=16, verbose=0, shuffle=True)
    finally:
        fused.plan = original


def test_fused_and_tape_steps_train_identically():
    x, y = data()
    a = make(MLP)  # each make() resets the seeds, so both see the same shuffles and dropout
    assert fused.plan(a) is not None
    ha = a.fit(x, y, epochs=3, batch_size=16, verbose=0)
    b = make(MLP)
    hb = tape_fit(b, x, y, 3)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)  # bit for bit: the same kernels, same order
    assert ha.history["loss"] == hb.history["loss"]
    assert ha.history["accuracy"] == hb.history["accuracy"]


def test_from_logits_model_is_fused_too():
    layers = lambda: [tf.keras.layers.Flatten(), tf.keras.layers.Dense(4)]  # noqa: E731
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    x, y = data()
    a = make(layers, loss)
    assert fused.plan(a) is not None
    a.fit(x, y, epochs=2, batch_size=16, verbose=0)
    b = make(layers, loss)
    tape_fit(b, x, y, 2)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)  # bit for bit: the same kernels, same order


@pytest.mark.parametrize("layers,loss", [
    (lambda: [tf.keras.layers.Flatten(), tf.keras.layers.Dense(4, activation="sigmoid")],
     "sparse_categorical_crossentropy"),
    (lambda: [tf.keras.layers.Flatten(), tf.keras.layers.Dense(4, activation="tanh"),
              tf.keras.layers.Dense(4, activation="softmax")], "sparse_categorical_crossentropy"),
    (lambda: [tf.keras.layers.Flatten(), tf.keras.layers.Dense(4)], "mse"),
])
def test_other_models_use_the_tape(layers, loss):
    assert fused.plan(make(layers, loss)) is None


def test_fused_path_reports_bad_labels_like_the_tape_path():
    model = make(MLP)
    x, _ = data(8)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"label value of 9.*\[0, 4\)"):
        model.fit(x, np.array([0, 1, 2, 3, 9, 0, 1, 2]), verbose=0)
