"""`tf.data`: input pipelines (`Dataset`), read in this order:

    dataset.py          the Dataset class: its methods, and how a pipeline runs
    structure.py        elements: tuples and dicts of tensors, and their TensorSpecs
    sources.py          from_tensor_slices, from_tensors, range, zip, from_generator
    functions.py        how map/filter/reduce functions are traced once, run per element
    transformations.py  map, filter, shuffle, repeat, take, skip, cache, prefetch
    batching.py         batch, padded_batch, unbatch
    iterators.py        iter(ds) and as_numpy_iterator()

    >>> ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(32)
    >>> model.fit(ds, epochs=3)     # keras/data_adapter.py turns it into batches
"""
from . import experimental
from .dataset import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from .iterators import Iterator, NumpyIterator

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "Dataset", "Iterator",
           "NumpyIterator", "experimental"]
