"""`tf.nn`: activations and cross-entropies, against NumPy and TF's documented behaviour."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

from .test_math_ops import assert_same

RNG = np.random.default_rng(5)
IAE = tf.errors.InvalidArgumentError


def np_log_softmax(x, axis=-1):
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


@pytest.mark.parametrize("np_dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_softmax_and_log_softmax_match_numpy(np_dtype, axis):
    x = RNG.uniform(-3, 3, size=(3, 4)).astype(np_dtype)
    ax = -1 if axis is None else axis
    assert_same(tf.nn.softmax(x, axis=axis), np.exp(np_log_softmax(x.astype(np.float64), ax))
                .astype(np_dtype))
    assert_same(tf.nn.log_softmax(x, axis=axis), np_log_softmax(x.astype(np.float64), ax)
                .astype(np_dtype))
    assert tf.math.softmax is tf.nn.softmax


def test_softmax_is_stable_for_large_logits():
    assert_same(tf.nn.log_softmax(tf.constant([1000.0, 0.0])), np.float32([0.0, -1000.0]))
    assert_same(tf.nn.softmax(tf.constant([1000.0, 0.0])), np.float32([1.0, 0.0]))


def test_softmax_errors():
    with pytest.raises(IAE, match=r"Value for attr 'T' of int32 is not in the list of allowed "
                                  r"values: half, float, double"):
        tf.nn.softmax(tf.constant([1, 2]))
    with pytest.raises(IAE, match=r"`dim` must be in the range \[-2, 2\) where 2 is the number of "
                                  r"dimensions in the input. Received: dim=2"):
        tf.nn.softmax(tf.constant([[1.0, 2.0]]), axis=2)


def test_activations():
    x = np.float32([-100.0, -1.0, 0.0, 2.0, 100.0])
    assert_same(tf.nn.relu(x), np.maximum(x, 0))
    assert_same(tf.nn.relu(tf.constant([-1, 2])), np.int32([0, 2]))
    assert_same(tf.nn.sigmoid(x), (1 / (1 + np.exp(-x.astype(np.float64)))).astype(np.float32))
    assert_same(tf.nn.tanh(x), np.tanh(x))
    assert tf.sigmoid is tf.nn.sigmoid is tf.math.sigmoid


def test_softmax_cross_entropy_with_logits():
    """Per row: -sum(labels * log_softmax(logits)); stable; labels may broadcast (as TF)."""
    labels = np.float32([[0.0, 1.0], [0.5, 0.5]])
    logits = np.float32([[1.0, 2.0], [1000.0, 0.0]])
    expected = -(labels * np_log_softmax(logits.astype(np.float64))).sum(-1)
    assert_same(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
                expected.astype(np.float32))
    got = tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0]], logits=[[1.0, 2.0]], axis=0)
    assert got.numpy().tolist() == [0.0, 0.0] and not np.signbit(got.numpy()).any()
    # TF casts integer labels to the logits' dtype, and broadcasts labels
    assert_same(tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant([[0, 1]]),
                                                        logits=[[1.0, 2.0]]),
                np.float32([0.31326166]))
    assert_same(tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0], [1.0]],
                                                        logits=[[1.0, 2.0], [3.0, 4.0]]),
                np.float32([0.0, 1.6265233]))
    with pytest.raises(IAE, match=r"logits and labels must be broadcastable: logits_size=\[1,3\] "
                                  r"labels_size=\[1,2\]"):
        tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0]], logits=[[1.0, 2.0, 3.0]])


def test_sparse_softmax_cross_entropy_with_logits():
    logits = np.float32([[1.0, 2.0], [1000.0, 0.0]])
    got = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0], logits=logits)
    assert_same(got, np.float32([0.31326166, 0.0]))
    assert not np.signbit(got.numpy()).any()
    with pytest.raises(IAE, match=r"Received a label value of 2 which is outside the valid range of "
                                  r"\[0, 2\).  Label values: 2"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2], logits=[[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"`labels.shape.rank` must equal `logits.shape.rank - 1`"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[1]], logits=[[1.0, 2.0]])
    with pytest.raises(IAE, match="Value for attr 'Tlabels' of float32"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1.0], logits=[[1.0, 2.0]])
    with pytest.raises(IAE, match="Value for attr 'T' of int32"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1], logits=[[1, 2]])


def test_sparse_and_dense_cross_entropy_agree():
    logits = RNG.uniform(-3, 3, size=(5, 4))
    labels = RNG.integers(0, 4, size=5)
    dense = tf.nn.softmax_cross_entropy_with_logits(tf.one_hot(labels, 4, dtype=tf.float64), logits)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)
    np.testing.assert_allclose(dense.numpy(), sparse.numpy(), rtol=1e-12)
