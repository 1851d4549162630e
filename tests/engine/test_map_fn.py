"""tf.map_fn on the engine: numeric gradients through its loop, and AutoGraph of a function
defined inside a tf.function (tests/differential/test_against_tensorflow_map_fn.py compares
values and errors with TF)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


@pytest.mark.parametrize("traced", [False, True])
def test_map_fn_gradient_matches_central_differences(traced):
    """map_fn is a while_loop over TensorArrays: its gradient is the loop's, checked numerically
    (each row's sin(x) * x[0], so rows depend on another row too)."""
    def f(x):
        return tf.map_fn(lambda row: tf.sin(row) * x[0], x)
    fn = tf.function(f) if traced else f
    theoretical, numerical = tf.test.compute_gradient(
        fn, [np.array([[0.5, -1.5], [2.0, 0.25], [1.0, 3.0]])], delta=1e-6)
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-6, atol=1e-8)


def test_a_function_defined_in_a_tf_function_is_converted_once(caplog):
    """AutoGraph converts a nested def with the function around it; map_fn and Dataset.map then
    receive an already converted function and must leave it alone (TF marks converted code), not
    try again and warn "AutoGraph could not transform"."""
    numbers = tf.data.Dataset.from_tensor_slices([1.0, 2.0, 3.0])

    @tf.function
    def f(xs):
        def g(v):
            if v > 1.5:
                return v * 10.0
            return v
        total = numbers.map(g).reduce(0.0, lambda s, v: s + v)
        return tf.map_fn(g, xs), total
    mapped, total = f(tf.constant([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(mapped.numpy(), [1.0, 20.0, 30.0])
    assert float(total) == 51.0
    assert "could not transform" not in caplog.text
