"""The shapes a Keras model is built for, what `summary()` shows, and a layer's `input` and
`output`, against TF 2.21 with Keras 3 (rules: tf_compare.py). Keras 3's rules, as these cases
check them:

- A Sequential without an Input is built by its first real batch, batch size included: called
  on 10 examples (or by `predict`'s first batch, `train_on_batch`, `predict_on_batch`, a call
  inside a tf.function) it shows (10, ...); `fit` and `evaluate` build it for any batch size
  (None). `build(shape)` keeps the batch size given.
- `summary()` shows, for each layer, the output shape of its last symbolic call (this model's
  build, or another model's that shares the layer); else, for a model inside a subclassed
  model, that model's output shape; else the shape of the call that built the layer; else "?".
- `layer.input`/`layer.output` are the KerasTensors of the layer's first symbolic call (a
  functional model's, or a Sequential's build); a layer never called so raises AttributeError.
  A built Sequential has `inputs` and `outputs`, so its layers' outputs make a feature extractor.
"""
from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest

from .test_against_tensorflow_keras_functional import summary_text
from .tf_compare import Cases, check

cases = Cases()
X4 = np.ones((7, 4), np.float32)


def fresh(tf):
    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(0)


def dense(tf, units):
    return tf.keras.layers.Dense(units, kernel_initializer="ones")


@cases("a Sequential called on a batch of 10 is built for 10")
def _(tf):
    fresh(tf)
    model = tf.keras.Sequential([dense(tf, 3), dense(tf, 2)])
    model(np.ones((10, 4), np.float32))
    return summary_text(model), model.input_shape, model.output_shape, \
        model(np.ones((5, 4), np.float32)).shape


@cases("build() keeps the batch size given: (10, 4) and (None, 4)")
def _(tf):
    fresh(tf)
    ten, anything = tf.keras.Sequential([dense(tf, 3)]), tf.keras.Sequential([dense(tf, 3)])
    ten.build((10, 4))
    anything.build((None, 4))
    return summary_text(ten), ten.input_shape, summary_text(anything), anything.input_shape


@cases("predict builds for its first batch: 32 of 40 rows, 7 of 7")
def _(tf):
    fresh(tf)
    forty, seven = tf.keras.Sequential([dense(tf, 3)]), tf.keras.Sequential([dense(tf, 3)])
    forty.predict(np.ones((40, 4), np.float32), verbose=0)
    seven.predict(X4, verbose=0)
    return summary_text(forty), summary_text(seven)


@cases("train_on_batch and predict_on_batch build for their batch; fit and evaluate for None")
def _(tf):
    fresh(tf)
    models = [tf.keras.Sequential([dense(tf, 3)]) for _ in range(4)]
    for m in models:
        m.compile(optimizer="sgd", loss="mean_squared_error")
    models[0].train_on_batch(X4, np.ones((7, 3), np.float32))
    models[1].predict_on_batch(np.ones((6, 4), np.float32))
    models[2].fit(X4, np.ones((7, 3), np.float32), verbose=0)
    models[3].evaluate(X4, np.ones((7, 3), np.float32), verbose=0)
    return [summary_text(m) for m in models], [m.input_shape for m in models]


@cases("a Sequential first called inside a tf.function is built for that batch")
def _(tf):
    fresh(tf)
    model = tf.keras.Sequential([dense(tf, 3)])

    @tf.function(autograph=False)
    def f(x):
        return model(x)
    f(tf.ones((5, 4)))
    return summary_text(model), model.input_shape


@cases("the batch size is in the config and survives a .keras file")
def _(tf):
    fresh(tf)
    model = tf.keras.Sequential([dense(tf, 3)])
    model(tf.ones((2, 4)))
    config = model.get_config()["layers"][0]["config"]["batch_shape"]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "m.keras")
        model.save(path)
        loaded = tf.keras.models.load_model(path)
    return config, loaded.input_shape, loaded(tf.ones((3, 4))).shape, summary_text(loaded)[3]


@cases("a shared layer shows its last symbolic call, also in an unbuilt model")
def _(tf):
    fresh(tf)
    shared = dense(tf, 3)
    first, second = tf.keras.Sequential([shared]), tf.keras.Sequential([shared])
    first(np.ones((10, 4), np.float32))
    second(np.ones((6, 4), np.float32))
    unbuilt = tf.keras.Sequential([shared, dense(tf, 1)])
    return summary_text(unbuilt), summary_text(first)


@cases("the regression tutorial: an adapted Normalization shared with an unbuilt model")
def _(tf):
    fresh(tf)
    data = np.arange(40, dtype=np.float32).reshape(20, 2)
    norm = tf.keras.layers.Normalization(axis=-1)
    norm.adapt(data)
    linear = tf.keras.Sequential([norm, dense(tf, 1)])
    linear.predict(data[:10], verbose=0)
    linear.compile(optimizer="sgd", loss="mean_absolute_error")
    linear.fit(data, data[:, :1], epochs=1, verbose=0)  # (later calls leave the shape shown)
    deep = tf.keras.Sequential([norm, dense(tf, 4), dense(tf, 1)])
    return summary_text(deep)


@cases("a subclassed model's layers show the call that built them (batch 1), not later ones")
def _(tf):
    fresh(tf)

    class Two(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.a, self.b = dense(tf, 3), dense(tf, 2)

        def call(self, x):
            return self.b(self.a(x))
    model = Two()
    model(np.ones((1, 4), np.float32))
    model.compile(optimizer="sgd", loss="mean_squared_error")
    model.fit(np.ones((64, 4), np.float32), np.ones((64, 2), np.float32), verbose=0)
    model(np.ones((5, 4), np.float32))
    return summary_text(model)


@cases("models inside a subclassed model: a functional one shows its output shape")
def _(tf):
    fresh(tf)
    inputs = tf.keras.Input((4,))
    functional = tf.keras.Model(inputs, dense(tf, 3)(inputs))
    sequential = tf.keras.Sequential([dense(tf, 2)])

    class Outer(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.f, self.s = functional, sequential

        def call(self, x):
            return self.s(self.f(x))
    model = Outer()
    model(np.ones((5, 4), np.float32))
    return summary_text(model)


@cases("fit and evaluate trace their step once for any batch size: a Sequential inside a "
       "subclassed model (the autoencoder tutorial's decoder) is built for None")
def _(tf):
    fresh(tf)
    seen = []

    class Denoise(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.encoder = tf.keras.Sequential([tf.keras.Input(shape=(4,)), dense(tf, 3)])
            self.decoder = tf.keras.Sequential([dense(tf, 2), dense(tf, 4)])

        def call(self, x):
            return self.decoder(self.encoder(x))

        def train_step(self, data):
            seen.append([tuple(t.shape) for t in data])
            return super().train_step(data)
    fitted, evaluated = Denoise(), Denoise()
    x = np.ones((70, 4), np.float32)
    for model in (fitted, evaluated):
        model.compile(optimizer="sgd", loss="mean_squared_error")
    fitted.fit(x, x, epochs=2, batch_size=32, verbose=0)
    evaluated.evaluate(x, x, batch_size=32, verbose=0)
    return seen, summary_text(fitted.decoder), summary_text(evaluated.decoder)


def shapes(tensors):
    return [t.shape for t in tensors] if isinstance(tensors, list) else tensors.shape


@cases("a built Sequential's inputs, outputs and its layers' input and output")
def _(tf):
    fresh(tf)
    model = tf.keras.Sequential([tf.keras.Input((4,)), dense(tf, 3), dense(tf, 2)])
    return (shapes(model.inputs), shapes(model.outputs), shapes(model.layers[0].input),
            shapes(model.layers[0].output), shapes(model.layers[1].output),
            [t.dtype for t in model.outputs])


@cases("a feature extractor from a Sequential's layers: its summary and outputs")
def _(tf):
    fresh(tf)
    model = tf.keras.Sequential([tf.keras.Input((4,)), dense(tf, 3), dense(tf, 2)])
    extractor = tf.keras.Model(inputs=model.inputs, outputs=[l.output for l in model.layers])
    return summary_text(extractor), extractor(np.ones((1, 4), np.float32))


@cases("a Sequential built by a call has inputs; one not built yet raises AttributeError")
def _(tf):
    fresh(tf)
    model = tf.keras.Sequential([dense(tf, 3)])
    errors = []
    for attr in ("inputs", "outputs", "input", "output"):
        try:
            getattr(model, attr)
        except AttributeError as e:
            errors.append(str(e))
    model(np.ones((2, 4), np.float32))
    return errors, shapes(model.inputs), shapes(model.layers[0].output)


@cases("layer.input and layer.output: never called symbolically, and the first of two calls")
def _(tf):
    fresh(tf)
    layer = dense(tf, 2)
    errors = []
    for attr in ("input", "output"):
        try:
            getattr(layer, attr)
        except AttributeError as e:
            errors.append(str(e))
    layer(np.ones((3, 4), np.float32))  # (an eager call makes no node)
    for attr in ("input", "output"):
        try:
            getattr(layer, attr)
        except AttributeError as e:
            errors.append(str(e))
    a, b = tf.keras.Input((4,), batch_size=5), tf.keras.Input((4,), batch_size=6)
    layer(a)
    layer(b)
    return errors, shapes(layer.input), shapes(layer.output)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_build_shapes_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
