"""`tf.Variable`: mutable state, such as a model's weights.

A Variable holds a value you can change with `assign`, `assign_add` and
`assign_sub`. Reading it and changing it are ops, like everything else that
touches state (ops/variable_ops.py): every use of a Variable in an op first
*reads* it (`ReadVariableOp`), which is how a GradientTape notices trainable
variables without being told, and how a traced graph keeps a link to the
variable rather than freezing today's value.

    >>> v = tf.Variable(1.0)
    >>> v.assign_add(0.5)
    <tf.Variable 'UnreadVariable' shape=() dtype=float32, numpy=1.5>
"""
from __future__ import annotations

import functools
import weakref

import numpy as np

from . import dtypes
from .errors import invalid_argument
from .execute import execute, state
from .graph.scopes import control_dependencies
from .ops.variable_ops import ASSIGN_ADD_VARIABLE, ASSIGN_SUB_VARIABLE, ASSIGN_VARIABLE, READ_VARIABLE
from .tape import variable_accessed
from .tensor import Tensor, TensorOperators, TensorShape, convert_to_tensor
from .ops import array_ops as _array
from .ops import index_ops as _index

__all__ = ["Variable"]


# tf.distribute's hook (distribute/mirrored_variable.py): inside a MirroredStrategy's scope it
# returns an empty MirroredVariable for tf.Variable(...) to initialise; elsewhere None.
creator_hook = None


def _dims(shape) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


class Variable(TensorOperators):
    """A mutable tensor-like value. Mirrors `tf.Variable`.

    Arithmetic on a Variable reads it and gives a `Tensor`:

    >>> w = tf.Variable([1.0, 2.0], name="w")
    >>> w * 2
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([2., 4.], dtype=float32)>
    """

    _is_variable = True  # lets tapes and graphs recognise variables without importing this
    __array_priority__ = 100
    _graph = None  # the TF1 graph that made it (set by Graph.initialize_variable)

    def __new__(cls, *args, **kwargs):
        made = creator_hook() if cls is Variable and creator_hook is not None else None
        # (when the hook made one, Python runs its own __init__ with these arguments)
        return made if made is not None else super().__new__(cls)

    def __init__(self, initial_value=None, trainable: bool = True, validate_shape: bool = True,
                 caching_device=None, name=None, variable_def=None, dtype=None,
                 import_scope=None, constraint=None, synchronization=None,
                 aggregation=None, shape=None):
        if initial_value is None:
            raise ValueError("The `initial_value` argument to `tf.Variable` must be specified.")
        if callable(initial_value):
            initial_value = initial_value()
        value = initial_value.read_value() if isinstance(initial_value, Variable) else initial_value
        if isinstance(value, Tensor) and dtype is not None and value.dtype is not dtypes.as_dtype(dtype):
            # TF converts, never casts, an initial tensor: a dtype clash is an error
            raise ValueError(f"initial_value: Tensor conversion requested dtype "
                             f"{dtypes.as_dtype(dtype).name} for Tensor with dtype "
                             f"{value.dtype.name}: {value!r}. Hint: tf.cast it first.")
        tensor = convert_to_tensor(value, dtype=dtype)
        for function_graph in state.tracing:  # (TF's variable creator scopes: see context.py)
            function_graph.variable_created()
        self._value = None  # no value until the initializing assignment below
        self._dtype = tensor.dtype
        self._trainable = bool(trainable)
        # (inside tf.name_scope("layer1"), "w" is "layer1/w", as in TF)
        self._name = state.name_scope + ("Variable" if name is None else str(name))
        self._constraint = constraint
        # TF: creating a variable is VarHandleOp + AssignVariableOp of the initial value.
        # (In tf.function and TF1 graphs the graph builder decides what that means: see
        # Graph.initialize_variable in graph/core.py.)
        execute(ASSIGN_VARIABLE, (self, tensor))

    # -- what it is ---------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name + ":0"

    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._value.shape)

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def trainable(self) -> bool:
        return self._trainable

    @property
    def constraint(self):
        return self._constraint

    @property
    def device(self) -> str:
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    def get_shape(self) -> TensorShape:
        return self.shape

    # -- reading ---------------------------------------------------------------------
    def read_value(self) -> Tensor:
        """The current value as a Tensor: a `ReadVariableOp` (tapes and graphs see it)."""
        variable_accessed(self)
        return execute(READ_VARIABLE, (self,))

    value = read_value

    def __tf_tensor__(self, dtype=None, name=None) -> Tensor:
        if dtype is not None and dtypes.as_dtype(dtype) is not self.dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} "
                             f"for variable {self.name!r} with dtype {self.dtype.name}.")
        return self.read_value()

    @property
    def initializer(self):
        """TF1: the op that gives a graph's variable its initial value when a Session runs it
        (`sess.run(v.initializer)`); None for an eager variable, as in TF2."""
        return None if self._graph is None else self._graph.initializer_of(self)

    def eval(self, session=None):
        """TF1: the value in `session` (the default session if None). Mirrors `Variable.eval`."""
        from .session import run_with_default_session
        return run_with_default_session(self, None, session, "evaluate tensor using `eval()`")

    def numpy(self):
        """The current value as a NumPy array (a copy); rank 0 gives a NumPy scalar, or `bytes`
        for a tf.string, as `Tensor.numpy`."""
        value = self._value
        if isinstance(value, np.ndarray):   # (a string scalar is kept as a 0-d object array)
            return value[()] if value.ndim == 0 else value.copy()
        return value

    def __array__(self, dtype=None, copy=None):
        return np.array(self._value, dtype=dtype)

    # -- writing ---------------------------------------------------------------------
    def _checked(self, value, what: str) -> Tensor:
        """`value` as a tensor of this variable's dtype and (compatible) shape, or TF's error."""
        if type(value) is Tensor and value._value.dtype == self._value.dtype:
            new = value  # the usual case (an optimizer's update), without conversion
        else:
            if hasattr(value, "_is_variable"):
                value = value.read_value()
            new = convert_to_tensor(value, dtype=self.dtype)
        if new._value.shape == self._value.shape or \
                TensorShape(self._value.shape).is_compatible_with(new._value.shape):
            return new
        if what != "assign value":
            # TF: assign_add/assign_sub check shapes in the op (InvalidArgumentError)
            op = "AssignAddVariableOp" if what == "assign_add" else "AssignSubVariableOp"
            raise invalid_argument(
                op, f"Cannot update variable with shape {_dims(self._value.shape)} using a Tensor "
                    f"with shape {_dims(new._value.shape)}, shapes must be equal.",
                f"the update must have the variable's shape {list(self._value.shape)}.")
        raise ValueError(
            f"Cannot {what} to variable '{self.name}': Shape mismatch. The variable shape "
            f"{TensorShape(self._value.shape)}, and the assigned value shape "
            f"{TensorShape(new._value.shape)} are incompatible. Hint: a Variable keeps its shape; "
            "create a new Variable for a value of another shape.")

    def assign(self, value, use_locking=None, name=None, read_value: bool = True):
        """Replaces the value; dtype and shape must match. Mirrors `tf.Variable.assign`.

        Returns the variable, to be read after the assignment (TF's `UnreadVariable`).
        """
        op = execute(ASSIGN_VARIABLE, (self, self._checked(value, "assign value")))
        return _UnreadVariable(self, op) if read_value else op

    def assign_add(self, delta, use_locking=None, name=None, read_value: bool = True):
        """Adds `delta` to the value. Mirrors `tf.Variable.assign_add`."""
        op = execute(ASSIGN_ADD_VARIABLE, (self, self._checked(delta, "assign_add")))
        return _UnreadVariable(self, op) if read_value else op

    def assign_sub(self, delta, use_locking=None, name=None, read_value: bool = True):
        """Subtracts `delta` from the value. Mirrors `tf.Variable.assign_sub`."""
        op = execute(ASSIGN_SUB_VARIABLE, (self, self._checked(delta, "assign_sub")))
        return _UnreadVariable(self, op) if read_value else op

    # -- Python protocol ------------------------------------------------------------------
    def __repr__(self) -> str:
        return self._repr(self.name)

    def _repr(self, name: str) -> str:
        if self._graph is not None:  # a TF1 graph's variable: its value lives in each Session
            return f"<tf.Variable '{name}' shape={self.shape} dtype={self.dtype.name}>"
        value = self._value
        text = repr(value.item()) if value.ndim == 0 else repr(value)
        if "\n" in text:
            text = "\n" + text
        return f"<tf.Variable '{name}' shape={self.shape} dtype={self.dtype.name}, numpy={text}>"

    def __len__(self) -> int:
        return len(self.read_value())

    def __iter__(self):
        return iter(self.read_value())

    def __bool__(self) -> bool:
        return bool(self.read_value())

    def __float__(self) -> float:
        return float(self._value)

    def __int__(self) -> int:
        return int(self._value)

    def ref(self):
        """A hashable reference for dict keys and sets (as in TF)."""
        from .tensor import Reference
        return Reference(self)

    def __reduce__(self):
        raise TypeError("Variables cannot be pickled; save them with tf.train.Checkpoint.")

    def __copy__(self) -> "Variable":
        return self  # TF: copy.copy of a Variable is the Variable itself

    def __deepcopy__(self, memo) -> "Variable":
        """A new Variable with a copy of the value (same name, dtype, trainability), as TF."""
        copied = Variable(self._value, trainable=self._trainable, name=self._name,
                          constraint=self._constraint)
        memo[id(self)] = copied
        return copied

    # -- sliced assignment: v[0].assign(1.0) ----------------------------------------------------------
    def __getitem__(self, key):
        """`v[key]` is the tensor `v.read_value()[key]`, which can be assigned to, as in TF:

        >>> v = tf.Variable([1.0, 2.0, 3.0])
        >>> v[1:].assign([20.0, 30.0])
        <tf.Variable 'Variable:0' shape=(3,) dtype=float32, numpy=array([ 1., 20., 30.], dtype=float32)>
        """
        out = _index.strided_slice(self, key)
        if not (isinstance(key, (Tensor, np.ndarray)) and np.asarray(key).dtype == bool):
            # remember where the slice came from, for as long as the slice lives
            _SLICES[id(out)] = (weakref.ref(out, lambda _, i=id(out): _SLICES.pop(i, None)), self,
                                _index._normalize_key(key))
        return out


_SLICES: dict = {}  # id(sliced tensor) -> (weak reference to it, variable, key)


def slice_assigner(tensor):
    """What `tensor.assign` is for a slice of a Variable (see `Tensor.assign`)."""
    entry = _SLICES.get(id(tensor))
    if entry is None or entry[0]() is not tensor:
        raise AttributeError(f"'{type(tensor).__name__}' object has no attribute 'assign'. Tensors "
                             "are immutable: only a tf.Variable (or a slice of one, v[0]) can be "
                             "assigned to.")
    _, variable, key = entry
    return functools.partial(_assign_slice, variable, key, tensor)


def _assign_slice(variable: Variable, key: tuple, sliced: Tensor, value, use_locking=None,
                  name=None, read_value: bool = True) -> Variable:
    """Writes `value` (broadcast to the slice's shape) into `variable` at `key`.

    Built from ops, so it also works inside tf.function: the new value is the old
    one with `value` scattered into the slice (StridedSliceGrad, then SelectV2).
    """
    value = convert_to_tensor(value.read_value() if isinstance(value, Variable) else value,
                              dtype=variable.dtype)
    value = _array.broadcast_to(value, sliced._value.shape)
    shape = variable._value.shape
    scattered = _index.strided_slice_grad(value, shape, key)
    inside = _index.strided_slice_grad(_array.ones_like(value, dtype=dtypes.bool), shape, key)
    return variable.assign(_index.where(inside, scattered, variable.read_value()))

class _UnreadVariable(TensorOperators):
    """What `assign` returns (TF's `_UnreadVariable`): the variable, read only when used.

    A read through it comes after the assignment, also in a graph, where it
    depends on the assignment node (`tf.control_dependencies`).
    """

    _is_variable = True
    __array_priority__ = 100

    def __init__(self, variable: Variable, assign_op):
        self._variable = variable
        self._assign_op = assign_op  # None when executing eagerly (the value is already there)

    @property
    def name(self) -> str:
        return "UnreadVariable"

    @property
    def op(self):
        """The assignment's Operation in a graph (what `tf.group` and control dependencies
        wait for); None when executing eagerly, as in TF."""
        return self._assign_op

    @property
    def dtype(self) -> dtypes.DType:
        return self._variable.dtype

    @property
    def shape(self) -> TensorShape:
        return self._variable.shape

    @property
    def _value(self):
        return self._variable._value

    @property
    def _trainable(self) -> bool:
        return self._variable._trainable

    @property
    def trainable(self) -> bool:
        return self._variable.trainable

    def read_value(self) -> Tensor:
        with control_dependencies([] if self._assign_op is None else [self._assign_op]):
            return self._variable.read_value()

    value = read_value

    def __tf_tensor__(self, dtype=None, name=None) -> Tensor:
        return self._variable.__tf_tensor__(dtype, name) if self._assign_op is None else \
            self.read_value()

    def numpy(self):
        return self._variable.numpy()

    def __array__(self, dtype=None, copy=None):
        return self._variable.__array__(dtype, copy)

    def assign(self, value, use_locking=None, name=None, read_value: bool = True):
        return self._variable.assign(value, use_locking, name, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value: bool = True):
        return self._variable.assign_add(delta, use_locking, name, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value: bool = True):
        return self._variable.assign_sub(delta, use_locking, name, read_value)

    def __float__(self) -> float:
        return float(self.read_value())

    def __int__(self) -> int:
        return int(self.read_value())

    def __bool__(self) -> bool:
        return bool(self.read_value())

    def __format__(self, format_spec: str) -> str:
        return format(self.read_value(), format_spec)

    def __repr__(self) -> str:
        if self._assign_op is not None:  # in a graph: no value to show
            return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}>"
        return self._variable._repr(self.name)
