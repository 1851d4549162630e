"""`TextVectorization`: strings -> token indices (or a multi-hot / count row per text).

The layer works in the four steps of Keras's: standardize (lowercase, strip
punctuation, or your function), split on whitespace, look each word up in a
vocabulary learned by `adapt`, then pad the rows to `output_sequence_length`
(or count the indices per text):

    >>> layer = tf.keras.layers.TextVectorization(output_sequence_length=4)
    >>> layer.adapt(["The cat sat.", "the dog sat on the mat!"])
    >>> layer.get_vocabulary()[:4]
    ['', '[UNK]', 'the', 'sat']
    >>> layer(["the cat sat on"])
    <tf.Tensor: shape=(1, 4), dtype=int64, numpy=array([[2, 5, 3, 7]])>

In "int" mode index 0 is padding (the mask token '') and 1 is the unknown
word ("[UNK]"); the learned words follow, most frequent first, ties broken by
the word, greater first (Keras sorts by (count, word) descending). In
"multi_hot" ("binary"), "count" modes there is no padding index: "[UNK]" is 0.
`max_tokens` counts those special indices too.

Each step is an op (ops/lookup_ops.py), so the layer runs the same eagerly,
inside `Dataset.map` and inside a traced `fit` step on raw strings.
Read next: ops/lookup_ops.py.
"""
from __future__ import annotations

import collections
import re
import string

import numpy as np

from .. import dtypes
from ..ops import array_ops, lookup_ops, string_ops
from ..tensor import Tensor, convert_to_tensor
from .layers import Layer

__all__ = ["TextVectorization"]

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_STANDARDIZE = (None, "lower_and_strip_punctuation", "lower", "strip_punctuation")
# Keras's punctuation pattern: Python's string.punctuation, as a character class
_PUNCTUATION = "[" + re.escape(string.punctuation) + "]"


class TextVectorization(Layer):
    """Strings to token indices with a learned vocabulary. Mirrors `keras.layers.TextVectorization`.

    >>> layer = tf.keras.layers.TextVectorization(output_mode="multi_hot")
    >>> layer.adapt(["a b b", "c"])
    >>> layer(["b c"])
    <tf.Tensor: shape=(1, 4), dtype=int64, numpy=array([[0, 1, 0, 1]])>
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode: str = "int",
                 output_sequence_length=None, pad_to_max_tokens: bool = False,
                 vocabulary=None, idf_weights=None, sparse: bool = False, ragged: bool = False,
                 encoding: str = "utf-8", name=None, **kwargs):
        kwargs.pop("dtype", None)  # (Keras: a string layer)
        kwargs.pop("vocabulary_size", None)  # (a saved config's note of the size)
        super().__init__(name=name, **kwargs)
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if not (standardize in _STANDARDIZE or callable(standardize)):
            raise ValueError(f"Invalid value for argument `standardize`. Expected one of "
                             f"{list(_STANDARDIZE)} or a callable. Received: {standardize}")
        if split != "whitespace":
            raise NotImplementedError(f"TextVectorization(split={split!r}) is not part of this "
                                      "engine: it splits on 'whitespace'")
        if output_mode not in _MODES:
            raise ValueError(f"Unknown value for `output_mode` argument of TextVectorization. "
                             f"Allowed values are: {_MODES}. Received: output_mode={output_mode}")
        if output_sequence_length is not None and not isinstance(output_sequence_length, int):
            raise ValueError("`output_sequence_length` must be either None or an integer when "
                             "`output_mode` is 'int'. Received: "
                             f"output_sequence_length={output_sequence_length}")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError("`output_sequence_length` must not be set if `output_mode` is not "
                             f"'int'. Received output_sequence_length={output_sequence_length}.")
        if ngrams is not None or output_mode in ("one_hot", "tf_idf") or pad_to_max_tokens or \
                sparse or ragged or idf_weights is not None or isinstance(vocabulary, str):
            raise NotImplementedError(
                "TextVectorization: ngrams, output_mode 'one_hot' and 'tf_idf', "
                "pad_to_max_tokens, sparse, ragged and a vocabulary file are not part of this "
                "engine")
        self.max_tokens, self.standardize, self.split = max_tokens, standardize, split
        self.output_mode, self.output_sequence_length = output_mode, output_sequence_length
        self.encoding = encoding
        self._terms = None  # the learned (or given) words, without '' and '[UNK]'
        self._table = None  # bytes -> index, for the LookupTableFindV2 op
        if vocabulary is not None:
            self.set_vocabulary(vocabulary)
        self.built = True  # (no weights: the vocabulary is data of the layer)

    # -- the vocabulary -----------------------------------------------------------------------
    def _specials(self) -> list:
        # int mode: '' (padding, 0) then '[UNK]' (1); the count modes: '[UNK]' (0)
        return ["", "[UNK]"] if self.output_mode == "int" else ["[UNK]"]

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Sets the words (a list, array or 1-D tensor). Mirrors `set_vocabulary`."""
        if isinstance(vocabulary, Tensor):
            vocabulary = vocabulary.numpy()
        terms = [t.decode(self.encoding) if isinstance(t, bytes) else str(t)
                 for t in np.asarray(vocabulary, dtype=object).reshape(-1).tolist()]
        specials = self._specials()
        if terms[:len(specials)] == specials:  # (a vocabulary from get_vocabulary())
            terms = terms[len(specials):]
        repeated = [t for t, n in collections.Counter(terms).items() if n > 1]
        if repeated:
            raise ValueError("The passed vocabulary has at least one repeated term. Please "
                             f"uniquify your dataset. The repeated terms are: {repeated}")
        self._use(terms)

    def _use(self, terms: list) -> None:
        self._terms = terms
        start = len(self._specials())
        self._table = {t.encode(self.encoding): i + start for i, t in enumerate(terms)}
        if self.output_mode == "int":
            self._table[b""] = 0  # (the padding word is the mask, index 0)

    def vocabulary_size(self) -> int:
        """The number of indices, '' and '[UNK]' included. Mirrors `vocabulary_size`."""
        return len(self._specials()) + len(self._terms or [])

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The words in index order, '' and '[UNK]' first. Mirrors `get_vocabulary`."""
        terms = [np.str_(t) for t in self._terms or []]  # (Keras: NumPy strings)
        return self._specials() + terms if include_special_tokens else terms

    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Learns the vocabulary from texts (a list, array, tensor or dataset). Mirrors `adapt`.

        The words are counted after standardizing and splitting, as a call would
        see them; `max_tokens` keeps the most frequent.
        """
        from ..data.dataset import Dataset
        batches = data if isinstance(data, Dataset) else [data]
        counts: collections.Counter = collections.Counter()
        for i, batch in enumerate(batches):
            if steps is not None and i >= steps:
                break
            words, _ = self._tokens(convert_to_tensor(batch, dtype=dtypes.string))
            counts.update(words.numpy().tolist())
        counts.pop(b"", None)
        ranked = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
        if self.max_tokens is not None:
            ranked = ranked[:max(self.max_tokens - len(self._specials()), 0)]
        self._use([t.decode(self.encoding, "replace") for t, _ in ranked])

    # -- the call -----------------------------------------------------------------------------
    def _tokens(self, inputs: Tensor) -> tuple:
        """(words, row_splits) of a batch of texts, standardized and split."""
        if self.standardize in ("lower", "lower_and_strip_punctuation"):
            inputs = string_ops.lower(inputs)
        if self.standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            inputs = string_ops.regex_replace(inputs, _PUNCTUATION, "")
        if callable(self.standardize):
            inputs = self.standardize(inputs)
        if inputs.shape.rank is not None and inputs.shape.rank > 1:
            if inputs.shape[-1] != 1:
                raise ValueError("When using `TextVectorization` to tokenize strings, the input "
                                 "rank must be 1 or the last shape dimension must be 1. Received: "
                                 f"inputs.shape={tuple(inputs.shape)} with "
                                 f"rank={inputs.shape.rank}")
            inputs = array_ops.squeeze(inputs, axis=-1)
        if inputs.shape.rank == 0:
            inputs = array_ops.reshape(inputs, [1])
        if self.split is None or callable(self.split):
            raise NotImplementedError("TextVectorization with split=None or a split function is "
                                      "not part of this engine: split on 'whitespace'")
        return lookup_ops.ragged_string_split(inputs)

    def _convert_inputs(self, inputs):
        return inputs  # (strings: the layer's float32 dtype is not theirs)

    def call(self, inputs):
        if self._table is None:
            if self.output_mode != "int":
                raise RuntimeError(f"When using `output_mode={self.output_mode}` and "
                                   "`pad_to_max_tokens=False`, you must set the layer's "
                                   "vocabulary before calling it. Either pass a `vocabulary` "
                                   "argument to the layer, or call `adapt` with some sample data.")
            self._use([])
        if not isinstance(inputs, Tensor) and not hasattr(inputs, "_op"):
            inputs = convert_to_tensor(inputs, dtype=dtypes.string)
        scalar = inputs.shape.rank == 0
        words, row_splits = self._tokens(inputs)
        unknown = 1 if self.output_mode == "int" else 0
        ids = lookup_ops.table_lookup(words, self._table, default=unknown)
        if self.output_mode == "int":
            out = lookup_ops.ragged_to_dense(ids, row_splits, self.output_sequence_length)
        else:
            out = lookup_ops.ragged_bincount(row_splits, ids, self.vocabulary_size(),
                                             binary_output=self.output_mode == "multi_hot",
                                             dtype=dtypes.int64)
        return array_ops.reshape(out, [-1]) if scalar else out

    @property
    def symbolic_dtype(self) -> str:
        # Keras: on KerasTensors the count modes say float32, though a call gives int64
        return "int64" if self.output_mode == "int" else "float32"

    def compute_output_shape(self, input_shape) -> tuple:
        shape = tuple(input_shape)
        if self.output_mode == "int":
            return (shape[0] if shape else None, self.output_sequence_length)
        return shape[:-1] + (self.vocabulary_size(),) if len(shape) > 1 and shape[-1] == 1 \
            else shape + (self.vocabulary_size(),)

    def get_config(self) -> dict:
        return {**super().get_config(), "max_tokens": self.max_tokens,
                "standardize": self.standardize if isinstance(self.standardize, str) or
                self.standardize is None else None,
                "split": self.split if isinstance(self.split, str) or self.split is None
                else None, "ngrams": None, "output_mode": self.output_mode,
                "output_sequence_length": self.output_sequence_length,
                "pad_to_max_tokens": False, "sparse": False, "ragged": False,
                "vocabulary": None if self._terms is None else list(self._terms),
                "idf_weights": None, "encoding": self.encoding,
                "vocabulary_size": self.vocabulary_size()}
