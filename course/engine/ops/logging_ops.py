"""`tf.print`: print tensors when the op runs (every call of a tf.function).

`PrintV2` is an op without outputs: in a traced function it runs on every
call, in program order, like an assignment. Python's `print` inside a
tf.function runs only while tracing. Tensors print as TF's runtime prints
them (`[0 1 2 ... 7 8 9]`: see string_conversion_ops.py), not as NumPy does.
"""
from __future__ import annotations

import sys

import numpy as np

from .. import dtypes
from ..execute import Op, execute
from ..tensor import Tensor
from . import register
from .string_conversion_ops import _summarize

__all__ = ["print_v2", "PRINT"]


def _print(*values, pieces=(), sep=" ", end="\n", stream="stderr", summarize=3) -> None:
    """The PrintV2 kernel: the pieces (text, or the index of a tensor), then `end`."""
    text = "".join(_summarize(np.asarray(values[p]), summarize) if isinstance(p, int) else p
                   for p in pieces)
    if stream.startswith("file://"):  # TF: output_stream="file:///path/to/log" appends there
        with open(stream[len("file://"):], "a", encoding="utf-8") as f:
            f.write(text + end)
        return
    print(text, end=end, file=sys.stdout if stream == "stdout" else sys.stderr)


PRINT = register(Op("PrintV2", _print, None, dtypes=dtypes.ALL | {dtypes.string},
                    same_dtype=False, outputs=0))


def print_v2(*inputs, output_stream=sys.stderr, summarize: int | None = 3, sep: str = " ",
             end: str = "\n", name=None):
    """Prints tensors when the op *runs* (every call of a tf.function). Mirrors `tf.print`.

    Each dimension longer than 2 * `summarize` shows its first and last
    `summarize` entries (`summarize=-1`: everything); lists, tuples and dicts
    print with their tensors' values in place.

    >>> tf.print("x is", tf.constant([1, 2]))     # to stderr, as TF
    x is [1 2]
    """
    stream = output_stream if isinstance(output_stream, str) and \
        output_stream.startswith("file://") else \
        "stdout" if output_stream in ("stdout", sys.stdout) else "stderr"
    pieces, tensors = [], []

    def add(x, top: bool) -> None:
        if isinstance(x, Tensor) or hasattr(x, "_is_variable"):
            pieces.append(len(tensors))
            tensors.append(x.read_value() if hasattr(x, "_is_variable") else x)
        elif isinstance(x, (list, tuple, dict)) and any(
                isinstance(v, Tensor) or hasattr(v, "_is_variable") or isinstance(v, (list, tuple, dict))
                for v in (x.values() if isinstance(x, dict) else x)):
            items = list(x.items()) if isinstance(x, dict) else [(None, v) for v in x]
            pieces.append("{" if isinstance(x, dict) else "[" if isinstance(x, list) else "(")
            for k, (key, value) in enumerate(items):
                if k:
                    pieces.append(", ")
                if key is not None:
                    pieces.append(f"{key!r}: ")
                add(value, False)
            pieces.append("}" if isinstance(x, dict) else "]" if isinstance(x, list) else ")")
        else:
            pieces.append(str(x) if top else repr(x))

    for i, x in enumerate(inputs):
        if i:
            pieces.append(sep)
        add(x, True)
    return execute(PRINT, tuple(tensors), {"pieces": tuple(pieces), "sep": sep, "end": end,
                                           "stream": stream,
                                           "summarize": 3 if summarize is None else int(summarize)},
                   name=name)
