"""TF NumPy (`tf.experimental.numpy`) against TensorFlow 2.21: dtypes, shapes, values, errors.

TF's `experimental_enable_numpy_behavior()` changes TF for the rest of the process and
cannot be undone, so TF's side runs in a child process (this file run as a script), once
per module: first the cases with TF's default behaviour, then with NumPy behaviour, then
with `prefer_float32=True`, then TF's newer type promotion (`dtype_conversion_mode="all"`,
then "safe": the lattice and weak tensors), and "legacy" again, as TF's guide switches.
The engine's side runs here, and restores its default after each group
(`restore_default_behavior`), so no other test sees the switch.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest \
        tests/engine/test_against_tensorflow_numpy.py
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

# -- the cases: functions of (tf, tnp) -------------------------------------------------------------
def _attribute_error(get) -> str:
    """The message of the AttributeError `get()` raises (TF's hint for NumPy's names)."""
    try:
        get()
    except AttributeError as e:
        return str(e)
    return "no error"


def _traced_attribute_error(tf, name: str) -> str:
    """The same, for a graph tensor inside tf.function."""
    messages = []

    @tf.function(autograph=False)
    def f(t):
        messages.append(_attribute_error(lambda: getattr(t, name)))
        return t
    f(tf.constant([1.0]))
    return messages[0]


DEFAULT = {  # TF's own rules, before the switch
    "mixed dtypes are an error": lambda tf, tnp: tf.constant(1) + tf.constant(1.0),
    "no .T before the switch": lambda tf, tnp: tf.ones([2, 3]).T,
    # TF: T, astype, ravel, transpose, reshape, clip, size, tolist and data, before the
    # switch, raise an AttributeError that says how to turn NumPy's methods on
    "hint for .T": lambda tf, tnp: _attribute_error(lambda: tf.ones([2]).T),
    "hint for .reshape": lambda tf, tnp: _attribute_error(lambda: tf.ones([2]).reshape),
    "hint for .astype": lambda tf, tnp: _attribute_error(lambda: tf.ones([2]).astype),
    "hint for .data": lambda tf, tnp: _attribute_error(lambda: tf.ones([2]).data),
    "hint for .size while tracing": lambda tf, tnp: _traced_attribute_error(tf, "size"),
    "no hint for .flatten": lambda tf, tnp:
        "numpy-related" in _attribute_error(lambda: tf.ones([2]).flatten),
    "no hint for a Variable": lambda tf, tnp:
        "numpy-related" in _attribute_error(lambda: tf.Variable([1.0]).T),
    "asarray(1)": lambda tf, tnp: tnp.asarray(1),
    "asarray(1.)": lambda tf, tnp: tnp.asarray(1.0),
    "asarray([1, 2.5])": lambda tf, tnp: tnp.asarray([1, 2.5]),
    "asarray(np float32)": lambda tf, tnp: tnp.asarray(np.ones(2, np.float32)),
    "ones": lambda tf, tnp: tnp.ones([2, 3]),
    "ones int32": lambda tf, tnp: tnp.ones([2], dtype=tnp.int32),
    "zeros": lambda tf, tnp: tnp.zeros([2]),
    "arange(5)": lambda tf, tnp: tnp.arange(5),
    "arange(1., 4, 0.5)": lambda tf, tnp: tnp.arange(1.0, 4, 0.5),
    "arange(1, 6, 2)": lambda tf, tnp: tnp.arange(1, 6, 2),
    "arange empty": lambda tf, tnp: tnp.arange(3, 1),
    "sqrt(32)": lambda tf, tnp: tnp.sqrt(32),
    "sqrt(int32)": lambda tf, tnp: tnp.sqrt(tf.constant([4, 9])),
    "exp(float32)": lambda tf, tnp: tnp.exp(tf.constant([0.0, 1.0])),
    "square(int32)": lambda tf, tnp: tnp.square(tf.constant([3])),
    "add(1., 2.)": lambda tf, tnp: tnp.add(1.0, 2.0),
    "add(1, 2)": lambda tf, tnp: tnp.add(1, 2),
    "add(int32, float32)": lambda tf, tnp: tnp.add(tf.constant(1), tf.constant(2.0)),
    "maximum(float32, 0)": lambda tf, tnp: tnp.maximum(tf.constant([-1.0, 2.0]), 0),
    "maximum(int32, 0.5)": lambda tf, tnp: tnp.maximum(tf.constant([0, 2]), 0.5),
    "matmul(f32, f64)": lambda tf, tnp: tnp.matmul(tf.ones([2, 2]), tf.ones([2, 1], tf.float64)),
    "matmul(matrix, vector)": lambda tf, tnp: tnp.matmul(tf.ones([2, 3]), tf.ones([3])),
    "sum(np.ones)": lambda tf, tnp: tnp.sum(np.ones([2, 3])),
    "sum(int32)": lambda tf, tnp: tnp.sum(tf.ones([2, 3], tf.int32)),
    "sum(bool)": lambda tf, tnp: tnp.sum(tf.constant([True, False, True])),
    # NumPy's rule: small unsigned ints sum as its unsigned int, uint64
    "sum(uint8)": lambda tf, tnp: tnp.sum(tf.constant([200, 100], tf.uint8)),
    "sum(uint16), sum(uint32), sum(uint64)": lambda tf, tnp: [
        tnp.sum(tf.constant([1, 2], d)) for d in (tf.uint16, tf.uint32, tf.uint64)],
    "tnp.ones(dtype=tnp.uint32), asarray of a NumPy uint16 array": lambda tf, tnp: (
        tnp.ones(2, dtype=tnp.uint32), tnp.asarray(np.array([1, 2], np.uint16)),
        tnp.uint64 is np.uint64),
    "sum axis 0": lambda tf, tnp: tnp.sum(tf.ones([2, 3]), axis=0),
    "mean(int32)": lambda tf, tnp: tnp.mean(tf.constant([1, 2])),
    "amax keepdims": lambda tf, tnp: tnp.amax(tf.constant([[1, 5], [3, 2]]), axis=1, keepdims=True),
    "expand_dims": lambda tf, tnp: tnp.expand_dims(tf.ones([3]), 0),
    "copy": lambda tf, tnp: tnp.copy(tf.constant([1, 2])),
    "reshape order F": lambda tf, tnp: tnp.reshape(tf.range(6), [2, 3], order="F"),
    "clip promotes": lambda tf, tnp: tnp.clip(tf.range(5), 1.0, 3.0),
    "around": lambda tf, tnp: tnp.around(tf.constant([0.5, 1.5, 2.55]), 1),
    "full": lambda tf, tnp: tnp.full([2], 7),
    "result_type(int32, float32)": lambda tf, tnp: tnp.result_type(tf.constant(1), tf.constant(1.0)).name,
    "result_type(float32, 2.5)": lambda tf, tnp: tnp.result_type(tf.constant(1.0), 2.5).name,
    "zeros_like float": lambda tf, tnp: tnp.zeros_like([1.5, 2]),
    "ones_like dtype": lambda tf, tnp: tnp.ones_like(tf.constant([1, 2]), dtype=tnp.float32),
    "subtract, multiply": lambda tf, tnp: (tnp.subtract(1, tf.constant(2.0)),
                                           tnp.multiply(tf.constant(2), 3)),
    "minimum(int32, float64 array)": lambda tf, tnp: tnp.minimum(tf.constant([1, 5]), np.ones(2)),
    "tanh(float32)": lambda tf, tnp: tnp.tanh(tf.constant([0.5])),
    "abs(int32)": lambda tf, tnp: tnp.abs(tf.constant([-2, 3])),
    "array of a tensor copies": lambda tf, tnp: tnp.array(tf.constant([1, 2]), dtype=tnp.int64),
    "uniform dtype": lambda tf, tnp: tnp.random.uniform(size=[2]).dtype.name,
    "randn dtype and shape": lambda tf, tnp: (tnp.random.randn(2, 3).dtype.name,
                                              tnp.random.randn(2, 3).shape.as_list()),
    "rand dtype": lambda tf, tnp: tnp.random.rand(3).dtype.name,
    "vectorized_map": lambda tf, tnp: tf.vectorized_map(
        lambda p: (tf.reduce_sum(p[0]) * p[1], p[0] * 2),
        (tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([1.0, 2.0]))),
    "vectorized_map in tf.function": lambda tf, tnp: tf.function(
        lambda x: tf.vectorized_map(lambda r: tf.reduce_sum(r * r), x))(tf.ones([3, 2])),
}

NUMPY = {  # after experimental_enable_numpy_behavior()
    "int32 + float32": lambda tf, tnp: tf.constant(1) + tf.constant(1.0),
    "int32 + int64": lambda tf, tnp: tf.constant(1) + tf.constant(1, tf.int64),
    "float32 + float64": lambda tf, tnp: tf.constant(1.0) + tf.constant(1.0, tf.float64),
    "int8 + uint8": lambda tf, tnp: tf.constant(1, tf.int8) + tf.constant(1, tf.uint8),
    "int8 + uint32, uint16 + uint32, uint64 + int64": lambda tf, tnp: (
        tf.constant(1, tf.int8) + tf.constant(1, tf.uint32),
        tf.constant(1, tf.uint16) + tf.constant(1, tf.uint32),
        tf.constant(1, tf.uint64) + tf.constant(1, tf.int64)),
    "uint32 * 2 and uint32 * 1.5": lambda tf, tnp: (
        tf.constant(3, tf.uint32) * 2, tf.constant(3, tf.uint32) * 1.5),
    "int32 * 1.5": lambda tf, tnp: tf.constant(2) * 1.5,
    "float32 + 1.5": lambda tf, tnp: tf.constant(1.0) + 1.5,
    "int32 + 1": lambda tf, tnp: tf.constant(1) + 1,
    "1. / (1. + float32)": lambda tf, tnp: 1.0 / (1.0 + tf.ones([2])),
    "float32 + np float64": lambda tf, tnp: tf.ones([2]) + np.ones([2]),
    "np float64 + float32": lambda tf, tnp: np.ones([2]) + tf.ones([2]),
    "int32 / int32": lambda tf, tnp: tf.constant(3) / tf.constant(2),
    "int32 // float32": lambda tf, tnp: tf.constant(3) // tf.constant(2.0),
    "int32 ** float32": lambda tf, tnp: tf.constant(3) ** tf.constant(2.0),
    "int32 < float32": lambda tf, tnp: tf.constant(1) < tf.constant(1.5),
    "int32 == float32": lambda tf, tnp: tf.constant(1) == tf.constant(1.0),
    "int32 @ float32": lambda tf, tnp: tf.ones([2, 2], tf.int32) @ tf.ones([2, 2]),
    "variable + int32": lambda tf, tnp: tf.Variable(1.0) + tf.constant(1),
    "tf.add still refuses": lambda tf, tnp: tf.add(tf.constant(1), tf.constant(1.0)),
    "tf.constant(1.5) stays float32": lambda tf, tnp: tf.constant(1.5),
    ".T": lambda tf, tnp: tf.reshape(tf.range(6), [2, 3]).T,
    ".reshape(3, 2)": lambda tf, tnp: tf.range(6).reshape(3, 2),
    ".reshape((3, 2))": lambda tf, tnp: tf.range(6).reshape((3, 2)),
    ".reshape(-1, order F)": lambda tf, tnp: tf.reshape(tf.range(6), [2, 3]).reshape(-1, order="F"),
    ".ravel": lambda tf, tnp: tf.ones([2, 3]).ravel(),
    ".flatten": lambda tf, tnp: tf.ones([2, 3]).flatten(),
    ".astype": lambda tf, tnp: tf.constant([1.7, -1.7]).astype(tnp.int32),
    ".size": lambda tf, tnp: tf.ones([2, 3]).size,
    ".ndim": lambda tf, tnp: tf.ones([2, 3]).ndim,
    ".tolist": lambda tf, tnp: tf.constant([[1, 2]]).tolist(),
    ".clip": lambda tf, tnp: tf.range(5).clip(1, 3),
    ".max": lambda tf, tnp: tf.constant([[1.0, 5.0], [3.0, 2.0]]).max(),
    ".min(axis=1)": lambda tf, tnp: tf.constant([[1.0, 5.0], [3.0, 2.0]]).min(axis=1),
    ".mean of ints": lambda tf, tnp: tf.range(4).mean(),
    ".transpose(axes)": lambda tf, tnp: tf.ones([2, 3, 4]).transpose((1, 0, 2)),
    "round()": lambda tf, tnp: round(tf.constant([0.5, 1.5, 2.5])),
    "sqrt(int32) with the switch": lambda tf, tnp: tnp.sqrt(tf.constant([4, 9])),
    "sqrt(32) with the switch": lambda tf, tnp: tnp.sqrt(32),
    "log(int64)": lambda tf, tnp: tnp.log(tnp.arange(1, 3)),
    "around with the switch": lambda tf, tnp: tnp.around(tf.constant([0.5, 1.5, 2.55]), 1),
    "true_divide(int32, int32)": lambda tf, tnp: tnp.true_divide(tf.constant(3), tf.constant(2)),
    "ones(float) with the switch": lambda tf, tnp: tnp.ones([2]),
    "basic indexing with newaxis": lambda tf, tnp: tnp.arange(24).reshape(2, 3, 4)[
        1, tnp.newaxis, 1:3, ...],
    "boolean tuple index": lambda tf, tnp: tnp.arange(24).reshape(2, 3, 4)[:, (True, False, True)],
    "advanced index": lambda tf, tnp: tnp.arange(24).reshape(2, 3, 4)[
        1, (0, 0, 1), tnp.asarray([0, 1, 1])],
    "index list": lambda tf, tnp: tf.range(6)[[0, 5, 5]],
    "boolean mask tensor": lambda tf, tnp: tf.range(6)[tf.range(6) > 2],
    "index list with ellipsis": lambda tf, tnp: tnp.arange(24).reshape(2, 3, 4)[..., [0, 2]],
    "scalar boolean tensor index": lambda tf, tnp: tf.range(3)[tf.constant(True)],
    "index tensor and NumPy array": lambda tf, tnp: (tf.range(3)[tf.constant([0, 1])],
                                                     tf.range(3)[np.array([2, 0])]),
    "float32 + list": lambda tf, tnp: tf.ones([2]) + [1.0, 2.0],
    "float32 == None": lambda tf, tnp: tf.ones([2]) == None,  # noqa: E711 - the case
    "float32 + np.int64 scalar": lambda tf, tnp: tf.ones([2]) + np.int64(1),
    "item assignment": lambda tf, tnp: tnp.arange(6).__setitem__(1, -1),
    "gradient through promotion": lambda tf, tnp: _gradient(tf, tnp),
}

PREFER_FLOAT32 = {  # after experimental_enable_numpy_behavior(prefer_float32=True)
    "asarray(1.)": lambda tf, tnp: tnp.asarray(1.0),
    "asarray([1., 2.])": lambda tf, tnp: tnp.asarray([1.0, 2.0]),
    "add(1., 2.)": lambda tf, tnp: tnp.add(1.0, 2.0),
    "ones": lambda tf, tnp: tnp.ones([2]),
    "sqrt(int32)": lambda tf, tnp: tnp.sqrt(tf.constant(4)),
    "int32 * 1.5": lambda tf, tnp: tf.constant(2) * 1.5,
    "randn": lambda tf, tnp: tnp.random.randn(2).dtype.name,
}


def _message(fn) -> str:
    """The message of the TypeError `fn()` raises (SAFE mode's refusals), or "no error"."""
    try:
        fn()
    except TypeError as e:
        return str(e)
    return "no error"


def _chain(tf, first: str):
    """The guide's `tf.add(tf.add(a, b), c)` with a = int8 array, b = tf.constant(1),
    c = float16 array; `first` "b" swaps a and b."""
    a, b, c = np.array(1, dtype=np.int8), tf.constant(1), np.array(1, dtype=np.float16)
    return tf.add(tf.add(b, a), c) if first == "b" else tf.add(tf.add(a, b), c)


ALL = {  # after experimental_enable_numpy_behavior(dtype_conversion_mode="all")
    "i32 + f32 is f32": lambda tf, tnp: tf.constant(10, tf.int32) + tf.constant(5.0, tf.float32),
    "i64 + f16 is f16": lambda tf, tnp: tf.constant(1, tf.int64) + tf.constant(3.2, tf.float16),
    "u8 + i8 is i16": lambda tf, tnp: tf.constant(1, tf.uint8) + tf.constant(2, tf.int8),
    # the tf_numpy_type_promotion guide's table: an unsigned type sits below the signed one
    # twice its width; uint64 with a signed int has none, so a weak float64
    "u32 + i8 is i64, u16 + u32 is u32, u64 + i64 is f64*": lambda tf, tnp: (
        tf.constant(1, tf.uint32) + tf.constant(2, tf.int8),
        tf.constant(1, tf.uint16) + tf.constant(2, tf.uint32),
        tf.constant(1, tf.uint64) + tf.constant(2, tf.int64)),
    "u32 + weak int is u32, u16 + weak float is f64*": lambda tf, tnp: (
        tf.constant(1, tf.uint32) + 5,
        tf.constant(1, tf.uint16) + 2.5),
    "f64 + c64 is c128": lambda tf, tnp: tf.constant(1.0, tf.float64)
        + tf.constant(1j, tf.complex64),
    "weak f32 + f16 is f16": lambda tf, tnp: tf.constant(1.2) + tf.constant(3.1, tf.float16),
    "constant(5) is weak i32": lambda tf, tnp: tf.constant(5),
    "constant list is weak f32": lambda tf, tnp: tf.constant([5.0, 10.0, 3]),
    "constant(1j) is weak c128": lambda tf, tnp: tf.constant(1j),
    "constant with dtype is strong": lambda tf, tnp: tf.constant(5, tf.int32),
    "constant(True) is strong bool": lambda tf, tnp: tf.constant(True),
    "constant(2 ** 40)": lambda tf, tnp: tf.constant(2 ** 40),
    "constant(np.float32) is strong": lambda tf, tnp: tf.constant(np.float32(1.5)),
    "constant of a weak tensor stays weak": lambda tf, tnp: tf.constant(tf.constant(2.0)),
    "zeros_like of a NumPy array is strong": lambda tf, tnp: tf.zeros_like(np.ones(2)),
    "constant of an int64 array is strong": lambda tf, tnp: tf.constant(np.array([1, 2])),
    "constant(int16 tensor, float32)": lambda tf, tnp: tf.constant(tf.constant(10, tf.int16),
                                                                   tf.float32),
    "math.abs(list) is weak": lambda tf, tnp: tf.math.abs([100.0, -4.0]),
    "math.abs(strong) stays strong": lambda tf, tnp: tf.math.abs(tf.constant([-1.0])),
    "reduce_sum(list) is weak": lambda tf, tnp: tf.reduce_sum([1, 2, 3]),
    "reshape(list) is weak": lambda tf, tnp: tf.reshape([1, 2, 3, 4], [2, 2]),
    "zeros_like(1.0) is weak": lambda tf, tnp: tf.zeros_like(1.0),
    "nn.relu6(list) is weak": lambda tf, tnp: tf.nn.relu6([-1.0, 2.0]),
    "nn.relu(list) is strong (TF leaves it unwrapped)": lambda tf, tnp: tf.nn.relu([-1.0, 2.0]),
    "reduce_mean of an int8 array is strong": lambda tf, tnp: tf.reduce_mean(np.int8([1, 2])),
    "tf.math.square(3)": lambda tf, tnp: tf.math.square(3),
    "tf.add(python, python) is weak": lambda tf, tnp: tf.add(1, 2),
    "tf.multiply(i32, 2.5) is weak f64": lambda tf, tnp: tf.multiply(tf.constant(2), 2.5),
    "tf.subtract(f16, 1)": lambda tf, tnp: tf.subtract(tf.constant([3.0], tf.float16), 1),
    "tf.maximum(1, 2.5) is not weak": lambda tf, tnp: tf.maximum(1, 2.5),
    "matmul of weak lists": lambda tf, tnp: tf.linalg.matmul([[1.0, 2.0]], [[3.0], [4.0]]),
    "(a + b) + c is f16": lambda tf, tnp: _chain(tf, "a"),
    "(b + a) + c is f16": lambda tf, tnp: _chain(tf, "b"),
    "f16 array + i8 + weak": lambda tf, tnp: np.array(3.2, np.float16) + tf.constant(1, tf.int8)
        + tf.constant(50),
    "-constant(5) is weak": lambda tf, tnp: -tf.constant(5),
    "weak[0] is strong": lambda tf, tnp: tf.constant([1, 2])[0],
    "rows of a weak tensor are weak": lambda tf, tnp: list(tf.constant([1, 2])),
    "weak.T and weak.reshape stay weak": lambda tf, tnp: (tf.constant([1, 2]).T,
                                                          tf.constant([1, 2]).reshape(2, 1)),
    "weak.astype is strong": lambda tf, tnp: tf.constant([1, 2]).astype(tf.float32),
    "round(weak) is weak": lambda tf, tnp: round(tf.constant(1.5)),
    "f-string of a weak tensor": lambda tf, tnp: f"{tf.constant(1.5)}",
    "strong.T stays strong": lambda tf, tnp: tf.constant([1, 2], tf.int32).T,
    "abs(constant(-5.)) is weak": lambda tf, tnp: abs(tf.constant(-5.0)),
    "i16 - f32 is f32": lambda tf, tnp: tf.constant(5, tf.int16) - tf.constant(1, tf.float32),
    "i32 * 2.5 is weak f64": lambda tf, tnp: tf.constant(2) * 2.5 + tf.constant(1, tf.int8),
    "2.5 * f16": lambda tf, tnp: 2.5 * tf.constant([2.0], tf.float16),
    "weak == 5 is bool": lambda tf, tnp: tf.constant(5) == 5,
    "int32 < float32 does not promote": lambda tf, tnp: tf.constant(1)
        < tf.constant(1.5, tf.float32),
    "int32 != float32 does not promote": lambda tf, tnp: tf.constant(1) != tf.constant(1.0),
    "int32 == float32 promotes": lambda tf, tnp: tf.constant(1) == tf.constant(1.0),
    "5 // 2 and 5 % 2.0 are weak": lambda tf, tnp: (tf.constant(5) // 2, tf.constant(5) % 2.0),
    "weak ** 0.5": lambda tf, tnp: tf.constant(2) ** 0.5,
    "float32 @ list": lambda tf, tnp: tf.constant([[1.0]]) @ [[2.0]],
    "str(weak)": lambda tf, tnp: str(tf.constant([1.5, 2.0])),
    "repr(weak matrix)": lambda tf, tnp: repr(tf.constant([[1, 2], [3, 4]])),
    "variable.assign_add(int16)": lambda tf, tnp: tf.Variable(10, tf.int32).assign_add(
        tf.constant(5, tf.int16)),
    "variable.assign(5) keeps int64": lambda tf, tnp: tf.Variable(np.int64(1)).assign(5),
    "variable.assign(float) is refused": lambda tf, tnp: tf.Variable(1).assign(
        tf.constant(1.5, tf.float32)),
    "tnp.array(1) is weak i32": lambda tf, tnp: tnp.array(1),
    "tnp.array(1.0) is weak f32": lambda tf, tnp: tnp.array(1.0),
    "tnp.asarray([1, 2]) is weak i32": lambda tf, tnp: tnp.asarray([1, 2]),
    "tnp.array(int8) is strong": lambda tf, tnp: tnp.array(np.int8(3)),
    "gradient through a promotion": lambda tf, tnp: _all_mode_gradient(tf),
    "tf.function: a weak constant inside gives way": lambda tf, tnp: _traced_weak_constant(tf),
}

SAFE = {  # after experimental_enable_numpy_behavior(dtype_conversion_mode="safe")
    "i32 + f32 is refused": lambda tf, tnp: _message(
        lambda: tf.constant(10, tf.int32) + tf.constant(5.0, tf.float32)),
    "tf.add(i32, f32) is refused": lambda tf, tnp: _message(
        lambda: tf.add(tf.constant(1), tf.constant(1.0))),
    "u8 + i8 is refused (a new dtype)": lambda tf, tnp: _message(
        lambda: tf.constant(1, tf.uint8) + tf.constant(2, tf.int8)),
    "u32 + i8 is refused, u8 + u32 is u32": lambda tf, tnp: (
        _message(lambda: tf.constant(1, tf.uint32) + tf.constant(2, tf.int8)),
        tf.constant(1, tf.uint8) + tf.constant(2, tf.uint32)),
    "i64 + f16 is refused": lambda tf, tnp: _message(
        lambda: tf.constant(1, tf.int64) + tf.constant(3.2, tf.float16)),
    "i8 + i16 is i16": lambda tf, tnp: tf.constant(1, tf.int8) + tf.constant(2, tf.int16),
    "i8 + f16 is f16": lambda tf, tnp: tf.constant(1, tf.int8) + tf.constant(2, tf.float16),
    "i16 + f32 is f32": lambda tf, tnp: tf.constant(1, tf.int16) + tf.constant(2, tf.float32),
    "f32 + c64 is c64": lambda tf, tnp: tf.constant(1.0) * tf.constant(2j, tf.complex64),
    "weak f32 + f16 is f16": lambda tf, tnp: tf.constant(1.2) + tf.constant(3.1, tf.float16),
    "i32 + weak f32 is refused": lambda tf, tnp: _message(lambda: tf.constant(1, tf.int32) + 1.5),
    "weak f32 + i32 is refused": lambda tf, tnp: _message(lambda: 1.5 + tf.constant(1, tf.int32)),
    "np.float64 * i64 is refused": lambda tf, tnp: _message(
        lambda: np.float64(2.0) * tf.constant(1, tf.int64)),
    "tf.multiply(i8, f16) is f16": lambda tf, tnp: tf.multiply(tf.constant(2, tf.int8),
                                                               tf.constant(1.5, tf.float16)),
    "variable.assign_add(1.5) to int32 is refused": lambda tf, tnp: _message(
        lambda: tf.Variable(1).assign_add(1.5)),
    "constant(1.5, tf.int32)": lambda tf, tnp: tf.constant(1.5, tf.int32),
    "constant(5) is weak i32": lambda tf, tnp: tf.constant(5),
}

LEGACY_AGAIN = {  # dtype_conversion_mode="legacy" after "all" and "safe" (the guide switches)
    "constant(5) is not weak": lambda tf, tnp: tf.constant(5),
    "i32 + f32 is f64": lambda tf, tnp: tf.constant(1) + tf.constant(1.0),
    "f16 array + i8 + i32": lambda tf, tnp: np.array(3.2, np.float16) + tf.constant(1, tf.int8)
        + tf.constant(50),
    "tnp.array(1) is int64": lambda tf, tnp: tnp.array(1),
}


def _traced_weak_constant(tf):
    @tf.function
    def f(x):
        return x * 2 + tf.constant(1.5) + tf.reduce_sum([1.0, 2.0])
    return f(tf.constant([1.0, 2.0], tf.float16))


def _all_mode_gradient(tf):
    x = tf.constant([1.0, 2.0], tf.float16)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * tf.constant(3) + 1.5)
    return tape.gradient(y, x)


def _gradient(tf, tnp):
    x, y = tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = tnp.sum((x * y + 1) ** 2)
    return tape.gradient(z, x)


GROUPS = {"default": DEFAULT, "numpy": NUMPY, "prefer_float32": PREFER_FLOAT32, "all": ALL,
          "safe": SAFE, "legacy again": LEGACY_AGAIN}


def outcome(fn, tf, tnp):
    """What a case gives, as JSON: a tensor's dtype, shape and values, or the error's class."""
    try:
        return _plain(fn(tf, tnp))
    except Exception as e:  # noqa: BLE001 - the exception is the outcome
        return ["error", type(e).__name__]


def _plain(value):
    if isinstance(value, (tuple, list)):
        return ["seq", [_plain(v) for v in value]]
    if hasattr(value, "dtype") and hasattr(value, "numpy"):  # (weak: TF's repr says so)
        values = np.asarray(value.numpy())
        if np.iscomplexobj(values):  # (JSON has no complex numbers: the two parts)
            values = np.stack([values.real, values.imag])
        return ["tensor", value.dtype.name, list(value.shape), "weak=True" in repr(value),
                values.tolist()]
    if isinstance(value, (np.generic, np.ndarray)):
        return ["numpy", np.asarray(value).dtype.name, np.asarray(value).tolist()]
    return ["python", type(value).__name__, value if isinstance(value, (int, float, str)) else repr(value)]


def _run_groups(tf, tnp, enable, restore=lambda: None) -> dict:
    """Every group's outcomes, enabling TF NumPy's behaviour as each group needs."""
    results = {"default": {name: outcome(fn, tf, tnp) for name, fn in DEFAULT.items()}}
    enable()
    results["numpy"] = {name: outcome(fn, tf, tnp) for name, fn in NUMPY.items()}
    enable(prefer_float32=True)
    results["prefer_float32"] = {name: outcome(fn, tf, tnp) for name, fn in PREFER_FLOAT32.items()}
    for group, mode in (("all", "all"), ("safe", "safe"), ("legacy again", "legacy")):
        restore()  # (the engine's side: each group starts from the default; TF cannot go back)
        enable(dtype_conversion_mode=mode)
        results[group] = {name: outcome(fn, tf, tnp) for name, fn in GROUPS[group].items()}
    restore()
    return results


if __name__ == "__main__":  # TF's side, in its own process
    import tensorflow as real_tf
    import tensorflow.experimental.numpy as real_tnp
    print(json.dumps(_run_groups(real_tf, real_tnp, real_tnp.experimental_enable_numpy_behavior)))
    sys.exit(0)

pytest.importorskip("tensorflow")  # (CI's TF step; elsewhere skipped)

import course.engine as eng  # noqa: E402
import course.engine.experimental.numpy as eng_tnp  # noqa: E402
from course.engine.numpy_api.behavior import restore_default_behavior  # noqa: E402


@pytest.fixture(scope="module")
def outcomes():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    tf_side = subprocess.run([sys.executable, __file__], capture_output=True, text=True, env=env,
                             timeout=300, check=True)
    try:
        ours = _run_groups(eng, eng_tnp, eng_tnp.experimental_enable_numpy_behavior)
    finally:
        restore_default_behavior()
    return json.loads(tf_side.stdout.strip().splitlines()[-1]), ours


def _same(a, b) -> bool:
    if a[0] != b[0]:
        return False
    if a[0] == "seq":
        return len(a[1]) == len(b[1]) and all(_same(x, y) for x, y in zip(a[1], b[1]))
    if a[0] in ("tensor", "numpy"):
        if a[:-1] != b[:-1]:
            return False
        return np.allclose(np.asarray(a[-1], dtype=float), np.asarray(b[-1], dtype=float),
                           rtol=1e-6, equal_nan=True)
    return a == b


CASES = [(group, name) for group, cases in GROUPS.items() for name in cases]


@pytest.mark.parametrize("group,name", CASES, ids=[f"{g}: {n}" for g, n in CASES])
def test_same_as_tensorflow(outcomes, group, name):
    theirs, ours = outcomes
    assert _same(theirs[group][name], ours[group][name]), \
        f"TF: {theirs[group][name]}\nengine: {ours[group][name]}"


def test_engine_default_is_restored_after_the_module(outcomes):
    with pytest.raises(eng.errors.InvalidArgumentError):
        eng.constant(1) + eng.constant(1.0)
