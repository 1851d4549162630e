"""`tf.debugging.check_numerics`: the `CheckNumerics` op, which fails on NaN or Inf.

Its output is its input, unchanged; its gradient is the upstream gradient,
checked the same way (so a NaN that appears only in the backward pass is
caught too, with "detected in gradient" in the message). `CheckNumericsV2`
is the same check telling -Inf from +Inf ("Tensor had -Inf and NaN values"):
the op `tf.debugging.enable_check_numerics` puts after every op
(debugging/numerics_watch.py).

Read next: ../debugging/ (the other checks a learner uses to find a bug).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from . import register

__all__ = ["CHECK_NUMERICS", "CHECK_NUMERICS_V2", "check_numerics", "found_non_finite"]


def _check_numerics(x: np.ndarray, message: str = "") -> np.ndarray:
    nan, inf = bool(np.isnan(x).any()), bool(np.isinf(x).any())
    if nan or inf:
        # TF names what it found: "Inf and NaN", "Inf" or "NaN"
        found = "Inf and NaN" if nan and inf else "Inf" if inf else "NaN"
        raise invalid_argument("CheckNumerics", f"{message} : Tensor had {found} values")
    return x


def _check_numerics_grad(record, dy):
    # d(x)/dx = 1, but the gradient is checked too, by the same kind of op (CheckNumerics or
    # CheckNumericsV2): TF's message quotes the forward's message as Python prints the op's
    # bytes attribute (b'...')
    message = record.attrs["message"]
    checked = "Not a number (NaN) or infinity (Inf) values detected in gradient. " \
              f"{message.encode()!r}"
    return [execute(_GRADIENT_CHECKS[record.op.name], (dy,), {"message": checked})]


# Stateful in TF: in a tf.function it runs on every call even when its output goes unused.
CHECK_NUMERICS = register(Op("CheckNumerics", _check_numerics, _check_numerics_grad,
                             dtypes=dtypes.FLOATING, effects=True))
# The gradient's check: the same op and kernel, run because the gradient is its output. (Not
# an op "with effects": a traced function's forward pass and gradient share one graph
# (call_ops.py), and the forward call runs every such op, but has no gradient to check yet.)
_GRADIENT_CHECK = Op("CheckNumerics", _check_numerics, _check_numerics_grad,
                     dtypes=dtypes.FLOATING, stateful=True)


def found_non_finite(x: np.ndarray) -> str:
    """What CheckNumericsV2 names: "-Inf", "+Inf", "NaN", listed as TF lists them
    ("-Inf and NaN", "-Inf, +Inf, and NaN"); "" for a finite tensor."""
    inf = np.isinf(x)
    found = [name for name, present in (("-Inf", (inf & (x < 0)).any()),
                                        ("+Inf", (inf & (x > 0)).any()),
                                        ("NaN", np.isnan(x).any())) if present]
    if len(found) < 3:
        return " and ".join(found)
    return ", ".join(found[:-1]) + ", and " + found[-1]


def _check_numerics_v2(x: np.ndarray, message: str = "") -> np.ndarray:
    if not np.isfinite(x).all():
        raise invalid_argument("CheckNumericsV2",
                               f"{message} : Tensor had {found_non_finite(x)} values")
    return x


CHECK_NUMERICS_V2 = register(Op("CheckNumericsV2", _check_numerics_v2, _check_numerics_grad,
                                dtypes=dtypes.FLOATING, effects=True))
_GRADIENT_CHECKS = {"CheckNumerics": _GRADIENT_CHECK,
                    "CheckNumericsV2": Op("CheckNumericsV2", _check_numerics_v2,
                                          _check_numerics_grad, dtypes=dtypes.FLOATING,
                                          stateful=True)}


def check_numerics(tensor, message: str, name: str | None = None):
    """`tensor` itself, or an InvalidArgumentError if it holds a NaN or an Inf.
    Mirrors `tf.debugging.check_numerics`.

    >>> tf.debugging.check_numerics(tf.constant([1.0, np.nan]), "after the log")
    InvalidArgumentError: after the log : Tensor had NaN values [Op:CheckNumerics]

    In a `tf.function` the check runs when the graph runs. Its gradient checks
    the gradient flowing back through it the same way.
    """
    return execute(CHECK_NUMERICS, (tensor,), {"message": str(message)}, name=name)
