"""One typical mistake per exercise of notebooks 04, 06, 07 and 08 (see test_exercises.py)."""
from __future__ import annotations

import numpy as np

import course.engine as tf


def _run_eagerly(xs):  # 04.2: skips the graph and the Session
    x = tf.constant(xs, tf.float32)
    return x * x + 1.0


def _restore_oldest(model, directory):  # 06.2: the first checkpoint, not the newest
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=model), directory,
                                         max_to_keep=3)
    if not manager.checkpoints:
        return None
    tf.train.Checkpoint(model=model).restore(manager.checkpoints[0])
    return manager.checkpoints[0]


class _Doubler(tf.Module):  # 06.3: forgets the "+ 1"
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(self, x):
        return 2.0 * x


def _build_without_hidden_activation():  # 07.3: Dense(128) without relu
    return tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(128),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])


def _log_without_steps(writer, losses):  # 08.1: every value at step 0
    with writer.as_default():
        for loss in losses:
            tf.summary.scalar("loss", loss, step=0)


WRONG_MODELS = {
    "04.1": lambda: 6,  # one trace per call
    "04.2": lambda: _run_eagerly,
    "04.3": lambda: tf.TensorSpec([3], tf.float32),  # a fixed length
    "06.1": lambda: [1, 2],
    "06.2": lambda: _restore_oldest,
    "06.3": lambda: (lambda directory: tf.saved_model.save(_Doubler(), directory)),
    "07.1": lambda: 28 * 28 * 128,  # the biases forgotten
    "07.2": lambda: (lambda p: np.max(p, axis=1)),  # the probability, not its position
    "07.3": lambda: _build_without_hidden_activation,
    "08.1": lambda: _log_without_steps,
    "08.2": lambda: "tensorboard --logdir checkpoints",
}
