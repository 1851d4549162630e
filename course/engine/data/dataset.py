"""`tf.data.Dataset`: a lazy, re-iterable stream of elements, built as a pipeline.

    >>> ds = tf.data.Dataset.from_tensor_slices((images, labels))
    >>> ds = ds.shuffle(1000).batch(32).prefetch(tf.data.AUTOTUNE)
    >>> for x, y in ds:          # each pass over ds is a new epoch
    ...     ...

Each method returns a new dataset that wraps its input (`_BatchDataset`
holds a `_ShuffleDataset`, which holds a `_TensorSliceDataset`). Nothing is
computed when you build the pipeline: iterating it asks the last stage for
an element, which asks its input, and so on down to the source. Every
stage is a small class with three parts:
- `element_spec`: what its elements look like, known before any data flows;
- `_elements()`: a Python generator, the stage's work, one element at a time;
- `_cardinality()`: how many elements it gives (or INFINITE / UNKNOWN).

Iterating is eager Python: `for x in ds` works outside `tf.function` (see
iterators.py for inside). Read next: sources.py, transformations.py,
batching.py.
"""
from __future__ import annotations

import numpy as np

from .. import deprecation, dtypes
from ..errors import InvalidArgumentError
from ..tensor import Tensor, convert_to_tensor

AUTOTUNE = -1  # "let TF choose": accepted by map, batch, prefetch (this engine has no threads)
INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


class Dataset:
    """A sequence of elements you iterate in Python (TF's `tf.data.Dataset`).

    Build one with `from_tensor_slices`, `from_tensors`, `range`, `zip` or
    `from_generator`, then chain transformations:

    >>> ds = tf.data.Dataset.range(10).filter(lambda x: x % 2 == 0).map(lambda x: x * x)
    >>> list(ds.as_numpy_iterator())
    [np.int64(0), np.int64(4), np.int64(16), np.int64(36), np.int64(64)]
    """

    def __init__(self, element_spec):
        self._element_spec = element_spec

    # -- what every stage defines ---------------------------------------------------------
    def _elements(self):
        """A generator of this dataset's elements (structures of tensors), start to end."""
        raise NotImplementedError(f"{type(self).__name__} must define _elements()")

    def _cardinality(self) -> int:
        return UNKNOWN_CARDINALITY

    def _input_datasets(self) -> list:
        """The datasets this stage reads (TF's `_inputs()`): most stages wrap one, `_input`."""
        source = getattr(self, "_input", None)
        return [source] if isinstance(source, Dataset) else []

    # -- looking at a dataset ------------------------------------------------------------------
    @property
    def element_spec(self):
        """The structure of `tf.TensorSpec`s of one element."""
        return self._element_spec

    def cardinality(self) -> Tensor:
        """The number of elements as an int64 scalar, or `tf.data.INFINITE_CARDINALITY` (-1) /
        `tf.data.UNKNOWN_CARDINALITY` (-2) (after `filter`, say). Mirrors `Dataset.cardinality`.

        >>> tf.data.Dataset.range(5).batch(2).cardinality()
        <tf.Tensor: shape=(), dtype=int64, numpy=3>
        """
        return convert_to_tensor(np.int64(self._cardinality()))

    def __len__(self) -> int:
        n = self._cardinality()
        if n == INFINITE_CARDINALITY:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN_CARDINALITY:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self) -> bool:
        return True  # (not len(): an empty dataset is still a dataset, as in TF)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} element_spec={self._element_spec!r}>"

    def __tf_tracing_type__(self, context):
        """A tf.function keys a dataset argument by its `tf.data.DatasetSpec` (spec.py)."""
        from .spec import DatasetSpec
        return DatasetSpec(self._element_spec)

    # -- iterating --------------------------------------------------------------------------------
    def __iter__(self):
        """A new iterator: each `for` loop over the dataset is a fresh pass (an epoch)."""
        return Iterator(self)

    def as_numpy_iterator(self):
        """Iterates the elements as NumPy values (bytes for strings). Mirrors TF's.

        >>> list(tf.data.Dataset.from_tensor_slices(["a", "b"]).as_numpy_iterator())
        [b'a', b'b']
        """
        return NumpyIterator(Iterator(self))

    def reduce(self, initial_state, reduce_func):
        """Folds the elements into one state: `state = reduce_func(state, element)`.

        Mirrors `Dataset.reduce`; `reduce_func` is traced once, as `map`'s is.

        >>> tf.data.Dataset.range(5).reduce(np.int64(0), lambda total, x: total + x)
        <tf.Tensor: shape=(), dtype=int64, numpy=10>
        """
        return transformations.reduce_dataset(self, initial_state, reduce_func)

    def get_single_element(self, name=None):
        """The one element of a dataset that has exactly one. Mirrors `Dataset.get_single_element`."""
        elements = Iterator(self)
        try:
            element = next(elements)
        except StopIteration:
            raise InvalidArgumentError(None, "DatasetToSingleElement",
                                       "Dataset was empty.") from None
        for _ in elements:
            raise InvalidArgumentError(None, "DatasetToSingleElement",
                                       "Dataset had more than one element.")
        return element

    # -- making datasets --------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None) -> "Dataset":
        """One element per row (first dimension) of `tensors`, a tensor or a structure of them.

        >>> ds = tf.data.Dataset.from_tensor_slices(([1, 2, 3], ["a", "b", "c"]))
        >>> next(iter(ds))
        (<tf.Tensor: shape=(), dtype=int32, numpy=1>, <tf.Tensor: shape=(), dtype=string, numpy=b'a'>)
        """
        return sources._TensorSliceDataset(tensors)

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None, name=None) -> "Dataset":
        """The paths matching a glob pattern (or a list of them), as string scalars, in sorted
        order, then shuffled unless `shuffle=False`. Mirrors `Dataset.list_files`.

        >>> list(tf.data.Dataset.list_files("photos/*/*.jpg", shuffle=False).take(1))
        [<tf.Tensor: shape=(), dtype=string, numpy=b'photos/daisy/1.jpg'>]
        """
        from ..gfile import glob
        pattern = file_pattern.numpy() if hasattr(file_pattern, "numpy") else file_pattern
        patterns = [pattern] if isinstance(pattern, (str, bytes)) else list(np.ravel(pattern))
        patterns = [p.decode() if isinstance(p, bytes) else str(p) for p in patterns]
        matches = glob(patterns)
        if not matches:  # (TF's Assert, with its wording)
            raise InvalidArgumentError(None, "Assert", "Expected 'tf.Tensor(False, shape=(), "
                                       "dtype=bool)' to be true. Summarized data: b'No files "
                                       f"matched pattern: {', '.join(patterns)}'")
        files = sources._TensorSliceDataset(np.array([m.encode() for m in matches], dtype=object))
        # (shuffle=None means True; one buffer the size of the list: a uniform shuffle)
        return files if shuffle is False else files.shuffle(len(matches), seed=seed)

    @staticmethod
    def from_tensors(tensors, name=None) -> "Dataset":
        """A dataset of one element: `tensors` as they are. Mirrors `Dataset.from_tensors`."""
        return sources._TensorDataset(tensors)

    @staticmethod
    def range(*args, output_type=dtypes.int64, name=None) -> "Dataset":
        """int64 numbers like Python's `range(stop)`, `range(start, stop[, step])`.

        >>> list(tf.data.Dataset.range(2, 10, 3).as_numpy_iterator())
        [np.int64(2), np.int64(5), np.int64(8)]
        """
        return sources._RangeDataset(args, output_type)

    @staticmethod
    def counter(start=0, step=1, dtype=dtypes.int64, name=None) -> "Dataset":
        """start, start + step, ... without end. Mirrors `Dataset.counter`.

        >>> list(tf.data.Dataset.counter(3, 2).take(3).as_numpy_iterator())
        [np.int64(3), np.int64(5), np.int64(7)]
        """
        return sources._ScanDataset(start, step, dtype)

    @staticmethod
    def zip(*args, datasets=None, name=None) -> "Dataset":
        """Elements of several datasets side by side, until the shortest ends.

        `Dataset.zip(a, b)` or `Dataset.zip((a, b))` gives tuples, `Dataset.zip({"x": a})` dicts.
        """
        if datasets is None:
            datasets = args[0] if len(args) == 1 else args
        return sources._ZipDataset(datasets)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None,
                       output_signature=None, name=None) -> "Dataset":
        """Elements from a Python generator function, called anew for each pass.

        Give `output_signature` (a structure of `tf.TensorSpec`), or the older
        `output_types` (and `output_shapes`). Mirrors `Dataset.from_generator`.
        """
        for arg, given in (("output_types", output_types), ("output_shapes", output_shapes)):
            # (TF logs it once per argument, and only while building a graph: a traced
            # function's body, e.g. a dataset function's; never eagerly)
            if given is not None and not _executing_eagerly():
                deprecation.log_once(f"calling DatasetV2.from_generator (from tensorflow.python."
                                     f"data.ops.dataset_ops) with {arg}",
                                     "Use output_signature instead", depth=1)
        return sources._FlatMapDataset(generator, output_types, output_shapes, args,
                                         output_signature)

    @staticmethod
    def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False,
                             rerandomize_each_iteration=None) -> "Dataset":
        """Elements drawn at random from `datasets`, each with probability `weights[i]`
        (equal by default). Mirrors `Dataset.sample_from_datasets`.

        >>> a, b = tf.data.Dataset.range(3), tf.data.Dataset.range(10, 13)
        >>> sorted(tf.data.Dataset.sample_from_datasets([a, b]).as_numpy_iterator())
        [np.int64(0), np.int64(1), np.int64(2), np.int64(10), np.int64(11), np.int64(12)]
        """
        return sources._DirectedInterleaveDataset(datasets, weights, seed, stop_on_empty_dataset)

    # -- transformations ---------------------------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None) -> "Dataset":
        """`map_func` applied to every element (traced once; see functions.py).

        `num_parallel_calls` (e.g. `tf.data.AUTOTUNE`) is accepted; this
        engine maps one element at a time.

        >>> list(tf.data.Dataset.range(3).map(lambda x: x * 10).as_numpy_iterator())
        [np.int64(0), np.int64(10), np.int64(20)]
        """
        stage = transformations._MapDataset if num_parallel_calls is None else \
            transformations._ParallelMapDataset
        return stage(self, map_func)

    def filter(self, predicate, name=None) -> "Dataset":
        """The elements for which `predicate` (returning a bool scalar) is True."""
        return transformations._FilterDataset(self, predicate)

    def take_while(self, predicate, name=None) -> "Dataset":
        """The elements before the first one whose `predicate` is False."""
        return transformations._TakeWhileDataset(self, predicate)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None,
                name=None) -> "Dataset":
        """Elements in random order, drawn from a buffer of `buffer_size` upcoming elements.

        A buffer as large as the dataset gives a uniform shuffle. Each pass is
        reshuffled unless `reshuffle_each_iteration=False`; `tf.random.set_seed`
        (or `seed=`) makes the orders reproducible.
        """
        return transformations._ShuffleDataset(self, buffer_size, seed, reshuffle_each_iteration)

    def repeat(self, count=None, name=None) -> "Dataset":
        """The dataset `count` times over (forever with None or -1)."""
        return transformations._RepeatDataset(self, count)

    def take(self, count, name=None) -> "Dataset":
        """The first `count` elements (all with -1)."""
        return transformations._TakeDataset(self, count)

    def skip(self, count, name=None) -> "Dataset":
        """All but the first `count` elements (none with -1)."""
        return transformations._SkipDataset(self, count)

    def shard(self, num_shards, index, name=None) -> "Dataset":
        """Every `num_shards`-th element from element `index` on: one of `num_shards` workers'
        share. Mirrors `Dataset.shard`.

        >>> list(tf.data.Dataset.range(10).shard(3, 1).as_numpy_iterator())
        [np.int64(1), np.int64(4), np.int64(7)]
        """
        return transformations._ShardDataset(self, num_shards, index)

    def cache(self, filename: str = "", name=None) -> "Dataset":
        """Keeps the elements in memory after the first full pass; later passes replay them."""
        return transformations.CacheDataset(self, filename)

    def prefetch(self, buffer_size, name=None) -> "Dataset":
        """Prepares elements ahead of time in TF; here the same elements, in the same order."""
        return transformations._PrefetchDataset(self, buffer_size)

    def enumerate(self, start=0, name=None) -> "Dataset":
        """`(index, element)` pairs, counting from `start` (a zip with a range, as in TF)."""
        return Dataset.zip((Dataset.range(start, np.iinfo(np.int64).max), self))

    def concatenate(self, dataset, name=None) -> "Dataset":
        """This dataset's elements, then `dataset`'s (of the same structure and dtypes)."""
        return sources._ConcatenateDataset(self, dataset)

    def with_options(self, options, name=None) -> "Dataset":
        """The same elements, with `options` (a `tf.data.Options`) for the pipeline. Mirrors
        `Dataset.with_options` (see options.py: the engine keeps the options, unused)."""
        from .options import Options
        if not isinstance(options, Options):
            raise TypeError(f"with_options expects a tf.data.Options, got {options!r}")
        return _OptionsDataset(self, options)

    def options(self):
        """The pipeline's `tf.data.Options`: those of every stage up to here, later ones winning.

        Mirrors `Dataset.options`.
        """
        from .options import Options
        merged = Options()
        for source in self._input_datasets():
            merged = merged._merged(source.options())
        own = getattr(self, "_options", None)
        return merged if own is None else merged._merged(own)

    def apply(self, transformation_func) -> "Dataset":
        """`transformation_func(self)`: a reusable chunk of pipeline."""
        return transformation_func(self)

    def batch(self, batch_size, drop_remainder: bool = False, num_parallel_calls=None,
              deterministic=None, name=None) -> "Dataset":
        """Stacks `batch_size` consecutive elements into one (the last may be smaller).

        >>> [b.tolist() for b in tf.data.Dataset.range(5).batch(2).as_numpy_iterator()]
        [[0, 1], [2, 3], [4]]
        """
        return batching._BatchDataset(self, batch_size, drop_remainder)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None,
                     drop_remainder: bool = False, name=None) -> "Dataset":
        """Like `batch`, padding each tensor to the longest in its batch (or `padded_shapes`)."""
        return batching._PaddedBatchDataset(self, batch_size, padded_shapes, padding_values,
                                            drop_remainder)

    def unbatch(self, name=None) -> "Dataset":
        """Splits each element along its first dimension: the inverse of `batch`."""
        return batching._UnbatchDataset(self)

    def window(self, size, shift=None, stride=1, drop_remainder: bool = False,
               name=None) -> "Dataset":
        """A dataset of windows, each a dataset of up to `size` elements (see windowing.py).

        >>> [list(w.as_numpy_iterator()) for w in tf.data.Dataset.range(5).window(2)]
        [[np.int64(0), np.int64(1)], [np.int64(2), np.int64(3)], [np.int64(4)]]
        """
        return windowing._WindowDataset(self, size, shift, stride, drop_remainder)

    def flat_map(self, map_func, name=None) -> "Dataset":
        """The elements of the dataset `map_func(element)` gives, element after element.

        >>> ds = tf.data.Dataset.range(5).window(2).flat_map(lambda w: w.batch(2))
        >>> [b.tolist() for b in ds.as_numpy_iterator()]
        [[0, 1], [2, 3], [4]]
        """
        if all(isinstance(s, DatasetSpec) for s in flatten(self.element_spec)):
            return windowing._FlatMapDataset(self, map_func)
        return interleave._InterleaveDataset(self, map_func, 1, 1, what="flat_map")

    def interleave(self, map_func, cycle_length=None, block_length=None, num_parallel_calls=None,
                   deterministic=None, name=None) -> "Dataset":
        """The datasets `map_func(element)` gives, `block_length` elements from each in turn.

        Mirrors `tf.data.Dataset.interleave` (the order: interleave.py).

        >>> ds = tf.data.Dataset.range(2).interleave(
        ...     lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2)
        >>> [int(x) for x in ds]
        [0, 1, 0, 1]
        """
        return interleave._InterleaveDataset(self, map_func, cycle_length, block_length)


# The stages subclass Dataset, and Dataset's methods make them: import them last.
from . import batching, interleave, sources, transformations, windowing  # noqa: E402
from .spec import DatasetSpec  # noqa: E402
from ..graph.core import executing_eagerly as _executing_eagerly  # noqa: E402
from .structure import flatten  # noqa: E402
from .iterators import Iterator, NumpyIterator  # noqa: E402


class _OptionsDataset(Dataset):
    """`with_options`: its input's elements as they are; the options ride along (`options()`)."""

    def __init__(self, dataset: Dataset, options):
        super().__init__(dataset.element_spec)
        self._input = dataset
        self._options = options

    def _elements(self):
        return iter(self._input._elements())

    def _cardinality(self) -> int:
        return self._input._cardinality()
