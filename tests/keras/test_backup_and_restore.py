"""`BackupAndRestore`, Keras 2's `compiled_loss` / `compiled_metrics` and the `on_batch_*`
aliases: the pieces TF's fault-tolerance and Estimator migration guides use. The rules are
Keras 3's documented ones, written in each test; test_against_tensorflow_ninth_set.py
checks the same against TF."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import course.engine as tf

X = np.arange(24, dtype="float32").reshape(8, 3) / 24
Y = X.sum(axis=1, keepdims=True)


def _model():
    model = tf.keras.Sequential([tf.keras.Input((3,)),
                                 tf.keras.layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
    return model


class _StopAtEpoch(tf.keras.callbacks.Callback):
    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        if epoch == self.epoch:
            raise RuntimeError("stop")


def _interrupted(folder, **kwargs):
    backup = tf.keras.callbacks.BackupAndRestore(backup_dir=str(folder), **kwargs)
    with pytest.raises(RuntimeError):
        _model().fit(X, Y, batch_size=4, epochs=4, verbose=0, shuffle=False,
                     callbacks=[backup, _StopAtEpoch(1)])
    return backup


def test_a_resumed_fit_ends_with_the_weights_of_an_uninterrupted_one(tmp_path):
    # SGD keeps no state, so epochs 0-1, a backup, then 2-3 equal four epochs in one go
    backup = _interrupted(tmp_path / "b")
    assert json.loads((tmp_path / "b" / "training_metadata.json").read_text()) == \
        {"epoch": 2, "batch": 0}
    resumed = _model()
    history = resumed.fit(X, Y, batch_size=4, epochs=4, verbose=0, shuffle=False,
                          callbacks=[backup])
    whole = _model()
    whole.fit(X, Y, batch_size=4, epochs=4, verbose=0, shuffle=False)
    assert history.epoch == [2, 3]
    np.testing.assert_allclose(resumed.get_weights()[0], whole.get_weights()[0], rtol=1e-6)
    assert not (tmp_path / "b").exists()  # delete_checkpoint=True: a finished fit removes it


def test_a_finished_fit_deletes_only_the_backup_files_and_keeps_the_learners_own(tmp_path):
    """Deliberately safer than Keras 3 (which removes all of backup_dir): only the callback's
    files go, and the folder only once it is empty."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    backup = _interrupted(folder)
    assert (folder / "latest.weights.h5").exists()
    _model().fit(X, Y, batch_size=4, epochs=4, verbose=0, shuffle=False, callbacks=[backup])
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_delete_checkpoint_false_keeps_the_backup_of_the_last_epoch(tmp_path):
    backup = tf.keras.callbacks.BackupAndRestore(backup_dir=str(tmp_path / "b"),
                                                 delete_checkpoint=False)
    _model().fit(X, Y, batch_size=4, epochs=2, verbose=0, callbacks=[backup])
    assert sorted(os.listdir(tmp_path / "b")) == ["latest.weights.h5", "training_metadata.json"]
    assert json.loads((tmp_path / "b" / "training_metadata.json").read_text())["epoch"] == 2


def test_double_checkpoint_falls_back_to_the_previous_backup_when_the_latest_is_unreadable(
        tmp_path):
    backup = _interrupted(tmp_path / "b", double_checkpoint=True)
    folder = tmp_path / "b"
    assert (folder / "latest.weights.h5.bkp").exists()  # the backup made one epoch earlier
    (folder / "latest.weights.h5").write_bytes(b"cut short")
    model = _model()
    history = model.fit(X, Y, batch_size=4, epochs=4, verbose=0, shuffle=False,
                        callbacks=[backup])
    # the .bkp's metadata (epoch 1) came back with its weights: fit resumed at epoch 1
    assert history.epoch == [1, 2, 3]


def test_an_unreadable_backup_without_a_previous_one_is_an_error(tmp_path):
    backup = _interrupted(tmp_path / "b")
    (tmp_path / "b" / "latest.weights.h5").write_bytes(b"cut short")
    with pytest.raises(tf.errors.DataLossError, match="corrupted or truncated"):
        _model().fit(X, Y, epochs=1, verbose=0, callbacks=[backup])


def test_metadata_without_an_epoch_number_is_a_clear_error(tmp_path):
    backup = _interrupted(tmp_path / "b")
    (tmp_path / "b" / "training_metadata.json").write_text('{"epoch": "two"}')
    with pytest.raises(ValueError, match="training_metadata.json.*epoch"):
        _model().fit(X, Y, epochs=1, verbose=0, callbacks=[backup])


def test_an_unbuilt_model_cannot_be_restored(tmp_path):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    backup = tf.keras.callbacks.BackupAndRestore(backup_dir=str(tmp_path / "b"))
    backup.set_model(model)
    with pytest.raises(ValueError, match="must be built before you call `fit\\(\\)`"):
        backup.on_train_begin()


def test_save_freq_counts_batches_across_epochs(tmp_path):
    # 2 batches an epoch, a backup every 3: after batch 0 of epoch 1, after batch 1 of epoch 2
    saves = []
    backup = tf.keras.callbacks.BackupAndRestore(backup_dir=str(tmp_path / "b"), save_freq=3,
                                                 delete_checkpoint=False)
    backup._save = lambda: saves.append((backup._current_epoch, backup._last_batch_seen))
    _model().fit(X, Y, batch_size=4, epochs=3, verbose=0, callbacks=[backup])
    assert saves == [(1, 0), (2, 1)]


@pytest.mark.parametrize("bad", ["batch", 1.5, True])
def test_save_freq_is_epoch_or_an_int(bad):
    with pytest.raises(ValueError, match="Expected either 'epoch' or an integer"):
        tf.keras.callbacks.BackupAndRestore(backup_dir="/tmp/unused", save_freq=bad)


def test_on_batch_begin_and_end_are_called_for_each_training_batch():
    seen = []

    class Old(tf.keras.callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            seen.append(("begin", batch))

        def on_batch_end(self, batch, logs=None):
            seen.append(("end", batch))
    _model().fit(X, Y, batch_size=4, epochs=1, verbose=0, callbacks=[Old()])
    assert seen == [("begin", 0), ("end", 0), ("begin", 1), ("end", 1)]


def test_compiled_metrics_gives_the_loss_tracker_the_predictions():
    # Keras 3's shim: a Mean among model.metrics gets update_state(y_pred), so "loss" is
    # the mean prediction; compiled_loss is compute_loss (here mse of the ones kernel)
    class Custom(tf.keras.Sequential):
        def train_step(self, data):
            x, y = data
            y_pred = self(x)
            self.last_loss = self.compiled_loss(y, y_pred)
            self.compiled_metrics.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}
    model = Custom([tf.keras.layers.Dense(1, kernel_initializer="ones", use_bias=False)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)  # (last_loss: a value)
    with pytest.warns(UserWarning, match="deprecated"):
        history = model.fit(X, Y, batch_size=8, epochs=1, verbose=0)
    assert history.history["loss"][0] == pytest.approx(float(Y.mean()), rel=1e-6)
    assert float(model.last_loss) == pytest.approx(0.0, abs=1e-12)  # y_pred == y exactly
