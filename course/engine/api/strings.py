"""`tf.strings`: string ops (see ops/string_ops.py and ops/string_conversion_ops.py)."""
from ..ops.string_ops import (length, lower, upper, strip, join, reduce_join, split, bytes_split,
                              substr, regex_replace, regex_full_match, unicode_decode,
                              unicode_encode, unicode_split)
from ..ops.string_conversion_ops import to_number, as_string, format  # noqa: A004
from ..ops.hash_ops import to_hash_bucket_fast, to_hash_bucket_strong, to_hash_bucket
from ..ragged.dispatch import elementwise as _elementwise, elementwise_list as _elementwise_list

join = _elementwise_list(join)  # (TF: a list holding RaggedTensors joins their values)
# (TF: the elementwise string ops take RaggedTensors too, and work on their flat values)
length, lower, upper, strip, substr, regex_replace, regex_full_match, to_number, as_string = (
    _elementwise(f) for f in (length, lower, upper, strip, substr, regex_replace,
                              regex_full_match, to_number, as_string))

__all__ = ["length", "lower", "upper", "strip", "join", "reduce_join", "split", "bytes_split",
           "substr", "regex_replace", "regex_full_match", "unicode_decode", "unicode_encode",
           "unicode_split", "to_number", "as_string", "format", "to_hash_bucket_fast",
           "to_hash_bucket_strong", "to_hash_bucket"]


def __getattr__(name):  # only names this module lacks: TF's names get a clear error (unsupported.py)
    from .. import unsupported
    return unsupported.missing("strings", __name__, name)
