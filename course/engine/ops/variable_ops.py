"""Reading and writing Variables: `ReadVariableOp` and the `Assign*VariableOp` ops.

A Variable is state: a buffer that outlives any one op. TF never lets an op
reach it by magic; the op receives the variable's *handle* as an input (a
tensor of dtype `resource`) and reads or changes the buffer behind it:

    ReadVariableOp(v)           -> a tensor holding v's current value
    AssignVariableOp(v, value)       v = value
    AssignAddVariableOp(v, delta)    v = v + delta
    AssignSubVariableOp(v, delta)    v = v - delta

Here the handle is the Variable object itself (see `Op.resources` in
execute.py): eagerly the kernel gets the Variable; in a graph the variable
enters as a placeholder of dtype `resource`, fed with the variable each time
the graph runs. That is why a traced function keeps seeing the variable's
*current* value instead of a frozen copy.

Reading shares the buffer (no copy), and tensors are immutable, so an op
that changes a variable in place must first make sure nobody else can see
the buffer. TF does this with the buffer's reference count (copy-on-write,
`PrepareToUpdateVariable`); Python counts references too (`writable_buffer`).

Read next: ../variables.py (the Variable class), training_ops.py (the
optimizers' update kernels, which use `writable_buffer` too).
"""
from __future__ import annotations

import sys

import numpy as np

from .. import dtypes
from ..errors import FailedPreconditionError, InvalidArgumentError
from ..execute import Op
from . import register

__all__ = ["READ_VARIABLE", "ASSIGN_VARIABLE", "ASSIGN_ADD_VARIABLE", "ASSIGN_SUB_VARIABLE",
           "writable_buffer", "store"]

_ANY = dtypes.ALL | {dtypes.string}


def _value_of(variable):
    value = variable._value
    if value is None:
        # TF1: a graph's variable has no value in a Session until its initializer ran
        raise FailedPreconditionError(
            None, "ReadVariableOp",
            f"Could not find variable {variable._name}. This could mean that the variable has "
            "been deleted. In TF1, it can also mean the variable is uninitialized. Hint: run "
            "session.run(tf.compat.v1.global_variables_initializer()) first.")
    return value


def writable_buffer(variable) -> np.ndarray:
    """The variable's buffer, ready to be changed in place: TF's copy-on-write.

    The update may overwrite the current buffer only if nothing but the
    variable refers to it. A tensor read earlier (or a NumPy view of one)
    holds a reference too, and tensors never change: then the update goes to
    a fresh copy and the reader keeps the old value.
    """
    value = _value_of(variable)
    # References: variable._value, `value` here, and getrefcount's own argument.
    if type(value) is np.ndarray and value.base is None and sys.getrefcount(value) <= 3:
        value.flags.writeable = True
        return value
    return np.array(value, dtype=value.dtype)  # someone can still see the old value


def store(variable, new) -> None:
    """Makes `new` (an array of the variable's dtype and shape) the variable's value."""
    old = variable._value
    if old is not None and new.shape != old.shape:  # (NumPy scalars have a shape too: ())
        raise InvalidArgumentError(
            None, "AssignVariableOp",
            f"Trying to assign a value of shape {list(np.shape(new))} to variable "
            f"'{variable._name}:0' of shape {list(np.shape(old))}")
    if type(new) is np.ndarray:
        if new.ndim == 0 and new.dtype.kind != "O":
            new = new[()]  # rank 0: a NumPy scalar, as tensors hold them (strings stay 0-d arrays)
        else:
            new.flags.writeable = False  # nobody changes it behind the variable's back
    variable._value = new


# -- ReadVariableOp: the value, as a tensor; the gradient passes straight to the variable ----------
READ_VARIABLE = register(Op("ReadVariableOp", _value_of, lambda op, dy: (dy,), dtypes=_ANY,
                            resources=1))


# -- AssignVariableOp family: no outputs, run for their effect --------------------------------------
def _assign(variable, value) -> None:
    store(variable, value)


def _update(ufunc):
    def kernel(variable, delta) -> None:
        shape = _value_of(variable).shape
        if delta.shape != shape:
            raise InvalidArgumentError(
                None, "AssignUpdateVariableOp",
                f"Cannot update variable with shape {list(shape)} using a Tensor with "
                f"shape {list(np.shape(delta))}, shapes must be equal.")
        if not shape:  # a scalar: no buffer to reuse
            value = variable._value
            if value.dtype.kind == "f":  # NumPy's scalar math: the same result, ten times quicker
                store(variable, value + delta if ufunc is np.add else value - delta)
            else:  # (integers: the ufunc, which wraps on overflow silently, as TF does)
                store(variable, ufunc(value, delta, dtype=value.dtype)[()])
            return
        buffer = writable_buffer(variable)  # (no other local may hold the buffer here)
        ufunc(buffer, delta, out=buffer, dtype=buffer.dtype)  # (ints wrap silently, as in TF)
        store(variable, buffer)
    return kernel


ASSIGN_VARIABLE = register(Op("AssignVariableOp", _assign, None, dtypes=_ANY, resources=1,
                              outputs=0))
ASSIGN_ADD_VARIABLE = register(Op("AssignAddVariableOp", _update(np.add), None,
                                  dtypes=dtypes.NUMERIC | dtypes.COMPLEX, resources=1, outputs=0))
ASSIGN_SUB_VARIABLE = register(Op("AssignSubVariableOp", _update(np.subtract), None,
                                  dtypes=dtypes.NUMERIC | dtypes.COMPLEX, resources=1, outputs=0))
