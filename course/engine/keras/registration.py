"""`tf.keras.utils.register_keras_serializable`: naming your classes for `load_model`.

    >>> @tf.keras.utils.register_keras_serializable()      # registered as "Custom>MyModel"
    ... class MyModel(tf.keras.Model):
    ...     ...

A saved subclassed model names its class; `load_model` finds the class in
`custom_objects`, else in this registry. The file only ever names a class: the
class itself (the code) comes from your program, never from the file.
"""
from __future__ import annotations

__all__ = ["register_keras_serializable", "get_registered_object", "get_registered_name",
           "get_custom_objects", "custom_object_scope", "CustomObjectScope"]

_REGISTERED: dict = {}  # "package>Name" -> class or function
_NAMES: dict = {}       # id(object) -> "package>Name"
_SCOPES: list = []      # the dicts of the custom_object_scope()s entered, innermost last


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Registers a class (or function) under "package>name". Mirrors Keras 3's decorator."""
    if ">" in package:
        raise ValueError(f"Invalid package {package!r}: it may not contain the '>' character.")

    def decorator(arg):
        registered = f"{package}>{name or arg.__name__}"
        if registered in _REGISTERED and _REGISTERED[registered] is not arg:
            raise ValueError(f"{registered} has already been registered to "
                             f"{_REGISTERED[registered]}")
        _REGISTERED[registered] = arg
        _NAMES[id(arg)] = registered
        return arg
    return decorator


def get_registered_name(obj) -> str:
    """"package>Name" for a registered object, else its plain name."""
    name = _NAMES.get(id(obj))
    if name is not None and _REGISTERED.get(name) is obj:  # (ids of forgotten objects recur)
        return name
    return getattr(obj, "__name__", type(obj).__name__)


def get_registered_object(name: str, custom_objects=None, module_objects=None):
    """The object registered (or passed in `custom_objects`, or in an enclosing
    `custom_object_scope`) under `name`, or None."""
    for table in (custom_objects or {}, *reversed(_SCOPES), _REGISTERED, module_objects or {}):
        if name in table:
            return table[name]
    return None


def get_custom_objects() -> dict:
    """The registry itself, {"package>Name": object}. Mirrors `keras.saving.get_custom_objects`
    (`.clear()` forgets every registration, as in Keras 3)."""
    return _REGISTERED


class CustomObjectScope:
    """`with custom_object_scope({"custom_fn": custom_fn}):` - the names given are found while
    loading, as if passed in `custom_objects`. Mirrors `keras.saving.custom_object_scope`.

    >>> with tf.keras.saving.custom_object_scope({"CustomLayer": CustomLayer}):
    ...     model = tf.keras.models.load_model("custom_model.keras")
    """

    def __init__(self, custom_objects: dict | None = None):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self) -> "CustomObjectScope":
        _SCOPES.append(self.custom_objects)
        return self

    def __exit__(self, *exc) -> None:
        _SCOPES.remove(self.custom_objects)


custom_object_scope = CustomObjectScope
