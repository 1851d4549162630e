"""One checker per exercise: `check(exercise_id, answer)` prints ✅ or ❌.

A checker takes the learner's answer and returns None when it is right, or a
hint (a short string saying what is off) when it is not. Checkers read answers
through the public API only (`.numpy()`, `.dtype.name`, `.shape`), so a tensor
or Variable computed with real TensorFlow is judged the same way; function
answers are called with the engine's tensors.
Exercise ids are "<notebook>.<n>", e.g. "02.1".
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable

import numpy as np

import course.engine as tf

Checker = Callable[[Any], "str | None"]
NOT_ATTEMPTED = (None, Ellipsis)


def verdict(exercise_id: str, answer) -> bool | None:
    """True if correct, False if not, None if not attempted (no printing)."""
    return _run(exercise_id, answer)[0]


class NotAttempted(Exception):
    """A function answer still returns `...`, as the exercise template does."""


def _unless_template(fn):
    """Wraps a function answer so that `return ...` counts as not attempted."""
    def wrapped(*args, **kwargs):
        result = fn(*args, **kwargs)
        if result is Ellipsis:
            raise NotAttempted
        return result
    return wrapped


def check(exercise_id: str, answer) -> None:
    """Prints whether `answer` solves exercise `exercise_id`, with a hint if not."""
    ok, hint = _run(exercise_id, answer)
    if ok is None:
        print(f"⏳ {exercise_id} not attempted yet: replace ... with your answer.")
    elif ok:
        print(f"✅ {exercise_id} correct!")
    else:
        print(f"❌ {exercise_id} not yet. Hint: {hint}")


def _run(exercise_id: str, answer) -> tuple[bool | None, str | None]:
    if exercise_id not in CHECKS:
        raise KeyError(f"No exercise {exercise_id!r}; the ids are {sorted(CHECKS)}.")
    if answer is None or answer is Ellipsis:
        return None, None
    if callable(answer) and not isinstance(answer, type):
        answer = _unless_template(answer)
    try:
        hint = CHECKS[exercise_id](answer)
    except NotAttempted:
        return None, None
    except Exception as e:  # a wrong answer may break the checker; that is a hint too
        first = str(e).splitlines()[0] if str(e) else ""
        hint = f"checking your answer raised {type(e).__name__}: {first}"
    return hint is None, hint


# -- helpers ----------------------------------------------------------------------------
def _is_tensor_like(x) -> bool:
    return hasattr(x, "numpy") and hasattr(x, "dtype") and hasattr(x, "shape")


def _tensor(answer, dtype: str, shape: tuple, values=None, tol: float = 1e-6) -> str | None:
    """Hint if `answer` is not a tensor of that dtype, shape (and values)."""
    if not _is_tensor_like(answer):
        return f"expected a tensor, got a {type(answer).__name__}."
    if answer.dtype.name != dtype:
        return f"expected dtype {dtype}, got {answer.dtype.name}."
    if tuple(answer.shape) != tuple(shape):
        return f"expected shape {tuple(shape)}, got {tuple(answer.shape)}."
    if values is not None and not np.allclose(answer.numpy(), values, atol=tol, rtol=tol):
        return "right dtype and shape, but some values are off."
    return None


def _number(x) -> float:
    return float(x.numpy()) if _is_tensor_like(x) else float(x)


def _close(x, expected: float, tol: float = 1e-4) -> bool:
    return math.isclose(_number(x), expected, rel_tol=tol, abs_tol=tol)


def _text(x) -> str:
    return re.sub(r"\s+", " ", str(x)).strip().strip("`").strip()


def _pair(answer, what: str) -> tuple:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise TypeError(f"expected a pair ({what}).")
    return tuple(answer)


# -- 01 Start here ------------------------------------------------------------------------
def check_01_1(answer):
    if _text(answer).lower() == "docker compose exec lab course-url":
        return None
    return "run a command *inside* the running `lab` service: docker compose exec lab ..."


def check_01_2(answer):
    url = _text(answer).lower().rstrip("/")
    if url in ("http://127.0.0.1:6006", "http://localhost:6006"):
        return None
    return "TensorBoard listens on port 6006 of your own machine (127.0.0.1)."


def check_01_3(answer):
    if _text(answer).strip("/").lower() == "my-notebooks":
        return None
    return "notebooks/ is the course's copy; yours is the git-ignored folder next to it."


# -- 02 Tensors ---------------------------------------------------------------------------
def check_02_1(answer):  # a float32 (3, 4) tensor of 0.5
    return _tensor(answer, "float32", (3, 4), np.full((3, 4), 0.5))


def check_02_2(answer):  # tf.range(12) reshaped to (3, 4), then transposed
    return _tensor(answer, "int32", (4, 3), np.arange(12).reshape(3, 4).T)


def check_02_3(answer):  # the dtype of tf.constant(np.array([1.0, 2.0]))
    name = answer.name if hasattr(answer, "name") else _text(answer).replace("tf.", "")
    if name == "float64":
        return None
    if name == "float32":
        return "Python floats become float32, but a NumPy array keeps its own dtype."
    return "print(tf.constant(np.array([1.0, 2.0])).dtype) and compare."


# -- 03 Operators -------------------------------------------------------------------------
_A = np.array([[1, 2], [3, 4]])
_B = np.array([[0, 1], [1, 0]])


def check_03_1(answer):  # (elementwise product, matrix product) of A and B
    elementwise, product = _pair(answer, "elementwise product, matrix product")
    if _tensor(elementwise, "int32", (2, 2)) or _tensor(product, "int32", (2, 2)):
        return "both results are int32 tensors of shape (2, 2)."
    e, p = elementwise.numpy(), product.numpy()
    if np.array_equal(e, _A @ _B) and np.array_equal(p, _A * _B):
        return "the two are swapped: tf.multiply (or *) is elementwise, tf.matmul (or @) is rows times columns."
    if not np.array_equal(e, _A * _B):
        return "the first one multiplies entry by entry: tf.multiply(A, B) or A * B."
    if not np.array_equal(p, _A @ _B):
        return "the second one is the matrix product: tf.matmul(A, B) or A @ B."
    return None


def check_03_2(answer):  # (-7 // 2, -7 % 2) as TF computes them
    q, r = (_number(v) for v in _pair(answer, "quotient, remainder"))
    if (q, r) == (-4, 1):
        return None
    if (q, r) == (-3, -1):
        return "that is C's truncation; TF (like Python) rounds the quotient down, towards -inf."
    return "check that quotient * 2 + remainder == -7, with the quotient rounded down."


def check_03_3(answer):  # [1, 2, 3] + [0.5, 0.5, 0.5] as float32
    return _tensor(answer, "float32", (3,), [1.5, 2.5, 3.5])


# -- 05 Variables -------------------------------------------------------------------------
def check_05_1(answer):  # Variable [0, 0, 0] after assign_add([1, 2, 3])
    if not isinstance(answer, tf.Variable) and type(answer).__name__ not in (
            "ResourceVariable", "Variable"):
        return f"expected a tf.Variable, got a {type(answer).__name__}."
    return _tensor(answer, "float32", (3,), [1.0, 2.0, 3.0])


_SPIKE_CASES = [
    ([1.0, 1.2, 5.0, 5.1, 0.9, 4.0], 2.0),
    ([0.0, 0.0, 0.0], 1.0),
    ([3.0, 1.0, 2.5, 2.6, 10.0], 1.0),
]


def _reference_spikes(series, threshold):
    x = np.asarray(series, dtype=np.float32)
    out = np.zeros(x.shape, bool)
    out[1:] = (x[1:] - x[:-1]) > threshold
    return out


def check_05_2(answer):  # spikes(series, threshold) -> bool tensor
    if not callable(answer):
        return "pass the function itself: check('05.2', spikes)."
    for series, threshold in _SPIKE_CASES:
        got = answer(tf.constant(series), threshold)
        want = _reference_spikes(series, threshold)
        hint = _tensor(got, "bool", want.shape)
        if hint:
            return f"for {series}: {hint}"
        if not np.array_equal(got.numpy(), want):
            return (f"for {series} with threshold {threshold} expected {want.tolist()}, "
                    f"got {got.numpy().tolist()} (the first value is never a spike).")
    return None


def check_05_3(answer):  # a non-trainable int32 step counter starting at 0
    if not hasattr(answer, "trainable") or not hasattr(answer, "assign"):
        return f"expected a tf.Variable, got a {type(answer).__name__}."
    if answer.trainable:
        return "a counter is not a weight: create it with trainable=False."
    return _tensor(answer, "int32", (), 0)


# -- 09 Linear regression -----------------------------------------------------------------
_X = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
_Y = np.array([1.1, 2.9, 5.2, 7.1, 8.8])


def check_09_1(answer):  # fit_line(x, y) -> (a, b) by least squares
    if not callable(answer):
        return "pass the function itself: check('09.1', fit_line)."
    for x, y in ((_X, _Y), (_X[::-1] * 2 - 1, _Y[::-1] + 3)):
        a, b = _pair(answer(tf.constant(x, tf.float32), tf.constant(y, tf.float32)), "a, b")
        want_a, want_b = np.polyfit(x, y, 1)
        if not (_close(a, want_a, 1e-3) and _close(b, want_b, 1e-3)):
            return (f"for x={x.tolist()}, y={y.tolist()} expected a≈{want_a:.3f}, b≈{want_b:.3f}; "
                    f"got a={_number(a):.3f}, b={_number(b):.3f}.")
    return None


def check_09_2(answer):  # gradients(a, b, x, y) -> (dE/da, dE/db) for E = 1/2 sum (y - a x - b)^2
    if not callable(answer):
        return "pass the function itself: check('09.2', gradients)."
    for a, b in ((0.0, 0.0), (1.5, -0.5)):
        x, y = tf.constant(_X, tf.float32), tf.constant(_Y, tf.float32)
        da, db = _pair(answer(a, b, x, y), "dE/da, dE/db")
        r = _Y - (a * _X + b)
        want_a, want_b = -np.sum(r * _X), -np.sum(r)
        if _close(da, -want_a) and _close(db, -want_b):
            return "the signs are flipped: d/da of (y - ax - b) is -x."
        if not (_close(da, want_a) and _close(db, want_b)):
            return (f"at a={a}, b={b} expected ({want_a:.2f}, {want_b:.2f}), "
                    f"got ({_number(da):.2f}, {_number(db):.2f}).")
    return None


def check_09_3(answer):  # the largest rate of [0.01, 0.02, 0.05, 0.1] that converges on _X, _Y
    if _close(answer, 0.05, 1e-9):
        return None
    if _number(answer) > 0.05:
        return "run the descent with that rate for 50 steps: does the loss go down?"
    return "a smaller rate converges too, but a larger one in the list still does."


# -- 10 Backpropagation -------------------------------------------------------------------
def check_10_1(answer):  # (dy/dw1, dy/dw2) of y = (w1 x1 + w2 x2)^2 at w = (1, 2), x = (3, -1)
    g1, g2 = _pair(answer, "dy/dw1, dy/dw2")
    if _close(g1, 6.0) and _close(g2, -2.0):
        return None
    if _close(g1, 3.0) and _close(g2, -1.0):
        return "you have ds/dw; multiply by dy/ds = 2s."
    return "first compute s = w1*x1 + w2*x2, then dy/dw1 = 2*s*x1."


def check_10_2(answer):  # sigmoid_grad(z) = sigmoid(z) * (1 - sigmoid(z))
    if not callable(answer):
        return "pass the function itself: check('10.2', sigmoid_grad)."
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0], np.float32)
    got = answer(tf.constant(z))
    s = 1 / (1 + np.exp(-z))
    hint = _tensor(got, "float32", (5,), s * (1 - s), tol=1e-5)
    if hint and "values" in hint and np.allclose(np.asarray(got), s, atol=1e-5):
        return "that is sigmoid itself; its derivative is sigmoid(z) * (1 - sigmoid(z))."
    return hint


def check_10_3(answer):  # d/dx of sin(x) * x^2 at x = 1.5
    want = math.cos(1.5) * 1.5 ** 2 + math.sin(1.5) * 2 * 1.5
    if _close(answer, want, 1e-4):
        return None
    return "use the product rule, or let a GradientTape compute it (watch a float constant)."


# -- 11 Standardization -------------------------------------------------------------------
def check_11_1(answer):  # the population mean and standard deviation of [2, 4, 4, 4, 5, 5, 7, 9]
    mean, std = _pair(answer, "mean, std")
    if not _close(mean, 5.0):
        return "the mean is the sum divided by the count."
    if _close(std, math.sqrt(32 / 7)):
        return "that divides by n - 1 (the sample std); here we divide by n, like tf.math.reduce_std."
    if not _close(std, 2.0):
        return "std = sqrt(mean((x - mean)^2))."
    return None


def check_11_2(answer):  # standardize(x) -> (x - mean) / std
    if not callable(answer):
        return "pass the function itself: check('11.2', standardize)."
    for data in ([1.0, 2.0, 3.0, 4.0], [10.0, 10.5, 30.0, -4.0, 7.0]):
        x = np.array(data, np.float32)
        want = (x - x.mean()) / x.std()
        hint = _tensor(answer(tf.constant(x)), "float32", x.shape, want, tol=1e-4)
        if hint:
            return f"for x={data}: {hint}"
    return None


def check_11_3(answer):  # to_original(a_z, b_z, mean, std) -> (a, b) for y = a x + b
    if not callable(answer):
        return "pass the function itself: check('11.3', to_original)."
    for a_z, b_z, mean, std in ((2.0, 1.0, 3.0, 0.5), (-1.0, 4.0, -2.0, 4.0)):
        a, b = _pair(answer(a_z, b_z, mean, std), "a, b")
        want_a, want_b = a_z / std, b_z - a_z * mean / std
        if not (_close(a, want_a) and _close(b, want_b)):
            return ("write a_z * (x - mean) / std + b_z as a * x + b and read off a and b "
                    f"(for a_z={a_z}, b_z={b_z}, mean={mean}, std={std}: a={want_a}, b={want_b}).")
    return None


# -- 12 Troubleshooting -------------------------------------------------------------------
def check_12_1(answer):  # the message a CPU without AVX gives for a prebuilt TensorFlow wheel
    text = _text(answer).lower()
    if "illegal instruction" in text:
        return None
    if "compiled to use avx" in text:
        return "that is TensorFlow's own check; more often the CPU stops it first. What does the shell say then?"
    return "the CPU met an instruction it does not know; the shell says so in two words."


_CPUINFO = ("processor\t: 0\nflags\t\t: fpu sse sse2 avx2 fma\n\n"
            "processor\t: 1\nflags\t\t: fpu sse sse2 avx avx2 fma\n")


def check_12_2(answer):  # has_flag(cpuinfo_text, flag) -> bool, whole words of every flags line
    if not callable(answer):
        return "pass the function itself: check('12.2', has_flag)."
    cases = [(_CPUINFO, "avx2", True), (_CPUINFO, "sse", True), (_CPUINFO, "avx512f", False),
             (_CPUINFO.split("\n\n")[0], "avx", False), ("flags\t: fpu\n", "fp", False)]
    for text, flag, want in cases:
        got = answer(text, flag)
        if not isinstance(got, bool):
            return f"return True or False, not a {type(got).__name__}."
        if got != want:
            if not want and flag in text:
                return (f"{flag!r} is only part of another flag there: split the flags line "
                        "into words and compare whole words.")
            return f"has_flag(..., {flag!r}) should be {want} for:\n{text}"
    return None


def check_12_3(answer):  # memory_limit_mib(text of memory.max) -> int MiB, or None for "max"
    if not callable(answer):
        return "pass the function itself: check('12.3', memory_limit_mib)."
    for text, want in (("max\n", None), ("2147483648\n", 2048), ("536870912", 512)):
        got = answer(text)
        if got != want:
            return f"memory_limit_mib({text!r}) should be {want!r}, got {got!r} (1 MiB = 1024 * 1024 bytes)."
    return None


# The table: exercise id -> checker.
CHECKS: dict[str, Checker] = {
    "01.1": check_01_1,
    "01.2": check_01_2,
    "01.3": check_01_3,
    "02.1": check_02_1,
    "02.2": check_02_2,
    "02.3": check_02_3,
    "03.1": check_03_1,
    "03.2": check_03_2,
    "03.3": check_03_3,
    "05.1": check_05_1,
    "05.2": check_05_2,
    "05.3": check_05_3,
    "09.1": check_09_1,
    "09.2": check_09_2,
    "09.3": check_09_3,
    "10.1": check_10_1,
    "10.2": check_10_2,
    "10.3": check_10_3,
    "11.1": check_11_1,
    "11.2": check_11_2,
    "11.3": check_11_3,
    "12.1": check_12_1,
    "12.2": check_12_2,
    "12.3": check_12_3,
}


# Notebooks 04, 06, 07 and 08 keep their checkers in checks_models.py.
from .checks_models import MODEL_CHECKS  # noqa: E402  (needs the helpers above)

CHECKS.update(MODEL_CHECKS)
