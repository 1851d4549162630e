"""AutoGraph's "in user code:" errors: the rules of autograph/errors.py, checked on the engine.

(tests/differential/test_against_tensorflow_autograph_errors.py compares the
same texts with TensorFlow 2.21's.)
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.autograph.errors import StagingError

HERE = __file__


def _error(fn, *args):
    with pytest.raises(Exception) as info:
        fn(*args)
    return info.value


def _frames(error) -> list:
    """The `File` lines of an "in user code:" message."""
    return [line.strip() for line in str(error).split("\n") if line.startswith('    File "')]


def test_the_message_lists_the_user_lines_then_the_indented_error():
    @tf.function
    def f(x):
        raise ValueError("x must be positive")
    error = _error(f, tf.constant(1))
    lines = str(error).split("\n")
    assert type(error) is ValueError
    assert lines[:2] == ["in user code:", ""]
    assert lines[2].startswith(f'    File "{HERE}", line ') and lines[2].endswith(", in f  *")
    assert lines[3] == '        raise ValueError("x must be positive")'
    assert lines[4:] == ["", "    ValueError: x must be positive", ""]


def test_errors_keep_their_class_and_tf_errors_their_node_and_op():
    @tf.function
    def f(x):
        raise tf.errors.InvalidArgumentError(None, "MyOp", "bad input")
    error = _error(f, tf.constant(1))
    assert type(error) is tf.errors.InvalidArgumentError
    assert error.op == "MyOp"
    assert "    InvalidArgumentError: bad input" in str(error)


def test_a_key_error_stays_a_key_error_with_the_whole_message():
    @tf.function
    def f(x):
        return {}["missing"]
    error = _error(f, tf.constant(1))
    assert isinstance(error, KeyError) and type(error).__name__ == "KeyError"
    assert str(error).startswith("in user code:")
    assert "    KeyError: 'missing'" in str(error)


def test_a_class_that_takes_no_single_message_becomes_a_staging_error():
    class Odd(Exception):
        def __init__(self, a, b):
            super().__init__(a, b)

    @tf.function
    def f(x):
        raise Odd(1, 2)
    error = _error(f, tf.constant(1))
    assert type(error) is StagingError
    assert "    Odd: (1, 2)" in str(error)


def test_one_frame_per_converted_call_and_engine_frames_left_out():
    def helper(x):
        return tf.reshape(x, [3])   # the engine's reshape fails inside: its frames are not shown

    @tf.function
    def f(x):
        return helper(x) + 1
    frames = _frames(_error(f, tf.range(4)))
    assert [line.rsplit(", in ", 1)[1] for line in frames] == ["f  *", "helper  *"]
    assert all("course/engine" not in line for line in frames)


def test_library_frames_follow_and_the_first_one_is_marked_double_star():
    @tf.function
    def f(x):
        return np.reshape(np.arange(4), (3, 3))
    frames = _frames(_error(f, tf.constant(1)))
    assert frames[0].endswith(", in f  *")
    assert "numpy" in frames[1] and frames[1].endswith("  **")
    assert all(not line.endswith("*") for line in frames[2:])


def test_a_loop_body_is_named_after_its_function():
    @tf.function
    def f(n):
        for i in tf.range(n):
            raise ValueError("in the body")
        return n
    frames = _frames(_error(f, tf.constant(2)))
    assert len(frames) == 1 and frames[0].endswith(", in f  *")


def test_autograph_off_raises_the_error_as_it_is():
    def f(x):
        raise ValueError("plain")
    error = _error(tf.function(f, autograph=False), tf.constant(1))
    assert str(error) == "plain"


def test_a_tensor_leaked_from_a_finished_trace_is_reported_without_the_frame():
    """TF raises this TypeError as it is: its message says where the tensor was made."""
    leaked = []

    @tf.function
    def leaky(a):
        leaked.append(a + 1)
        return a

    @tf.function
    def uses(b):
        return b + leaked[0]
    leaky(tf.constant(1))
    error = _error(uses, tf.constant(2))
    assert type(error) is TypeError and str(error).startswith("<tf.Tensor 'add:0'")


def test_an_error_traced_twice_is_framed_once():
    @tf.function
    def inner(x):
        raise ValueError("inner")

    @tf.function
    def outer(x):
        return inner(x)
    error = _error(outer, tf.constant(1))
    assert str(error).count("in user code:") == 1
    assert [line.rsplit(", in ", 1)[1] for line in _frames(error)] == ["outer  *", "inner  *"]
    assert str(error).endswith("    ValueError: inner\n")


# -- "Graph execution error": a kernel failing while a traced function runs ---------------------------
def _graph_error(fn, *args):
    error = _error(fn, *args)
    assert type(error) is tf.errors.InvalidArgumentError
    return str(error).split("\n")


def test_a_failing_node_is_named_with_the_lines_that_made_it():
    """TF's layout: the node, the user's frames where it was made (outermost first, each
    followed by an empty line), the kernel's message, then the node and the function."""
    @tf.function
    def f(x):
        return tf.gather(x, 7)
    lines = _graph_error(f, tf.range(3))
    assert lines[:3] == ["Graph execution error:", "",
                         "Detected at node GatherV2 defined at (most recent call last):"]
    frames = [line for line in lines if line.startswith("  File ")]
    assert frames[-1].startswith(f'  File "{HERE}", line ') and frames[-1].endswith(", in f")
    assert all("course/engine" not in line for line in frames)
    assert all(lines[lines.index(frame) + 1] == "" for frame in frames)
    assert lines[-2:] == ["indices = 7 is not in [0, 3)",
                          "\t [[{{node GatherV2}}]] [Op:__inference_f]"]


def test_a_node_in_a_loop_body_is_named_by_its_path_and_its_body_line():
    @tf.function
    def f(x, n):
        total = tf.constant(0)
        for i in tf.range(n):
            total += tf.gather(x, i)
        return total
    lines = _graph_error(f, tf.range(3), tf.constant(5))
    assert lines[2] == "Detected at node while/GatherV2 defined at (most recent call last):"
    names = [line.rsplit(", in ", 1)[1] for line in lines if line.startswith("  File ")]
    assert names[-2:] == ["f", "f"]  # the `for` line, then the body's line: both f's
    assert lines[-1] == "\t [[{{node while/GatherV2}}]] [Op:__inference_f]"


def test_a_function_inlined_into_another_keeps_its_own_lines():
    @tf.function
    def inner(x):
        return tf.gather(x, 5)

    @tf.function
    def outer(x):
        return inner(x) + 1
    lines = _graph_error(outer, tf.range(3))
    names = [line.rsplit(", in ", 1)[1] for line in lines if line.startswith("  File ")]
    assert names[-2:] == ["outer", "inner"]


def test_a_tf1_session_keeps_its_own_message():
    """TF1's Session.run has its own layout: the kernel's message and the node (unchanged)."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.int32, [None])
        picked = tf.gather(x, 7)
    with tf.compat.v1.Session(graph=graph) as session:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            session.run(picked, {x: [1, 2, 3]})
    assert "Graph execution error" not in str(info.value)
    assert "[[{{node GatherV2}}]]" in str(info.value)
