"""`tf.keras.callbacks.BackupAndRestore`: `fit` picks up where an interrupted `fit` stopped.

    >>> backup = tf.keras.callbacks.BackupAndRestore(backup_dir="/tmp/backup")
    >>> model.fit(x, y, epochs=10, callbacks=[backup])   # interrupted in epoch 4
    >>> model.fit(x, y, epochs=10, callbacks=[backup])   # starts again at epoch 4

As Keras 3 does it: at the end of every epoch (or every `save_freq` batches) the
callback writes the model's weights to `backup_dir/latest.weights.h5` and the
progress, `{"epoch": ..., "batch": ...}`, to `backup_dir/training_metadata.json`.
When `fit` begins it loads both if they exist, and `fit` starts at the saved
epoch (a backup made inside an epoch restarts that epoch from its first batch,
as in Keras). A `fit` that ends normally deletes the backup (`delete_checkpoint=True`;
unlike Keras, which removes all of `backup_dir`, other files in the folder
stay); an exception leaves it for the next run.
`double_checkpoint=True` keeps the previous backup as `*.bkp`, used when the
latest one cannot be read.
"""
from __future__ import annotations

import json
import os
import shutil

from ..errors import DataLossError
from ..saving.atomic import atomic_write
from .callbacks import Callback


def _copy(source: str, target: str) -> None:
    """Copies a file atomically (temp file + rename): a copy cut short never replaces `target`."""
    atomic_write(target, lambda f: _stream(source, f))


def _stream(source: str, out) -> None:
    with open(source, "rb") as f:
        shutil.copyfileobj(f, out)


class BackupAndRestore(Callback):
    """Backs up the training state in `backup_dir`; restores it when `fit` begins."""

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint: bool = False,
                 delete_checkpoint: bool = True):
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if save_freq != "epoch" and (not isinstance(save_freq, int) or isinstance(save_freq, bool)):
            raise ValueError("Invalid value for argument `save_freq`. Received: save_freq="
                             f"{save_freq}. Expected either 'epoch' or an integer value.")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._batches_since_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0

    # -- restoring ---------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        try:
            self._load()
        except (OSError, DataLossError):  # (Keras's h5py says OSError; our reader DataLossError)
            if not os.path.exists(self._weights_path + ".bkp"):
                raise
            # the latest backup is unreadable (damaged on disk): use the one before
            _copy(self._weights_path + ".bkp", self._weights_path)
            if os.path.exists(self._metadata_path + ".bkp"):
                _copy(self._metadata_path + ".bkp", self._metadata_path)
            elif os.path.exists(self._metadata_path):
                os.remove(self._metadata_path)
            self._load()

    def _load(self) -> None:
        if not self.model.built:
            raise ValueError("To use the BackupAndRestore callback, you model must be built "
                             f"before you call `fit()`. Model {self.model} is unbuilt. You can "
                             "build it beforehand by calling it on a batch of data.")
        if os.path.exists(self._weights_path):
            self.model.load_weights(self._weights_path)
        if os.path.exists(self._metadata_path):
            with open(self._metadata_path, encoding="utf-8") as f:
                metadata = json.load(f)
            epoch = metadata.get("epoch") if isinstance(metadata, dict) else None
            if not isinstance(epoch, int) or isinstance(epoch, bool) or epoch < 0:
                raise ValueError(f"{self._metadata_path}: expected {{\"epoch\": <int >= 0>, "
                                 f"...}}, got {metadata!r}")
            self.model._initial_epoch = epoch  # (fit starts there: models.py)

    # -- backing up --------------------------------------------------------------------------
    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save()

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        # With steps_per_execution, fit reports every few batches: count the ones between.
        added = batch + 1 if batch <= self._last_batch_seen else batch - self._last_batch_seen
        self._batches_since_saving += added
        self._last_batch_seen = batch
        if self._batches_since_saving >= self.save_freq:
            self._batches_since_saving = 0
            self._save()

    def _save(self) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for path in (self._weights_path, self._metadata_path):
                if os.path.exists(path):
                    _copy(path, path + ".bkp")
        self.model.save_weights(self._weights_path, overwrite=True)
        metadata = {"epoch": self._current_epoch, "batch": self._last_batch_seen}
        atomic_write(self._metadata_path, json.dumps(metadata).encode())

    def on_train_end(self, logs=None):
        if not self.delete_checkpoint:
            return
        # Keras 3 deletes the whole folder; here only the callback's own files go, and the
        # folder if nothing else is left in it: a backup_dir that holds a learner's own files
        # (backup_dir=".") must not lose them.
        for path in (self._weights_path, self._metadata_path):
            for name in (path, path + ".bkp"):
                if os.path.isfile(name):
                    os.remove(name)
        if os.path.isdir(self.backup_dir) and not os.listdir(self.backup_dir):
            os.rmdir(self.backup_dir)
