"""Clear errors for the parts of TensorFlow that this engine does not have.

Each public namespace module ends with

    def __getattr__(name):   # Python calls it only for names the module lacks
        return unsupported.missing("nn", __name__, name)

so that a name TensorFlow 2.21 has but the engine does not raises an error
that names the feature, instead of an AttributeError from deep inside:

    >>> tf.image.resize
    NotImplementedError: tf.image is not part of this engine (see docs/engine-api.md)

A name TensorFlow does not have either is a plain typo, and gets TF's own
AttributeError. The list of TF's names is `api/tf221_names.json` (written by
tools/tf_names.py). The error class is a NotImplementedError that is also an
AttributeError, so `hasattr(tf, "image")` stays False, as Python code expects.
"""
from __future__ import annotations

import builtins
import functools
import json
import pathlib

__all__ = ["NotImplementedError", "missing", "tf_names"]


class NotImplementedError(builtins.NotImplementedError, AttributeError):  # noqa: A001
    """A TensorFlow feature this engine does not implement (catch it as NotImplementedError)."""


@functools.cache
def tf_names() -> dict:
    """{"nn": [...], "keras.layers": [...], ...}: the public names of TF 2.21's namespaces."""
    path = pathlib.Path(__file__).parent / "api" / "tf221_names.json"
    return {key: frozenset(names) for key, names in json.loads(path.read_text()).items()}


def missing(namespace: str, module_name: str, name: str):
    """Raises the right error for `tf.<namespace>.<name>`, which the engine lacks.

    `namespace` is the key in tf221_names.json ("tf" for the top level, "nn",
    "keras.layers", ...).
    """
    if name.startswith("_"):  # Python's own probes (__path__, __wrapped__, _repr_html_, ...)
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
    public = "tf" if namespace == "tf" else f"tf.{namespace}"
    if name in tf_names().get(namespace, ()):
        raise NotImplementedError(f"{public}.{name} is not part of this engine "
                                  "(see docs/engine-api.md)")
    tf_module = "tensorflow" if namespace == "tf" else f"tensorflow.{namespace}"
    raise AttributeError(f"module {tf_module!r} has no attribute {name!r}")
