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
`numpy_behavior` is true after `tf.experimental.numpy.experimental_enable_numpy_behavior()`
(NumPy's dtype promotion in operators, NumPy methods and indexing on tensors), and
`prefer_float32` says whether TF NumPy makes Python floats float32 rather than float64;
see numpy_api/behavior.py. Nothing in `execute` looks at them.
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
        self.numpy_behavior = False  # numpy_api/behavior.py
        self.prefer_float32 = False


state = _State()
