"""Watching every op as it runs: TF's op callbacks, for `enable_check_numerics` and the profiler.

An observer is a function called after each op that `execute` runs:

    observer(op, inputs, attrs, output, graph, start_ns, end_ns)

`inputs` as the caller gave them (Variables, Python numbers, tensors), `output`
what `execute` returns, and the times (`time.perf_counter_ns()`) around it.
`graph` is None when the op has just run eagerly; else it is the graph being
built, whose node for the op has just been added, and an observer may add
nodes of its own (debugging/numerics_watch.py adds a check after it). An
observer returns None, or what the op's caller gets instead of `output` (as
TF's op callbacks may: in a TF1 graph the check's output takes the op's place,
so that whatever uses the op runs its check).
(`execute.observe` calls them: only execute.py knows the mode.) Observers are
the exception, not the rule: with none, `execute` pays one check of
`state.observers` and nothing else.

    >>> add(my_observer)        # every op from now on calls it
    >>> remove(my_observer)

Read next: debugging/numerics_watch.py and profiler/experimental.py (the two observers).
"""
from __future__ import annotations

from .context import state

__all__ = ["add", "remove"]


def add(observer) -> None:
    """Calls `observer` after every op from now on (once, however often it is added)."""
    if observer not in state.observers:
        # a new list, never changed in place: an op being observed keeps iterating the old one
        state.observers = state.observers + [observer]


def remove(observer) -> None:
    """Stops calling `observer` (nothing happens if it was not added)."""
    state.observers = [o for o in state.observers if o is not observer]
