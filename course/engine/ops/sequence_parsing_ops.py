"""`tf.io.parse_single_sequence_example` and `parse_sequence_example`: SequenceExamples to tensors.

A `tf.train.SequenceExample` has `context` features (read as in parse_example, see
parsing_config.py) and `feature_lists`: per name, one Feature per step. The sequence
features you describe:

- `FixedLenSequenceFeature(shape, dtype)`: prod(shape) values at every step, a tensor of
  shape [steps] + shape (a batch is padded with zeros to its longest sequence, and
  `parse_sequence_example` also returns each one's length). Without `allow_missing=True`
  the feature list is required.
- `VarLenFeature(dtype)`: any number of values per step, a SparseTensor [steps, values].
- `RaggedFeature(dtype)`: the same as a RaggedTensor (one row per step).

    >>> context, lists = tf.io.parse_single_sequence_example(
    ...     serialized, sequence_features={"tokens": tf.io.FixedLenSequenceFeature([], tf.int64)})
    >>> lists["tokens"]
    <tf.Tensor: shape=(3,), dtype=int64, numpy=array([1, 2, 3])>

Each sequence feature is one op (ParseSequenceDense, ParseSequenceSparse,
ParseSequenceRagged) on the serialized strings; none is differentiable.
"""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..proto_wire import DecodeError
from ..train_example import SequenceExample
from . import register
from .parsing_config import (FixedLenFeature, FixedLenSequenceFeature, checked, parse, strings)
from .parsing_ops import KIND_OF, TYPE_NAME, array_of

__all__ = ["parse_single_sequence_example", "parse_sequence_example"]

_OP = "ParseSequenceExampleV2"


def _feature_lists(serialized) -> list:
    out = []
    for data in np.asarray(serialized, dtype=object).reshape(-1):
        try:
            out.append(SequenceExample.FromString(bytes(data)).feature_lists.feature_list)
        except DecodeError:
            raise invalid_argument(_OP, "Invalid protocol message input, example id: "
                                        "<unknown>") from None
    return out


def _steps(lists, key: str, dtype):
    """Each step's values (a list of lists), or None when the example has no such list."""
    if key not in lists:
        return None
    want, steps = KIND_OF[np.dtype(dtype)], []
    for t, feature in enumerate(lists[key].feature):
        kind = feature.WhichOneof("kind")
        if kind is None:  # (a step with no list set holds no values)
            steps.append([])
        elif kind != want:
            raise invalid_argument(_OP, f"Name: <unknown>, Feature list: {key}, Index: {t}.  Data "
                                        f"types don't match. Expected type: {TYPE_NAME[want]}")
        else:
            steps.append(list(getattr(feature, kind).value))
    return steps


# -- FixedLenSequenceFeature: [steps] + shape, and each sequence's length -------------------------
def _parse_dense(serialized, key, dtype, shape, required):
    size, seqs = math.prod(shape), []
    for lists in _feature_lists(serialized):
        steps = _steps(lists, key, dtype)
        if steps is None and required:
            raise invalid_argument(_OP, f"Name: <unknown>, Feature list '{key}' is required but "
                                        "could not be found.  Did you mean to include it in "
                                        "feature_list_dense_missing_assumed_empty or "
                                        "feature_list_dense_defaults?")
        for t, values in enumerate(steps or []):
            if len(values) != size:
                dims = ",".join(str(d) for d in shape)
                raise invalid_argument(_OP, f"Name: <unknown>, Key: {key}, Index: {t}.  Number of "
                                            f"values != expected.  values size: {len(values)} but "
                                            f"output shape: [{dims}]")
        seqs.append(array_of([v for step in steps or [] for v in step], dtype)
                    .reshape((len(steps or []),) + shape))
    if np.ndim(serialized) == 0:
        return seqs[0], np.int64(len(seqs[0]))
    longest = max((len(s) for s in seqs), default=0)
    out = np.empty((len(seqs), longest) + shape, dtype)  # padded with zeros (b"" for strings)
    out[...] = b"" if np.dtype(dtype) == object else 0
    for i, s in enumerate(seqs):
        out[i, :len(s)] = s
    return out, np.array([len(s) for s in seqs], np.int64)


PARSE_SEQUENCE_DENSE = register(Op("ParseSequenceDense", _parse_dense, None,
                                   dtypes={dtypes.string}, outputs=2))


def _batch(specs) -> tuple | None:
    return None if specs[0].shape is None else tuple(specs[0].shape)


SHAPE_RULES["ParseSequenceDense"] = lambda specs, attrs: None if _batch(specs) is None else [
    Spec(attrs["dtype"], _batch(specs) + (None,) + tuple(attrs["shape"])),
    Spec(np.int64, _batch(specs))]


# -- VarLenFeature: a SparseTensor [steps, values] (or [batch, steps, values]) ---------------------
def _parse_sparse(serialized, key, dtype):
    indices, values, most_steps, most_values = [], [], 0, 0
    examples = _feature_lists(serialized)
    for b, lists in enumerate(examples):
        steps = _steps(lists, key, dtype) or []
        most_steps = max(most_steps, len(steps))
        for t, found in enumerate(steps):
            indices += [(b, t, j) for j in range(len(found))]
            values += found
            most_values = max(most_values, len(found))
    indices = np.array(indices, np.int64).reshape(-1, 3)
    if np.ndim(serialized) == 0:
        return indices[:, 1:], array_of(values, dtype), np.array([most_steps, most_values], np.int64)
    return indices, array_of(values, dtype), np.array([len(examples), most_steps, most_values],
                                                      np.int64)


PARSE_SEQUENCE_SPARSE = register(Op("ParseSequenceSparse", _parse_sparse, None,
                                    dtypes={dtypes.string}, outputs=3))
SHAPE_RULES["ParseSequenceSparse"] = lambda specs, attrs: None if _batch(specs) is None else [
    Spec(np.int64, (None, len(_batch(specs)) + 2)), Spec(attrs["dtype"], (None,)),
    Spec(np.int64, (len(_batch(specs)) + 2,))]


# -- RaggedFeature: values, the steps' splits, and the examples' splits (in steps) ----------------
def _parse_ragged(serialized, key, dtype, splits_dtype):
    values, step_splits, example_splits = [], [0], [0]
    for lists in _feature_lists(serialized):
        for found in _steps(lists, key, dtype) or []:
            values += found
            step_splits.append(len(values))
        example_splits.append(len(step_splits) - 1)
    return (array_of(values, dtype), np.array(step_splits, splits_dtype),
            np.array(example_splits, splits_dtype))


PARSE_SEQUENCE_RAGGED = register(Op("ParseSequenceRagged", _parse_ragged, None,
                                    dtypes={dtypes.string}, outputs=3))
SHAPE_RULES["ParseSequenceRagged"] = lambda specs, attrs: [
    Spec(attrs["dtype"], (None,)), Spec(attrs["splits_dtype"], (None,)),
    Spec(attrs["splits_dtype"], None if not _batch(specs) or _batch(specs)[0] is None else
         (_batch(specs)[0] + 1,))]


# -- the public functions --------------------------------------------------------------------------
def _parse(serialized, context_features, sequence_features, name) -> tuple:
    from .sparse_ops import SparseTensor
    from ..ragged.ragged_tensor import RaggedTensor
    if not context_features and not sequence_features:
        raise ValueError("Both context_features and sequence_features are None, but at least one "
                         "should have values.")
    context_groups = checked(context_features, (FixedLenFeature,), empty_ok=True)
    sparse, dense, ragged = checked(sequence_features, (FixedLenSequenceFeature,), empty_ok=True)
    for key, f in dense:
        if f.default_value is not None:
            raise ValueError(f"Value feature_list.dense_defaults[{key}] must be None")
    context = parse(serialized, context_groups, name, context=True) \
        if any(context_groups) else {}
    single = serialized.shape.rank == 0
    lists, lengths = {}, {}
    for key, f in sparse:
        parts = execute(PARSE_SEQUENCE_SPARSE, (serialized,),
                        {"key": key, "dtype": dtypes.as_dtype(f.dtype).as_numpy_dtype}, name=name)
        lists[key] = SparseTensor(*parts)
    for key, f in dense:
        attrs = {"key": key, "dtype": dtypes.as_dtype(f.dtype).as_numpy_dtype,
                 "shape": tuple(int(d) for d in f.shape), "required": not f.allow_missing}
        lists[key], lengths[key] = execute(PARSE_SEQUENCE_DENSE, (serialized,), attrs, name=name)
    for key, f in ragged:
        attrs = {"key": f.value_key or key, "dtype": dtypes.as_dtype(f.dtype).as_numpy_dtype,
                 "splits_dtype": dtypes.as_dtype(f.row_splits_dtype).as_numpy_dtype}
        values, step_splits, example_splits = execute(PARSE_SEQUENCE_RAGGED, (serialized,), attrs,
                                                      name=name)
        # (the kernel made the splits: valid by construction, nothing to check)
        rows = RaggedTensor(values, step_splits, internal=True)
        lists[key] = rows if single else RaggedTensor(rows, example_splits, internal=True)
    return context, lists, lengths


def parse_single_sequence_example(serialized, context_features=None, sequence_features=None,
                                  example_name=None, name=None) -> tuple:
    """One serialized `tf.train.SequenceExample` as (context dict, feature-list dict).

    Mirrors `tf.io.parse_single_sequence_example`.
    """
    serialized = strings(serialized)
    if serialized.shape.rank is not None and serialized.shape.rank != 0:
        raise ValueError("Input serialized must be a scalar")
    context, lists, _ = _parse(serialized, context_features, sequence_features, name)
    return context, lists


def parse_sequence_example(serialized, context_features=None, sequence_features=None,
                           example_names=None, name=None) -> tuple:
    """A batch of serialized SequenceExamples as (context, feature lists, lengths) dicts.

    Mirrors `tf.io.parse_sequence_example`: dense sequences are padded with zeros to the
    batch's longest, and `lengths` holds each example's number of steps (per
    FixedLenSequenceFeature).
    """
    serialized = strings(serialized)  # (a scalar is one example, as in parse_example)
    if serialized.shape.rank is not None and serialized.shape.rank > 1:
        dims = ",".join(str(d) for d in serialized.shape.as_list())
        raise invalid_argument(_OP, f"Expected serialized to be a scalar or vector, got shape: "
                                    f"[{dims}]")
    return _parse(serialized, context_features, sequence_features, name)
