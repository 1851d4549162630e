"""Iterating a dataset: `iter(ds)` (TF's `tf.data.Iterator`) and `ds.as_numpy_iterator()`.

    >>> it = iter(tf.data.Dataset.range(2))
    >>> next(it), it.get_next()
    (<tf.Tensor: shape=(), dtype=int64, numpy=0>, <tf.Tensor: shape=(), dtype=int64, numpy=1>)

An iterator is one pass over the pipeline: it asks the last stage's
`_elements()` generator for the next element. Taking an element is TF's
`IteratorGetNext` op, eagerly and in graphs alike: an iterator made outside
a tf.function and passed in gives the function a node that takes the next
element each time the function runs (not one element frozen while
tracing). Making an iterator inside a tf.function (`iter(ds)` there) is not
part of this engine: loop over the dataset instead, which AutoGraph turns
into a `Dataset.reduce` (ops/dataset_ops.py).

An iterator can be saved in a `tf.train.Checkpoint` (`iterator=it`), as in
TF: the checkpoint keeps how many elements it has taken (an int64 under TF's
key `iterator/.ATTRIBUTES/ITERATOR_STATE`, where TF keeps a serialized
state), and a restored iterator goes on from there. TF saves the pipeline's
inner state (shuffle buffers and all); this engine replays the pipeline from
its start and skips the elements already taken, which gives the same elements
for every pipeline that gives the same elements on each pass. A pipeline with `shuffle` does
not (each pass draws a new order), so saving its iterator is refused.
"""
from __future__ import annotations

import itertools

import numpy as np

from .. import dtypes
from ..errors import OutOfRangeError, invalid_argument
from ..execute import Op, execute
from ..function import executing_eagerly
from ..graph.scopes import init_scope
from ..graph.shapes import SHAPE_RULES, Spec
from ..tracking import ATTRIBUTES
from .structure import flatten, map_structure


def _restart_random_streams(dataset) -> None:
    """A new iterator runs new instances of the pipeline's functions, as TF's does: a seeded
    random op in a `map` draws the same numbers in each pass (within one pass, through a
    `repeat`, its numbers go on)."""
    from .functions import TracedFunction
    for stage in _stages(dataset):
        for value in vars(stage).values():
            if isinstance(value, TracedFunction):
                value.restart_random_streams()


class Iterator:
    """One pass over a dataset's elements. Mirrors `tf.data.Iterator` (TF's `OwnedIterator`)."""

    def __init__(self, dataset):
        if not executing_eagerly():
            raise NotImplementedError(
                "iter() on a tf.data.Dataset inside tf.function is not part of this engine. "
                "Loop over the dataset (`for x in ds:`, which AutoGraph makes a Dataset.reduce), "
                "or make the iterator outside and pass it in: next(iterator) in the function "
                "then takes the next element on every call.")
        self._dataset = dataset
        _restart_random_streams(dataset)
        self._elements = dataset._elements()
        self._taken = 0        # elements taken so far
        self._position = None  # the Variable a Checkpoint saves (made when first saved)
        self._synced = 0       # the position last written to it

    @property
    def element_spec(self):
        return self._dataset.element_spec

    def __iter__(self):
        if not executing_eagerly():  # (a Python loop while tracing would never end)
            raise NotImplementedError(
                "a `for` loop over a tf.data iterator inside tf.function is not part of this "
                "engine: loop over the dataset itself, or call next(iterator) once per step.")
        return self

    def __next__(self):
        try:
            return self.get_next()
        except OutOfRangeError:
            if not executing_eagerly():
                raise
            raise StopIteration from None

    def next(self):
        """`next(iterator)` as a method (TF keeps Python 2's name: `iter(ds).next()`)."""
        return self.__next__()

    # -- saving in a tf.train.Checkpoint ---------------------------------------------------
    def _checkpoint_children(self) -> list:
        """What a Checkpoint saves of the iterator: the number of elements taken, under TF's
        key `iterator/.ATTRIBUTES/ITERATOR_STATE` (TF keeps a serialized state there; ours is
        this int64 position)."""
        from .transformations import _ShuffleDataset
        if any(isinstance(stage, _ShuffleDataset) for stage in _stages(self._dataset)):
            raise NotImplementedError(
                "Saving an iterator over a shuffled dataset in a Checkpoint is not part of this "
                "engine: it restores an iterator by replaying the pipeline, and a shuffle draws "
                "a new order on each pass. Save the model and optimizer, and start a new epoch "
                "after restoring.")
        self._catch_up()
        with init_scope():
            if self._position is None:
                from ..variables import Variable
                self._position = Variable(np.int64(self._taken), trainable=False,
                                          name="iterator_position")
            else:
                self._position.assign(np.int64(self._taken))
        self._synced = self._taken
        return [(ATTRIBUTES, {"ITERATOR_STATE": self._position})]

    def _catch_up(self) -> None:
        """After a restore wrote another position: replay the pipeline up to it."""
        if self._position is None or int(self._position._value) == self._synced:
            return
        self._taken = self._synced = int(self._position._value)
        _restart_random_streams(self._dataset)  # (so the replay draws what the pass drew)
        self._elements = self._dataset._elements()
        for _ in itertools.islice(self._elements, self._taken):
            pass

    def get_next_as_optional(self):
        """The next element as a `tf.experimental.Optional`, without a value past the end
        (see optional.py). Mirrors `Iterator.get_next_as_optional`."""
        from .optional import next_as_optional
        specs = flatten(self.element_spec)
        if any(_width(spec) != 1 for spec in specs):
            raise NotImplementedError("get_next_as_optional of elements that are RaggedTensors "
                                      "is not part of this engine: use next(iterator).")

        def take():
            element = self._take_element()
            return None if element is None else [t._value for t in flatten(element)]
        return next_as_optional(take, specs, lambda leaves: _pack(self.element_spec, leaves),
                                self.element_spec)

    def _take_element(self):
        """The next element (a structure of tensors), or None at the end."""
        self._catch_up()  # (a Checkpoint may have restored another position)
        try:
            element = next(self._elements)
        except StopIteration:
            return None
        self._taken += 1
        return element

    def get_next(self):
        """The next element; past the end, TF's `OutOfRangeError` (where `next` stops)."""
        n = sum(_width(spec) for spec in flatten(self.element_spec))
        values = execute(_get_next_op(n), (), {"iterator": self})
        return _pack(self.element_spec, [values] if n == 1 else list(values))


def _get_next(*, iterator):
    """IteratorGetNext's kernel: the next element's values (one array, or a tuple of them)."""
    iterator._catch_up()  # (a Checkpoint may have restored another position)
    try:
        element = next(iterator._elements)
        iterator._taken += 1
    except StopIteration:
        raise OutOfRangeError(None, "IteratorGetNext",
                              "End of sequence [Op:IteratorGetNext]") from None
    except (ValueError, TypeError, IndexError) as e:  # TF: a Python error in the pipeline
        raise invalid_argument("IteratorGetNext", f"{type(e).__name__}: {e}") from e
    values = [t._value for leaf in flatten(element) for t in _tensors(leaf)]
    return values[0] if len(values) == 1 else tuple(values)


# A RaggedTensor element (dense_to_ragged_batch) leaves the op as its component tensors
# (flat_values, row splits) and is rebuilt from them: its spec says how (ragged/spec.py).
def _width(spec) -> int:
    return len(spec._component_specs()) if hasattr(spec, "from_components") else 1


def _tensors(leaf) -> list:
    return [leaf] if hasattr(leaf, "_value") else list(leaf.__tf_tracing_type__(None)
                                                        .to_tensors(leaf))


_GET_NEXT: dict = {}


def _get_next_op(n_outputs: int) -> Op:
    """The IteratorGetNext op for elements of `n_outputs` tensors (stateful: it advances)."""
    if n_outputs not in _GET_NEXT:
        _GET_NEXT[n_outputs] = Op("IteratorGetNext", _get_next, dtypes=dtypes.ALL_AND_STRING,
                                  stateful=True, outputs=n_outputs, effects=True)
    return _GET_NEXT[n_outputs]


SHAPE_RULES["IteratorGetNext"] = lambda specs, attrs: [
    Spec(s.dtype._np, s.shape._dims) for s in flatten(attrs["iterator"].element_spec)]


def _stages(dataset) -> list:
    """Every stage of a pipeline: the dataset and, recursively, the datasets it reads."""
    from .dataset import Dataset
    found, todo = [], [dataset]
    while todo:
        stage = todo.pop()
        found.append(stage)
        for value in vars(stage).values():
            items = value.values() if isinstance(value, dict) else \
                value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                if isinstance(item, Dataset):
                    todo.append(item)
    return found


def _pack(structure, leaves: list):
    from .spec import DatasetSpec  # (spec.py reads dataset.py, which reads this module)
    it = iter(leaves)

    def leaf(spec):
        if hasattr(spec, "from_components"):   # (a RaggedTensorSpec: see _width)
            return spec.from_components([next(it) for _ in range(_width(spec))])
        value = next(it)
        # (a dataset element, of Dataset.window: it travels as a variant tensor holding it)
        return value._value.dataset if isinstance(spec, DatasetSpec) else value
    return map_structure(leaf, structure)


class NumpyIterator:
    """What `as_numpy_iterator()` gives: each element with `.numpy()` values (bytes for strings)."""

    def __init__(self, iterator: Iterator):
        self._iterator = iterator

    def __iter__(self):
        return self

    def __next__(self):
        return map_structure(lambda t: t.numpy(), next(self._iterator))

    def __repr__(self) -> str:
        return f"NumpyIterator(iterator={self._iterator!r})"
