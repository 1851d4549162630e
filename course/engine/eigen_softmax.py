"""float32 log_softmax with the exact bits of TF's CPU kernel (Eigen's, not oneDNN's).

oneDNN serves TF's `Softmax` (onednn_math.py), but `LogSoftmax` stays with TF's
own Eigen expression: s = x - max(x) per row, the row sums of exp(s), then
s - log(sum). Eigen computes the exp inside the reduction, reading each row
in packets of 8 (its vector exp, eigen_math.py) and the row's last n % 8
values one at a time (glibc's expf); its sum has an order of its own
(`_row_sum`); and the logs of all rows' sums are one elementwise log.

    >>> log_softmax(np.float32([[0.0, 0.0]]))
    array([[-0.6931472, -0.6931472]], dtype=float32)
"""
from __future__ import annotations

import numpy as np

from .eigen_math import PACKET, _flush, _packet_exp, log, row_max
from .float32_math import expf as _libc_expf

__all__ = ["log_softmax"]

_F32 = np.float32
def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """log(softmax(x)) of float32 logits along `axis`, bit for bit as TF's CPU kernel.

    Per row: s = x - max(x); the sum of exp(s) in Eigen's order (`_row_sum`),
    where the reduction computes exp itself: Eigen's recipe on the row's whole
    packets of 8, glibc's expf on the row's last n % 8; then s - log(sum),
    the logs of all rows as one elementwise `log` (packets, then a tail).
    """
    moved = np.moveaxis(np.asarray(x, _F32), axis, -1)
    if moved.size == 0:
        return np.asarray(x, _F32).copy()
    logits = moved.reshape(-1, moved.shape[-1])
    rows, n = logits.shape
    whole = n // PACKET * PACKET
    with np.errstate(over="ignore", invalid="ignore"):  # (inf - inf is nan, as in TF)
        shifted = logits - row_max(logits)
        e = np.empty_like(shifted)
        e[:, :whole] = _packet_exp(np.ascontiguousarray(shifted[:, :whole]).reshape(-1)
                                   ).reshape(rows, whole)
        if whole < n:
            e[:, whole:] = _libc_expf(shifted[:, whole:])
        _flush(e)
        shifted -= log(_row_sum(e))[:, None]
    return np.moveaxis(shifted.reshape(moved.shape), -1, axis)


def _predux(acc: np.ndarray) -> np.ndarray:
    """Eigen's horizontal sum of packets (rows of 8): ((a0 + a4) + (a2 + a6)) + ((a1 + a5) +
    (a3 + a7)), halves first, as AVX's predux."""
    four = acc[:, :4] + acc[:, 4:]
    two = four[:, :2] + four[:, 2:]
    return two[:, 0] + two[:, 1]


def _row_sum(e: np.ndarray) -> np.ndarray:
    """Sums of the rows of a float32 matrix, in the order of Eigen's inner-dimension reducer.

    Per row of n values: four packet accumulators over blocks of 32 (when
    n >= 32), folded into the first; further whole packets added to it; the
    leftover n % 8 values summed one by one from 0; finally that scalar sum
    plus the packet accumulator's horizontal sum (`_predux`). Rows longer than
    8 * 1024 are split in halves first (a tree: `_tree_sum`).
    """
    rows, n = e.shape
    if n > PACKET * 1024:
        return np.array([_tree_sum(row, i * n) for i, row in enumerate(e)], _F32)
    acc = np.zeros((rows, PACKET), _F32)
    block = 4 * PACKET
    start = n // block * block
    if start:
        blocks = e[:, :start].reshape(rows, start // block, 4, PACKET)
        lanes = blocks[:, 0].copy()  # accumulator k: the sum over the blocks, in order
        for j in range(1, blocks.shape[1]):
            lanes += blocks[:, j]
        acc = ((lanes[:, 0] + lanes[:, 1]) + lanes[:, 2]) + lanes[:, 3]
    for j in range(start, n - PACKET + 1, PACKET):
        acc += e[:, j:j + PACKET]
    scalar = np.zeros(rows, _F32)
    for j in range(n // PACKET * PACKET, n):
        scalar += e[:, j]
    return scalar + _predux(acc)


def _tree_sum(row: np.ndarray, first: int) -> np.float32:
    """Eigen's tree over a long row starting at flat index `first`: split where the flat index
    reaches the first multiple of 8 past the middle, sum both parts so, add."""
    n = row.size
    if n <= PACKET * 1024:
        return _row_sum(row[None, :])[0]
    split = PACKET * -(-(first + -(-n // 2)) // PACKET)
    left = min(split - first, n)
    total = _F32(0) + _tree_sum(row[:left], first)
    if left < n:
        total += _tree_sum(row[left:], split)
    return total
