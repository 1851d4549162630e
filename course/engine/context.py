"""Who is listening to executed ops: the active tapes and the graph being built.

`state.tapes` holds the active GradientTapes, innermost last (see tape.py).
`state.graph` is the graph being built (tf.function tracing, TF1 graph mode),
or None when executing eagerly (see function.py). `execute` reads both.
"""
from __future__ import annotations


class _State:
    def __init__(self):
        self.tapes: list = []
        self.graph = None


state = _State()
