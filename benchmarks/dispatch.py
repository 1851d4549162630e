"""How much does the engine add on top of NumPy for tiny ops?

Two measurements, each next to its raw-NumPy twin, interleaved and repeated
so both see the same machine load; we report medians and their ratio.

1. `tf.add` on two 1-element float32 tensors (100k calls) vs `np.add`.
2. One tape step, `y = x*x + x; tape.gradient(y, x)` on `x = tf.Variable([3.0])`
   (10k steps) vs a hand-written NumPy forward plus the analytic gradient
   `2x + 1` of the same expression.

Bars (issue 2): add at most 4x, tape step at most 8x.

    python benchmarks/dispatch.py [--repeats 7]
"""
from __future__ import annotations

import argparse
import gc
import statistics
import time

import numpy as np

import course.engine as tf


def per_call_us(fn, calls: int) -> float:
    """Microseconds per call, with the garbage collector off during the loop (as timeit)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - start) / calls * 1e6
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--add-calls", type=int, default=100_000)
    parser.add_argument("--tape-steps", type=int, default=10_000)
    args = parser.parse_args()

    a, b = tf.constant([1.0]), tf.constant([2.0])
    a_np, b_np = np.array([1.0], np.float32), np.array([2.0], np.float32)
    x = tf.Variable([3.0])
    x_np = np.array([3.0], np.float32)

    def engine_add():
        return tf.add(a, b)

    def numpy_add():
        return np.add(a_np, b_np)

    def engine_step():
        with tf.GradientTape() as tape:
            y = x * x + x
        return tape.gradient(y, x)

    def numpy_step():
        y = x_np * x_np + x_np  # forward
        return y, 2 * x_np + 1  # and the gradient dy/dx = 2x + 1, by hand

    assert float(engine_step()[0]) == float(numpy_step()[1][0]) == 7.0

    results = {name: [] for name in ("tf.add", "np.add", "tape step", "numpy step")}
    for _ in range(args.repeats):  # interleaved: each repeat measures all four
        results["tf.add"].append(per_call_us(engine_add, args.add_calls))
        results["np.add"].append(per_call_us(numpy_add, args.add_calls))
        results["tape step"].append(per_call_us(engine_step, args.tape_steps))
        results["numpy step"].append(per_call_us(numpy_step, args.tape_steps))

    med = {name: statistics.median(times) for name, times in results.items()}
    print(f"{'case':<12} {'median us/call':>15}   (all repeats)")
    for name, times in results.items():
        print(f"{name:<12} {med[name]:>15.3f}   " + " ".join(f"{t:.2f}" for t in times))
    add_ratio = med["tf.add"] / med["np.add"]
    step_ratio = med["tape step"] / med["numpy step"]
    print(f"\nadd ratio       {add_ratio:5.2f}x  (bar: <= 4x)")
    print(f"tape step ratio {step_ratio:5.2f}x  (bar: <= 8x)")


if __name__ == "__main__":
    main()
