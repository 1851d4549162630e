"""Reference solutions, one per exercise (try the exercise first!).

`SOLUTIONS` maps an exercise id to a function that returns the answer you
would pass to `check`. The tests check every one of them with its checker.
"""
from __future__ import annotations

import numpy as np

import course.engine as tf


# -- 01 Start here ------------------------------------------------------------------------
def solution_01_1():
    return "docker compose exec lab course-url"


def solution_01_2():
    return "http://127.0.0.1:6006"


def solution_01_3():
    return "my-notebooks"


# -- 02 Tensors ---------------------------------------------------------------------------
def solution_02_1():
    return tf.fill([3, 4], 0.5)  # or tf.ones([3, 4]) * 0.5


def solution_02_2():
    return tf.transpose(tf.reshape(tf.range(12), [3, 4]))


def solution_02_3():
    return tf.constant(np.array([1.0, 2.0])).dtype  # NumPy's float64 is kept


# -- 03 Operators -------------------------------------------------------------------------
def solution_03_1():
    a = tf.constant([[1, 2], [3, 4]])
    b = tf.constant([[0, 1], [1, 0]])
    return a * b, a @ b


def solution_03_2():
    x = tf.constant(-7)
    return x // 2, x % 2  # -4 and 1: the quotient is rounded down


def solution_03_3():
    return tf.cast(tf.constant([1, 2, 3]), tf.float32) + tf.constant([0.5, 0.5, 0.5])


# -- 05 Variables -------------------------------------------------------------------------
def solution_05_1():
    v = tf.Variable([0.0, 0.0, 0.0])
    v.assign_add([1.0, 2.0, 3.0])
    return v


def spikes(series, threshold):
    """True where a value jumps more than `threshold` above the previous one."""
    jumps = series[1:] - series[:-1]
    return tf.concat([tf.constant([False]), jumps > threshold], axis=0)


def solution_05_2():
    return spikes


def solution_05_3():
    return tf.Variable(0, trainable=False)


# -- 09 Linear regression -----------------------------------------------------------------
def fit_line(x, y):
    """Least squares: a = cov(x, y) / var(x), b = mean(y) - a mean(x)."""
    x_mean, y_mean = tf.reduce_mean(x), tf.reduce_mean(y)
    a = tf.reduce_sum((x - x_mean) * (y - y_mean)) / tf.reduce_sum((x - x_mean) ** 2)
    return a, y_mean - a * x_mean


def solution_09_1():
    return fit_line


def gradients(a, b, x, y):
    """dE/da and dE/db of E = 1/2 sum (y - (a x + b))^2."""
    residual = y - (a * x + b)
    return -tf.reduce_sum(residual * x), -tf.reduce_sum(residual)


def solution_09_2():
    return gradients


def solution_09_3():
    return 0.05  # 2 / (largest eigenvalue of the Hessian, 33.5) = 0.0597 is the limit


# -- 10 Backpropagation -------------------------------------------------------------------
def solution_10_1():
    w1, w2, x1, x2 = 1.0, 2.0, 3.0, -1.0
    s = w1 * x1 + w2 * x2
    return 2 * s * x1, 2 * s * x2


def sigmoid_grad(z):
    s = tf.sigmoid(z)
    return s * (1 - s)


def solution_10_2():
    return sigmoid_grad


def solution_10_3():
    x = tf.constant(1.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sin(x) * x ** 2
    return tape.gradient(y, x)


# -- 11 Standardization -------------------------------------------------------------------
def solution_11_1():
    x = tf.constant([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    return tf.reduce_mean(x), tf.math.reduce_std(x)


def standardize(x):
    return (x - tf.reduce_mean(x)) / tf.math.reduce_std(x)


def solution_11_2():
    return standardize


def to_original(a_z, b_z, mean, std):
    """y = a_z (x - mean) / std + b_z  =  (a_z / std) x + (b_z - a_z mean / std)."""
    return a_z / std, b_z - a_z * mean / std


def solution_11_3():
    return to_original


# -- 12 Troubleshooting -------------------------------------------------------------------
def solution_12_1():
    return "Illegal instruction (core dumped)"


def has_flag(cpuinfo_text: str, flag: str) -> bool:
    """True if every 'flags' line of /proc/cpuinfo lists `flag` as a whole word."""
    lines = [ln for ln in cpuinfo_text.splitlines() if ln.startswith("flags")]
    return bool(lines) and all(flag in ln.split(":", 1)[1].split() for ln in lines)


def solution_12_2():
    return has_flag


def memory_limit_mib(text: str):
    """The cgroup v2 memory.max as MiB, or None when it says 'max' (no limit)."""
    text = text.strip()
    return None if text == "max" else int(text) // (1024 * 1024)


def solution_12_3():
    return memory_limit_mib


SOLUTIONS = {name[len("solution_"):].replace("_", "."): fn
             for name, fn in sorted(globals().items()) if name.startswith("solution_")}


# Notebooks 04, 06, 07 and 08 keep their solutions in solutions_models.py.
from .solutions_models import MODEL_SOLUTIONS  # noqa: E402

SOLUTIONS.update(MODEL_SOLUTIONS)
