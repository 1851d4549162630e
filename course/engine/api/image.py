"""`tf.image`: pixel values, flips, rotations and crops (see images.py and ops/image_ops.py)."""
from ..images import (convert_image_dtype, adjust_brightness, adjust_contrast, rgb_to_grayscale,
                     grayscale_to_rgb, flip_left_right, flip_up_down, rot90, transpose,
                     central_crop, resize_with_crop_or_pad, per_image_standardization, resize,
                     ResizeMethod, random_flip_left_right, random_flip_up_down,
                     stateless_random_flip_left_right, stateless_random_flip_up_down)
from ..ops.image_decode_ops import decode_image, decode_jpeg, decode_png

__all__ = ["convert_image_dtype", "adjust_brightness", "adjust_contrast", "rgb_to_grayscale",
           "grayscale_to_rgb", "flip_left_right", "flip_up_down", "rot90", "transpose",
           "central_crop", "resize_with_crop_or_pad", "per_image_standardization", "resize",
           "ResizeMethod", "random_flip_left_right", "random_flip_up_down",
           "stateless_random_flip_left_right", "stateless_random_flip_up_down", "decode_image",
           "decode_jpeg", "decode_png"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("image", __name__, name)
