"""`Dataset.reduce` as an op: how a tf.function loops over a tf.data dataset.

    >>> @tf.function
    ... def total(ds):
    ...     s = tf.constant(0, tf.int64)
    ...     for x in ds:          # AutoGraph: ds.reduce(s, lambda s, x: s + x)
    ...         s += x
    ...     return s

TF runs a dataset inside a graph with dataset ops. Here the `ReduceDataset`
node holds the dataset itself (its elements come from Python generators,
data/) and the reduce function traced into a graph (`body`), like a
while_loop's body: when the node runs, its kernel walks the elements and
runs the body's compiled graph once per element, carrying the state.
Eagerly `Dataset.reduce` is this same op, executed at once.

A dataset that is an argument of the tf.function being traced is a graph
input (a variant tensor: ../data/spec.py), and the pipeline built on it in
the function reads it: those inputs are the node's first inputs, and while
the kernel runs, each such source reads the dataset the call fed.

Read next: ../data/transformations.py (Dataset.reduce), while_ops.py.
"""
from __future__ import annotations

from ..execute import execute
from ..graph.branches import trace
from ..graph.shapes import SHAPE_RULES, Spec
from .branch_graphs import flatten, output_tensors, pack, seal
from .cond_ops import control_op

__all__ = ["reduce_dataset_op", "trace_reduce_func"]


def _reduce_kernel(*values, dataset, sources, body, n_state):
    k, n = body.n_resources, len(sources)
    variables, fed = list(values[:k]), values[k:k + n]
    state, outer = list(values[k + n:k + n + n_state]), list(values[k + n + n_state:])
    for source, value in zip(sources, fed):  # the datasets this call passed the function
        source.bind(value.dataset)
    try:
        for element in dataset._elements():
            state = body.run(variables + state + [t._value for t in flatten(element)] + outer)
    finally:
        for source in sources:
            source.bind(None)
    return state[0] if n_state == 1 else tuple(state) if n_state else None


def _graph_sources(dataset) -> list:
    """The dataset arguments of the function being traced that `dataset` reads (data/spec.py)."""
    from ..data.spec import GraphDataset
    found, todo = [], [dataset]
    while todo:
        d = todo.pop()
        if isinstance(d, GraphDataset):
            if d not in found:
                found.append(d)
        else:
            todo.extend(d._input_datasets())
    return found


SHAPE_RULES["ReduceDataset"] = lambda specs, attrs: list(attrs["body"].output_specs)


def trace_reduce_func(dataset, state_specs: list, reduce_func):
    """`reduce_func(state, element)` traced into a graph: (graph, params, output tensors).

    `state_specs` (Specs, possibly with unknown dims) are the shapes the state
    is traced for; `reduce_func` takes and returns the state as a flat tuple.
    """
    from ..function import TensorSpec
    if not all(isinstance(s, TensorSpec) for s in flatten(dataset.element_spec)):
        raise NotImplementedError(
            f"Iterating a dataset of {dataset.element_spec} inside a tf.function is not supported "
            "by this engine: only elements made of tensors (iterate it eagerly, outside)")
    element_specs = [Spec(s.dtype._np, s.shape._dims) for s in flatten(dataset.element_spec)]
    n = len(state_specs)
    graph, params, result = trace(
        lambda *args: reduce_func(tuple(args[:n]), pack(dataset.element_spec, list(args[n:]))),
        "reduce_func", [0] * (n + len(element_specs)), list(state_specs) + element_specs)
    return graph, params, output_tensors(graph, flatten(result))


def reduce_dataset_op(dataset, state: list, state_specs: list, reduce_func) -> list:
    """The final state (a flat list of tensors) of `reduce_func(state, element)` over `dataset`."""
    graph, params, outs = trace_reduce_func(dataset, state_specs, reduce_func)
    (body,), variables, outer = seal([graph], [params], [outs], ["reduce_func"])
    op = control_op("ReduceDataset", _reduce_kernel, None, body.n_resources, len(outs),
                    body.has_effects)
    sources = _graph_sources(dataset)
    out = execute(op, (*variables, *[s.handle for s in sources], *state, *outer),
                  {"dataset": dataset, "sources": sources, "body": body, "n_state": len(outs)})
    return [out] if len(outs) == 1 else list(out or ())
