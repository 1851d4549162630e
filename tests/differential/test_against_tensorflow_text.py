"""Text input on this engine and on real TensorFlow 2.21: the same cases agree.

`tf.keras.layers.TextVectorization` (standardize, split, adapt, the int and
multi_hot/count outputs, padding to `output_sequence_length`), `tf.keras.utils.
text_dataset_from_directory` (the files found, the seeded split, the label
modes), `tf.lookup`'s static tables and `tf.metrics`. Run against TF 2.21 (the tests skip where TensorFlow
is not installed):

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest -q \\
        tests/differential/test_against_tensorflow_text.py

Each case is a function of the module (`tf`); compare.py says what "agree" means.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import string
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check, quiet as _quiet

case = Cases()

TEXTS = ["The cat sat.", "the DOG sat on the mat!", "a cat, a dog", "zz", "Dog<br />dog  cat"]


def _adapted(tf, **kwargs):
    layer = tf.keras.layers.TextVectorization(**kwargs)
    layer.adapt(TEXTS)
    return layer


# -- TextVectorization -------------------------------------------------------------------------
case("adapt: most frequent first, ties by the word descending; '' and [UNK] first")(
    lambda tf: [str(t) for t in _adapted(tf).get_vocabulary()])
case("max_tokens counts the special indices")(lambda tf: (
    [str(t) for t in _adapted(tf, max_tokens=5).get_vocabulary()],
    _adapted(tf, max_tokens=5).vocabulary_size()))
case("int output: unknown words are 1, rows padded with 0 to the longest")(
    lambda tf: _adapted(tf, max_tokens=6)(TEXTS + ["unknown words here"]))
case("output_sequence_length pads and cuts")(
    lambda tf: _adapted(tf, output_sequence_length=3)(TEXTS))
case("a column of texts (n, 1) and a single text")(lambda tf: (
    _adapted(tf, output_sequence_length=4)(tf.constant([["the cat"], ["x"]])),
    _adapted(tf, output_sequence_length=4)(tf.constant("the cat sat on the mat"))))
case("multi_hot ('binary'): no padding index, [UNK] is 0")(lambda tf: (
    [str(t) for t in _adapted(tf, output_mode="binary").get_vocabulary()],
    _adapted(tf, output_mode="binary")(TEXTS), _adapted(tf, output_mode="binary")("cat cat")))
case("count mode counts repeats")(
    lambda tf: _adapted(tf, output_mode="count", max_tokens=4)(["the the cat dog dog dog"]))
case("standardize options")(lambda tf: tuple(
    [str(t) for t in _adapted(tf, standardize=s).get_vocabulary()]
    for s in (None, "lower", "strip_punctuation")))


@case("a standardize function (the text classification tutorial's)")
def _(tf):
    def custom(data):
        lower = tf.strings.lower(data)
        no_html = tf.strings.regex_replace(lower, "<br />", " ")
        return tf.strings.regex_replace(no_html, "[%s]" % re.escape(string.punctuation), "")
    layer = tf.keras.layers.TextVectorization(standardize=custom, output_sequence_length=5)
    layer.adapt(tf.data.Dataset.from_tensor_slices(TEXTS).batch(2))
    return [str(t) for t in layer.get_vocabulary()], layer(tf.expand_dims(TEXTS[-1], -1))


case("a given vocabulary")(lambda tf: tf.keras.layers.TextVectorization(
    vocabulary=["cat", "dog"], output_sequence_length=3)(["dog cat bird x y"]))
case("inside Dataset.map (a traced function)")(lambda tf: list(
    tf.data.Dataset.from_tensor_slices(TEXTS).batch(2).map(
        _adapted(tf, output_sequence_length=3)).as_numpy_iterator()))
case("on symbolic inputs: the output shapes and dtypes")(lambda tf: tuple(
    (tuple(out.shape), out.dtype) for out in (
        _adapted(tf, output_sequence_length=4)(tf.keras.Input(shape=(1,), dtype="string")),
        _adapted(tf)(tf.keras.Input(shape=(1,), dtype="string")))))
case("compute_output_shape")(lambda tf: (
    _adapted(tf).compute_output_shape((None,)),
    _adapted(tf, output_sequence_length=4).compute_output_shape((None, 1)),
    _adapted(tf, output_mode="multi_hot").compute_output_shape((None,))))
case("output_sequence_length outside int mode")(lambda tf: tf.keras.layers.TextVectorization(
    output_mode="multi_hot", output_sequence_length=3))
case("an unknown output_mode")(lambda tf: tf.keras.layers.TextVectorization(output_mode="bad"))
case("a rank-2 input whose last dimension is not 1")(
    lambda tf: _adapted(tf)(tf.constant([["a", "b"]])))


@case("a model that starts with TextVectorization: fit and predict on raw strings")
def _(tf):
    tf.keras.utils.set_random_seed(1)
    vectorize = _adapted(tf, output_mode="multi_hot")
    model = tf.keras.Sequential([vectorize, tf.keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="sgd")
    x, y = tf.constant(TEXTS), tf.constant([1, 0, 1, 0, 1])
    with contextlib.redirect_stdout(io.StringIO()):
        history = model.fit(x, y, epochs=1, verbose=0)
        out = model.predict(tf.constant(["cat"]), verbose=0)
    return len(history.history["loss"]), out.shape, out.dtype


@case("binary labels (n,) against a sigmoid column (n, 1) of logits")
def _(tf):
    tf.keras.utils.set_random_seed(2)
    model = tf.keras.Sequential([tf.keras.Input((2,)),
                                 tf.keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss=tf.keras.losses.BinaryCrossentropy(), optimizer="sgd",
                  metrics=[tf.metrics.BinaryAccuracy(threshold=0.5)])
    ds = tf.data.Dataset.from_tensor_slices((np.ones((4, 2), "float32"),
                                             np.array([0, 1, 1, 0], "int32"))).batch(2)
    history = model.fit(ds, epochs=1, verbose=0)
    return sorted(history.history)


case("tf.metrics is tf.keras.metrics")(lambda tf: (
    tf.metrics is tf.keras.metrics, tf.metrics.BinaryAccuracy(threshold=0.5)([1, 0], [0.7, 0.6])))
case("Dropout and GlobalAveragePooling1D are built at once (no weights)")(lambda tf: (
    tf.keras.layers.Dropout(0.2).built, tf.keras.layers.GlobalAveragePooling1D().built,
    tf.keras.layers.Dense(1).built))


# -- text_dataset_from_directory ----------------------------------------------------------------
def _folder() -> str:
    """class folders a/, b/ (and c/ with a nested folder), .txt files and one .md file."""
    root = tempfile.mkdtemp(prefix="text_ds_")
    for label, n in (("b", 7), ("a", 5), ("c", 3)):
        os.makedirs(os.path.join(root, label, "inner"))
        for i in range(n):
            with open(os.path.join(root, label, f"{i}_{label}.txt"), "w") as f:
                f.write(f"text {i} of {label} " * (i + 1))
        with open(os.path.join(root, label, "inner", "deep.txt"), "w") as f:
            f.write(f"deep {label}")
        with open(os.path.join(root, label, "notes.md"), "w") as f:
            f.write("not a text file")
    os.makedirs(os.path.join(root, ".hidden"))
    return root


def _all(ds) -> list:
    return [tuple(np.asarray(part).tolist() for part in element) if isinstance(element, tuple)
            else np.asarray(element).tolist() for element in ds.as_numpy_iterator()]


@case("unshuffled: files in sorted walk order, labels from folder names, counts printed")
def _(tf):
    root = _folder()
    printed, ds = _quiet(lambda: tf.keras.utils.text_dataset_from_directory(
        root, shuffle=False, batch_size=4))
    return printed.replace(root, "<root>"), ds.class_names, str(ds.element_spec), _all(ds)


@case("a seeded split: the training and validation files (as a set) and counts")
def _(tf):
    root = _folder()
    outputs = []
    for subset in ("training", "validation"):
        printed, ds = _quiet(lambda: tf.keras.utils.text_dataset_from_directory(
            root, batch_size=None, validation_split=0.25, subset=subset, seed=7))
        outputs.append((printed.replace(root, "<root>"),
                        sorted((t.decode(), int(y)) for t, y in ds.as_numpy_iterator())))
    return outputs


@case("a seeded dataset: the batches in TF's order (Keras's file shuffle, then shuffle(seed))")
def _(tf):
    tf.random.set_seed(None)
    root = _folder()
    _, ds = _quiet(lambda: tf.keras.utils.text_dataset_from_directory(
        root, batch_size=4, validation_split=0.2, subset="training", seed=42))
    return _all(ds)


@case("subset='both' returns both datasets")
def _(tf):
    root = _folder()
    printed, (train, val) = _quiet(lambda: tf.keras.utils.text_dataset_from_directory(
        root, validation_split=0.2, subset="both", seed=3, batch_size=2))
    return printed.replace(root, "<root>"), train.class_names, val.class_names, \
        sum(int(np.shape(x)[0]) for x, _ in train), sum(int(np.shape(x)[0]) for x, _ in val)


case("label modes binary and categorical, class_names, max_length")(lambda tf: tuple(
    (str(ds.element_spec), _all(ds)) for ds in (_quiet(lambda: tf.keras.utils.text_dataset_from_directory(
        _folder(), label_mode="categorical", class_names=["c", "a"], shuffle=False,
        max_length=6, batch_size=3))[1],)))
case("label_mode='binary' needs two classes")(lambda tf: _quiet(
    lambda: tf.keras.utils.text_dataset_from_directory(_folder(), label_mode="binary")))
case("no labels")(lambda tf: _all(_quiet(lambda: tf.keras.utils.text_dataset_from_directory(
    _folder(), labels=None, shuffle=False, batch_size=None))[1])[:3])
case("validation_split without a seed")(lambda tf: tf.keras.utils.text_dataset_from_directory(
    _folder(), validation_split=0.2, subset="training"))
case("subset without validation_split")(lambda tf: tf.keras.utils.text_dataset_from_directory(
    _folder(), subset="training"))
case("an unknown label_mode")(lambda tf: tf.keras.utils.text_dataset_from_directory(
    _folder(), label_mode="sparse"))
case("class_names that are not folders")(lambda tf: _quiet(
    lambda: tf.keras.utils.text_dataset_from_directory(_folder(), class_names=["a", "zz"])))


# -- tf.lookup ----------------------------------------------------------------------------------
def _init(tf, keys=("", "a", "b", "c")):
    return tf.lookup.KeyValueTensorInitializer(list(keys), range(len(keys)), key_dtype=tf.string,
                                               value_dtype=tf.int64)


case("StaticVocabularyTable: the vocabulary's ids, then one per OOV bucket by hash")(lambda tf: (
    tf.lookup.StaticVocabularyTable(_init(tf), 1).lookup(tf.constant([""] + list("abcdefghi"))),
    tf.lookup.StaticVocabularyTable(_init(tf), 3).lookup(tf.constant([["x", "yy"], ["a", "q"]])),
    tf.lookup.StaticVocabularyTable(_init(tf), 3).size(),
    tf.lookup.StaticVocabularyTable(_init(tf), 1).value_dtype))
case("StaticHashTable: default_value, float values, size, []")(lambda tf: (
    tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(
        tf.constant(["x", "y"]), tf.constant([7, 8], tf.int64)), -1).lookup(tf.constant(["y", "q"])),
    tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a"], [1.5]), -1.0).lookup(
        tf.constant(["a", "b"])),
    tf.lookup.StaticHashTable(_init(tf), -1).size(),
    tf.lookup.StaticHashTable(_init(tf), -1)[tf.constant("b")],
    _init(tf).key_dtype, _init(tf).value_dtype))


@case("a table's lookup in tf.function and in Dataset.map")
def _(tf):
    table = tf.lookup.StaticVocabularyTable(_init(tf), 2)
    return (tf.function(table.lookup)(tf.constant(["b", "q"])),
            list(tf.data.Dataset.from_tensor_slices(["a", "zz"]).map(table.lookup)
                 .as_numpy_iterator()))


@case("the text tutorial's vocabulary table, as a Keras layer")
def _(tf):
    class VocabTable(tf.keras.layers.Layer):
        def __init__(self, vocab):
            super().__init__()
            self.table = tf.lookup.StaticVocabularyTable(_init(tf, [""] + vocab), 1)

        def call(self, x):
            return self.table.lookup(x)
    return VocabTable(["a", "b", "c"])(tf.constant([""] + list("abcdefghi")))


@pytest.mark.parametrize("fn, compare_message, rtol", case.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
