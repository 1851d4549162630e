"""Checkers for the first steps: 02 Tensors, 03 Operators, 04 Axes and slicing, 05 Variables.

Same contract as every `checks_*.py`: a checker returns None when the answer is
right, or a short hint saying what is off.
"""
from __future__ import annotations

import numpy as np

import course.engine as tf
from course.i18n import tr

from .helpers import function_hint, is_tensor_like, number, pair, tensor_hint, text


# -- 02 Tensors ---------------------------------------------------------------------------
def tensors_1(answer):  # a float32 (3, 4) tensor of 0.5
    return tensor_hint(answer, "float32", (3, 4), np.full((3, 4), 0.5))


def tensors_2(answer):  # tf.range(12) reshaped to (3, 4), then transposed
    hint = tensor_hint(answer, "int32", (4, 3), np.arange(12).reshape(3, 4).T)
    if hint and is_tensor_like(answer) and tuple(answer.shape) == (4, 3) \
            and np.array_equal(answer.numpy(), np.arange(12).reshape(4, 3)):
        return tr("that is a reshape to (4, 3); reshape to (3, 4) first, then transpose.")
    return hint


def tensors_3(answer):  # the dtype of tf.constant(np.array([1.0, 2.0]))
    name = answer.name if hasattr(answer, "name") else text(answer).replace("tf.", "")
    if name == "float64":
        return None
    if name == "float32":
        return tr("Python floats become float32, but a NumPy array keeps its own dtype.")
    return tr("print(tf.constant(np.array([1.0, 2.0])).dtype) and compare.")


# -- 03 Operators -------------------------------------------------------------------------
_A = np.array([[1, 2], [3, 4]])
_B = np.array([[0, 1], [1, 0]])


def operators_1(answer):  # (elementwise product, matrix product) of A and B
    elementwise, product = pair(answer, tr("elementwise product, matrix product"))
    if tensor_hint(elementwise, "int32", (2, 2)) or tensor_hint(product, "int32", (2, 2)):
        return tr("both results are int32 tensors of shape (2, 2).")
    e, p = elementwise.numpy(), product.numpy()
    if np.array_equal(e, _A @ _B) and np.array_equal(p, _A * _B):
        return tr("the two are swapped: tf.multiply (or *) is elementwise, "
                  "tf.matmul (or @) is rows times columns.")
    if not np.array_equal(e, _A * _B):
        return tr("the first one multiplies entry by entry: tf.multiply(A, B) or A * B.")
    if not np.array_equal(p, _A @ _B):
        return tr("the second one is the matrix product: tf.matmul(A, B) or A @ B.")
    return None


def operators_2(answer):  # (-7 // 2, -7 % 2) as TF computes them
    q, r = (number(v) for v in pair(answer, tr("quotient, remainder")))
    if (q, r) == (-4, 1):
        return None
    if (q, r) == (-3, -1):
        return tr("that is C's truncation; TF (like Python) rounds the quotient down, towards -inf.")
    return tr("check that quotient * 2 + remainder == -7, with the quotient rounded down.")


def operators_3(answer):  # [1, 2, 3] + [0.5, 0.5, 0.5] as float32
    if is_tensor_like(answer) and answer.dtype.name == "float64":
        return tr("float64 is NumPy's habit; cast the integers to tf.float32 instead.")
    return tensor_hint(answer, "float32", (3,), [1.5, 2.5, 3.5])


# -- 04 Axes and slicing ------------------------------------------------------------------
# Four students (rows) took three tests (columns); the notebook shows the same numbers.
SCORES = np.array([[70.0, 80.0, 90.0], [60.0, 70.0, 80.0], [90.0, 95.0, 100.0],
                   [80.0, 75.0, 70.0]], np.float32)


def axes_and_slicing_1(answer):  # the mean of each test: reduce_mean over axis 0, shape (3,)
    if is_tensor_like(answer):
        if tuple(answer.shape) == (4,):
            return tr("that is one mean per student (axis=1); each test is a column: average down it.")
        if tuple(answer.shape) == (1, 3):
            return tr("the right numbers, but keepdims=True kept a row axis; the shape asked is (3,).")
        if tuple(answer.shape) == ():
            return tr("that averages every score; average over the students only (one axis).")
    return tensor_hint(answer, "float32", (3,), SCORES.mean(axis=0))


def axes_and_slicing_2(answer):  # the last column as a (4, 1) column
    if is_tensor_like(answer) and tuple(answer.shape) == (4,):
        return tr("a single index (-1) drops the axis it selects from; a slice (-1:) keeps it, "
                  "so the result stays a column.")
    if is_tensor_like(answer) and tuple(answer.shape) == (1, 3):
        return tr("that is the last row (a student); the tests are the columns: [:, ...].")
    return tensor_hint(answer, "float32", (4, 1), SCORES[:, -1:])


_MSE_CASES = [np.array([1.0, 2.0, 3.0, 4.0], np.float32), np.array([0.5, -1.0, 2.0], np.float32)]


def axes_and_slicing_3(answer):  # mse(y_true (n,), y_pred (n, 1)) -> the right scalar
    hint = function_hint(answer, "axes-and-slicing.3", "mse")
    if hint:
        return hint
    for y_true in _MSE_CASES:
        y_pred = (y_true * 0.5 + 1.0)[:, None]  # a column, as a Dense layer returns it
        got = answer(tf.constant(y_true), tf.constant(y_pred))
        want = np.mean((y_true - y_pred[:, 0]) ** 2)
        if is_tensor_like(got) and tuple(got.shape) != ():
            return tr("return one number (a scalar tensor); got shape {shape}.",
                      shape=tuple(got.shape))
        wrong = np.mean((y_true - y_pred) ** 2)  # the (n,) - (n, 1) -> (n, n) bug
        if np.isclose(number(got), wrong, rtol=1e-5) and not np.isclose(wrong, want):
            return tr("y_true - y_pred broadcast (n,) against (n, 1) into an (n, n) table: "
                      "reshape y_pred to (n,) first (tf.reshape(y_pred, [-1]) or tf.squeeze).")
        if np.isclose(number(got), want * len(y_true), rtol=1e-5):
            return tr("that is the sum of squares; the *mean* divides by n.")
        if not np.isclose(number(got), want, rtol=1e-5):
            return tr("for y_true={y_true} expected {want}, got {got}.", y_true=y_true.tolist(),
                      want=f"{want:.4f}", got=f"{number(got):.4f}")
    return None


# -- 05 Variables -------------------------------------------------------------------------
def variables_1(answer):  # Variable [0, 0, 0] after assign_add([1, 2, 3])
    if not hasattr(answer, "assign") or not hasattr(answer, "trainable"):
        return tr("expected a tf.Variable, got a {kind}.", kind=type(answer).__name__)
    return tensor_hint(answer, "float32", (3,), [1.0, 2.0, 3.0])


_STARTS_CASES = [  # (readings, baseline, threshold)
    ([20.0, 26.0, 26.5, 20.1, 27.0, 20.0], 20.0, 3.0),
    ([25.0, 25.0, 20.0, 24.0], 20.0, 3.0),          # high from the very first reading
    ([1.0, 1.0, 1.0], 1.0, 0.5),                    # no spike at all
]


def reference_spike_starts(readings, baseline, threshold) -> np.ndarray:
    high = np.asarray(readings, np.float32) > baseline + threshold
    before = np.concatenate([[False], high[:-1]])
    return high & ~before


def variables_2(answer):  # spike_starts(readings, baseline, threshold) -> bool tensor
    hint = function_hint(answer, "variables.2", "spike_starts")
    if hint:
        return hint
    for readings, baseline, threshold in _STARTS_CASES:
        got = answer(tf.constant(readings), baseline, threshold)
        want = reference_spike_starts(readings, baseline, threshold)
        hint = tensor_hint(got, "bool", want.shape)
        if hint:
            return tr("for {readings}: {hint}", readings=readings, hint=hint)
        got = got.numpy()
        if np.array_equal(got, np.asarray(readings) > baseline + threshold) \
                and not np.array_equal(got, want):
            return tr("that marks every high reading; a spike that lasts two readings "
                      "must count once, where it starts (high now, not high just before).")
        if not np.array_equal(got, want):
            return tr("for {readings} (baseline {baseline}, threshold {threshold}) expected "
                      "{want}, got {got}.", readings=readings, baseline=baseline,
                      threshold=threshold, want=want.tolist(), got=got.tolist())
    return None


def variables_3(answer):  # a non-trainable int32 step counter starting at 0
    if not hasattr(answer, "trainable") or not hasattr(answer, "assign"):
        return tr("expected a tf.Variable, got a {kind}.", kind=type(answer).__name__)
    if answer.trainable:
        return tr("a counter is not a weight: create it with trainable=False.")
    return tensor_hint(answer, "int32", (), 0)


CHECKS = {
    "tensors.1": tensors_1,
    "tensors.2": tensors_2,
    "tensors.3": tensors_3,
    "operators.1": operators_1,
    "operators.2": operators_2,
    "operators.3": operators_3,
    "axes-and-slicing.1": axes_and_slicing_1,
    "axes-and-slicing.2": axes_and_slicing_2,
    "axes-and-slicing.3": axes_and_slicing_3,
    "variables.1": variables_1,
    "variables.2": variables_2,
    "variables.3": variables_3,
}
