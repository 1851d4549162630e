"""`tf.io`: bytes and files (see ops/io_ops.py), `tf.io.gfile` (gfile.py), parsing
`tf.train.Example`s (ops/parsing_config.py), CSV records (ops/csv_ops.py),
image files (ops/image_decode_ops.py)."""
from ..ops.io_ops import (decode_raw, encode_base64, decode_base64, read_file, write_file)
from ..ops.image_decode_ops import decode_image, decode_jpeg, decode_png
from ..ops.tensor_proto import serialize_tensor, parse_tensor
from ..ops.csv_ops import decode_csv
from ..data.records import TFRecordWriter, TFRecordOptions
from ..ops.parsing_config import (FixedLenFeature, FixedLenSequenceFeature, VarLenFeature,
                                  RaggedFeature, parse_example, parse_single_example)
from ..ops.sequence_parsing_ops import parse_sequence_example, parse_single_sequence_example
from .. import gfile

__all__ = ["decode_raw", "encode_base64", "decode_base64", "read_file", "write_file", "gfile",
           "serialize_tensor", "parse_tensor", "TFRecordWriter", "TFRecordOptions",
           "FixedLenFeature", "FixedLenSequenceFeature", "VarLenFeature", "RaggedFeature",
           "parse_example", "parse_single_example", "parse_sequence_example",
           "parse_single_sequence_example", "decode_csv", "decode_image", "decode_jpeg",
           "decode_png"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("io", __name__, name)
