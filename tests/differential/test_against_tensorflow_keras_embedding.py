"""Embedding, GlobalAveragePooling1D and masks, against TF 2.21 with Keras 3 (rules:
tf_compare.py). Tables and kernels are set with `set_weights` or constant initializers, so
the numbers do not depend on either library's random streams.

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_keras_embedding.py
"""
from __future__ import annotations

import contextlib
import io
import os
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
IDS = np.array([[3, 1, 0, 0], [2, 2, 5, 0], [4, 0, 0, 0]], np.int32)
TABLE = np.random.default_rng(7).normal(size=(6, 3)).astype(np.float32)


def summary_text(model) -> list:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    return [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]


def _mask(tf, t):
    """The mask Keras attached to `t` (Keras 3 on TF: t._keras_mask; the engine: a side table)."""
    mask = getattr(t, "_keras_mask", None)
    if mask is None and tf.__version__.endswith("course.engine"):
        from course.engine.keras.masking import get_keras_mask  # (only the engine gets here)
        mask = get_keras_mask(t)
    return mask


def _model(tf, mask_zero=True):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input((4,)),
                                 tf.keras.layers.Embedding(6, 3, mask_zero=mask_zero),
                                 tf.keras.layers.GlobalAveragePooling1D(),
                                 tf.keras.layers.Dense(1)])
    model.set_weights([TABLE, np.array([[0.5], [-1.0], [0.25]], np.float32),
                       np.array([0.1], np.float32)])
    return model


@cases("Embedding: lookup, weight name and path, output dtype and shape")
def _(tf):
    tf.keras.backend.clear_session()
    emb = tf.keras.layers.Embedding(6, 3, weights=TABLE)
    out = emb(tf.constant(IDS))
    return out, [(w.name, w.path, w.shape) for w in emb.weights], emb.count_params(), \
        emb.compute_output_shape((None, 4)), _mask(tf, out)


@cases("Embedding: float and int64 ids (floats are cast to int32: truncated)")
def _(tf):
    emb = tf.keras.layers.Embedding(6, 3, weights=TABLE)
    return emb(np.array([[1.7, 2.2]], np.float32)), emb(tf.constant([[5, 0]], tf.int64)), \
        emb(np.array([3, 4]))


@cases("Embedding(mask_zero=True): the mask, compute_mask, and Dense/Activation pass it on")
def _(tf):
    emb = tf.keras.layers.Embedding(6, 3, mask_zero=True, weights=TABLE)
    out = emb(IDS)
    dense = tf.keras.layers.Dense(2, kernel_initializer="ones")(out)
    act = tf.keras.layers.Activation("relu")(dense)
    return _mask(tf, out), emb.compute_mask(tf.constant(IDS)), _mask(tf, dense), _mask(tf, act), \
        tf.keras.layers.Embedding(6, 3).compute_mask(tf.constant(IDS))


@cases("GlobalAveragePooling1D: plain, masked, keepdims, channels_first", rtol=1e-6)
def _(tf):
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    mask = tf.constant([[True, False, True], [False, False, True]])
    return (tf.keras.layers.GlobalAveragePooling1D()(x),
            tf.keras.layers.GlobalAveragePooling1D()(x, mask=mask),
            tf.keras.layers.GlobalAveragePooling1D(keepdims=True)(x),
            tf.keras.layers.GlobalAveragePooling1D(data_format="channels_first")(x),
            tf.keras.layers.GlobalAveragePooling1D(keepdims=True).compute_output_shape((None, 3, 4)),
            tf.keras.layers.GlobalAveragePooling1D().get_config()["data_format"])


@cases("Embedding -> GlobalAveragePooling1D averages the unmasked steps only", rtol=1e-6)
def _(tf):
    emb = tf.keras.layers.Embedding(6, 3, mask_zero=True, weights=TABLE)
    pooled = tf.keras.layers.GlobalAveragePooling1D()(emb(IDS))
    plain = tf.keras.layers.Embedding(6, 3, weights=TABLE)
    return pooled, _mask(tf, pooled), tf.keras.layers.GlobalAveragePooling1D()(plain(IDS))


@cases("Sequential [Embedding, GlobalAveragePooling1D, Dense]: summary and output", rtol=1e-6)
def _(tf):
    model = _model(tf)
    return summary_text(model), model(IDS), model.predict(IDS, verbose=0)


@cases("gradients reach the table's used rows (a row used twice gets both)", rtol=1e-5)
def _(tf):
    model = _model(tf)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum((model(IDS) - 1.0) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    return [tf.convert_to_tensor(g) for g in grads]


@cases("fit with SGD and Adam: losses and the table after training", rtol=1e-5)
def _(tf):
    """Adam sees batches without a repeated id: Keras 3 on TF squares each occurrence's
    gradient (an IndexedSlices) where the engine squares their sum (docs/engine-api-keras.md)."""
    y = np.array([[1.0], [0.0], [2.0]], np.float32)
    unique = np.array([[3, 1, 0, 0], [2, 4, 5, 0], [1, 0, 0, 0]], np.int32)  # (0 is masked)
    out = []
    for optimizer, mask_zero, ids in (("sgd", True, IDS), ("adam", True, unique),
                                      ("sgd", False, IDS)):
        model = _model(tf, mask_zero)
        model.compile(optimizer=optimizer, loss="mse")
        history = model.fit(ids, y, batch_size=2, epochs=3, shuffle=False, verbose=0)
        out.append((history.history["loss"], model.get_weights()))
    return out


@cases("Embedding's config, and a .keras file round trip", rtol=1e-6)
def _(tf):
    model = _model(tf)
    config = model.layers[0].get_config()
    keys = ("input_dim", "output_dim", "mask_zero", "embeddings_regularizer")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.keras")
        model.save(path)
        loaded = tf.keras.models.load_model(path)
    return ({k: config[k] for k in keys}, config["embeddings_initializer"]["class_name"],
            config["embeddings_initializer"]["config"]["minval"], loaded(IDS),
            [w.name for w in loaded.weights], type(loaded.layers[0]).__name__,
            loaded.layers[0].mask_zero, loaded.layers[1].get_config()["keepdims"])


@cases("the default initializer: U(-0.05, 0.05)")
def _(tf):
    table = tf.keras.layers.Embedding(1000, 8)
    table.build()
    values = table.embeddings.numpy()
    return bool(values.min() >= -0.05 and values.max() <= 0.05 and values.std() > 0.02)


cases("tf.nn.embedding_lookup: a table, a Variable, a list of one, max_norm", rtol=1e-6)(
    lambda tf: (tf.nn.embedding_lookup(TABLE, [1, 1, 0]),
                tf.nn.embedding_lookup(tf.Variable(TABLE), [[1, 3], [0, 2]], max_norm=1.0),
                tf.nn.embedding_lookup([TABLE], tf.constant([5]))))
cases("tf.nn.embedding_lookup of ragged ids gives ragged vectors", rtol=1e-6)(lambda tf: (
    tf.nn.embedding_lookup(TABLE, tf.ragged.constant([[1, 3], [], [2]])).to_list(),
    tf.nn.embedding_lookup(TABLE, tf.ragged.constant([[1, 3], [2]]), max_norm=0.5).to_list()))


@cases("tf.nn.embedding_lookup's gradient reaches the table", rtol=1e-6)
def _(tf):
    table = tf.Variable(TABLE)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.embedding_lookup(table, [[1, 1], [4, 0]]) ** 2)
    return tf.convert_to_tensor(tape.gradient(loss, table))


cases("an id outside the table", compare_message=False)(lambda tf: tf.keras.layers.Embedding(6, 3)(tf.constant([[6]])))
cases("Embedding(0, 3)")(lambda tf: tf.keras.layers.Embedding(0, 3))
cases("Embedding(6, 2.0)")(lambda tf: tf.keras.layers.Embedding(6, 2.0))
cases("GlobalAveragePooling1D of a matrix", compare_message=False)(
    lambda tf: tf.keras.layers.GlobalAveragePooling1D()(tf.ones((2, 3))))


@cases("tensor._keras_mask: an Embedding(mask_zero=True)'s and a Masking's output carry it; a "
       "plain tensor has no such attribute; Masking zeroes the masked steps")
def _(tf):
    embedded = tf.keras.layers.Embedding(6, 3, mask_zero=True)(tf.constant(IDS))
    steps = tf.constant(np.stack([IDS, IDS + 1], axis=-1).astype(np.float32) * (IDS > 0)[..., None])
    masked = tf.keras.layers.Masking()(steps)
    custom = tf.keras.layers.Masking(mask_value=2.0)(tf.constant([[[2.0, 2.0], [2.0, 1.0]]]))
    return (embedded._keras_mask, masked._keras_mask, masked, custom._keras_mask, custom,
            hasattr(tf.constant(1.0), "_keras_mask"),
            tf.keras.layers.Masking(mask_value=2.0).get_config()["mask_value"])


@cases("a layer with its own compute_mask uses it (no supports_masking needed): a list of "
       "outputs gets a list of masks")
def _(tf):
    class TemporalSplit(tf.keras.layers.Layer):
        def call(self, inputs):
            return tf.split(inputs, 2, axis=1)

        def compute_mask(self, inputs, mask=None):
            return None if mask is None else tf.split(mask, 2, axis=1)
    embedded = tf.keras.layers.Embedding(6, 3, mask_zero=True)(tf.constant(IDS))
    first, second = TemporalSplit()(embedded)
    return first._keras_mask, second._keras_mask, TemporalSplit().supports_masking


@cases("KerasTensor._keras_mask: made by the Embedding, passed on as the same KerasTensor by a "
       "layer that supports_masking, gone after an LSTM; the model uses it")
def _(tf):
    tf.keras.backend.clear_session()

    class PassOn(tf.keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.supports_masking = True

        def call(self, inputs):
            return tf.nn.relu(inputs)
    inputs = tf.keras.Input(shape=(None,), dtype="int32")
    embedded = tf.keras.layers.Embedding(6, 3, mask_zero=True,
                                         embeddings_initializer="ones")(inputs)
    passed = PassOn()(embedded)
    outputs = tf.keras.layers.LSTM(2, kernel_initializer="ones",
                                   recurrent_initializer="zeros")(passed)
    model = tf.keras.Model(inputs, outputs)
    return (repr(embedded._keras_mask), passed._keras_mask is embedded._keras_mask,
            hasattr(outputs, "_keras_mask"), model(IDS))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
