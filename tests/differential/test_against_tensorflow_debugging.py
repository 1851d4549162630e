"""tf.debugging on this engine and on real TensorFlow 2.21: the same outcome, the same text.

Run against TF 2.21 (the tests skip where TensorFlow is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_debugging.py

TF's rules (its check_ops reference): eagerly a failed check raises
InvalidArgumentError at once, its message built by TF's Python ("Condition x
== y did not hold.", the indices and values that differ, the first
`summarize` (3) elements of x and y, `message` first); in a tf.function the
check is an Assert op, and the error comes when the graph runs, its text the
Assert kernel's "assertion failed: [...] [...]" with the tensors summarized
as TF's kernels print them; with two constants the check fails while
tracing. Messages are compared whole: eagerly TF's text minus its
`{{function_node ...}}` prefix and ` name: ` suffix (the engine's minus its
`Hint:` line); a graph's error from the kernel's message on (the line after
the frames, without TF's `[[{{node ...}}]]` line, whose node names differ);
a tracing error from the last "Class: message" on.
"""
from __future__ import annotations

import os
import re

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")

import course.engine as eng  # noqa: E402

from .compare import after_graph_frames, assert_equal, case_registry, normalise  # noqa: E402

CASES, case = case_registry()


def _essence(e: Exception) -> str:
    """The part of an error's text both libraries must share (see the module docstring)."""
    text = getattr(e, "message", str(e))
    text = re.sub(r"^\{\{function_node [^}]*\}\}\s*", "", text)
    text = re.sub(r"\s*name: \S*\s*$", "", text).split("\nHint:")[0]
    text = after_graph_frames(text).split("\n\t [[")[0]  # (TF's node line: names differ)
    if text.startswith("in user code:"):
        return text[text.rindex(f"    {type(e).__name__}: "):]
    return re.sub(r"\s*\[Op:\w+\]$", "", text)


def _outcome(tf, fn):
    try:
        return "value", normalise(fn(tf))
    except Exception as e:  # noqa: BLE001 - the exception is the outcome
        return "error", (type(e).__name__, _essence(e))


@pytest.mark.parametrize("fn,compare_message", CASES)
def test_same_outcome_as_tensorflow(fn, compare_message):
    theirs, ours = _outcome(real_tf, fn), _outcome(eng, fn)
    assert ours[0] == theirs[0], f"TF: {theirs}\nours: {ours}"
    if theirs[0] == "error":
        assert ours[1][0] == theirs[1][0], f"TF: {theirs}\nours: {ours}"
        if compare_message:
            assert ours[1][1] == theirs[1][1], f"\nTF : {theirs[1][1]!r}\nours: {ours[1][1]!r}"
    else:
        assert_equal(ours[1], theirs[1])


def _x(tf):
    return tf.constant([1, 2, 3, 4, 5])


def _y(tf):
    return tf.constant([1, 0, 3, 0, 0])


# -- the comparisons, eagerly: None, or TF's message ------------------------------------------
case("assert_equal holds: None")(lambda tf: tf.debugging.assert_equal(_x(tf), _x(tf) + 0))
case("assert_equal lists the indices and values that differ")(
    lambda tf: tf.debugging.assert_equal(_x(tf), _y(tf)))
case("assert_equal: message first, summarize=2")(
    lambda tf: tf.debugging.assert_equal(_x(tf), _y(tf), message="hi", summarize=2))
case("assert_equal: summarize=-1 shows everything")(
    lambda tf: tf.debugging.assert_equal(tf.range(10), tf.range(10) * 0, summarize=-1))
case("assert_equal: summarize=0 only the condition")(
    lambda tf: tf.debugging.assert_equal(_x(tf), _y(tf), summarize=0))
case("assert_equal: indices of a matrix are pairs")(
    lambda tf: tf.debugging.assert_equal(tf.zeros([2, 3]), tf.ones([2, 3])))
case("assert_equal: shapes differ, no indices")(
    lambda tf: tf.debugging.assert_equal(tf.constant([[1., 2.], [3., 4.]]), 1.))
case("assert_equal: scalars")(lambda tf: tf.debugging.assert_equal(tf.constant(1), tf.constant(2)))
case("assert_equal: strings")(
    lambda tf: tf.debugging.assert_equal(tf.constant(["a", "b"]), tf.constant(["a", "c"])))
case("assert_equal: floats")(
    lambda tf: tf.debugging.assert_equal(tf.constant([1.5, 2.]), tf.constant([1.5, 2.5])))
case("assert_equal: shapes that do not broadcast")(
    lambda tf: tf.debugging.assert_equal(_x(tf), tf.constant([1, 2])))
case("assert_equal: dtypes differ")(
    lambda tf: tf.debugging.assert_equal(tf.constant(1.0), 1))
case("top-level tf.assert_equal is the same")(lambda tf: tf.assert_equal(_x(tf), _y(tf)))
case("assert_none_equal")(lambda tf: tf.debugging.assert_none_equal(_x(tf), _y(tf)))
case("assert_greater")(lambda tf: tf.debugging.assert_greater(_x(tf), _y(tf)))
case("assert_greater holds")(lambda tf: tf.debugging.assert_greater(_x(tf), 0))
case("assert_greater_equal")(lambda tf: tf.debugging.assert_greater_equal(_x(tf), 3))
case("assert_less: a scalar y")(lambda tf: tf.debugging.assert_less(_x(tf), 3))
case("assert_less_equal")(lambda tf: tf.debugging.assert_less_equal(_x(tf), 3, message="m"))
case("assert_near: default tolerance of float32")(
    lambda tf: tf.debugging.assert_near(tf.constant([1., 2.]), tf.constant([1., 2.1])))
case("assert_near holds within 10 eps")(
    lambda tf: tf.debugging.assert_near(tf.constant([1., 2.]), tf.constant([1., 2.000001])))
case("assert_near: float64 tolerance, message")(
    lambda tf: tf.debugging.assert_near(tf.constant(np.array([1.0, 2.0])),
                                        tf.constant(np.array([1.0, 2.0 + 1e-13])), message="m"))
case("assert_near: rtol and atol given")(
    lambda tf: tf.debugging.assert_near(tf.constant([1., 2.]), tf.constant([1.5, 2.]),
                                        rtol=0.1, atol=0.01, summarize=1))
case("assert_near of integers: NumPy's finfo refuses them")(
    lambda tf: tf.debugging.assert_near(tf.constant([1, 2]), tf.constant([1, 3])))
case("assert_positive")(lambda tf: tf.debugging.assert_positive(tf.constant([1, -2, 0])))
case("assert_positive holds")(lambda tf: tf.debugging.assert_positive(tf.constant([1, 2])))
case("assert_negative with a message")(
    lambda tf: tf.debugging.assert_negative(tf.constant([1, -2, 0]), message="m"))
case("assert_non_negative, summarize=1")(
    lambda tf: tf.debugging.assert_non_negative(tf.constant([1, -2, 0]), summarize=1))
case("assert_non_positive (no line break before x)")(
    lambda tf: tf.debugging.assert_non_positive(tf.constant([1.5, -2.0, 0.0, 4.0])))
case("Assert eagerly: TF's 'Expected ... to be true'")(
    lambda tf: tf.debugging.Assert(tf.constant([1]) > 2,
                                   ["bad", tf.constant([1.5, 2, 3, 4]), tf.constant(1)]))
case("Assert eagerly: summarize=-1, a Python condition")(
    lambda tf: tf.debugging.Assert(False, ["bad", tf.constant([1.5, 2, 3, 4])], summarize=-1))
case("Assert holds: None")(lambda tf: tf.Assert(True, ["fine"]))


# -- in a tf.function: an Assert op that fails when the graph runs -----------------------------
def _in_function(check, *args):
    """Runs `check(tf, x, y)` in a tf.function of arguments named x and y (x:0, y:0 in TF's
    messages), or of more (their names are never printed)."""
    def run(tf):
        body = [lambda: check(tf), lambda x: check(tf, x), lambda x, y: check(tf, x, y)][
            len(args)] if len(args) < 3 else lambda *xs: check(tf, *xs)
        return tf.function(body)(*[a(tf) for a in args])
    return run


def _no_result(_):
    return None


def _and_then(check):
    """`check`, then an op after it; the check's Assert fails first."""
    def body(tf, *xs):
        check(tf, *xs)
        return xs[0] * 2
    return body


case("graph: assert_equal fails when run")(_in_function(
    _and_then(lambda tf, x, y: tf.debugging.assert_equal(x, y)), _x, _y))
case("graph: assert_equal holds, the function's result")(_in_function(
    _and_then(lambda tf, x, y: tf.debugging.assert_equal(x, y)), _x, _x))
case("graph: a Python y is the node assert_equal_1/y")(_in_function(
    _and_then(lambda tf, x: tf.debugging.assert_equal(x, 2, message="msg")),
    lambda tf: tf.constant([1, 2])))
case("graph: assert_less of matrices, summarize=10")(_in_function(
    _and_then(lambda tf, x: tf.debugging.assert_less(x, tf.constant([[1.5, 2.], [3., 4.]]),
                                                     summarize=10)),
    lambda tf: tf.constant([[2.0, 2.0], [1., 1.]])))
case("graph: assert_positive of a computed tensor")(_in_function(
    _and_then(lambda tf, x: tf.debugging.assert_positive(x - 5)), _x))
case("graph: assert_non_positive with a message")(_in_function(
    _and_then(lambda tf, x: tf.debugging.assert_non_positive(x, message="np")),
    lambda tf: tf.constant([1.0])))
case("graph: assert_near, the tolerances as graph tensors")(_in_function(
    _and_then(lambda tf, x: tf.debugging.assert_near(x, x + 1.0)), lambda tf: tf.constant([-1.0])))
case("graph: assert_near of a Python y")(_in_function(
    _and_then(lambda tf, x: tf.debugging.assert_near(x, 2.0)), lambda tf: tf.constant(1.0)))
case("graph: two constants fail while tracing")(_in_function(
    lambda tf: tf.debugging.assert_equal(tf.constant(1), tf.constant(2))))
case("graph: a Python constant fails while tracing")(_in_function(
    lambda tf, x: tf.debugging.assert_negative(2.0), lambda tf: tf.constant(1)))
case("graph: an eager tensor becomes a constant, checked while tracing")(
    lambda tf: (lambda c: tf.function(lambda: tf.debugging.assert_equal(c, 2))())(
        tf.constant([1, 2])))
case("graph: a Variable is read, checked when run")(
    lambda tf: (lambda v: tf.function(lambda: _no_result(tf.debugging.assert_less(v, 1.0)))())(
        tf.Variable([0.5, 2.0])))
case("graph: assert_equal(x, x) is a NoOp, not a check")(_in_function(
    _and_then(lambda tf, x: tf.debugging.assert_equal(x, x)), _x))
case("graph: Assert's summarize=2")(_in_function(
    _and_then(lambda tf, x: tf.debugging.Assert(tf.reduce_all(x > 0), ["bad", x], summarize=2)),
    lambda tf: tf.constant([-1.5, 2., 3., 4.])))


def _assert_all(tf, *xs):
    tf.debugging.Assert(False, list(xs), summarize=4)


# TF's kernels print a tensor in the fewest digits that read back (float32: 6 or 9, float64:
# 15 or 17), bools as 1/0, rows in brackets, "..." after the first `summarize`, C escapes
case("graph: Assert prints bools and floats as TF's kernels")(_in_function(
    _assert_all, lambda tf: tf.constant([True, False]),
    lambda tf: tf.constant([0.1, 1e-7, 123456789.0, 1 / 3]),
    lambda tf: tf.constant(np.array([0.1, 1 / 3]))))
case("graph: Assert prints rows, strings, nan and inf as TF's kernels")(_in_function(
    _assert_all, lambda tf: tf.reshape(tf.range(12), [2, 2, 3]),
    lambda tf: tf.reshape(tf.range(6), [3, 2]), lambda tf: tf.constant(["it's\n", "b"]),
    lambda tf: tf.constant(np.nan), lambda tf: tf.constant([np.inf, -np.inf])))
case("graph: Assert prints empty tensors and large floats as TF's kernels")(_in_function(
    _assert_all, lambda tf: tf.zeros([0]), lambda tf: tf.zeros([2, 0]),
    lambda tf: tf.constant(7, tf.int64), lambda tf: tf.constant([1e20, 1.5e-10])))


def _print_around_assert(tf, x, tmp_path):
    log = f"file://{tmp_path}/log.txt"

    @tf.function
    def f(x):
        tf.print("before", output_stream=log)
        tf.debugging.assert_positive(x)
        tf.print("after", output_stream=log)
        return x
    try:
        f(x)
    except Exception:  # noqa: BLE001 - what ran before the failure is the point
        pass
    return (tmp_path / "log.txt").read_text()


# TF's automatic control dependencies: ops with effects and no variable (Assert, PrintV2)
# run in program order, so a print after a failing check never runs
@pytest.mark.parametrize("x, printed", [([-1], "before\n"), ([1], "before\nafter\n")])
def test_ops_after_a_failing_check_do_not_run(tmp_path, x, printed):
    for tf in (real_tf, eng):
        (tmp_path / "log.txt").write_text("")
        assert _print_around_assert(tf, tf.constant(x), tmp_path) == printed, tf.__name__


# -- shapes and dtypes: at once, with TF's ValueError and TypeError ----------------------------
case("assert_rank")(lambda tf: tf.debugging.assert_rank(tf.zeros([2, 3]), 1))
case("assert_rank with a message")(
    lambda tf: tf.debugging.assert_rank(tf.zeros([2, 3]), 1, message="mm"))
case("assert_rank holds")(lambda tf: tf.debugging.assert_rank(tf.zeros([2, 3]), 2))
case("top-level tf.assert_rank")(lambda tf: tf.assert_rank(tf.zeros([2]), 0))
case("assert_rank_at_least")(lambda tf: tf.debugging.assert_rank_at_least(tf.zeros([2, 3]), 3))
case("assert_rank_at_least holds")(
    lambda tf: tf.debugging.assert_rank_at_least(tf.zeros([2, 3]), 1))
case("assert_rank_in")(lambda tf: tf.debugging.assert_rank_in(tf.zeros([2, 3]), [0, 1]))
case("assert_rank_in holds")(lambda tf: tf.debugging.assert_rank_in(tf.zeros([2, 3]), (0, 2)))
case("assert_scalar")(lambda tf: tf.debugging.assert_scalar(tf.zeros([2, 3])))
case("assert_scalar holds: None")(
    lambda tf: tf.debugging.assert_scalar(tf.constant(2.5), message="s"))
case("assert_type")(lambda tf: tf.debugging.assert_type(tf.zeros([2]), tf.int32))
case("assert_type with a message")(
    lambda tf: tf.debugging.assert_type(tf.zeros([2]), tf.int32, message="t"))
case("assert_type holds")(lambda tf: tf.debugging.assert_type(tf.zeros([2]), tf.float32))
case("assert_integer")(lambda tf: tf.debugging.assert_integer(tf.zeros([2])))
case("assert_integer holds")(lambda tf: tf.debugging.assert_integer(tf.zeros([2], tf.int64)))
case("assert_same_float_dtype: two dtypes")(lambda tf: tf.debugging.assert_same_float_dtype(
    [tf.zeros([2]), tf.zeros([2], tf.float64)]))
case("assert_same_float_dtype: not a float")(
    lambda tf: tf.debugging.assert_same_float_dtype([tf.zeros([2], tf.int32)]))
case("assert_same_float_dtype: against dtype=")(
    lambda tf: tf.debugging.assert_same_float_dtype([tf.zeros([2])], tf.float64))
case("assert_same_float_dtype: the common dtype")(
    lambda tf: tf.debugging.assert_same_float_dtype([tf.zeros([2], tf.float64)]))
case("assert_same_float_dtype: float32 by default")(
    lambda tf: tf.debugging.assert_same_float_dtype(None, None))
case("is_numeric_tensor")(lambda tf: (tf.debugging.is_numeric_tensor(tf.zeros([2])),
                                      tf.debugging.is_numeric_tensor(tf.constant(["a"])),
                                      tf.debugging.is_numeric_tensor(tf.constant([True])),
                                      tf.debugging.is_numeric_tensor(3)))
case("graph: assert_rank names the tensor")(_in_function(
    lambda tf, x: tf.debugging.assert_rank(x, 2), lambda tf: tf.zeros([3])))


# -- numerics --------------------------------------------------------------------------------
case("check_numerics: Inf and NaN")(lambda tf: tf.debugging.check_numerics(
    tf.constant([1.0, np.nan, np.inf]), "msg"))
case("check_numerics: Inf")(lambda tf: tf.debugging.check_numerics(
    tf.constant(np.array([-np.inf])), "m"))
case("check_numerics: NaN in float16")(lambda tf: tf.debugging.check_numerics(
    tf.constant([np.nan], tf.float16), "half"))
case("check_numerics: finite, the tensor itself")(
    lambda tf: tf.debugging.check_numerics(tf.constant([1.0, 2.0]), "msg"))
case("check_numerics: ints are not allowed", compare_message=False)(
    lambda tf: tf.debugging.check_numerics(tf.constant([1, 2]), "msg"))
case("assert_all_finite")(lambda tf: tf.debugging.assert_all_finite(
    tf.constant([1.0, np.nan]), "fin"))
case("graph: check_numerics fails when run")(_in_function(
    lambda tf, x: tf.debugging.check_numerics(x, "inside") * 2,
    lambda tf: tf.constant([1.0, np.nan])))
case("graph: check_numerics runs though its result is unused")(_in_function(
    _and_then(lambda tf, x: tf.debugging.check_numerics(x, "unused")),
    lambda tf: tf.constant([np.inf])))


def _gradient_through_check(tf, values):
    v = tf.constant(values)
    with tf.GradientTape() as tape:
        tape.watch(v)
        z = tf.reduce_sum(tf.sqrt(tf.debugging.check_numerics(v, "fwd")))
    return tape.gradient(z, v)


# TF: the gradient is checked too, its message quoting the forward's as bytes (b'fwd')
case("check_numerics checks the gradient")(lambda tf: _gradient_through_check(tf, [1.0, 0.0]))
case("check_numerics passes a finite gradient")(
    lambda tf: _gradient_through_check(tf, [1.0, 4.0]))


# -- the switches ------------------------------------------------------------------------------
def _log_device_placement(tf):
    # (only read here: in TF 2.21 setting it, even to False, once ops have run leaves its
    # context without soft placement, and a later tf.device("GPU:0") fails on a CPU-only
    # machine; tests/engine/test_debugging.py checks that the engine records the setting)
    return tf.debugging.get_log_device_placement()


def _traceback_filtering(tf):
    before = tf.debugging.is_traceback_filtering_enabled()
    tf.debugging.disable_traceback_filtering()
    during = tf.debugging.is_traceback_filtering_enabled()
    tf.debugging.enable_traceback_filtering()
    return before, during, tf.debugging.is_traceback_filtering_enabled()


case("get_log_device_placement is False by default")(_log_device_placement)
case("traceback filtering is on by default, and switches")(_traceback_filtering)


# -- assert_shapes: sizes by number or by name, across tensors ----------------------------------
def _shapes(*pairs, **kwargs):
    return lambda tf: tf.debugging.assert_shapes(
        [(tf.zeros(shape), spec) for shape, spec in pairs], **kwargs)


case("assert_shapes: a name's size is set by the first tensor")(
    _shapes(([2, 3], ("N", "Q")), ([3], ("N",))))
case("assert_shapes holds: None")(_shapes(([2, 3], ("N", "Q")), ([2], ("N",)), ([3, 2], ["Q", 2])))
case("assert_shapes: the rank differs")(_shapes(([2, 3], ("N",))))
case("assert_shapes: an explicit size")(_shapes(([2, 3], (2, 4))))
case("assert_shapes: an explicit size, with a message")(
    _shapes(([2, 3], ("N", 3)), ([4], [3]), message="m"))
case("assert_shapes: '*' only first")(_shapes(([2, 3, 4], (".", "*"))))
case("assert_shapes: '*' then the last sizes")(_shapes(([2, 3, 4], ("*", 4)), ([5, 4], ("*", "Q"))))
case("assert_shapes: '*' counts from the end")(_shapes(([2, 3, 4], ("*", 5))))
case("assert_shapes: '*' needs the rank")(_shapes(([4], ("*", 2, 4))))
case("assert_shapes: () means rank 0 or 1")(_shapes(([2, 3], ())))
case("assert_shapes: a scalar is size 1")(_shapes(([], ("N",)), ([2], ("N",))))
case("assert_shapes: a dict, '.' and None any size")(
    lambda tf: tf.debugging.assert_shapes({tf.zeros([2, 3]): (".", None)}))
case("assert_shapes: not an iterable")(_shapes(([2], 3)))
case("graph: assert_shapes names the tensors")(_in_function(
    _and_then(lambda tf, x, y: tf.debugging.assert_shapes([(x, ("N", 2)), (y, ("N",))])),
    lambda tf: tf.zeros([3, 2]), lambda tf: tf.zeros([4])))


def _shapes_unknown_while_tracing(tf, first, second):
    f = tf.function(lambda x, y: _no_result(tf.debugging.assert_shapes([(x, ("N", 2)), (y, ("N",))])),
                    input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec([None])])
    return f(tf.zeros(first), tf.zeros(second))


case("graph: assert_shapes of sizes known only when run")(
    lambda tf: _shapes_unknown_while_tracing(tf, [3, 2], [4]))
case("graph: assert_shapes of sizes known only when run, holding")(
    lambda tf: _shapes_unknown_while_tracing(tf, [3, 2], [3]))


# -- assert_proper_iterable: a list of tensors, not one tensor, array or string -----------------
case("assert_proper_iterable: a list")(lambda tf: tf.debugging.assert_proper_iterable([1, 2]))
case("assert_proper_iterable: a string")(lambda tf: tf.debugging.assert_proper_iterable("abc"))
case("assert_proper_iterable: bytes")(lambda tf: tf.debugging.assert_proper_iterable(b"abc"))
case("assert_proper_iterable: an array")(
    lambda tf: tf.debugging.assert_proper_iterable(np.zeros(2)))
case("assert_proper_iterable: a number")(lambda tf: tf.debugging.assert_proper_iterable(3))
# (TF names its class EagerTensor: the class is compared, not the text)
case("assert_proper_iterable: a tensor", compare_message=False)(
    lambda tf: tf.debugging.assert_proper_iterable(tf.zeros([2])))


def _gradient_around_a_function(tf, values):
    f = tf.function(lambda v: tf.reduce_sum(tf.sqrt(tf.debugging.check_numerics(v, "fwd"))))
    v = tf.constant(values)
    with tf.GradientTape() as tape:
        tape.watch(v)
        z = f(v)
    return z, tape.gradient(z, v)


case("a traced function's gradient is checked")(
    lambda tf: _gradient_around_a_function(tf, [1.0, 0.0]))
case("a traced function's finite gradient passes")(
    lambda tf: _gradient_around_a_function(tf, [1.0, 4.0]))
