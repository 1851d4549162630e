"""`keras.utils.pad_sequences`: lists of different lengths made one NumPy array.

    >>> tf.keras.utils.pad_sequences([[1, 2, 3], [4]], padding="post")
    array([[1, 2, 3],
           [4, 0, 0]], dtype=int32)

Plain NumPy, as in Keras 3: the result is an array, not a tensor. Sequences
longer than `maxlen` lose values from the start ("pre", the default) or the
end ("post"); shorter ones get `value` before ("pre") or after ("post").
Masking layers then skip the padding (masking.py).
"""
from __future__ import annotations

import numpy as np

__all__ = ["pad_sequences"]


def pad_sequences(sequences, maxlen: int | None = None, dtype="int32", padding: str = "pre",
                  truncating: str = "pre", value=0.0) -> np.ndarray:
    """Pads (or cuts) each sequence to `maxlen` (the longest, if None). Mirrors
    `keras.utils.pad_sequences`."""
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    lengths, sample_shape = [], ()
    for x in sequences:
        try:
            lengths.append(len(x))
        except TypeError as error:
            raise ValueError("`sequences` must be a list of iterables. "
                             f"Found non-iterable: {x}") from error
        if len(x) and not sample_shape:
            sample_shape = np.asarray(x).shape[1:]  # (each step may itself be a vector)
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    out = np.full((len(sequences), maxlen) + sample_shape, value, dtype=dtype)
    for i, s in enumerate(sequences):
        if not len(s):
            continue
        if truncating == "pre":
            kept = s[-maxlen:]
        elif truncating == "post":
            kept = s[:maxlen]
        else:
            raise ValueError(f'Truncating type "{truncating}" not understood')
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != sample_shape:
            raise ValueError(f"Shape of sample {kept.shape[1:]} of sequence at position {i} is "
                             f"different from expected shape {sample_shape}")
        if padding == "post":
            out[i, :len(kept)] = kept
        elif padding == "pre":
            out[i, -len(kept):] = kept
        else:
            raise ValueError(f'Padding type "{padding}" not understood')
    return out
