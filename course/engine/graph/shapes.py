"""Shape inference: what a graph node will produce, without any data.

A symbolic tensor carries a `Spec` instead of a NumPy array: a dtype and a
shape, `None` for a dimension that is only known when the graph runs
(`tf.TensorSpec([None, 3])`, `placeholder(shape=[None, 3])`).

To learn an op's output spec we simply run its NumPy forward on a small
stand-in array of the right dtype and shape, filled with ones (ones, not
zeros, so integer division works; zeros as a fallback, so `gather` indices are
in range). The op's own code decides the shape: nothing is written twice.

Unknown dimensions: we run the forward with each `None` replaced by 1, 2 and
3 (and 33, 34, 35 when those leave an output dimension at 0: a window wider
than the stand-ins). An output dimension that changes with the substitution
depends on the unknown one, so it is unknown too; a dimension that stays put is known
(`[None, 3] + [3]` gives `[None, 3]`; `reshape([None, 3], [-1])` gives
`[None]`). Ops that need an invertible matrix (Cholesky, a triangular solve,
the decompositions) get identity matrices as stand-ins instead of ones
(`IDENTITY_STAND_INS`); an op with several outputs gets a Spec for each.

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
    the rank is unknown. `const` holds the value when it is known while
    tracing (a Const node, shapes, small constant arithmetic), `partial` the
    known elements of a shape vector.
    """

    __slots__ = ("dtype", "shape", "const", "partial")

    def __init__(self, dtype, shape, const=None, partial=None):
        self.dtype = np.dtype(dtype)
        self.shape = None if shape is None else tuple(None if d is None else int(d) for d in shape)
        self.const = const
        # For a shape vector (tf.shape of a tensor with unknown dims): the elements known
        # now, None for the others (TF's constant_value_as_shape)
        self.partial = partial

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
            "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed. You can attempt the "
            "following resolutions to the problem: If you are running in Graph mode, use Eager "
            "execution mode or decorate this function with @tf.function. If you are using "
            "AutoGraph, you can try decorating this function with @tf.function. If that does not "
            "work, then you may be using an unsupported feature or your source code may not be "
            "visible to AutoGraph. See https://github.com/tensorflow/tensorflow/blob/master/"
            "tensorflow/python/autograph/g3doc/reference/limitations.md#access-to-source-code "
            "for more information.\nHint: AutoGraph turns `if` and `while` on tensors into "
            "tf.cond and tf.while_loop; with autograph=False, call those yourself.")

    def __int__(self):
        raise OperatorNotAllowedInGraphError(
            "A symbolic `tf.Tensor` has no value while the graph is being built; it cannot be "
            "converted to a Python int.")

    __float__ = __index__ = __int__

    def __repr__(self) -> str:
        return f"Spec({self.dtype.name}, {self.shape})"


class OperatorNotAllowedInGraphError(TypeError):
    """TF's error for Python control flow or conversion on a graph tensor."""


# Ops whose stand-ins are identity matrices: a matrix of ones is singular (a Cholesky
# factor, a triangular solve), an identity is as well-behaved as a matrix can be.
IDENTITY_STAND_INS = {"Cholesky", "MatrixTriangularSolve", "Svd", "Qr", "SelfAdjointEigV2",
                      "MatrixDeterminant", "LogMatrixDeterminant"}


def _stand_in(spec: Spec, fill, unknown: int, use_const: bool = True) -> np.ndarray:
    if spec.const is not None and (use_const or spec.dtype.kind == "V"):
        return spec.const
    shape = tuple(unknown if d is None else d for d in spec.shape)
    if fill == "identity" and len(shape) >= 2:
        return np.broadcast_to(np.eye(shape[-2], shape[-1], dtype=spec.dtype), shape)
    if spec.dtype == object:  # a string stand-in: b"1" (parses as a number), else b""
        fill = b"1" if fill else b""
    return np.broadcast_to(np.array(fill, dtype=spec.dtype), shape)  # no memory for the data


def _run(op, specs, attrs, unknown: int, use_const: bool = True):
    """The forward on stand-ins (ones, else zeros); returns (dtype, shape) or raises.

    An op with several outputs (Svd's s, u, v) gives a list of (dtype, shape).
    """
    first_error = None
    for fill in ("identity",) if op.name in IDENTITY_STAND_INS else (1, 0):
        try:
            out = op.forward(*[_stand_in(s, fill, unknown, use_const) for s in specs], **attrs)
        except (InvalidArgumentError, ValueError, IndexError, TypeError) as e:
            first_error = first_error or e
            continue
        if isinstance(out, tuple):
            return [(o.dtype, o.shape) for o in map(np.asarray, out)]
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
    return Spec(np.int64, (None, specs[0].ndim))  # (the rank too may be unknown)


def shape_from(spec: Spec):
    """The shape a shape vector describes, as far as it is known while tracing."""
    if spec.const is not None:
        return tuple(int(d) for d in np.reshape(spec.const, -1))
    if spec.partial is not None:
        return spec.partial
    n = spec.shape[0] if spec.shape else None
    return None if n is None else (None,) * n


def _random_rule(specs, attrs) -> Spec:
    # Random draws: the input is the output shape (known now, or only when the graph runs)
    return Spec(attrs["dtype"], shape_from(specs[0]))


def _shaped_by_input(specs, attrs) -> Spec | None:
    # Reshape/BroadcastTo with the shape as a second input computed while the graph runs:
    # only the rank is known (a known shape goes the ordinary way, on stand-ins)
    if len(specs) < 2 or specs[1].const is not None:
        return None
    shape = shape_from(specs[1])
    if specs[0].shape is not None and shape is not None and -1 in shape:  # reshape's -1
        return Spec(specs[0].dtype, tuple(None if d == -1 else d for d in shape))
    return Spec(specs[0].dtype, shape)


def _read_rule(specs, attrs) -> Spec:
    # ReadVariableOp: the variable's dtype and shape (its handle's spec carries the variable)
    value = specs[0].const._value
    return Spec(value.dtype, np.shape(value))


# Ops whose output shape depends on the data, not only on the input shapes.
def _rows(row_splits) -> int | None:
    """The number of rows of a ragged tensor with these row_splits (None when unknown)."""
    n = row_splits.shape[0] if row_splits.shape else None
    return None if n is None else n - 1


SHAPE_RULES = {"Where": _where_rule, "ReadVariableOp": _read_rule, "RandomUniform": _random_rule,
               # (a summary's flag; its kernel writes a file, so it never runs while tracing)
               "WriteSummary": lambda specs, attrs: Spec(bool, ()),
               "RandomStandardNormal": _random_rule, "TruncatedNormal": _random_rule,
               "RandomUniformInt": _random_rule, "StatelessRandomUniform": _random_rule,
               **dict.fromkeys(("StatelessRandomNormal", "StatelessTruncatedNormal",
                                "StatelessRandomUniformInt", "StatelessRandomUniformFullInt",
                                "StatelessRandomBinomial", "StatelessRandomUniformV2",
                                "StatelessRandomNormalV2", "StatelessTruncatedNormalV2",
                                "StatelessRandomUniformIntV2", "StatelessRandomUniformFullIntV2"),
                               _random_rule),
               "StatelessMultinomial": lambda specs, attrs: Spec(attrs["dtype"], (
                   specs[0].shape[0] if specs[0].shape else None,
                   None if specs[1].const is None else int(specs[1].const))),
               # a Generator's ops change its state variable: never run on a stand-in
               "RngReadAndSkip": lambda specs, attrs: Spec(np.int64, np.shape(specs[0].const._value)),
               "StatefulRandomBinomial": lambda specs, attrs: _random_rule(specs[2:], attrs),
               # (not run on a stand-in: that would advance the node's random stream)
               "RandomShuffle": lambda specs, attrs: Spec(specs[0].dtype, specs[0].shape),
               # one string -> as many pieces as the data has (see ops/string_ops.py)
               "StringSplitV2": lambda specs, attrs: Spec(object, (None,)),
               "StringBytesSplit": lambda specs, attrs: Spec(object, (None,)),
               "UnicodeSplit": lambda specs, attrs: Spec(object, (None,)),
               "UnicodeDecode": lambda specs, attrs: Spec(np.int32, (None,)),
               # the token ops of TextVectorization (ops/lookup_ops.py): rows of data-sized words
               "RaggedStringSplit": lambda specs, attrs: [Spec(object, (None,)), Spec(
                   np.int64, (None if not specs[0].shape or specs[0].shape[0] is None
                              else specs[0].shape[0] + 1,))],
               "LookupTableFindV2": lambda specs, attrs: Spec(attrs["dtype"], specs[0].shape),
               "RaggedTensorToTensor": lambda specs, attrs: Spec(specs[0].dtype, (
                   _rows(specs[1]), attrs.get("length"))),
               "RaggedBincount": lambda specs, attrs: Spec(attrs["dtype"], (
                   _rows(specs[0]), attrs["size"])),
               # tf.py_function: running Python code while tracing would be a side effect
               "EagerPyFunc": lambda specs, attrs: [Spec(t.as_numpy_dtype, None) for t in attrs[
                   "Tout"]] if isinstance(attrs["Tout"], tuple) else Spec(
                   attrs["Tout"].as_numpy_dtype, None),
               # (a stand-in of ones is a singular matrix: the shapes are those of the inputs)
               "MatrixInverse": lambda specs, attrs: Spec(specs[0].dtype, specs[0].shape),
               "MatrixSolve": lambda specs, attrs: Spec(specs[1].dtype, specs[1].shape),
               "StridedSliceGrad": lambda specs, attrs: None if len(specs) == 1 else
               Spec(specs[0].dtype, shape_from(specs[1])),
               "BroadcastGradientArgs": lambda specs, attrs: [Spec(np.int32, (None,))] * 2,
               "Sum": lambda specs, attrs: _sum_rule(specs, attrs),
               "Slice": lambda specs, attrs: _slice_rule(specs, attrs),
               "StridedSlice": lambda specs, attrs: _strided_slice_rule(specs, attrs),
               # the output shape is an input: known now if it is a constant
               "ScatterNd": lambda specs, attrs: None if specs[2].const is not None else
               Spec(specs[1].dtype, shape_from(specs[2]))}


def _strided_slice_rule(specs, attrs):
    """x[key] when x has unknown dimensions: an index into one is checked when the graph
    runs (TF's rule: stand-ins of sizes 1, 2, 3 would refuse x[5]), a slice of one has an
    unknown length. Known dimensions, and every other case, go the usual way."""
    shape, key = specs[0].shape, attrs["key"]
    consumed = sum(k is not None and k is not Ellipsis for k in key)
    if shape is None or None not in shape or consumed > len(shape) or key.count(Ellipsis) > 1:
        return None
    out, dim = [], 0
    for k in key:
        if k is Ellipsis:
            n = len(shape) - consumed
            out.extend(shape[dim:dim + n])
            dim += n
        elif k is None:  # (tf.newaxis)
            out.append(1)
        elif isinstance(k, slice):
            out.append(None if shape[dim] is None else len(range(*k.indices(shape[dim]))))
            dim += 1
        elif shape[dim] is not None and not -shape[dim] <= k < shape[dim]:
            return None  # (a known size: the stand-ins raise TF's error)
        else:
            dim += 1
    return Spec(specs[0].dtype, tuple(out) + shape[dim:])


def _slice_rule(specs, attrs):
    x, begin, size = specs
    if begin.const is not None and size.const is not None:
        return None  # (the usual way, on stand-ins)
    # begin or size computed while the graph runs: a size known now is that dimension's
    # (-1, "to the end", depends on begin: unknown); without sizes only the rank is known
    if size.const is not None:
        return Spec(x.dtype, tuple(None if s == -1 else int(s) for s in np.reshape(size.const, -1)))
    rank = x.ndim if x.ndim is not None else (size.shape[0] if size.shape else None)
    return Spec(x.dtype, None if rank is None else (None,) * rank)


def _sum_rule(specs, attrs):
    if len(specs) == 1:
        return None  # (the axes are an attr: the usual way)
    # The axes are a tensor computed while the graph runs: which dimensions remain is unknown
    rank = specs[0].ndim
    return Spec(specs[0].dtype, (None,) * rank if attrs["keepdims"] and rank is not None else None)


def infer(op, specs: list, attrs: dict) -> Spec:
    """The output Spec of `op` on inputs with `specs`, or TF's InvalidArgumentError
    (which `Graph.add_op` turns into TF's ValueError naming the node: shape_errors.py).

    >>> infer(REGISTRY["AddV2"], [Spec("float32", (None, 3)), Spec("float32", (3,))], {})
    Spec(float32, (None, 3))
    """
    rule = SHAPE_RULES.get(op.name)
    spec = None if rule is None else rule(specs, attrs)
    if spec is not None:
        return spec
    if op.name in ("Reshape", "BroadcastTo"):
        spec = _shaped_by_input(specs, attrs)
        if spec is not None:
            return spec
        if op.name == "BroadcastTo" and len(specs) == 1 and specs[0].shape is None:
            return Spec(specs[0].dtype, attrs["shape"])  # (its rank is checked when it runs)
        if op.name == "Reshape" and len(specs) == 1 and (specs[0].shape is None or
                                                         None in specs[0].shape):
            # the target shape says it all; a -1 stays unknown while the input's size is
            _check_divides(specs[0].shape, attrs["shape"])
            return Spec(specs[0].dtype, tuple(None if d == -1 else d for d in attrs["shape"]))
    known = _known_value(op, specs, attrs)
    if known is not None:
        return known
    try:
        return _infer(op, specs, attrs, True)
    except InvalidArgumentError:
        if not any(s.const is not None for s in specs):
            raise
        # The constants' *values* are the problem (an index out of range, say): TF's shape
        # functions never look at values, so the error waits until the node runs.
        return _infer(op, specs, attrs, False)


def _check_divides(shape, target) -> None:
    # TF: the known part of the input's size must divide a target size without -1
    known = int(np.prod([d for d in shape or () if d is not None], dtype=np.int64))
    wanted = int(np.prod(target, dtype=np.int64))
    if shape is not None and -1 not in target and known and wanted % known:
        raise invalid_argument("Reshape", f"Dimension size must be evenly divisible by {known} "
                                          f"but is {wanted}")


_SMALL = 64  # constants up to this size are computed while tracing (shapes, indices)


def _known_value(op, specs, attrs):
    """The output as a constant, when it can be known while tracing (TF's constant_value)."""
    if op.stateful or not specs or op.outputs != 1:
        return None
    if op.name in ("Shape", "Size") and specs[0].shape is not None and None not in specs[0].shape:
        stand_in = np.broadcast_to(np.zeros((), specs[0].dtype), specs[0].shape)
        value = np.asarray(op.forward(stand_in, **attrs))
        return Spec(value.dtype, value.shape, const=value)
    if op.name == "Shape" and specs[0].shape is not None:  # some dims known: keep them
        return Spec(attrs["out_type"], (len(specs[0].shape),), partial=specs[0].shape)
    if all(s.const is not None and np.size(s.const) <= _SMALL for s in specs):
        try:
            value = np.asarray(op.forward(*[s.const for s in specs], **attrs))
        except Exception:  # noqa: BLE001 - not known now; ordinary inference explains errors
            return None
        if value.size <= _SMALL:
            return Spec(value.dtype, value.shape, const=value)
    return None


def _full_reduction(specs, attrs):
    # axis=None without keepdims: a scalar, whatever the rank (TF's Sum of all axes)
    return () if attrs["axis"] is None and not attrs["keepdims"] else None


def _concat_rule(specs, attrs):
    # Another input of known rank tells the rank, and the sizes off the axis (TF's merge)
    known = [s.shape for s in specs if s.shape is not None]
    if not known or not -len(known[0]) <= attrs["axis"] < len(known[0]):
        return None
    axis = attrs["axis"] % len(known[0])
    return tuple(None if i == axis or any(s[i] != d for s in known) else d
                 for i, d in enumerate(known[0]))


# Unknown rank in, yet TF knows the output's shape (or rank) from the attrs.
UNKNOWN_RANK_RULES = {
    **{name: _full_reduction for name in ("Sum", "Mean", "Max", "Min", "Prod", "Any", "All")},
    "Shape": lambda specs, attrs: (None,), "Size": lambda specs, attrs: (), "Rank": lambda specs, attrs: (),
    # the perm, the multiples, the paddings: one entry per dimension
    "Transpose": lambda specs, attrs: None if attrs["perm"] is None else (None,) * len(attrs["perm"]),
    "ConcatV2": _concat_rule,
    # the equation names each output dimension
    "Einsum": lambda specs, attrs: (None,) * len(attrs["equation"].partition("->")[2]),
    # one loss per label
    "SparseSoftmaxCrossEntropyWithLogits": lambda specs, attrs: specs[0].shape,
    # half the sum of all squares: always a scalar
    "L2Loss": lambda specs, attrs: (),
    "Tile": lambda specs, attrs: (None,) * len(attrs["multiples"]),
    "PadV2": lambda specs, attrs: (None,) * len(attrs["paddings"]),
}


def _infer(op, specs: list, attrs: dict, use_const: bool) -> Spec:
    if any(s.shape is None for s in specs):
        return _infer_unknown_rank(op, specs, attrs, use_const)
    if not any(None in s.shape for s in specs):
        try:
            result = _run(op, specs, attrs, 1, use_const)
        except Exception as e:  # noqa: BLE001
            raise _explain(op, specs, e) from None
        return [Spec(*r) for r in result] if isinstance(result, list) else Spec(*result)
    results, first_error, fitted = [], None, None
    for sizes in _STAND_IN_SIZES:
        for unknown in sizes:
            try:
                results.append(_run(op, specs, attrs, unknown, use_const))
                fitted = unknown
            except Exception as e:  # noqa: BLE001
                first_error = first_error or e
        if results and not any(0 in shape for _, shape in _outputs(results)):
            break  # (else: a window wider than the stand-ins, a 5-wide convolution of 1, 2
            #        or 3 steps, gives nothing or 0 steps: try wider stand-ins too)
    if not results:
        raise _explain(op, specs, first_error) from None
    if isinstance(results[0], list):  # several outputs: each on its own
        return [_merge([r[i] for r in results], fitted) for i in range(len(results[0]))]
    return _merge(results, fitted)


# Sizes an unknown dimension stands in as: small first (cheap), wider when those leave an
# output dimension at 0 (a 0 that changes with the stand-in is unknown; one that stays is 0).
_STAND_IN_SIZES = ((1, 2, 3), (33, 34, 35))


def _outputs(results: list) -> list:
    """Every (dtype, shape) in `results` (an op with several outputs gives a list of them)."""
    return [r for result in results for r in (result if isinstance(result, list) else [result])]


def _merge(results: list, fitted: int) -> Spec:
    """One output's Spec from its (dtype, shape) with unknown dimensions set to 1, 2 and 3."""
    dtype, shape = results[0]
    if any(len(s) != len(shape) for _, s in results):
        return Spec(dtype, None)
    if len(results) == 1:
        # Only one stand-in fitted ((None,) + (5,): None must be 1 or 5). A dimension
        # equal to that stand-in may have come from it: unknown; the others are known.
        return Spec(dtype, tuple(None if d == fitted else d for d in shape))
    dims = tuple(d if all(s[i] == d for _, s in results) else None for i, d in enumerate(shape))
    return Spec(dtype, dims)


def _infer_unknown_rank(op, specs: list, attrs: dict, use_const: bool) -> Spec:
    """Some input's rank is unknown: learn the output dtype, and the shape only where TF does.

    The stand-in for an unknown-rank input is tried as a scalar, then with more
    and more dimensions (of sizes 1, 2, 3), until the op accepts it: an axis
    attr of 1 needs a matrix. A bad axis is the data's fault, found when the
    graph runs (TF's rule), so it only fails here when no stand-in fits.
    """
    first_error = None
    for rank in range(8):
        for size in (1, 2, 3) if rank else (1,):
            stand_ins = [Spec(s.dtype, (size,) * rank) if s.shape is None else s for s in specs]
            try:
                result = _run(op, stand_ins, attrs, 1, use_const)
                dtype = result if isinstance(result, list) else result[0]
            except Exception as e:  # noqa: BLE001 - any failure becomes TF's error
                first_error = first_error or e
                continue
            if isinstance(dtype, list):  # several outputs (the dtypes of the first tries)
                return [Spec(d, None) for d, _ in dtype]
            rule = UNKNOWN_RANK_RULES.get(op.name)
            return Spec(dtype, rule(specs, attrs) if rule else None)
    raise _explain(op, specs, first_error) from None


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
