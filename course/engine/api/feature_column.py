"""`tf.feature_column`: descriptions of how a model's input features are to be read.

    >>> age = tf.feature_column.numeric_column("Age")
    >>> age_buckets = tf.feature_column.bucketized_column(age, boundaries=[1, 3, 5])
    >>> age_buckets.name, age_buckets.num_buckets
    ('Age_bucketized', 4)
    >>> kind = tf.feature_column.categorical_column_with_vocabulary_list("Type", ["Cat", "Dog"])
    >>> tf.feature_column.indicator_column(kind).variable_shape
    TensorShape([1, 2])

A feature column is a named tuple of its settings (TF's classes are too, so
they print the same: `NumericColumn(key='Age', shape=(1,), ...)`). The
constructors check their arguments with TF's rules and messages. In TF 2.21
the columns are deprecated (Keras's preprocessing layers replace them) and
Keras 3 has no `DenseFeatures` layer to turn a batch into a tensor with them,
so this module describes features (`name`, `num_buckets`, `variable_shape`,
`parse_example_spec`, `make_parse_example_spec`) and transforms nothing.
"""
from __future__ import annotations

import collections

import numpy as np

from .. import deprecation, dtypes
from ..ops.parsing_config import FixedLenFeature, VarLenFeature
from ..tensor_shape import TensorShape

__all__ = ["numeric_column", "bucketized_column", "categorical_column_with_vocabulary_list",
           "categorical_column_with_hash_bucket", "categorical_column_with_identity",
           "indicator_column", "embedding_column", "crossed_column", "make_parse_example_spec"]

_INSTRUCTIONS = ("Use Keras preprocessing layers instead, either directly or via the "
                 "`tf.keras.utils.FeatureSpace` utility. Each of `tf.feature_column.*` has a "
                 "functional equivalent in `tf.keras.layers` for feature preprocessing when "
                 "training a Keras model.")


def _deprecated(name: str, instructions: str = _INSTRUCTIONS) -> None:
    # TF logs each column constructor's deprecation once, naming the caller's line.
    deprecation.log_once(f"{name} (from tensorflow.python.feature_column.feature_column_v2)",
                         instructions, depth=2)


class NumericColumn(collections.namedtuple(
        "NumericColumn", ("key", "shape", "default_value", "dtype", "normalizer_fn"))):
    """A real-valued feature read from `features[key]`, of `shape` per example."""

    @property
    def name(self) -> str:
        return self.key

    @property
    def variable_shape(self) -> TensorShape:
        return TensorShape(self.shape)

    @property
    def parse_example_spec(self) -> dict:
        return {self.key: FixedLenFeature(self.shape, self.dtype, self.default_value)}


class BucketizedColumn(collections.namedtuple("BucketizedColumn",
                                              ("source_column", "boundaries"))):
    """A numeric feature cut into ranges: [-inf, b0), [b0, b1), ..., [b_last, inf)."""

    @property
    def name(self) -> str:
        return f"{self.source_column.name}_bucketized"

    @property
    def num_buckets(self) -> int:
        # one range more than boundaries, for each value of the source's shape
        return (len(self.boundaries) + 1) * self.source_column.shape[0]

    @property
    def variable_shape(self) -> TensorShape:
        return TensorShape(tuple(self.source_column.shape) + (len(self.boundaries) + 1,))

    @property
    def parse_example_spec(self) -> dict:
        return self.source_column.parse_example_spec


class VocabularyListCategoricalColumn(collections.namedtuple(
        "VocabularyListCategoricalColumn",
        ("key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"))):
    """A feature whose values are looked up in a list: the index is the value's id."""

    @property
    def name(self) -> str:
        return self.key

    @property
    def num_buckets(self) -> int:
        return len(self.vocabulary_list) + self.num_oov_buckets

    @property
    def parse_example_spec(self) -> dict:
        return {self.key: VarLenFeature(self.dtype)}


class HashedCategoricalColumn(collections.namedtuple("HashedCategoricalColumn",
                                                     ("key", "hash_bucket_size", "dtype"))):
    """A feature whose values are hashed into `hash_bucket_size` ids."""

    @property
    def name(self) -> str:
        return self.key

    @property
    def num_buckets(self) -> int:
        return self.hash_bucket_size

    @property
    def parse_example_spec(self) -> dict:
        return {self.key: VarLenFeature(self.dtype)}


class IdentityCategoricalColumn(collections.namedtuple("IdentityCategoricalColumn",
                                                       ("key", "number_buckets", "default_value"))):
    """A feature whose integer values are their own ids, in [0, num_buckets)."""

    @property
    def name(self) -> str:
        return self.key

    @property
    def num_buckets(self) -> int:
        return self.number_buckets

    @property
    def parse_example_spec(self) -> dict:
        return {self.key: VarLenFeature(dtypes.int64)}


class IndicatorColumn(collections.namedtuple("IndicatorColumn", ("categorical_column",))):
    """A categorical feature as a multi-hot vector of its `num_buckets` ids."""

    @property
    def name(self) -> str:
        return f"{self.categorical_column.name}_indicator"

    @property
    def variable_shape(self) -> TensorShape:
        return TensorShape([1, self.categorical_column.num_buckets])  # (TF's, one row)

    @property
    def parse_example_spec(self) -> dict:
        return self.categorical_column.parse_example_spec


class EmbeddingColumn(collections.namedtuple("EmbeddingColumn", (
        "categorical_column", "dimension", "combiner", "initializer", "ckpt_to_load_from",
        "tensor_name_in_ckpt", "max_norm", "trainable", "use_safe_embedding_lookup"))):
    """A categorical feature as a learned vector of `dimension` numbers per id."""

    @property
    def name(self) -> str:
        return f"{self.categorical_column.name}_embedding"

    @property
    def variable_shape(self) -> TensorShape:
        return TensorShape([self.dimension])

    @property
    def parse_example_spec(self) -> dict:
        return self.categorical_column.parse_example_spec


class CrossedColumn(collections.namedtuple("CrossedColumn",
                                           ("keys", "hash_bucket_size", "hash_key"))):
    """The combinations of several categorical features, hashed into `hash_bucket_size` ids."""

    @property
    def name(self) -> str:
        # TF sorts the names, so the order of `keys` does not change the column's name
        return "_X_".join(sorted(key if isinstance(key, str) else key.name for key in self.keys))

    @property
    def num_buckets(self) -> int:
        return self.hash_bucket_size

    @property
    def parse_example_spec(self) -> dict:
        spec = {}
        for key in self.keys:
            spec.update({key: VarLenFeature(dtypes.string)} if isinstance(key, str)
                        else key.parse_example_spec)
        return spec


_CATEGORICAL = (BucketizedColumn, VocabularyListCategoricalColumn, HashedCategoricalColumn,
                IdentityCategoricalColumn, CrossedColumn)


def _check_key(key) -> None:
    if not isinstance(key, str):
        raise ValueError(f"key must be a string. Got: type {type(key)}. Given key: {key}.")


def numeric_column(key: str, shape=(1,), default_value=None, dtype=dtypes.float32,
                   normalizer_fn=None) -> NumericColumn:
    """A column of real numbers, `features[key]`. Mirrors `tf.feature_column.numeric_column`."""
    _deprecated("numeric_column")
    _check_key(key)
    shape = (shape,) if isinstance(shape, int) else tuple(int(d) for d in shape)
    for size in shape:
        if size < 1:
            raise ValueError(f"shape dimensions must be greater than 0. shape: {shape}, "
                             f"key: {key}")
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype!r}, key: {key}")
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    if default_value is not None:
        default_value = tuple(np.broadcast_to(np.asarray(default_value, dtype.as_numpy_dtype),
                                              shape).ravel().tolist())
    return NumericColumn(key, shape, default_value, dtype, normalizer_fn)


def bucketized_column(source_column: NumericColumn, boundaries) -> BucketizedColumn:
    """`source_column`'s numbers as the index of their range among sorted `boundaries`.
    Mirrors `tf.feature_column.bucketized_column`."""
    _deprecated("bucketized_column")
    if not isinstance(source_column, NumericColumn):
        raise ValueError("source_column must be a column generated with numeric_column(). "
                         f"Given: {source_column}")
    if len(source_column.shape) > 1:
        raise ValueError(f"source_column must be one-dimensional column. Given: {source_column}")
    if not boundaries:
        raise ValueError(f"boundaries must not be empty. Given: {boundaries}")
    boundaries = list(boundaries)
    if any(later <= earlier for earlier, later in zip(boundaries, boundaries[1:])):
        raise ValueError("boundaries must be a sorted list.")
    return BucketizedColumn(source_column, tuple(boundaries))


def categorical_column_with_vocabulary_list(key: str, vocabulary_list, dtype=None,
                                            default_value: int = -1, num_oov_buckets: int = 0
                                            ) -> VocabularyListCategoricalColumn:
    """A column whose value's id is its index in `vocabulary_list` (strings or integers).
    Mirrors `tf.feature_column.categorical_column_with_vocabulary_list`."""
    _deprecated("categorical_column_with_vocabulary_list")
    if vocabulary_list is None or len(vocabulary_list) < 1:
        raise ValueError(f"vocabulary_list {vocabulary_list} must be non-empty, column_name: {key}")
    if len(set(vocabulary_list)) != len(vocabulary_list):
        raise ValueError(f"Duplicate keys in vocabulary_list {vocabulary_list}, column_name: {key}")
    kind = np.asarray(vocabulary_list).dtype.kind  # as TF, NumPy's reading of the whole list
    if kind in "USO":
        list_dtype = dtypes.string
    elif kind in "iu":
        list_dtype = dtypes.int64
    else:
        raise ValueError(f"dtype must be string or integer. dtype: {kind}, column_name: {key}")
    dtype = list_dtype if dtype is None else dtypes.as_dtype(dtype)
    if (dtype == dtypes.string) != (list_dtype == dtypes.string):
        raise ValueError(f"dtype {dtype!r} and vocabulary dtype {list_dtype!r} do not match, "
                         f"column_name: {key}")
    if num_oov_buckets < 0:
        raise ValueError(f"Invalid num_oov_buckets {num_oov_buckets} in {key}.")
    if default_value != -1 and num_oov_buckets != 0:
        raise ValueError(f"Can't specify both default_value {default_value} and "
                         f"num_oov_buckets {num_oov_buckets} in {key}.")
    _check_key(key)
    return VocabularyListCategoricalColumn(key, tuple(vocabulary_list), dtype, default_value,
                                           num_oov_buckets)


def categorical_column_with_hash_bucket(key: str, hash_bucket_size: int,
                                        dtype=dtypes.string) -> HashedCategoricalColumn:
    """A column whose values are hashed into `hash_bucket_size` ids.
    Mirrors `tf.feature_column.categorical_column_with_hash_bucket`."""
    _deprecated("categorical_column_with_hash_bucket")
    if hash_bucket_size is None:
        raise ValueError(f"hash_bucket_size must be set. key: {key}")
    if hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be at least 1. hash_bucket_size: "
                         f"{hash_bucket_size}, key: {key}")
    _check_key(key)
    dtype = dtypes.as_dtype(dtype)
    if not (dtype == dtypes.string or dtype.is_integer):
        raise ValueError(f"dtype must be string or integer. dtype: {dtype!r}, column_name: {key}")
    return HashedCategoricalColumn(key, hash_bucket_size, dtype)


def categorical_column_with_identity(key: str, num_buckets: int,
                                     default_value=None) -> IdentityCategoricalColumn:
    """A column of integer ids in [0, num_buckets).
    Mirrors `tf.feature_column.categorical_column_with_identity`."""
    _deprecated("categorical_column_with_identity")
    if num_buckets < 1:
        raise ValueError(f"num_buckets {num_buckets} < 1, column_name {key}")
    if default_value is not None and not 0 <= default_value < num_buckets:
        raise ValueError(f"default_value {default_value} not in range [0, {num_buckets}), "
                         f"column_name {key}")
    _check_key(key)
    return IdentityCategoricalColumn(key, num_buckets, default_value)


def indicator_column(categorical_column) -> IndicatorColumn:
    """A categorical column as a multi-hot vector. Mirrors `tf.feature_column.indicator_column`."""
    _deprecated("indicator_column")
    if not isinstance(categorical_column, _CATEGORICAL):
        raise ValueError("Unsupported input type. Input must be a CategoricalColumn. "
                         f"Given: {categorical_column}")
    return IndicatorColumn(categorical_column)


def embedding_column(categorical_column, dimension: int, combiner: str = "mean",
                     initializer=None, ckpt_to_load_from=None, tensor_name_in_ckpt=None,
                     max_norm=None, trainable: bool = True,
                     use_safe_embedding_lookup: bool = True) -> EmbeddingColumn:
    """A categorical column as a learned dense vector of `dimension` numbers.
    Mirrors `tf.feature_column.embedding_column`."""
    _deprecated("embedding_column")
    if dimension is None or dimension < 1:
        raise ValueError(f"Invalid dimension {dimension}.")
    if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
        raise ValueError("Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or "
                         "none of them.")
    if initializer is not None and not callable(initializer):
        raise ValueError(f"initializer must be callable if specified. Embedding of column_name: "
                         f"{categorical_column.name}")
    if initializer is None:
        # TF's default: a truncated normal of stddev 1/sqrt(dimension)
        from ..keras.initializers import TruncatedNormal
        initializer = TruncatedNormal(mean=0.0, stddev=1 / np.sqrt(dimension))
    return EmbeddingColumn(categorical_column, dimension, combiner, initializer,
                           ckpt_to_load_from, tensor_name_in_ckpt, max_norm, trainable,
                           use_safe_embedding_lookup)


def crossed_column(keys, hash_bucket_size: int, hash_key=None) -> CrossedColumn:
    """The crossing of several categorical columns (or string keys), hashed into
    `hash_bucket_size` ids. Mirrors `tf.feature_column.crossed_column`."""
    _deprecated("crossed_column", "Use `tf.keras.layers.experimental.preprocessing.HashedCrossing` "
                "instead for feature crossing when preprocessing data to train a Keras model.")
    if not hash_bucket_size or hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be > 1. hash_bucket_size: {hash_bucket_size}")
    if not keys or len(keys) < 2:
        raise ValueError(f"keys must be a list with length > 1. Given: {keys}")
    for key in keys:
        if isinstance(key, HashedCategoricalColumn):
            raise ValueError("categorical_column_with_hash_bucket is not supported for crossing. "
                             "Hashing before crossing will increase probability of collision. "
                             f"Instead, use the feature name as a string. Given: {key}")
        if not isinstance(key, (str,) + _CATEGORICAL):
            raise ValueError("Unsupported key type. All keys must be either string, or "
                             f"categorical column except HashedCategoricalColumn. Given: {key}")
    return CrossedColumn(tuple(keys), hash_bucket_size, hash_key)


def make_parse_example_spec(feature_columns) -> dict:
    """The `tf.io.parse_example` features dict that reads every column's input.
    Mirrors `tf.feature_column.make_parse_example_spec`."""
    spec = {}
    for column in feature_columns:
        if not hasattr(column, "parse_example_spec"):
            raise ValueError(f"All feature_columns must be FeatureColumn instances. "
                             f"Given: {column}")
        for key, feature in column.parse_example_spec.items():
            if key in spec and spec[key] != feature:
                raise ValueError(f"feature_columns contain different parse_spec for key {key}. "
                                 f"Given {feature} and {spec[key]}")
            spec[key] = feature
    return spec


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    from .. import unsupported
    return unsupported.missing("feature_column", __name__, name)
