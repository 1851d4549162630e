"""Token ops for text models: split into words, look words up, pad and count them.

`TextVectorization` (keras/text_vectorization.py) turns a batch of strings into
token indices in four steps, each an op here (so it runs the same eagerly, in a
`Dataset.map` and in a traced `fit` step):

    RaggedStringSplit     [b"a b", b"c"] -> values [b"a", b"b", b"c"], row_splits [0, 2, 3]
    LookupTableFindV2     [b"a", b"b", b"c"] -> [2, 3, 1]       (a dict: one look-up a word)
    RaggedTensorToTensor  ([2, 3, 1], [0, 2, 3]) -> [[2, 3], [1, 0]]  (padded with 0)
    RaggedBincount        ([2, 3, 1], [0, 2, 3]) -> [[0, 0, 1, 1], [0, 1, 0, 0]]

`LookupTableFindV2` is TF's name for a hash table's lookup (`tf.lookup`); the
table is a Python dict held by the node (TF keeps it in a resource). A key
missing from it gets `default`, or with `num_oov_buckets` one of that many
extra indices chosen by the key's Fingerprint64 hash (`tf.strings.
to_hash_bucket_fast`), as `tf.lookup.StaticVocabularyTable` does. Strings and
indices are not differentiable: no op here has a gradient.

Read next: keras/text_vectorization.py.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from .hash_ops import fingerprint64
from .string_ops import string_input

__all__ = ["ragged_string_split", "table_lookup", "ragged_to_dense", "ragged_bincount"]

_STRING = {dtypes.string}
_INDEX = {dtypes.int32, dtypes.int64}


def _split(x):
    # (Python's str.split() on bytes: runs of ASCII whitespace, none at either end, as TF)
    pieces = [s.split() for s in x.tolist()]
    row_splits = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in pieces], out=row_splits[1:])
    values = np.empty(int(row_splits[-1]), dtype=object)
    values[:] = [w for p in pieces for w in p]
    return values, row_splits


RAGGED_SPLIT = register(Op("RaggedStringSplit", _split, None, dtypes=_STRING, outputs=2))


def ragged_string_split(x) -> tuple:
    """A 1-D batch of strings -> (words, row_splits): row i's words are words[splits[i]:splits[i+1]].

    >>> ragged_string_split(tf.constant(["a b", "c"]))[1]
    <tf.Tensor: shape=(3,), dtype=int64, numpy=array([0, 2, 3])>
    """
    x = string_input(x, "RaggedStringSplit")
    if x.ndim != 1:
        raise ValueError(f"ragged_string_split: expected a 1-D batch of strings, got shape {x.shape}")
    return execute(RAGGED_SPLIT, (x,))


def _find(keys, table=None, default=-1, num_oov_buckets=0, dtype=np.int64):
    flat = keys.reshape(-1).tolist()
    get = table.get
    if num_oov_buckets:  # TF: an unknown key -> size + Fingerprint64(key) % buckets
        size = len(table)
        out = [get(k) for k in flat]
        out = [size + fingerprint64(k) % num_oov_buckets if i is None else i
               for i, k in zip(out, flat)]
    else:
        out = [get(k, default) for k in flat]
    return np.array(out, dtype=dtype).reshape(keys.shape)


FIND = register(Op("LookupTableFindV2", _find, None, dtypes=_STRING | dtypes.INTEGER))


def table_lookup(keys, table: dict, default=-1, num_oov_buckets: int = 0,
                 dtype=dtypes.int64) -> Tensor:
    """Each key's value in `table` (a dict: bytes or int keys), else `default`.

    With `num_oov_buckets` (string keys), a missing key gets one of that many
    indices after the table's, by its hash. Values are `dtype` (int64 by default).

    >>> table_lookup(tf.constant(["b", "z"]), {b"a": 0, b"b": 1})
    <tf.Tensor: shape=(2,), dtype=int64, numpy=array([ 1, -1])>
    """
    keys = keys if isinstance(keys, Tensor) else convert_to_tensor(keys)
    if keys.dtype is not dtypes.string and not keys.dtype.is_integer:
        string_input(keys, "LookupTableFindV2")  # (raises TF's error, naming the dtype)
    return execute(FIND, (keys,), {"table": table, "default": default,
                                   "num_oov_buckets": int(num_oov_buckets),
                                   "dtype": dtypes.as_dtype(dtype).as_numpy_dtype})


def _to_dense(values, row_splits, length=None):
    lengths = np.diff(row_splits)
    width = int(lengths.max(initial=0)) if length is None else int(length)
    out = np.zeros((len(lengths), width), dtype=values.dtype)
    for i, (start, n) in enumerate(zip(row_splits[:-1].tolist(), lengths.tolist())):
        n = min(n, width)  # (longer rows are cut)
        out[i, :n] = values[start:start + n]
    return out


# (token ids only: padding a ragged batch of floats would need a gradient)
RAGGED_TO_DENSE = register(Op("RaggedTensorToTensor", _to_dense, None, dtypes=_INDEX,
                              same_dtype=False))


def ragged_to_dense(values, row_splits, length: int | None = None) -> Tensor:
    """Rows values[splits[i]:splits[i+1]] as a matrix padded with 0 (and cut) to `length` columns.

    Without `length`, as wide as the longest row. Mirrors `RaggedTensor.to_tensor`.

    >>> ragged_to_dense(tf.constant([2, 3, 1]), tf.constant([0, 2, 3], tf.int64))  # int ids
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=
    array([[2, 3],
           [1, 0]], dtype=int32)>
    """
    values, row_splits = convert_to_tensor(values), convert_to_tensor(row_splits)
    return execute(RAGGED_TO_DENSE, (values, row_splits), {"length": length})


def _bincount(row_splits, values, size=0, binary_output=False, dtype=np.float32):
    out = np.zeros((len(row_splits) - 1, size), dtype=dtype)
    rows = np.repeat(np.arange(len(row_splits) - 1), np.diff(row_splits))
    keep = (values >= 0) & (values < size)  # (TF drops values outside [0, size))
    np.add.at(out, (rows[keep], values[keep]), 1)
    if binary_output:
        np.minimum(out, 1, out=out)
    return out


RAGGED_BINCOUNT = register(Op("RaggedBincount", _bincount, None, dtypes=_INDEX, same_dtype=False))


def ragged_bincount(row_splits, values, size: int, binary_output: bool = False,
                    dtype=dtypes.float32) -> Tensor:
    """Per row, how often each index in [0, size) occurs (1 or 0 with `binary_output`).

    >>> ragged_bincount(tf.constant([0, 2, 3], tf.int64), tf.constant([2, 2, 1], tf.int64), 3)
    <tf.Tensor: shape=(2, 3), dtype=float32, numpy=
    array([[0., 0., 2.],
           [0., 1., 0.]], dtype=float32)>
    """
    row_splits, values = convert_to_tensor(row_splits), convert_to_tensor(values)
    return execute(RAGGED_BINCOUNT, (row_splits, values),
                   {"size": int(size), "binary_output": bool(binary_output),
                    "dtype": dtypes.as_dtype(dtype).as_numpy_dtype})
