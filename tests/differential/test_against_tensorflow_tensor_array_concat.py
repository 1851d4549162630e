"""`TensorArray.concat` and `TensorArray.split`: this engine and TF 2.21 must agree.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_tensor_array_concat.py

TF's graph TensorArray (tensor_array_ops._GraphTensorArrayV2, the kernels
TensorListConcatV2 and TensorListSplit in core/kernels/list_kernels.h):

- concat joins the elements along their first axis; they must be at least
  vectors and agree after it. An unwritten element is zeros, as long as the
  written ones when they all agree (or the element shape says). Its static
  shape is [None] + the element shape after its first axis.
- split cuts a tensor into len(lengths) pieces (lengths >= 0 summing to its
  first dimension); with equal constant lengths, infer_shape sets the
  element shape. The gradient of each is the other.

The engine's TensorArray behaves as TF's graph one everywhere, so most cases
run inside a tf.function (TF's eager TensorArray has its own checks and
messages); the eager cases are those where both of TF's agree.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import case_registry  # noqa: E402
from .control_flow_compare import assert_same_outcome  # noqa: E402
from .control_flow_compare import control_flow_types as _types  # noqa: E402

CASES, case = case_registry()

_X = np.arange(12.0, dtype=np.float32).reshape(6, 2) / 4.0 - 1.0


# -- concat ----------------------------------------------------------------------------------------
@case("concat eagerly: elements of different lengths joined along the first axis")
def _(tf):
    ta = tf.TensorArray(tf.float32, size=3, infer_shape=False)
    ta = ta.write(0, tf.ones([2, 3])).write(1, tf.zeros([1, 3])).write(2, 2 * tf.ones([4, 3]))
    return ta.concat()


@case("concat in a graph: elements of different lengths; static shape unknown without infer_shape")
def _(tf):
    shapes = []

    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=3, infer_shape=False)
        ta = ta.write(0, x[:2]).write(1, x[2:3]).write(2, x[3:] * 2.0)
        out = ta.concat()
        shapes.append(out.shape.rank)
        return out
    return f(tf.constant(_X)), shapes


@case("concat's static shape is [None] + the element shape after its first axis")
def _(tf):
    shapes = []

    @tf.function
    def f():
        inferred = tf.TensorArray(tf.float32, size=3).write(0, tf.ones([2, 3]))
        declared = tf.TensorArray(tf.float32, size=3, element_shape=[2, 3])
        open_rows = tf.TensorArray(tf.float32, size=3, element_shape=[None, 3])
        shapes.extend([inferred.concat().shape.as_list(), declared.concat().shape.as_list(),
                       open_rows.concat().shape.as_list(), inferred.element_shape.as_list()])
        return declared.concat()
    return f(), shapes


@case("concat: unwritten elements are zeros as long as the written ones (all agree)")
def _(tf):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=3, infer_shape=False)
        return ta.write(1, tf.ones([2, 3])).concat()
    return f()


@case("concat eagerly: unwritten elements take the declared element shape")
def _(tf):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2, 3])
    return ta.write(0, tf.ones([2, 3])).concat()


@case("concat: an unwritten element among written ones of different lengths is TF's error")
def _(tf):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=3, infer_shape=False)
        return ta.write(0, tf.ones([2, 3])).write(2, tf.ones([1, 3])).concat()
    return f()


@case("concat: scalar elements are TF's error (concat needs at least vectors)")
def _(tf):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=2)
        return ta.write(0, tf.constant(1.0)).write(1, tf.constant(2.0)).concat()
    return f()


@case("concat: elements that differ after the first axis are TF's merge error")
def _(tf):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=2, infer_shape=False)
        return ta.write(0, tf.ones([2, 3])).write(1, tf.ones([2, 2])).concat()
    return f()


@case("concat: elements of different ranks are TF's merge error")
def _(tf):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=2, infer_shape=False)
        return ta.write(0, tf.ones([2, 3])).write(1, tf.ones([2, 3, 1])).concat()
    return f()


@case("concat of an empty list needs the element shape after the first axis")
def _(tf):
    @tf.function
    def f():
        return tf.TensorArray(tf.float32, size=0, dynamic_size=True).concat()
    return f()


@case("concat of an empty list with element_shape [None, 3] has shape (0, 3)")
def _(tf):
    @tf.function
    def f():
        return tf.TensorArray(tf.float32, size=0, element_shape=[None, 3]).concat()
    return f()


@case("concat after a tensor loop wrote pieces of growing length (dynamic_size)")
def _(tf):
    @tf.function
    def f(n):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        for i in tf.range(n):
            ta = ta.write(i, tf.fill([i + 1], tf.cast(i, tf.float32)))
        return ta.concat(), ta.element_shape.as_list()
    return f(tf.constant(4))


@case("concat: an int32 TensorArray keeps its dtype")
def _(tf):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.int32, size=2, infer_shape=False)
        return ta.write(0, [1, 2, 3]).write(1, [4]).concat()
    return f()


# -- split -----------------------------------------------------------------------------------------
@case("split eagerly: int64 lengths, pieces read back and joined")
def _(tf):
    ta = tf.TensorArray(tf.float32, size=2).split(tf.range(6.0), tf.constant([3, 3], tf.int64))
    return ta.concat(), ta.read(0), ta.size()


@case("split eagerly: a piece of length 0")
def _(tf):
    ta = tf.TensorArray(tf.float32, size=2).split([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0, 3])
    return ta.concat(), ta.read(0)


@case("split in a graph: unequal lengths; the size is len(lengths)")
def _(tf):
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=3).split(x, [1, 2, 3])
        return ta.size(), ta.read(1), ta.read(2), ta.concat()
    return f(tf.constant(_X))


@case("split with equal constant lengths sets the element shape (infer_shape)")
def _(tf):
    shapes = []

    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=3).split(x, [2, 2, 2])
        shapes.append(ta.element_shape.as_list())
        return ta.stack()
    return f(tf.constant(_X)), shapes


@case("split with equal lengths that contradict the element shape is TF's ValueError")
def _(tf):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=2, element_shape=[4])
        return ta.split(tf.range(6.0), [3, 3]).concat()
    return f()


@case("split with unequal lengths keeps a declared element shape: concat still joins them")
def _(tf):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=2, element_shape=[3])
        return ta.split(tf.range(6.0), [2, 4]).concat()
    return f()


@case("split: lengths that do not use the whole tensor are TF's error")
def _(tf):
    @tf.function
    def f():
        return tf.TensorArray(tf.float32, size=2).split(tf.range(6.0), [1, 2]).concat()
    return f()


@case("split: lengths past the end of the tensor are TF's error")
def _(tf):
    @tf.function
    def f():
        return tf.TensorArray(tf.float32, size=2).split(tf.range(6.0), [4, 4]).concat()
    return f()


@case("split: a negative length is TF's error")
def _(tf):
    @tf.function
    def f():
        return tf.TensorArray(tf.float32, size=2).split(tf.range(6.0), [3, -1]).concat()
    return f()


@case("split of a scalar is TF's shape error while tracing")
def _(tf):
    @tf.function
    def f():
        return tf.TensorArray(tf.float32, size=1).split(tf.constant(3.0), [1]).concat()
    return f()


@case("split with lengths that are not a vector is TF's shape error while tracing")
def _(tf):
    @tf.function
    def f():
        return tf.TensorArray(tf.float32, size=2).split(tf.range(6.0), [[1, 5]]).concat()
    return f()


@case("split with lengths known only when the graph runs")
def _(tf):
    @tf.function
    def f(x, lengths):
        ta = tf.TensorArray(tf.float32, size=2).split(x, lengths)
        return ta.read(0), ta.read(1)
    return f(tf.constant(_X), tf.constant([4, 2]))


@case("split pieces read in a tensor loop (the TensorArray a loop value)")
def _(tf):
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=3).split(x, [1, 2, 3])
        total = tf.constant(0.0)
        for i in tf.range(3):
            total += tf.reduce_sum(ta.read(i)) * tf.cast(i + 1, tf.float32)
        return total
    return f(tf.constant(_X)), "StatelessWhile" in _types(f, tf.TensorSpec([6, 2], tf.float32))


# -- gradients -------------------------------------------------------------------------------------
@case("the gradient of concat reaches every written piece (non-uniform upstream)")
def _(tf):
    @tf.function
    def f(a, b):
        ta = tf.TensorArray(tf.float32, size=2, infer_shape=False)
        y = ta.write(0, a * a).write(1, tf.sin(b)).concat()
        return tf.reduce_sum((y + 1.0) ** 2)
    a, b = tf.constant(_X[:2]), tf.constant(_X[2:])
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        loss = f(a, b)
    return loss, tape.gradient(loss, [a, b])


@case("the gradient of split: pieces not read get zeros")
def _(tf):
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=3).split(x, [1, 2, 3])
        return tf.reduce_sum(ta.read(0) * 3.0) + tf.reduce_sum(ta.read(2) ** 2)
    x = tf.constant(_X)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return y, tape.gradient(y, x)


@case("the gradient through split, a tensor loop and concat")
def _(tf):
    @tf.function
    def f(x):
        pieces = tf.TensorArray(tf.float32, size=3).split(x, [1, 2, 3])
        out = tf.TensorArray(tf.float32, size=3, infer_shape=False)
        for i in tf.range(3):
            out = out.write(i, pieces.read(i) * tf.cast(i + 1, tf.float32))
        return tf.reduce_sum(out.concat() ** 2)
    x = tf.constant(_X)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return y, tape.gradient(y, x)


@case("the gradient of split then concat eagerly")
def _(tf):
    x = tf.constant(_X)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.TensorArray(tf.float32, size=2).split(x * x, [4, 2]).concat()
        loss = tf.reduce_sum((y + 1.0) ** 2)
    return tape.gradient(loss, x)


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
