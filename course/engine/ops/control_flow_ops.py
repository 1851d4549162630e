"""Control flow: `tf.group`'s NoOp (and, as they come, cond and while_loop).

Read next: ../graph/core.py (control dependencies), ../function.py.
"""
from __future__ import annotations

from .. import dtypes
from ..execute import Op, execute
from . import register

__all__ = ["NO_OP", "group"]

# Does nothing; in a graph its control inputs are what runs (TF1's `init`, `tf.group`).
NO_OP = register(Op("NoOp", lambda: None, None, dtypes=dtypes.ALL, outputs=0))


def group(*inputs, name=None):
    """An op that runs all of `inputs`. Mirrors `tf.group`.

    Eagerly everything already ran, so it returns None (as TF does); in a
    graph it is a NoOp whose control inputs are the grouped ops.
    """
    from ..graph.core import control_dependencies
    with control_dependencies([x for x in inputs if x is not None]):
        return execute(NO_OP, ())
