"""Keras objects <-> config dicts: `keras.saving.serialize_keras_object` and its inverse.

    >>> config = tf.keras.saving.serialize_keras_object(tf.keras.regularizers.L1(0.005))
    >>> config
    {'module': 'keras.regularizers', 'class_name': 'L1', 'config': {'l1': 0.004999999888241291}, 'registered_name': None}
    >>> tf.keras.saving.deserialize_keras_object(config)          # a new L1(0.005)

An object with `get_config()` (a layer, model, regularizer, initializer, loss, metric,
optimizer) becomes Keras 3's entry: its public module, class name, config (objects in
it serialized in turn) and, for your own registered classes, the registered name. A
function becomes a "function" entry naming it. Deserializing maps those names back to
the engine's own classes, or to the ones you registered
(`@tf.keras.saving.register_keras_serializable()`) or pass in `custom_objects`: a
config never brings code of its own. `clone_model`, `model_from_json` and
`keras.layers.serialize`/`deserialize` are built on these two functions.
"""
from __future__ import annotations

import json
import types

import numpy as np

from .registration import CustomObjectScope, get_registered_name, get_registered_object

__all__ = ["serialize_keras_object", "deserialize_keras_object", "serialize_layer",
           "deserialize_layer", "clone_model", "model_from_json"]


def _public_module(obj):
    """Keras 3's module for one of the engine's own classes (None for any other class)."""
    from . import (initializers, layers, losses, metrics, optimizers, regularizers)
    name = type(obj).__name__
    if name == "Functional" and name in _model_classes():
        return "keras.src.models.functional"
    for module, table in (("keras", {"Sequential": None}), ("keras.layers", layers.LAYER_CLASSES),
                          ("keras.regularizers", regularizers.CLASSES),
                          ("keras.initializers", initializers._CLASSES),
                          ("keras.losses", losses.CLASSES), ("keras.optimizers", optimizers.CLASSES),
                          ("keras.metrics", _metric_classes(metrics))):
        if name in table and (table[name] is None or table[name] is type(obj)):
            return module
    return None


def _metric_classes(metrics) -> dict:
    return {n: getattr(metrics, n) for n in metrics.__all__ if isinstance(getattr(metrics, n), type)}


def _model_classes() -> dict:
    from .models import Functional, Sequential
    return {"Functional": Functional, "Sequential": Sequential}


def serialize_keras_object(obj):
    """A config dict (or plain value) for `obj`. Mirrors `keras.saving.serialize_keras_object`.

    Plain values, lists and dicts pass through (their items serialized); NumPy scalars become
    Python numbers; objects with `get_config` and functions become Keras 3's entries."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        return type(obj)(serialize_keras_object(x) for x in obj)
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, types.FunctionType):
        return {"module": "builtins", "class_name": "function", "config": get_registered_name(obj),
                "registered_name": "function"}
    if not hasattr(obj, "get_config"):
        raise TypeError(f"Cannot serialize object {obj} of type {type(obj)}. To be serializable, "
                        "a class must implement the `get_config()` method.")
    config = obj.get_config()
    if not isinstance(config, dict):
        raise TypeError(f"The `get_config()` method of {obj} should return a dict. It returned: "
                        f"{config}")
    module = _public_module(obj)
    name = get_registered_name(type(obj))
    own = type(obj).__module__
    return {"module": module if module is not None else None if own == "__main__" else own,
            "class_name": type(obj).__name__, "config": serialize_keras_object(config),
            "registered_name": None if module is not None else name}


def _builtin_class(module, class_name: str):
    """The engine's own class that Keras 3 names `module.class_name` (None if there is none)."""
    from . import initializers, layers, losses, metrics, optimizers, regularizers
    tables = {"keras.layers": layers.LAYER_CLASSES, "keras.regularizers": regularizers.CLASSES,
              "keras.initializers": initializers._CLASSES, "keras.losses": losses.CLASSES,
              "keras.optimizers": optimizers.CLASSES, "keras.metrics": _metric_classes(metrics),
              "keras": _model_classes(), "keras.src.models.functional": _model_classes()}
    if module in tables:
        return tables[module].get(class_name)
    return None


def _not_found(kind: str, name: str, config) -> TypeError:
    return TypeError(f"Could not locate {kind} {name!r}. Make sure custom classes and functions "
                     "are decorated with `@keras.saving.register_keras_serializable()`. If they "
                     "are already decorated, make sure they are all imported so that the "
                     f"decorator is run before trying to load them. Full object config: {config}")


def deserialize_keras_object(config, custom_objects: dict | None = None, safe_mode: bool = True,
                             module_objects: dict | None = None):
    """The object a config describes. Mirrors `keras.saving.deserialize_keras_object`.

    Classes and functions are found by name only: the engine's own (by their Keras module),
    then `custom_objects`, an enclosing `custom_object_scope`, the registry. The class's
    `from_config` makes the object from its config."""
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):  # (a built-in function by name: "relu")
        found = get_registered_object(config, custom_objects, module_objects)
        return found if found is not None else config
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(c, custom_objects, safe_mode) for c in config]
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config}")
    if "class_name" not in config or "config" not in config:
        return {k: deserialize_keras_object(v, custom_objects, safe_mode, module_objects)
                for k, v in config.items()}
    class_name, inner = config["class_name"], config["config"]
    with CustomObjectScope(custom_objects):
        if class_name == "function":
            from . import activations
            fn = get_registered_object(str(inner), custom_objects, module_objects) or \
                activations._BY_NAME.get(inner)
            if fn is None:
                raise _not_found("function", str(inner), config)
            return fn
        cls = _builtin_class(config.get("module"), class_name)
        if cls is None:
            cls = get_registered_object(config.get("registered_name") or class_name,
                                        custom_objects, module_objects) or \
                get_registered_object(class_name, custom_objects, module_objects)
        if not isinstance(cls, type):
            raise _not_found("class", class_name, config)
        if hasattr(cls, "from_config"):
            return cls.from_config(inner)
        return cls(**inner)


def serialize_layer(layer) -> dict:
    """`keras.layers.serialize`: a layer's entry (serialize_keras_object)."""
    return serialize_keras_object(layer)


def deserialize_layer(config: dict, custom_objects: dict | None = None):
    """`keras.layers.deserialize`: the layer a config describes; the engine's layer classes
    are found by their names alone ({"class_name": "Dense", "config": {"units": 3}})."""
    from .layers import LAYER_CLASSES, Layer
    layer = deserialize_keras_object(config, custom_objects, module_objects=LAYER_CLASSES)
    if not isinstance(layer, Layer):
        raise ValueError(f"Could not interpret serialized layer: {config}")
    return layer


def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive: bool = False, **kwargs):
    """A new model of the same architecture, with new (freshly initialized) weights. Mirrors
    `keras.models.clone_model` without its input_tensors/clone_function/call_function."""
    if input_tensors is not None or clone_function is not None or call_function is not None:
        raise NotImplementedError("clone_model(input_tensors=..., clone_function=..., "
                                  "call_function=...) is not part of this engine.")
    return deserialize_keras_object(serialize_keras_object(model))


def model_from_json(json_string: str, custom_objects: dict | None = None):
    """The (new, untrained) model `model.to_json()` describes. Mirrors
    `keras.models.model_from_json`."""
    return deserialize_keras_object(json.loads(json_string), custom_objects)
