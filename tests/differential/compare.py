"""Running one case on TensorFlow and on the engine, and comparing the outcomes.

A case is a function of the module (`tf`). Both runs must give the same
outcome: equal values (tensors, NumPy values, bytes, printed forms, specs,
shapes, dtypes), or the same exception class with the same message (TF's
message minus its `{{function_node ...}}` prefix and `name:` suffix; ours
minus the `Hint:` line). A message listing TF's allowed dtypes is compared up
to that list, since the engine has fewer dtypes.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

_TF_PREFIX = re.compile(r"^\{\{function_node [^}]*\}\}\s*")
_DTYPE_LIST = "is not in the list of allowed values"


def case_registry() -> tuple:
    """A module's cases and the decorator that adds one: `CASES, case = case_registry()`.

    `@case("name")` registers a function of `tf`; CASES holds the pytest params
    (fn, compare_message) the module's test runs on both libraries.
    """
    cases = []

    def case(name: str, compare_message: bool = True):
        def wrap(fn):
            cases.append(pytest.param(fn, compare_message, id=name))
            return fn
        return wrap
    return cases, case


def outcome(module, fn):
    try:
        return "value", fn(module)
    except Exception as e:  # noqa: BLE001 - the exception is the outcome
        return "error", e


def raised(module, fn) -> Exception:
    """The exception `fn(module)` raises (a case that must fail on both libraries)."""
    try:
        fn(module)
    except Exception as e:  # noqa: BLE001 - the exception is the outcome
        return e
    raise AssertionError(f"no error on {module.__name__}")


def tf_message(e) -> str:
    text = _TF_PREFIX.sub("", getattr(e, "message", str(e)))
    text = re.sub(r"\s*name: \S*\s*$", "", after_graph_frames(text))
    return text.split("\n")[0].strip()


def our_message(e) -> str:
    return after_graph_frames(str(e)).split("\nHint:")[0].split("\n")[0].strip()


def after_graph_frames(text: str) -> str:
    """A "Graph execution error:" (a kernel failed while a traced function ran; both libraries
    print it, test_against_tensorflow_autograph_errors.py compares the whole text) from its
    kernel's message on: the message after the last `File` line of where the node was made."""
    if not text.startswith("Graph execution error:"):
        return text
    lines = text.split("\n")
    last_frame = max([i for i, line in enumerate(lines) if line.startswith("  File ")] + [0])
    rest = [line for line in lines[last_frame + 1:] if line.strip()]
    return "\n".join(rest) if rest else text


def normalise(x):
    """Tensors, specs, shapes and dtypes of either library as comparable Python values."""
    kind = type(x).__name__
    if kind == "TensorSpec":
        shape = x.shape
        return ("spec", None if shape.rank is None else tuple(shape.as_list()), x.dtype.name)
    if kind == "TensorShape":
        return ("shape", None if x.rank is None else tuple(x.as_list()))
    if kind == "DType":
        return ("dtype", x.name)
    if hasattr(x, "numpy") and hasattr(x, "dtype") and hasattr(x, "shape"):
        return ("tensor", x.dtype.name, tuple(x.shape.as_list()), np.asarray(x.numpy()))
    if isinstance(x, dict):
        return {k: normalise(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(normalise(v) for v in x) if not hasattr(x, "_fields") else \
            tuple(normalise(v) for v in x)
    if isinstance(x, str):
        return x.replace("EagerTensor", "Tensor").replace("ResourceVariable", "Variable")
    return x


def assert_equal(ours, theirs, path="result"):
    if isinstance(theirs, tuple) and theirs and isinstance(theirs[0], str) and \
            theirs[0] == "tensor":  # (a normalised tensor; a tuple may start with an array too)
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], f"{path}: {ours[:3]} != {theirs[:3]}"
        _assert_arrays(ours[3], theirs[3], path)
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs), f"{path}: {ours} != {theirs}"
        for k in theirs:
            assert_equal(ours[k], theirs[k], f"{path}[{k!r}]")
    elif isinstance(theirs, (list, tuple)):
        assert isinstance(ours, (list, tuple)) and type(ours) is type(theirs) and \
            len(ours) == len(theirs), f"{path}: {ours!r} != {theirs!r}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_equal(a, b, f"{path}[{i}]")
    elif isinstance(theirs, (np.ndarray, np.generic)):
        assert isinstance(ours, (np.ndarray, np.generic)), f"{path}: {ours!r} != {theirs!r}"
        assert np.asarray(ours).dtype == np.asarray(theirs).dtype, \
            f"{path}: dtype {np.asarray(ours).dtype} != {np.asarray(theirs).dtype}"
        _assert_arrays(np.asarray(ours), np.asarray(theirs), path)
    else:
        assert type(ours) is type(theirs) and ours == theirs, f"{path}: {ours!r} != {theirs!r}"


def _assert_arrays(ours, theirs, path):
    assert ours.shape == theirs.shape, f"{path}: shape {ours.shape} != {theirs.shape}"
    if theirs.dtype.kind in "fc":  # (complex numbers: real and imaginary parts alike)
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6, err_msg=path)
    else:
        np.testing.assert_array_equal(ours, theirs, err_msg=path)


def assert_same_outcome(real_tf, engine, fn, compare_message=True):
    theirs_kind, theirs = outcome(real_tf, fn)
    ours_kind, ours = outcome(engine, fn)
    if theirs_kind == "error":
        assert ours_kind == "error", f"TF raised {type(theirs).__name__}: {theirs}; we returned {ours!r}"
        assert type(ours).__name__ == type(theirs).__name__, \
            f"TF raised {type(theirs).__name__} ({tf_message(theirs)}), we raised " \
            f"{type(ours).__name__} ({our_message(ours)})"
        if compare_message:
            a, b = our_message(ours), tf_message(theirs)
            if _DTYPE_LIST in b:  # our list of dtypes is shorter: compare up to it
                a, b = a.split(_DTYPE_LIST)[0], b.split(_DTYPE_LIST)[0]
            assert a.startswith(b) or b.startswith(a.split(" [Op:")[0]), f"\nTF : {b}\nours: {a}"
    else:
        assert ours_kind == "value", f"TF returned {theirs!r}; we raised {type(ours).__name__}: {ours}"
        assert_equal(normalise(ours), normalise(theirs))
