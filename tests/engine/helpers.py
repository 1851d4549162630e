"""Helpers for the engine tests: Hypothesis settings and float64 gradient checking.

`check_gradients` compares the tape's vector-Jacobian product with central
differences. The upstream gradient is a random, non-uniform tensor (never a
bare sum), so a transposed or wrongly broadcast gradient cannot pass.
"""
from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, settings

import course.engine as tf

# Property tests run derandomized (the same examples on every run, so CI is
# deterministic) with a modest number of examples, to keep the suite fast.
# A decorator, not a global profile, so other test directories keep theirs.
PROPERTY_SETTINGS = settings(max_examples=50, derandomize=True, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.data_too_large])

EPS = 1e-6


def as_source(value, variable: bool):
    return tf.Variable(value) if variable else tf.constant(value)


def weighted(out, w) -> float:
    return float(np.sum(np.asarray(out.numpy(), dtype=np.float64) * w))


def tape_vjp(f, args, wrt, w, variables=False):
    """The tape's gradient of sum(w * f(args)) for the arguments in `wrt` (None -> zeros)."""
    sources = [as_source(args[i], variables) for i in wrt]
    call = list(args)
    with tf.GradientTape() as tape:
        for i, s in zip(wrt, sources):
            if not variables:
                tape.watch(s)
            call[i] = s
        out = f(*call)
    grads = tape.gradient(out, sources, output_gradients=tf.constant(w.astype(out.dtype.as_numpy_dtype)))
    return [np.zeros(np.shape(args[i])) if g is None else np.asarray(g.numpy(), np.float64)
            for i, g in zip(wrt, grads)]


def numeric_vjp(f, args, wrt, w, eps=EPS, variables=False):
    """Central differences of sum(w * f(args)) for the arguments in `wrt`."""
    out = []
    for i in wrt:
        x = np.array(args[i], dtype=np.float64)
        g = np.zeros_like(x)
        for idx in np.ndindex(*x.shape):
            vals = []
            for sign in (1, -1):
                moved = x.copy()
                moved[idx] += sign * eps
                call = list(args)
                call[i] = as_source(moved, variables)
                vals.append(weighted(f(*call), w))
            g[idx] = (vals[0] - vals[1]) / (2 * eps)
        out.append(g)
    return out


def output_weights(f, args, seed=0):
    """A random upstream gradient shaped like f's output (values in [0.5, 1.5] and negatives)."""
    out = f(*[tf.constant(a) if isinstance(a, np.ndarray) and a.dtype == np.float64 else a
              for a in args])
    rng = np.random.default_rng(seed)
    return rng.uniform(0.5, 1.5, size=out.shape.as_list()) * rng.choice([-1, 1], size=out.shape.as_list())


def check_gradients(f, args, wrt, eps=EPS, rtol=1e-5, atol=1e-6, variables=False):
    """Asserts the tape's gradients match central differences; returns the upstream weights."""
    w = output_weights(f, args)
    got = tape_vjp(f, args, wrt, w, variables)
    want = numeric_vjp(f, args, wrt, w, eps, variables)
    for i, g, n in zip(wrt, got, want):
        assert g.shape == np.shape(args[i]), f"gradient of arg {i} has shape {g.shape}, " \
                                             f"expected {np.shape(args[i])}"
        np.testing.assert_allclose(g, n, rtol=rtol, atol=atol, err_msg=f"d/d(arg {i})")
    return w


def check_second_derivatives(f, args, wrt, eps=EPS, rtol=1e-4, atol=1e-5):
    """Nested tapes: the gradient of a (weighted) first gradient, against central differences.

    g(x) = d sum(w * f(x)) / dx is computed by an inner tape; the outer tape
    differentiates sum(v * g(x)), and central differences of that same
    quantity must agree (a Hessian-vector product check).
    """
    w = output_weights(f, args)
    rng = np.random.default_rng(1)
    vs = [rng.uniform(0.5, 1.5, size=np.shape(args[i])) for i in wrt]

    def first_grad_dot(*call):
        with tf.GradientTape() as inner:
            for i in wrt:
                inner.watch(call[i])
            out = f(*call)
        grads = inner.gradient(out, [call[i] for i in wrt],
                               output_gradients=tf.constant(w.astype(out.dtype.as_numpy_dtype)))
        total = tf.constant(0.0, tf.float64)
        for g, v in zip(grads, vs):
            if g is not None:
                total = total + tf.reduce_sum(g * tf.constant(v))
        return total

    sources = [tf.constant(args[i]) for i in wrt]
    call = list(args)
    with tf.GradientTape() as outer:
        for i, s in zip(wrt, sources):
            outer.watch(s)
            call[i] = s
        value = first_grad_dot(*call)
    got = outer.gradient(value, sources)
    one = np.ones(())
    want = numeric_vjp(lambda *a: first_grad_dot(*[tf.constant(x) if isinstance(x, np.ndarray)
                                                     and x.dtype == np.float64 else x for x in a]),
                       args, wrt, one, eps)
    for i, g, n in zip(wrt, got, want):
        g = np.zeros(np.shape(args[i])) if g is None else g.numpy()
        np.testing.assert_allclose(g, n, rtol=rtol, atol=atol, err_msg=f"d2/d(arg {i})")
