"""What the overfitting tutorial's training leans on, against TF 2.21 (rules: tf_compare.py).

The kernels made cheaper for `fit` on small models (benchmarks/small_fit.py) must
give TF's numbers: `tf.where` picks elements without touching their bits (NaN,
-0.0, every dtype, broadcasting), `tf.nn.elu` and its gradient, `tf.stack` of
many scalars, `Dataset.batch` (its shape check and error), and a short `fit` of
the tutorial's kind of model (elu, L2, Dropout, an InverseTimeDecay schedule,
binary cross-entropy from logits, validation each epoch) from the same seed.
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()
_SPECIAL = np.array([np.nan, -0.0, 0.0, np.inf, -np.inf, 1e-45, -3.5, 2.0], np.float32)


@cases("where copies elements bit for bit: NaN, -0.0, inf, a subnormal")
def _(tf):
    cond = tf.constant([True, False, True, True, False, True, False, True])
    out = tf.where(cond, tf.constant(_SPECIAL), tf.constant(_SPECIAL[::-1].copy()))
    return out.numpy().view(np.uint32), np.signbit(out.numpy())


@cases("where on a random mask, every fixed-width dtype")
def _(tf):
    rng = np.random.default_rng(7)  # (made in the case: both runs draw the same numbers)
    mask = rng.random((40, 30)) > 0.5
    out = []
    for dtype in (np.bool_, np.int8, np.uint8, np.int16, np.float16, np.int32,
                  np.float32, np.int64, np.float64, np.complex64, np.complex128):
        x = (rng.normal(size=(40, 30)) * 50).astype(dtype)
        y = (rng.normal(size=(40, 30)) * 50).astype(dtype)
        out.append(tf.where(tf.constant(mask), tf.constant(x), tf.constant(y)))
    return out


cases("where broadcasts the condition, x and y")(lambda tf: (
    tf.where(tf.constant([[True], [False], [True]]), tf.constant([[1.0, 2.0, 3.0, 4.0]]), -1.0),
    tf.where(tf.constant([True, False]), tf.constant([[1, 2], [3, 4]]), tf.constant([9, 8])),
    tf.where(True, tf.constant(2.5), tf.constant([1.0, 2.0]))))
cases("where of strings")(lambda tf: tf.where(tf.constant([True, False]), tf.constant(["a", "b"]),
                                              tf.constant(["long string", "c"])))


@cases("elu: x for x > 0, e^x - 1 otherwise; mixed signs, large, +-inf")
def _(tf):
    rng = np.random.default_rng(8)
    x = np.concatenate([rng.normal(size=500) * 3, [0.0, 80.0, -80.0, np.inf, -np.inf]])
    return tf.nn.elu(tf.constant(x.astype(np.float32))), tf.nn.elu(tf.constant(x))


@cases("elu's gradient: dy where x > 0, dy * (elu(x) + 1) elsewhere")
def _(tf):
    rng = np.random.default_rng(9)
    x = tf.constant(np.concatenate([rng.normal(size=300) * 3, [0.0, 5.0, -5.0]]).astype(np.float32))
    dy = tf.constant(rng.normal(size=303).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.elu(x)
    return tape.gradient(y, x, output_gradients=dy)


@cases("elu's second derivative")
def _(tf):
    x = tf.constant([-2.0, -0.5, 0.5, 3.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.nn.elu(x) ** 2)
        g = inner.gradient(y, x)
    return g, outer.gradient(g, x)


@cases("stack of 500 scalars and of 500 vectors keeps the dtype, axis 0 and 1")
def _(tf):
    out = []
    for dtype in (tf.float16, tf.bool, tf.int8, tf.int64, tf.complex64, tf.float32):
        scalars = [tf.cast(i % 3, dtype) for i in range(500)]
        vectors = [tf.cast([i % 5, 1], dtype) for i in range(500)]
        out += [tf.stack(scalars), tf.stack(vectors), tf.stack(vectors, axis=1)]
    return out + [tf.stack([tf.constant("a"), tf.constant("bcd")])]


cases("stack: shapes must match")(lambda tf: tf.stack([tf.constant([1.0, 2.0]),
                                                       tf.constant([3.0])]))


# (Elements of two shapes: TF 2.21 says "Cannot add tensor to the batch: number of elements
# does not match. Shapes are: [tensor]: [2], [batch]: [1]"; the engine words it otherwise.)


@cases("batch of dicts and of a dataset of scalars")
def _(tf):
    ds = tf.data.Dataset.from_tensor_slices({"b": np.arange(7.0), "a": np.arange(14).reshape(7, 2)})
    return list(ds.batch(3)), list(tf.data.Dataset.range(5).batch(2, drop_remainder=True))


def _tutorial_fit(tf):
    """A short fit like the tutorial's compile_and_fit (smaller model and data, seeded)."""
    tf.keras.utils.set_random_seed(3)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(240, 28)).astype(np.float32)
    y = (x[:, :4].sum(axis=1) > 0).astype(np.float32)
    train = tf.data.Dataset.from_tensor_slices((x[:200], y[:200])).repeat().batch(40)
    validate = tf.data.Dataset.from_tensor_slices((x[200:], y[200:])).batch(20)

    def expand(a, b):
        return a, tf.expand_dims(b, axis=-1)

    layers, l2 = tf.keras.layers, tf.keras.regularizers.l2
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(28,)),
        layers.Dense(32, activation="elu", kernel_regularizer=l2(0.001)),
        layers.Dropout(0.5),
        layers.Dense(32, activation="elu", kernel_regularizer=l2(0.001)),
        layers.Dropout(0.5),
        layers.Dense(1)])
    schedule = tf.keras.optimizers.schedules.InverseTimeDecay(
        0.01, decay_steps=10, decay_rate=1, staircase=False)
    model.compile(optimizer=tf.keras.optimizers.Adam(schedule),
                  loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[tf.keras.metrics.BinaryCrossentropy(from_logits=True,
                                                               name="binary_crossentropy"),
                           "accuracy"])
    history = model.fit(train.map(expand), steps_per_epoch=5, epochs=4,
                        validation_data=validate.map(expand), verbose=0,
                        callbacks=[tf.keras.callbacks.EarlyStopping(
                            monitor="val_binary_crossentropy", patience=2)])
    return {k: [float(v) for v in vs] for k, vs in history.history.items()}, \
        [w.numpy() for w in model.weights]


# (float32 sums in another order than TF's: training numbers agree to about 1e-5)
cases("fit like the tutorial: elu, L2, Dropout, a schedule, validation, early stopping",
      rtol=1e-4)(_tutorial_fit)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
