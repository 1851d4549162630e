"""`interleave`, and `flat_map` of tensor elements: one dataset per element, read in turn.

    >>> ds = tf.data.Dataset.range(1, 4).interleave(
    ...     lambda n: tf.data.Dataset.from_tensors(n).repeat(n), cycle_length=2)
    >>> [int(x) for x in ds]
    [1, 2, 2, 3, 3, 3]

TF's order: `cycle_length` slots, each holding the dataset of one input
element; `block_length` elements are taken from a slot, then the next slot's
turn comes. A slot whose dataset is done takes the next input element's
dataset (at once, in its turn); an empty slot after the input is done is
skipped. `flat_map(fn)` is `interleave(fn, cycle_length=1)`: each dataset
read to its end before the next.

Where TF traces `fn` once, with symbolic arguments, this engine calls it on
each element, eagerly (its datasets hold values, not graphs), and once more
when the pipeline is built, on zeros (or empty strings) of the element's
spec, to learn the element_spec of what it returns. A `print` in `fn` thus
runs once per element, plus once. `num_parallel_calls` and `deterministic`
change nothing (the same elements, in the same order, in this thread);
`cycle_length=None` (AUTOTUNE) is the number of CPUs this process may use,
as TF's.

Read next: windowing.py (`flat_map` of windows: datasets as elements).
"""
from __future__ import annotations

import os

import numpy as np

from ..tensor import Tensor
from .dataset import UNKNOWN_CARDINALITY, Dataset
from .structure import map_structure

__all__ = ["_InterleaveDataset"]


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # (not on Linux)
        return os.cpu_count() or 1


def _stand_in(spec):
    """Zeros (b'' for strings) of a TensorSpec's dtype and shape (unknown sizes: 0)."""
    if not hasattr(spec, "shape") or not hasattr(spec.shape, "as_list") or \
            spec.shape.rank is None:
        raise NotImplementedError(f"interleave and flat_map of elements of {spec} are not part "
                                  "of this engine: elements made of tensors of known rank, or "
                                  "flat_map of window datasets")
    shape = tuple(0 if d is None else d for d in spec.shape.as_list())
    dtype = spec.dtype.as_numpy_dtype
    if dtype is object:
        return Tensor(np.full(shape, b"", dtype=object))
    return Tensor(np.zeros(shape, dtype=dtype))


class _InterleaveDataset(Dataset):
    """`interleave`: the datasets `map_func` makes of `cycle_length` elements, read in turn."""

    def __init__(self, input_dataset: Dataset, map_func, cycle_length=None, block_length=None,
                 what: str = "interleave"):
        self._input, self._fn, self._what = input_dataset, map_func, what
        self._cycle = _cpus() if cycle_length is None or int(cycle_length) < 0 \
            else int(cycle_length)
        self._block = 1 if block_length is None else int(block_length)
        if self._cycle <= 0 or self._block <= 0:
            from ..errors import InvalidArgumentError
            raise InvalidArgumentError(None, "InterleaveDataset", "cycle_length and block_length "
                                       "must be greater than zero. [Op:InterleaveDataset]")
        spec = input_dataset.element_spec
        super().__init__(self._dataset_of(map_structure(_stand_in, spec)).element_spec)

    def _dataset_of(self, element) -> Dataset:
        # TF: a tuple element means several arguments (`lambda x, y: ...`)
        out = self._fn(*element) if type(element) is tuple else self._fn(element)
        if not isinstance(out, Dataset):
            raise TypeError(f"The `map_func` argument of {self._what} must return a `Dataset` "
                            f"object. Got {type(out)}.")
        return out

    def _elements(self):
        inputs = self._input._elements()
        slots: list = [None] * self._cycle
        index = taken = is_open = 0
        input_done = False
        while not input_done or is_open:
            if slots[index] is not None:
                element = next(slots[index], _DONE)
                if element is not _DONE:
                    yield element
                    taken += 1
                    if taken < self._block:
                        continue
                else:
                    slots[index], is_open = None, is_open - 1
                taken, index = 0, (index + 1) % self._cycle
            elif not input_done:
                element = next(inputs, _DONE)
                if element is _DONE:
                    input_done = True
                else:  # (the new dataset is read at once, in this slot's turn)
                    slots[index], is_open = self._dataset_of(element)._elements(), is_open + 1
            else:
                taken, index = 0, (index + 1) % self._cycle

    def _cardinality(self) -> int:
        return UNKNOWN_CARDINALITY  # TF: unknown, even of an empty or infinite input


_DONE = object()
