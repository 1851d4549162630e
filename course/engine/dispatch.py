"""TF's dispatch decorators: let TF APIs (`tf.stack`, `tf.abs`, `tf.add`, ...) accept your types.

    >>> class Pair(tf.experimental.ExtensionType):
    ...     a: tf.Tensor
    ...     b: tf.Tensor
    >>> @tf.experimental.dispatch_for_api(tf.math.negative)
    ... def pair_negative(x: Pair, name=None):
    ...     return Pair(-x.a, -x.b)
    >>> tf.math.negative(Pair(1, 2)).b
    <tf.Tensor: shape=(), dtype=int32, numpy=-2>
    >>> tf.experimental.unregister_dispatch_for(pair_negative)

`dispatch_for_api(api)` registers a function with the API's parameters whose
type annotations say when it applies: it is called instead of the API when
every annotated argument has its type (a class, `Union[...]` and so
`Optional[...]`, or `List[...]`: TF's set; another annotation, a string
included, is TF's ValueError) and at least one argument is *dispatchable*: a
value that is neither a tf.Tensor nor a Python number, string or None. Plain
tensors never reach a dispatcher. `dispatch_for_unary_elementwise_apis(x_type)`
and `dispatch_for_binary_elementwise_apis(x_type, y_type)` register one handler
`handler(api_func, x)` / `handler(api_func, x, y)` for every elementwise API
(UNARY_ELEMENTWISE_APIS, BINARY_ELEMENTWISE_APIS), where `api_func` is the API
with its other arguments (`dtype=...`) already given. `unregister_dispatch_for(fn)`
removes any of them.

How it costs an API with nothing registered nothing: TF's APIs always look
for dispatchers; here the public namespaces (`tf`, `tf.math`, `tf.linalg`,
...) hold the plain functions until something is registered for one. Then
every public name bound to that function is rebound to a dispatching wrapper,
and put back when its last dispatcher is unregistered. Calls from inside the
engine use the plain functions, so they never dispatch (TF's would).
"""
from __future__ import annotations

import collections.abc
import functools
import inspect
import sys
import typing

from .tensor import Tensor

__all__ = ["dispatch_for_api", "dispatch_for_unary_elementwise_apis",
           "dispatch_for_binary_elementwise_apis", "unregister_dispatch_for",
           "UNARY_ELEMENTWISE_APIS", "BINARY_ELEMENTWISE_APIS"]

# The elementwise APIs (names in tf.math) an elementwise handler is registered for.
UNARY_ELEMENTWISE_APIS = (
    "abs", "negative", "sign", "exp", "log", "log1p", "sqrt", "rsqrt", "square", "reciprocal",
    "sin", "cos", "floor", "ceil", "round", "sigmoid", "tanh", "logical_not", "is_nan",
    "is_inf", "is_finite", "expm1", "softplus", "zeros_like", "ones_like", "cast")
BINARY_ELEMENTWISE_APIS = (
    "add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "pow",
    "maximum", "minimum", "squared_difference", "equal", "not_equal", "less", "less_equal",
    "greater", "greater_equal", "logical_and", "logical_or", "logical_xor", "divide_no_nan")

_PYTHON_VALUES = (bool, int, float, complex, str, bytes, type(None))


class _Dispatcher(typing.NamedTuple):
    target: collections.abc.Callable   # called with the API's arguments
    checks: dict                       # {parameter name: its annotation}, or a predicate
    registered: collections.abc.Callable   # what unregister_dispatch_for is given


_dispatchers: dict = {}   # {plain API function: [_Dispatcher, ...]} (registration order)
_wrappers: dict = {}      # {plain API function: its dispatching wrapper} while installed
_places: dict = {}        # {plain API function: [(namespace module, name), ...]} rebound


# -- matching arguments against annotations -----------------------------------------------------
def _matches(value, annotation) -> tuple[bool, bool]:
    """(whether `value` has the annotated type, whether it is a dispatchable value of it)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Union:
        results = [_matches(value, option) for option in args]
        return any(ok for ok, _ in results), any(ok and d for ok, d in results)
    if origin is list:   # (TF: a list or a tuple of such values)
        if not isinstance(value, (list, tuple)):
            return False, False
        results = [_matches(v, args[0]) for v in value]
        return all(ok for ok, _ in results), any(d for _, d in results)
    if not isinstance(value, annotation):
        return False, False
    return True, not isinstance(value, (Tensor,) + _PYTHON_VALUES)


def _check_annotation(annotation) -> None:
    """TF's ValueError at registration for an annotation dispatch cannot check."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Union or origin is list and len(args) == 1:
        for arg in args:
            _check_annotation(arg)
    elif not isinstance(annotation, type) or origin is not None:
        raise ValueError(f"Type annotation {annotation} is not currently supported by dispatch. "
                         " Supported annotations: type objects,  List[...], and Union[...]")


def _applies(dispatcher: _Dispatcher, bound: inspect.BoundArguments) -> bool:
    if callable(dispatcher.checks):  # the engine's own dispatchers (DTensor's) look themselves
        return dispatcher.checks(bound)
    dispatchable = False
    for name, annotation in dispatcher.checks.items():
        ok, is_dispatchable = _matches(bound.arguments.get(name), annotation)
        if not ok:
            return False
        dispatchable = dispatchable or is_dispatchable
    return dispatchable


def _dispatching(api):
    """The wrapper the public names hold while `api` has dispatchers: the first one whose
    signature the arguments match runs; otherwise the API itself."""
    signature = inspect.signature(api)

    @functools.wraps(api)
    def wrapper(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return api(*args, **kwargs)   # (the API's own error for wrong arguments)
        for dispatcher in _dispatchers.get(api, ()):
            if _applies(dispatcher, bound):
                return dispatcher.target(*args, **kwargs)
        return api(*args, **kwargs)
    return wrapper


# -- rebinding the public names -----------------------------------------------------------------
def _public_namespaces() -> list:
    """The modules users reach as `tf` and `tf.<namespace>` (course.engine and api/)."""
    root = __name__.rsplit(".", 1)[0]
    return [module for name, module in list(sys.modules.items())
            if module is not None and (name == root or name.startswith(root + ".api."))]


def _plain(api):
    """The plain function behind `api` (a wrapper installed here, or the function itself)."""
    for plain, wrapper in _wrappers.items():
        if wrapper is api:
            return plain
    return api


def _register(api, dispatcher: _Dispatcher) -> None:
    if api not in _wrappers:
        wrapper = _dispatching(api)
        places = [(module, name) for module in _public_namespaces()
                  for name, value in list(vars(module).items()) if value is api]
        for module, name in places:
            setattr(module, name, wrapper)
        _wrappers[api], _places[api] = wrapper, places
    _dispatchers.setdefault(api, []).append(dispatcher)


def _unregister(api, registered) -> bool:
    kept = [d for d in _dispatchers.get(api, ()) if d.registered is not registered]
    if len(kept) == len(_dispatchers.get(api, ())):
        return False
    if kept:
        _dispatchers[api] = kept
        return True
    del _dispatchers[api]
    for module, name in _places.pop(api):
        setattr(module, name, api)
    del _wrappers[api]
    return True


# -- the decorators -----------------------------------------------------------------------------
def _with_name_scope(api, dispatch_target):
    """The target to call: TF lets it leave out the API's `name` parameter, which then
    becomes a name scope around it."""
    api_params = list(inspect.signature(api).parameters)
    if "name" not in api_params or "name" in inspect.signature(dispatch_target).parameters:
        return dispatch_target
    position = api_params.index("name")

    @functools.wraps(dispatch_target)
    def target(*args, **kwargs):
        if position < len(args):
            name, args = args[position], args[:position] + args[position + 1:]
        else:
            name = kwargs.pop("name", None)
        if name is None:
            return dispatch_target(*args, **kwargs)
        from .graph.scopes import name_scope
        with name_scope(name):
            return dispatch_target(*args, **kwargs)
    return target


def _signature_checks(api, dispatch_target, signatures: tuple) -> list:
    """The {parameter: annotation} dicts to match, after checking the target's parameters:
    the API's, by name and kind, in order (`name` may be left out)."""
    api_params = [(p.name, p.kind) for p in inspect.signature(api).parameters.values()]
    target_params = [(p.name, p.kind) for p in
                     inspect.signature(dispatch_target).parameters.values()]
    if target_params != api_params and target_params != [p for p in api_params
                                                         if p[0] != "name"]:
        raise ValueError(f"Dispatch function's signature {inspect.signature(dispatch_target)} "
                         f"does not match API's signature {inspect.signature(api)}.")
    api_params = [name for name, _ in api_params]
    if not signatures:
        annotations = {name: p.annotation for name, p in
                       inspect.signature(dispatch_target).parameters.items()
                       if p.annotation is not inspect.Parameter.empty}
        if not annotations:
            raise ValueError("must specify at least one signature: annotate the dispatch "
                             "function's parameters with types, or pass {name: type} dicts")
        signatures = (annotations,)
    for checks in signatures:
        unknown = set(checks) - set(api_params)
        if unknown:
            raise ValueError(f"Dispatch signature names parameters {sorted(unknown)} that "
                             f"{api.__name__} does not have.")
        for annotation in checks.values():
            _check_annotation(annotation)
    return list(signatures)


def dispatch_for_api(api, *signatures):
    """A decorator: run the decorated function instead of `api` for arguments of its types.

    Mirrors `tf.experimental.dispatch_for_api`. The function takes the API's
    parameters, with annotations (or `signatures`, dicts of {name: type}) saying
    which types it handles; see the module docstring for when it is called.

        >>> @tf.experimental.dispatch_for_api(tf.stack)
        ... def pair_stack(values: List[Pair], axis=0, name="stack"):
        ...     return Pair(tf.stack([v.a for v in values], axis),
        ...                 tf.stack([v.b for v in values], axis))
    """
    api = _plain(api)
    if not callable(api):
        raise TypeError(f"dispatch_for_api expects a TF API function, got {api!r}")

    def decorator(dispatch_target):
        target = _with_name_scope(api, dispatch_target)
        for checks in _signature_checks(api, dispatch_target, signatures):
            _register(api, _Dispatcher(target, checks, dispatch_target))
        return dispatch_target
    return decorator


def elementwise_api(name: str):
    """The plain function of the elementwise API `name` (in UNARY_ELEMENTWISE_APIS or
    BINARY_ELEMENTWISE_APIS): tf.math's, else the root's (tf.cast and tf.ones_like are not in
    tf.math)."""
    from .api import math as tf_math
    root = sys.modules[__name__.rsplit(".", 1)[0]]
    return _plain(getattr(tf_math, name, None) or getattr(root, name))


def _elementwise_target(api, handler, n_inputs: int):
    """What an elementwise handler runs as for `api`: handler(api_func, x[, y]), where
    api_func is the API with its other arguments given (and `name` as a name scope)."""
    signature = inspect.signature(api)
    input_names = list(signature.parameters)[:n_inputs]

    def target(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        inputs = [bound.arguments.pop(n) for n in input_names]
        name = bound.arguments.pop("name", None)
        rest = dict(bound.arguments)

        def api_func(*values):
            return api(*values, **rest)
        if name is None:
            return handler(api_func, *inputs)
        from .graph.scopes import name_scope
        with name_scope(name):
            return handler(api_func, *inputs)
    return target, input_names


def _register_elementwise(names: tuple, types: tuple, handler) -> None:
    for api_name in names:
        api = elementwise_api(api_name)
        target, input_names = _elementwise_target(api, handler, len(types))
        _register(api, _Dispatcher(target, dict(zip(input_names, types)), handler))


def dispatch_for_unary_elementwise_apis(x_type):
    """A decorator: `handler(api_func, x)` runs for every unary elementwise API (`tf.abs`,
    `tf.ones_like`, ...) called with an `x` of `x_type`. Mirrors
    `tf.experimental.dispatch_for_unary_elementwise_apis`.

        >>> @tf.experimental.dispatch_for_unary_elementwise_apis(Pair)
        ... def pair_unary(api_func, x):
        ...     return Pair(api_func(x.a), api_func(x.b))
    """
    def decorator(handler):
        _register_elementwise(UNARY_ELEMENTWISE_APIS, (x_type,), handler)
        return handler
    return decorator


def dispatch_for_binary_elementwise_apis(x_type, y_type):
    """A decorator: `handler(api_func, x, y)` runs for every binary elementwise API (`tf.add`,
    `tf.math.less`, ...) called with an `x` of `x_type` and a `y` of `y_type` (either may be a
    `Union`). Mirrors `tf.experimental.dispatch_for_binary_elementwise_apis`."""
    def decorator(handler):
        _register_elementwise(BINARY_ELEMENTWISE_APIS, (x_type, y_type), handler)
        return handler
    return decorator


def unregister_dispatch_for(dispatch_target) -> None:
    """Removes a function registered by any of the decorators above (from every API it was
    registered for). Mirrors `tf.experimental.unregister_dispatch_for`."""
    found = False
    for api in list(_dispatchers):
        found = _unregister(api, dispatch_target) or found
    if not found:
        raise ValueError(f"Function {dispatch_target} was not registered using a "
                         "`@dispatch_for_*` decorator.")
