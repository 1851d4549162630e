"""`tf.io`: bytes and files (see ops/io_ops.py) and `tf.io.gfile` (gfile.py)."""
from ..ops.io_ops import (decode_raw, encode_base64, decode_base64, read_file, write_file)
from ..ops.tensor_proto import serialize_tensor, parse_tensor
from ..data.records import TFRecordWriter, TFRecordOptions
from .. import gfile

__all__ = ["decode_raw", "encode_base64", "decode_base64", "read_file", "write_file", "gfile",
           "serialize_tensor", "parse_tensor", "TFRecordWriter", "TFRecordOptions"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("io", __name__, name)
