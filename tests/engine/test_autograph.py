"""AutoGraph: the rules of TF's AutoGraph reference, and how the conversion is built.

TF's rules (control_flow.md, limitations.md): a tensor condition becomes
tf.cond/tf.while_loop, a Python one stays Python; loop variables keep their
dtype and shape; variables used after a tensor `if` must be set in both
branches; break/continue/return work inside converted loops and branches.
These cases are compared with real TF 2.21 in
tests/differential/test_against_tensorflow_autograph.py; here are the ones
that need no TF: the converted source, closures and methods, what is not
converted, the tf.data hook, and errors.
"""
from __future__ import annotations

import functools
import io
import logging
import types

import numpy as np
import pytest

import course.engine as tf
from course.engine.autograph import conversion
from course.engine.autograph.loops import reduce_for_loop, register_for_loop
from course.engine.graph import OperatorNotAllowedInGraphError


def _square_if_positive(x):
    if x > 0:
        x = x * x
    return x


def test_to_code_shows_a_readable_functional_if():
    assert tf.autograph.to_code(_square_if_positive) == (
        "def _square_if_positive(x):\n"
        "    def if_true(x):\n"
        "        x = x * x\n"
        "        return x\n"
        "\n"
        "    def if_false(x):\n"
        "        return x\n"
        "    x = ag.if_stmt(x > 0, if_true, if_false, inputs=(x,), outputs=('x',))\n"
        "    return x\n")


def test_to_code_of_loops_names_the_loop_variables():
    def count(n):
        total = 0
        for i in tf.range(n):
            total += i
        return total
    code = tf.autograph.to_code(tf.function(count))  # (a tf.function: its Python function)
    assert "def loop_body(i, total):" in code
    assert "total = ag.for_stmt(tf.range(n), loop_body, (total,), ('total',))" in code


def test_an_early_return_needs_no_flag_when_the_rest_becomes_the_else_branch():
    def f(x):
        if x > 0:
            return x
        return -x
    code = tf.autograph.to_code(f)
    assert "do_return" not in code and "retval = ag.if_stmt(x > 0" in code
    assert [int(tf.function(f)(tf.constant(v))) for v in (3, -3)] == [3, 3]


def test_a_variable_that_may_be_unset_is_read_through_ag_ld():
    def f(x, flag):
        if flag:
            y = x
        return y
    code = tf.autograph.to_code(f)
    assert "y = ag.Undefined('y')" in code and "return ag.ld(y)" in code
    g = tf.function(f)
    assert int(g(tf.constant(2), True)) == 2
    with pytest.raises(UnboundLocalError, match="'y' is used before assignment"):
        g(tf.constant(2), False)


def test_the_converted_function_keeps_closures_globals_defaults_and_lines():
    scale = tf.constant(3)

    def f(x, offset=1, *, power=2):
        if x > 0:
            x = x * scale + offset
        return x ** power + np.int32(0)  # (np: a global of this module)

    g = conversion.converted(f)
    assert g is not f and g.__name__ == "f" and g.__defaults__ == (1,)
    assert g.__kwdefaults__ == {"power": 2} and g.__wrapped__ is f
    assert g.__code__.co_filename == f.__code__.co_filename
    assert g.__code__.co_firstlineno == f.__code__.co_firstlineno  # tracebacks show f's lines
    assert int(tf.function(f)(tf.constant(2))) == 49
    assert conversion.converted(f).__code__ is g.__code__  # converted once (cached)


class _Base(tf.Module):
    def twice(self, x):
        return x * 2


class _Child(_Base):
    def twice(self, x):
        if x > 0:
            x = super().twice(x)  # (zero-argument super needs the class cell: kept)
        return x

    @tf.function
    def __call__(self, x):
        return self.twice(x)


def test_methods_and_zero_argument_super_are_converted():
    assert int(_Child()(tf.constant(5))) == 10
    assert int(_Child()(tf.constant(-5))) == -5


@tf.function
def _factorial(n):
    if n <= 1:
        return tf.constant(1)
    return n * _factorial(n - 1)


def test_a_recursive_function_calls_itself_by_its_global_or_closure_name():
    """A Python-int argument recursion unrolls while tracing (TF: one trace per value)."""
    assert int(_factorial(5)) == 120

    def outer():
        def total(n):
            return 1 if n == 0 else n + total(n - 1)  # (`total` is a closure cell of outer)
        return tf.function(total)
    assert int(outer()(4)) == 11
    assert "_factorial" not in conversion.converted(_factorial.python_function).__code__.co_freevars


def test_nested_functions_are_converted_with_their_parent():
    @tf.function
    def f(x):
        def inner(v):
            if v > 0:
                v = -v
            return v
        return inner(x) + inner(x * 2)
    assert int(f(tf.constant(1))) == -3


def test_a_decorated_function_converts_the_wrapper_then_the_wrapped_function():
    def plus_one(func):
        @functools.wraps(func)
        def wrapper(*args):
            return func(*args) + 1
        return wrapper

    @tf.function
    @plus_one
    def f(x):
        if x > 0:
            x = -x
        return x
    assert [int(f(tf.constant(v))) for v in (3, -3)] == [-2, -2]


def test_global_and_nonlocal_names_assigned_in_a_branch():
    calls = []

    @tf.function
    def f(x):
        nonlocal calls
        if x > 0:
            calls = calls + ["positive"]
        else:
            calls = calls + ["other"]
        return x
    f(tf.constant(1))
    assert calls == ["positive", "other"]  # a tensor if: both branches traced, as in TF


def test_what_is_not_converted():
    def gen(x):
        if x > 0:
            yield x

    assert conversion.converted(gen) is gen  # generators
    assert conversion.converted(tf.reduce_sum) is tf.reduce_sum  # the engine's own functions
    assert conversion.converted(np.sum) is np.sum
    marked = tf.autograph.experimental.do_not_convert(_square_if_positive)
    assert conversion.converted(marked) is marked


def test_lambdas_and_callable_objects_are_converted_as_in_tf():
    pick = tf.function(lambda x, y: (x if x > y
                                     else y))  # (a lambda over two lines, inside a call)
    assert [int(pick(tf.constant(a), tf.constant(b))) for a, b in ((1, 2), (5, 3))] == [2, 5]
    assert "ag.if_exp(x > y" in tf.autograph.to_code(pick)

    class Flip(tf.Module):
        def __call__(self, x):
            if x > 0:
                return -x
            return x
    flip = Flip()
    g = tf.function(lambda x: flip(x) * 10)
    assert [int(g(tf.constant(v))) for v in (3, -3)] == [-30, -30]
    a = tf.constant(1)
    look_alike = lambda: a + 1, lambda: a * 1  # noqa: E731 - same names and constants
    assert conversion.converted(look_alike[0]) is look_alike[0]  # (so: run as written)
    different = lambda: a + 1, lambda: a * 2  # noqa: E731
    assert conversion.converted(different[1]) is not different[1]


def test_a_function_without_source_runs_as_it_is_with_a_warning():
    code = compile("def hidden(x):\n    return x + 1\n", "<no file>", "exec")
    hidden = types.FunctionType(code.co_consts[0], {})
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger("course.engine").addHandler(handler)
    try:
        assert conversion.converted(hidden) is hidden
    finally:
        logging.getLogger("course.engine").removeHandler(handler)
    assert "AutoGraph could not transform hidden and will run it as-is" in stream.getvalue()


def test_autograph_false_leaves_python_control_flow_to_python():
    @tf.function(autograph=False)
    def f(x):
        if x > 0:
            return x
        return -x
    with pytest.raises(OperatorNotAllowedInGraphError, match="as a Python `bool` is not allowed"):
        f(tf.constant(1))


def test_python_loops_whose_condition_turns_into_a_tensor_say_so():
    @tf.function
    def f(x):
        i = 0
        while i < 3:
            i = i + x
        return i
    with pytest.raises(NotImplementedError, match="started as non-Tensor, then changed to Tensor"):
        f(tf.constant(1))

    @tf.function
    def g(x):
        for i in range(3):
            if x > i:
                break
        return x
    with pytest.raises(NotImplementedError, match="break and return statements which depend on"):
        g(tf.constant(1))


def test_loop_else_runs_when_no_break_happened():
    @tf.function
    def f(n, limit):
        found = tf.constant(-1)
        for i in tf.range(n):
            if i == limit:
                break
        else:
            found = tf.constant(100)
        return found
    assert [int(f(tf.constant(5), tf.constant(k))) for k in (2, 9)] == [-1, 100]


def test_effects_in_a_tensor_loop_run_every_iteration(capfd):
    @tf.function
    def f(n):
        for i in tf.range(n):
            tf.print("step", i)
        return n
    f(tf.constant(3))
    assert capfd.readouterr().err == "step 0\nstep 1\nstep 2\n"


def test_a_converted_training_step_matches_its_eager_twin():
    """Same weights after 5 steps, traced with AutoGraph (a tensor if in the step) or eager."""
    def run(step):
        w = tf.Variable([0.5, -0.25])
        for k in range(5):
            step(w, tf.constant([1.0, 2.0]) * (k - 2.0))
        return w.numpy()

    def step(w, x):
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(w * x)
            if y > 0:
                loss = y * y
            else:
                loss = -y
        w.assign_sub(0.1 * tape.gradient(loss, w))

    np.testing.assert_allclose(run(tf.function(step)), run(step), rtol=1e-6)


# -- for x in a dataset: the hook for tf.data ----------------------------------------------------
class _Numbers:
    """Just enough of a tf.data.Dataset for the hook: elements of a 1-D tensor, and `reduce`."""

    def __init__(self, values):
        self.values = tf.constant(values)
        self.element_spec = tf.TensorSpec([], self.values.dtype)

    def reduce(self, initial_state, reduce_func):
        n = tf.shape(self.values)[0]
        out = tf.while_loop(lambda i, s: i < n,
                            lambda i, s: (i + 1, reduce_func(s, self.values[i])),
                            (0, initial_state))
        return out[1]


register_for_loop(_Numbers, reduce_for_loop)


def test_for_over_a_registered_dataset_goes_through_its_reduce():
    ds = _Numbers([1.0, 2.0, 3.0, 4.0])

    @tf.function
    def total(ds):
        s = tf.constant(0.0)
        for x in ds:
            s += x * x
        return s

    @tf.function
    def until(ds, limit):
        s = tf.constant(0.0)
        for x in ds:
            if s > limit:
                break
            s += x
        return s
    assert float(total(ds)) == 30.0
    assert float(until(ds, tf.constant(2.5))) == 3.0  # 1 + 2, then the break
