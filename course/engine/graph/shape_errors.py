"""Errors found while a graph is built: TF's `ValueError` from a node's shape function.

TensorFlow checks each new graph node's input shapes as soon as the node is
made (tracing a `tf.function`, or TF1's `with tf.Graph().as_default():`), and
a shape that cannot work is a `ValueError` raised right there, naming the node:

    >>> @tf.function(input_signature=[tf.TensorSpec([None, 3]), tf.TensorSpec([2])])
    ... def f(x, y):
    ...     return x + y
    ValueError: Dimensions must be equal, but are 3 and 2 for '{{node add}} =
    AddV2[T=DT_FLOAT](x, y)' with input shapes: [?,3], [2].

`core.py` runs shape inference (`shapes.infer`) for every new node; when that
fails, `trace_error` builds this ValueError: TF's wording for the frequent op
families (broadcasting, matmul, reshape, broadcast_to, concat, stack, squeeze,
reductions, argmax, gather, indexing, expand_dims, transpose, tile, softmax
cross-entropy), else the eager error's message, then the node written as TF
writes a NodeDef: `OpType[attrs](inputs)`.

Some of TF's inputs are attrs here (a reshape's target shape, a reduction's
axes): they are written as TF writes them, `Reshape/shape`, with their shapes,
and their values after the shapes ("with computed input tensors: input[1] = <2>").

Read next: `core.py` (`Graph.add_op`), `shapes.py` (`infer`).
"""
from __future__ import annotations

import numpy as np

from .stacks import without_op_name

_DT_NAMES = {"float32": "DT_FLOAT", "float64": "DT_DOUBLE", "float16": "DT_HALF",
             "object": "DT_STRING", "void": "DT_RESOURCE"}


def _dt(dtype) -> str:
    """TF's enum name of a dtype: float32 is DT_FLOAT, int32 DT_INT32."""
    name = np.dtype(dtype).name
    return _DT_NAMES.get(name, "DT_" + name.upper())


def _dims(shape) -> str:
    """A shape as TF's shape functions print it: [?,3]; ? when even the rank is unknown."""
    if shape is None:
        return "?"
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _attr(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_attr(v) for v in value) + "]"
    if isinstance(value, (type, np.dtype)):
        return _dt(value)
    return str(value)


class _Said:
    """What TF's shape function of one op family says about a node.

    `attrs`: the NodeDef's attrs (TF's names); `extra`: TF inputs that are
    attrs here, as (name under the node, shape); `message`: TF's complaint, or
    None when the family's checks find none (the engine's own message is used);
    `computed`: the constant inputs' values TF prints after the shapes.
    """

    def __init__(self, attrs: dict, extra=(), message=None, computed: str = ""):
        self.attrs, self.extra, self.message, self.computed = attrs, list(extra), message, computed


# -- the families ----------------------------------------------------------------------
def _broadcast(a, b):
    """(shape, None) of a and b broadcast, or (None, TF's message) when they cannot be."""
    if a is None or b is None:
        return None, None
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    out = []
    for x, y in zip(a, b):  # (TF looks from the left: the first pair that cannot be)
        if x is not None and y is not None and x != y and 1 not in (x, y):
            return None, f"Dimensions must be equal, but are {x} and {y}"
        out.append(y if x == 1 else x if y == 1 else x if y is None else y)
    return tuple(out), None


def _binary(shapes, dtypes, attrs, op_type, consts):
    tf_attrs = {} if op_type in ("LogicalAnd", "LogicalOr") else {"T": dtypes[0]}
    if op_type in ("Equal", "NotEqual"):
        tf_attrs["incompatible_shape_error"] = True
    return _Said(tf_attrs, message=_broadcast(shapes[0], shapes[1])[1])


def _cross_entropy(shapes, dtypes, attrs, op_type, consts):
    # TF broadcasts logits (the second input here) with labels
    return _Said({"T": dtypes[1]}, message=_broadcast(shapes[1], shapes[0])[1])


def _select(shapes, dtypes, attrs, op_type, consts):
    # TF: then and else broadcast first, then the condition with what they make
    both, message = _broadcast(shapes[1], shapes[2])
    if message is None and both is not None:
        message = _broadcast(shapes[0], both)[1]
    return _Said({"T": dtypes[1]}, message=message)


def _matmul(shapes, dtypes, attrs, op_type, consts):
    ta, tb = bool(attrs.get("transpose_a", False)), bool(attrs.get("transpose_b", False))
    if op_type == "MatMul":
        tf_attrs = {"T": dtypes[0], "grad_a": False, "grad_b": False, "transpose_a": ta,
                    "transpose_b": tb}
    else:
        tf_attrs = {"T": dtypes[0], "adj_x": ta, "adj_y": tb, "grad_x": False, "grad_y": False}
    a, b = shapes
    for s in shapes:
        if s is not None and (len(s) != 2 if op_type == "MatMul" else len(s) < 2):
            kind = "" if op_type == "MatMul" else "at least "
            return _Said(tf_attrs, message=f"Shape must be {kind}rank 2 but is rank {len(s)}")
    if a is None or b is None:
        return _Said(tf_attrs)
    inner_a, inner_b = a[-2] if ta else a[-1], b[-1] if tb else b[-2]
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        return _Said(tf_attrs, message=f"Dimensions must be equal, but are {inner_a} and {inner_b}")
    return _Said(tf_attrs, message=_broadcast(a[:-2], b[:-2])[1])  # the batch dimensions


def _product(dims) -> int:
    return int(np.prod([d for d in dims if d is not None and d != -1], dtype=np.int64))


def _target_shape(shapes, attrs, consts) -> tuple:
    """(the shape a Reshape or BroadcastTo asks for, or None if it is known only when the graph
    runs; TF's `shape` input when it is an attr here, as (name, shape))."""
    if len(shapes) == 1:
        return tuple(attrs["shape"]), [("shape", (len(attrs["shape"]),))]
    # (the shape is a tensor input: known now if it is a constant)
    return (None if consts[1] is None else tuple(int(d) for d in np.reshape(consts[1], -1))), []


def _reshape(shapes, dtypes, attrs, op_type, consts):
    target, extra = _target_shape(shapes, attrs, consts)
    said = _Said({"T": dtypes[0], "Tshape": dtypes[1] if len(dtypes) > 1 else np.int32}, extra)
    x = shapes[0]
    if target is None or x is None:
        return said
    if target:  # (TF prints no partial shape for an empty one)
        said.computed = (" and with input tensors computed as partial shapes: input[1] = "
                         + _dims(tuple(None if d == -1 else d for d in target)))
    wanted = _product(target)
    if None not in x:
        size = _product(x)
        if -1 not in target and wanted != size:
            said.message = (f"Cannot reshape a tensor with {size} elements to shape "
                            f"{_dims(target)} ({wanted} elements)")
        elif -1 in target and wanted and size % wanted:
            said.message = f"Dimension size must be evenly divisible by {wanted} but is {size}"
    elif -1 not in target and _product(x) and wanted % _product(x):
        said.message = f"Dimension size must be evenly divisible by {_product(x)} but is {wanted}"
    return said


def _broadcast_to(shapes, dtypes, attrs, op_type, consts):
    target, extra = _target_shape(shapes, attrs, consts)
    said = _Said({"T": dtypes[0], "Tidx": dtypes[1] if len(dtypes) > 1 else np.int32}, extra)
    x = shapes[0]
    if target is None or x is None:
        return said
    if len(x) > len(target):
        said.message = f"Shape must be at most rank {len(target)} but is rank {len(x)}"
        return said
    said.computed = f" and with input tensors computed as partial shapes: input[1] = {_dims(target)}"
    for d, t in zip(reversed(x), reversed(target)):  # (TF looks from the right)
        if d is not None and d != 1 and d != t:
            said.message = f"Dimensions must be equal, but are {d} and {t}"
            break
    return said


def _merge_message(i, a, b, after=""):
    return (f"Dimension {i} in both shapes must be equal, but are {a[i]} and {b[i]}. "
            f"Shapes are {_dims(a)} and {_dims(b)}.{after}")


def _merge(a, b, after=""):
    """(a merged with b, None), or (None, TF's message): known dimensions must agree."""
    if a is None or b is None:
        return (b if a is None else a), None
    if len(a) != len(b):
        return None, f"Shapes must be equal rank, but are {len(a)} and {len(b)}{after}"
    for i, (x, y) in enumerate(zip(a, b)):
        if x is not None and y is not None and x != y:
            return None, _merge_message(i, a, b, after)
    return tuple(y if x is None else x for x, y in zip(a, b)), None


def _concat(shapes, dtypes, attrs, op_type, consts):
    n, axis = len(shapes), attrs["axis"]
    said = _Said({"N": n, "T": dtypes[0], "Tidx": np.int32}, [("axis", ())])
    known = [s for s in shapes if s is not None]
    if not known:
        return said
    rank = len(known[0])
    for s in known:
        if len(s) != rank:
            said.message = f"Shape must be rank {rank} but is rank {len(s)}"
            return said
    said.computed = f" and with computed input tensors: input[{n}] = <{axis}>"
    if not -rank <= axis < rank:
        said.message = f"Shape must be at least rank {axis + 1 if axis >= 0 else -axis} but is rank {rank}"
        return said
    axis %= rank
    before = after = None  # (the dimensions off the axis must agree; TF merges input by input)
    for s in known:
        before, message = _merge(before, s[:axis])
        if message is None:
            after, message = _merge(after, s[axis + 1:])
        if message is not None:
            said.message = message
            return said
    return said


def _merge_all(shapes, dtypes, attrs, op_type, consts):
    # Pack and AddN: TF merges from the last input back to the first
    tf_attrs = {"N": len(shapes), "T": dtypes[0]}
    if op_type == "Pack":
        tf_attrs["axis"] = attrs["axis"]
    merged = shapes[-1]
    for i in range(len(shapes) - 2, -1, -1):
        merged, message = _merge(shapes[i], merged, f"\n\tFrom merging shape {i} with other shapes.")
        if message is not None:
            return _Said(tf_attrs, message=message)
    return _Said(tf_attrs)


def _squeeze(shapes, dtypes, attrs, op_type, consts):
    axes = attrs["axis"]
    said = _Said({"T": dtypes[0], "squeeze_dims": list(axes or ())})
    x = shapes[0]
    if x is None or axes is None:
        return said
    rank = len(x)
    for i, a in enumerate(axes):
        if not -rank <= a < rank:
            said.message = f"squeeze_dims[{i}] not in [{-rank},{rank})."
            return said
    wanted = {a % rank for a in axes}
    for i, d in enumerate(x):
        if i in wanted and d is not None and d != 1:
            said.message = f"Can not squeeze dim[{i}], expected a dimension of 1, got {d}"
            return said
    return said


def _reduction(shapes, dtypes, attrs, op_type, consts):
    axes = attrs["axis"]
    tf_attrs = {} if op_type in ("Any", "All") else {"T": dtypes[0]}
    tf_attrs.update(Tidx=np.int32, keep_dims=bool(attrs["keepdims"]))
    if len(shapes) > 1 or axes is None:  # (axes given as a tensor, or all of them)
        return _Said(tf_attrs)
    # (one axis is printed as TF prints `axis=1`, a scalar: `axis=[1]` would be [1] in TF)
    said = _Said(tf_attrs, [("reduction_indices", () if len(axes) == 1 else (len(axes),))])
    x = shapes[0]
    if x is not None:
        for a in axes:
            if not -len(x) <= a < len(x):
                said.message = f"Invalid reduction dimension {a} for input with {len(x)} dimensions."
                said.computed = (" and with computed input tensors: input[1] = <"
                                 + " ".join(str(a) for a in axes) + ">")
                break
    return said


def _arg_reduction(shapes, dtypes, attrs, op_type, consts):
    axis = attrs["axis"]
    said = _Said({"T": dtypes[0], "Tidx": np.int32, "output_type": attrs["output_type"]},
                 [("dimension", ())])
    x = shapes[0]
    if x is not None and not -len(x) <= axis < len(x):
        said.message = (f"Dimension ({axis}) must be in the range [{-len(x)}, {len(x)}), where "
                        f"{len(x)} is the number of dimensions in the input.")
        said.computed = f" and with computed input tensors: input[1] = <{axis}>"
    return said


def _gather(shapes, dtypes, attrs, op_type, consts):
    axis = attrs["axis"]
    said = _Said({"Taxis": np.int32, "Tindices": dtypes[1], "Tparams": dtypes[0], "batch_dims": 0},
                 [("axis", ())])
    x = shapes[0]
    if x is not None and not -len(x) <= axis < len(x):
        said.message = f"Shape must be at least rank {max(axis, -axis - 1) + 1} but is rank {len(x)}"
        said.computed = f" and with computed input tensors: input[2] = <{axis}>"
    return said


def _stacked(key):
    """TF's begin, end, strides and masks for an index `key` (as `t[key]` makes them)."""
    rows, masks = [], dict.fromkeys(
        ("begin_mask", "ellipsis_mask", "end_mask", "new_axis_mask", "shrink_axis_mask"), 0)
    for i, k in enumerate(key):
        if isinstance(k, slice):
            rows.append((k.start or 0, k.stop or 0, 1 if k.step is None else k.step))
            masks["begin_mask"] |= (k.start is None) << i
            masks["end_mask"] |= (k.stop is None) << i
        elif k is Ellipsis or k is None:
            rows.append((0, 0, 1))
            masks["ellipsis_mask" if k is Ellipsis else "new_axis_mask"] |= 1 << i
        else:  # (an index: a slice of one, then that dimension dropped)
            rows.append((k, k + 1, 1))
            masks["shrink_axis_mask"] |= 1 << i
    begin, end, strides = zip(*rows) if rows else ((), (), ())
    return begin, end, strides, masks


def _strided_slice(shapes, dtypes, attrs, op_type, consts):
    key = attrs["key"]
    begin, end, strides, masks = _stacked(key)
    n = (len(key),)
    said = _Said({"Index": np.int32, "T": dtypes[0], **masks},
                 [("stack", n), ("stack_1", n), ("stack_2", n)])
    x = shapes[0]
    if x is None or key.count(Ellipsis) > 1:
        return said
    values = [" ".join(str(v) for v in vector) for vector in (begin, end, strides)]
    consumed = [k for k in key if k is not None and k is not Ellipsis]
    if len(consumed) > len(x):
        said.message = (f"Index out of range using input dim {len(consumed) - 1}; input has only "
                        f"{len(x)} dims")
        said.computed = f" and with computed input tensors: input[3] = <{values[2]}>"
        return said
    dim = 0
    for k in key:
        if k is Ellipsis:
            dim += len(x) - len(consumed)
        elif k is not None:
            if isinstance(k, int) and x[dim] is not None and not -x[dim] <= k < x[dim]:
                # (TF names a negative index as it counts it: -3 of a size 2 is -1)
                said.message = (f"slice index {k + x[dim] if k < 0 else k} of dimension {dim} "
                                "out of bounds.")
                said.computed = " and with computed input tensors: " + ", ".join(
                    f"input[{i}] = <{v}>" for i, v in enumerate(values, 1))
                return said
            dim += 1
    return said


def _expand_dims(shapes, dtypes, attrs, op_type, consts):
    axis = attrs["axis"]
    said = _Said({"T": dtypes[0], "Tdim": np.int32}, [("dim", ())])
    x = shapes[0]
    if x is not None and not -len(x) - 1 <= axis <= len(x):
        said.message = f"dim {axis} not in the interval [{-len(x) - 1}, {len(x)}]."
        said.computed = f" and with computed input tensors: input[1] = <{axis}>"
    return said


def _transpose(shapes, dtypes, attrs, op_type, consts):
    perm = attrs["perm"]
    if perm is None or len(shapes) > 1:
        return _Said({"T": dtypes[0], "Tperm": np.int32})
    said = _Said({"T": dtypes[0], "Tperm": np.int32}, [("perm", (len(perm),))])
    if shapes[0] is not None and len(perm) != len(shapes[0]):
        said.message = f"Dimension must be {len(shapes[0])} but is {len(perm)}"
    return said


def _tile(shapes, dtypes, attrs, op_type, consts):
    multiples = attrs["multiples"]
    said = _Said({"T": dtypes[0], "Tmultiples": np.int32}, [("multiples", (len(multiples),))])
    if shapes[0] is not None and len(multiples) != len(shapes[0]):
        said.message = f"Shape must be rank {len(shapes[0])} but is rank {len(multiples)}"
    return said


_BINARY = ("AddV2", "Sub", "Mul", "RealDiv", "Div", "DivNoNan", "FloorDiv", "FloorMod",
           "TruncateDiv", "TruncateMod", "Pow", "Maximum", "Minimum", "SquaredDifference",
           "Atan2", "Xdivy", "Xlogy", "Xlog1py", "Less", "LessEqual", "Greater", "GreaterEqual",
           "Equal", "NotEqual", "LogicalAnd", "LogicalOr", "BitwiseAnd", "BitwiseOr", "BitwiseXor",
           "LeftShift", "RightShift")
# op type -> its shape function's words (from the inputs' shapes, dtypes and constant values)
FAMILIES = {**dict.fromkeys(_BINARY, _binary), "SelectV2": _select,
            "SoftmaxCrossEntropyWithLogits": _cross_entropy,
            "MatMul": _matmul, "BatchMatMulV2": _matmul, "ConcatV2": _concat,
            "Pack": _merge_all, "AddN": _merge_all, "Squeeze": _squeeze,
            **dict.fromkeys(("Sum", "Mean", "Max", "Min", "Prod", "Any", "All"), _reduction),
            "ArgMax": _arg_reduction, "ArgMin": _arg_reduction, "ExpandDims": _expand_dims,
            "GatherV2": _gather, "StridedSlice": _strided_slice,
            "Transpose": _transpose, "Tile": _tile, "Reshape": _reshape,
            "BroadcastTo": _broadcast_to}


def _engine_message(error) -> tuple[str, str]:
    """The eager error's message without its `[Op:Name]`, and its hint line(s)."""
    first, _, rest = str(error).partition("\n")
    return without_op_name(first), rest


def _name(tensor) -> str:
    # TF's NodeDef names an op's first output by the op's name, the others "name:1"
    return tensor.op.name if tensor._index == 0 else tensor.name


def trace_error(op_type: str, name: str, inputs: tuple, attrs: dict, error) -> ValueError:
    """TF's ValueError for a node whose input shapes cannot work (`error`: inference's).

    The text is TF's: `<message> for '{{node NAME}} = OpType[attrs](inputs)'
    with input shapes: <shapes>.` For an op of no family in FAMILIES the
    message is the eager one and the attrs are only `T` (an approximation),
    followed by the eager error's hint.
    """
    specs = [x._value for x in inputs]
    shapes = [s.shape for s in specs]
    dtypes = [s.dtype for s in specs]
    family = FAMILIES.get(op_type)
    if family is not None:
        said = family(shapes, dtypes, attrs, op_type, [s.const for s in specs])
    else:
        said = _Said({"T": dtypes[0]} if dtypes else {})
    message, hint = (said.message, "") if said.message is not None else _engine_message(error)
    names = [_name(x) for x in inputs] + [f"{name}/{suffix}" for suffix, _ in said.extra]
    all_shapes = shapes + [shape for _, shape in said.extra]
    node = (f"{{{{node {name}}}}} = {op_type}["
            + ", ".join(f"{k}={_attr(v)}" for k, v in sorted(said.attrs.items()))
            + "](" + ", ".join(names) + ")")
    text = (f"{message} for '{node}' with input shapes: "
            + ", ".join(_dims(s) for s in all_shapes) + said.computed + ".")
    return ValueError(text + ("\n" + hint if hint else ""))

