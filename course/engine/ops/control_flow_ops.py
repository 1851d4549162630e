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
    parts = [str(data[p]) if isinstance(p, int) else p for p in pieces]
    raise InvalidArgumentError(None, "Assert", "assertion failed: " +
                               " ".join(f"[{p}]" for p in parts))


_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _c_escape(text: str) -> str:
    """`text` as TF's Assert prints a string: C escapes (`it's` -> `it\\'s`), other text as is."""
    return "".join(_ESCAPES.get(c) or (f"\\{ord(c):03o}" if ord(c) < 32 else c) for c in text)


# No outputs: in a tf.function it runs on every call, like a print or an assignment.
ASSERT = register(Op("Assert", _assert, None, dtypes={dtypes.bool}, same_dtype=False, outputs=0))


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's name
    """Fails with `data` in the message when `condition` is false. Mirrors `tf.debugging.Assert`.

    >>> tf.debugging.Assert(tf.constant(1) > 2, ["one is not above two"])
    InvalidArgumentError: assertion failed: [one is not above two]
    """
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
                                                   "summarize": summarize or 3}, name=name)
