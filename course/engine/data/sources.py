"""Where elements come from: tensors, a range of numbers, a Python generator, other datasets.

Each class is one pipeline stage (see dataset.py): a spec, a generator of
elements, a cardinality. Class names are TF's, so `repr(ds)` reads as in TF:

    >>> tf.data.Dataset.from_tensor_slices([1, 2, 3])
    <_TensorSliceDataset element_spec=TensorSpec(shape=(), dtype=tf.int32, name=None)>
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import InvalidArgumentError
from ..function import TensorSpec
from ..extension_type import (ExtensionType, ExtensionTypeSpec, batch_size_of,
                              type_spec_from_value)
from ..ops import random_ops
from ..tensor import Tensor, convert_to_tensor
from .dataset import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from .structure import (flatten, leaf_spec, map_structure, row_spec, slice_element, spec_of,
                        to_tensors)


class _TensorSliceDataset(Dataset):
    """`from_tensor_slices`: element i is row i of every tensor."""

    def __init__(self, tensors):
        self._tensors = to_tensors(tensors)
        rows = []
        for t in flatten(self._tensors):
            if isinstance(t, ExtensionType):
                rows.append(batch_size_of(t))
                continue
            if t.shape.rank == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            rows.append(t.shape[0])
        if len(set(rows)) > 1:
            a, b = sorted(set(rows), key=rows.index)[:2]
            raise ValueError(f"Dimensions {a} and {b} are not compatible")
        self._rows = rows[0]
        super().__init__(map_structure(lambda t: row_spec(leaf_spec(t)), self._tensors))

    def _elements(self):
        for i in range(self._rows):
            yield slice_element(self._tensors, i)

    def _cardinality(self) -> int:
        return self._rows


class _TensorDataset(Dataset):
    """`from_tensors`: one element, the tensors themselves."""

    def __init__(self, tensors):
        self._element = to_tensors(tensors)
        super().__init__(spec_of(self._element))

    def _elements(self):
        yield self._element

    def _cardinality(self) -> int:
        return 1


class _RangeDataset(Dataset):
    """`range`: start, start + step, ... up to (not including) stop, as int64 scalars."""

    def __init__(self, args, output_type):
        values = []
        for a in args:
            a = a.numpy() if isinstance(a, Tensor) else a
            if not isinstance(a, (int, np.integer)) or isinstance(a, bool):
                raise TypeError(f"Cannot convert {a!r} to EagerTensor of dtype int64")
            values.append(int(a))
        if not 1 <= len(values) <= 3:
            raise ValueError(f"Dataset.range takes 1 to 3 integers (like Python's range), got "
                             f"{len(values)}.")
        self._range = range(*values) if len(values) != 3 or values[2] else None
        if self._range is None:
            raise InvalidArgumentError(None, "RangeDataset",
                                       "step must be a non-zero integer. [Op:RangeDataset]")
        self._dtype = dtypes.as_dtype(output_type)
        super().__init__(TensorSpec([], self._dtype))

    def _elements(self):
        np_type = self._dtype.as_numpy_dtype
        for i in self._range:
            yield Tensor(np_type(i))

    def _cardinality(self) -> int:
        return len(self._range)


class _ScanDataset(Dataset):
    """`counter`: start, start + step, ... for ever (TF builds it with `scan`, hence the name)."""

    def __init__(self, start, step, dtype):
        self._dtype = dtypes.as_dtype(dtype)
        self._start, self._step = (int(v.numpy() if isinstance(v, Tensor) else v)
                                   for v in (start, step))
        super().__init__(TensorSpec([], self._dtype))

    def _elements(self):
        np_type, value = self._dtype.as_numpy_dtype, self._start
        while True:
            yield Tensor(np_type(value))
            value += self._step

    def _cardinality(self) -> int:
        return INFINITE_CARDINALITY


class _ZipDataset(Dataset):
    """`zip` (and `enumerate`): one element from each input, until the shortest ends."""

    def __init__(self, datasets):
        _check_datasets(datasets)
        self._datasets = datasets
        if not flatten(datasets):
            raise InvalidArgumentError(None, "ZipDataset", "Dataset.zip needs at least one dataset "
                                                           "(got an empty structure).")
        super().__init__(map_structure(lambda d: d.element_spec, datasets))

    def _elements(self):
        streams = [d._elements() for d in flatten(self._datasets)]
        for parts in zip(*streams):
            parts = iter(parts)
            yield map_structure(lambda _: next(parts), self._datasets)

    def _input_datasets(self) -> list:
        return flatten(self._datasets)

    def _cardinality(self) -> int:
        counts = [d._cardinality() for d in flatten(self._datasets)]
        if UNKNOWN_CARDINALITY in counts:
            return UNKNOWN_CARDINALITY
        finite = [n for n in counts if n != INFINITE_CARDINALITY]
        return min(finite) if finite else INFINITE_CARDINALITY


def _check_datasets(structure) -> None:
    if isinstance(structure, list):
        raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                        "`tf.data.Dataset` objects. Python `list` is not supported and you should "
                        "use `tuple` instead.")
    if isinstance(structure, (tuple, dict)):
        for part in (structure.values() if isinstance(structure, dict) else structure):
            _check_datasets(part)
    elif not isinstance(structure, Dataset):
        raise TypeError(f"Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                        f"`tf.data.Dataset` objects but encountered object of type "
                        f"{type(structure)}.")


class _ConcatenateDataset(Dataset):
    """`concatenate`: every element of the first dataset, then every element of the second."""

    def __init__(self, first: Dataset, second: Dataset):
        a, b = first.element_spec, second.element_spec
        if [s.dtype for s in flatten(a)] != [s.dtype for s in flatten(b)]:
            raise TypeError(f"Incompatible dataset elements:\n  {a} vs.\n  {b}")
        self._inputs = (first, second)
        # a dimension the two disagree on becomes unknown
        super().__init__(map_structure(_common_spec, a, b))

    def _input_datasets(self) -> list:
        return list(self._inputs)

    def _elements(self):
        for d in self._inputs:
            yield from d._elements()

    def _cardinality(self) -> int:
        a, b = (d._cardinality() for d in self._inputs)
        if INFINITE_CARDINALITY in (a, b):
            return INFINITE_CARDINALITY
        return UNKNOWN_CARDINALITY if UNKNOWN_CARDINALITY in (a, b) else a + b


def _common_spec(a: TensorSpec, b: TensorSpec) -> TensorSpec:
    if a.shape.rank is None or a.shape.rank != b.shape.rank:
        return TensorSpec(None, a.dtype)
    return TensorSpec([x if x == y else None for x, y in zip(a.shape._dims, b.shape._dims)], a.dtype)


class _DirectedInterleaveDataset(Dataset):
    """`sample_from_datasets`: each element from one of the inputs, picked at random by weight.

    An input that runs out leaves the draw (the others' weights keep their ratios), or ends
    the dataset with `stop_on_empty_dataset=True`.
    """

    def __init__(self, datasets: list, weights, seed, stop_on_empty_dataset: bool):
        datasets = list(datasets)
        if not datasets:
            raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
        if weights is None:
            weights = [1.0] * len(datasets)
        weights = np.asarray(convert_to_tensor(weights, dtypes.float32)._value, np.float64)
        if weights.shape != (len(datasets),):
            raise ValueError(f"Invalid `weights`. The shape of `weights` should be compatible "
                             f"with `[len(datasets)]` but is {list(weights.shape)}.")
        specs = [d.element_spec for d in datasets]
        for i, other in enumerate(specs[1:], 1):
            if [x.dtype for x in flatten(other)] != [x.dtype for x in flatten(specs[0])]:
                raise TypeError("Invalid `datasets`. `datasets` must have compatible element "
                                f"specs.\n Dataset 0 element_spec={specs[0]}.\nDataset {i} "
                                f"element_spec={other}.")
        spec = specs[0]
        for other in specs[1:]:  # a dimension the inputs disagree on becomes unknown
            spec = map_structure(_common_spec, spec, other)
        self._inputs, self._weights, self._stop = datasets, weights, stop_on_empty_dataset
        # TF's seed rules, as in shuffle: without seeds the dataset draws its own, once
        seeds = random_ops.get_seed(seed)
        self._seeds = seeds if seeds != (None, None) else tuple(
            int(s) for s in np.random.default_rng().integers(2**32, size=2))
        self._passes = 0
        super().__init__(spec)

    def _input_datasets(self) -> list:
        return list(self._inputs)

    def _elements(self):
        rng = np.random.default_rng([*self._seeds, self._passes])
        self._passes += 1
        streams = [d._elements() for d in self._inputs]
        weights = self._weights.copy()
        while weights.sum() > 0:
            # the picks are independent: draw them 256 at a time (one NumPy call, not 256)
            for i in rng.choice(len(streams), size=256, p=weights / weights.sum()).tolist():
                try:
                    yield next(streams[i])
                except StopIteration:
                    if self._stop:
                        return
                    weights[i] = 0.0
                    break  # (draw again with the inputs left)

    def _cardinality(self) -> int:
        counts = [d._cardinality() for d in self._inputs]
        return INFINITE_CARDINALITY if all(n == INFINITE_CARDINALITY for n in counts) else \
            UNKNOWN_CARDINALITY


class _FlatMapDataset(Dataset):
    """`from_generator` (TF builds it as a flat_map over the generator, hence the name)."""

    def __init__(self, generator, output_types, output_shapes, args, output_signature):
        if output_signature is None:
            if output_types is None:
                raise TypeError("`output_signature` must be specified (or the deprecated "
                                "`output_types`): e.g. output_signature=tf.TensorSpec([], "
                                "tf.int32).")
            shapes = output_shapes if output_shapes is not None else \
                map_structure(lambda _: None, output_types)
            output_signature = map_structure(lambda t, s: TensorSpec(s, t), output_types, shapes)
        self._generator, self._args = generator, tuple(args or ())
        super().__init__(output_signature)

    def _elements(self):
        args = [a.numpy() if isinstance(a, Tensor) else a for a in self._args]
        for value in self._generator(*args):
            yield map_structure(self._convert, self._element_spec,
                                _like(self._element_spec, value))

    @staticmethod
    def _convert(spec: TensorSpec, value) -> Tensor:
        if isinstance(spec, ExtensionTypeSpec):  # (a value of a spec at least as specific)
            given = type_spec_from_value(value)
            if not given.is_subtype_of(spec):
                raise TypeError(f"`generator` yielded an element of {given} where an element "
                                f"of {spec} was expected.")
            return value
        t = value if isinstance(value, Tensor) else convert_to_tensor(
            np.asarray(value) if not isinstance(value, (str, bytes)) else value, dtype=spec.dtype)
        if t.dtype is not spec.dtype or not spec.shape.is_compatible_with(t.shape):
            raise TypeError(f"`generator` yielded an element of {TensorSpec(t.shape, t.dtype)} "
                            f"where an element of {spec} was expected.")
        return t

    def _cardinality(self) -> int:
        return UNKNOWN_CARDINALITY


def _like(spec, value):
    """A generator's yield in the spec's structure (TF accepts lists where tuples are expected)."""
    if isinstance(spec, tuple) and isinstance(value, list):
        return tuple(value)
    return value

