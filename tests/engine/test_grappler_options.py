"""`tf.config.optimizer` (graph/grappler.py): the options read back, and the debug stripper.

The same rules are checked against real TF in tests/differential/test_against_tensorflow_seventh_set.py;
these run without it.
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.graph import grappler


@pytest.fixture(autouse=True)
def _no_options():
    saved = dict(grappler._options)
    grappler._options.clear()
    tf.config.optimizer.set_experimental_options({})
    yield
    grappler._options.clear()
    grappler._options.update(saved)
    tf.config.optimizer.set_experimental_options({})


def _checked():
    @tf.function
    def f(x):
        tf.debugging.check_numerics(x, "Bad!")
        tf.debugging.Assert(tf.reduce_all(x < 0.0), [x])
        return x + 1.0
    return f


def test_switches_come_back_in_tf_order_with_the_two_booleans():
    tf.config.optimizer.set_experimental_options({"min_graph_nodes": 2, "debug_stripper": 1,
                                                  "constant_folding": False})
    assert list(tf.config.optimizer.get_experimental_options().items()) == [
        ("constant_folding", False), ("debug_stripper", True), ("disable_model_pruning", False),
        ("disable_meta_optimizer", False), ("min_graph_nodes", 2)]


def test_setting_only_adds_and_a_bad_value_is_refused_before_it_is_kept():
    tf.config.optimizer.set_experimental_options({"remapping": False})
    tf.config.optimizer.set_experimental_options({})
    with pytest.raises(TypeError, match="'str' object cannot be interpreted as an integer"):
        tf.config.optimizer.set_experimental_options({"min_graph_nodes": "x", "layout_optimizer": 1})
    assert tf.config.optimizer.get_experimental_options() == {
        "remapping": False, "disable_model_pruning": False, "disable_meta_optimizer": False}


def test_a_traced_check_fails_until_the_debug_stripper_is_on_at_call_time():
    f, inf = _checked(), tf.constant(float("inf"))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Bad! : Tensor had Inf values"):
        f(inf)
    tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    assert f(inf).numpy() == float("inf")  # the same trace, now without its checks
    assert f.experimental_get_tracing_count() == 1
    with pytest.raises(tf.errors.InvalidArgumentError, match="eager"):
        tf.debugging.check_numerics(inf, "eager")  # eager ops are never stripped
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Bad!"):
        f(inf)


def test_stripping_keeps_the_steps_and_replaces_only_the_checks():
    f = _checked()
    concrete = f.get_concrete_function(tf.TensorSpec([], tf.float32))
    program = concrete._program
    stripped = grappler.strip_debug_ops(program)
    kinds = [node.type for node in program.nodes]
    assert "CheckNumerics" in kinds and "Assert" in kinds
    assert [n.type for n in stripped.nodes] == kinds
    changed = [program.nodes[k].type for k, (a, b) in enumerate(zip(program.steps, stripped.steps))
               if a[0] is not b[0]]
    assert sorted(set(changed)) == ["Assert", "CheckNumerics"]
    nan = tf.constant(float("nan"))._value
    assert np.isnan(stripped.run([nan])[0])  # the value passes through unchecked
    with pytest.raises(tf.errors.InvalidArgumentError, match="Bad! : Tensor had NaN values"):
        program.run([nan])
