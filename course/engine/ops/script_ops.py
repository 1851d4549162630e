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
`EagerPyFunc` op, so that it also works inside a `tf.function`). `Tout=[]` runs the
function for its effect (no output); a list of several dtypes gives a list of tensors
(these two forms have no gradient here).
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


# (Python code: never computed ahead, never shared; it may take and give strings, as TF's)
EAGER_PY_FUNC = register(Op("EagerPyFunc", _call, _grad, dtypes=dtypes.ALL_AND_STRING,
                            same_dtype=False, stateful=True))


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


def _call_many(*arrays, func, Tout, token):
    with init_scope():
        result = func(*[Tensor(a) for a in arrays])
        if not Tout:
            return None  # (run for its effect: Tout=[])
        return tuple(convert_to_tensor(r, dtype=t)._value for r, t in zip(result, Tout))


# TF's EagerPyFunc has a list of outputs; the table's op has one (and a gradient). A call with
# none (run for its effect, `Tout=[]`) or several is the same op type with that many outputs,
# made once per count; these have no gradient.
_MANY: dict = {}


def _many(n: int) -> Op:
    if n not in _MANY:
        _MANY[n] = Op("EagerPyFunc", _call_many, None, dtypes=dtypes.ALL_AND_STRING,
                      same_dtype=False, stateful=True, outputs=n)
    return _MANY[n]


def _run(func, inp, Tout):
    as_list = isinstance(Tout, (list, tuple))
    outs = list(Tout) if as_list else [Tout]
    if any(out is None for out in outs):
        raise TypeError(f"tf.py_function: Tout must be a dtype or a list of dtypes, got {Tout!r}")
    inputs = tuple(x if isinstance(x, Tensor) else convert_to_tensor(x) for x in inp)
    if len(outs) != 1 or not inputs:
        kinds = tuple(dtypes.as_dtype(out) for out in outs)
        out = execute(_many(len(kinds)), inputs, {"func": func, "Tout": kinds,
                                                  "token": next(_tokens)})
        return [] if not kinds else list(out) if len(kinds) > 1 else [out]
    dtype = dtypes.as_dtype(outs[0])
    out = execute(EAGER_PY_FUNC, inputs, {"func": func, "Tout": dtype, "token": next(_tokens)})
    return [out] if as_list else out

