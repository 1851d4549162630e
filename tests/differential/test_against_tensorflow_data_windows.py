"""Dataset.window and Dataset.flat_map against TF 2.21 (the data guide's "Time series windowing").

TF's rules:
- window k starts at input element `k * shift` (shift defaults to size) and holds the
  elements start, start + stride, ..., at most `size`; windows start while the input lasts,
  so the last ones are shorter unless `drop_remainder=True`;
- each window is a `_VariantDataset` of the elements; a tuple element gives a tuple of
  datasets; `element_spec` is a `DatasetSpec` per component;
- cardinality: ceil(n / shift), or with drop_remainder the windows that fit; a window's own
  cardinality is its length; infinite and unknown inputs stay so;
- size, shift and stride must be positive (TF's InvalidArgumentError);
- flat_map gives the elements of `fn(window)` in turn; `fn` runs once, when it is built;
  a tuple element is passed as several arguments; the cardinality is unknown.
"""
from __future__ import annotations

import pytest

from .tf_compare import Cases, check

cases = Cases()


def _windows(ds):
    return [[int(x) for x in w.as_numpy_iterator()] for w in ds]


cases("window sizes, shifts and strides; drop_remainder; cardinality")(lambda tf: [
    (_windows(tf.data.Dataset.range(10).window(*args, drop_remainder=drop)),
     tf.data.Dataset.range(10).window(*args, drop_remainder=drop).cardinality())
    for args in [(3,), (3, 2), (3, 2, 2), (3, 4), (3, 1, 3), (12,), (4, 1, 4)]
    for drop in (False, True)])
cases("the guide's windows print as _VariantDataset; a window's cardinality")(lambda tf: (
    [repr(w) for w in tf.data.Dataset.range(100000).window(5, shift=1).take(3)],
    repr(tf.data.Dataset.range(10).window(3)),
    next(iter(tf.data.Dataset.range(10).window(3, 1))).cardinality()))
cases("window of tuple elements: a tuple of datasets")(lambda tf: (
    repr(tf.data.Dataset.zip((tf.data.Dataset.range(4), tf.data.Dataset.range(4).map(
        lambda x: x * 2))).window(2).element_spec),
    [(_windows([a]), _windows([b])) for a, b in tf.data.Dataset.zip((
        tf.data.Dataset.range(4), tf.data.Dataset.range(4).map(lambda x: x * 2))).window(3)]))
cases("window cardinality of infinite and unknown inputs")(lambda tf: (
    tf.data.Dataset.range(5).repeat().window(2).cardinality(),
    tf.data.Dataset.range(5).filter(lambda x: x > 1).window(2).cardinality()))
cases("a window size of 0: TF's InvalidArgumentError")(
    lambda tf: tf.data.Dataset.range(3).window(0))
cases("a window shift of 0: TF's InvalidArgumentError")(
    lambda tf: tf.data.Dataset.range(3).window(2, 0))
cases("a window stride of 0: TF's InvalidArgumentError")(
    lambda tf: tf.data.Dataset.range(3).window(2, 1, 0))


def _make_window_dataset(ds, window_size=5, shift=1, stride=1):  # (the guide's helper)
    windows = ds.window(window_size, shift=shift, stride=stride)

    def sub_to_batch(sub):
        return sub.batch(window_size, drop_remainder=True)
    return windows.flat_map(sub_to_batch)


cases("the guide's flat_map of windows into batches")(lambda tf: (
    [x.numpy() for x in tf.data.Dataset.range(100000).window(5, shift=1).flat_map(
        lambda sub: sub.batch(5, drop_remainder=True)).take(5)],
    [x.numpy() for x in _make_window_dataset(tf.data.Dataset.range(100000), window_size=10,
                                             shift=5, stride=3).take(10)],
    [(a.numpy(), b.numpy()) for a, b in _make_window_dataset(
        tf.data.Dataset.range(100000), window_size=10, shift=5, stride=3).map(
        lambda batch: (batch[:-1], batch[1:])).take(3)]))
cases("flat_map: element_spec, repr, cardinality, the windows' elements in turn")(lambda tf: (
    repr(tf.data.Dataset.range(10).window(3).flat_map(lambda d: d.batch(3, drop_remainder=True))),
    tf.data.Dataset.range(10).window(3).flat_map(lambda d: d).cardinality(),
    [int(x) for x in tf.data.Dataset.range(10).window(3).flat_map(lambda d: d)],
    [x.numpy() for x in tf.data.Dataset.range(7).window(3, 2, 2).flat_map(lambda d: d.batch(3))]))
cases("flat_map of tuple windows: the function takes one argument per component")(lambda tf: (
    [(int(a), int(b)) for a, b in tf.data.Dataset.zip((
        tf.data.Dataset.range(4), tf.data.Dataset.range(4).map(lambda x: x * 2))).window(2).flat_map(
        lambda a, b: tf.data.Dataset.zip((a, b)))],))


@cases("flat_map runs its function once, when it is built")
def _(tf):
    calls = []

    def fn(d):
        calls.append(1)
        return d.batch(2)
    ds = tf.data.Dataset.range(6).window(3).flat_map(fn)
    return len(calls), [x.numpy() for x in ds], len(calls)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
