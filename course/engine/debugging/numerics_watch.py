"""`tf.debugging.enable_check_numerics`: every op's floating outputs checked for NaN and Inf.

    >>> tf.debugging.enable_check_numerics()
    >>> tf.math.log(tf.constant([0.0, 1.0]))
    InvalidArgumentError:

    !!! Detected Infinity or NaN in output 0 of eagerly-executing op "Log" (# of outputs: 1) !!!
      dtype: <dtype: 'float32'>
      shape: (2,)
      # of -Inf elements: 1

      Input tensor: tf.Tensor([0. 1.], shape=(2,), dtype=float32)

     : Tensor had -Inf values [Op:CheckNumericsV2]
    >>> tf.debugging.disable_check_numerics()

As in TF, the watch is an op callback (observers.py): eagerly, each op's
result is checked as soon as it is made, and a NaN or an Inf runs a
`CheckNumericsV2` op whose message says which op made it, its dtype, shape,
how many bad elements and what its inputs were. While a `tf.function` is
traced, a `CheckNumericsV2` node is added after every op with a floating
output (named `Log/CheckNumericsV2` after the node it checks); it runs when
the graph runs, even when the value is unused, and its message names the op,
the graph and the lines that made the op (TF's "Graph execution error"). A
function traced before the watch was enabled has no checks, one traced while
it was keeps them (the trace is cached), as in TF.

Not checked, as in TF: integer, boolean, string and complex outputs; the
function inputs (placeholders); eager constants (TF makes them without an
op); the ops TF lists as safe because they only move values (`Reshape`,
`Fill`, `Maximum`, ...) or as its own machinery (`Identity`, `If`, `While`,
a function call). (TF also exempts the statistics outputs of
`FusedBatchNorm`, an op the engine does not have.)

Read next: ../ops/numerics_ops.py (the CheckNumericsV2 op), ../observers.py.
"""
from __future__ import annotations

import numpy as np

from .. import observers
from ..execute import _convert_inputs, execute
from ..graph.core import FuncGraph
from ..graph.stacks import all_frames
from ..ops.numerics_ops import CHECK_NUMERICS_V2

__all__ = ["enable_check_numerics", "disable_check_numerics"]

# TF's lists (check_numerics_callback.py): ops that only move or pick values, and the ops of
# its own machinery that callbacks skip; plus the checks themselves
_NOT_CHECKED = frozenset({
    "Concat", "ConcatV2", "ExpandDims", "Fill", "Gather", "Maximum", "Minimum", "Reshape",
    "Slice", "Squeeze", "Stack", "StridedSlice", "StridedSliceGrad", "TensorListConcatV2",
    "TensorListGather", "TensorListGetItem", "TensorListPopBack", "TensorListStack",
    "Transpose", "Unpack",
    "Enter", "Exit", "Identity", "If", "LoopCond", "Merge", "NextIteration", "StatelessIf",
    "StatefulPartitionedCall", "Switch", "While", "RemoteCall", "DestroyResourceOp",
    "CheckNumerics", "CheckNumericsV2"})


class _Settings:
    def __init__(self, stack_height_limit, path_length_limit):
        self.stack_height_limit, self.path_length_limit = stack_height_limit, path_length_limit


_settings = None


def enable_check_numerics(stack_height_limit: int = 30, path_length_limit: int = 50) -> None:
    """From now on, any op whose floating output holds a NaN or an Inf raises
    InvalidArgumentError naming the op. Mirrors `tf.debugging.enable_check_numerics`.

    >>> tf.debugging.enable_check_numerics()
    >>> tf.sqrt(tf.constant(-1.0))      # InvalidArgumentError: ... op "Sqrt" ... NaN

    Works eagerly and in functions traced from now on (each op gets a check
    node). `stack_height_limit` and `path_length_limit` shorten the creation
    stack shown for a graph's op (its last frames; "..." and a file path's
    last characters). Calling it again changes nothing, as in TF.
    """
    global _settings
    if _settings is None:
        _settings = _Settings(stack_height_limit, path_length_limit)
        observers.add(_check_outputs)


def disable_check_numerics() -> None:
    """Stops checking new ops (functions already traced keep their checks). Mirrors
    `tf.debugging.disable_check_numerics`; harmless when checking was off."""
    global _settings
    _settings = None
    observers.remove(_check_outputs)


def _check_outputs(op, inputs: tuple, attrs: dict, output, graph, start_ns: int, end_ns: int):
    """The observer: eagerly, checks each floating output now; in a graph, adds a check node
    (in a TF1 graph, returns the checked outputs, which take the op's place)."""
    if op.name in _NOT_CHECKED or op.outputs == 0 or output is None:
        return
    outputs = output if isinstance(output, tuple) else (output,)
    if graph is None:
        if op.name == "Const":   # (TF makes an eager constant without running an op)
            return
        # a tf.function called eagerly is one op, named as TF names it: its outputs are checked
        # too (a function traced before checking was enabled has no checks inside)
        name = op.name if op.function is None else "__inference_" + op.name.partition("(")[2][:-1]
        for slot, tensor in enumerate(outputs):
            value = tensor._value
            if value.dtype.kind == "f" and not np.isfinite(value).all():
                message = _message(name, slot, len(outputs), tensor, _eager_inputs(op, inputs))
                execute(CHECK_NUMERICS_V2, (tensor,), {"message": message})   # (raises)
        return
    if op.function is not None:   # (a function called in a graph: its nodes are copied in,
        return                    # each checked as it was added)
    node = outputs[0]._op
    checked = []
    for slot, tensor in enumerate(outputs):
        if tensor.dtype.is_floating:
            message = _message(op.name, slot, len(outputs), tensor, tuple(node.inputs), graph, node)
            tensor = execute(CHECK_NUMERICS_V2, (tensor,), {"message": message},
                             name=f"{node.name}/CheckNumericsV2")
        checked.append(tensor)
    # A traced function runs its checks anyway (they are stateful); a TF1 graph runs only
    # what a fetch needs, so there, as in TF, the checked tensors replace the op's outputs.
    if not isinstance(graph, FuncGraph):
        return tuple(checked) if isinstance(output, tuple) else checked[0]


def _eager_inputs(op, inputs: tuple) -> tuple:
    """The op's inputs as TF shows them: tensors (Python numbers converted as `execute` does);
    a Variable the op reads or writes as its resource handle."""
    handles = tuple(_ResourceHandle(v) for v in inputs[:op.resources])
    rest = inputs[op.resources:]
    rest = _convert_inputs(rest) if rest else ()
    # (a function's captured variables come after its arguments in TF's call op)
    return rest + handles if op.function is not None else handles + rest


class _ResourceHandle:
    """How TF prints a resource input (a variable's handle), shortened."""

    def __init__(self, variable):
        self.name = getattr(variable, "_name", "Variable")

    def __str__(self) -> str:
        return f'tf.Tensor(<ResourceHandle(name="{self.name}")>, shape=(), dtype=resource)'


def _message(op_name: str, slot: int, count: int, tensor, inputs: tuple, graph=None,
             node=None) -> str:
    """TF's message (check_numerics_callback.py's layout): the op, the output's dtype and
    shape, eagerly the counts of bad elements, the inputs, in a graph where the op was made."""
    where = "graph" if graph is not None else "eagerly-executing"
    # (eagerly TF's message starts with two empty lines; a graph's error shows none there)
    lines = [] if graph is not None else ["", ""]
    lines += [f'!!! Detected Infinity or NaN in output {slot} of {where} op "{op_name}" '
              f"(# of outputs: {count}) !!!",
              f"  dtype: {tensor.dtype}", f"  shape: {tensor.shape}"]
    if graph is None:
        value = tensor._value
        inf = np.isinf(value)
        for label, n in (("-Inf", int((inf & (value < 0)).sum())),
                         ("+Inf", int((inf & (value > 0)).sum())),
                         ("+NaN", int(np.isnan(value).sum()))):
            if n:
                lines.append(f"  # of {label} elements: {n}")
    if len(inputs) == 1:
        lines += ["", f"  Input tensor: {inputs[0]!s}"]
    elif inputs:
        lines += ["", f"  Input tensors ({len(inputs)}):"]
        lines += [f"         {i}: {x!s}" for i, x in enumerate(inputs)]   # (str, not format)
    if graph is not None:
        if getattr(graph, "name", None):
            lines.append(f'  Graph name: "{graph.name}"')
        lines += _creation_stack(node)
    return "\n".join(lines) + "\n\n"


def _creation_stack(node) -> list:
    """Where the op was made, outermost first, as TF lays it out ("->" marks your code; the
    engine's own frames are left out, so every frame shown is yours)."""
    frames = all_frames(node)
    pairs = list(reversed(list(zip(frames[::2], frames[1::2]))))
    limit = _settings.stack_height_limit if _settings else 30
    lines = ["", "  Stack trace of op's creation (\"->\": inferred user code):"]
    if limit is not None and len(pairs) > limit:
        lines.append(f"    + ... (Omitted {len(pairs) - limit} frames)")
        pairs = pairs[-limit:]
    from ..autograph.conversion import CONVERTED_CODE   # (AutoGraph's code: your function's name)
    for code, lineno in pairs:
        name = CONVERTED_CODE[code][1] if code in CONVERTED_CODE else code.co_name
        lines.append(f"    + {_shorten(code.co_filename)} (L{lineno}) {name}")
        lines.append(" -> |   ")
    return lines


def _shorten(path: str) -> str:
    limit = _settings.path_length_limit if _settings else 50
    return path if limit is None or len(path) <= limit else "..." + path[len(path) - limit:]
