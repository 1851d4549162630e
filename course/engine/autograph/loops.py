"""`ag.while_stmt` and `ag.for_stmt`: a Python loop, or `tf.while_loop`, decided when it runs.

    while_stmt(loop_test, loop_body, state, names)
    for_stmt(iterable, loop_body, state, names, extra_test=None)

(Both also take `get_state`, `set_state` and `composites`: the attributes
and subscripts the loop assigns, carried as loop variables of a TF loop.)

`state` holds the loop variables (named in `names`); `loop_body(*state)`
(for a `for`: `loop_body(element, *state)`) returns their new values. The
loop is TensorFlow's when its condition is a tensor (`while`), or when it
iterates over a tensor (`for`: over `tf.range(n)` without building the
range, over a tensor's rows through a TensorArray); otherwise it is
Python's loop, unrolled while tracing, as in TF.

TF's rules for loop variables: each keeps its dtype and shape (unless
`tf.autograph.experimental.set_loop_options(shape_invariants=...)` allows
a change); one first assigned inside the loop gets its dtype and shape from
a trial trace of one iteration, starts as zeros, and the loop must then run
at least once (checked when the graph runs). A `return` inside a tensor
loop is not supported (TF's NotImplementedError).

`for x in dataset`: a class registers how to loop over it with
`register_for_loop(cls, fn)`; `reduce_for_loop` is a ready implementation
for objects with TF's `Dataset.reduce(initial_state, reduce_func)`, and
`optional_for_loop` one for iterators that give `tf.experimental.Optional`s
(TF's loop over a distributed dataset).
"""
from __future__ import annotations

import numpy as np

from ..graph.shapes import OperatorNotAllowedInGraphError
from ..ops import math_ops
from ..graph.branches import trace
from ..ops.branch_graphs import flatten, pack, same_structure
from ..ops.cond_ops import cond
from ..ops.control_flow_ops import Assert
from ..ops.while_ops import while_loop
from ..tensor import Tensor, TensorShape, convert_to_tensor

__all__ = ["while_stmt", "for_stmt", "register_for_loop", "reduce_for_loop", "optional_for_loop"]

_LIMITATIONS = ("See https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/"
                "autograph/g3doc/reference/limitations.md#consistency-of-control-flow-types "
                "for more info.")


def _as_tuple(values, n: int) -> tuple:
    if n == 1:
        return (values,)
    return tuple(values) if n else ()


def _unpack(values, n: int):
    values = tuple(values)
    return values[0] if n == 1 else values if n else None


def _probe(fn, args):
    """fn(*args) traced into a scratch graph: is the answer a tensor? (TF's dispatch test)."""
    return trace(fn, "tmp", args)[2]


# -- attributes and subscripts as loop variables (TF's get_state/set_state) --------------------------
def _no_state():
    return ()


def _with_state(fn, n: int, lead: int, set_state, get_state=None):
    """fn over `lead` arguments and n loop variables, given the composites' values after them.

    The composites are set first (the loop's own values, not the object's);
    with `get_state` their new values are returned after fn's own.
    """
    def run(*args):
        split = lead + n
        set_state(args[split:])
        result = fn(*args[:split])
        if get_state is None:
            return result
        values = _as_tuple(result, n) + tuple(get_state())
        return _unpack(values, len(values))
    return run


def _staged(run_loop, loop_body, test, state, names, get_state, set_state, composites,
            lead: int):
    """Runs a TF loop with the composites as extra loop variables; sets them after it."""
    n = len(names)
    if not composites:
        return tuple(run_loop(loop_body, test, state, names))
    body = _with_state(loop_body, n, lead, set_state, get_state)
    test = None if test is None else _with_state(test, n, 0, set_state)
    final = tuple(run_loop(body, test, tuple(state) + tuple(get_state()),
                           tuple(names) + tuple(composites)))
    set_state(final[n:])
    return final[:n]


# -- while ------------------------------------------------------------------------------------------
def while_stmt(loop_test, loop_body, state, names, options=None, get_state=_no_state,
               set_state=None, composites=()):
    """A `while` loop: tf.while_loop if its condition is a tensor, else Python's loop."""
    n = len(names)
    state = tuple(state)
    if isinstance(_probe(loop_test, state), Tensor):
        def run_loop(body, test, values, all_names):
            steps = lambda *v: _as_tuple(body(*v), len(all_names))  # noqa: E731
            return _tf_loop(test, steps, values, all_names, options or {})
        return _unpack(_staged(run_loop, loop_body, loop_test, state, names, get_state,
                               set_state, composites, lead=0), n)
    while _python_test(loop_test(*state), "while"):
        state = _as_tuple(loop_body(*state), n)
    return _unpack(state, n)


def _python_test(value, kind: str) -> bool:
    try:
        return bool(value)
    except OperatorNotAllowedInGraphError:
        if kind == "while":
            raise NotImplementedError(
                "The condition of while loop started as non-Tensor, then changed to Tensor. This "
                "may happen either because variables changed type, or when a break or return "
                "statement inside the loop depends on a Tensor condition. In both cases, changing "
                "to a TF loop should remove the error.\n" + _LIMITATIONS) from None
        raise NotImplementedError(
            "break and return statements which depend on a TF condition are not supported in "
            "Python for loops. Did you intend to make it a TF loop?\n" + _LIMITATIONS) from None


# -- for --------------------------------------------------------------------------------------------
_FOR_LOOPS: dict = {}


def register_for_loop(cls, fn) -> None:
    """Teaches `for x in obj` (obj an instance of `cls`) to AutoGraph: `fn` runs the loop.

    `fn(obj, loop_body, state, names, extra_test, options)` returns the final
    state, like `reduce_for_loop` (TF keeps such a registry for tf.data).
    """
    _FOR_LOOPS[cls] = fn


def for_stmt(iterable, loop_body, state, names, extra_test=None, options=None,
             get_state=_no_state, set_state=None, composites=()):
    """A `for` loop: over a tensor (or tf.range) a tf.while_loop, else Python's loop."""
    n = len(names)
    state = tuple(state)
    options = options or {}
    tf_for = _tf_for(iterable)
    if tf_for is not None:
        def run_loop(body, test, values, all_names):
            return tf_for(iterable, body, values, all_names, test, options)
        return _unpack(_staged(run_loop, loop_body, extra_test, state, names, get_state,
                               set_state, composites, lead=1), n)
    if extra_test is not None and not _python_test(extra_test(*state), "for"):
        return _unpack(state, n)
    for element in iterable:
        state = _as_tuple(loop_body(element, *state), n)
        if extra_test is not None and not _python_test(extra_test(*state), "for"):
            break
    return _unpack(state, n)


def _tf_for(iterable):
    """How to run `for x in iterable` as a TF loop, or None for Python's loop."""
    for cls in type(iterable).__mro__:
        if cls in _FOR_LOOPS:
            return _FOR_LOOPS[cls]
    if hasattr(iterable, "_with_flow"):
        raise NotImplementedError("iterating over a TensorArray is not supported (as in TF): "
                                  "loop over tf.range(ta.size()) and read(i).")
    if isinstance(iterable, Tensor):
        op = getattr(iterable, "_op", None)
        return _range_loop if op is not None and op.type == "Range" else _tensor_loop
    return None


def _with_extra_test(main, extra_test, values):
    if extra_test is None:
        return main
    return cond(main, lambda: extra_test(*values), lambda: False)


def _range_loop(range_, loop_body, state, names, extra_test, options):
    """`for i in tf.range(...)`: a loop over i itself; the range is never built (TF elides it)."""
    start, limit, delta = range_._op.inputs
    step = getattr(delta._value, "const", None)

    def test(i, *values):
        if step is not None:
            main = math_ops.less(i, limit) if step >= 0 else math_ops.greater(i, limit)
        else:
            main = math_ops.logical_or(
                math_ops.logical_and(delta >= 0, i < limit),
                math_ops.logical_and(delta < 0, i > limit))
        return _with_extra_test(main, extra_test, values)

    def body(i, *values):
        return (i + delta,) + _as_tuple(loop_body(i, *values), len(names))

    return _tf_loop(test, body, (start,) + state, ("<internal iterate>",) + tuple(names),
                    options, prefix=1)


def _tensor_loop(tensor, loop_body, state, names, extra_test, options):
    """`for row in tensor`: a loop over an index, reading the rows from a TensorArray (TF's way)."""
    from ..tensor_array import TensorArray
    from .operators import _len
    size = _len(tensor)
    rows = TensorArray(tensor.dtype, size=size).unstack(tensor)

    def test(i, *values):
        return _with_extra_test(math_ops.less(i, size), extra_test, values)

    def body(i, *values):
        return (i + 1,) + _as_tuple(loop_body(rows.read(i), *values), len(names))

    return _tf_loop(test, body, (0,) + tuple(state), ("<internal iterate>",) + tuple(names),
                    options, prefix=1)


def reduce_for_loop(dataset, loop_body, state, names, extra_test, options):
    """`for x in dataset` through `dataset.reduce` (TF's for-over-tf.data without `break`).

    With a `break` (an extra test) every element is still read; the body
    just stops running (TF uses take_while instead, which stops reading).
    """
    n = len(names)

    def step(values, element):
        values = tuple(values)
        if extra_test is None:
            return _as_tuple(loop_body(element, *values), n)
        return cond(extra_test(*values), lambda: _as_tuple(loop_body(element, *values), n),
                    lambda: values)

    return dataset.reduce(tuple(state), step)


def optional_for_loop(next_optional, loop_body, state, names, extra_test, options):
    """`for x in iterator` where `next_optional()` takes the next element as an Optional.

    TF's loop over a distributed dataset: each turn takes the next element and
    runs the body if there is one (a tf.cond); a turn without one ends the loop.
    """
    n = len(names)

    def test(going, *values):
        return _with_extra_test(going, extra_test, values)

    def body(going, *values):
        optional = next_optional()
        return tuple(cond(optional.has_value(),
                          lambda: (True,) + _as_tuple(loop_body(optional.get_value(), *values), n),
                          lambda: (False,) + tuple(values)))

    return _tf_loop(test, body, (True,) + tuple(state), ("<internal going>",) + tuple(names),
                    options, prefix=1)


# -- the TF loop, with TF's checks of the loop variables ---------------------------------------------
def _is_undefined(value) -> bool:
    from .operators import Undefined, UndefinedReturnValue
    return value is None or isinstance(value, (Undefined, UndefinedReturnValue))


def _tf_loop(test, body, state, names, options, prefix: int = 0):
    """tf.while_loop over `state`; `prefix` leading values are AutoGraph's own (an iterate).

    `test(*state)` and `body(*state)` (which returns a tuple like `state`) are the loop's.
    """
    from .operators import UndefinedReturnValue, condition
    nulls = [_is_undefined(v) for v in state]
    require_one = any(nulls)
    if require_one:
        for v in state:
            if isinstance(v, UndefinedReturnValue):
                raise NotImplementedError(
                    "a return statement cannot be placed inside this TensorFlow loop; this may "
                    "happen if a return statement depends on a static Python condition such as a "
                    "hyperparameter")
    invariants = _shape_invariants(options, state)
    if require_one:
        state, extra = _placeholders(body, state, names, nulls)
        invariants = [a if a is not None else b for a, b in zip(invariants, extra)]
    init = state

    def loop_test(*values):
        if require_one:
            values = values[1:]
        return condition(convert_to_tensor(test(*values)), "while loop")

    def loop_body(*values):
        if require_one:
            values = values[1:]
        new = tuple(body(*values))
        _check_loop_vars(init, values, new, names, invariants)
        return (True,) + new if require_one else new

    loop_vars = ((False,) + tuple(init)) if require_one else tuple(init)
    shapes = None
    if any(inv is not None for inv in invariants):  # the others keep their entry shape
        shapes = [pack(v, [_shape(x) for x in flatten(v)]) if inv is None else inv
                  for v, inv in zip(init, invariants)]
        shapes = ([TensorShape([])] if require_one else []) + shapes
    final = while_loop(loop_test, loop_body, loop_vars, shape_invariants=shapes,
                       maximum_iterations=options.get("maximum_iterations"))
    final = tuple(final)
    if require_one:
        missing = ", ".join(name for name, null in zip(names, nulls) if null)
        Assert(final[0], [f"loop must iterate at least once to initialize {missing}"])
        final = final[1:]
    return final[prefix:]


def _shape(x) -> TensorShape:
    if hasattr(x, "_with_flow"):
        return x.flow.shape
    return convert_to_tensor(x).shape if not isinstance(x, Tensor) else x.shape


def _shape_invariants(options, state) -> list:
    """set_loop_options(shape_invariants=[(var, shape), ...]) as one entry per loop variable."""
    by_id = {id(v): TensorShape(s) for v, s in options.get("shape_invariants") or ()}
    return [by_id.get(id(v)) for v in state]


def _check_loop_vars(init, entry, exit_, names, invariants) -> None:
    """TF's AutoGraph errors for a loop variable that changes after one iteration."""
    for i, name in enumerate(names):
        if name == "<internal iterate>":
            continue
        a, b = entry[i], exit_[i]
        if b is None:
            raise ValueError(f"'{name}' is None at the end of the iteration.")
        if not same_structure(a, b) or len(flatten(a)) != len(flatten(b)):
            raise TypeError(f"'{name}' does not have the same nested structure after one "
                            f"iteration.\n\nThe two structures don't have the same nested "
                            f"structure.\n\nFirst structure: {a}\n\nSecond structure: {b}")
        leaves = flatten(a)
        shapes = [None] * len(leaves) if invariants[i] is None else flatten(invariants[i])
        for x, y, invariant in zip(leaves, flatten(b), shapes):
            if hasattr(x, "_with_flow") or hasattr(y, "_with_flow"):
                continue
            y = y if isinstance(y, Tensor) else convert_to_tensor(y)
            if x.dtype is not y.dtype:
                raise TypeError(f"'{name}' has dtype {x.dtype.name} before the loop, but dtype "
                                f"{y.dtype.name} after one iteration")
            if invariant is None and not _is_subshape(y.shape, x.shape):
                raise ValueError(f"'{name}' has shape {x.shape} before the loop, but shape "
                                 f"{y.shape} after one iteration. Use "
                                 "tf.autograph.experimental.set_loop_options to set shape "
                                 "invariants.")
            if invariant is not None and not _is_subshape(y.shape, invariant):
                raise ValueError(f"'{name}' has shape {y.shape} after one iteration, which does "
                                 f"not conform with the shape invariant {invariant}.")


def _is_subshape(left: TensorShape, right: TensorShape) -> bool:
    """Is `left` at least as specific as `right`?"""
    if right.rank is None:
        return True
    if left.rank != right.rank:
        return False
    return all(b is None or a == b for a, b in zip(left.as_list(), right.as_list()))


def _placeholders(body, state, names, nulls) -> tuple:
    """Values for loop variables first assigned in the loop: zeros like one traced iteration's."""
    try:
        trial = _probe(body, state)
    except (UnboundLocalError, TypeError, ValueError, KeyError) as e:
        name = next(name for name, null in zip(names, nulls) if null)
        raise ValueError(f"'{name}' must be defined before the loop\nNote: AutoGraph tried to "
                         f"define it automatically, but ran into a {type(e).__name__}: {e}") \
            from None
    trial = tuple(trial)
    values, invariants = [], []
    for v, null, like, name in zip(state, nulls, trial, names):
        if not null:
            values.append(v)
            invariants.append(None)
            continue
        if _is_undefined(like):
            raise ValueError(f"'{name}' must be defined before the loop")
        values.append(pack(like, [_zeros_like(x) for x in flatten(like)]))
        # (a dimension unknown in the trial stays unknown: the zeros are only a start)
        shapes = [_shape(x) for x in flatten(like)]
        invariants.append(pack(like, shapes) if any(
            s.rank is None or None in s.as_list() for s in shapes) else None)
    return tuple(values), invariants


def _zeros_like(x):
    """Zeros with x's dtype and static shape (unknown dimensions: 0), or 0 of x's Python type."""
    if isinstance(x, (bool, int, float)):
        return type(x)(0)
    if isinstance(x, Tensor):
        shape = x._value.shape
        if shape is None:
            return convert_to_tensor(np.zeros((), x._value.dtype))
        return convert_to_tensor(np.zeros(tuple(0 if d is None else d for d in shape),
                                          x._value.dtype))
    raise TypeError(f"Found an unsupported type '{type(x).__name__}' while creating placeholder "
                    f"for {x}. Supported types include Tensor, int, float, bool, list, tuple or "
                    "dict.")

