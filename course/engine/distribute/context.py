"""Which strategy is current, and whether code runs for one replica or for all of them.

TF's two contexts:

- *cross-replica context*: inside `with strategy.scope():`, outside `run`.
  Code there sees every replica at once: a MirroredVariable reads as its first
  copy, and an assignment changes every copy.
- *replica context*: inside the function given to `strategy.run`. Code there is
  one replica's: `tf.distribute.get_replica_context().replica_id_in_sync_group`
  says which, and a MirroredVariable reads and writes that replica's copy.

Outside any scope the *default strategy* is current, in its (only) replica
context, as in TF:

    >>> tf.distribute.in_cross_replica_context()
    False
    >>> with strategy.scope():
    ...     tf.distribute.in_cross_replica_context()
    True

The stack of contexts is per thread: `strategy.run` runs each replica in a
thread of its own (see run.py), one after another.
"""
from __future__ import annotations

import threading

__all__ = ["get_strategy", "has_strategy", "in_cross_replica_context", "get_replica_context",
           "current_replica_id", "push", "pop", "default_strategy", "set_default_strategy"]

_local = threading.local()
_default = {}  # "strategy": the default strategy, made by strategy.py (it needs the classes)


def set_default_strategy(strategy) -> None:
    _default["strategy"] = strategy


def default_strategy():
    return _default["strategy"]


def _stack() -> list:
    """This thread's [(strategy, replica context or None)], innermost last."""
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def push(strategy, replica_context) -> None:
    """Enters a strategy's cross-replica context (replica_context None) or a replica's."""
    _stack().append((strategy, replica_context))


def pop() -> None:
    _stack().pop()


def get_strategy():
    """The current `tf.distribute.Strategy`: the innermost scope's, else the default one.

    Mirrors `tf.distribute.get_strategy`.
    """
    stack = _stack()
    return stack[-1][0] if stack else default_strategy()


def has_strategy() -> bool:
    """True inside a (non-default) strategy's scope or replica. Mirrors `tf.distribute.has_strategy`."""
    return bool(_stack())


def in_cross_replica_context() -> bool:
    """True inside `strategy.scope()` but not in `strategy.run`'s function.

    Mirrors `tf.distribute.in_cross_replica_context`.
    """
    stack = _stack()
    return bool(stack) and stack[-1][1] is None


def get_replica_context():
    """The current `ReplicaContext`, or None in cross-replica context.

    Mirrors `tf.distribute.get_replica_context`: outside any scope it is the
    default strategy's replica context (replica 0 of 1).
    """
    stack = _stack()
    if not stack:
        return default_strategy()._replica_context(0)
    return stack[-1][1]


def current_replica_id() -> int | None:
    """The replica running now (an int), or None: cross-replica context or no strategy at all."""
    stack = _stack()
    if not stack or stack[-1][1] is None:
        return None
    return stack[-1][1]._replica_id
