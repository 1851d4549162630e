"""`tf.test.compute_gradient`: the tape's Jacobian next to a numerical one.

The numerical Jacobian nudges each input element by ±delta and measures the
output change (central differences): slow, but independent of the tape. If the
two agree, the op's gradient is right. The engine's own tests use this for
every differentiable op.

    >>> theoretical, numerical = tf.test.compute_gradient(lambda x: x * x, [3.0])
    >>> theoretical, numerical
    ((array([[6.]], dtype=float32),), (array([[6.]], dtype=float32),))
"""
from __future__ import annotations

import numpy as np

from .tape import GradientTape
from .tensor import Tensor, convert_to_tensor


def compute_gradient(f, x, delta: float | None = None):
    """Theoretical and numerical Jacobians of `f` at `x`. Mirrors `tf.test.compute_gradient`.

    `x` is a list of arguments. Returns two tuples with one 2-D array per
    argument, of shape (y_size, x_size).
    """
    if not isinstance(x, (list, tuple)):
        raise ValueError("`x` must be a list or tuple of values convertible to a Tensor "
                         f"(arguments to `f`), not a {type(x)}")
    delta = 1.0 / 1024 if delta is None else delta
    xs = [convert_to_tensor(v) for v in x]
    y = _as_tensor(f(*xs))
    theoretical = tuple(_theoretical(f, xs, i, y) for i in range(len(xs)))
    numerical = tuple(_numerical(f, xs, i, y, delta) for i in range(len(xs)))
    return theoretical, numerical


def _as_tensor(y) -> Tensor:
    return y if isinstance(y, Tensor) else convert_to_tensor(y)


def _theoretical(f, xs, param, y) -> np.ndarray:
    """One backward pass per output element: row r is the gradient of y.flat[r]."""
    x = xs[param]
    jacobian = np.zeros((y._value.size, x._value.size), dtype=x._value.dtype)
    for row in range(y._value.size):
        seed = np.zeros(y._value.shape, dtype=y._value.dtype)
        seed.flat[row] = 1
        with GradientTape() as tape:
            tape.watch(x)
            out = _as_tensor(f(*xs))
        grad = tape.gradient(out, x, output_gradients=convert_to_tensor(seed))
        if grad is not None:
            jacobian[row] = np.asarray(grad._value).ravel()
    return jacobian


def _numerical(f, xs, param, y, delta) -> np.ndarray:
    """Central differences: column c is (f(x + delta e_c) - f(x - delta e_c)) / 2 delta."""
    x = np.array(xs[param]._value)
    jacobian = np.zeros((y._value.size, x.size), dtype=x.dtype)
    for col in range(x.size):
        shifted = []
        for sign in (1, -1):
            moved = x.copy()
            moved.flat[col] += sign * delta
            args = list(xs)
            args[param] = convert_to_tensor(moved)
            shifted.append(np.asarray(_as_tensor(f(*args))._value, dtype=x.dtype))
        jacobian[:, col] = ((shifted[0] - shifted[1]) / (2 * delta)).ravel()
    return jacobian
