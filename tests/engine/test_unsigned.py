"""uint16, uint32 and uint64 in the engine's own files and rules (TF's behaviour is checked
live in test_against_tensorflow_unsigned.py; these need no TensorFlow)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

UNSIGNED = [tf.uint8, tf.uint16, tf.uint32, tf.uint64]


def _extremes(dtype) -> np.ndarray:
    return np.array([0, 1, dtype.max - 1, dtype.max], dtype.as_numpy_dtype)


@pytest.mark.parametrize("dtype", UNSIGNED, ids=lambda d: d.name)
def test_min_max_and_size_are_the_integer_range(dtype):
    """TF: an unsigned dtype holds 0 ... 2**bits - 1; .size is bits / 8."""
    bits = np.dtype(dtype.as_numpy_dtype).itemsize * 8
    assert (dtype.min, dtype.max, dtype.size) == (0, 2**bits - 1, bits // 8)


@pytest.mark.parametrize("dtype", UNSIGNED, ids=lambda d: d.name)
def test_subtraction_below_zero_wraps_around(dtype):
    """TF: unsigned arithmetic is modulo 2**bits (0 - 1 is the dtype's max)."""
    assert int(tf.constant(0, dtype) - tf.constant(1, dtype)) == dtype.max


@pytest.mark.parametrize("dtype", UNSIGNED, ids=lambda d: d.name)
def test_a_checkpoint_keeps_every_bit(dtype, tmp_path):
    """A checkpoint restores an unsigned variable's dtype and its largest values exactly."""
    path = tf.train.Checkpoint(v=tf.Variable(_extremes(dtype))).save(str(tmp_path / "ckpt"))
    other = tf.train.Checkpoint(v=tf.Variable(tf.zeros([4], dtype)))
    other.restore(path).assert_consumed()
    assert other.v.dtype is dtype
    np.testing.assert_array_equal(other.v.numpy(), _extremes(dtype))


@pytest.mark.parametrize("dtype", UNSIGNED, ids=lambda d: d.name)
def test_a_saved_model_keeps_unsigned_variables_and_signatures(dtype, tmp_path):
    """A SavedModel reloads an unsigned variable and a function whose signature is unsigned."""
    module = tf.Module()
    module.v = tf.Variable(_extremes(dtype))
    module.f = tf.function(lambda t: t + module.v, input_signature=[tf.TensorSpec([4], dtype)])
    tf.saved_model.save(module, str(tmp_path / "model"))
    loaded = tf.saved_model.load(str(tmp_path / "model"))
    out = loaded.f(tf.constant(np.ones(4, dtype.as_numpy_dtype)))
    assert out.dtype is dtype
    np.testing.assert_array_equal(out.numpy(), _extremes(dtype) + np.ones(4, dtype.as_numpy_dtype))


@pytest.mark.parametrize("dtype", UNSIGNED, ids=lambda d: d.name)
def test_serialized_tensors_name_tfs_datatype_and_parse_back(dtype, tmp_path):
    """TF's DataType numbers: uint8 4, uint16 17, uint32 22, uint64 23 (types.proto), the
    first field of a serialized TensorProto; a TFRecord of them reads back exactly."""
    numbers = {"uint8": 4, "uint16": 17, "uint32": 22, "uint64": 23}
    data = tf.io.serialize_tensor(tf.constant(_extremes(dtype)))
    assert data.numpy()[:2] == bytes([0x08, numbers[dtype.name]])
    path = str(tmp_path / "t.tfrecord")
    with tf.io.TFRecordWriter(path) as writer:
        writer.write(data.numpy())
    record = next(iter(tf.data.TFRecordDataset(path)))
    np.testing.assert_array_equal(tf.io.parse_tensor(record, dtype).numpy(), _extremes(dtype))


def test_bitcast_narrower_adds_an_axis_and_wider_removes_it():
    """tf.bitcast: 4 bytes of uint32 are 4 uint8s (little-endian), and back."""
    x = tf.constant(np.array([0x01020304, 0xFFFFFFFF], np.uint32))
    narrow = tf.bitcast(x, tf.uint8)
    assert narrow.shape == [2, 4]
    np.testing.assert_array_equal(narrow.numpy(), [[4, 3, 2, 1], [255, 255, 255, 255]])
    np.testing.assert_array_equal(tf.bitcast(narrow, tf.uint32).numpy(), x.numpy())


def test_bitcast_to_a_wider_dtype_needs_the_ratio_as_last_axis():
    """TF: Bitcast of [3] uint8s to uint32 is 'Cannot bitcast from 4 to 22' (DataType numbers)."""
    with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot bitcast from 4 to 22"):
        tf.bitcast(tf.constant([1, 2, 3], tf.uint8), tf.uint32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="attr 'type' of bool"):
        tf.bitcast(tf.constant([1], tf.uint8), tf.bool)


def test_bitcast_in_a_function_keeps_unknown_dimensions():
    """Traced with an unknown batch, the bitcast's shape keeps it unknown."""
    f = tf.function(lambda t: tf.bitcast(t, tf.uint8))
    graph_out = f.get_concrete_function(tf.TensorSpec([None, 3], tf.int32)).structured_outputs
    assert graph_out.shape.as_list() == [None, 3, 4]
    np.testing.assert_array_equal(f(tf.constant([[1, 2, 3]])).numpy()[0, :, 0], [1, 2, 3])


@pytest.mark.parametrize("dtype", UNSIGNED, ids=lambda d: d.name)
def test_no_gradient_reaches_an_unsigned_tensor(dtype):
    """TF: integer sources (unsigned ones too) get None from GradientTape.gradient."""
    x = tf.constant(np.array([1, 2], dtype.as_numpy_dtype))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.cast(x, tf.float32) ** 2)
    assert tape.gradient(y, x) is None


def test_matmul_of_unsigned_is_tfs_not_found_error():
    """TF: MatMul allows uint32 in its definition but registers no CPU kernel: NotFoundError."""
    m = tf.ones([2, 2], tf.uint32)
    with pytest.raises(tf.errors.NotFoundError, match="MatMul"):
        tf.matmul(m, m)
    with pytest.raises(tf.errors.NotFoundError, match="MatMul"):
        tf.matmul(m, tf.ones([2, 2], tf.int32))  # (TF: T comes from the first input)
