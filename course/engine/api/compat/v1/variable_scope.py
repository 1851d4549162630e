"""TF1's variable sharing: `tf.compat.v1.variable_scope` and `get_variable`.

TF1 models were functions that build a layer each time they are called. To
share the layer's weights between two calls, TF1 names every variable by its
*variable scope* and keeps a store of them, one per graph:

    >>> def dense(x, units):
    ...     w = tf.compat.v1.get_variable("w", [x.shape[-1], units])  # "layer1/w:0"
    ...     return tf.matmul(x, w)
    >>> with tf.compat.v1.variable_scope("layer1"):
    ...     y1 = dense(x1, 4)                     # makes layer1/w
    >>> with tf.compat.v1.variable_scope("layer1", reuse=True):
    ...     y2 = dense(x2, 4)                     # the same layer1/w

Without `reuse`, asking again for "layer1/w" is an error (a typo would
otherwise silently share weights); with `reuse=True`, asking for one that
does not exist is an error; `reuse=tf.compat.v1.AUTO_REUSE` makes or shares.

A variable scope also opens a name scope (graph/scopes.py) for the ops
inside, so ops get "layer1/MatMul" and, the second time, "layer1_1/MatMul".
`get_variable` ignores name scopes: its names come from variable scopes only.
(`tf.Variable` follows the name scope, as in TF.)

Eagerly there is no store (as in TF2): every `get_variable` makes a new
variable, and `reuse` changes nothing. Keep the variables in Python objects
instead (`tf.Module`, Keras layers).

Read next: initializers.py (what `initializer=` takes).
"""
from __future__ import annotations

import enum
import weakref

from .... import dtypes
from ....function import executing_eagerly
from ....graph.core import get_default_graph
from ....graph.scopes import name_scope
from ....tensor import convert_to_tensor
from ....tensor_shape import TensorShape
from ....variables import Variable
from ....keras.initializers import Initializer as _KerasInitializer
from .initializers import GlorotUniform, Initializer, Zeros

__all__ = ["AUTO_REUSE", "VariableScope", "variable_scope", "get_variable_scope",
           "get_variable"]


class _ReuseMode(enum.Enum):
    """The third value of `reuse`, besides True and False."""
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE  # reuse=AUTO_REUSE: share a variable if it exists, else make it


class VariableScope:
    """What `variable_scope` opens: a name prefix for `get_variable`, a reuse mode and defaults
    (initializer, dtype) for the variables made inside. Mirrors `tf.compat.v1.VariableScope`.

    >>> with tf.compat.v1.variable_scope("layer1") as scope:
    ...     scope.name, scope.original_name_scope
    ('layer1', 'layer1/')
    """

    def __init__(self, reuse, name: str = "", initializer=None, dtype=dtypes.float32,
                 name_scope: str = ""):
        self._reuse, self._name = reuse, name
        self._initializer, self._dtype = initializer, dtypes.as_dtype(dtype)
        self._name_scope = name_scope  # the name scope it opened first ("layer1/")

    @property
    def name(self) -> str:
        return self._name

    @property
    def original_name_scope(self) -> str:
        return self._name_scope

    @property
    def reuse(self):
        """True, False or AUTO_REUSE (always AUTO_REUSE eagerly, where nothing is shared)."""
        return AUTO_REUSE if executing_eagerly() else self._reuse

    @property
    def initializer(self):
        return self._initializer

    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    def reuse_variables(self) -> None:
        """From now on `get_variable` in this scope shares (as if opened with reuse=True)."""
        self._reuse = True

    def set_initializer(self, initializer) -> None:
        self._initializer = initializer

    def set_dtype(self, dtype) -> None:
        self._dtype = dtypes.as_dtype(dtype)

    def get_variable(self, var_store, name: str, shape=None, dtype=None, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     caching_device=None, partitioner=None, validate_shape: bool = True,
                     use_resource=None, custom_getter=None, constraint=None, **kwargs):
        """`get_variable` in this scope (see the module function; `var_store` is ignored)."""
        _refuse("get_variable", regularizer=regularizer, partitioner=partitioner,
                custom_getter=custom_getter, constraint=constraint)
        return _get_variable(self, name, shape, dtype, initializer, trainable)


def _refuse(where: str, **given) -> None:
    """NotImplementedError for the TF1 features this engine leaves out, when one is used."""
    for what, value in given.items():
        if value is not None:
            raise NotImplementedError(f"{where}({what}=...) is not supported here.")


class _Store:
    """One graph's variables made by get_variable, its current scope, and how often each
    variable scope name was opened (for `default_name`: "dense", "dense_1", ...)."""

    def __init__(self):
        self.variables: dict = {}   # full name ("layer1/w") -> Variable
        self.scope = VariableScope(False)
        self.opened: dict = {}      # variable scope name -> times opened


_stores: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # graph -> _Store


def _store() -> _Store:
    graph = get_default_graph()
    if graph not in _stores:
        _stores[graph] = _Store()
    return _stores[graph]


def stored_variables() -> dict:
    """{full name: Variable} that get_variable made in the default graph (none eagerly)."""
    return {} if executing_eagerly() else dict(_store().variables)


def get_variable_scope() -> VariableScope:
    """The variable scope open now (the root scope, name "", outside any).
    Mirrors `tf.compat.v1.get_variable_scope`."""
    return _store().scope


class variable_scope:  # noqa: N801 - TF's name
    """Opens a variable scope (and a name scope for the ops inside).
    Mirrors `tf.compat.v1.variable_scope`.

    `name_or_scope`: a name ("layer1", nested scopes join with "/") or a
    VariableScope to enter again; `default_name`: used, made unique ("dense",
    "dense_1"), when `name_or_scope` is None. `reuse`: True, AUTO_REUSE, or
    None/False to inherit the enclosing scope's (reuse, once on, stays on
    inside). `initializer` and `dtype` are the defaults of `get_variable` inside.

    >>> with tf.compat.v1.variable_scope("layer1", initializer=tf.compat.v1.zeros_initializer()):
    ...     b = tf.compat.v1.get_variable("b", [3])      # layer1/b:0, zeros
    """

    def __init__(self, name_or_scope, default_name: str | None = None, values=None,
                 initializer=None, regularizer=None, caching_device=None, partitioner=None,
                 custom_getter=None, reuse=None, dtype=None, use_resource=None,
                 constraint=None, auxiliary_name_scope: bool = True):
        if name_or_scope is None and default_name is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if name_or_scope is None and reuse is True:
            raise ValueError("reuse=True cannot be used without a name_or_scope")
        _refuse("variable_scope", regularizer=regularizer, partitioner=partitioner,
                custom_getter=custom_getter, constraint=constraint)
        if not (name_or_scope is None or isinstance(name_or_scope, (str, VariableScope))):
            raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
        self._name_or_scope, self._default_name = name_or_scope, default_name
        self._initializer, self._reuse, self._dtype = initializer, reuse, dtype
        self._auxiliary_name_scope = auxiliary_name_scope

    def __enter__(self) -> VariableScope:
        store = _store()
        parent, given = store.scope, self._name_or_scope
        if isinstance(given, VariableScope):  # entering a scope again: its name, its defaults
            name, base = given.name, given.name.rsplit("/", 1)[-1]
            inherited = given
        else:
            base = given if given is not None else self._unique(store, parent)
            name = f"{parent.name}/{base}" if parent.name else base
            inherited = parent
        store.opened[name] = store.opened.get(name, 0) + 1
        self._name_scope = name_scope(base) if self._auxiliary_name_scope else None
        opened = self._name_scope.__enter__() if self._name_scope is not None else ""
        first = given.original_name_scope if isinstance(given, VariableScope) else opened
        # TF: reuse only turns on (reuse=False inside a reusing scope still reuses)
        reuse = self._reuse or parent._reuse or inherited._reuse
        scope = VariableScope(
            reuse, name, self._initializer if self._initializer is not None
            else inherited.initializer,
            self._dtype if self._dtype is not None else inherited.dtype, first)
        self._saved, store.scope = parent, scope
        return scope

    def _unique(self, store: _Store, parent: VariableScope) -> str:
        """default_name, or default_name_1, _2, ...: the first not opened yet here."""
        prefix = f"{parent.name}/" if parent.name else ""
        base, n = self._default_name, 0
        while store.opened.get(prefix + base):
            n += 1
            base = f"{self._default_name}_{n}"
        return base

    def __exit__(self, *exc) -> None:
        _store().scope = self._saved
        if self._name_scope is not None:
            self._name_scope.__exit__(*exc)


def get_variable(name: str, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape: bool = True, use_resource=None, custom_getter=None,
                 constraint=None, synchronization=None, aggregation=None):
    """The variable `<scope>/<name>`: made now, or shared, as the scope's `reuse` says.
    Mirrors `tf.compat.v1.get_variable`.

    `initializer`: an initializer (called with the shape and dtype), or a value
    (a tensor, array or number: then no `shape`). Without one, the scope's
    initializer, else Glorot uniform for floats and zeros for integers, bools and
    strings. `dtype` defaults to the scope's (float32).

    >>> with tf.compat.v1.variable_scope("layer1"):
    ...     w = tf.compat.v1.get_variable("w", [2, 3])
    >>> w.name
    'layer1/w:0'
    """
    _refuse("get_variable", regularizer=regularizer, partitioner=partitioner,
            custom_getter=custom_getter, constraint=constraint)
    return _get_variable(get_variable_scope(), name, shape, dtype, initializer, trainable)


def _get_variable(scope: VariableScope, name: str, shape, dtype, initializer, trainable):
    full = f"{scope.name}/{name}" if scope.name else name
    dtype = dtypes.as_dtype(dtype) if dtype is not None else None
    shape = None if shape is None else TensorShape(shape)
    initializer = initializer if initializer is not None else scope.initializer
    if executing_eagerly():  # (no store: a new variable every time, as in TF2)
        return _make(full, shape, dtype, scope.dtype, initializer, trainable)
    store = _store()
    found = store.variables.get(full)
    if found is not None:
        if scope._reuse is False:
            raise ValueError(f"Variable {full} already exists, disallowed. Did you mean to set "
                             f"reuse=True or reuse=tf.AUTO_REUSE in VarScope?")
        if shape is not None and not shape.is_compatible_with(found.shape):
            raise ValueError(f"Trying to share variable {full}, but specified shape {shape} "
                             f"and found shape {found.shape}.")
        if dtype is not None and dtype is not found.dtype:
            raise ValueError(f"Trying to share variable {full}, but specified dtype "
                             f"{dtype.name} and found dtype {found.dtype.name}.")
        return found
    if scope._reuse is True:
        raise ValueError(f"Variable {full} does not exist, or was not created with "
                         f"tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                         f"VarScope?")
    variable = _make(full, shape, dtype, scope.dtype, initializer, trainable)
    store.variables[full] = variable
    return variable


def _make(full: str, shape, dtype, scope_dtype, initializer, trainable) -> Variable:
    """A new variable named exactly `full` (whatever name scope is open)."""
    if initializer is None:
        if shape is None:
            raise ValueError(f"Variable {full} did not get an initializer, so its `shape` "
                             f"argument must be specified.")
        dtype = dtype or scope_dtype
        if dtype.is_floating:
            initializer = GlorotUniform()
        elif dtype.is_integer or dtype.is_bool or dtype is dtypes.string:
            initializer = Zeros()
        else:
            raise ValueError(f"An initializer for variable {full} of {dtype.name} is required")
    if not callable(initializer):  # a value (tensor, array, number): its own shape and dtype
        if shape is not None:
            raise ValueError("If initializer is a constant, do not specify shape.")
        value = convert_to_tensor(initializer)  # (converted, never cast: [1, 2] is int32)
        if dtype is not None and dtype is not value.dtype:
            raise ValueError(f"Initializer type '{value.dtype}' and explicit dtype "
                             f"'{dtype}' don't match.")
        make = lambda: value  # noqa: E731
    elif shape is None and isinstance(initializer, (Initializer, _KerasInitializer)) \
            or shape is not None and not shape.is_fully_defined():
        raise ValueError("The initializer passed is not valid. It should be a callable with no "
                         "arguments and the shape should not be provided or an instance of "
                         "`tf.keras.initializers.*' and `shape` should be fully defined.")
    elif shape is None:  # a function of no arguments
        make = initializer
    else:
        dtype = dtype or scope_dtype
        make = lambda: initializer(shape.as_list(), dtype=dtype)  # noqa: E731
    with name_scope(""):  # (variables ignore name scopes; their initializers go under their name)
        with name_scope(full + "/Initializer/"):
            initial = make()
        return Variable(initial, trainable=True if trainable is None else trainable, name=full,
                        dtype=dtype)
