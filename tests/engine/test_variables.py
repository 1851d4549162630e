"""`tf.Variable`: construction, assignment rules, reading, printing."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


def test_repr_matches_tensorflow():
    assert repr(tf.Variable(False)) == "<tf.Variable 'Variable:0' shape=() dtype=bool, numpy=False>"
    assert repr(tf.Variable([[1.0, 2.0]], name="w")) == \
        "<tf.Variable 'w:0' shape=(1, 2) dtype=float32, numpy=array([[1., 2.]], dtype=float32)>"


def test_constructor_arguments():
    v = tf.Variable(1.0, trainable=False, name="v")
    assert (v.trainable, v.name, v.dtype, v.shape) == (False, "v:0", tf.float32, [])
    assert tf.Variable(1, dtype=tf.float64).dtype is tf.float64
    assert tf.Variable(lambda: tf.ones([2])).numpy().tolist() == [1.0, 1.0]
    assert tf.Variable(np.arange(3)).dtype is tf.int64
    w = tf.Variable(tf.Variable([1.0, 2.0]))
    assert w.numpy().tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="`initial_value`"):
        tf.Variable()


def test_initial_tensor_is_not_cast():
    """TF: Variable(int_tensor, dtype=float32) is a ValueError (conversion, not a cast)."""
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float32 for Tensor "
                                         "with dtype int32"):
        tf.Variable(tf.constant([1, 2]), dtype=tf.float32)


def test_assign_family_returns_the_variable_unread_as_tf():
    """TF 2: assign returns an _UnreadVariable: the variable, read when used (repr 'UnreadVariable')."""
    v = tf.Variable(1.0)
    unread = v.assign(2.0)
    assert repr(unread) == "<tf.Variable 'UnreadVariable' shape=() dtype=float32, numpy=2.0>"
    assert v.numpy() == 2.0 and float(unread + 1.0) == 3.0
    v.assign(2.0)
    assert unread.numpy() == 2.0  # it reads the variable, not a copy
    v.assign_add(1.5)
    assert v.numpy() == 3.5
    v.assign_sub(0.5)
    assert v.numpy() == 3.0
    v.assign(5)  # a Python int converts to the variable's float32
    assert v.numpy() == 5.0 and v.dtype is tf.float32


def test_updates_in_place_never_change_a_tensor_read_earlier():
    """Copy-on-write (TF's PrepareToUpdateVariable): in place only when no tensor shares the buffer."""
    v = tf.Variable(np.arange(100_000, dtype=np.float32))
    before = v.read_value()
    view = np.asarray(before)[:3]
    v.assign_add(np.ones(100_000, np.float32))
    assert before.numpy()[:3].tolist() == [0.0, 1.0, 2.0] and view.tolist() == [0.0, 1.0, 2.0]
    assert v.numpy()[:3].tolist() == [1.0, 2.0, 3.0]
    del before, view
    buffer_id = id(v._value)
    v.assign_sub(np.ones(100_000, np.float32))  # nobody else holds the buffer now: in place
    assert id(v._value) == buffer_id and v.numpy()[:3].tolist() == [0.0, 1.0, 2.0]


def test_reads_are_snapshots():
    """Tensors read earlier keep their values after an assign (tensors are immutable)."""
    v = tf.Variable([1.0, 2.0])
    before = v.read_value()
    doubled = v * 2
    v.assign([5.0, 6.0])
    assert before.numpy().tolist() == [1.0, 2.0] and doubled.numpy().tolist() == [2.0, 4.0]
    a = v.numpy()
    a[0] = 100.0
    assert v.numpy()[0] == 5.0


def test_assign_checks_shape_with_a_clear_error():
    """TF: assign of another shape is a ValueError naming both shapes."""
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match=r"Shape mismatch.*variable shape \(2,\), and the assigned "
                                         r"value shape \(3,\) are incompatible"):
        v.assign([1.0, 2.0, 3.0])
    assert v.numpy().tolist() == [1.0, 2.0]


def test_assign_add_checks_shape_like_tf():
    """TF: AssignAddVariableOp: Cannot update variable with shape [2] using a Tensor with shape [1]."""
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Cannot update variable with shape \[2\] using a Tensor with shape "
                             r"\[1\], shapes must be equal. \[Op:AssignAddVariableOp\]"):
        v.assign_add([1.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[Op:AssignSubVariableOp\]"):
        v.assign_sub([[1.0, 2.0]])


def test_assign_checks_dtype():
    """TF: a tensor of another dtype is refused; a Python float cannot become an int."""
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match="requested dtype float32 for Tensor with dtype int32"):
        v.assign(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="float64"):
        v.assign_add(tf.constant([1.0, 1.0], tf.float64))
    w = tf.Variable([1, 2])
    with pytest.raises(TypeError, match="Cannot convert .* to EagerTensor of dtype int32"):
        w.assign([1.5, 2.0])


def test_arithmetic_reads_and_yields_tensors():
    v = tf.Variable([1.0, 2.0])
    for out in (v * 2, 2 * v, v + v, -v, v[0], v ** 2, v / 2, abs(v)):
        assert isinstance(out, tf.Tensor)
    assert (v * 2).numpy().tolist() == [2.0, 4.0]
    assert (v + 1).dtype is tf.float32
    assert (v > 1.5).numpy().tolist() == [False, True]
    assert tf.reduce_sum(v).numpy() == 3.0
    np.testing.assert_array_equal(np.asarray(v), [1.0, 2.0])


def test_variables_are_unhashable_but_have_refs():
    v = tf.Variable(1.0)
    with pytest.raises(TypeError, match="Variable is unhashable. Instead, use variable.ref"):
        hash(v)
    assert {v.ref(): 1}[v.ref()] == 1


def test_module_finds_variables():
    class Dense(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(tf.ones([2, 3]), name="w")
            self.b = tf.Variable(tf.zeros([3]), name="b")
            self.frozen = tf.Variable(1.0, trainable=False)

    class Model(tf.Module):
        def __init__(self):
            super().__init__()
            self.layers = [Dense(), Dense()]

    m = Model()
    assert len(m.variables) == 6 and len(m.trainable_variables) == 4
    assert len(m.submodules) == 2 and m.name == "model"
