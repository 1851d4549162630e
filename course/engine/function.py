"""`tf.function`: trace a Python function into a graph once, then run the graph.

    >>> @tf.function
    ... def f(x):
    ...     print("tracing")          # Python runs only while tracing
    ...     tf.print("running")       # a graph node: runs on every call
    ...     return x * x
    >>> f(tf.constant(2.0))           # first call with this dtype/shape: traces
    tracing
    running
    >>> f(tf.constant(3.0))           # same signature: runs the graph
    running

Tracing (autodidax's "make_jaxpr"): each tensor argument becomes a
Placeholder, the Python body runs once with `execute` sending every op to a
`FuncGraph` (see graph/core.py), and the returned tensors become the graph's
outputs. The result is a `ConcreteFunction`, cached under the call's
*signature*: dtype and shape for tensors, the value itself for Python
numbers, identity for other objects (TF's retracing rules).

Calling runs the compiled graph (graph/run.py). Two exceptions use a slower,
equivalent path that replays the graph op by op through `execute`:
- a GradientTape is recording, so it can record every primitive and the
  gradients of a traced function's outputs come for free;
- another graph is being built (a tf.function called inside another one):
  replaying inlines the inner graph into the outer.

Read next: session.py (TF1's way to run graphs), saving/ (files).
"""
from __future__ import annotations

import functools
import inspect
import sys

import numpy as np

from . import devices as _devices
from . import dtypes
from .context import state
from .execute import execute
from .graph import FuncGraph, Operation, SymbolicTensor
from .graph.run import _assigner, _reader, compile_graph, default_kernels, print_v2
from .tensor import Tensor, TensorShape, convert_to_tensor

__all__ = ["function", "Function", "ConcreteFunction", "TensorSpec", "init_scope", "print",
           "executing_eagerly"]


class TensorSpec:
    """Describes a tensor argument: shape (None = any size) and dtype. Mirrors `tf.TensorSpec`.

    >>> tf.TensorSpec([None, 3], tf.float32)
    TensorSpec(shape=(None, 3), dtype=tf.float32, name=None)
    """

    def __init__(self, shape, dtype=dtypes.float32, name: str | None = None):
        self.shape = TensorShape(shape)
        self.dtype = dtypes.as_dtype(dtype)
        self.name = name

    @classmethod
    def from_tensor(cls, tensor, name=None) -> "TensorSpec":
        return cls(tensor.shape, tensor.dtype, name)

    def is_compatible_with(self, value) -> bool:
        """True if `value` (a tensor or spec) has this dtype and a fitting shape."""
        return value.dtype is self.dtype and self.shape.is_compatible_with(value.shape)

    def _key(self):
        return ("T", self.dtype.name, self.shape._dims)

    def __eq__(self, other) -> bool:
        return isinstance(other, TensorSpec) and self._key() == other._key() and \
            self.name == other.name

    def __hash__(self):
        return hash(self._key())

    def __repr__(self) -> str:
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r}, name={self.name!r})"


# -- structures: nested lists, tuples and dicts of leaves ------------------------------
def _flatten(structure) -> list:
    if isinstance(structure, dict):
        return [x for k in sorted(structure, key=str) for x in _flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [x for item in structure for x in _flatten(item)]
    return [structure]


def _map(fn, structure):
    """`structure` with every leaf replaced by `fn(leaf)` (same traversal as `_flatten`)."""
    if isinstance(structure, dict):
        done = {k: _map(fn, structure[k]) for k in sorted(structure, key=str)}
        return type(structure)((k, done[k]) for k in structure)
    if isinstance(structure, (list, tuple)):
        items = [_map(fn, x) for x in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)
    return fn(structure)


def _is_tensor_like(x) -> bool:
    return isinstance(x, (Tensor, np.ndarray, TensorSpec))


def _leaf_key(x):
    """What a call's signature records for one argument leaf (TF's retracing rules)."""
    if isinstance(x, Tensor):
        return ("T", x._value.dtype.str, x._value.shape)
    if isinstance(x, TensorSpec):
        return ("T", x.dtype._np.str, x.shape._dims)
    if isinstance(x, np.ndarray):
        return ("T", x.dtype.str, x.shape)
    if x is None or isinstance(x, (bool, int, float, str, complex, np.generic)):
        return (type(x).__name__, x)  # Python values: by value, so f(1) and f(2) trace twice
    if hasattr(x, "_is_variable"):  # by dtype and shape (TF's VariableSpec): see _concrete_for
        return ("V", x._value.dtype.str, x._value.shape, x.trainable)
    return ("id", id(x))  # modules and other objects: by identity


class Function:
    """What `@tf.function` returns: a callable that traces once per signature.

    >>> f = tf.function(lambda x: x + 1)
    >>> f(tf.constant(1)); f(tf.constant(2)); f.experimental_get_tracing_count()
    1
    """

    def __init__(self, python_function, input_signature=None, name: str | None = None):
        self.python_function = python_function
        self.input_signature = None if input_signature is None else tuple(input_signature)
        self._signature = inspect.signature(python_function)
        params = self._signature.parameters.values()
        # Calls that pass exactly these positional parameters need no inspect.bind.
        self._n_plain = len(params) if all(
            p.kind == p.POSITIONAL_OR_KEYWORD and p.default is p.empty for p in params) else -1
        self._name = name or getattr(python_function, "__name__", "function")
        self._cache: dict = {}
        self._keep_alive: dict = {}  # objects keyed by identity stay alive with their trace
        self._tracing_count = 0
        functools.update_wrapper(self, python_function, updated=())

    @property
    def name(self) -> str:
        return self._name

    def experimental_get_tracing_count(self) -> int:
        """How many times the Python function was traced (TF's name)."""
        return self._tracing_count

    def __get__(self, instance, owner):
        """`@tf.function` on a method: bind `self`, with one trace cache per instance."""
        if instance is None:
            return self
        bound = instance.__dict__.get("__tf_function_" + self._name)
        if bound is None or bound.python_function.__self__ is not instance:
            bound = Function(self.python_function.__get__(instance, owner), self.input_signature,
                             self._name)
            instance.__dict__["__tf_function_" + self._name] = bound
        return bound

    # -- calling ---------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        if _devices.settings.functions_run_eagerly:  # tf.config.run_functions_eagerly(True)
            return self.python_function(*args, **kwargs)
        concrete, leaves, variables = self._concrete_for(args, kwargs)
        return concrete._call_flat(leaves, variables)

    def get_concrete_function(self, *args, **kwargs) -> "ConcreteFunction":
        """The traced graph for these arguments (tensors or `tf.TensorSpec`s).

        >>> f.get_concrete_function(tf.TensorSpec([None], tf.float32)).graph
        """
        if not args and not kwargs and self.input_signature is not None:
            args = self.input_signature
        return self._concrete_for(args, kwargs)[0]

    def _bind(self, args, kwargs) -> tuple:
        if self.input_signature is not None:
            return self._bind_signature(args, kwargs)
        if not kwargs and len(args) == self._n_plain:
            return args, {}  # fast path: exactly the positional parameters, nothing to fill in
        try:
            bound = self._signature.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"Binding inputs to tf.function `{self._name}` failed: {e}") from None
        bound.apply_defaults()
        return bound.args, bound.kwargs

    def _bind_signature(self, args, kwargs) -> tuple:
        """Checks the arguments against `input_signature` and converts them to its dtypes."""
        bound = self._signature.bind(*args, **kwargs)
        values = list(bound.arguments.values())
        signature = self.input_signature
        if len(values) != len(signature):
            raise TypeError(f"Binding inputs to tf.function failed: {len(values)} argument(s) "
                            f"given for input_signature of length {len(signature)}.")

        def convert(value, spec):
            if isinstance(value, TensorSpec):
                tensor_spec = value
            else:
                tensor = value if isinstance(value, Tensor) else convert_to_tensor(
                    value.read_value() if hasattr(value, "_is_variable") else value,
                    dtype=spec.dtype if not isinstance(value, np.ndarray) else None)
                tensor_spec = TensorSpec(tensor.shape, tensor.dtype)
            if not spec.is_compatible_with(tensor_spec):
                raise TypeError(
                    f"Binding inputs to tf.function failed due to `Can not cast {tensor_spec!r} to "
                    f"{spec!r}`. Received args: {args} and kwargs: {kwargs} for signature: "
                    f"{self._signature_text()}.")
            return value if isinstance(value, TensorSpec) else tensor

        def convert_structure(value, spec):
            if isinstance(spec, TensorSpec):
                return convert(value, spec)
            if isinstance(spec, (list, tuple)) and isinstance(value, (list, tuple)) and \
                    len(value) == len(spec):
                return type(spec)(convert_structure(v, s) for v, s in zip(value, spec))
            if isinstance(spec, dict) and isinstance(value, dict) and set(value) == set(spec):
                return {k: convert_structure(value[k], spec[k]) for k in spec}
            raise TypeError(f"Binding inputs to tf.function failed: {value!r} does not have the "
                            f"structure of {spec!r} (signature {self._signature_text()}).")

        return tuple(convert_structure(v, s) for v, s in zip(values, signature)), {}

    def _signature_text(self) -> str:
        names = list(self._signature.parameters)
        return "(" + ", ".join(f"{n}: {s!r}" for n, s in zip(names, self.input_signature)) + ")"

    def _concrete_for(self, args, kwargs):
        """(the ConcreteFunction for these arguments, their tensors, their Variables)."""
        args, kwargs = self._bind(args, kwargs)
        flat = _flatten(args) + _flatten(kwargs)
        variables = [x for x in flat if hasattr(x, "_is_variable")]
        if self.input_signature is not None:  # one trace, for the signature's shapes
            key = "input_signature"
            trace_args = tuple(self.input_signature)
        else:
            # Variables are keyed by spec, plus which of them are the same object: f(a, a) and
            # f(a, b) trace separately, f(a) and f(b) share a trace (TF's VariableSpec rule).
            ids = [id(v) for v in variables]
            aliases = tuple(ids.index(i) for i in ids)
            key = tuple(_leaf_key(x) for x in flat) + (len(args), tuple(kwargs), aliases)
            trace_args = args
        concrete = self._cache.get(key)
        if concrete is None:
            concrete = self._trace(trace_args, kwargs)
            concrete._arg_variables = variables
            self._cache[key] = concrete
            self._keep_alive[key] = [x for x in flat if not _is_tensor_like(x)]
        leaves = [x if isinstance(x, Tensor) else convert_to_tensor(x)
                  for x in flat if _is_tensor_like(x) and not isinstance(x, TensorSpec)]
        return concrete, leaves, variables

    def _trace(self, args, kwargs) -> "ConcreteFunction":
        """Runs the Python body once with placeholders; returns the ConcreteFunction."""
        self._tracing_count += 1
        graph = FuncGraph(self._name, may_create_variables=self._tracing_count == 1)
        names = iter(self._arg_names(args, kwargs))
        with graph.as_default():
            def placeholder(x):
                if not _is_tensor_like(x):
                    return x
                spec = x if isinstance(x, TensorSpec) else TensorSpec(np.shape(x), _dtype_of(x))
                p = graph.placeholder(spec.dtype, spec.shape, name=spec.name or next(names))
                graph.inputs.append(p)
                return p

            symbolic_args = _map(placeholder, args)
            symbolic_kwargs = _map(placeholder, kwargs)
            result = self.python_function(*symbolic_args, **symbolic_kwargs)
            structured = _map(lambda x: _as_output(graph, x), result)
        graph.outputs = [x for x in _flatten(structured) if isinstance(x, SymbolicTensor)]
        # Between tf.summary.trace_on() and trace_export() the new graph is recorded
        # for TensorBoard (cheap when tracing is off: nothing is converted then).
        from .summary.ops import note_traced_graph
        note_traced_graph(graph.as_graph_def)
        return ConcreteFunction(graph, structured, self._input_specs(args, kwargs))

    def _arg_names(self, args, kwargs):
        """Placeholder names like TF's: the parameter name, then name_1, name_2, ..."""
        params = list(self._signature.parameters)
        for i, value in enumerate(args):
            base = params[i] if i < len(params) else "args"
            for j, _ in enumerate(x for x in _flatten(value) if _is_tensor_like(x)):
                yield base if j == 0 else f"{base}_{j}"
        for k, value in kwargs.items():
            for j, _ in enumerate(x for x in _flatten(value) if _is_tensor_like(x)):
                yield k if j == 0 else f"{k}_{j}"

    def _input_specs(self, args, kwargs):
        def spec(x):
            if isinstance(x, TensorSpec):
                return x
            if _is_tensor_like(x):
                return TensorSpec(np.shape(x), _dtype_of(x))
            return x
        return _map(spec, tuple(args)), _map(spec, dict(kwargs))

    def __repr__(self) -> str:
        return f"<course.engine.function.Function object at {hex(id(self))}>"


def _dtype_of(x):
    if isinstance(x, Tensor):
        return x.dtype
    return dtypes.as_dtype(np.asarray(x).dtype)


def _as_output(graph, x):
    """An output leaf as a graph tensor behind an Identity node (as TF names them)."""
    if hasattr(x, "_is_variable"):
        x = x.read_value()
    if isinstance(x, Tensor):
        return execute(_IDENTITY, (graph.capture(x),))
    if isinstance(x, Operation):  # e.g. what tf.print returns in a graph
        return None
    return x


class ConcreteFunction:
    """One traced graph with its input and output structure. Mirrors TF's ConcreteFunction.

    `graph.get_operations()` lists the equations; calling it runs them.
    """

    def __init__(self, graph: FuncGraph, structured_outputs, input_specs):
        self.graph = graph
        self.structured_outputs = structured_outputs
        self.structured_input_signature = input_specs
        self._program = None
        # Variables passed as arguments: the trace read and wrote these; a call with other
        # Variables of the same specs runs the same graph on those (see _call_flat).
        self._arg_variables: list = []
        self._stand_ins: dict = {}  # id(traced variable) -> _BoundVariable

    @property
    def inputs(self) -> list:
        return list(self.graph.inputs)

    @property
    def outputs(self) -> list:
        return list(self.graph.outputs)

    @property
    def variables(self) -> tuple:
        """The variables the graph captures (reads or writes)."""
        return tuple(self.graph.captures.values())

    @property
    def name(self) -> str:
        return self.graph.name

    def __call__(self, *args, **kwargs):
        flat = _flatten(args) + _flatten(kwargs)
        leaves = [x if isinstance(x, Tensor) else convert_to_tensor(
            x.read_value() if hasattr(x, "_is_variable") else x) for x in flat if
            _is_tensor_like(x) or hasattr(x, "_is_variable")]
        if len(leaves) != len(self.graph.inputs):
            raise TypeError(f"{self.name}: expected {len(self.graph.inputs)} tensor argument(s), "
                            f"got {len(leaves)}.")
        return self._call_flat(leaves)

    def _call_flat(self, tensors: list, variables: list = ()):
        if variables and list(map(id, variables)) != list(map(id, self._arg_variables)):
            return self._call_with_variables(tensors, variables)
        for t, p in zip(tensors, self.graph.inputs):
            if t._value.dtype != p._value.dtype or not TensorShape(p._value.shape) \
                    .is_compatible_with(t._value.shape):
                raise TypeError(f"Can not cast {TensorSpec(t.shape, t.dtype)!r} to "
                                f"{TensorSpec(p.shape, p.dtype, p.op.name)!r} (argument "
                                f"'{p.op.name}' of tf.function '{self.name}').")
        if state.graph is not None or any(tape._recording for tape in state.tapes):
            flat = self._replay(tensors)
        else:
            if self._program is None:
                self._program = compile_graph(self.graph, self.graph.inputs, self.graph.outputs,
                                              kernels=self._kernel)
            flat = [Tensor(v) for v in self._program.run([t._value for t in tensors])]
        structured = self.structured_outputs
        if isinstance(structured, SymbolicTensor):  # the common case: one tensor
            return flat[0]
        results = dict(zip(map(id, self.graph.outputs), flat))
        return _map(lambda x: results[id(x)] if isinstance(x, SymbolicTensor) else x,
                    self.structured_outputs)

    def _call_with_variables(self, tensors: list, variables: list):
        """Runs the graph with the call's Variable arguments in place of the traced ones."""
        if len(variables) != len(self._arg_variables):
            raise TypeError(f"{self.name}: expected {len(self._arg_variables)} Variable "
                            f"argument(s), got {len(variables)}.")
        stand_ins = [self._stand_in(v) for v in self._arg_variables]
        saved = [s.current for s in stand_ins]
        for s, v in zip(stand_ins, variables):
            if v._value.dtype != s.current._value.dtype or v._value.shape != s.current._value.shape:
                raise TypeError(f"{self.name}: Variable {v.name!r} {TensorShape(v.shape)} "
                                f"{v.dtype.name} does not match the traced {s.current.name!r}.")
            s.current = v
        try:
            return self._call_flat(tensors)
        finally:
            for s, v in zip(stand_ins, saved):
                s.current = v

    def _stand_in(self, variable) -> "_BoundVariable":
        stand_in = self._stand_ins.get(id(variable))
        if stand_in is None:
            stand_in = self._stand_ins[id(variable)] = _BoundVariable(variable)
        return stand_in

    def _bound(self, variable):
        """The Variable a node of the graph means in this call (an argument may be rebound)."""
        stand_in = self._stand_ins.get(id(variable))
        return variable if stand_in is None else stand_in.current

    def _kernel(self, node):
        if node.variable is not None and id(node.variable) in map(id, self._arg_variables):
            if node.type == "ReadVariableOp":
                return _reader(self._stand_in(node.variable))
            return _assigner(self._stand_in(node.variable), node.type)
        return default_kernels(node)

    def _replay(self, tensors: list) -> list:
        """Interprets the graph through `execute`, so tapes (or an outer graph) see each op."""
        env = {id(p): t for p, t in zip(self.graph.inputs, tensors)}
        for node in self.graph._operations:
            ins = [env[id(x)] for x in node.inputs]
            if node.type == "Placeholder":
                continue
            if node.type == "Const":
                out = convert_to_tensor(node.value)
            elif node.type == "ReadVariableOp":
                out = self._bound(node.variable).read_value()
            elif node.type in _ASSIGN_METHODS:
                getattr(self._bound(node.variable), _ASSIGN_METHODS[node.type])(ins[0])
                continue
            elif node.type == "PrintV2":
                if state.graph is not None:
                    state.graph.add_stateful("PrintV2", tuple(ins), node.attrs)
                else:
                    print_v2(*[t._value for t in ins], **node.attrs)
                continue
            elif node.op is None:
                continue  # NoOp
            else:
                out = execute(node.op, tuple(ins), node.attrs)
            env[id(node.outputs[0])] = out
        return [env[id(t)] for t in self.graph.outputs]

    def pretty_printed_signature(self) -> str:
        """The input and output signature as text (what `print(concrete_function)` shows)."""
        return str(self)

    def __repr__(self) -> str:
        return f"<ConcreteFunction {self.name} at {hex(id(self))}>"

    def __str__(self) -> str:
        args, kwargs = self.structured_input_signature
        lines = ["ConcreteFunction Input Parameters:"]
        names = [p.op.name for p in self.graph.inputs]
        for name, spec in zip(names, [s for s in _flatten((args, kwargs)) if
                                      isinstance(s, TensorSpec)]):
            lines.append(f"  {name} (POSITIONAL_OR_KEYWORD): {spec!r}")
        lines.append("Output Type:")
        outs = _map(lambda x: TensorSpec(x.shape, x.dtype) if isinstance(x, SymbolicTensor) else x,
                    self.structured_outputs)
        lines.append(f"  {outs!r}")
        if self.graph.captures:
            lines.append("Captures:")
            for key, var in self.graph.captures.items():
                lines.append(f"  {key}: {var.name} {TensorSpec(var.shape, var.dtype)!r}")
        return "\n".join(lines)


class _BoundVariable:
    """Stands, in a compiled graph, for a Variable argument: whichever the current call passed."""

    def __init__(self, variable):
        self.current = variable

    @property
    def _value(self):
        return self.current._value

    @property
    def name(self) -> str:
        return self.current.name

    def _store(self, value) -> None:
        self.current._store(value)


_ASSIGN_METHODS = {"AssignVariableOp": "assign", "AssignAddVariableOp": "assign_add",
                   "AssignSubVariableOp": "assign_sub"}


def function(func=None, input_signature=None, autograph: bool = True, jit_compile=None,
             reduce_retracing: bool = False, experimental_relax_shapes=None, name=None):
    """Compiles a Python function into a graph-running callable. Mirrors `tf.function`.

    Use as `@tf.function` or `@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])`.
    (`autograph`, `jit_compile` and `reduce_retracing` are accepted and ignored:
    this engine has no AutoGraph, so write loops and branches in Python on
    Python values only.)
    """
    if func is None:
        return functools.partial(function, input_signature=input_signature, name=name)
    return Function(func, input_signature, name)


class init_scope:  # noqa: N801 - TF's name
    """Steps out of any graph being built: ops run eagerly inside. Mirrors `tf.init_scope`.

    Layers and optimizers create their variables under it, so that creating
    them during the first trace of a tf.function works.
    """

    def __enter__(self):
        self._saved = (state.graph, state.tapes)
        state.graph, state.tapes = None, []
        return None

    def __exit__(self, *exc):
        state.graph, state.tapes = self._saved


def executing_eagerly() -> bool:
    """False while a graph is being built (tracing, TF1 graph mode). Mirrors `tf.executing_eagerly`."""
    return state.graph is None


def print(*inputs, output_stream=sys.stderr, sep: str = " ", end: str = "\n", name=None):  # noqa: A001
    """Prints tensors when the op *runs* (every call of a tf.function). Mirrors `tf.print`.

    >>> tf.print("x is", tf.constant([1, 2]))     # to stderr, as TF
    x is [1 2]
    """
    stream = "stdout" if output_stream in ("stdout", sys.stdout) else "stderr"
    pieces, tensors = [], []
    for x in inputs:
        if isinstance(x, Tensor) or hasattr(x, "_is_variable"):
            pieces.append(len(tensors))
            tensors.append(x.read_value() if hasattr(x, "_is_variable") else x)
        else:
            pieces.append(str(x))
    attrs = {"pieces": tuple(pieces), "sep": sep, "end": end, "stream": stream}
    if state.graph is not None:
        return state.graph.add_stateful("PrintV2", tuple(tensors), attrs)
    print_v2(*[t._value for t in tensors], **attrs)
    return None


from .ops.array_ops import IDENTITY as _IDENTITY  # noqa: E402
