"""Comparing a case's outcome on TensorFlow 2.21 and on the engine (control flow, AutoGraph).

A case is a function of the module (`tf`). Both runs must give the same
outcome: equal values (tensors with their dtype and shape, Python values,
nested lists, tuples and dicts of them), or the same exception class with
the same message. TF wraps errors raised while AutoGraph traces a function
in "in user code:", then a `File ..., line ..., in f  *` line and the source
line for each call of converted code it went through, then "<Error>:
<message>"; the engine must show the same frames (the cases are in this
folder's files for both, so file names, lines and function names are
comparable as they are), and the messages after the frames are compared.
"""
from __future__ import annotations

import re

import numpy as np

from .compare import _TF_PREFIX, after_graph_frames, our_message, outcome

_USER_CODE = re.compile(r"^\s*(\w+(?:Error|Exception)): (.*)$")
_CONTROL_FLOW = {"If", "StatelessIf", "While", "StatelessWhile", "Case", "StatelessCase", "Assert"}


def control_flow_types(f, *specs) -> list:
    """The control-flow op types in f's graph (the rest differs in detail between the two)."""
    graph = f.get_concrete_function(*specs).graph
    return sorted({op.type for op in graph.get_operations()} & _CONTROL_FLOW)


def user_code_frames(e) -> list | None:
    """The frames of an "in user code:" message (its `File` lines and their source lines), or
    None for another message."""
    text = _TF_PREFIX.sub("", getattr(e, "message", str(e)))
    if not text.startswith("in user code:"):
        return None
    lines = text.split("\n")[2:]
    return lines[:lines.index("")] if "" in lines else lines


def tf_message(e) -> str:
    text = _TF_PREFIX.sub("", getattr(e, "message", str(e)))
    if text.startswith("in user code:"):
        lines = [m.group(2) for m in map(_USER_CODE.match, text.split("\n")) if m]
        text = lines[-1] if lines else text
    text = after_graph_frames(text)
    text = re.sub(r"\s*name: \S*\s*$", "", text)
    return text.split("\n")[0].strip()


def normalise(x):
    """Tensors, shapes and dtypes of either library as comparable Python values."""
    kind = type(x).__name__
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
    return x


def assert_equal(ours, theirs, path="result"):
    if isinstance(theirs, tuple) and theirs and theirs[0] == "tensor":
        assert isinstance(ours, tuple) and ours[:3] == theirs[:3], f"{path}: {ours[:3]} != {theirs[:3]}"
        if theirs[3].dtype.kind == "f":
            np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-5, atol=1e-6, err_msg=path)
        else:
            np.testing.assert_array_equal(ours[3], theirs[3], err_msg=path)
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and sorted(ours) == sorted(theirs), f"{path}: {ours} != {theirs}"
        for k in theirs:
            assert_equal(ours[k], theirs[k], f"{path}[{k!r}]")
    elif isinstance(theirs, (list, tuple)):
        assert isinstance(ours, (list, tuple)) and len(ours) == len(theirs), \
            f"{path}: {ours!r} != {theirs!r}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_equal(a, b, f"{path}[{i}]")
    else:
        assert ours == theirs, f"{path}: {ours!r} != {theirs!r}"


def assert_same_outcome(real_tf, engine, fn, compare_message: bool = True) -> None:
    theirs_kind, theirs = outcome(real_tf, fn)
    ours_kind, ours = outcome(engine, fn)
    if theirs_kind == "error":
        assert ours_kind == "error", f"TF raised {type(theirs).__name__}: {tf_message(theirs)}; " \
                                     f"we returned {ours!r}"
        assert type(ours).__name__ == type(theirs).__name__, \
            f"TF raised {type(theirs).__name__} ({tf_message(theirs)}), we raised " \
            f"{type(ours).__name__} ({our_message(ours)})"
        if compare_message:
            assert user_code_frames(ours) == user_code_frames(theirs), \
                f"\nTF : {user_code_frames(theirs)}\nours: {user_code_frames(ours)}"
            a = our_message(ours) if user_code_frames(ours) is None else tf_message(ours)
            b = tf_message(theirs)
            assert a.startswith(b) or b.startswith(a.split(" [Op:")[0]), f"\nTF : {b}\nours: {a}"
    else:
        assert ours_kind == "value", f"TF returned {theirs!r}; we raised " \
                                     f"{type(ours).__name__}: {ours}"
        assert_equal(normalise(ours), normalise(theirs))
