"""`keras.ops`' reductions and products: `ops.sum`, `ops.mean`, `ops.argmax`, `ops.matmul`, ...

    >>> ops.mean(ops.ones((2, 3)), axis=-1)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 1.], dtype=float32)>

Keras's dtype rules, where TF's reduce_* keep the input's dtype:
- `sum` and `prod` of bool, int8 or int16 are int32 (uint8, uint16: uint32);
- `mean`, `var` and `std` of ints are float32 (floats keep their dtype);
- `argmax`/`argmin` give int32 (tf.argmax: int64), over the flattened
  tensor when `axis` is None;
- `max`/`min` of bools are `any`/`all`.
`matmul` takes NumPy's operands (a 1-D one is a vector) and promotes ints
with floats, where `tf.matmul` wants two matrices of one dtype.
"""
from __future__ import annotations

from ... import dtypes
from ...ops import array_ops, linalg_ops, math_ops, reduce_ops
from ...tensor import Tensor
from .core_ops import cast, convert_to_tensor
from .promotion import FLOATX, result_type

__all__ = ["sum", "mean", "max", "min", "amax", "amin", "prod", "var", "std", "all", "any",
           "argmax", "argmin", "logsumexp", "matmul", "dot", "einsum", "tensordot"]

_WIDENED = {"bool": "int32", "int8": "int32", "int16": "int32", "uint8": "uint32",
            "uint16": "uint32"}  # NumPy's accumulators: sums of small ints do not overflow


def sum(x, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001 - Keras's name
    """The sum along `axis` (all axes if None). Mirrors `keras.ops.sum`.

    >>> ops.sum(np.array([True, True, False]))
    <tf.Tensor: shape=(), dtype=int32, numpy=2>
    """
    x = convert_to_tensor(x)
    x = cast(x, _WIDENED.get(x.dtype.name, x.dtype.name))
    return reduce_ops.reduce_sum(x, axis=axis, keepdims=keepdims)


def prod(x, axis=None, keepdims: bool = False, dtype=None) -> Tensor:
    """The product along `axis`. Mirrors `keras.ops.prod`."""
    x = convert_to_tensor(x)
    if dtype is None:  # (Keras on TF goes through result_type first: uint64 becomes uint32)
        dtype = result_type(x.dtype)
        dtype = _WIDENED.get(dtype, dtype)
    return reduce_ops.reduce_prod(cast(x, dtype), axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims: bool = False) -> Tensor:
    """The average along `axis`; ints give float32. Mirrors `keras.ops.mean`.

    Keras computes in float32 at least (a float16 mean does not overflow) and
    casts back to a float input's own dtype.
    """
    x = convert_to_tensor(x)
    compute = result_type(x.dtype, "float32")
    out = reduce_ops.reduce_mean(cast(x, compute), axis=axis, keepdims=keepdims)
    return out if not x.dtype.is_floating else cast(out, x.dtype)


def var(x, axis=None, keepdims: bool = False) -> Tensor:
    """The variance along `axis` (population: divided by n). Mirrors `keras.ops.var`."""
    x = convert_to_tensor(x)
    out = reduce_ops.reduce_variance(cast(x, result_type(x.dtype, "float32")), axis=axis,
                                     keepdims=keepdims)
    return cast(out, result_type(x.dtype, float))


def std(x, axis=None, keepdims: bool = False) -> Tensor:
    """The standard deviation along `axis`. Mirrors `keras.ops.std`."""
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        x = cast(x, FLOATX)
    return reduce_ops.reduce_std(x, axis=axis, keepdims=keepdims)


def max(x, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001 - Keras's name
    """The largest value along `axis`. Mirrors `keras.ops.max`."""
    x = convert_to_tensor(x)
    if x.dtype is dtypes.bool:
        return reduce_ops.reduce_any(x, axis=axis, keepdims=keepdims)
    return reduce_ops.reduce_max(x, axis=axis, keepdims=keepdims)


def min(x, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001 - Keras's name
    """The smallest value along `axis`. Mirrors `keras.ops.min`."""
    x = convert_to_tensor(x)
    if x.dtype is dtypes.bool:
        return reduce_ops.reduce_all(x, axis=axis, keepdims=keepdims)
    return reduce_ops.reduce_min(x, axis=axis, keepdims=keepdims)


amax, amin = max, min


def all(x, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001 - Keras's name
    """Whether every value along `axis` is true (nonzero). Mirrors `keras.ops.all`."""
    return reduce_ops.reduce_all(cast(x, "bool"), axis=axis, keepdims=keepdims)


def any(x, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A001 - Keras's name
    """Whether some value along `axis` is true. Mirrors `keras.ops.any`."""
    return reduce_ops.reduce_any(cast(x, "bool"), axis=axis, keepdims=keepdims)


def _arg(tf_fn, x, axis, keepdims: bool) -> Tensor:
    x = convert_to_tensor(x)
    flat = array_ops.reshape(x, [-1]) if axis is None else x
    out = tf_fn(flat, axis=0 if axis is None else axis, output_type=dtypes.int32)
    if keepdims:  # the reduced axes come back with size 1
        out = array_ops.reshape(out, [1] * x.ndim) if axis is None else \
            array_ops.expand_dims(out, axis)
    return out


def argmax(x, axis=None, keepdims: bool = False) -> Tensor:
    """The index of the largest value (int32; of the flattened tensor if `axis` is None).
    Mirrors `keras.ops.argmax`."""
    return _arg(reduce_ops.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims: bool = False) -> Tensor:
    """The index of the smallest value. Mirrors `keras.ops.argmin`."""
    return _arg(reduce_ops.argmin, x, axis, keepdims)


def logsumexp(x, axis=None, keepdims: bool = False) -> Tensor:
    """log(sum(exp(x))) along `axis`, computed stably. Mirrors `keras.ops.logsumexp`."""
    return reduce_ops.reduce_logsumexp(convert_to_tensor(x), axis=axis, keepdims=keepdims)


# -- products --------------------------------------------------------------------------
def matmul(x1, x2) -> Tensor:
    """The matrix product, with NumPy's rules. Mirrors `keras.ops.matmul`.

    Batch dimensions broadcast; a 1-D operand is a vector (its axis is dropped
    from the result); ints and floats meet in Keras's promoted dtype.

    >>> ops.matmul(ops.ones((2, 3)), ops.ones((3,)))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([3., 3.], dtype=float32)>
    """
    x1, x2 = convert_to_tensor(x1), convert_to_tensor(x2)
    out_dtype = result_type(x1.dtype, x2.dtype)
    compute = result_type(x1.dtype, x2.dtype, float)  # Keras: matmul runs on floats
    a, b = cast(x1, compute), cast(x2, compute)
    if a.ndim == 1:
        a = array_ops.expand_dims(a, 0)
    if b.ndim == 1:
        b = array_ops.expand_dims(b, -1)
    out = math_ops.matmul(a, b)
    if x2.ndim == 1:
        out = array_ops.squeeze(out, -1)
    if x1.ndim == 1:
        out = array_ops.squeeze(out, -2 if x2.ndim > 1 else -1)
    return cast(out, out_dtype)


def dot(x1, x2) -> Tensor:
    """NumPy's dot: sum over x1's last axis and x2's second-to-last. Mirrors `keras.ops.dot`."""
    x1, x2 = convert_to_tensor(x1), convert_to_tensor(x2)
    out_dtype = result_type(x1.dtype, x2.dtype)
    compute = result_type(out_dtype, float)
    a, b = cast(x1, compute), cast(x2, compute)
    if a.ndim == 0 or b.ndim == 0:
        out = math_ops.multiply(a, b)
    else:
        out = linalg_ops.tensordot(a, b, [[-1], [-1 if b.ndim == 1 else -2]])
    return cast(out, out_dtype)


def tensordot(x1, x2, axes=2) -> Tensor:
    """Sums products over the given axes. Mirrors `keras.ops.tensordot`."""
    x1, x2 = convert_to_tensor(x1), convert_to_tensor(x2)
    dtype = result_type(x1.dtype, x2.dtype)
    return linalg_ops.tensordot(cast(x1, dtype), cast(x2, dtype), axes)


def einsum(subscripts: str, *operands) -> Tensor:
    """Einstein summation. Mirrors `keras.ops.einsum` (operands promoted to one dtype)."""
    operands = [convert_to_tensor(x) for x in operands]
    dtype = result_type(*(x.dtype for x in operands))
    return linalg_ops.einsum(subscripts, *(cast(x, dtype) for x in operands))
