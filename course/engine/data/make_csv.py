"""`tf.data.experimental.make_csv_dataset`: batches of CSV records as dicts of columns.

    >>> ds = tf.data.experimental.make_csv_dataset("titanic.csv", batch_size=4,
    ...                                           label_name="survived")
    >>> features, label = next(iter(ds))   # features: {"sex": [4 strings], "age": [4 floats]...}

TF's recipe, followed step by step: the column names come from the first
file's header; the columns' dtypes, unless `column_defaults` gives them, are
guessed from the first `num_rows_for_inference` records (int32, then int64,
float32, float64, else string: the narrowest type every value fits; an empty
field of such a column reads as 0, or ""); the records are read with
`CsvDataset` (files.py; `compression_type="GZIP"` for .gz files, and
`ignore_errors=True` drops the records that do not parse), shuffled
(`shuffle=True`) and repeated (`num_epochs=None`: for ever), batched
(dropping a last short batch when repeating for ever, so the batch dimension
is known), and each batch becomes `(OrderedDict of the columns, label column)`.

Read next: files.py (CsvDataset, the reader this builds on).
"""
from __future__ import annotations

import collections
import csv
import glob
import io
import itertools

import numpy as np

from .. import deprecation, dtypes
from .files import CsvDatasetV2, _compression, _lines

__all__ = ["make_csv_dataset"]

def _files(file_pattern) -> list:
    patterns = [file_pattern] if isinstance(file_pattern, (str, bytes)) else list(file_pattern)
    found = []
    for pattern in patterns:
        pattern = pattern.decode() if isinstance(pattern, bytes) else str(pattern)
        found.extend(sorted(glob.glob(pattern)))
    if not found:
        raise ValueError(f"No files match `file_pattern` {file_pattern}.")
    return found


def _records(path: str, delim: str, rows: int, header: bool, compression: str = "") -> list:
    """The first records of a file (compressed or not), as lists of strings."""
    lines = itertools.islice(_lines(path, compression), 10 * (rows + header) + 10)
    text = "\n".join(line.decode("utf-8") for line in lines)
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    return list(row for _, row in zip(range(rows + header), reader))


def _fits(text: str, dtype: dtypes.DType) -> bool:
    """Whether a field can be read as `dtype` (TF's `_infer_type` checks)."""
    try:
        if dtype.is_integer:
            value = int(text)
            return bool(np.iinfo(dtype.as_numpy_dtype).min <= value <=
                        np.iinfo(dtype.as_numpy_dtype).max)
        value = float(text)
        return not np.isfinite(value) or abs(value) <= np.finfo(dtype.as_numpy_dtype).max
    except ValueError:
        return False


_ORDER = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.string]


def _infer(records: list, columns: list, na_value: str) -> list:
    """Each column's dtype: the narrowest in _ORDER that every non-empty value fits."""
    found = [0] * len(columns)
    for record in records:
        for k, col in enumerate(columns):
            text = record[col] if col < len(record) else ""
            if text in ("", na_value):
                continue
            while found[k] < len(_ORDER) - 1 and not _fits(text, _ORDER[found[k]]):
                found[k] += 1
    return [_ORDER[k] for k in found]


def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None,
                     label_name=None, select_columns=None, field_delim=",",
                     use_quote_delim: bool = True, na_value="", header: bool = True,
                     num_epochs=None, shuffle: bool = True, shuffle_buffer_size=10000,
                     shuffle_seed=None, prefetch_buffer_size=None, num_parallel_reads=None,
                     sloppy: bool = False, num_rows_for_inference=100, compression_type=None,
                     ignore_errors: bool = False, encoding="utf-8"):
    """A dataset of `(features, label)` batches read from CSV files. Mirrors
    `tf.data.experimental.make_csv_dataset` (see the module docstring for its steps).

    `features` is an OrderedDict of the selected columns (in the file's order)
    but the label; with no `label_name`, each element is the dict alone.
    """
    compression = _compression(compression_type, "CSVDatasetV2")
    files = _files(file_pattern)
    if column_names is None:
        if not header:
            raise ValueError("Expected `column_names` or `header` arguments to be provided.")
        column_names = _records(files[0], field_delim, 0, True, compression)[0]
    column_names = list(column_names)
    if label_name is not None and label_name not in column_names:
        raise ValueError(f"`label_name` provided must be one of the columns: {column_names}. "
                         f"Received: {label_name}.")
    selected = list(range(len(column_names)))
    if select_columns is not None:
        wanted = [column_names.index(c) if isinstance(c, str) else int(c) for c in select_columns
                  if not isinstance(c, str) or c in column_names]
        if len(wanted) != len(select_columns):
            raise ValueError(f"`select_columns` must be column names or indices of "
                             f"{column_names}: {select_columns}")
        selected = sorted(wanted)
        if label_name is not None and column_names.index(label_name) not in selected:
            raise ValueError(f"`label_name` {label_name} must be one of the `select_columns`.")
    names = [column_names[i] for i in selected]
    if column_defaults is None:
        records = _records(files[0], field_delim, int(num_rows_for_inference), header,
                           compression)
        # (TF: a guessed column's empty fields read as its zero, or "")
        column_defaults = ["" if dtype is dtypes.string else dtype.as_numpy_dtype(0)
                           for dtype in _infer(records[1 if header else 0:], selected, na_value)]
    dataset = CsvDatasetV2(files, list(column_defaults), header=header, field_delim=field_delim,
                           use_quote_delim=use_quote_delim, na_value=na_value,
                           select_cols=selected if select_columns is not None else None,
                           compression_type=compression)
    # TF: ignore_errors drops the records that do not parse (a wrong field count, a bad number)
    dataset._skip_bad_records = bool(ignore_errors)
    if ignore_errors:  # TF's deprecation notice (of what it calls: the line is its own)
        deprecation.log_once("ignore_errors (from tensorflow.python.data.experimental.ops."
                             "error_ops)", "Use `tf.data.Dataset.ignore_errors` instead.", depth=0)
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, seed=shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    # (repeating for ever: every batch is full, so the batch size is part of the spec)
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)

    def to_features(*columns):
        features = collections.OrderedDict(zip(names, columns))
        if label_name is None:
            return features
        label = features.pop(label_name)
        return features, label
    dataset = dataset.map(to_features)
    return dataset.prefetch(prefetch_buffer_size if prefetch_buffer_size is not None else -1)
