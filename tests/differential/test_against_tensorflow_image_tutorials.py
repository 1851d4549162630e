"""What TF's image tutorials (cvae, dcgan, distribute/custom_training) rely on, here and in TF 2.21.

`InputLayer(input_shape=...)` (Keras 3 takes Keras 2's name, with a warning), a checkpoint
restored from `None` (no checkpoint yet: `InitializationOnlyStatus`, whose checks fail),
`tf.keras.losses.Reduction`'s names, and Conv2D's kernel and bias regularizers. Run:

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_image_tutorials.py
"""
from __future__ import annotations

import warnings

import pytest

from .tf_compare import Cases, check

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
