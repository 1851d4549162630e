"""The data guide's CSV section against TF 2.21: make_csv_dataset, Dataset.counter, pandas columns.

TF's rules:
- `make_csv_dataset` reads the column names from the header; it guesses each column's dtype
  from the first records (int32, then int64, float32, float64, else string: the narrowest
  every value fits; an empty field then reads as 0 or "") unless `column_defaults` gives
  them; it shuffles, repeats for ever
  (`num_epochs=None`, then every batch is full: the batch size is in the spec), batches,
  and gives `(OrderedDict of the columns in the file's order, label)`;
- `Dataset.counter(start, step, dtype)` (and the deprecated `experimental.Counter`) counts for
  ever (a `_ScanDataset`, infinite cardinality);
- `from_tensor_slices(dict(df))` takes a pandas DataFrame's columns (strings as tf.string).
"""
from __future__ import annotations

import os
import tempfile

import pytest

from .tf_compare import Cases, check

cases = Cases()

_CSV = ("survived,sex,age,n_siblings_spouses,parch,fare,class,deck,embark_town,alone\n"
        "0,male,22.0,1,0,7.25,Third,unknown,Southampton,n\n"
        "1,female,38.0,1,0,71.2833,First,C,Cherbourg,n\n"
        "1,female,,0,0,7.925,Third,unknown,Southampton,y\n"
        "1,female,35.0,1,0,53.1,First,C,Southampton,n\n"
        "0,male,28.0,0,0,8.4583,Third,unknown,Queenstown,y\n"
        "0,male,2.0,3,1,21.075,Third,unknown,Southampton,n\n")


def _csv_file() -> str:
    folder = tempfile.mkdtemp(prefix="csv_case_")
    path = os.path.join(folder, "train.csv")
    with open(path + ".tmp", "w") as f:
        f.write(_CSV)
    os.replace(path + ".tmp", path)
    return path


def _batch(element):
    features, label = element
    return label, [(k, v) for k, v in features.items()]


cases("make_csv_dataset: element_spec of the guessed dtypes, label popped, full batches")(
    lambda tf: (repr(tf.data.experimental.make_csv_dataset(_csv_file(), batch_size=4,
                                                          label_name="survived").element_spec),
                repr(tf.data.experimental.make_csv_dataset(_csv_file(), batch_size=4,
                                                          label_name="survived"))))
cases("make_csv_dataset without shuffling, one epoch: the records in order, the last batch short")(
    lambda tf: [_batch(e) for e in tf.data.experimental.make_csv_dataset(
        _csv_file(), batch_size=4, label_name="survived", num_epochs=1, shuffle=False)])
cases("make_csv_dataset with select_columns keeps the file's column order")(
    lambda tf: (repr(tf.data.experimental.make_csv_dataset(
        _csv_file(), batch_size=2, label_name="survived",
        select_columns=["class", "fare", "survived"]).element_spec),
        [_batch(e) for e in tf.data.experimental.make_csv_dataset(
            _csv_file(), batch_size=2, label_name="survived", num_epochs=1, shuffle=False,
            select_columns=["class", "fare", "survived"])]))
cases("make_csv_dataset with column_defaults, and without a label")(lambda tf: (
    [_batch(e) for e in tf.data.experimental.make_csv_dataset(
        _csv_file(), batch_size=3, label_name="age", num_epochs=1, shuffle=False,
        column_defaults=[0.0, "", -1.0, 0, 0, 0.0, "", "", "", ""])],
    repr(tf.data.experimental.make_csv_dataset(_csv_file(), batch_size=3, num_epochs=1,
                                               shuffle=False).element_spec)))
cases("make_csv_dataset with a label that is no column: TF's ValueError", compare_message=False)(
    lambda tf: tf.data.experimental.make_csv_dataset(_csv_file(), batch_size=2, label_name="x"))
cases("Dataset.counter and experimental.Counter")(lambda tf: (
    repr(tf.data.Dataset.counter()), tf.data.Dataset.counter().cardinality(),
    list(tf.data.Dataset.counter(3, 2).take(3).as_numpy_iterator()),
    repr(tf.data.Dataset.counter(1, dtype=tf.int32).element_spec),
    list(tf.data.Dataset.counter(0, -1).take(2).as_numpy_iterator()),
    repr(tf.data.experimental.Counter()),
    [n.numpy().tolist() for n, _ in tf.data.Dataset.zip((
        tf.data.experimental.Counter(), tf.data.Dataset.range(5))).batch(2)]))


@cases("from_tensor_slices of a pandas DataFrame's columns (the guide's dict(df))")
def _(tf):
    import pandas as pd
    df = pd.read_csv(_csv_file())
    ds = tf.data.Dataset.from_tensor_slices(dict(df))
    return repr(ds.element_spec), [list(e.items()) for e in ds.take(2)]


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
