"""The functions you give `map`, `filter` and `reduce`: traced once, run per element.

TF traces a `map` function into a graph when you call `map` (not while
iterating), exactly as `tf.function` does, and runs that graph for each
element. So Python code in it runs once, `tf.print` runs every time, and the
output's `element_spec` is known before any data flows:

    >>> ds = tf.data.Dataset.range(3).map(lambda x: print("tracing") or x * 2)
    tracing
    >>> list(ds.as_numpy_iterator())
    [np.int64(0), np.int64(2), np.int64(4)]

We do the same with this engine's `tf.function` (see ../function.py), the
function converted by AutoGraph first as TF does (a Python `if` on an element
becomes a `tf.cond`): `get_concrete_function` with the element's
`TensorSpec`s, then one call of the `ConcreteFunction` per element. A tuple element is passed as positional
arguments (`lambda image, label: ...`), anything else as one argument.

Read next: transformations.py (map and filter use this).
"""
from __future__ import annotations

from ..errors import InvalidArgumentError
from ..function import TensorSpec, function
from ..ops.random_ops import restart_streams
from ..tensor import Tensor, constant
from .sparse_elements import is_sparse
from .structure import leaf_spec, map_structure


def _as_tensors(value, what: str):
    """A function's result as a structure of tensors: lists become tuples, numbers constants."""
    if isinstance(value, dict):
        return type(value)((k, _as_tensors(v, what)) for k, v in value.items())
    if isinstance(value, (tuple, list)):
        items = [_as_tensors(v, what) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if value is None:
        raise InvalidArgumentError(None, what, f"The function given to {what} returned None (or a "
                                               "structure holding None): it must return tensors.")
    if isinstance(value, Tensor) or hasattr(value, "_is_variable") or is_sparse(value):
        return value
    return constant(value)  # TF: a Python number or string becomes a constant of the graph


class TracedFunction:
    """`fn` traced for arguments of `input_spec`; call it with one dataset element.

    `output_spec` is the structure of `TensorSpec`s the function returns.
    """

    def __init__(self, fn, input_spec, what: str, unpack: bool | None = None):
        from ..autograph import converted  # (TF converts dataset functions with AutoGraph too)
        self._fn = converted(fn)
        self._what = what
        # TF: a tuple element means several arguments (`lambda x, y: ...`); a named tuple or a
        # dict is one argument
        self._unpack = type(input_spec) is tuple if unpack is None else unpack
        args = input_spec if self._unpack else (input_spec,)
        self._concrete = function(self._body, name=getattr(fn, "__name__", what)) \
            .get_concrete_function(*args)
        self.output_spec = map_structure(leaf_spec, self._concrete.structured_outputs)

    def _body(self, *args):
        return _as_tensors(self._fn(*args), self._what)

    def __call__(self, element):
        return self._concrete(*element) if self._unpack else self._concrete(element)

    def restart_random_streams(self) -> None:
        """As a new instance of the function (TF makes one per iterator): its random ops draw
        from the start of their streams again."""
        restart_streams(self._concrete.graph.get_operations())


def relax(spec_a, spec_b):
    """The most specific spec both fit (dims that differ become None), for reduce's state."""
    def one(a: TensorSpec, b: TensorSpec) -> TensorSpec:
        if a.shape.rank is None or b.shape.rank is None or a.shape.rank != b.shape.rank:
            return TensorSpec(None, a.dtype)
        return TensorSpec([x if x == y else None for x, y in zip(a.shape._dims, b.shape._dims)],
                          a.dtype)
    return map_structure(one, spec_a, spec_b)
