"""`tf.Graph`, `tf.Operation` and symbolic tensors: a program as a list of equations.

While a graph is being built (inside `tf.function` tracing, or in TF1 style
under `with tf.Graph().as_default():`), `execute` does not compute anything.
It hands the op to `Graph.add_op`, which appends one *equation*

    add = AddV2(mul, Const)        # an Operation: type, inputs, attrs, output

to the graph's list and returns a *symbolic* tensor: a tensor with a dtype and
a (possibly partly unknown) shape but no value yet.

    >>> @tf.function
    ... def f(x):
    ...     return x * 2.0 + 1.0
    >>> f.get_concrete_function(tf.TensorSpec([None], tf.float32)).graph.get_operations()
    [<tf.Operation 'x' type=Placeholder>, <tf.Operation 'mul/y' type=Const>, ...]

Running the graph is interpreting that list (see `run.py`). Variables are
captured, not frozen: a `ReadVariableOp` node reads the variable's value
each time the graph runs, and `AssignVariableOp` nodes write it.

Read next: `run.py` (the interpreter), then `../function.py` (tf.function).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..context import state
from ..tape import record_read
from ..tensor import Tensor, TensorShape, convert_to_tensor
from ..variables import READ_VARIABLE
from .shapes import Spec, check_sane, infer

__all__ = ["Graph", "Operation", "SymbolicTensor", "get_default_graph"]

# Node types that are not primitives of the op table: the graph's own structure.
PLACEHOLDER, CONST = "Placeholder", "Const"
ASSIGN_TYPES = ("AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp")
STATEFUL_TYPES = frozenset(ASSIGN_TYPES + ("PrintV2", "NoOp"))
RANDOM_TYPES = frozenset({"RandomUniform", "RandomStandardNormal", "TruncatedNormal",
                          "RandomShuffle", "RandomUniformInt",  # new numbers on every run
                          "EagerPyFunc"})  # (and Python code): never constant-folded

# TF names a node after the Python function that made it: `x * y` is "mul".
_NODE_NAMES = {"AddV2": "add", "Sub": "sub", "Mul": "mul", "RealDiv": "truediv", "Pow": "pow",
               "FloorDiv": "floordiv", "FloorMod": "mod", "StridedSlice": "strided_slice",
               "Neg": "Neg", "Maximum": "Maximum", "Minimum": "Minimum"}


def _arg_name(i: int, n: int) -> str:
    """TF's name for argument i of an op's Python function: x and y for binary ops."""
    return "xy"[i] if n == 2 else f"input_{i}"


class SymbolicTensor(Tensor):
    """A tensor in a graph: dtype and shape now, a value only when the graph runs.

    Prints as TF's graph tensors do: `Tensor("add:0", shape=(3,), dtype=int32)`.
    """

    __slots__ = ("_op",)

    def __init__(self, op: "Operation", spec: Spec):
        self._value = spec
        self._op = op

    @property
    def op(self) -> "Operation":
        return self._op

    @property
    def graph(self) -> "Graph":
        return self._op.graph

    @property
    def name(self) -> str:
        return self._op.name + ":0"

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._value.shape)

    @property
    def ndim(self):
        return self._value.ndim

    @property
    def device(self) -> str:
        return ""

    def numpy(self):
        raise AttributeError(f"'SymbolicTensor' object has no attribute 'numpy' ({self.name} is a "
                             "graph tensor: it has a value only while the graph runs. Return it "
                             "from the tf.function, or run it with Session.run).")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            f"Cannot convert a symbolic tf.Tensor ({self.name}) to a numpy array. This error may "
            "indicate that you're trying to pass a Tensor to a NumPy call, which is not supported.")

    def __hash__(self):
        # TF1 code uses graph tensors as feed_dict keys; `==` stays elementwise.
        return id(self)

    def __format__(self, format_spec: str) -> str:
        return format(str(self), format_spec)

    def __str__(self) -> str:
        shape = "" if self._value.shape is None else f"shape={self.shape}, "
        return f'Tensor("{self.name}", {shape}dtype={self.dtype.name})'

    def __repr__(self) -> str:
        return f"<tf.Tensor '{self.name}' shape={self.shape} dtype={self.dtype.name}>"


class Operation:
    """One node of a graph: TF's `tf.Operation` (type, inputs, attrs, outputs).

    `op` is the primitive from the op table (None for Placeholder, Const and
    the variable/print nodes); `variable` is set on ReadVariableOp and the
    Assign*VariableOp nodes; `control_inputs` run first (TF1 graphs).
    """

    __slots__ = ("graph", "name", "type", "op", "inputs", "attrs", "outputs", "variable",
                 "control_inputs", "value")

    def __init__(self, graph, name, type_, op, inputs, attrs, variable=None, value=None):
        self.graph = graph
        self.name = name
        self.type = type_
        self.op = op
        self.inputs = tuple(inputs)
        self.attrs = attrs
        self.outputs: list = []
        self.variable = variable
        self.control_inputs: list = []
        self.value = value  # a Const node's NumPy value

    def get_attr(self, name: str):
        return self.attrs[name]

    @property
    def is_stateful(self) -> bool:
        return self.type in STATEFUL_TYPES

    def __repr__(self) -> str:
        return f"<tf.Operation '{self.name}' type={self.type}>"


class Graph:
    """A dataflow graph: an ordered list of Operations. Mirrors `tf.Graph`.

    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     c = tf.constant(2.0) * 3.0
    >>> c
    <tf.Tensor 'mul:0' shape=() dtype=float32>
    """

    # TF1 graphs do not order stateful ops for you; tf.function's FuncGraph does.
    auto_control_dependencies = False

    def __init__(self):
        self._operations: list[Operation] = []
        self._names: dict[str, Operation] = {}
        self._name_counts: dict[str, int] = {}
        self._consts: dict[int, tuple] = {}   # id(eager tensor) -> (tensor, graph tensor)
        self.variables: list = []            # variables created while this graph was default
        self.captures: dict[int, object] = {}  # id(variable) -> variable used by this graph
        self._initializers: list = []        # TF1: one AssignVariableOp per created variable
        self.version = 0                      # bumps with every new node (invalidates plans)

    # -- the default graph ------------------------------------------------------
    def as_default(self):
        """A context in which ops add nodes to this graph instead of running."""
        return _DefaultGraph(self)

    # -- looking ------------------------------------------------------------------
    def get_operations(self) -> list:
        return list(self._operations)

    def get_operation_by_name(self, name: str) -> Operation:
        if name not in self._names:
            raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")
        return self._names[name]

    def get_tensor_by_name(self, name: str) -> SymbolicTensor:
        op_name, _, index = name.partition(":")
        op = self.get_operation_by_name(op_name)
        if index != "0" or not op.outputs:
            raise KeyError(f"The name {name!r} refers to a Tensor which does not exist.")
        return op.outputs[0]

    def unique_name(self, base: str) -> str:
        """TF's naming: "add", then "add_1", "add_2", ..."""
        n = self._name_counts.get(base, 0)
        name = base if n == 0 else f"{base}_{n}"
        while name in self._names:
            n += 1
            name = f"{base}_{n}"
        self._name_counts[base] = n + 1
        return name

    # -- building -----------------------------------------------------------------
    def _new_node(self, type_, op, inputs, attrs, spec, name=None, variable=None, value=None,
                  unique_name=None):
        # (`unique_name`: a name already made unique by `unique_name()`, used as it is)
        node = Operation(self, unique_name or self.unique_name(name or _NODE_NAMES.get(type_, type_)),
                         type_, op, inputs, attrs, variable, value)
        self._operations.append(node)
        self._names[node.name] = node
        self.version += 1
        if spec is not None:
            node.outputs.append(SymbolicTensor(node, spec))
        return node

    def placeholder(self, dtype, shape, name: str = "Placeholder") -> SymbolicTensor:
        """A graph input: a value given when the graph runs (function argument, feed)."""
        dtype = dtypes.as_dtype(dtype)
        dims = None if shape is None else TensorShape(shape)._dims
        check_sane(dims, f"placeholder {name!r}")
        node = self._new_node(PLACEHOLDER, None, (), {"dtype": dtype.as_numpy_dtype, "shape": dims},
                              Spec(dtype._np, dims), name=name)
        return node.outputs[0]

    def constant(self, value, name: str = "Const") -> SymbolicTensor:
        """A Const node holding a NumPy value (eager tensors used while tracing end up here)."""
        array = np.asarray(value)
        node = self._new_node(CONST, None, (), {"dtype": array.dtype, "shape": array.shape},
                              Spec(array.dtype, array.shape, const=array), name=name, value=value)
        return node.outputs[0]

    def capture(self, x) -> SymbolicTensor:
        """`x` as a tensor of this graph: eager tensors become (cached) Const nodes."""
        if isinstance(x, SymbolicTensor):
            if x._op.graph is not self:
                raise ValueError(f"Tensor {x} must be from the same graph as the operation being "
                                 "built (it belongs to another graph). Hint: a tensor made inside "
                                 "one tf.function or tf.Graph cannot be used in another one.")
            return x
        key = id(x)
        hit = self._consts.get(key)
        if hit is None:
            hit = (x, self.constant(x._value))
            self._consts[key] = hit
        return hit[1]

    def add_op(self, op, inputs: tuple, attrs: dict, given: tuple = ()) -> SymbolicTensor:
        """Appends `op(inputs, attrs)` as a node; returns its symbolic output (from `execute`).

        `given` are the inputs as the caller passed them: a Python number there
        (converted in `inputs`) becomes a Const node named after its op and
        argument, as in TF: `x * 2.0` makes "mul/y", `1.0 - x` makes "sub/x".
        """
        name = self.unique_name(_NODE_NAMES.get(op.name, op.name))
        literals = [i for i, g in enumerate(given) if not isinstance(g, Tensor)
                    and not hasattr(g, "_is_variable")]
        inputs = tuple(self.constant(x._value, name=f"{name}/{_arg_name(i, len(inputs))}")
                       if i in literals else self.capture(x) for i, x in enumerate(inputs))
        spec = infer(op, [x._value for x in inputs], attrs)
        return self._new_node(op.name, op, inputs, dict(attrs), spec, unique_name=name).outputs[0]

    def read_variable(self, variable) -> SymbolicTensor:
        """A ReadVariableOp node: the graph captures the variable, not its value."""
        self._check_variable(variable)
        self.captures.setdefault(id(variable), variable)
        value = variable._value
        node = self._new_node("ReadVariableOp", READ_VARIABLE, (), {"dtype": value.dtype},
                              Spec(value.dtype, value.shape), variable=variable)
        out = node.outputs[0]
        if state.tapes:  # as an eager read does: tapes watch the variable and record the read
            record_read(READ_VARIABLE, variable, out)
        return out

    def assign_variable(self, variable, type_: str, value):
        """An Assign*VariableOp node; returns the variable (TF1 graphs: the new value)."""
        self._check_variable(variable)
        self.captures.setdefault(id(variable), variable)
        dtype = variable.dtype
        if hasattr(value, "_is_variable"):
            value = value.read_value()
        elif not isinstance(value, Tensor):  # a Python or NumPy value: a Const node
            value = self.constant(convert_to_tensor(value, dtype=dtype)._value)
        value = self.capture(value)
        if value.dtype is not dtype:
            raise ValueError(f"Cannot {_VERB[type_]} a {value.dtype.name} value to variable "
                             f"'{variable.name}' of dtype {dtype.name}. Hint: tf.cast it first.")
        if not TensorShape(value._value.shape).is_compatible_with(variable._value.shape):
            raise ValueError(f"Cannot {_VERB[type_]} to variable '{variable.name}': Shape mismatch. "
                             f"The variable shape {variable.shape}, and the assigned value shape "
                             f"{value.shape} are incompatible.")
        node = self._new_node(type_, None, (value,), {"dtype": variable._value.dtype}, None,
                              variable=variable)
        if self.auto_control_dependencies:
            return variable
        read = self.read_variable(variable)  # TF1: fetching the assign gives the new value
        read.op.control_inputs.append(node)
        return read

    def add_stateful(self, type_: str, inputs: tuple, attrs: dict, name=None) -> Operation:
        """A node run for its effect (PrintV2, NoOp): no output tensor."""
        return self._new_node(type_, None, tuple(self.capture(x) for x in inputs), attrs, None,
                              name=name)

    def variable_created(self, variable, initial: Tensor) -> Tensor:
        """Called by `tf.Variable(...)` while this graph is the default: the initial value.

        A symbolic initial value (e.g. `tf.zeros_like(x)`) is computed now from
        constants, as TF lifts variable initializers out of the graph.
        """
        if isinstance(initial, SymbolicTensor):
            from .run import evaluate_constant
            initial = Tensor(evaluate_constant(initial))
        self.variables.append(variable)
        if not self.auto_control_dependencies:
            # TF1: the value lives in a Session; `global_variables_initializer` runs this node.
            value = self.constant(initial._value, name=f"{variable._name}/Initializer/initial_value")
            self._initializers.append(self._new_node(
                "AssignVariableOp", None, (value,), {"dtype": value._value.dtype}, None,
                name=f"{variable._name}/Assign", variable=variable))
        return initial

    def initializer_for(self, variables=None) -> Operation:
        """A NoOp that runs the initializers (TF1's `global_variables_initializer`)."""
        wanted = None if variables is None else {id(v) for v in variables}
        node = self.add_stateful("NoOp", (), {}, name="init")
        node.control_inputs.extend(n for n in self._initializers
                                   if wanted is None or id(n.variable) in wanted)
        return node

    def _check_variable(self, variable) -> None:
        pass  # FuncGraph checks that variables were not created on a later trace

    def __repr__(self) -> str:
        return f"<{type(self).__module__}.{type(self).__name__} object at {hex(id(self))}>"

    def _repr_png_(self):
        """Jupyter shows a graph as a picture (needs Graphviz's `dot`)."""
        from ..graph_drawing import to_png
        try:
            return to_png(self)
        except RuntimeError:
            return None

    def as_graph_def(self):
        """The graph as TensorBoard's `GraphDef` protocol buffer (needs `tensorboard`)."""
        from ..graph_drawing import to_graph_def
        return to_graph_def(self)


_VERB = {"AssignVariableOp": "assign", "AssignAddVariableOp": "assign_add",
         "AssignSubVariableOp": "assign_sub"}


class FuncGraph(Graph):
    """The graph of one traced `tf.function` (TF's FuncGraph).

    Stateful nodes (assigns, prints) always run, in program order: TF's
    automatic control dependencies.
    """

    auto_control_dependencies = True

    def __init__(self, name: str, may_create_variables: bool = True):
        super().__init__()
        self.name = name
        self.inputs: list = []
        self.outputs: list = []
        self.may_create_variables = may_create_variables  # only on a function's first trace

    def variable_created(self, variable, initial: Tensor) -> Tensor:
        if not self.may_create_variables:
            raise ValueError(
                f"tf.function only supports singleton tf.Variables created on the first call. "
                f"Make sure the tf.Variable is only created once or created outside tf.function "
                f"(function {self.name!r} created one while retracing).")
        return super().variable_created(variable, initial)


class _DefaultGraph:
    """`with graph.as_default():` — ops build nodes in `graph` until the block ends."""

    def __init__(self, graph: Graph):
        self._graph = graph

    def __enter__(self) -> Graph:
        self._saved = (state.graph, state.tapes)
        state.graph = self._graph
        state.tapes = []  # outer tapes do not see ops of another graph
        _stack.append(self._graph)
        return self._graph

    def __exit__(self, *exc) -> None:
        _stack.pop()
        state.graph, state.tapes = self._saved


_stack: list = []
_global_default: list = [None]  # the graph of disable_eager_execution(), created on demand


def get_default_graph() -> Graph:
    """The graph ops are added to now (TF1's `tf.compat.v1.get_default_graph`)."""
    if _stack:
        return _stack[-1]
    if isinstance(state.graph, Graph):
        return state.graph
    if _global_default[0] is None:
        _global_default[0] = Graph()
    return _global_default[0]


def reset_default_graph() -> None:
    """Starts a fresh global default graph (TF1's `tf.compat.v1.reset_default_graph`)."""
    if _stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs.")
    was_default = state.graph is _global_default[0] and state.graph is not None
    _global_default[0] = Graph()
    if was_default:
        state.graph = _global_default[0]
