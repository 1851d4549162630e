"""`tf.experimental.Optional` and `iterator.get_next_as_optional()`: the next element, or none.

`next(iterator)` past the end raises; `get_next_as_optional()` returns an
Optional instead, whose `has_value()` is a bool tensor. That is what a
tf.function needs to stop a loop when the data runs out:

    >>> it = iter(tf.data.Dataset.range(1))
    >>> it.get_next_as_optional().has_value()
    <tf.Tensor: shape=(), dtype=bool, numpy=True>
    >>> empty = it.get_next_as_optional()
    >>> empty.has_value()
    <tf.Tensor: shape=(), dtype=bool, numpy=False>
    >>> empty.get_value()
    InvalidArgumentError: The given optional does not have a value. [Op:OptionalGetValue]

Two ops, as in TF: taking the element (`IteratorGetNextAsOptional`, stateful:
in a tf.function it takes the next element each time it runs) gives a bool
and the element's tensors (empty ones, of the element's dtypes, when there is
none); `OptionalGetValue` passes the tensors on, or raises TF's error when the
bool is False, eagerly or when a graph runs.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import Tensor, convert_to_tensor
from .structure import flatten, map_structure, spec_of

__all__ = ["Optional", "next_as_optional"]


class Optional:
    """A value that may be missing. Mirrors `tf.experimental.Optional` (see the module)."""

    def __init__(self, has_value: Tensor, leaves: list, pack, element_spec):
        self._has_value = has_value
        self._leaves = leaves            # the value's tensors (empty ones when it is missing)
        self._pack = pack                # leaves -> the value's structure
        self._element_spec = element_spec

    @staticmethod
    def from_value(value) -> "Optional":
        """An Optional holding `value` (a structure of tensors)."""
        value = map_structure(convert_to_tensor, value)
        return Optional(convert_to_tensor(True), flatten(value), _packer(value), spec_of(value))

    @staticmethod
    def empty(element_spec) -> "Optional":
        """An Optional with no value, for elements like `element_spec`."""
        return Optional(convert_to_tensor(False),
                        [_empty_tensor(s) for s in flatten(element_spec)],
                        _packer(element_spec), element_spec)

    @property
    def element_spec(self):
        return self._element_spec

    def has_value(self, name=None) -> Tensor:
        """A bool scalar tensor: True if there is a value."""
        return self._has_value

    def get_value(self, name=None):
        """The value; TF's InvalidArgumentError (when the op runs) if there is none."""
        n = len(self._leaves)
        checked = execute(_get_value_op(n), (self._has_value, *self._leaves)) if n else ()
        return self._pack([checked] if n == 1 else list(checked))


def next_as_optional(take, leaf_specs: list, pack, element_spec) -> Optional:
    """An Optional of the next element: `take()` gives its leaves' NumPy arrays (None at the
    end), `leaf_specs` their TensorSpecs, and `pack(tensors)` the structure made of them."""
    outputs = execute(_next_op(len(leaf_specs)), (), {"take": take, "specs": tuple(leaf_specs)})
    has_value, *leaves = outputs
    return Optional(has_value, leaves, pack, element_spec)


def _packer(structure):
    """leaves -> `structure` with its leaves replaced by them, in flatten's order."""
    def pack(leaves):
        it = iter(leaves)
        return map_structure(lambda _: next(it), structure)
    return pack


# -- the two ops -------------------------------------------------------------------------------
def _next(*, take, specs):
    arrays = take()
    if arrays is None:  # no element: empty arrays stand for it (a graph needs every output)
        return (np.bool_(False), *[_empty_array(s) for s in specs])
    return (np.bool_(True), *arrays)


def _get_value(has_value, *values):
    if not has_value:
        raise invalid_argument("OptionalGetValue", "The given optional does not have a value.")
    return values[0] if len(values) == 1 else tuple(values)


_OPS: dict = {}


def _next_op(n: int) -> Op:
    """IteratorGetNextAsOptional for elements of n tensors (stateful: it advances)."""
    key = ("next", n)
    if key not in _OPS:
        _OPS[key] = Op("IteratorGetNextAsOptional", _next, dtypes=dtypes.ALL_AND_STRING,
                       stateful=True, outputs=n + 1, effects=True)
    return _OPS[key]


def _get_value_op(n: int) -> Op:
    key = ("get", n)
    if key not in _OPS:  # (stateful: the check must run where the program puts it)
        _OPS[key] = Op("OptionalGetValue", _get_value, dtypes=dtypes.ALL_AND_STRING,
                       same_dtype=False, stateful=True, outputs=n)
    return _OPS[key]


def _empty_array(spec) -> np.ndarray:
    """An array of `spec`'s dtype with no rows (a scalar stands for itself: a zero)."""
    if spec.shape.rank == 0:
        return np.zeros((), spec.dtype._np)
    dims = spec.shape.as_list() if spec.shape.rank is not None else [0]
    return np.zeros([0] + [d or 0 for d in dims[1:]], spec.dtype._np)


def _empty_tensor(spec) -> Tensor:
    return convert_to_tensor(_empty_array(spec))


SHAPE_RULES["IteratorGetNextAsOptional"] = lambda specs, attrs: [Spec(np.bool_, ())] + [
    Spec(s.dtype._np, None if s.shape.rank is None else s.shape._dims) for s in attrs["specs"]]
SHAPE_RULES["OptionalGetValue"] = lambda specs, attrs: list(specs[1:])
