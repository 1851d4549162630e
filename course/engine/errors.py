"""`tf.errors`: the exception classes the engine raises, named as in TensorFlow.

TensorFlow raises `InvalidArgumentError` when an op receives inputs it cannot
work with (mismatched dtypes, incompatible shapes, an index out of range) and
appends `[Op:Name]` to the message. We do the same, and add a hint with the
usual fix where there is one:

    >>> tf.constant([1, 2]) + tf.constant([1.0, 2.0])
    InvalidArgumentError: cannot compute AddV2 as input #1(zero-based) was
    expected to be a int32 tensor but is a float tensor [Op:AddV2] ...
"""
from __future__ import annotations

__all__ = ["OpError", "InvalidArgumentError", "NotFoundError", "FailedPreconditionError",
           "OutOfRangeError", "UnimplementedError", "InternalError", "DataLossError",
           "ResourceExhaustedError", "AlreadyExistsError", "UnknownError", "UnavailableError"]


class OpError(Exception):
    """The base class of errors raised while running an op (as `tf.errors.OpError`)."""

    def __init__(self, node_def, op, message: str, *args):
        super().__init__(message)
        self.node_def = node_def
        self.op = op
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidArgumentError(OpError):
    """An op received an argument it cannot work with (dtype, shape, value)."""


class NotFoundError(OpError):
    """A file or other named thing does not exist."""


class AlreadyExistsError(OpError):
    """Something to be created already exists."""


class FailedPreconditionError(OpError):
    """The system is not in a state to run the op (e.g. an uninitialized variable)."""


class OutOfRangeError(OpError):
    """An iteration or read went past the end of its input."""


class ResourceExhaustedError(OpError):
    """Out of memory or another resource."""


class UnimplementedError(OpError):
    """The operation is not supported (by TensorFlow, or by this engine)."""


class InternalError(OpError):
    """An invariant of the engine was broken; please report it."""


class DataLossError(OpError):
    """A file is truncated or corrupted."""


class UnknownError(OpError):
    """An error that fits no other class."""


class UnavailableError(OpError):
    """What was asked for is not there now (`tf.profiler.experimental.stop()` with no
    profiler running)."""


def invalid_argument(op_name: str, message: str, hint: str | None = None) -> InvalidArgumentError:
    """Builds TF's `InvalidArgumentError` for `op_name`, with an optional fix hint."""
    text = f"{message} [Op:{op_name}]"
    if hint:
        text += f"\nHint: {hint}"
    return InvalidArgumentError(None, op_name, text)


def no_kernel(op_name: str, attrs: dict) -> NotFoundError:
    """TF's NotFoundError for an op whose definition allows a dtype that no CPU kernel takes
    (SparseAdd of uint32 values). `attrs` are the node's attrs: a DType prints as TF's enum
    name (DT_UINT32), anything else as it is.

    >>> no_kernel("SparseAdd", {"T": tf.uint32})   # Could not find device for node: ...
    """
    from .dtypes import DType, enum_name
    listed = ", ".join(f"{k}={enum_name(v) if isinstance(v, DType) else v}"
                       for k, v in attrs.items())
    return NotFoundError(None, op_name, f"Could not find device for node: {{{{node {op_name}}}}} "
                                        f"= {op_name}[{listed}] [Op:{op_name}]")


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from . import unsupported
    return unsupported.missing("errors", __name__, name)
