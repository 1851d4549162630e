"""Checkers for the Keras notebooks: 12 A first neural network, 13 Training and overfitting.

Same contract as every `checks_*.py`: a checker returns None when the answer is
right, or a short hint saying what is off. The exercise that trains a model is
checked on a small synthetic image set made here (ten classes of 28 x 28
"pictures", each a fixed pattern plus noise), so it needs no data files and
runs in a second or two.
"""
from __future__ import annotations

import math

import numpy as np

import course.engine as tf
from course.i18n import tr

from .helpers import close, function_hint, is_tensor_like, number, pair, tensor_hint


# -- 12 A first neural network --------------------------------------------------------------
def first_neural_network_1(answer):  # parameters of Dense(128) on flattened 28 x 28 images
    n = number(answer)
    if n == 28 * 28 * 128 + 128:
        return None
    if n == 28 * 28 * 128:
        return tr("that counts the weights; each of the 128 units has a bias too.")
    return tr("every one of the 128 units has one weight per input pixel (28 * 28 of them), "
              "plus a bias.")


# Logits (one row per image) and labels; the last row is so confident that exp() overflows.
_LOGITS = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [1000.0, 0.0, -1000.0]], np.float32)
_LABELS = np.array([0, 2, 2], np.int32)


def _reference_losses(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)  # log-sum-exp, done stably
    log_sum = np.log(np.exp(shifted).sum(axis=1)) + logits.max(axis=1)
    return log_sum - logits[np.arange(len(labels)), labels]


def first_neural_network_2(answer):  # cross_entropy(logits, labels): mean loss, stably
    hint = function_hint(answer, "first-neural-network.2", "cross_entropy")
    if hint:
        return hint
    for rows in (slice(0, 2), slice(0, 3)):
        logits, labels = _LOGITS[rows], _LABELS[rows]
        got = answer(tf.constant(logits), tf.constant(labels))
        losses = _reference_losses(logits, labels)
        if is_tensor_like(got) and tuple(got.shape) == (len(labels),):
            return tr("that is one loss per image; the loss of the batch is their mean.")
        value = number(got)
        if not math.isfinite(value):
            return tr("the confident row [1000, 0, -1000] overflowed: exp(1000) is inf in float32. "
                      "Use log-sum-exp (subtract the row's maximum), e.g. tf.reduce_logsumexp.")
        if math.isclose(value, -losses.mean(), rel_tol=1e-4):
            return tr("the sign: the loss is *minus* the log-probability of the right class.")
        if not math.isclose(value, losses.mean(), rel_tol=1e-4, abs_tol=1e-4):
            return tr("for logits {logits} and labels {labels} expected {want}, got {got}.",
                      logits=logits.astype(float).round(2).tolist(), labels=labels.tolist(),
                      want=f"{losses.mean():.4f}", got=f"{value:.4f}")
    return None


def first_neural_network_3(answer):  # logits_gradient(logits, labels) = softmax(logits) - one_hot
    hint = function_hint(answer, "first-neural-network.3", "logits_gradient")
    if hint:
        return hint
    logits, labels = _LOGITS[:2], _LABELS[:2]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    onehot = np.eye(3, dtype=np.float32)[labels]
    got = answer(tf.constant(logits), tf.constant(labels))
    hint = tensor_hint(got, "float32", logits.shape)
    if hint:
        return hint
    if np.allclose(got.numpy(), onehot - p, atol=1e-5):
        return tr("the sign is flipped: the gradient is p - one_hot(label), positive for the wrong "
                  "classes, so that a descent step lowers their scores.")
    if np.allclose(got.numpy(), p, atol=1e-5):
        return tr("that is p itself; the right class still has to be subtracted: p - one_hot(label).")
    if not np.allclose(got.numpy(), p - onehot, atol=1e-5):
        return tr("expected softmax(logits) - one_hot(labels) = {want}.",
                  want=np.round(p - onehot, 4).tolist())
    return None


def first_neural_network_4(answer):  # Glorot-uniform limit of Dense(128) on 784 inputs
    if close(answer, math.sqrt(6 / (784 + 128)), 1e-3):
        return None
    if close(answer, math.sqrt(6 / 784), 1e-3):
        return tr("Glorot counts both sides: fan_in + fan_out, 784 + 128.")
    if close(answer, 6 / (784 + 128), 1e-3):
        return tr("almost: the limit is the square root of 6 / (fan_in + fan_out).")
    return tr("limit = sqrt(6 / (fan_in + fan_out)) with fan_in = 784 inputs, fan_out = 128 units.")


# -- 13 Training and overfitting ------------------------------------------------------------
def training_and_overfitting_1(answer):  # steps per epoch: 10,000 images, batches of 32
    if isinstance(answer, float) and not answer.is_integer():
        return tr("a step is one batch, and there is no half batch: the last one is just smaller.")
    if number(answer) == 313:
        return None
    if number(answer) == 312:
        return tr("312 batches of 32 leave 16 images over: they make one more, smaller batch.")
    return tr("10,000 / 32 = 312.5: how many batches does it take to use every image once?")


# The history of exercise training-and-overfitting.2 (the notebook draws it).
EXERCISE_HISTORY = {
    "loss": [1.20, 0.80, 0.62, 0.52, 0.45, 0.39, 0.34, 0.30, 0.26, 0.23],
    "val_loss": [1.10, 0.84, 0.73, 0.70, 0.71, 0.74, 0.78, 0.83, 0.90, 0.98],
}


def training_and_overfitting_2(answer):  # (best epoch, last epoch trained) with patience=2
    best, last = (int(number(v)) for v in pair(answer, tr("best epoch, last epoch trained")))
    if (best, last) == (4, 6):
        return None
    if best == 10:
        return tr("epoch 10 has the lowest *training* loss; early stopping watches val_loss.")
    if (best, last) == (3, 5):
        return tr("count epochs from 1, as the figure and the Keras log do.")
    if best == 4 and last == 5:
        return tr("patience=2 waits two epochs without improvement: epochs 5 and 6 are both "
                  "worse than epoch 4, and training stops after the second.")
    if best == 4:
        return tr("right best epoch; now count how long patience=2 waits after it.")
    return tr("find the epoch where the validation loss (the upper curve) is lowest.")


def synthetic_images(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n images of 28 x 28 pixels in [0, 1] and their labels 0-9: a pattern per class plus noise."""
    patterns = np.random.default_rng(2024).uniform(0, 1, size=(10, 28, 28))
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, size=n)
    images = patterns[labels] + rng.normal(0, 1.0, size=(n, 28, 28))
    return np.clip(images, 0, 1).astype(np.float32), labels.astype(np.int64)


def training_and_overfitting_3(answer):  # train_and_evaluate(...) -> (model, history, test accuracy)
    hint = function_hint(answer, "training-and-overfitting.3", "train_and_evaluate")
    if hint:
        return hint
    tf.keras.utils.set_random_seed(13)
    x_train, y_train = synthetic_images(400, seed=1)
    x_test, y_test = synthetic_images(200, seed=2)
    model, history, accuracy = _triple(answer(x_train, y_train, x_test, y_test))
    if not hasattr(model, "predict") or not hasattr(model, "evaluate"):
        return tr("return the Keras model first; got a {kind}.", kind=type(model).__name__)
    logs = getattr(history, "history", None)
    if not isinstance(logs, dict) or "loss" not in logs:
        return tr("return the History that model.fit returns as the second item.")
    if "val_loss" not in logs:
        return tr("fit without validation: pass validation_split=0.2, so that early stopping "
                  "can watch val_loss.")
    predicted = np.argmax(model.predict(x_test, verbose=0), axis=1)
    measured = float(np.mean(predicted == y_test))
    if not math.isclose(number(accuracy), measured, abs_tol=0.005):
        return tr("you returned {got}, but the model gets {measured} on the test images: "
                  "return model.evaluate(test_images, test_labels)'s accuracy.",
                  got=f"{number(accuracy):.3f}", measured=f"{measured:.3f}")
    if measured < 0.8:
        return tr("the model reaches only {measured} on the test images: did it train? "
                  "(compile with a loss and an optimizer, then fit for several epochs)",
                  measured=f"{measured:.0%}")
    return None


def _triple(result) -> tuple:
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise TypeError(tr("expected three items: (model, history, test_accuracy)."))
    return tuple(result)


CHECKS = {
    "first-neural-network.1": first_neural_network_1,
    "first-neural-network.2": first_neural_network_2,
    "first-neural-network.3": first_neural_network_3,
    "first-neural-network.4": first_neural_network_4,
    "training-and-overfitting.1": training_and_overfitting_1,
    "training-and-overfitting.2": training_and_overfitting_2,
    "training-and-overfitting.3": training_and_overfitting_3,
}
