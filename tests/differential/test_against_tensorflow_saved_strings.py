"""tf.saved_model.save and load of functions that compute strings, against TF 2.21 (rules:
tf_compare.py): each library saves with its own format and loads its own files, and the loaded
functions must give TF's results. Covered: string inputs and outputs, string ops' attrs
(a separator, a format), string constants of every rank (empty, non-ASCII bytes), strings
computed from numbers. (String Variables: test_against_tensorflow_checkpoint_strings.py.)"""
from __future__ import annotations

import tempfile

import pytest

from .tf_compare import Cases, check

cases = Cases()


def saved_and_loaded(tf, module):
    folder = tempfile.mkdtemp()
    tf.saved_model.save(module, folder)
    return tf.saved_model.load(folder)


@cases("string inputs, outputs and attrs: upper, join with a separator, as_string")
def _(tf):
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
        def upper(self, s):
            return tf.strings.upper(s)

        @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
        def join(self, s):
            return tf.strings.join([s, "!"], separator="-")

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def text(self, x):
            return tf.strings.as_string(x * 2.0, precision=2)
    loaded = saved_and_loaded(tf, M())
    words = tf.constant(["ab", "c", ""])
    return loaded.upper(words), loaded.join(words), loaded.text(tf.constant(1.5))


@cases("string constants: a scalar, a matrix, empty and non-ASCII elements")
def _(tf):
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([2, 2], tf.string)])
        def pick(self, s):
            table = tf.constant([["é", ""], ["x\n", "yz"]])
            return tf.where(tf.equal(s, ""), table, tf.strings.join([s, tf.constant("+")]))
    loaded = saved_and_loaded(tf, M())
    return loaded.pick(tf.constant([["", "a"], ["b", ""]]))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_saved_strings_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
