"""How saves land on disk: modes from the umask, fsync of files and folders (issue 12).

Rules: every file a save creates gets 0666 & ~umask and every folder 0777 & ~umask
(like any file a program creates; mkstemp's 0600 is not used); before a save's
pointer is switched, its files and their folder are flushed to disk (fsync), for
checkpoints, SavedModels, `.keras` and `.weights.h5` alike.
"""
from __future__ import annotations

import os
import stat

import pytest

import course.engine as tf


def _save_everything(root):
    v = tf.Variable([1.0, 2.0])
    tf.train.CheckpointManager(tf.train.Checkpoint(v=v), str(root / "ckpts")).save()

    class M(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = v

        @tf.function(input_signature=[tf.TensorSpec([2], tf.float32)])
        def __call__(self, x):
            return x * self.v
    tf.saved_model.save(M(), str(root / "model"))
    tf.saved_model.save(M(), str(root / "model"))     # an overwrite: pending files, then moved
    keras_model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
    keras_model.save(root / "keras" / "m.keras")
    keras_model.save_weights(root / "keras" / "m.weights.h5")


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_modes_follow_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        _save_everything(tmp_path / "out")
    finally:
        os.umask(old)
    modes = {}
    for folder, dirs, files in os.walk(tmp_path / "out"):
        for name in dirs:
            modes[os.path.join(folder, name)] = (stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode),
                                                 0o777 & ~umask)
        for name in files:
            modes[os.path.join(folder, name)] = (stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode),
                                                 0o666 & ~umask)
    assert len(modes) >= 12
    wrong = {path: (oct(got), oct(want)) for path, (got, want) in modes.items() if got != want}
    assert wrong == {}


def test_every_format_fsyncs_files_and_folders(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)
    monkeypatch.setattr(os, "fsync", fsync)
    model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
    for save in (lambda: model.save(tmp_path / "m.keras"),
                 lambda: model.save_weights(tmp_path / "m.weights.h5"),
                 lambda: tf.train.Checkpoint(v=tf.Variable(1.0)).write(str(tmp_path / "c")),
                 lambda: tf.saved_model.save(tf.Module(), str(tmp_path / "sm"))):
        synced.clear()
        save()
        assert False in synced and True in synced, "a file and its folder must be fsynced"


def test_a_failed_keras_save_keeps_the_old_file(tmp_path, monkeypatch):
    from course.engine.saving import atomic
    model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
    model.save_weights(tmp_path / "m.weights.h5")
    before = (tmp_path / "m.weights.h5").read_bytes()
    model.set_weights([w + 1 for w in model.get_weights()])

    def failing(f, data):
        f.write(data[:10])
        raise OSError("disk full (simulated)")
    monkeypatch.setattr(atomic, "_write_all", failing)
    with pytest.raises(OSError, match="simulated"):
        model.save_weights(tmp_path / "m.weights.h5")
    assert (tmp_path / "m.weights.h5").read_bytes() == before
    assert os.listdir(tmp_path) == ["m.weights.h5"]      # no temporary file left behind
