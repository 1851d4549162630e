"""`tf.io.decode_csv`: CSV records (strings) in, one tensor per column out.

    >>> tf.io.decode_csv(["1,a,2.5", "3,,"], record_defaults=[0, "x", 0.0])
    [<tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 3], dtype=int32)>,
     <tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a', b'x'], dtype=object)>,
     <tf.Tensor: shape=(2,), dtype=float32, numpy=array([2.5, 0. ], dtype=float32)>]

Each record is one line of a CSV file; every output has the records' shape.
`record_defaults` works as in `CsvDataset` (data/files.py, whose field rules
this op shares): one entry per column, a value whose type gives the column's
dtype and fills an empty field, or a dtype (an empty tensor) for a field that
must not be empty. It is one op, `DecodeCSV`, with as many outputs as columns,
so it also runs inside `Dataset.map` (TF's way to parse a TextLineDataset).
Not differentiable (TF registers no gradient).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..data.files import _column, _parse, _split
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.shapes import SHAPE_RULES, Spec
from ..tensor import Tensor, convert_to_tensor

__all__ = ["decode_csv"]


def _decode_csv(records, columns, delim, quotes, na, select):
    """One array per column, each of the records' shape."""
    flat = np.asarray(records, dtype=object).reshape(-1)
    outs = [np.empty(flat.shape, dtype=object if dtype is dtypes.string else dtype.as_numpy_dtype)
            for dtype, _ in columns]
    for r, record in enumerate(flat):
        line = bytes(record)
        try:
            fields = _split(line, iter(()), delim, quotes)
        except ValueError as e:
            raise invalid_argument("DecodeCSV", f"{e} {r}") from None
        if select:
            if len(fields) <= select[-1]:
                raise invalid_argument("DecodeCSV", f"Expect {select[-1] + 1} fields but have "
                                                    f"{len(fields)} in record {r}")
            fields = [fields[i] for i in select]
        if len(fields) != len(columns):
            raise invalid_argument("DecodeCSV", f"Expect {len(columns)} fields but have "
                                                f"{len(fields)} in record {r}")
        for i, (field, (dtype, default)) in enumerate(zip(fields, columns)):
            if not field or field == na:
                if default is None:
                    raise invalid_argument("DecodeCSV", f"Field {i} is required but missing in "
                                                        f"record {r}!")
                outs[i][r] = default
                continue
            value = _parse(field, dtype)
            if value is None:
                raise invalid_argument("DecodeCSV", f"Field {i} in record {r} is not a valid "
                                                    f"{dtype.name}: {field.decode(errors='replace')}")
            outs[i][r] = value
    # (a scalar number is a NumPy scalar, as the engine holds them; a string stays an array)
    outs = tuple(out.reshape(np.shape(records))[()] if out.dtype != object or np.ndim(records)
                 else out.reshape(()) for out in outs)
    return outs if len(outs) > 1 else outs[0]  # (an op with one output returns it alone)


_OPS: dict = {}


def _op(n: int) -> Op:
    """The DecodeCSV op with `n` outputs (TF's op has one per column: OUT_TYPE's length)."""
    if n not in _OPS:
        _OPS[n] = Op("DecodeCSV", _decode_csv, None, dtypes={dtypes.string}, outputs=n)
    return _OPS[n]


# While tracing: each column has the records' shape and its own dtype (the stand-in records
# could not be parsed)
def _specs(specs, attrs):
    out = [Spec(object if dtype is dtypes.string else dtype.as_numpy_dtype, specs[0].shape)
           for dtype, _ in attrs["columns"]]
    return out if len(out) > 1 else out[0]


SHAPE_RULES["DecodeCSV"] = _specs


def decode_csv(records, record_defaults, field_delim: str = ",", use_quote_delim: bool = True,
               name=None, na_value: str = "", select_cols=None) -> list:
    """Splits CSV records into columns. Mirrors `tf.io.decode_csv`.

    Returns a list with one tensor per entry of `record_defaults`, each of the
    shape of `records`. `select_cols` (increasing indices) picks columns;
    an empty field, or one equal to `na_value`, takes its column's default.

    >>> tf.io.decode_csv("1,2", record_defaults=[0, 0.0])
    [<tf.Tensor: shape=(), dtype=int32, numpy=1>, <tf.Tensor: shape=(), dtype=float32, numpy=2.0>]
    """
    records = records if isinstance(records, Tensor) else convert_to_tensor(records)
    if records.dtype is not dtypes.string:
        raise TypeError(f"Input 'records' of 'DecodeCSV' Op has type {records.dtype.name} that "
                        "does not match expected type of string.")
    columns = []
    for i, default in enumerate(record_defaults):
        if isinstance(default, Tensor) and default.shape.rank == 1 and default.shape[0] == 0:
            columns.append((default.dtype, None))  # (an empty tensor: a required field)
            continue
        if isinstance(default, (list, tuple, np.ndarray)) and np.size(default) != 1:
            raise invalid_argument("DecodeCSV", f"There should only be 1 default per field but "
                                                f"field {i} has {np.size(default)}")
        dtype, value = _column(default, i)
        columns.append((dtype, None if value is None else value._value[()]))
    select = None if select_cols is None else [int(c) for c in select_cols]
    if select is not None and (any(c < 0 for c in select) or
                               any(a >= b for a, b in zip(select, select[1:]))):
        raise ValueError("select_cols is not strictly increasing.")
    if select is not None and len(select) != len(columns):
        raise ValueError("Length of select_cols and record_defaults do not match.")
    delim = field_delim.encode() if isinstance(field_delim, str) else bytes(field_delim)
    if len(delim) != 1:
        raise invalid_argument("DecodeCSV", "field_delim should be only 1 char")
    na = na_value.encode() if isinstance(na_value, str) else bytes(na_value)
    out = execute(_op(len(columns)), (records,), {
        "columns": tuple(columns), "delim": delim, "quotes": bool(use_quote_delim), "na": na,
        "select": tuple(select or ())}, name=name)
    return list(out) if isinstance(out, tuple) else [out]
