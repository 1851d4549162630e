"""`tf.experimental.ExtensionType`: your own immutable type made of tensors and Python values.

    >>> class MaskedTensor(tf.experimental.ExtensionType):
    ...     values: tf.Tensor
    ...     mask: tf.Tensor
    >>> mt = MaskedTensor(values=[1, 2, 3], mask=[True, False, True])
    >>> mt.values                                   # converted to the declared type
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([1, 2, 3], dtype=int32)>

The class annotations are the fields. A subclass gets (as TF's does):
- a constructor taking the fields in order (positionally or by name, with the
  class-level defaults), which converts each value to its declared type or
  raises TypeError naming the field; a constructor of your own sets the fields
  and they are converted after it returns;
- `__validate__`, if defined, run after the conversion;
- immutability: a field cannot be set or deleted after construction;
- `__repr__` listing the fields, and `==` that compares the types, then every
  tensor element by element (a bool tensor);
- a nested `Spec` class, its TypeSpec (`tf.type_spec_from_value(mt)`), whose
  fields are the values' specs: tensors become TensorSpecs, Python values stay.

The spec is how a value enters a `tf.function` (function.py's TypeSpec
protocol, as RaggedTensorSpec): each tensor of the value is one graph input,
the function is traced once per spec (a new dtype, shape, mapping key or
Python value traces again), and a returned value leaves as its tensors.

A nested `class Spec:` of your own (a constructor setting the fields' specs,
properties, a `__repr__`) is mixed into the generated one. Supported
annotations: `tf.Tensor`, `tf.TensorShape`, `tf.DType`, `str`, `bool`, `int`,
`float`, `None`, another ExtensionType, `Tuple[X, ...]` and `Tuple[X, Y]`,
`Mapping[K, V]` (an `ImmutableDict`), `Optional[X]` and `Union[X, Y]`.

A `BatchableExtensionType` can also be batched: its spec's `_batch(n)` and
`_unbatch()` add or remove a first dimension on every TensorSpec (and
TensorShape) field, which is how tf.data slices, batches and unbatches such
values (data/structure.py) and how `tf.map_fn` maps over one. The dispatch
decorators that let TF APIs accept ExtensionTypes are in dispatch.py. A
SavedModel records a spec by the class's registered name (`__name__` in the
class body, else module and qualified name: saving/extension_json.py).
"""
from __future__ import annotations

import collections.abc
import inspect
import typing

from . import dtypes
from .function import TensorSpec, TypeSpec
from .ops import array_ops, math_ops, reduce_ops
from .tensor import Tensor, TensorShape, convert_to_tensor

__all__ = ["BatchableExtensionType", "ExtensionType", "ExtensionTypeSpec", "ImmutableDict",
           "type_spec_from_value"]


class ImmutableDict(collections.abc.Mapping):
    """A read-only dict: what a `Mapping[...]` field holds. Mirrors TF's ImmutableDict."""

    def __init__(self, *args, **kwargs):
        self._dict = dict(*args, **kwargs)

    def __getitem__(self, key):
        return self._dict[key]

    def __iter__(self):
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)

    def __repr__(self) -> str:
        return f"ImmutableDict({self._dict!r})"


# -- converting a field's value to its declared type -------------------------------------------
def _annotation_text(annotation) -> str:
    """As TF's messages show an annotation: 'list' for a class, the text of a string, else repr."""
    return repr(annotation.__name__) if isinstance(annotation, type) else repr(annotation)


def _check_annotation(annotation, name: str) -> None:
    """TypeError now for an annotation no value could have (TF refuses the class). A string
    annotation (`from __future__ import annotations`) is never resolved, as in TF: a value
    for that field is refused when one is given."""
    if isinstance(annotation, str):
        return
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (tuple, collections.abc.Mapping, typing.Union):
        for arg in args:
            if arg is not Ellipsis:
                _check_annotation(arg, name)
        return
    if annotation in (Tensor, TensorShape, dtypes.DType, str, bool, int, float, None,
                      type(None)) or isinstance(annotation, type) and \
            issubclass(annotation, ExtensionType):
        return
    raise TypeError(f"In field {name!r}: Unsupported type annotation "
                    f"{_annotation_text(annotation)}")


def _convert(value, annotation, path: str):
    """`value` as the field's declared type (TF's checks and messages), or TypeError."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is Tensor:
        if isinstance(value, Tensor):
            return value
        try:
            return convert_to_tensor(value)
        except (TypeError, ValueError):
            raise TypeError(f"{path}: expected a Tensor, got {type(value).__name__!r}") from None
    if annotation is TensorShape:
        return TensorShape(value)
    if annotation is dtypes.DType:
        return dtypes.as_dtype(value)
    if annotation is None or annotation is type(None):
        if value is not None:
            raise TypeError(f"{path}: expected None, got {type(value).__name__!r}")
        return value
    if annotation in (str, bool, int, float) or \
            isinstance(annotation, type) and issubclass(annotation, ExtensionType):
        if not isinstance(value, annotation) or annotation is float and isinstance(value, bool):
            raise TypeError(f"{path}: expected {annotation.__name__!r}, got "
                            f"{type(value).__name__!r}")
        return value
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"{path}: expected 'tuple', got {type(value).__name__!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(v, args[0], f"{path}[{i}]") for i, v in enumerate(value))
        if len(value) != len(args):
            raise TypeError(f"{path}: expected a tuple of length {len(args)}, got {len(value)}")
        return tuple(_convert(v, a, f"{path}[{i}]") for i, (v, a) in enumerate(zip(value, args)))
    if origin is collections.abc.Mapping:
        if not isinstance(value, collections.abc.Mapping):
            raise TypeError(f"{path}: expected 'Mapping', got {type(value).__name__!r}")
        return ImmutableDict((_convert(k, args[0], f"{path}[<key>]"),
                              _convert(v, args[1], f"{path}[{k!r}]")) for k, v in value.items())
    if origin is typing.Union:
        for option in args:
            try:
                return _convert(value, option, path)
            except TypeError:
                continue
        raise TypeError(f"{path}: expected {annotation!r}, got {type(value).__name__!r}")
    raise TypeError(f"{path}: Unsupported type annotation {_annotation_text(annotation)}")


def _fields(cls) -> dict:
    """{name: (annotation, default or _NO_DEFAULT)}, base classes' fields first (TF's order)."""
    found: dict = {}
    for klass in reversed(cls.__mro__):
        if klass is ExtensionType or not issubclass(klass, ExtensionType):
            continue
        for name, annotation in klass.__dict__.get("__annotations__", {}).items():
            _check_annotation(annotation, name)
            found[name] = (annotation, klass.__dict__.get(name, _NO_DEFAULT))
    return found


_NO_DEFAULT = inspect.Parameter.empty

REGISTERED: dict = {}   # {name: ExtensionType subclass}: how a loaded SavedModel finds the class


def registered_name(cls) -> str:
    """The name `cls` is registered (and saved) under."""
    given = cls.__dict__.get("__name__")
    return given if isinstance(given, str) else f"{cls.__module__}.{cls.__qualname__}"


class ExtensionType:
    """The base of a user-defined type made of tensors. Mirrors `tf.experimental.ExtensionType`."""

    _tf_fields: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # (the name a SavedModel records: a `__name__` set in the class body, as TF asks)
        REGISTERED[registered_name(cls)] = cls
        own_spec = cls.__dict__.get("Spec")  # (a Spec class of your own adds its methods)
        cls._tf_fields = fields = _fields(cls)
        for name, (annotation, default) in fields.items():
            if default is not _NO_DEFAULT:  # (checked now, as TF does: a bad default fails here)
                _convert(default, annotation, f"default value for {name}")
        bases = (ExtensionTypeSpec,) if own_spec is None else (own_spec, ExtensionTypeSpec)
        cls.Spec = type("Spec", bases, {"value_type": cls, "__module__": cls.__module__,
                                        "__qualname__": f"{cls.__qualname__}.Spec"})
        own_init = cls.__dict__.get("__init__")
        cls.__init__ = _custom_init(own_init) if own_init is not None else _default_init(cls)

    # -- immutability: fields are set only while the constructor runs --------------------------
    def __setattr__(self, name: str, value) -> None:
        if not self.__dict__.get("_tf_constructing", False):
            raise AttributeError(f"Cannot mutate attribute `{name}` outside the custom "
                                 "constructor of ExtensionType.")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if not self.__dict__.get("_tf_constructing", False):
            raise AttributeError(f"Cannot mutate attribute `{name}` outside the custom "
                                 "constructor of ExtensionType.")
        object.__delattr__(self, name)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._tf_fields)
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other):
        """False for another type or spec; else whether every tensor is equal (a bool tensor)."""
        if type(other) is not type(self) or _spec_of(self) != _spec_of(other):
            return False
        conditions = []
        for a, b in zip(_tensors(self), _tensors(other)):
            conditions.append(reduce_ops.reduce_all(math_ops.equal(
                array_ops.shape(a), array_ops.shape(b))))
            conditions.append(reduce_ops.reduce_all(math_ops.equal(a, b)))
        return reduce_ops.reduce_all(array_ops.stack(conditions)) if conditions else True

    def __ne__(self, other):
        equal = self.__eq__(other)
        return math_ops.logical_not(equal) if isinstance(equal, Tensor) else not equal

    __hash__ = None  # (made of tensors, which are not hashable either)

    def __tf_tracing_type__(self, context) -> "ExtensionTypeSpec":
        return _spec_of(self)


def _finish(self) -> None:
    """After a constructor: convert every field (all must be set), then `__validate__`."""
    fields = type(self)._tf_fields
    missing = {name for name in fields if name not in self.__dict__}
    if missing:
        raise ValueError(f"Missing required fields: {missing}")
    for name, (annotation, _) in fields.items():
        object.__setattr__(self, name, _convert(self.__dict__[name], annotation, name))
    self.__dict__["_tf_constructing"] = False
    validate = getattr(self, "__validate__", None)
    if validate is not None:
        validate()


def _default_init(cls):
    parameters = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                    default=default)
                  for name, (_, default) in cls._tf_fields.items()]
    signature = inspect.Signature([inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)]
                                  + parameters)

    def __init__(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)  # (TypeError: missing or unexpected ones)
        bound.apply_defaults()
        self.__dict__["_tf_constructing"] = True
        for name in cls._tf_fields:
            self.__dict__[name] = bound.arguments[name]
        _finish(self)
    __init__.__signature__ = signature
    return __init__


def _custom_init(init):
    def __init__(self, *args, **kwargs):
        self.__dict__["_tf_constructing"] = True
        init(self, *args, **kwargs)
        _finish(self)
    __init__.__wrapped__ = init
    return __init__


def _rebuilt(cls, values: dict):
    """A value of `cls` with these (already converted) fields, without its constructor: what a
    traced function hands its body and returns (TF rebuilds from components the same way)."""
    value = object.__new__(cls)
    value.__dict__.update(values, _tf_constructing=False)
    return value


# -- the spec: the type of a value, and how it crosses a tf.function's boundary ----------------
def _spec_part(x):
    if isinstance(x, Tensor):
        return TensorSpec(x.shape, x.dtype)
    if isinstance(x, ExtensionType):
        return _spec_of(x)
    if isinstance(x, ImmutableDict):
        return ImmutableDict((k, _spec_part(v)) for k, v in x.items())
    if isinstance(x, tuple):
        return tuple(_spec_part(v) for v in x)
    return x


def _spec_of(value: ExtensionType) -> "ExtensionTypeSpec":
    spec = object.__new__(type(value).Spec)  # (not its constructor: a custom Spec has its own)
    for name in type(value)._tf_fields:
        setattr(spec, name, _spec_part(getattr(value, name)))
    return spec


def _parts(x) -> list:
    """The tensors (or tensor specs) in a field's value, in TF's order (mapping keys sorted)."""
    if isinstance(x, (Tensor, TensorSpec)):
        return [x]
    if isinstance(x, ExtensionType):
        return _tensors(x)
    if isinstance(x, ExtensionTypeSpec):
        return [t for name in x._fields for t in _parts(x._fields[name])]
    if isinstance(x, collections.abc.Mapping):
        return [t for k in sorted(x) for t in _parts(x[k])]
    if isinstance(x, tuple):
        return [t for v in x for t in _parts(v)]
    return []


def _tensors(value: ExtensionType) -> list:
    return [t for name in type(value)._tf_fields for t in _parts(getattr(value, name))]


def _filled(spec_part, tensors):
    """A field's value rebuilt from its spec with the next tensors of `tensors` (an iterator)."""
    if isinstance(spec_part, TensorSpec):
        return next(tensors)
    if isinstance(spec_part, ExtensionTypeSpec):
        return _rebuilt(spec_part.value_type, {n: _filled(s, tensors)
                                               for n, s in spec_part._fields.items()})
    if isinstance(spec_part, collections.abc.Mapping):
        done = {k: _filled(spec_part[k], tensors) for k in sorted(spec_part)}
        return ImmutableDict((k, done[k]) for k in spec_part)
    if isinstance(spec_part, tuple):
        return tuple(_filled(s, tensors) for s in spec_part)
    return spec_part


class ExtensionTypeSpec(TypeSpec):
    """The type of an ExtensionType value: its fields' specs. `MaskedTensor.Spec(values=
    tf.TensorSpec([3], tf.int32), mask=tf.TensorSpec([3], tf.bool))`."""

    value_type = ExtensionType

    def __init__(self, *args, **kwargs):
        names = list(self.value_type._tf_fields)
        if len(args) > len(names):
            raise TypeError("too many positional arguments")
        fields = dict(zip(names, args))
        for name, value in kwargs.items():
            if name not in names:
                raise TypeError(f"got an unexpected keyword argument {name!r}")
            if name in fields:
                raise TypeError(f"multiple values for argument {name!r}")
            fields[name] = value
        for name in names:
            if name in fields:
                setattr(self, name, fields[name])

    def __setattr__(self, name: str, value) -> None:
        """A field's spec is kept apart (a custom Spec's constructor sets them as attributes:
        `self.values = tf.TensorSpec(shape, dtype)`)."""
        if name in self.value_type._tf_fields:
            self.__dict__.setdefault("_specs", {})[name] = value
        else:
            object.__setattr__(self, name, value)

    @property
    def _fields(self) -> dict:
        """{field: its spec}, in the fields' order."""
        specs = self.__dict__.get("_specs", {})
        return {name: specs[name] for name in self.value_type._tf_fields if name in specs}

    def __getattr__(self, name: str):
        specs = self.__dict__.get("_specs", {})
        if name in specs:
            value = specs[name]
            return ImmutableDict(value) if isinstance(value, dict) else value
        raise AttributeError(f"{type(self).__qualname__!r} object has no attribute {name!r}")

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={dict(v) if isinstance(v, ImmutableDict) else v!r}"
                           for name, v in self._fields.items())
        return f"{type(self).__qualname__}({fields})"

    def _key(self):
        def key(x):
            if isinstance(x, TensorSpec):
                return ("T", x.dtype.name, x.shape._dims)
            if isinstance(x, collections.abc.Mapping):
                return ("M", tuple((k, key(x[k])) for k in sorted(x)))
            if isinstance(x, tuple):
                return ("tuple", tuple(key(v) for v in x))
            if isinstance(x, ExtensionTypeSpec):
                return x._key()
            return (type(x).__name__, repr(x))
        return (self.value_type, tuple((n, key(v)) for n, v in self._fields.items()))

    def __eq__(self, other) -> bool:
        return isinstance(other, ExtensionTypeSpec) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    # -- function.py's TypeSpec protocol ----------------------------------------------------
    def __tf_tracing_type__(self, context) -> "ExtensionTypeSpec":
        return self

    def is_subtype_of(self, other) -> bool:
        """Whether a trace for `other` serves values of this spec: the same type and fields, each
        TensorSpec of `other` as general as this one's (None dimensions), Python values equal."""
        def fits(mine, theirs) -> bool:
            if isinstance(mine, TensorSpec) and isinstance(theirs, TensorSpec):
                return mine.dtype == theirs.dtype and theirs.shape.is_compatible_with(mine.shape) \
                    and (theirs.shape.rank is None or mine.shape.rank is not None and all(
                        t is None or t == m for t, m in zip(theirs.shape, mine.shape)))
            if isinstance(mine, ExtensionTypeSpec):
                return mine.is_subtype_of(theirs)
            if isinstance(mine, collections.abc.Mapping) and \
                    isinstance(theirs, collections.abc.Mapping):
                return set(mine) == set(theirs) and all(fits(mine[k], theirs[k]) for k in mine)
            if isinstance(mine, tuple) and isinstance(theirs, tuple):
                return len(mine) == len(theirs) and all(map(fits, mine, theirs))
            return type(mine) is type(theirs) and mine == theirs
        return isinstance(other, ExtensionTypeSpec) and other.value_type is self.value_type and \
            list(self._fields) == list(other._fields) and \
            all(fits(self._fields[n], other._fields[n]) for n in self._fields)

    def _component_specs(self) -> list:
        return _parts(self)

    def placeholder_value(self, placeholder_context=None):
        """While tracing: a value whose tensors are the graph's new inputs (`name`, `name_1`...)."""
        graph, name = placeholder_context.graph, placeholder_context.naming_scope or "value"
        inputs = []
        for i, spec in enumerate(_parts(self)):
            p = graph.placeholder(spec.dtype, spec.shape, name=name if i == 0 else f"{name}_{i}")
            graph.inputs.append(p)
            inputs.append(p)
        return self.from_components(inputs)

    def to_tensors(self, value) -> list:
        return _tensors(value)

    def from_components(self, parts: list):
        return _filled(self, iter(parts))

    # -- batching (BatchableExtensionType only) ------------------------------------------------
    def _batch(self, batch_size) -> "ExtensionTypeSpec":
        """The spec of a batch of `batch_size` (None: unknown) values of this spec."""
        return self._with_fields(lambda shape: TensorShape([batch_size]).concatenate(shape))

    def _unbatch(self) -> "ExtensionTypeSpec":
        """The spec of one value of a batch of this spec (the first dimension gone)."""
        def row(shape: TensorShape) -> TensorShape:
            if shape.rank == 0:
                raise ValueError(f"Unbatching a {self.value_type.__name__} needs every tensor "
                                 "to have a first (batch) dimension; one is a scalar.")
            return shape if shape.rank is None else shape[1:]
        return self._with_fields(row)

    def _with_fields(self, reshape) -> "ExtensionTypeSpec":
        if not issubclass(self.value_type, BatchableExtensionType):
            raise ValueError(f"{self.value_type.__name__} is not batchable: derive it from "
                             "tf.experimental.BatchableExtensionType to batch or unbatch it.")

        def part(x):
            if isinstance(x, TensorSpec):
                return TensorSpec(reshape(x.shape), x.dtype)
            if isinstance(x, TensorShape):
                return reshape(x)
            if isinstance(x, ExtensionTypeSpec):
                return x._with_fields(reshape)
            if isinstance(x, collections.abc.Mapping):
                return ImmutableDict((k, part(v)) for k, v in x.items())
            if isinstance(x, tuple):
                return tuple(part(v) for v in x)
            return x
        spec = object.__new__(type(self))
        for name, value in self._fields.items():
            setattr(spec, name, part(value))
        return spec


class BatchableExtensionType(ExtensionType):
    """An ExtensionType whose values can be batched: tf.data's `from_tensor_slices`, `batch`
    and `unbatch`, and `tf.map_fn`, work on them. Mirrors `tf.experimental.
    BatchableExtensionType`: every tensor gets a first (batch) dimension, and so does every
    `tf.TensorShape` field.

        >>> class Pair(tf.experimental.BatchableExtensionType):
        ...     a: tf.Tensor
        ...     b: tf.Tensor
        >>> [p.a.numpy() for p in tf.data.Dataset.from_tensor_slices(Pair([1, 2], [3, 4]))]
        [np.int32(1), np.int32(2)]
    """


# -- batches of BatchableExtensionType values (tf.data and tf.map_fn use these) -----------------
def stack_values(values: list) -> ExtensionType:
    """One batch of these values (of one spec): each tensor stacked along a new first axis."""
    spec = _spec_of(values[0])._batch(len(values))
    columns = zip(*(_tensors(v) for v in values))
    return spec.from_components([array_ops.stack(list(column)) for column in columns])


def batch_size_of(value: ExtensionType) -> int:
    """How many values a batch holds: its tensors' first dimension."""
    tensors = _tensors(value)
    if not tensors or tensors[0].shape.rank == 0:
        raise ValueError(f"{type(value).__name__} has no tensor with a batch dimension")
    return int(array_ops.shape(tensors[0])[0])


def value_row(value: ExtensionType, index: int) -> ExtensionType:
    """Value `index` of a batch: row `index` of each of its tensors."""
    spec = _spec_of(value)._unbatch()
    return spec.from_components([t[index] for t in _tensors(value)])


def type_spec_from_value(value):
    """The TypeSpec of a value: a TensorSpec for a tensor, an ExtensionType's `Spec`, a
    RaggedTensor's spec. Mirrors `tf.type_spec_from_value`."""
    if isinstance(value, Tensor):
        return TensorSpec(value.shape, value.dtype)
    if isinstance(value, ExtensionType):
        return _spec_of(value)
    tracing_type = getattr(type(value), "__tf_tracing_type__", None)
    if tracing_type is not None:
        return tracing_type(value, None)
    try:  # (a Python or NumPy value: the spec of the tensor it converts to)
        return type_spec_from_value(convert_to_tensor(value))
    except (TypeError, ValueError):
        raise TypeError(f"Could not build a TypeSpec for {value!r} of unsupported type "
                        f"{type(value)}.") from None
