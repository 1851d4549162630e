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

import contextlib

import numpy as np

from .. import dtypes
from ..context import state
from ..tensor import Tensor, TensorShape
from ..errors import InvalidArgumentError
from . import collections
from .shape_errors import trace_error
from .shapes import Spec, check_sane, infer
from .operation import Operation
from .stacks import trace_root

__all__ = ["Graph", "Operation", "SymbolicTensor", "get_default_graph", "executing_eagerly"]

# Node types that are not primitives of the op table: the graph's own structure.
# (A variable's handle enters a FuncGraph as a Placeholder of dtype resource, and a
# TF1 graph as a VarHandleOp: both are inputs fed when the graph runs.)
PLACEHOLDER, CONST, VAR_HANDLE = "Placeholder", "Const", "VarHandleOp"
INPUT_TYPES = frozenset({PLACEHOLDER, VAR_HANDLE})

# TF names a node after the Python function that made it: `x * y` is "mul".
_NODE_NAMES = {"AddV2": "add", "Sub": "sub", "Mul": "mul", "RealDiv": "truediv", "Pow": "pow",
               "FloorDiv": "floordiv", "FloorMod": "mod", "StridedSlice": "strided_slice",
               "BatchMatMulV2": "MatMul",  # (tf.matmul's name scope, whichever op it makes)
               "Transpose": "transpose", "OneHot": "one_hot",
               "SoftmaxCrossEntropyWithLogits": "softmax_cross_entropy_with_logits",
               "Neg": "Neg", "Maximum": "Maximum", "Minimum": "Minimum",
               "If": "cond", "StatelessIf": "cond", "While": "while", "StatelessWhile": "while",
               "Case": "switch_case", "StatelessCase": "switch_case"}


def _arg_name(i: int, n: int) -> str:
    """TF's name for argument i of an op's Python function: x and y for binary ops."""
    return "xy"[i] if n == 2 else f"input_{i}"


class SymbolicTensor(Tensor):
    """A tensor in a graph: dtype and shape now, a value only when the graph runs.

    Prints as TF's graph tensors do: `Tensor("add:0", shape=(3,), dtype=int32)`.
    """

    __slots__ = ("_op", "_index")

    def __init__(self, op: "Operation", spec: Spec, index: int = 0):
        self._value = spec
        self._op = op
        self._index = index

    @property
    def op(self) -> "Operation":
        return self._op

    @property
    def graph(self) -> "Graph":
        return self._op.graph

    @property
    def name(self) -> str:
        return f"{self._op.name}:{self._index}"

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._value.shape)

    @property
    def ndim(self):
        return self._value.ndim

    def set_shape(self, shape) -> None:
        """Merges what `shape` says into this tensor's static shape (after a slice lost it,
        say): `x.set_shape([None, 24, None])`. Mirrors `tf.Tensor.set_shape` in a graph."""
        mine, given = self.shape, TensorShape(shape)
        if mine.rank is not None and given.rank is not None and mine.rank != given.rank:
            raise ValueError(f"Shapes must be equal rank, but are {mine.rank} and {given.rank}")
        if not mine.is_compatible_with(given):
            i, a, b = next((i, a, b) for i, (a, b) in enumerate(zip(mine.as_list(), given.as_list()))
                           if a is not None and b is not None and a != b)
            def text(s):
                return "[" + ",".join("?" if d is None else str(d) for d in s.as_list()) + "]"
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {a} and {b}. "
                             f"Shapes are {text(mine)} and {text(given)}.")
        if given.rank is None:
            return
        dims = given.as_list() if mine.rank is None else [
            a if a is not None else b for a, b in zip(mine.as_list(), given.as_list())]
        self._value = Spec(self._value.dtype, dims, self._value.const, self._value.partial)

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

    def eval(self, feed_dict=None, session=None):
        """TF1: the value, computed by `session` (the default one if None), as `session.run`."""
        from ..session import run_with_default_session
        return run_with_default_session(self, feed_dict, session, "evaluate tensor using `eval()`")


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
        self._name_counts: dict[str, int] = {}  # lower-cased name -> times asked for
        self._consts: dict[int, tuple] = {}   # id(eager tensor) -> (tensor, graph tensor)
        self._copies: dict[int, tuple] = {}   # id(tensor of a graph copied in) -> (it, its copy)
        self._handles: dict[int, SymbolicTensor] = {}  # id(variable) -> its resource input
        self.variables: list = []            # variables created while this graph was default
        self.captures: dict[int, object] = {}  # id(variable) -> variable captured by this graph
        self._initializers: list = []        # TF1: one AssignVariableOp per created variable
        self._control: list = []             # stack of control_dependencies() lists
        self._scope = ""                      # name prefix of the nodes being made ("mul/")
        self.version = 0                      # bumps with every new node (invalidates plans)
        self.frames_root, self.outer_frames = None, ()  # (a traced function's: FuncGraph)
        self._collections: dict = {}          # TF1's named lists (collections.py)

    # -- the default graph ------------------------------------------------------
    def as_default(self):
        """A context in which ops add nodes to this graph instead of running."""
        return _DefaultGraph(self)

    # -- TF1's collections (collections.py) --------------------------------------------
    def add_to_collection(self, name: str, value) -> None:
        collections.add_to_collection(self, name, value)

    def get_collection(self, name: str, scope: str | None = None) -> list:
        return collections.get_collection(self, name, scope)

    def get_collection_ref(self, name: str) -> list:
        return collections.get_collection_ref(self, name)

    def get_all_collection_keys(self) -> list:
        return collections.get_all_collection_keys(self)

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
        if not index.isdigit() or int(index) >= len(op.outputs):
            raise KeyError(f"The name {name!r} refers to a Tensor which does not exist.")
        return op.outputs[int(index)]

    def unique_name(self, base: str, scoped: bool = True) -> str:
        """TF's naming: "add", then "add_1", "add_2", ... (inside a scope: "mul/ReadVariableOp").

        As in TF, case does not make names different: after `x + y` ("add"), `tf.add(x, y)`
        ("Add") is "Add_1".
        """
        if scoped:
            base = self._scope + base
        key = base.lower()
        n = self._name_counts.get(key, 0)
        self._name_counts[key] = n + 1
        if n == 0:
            return base
        while f"{key}_{n}" in self._name_counts:  # ("add_1" may have been taken by name)
            n += 1
        self._name_counts[f"{key}_{n}"] = 1
        return f"{base}_{n}"

    # -- building -----------------------------------------------------------------
    def _new_node(self, type_, op, inputs, attrs, specs, name=None, variable=None, value=None,
                  unique_name=None):
        # (`unique_name`: a name already made unique by `unique_name()`, used as it is;
        #  `specs`: one Spec per output)
        node = Operation(self, unique_name or (self.unique_name(name, scoped=False) if name else
                                               self.unique_name(_NODE_NAMES.get(type_, type_))),
                         type_, op, inputs, attrs, variable, value)
        self._operations.append(node)
        self._names[node.name] = node
        self._name_counts.setdefault(node.name.lower(), 1)  # (a name given as it is: now taken)
        self.version += 1
        node.outputs.extend(SymbolicTensor(node, spec, i) for i, spec in enumerate(specs))
        for deps in self._control:
            node.control_inputs.extend(d for d in deps if all(d is not c for c in node.control_inputs))
        return node

    def placeholder(self, dtype, shape, name: str = "Placeholder") -> SymbolicTensor:
        """A graph input: a value given when the graph runs (function argument, feed)."""
        dtype = dtypes.as_dtype(dtype)
        dims = None if shape is None else TensorShape(shape)._dims
        check_sane(dims, f"placeholder {name!r}")
        node = self._new_node(PLACEHOLDER, None, (), {"dtype": dtype.as_numpy_dtype, "shape": dims},
                              [Spec(dtype._np, dims)], name=name)
        return node.outputs[0]

    def constant(self, value, name: str = "Const") -> SymbolicTensor:
        """A Const node holding a NumPy value (eager tensors used while tracing end up here)."""
        array = np.asarray(value)
        node = self._new_node(CONST, None, (), {"dtype": array.dtype, "shape": array.shape},
                              [Spec(array.dtype, array.shape, const=array)], name=name, value=value)
        return node.outputs[0]

    def capture(self, x) -> SymbolicTensor:
        """`x` as a tensor of this graph: eager tensors become (cached) Const nodes."""
        if isinstance(x, SymbolicTensor):
            home = x._op.graph
            if home is not self:
                copied = self._copies.get(id(x))
                if copied is not None:  # (a graph copied in: a custom gradient's closure)
                    return copied[1]
                if isinstance(home, FuncGraph) and home not in state.tracing and \
                        getattr(home, "outer", None) is None:
                    # TF's words for a tensor that leaked out of a finished trace (a global set
                    # inside a tf.function, used by another one). (One leaked out of a cond or
                    # while branch is TF's InaccessibleTensorError, a ValueError: below.)
                    error = TypeError(
                        f"{x!r} is out of scope and cannot be used here. Use return values, "
                        "explicit Python locals or TensorFlow collections to access it.\nHint: "
                        f"{x.name} was made while tracing tf.function {home.name!r}; return it "
                        "from that function instead of keeping it in a global or an attribute.")
                    error.ag_pass_through = True  # (TF raises it without "in user code:")
                    raise error
                raise ValueError(f"Tensor {x} must be from the same graph as the operation being "
                                 "built (it belongs to another graph). Hint: a tensor made inside "
                                 "one tf.function or tf.Graph cannot be used in another one (a "
                                 "tf.function defined inside another takes it as an argument).")
            return x
        key = id(x)
        hit = self._consts.get(key)
        if hit is None:
            hit = (x, self.constant(x._value))
            self._consts[key] = hit
        return hit[1]

    def handle_for(self, variable, name: str | None = None, consumer: str = "ReadVariableOp"
                   ) -> SymbolicTensor:
        """The graph's input for a variable's handle (dtype resource), made on first use.

        Running the graph feeds it with the variable itself (or, in a Session,
        with the session's copy of it): the graph captures the variable, not
        its value.
        """
        handle = self._handles.get(id(variable))
        if handle is None:
            self._check_variable(variable)
            value = variable._value
            spec = Spec(np.void, (), const=variable)  # the variable rides along, for shape rules
            node = self._new_node(self._handle_type, None, (),
                                  {"dtype": value.dtype, "shape": np.shape(value)}, [spec],
                                  name=name or self._handle_name(variable, consumer),
                                  variable=variable)
            handle = self._handles[id(variable)] = node.outputs[0]
            self.captures[id(variable)] = variable
        return handle

    _handle_type = VAR_HANDLE

    def _handle_name(self, variable, consumer: str) -> str:
        return variable._name  # TF1: the VarHandleOp is named after the variable

    @contextlib.contextmanager
    def op_scope(self, op, name: str | None = None):
        """Reserves the name of the node `op` is about to make (the caller's `name`, else the
        op's usual one); nodes made meanwhile (the reads of its variable inputs) are named
        inside it, as TF's name scopes do."""
        if op.name == CONST or op.function is not None:
            yield None  # (named otherwise: by the `name` attr, or the callee's nodes)
            return
        if name and name.endswith("/"):  # TF: a scope's own name ("loss/") names the node
            name = name[:-1]             # exactly: the node is the scope ("loss:0")
        else:
            name = self.unique_name(name or _NODE_NAMES.get(op.name, op.name))
        saved, self._scope = self._scope, name + "/"
        try:
            yield name
        finally:
            self._scope = saved

    def add_op(self, op, inputs: tuple, attrs: dict, given: tuple = (), name: str | None = None):
        """Appends `op(inputs, attrs)` as a node; returns its symbolic output (from `execute`).

        The first `op.resources` inputs are Variables: they enter through their
        handle (`handle_for`). `given` are the inputs as the caller passed
        them: a Python number there (converted in `inputs`) becomes a Const node
        named after its op and argument, as in TF: `x * 2.0` makes "mul/y",
        `1.0 - x` makes "sub/x". Returns the output tensor, a tuple of them, or
        for an op without outputs the Operation itself.
        """
        if op.name == CONST:  # tf.constant while building a graph (in the current name scope)
            return self.constant(attrs["value"], name=self._scope + (attrs.get("name") or CONST))
        if op.function is not None:  # a call of a traced function: copy its nodes in
            from .inline import inline_call
            return inline_call(op, inputs)
        n = op.resources
        if n and op.name == "AssignVariableOp" and getattr(inputs[0], "_value", 0) is None:
            return self.initialize_variable(inputs[0], inputs[1])  # tf.Variable(...) while tracing
        name = name or self.unique_name(_NODE_NAMES.get(op.name, op.name))
        values = inputs[n:]
        literals = [i for i, g in enumerate(given[n:]) if not isinstance(g, Tensor)
                    and not hasattr(g, "_is_variable")]
        values = tuple(self.constant(x._value, name=f"{name}/{_arg_name(i, len(values))}")
                       if i in literals else self.capture(x) for i, x in enumerate(values))
        handles = tuple(x if isinstance(x, SymbolicTensor) else self.handle_for(x, consumer=name)
                        for x in inputs[:n])  # (after the values, in TF's order)
        ins = handles + values
        try:
            specs = [] if op.outputs == 0 else infer(op, [x._value for x in ins], attrs)
        except InvalidArgumentError as e:  # TF: a ValueError as the node is made, naming it
            raise trace_error(op.name, name, ins, attrs, e) from None
        node = self._new_node(op.name, op, ins, dict(attrs),
                              specs if isinstance(specs, list) else [specs], unique_name=name)
        for key in op.collections:  # (TF files its summary ops so: collections.py)
            collections.add_to_collection(self, key, node.outputs[0] if node.outputs else node)
        if op.outputs == 0:
            return node
        return node.outputs[0] if op.outputs == 1 else tuple(node.outputs)

    def initialize_variable(self, variable, initial):
        """`tf.Variable(...)` while this graph is built: give the variable its first value.

        TF lifts a variable's initializer out of the function being traced: the
        initial value is computed now, once (a symbolic one from constants, see
        run.evaluate_constant). A TF1 graph also gets an initializer node, run
        by `global_variables_initializer()` in a Session.
        """
        from ..ops.variable_ops import ASSIGN_VARIABLE, store
        value = initial._value
        if isinstance(initial, SymbolicTensor):
            from .run import evaluate_constant
            value = evaluate_constant(initial)
        store(variable, value)
        self.variables.append(variable)
        if self.auto_control_dependencies:
            return None
        # TF1: names are unique in a graph (a second "Variable" is "Variable_1"), and the
        # variable belongs to this graph (it prints without a value, as TF's graph variables do)
        handle = self.handle_for(variable)
        variable._name, variable._graph = handle.op.name, self
        const = self.constant(value, name=f"{variable._name}/Initializer/initial_value")
        node = self._new_node("AssignVariableOp", ASSIGN_VARIABLE, (handle, const), {}, [],
                              name=f"{variable._name}/Assign")
        self._initializers.append(node)
        return node

    def replace_initializer(self, variable, value) -> Operation:
        """TF1's `init_from_checkpoint`: the variable's initializer assigns `value` instead
        (so `global_variables_initializer()` gives it the checkpoint's value)."""
        from ..ops.variable_ops import ASSIGN_VARIABLE
        const = self.constant(value, name=f"{variable._name}/checkpoint_initializer")
        node = self._new_node("AssignVariableOp", ASSIGN_VARIABLE, (self.handle_for(variable), const),
                              {}, [], name=f"{variable._name}/Assign")
        self._initializers = [node if n.inputs[0]._value.const is variable else n
                              for n in self._initializers]
        return node

    def initializer_of(self, variable) -> Operation:
        """The node that assigns `variable` its initial value (TF1's `Variable.initializer`)."""
        return next(n for n in self._initializers if n.inputs[0]._value.const is variable)

    def initializer_for(self, variables=None) -> Operation:
        """A NoOp that runs the initializers (TF1's `global_variables_initializer`)."""
        from ..ops.control_flow_ops import NO_OP
        wanted = None if variables is None else {id(v) for v in variables}
        node = self._new_node("NoOp", NO_OP, (), {}, [], name="init")
        node.control_inputs.extend(n for n in self._initializers
                                   if wanted is None or id(n.inputs[0]._value.const) in wanted)
        return node

    def control_dependencies(self, control_inputs):
        """Nodes made inside run after `control_inputs` (ops or tensors). Mirrors TF's."""
        return _ControlDependencies(self, control_inputs)

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


class _ControlDependencies:
    def __init__(self, graph: Graph, control_inputs):
        ops = []
        for x in control_inputs or []:
            if not isinstance(x, Operation):  # a graph tensor, or what an assignment returned:
                x = getattr(x, "op", None)      # the node that makes it
            if isinstance(x, Operation):
                ops.append(x)
        self._graph, self._ops = graph, ops

    def __enter__(self):
        self._graph._control.append(self._ops)

    def __exit__(self, *exc):
        self._graph._control.pop()


class FuncGraph(Graph):
    """The graph of one traced `tf.function` (TF's FuncGraph).

    Ops without outputs (assignments, prints) always run, in program order:
    TF's automatic control dependencies. `inputs` are the placeholders of the
    arguments (a Variable argument enters as its handle); the variables the
    body uses otherwise are *captured*: their handles become extra inputs,
    fed with the variables on every call (`captured_variables`).
    """

    auto_control_dependencies = True
    _handle_type = PLACEHOLDER

    def __init__(self, name: str, may_create_variables: bool = True):
        super().__init__()
        self.frames_root, self.outer_frames = trace_root()  # (nodes' frames stop there)
        self.name = name
        self.inputs: list = []
        self.outputs: list = []
        self.may_create_variables = may_create_variables  # only on a function's first trace
        self.created_variables = 0  # how many tf.Variables this trace created

    def bind_variable_argument(self, variable, name: str) -> SymbolicTensor:
        """A Variable passed as an argument: an input placeholder for its handle.

        Each call feeds the variable it passes (TF's VariableSpec: any variable of
        the same dtype and shape runs the same graph).
        """
        handle = self.handle_for(variable, name=name)
        self.captures.pop(id(variable), None)  # an argument, not a capture (f(a, a): bound twice)
        self.inputs.append(handle)
        return handle

    @property
    def captured_variables(self) -> list:
        """The variables the graph captures, in the order their handles were made."""
        return list(self.captures.values())

    def _handle_name(self, variable, consumer: str) -> str:
        # TF names a captured handle after the op that first needed it: mul/ReadVariableOp/resource
        return f"{consumer}/resource"

    def variable_created(self) -> None:
        """A tf.Variable was made while this function was traced (in its graph, or lifted out of
        it by init_scope, as an optimizer's slots are): TF allows that on the first trace only."""
        if not self.may_create_variables:
            raise ValueError(
                "tf.function only supports singleton tf.Variables created on the first call. "
                "Make sure the tf.Variable is only created once or created outside tf.function. "
                "See https://www.tensorflow.org/guide/function#creating_tfvariables for more "
                "information.")
        self.created_variables += 1


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


# -- the mode: eager, or building a graph (only this module and execute.py look) ---------------
def executing_eagerly() -> bool:
    """False while a graph is being built (tracing, TF1 graph mode). Mirrors `tf.executing_eagerly`."""
    return state.graph is None


def placeholder(dtype, shape=None, name=None) -> SymbolicTensor:
    """A graph input that `Session.run` fills from `feed_dict`. Mirrors `tf.compat.v1.placeholder`.

    >>> x = tf.compat.v1.placeholder(tf.float32, shape=[None, 3])
    """
    if state.graph is None:
        raise RuntimeError("tf.placeholder() is not compatible with eager execution. Use it under "
                           "`with tf.Graph().as_default():` or after "
                           "tf.compat.v1.disable_eager_execution().")
    graph = get_default_graph()
    return graph.placeholder(dtype, shape, graph._scope + (name or "Placeholder"))


def disable_eager_execution() -> None:
    """From now on ops build the global default graph (TF1 behaviour)."""
    state.graph = get_default_graph()


def enable_eager_execution(config=None, device_policy=None, execution_mode=None) -> None:
    """Back to eager execution (real TF allows this only at program start; notebooks need it)."""
    if _stack:
        raise ValueError("tf.enable_eager_execution must not be called inside a graph context.")
    state.graph = None
