"""Cases as functions of `tf`, run on this engine and on real TensorFlow 2.21 (compare.py's rules).

Both runs must give equal values, dtypes, shapes and printed forms, or the same
exception class with the same message (compare.py: `outcome`, `tf_message`,
`our_message`). What this module adds for the API, Keras and training cases:
a `Cases` registry with a tolerance per case (training numbers are float32
sums in another order), NumPy scalars compared with their dtype, Python floats
within the tolerance, and `tf.keras` loaded as the real Keras 3 even though
tests/keras is a package on sys.path. Skipped where TensorFlow is not installed:

    PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=3 /opt/tfref/bin/python -m pytest tests/differential
"""
from __future__ import annotations

import contextlib
import io
import os
import pathlib
import sys

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
real_tf = pytest.importorskip("tensorflow")


def _load_real_keras() -> None:
    """Makes TF's lazily loaded `tf.keras` the real Keras 3, now.

    pytest puts tests/ on sys.path (tests/engine and this folder are packages), and
    tests/keras is a package of the engine's Keras tests: a plain `import keras` (what
    `tf.keras` does on first use) would find it. So import Keras with tests/ hidden,
    and let TF's loader cache it.
    """
    tests = pathlib.Path(__file__).resolve().parents[1]
    saved_path, saved_module = list(sys.path), sys.modules.get("keras")
    if saved_module is not None and str(tests) in str(getattr(saved_module, "__file__", "")):
        del sys.modules["keras"]
    sys.path[:] = [p for p in sys.path if pathlib.Path(p or ".").resolve() != tests]
    try:
        real_tf.keras.layers.Dense  # noqa: B018 - the first use loads and caches Keras
    finally:
        sys.path[:] = saved_path
        if saved_module is not None and "keras" not in sys.modules:
            sys.modules["keras"] = saved_module


_load_real_keras()

import course.engine as eng  # noqa: E402
from .compare import _DTYPE_LIST, outcome as _outcome  # noqa: E402
from .compare import our_message as _our_message, tf_message as _tf_message  # noqa: E402

__all__ = ["real_tf", "eng", "Cases", "check"]


class Cases:
    """A module's cases: `@cases("name")` registers a function of `tf`; `cases.params` runs them."""

    def __init__(self):
        self.params = []

    def __call__(self, name: str, compare_message: bool = True, rtol: float = 1e-6):
        def wrap(fn):
            self.params.append(pytest.param(fn, compare_message, rtol, id=name))
            return fn
        return wrap


def _normalise(x):
    """Tensors, Variables, shapes and dtypes of either library as comparable Python values."""
    if isinstance(x, (real_tf.TensorShape, eng.TensorShape)):
        return ("shape", None if x.rank is None else tuple(x.as_list()))
    if isinstance(x, (real_tf.DType, eng.DType)):
        return ("dtype", x.name)
    if hasattr(x, "numpy") and hasattr(x, "dtype") and hasattr(x, "shape"):
        dtype = x.dtype if isinstance(x.dtype, str) else x.dtype.name
        return ("tensor", dtype, tuple(x.shape), np.asarray(x.numpy()))
    if isinstance(x, dict):
        return {k: _normalise(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(_normalise(v) for v in x)
    if isinstance(x, str):
        return x.replace("EagerTensor", "Tensor").replace("ResourceVariable", "Variable")
    if isinstance(x, (np.ndarray, np.generic)):  # (a NumPy scalar keeps its type: int32 != int64)
        return ("array" if isinstance(x, np.ndarray) else "scalar", x.dtype.name, x.shape,
                np.asarray(x))
    return x


def _assert_equal(ours, theirs, rtol, path="result"):
    if isinstance(theirs, tuple) and theirs and theirs[0] in ("tensor", "array", "scalar"):
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], f"{path}: {ours[:3]} != {theirs[:3]}"
        if theirs[3].dtype.kind == "f":
            np.testing.assert_allclose(ours[3], theirs[3], rtol=rtol, atol=rtol, err_msg=path)
        else:
            np.testing.assert_array_equal(ours[3], theirs[3], err_msg=path)
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs), f"{path}: {ours} != {theirs}"
        for k in theirs:
            _assert_equal(ours[k], theirs[k], rtol, f"{path}[{k!r}]")
    elif isinstance(theirs, (list, tuple)):
        assert isinstance(ours, (list, tuple)) and len(ours) == len(theirs), f"{path}: {ours} != {theirs}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _assert_equal(a, b, rtol, f"{path}[{i}]")
    elif isinstance(theirs, float):
        assert isinstance(ours, float) and np.isclose(ours, theirs, rtol=rtol, atol=rtol), \
            f"{path}: {ours!r} != {theirs!r}"
    else:
        assert ours == theirs, f"{path}: {ours!r} != {theirs!r}"


def check(fn, compare_message: bool = True, rtol: float = 1e-6) -> None:
    """Runs `fn(tf)` with TensorFlow, then with the engine; asserts the outcomes agree."""
    theirs_kind, theirs = _outcome(real_tf, fn)
    ours_kind, ours = _outcome(eng, fn)
    if theirs_kind == "error":
        assert ours_kind == "error", f"TF raised {type(theirs).__name__}: {theirs}; we returned {ours!r}"
        assert type(ours).__name__ == type(theirs).__name__, \
            f"TF raised {type(theirs).__name__} ({_tf_message(theirs)}), we raised " \
            f"{type(ours).__name__} ({_our_message(ours)})"
        if compare_message:
            a, b = _our_message(ours), _tf_message(theirs)
            if _DTYPE_LIST in b:  # our list of dtypes is shorter: compare up to it
                a, b = a.split(_DTYPE_LIST)[0], b.split(_DTYPE_LIST)[0]
            assert a.startswith(b) or b.startswith(a.split(" [Op:")[0]), f"\nTF : {b}\nours: {a}"
    else:
        assert ours_kind == "value", f"TF returned {theirs!r}; we raised {type(ours).__name__}: {ours}"
        _assert_equal(_normalise(ours), _normalise(theirs), rtol)


def quiet(fn):
    """(what fn printed, fn's value): the lines a loader prints ('Found 6 files ...') are
    compared as part of its outcome."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        value = fn()
    return out.getvalue(), value
