"""Iterating a dataset: `iter(ds)` (TF's `tf.data.Iterator`) and `ds.as_numpy_iterator()`.

    >>> it = iter(tf.data.Dataset.range(2))
    >>> next(it), it.get_next()
    (<tf.Tensor: shape=(), dtype=int64, numpy=0>, <tf.Tensor: shape=(), dtype=int64, numpy=1>)

An iterator is one pass over the pipeline: it asks the last stage's
`_elements()` generator for the next element. Iterating happens in eager
Python. Inside `tf.function`, TF's AutoGraph turns `for x in dataset` into
a loop that runs in the graph; this engine does not have that yet, so an
iterator refuses to start while a graph is being traced (rather than
freezing today's elements into the graph as constants).
"""
from __future__ import annotations

from ..errors import OutOfRangeError
from ..function import executing_eagerly
from .structure import map_structure


class Iterator:
    """One pass over a dataset's elements. Mirrors `tf.data.Iterator` (TF's `OwnedIterator`)."""

    def __init__(self, dataset):
        if not executing_eagerly():
            raise NotImplementedError(
                "iter() and next() on a tf.data.Dataset inside tf.function are not part of this "
                "engine (TF's iterator ops). Loop over it (`for x in ds:`, which AutoGraph makes "
                "a Dataset.reduce), or iterate outside and pass each batch to the tf.function.")
        self._dataset = dataset
        self._elements = dataset._elements()

    @property
    def element_spec(self):
        return self._dataset.element_spec

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._elements)

    def get_next(self):
        """The next element; past the end, TF's `OutOfRangeError` (where `next` stops)."""
        try:
            return next(self._elements)
        except StopIteration:
            raise OutOfRangeError(None, "IteratorGetNext",
                                  "End of sequence [Op:IteratorGetNext]") from None


class NumpyIterator:
    """What `as_numpy_iterator()` gives: each element with `.numpy()` values (bytes for strings)."""

    def __init__(self, iterator: Iterator):
        self._iterator = iterator

    def __iter__(self):
        return self

    def __next__(self):
        return map_structure(lambda t: t.numpy(), next(self._iterator))

    def __repr__(self) -> str:
        return f"NumpyIterator(iterator={self._iterator!r})"
