"""Typical mistakes for every exercise (the checker must say ❌ with a hint), and other
right answers it must accept. Used by test_exercises.py.

Each entry is a zero-argument function returning the answer, as SOLUTIONS does.
"""
from __future__ import annotations

import numpy as np

import course.engine as tf
from course.exercises.checks_basics import SCORES

SCORES_T = lambda: tf.constant(SCORES)  # noqa: E731


# -- answers that need a little code ---------------------------------------------------------
def _run_eagerly(xs):  # graphs-and-sessions.2: skips the graph and the Session
    x = tf.constant(xs, tf.float32)
    return x * x + 1.0


def _restore_oldest(model, directory):  # saving-and-loading.2: the first checkpoint, not the newest
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=model), directory,
                                         max_to_keep=3)
    if not manager.checkpoints:
        return None
    tf.train.Checkpoint(model=model).restore(manager.checkpoints[0])
    return manager.checkpoints[0]


def _restore_without_returning(model, directory):  # saving-and-loading.2: forgets the path
    path = tf.train.latest_checkpoint(directory)
    if path is not None:
        tf.train.Checkpoint(model=model).restore(path)


class _Doubler(tf.Module):  # saving-and-loading.3: forgets the "+ 1"
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(self, x):
        return 2.0 * x


class _NamedCall(tf.Module):  # saving-and-loading.3: the function is not called f
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def __call__(self, x):
        return 2.0 * x + 1.0


def _log_without_steps(writer, losses):  # tensorboard.1: every value at step 0
    with writer.as_default():
        for loss in losses:
            tf.summary.scalar("loss", loss, step=0)


def _log_without_default_writer(writer, losses):  # tensorboard.1: no `with writer.as_default()`
    for step, loss in enumerate(losses):
        tf.summary.scalar("loss", loss, step=step)


def _naive_cross_entropy(logits, labels):  # first-neural-network.2: softmax, then log
    p = tf.nn.softmax(logits)
    right = tf.reduce_sum(p * tf.one_hot(labels, logits.shape[1]), axis=1)
    return tf.reduce_mean(-tf.math.log(right))


def _per_example_cross_entropy(logits, labels):  # first-neural-network.2: no mean
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)


def _model(train_images, learning_rate=0.001):
    model = tf.keras.Sequential([
        tf.keras.Input(shape=train_images.shape[1:]),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _reports_training_accuracy(train_images, train_labels, test_images, test_labels):
    model = _model(train_images)
    history = model.fit(train_images, train_labels, epochs=5, validation_split=0.2, verbose=0)
    return model, history, history.history["accuracy"][-1]  # not the test accuracy


def _no_validation(train_images, train_labels, test_images, test_labels):
    model = _model(train_images)
    history = model.fit(train_images, train_labels, epochs=5, verbose=0)
    return model, history, model.evaluate(test_images, test_labels, verbose=0)[1]


def _barely_trained(train_images, train_labels, test_images, test_labels):
    model = _model(train_images, learning_rate=1e-6)
    history = model.fit(train_images, train_labels, epochs=1, validation_split=0.2, verbose=0)
    return model, history, model.evaluate(test_images, test_labels, verbose=0)[1]


def _first_flags_line_only(cpuinfo_text, flag):  # troubleshooting.2: reads one processor
    for line in cpuinfo_text.splitlines():
        if line.startswith("flags"):
            return flag in line.split(":", 1)[1].split()
    return False


# -- the table: exercise id -> at least two typical mistakes --------------------------------
WRONG = {
    "start-here.1": [lambda: "docker compose logs lab", lambda: "course-url",
                     lambda: "docker exec lab course-url"],
    "start-here.2": [lambda: "http://127.0.0.1:8888", lambda: "https://127.0.0.1:6006",
                     lambda: "0.0.0.0:6006"],
    "start-here.3": [lambda: "notebooks", lambda: "my-notebooks/.backups"],
    "tensors.1": [lambda: tf.fill([3, 4], 0.5) * 2, lambda: tf.fill([3, 4], 0.5)[0],
                  lambda: tf.constant(np.full((3, 4), 0.5))],  # float64
    "tensors.2": [lambda: tf.reshape(tf.range(12), [4, 3]),  # reshape is not transpose
                  lambda: tf.reshape(tf.range(12), [3, 4])],
    "tensors.3": [lambda: tf.float32, lambda: "int64"],
    "operators.1": [lambda: (tf.constant([[1, 2], [3, 4]]) @ tf.constant([[0, 1], [1, 0]]),
                             tf.constant([[1, 2], [3, 4]]) * tf.constant([[0, 1], [1, 0]])),
                    lambda: (tf.constant([[0, 2], [3, 0]]), tf.constant([[0, 2], [3, 0]]))],
    "operators.2": [lambda: (-3, -1), lambda: (-4, -1)],
    "operators.3": [lambda: tf.constant([1.5, 2.5, 3.5], tf.float64),
                    lambda: tf.constant([1, 2, 3]) + tf.constant([0, 0, 0])],
    "axes-and-slicing.1": [lambda: tf.reduce_mean(SCORES_T(), axis=1),
                           lambda: tf.reduce_mean(SCORES_T(), axis=0, keepdims=True),
                           lambda: tf.reduce_mean(SCORES_T())],
    "axes-and-slicing.2": [lambda: SCORES_T()[:, -1], lambda: SCORES_T()[-1:, :],
                           lambda: SCORES_T()[:, :1]],
    "axes-and-slicing.3": [lambda: (lambda y_true, y_pred: tf.reduce_mean((y_true - y_pred) ** 2)),
                           lambda: (lambda y_true, y_pred:
                                    tf.reduce_sum((y_true - tf.reshape(y_pred, [-1])) ** 2))],
    "variables.1": [lambda: tf.constant([1.0, 2.0, 3.0]),  # a tensor, not a Variable
                    lambda: tf.Variable([0.0, 0.0, 0.0])],
    "variables.2": [lambda: (lambda r, base, th: r > base + th),  # every high reading
                    lambda: (lambda r, base, th: (r > base + th) & ~tf.concat(
                        [(r > base + th)[1:], tf.constant([False])], 0))],  # looks ahead
    "variables.3": [lambda: tf.Variable(0),  # trainable
                    lambda: tf.Variable(0.0, trainable=False)],  # float
    "linear-regression.1": [
        lambda: (lambda x, y: (tf.reduce_sum(x * y) / tf.reduce_sum(x * x), 0.0)),  # no b
        lambda: (lambda x, y: tuple(reversed(np.polyfit(x.numpy(), y.numpy(), 1))))],  # swapped
    "linear-regression.2": [
        lambda: (lambda a, b, x, y: (tf.reduce_sum((y - a * x - b) * x),
                                     tf.reduce_sum(y - a * x - b))),  # signs flipped, no 2/n
        lambda: (lambda a, b, x, y: (-tf.reduce_sum((y - a * x - b) * x),
                                     -tf.reduce_sum(y - a * x - b)))],  # ½·SSE's gradient
    "linear-regression.3": [lambda: 0.2, lambda: 0.1, lambda: 0.149],
    "backpropagation.1": [lambda: (3.0, -1.0), lambda: (2.0, 2.0)],
    "backpropagation.2": [lambda: tf.sigmoid, lambda: (lambda z: 1 - tf.sigmoid(z))],
    "backpropagation.3": [lambda: float(np.sin(1.5) * 1.5 ** 2),
                          lambda: float(np.cos(1.5) * 2 * 1.5)],
    "standardization.1": [lambda: (5.0, float(np.sqrt(32 / 7))), lambda: (5.0, 4.0)],
    "standardization.2": [lambda: (lambda x: x - tf.reduce_mean(x)),
                          lambda: (lambda x: x / tf.math.reduce_std(x))],
    "standardization.3": [lambda: (lambda a_z, b_z, mean, std: (a_z * std, b_z)),
                          lambda: (lambda a_z, b_z, mean, std: (a_z / std, b_z))],
    "graphs-and-sessions.1": [lambda: 6, lambda: 3],  # one trace per call; Python values ignored
    "graphs-and-sessions.2": [lambda: _run_eagerly, lambda: (lambda xs: np.asarray(xs) ** 2)],
    "graphs-and-sessions.3": [lambda: tf.TensorSpec([3], tf.float32),  # a fixed length
                              lambda: tf.TensorSpec(None, tf.float32),  # any rank
                              lambda: tf.TensorSpec([None], tf.float64)],
    "tensorboard.1": [lambda: _log_without_steps, lambda: _log_without_default_writer],
    "tensorboard.2": [lambda: "tensorboard --logdir checkpoints",
                      lambda: "tensorboard --logdir logs --port 8888", lambda: "tensorboard"],
    "saving-and-loading.1": [lambda: [1, 2], lambda: [3, 4, 5]],
    "saving-and-loading.2": [lambda: _restore_oldest, lambda: _restore_without_returning],
    "saving-and-loading.3": [
        lambda: (lambda directory: tf.saved_model.save(_Doubler(), directory)),
        lambda: (lambda directory: tf.saved_model.save(_NamedCall(), directory)),
        lambda: (lambda directory: None)],  # saves nothing
    "first-neural-network.1": [lambda: 28 * 28 * 128, lambda: 28 * 28 + 128],
    "first-neural-network.2": [lambda: _naive_cross_entropy, lambda: _per_example_cross_entropy,
                               lambda: (lambda z, y: -_per_example_cross_entropy(z, y)[0])],
    "first-neural-network.3": [
        lambda: (lambda z, y: tf.one_hot(y, z.shape[1]) - tf.nn.softmax(z)),  # sign flipped
        lambda: (lambda z, y: tf.nn.softmax(z))],
    "first-neural-network.4": [lambda: float(np.sqrt(6 / 784)), lambda: 6 / (784 + 128),
                               lambda: 1 / 28],
    "training-and-overfitting.1": [lambda: 312, lambda: 10_000 / 32],
    "training-and-overfitting.2": [lambda: (10, 10), lambda: (3, 5), lambda: (4, 5)],
    "training-and-overfitting.3": [lambda: _reports_training_accuracy, lambda: _no_validation,
                                   lambda: _barely_trained],
    "troubleshooting.1": [lambda: "Segmentation fault",
                          lambda: "The TensorFlow library was compiled to use AVX instructions"],
    "troubleshooting.2": [lambda: (lambda text, flag: flag in text),  # substring, not whole word
                          lambda: _first_flags_line_only],  # the case the issue names
    "troubleshooting.3": [lambda: (lambda text: int(text) // 1024 if text.strip() != "max" else None),
                          lambda: (lambda text: 0 if text.strip() == "max" else int(text) >> 20)],
}

# Other right answers, which the checkers must accept too (the issue names the first ones).
ALSO_RIGHT = {
    "start-here.1": [lambda: "docker compose exec -u learner lab course-url",
                     lambda: "docker compose exec -T lab course-url",
                     lambda: "`docker-compose exec lab course-url`"],
    "start-here.2": [lambda: "127.0.0.1:6006", lambda: "http://localhost:6006/",
                     lambda: "localhost:6006"],
    "start-here.3": [lambda: "my-notebooks/", lambda: "my-notebooks/ja/"],
    "tensors.1": [lambda: tf.ones([3, 4]) * 0.5],
    "axes-and-slicing.2": [lambda: SCORES_T()[:, 2:3], lambda: SCORES_T()[:, -1, tf.newaxis]],
    "axes-and-slicing.3": [lambda: (lambda y_true, y_pred:
                                    tf.reduce_mean((y_true - tf.squeeze(y_pred, axis=1)) ** 2))],
    "first-neural-network.2": [lambda: (lambda z, y: tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=z)))],
    "training-and-overfitting.1": [lambda: 313.0],
}
