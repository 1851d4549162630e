"""Keras 3 layers, weight names and order, tracking rules, registration, against TF 2.21 with
Keras 3.15 (rules: tf_compare.py). Weights come from constant initializers or `set_weights`,
so the numbers do not depend on either library's random streams."""
from __future__ import annotations

import contextlib
import io
import os
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
DATA = np.array([[1.0, 2.0, -1.0], [3.0, 6.0, 0.0], [5.0, 10.0, 4.0], [7.0, 2.0, 1.0]], np.float32)
IMG = np.random.default_rng(3).normal(size=(2, 6, 6, 2)).astype(np.float32)


def summary_text(model) -> list:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    return [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]


@cases("Keras 3's names: any string without '/', the empty one too (a subclass's name='')")
def _(tf):
    class Block(tf.keras.Model):
        def __init__(self):
            super().__init__(name="")

    names = [Block().name, tf.keras.Sequential(name="").name]
    for name in ("a b", "1abc", "-", "x/y"):
        try:
            names.append(tf.keras.layers.Dense(2, name=name).name)
        except ValueError as e:
            names.append(str(e))
    return names


cases("Softmax layer, default and axis=0, and its config", rtol=1e-5)(lambda tf: (
    tf.keras.layers.Softmax()(tf.constant(DATA)), tf.keras.layers.Softmax(axis=0)(tf.constant(DATA)),
    tf.keras.layers.Softmax(axis=0).get_config()["axis"]))


@cases("Normalization.adapt: mean, variance, weights, output")
def _(tf):
    norm = tf.keras.layers.Normalization(axis=-1)
    norm.adapt(DATA)
    return (norm.mean, norm.variance, [w.name for w in norm.weights], [w.path for w in norm.weights],
            norm.count_params(), norm(DATA[:2]), [w.trainable for w in norm.weights])


@cases("Normalization(axis=None) of a vector; a batch of batches; invert")
def _(tf):
    one = tf.keras.layers.Normalization(axis=None)
    one.adapt(np.array([1.0, 2.0, 3.0, 4.0]))
    batches = tf.keras.layers.Normalization()
    batches.adapt([DATA[:2], DATA[2:]])
    back = tf.keras.layers.Normalization(mean=2.0, variance=4.0, invert=True)
    return one.mean, one.variance, one(np.array([2.5, 4.0])), batches.mean, batches.variance, \
        back(np.array([[1.0], [-1.0]]))


@cases("Normalization with given mean and variance, per feature")
def _(tf):
    norm = tf.keras.layers.Normalization(mean=[1.0, 2.0, 3.0], variance=[1.0, 4.0, 9.0])
    return norm(DATA), norm.weights


cases("Normalization: mean without variance")(lambda tf: tf.keras.layers.Normalization(mean=1.0))


@cases("Normalization in a Sequential: summary and one-feature inputs (the regression tutorial)")
def _(tf):
    tf.keras.backend.clear_session()
    norm = tf.keras.layers.Normalization(axis=None)
    norm.adapt(np.array([10.0, 20.0, 30.0, 60.0]))
    model = tf.keras.Sequential([tf.keras.Input((1,)), norm, tf.keras.layers.Dense(
        1, kernel_initializer="ones", bias_initializer="zeros")])
    return summary_text(model), model.predict(np.array([10.0, 40.0]), verbose=0)


cases("Rescaling")(lambda tf: (tf.keras.layers.Rescaling(1.0 / 255)(tf.constant([[255.0, 51.0]])),
                               tf.keras.layers.Rescaling(2.0, offset=-1.0)(tf.constant([0.5, 1.0])),
                               tf.keras.layers.Rescaling(0.5)(tf.constant([2, 4]))))


@cases("Lambda layer: output, name, output shape in a Sequential")
def _(tf):
    tf.keras.backend.clear_session()
    layer = tf.keras.layers.Lambda(lambda x: tf.stack([x, x ** 2], axis=1))
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Lambda(lambda x: x[:, :2] * 2.0),
                                 tf.keras.layers.Dense(1, kernel_initializer="ones")])
    return layer(tf.constant([1.0, 2.0])), layer.name, model.output_shape, model(DATA)


@cases("Conv2D: output, weight shapes and paths, config")
def _(tf):
    tf.keras.backend.clear_session()
    conv = tf.keras.layers.Conv2D(3, (3, 2), strides=(1, 2), padding="same", activation="relu",
                                  kernel_initializer=tf.keras.initializers.Constant(0.1),
                                  bias_initializer=tf.keras.initializers.Constant(-0.2))
    y = conv(tf.constant(IMG))
    config = {k: conv.get_config()[k] for k in ("filters", "padding")}
    return y, [(w.path, w.shape) for w in conv.weights], conv.name, config


@cases("Conv2D, MaxPooling2D, Conv2DTranspose: Keras 3's checks of sizes (2 ints > 0)")
def _(tf):
    found = []
    for make in (lambda: tf.keras.layers.Conv2D(3, (2, 2, 2)), lambda: tf.keras.layers.Conv2D(3, 0),
                 lambda: tf.keras.layers.Conv2D(3, 2, strides=(1,)),
                 lambda: tf.keras.layers.Conv2D(3, 2, dilation_rate=-1),
                 lambda: tf.keras.layers.Conv2D(3, "a"), lambda: tf.keras.layers.Conv2D(3, 2.5),
                 lambda: tf.keras.layers.MaxPooling2D(pool_size=(2, 2, 2)),
                 lambda: tf.keras.layers.MaxPooling2D(pool_size=0),
                 lambda: tf.keras.layers.Conv2DTranspose(3, (1, 2, 3))):
        try:
            layer = make()
            found.append(("made", layer.name))
        except ValueError as e:
            found.append(str(e))
    return found


@cases("Conv2D and MaxPooling2D in a model: summary, output, gradients", rtol=1e-5)
def _(tf):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([
        tf.keras.Input((6, 6, 2)),
        tf.keras.layers.Conv2D(4, 3, activation="relu"),
        tf.keras.layers.MaxPooling2D(),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(2)])
    rng = np.random.default_rng(0)
    model.set_weights([rng.normal(size=w.shape).astype(np.float32) / 3 for w in model.weights])
    x = tf.constant(IMG)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(x) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    return summary_text(model), model(x), grads, [v.path for v in model.trainable_variables]


cases("MaxPooling2D: strides and padding")(lambda tf: (
    tf.keras.layers.MaxPooling2D(3, strides=1, padding="same")(tf.constant(IMG)),
    tf.keras.layers.MaxPooling2D((2, 3))(tf.constant(IMG)).shape))


@cases("Keras 3 names: kernel before bias everywhere, no ':0', paths")
def _(tf):
    tf.keras.backend.clear_session()
    dense = tf.keras.layers.Dense(2)
    dense.build((None, 3))
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4),
                                 tf.keras.layers.Dense(1)])
    return ([v.name for v in dense.trainable_variables], [v.path for v in dense.weights],
            [v.name for v in model.trainable_variables], [v.path for v in model.weights],
            [v.path for v in model.layers[0].trainable_weights])


@cases("Keras 3 tracking: raw tf.Variables assigned to a layer are not its weights")
def _(tf):
    class Raw(tf.keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.w = tf.Variable(tf.ones([2, 2]), name="w")

        def call(self, x):
            return x @ self.w

    class Mixed(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], 2), initializer="ones",
                                          name="kernel")
            self.extra = tf.Variable(1.0)

        def call(self, x):
            return x @ self.kernel * self.extra

    raw, mixed = Raw(), Mixed()
    out = raw(tf.ones([1, 2])), mixed(tf.ones([1, 3]))
    return out, raw.variables, raw.trainable_weights, [v.name for v in mixed.variables]


@cases("a subclassed model: weights in attribute order, paths under the model's name")
def _(tf):
    tf.keras.backend.clear_session()

    class Two(tf.keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.second = tf.keras.layers.Dense(2, kernel_initializer="ones")
            self.first = tf.keras.layers.Dense(3, kernel_initializer="ones")

        def call(self, x):
            return self.second(self.first(x))

    model = Two()
    y = model(tf.ones([1, 2]))
    return y, [v.path for v in model.weights], len(model.trainable_variables)


@cases("register_keras_serializable: load_model finds the class without custom_objects")
def _(tf):
    tf.keras.backend.clear_session()
    package = "Diff" + tf.__name__.split(".")[0].replace("tensorflow", "TF").replace("course", "Eng")

    @tf.keras.utils.register_keras_serializable(package=package)
    class Scaled(tf.keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = tf.keras.layers.Dense(2, kernel_initializer="ones")

        def call(self, x):
            return self.dense(x) * 2.0

    model = Scaled()
    model(tf.ones([1, 3]))
    path = os.path.join(tempfile.mkdtemp(), "scaled.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    return (type(loaded).__name__, loaded(tf.ones([1, 3])),
            tf.keras.utils.get_registered_name(Scaled).split(">")[1],
            tf.keras.utils.get_registered_object(f"{package}>Scaled") is Scaled)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)


bn_cases = Cases()


@bn_cases("BatchNormalization: training uses the batch, updates the moving statistics")
def _(tf):
    tf.keras.backend.clear_session()
    bn = tf.keras.layers.BatchNormalization(momentum=0.9)
    x = tf.constant(DATA)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = bn(x, training=True)
        loss = tf.reduce_sum(y * tf.constant([[1.0, -2.0, 0.5]]))
    grads = tape.gradient(loss, [x] + bn.trainable_variables)
    return (y, bn(x), bn(x, training=False), [w.path for w in bn.weights], bn.count_params(),
            bn.moving_mean, bn.moving_variance, grads)


@bn_cases("BatchNormalization on images (features last) and with axis=1")
def _(tf):
    bn = tf.keras.layers.BatchNormalization(center=False, epsilon=0.01)
    first = tf.keras.layers.BatchNormalization(axis=1)
    return bn(tf.constant(IMG), training=True), first(tf.constant(DATA.T), training=True), \
        [w.name for w in bn.weights]


@pytest.mark.parametrize("fn, compare_message, rtol", bn_cases.params)
def test_batch_normalization_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, 1e-5)
