"""`tf.feature_column`'s constructors: the engine and TF 2.21 agree on the columns' printed
settings, names, bucket counts, variable shapes, parse specs and errors.

TF's feature columns are named tuples of their settings, so `repr` of a column is the
whole description (an EmbeddingColumn's initializer object is left out: its class
path differs).
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


def _age_and_type(tf):
    fc = tf.feature_column
    age = fc.numeric_column("Age")
    return age, fc.bucketized_column(age, boundaries=[1, 3, 5]), \
        fc.categorical_column_with_vocabulary_list("Type", ["Cat", "Dog"])


@cases("numeric_column: a named tuple key, shape (1,), float32; its name is the key")
def _(tf):
    age = tf.feature_column.numeric_column("Age")
    return repr(age), age.name, age.key, age.variable_shape


@cases("numeric_column: an int shape becomes a tuple, default_value is broadcast to it")
def _(tf):
    col = tf.feature_column.numeric_column("x", shape=2, default_value=3, dtype=tf.int64)
    return repr(col), col.variable_shape


@cases("numeric_column: a key that is not a string is TF's ValueError")
def _(tf):
    tf.feature_column.numeric_column(1)


@cases("numeric_column: a zero dimension is TF's ValueError")
def _(tf):
    tf.feature_column.numeric_column("A", shape=(0,))


@cases("bucketized_column: len(boundaries) + 1 buckets, name '<source>_bucketized'")
def _(tf):
    _, buckets, _ = _age_and_type(tf)
    return repr(buckets), buckets.name, buckets.num_buckets, buckets.variable_shape


@cases("bucketized_column: boundaries out of order are TF's ValueError")
def _(tf):
    tf.feature_column.bucketized_column(tf.feature_column.numeric_column("a"), [3, 1])


@cases("bucketized_column: a source that is not a numeric column is TF's ValueError")
def _(tf):
    tf.feature_column.bucketized_column(_age_and_type(tf)[2], boundaries=[1])


@cases("bucketized_column: a source of more than one dimension is TF's ValueError")
def _(tf):
    fc = tf.feature_column
    fc.bucketized_column(fc.numeric_column("x", shape=(2, 2)), [1])


@cases("vocabulary_list: strings give tf.string, num_buckets is the list's length")
def _(tf):
    kind = _age_and_type(tf)[2]
    return repr(kind), kind.name, kind.num_buckets


@cases("vocabulary_list: NumPy integers give tf.int64, out-of-vocabulary buckets add ids")
def _(tf):
    col = tf.feature_column.categorical_column_with_vocabulary_list(
        "B", np.array([3, 1, 2]), num_oov_buckets=2)
    return col.dtype, col.num_buckets, col.vocabulary_list == (3, 1, 2)


@cases("vocabulary_list: duplicates are TF's ValueError")
def _(tf):
    tf.feature_column.categorical_column_with_vocabulary_list("T", ["a", "a"])


@cases("vocabulary_list: an empty list is TF's ValueError")
def _(tf):
    tf.feature_column.categorical_column_with_vocabulary_list("T", [])


@cases("hash_bucket: hash_bucket_size buckets of string values")
def _(tf):
    col = tf.feature_column.categorical_column_with_hash_bucket("Breed1", hash_bucket_size=10)
    return repr(col), col.num_buckets


@cases("hash_bucket: a size below 1 is TF's ValueError")
def _(tf):
    tf.feature_column.categorical_column_with_hash_bucket("B", 0)


@cases("identity: num_buckets ids, default_value inside them")
def _(tf):
    col = tf.feature_column.categorical_column_with_identity("id", 4, default_value=0)
    return repr(col), col.num_buckets


@cases("indicator_column: '<categorical>_indicator', one entry per bucket")
def _(tf):
    ind = tf.feature_column.indicator_column(_age_and_type(tf)[2])
    return repr(ind), ind.name, ind.variable_shape


@cases("indicator_column: a numeric column is TF's ValueError")
def _(tf):
    tf.feature_column.indicator_column(_age_and_type(tf)[0])


@cases("embedding_column: '<categorical>_embedding', dimension numbers, TF's defaults")
def _(tf):
    emb = tf.feature_column.embedding_column(_age_and_type(tf)[2], dimension=8)
    return (emb.name, emb.dimension, emb.combiner, emb.max_norm, emb.trainable,
            emb.use_safe_embedding_lookup, emb.variable_shape, callable(emb.initializer))


@cases("embedding_column: a dimension of 0 is TF's ValueError")
def _(tf):
    tf.feature_column.embedding_column(_age_and_type(tf)[2], dimension=0)


@cases("crossed_column: the keys' names sorted and joined by '_X_'")
def _(tf):
    _, buckets, kind = _age_and_type(tf)
    crossed = tf.feature_column.crossed_column([kind, buckets], hash_bucket_size=10)
    return repr(crossed)[:60], crossed.name, crossed.num_buckets


@cases("crossed_column: one key is TF's ValueError")
def _(tf):
    tf.feature_column.crossed_column([_age_and_type(tf)[1]], 10)


@cases("crossed_column: a numeric key is TF's ValueError")
def _(tf):
    age, _, kind = _age_and_type(tf)
    tf.feature_column.crossed_column([age, kind], 10)


@cases("crossed_column: a hashed key is TF's ValueError")
def _(tf):
    fc = tf.feature_column
    fc.crossed_column([fc.categorical_column_with_hash_bucket("h", 3), "k"], 10)


@cases("make_parse_example_spec: FixedLenFeature for numbers, VarLenFeature for categories")
def _(tf):
    fc = tf.feature_column
    age, buckets, kind = _age_and_type(tf)
    spec = fc.make_parse_example_spec([age, fc.indicator_column(
        fc.crossed_column([buckets, kind, "Color"], 5))])
    return sorted((key, repr(feature)) for key, feature in spec.items())


@pytest.mark.parametrize("fn,compare_message,rtol", cases.params)
def test_feature_column(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
