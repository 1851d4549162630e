"""`tf.keras.ops` (Keras 3's `keras.ops`, TensorFlow backend) against TF 2.21's Keras: values,
dtypes (Keras's promotion lattice, not TF's rules), shapes, errors (rules: tf_compare.py)."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
I32 = np.array([1, 2, 3], np.int32)
I8 = np.array([1, 2], np.int8)
F16 = np.array([0.5, 1.5], np.float16)
F64 = np.array([1.0, 4.0])
M = np.arange(6, dtype=np.float32).reshape(2, 3)

cases("keras.ops makes float32 by default: ones, zeros, full of an int, eye, identity")(
    lambda tf: (tf.keras.ops.ones((2,)), tf.keras.ops.zeros(3), tf.keras.ops.full((2,), 3),
                tf.keras.ops.ones((2,), dtype="int32"), tf.keras.ops.eye(2),
                tf.keras.ops.eye(2, 3, k=1), tf.keras.ops.identity(2),
                tf.keras.ops.full_like(I32, 7), tf.keras.ops.ones_like(F64),
                tf.keras.ops.zeros_like(I32, dtype="float32")))
cases("keras.ops.arange: ints give int32, a float float32; linspace is float32")(lambda tf: (
    tf.keras.ops.arange(3), tf.keras.ops.arange(1, 7, 2), tf.keras.ops.arange(0.0, 1.0, 0.25),
    tf.keras.ops.arange(4, dtype="float32"), tf.keras.ops.linspace(0, 1, 5),
    tf.keras.ops.linspace(0.0, 1.0, 4, endpoint=False)))
cases("keras.ops.convert_to_tensor: Python floats float32, NumPy keeps its dtype, dtype= casts")(
    lambda tf: (tf.keras.ops.convert_to_tensor(1.5), tf.keras.ops.convert_to_tensor(3),
                tf.keras.ops.convert_to_tensor([1, 2]), tf.keras.ops.convert_to_tensor(F64),
                tf.keras.ops.convert_to_tensor([1.7, 2.0], dtype="int32"),
                tf.keras.ops.convert_to_tensor(tf.constant([1, 2]), dtype="float32"),
                tf.keras.ops.convert_to_tensor(tf.Variable([1.0, 2.0]))))
cases("keras.ops.cast truncates toward zero; shape is a tuple; dtype a string")(lambda tf: (
    tf.keras.ops.cast([1.7, -1.2], "int32"), tf.keras.ops.cast(I32, tf.float16),
    tf.keras.ops.shape(tf.keras.ops.ones((2, 3))), tf.keras.ops.shape([[1], [2]]),
    tf.keras.ops.dtype(I8), tf.keras.ops.is_tensor(tf.constant(1)), tf.keras.ops.is_tensor(M),
    tf.keras.ops.convert_to_numpy(tf.constant([1.0, 2.0])), tf.keras.ops.ndim(M),
    tf.keras.ops.size(M)))
cases("Keras promotion: int32 + Python float is float32, int8 + Python int stays int8")(
    lambda tf: (tf.keras.ops.add(I32, 1.5), tf.keras.ops.add(I8, 1), tf.keras.ops.multiply(2, 3),
                tf.keras.ops.multiply(2, 1.5), tf.keras.ops.subtract(F16, 1.0),
                tf.keras.ops.add(True, 1)))
cases("Keras promotion between tensors: int32 + float16 is float16, int64 + float32 float32")(
    lambda tf: (tf.keras.ops.add(I32, np.array([0.5, 0.5, 0.5], np.float16)),
                tf.keras.ops.add(np.array([2]), np.array([1.5], np.float32)),
                tf.keras.ops.multiply(I8, np.array([3, 4], np.int16)),
                tf.keras.ops.maximum(np.array([1, 5], np.uint8), np.array([3, 2], np.int8)),
                tf.keras.ops.minimum(F16, F64[:2]), tf.keras.ops.power(I32, 0.5),
                tf.keras.ops.power(2, 3), tf.keras.ops.add(np.array([1], np.uint8), 1)))
cases("keras.ops.divide of ints is float32 (TF's / gives float64)")(lambda tf: (
    tf.keras.ops.divide(I32, I32), tf.keras.ops.true_divide(np.array([1, 2]), 2),
    tf.keras.ops.divide(F16, 2), tf.keras.ops.divide(1, 4)))
cases("keras.ops.where: promoted branches; a lone condition gives indices per axis")(lambda tf: (
    tf.keras.ops.where([True, False], 1, 2.5), tf.keras.ops.where(M > 2, M, 0),
    tf.keras.ops.where([True, False, True]), tf.keras.ops.where(M > 2),
    tf.keras.ops.nonzero(np.array([0, 3, 0, 4]))))
cases("keras.ops.where: x1 without x2")(lambda tf: tf.keras.ops.where([True], 1.0))
cases("keras.ops comparisons and logical ops")(lambda tf: (
    tf.keras.ops.equal([1, 2], [1, 3]), tf.keras.ops.not_equal(I32, 2.0),
    tf.keras.ops.less(I8, F16), tf.keras.ops.less_equal(M, 2), tf.keras.ops.greater(M, 3),
    tf.keras.ops.greater_equal(I32, 2), tf.keras.ops.logical_and([1, 0], [1, 1]),
    tf.keras.ops.logical_or([True, False], [False, False]), tf.keras.ops.logical_not([0, 2]),
    tf.keras.ops.logical_xor([True, True], [True, False])))
cases("keras.ops unary math: ints become float32 for exp, sqrt, log, floor, tanh")(lambda tf: (
    tf.keras.ops.exp(I32), tf.keras.ops.exp([1, 2]), tf.keras.ops.sqrt(I32),
    tf.keras.ops.log(2), tf.keras.ops.log1p(F64), tf.keras.ops.expm1(F16),
    tf.keras.ops.floor(I32), tf.keras.ops.ceil(np.array([1.2, -1.2], np.float32)),
    tf.keras.ops.tanh(I32), tf.keras.ops.sin(I8), tf.keras.ops.cos(M),
    tf.keras.ops.exp(np.array([True, False]))))
cases("keras.ops unary math that keeps ints: square, abs, negative, sign, clip")(lambda tf: (
    tf.keras.ops.square(I32), tf.keras.ops.square([2, 3]), tf.keras.ops.square(M),
    tf.keras.ops.square(np.array([True, False])), tf.keras.ops.abs(-2),
    tf.keras.ops.absolute(np.array([-1.5, 2.0])), tf.keras.ops.negative(I8),
    tf.keras.ops.sign(np.array([-2.0, 0.0, 3.0], np.float32)),
    tf.keras.ops.clip(I32, 2, 3), tf.keras.ops.clip(M, 1.0, 4.0),
    tf.keras.ops.clip(np.array([True, False]), 0, 1)))
cases("keras.ops.round: half to even, and to decimals")(lambda tf: (
    tf.keras.ops.round(np.array([0.5, 1.5, 2.5, -0.5], np.float32)),
    tf.keras.ops.round(np.array([0.5, 1.5, 2.567]), 1), tf.keras.ops.round(tf.constant(I32), 1),
    tf.keras.ops.round(np.array([15, 25], np.int32), -1)))
cases("keras.ops.sum: bool, int8 and int16 sum to int32; int32 and floats keep their dtype")(
    lambda tf: (tf.keras.ops.sum(I32), tf.keras.ops.sum(I8), tf.keras.ops.sum([True, True]),
                tf.keras.ops.sum(np.array([1, 2], np.int16)),
                tf.keras.ops.sum([1, 2]),
                tf.keras.ops.sum(M, axis=1, keepdims=True), tf.keras.ops.sum(M, axis=(0, 1)),
                tf.keras.ops.sum(F64), tf.keras.ops.sum(M, axis=-1)))
cases("keras.ops.mean of ints is float32; float16 is averaged in float32 and cast back")(
    lambda tf: (tf.keras.ops.mean(I32), tf.keras.ops.mean(np.array([1, 2])),
                tf.keras.ops.mean([1.0, 2.0]), tf.keras.ops.mean(F16), tf.keras.ops.mean(F64),
                tf.keras.ops.mean([True, False, True]), tf.keras.ops.mean(M, axis=0),
                tf.keras.ops.mean(M, axis=-1, keepdims=True)))
cases("keras.ops with unsigned ints: uint8/uint16 sum and prod in uint32, a uint64 product "
      "in uint32 (Keras's result_type on TF), uint32 + int8 is int64, uint64 + int64 float32")(
    lambda tf: [tf.keras.ops.sum(np.array([200, 100], d)) for d in (np.uint8, np.uint16, np.uint32)]
    + [tf.keras.ops.prod(np.array([3, 2], d)) for d in (np.uint8, np.uint32, np.uint64)]
    + [tf.keras.ops.add(np.array([1], np.uint32), np.array([1], np.int8)),
       tf.keras.ops.add(np.array([1], np.uint64), np.array([1], np.int64)),
       tf.keras.ops.multiply(np.array([3], np.uint16), 2),
       tf.keras.ops.mean(np.array([1, 2], np.uint32)),
       tf.keras.ops.argmax(np.array([1, 2], np.uint32)), tf.keras.ops.cast(I32, "uint64")])
cases("keras.ops max, min (of bools: any, all), prod, var, std, all, any, logsumexp")(lambda tf: (
    tf.keras.ops.max([1, 3]), tf.keras.ops.max(M, axis=0), tf.keras.ops.min(M, axis=1),
    tf.keras.ops.max([True, False]), tf.keras.ops.min([True, False]),
    tf.keras.ops.amax(M), tf.keras.ops.amin(I32), tf.keras.ops.prod(I8),
    tf.keras.ops.prod(M, axis=0), tf.keras.ops.var(I32), tf.keras.ops.var(M, axis=1),
    tf.keras.ops.var(F64), tf.keras.ops.std([1.0, 3.0]), tf.keras.ops.std(I32),
    tf.keras.ops.all(M), tf.keras.ops.any(M > 4, axis=0), tf.keras.ops.logsumexp(M, axis=1)))
cases("keras.ops.argmax/argmin are int32, over the flattened tensor without axis")(lambda tf: (
    tf.keras.ops.argmax(np.array([[1, 3], [4, 2]]), axis=-1), tf.keras.ops.argmax(M),
    tf.keras.ops.argmin(M, axis=0), tf.keras.ops.argmax(M, axis=1, keepdims=True),
    tf.keras.ops.argmin(np.array([3.0, -1.0, 2.0]))))
cases("keras.ops.matmul: NumPy's vectors, batches, ints promoted with floats")(lambda tf: (
    tf.keras.ops.matmul(M, M.T), tf.keras.ops.matmul(M, np.ones(3, np.float32)),
    tf.keras.ops.matmul(np.ones(2, np.float32), M),
    tf.keras.ops.matmul(np.ones(3, np.float32), np.ones(3, np.float32)),
    tf.keras.ops.matmul(np.ones((2, 3), np.int32), np.ones((3, 2), np.int32)),
    tf.keras.ops.matmul(np.ones((2, 3), np.int32), np.ones((3, 2), np.float32)),
    tf.keras.ops.matmul(np.ones((4, 2, 3), np.float32), np.ones((3, 5), np.float32))))
cases("keras.ops dot, tensordot, einsum")(lambda tf: (
    tf.keras.ops.dot(tf.keras.ops.ones(3), tf.keras.ops.ones(3)), tf.keras.ops.dot(M, M.T),
    tf.keras.ops.dot(M, np.ones(3, np.float32)), tf.keras.ops.dot(2.0, M),
    tf.keras.ops.tensordot(M, M, axes=[[1], [1]]), tf.keras.ops.einsum("ij,kj->ik", M, M),
    tf.keras.ops.dot(I32, I32)))
cases("keras.ops shapes: reshape, transpose, expand_dims (tuple axes), squeeze")(lambda tf: (
    tf.keras.ops.reshape(tf.keras.ops.ones(4), (2, -1)), tf.keras.ops.transpose(M),
    tf.keras.ops.transpose(np.ones((2, 3, 4)), (2, 0, 1)), tf.keras.ops.expand_dims(M, 0),
    tf.keras.ops.expand_dims(np.ones(2), (0, 2)), tf.keras.ops.expand_dims(M, -1),
    tf.keras.ops.squeeze(np.ones((1, 2, 1))), tf.keras.ops.squeeze(np.ones((1, 2, 1)), axis=-1)))
cases("keras.ops.squeeze of an axis that is not 1")(
    lambda tf: tf.keras.ops.squeeze(np.ones((1, 2)), axis=1))
cases("keras.ops concatenate and stack promote mixed dtypes")(lambda tf: (
    tf.keras.ops.concatenate([tf.keras.ops.ones((1, 2)), tf.keras.ops.zeros((1, 2))]),
    tf.keras.ops.concatenate([M, M], axis=-1), tf.keras.ops.concatenate([I32, F16]),
    tf.keras.ops.stack([tf.keras.ops.ones(2), tf.keras.ops.zeros(2)]),
    tf.keras.ops.stack([I32, I32], axis=1), tf.keras.ops.stack([I8, np.array([1.5, 2.5])]),
    tf.keras.ops.unstack(M, axis=1)))
cases("keras.ops tile (NumPy's rule for short and long repeats), broadcast_to, take, flip")(
    lambda tf: (tf.keras.ops.tile(tf.keras.ops.ones(2), 2), tf.keras.ops.tile(M, (2, 1)),
                tf.keras.ops.tile(np.array([1, 2]), (2, 2)), tf.keras.ops.tile(M, (2,)),
                tf.keras.ops.broadcast_to(I32, (2, 3)),
                tf.keras.ops.take(M, [0, 2], axis=1), tf.keras.ops.take(M, [-1, 0]),
                tf.keras.ops.take(M, np.array([[1], [0]]), axis=0), tf.keras.ops.flip(I32),
                tf.keras.ops.flip(M, axis=1), tf.keras.ops.flip(M)))
cases("keras.ops activations: relu, relu6, sigmoid, tanh, softmax, log_softmax")(lambda tf: (
    tf.keras.ops.relu([-1.0, 2.0]), tf.keras.ops.relu6(np.array([7.0, -1.0, 3.0], np.float32)),
    tf.keras.ops.sigmoid(0.0), tf.keras.ops.sigmoid(M),
    tf.keras.ops.softmax(np.array([1.0, 2.0], np.float32)), tf.keras.ops.softmax(M, axis=0),
    tf.keras.ops.softmax(M, axis=None), tf.keras.ops.log_softmax(M),
    tf.keras.ops.log_softmax(M, axis=None)))
cases("keras.ops activations: leaky_relu (slope 0.2), elu, silu, swish, gelu, hard_sigmoid",
      rtol=1e-6)(
    lambda tf: (tf.keras.ops.leaky_relu(np.array([-1.0, 2.0], np.float32)),
                tf.keras.ops.leaky_relu(np.array([-1.0], np.float32), negative_slope=0.5),
                tf.keras.ops.elu(np.array([-1.0, 1.0], np.float32)),
                tf.keras.ops.elu(np.array([-1.0, 1.0], np.float32), alpha=0.5),
                tf.keras.ops.silu(np.array([-1.0, 1.0], np.float32)), tf.keras.ops.swish(M),
                tf.keras.ops.gelu(np.array([-1.0, 0.5, 1.0], np.float32)),
                tf.keras.ops.hard_sigmoid(np.array([-4.0, 0.0, 1.0], np.float32))))
cases("keras.ops.softmax of ints fails as TF's Softmax does", compare_message=False)(
    lambda tf: tf.keras.ops.softmax(np.array([1, 2])))
cases("keras.ops.one_hot is float32 (dtype=, axis=)")(lambda tf: (
    tf.keras.ops.one_hot(np.array([0, 2]), 3), tf.keras.ops.one_hot([1, 0], 2, dtype="int32"),
    tf.keras.ops.one_hot(np.array([0, 1]), 3, axis=0)))
cases("keras.ops cross-entropies: (target, output), one value per sample (binary: per value)",
      rtol=1e-6)(
    lambda tf: (tf.keras.ops.categorical_crossentropy(np.array([[0.0, 1.0]], np.float32),
                                                      np.array([[0.3, 0.7]], np.float32)),
                tf.keras.ops.categorical_crossentropy(np.array([[0.0, 1.0]], np.float32),
                                                      np.array([[0.3, 0.7]], np.float32),
                                                      from_logits=True),
                tf.keras.ops.sparse_categorical_crossentropy(
                    np.array([1, 0]), np.array([[0.3, 0.7], [0.9, 0.1]], np.float32)),
                tf.keras.ops.sparse_categorical_crossentropy(
                    np.array([1]), np.array([[2.0, -1.0]], np.float32), from_logits=True),
                tf.keras.ops.binary_crossentropy(np.array([1.0, 0.0], np.float32),
                                                 np.array([0.7, 0.2], np.float32)),
                tf.keras.ops.binary_crossentropy(np.array([[1.0, 0.0]], np.float32),
                                                 np.array([[3.0, -1.0]], np.float32),
                                                 from_logits=True)))


@cases("gradients flow through keras.ops (matmul, mean, square, exp)")
def _(tf):
    ops = tf.keras.ops
    w = tf.Variable(np.array([[0.5, -1.0], [2.0, 0.25], [1.0, 1.0]], np.float32))
    with tf.GradientTape() as tape:
        y = ops.matmul(ops.convert_to_tensor(M), w)
        loss = ops.mean(ops.square(y - 1.0)) + ops.sum(ops.exp(0.1 * w))
    return loss, tape.gradient(loss, w)


@cases("keras.ops inside tf.function: shape gives a tensor for an unknown batch size")
def _(tf):
    ops = tf.keras.ops

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def f(x):
        batch, dim = ops.shape(x)
        return ops.reshape(ops.sum(x, axis=1), (batch, 1)) * dim

    return f(M), f(np.ones((1, 3), np.float32))


@cases("a Keras layer written with keras.ops (the guides' Linear)")
def _(tf):
    ops = tf.keras.ops

    class Linear(tf.keras.layers.Layer):
        def __init__(self, units=2):
            super().__init__()
            self.units = units

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones")
            self.b = self.add_weight(shape=(self.units,), initializer="zeros")

        def call(self, inputs):
            return ops.matmul(inputs, self.w) + self.b

    return Linear()(ops.ones((2, 2))), Linear(3)(M)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
