"""`tf.autograph.experimental`: do_not_convert and set_loop_options."""
from __future__ import annotations

from .conversion import do_not_convert

__all__ = ["do_not_convert", "set_loop_options", "Feature"]


def set_loop_options(parallel_iterations=None, swap_memory=None, maximum_iterations=None,
                     shape_invariants=None) -> None:
    """Options for the loop it opens. Mirrors `tf.autograph.experimental.set_loop_options`.

    Write it as the first statement of a loop's body:

        for i in tf.range(n):
            tf.autograph.experimental.set_loop_options(shape_invariants=[(v, tf.TensorShape([None]))])
            v = tf.concat([v, [i]], 0)

    AutoGraph takes the call out of the body and hands its arguments to
    tf.while_loop; called anywhere else, it does nothing (as in TF).
    """


class Feature:
    """AutoGraph's optional features (accepted and ignored, as TF's defaults are)."""
    ALL = "ALL"
    AUTO_CONTROL_DEPS = "AUTO_CONTROL_DEPS"
    ASSERT_STATEMENTS = "ASSERT_STATEMENTS"
    BUILTIN_FUNCTIONS = "BUILTIN_FUNCTIONS"
    EQUALITY_OPERATORS = "EQUALITY_OPERATORS"
    LISTS = "LISTS"
    NAME_SCOPES = "NAME_SCOPES"
