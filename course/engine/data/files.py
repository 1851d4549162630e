"""Elements read from text files: `tf.data.TextLineDataset` and `tf.data.experimental.CsvDataset`.

    >>> ds = tf.data.experimental.CsvDataset("prices.csv", [tf.string, 0.0], header=True)
    >>> for name, price in ds:      # one tuple of scalar tensors per CSV record
    ...     ...

Files are read lazily, a block at a time, on every pass over the dataset: a
file never sits in memory whole (TF's overfitting tutorial streams the 11
million rows of HIGGS.csv.gz this way), and a compressed file is inflated
at most one block at a time, so a small file cannot swell into gigabytes.
Errors in the data surface when iteration reaches them, as in TF, and name
the file and line.

Class names are TF's (`CsvDatasetV2`), so `repr(ds)` reads as in TF.
"""
from __future__ import annotations

import gzip
import os
import re
import zlib

import numpy as np

from .. import dtypes
from ..errors import DataLossError, NotFoundError, invalid_argument
from ..function import TensorSpec
from ..saving.reading import open_regular
from ..tensor import Tensor
from .dataset import Dataset
from .structure import as_object_array

__all__ = ["TextLineDatasetV2", "CsvDatasetV2"]

_BLOCK = 1 << 16  # bytes read (and inflated) at a time


# -- reading lines --------------------------------------------------------------------------------
def _filenames(filenames) -> list:
    """`filenames` (a path, a list of paths, or a string tensor of them) as a list of str."""
    if isinstance(filenames, Tensor):
        filenames = np.asarray(filenames._value).reshape(-1).tolist()
    elif isinstance(filenames, (str, bytes, os.PathLike)):
        filenames = [filenames]
    names = []
    for name in filenames:
        name = os.fspath(name)
        names.append(name.decode() if isinstance(name, bytes) else name)
    if not names:
        raise invalid_argument("TextLineDataset", "filenames must not be empty")
    return names


def _compression(compression_type, op: str) -> str:
    kind = "" if compression_type is None else compression_type
    if kind not in ("", "ZLIB", "GZIP"):
        raise invalid_argument(op, f"Unsupported compression_type: {compression_type}.",
                               'use "" (none), "ZLIB" or "GZIP"')
    return kind


def _blocks(path: str, compression: str):
    """The file's bytes, decompressed, in blocks of at most _BLOCK bytes."""
    try:  # (the loaders' own opener: a named pipe or a folder is refused, never waited on)
        raw = open_regular(path, "data file")
    except NotFoundError:
        if os.path.lexists(path):
            raise  # (it exists but cannot be opened: open_regular says why)
        raise NotFoundError(None, "IteratorGetNext",  # TF's words
                            f"{path}; No such file or directory [Op:IteratorGetNext]") from None
    with raw:
        try:
            if compression == "GZIP":
                with gzip.GzipFile(fileobj=raw) as f:  # (reads stay bounded: gzip inflates per read)
                    while block := f.read(_BLOCK):
                        yield block
            elif compression == "ZLIB":
                inflate = zlib.decompressobj()
                while data := raw.read(_BLOCK):
                    while data:  # max_length: one compressed block may inflate a thousandfold
                        yield inflate.decompress(data, _BLOCK)
                        data = inflate.unconsumed_tail
                yield inflate.flush()
                if not inflate.eof:
                    raise EOFError("the compressed stream ends too early")
            else:
                while block := raw.read(_BLOCK):
                    yield block
        except (OSError, EOFError, zlib.error) as e:
            raise DataLossError(None, "IteratorGetNext",
                                f"{path} is not a valid {compression} file: {e} "
                                "[Op:IteratorGetNext]") from None


def _lines(path: str, compression: str):
    """The file's lines, without their line endings (`\\n` or `\\r\\n`), as bytes.

    A line longer than a block grows in place (a bytearray), block by block: joining
    it anew with every block would copy it again each time, hours for one line of a
    few hundred megabytes (a small compressed file can inflate to that).
    """
    rest = bytearray()
    for block in _blocks(path, compression):
        lines = block.split(b"\n")
        rest += lines[0]
        if len(lines) == 1:
            continue  # (the line goes on in the next block)
        lines[0], rest = bytes(rest), bytearray(lines.pop())
        for line in lines:
            yield line[:-1] if line.endswith(b"\r") else line
    if rest:
        yield bytes(rest[:-1] if rest.endswith(b"\r") else rest)


class StringsOfFiles(Dataset):
    """One scalar `tf.string` per record of the files, in order; `read(path, compression)` says
    what a record is (a line here, a TFRecord in records.py)."""

    op_name = ""  # TF's op, named in errors

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None, name=None):
        self._files = _filenames(filenames)
        self._compression = _compression(compression_type, self.op_name)
        super().__init__(TensorSpec([], dtypes.string))

    def _elements(self):
        for path in self._files:
            for record in self.read(path, self._compression):
                yield Tensor(as_object_array(record))


class TextLineDatasetV2(StringsOfFiles):
    """One scalar `tf.string` per line of the files, in order. Mirrors `tf.data.TextLineDataset`.

    `compression_type`: `""` (none), `"ZLIB"` or `"GZIP"`. Lines come without
    their line endings. `buffer_size` and `num_parallel_reads` are accepted;
    this engine reads one file after the other.

    >>> list(tf.data.TextLineDataset("notes.txt").take(1).as_numpy_iterator())
    [b'first line']
    """

    op_name = "TextLineDataset"
    read = staticmethod(_lines)


# -- CSV records ----------------------------------------------------------------------------------
_TYPES = {dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string}


def _column(default, index: int):
    """One entry of `record_defaults` as (dtype, default tensor, or None for a required field).

    A dtype makes the field required; a value is its default and, by TF's
    conversion rules, gives its dtype (`0.0` float32, `0` int32, `""` string,
    `np.float64(0)` float64). `[value]` is TF's older spelling of a value.
    """
    if isinstance(default, (list, tuple, np.ndarray)):
        values = np.asarray(default, dtype=object).reshape(-1)
        if values.size != 1:
            raise invalid_argument("CSVDatasetV2", f"There should only be 1 default per field "
                                                   f"but field {index} has {values.size}")
        default = values[0]
    if isinstance(default, dtypes.DType):
        dtype, value = default, None
    elif isinstance(default, Tensor):
        dtype, value = default.dtype, default._value
    else:
        dtype, value = _default_dtype(default), default
    if dtype not in _TYPES:
        raise TypeError(f"record_defaults[{index}] is {default!r}: CsvDataset columns are "
                        "float32, float64, int32, int64 or string (give a default of one of "
                        "these types, or the dtype itself for a required field)")
    return dtype, None if value is None else _scalar(dtype, value)


def _default_dtype(value) -> dtypes.DType | None:
    if isinstance(value, bool):
        return None  # (a bool is an int to Python, not a column type to TF)
    if isinstance(value, np.generic):  # (before float: np.float64 is a float, and stays 64-bit)
        return dtypes.as_dtype(value.dtype)
    if isinstance(value, float):
        return dtypes.float32
    if isinstance(value, int):
        return dtypes.int32
    if isinstance(value, (str, bytes)):
        return dtypes.string
    return None


def _scalar(dtype: dtypes.DType, value) -> Tensor:
    """A scalar tensor of `dtype` holding `value` (strings as bytes, as TF holds them)."""
    if dtype is dtypes.string:
        if not isinstance(value, (bytes, str)):  # (a string tensor's 0-d array)
            value = np.asarray(value, dtype=object).item()
        return Tensor(as_object_array(value.encode() if isinstance(value, str) else value))
    return Tensor(dtype.as_numpy_dtype(value))


_INTEGER = re.compile(rb"\s*[+-]?[0-9]+\s*")


def _parse(field: bytes, dtype: dtypes.DType):
    """The field's value as `dtype`, or None if it is not one (TF's strtod/strtol rules)."""
    if dtype is dtypes.string:
        return field
    np_type = dtype.as_numpy_dtype
    if dtype.is_integer:
        if not _INTEGER.fullmatch(field):
            return None
        value = int(field)
        info = np.iinfo(np_type)
        return np_type(value) if info.min <= value <= info.max else None
    if b"_" in field:  # (Python's float accepts 1_000; C's strtod does not)
        return None
    try:
        value = float(field)
    except ValueError:
        return None
    with np.errstate(over="ignore"):  # 1e40 as float32 is inf, as in TF
        return np_type(value)


def _split(line: bytes, more_lines, delim: bytes, quotes: bool) -> list:
    """The fields of one CSV record. A quoted field ("a,b", with "" for a quote inside) may go on
    over several lines: `more_lines` gives the next ones."""
    if not quotes or b'"' not in line:
        return line.split(delim)
    fields, i = [], 0
    while True:
        if line[i:i + 1] == b'"':  # a quoted field, up to its closing quote
            value, i = bytearray(), i + 1
            while True:
                j = line.find(b'"', i)
                if j < 0:  # the field goes on after a line break
                    value += line[i:] + b"\n"
                    line, i = next(more_lines, None), 0
                    if line is None:
                        raise ValueError("Reached end of file without closing quoted field in "
                                         "record")
                    continue
                value += line[i:j]
                if line[j + 1:j + 2] == b'"':  # "" is a quote inside the field
                    value += b'"'
                    i = j + 2
                    continue
                i = j + 1
                break
            fields.append(bytes(value))
            if i == len(line):
                return fields
            if line[i:i + len(delim)] != delim:
                raise ValueError("Quoted fields must be followed by the field delimiter")
            i += len(delim)
        else:
            j = line.find(delim, i)
            field = line[i:] if j < 0 else line[i:j]
            if b'"' in field:
                raise ValueError("Unquoted fields cannot have quotes inside")
            fields.append(field)
            if j < 0:
                return fields
            i = j + len(delim)


def _counted(lines, where: list):
    for line in lines:
        where[0] += 1
        yield line


def _indices(cols, name: str) -> list | None:
    if cols is None:
        return None
    cols = [int(c) for c in (np.asarray(cols._value if isinstance(cols, Tensor) else cols)
                             .reshape(-1))]
    if any(c < 0 for c in cols) or any(a >= b for a, b in zip(cols, cols[1:])):
        raise invalid_argument("CSVDatasetV2", f"{name} should be strictly increasing indices")
    return cols or None


class CsvDatasetV2(Dataset):
    """One tuple of scalar tensors per CSV record. Mirrors `tf.data.experimental.CsvDataset`.

    `record_defaults` has one entry per column (of `select_cols`, if given):
    a default value, whose Python type gives the column's dtype (`0.0` is
    float32, `0` int32, `""` string), or a dtype (`tf.float64`) for a column
    that may not be empty. An empty field (or one equal to `na_value`) takes
    its default. `header=True` skips each file's first line; fields may be
    "quoted" (`use_quote_delim`). Columns are float32, float64, int32, int64 or
    string, as in TF.

    >>> ds = tf.data.experimental.CsvDataset("data.csv.gz", [0.0] * 3, compression_type="GZIP")
    >>> ds.element_spec[0]
    TensorSpec(shape=(), dtype=tf.float32, name=None)
    """

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None,
                 header: bool = False, field_delim: str = ",", use_quote_delim: bool = True,
                 na_value: str = "", select_cols=None, exclude_cols=None, name=None):
        self._files = _filenames(filenames)
        self._compression = _compression(compression_type, "CSVDatasetV2")
        self._columns = [_column(d, i) for i, d in enumerate(record_defaults)]
        if not self._columns:
            raise invalid_argument("CSVDatasetV2", "record_defaults must have at least one column")
        self._select = _indices(select_cols, "select_cols")
        self._exclude = _indices(exclude_cols, "exclude_cols")
        if self._select and self._exclude:
            raise invalid_argument("CSVDatasetV2", "Either select_cols or exclude_cols should be "
                                                   "empty")
        if self._select and len(self._select) != len(self._columns):
            raise invalid_argument("CSVDatasetV2", f"select_cols has {len(self._select)} columns "
                                                   f"but record_defaults has {len(self._columns)}")
        self._header = bool(header)
        delim = field_delim.encode() if isinstance(field_delim, str) else bytes(field_delim)
        if len(delim) != 1:
            raise invalid_argument("CSVDatasetV2", f"field_delim should be only 1 char, got "
                                                   f"{field_delim!r}")
        self._delim, self._quotes = delim, bool(use_quote_delim)
        self._na = na_value.encode() if isinstance(na_value, str) else bytes(na_value)
        super().__init__(tuple(TensorSpec([], dtype) for dtype, _ in self._columns))

    _skip_bad_records = False

    def _elements(self):
        for path in self._files:
            where = [0]  # the number of the line read last, for error messages
            lines = _counted(_lines(path, self._compression), where)
            if self._header:
                next(lines, None)
            for line in lines:
                start = where[0]
                try:
                    yield self._record(_split(line, lines, self._delim, self._quotes))
                except ValueError as e:
                    if self._skip_bad_records:  # (make_csv_dataset(ignore_errors=True))
                        continue
                    raise invalid_argument("IteratorGetNext", str(e),
                                           f"the record on line {start} of {path}") from None

    def _record(self, fields: list) -> tuple:
        """The tensors of one record's fields, by the rules of `record_defaults`."""
        columns = self._columns
        if self._select:
            if len(fields) <= self._select[-1]:
                raise ValueError(f"Expect {self._select[-1] + 1} fields but have {len(fields)} "
                                 "in record")
            fields = [fields[i] for i in self._select]
        elif self._exclude:
            excluded = set(self._exclude)
            fields = [f for i, f in enumerate(fields) if i not in excluded]
        if len(fields) != len(columns):  # (TF's words: "have more" when there are too many)
            have = "more" if len(fields) > len(columns) else len(fields)
            raise ValueError(f"Expect {len(columns)} fields but have {have} in record")
        record = []
        for i, (field, (dtype, default)) in enumerate(zip(fields, columns)):
            if not field or field == self._na:
                if default is None:
                    raise ValueError(f"Field {i} is required but missing in record!")
                record.append(default)
                continue
            value = _parse(field, dtype)
            if value is None:
                raise ValueError(f"Field {i} in record is not a valid {dtype.name}: "
                                 f"{field.decode(errors='replace')}")
            record.append(_scalar(dtype, value))
        return tuple(record)
