"""Who is listening to executed ops: the active tapes and the graph being built.

`tapes` holds the active GradientTapes, innermost last (see tape.py).
`graph` is the graph being built (tf.function tracing, TF1 graph mode), or
None when executing eagerly. Only `execute` and the graph builder (graph/)
look at it: everything else is an op, and does the same in both modes.
`tracing` holds the tf.function graphs being traced, innermost last: every
tf.Variable made meanwhile is reported to them, even one made under
`init_scope` (TF's variable creator scopes; see FuncGraph.variable_created).
`saving` is true while `tf.saved_model.save` runs (TF's save context): a
tf.function keeps the traces made then apart from its others (function.py).
`observers` watch every op `execute` runs (TF's op callbacks:
`tf.debugging.enable_check_numerics`, the profiler); see observers.py. Empty,
they cost `execute` one check.
"""
from __future__ import annotations


class _State:
    def __init__(self):
        self.tapes: list = []
        self.graph = None
        self.tracing: list = []
        self.saving = False
        self.name_scope = ""  # the innermost tf.name_scope ("layer1/"): Variables' names start so
        self.observers: list = []  # observers.py


state = _State()
