"""The small layers of TF's tutorials (Reshape, ReLU, LeakyReLU, global pooling, ZeroPadding2D,
the merge layers, LayerNormalization, Conv1D) against TF 2.21 with Keras 3 (rules:
tf_compare.py): outputs, shapes, configs, errors, summaries, gradients, masks, saving,
checkpoint keys and a short fit. Weights come from constant initializers or `set_weights`, so
numbers do not depend on either library's random streams."""
from __future__ import annotations

import contextlib
import io
import os
import tempfile
import warnings

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
IMG = np.random.default_rng(5).normal(size=(2, 4, 5, 3)).astype(np.float32)
SEQ = np.random.default_rng(6).normal(size=(2, 4, 3)).astype(np.float32)
EDGES = np.array([-10.0, -5.0, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 6.0, 10.0], np.float32)


def summary_text(model) -> list:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    return [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]


def attempt(fn):
    """fn()'s value, or the class and message of what it raised (several errors in one case)."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the error is the result compared
        return type(e).__name__, str(e)


def config_of(layer, *keys):
    config = layer.get_config()
    return {k: config[k] for k in keys}


# -- Reshape -------------------------------------------------------------------------------------
@cases("Reshape: the batch axis stays, -1 is what is left; its config keeps the tuple")
def _(tf):
    x = tf.reshape(tf.range(24.0), [2, 12])
    layer = tf.keras.layers.Reshape((-1, 2, 3))
    return (tf.keras.layers.Reshape((3, 4))(x), layer(x), layer.built,
            config_of(layer, "target_shape"), tf.keras.layers.Reshape((0, 2)).target_shape)


@cases("Reshape's errors: two -1s, a negative size, a size that does not fit (whole text)")
def _(tf):
    x = np.ones((2, 12), np.float32)
    return (attempt(lambda: tf.keras.layers.Reshape((-1, -1))),
            attempt(lambda: tf.keras.layers.Reshape((-2, 2))),
            attempt(lambda: tf.keras.layers.Reshape((5, 4))(x)),
            attempt(lambda: tf.keras.layers.Reshape((-1, 5))(x)))


@cases("Reshape on KerasTensors: the output shape with -1 worked out, None for an unknown size")
def _(tf):
    return (tf.keras.layers.Reshape((-1, 2))(tf.keras.Input((12,))).shape,
            tf.keras.layers.Reshape((4, 3))(tf.keras.Input((2, 6), batch_size=5)).shape,
            tf.keras.layers.Reshape((-1,))(tf.keras.Input((None, 3))).shape)


# -- ReLU, LeakyReLU -----------------------------------------------------------------------------
@cases("ReLU: max_value, negative_slope, threshold, each alone and together (Keras's formula)")
def _(tf):
    x = tf.constant(EDGES)
    layers = [tf.keras.layers.ReLU(), tf.keras.layers.ReLU(max_value=6.0),
              tf.keras.layers.ReLU(max_value=3.0), tf.keras.layers.ReLU(negative_slope=0.5),
              tf.keras.layers.ReLU(threshold=1.0), tf.keras.layers.ReLU(3.0, 0.5, 1.0),
              tf.keras.layers.ReLU(max_value=4.0, negative_slope=0.1),
              tf.keras.layers.ReLU(negative_slope=0.2, threshold=2.0)]
    return [layer(x) for layer in layers]


@cases("ReLU's gradient with all three options (the slope below, 1 between, 0 above the cap)")
def _(tf):
    x = tf.constant(EDGES + 0.25)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.keras.layers.ReLU(max_value=4.0, negative_slope=0.3, threshold=0.5)(x)
    return tape.gradient(tf.reduce_sum(y * y), x)


@cases("ReLU's config and its errors for negative arguments")
def _(tf):
    return (config_of(tf.keras.layers.ReLU(), "max_value", "negative_slope", "threshold"),
            config_of(tf.keras.layers.ReLU(6.0, 0.1, 0.5), "max_value", "negative_slope",
                      "threshold"),
            attempt(lambda: tf.keras.layers.ReLU(max_value=-1.0)),
            attempt(lambda: tf.keras.layers.ReLU(negative_slope=-0.5)),
            attempt(lambda: tf.keras.layers.ReLU(threshold=-1)),
            attempt(lambda: tf.keras.layers.ReLU(negative_slope=None)))


@cases("LeakyReLU: Keras 3's default slope 0.3, its config, a negative slope refused")
def _(tf):
    x = tf.constant(EDGES)
    layer = tf.keras.layers.LeakyReLU()
    return (layer(x), tf.keras.layers.LeakyReLU(negative_slope=0.01)(x), layer.name,
            config_of(layer, "negative_slope"),
            attempt(lambda: tf.keras.layers.LeakyReLU(negative_slope=-1)))


@cases("LeakyReLU(alpha=...) still works (Keras 3 warns that the name is deprecated)")
def _(tf):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layer = tf.keras.layers.LeakyReLU(alpha=0.1)
    return layer.negative_slope, [str(w.message) for w in caught], layer(tf.constant([-2.0]))


@cases("LeakyReLU's gradient: 1 above zero, the slope below")
def _(tf):
    x = tf.constant(EDGES + 0.25)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.keras.layers.LeakyReLU(negative_slope=0.2)(x)
    return tape.gradient(tf.reduce_sum(y * y), x)


@cases("the ops under them: tf.nn.leaky_relu (alpha, integers become float32), tf.nn.relu6, "
       "and their gradients at and around the kinks")
def _(tf):
    x = tf.constant(EDGES)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        outs = [tf.nn.leaky_relu(x), tf.nn.leaky_relu(x, alpha=1.5), tf.nn.relu6(x)]
    return (outs, [tape.gradient(o, x) for o in outs], tf.nn.leaky_relu(tf.constant([-2, 3])),
            tf.nn.relu6(tf.constant([-2, 3, 9])), tf.nn.relu6(tf.constant([-2.5, 7.0], tf.float64)))


@cases("keras.activations.relu's options, leaky_relu (slope 0.2), relu6, and as Dense activations")
def _(tf):
    x, act = tf.constant(EDGES), tf.keras.activations
    dense = tf.keras.layers.Dense(3, activation="leaky_relu", kernel_initializer="ones")
    six = tf.keras.layers.Dense(2, activation="relu6", kernel_initializer="ones")
    return (act.relu(x, negative_slope=0.5, max_value=6.0), act.relu(x, threshold=2.0),
            act.relu(x, max_value=6), act.relu(x, negative_slope=0.1, threshold=-1.0),
            act.leaky_relu(x), act.leaky_relu(x, negative_slope=0.01), act.relu6(x),
            dense(tf.constant([[-1.0], [4.0]])), six(tf.constant([[-1.0], [4.0]])),
            dense.get_config()["activation"], six.get_config()["activation"],
            act.get("relu6")(x), act.serialize(act.leaky_relu))


# -- global pooling ------------------------------------------------------------------------------
@cases("GlobalAveragePooling2D, GlobalMaxPooling2D: keepdims, channels_first", rtol=1e-6)
def _(tf):
    x = tf.constant(IMG)
    layers = tf.keras.layers
    return (layers.GlobalAveragePooling2D()(x), layers.GlobalMaxPooling2D()(x),
            layers.GlobalAveragePooling2D(keepdims=True)(x),
            layers.GlobalMaxPooling2D(data_format="channels_first")(x),
            layers.GlobalAveragePooling2D(data_format="channels_first", keepdims=True)(x))


@cases("GlobalMaxPooling1D: over the steps, keepdims, channels_first; its config")
def _(tf):
    x = tf.constant(SEQ)
    layer = tf.keras.layers.GlobalMaxPooling1D(keepdims=True)
    return (tf.keras.layers.GlobalMaxPooling1D()(x), layer(x),
            tf.keras.layers.GlobalMaxPooling1D(data_format="channels_first")(x),
            config_of(layer, "data_format", "keepdims"), layer.name)


@cases("global pooling on KerasTensors, and the rank error (Keras's InputSpec message)")
def _(tf):
    layers = tf.keras.layers
    return (layers.GlobalAveragePooling2D()(tf.keras.Input((None, None, 8))).shape,
            layers.GlobalMaxPooling2D(keepdims=True)(tf.keras.Input((4, 4, 2))).shape,
            layers.GlobalMaxPooling1D(data_format="channels_first")(tf.keras.Input((3, 7))).shape,
            attempt(lambda: layers.GlobalAveragePooling2D(name="gap")(np.ones((2, 3, 4)))),
            attempt(lambda: layers.GlobalMaxPooling1D(name="gmp")(tf.keras.Input((3, 4, 5)))),
            attempt(lambda: layers.GlobalMaxPooling2D(data_format="nhwc")),
            config_of(layers.GlobalAveragePooling2D(), "data_format", "keepdims"))


cases("Keras's other names: GlobalAvgPool2D, GlobalMaxPool2D, GlobalMaxPool1D, Convolution1D")(
    lambda tf: (tf.keras.layers.GlobalAvgPool2D is tf.keras.layers.GlobalAveragePooling2D,
                tf.keras.layers.GlobalMaxPool2D is tf.keras.layers.GlobalMaxPooling2D,
                tf.keras.layers.GlobalMaxPool1D is tf.keras.layers.GlobalMaxPooling1D,
                tf.keras.layers.Convolution1D is tf.keras.layers.Conv1D,
                type(tf.keras.layers.GlobalMaxPool1D()).__name__))


# -- ZeroPadding2D -------------------------------------------------------------------------------
@cases("ZeroPadding2D: an int, two ints, two pairs, channels_first; shapes and config")
def _(tf):
    x = tf.constant(IMG)
    pad = tf.keras.layers.ZeroPadding2D(((1, 0), (2, 3)))
    return (tf.keras.layers.ZeroPadding2D()(x), tf.keras.layers.ZeroPadding2D((2, 1))(x).shape,
            pad(x), tf.keras.layers.ZeroPadding2D(1, data_format="channels_first")(x).shape,
            config_of(pad, "padding", "data_format"),
            tf.keras.layers.ZeroPadding2D(2)(tf.keras.Input((None, 7, 3))).shape)


@cases("ZeroPadding2D's errors: padding of three, a negative one, a 3-D input")
def _(tf):
    return (attempt(lambda: tf.keras.layers.ZeroPadding2D((1, 2, 3))),
            attempt(lambda: tf.keras.layers.ZeroPadding2D((1, -2))),
            attempt(lambda: tf.keras.layers.ZeroPadding2D(((1, 2, 3), 1))),
            attempt(lambda: tf.keras.layers.ZeroPadding2D(name="zp")(np.ones((1, 2, 3)))))


# -- merge layers --------------------------------------------------------------------------------
A = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]], np.float32)
B = np.array([[0.5, 2.0, -3.0], [8.0, -1.0, 0.0]], np.float32)
C = np.array([[2.0, 2.0, 2.0], [-1.0, -1.0, 9.0]], np.float32)


@cases("Add, Subtract, Multiply, Average, Maximum, Minimum of tensors; names and config")
def _(tf):
    layers = tf.keras.layers
    made = [layers.Add(), layers.Subtract(), layers.Multiply(), layers.Average(),
            layers.Maximum(), layers.Minimum()]
    out = [made[0]([A, B, C]), made[1]([A, B])] + [m([A, B, C]) for m in made[2:]]
    return out, [m.name for m in made], sorted(set(made[0].get_config()) - {"dtype"})


@cases("the functional forms layers.add, ..., concatenate: a layer named by its class")
def _(tf):
    layers = tf.keras.layers
    return (layers.add([A, B]), layers.subtract([A, B]), layers.multiply([A, B, C]),
            layers.average([A, C]), layers.maximum([A, B]), layers.minimum([B, C]),
            layers.concatenate([A, B]), layers.concatenate([A, B], axis=0),
            layers.add([A, B], name="total"))


@cases("merge layers broadcast: a lower rank gets axes after the batch axis; size-1 axes stretch")
def _(tf):
    layers = tf.keras.layers
    return (layers.Add()([np.ones((2, 3, 1), np.float32), A]),
            layers.Maximum()([A[:, :1], A]),
            layers.Average()([np.ones((2, 1), np.float32), np.zeros((2, 1, 4), np.float32)]),
            layers.Add()([tf.keras.Input((3, 2)), tf.keras.Input((2,))]).shape,
            layers.Multiply()([tf.keras.Input((3,), batch_size=2), tf.keras.Input((3,))]).shape)


@cases("merge layers' errors: not a list, shapes that do not broadcast, batch sizes, Subtract of 3")
def _(tf):
    layers = tf.keras.layers
    return (attempt(lambda: layers.Add()(A)),
            attempt(lambda: layers.Add()([A, np.ones((2, 4), np.float32)])),
            attempt(lambda: layers.Maximum()([A, np.ones((2, 3, 4), np.float32)])),
            attempt(lambda: layers.Add()([A, np.ones((3, 3), np.float32)])),
            attempt(lambda: layers.Subtract()([A, B, C])),
            attempt(lambda: layers.Add()([tf.keras.Input((3,)), tf.keras.Input((4,))])))


@cases("merge layers' gradients: each input gets its share (ties of Maximum go to the first)")
def _(tf):
    a, b = tf.constant(A), tf.constant(np.maximum(A, B))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        outs = [tf.keras.layers.Maximum()([a, b]), tf.keras.layers.Average()([a, b]),
                tf.keras.layers.Multiply()([a, b]), tf.keras.layers.Subtract()([a, b])]
    return [tape.gradient(tf.reduce_sum(o * o), [a, b]) for o in outs]


@cases("a functional model with merges: summary rows, Connected to, output")
def _(tf):
    tf.keras.backend.clear_session()
    x, y = tf.keras.Input((3,)), tf.keras.Input((3,))
    relu = tf.keras.layers.ReLU()(tf.keras.layers.add([x, y]))
    out = tf.keras.layers.Maximum()([relu, tf.keras.layers.Subtract()([x, y])])
    model = tf.keras.Model([x, y], tf.keras.layers.concatenate([out, tf.keras.layers.Average()(
        [x, y])]))
    return summary_text(model), model([A, B]), [layer.name for layer in model.layers]


def keras_mask(tf, t):
    """The mask Keras attached to `t` (Keras 3 on TF: t._keras_mask; the engine: a side table)."""
    mask = getattr(t, "_keras_mask", None)
    if mask is None and tf.__version__.endswith("course.engine"):
        from course.engine.keras.masking import get_keras_mask  # (only the engine gets here)
        mask = get_keras_mask(t)
    return mask


def two_masked(tf):
    table = np.arange(12.0).reshape(6, 2)
    first = tf.keras.layers.Embedding(6, 2, mask_zero=True, embeddings_initializer=(
        tf.keras.initializers.Constant(table - 5)))
    second = tf.keras.layers.Embedding(6, 2, mask_zero=True, embeddings_initializer=(
        tf.keras.initializers.Constant(table[::-1] - 4)))
    return first(np.array([[1, 0, 2, 0]])), second(np.array([[0, 3, 4, 0]]))


@cases("merge layers and masks: masked values stand aside in Maximum, Minimum, Multiply; the "
       "output is masked where every input is; one unmasked input ends the mask")
def _(tf):
    a, b = two_masked(tf)
    layers, ones = tf.keras.layers, tf.ones([1, 4, 2]) * 2.0
    outs = [cls()([a, b]) for cls in (layers.Add, layers.Subtract, layers.Multiply,
                                      layers.Average, layers.Maximum, layers.Minimum)]
    one = [layers.Add()([a, ones]), layers.Maximum()([a, ones]), layers.Multiply()([a, ones])]
    return outs, [keras_mask(tf, o) for o in outs], one, [keras_mask(tf, o) for o in one]


@cases("a functional model: two masked sequences merged, then averaged over the real steps")
def _(tf):
    tf.keras.backend.clear_session()
    x, y = tf.keras.Input((4,)), tf.keras.Input((4,))
    emb = tf.keras.layers.Embedding(6, 2, mask_zero=True, embeddings_initializer=(
        tf.keras.initializers.Constant(np.arange(12.0).reshape(6, 2) - 5)))
    merged = tf.keras.layers.Maximum()([emb(x), emb(y)])
    model = tf.keras.Model([x, y], tf.keras.layers.GlobalAveragePooling1D()(merged))
    return model([np.array([[1, 0, 2, 0]]), np.array([[0, 3, 4, 0]])])


# -- in models: summary, saving, fit -----------------------------------------------------------
def image_model(tf):
    tf.keras.backend.clear_session()
    layers = tf.keras.layers
    model = tf.keras.Sequential([
        tf.keras.Input((12,)), layers.Reshape((2, 2, 3)), layers.ZeroPadding2D(1),
        layers.Conv2D(4, 3, kernel_initializer=tf.keras.initializers.Constant(0.05),
                      bias_initializer="ones"),
        layers.LeakyReLU(0.1), layers.GlobalAveragePooling2D(), layers.ReLU(max_value=2.0),
        layers.Dense(2, kernel_initializer=tf.keras.initializers.Constant(-0.3))])
    return model


@cases("a Sequential of the new layers: summary (Keras 3's rows) and output", rtol=1e-5)
def _(tf):
    model = image_model(tf)
    x = np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 12)
    return summary_text(model), model(x), model.output_shape


@cases("the new layers saved in a .keras file and loaded: configs and outputs", rtol=1e-5)
def _(tf):
    model = image_model(tf)
    x = np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 12)
    path = os.path.join(tempfile.mkdtemp(), "layers.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    keys = ("target_shape", "padding", "negative_slope", "max_value", "keepdims", "data_format")
    configs = [{k: v for k, v in layer.get_config().items() if k in keys}
               for layer in loaded.layers]
    return [type(layer).__name__ for layer in loaded.layers], configs, loaded(x)


@cases("a functional model with merges saved and loaded", rtol=1e-6)
def _(tf):
    tf.keras.backend.clear_session()
    x, y = tf.keras.Input((3,)), tf.keras.Input((3,))
    out = tf.keras.layers.Minimum()([tf.keras.layers.multiply([x, y]),
                                     tf.keras.layers.Average()([x, y])])
    model = tf.keras.Model([x, y], tf.keras.layers.GlobalMaxPooling1D()(
        tf.keras.layers.Reshape((3, 1))(out)))
    path = os.path.join(tempfile.mkdtemp(), "merge.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    return [type(layer).__name__ for layer in loaded.layers], loaded([A, B]), model([A, B])


@cases("fit through the new layers: SGD, no shuffle, the losses of three epochs", rtol=2e-5)
def _(tf):
    model = image_model(tf)
    x = np.linspace(-1, 1, 96, dtype=np.float32).reshape(8, 12)
    y = np.stack([np.sin(np.arange(8.0)), np.cos(np.arange(8.0))], 1).astype(np.float32)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    return [float(v) for v in history.history["loss"]], model.predict(x[:2], verbose=0)


# -- LayerNormalization ---------------------------------------------------------------------------
@cases("LayerNormalization: output, weights gamma then beta (names, paths), axis a list once built",
       rtol=1e-5)
def _(tf):
    tf.keras.backend.clear_session()
    norm = tf.keras.layers.LayerNormalization(
        gamma_initializer=tf.keras.initializers.Constant(1.5),
        beta_initializer=tf.keras.initializers.Constant(-0.25))
    before = norm.get_config()["axis"]
    y = norm(tf.constant(SEQ))
    return (y, before, config_of(norm, "axis", "epsilon", "center", "scale", "rms_scaling"),
            [(w.name, w.path, tuple(w.shape)) for w in norm.weights], norm.count_params())


@cases("LayerNormalization over several axes, axis=1, no center or no scale, epsilon", rtol=1e-5)
def _(tf):
    x = tf.constant(IMG)
    layers = tf.keras.layers
    many = layers.LayerNormalization(axis=[3, 1], epsilon=0.1)
    return (many(x), config_of(many, "axis"), [tuple(w.shape) for w in many.weights],
            layers.LayerNormalization(axis=1)(x), layers.LayerNormalization(center=False)(x),
            layers.LayerNormalization(scale=False, epsilon=1e-5)(tf.constant(SEQ)),
            [w.name for w in layers.LayerNormalization(center=False).weights])


@cases("LayerNormalization's gradients (inputs, gamma, beta) with weights set", rtol=1e-4)
def _(tf):
    norm = tf.keras.layers.LayerNormalization(axis=[1, 2])
    x = tf.constant(SEQ)
    norm.build(x.shape)
    norm.set_weights([np.linspace(0.5, 2, 12).reshape(4, 3), np.linspace(-1, 1, 12).reshape(4, 3)])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = norm(x)
        loss = tf.reduce_sum(y * tf.constant(IMG[0, :, :3]))
    return y, tape.gradient(loss, [x] + norm.trainable_variables)


cases("LayerNormalization: an axis that is not an int")(
    lambda tf: attempt(lambda: tf.keras.layers.LayerNormalization(axis="last")))


# -- Conv1D --------------------------------------------------------------------------------------
def conv1d(tf, filters, kernel_size, **kwargs):
    return tf.keras.layers.Conv1D(filters, kernel_size,
                                  kernel_initializer=tf.keras.initializers.Constant(0.1), **kwargs)


@cases("Conv1D: valid, same, causal; strides; dilation_rate; weights and config", rtol=1e-5)
def _(tf):
    tf.keras.backend.clear_session()
    seq = tf.constant(np.random.default_rng(7).normal(size=(2, 9, 3)).astype(np.float32))
    layer = conv1d(tf, 4, 3, bias_initializer=tf.keras.initializers.Constant(0.5),
                   activation="relu")
    outs = [layer(seq), conv1d(tf, 2, 3, padding="same")(seq),
            conv1d(tf, 2, 4, padding="causal")(seq), conv1d(tf, 2, 3, strides=2)(seq),
            conv1d(tf, 2, 2, strides=3, padding="same")(seq),
            conv1d(tf, 2, 3, dilation_rate=2)(seq),
            conv1d(tf, 2, 3, dilation_rate=2, padding="causal")(seq)]
    keys = ("filters", "kernel_size", "strides", "padding", "dilation_rate", "groups",
            "activation", "use_bias")
    return (outs, [(w.name, w.path, tuple(w.shape)) for w in layer.weights],
            config_of(layer, *keys), layer.name)


@cases("Conv1D's gradients with a random kernel set by set_weights", rtol=1e-4)
def _(tf):
    layer = tf.keras.layers.Conv1D(3, 3, padding="causal", dilation_rate=2)
    seq = tf.constant(SEQ)
    layer.build(seq.shape)
    rng = np.random.default_rng(8)
    layer.set_weights([rng.normal(size=(3, 3, 3)), rng.normal(size=(3,))])
    with tf.GradientTape() as tape:
        tape.watch(seq)
        y = layer(seq)
        loss = tf.reduce_sum(y * y)
    return y, tape.gradient(loss, [seq] + layer.trainable_variables)


@cases("Conv1D's errors: a 2-D input, a 4-D one, a kernel longer than the input, strides with "
       "dilation, a bad padding; KerasTensor shapes")
def _(tf):
    layers = tf.keras.layers
    return (attempt(lambda: layers.Conv1D(2, 3, name="c1")(np.ones((2, 5), np.float32))),
            attempt(lambda: layers.Conv1D(2, 3)(np.ones((2, 5, 3, 1), np.float32))),
            attempt(lambda: layers.Conv1D(2, 6)(np.ones((2, 5, 3), np.float32))),
            attempt(lambda: layers.Conv1D(2, 3, strides=2, dilation_rate=2)),
            attempt(lambda: layers.Conv1D(0, 3)),
            layers.Conv1D(4, 3, padding="causal")(tf.keras.Input((None, 3))).shape,
            layers.Conv1D(4, 5, strides=2)(tf.keras.Input((20, 3))).shape)


@cases("a text-style model (Embedding, Conv1D, GlobalMaxPooling1D, LayerNormalization): summary, "
       "save and load, fit's losses", rtol=2e-5)
def _(tf):
    tf.keras.backend.clear_session()
    layers = tf.keras.layers
    model = tf.keras.Sequential([
        tf.keras.Input((8,)),
        layers.Embedding(10, 4, embeddings_initializer=tf.keras.initializers.Constant(0.2)),
        conv1d(tf, 6, 3, padding="same", activation="relu"), layers.GlobalMaxPooling1D(),
        layers.LayerNormalization(),
        layers.Dense(1, kernel_initializer=tf.keras.initializers.Constant(0.3))])
    rng = np.random.default_rng(9)
    model.set_weights([rng.normal(size=w.shape).astype(np.float32) / 2 for w in model.weights])
    x = (np.arange(32).reshape(4, 8) * 7 % 10).astype(np.float32)
    y = np.array([[0.5], [-1.0], [2.0], [0.0]], np.float32)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse")
    losses = model.fit(x, y, batch_size=2, epochs=3, shuffle=False, verbose=0).history["loss"]
    path = os.path.join(tempfile.mkdtemp(), "text.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    return (summary_text(model), [float(v) for v in losses], loaded.predict(x, verbose=0),
            [w.name for w in loaded.weights])


@cases("checkpoint keys of a model with Conv1D and LayerNormalization (Keras 3's attributes: "
       "`_kernel`, `gamma`, `beta`), and their restore")
def _(tf):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input((5, 2)), conv1d(tf, 3, 2),
                                 tf.keras.layers.LayerNormalization(),
                                 tf.keras.layers.GlobalAveragePooling1D()])
    path = tf.train.Checkpoint(model=model).save(os.path.join(tempfile.mkdtemp(), "ckpt"))
    reader = tf.train.load_checkpoint(path)
    shapes = reader.get_variable_to_shape_map()
    keys = [(k, list(shapes[k])) for k in sorted(shapes) if k != "_CHECKPOINTABLE_OBJECT_GRAPH"]
    x = np.random.default_rng(10).normal(size=(2, 5, 2)).astype(np.float32)
    before = model(x)
    for w in model.weights:
        w.assign(tf.zeros_like(w))
    tf.train.Checkpoint(model=model).restore(path)
    return keys, before, model(x)


@cases("Dense's units must be a Python int: a NumPy integer (tf.reduce_prod(...).numpy()) is "
       "refused, as Keras 3 refuses it (the autoencoder tutorial's first model)")
def _(tf):
    return (attempt(lambda: tf.keras.layers.Dense(np.int32(784))),
            attempt(lambda: tf.keras.layers.Dense(0)), tf.keras.layers.Dense(3).units)


@cases("A window wider than 3 over an unknown number of steps: the steps stay unknown (not 0); "
       "an empty slice of an unknown dimension's neighbour stays 0")
def _(tf):
    steps = tf.keras.layers.Conv1D(4, 5)(tf.keras.Input(shape=(None, 3))).shape
    conv = tf.function(lambda t: tf.nn.conv2d(t, tf.ones([5, 5, 3, 2]), 1, "VALID"))
    empty = tf.function(lambda t: t[:, 2:0])
    return (tuple(steps), conv.get_concrete_function(tf.TensorSpec([None, None, None, 3]))
            .outputs[0].shape, empty.get_concrete_function(tf.TensorSpec([None, 4]))
            .outputs[0].shape)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
