"""Datasets of datasets: `window`, and `flat_map`, which turns them back into one stream.

    >>> windows = tf.data.Dataset.range(6).window(3, shift=1)
    >>> for w in windows.take(1):
    ...     print(w)
    <_VariantDataset element_spec=TensorSpec(shape=(), dtype=tf.int64, name=None)>
    >>> for x in windows.flat_map(lambda w: w.batch(3, drop_remainder=True)).take(2):
    ...     print(x.numpy())
    [0 1 2]
    [1 2 3]

TF's rules: window k starts at input element `k * shift` and holds the
elements `start, start + stride, ...`, at most `size` of them; windows start
while the input lasts, so the last ones are shorter unless
`drop_remainder=True`. Each window is a small dataset (a `_VariantDataset`);
a tuple or dict element gives the same structure of datasets, one per
component. `flat_map(fn)` gives every element of `fn(window)` in turn.

As TF does, `flat_map` calls `fn` once, when the pipeline is built (so a
`print` in it runs once): here with a stand-in dataset (`_WindowArgument`)
that, while the pipeline runs, reads the window being flattened.

Read next: transformations.py (map, the same idea for tensors).
"""
from __future__ import annotations

from ..errors import InvalidArgumentError
from .dataset import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from .spec import DatasetSpec
from .structure import flatten, map_structure

__all__ = ["_WindowDataset", "_VariantDataset", "_FlatMapDataset"]


def _positive(value, what: str) -> int:
    n = int(value.numpy() if hasattr(value, "numpy") else value)
    if n <= 0:
        raise InvalidArgumentError(None, "WindowDataset", f"Window {what} must be greater than "
                                                          "zero. [Op:WindowDataset]")
    return n


class _VariantDataset(Dataset):
    """One window: a dataset of the elements it was given (TF's class name)."""

    def __init__(self, elements: list, element_spec):
        self._items = elements
        super().__init__(element_spec)

    def _elements(self):
        yield from self._items

    def _cardinality(self) -> int:
        return len(self._items)


class _WindowDataset(Dataset):
    """`window`: each element a dataset of up to `size` input elements (see the docstring)."""

    def __init__(self, input_dataset: Dataset, size, shift=None, stride=1,
                 drop_remainder: bool = False):
        self._input = input_dataset
        self._size = _positive(size, "size")
        self._shift = self._size if shift is None else _positive(shift, "shift")
        self._stride = _positive(stride, "stride")
        self._drop = bool(drop_remainder)
        super().__init__(map_structure(DatasetSpec, input_dataset.element_spec))

    def _window(self, buffer: list, start: int, base: int):
        picked = buffer[start - base::self._stride][:self._size]
        columns = list(zip(*[flatten(element) for element in picked]))  # one per component
        parts = iter([_VariantDataset(list(column), spec) for column, spec in
                      zip(columns, flatten(self._input.element_spec))])
        return map_structure(lambda _: next(parts), self._input.element_spec)

    def _elements(self):
        span = (self._size - 1) * self._stride + 1  # input elements a full window covers
        buffer, base, start, seen = [], 0, 0, 0     # buffer[0] is input element `base`
        for element in self._input._elements():
            buffer.append(element)
            seen += 1
            while start + span <= seen:  # a full window ends here
                yield self._window(buffer, start, base)
                start += self._shift
                drop = min(start, seen) - base   # elements no later window needs
                del buffer[:drop]
                base += drop
        while not self._drop and start < seen:  # the shorter windows at the end
            yield self._window(buffer, start, base)
            start += self._shift

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if n < 0:
            return n
        if not self._drop:
            return -(-n // self._shift)
        span = (self._size - 1) * self._stride + 1
        return 0 if n < span else (n - span) // self._shift + 1


class _WindowArgument(Dataset):
    """What `flat_map`'s function receives for a dataset component: it reads the window that
    `_FlatMapDataset` is flattening at the moment (see the module docstring)."""

    def __init__(self, element_spec):
        super().__init__(element_spec)
        self._current = None

    def _elements(self):
        if self._current is None:
            raise RuntimeError("the dataset flat_map gives its function can be read only while "
                               "the flat_map's output is iterated")
        return self._current._elements()

    def _cardinality(self) -> int:
        return UNKNOWN_CARDINALITY


class _FlatMapDataset(Dataset):
    """`flat_map`: the elements of `map_func(element)`, element after element."""

    def __init__(self, input_dataset: Dataset, map_func):
        spec = input_dataset.element_spec
        if not all(isinstance(s, DatasetSpec) for s in flatten(spec)):
            raise NotImplementedError(
                "Dataset.flat_map is supported by this engine for elements made of datasets "
                "(those of Dataset.window); for tensor elements, build one dataset with "
                "from_tensor_slices, or use unbatch")
        self._input = input_dataset
        self._arguments = map_structure(lambda s: _WindowArgument(s.element_spec), spec)
        # TF: a tuple element means several arguments (`lambda x, y: ...`)
        args = self._arguments if type(spec) is tuple else (self._arguments,)
        self._output = map_func(*args)
        if not isinstance(self._output, Dataset):
            raise TypeError(f"The `map_func` argument of flat_map must return a `Dataset` "
                            f"object. Got {type(self._output)}.")
        super().__init__(self._output.element_spec)

    def _elements(self):
        for element in self._input._elements():
            for argument, window in zip(flatten(self._arguments), flatten(element)):
                argument._current = window
            # (the output's stages open their input as soon as they start: this window)
            yield from self._output._elements()

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        return n if n in (0, INFINITE_CARDINALITY) else UNKNOWN_CARDINALITY
