"""TF1's graph collections: named lists a graph keeps beside its nodes.

TF1 code files things under a key as it builds a graph, and finds them later by
that key: every `tf.compat.v1.summary.scalar` adds its node to the SUMMARIES
collection, which `merge_all()` then merges into one node.

    >>> with tf.Graph().as_default() as g:
    ...     tf.compat.v1.add_to_collection("my_things", tf.constant(1.0))
    ...     len(g.get_collection("my_things"))
    1

The variables collections (GLOBAL_VARIABLES, TRAINABLE_VARIABLES) are the
graph's variables themselves, as `tf.compat.v1.global_variables()` lists them.
"""
from __future__ import annotations

import re

__all__ = ["GraphKeys", "add_to_collection", "get_collection", "get_collection_ref",
           "get_all_collection_keys", "clear_collection"]


class GraphKeys:
    """The standard collection names. Mirrors `tf.compat.v1.GraphKeys`."""

    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    REGULARIZATION_LOSSES = "regularization_losses"
    GLOBAL_STEP = "global_step"
    TRAIN_OP = "train_op"
    INIT_OP = "init_op"
    _SUMMARY_COLLECTION = "_SUMMARY_V2"   # (TF's own: tf.summary ops made in a TF1 graph)


def _variables(graph, key: str) -> list | None:
    """The variables collections are views of the graph's variables."""
    if key == GraphKeys.GLOBAL_VARIABLES:
        return list(graph.variables)
    if key == GraphKeys.TRAINABLE_VARIABLES:
        return [v for v in graph.variables if v.trainable]
    return None


def add_to_collection(graph, name: str, value) -> None:
    """Appends `value` to the graph's list `name` (TF allows duplicates)."""
    graph._collections.setdefault(name, []).append(value)


def get_collection_ref(graph, name: str) -> list:
    """The graph's list `name` itself (changing it changes the collection)."""
    return graph._collections.setdefault(name, [])


def get_collection(graph, name: str, scope: str | None = None) -> list:
    """A copy of the list `name`; with `scope`, only the items whose `name` starts with a
    match of that regular expression (TF: re.match). Empty for an unknown key."""
    items = _variables(graph, name)
    if items is None:
        items = list(graph._collections.get(name, ()))
    if scope is None:
        return items
    return [x for x in items if getattr(x, "name", None) is not None and re.match(scope, x.name)]


def get_all_collection_keys(graph) -> list:
    """The keys of the collections that have something."""
    return [k for k, v in graph._collections.items() if v]


def clear_collection(graph, name: str) -> None:
    graph._collections.pop(name, None)
