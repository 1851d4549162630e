"""Keras 3 APIs that keras.io's guides use: `add_loss`, `compute_loss`/`metrics`/`optimizer.apply`
in a custom train_step, `utils.pad_sequences`, `Sequential.pop`, `Layer.from_config`,
`Input(batch_shape=)`, `UpSampling2D`. Values are worked out by hand from Keras 3's documented rules."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import course.engine as tf


class ActivityRegularization(tf.keras.layers.Layer):
    def call(self, inputs):
        self.add_loss(0.5 * tf.reduce_mean(inputs))
        return inputs


class Outer(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.inner = ActivityRegularization()

    def call(self, inputs):
        return self.inner(inputs)


def test_add_loss_keeps_the_last_calls_losses_only():
    """Keras 3: the outermost call clears the losses of the layers it holds first."""
    layer = Outer()
    assert layer.losses == []
    layer(tf.ones((1, 2)))
    layer(tf.ones((1, 2)) * 3.0)
    assert len(layer.losses) == 1
    assert float(layer.losses[0]) == 1.5  # 0.5 * mean(3, 3)


def test_a_symbolic_call_keeps_no_loss_and_fit_minimizes_add_loss_without_a_compiled_loss():
    inputs = tf.keras.Input(shape=(2,))
    model = tf.keras.Model(inputs, ActivityRegularization()(inputs))
    assert model.losses == []
    model.compile(optimizer="sgd")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(np.full((4, 2), 2.0, np.float32), np.zeros((4, 2)), verbose=0)
    assert history.history["loss"] == [1.0]  # 0.5 * mean(2, 2); nothing to train
    assert any("does not have any trainable weights" in str(w.message) for w in caught)


def test_compile_without_a_loss_and_no_add_loss_says_there_is_nothing_to_compute():
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer="sgd")
    with pytest.raises(ValueError, match="No loss to compute"):
        model.fit(np.ones((2, 2)), np.ones((2, 1)), verbose=0)


def test_a_custom_train_step_with_compute_loss_metrics_and_optimizer_apply():
    """keras.io's custom_train_step guide: metrics are [loss tracker, compile metrics]; the logs
    flatten the compile metrics' dict, names sorted at the top ("compile_metrics" < "loss")."""
    class CustomModel(tf.keras.Model):
        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compute_loss(y=y, y_pred=y_pred)
            self.optimizer.apply(tape.gradient(loss, self.trainable_variables),
                                 self.trainable_variables)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    inputs = tf.keras.Input(shape=(1,))
    model = CustomModel(inputs, tf.keras.layers.Dense(1, kernel_initializer="zeros")(inputs))
    model.compile(optimizer=tf.keras.optimizers.SGD(0.0), loss="mse", metrics=["mae"])
    assert [m.name for m in model.metrics] == ["loss", "compile_metrics"]
    history = model.fit(np.ones((4, 1), np.float32), np.full((4, 1), 2.0, np.float32),
                        batch_size=4, verbose=0)
    assert list(history.history) == ["mae", "loss"]
    assert history.history["loss"] == [4.0] and history.history["mae"] == [2.0]  # (0 - 2)^2, |0 - 2|


def test_pad_sequences_pads_and_truncates_before_by_default():
    seqs = [[1, 2, 3], [4], []]
    np.testing.assert_array_equal(tf.keras.utils.pad_sequences(seqs),
                                  [[1, 2, 3], [0, 0, 4], [0, 0, 0]])
    np.testing.assert_array_equal(
        tf.keras.utils.pad_sequences(seqs, maxlen=2, padding="post", truncating="post", value=-1),
        [[1, 2], [4, -1], [-1, -1]])
    assert tf.keras.utils.pad_sequences(seqs).dtype == np.int32
    with pytest.raises(ValueError, match='Padding type "middle" not understood'):
        tf.keras.utils.pad_sequences(seqs, padding="middle")


def test_sequential_pop_removes_the_last_layer_and_rebuilds():
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2),
                                 tf.keras.layers.Dense(4)])
    last = model.pop()
    assert last.units == 4 and len(model.layers) == 1
    assert model(np.ones((1, 3), np.float32)).shape == (1, 2)


def test_layer_from_config_rebuilds_from_get_config():
    layer = tf.keras.layers.Dense(3, activation="relu", name="d")
    copy = tf.keras.layers.Dense.from_config(layer.get_config())
    assert copy.get_config() == layer.get_config() and copy is not layer


def test_input_batch_shape_sets_the_batch_size():
    assert tf.keras.Input(batch_shape=(16, 10, 5)).shape == (16, 10, 5)


def test_upsampling2d_repeats_pixels_and_its_gradient_sums_each_block():
    x = tf.reshape(tf.range(4.0), [1, 2, 2, 1])
    np.testing.assert_array_equal(tf.keras.layers.UpSampling2D(2)(x)[0, :, :, 0],
                                  [[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 3, 3], [2, 2, 3, 3]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.keras.layers.UpSampling2D((2, 3))(x) ** 2)
    # d/dx sum over its 6 copies of x^2 = 6 * 2x
    np.testing.assert_allclose(tape.gradient(y, x)[0, :, :, 0], 12.0 * np.array([[0, 1], [2, 3]]))


def test_get_custom_objects_is_the_registry_of_register_keras_serializable():
    @tf.keras.saving.register_keras_serializable(package="GuideApis")
    def doubled(x):
        return 2 * x
    assert tf.keras.saving.get_custom_objects()["GuideApis>doubled"] is doubled


def test_a_subclass_taking_two_arguments_of_its_own_is_not_a_functional_model():
    """Keras 3 makes a Model subclass functional only when KerasTensors reach Model.__init__
    (`CustomModel(inputs, outputs)`); `Block(1, [1, 2, 3])`, which passes only `name` on, is a
    subclassed model (TF's custom-layers tutorial)."""
    class Block(tf.keras.Model):
        def __init__(self, kernel_size, filters):
            super().__init__(name="")
            self.dense = tf.keras.layers.Dense(filters[-1])

        def call(self, x):
            return self.dense(x)
    block = Block(1, [1, 2, 3])
    assert block(tf.ones((2, 4))).shape == (2, 3)
    assert type(block).__mro__[1] is tf.keras.Model
    inputs = tf.keras.Input((4,))
    wired = type("Custom", (tf.keras.Model,), {})(inputs, tf.keras.layers.Dense(1)(inputs))
    assert "Functional" in [c.__name__ for c in type(wired).__mro__]


def test_array_to_img_saves_a_generated_image_and_reads_back(tmp_path):
    """The custom-loop guide's GAN: array_to_img(images[0] * 255.0, scale=False).save(...)."""
    digit = np.random.default_rng(0).random((28, 28, 1)).astype(np.float32)
    img = tf.keras.utils.array_to_img(tf.constant(digit) * 255.0, scale=False)
    assert (img.mode, img.size) == ("L", (28, 28))
    img.save(tmp_path / "generated_img_0.png")
    from PIL import Image
    back = tf.keras.utils.img_to_array(Image.open(tmp_path / "generated_img_0.png"))
    np.testing.assert_array_equal(back[..., 0], (digit[..., 0] * 255.0).astype(np.uint8))
    stretched = tf.keras.utils.img_to_array(tf.keras.utils.array_to_img(digit + 5.0))
    assert stretched.min() == 0 and stretched.max() == 255


def test_a_sequential_builds_a_layer_without_build_by_tracing_its_call():
    """Keras 3 builds a layer that defines neither build nor compute_output_shape by calling
    it on a KerasTensor: the layers it holds get their weights, the model its output shape."""
    tf.keras.backend.clear_session()

    class Twice(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.inner = tf.keras.layers.Dense(4)

        def call(self, x):
            return tf.concat([self.inner(x), self.inner(x)], axis=-1)
    model = tf.keras.Sequential([tf.keras.Input((3,)), Twice(), tf.keras.layers.Dense(1)])
    assert [tuple(w.shape) for w in model.weights] == [(3, 4), (4,), (8, 1), (1,)]
    assert model.output_shape == (None, 1) and model.layers[0].output.shape == (None, 8)
    assert model(np.ones((2, 3), np.float32)).shape == (2, 1)


def test_a_layer_holding_unbuilt_layers_is_built_by_a_symbolic_run_before_its_first_call():
    """Keras 3: no build() of its own and unbuilt layers inside -> call() runs once on
    KerasTensors first (its Python runs twice); if that run fails, the real call builds."""
    runs = []

    class Holder(tf.keras.layers.Layer):
        def __init__(self, strict=False):
            super().__init__()
            self.dense, self.strict = tf.keras.layers.Dense(2), strict

        def call(self, x):
            runs.append(type(x).__name__)
            if self.strict:
                x.numpy()  # (a graph tensor has no value: the symbolic run fails)
            return self.dense(x)
    x = np.ones((1, 3), np.float32)
    assert tuple(Holder()(x).shape) == (1, 2)
    assert len(runs) == 2 and runs[1] == "Tensor" and runs[0] != "Tensor"
    runs.clear()
    strict = Holder(strict=True)
    assert tuple(strict(x).shape) == (1, 2) and strict.built and len(strict.weights) == 2
    assert len(runs) == 2


def test_to_categorical_gives_float64_one_hot_rows_of_max_plus_one_classes():
    """Keras: NumPy in, float64 NumPy out; classes = max label + 1 unless num_classes."""
    rows = tf.keras.utils.to_categorical([0, 2, 1])
    assert rows.dtype == np.float64
    np.testing.assert_array_equal(rows, np.eye(3)[[0, 2, 1]])
    # labels shaped [n, 1] lose their last axis first
    assert tf.keras.utils.to_categorical([[1], [0]], 4).shape == (2, 4)


def test_to_categorical_of_a_tensor_is_tf_one_hot():
    rows = tf.keras.utils.to_categorical(tf.constant([[2], [0]]), 3)
    assert rows.dtype == tf.float32 and rows.shape == (2, 3)
    np.testing.assert_array_equal(rows.numpy(), [[0, 0, 1], [1, 0, 0]])


def test_to_categorical_refuses_labels_past_num_classes_naming_them():
    with pytest.raises(IndexError, match="index 5 is out of bounds.*below num_classes"):
        tf.keras.utils.to_categorical([0, 5], 3)
    with pytest.raises(ValueError, match="pass num_classes"):
        tf.keras.utils.to_categorical([])
