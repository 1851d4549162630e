"""A list of tensors as pieces of one tensor: TF's TensorListConcatV2 and TensorListSplit.

`TensorArray.concat` joins the elements along their first axis, so they may
differ in length there (elements of shapes [2, 3] and [1, 3] give [3, 3]);
`TensorArray.split` cuts a tensor into such pieces, `lengths[i]` rows each:

    lst = TensorListSplit(x, element_shape=[-1, 3], lengths=[2, 1])   # x: [3, 3]
    y, lengths = TensorListConcatV2(lst, element_shape=[-1, 3], leading_dims=[])

Each is the other's gradient: concat also outputs the pieces' lengths, so
that its gradient can cut dy back into a list; split's gradient joins the
list of gradients (pieces nobody read are zeros, `leading_dims` rows long).

Read next: ../tensor_array.py (the methods that call these).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import Tensor, convert_to_tensor
from . import register
from .list_ops import (TensorList, _dims, _items, _list_of, _np_dtype, _shape_from,
                       element_shape_tensor)

__all__ = ["concat", "split"]

_VARIANT = {dtypes.variant}


def _merge(a, b, op_name):
    """TF's PartialTensorShape merge: one shape from two that must agree where both are known."""
    if a is None or b is None:
        return b if a is None else a
    if len(a) != len(b):
        raise invalid_argument(op_name, f"PartialTensorShape: Incompatible ranks during merge: "
                                        f"{len(a)} vs. {len(b)}")
    if any(x is not None and y is not None and x != y for x, y in zip(a, b)):
        raise invalid_argument(op_name, f"PartialTensorShape: Incompatible shapes during merge: "
                                        f"{_dims(a)} vs. {_dims(b)}")
    return tuple(y if x is None else x for x, y in zip(a, b))


# -- concat -------------------------------------------------------------------------------------------
def _concat(lst, element_shape, leading_dims, element_dtype):
    items, name = _items(lst), "TensorListConcatV2"
    # The shape asked for, merged with the list's own (TF's kernel does the same)
    own = _list_of(lst).element_shape
    shape = _merge(_shape_from(element_shape), own, name)
    if shape is not None and not shape:
        raise invalid_argument(name, "Concat requires elements to be at least vectors, found "
                                     "scalars instead.")
    first, tail = (None, None) if shape is None else (shape[0], shape[1:])
    if not items and (tail is None or None in tail):
        raise invalid_argument(name, "All except the first dimension must be fully defined when "
                                     f"concating an empty tensor list. element_shape: {_dims(tail)}")
    # The written elements: at least vectors, one shape after the first axis. An unwritten one
    # is zeros, as long as leading_dims says, or as the written ones if they all agree (TF's rule).
    # (TF checks them only when the list's own shape leaves something open.)
    inferred, agree = first, first is None
    checked = own is not None and None not in own
    for i, x in enumerate(items):
        if x is None or checked:
            continue
        if np.ndim(x) == 0:
            raise invalid_argument(name, f"Concat saw a scalar shape at index {i} but requires "
                                         "at least vectors.")
        tail = _merge(tail, np.shape(x)[1:], name)
        if first is not None and first != len(x):
            raise invalid_argument(name, "First entry of element_shape input does not match the "
                                         f"first dim of list element at index: {i} Expected: "
                                         f"{first} Actual: {len(x)}")
        if agree and inferred is None:
            inferred = len(x)
        elif agree and inferred != len(x):
            inferred, agree = None, False
    if tail is None or None in tail:
        raise invalid_argument(name, "Trying to concat list with only uninitialized tensors but "
                                     "element_shape_except_first_dim_ is not fully defined: "
                                     f"{_dims(tail)}")
    leading = np.reshape(leading_dims, -1)
    pieces = []
    for i, x in enumerate(items):
        if x is None:
            if i >= len(leading) and inferred is not None:
                rows = inferred
            elif i < len(leading):
                rows = int(leading[i])
            else:
                raise invalid_argument(name, f"List contains uninitialized tensor at index {i} but "
                                             f"leading_dims has only {len(leading)} elements.")
            x = np.zeros((rows,) + tail, element_dtype)
        pieces.append(x)
    lengths = np.array([len(p) for p in pieces], np.int64)
    if not pieces:
        return np.zeros((0,) + tail, element_dtype), lengths
    return np.concatenate(pieces).astype(element_dtype, copy=False), lengths


def _concat_grad(op, grads):
    # d(concat)/d(list): dy cut back into pieces as long as the elements were
    dy = grads[0]
    return split(dy, op.inputs[1], op.output[1]), None, None


CONCAT = register(Op("TensorListConcatV2", _concat, _concat_grad, dtypes=_VARIANT,
                     same_dtype=False, outputs=2))


def concat(lst, element_shape, element_dtype, leading_dims=()) -> Tensor:
    """The elements joined along their first axis (unwritten ones: zeros, see above)."""
    leading = leading_dims if isinstance(leading_dims, Tensor) else \
        convert_to_tensor(np.asarray(leading_dims, np.int64).reshape(-1))
    return execute(CONCAT, (lst, element_shape_tensor(element_shape), leading),
                   {"element_dtype": _np_dtype(element_dtype)})[0]


# -- split --------------------------------------------------------------------------------------------
def _split(tensor, element_shape, lengths):
    name = "TensorListSplit"
    shape = _shape_from(element_shape)
    if shape is not None and not shape:
        raise invalid_argument(name, "TensorListSplit requires element_shape to be at least of "
                                     "rank 1, but saw: []")
    if np.ndim(tensor) == 0:
        raise invalid_argument(name, "Tensor must be at least a vector, but saw shape: []")
    tail = np.shape(tensor)[1:]
    if shape is not None and (len(shape) - 1 != len(tail) or
                              any(a is not None and a != b for a, b in zip(shape[1:], tail))):
        raise invalid_argument(name, f"tensor shape {_dims(np.shape(tensor))} is not compatible "
                                     f"with element_shape {_dims(shape)}")
    if np.ndim(lengths) != 1:
        raise invalid_argument(name, "Expected lengths to be a vector, received shape: "
                                     f"{_dims(np.shape(lengths))}")
    pieces, start, total = [], 0, len(tensor)
    for n in lengths.tolist():
        if n < 0:
            raise invalid_argument(name, f"Invalid value in lengths: {n}")
        if start + n > total:
            raise invalid_argument(name, f"Attempting to slice [{start}, {start + n}] from tensor "
                                         f"with length {total}")
        pieces.append(tensor[start:start + n])
        start += n
    if start != total:
        raise invalid_argument(name, f"Unused values in tensor. Length of tensor: {total} Values "
                                     f"used: {start}")
    return TensorList(pieces, shape)


def _split_grad(op, dlist):
    # d(split)/d(tensor): the gradient pieces joined again (pieces nobody read: zeros, as long as
    # the lengths say)
    tensor, _, lengths = op.inputs
    return concat(dlist, _rows_of(tensor), tensor._value.dtype, leading_dims=lengths), None, None


def _rows_of(t):
    """The element shape [-1, ...t's shape after the first axis]: static if known, else computed."""
    shape = t._value.shape
    if shape is not None and None not in shape[1:]:
        return (None,) + tuple(shape[1:])
    from .array_ops import concat as concat_tensors, shape as shape_op
    return concat_tensors([convert_to_tensor(np.array([-1], np.int32)), shape_op(t)[1:]], 0)


SPLIT = register(Op("TensorListSplit", _split, _split_grad, dtypes=dtypes.ALL, same_dtype=False))


def split(tensor, element_shape, lengths) -> Tensor:
    """`tensor` cut along its first axis into a list of pieces, `lengths[i]` rows each."""
    lengths = lengths if isinstance(lengths, Tensor) and lengths.dtype is dtypes.int64 else \
        _as_int64(lengths)
    return execute(SPLIT, (tensor, element_shape_tensor(element_shape), lengths))


def _as_int64(lengths) -> Tensor:
    from .array_ops import cast
    lengths = lengths if isinstance(lengths, Tensor) else convert_to_tensor(lengths)
    return cast(lengths, dtypes.int64)


# -- shapes in graphs: concat's rows are known only when the graph runs ------------------------------
def _concat_rule(specs, attrs) -> list:
    shape = specs[1].const
    shape = None if shape is None else _shape_from(shape)
    rows = None if shape is None else (None,) + shape[1:]
    return [Spec(attrs["element_dtype"], rows), Spec(np.int64, (None,))]


SHAPE_RULES.update({
    "TensorListConcatV2": _concat_rule,
    "TensorListSplit": lambda specs, attrs: Spec(dtypes.variant._np, ()),
})
