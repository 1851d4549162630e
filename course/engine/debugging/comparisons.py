"""`tf.debugging.assert_equal`, `assert_less`, `assert_near`, `assert_positive`, ...

Each check compares tensors elementwise. Eagerly it runs at once: None when
the condition holds, otherwise TF's InvalidArgumentError, whose message
shows the failing elements (as TF's Python builds it, from NumPy's printing).
In a `tf.function` it adds an `Assert` op (ops/control_flow_ops.py) that fails
when the graph runs; like every op without outputs it runs on every call, in
program order with the others (a tf.print after a failing check does not
run). When both sides are constants, TF (and so the engine) decides while
tracing.

Read next: shapes.py (rank and dtype checks), ../ops/numerics_ops.py.
"""
from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError
from ..graph.core import executing_eagerly
from ..graph.scopes import name_scope
from ..ops import math_ops
from ..ops.control_flow_ops import Assert, group
from ..ops.index_ops import boolean_mask, where
from ..ops.reduce_ops import reduce_all
from ..ops.unary_ops import abs as _abs
from ..tensor import Tensor, constant, convert_to_tensor

__all__ = ["assert_equal", "assert_none_equal", "assert_greater", "assert_greater_equal",
           "assert_less", "assert_less_equal", "assert_near", "assert_positive", "assert_negative",
           "assert_non_negative", "assert_non_positive"]


# Each comparison as an op (what runs) and as NumPy (TF's check of constants while tracing)
_COMPARE = {"==": (math_ops.equal, np.equal), "!=": (math_ops.not_equal, np.not_equal),
            "<": (math_ops.less, np.less), "<=": (math_ops.less_equal, np.less_equal),
            ">": (math_ops.greater, np.greater), ">=": (math_ops.greater_equal, np.greater_equal)}


def _constant_value(x: Tensor):
    """The value of `x` if it is known without running anything (an eager tensor, a Const node)."""
    op = getattr(x, "_op", None)
    if op is None:
        return x.numpy()
    return x._value.const if op.type == "Const" else None


def _pretty(item, summarize: int) -> str:
    """One line of an eager message: a tensor's first elements as a list of their texts
    (TF: "['1', '-2', '0']"), anything else as Python prints it."""
    if not isinstance(item, Tensor):
        return str(item)
    array = item.numpy()
    if np.ndim(array) == 0:
        return str(array)
    flat = np.asarray(array).reshape(-1)
    texts = [str(v) for v in flat[:summarize]]
    return str(texts + (["..."] if len(texts) < flat.size else []))


def _differences(sym: str, x: Tensor, y: Tensor, holds: Tensor, summarize: int) -> list:
    """An eager failure's message lines: where x and y differ (when their shapes match) and
    the first elements of each."""
    data = [f"Condition x {sym} y did not hold."]
    if summarize <= 0:
        return data
    if x.shape == y.shape and x.shape.as_list():  # (the same shape, not a scalar)
        failed = math_ops.logical_not(holds)
        indices = where(failed).numpy()
        count = min(summarize, indices.shape[0])
        data += [f"Indices of first {count} different values:", indices[:count],
                 "Corresponding x values:", boolean_mask(x, failed).numpy().reshape(-1)[:count],
                 "Corresponding y values:", boolean_mask(y, failed).numpy().reshape(-1)[:count]]
    x_flat, y_flat = x.numpy().reshape(-1), y.numpy().reshape(-1)
    data += [f"First {min(x_flat.size, summarize)} elements of x:", x_flat[:summarize],
             f"First {min(y_flat.size, summarize)} elements of y:", y_flat[:summarize]]
    return data


def _as_tensor(value, name: str, dtype=None) -> Tensor:
    """`value` as a tensor. In a graph, anything not yet of the graph (a Python value, an eager
    tensor) becomes a Const node named `name`, as TF's convert_to_tensor(value, name=...) makes
    it: the node the Assert's message names (`y (assert_less/y:0) = `)."""
    if getattr(value, "_op", None) is not None or hasattr(value, "__tf_tensor__"):
        return convert_to_tensor(value, dtype=dtype)  # (a graph's tensor; a Variable, read)
    if isinstance(value, Tensor):
        value = convert_to_tensor(value, dtype=dtype)  # (TF's error for another dtype)
    return constant(value, dtype=dtype, name=name)


def _binary_assert(sym: str, opname: str, x, y, data, summarize, message, name,
                   test: str | None = None):
    """Checks `x <sym> y` (or, for the sign checks, `test`, with their own `data`)."""
    compare, static_compare = _COMPARE[test or sym]
    with name_scope(name, opname):  # (so a Python value's node is "assert_less/y:0", as in TF)
        x, y = _as_tensor(x, "x"), _as_tensor(y, "y")
        if executing_eagerly():
            holds = compare(x, y)
            if reduce_all(holds):
                return None
            # TF: 3 elements by default, as the graph's Assert prints; negative means all
            summarize = 3 if summarize is None else 10 ** 9 if summarize < 0 else summarize
            if data is None:
                data = _differences(sym, x, y, holds, summarize)
            if message is not None:
                data = [message] + list(data)
            raise InvalidArgumentError(None, None, "\n".join(_pretty(d, summarize) for d in data))
        if data is None:
            data = [f"Condition x {sym} y did not hold element-wise:", f"x ({x.name}) = ", x,
                    f"y ({y.name}) = ", y]
        if message is not None:
            data = [message] + list(data)
        x_static, y_static = _constant_value(x), _constant_value(y)
        if x_static is not None and y_static is not None:
            # TF decides while tracing when both sides are constants, printing their values
            if not np.all(static_compare(x_static, y_static)):
                raise InvalidArgumentError(None, None, "\n".join(
                    str(_constant_value(d)) if isinstance(d, Tensor) else str(d) for d in data))
        return Assert(reduce_all(compare(x, y)), data, summarize=summarize)


def assert_equal(x, y, message=None, summarize=None, name=None):
    """Checks that `x == y` for every (broadcast) element. Mirrors `tf.debugging.assert_equal`.

    >>> tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant([1, 3]))
    InvalidArgumentError: Condition x == y did not hold.
    Indices of first 1 different values: ...

    Returns None eagerly; in a tf.function, the Assert op (for
    `tf.control_dependencies`).
    """
    with name_scope(name, "assert_equal"):  # (TF opens this scope too: the check's is _1)
        if x is y:  # TF: the same tensor is equal to itself, without a check
            return group()  # (None eagerly; in a graph, a NoOp)
    return _binary_assert("==", "assert_equal", x, y, None, summarize, message, name)


def assert_none_equal(x, y, summarize=None, message=None, name=None):
    """Checks that `x != y` everywhere. Mirrors `tf.debugging.assert_none_equal`."""
    return _binary_assert("!=", "assert_none_equal", x, y, None, summarize, message, name)


def assert_less(x, y, message=None, summarize=None, name=None):
    """Checks that `x < y` everywhere. Mirrors `tf.debugging.assert_less`.

    >>> tf.debugging.assert_less(tf.constant([1, 5]), 3)
    InvalidArgumentError: Condition x < y did not hold. ...
    """
    return _binary_assert("<", "assert_less", x, y, None, summarize, message, name)


def assert_less_equal(x, y, message=None, summarize=None, name=None):
    """Checks that `x <= y` everywhere. Mirrors `tf.debugging.assert_less_equal`."""
    return _binary_assert("<=", "assert_less_equal", x, y, None, summarize, message, name)


def assert_greater(x, y, message=None, summarize=None, name=None):
    """Checks that `x > y` everywhere. Mirrors `tf.debugging.assert_greater`."""
    return _binary_assert(">", "assert_greater", x, y, None, summarize, message, name)


def assert_greater_equal(x, y, message=None, summarize=None, name=None):
    """Checks that `x >= y` everywhere. Mirrors `tf.debugging.assert_greater_equal`."""
    return _binary_assert(">=", "assert_greater_equal", x, y, None, summarize, message, name)


def _sign_assert(sym: str, opname: str, x, message, summarize, name, line_break: bool = True):
    """`0 < x`, `x < 0`, ...: TF words these as `Condition x > 0 did not hold element-wise:`
    and lists x's elements (as strings), after `message` and two spaces."""
    test = "<" if sym in ("<", ">") else "<="
    with name_scope(name, opname):
        x = _as_tensor(x, "x")
        described = f"shape={x.shape} dtype={x.dtype.name}" if executing_eagerly() else x.name
        condition = f"Condition x {sym} 0 did not hold element-wise:"
        # TF: assert_non_positive's message has no line break before "x (...)"
        lines = [condition, f"x ({described}) = "] if line_break else \
            [condition + f"x ({described}) = "]
        data = [f"{message}.  " if message else "", *lines, x]
        zero = constant(0, dtype=x.dtype)
        # TF: x > 0 is checked as 0 < x (by assert_less, in its own scope)
        pair = (zero, x) if sym in (">", ">=") else (x, zero)
        return _binary_assert(sym, "assert_less" if test == "<" else "assert_less_equal", *pair,
                              data, summarize, None, None, test)


def assert_positive(x, message=None, summarize=None, name=None):
    """Checks that `x > 0` everywhere. Mirrors `tf.debugging.assert_positive`.

    >>> tf.debugging.assert_positive(tf.constant([1, -2]))
    InvalidArgumentError:
    Condition x > 0 did not hold element-wise:
    x (shape=(2,) dtype=int32) =
    ['1', '-2']
    """
    return _sign_assert(">", "assert_positive", x, message, summarize, name)


def assert_negative(x, message=None, summarize=None, name=None):
    """Checks that `x < 0` everywhere. Mirrors `tf.debugging.assert_negative`."""
    return _sign_assert("<", "assert_negative", x, message, summarize, name)


def assert_non_negative(x, message=None, summarize=None, name=None):
    """Checks that `x >= 0` everywhere. Mirrors `tf.debugging.assert_non_negative`."""
    return _sign_assert(">=", "assert_non_negative", x, message, summarize, name)


def assert_non_positive(x, message=None, summarize=None, name=None):
    """Checks that `x <= 0` everywhere. Mirrors `tf.debugging.assert_non_positive`."""
    return _sign_assert("<=", "assert_non_positive", x, message, summarize, name,
                        line_break=False)


def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    """Checks that `|x - y| < atol + rtol * |y|` everywhere. Mirrors `tf.debugging.assert_near`.

    The default tolerances are 10 machine epsilons of x's dtype (about 1.2e-6
    for float32, 2.2e-15 for float64, 0.00977 for float16).

    >>> tf.debugging.assert_near(tf.constant([1.0]), tf.constant([1.1]))
    InvalidArgumentError: Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. ...
    """
    prefix = f"{message}.  " if message else ""
    with name_scope(name, "assert_near"):
        x = _as_tensor(x, "x")
        y = _as_tensor(y, "y", dtype=x.dtype)
        real = x.dtype.real_dtype
        eps = np.finfo(real.as_numpy_dtype).eps  # (ValueError for integers, as in TF)
        # TF: the tolerances are tensors, and the message prints them as tensors
        rtol = constant(10 * eps if rtol is None else rtol, dtype=real, name="rtol")
        atol = constant(10 * eps if atol is None else atol, dtype=real, name="atol")
        eager = executing_eagerly()
        x_name = f"shape={x.shape} dtype={x.dtype.name}" if eager else x.name
        y_name = f"shape={y.shape} dtype={y.dtype.name}" if eager else y.name
        data = [prefix, f"x and y not equal to tolerance rtol = {rtol!s}, atol = {atol!s}",
                f"x ({x_name}) = ", x, f"y ({y_name}) = ", y]
        close = math_ops.less(_abs(x - y), atol + rtol * _abs(y))
        return Assert(reduce_all(close), data, summarize=summarize)
