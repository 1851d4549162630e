"""Keras's functional API (tf.keras.Input, layer calls, tf.keras.Model(inputs, outputs)) against
TF 2.21 with Keras 3 (rules: tf_compare.py): layers and their order, names, weights, summaries,
calls, training, saving. Weights come from constant initializers or `set_weights`, so numbers
do not depend on either library's random streams."""
from __future__ import annotations

import contextlib
import io
import os
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
X = np.array([[1.0, 2.0, -1.0], [3.0, 6.0, 0.0], [5.0, 10.0, 4.0], [7.0, 2.0, 1.0]], np.float32)
Y = np.array([0, 1, 2, 1])


def summary_text(model) -> list:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    return [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]


def dense(tf, units, **kwargs):
    return tf.keras.layers.Dense(units, kernel_initializer=tf.keras.initializers.Constant(0.1),
                                 bias_initializer="ones", **kwargs)


def chain(tf, rate=0.5):
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input(shape=(3,))
    x = dense(tf, 4, activation="relu")(inputs)
    x = tf.keras.layers.Dropout(rate)(x)  # (random when training: rate 0 there)
    outputs = dense(tf, 3, activation="softmax")(x)
    return tf.keras.Model(inputs=inputs, outputs=outputs)


def layer_classes(tf):
    """The intro_to_modules guide's layer: raw tf.Variables (not weights in Keras 3), built late."""
    class FlexibleDense(tf.keras.layers.Layer):
        def __init__(self, out_features, **kwargs):
            super().__init__(**kwargs)
            self.out_features = out_features

        def build(self, input_shape):
            self.w = tf.Variable(tf.ones([input_shape[-1], self.out_features]), name="w")
            self.b = tf.Variable(tf.zeros([self.out_features]), name="b")

        def call(self, inputs):
            return tf.matmul(inputs, self.w) + self.b

    class Concat(tf.keras.layers.Layer):
        def call(self, inputs):
            return tf.concat(inputs, axis=-1)
    return FlexibleDense, Concat


@cases("a chain: summary, layers, names, weights, input and output shapes, a call")
def _(tf):
    model = chain(tf)
    return (summary_text(model), type(model).__name__, isinstance(model, tf.keras.Model),
            model.name, [layer.name for layer in model.layers],
            [type(layer).__name__ for layer in model.layers],
            [w.path for w in model.weights], [w.path for w in model.trainable_variables],
            model.input_shape, model.output_shape, model.count_params(),
            model(X), model(X, training=False), model.predict(X, verbose=0),
            [t.shape for t in model.inputs], [t.shape for t in model.outputs], model.output_names)


@cases("the guide's FlexibleDense layers in a functional model: summary and a call")
def _(tf):
    tf.keras.backend.clear_session()
    FlexibleDense, _ = layer_classes(tf)
    inputs = tf.keras.Input(shape=[3, ])
    x = FlexibleDense(3)(inputs)
    x = FlexibleDense(2)(x)
    model = tf.keras.Model(inputs=inputs, outputs=x)
    return summary_text(model), model(tf.constant([[2.0, 2.0, 2.0]])), model.weights, \
        [layer.name for layer in model.layers]


@cases("fit, evaluate and predict a functional classifier (loss from the softmax's logits)",
       rtol=1e-5)
def _(tf):
    model = chain(tf, rate=0.0)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(X, Y, epochs=3, batch_size=2, shuffle=False, verbose=0)
    return history.history, model.evaluate(X, Y, verbose=0), model.predict(X, verbose=0), \
        model.get_weights()


@cases("two inputs, a shared layer, a multi-input layer: summary with 'Connected to', calls")
def _(tf):
    tf.keras.backend.clear_session()
    _, Concat = layer_classes(tf)
    a = tf.keras.Input(shape=(3,), name="a")
    b = tf.keras.Input(shape=(3,))
    shared = dense(tf, 2, name="a_really_long_name_for_a_shared_dense_layer")
    joined = Concat()([shared(a), shared(b)])
    out = dense(tf, 1)(joined)
    model = tf.keras.Model([a, b], out)
    return (summary_text(model), [layer.name for layer in model.layers],
            [w.path for w in model.weights],
            model([X, X * 2]), model((X, X)),
            [t.name for t in model.inputs])


@cases("layer order of branching graphs (Keras 3: deepest first, ties as first met)")
def _(tf):
    tf.keras.backend.clear_session()
    _, Concat = layer_classes(tf)
    orders = []
    for swap in (False, True):
        i, j = tf.keras.Input(shape=(3,)), tf.keras.Input(shape=(3,))
        x1 = dense(tf, 2)(j)
        x3 = dense(tf, 2)(dense(tf, 2)(i))
        model = tf.keras.Model([i, j], Concat()([x1, x3] if swap else [x3, x1]))
        orders.append(([layer.name for layer in model.layers], [w.path for w in model.weights],
                       summary_text(model), model([X, X])))
    unused = tf.keras.Input(shape=(2,))
    model = tf.keras.Model([i, unused], dense(tf, 1)(i))
    orders.append([layer.name for layer in model.layers])
    return orders


@cases("dict outputs, a nested Sequential, a functional model used as a layer")
def _(tf):
    tf.keras.backend.clear_session()
    inner_in = tf.keras.Input(shape=(3,))
    inner = tf.keras.Model(inner_in, dense(tf, 2)(inner_in), name="inner")
    seq = tf.keras.Sequential([dense(tf, 3)])
    inputs = tf.keras.Input(shape=(3,))
    x = seq(inputs)
    y = inner(x)
    model = tf.keras.Model(inputs, {"y": y, "x": x})
    result = model(X)
    return (summary_text(model), sorted(result), result["y"], result["x"], model.output_names,
            [layer.name for layer in model.layers], [w.path for w in model.weights], inner.name)


@cases("names: a Sequential's build takes Keras's input_layer and functional names")
def _(tf):
    tf.keras.backend.clear_session()
    names = []
    for build in (lambda s: s(X), lambda s: s.build((None, 3)), lambda s: None):
        s = tf.keras.Sequential([tf.keras.layers.Dense(2)])
        build(s)
        i = tf.keras.Input(shape=(3,))
        names.append((tf.keras.Model(i, tf.keras.layers.Dense(2)(i)).name, i.name))
    s = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(2)])
    s.add(tf.keras.layers.Dense(1))
    i = tf.keras.Input(shape=(3,))
    names.append(tf.keras.Model(i, tf.keras.layers.Dense(2)(i)).name)
    return names


@cases("a KerasTensor: repr, shape, dtype, ndim")
def _(tf):
    tf.keras.backend.clear_session()
    i = tf.keras.Input(shape=(None, 3), dtype="int32", name="tokens")
    x = tf.keras.layers.Dense(4)(tf.keras.Input(shape=(2,)))
    return repr(i), i.shape, i.dtype, i.ndim, repr(x), x.shape


@cases("save and load a functional model (.keras): summary, weights, outputs")
def _(tf):
    model = chain(tf)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "f.keras")
        model.save(path)
        loaded = tf.keras.models.load_model(path)
    return (type(loaded).__name__, loaded.name, summary_text(loaded), loaded(X),
            [w.path for w in loaded.weights], [layer.name for layer in loaded.layers])


@cases("get_config round trip with from_config")
def _(tf):
    model = chain(tf)
    config = model.get_config()
    seen = (sorted(config), [e["class_name"] for e in config["layers"]],
            [e["name"] for e in config["layers"]], config["input_layers"], config["output_layers"])
    again = tf.keras.Model.from_config(config)
    again.set_weights(model.get_weights())
    return seen, again(X), again.name, type(again).__name__


@cases("gradients through a functional model, in and out of tf.function")
def _(tf):
    model = chain(tf, rate=0.0)
    x = tf.constant(X)

    @tf.function
    def grads():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(model(x, training=False) ** 2)
        return tape.gradient(loss, model.trainable_variables)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(x) ** 2)
    return tape.gradient(loss, model.trainable_variables), grads()


@cases("an image model: Conv2D, MaxPooling2D, Flatten, Lambda, BatchNormalization", rtol=1e-5)
def _(tf):
    tf.keras.backend.clear_session()
    images = np.linspace(-1.0, 1.0, 2 * 6 * 6).reshape(2, 6, 6, 1).astype(np.float32)
    inputs = tf.keras.Input(shape=(6, 6, 1))
    x = tf.keras.layers.Lambda(lambda t: t * 2.0)(inputs)
    x = tf.keras.layers.Conv2D(2, 3, activation="relu", kernel_initializer="ones")(x)
    x = tf.keras.layers.MaxPooling2D()(x)
    x = tf.keras.layers.BatchNormalization()(x, training=False)
    x = tf.keras.layers.Flatten()(x)
    outputs = dense(tf, 2)(x)
    model = tf.keras.Model(inputs, outputs)
    config = model.get_config()
    return (summary_text(model), model(images), model(images, training=True),
            [w.path for w in model.weights], [n["kwargs"].get("training") for e in config["layers"]
                                               for n in e.get("inbound_nodes", [])])


@cases("tf.saved_model.save of trained Keras models: serving_default, not the training step",
       rtol=1e-5)
def _(tf):
    seq = tf.keras.Sequential([tf.keras.Input(shape=(3,)), dense(tf, 2)])
    seq.compile(optimizer="adam", loss="mse")
    seq.fit(X, X[:, :2], epochs=1, verbose=0)
    model = chain(tf, rate=0.0)
    found = []
    with tempfile.TemporaryDirectory() as d:
        for i, m in enumerate((seq, model)):
            tf.saved_model.save(m, os.path.join(d, str(i)))
            loaded = tf.saved_model.load(os.path.join(d, str(i)))
            serve = loaded.signatures["serving_default"]
            found.append((list(loaded.signatures), sorted(serve.structured_outputs),
                          serve(inputs=tf.constant(X))["output_0"], m(X)))
    return found


cases("an input of the wrong shape")(lambda tf: chain(tf)(np.ones((2, 5), np.float32)))
cases("inputs given by the wrong names", compare_message=False)(
    lambda tf: chain(tf)({"x": X}))


@cases("inputs given as a dict: by the Inputs' names; unnamed Inputs are refused")
def _(tf):
    tf.keras.backend.clear_session()
    a, b = tf.keras.Input(shape=(3,), name="a"), tf.keras.Input(shape=(3,), name="b")
    named = tf.keras.Model([a, b], dense(tf, 1)(b))
    c, d = tf.keras.Input(shape=(3,)), tf.keras.Input(shape=(3,))
    unnamed = tf.keras.Model([c, d], dense(tf, 1)(d))
    try:
        unnamed({c.name: X, d.name: X})
        refused = None
    except ValueError as e:
        refused = str(e)
    return named({"a": X, "b": X * 2}), named({"b": X * 2, "a": X}), refused
@cases("outputs that do not come from the inputs")
def _(tf):
    i, other = tf.keras.Input(shape=(3,)), tf.keras.Input(shape=(3,))
    return tf.keras.Model(i, [tf.keras.layers.Dense(1)(i), tf.keras.layers.Dense(1)(other)])


cases("get_layer of a missing name")(lambda tf: chain(tf).get_layer("nope"))
cases("get_layer by index")(lambda tf: chain(tf).get_layer(index=1).name)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_functional_api_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
