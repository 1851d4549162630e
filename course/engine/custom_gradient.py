"""`tf.custom_gradient`: a function that brings its own gradient.

    >>> @tf.custom_gradient
    ... def clip_gradients(y):
    ...     def backward(dy):
    ...         return tf.clip_by_norm(dy, 0.5)
    ...     return y, backward

The function runs with the tapes paused, so none of its inner ops is recorded.
Its result then goes through one more op, TF's `IdentityN`: it passes the
value on unchanged, takes the function's inputs as extra inputs, and its
gradient is `backward`. Tapes record it like any op, and inside `tf.function`
it is a node of the graph, so differentiating the finished function (or a
Keras model that runs it) uses `backward` too. The backward pass (tape.py)
only ever calls `record.op.grad(record, dy)`.

Limits (documented in docs/engine-api.md): one output tensor; no `variables=`
argument for gradients of Variables read inside; a SavedModel keeps the node
and a key for `backward` (a Python function, which is not saved): loaded in
the same process the gradient is `backward` again, in another one the loaded
function differentiates the ops inside instead.
"""
from __future__ import annotations

import functools
import inspect

from . import dtypes
from .context import state
from .execute import Op, execute
from .ops import register
from .tensor import Tensor, convert_to_tensor

__all__ = ["custom_gradient"]


def _identity_n(y, *inputs, grad_fn=None):
    return y  # the value passes unchanged: only the gradient is the function's own


def _grad(record, dy):
    grad_fn = record.attrs.get("grad_fn")
    if grad_fn is None:  # (a loaded graph: the Python function was not saved)
        return (dy,) + (None,) * (len(record.inputs) - 1)
    grads = grad_fn(dy)
    grads = tuple(grads) if isinstance(grads, (list, tuple)) else (grads,)
    if len(grads) != len(record.inputs) - 1:
        raise ValueError(f"custom_gradient function expected to return {len(record.inputs) - 1} "
                         f"gradients, but returned {len(grads)} instead.")
    # nothing flows into the ops inside f: `backward` replaces their gradients
    return (None,) + tuple(None if g is None else convert_to_tensor(g) for g in grads)


IDENTITY_N = register(Op("IdentityN", _identity_n, _grad, dtypes=dtypes.ALL_AND_STRING,
                         same_dtype=False))

# A graph saved to a file names its custom gradients by key (as TF's "CustomGradient-<id>"):
# loaded in the same Python process, the node finds its function again; elsewhere it has none.
_SAVED: dict = {}


def saved_key(grad_fn) -> str:
    """The name a saved graph gives `grad_fn` (kept for this process, as TF's registry does)."""
    key = f"CustomGradient-{id(grad_fn)}"
    _SAVED[key] = grad_fn
    return key


def saved_function(key: str):
    """The gradient function saved as `key` in this process, or None."""
    return _SAVED.get(key)


def custom_gradient(f=None):
    """Decorates `f(*x) -> (y, grad_fn)` so that gradients of y use `grad_fn(dy)`.

    Mirrors `tf.custom_gradient`: `grad_fn` returns one gradient per input of `f`.
    """
    if f is None:
        return custom_gradient
    @functools.wraps(f)
    def decorated(*args, **kwargs):
        paused = [t for t in state.tapes if t._recording]
        for tape in paused:
            tape._recording = False
        try:
            result, grad_fn = f(*args, **kwargs)
        finally:
            for tape in paused:
                tape._recording = True
        if isinstance(result, (list, tuple)):
            raise NotImplementedError("tf.custom_gradient with several outputs is not part "
                                      "of this engine: return one tensor.")
        if "variables" in inspect.signature(grad_fn).parameters:
            raise NotImplementedError("tf.custom_gradient with a `variables` argument (gradients "
                                      "for Variables read inside) is not part of this engine.")
        inputs = tuple(a.read_value() if hasattr(a, "_is_variable") else a for a in args
                       if isinstance(a, Tensor) or hasattr(a, "_is_variable"))
        return execute(IDENTITY_N, (convert_to_tensor(result),) + inputs, {"grad_fn": grad_fn})
    return decorated
