"""What the seventh set of TF guides relies on (graph optimization, mixed precision), here and in
TF 2.21.

`tf.config.optimizer`: Grappler's options, set and read back in TF's order and with TF's
rules, and the debug stripper, the one option that changes what a traced function does.
Every case starts from no options set, on both sides (TF keeps them for the process). Run:

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_seventh_set.py
"""
from __future__ import annotations

import pytest

from course.engine.graph import grappler

from .tf_compare import Cases, check, eng, real_tf

case = Cases()


@pytest.fixture(autouse=True)
def _no_optimizer_options():
    """TF's `set_experimental_options` only adds, so clear both sides' options around a case."""
    from tensorflow.python.eager import context
    theirs = context.context()._optimizer_experimental_options
    saved = dict(theirs), dict(grappler._options)
    for options in (theirs, grappler._options):
        options.clear()
    real_tf.config.optimizer.set_experimental_options({})  # (TF re-reads them on the next call)
    eng.config.optimizer.set_experimental_options({})
    yield
    theirs.clear(), theirs.update(saved[0])
    grappler._options.clear(), grappler._options.update(saved[1])
    real_tf.config.optimizer.set_experimental_options({})
    eng.config.optimizer.set_experimental_options({})


# -- the options, read back -------------------------------------------------------------------
case("nothing set: the two plain booleans only")(
    lambda tf: tf.config.optimizer.get_experimental_options())


@case("set switches come back in RewriterConfig's order, not the order given")
def _(tf):
    tf.config.optimizer.set_experimental_options({
        "min_graph_nodes": 3, "auto_mixed_precision": True, "debug_stripper": False,
        "constant_folding": False, "disable_meta_optimizer": True, "layout_optimizer": True})
    return tf.config.optimizer.get_experimental_options()


@case("set only adds: an empty dict resets nothing; a later value replaces an earlier one")
def _(tf):
    tf.config.optimizer.set_experimental_options({"constant_folding": False})
    tf.config.optimizer.set_experimental_options({})
    first = tf.config.optimizer.get_experimental_options()
    tf.config.optimizer.set_experimental_options({"constant_folding": True, "remapping": 0})
    return first, tf.config.optimizer.get_experimental_options()


@case("None unsets a switch; unknown keys are ignored; a switch takes any truth value")
def _(tf):
    tf.config.optimizer.set_experimental_options({"constant_folding": False, "no_such": True})
    tf.config.optimizer.set_experimental_options({"constant_folding": None, "remapping": "yes"})
    return tf.config.optimizer.get_experimental_options()


case("min_graph_nodes 0 is not listed")(lambda tf: (
    tf.config.optimizer.set_experimental_options({"min_graph_nodes": 0}),
    tf.config.optimizer.get_experimental_options()))
case("min_graph_nodes must be an integer: TypeError")(lambda tf: (
    tf.config.optimizer.set_experimental_options({"min_graph_nodes": "x"}),
    tf.config.optimizer.get_experimental_options()))
case("disable_meta_optimizer must be an integer or bool: TypeError")(lambda tf: (
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": 2.5}),
    tf.config.optimizer.get_experimental_options()))
case("options must be a mapping: TypeError")(
    lambda tf: tf.config.optimizer.set_experimental_options(None))


# -- what they change -------------------------------------------------------------------------
def _checked(tf):
    @tf.function
    def f(x):
        tf.debugging.check_numerics(x, "Bad!")
        tf.debugging.Assert(tf.reduce_all(x < 0.0), [x])
        tf.debugging.assert_equal(x, tf.ones_like(x))
        return x * 2.0
    return f


case("a traced check_numerics fails on inf: InvalidArgumentError naming the message")(
    lambda tf: _checked(tf)(tf.constant(float("inf"))))


@case("debug_stripper: check_numerics passes its input on, Assert and assert_equal do nothing")
def _(tf):
    tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    return _checked(tf)(tf.constant([float("inf"), 3.0]))


@case("the options when a function is called count, not when it was traced")
def _(tf):
    f = _checked(tf)
    x = tf.constant(float("inf"))
    f.get_concrete_function(x)
    tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    stripped = f(x)
    tf.config.optimizer.set_experimental_options({"debug_stripper": False})
    try:
        f(x)
    except tf.errors.InvalidArgumentError:
        return stripped, f.experimental_get_tracing_count(), "checks again"
    return stripped, "no check"


@case("debug_stripper leaves eager ops alone: Grappler rewrites graphs only")
def _(tf):
    tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    return tf.debugging.check_numerics(tf.constant(float("nan")), "eager")


@case("disable_meta_optimizer turns the debug stripper off with the rest of Grappler")
def _(tf):
    tf.config.optimizer.set_experimental_options({"debug_stripper": True,
                                                  "disable_meta_optimizer": True})
    return _checked(tf)(tf.constant(float("inf")))


@case("a stripped function called from another: the callee's checks go too")
def _(tf):
    inner = _checked(tf)
    outer = tf.function(lambda x: inner(x) + 1.0)
    tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    return outer(tf.constant(float("inf")))


@case("constant_folding off changes no result (TF's rewrites never do)")
def _(tf):
    tf.config.optimizer.set_experimental_options({"constant_folding": False,
                                                  "arithmetic_optimization": False})
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    return tf.function(lambda x: tf.reduce_mean(a @ a @ a + x))(tf.constant(0.5))


@pytest.mark.parametrize("fn, compare_message, rtol", case.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
