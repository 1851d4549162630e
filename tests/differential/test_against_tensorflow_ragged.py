"""tf.RaggedTensor and tf.ragged against TF 2.21 (rules: tf_compare.py).

TF's rules (the ragged_tensor guide, and RaggedTensor's documentation):
- a RaggedTensor is `values` (a Tensor or a RaggedTensor) cut into rows by int64
  `row_splits`; its shape has None for each ragged dimension: `[4, None]`;
- it prints as `<tf.RaggedTensor [[...], [...]]>`: NumPy's text of `numpy()`, which is
  an object array of rows (one array when all rows have one length);
- `tf.ragged.constant` gives the values tf.constant's dtypes; every number must sit at
  the same depth;
- elementwise ops on ragged tensors with the same rows work on `flat_values`;
  reductions along the ragged axis treat a row's missing values as absent (an empty
  row's sum is 0, its max the dtype's lowest value, its mean nan);
- `tf.strings.split` of a rank-1 tensor gives one row per string;
- gradients reach `flat_values`.
"""
from __future__ import annotations

import pytest

from .tf_compare import Cases, check

cases = Cases()


def show(rt):
    """What a learner sees of a RaggedTensor: its class, print, shape, dtype, rows, splits."""
    return (type(rt).__name__, repr(rt), str(rt), str(rt.shape), rt.dtype, rt.to_list(),
            tuple(rt.nested_row_splits), rt.ragged_rank)


def _guide(tf):
    return tf.ragged.constant([[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]])


def _floats(tf):
    return tf.ragged.constant([[1.0, 2.0], [3.0], [4.0, 5.0, 6.0]])


# -- the tensor guide's cells ----------------------------------------------------------------
cases("the tensor guide: tf.constant of ragged rows is TF's ValueError")(
    lambda tf: tf.constant([[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]]))
cases("the tensor guide: tf.ragged.constant, printed, and its shape printed")(lambda tf: (
    show(_guide(tf)), str(_guide(tf).shape), repr(_guide(tf).shape)))
cases("the tensor guide: strings.split of a rank-1 tensor gives one row per string")(lambda tf: (
    show(tf.strings.split(tf.constant(["Gray wolf", "Quick brown fox", "Lazy dog"]))),))

# -- printing --------------------------------------------------------------------------------
cases("printing: floats, empty rows, bools, strings")(lambda tf: (
    show(tf.ragged.constant([[1.5, 2.0], [], [3.25]])),
    show(tf.ragged.constant([[True], [False, True]])),
    show(tf.ragged.constant([["a"], ["b", "c"]]))))
cases("printing: a long RaggedTensor wraps at NumPy's line width")(lambda tf: (
    show(tf.ragged.constant([list(range(i)) for i in range(12)])),
    show(tf.ragged.constant([[0.5] * i for i in range(9)]))))
cases("printing: rows of one length print as one array; inner dense dimensions")(lambda tf: (
    show(tf.ragged.constant([[1.5], [2]])),
    show(tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)),
    show(tf.ragged.constant([[[1, 2], [3]], [[4]]])),
    show(tf.ragged.constant([[]])), show(tf.ragged.constant([[[], []], [[1]]]))))
cases("numpy(): an object array of rows, or one array")(lambda tf: (
    [r.tolist() for r in _guide(tf).numpy()], _guide(tf).numpy().dtype,
    tf.ragged.constant([[1, 2], [3, 4]]).numpy()))

# -- tf.ragged.constant ----------------------------------------------------------------------
cases("constant: dtypes as tf.constant's, dtype= and row_splits_dtype=")(lambda tf: (
    show(tf.ragged.constant([[1.5], [2]])), show(tf.ragged.constant([[1], [2**40]])),
    show(tf.ragged.constant([[1, 2], [3]], dtype=tf.float64)),
    show(tf.ragged.constant([[1, 2], [3]], row_splits_dtype=tf.int32)),
    tf.ragged.constant([]), tf.ragged.constant(5), tf.ragged.constant([1, 2])))
cases("constant: ragged_rank=1 keeps an inner dense dimension")(lambda tf: (
    show(tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)),
    tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1).flat_values))
cases("constant: numbers at different depths")(lambda tf: tf.ragged.constant([[1, [2]]]))
cases("constant: a number beside a list")(lambda tf: tf.ragged.constant([[1, 2], 3]))
cases("constant: mixed numbers and strings")(
    lambda tf: tf.ragged.constant([[1.5, 2], ["a"]]))
cases("constant: ragged_rank deeper than the numbers")(
    lambda tf: tf.ragged.constant([[1, 2], [3]], ragged_rank=2))
cases("constant: inner values of different shapes")(
    lambda tf: tf.ragged.constant([[[1, 2], [3]]], ragged_rank=1))
cases("constant: empty lists deeper than the numbers")(
    lambda tf: tf.ragged.constant([[1, 2], [[]]]))

# -- factories -------------------------------------------------------------------------------
_V = [3, 1, 4, 1, 5, 9, 2]
cases("from_row_splits, from_row_lengths, from_value_rowids, from_row_starts/limits")(
    lambda tf: (
        show(tf.RaggedTensor.from_row_splits(_V, [0, 4, 4, 7])),
        show(tf.RaggedTensor.from_row_splits(_V, tf.constant([0, 4, 4, 7], tf.int32))),
        show(tf.RaggedTensor.from_row_lengths(_V, [4, 0, 3])),
        show(tf.RaggedTensor.from_value_rowids(_V, [0, 0, 0, 0, 2, 2, 2], nrows=4)),
        show(tf.RaggedTensor.from_value_rowids(_V, [0, 0, 0, 0, 2, 2, 2])),
        show(tf.RaggedTensor.from_row_starts(_V, [0, 4, 4])),
        show(tf.RaggedTensor.from_row_limits(_V, [4, 4, 7]))))
cases("from_nested_row_splits: two ragged dimensions")(lambda tf: (
    show(tf.RaggedTensor.from_nested_row_splits(_V, ([0, 1, 3], [0, 4, 4, 7]))),
    tf.RaggedTensor.from_nested_row_splits(_V, ([0, 1, 3], [0, 4, 4, 7])).flat_values,
    tf.RaggedTensor.from_nested_row_splits(_V, ([0, 1, 3], [0, 4, 4, 7])).row_lengths(),
    tf.RaggedTensor.from_nested_row_splits(_V, ([0, 1, 3], [0, 4, 4, 7])).bounding_shape(),
    tf.RaggedTensor.from_nested_row_splits(_V, ([0, 1, 3], [0, 4, 4, 7])).to_tensor(),
    show(tf.RaggedTensor.from_nested_row_lengths(_V, ([1, 2], [4, 0, 3])))))
cases("from_row_splits(values=a RaggedTensor)")(lambda tf: show(
    tf.RaggedTensor.from_row_splits(tf.ragged.constant([[1, 2], [3]]), [0, 1, 2])))
cases("from_row_splits: splits must start at zero")(
    lambda tf: tf.RaggedTensor.from_row_splits(_V, [1, 4, 4, 7]))
cases("from_row_splits: splits must not decrease")(
    lambda tf: tf.RaggedTensor.from_row_splits(_V, [0, 4, 3, 7]))
cases("from_row_splits: the last split is the number of values")(
    lambda tf: tf.RaggedTensor.from_row_splits(_V, [0, 4, 4, 6]))
cases("from_row_splits: empty splits")(lambda tf: tf.RaggedTensor.from_row_splits(_V, []))
cases("from_row_splits: splits of rank 2")(lambda tf: tf.RaggedTensor.from_row_splits(_V, [[0, 7]]))
cases("from_row_splits: float splits")(
    lambda tf: tf.RaggedTensor.from_row_splits(_V, [0, 4, 4, 7.0]))
cases("from_row_lengths: lengths must add up")(
    lambda tf: tf.RaggedTensor.from_row_lengths(_V, [4, 0, 2]))
cases("from_row_lengths: no negative length")(
    lambda tf: tf.RaggedTensor.from_row_lengths(_V, [4, -1, 4]))
cases("from_value_rowids: sorted and not negative")(
    lambda tf: tf.RaggedTensor.from_value_rowids(_V, [0, 0, 2, 0, 2, 2, 2]))
cases("from_value_rowids: one row id per value")(
    lambda tf: tf.RaggedTensor.from_value_rowids(_V, [0, 0, 0, 0, 2, 2]))
cases("from_value_rowids: nrows too small")(
    lambda tf: tf.RaggedTensor.from_value_rowids(_V, [0, 0, 0, 0, 2, 2, 2], nrows=2))
cases("from_row_starts: the first start is zero")(
    lambda tf: tf.RaggedTensor.from_row_starts(_V, [1, 4, 4]))
cases("from_row_limits: the last limit is the number of values")(
    lambda tf: tf.RaggedTensor.from_row_limits(_V, [4, 4, 6]))
cases("the constructor is private")(lambda tf: tf.RaggedTensor(1, 2, 3))
cases("from_tensor: padding, lengths, full rows, ragged_rank=2")(lambda tf: (
    show(tf.RaggedTensor.from_tensor([[1, 0, 0], [2, 3, 0], [4, 5, 6]], padding=0)),
    show(tf.RaggedTensor.from_tensor([[1, 0, 0], [2, 3, 0], [4, 5, 6]], lengths=[1, 2, 0])),
    show(tf.RaggedTensor.from_tensor([[1, 0, 0], [2, 3, 0], [4, 5, 6]])),
    show(tf.RaggedTensor.from_tensor([[[1, 0], [0, 0]], [[2, 3], [0, 0]]], ragged_rank=2)),
    show(tf.RaggedTensor.from_tensor([[[1, 0], [0, 0]], [[2, 3], [0, 0]]],
                                     padding=[0, 0]))))
cases("from_tensor: lengths and padding together")(lambda tf: tf.RaggedTensor.from_tensor(
    [[1, 0], [2, 3]], padding=0, lengths=[1, 1]))
cases("from_tensor: padding of the wrong shape")(lambda tf: tf.RaggedTensor.from_tensor(
    [[[1, 0], [0, 0]], [[2, 3], [0, 0]]], padding=0))
cases("from_tensor of a vector")(lambda tf: tf.RaggedTensor.from_tensor([1, 2]))

# -- properties and conversions --------------------------------------------------------------
cases("properties: values, row_splits, row_lengths, value_rowids, nrows, bounding_shape")(
    lambda tf: (
        _guide(tf).values, _guide(tf).flat_values, _guide(tf).row_splits,
        _guide(tf).nested_row_splits, _guide(tf).row_lengths(), _guide(tf).value_rowids(),
        _guide(tf).nrows(), _guide(tf).bounding_shape(), _guide(tf).row_starts(),
        _guide(tf).row_limits(), _guide(tf).dtype, _guide(tf).shape, _guide(tf).get_shape(),
        _guide(tf).shape[0], _guide(tf).shape.as_list(), _guide(tf).ragged_rank))
cases("to_tensor: zeros, default_value, shape")(lambda tf: (
    _guide(tf).to_tensor(), _guide(tf).to_tensor(default_value=-1),
    _floats(tf).to_tensor(default_value=-1.0), _floats(tf).to_tensor(shape=[4, 2]),
    _floats(tf).to_tensor(shape=[2, 4]), tf.strings.split(["a b", "c"]).to_tensor(),
    tf.ragged.constant([[[1, 2], [3]], [[4]]]).to_tensor(default_value=9)))
cases("to_list, with_values, with_flat_values, merge_dims")(lambda tf: (
    _guide(tf).to_list(), show(_floats(tf).with_values(_floats(tf).values * 2)),
    show(_floats(tf).with_flat_values(tf.range(6))),
    _floats(tf).merge_dims(0, 1),
    show(tf.ragged.constant([[[1, 2], [3]], [[4]]]).merge_dims(1, 2)),
    tf.ragged.constant([[[1, 2], [3]], [[4]]]).merge_dims(0, -1)))
cases("with_values: as many values as before")(
    lambda tf: _floats(tf).with_values(tf.constant([1.0, 2.0])))
cases("len() of a RaggedTensor is a TypeError")(lambda tf: len(_guide(tf)))
cases("a RaggedTensor is not a boolean")(lambda tf: bool(_guide(tf)))
cases("a RaggedTensor is unhashable")(lambda tf: hash(_guide(tf)))
cases("a RaggedTensor is not a Tensor")(lambda tf: (
    isinstance(_guide(tf), tf.Tensor), isinstance(_guide(tf), tf.RaggedTensor)))

# -- indexing --------------------------------------------------------------------------------
cases("indexing: a row, rows, every row's first values, steps, iteration")(lambda tf: (
    _guide(tf)[1], show(_guide(tf)[1:3]), show(_guide(tf)[:, :2]), _guide(tf)[-1],
    _guide(tf)[1, 1], show(_guide(tf)[::2]), show(_guide(tf)[:, 1:]), show(_guide(tf)[:, -2:]),
    show(_guide(tf)[1:, ::2]), _guide(tf)[1, :1], show(_guide(tf)[:, :]), show(_guide(tf)[...]),
    [row for row in _guide(tf)], show(_guide(tf)[::-1])))
cases("indexing: a nested RaggedTensor")(lambda tf: (
    show(tf.ragged.constant([[[1, 2], [3]], [[4]]])[0]),
    tf.ragged.constant([[[1, 2], [3]], [[4]]])[0, 0],
    show(tf.ragged.constant([[[1, 2], [3]], [[4]], [[5], []]])[::2])))
cases("indexing: one index into the ragged dimension")(lambda tf: _guide(tf)[:, 1])
cases("indexing: ... then an index")(lambda tf: _guide(tf)[..., 0])
cases("indexing: a row out of range")(lambda tf: _guide(tf)[4])

def _nested(tf):
    return tf.ragged.constant([[[1, 2], [3]], [[4]], [[5], [], [6, 7, 8]]])


def _empty(tf):
    return tf.RaggedTensor.from_row_splits(tf.constant([], tf.int32), [0])


cases("no rows at all: printed, padded, reduced")(lambda tf: (
    show(_empty(tf)), _empty(tf).to_tensor(), tf.reduce_sum(_empty(tf), axis=1),
    tf.reduce_max(_empty(tf), axis=0), _empty(tf).bounding_shape(), _empty(tf).numpy()))
cases("slices past the ends, empty slices, reversed rows")(lambda tf: (
    show(_guide(tf)[1:1]), show(_guide(tf)[:, 5:]), show(_guide(tf)[10:]), show(_guide(tf)[-2:]),
    show(_guide(tf)[:, ::-1]), show(_guide(tf)[::-2]), show(_guide(tf)[:, -10:2])))
cases("slicing two ragged dimensions")(lambda tf: (
    show(_nested(tf)[:, :1]), show(_nested(tf)[:, :, :1]), _nested(tf)[2, 2],
    show(_nested(tf)[2, :, 1:]), show(_nested(tf)[1:, 1:]), _nested(tf).shape,
    _nested(tf).to_tensor(shape=[2, 2, 2]), show(_nested(tf).row_lengths(axis=2)),
    _nested(tf).value_rowids(), _nested(tf).nested_row_lengths(),
    tf.reduce_sum(_nested(tf), axis=[1, 2]), tf.reduce_mean(_nested(tf), axis=2).flat_values,
    tf.reduce_mean(_nested(tf), axis=2).row_splits,
    tf.reduce_min(_nested(tf))))
cases("to_tensor(shape=...) with None for 'as needed'")(lambda tf: (
    _guide(tf).to_tensor(shape=[None, 2]), _guide(tf).to_tensor(shape=[5, None])))
cases("bools, strings and floats through the operators")(lambda tf: (
    show(tf.ragged.constant([[True], [False, True]]) & tf.ragged.constant([[True], [True, True]])),
    show(~tf.ragged.constant([[True], [False, True]])),
    show(tf.ragged.constant([[1, 2], [3]]) / tf.ragged.constant([[2, 2], [2]])),
    show(tf.ragged.constant([["a", "b"], ["c"]]) + "x"),
    show(tf.concat([tf.ragged.constant([[1.5]]), tf.ragged.constant([[2.5, 3.5]])], 0))))
cases("from_tensor with lengths longer than the rows")(lambda tf: show(
    tf.RaggedTensor.from_tensor([[1, 2], [3, 4]], lengths=[3, 1])))
cases("stack along axis 1 of ragged tensors with other numbers of rows")(lambda tf: tf.stack(
    [tf.ragged.constant([[1]]), tf.ragged.constant([[2], [3]])], 1))

# -- elementwise ops -------------------------------------------------------------------------
cases("TF's dispatch: a dense tensor on the left of an operator or in tf.maximum gives a ragged "
      "result")(lambda tf: (
    show(tf.constant(2.0) + tf.ragged.constant([[1.0, 2.0], [3.0]])),
    show(tf.constant(10.0) * tf.ragged.constant([[1.0, 2.0], [3.0]]) - tf.constant(1.0)),
    show(tf.maximum(tf.constant(1.5), tf.ragged.constant([[1.0, 2.0], [3.0]])))))
cases("operators on ragged tensors with the same rows, and with scalars")(lambda tf: (
    show(_guide(tf) + 1), show(_guide(tf) * _guide(tf)), show(_guide(tf) == _guide(tf)),
    show(_guide(tf) < 3), show(-_guide(tf)), show(1 + _guide(tf)), show(2.0 * _floats(tf)),
    show(_floats(tf) / 2.0), show(_guide(tf) / 2), show(_guide(tf) // 2), show(_guide(tf) % 3),
    show(_guide(tf) ** 2), show(abs(-_guide(tf))), show(_guide(tf) != 1),
    show(_guide(tf) - _guide(tf)), show(_guide(tf) >= 2)))
cases("tf.add, tf.math.* and tf.cast take ragged tensors")(lambda tf: (
    show(tf.add(_guide(tf), 1)), show(tf.math.sqrt(_floats(tf))), tf.math.exp(_floats(tf)).values,
    show(tf.maximum(_floats(tf), 2.0)), show(tf.cast(_guide(tf), tf.float32)),
    show(tf.math.log(_floats(tf))), show(tf.square(_floats(tf))), tf.sigmoid(_floats(tf)).flat_values,
    show(tf.math.logical_not(_guide(tf) > 4)), show(tf.multiply(_floats(tf), _floats(tf)))))
cases("elementwise ops with ragged tensors of different rows")(
    lambda tf: _guide(tf) + tf.ragged.constant([[1], [2, 3], [4, 5, 6], [7, 8, 9, 10]]))
cases("dense tensors broadcast against ragged ones (the guide's examples)")(lambda tf: (
    show(tf.ragged.constant([[10, 87, 12], [19, 53], [12, 32]]) + [[1000], [2000], [3000]]),
    show(tf.ragged.constant([[10, 87, 12], [19, 53], [12, 32]]) + [[1000]]),
    show(tf.ragged.constant([[10, 87, 12], [19, 53], [12, 32]]) + [1000]),
    show(tf.ragged.constant([[10, 87, 12], [19, 53]]) * tf.constant([[2], [3]])),
    show(tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], ragged_rank=1) + [[10]]),
    show(tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], ragged_rank=1) + [10, 20]),
    show(tf.ragged.constant([[[1, 2], [3, 4]], [[7, 8]]], ragged_rank=1) + [[[1, 2]], [[3, 4]]]),
    show(tf.ragged.constant([[1, 2], [3, 4]]) + tf.constant([[1, 2], [5, 6]]))))


def message(fn):
    """The whole text of the error `fn` raises (TF's assert_equal report, line by line)."""
    def run(tf):
        try:
            fn(tf)
        except tf.errors.InvalidArgumentError as e:
            return str(e.message if hasattr(e, "message") else e)
    return run


cases("rows of a dense tensor that do not match the ragged rows: TF's whole report")(message(
    lambda tf: tf.ragged.constant([[1, 2], [3, 4, 5, 6], [7]]) + tf.constant(
        [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])))
cases("ragged tensors with other rows: TF's whole report")(message(
    lambda tf: tf.ragged.constant([[1, 2, 3], [4], [5, 6]]) +
    tf.ragged.constant([[10, 20], [30, 40], [50]])))
cases("ragged tensors with other inner rows: TF's whole report")(message(
    lambda tf: tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10]]]) +
    tf.ragged.constant([[[1, 2, 0], [3, 4, 0], [5, 6, 0]], [[7, 8, 0], [9, 10, 0]]])))
cases("map_flat_values with other rows: TF's whole report")(message(
    lambda tf: tf.ragged.map_flat_values(tf.add, tf.ragged.constant([[1.0, 2.0], [3.0]]),
                                         tf.ragged.constant([[1.0], [3.0, 4.0]]))))
cases("a vector as long as the rows, against rows of other lengths")(
    lambda tf: tf.ragged.constant([[1.0, 2.0], [], [3.0]]) + tf.constant([1.0, 2.0, 3.0]))
cases("a dense tensor with another number of rows")(
    lambda tf: tf.ragged.constant([[1, 2], [3], [4]]) + tf.constant([[1], [2]]))
cases("to_sparse and from_sparse (the guide's examples)")(lambda tf: (
    str(tf.ragged.constant([["Hi"], ["Welcome", "to", "the", "fair"], ["Have", "fun"]]).to_sparse()),
    show(tf.RaggedTensor.from_sparse(tf.SparseTensor(indices=[[0, 0], [2, 0], [2, 1]],
                                                     values=["a", "b", "c"], dense_shape=[3, 3]))),
    str(tf.ragged.constant([[[1, 2], [3]], [[4]], []]).to_sparse()),
    str(tf.ragged.constant([[], []]).to_sparse())))
cases("from_sparse of a SparseTensor of rank 3")(lambda tf: tf.RaggedTensor.from_sparse(
    tf.SparseTensor([[0, 0, 0]], [1], [2, 2, 2])))
cases("elementwise ops keep TF's dtype rule")(lambda tf: _guide(tf) + 1.5)
cases("map_flat_values")(lambda tf: (
    show(tf.ragged.map_flat_values(tf.ones_like, _floats(tf))),
    show(tf.ragged.map_flat_values(tf.add, _floats(tf), 1.0)),
    show(tf.ragged.map_flat_values(lambda x: x * 3, _guide(tf))),
    tf.ragged.map_flat_values(tf.add, 1, 2)))
cases("map_flat_values of ragged tensors with different rows")(lambda tf: tf.ragged.map_flat_values(
    tf.add, _floats(tf), tf.ragged.constant([[1.0], [3.0, 4.0], [5.0, 6.0, 7.0]])))

# -- reductions ------------------------------------------------------------------------------
_EMPTY = [[1.0, 2.0], [], [3.0]]
cases("reductions along every axis")(lambda tf: (
    tf.reduce_sum(_guide(tf)), tf.reduce_sum(_guide(tf), axis=0), tf.reduce_sum(_guide(tf), axis=1),
    tf.reduce_sum(_guide(tf), axis=-1), tf.reduce_mean(_floats(tf), axis=1),
    tf.reduce_mean(_floats(tf), axis=0), tf.reduce_mean(_floats(tf)),
    tf.reduce_max(_guide(tf), axis=1), tf.reduce_min(_guide(tf), axis=0),
    tf.reduce_mean(_guide(tf), axis=1), tf.reduce_sum(_guide(tf), axis=[0, 1]),
    tf.reduce_sum(_guide(tf), axis=1, keepdims=True), tf.math.reduce_max(_floats(tf), axis=0)))
cases("reductions of empty rows: 0, nan, the dtype's lowest and highest values")(lambda tf: (
    tf.reduce_max(tf.ragged.constant(_EMPTY), axis=1),
    tf.reduce_min(tf.ragged.constant(_EMPTY), axis=1),
    tf.reduce_mean(tf.ragged.constant(_EMPTY), axis=1),
    tf.reduce_sum(tf.ragged.constant(_EMPTY), axis=1),
    tf.reduce_max(tf.ragged.constant([[1], []]), axis=1)))
cases("reductions of two ragged dimensions")(lambda tf: (
    show(tf.reduce_sum(tf.ragged.constant([[[1, 2], [3]], [[4]]]), axis=2)),
    show(tf.reduce_sum(tf.ragged.constant([[[1, 2], [3]], [[4]]]), axis=1)),
    show(tf.reduce_max(tf.ragged.constant([[[1, 2], [3]], [[4]]]), axis=-1)),
    tf.reduce_sum(tf.ragged.constant([[[1, 2], [3]], [[4]]]))))
cases("reduction along an axis out of range")(lambda tf: tf.reduce_sum(_guide(tf), axis=2))

# -- strings ---------------------------------------------------------------------------------
cases("strings.split of many strings: sep, maxsplit, rank 2")(lambda tf: (
    show(tf.strings.split(["a b", "c"], sep=" ")), show(tf.strings.split(["a,b,,c", ""], sep=",")),
    show(tf.strings.split(["a b c", "d e"], maxsplit=1)), show(tf.strings.split([["a b"]])),
    tf.strings.split(tf.constant("a b"))))
cases("bytes_split, unicode_split, unicode_decode of many strings")(lambda tf: (
    show(tf.strings.bytes_split(["ab", "c"])), show(tf.strings.unicode_split(["hé", "x"], "UTF-8")),
    show(tf.strings.unicode_decode(["hé", "x"], "UTF-8"))))

# -- tf.ragged.range and boolean_mask --------------------------------------------------------
cases("tf.ragged.range")(lambda tf: (
    show(tf.ragged.range([3, 0, 5])), show(tf.ragged.range([0, 1], [3, 5], 2)),
    show(tf.ragged.range(3, dtype=tf.float32)), show(tf.ragged.range([3, -1])),
    show(tf.ragged.range(tf.constant([2, 3], tf.int64))), show(tf.ragged.range([1.5, 2], [3, 4.5]))))
cases("tf.ragged.range with a zero step")(lambda tf: tf.ragged.range([0], [3], [0]))
cases("tf.ragged.boolean_mask")(lambda tf: (
    show(tf.ragged.boolean_mask(_floats(tf), _floats(tf) > 2.0)),
    tf.ragged.boolean_mask([1, 2, 3], [True, False, True]),
    show(tf.ragged.boolean_mask(tf.constant([[1, 2], [3, 4]]),
                                tf.constant([[True, False], [True, True]])))))


# -- concat and stack ------------------------------------------------------------------------
def _abc(tf):
    return (tf.ragged.constant([[1, 2], [3]]), tf.ragged.constant([[4], [5, 6], []]),
            tf.ragged.constant([[7], [8, 9]]))


cases("concat and stack of ragged tensors along axis 0 and 1")(lambda tf: (
    show(tf.concat(_abc(tf)[:2], 0)), show(tf.concat([_abc(tf)[0], _abc(tf)[2]], 1)),
    show(tf.concat([_abc(tf)[0], _abc(tf)[2]], axis=-1)), show(tf.stack(_abc(tf)[:2], 0)),
    show(tf.stack([_abc(tf)[0], _abc(tf)[2]], axis=1)),
    show(tf.concat([_abc(tf)[0], tf.constant([[1, 2]])], 0)), show(tf.concat(_abc(tf)[:1], 0)),
    show(tf.concat([tf.ragged.constant([[[1, 2], [3]], [[4]]])] * 2, 0)),
    tf.concat([tf.constant([1]), tf.constant([2])], 0)))
cases("concat along axis 1 of ragged tensors with different numbers of rows")(
    lambda tf: tf.concat(_abc(tf)[:2], 1))
cases("concat along an axis out of range")(lambda tf: tf.concat([_abc(tf)[0], _abc(tf)[2]], 2))


# -- gradients -------------------------------------------------------------------------------
@cases("gradients reach flat_values through elementwise ops and a ragged reduction")
def _(tf):
    x = tf.Variable([1.0, 2.0, 3.0, 4.0, 5.0])
    with tf.GradientTape() as tape:
        rt = tf.RaggedTensor.from_row_lengths(x, [2, 0, 3])
        y = tf.reduce_sum(tf.reduce_sum(tf.square(rt) * 3.0 + rt, axis=1) ** 2)
    return tape.gradient(y, x)


@cases("gradients through reduce_mean, reduce_max along the rows and the columns")
def _(tf):
    x = tf.Variable([1.0, 4.0, 2.0, 7.0, 5.0, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        rt = tf.RaggedTensor.from_row_splits(x, [0, 2, 2, 5, 6])
        means = tf.reduce_sum(tf.reduce_mean(rt, axis=1)[0::3] * tf.constant([2.0, 3.0]))
        cols = tf.reduce_sum(tf.reduce_max(rt, axis=0) * tf.constant([1.0, 2.0, 3.0]))
        rows = tf.reduce_sum(tf.reduce_min(rt, axis=1)[0::2] ** 2)
    return [tape.gradient(v, x) for v in (means, cols, rows)]


@cases("gradients through to_tensor, indexing and from_tensor")
def _(tf):
    x = tf.Variable([[1.0, 2.0, 0.0], [3.0, 0.0, 0.0]])
    with tf.GradientTape() as tape:
        rt = tf.RaggedTensor.from_tensor(x, lengths=[2, 1])
        dense = (rt * 2.0).to_tensor(default_value=1.0)
        y = tf.reduce_sum(dense * tf.constant([[1.0, 2.0], [3.0, 4.0]])) + \
            tf.reduce_sum(rt[0] ** 3) + tf.reduce_sum(rt[:, :1].flat_values * 5.0)
    return tape.gradient(y, x)


@cases("gradients through concat and stack of ragged tensors")
def _(tf):
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        a = tf.RaggedTensor.from_row_lengths(x, [2, 1])
        b = tf.RaggedTensor.from_row_lengths(x * x, [1, 2])
        y = tf.reduce_sum(tf.concat([a, b], 1).flat_values * tf.range(6, dtype=tf.float32)) + \
            tf.reduce_sum(tf.reduce_sum(tf.stack([a, b], 1), axis=2) ** 2) + \
            tf.reduce_sum(tf.concat([a, b * 3.0], 0).flat_values ** 2)
    return tape.gradient(y, x)


# -- tf.shape, DynamicRaggedShape, RowPartition, tf.tile -----------------------------------------
def _shape_facts(s):
    """What a learner sees of a DynamicRaggedShape: print, dtype, rank, partitions, inner shape."""
    return (repr(s), str(s), s.dtype, s.rank, s.num_row_partitions, s.inner_shape,
            [p.row_splits() for p in s.row_partitions])


cases("the guide: tf.shape(rt) is a DynamicRaggedShape (int32; out_type=int64)")(lambda tf: (
    _shape_facts(tf.shape(tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]]))),
    _shape_facts(tf.shape(tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]]), out_type=tf.int64)),
    _shape_facts(tf.shape(tf.ragged.constant([[[1.0, 2.0]], [[3.0, 4.0], [5.0, 6.0]]],
                                             ragged_rank=1))),
    _shape_facts(tf.shape(tf.ragged.constant([[[1], [2, 3]], [[4]]])))))
cases("the guide: a uniform dimension of a ragged shape is a scalar; shape[:k]")(lambda tf: (
    tf.shape(tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]]))[0],
    tf.shape(tf.ragged.constant([[[1.0, 2.0]], [[3.0, 4.0]]], ragged_rank=1))[-1],
    repr(tf.shape(tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]]))[:1]),
    repr(tf.shape(tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]]))[:2]),
    repr(tf.shape(tf.ragged.constant([[[1], [2, 3]], [[4]]]))[:2])))
cases("the guide: a ragged dimension of the shape is TF's ValueError (not uniform)")(
    lambda tf: tf.shape(tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]]))[1])
cases("the guide: reshape, zeros, ones and fill given a ragged shape make ragged tensors")(
    lambda tf: [show(r) for r in (
        tf.reshape(tf.constant(["a", "b", "c", "d", "e", "f"]),
                   tf.shape(tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]]))),
        tf.zeros(tf.shape(tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]]))),
        tf.ones(tf.shape(tf.ragged.constant([[[1], [2, 3]], [[4]]]))),
        tf.fill(tf.shape(tf.ragged.constant([[1], [2, 3, 4], [], [5, 6]])), "x"))])
cases("the guide: DynamicRaggedShape from row partitions and an inner shape")(lambda tf: (
    _shape_facts(tf.experimental.DynamicRaggedShape(
        row_partitions=[tf.experimental.RowPartition.from_row_lengths([5, 3, 2])],
        inner_shape=[10, 8])),))
cases("the guide: DynamicRaggedShape.from_lengths (uniform, one and two ragged dimensions)")(
    lambda tf: [_shape_facts(tf.experimental.DynamicRaggedShape.from_lengths(x)) for x in (
        [4, (2, 1, 0, 8), 12], [4, 3], [2, (1, 2), (3, 0, 1)])])
cases("DynamicRaggedShape.from_lengths: row lengths that do not fit are TF's ValueError")(
    lambda tf: tf.experimental.DynamicRaggedShape.from_lengths([4, (2, 1), 12]))
cases("RowPartition: from_row_lengths, from_row_splits; repr and what it holds")(lambda tf: [
    (repr(p), str(p), p.row_splits(), p.nrows(), p.row_lengths(), p.nvals(), p.dtype,
     p.static_nrows) for p in (tf.experimental.RowPartition.from_row_lengths([5, 3, 2]),
                               tf.experimental.RowPartition.from_row_splits([0, 2, 2, 3]))])
cases("the guide: tf.tile of a RaggedTensor repeats inside rows, then the rows")(lambda tf: (
    show(tf.tile(tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2], [6], []]), [1, 2])),
    show(tf.tile(tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2], [6], []]), [2, 3])),
    show(tf.tile(tf.ragged.constant([[1.5, 2.0], [3.0]]), tf.constant([1, 2], tf.int64))),
    show(tf.tile(tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1), [1, 2, 2])),
    show(tf.tile(tf.ragged.constant([[1], [2, 3]]), [0, 2])),
    show(tf.tile(tf.ragged.constant([["a"], ["b", "c"]]), [2, 1]))))


@cases("gradients through tf.tile of a RaggedTensor")
def _(tf):
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        rt = tf.RaggedTensor.from_row_lengths(x, [2, 1])
        y = tf.reduce_sum(tf.tile(rt, [2, 3]).flat_values * tf.range(18, dtype=tf.float32))
    return tf.convert_to_tensor(tape.gradient(y, x))   # (TF's is IndexedSlices: a gather's)


WORDS = [["So", "long"], ["thanks", "for", "all", "the", "fish"]]
cases("the elementwise string ops on a RaggedTensor work on its flat values")(lambda tf: [
    str(f(tf.ragged.constant(WORDS))) for f in (
        lambda w: tf.strings.substr(w, 0, 2), tf.strings.length, tf.strings.lower,
        tf.strings.upper, tf.strings.strip, lambda w: tf.strings.regex_replace(w, "o", "0"),
        lambda w: tf.strings.regex_full_match(w, "f.*"))] + [
    str(tf.strings.to_number(tf.ragged.constant([["1.5", "2"], ["3"]]))),
    str(tf.strings.as_string(tf.ragged.constant([[1, 2], [3]])))])
cases("map_fn over a RaggedTensor's rows: ragged results by default (the guide's square), "
      "dense with fn_output_signature")(lambda tf: (
    str(tf.map_fn(tf.math.square, tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2], [6], []]))),
    tf.map_fn(tf.reduce_sum, tf.ragged.constant([[3, 1, 4], [], [5]]), fn_output_signature=tf.int32),
    str(tf.map_fn(lambda row: row[:1], tf.ragged.constant([[1.5, 2.0], [3.0]])))))


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
