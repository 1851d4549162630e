"""Reference solutions for notebooks 04, 06, 07 and 08 (try the exercises first!).

`solutions.py` adds `MODEL_SOLUTIONS` to its `SOLUTIONS`: exercise id -> a
function returning the answer you would pass to `check`.
"""
from __future__ import annotations

import numpy as np

import course.engine as tf


# -- 04 Graphs and sessions -----------------------------------------------------------------
def solution_04_1():
    # 1.0 traces; 2.0 reuses it (same dtype and shape); [1.0, 2.0] traces (new shape);
    # 3 and 4 trace (Python values count by value); 5.0 reuses the first trace.
    return 4


def run_graph(xs):
    """y = x * x + 1, built as a TF1 graph and run in a Session."""
    graph = tf.compat.v1.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, shape=None, name="x")
        y = x * x + 1.0
    with tf.compat.v1.Session(graph=graph) as sess:
        return sess.run(y, feed_dict={x: xs})


def solution_04_2():
    return run_graph


def solution_04_3():
    return tf.TensorSpec(shape=[None], dtype=tf.float32)


# -- 06 Saving and loading -------------------------------------------------------------------
def solution_06_1():
    return [4, 5]


def restore_latest(model, directory):
    """Restores the newest checkpoint in `directory` into `model`; returns its path or None."""
    path = tf.train.latest_checkpoint(directory)
    if path is not None:
        tf.train.Checkpoint(model=model).restore(path)
    return path


def solution_06_2():
    return restore_latest


class Affine(tf.Module):
    """f(x) = 2 x + 1 for float32 vectors of any length."""

    def __init__(self):
        super().__init__()
        self.a = tf.Variable(2.0)
        self.b = tf.Variable(1.0)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(self, x):
        return self.a * x + self.b


def export(directory):
    tf.saved_model.save(Affine(), directory)


def solution_06_3():
    return export


# -- 07 A first neural network ---------------------------------------------------------------
def solution_07_1():
    return 28 * 28 * 128 + 128  # one weight per pixel and unit, plus one bias per unit


def predicted_labels(probabilities):
    return np.argmax(probabilities, axis=1)


def solution_07_2():
    return predicted_labels


def build_model():
    return tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])


def solution_07_3():
    return build_model


# -- 08 TensorBoard -------------------------------------------------------------------------
def log_losses(writer, losses):
    with writer.as_default():
        for step, loss in enumerate(losses):
            tf.summary.scalar("loss", loss, step=step)


def solution_08_1():
    return log_losses


def solution_08_2():
    return "tensorboard --logdir logs --port 6006"


MODEL_SOLUTIONS = {name[len("solution_"):].replace("_", "."): fn
                   for name, fn in sorted(globals().items()) if name.startswith("solution_")}
