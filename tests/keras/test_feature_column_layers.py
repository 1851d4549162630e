"""The preprocessing layers TF's feature-column migration guide uses in place of feature
columns: `Discretization`, lookups with `num_oov_indices=0`, `CategoryEncoding` with
`count_weights` and `sparse=True`. Expected values follow Keras 3's documented rules
(written in each test); test_against_tensorflow_ninth_set.py checks them against TF."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf


def test_discretization_counts_the_boundaries_at_or_below_each_value():
    # bucket i: boundaries[i-1] <= x < boundaries[i]; a value on a boundary goes up
    layer = tf.keras.layers.Discretization(bin_boundaries=[0.0, 1.0, 2.5])
    out = layer(np.array([-5.0, 0.0, 0.99, 1.0, 2.5, 100.0], "float32"))
    assert out.dtype == tf.int32
    np.testing.assert_array_equal(out.numpy(), [0, 1, 1, 2, 3, 3])


def test_discretization_runs_in_a_traced_function_and_in_fit():
    layer = tf.keras.layers.Discretization(bin_boundaries=[0.5], output_mode="one_hot")
    traced = tf.function(lambda x: layer(x))
    np.testing.assert_array_equal(traced(tf.constant([[0.2], [0.7]])).numpy(), [[1, 0], [0, 1]])
    inputs = tf.keras.Input((1,))
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(layer(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.array([[0.2], [0.7]], "float32"), np.array([[0.0], [1.0]], "float32"),
              verbose=0, epochs=2)
    assert model.predict(np.array([[0.9]], "float32"), verbose=0).shape == (1, 1)


def test_discretization_without_boundaries_says_to_pass_them():
    with pytest.raises(NotImplementedError, match="pass bin_boundaries"):
        tf.keras.layers.Discretization(num_bins=4).adapt(np.arange(8.0))
    with pytest.raises(ValueError, match="pass the `bin_boundaries` argument"):
        tf.keras.layers.Discretization(num_bins=4)(np.arange(8.0))


def test_discretization_sparse_needs_an_encoded_output_mode():
    with pytest.raises(ValueError, match="`sparse` may only be true"):
        tf.keras.layers.Discretization(bin_boundaries=[1.0], sparse=True)


def test_lookup_without_oov_index_numbers_the_terms_from_zero():
    lookup = tf.keras.layers.StringLookup(vocabulary=["a", "b", "c"], num_oov_indices=0)
    np.testing.assert_array_equal(lookup(["c", "a"]).numpy(), [2, 0])
    assert lookup.get_vocabulary() == ["a", "b", "c"] and lookup.vocabulary_size() == 3
    # a vocabulary given back keeps its terms (no OOV entry to strip)
    again = tf.keras.layers.StringLookup(vocabulary=lookup.get_vocabulary(), num_oov_indices=0)
    assert again.get_vocabulary() == ["a", "b", "c"]


def test_lookup_without_oov_index_fails_on_an_unknown_value_eagerly_and_traced():
    lookup = tf.keras.layers.StringLookup(vocabulary=["a", "b"], num_oov_indices=0)
    with pytest.raises(tf.errors.InvalidArgumentError, match='found OOV values \\["x"\\]'):
        lookup(["a", "x"])
    traced = tf.function(lambda x: lookup(x))
    np.testing.assert_array_equal(traced(tf.constant(["b", "a"])).numpy(), [1, 0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_oov_indices=0"):
        traced(tf.constant(["a", "zz"]))


def test_lookup_with_two_oov_indices_is_named_as_missing():
    with pytest.raises(NotImplementedError, match="num_oov_indices above 1"):
        tf.keras.layers.StringLookup(vocabulary=["a"], num_oov_indices=2)


def test_count_weights_add_each_index_weight():
    # index 5 appears with weights 0.5 and 0.7: its count is 1.2
    layer = tf.keras.layers.CategoryEncoding(num_tokens=6, output_mode="count")
    out = layer(tf.constant([[5, 1, 5]]), count_weights=tf.constant([[0.5, 2.0, 0.7]]))
    np.testing.assert_allclose(out.numpy(), [[0, 2.0, 0, 0, 0, 1.2]], rtol=1e-6)


def test_count_weights_must_have_the_inputs_shape():
    layer = tf.keras.layers.CategoryEncoding(num_tokens=6, output_mode="count")
    with pytest.raises(ValueError, match="must have the shape of the inputs"):
        layer(tf.constant([[5, 1, 5]]), count_weights=tf.constant([[0.5, 2.0]]))


def test_sparse_output_holds_only_the_nonzero_counts_and_feeds_dense():
    layer = tf.keras.layers.CategoryEncoding(num_tokens=4, output_mode="count", sparse=True)
    out = layer(tf.constant([[3, 3, 0]]))
    assert isinstance(out, tf.SparseTensor)
    np.testing.assert_array_equal(out.indices.numpy(), [[0, 0], [0, 3]])
    np.testing.assert_array_equal(out.values.numpy(), [1.0, 2.0])
    dense = tf.keras.layers.Dense(2, use_bias=False, kernel_initializer="ones")
    np.testing.assert_allclose(dense(out).numpy(), [[3.0, 3.0]])
