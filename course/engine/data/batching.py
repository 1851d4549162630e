"""Grouping elements: `batch`, `padded_batch`, and `unbatch` (its inverse).

A batch is `tf.stack` of consecutive elements, tensor by tensor, so every
element of a batch must have the same shape; `padded_batch` first pads them
to a common shape. The batch dimension is `None` in `element_spec` (the last
batch may be smaller) unless `drop_remainder=True`:

    >>> tf.data.Dataset.range(5).batch(2).element_spec
    TensorSpec(shape=(None,), dtype=tf.int64, name=None)
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import DataLossError, InvalidArgumentError
from ..function import TensorSpec
from ..ops import array_ops
from ..tensor import TensorShape, convert_to_tensor
from .dataset import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from .sparse_elements import is_sparse, rows_of, stack as sparse_stack
from ..extension_type import ExtensionType, ExtensionTypeSpec, batch_size_of, stack_values
from .structure import flatten, map_structure, row_spec, slice_element, tensor, unknown_batch


def _bool(drop_remainder) -> bool:
    # TF converts it to a bool tensor: 0 or 1 is a TypeError, as for tf.constant(0, tf.bool)
    return bool(convert_to_tensor(drop_remainder, dtype=dtypes.bool)._value)


def _check_batch_size(batch_size) -> int:
    size = int(batch_size)
    if size <= 0:
        raise InvalidArgumentError(None, "BatchDatasetV2", "Batch size must be greater than zero. "
                                                           "[Op:BatchDatasetV2]")
    return size


def _groups(elements, size: int, drop_remainder: bool):
    """Lists of `size` consecutive elements (and a shorter last one unless dropped)."""
    group = []
    for element in elements:
        group.append(element)
        if len(group) == size:
            yield group
            group = []
    if group and not drop_remainder:
        yield group


def _batched_cardinality(n: int, size: int, drop_remainder: bool) -> int:
    if n < 0:
        return n  # infinite stays infinite, unknown stays unknown
    return n // size if drop_remainder else -(-n // size)


class _BatchDataset(Dataset):
    """`batch`: each element is `tf.stack` of `batch_size` input elements."""

    def __init__(self, input_dataset: Dataset, batch_size, drop_remainder: bool):
        self._input = input_dataset
        self._size = _check_batch_size(batch_size)
        self._drop = _bool(drop_remainder)
        super().__init__(unknown_batch(input_dataset.element_spec,
                                       self._size if self._drop else None))

    def _elements(self):
        for group in _groups(self._input._elements(), self._size, self._drop):
            # every component's shapes are checked before any is stacked, as TF does
            columns = list(zip(*(flatten(element) for element in group)))
            for c, column in enumerate(columns):
                _check_same_shapes(c, column)
            stacked = iter([sparse_stack(list(column)) if is_sparse(column[0]) else
                            stack_values(list(column)) if isinstance(column[0], ExtensionType)
                            else array_ops.stack(list(column)) for column in columns])
            yield map_structure(lambda _: next(stacked), group[0])

    def _cardinality(self) -> int:
        return _batched_cardinality(self._input._cardinality(), self._size, self._drop)


def _check_same_shapes(c: int, column) -> None:
    """Component `c` of every element of a batch (`column`) must have one shape."""
    first = column[0]
    if is_sparse(first):  # (SparseTensors of different dense shapes batch: TF takes the max)
        return
    if isinstance(first, ExtensionType):  # (its tensors are checked as they are stacked)
        return
    shape = first._value.shape
    if all(t._value.shape == shape for t in column):
        return
    i = next(i for i, t in enumerate(column) if t._value.shape != shape)
    raise InvalidArgumentError(
        None, "IteratorGetNext", f"Cannot batch tensors with different shapes in "
        f"component {c}. First element had shape {_dims(shape)} and "
        f"element {i} had shape {_dims(column[i]._value.shape)}. "
        "[Op:IteratorGetNext]\nHint: elements of different shapes need padded_batch "
        "(or a map that gives them one shape).")


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


class _PaddedBatchDataset(Dataset):
    """`padded_batch`: pads each tensor of a batch to one shape, then stacks them."""

    def __init__(self, input_dataset: Dataset, batch_size, padded_shapes, padding_values,
                 drop_remainder: bool):
        spec = input_dataset.element_spec
        self._input = input_dataset
        self._size = _check_batch_size(batch_size)
        self._drop = _bool(drop_remainder)
        if padded_shapes is None:
            padded_shapes = map_structure(lambda s: s.shape, spec)
        self._shapes = map_structure(_shape_list, spec, _like(spec, padded_shapes))
        if padding_values is None:
            padding_values = map_structure(lambda s: None, spec)
        elif not isinstance(padding_values, (tuple, dict)):  # one value for every tensor
            padding_values = map_structure(lambda s: padding_values, spec)
        self._pads = map_structure(_pad_value, spec, padding_values)
        batch = self._size if self._drop else None
        super().__init__(map_structure(lambda s, dims: TensorSpec([batch] + dims, s.dtype),
                                       spec, self._shapes))

    def _elements(self):
        for group in _groups(self._input._elements(), self._size, self._drop):
            yield map_structure(_pad_and_stack, self._shapes, self._pads, *group)

    def _cardinality(self) -> int:
        return _batched_cardinality(self._input._cardinality(), self._size, self._drop)


def _like(spec, shapes):
    # a TensorShape or list is one shape (not a structure), unless the element is a structure
    if isinstance(spec, (tuple, dict)):
        return tuple(shapes) if isinstance(spec, tuple) and isinstance(shapes, list) else shapes
    return shapes


def _shape_list(spec: TensorSpec, shape) -> list:
    """A padded shape as a list, -1 (or None) meaning "the longest in the batch"."""
    if shape is None or isinstance(shape, TensorShape) and shape.rank is None:
        dims = TensorShape(None)
    else:
        dims = TensorShape([None if d is None or int(d) == -1 else d for d in shape])
    if dims.rank is None:
        raise ValueError("padded_batch needs tensors of known rank (or padded_shapes).")
    if spec.shape.rank is not None and dims.rank != spec.shape.rank:
        raise ValueError(f"The padded shape {dims} is not compatible with the shape {spec.shape} "
                         "of the corresponding input component.")
    return dims.as_list()


def _pad_value(spec: TensorSpec, value):
    if value is None:  # TF: zero, False, or the empty string
        value = {"string": b"", "bool": False}.get(spec.dtype.name, 0)
    return convert_to_tensor(value, dtype=spec.dtype)._value


def _pad_and_stack(dims, pad, *tensors):
    shape = [max(t._value.shape[i] for t in tensors) if d is None else d
             for i, d in enumerate(dims)]
    out = np.full([len(tensors)] + shape, pad, dtype=tensors[0]._value.dtype)
    for i, t in enumerate(tensors):
        if any(n > m for n, m in zip(t._value.shape, shape)):
            raise DataLossError(None, "IteratorGetNext", "Attempted to pad to a smaller size than "
                                                         "the input element. [Op:IteratorGetNext]")
        out[(i,) + tuple(slice(0, n) for n in t._value.shape)] = t._value
    return tensor(out)


class _UnbatchDataset(Dataset):
    """`unbatch`: each input element gives one element per row of its tensors."""

    def __init__(self, input_dataset: Dataset):
        spec = input_dataset.element_spec
        tensor_specs = [s for s in flatten(spec) if not isinstance(s, ExtensionTypeSpec)]
        for s in tensor_specs:   # (an ExtensionType's spec checks its own: _unbatch)
            if s.shape.rank == 0:
                raise ValueError("Cannot unbatch an input with scalar components.")
        known = {s.shape[0] for s in tensor_specs if s.shape.rank and s.shape[0] is not None}
        if len(known) > 1:
            a, b = sorted(known)[:2]
            raise ValueError(f"`unbatch()` is only supported for datasets of elements whose "
                             f"components have a matching leading dimension. Encountered both "
                             f"{a} and {b}.")
        self._input = input_dataset
        self._rows = known.pop() if known else None  # rows per element, if the spec says
        super().__init__(map_structure(row_spec, spec))

    def _elements(self):
        for element in self._input._elements():
            rows = {rows_of(t) if is_sparse(t) else batch_size_of(t)
                    if isinstance(t, ExtensionType) else t._value.shape[0]
                    for t in flatten(element)}
            if len(rows) > 1:
                raise InvalidArgumentError(None, "UnbatchDataset", f"Input element must have the "
                                           f"same batch size in each component. Component 0 had "
                                           f"size {min(rows)} but component 1 had size "
                                           f"{max(rows)}.")
            for i in range(rows.pop()):
                yield slice_element(element, i)

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if n == INFINITE_CARDINALITY or n == 0:
            return n
        return n * self._rows if self._rows is not None and n > 0 else UNKNOWN_CARDINALITY


class _RaggedBatchDataset(Dataset):
    """`tf.data.experimental.dense_to_ragged_batch` (TF's `ragged_batch`): a batch in which
    vectors of different lengths become one RaggedTensor (a row per element). A tensor whose
    element shape is fully known is batched as `batch` does.

    >>> ds = tf.data.Dataset.from_tensor_slices([1, 3]).map(tf.range)
    >>> next(iter(ds.apply(tf.data.experimental.dense_to_ragged_batch(2))))
    <tf.RaggedTensor [[0], [0, 1, 2]]>
    """

    def __init__(self, input_dataset: Dataset, batch_size, drop_remainder: bool,
                 row_splits_dtype=dtypes.int64):
        from ..ragged.spec import RaggedTensorSpec
        self._input = input_dataset
        self._size = _check_batch_size(batch_size)
        self._drop = _bool(drop_remainder)
        self._splits_dtype = dtypes.as_dtype(row_splits_dtype)
        batch = self._size if self._drop else None

        def batched_spec(spec):
            if spec.shape.is_fully_defined():
                return unknown_batch(spec, batch)
            if spec.shape.rank != 1:
                raise NotImplementedError(
                    f"dense_to_ragged_batch of elements of shape {spec.shape} is not supported "
                    "by this engine: only vectors of unknown length become ragged rows")
            return RaggedTensorSpec([batch, None], spec.dtype, 1, self._splits_dtype)
        super().__init__(map_structure(batched_spec, input_dataset.element_spec))

    def _elements(self):
        from ..ragged.ragged_tensor import RaggedTensor

        def batched(spec, *tensors):
            if isinstance(spec, TensorSpec):
                return array_ops.stack(list(tensors))
            lengths = np.array([t.shape[0] for t in tensors], self._splits_dtype._np)
            return RaggedTensor.from_row_lengths(array_ops.concat(list(tensors), axis=0),
                                                 convert_to_tensor(lengths, self._splits_dtype))
        for group in _groups(self._input._elements(), self._size, self._drop):
            yield map_structure(batched, self.element_spec, *group)

    def _cardinality(self) -> int:
        return _batched_cardinality(self._input._cardinality(), self._size, self._drop)
