"""The optimizers' update kernels: TF's fused training ops (Keras 3's and TF1's optimizers).

TensorFlow's optimizers do not update a weight with a dozen separate ops: one
op per weight, such as `ResourceApplyAdam`, reads the gradient and changes
the variable and its slots (Adam's moments) in place. Here too:

    ResourceApplyGradientDescent(var, alpha, delta)        var -= delta * alpha
    ResourceApplyKerasMomentum(var, accum, lr, grad)       Keras's (Nesterov) momentum
    ResourceApplyMomentum(var, accum, lr, grad)            TF1's: accum = accum * mom + grad
    ResourceApplyAdam(var, m, v, b1_power, b2_power, lr, grad)
    ResourceApplyRMSProp(var, ms, mom, lr, grad)
    ResourceApplyCenteredRMSProp(var, mg, ms, mom, lr, grad)   TF1's centered RMSProp
    ResourceApplyAdagrad(var, accum, lr, grad)

Each kernel is the formula of Keras 3's `update_step`, in the same order of
operations, so the numbers are Keras's to the last bit (tests/keras/
test_optimizers.py). TF1's optimizers (tf.compat.v1.train) use the same
gradient descent, Adam, RMSProp and Adagrad kernels (TF1's formulas are the
same math); their momentum has its own formula, and so its own op,
ResourceApplyMomentum, as in TensorFlow, and so has centered RMSProp (which
Keras's RMSprop here does not offer). Constant hyperparameters
(beta_1, rho, epsilon, ...) are attrs holding the Python floats Keras uses;
what changes from step to step (the learning rate, Adam's beta powers) are
inputs. The ops have no outputs: they run for their effect, eagerly and in
traced training steps alike.

Two things only a kernel can do, both invisible in the results:
- In place: the new values overwrite the variable's buffer when nobody else
  can see it (`writable_buffer`, TF's copy-on-write), so a training step
  allocates no new weight arrays.
- Subnormal numbers. A weight whose gradient stays zero (a pixel that is
  always black, a dead ReLU) sees its moments shrink geometrically: m -> 0.9 m
  each step. Below float32's smallest normal number (1.2e-38) they become
  subnormal, which x86 CPUs process up to 100 times slower. TensorFlow sets
  the CPU to flush them to zero; NumPy cannot, so these kernels set slot
  values below the smallest normal number to exactly 0 (`_flush`). A float32
  weight cannot notice: an update of 1e-38 is lost in rounding anyway.

Very large variables are updated block by block (512K elements: 2 MB per
float32 array): all the passes of the formula run on one block while it sits
in the CPU's cache, instead of streaming a 100 MB variable through memory a
dozen times. Every element gets exactly the same operations. Smaller blocks
cost more than they save, since each pass is one NumPy call per block: Adam
on the MLP's 784 x 512 weights took 860 us in 32K-element blocks (13 per
pass) and 666 us in one. (Two threads, each updating half, were measured
too: 20% quicker alone, no quicker inside fit's step, where the BLAS
library's threads share the CPU.)

Read next: ../keras/optimizers.py (the update steps that call these ops).
"""
from __future__ import annotations

import threading

import numpy as np

from .. import dtypes
from ..execute import Op, execute
from . import register
from .variable_ops import store, writable_buffer

__all__ = ["apply_gradient_descent", "apply_keras_momentum", "apply_momentum", "apply_adam",
           "apply_rms_prop", "apply_centered_rms_prop", "apply_adagrad"]

_FLOATS = dtypes.FLOATING


# -- helpers shared by the kernels ------------------------------------------------------------
def _flush(x: np.ndarray, scratch: np.ndarray, nonnegative: bool = False) -> None:
    """x[0 < |x| < smallest normal] = 0, in place (see the module docstring: subnormals).

    The test reads the numbers' bits. With the sign bit cleared, a float's bits,
    read as an unsigned integer, are 0 for zero, 1 up to `smallest normal - 1`
    for the subnormals, and larger for everything else. One subtraction of 1
    wraps zero around to the largest integer, so "is any subnormal" becomes
    "is the smallest (bits - 1) below (smallest normal's bits - 1)": two or
    three passes, none of which writes a mask. Zeros, common in the moments
    of a weight that never gets a gradient, take the quick path too.
    """
    uint, sign_off, normal = _BITS[x.dtype]
    bits, work = x.view(uint), scratch.view(uint)
    if nonnegative:  # (v's values are >= 0: their sign bit is already clear)
        np.subtract(bits, uint(1), out=work)
    else:
        np.bitwise_and(bits, sign_off, out=work)
        np.subtract(work, uint(1), out=work)
    if work.min() >= normal - 1:  # (the usual case: no subnormal, nothing more to do)
        return
    keep = _masks(x.shape)
    np.greater_equal(work, normal - 1, out=keep)   # normal numbers and zeros
    np.multiply(x, keep, out=x)  # (keeps the sign: -1e-40 -> -0.0, as the CPU's flush does)


def _bits(t) -> tuple:
    """For float dtype t: the unsigned integer type of its size, the mask clearing the sign
    bit, and the bits of the smallest normal number."""
    uint = np.dtype(f"u{np.dtype(t).itemsize}").type
    return uint, uint(np.iinfo(uint).max >> 1), np.array(np.finfo(t).tiny, t).view(uint)[()]


_BITS = {np.dtype(t): _bits(t) for t in (np.float16, np.float32, np.float64)}
# Work buffers, reused by every block and every step; one set per thread (NumPy lets
# another thread run while a kernel's ufunc does: two updates must not share them).
_per_thread = threading.local()


def _reused(key, make):
    found = getattr(_per_thread, "buffers", None)
    if found is None:
        found = _per_thread.buffers = {}
    value = found.get(key)
    if value is None:
        value = found[key] = make()
    return value


def _masks(shape: tuple) -> np.ndarray:
    """A boolean work buffer of this shape (for _flush)."""
    return _reused(("mask", shape), lambda: np.empty(shape, bool))


def _work_buffers(n: int, dtype) -> list:
    """Two work buffers of n elements of dtype (a kernel's tmp and tmp2)."""
    dtype = np.dtype(dtype)
    return _reused((n, dtype.str), lambda: [np.empty(n, dtype) for _ in range(2)])


_BLOCK = 1 << 19  # elements: a block of every array stays in the CPU's cache through all passes


def _in_blocks(fn, arrays: list) -> None:
    """fn(*block of each array, tmp, tmp2) for consecutive blocks covering the arrays once.

    tmp and tmp2 are work buffers one block long, the same ones for every
    block: they stay in the cache (a pair as large as the variable would be
    fetched from memory again, block after block: measured 20% slower).
    """
    first = arrays[0]
    scratch = _work_buffers(min(first.size, _BLOCK), first.dtype)
    if first.size <= _BLOCK:
        fn(*arrays, *[s.reshape(first.shape) for s in scratch])
        return
    flat = [a.reshape(-1) for a in arrays]  # (contiguous: views)
    for i in range(0, first.size, _BLOCK):
        n = min(_BLOCK, first.size - i)
        fn(*[a[i:i + n] for a in flat], *[s[:n] for s in scratch])


def _updating(variables, fn, *arrays) -> None:
    """Runs fn(*buffers, *arrays, tmp, tmp2) on writable buffers of `variables`; stores them."""
    buffers = [writable_buffer(v) for v in variables]
    shape = buffers[0].shape
    _in_blocks(fn, buffers + [a if a.shape == shape else np.broadcast_to(a, shape)
                              for a in arrays])
    for v, b in zip(variables, buffers):
        store(v, b)


# -- gradient descent ----------------------------------------------------------------------------
def _gradient_descent(var, alpha, delta) -> None:
    def rows(w, d, tmp, _):
        np.multiply(d, alpha, out=tmp)           # w = w - delta * alpha
        np.subtract(w, tmp, out=w)
    _updating([var], rows, delta)


GRADIENT_DESCENT = register(Op("ResourceApplyGradientDescent", _gradient_descent, None,
                               dtypes=_FLOATS, resources=1, outputs=0))


def apply_gradient_descent(var, alpha, delta):
    """var -= delta * alpha. Mirrors TF's `ResourceApplyGradientDescent`."""
    return execute(GRADIENT_DESCENT, (var, alpha, delta))


# -- Keras's momentum -------------------------------------------------------------------------------
def _keras_momentum(var, accum, lr, grad, momentum, use_nesterov) -> None:
    mom = grad.dtype.type(momentum)

    def rows(w, m, g, tmp, tmp2):
        np.multiply(g, lr, out=tmp2)             # m = m * momentum - g * lr
        np.multiply(m, mom, out=m)
        np.subtract(m, tmp2, out=m)
        _flush(m, tmp)
        if use_nesterov:                         # w = w + (m * momentum - g * lr)
            np.multiply(m, mom, out=tmp)
            np.subtract(tmp, tmp2, out=tmp)
            np.add(w, tmp, out=w)
        else:                                    # w = w + m
            np.add(w, m, out=w)
    _updating([var, accum], rows, grad)


KERAS_MOMENTUM = register(Op("ResourceApplyKerasMomentum", _keras_momentum, None, dtypes=_FLOATS,
                             resources=2, outputs=0))


def apply_keras_momentum(var, accum, lr, grad, momentum: float, use_nesterov: bool = False):
    """Keras's SGD with momentum. Mirrors TF's `ResourceApplyKerasMomentum`."""
    return execute(KERAS_MOMENTUM, (var, accum, lr, grad),
                   {"momentum": float(momentum), "use_nesterov": bool(use_nesterov)})


# -- TF1's momentum ---------------------------------------------------------------------------------
def _momentum(var, accum, lr, grad, momentum, use_nesterov) -> None:
    mom = grad.dtype.type(momentum)

    def rows(w, a, g, tmp, tmp2):
        np.multiply(a, mom, out=a)               # accum = accum * momentum + grad
        np.add(a, g, out=a)
        _flush(a, tmp)
        if use_nesterov:                         # w -= grad * lr + accum * momentum * lr
            np.multiply(a, mom, out=tmp)
            np.multiply(tmp, lr, out=tmp)
            np.multiply(g, lr, out=tmp2)
            np.add(tmp2, tmp, out=tmp2)
        else:                                    # w -= accum * lr
            np.multiply(a, lr, out=tmp2)
        np.subtract(w, tmp2, out=w)
    _updating([var, accum], rows, grad)


MOMENTUM = register(Op("ResourceApplyMomentum", _momentum, None, dtypes=_FLOATS, resources=2,
                       outputs=0))


def apply_momentum(var, accum, lr, grad, momentum: float, use_nesterov: bool = False):
    """TF1's (Nesterov) momentum on one variable. Mirrors TF's `ResourceApplyMomentum`.

    accum = accum * momentum + grad; var -= lr * accum (Nesterov: var -= lr * grad +
    lr * momentum * accum). Keras's momentum is another op: ResourceApplyKerasMomentum.
    """
    return execute(MOMENTUM, (var, accum, lr, grad),
                   {"momentum": float(momentum), "use_nesterov": bool(use_nesterov)})


# -- Adam ---------------------------------------------------------------------------------------------
def _adam(var, m, v, beta1_power, beta2_power, lr, grad, beta_1, beta_2, epsilon) -> None:
    f = grad.dtype.type
    alpha = lr * np.sqrt(f(1) - beta2_power) / (f(1) - beta1_power)
    one_minus_b1, one_minus_b2, eps = f(1 - beta_1), f(1 - beta_2), f(epsilon)

    def rows(w, mb, vb, g, tmp, tmp2):
        np.subtract(g, mb, out=tmp)              # m = m + (g - m) * (1 - beta_1)
        np.multiply(tmp, one_minus_b1, out=tmp)
        np.add(mb, tmp, out=mb)
        _flush(mb, tmp)
        np.square(g, out=tmp)                    # v = v + (g**2 - v) * (1 - beta_2)
        np.subtract(tmp, vb, out=tmp)
        np.multiply(tmp, one_minus_b2, out=tmp)
        np.add(vb, tmp, out=vb)
        _flush(vb, tmp, nonnegative=True)
        np.multiply(mb, alpha, out=tmp2)         # w = w - (m * alpha) / (sqrt(v) + epsilon)
        np.sqrt(vb, out=tmp)
        np.add(tmp, eps, out=tmp)
        np.divide(tmp2, tmp, out=tmp2)
        np.subtract(w, tmp2, out=w)
    _updating([var, m, v], rows, grad)


ADAM = register(Op("ResourceApplyAdam", _adam, None, dtypes=_FLOATS, resources=3, outputs=0))


def apply_adam(var, m, v, beta1_power, beta2_power, lr, grad, beta_1: float, beta_2: float,
               epsilon: float):
    """Keras's Adam (epsilon-hat form) on one variable. Mirrors TF's `ResourceApplyAdam`.

    alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t); m, v: running moments;
    var -= (m * alpha) / (sqrt(v) + epsilon).
    """
    return execute(ADAM, (var, m, v, beta1_power, beta2_power, lr, grad),
                   {"beta_1": float(beta_1), "beta_2": float(beta_2), "epsilon": float(epsilon)})


# -- RMSprop ------------------------------------------------------------------------------------------
def _rms_prop(var, ms, mom, lr, grad, rho, momentum, epsilon) -> None:
    f = grad.dtype.type
    rho_, one_minus_rho, mom_, eps = f(rho), f(1 - rho), f(momentum), f(epsilon)

    def increment(s, g, tmp, tmp2):
        np.multiply(s, rho_, out=s)              # ms = rho * ms + (1 - rho) * g**2
        np.square(g, out=tmp)
        np.multiply(tmp, one_minus_rho, out=tmp)
        np.add(s, tmp, out=s)
        _flush(s, tmp, nonnegative=True)
        np.multiply(g, lr, out=tmp2)             # increment = lr * g / sqrt(ms + epsilon)
        np.add(s, eps, out=tmp)
        np.sqrt(tmp, out=tmp)
        np.divide(tmp2, tmp, out=tmp2)

    def rows(w, s, g, tmp, tmp2):                # w -= increment
        increment(s, g, tmp, tmp2)
        np.subtract(w, tmp2, out=w)

    def rows_with_momentum(w, s, mo, g, tmp, tmp2):  # mom = momentum * mom + increment; w -= mom
        increment(s, g, tmp, tmp2)
        np.multiply(mo, mom_, out=mo)
        np.add(mo, tmp2, out=mo)
        _flush(mo, tmp)
        np.subtract(w, mo, out=w)

    if momentum > 0 or mom is not var:  # (TF1 keeps a momentum slot even for momentum 0:
        _updating([var, ms, mom], rows_with_momentum, grad)  # it holds the last increment)
    else:  # (Keras keeps no momentum slot then and passes the variable itself as `mom`)
        _updating([var, ms], rows, grad)


RMS_PROP = register(Op("ResourceApplyRMSProp", _rms_prop, None, dtypes=_FLOATS, resources=3,
                       outputs=0))


def apply_rms_prop(var, ms, mom, lr, grad, rho: float, momentum: float, epsilon: float):
    """Keras's RMSprop on one variable; TF1's RMSPropOptimizer too. Mirrors TF's
    `ResourceApplyRMSProp`.

    ms = rho * ms + (1 - rho) * grad**2; mom = momentum * mom + lr * grad / sqrt(ms + epsilon);
    var -= mom. Pass `var` itself as `mom` to keep no momentum slot (Keras, momentum 0).
    """
    return execute(RMS_PROP, (var, ms, mom, lr, grad),
                   {"rho": float(rho), "momentum": float(momentum), "epsilon": float(epsilon)})


# -- TF1's centered RMSProp ----------------------------------------------------------------------
def _centered_rms_prop(var, mg, ms, mom, lr, grad, rho, momentum, epsilon) -> None:
    f = grad.dtype.type
    rho_, one_minus_rho, mom_, eps = f(rho), f(1 - rho), f(momentum), f(epsilon)

    def rows(w, a, s, mo, g, tmp, tmp2):
        np.multiply(s, rho_, out=s)              # ms = rho * ms + (1 - rho) * g**2
        np.square(g, out=tmp)
        np.multiply(tmp, one_minus_rho, out=tmp)
        np.add(s, tmp, out=s)
        _flush(s, tmp, nonnegative=True)
        np.multiply(a, rho_, out=a)              # mg = rho * mg + (1 - rho) * g (mean gradient)
        np.multiply(g, one_minus_rho, out=tmp)
        np.add(a, tmp, out=a)
        _flush(a, tmp)
        np.square(a, out=tmp)                    # mom = momentum * mom
        np.subtract(s, tmp, out=tmp)             #       + lr * g / sqrt(ms - mg**2 + epsilon)
        np.add(tmp, eps, out=tmp)
        np.sqrt(tmp, out=tmp)
        np.multiply(g, lr, out=tmp2)
        np.divide(tmp2, tmp, out=tmp2)
        np.multiply(mo, mom_, out=mo)
        np.add(mo, tmp2, out=mo)
        _flush(mo, tmp)
        np.subtract(w, mo, out=w)                # w -= mom
    _updating([var, mg, ms, mom], rows, grad)


CENTERED_RMS_PROP = register(Op("ResourceApplyCenteredRMSProp", _centered_rms_prop, None,
                                dtypes=_FLOATS, resources=4, outputs=0))


def apply_centered_rms_prop(var, mg, ms, mom, lr, grad, rho: float, momentum: float,
                            epsilon: float):
    """TF1's centered RMSProp (`centered=True`) on one variable. Mirrors TF's
    `ResourceApplyCenteredRMSProp`.

    As RMSProp, with the variance of the gradient in place of its mean square: mg, the
    running mean of the gradient, is subtracted, sqrt(ms - mg**2 + epsilon).
    """
    return execute(CENTERED_RMS_PROP, (var, mg, ms, mom, lr, grad),
                   {"rho": float(rho), "momentum": float(momentum), "epsilon": float(epsilon)})


# -- Adagrad -------------------------------------------------------------------------------------------
def _adagrad(var, accum, lr, grad, epsilon) -> None:
    eps = grad.dtype.type(epsilon)

    def rows(w, acc, g, tmp, tmp2):
        np.square(g, out=tmp)                    # acc = acc + g**2 (only grows: never subnormal)
        np.add(acc, tmp, out=acc)
        np.multiply(g, lr, out=tmp2)             # w = w - lr * g / sqrt(acc + epsilon)
        np.add(acc, eps, out=tmp)
        np.sqrt(tmp, out=tmp)
        np.divide(tmp2, tmp, out=tmp2)
        np.subtract(w, tmp2, out=w)
    _updating([var, accum], rows, grad)


ADAGRAD = register(Op("ResourceApplyAdagrad", _adagrad, None, dtypes=_FLOATS, resources=2,
                      outputs=0))


def apply_adagrad(var, accum, lr, grad, epsilon: float):
    """Keras's Adagrad on one variable (TF1's AdagradOptimizer: epsilon 0). Mirrors TF's
    `ResourceApplyAdagrad`."""
    return execute(ADAGRAD, (var, accum, lr, grad), {"epsilon": float(epsilon)})
