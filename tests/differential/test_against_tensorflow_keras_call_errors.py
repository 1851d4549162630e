"""Errors inside a Keras layer's call, on this engine and on TF 2.21 with Keras 3: the same text.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_keras_call_errors.py

Keras 3's rule: an error raised by a layer's `call` is raised again, of the same class, as
"Exception encountered when calling <Class>.call().", the original message in bold (ANSI
`\\x1b[1m` ... `\\x1b[0m`), then "Arguments received by <Class>.call():" and one line per
parameter of `call` (a tensor as `tf.Tensor(shape=..., dtype=...)`, a structure item by item,
a parameter not passed as its default). Only the innermost failing call adds it; a class that
cannot be made from a message becomes RuntimeError. Where the original message is the user's
own, the whole text must be the same; where it is an op's (TF adds its `{{function_node ...}}`
prefix, the engine a `Hint:` line), the text around the bold part must be.
"""
from __future__ import annotations

import os
import re

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
pytest.importorskip("tensorflow")

from .compare import case_registry, raised  # noqa: E402
from .tf_compare import eng, real_tf  # noqa: E402 - (it loads tf.keras as the real Keras 3)

CASES, case = case_registry()


def _layer_class(tf, body):
    class Probe(tf.keras.layers.Layer):
        def call(self, inputs, training=None, scale=2.0, extras=None):
            return body(tf, inputs)
    return Probe


class Stubborn(Exception):
    """An error class that does not take one message: Keras raises a RuntimeError instead."""

    def __init__(self, a, b):
        super().__init__(a, b)


@case("a ValueError of the user's: the whole text")
def _(tf):
    def body(tf, x):
        raise ValueError("inputs must be positive")
    return _layer_class(tf, body)()(tf.ones([2, 3]), training=True, extras=[1, "two"])


@case("an error without a message: an empty bold part")
def _(tf):
    def body(tf, x):
        raise TypeError()
    return _layer_class(tf, body)()(tf.ones([4]))


@case("a class that takes no single message becomes RuntimeError")
def _(tf):
    def body(tf, x):
        raise Stubborn(1, 2)
    return _layer_class(tf, body)()(tf.ones([4]), scale=3)


@case("an op's error (matmul of the wrong shapes): the text around the op's message")
def _(tf):
    def body(tf, x):
        return tf.matmul(x, tf.ones([3, 3]))
    return _layer_class(tf, body)()(tf.constant([[2.0, 2.0, 2.0, 2.0]]))


@case("a layer inside a subclassed model: only the innermost call says so")
def _(tf):
    def body(tf, x):
        raise ValueError("inner layer failed")
    inner = _layer_class(tf, body)()

    class Outer(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.inner = inner

        def call(self, x):
            return self.inner(x) + 1
    return Outer()(tf.ones([1, 2]))


_BOLD = re.compile(r"\x1b\[1m.*\x1b\[0m", re.S)


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_call_error_as_keras(fn, compare_message):
    theirs, ours = raised(real_tf, fn), raised(eng, fn)
    assert type(ours).__name__ == type(theirs).__name__
    theirs_text = getattr(theirs, "message", None) or str(theirs)
    ours_text = getattr(ours, "message", None) or str(ours)
    if "{{function_node" in theirs_text:  # an op's message: compare what surrounds it
        assert _BOLD.sub("<message>", ours_text) == _BOLD.sub("<message>", theirs_text)
        assert "Matrix size-incompatible: In[0]: [1,4], In[1]: [3,3]" in ours_text
    else:
        assert ours_text == theirs_text
