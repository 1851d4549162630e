"""Compressed images to pixels: `tf.io.decode_image`, `decode_jpeg`, `decode_png` (also in tf.image).

The bytes of a JPEG, PNG, GIF, BMP or WebP file become a uint8 tensor
[height, width, channels] (a GIF, unless `expand_animations=False`, a
[frames, height, width, 3] tensor). As in TF 2, every one of these functions
reads any of those formats; `channels=0` keeps the file's own channels,
1, 3 or 4 converts to grey, RGB or RGBA.

    >>> image = tf.io.decode_jpeg(tf.io.read_file("roses/1.jpg"), channels=3)
    >>> image.shape, image.dtype
    (TensorShape([46, 71, 3]), tf.uint8)

Pillow decodes the files. For a JPEG it uses libjpeg's accurate integer
DCT, what TF does with `dct_method="INTEGER_ACCURATE"`; TF's default
(`dct_method=""`, its fast integer DCT) can differ from it by a few levels
per pixel. None of these ops is differentiable (TF registers no gradients).

A few bytes can declare a huge picture (a "decompression bomb": a PNG of
100000 x 100000 pixels, a GIF of thousands of frames), so the sizes a file
declares are checked before anything is decoded: at most `MAX_DECODED_BYTES`
of pixels, else TF's ResourceExhaustedError naming them.
"""
from __future__ import annotations

import io

import numpy as np

from .. import dtypes
from ..errors import ResourceExhaustedError, invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import Tensor
from . import register
from .io_ops import _strings

__all__ = ["decode_image", "decode_jpeg", "decode_png"]

_FORMATS = {"JPEG", "PNG", "GIF", "BMP", "WEBP"}
_MODES = {1: "L", 3: "RGB", 4: "RGBA"}  # channels -> Pillow's mode
_UNKNOWN = "Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required."
MAX_DECODED_BYTES = 1 << 30  # the pixels of one decoded file (a 16000 x 16000 RGBA picture)


def _check_size(image, frames: int, channels: int, op_name: str) -> None:
    width, height = image.size
    needed = width * height * frames * (channels or 4)
    if needed > MAX_DECODED_BYTES:
        raise ResourceExhaustedError(
            None, op_name, f"the image declares {frames} frame(s) of {width} x {height} pixels: "
                           f"{needed} bytes decoded, more than the {MAX_DECODED_BYTES} this engine "
                           "decodes (a decompression bomb, or a picture to shrink first)")


def _pixels(frame, channels: int) -> np.ndarray:
    if channels == 0:  # the file's own channels (a palette or a CMYK JPEG reads as RGB)
        mode = frame.mode if frame.mode in ("L", "RGB", "RGBA") else \
            "RGBA" if frame.mode in ("LA", "PA") or "transparency" in frame.info else \
            "L" if frame.mode in ("1", "I", "I;16", "F") else "RGB"
    else:
        mode = _MODES[channels]
    array = np.asarray(frame.convert(mode), dtype=np.uint8)
    return array[:, :, None] if array.ndim == 2 else array


def _decode_image(contents, channels, animated, op_name):
    from PIL import Image, UnidentifiedImageError  # (imported here: `import course.engine` stays fast)
    if np.ndim(contents):
        raise invalid_argument(op_name, "`contents` must be scalar but got shape"
                               f"[{','.join(str(d) for d in np.shape(contents))}]")
    data = bytes(np.asarray(contents, dtype=object)[()])
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in _FORMATS:
            raise UnidentifiedImageError(image.format)
        every_frame = image.format == "GIF" and animated
        _check_size(image, getattr(image, "n_frames", 1) if every_frame else 1,
                    3 if every_frame else channels, op_name)
        if every_frame:  # every frame, as RGB
            frames = []
            for n in range(getattr(image, "n_frames", 1)):
                image.seek(n)
                frames.append(_pixels(image, 3))
            return np.stack(frames)
        image.load()
        return _pixels(image, channels)
    except Image.DecompressionBombError as e:  # (Pillow's own limit, which ours is below)
        raise ResourceExhaustedError(None, op_name, str(e)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        if isinstance(e, UnidentifiedImageError):
            raise invalid_argument(op_name, _UNKNOWN) from None
        raise invalid_argument(op_name, f"Invalid or truncated image data ({e})") from None


DECODE_IMAGE = register(Op("DecodeImage", _decode_image, None, dtypes={dtypes.string}))
# In a graph the size is data; the channels are known when asked for (TF's shapes, too).
SHAPE_RULES["DecodeImage"] = lambda specs, attrs: Spec(
    np.uint8, None if attrs["animated"] else (None, None, attrs["channels"] or None))


def _decode(op_name: str, contents, channels, animated: bool, name) -> Tensor:
    channels = 0 if channels is None else int(channels)
    if channels not in (0, 1, 3, 4):
        raise invalid_argument(op_name, f"`channels` must be 0, 1, 3 or 4 but got {channels}")
    attrs = {"channels": channels, "animated": bool(animated), "op_name": op_name}
    return execute(DECODE_IMAGE, (_strings(contents, op_name),), attrs, name=name)


def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None,
                 expand_animations: bool = True) -> Tensor:
    """Pixels of a JPEG, PNG, GIF, BMP or WebP file. Mirrors `tf.io.decode_image`.

    uint8 by default; `dtype=tf.float32` gives values in [0, 1]
    (`tf.image.convert_image_dtype`). A GIF gives all its frames
    [frames, height, width, 3] unless `expand_animations=False`.

    >>> tf.io.decode_image(tf.io.read_file("icon.png")).shape
    TensorShape([2, 3, 4])
    """
    from ..images import convert_image_dtype
    image = _decode("DecodeImage", contents, channels, expand_animations, name)
    dtype = dtypes.as_dtype(dtype)
    return image if dtype is dtypes.uint8 else convert_image_dtype(image, dtype)


def decode_jpeg(contents, channels: int = 0, ratio: int = 1, fancy_upscaling: bool = True,
                try_recover_truncated: bool = False, acceptable_fraction: float = 1,
                dct_method: str = "", name=None) -> Tensor:
    """uint8 pixels [height, width, channels] of a JPEG (or other image) file. Mirrors `tf.io.decode_jpeg`.

    >>> tf.io.decode_jpeg(tf.io.read_file("roses/1.jpg"), channels=3).shape
    TensorShape([46, 71, 3])
    """
    if ratio != 1:  # (libjpeg's scaled decoding: not part of this engine)
        raise NotImplementedError("decode_jpeg(ratio=...) is not part of this engine: decode at "
                                  "full size, then tf.image.resize.")
    return _decode("DecodeJpeg", contents, channels, False, name)


def decode_png(contents, channels: int = 0, dtype=dtypes.uint8, name=None) -> Tensor:
    """uint8 pixels [height, width, channels] of a PNG (or other image) file. Mirrors `tf.io.decode_png`."""
    if dtypes.as_dtype(dtype) is not dtypes.uint8:  # (16-bit PNGs: not part of this engine)
        raise NotImplementedError("decode_png(dtype=tf.uint16) is not part of this engine: "
                                  "it decodes to uint8.")
    return _decode("DecodePng", contents, channels, False, name)
