"""The matrix product: `tf.matmul` (TF's MatMul, and BatchMatMulV2 for batches) and its gradient.

    >>> tf.matmul(tf.constant([[1.0, 2.0]]), tf.constant([[3.0], [4.0]]))
    <tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[11.]], dtype=float32)>

C = A B gives dA = dC B^T and dB = A^T dC (with the transposes folded in);
batch dimensions, all but the last two, broadcast like elementwise ops.
Read it after math_ops.py (which gives `tf.matmul` to the other modules too).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import InvalidArgumentError, invalid_argument, no_kernel
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import broadcast_shapes, register
from . import complex_ops as _complex

__all__ = ["MATMUL", "BATCH_MATMUL", "matmul"]

_FLOAT = dtypes.FLOATING
_conj = _complex.conj_if_complex  # complex: the gradients multiply by adjoints


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _matmul(a, b, transpose_a=False, transpose_b=False, batch=False):
    name = "MatMul" if a.ndim <= 2 and b.ndim <= 2 and not batch else "BatchMatMulV2"
    hint = ("matmul needs matrices; for vectors use tf.tensordot, or reshape to [1, n] / "
            "[n, 1] first.")
    if name == "MatMul" and (a.ndim < 2 or b.ndim < 2):
        raise invalid_argument(name, f"In[0] and In[1] ndims must be == 2: {min(a.ndim, b.ndim)}",
                               hint)
    if a.ndim < 2 or b.ndim < 2:
        raise invalid_argument(name, f"In[{0 if a.ndim < 2 else 1}] ndims must be >= 2: "
                                     f"{min(a.ndim, b.ndim)}", hint)
    try:  # batch dimensions (all but the last two) broadcast
        broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise invalid_argument(name, f"In[0] and In[1] must have compatible batch dimensions: "
                                     f"{_dims(a.shape)} vs. {_dims(b.shape)}") from None
    inner_a = a.shape[-2] if transpose_a else a.shape[-1]
    inner_b = b.shape[-1] if transpose_b else b.shape[-2]
    if inner_a != inner_b:
        raise invalid_argument(
            name, f"Matrix size-incompatible: In[0]: {_dims(a.shape)}, In[1]: {_dims(b.shape)}",
            f"the inner dimensions must agree ({inner_a} vs {inner_b}); did you mean "
            "tf.multiply (elementwise), or to transpose one side?")
    if transpose_a:
        a = np.swapaxes(a, -1, -2)
    if transpose_b:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b)


def _matmul_grad(op, dy):
    from .math_ops import _unbroadcast_batch  # (math_ops imports this module at its end)
    a, b = op.inputs
    ta, tb = op.attrs.get("transpose_a", False), op.attrs.get("transpose_b", False)
    a, b = _conj(a), _conj(b)  # complex: dA = dC adjoint(B), dB = adjoint(A) dC
    # C = A B  =>  dA = dC B^T,  dB = A^T dC   (with the transposes folded in)
    da = db = None
    if op.needs(0):  # (the first layer's inputs, say, need no gradient)
        da = matmul(dy, b, transpose_b=not tb) if not ta else \
            matmul(b, dy, transpose_a=tb, transpose_b=True)
        da = _unbroadcast_batch(da, a)
    if op.needs(1):
        db = matmul(a, dy, transpose_a=not ta) if not tb else \
            matmul(dy, a, transpose_a=True, transpose_b=ta)
        db = _unbroadcast_batch(db, b)
    return da, db


# TF: MatMul has no int8/int16 or unsigned kernels on CPU (the unsigned ones are a
# NotFoundError: see matmul); BatchMatMulV2 adds int16.
MATMUL = register(Op("MatMul", _matmul, _matmul_grad,
                     dtypes=_FLOAT | dtypes.COMPLEX | {dtypes.int32, dtypes.int64}))
BATCH_MATMUL = register(Op("BatchMatMulV2", lambda a, b, **attrs: _matmul(a, b, batch=True, **attrs),
                           _matmul_grad,
                           dtypes=_FLOAT | dtypes.COMPLEX | {dtypes.int16, dtypes.int32,
                                                             dtypes.int64}))


def matmul(a, b, transpose_a: bool = False, transpose_b: bool = False, adjoint_a: bool = False,
           adjoint_b: bool = False, a_is_sparse: bool = False, b_is_sparse: bool = False,
           output_type=None, grad_a: bool = False, grad_b: bool = False, name=None) -> Tensor:
    """Matrix product `a @ b` of rank-2 tensors, or batches of them.

    Mirrors `tf.linalg.matmul`. Batch dimensions (all but the last two)
    broadcast. This is not elementwise `tf.multiply`. `adjoint_a` transposes
    and conjugates; `a_is_sparse`, `grad_a` (and b's) are hints that change no
    result, accepted as TF's parameters; `output_type` (TF: int32 results of
    int8 inputs) is not part of this engine.

    >>> tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]]))
    <tf.Tensor: shape=(1, 1), dtype=int32, numpy=array([[11]], dtype=int32)>
    """
    a = a if isinstance(a, Tensor) else convert_to_tensor(a)
    b = b if isinstance(b, Tensor) else convert_to_tensor(b, dtype_hint=a.dtype)
    if adjoint_a or adjoint_b or output_type is not None:
        a, b, transpose_a, transpose_b = _adjoints(a, b, transpose_a, transpose_b, adjoint_a,
                                                   adjoint_b, output_type)
    # (a rank unknown while tracing: TF's BatchMatMulV2, which takes any rank >= 2)
    op = MATMUL if a.ndim is not None and b.ndim is not None and a.ndim <= 2 and b.ndim <= 2 \
        else BATCH_MATMUL
    attrs = {"transpose_a": transpose_a, "transpose_b": transpose_b} if transpose_a or transpose_b \
        else {}
    try:
        return execute(op, (a, b), attrs, name=name)
    except InvalidArgumentError:
        if a.dtype.is_unsigned:  # (TF's op allows them, no kernel does; even with b int32)
            raise no_kernel(op.name, {"T": a.dtype}) from None
        raise


def _adjoints(a, b, transpose_a, transpose_b, adjoint_a, adjoint_b, output_type):
    """matmul's adjoint_a/adjoint_b as a conjugate and a transpose (TF's checks)."""
    from .complex_ops import conj
    if output_type is not None:
        raise NotImplementedError("tf.matmul's output_type (int32 results of int8 inputs) is "
                                  "not part of this engine; cast the result instead")
    for x, transpose, adjoint in (("a", transpose_a, adjoint_a), ("b", transpose_b, adjoint_b)):
        if transpose and adjoint:
            raise ValueError(f"Only one of `transpose_{x}` and `adjoint_{x}` can be True. "
                             f"Received `transpose_{x}`=True, `adjoint_{x}`=True.")
    if adjoint_a:
        a, transpose_a = conj(a), True
    if adjoint_b:
        b, transpose_b = conj(b), True
    return a, b, transpose_a, transpose_b
