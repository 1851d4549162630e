"""Seconds per epoch of `Model.fit` on small Dense models (TF's overfitting tutorial).

The tutorial ("Overfit and underfit", tutorials/keras/overfit_and_underfit)
trains Dense models on 28 features of the HIGGS data: 20 steps of batch 500
per epoch, validation on 1000 rows at each epoch's end, Adam with an
InverseTimeDecay schedule, binary cross-entropy (from logits) and accuracy
metrics, EarlyStopping and TensorBoard callbacks, for hundreds of epochs. With
models this small an epoch's time is mostly overhead (the traced step's
interpreter, the data pipeline, callbacks, metrics, validation), not
arithmetic, except for the large models (4 x Dense(512): "large", and with
L2 regularizers "l2", or with Dropout layers "dropout"), where the matrix
products take about half of the epoch.

The data is the stand-in tools/tf_guides_data.py writes for the guides (12000
synthetic rows, read back with `tf.data.experimental.CsvDataset` and the
tutorial's own pipeline: batch(10000).map(pack_row).unbatch(), take/skip,
cache, shuffle(10000).repeat().batch(500)).

For each model, one `fit` of `1 + --epochs` epochs (the first traces the step
and fills the cache, and is not counted), once traced (the default) and once
with `run_eagerly=True`, alternating `--repeats` times. Printed: the median
CPU seconds per epoch and per training step (an epoch's time over its 20 steps,
validation included), the eager/traced ratio, and one pass of the data alone
(20 training batches and the 2 validation batches, no model). One BLAS thread,
as the guides' harness runs. Not a test: numbers, for before/after comparisons.

    OPENBLAS_NUM_THREADS=1 python benchmarks/small_fit.py [--models tiny,large,l2,dropout] [--epochs 5]
        [--repeats 3]
"""
from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
import warnings

import numpy as np

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])
import course.engine as tf  # noqa: E402

FEATURES = 28
STEPS_PER_EPOCH = 20


def write_higgs(path: str) -> None:
    """The guides' HIGGS.csv.gz stand-in (the same rule as tools/tf_guides_data.py)."""
    rng = np.random.default_rng(2021)
    features = rng.normal(size=(12000, FEATURES))
    signal = features[:, :4].sum(axis=1) + rng.normal(0, 2.0, size=12000) > 0
    rows = np.column_stack([signal.astype(np.float64), features])
    with gzip.open(path, "wt") as f:
        for row in rows:
            f.write(",".join(f"{v:.18e}" for v in row) + "\n")


def datasets(path: str):
    """The tutorial's pipeline: (training, validation) datasets of (features, label[:, None])."""
    ds = tf.data.experimental.CsvDataset(path, [float()] * (FEATURES + 1), compression_type="GZIP")

    def pack_row(*row):
        return tf.stack(row[1:], 1), row[0]

    packed = ds.batch(10000).map(pack_row).unbatch()
    validate = packed.take(1000).cache().batch(500)
    train = packed.skip(1000).take(10000).cache().shuffle(10000).repeat().batch(500)

    def expand(x, y):
        return x, tf.expand_dims(y, axis=-1)

    return train.map(expand), validate.map(expand)


def build(name: str):
    """The tutorial's models: tiny, small, medium, large; l2 and dropout are the large one
    with `kernel_regularizer=l2(0.001)` or a Dropout(0.5) after each hidden layer."""
    layers = tf.keras.layers
    widths = {"tiny": [16], "small": [16, 16], "medium": [64] * 3}.get(name, [512] * 4)
    hidden = []
    for w in widths:
        regularizer = tf.keras.regularizers.l2(0.001) if name == "l2" else None
        hidden.append(layers.Dense(w, activation="elu", kernel_regularizer=regularizer))
        if name == "dropout":
            hidden.append(layers.Dropout(0.5))
    return tf.keras.Sequential([tf.keras.Input(shape=(FEATURES,))] + hidden + [layers.Dense(1)])


class EpochTimes(tf.keras.callbacks.Callback):
    """The CPU time between consecutive epoch ends (a whole epoch: steps, validation,
    callbacks), in CPU seconds of this process: steadier than wall time on a shared machine."""

    def on_train_begin(self, logs=None):
        self.ends = [time.process_time()]

    def on_epoch_end(self, epoch, logs=None):
        self.ends.append(time.process_time())


def fit_epochs(name: str, train, validate, epochs: int, logdir: str, eager: bool) -> list:
    """Seconds of each epoch after the first, of one fit like the tutorial's compile_and_fit."""
    tf.keras.utils.set_random_seed(0)
    model = build(name)
    schedule = tf.keras.optimizers.schedules.InverseTimeDecay(
        0.001, decay_steps=STEPS_PER_EPOCH * 1000, decay_rate=1, staircase=False)
    model.compile(optimizer=tf.keras.optimizers.Adam(schedule),
                  loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[tf.keras.metrics.BinaryCrossentropy(from_logits=True,
                                                               name="binary_crossentropy"),
                           "accuracy"],
                  run_eagerly=eager)
    times = EpochTimes()
    callbacks = [tf.keras.callbacks.EarlyStopping(monitor="val_binary_crossentropy",
                                                  patience=200),
                 tf.keras.callbacks.TensorBoard(os.path.join(logdir, name)), times]
    model.fit(train, steps_per_epoch=STEPS_PER_EPOCH, epochs=1 + epochs, validation_data=validate,
              callbacks=callbacks, verbose=0)
    ends = times.ends[1:]  # from the end of the first epoch
    return [b - a for a, b in zip(ends, ends[1:])]


def data_pass(train, validate) -> float:
    start = time.process_time()
    for _ in train.take(STEPS_PER_EPOCH):
        pass
    for _ in validate:
        pass
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="tiny,large,l2,dropout")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # Keras's "shuffle is ignored for a dataset" notice
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "HIGGS.csv.gz")
    write_higgs(path)
    train, validate = datasets(path)
    data_pass(train, validate)  # fills the caches
    data = []
    results: dict = {}
    for _ in range(args.repeats):
        data.append(data_pass(train, validate))
        for name in args.models.split(","):
            for eager in (False, True):
                key = (name, eager)
                results.setdefault(key, []).extend(
                    fit_epochs(name, train, validate, args.epochs, tmp, eager))
    print(f"one pass of the data (20 batches of 500, 2 validation batches): "
          f"{statistics.median(data):.3f} s (median of {len(data)})")
    for name in args.models.split(","):
        traced = statistics.median(results[(name, False)])
        eager = statistics.median(results[(name, True)])
        print(f"{name:6s} fit (traced):     {traced:6.3f} s/epoch  "
              f"{1000 * traced / STEPS_PER_EPOCH:6.1f} ms/step")
        print(f"{name:6s} run_eagerly=True: {eager:6.3f} s/epoch  "
              f"{1000 * eager / STEPS_PER_EPOCH:6.1f} ms/step   ({eager / traced:.2f}x traced)")
    print(f"(medians of {args.repeats} x {args.epochs} epochs; load average "
          f"{os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
