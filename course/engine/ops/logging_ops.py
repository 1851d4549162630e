"""`tf.print`: print tensors when the op runs (every call of a tf.function).

`PrintV2` is an op without outputs: in a traced function it runs on every
call, in program order, like an assignment. Python's `print` inside a
tf.function runs only while tracing.
"""
from __future__ import annotations

import sys

import numpy as np

from .. import dtypes
from ..execute import Op, execute
from ..tensor import Tensor
from . import register

__all__ = ["print_v2", "PRINT"]


def _print(*values, pieces=(), sep=" ", end="\n", stream="stderr") -> None:
    """The PrintV2 kernel: tf.print's formatting (tensors as NumPy prints them)."""
    parts = [values[p] if isinstance(p, int) else p for p in pieces]
    text = sep.join(str(np.asarray(v)) if isinstance(v, (np.ndarray, np.generic)) else str(v)
                    for v in parts)
    if stream.startswith("file://"):  # TF: output_stream="file:///path/to/log" appends there
        with open(stream[len("file://"):], "a", encoding="utf-8") as f:
            f.write(text + end)
        return
    print(text, end=end, file=sys.stdout if stream == "stdout" else sys.stderr)


PRINT = register(Op("PrintV2", _print, None, dtypes=dtypes.ALL | {dtypes.string},
                    same_dtype=False, outputs=0))


def print_v2(*inputs, output_stream=sys.stderr, sep: str = " ", end: str = "\n", name=None):
    """Prints tensors when the op *runs* (every call of a tf.function). Mirrors `tf.print`.

    >>> tf.print("x is", tf.constant([1, 2]))     # to stderr, as TF
    x is [1 2]
    """
    stream = output_stream if isinstance(output_stream, str) and \
        output_stream.startswith("file://") else \
        "stdout" if output_stream in ("stdout", sys.stdout) else "stderr"
    pieces, tensors = [], []
    for x in inputs:
        if isinstance(x, Tensor) or hasattr(x, "_is_variable"):
            pieces.append(len(tensors))
            tensors.append(x.read_value() if hasattr(x, "_is_variable") else x)
        else:
            pieces.append(str(x))
    return execute(PRINT, tuple(tensors), {"pieces": tuple(pieces), "sep": sep, "end": end,
                                           "stream": stream})
