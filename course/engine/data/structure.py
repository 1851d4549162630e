"""Dataset elements: nested tuples and dicts of tensors, and their `TensorSpec`s.

An element of a dataset is one tensor, or a structure of them: a tuple
(`(image, label)`), a dict (`{"x": ..., "y": ...}`), or nestings of both.
`element_spec` is the same structure with a `tf.TensorSpec` at each leaf:

    >>> ds = tf.data.Dataset.from_tensor_slices(([1, 2], [0.5, 1.5]))
    >>> ds.element_spec
    (TensorSpec(shape=(), dtype=tf.int32, name=None), TensorSpec(shape=(), dtype=tf.float32, name=None))

TF's rules: tuples and dicts are structure, a Python list is data (it becomes
one tensor), and dicts keep their key order. A SparseTensor is one leaf, with a
`tf.SparseTensorSpec` (sparse_elements.py); so is a `tf.experimental.ExtensionType` value,
with its `Spec` (batched and sliced through its spec: extension_type.py).

Read next: dataset.py (the `Dataset` class).
"""
from __future__ import annotations

import numpy as np

from .. import extension_type as _ext
from ..function import TensorSpec
from ..sparse_spec import SparseTensorSpec
from ..tensor import Tensor, TensorShape, convert_to_tensor
from ..text import as_object_array
from .sparse_elements import batch_spec, is_sparse, row as sparse_row, row_spec as sparse_row_spec


def map_structure(fn, *structures):
    """`fn` applied to the leaves at the same place in each structure (the first one's shape).

    >>> map_structure(lambda a, b: a + b, (1, {"x": 2}), (10, {"x": 20}))
    (11, {'x': 22})
    """
    first = structures[0]
    if isinstance(first, dict):
        return type(first)((k, map_structure(fn, *[s[k] for s in structures])) for k in first)
    if isinstance(first, tuple):
        items = [map_structure(fn, *parts) for parts in zip(*structures)]
        return type(first)(*items) if hasattr(first, "_fields") else tuple(items)
    return fn(*structures)


def flatten(structure) -> list:
    """The leaves in order (dicts in their key order)."""
    if isinstance(structure, dict):
        return [leaf for value in structure.values() for leaf in flatten(value)]
    if isinstance(structure, tuple):
        return [leaf for value in structure for leaf in flatten(value)]
    return [structure]


def to_tensors(value):
    """A structure of Python/NumPy values as the same structure of tensors (lists are data)."""
    return map_structure(lambda leaf: leaf if isinstance(leaf, (Tensor, _ext.ExtensionType)) or
                         is_sparse(leaf) else convert_to_tensor(_array_of(leaf)), value)


def _array_of(leaf):
    """A pandas column (`dict(df)`, as TF's guides pass) as its NumPy array: strings become an
    object array of str, which convert_to_tensor reads as tf.string."""
    if hasattr(leaf, "to_numpy") and not isinstance(leaf, np.ndarray):
        return leaf.to_numpy()
    return leaf


def spec_of(element):
    """The `element_spec` of one element: a `TensorSpec` per tensor (a SparseTensorSpec per
    SparseTensor)."""
    return map_structure(leaf_spec, element)


def leaf_spec(t):
    if isinstance(t, _ext.ExtensionType):
        return _ext.type_spec_from_value(t)
    return SparseTensorSpec.from_value(t) if is_sparse(t) else TensorSpec(t.shape, t.dtype)


def row_spec(spec):
    """The spec of one row of a leaf of this spec (its first dimension gone)."""
    if is_sparse(spec):
        return sparse_row_spec(spec)
    if isinstance(spec, _ext.ExtensionTypeSpec):
        return spec._unbatch()
    # (TF: a row of a tensor of unknown rank has an unknown rank too)
    return TensorSpec(spec.shape if spec.shape.rank is None else spec.shape[1:], spec.dtype)


# -- the tensors a dataset makes ----------------------------------------------------------------
def tensor(array) -> Tensor:
    """A read-only `Tensor` holding `array`, as every op's output does (rank 0: a NumPy scalar)."""
    if isinstance(array, bytes):  # one element of a string array
        array = as_object_array(array)
    if isinstance(array, np.ndarray):
        if array.ndim == 0 and array.dtype != object:
            return Tensor(array[()])
        array.flags.writeable = False
    return Tensor(array)


def slice_element(element, index: int):
    """Row `index` (along the first dimension) of every tensor of `element`."""
    return map_structure(lambda t: sparse_row(t, index) if is_sparse(t) else
                         _ext.value_row(t, index) if isinstance(t, _ext.ExtensionType) else
                         tensor(t._value[index]), element)


def unknown_batch(spec, batch_size=None):
    """`spec` with a leading batch dimension (None unless every batch has `batch_size`)."""
    return map_structure(lambda s: batch_spec(s, batch_size) if is_sparse(s) else
                         s._batch(batch_size) if isinstance(s, _ext.ExtensionTypeSpec) else
                         TensorSpec(_batched(s.shape, batch_size), s.dtype), spec)


def _batched(shape: TensorShape, batch_size) -> TensorShape:
    # (TF: a batch of tensors of unknown rank has an unknown rank too, e.g. py_function's)
    return shape if shape.rank is None else TensorShape([batch_size] + shape.as_list())
