"""`tf.TensorArray`: a list of tensors you can write in a loop, then stack.

    >>> ta = tf.TensorArray(tf.float32, size=3)
    >>> for i in range(3):
    ...     ta = ta.write(i, float(i) * 2)
    >>> ta.stack()
    <tf.Tensor: shape=(3,), dtype=float32, numpy=array([0., 2., 4.], dtype=float32)>

Each method returns a *new* TensorArray (always write `ta = ta.write(...)`):
behind it is one tensor of dtype variant, its `flow`, holding the list
(ops/list_ops.py), and the list ops never change a list in place. That is
what lets a TensorArray be a loop variable of `tf.while_loop`, and what
AutoGraph uses for `for` loops over a tensor. Gradients flow through it:
`stack`, `read`, `gather` and `concat` are differentiable, and so are
writes, `unstack`, `scatter` and `split`.

TF's eager TensorArray is a separate Python implementation with a few
extra checks (reading an element twice with `clear_after_read`); this one
behaves everywhere as TF's graph TensorArray does.
"""
from __future__ import annotations

import numpy as np

from . import dtypes
from .ops import list_concat_ops, list_ops
from .tensor import Tensor, TensorShape, convert_to_tensor

__all__ = ["TensorArray"]


def _static_value(t: Tensor):
    """t's value if known now (eagerly, or a constant while tracing), else None."""
    value = t._value
    value = value if isinstance(value, (np.ndarray, np.generic)) else getattr(value, "const", None)
    return None if value is None else np.asarray(value)


class TensorArray:
    """A list of tensors of one dtype (and, with `infer_shape`, one shape). Mirrors `tf.TensorArray`.

    `size` elements to begin with (unwritten ones read as zeros); with
    `dynamic_size=True`, writing past the end grows the list.
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape: bool = True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        self._element_shape = TensorShape(element_shape) if element_shape is not None \
            else TensorShape(None)
        if flow is not None:
            self._flow = flow
        else:
            if size is None:
                raise ValueError("Size must be provided if handle is not provided")
            self._flow = list_ops.reserve(self._shape_tuple(), size, self._dtype)

    # -- what it is ---------------------------------------------------------------------------
    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    @property
    def element_shape(self) -> TensorShape:
        return self._element_shape

    @property
    def dynamic_size(self) -> bool:
        return self._dynamic_size

    @property
    def flow(self) -> Tensor:
        """The variant tensor holding the list: what a loop carries from one iteration to the next."""
        return self._flow

    @property
    def handle(self):
        return None  # (TF2's TensorArray has no resource handle either)

    def _shape_tuple(self):
        shape = self._element_shape
        return None if shape.rank is None else tuple(shape.as_list())

    def _with_flow(self, flow, element_shape=None) -> "TensorArray":
        """The same TensorArray around a new list (what every method returns)."""
        new = TensorArray.__new__(TensorArray)
        new._dtype, new._dynamic_size, new._infer_shape = self._dtype, self._dynamic_size, \
            self._infer_shape
        new._element_shape = self._element_shape if element_shape is None else element_shape
        new._flow = flow
        return new

    def _checked(self, value, what: str) -> Tensor:
        value = convert_to_tensor(value, dtype=self._dtype)
        return value

    def _merged_shape(self, shape: TensorShape) -> TensorShape:
        """With infer_shape, every element has the first element's shape (TF's error otherwise)."""
        if not self._infer_shape:
            return self._element_shape
        if not self._element_shape.is_compatible_with(shape):
            raise ValueError(f"Inconsistent shapes: saw {shape} but expected "
                             f"{self._element_shape} ")
        if self._element_shape.rank is None:
            return shape
        if shape.rank is None:
            return self._element_shape
        return TensorShape([a if a is not None else b for a, b in
                            zip(self._element_shape.as_list(), shape.as_list())])

    # -- reading --------------------------------------------------------------------------------
    def read(self, index, name=None) -> Tensor:
        """The element at `index` (zeros if it was never written)."""
        return list_ops.get_item(self._flow, index, self._shape_tuple(), self._dtype)

    def stack(self, name=None) -> Tensor:
        """All elements stacked along a new first axis."""
        return list_ops.stack(self._flow, self._shape_tuple(), self._dtype)

    def gather(self, indices, name=None) -> Tensor:
        """The elements at `indices`, stacked."""
        return list_ops.gather(self._flow, indices, self._shape_tuple(), self._dtype)

    def size(self, name=None) -> Tensor:
        """The number of elements, as an int32 tensor."""
        return list_ops.length(self._flow)

    # -- writing --------------------------------------------------------------------------------
    def write(self, index, value, name=None) -> "TensorArray":
        """A TensorArray with `value` at `index` (write `ta = ta.write(i, x)`)."""
        value = self._checked(value, "write")
        shape = self._merged_shape(value.shape)
        flow = list_ops.set_item(self._flow, index, value,
                                 resize_if_index_out_of_bounds=self._dynamic_size)
        return self._with_flow(flow, shape)

    def unstack(self, value, name=None) -> "TensorArray":
        """A TensorArray holding the rows of `value` (split along its first axis)."""
        value = self._checked(value, "unstack")
        if value.shape.rank == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0")
        shape = self._merged_shape(TensorShape(value.shape.as_list()[1:]) if value.shape.rank
                                   is not None else TensorShape(None))
        return self._with_flow(list_ops.from_tensor(value), shape)

    def scatter(self, indices, value, name=None) -> "TensorArray":
        """A TensorArray with the rows of `value` at `indices`."""
        value = self._checked(value, "scatter")
        shape = self._merged_shape(TensorShape(value.shape.as_list()[1:]) if value.shape.rank
                                   is not None else TensorShape(None))
        return self._with_flow(list_ops.scatter(self._flow, value, indices), shape)

    def concat(self, name=None) -> Tensor:
        """All elements joined along their first axis, where their lengths may differ.

        >>> ta = tf.TensorArray(tf.float32, size=2, infer_shape=False)
        >>> ta.write(0, [1.0, 2.0]).write(1, [3.0]).concat()
        <tf.Tensor: shape=(3,), dtype=float32, numpy=array([1., 2., 3.], dtype=float32)>

        Its static shape is [None, <the element shape after its first axis>].
        """
        shape = self._shape_tuple()  # (the kernel merges it with the list's own shape)
        return list_concat_ops.concat(self._flow, None if shape is None else (None,) + shape[1:],
                                      self._dtype)

    def split(self, value, lengths, name=None) -> "TensorArray":
        """A TensorArray of the pieces of `value`: `lengths[i]` rows each, along its first axis.

        >>> ta = tf.TensorArray(tf.float32, size=2).split([1.0, 2.0, 3.0], lengths=[2, 1])
        >>> ta.read(0)
        <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>

        It has len(lengths) elements. With lengths all equal and known while
        tracing, the element shape is [length, ...] (TF's rule for infer_shape).
        """
        value = self._checked(value, "split")
        lengths = lengths if isinstance(lengths, Tensor) else convert_to_tensor(lengths)
        if value.shape.rank == 0:  # (TF: found when the graph is built)
            raise ValueError("Shape must be at least rank 1 but is rank 0")
        if lengths.shape.rank is not None and lengths.shape.rank != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {lengths.shape.rank}")
        shape = self._element_shape
        known = _static_value(lengths)
        if value.shape.rank is not None and known is not None and known.size and \
                known.max() == known.min():
            shape = self._merged_shape(TensorShape([int(known[0])] + value.shape.as_list()[1:]))
        return self._with_flow(list_concat_ops.split(value, self._shape_tuple(), lengths), shape)

    # -- the rest of TF's interface ---------------------------------------------------------------
    def identity(self) -> "TensorArray":
        return self._with_flow(self._flow)

    def close(self, name=None):
        return None

    def mark_used(self):
        return None

    def grad(self, source, flow=None, name=None):
        raise NotImplementedError("TensorArray.grad is TF1 machinery; use tf.GradientTape.")

    def __repr__(self) -> str:
        return f"<TensorArray dtype={self._dtype.name} element_shape={self._element_shape}>"
