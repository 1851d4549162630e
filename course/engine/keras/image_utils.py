"""`tf.keras.utils.array_to_img` / `img_to_array`: NumPy images <-> PIL images.

    >>> img = tf.keras.utils.array_to_img(generated[0] * 255.0, scale=False)  # (28, 28, 1)
    >>> img.save("generated.png")

An image array is (height, width, channels) (channels first with
`data_format="channels_first"`): 1 channel is a grayscale ("L") image, 3 are
RGB, 4 RGBA. `scale=True` first stretches the values to 0..255. The values are
cast to bytes as they are (a value of 300 wraps, as with NumPy's astype), except
that a grayscale image above 255 becomes a 32-bit ("I") image, as Keras does.
PIL (Pillow) is imported only when you call them.
"""
from __future__ import annotations

import numpy as np

from ..tensor import Tensor

__all__ = ["array_to_img", "img_to_array"]

_MODES = {1: "L", 3: "RGB", 4: "RGBA"}


def _pil():
    try:
        from PIL import Image
    except ImportError:  # (Keras's words)
        raise ImportError("Could not import PIL.Image. The use of `array_to_img` requires "
                          "PIL.") from None
    return Image


def array_to_img(x, data_format=None, scale: bool = True, dtype=None):
    """A PIL image of a 3-D array (or tensor). Mirrors `keras.utils.array_to_img`."""
    image = _pil()
    x = np.array(x._value if isinstance(x, Tensor) else x, dtype=dtype or np.float32)
    if x.ndim != 3:
        raise ValueError(f"Expected image array to have rank 3 (single image). Got array with "
                         f"shape: {x.shape}")
    if data_format == "channels_first":
        x = np.moveaxis(x, 0, -1)
    if scale:  # (the smallest value becomes 0, the largest 255)
        x = x - x.min()
        if x.max() != 0:
            x = x / x.max()
        x = x * 255
    channels = x.shape[2]
    if channels not in _MODES:
        raise ValueError(f"Unsupported channel number: {channels}")
    if channels == 1:
        gray = x[:, :, 0]
        if gray.max() > 255:
            return image.fromarray(gray.astype(np.int32), "I")
        return image.fromarray(gray.astype(np.uint8), "L")
    return image.fromarray(x.astype(np.uint8), _MODES[channels])


def img_to_array(img, data_format=None, dtype=None) -> np.ndarray:
    """A PIL image as a float32 (height, width, channels) array. Mirrors
    `keras.utils.img_to_array`."""
    x = np.asarray(img, dtype=dtype or np.float32)
    if x.ndim == 2:
        x = x[:, :, None]
    elif x.ndim != 3:
        raise ValueError(f"Unsupported image shape: {x.shape}")
    return np.moveaxis(x, -1, 0) if data_format == "channels_first" else x
