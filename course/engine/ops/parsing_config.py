"""The feature descriptions `tf.io.parse_example` takes, and the parse functions themselves.

    >>> features = {"label": tf.io.FixedLenFeature([], tf.int64, default_value=0),
    ...             "words": tf.io.RaggedFeature(tf.string)}
    >>> parsed = tf.io.parse_example(serialized_batch, features)   # a dict of tensors

Each description is a small named tuple, as in TF (so `print` shows its fields). The
result's dict lists the VarLenFeatures first, then the dense ones, then the
RaggedFeatures, each group sorted by key (TF's order). The kernels: parsing_ops.py.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import execute
from ..tensor import Tensor, convert_to_tensor
from .parsing_ops import PARSE_DENSE, PARSE_RAGGED, PARSE_SPARSE

__all__ = ["FixedLenFeature", "FixedLenSequenceFeature", "VarLenFeature", "RaggedFeature",
           "parse_example", "parse_single_example", "checked", "parse", "strings"]

_LIST_DTYPES = (dtypes.float32, dtypes.int64, dtypes.string)


class FixedLenFeature(NamedTuple):
    """prod(`shape`) values per example, read as a dense tensor of `shape`.

    Mirrors `tf.io.FixedLenFeature`; without `default_value` the feature is required.
    """

    shape: Any
    dtype: Any
    default_value: Any = None


class FixedLenSequenceFeature(NamedTuple):
    """Any number of rows of `shape` per example: a tensor of shape [rows] + shape.

    Mirrors `tf.io.FixedLenSequenceFeature`; `parse_example` needs `allow_missing=True`
    and pads a batch with `default_value` (zeros when None).
    """

    shape: Any
    dtype: Any
    allow_missing: bool = False
    default_value: Any = None


class VarLenFeature(NamedTuple):
    """Any number of values per example, as a `tf.sparse.SparseTensor`. Mirrors
    `tf.io.VarLenFeature`."""

    dtype: Any


class RaggedFeature(NamedTuple):
    """Any number of values per example, as a `tf.RaggedTensor` (one row per example).

    Mirrors `tf.io.RaggedFeature`; `value_key` reads another key than the dict's. This
    engine reads no `partitions` (further ragged dimensions).
    """

    dtype: Any
    value_key: Any = None
    partitions: tuple = ()
    row_splits_dtype: Any = dtypes.int32
    validate: bool = False


def checked(features: dict, dense_types: tuple = (FixedLenFeature, FixedLenSequenceFeature),
            empty_ok: bool = False) -> tuple:
    """The features as (sparse, dense, ragged) lists of (key, feature), each sorted by key.

    `dense_types`: the dense descriptions allowed (a SequenceExample's context takes only
    FixedLenFeature, its feature lists only FixedLenSequenceFeature)."""
    if not features and not empty_ok:
        raise ValueError("Invalid argument: features cannot be empty.")
    groups = ([], [], [])
    for key in sorted(features or {}):
        f = features[key]
        if isinstance(f, VarLenFeature):
            groups[0].append((key, f))
        elif isinstance(f, dense_types):
            if f.shape is None:
                raise ValueError(f"Missing shape for feature {key}. Received feature={f!r}.")
            # (parse_example pads a batch of sequences, so it wants them allowed to be
            # missing; a SequenceExample's feature list without it is required)
            if isinstance(f, FixedLenSequenceFeature) and FixedLenFeature in dense_types \
                    and not f.allow_missing:
                raise ValueError("Unsupported: FixedLenSequenceFeature requires allow_missing to "
                                 "be True.")
            groups[1].append((key, f))
        elif isinstance(f, RaggedFeature):
            if dtypes.as_dtype(f.dtype) not in _LIST_DTYPES:
                raise ValueError(f"Argument `dtype` must be int64, float32, or bytes; got "
                                 f"{dtypes.as_dtype(f.dtype)!r}")
            if f.partitions:
                raise NotImplementedError("tf.io.RaggedFeature partitions are not part of this "
                                          "engine: it reads one ragged dimension (value_key)")
            groups[2].append((key, f))
        else:
            raise ValueError(f"Unsupported {type(f).__name__} {f!r} for key '{key}'")
        if dtypes.as_dtype(f.dtype) not in _LIST_DTYPES:
            attr = "sparse_types" if isinstance(f, VarLenFeature) else "Tdense"
            raise invalid_argument("ParseExampleV2", f"Value for attr '{attr}' of "
                                   f"{dtypes.kernel_name(dtypes.as_dtype(f.dtype))} is not in the "
                                   "list of allowed values: float, int64, string")
    return groups


def parse(serialized: Tensor, groups: tuple, name, context: bool = False) -> dict:
    """The features of `groups` (from `checked`) read from `serialized`, an Example's or
    (with `context`) a SequenceExample's context."""
    from .sparse_ops import SparseTensor
    from ..ragged.ragged_tensor import RaggedTensor
    sparse, dense, ragged = groups
    single = serialized.shape.rank == 0
    extra = {"context": True} if context else {}
    out = {}
    for key, f in sparse:
        dtype = dtypes.as_dtype(f.dtype)
        indices, values, shape = execute(PARSE_SPARSE, (serialized,),
                                         {"key": key, "dtype": dtype.as_numpy_dtype, **extra}, name=name)
        out[key] = SparseTensor(indices, values, shape)
    for key, f in dense:
        dtype, shape = dtypes.as_dtype(f.dtype), tuple(int(d) for d in f.shape)
        sequence = isinstance(f, FixedLenSequenceFeature)
        if f.default_value is None:
            default = np.zeros((0,), dtype.as_numpy_dtype)
        else:  # (TF reshapes the default to the feature's shape, a row's for a sequence)
            default = np.asarray(convert_to_tensor(f.default_value, dtype=dtype)._value)
            if not sequence:
                if default.size != int(np.prod(shape)):
                    raise invalid_argument("Reshape", f"Input to reshape is a tensor with "
                                                      f"{default.size} values, but the requested "
                                                      f"shape has {int(np.prod(shape))}")
                default = default.reshape(shape)
        attrs = {"key": key, "dtype": dtype.as_numpy_dtype, "shape": shape, "sequence": sequence,
                 "required": f.default_value is None and not sequence, **extra}
        out[key] = execute(PARSE_DENSE, (serialized, convert_to_tensor(default, dtype=dtype)),
                           attrs, name=name)
    for key, f in ragged:
        dtype, splits_dtype = dtypes.as_dtype(f.dtype), dtypes.as_dtype(f.row_splits_dtype)
        values, splits = execute(PARSE_RAGGED, (serialized,),
                                 {"key": f.value_key or key, "dtype": dtype.as_numpy_dtype,
                                  "splits_dtype": splits_dtype.as_numpy_dtype, **extra}, name=name)
        # (the kernel made the splits: valid by construction, nothing to check)
        out[key] = values if single else RaggedTensor(values, splits, internal=True)
    return out


def strings(serialized) -> Tensor:
    t = serialized if isinstance(serialized, Tensor) else convert_to_tensor(serialized)
    if t.dtype is not dtypes.string:
        raise ValueError(f"Tensor conversion requested dtype string for Tensor with dtype "
                         f"{t.dtype.name}: {t!r}")
    return t


def parse_example(serialized, features: dict, example_names=None, name=None) -> dict:
    """A batch of serialized `tf.train.Example`s (a vector of strings) as a dict of tensors.

    Mirrors `tf.io.parse_example`: each feature gets a leading batch axis (a dense
    tensor, a SparseTensor of rank 2, or a RaggedTensor with one row per example).

    >>> tf.io.parse_example([ex1, ex2], {"x": tf.io.FixedLenFeature([], tf.float32)})["x"]
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1.5, 2.5], dtype=float32)>
    """
    serialized = strings(serialized)
    rank = serialized.shape.rank
    if rank is not None and rank > 1:
        dims = ",".join(str(d) for d in serialized.shape.as_list())
        raise invalid_argument("ParseExampleV2", "Expected serialized to be a scalar or vector, "
                                                 f"got shape: [{dims}]")
    return parse(serialized, checked(features), name)


def parse_single_example(serialized, features: dict, example_names=None, name=None) -> dict:
    """One serialized `tf.train.Example` (a scalar string) as a dict of tensors.

    Mirrors `tf.io.parse_single_example`: like `parse_example` without the batch axis
    (a RaggedFeature gives a plain 1-D tensor).

    >>> tf.io.parse_single_example(ex1, {"x": tf.io.FixedLenFeature([], tf.float32)})
    {'x': <tf.Tensor: shape=(), dtype=float32, numpy=1.5>}
    """
    serialized = strings(serialized)
    if serialized.shape.rank is not None and serialized.shape.rank != 0:
        raise ValueError("Input serialized must be a scalar")
    return parse(serialized, checked(features), name)
