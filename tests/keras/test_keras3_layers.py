"""Keras 3's weights (names, paths, order, tracking) and the layers added for TF's tutorials:
Softmax, Lambda, Normalization, Rescaling, Conv2D, MaxPooling2D, BatchNormalization,
regularizers, schedules, registration, ModelCheckpoint(save_freq). Checked without TF
(tests/differential/ compares the same behaviours with TF 2.21)."""
from __future__ import annotations

import os

import numpy as np
import pytest

import course.engine as tf

DATA = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]], np.float32)


def test_weights_have_keras_names_paths_and_order():
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4),
                                 tf.keras.layers.Dense(1)])
    assert [w.name for w in model.trainable_variables] == ["kernel", "bias"] * 2
    assert [w.path for w in model.weights] == ["sequential/dense/kernel", "sequential/dense/bias",
                                               "sequential/dense_1/kernel", "sequential/dense_1/bias"]
    assert repr(model.layers[1].bias) == \
        "<Variable path=sequential/dense_1/bias, shape=(1,), dtype=float32, value=[0.]>"


def test_raw_variables_in_a_layer_are_not_its_weights(tmp_path):
    class Raw(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(tf.ones([2, 2]))

        def call(self, x):
            return x @ self.w

    layer = Raw()
    layer(tf.ones([1, 2]))
    assert layer.variables == [] and layer.trainable_weights == []
    # (checkpoints still save it, by its attribute path)
    prefix = tf.train.Checkpoint(layer=layer).write(str(tmp_path / "ckpt"))
    assert ("layer/w/.ATTRIBUTES/VARIABLE_VALUE", [2, 2]) in tf.train.list_variables(prefix)


def test_softmax_lambda_rescaling():
    np.testing.assert_allclose(tf.keras.layers.Softmax()(tf.constant([[0.0, np.log(3.0)]])).numpy(),
                               [[0.25, 0.75]], rtol=1e-6)
    square = tf.keras.layers.Lambda(lambda x: x * x)
    assert square(tf.constant([3.0])).numpy().tolist() == [9.0]
    assert tf.keras.layers.Rescaling(0.5, offset=1.0)(tf.constant([4.0])).numpy().tolist() == [3.0]


def test_normalization_adapts_to_mean_and_variance():
    norm = tf.keras.layers.Normalization()
    norm.adapt(DATA)
    np.testing.assert_allclose(norm.mean.numpy(), [DATA.mean(0)])
    np.testing.assert_allclose(norm.variance.numpy(), [DATA.var(0)], rtol=1e-6)
    np.testing.assert_allclose(norm(DATA).numpy(), (DATA - DATA.mean(0)) / DATA.std(0), rtol=1e-5)
    assert [(w.name, w.trainable) for w in norm.weights] == [
        ("mean", False), ("variance", False), ("count", False)]
    batches = tf.keras.layers.Normalization(axis=None)
    batches.adapt([DATA[:1], DATA[1:]])  # batch by batch: the pooled statistics
    np.testing.assert_allclose(batches.mean.numpy(), [[DATA.mean()]])
    np.testing.assert_allclose(batches.variance.numpy(), [[DATA.var()]], rtol=1e-6)


def test_a_one_feature_model_takes_a_vector():
    norm = tf.keras.layers.Normalization(axis=None)
    norm.adapt(np.array([1.0, 3.0]))
    model = tf.keras.Sequential([tf.keras.Input((1,)), norm,
                                 tf.keras.layers.Dense(1, kernel_initializer="ones")])
    np.testing.assert_allclose(model.predict(np.array([1.0, 3.0]), verbose=0), [[-1.0], [1.0]])


def test_conv_and_pool_layers_in_a_model():
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input((6, 6, 2)),
                                 tf.keras.layers.Conv2D(4, 3, activation="relu"),
                                 tf.keras.layers.MaxPooling2D(), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(2)])
    assert model.output_shape == (None, 2)
    assert [l.name for l in model.layers[:2]] == ["conv2d", "max_pooling2d"]
    assert model.layers[0].kernel.shape == (3, 3, 2, 4) and model.count_params() == 4 * 19 + 16 * 2 + 2
    assert model(np.ones((3, 6, 6, 2), np.float32)).shape == (3, 2)


def test_batch_normalization_training_and_inference():
    bn = tf.keras.layers.BatchNormalization(momentum=0.5)
    y = bn(DATA, training=True).numpy()
    np.testing.assert_allclose(y, (DATA - DATA.mean(0)) / np.sqrt(DATA.var(0) + 1e-3), rtol=1e-5)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.5 * DATA.mean(0), rtol=1e-6)
    np.testing.assert_allclose(bn(DATA).numpy(), (DATA - bn.moving_mean.numpy()) /
                               np.sqrt(bn.moving_variance.numpy() + 1e-3), rtol=1e-5)
    assert [w.name for w in bn.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]


def test_regularizers_and_schedules():
    layer = tf.keras.layers.Dense(1, kernel_initializer="ones",
                                  kernel_regularizer=tf.keras.regularizers.l2(0.1))
    layer(tf.ones([1, 3]))
    assert [float(l) for l in layer.losses] == [pytest.approx(0.3)]
    schedule = tf.keras.optimizers.schedules.InverseTimeDecay(1.0, decay_steps=1, decay_rate=1)
    opt = tf.keras.optimizers.SGD(schedule)
    w = tf.Variable(1.0)
    for _ in range(2):
        opt.apply_gradients([(tf.constant(1.0), w)])
    assert float(w.numpy()) == pytest.approx(1.0 - 1.0 - 0.5)  # rates 1, then 1/2


def test_registered_models_load_without_custom_objects(tmp_path):
    @tf.keras.utils.register_keras_serializable(package="Tests")
    class Doubler(tf.keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = tf.keras.layers.Dense(1, kernel_initializer="ones")

        def call(self, x):
            return self.dense(x) * 2.0

    Doubler()(tf.ones([1, 2]))
    model = Doubler()
    model(tf.ones([1, 2]))
    model.save(str(tmp_path / "d.keras"))
    loaded = tf.keras.models.load_model(str(tmp_path / "d.keras"))
    assert type(loaded) is Doubler and float(loaded(tf.ones([1, 2]))[0, 0]) == 4.0
    assert tf.keras.utils.get_registered_name(Doubler) == "Tests>Doubler"


def test_model_checkpoint_every_n_batches(tmp_path, capsys):
    model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd")
    callback = tf.keras.callbacks.ModelCheckpoint(str(tmp_path / "cp-{epoch:02d}.weights.h5"),
                                                  save_weights_only=True, save_freq=3, verbose=1)
    model.fit(np.ones((10, 1)), np.ones(10), batch_size=5, epochs=3, verbose=0, callbacks=[callback])
    assert sorted(os.listdir(tmp_path)) == ["cp-02.weights.h5", "cp-03.weights.h5"]
    assert "Epoch 2: finished saving model to" in capsys.readouterr().out


def test_a_model_saves_under_the_legacy_h5_name_with_keras_warning(tmp_path):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.warns(UserWarning, match="HDF5 file.*considered legacy"):
        model.save(tmp_path / "m.h5")
    loaded = tf.keras.models.load_model(tmp_path / "m.h5")
    np.testing.assert_allclose(loaded.predict(DATA, verbose=0), model.predict(DATA, verbose=0))
    with pytest.raises(ValueError, match="either a `.keras` extension.*or a `.h5` extension"):
        model.save(tmp_path / "m.pb")
