"""`tf.TensorShape`: the shape of a tensor, with `None` for what is not known yet.

    >>> tf.TensorShape([None, 3]).is_compatible_with([32, 3])
    True

Eager tensors always know their shape; graph tensors (tracing with
`input_signature=[tf.TensorSpec([None, 784])]`) may not, and shape inference
(graph/shapes.py) works with these partly known shapes.
"""
from __future__ import annotations

import numpy as np

__all__ = ["TensorShape", "Dimension", "dimension_value", "dimension_at_index"]


class Dimension:
    """One dimension of a TensorShape, known (an int) or not (None): TF1's `Dimension`.

    TF2 code indexes shapes and gets plain ints or None; `shape.dims` and
    `tf.compat.v1.Dimension` still give these objects. Arithmetic with an
    unknown dimension is unknown; `==` with one is None (neither True nor False).

    >>> tf.compat.v1.Dimension(3) + 1
    Dimension(4)
    >>> tf.compat.v1.Dimension(None).is_compatible_with(16)
    True
    """

    __slots__ = ("_value",)

    def __init__(self, value):
        self._value = value.value if isinstance(value, Dimension) else \
            None if value is None else int(value)

    @property
    def value(self):
        return self._value

    def is_compatible_with(self, other) -> bool:
        other = Dimension(other)
        return self._value is None or other._value is None or self._value == other._value

    def assert_is_compatible_with(self, other) -> None:
        if not self.is_compatible_with(other):
            raise ValueError(f"Dimensions {self} and {Dimension(other)} are not compatible")

    def merge_with(self, other) -> "Dimension":
        """The more specific of two compatible dimensions."""
        other = Dimension(other)
        self.assert_is_compatible_with(other)
        return self if self._value is not None else other

    def _combine(self, other, fn) -> "Dimension":
        other = Dimension(other)
        return Dimension(None if self._value is None or other._value is None
                         else fn(self._value, other._value))

    def __add__(self, other):
        return self._combine(other, lambda a, b: a + b)

    __radd__ = __add__

    def __sub__(self, other):
        return self._combine(other, lambda a, b: a - b)

    def __mul__(self, other):
        return self._combine(other, lambda a, b: a * b)

    __rmul__ = __mul__

    def __floordiv__(self, other):
        return self._combine(other, lambda a, b: a // b)

    def __mod__(self, other):
        return self._combine(other, lambda a, b: a % b)

    def __eq__(self, other):
        try:
            other = Dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other._value is None:
            return None
        return self._value == other._value

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is None or equal is NotImplemented else not equal

    def __hash__(self):
        return hash(self._value)

    def __int__(self) -> int:
        return self._value  # (TypeError for an unknown dimension, as in TF)

    __index__ = __int__

    def __repr__(self) -> str:
        return f"Dimension({self._value})"

    def __str__(self) -> str:
        return "?" if self._value is None else str(self._value)


def dimension_value(dimension):
    """A dimension as an int or None, whether it is a Dimension or already a value.

    Mirrors `tf.compat.dimension_value`."""
    return dimension.value if isinstance(dimension, Dimension) else dimension


def dimension_at_index(shape, index) -> Dimension:
    """Dimension `index` of `shape`, unknown if the rank is. Mirrors `tf.compat.dimension_at_index`."""
    shape = TensorShape(shape)
    return Dimension(None if shape.rank is None else shape[index])


class TensorShape:
    """The shape of a tensor: a tuple of dimensions, `None` where unknown.

    >>> tf.constant([[1, 2, 3]]).shape
    TensorShape([1, 3])
    >>> print(tf.constant([[1, 2, 3]]).shape), tf.constant([[1, 2, 3]]).shape.as_list()
    (1, 3) [1, 3]
    """

    __slots__ = ("_dims",)

    def __init__(self, dims):
        if dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        else:
            if isinstance(dims, (int, np.integer)):
                dims = (dims,)
            self._dims = tuple(None if d is None else dimension_value(d) if isinstance(d, Dimension)
                               else int(d) for d in dims)

    @property
    def rank(self) -> int | None:
        return None if self._dims is None else len(self._dims)

    ndims = rank

    @property
    def dims(self):
        """The dimensions as `Dimension` objects (TF's spelling; `as_list()` gives ints)."""
        return None if self._dims is None else [Dimension(d) for d in self._dims]

    def as_list(self) -> list:
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def is_fully_defined(self) -> bool:
        return self._dims is not None and None not in self._dims

    def num_elements(self) -> int | None:
        if not self.is_fully_defined():
            return None
        return int(np.prod(self._dims, dtype=np.int64))

    def is_compatible_with(self, other) -> bool:
        other = TensorShape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a is None or b is None or a == b for a, b in zip(self._dims, other._dims))

    def assert_is_compatible_with(self, other) -> None:
        """ValueError unless the shapes are compatible: `x.shape.assert_is_compatible_with([3])`
        (TF's message shows `other` as given)."""
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are incompatible")

    def merge_with(self, other) -> "TensorShape":
        """The shape both describe: known dimensions fill unknown ones; ValueError if they
        disagree. `TensorShape([None, 3]).merge_with([2, None])` is `TensorShape([2, 3])`."""
        other = TensorShape(other)
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        return TensorShape([a if b is None else b for a, b in zip(self._dims, other._dims)])

    def concatenate(self, other) -> "TensorShape":
        """This shape's dimensions followed by `other`'s (unknown if either rank is)."""
        other = TensorShape(other)
        if self._dims is None or other._dims is None:
            return TensorShape(None)
        return TensorShape(self._dims + other._dims)

    def __bool__(self) -> bool:
        # TF: a shape is true when its rank is known, even the scalar shape ()
        return self._dims is not None

    def __len__(self) -> int:
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self._dims)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return self._dims[key]

    def __eq__(self, other) -> bool:
        try:
            other = TensorShape(other)
        except (TypeError, ValueError):
            return NotImplemented
        return self._dims == other._dims

    def __hash__(self):
        return hash(self._dims)

    def __str__(self) -> str:
        if self._dims is None:
            return "<unknown>"
        if len(self._dims) == 1:
            return f"({self._dims[0]},)"
        return "(" + ", ".join(str(d) for d in self._dims) + ")"

    def __repr__(self) -> str:
        if self._dims is None:
            return "TensorShape(None)"
        return f"TensorShape({list(self._dims)})"
