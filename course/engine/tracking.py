"""Tracking: how a tf.Module or a Checkpoint finds what it holds, as TensorFlow does.

A list assigned to a `tf.Module` (or a `tf.train.Checkpoint`) is kept as a
`ListWrapper`, a dict as a `_DictWrapper`, a tuple that holds trackable things
as a `_TupleWrapper`: they behave as the list, dict or tuple, print as TF
prints them, and tell a pending checkpoint restore when something is added:

    >>> m = tf.Module()
    >>> m.layers = []
    >>> m.layers
    ListWrapper([])

Trackable objects: Variables, Modules, these wrappers, and engine objects
with a `variables` attribute (Keras layers, optimizers, metrics). Checkpoints
and SavedModels name each variable by the attribute path that leads to it
(`layers/0/w`; a name holding "/" or "." is escaped as TF does: `scoped.Sc`). In a
checkpoint, an object that says itself what it holds (`_checkpoint_children()`:
Keras layers and optimizers, dataset iterators) is walked by that, under the
names TF's object graph gives them (`l1/_kernel`, `optimizer/_variables/2`). As
in TF, the walk is breadth first: an object reached by two paths keeps its
shortest (the first at equal length), and the other is recorded as an alias
(`object_graph`).

Deferred restoration: a restored value whose variable does not exist yet
waits with the nearest existing object on its path (`park`); when that object
gets the missing piece (an attribute set, a list append, `restore_on_create`),
the value is delivered (`attached`).

Differences from TF: a wrapper holds a copy of the list or dict it was given
(TF's wraps the original object, so later changes made through the original
name show through the attribute too).

Read next: module.py (Module wraps its attributes), saving/checkpoint.py.
"""
from __future__ import annotations

import collections
import re
import weakref

__all__ = ["ListWrapper", "wrap", "is_trackable", "children", "attribute_children", "child",
           "object_graph", "alias_paths", "resolve", "park", "deliver", "attached",
           "restore_on_create"]


# -- what counts as trackable --------------------------------------------------------------
def escape(name: str) -> str:
    """One name of a path, as TF writes it: "." becomes "..", "/" becomes ".S", so that "/"
    only separates names (a dict key "scoped/c" is saved as "scoped.Sc")."""
    return name.replace(".", "..").replace("/", ".S")


_ESCAPED = re.compile(r"\.([.S])")
ATTRIBUTES = ".ATTRIBUTES"  # an object's own saved values (TF: an iterator's ITERATOR_STATE)


def _escape_child(name: str) -> str:
    # The marker stays as it is: escaped names never start with a single "."
    return name if name == ATTRIBUTES else escape(name)


def unescape(part: str) -> str:
    """The name that `escape` wrote as `part`."""
    return _ESCAPED.sub(lambda m: "." if m.group(1) == "." else "/", part)


def _is_variable(obj) -> bool:
    return getattr(type(obj), "_is_variable", False) is True


def is_trackable(obj) -> bool:
    """Modules, the wrappers below, and engine objects that own variables (Keras layers, ...)."""
    from .module import Module
    if isinstance(obj, (Module, ListWrapper, _DictWrapper, _TupleWrapper)) or \
            hasattr(obj, "_checkpoint_children"):   # tf.train.Checkpoint
        return True
    return (type(obj).__module__.startswith("course.engine") and hasattr(obj, "__dict__")
            and hasattr(type(obj), "variables") and not isinstance(obj, type))


def children(obj, checkpoint: bool = False) -> list:
    """(name, child) pairs of an object's attributes or a container's items, in walk order.

    `checkpoint=True`: what a tf.train.Checkpoint saves, where a Keras layer or optimizer
    names its own children (`_checkpoint_children`); a SavedModel walks their attributes.
    """
    from .module import Module, _children
    if hasattr(obj, "_checkpoint_children") and not isinstance(obj, type) and (
            checkpoint or not isinstance(obj, Module)):
        return obj._checkpoint_children()
    if isinstance(obj, (Module, dict, list, tuple)):
        return _children(obj)
    if is_trackable(obj):
        return [(k, v) for k, v in sorted(vars(obj).items()) if not k.startswith("__")]
    return []


def attribute_children(obj) -> list:
    """(name, value) of the attributes holding a variable, a trackable object or a tuple of
    them, in assignment order: a Keras layer's children in TF's object graph. Not lists and
    dicts (Keras 3 keeps them in its own containers, which TF's checkpoint does not see)."""
    found = []
    for key, value in vars(obj).items():
        if isinstance(value, tuple):   # (TF wraps a tuple of trackables, not a list)
            if _should_wrap_tuple(value):
                found.append((key, value))
        elif not isinstance(value, (list, dict)) and (_is_variable(value) or is_trackable(value)):
            found.append((key, value))
    return found


def child(obj, part: str):
    """The child called `part` ("0" indexes a list; escaped as in paths), or None."""
    part = unescape(part)
    if isinstance(obj, (list, tuple)):
        return obj[int(part)] if part.isdigit() and int(part) < len(obj) else None
    if isinstance(obj, dict):
        return obj.get(part, obj.get(int(part)) if part.isdigit() else None)
    if hasattr(obj, "_checkpoint_children") and not isinstance(obj, type):
        return dict(obj._checkpoint_children()).get(part)
    return vars(obj).get(part) if is_trackable(obj) else None


def _descends(obj) -> bool:
    return isinstance(obj, (dict, list, tuple)) or is_trackable(obj)


def object_graph(roots: dict, root=None, max_aliases: int = 10_000,
                 checkpoint: bool = False) -> tuple:
    """({key: Variable}, {alias path: first path}) for the objects under `roots`.

    Walks breadth first, as TF's object graph does: keys are object paths
    ("model/layers/0/w"), each object's the shortest path to it (of two as
    short, the first met, in attribute order); a Variable or object met again
    under another path keeps its key and the new path becomes an alias.
    References back to `root` (the object whose children `roots` are) are skipped;
    `checkpoint` as in `children`.
    """
    variables: dict = {}
    aliases: dict = {}
    first: dict = {}   # id(object) -> its first path
    kept: list = []    # (containers made by _checkpoint_children live on, so ids stay unique)
    todo = collections.deque((roots[name], escape(name)) for name in sorted(roots))
    while todo:
        obj, path = todo.popleft()
        if obj is root:
            continue
        if id(obj) in first:
            if len(aliases) < max_aliases:
                aliases[path] = first[id(obj)]
            continue
        kept.append(obj)
        if _is_variable(obj):
            first[id(obj)] = path
            variables[path] = obj
        elif _descends(obj):
            first[id(obj)] = path
            for key, value in children(obj, checkpoint):
                if _is_variable(value) or _descends(value):
                    todo.append((value, path + "/" + _escape_child(str(key))))
    return variables, aliases


def alias_paths(path: str, aliases: dict, limit: int = 64) -> list:
    """Every path that leads to the object at `path` (itself first), through `aliases`."""
    by_target: dict = {}
    for alias, target in aliases.items():
        by_target.setdefault(target, []).append(alias)
    found, todo = [path], [path]
    while todo and len(found) < limit:
        parts = todo.pop().split("/")
        for i in range(1, len(parts) + 1):
            rest = "/".join(parts[i:])
            for alias in by_target.get("/".join(parts[:i]), ()):
                other = alias + "/" + rest if rest else alias
                if other not in found:
                    found.append(other)
                    todo.append(other)
    return found[:limit]


def resolve(path: str, aliases: dict, limit: int = 32) -> str:
    """The first path of the object at `path`: aliased prefixes replaced by their targets."""
    for _ in range(limit):
        parts = path.split("/")
        for i in range(len(parts), 0, -1):
            prefix = "/".join(parts[:i])
            if prefix in aliases:
                rest = "/".join(parts[i:])
                path = aliases[prefix] + ("/" + rest if rest else "")
                break
        else:
            return path
    return path


# -- the wrappers --------------------------------------------------------------------------
def wrap(value):
    """What a Module keeps for an assigned value: TF's `wrap_or_unwrap` rule."""
    if type(value) is list:
        return ListWrapper(value)
    if type(value) is dict:
        return _DictWrapper(value)
    if type(value) is tuple and _should_wrap_tuple(value):
        return _TupleWrapper(value)
    return value


def _should_wrap_tuple(t: tuple) -> bool:
    return any(_is_variable(x) or is_trackable(x) or type(x) in (list, dict) or
               (type(x) is tuple and _should_wrap_tuple(x)) for x in t)


class ListWrapper(list):
    """A list held by a Module: a list, printed `ListWrapper([...])`. Mirrors TF's ListWrapper."""

    def __init__(self, items=()):
        super().__init__(wrap(x) for x in items)

    def __repr__(self) -> str:
        return f"ListWrapper({list.__repr__(self)})"

    __str__ = __repr__

    def _added(self, start: int) -> None:
        for i in range(start, len(self)):
            attached(self, str(i), self[i])

    def append(self, value) -> None:
        super().append(wrap(value))
        self._added(len(self) - 1)

    def extend(self, values) -> None:
        start = len(self)
        super().extend(wrap(x) for x in values)
        self._added(start)

    def __iadd__(self, values):
        self.extend(values)
        return self

    def insert(self, index, value) -> None:
        super().insert(index, wrap(value))
        self._added(0)

    def __setitem__(self, index, value) -> None:
        if isinstance(index, slice):
            super().__setitem__(index, [wrap(x) for x in value])
            self._added(0)
        else:
            super().__setitem__(index, wrap(value))
            self._added(index % len(self))

    def __copy__(self):
        return ListWrapper(self)


class _DictWrapper(dict):
    """A dict held by a Module: printed `DictWrapper({...})` by repr, as a dict by str (TF's)."""

    def __init__(self, items=(), **kwargs):
        super().__init__()
        self.update(items, **kwargs)

    def __repr__(self) -> str:
        return f"DictWrapper({dict.__repr__(self)})"

    def __str__(self) -> str:
        return dict.__repr__(self)

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, wrap(value))
        attached(self, str(key), self[key])

    def update(self, items=(), **kwargs) -> None:
        for key, value in dict(items, **kwargs).items():
            self[key] = value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def __copy__(self):
        return _DictWrapper(self)


class _TupleWrapper(tuple):
    """A tuple holding trackable things, printed `_TupleWrapper((...))` as TF prints it."""

    def __new__(cls, items=()):
        return super().__new__(cls, (wrap(x) for x in items))

    def __repr__(self) -> str:
        return f"_TupleWrapper({tuple.__repr__(self)})"

    __str__ = __repr__


# -- deferred restoration ------------------------------------------------------------------
# id(owner) -> (weak reference to owner, {relative path: [pending values]}). A pending value
# has `deliver(variable)`; see saving/checkpoint.py.
_PENDING: dict = {}


def park(owner, path: str, pending) -> None:
    """Keeps `pending` with `owner` until something appears at `path` under it."""
    entry = _PENDING.get(id(owner))
    if entry is None or entry[0]() is not owner:
        entry = (weakref.ref(owner), {})
        _PENDING[id(owner)] = entry
        weakref.finalize(owner, _PENDING.pop, id(owner), None)
    entry[1].setdefault(path, []).append(pending)


def deliver(obj, parts: list, pending, existing: bool = True) -> bool:
    """Walks `parts` from `obj`: gives the value to the variable there, or parks it with the
    deepest object on the way that can be told later (False if neither is possible).

    `existing=False` leaves a variable that is already there alone (restore matched those).
    """
    owner, rest = None, parts
    for i in range(len(parts) + 1):
        if _is_variable(obj):
            if i == len(parts) and existing:
                pending.deliver(obj)
                return True
            return False  # a variable has no children
        if not _descends(obj):
            return False
        if _weakrefable(obj):
            owner, rest = obj, parts[i:]
        if i == len(parts):
            return False  # the path ends at an object, not a variable
        nxt = child(obj, parts[i])
        if nxt is None:
            break
        obj = nxt
    if owner is None:
        return False
    park(owner, "/".join(rest), pending)
    return True


def _weakrefable(obj) -> bool:
    try:
        weakref.ref(obj)
    except TypeError:
        return False
    return True


def attached(owner, key: str, value) -> None:
    """Called when `owner` gets `value` under `key`: delivers values that waited for it."""
    entry = _PENDING.get(id(owner))
    if entry is None or entry[0]() is not owner:
        return
    waiting = entry[1]
    key = escape(key)  # (the waiting paths are escaped)
    for path in [p for p in waiting if p == key or p.startswith(key + "/")]:
        rest = path[len(key) + 1:]
        for pending in waiting.pop(path):
            deliver(value, rest.split("/") if rest else [], pending)


def restore_on_create(owner, path, variable):
    """Gives a newly created variable its value from an earlier `restore`, if there is one.

    Call it from objects that create variables lazily and keep them where a
    plain attribute assignment does not see them (an optimizer's slot list):

    >>> return restore_on_create(self, ("_variables", len(self._variables) - 1), slot)

    `owner` is the nearest trackable object holding the variable, `path` the
    attribute path from it ("a/0/b" or ("a", 0, "b")). Returns `variable`,
    assigned the restored value if the restored checkpoint had one there.
    """
    key = path if isinstance(path, str) else "/".join(str(p) for p in path)
    entry = _PENDING.get(id(owner))
    if entry is not None and entry[0]() is owner:
        for pending in entry[1].pop(key, []):
            pending.deliver(variable)
    return variable
