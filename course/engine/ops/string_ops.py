"""String ops: `tf.strings.length`, `lower`, `join`, `split`, `substr`, `regex_replace`, ...

A `tf.string` tensor holds `bytes` in a NumPy object array (see ../text.py),
so every op here is a Python function applied to each element, broadcast by
NumPy's `frompyfunc`. TF's rules that surprise:
- Strings are bytes. `length` counts bytes unless `unit="UTF8_CHAR"`, and
  `lower`/`upper` change only ASCII letters unless `encoding="utf-8"`.
- `+` on strings concatenates (TF's op "Add", not "AddV2").
- Strings are not differentiable: no op here has a gradient.
- Splitting one string gives a dense 1-D tensor; splitting many gives rows of
  different lengths, a `tf.RaggedTensor` (../ragged/), one row per string.

Parsing and printing numbers (`to_number`, `as_string`, `format`) live in
string_conversion_ops.py.
"""
from __future__ import annotations

import re

import numpy as np

from .. import dtypes
from ..errors import OutOfRangeError, invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from ..text import as_object_array
from . import register

_STRING = {dtypes.string}
_UNITS = ("BYTE", "UTF8_CHAR")


def each(fn, *arrays, out=object):
    """`fn` applied to every element (broadcast), as an object array or a NumPy `out` dtype.

    >>> each(len, np.array([b"ab", b"c"], dtype=object), out=np.int32)
    array([2, 1], dtype=int32)
    """
    result = np.frompyfunc(fn, len(arrays), 1)(*arrays)
    if out is object:
        return as_object_array(result)
    return np.asarray(result, dtype=out)[()]  # rank 0 -> a NumPy scalar, as every tensor holds


def string_input(x, op_name: str, index: int = 0) -> Tensor:
    """`x` as a string tensor, or TF's error naming the op and the dtype it got."""
    t = x if isinstance(x, Tensor) else convert_to_tensor(x)
    if t.dtype is not dtypes.string:
        kind = dtypes.kernel_name(t.dtype)
        raise invalid_argument(op_name, f"cannot compute {op_name} as input #{index}(zero-based) "
                                        f"was expected to be a string tensor but is a {kind} tensor",
                               "convert numbers with tf.strings.as_string first.")
    return t


def _check_unit(op_name: str, unit: str) -> None:
    if unit not in _UNITS:
        raise invalid_argument(op_name, f"Value for attr 'unit' of \"{unit}\" is not in the list of "
                                        f"allowed values: \"BYTE\", \"UTF8_CHAR\"")


def _per_string(fn, x: Tensor, dtype: dtypes.DType = dtypes.string):
    """A tensor of strings -> a tf.RaggedTensor whose rows are `fn(one string)`: TF's rule.

    Each string gives a different number of pieces, so the pieces of a rank-1
    tensor are rows of a RaggedTensor (one more ragged dimension per extra rank).
    """
    from ..ragged.ragged_tensor import RaggedTensor  # (ragged/ is built on the ops)
    from ..ragged.partition import numbers
    from . import array_ops
    numbers(x)   # (ragged tensors are eager only here: a clear error inside tf.function)
    flat = array_ops.reshape(x, [-1])
    rows = [fn(flat[i]) for i in range(flat.shape[0])]
    values = array_ops.concat(rows, axis=0) if rows else \
        convert_to_tensor(np.zeros(0, dtype.as_numpy_dtype), dtype)
    result = RaggedTensor.from_row_lengths(values, [int(r.shape[0]) for r in rows])
    dims = x.shape.as_list()
    for k in range(x.ndim - 1, 0, -1):   # group the rows back into x's leading dimensions
        outer = int(np.prod(dims[:k]))
        result = RaggedTensor.from_uniform_row_length(result, dims[k], nrows=outer)
    return result


# -- + on strings: concatenation ---------------------------------------------------------
STRING_ADD = register(Op("Add", lambda x, y: as_object_array(np.add(x, y)), None, dtypes=_STRING))


def string_add(x, y, name=None) -> Tensor:
    """`x + y` for strings: concatenation with broadcasting. `tf.add` calls this for strings.

    >>> tf.constant(["a", "b"]) + "!"
    <tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a!', b'b!'], dtype=object)>
    """
    x = x if isinstance(x, Tensor) else convert_to_tensor(x)  # (reads a Variable)
    y = y if isinstance(y, Tensor) else convert_to_tensor(y)  # TF: 1 stays an int32 (an error)
    return execute(STRING_ADD, (x, y), name=name)


# -- length, lower, upper, strip ------------------------------------------------------------
def _utf8_chars(s: bytes) -> int:
    # TF counts the bytes that start a character (not 10xxxxxx continuation bytes)
    return sum(1 for b in s if b & 0xC0 != 0x80)


def _length(x, unit):
    return each(len if unit == "BYTE" else _utf8_chars, x, out=np.int32)


STRING_LENGTH = register(Op("StringLength", _length, None, dtypes=_STRING))


def length(input, unit: str = "BYTE", name=None) -> Tensor:  # noqa: A002 - TF's name
    """The length of each string, in bytes or (`unit="UTF8_CHAR"`) in characters.

    Mirrors `tf.strings.length`.

    >>> tf.strings.length(tf.constant(["héllo", ""]))
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([6, 0], dtype=int32)>
    >>> tf.strings.length("héllo", unit="UTF8_CHAR")
    <tf.Tensor: shape=(), dtype=int32, numpy=5>
    """
    _check_unit("StringLength", unit)
    return execute(STRING_LENGTH, (string_input(input, "StringLength"),), {"unit": unit}, name=name)


def _case(method: str):
    def forward(x, encoding):
        if encoding == "":  # TF's default: ASCII letters only, bytes as they are
            return each(getattr(bytes, method), x)
        return each(lambda s: getattr(s.decode("utf-8", "replace"), method)().encode("utf-8"), x)
    return forward


STRING_LOWER = register(Op("StringLower", _case("lower"), None, dtypes=_STRING))
STRING_UPPER = register(Op("StringUpper", _case("upper"), None, dtypes=_STRING))


def lower(input, encoding: str = "", name=None) -> Tensor:  # noqa: A002 - TF's name
    """Lower-cases ASCII letters (all letters with `encoding="utf-8"`). Mirrors `tf.strings.lower`.

    >>> tf.strings.lower("Hello World")
    <tf.Tensor: shape=(), dtype=string, numpy=b'hello world'>
    """
    return execute(STRING_LOWER, (string_input(input, "StringLower"),),
                   {"encoding": encoding.lower()}, name=name)


def upper(input, encoding: str = "", name=None) -> Tensor:  # noqa: A002 - TF's name
    """Upper-cases ASCII letters (all letters with `encoding="utf-8"`). Mirrors `tf.strings.upper`."""
    return execute(STRING_UPPER, (string_input(input, "StringUpper"),),
                   {"encoding": encoding.lower()}, name=name)


# TF strips ASCII whitespace (space, \t, \n, \v, \f, \r), as bytes.strip() does.
STRING_STRIP = register(Op("StringStrip", lambda x: each(bytes.strip, x), None, dtypes=_STRING))


def strip(input, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Removes leading and trailing whitespace. Mirrors `tf.strings.strip`.

    >>> tf.strings.strip(tf.constant(["  a b \\n"]))
    <tf.Tensor: shape=(1,), dtype=string, numpy=array([b'a b'], dtype=object)>
    """
    return execute(STRING_STRIP, (string_input(input, "StringStrip"),), name=name)


# -- join and reduce_join ---------------------------------------------------------------------
def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _join(*xs, separator):
    shapes = [x.shape for x in xs if x.ndim]
    for shape in shapes[1:]:  # TF: scalars broadcast, other shapes must match exactly
        if shape != shapes[0]:
            raise invalid_argument("StringJoin", f"Input shapes do not match: {_dims(shapes[0])} "
                                                 f"vs. {_dims(shape)}")
    return each(lambda *parts: separator.join(parts), *xs)


STRING_JOIN = register(Op("StringJoin", _join, None, dtypes=_STRING))


def join(inputs, separator: str = "", name=None) -> Tensor:
    """Joins strings elementwise across a list of tensors. Mirrors `tf.strings.join`.

    >>> tf.strings.join([tf.constant(["a", "b"]), "x"], separator="-")
    <tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a-x', b'b-x'], dtype=object)>
    """
    tensors = tuple(string_input(x, "StringJoin", i) for i, x in enumerate(inputs))
    if not tensors:
        return convert_to_tensor("")
    return execute(STRING_JOIN, tensors, {"separator": _as_bytes(separator)}, name=name)


def _reduce_join(x, axis, keepdims, separator):
    for a in axis:
        if not -x.ndim <= a < max(x.ndim, 1):
            raise OutOfRangeError(None, "ReduceJoin", f"Invalid reduction dimension {a} for input "
                                                      f"with {x.ndim} dimension(s) [Op:ReduceJoin]")
    axes = list(dict.fromkeys(a % x.ndim for a in axis)) if x.ndim else []
    kept = [d for d in range(x.ndim) if d not in axes]
    # TF joins along the listed axes one after the other: the first listed varies fastest
    moved = np.transpose(x, kept + axes[::-1]).reshape([x.shape[d] for d in kept] + [-1])
    out = np.empty(moved.shape[:-1], dtype=object)
    for index in np.ndindex(out.shape):  # join along the reduced axes, in row-major order
        out[index] = separator.join(moved[index])
    if keepdims:
        out = out.reshape([1 if d in axes else x.shape[d] for d in range(x.ndim)])
    return out


REDUCE_JOIN = register(Op("ReduceJoin", _reduce_join, None, dtypes=_STRING))


def reduce_join(inputs, axis=None, keepdims: bool = False, separator: str = "",
                name=None) -> Tensor:
    """Joins the strings along `axis` (all axes by default). Mirrors `tf.strings.reduce_join`.

    >>> tf.strings.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis=1, separator=",")
    <tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a,b', b'c,d'], dtype=object)>
    """
    x = string_input(inputs, "ReduceJoin")
    if axis is None:  # all axes, last first: the strings in row-major order
        axis = tuple(reversed(range(x.ndim)))
    axis = tuple(int(a) for a in np.atleast_1d(np.asarray(axis._value if isinstance(axis, Tensor)
                                                          else axis)))
    return execute(REDUCE_JOIN, (x,), {"axis": axis, "keepdims": bool(keepdims),
                                        "separator": _as_bytes(separator)}, name=name)


def _as_bytes(value) -> bytes:
    if isinstance(value, Tensor):
        value = value.numpy()
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


# -- split and bytes_split (one string -> a 1-D tensor of pieces) ------------------------------
def _split(x, sep, maxsplit):
    s = x[()]
    # TF: no separator (or an empty one) splits on runs of whitespace, as bytes.split() does
    pieces = s.split(sep or None, maxsplit)
    out = np.empty(len(pieces), dtype=object)
    out[:] = pieces
    return out


STRING_SPLIT = register(Op("StringSplitV2", _split, None, dtypes=_STRING))


def split(input, sep=None, maxsplit: int = -1, name=None) -> Tensor:  # noqa: A002 - TF's name
    """Splits one string on `sep` (on runs of whitespace by default). Mirrors `tf.strings.split`.

    >>> tf.strings.split(tf.constant("a b  c"))
    <tf.Tensor: shape=(3,), dtype=string, numpy=array([b'a', b'b', b'c'], dtype=object)>

    A tensor of several strings gives a RaggedTensor, one row per string:

    >>> tf.strings.split(["a b", "c"])
    <tf.RaggedTensor [[b'a', b'b'], [b'c']]>
    """
    x = string_input(input, "StringSplitV2")
    if x.ndim:
        return _per_string(lambda one: split(one, sep, maxsplit), x)
    return execute(STRING_SPLIT, (x,), {"sep": None if sep is None else _as_bytes(sep),
                                        "maxsplit": int(maxsplit)}, name=name)


def _bytes_split(x):
    s = x[()]
    out = np.empty(len(s), dtype=object)
    out[:] = [s[i:i + 1] for i in range(len(s))]
    return out


BYTES_SPLIT = register(Op("StringBytesSplit", _bytes_split, None, dtypes=_STRING))


def bytes_split(input, name=None) -> Tensor:  # noqa: A002 - TF's name
    """One string -> a 1-D tensor of its single bytes. Mirrors `tf.strings.bytes_split`.

    >>> tf.strings.bytes_split("hé")
    <tf.Tensor: shape=(3,), dtype=string, numpy=array([b'h', b'\\xc3', b'\\xa9'], dtype=object)>
    """
    x = string_input(input, "StringBytesSplit")
    if x.ndim:
        return _per_string(bytes_split, x)
    return execute(BYTES_SPLIT, (x,), name=name)


# -- substr -----------------------------------------------------------------------------------
def _substr(x, pos, length, unit):
    if pos.shape != length.shape:
        raise invalid_argument("Substr", f"pos and len should have the same shape, got: "
                                         f"{_dims(pos.shape)} vs. {_dims(length.shape)}")
    xs, ps, ls = np.broadcast_arrays(x, pos, length)
    out = np.empty(xs.shape, dtype=object)
    for index in np.ndindex(xs.shape):
        s, p, n = xs[index], int(ps[index]), int(ls[index])
        chars = s if unit == "BYTE" else s.decode("utf-8", "replace")
        if not -len(chars) <= p <= len(chars):
            flat = int(np.ravel_multi_index(index, xs.shape)) if xs.ndim else 0
            raise invalid_argument("Substr", f"pos {p} out of range for string {s!r} at index "
                                             f"{flat}")
        p = p + len(chars) if p < 0 else p
        piece = chars[p:] if n < 0 else chars[p:p + n]  # TF: a negative len takes the rest
        out[index] = piece if unit == "BYTE" else piece.encode("utf-8")
    return out


SUBSTR = register(Op("Substr", _substr, None, dtypes=_STRING, same_dtype=False))


def substr(input, pos, len, unit: str = "BYTE", name=None) -> Tensor:  # noqa: A002 - TF's names
    """`len` bytes (or UTF-8 characters) of each string, starting at `pos`.

    Mirrors `tf.strings.substr`: a negative `pos` counts from the end; `len`
    past the end stops at the end; `pos` outside the string is an error.

    >>> tf.strings.substr(tf.constant(["hello", "world"]), 1, 3)
    <tf.Tensor: shape=(2,), dtype=string, numpy=array([b'ell', b'orl'], dtype=object)>
    """
    _check_unit("Substr", unit)
    x = string_input(input, "Substr")
    pos = pos if isinstance(pos, Tensor) else convert_to_tensor(pos)
    length = len if isinstance(len, Tensor) else convert_to_tensor(len, dtype=pos.dtype)
    return execute(SUBSTR, (x, pos, length), {"unit": unit}, name=name)


# -- regular expressions (RE2 in TF; Python's re here: the common syntax is the same) ---------
def _compile(op_name: str, pattern: bytes) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as e:
        raise invalid_argument(op_name, f"Invalid pattern: {pattern.decode('utf-8', 'replace')}, "
                                        f"error: {e}") from None


def _regex_replace(x, pattern, rewrite, replace_global):
    regex = _compile("StaticRegexReplace", pattern)
    # RE2 writes the whole match as \0; Python's re needs \g<0>
    template = re.sub(rb"\\0", rb"\\g<0>", rewrite)
    return each(lambda s: regex.sub(template, s, count=0 if replace_global else 1), x)


REGEX_REPLACE = register(Op("StaticRegexReplace", _regex_replace, None, dtypes=_STRING))


def regex_replace(input, pattern, rewrite, replace_global: bool = True,  # noqa: A002
                  name=None) -> Tensor:
    """Replaces matches of the regular expression `pattern` with `rewrite` (`\\1` for groups).

    Mirrors `tf.strings.regex_replace` (TF uses RE2 syntax; the common part is
    the same as Python's `re`).

    >>> tf.strings.regex_replace(tf.constant(["aa bb", "cab"]), "a+", "X")
    <tf.Tensor: shape=(2,), dtype=string, numpy=array([b'X bb', b'cXb'], dtype=object)>
    """
    return execute(REGEX_REPLACE, (string_input(input, "StaticRegexReplace"),),
                   {"pattern": _as_bytes(pattern), "rewrite": _as_bytes(rewrite),
                    "replace_global": bool(replace_global)}, name=name)


def _regex_full_match(x, pattern):
    regex = _compile("StaticRegexFullMatch", pattern)
    return each(lambda s: regex.fullmatch(s) is not None, x, out=np.bool_)


REGEX_FULL_MATCH = register(Op("StaticRegexFullMatch", _regex_full_match, None, dtypes=_STRING))


def regex_full_match(input, pattern, name=None) -> Tensor:  # noqa: A002 - TF's name
    """True where the whole string matches `pattern`. Mirrors `tf.strings.regex_full_match`.

    >>> tf.strings.regex_full_match(tf.constant(["abc", "abcd"]), "a.c")
    <tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>
    """
    return execute(REGEX_FULL_MATCH, (string_input(input, "StaticRegexFullMatch"),),
                   {"pattern": _as_bytes(pattern)}, name=name)


# -- Unicode: code points <-> encoded strings ---------------------------------------------------
def _codec(encoding: str) -> str:
    try:
        import codecs
        return codecs.lookup(encoding).name
    except LookupError:
        raise invalid_argument("UnicodeDecode", f"Could not create converter for input encoding: "
                                                f"{encoding}") from None


def _decode(x, encoding):
    return np.array([ord(c) for c in x[()].decode(encoding, "replace")], dtype=np.int32)


UNICODE_DECODE = register(Op("UnicodeDecode", _decode, None, dtypes=_STRING))


def unicode_decode(input, input_encoding: str, errors: str = "replace",  # noqa: A002
                   replacement_char: int = 65533, replace_control_characters: bool = False,
                   name=None) -> Tensor:
    """One string -> its Unicode code points (int32). Mirrors `tf.strings.unicode_decode`.

    Invalid bytes become U+FFFD (TF's default `errors="replace"`).

    >>> tf.strings.unicode_decode("hé", "UTF-8")
    <tf.Tensor: shape=(2,), dtype=int32, numpy=array([104, 233], dtype=int32)>
    """
    if errors != "replace" or replacement_char != 65533 or replace_control_characters:
        raise NotImplementedError("tf.strings.unicode_decode supports only its defaults for "
                                  "errors, replacement_char and replace_control_characters here.")
    x = string_input(input, "UnicodeDecode")
    if x.ndim:
        return _per_string(lambda one: unicode_decode(one, input_encoding), x, dtypes.int32)
    return execute(UNICODE_DECODE, (x,), {"encoding": _codec(input_encoding)}, name=name)


def _unicode_split(x, encoding):
    chars = x[()].decode(encoding, "replace")
    out = np.empty(len(chars), dtype=object)
    out[:] = [c.encode(encoding) for c in chars]
    return out


UNICODE_SPLIT = register(Op("UnicodeSplit", _unicode_split, None, dtypes=_STRING))


def unicode_split(input, input_encoding: str, errors: str = "replace",  # noqa: A002
                  replacement_char: int = 65533, name=None) -> Tensor:
    """One string -> a 1-D tensor of its characters. Mirrors `tf.strings.unicode_split`."""
    x = string_input(input, "UnicodeSplit")
    if x.ndim:
        return _per_string(lambda one: unicode_split(one, input_encoding), x)
    return execute(UNICODE_SPLIT, (x,), {"encoding": _codec(input_encoding)}, name=name)


def _encode(codes, encoding):
    rows = codes.reshape(-1, codes.shape[-1]) if codes.size else codes.reshape(-1, 0)
    out = np.empty(rows.shape[0], dtype=object)
    for i, row in enumerate(rows):
        out[i] = "".join(chr(c) if 0 <= c <= 0x10FFFF and not 0xD800 <= c <= 0xDFFF
                         else "\ufffd" for c in row.tolist()).encode(encoding)
    return out.reshape(codes.shape[:-1])


UNICODE_ENCODE = register(Op("UnicodeEncode", _encode, None, dtypes={dtypes.int32}))


def unicode_encode(input, output_encoding: str, errors: str = "replace",  # noqa: A002
                   replacement_char: int = 65533, name=None) -> Tensor:
    """Code points (int32) along the last axis -> encoded strings. Mirrors `tf.strings.unicode_encode`.

    >>> tf.strings.unicode_encode(tf.constant([104, 233]), "UTF-8")
    <tf.Tensor: shape=(), dtype=string, numpy=b'h\\xc3\\xa9'>
    """
    codes = input if isinstance(input, Tensor) else convert_to_tensor(input)
    if codes.ndim == 0:
        raise ValueError("input_tensor's rank must be at least 1.")
    if codes.dtype is not dtypes.int32:
        raise invalid_argument("UnicodeEncode", f"cannot compute UnicodeEncode as input "
                                                f"#0(zero-based) was expected to be a int32 tensor "
                                                f"but is a {codes.dtype.name} tensor")
    return execute(UNICODE_ENCODE, (codes,), {"encoding": _codec(output_encoding)}, name=name)
