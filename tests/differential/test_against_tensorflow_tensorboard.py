"""The Keras TensorBoard callback's runs, tags and steps against TF 2.21 with Keras 3.15: both
libraries train the same small model, and TF's own event reader lists what each one wrote."""
from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest

from .tf_compare import eng, real_tf

pytest.importorskip("tensorboard")  # TF's tf.summary needs it (pip's tensorflow-cpu brings it)

R = np.random.default_rng(0)
Y = R.integers(0, 2, 64)
X = R.normal(0, 1, (64, 4)).astype(np.float32) + Y[:, None]


def fit_with_tensorboard(tf) -> str:
    folder = tempfile.mkdtemp()
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)),
                                 tf.keras.layers.Dense(3, activation="relu"),
                                 tf.keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(X, Y, epochs=2, verbose=0, validation_split=0.25,
              callbacks=[tf.keras.callbacks.TensorBoard(log_dir=folder, histogram_freq=1)])
    return folder


def scalar_and_histogram_tags(folder) -> dict:
    """{run: {tag: [steps]}} of the summaries (not graphs) in a log folder, read by TF."""
    out = {}
    for run in sorted(os.listdir(folder)):
        tags: dict = {}
        for name in sorted(os.listdir(os.path.join(folder, run))):
            for event in real_tf.compat.v1.train.summary_iterator(os.path.join(folder, run, name)):
                for value in event.summary.value:
                    if value.metadata.plugin_data.plugin_name in ("scalars", "histograms"):
                        tags.setdefault(value.tag, []).append(event.step)
        out[run] = tags
    return out


def test_tensorboard_callback_writes_the_same_runs_tags_and_steps():
    """Histograms tagged by weight path (sequential/dense/kernel/histogram), epoch_* scalars, and
    evaluation_*_vs_iterations at the optimizer's step after each validation."""
    theirs = scalar_and_histogram_tags(fit_with_tensorboard(real_tf))
    ours = scalar_and_histogram_tags(fit_with_tensorboard(eng))
    assert ours == theirs
    assert "sequential/dense/kernel/histogram" in theirs["train"]
    assert theirs["validation"]["evaluation_loss_vs_iterations"] == [2, 4]
