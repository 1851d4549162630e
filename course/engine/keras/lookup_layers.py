"""`StringLookup`, `IntegerLookup` and `CategoryEncoding`: categories as indices and one-hots.

A lookup layer keeps a vocabulary and maps each input value to its index in
it. Index 0 is the out-of-vocabulary (OOV) index, so the vocabulary's terms
start at 1 (at 2 with a `mask_token`, which takes 0):

    >>> lookup = tf.keras.layers.StringLookup(vocabulary=["a", "b", "c"])
    >>> lookup(tf.constant(["c", "a", "zzz"]))
    <tf.Tensor: shape=(3,), dtype=int64, numpy=array([3, 1, 0])>
    >>> lookup.get_vocabulary()
    ['[UNK]', 'a', 'b', 'c']

`output_mode="one_hot"` gives a row of zeros with a 1 at the index (an input of
shape (..., 1) loses that last axis first), "multi_hot" one row per sample with a
1 at each index it holds, "count" the number of times. `CategoryEncoding` does the
same for inputs that are indices already (`num_tokens` of them), in float32.

How the lookup computes: each value is compared with every term of the
vocabulary (`tf.equal` broadcast over a last axis), the first match's position
is the index, and no match gives the OOV index; ordinary ops, so it runs the
same eagerly, in a traced `fit` step and on KerasTensors. That costs one
comparison per term: meant for the small vocabularies of tabular columns.

Read next: preprocessing_layers.py (Normalization, the other layer with `adapt`).
"""
from __future__ import annotations

import collections

import numpy as np

from .. import dtypes
from ..graph.core import executing_eagerly
from ..ops import array_ops, control_flow_ops, index_ops, math_ops, reduce_ops, sparse_ops
from ..tensor import Tensor, convert_to_tensor
from .layers import Layer

__all__ = ["StringLookup", "IntegerLookup", "CategoryEncoding"]

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def _encode(indices: Tensor, mode: str, depth: int, dtype, count_weights=None) -> Tensor:
    """Indices as Keras's one_hot / multi_hot / count rows of `depth` (numerical_utils' rules);
    "count" adds each index's `count_weights` entry instead of 1 when they are given."""
    if indices.shape.rank == 0:  # (Keras: a scalar is one sample)
        indices = array_ops.expand_dims(indices, -1)
    if mode == "one_hot":
        shape = indices.shape.as_list()
        if len(shape) > 1 and shape[-1] == 1:  # Keras: (..., 1) loses its last axis first
            indices = array_ops.squeeze(indices, axis=-1)
        return index_ops.one_hot(indices, depth, dtype=dtype)
    # multi_hot and count: the last axis holds one sample's values (a rank-1 input is one sample)
    rows = index_ops.one_hot(indices, depth, dtype=dtype)
    axis = indices.shape.rank - 1
    if count_weights is not None:
        if count_weights.shape.as_list() != indices.shape.as_list():
            raise ValueError(f"`count_weights` must have the shape of the inputs, "
                             f"{indices.shape.as_list()}. Received: "
                             f"{count_weights.shape.as_list()}")
        rows = math_ops.multiply(rows, array_ops.expand_dims(count_weights, -1))
    if mode == "multi_hot":
        return reduce_ops.reduce_max(rows, axis=axis)
    return reduce_ops.reduce_sum(rows, axis=axis)


def encoded_shape(input_shape, mode: str, depth: int) -> tuple:
    """The shape `_encode` gives inputs of `input_shape` (a lookup layer's, Discretization's):
    "int" keeps it; "one_hot" adds an axis of `depth` (in place of a last axis of 1); the
    others put `depth` in place of the last axis."""
    shape = tuple(input_shape)
    if mode == "int":
        return shape
    if mode == "one_hot":
        return (shape[:-1] if len(shape) > 1 and shape[-1] == 1 else shape) + (depth,)
    return shape[:-1] + (depth,)


class _IndexLookup(Layer):
    """What StringLookup and IntegerLookup share: the vocabulary, adapt, and the lookup."""

    def __init__(self, vocabulary_dtype, max_tokens=None, num_oov_indices: int = 1,
                 mask_token=None, oov_token=None, vocabulary=None, idf_weights=None,
                 invert: bool = False, output_mode: str = "int", pad_to_max_tokens: bool = False,
                 sparse: bool = False, name=None, **kwargs):
        kwargs.pop("dtype", None)  # (Keras: the vocabulary decides the dtype)
        kwargs.pop("vocabulary_size", None)  # (a saved config's note of the size)
        super().__init__(name=name, **kwargs)
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if output_mode not in _MODES:
            raise ValueError(f"Unknown value for `output_mode` argument of "
                             f"{type(self).__name__}. Allowed values are: {_MODES}. Received: "
                             f"output_mode={output_mode}")
        if invert and output_mode != "int":
            raise ValueError("`output_mode` must be `'int'` when `invert` is true. "
                             f"Received: output_mode={output_mode}")
        if sparse and output_mode == "int":
            raise ValueError("`sparse` may only be true if `output_mode` is `'one_hot'`, "
                             "`'multi_hot'`, `'count'` or `'tf_idf'`. Received: sparse=True and "
                             "output_mode=int")
        if invert or output_mode == "tf_idf" or sparse or num_oov_indices not in (0, 1) or \
                pad_to_max_tokens or isinstance(vocabulary, str) or idf_weights is not None:
            raise NotImplementedError(
                f"{type(self).__name__}: invert, output_mode='tf_idf', sparse, "
                "pad_to_max_tokens, a vocabulary file and num_oov_indices above 1 are not "
                "part of this engine")
        self.vocabulary_dtype = vocabulary_dtype
        self.max_tokens, self.num_oov_indices = max_tokens, num_oov_indices
        self.mask_token, self.oov_token = mask_token, oov_token
        self.output_mode, self.invert, self.sparse = output_mode, invert, sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.input_vocabulary = vocabulary
        self._terms = None  # the vocabulary without the mask and OOV entries
        if vocabulary is not None:
            self.set_vocabulary(vocabulary)
        self.built = True  # (no weights: the vocabulary is data of the layer)

    # -- the vocabulary -----------------------------------------------------------------------
    def _token_start_index(self) -> int:
        # mask (int output only), then the OOV index (none with num_oov_indices=0), the terms
        return (1 if self._has_mask_index() else 0) + self.num_oov_indices

    def _has_mask_index(self) -> bool:
        return self.mask_token is not None and self.output_mode == "int"

    def _as_terms(self, values) -> list:
        raise NotImplementedError

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Sets the terms (a list, array or 1-D tensor). Mirrors `set_vocabulary`."""
        if isinstance(vocabulary, Tensor):
            vocabulary = vocabulary.numpy()
        terms = self._as_terms(np.asarray(vocabulary).reshape(-1).tolist())
        if not terms:
            raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
        start = self._token_start_index()
        special = ([self.mask_token] if self._has_mask_index() else []) + \
            [self.oov_token] * self.num_oov_indices
        if terms[:start] == special:  # (a vocabulary from get_vocabulary() has them first)
            terms = terms[start:]
        repeated = [self._item(t) for t, n in collections.Counter(terms).items() if n > 1]
        if repeated:
            raise ValueError("The passed vocabulary has at least one repeated term. Please "
                             f"uniquify your dataset. The repeated terms are: {repeated}")
        if self.mask_token is not None and self.mask_token in terms:
            given = np.asarray(vocabulary).reshape(-1).tolist()
            index = len(given) - 1 - given[::-1].index(self.mask_token)
            raise ValueError(f"Found reserved mask token at unexpected location in "
                             f"`vocabulary`. Note that passed `vocabulary` does not need to "
                             f"include the OOV and mask tokens. Either remove all mask and OOV "
                             f"tokens, or include them only at the start of the vocabulary in "
                             f"precisely this order: {special}. Received: mask_token="
                             f"{self.mask_token} at vocabulary index [{index}]")
        # (Keras 3 lets the OOV token be a term too: it then has an index of its own)
        self._terms = terms

    def vocabulary_size(self) -> int:
        """The number of indices, mask and OOV included. Mirrors `vocabulary_size`."""
        return 0 if self._terms is None else len(self._terms) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """The terms in index order (the mask and OOV tokens first). Mirrors `get_vocabulary`."""
        # (Keras: the terms come out of a NumPy array, as np.str_ or np.int64 items)
        terms = [self._item(t) for t in self._terms or []]
        if not include_special_tokens:
            return terms
        return ([self.mask_token] if self._has_mask_index() else []) + \
            [self.oov_token] * self.num_oov_indices + terms

    def adapt(self, data, steps=None) -> None:
        """Learns the vocabulary: the terms seen, most frequent first. Mirrors `adapt`.

        Ties go to the greater term first (Keras sorts by count, then term, both
        descending); `max_tokens` keeps that many indices, special ones included.
        """
        from ..data.dataset import Dataset
        batches = data if isinstance(data, Dataset) else [data]
        counts: collections.Counter = collections.Counter()
        for i, batch in enumerate(batches):
            if steps is not None and i >= steps:
                break
            values = batch.numpy() if isinstance(batch, Tensor) else np.asarray(batch)
            counts.update(self._as_terms(values.reshape(-1).tolist()))
        counts.pop(self.mask_token, None)
        ranked = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
        terms = [t for t, _ in ranked]
        if self.max_tokens is not None:
            terms = terms[:max(self.max_tokens - self._token_start_index(), 0)]
        self._terms = terms

    # -- the lookup ---------------------------------------------------------------------------
    def _convert_inputs(self, inputs):
        # (the values stay as they are: the layer's float32 dtype is not theirs)
        return inputs

    def call(self, inputs):
        if self._terms is None:
            if self.output_mode != "int":
                raise RuntimeError(f"When using `output_mode={self.output_mode}` and "
                                   "`pad_to_max_tokens=False`, you must set the layer's "
                                   "vocabulary before calling it. Either pass a `vocabulary` "
                                   "argument to the layer, or call `adapt` with some sample data.")
            terms = self._as_terms([])
        else:
            terms = self._terms
        key = dtypes.string if self.vocabulary_dtype == "string" else dtypes.int64
        if not isinstance(inputs, Tensor):
            inputs = convert_to_tensor(inputs, dtype=key)
        elif inputs.dtype is not key:
            if self.vocabulary_dtype == "string" or not inputs.dtype.is_integer:
                raise ValueError(f"Layer {self.name} expects {key.name} inputs. Received: "
                                 f"inputs.dtype={inputs.dtype.name}")
            inputs = array_ops.cast(inputs, key)
        start = self._token_start_index()
        if terms:
            # one comparison per term: the first match's position, or the OOV index (start - 1)
            vocab = convert_to_tensor(np.array(terms, dtype=object if key is dtypes.string
                                               else np.int64), dtype=key)
            matches = math_ops.equal(array_ops.expand_dims(inputs, -1), vocab)
            position = reduce_ops.argmax(array_ops.cast(matches, dtypes.int32), axis=-1,
                                         output_type=dtypes.int64)
            found = reduce_ops.reduce_any(matches, axis=-1)
            indices = index_ops.where(found, math_ops.add(position, np.int64(start)),
                                      convert_to_tensor(np.int64(start - 1)))
        else:
            found = array_ops.fill(array_ops.shape(inputs), False)
            indices = array_ops.fill(array_ops.shape(inputs), np.int64(start - 1))
        if self.num_oov_indices == 0:
            found = self._assert_in_vocabulary(inputs, found)
        if self.mask_token is not None:
            # the mask token: index 0 (int output), else an index one_hot leaves out
            mask_index = 0 if self.output_mode == "int" else np.iinfo(np.int64).max
            indices = index_ops.where(math_ops.equal(inputs, convert_to_tensor(
                self.mask_token, dtype=key)), convert_to_tensor(np.int64(mask_index)), indices)
        if self.output_mode == "int":
            return indices
        return _encode(indices, self.output_mode, self.vocabulary_size(), dtypes.int64)

    def _assert_in_vocabulary(self, inputs, found):
        """num_oov_indices=0: an input outside the vocabulary has no index, so, as Keras does,
        an Assert fails naming the values (at once eagerly, when the graph runs in a trace)."""
        if self.mask_token is not None:  # (the mask token is no OOV value)
            found = math_ops.logical_or(found, math_ops.equal(inputs, convert_to_tensor(
                self.mask_token, dtype=inputs.dtype)))
        all_found = reduce_ops.reduce_all(found)
        lead = "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV values "
        tail = ", consider setting `num_oov_indices=1`."
        if executing_eagerly():
            values = np.asarray(inputs.numpy())[~np.asarray(found.numpy())].tolist()
            shown = " ".join(f'"{v.decode()}"' if isinstance(v, bytes) else str(v) for v in values)
            control_flow_ops.Assert(all_found, [f"{lead}[{shown}]{tail}".encode()])
        else:
            missing = index_ops.boolean_mask(inputs, math_ops.logical_not(found))
            control_flow_ops.Assert(all_found, [lead, missing, tail])
        return found

    @property
    def symbolic_dtype(self) -> str:
        # Keras: on KerasTensors the encoded outputs say float32, though a call gives int64
        return "int64" if self.output_mode == "int" else "float32"

    def compute_output_shape(self, input_shape) -> tuple:
        return encoded_shape(input_shape, self.output_mode, self.vocabulary_size())

    def get_config(self) -> dict:
        return {**super().get_config(), "invert": self.invert, "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
                "mask_token": self.mask_token, "output_mode": self.output_mode,
                "sparse": self.sparse, "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary": None if self._terms is None else list(self._terms),
                "idf_weights": None}


class StringLookup(_IndexLookup):
    """Maps strings to indices in a vocabulary. Mirrors `keras.layers.StringLookup`.

    >>> tf.keras.layers.StringLookup(vocabulary=["a", "b"], output_mode="one_hot")(["b", "x"])
    <tf.Tensor: shape=(2, 3), dtype=int64, numpy=array([[0, 0, 1], [1, 0, 0]])>
    """

    def __init__(self, max_tokens=None, num_oov_indices: int = 1, mask_token=None,
                 oov_token: str = "[UNK]", vocabulary=None, idf_weights=None,
                 invert: bool = False, output_mode: str = "int", pad_to_max_tokens: bool = False,
                 sparse: bool = False, encoding: str = "utf-8", name=None, **kwargs):
        self.encoding = encoding
        super().__init__("string", max_tokens, num_oov_indices, mask_token, oov_token,
                         vocabulary, idf_weights, invert, output_mode, pad_to_max_tokens, sparse,
                         name=name, **kwargs)

    def _as_terms(self, values) -> list:
        return [v.decode(self.encoding) if isinstance(v, bytes) else str(v) for v in values]

    _item = staticmethod(np.str_)

    def get_config(self) -> dict:
        return {**super().get_config(), "encoding": self.encoding}


class IntegerLookup(_IndexLookup):
    """Maps integers to indices in a vocabulary. Mirrors `keras.layers.IntegerLookup`.

    The OOV token is -1 and the values are int64:

    >>> tf.keras.layers.IntegerLookup(vocabulary=[1, 4, 7])([-1, 4, 1])
    <tf.Tensor: shape=(3,), dtype=int64, numpy=array([0, 2, 1])>
    """

    def __init__(self, max_tokens=None, num_oov_indices: int = 1, mask_token=None,
                 oov_token: int = -1, vocabulary=None, vocabulary_dtype="int64",
                 idf_weights=None, invert: bool = False, output_mode: str = "int",
                 sparse: bool = False, pad_to_max_tokens: bool = False, name=None, **kwargs):
        if dtypes.as_dtype(vocabulary_dtype) is not dtypes.int64:
            raise NotImplementedError("IntegerLookup: only vocabulary_dtype='int64' is part "
                                      "of this engine")
        super().__init__("int64", max_tokens, num_oov_indices, mask_token, oov_token,
                         vocabulary, idf_weights, invert, output_mode, pad_to_max_tokens, sparse,
                         name=name, **kwargs)

    def _as_terms(self, values) -> list:
        return [int(v) for v in values]

    _item = staticmethod(np.int64)

    def get_config(self) -> dict:
        return {**super().get_config(), "vocabulary_dtype": "int64"}


class CategoryEncoding(Layer):
    """Indices in [0, num_tokens) as one-hot, multi-hot or count rows (float32). Mirrors
    `keras.layers.CategoryEncoding`.

    >>> tf.keras.layers.CategoryEncoding(num_tokens=4, output_mode="one_hot")([3, 0])
    <tf.Tensor: shape=(2, 4), dtype=float32, numpy=array([[0., 0., 0., 1.], [1., 0., 0., 0.]], ...)>
    """

    def __init__(self, num_tokens=None, output_mode: str = "multi_hot", sparse: bool = False,
                 **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":  # (Keras's old name)
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(f"Unknown arg for output_mode: {output_mode}")
        if num_tokens is None:
            raise ValueError("num_tokens must be set to use this layer. If the number of tokens "
                             "is not known beforehand, use the IntegerLookup layer instead.")
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        self.num_tokens, self.output_mode, self.sparse = int(num_tokens), output_mode, sparse
        self.built = True

    def _convert_inputs(self, inputs):
        # (indices stay integers: the layer's float32 dtype is its output's)
        return inputs if isinstance(inputs, Tensor) else convert_to_tensor(inputs)

    def call(self, inputs, count_weights=None):
        if count_weights is not None and self.output_mode != "count":
            raise ValueError("`count_weights` is not used when `output_mode` is not `'count'`. "
                             f"Received `count_weights={count_weights}`.")
        weights = None if count_weights is None else convert_to_tensor(count_weights, self.dtype)
        encoded = _encode(inputs, self.output_mode, self.num_tokens, self.dtype, weights)
        # sparse=True: the same counts as a SparseTensor (only the nonzero entries)
        return sparse_ops.from_dense(encoded) if self.sparse else encoded

    def compute_output_shape(self, input_shape) -> tuple:
        shape = tuple(input_shape)
        if not shape:
            return (self.num_tokens,)
        if self.output_mode == "one_hot" and shape[-1] != 1:
            return shape + (self.num_tokens,)
        return shape[:-1] + (self.num_tokens,)

    def get_config(self) -> dict:
        return {**super().get_config(), "num_tokens": self.num_tokens,
                "output_mode": self.output_mode, "sparse": self.sparse}
