"""Reshape, ZeroPadding2D, ReLU, LeakyReLU, global pooling and the merge layers: each rule of
Keras 3's documentation, with values worked out by hand or with NumPy (the differential tests
compare the same layers with Keras 3 on TF 2.21)."""
from __future__ import annotations

import os

import numpy as np
import pytest

import course.engine as tf

layers = tf.keras.layers
X = np.arange(24, dtype=np.float32).reshape(2, 12)


def test_reshape_keeps_the_batch_axis_and_works_out_one_minus_one():
    np.testing.assert_array_equal(layers.Reshape((3, 4))(X).numpy(), X.reshape(2, 3, 4))
    assert layers.Reshape((-1, 2, 2))(X).shape == (2, 3, 2, 2)
    assert layers.Reshape((-1, 2))(tf.keras.Input((12,))).shape == (None, 6, 2)


def test_reshape_refuses_a_target_of_another_size_naming_both_shapes():
    with pytest.raises(ValueError, match=r"total size of the tensor must be unchanged. Received: "
                                         r"input_shape=\(12,\), target_shape=\(5, 4\)"):
        layers.Reshape((5, 4))(X)
    with pytest.raises(ValueError, match=r"at most one unknown dimension \(-1\)"):
        layers.Reshape((-1, -1))


def test_reshape_in_a_traced_function_with_an_unknown_batch():
    layer = layers.Reshape((4, 3))
    fn = tf.function(layer, input_signature=[tf.TensorSpec([None, 12], tf.float32)])
    np.testing.assert_array_equal(fn(X).numpy(), X.reshape(2, 4, 3))


def test_relu_options_follow_keras_formula():
    """f = max_value above the cap, x above the threshold, negative_slope * (x - threshold)
    below (at the threshold itself 0: Keras keeps x where x > threshold, as TF 2.21 computes)."""
    x = np.array([-4.0, 0.0, 1.0, 2.0, 5.0], np.float32)
    out = layers.ReLU(max_value=3.0, negative_slope=0.5, threshold=1.0)(x).numpy()
    expected = np.where(x >= 3.0, 3.0, np.where(x > 1.0, x, 0.5 * (x - 1.0)))
    np.testing.assert_allclose(out, expected)
    np.testing.assert_allclose(layers.ReLU(max_value=6)(np.array([-1.0, 7.0])).numpy(), [0, 6])
    with pytest.raises(ValueError, match="max_value of a ReLU layer cannot be a negative value"):
        layers.ReLU(max_value=-1)


def test_leaky_relu_default_slope_is_keras_3s_and_alpha_is_deprecated():
    np.testing.assert_allclose(layers.LeakyReLU()(np.array([-10.0, 3.0])).numpy(), [-3.0, 3.0])
    with pytest.warns(UserWarning, match="`alpha` is deprecated"):
        assert layers.LeakyReLU(alpha=0.1).negative_slope == 0.1
    x = tf.constant([-2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layers.LeakyReLU(negative_slope=0.2)(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [0.2, 1.0])


def test_global_pooling_reduces_the_spatial_axes():
    img = np.random.default_rng(0).normal(size=(2, 3, 4, 5)).astype(np.float32)
    np.testing.assert_allclose(layers.GlobalAveragePooling2D()(img).numpy(), img.mean((1, 2)),
                               rtol=1e-6)
    np.testing.assert_array_equal(layers.GlobalMaxPooling2D(keepdims=True)(img).numpy(),
                                  img.max((1, 2), keepdims=True))
    np.testing.assert_array_equal(
        layers.GlobalMaxPooling2D(data_format="channels_first")(img).numpy(), img.max((2, 3)))
    np.testing.assert_array_equal(layers.GlobalMaxPooling1D()(img[0]).numpy(), img[0].max(1))
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=3"):
        layers.GlobalAveragePooling2D()(img[0])


def test_zero_padding_2d_pads_height_and_width_only():
    out = layers.ZeroPadding2D(((1, 0), (0, 2)))(np.ones((1, 2, 2, 3), np.float32)).numpy()
    assert out.shape == (1, 3, 4, 3)
    assert out.sum() == 12 and out[0, 0].sum() == 0 and out[0, :, 2:].sum() == 0
    with pytest.raises(ValueError, match="`padding` should have two elements"):
        layers.ZeroPadding2D((1, 2, 3))


def test_merge_layers_combine_element_by_element():
    a, b, c = (np.array([[1.0, -2.0]]), np.array([[3.0, 4.0]]), np.array([[2.0, -8.0]]))
    np.testing.assert_allclose(layers.Add()([a, b, c]).numpy(), a + b + c)
    np.testing.assert_allclose(layers.Subtract()([a, b]).numpy(), a - b)
    np.testing.assert_allclose(layers.Multiply()([a, b, c]).numpy(), a * b * c)
    np.testing.assert_allclose(layers.Average()([a, b, c]).numpy(), (a + b + c) / 3)
    np.testing.assert_allclose(layers.maximum([a, b, c]).numpy(), np.maximum(np.maximum(a, b), c))
    np.testing.assert_allclose(layers.minimum([a, b]).numpy(), np.minimum(a, b))
    assert layers.concatenate([a, b], axis=0).shape == (2, 2)


def test_merge_layers_put_a_lower_rank_input_s_new_axes_after_the_batch_axis():
    """Keras expands (2, 4) to (2, 1, 4) to meet (2, 3, 1): not (1, 2, 4), as broadcasting would."""
    out = layers.Add()([np.ones((2, 3, 1), np.float32), np.ones((2, 4), np.float32)])
    assert out.shape == (2, 3, 4)


def test_merge_layer_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"incompatible shapes. Received shapes \(3,\) and \(4,\)"):
        layers.Add()([np.ones((2, 3)), np.ones((2, 4))])
    with pytest.raises(ValueError, match="should be called on a list of inputs"):
        layers.Add()(np.ones((2, 3)))
    with pytest.raises(ValueError, match="Cannot merge tensors with different batch sizes"):
        layers.Add()([np.ones((2, 3)), np.ones((3, 3))])
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        layers.Subtract()([np.ones((1, 2))] * 3)


def test_a_model_of_the_new_layers_saves_loads_and_trains(tmp_path):
    inputs, other = tf.keras.Input((12,)), tf.keras.Input((12,))
    x = layers.Reshape((2, 2, 3))(layers.add([inputs, other]))
    x = layers.GlobalMaxPooling2D()(layers.LeakyReLU()(layers.ZeroPadding2D(1)(x)))
    model = tf.keras.Model([inputs, other], layers.Dense(1)(layers.ReLU(max_value=5.0)(x)))
    path = os.fspath(tmp_path / "m.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    np.testing.assert_array_equal(loaded([X, X]).numpy(), model([X, X]).numpy())
    assert [type(layer).__name__ for layer in loaded.layers][2:] == [
        "Add", "Reshape", "ZeroPadding2D", "LeakyReLU", "GlobalMaxPooling2D", "ReLU", "Dense"]
    seq = tf.keras.Sequential([tf.keras.Input((12,)), layers.Reshape((4, 3)),
                               layers.GlobalAveragePooling1D(), layers.Dense(1)])
    seq.compile(optimizer="sgd", loss="mse")
    losses = seq.fit(X / 24, np.ones((2, 1)), epochs=5, verbose=0).history["loss"]
    assert losses[-1] < losses[0]


def test_layer_normalization_standardizes_each_example_over_its_features():
    """y = gamma * (x - mean) / sqrt(var + epsilon) + beta, statistics per example (Keras 3:
    epsilon 1e-3); weights gamma then beta; after build, axis is a sorted list."""
    x = np.random.default_rng(1).normal(size=(3, 4, 5)).astype(np.float32)
    norm = layers.LayerNormalization(axis=[2, 1], gamma_initializer="ones")
    out = norm(x).numpy()
    mean, var = x.mean((1, 2), keepdims=True), x.var((1, 2), keepdims=True)
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)
    assert [w.name for w in norm.weights] == ["gamma", "beta"] and norm.axis == [1, 2]
    assert norm.weights[0].shape == (4, 5)
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(layers.LayerNormalization()(x))
    # the outputs of an example sum to 0 (times gamma = 1) whatever x is: no gradient to x
    np.testing.assert_allclose(tape.gradient(total, x).numpy(), 0, atol=1e-5)


def test_conv1d_is_a_conv2d_one_row_high_and_causal_pads_the_start():
    x = np.random.default_rng(2).normal(size=(2, 7, 3)).astype(np.float32)
    conv = layers.Conv1D(4, 3, dilation_rate=2, padding="causal", use_bias=False)
    out = conv(x).numpy()
    k = conv.kernel.numpy()
    padded = np.pad(x, [(0, 0), (4, 0), (0, 0)])
    expected = sum(padded[:, 2 * i:2 * i + 7] @ k[i] for i in range(3))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert layers.Conv1D(2, 3, strides=2)(x).shape == (2, 3, 2)
    assert layers.Conv1D(2, 3, padding="same", strides=2)(x).shape == (2, 4, 2)
    with pytest.raises(ValueError, match="Computed output size would be zero or negative"):
        layers.Conv1D(2, 8)(x)
    with pytest.raises(ValueError, match="expected min_ndim=3, found ndim=2"):
        layers.Conv1D(2, 3)(x[0])


def test_conv1d_and_layer_normalization_train_and_save(tmp_path):
    tf.keras.backend.clear_session()  # (Keras's default names count from here)
    model = tf.keras.Sequential([tf.keras.Input((6, 2)), layers.Conv1D(3, 2, activation="relu"),
                                 layers.LayerNormalization(), layers.GlobalMaxPooling1D(),
                                 layers.Dense(1)])
    assert [w.path for w in model.weights] == [
        "sequential/conv1d/kernel", "sequential/conv1d/bias",
        "sequential/layer_normalization/gamma", "sequential/layer_normalization/beta",
        "sequential/dense/kernel", "sequential/dense/bias"]
    x = np.random.default_rng(3).normal(size=(8, 6, 2)).astype(np.float32)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, np.ones((8, 1)), epochs=2, verbose=0)
    path = os.fspath(tmp_path / "c.keras")
    model.save(path)
    np.testing.assert_array_equal(tf.keras.models.load_model(path)(x).numpy(), model(x).numpy())


def test_nn_leaky_relu_and_relu6_follow_tf_kernels():
    """LeakyRelu: x > 0 ? x : alpha * x (alpha 0.2; integers become float32); Relu6: clip to
    [0, 6], gradient 1 strictly inside."""
    x = tf.constant([-5.0, 0.0, 3.0, 8.0])
    np.testing.assert_allclose(tf.nn.leaky_relu(x).numpy(), [-1.0, 0.0, 3.0, 8.0])
    assert tf.nn.leaky_relu(tf.constant([-1, 2])).dtype == tf.float32
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.relu6(x)
    np.testing.assert_array_equal(y.numpy(), [0.0, 0.0, 3.0, 6.0])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [0.0, 0.0, 1.0, 0.0])
    np.testing.assert_allclose(
        tf.keras.activations.relu(x, negative_slope=0.5, max_value=6.0).numpy(),
        [-2.5, 0.0, 3.0, 6.0])


def test_keras_other_names_are_the_same_classes():
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalMaxPool2D is layers.GlobalMaxPooling2D
    assert layers.GlobalMaxPool1D is layers.GlobalMaxPooling1D
    assert layers.Convolution1D is layers.Conv1D
    assert layers.GlobalAvgPool2D().name.startswith("global_average_pooling2d")


def test_merge_layers_and_masks_follow_keras_3():
    """Output masked where every input is (OR of the masks); Maximum lets a masked value stand
    aside (the other input's value is taken); one input without a mask: no output mask."""
    from course.engine.keras.masking import get_keras_mask
    emb = layers.Embedding(4, 1, mask_zero=True,
                           embeddings_initializer=tf.keras.initializers.Constant([[9.0], [-1.0],
                                                                                 [-2.0], [5.0]]))
    a, b = emb(np.array([[1, 0, 0]])), emb(np.array([[0, 2, 0]]))
    out = layers.Maximum()([a, b])
    np.testing.assert_array_equal(out.numpy()[0, :2, 0], [-1.0, -2.0])  # not 9 (the padding)
    np.testing.assert_array_equal(get_keras_mask(out).numpy(), [[True, True, False]])
    assert get_keras_mask(layers.Add()([a, tf.ones([1, 3, 1])])) is None
