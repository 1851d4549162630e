"""Ops on DTensors: the global result, with the layout TF's layout propagation gives it.

    >>> mesh = dtensor.create_mesh([("x", 3), ("y", 2)], devices=[f"CPU:{i}" for i in range(6)])
    >>> a = dtensor.call_with_layout(tf.ones, dtensor.Layout(["y", "x"], mesh), shape=(2, 3))
    >>> b = dtensor.call_with_layout(tf.ones, dtensor.Layout(["x", dtensor.UNSHARDED], mesh),
    ...                              shape=(3, 2))
    >>> dtensor.fetch_layout(tf.matmul(a, b)).sharding_specs
    ['y', 'unsharded']

The rules, as TF's DTensor applies them:
- elementwise ops (`tf.add`, `a * b`, `tf.exp`, ...): each axis of the result keeps the
  sharding of the first operand that has that axis at full size (a broadcast axis does not
  count), so `a + b` takes `a`'s layout when both have the axis;
- `tf.matmul`: the rows keep `a`'s sharding, the columns `b`'s; the contracted axis
  disappears (TF sums the devices' partial products); rows and columns split over the same
  mesh dimension both become unsharded;
- reductions: the reduced axes disappear (or become unsharded with `keepdims`).
A plain tensor of rank 0 joins an op as a replicated value; a larger one is TF's
UnimplementedError (copy it with `dtensor.copy_to_mesh` first). Every operand must be on the
same mesh.

How the public names reach this: making the first Mesh registers an engine dispatcher
(dispatch.py) for each API below, which applies when an argument is a DTensor (no DTensor
exists without a mesh, and programs without one keep the plain functions); the operators
are methods of DTensor and DVariable. Gradients are not recorded
through these ops (the result is a new DTensor, which no tape has seen).
"""
from __future__ import annotations

import functools
import inspect

from .. import dispatch, errors
from ..ops import matmul_ops as _matmul_ops
from ..tensor import Tensor, TensorOperators
from .dtensor import DTensor, DVariable, _make, as_dtensor, is_dtensor, regular_tensor_error
from .layout import UNSHARDED, Layout

__all__ = ["install"]


def _operands(values, op: str) -> list:
    """The DTensors among `values` (DVariables as their values), checked for one mesh."""
    found = [as_dtensor(v) for v in values if is_dtensor(v)]
    meshes = {d.layout.mesh for d in found}
    if len(meshes) > 1:
        raise ValueError("DTensor ops need every operand on the same mesh; got "
                         f"{len(meshes)} meshes (use dtensor.relayout or copy_to_mesh)")
    for i, v in enumerate(values):
        if isinstance(v, Tensor) and not is_dtensor(v) and v.shape.rank != 0:
            raise regular_tensor_error(op, i, v)
    return found


def _unique(specs: list, mesh) -> Layout:
    """A layout from `specs`, a mesh dimension used twice kept only the first time."""
    seen, out = set(), []
    for spec in specs:
        out.append(UNSHARDED if spec in seen else spec)
        if spec != UNSHARDED:
            seen.add(spec)
    return Layout(out, mesh)


def elementwise_layout(operands: list, shape: tuple) -> Layout:
    """Each axis from the first operand having it at full size (right-aligned, as broadcasting)."""
    specs = []
    for axis in range(len(shape)):
        spec = UNSHARDED
        for d in operands:
            k = axis - (len(shape) - d.shape.rank)
            if k >= 0 and d.shape[k] == shape[axis] and d.layout.sharding_specs[k] != UNSHARDED:
                spec = d.layout.sharding_specs[k]
                break
        specs.append(spec)
    return _unique(specs, operands[0].layout.mesh)


def matmul_layout(a, b, transpose_a: bool, transpose_b: bool) -> Layout:
    a_specs, b_specs = a.layout.sharding_specs, b.layout.sharding_specs
    if transpose_a:
        a_specs = a_specs[:-2] + [a_specs[-1], a_specs[-2]]
    if transpose_b:
        b_specs = b_specs[:-2] + [b_specs[-1], b_specs[-2]]
    batch = a_specs[:-2] if len(a_specs) >= len(b_specs) else b_specs[:-2]
    rows, columns = a_specs[-2], b_specs[-1]
    if rows == columns:   # (one mesh dimension cannot split both: TF gathers both)
        rows = columns = UNSHARDED
    return _unique(batch + [rows, columns], a.layout.mesh)


def reduction_layout(d, axis, keepdims: bool) -> Layout:
    rank = d.shape.rank
    axes = set(range(rank)) if axis is None else {
        a % rank for a in (axis if isinstance(axis, (list, tuple)) else [int(axis)])}
    specs = d.layout.sharding_specs
    kept = [UNSHARDED if i in axes else s for i, s in enumerate(specs)] if keepdims else \
        [s for i, s in enumerate(specs) if i not in axes]
    return Layout(kept, d.layout.mesh)


def _laid_out(result, layout: Layout):
    return _make(result._value, layout) if isinstance(result, Tensor) else result


# -- the public APIs -----------------------------------------------------------------------------
def _any_dtensor(bound: inspect.BoundArguments) -> bool:
    return any(is_dtensor(v) for v in bound.arguments.values())


def _elementwise_target(api, n_inputs: int):
    signature = inspect.signature(api)
    names = list(signature.parameters)[:n_inputs]

    @functools.wraps(api)
    def target(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        operands = _operands([bound.arguments.get(n) for n in names], api.__name__)
        result = api(*args, **kwargs)
        return _laid_out(result, elementwise_layout(operands, tuple(result.shape)))
    return target


def _matmul_target(api):
    signature = inspect.signature(api)

    @functools.wraps(api)
    def target(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        a, b = bound.arguments["a"], bound.arguments["b"]
        _operands([a, b], "MatMul")
        if not (is_dtensor(a) and is_dtensor(b)):
            raise errors.UnimplementedError(
                None, None, "MatMul of a DTensor needs both operands as DTensors: use "
                "dtensor.copy_to_mesh for the other")
        result = api(*args, **kwargs)
        get = bound.arguments.get
        return _laid_out(result, matmul_layout(
            as_dtensor(a), as_dtensor(b), bool(get("transpose_a") or get("adjoint_a")),
            bool(get("transpose_b") or get("adjoint_b"))))
    return target


def _reduction_target(api):
    signature = inspect.signature(api)

    @functools.wraps(api)
    def target(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        d = _operands([bound.arguments["input_tensor"]], api.__name__)[0]
        result = api(*args, **kwargs)
        return _laid_out(result, reduction_layout(d, bound.arguments.get("axis"),
                                                  bool(bound.arguments.get("keepdims"))))
    return target


_REDUCTIONS = ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod")
_installed = []


def install() -> None:
    """Registers the DTensor dispatchers (once): called when the first Mesh is made."""
    if _installed:
        return
    plain = dispatch.elementwise_api   # (the reductions are found the same way: tf.math's)
    targets = [(_matmul_ops.matmul, _matmul_target(_matmul_ops.matmul))]
    targets += [(plain(name), _elementwise_target(plain(name), 1))
                for name in dispatch.UNARY_ELEMENTWISE_APIS]
    targets += [(plain(name), _elementwise_target(plain(name), 2))
                for name in dispatch.BINARY_ELEMENTWISE_APIS]
    targets += [(plain(name), _reduction_target(plain(name))) for name in _REDUCTIONS]
    for api, target in targets:
        dispatch._register(dispatch._plain(api),
                           dispatch._Dispatcher(target, _any_dtensor, install))
        _installed.append(dispatch._plain(api))


def uninstall() -> None:
    """Removes the DTensor dispatchers (tests do, to leave the public names plain)."""
    while _installed:
        dispatch._unregister(_installed.pop(), install)


# -- the operators of DTensor and DVariable ------------------------------------------------------
def _binary_operator(method: str, reflected: bool):
    plain = getattr(TensorOperators, method)

    def operator(self, other):
        operands = [other, self] if reflected else [self, other]
        found = _operands(operands, method.strip("_"))
        result = plain(self, other)
        if result is NotImplemented:
            return result
        if method in ("__matmul__", "__rmatmul__"):
            if len(found) != 2:
                raise errors.UnimplementedError(None, None, "MatMul of a DTensor needs both "
                                                "operands as DTensors")
            return _laid_out(result, matmul_layout(found[0], found[1], False, False))
        return _laid_out(result, elementwise_layout(found, tuple(result.shape)))
    operator.__name__ = method
    return operator


def _unary_operator(method: str):
    plain = getattr(TensorOperators, method)

    def operator(self):
        return _laid_out(plain(self), as_dtensor(self).layout)
    operator.__name__ = method
    return operator


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul"):
    for _reflected, _method in ((False, f"__{_name}__"), (True, f"__r{_name}__")):
        for _cls in (DTensor, DVariable):
            setattr(_cls, _method, _binary_operator(_method, _reflected))
for _method in ("__neg__", "__abs__"):
    for _cls in (DTensor, DVariable):
        setattr(_cls, _method, _unary_operator(_method))
