"""SparseTensors as dataset elements: a row of one, a batch of several, and their specs.

    >>> st = tf.sparse.SparseTensor([[0, 0], [2, 1]], [1, 2], [3, 4])
    >>> ds = tf.data.Dataset.from_tensor_slices(st)
    >>> ds.element_spec
    SparseTensorSpec(TensorShape([4]), tf.int32)
    >>> next(iter(ds.batch(2))).dense_shape.numpy()
    array([2, 4])

TF's rules: row i of a SparseTensor holds the entries whose first index is i
(that index dropped); a batch of SparseTensors is one SparseTensor with a
new first dimension, the entries of element k getting index k in front, and
each other dimension the largest of the elements'. Within a dataset a
SparseTensor travels as one leaf with a `tf.SparseTensorSpec` (../sparse_spec.py).

Read next: structure.py (which calls these for SparseTensor leaves).
"""
from __future__ import annotations

import numpy as np

from ..ops.sparse_ops import SparseTensor
from ..sparse_spec import SparseTensorSpec
from ..tensor import TensorShape

__all__ = ["is_sparse", "row", "stack", "row_spec", "batch_spec", "rows_of"]


def is_sparse(x) -> bool:
    return isinstance(x, (SparseTensor, SparseTensorSpec))


def _sparse(indices, values, dense_shape) -> SparseTensor:
    from .structure import tensor
    return SparseTensor(tensor(np.asarray(indices, np.int64)), tensor(values),
                        tensor(np.asarray(dense_shape, np.int64)))


def rows_of(sp: SparseTensor) -> int:
    return int(sp.dense_shape._value[0])


def row(sp: SparseTensor, i: int) -> SparseTensor:
    """Row `i`: the entries whose first index is i, without that index."""
    indices, values = sp.indices._value, sp.values._value
    keep = indices[:, 0] == i
    return _sparse(indices[keep, 1:], values[keep], sp.dense_shape._value[1:])


def stack(elements: list) -> SparseTensor:
    """One SparseTensor of the elements, element k at index k of a new first dimension."""
    shapes = np.array([e.dense_shape._value for e in elements], np.int64)
    if len({len(s) for s in shapes}) > 1:
        raise ValueError("Cannot batch SparseTensors of different ranks.")
    indices = [np.concatenate([np.full((len(e.indices._value), 1), k, np.int64),
                               e.indices._value], axis=1) for k, e in enumerate(elements)]
    values = np.concatenate([e.values._value for e in elements])
    return _sparse(np.concatenate(indices), values, [len(elements)] + list(shapes.max(axis=0)))


def row_spec(spec: SparseTensorSpec) -> SparseTensorSpec:
    return SparseTensorSpec(spec.shape[1:], spec.dtype)


def batch_spec(spec: SparseTensorSpec, batch_size=None) -> SparseTensorSpec:
    if spec.shape.rank is None:
        return SparseTensorSpec(None, spec.dtype)
    return SparseTensorSpec(TensorShape([batch_size] + spec.shape.as_list()), spec.dtype)
