"""Checkers for learning by descent: 06 Linear regression, 07 Backpropagation, 08 Standardization.

Same contract as every `checks_*.py`: a checker returns None when the answer is
right, or a short hint saying what is off. The loss is the mean squared error
throughout, MSE = mean((y - prediction)^2), as in the notebooks.
"""
from __future__ import annotations

import math

import numpy as np

import course.engine as tf
from course.i18n import tr

from .helpers import close, function_hint, number, pair, tensor_hint

# The five points of the linear-regression exercises (the notebook shows them).
X5 = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
Y5 = np.array([1.1, 2.9, 5.2, 7.1, 8.8])
RATES = [0.05, 0.1, 0.14, 0.2]  # exercise linear-regression.3 picks from these


# -- 06 Linear regression -----------------------------------------------------------------
def linear_regression_1(answer):  # least_squares(x, y) -> (a, b)
    hint = function_hint(answer, "linear-regression.1", "least_squares")
    if hint:
        return hint
    for x, y in ((X5, Y5), (X5[::-1] * 2 - 1, Y5[::-1] + 3)):
        a, b = pair(answer(tf.constant(x, tf.float32), tf.constant(y, tf.float32)), "a, b")
        want_a, want_b = np.polyfit(x, y, 1)
        if close(a, want_b, 1e-3) and close(b, want_a, 1e-3):
            return tr("a and b are swapped: return (slope, intercept).")
        if close(b, 0.0, 1e-6) and not close(want_b, 0.0, 1e-3):
            return tr("that line goes through the origin: the design matrix needs a column "
                      "of ones for b.")
        if not (close(a, want_a, 1e-3) and close(b, want_b, 1e-3)):
            return tr("for x={x}, y={y} expected a≈{want_a}, b≈{want_b}; got a={a}, b={b}.",
                      x=x.tolist(), y=y.tolist(), want_a=f"{want_a:.3f}", want_b=f"{want_b:.3f}",
                      a=f"{number(a):.3f}", b=f"{number(b):.3f}")
    return None


def linear_regression_2(answer):  # gradients(a, b, x, y) -> (dL/da, dL/db) of the MSE
    hint = function_hint(answer, "linear-regression.2", "gradients")
    if hint:
        return hint
    n = len(X5)
    for a, b in ((0.0, 0.0), (1.5, -0.5)):
        x, y = tf.constant(X5, tf.float32), tf.constant(Y5, tf.float32)
        da, db = pair(answer(a, b, x, y), "dL/da, dL/db")
        r = Y5 - (a * X5 + b)
        want_a, want_b = -2 / n * np.sum(r * X5), -2 / n * np.sum(r)
        if close(da, -want_a) and close(db, -want_b):
            return tr("the signs are flipped: d/da of (y - a x - b) is -x.")
        if close(da, want_a * n / 2) and close(db, want_b * n / 2):
            return tr("that is the gradient of ½·SSE = ½ sum(r²); the MSE is the *mean* of r², "
                      "so its gradient is -(2/n) sum(r x).")
        if not (close(da, want_a) and close(db, want_b)):
            return tr("at a={a}, b={b} expected ({want_a}, {want_b}), got ({da}, {db}).",
                      a=a, b=b, want_a=f"{want_a:.3f}", want_b=f"{want_b:.3f}",
                      da=f"{number(da):.3f}", db=f"{number(db):.3f}")
    return None


def linear_regression_3(answer):  # the largest rate of RATES that still converges on X5, Y5
    if close(answer, 0.14, 1e-9):
        return None
    if number(answer) not in RATES:
        return tr("pick one of {rates}.", rates=RATES)
    if number(answer) > 0.14:
        return tr("run the descent with that rate for 50 steps: does the loss go down?")
    return tr("that rate converges, but a larger one in the list still does.")


# -- 07 Backpropagation -------------------------------------------------------------------
def backpropagation_1(answer):  # (dy/dw1, dy/dw2) of y = (w1 x1 + w2 x2)^2 at w = (1, 2), x = (3, -1)
    g1, g2 = pair(answer, "dy/dw1, dy/dw2")
    if close(g1, 6.0) and close(g2, -2.0):
        return None
    if close(g1, 3.0) and close(g2, -1.0):
        return tr("you have ds/dw; multiply by dy/ds = 2s.")
    return tr("first compute s = w1*x1 + w2*x2, then dy/dw1 = 2*s*x1.")


def backpropagation_2(answer):  # sigmoid_grad(z) = sigmoid(z) * (1 - sigmoid(z))
    hint = function_hint(answer, "backpropagation.2", "sigmoid_grad")
    if hint:
        return hint
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0], np.float32)
    got = answer(tf.constant(z))
    s = 1 / (1 + np.exp(-z))
    hint = tensor_hint(got, "float32", (5,), s * (1 - s), tol=1e-5)
    values_off = hint == tr("right dtype and shape, but some values are off.")
    if values_off and np.allclose(np.asarray(got), s, atol=1e-5):
        return tr("that is sigmoid itself; its derivative is sigmoid(z) * (1 - sigmoid(z)).")
    return hint


def backpropagation_3(answer):  # d/dx of sin(x) * x^2 at x = 1.5
    want = math.cos(1.5) * 1.5 ** 2 + math.sin(1.5) * 2 * 1.5
    if close(answer, want, 1e-4):
        return None
    if close(answer, math.cos(1.5) * 2 * 1.5, 1e-4):
        return tr("that multiplies the two derivatives; the product rule adds two terms.")
    return tr("use the product rule, or let a GradientTape compute it (watch a float constant).")


# -- 08 Standardization -------------------------------------------------------------------
def standardization_1(answer):  # the mean and standard deviation (over n) of [2, 4, 4, 4, 5, 5, 7, 9]
    mean, std = pair(answer, "mean, std")
    if not close(mean, 5.0):
        return tr("the mean is the sum divided by the count.")
    if close(std, math.sqrt(32 / 7)):
        return tr("that divides by n - 1 (the sample std); here we divide by n, "
                  "like tf.math.reduce_std.")
    if close(std, 4.0):
        return tr("that is the variance; the standard deviation is its square root.")
    if not close(std, 2.0):
        return tr("std = sqrt(mean((x - mean)^2)).")
    return None


def standardization_2(answer):  # standardize(x) -> (x - mean) / std
    hint = function_hint(answer, "standardization.2", "standardize")
    if hint:
        return hint
    for data in ([1.0, 2.0, 3.0, 4.0], [10.0, 10.5, 30.0, -4.0, 7.0]):
        x = np.array(data, np.float32)
        want = (x - x.mean()) / x.std()
        got = answer(tf.constant(x))
        if tensor_hint(got, "float32", x.shape, x - x.mean(), tol=1e-4) is None:
            return tr("you centred the values; now divide by the standard deviation too.")
        hint = tensor_hint(got, "float32", x.shape, want, tol=1e-4)
        if hint:
            return tr("for x={x}: {hint}", x=data, hint=hint)
    return None


def standardization_3(answer):  # to_original(a_z, b_z, mean, std) -> (a, b) for y = a x + b
    hint = function_hint(answer, "standardization.3", "to_original")
    if hint:
        return hint
    for a_z, b_z, mean, std in ((2.0, 1.0, 3.0, 0.5), (-1.0, 4.0, -2.0, 4.0)):
        a, b = pair(answer(a_z, b_z, mean, std), "a, b")
        want_a, want_b = a_z / std, b_z - a_z * mean / std
        if not (close(a, want_a) and close(b, want_b)):
            return tr("write a_z * (x - mean) / std + b_z as a * x + b and read off a and b "
                      "(for a_z={a_z}, b_z={b_z}, mean={mean}, std={std}: a={want_a}, b={want_b}).",
                      a_z=a_z, b_z=b_z, mean=mean, std=std, want_a=want_a, want_b=want_b)
    return None


CHECKS = {
    "linear-regression.1": linear_regression_1,
    "linear-regression.2": linear_regression_2,
    "linear-regression.3": linear_regression_3,
    "backpropagation.1": backpropagation_1,
    "backpropagation.2": backpropagation_2,
    "backpropagation.3": backpropagation_3,
    "standardization.1": standardization_1,
    "standardization.2": standardization_2,
    "standardization.3": standardization_3,
}
