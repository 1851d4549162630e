"""Errors inside a layer's call carry Keras 3's account of the call (keras/call_errors.py)."""
from __future__ import annotations

import pytest

import course.engine as tf


class Scaled(tf.keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(3, 3), initializer="ones")

    def call(self, inputs, training=None, scale=2.0):
        return tf.matmul(inputs, self.w) * scale


def test_the_error_keeps_its_class_and_lists_every_argument_of_call():
    layer = Scaled()
    layer(tf.ones([1, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        layer(tf.ones([1, 4]), training=True)
    lines = str(info.value).split("\n")
    assert lines[0] == "Exception encountered when calling Scaled.call()."
    assert lines[2].startswith("\x1b[1mMatrix size-incompatible: In[0]: [1,4], In[1]: [3,3]")
    assert lines[-4:] == ["Arguments received by Scaled.call():",
                          "  • inputs=tf.Tensor(shape=(1, 4), dtype=float32)",
                          "  • training=True", "  • scale=2.0"]
    assert info.value.op == "MatMul"  # (TF's errors keep their op)


def test_only_the_innermost_call_reports_and_other_classes_become_runtime_errors():
    class Odd(Exception):
        def __init__(self, a, b):
            super().__init__(a, b)

    class Failing(tf.keras.layers.Layer):
        def call(self, x):
            raise Odd(1, 2)

    class Outer(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.inner = Failing()

        def call(self, x):
            return self.inner(x)
    with pytest.raises(RuntimeError) as info:
        Outer()(tf.ones([2]))
    text = str(info.value)
    assert text.count("Exception encountered") == 1 and "Failing.call()" in text
    assert "\x1b[1m1\x1b[0m" in text  # (the error's first argument stands for its message)


def test_errors_before_call_are_raised_as_they_are():
    """Keras checks a built layer's input shape before call(): that error is not wrapped."""
    layer = tf.keras.layers.Dense(2)
    layer(tf.ones([1, 3]))
    with pytest.raises(ValueError) as info:
        layer(tf.ones([1, 4]))
    assert "Exception encountered" not in str(info.value)
