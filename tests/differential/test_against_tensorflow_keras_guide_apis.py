"""Keras 3 APIs of keras.io's guides against TF 2.21's Keras: add_loss, a custom train_step
(compute_loss, metrics, optimizer.apply), pad_sequences, Sequential.pop, from_config,
Input(batch_shape), array_to_img, to_categorical (rules: tf_compare.py)."""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


def _activity_layer(tf):
    class ActivityRegularization(tf.keras.layers.Layer):
        def call(self, inputs):
            self.add_loss(0.5 * tf.reduce_mean(inputs))
            return inputs
    return ActivityRegularization


@cases("add_loss: the last call's losses, through an outer layer")
def _(tf):
    inner = _activity_layer(tf)

    class Outer(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.inner = inner()

        def call(self, inputs):
            return self.inner(inputs)
    layer = Outer()
    before = len(layer.losses)
    layer(tf.ones((1, 2)))
    layer(tf.ones((1, 2)) * 3.0)
    return before, len(layer.losses), layer.losses[0]


@cases("add_loss: fit without a compiled loss minimizes it; a symbolic call keeps none")
def _(tf):
    inputs = tf.keras.Input(shape=(2,))
    model = tf.keras.Model(inputs, _activity_layer(tf)()(inputs))
    symbolic = len(model.losses)
    model.compile(optimizer="sgd")
    history = model.fit(np.full((4, 2), 2.0, np.float32), np.zeros((4, 2)), verbose=0)
    return symbolic, history.history


@cases("a custom train_step: compute_loss, metrics, optimizer.apply; logs sorted")
def _(tf):
    class CustomModel(tf.keras.Model):
        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compute_loss(y=y, y_pred=y_pred)
            grads = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply(grads, self.trainable_variables)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    inputs = tf.keras.Input(shape=(2,))
    outputs = tf.keras.layers.Dense(1, kernel_initializer="ones")(inputs)
    model = CustomModel(inputs, outputs)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    x = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0], [1.0, 1.0]], np.float32)
    y = np.array([[1.0], [0.0], [3.0], [2.0]], np.float32)
    history = model.fit(x, y, batch_size=2, epochs=2, verbose=0, shuffle=False)
    return (type(model).__name__, model.name, [m.name for m in model.metrics],
            list(history.history), history.history, model.get_weights())


cases("pad_sequences: pre and post, maxlen, value, dtype")(lambda tf: (
    tf.keras.utils.pad_sequences([[711, 632, 71], [73, 8, 3215, 55, 927], [1]]),
    tf.keras.utils.pad_sequences([[1, 2, 3], [4], []], maxlen=2, padding="post",
                                 truncating="post", value=-1),
    tf.keras.utils.pad_sequences([[0.5, 1.5], [2.5]], dtype="float32"),
    tf.keras.utils.pad_sequences([[[1, 2], [3, 4]], [[5, 6]]])))
cases("pad_sequences: an unknown padding")(
    lambda tf: tf.keras.utils.pad_sequences([[1]], padding="middle"))


@cases("Sequential.pop, Dense.from_config, Input(batch_shape=)")
def _(tf):
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2, name="a"),
                                 tf.keras.layers.Dense(4, name="b")])
    popped = model.pop()
    layer = tf.keras.layers.Dense(3, activation="relu", name="d")
    copy = tf.keras.layers.Dense.from_config(layer.get_config())
    return (popped.name, len(model.layers), model.output_shape, copy.name, copy.units,
            tf.keras.Input(batch_shape=(16, 10, 5)).shape)


@cases("UpSampling2D: nearest, both data formats, its gradient, in a functional model")
def _(tf):
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 2, 3, 2))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.keras.layers.UpSampling2D((2, 3))(x)
        z = tf.reduce_sum(y ** 2)
    inputs = tf.keras.Input(shape=(4, 4, 1))
    model = tf.keras.Model(inputs, tf.keras.layers.UpSampling2D(3)(inputs))
    return (y, tf.keras.layers.UpSampling2D(2, data_format="channels_first")(x),
            tape.gradient(z, x), model.output_shape)


@cases("a Model subclass whose own __init__ takes two arguments is a subclassed model: Keras 3 "
       "decides 'functional' on what reaches Model.__init__ (KerasTensors), not on the count")
def _(tf):
    class Block(tf.keras.Model):  # (the custom-layers tutorial's ResnetIdentityBlock(1, [1, 2, 3]))
        def __init__(self, kernel_size, filters):
            super().__init__(name="")
            self.dense = tf.keras.layers.Dense(filters[-1], kernel_initializer="ones")

        def call(self, x):
            return self.dense(x) + x
    block = Block(1, [1, 2, 3])
    return block(tf.ones((1, 3))), len(block.variables), len(block.layers)


@cases("utils.array_to_img: grayscale/RGB/RGBA modes, scale stretches to 0..255, a grayscale "
       "image above 255 is 32-bit, channels_first; img_to_array back")
def _(tf):
    to_img = tf.keras.utils.array_to_img
    gray = np.linspace(0, 1, 6, dtype=np.float32).reshape(2, 3, 1)
    images = [to_img(gray), to_img(gray * 255.0, scale=False),
              to_img(np.arange(24, dtype=np.float32).reshape(2, 4, 3)),
              to_img(np.full((2, 2, 1), 300.0), scale=False),
              to_img(np.arange(16, dtype=np.float32).reshape(4, 2, 2),
                     data_format="channels_first")]
    return ([(im.mode, im.size, np.asarray(im)) for im in images],
            tf.keras.utils.img_to_array(images[2]),
            tf.keras.utils.img_to_array(images[4], data_format="channels_first").shape)


@cases("a Sequential with an Input builds a layer of your own without build() by calling it "
       "(the layers it holds get their weights), with its traced output shape")
def _(tf):
    tf.keras.backend.clear_session()

    class Nested(tf.keras.layers.Layer):
        def __init__(self, units, name=None):
            super().__init__(name=name)
            self.dense_1 = tf.keras.layers.Dense(units, name="dense_1")
            self.dense_2 = tf.keras.layers.Dense(units, name="dense_2")

        def call(self, inputs):
            return self.dense_2(self.dense_1(inputs))
    model = tf.keras.Sequential([tf.keras.Input((6,)), Nested(3, "nested"),
                                 tf.keras.layers.Dense(2)])
    names = [w.name for w in model.weights]
    model.get_layer("nested").dense_1.trainable = False
    return (names, [w.shape for w in model.weights], model.output_shape,
            [w.name for w in model.trainable_weights], model.layers[0].output.shape)


@cases("a layer without build() holding unbuilt layers: its first eager call runs call() once "
       "on symbolic inputs first (Keras 3's build by a run), so call's Python runs twice; "
       "later calls once; a layer with its own build() once")
def _(tf):
    calls = []

    class Holder(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.dense = tf.keras.layers.Dense(2, kernel_initializer="ones")

        def call(self, x):
            calls.append("holder")
            return self.dense(x)

    class Built(Holder):
        def build(self, input_shape):
            self.dense.build(input_shape)

        def call(self, x):
            calls.append("built")
            return self.dense(x)
    x = np.ones((1, 3), np.float32)
    holder, built = Holder(), Built()
    out = holder(x)
    holder(x)
    built(x)
    return calls, out, [w.shape for w in holder.weights]


cases("utils.array_to_img of a matrix")(lambda tf: tf.keras.utils.array_to_img(np.ones((2, 2))))
cases("utils.array_to_img of two channels")(
    lambda tf: tf.keras.utils.array_to_img(np.ones((2, 2, 2))))


@cases("a layer holding an unbuilt layer, first called in a tf.function: built by one "
       "symbolic run while tracing too (its call runs once more)")
def _(tf):
    import contextlib
    import io

    class Block(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.inner = tf.keras.layers.Dense(2)

        def call(self, x):
            print("call", tuple(x.shape))
            return self.inner(x)

    block, printed = Block(), io.StringIO()
    step = tf.function(lambda x: block(x))
    with contextlib.redirect_stdout(printed):
        shapes = [tuple(step(tf.ones([3, 4])).shape) for _ in range(2)]
    return printed.getvalue(), shapes, block.built, len(block.weights)


def _plain(a):
    """A NumPy result as comparable values: its type, dtype, shape and numbers."""
    return type(a).__name__, a.dtype.name, a.shape, a.tolist()


cases("utils.to_categorical of a list: float64 NumPy rows, max + 1 classes")(
    lambda tf: _plain(tf.keras.utils.to_categorical([0, 2, 1])))
cases("utils.to_categorical drops a trailing axis of 1; floats truncate to indices")(
    lambda tf: (_plain(tf.keras.utils.to_categorical([[1], [0]], 3)),
                _plain(tf.keras.utils.to_categorical(np.array([1.7, 0.2]), 3))))
cases("utils.to_categorical: a negative label counts from the end (NumPy indexing); a 0-d "
      "label; a matrix of labels; no labels with num_classes")(
    lambda tf: (_plain(tf.keras.utils.to_categorical([-1, 0], 3)),
                _plain(tf.keras.utils.to_categorical(np.int64(2), 4)),
                _plain(tf.keras.utils.to_categorical([[0, 1], [2, 0]])),
                _plain(tf.keras.utils.to_categorical([], 3))))
cases("utils.to_categorical of a tensor: tf.one_hot, float32; a label past the classes is a row "
      "of zeros")(lambda tf: (tf.keras.utils.to_categorical(tf.constant([[1], [0]]), 3),
                              tf.keras.utils.to_categorical(tf.constant([0, 5]), 3)))
cases("utils.to_categorical: a label >= num_classes is an IndexError")(
    lambda tf: tf.keras.utils.to_categorical([0, 3], 3))
cases("utils.to_categorical of no labels and no num_classes is a ValueError",
      compare_message=False)(lambda tf: tf.keras.utils.to_categorical([]))
cases("utils.to_categorical of a tensor needs num_classes")(
    lambda tf: tf.keras.utils.to_categorical(tf.constant([0, 2])))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)

