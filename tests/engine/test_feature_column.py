"""tf.feature_column: the columns describe features with TF's settings, names and checks."""
from __future__ import annotations

import pytest

import course.engine as tf

fc = tf.feature_column


def test_columns_are_named_tuples_of_their_settings():
    age = fc.numeric_column("Age")
    assert age == ("Age", (1,), None, tf.float32, None)
    assert age._replace(key="Fee").name == "Fee"


def test_bucketized_column_counts_one_bucket_more_than_boundaries():
    buckets = fc.bucketized_column(fc.numeric_column("Age", shape=2), boundaries=[1, 2, 3, 4, 5])
    assert buckets.num_buckets == 6 * 2  # six ranges for each of the two values
    assert buckets.variable_shape == tf.TensorShape([2, 6])


def test_vocabulary_list_with_oov_buckets_counts_them():
    col = fc.categorical_column_with_vocabulary_list("Type", ("Cat", "Dog"), num_oov_buckets=3)
    assert (col.dtype, col.num_buckets) == (tf.string, 5)
    with pytest.raises(ValueError, match="default_value 0 and num_oov_buckets 3"):
        fc.categorical_column_with_vocabulary_list("T", ["a"], default_value=0, num_oov_buckets=3)


def test_crossed_column_name_does_not_depend_on_key_order():
    kind = fc.categorical_column_with_vocabulary_list("Type", ["Cat", "Dog"])
    buckets = fc.bucketized_column(fc.numeric_column("Age"), [1])
    assert fc.crossed_column([kind, buckets], 7).name == fc.crossed_column([buckets, kind], 7).name \
        == "Age_bucketized_X_Type"


def test_make_parse_example_spec_refuses_two_specs_for_one_key():
    with pytest.raises(ValueError, match="different parse_spec for key Age"):
        fc.make_parse_example_spec([fc.numeric_column("Age"),
                                    fc.numeric_column("Age", dtype=tf.int64)])


def test_embedding_column_default_initializer_is_truncated_normal_of_stddev_one_over_root_dim():
    emb = fc.embedding_column(fc.categorical_column_with_identity("id", 10), dimension=4)
    values = emb.initializer(shape=(2000,)).numpy()
    assert abs(values.std() - 0.5 * 0.88) < 0.03  # a truncated normal's std is 0.88 of stddev
    assert abs(values).max() <= 2 * 0.5
