"""Keras masks: which time steps of a sequence are padding, passed from layer to layer.

An `Embedding(..., mask_zero=True)` says "index 0 is padding": its output
carries a boolean mask (True where the step is real). Keras 3 attaches the
mask to the output tensor; the next layer receives it as its `call(..., mask=)`
argument if it takes one, and passes it on if it `supports_masking` (Dense,
Activation, Dropout, Softmax) or computes a new one (`compute_mask`;
GlobalAveragePooling1D averages the real steps only and returns no mask).

    >>> emb = tf.keras.layers.Embedding(5, 2, mask_zero=True)
    >>> out = emb(tf.constant([[3, 0]]))
    >>> get_keras_mask(out)
    <tf.Tensor: shape=(1, 2), dtype=bool, numpy=array([[ True, False]])>

TF tensors take any attribute, and Keras 3 stores the mask as
`tensor._keras_mask`. This engine's tensors have fixed slots (immutable, and no
extra work for plain ops), so the masks live in a side table here, keyed by the
tensor's identity and forgotten when the tensor is. Read next: layers.py
(`Layer.__call__` uses `mask_for_call` and `set_output_mask`).
"""
from __future__ import annotations

import warnings
import weakref

__all__ = ["get_keras_mask", "set_keras_mask"]

# id(tensor) -> (a weak reference to the tensor, its mask). The weak reference's callback
# removes the entry when the tensor is freed, so a new tensor with the same id finds nothing.
_MASKS: dict = {}


def get_keras_mask(tensor):
    """The mask attached to `tensor`, or None (Keras 3's `backend.get_keras_mask`)."""
    entry = _MASKS.get(id(tensor))
    if entry is None or entry[0]() is not tensor:
        return None
    return entry[1]


def set_keras_mask(tensor, mask) -> None:
    """Attaches `mask` to `tensor` (None removes it). Keras 3's `backend.set_keras_mask`."""
    key = id(tensor)
    if mask is None:
        _MASKS.pop(key, None)
        return
    _MASKS[key] = (weakref.ref(tensor, lambda _, key=key: _MASKS.pop(key, None)), mask)


def output_mask(layer, inputs, outputs, previous_mask) -> None:
    """After `layer` ran: attach its output mask (Keras 3's `_set_mask_metadata`).

    A layer that `supports_masking` gets `compute_mask(inputs, previous_mask)`
    (by default the input's mask, unchanged); one that does not drops the mask
    with Keras's warning.
    """
    if layer.supports_masking:
        if get_keras_mask(outputs) is None:
            mask = layer.compute_mask(inputs, previous_mask)
            # (several outputs: a list of masks, one for each)
            several = isinstance(outputs, (list, tuple)) and isinstance(mask, (list, tuple)) \
                and len(mask) == len(outputs)
            for output, m in zip(outputs, mask) if several else [(outputs, mask)]:
                if m is not None:
                    set_keras_mask(output, m)
    elif previous_mask is not None:
        warnings.warn(f"Layer '{layer.name}' (of type {type(layer).__name__}) was passed an input "
                      f"with a mask attached to it. However, this layer does not support masking "
                      f"and will therefore destroy the mask information. Downstream layers will "
                      f"not see the mask.", UserWarning, stacklevel=3)
