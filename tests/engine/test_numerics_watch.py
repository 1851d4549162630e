"""tf.debugging.enable_check_numerics (debugging/numerics_watch.py) and the observers it uses.

TF rules checked (TF 2.21's check_numerics_callback; the messages are compared with TF's in
tests/differential/test_against_tensorflow_numerics_watch.py): while enabled, an op whose
floating output holds a NaN or an Inf raises InvalidArgumentError naming the op, eagerly and
in functions traced meanwhile (a CheckNumericsV2 node after the op, run even when the value
is unused); integer, complex and boolean outputs, eager constants and the ops TF lists as
safe (`Reshape`, `Fill`, `Identity`, ...) are not checked; a function traced before enabling
has no checks inside (its eager call, one op, is checked), one traced while enabled keeps them after
disabling; disabling twice or
enabling twice is harmless. The engine's rule: disabled, no observer is left in `execute`.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine import execute as execute_module, observers
from course.engine.context import state


@pytest.fixture
def watch():
    tf.debugging.enable_check_numerics()
    yield
    tf.debugging.disable_check_numerics()


def test_an_eager_op_making_an_inf_is_named_with_its_counts_and_inputs(watch):
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.math.log(tf.constant([0.0, 1.0]))
    assert str(info.value) == (
        '\n\n!!! Detected Infinity or NaN in output 0 of eagerly-executing op "Log" (# of '
        "outputs: 1) !!!\n  dtype: <dtype: 'float32'>\n  shape: (2,)\n  # of -Inf elements: 1\n"
        "\n  Input tensor: tf.Tensor([0. 1.], shape=(2,), dtype=float32)\n\n"
        " : Tensor had -Inf values [Op:CheckNumericsV2]")


def test_two_inputs_are_listed_and_python_numbers_shown_converted(watch):
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"(?s)op \"RealDiv\".*# of \+Inf "
                       r"elements: 1\n  # of \+NaN elements: 1\n\n  Input tensors \(2\):\n"
                       r"         0: tf.Tensor\(\[1\. 0\.\], shape=\(2,\), dtype=float32\)\n"
                       r"         1: tf.Tensor\(0\.0, shape=\(\), dtype=float32\)\n\n"
                       r" : Tensor had \+Inf and NaN values"):
        tf.constant([1.0, 0.0]) / 0.0


def test_what_is_not_checked(watch):
    nan = tf.constant([np.nan])          # an eager constant: no op ran
    assert np.isnan(tf.reshape(nan, [1]).numpy()).all()       # TF's safe ops
    assert np.isnan(tf.identity(nan).numpy()).all()
    assert np.isnan(tf.fill([2], np.nan).numpy()).all()
    assert np.isnan(tf.maximum(nan, 1.0).numpy()).all()
    assert tf.complex(tf.constant(np.inf), 0.0).dtype == tf.complex64
    assert (tf.constant([1]) + 1).numpy().tolist() == [2]
    assert tf.math.is_nan(nan).numpy().tolist() == [True]
    with pytest.raises(tf.errors.InvalidArgumentError, match='op "Pack"'):
        tf.stack([nan])                  # (TF lists "Stack", not the Pack op tf.stack runs)


def test_a_variable_read_is_checked_but_its_creation_is_not(watch):
    v = tf.Variable([np.inf])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r'(?s)op "ReadVariableOp".*Input '
                       r'tensor: tf\.Tensor\(<ResourceHandle\(name="Variable"\)>, shape=\(\), '
                       r'dtype=resource\)'):
        v + 1.0


def test_gradients_are_checked_too(watch):
    x = tf.Variable([0.0])
    with tf.GradientTape() as tape:
        y = tf.sqrt(x)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Tensor had \\+Inf values"):
        tape.gradient(y, x)


def test_a_traced_function_checks_when_it_runs_even_an_unused_value():
    @tf.function
    def f(x):
        tf.math.log(x)                 # unused: its check runs all the same
        return x * 2.0
    tf.debugging.enable_check_numerics()
    try:
        assert f(tf.constant([1.0])).numpy().tolist() == [2.0]   # traced with checks
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            f(tf.constant([0.0]))
    finally:
        tf.debugging.disable_check_numerics()
    text = str(info.value)
    assert text.startswith("Graph execution error:\n\nDetected at node Log/CheckNumericsV2 "
                           "defined at (most recent call last):")
    assert '!!! Detected Infinity or NaN in output 0 of graph op "Log" (# of outputs: 1) !!!\n' \
           "  dtype: <dtype: 'float32'>\n  shape: (1,)\n\n" \
           '  Input tensor: Tensor("x:0", shape=(1,), dtype=float32)\n  Graph name: "f"\n' in text
    assert "Stack trace of op's creation" in text and "test_numerics_watch.py" in text
    assert text.endswith(" : Tensor had -Inf values\n\t [[{{node Log/CheckNumericsV2}}]] "
                         "[Op:__inference_f]")
    with pytest.raises(tf.errors.InvalidArgumentError):   # the trace keeps its checks
        f(tf.constant([0.0]))


def test_a_function_traced_before_enabling_is_checked_as_one_op():
    """TF: its graph has no checks, but called eagerly it is one op (`__inference_<name>`),
    whose outputs are checked like any op's."""
    f = tf.function(lambda x: tf.math.log(x))
    f(tf.constant([1.0]))
    tf.debugging.enable_check_numerics()
    try:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r'output 0 of eagerly-executing op "__inference_<lambda>" '):
            f(tf.constant([0.0]))
    finally:
        tf.debugging.disable_check_numerics()
    assert f(tf.constant([0.0])).numpy().tolist() == [-np.inf]


def test_in_a_tf1_graph_the_checked_tensor_replaces_the_op_s_output():
    """TF1 graphs run only what a fetch needs: the check must be on the way to it."""
    tf1 = tf.compat.v1
    tf.debugging.enable_check_numerics()
    try:
        with tf.Graph().as_default():
            x = tf1.placeholder(tf.float32, [1])
            y = tf.math.log(x)
            assert y.op.type == "CheckNumericsV2" and y.op.name == "Log/CheckNumericsV2"
            with tf1.Session() as session:
                assert session.run(y * 0.0 + 1.0, {x: [1.0]}).tolist() == [1.0]
                with pytest.raises(tf.errors.InvalidArgumentError, match="op \"Log\""):
                    session.run(y * 0.0 + 1.0, {x: [0.0]})
    finally:
        tf.debugging.disable_check_numerics()


def test_enable_and_disable_are_idempotent_and_leave_no_observer():
    before = list(state.observers)
    tf.debugging.disable_check_numerics()
    tf.debugging.enable_check_numerics()
    tf.debugging.enable_check_numerics()
    assert len(state.observers) == len(before) + 1
    tf.debugging.disable_check_numerics()
    tf.debugging.disable_check_numerics()
    assert state.observers == before
    assert tf.math.log(tf.constant(0.0)).numpy() == -np.inf


def test_observers_see_ops_run_inside_another_op():
    """A py_function's body runs eagerly inside the EagerPyFunc op: both are observed."""
    seen = []

    def record(op, inputs, attrs, output, graph, start_ns, end_ns):
        seen.append(op.name)
        assert end_ns >= start_ns and graph is None
    observers.add(record)
    try:
        tf.py_function(lambda a: tf.math.log(a), [tf.constant(1.0)], tf.float32)
    finally:
        observers.remove(record)
    assert "Log" in seen and "EagerPyFunc" in seen
    assert seen.index("Log") < seen.index("EagerPyFunc")
    assert state.observers == [] and execute_module._observing.now is False
