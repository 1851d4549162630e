"""Shape inference: what a graph node will produce, without any data.

A symbolic tensor carries a `Spec` instead of a NumPy array: a dtype and a
shape, `None` for a dimension that is only known when the graph runs
(`tf.TensorSpec([None, 3])`, `placeholder(shape=[None, 3])`).

To learn an op's output spec we simply run its NumPy forward on a small
stand-in array of the right dtype and shape, filled with ones (ones, not
zeros, so integer division works; zeros as a fallback, so `gather` indices are
in range). The op's own code decides the shape: nothing is written twice.

Unknown dimensions: we run the forward with each `None` replaced by 1, 2 and
3. An output dimension that changes with the substitution depends on the
unknown one, so it is unknown too; a dimension that stays put is known
(`[None, 3] + [3]` gives `[None, 3]`; `reshape([None, 3], [-1])` gives
`[None]`).

Read next: `core.py`, which calls `infer` for every new node.
"""
from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError, invalid_argument

# Graphs refuse tensors bigger than this (a corrupted file claiming a shape
# of [10**12] must not make us allocate it).
MAX_ELEMENTS = 2 ** 31


class Spec:
    """Dtype and shape of a symbolic tensor: NumPy-like `.dtype`, `.shape`, `.ndim`, `.size`.

    Engine code reads `t._value.dtype` and `t._value.shape` on every tensor;
    for a graph tensor `_value` is a Spec, so that code works unchanged.
    `shape` is a tuple with `None` for unknown dimensions, or `None` when even
    the rank is unknown. `const` holds the value of a Const node (else None).
    """

    __slots__ = ("dtype", "shape", "const")

    def __init__(self, dtype, shape, const=None):
        self.dtype = np.dtype(dtype)
        self.shape = None if shape is None else tuple(None if d is None else int(d) for d in shape)
        self.const = const

    @property
    def ndim(self):
        return None if self.shape is None else len(self.shape)

    @property
    def size(self):
        if self.shape is None or None in self.shape:
            return None
        return int(np.prod(self.shape, dtype=np.int64))

    # A graph tensor has no value yet: Python cannot branch on it.
    def __bool__(self):
        raise OperatorNotAllowedInGraphError(
            "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed. This engine has no "
            "AutoGraph: use tf.where / tf.cond-free arithmetic inside tf.function, or run eagerly.")

    def __int__(self):
        raise OperatorNotAllowedInGraphError(
            "A symbolic `tf.Tensor` has no value while the graph is being built; it cannot be "
            "converted to a Python int.")

    __float__ = __index__ = __int__

    def __repr__(self) -> str:
        return f"Spec({self.dtype.name}, {self.shape})"


class OperatorNotAllowedInGraphError(TypeError):
    """TF's error for Python control flow or conversion on a graph tensor."""


def _stand_in(spec: Spec, fill: int, unknown: int) -> np.ndarray:
    if spec.const is not None:
        return spec.const
    shape = tuple(unknown if d is None else d for d in spec.shape)
    return np.broadcast_to(np.array(fill, dtype=spec.dtype), shape)  # no memory for the data


def _run(op, specs, attrs, unknown: int):
    """The forward on stand-ins (ones, else zeros); returns (dtype, shape) or raises."""
    first_error = None
    for fill in (1, 0):
        try:
            out = op.forward(*[_stand_in(s, fill, unknown) for s in specs], **attrs)
        except (InvalidArgumentError, ValueError, IndexError, TypeError) as e:
            first_error = first_error or e
            continue
        out = np.asarray(out)
        return out.dtype, out.shape
    raise first_error


def _explain(op, specs, error) -> InvalidArgumentError:
    if isinstance(error, InvalidArgumentError):
        return error
    shapes = ", ".join(f"input #{i} shape {_dims(s.shape)}" for i, s in enumerate(specs))
    if len(specs) == 2 and "broadcast" in str(error):
        return invalid_argument(op.name, f"Incompatible shapes: {_dims(specs[0].shape)} vs. "
                                         f"{_dims(specs[1].shape)}")
    return invalid_argument(op.name, f"{error} ({shapes})")


def _dims(shape) -> str:
    if shape is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _where_rule(specs, attrs) -> Spec:
    # tf.where(condition): one row per true element, so the row count is unknown.
    rank = specs[0].ndim
    return Spec(np.int64, None if rank is None else (None, rank))


def _random_rule(specs, attrs) -> Spec:
    # Random draws: the input is the output shape (a Const node, whose value we know).
    shape = specs[0].const
    return Spec(attrs["dtype"], None if shape is None else tuple(int(d) for d in shape))


# Ops whose output shape depends on the data, not only on the input shapes.
SHAPE_RULES = {"Where": _where_rule, "RandomUniform": _random_rule,
               "RandomStandardNormal": _random_rule, "TruncatedNormal": _random_rule,
               "RandomUniformInt": _random_rule,
               # (not run on a stand-in: that would advance the node's random stream)
               "RandomShuffle": lambda specs, attrs: Spec(specs[0].dtype, specs[0].shape),
               # tf.py_function: running Python code while tracing would be a side effect
               "EagerPyFunc": lambda specs, attrs: Spec(attrs["Tout"].as_numpy_dtype, None),
               # (a stand-in of ones is a singular matrix: the shapes are those of the inputs)
               "MatrixInverse": lambda specs, attrs: Spec(specs[0].dtype, specs[0].shape),
               "MatrixSolve": lambda specs, attrs: Spec(specs[1].dtype, specs[1].shape)}


def infer(op, specs: list, attrs: dict) -> Spec:
    """The output Spec of `op` on inputs with `specs`, or TF's InvalidArgumentError.

    >>> infer(REGISTRY["AddV2"], [Spec("float32", (None, 3)), Spec("float32", (3,))], {})
    Spec(float32, (None, 3))
    """
    rule = SHAPE_RULES.get(op.name)
    if rule is not None:
        return rule(specs, attrs)
    if any(s.shape is None for s in specs):
        # Unknown rank: run on scalars to learn the dtype, and know nothing of the shape.
        scalars = [Spec(s.dtype, ()) if s.shape is None else s for s in specs]
        try:
            dtype, _ = _run(op, scalars, attrs, 1)
        except Exception as e:  # noqa: BLE001 - any failure becomes TF's error
            raise _explain(op, specs, e) from None
        return Spec(dtype, None)
    if not any(None in s.shape for s in specs):
        try:
            dtype, shape = _run(op, specs, attrs, 1)
        except Exception as e:  # noqa: BLE001
            raise _explain(op, specs, e) from None
        return Spec(dtype, shape)
    results, first_error = [], None
    for unknown in (1, 2, 3):
        try:
            results.append(_run(op, specs, attrs, unknown))
        except Exception as e:  # noqa: BLE001
            first_error = first_error or e
    if not results:
        raise _explain(op, specs, first_error) from None
    dtype, shape = results[0]
    if any(len(s) != len(shape) for _, s in results):
        return Spec(dtype, None)
    dims = tuple(d if all(s[i] == d for _, s in results) else None for i, d in enumerate(shape))
    return Spec(dtype, dims if len(results) > 1 else shape)


def check_sane(shape, where: str, limit: int = MAX_ELEMENTS) -> None:
    """Rejects negative or absurd dimensions (used when building and when loading)."""
    if shape is None:
        return
    total = 1
    for d in shape:
        if d is None:
            continue
        if not isinstance(d, int) or d < 0:
            raise ValueError(f"{where}: invalid dimension {d!r} in shape {_dims(shape)}")
        total *= max(d, 1)
        if total > limit:
            raise ValueError(f"{where}: shape {_dims(shape)} has more than {limit} "
                             "elements, which is not a sane tensor size")
