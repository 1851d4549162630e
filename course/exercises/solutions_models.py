"""Reference solutions for 09 Graphs and sessions to 13 Training and overfitting.

Try the exercises first! `solutions.py` collects these into `SOLUTIONS`.
"""
from __future__ import annotations

import math


import course.engine as tf


# -- 09 Graphs and sessions -----------------------------------------------------------------
def solution_graphs_and_sessions_1():
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


def solution_graphs_and_sessions_2():
    return run_graph


def solution_graphs_and_sessions_3():
    return tf.TensorSpec(shape=[None], dtype=tf.float32)


# -- 11 Saving and loading -------------------------------------------------------------------
def solution_saving_and_loading_1():
    return [4, 5]


def restore_latest(model, directory):
    """Restores the newest checkpoint in `directory` into `model`; returns its path or None."""
    path = tf.train.latest_checkpoint(directory)
    if path is not None:
        tf.train.Checkpoint(model=model).restore(path)
    return path


def solution_saving_and_loading_2():
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


def solution_saving_and_loading_3():
    return export


# -- 10 TensorBoard -------------------------------------------------------------------------
def log_losses(writer, losses):
    with writer.as_default():
        for step, loss in enumerate(losses):
            tf.summary.scalar("loss", loss, step=step)


def solution_tensorboard_1():
    return log_losses


def solution_tensorboard_2():
    return "tensorboard --logdir logs --port 6006"


# -- 12 A first neural network --------------------------------------------------------------
def solution_first_neural_network_1():
    return 28 * 28 * 128 + 128  # one weight per pixel and unit, plus one bias per unit


def cross_entropy(logits, labels):
    """Mean of -log softmax(logits)[label], computed with log-sum-exp (no overflow)."""
    log_sum = tf.reduce_logsumexp(logits, axis=1)                  # log sum_j exp(z_j), stably
    right = tf.reduce_sum(logits * tf.one_hot(labels, logits.shape[1]), axis=1)  # z_label
    return tf.reduce_mean(log_sum - right)


def solution_first_neural_network_2():
    return cross_entropy


def logits_gradient(logits, labels):
    """d(-log softmax(z)[label]) / dz = softmax(z) - one_hot(label), one row per example."""
    return tf.nn.softmax(logits) - tf.one_hot(labels, logits.shape[1])


def solution_first_neural_network_3():
    return logits_gradient


def solution_first_neural_network_4():
    return math.sqrt(6 / (784 + 128))  # Glorot uniform: sqrt(6 / (fan_in + fan_out))


# -- 13 Training and overfitting ------------------------------------------------------------
def solution_training_and_overfitting_1():
    return math.ceil(10_000 / 32)  # 312 full batches and one of 16


def solution_training_and_overfitting_2():
    # val_loss is lowest at epoch 4; epochs 5 and 6 do not improve on it: patience 2 is used up
    return 4, 6


def train_and_evaluate(train_images, train_labels, test_images, test_labels):
    """Trains with a validation split and early stopping, then measures on the test set."""
    model = tf.keras.Sequential([
        tf.keras.Input(shape=train_images.shape[1:]),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    stop = tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=2,
                                            restore_best_weights=True)
    history = model.fit(train_images, train_labels, epochs=10, validation_split=0.2,
                        callbacks=[stop], verbose=0)
    _, test_accuracy = model.evaluate(test_images, test_labels, verbose=0)
    return model, history, test_accuracy


def solution_training_and_overfitting_3():
    return train_and_evaluate
