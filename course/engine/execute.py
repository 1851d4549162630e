"""The one function every op goes through: `execute(op, inputs, attrs)`.

An op is a primitive like `AddV2` or `MatMul`: a NumPy forward function and a
gradient function, defined side by side in `ops/`. Calling `tf.add(x, y)` runs

    execute(ADD, (x, y))
      1. convert the inputs to tensors (Python numbers take the dtype of the
         tensor they meet: `t + 1` with a float32 `t` adds a float32 1; an
         input that is a composite of tensors, a `tf.RaggedTensor`, may run
         the op its own way instead: TF's dispatch, `_dispatch` below)
      2. check them: dtypes must match exactly (TF never promotes silently)
      3. run it: eagerly, the NumPy forward computes the value now; while a
         graph is being built (tf.function tracing, TF1 graph mode), the graph
         gets a node and returns a symbolic tensor instead
      4. tell every active GradientTape, which keeps a record for the
         backward pass.

So eager execution, the tape, `tf.function` and `Session` differ only in who
receives the record. Read next: `tape.py` (how records become gradients).
"""
from __future__ import annotations

import threading
import time

import numpy as np

from . import dtypes
from .errors import InvalidArgumentError, OpError, invalid_argument
from .context import state
from .tensor import Tensor, convert_to_tensor

__all__ = ["Op", "execute", "OpRecord", "state"]  # state: see context.py


class Op:
    """A primitive operation: TF's op-type name, NumPy forward, gradient.

    - `forward(*arrays, **attrs)` computes the output from NumPy values.
    - `grad(record, dy)` returns one gradient (a Tensor or None) per input,
      written with engine ops so that it can itself be differentiated.
    - `dtypes`: the input dtypes the op accepts (TF's allowed list).
    - `same_dtype`: all inputs must share one dtype (true for arithmetic).
    - `resources`: how many leading inputs are Variables (TF's resource
      handles): the forward receives the Variable itself, to read or change.
    - `stateful`: the result depends on more than the inputs (a variable's
      current value, a random stream): never computed ahead of time, never
      shared between two calls.
    - `outputs`: how many tensors it returns. 0 means it runs for its effect
      (an assignment, a print): in a tf.function such ops always run, in
      program order, as TF's automatic control dependencies make them.
    - `effects`: it changes something even though it has outputs (a `tf.cond`
      or `tf.while_loop` whose branch assigns a variable): it runs like an op
      without outputs, whether or not its outputs are used.
    - `function`: set on a call of a traced function (function.py): the
      graph, its inputs and the outputs wanted. A graph being built copies
      those nodes in instead of adding a call node (graph/inline.py).
    - `collections`: the graph collections a node of this op is filed under as
      a graph is built (TF's `tf.summary` ops go to "_SUMMARY_V2", which
      `tf.compat.v1.summary.all_v2_summary_ops()` reads: graph/collections.py).
    """

    __slots__ = ("name", "forward", "grad", "allowed", "same_dtype", "allowed_np", "resources",
                 "stateful", "outputs", "function", "effects", "collections")

    def __init__(self, name: str, forward, grad=None, dtypes=dtypes.NUMERIC, same_dtype: bool = True,
                 resources: int = 0, stateful: bool = False, outputs: int = 1, function=None,
                 effects: bool = False, collections: tuple = ()):
        self.name = name
        self.forward = forward
        self.grad = grad
        self.allowed = frozenset(dtypes)
        self.allowed_np = frozenset(d._np for d in dtypes)
        self.same_dtype = same_dtype
        self.resources = resources
        self.effects = effects or outputs == 0
        self.stateful = stateful or resources > 0 or self.effects
        self.outputs = outputs
        self.function = function
        self.collections = collections

    def __repr__(self) -> str:
        return f"<Op {self.name}>"


_NO_ATTRS: dict = {}


def execute(op: Op, inputs: tuple, attrs: dict = _NO_ATTRS, name: str | None = None):
    """Runs `op` on `inputs` (Tensors, Variables, Python or NumPy values).

    Returns the output Tensor (a tuple of them for ops with several outputs;
    None, or the graph's Operation while tracing, for ops without outputs).
    `name` names the graph node (`tf.add(x, y, name="total")`); eagerly there is
    no node, and TF ignores it too.
    """
    if state.observers:  # enable_check_numerics, the profiler (observers.py); off: just this check
        if not _observing.now:
            return observe(op, inputs, attrs, name)
        _observing.now = False  # (this is observe's own call: run the op, as below)
    resources = ()
    if op.resources:  # variables the op reads or writes: passed as they are
        resources, inputs = inputs[:op.resources], inputs[op.resources:]
    if state.graph is not None:
        return _add_node(op, resources, inputs, attrs, name)  # 3a. building a graph: see below

    # 1. Convert. Usually every input is already a Tensor; otherwise a tensor
    #    among the inputs lends its dtype to Python numbers (`t + 1`).
    for x in inputs:
        if type(x) is not Tensor:
            try:
                inputs = _convert_inputs(inputs)
            except TypeError as error:  # (a tf.RaggedTensor among them?)
                return _dispatch(op, inputs, attrs, error)
            break
    # 2. Check dtypes as TF does, before anything runs.
    n = len(inputs)
    if n:
        dtype = inputs[0]._value.dtype
        if dtype not in op.allowed_np:
            raise _dtype_not_allowed(op, dtype)
        if op.same_dtype and n > 1 and (n > 2 or inputs[1]._value.dtype is not dtype):
            _check_dtypes(op, inputs)  # (raises TF's error, naming the input, if they differ)
    # 3b. Eager: run the NumPy kernel now. (The arity branches only save building a
    #     list on the hot path; they compute the same thing.)
    try:
        if resources:  # (a read; an assignment; an optimizer's update)
            value = op.forward(*resources) if not n and not attrs else \
                op.forward(*resources, inputs[0]._value) if n == 1 and not attrs else \
                op.forward(*resources, *[x._value for x in inputs], **attrs)
        elif attrs:
            value = op.forward(inputs[0]._value, **attrs) if n == 1 else \
                op.forward(*[x._value for x in inputs], **attrs)
        elif n == 2:
            value = op.forward(inputs[0]._value, inputs[1]._value)
        elif n == 1:
            value = op.forward(inputs[0]._value)
        else:
            value = op.forward(*[x._value for x in inputs])
    except OpError:
        raise
    except (ValueError, IndexError, TypeError) as e:
        raise _explain(op, inputs, e) from None
    if op.outputs == 1:
        output = Tensor(value)
    elif op.outputs == 0:
        return None
    else:
        output = tuple(Tensor(v) for v in value)
    # 4. Tell the tapes, which keep a record for the backward pass.
    if state.tapes:
        record_operation(op, resources + inputs, output, attrs)
    return output


def _add_node(op: Op, resources: tuple, given: tuple, attrs: dict, name: str | None = None):
    """3a. Building a graph: add a node, compute nothing (convert and check as above)."""
    graph = state.graph
    with graph.op_scope(op, name) as name:  # variables read for the inputs: "mul/ReadVariableOp"
        inputs = given
        for x in given:
            if type(x) is not Tensor and not getattr(x, "_op", None):
                try:
                    inputs = _convert_inputs(given)
                except TypeError as error:  # (a tf.RaggedTensor among them?)
                    return _dispatch(op, given, attrs, error)
                break
    if inputs:
        _check_dtypes(op, inputs)
    output = graph.add_op(op, resources + inputs, attrs, resources + given, name)
    if given is not inputs and op.outputs and op.function is None:
        # Python numbers became Const nodes: gradients must use those
        node_inputs = (output if op.outputs == 1 else output[0])._op.inputs[len(resources):]
        inputs = tuple(x if x is g else node_x for g, x, node_x in zip(given, inputs, node_inputs))
    # Tapes record in graphs too: a GradientTape inside tf.function works.
    if state.tapes and op.outputs:
        record_operation(op, resources + inputs, output, attrs)
    return output


def _dispatch(op: Op, inputs: tuple, attrs: dict, error: TypeError):
    """TF's dispatch: an input that is no tensor but a composite of them (a `tf.RaggedTensor`)
    may run the op its own way, through its `__tf_dispatch__(op, inputs, attrs)` (for an
    elementwise op: on its flat values, ragged/dispatch.py). When none does, the conversion's
    `error` stands."""
    for x in inputs:
        method = getattr(type(x), "__tf_dispatch__", None)
        if method is not None:
            result = method(op, inputs, attrs)
            if result is not NotImplemented:
                return result
    raise error


def _check_dtypes(op: Op, inputs: tuple) -> None:
    dtype = inputs[0]._value.dtype
    if dtype not in op.allowed_np:
        raise _dtype_not_allowed(op, dtype)
    if op.same_dtype and len(inputs) > 1:
        for x in inputs:
            if x._value.dtype is not dtype and x._value.dtype != dtype:
                index = next(i for i, y in enumerate(inputs) if y is x)  # (== is elementwise)
                raise _dtype_mismatch(op, index, dtype, x._value.dtype)


_NUMBERS = (float, int)


def _convert_inputs(inputs: tuple) -> tuple:
    """Reads Variables and converts Python/NumPy values to tensors.

    A Python number takes the dtype of the first tensor among the inputs
    (TF's dtype hint), so `t + 1` adds a 1 of t's dtype. Without a tensor,
    the first value converts by its own rules and lends its dtype to the rest
    (TF's args_to_matching_eager): `tf.multiply(np.ones(3), 42)` multiplies by a
    float64 42, and `tf.add(1, np.ones(2))` adds in int32, as in TF.
    """
    if len(inputs) == 2:  # `v * x`, `t * 0.5`, `2 * x`: the common binary cases, quickly
        x, y = inputs
        same = x is y  # `v * v`: one read
        if type(x) is not Tensor and type(x) not in _NUMBERS and getattr(x, "_is_variable", False):
            x = x.read_value()
        if same:
            y = x
        elif type(y) is not Tensor and type(y) not in _NUMBERS and getattr(y, "_is_variable", False):
            y = y.read_value()
        if type(x) is Tensor:
            if type(y) is Tensor:
                return x, y
            if type(y) in _NUMBERS and x._value.dtype.kind == "f":
                return x, Tensor(x._value.dtype.type(y))
        elif type(y) is Tensor and type(x) in _NUMBERS and y._value.dtype.kind == "f":
            return Tensor(y._value.dtype.type(x)), y
        inputs = (x, y)  # (Variables read: the general rules below do the rest)
    converted = list(inputs)
    hint = None
    for i, x in enumerate(converted):
        if not isinstance(x, Tensor) and getattr(x, "_is_variable", False):
            x = converted[i] = x.read_value()
        if hint is None and isinstance(x, Tensor):  # (graph tensors are Tensor subclasses)
            hint = x
    for i, x in enumerate(converted):
        if not isinstance(x, Tensor):
            converted[i] = _convert_plain(x, hint)
            # TF: with no tensor among the inputs, the first value's dtype rules the others
            # (tf.multiply(np.ones(3), 42) is float64)
            hint = converted[i] if hint is None else hint
    return tuple(converted)


def _convert_plain(x, hint) -> Tensor:
    """A Python or NumPy value as a tensor, taking the dtype of the tensor `hint` if it fits."""
    if hint is None:
        return convert_to_tensor(x)
    if type(x) in _NUMBERS and hint._value.dtype.kind == "f":
        return Tensor(hint._value.dtype.type(x))
    if hint._value.dtype == object:  # TF: `str_t * 2` is "Cannot convert 2 to ... string"
        return convert_to_tensor(x, dtype=dtypes.string)
    if type(x) is complex:  # TF: `float_t * 1j` is "Cannot convert 1j to ... float"
        return convert_to_tensor(x, dtype=hint.dtype)
    return convert_to_tensor(x, dtype_hint=hint.dtype)


class _Observing(threading.local):
    now = False   # True from `observe` calling `execute` until `execute` starts (per thread)


_observing = _Observing()


def observe(op: Op, inputs: tuple, attrs: dict, name: str | None):
    """Runs the op through `execute` and tells every observer (observers.py) what ran, and in
    which mode. `_observing.now` tells `execute` that this call is observe's own, so it runs
    the op as usual; it clears the flag at once, so ops that run inside this one (a
    py_function's body) are observed too. (Per thread: another thread's op is its own.)"""
    observers = state.observers
    start = time.perf_counter_ns()
    _observing.now = True
    try:
        output = execute(op, inputs, attrs, name)
    finally:
        _observing.now = False
    end = time.perf_counter_ns()
    for observer in observers:
        replaced = observer(op, inputs, attrs, output, state.graph, start, end)
        if replaced is not None:   # (TF's callbacks may instrument an op's outputs)
            output = replaced
    return output


# -- errors that teach ---------------------------------------------------------
def _dtype_mismatch(op: Op, index: int, expected, got) -> Exception:
    a, b = dtypes.from_numpy(np.dtype(expected)), dtypes.as_dtype(got)
    fix = f"Convert one side first, e.g. tf.cast(x, tf.{a.name})."
    if state.graph is not None:  # TF: building a graph, the same mistake is a TypeError
        arg = "xy"[index] if index < 2 else f"#{index}"
        first = "x" if index else "y"
        return TypeError(f"Input '{arg}' of '{op.name}' Op has type {b.name} that does not match "
                         f"type {a.name} of argument '{first}'.\nHint: {fix}")
    return invalid_argument(
        op.name,
        f"cannot compute {op.name} as input #{index}(zero-based) was expected to be a "
        f"{dtypes.kernel_name(expected)} tensor but is a {dtypes.kernel_name(got)} tensor",
        f"TensorFlow never converts dtypes silently ({a.name} vs {b.name}). {fix}")


def _dtype_not_allowed(op: Op, got) -> InvalidArgumentError:
    allowed = sorted(op.allowed, key=lambda d: list(dtypes._ALL).index(d))
    names = ", ".join(dtypes.kernel_name(d._np) for d in allowed)
    hint = None
    if op.allowed <= dtypes.FLOATING and np.dtype(got).kind in "iub":
        hint = f"{op.name} needs floating point input: tf.cast(x, tf.float32) first."
    return invalid_argument(
        op.name,
        f"Value for attr 'T' of {dtypes.kernel_name(got)} is not in the list of allowed values: {names}", hint)


def _explain(op: Op, inputs: tuple, error: Exception) -> InvalidArgumentError:
    """Turns a NumPy failure into TF's error naming the op and the shapes."""
    shapes = [list(x._value.shape) for x in inputs]
    if len(inputs) == 2 and "broadcast" in str(error):
        return invalid_argument(
            op.name, f"Incompatible shapes: {_dims(shapes[0])} vs. {_dims(shapes[1])}",
            "shapes broadcast when, aligned from the right, each pair of dimensions is equal "
            "or one of them is 1; reshape or tf.expand_dims one side to make them line up.")
    detail = ", ".join(f"input #{i} shape {_dims(s)}" for i, s in enumerate(shapes))
    return invalid_argument(op.name, f"{error} ({detail})")


def _dims(shape: list) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


# The tape needs ops for its backward pass and ops need `execute`: import the tape last.
from .tape import OpRecord, record_operation  # noqa: E402,F401 - OpRecord re-exported
