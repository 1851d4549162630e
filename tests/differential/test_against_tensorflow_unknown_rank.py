"""Tensors of unknown rank in graphs against TF 2.21: static shapes, values, gradients, errors.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_unknown_rank.py

A TF1 placeholder without `shape=` (and a tf.function input of `TensorSpec(None)`)
has an unknown rank. Each case builds a graph on one, and returns the output's
static shape (what TF knows while building) and its value when fed (what the
kernel computes). The rules checked: axes that depend on the rank (axis=None,
negative axes, transpose's default perm) are resolved when the graph runs; the
static shape is `<unknown>` unless TF knows better (a full reduction is `()`,
`tf.shape` is `(None,)`, a perm or multiples tell the rank); a bad axis is an
InvalidArgumentError when the graph runs, not while it is built.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import assert_same_outcome, case_registry  # noqa: E402

CASES, case = case_registry()

M = np.array([[1.0, -2.0], [3.0, 4.0]], np.float32)     # fed as a matrix
COLUMN = np.array([[[1.0], [2.0]]], np.float32)          # shape [1, 2, 1]: squeeze's test
LABELS = np.array([[1, 0], [2, 1]], np.int32)


def session(tf, fn, feed):
    """fn(tf, p) on a placeholder of unknown rank: (static shape(s), value from Session.run)."""
    with tf.Graph().as_default():
        p = tf.compat.v1.placeholder(tf.as_dtype(feed.dtype))
        out = fn(tf, p)
        with tf.compat.v1.Session() as sess:
            value = sess.run(out, {p: feed})
    shapes = [o.shape for o in out] if isinstance(out, (list, tuple)) else out.shape
    return shapes, value


def traced(tf, fn, feed):
    """fn(tf, x) in a tf.function traced for TensorSpec(None): (static shape, value)."""
    f = tf.function(lambda x: fn(tf, x),
                    input_signature=[tf.TensorSpec(None, tf.as_dtype(feed.dtype))])
    return f.get_concrete_function().structured_outputs.shape, f(tf.constant(feed))


def gradient(tf, loss, feed):
    """d loss(x) / dx by a GradientTape inside a tf.function traced for TensorSpec(None)."""
    @tf.function(input_signature=[tf.TensorSpec(None, tf.float32)])
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = loss(tf, x)
        return tape.gradient(y, x)
    return f(tf.constant(feed))


def fed(name, fn, feed=M):
    case(name)(lambda tf: session(tf, fn, feed))


def run_time_error(name, fn, feed=M):
    """TF: the graph builds; the kernel raises InvalidArgumentError when it runs."""
    case(name)(lambda tf: traced(tf, fn, feed))


# -- reductions: axis=None is every axis of whatever rank comes; only then is the rank known --------
fed("reduce_sum with axis=None is a scalar: shape ()", lambda tf, p: tf.reduce_sum(p))
fed("reduce_sum keepdims=True: rank unknown", lambda tf, p: tf.reduce_sum(p, keepdims=True))
fed("reduce_sum axis=0: rank unknown, axis resolved at run time",
    lambda tf, p: tf.reduce_sum(p, axis=0))
fed("reduce_sum axis=-1 counts from the end of the fed rank",
    lambda tf, p: tf.reduce_sum(p, axis=-1))
fed("reduce_sum over a list of axes", lambda tf, p: tf.reduce_sum(p, axis=[0, 1]))
fed("reduce_sum over a constant axis tensor", lambda tf, p: tf.reduce_sum(p, tf.constant(1)))
fed("reduce_mean of all is a scalar", lambda tf, p: tf.reduce_mean(p))
fed("reduce_mean of integers truncates, axis=None", lambda tf, p: tf.reduce_mean(p), LABELS)
fed("reduce_max, reduce_min, reduce_prod, keepdims",
    lambda tf, p: [tf.reduce_max(p), tf.reduce_min(p, 0), tf.reduce_prod(p, 1, keepdims=True)])
fed("reduce_any / reduce_all of a bool tensor",
    lambda tf, p: [tf.reduce_any(p > 3.0), tf.reduce_all(p > -3.0, 1)])
fed("reduce_logsumexp of all is a scalar; along an axis rank unknown",
    lambda tf, p: [tf.reduce_logsumexp(p), tf.reduce_logsumexp(p, 1)])
fed("reduce_variance and reduce_std",
    lambda tf, p: [tf.math.reduce_variance(p), tf.math.reduce_std(p, 0)])
case("tf.function for TensorSpec(None): reduce_sum of all is (), along 0 unknown")(
    lambda tf: (traced(tf, lambda tf, x: tf.reduce_sum(x), M),
                traced(tf, lambda tf, x: tf.reduce_sum(x, 0), M)))
case("tf.function for TensorSpec(None): shape, size, rank")(
    lambda tf: traced(tf, lambda tf, x: (tf.shape(x), tf.size(x), tf.rank(x)),
                      np.ones((2, 3, 4), np.float32))[1])
run_time_error("reduce_sum axis=5 of a rank-2 feed: run-time InvalidArgumentError",
               lambda tf, x: tf.reduce_sum(x, axis=5))
run_time_error("reduce_sum axis=-3 of a rank-2 feed", lambda tf, x: tf.reduce_sum(x, axis=-3))
run_time_error("reduce_max with duplicate axes (0 and -2)",
               lambda tf, x: tf.reduce_max(x, axis=[0, -2]))
run_time_error("reduce_sum axis=0 of a scalar feed", lambda tf, x: tf.reduce_sum(x, axis=0),
               np.float32(3.0))

# -- argmax / argmin: the default axis 0 and negative axes are checked when the graph runs ----------
fed("argmax default axis 0, argmin axis=-1",
    lambda tf, p: [tf.argmax(p), tf.argmin(p, -1), tf.argmax(p, 1, output_type=tf.int32)])
run_time_error("argmax axis=5 of a rank-2 feed", lambda tf, x: tf.argmax(x, 5))
run_time_error("argmax of a scalar feed", lambda tf, x: tf.argmax(x), np.float32(3.0))

# -- shape metadata: TF knows their ranks -----------------------------------------------------------
fed("tf.shape is (None,), tf.size and tf.rank are ()",
    lambda tf, p: [tf.shape(p), tf.size(p), tf.rank(p)])
fed("reshape to [-1] is (None,); to [2, -1] is (2, None)",
    lambda tf, p: [tf.reshape(p, [-1]), tf.reshape(p, [2, -1])])
fed("reshape to [tf.size(p)]", lambda tf, p: tf.reshape(p, [tf.size(p)]))
fed("broadcast_to a known shape", lambda tf, p: tf.broadcast_to(p, [2, 2, 2]))

# -- softmax, matmul ---------------------------------------------------------------------------------
fed("softmax and log_softmax along the last axis",
    lambda tf, p: [tf.nn.softmax(p), tf.nn.log_softmax(p)])
case("softmax along axis 0 of an unknown rank: TF's TypeError")(
    lambda tf: session(tf, lambda tf, p: tf.nn.softmax(p, axis=0), M))
run_time_error("log_softmax of a scalar feed", lambda tf, x: tf.nn.log_softmax(x),
               np.float32(3.0))
fed("matmul of unknown ranks (BatchMatMulV2), transpose_a",
    lambda tf, p: [tf.matmul(p, p), tf.matmul(p, p, transpose_a=True)])
fed("matmul with a rank-3 feed broadcasts the batch",
    lambda tf, p: tf.matmul(p, tf.ones([2, 2])), np.ones((2, 2, 2), np.float32))
run_time_error("matmul of a vector feed: ndims must be >= 2", lambda tf, x: tf.matmul(x, x),
               np.ones(3, np.float32))

# -- moving dimensions ------------------------------------------------------------------------------
fed("transpose without perm reverses the fed rank; with a perm the rank is known",
    lambda tf, p: [tf.transpose(p), tf.transpose(p, [1, 0])])
run_time_error("transpose with a perm of the wrong length",
               lambda tf, x: tf.transpose(x, [1, 0]), COLUMN)
fed("expand_dims at 0 and at -1", lambda tf, p: [tf.expand_dims(p, 0), tf.expand_dims(p, -1)])
run_time_error("expand_dims at 5 of a rank-2 feed", lambda tf, x: tf.expand_dims(x, 5))
fed("squeeze without axis drops every size-1 dimension of the feed",
    lambda tf, p: [tf.squeeze(p), tf.squeeze(p, 0), tf.squeeze(p, -1)], COLUMN)
run_time_error("squeeze a dimension that is not 1", lambda tf, x: tf.squeeze(x, 1), COLUMN)
run_time_error("squeeze dim 5 of a rank-3 feed", lambda tf, x: tf.squeeze(x, 5), COLUMN)
fed("tile: the multiples tell the rank", lambda tf, p: tf.tile(p, [1, 2]))
run_time_error("tile with too few multiples", lambda tf, x: tf.tile(x, [2]))
fed("pad: the paddings tell the rank", lambda tf, p: tf.pad(p, [[1, 0], [0, 1]]))

# -- joining and picking ----------------------------------------------------------------------------
fed("concat along 0 and -1", lambda tf, p: [tf.concat([p, p], 0), tf.concat([p, p], -1)])
fed("concat with a tensor of known shape: (None, 2)",
    lambda tf, p: tf.concat([p, tf.constant([[5.0, 6.0]])], 0))
run_time_error("concat along axis 5 of rank-2 feeds", lambda tf, x: tf.concat([x, x], 5))
fed("stack along 0, 1 and -1",
    lambda tf, p: [tf.stack([p, p]), tf.stack([p, p], 1), tf.stack([p, p], -1)])
run_time_error("stack along axis 5 of rank-2 feeds", lambda tf, x: tf.stack([x, x], 5))
fed("unstack with num given", lambda tf, p: tf.unstack(p, num=2))
case("unstack without num: TF cannot infer it")(
    lambda tf: session(tf, lambda tf, p: tf.unstack(p), M))
fed("gather rows; along axis 1 and -1",
    lambda tf, p: [tf.gather(p, [0]), tf.gather(p, [1, 0], axis=1), tf.gather(p, [1], axis=-1)])
run_time_error("gather along axis 5 of a rank-2 feed", lambda tf, x: tf.gather(x, [0], axis=5))
fed("slicing p[0], p[1:], p[:, 0], p[..., 0], p[None]",
    lambda tf, p: [p[0], p[1:], p[:, 0], p[..., 0], p[None]])
# (TF's kernel says "Attempting to slice scalar input." here, and names the dimension when the
# rank is known; ours gives the second message in both cases)
case("slicing a scalar feed", compare_message=False)(
    lambda tf: traced(tf, lambda tf, x: x[0], np.float32(3.0)))
fed("one_hot of indices of unknown rank, last axis and axis 0",
    lambda tf, p: [tf.one_hot(p, 3), tf.one_hot(p, 3, axis=0)], LABELS)
fed("tf.where(cond) is (None, None)", lambda tf, p: tf.where(p > 0))
fed("boolean_mask of a tensor of unknown rank by a known mask",
    lambda tf, p: tf.boolean_mask(p, tf.constant([True, False])))
case("boolean_mask by a mask of unknown rank: TF's ValueError")(
    lambda tf: session(tf, lambda tf, p: tf.boolean_mask(p, p > 0), M))

# -- composites --------------------------------------------------------------------------------------
fed("tf.norm keeps dims then squeezes: rank unknown",
    lambda tf, p: [tf.norm(p), tf.norm(p, axis=1), tf.norm(p, ord=1), tf.norm(p, axis=[0, 1])])
fed("clip_by_norm", lambda tf, p: tf.clip_by_norm(p, 1.0))
fed("sparse softmax cross-entropy: the labels give the shape (2,)",
    lambda tf, p: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0, 1]),
                                                                 logits=p))
fed("einsum: the equation gives the rank", lambda tf, p: tf.einsum("ij->j", p))
fed("meshgrid of vectors of unknown length", lambda tf, p: tf.meshgrid(p, p),
    np.array([1.0, -2.0, 3.0], np.float32))

# -- gradients (a GradientTape inside a tf.function traced for TensorSpec(None)) -------------------
case("gradient of reduce_sum(x * x)")(lambda tf: gradient(tf, lambda tf, x: tf.reduce_sum(x * x), M))
case("gradient of reduce_mean, and along axis 0")(
    lambda tf: (gradient(tf, lambda tf, x: tf.reduce_mean(x), M),
                gradient(tf, lambda tf, x: tf.reduce_mean(x * x, axis=0), M)))
case("gradient of reduce_max (ties share) and along -1")(
    lambda tf: (gradient(tf, lambda tf, x: tf.reduce_max(x), M),
                gradient(tf, lambda tf, x: tf.reduce_max(x, axis=-1), M)))
case("gradient through broadcasting against a known vector: BroadcastGradientArgs")(
    lambda tf: gradient(tf, lambda tf, x: tf.reduce_sum(x * tf.constant([1.0, 2.0])), M))
case("gradient through softmax and logsumexp")(
    lambda tf: (gradient(tf, lambda tf, x: tf.reduce_sum(tf.nn.softmax(x) * [1.0, 3.0]), M),
                gradient(tf, lambda tf, x: tf.reduce_logsumexp(x), M)))
case("gradient through concat, stack, transpose")(
    lambda tf: (gradient(tf, lambda tf, x: tf.reduce_sum(tf.concat([x, 2 * x], 0) * [1.0, 3.0]),
                         M),
                gradient(tf, lambda tf, x: tf.reduce_sum(tf.stack([x, 2 * x], 1)), M),
                gradient(tf, lambda tf, x: tf.reduce_sum(tf.transpose(x) * [1.0, 3.0]), M)))
case("gradient through slicing, tile, matmul, norm")(
    lambda tf: (gradient(tf, lambda tf, x: tf.reduce_sum(x[0] * 3.0), M),
                gradient(tf, lambda tf, x: tf.reduce_sum(tf.tile(x, [1, 2])), M),
                gradient(tf, lambda tf, x: tf.reduce_sum(tf.matmul(x, x)), M),
                gradient(tf, lambda tf, x: tf.norm(x), M)))


@pytest.mark.parametrize("fn, compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    assert_same_outcome(real_tf, eng, fn, compare_message)
