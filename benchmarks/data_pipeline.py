"""What does a tf.data pipeline cost per epoch, next to plain NumPy and to fit on arrays?

1. One pass over MNIST-sized data (60000 uint8 images 28x28, int64 labels) in
   batches of 32, for the pipelines the guides build, next to the NumPy loop
   that does the same slicing (a permutation and fancy indexing).
2. One epoch of `model.fit` of a 784-128-10 MLP on 12000 samples: arrays
   (`fit(x, y, batch_size=32)`) vs a dataset
   (`from_tensor_slices((x, y)).shuffle(12000).batch(32)`).

Interleaved, `--repeats` times; medians (CPU seconds) and ratios are printed. The pipelines
run in Python, element by element, as TF's do when you iterate them eagerly
(TF 2.21 on the same machine: see the closing note of the data engineer's report).

    python benchmarks/data_pipeline.py [--repeats 3]
"""
from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np

import course.engine as tf


def seconds(fn) -> float:
    """CPU seconds of this process (steadier than wall time on a shared machine)."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def one_pass(ds) -> None:
    for _ in ds:
        pass


def numpy_pass(x, y, rng) -> None:
    order = rng.permutation(len(x))
    for i in range(0, len(x), 32):
        rows = order[i:i + 32]
        x[rows], y[rows]


def normalize(image, label):
    return tf.cast(image, tf.float32) / 255.0, label


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (60000, 28, 28), dtype=np.uint8)
    y = rng.integers(0, 10, 60000).astype(np.int64)
    D = tf.data.Dataset
    pipelines = {
        "slices.batch(32)": lambda: D.from_tensor_slices((x, y)).batch(32),
        "slices.shuffle(10000).batch(32)": lambda: D.from_tensor_slices((x, y)).shuffle(10000)
        .batch(32),
        "slices.batch(32).map(normalize)": lambda: D.from_tensor_slices((x, y)).batch(32)
        .map(normalize),
        "slices.map(normalize).batch(32)": lambda: D.from_tensor_slices((x, y)).map(normalize)
        .batch(32),
    }
    times: dict = {name: [] for name in ["numpy loop", *pipelines]}
    for _ in range(args.repeats):
        times["numpy loop"].append(seconds(lambda: numpy_pass(x, y, rng)))
        for name, make in pipelines.items():
            ds = make()
            times[name].append(seconds(lambda: one_pass(ds)))
    base = statistics.median(times["numpy loop"])
    print("1. one pass over 60000 images in batches of 32 (s/epoch, median)")
    for name, ts in times.items():
        print(f"   {name:34s} {statistics.median(ts):6.3f} s   {statistics.median(ts) / base:7.1f}x "
              "numpy")

    xs = x[:12000].reshape(-1, 784).astype(np.float32) / 255.0
    ys = y[:12000]

    def fit(data) -> None:
        tf.random.set_seed(0)
        model = tf.keras.Sequential([tf.keras.Input((784,)),
                                     tf.keras.layers.Dense(128, activation="relu"),
                                     tf.keras.layers.Dense(10, activation="softmax")])
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # fit's shuffle=True warning for datasets (Keras 3)
            if isinstance(data, tf.data.Dataset):
                model.fit(data, epochs=1, verbose=0)
            else:
                model.fit(*data, batch_size=32, epochs=1, verbose=0)

    fits = {"arrays": [], "dataset": []}
    for _ in range(args.repeats):
        fits["arrays"].append(seconds(lambda: fit((xs, ys))))
        fits["dataset"].append(seconds(lambda: fit(D.from_tensor_slices((xs, ys)).shuffle(12000)
                                                   .batch(32))))
    a, d = statistics.median(fits["arrays"]), statistics.median(fits["dataset"])
    print("2. fit, one epoch of 12000 samples, batch 32 (s, median)")
    print(f"   arrays   {a:6.3f} s\n   dataset  {d:6.3f} s   {d / a:5.2f}x arrays")


if __name__ == "__main__":
    main()
