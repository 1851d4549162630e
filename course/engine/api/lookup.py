"""`tf.lookup`: tables that map keys (strings or integers) to values, filled once.

    >>> init = tf.lookup.KeyValueTensorInitializer(["a", "b"], [0, 1], value_dtype=tf.int64)
    >>> table = tf.lookup.StaticVocabularyTable(init, num_oov_buckets=1)
    >>> table.lookup(tf.constant(["b", "zzz"]))
    <tf.Tensor: shape=(2,), dtype=int64, numpy=array([1, 2])>

A table is a Python dict here (TF keeps it in a resource); `lookup` is the op
`LookupTableFindV2` (ops/lookup_ops.py), so it works eagerly, in `Dataset.map`
and in a `tf.function`. `StaticHashTable` gives `default_value` for a missing
key; `StaticVocabularyTable` gives it one of `num_oov_buckets` indices after the
vocabulary's, by the key's Fingerprint64 hash, as TF does.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import no_kernel
from ..ops import lookup_ops
from ..tensor import Tensor, constant, convert_to_tensor

__all__ = ["KeyValueTensorInitializer", "StaticHashTable", "StaticVocabularyTable"]


class KeyValueTensorInitializer:
    """The keys and values a static table is filled with. Mirrors `tf.lookup.KeyValueTensorInitializer`."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        values = list(values) if isinstance(values, range) else values
        self._keys = convert_to_tensor(keys, dtype=key_dtype)
        self._values = convert_to_tensor(values, dtype=value_dtype)
        if self._keys.shape.num_elements() != self._values.shape.num_elements():
            raise ValueError(f"KeyValueTensorInitializer: {self._keys.shape.num_elements()} keys "
                             f"but {self._values.shape.num_elements()} values")

    @property
    def key_dtype(self):
        return self._keys.dtype

    @property
    def value_dtype(self):
        return self._values.dtype

    def _table(self) -> dict:
        return dict(zip(self._keys.numpy().reshape(-1).tolist(),
                        self._values.numpy().reshape(-1).tolist()))


def _check_table_dtypes(initializer: KeyValueTensorInitializer) -> None:
    """TF's HashTableV2 has CPU kernels for no unsigned keys or values: a NotFoundError."""
    key, value = initializer.key_dtype, initializer.value_dtype
    if key.is_unsigned or value.is_unsigned:
        raise no_kernel("HashTableV2", {"key_dtype": key, "value_dtype": value})


class StaticHashTable:
    """A table of keys to values; a missing key gives `default_value`. Mirrors `tf.lookup.StaticHashTable`.

    >>> init = tf.lookup.KeyValueTensorInitializer(["x"], [7])
    >>> tf.lookup.StaticHashTable(init, default_value=-1).lookup(tf.constant(["x", "q"]))
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([ 7, -1], dtype=int32)>
    """

    def __init__(self, initializer: KeyValueTensorInitializer, default_value, name=None,
                 experimental_is_anonymous=False):
        _check_table_dtypes(initializer)
        self._init = initializer
        self._table = initializer._table()
        self.default_value = np.asarray(default_value, initializer.value_dtype.as_numpy_dtype)

    @property
    def key_dtype(self):
        return self._init.key_dtype

    @property
    def value_dtype(self):
        return self._init.value_dtype

    def size(self, name=None) -> Tensor:
        """The number of keys (int64)."""
        return constant(len(self._table), dtypes.int64)

    def lookup(self, keys, name=None) -> Tensor:
        """Each key's value, or `default_value`."""
        return lookup_ops.table_lookup(keys, self._table, self.default_value[()],
                                       dtype=self.value_dtype)

    def __getitem__(self, keys) -> Tensor:
        return self.lookup(keys)


class StaticVocabularyTable:
    """Words to int64 ids; unknown words get one of `num_oov_buckets` ids after the vocabulary's.

    Mirrors `tf.lookup.StaticVocabularyTable` (string keys; an int64 vocabulary).
    """

    def __init__(self, initializer: KeyValueTensorInitializer, num_oov_buckets: int,
                 lookup_key_dtype=None, name=None, experimental_is_anonymous=False):
        if num_oov_buckets <= 0:
            raise ValueError(f"`num_oov_buckets` must be > 0; use StaticHashTable. "
                             f"Received: {num_oov_buckets}")
        if initializer.key_dtype is not dtypes.string:
            raise NotImplementedError("StaticVocabularyTable of integer keys is not part of this "
                                      "engine: give string keys")
        self._init = initializer
        self._table = initializer._table()
        self._buckets = int(num_oov_buckets)

    @property
    def key_dtype(self):
        return self._init.key_dtype

    @property
    def value_dtype(self):
        return dtypes.int64

    def size(self, name=None) -> Tensor:
        """The vocabulary's size plus the OOV buckets (int64)."""
        return constant(len(self._table) + self._buckets, dtypes.int64)

    def lookup(self, keys, name=None) -> Tensor:
        """Each word's id; an unknown word's: size + Fingerprint64(word) % num_oov_buckets."""
        return lookup_ops.table_lookup(keys, self._table, num_oov_buckets=self._buckets)

    def __getitem__(self, keys) -> Tensor:
        return self.lookup(keys)


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    from .. import unsupported
    return unsupported.missing("lookup", __name__, name)
