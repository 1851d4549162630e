"""The first edition's exercise ids, so that notebooks copied before the renumbering still check.

The first edition numbered its exercises by notebook ("09.2" was the second
exercise of 09-linear-regression). The second edition reordered the course and
names exercises by notebook instead ("linear-regression.2"). A learner's copy
of an old notebook keeps calling `check("09.2", ...)`, so every old id still
works: `RENAMED` maps it to the exercise it became, and `CHECKS` keeps the old
checker where the exercise itself changed (a new loss, a new question).
"""
from __future__ import annotations

import numpy as np

import course.engine as tf

from .helpers import close, function_hint, number, pair, tensor_hint

# old id -> the id of the same exercise now. For the ids in CHECKS below (their own
# checker) it is the exercise that took its place, or None where none did.
RENAMED = {
    "01.1": "start-here.1", "01.2": "start-here.2", "01.3": "start-here.3",
    "02.1": "tensors.1", "02.2": "tensors.2", "02.3": "tensors.3",
    "03.1": "operators.1", "03.2": "operators.2", "03.3": "operators.3",
    "04.1": "graphs-and-sessions.1", "04.2": "graphs-and-sessions.2",
    "04.3": "graphs-and-sessions.3",
    "05.1": "variables.1", "05.2": "variables.2", "05.3": "variables.3",
    "06.1": "saving-and-loading.1", "06.2": "saving-and-loading.2",
    "06.3": "saving-and-loading.3",
    "07.1": "first-neural-network.1", "07.2": None, "07.3": None,
    "08.1": "tensorboard.1", "08.2": "tensorboard.2",
    "09.1": "linear-regression.1", "09.2": "linear-regression.2", "09.3": "linear-regression.3",
    "10.1": "backpropagation.1", "10.2": "backpropagation.2", "10.3": "backpropagation.3",
    "11.1": "standardization.1", "11.2": "standardization.2", "11.3": "standardization.3",
    "12.1": "troubleshooting.1", "12.2": "troubleshooting.2", "12.3": "troubleshooting.3",
}


# -- 05.2: spikes as jumps above the previous reading (now: spike starts above a baseline) --
def _jump_spikes(series, threshold) -> np.ndarray:
    x = np.asarray(series, dtype=np.float32)
    out = np.zeros(x.shape, bool)
    out[1:] = (x[1:] - x[:-1]) > threshold
    return out


def old_05_2(answer):  # spikes(series, threshold) -> bool tensor, True where x_t - x_{t-1} > threshold
    hint = function_hint(answer, "05.2", "spikes")
    if hint:
        return hint
    for series, threshold in (([1.0, 1.2, 5.0, 5.1, 0.9, 4.0], 2.0), ([0.0, 0.0, 0.0], 1.0),
                              ([3.0, 1.0, 2.5, 2.6, 10.0], 1.0)):
        got = answer(tf.constant(series), threshold)
        want = _jump_spikes(series, threshold)
        hint = tensor_hint(got, "bool", want.shape)
        if hint:
            return f"for {series}: {hint}"
        if not np.array_equal(got.numpy(), want):
            return (f"for {series} with threshold {threshold} expected {want.tolist()}, "
                    f"got {got.numpy().tolist()} (the first value is never a spike).")
    return None


# -- 07.2 and 07.3: predicted labels and a small Sequential model ---------------------------
def old_07_2(answer):  # predicted_labels(probabilities) -> the most likely class per row
    hint = function_hint(answer, "07.2", "predicted_labels")
    if hint:
        return hint
    probabilities = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3], [0.0, 0.1, 0.9],
                              [0.3, 0.3, 0.4]], np.float32)
    got = np.asarray(answer(probabilities))
    if got.shape != (4,):
        return (f"expected one label per image, shape (4,), got {got.shape}: "
                "take the largest entry along axis=1.")
    if not np.issubdtype(got.dtype, np.integer):
        return f"labels are whole numbers; got dtype {got.dtype}."
    if not np.array_equal(got, [1, 0, 2, 2]):
        return (f"expected [1, 0, 2, 2], got {got.tolist()}: the label is the *position* "
                "of the largest probability.")
    return None


def old_07_3(answer):  # build_model(): Input(28, 28) -> Flatten -> Dense(128, relu) -> Dense(10, softmax)
    hint = function_hint(answer, "07.3", "build_model")
    if hint:
        return hint
    model = answer()
    if not hasattr(model, "layers") or not hasattr(model, "count_params"):
        return f"return a Keras model, got a {type(model).__name__}."
    kinds = [type(layer).__name__ for layer in model.layers]
    if kinds != ["Flatten", "Dense", "Dense"]:
        return f"expected layers Flatten, Dense, Dense; got {', '.join(kinds)}."
    if model.count_params() != 101_770:
        return (f"expected 101,770 parameters, got {model.count_params():,}: "
                "Dense(128) then Dense(10), on 28 x 28 inputs.")
    out = model(np.random.default_rng(0).uniform(size=(3, 28, 28)).astype(np.float32)).numpy()
    if out.shape != (3, 10):
        return f"for 3 images the output should have shape (3, 10), got {out.shape}."
    if not np.allclose(out.sum(axis=1), 1.0, atol=1e-5) or (out < 0).any():
        return "the outputs should be probabilities: activation='softmax' on the last layer."
    hidden = model.layers[1].activation
    if getattr(hidden, "__name__", str(hidden)) != "relu":
        return "the hidden layer uses activation='relu'."
    return None


# -- 09.2 and 09.3: the first edition's loss was ½·SSE = ½ sum(r²), not the MSE -------------
_X = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
_Y = np.array([1.1, 2.9, 5.2, 7.1, 8.8])


def old_09_2(answer):  # gradients(a, b, x, y) of E = ½ sum (y - a x - b)^2
    hint = function_hint(answer, "09.2", "gradients")
    if hint:
        return hint
    for a, b in ((0.0, 0.0), (1.5, -0.5)):
        x, y = tf.constant(_X, tf.float32), tf.constant(_Y, tf.float32)
        da, db = pair(answer(a, b, x, y), "dE/da, dE/db")
        r = _Y - (a * _X + b)
        want_a, want_b = -np.sum(r * _X), -np.sum(r)
        if close(da, -want_a) and close(db, -want_b):
            return "the signs are flipped: d/da of (y - ax - b) is -x."
        if not (close(da, want_a) and close(db, want_b)):
            return (f"at a={a}, b={b} expected ({want_a:.2f}, {want_b:.2f}), "
                    f"got ({number(da):.2f}, {number(db):.2f}).")
    return None


def old_09_3(answer):  # the largest of [0.01, 0.02, 0.05, 0.1] that converges for ½·SSE
    if close(answer, 0.05, 1e-9):
        return None
    if number(answer) > 0.05:
        return "run the descent with that rate for 50 steps: does the loss go down?"
    return "a smaller rate converges too, but a larger one in the list still does."


CHECKS = {"05.2": old_05_2, "07.2": old_07_2, "07.3": old_07_3, "09.2": old_09_2,
          "09.3": old_09_3}
