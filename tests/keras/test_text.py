"""TextVectorization, its token ops, and text_dataset_from_directory (rules from Keras 3's docs).

The expected values are worked out by hand from the documented rules (the
vocabulary sorted by count then word, descending; '' = 0 and '[UNK]' = 1 in int
mode; Keras's RandomState(seed) file shuffle); tests/differential/
test_against_tensorflow_text.py runs the same kinds of case against TF 2.21.
"""
from __future__ import annotations

import os

import numpy as np
import pytest

import course.engine as tf
from course.engine.ops import lookup_ops

TEXTS = ["The cat sat.", "the dog sat on the mat!", "a cat, a dog"]


def adapted(**kwargs):
    layer = tf.keras.layers.TextVectorization(**kwargs)
    layer.adapt(TEXTS)
    return layer


# -- the token ops -----------------------------------------------------------------------------
def test_split_gives_the_words_and_row_splits_with_runs_of_whitespace_as_one():
    words, splits = lookup_ops.ragged_string_split(tf.constant([" a  b ", "", "c"]))
    assert words.numpy().tolist() == [b"a", b"b", b"c"]
    assert splits.numpy().tolist() == [0, 2, 2, 3]


def test_lookup_gives_the_default_for_missing_keys_and_hash_buckets_past_the_table():
    table = {b"a": 0, b"b": 1}
    assert lookup_ops.table_lookup(tf.constant([["b", "z"]]), table).numpy().tolist() == [[1, -1]]
    # an unknown key -> len(table) + Fingerprint64(key) % buckets, the same as to_hash_bucket_fast
    bucket = int(tf.strings.to_hash_bucket_fast("z", 3))
    got = lookup_ops.table_lookup(tf.constant(["z", "a"]), table, num_oov_buckets=3)
    assert got.numpy().tolist() == [2 + bucket, 0]


def test_ragged_to_dense_pads_with_zero_and_cuts_to_the_length():
    values, splits = tf.constant([5, 6, 7], tf.int64), tf.constant([0, 2, 2, 3], tf.int64)
    assert lookup_ops.ragged_to_dense(values, splits).numpy().tolist() == [[5, 6], [0, 0], [7, 0]]
    assert lookup_ops.ragged_to_dense(values, splits, 1).numpy().tolist() == [[5], [0], [7]]


def test_bincount_counts_per_row_or_marks_presence():
    splits, values = tf.constant([0, 3, 4], tf.int64), tf.constant([2, 2, 0, 1], tf.int64)
    assert lookup_ops.ragged_bincount(splits, values, 3).numpy().tolist() == [[1, 0, 2], [0, 1, 0]]
    binary = lookup_ops.ragged_bincount(splits, values, 3, binary_output=True)
    assert binary.numpy().tolist() == [[1, 0, 1], [0, 1, 0]]


# -- TextVectorization -------------------------------------------------------------------------
def test_adapt_sorts_by_count_then_word_descending_after_the_special_tokens():
    # the:3, a:2, cat:2, dog:2, sat:2 (ties: sat > dog > cat > a), mat:1, on:1 (on > mat)
    assert adapted().get_vocabulary() == ["", "[UNK]", "the", "sat", "dog", "cat", "a", "on", "mat"]
    assert adapted(max_tokens=4).get_vocabulary() == ["", "[UNK]", "the", "sat"]


def test_int_output_marks_unknown_words_1_and_pads_with_0():
    out = adapted(max_tokens=4)(["the sat cat", "sat"])
    assert out.dtype == tf.int64
    assert out.numpy().tolist() == [[2, 3, 1], [3, 0, 0]]


def test_output_sequence_length_pads_and_cuts_every_row():
    out = adapted(output_sequence_length=2)(tf.constant([["the cat sat"], ["dog"]]))
    assert out.numpy().tolist() == [[2, 5], [4, 0]]


def test_a_single_text_gives_a_single_row_without_batch_axis():
    assert adapted()(tf.constant("The dog")).numpy().tolist() == [2, 4]


def test_multi_hot_has_no_padding_index_and_unknown_words_at_0():
    layer = adapted(output_mode="binary", max_tokens=3)
    assert layer.get_vocabulary() == ["[UNK]", "the", "sat"]
    assert layer(["the the zebra", "sat"]).numpy().tolist() == [[1, 1, 0], [0, 0, 1]]
    assert adapted(output_mode="count", max_tokens=3)(["the the zebra"]).numpy().tolist() == \
        [[1, 2, 0]]


def test_a_standardize_function_replaces_the_default_one():
    layer = tf.keras.layers.TextVectorization(
        standardize=lambda t: tf.strings.regex_replace(t, "<br />", " "))
    layer.adapt(["A<br />b b"])
    assert layer.get_vocabulary() == ["", "[UNK]", "b", "A"]


def test_it_runs_inside_dataset_map_as_eagerly():
    layer = adapted(output_sequence_length=3)
    ds = tf.data.Dataset.from_tensor_slices(TEXTS).batch(2).map(layer)
    batches = [b.tolist() for b in ds.as_numpy_iterator()]
    assert batches == [layer(TEXTS[:2]).numpy().tolist(), layer(TEXTS[2:]).numpy().tolist()]


def test_a_model_on_raw_strings_fits_and_predicts():
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([adapted(output_mode="multi_hot"), tf.keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd")
    model.fit(tf.constant(TEXTS), tf.constant([1.0, 0.0, 1.0]), epochs=2, verbose=0)
    assert model.predict(tf.constant(["cat"]), verbose=0).shape == (1, 1)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="output_sequence_length` must not be set"):
        tf.keras.layers.TextVectorization(output_mode="multi_hot", output_sequence_length=2)
    with pytest.raises(ValueError, match="input rank must be 1 or the last shape dimension"):
        adapted()(tf.constant([["a", "b"]]))
    with pytest.raises(RuntimeError, match="you must set the layer's vocabulary"):
        tf.keras.layers.TextVectorization(output_mode="multi_hot")(["a"])
    with pytest.raises(NotImplementedError, match="ngrams"):
        tf.keras.layers.TextVectorization(ngrams=2)


# -- text_dataset_from_directory ----------------------------------------------------------------
@pytest.fixture
def folder(tmp_path):
    for label, n in (("pos", 3), ("neg", 2)):
        (tmp_path / label).mkdir()
        for i in range(n):
            (tmp_path / label / f"{i}.txt").write_text(f"{label} {i}")
        (tmp_path / label / "skip.md").write_text("not text")
    return str(tmp_path)


def test_unshuffled_files_come_in_sorted_order_with_folder_labels(folder, capsys):
    ds = tf.keras.utils.text_dataset_from_directory(folder, shuffle=False, batch_size=None)
    assert capsys.readouterr().out == "Found 5 files belonging to 2 classes.\n"
    assert ds.class_names == ["neg", "pos"]
    assert [(t.decode(), int(y)) for t, y in ds.as_numpy_iterator()] == [
        ("neg 0", 0), ("neg 1", 0), ("pos 0", 1), ("pos 1", 1), ("pos 2", 1)]


def test_the_split_is_the_last_fifth_of_the_seeded_shuffle(folder, capsys):
    # Keras: the sorted paths shuffled by np.random.RandomState(seed), validation at the end
    paths = [os.path.join(folder, p) for p in
             ["neg/0.txt", "neg/1.txt", "pos/0.txt", "pos/1.txt", "pos/2.txt"]]
    np.random.RandomState(5).shuffle(paths)
    val = tf.keras.utils.text_dataset_from_directory(folder, validation_split=0.2,
                                                     subset="validation", seed=5)
    assert capsys.readouterr().out.splitlines()[-1] == "Using 1 files for validation."
    (texts, labels), = list(val.as_numpy_iterator())
    with open(paths[-1]) as f:
        assert texts.tolist() == [f.read().encode()]
    assert labels.dtype == np.int32


def test_binary_labels_are_float32_columns(folder):
    ds = tf.keras.utils.text_dataset_from_directory(folder, label_mode="binary", shuffle=False,
                                                    verbose=False)
    assert str(ds.element_spec[1]) == "TensorSpec(shape=(None, 1), dtype=tf.float32, name=None)"


def test_a_split_without_a_seed_is_refused(folder):
    with pytest.raises(ValueError, match="you must provide a `seed`"):
        tf.keras.utils.text_dataset_from_directory(folder, validation_split=0.2, subset="training")


# -- tf.lookup ----------------------------------------------------------------------------------
def test_a_vocabulary_table_gives_unknown_words_an_id_past_the_vocabulary_by_hash():
    init = tf.lookup.KeyValueTensorInitializer(["", "a", "b"], range(3), key_dtype=tf.string,
                                               value_dtype=tf.int64)
    table = tf.lookup.StaticVocabularyTable(init, num_oov_buckets=2)
    bucket = int(tf.strings.to_hash_bucket_fast("zz", 2))
    assert table.lookup(tf.constant(["b", "", "zz"])).numpy().tolist() == [2, 0, 3 + bucket]
    assert int(table.size()) == 5


def test_a_hash_table_gives_the_default_and_keeps_the_value_dtype():
    init = tf.lookup.KeyValueTensorInitializer(["a"], [1.5])
    out = tf.lookup.StaticHashTable(init, default_value=-1.0).lookup(tf.constant(["a", "b"]))
    assert out.dtype == tf.float32 and out.numpy().tolist() == [1.5, -1.0]
