"""Layers for sequences of tokens: `Embedding` and `GlobalAveragePooling1D`.

A sentence becomes a row of integer ids (a vocabulary index per word);
`Embedding` looks each id up in a trainable table, one vector per id, and
`GlobalAveragePooling1D` averages the vectors of a sequence into one:

    >>> model = tf.keras.Sequential([tf.keras.Input(shape=(4,)),
    ...                              tf.keras.layers.Embedding(100, 8, mask_zero=True),
    ...                              tf.keras.layers.GlobalAveragePooling1D(),
    ...                              tf.keras.layers.Dense(1)])
    >>> model.output_shape
    (None, 1)

With `mask_zero=True`, id 0 is padding: the Embedding's output carries a mask
(masking.py) and the pooling averages the real steps only. The lookup is
`tf.gather` on the table, so its gradient sends each output row back to the
row of the table it came from (rows used twice get both contributions).
Read next: layers.py (Layer), masking.py.
"""
from __future__ import annotations

import warnings

from .. import dtypes
from ..ops import array_ops, index_ops, math_ops, reduce_ops
from ..tensor import Tensor, convert_to_tensor
from . import initializers, regularizers
from .layers import Layer
from .reshaping_layers import data_format_of

__all__ = ["Embedding", "GlobalAveragePooling1D"]


def _positive_int(value, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"`{name}` must be a positive integer. Received: {name}={value} "
                         f"(of type {type(value).__name__}).")
    return value


class Embedding(Layer):
    """Turns integer ids into vectors: row `i` of a trainable `(input_dim, output_dim)` table.

    Mirrors `keras.layers.Embedding` (Keras 3): the table is the weight
    `embeddings`, drawn from U(-0.05, 0.05) by default ("uniform"); inputs that
    are not int32/int64 are cast to int32 first; `mask_zero=True` makes id 0
    padding (`compute_mask` is `inputs != 0`), so ids run from 1 to input_dim - 1.

    >>> emb = tf.keras.layers.Embedding(3, 2, embeddings_initializer="ones")
    >>> emb(tf.constant([[2, 0]])).shape
    TensorShape([1, 2, 2])
    """

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer="uniform",
                 embeddings_regularizer=None, mask_zero: bool = False, weights=None, **kwargs):
        if kwargs.pop("input_length", None) is not None:
            warnings.warn("Argument `input_length` is deprecated. Just remove it.", stacklevel=2)
        self.input_dim = _positive_int(input_dim, "input_dim")
        self.output_dim = _positive_int(output_dim, "output_dim")
        super().__init__(**kwargs)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero  # (an instance attribute, as Keras 3 sets it)
        self._embeddings = None
        if weights is not None:  # Keras 3: the initial table, given as one array (or [array])
            self.build()
            self.set_weights(weights if isinstance(weights, list) and len(weights) == 1
                             else [weights])

    def build(self, input_shape=None) -> None:
        if self.built:
            return
        self._embeddings = self.add_weight((self.input_dim, self.output_dim),
                                           self.embeddings_initializer, "embeddings",
                                           regularizer=self.embeddings_regularizer)
        self.built = True

    @property
    def embeddings(self):
        """The table, a `(input_dim, output_dim)` weight (built on the first call)."""
        if not self.built:
            raise AttributeError("You must build the layer before accessing `embeddings`.")
        return self._embeddings

    def _convert_inputs(self, inputs):
        # Ids stay integers (the base class would cast them to the layer's float dtype).
        inputs = inputs if isinstance(inputs, Tensor) else convert_to_tensor(inputs)
        if inputs.dtype not in (dtypes.int32, dtypes.int64):
            inputs = array_ops.cast(inputs, dtypes.int32)  # Keras 3: floats -> int32 (truncated)
        return inputs

    def call(self, inputs):
        # An id outside [0, input_dim) is tf.gather's InvalidArgumentError, as in TF on the CPU.
        return index_ops.gather(self._embeddings, inputs)

    def compute_mask(self, inputs, previous_mask=None):
        if not self.mask_zero:
            return None
        return math_ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self) -> dict:
        return {**super().get_config(), "input_dim": self.input_dim,
                "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
                "mask_zero": self.mask_zero}


class GlobalAveragePooling1D(Layer):
    """The average over the steps of each sequence: `(batch, steps, features)` -> `(batch, features)`.

    Mirrors `keras.layers.GlobalAveragePooling1D`: with a mask (from an
    `Embedding(mask_zero=True)`, or `mask=`), only the real steps are averaged;
    the output has no mask. `data_format="channels_first"` averages axis 2.

    >>> pool = tf.keras.layers.GlobalAveragePooling1D()
    >>> pool(tf.constant([[[1.0], [3.0]]]), mask=tf.constant([[True, False]]))
    <tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[1.]], dtype=float32)>
    """

    float_math = True  # integer inputs become floats (layers.py: Keras's ops promote them)

    supports_masking = True

    def __init__(self, data_format=None, keepdims: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format_of(data_format)
        self.keepdims = bool(keepdims)
        self.built = True  # (no weights: Keras builds it at once, a summary shows 0, not unbuilt)

    def call(self, inputs, mask=None):
        if inputs.shape.rank != 3:
            raise ValueError(f"Input 0 of layer \"{self.name}\" is incompatible with the layer: "
                             f"expected ndim=3, found ndim={inputs.shape.rank}. Full shape "
                             f"received: {tuple(inputs.shape)}")
        steps = 1 if self.data_format == "channels_last" else 2
        if mask is None:
            return reduce_ops.reduce_mean(inputs, axis=steps, keepdims=self.keepdims)
        # Masked steps count as zeros in the sum and not at all in the count.
        weight = array_ops.expand_dims(array_ops.cast(mask, inputs.dtype),
                                       2 if steps == 1 else 1)
        total = reduce_ops.reduce_sum(math_ops.multiply(inputs, weight), axis=steps,
                                      keepdims=self.keepdims)
        return math_ops.divide(total, reduce_ops.reduce_sum(weight, axis=steps,
                                                            keepdims=self.keepdims))

    def compute_mask(self, inputs, previous_mask=None):
        return None

    def compute_output_shape(self, input_shape) -> tuple:
        features = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        if self.keepdims:
            return (input_shape[0], 1, features) if self.data_format == "channels_last" \
                else (input_shape[0], features, 1)
        return (input_shape[0], features)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format,
                "keepdims": self.keepdims}


class Masking(Layer):
    """Masks the time steps whose features all equal `mask_value` (padding): they become zeros
    and the output carries a mask that is False there. Mirrors `keras.layers.Masking`.

    >>> out = tf.keras.layers.Masking()(tf.constant([[[1.0], [0.0]]]))
    >>> out._keras_mask
    <tf.Tensor: shape=(1, 2), dtype=bool, numpy=array([[ True, False]])>
    """

    supports_masking = True

    def __init__(self, mask_value: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.built = True  # (no weights)

    def compute_mask(self, inputs, previous_mask=None):
        return reduce_ops.reduce_any(math_ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = array_ops.expand_dims(self.compute_mask(inputs), -1)
        return math_ops.multiply(inputs, array_ops.cast(keep, inputs.dtype))

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}
