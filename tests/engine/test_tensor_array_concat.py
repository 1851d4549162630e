"""TensorArray.concat and TensorArray.split: TF's rules (TensorListConcatV2, TensorListSplit).

concat joins the elements along their first axis (NumPy's concatenate);
split cuts a tensor at the running sums of `lengths` (NumPy's split). The
same function eagerly and traced must agree (the engine's TensorArray is
TF's graph one everywhere). Compared with TF 2.21 in
tests/differential/test_against_tensorflow_tensor_array_concat.py; the
gradients are checked numerically from tests/engine/control_flow_cases.py.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.errors import InvalidArgumentError

graph = tf.function


def _both(fn):
    """The same function eagerly and traced: both results (they must agree)."""
    return fn(), graph(fn, autograph=False)()


_PIECES = np.arange(12.0).reshape(6, 2)


@pytest.mark.parametrize("fn, want", [
    # concat is NumPy's concatenate along axis 0; unwritten pieces are zeros as long as the
    # written ones (all equal here) or the declared element shape
    (lambda: tf.TensorArray(tf.float64, size=2, infer_shape=False).write(0, _PIECES[:1]).write(
        1, _PIECES[1:4]).concat(), _PIECES[:4]),
    (lambda: tf.TensorArray(tf.float64, size=3, infer_shape=False).write(1, _PIECES[:2]).concat(),
     np.concatenate([np.zeros((2, 2)), _PIECES[:2], np.zeros((2, 2))])),
    (lambda: tf.TensorArray(tf.float64, size=2, element_shape=[1, 2]).write(1, _PIECES[:1])
     .concat(), np.concatenate([np.zeros((1, 2)), _PIECES[:1]])),
    (lambda: tf.TensorArray(tf.float64, size=0, element_shape=[None, 2]).concat(), np.zeros((0, 2))),
    # split is NumPy's split at the running sums of lengths; concat joins the pieces again
    (lambda: tf.TensorArray(tf.float64, size=3).split(_PIECES, [1, 2, 3]).read(2),
     np.split(_PIECES, [1, 3])[2]),
    (lambda: tf.TensorArray(tf.float64, size=3).split(_PIECES, [1, 0, 5]).concat(), _PIECES),
    (lambda: tf.TensorArray(tf.float64, size=1).split(_PIECES, [3, 3]).size(), 2),
])
def test_tensor_array_concat_and_split_eager_and_in_a_graph(fn, want):
    for out in _both(fn):
        np.testing.assert_array_equal(out.numpy(), np.asarray(want))


def test_tensor_array_concat_and_split_shapes_and_errors_are_tfs():
    """TF: concat's static shape is [None] + the element shape after the first axis; split
    with equal constant lengths sets the element shape; the kernels' errors."""
    declared = tf.TensorArray(tf.float32, size=2, element_shape=[2, 3])
    seen = []  # (the static shape, read while tracing: a tf.function may not return it, as in TF)
    graph(lambda: seen.append(declared.concat().shape) or tf.constant(0), autograph=False)()
    assert seen == [tf.TensorShape([None, 3])]
    even = tf.TensorArray(tf.float32, size=3).split(tf.zeros([6, 2]), [2, 2, 2])
    assert even.element_shape == tf.TensorShape([2, 2])
    uneven = tf.TensorArray(tf.float32, size=2).split(tf.zeros([6, 2]), [2, 4])
    assert uneven.element_shape.rank is None
    with pytest.raises(InvalidArgumentError, match="Concat saw a scalar shape at index 0"):
        tf.TensorArray(tf.float32, size=1).write(0, 1.0).concat()
    with pytest.raises(InvalidArgumentError, match=r"Incompatible shapes during merge: \[3\] vs"):
        tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, tf.ones([1, 3])).write(
            1, tf.ones([1, 2])).concat()
    with pytest.raises(InvalidArgumentError, match="Unused values in tensor. Length of tensor: "
                                                   "6 Values used: 3"):
        tf.TensorArray(tf.float32, size=2).split(tf.range(6.0), [1, 2])
    with pytest.raises(InvalidArgumentError, match="Invalid value in lengths: -1"):
        tf.TensorArray(tf.float32, size=2).split(tf.range(6.0), [3, -1])
    with pytest.raises(InvalidArgumentError, match=r"Attempting to slice \[0, 7\] from tensor "
                                                   "with length 6"):
        tf.TensorArray(tf.float32, size=2).split(tf.range(6.0), [7, -1])
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.TensorArray(tf.float32, size=1).split(3.0, [1])
    with pytest.raises(ValueError, match=r"Inconsistent shapes: saw \(3,\) but expected \(4,\)"):
        tf.TensorArray(tf.float32, size=2, element_shape=[4]).split(tf.range(6.0), [3, 3])
