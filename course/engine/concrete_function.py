"""`ConcreteFunction`: one traced graph, called like a Python function. Mirrors TF's.

    >>> square = tf.function(lambda x: x * x).get_concrete_function(tf.TensorSpec([], tf.float32))
    >>> square(tf.constant(3.0))
    <tf.Tensor: shape=(), dtype=float32, numpy=9.0>
    >>> print(square)                 # its signature, in TF's format

`tf.function` (function.py) traces and caches these, one per call
signature. Calling one checks the call against the trace (TF's binding
rules: the Python values built in, the dtypes and shapes of the tensors),
then runs the graph as one op, a function call, through `execute`
(ops/call_ops.py).
"""
from __future__ import annotations

import inspect

import numpy as np

from . import dtypes
from .errors import InvalidArgumentError
from .execute import Op, execute
from .function import TensorSpec, _composite_spec, _feeds, _flatten, _map
from .graph import FuncGraph, SymbolicTensor
from .ops.call_ops import as_tuple, call_op, recording_call_op
from .tape import could_possibly_record, variable_accessed
from .tensor import Tensor, TensorShape, convert_to_tensor

__all__ = ["ConcreteFunction"]


class ConcreteFunction:
    """One traced graph with its input and output structure. Mirrors TF's ConcreteFunction.

    `graph.get_operations()` lists the equations; calling it runs them.
    """

    def __init__(self, graph: FuncGraph, structured_outputs, input_specs):
        self.graph = graph
        self.structured_outputs = structured_outputs
        self.structured_input_signature = input_specs
        self._call = None        # the call op (built on first call)
        self._recording = None   # the call op that also returns what its gradient needs
        self._captured = None    # the variables the graph captures, fed on every call

    @property
    def inputs(self) -> list:
        """The graph's inputs: the arguments', then the captured variables' handles (as TF)."""
        return list(self.graph.inputs) + [self.graph._handles[id(v)]
                                          for v in self.graph.captured_variables]

    @property
    def outputs(self) -> list:
        return list(self.graph.outputs)

    @property
    def variables(self) -> tuple:
        """The variables the graph captures (reads or writes)."""
        return tuple(self.graph.captured_variables)

    @property
    def name(self) -> str:
        return self.graph.name

    def __call__(self, *args, **kwargs):
        self._check_literals(args, kwargs)
        flat = _flatten(args) + _flatten(kwargs)
        feeds = _feeds(flat)
        if len(feeds) != len(self.graph.inputs):
            raise TypeError(f"{self.name}: expected {len(self.graph.inputs)} tensor argument(s), "
                            f"got {len(feeds)}.")
        return self._call_flat(feeds)

    def _check_literals(self, args: tuple, kwargs: dict) -> None:
        """TF binds a call to the traced signature: a Python value given again (`b=3`) must be
        the one traced (`Literal[2]`), since the graph has it built in."""
        parameters = getattr(self, "_parameters", None)
        if not parameters:
            return
        traced_args, traced_kwargs = self.structured_input_signature
        names = [name for name, _ in parameters]
        traced = dict(zip(names, list(traced_args) + list(traced_kwargs.values())))
        given = dict(zip(names, args), **kwargs)
        for name, value in given.items():
            literal = traced.get(name)
            if isinstance(literal, _LITERALS) and isinstance(value, _LITERALS) and (
                    type(literal) is not type(value) or literal != value):
                raise TypeError(f"Binding inputs to tf.function failed due to `Can not cast "
                                f"{value!r} to Literal[{literal!r}]`. Received args: {args} and "
                                f"kwargs: {kwargs} for the concrete function {self.name!r}, "
                                f"traced with {name}={literal!r}.")

    def _call_flat(self, feeds: list, checked: bool = False):
        """Calls the graph on `feeds` (one tensor or Variable per graph input)."""
        if not checked:
            for i, (x, p) in enumerate(zip(feeds, self.graph.inputs)):
                self._check_feed(x, p, i)
        if self._captured is None:  # (a traced graph never changes: look once)
            self._captured = tuple(self.graph.captured_variables)
        variables = [x for x in feeds if hasattr(x, "_is_variable")]
        inputs = (*variables, *self._captured, *[x for x in feeds if not hasattr(x, "_is_variable")])
        recording = could_possibly_record()
        if recording:  # TF: a call reads its variables, so tapes watch the trainable ones
            for v in inputs[:len(variables) + len(self._captured)]:
                variable_accessed(v)
        op = self._recording_op() if recording else self._call_op()
        outputs = execute(op, inputs)
        structured = self.structured_outputs
        if isinstance(structured, SymbolicTensor) and op.outputs == 1:
            return outputs  # one tensor out (the common case)
        outputs = as_tuple(outputs, op.outputs)[:len(self.graph.outputs)]
        results = dict(zip(map(id, self.graph.outputs), outputs))
        return _map(lambda x: results[id(x)] if isinstance(x, SymbolicTensor) else
                    _rebuilt(x, results), structured)

    def _check_feed(self, x, p, index: int) -> None:
        spec = p._value
        if hasattr(x, "_is_variable"):
            traced = spec.const._value
            if x._value.dtype != traced.dtype or np.shape(x._value) != np.shape(traced):
                raise TypeError(f"{self.name}: Variable {x.name!r} {x.shape} {x.dtype.name} does "
                                f"not match the traced {spec.const.name!r}.")
        elif x._value.dtype != spec.dtype:  # TF: the call op refuses the tensor
            raise InvalidArgumentError(
                None, self.name, f"cannot compute {self.name} as input #{index}(zero-based) was "
                f"expected to be a {dtypes.kernel_name(spec.dtype)} tensor but is a "
                f"{dtypes.kernel_name(x._value.dtype)} tensor [Op:{self.name}]")
        elif not TensorShape(spec.shape).is_compatible_with(x._value.shape):
            # (TF runs the graph on the other shape; this engine's compiled graph keeps the
            # traced shapes, so it refuses: trace with None dimensions to accept any size)
            raise TypeError(f"Can not cast {TensorSpec(x.shape, x.dtype)!r} to "
                            f"{TensorSpec(p.shape, p.dtype, p.op.name)!r} (argument "
                            f"'{p.op.name}' of tf.function '{self.name}').")

    # -- the call op -------------------------------------------------------------------------
    def _params(self) -> list:
        """The graph's inputs in the call op's order: variable handles first, then tensors."""
        graph = self.graph
        handles = [p for p in graph.inputs if p.dtype is dtypes.resource]
        captured = [graph._handles[id(v)] for v in graph.captured_variables]
        return handles + captured + [p for p in graph.inputs if p.dtype is not dtypes.resource]

    def _call_op(self) -> Op:
        if self._call is None:
            self._call = call_op(self.name, self.graph, self._params(), list(self.graph.outputs))
        return self._call

    @property
    def _program(self):
        """The compiled graph the call op runs (graph/run.py): its steps, for inspection."""
        return self._call_op().forward.program()

    def _recording_op(self) -> Op:
        """The call a tape records: its outputs, then the values its gradient needs."""
        if self._recording is None:
            self._recording = recording_call_op(self)
        return self._recording

    def pretty_printed_signature(self, verbose: bool = True) -> str:
        """The input and output signature as text, in TF's format:

            Input Parameters:
              x (POSITIONAL_OR_KEYWORD): TensorSpec(shape=(), dtype=tf.float32, name=None)
            Output Type:
              TensorSpec(shape=(), dtype=tf.float32, name=None)
            Captures:
              None
        """
        return signature_text(self._signature_parameters(), self._output_specs(),
                              self.graph.captured_variables)

    @property
    def function_type(self) -> "FunctionType":
        """The call signature as TF writes it: `(x: TensorSpec(...), n: Literal[3]) -> ...`.

        An `inspect.Signature` whose annotations are the traced types (TF's FunctionType).
        """
        return FunctionType(self, self._signature_parameters(), self._output_specs())

    def _signature_parameters(self) -> list:
        """[(name, kind, traced value or spec)] for the parameters, in order."""
        args, kwargs = self.structured_input_signature
        values = list(args) + list(kwargs.values())
        parameters = getattr(self, "_parameters", None) or \
            [(p.op.name, "POSITIONAL_OR_KEYWORD") for p in self.graph.inputs
             if p.dtype is not dtypes.resource]
        return [(name, kind, value) for (name, kind), value in zip(parameters, values)]

    @property
    def inference_fn(self) -> "AtomicFunction":
        """The traced graph as one callable (TF's AtomicFunction): tensors in, outputs out."""
        return AtomicFunction(self)

    def _output_specs(self):
        return _map(lambda x: TensorSpec(x.shape, x.dtype) if isinstance(x, SymbolicTensor) else
                    _composite_spec(x) or x, self.structured_outputs)

    def __repr__(self) -> str:
        return f"<ConcreteFunction {self.name} at {hex(id(self))}>"

    def __str__(self) -> str:
        return "ConcreteFunction " + self.pretty_printed_signature()


def signature_text(parameters: list, outputs, captured) -> str:
    """TF's "Input Parameters: ... Output Type: ... Captures: ..." block."""
    lines = ["Input Parameters:"]
    lines += [f"  {name} ({kind}): {_type_text(value)}" for name, kind, value in parameters]
    lines += ["Output Type:", f"  {_type_text(outputs, output=True)}", "Captures:"]
    lines += [f"  {id(v)}: TensorSpec(shape=(), dtype=tf.resource, name=None)"
              for v in captured] or ["  None"]
    return "\n".join(lines)


def _type_text(value, output: bool = False) -> str:
    """A value's type as TF's signature text writes it: specs as they are, Python values as
    Literal[...], structures as Tuple[...], List[...], Dict[[key, type], ...]."""
    if isinstance(value, TensorSpec):
        return repr(value)
    if isinstance(value, dict):
        return "Dict[" + ", ".join(f"[{k!r}, {_type_text(v, output)}]"
                                   for k, v in value.items()) + "]"
    if isinstance(value, (tuple, list)):
        kind = "Tuple" if isinstance(value, tuple) else "List"
        return f"{kind}[" + ", ".join(_type_text(v, output) for v in value) + "]"
    if value is None and output:
        return "None"
    return f"Literal[{value!r}]"


_LITERALS = (bool, int, float, str, type(None))  # Python values a trace builds in


class _TypeText:
    """An annotation that prints as TF's type text (`Literal[3]`, `TensorSpec(...)`)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other) -> bool:
        return isinstance(other, _TypeText) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


class Parameter(inspect.Parameter):
    """One parameter of a FunctionType: `type_constraint` is its traced type."""

    __slots__ = ()

    @property
    def type_constraint(self):
        return self.annotation

    @property
    def optional(self) -> bool:
        return False  # (a trace has every argument: none is left to a default)


class FunctionType(inspect.Signature):
    """A ConcreteFunction's signature with the traced types as annotations (TF's FunctionType).

    `print(f.function_type)` is `(x: TensorSpec(shape=(), dtype=tf.float32, name=None)) ->
    TensorSpec(...)`; `repr` is the longer form of `print(concrete_function)`.
    """

    __slots__ = ("_owner",)

    def __init__(self, owner, parameters: list, outputs):
        super().__init__([Parameter(name, getattr(inspect.Parameter, kind),
                                    annotation=_TypeText(_type_text(value)))
                          for name, kind, value in parameters],
                         return_annotation=_TypeText(_type_text(outputs, output=True)))
        self._owner = owner  # (its pretty_printed_signature is this type's repr)

    @property
    def output(self):
        return self.return_annotation

    def __repr__(self) -> str:
        return self._owner.pretty_printed_signature()


class AtomicFunction:
    """A traced graph called directly (TF's `ConcreteFunction.inference_fn`).

    The arguments are bound to the whole signature (Python values included, which the
    graph has built in: the ones given are not used) and each tensor must fit its traced
    spec. A graph that captures variables must be called through its ConcreteFunction.
    """

    def __init__(self, concrete: ConcreteFunction):
        self._concrete = concrete
        self.function_type = concrete.function_type
        self.name = f"__inference_{concrete.name}".encode()

    def __call__(self, *args, **kwargs):
        if self._concrete.graph.captured_variables:
            raise ValueError("The FunctionType defines captured inputs. Use call_with_captures "
                             "instead.")
        bound = self.function_type.bind(*args, **kwargs)  # (a missing argument: TF's TypeError)
        feeds = []
        for value, spec in zip(bound.arguments.values(), self._concrete.structured_input_signature[0]
                               + tuple(self._concrete.structured_input_signature[1].values())):
            if not isinstance(spec, TensorSpec):
                continue  # (a Python value: the graph has the traced one built in)
            x = value if isinstance(value, Tensor) else convert_to_tensor(value)
            if x._value.dtype != spec.dtype or not TensorShape(spec.shape).is_compatible_with(
                    x._value.shape):
                raise TypeError(f"Can not cast {TensorSpec(x.shape, x.dtype)!r} to {spec!r}")
            feeds.append(x)
        return self._concrete._call_flat(feeds, checked=True)

    def __repr__(self) -> str:
        return f"AtomicFunction(name={self.name!r})"


def _rebuilt(x, results: dict):
    """An output leaf after a call: a composite (RaggedTensor) made of its tensors' values."""
    spec = _composite_spec(x)
    if spec is None:
        return x
    return spec.from_components([results.get(id(t), t) for t in spec.to_tensors(x)])
