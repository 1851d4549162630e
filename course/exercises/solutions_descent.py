"""Reference solutions for 06 Linear regression, 07 Backpropagation and 08 Standardization.

Try the exercises first! `solutions.py` collects these into `SOLUTIONS`.
The loss is the mean squared error, L = mean((y - (a x + b))^2).
"""
from __future__ import annotations

import numpy as np

import course.engine as tf


# -- 06 Linear regression -------------------------------------------------------------------
def least_squares(x, y):
    """Solves the normal equations (X^T X) theta = X^T y for theta = (a, b)."""
    X = tf.stack([x, tf.ones_like(x)], axis=1)           # the design matrix, shape (n, 2)
    XtX = tf.transpose(X) @ X                            # (2, 2)
    Xty = tf.transpose(X) @ tf.reshape(y, [-1, 1])       # (2, 1)
    a, b = np.linalg.solve(XtX.numpy(), Xty.numpy())[:, 0]  # the engine has no tf.linalg.solve
    return float(a), float(b)


def solution_linear_regression_1():
    return least_squares


def gradients(a, b, x, y):
    """dL/da and dL/db of the MSE L = mean((y - (a x + b))^2)."""
    residual = y - (a * x + b)
    n = tf.cast(tf.size(x), tf.float32)
    return -2 / n * tf.reduce_sum(residual * x), -2 / n * tf.reduce_sum(residual)


def solution_linear_regression_2():
    return gradients


def solution_linear_regression_3():
    # The Hessian of the MSE for the five points is (2/5) [[30, 10], [10, 5]]; its largest
    # eigenvalue is 13.4, so rates below 2 / 13.4 = 0.149 converge: 0.14 is the largest listed.
    return 0.14


# -- 07 Backpropagation ---------------------------------------------------------------------
def solution_backpropagation_1():
    w1, w2, x1, x2 = 1.0, 2.0, 3.0, -1.0
    s = w1 * x1 + w2 * x2
    return 2 * s * x1, 2 * s * x2


def sigmoid_grad(z):
    s = tf.sigmoid(z)
    return s * (1 - s)


def solution_backpropagation_2():
    return sigmoid_grad


def solution_backpropagation_3():
    x = tf.constant(1.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sin(x) * x ** 2
    return tape.gradient(y, x)


# -- 08 Standardization ---------------------------------------------------------------------
def solution_standardization_1():
    x = tf.constant([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    return tf.reduce_mean(x), tf.math.reduce_std(x)


def standardize(x):
    return (x - tf.reduce_mean(x)) / tf.math.reduce_std(x)


def solution_standardization_2():
    return standardize


def to_original(a_z, b_z, mean, std):
    """y = a_z (x - mean) / std + b_z  =  (a_z / std) x + (b_z - a_z mean / std)."""
    return a_z / std, b_z - a_z * mean / std


def solution_standardization_3():
    return to_original
