"""`tf.function`: trace a Python function into a graph once, then run the graph.

    >>> @tf.function
    ... def f(x):
    ...     print("tracing")          # Python runs only while tracing
    ...     tf.print("running")       # a graph node: runs on every call
    ...     return x * x
    >>> f(tf.constant(2.0))           # first call with this dtype/shape: traces
    tracing
    running
    >>> f(tf.constant(3.0))           # same signature: runs the graph
    running

Tracing (autodidax's "make_jaxpr"): each tensor argument becomes a
Placeholder, the Python body runs once with `execute` sending every op to a
`FuncGraph` (see graph/core.py), and the returned tensors become the graph's
outputs. The result is a `ConcreteFunction`, cached under the call's
*signature*: dtype and shape for tensors, dtype and shape for Variables (TF's
VariableSpec), the value itself for Python numbers, identity for other
objects (TF's retracing rules).

Calling a ConcreteFunction is one op, a function call (TF's
`StatefulPartitionedCall`), through `execute` like any other:
- eagerly, its kernel runs the compiled graph (graph/run.py);
- while another graph is being built (a tf.function calling another), the
  callee's nodes are copied into the caller's graph (graph/inline.py);
- a GradientTape records the call as one op; its gradient is another traced
  function, built once from the callee's graph with a tape (ops/call_ops.py).

Read next: concrete_function.py (calling a trace), ops/call_ops.py (the call
op and its gradient), session.py (TF1's way to run graphs), saving/ (files).
"""
from __future__ import annotations

import functools
import inspect

import numpy as np

from . import devices as _devices
from . import dtypes
from .execute import execute, state
from .graph import FuncGraph, Operation, SymbolicTensor
from .graph.core import executing_eagerly  # noqa: F401
from .graph.scopes import control_dependencies, init_scope  # noqa: F401
from .ops.logging_ops import print_v2 as print  # noqa: A001 - tf.print
from .tensor import Tensor, TensorShape, convert_to_tensor

__all__ = ["function", "Function", "ConcreteFunction", "TensorSpec", "init_scope", "print",
           "executing_eagerly"]


class TensorSpec:
    """Describes a tensor argument: shape (None = any size) and dtype. Mirrors `tf.TensorSpec`.

    >>> tf.TensorSpec([None, 3], tf.float32)
    TensorSpec(shape=(None, 3), dtype=tf.float32, name=None)
    """

    def __init__(self, shape, dtype=dtypes.float32, name: str | None = None):
        self.shape = TensorShape(shape)
        self.dtype = dtypes.as_dtype(dtype)
        self.name = name

    @classmethod
    def from_tensor(cls, tensor, name=None) -> "TensorSpec":
        return cls(tensor.shape, tensor.dtype, name)

    def is_compatible_with(self, value) -> bool:
        """True if `value` (a tensor or spec) has this dtype and a fitting shape."""
        return value.dtype is self.dtype and self.shape.is_compatible_with(value.shape)

    def _key(self):
        return ("T", self.dtype.name, self.shape._dims)

    def __eq__(self, other) -> bool:
        return isinstance(other, TensorSpec) and self._key() == other._key() and \
            self.name == other.name

    def __hash__(self):
        return hash(self._key())

    def __repr__(self) -> str:
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r}, name={self.name!r})"


# -- structures: nested lists, tuples and dicts of leaves ------------------------------
def _flatten(structure) -> list:
    if isinstance(structure, dict):
        return [x for k in sorted(structure, key=str) for x in _flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [x for item in structure for x in _flatten(item)]
    return [structure]


def _map(fn, structure):
    """`structure` with every leaf replaced by `fn(leaf)` (same traversal as `_flatten`)."""
    if isinstance(structure, dict):
        done = {k: _map(fn, structure[k]) for k in sorted(structure, key=str)}
        return type(structure)((k, done[k]) for k in structure)
    if isinstance(structure, (list, tuple)):
        items = [_map(fn, x) for x in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)
    return fn(structure)


def _is_tensor_like(x) -> bool:
    return isinstance(x, (Tensor, np.ndarray, TensorSpec))


def _leaf_key(x):
    """What a call's signature records for one argument leaf (TF's retracing rules)."""
    if isinstance(x, Tensor):
        return ("T", x._value.dtype.str, x._value.shape)
    if isinstance(x, TensorSpec):
        return ("T", x.dtype._np.str, x.shape._dims)
    if isinstance(x, np.ndarray):
        return ("T", x.dtype.str, x.shape)
    if x is None or isinstance(x, (bool, int, float, str, complex, np.generic)):
        return (type(x).__name__, x)  # Python values: by value, so f(1) and f(2) trace twice
    if hasattr(x, "_is_variable"):  # by dtype and shape (TF's VariableSpec): see _concrete_for
        return ("V", x._value.dtype.str, x._value.shape, x.trainable)
    trace_type = _trace_type(x)
    if trace_type is not None:  # an object that says how it traces (its TraceType's == and hash)
        return ("TraceType", trace_type)
    return ("id", id(x))  # modules and other objects: by identity


class TracingContext:
    """What `__tf_tracing_type__(context)` receives (TF's tf.types.experimental one)."""


class PlaceholderContext:
    """What `TraceType.placeholder_value(context)` receives while tracing: the graph being
    built and the argument's name (a TypeSpec makes its graph inputs with them)."""

    def __init__(self, graph=None, naming_scope: str | None = None):
        self.graph = graph
        self.naming_scope = naming_scope


class TypeSpec:
    """The TraceType of a value that enters a graph as tensors though it is not one (TF's
    `tf.TypeSpec`; here a dataset's `DatasetSpec`, data/spec.py): `placeholder_value` makes
    the graph's inputs for it while tracing, `to_tensors(value)` gives what a call feeds them."""


_PLAIN = (bool, int, float, complex, str, type(None))


def _type_spec_of(x):
    """The TypeSpec of an argument that feeds the graph though it is no tensor, else None."""
    if type(x) in _PLAIN or _is_tensor_like(x) or hasattr(x, "_is_variable"):
        return None
    trace_type = _trace_type(x)
    return trace_type if isinstance(trace_type, TypeSpec) else None


def _trace_type(x):
    """The TraceType an object of a class with `__tf_tracing_type__` gives itself, else None."""
    method = getattr(type(x), "__tf_tracing_type__", None)
    return None if method is None else method(x, TracingContext())


class Function:
    """What `@tf.function` returns: a callable that traces once per signature.

    >>> f = tf.function(lambda x: x + 1)
    >>> f(tf.constant(1)); f(tf.constant(2)); f.experimental_get_tracing_count()
    1
    """

    def __init__(self, python_function, input_signature=None, name: str | None = None,
                 autograph: bool = True, reduce_retracing: bool = False):
        self.python_function = python_function
        self.input_signature = None if input_signature is None else tuple(input_signature)
        self._autograph = autograph
        self._reduce_retracing = reduce_retracing
        self._relaxed: list = []  # (pattern of leaf keys with None dims, ConcreteFunction)
        self._signature = inspect.signature(python_function)
        params = self._signature.parameters.values()
        # Calls that pass exactly these positional parameters need no inspect.bind.
        self._n_plain = len(params) if all(
            p.kind == p.POSITIONAL_OR_KEYWORD and p.default is p.empty for p in params) else -1
        self._name = name or getattr(python_function, "__name__", "function")
        self._cache: dict = {}
        self._saving_cache: dict = {}  # the traces made while tf.saved_model.save ran
        self._keep_alive: dict = {}  # objects keyed by identity stay alive with their trace
        self._tracing_count = 0
        functools.update_wrapper(self, python_function, updated=())

    @property
    def name(self) -> str:
        return self._name

    def experimental_get_tracing_count(self) -> int:
        """How many times the Python function was traced (TF's name)."""
        return self._tracing_count

    def __get__(self, instance, owner):
        """`@tf.function` on a method: bind `self`, with one trace cache per instance."""
        if instance is None:
            return self
        bound = instance.__dict__.get("__tf_function_" + self._name)
        if bound is None or bound.python_function.__self__ is not instance:
            bound = Function(self.python_function.__get__(instance, owner), self.input_signature,
                             self._name, self._autograph, self._reduce_retracing)
            instance.__dict__["__tf_function_" + self._name] = bound
        return bound

    # -- calling ---------------------------------------------------------------------
    def get_concrete_function(self, *args, **kwargs) -> "ConcreteFunction":
        """The traced graph for these arguments (tensors or `tf.TensorSpec`s).

        >>> f.get_concrete_function(tf.TensorSpec([None], tf.float32)).graph
        """
        if not args and not kwargs and self.input_signature is not None:
            args = self.input_signature
        return self._concrete_for(args, kwargs)[0]

    def _bind(self, args, kwargs) -> tuple:
        if self.input_signature is not None:
            return self._bind_signature(args, kwargs)
        if not kwargs and len(args) == self._n_plain:
            return args, {}  # fast path: exactly the positional parameters, nothing to fill in
        try:
            bound = self._signature.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"Binding inputs to tf.function `{self._name}` failed: {e}") from None
        bound.apply_defaults()
        return bound.args, bound.kwargs

    def _bind_signature(self, args, kwargs) -> tuple:
        """Checks the arguments against `input_signature` and converts them to its dtypes."""
        bound = self._signature.bind(*args, **kwargs)
        values = list(bound.arguments.values())
        signature = self.input_signature
        if len(values) != len(signature):
            raise TypeError(f"Binding inputs to tf.function failed: {len(values)} argument(s) "
                            f"given for input_signature of length {len(signature)}.")

        def convert(value, spec):
            if isinstance(value, TensorSpec):
                tensor_spec = value
            else:
                tensor = value if isinstance(value, Tensor) else convert_to_tensor(
                    value.read_value() if hasattr(value, "_is_variable") else value,
                    dtype=spec.dtype if not isinstance(value, np.ndarray) else None)
                tensor_spec = TensorSpec(tensor.shape, tensor.dtype)
            if not spec.is_compatible_with(tensor_spec):
                raise TypeError(
                    f"Binding inputs to tf.function failed due to `Can not cast {tensor_spec!r} to "
                    f"{spec!r}`. Received args: {args} and kwargs: {kwargs} for signature: "
                    f"{self._signature_text()}.")
            return value if isinstance(value, TensorSpec) else tensor

        def convert_structure(value, spec):
            if isinstance(spec, TensorSpec):
                return convert(value, spec)
            if isinstance(spec, TypeSpec):  # (a RaggedTensorSpec: the value's spec must fit)
                value_spec = _type_spec_of(value) if not isinstance(value, TypeSpec) else value
                if value_spec is None or not value_spec.is_subtype_of(spec):
                    given, wanted = (value_spec if value_spec is not None else value), spec
                    if value_spec is not None and hasattr(spec, "_component_specs") and \
                            not isinstance(value, TypeSpec):  # TF names the first component
                        pairs = [(TensorSpec(t.shape, t.dtype), w) for t, w in  # that differs
                                 zip(value_spec.to_tensors(value), spec._component_specs())]
                        given, wanted = next(((g, w) for g, w in pairs
                                              if not w.is_compatible_with(g)), (given, wanted))
                    raise TypeError(
                        f"Binding inputs to tf.function failed due to `Can not cast "
                        f"{given!r} to {wanted!r}`. "
                        f"Received args: {args} and kwargs: {kwargs} for signature: "
                        f"{self._signature_text()}.")
                return value
            if isinstance(spec, (list, tuple)) and isinstance(value, (list, tuple)) and \
                    len(value) == len(spec):
                return type(spec)(convert_structure(v, s) for v, s in zip(value, spec))
            if isinstance(spec, dict) and isinstance(value, dict) and set(value) == set(spec):
                return {k: convert_structure(value[k], spec[k]) for k in spec}
            raise TypeError(f"Binding inputs to tf.function failed: {value!r} does not have the "
                            f"structure of {spec!r} (signature {self._signature_text()}).")

        return tuple(convert_structure(v, s) for v, s in zip(values, signature)), {}

    def _signature_text(self) -> str:
        names = list(self._signature.parameters)
        return "(" + ", ".join(f"{n}: {s!r}" for n, s in zip(names, self.input_signature)) + ")"

    def _concrete_for(self, args, kwargs):
        """(the ConcreteFunction for these arguments, what to feed it: tensors and Variables)."""
        args, kwargs = self._bind(args, kwargs)
        flat = _flatten(args) + _flatten(kwargs) if kwargs else _flatten(args)
        if self.input_signature is not None:  # one trace, for the signature's shapes
            key = "input_signature"
            trace_args = tuple(self.input_signature)
        else:
            # Variables are keyed by spec, plus which of them are the same object: f(a, a) and
            # f(a, b) trace separately, f(a) and f(b) share a trace (TF's VariableSpec rule).
            ids = [id(x) for x in flat if hasattr(x, "_is_variable")]
            aliases = tuple(ids.index(i) for i in ids)
            key = tuple(_leaf_key(x) for x in flat) + (len(args), tuple(kwargs), aliases)
            trace_args = args
        # TF keys a trace by its context too: while tf.saved_model.save runs, a function traces
        # anew (once) and saves that trace; calls outside keep using the earlier ones.
        cache = self._saving_cache if state.saving else self._cache
        concrete = cache.get(key)
        if concrete is None:
            if key != "input_signature":  # TF: a trace for more general specs serves this call
                concrete = self._most_specific_trace(key, cache)
            if concrete is None and self._reduce_retracing and key != "input_signature" \
                    and not state.saving:
                concrete = self._trace_relaxed(key, args, kwargs)
            if concrete is None:
                concrete = self._trace(trace_args, kwargs)
            cache[key] = concrete
            if key != "input_signature":  # (a dataset, keyed by its spec, is not kept alive)
                self._keep_alive[key] = [x for x, leaf in zip(flat, key) if leaf[0] == "id"]
        return concrete, _feeds(flat)

    def __call__(self, *args, **kwargs):
        if _devices.settings.functions_run_eagerly:  # tf.config.run_functions_eagerly(True)
            return self.python_function(*args, **kwargs)
        concrete, feeds = self._concrete_for(args, kwargs)
        return concrete._call_flat(feeds, checked=True)  # (the cache key vouches for the feeds)

    def _most_specific_trace(self, key, cache: dict):
        """The trace whose signature admits this call's and says most about it, or None.

        TF's rule: a trace made for `TensorSpec([None])` (get_concrete_function, an earlier
        call with reduce_retracing) serves a call with a [3]-shaped tensor, and one made for
        an unknown rank serves any shape; when several do, the most specific one is used.
        """
        best, best_score = None, -1
        relaxed = self._relaxed if cache is self._cache else []
        for pattern, concrete in [*cache.items(), *relaxed]:
            if pattern != "input_signature" and _fits(pattern, key):
                score = _specificity(pattern)
                if score > best_score:
                    best, best_score = concrete, score
        return best

    # -- reduce_retracing: one trace with unknown dimensions instead of one per shape ----------

    def _trace_relaxed(self, key, args, kwargs):
        """TF's reduce_retracing: dims that differ from an earlier trace's become None.

        Returns the new, more general trace, or None when there is nothing to
        generalize (the first call).
        """
        earlier = [k for k in self._cache if k != "input_signature" and len(k) == len(key)]
        pattern = list(key)
        for other in earlier:
            pattern = [_generalize(a, b) for a, b in zip(pattern, other)]
        pattern = tuple(pattern)
        if pattern == key:
            return None
        leaves = iter(pattern)

        def spec(x):
            leaf = next(leaves)
            if isinstance(x, (Tensor, np.ndarray)) and not hasattr(x, "_is_variable"):
                return TensorSpec(leaf[2], _dtype_of(x))
            return x
        concrete = self._trace(_map(spec, tuple(args)), _map(spec, dict(kwargs)))
        self._relaxed.append((pattern, concrete))
        return concrete

    def _trace(self, args, kwargs) -> "ConcreteFunction":
        """Runs the Python body once with placeholders; returns the ConcreteFunction."""
        self._tracing_count += 1
        graph = FuncGraph(self._name, may_create_variables=self._tracing_count == 1)
        names = iter(self._arg_names(args, kwargs))
        with graph.as_default():
            def placeholder(x):
                if hasattr(x, "_is_variable"):  # a Variable argument: its handle is an input
                    graph.bind_variable_argument(_variable_of(x), next(names))
                    return x
                if not _is_tensor_like(x):
                    trace_type = _trace_type(x)  # (its own placeholder, e.g. the object itself)
                    if trace_type is None:
                        return x
                    name = next(names) if isinstance(trace_type, TypeSpec) else None
                    return trace_type.placeholder_value(PlaceholderContext(graph, name))
                spec = x if isinstance(x, TensorSpec) else TensorSpec(np.shape(x), _dtype_of(x))
                p = graph.placeholder(spec.dtype, spec.shape, name=spec.name or next(names))
                graph.inputs.append(p)
                return p

            symbolic_args = _map(placeholder, args)
            symbolic_kwargs = _map(placeholder, kwargs)
            state.tracing.append(graph)  # variables made while tracing are reported to it
            try:
                result = self._python_body()(*symbolic_args, **symbolic_kwargs)
            except Exception as error:
                if self._autograph:  # TF's "in user code:" message (autograph/errors.py)
                    _autograph_errors.raise_in_user_code(error)  # (unless it is not one)
                raise
            finally:
                state.tracing.remove(graph)
            structured = _map(lambda x: _as_output(graph, x, self.python_function), result)
        graph.outputs = [t for x in _flatten(structured) for t in _output_tensors(x)]
        # Between tf.summary.trace_on() and trace_export() the new graph is recorded
        # for TensorBoard (cheap when tracing is off: nothing is converted then).
        from .summary.ops import note_traced_graph
        note_traced_graph(graph.as_graph_def)
        if graph.created_variables and self._tracing_count == 1:
            # TF traces a first call that created variables once more, with creation off: the
            # variables exist now, so a function that makes a new one on every call fails here
            # (TF's ValueError), and the function keeps the trace that only uses them.
            return self._trace(args, kwargs)
        concrete = ConcreteFunction(graph, structured, self._input_specs(args, kwargs))
        concrete._parameters = self._parameter_kinds(args, kwargs)
        return concrete

    def _python_body(self):
        """The function to trace (AutoGraph's converted version, when it is on)."""
        if not self._autograph:
            return self.python_function
        body = getattr(self, "_converted", None)
        if body is None:
            from .autograph import converted  # (see autograph/: the rewrite happens once)
            body = self._converted = converted(self.python_function)
        return body

    def _arg_names(self, args, kwargs):
        """Placeholder names like TF's: the parameter name, then name_1, name_2, ..."""
        params = list(self._signature.parameters)
        def named(x):
            return _is_input(x) or _type_spec_of(x) is not None
        for i, value in enumerate(args):
            base = params[i] if i < len(params) else "args"
            for j, _ in enumerate(x for x in _flatten(value) if named(x)):
                yield base if j == 0 else f"{base}_{j}"
        for k, value in kwargs.items():
            for j, _ in enumerate(x for x in _flatten(value) if named(x)):
                yield k if j == 0 else f"{k}_{j}"

    def _parameter_kinds(self, args, kwargs) -> list:
        """(name, kind) of each bound argument, as TF's signature text names them."""
        params = list(self._signature.parameters.values())
        out = []
        for i in range(len(args)):
            p = params[min(i, len(params) - 1)] if params else None
            if p is None or p.kind == p.VAR_POSITIONAL or i >= len(params):
                out.append((f"args_{i}", "POSITIONAL_ONLY"))
            else:
                out.append((p.name, p.kind.name))
        for k in kwargs:
            p = self._signature.parameters.get(k)
            out.append((k, p.kind.name if p is not None and p.kind != p.VAR_KEYWORD
                        else "KEYWORD_ONLY"))
        return out

    def pretty_printed_concrete_signatures(self, verbose: bool = True) -> str:
        """Every traced signature (what `print(get_concrete_function(...))` shows), one after
        another. Mirrors `tf.function`'s method of the same name."""
        return "\n\n".join(c.pretty_printed_signature() for c in self._cache.values())

    def _input_specs(self, args, kwargs):
        def spec(x):
            if isinstance(x, TensorSpec):
                return x
            if _is_tensor_like(x):
                return TensorSpec(np.shape(x), _dtype_of(x))
            type_spec = _type_spec_of(x)
            return x if type_spec is None else type_spec  # (a dataset: its DatasetSpec)
        return _map(spec, tuple(args)), _map(spec, dict(kwargs))

    def __repr__(self) -> str:
        return f"<course.engine.function.Function object at {hex(id(self))}>"


def _is_input(x) -> bool:
    return _is_tensor_like(x) or hasattr(x, "_is_variable")


def _variable_of(x):
    """The Variable itself (assign() returns a stand-in that reads it later)."""
    return getattr(x, "_variable", x)


def _generalize(a, b):
    """The leaf key that admits both tensors a and b: differing dims become None."""
    if a == b:
        return a
    if isinstance(a, tuple) and isinstance(b, tuple) and a[:2] == b[:2] and a[0] == "T" and \
            a[2] is not None and b[2] is not None and len(a[2]) == len(b[2]):
        return ("T", a[1], tuple(x if x == y else None for x, y in zip(a[2], b[2])))
    return a


def _fits(pattern, key) -> bool:
    """Whether a call keyed `key` may run the trace keyed `pattern`: the same leaves, except
    tensors whose traced shape has None where the call's has a size (or an unknown rank)."""
    if len(pattern) != len(key):
        return False
    for p, k in zip(pattern, key):
        if p == k:
            continue
        if isinstance(p, tuple) and isinstance(k, tuple) and p[0] == k[0] == "TraceType":
            if k[1].is_subtype_of(p[1]):  # (a dataset of [3]-shaped elements fits a [None] trace)
                continue
            return False
        if not (isinstance(p, tuple) and isinstance(k, tuple) and p[0] == k[0] == "T" and
                p[1] == k[1] and (p[2] is None or k[2] is not None and len(p[2]) == len(k[2]) and
                                  all(a is None or a == b for a, b in zip(p[2], k[2])))):
            return False
    return True


def _specificity(pattern) -> int:
    """How much a trace's signature says: one point per known rank and per known size."""
    return sum(1 + sum(d is not None for d in leaf[2]) for leaf in pattern
               if isinstance(leaf, tuple) and leaf and leaf[0] == "T" and leaf[2] is not None)


def _dtype_of(x):
    if isinstance(x, Tensor):
        return x.dtype
    return dtypes.as_dtype(np.asarray(x).dtype)


def _as_output(graph, x, fn):
    """An output leaf as a graph tensor behind an Identity node (as TF names them)."""
    if hasattr(x, "_is_variable"):
        x = x.read_value()
    if isinstance(x, Tensor):
        return execute(_IDENTITY, (graph.capture(x),))
    if isinstance(x, TensorShape) and x.is_fully_defined():  # TF: a known shape is a value
        return execute(_IDENTITY, (graph.capture(convert_to_tensor(x)),))
    if isinstance(x, (Operation, TensorShape)):  # (what tf.print returns in a graph; a shape
        # known only in part): not values
        raise TypeError(f"To be compatible with tf.function, Python functions must return zero "
                        f"or more Tensors or ExtensionTypes or None values; in compilation of "
                        f"{fn}, found return value of type {type(x).__name__}, which is not a "
                        "Tensor or ExtensionType.")
    if isinstance(x, (bool, int, float, str, bytes, np.generic, np.ndarray)):
        # TF: a returned Python or NumPy value becomes a tensor (a constant of the graph)
        return execute(_IDENTITY, (graph.capture(convert_to_tensor(x)),))
    spec = _composite_spec(x)
    if spec is not None:  # (a RaggedTensor: each of its tensors is an output)
        return spec.from_components([_as_output(graph, t, fn) for t in spec.to_tensors(x)])
    return x


def _feeds(flat: list) -> list:
    """What a call feeds the graph's inputs for these argument leaves, in order: tensors (NumPy
    arrays converted), Variables, and the tensors of a value with a TypeSpec (a dataset, a
    RaggedTensor); Python values and specs (get_concrete_function's) feed nothing."""
    feeds = []
    for x in flat:
        if isinstance(x, Tensor):
            feeds.append(x)
        elif hasattr(x, "_is_variable"):
            feeds.append(_variable_of(x))
        elif isinstance(x, np.ndarray):
            feeds.append(convert_to_tensor(x))
        elif type(x) not in _PLAIN and not isinstance(x, (TensorSpec, TypeSpec)):
            spec = _type_spec_of(x)
            if spec is not None:
                feeds.extend(spec.to_tensors(x))
    return feeds


def _composite_spec(x):
    """The TypeSpec of a value made of tensors that a graph can return (a RaggedTensor), else
    None: its `to_tensors(x)` are the outputs, `from_components` rebuilds it from their values."""
    if type(x) in _PLAIN or _is_tensor_like(x) or isinstance(x, (Operation, TensorShape)):
        return None
    spec = _type_spec_of(x)
    return spec if spec is not None and hasattr(spec, "from_components") else None


def _output_tensors(x) -> list:
    """The graph outputs an output leaf stands for: itself, or a composite's tensors."""
    if isinstance(x, SymbolicTensor):
        return [x]
    spec = _composite_spec(x)
    return [] if spec is None else [t for t in spec.to_tensors(x) if isinstance(t, SymbolicTensor)]


def function(func=None, input_signature=None, autograph: bool = True, jit_compile=None,
             reduce_retracing: bool = False, experimental_relax_shapes=None, name=None):
    """Compiles a Python function into a graph-running callable. Mirrors `tf.function`.

    Use as `@tf.function` or `@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])`.
    `reduce_retracing=True` traces once more with unknown dimensions instead of
    once per new shape. (`jit_compile` is accepted and ignored.)
    """
    if func is None:
        return functools.partial(function, input_signature=input_signature, autograph=autograph,
                                 reduce_retracing=reduce_retracing, name=name)
    return Function(func, input_signature, name, autograph,
                    bool(reduce_retracing or experimental_relax_shapes))


from .ops.array_ops import IDENTITY as _IDENTITY  # noqa: E402
from .concrete_function import ConcreteFunction  # noqa: E402 - it needs the helpers above
from .autograph import errors as _autograph_errors  # noqa: E402
