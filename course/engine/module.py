"""`tf.Module`: a container that finds its own Variables.

A Module is any object whose attributes hold Variables, other Modules, or
lists/tuples/dicts of them. `variables` and `trainable_variables` walk those
attributes (in attribute-name order, as TF does), so a model made of layers
made of variables never has to list them by hand:

    >>> class Dense(tf.Module):
    ...     def __init__(self, n_in, n_out):
    ...         super().__init__()
    ...         self.w = tf.Variable(tf.random.normal([n_in, n_out]), name="w")
    ...         self.b = tf.Variable(tf.zeros([n_out]), name="b")
    ...     def __call__(self, x):
    ...         return tf.matmul(x, self.w) + self.b
    >>> class MLP(tf.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.layers = [Dense(2, 3), Dense(3, 1)]
    >>> len(MLP().trainable_variables)
    4

Keras layers, optimizers and checkpoints build on this walk.
"""
from __future__ import annotations

import re

from . import tracking

__all__ = ["Module"]


def _snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


class Module:
    """Base class for objects that own Variables and sub-Modules. Mirrors `tf.Module`."""

    # Attributes the walk skips (subclasses add e.g. caches that hold variables twice).
    _TF_MODULE_IGNORED_PROPERTIES: frozenset = frozenset()
    # TF keeps a list assigned to a Module as a ListWrapper (a dict as a _DictWrapper);
    # Keras 3 objects keep lists that print as lists, so Keras's base classes say False.
    _WRAP_CONTAINERS: bool = True

    def __init__(self, name: str | None = None):
        if name is None:
            name = _snake_case(type(self).__name__)
        else:
            self._check_name(name)
        self._name = name

    @staticmethod
    def _check_name(name: str) -> None:
        """TF's rule for a module's name (Keras layers have their own: keras/layers.py)."""
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-/]*", name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be valid "
                             "Python identifiers (e.g. a valid class name).")

    def __setattr__(self, name: str, value) -> None:
        # TF: `self.layers = []` is tracked (a ListWrapper, see tracking.py), and a value
        # waiting in a restored checkpoint for this attribute is delivered now.
        if self._WRAP_CONTAINERS:
            value = tracking.wrap(value)
        object.__setattr__(self, name, value)
        if tracking._PENDING:
            tracking.attached(self, name, value)

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self):
        from contextlib import nullcontext
        return nullcontext(self._name)

    @property
    def variables(self) -> tuple:
        """Every Variable owned by this module and its submodules (each once)."""
        return tuple(self._flatten(lambda v: getattr(v, "_is_variable", False)))

    @property
    def trainable_variables(self) -> tuple:
        """The Variables with `trainable=True`: what an optimizer updates."""
        return tuple(self._flatten(lambda v: getattr(v, "_is_variable", False) and v.trainable))

    @property
    def non_trainable_variables(self) -> tuple:
        return tuple(self._flatten(lambda v: getattr(v, "_is_variable", False) and not v.trainable))

    @property
    def submodules(self) -> tuple:
        """Every Module below this one (children first, then their children)."""
        return tuple(self._flatten(lambda v: isinstance(v, Module)))

    def _flatten(self, predicate, with_path: bool = False):
        """Walks attributes depth-first, yielding matching leaves once each.

        With `with_path=True`, yields `(path, leaf)` where path is a tuple of
        attribute names and list indices, e.g. ("layers", 0, "w"): the names a
        checkpoint uses.
        """
        seen = {id(self)}
        yield from _walk(self, (), predicate, seen, with_path)

    @classmethod
    def with_name_scope(cls, method):
        """Decorator kept for API compatibility; name scopes do not exist here."""
        return method

    # (No __repr__ of our own: TF's tf.Module prints as any Python object does,
    # `<__main__.Dense object at 0x7f...>`, and so does ours.)


def _children(obj):
    """(key, child) pairs of a Module's attributes, or a container's items."""
    if isinstance(obj, Module):
        ignored = obj._TF_MODULE_IGNORED_PROPERTIES
        return [(k, v) for k, v in sorted(vars(obj).items()) if k not in ignored and k != "_name"]
    if isinstance(obj, dict):
        return sorted(obj.items(), key=lambda kv: str(kv[0]))
    if isinstance(obj, (list, tuple)):
        return list(enumerate(obj))
    return []


def _walk(obj, path, predicate, seen, with_path):
    for key, child in _children(obj):
        child_path = path + (key,)
        if id(child) in seen:
            continue
        if predicate(child):
            seen.add(id(child))
            yield (child_path, child) if with_path else child
        if isinstance(child, (Module, list, tuple, dict)):
            if isinstance(child, Module):
                seen.add(id(child))
            yield from _walk(child, child_path, predicate, seen, with_path)
