"""Where each graph node was made, and TF's "Graph execution error" that says so.

An op that fails while a traced function runs happened long after the line
that made it. TensorFlow keeps, for every node, the stack of the code that
created it (`tf.Operation.traceback`), and the error of a failed call names
the node and those lines, the user's own frames only:

    InvalidArgumentError: Graph execution error:

    Detected at node GatherV2 defined at (most recent call last):
      File "train.py", line 7, in <module>

      File "train.py", line 5, in k

    indices = 7 is not in [0, 3)
    	 [[{{node GatherV2}}]] [Op:__inference_k_13]

Here too: each new node keeps `creation_frames()` (code object and line of
each frame outside the engine, the ones above a trace kept once per graph), and
the call op of a traced function turns a kernel's error into this message
(`graph_execution_error`). Frames of AutoGraph's converted code carry your
file and line; a loop body is named after the function it was written in.
"""
from __future__ import annotations

import os
import sys

from ..errors import OpError

__all__ = ["in_engine", "creation_frames", "trace_root", "all_frames", "graph_execution_error",
           "without_op_name"]

# (spelled as Python spells the engine's code objects' file names: as this module's own)
_ENGINE = os.path.dirname(os.path.dirname(__file__)) + os.sep


def in_engine(code) -> bool:
    """Whether `code` is the engine's own (left out of the frames shown to users, as TF
    leaves out its own)."""
    return code.co_filename.startswith(_ENGINE)


def _frames_from(frame, root=None) -> tuple:
    """The frames outside the engine from `frame` outwards, innermost first, as one flat tuple
    (code, line, code, line, ...); at a frame running `root`, None ends it instead."""
    frames = []
    while frame is not None:
        code = frame.f_code
        if code is root:
            frames.append(None)
            break
        if not in_engine(code):
            frames += (code, frame.f_lineno)
        frame = frame.f_back
    return tuple(frames)


def creation_frames(graph) -> tuple:
    """Where a node of `graph` is being made: the frames outside the engine on the current
    stack, innermost first (one small tuple per node).

    A traced function's nodes share the frames above the trace (the line that
    called the function, and its callers): the walk stops at the frame that
    began the trace (`graph.frames_root`) and ends the tuple with None,
    meaning "and then `graph.outer_frames`" (kept once per graph).
    """
    return _frames_from(sys._getframe(1), graph.frames_root)


def trace_root() -> tuple:
    """(the code of the frame that is making a new graph, the frames above it): what
    `creation_frames` stops at, and what it leaves to the graph."""
    frame = sys._getframe(1)
    while frame.f_code.co_name == "__init__":  # (the graph classes' constructors)
        frame = frame.f_back
    return frame.f_code, _frames_from(frame.f_back)


def all_frames(node) -> tuple:
    """The frames where `node` was made, all of them (its own, then its graph's)."""
    frames = node.frames
    return frames[:-1] + node.graph.outer_frames if frames and frames[-1] is None else frames


def graph_execution_error(error: OpError, function_name: str) -> OpError:
    """TF's error for `error`, raised by a node's kernel (`error.failed_node`, graph/run.py)
    while the traced function `function_name` ran: the node, where it was made, the kernel's
    message."""
    from ..autograph.conversion import CONVERTED_CODE
    node = error.failed_node
    lines = ["Graph execution error:", "",
             f"Detected at node {error.node_path} defined at (most recent call last):"]
    frames = all_frames(node)
    for code, lineno in reversed(list(zip(frames[::2], frames[1::2]))):
        name = CONVERTED_CODE[code][1] if code in CONVERTED_CODE else code.co_name
        lines += [f'  File "{code.co_filename}", line {lineno}, in {name}', ""]
    message, _, hint = error.kernel_message.partition("\nHint: ")
    lines.append(without_op_name(message))
    lines.append(f"\t [[{{{{node {error.node_path}}}}}]] [Op:{function_name}]")
    if hint:
        lines.append(f"Hint: {hint}")
    return type(error)(None, None, "\n".join(lines))


def without_op_name(message: str) -> str:
    """A kernel's message without the `[Op:Name]` that eager errors end with (a graph's
    errors name the node instead: here, and shape_errors.py)."""
    head, sep, tail = message.rpartition(" [Op:")
    return head if sep and tail.endswith("]") and "\n" not in tail else message
