"""What converted code calls: `ag.if_stmt`, `ag.and_`, `ag.call`, ... (TF's autograph operators).

Converted code (see `tf.autograph.to_code`) names this module `ag`. Each
operator looks at its values *when it runs* and picks Python's meaning or
TensorFlow's:

    ag.if_stmt(cond, if_true, if_false)   Python `if` for a Python cond; tf.cond for a tensor
    ag.and_(a, b), ag.or_, ag.not_        Python's operators, or tf.logical_* (lazily)
    ag.if_exp(cond, a, b)                 `a if cond else b`, or tf.cond
    ag.call(f, *args)                     f converted first (if it is user code); len, range,
                                          abs, int, float, min, max on tensors: TF's versions
    ag.ld(x)                              x, or Python's error if x has no value yet
    ag.ldu(lambda: self.x, 'self.x')      an attribute or key, or Undefined if it has none

So a Python condition stays Python: `if training:` with a Python bool
traces only the branch taken, exactly as TensorFlow does. The loops
(`ag.while_stmt`, `ag.for_stmt`) are in loops.py.
"""
from __future__ import annotations

import builtins

import numpy as np

from .. import dtypes
from ..ops import array_ops, math_ops, reduce_ops, unary_ops
from ..ops.branch_graphs import flatten, same_structure
from ..ops.cond_ops import cond
from ..ops.creation_ops import range as tf_range
from ..tensor import Tensor, convert_to_tensor
from .loops import for_stmt, register_for_loop, reduce_for_loop, while_stmt  # noqa: F401

__all__ = ["Undefined", "UndefinedReturnValue", "ld", "ldu", "return_value", "if_stmt", "if_exp",
           "and_", "or_", "not_", "call", "while_stmt", "for_stmt",
           "register_for_loop", "reduce_for_loop"]


# -- variables that have no value yet -------------------------------------------------------------
class Undefined:
    """The value of a variable not assigned yet (so that it can be passed to a branch or loop)."""

    __slots__ = ("symbol_name",)

    def __init__(self, symbol_name: str):
        self.symbol_name = symbol_name

    def read(self):
        raise UnboundLocalError(f"'{self.symbol_name}' is used before assignment")

    def __repr__(self) -> str:
        return self.symbol_name


class UndefinedReturnValue:
    """The return value of a function that has not returned yet."""

    def __repr__(self) -> str:
        return "UndefinedReturnValue"


def ld(value):
    """A variable's value, or Python's UnboundLocalError if it has none yet."""
    if isinstance(value, Undefined):
        value.read()
    return value


def ldu(read, name: str):
    """`read()`, or Undefined(name) if the attribute, key or name does not exist (yet).

    How converted code reads an attribute or subscript that a tensor `if` or
    loop assigns (get_state): `d['n']` may first be set inside the statement.
    """
    try:
        return read()
    except (KeyError, AttributeError, NameError):  # (TF's choice: an IndexError still raises)
        return Undefined(name)


def return_value(value):
    """What the function returns: None if no `return` ran (Python's rule)."""
    return None if isinstance(value, UndefinedReturnValue) else value


def is_tensor(x) -> bool:
    return isinstance(x, Tensor)


# -- if ------------------------------------------------------------------------------------------
def condition(value, tag: str):
    """`value` as the scalar bool tensor of a TF cond/loop (TF's _verify_tf_condition)."""
    if value.dtype is not dtypes.bool:
        raise ValueError(f"condition of {tag} expected to be `tf.bool` scalar, got {value}; to use "
                         "as boolean Tensor, use `tf.cast`; to check for None, use `is not None`")
    shape = value._value.shape
    if shape is None or shape:
        known = [d for d in (shape or ()) if d is not None]
        if shape is not None and int(np.prod(known)) > 1:
            raise ValueError(f"condition of {tag} expected to be `tf.bool` scalar, got {value}; "
                             "to check for None, use `is not None`")
        value = array_ops.reshape(value, ())
    return value


def _as_tuple(values, n: int) -> tuple:
    if n == 1:
        return (values,)
    return tuple(values) if n else ()


def _unpack(values: tuple, n: int):
    return values[0] if n == 1 else tuple(values) if n else None


def _no_state():
    return ()


def if_stmt(cond_value, if_true, if_false, inputs=(), outputs=(), get_state=_no_state,
            set_state=None, composites=()):
    """An `if` statement: Python's for a Python condition, `tf.cond` for a tensor.

    `if_true(*inputs)` and `if_false(*inputs)` return the values of the
    variables named in `outputs` (one value, a tuple, or nothing). The
    attributes and subscripts named in `composites` are read by `get_state()`
    and written by `set_state(values)`: with a tensor condition each branch
    starts from their values before the `if`, and they are outputs of the cond.
    """
    if not is_tensor(cond_value):
        return if_true(*inputs) if cond_value else if_false(*inputs)
    n = len(outputs)
    names = tuple(outputs) + tuple(composites)
    before = tuple(get_state())
    seen = {}

    def staged(fn, branch: str):
        def run():
            if composites:
                set_state(before)  # (the other branch, traced first, changed them)
            values = _as_tuple(fn(*inputs), n) + tuple(get_state())
            _check_branch(values, names, branch)
            seen[branch] = values
            if branch == "else" and "main" in seen:
                _check_both(seen["main"], values, names)
            return values
        return run

    result = cond(condition(cond_value, "if statement"), staged(if_true, "main"),
                  staged(if_false, "else"))
    result = tuple(result) if names else ()  # (the branches' tuple, packed by cond)
    if composites:
        set_state(result[n:])
    return _unpack(result[:n], n)


def _check_branch(values, names, branch: str) -> None:
    """TF's errors for a variable a branch leaves without a value."""
    for name, value in zip(names, values):
        if isinstance(value, UndefinedReturnValue):
            raise ValueError(f"the {branch} branch must also have a return statement.")
        if isinstance(value, Undefined):
            raise ValueError(f"'{name}' must also be initialized in the {branch} branch")
        if value is None:
            raise ValueError(f"'{name}' is None at the end of the {branch} branch.")


def _check_both(main, other, names) -> None:
    """TF's errors for a variable that differs in structure or dtype between the branches."""
    for name, a, b in zip(names, main, other):
        if not same_structure(a, b) or len(flatten(a)) != len(flatten(b)):
            raise TypeError(f"'{name}' must have the same nested structure in the main and else "
                            f"branches:\n\nThe two structures don't have the same nested structure."
                            f"\n\nFirst structure: {a}\n\nSecond structure: {b}")
        for x, y in zip(flatten(a), flatten(b)):
            dx, dy = _dtype_of(x), _dtype_of(y)
            if dx is not None and dy is not None and dx is not dy:
                raise TypeError(f"'{name}' has dtype {dx.name} in the main branch, but dtype "
                                f"{dy.name} in the else branch")


def _dtype_of(x):
    if isinstance(x, Tensor):
        return x.dtype
    if isinstance(x, (bool, int, float, str, np.ndarray, np.generic)):
        return convert_to_tensor(x).dtype
    return None


def if_exp(cond_value, if_true, if_false):
    """`a if cond else b`: Python's for a Python condition, `tf.cond` for a tensor."""
    if is_tensor(cond_value):
        return cond(condition(cond_value, "if expression"), if_true, if_false)
    return if_true() if cond_value else if_false()


# -- logical operators ---------------------------------------------------------------------------
def not_(x):
    """`not x`: tf.logical_not for a tensor."""
    return math_ops.logical_not(x) if is_tensor(x) else not x


def and_(a, b):
    """`a and b` (each given as a function, so that b is evaluated only if needed)."""
    value = a()
    if is_tensor(value):
        return cond(value, b, lambda: value)
    return value and b()


def or_(a, b):
    """`a or b` (each given as a function, so that b is evaluated only if needed)."""
    value = a()
    if is_tensor(value):
        return cond(value, lambda: value, b)
    return value or b()


# -- calls ----------------------------------------------------------------------------------------
def call(function, /, *args, **kwargs):
    """Calls `function`, converted by AutoGraph first if it is user code (TF's converted_call)."""
    overload = _BUILTINS.get(id(function))
    if overload is not None and getattr(builtins, function.__name__, None) is function:
        return overload(*args, **kwargs)
    from .conversion import converted
    return converted(function)(*args, **kwargs)


def _len(x):
    """len(): for a tensor, its first dimension (a tensor when unknown while tracing)."""
    if hasattr(x, "_with_flow"):  # a TensorArray
        return x.size()
    if not is_tensor(x):
        return len(x)
    shape = x._value.shape
    if shape is not None and len(shape) == 0:
        raise ValueError(f"len requires a non-scalar tensor, got one of shape {x.shape}")
    if shape is not None and shape[0] is not None:
        return shape[0]
    return array_ops.shape(x)[0]


def _range(start, stop=None, step=None):
    """range(): tf.range when a bound is a tensor (an empty range rather than TF's error)."""
    if not any(is_tensor(v) for v in (start, stop, step)):
        args = [v for v in (start, stop, step) if v is not None]
        return range(*args)
    if step is not None:
        return tf_range(start, stop, step)
    if stop is not None:
        return tf_range(start, math_ops.maximum(start, stop))
    return tf_range(math_ops.maximum(start, 0))


def _abs(x):
    return unary_ops.abs(x) if is_tensor(x) else abs(x)


def _int(x=0, base=None):
    if is_tensor(x):
        return array_ops.cast(x, dtypes.int32)
    return int(x) if base is None else int(x, base)


def _float(x=0.0):
    return array_ops.cast(x, dtypes.float32) if is_tensor(x) else float(x)


def _min_max(python, reduce):
    def overload(*args, **kwargs):
        if len(args) == 1 and is_tensor(args[0]) and not kwargs:
            return reduce(args[0])
        if len(args) > 1 and any(is_tensor(a) for a in args) and not kwargs:
            return reduce(array_ops.stack([convert_to_tensor(a) for a in args]))
        return python(*args, **kwargs)
    return overload


_BUILTINS = {id(builtins.len): _len, id(builtins.range): _range, id(builtins.abs): _abs,
             id(builtins.int): _int, id(builtins.float): _float,
             id(builtins.min): _min_max(builtins.min, reduce_ops.reduce_min),
             id(builtins.max): _min_max(builtins.max, reduce_ops.reduce_max)}
