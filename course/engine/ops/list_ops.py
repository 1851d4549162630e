"""Lists of tensors (TF's TensorList ops): what a `tf.TensorArray` is made of.

A tensor of dtype `variant` holds a whole list of tensors. Each op takes a
list and returns a *new* list (the old one never changes, like any tensor):

    lst = TensorListReserve(element_shape=[2], num_elements=3)   # [_, _, _]
    lst = TensorListSetItem(lst, 1, [1.0, 2.0])                  # [_, x, _]
    TensorListStack(lst, element_shape=[2])                      # [[0,0],[1,2],[0,0]]

An element nobody has written (`_`) reads as zeros of the element shape,
as in TF. Because lists are values, they can be loop variables of
`tf.while_loop`: that is how `ta = ta.write(i, x)` works inside a loop.

Gradients flow through lists too: the gradient of a list is a list (of the
gradients of its elements; unwritten elements mean zeros). Each op's
gradient below is written with these same ops. Writing copies the list of
references (not the arrays): a loop of n writes costs O(n^2) pointer copies,
microseconds for the loop lengths of this course.

Read next: ../tensor_array.py (the `tf.TensorArray` class built on these).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import Tensor, convert_to_tensor
from . import register

__all__ = ["VariantValue", "TensorList", "reserve", "from_tensor", "stack", "get_item", "set_item", "length",
           "gather", "scatter", "resize", "add_lists", "element_shape_tensor"]


class VariantValue:
    """What a tensor of dtype variant holds (a list of tensors, below; a dataset, data/spec.py).

    It answers `dtype`, `shape`, `ndim` and `size` as a NumPy scalar of dtype
    variant would, so that `execute` and the graph builder treat it like any value.
    """

    __slots__ = ()
    dtype = dtypes.variant._np
    shape = ()
    ndim = 0
    size = 1

    def item(self):
        return self

    def __array__(self, dtype=None, copy=None):
        # (captured into a graph as a constant: a 0-d array of dtype variant holding it)
        array = np.empty((), dtype=dtypes.variant._np)
        array[()] = (self,)
        return array


class TensorList(VariantValue):
    """The value inside a variant tensor: a tuple of arrays (None: not written, reads as zeros).

    `element_shape` is the shape the list was made with (a tuple, None where
    unknown; None for an unknown rank), as TF's list keeps it: concat reads it.
    """

    __slots__ = ("items", "element_shape")

    def __init__(self, items=(), element_shape=None):
        self.items = tuple(items)
        self.element_shape = element_shape

    def __repr__(self) -> str:
        return "<TensorList>"  # (as TF prints a variant tensor's value)


_INT = {dtypes.int32, dtypes.int64}
_VARIANT = {dtypes.variant}
_ANY = dtypes.ALL | {dtypes.variant}


def _dims(shape) -> str:
    if shape is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _shape_from(element_shape):
    """An element_shape input (-1 for an unknown dimension, -1 alone for unknown rank) as a tuple."""
    shape = np.asarray(element_shape)
    if shape.ndim == 0:
        return None  # unknown rank
    return tuple(None if d < 0 else int(d) for d in shape.tolist())


def element_shape_tensor(shape) -> Tensor:
    """A shape with unknown parts as TF's element_shape input: -1 marks what is unknown."""
    if isinstance(shape, Tensor):
        return shape
    if shape is None:
        return convert_to_tensor(np.int32(-1))
    return convert_to_tensor(np.array([-1 if d is None else d for d in shape], np.int32))


def _zeros(items, shape, dtype, op_name):
    """Zeros for an unwritten element: of `shape`, or of the shape of a written element."""
    if shape is None or None in shape:
        written = [x for x in items if x is not None]
        if not written:
            raise invalid_argument(op_name, "Trying to read an uninitialized tensor but "
                                            f"element_shape is not fully defined: {_dims(shape)} "
                                            "and no list element is set.",
                                   "give the TensorArray an element_shape, or write every index.")
        shape = np.shape(written[0])
    return np.zeros(shape, dtype)


def _index(items, index, op_name, verb="access") -> int:
    i = int(index)
    if not 0 <= i < len(items):
        raise invalid_argument(op_name, f"Trying to {verb} element {i} in a list with "
                                        f"{len(items)} elements.")
    return i


# -- making lists ---------------------------------------------------------------------------------
def _reserve(element_shape, num_elements, element_dtype):
    return TensorList((None,) * int(num_elements), _shape_from(element_shape))


RESERVE = register(Op("TensorListReserve", _reserve, None, dtypes=_INT, same_dtype=False))


def reserve(element_shape, num_elements, element_dtype) -> Tensor:
    """A list of `num_elements` unwritten elements."""
    return execute(RESERVE, (element_shape_tensor(element_shape), _int32(num_elements)),
                   {"element_dtype": _np_dtype(element_dtype)})


def _from_tensor(tensor, element_shape):
    return TensorList(tuple(tensor), _shape_from(element_shape))


# d(list of rows)/d(tensor): the gradient list, stacked back into one tensor
FROM_TENSOR = register(Op(
    "TensorListFromTensor", _from_tensor,
    lambda op, dy: (stack(dy, _shape_tail(op.inputs[0]), op.inputs[0]._value.dtype), None),
    dtypes=dtypes.ALL, same_dtype=False))


def from_tensor(tensor) -> Tensor:
    """The rows of `tensor` (along axis 0) as a list."""
    tensor = convert_to_tensor(tensor)
    return execute(FROM_TENSOR, (tensor, element_shape_tensor(_tail(tensor))))


def _tail(t):
    shape = t._value.shape
    return None if shape is None else shape[1:]


def _shape_tail(t):
    """t's shape without its first dimension: static if known, else computed in the graph."""
    tail = _tail(t)
    if tail is not None and None not in tail:
        return tail
    from .array_ops import shape as shape_op
    return shape_op(t)[1:]


# -- reading ----------------------------------------------------------------------------------------
def _stack(lst, element_shape, element_dtype):
    shape = _shape_from(element_shape)
    if not _items(lst):
        if shape is None or None in shape:
            raise invalid_argument("TensorListStack", "Tried to stack elements of an empty list "
                                                      "with non-fully-defined element_shape: "
                                                      f"{_dims(shape)}",
                                   "give the TensorArray an element_shape.")
        return np.zeros((0,) + shape, element_dtype)
    zeros = None
    rows = []
    for x in _items(lst):
        if x is None:
            if zeros is None:
                zeros = _zeros(_items(lst), shape, element_dtype, "TensorListStack")
            x = zeros
        rows.append(x)
    _check_same_shapes(rows, "TensorListStack")
    return np.stack(rows).astype(element_dtype, copy=False)


def _check_same_shapes(rows, op_name):
    first = np.shape(rows[0])
    for r in rows:
        if np.shape(r) != first:
            raise invalid_argument(op_name, f"Incompatible ranks or shapes during stack: "
                                            f"{_dims(first)} vs. {_dims(np.shape(r))}")


# d(stack)/d(list): the rows of dy, as a list
STACK = register(Op("TensorListStack", _stack, lambda op, dy: (from_tensor(dy), None),
                    dtypes=_VARIANT, same_dtype=False))


def stack(lst, element_shape, element_dtype) -> Tensor:
    """All elements stacked into one tensor (unwritten ones as zeros)."""
    return execute(STACK, (lst, element_shape_tensor(element_shape)),
                   {"element_dtype": _np_dtype(element_dtype)})


def _get_item(lst, index, element_shape, element_dtype):
    i = _index(_items(lst), index, "TensorListGetItem")
    x = _items(lst)[i]
    if x is None:
        return _zeros(_items(lst), _shape_from(element_shape), element_dtype, "TensorListGetItem")
    return x


def _get_item_grad(op, dy):
    # d(list[i])/d(list): a list of zeros (unwritten) with dy at i
    lst, index, shape = op.inputs
    return set_item(reserve(shape, length(lst), op.attrs["element_dtype"]), index, dy), None, None


GET_ITEM = register(Op("TensorListGetItem", _get_item, _get_item_grad, dtypes=_VARIANT,
                       same_dtype=False))


def get_item(lst, index, element_shape, element_dtype) -> Tensor:
    return execute(GET_ITEM, (lst, _int32(index), element_shape_tensor(element_shape)),
                   {"element_dtype": _np_dtype(element_dtype)})


def _length(lst):
    return np.int32(len(_items(lst)))


LENGTH = register(Op("TensorListLength", _length, None, dtypes=_VARIANT))


def length(lst) -> Tensor:
    return execute(LENGTH, (lst,))


def _gather(lst, indices, element_shape, element_dtype):
    shape = _shape_from(element_shape)
    rows = [_get_item(lst, i, element_shape, element_dtype) for i in np.reshape(indices, -1)]
    if not rows:
        return np.zeros((0,) + (shape or ()), element_dtype)
    _check_same_shapes(rows, "TensorListGather")
    return np.stack(rows).reshape(np.shape(indices) + np.shape(rows[0])).astype(element_dtype)


def _gather_grad(op, dy):
    # d(gathered rows)/d(list): the rows of dy scattered into a list of zeros
    lst, indices, shape = op.inputs
    zeros = reserve(shape, length(lst), op.attrs["element_dtype"])
    return scatter(zeros, dy, indices), None, None


GATHER = register(Op("TensorListGather", _gather, _gather_grad, dtypes=_VARIANT, same_dtype=False))


def gather(lst, indices, element_shape, element_dtype) -> Tensor:
    return execute(GATHER, (lst, convert_to_tensor(indices, dtype=dtypes.int32),
                            element_shape_tensor(element_shape)),
                   {"element_dtype": _np_dtype(element_dtype)})


# -- writing -------------------------------------------------------------------------------------------
def _set_item(lst, index, item, resize_if_index_out_of_bounds=False):
    items = list(_items(lst))
    i = int(index)
    if resize_if_index_out_of_bounds and i >= len(items):
        items.extend([None] * (i + 1 - len(items)))  # a dynamic_size TensorArray grows
    i = _index(items, i, "TensorListSetItem", "modify")
    items[i] = item
    return TensorList(items, _list_of(lst).element_shape)


def _set_item_grad(op, dy):
    lst, index, item = op.inputs
    # d(new list)/d(old list): dy, with the overwritten element zeroed and the list cut back to
    # the old length; d(new list)/d(item): the element of dy at index
    rest = set_item(resize(dy, length(lst)), index, _array.zeros_like(item)) \
        if op.attrs.get("resize_if_index_out_of_bounds") else \
        set_item(dy, index, _array.zeros_like(item))
    return rest, None, get_item(dy, index, _array.shape_of(item), item._value.dtype)


SET_ITEM = register(Op("TensorListSetItem", _set_item, _set_item_grad, dtypes=_VARIANT,
                       same_dtype=False))


def set_item(lst, index, item, resize_if_index_out_of_bounds: bool = False) -> Tensor:
    attrs = {"resize_if_index_out_of_bounds": True} if resize_if_index_out_of_bounds else {}
    return execute(SET_ITEM, (lst, _int32(index), item), attrs)


def _scatter(lst, tensor, indices):
    items = list(_items(lst))
    for row, i in zip(tensor, np.reshape(indices, -1)):
        i = int(i)
        if i >= len(items):
            items.extend([None] * (i + 1 - len(items)))
        items[_index(items, i, "TensorListScatterIntoExistingList", "modify")] = row
    return TensorList(items, _list_of(lst).element_shape)


def _scatter_grad(op, dy):
    lst, tensor, indices = op.inputs
    # d/d(list): dy with the scattered rows zeroed; d/d(tensor): those rows of dy, gathered
    rest = scatter(resize(dy, length(lst)), _array.zeros_like(tensor), indices)
    return rest, gather(dy, indices, _shape_tail(tensor), tensor._value.dtype), None


SCATTER = register(Op("TensorListScatterIntoExistingList", _scatter, _scatter_grad,
                      dtypes=_VARIANT, same_dtype=False))


def scatter(lst, tensor, indices) -> Tensor:
    return execute(SCATTER, (lst, tensor, convert_to_tensor(indices, dtype=dtypes.int32)))


def _resize(lst, size):
    n = int(size)
    items = _items(lst)[:n] + (None,) * max(0, n - len(_items(lst)))
    return TensorList(items, _list_of(lst).element_shape)


RESIZE = register(Op("TensorListResize", _resize,
                     lambda op, dy: (resize(dy, length(op.inputs[0])), None),
                     dtypes=_VARIANT, same_dtype=False))


def resize(lst, size) -> Tensor:
    return execute(RESIZE, (lst, _int32(size)))


# -- adding gradient lists --------------------------------------------------------------------------
def _add(a, b):
    if len(_items(a)) != len(_items(b)):
        raise invalid_argument("TensorListAdd", f"Trying to add two lists of tensors with "
                                                f"different lengths, {len(_items(a))} and "
                                                f"{len(_items(b))}")
    return TensorList((y if x is None else x if y is None else x + y
                       for x, y in zip(_items(a), _items(b))), _list_of(a).element_shape)


# (TF adds lists of gradients inside AddN's kernel for variants; here it is an op of its own)
ADD = register(Op("TensorListAdd", _add, lambda op, dy: (dy, dy), dtypes=_VARIANT))


def add_lists(a, b) -> Tensor:
    """Two gradient lists added element by element (what the tape does for a list used twice)."""
    return execute(ADD, (a, b))


def _np_dtype(dtype) -> np.dtype:
    return dtypes.as_dtype(dtype)._np


def _items(lst) -> tuple:
    return _list_of(lst).items


def _list_of(lst) -> TensorList:
    if type(lst) is TensorList:
        return lst
    # (a list captured into a graph as a constant arrives as a 0-d array of dtype variant)
    return lst[()][0]


def _int32(x) -> Tensor:
    return x if isinstance(x, Tensor) else convert_to_tensor(np.int32(x))


# -- shapes in graphs: a list is a scalar of dtype variant; reading one gives its elements' shape ----
def _list_rule(specs, attrs) -> Spec:
    return Spec(dtypes.variant._np, ())


def _element_spec(specs, attrs, shape_input: int, leading=()) -> Spec:
    shape = specs[shape_input].const
    shape = None if shape is None else _shape_from(shape)
    return Spec(attrs["element_dtype"], None if shape is None else tuple(leading) + shape)


def _gather_rule(specs, attrs) -> Spec:
    indices = specs[1].shape
    if indices is None:
        return Spec(attrs["element_dtype"], None)
    return _element_spec(specs, attrs, 2, indices)


SHAPE_RULES.update({
    # (lists never run on stand-ins: a stand-in is an array, not a list)
    "TensorListReserve": _list_rule,
    "TensorListFromTensor": _list_rule, "TensorListSetItem": _list_rule,
    "TensorListScatterIntoExistingList": _list_rule,
    "TensorListResize": _list_rule, "TensorListAdd": _list_rule,
    "TensorListLength": lambda specs, attrs: Spec(np.int32, ()),
    "TensorListGetItem": lambda specs, attrs: _element_spec(specs, attrs, 2),
    "TensorListStack": lambda specs, attrs: _element_spec(specs, attrs, 1, (None,)),
    "TensorListGather": _gather_rule,
})

from . import array_ops as _array  # noqa: E402 - the array ops import the op table first
