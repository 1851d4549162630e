"""Loading save files in bounded memory, and what the earlier hostile-file tests leave out.

tests/test_saving_hostile.py has the bombs, the paths leaving the folder and the named
pipes; tests/test_saving_fuzz*.py mutate saves at random; tests/test_saving_kills.py and
test_saving_files.py kill and fail saves. Here: the memory a good file of real size takes
to load, and hostile inputs none of those build.
"""
from __future__ import annotations

import tracemalloc

import numpy as np

import course.engine as tf


def test_an_array_is_read_into_its_own_buffer_without_extra_copies(tmp_path):
    """A 32 MB variable read back by tf.train.load_checkpoint (and by every loader through
    reading.py) peaks at its own size plus a megabyte or two: read a chunk at a time, not
    through zipfile temporaries of the whole array (three times its size before)."""
    value = np.arange(8 << 20, dtype=np.float32).reshape(4096, 2048)
    prefix = tf.train.Checkpoint(v=tf.Variable(value)).write(str(tmp_path / "big"))
    tf.train.Checkpoint(v=tf.Variable(1.0)).write(str(tmp_path / "small"))
    tf.train.load_checkpoint(str(tmp_path / "small"))  # (first use: imports, caches)
    tracemalloc.start()
    try:
        reader = tf.train.load_checkpoint(prefix)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(reader.get_tensor("v/.ATTRIBUTES/VARIABLE_VALUE"), value)
    assert peak < value.nbytes + (4 << 20), f"peak {peak / 2**20:.1f} MB for a 32 MB array"


def _small_saves(root):
    class M(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable([1.0, 2.0])

        @tf.function(input_signature=[tf.TensorSpec([2], tf.float32)])
        def __call__(self, x):
            return x * self.v
    model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(2)])
    model.save(str(root / "m.keras"))
    model.save_weights(str(root / "m.weights.h5"))
    tf.saved_model.save(M(), str(root / "sm"))
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(1.0)), str(root / "c"),
                                         max_to_keep=2)
    manager.save()
    return {
        "checkpoint": lambda: tf.train.Checkpoint(v=tf.Variable(0.0)).restore(
            tf.train.latest_checkpoint(str(root / "c"))),
        "SavedModel": lambda: tf.saved_model.load(str(root / "sm")),
        ".keras": lambda: tf.keras.models.load_model(str(root / "m.keras")),
        ".weights.h5": lambda: model.load_weights(str(root / "m.weights.h5")),
    }


def test_small_saves_load_in_small_memory(tmp_path):
    """Loading a save of a few kilobytes peaks under 8 MB (after a first load has done its
    imports): the text files (index, manifest, config, state file) are read at their own
    size, not into a buffer of the 64 MB they may at most have (read(n) sets n bytes aside)."""
    for name, load in _small_saves(tmp_path).items():
        load()
        tracemalloc.start()
        try:
            load()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 8 << 20, f"{name}: peak {peak / 2**20:.1f} MB"
