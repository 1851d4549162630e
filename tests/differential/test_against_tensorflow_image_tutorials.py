"""What TF's image tutorials (cvae, dcgan, distribute/custom_training) rely on, here and in TF 2.21.

`InputLayer(input_shape=...)` (Keras 3 takes Keras 2's name, with a warning), a checkpoint
restored from `None` (no checkpoint yet: `InitializationOnlyStatus`, whose checks fail),
`tf.keras.losses.Reduction`'s names, and Conv2D's kernel and bias regularizers. Run:

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_image_tutorials.py
"""
from __future__ import annotations

import warnings

import numpy as np

import pytest

from .tf_compare import Cases, check, real_tf

case = Cases()


@case("InputLayer(input_shape=...) is shape=..., with a deprecation UserWarning")
def _(tf):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = tf.keras.Sequential([tf.keras.layers.InputLayer(input_shape=(28, 28, 1)),
                                     tf.keras.layers.Flatten()])
    return model.output_shape, [(w.category.__name__, str(w.message)) for w in caught]


@case("restore(None): InitializationOnlyStatus; expect_partial returns it")
def _(tf):
    status = tf.train.Checkpoint(v=tf.Variable(1.0)).restore(None)
    return type(status).__name__, type(status.expect_partial()).__name__, \
        status.initialize_or_restore()


case("restore(None).assert_consumed() fails: nothing is restored")(
    lambda tf: tf.train.Checkpoint(v=tf.Variable(1.0)).restore(None).assert_consumed())
case("restore(None).assert_existing_objects_matched() fails")(
    lambda tf: tf.train.Checkpoint(v=tf.Variable(1.0)).restore(None)
    .assert_existing_objects_matched())
case("restore(None).run_restore_ops() fails")(
    lambda tf: tf.train.Checkpoint(v=tf.Variable(1.0)).restore(None).run_restore_ops())
case("read(None) is the same status")(
    lambda tf: type(tf.train.Checkpoint(v=tf.Variable(1.0)).read(None)).__name__)

case("losses.Reduction: Keras 2's names as strings")(lambda tf: (
    tf.keras.losses.Reduction.NONE, tf.keras.losses.Reduction.SUM,
    tf.keras.losses.Reduction.SUM_OVER_BATCH_SIZE, tf.keras.losses.Reduction.AUTO,
    tf.keras.losses.Reduction.all()))
case("losses.Reduction.validate refuses other names")(
    lambda tf: tf.keras.losses.Reduction.validate("mean"))
case("reduction=Reduction.NONE: one loss per example")(lambda tf: tf.keras.losses.
    SparseCategoricalCrossentropy(from_logits=True, reduction=tf.keras.losses.Reduction.NONE)(
        tf.constant([0, 1]), tf.constant([[2.0, 1.0], [0.5, 1.5]])))


@case("Conv2D kernel/bias regularizers: layer.losses, and in the config")
def _(tf):
    layer = tf.keras.layers.Conv2D(
        2, 2, kernel_initializer=tf.keras.initializers.Constant(0.5),
        bias_initializer=tf.keras.initializers.Constant(2.0),
        kernel_regularizer=tf.keras.regularizers.l2(0.01),
        bias_regularizer=tf.keras.regularizers.l1(0.1))
    layer(tf.ones([1, 3, 3, 3]))
    config = layer.get_config()
    return layer.losses, config["kernel_regularizer"]["config"], \
        config["bias_regularizer"]["class_name"]


@case("a regularized Conv2D in a model: model.losses, and fit's loss includes them")
def _(tf):
    tf.keras.utils.set_random_seed(3)
    model = tf.keras.Sequential([
        tf.keras.Input((4, 4, 1)),
        tf.keras.layers.Conv2D(2, 3, kernel_initializer=tf.keras.initializers.Constant(0.1),
                               kernel_regularizer=tf.keras.regularizers.L2(1.0)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.0), loss="mse")
    x = tf.reshape(tf.range(32, dtype=tf.float32), [2, 4, 4, 1]) / 32.0
    return model.losses, model.evaluate(x, tf.zeros([2, 1]), verbose=0)


@pytest.mark.parametrize("fn, compare_message, rtol", case.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol=1e-5)


case("argmax and argmin of bools: the first True (the images tutorial's one-hot label)")(
    lambda tf: (tf.argmax(tf.constant(["a", "b", "c"]) == tf.constant("b")),
                tf.argmin(tf.constant([[True, False], [True, True]]), axis=1),
                tf.function(lambda x: tf.argmax(x, output_type=tf.int32))(
                    tf.constant([False, False, True]))))


_X = [[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0, 9.0]]
case("split into listed sizes with one -1 (the VAE's mean and log-variance)")(
    lambda tf: tf.split(tf.constant(_X), [2, -1, 1], axis=1))
case("split into equal pieces along a negative axis")(
    lambda tf: tf.split(tf.constant(_X), 2, axis=-2))
case("split: pieces that do not divide the axis")(lambda tf: tf.split(tf.constant(_X), 2, axis=1))
case("split: sizes that do not add up")(lambda tf: tf.split(tf.constant(_X), [2, 2], axis=1))
case("split: two -1 sizes")(lambda tf: tf.split(tf.constant(_X), [2, -1, -1], axis=1))
case("split: an axis out of range")(lambda tf: tf.split(tf.constant(_X), 5, axis=2))


@case("split's gradient: each piece's upstream gradient on its columns")
def _(tf):
    x = tf.constant(_X)
    with tf.GradientTape() as tape:
        tape.watch(x)
        a, b = tf.split(x, [3, 2], axis=1)
        y = tf.reduce_sum(a * 2.0) + tf.reduce_sum(b * b)
    return tape.gradient(y, x)


# -- the projective-transform kernel and the augmentation layers ----------------------------------
_RNG = np.random.default_rng(0)
_IMAGES = _RNG.uniform(0, 10, (2, 5, 7, 2)).astype(np.float32)
_TRANSFORMS = [[1, 0, -1.5, 0, 1, 0.7, 0, 0],                 # a shift by halves
               [0.9, -0.3, 2.2, 0.3, 0.9, -1.1, 0, 0],        # a turn
               [1.7, 0.2, -3, -0.1, 1.4, -2.5, 0, 0],         # a zoom out, sheared
               [0.5, 0, 9.5, 0, 0.6, -4.2, 0.01, 0.02]]       # projective (c0, c1 != 0)


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
@pytest.mark.parametrize("fill_mode", ["reflect", "wrap", "constant", "nearest"])
@pytest.mark.parametrize("transform", _TRANSFORMS, ids=["shift", "turn", "zoom", "projective"])
def test_image_projective_transform_gives_tfs_kernel_values(transform, fill_mode, interpolation):
    """TF's ImageProjectiveTransformV3: float32 coordinates, fill modes mapped then clamped,
    nearest rounding halves away from zero; the engine's kernel gives the same pixels."""
    from course.engine.ops.image_transform_ops import image_projective_transform
    theirs = real_tf.raw_ops.ImageProjectiveTransformV3(
        images=_IMAGES, transforms=[transform], output_shape=[5, 7], fill_value=0.5,
        interpolation=interpolation.upper(), fill_mode=fill_mode.upper()).numpy()
    ours = image_projective_transform(_IMAGES, [transform], interpolation, fill_mode, 0.5).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-5)


def _augmentation_model(tf):
    return tf.keras.Sequential([
        tf.keras.Input((6, 8, 3)),
        tf.keras.layers.RandomFlip("horizontal", seed=1),
        tf.keras.layers.RandomRotation(0.1, seed=2),
        tf.keras.layers.RandomZoom(0.1, seed=3)])


case("augmentation layers: shapes and float32 in training; identity with training=False")(
    lambda tf: (lambda model, x: (model(x).shape, model(x).dtype,
                                  model(x, training=False),
                                  model.output_shape, model.count_params()))(
        _augmentation_model(tf), tf.cast(tf.reshape(tf.range(144), [1, 6, 8, 3]), tf.uint8)))
case("predict passes images through the augmentation unchanged")(lambda tf: _augmentation_model(
    tf).predict(np.arange(288, dtype=np.float32).reshape(2, 6, 8, 3), verbose=0))
case("a flip or a rotation keeps the set of values of a flat image")(lambda tf: (
    tf.keras.layers.RandomFlip()(tf.fill([2, 3, 4, 1], 7.0)),
    tf.keras.layers.RandomRotation(0.3)(tf.fill([3, 4, 1], 2.0))))
case("augmentation layers are built on their first call")(lambda tf: (
    tf.keras.layers.RandomFlip().built, tf.keras.layers.RandomZoom(0.2).built))
case("RandomZoom with an unknown fill_mode")(lambda tf: tf.keras.layers.RandomZoom(
    0.1, fill_mode="mirror"))


@case("an augmented model in the classification tutorial's shape: summary and fit")
def _(tf):
    tf.keras.utils.set_random_seed(5)
    model = tf.keras.Sequential([
        _augmentation_model(tf), tf.keras.layers.Rescaling(1.0 / 255),
        tf.keras.layers.Conv2D(2, 3, padding="same", activation="relu"),
        tf.keras.layers.Flatten(), tf.keras.layers.Dense(2, name="outputs")])
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(
        from_logits=True), metrics=["accuracy"])
    history = model.fit(np.zeros((4, 6, 8, 3), np.float32), np.array([0, 1, 0, 1]), epochs=1,
                        verbose=0)
    return sorted(history.history), [w.shape for w in model.trainable_weights], \
        model.layers[0].output_shape


@case("a Sequential put first gives its input shape: the outer model is built at once")
def _(tf):
    augment = tf.keras.Sequential([tf.keras.layers.RandomFlip("horizontal", input_shape=(8, 8, 3)),
                                   tf.keras.layers.RandomRotation(0.1)])
    alone = tf.keras.Sequential([augment])
    model = tf.keras.Sequential([augment, tf.keras.layers.Rescaling(1 / 255),
                                 tf.keras.layers.Conv2D(2, 3), tf.keras.layers.Flatten(),
                                 tf.keras.layers.Dense(2)])
    return alone.built, model.built, model.output_shape, model.count_params(), \
        [layer.output.shape for layer in model.layers[1:]]


case("augmentation layers' configs (what a .keras file holds), without the dtype")(lambda tf: [
    {k: v for k, v in layer.get_config().items() if k != "dtype"} for layer in (
        tf.keras.layers.RandomFlip("horizontal", seed=1),
        tf.keras.layers.RandomRotation(0.1, fill_mode="nearest"),
        tf.keras.layers.RandomZoom(0.2, width_factor=(-0.1, 0.3), interpolation="nearest"))])


@case("traced convolution shapes: unknown batch or size stays unknown, the rest from geometry")
def _(tf):
    w = tf.zeros([3, 2, 3, 4])
    shapes = []
    for spec, strides, padding in (([None, 9, 8, 3], 2, "SAME"), ([2, None, 8, 3], 1, "VALID"),
                                   ([None, None, None, 3], 2, "VALID")):
        fn = tf.function(lambda x: tf.nn.conv2d(x, w, strides, padding))
        shapes.append(fn.get_concrete_function(tf.TensorSpec(spec)).structured_outputs.shape)

    @tf.function
    def grads(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.nn.conv2d(x, w, 2, "SAME") ** 2)
        return tape.gradient(y, x)
    shapes.append(grads.get_concrete_function(tf.TensorSpec([None, 9, 8, 3])).structured_outputs.shape)
    return shapes


@case("traced max-pool shapes, and its gradient's, with unknown sizes")
def _(tf):
    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.max_pool2d(x, 3, 2, "SAME")
            total = tf.reduce_sum(y * y)
        return y, tape.gradient(total, x)
    return [t.shape for t in f.get_concrete_function(
        tf.TensorSpec([None, 9, None, 3])).structured_outputs]
