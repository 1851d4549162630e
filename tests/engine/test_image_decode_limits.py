"""Decoding never trusts the sizes a file declares (ops/image_decode_ops.py).

Rule: before any pixel is decoded, width x height x frames x channels must fit in
MAX_DECODED_BYTES, else TF's ResourceExhaustedError naming the sizes; Pillow's own
decompression-bomb limit becomes the same error, never a raw Pillow exception.
"""
from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

import course.engine as tf
from course.engine.ops import image_decode_ops


def _gif(frames: int, size: int) -> bytes:
    pictures = [Image.fromarray(np.full((size, size, 3), 40 * k, np.uint8)) for k in range(frames)]
    buffer = io.BytesIO()
    pictures[0].save(buffer, format="GIF", save_all=True, append_images=pictures[1:])
    return buffer.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height pixels, with almost no data behind it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + \
        chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def test_frames_times_their_size_are_checked_before_decoding(monkeypatch):
    data = _gif(frames=3, size=20)  # 3 x 20 x 20 x 3 = 3600 bytes of pixels
    assert tf.io.decode_image(data).shape == (3, 20, 20, 3)
    monkeypatch.setattr(image_decode_ops, "MAX_DECODED_BYTES", 3000)
    with pytest.raises(tf.errors.ResourceExhaustedError, match=r"3 frame\(s\) of 20 x 20 pixels"):
        tf.io.decode_image(data)
    assert tf.io.decode_image(data, expand_animations=False).shape == (20, 20, 3)  # one frame


def test_a_header_declaring_a_giant_picture_is_refused_without_decoding_it():
    with pytest.raises(tf.errors.ResourceExhaustedError):
        tf.io.decode_png(_png_header_only(100_000, 100_000))
