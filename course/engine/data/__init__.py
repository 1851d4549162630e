"""`tf.data`: input pipelines (`Dataset`), read in this order:

    dataset.py          the Dataset class: its methods, and how a pipeline runs
    structure.py        elements: tuples and dicts of tensors, and their TensorSpecs
    sources.py          from_tensor_slices, from_tensors, range, zip, from_generator
    files.py            TextLineDataset, experimental.CsvDataset: elements read from files
    records.py          TFRecordDataset (and tf.io.TFRecordWriter): TFRecord files
    functions.py        how map/filter/reduce functions are traced once, run per element
    transformations.py  map, filter, shuffle, repeat, take, skip, cache, prefetch
    batching.py         batch, padded_batch, unbatch
    windowing.py        window, flat_map (datasets of datasets)
    make_csv.py         experimental.make_csv_dataset: batches of CSV columns
    sparse_elements.py  SparseTensors as elements: rows, batches, specs
    iterators.py        iter(ds) and as_numpy_iterator()
    spec.py             DatasetSpec: a dataset as a tf.function argument
    options.py          tf.data.Options (with_options): a pipeline's settings, kept
    (inside a tf.function `for x in ds:` is Dataset.reduce: ../ops/dataset_ops.py)

    >>> ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(32)
    >>> model.fit(ds, epochs=3)     # keras/data_adapter.py turns it into batches
"""
from . import experimental
from .dataset import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from .files import TextLineDatasetV2 as TextLineDataset
from .records import TFRecordDatasetV2 as TFRecordDataset
from .iterators import Iterator, NumpyIterator
from .options import Options, ThreadingOptions
from .spec import DatasetSpec
from ..autograph import loops as _loops

# `for x in dataset:` inside a tf.function: AutoGraph makes it Dataset.reduce, as TF does
_loops.register_for_loop(Dataset, _loops.reduce_for_loop)

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "Dataset", "DatasetSpec", "Iterator",
           "NumpyIterator", "Options", "TextLineDataset", "TFRecordDataset", "ThreadingOptions",
           "experimental"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("data", __name__, name)
