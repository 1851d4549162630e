"""Linear regression by NumPy, the eager engine and `tf.function`, with a bare tape for scale.

Fits y = a*x + b to 1000 points with 1000 steps of gradient descent:

- numpy:  a hand-written loop with the analytic gradients (the floor);
- eager:  the engine with a GradientTape, op by op;
- traced: the same step under `tf.function` (one graph, run by the interpreter);
- bare tape: the smallest tape that can compute these gradients (below), for
  scale: what any Python tape costs before it checks dtypes, reads variables
  through ops or tells graphs from eager code. It is not the engine and not
  a path of it; it shows how much of "eager" is the engine and how much is
  just Python calling NumPy op by op.

Each variant runs `--repeats` times, interleaved (numpy, eager, traced,
numpy, ...), so a noisy machine hurts all of them alike; we print the medians
and the ratios to the NumPy loop. Bars (issue 10): eager <= 4x, traced
<= 2x.

    python benchmarks/linreg.py [--repeats 21] [--steps 1000]
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import course.engine as tf

N_POINTS = 1000
LEARNING_RATE = 0.1
TRUE_A, TRUE_B = 3.0, -1.0


def make_data(seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, N_POINTS).astype(np.float32)
    y = (TRUE_A * x + TRUE_B + 0.1 * rng.standard_normal(N_POINTS)).astype(np.float32)
    return x, y


def fit_numpy(x, y, steps: int):
    """Gradient descent with hand-derived gradients: loss = mean((a x + b - y)^2)."""
    a, b = np.float32(0.0), np.float32(0.0)
    lr = np.float32(LEARNING_RATE)
    two = np.float32(2.0)
    for _ in range(steps):
        err = a * x + b - y
        grad_a = two * np.mean(err * x)   # d loss/da = 2 mean(err * x)
        grad_b = two * np.mean(err)       # d loss/db = 2 mean(err)
        a = a - lr * grad_a
        b = b - lr * grad_b
    return float(a), float(b)


class _Bare:
    """A value on the bare tape (micrograd-style): no dtype, no shape checks."""
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v


def fit_bare_tape(x, y, steps: int):
    """The same fit on a minimal tape: each op records (its gradient function, inputs, output)."""
    tape: list = []

    def op(value, inputs, grad):
        out = _Bare(value)
        tape.append((grad, inputs, out))
        return out

    def backward(target, sources):
        grads = {id(target): np.ones_like(target.v)}
        for grad, inputs, out in reversed(tape):
            g = grads.get(id(out))
            if g is None:
                continue
            for x, gx in zip(inputs, grad(g)):
                if gx.shape != np.shape(x.v):
                    gx = gx.sum()  # (only a scalar is broadcast here)
                grads[id(x)] = gx if id(x) not in grads else grads[id(x)] + gx
        return [grads[id(s)] for s in sources]

    a, b, x, y = _Bare(np.float32(0.0)), _Bare(np.float32(0.0)), _Bare(x), _Bare(y)
    lr, two = np.float32(LEARNING_RATE), np.float32(2.0)
    for _ in range(steps):
        tape.clear()
        ax = op(a.v * x.v, (a, x), lambda g: (g * x.v, g * a.v))
        pred = op(ax.v + b.v, (ax, b), lambda g: (g, g))
        err = op(pred.v - y.v, (pred, y), lambda g: (g, -g))
        sq = op(err.v * err.v, (err,), lambda g, e=err: (g * two * e.v,))
        loss = op(sq.v.mean(), (sq,), lambda g, s=sq: (np.broadcast_to(g / s.v.size, s.v.shape),))
        grad_a, grad_b = backward(loss, [a, b])
        a.v = a.v - lr * grad_a
        b.v = b.v - lr * grad_b
    return float(a.v), float(b.v)


def make_step(a, b, x, y):
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(a * x + b - y))
        grad_a, grad_b = tape.gradient(loss, [a, b])
        a.assign_sub(LEARNING_RATE * grad_a)
        b.assign_sub(LEARNING_RATE * grad_b)
        return loss
    return step


def fit_engine(x, y, steps: int, traced: bool):
    a, b = tf.Variable(0.0), tf.Variable(0.0)
    x, y = tf.constant(x), tf.constant(y)
    step = make_step(a, b, x, y)
    if traced:
        step = tf.function(step)
    for _ in range(steps):
        step()
    return float(a.numpy()), float(b.numpy())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    x, y = make_data()
    variants = {"numpy": lambda: fit_numpy(x, y, args.steps),
                "eager": lambda: fit_engine(x, y, args.steps, traced=False),
                "traced": lambda: fit_engine(x, y, args.steps, traced=True),
                "bare tape": lambda: fit_bare_tape(x, y, args.steps)}
    times = {name: [] for name in variants}
    results = {}
    for _ in range(args.repeats):
        for name, run in variants.items():
            start = time.perf_counter()
            results[name] = run()
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["numpy"])
    print(f"linear regression: {N_POINTS} points, {args.steps} steps, "
          f"median of {args.repeats} interleaved repeats")
    for name in variants:
        median = statistics.median(times[name])
        a, b = results[name]
        print(f"  {name:9s} {median * 1e3:8.1f} ms   {median / base:5.2f}x numpy   "
              f"a={a:.4f} b={b:.4f}")
    print("bars: eager <= 4x, traced <= 2x")
    for name in ("eager", "traced"):
        ratio = statistics.median(times[name]) / base
        bar = 4.0 if name == "eager" else 2.0
        print(f"  {name}: {ratio:.2f}x -> {'ok' if ratio <= bar else 'OVER THE BAR'}")
    bare = statistics.median(times["bare tape"])
    print(f"for scale: the bare tape is {bare / base:.2f}x numpy; eager is "
          f"{statistics.median(times['eager']) / bare:.2f}x the bare tape")


if __name__ == "__main__":
    main()
