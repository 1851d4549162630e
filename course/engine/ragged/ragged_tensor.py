"""`tf.RaggedTensor`: a tensor whose rows have different lengths.

    >>> rt = tf.RaggedTensor.from_row_splits([3, 1, 4, 1, 5, 9, 2], row_splits=[0, 4, 4, 7])
    >>> print(rt)
    <tf.RaggedTensor [[3, 1, 4, 1], [], [5, 9, 2]]>
    >>> rt.shape
    TensorShape([3, None])

A RaggedTensor is a composite of two tensors (TF's words): `values`, all the
rows one after the other (a Tensor, or again a RaggedTensor for more ragged
dimensions), and `row_splits` (int64 by default), where row `i` starts and
ends (partition.py). Everything a learner does with it turns into ops on
those tensors: `to_tensor` gathers the values into a padded tensor, an
elementwise op runs on `flat_values` (dispatch.py), a reduction along the
ragged axis reduces the padded tensor (reductions.py). So the tape sees only
ordinary ops, and gradients reach `flat_values` as in TF.

Read next: factory.py (`tf.ragged.constant`), indexing.py (`rt[i]`, `rt[:, :2]`).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..tensor import Tensor, TensorShape, convert_to_tensor
from ..ops import array_ops as _array
from ..ops import index_ops as _index
from . import partition as _p

__all__ = ["RaggedTensor", "is_ragged"]


def is_ragged(x) -> bool:
    return isinstance(x, RaggedTensor)


def _as_values(values):
    if isinstance(values, (Tensor, RaggedTensor)):
        return values
    return convert_to_tensor(values)


def _nvals(values) -> int | None:
    """How many rows `values` has (None in a graph that does not know it)."""
    return values.shape[0]   # (a RaggedTensor's shape knows its rows from its row_splits' shape)


class RaggedTensor:
    """Rows of different lengths: `values` cut into rows by `row_splits`. Mirrors `tf.RaggedTensor`.

    Make one with `tf.ragged.constant` or a factory (`from_row_splits`,
    `from_row_lengths`, `from_value_rowids`, `from_tensor`, ...), never with
    the constructor.
    """

    # `_uniform`: every row's length when the rows are known to be equally long (from_tensor,
    # from_uniform_row_length): the shape then shows it instead of None, as TF's does
    __slots__ = ("_values", "_row_splits", "_uniform")

    def __init__(self, values, row_splits, internal: bool = False, uniform_row_length=None):
        if not isinstance(values, (Tensor, RaggedTensor)):
            raise TypeError(f"type(values) must be one of: Tensor, RaggedTensor, got {values}.")
        if not internal:
            raise ValueError("RaggedTensor constructor is private; please use one of the factory "
                             "methods instead (e.g., RaggedTensor.from_row_lengths())")
        self._values = values
        self._row_splits = row_splits
        self._uniform = uniform_row_length

    # -- factories ----------------------------------------------------------------------------
    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate: bool = True) -> RaggedTensor:
        """Row `i` is `values[row_splits[i]:row_splits[i + 1]]`.

        >>> tf.RaggedTensor.from_row_splits([3, 1, 4, 1, 5], row_splits=[0, 4, 4, 5])
        <tf.RaggedTensor [[3, 1, 4, 1], [], [5]]>
        """
        return cls._checked(values, row_splits, "from_row_splits")

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate: bool = True) -> RaggedTensor:
        """Row `i` has `row_lengths[i]` values: lengths [4, 0, 1] are splits [0, 4, 4, 5]."""
        lengths = _p.as_splits(row_lengths, "row_lengths")
        splits = _p.splits_from_lengths(_p.numbers(lengths))
        return cls._checked(values, convert_to_tensor(splits, lengths.dtype), "from_row_lengths")

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None,
                          validate: bool = True) -> RaggedTensor:
        """`value_rowids[j]` is the row of `values[j]` (sorted); `nrows` adds empty rows at the end."""
        values = _as_values(values)
        rowids = _p.as_splits(value_rowids, "value_rowids")
        n = None if nrows is None else int(_p.numbers(convert_to_tensor(nrows)))
        splits = _p.splits_from_value_rowids(_p.numbers(rowids), _nvals(values), n)
        return cls._checked(values, convert_to_tensor(splits, rowids.dtype), "from_value_rowids")

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate: bool = True) -> RaggedTensor:
        """Row `i` starts at `row_starts[i]` and ends where the next row starts."""
        values = _as_values(values)
        starts = _p.as_splits(row_starts, "row_starts")
        numbers = _p.numbers(starts)
        if numbers.size and numbers[0] != 0:
            raise _p.invalid("Arguments to from_row_starts do not form a valid RaggedTensor",
                             f"row_starts[0] must be 0, got {numbers[0]}")
        splits = np.concatenate([numbers, [_nvals(values)]]).astype(numbers.dtype)
        return cls._checked(values, convert_to_tensor(splits, starts.dtype), "from_row_starts")

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate: bool = True) -> RaggedTensor:
        """Row `i` ends at `row_limits[i]` and starts where the previous row ends."""
        limits = _p.as_splits(row_limits, "row_limits")
        numbers = _p.numbers(limits)
        splits = np.concatenate([[0], numbers]).astype(numbers.dtype)
        return cls._checked(values, convert_to_tensor(splits, limits.dtype), "from_row_limits")

    @classmethod
    def from_uniform_row_length(cls, values, uniform_row_length, nrows=None, validate: bool = True,
                                name=None) -> RaggedTensor:
        """Rows that all hold `uniform_row_length` values: a dimension TF knows the size of.

        >>> tf.RaggedTensor.from_uniform_row_length([1, 2, 3, 4], 2).shape
        TensorShape([2, 2])
        """
        values = _as_values(values)
        length = int(_p.numbers(convert_to_tensor(uniform_row_length)))
        nvals = _nvals(values)
        if nrows is None:
            nrows = nvals // length if length else 0
        nrows = int(_p.numbers(convert_to_tensor(nrows)))
        if length * nrows != nvals:
            raise ValueError(f"uniform_row_length={length} times nrows={nrows} must equal "
                             f"nvals={nvals}")
        splits = convert_to_tensor(np.arange(nrows + 1, dtype=np.int64) * length, dtypes.int64)
        return cls(values, splits, internal=True, uniform_row_length=length)

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None,
                               validate: bool = True) -> RaggedTensor:
        """One ragged dimension per row-splits vector, the outermost first.

        >>> tf.RaggedTensor.from_nested_row_splits([3, 1, 4, 1, 5], ([0, 1, 3], [0, 2, 2, 5]))
        <tf.RaggedTensor [[[3, 1]], [[], [4, 1, 5]]]>
        """
        if isinstance(nested_row_splits, Tensor):
            raise TypeError("nested_row_splits must be a list of Tensors")
        result = _as_values(flat_values)
        for splits in reversed(list(nested_row_splits)):
            result = cls.from_row_splits(result, splits)
        return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None,
                                validate: bool = True) -> RaggedTensor:
        """Like from_nested_row_splits, with row lengths."""
        result = _as_values(flat_values)
        for lengths in reversed(list(nested_row_lengths)):
            result = cls.from_row_lengths(result, lengths)
        return result

    @classmethod
    def from_tensor(cls, tensor, lengths=None, padding=None, ragged_rank: int = 1, name=None,
                    row_splits_dtype=dtypes.int64) -> RaggedTensor:
        """The rows of a dense tensor, cut at `lengths` or where only `padding` is left.

        >>> tf.RaggedTensor.from_tensor([[1, 0, 0], [2, 3, 0]], padding=0)
        <tf.RaggedTensor [[1], [2, 3]]>
        """
        from .conversion import from_tensor  # (the dense <-> ragged conversions live there)
        return from_tensor(tensor, lengths, padding, ragged_rank, row_splits_dtype)

    @classmethod
    def from_sparse(cls, st_input, name=None, row_splits_dtype=dtypes.int64) -> RaggedTensor:
        """The rows of a 2-D tf.SparseTensor (entries in row-major order)."""
        from .conversion import from_sparse
        return from_sparse(st_input, row_splits_dtype)

    @classmethod
    def _checked(cls, values, row_splits, factory: str) -> RaggedTensor:
        values = _as_values(values)
        splits = _p.as_splits(row_splits)
        if values.shape.rank == 0:
            raise ValueError("values must have rank at least 1, got a scalar")
        if _nvals(values) is None:   # (the checks need the number of values: in a graph
            _p.numbers(values)       # that does not know it, a clear error)
        _p.check_splits(_p.numbers(splits), _nvals(values), factory)
        return cls(values, splits, internal=True)

    # -- what it is made of -------------------------------------------------------------------
    @property
    def values(self):
        """All the rows, one after the other (a Tensor, or a RaggedTensor if more is ragged)."""
        return self._values

    @property
    def row_splits(self) -> Tensor:
        """Where each row starts and ends in `values` (int64 unless made from int32)."""
        return self._row_splits

    @property
    def flat_values(self) -> Tensor:
        """The innermost values: a Tensor, whatever the ragged rank."""
        values = self._values
        while isinstance(values, RaggedTensor):
            values = values._values
        return values

    @property
    def nested_row_splits(self) -> tuple:
        """The row splits of every ragged dimension, the outermost first."""
        splits, values = [self._row_splits], self._values
        while isinstance(values, RaggedTensor):
            splits.append(values._row_splits)
            values = values._values
        return tuple(splits)

    @property
    def ragged_rank(self) -> int:
        """How many dimensions are ragged (`values` nested this deep)."""
        return len(self.nested_row_splits)

    @property
    def dtype(self) -> dtypes.DType:
        return self.flat_values.dtype

    @property
    def row_splits_dtype(self) -> dtypes.DType:
        return self._row_splits.dtype

    @property
    def shape(self) -> TensorShape:
        """Rows, then None for each ragged dimension, then the values' inner dimensions."""
        nrows = self._row_splits.shape[0]
        dims, level = [None if nrows is None else nrows - 1], self
        while isinstance(level, RaggedTensor):
            dims.append(level._uniform)   # None for a ragged dimension
            level = level._values
        return TensorShape(dims + level.shape.as_list()[1:])

    def get_shape(self) -> TensorShape:
        return self.shape

    # -- the row partition --------------------------------------------------------------------
    def _splits(self) -> np.ndarray:
        return _p.numbers(self._row_splits)

    def nrows(self, out_type=None, name=None) -> Tensor:
        """The number of rows (int64 by default)."""
        return convert_to_tensor(len(self._splits()) - 1, out_type or self.row_splits_dtype)

    def row_lengths(self, axis: int = 1, name=None):
        """How many values each row holds; `axis=2` gives the lengths one dimension deeper."""
        if axis == 1:
            return convert_to_tensor(np.diff(self._splits()), self.row_splits_dtype)
        if axis > 1 and isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.row_lengths(axis - 1))
        raise ValueError(f"axis={axis} is not a ragged dimension of this RaggedTensor "
                         f"(ragged_rank={self.ragged_rank})")

    @property
    def uniform_row_length(self):
        """Every row's length (int64 scalar) if the rows are uniform by construction, else None."""
        if self._uniform is None:
            return None
        return convert_to_tensor(self._uniform, self.row_splits_dtype)

    def row_starts(self, name=None) -> Tensor:
        return convert_to_tensor(self._splits()[:-1], self.row_splits_dtype)

    def row_limits(self, name=None) -> Tensor:
        return convert_to_tensor(self._splits()[1:], self.row_splits_dtype)

    def value_rowids(self, name=None) -> Tensor:
        """The row of each value: splits [0, 2, 3] give [0, 0, 1]."""
        splits = self._splits()
        rowids = np.repeat(np.arange(len(splits) - 1), np.diff(splits))
        return convert_to_tensor(rowids.astype(splits.dtype), self.row_splits_dtype)

    def nested_row_lengths(self, name=None) -> tuple:
        return tuple(convert_to_tensor(np.diff(_p.numbers(s)), s.dtype)
                     for s in self.nested_row_splits)

    def bounding_shape(self, axis=None, name=None, out_type=None) -> Tensor:
        """The smallest dense shape that holds every row (the longest row sets each ragged size)."""
        dims = [len(self._splits()) - 1]
        for splits in self.nested_row_splits:
            lengths = np.diff(_p.numbers(splits))
            dims.append(int(lengths.max()) if lengths.size else 0)
        dims += self.flat_values.shape.as_list()[1:]
        shape = convert_to_tensor(np.array(dims, np.int64), out_type or self.row_splits_dtype)
        return shape if axis is None else shape[axis]

    # -- new values, same rows ----------------------------------------------------------------
    def with_values(self, new_values) -> RaggedTensor:
        """The same rows around other values (as many as before)."""
        new_values = _as_values(new_values)
        have, want = _nvals(new_values), _nvals(self._values)
        if have is not None and want is not None and have != want:
            raise ValueError(f"Shapes {TensorShape([_nvals(self._values)])} and "
                             f"{TensorShape([_nvals(new_values)])} are incompatible")
        return RaggedTensor(new_values, self._row_splits, internal=True,
                            uniform_row_length=self._uniform)

    def with_flat_values(self, new_values) -> RaggedTensor:
        """The same nested rows around other innermost values (`flat_values`)."""
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def merge_dims(self, outer_axis: int, inner_axis: int) -> RaggedTensor | Tensor:
        """Joins the dimensions outer_axis..inner_axis into one: `merge_dims(0, 1)` flattens rows.

        >>> tf.ragged.constant([[[1, 2], [3]], [[4]]]).merge_dims(1, 2)
        <tf.RaggedTensor [[1, 2, 3], [4]]>
        """
        rank = self.shape.rank
        outer, inner = outer_axis % rank, inner_axis % rank
        if outer > inner:
            raise ValueError(f"Expected outer_axis ({outer_axis}) to be less than or equal to "
                             f"inner_axis ({inner_axis})")
        values = self._values
        if outer == inner:
            return self
        if outer == 0:   # the rows disappear: their values, with the next dimensions merged
            return values if inner == 1 else _merge(values, 0, inner - 1)
        if outer >= 2:   # inside the rows
            return self.with_values(_merge(values, outer - 1, inner - 1))
        # outer == 1: each row's values, and the dimension below them, become one row
        splits = self._splits()
        if isinstance(values, RaggedTensor):
            new_splits, new_values = values._splits()[splits], values._values
        else:
            new_splits = splits * values.shape[1]
            new_values = _array.reshape(values, [-1] + values.shape.as_list()[2:])
        merged = RaggedTensor(new_values, convert_to_tensor(new_splits, self.row_splits_dtype),
                              internal=True)
        return merged.merge_dims(1, inner - 1)

    # -- to other things ----------------------------------------------------------------------
    def to_tensor(self, default_value=None, name=None, shape=None) -> Tensor:
        """A dense tensor, short rows padded with `default_value` (zero by default).

        >>> tf.ragged.constant([[1, 2], [3]]).to_tensor(default_value=-1)
        <tf.Tensor: shape=(2, 2), dtype=int32, numpy=
        array([[ 1,  2],
               [ 3, -1]], dtype=int32)>
        """
        from .conversion import to_tensor
        return to_tensor(self, default_value, shape)

    def to_sparse(self, name=None):
        """A tf.SparseTensor of the values, at [row, place in the row] (its dense_shape bounds them)."""
        from .conversion import to_sparse
        return to_sparse(self)

    def numpy(self) -> np.ndarray:
        """An object array of NumPy rows (or one array when every row has the same length), as TF."""
        values = self._values.numpy()
        splits = self._splits()
        rows = [values[splits[i]:splits[i + 1]] for i in range(len(splits) - 1)]
        if not rows:
            return np.zeros((0, 0) + values.shape[1:], dtype=values.dtype)
        if all(len(row) == len(rows[0]) for row in rows):
            return np.array(rows)
        out = np.empty(len(rows), dtype=object)
        out[:] = rows
        return out

    def to_list(self) -> list:
        """Nested Python lists: `[[1, 2], [3]]`."""
        splits = self._splits()
        if isinstance(self._values, RaggedTensor):
            return [self._values[splits[i]:splits[i + 1]].to_list() for i in range(len(splits) - 1)]
        values = self._values.numpy().tolist()
        return [values[splits[i]:splits[i + 1]] for i in range(len(splits) - 1)]

    def __repr__(self) -> str:
        if not isinstance(getattr(self._row_splits, "_value", None), (np.ndarray, np.generic)):
            # in a graph (tf.function): its tensors, as TF shows them
            return f"tf.RaggedTensor(values={self._values}, row_splits={self._row_splits})"
        # TF prints numpy() with ", " between elements; rows of one shape print as one array
        with np.printoptions(formatter={"all": _text}):
            return f"<tf.RaggedTensor {_text(self.numpy())}>"

    __str__ = __repr__

    def __bool__(self):
        raise TypeError("RaggedTensor may not be used as a boolean.")

    def __hash__(self):
        raise TypeError("RaggedTensor is unhashable.")

    # -- indexing and operators (indexing.py, dispatch.py) ------------------------------------
    def __getitem__(self, key):
        from .indexing import getitem
        return getitem(self, key)

    def __array__(self, dtype=None, copy=None):
        raise TypeError("A tf.RaggedTensor is not one NumPy array: use rt.numpy() (an object "
                        "array of rows), rt.to_list() or rt.to_tensor()")


def _merge(values, outer: int, inner: int):
    if isinstance(values, RaggedTensor):
        return values.merge_dims(outer, inner)
    dims = values.shape.as_list()
    return _array.reshape(values, dims[:outer] + [-1] + dims[inner + 1:])


def _text(x) -> str:
    """NumPy's text for an array, elements separated by ", " (an empty array: its nested list)."""
    if isinstance(x, np.ndarray):
        return np.array2string(x, separator=", ") if x.size else repr(x.tolist())
    return str(x)


def _gather_rows(values, indices: np.ndarray):
    """values[indices] along the first dimension, for dense and ragged values alike."""
    if isinstance(values, RaggedTensor):
        splits = values._splits()
        starts, ends = splits[indices], splits[indices + 1]
        lengths = ends - starts
        inner = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)] + [np.zeros(0, int)])
        new_splits = np.concatenate([[0], np.cumsum(lengths)]).astype(splits.dtype)
        return RaggedTensor(_gather_rows(values._values, inner.astype(np.int64)),
                            convert_to_tensor(new_splits, values.row_splits_dtype), internal=True)
    return _index.gather(values, convert_to_tensor(indices.astype(np.int64)))


# -- operators: the same functions as tf.add, tf.math.negative, ... (dispatch.py) -------------
def _binary(name: str, reverse: bool = False):
    def operator(self, other):
        fn = getattr(_dispatch, name)
        return fn(other, self) if reverse else fn(self, other)
    operator.__name__ = f"__{'r' if reverse else ''}{name}__"
    return operator


def _unary(name: str):
    def operator(self):
        return getattr(_dispatch, name)(self)
    return operator


# (a plain table, so that `rt + 1` and `tf.add(rt, 1)` are one code path)
for _name, _fn in (("add", "add"), ("sub", "subtract"), ("mul", "multiply"),
                   ("truediv", "truediv"), ("floordiv", "floordiv"), ("mod", "floormod"),
                   ("pow", "pow"), ("and", "logical_and"), ("or", "logical_or"),
                   ("xor", "logical_xor")):
    setattr(RaggedTensor, f"__{_name}__", _binary(_fn))
    setattr(RaggedTensor, f"__r{_name}__", _binary(_fn, reverse=True))
for _name, _fn in (("lt", "less"), ("le", "less_equal"), ("gt", "greater"),
                   ("ge", "greater_equal"), ("eq", "equal"), ("ne", "not_equal")):
    setattr(RaggedTensor, f"__{_name}__", _binary(_fn))
for _name, _fn in (("neg", "negative"), ("abs", "abs"), ("invert", "logical_not")):
    setattr(RaggedTensor, f"__{_name}__", _unary(_fn))

from . import dispatch as _dispatch  # noqa: E402 - (dispatch.py imports this module)

RaggedTensor.__tf_dispatch__ = staticmethod(_dispatch.op_dispatch)  # (execute.py's _dispatch)
