"""TF1 style: build a graph first, then run parts of it in a `Session`.

TensorFlow 1 separated the two steps that `tf.function` hides:

    >>> tf1 = tf.compat.v1
    >>> with tf.Graph().as_default():
    ...     x = tf1.placeholder(tf.float32, shape=[None])
    ...     y = x * 2.0                                   # a node, no value
    ...     with tf1.Session() as sess:
    ...         sess.run(y, feed_dict={x: [1.0, 2.0]})    # now it runs
    array([2., 4.], dtype=float32)

In TF2 the same is `tf.function(lambda x: x * 2.0)(tf.constant([1.0, 2.0]))`.
`tf.compat.v1.disable_eager_execution()` makes every op build the global
default graph instead, as TF1 programs did.

A Session keeps its own copy of every variable's value (as TF1 did), so a
variable made in graph mode has no value in a session until
`tf.compat.v1.global_variables_initializer()` has run there. The graph's
variable handles (VarHandleOp nodes) are fed with those copies: the graph
runs on the one interpreter (graph/run.py) like a tf.function.
"""
from __future__ import annotations

import contextlib

import numpy as np

from . import dtypes
from .errors import InvalidArgumentError
from .graph import Graph, Operation, SymbolicTensor, get_default_graph
from .graph.core import disable_eager_execution, enable_eager_execution, placeholder
from .graph.run import compile_graph
from .tensor import TensorShape

__all__ = ["Session", "InteractiveSession", "get_default_session", "placeholder",
           "global_variables_initializer", "variables_initializer", "disable_eager_execution",
           "enable_eager_execution"]

# The default session: what `tensor.eval()` and `op.run()` use (TF1). `with Session() as sess:`
# and `sess.as_default()` make `sess` the default inside the block; InteractiveSession until closed.
_default_sessions: list = []


def get_default_session():
    """The innermost default session, or None. Mirrors `tf.compat.v1.get_default_session`."""
    return _default_sessions[-1] if _default_sessions else None


def run_with_default_session(fetch, feed_dict, session, doing: str):
    """`session.run(fetch)` for `Tensor.eval`, `Operation.run` and `Variable.eval` (TF1)."""
    if session is None:
        session = get_default_session()
        if session is None:
            how = "`with sess.as_default()`" if "eval" in doing else "`with sess.as_default():`"
            call = "eval" if "eval" in doing else "run"
            raise ValueError(f"Cannot {doing}: No default session is registered. Use {how} or "
                             f"pass an explicit session to `{call}(session=sess)`")
    return session.run(fetch, feed_dict)


def global_variables_initializer() -> Operation:
    """An op that gives every variable of the default graph its initial value (in a Session)."""
    return get_default_graph().initializer_for(None)


def variables_initializer(var_list, name: str = "init") -> Operation:
    """An op that initializes only `var_list`. Mirrors `tf.compat.v1.variables_initializer`."""
    return get_default_graph().initializer_for(list(var_list))


class Session:
    """Runs parts of a graph. Mirrors `tf.compat.v1.Session` (also a context manager).

    `run(fetches, feed_dict)` accepts one fetch, or lists, tuples and dicts of
    them; tensors give NumPy values, operations give None.
    """

    def __init__(self, target: str = "", graph: Graph | None = None, config=None):
        self.graph = graph if graph is not None else get_default_graph()
        self._store: dict = {}     # id(variable) -> its copy in this session
        self._plans: dict = {}
        self._fetch_reads: dict = {}
        self._closed = False
        self._context = None

    # -- context manager ----------------------------------------------------------
    def __enter__(self) -> "Session":
        if get_default_graph() is not self.graph:
            self._context = self.graph.as_default()
            self._context.__enter__()
        _default_sessions.append(self)  # TF1: the default session inside the block
        return self

    def __exit__(self, *exc) -> None:
        _default_sessions.remove(self)
        if self._context is not None:
            self._context.__exit__(*exc)
            self._context = None
        self.close()

    @contextlib.contextmanager
    def as_default(self):
        """A block in which `tensor.eval()` and `op.run()` use this session."""
        _default_sessions.append(self)
        try:
            yield self
        finally:
            _default_sessions.remove(self)

    def close(self) -> None:
        self._closed = True
        self._store.clear()

    # -- running --------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Computes `fetches`, with placeholder (or any tensor) values from `feed_dict`.

        >>> sess.run({"y": y, "both": [x, y]}, feed_dict={x: [1.0]})
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        leaves = []
        structure = _map_fetches(fetches, lambda f: leaves.append(self._as_fetch(f)) or
                                 len(leaves) - 1)
        feeds = [(self._as_feed_key(k), v) for k, v in (feed_dict or {}).items()]
        feed_tensors = [t for t, _ in feeds]
        feed_values = [_feed_value(t, v) for t, v in feeds]
        tensors = [f for f in leaves if isinstance(f, SymbolicTensor)]
        targets = [f for f in leaves if isinstance(f, Operation)]
        handles = list(self.graph._handles.values())
        key = (tuple(map(id, tensors)), tuple(map(id, targets)), tuple(map(id, feed_tensors)),
               self.graph.version)
        program = self._plans.get(key)
        if program is None:
            program = compile_graph(self.graph, handles + feed_tensors, tensors, keep_effects=False,
                                    missing_feed=_missing_feed, targets=targets)
            self._plans[key] = program
        copies = [self._copy_of(h._value.const) for h in handles]
        values = dict(zip(map(id, tensors), program.run(copies + feed_values)))
        # (a fetched tensor that is also fed gives the fed array, as TF returns it)
        values.update((id(t), np.asarray(v)) for t, v in zip(feed_tensors, feed_values)
                      if id(t) in values)
        results = [None if isinstance(f, Operation) else _numpy(values[id(f)]) for f in leaves]
        return _map_fetches(structure, lambda i: results[i], leaf_is_int=True)

    def _as_fetch(self, fetch):
        if isinstance(fetch, str):
            return self.graph.get_tensor_by_name(fetch) if ":" in fetch else \
                self.graph.get_operation_by_name(fetch)
        if hasattr(fetch, "_is_variable"):  # fetching a variable gives its value
            if id(fetch) not in self._fetch_reads:
                with self.graph.as_default():
                    self._fetch_reads[id(fetch)] = fetch.read_value()
            return self._fetch_reads[id(fetch)]
        if isinstance(fetch, (SymbolicTensor, Operation)):
            if fetch.graph is not self.graph:
                raise ValueError(f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. "
                                 f"(Tensor {fetch} is not an element of this graph.)")
            return fetch
        raise TypeError(f"Argument `fetch` = {fetch!r} has invalid type "
                        f"{type(fetch).__name__!r}. Must be a graph tensor, an Operation, a "
                        "Variable or a tensor name.")

    def _as_feed_key(self, key):
        if isinstance(key, str):
            key = self.graph.get_tensor_by_name(key)
        if not isinstance(key, SymbolicTensor):
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: {key!r} is not a graph "
                            "tensor (eager tensors and Variables cannot be fed).")
        if key.graph is not self.graph:
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: Tensor {key} is not an "
                            "element of this graph.")
        return key

    def _copy_of(self, variable) -> "_SessionVariable":
        copy = self._store.get(id(variable))
        if copy is None:
            copy = self._store[id(variable)] = _SessionVariable(variable)
        return copy


class InteractiveSession(Session):
    """A Session that makes itself (and its graph) the default until closed: for notebooks.

    Mirrors `tf.compat.v1.InteractiveSession`:

    >>> sess = tf.compat.v1.InteractiveSession()
    >>> c = tf.constant(2.0) * 3.0         # a node of sess.graph
    >>> c.eval()                             # sess.run(c)
    6.0
    >>> sess.close()
    """

    def __init__(self, target: str = "", graph: Graph | None = None, config=None):
        super().__init__(target, graph, config)
        self._context = self.graph.as_default()
        self._context.__enter__()
        _default_sessions.append(self)

    def close(self) -> None:
        if self in _default_sessions:
            _default_sessions.remove(self)
        if self._context is not None:
            self._context.__exit__(None, None, None)
            self._context = None
        super().close()


class _SessionVariable:
    """A variable's value in one Session: what the graph's handle is fed with.

    No value until an initializer assigns one (reading it first is TF's
    FailedPreconditionError, raised by ReadVariableOp's kernel).
    """

    def __init__(self, variable):
        self._name = variable._name
        self._value = None


def _missing_feed(node):
    dtype = dtypes.as_dtype(node.attrs["dtype"])
    shape = node.attrs["shape"]
    shape_text = "<unknown>" if shape is None else \
        "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"
    kind = {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)
    raise InvalidArgumentError(
        None, node.name, f"You must feed a value for placeholder tensor '{node.name}' with dtype "
                         f"{kind} and shape {shape_text}\n\t [[{{{{node {node.name}}}}}]]\nHint: "
                         f"pass it in feed_dict={{{node.name}: value}}.")


def _feed_value(tensor, value) -> np.ndarray:
    """The fed value as an array of the tensor's dtype; TF's error if the shape does not fit."""
    if hasattr(value, "numpy"):
        value = value.numpy()
    array = np.asarray(value, dtype=tensor._value.dtype)  # as TF1: NumPy's conversion rules
    if not TensorShape(tensor._value.shape).is_compatible_with(array.shape):
        raise ValueError(f"Cannot feed value of shape {array.shape} for Tensor {tensor.name}, "
                         f"which has shape {tensor.shape}")
    return array if array.ndim else array[()]


def _numpy(value):
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype == object:
        return value.item()  # (TF: a string scalar is fetched as Python bytes)
    return value if isinstance(value, np.ndarray) or np.ndim(value) == 0 and \
        isinstance(value, np.generic) else np.asarray(value)


def _map_fetches(fetches, fn, leaf_is_int=False):
    if isinstance(fetches, dict):
        return type(fetches)((k, _map_fetches(v, fn, leaf_is_int)) for k, v in fetches.items())
    if isinstance(fetches, (list, tuple)):
        items = [_map_fetches(v, fn, leaf_is_int) for v in fetches]
        return type(fetches)(*items) if hasattr(fetches, "_fields") else type(fetches)(items)
    return fn(fetches)
