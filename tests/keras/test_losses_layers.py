"""Losses, metrics, activations, initializers and layers against hand-computed values."""
import warnings

import numpy as np
import pytest

import course.engine as tf
from course.engine.keras import losses

EPS = 1e-7


def val(t):
    return float(np.asarray(t))


# -- losses ---------------------------------------------------------------------------
def test_sparse_cce_probabilities():
    # -mean(log 0.9, log 1.0 clipped to 1 - 1e-7)
    got = tf.keras.losses.SparseCategoricalCrossentropy()([0, 1], [[0.9, 0.1], [0.0, 1.0]])
    assert val(got) == pytest.approx(-(np.log(0.9) + np.log(1 - EPS)) / 2, rel=1e-5)


def test_sparse_cce_from_logits():
    logits = np.array([[2.0, 0.0, -1.0]], np.float32)
    expected = -(2.0 - np.log(np.exp(2.0) + 1 + np.exp(-1.0)))
    got = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)([0], logits)
    assert val(got) == pytest.approx(expected, rel=1e-6)


def test_sparse_cce_extreme_logits_are_finite():
    got = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(
        [0, 1], [[-1000.0, 1000.0], [-1000.0, 1000.0]])
    assert val(got) == pytest.approx(1000.0)  # (2000 + 0) / 2, no inf, no nan


def test_sparse_cce_zero_probability_is_clipped_not_infinite():
    got = tf.keras.losses.SparseCategoricalCrossentropy()([0], [[0.0, 1.0]])
    assert val(got) == pytest.approx(-np.log(EPS), rel=1e-4)  # 16.118, as Keras


def test_sparse_cce_label_out_of_range_names_expected_and_received():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"label value of 7 .*\[0, 3\).*3 outputs"):
        tf.keras.losses.SparseCategoricalCrossentropy()([0, 7], np.full((2, 3), 1 / 3, np.float32))


def test_categorical_cce_probabilities_and_logits():
    y = np.array([[0.0, 1.0]], np.float32)
    # Keras: rescale to sum 1 (0.5/0.5 -> unchanged), clip, -sum(y log p)
    assert val(tf.keras.losses.CategoricalCrossentropy()(y, [[0.5, 0.5]])) == pytest.approx(np.log(2), rel=1e-6)
    assert val(tf.keras.losses.CategoricalCrossentropy()(y, [[0.5, 0.0]])) == pytest.approx(-np.log(EPS), rel=1e-4)
    got = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(y, [[1.0, 3.0]])
    assert val(got) == pytest.approx(np.log1p(np.exp(-2.0)), rel=1e-6)


def test_binary_cce_probabilities_logits_and_extremes():
    y = np.array([[0.0, 1.0]], np.float32)
    p = np.array([[0.2, 0.7]], np.float32)
    expected = -np.mean([np.log(0.8), np.log(0.7)])
    assert val(tf.keras.losses.BinaryCrossentropy()(y, p)) == pytest.approx(expected, rel=1e-6)
    x = np.array([[-1.0, 2.0]], np.float32)
    sig = 1 / (1 + np.exp(-x))
    expected = -np.mean([np.log(1 - sig[0, 0]), np.log(sig[0, 1])])
    assert val(tf.keras.losses.BinaryCrossentropy(from_logits=True)(y, x)) == pytest.approx(expected, rel=1e-6)
    extreme = tf.keras.losses.BinaryCrossentropy(from_logits=True)(y, [[-100.0, 100.0]])
    assert val(extreme) == pytest.approx(0.0, abs=1e-6)
    wrong = tf.keras.losses.BinaryCrossentropy(from_logits=True)(y, [[100.0, -100.0]])
    assert val(wrong) == pytest.approx(100.0)


def test_mse_and_mae():
    y, p = [[0.0, 1.0], [2.0, 2.0]], [[1.0, 1.0], [0.0, 2.0]]
    assert val(tf.keras.losses.MeanSquaredError()(y, p)) == pytest.approx((0.5 + 2.0) / 2)
    assert val(tf.keras.losses.MeanAbsoluteError()(y, p)) == pytest.approx((0.5 + 1.0) / 2)
    # Keras: get("mse") is the function (one value per sample); compile makes it the class
    assert losses.get("mse") is tf.keras.losses.mean_squared_error
    np.testing.assert_allclose(losses.get("mse")(y, p).numpy(), [0.5, 2.0])
    assert val(losses.as_loss("mse")(y, p)) == pytest.approx(1.25)
    assert isinstance(losses.get("Huber"), tf.keras.losses.Huber)


def test_unknown_loss_name():
    with pytest.raises(ValueError, match=r"Could not interpret loss identifier: msex\n.*mse"):
        losses.get("msex")


def test_loss_gradient_from_logits_is_softmax_minus_onehot():
    logits = tf.Variable([[1.0, 2.0, 0.5]])
    with tf.GradientTape() as tape:
        loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)([1], logits)
    g = tape.gradient(loss, logits).numpy()
    p = np.exp([1.0, 2.0, 0.5]) / np.exp([1.0, 2.0, 0.5]).sum()
    np.testing.assert_allclose(g[0], p - [0, 1, 0], rtol=1e-5)


# -- metrics --------------------------------------------------------------------------
def test_metrics_update_result_reset():
    acc = tf.keras.metrics.SparseCategoricalAccuracy()
    acc.update_state([1, 0], [[0.2, 0.8], [0.3, 0.7]])
    acc.update_state([[0]], [[0.9, 0.1]])
    assert val(acc.result()) == pytest.approx(2 / 3)
    acc.reset_state()
    assert val(acc.result()) == 0.0
    mean = tf.keras.metrics.Mean()
    mean.update_state([1.0, 3.0])
    mean.update_state(5.0, sample_weight=2)
    assert val(mean.result()) == pytest.approx((1 + 3 + 10) / 4)
    mse = tf.keras.metrics.MeanSquaredError()
    mse.update_state([[0.0, 2.0]], [[1.0, 2.0]])
    assert val(mse.result()) == pytest.approx(0.5)


# -- activations and initializers ----------------------------------------------------------
def test_activations():
    x = tf.constant([-1.0, 0.0, 2.0])
    np.testing.assert_allclose(tf.keras.activations.relu(x).numpy(), [0, 0, 2])
    np.testing.assert_allclose(tf.keras.activations.sigmoid(x).numpy(), 1 / (1 + np.exp([1.0, 0, -2])), rtol=1e-6)
    np.testing.assert_allclose(tf.keras.activations.tanh(x).numpy(), np.tanh([-1.0, 0, 2]), rtol=1e-6)
    np.testing.assert_allclose(tf.keras.activations.softmax(tf.constant([[0.0, np.log(3.0)]])).numpy(), [[0.25, 0.75]], rtol=1e-6)
    np.testing.assert_allclose(tf.keras.activations.linear(x).numpy(), [-1, 0, 2])
    with pytest.raises(ValueError, match="activation function identifier: 'relux'"):
        tf.keras.layers.Dense(2, activation="relux")


def test_initializers_seeded_and_shaped():
    a = tf.keras.initializers.GlorotUniform(seed=3)((784, 512))
    b = tf.keras.initializers.GlorotUniform(seed=3)((784, 512))
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    limit = np.sqrt(6 / (784 + 512))
    assert np.abs(a.numpy()).max() <= limit and a.dtype == tf.float32
    assert np.abs(a.numpy()).max() > 0.9 * limit
    np.testing.assert_array_equal(tf.keras.initializers.Zeros()((2,)).numpy(), [0, 0])
    np.testing.assert_array_equal(tf.keras.initializers.Ones()((2,)).numpy(), [1, 1])
    np.testing.assert_array_equal(tf.keras.initializers.Constant(3.0)((2, 1)).numpy(), [[3], [3]])
    n = tf.keras.initializers.RandomNormal(stddev=2.0, seed=1)((20000,)).numpy()
    assert n.std() == pytest.approx(2.0, rel=0.03)
    u = tf.keras.initializers.RandomUniform(-1, 1, seed=1)((20000,)).numpy()
    assert u.min() >= -1 and u.max() < 1 and u.std() == pytest.approx(1 / np.sqrt(3), rel=0.03)


# -- layers ---------------------------------------------------------------------------------
def test_dense_with_constant_initializers():
    layer = tf.keras.layers.Dense(3, activation="relu",
                                  kernel_initializer=tf.keras.initializers.Constant(0.5),
                                  bias_initializer=tf.keras.initializers.Constant(-1.0))
    out = layer(tf.constant([[1.0, 2.0], [-4.0, 0.0]]))
    # row 1: 0.5*(1+2) - 1 = 0.5 ; row 2: 0.5*(-4) - 1 = -3 -> relu 0
    np.testing.assert_allclose(out.numpy(), [[0.5] * 3, [0.0] * 3])
    assert layer.kernel.shape == (2, 3) and layer.bias.shape == (3,)
    assert layer.count_params() == 9
    assert [w.name for w in layer.weights] == ["kernel", "bias"]  # Keras 3: no ":0"


def test_dense_without_bias_and_wrong_input_width():
    layer = tf.keras.layers.Dense(2, use_bias=False, kernel_initializer="ones")
    np.testing.assert_allclose(layer(np.ones((1, 4), np.float32)).numpy(), [[4, 4]])
    assert layer.count_params() == 8
    with pytest.raises(ValueError, match=r"expected axis -1 of input shape to have value 4, "
                                         r"but received input with shape \(1, 5\)"):
        layer(np.ones((1, 5), np.float32))


def test_dense_is_a_module_and_gradients_flow():
    layer = tf.keras.layers.Dense(1, kernel_initializer="ones")
    x = tf.constant([[1.0, 2.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(layer(x) ** 2)
    grads = tape.gradient(y, layer.trainable_variables)
    assert isinstance(layer, tf.Module) and len(layer.trainable_variables) == 2
    by_name = {v.name: g.numpy() for v, g in zip(layer.trainable_variables, grads)}
    np.testing.assert_allclose(by_name["kernel"], [[6.0], [12.0]])  # 2*y*x, y = 3
    np.testing.assert_allclose(by_name["bias"], [6.0])
    # Keras 3 lists the kernel first in trainable_variables too (issue 11's difference 7)
    assert [v.name for v in layer.trainable_variables] == ["kernel", "bias"]


def test_dropout_only_when_training():
    tf.keras.utils.set_random_seed(1)
    layer = tf.keras.layers.Dropout(0.25)
    x = tf.ones((200, 50))
    np.testing.assert_array_equal(layer(x).numpy(), x.numpy())
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x.numpy())
    out = layer(x, training=True).numpy()
    assert set(np.unique(out)) == {0.0, np.float32(1 / 0.75)}
    assert (out == 0).mean() == pytest.approx(0.25, abs=0.02)


def test_flatten_and_input_shape_warning():
    with pytest.warns(UserWarning, match=r"Do not pass an `input_shape`/`input_dim` argument"):
        layer = tf.keras.layers.Flatten(input_shape=(28, 28))
    assert layer(np.zeros((2, 28, 28), np.float32)).shape == (2, 784)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tf.keras.layers.Flatten()


def test_activation_layer_and_layer_names():
    tf.keras.backend.clear_session()
    assert tf.keras.layers.Dense(1).name == "dense"
    assert tf.keras.layers.Dense(1).name == "dense_1"
    act = tf.keras.layers.Activation("sigmoid")
    assert act.name == "activation"
    assert act(tf.constant([0.0])).numpy()[0] == 0.5
