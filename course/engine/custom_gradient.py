"""`tf.custom_gradient`: a function that brings its own gradient.

    >>> @tf.custom_gradient
    ... def clip_gradients(y):
    ...     def backward(dy):
    ...         return tf.clip_by_norm(dy, 0.5)
    ...     return y, backward

The function runs with the tapes paused, so none of its inner ops is recorded;
then each tape gets a single record from the inputs to the output whose
gradient function is `backward`. The backward pass (tape.py) treats it like
any op: it only ever calls `record.op.grad(record, dy)`.

Limits (documented in docs/engine-api.md): one output tensor; no `variables=`
argument for gradients of Variables read inside; inside `tf.function` the
custom gradient is seen by tapes recording during the trace, not when the
finished graph is replayed under an outer tape.
"""
from __future__ import annotations

import functools
import inspect

from .context import state
from .execute import Op
from .ops import array_ops
from .tape import record_operation
from .tensor import Tensor, convert_to_tensor

__all__ = ["custom_gradient"]


def _grad(record, dy):
    grads = record.attrs["grad_fn"](dy)
    grads = tuple(grads) if isinstance(grads, (list, tuple)) else (grads,)
    if len(grads) != len(record.inputs):
        raise ValueError(f"custom_gradient function expected to return {len(record.inputs)} "
                         f"gradients, but returned {len(grads)} instead.")
    return tuple(None if g is None else convert_to_tensor(g) for g in grads)


# Not a primitive of the op table (it is never executed): only a record with a gradient.
CUSTOM_GRADIENT = Op("CustomGradient", None, _grad)


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
            if isinstance(result, (list, tuple)):
                raise NotImplementedError("tf.custom_gradient with several outputs is not part "
                                          "of this engine: return one tensor.")
            out = array_ops.identity(result)  # a tensor of our own, made while nothing records
        finally:
            for tape in paused:
                tape._recording = True
        if "variables" in inspect.signature(grad_fn).parameters:
            raise NotImplementedError("tf.custom_gradient with a `variables` argument (gradients "
                                      "for Variables read inside) is not part of this engine.")
        inputs = tuple(a for a in args if isinstance(a, Tensor) or hasattr(a, "_is_variable"))
        inputs = tuple(a.read_value() if hasattr(a, "_is_variable") else a for a in inputs)
        if state.tapes:
            record_operation(CUSTOM_GRADIENT, inputs, out, {"grad_fn": grad_fn})
        return out
    return decorated
