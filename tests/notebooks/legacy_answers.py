"""Right and wrong answers to the first edition's exercises whose checkers changed since
(course/exercises/legacy.py keeps those checkers for old copies of the notebooks)."""
from __future__ import annotations

import numpy as np

import course.engine as tf


def _spikes(series, threshold):  # 05.2: a jump of more than `threshold` over the previous value
    jumps = series[1:] - series[:-1]
    return tf.concat([tf.constant([False]), jumps > threshold], axis=0)


def _build_model():  # 07.3
    return tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])


def _build_without_hidden_activation():  # 07.3: Dense(128) without relu
    return tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(128),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])


def _half_sse_gradients(a, b, x, y):  # 09.2: the first edition's loss was ½ sum(r²)
    residual = y - (a * x + b)
    return -tf.reduce_sum(residual * x), -tf.reduce_sum(residual)


LEGACY_SOLUTIONS = {
    "05.2": lambda: _spikes,
    "07.2": lambda: (lambda p: np.argmax(p, axis=1)),
    "07.3": lambda: _build_model,
    "09.2": lambda: _half_sse_gradients,
    "09.3": lambda: 0.05,
}

LEGACY_WRONG = {
    "05.2": [lambda: (lambda s, th: tf.concat([s[1:] - s[:-1] > th, tf.constant([False])], 0)),
             lambda: (lambda s, th: s > th)],
    "07.2": [lambda: (lambda p: np.max(p, axis=1)), lambda: (lambda p: np.argmax(p, axis=0))],
    "07.3": [lambda: _build_without_hidden_activation, lambda: (lambda: None)],
    "09.2": [lambda: (lambda a, b, x, y: tuple(-g for g in _half_sse_gradients(a, b, x, y))),
             lambda: (lambda a, b, x, y: (0.0, 0.0))],
    "09.3": [lambda: 0.1, lambda: 0.01],
}
