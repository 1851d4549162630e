"""Integer inputs to Keras layers, against TF 2.21 with Keras 3 (rules: tf_compare.py).

Keras 3's rules, as these cases check them:
- a layer casts floating inputs to its dtype (float64 becomes float32) and leaves integers as
  they are: Flatten, Reshape, ZeroPadding2D, Concatenate, Add, Maximum, ReLU, Dropout, max
  pooling and Lambda of int32 give int32; NumPy's int64 stays int64;
- where a layer's math promotes them (Dense's matmul with a float kernel, the normalizations,
  Rescaling, average pooling, LeakyReLU, the recurrent layers), the output is float32;
- the mean of int32 inputs (Average) is float64, as TF's true division of integers gives;
- inputs of mixed dtypes meet in one: int64 and float32 give float32;
- layers whose kernels take no integers raise (sigmoid, softmax, Conv1D; Conv2D too, where
  Keras's error is a ValueError and the engine's an InvalidArgumentError: compared as "raises").
Known difference, not compared: LayerNormalization of integers (Keras takes the moments in
integer arithmetic; the engine normalizes in float32).
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
ROW = [[1, 2, 3, 4]]
STEPS = [[[1, 2], [3, 4]]]
IMAGE = np.arange(16).reshape(1, 4, 4, 1)


def outcome(make):
    """(dtype name, values) of what a layer gives, or "raises"."""
    try:
        result = make()
    except Exception:  # (the class is compared where it is the same: see the docstring)
        return "raises"
    return result.dtype.name, np.asarray(result).tolist()


def each(tf, makers: dict) -> dict:
    tf.keras.backend.clear_session()
    return {name: outcome(make) for name, make in makers.items()}


@cases("layers that move or pick elements keep int32 (and NumPy's int64)")
def _(tf):
    L, i2, i3 = tf.keras.layers, tf.constant(ROW), tf.constant(STEPS)
    i4 = tf.constant(IMAGE, tf.int32)
    return each(tf, {
        "Flatten": lambda: L.Flatten()(i3), "Flatten numpy": lambda: L.Flatten()(np.array(ROW)),
        "Reshape": lambda: L.Reshape((2, 2))(i2), "ZeroPadding2D": lambda: L.ZeroPadding2D()(i4),
        "MaxPooling2D": lambda: L.MaxPooling2D()(i4),
        "GlobalMaxPooling1D": lambda: L.GlobalMaxPooling1D()(i3),
        "GlobalMaxPooling2D": lambda: L.GlobalMaxPooling2D()(i4),
        "Dropout": lambda: L.Dropout(0.5)(i2), "Dropout rate 0 training": lambda: L.Dropout(0.0)(
            i2, training=True),
        "ReLU": lambda: L.ReLU()(i2), "Activation relu": lambda: L.Activation("relu")(i2),
        "Activation linear": lambda: L.Activation("linear")(i2),
        "Lambda": lambda: L.Lambda(lambda x: x * 2)(i2)})


@cases("merge layers: int32 stays int32, Average gives float64, mixed dtypes meet in one")
def _(tf):
    L, i2 = tf.keras.layers, tf.constant(ROW)
    f2, i64 = tf.ones((1, 4)), tf.ones((1, 4), tf.int64)
    return each(tf, {
        "Add": lambda: L.Add()([i2, i2]), "Subtract": lambda: L.Subtract()([i2, i2]),
        "Multiply": lambda: L.Multiply()([i2, i2]), "Average": lambda: L.Average()([i2, i2]),
        "Maximum": lambda: L.Maximum()([i2, i2]), "Minimum": lambda: L.Minimum()([i2, i2]),
        "Concatenate": lambda: L.Concatenate()([i2, i2]),
        "Add float32 int64": lambda: L.Add()([f2, i64]),
        "Concatenate float32 int64": lambda: L.Concatenate()([f2, i64]),
        "Concatenate int32 int64": lambda: L.Concatenate()([i2, i64]),
        "Concatenate int32 numpy float64": lambda: L.Concatenate(axis=0)(
            [np.ones((1, 2), np.int32), np.zeros((2, 2))])})


@cases("layers whose math promotes integers give float32", rtol=1e-6)
def _(tf):
    L, i2, i3 = tf.keras.layers, tf.constant(ROW), tf.constant(STEPS)
    i4 = tf.constant(IMAGE, tf.int32)
    ones = {"kernel_initializer": "ones"}
    rnn = dict(ones, recurrent_initializer="ones")
    return each(tf, {
        "Dense": lambda: L.Dense(1, **ones)(i2), "Dense numpy": lambda: L.Dense(1, **ones)(
            np.array(ROW)),
        "BatchNormalization": lambda: L.BatchNormalization()(i2),
        "Normalization": lambda: L.Normalization(mean=1.0, variance=1.0)(i2),
        "Rescaling": lambda: L.Rescaling(0.5)(i2), "LeakyReLU": lambda: L.LeakyReLU()(i2),
        "GlobalAveragePooling1D": lambda: L.GlobalAveragePooling1D()(i3),
        "GlobalAveragePooling2D": lambda: L.GlobalAveragePooling2D()(i4),
        "SimpleRNN": lambda: L.SimpleRNN(1, **rnn)(i3), "LSTM": lambda: L.LSTM(1, **rnn)(i3),
        "GRU": lambda: L.GRU(1, **rnn)(i3),
        "Embedding": lambda: L.Embedding(5, 1, embeddings_initializer="ones")(
            tf.constant([1, 2]))})


@cases("layers whose kernels take no integers raise")
def _(tf):
    L, i2, i3 = tf.keras.layers, tf.constant(ROW), tf.constant(STEPS)
    i4 = tf.constant(IMAGE, tf.int32)
    return each(tf, {
        "Activation sigmoid": lambda: L.Activation("sigmoid")(i2),
        "Softmax": lambda: L.Softmax()(i2), "Conv1D": lambda: L.Conv1D(1, 1)(i3),
        "Conv2D": lambda: L.Conv2D(1, 1)(i4), "Conv2DTranspose": lambda: L.Conv2DTranspose(1, 1)(i4)})


@cases("a Sequential on uint8 images: Flatten keeps uint8, Dense gives float32 (fit works)")
def _(tf):
    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([tf.keras.Input((2, 2), dtype="uint8"), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(1, kernel_initializer="ones")])
    images = np.arange(8, dtype=np.uint8).reshape(2, 2, 2)
    model.compile(optimizer="sgd", loss="mean_squared_error")
    history = model.fit(images, np.zeros((2, 1), np.float32), epochs=1, verbose=0)
    return (model.layers[0](images).dtype.name, model(images).dtype.name,
            np.asarray(model(images)).tolist(), round(history.history["loss"][0], 2))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_integer_inputs_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
