"""`tf.keras.utils.timeseries_dataset_from_array`: sliding windows over a series, as a dataset.

Window i starts at row `start_positions[i]` and takes `sequence_length` rows,
`sampling_rate` apart; consecutive windows start `sequence_stride` rows apart.
The dataset is built as Keras builds it, from tf.data stages (so its
`element_spec` and `repr` are Keras's): a dataset of window indices (a
`tf.range` per window), a `tf.gather` of the rows, then shuffle and batch.

    >>> ds = tf.keras.utils.timeseries_dataset_from_array(
    ...     np.arange(10), None, sequence_length=3, batch_size=4)
    >>> next(iter(ds)).numpy()
    array([[0, 1, 2],
           [1, 2, 3],
           [2, 3, 4],
           [3, 4, 5]])
"""
from __future__ import annotations

import numpy as np

from ..data import AUTOTUNE, Dataset
from ..ops import array_ops, creation_ops, index_ops

__all__ = ["timeseries_dataset_from_array"]


def _check(data, start_index, end_index, sampling_rate, sequence_stride, format) -> None:
    """Keras's argument checks, with its messages."""
    n = len(data)
    if start_index:
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: "
                             f"start_index={start_index}")
        if start_index >= n:
            raise ValueError("`start_index` must be lower than the length of the data. "
                             f"Received: start_index={start_index}, for data of length {n}")
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError("`end_index` must be higher than `start_index`. Received: "
                             f"start_index={start_index}, and end_index={end_index} ")
        if end_index >= n:
            raise ValueError("`end_index` must be lower than the length of the data. "
                             f"Received: end_index={end_index}, for data of length {n}")
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= n:
            raise ValueError(f"`{name}` must be lower than the length of the data. Received: "
                             f"{name}={value}, for data of length {n}")
    if format not in ("tf", "grain"):
        raise ValueError(f'`format` should be either "tf" or "grain". Received: format={format}')
    if format == "grain":
        raise NotImplementedError("timeseries_dataset_from_array(format='grain') is not part of "
                                  "this engine: it makes tf.data datasets.")


def timeseries_dataset_from_array(data, targets, sequence_length: int, sequence_stride: int = 1,
                                  sampling_rate: int = 1, batch_size: int | None = 128,
                                  shuffle: bool = False, seed=None, start_index=None,
                                  end_index=None, format: str = "tf") -> Dataset:
    """A dataset of windows `data[s : s + sequence_length * sampling_rate : sampling_rate]`
    (with `targets[s]` beside each window when `targets` is given), batched by `batch_size`.
    Mirrors `tf.keras.utils.timeseries_dataset_from_array`.

    `shuffle=True` shuffles the windows' start positions (NumPy's RandomState, seeded by
    `seed`), then shuffles again within a buffer of 8 batches, as Keras does.
    """
    _check(data, start_index, end_index, sampling_rate, sequence_stride, format)
    start_index = 0 if start_index is None else start_index
    end_index = len(data) if end_index is None else end_index
    count = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        count = min(count, len(targets))
    index_dtype = "int32" if count < 2147483647 else "int64"  # Keras: the smallest that fits
    starts = np.arange(0, count, sequence_stride, dtype=index_dtype)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(starts)
    length = array_ops.cast(sequence_length, index_dtype)
    rate = array_ops.cast(sampling_rate, index_dtype)
    positions = Dataset.from_tensors(starts).repeat()

    def window(i, where):  # the rows of window i
        return creation_ops.range(where[i], where[i] + length * rate, rate)

    numbered = Dataset.zip((Dataset.range(len(starts)), positions))
    dataset = _rows(data, numbered.map(window, num_parallel_calls=AUTOTUNE),
                    start_index, end_index)
    if targets is not None:
        firsts = numbered.map(lambda i, where: where[i], num_parallel_calls=AUTOTUNE)
        dataset = Dataset.zip((dataset, _rows(targets, firsts, start_index, end_index)))
    dataset = dataset.prefetch(AUTOTUNE)
    if batch_size is not None:
        if shuffle:
            dataset = dataset.shuffle(buffer_size=batch_size * 8, seed=seed)
        return dataset.batch(batch_size)
    return dataset.shuffle(buffer_size=1024, seed=seed) if shuffle else dataset


def _rows(array, indices: Dataset, start_index: int, end_index: int) -> Dataset:
    """Each element of `indices` -> those rows of array[start_index:end_index] (a gather)."""
    steps = Dataset.from_tensors(array[start_index:end_index]).repeat()
    return Dataset.zip((steps, indices)).map(lambda rows, which: index_ops.gather(rows, which),
                                             num_parallel_calls=AUTOTUNE)
