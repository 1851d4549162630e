"""Running one case on real TensorFlow and on the engine, and comparing the outcomes.

A case is a function of the module (`tf`) that returns values or raises.
Outcomes agree when both return equal values (tensors compared by dtype,
shape and numbers; strings after TF's `EagerTensor`/`ResourceVariable`
names are mapped to ours), or both raise the same exception class whose
messages start alike (TF's kernel prefix and `name:` suffix removed, our
`Hint:` line removed). Used by the `test_against_tensorflow_*` modules here.
"""
from __future__ import annotations

import re

import numpy as np

_TF_PREFIX = re.compile(r"^\{\{function_node [^}]*\}\}\s*")


def outcome(module, fn):
    try:
        return "value", fn(module)
    except Exception as e:  # noqa: BLE001 - the exception is the outcome
        return "error", e


def tf_message(e) -> str:
    text = _TF_PREFIX.sub("", getattr(e, "message", str(e)))
    text = re.sub(r"\s*name: \S*\s*$", "", text)
    return text.split("\n")[0].strip()


def our_message(e) -> str:
    return str(e).split("\nHint:")[0].split("\n")[0].strip()


def normalise(x):
    """Tensors, shapes and dtypes of either library as comparable Python values."""
    if hasattr(x, "numpy") and hasattr(x, "dtype") and hasattr(x, "shape"):
        return ("tensor", x.dtype.name, tuple(x.shape.as_list()), np.asarray(x.numpy()))
    if type(x).__name__ == "TensorShape":
        return ("shape", tuple(x.as_list()))
    if type(x).__name__ == "DType":
        return ("dtype", x.name)
    if isinstance(x, dict):
        return {k: normalise(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [normalise(v) for v in x]
    if isinstance(x, str):
        return x.replace("EagerTensor", "Tensor").replace("ResourceVariable", "Variable")
    return x


def assert_same_outcome(fn, real_tf, engine, compare_message: bool = True) -> None:
    theirs_kind, theirs = outcome(real_tf, fn)
    ours_kind, ours = outcome(engine, fn)
    if theirs_kind == "error":
        assert ours_kind == "error", f"TF raised {type(theirs).__name__}: {theirs}; we returned {ours!r}"
        assert type(ours).__name__ == type(theirs).__name__, \
            f"TF raised {type(theirs).__name__} ({tf_message(theirs)}), we raised " \
            f"{type(ours).__name__} ({our_message(ours)})"
        if compare_message:
            assert our_message(ours).startswith(tf_message(theirs)) or \
                tf_message(theirs).startswith(our_message(ours).split(" [Op:")[0]), \
                f"messages differ:\n  TF:  {tf_message(theirs)}\n  ours: {our_message(ours)}"
        return
    assert ours_kind == "value", f"TF returned {theirs!r}; we raised {type(ours).__name__}: {ours}"
    _assert_equal(normalise(ours), normalise(theirs))


def _assert_equal(ours, theirs, path="result"):
    if isinstance(theirs, tuple) and theirs and theirs[0] == "tensor":
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], f"{path}: {ours} != {theirs}"
        np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-6, err_msg=path) \
            if theirs[3].dtype.kind == "f" else np.testing.assert_array_equal(ours[3], theirs[3])
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs), f"{path}: {ours} != {theirs}"
        for k in theirs:
            _assert_equal(ours[k], theirs[k], f"{path}[{k!r}]")
    elif isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs), f"{path}: {ours} != {theirs}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _assert_equal(a, b, f"{path}[{i}]")
    else:
        assert ours == theirs, f"{path}: {ours!r} != {theirs!r}"
