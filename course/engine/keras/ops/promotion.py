"""Keras 3's dtype promotion: which dtype `keras.ops.add(a, b)` computes in.

    >>> result_type("int32", "float16"), result_type("int8", int), result_type("int32", float)
    ('float16', 'int8', 'float32')

Keras 3 does not use TensorFlow's rule (both operands must already agree):
it promotes, on the lattice JAX uses. Each dtype points to the dtypes just
above it; two dtypes meet at their least upper bound. A Python number is
"weak" (`int` and `float` in the lattice, just above bool): it takes the
tensor's dtype, so `int8_tensor + 1` stays int8 and `int32_tensor + 1.5` is
float32 (Keras's floatx), not float64.

Read next: numpy_ops.py, which calls `result_type` before each TF op.
"""
from __future__ import annotations

import numpy as np

from ... import dtypes

__all__ = ["result_type", "standardize_dtype", "FLOATX"]

FLOATX = "float32"  # keras.config.floatx(): the dtype a float without one gets

# Each dtype, and the dtypes just above it ("int"/"float": a weak Python number).
_ABOVE = {
    "bool": ["int"],
    "int": ["uint8", "int8"],
    "uint8": ["int16", "uint16"], "uint16": ["int32", "uint32"],
    "uint32": ["int64", "uint64"], "uint64": ["float"],
    "int8": ["int16"], "int16": ["int32"], "int32": ["int64"], "int64": ["float"],
    "float": ["bfloat16", "float16"],
    "bfloat16": ["float32"], "float16": ["float32"], "float32": ["float64", "complex64"],
    "float64": ["complex128"], "complex64": ["complex128"], "complex128": [],
}


def _upper_bounds(node: str) -> set:
    """`node` and every dtype above it."""
    seen, todo = {node}, [node]
    while todo:
        for up in _ABOVE[todo.pop()]:
            if up not in seen:
                seen.add(up)
                todo.append(up)
    return seen


_UPPER = {node: _upper_bounds(node) for node in _ABOVE}


def _least_upper_bound(nodes: set) -> str:
    common = set.intersection(*(_UPPER[n] for n in nodes))
    least = [c for c in common if common <= _UPPER[c]]  # below every other common bound
    return least[0]


def standardize_dtype(dtype) -> str:
    """A dtype's Keras name: "float32" for tf.float32, np.float32, "float32"; Python types too."""
    if dtype is int:
        return "int64"  # Keras on TensorFlow: a Python int is int64 (weak, see result_type)
    if dtype is float:
        return "float32"
    if dtype is bool:
        return "bool"
    if hasattr(dtype, "name") and not isinstance(dtype, str):
        return dtypes.as_dtype(dtype).name if not isinstance(dtype, np.dtype) else dtype.name
    return dtypes.as_dtype(dtype).name


def result_type(*types) -> str:
    """The dtype Keras computes in for operands of these dtypes. Mirrors `keras.backend.result_type`.

    Each argument is a dtype (its name, a tf.DType) or the Python type `int`
    or `float` for a Python number (weak: it adopts the other operand's kind).
    """
    names = [(standardize_dtype(t), t is int or t is float) for t in types]
    if len(names) == 1:
        out, weak = names[0]
    elif len({n for n, _ in names}) == 1 and not all(w for _, w in names):
        out, weak = names[0][0], False
    elif all(w for _, w in names):  # only Python numbers: their strong dtypes, made weak again
        out, weak = _least_upper_bound({n for n, _ in names}), True
    else:
        out = _least_upper_bound({_weak_node(n) if w else n for n, w in names})
        weak = out in ("int", "float")
    if weak and out != "bool":
        out = "int32" if "int" in out and not out.startswith("u") else (
            "uint32" if out.startswith("u") else FLOATX)
    return {"uint64": "uint32"}.get(out, out)  # TF keeps int64 and float64, as Keras on TF


def _weak_node(name: str) -> str:
    if name == "bool":
        return name
    return "float" if "float" in name else "int"
