"""What `fit`, `evaluate` and `predict` iterate: batches, epoch after epoch (Keras 3's data adapters).

    >>> data = EpochIterator(x_train, y_train, batch_size=32, shuffle=True)
    >>> for epoch in range(3):
    ...     for step, (x, y) in data.epoch():
    ...         model.train_step((x, y))

Two kinds of input, as in Keras 3:
- **arrays** (NumPy arrays or tensors) `x` and `y`: cut into batches of
  `batch_size` (32 by default), the last one smaller. With `shuffle=True`
  each pass takes its order as Keras 3 on TensorFlow does: a one-element
  dataset whose `map` shuffles `tf.range(n)`, iterated anew for each pass. So
  the order is TF's; and after `tf.keras.utils.set_random_seed`, every pass
  has the *same* order (TF starts a seeded map's random stream again for
  each new iterator), as there.
- **a `tf.data.Dataset`**: each element is one batch, `(x, y)` or `x` alone
  (`predict`). Shuffling and batching are the dataset's job: passing `y`
  is an error, and `shuffle=True` only warns (Keras 3 does both).

`steps_per_epoch` (or `steps`) fixes the number of batches of an epoch; the
next epoch then continues where the last one stopped, and running out of
data ends the epoch with Keras's "Your input ran out of data" warning.
Inputs are float32 and labels int64 or float32, as Keras casts them. A model with
several inputs or outputs takes a list of arrays (in the order of its inputs or
outputs) or a dict of them by name.

Read next: models.py (fit/evaluate/predict use this).
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from ..data import Dataset
from .. import dtypes
from ..ops import array_ops, creation_ops, random_ops, sparse_math_ops
from ..ops.sparse_ops import SparseTensor
from ..tensor import Tensor, convert_to_tensor
from ..function import TensorSpec

__all__ = ["EpochIterator", "floatx", "labels", "check_arrays", "tensors", "trace_for_any_batch"]


def floatx(x):
    """Inputs as float32 arrays, as Keras does (float64 NumPy data is cast once, here).

    A dict of inputs (a model with one `Input` per column) keeps each column's kind,
    as Keras 3 does: floats become float32, integers and strings stay as they are.
    """
    if isinstance(x, dict):
        return {k: _column(v) for k, v in x.items()}
    if several_arrays(x):  # (one per input of the model, in order)
        return [_column(v) for v in x]
    x = np.asarray(x._value if isinstance(x, Tensor) else x)
    if x.dtype == object:  # tf.string texts (a model that starts with TextVectorization)
        return x
    return x if x.dtype == np.float32 else x.astype(np.float32)


def _column(x) -> np.ndarray:
    if type(x).__name__ == "Series" and hasattr(x, "to_numpy"):
        x = x.to_numpy()[:, None]  # Keras: a pandas Series is one column, (n, 1)
    x = np.asarray(x._value if isinstance(x, Tensor) else x)
    return x.astype(np.float32) if x.dtype.kind == "f" and x.dtype != np.float32 else x


def several_arrays(x) -> bool:
    """Whether `x` is a list of arrays, one per input (or output) of a model, rather than
    one array written as a Python list of rows."""
    return isinstance(x, (list, tuple)) and len(x) > 0 and all(
        isinstance(v, (np.ndarray, Tensor)) or hasattr(v, "to_numpy") for v in x)


def samples(x) -> int:
    """The number of rows (of each of a dict's or a list's arrays)."""
    if several_arrays(x):
        x = dict(enumerate(x))
    if isinstance(x, dict):
        counts = {k: len(v) for k, v in x.items()}
        if len(set(counts.values())) > 1:
            raise ValueError(f"Data cardinality is ambiguous: the inputs have different numbers "
                             f"of samples: {counts}")
        return next(iter(counts.values()), 0)
    return len(x)


def take_rows(x, rows):
    """The given rows of an array, or of each array of a dict or list of them (None: None)."""
    if x is None:
        return None
    if several_arrays(x):
        return [v[rows] for v in x]
    return {k: v[rows] for k, v in x.items()} if isinstance(x, dict) else x[rows]


def labels(y) -> np.ndarray:
    """Class ids as int64, anything else as float32 (each output's, for several)."""
    if isinstance(y, dict):
        return {k: labels(v) for k, v in y.items()}
    if several_arrays(y):
        return [labels(v) for v in y]
    y = np.asarray(y._value if isinstance(y, Tensor) else y)
    return y.astype(np.int64) if y.dtype.kind in "iub" else y.astype(np.float32, copy=False)


def check_arrays(x, y):
    """(x, y) as arrays of the same length, or Keras's error. No `y` (None) is allowed: a
    model whose loss comes from `add_loss` trains on inputs alone (Keras 3)."""
    x = floatx(x)
    y = None if y is None else labels(y)
    if y is not None and samples(x) != samples(y):
        raise ValueError(f"Data cardinality is ambiguous: x and y must contain the same "
                         f"number of samples. Received: 'x' sizes: {samples(x)}, 'y' sizes: "
                         f"{samples(y)}.")
    if samples(x) == 0:
        raise ValueError("Expected input data to be non-empty (x has 0 samples).")
    return x, y


def split_for_validation(arrays: tuple, validation_split: float) -> tuple:
    """fit(validation_split=f): ((x, y, w) to train on, (x, y, w) to validate on), the last
    fraction `f` of the samples validating, as Keras takes them (each None stays None)."""
    if isinstance(arrays[0], Dataset):
        raise ValueError("Argument `validation_split` is only supported for tensors or NumPy "
                         f"arrays.Found incompatible type in the input: [{type(arrays[0])}]")
    if not 0 < validation_split < 1:
        raise ValueError(f"validation_split must be in (0, 1), got {validation_split}.")
    split = int(samples(arrays[0]) * (1.0 - validation_split))
    return (tuple(take_rows(a, slice(None, split)) for a in arrays),
            tuple(take_rows(a, slice(split, None)) for a in arrays))


# -- the two sources of batches: each gives one pass (an iterator of batches) at a time --------
class _ArrayBatches:
    """Batches sliced from arrays, in a random order (see the top) if `shuffle`."""

    def __init__(self, x, y, batch_size, steps, shuffle, targets: bool, sample_weight=None):
        if isinstance(x, SparseTensor) and not targets:  # (predict: batches of its rows)
            self.x, self.y = x.with_values(array_ops.cast(x.values, "float32")), None
        elif targets:
            self.x, self.y = check_arrays(x, y)
        else:
            self.x, self.y = floatx(x), None
        self.samples = n = int(self.x.dense_shape[0]) if isinstance(self.x, SparseTensor) \
            else samples(self.x)
        self.sample_weight = None if sample_weight is None else _weights(sample_weight, n)
        # Keras: no batch_size but steps -> batches that cover the data in `steps`
        self.batch_size = batch_size or (math.ceil(n / steps) if steps else 32)
        self.num_batches = math.ceil(n / self.batch_size)
        self._shuffle, self._orders, self._targets = shuffle, None, targets

    def one_pass(self):
        order = None
        if self._shuffle:
            if self._orders is None:  # (made at the first pass, as Keras makes it in fit)
                n = self.samples
                self._orders = Dataset.range(1).map(
                    lambda _: random_ops.shuffle(creation_ops.range(n, dtype=dtypes.int64)))
            order = next(iter(self._orders)).numpy()
        for step in range(self.num_batches):
            rows = slice(step * self.batch_size, (step + 1) * self.batch_size)
            if order is not None:
                rows = order[rows]
            if isinstance(self.x, SparseTensor):  # (Keras: tf.sparse.slice of the rows)
                start = [step * self.batch_size] + [0] * (self.x.shape.rank - 1)
                size = [self.batch_size] + self.x.shape.as_list()[1:]
                yield sparse_math_ops.slice(self.x, start, size)
                continue
            x = take_rows(self.x, rows)
            if not self._targets:
                yield x
            else:
                yield pack_x_y_sample_weight(x, take_rows(self.y, rows),
                                             take_rows(self.sample_weight, rows))

    def example_x(self):
        return self.x


def _weights(sample_weight, n: int) -> np.ndarray:
    """fit(sample_weight=...): one float32 weight per sample (a column of them is fine)."""
    weights = np.asarray(sample_weight._value if isinstance(sample_weight, Tensor)
                         else sample_weight, np.float32)
    if weights.ndim == 0 or len(weights) != n:
        raise ValueError(f"Data cardinality is ambiguous: x and sample_weight must contain the "
                         f"same number of samples. Received: 'x' sizes: {n}, 'sample_weight' "
                         f"sizes: {weights.shape[:1] or 'a scalar'}.")
    return weights


class _DatasetBatches:
    """A dataset's elements, each one batch: `(x, y)` (x alone where no targets are needed)."""

    def __init__(self, dataset: Dataset, y, shuffle, targets: bool):
        if y is not None:
            raise ValueError("When providing `x` as a tf.data.Dataset, `y` should not be passed. "
                             "Instead, the targets should be included as part of the "
                             "tf.data.Dataset.")
        if shuffle:
            warnings.warn("`shuffle=True` was passed, but will be ignored since the data `x` was "
                          "provided as a tf.data.Dataset. The Dataset is expected to already be "
                          "shuffled (via `.shuffle(buffer_size)`).", stacklevel=4)
        self._dataset, self._targets = dataset, targets
        n = int(dataset.cardinality()._value)
        self.num_batches = n if n >= 0 else None  # infinite or unknown: None, as Keras

    def one_pass(self):
        for element in self._dataset:
            yield self._unpack(element)

    def _unpack(self, element):
        x, y, weights = unpack_x_y_sample_weight(element)
        if not self._targets:
            return floatx(x)
        # (no targets: the step gets the inputs alone, as a GAN's train_step(real_images))
        return pack_x_y_sample_weight(floatx(x), None if y is None else labels(y), weights)

    def example_x(self):
        """An array of the inputs' shape (no rows for an unknown batch size), if the spec knows it."""
        spec = self._dataset.element_spec
        spec = spec[0] if isinstance(spec, tuple) else spec
        shape = getattr(spec, "shape", None)
        if shape is None or shape.rank is None or None in shape.as_list()[1:]:
            return None
        return np.zeros([0 if d is None else d for d in shape.as_list()], np.float32)


# -- epochs ------------------------------------------------------------------------------------
class EpochIterator:
    """Batches for `fit`/`evaluate`/`predict`, one `epoch()` at a time (Keras 3's EpochIterator).

    `targets=False` (predict) gives `x` batches; otherwise `(x, y)` batches, or
    `(x, y, sample_weight)` with `sample_weight` (one weight per sample).
    """

    def __init__(self, x, y=None, batch_size=None, steps_per_epoch=None, shuffle=False,
                 targets: bool = True, sample_weight=None):
        if isinstance(x, Dataset):
            if sample_weight is not None:
                raise ValueError("`sample_weight` argument is not supported when using a dataset "
                                 "as input: give (x, y, sample_weight) elements instead.")
            self._source = _DatasetBatches(x, y, shuffle, targets)
        else:
            self._source = _ArrayBatches(x, y, batch_size, steps_per_epoch, shuffle, targets,
                                         sample_weight)
        self._steps = steps_per_epoch
        self._known = self._source.num_batches  # batches in one pass, if known
        self._current = None  # the pass an epoch of `steps_per_epoch` batches continues
        self._seen = 0        # batches taken from the current pass

    @property
    def num_batches(self):
        """Batches per epoch (None while unknown: a dataset of unknown or infinite size)."""
        return self._steps or self._known

    def example_x(self):
        """An array with the inputs' shape, to build the model before training (or None)."""
        return self._source.example_x()

    def epoch(self):
        """`(step, batch)` for one epoch."""
        steps = self._steps or self._known
        if not steps:  # unknown size: until the data runs out (Keras warns every time)
            yield from enumerate(self._source.one_pass())
            self._ran_out()
            return
        if self._current is None or self._steps is None:
            self._current, self._seen = self._source.one_pass(), 0
        for step in range(steps):
            if self._known and self._seen >= self._known:  # this pass is used up
                if self._steps:
                    self._ran_out()
                break
            try:
                batch = next(self._current)
            except StopIteration:
                self._ran_out()
                self._current = None
                return
            self._seen += 1
            yield step, batch
        if self._known and self._seen >= self._known:
            self._current = None  # the next epoch starts a new pass

    @staticmethod
    def _ran_out() -> None:
        warnings.warn("Your input ran out of data; interrupting training. Make sure that your "
                      "dataset or generator can generate at least `steps_per_epoch * epochs` "
                      "batches. You may need to use the `.repeat()` function when building your "
                      "dataset.", stacklevel=4)


# -- a batch for a traced step ------------------------------------------------------------------
def trace_for_any_batch(step, batch) -> None:
    """Traces fit's or evaluate's step first for batches of any size, as Keras 3 does (it
    traces them on its dataset's element spec, whose batch size is None): a model first
    called there, or a Sequential inside a subclassed one, is built for (None, ...), and the
    last, smaller batch needs no trace of its own."""
    leaves = batch if isinstance(batch, tuple) else (batch,)
    if getattr(step, "experimental_get_tracing_count", lambda: 1)() or not all(
            type(t) is Tensor and t.ndim for t in leaves):
        return  # (run eagerly, traced already, or not plain tensors: traced as they come)
    step.get_concrete_function(tuple(TensorSpec((None,) + tuple(t.shape[1:]), t.dtype)
                                     for t in leaves) if isinstance(batch, tuple) else
                               TensorSpec((None,) + tuple(batch.shape[1:]), batch.dtype))


def tensors(batch):
    """A batch (NumPy arrays, tensors, nested tuples and dicts) as tensors for a traced step."""
    if isinstance(batch, (tuple, list)):
        return type(batch)(tensors(b) for b in batch)
    if isinstance(batch, dict):
        return {k: tensors(v) for k, v in batch.items()}
    return batch if isinstance(batch, (Tensor, SparseTensor)) or batch is None else \
        convert_to_tensor(batch)


# -- predictions -----------------------------------------------------------------------------
def as_numpy(outputs):
    """A batch of predictions as NumPy arrays (a list or dict of them for several outputs)."""
    if isinstance(outputs, (list, tuple)):
        return [as_numpy(o) for o in outputs]
    if isinstance(outputs, dict):
        return {k: as_numpy(v) for k, v in outputs.items()}
    return outputs.numpy()


def join_batches(batches: list):
    """predict()'s batches joined into one array (per output, for several)."""
    first = batches[0]
    if isinstance(first, list):
        return [join_batches([b[i] for b in batches]) for i in range(len(first))]
    if isinstance(first, dict):
        return {k: join_batches([b[k] for b in batches]) for k in first}
    return np.concatenate(batches, axis=0)


# -- sample weights ------------------------------------------------------------------------------
def unpack_x_y_sample_weight(data) -> tuple:
    """(x, y, sample_weight) from a batch `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`,
    with None for what is missing. Mirrors `tf.keras.utils.unpack_x_y_sample_weight`.

    >>> unpack_x_y_sample_weight((x, y))
    (x, y, None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) in (1, 2, 3):
        return (data + (None, None))[:3]
    raise ValueError("Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
                     f"`(x, y, sample_weight)`, found: {data}")


NO_TARGETS = ("fit()/evaluate() need targets `y` (labels) as well as inputs `x` (a dataset: "
              "(inputs, targets) elements): the compiled loss compares them with the model's "
              "outputs.")


def check_targets(batch, needed: bool) -> None:
    """A batch without targets where the step `needed` them: said before the step is traced
    (a failed first trace would leave the optimizer's variables half made)."""
    if needed and unpack_x_y_sample_weight(batch)[1] is None:
        raise ValueError(NO_TARGETS)


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The batch `train_step` gets: `x` alone without targets (a list of inputs as `(x,)`),
    `(x, y)`, or `(x, y, sample_weight)`. Mirrors `keras.utils.pack_x_y_sample_weight`."""
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    return (x, y) if sample_weight is None else (x, y, sample_weight)


def with_class_weight(batch: tuple, class_weight) -> tuple:
    """`(x, y)` -> `(x, y, sample_weight)`: each example weighs its class's weight (1.0 for a
    class not in the dict), as Keras 3 turns `fit(class_weight=...)` into sample weights.
    One-hot labels name their class by argmax; a trailing axis of 1 is dropped."""
    if class_weight is None:
        return batch
    if not isinstance(batch, tuple) or len(batch) != 2:
        raise NotImplementedError("fit(class_weight=...) weighs (x, y) batches; with sample "
                                  "weights too (or without targets) it is not part of this "
                                  "engine: multiply the weights yourself.")
    x, y = batch
    labels = np.asarray(y.numpy() if isinstance(y, Tensor) else y)
    if labels.ndim > 1:
        labels = np.argmax(labels, axis=-1) if labels.shape[-1] != 1 else labels[..., 0]
    classes = np.round(labels).astype(np.int32).reshape(len(labels))
    weights = np.array([class_weight.get(int(c), 1.0) for c in classes], np.float32)
    return x, y, weights
