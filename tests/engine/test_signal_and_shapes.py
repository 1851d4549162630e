"""tf.signal.rfft / irfft against NumPy's FFT, Tensor.set_shape, and
Dataset.sample_from_datasets (rules from TF's documentation, written in each test)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


def test_rfft_is_the_dft_of_the_last_axis_for_k_up_to_n_over_2():
    x = np.random.default_rng(0).normal(size=(2, 6))
    t = np.arange(6)
    expected = np.stack([x @ np.exp(-2j * np.pi * k * t / 6) for k in range(4)], axis=-1)
    got = tf.signal.rfft(tf.constant(x))
    assert got.dtype == tf.complex128 and got.shape == (2, 4)
    np.testing.assert_allclose(got.numpy(), expected, atol=1e-12)


def test_rfft_fft_length_pads_or_crops_and_irfft_inverts():
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(tf.signal.rfft(x, fft_length=[6]).numpy(),
                               np.fft.rfft([1, 2, 3, 4, 0, 0]), rtol=1e-6)
    np.testing.assert_allclose(tf.signal.rfft(x, fft_length=[2]).numpy(), [3, -1], rtol=1e-6)
    back = tf.signal.irfft(tf.signal.rfft(x))
    assert back.dtype == tf.float32
    np.testing.assert_allclose(back.numpy(), [1, 2, 3, 4], rtol=1e-6)


def test_rfft_prefers_float32_for_lists_and_arrays_and_refuses_ints_and_scalars():
    assert tf.signal.rfft([1, 2, 3]).dtype == tf.complex64
    assert tf.signal.rfft(np.array([1.0, 2.0])).dtype == tf.complex64  # TF's dtype_hint
    with pytest.raises(ValueError, match="RFFT requires tf.float32 or tf.float64 inputs"):
        tf.signal.rfft(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="must have rank at least 1"):
        tf.signal.rfft(tf.constant(1.0))
    with pytest.raises(ValueError, match="IRFFT requires tf.complex64 or tf.complex128"):
        tf.signal.irfft(tf.constant([1.0, 2.0]))


def test_set_shape_checks_an_eager_tensor_and_teaches_a_graph_tensor():
    t = tf.zeros((3, 4))
    t.set_shape([None, 4])
    with pytest.raises(ValueError, match="not compatible with supplied shape"):
        t.set_shape([2, 4])
    shapes = []

    @tf.function(input_signature=[tf.TensorSpec([None, None])])
    def f(x):
        y = x[:, :2]
        y.set_shape([None, 2])
        shapes.append(y.shape)
        return y
    f.get_concrete_function()
    assert shapes[0].as_list() == [None, 2]


def test_set_shape_in_a_graph_refuses_another_size():
    @tf.function(input_signature=[tf.TensorSpec([None, 3])])
    def f(x):
        x.set_shape([None, 4])
        return x
    with pytest.raises(ValueError, match="Dimension 1 in both shapes must be equal"):
        f.get_concrete_function()


def test_sample_from_datasets_gives_every_element_and_follows_zero_weights():
    a, b = tf.data.Dataset.range(3), tf.data.Dataset.range(10, 12)
    assert sorted(int(v) for v in tf.data.Dataset.sample_from_datasets([a, b])) == \
        [0, 1, 2, 10, 11]
    only_b = tf.data.Dataset.sample_from_datasets([a.repeat(), b.repeat()], weights=[0, 1])
    assert [int(v) for v in only_b.take(4)] == [10, 11, 10, 11]
    stops = tf.data.Dataset.sample_from_datasets([a, b], weights=[0, 1],
                                                 stop_on_empty_dataset=True)
    assert [int(v) for v in stops] == [10, 11]  # b runs out: the dataset ends


def test_sample_from_datasets_draws_about_the_weights():
    ones = tf.data.Dataset.from_tensors(1).repeat()
    zeros = tf.data.Dataset.from_tensors(0).repeat()
    draws = [int(v) for v in tf.data.Dataset.sample_from_datasets(
        [ones, zeros], weights=[0.25, 0.75], seed=1).take(2000)]
    assert 0.2 < np.mean(draws) < 0.3
