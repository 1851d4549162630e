"""Python functions as ops: `tf.py_function`.

`tf.py_function(func, inp, Tout)` is one op, `EagerPyFunc`, whose kernel calls
your Python function on eager tensors. Eagerly it runs at once; inside a
`tf.function` it becomes a graph node, so the Python function runs every
time the graph runs (a plain Python call would run once, while tracing):

    >>> @tf.py_function(Tout=tf.float32)
    ... def py_plus(x, y):
    ...     print("running")
    ...     return x + y
    >>> py_plus(tf.constant(1.0), tf.constant(2.0))
    running
    <tf.Tensor: shape=(), dtype=float32, numpy=3.0>

Its gradient, as in TF, runs the function again under a GradientTape (as another
`EagerPyFunc` op, so that it also works inside a `tf.function`).
"""
from __future__ import annotations

import functools
import itertools

import numpy as np

from .. import dtypes
from ..execute import Op, execute
from ..graph.scopes import init_scope
from ..tensor import Tensor, convert_to_tensor
from . import register

__all__ = ["py_function"]

_tokens = itertools.count()  # each call site's node is distinct (never merged, never folded)


def _call(*arrays, func, Tout, token):
    with init_scope():  # (eagerly, as TF's kernel: even when a TF1 Session runs the node)
        result = func(*[Tensor(a) for a in arrays])
        return convert_to_tensor(result, dtype=Tout)._value


def _vjp(func, i: int, *tensors):
    """d func / d input i, weighted by dy (the last tensor): runs func under a GradientTape."""
    from ..tape import GradientTape
    xs, dy = list(tensors[:-1]), tensors[-1]
    with GradientTape() as tape:
        tape.watch(xs[i])
        y = func(*xs)
    g = tape.gradient(y, xs[i], output_gradients=dy)
    return g if g is not None else Tensor(np.zeros_like(xs[i]._value))


def _grad(op, dy):
    # As TF: the gradient is another Python function op (one per input here), which runs
    # `func` again under a tape, so it works eagerly and inside tf.function alike.
    func = op.attrs["func"]
    return tuple(
        execute(EAGER_PY_FUNC, op.inputs + (dy,), {"func": functools.partial(_vjp, func, i),
                                                   "Tout": x.dtype, "token": next(_tokens)})
        if x.dtype.is_floating and op.needs(i) else None for i, x in enumerate(op.inputs))


EAGER_PY_FUNC = register(Op("EagerPyFunc", _call, _grad, dtypes=dtypes.ALL, same_dtype=False,
                            stateful=True))  # (Python code: never computed ahead, never shared)


def py_function(func=None, inp=None, Tout=None, name=None):
    """Wraps a Python function as an op (see the module docstring). Mirrors `tf.py_function`.

    `Tout` is the output dtype (or a list with one dtype, which gives a list back).
    Without `inp`, it is a decorator: `@tf.py_function(Tout=tf.float32)`.
    """
    if func is None:
        return lambda f: _decorated(f, Tout)
    if inp is None:
        return _decorated(func, Tout)
    return _run(func, inp, Tout)


def _decorated(func, Tout):
    @functools.wraps(func)
    def wrapper(*args):
        return _run(func, args, Tout)
    return wrapper


def _run(func, inp, Tout):
    as_list = isinstance(Tout, (list, tuple))
    outs = list(Tout) if as_list else [Tout]
    if len(outs) != 1 or outs[0] is None:
        raise NotImplementedError("tf.py_function with no output or several outputs (Tout="
                                  f"{Tout!r}) is not part of this engine: give one dtype.")
    inputs = tuple(x if isinstance(x, Tensor) else convert_to_tensor(x) for x in inp)
    if not inputs:
        raise NotImplementedError("tf.py_function without inputs is not part of this engine.")
    dtype = dtypes.as_dtype(outs[0])
    out = execute(EAGER_PY_FUNC, inputs, {"func": func, "Tout": dtype, "token": next(_tokens)})
    return [out] if as_list else out

