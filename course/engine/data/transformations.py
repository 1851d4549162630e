"""Stages that change the stream: map, filter, shuffle, repeat, take, skip, cache, prefetch, ...

Each is one small class (see dataset.py for the shape of a stage). What TF
does, and so do we:
- `map`/`filter` trace their function once (functions.py) and run it per element;
- `shuffle` keeps a buffer of `buffer_size` elements and hands out a random
  one, refilling from its input: a buffer of 1 changes nothing, a buffer as
  large as the dataset shuffles uniformly (TF's order: its Philox words, its ring);
- `repeat` starts its input again (a reshuffling `shuffle` before it
  reshuffles for each repetition), `cache` remembers a completed pass;
- cardinality follows TF's rules (a `filter` makes it unknown).

Read next: batching.py.
"""
from __future__ import annotations

import itertools

import numpy as np

from ..errors import InvalidArgumentError
from ..function import TensorSpec
from .. import philox
from ..ops import random_ops
from .dataset import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from .functions import TracedFunction, _as_tensors, relax
from .structure import flatten, map_structure, spec_of, to_tensors


class _MapDataset(Dataset):
    """`map`: the traced function's result for each element."""

    def __init__(self, input_dataset: Dataset, map_func):
        self._input = input_dataset
        self._fn = TracedFunction(map_func, input_dataset.element_spec, "Dataset.map()")
        super().__init__(self._fn.output_spec)

    def _elements(self):
        for element in self._input._elements():
            yield self._fn(element)

    def _cardinality(self) -> int:
        return self._input._cardinality()


class _ParallelMapDataset(_MapDataset):
    """`map(..., num_parallel_calls=...)`: TF maps on several threads; here the same work, in order."""


class _FilterDataset(Dataset):
    """`filter`: the elements whose predicate is True."""

    def __init__(self, input_dataset: Dataset, predicate):
        self._input = input_dataset
        self._predicate = _predicate(predicate, input_dataset.element_spec, "filter")
        super().__init__(input_dataset.element_spec)

    def _elements(self):
        for element in self._input._elements():
            if self._predicate(element)._value:
                yield element

    def _cardinality(self) -> int:
        return UNKNOWN_CARDINALITY  # TF: nobody knows how many pass, even of an infinite input


class _TakeWhileDataset(Dataset):
    """`take_while`: elements up to (not including) the first whose predicate is False."""

    def __init__(self, input_dataset: Dataset, predicate):
        self._input = input_dataset
        self._predicate = _predicate(predicate, input_dataset.element_spec, "take_while")
        super().__init__(input_dataset.element_spec)

    def _elements(self):
        for element in self._input._elements():
            if not self._predicate(element)._value:
                return
            yield element


def _predicate(fn, spec, what: str) -> TracedFunction:
    traced = TracedFunction(fn, spec, f"Dataset.{what}()")
    out = traced.output_spec
    if not isinstance(out, TensorSpec) or out.dtype.name != "bool" or out.shape.rank != 0:
        raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar "
                         f"tensor, but its return type is {out}.")
    return traced


class _ShuffleDataset(Dataset):
    """`shuffle`: a random element of a buffer of upcoming ones, refilled from the input.

    TF's numbers: each pass draws from Philox seeded with a pass's two seeds (with
    `reshuffle_each_iteration`, pass k's are words 2k and 2k+1 of Philox(seed, seed2);
    without, (seed, seed2) every time). The buffer is a ring: word % (elements held)
    picks one counted from the oldest, which then takes the pick's place.
    """

    def __init__(self, input_dataset: Dataset, buffer_size, seed, reshuffle_each_iteration):
        size = int(buffer_size)
        if size <= 0 and size != UNKNOWN_CARDINALITY:
            raise InvalidArgumentError(None, "ShuffleDatasetV3", "buffer_size must be greater than "
                                       "zero or UNKNOWN_CARDINALITY [Op:ShuffleDatasetV3]")
        self._input = input_dataset
        self._size = size if size > 0 else None  # UNKNOWN_CARDINALITY: the whole dataset
        # TF's seed rules: set_seed (or seed=) makes the sequence of orders reproducible;
        # without seeds each dataset draws its own, once, when it is made.
        seeds = random_ops.get_seed(seed)
        self._seeds = seeds if seeds != (None, None) else tuple(
            int(s) for s in np.random.default_rng().integers(2**63, size=2))
        self._reshuffle = True if reshuffle_each_iteration is None else bool(
            reshuffle_each_iteration)
        self._passes = 0
        super().__init__(input_dataset.element_spec)

    def _pass_seeds(self) -> tuple:
        if not self._reshuffle:
            return self._seeds
        draws = _philox_words(*self._seeds)  # (TF: a seed generator shared by every pass)
        words = list(itertools.islice(draws, 2 * self._passes, 2 * self._passes + 2))
        self._passes += 1  # the next pass draws another order
        return tuple(words)

    def _elements(self):
        words = _philox_words(*self._pass_seeds())
        size = self._size  # (None: the whole input is held)
        ring: list = []  # element i of the stream sits at ring[i % size]
        start = end = 0  # the oldest element held, and one past the newest
        inputs = self._input._elements()
        done = False
        while True:
            while not done and (size is None or end - start < size):
                element = next(inputs, _END)
                if element is _END:
                    done = True
                elif size is None or len(ring) < size:
                    ring.append(element)
                    end += 1
                else:
                    ring[end % size] = element
                    end += 1
            if start == end:
                return
            slots = size or len(ring)
            oldest = start % slots
            # TF: the pick, counted from the oldest; the oldest moves into the pick's slot
            pick = (start + next(words) % (end - start)) % slots
            ring[pick], ring[oldest] = ring[oldest], ring[pick]
            yield ring[oldest]
            start += 1

    def _cardinality(self) -> int:
        return self._input._cardinality()


def _philox_words(seed: int, seed2: int):
    """TF's PhiloxRandom(seed, seed2), one 32-bit word at a time (its SingleSampleAdapter)."""
    key, counter = philox.key_words(seed), philox.counter_words(0, seed2)
    for start in itertools.count(0, 256):
        yield from philox.blocks(counter, key, 256, start).reshape(-1).tolist()


_END = object()


class _RepeatDataset(Dataset):
    """`repeat`: the input `count` times over, or forever."""

    def __init__(self, input_dataset: Dataset, count):
        self._input = input_dataset
        self._count = -1 if count is None else int(count)
        super().__init__(input_dataset.element_spec)

    def _elements(self):
        for _ in itertools.count() if self._count < 0 else range(self._count):
            empty = True
            for element in self._input._elements():
                empty = False
                yield element
            if empty:
                return  # an empty input repeated forever is still empty

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if self._count == 0 or n == 0:
            return 0
        if n == INFINITE_CARDINALITY:
            return INFINITE_CARDINALITY
        if self._count < 0:
            return INFINITE_CARDINALITY  # (forever, even of an unknown count)
        return UNKNOWN_CARDINALITY if n == UNKNOWN_CARDINALITY else n * self._count


class _TakeDataset(Dataset):
    """`take`: the first `count` elements."""

    def __init__(self, input_dataset: Dataset, count):
        self._input = input_dataset
        self._count = int(count)
        super().__init__(input_dataset.element_spec)

    def _elements(self):
        stream = self._input._elements()
        yield from stream if self._count < 0 else itertools.islice(stream, self._count)

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if self._count < 0 or n == UNKNOWN_CARDINALITY:
            return n
        return self._count if n == INFINITE_CARDINALITY else min(n, self._count)


class _SkipDataset(Dataset):
    """`skip`: everything after the first `count` elements."""

    def __init__(self, input_dataset: Dataset, count):
        self._input = input_dataset
        self._count = int(count)
        super().__init__(input_dataset.element_spec)

    def _elements(self):
        stream = self._input._elements()
        if self._count >= 0:
            yield from itertools.islice(stream, self._count, None)

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if n < 0:
            return n
        return 0 if self._count < 0 else max(0, n - self._count)


class _ShardDataset(Dataset):
    """`shard`: every `num_shards`-th element, starting at `index` (one worker's share)."""

    def __init__(self, input_dataset: Dataset, num_shards, index):
        self._input = input_dataset
        self._num_shards, self._index = int(num_shards), int(index)
        if self._num_shards <= 0:
            raise InvalidArgumentError(None, "ShardDataset", (
                "Number of shards must be greater than zero (currently num_shards = "
                f"{self._num_shards}). [Op:ShardDataset]"))
        if not 0 <= self._index < self._num_shards:
            raise InvalidArgumentError(None, "ShardDataset", (
                f"Index must be between 0 and {self._num_shards - 1} (currently index = "
                f"{self._index}). [Op:ShardDataset]"))
        super().__init__(input_dataset.element_spec)

    def _elements(self):
        return itertools.islice(self._input._elements(), self._index, None, self._num_shards)

    def _cardinality(self) -> int:
        n = self._input._cardinality()
        if n < 0:  # infinite stays infinite, unknown unknown
            return n
        # elements index, index + num_shards, ... below n
        return max(0, -(-(n - self._index) // self._num_shards))


class CacheDataset(Dataset):
    """`cache`: the first complete pass is remembered; later passes replay it."""

    def __init__(self, input_dataset: Dataset, filename: str = ""):
        if filename:
            raise NotImplementedError("Dataset.cache(filename) writes TF's cache files, which this "
                                      "engine does not have; use cache() to cache in memory.")
        self._input = input_dataset
        self._cached = None  # the elements, once a pass has finished
        super().__init__(input_dataset.element_spec)

    def _elements(self):
        if self._cached is not None:
            yield from self._cached
            return
        seen = []
        for element in self._input._elements():
            seen.append(element)
            yield element
        self._cached = seen  # (a pass stopped early caches nothing, as in TF)

    def _cardinality(self) -> int:
        return self._input._cardinality()


class _PrefetchDataset(Dataset):
    """`prefetch`: TF prepares elements on a background thread; the elements are the same."""

    def __init__(self, input_dataset: Dataset, buffer_size):
        self._input = input_dataset
        self._buffer_size = int(buffer_size)
        super().__init__(input_dataset.element_spec)

    def _elements(self):
        return self._input._elements()

    def _cardinality(self) -> int:
        return self._input._cardinality()


def reduce_dataset(dataset: Dataset, initial_state, reduce_func):
    """`Dataset.reduce`: `state = reduce_func(state, element)` over every element.

    One op (ops/dataset_ops.py: ReduceDataset), eagerly and inside a
    tf.function, where AutoGraph turns `for x in dataset:` into this.
    """
    from ..autograph import converted  # (TF converts reduce_func with AutoGraph, as map's)
    from ..graph.shapes import Spec
    from ..ops.dataset_ops import reduce_dataset_op, trace_reduce_func
    reduce_func = converted(reduce_func)
    state = to_tensors(initial_state)
    spec = spec_of(state)

    def step(flat_state, element):
        new = _as_tensors(reduce_func(_pack(state, list(flat_state)), element), "Dataset.reduce()")
        return tuple(flatten(new)), new

    for _ in range(3):  # trace; if the state's shape changes, relax it and trace again (TF)
        specs = [Spec(s.dtype._np, s.shape._dims) for s in flatten(spec)]
        found = []

        def trial(flat_state, element):
            flat, new = step(flat_state, element)
            found.append(new)
            return flat
        trace_reduce_func(dataset, specs, trial)
        out = spec_of(found[0])
        _check_state(spec, out)
        relaxed = relax(spec, out)
        if relaxed == spec:
            break
        spec = relaxed
    specs = [Spec(s.dtype._np, s.shape._dims) for s in flatten(spec)]
    final = reduce_dataset_op(dataset, flatten(state), specs, lambda s, e: step(s, e)[0])
    return _pack(state, final)


def _pack(structure, flat: list):
    leaves = iter(flat)
    return map_structure(lambda _: next(leaves), structure)


def _check_state(spec, out) -> None:
    try:
        map_structure(lambda a, b: None, spec, out)
        same = len(flatten(spec)) == len(flatten(out))
    except (KeyError, TypeError, ValueError):
        same = False
    if not same:
        raise TypeError(f"The element classes for the new state must match the initial state. "
                        f"Expected {spec}; got {out}.")
    if [s.dtype for s in flatten(spec)] != [s.dtype for s in flatten(out)]:
        expected = tuple(s.dtype for s in flatten(spec))
        got = tuple(s.dtype for s in flatten(out))
        raise TypeError(f"The element types for the new state must match the initial state. "
                        f"Expected {expected}; got {got}.")
