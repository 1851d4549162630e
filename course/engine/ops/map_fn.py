"""`tf.map_fn`: apply a function to each element along the first axis, and stack the results.

    >>> tf.map_fn(lambda x: x * x, tf.constant([1, 2, 3]))
    <tf.Tensor: shape=(3,), dtype=int32, numpy=array([1, 4, 9], dtype=int32)>

No new op: as in TF, it is a `tf.while_loop` over the index that reads
element i from a TensorArray (`unstack` of the input), calls `fn` and
writes the result into another TensorArray, stacked at the end. So it runs
eagerly (the loop is a Python loop) and in a `tf.function` (a While node,
with AutoGraph applied to `fn`), and gradients flow through it like through
any loop. Read next: while_ops.py, ../tensor_array.py.
"""
from __future__ import annotations

from .. import dtypes
from ..function import TensorSpec
from ..graph.core import executing_eagerly
from ..tensor import Tensor, TensorShape, convert_to_tensor
from ..tensor_shape import Dimension
from . import array_ops as _array
from .branch_graphs import flatten, pack, same_structure
from .while_ops import while_loop

__all__ = ["map_fn", "vectorized_map"]


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop: bool = True,
           swap_memory: bool = False, infer_shape: bool = True, name=None,
           fn_output_signature=None):
    """`fn` applied to each `elems[i]`, the results stacked. Mirrors `tf.map_fn`.

    `elems` is a tensor or a (nested) tuple/list/dict of tensors with the same
    first dimension; `fn` receives one slice of each, in the same structure.
    When `fn` returns another structure or dtype than its input, say which
    with `fn_output_signature` (a DType or `tf.TensorSpec`, or a structure of
    them). `parallel_iterations`, `back_prop` and `swap_memory` are accepted.

    >>> tf.map_fn(lambda t: tf.cast(t[0], tf.float32) * t[1],
    ...           (tf.constant([1, 2]), tf.constant([3.0, 4.0])), fn_output_signature=tf.float32)
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([3., 8.], dtype=float32)>
    """
    if fn_output_signature is None:
        fn_output_signature = dtype
    if not callable(fn):
        raise TypeError(f"The provided function {getattr(fn, '__name__', fn)} is not callable."
                        "fn must be callable.")
    from ..extension_type import ExtensionType  # (extension_type.py imports this package)
    if isinstance(elems, ExtensionType):
        return _map_extension_type(fn, elems, fn_output_signature)
    elems_flat = [x.read_value() if getattr(x, "_is_variable", False) else x
                  for x in flatten(elems)]
    if not elems_flat:
        raise ValueError("elems must be a Tensor or (possibly nested) sequence of Tensors. "
                         f"Got {elems}, which does not contain any Tensors.")
    elems_flat = [x if isinstance(x, Tensor) else convert_to_tensor(x) for x in elems_flat]
    first = elems_flat[0].shape
    if first.rank is not None and first.rank < 1:
        raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
    n_static = Dimension(first[0] if first.rank else None)
    for x in elems_flat[1:]:
        n_static.assert_is_compatible_with(Dimension(x.shape[0] if x.shape.rank else None))
    n = n_static.value if n_static.value is not None else _array.shape(elems_flat[0])[0]

    if fn_output_signature is None:  # fn returns elems' structure and dtypes (any shapes: TF)
        out_structure = elems
        out_specs = [TensorSpec(TensorShape(None), x.dtype) for x in elems_flat]
    else:
        out_structure = fn_output_signature
        out_specs = [_spec(s) for s in flatten(fn_output_signature)]

    from ..tensor_array import TensorArray  # (tensor_array.py imports the ops package)
    inputs = [TensorArray(x.dtype, size=n, infer_shape=True).unstack(x) for x in elems_flat]
    outputs = [TensorArray(s.dtype, size=n, infer_shape=infer_shape, element_shape=s.shape)
               for s in out_specs]
    body = fn
    if not executing_eagerly():  # in a graph, TF converts fn with AutoGraph (Python if/for)
        from ..autograph import converted
        body = converted(fn)

    def compute(i, tas):
        result = body(pack(elems, [ta.read(i) for ta in inputs]))
        if not same_structure(out_structure, result) or \
                len(flatten(out_structure)) != len(flatten(result)):
            raise ValueError(f"The two structures don't have the same nested structure.\n\n"
                             f"First structure: {out_structure}\n\nSecond structure: {result}\n\n"
                             "(map_fn: fn must return the structure of elems, or of "
                             "fn_output_signature when that is given)")
        return i + 1, [ta.write(i, value) for ta, value in zip(tas, flatten(result))]

    _, written = while_loop(lambda i, _: i < n, compute, (0, outputs),
                            maximum_iterations=n)
    stacked = [ta.stack() for ta in written]
    return pack(out_structure, stacked)


def _spec(signature) -> TensorSpec:
    """A DType or TensorSpec of fn_output_signature, as a TensorSpec (unknown shape for a DType)."""
    if isinstance(signature, TensorSpec):
        return signature
    try:
        return TensorSpec(TensorShape(None), dtypes.as_dtype(signature))
    except TypeError:
        raise TypeError(f"map_fn can not generate {signature} outputs") from None


def vectorized_map(fn, elems, fallback_to_while_loop: bool = True, warn: bool = True):
    """`fn` applied to each slice of `elems` along the first axis, the results stacked.

    Mirrors `tf.vectorized_map`, whose results are, as TF documents, those of `tf.map_fn`.
    TF gets its speed by rewriting the loop into batched ops; this engine runs the
    map_fn loop (same values, no speed-up). Unlike map_fn it needs no
    `fn_output_signature`: tracing `fn` once on a slice's spec, without running it, tells
    what `fn` returns.

    >>> tf.vectorized_map(lambda t: t * 2, tf.constant([[1, 2], [3, 4]]))
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=
    array([[2, 4],
           [6, 8]], dtype=int32)>
    """
    from ..function import function  # (function.py imports the ops package)
    flat = [x if isinstance(x, Tensor) else convert_to_tensor(x) for x in flatten(elems)]
    slice_specs = pack(elems, [TensorSpec(TensorShape(x.shape.as_list()[1:]) if x.shape.rank
                                          else TensorShape(None), x.dtype) for x in flat])
    outputs = function(fn).get_concrete_function(slice_specs).structured_outputs
    signature = pack(outputs, [TensorSpec(t.shape, t.dtype) for t in flatten(outputs)])
    return map_fn(fn, elems, fn_output_signature=signature)


def _map_extension_type(fn, elems, fn_output_signature):
    """`tf.map_fn` over a batch of a BatchableExtensionType: `fn` gets each value of the batch;
    ExtensionType results make a batch again (TF's default signature: the input's type), tensor
    results are stacked. Eagerly only."""
    from ..extension_type import ExtensionType, batch_size_of, stack_values, value_row
    if not executing_eagerly():
        raise NotImplementedError("tf.map_fn over an ExtensionType inside tf.function is not "
                                  "part of this engine; call it eagerly.")
    results = [fn(value_row(elems, i)) for i in range(batch_size_of(elems))]
    if not results:
        raise ValueError("tf.map_fn over an empty batch of ExtensionTypes: this engine needs "
                         "at least one value to know the result's type")
    if isinstance(results[0], ExtensionType):
        return stack_values(results)
    if fn_output_signature is None:
        raise TypeError(f"fn returned {type(results[0]).__name__} where the input's type, "
                        f"{type(elems).__name__}, was expected: give fn_output_signature")
    return _array.stack([r if isinstance(r, Tensor) else convert_to_tensor(r) for r in results])
