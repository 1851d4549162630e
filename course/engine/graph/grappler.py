"""Grappler's options (`tf.config.optimizer`), and the one that changes what a graph does.

TF rewrites every graph before running it (Grappler). The rewrites never
change a result, so the options that switch them on and off only change
speed, with one exception: the debug stripper, which removes the checks a
program makes on itself. Off by default:

    >>> @tf.function
    ... def f(x):
    ...     tf.debugging.check_numerics(x, "Bad!")
    ...     return x
    >>> f(tf.constant(float("inf")))                  # InvalidArgumentError: Bad! ...
    >>> tf.config.optimizer.set_experimental_options({"debug_stripper": True})
    >>> f(tf.constant(float("inf")))                  # no check any more
    <tf.Tensor: shape=(), dtype=float32, numpy=inf>

As in TF, the options in force when a function is *called* count (not when
it was traced), they apply to graphs only (an eager `check_numerics` still
checks), and `set_experimental_options` only adds to what was set before
(`{}` resets nothing). The engine's own rewrites (optimize.py: pruning,
constant folding, common subexpressions) always run: switching one off is
recorded and read back, as TF does, but changes nothing here, just as it
changes no result in TF.

Stripped, as TF's debug stripper does: CheckNumerics passes its input on
unchecked; Assert and PrintV2 do nothing. Only the function's own graph is
stripped: a check inside a `tf.cond` or `tf.while_loop` branch still runs
(TF strips those too).
"""
from __future__ import annotations

import operator

__all__ = ["set_experimental_options", "get_experimental_options", "strip_debug_ops"]

# TF's RewriterConfig fields, in the order `get_experimental_options` lists them:
# on/off switches (listed only once set), and two plain booleans (always listed).
_TOGGLES = ("layout_optimizer", "constant_folding", "shape_optimization", "remapping",
            "arithmetic_optimization", "dependency_optimization", "loop_optimization",
            "function_optimization", "debug_stripper")
_TOGGLES_AFTER_PRUNING = ("scoped_allocator_optimization", "pin_to_host_optimization",
                          "implementation_selector", "auto_mixed_precision",
                          "use_plugin_optimizers")
_LAST_TOGGLES = ("auto_mixed_precision_onednn_bfloat16", "auto_mixed_precision_mkl")
_INTEGERS = ("disable_model_pruning", "disable_meta_optimizer", "min_graph_nodes")

_options: dict = {}    # what was set, as given (TF keeps the dict and reads it when it runs)
strip_debug = False    # read by each function call (ops/call_ops.py): keep it a plain flag


def set_experimental_options(options: dict) -> None:
    """Sets some of Grappler's options, keeping the others (TF's `tf.config.optimizer`).

    >>> tf.config.optimizer.set_experimental_options({"constant_folding": False})
    >>> tf.config.optimizer.get_experimental_options()
    {'constant_folding': False, 'disable_model_pruning': False, 'disable_meta_optimizer': False}

    Unknown keys are ignored, as TF does; a value the option cannot hold
    (`{"min_graph_nodes": "x"}`) is a TypeError, as TF's protocol buffer raises.
    """
    options = dict(options)  # (TypeError for a non-mapping, as dict.update raises in TF)
    for key in _INTEGERS:
        if options.get(key) is not None:
            operator.index(options[key])  # "'str' object cannot be interpreted as an integer"
    global strip_debug
    _options.update(options)
    strip_debug = bool(_options.get("debug_stripper")) and not _options.get("disable_meta_optimizer")


def get_experimental_options() -> dict:
    """The options set so far, as TF reports them: every switch that was set (to True or
    False), then `disable_model_pruning` and `disable_meta_optimizer` always, and
    `min_graph_nodes` when it is not 0.

    >>> tf.config.optimizer.get_experimental_options()
    {'disable_model_pruning': False, 'disable_meta_optimizer': False}
    """
    found: dict = {}

    def toggles(names):
        for name in names:
            if _options.get(name) is not None:
                found[name] = bool(_options[name])

    toggles(_TOGGLES)
    found["disable_model_pruning"] = bool(_options.get("disable_model_pruning"))
    toggles(_TOGGLES_AFTER_PRUNING)
    found["disable_meta_optimizer"] = bool(_options.get("disable_meta_optimizer"))
    toggles(_LAST_TOGGLES)
    if _options.get("min_graph_nodes"):
        found["min_graph_nodes"] = operator.index(_options["min_graph_nodes"])
    return found


# -- the debug stripper -----------------------------------------------------------------------
_PASS_ON = frozenset({"CheckNumerics"})        # becomes Identity in TF
_DROP = frozenset({"Assert", "PrintV2"})       # becomes NoOp in TF


def _identity(x):
    return x


def _nothing(*values) -> None:
    return None


def strip_debug_ops(program):
    """A copy of a compiled graph (run.py's Program) without its debug checks and prints."""
    steps = list(program.steps)
    for k, (step, node) in enumerate(zip(steps, program.nodes)):
        if node.type in _PASS_ON or node.type in _DROP:
            _, fetch, n, out, free = step
            steps[k] = (_identity if node.type in _PASS_ON else _nothing, fetch, n, out, free)
    return type(program)(steps, program.nodes, program.template, program.input_slots,
                         program.output_slots, program.inputs_of, program.chained)
