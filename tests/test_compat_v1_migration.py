"""What TF's migration guides (TF1 -> TF2) need, without TensorFlow: `import
tensorflow.compat.v1 as tf1`, TF2 checkpoints made and restored in TF1 sessions,
name-based checkpoints read by `tf.train.Checkpoint`. The same cases run against
TF 2.21 in tests/differential/test_against_tensorflow_migrate.py."""
from __future__ import annotations

import importlib

import numpy as np

import course.engine as tf

tf1 = tf.compat.v1


def test_compat_v1_imports_by_name_as_the_same_module():
    """TF1 code opens with `import tensorflow.compat.v1 as tf1`: the module is tf.compat.v1."""
    assert importlib.import_module("course.engine.compat.v1") is tf.compat.v1
    assert importlib.import_module("course.engine.compat") is tf.compat
    from course.engine.compat import v1
    assert v1 is tf1


def test_rank0_where_gives_a_numpy_scalar():
    """TF: a rank-0 tensor's .numpy() is a NumPy scalar (np.float32), also from tf.where,
    so a metric's result().numpy() shows as np.float32(0.75)."""
    value = tf.where(tf.constant(True), 1.0, 2.0).numpy()
    assert type(value) is np.float32 and value == 1.0
    assert type(tf.where([True, False], 1.0, 2.0).numpy()) is np.ndarray
    accuracy = tf.keras.metrics.Accuracy()
    accuracy.update_state(y_true=[0, 0, 1, 1], y_pred=[0, 0, 0, 1])
    assert repr(accuracy.result().numpy()) == "np.float32(0.75)"
