"""The op table: every primitive, with its NumPy forward and its gradient.

Each module holds one family of ops. Every primitive is a block of three parts
that sit together: the NumPy forward, the gradient (written with engine ops,
so it can be differentiated again), and the public function with its
docstring. `REGISTRY` maps TF op-type names ("AddV2", "MatMul", ...) to
`Op` objects; the tests walk it to check that every differentiable op has a
numeric gradient check.

Read in this order: math_ops (arithmetic, the heart), unary_ops, reduce_ops,
array_ops, nn_ops, creation_ops, random_ops.
"""
from __future__ import annotations

REGISTRY: dict = {}  # TF op-type name -> execute.Op


def register(op):
    """Adds `op` to the table (a plain call, so reading the module shows it)."""
    if op.name in REGISTRY:
        raise ValueError(f"op {op.name} is registered twice")
    REGISTRY[op.name] = op
    return op
