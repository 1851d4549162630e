"""`tf.GradientTape`: what is recorded, what `gradient` returns, and TF's errors."""
from __future__ import annotations

import logging

import numpy as np
import pytest

import course.engine as tf


def test_watched_constant_and_chain_rule():
    """d(x^3 + 2x)/dx = 3x^2 + 2 at x = 3 is 29."""
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x ** 3 + 2.0 * x
    g = tape.gradient(y, x)
    assert g.dtype is tf.float32 and g.numpy() == pytest.approx(29.0)


def test_unwatched_constants_get_none():
    """TF: a constant the tape does not watch is not a source: its gradient is None."""
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    assert tape.gradient(y, x) is None


def test_trainable_variables_are_watched_automatically():
    v, w = tf.Variable(2.0), tf.Variable(3.0, trainable=False)
    with tf.GradientTape() as tape:
        y = v * w
    grads = tape.gradient(y, {"a": v, "b": w})
    assert grads["a"].numpy() == 3.0 and grads["b"] is None
    assert tape.watched_variables() == (v,)


def test_watch_accessed_variables_false_records_only_watched():
    v, w = tf.Variable(2.0), tf.Variable(3.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(v)
        y = v * w
    gv, gw = tape.gradient(y, [v, w])
    assert gv.numpy() == 3.0 and gw is None
    assert tape.watched_variables() == (v,)


def test_sources_structure_is_preserved():
    """TF: gradient() returns the structure of `sources`: a tensor, list, tuple or dict."""
    x, b = tf.constant([1.0, 2.0]), tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, b])
        y = x * b
    assert isinstance(tape.gradient(y, x), tf.Tensor)
    gx, gb = tape.gradient(y, [x, b])
    assert gx.numpy().tolist() == [3.0, 3.0] and gb.numpy() == 3.0
    assert isinstance(tape.gradient(y, (x, b)), tuple)
    d = tape.gradient(y, {"b": b, "x": [x, x]})
    assert list(d) == ["b", "x"] and d["b"].numpy() == 3.0 and len(d["x"]) == 2


def test_non_scalar_targets_are_summed_and_lists_of_targets_add_up():
    """TF: the gradient of a non-scalar target is that of its sum; several targets add."""
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = x * 3.0
    assert tape.gradient(y, x).numpy().tolist() == [2.0, 4.0]
    assert tape.gradient([y, z], x).numpy().tolist() == [5.0, 7.0]
    assert tape.gradient({"a": y, "b": [z]}, x).numpy().tolist() == [5.0, 7.0]


def test_output_gradients_weight_the_target():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    g = tape.gradient(y, x, output_gradients=tf.constant([1.0, 10.0]))
    assert g.numpy().tolist() == [2.0, 40.0]


@pytest.mark.parametrize("x_shape, b_shape", [((3, 4), (4,)), ((3, 4), (1, 4)), ((3, 4), ()),
                                              ((2, 1, 4), (3, 1))])
def test_gradients_are_reduced_to_the_source_shape_after_broadcasting(x_shape, b_shape):
    """A broadcast source gets the sum over the copies, in its own shape."""
    x = tf.constant(np.ones(x_shape))
    b = tf.constant(np.full(b_shape, 2.0))
    with tf.GradientTape() as tape:
        tape.watch(b)
        y = x * b
    g = tape.gradient(y, b)
    n = np.prod(np.broadcast_shapes(x_shape, b_shape)) // max(np.prod(b_shape, dtype=int), 1)
    assert g.shape == b_shape and np.all(g.numpy() == n)


def test_unconnected_sources_give_none_or_zeros():
    x, u = tf.constant(2.0), tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, u])
        y = x * 2.0
    assert tape.gradient(y, u) is None
    z = tape.gradient(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert z.numpy().tolist() == [0.0, 0.0]
    assert tape.gradient(tf.constant(5.0), x) is None  # a target the tape never saw


def test_integer_sources_give_none_with_a_logged_warning(caplog):
    """TF: integers are not differentiable; gradient() returns None and logs a warning."""
    x = tf.constant([1, 2])
    with caplog.at_level(logging.WARNING):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * x
        assert tape.gradient(y, x) is None
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "must be floating" in messages and "int32" in messages


def test_integer_variable_source_gives_none():
    v = tf.Variable([1, 2])
    with tf.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, v) is None


def test_gradient_flows_through_float_to_float_cast_only():
    """TF: Cast passes gradients between floating types; through an int cast it is None."""
    x = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.cast(tf.cast(x, tf.float64), tf.float32) * x
        z = tf.cast(tf.cast(x, tf.int32), tf.float32) * x
    assert tape.gradient(y, x).numpy() == 4.0
    assert tape.gradient(z, x).numpy() == 2.0  # only the direct factor


def test_second_gradient_call_on_non_persistent_tape_raises():
    """TF: RuntimeError: A non-persistent GradientTape can only be used to compute one set..."""
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="A non-persistent GradientTape can only be used to "
                                           "compute one set of gradients"):
        tape.gradient(y, x)


def test_persistent_tape_allows_many_calls():
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert tape.gradient(y, x).numpy() == 6.0
    assert tape.gradient(z, x).numpy() == pytest.approx(4 * 27.0)
    assert tape.gradient(y, x).numpy() == 6.0


def test_nested_tapes_give_second_and_third_derivatives():
    """d/dx x^4 = 4x^3, d2 = 12x^2, d3 = 24x at x = 2: 32, 48, 48."""
    x = tf.constant(2.0)
    with tf.GradientTape() as t3:
        t3.watch(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = x ** 4
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    assert (d1.numpy(), d2.numpy(), d3.numpy()) == (32.0, 48.0, 48.0)


def test_persistent_tape_can_differentiate_its_own_gradient():
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x * x
        dy = tape.gradient(y, x)  # computed while recording: the tape records its ops
    assert dy.numpy() == 27.0
    assert tape.gradient(dy, x).numpy() == 18.0


def test_stop_recording_pauses_the_tape():
    """Inside stop_recording nothing is recorded: z's gradient is None, w only sees y."""
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        with tape.stop_recording():
            z = x * x
            zy = y * x
        w = zy + y
    assert tape.gradient(z, x) is None
    assert tape.gradient(w, x).numpy() == 6.0


def test_watch_rejects_non_tensors():
    with tf.GradientTape() as tape:
        with pytest.raises(ValueError, match="Passed in object 3.0 of type 'float', not tf.Tensor "
                                             "or tf.Variable"):
            tape.watch(3.0)


def test_gradient_rejects_non_tensor_sources():
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * 2
    with pytest.raises(TypeError, match="float"):
        tape.gradient(y, 3.0)


def test_a_tensor_read_before_the_tape_is_not_a_later_read():
    """TF: a Variable's value read outside the tape is a separate tensor: None, not dy/dv."""
    v = tf.Variable(2.0)
    early = v.read_value()
    with tf.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, early) is None


def test_assignment_after_a_read_does_not_change_recorded_values():
    """TF: y = v^2 was computed from the old value; the gradient of y + v uses it (2*2 + 1)."""
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = v.read_value() ** 2
        v.assign(10.0)
        z = y + v
    assert tape.gradient(z, v).numpy() == 5.0


def test_compute_gradient_returns_theoretical_and_numerical_jacobians():
    """tf.test.compute_gradient: one (y_size, x_size) Jacobian per argument, both ways."""
    th, nu = tf.test.compute_gradient(lambda x: x * x, [3.0])
    assert th[0].shape == (1, 1) and th[0][0, 0] == pytest.approx(6.0)
    assert nu[0][0, 0] == pytest.approx(6.0, rel=1e-3)
    x, y = tf.constant([1.0, 2.0], tf.float64), tf.constant(3.0, tf.float64)
    th, nu = tf.test.compute_gradient(lambda a, b: a * b * a, [x, y])
    np.testing.assert_allclose(th[0], [[6.0, 0.0], [0.0, 12.0]])
    np.testing.assert_allclose(th[1], [[1.0], [4.0]])
    for t, n in zip(th, nu):
        np.testing.assert_allclose(t, n, rtol=1e-6)
    with pytest.raises(ValueError, match="`x` must be a list or tuple"):
        tf.test.compute_gradient(lambda x: x, 3.0)
