"""Small helpers the checkers share: reading tensors, numbers, text and pairs.

Checkers read answers through the public API only (`.numpy()`, `.dtype.name`,
`.shape`), so a tensor computed with real TensorFlow is judged the same way.
Hints are written in English inside `tr(...)` (`course/i18n`), which gives them in
the notebook's language. Read next: `checks.py`, which runs a checker and prints
its verdict.
"""
from __future__ import annotations

import math
import re

import numpy as np

from course.i18n import tr


def is_tensor_like(x) -> bool:
    """A tensor or Variable (of this engine or of TensorFlow): has numpy, dtype and shape."""
    return hasattr(x, "numpy") and hasattr(x, "dtype") and hasattr(x, "shape")


def tensor_hint(answer, dtype: str, shape: tuple, values=None, tol: float = 1e-6) -> str | None:
    """A hint if `answer` is not a tensor of that dtype, shape (and values); else None."""
    if not is_tensor_like(answer):
        return tr("expected a tensor, got a {kind}.", kind=type(answer).__name__)
    if answer.dtype.name != dtype:
        return tr("expected dtype {want}, got {got}.", want=dtype, got=answer.dtype.name)
    if tuple(answer.shape) != tuple(shape):
        return tr("expected shape {want}, got {got}.", want=tuple(shape), got=tuple(answer.shape))
    if values is not None and not np.allclose(answer.numpy(), values, atol=tol, rtol=tol):
        return tr("right dtype and shape, but some values are off.")
    return None


def number(x) -> float:
    """A Python float from a number or a scalar tensor."""
    return float(x.numpy()) if is_tensor_like(x) else float(x)


def close(x, expected: float, tol: float = 1e-4) -> bool:
    return math.isclose(number(x), expected, rel_tol=tol, abs_tol=tol)


def text(x) -> str:
    """A string answer with its spacing normalized and surrounding backticks removed."""
    return re.sub(r"\s+", " ", str(x)).strip().strip("`").strip()


def pair(answer, what: str) -> tuple:
    """The two items of a pair answer, or a TypeError naming what was expected."""
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise TypeError(tr("expected a pair ({what}).", what=what))
    return tuple(answer)


def function_hint(answer, exercise_id: str, name: str) -> str | None:
    """A hint when a function was expected but something else came."""
    if callable(answer):
        return None
    return tr("pass the function itself: check({call}).", call=f"{exercise_id!r}, {name}")
