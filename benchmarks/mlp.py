"""One epoch of the classic first model, five ways, in the same run.

    Flatten(28x28) -> Dense(512, relu) -> Dropout(0.2) -> Dense(10, softmax)
    adam (lr 1e-3), sparse categorical cross-entropy, batch 32,
    60,000 Fashion-MNIST training images scaled to [0, 1].

1. the engine: `model.fit(x, y, epochs=1, batch_size=32, verbose=0)`;
   and the same model trained by a hand-written step (GradientTape and
   apply_gradients), once eagerly and once wrapped in `tf.function`;
2. PyTorch (CPU), the same network: nn.Sequential(Flatten, Linear(784, 512),
   ReLU, Dropout(0.2), Linear(512, 10)), CrossEntropyLoss on logits,
   Adam(lr=1e-3); data converted to tensors once, batches by slicing;
   torch.set_num_threads = the engine's BLAS threads (threadpoolctl);
3. a hand-written NumPy loop (forward, backward and Keras's Adam by hand).

Epochs are interleaved (engine, torch, numpy, engine, ...), each framework
continuing its own training. Prints the median of `--epochs` epochs (default 3)
for each, the ratios and images per second. The bars (issue 10): fit's epoch at most 1.15 x
PyTorch's and faster than the NumPy loop; the traced custom step faster than
the eager one.
PyTorch is not a project dependency: `pip install torch threadpoolctl`.

    python benchmarks/mlp.py [--epochs 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])
import course.engine as tf  # noqa: E402


def load():
    (x, y), _ = tf.keras.datasets.fashion_mnist.load_data()
    return (x / 255.0).astype(np.float32), y.astype(np.int64)


def build_model():
    tf.keras.utils.set_random_seed(0)
    return tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(512, activation="relu"),
        tf.keras.layers.Dropout(0.2),
        tf.keras.layers.Dense(10, activation="softmax"),
    ])


def engine_epochs(x, y, epochs: int):
    model = build_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    for _ in range(epochs):
        start = time.perf_counter()
        model.fit(x, y, epochs=1, batch_size=32, verbose=0)
        yield time.perf_counter() - start


def custom_step_epochs(x, y, epochs: int, traced: bool):
    """The training step written by hand (GradientTape + apply_gradients), with or without
    @tf.function: what TF's "custom training loop" guides teach."""
    model = build_model()
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()
    optimizer = tf.keras.optimizers.Adam()

    def train_step(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    if traced:
        train_step = tf.function(train_step)
    rng = np.random.default_rng(0)
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(len(x))
        for i in range(0, len(x), 32):
            idx = order[i:i + 32]
            train_step(tf.constant(x[idx]), tf.constant(y[idx]))
        yield time.perf_counter() - start


def torch_epochs(x, y, epochs: int, threads: int, flush_denormal: bool = False):
    import torch
    from torch import nn
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2),
                          nn.Linear(512, 10))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    model.train()
    for _ in range(epochs):
        # The CPU's flush-to-zero mode is per process: set it for this epoch only
        # (PyTorch's default, and NumPy's, is off).
        torch.set_flush_denormal(flush_denormal)
        start = time.perf_counter()
        perm = torch.randperm(len(xt))
        xs, ys = xt[perm], yt[perm]
        for i in range(0, len(xs), 32):
            opt.zero_grad()
            loss = loss_fn(model(xs[i:i + 32]), ys[i:i + 32])
            loss.backward()
            opt.step()
        elapsed = time.perf_counter() - start
        torch.set_flush_denormal(False)
        yield elapsed


def numpy_epochs(x, y, epochs: int):
    """The same training by hand: the floor for any NumPy-based engine."""
    rng = np.random.default_rng(0)
    f = np.float32
    lim1, lim2 = np.sqrt(6 / (784 + 512)), np.sqrt(6 / (512 + 10))
    params = [rng.uniform(-lim1, lim1, (784, 512)).astype(f), np.zeros(512, f),
              rng.uniform(-lim2, lim2, (512, 10)).astype(f), np.zeros(10, f)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    tmp = [np.empty_like(p) for p in params]
    tiny = np.finfo(f).tiny
    t = 0
    x2 = x.reshape(len(x), -1)
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(len(x2))
        for i in range(0, len(x2), 32):
            idx = order[i:i + 32]
            xb, yb = x2[idx], y[idx]
            w1, b1, w2, b2 = params
            h = xb @ w1 + b1
            np.maximum(h, 0, out=h)
            mask = (rng.random(h.shape, dtype=f) >= 0.2) * f(1 / 0.8)
            hd = h * mask
            logits = hd @ w2 + b2
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(yb)), yb] -= 1
            dlogits = p / f(len(yb))
            dh = (dlogits @ w2.T) * mask
            dh *= h > 0
            grads = [xb.T @ dh, dh.sum(0), hd.T @ dlogits, dlogits.sum(0)]
            t += 1
            alpha = f(1e-3) * np.sqrt(f(1) - f(0.999) ** t) / (f(1) - f(0.9) ** t)
            for k in range(4):
                g, mk, vk, tk = grads[k], m[k], v[k], tmp[k]
                np.subtract(g, mk, out=tk); tk *= f(0.1); mk += tk
                np.square(g, out=tk); tk -= vk; tk *= f(0.001); vk += tk
                mk[np.abs(mk) < tiny] = 0
                vk[vk < tiny] = 0
                np.sqrt(vk, out=tk); tk += f(1e-7)
                params[k] -= (mk * alpha) / tk
        yield time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--torch-ftz", action="store_true",
                        help="also time PyTorch with torch.set_flush_denormal(True), to show "
                             "what subnormal numbers cost it")
    args = parser.parse_args()
    from threadpoolctl import threadpool_info
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    threads = blas[0]["num_threads"] if blas else 1
    x, y = load()
    print(f"BLAS: {blas[0]['internal_api'] if blas else '?'} with {threads} threads; "
          f"{len(x)} images, batch 32, {args.epochs} epochs each (median)")
    # Interleaved (engine, torch, numpy, engine, ...) so that a busy machine slows all alike;
    # each keeps training its own model from epoch to epoch.
    runners = {"engine": engine_epochs(x, y, args.epochs),
               "torch": torch_epochs(x, y, args.epochs, threads),
               "numpy": numpy_epochs(x, y, args.epochs),
               "step_eager": custom_step_epochs(x, y, args.epochs, traced=False),
               "step_traced": custom_step_epochs(x, y, args.epochs, traced=True)}
    if args.torch_ftz:
        runners["torch_ftz"] = torch_epochs(x, y, args.epochs, threads, flush_denormal=True)
    results = {name: [] for name in runners}
    for i in range(args.epochs):
        for name, runner in runners.items():
            results[name].append(next(runner))
        print(f"  round {i + 1}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in results.items()),
              flush=True)
    med = {k: statistics.median(v) for k, v in results.items()}
    for name, times in results.items():
        print(f"{name:>9}: median {med[name]:6.2f} s/epoch  ({len(x) / med[name]:8.0f} images/s)"
              f"  all: {', '.join(f'{t:.2f}' for t in times)}")
    ratio = med["engine"] / med["torch"]
    print(f"engine / torch = {ratio:.2f}  (bar: <= 1.15: {'PASS' if ratio <= 1.15 else 'FAIL'};"
          f" stretch <= 1.00: {'PASS' if ratio <= 1.0 else 'FAIL'})")
    ratio = med["engine"] / med["numpy"]
    print(f"engine / numpy = {ratio:.2f}  (bar: < 1.00: {'PASS' if ratio < 1 else 'FAIL'})")
    ratio = med["step_traced"] / med["step_eager"]
    print(f"custom step traced / eager = {ratio:.2f}  "
          f"(bar: < 1.00: {'PASS' if ratio < 1 else 'FAIL'})")


if __name__ == "__main__":
    main()
