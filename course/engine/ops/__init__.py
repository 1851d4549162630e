"""The op table: every primitive, with its NumPy forward and its gradient.

Each module holds one family of ops. Every primitive is a block of three parts
that sit together: the NumPy forward, the gradient (written with engine ops,
so it can be differentiated again), and the public function with its
docstring. `REGISTRY` maps TF op-type names ("AddV2", "MatMul", ...) to
`Op` objects; the tests walk it to check that every differentiable op has a
numeric gradient check.

Read in this order: math_ops (arithmetic, the heart), matmul_ops, unary_ops,
reduce_ops, array_ops, nn_ops, creation_ops, random_ops.
"""
from __future__ import annotations

REGISTRY: dict = {}  # TF op-type name -> execute.Op


def broadcast_shapes(*shapes) -> None:
    """Raises ValueError unless the shapes broadcast; None (unknown) dimensions fit anything.

    NumPy's `np.broadcast_shapes`, for shapes known only in part while tracing.
    """
    rank = max((len(s) for s in shapes if s is not None), default=0)
    for i in range(1, rank + 1):
        sizes = {s[-i] for s in shapes if s is not None and len(s) >= i} - {None, 1}
        if len(sizes) > 1:
            raise ValueError(f"shapes {shapes} do not broadcast")


def register(op):
    """Adds `op` to the table (a plain call, so reading the module shows it)."""
    if op.name in REGISTRY:
        raise ValueError(f"op {op.name} is registered twice")
    REGISTRY[op.name] = op
    return op
