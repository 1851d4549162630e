"""tf.debugging on the engine alone (tests/differential/test_against_tensorflow_debugging.py
runs the same checks on TF 2.21 and compares the texts).

Each expected text below is TF 2.21's (its check_ops rules: "Condition x == y did
not hold.", then the indices and values that differ, then the first `summarize`
elements; the Assert kernel's "assertion failed: [...]" with TF's tensor summary).
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.ops.control_flow_ops import summarize_value


def test_assert_equal_eagerly_lists_indices_and_values_that_differ():
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_equal(tf.constant([1, 2, 3, 4, 5]), tf.constant([1, 0, 3, 0, 0]))
    assert str(info.value) == (
        "Condition x == y did not hold.\nIndices of first 3 different values:\n[[1]\n [3]\n [4]]\n"
        "Corresponding x values:\n[2 4 5]\nCorresponding y values:\n[0 0 0]\n"
        "First 3 elements of x:\n[1 2 3]\nFirst 3 elements of y:\n[1 0 3]")


def test_a_passing_check_returns_none_eagerly():
    assert tf.debugging.assert_less(tf.constant([1, 2]), 3) is None
    assert tf.debugging.assert_near(tf.constant([1.0]), tf.constant([1.0000001])) is None
    assert tf.debugging.assert_positive(tf.constant([1, 2])) is None


def test_message_comes_first_and_summarize_limits_the_elements():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"^hi\nCondition x < y did not hold"
                       r"\.\nFirst 2 elements of x:\n\[1 2\]\nFirst 1 elements of y:\n\[3\]$"):
        tf.debugging.assert_less(tf.constant([1, 2, 3, 4, 5]), 3, message="hi", summarize=2)


def test_sign_checks_have_their_own_layout():
    """TF: '<message>.  ', the condition, 'x (shape=... dtype=...) = ', x's elements as strings."""
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_negative(tf.constant([1, -2, 0]), message="m")
    assert str(info.value) == ("m.  \nCondition x < 0 did not hold element-wise:\n"
                               "x (shape=(3,) dtype=int32) = \n['1', '-2', '0']")


def test_assert_near_default_tolerance_is_ten_epsilons():
    eps = np.finfo(np.float32).eps
    tf.debugging.assert_near(tf.constant([1.0]), tf.constant([1.0 + 5 * eps]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="rtol = tf.Tensor"):
        tf.debugging.assert_near(tf.constant([1.0]), tf.constant([1.0 + 30 * eps]))


def test_in_a_function_the_check_is_an_assert_op_that_fails_when_run():
    traced = []

    @tf.function
    def f(x, y):
        traced.append(tf.debugging.assert_equal(x, y))
        return x + 1
    assert f(tf.constant([1, 2]), tf.constant([1, 2])).numpy().tolist() == [2, 3]
    assert traced[0].type == "Assert"
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        f(tf.constant([1, 2]), tf.constant([1, 3]))
    assert ("assertion failed: [Condition x == y did not hold element-wise:] [x (x:0) = ] "
            "[1 2] [y (y:0) = ] [1 3]") in str(info.value)


def test_two_constants_fail_while_tracing():
    @tf.function
    def f():
        tf.debugging.assert_equal(tf.constant(1), tf.constant(2))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"x \(Const:0\) = \n    1\n    y \(Const_1:0\) = \n    2"):
        f()


def test_a_print_after_a_failing_check_does_not_run(capsys):
    @tf.function
    def f(x):
        tf.print("before")
        tf.debugging.assert_positive(x)
        tf.print("after")
    with pytest.raises(tf.errors.InvalidArgumentError):
        f(tf.constant([-1]))
    assert capsys.readouterr().err == "before\n"


@pytest.mark.parametrize("value, limit, text", [
    (np.array([1, 2, 3, 4, 5], np.int32), 3, "1 2 3..."),
    (np.arange(12).reshape(2, 2, 3), 4, "[[0 1 2][3...]]..."),
    (np.arange(6).reshape(3, 2), 4, "[0 1][2 3]..."),
    (np.array([[2.0, 2.0], [1.0, 1.0]], np.float32), 10, "[2 2][1 1]"),
    (np.array([True, False]), 3, "1 0"),
    (np.array([0.1, 1e-7, 123456789.0, 1 / 3], np.float32), 4, "0.1 1e-07 123456792 0.333333343"),
    (np.array([0.1, 1 / 3]), 4, "0.1 0.33333333333333331"),
    (np.array([np.inf, -np.inf, np.nan], np.float32), 3, "inf -inf nan"),
    (np.zeros([2, 0]), 3, ""),
    (np.array(7, np.int64), 3, "7"),
    (np.array([b"it's\n", b"b"], object), 3, "it\\'s\\n b"),
])
def test_tensors_print_as_tfs_kernels_summarize_them(value, limit, text):
    """TF's Tensor::SummarizeValue: spaces between elements, rows in brackets, "..." after the
    first `limit`; floats in the fewest digits that read back (float32: 6 or 9; float64: 15 or
    17), bools as 1/0, strings with C escapes."""
    assert summarize_value(value, limit) == text


def test_eager_assert_says_what_was_expected():
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.Assert(tf.constant([1]) > 2, ["bad", tf.constant([1.5, 2, 3, 4]), tf.constant(1)])
    assert str(info.value) == ("Expected 'tf.Tensor([False], shape=(1,), dtype=bool)' to be true. "
                               "Summarized data: b'bad'\n1.5, 2.0, 3.0, ...\n1")
    assert tf.Assert is tf.debugging.Assert


def test_rank_and_type_checks_raise_at_once():
    with pytest.raises(ValueError, match=r"^Tensor  must have rank 1\.  Received rank 2, shape \(2, 3\)$"):
        tf.debugging.assert_rank(tf.zeros([2, 3]), 1)
    with pytest.raises(ValueError, match=r"rank in \(0, 1\)"):
        tf.debugging.assert_rank_in(tf.zeros([2, 3]), [0, 1])
    with pytest.raises(ValueError, match=r"^Expected scalar shape, saw shape: \(2,\)\.$"):
        tf.debugging.assert_scalar(tf.zeros([2]))
    with pytest.raises(TypeError, match=r"^t\.  tensor must be of type tf\.int32; got tf\.float32$"):
        tf.debugging.assert_type(tf.zeros([2]), tf.int32, message="t")
    with pytest.raises(TypeError, match="to be integer type"):
        tf.debugging.assert_integer(tf.zeros([2]))
    assert tf.debugging.assert_same_float_dtype([tf.zeros([2], tf.float64)]) is tf.float64
    assert tf.debugging.assert_same_float_dtype() is tf.float32
    assert [tf.debugging.is_numeric_tensor(x) for x in (tf.zeros([1]), tf.constant("a"), 3)] == \
        [True, False, False]


def test_check_numerics_names_what_it_found():
    assert tf.debugging.check_numerics(tf.constant([1.0]), "ok").numpy().tolist() == [1.0]
    for values, found in [([np.nan], "NaN"), ([np.inf], "Inf"), ([np.nan, -np.inf], "Inf and NaN")]:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=rf"^after log : Tensor had {found} values \[Op:CheckNumerics\]"):
            tf.debugging.check_numerics(tf.constant(values), "after log")
    with pytest.raises(tf.errors.InvalidArgumentError, match="not in the list of allowed values"):
        tf.debugging.check_numerics(tf.constant([1]), "ints")


def test_check_numerics_checks_the_gradient_too():
    """TF's gradient of CheckNumerics checks the upstream gradient, quoting the message."""
    v = tf.constant([1.0, 0.0])
    with tf.GradientTape() as tape:
        tape.watch(v)
        z = tf.reduce_sum(tf.sqrt(tf.debugging.check_numerics(v, "fwd")))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"^Not a number \(NaN\) or infinity \(Inf\) values detected in "
                             r"gradient\. b'fwd' : Tensor had Inf values"):
        tape.gradient(z, v)


def test_check_numerics_runs_in_a_function_even_when_unused():
    @tf.function
    def f(x):
        tf.debugging.check_numerics(x, "unused")
        return x + 1
    with pytest.raises(tf.errors.InvalidArgumentError, match="unused : Tensor had NaN values"):
        f(tf.constant([np.nan]))


def test_switches_are_recorded():
    assert tf.debugging.get_log_device_placement() is False
    tf.debugging.set_log_device_placement(True)
    try:
        assert tf.debugging.get_log_device_placement() is True
    finally:
        tf.debugging.set_log_device_placement(False)
    assert tf.debugging.is_traceback_filtering_enabled() is True
    tf.debugging.disable_traceback_filtering()
    try:
        assert tf.debugging.is_traceback_filtering_enabled() is False
    finally:
        tf.debugging.enable_traceback_filtering()


def test_what_the_engine_lacks_says_so():
    with pytest.raises(NotImplementedError, match="tf.debugging.experimental is not part"):
        tf.debugging.experimental  # noqa: B018


def test_assert_shapes_names_sizes_across_tensors():
    """TF: a named size is set by the first tensor that has it; '*' first means any leading
    dimensions (then sizes count from the end); a scalar is rank 1, size 1."""
    x, y = tf.zeros([2, 3]), tf.zeros([3])
    assert tf.debugging.assert_shapes([(x, ("N", "Q")), (tf.zeros([2]), ("N",))]) is None
    with pytest.raises(ValueError) as info:
        tf.debugging.assert_shapes([(x, ("N", "Q")), (y, ("N",))])
    assert str(info.value) == ("Specified by tensor shape=(2, 3) dtype=float32 dimension 0.  "
                               "Tensor shape=(3,) dtype=float32 dimension 0 must have size 2.  "
                               "Received size 3, shape (3,)")
    with pytest.raises(ValueError, match=r"^Specified explicitly\.  .* dimension -1 must have "
                                         r"size 5\.  Received size 4, shape \(2, 3, 4\)$"):
        tf.debugging.assert_shapes([(tf.zeros([2, 3, 4]), ("*", 5))])
    tf.debugging.assert_shapes([(tf.constant(1.0), ("N",)), (tf.zeros([1]), ("N",))])


def test_assert_shapes_checks_sizes_unknown_while_tracing_when_run():
    f = tf.function(lambda x, y: tf.debugging.assert_shapes([(x, ("N", 2)), (y, ("N",))]) and None,
                    input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec([None])])
    f(tf.zeros([3, 2]), tf.zeros([3]))
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        f(tf.zeros([3, 2]), tf.zeros([4]))
    assert ("assertion failed: [] [Specified by tensor x:0 dimension 0] [Tensor y:0 dimension] "
            "[0] [must have size] [3] [Received shape: ] [4]") in str(info.value)


def test_a_traced_functions_gradient_is_checked_too():
    """TF: a tf.function's gradient holds the gradient's CheckNumerics; its forward call does not
    run it (there is no gradient yet)."""
    f = tf.function(lambda v: tf.reduce_sum(tf.sqrt(tf.debugging.check_numerics(v, "fwd"))))
    v = tf.constant([1.0, 0.0])
    with tf.GradientTape() as tape:
        tape.watch(v)
        z = f(v)
    assert z.numpy() == 1.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="detected in gradient. b'fwd'"):
        tape.gradient(z, v)
    with tf.GradientTape() as tape:
        tape.watch(v)
        z = f(v + 1.0)
    assert tape.gradient(z, v).numpy().tolist() == pytest.approx([0.5 / np.sqrt(2), 0.5])
