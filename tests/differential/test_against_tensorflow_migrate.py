"""TF's migration guides (TF1 -> TF2) against TF 2.21 (rules: tf_compare.py): the
`tf.compat.v1` pieces they use beside their TF2 forms (guide/migrate/*.ipynb),
such as TF2 checkpoints saved and restored in TF1 sessions."""
from __future__ import annotations

import importlib

import pytest

from .tf_compare import Cases, check

cases = Cases()


@cases("import <tf>.compat.v1 by name gives the module tf.compat.v1")
def _(tf):
    module = importlib.import_module(tf.__name__ + ".compat.v1")
    return module is tf.compat.v1, hasattr(module, "Session")


@cases("a rank-0 tf.where result's numpy() is a NumPy scalar")
def _(tf):
    value = tf.where(tf.constant(True), 1.0, 2.0).numpy()
    return type(value).__name__, value, type(tf.where([True], 1.0, 2.0).numpy()).__name__


@cases("keras Accuracy: result().numpy() after updates is a float32 scalar (guide's cells)")
def _(tf):
    accuracy = tf.keras.metrics.Accuracy()
    accuracy.update_state(y_true=[0, 0, 1, 1], y_pred=[0, 0, 0, 1])
    first = accuracy.result().numpy()
    accuracy.update_state(y_true=[0, 0, 1, 1], y_pred=[0, 0, 0, 0])
    accuracy.update_state(y_true=[0, 0, 1, 1], y_pred=[1, 1, 0, 0])
    return repr(first), repr(accuracy.result().numpy())


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
