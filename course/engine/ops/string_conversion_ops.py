"""Numbers to text and back: `tf.strings.to_number`, `tf.strings.as_string`, `tf.strings.format`.

TF never converts between numbers and strings implicitly (`tf.cast` refuses),
so these three ops are the only doors:

    >>> tf.strings.to_number(tf.constant(["1.5", "-3e2"]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([   1.5, -300. ], dtype=float32)>
    >>> tf.strings.as_string(tf.constant([1.5]), precision=2)
    <tf.Tensor: shape=(1,), dtype=string, numpy=array([b'1.50'], dtype=object)>
    >>> tf.strings.format("x = {}", tf.range(10))
    <tf.Tensor: shape=(), dtype=string, numpy=b'x = [0 1 2 ... 7 8 9]'>

`format` prints tensors the way TF's C++ runtime does (also `tf.print`'s
style): the shortest of 6 (float32) or 15 (float64) significant digits that
reads back exactly, else 9 or 17; long dimensions are summarized with `...`.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import register
from .string_ops import each, string_input

# -- to_number -----------------------------------------------------------------------------
_NUMBER_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.uint32,
                 dtypes.uint64)  # (TF's StringToNumber out_type list, in its order)


def _parse(s: bytes, out):
    text = s.decode("utf-8", "replace")
    try:
        if "_" in text:  # Python accepts 1_000; TF's parser does not
            raise ValueError
        if np.dtype(out).kind == "f":
            if text.strip().lstrip("+-")[:2] in ("0x", "0X"):
                return float.fromhex(text.strip())  # TF reads "0x10" as 16.0
            return float(text)  # whitespace, inf, nan, 1e400 -> inf, as TF
        value = int(text)
        if not np.iinfo(out).min <= value <= np.iinfo(out).max:
            raise ValueError
        return value
    except ValueError:
        raise invalid_argument("StringToNumber", f"StringToNumberOp could not correctly convert "
                                                 f"string: {text}") from None


STRING_TO_NUMBER = register(Op("StringToNumber", lambda x, out_type: each(
    lambda s: _parse(s, out_type), x, out=out_type), None, dtypes={dtypes.string}))


def to_number(input, out_type=dtypes.float32, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Parses each string as a number of `out_type` (float32 by default).

    Mirrors `tf.strings.to_number`; a string that is not a number is an
    `InvalidArgumentError`.

    >>> tf.strings.to_number(tf.constant(["1", "-2"]), out_type=tf.int32)
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([ 1, -2], dtype=int32)>
    """
    out_type = dtypes.as_dtype(out_type)
    if out_type not in _NUMBER_TYPES:
        names = ", ".join(dtypes.kernel_name(d) for d in _NUMBER_TYPES)
        kind = dtypes.kernel_name(out_type)
        raise invalid_argument("StringToNumber", f"Value for attr 'out_type' of {kind} is not in "
                                                 f"the list of allowed values: {names}")
    x = string_input(input, "StringToNumber")
    return execute(STRING_TO_NUMBER, (x,), {"out_type": out_type.as_numpy_dtype}, name=name)


# -- as_string -----------------------------------------------------------------------------
def _as_string(x, spec, conversion):
    if x.dtype == object:  # strings pass through, padded to `width` (latin-1 keeps the bytes)
        return each(lambda s: ((spec + "s") % s.decode("latin-1")).encode("latin-1"), x)
    if x.dtype == np.bool_:  # TF: true/false, never padded
        return each(lambda b: b"true" if b else b"false", x)
    if x.dtype.kind == "f":
        return each(lambda v: ((spec + conversion) % float(v)).encode(), x)
    return each(lambda v: ((spec + "d") % int(v)).encode(), x)


AS_STRING = register(Op("AsString", _as_string, None, dtypes=dtypes.ALL_AND_STRING))


def as_string(input, precision: int = -1, scientific: bool = False,  # noqa: A002 - TF's name
              shortest: bool = False, width: int = -1, fill: str = "", name=None) -> Tensor:
    """Prints each number as a string, as C's printf would. Mirrors `tf.strings.as_string`.

    Floats default to 6 decimals (`%f`); `precision` sets them, `scientific`
    uses `%e`, `shortest` `%g`. `width` pads, with `fill` ("0", or printf's
    flags "-", "+", " ") in front.

    >>> tf.strings.as_string(tf.constant([1.5, 2.0]))
    <tf.Tensor: shape=(2,), dtype=string, numpy=array([b'1.500000', b'2.000000'], dtype=object)>
    >>> tf.as_string(tf.constant(7), width=3, fill="0")
    <tf.Tensor: shape=(), dtype=string, numpy=b'007'>
    """
    x = input if isinstance(input, Tensor) else convert_to_tensor(input)
    if len(fill) > 1:
        raise invalid_argument("AsString", "Fill string must be one or fewer characters")
    if fill not in ("", "0", " ", "-", "+", "#"):
        raise invalid_argument("AsString", f"Fill argument not supported: \"{fill}\"")
    if scientific and shortest:
        raise invalid_argument("AsString", "Cannot select both scientific and shortest notation")
    if precision > -1 and not x.dtype.is_floating:
        raise invalid_argument("AsString", f"precision not supported for datatype "
                                           f"{x.dtype.name}")
    # one printf spec for the whole tensor: %[fill][width][.precision]
    spec = "%" + fill + (str(width) if width > -1 else "") + \
        (f".{precision}" if precision > -1 else "")
    conversion = "g" if shortest else "e" if scientific else "f"
    return execute(AS_STRING, (x,), {"spec": spec, "conversion": conversion}, name=name)


# -- format: tensors printed as TF's runtime prints them --------------------------------------------
def _float_text(value: float, np_type) -> str:
    """TF's FloatToBuffer: the short form if it reads back exactly, else enough digits."""
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    short, long_ = (15, 17) if np_type == np.float64 else (6, 9)
    text = f"%.{short}g" % value
    read = np.float64(text) if np_type == np.float64 else np.float32(text)
    return text if read == np_type(value) else f"%.{long_}g" % value


_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"',
            ord("'"): "\\'", ord("\\"): "\\\\"}


def _quoted(s: bytes) -> str:
    """A string element as TF prints it: in double quotes, C escapes, UTF-8 kept as it is."""
    out = []
    for b in s:
        if b in _ESCAPES:
            out.append(_ESCAPES[b])
        elif b < 0x20 or b == 0x7F:
            out.append("\\%03o" % b)
        else:
            out.append(chr(b))  # (bytes >= 0x80 pass through: see _summarize's latin-1 trick)
    return '"' + "".join(out) + '"'


def _element_text(value, dtype) -> str:
    if dtype == object:
        return _quoted(value)
    if dtype == np.bool_:
        return "1" if value else "0"
    if dtype.kind == "f":
        return _float_text(float(value), np.float64 if dtype == np.float64 else np.float32)
    return str(int(value))


def _summarize(array: np.ndarray, summarize: int) -> str:
    """A whole tensor as TF prints it: `[[0 1 ... 8 9]\\n [10 11 ... 18 19]\\n ...]`."""
    if array.ndim == 0:
        return _element_text(array[()], array.dtype)
    if array.size == 0:
        return "[]"

    def rows(length: int) -> list:
        # each dimension longer than 2*summarize shows its first and last `summarize` entries
        if summarize < 0 or length <= 2 * summarize:
            return list(range(length))
        return list(range(summarize)) + [None] + list(range(length - summarize, length))

    def text(sub: np.ndarray, depth: int) -> str:
        if sub.ndim == 1:
            return "[" + " ".join("..." if i is None else _element_text(sub[i], sub.dtype)
                                  for i in rows(len(sub))) + "]"
        separator = "\n" * (sub.ndim - 1) + " " * (depth + 1)
        return "[" + separator.join("..." if i is None else text(sub[i], depth + 1)
                                    for i in rows(len(sub))) + "]"

    return text(array, 0)


def _format(*values, pieces, summarize):
    parts = [_summarize(values[p], summarize) if isinstance(p, int) else p for p in pieces]
    # (strings' bytes were kept as chars 0-255 above; latin-1 turns them back into those bytes)
    out = np.empty((), dtype=object)
    out[()] = "".join(parts).encode("latin-1")
    return out


STRING_FORMAT = register(Op("StringFormat", _format, None, dtypes=dtypes.ALL_AND_STRING,
                            same_dtype=False))


def format(template: str, inputs, placeholder: str = "{}", summarize: int = 3,  # noqa: A001
           name=None) -> Tensor:
    """A scalar string: `template` with each `placeholder` replaced by a printed tensor.

    Mirrors `tf.strings.format`. Tensors print as TF's runtime prints them,
    with dimensions longer than `2 * summarize` summarized (`-1`: print all).

    >>> tf.strings.format("x={} y={}", [tf.constant(1), tf.constant([1.5, 2.0])])
    <tf.Tensor: shape=(), dtype=string, numpy=b'x=1 y=[1.5 2]'>
    """
    if not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    tensors = tuple(x if isinstance(x, Tensor) else convert_to_tensor(x) for x in inputs)
    texts = template.split(placeholder)
    if len(texts) - 1 != len(tensors):
        raise ValueError(f"The template expects {len(texts) - 1} tensors, but the inputs only has "
                         f"{len(tensors)}. Please ensure the number of placeholders in template "
                         "matches inputs length.")
    pieces = [texts[0].encode("utf-8").decode("latin-1")]
    for i, piece in enumerate(texts[1:]):
        pieces += [i, piece.encode("utf-8").decode("latin-1")]
    if not tensors:  # nothing to print: the template itself
        return convert_to_tensor(template)
    return execute(STRING_FORMAT, tensors, {"pieces": tuple(pieces), "summarize": int(summarize)},
                   name=name)
