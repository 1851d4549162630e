"""Reference solutions for 01 Start here to 05 Variables, and 14 Troubleshooting.

Try the exercises first! `solutions.py` collects these into `SOLUTIONS`.
"""
from __future__ import annotations

import numpy as np

import course.engine as tf


# -- 01 Start here --------------------------------------------------------------------------
def solution_start_here_1():
    return "docker compose exec lab course-url"


def solution_start_here_2():
    return "http://127.0.0.1:6006"


def solution_start_here_3():
    return "my-notebooks"


# -- 02 Tensors -----------------------------------------------------------------------------
def solution_tensors_1():
    return tf.fill([3, 4], 0.5)  # or tf.ones([3, 4]) * 0.5


def solution_tensors_2():
    return tf.transpose(tf.reshape(tf.range(12), [3, 4]))


def solution_tensors_3():
    return tf.constant(np.array([1.0, 2.0])).dtype  # NumPy's float64 is kept


# -- 03 Operators ---------------------------------------------------------------------------
def solution_operators_1():
    a = tf.constant([[1, 2], [3, 4]])
    b = tf.constant([[0, 1], [1, 0]])
    return a * b, a @ b


def solution_operators_2():
    x = tf.constant(-7)
    return x // 2, x % 2  # -4 and 1: the quotient is rounded down


def solution_operators_3():
    return tf.cast(tf.constant([1, 2, 3]), tf.float32) + tf.constant([0.5, 0.5, 0.5])


# -- 04 Axes and slicing --------------------------------------------------------------------
SCORES = [[70.0, 80.0, 90.0], [60.0, 70.0, 80.0], [90.0, 95.0, 100.0], [80.0, 75.0, 70.0]]


def solution_axes_and_slicing_1():
    return tf.reduce_mean(tf.constant(SCORES), axis=0)  # down the rows: one mean per column


def solution_axes_and_slicing_2():
    return tf.constant(SCORES)[:, -1:]  # a slice keeps the axis: shape (4, 1)


def mse(y_true, y_pred):
    """Mean squared error of a (n,) target and a (n, 1) prediction, without the (n, n) trap."""
    return tf.reduce_mean((y_true - tf.reshape(y_pred, [-1])) ** 2)


def solution_axes_and_slicing_3():
    return mse


# -- 05 Variables ---------------------------------------------------------------------------
def solution_variables_1():
    v = tf.Variable([0.0, 0.0, 0.0])
    v.assign_add([1.0, 2.0, 3.0])
    return v


def spike_starts(readings, baseline, threshold):
    """True where a reading is high (above baseline + threshold) and the one before was not."""
    high = readings > baseline + threshold
    high_before = tf.concat([tf.constant([False]), high[:-1]], axis=0)
    return high & ~high_before


def solution_variables_2():
    return spike_starts


def solution_variables_3():
    return tf.Variable(0, trainable=False)


# -- 14 Troubleshooting ---------------------------------------------------------------------
def solution_troubleshooting_1():
    return "Illegal instruction (core dumped)"


def has_flag(cpuinfo_text: str, flag: str) -> bool:
    """True if every 'flags' line of /proc/cpuinfo lists `flag` as a whole word."""
    lines = [ln for ln in cpuinfo_text.splitlines() if ln.startswith("flags")]
    return bool(lines) and all(flag in ln.split(":", 1)[1].split() for ln in lines)


def solution_troubleshooting_2():
    return has_flag


def memory_limit_mib(text: str):
    """The cgroup v2 memory.max as MiB, or None when it says 'max' (no limit)."""
    text = text.strip()
    return None if text == "max" else int(text) // (1024 * 1024)


def solution_troubleshooting_3():
    return memory_limit_mib
