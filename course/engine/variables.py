"""`tf.Variable`: mutable state, such as a model's weights.

A Variable holds a value you can change with `assign`, `assign_add` and
`assign_sub`. Every use of a Variable in an op first *reads* it, and the read
is an op of its own (`ReadVariableOp`): that is how a GradientTape notices
trainable variables without being told, and how a traced graph keeps a link
to the variable rather than freezing today's value.

    >>> v = tf.Variable(1.0)
    >>> v.assign_add(0.5)
    >>> v
    <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.5>
"""
from __future__ import annotations

import functools
import sys
import weakref

import numpy as np

from . import dtypes
from .context import state
from .execute import Op
from .tape import record_read
from .errors import invalid_argument
from .ops import register
from .tensor import Tensor, TensorOperators, TensorShape, convert_to_tensor
from .ops import array_ops as _array
from .ops import index_ops as _index

__all__ = ["Variable"]

# forward gets the variable's current value; reading is the identity, so is its gradient.
READ_VARIABLE = register(Op("ReadVariableOp", lambda value: value, lambda op, dy: (dy,),
                            dtypes=dtypes.ALL))


def _update(ufunc, value, delta):
    """value (+ or -) delta, both of the variable's dtype: `ufunc`, or for a float scalar
    Python's operator (NumPy's scalar math: the same result, ten times quicker)."""
    if value.ndim == 0 and value.dtype.kind == "f":
        return value + delta if ufunc is np.add else value - delta
    return ufunc(value, delta, dtype=value.dtype)


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


class Variable(TensorOperators):
    """A mutable tensor-like value. Mirrors `tf.Variable`.

    Arithmetic on a Variable reads it and gives a `Tensor`:

    >>> w = tf.Variable([1.0, 2.0], name="w")
    >>> w * 2
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([2., 4.], dtype=float32)>
    """

    _is_variable = True  # lets tapes and graphs recognise variables without importing this
    __array_priority__ = 100

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
        self._value = tensor._value
        self._snapshot = None  # the Tensor that reads return while the value is unchanged
        self._trainable = bool(trainable)
        self._name = "Variable" if name is None else str(name)
        self._constraint = constraint
        self._shape = TensorShape(self._value.shape if shape is None or validate_shape else shape)
        if state.graph is not None:  # made while a graph is built: see Graph.variable_created
            self._value = state.graph.variable_created(self, tensor)._value

    # -- what it is ---------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name + ":0"

    @property
    def dtype(self) -> dtypes.DType:
        return dtypes.from_numpy(self._value.dtype)

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
        """The current value as a new Tensor; tapes and graphs see the read."""
        if state.graph is not None:
            return state.graph.read_variable(self)
        out = Tensor(self._value)
        if state.tapes:
            record_read(READ_VARIABLE, self, out)
        return out

    def _read_for_op(self) -> Tensor:
        """The read behind `v * 2` and friends: like `read_value`, but shared.

        Tensors are immutable and `assign` installs a new array, so the reads
        that ops make of an unchanged value can share one snapshot Tensor (and
        one tape record). Nobody outside the op sees that tensor, so sharing it
        changes no result; `read_value()` still gives a distinct tensor each time.
        """
        if state.graph is not None:
            return state.graph.read_variable(self)
        out = self._snapshot
        if out is None or out._value is not self._value:  # assigned since: a new snapshot
            out = self._snapshot = Tensor(self._value)
        if state.tapes:
            record_read(READ_VARIABLE, self, out)
        return out

    value = read_value

    def __tf_tensor__(self, dtype=None, name=None) -> Tensor:
        if dtype is not None and dtypes.as_dtype(dtype) is not self.dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} "
                             f"for variable {self.name!r} with dtype {self.dtype.name}.")
        return self.read_value()

    def numpy(self):
        """The current value as a NumPy array (a copy)."""
        value = self._value
        return value.copy() if isinstance(value, np.ndarray) else value

    def __array__(self, dtype=None, copy=None):
        return np.array(self._value, dtype=dtype)

    # -- writing ---------------------------------------------------------------------
    def _checked(self, value, what: str) -> np.ndarray:
        """`value` as an array of this variable's dtype and shape, or TF's error."""
        if type(value) is Tensor and value._value.dtype == self._value.dtype:
            new = value._value  # the usual case (an optimizer's update), without conversion
        else:
            if isinstance(value, Variable):
                value = value.read_value()
            new = convert_to_tensor(value, dtype=self.dtype)._value
        if new.shape == self._value.shape:
            return new
        if what != "assign value":
            # TF: assign_add/assign_sub check shapes in the op (InvalidArgumentError)
            op = "AssignAddVariableOp" if what == "assign_add" else "AssignSubVariableOp"
            raise invalid_argument(
                op, f"Cannot update variable with shape {_dims(self._value.shape)} using a Tensor "
                    f"with shape {_dims(new.shape)}, shapes must be equal.",
                f"the update must have the variable's shape {list(self._value.shape)}.")
        raise ValueError(
            f"Cannot {what} to variable '{self.name}': Shape mismatch. The variable shape "
            f"{TensorShape(self._value.shape)}, and the assigned value shape "
            f"{TensorShape(new.shape)} are incompatible. Hint: a Variable keeps its shape; "
            "create a new Variable for a value of another shape.")

    def _store(self, new) -> "Variable":
        if self._constraint is not None:
            new = convert_to_tensor(self._constraint(Tensor(new)))._value
        if isinstance(new, np.ndarray):
            new.flags.writeable = False
        self._value = new  # a new array: tensors read earlier keep their values
        return self

    def assign(self, value, use_locking=None, name=None, read_value: bool = True):
        """Replaces the value; dtype and shape must match. Mirrors `tf.Variable.assign`."""
        if state.graph is not None:  # inside tf.function: an AssignVariableOp node
            return state.graph.assign_variable(self, "AssignVariableOp", value)
        return self._store(self._checked(value, "assign value"))

    def assign_add(self, delta, use_locking=None, name=None, read_value: bool = True):
        """Adds `delta` to the value. Mirrors `tf.Variable.assign_add`."""
        if state.graph is not None:
            return state.graph.assign_variable(self, "AssignAddVariableOp", delta)
        delta = self._checked(delta, "assign_add")
        return self._store(_update(np.add, self._value, delta))

    def assign_sub(self, delta, use_locking=None, name=None, read_value: bool = True):
        """Subtracts `delta` from the value. Mirrors `tf.Variable.assign_sub`."""
        if state.graph is not None:
            return state.graph.assign_variable(self, "AssignSubVariableOp", delta)
        delta = self._checked(delta, "assign_sub")
        return self._store(_update(np.subtract, self._value, delta))

    def _update_inplace(self, update) -> None:
        """Optimizers' fast path, eager mode only: `update(buffer)` changes the value in place.

        `update` receives a writable NumPy array holding the current value and
        modifies it with `out=` operations, so a training step allocates no new
        weight arrays. Tensors stay immutable: if anything else can still see
        the current array (a Tensor read earlier, a view), the update goes to a
        fresh copy instead, exactly like `assign`. Constraints are not applied
        here; optimizers use `assign_*` for constrained variables.
        """
        if state.graph is not None:
            raise RuntimeError("_update_inplace is for eager execution; use assign_sub in graphs.")
        if self._snapshot is not None and sys.getrefcount(self._snapshot) <= 2:
            self._snapshot = None  # only we held the last read: it may go
        value = self._value
        # 3 references = self._value, the local `value`, getrefcount's argument: nobody else.
        if not (isinstance(value, np.ndarray) and value.flags.owndata
                and sys.getrefcount(value) <= 3):
            value = np.array(value, dtype=self._value.dtype)
        value.flags.writeable = True
        update(value)
        value.flags.writeable = False
        self._value = value if value.ndim else value[()]

    # -- Python protocol ------------------------------------------------------------------
    def __repr__(self) -> str:
        value = self._value
        text = repr(value.item()) if value.ndim == 0 else repr(value)
        if "\n" in text:
            text = "\n" + text
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}, numpy={text}>"

    def __len__(self) -> int:
        return len(self.read_value())

    def __iter__(self):
        return iter(self.read_value())

    def __bool__(self) -> bool:
        return bool(self._value)

    def __float__(self) -> float:
        return float(self._value)

    def __int__(self) -> int:
        return int(self._value)

    def __hash__(self):
        raise TypeError("Variable is unhashable. Instead, use variable.ref() as the key.")

    def ref(self):
        """A hashable reference for dict keys and sets (as in TF)."""
        from .tensor import TensorRef
        return TensorRef(self)

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
