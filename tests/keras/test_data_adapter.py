"""fit/evaluate/predict with tf.data datasets (keras/data_adapter.py), as Keras 3.15 does.

Keras under pytest cannot load in TF 2.21's process (see tests/engine/test_against_tensorflow.py),
so Keras 3.15's behaviour was observed by hand in scripts and is written down here as rules:
the batches a dataset gives, steps_per_epoch continuing the same pass, the warnings, the errors.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import course.engine as tf
from course.engine.keras.data_adapter import EpochIterator

D = tf.data.Dataset
X = np.random.default_rng(0).normal(size=(10, 3)).astype(np.float32)
Y = (X.sum(axis=1) > 0).astype(np.int64)


def model(seed=1):
    tf.keras.utils.set_random_seed(seed)  # (Keras 3 seeds its initializers from Python's random)
    m = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4, activation="relu"),
                             tf.keras.layers.Dense(2, activation="softmax")])
    m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return m


class Batches(tf.keras.callbacks.Callback):
    """Records the step numbers of each epoch."""

    def on_train_begin(self, logs=None):
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs.append([])

    def on_train_batch_begin(self, batch, logs=None):
        self.epochs[-1].append(batch)


def test_a_batched_dataset_trains_exactly_like_the_same_batches_of_arrays():
    a, b = model(), model()
    ha = a.fit(X, Y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    hb = b.fit(D.from_tensor_slices((X, Y)).batch(4), epochs=3, shuffle=False, verbose=0)
    assert ha.history == hb.history
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)


def test_evaluate_and_predict_take_datasets():
    m = model()
    ds = D.from_tensor_slices((X, Y)).batch(3)
    assert m.evaluate(ds, verbose=0) == m.evaluate(X, Y, batch_size=3, verbose=0)
    np.testing.assert_array_equal(m.predict(ds, verbose=0), m.predict(X, verbose=0))
    np.testing.assert_array_equal(m.predict(D.from_tensor_slices(X).batch(4), verbose=0),
                                  m.predict(X, verbose=0))  # x-only elements
    assert m.predict(D.from_tensor_slices(X).batch(4), steps=2, verbose=0).shape == (8, 2)
    assert m.evaluate(ds, steps=1, return_dict=True, verbose=0) == \
        m.evaluate(X[:3], Y[:3], return_dict=True, verbose=0)


def test_steps_per_epoch_continues_the_same_pass_and_warns_when_it_runs_out():
    """Keras 3: 3 batches, 2 per epoch -> epoch 2 gets the last batch and a warning."""
    m, seen = model(), Batches()
    ds = D.from_tensor_slices((X, Y)).batch(4)
    with pytest.warns(UserWarning, match="Your input ran out of data"):
        m.fit(ds, epochs=3, steps_per_epoch=2, shuffle=False, verbose=0, callbacks=[seen])
    assert seen.epochs == [[0, 1], [0], [0, 1]]


def test_an_infinite_dataset_needs_steps_per_epoch():
    m, seen = model(), Batches()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning: a repeated dataset never runs out
        m.fit(D.from_tensor_slices((X, Y)).batch(4).repeat(), epochs=2, steps_per_epoch=5,
              shuffle=False, verbose=0, callbacks=[seen])
    assert seen.epochs == [[0, 1, 2, 3, 4]] * 2


def test_a_dataset_of_unknown_size_runs_until_it_ends_each_epoch(capsys):
    m, seen = model(), Batches()
    ds = D.from_tensor_slices((X, Y)).batch(4).filter(lambda x, y: True)
    with pytest.warns(UserWarning, match="ran out of data"):
        m.fit(ds, epochs=2, shuffle=False, verbose=1, callbacks=[seen])
    assert seen.epochs == [[0, 1, 2]] * 2
    out = capsys.readouterr().out
    assert "/Unknown" in out and "3/3" in out  # the second epoch knows its length


def test_dataset_arguments_as_keras_checks_them():
    m = model()
    ds = D.from_tensor_slices((X, Y)).batch(4)
    with pytest.raises(ValueError, match="`y` should not be passed"):
        m.fit(ds, Y, verbose=0)
    with pytest.raises(ValueError, match="`validation_split` is only supported for tensors"):
        m.fit(ds, validation_split=0.2, verbose=0)
    with pytest.raises(ValueError, match="need targets"):
        m.fit(D.from_tensor_slices(X).batch(4), shuffle=False, verbose=0)
    with pytest.warns(UserWarning, match="`shuffle=True` was passed, but will be ignored"):
        m.fit(ds, verbose=0)  # fit's default shuffle=True: Keras 3 warns for a dataset
    # (x, y, sample_weight) elements: weights of 1 train as no weights do
    weighted, plain = model(), model()
    plain.set_weights(weighted.get_weights())
    weighted.fit(D.from_tensor_slices((X, Y, np.ones(10))).batch(5), shuffle=False, verbose=0)
    plain.fit(D.from_tensor_slices((X, Y)).batch(5), shuffle=False, verbose=0)
    for a, b in zip(weighted.get_weights(), plain.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_evaluate_and_predict_of_an_unknown_size_end_the_progress_bar(capsys):
    m = model()
    ds = D.from_tensor_slices((X, Y)).batch(4).filter(lambda x, y: True)
    with pytest.warns(UserWarning, match="ran out of data"):
        m.evaluate(ds, verbose=1)
    assert "3/3" in capsys.readouterr().out  # Keras's last line shows the length found
    with pytest.raises(ValueError, match="non-empty"), pytest.warns(UserWarning):
        m.evaluate(ds.take(0), verbose=0)
    with pytest.raises(ValueError, match="Empty batch_outputs"), pytest.warns(UserWarning):
        m.predict(D.from_tensor_slices(X).take(0).batch(2), verbose=0)


def test_validation_data_as_a_dataset():
    m = model()
    val = D.from_tensor_slices((X[:4], Y[:4])).batch(2)
    h = m.fit(X, Y, epochs=1, validation_data=val, verbose=0)
    assert h.history["val_loss"][0] == pytest.approx(m.evaluate(val, verbose=0)[0], rel=1e-6)
    h = m.fit(X, Y, epochs=1, validation_data=val.repeat(), validation_steps=2, verbose=0)
    assert h.history["val_loss"][0] == pytest.approx(m.evaluate(val, verbose=0)[0], rel=1e-6)


def test_a_model_without_input_is_built_from_the_dataset_spec():
    tf.random.set_seed(0)
    m = tf.keras.Sequential([tf.keras.layers.Dense(2, activation="softmax")])
    m.compile("sgd", "sparse_categorical_crossentropy")
    m.fit(D.from_tensor_slices((X, Y)).batch(5), shuffle=False, verbose=0)
    assert m.input_shape == (None, 3) and m.count_params() == 8


def test_arrays_with_steps_and_no_batch_size_cover_the_data_in_those_steps():
    """Keras 3: batch_size = ceil(samples / steps)."""
    data = EpochIterator(X, Y, steps_per_epoch=3)
    sizes = [len(x) for _, (x, _) in data.epoch()]
    assert sizes == [4, 4, 2] and data.num_batches == 3


def test_shuffled_passes_follow_keras_on_tf_same_order_each_pass_when_seeded():
    """Keras 3 on TF draws each pass's order from a seeded map in a new iterator, and TF starts
    a seeded map's random stream again per iterator: with a global seed every pass has one
    order (and it is tf.random.shuffle's); with none, each pass another."""
    def two_epochs():
        data = EpochIterator(np.arange(20.0)[:, None], np.arange(20), batch_size=20, shuffle=True)
        return [y.tolist() for _ in range(2) for _, (_, y) in data.epoch()]
    tf.random.set_seed(3)
    first = two_epochs()
    assert first[0] == first[1] and sorted(first[0]) == list(range(20)) and first[0] != list(range(20))
    tf.random.set_seed(3)
    expected = tf.data.Dataset.range(1).map(
        lambda _: tf.random.shuffle(tf.range(20, dtype=tf.int64))).get_single_element()
    assert first[0] == expected.numpy().tolist()
    tf.random.set_seed(None)
    unseeded = two_epochs()
    assert unseeded[0] != unseeded[1]
