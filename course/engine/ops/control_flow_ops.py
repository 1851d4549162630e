"""Control flow that is not a branch or a loop: `tf.group`'s NoOp, and `Assert`.

`tf.cond` and `tf.switch_case` live in cond_ops.py, `tf.while_loop` in
while_ops.py; the graphs their nodes hold, in branch_graphs.py.

Read next: ../graph/core.py (control dependencies), ../function.py.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import InvalidArgumentError
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register

__all__ = ["NO_OP", "group", "ASSERT", "Assert"]

# Does nothing; in a graph its control inputs are what runs (TF1's `init`, `tf.group`).
NO_OP = register(Op("NoOp", lambda: None, None, dtypes=dtypes.ALL, outputs=0))


def group(*inputs, name=None):
    """An op that runs all of `inputs`. Mirrors `tf.group`.

    Eagerly everything already ran, so it returns None (as TF does); in a
    graph it is a NoOp whose control inputs are the grouped ops.
    """
    from ..graph.scopes import control_dependencies
    with control_dependencies([x for x in inputs if x is not None]):
        return execute(NO_OP, (), name=name)


# -- Assert: fails the run when its condition is false -------------------------------------------
def _assert(condition, *data, pieces=(), summarize=3) -> None:
    if bool(np.all(condition)):
        return
    parts = [summarize_value(data[p], summarize) if isinstance(p, int) else p for p in pieces]
    raise InvalidArgumentError(None, "Assert", "assertion failed: " +
                               " ".join(f"[{p}]" for p in parts))


def summarize_value(array: np.ndarray, limit: int = 3) -> str:
    """The first `limit` elements of `array` as TF's kernels print a tensor (its SummarizeValue).

    Elements are separated by spaces, each row of a matrix in its own brackets,
    and `...` marks what was left out: `[[1 2][3...]]...` for the first 3 of a
    2x2x2 tensor. A negative `limit` prints everything.
    """
    array = np.asarray(array)
    flat, size = array.reshape(-1), array.size
    limit = size if limit < 0 else min(limit, size)
    if array.ndim == 0:
        return " ".join(_element(v) for v in flat[:limit]) + ("..." if size > limit else "")
    out, done = [], [0]  # (done: how many elements are printed so far)

    def one_dim(dim: int) -> None:
        if done[0] >= limit:
            return
        if dim == array.ndim - 1:  # the innermost dimension: the elements themselves
            for i in range(array.shape[dim]):
                if done[0] >= limit:
                    out.append("..." if dim else "")  # (the outermost "..." comes at the end)
                    return
                out.append((" " if i else "") + _element(flat[done[0]]))
                done[0] += 1
            return
        for _ in range(array.shape[dim]):
            opened = done[0] < limit
            out.append("[" if opened else "")
            one_dim(dim + 1)
            out.append("]" if opened or done[0] < limit else "")

    one_dim(0)
    return "".join(out) + ("..." if size > limit else "")


def _element(v) -> str:
    """One element as TF prints it: bools as 1/0, floats in the fewest digits that read back
    the same (6 or 9 for float32, 15 or 17 for float64), strings with C escapes."""
    if isinstance(v, (bytes, str)):
        return _c_escape(v.decode(errors="replace") if isinstance(v, bytes) else v)
    if isinstance(v, (np.bool_, bool)):
        return "1" if v else "0"
    if isinstance(v, np.floating):
        short, full = (15, 17) if v.dtype == np.float64 else (6, 9)
        text = f"{v:.{short}g}"
        return text if np.isnan(v) or type(v)(text) == v else f"{v:.{full}g}"
    return str(v)


_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _c_escape(text: str) -> str:
    """`text` as TF's Assert prints a string: C escapes (`it's` -> `it\\'s`), other text as is."""
    return "".join(_ESCAPES.get(c) or (f"\\{ord(c):03o}" if ord(c) < 32 else c) for c in text)


# No outputs: in a tf.function it runs on every call, like a print or an assignment.
ASSERT = register(Op("Assert", _assert, None, dtypes={dtypes.bool}, same_dtype=False, outputs=0))


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's name
    """Fails with `data` in the message when `condition` is false. Mirrors `tf.debugging.Assert`.

    >>> tf.debugging.Assert(tf.constant(1) > 2, ["one is not above two"])
    InvalidArgumentError: Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. ...

    Eagerly it checks at once and returns None (TF's Python does the same,
    with its own message); in a `tf.function` it is an `Assert` op that fails
    when the graph runs: `assertion failed: [one is not above two]`.
    """
    from ..graph.core import executing_eagerly
    if executing_eagerly():
        if not condition:
            texts = [_summarize_eager(convert_to_tensor(x), summarize) for x in data]
            raise InvalidArgumentError(None, None, f"Expected '{condition!s}' to be true. "
                                       "Summarized data: " + "\n".join(texts))
        return None
    condition = condition if isinstance(condition, Tensor) else convert_to_tensor(condition)
    pieces, tensors = [], []
    for x in data:
        if isinstance(x, Tensor) or hasattr(x, "_is_variable"):
            pieces.append(len(tensors))
            tensors.append(x.read_value() if hasattr(x, "_is_variable") else x)
        else:
            # TF: a string in `data` is a string tensor, printed with C escapes
            pieces.append(_c_escape(x.decode() if isinstance(x, bytes) else str(x)))
    return execute(ASSERT, (condition, *tensors), {"pieces": tuple(pieces),
                                                   "summarize": 3 if summarize is None else summarize},
                   name=name)


def _summarize_eager(x: Tensor, summarize) -> str:
    """`x` in an eager Assert's message: its first elements as NumPy prints them, comma-separated
    (TF: "1.5, 2.0, 3.0, ..."); a negative `summarize` shows them all."""
    summarize = 3 if summarize is None else x._value.size if summarize < 0 else summarize
    values = x.numpy()
    if np.ndim(values) == 0:
        return str(values) if summarize else ""
    flat = np.asarray(values).reshape(-1)
    texts = [str(v) for v in flat[:summarize]]
    return ", ".join(texts + (["..."] if len(texts) < flat.size else []))
