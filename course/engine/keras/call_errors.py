"""Errors raised inside a layer's `call`, with the arguments it received (as Keras 3 reports them).

When a layer's `call` fails, Keras 3 raises the error again, of the same
class, with a message that names the layer's call, keeps the original
message (in bold) and lists the arguments, tensors by shape and dtype:

    InvalidArgumentError: Exception encountered when calling FlexibleDense.call().

    Matrix size-incompatible: In[0]: [1,4], In[1]: [3,3] [Op:MatMul]

    Arguments received by FlexibleDense.call():
      • inputs=tf.Tensor(shape=(1, 4), dtype=float32)
      • training=None

Only the innermost failing call adds this (a model's call that fails in one
of its layers names that layer). A class that cannot be made from a message
becomes a RuntimeError, as in Keras.
"""
from __future__ import annotations

import inspect

from ..errors import OpError
from ..tensor import Tensor

__all__ = ["with_call_arguments"]


def with_call_arguments(layer, error: Exception, args: tuple, kwargs: dict) -> Exception | None:
    """The error to raise for `error`, raised by `layer.call(*args, **kwargs)`; None to raise
    `error` as it is (an inner layer's call failed and has said so already)."""
    if hasattr(error, "_keras_call_info_injected"):
        return None
    signature = inspect.signature(layer.call)
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        return None
    arguments = [f"  • {name}={_shown(bound.arguments[name]) if name in bound.arguments else p.default}"
                 for name, p in signature.parameters.items()]
    if not arguments:
        return None
    if isinstance(error, OpError):
        message = error.message
    else:
        message = error.args[0] if error.args else ""
    where = f"{type(layer).__name__}.call()"
    text = (f"Exception encountered when calling {where}.\n\n\x1b[1m{message}\x1b[0m\n\n"
            f"Arguments received by {where}:\n" + "\n".join(arguments))
    if isinstance(error, OpError):
        new = type(error)(error.node_def, error.op, text)
    else:
        try:
            new = type(error)(text)
        except TypeError:  # (a class of its own that takes other arguments)
            new = RuntimeError(text)
    new._keras_call_info_injected = True
    return new.with_traceback(error.__traceback__)


def _shown(value):
    """A tensor as `tf.Tensor(shape=(1, 4), dtype=float32)`, anything else by its repr; lists,
    tuples and dicts item by item (Keras maps over the structure, so their items are strings)."""
    if isinstance(value, (list, tuple)):
        return type(value)(_shown(v) if isinstance(v, (list, tuple, dict)) else _text(v)
                           for v in value)
    if isinstance(value, dict):
        return {k: _shown(v) if isinstance(v, (list, tuple, dict)) else _text(v)
                for k, v in value.items()}
    return _text(value)


def _text(value) -> str:
    if isinstance(value, Tensor) or getattr(value, "_is_variable", False):
        return f"tf.Tensor(shape={value.shape}, dtype={value.dtype.name})"
    return repr(value)
