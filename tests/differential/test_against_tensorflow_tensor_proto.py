"""`tf.make_tensor_proto` and `tf.make_ndarray` against TF 2.21 (rules: tf_compare.py).

A TensorProto prints as TF's text format: the same dtype, shape and value fields (numbers
as `tensor_content` bytes, a single value or strings as typed lists); a given `dtype`
converts, a given `shape` is filled by a single value and checked against more; and
`make_ndarray` gives the values back. Also `tf.compat.v1.enable_v2_behavior` (TensorBoard's
migration guide calls it): eager execution and value equality stay on.
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()

_VALUES = [((0,), {}), (([1.5, 2.0],), {}), (("abc",), {}), ((np.arange(6).reshape(2, 3),), {}),
           (([1, 2],), {"dtype": "float32"}), ((7.0,), {"shape": [2, 2]}),
           ((np.float16(1.5),), {}), (([True, False],), {}),
           ((np.array([1 + 2j], np.complex64),), {}), (([b"x", b"yz"],), {})]


@cases("make_tensor_proto prints as TF's TensorProto; make_ndarray reads it back")
def _(tf):
    out = []
    for args, kwargs in _VALUES:
        proto = tf.make_tensor_proto(*args, **kwargs)
        back = tf.make_ndarray(proto)
        out.append((str(proto), back.dtype.name, back.tolist()))
    return out


cases("make_tensor_proto of a tensor and of a variable")(lambda tf: (
    str(tf.make_tensor_proto(tf.constant([[1, 2]], tf.int64))),
    str(tf.make_tensor_proto(tf.Variable([0.5])))))
cases("make_tensor_proto: more values than the shape holds")(
    lambda tf: tf.make_tensor_proto([[1, 2], [3, 4]], shape=[3]))
cases("make_tensor_proto: fewer values than the shape holds repeat the last")(
    lambda tf: str(tf.make_tensor_proto([1, 2, 3], shape=[2, 2])))
cases("make_tensor_proto: verify_shape wants the exact shape")(
    lambda tf: tf.make_tensor_proto([1, 2], shape=[1, 2], verify_shape=True))


@cases("compat.v1.enable_v2_behavior in a TF2 program: still eager, == compares values")
def _(tf):
    tf.compat.v1.enable_v2_behavior()
    return tf.executing_eagerly(), tf.constant([1, 2]) == tf.constant([1, 3])


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
