"""`tf.io.parse_example` and `parse_single_example`: serialized `tf.train.Example`s to tensors.

You describe each feature you want, and get a dict of tensors back:

    >>> spec = {"age": tf.io.FixedLenFeature([], tf.int64, default_value=0),
    ...         "tags": tf.io.VarLenFeature(tf.string)}
    >>> tf.io.parse_single_example(example.SerializeToString(), spec)["age"]
    <tf.Tensor: shape=(), dtype=int64, numpy=42>

- `FixedLenFeature(shape, dtype, default_value)`: exactly prod(shape) values per example,
  a dense tensor (the default when the example lacks the feature; without one it is
  required).
- `FixedLenSequenceFeature(shape, dtype, allow_missing=True)`: any number of such rows;
  a batch is padded with `default_value` (or zeros) to its longest example.
- `VarLenFeature(dtype)`: any number of values, a `tf.sparse.SparseTensor`.
- `RaggedFeature(dtype)`: any number of values, a `tf.RaggedTensor` (a plain 1-D tensor
  for one example).

The dtype is one of TF's three list kinds: tf.float32 (FloatList), tf.int64 (Int64List),
tf.string (BytesList). Each feature is one op on the serialized strings
(ParseExampleDense, ParseExampleSparse, ParseExampleRagged), so parsing works eagerly,
in a tf.function and in `dataset.map` (which traces it). A scalar `serialized` is one
example (TF's single-example kernel, with its error texts); a vector is a batch.
None of these ops is differentiable. The protos themselves: ../train_example.py;
the feature classes and the public functions: parsing_config.py.
"""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op
from ..graph.shapes import SHAPE_RULES, Spec
from ..proto_wire import DecodeError
from ..train_example import Example, SequenceExample
from . import register

__all__ = ["PARSE_DENSE", "PARSE_SPARSE", "PARSE_RAGGED", "KIND_OF", "TYPE_NAME", "array_of"]

# the list each dtype is read from, and TF's name of that type in its messages
KIND_OF = {np.dtype(np.float32): "float_list", np.dtype(np.int64): "int64_list",
           np.dtype(object): "bytes_list"}
TYPE_NAME = {"float_list": "float", "int64_list": "int64", "bytes_list": "string"}
_OP = "ParseExampleV2"  # (the op TF's errors name, whichever of ours raises them)


def _examples(serialized, context: bool = False) -> list:
    """Each serialized example as {key: Feature}: an Example's features, or with `context`
    a SequenceExample's context features (sequence_parsing_ops.py)."""
    out = []
    for data in np.asarray(serialized, dtype=object).reshape(-1):
        data = bytes(data)
        try:
            features = SequenceExample.FromString(data).context.feature if context else \
                Example.FromString(data).features.feature
        except DecodeError:
            if context:
                raise invalid_argument("ParseSequenceExampleV2", "Invalid protocol message input, "
                                       "example id: <unknown>") from None
            text = data.decode("utf-8", "backslashreplace")
            raise invalid_argument(_OP, f"Could not parse example input, value: '{text}'") from None
        out.append(features)
    return out


def _values(features, key: str, dtype, where: str, dense: bool, context: bool = False):
    """The values of feature `key` (a list), or None when the example lacks it."""
    feature = features.get(key)
    kind = None if feature is None else feature.WhichOneof("kind")
    if kind is None:  # TF: a Feature with no list set counts as missing
        return None
    want = KIND_OF[np.dtype(dtype)]
    if kind != want:
        got, expected = TYPE_NAME[kind], TYPE_NAME[want]
        if context:  # (TF's sequence kernel words it so)
            raise invalid_argument("ParseSequenceExampleV2", f"Name: <unknown>, Context feature: "
                                   f"{key}.  Data types don't match. Expected type: {expected}")
        detail = f"Data type: {got} but expected type: {expected}" if dense else \
            f"Expected type: {expected}, Actual type: {got}"
        raise invalid_argument(_OP, f"{where}Data types don't match. {detail}")
    return list(getattr(feature, kind).value)


def _where(single: bool, key: str, index: int) -> str:
    return f"Key: {key}.  " if single else f"Name: <unknown>, Key: {key}, Index: {index}.  "


def array_of(values: list, dtype) -> np.ndarray:
    if np.dtype(dtype) == object:
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out
    return np.array(values, dtype=dtype)


# -- FixedLenFeature and FixedLenSequenceFeature: a dense tensor ---------------------------------
def _count_error(single: bool, key: str, index: int, kind: str, n: int, shape: tuple):
    dims = ",".join(str(d) for d in shape)
    if single:  # (TF's single-example kernel words it its own way)
        what = "Parsing bytes_list failed." if kind == "bytes_list" and not shape else \
            f"Some {kind} slice was not parsed."
        return invalid_argument(_OP, f"Key: {key}.  Can't parse serialized Example: {what}")
    if kind == "bytes_list" and not shape:
        return invalid_argument(_OP, f"{_where(False, key, index)}Can't parse serialized Example.")
    return invalid_argument(_OP, f"{_where(False, key, index)}Number of {TYPE_NAME[kind].replace('string', 'bytes')} "
                                 f"values != expected.  Values size: {n} but output shape: [{dims}]")


def _parse_dense(serialized, default, key, dtype, shape, sequence, required, context=False):
    single, kind = np.ndim(serialized) == 0, KIND_OF[np.dtype(dtype)]
    size = math.prod(shape)
    rows = []
    for index, features in enumerate(_examples(serialized, context)):
        values = _values(features, key, dtype, _where(single, key, index), True, context)
        if context and values is not None and len(values) != size:
            raise invalid_argument("ParseSequenceExampleV2", "Inconsistent max number of elements "
                                   f"for feature {key}: expected {size}, but found {len(values)}")
        if values is None:
            if required and context:  # (TF's sequence kernel words it so)
                raise invalid_argument("ParseSequenceExampleV2", "Inconsistent max number of "
                                       f"elements for feature {key}: expected {size}, but found 0")
            if required:
                prefix = "" if single else "Name: <unknown>, "
                raise invalid_argument(_OP, f"{prefix}Feature: {key} (data type: "
                                            f"{TYPE_NAME[kind]}) is required but could not be found.")
            rows.append(np.zeros((0,) + shape, dtype) if sequence else np.asarray(default, dtype))
            continue
        if sequence:
            if size and len(values) % size:
                if single:
                    raise invalid_argument(_OP, f"Error while parsing feature with key {key}: "
                                                f"number of elements should be divisible by {size}"
                                                f", found {len(values)} instead")
                dims = ",".join(str(d) for d in shape)
                raise invalid_argument(_OP, f"{_where(False, key, index)}Number of "
                                            f"{TYPE_NAME[kind].replace('string', 'bytes')} values is "
                                            f"not a multiple of stride length. Saw {len(values)} "
                                            f"values but output shape is: [?,{dims}]")
            rows.append(array_of(values, dtype).reshape((-1,) + shape))
        elif len(values) != size:
            raise _count_error(single, key, index, kind, len(values), shape)
        else:
            rows.append(array_of(values, dtype).reshape(shape))
    if single:
        return rows[0]
    if not sequence:
        return np.stack(rows) if rows else np.zeros((0,) + shape, dtype)
    # a batch of sequences: padded to the longest with the default (zeros or b"")
    longest = max((len(r) for r in rows), default=0)
    out = np.empty((len(rows), longest) + shape, dtype)
    out[...] = default if np.size(default) else (b"" if np.dtype(dtype) == object else 0)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


PARSE_DENSE = register(Op("ParseExampleDense", _parse_dense, None, dtypes={dtypes.string},
                          same_dtype=False))


def _dense_spec(specs, attrs):
    batch = None if specs[0].shape is None else specs[0].shape
    if batch is None:
        return Spec(attrs["dtype"], None)
    return Spec(attrs["dtype"], tuple(batch) + ((None,) if attrs["sequence"] else ()) +
                tuple(attrs["shape"]))


SHAPE_RULES["ParseExampleDense"] = _dense_spec


# -- VarLenFeature: a SparseTensor's three parts ---------------------------------------------------
def _parse_sparse(serialized, key, dtype, context=False):
    single = np.ndim(serialized) == 0
    indices, values, longest = [], [], 0
    examples = _examples(serialized, context)
    for index, features in enumerate(examples):
        found = _values(features, key, dtype, _where(single, key, index), False, context) or []
        indices += [(index, j) for j in range(len(found))]
        values += found
        longest = max(longest, len(found))
    indices = np.array(indices, np.int64).reshape(-1, 2)
    if single:
        return indices[:, 1:], array_of(values, dtype), np.array([longest], np.int64)
    return indices, array_of(values, dtype), np.array([len(examples), longest], np.int64)


PARSE_SPARSE = register(Op("ParseExampleSparse", _parse_sparse, None, dtypes={dtypes.string},
                           outputs=3))
SHAPE_RULES["ParseExampleSparse"] = lambda specs, attrs: None if specs[0].shape is None else [
    Spec(np.int64, (None, len(specs[0].shape) + 1)), Spec(attrs["dtype"], (None,)),
    Spec(np.int64, (len(specs[0].shape) + 1,))]


# -- RaggedFeature: values and row splits ----------------------------------------------------------
def _parse_ragged(serialized, key, dtype, splits_dtype, context=False):
    single = np.ndim(serialized) == 0
    values, splits = [], [0]
    for index, features in enumerate(_examples(serialized, context)):
        values += _values(features, key, dtype, _where(single, key, index), False, context) or []
        splits.append(len(values))
    return array_of(values, dtype), np.array(splits, splits_dtype)


PARSE_RAGGED = register(Op("ParseExampleRagged", _parse_ragged, None, dtypes={dtypes.string},
                           outputs=2))
SHAPE_RULES["ParseExampleRagged"] = lambda specs, attrs: [
    Spec(attrs["dtype"], (None,)),
    Spec(attrs["splits_dtype"], None if specs[0].shape is None else
         (None if not specs[0].shape or specs[0].shape[0] is None else specs[0].shape[0] + 1,))]
