"""Row partitions: the integer vectors that cut a ragged tensor's values into rows.

A `tf.RaggedTensor` keeps its rows as one flat `values` tensor and one
`row_splits` vector: row `i` is `values[row_splits[i]:row_splits[i + 1]]`.

    values     = [3, 1, 4, 1, 5, 9, 2]
    row_splits = [0, 4, 4, 7]          ->  [[3, 1, 4, 1], [], [5, 9, 2]]

The other encodings TF accepts (row lengths, value row ids, row starts, row
limits) are turned into row splits here, and checked with TF's errors. The
checks need the numbers, so they run eagerly (inside tf.function a RaggedTensor's
row splits are graph tensors: only what needs no numbers works there, spec.py). Read next: ragged_tensor.py (the class built on these).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import InvalidArgumentError
from ..tensor import Tensor, TensorShape, convert_to_tensor

__all__ = ["as_splits", "numbers", "check_splits", "splits_from_lengths",
           "splits_from_value_rowids", "invalid", "splits_differ"]


def invalid(message: str, detail: str) -> InvalidArgumentError:
    """TF's InvalidArgumentError for row partitions that do not fit (first line as TF's)."""
    return InvalidArgumentError(None, None, f"{message}\n{detail}")


def splits_differ(x: np.ndarray, y: np.ndarray, prefix: str = "") -> InvalidArgumentError:
    """TF's error when two row partitions that must be equal are not (its assert_equal text).

    TF shows the first three differing positions and the first three splits of each.
    """
    head = f"{prefix}\n" if prefix else ""
    if x.shape != y.shape:
        return invalid(f"{head}Condition x == y did not hold.",
                       f"row_splits {x.tolist()} and {y.tolist()} have different lengths")
    where = np.flatnonzero(x != y)[:3]
    lines = [f"{head}Condition x == y did not hold.",
             f"Indices of first {len(where)} different values:", str(where[:, None]),
             "Corresponding x values:", str(x[where]), "Corresponding y values:", str(y[where]),
             f"First {min(3, len(x))} elements of x:", str(x[:3]),
             f"First {min(3, len(y))} elements of y:", str(y[:3])]
    return InvalidArgumentError(None, None, "\n".join(lines))


def numbers(t: Tensor) -> np.ndarray:
    """The NumPy value of an eager tensor; a clear error for a symbolic one (tf.function)."""
    value = getattr(t, "_value", None)
    if not isinstance(value, (np.ndarray, np.generic)):
        raise NotImplementedError("this use of a tf.RaggedTensor needs the numbers of its row "
                                  "partition, so it works only eagerly in this engine; inside "
                                  "tf.function elementwise ops, reductions and to_tensor() work "
                                  "(see docs/engine-api-ragged.md)")
    return np.asarray(value)


def as_splits(x, name: str = "row_splits", dtype=None) -> Tensor:
    """A rank-1 int64 (or int32) tensor from `x`, with TF's errors for other dtypes and ranks.

    Python lists become int64 (TF's default `row_splits_dtype`); a tensor keeps
    its int32 or int64.
    """
    if not isinstance(x, Tensor):
        array = np.asarray(x)
        if array.dtype.kind in "iu" or array.size == 0:
            x = convert_to_tensor(array.astype(np.int64) if dtype is None else array,
                                  dtype=dtype or dtypes.int64)
        else:
            x = convert_to_tensor(x)
    elif dtype is not None and x.dtype != dtype:
        x = convert_to_tensor(x, dtype=dtype)
    if x.dtype not in (dtypes.int32, dtypes.int64):
        raise ValueError(f"{name} must have dtype int32 or int64")
    if x.shape.rank is not None and x.shape.rank != 1:
        raise ValueError(f"Shape {x.shape} must have rank 1")
    return x


def check_splits(splits: np.ndarray, nvals: int, factory: str) -> None:
    """Raises TF's errors unless `splits` start at 0, never decrease, and end at `nvals`."""
    if splits.size == 0:
        raise ValueError("row_splits tensor may not be empty.")
    if splits[0] != 0:
        raise invalid(f"Arguments to {factory} do not form a valid RaggedTensor:zero",
                      f"row_splits[0] must be 0, got {splits[0]}")
    if np.any(np.diff(splits) < 0):
        raise invalid(f"Arguments to {factory} do not form a valid RaggedTensor:monotonic.",
                      f"row_splits must never decrease, got {splits.tolist()}")
    if splits[-1] != nvals:
        # TF names its shared helper here, whichever factory was called
        raise invalid("Arguments to _from_row_partition do not form a valid RaggedTensor",
                      f"the last row split ({splits[-1]}) must equal the number of values "
                      f"({nvals})")


def splits_from_lengths(lengths: np.ndarray) -> np.ndarray:
    """[4, 0, 3] -> [0, 4, 4, 7]; TF's error for a negative length."""
    if np.any(lengths < 0):
        raise invalid("Arguments to from_row_lengths do not form a valid RowPartition.",
                      f"row lengths may not be negative, got {lengths.tolist()}")
    return np.concatenate([[0], np.cumsum(lengths)]).astype(lengths.dtype)


def splits_from_value_rowids(rowids: np.ndarray, nvals: int, nrows: int | None) -> np.ndarray:
    """[0, 0, 2, 2] (the row of each value) -> row splits; rows without values are empty."""
    if rowids.shape[0] != nvals:
        raise ValueError(f"Shapes {TensorShape([nvals])} and {TensorShape([rowids.shape[0]])} "
                         "are incompatible")
    if np.any(rowids < 0) or np.any(np.diff(rowids) < 0):
        raise invalid("Arguments to from_value_rowids do not form a valid RowPartition.",
                      f"value_rowids must be non-negative and sorted, got {rowids.tolist()}")
    last = int(rowids[-1]) if rowids.size else -1
    if nrows is None:
        nrows = last + 1
    elif nrows < last + 1:
        raise ValueError(f"Expected nrows >= value_rowids[-1] + 1; got nrows={nrows}, "
                         f"value_rowids[-1]={last}")
    counts = np.bincount(rowids.astype(np.int64), minlength=nrows)
    return np.concatenate([[0], np.cumsum(counts)]).astype(rowids.dtype)
