"""Merge layers: `Concatenate`, `Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum`.

Each takes a list of inputs and returns one tensor:

    >>> a, b = tf.keras.Input(shape=(1,)), tf.keras.Input(shape=(2,))
    >>> tf.keras.layers.Concatenate()([a, b])
    <KerasTensor shape=(None, 3), dtype=float32, sparse=False, ragged=False, name=keras_tensor_2>

The typical use of `Concatenate` is a model over a dict of columns (one `Input` per
column), whose numeric columns are joined before a `Normalization` or `Dense`
layer. The others combine inputs element by element (a residual connection is
`Add()([x, block(x)])`); their shapes broadcast as NumPy's do, except the batch
axis, which must agree. Each has a function of the same name in lower case
(`tf.keras.layers.add([a, b])` is `Add()([a, b])`). Integers stay integers (the sum of
int32 inputs is int32); inputs of mixed dtypes meet in Keras 3's common one (`common_dtype`).

Read next: functional.py (how a layer called on a list of KerasTensors is wired).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..ops import array_ops, index_ops, math_ops, reduce_ops
from .layers import Layer
from .masking import get_keras_mask, set_keras_mask

__all__ = ["Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
           "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate"]


def common_dtype(inputs: list) -> list:
    """The inputs cast to one dtype, as Keras 3's ops promote them: the widest float among
    them if there is one (int64 with float32 gives float32, not NumPy's float64), else the
    integer type that holds them all."""
    kinds = {x.dtype for x in inputs}
    if len(kinds) == 1:
        return list(inputs)
    floats = [d for d in kinds if d.is_floating]
    target = max(floats, key=lambda d: d.size) if floats else \
        dtypes.as_dtype(np.result_type(*[d.as_numpy_dtype for d in kinds]))
    return [x if x.dtype is target else array_ops.cast(x, target) for x in inputs]


class Concatenate(Layer):
    """Joins a list of inputs along `axis`. Mirrors `keras.layers.Concatenate`.

    The inputs' shapes must agree except on `axis`:

    >>> tf.keras.layers.Concatenate(axis=1)([np.ones((2, 1)), np.zeros((2, 2))]).shape
    TensorShape([2, 3])
    """

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)

    def _check(self, shapes) -> None:
        if not isinstance(shapes, (list, tuple)) or not shapes or \
                not all(isinstance(s, (list, tuple)) for s in shapes):
            raise ValueError("A `Concatenate` layer should be called on a list of at least 1 "
                             f"input. Received: input_shape={shapes}")
        ranks = {len(s) for s in shapes}
        axis = self.axis % max(ranks) if len(ranks) == 1 else None
        if axis is not None:
            for d in range(len(shapes[0])):
                known = {s[d] for s in shapes if s[d] is not None}
                if d != axis and len(known) > 1:
                    axis = None
                    break
        if axis is None:
            raise ValueError("A `Concatenate` layer requires inputs with matching shapes except "
                             f"for the concatenation axis. Received: input_shape={list(shapes)}")

    def build(self, input_shape) -> None:
        self._check(input_shape)
        self.built = True

    def call(self, inputs):
        self._check([tuple(x.shape.as_list()) for x in inputs])
        return array_ops.concat(common_dtype(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape) -> tuple:
        shapes = [tuple(s) for s in input_shape]
        out = list(shapes[0])
        axis = self.axis % len(out)
        sizes = [s[axis] for s in shapes]
        out[axis] = None if None in sizes else sum(sizes)
        return tuple(out)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def _elementwise_shape(shape1, shape2):
    """The shape of `x op y` for two examples' shapes (no batch axis), broadcast from the right
    as NumPy does; None where a size is unknown (Keras's rule, and its error)."""
    if shape1 is None or shape2 is None:
        return None
    if len(shape1) < len(shape2):
        return _elementwise_shape(shape2, shape1)
    if not shape2:
        return tuple(shape1)
    out = list(shape1[:-len(shape2)])
    for i, j in zip(shape1[-len(shape2):], shape2):
        if i is None or j is None:
            out.append(None)
        elif i == 1 or j == 1:
            out.append(j if i == 1 else i)
        elif i != j:
            raise ValueError(f"Inputs have incompatible shapes. Received shapes {tuple(shape1)} "
                             f"and {tuple(shape2)}")
        else:
            out.append(i)
    return tuple(out)


class _Merge(Layer):
    """An element-wise merge of a list of inputs: Keras 3's checks, shapes and broadcasting.

    A subclass says how two inputs combine (`merge`): the layer folds the list with it.
    """

    supports_masking = True  # (Keras 3: the output is masked where every input is, below)

    def build(self, input_shape) -> None:
        if not isinstance(input_shape, (list, tuple)) or not input_shape or \
                not isinstance(input_shape[0], (list, tuple)):
            raise ValueError("A merge layer should be called on a list of inputs. Received: "
                             f"input_shape={input_shape} (not a list of shapes)")
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError("Cannot merge tensors with different batch sizes. Received tensors "
                             f"with shapes {[tuple(s) for s in input_shape]}")
        self.compute_output_shape(input_shape)  # (raises for shapes that do not broadcast)
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError("A merge layer should be called on a list of inputs. Received: "
                             f"inputs={inputs} (not a list of tensors)")
        # Keras: an input of lower rank gets axes of size 1 after the batch axis (not before
        # it, as broadcasting alone would put them), so (2, 4) meets (2, 3, 1) as (2, 1, 4)
        rank = max(x.ndim for x in inputs)
        expanded = []
        for x in common_dtype(inputs):
            for _ in range(rank - x.ndim):
                x = array_ops.expand_dims(x, 1)
            expanded.append(x)
        return self.merge_all(expanded)

    def merge_all(self, inputs: list):
        output = inputs[0]
        for x in inputs[1:]:
            output = type(self).merge(output, x)
        return output

    def compute_mask(self, inputs, previous_mask=None):
        """Keras 3: when every input carries a mask (masking.py), a step is real in the output
        where it is real in any input; otherwise the output has no mask."""
        masks = [get_keras_mask(x) for x in inputs] if isinstance(inputs, (list, tuple)) else []
        if not masks or any(m is None for m in masks):
            return None
        output = masks[0]
        for m in masks[1:]:
            output = math_ops.logical_or(output, m)
        return output

    def compute_output_shape(self, input_shape) -> tuple:
        shape = tuple(input_shape[0][1:])
        for s in input_shape[1:]:
            shape = _elementwise_shape(shape, tuple(s[1:]))
        batch_sizes = {s[0] for s in input_shape} - {None}
        return (batch_sizes.pop() if len(batch_sizes) == 1 else None,) + shape


class Add(_Merge):
    """The sum of the inputs. Mirrors `keras.layers.Add`.

    >>> tf.keras.layers.Add()([tf.constant([[1.0, 2.0]]), tf.constant([[10.0, 20.0]])])
    <tf.Tensor: shape=(1, 2), dtype=float32, numpy=array([[11., 22.]], dtype=float32)>
    """

    merge = staticmethod(math_ops.add)


class Subtract(_Merge):
    """`inputs[0] - inputs[1]`: exactly two inputs. Mirrors `keras.layers.Subtract`.

    >>> tf.keras.layers.Subtract()([tf.constant([5.0]), tf.constant([3.0])])
    <tf.Tensor: shape=(1,), dtype=float32, numpy=array([2.], dtype=float32)>
    """

    merge = staticmethod(math_ops.subtract)

    def build(self, input_shape) -> None:
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError("A `Subtract` layer should be called on exactly 2 inputs. "
                             f"Received: input_shape={[tuple(s) for s in input_shape]}")


class Multiply(_Merge):
    """The element-wise product of the inputs. Mirrors `keras.layers.Multiply`.

    With masks (Keras 3): a masked value counts as 1; when every input has a mask, the
    output is 0 where all of them are masked.
    """

    merge = staticmethod(math_ops.multiply)

    def merge_all(self, inputs: list):
        masks = [get_keras_mask(x) for x in inputs]
        every = all(m is not None for m in masks)
        output = output_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = _step_mask(x, mask)
                x = index_ops.where(mask, x, array_ops.ones_like(x))
                if every:
                    output_mask = mask if output_mask is None else \
                        math_ops.logical_or(output_mask, mask)
            output = x if output is None else math_ops.multiply(output, x)
        if every:
            output = index_ops.where(output_mask, output, array_ops.zeros_like(output))
            set_keras_mask(output, reduce_ops.reduce_any(output_mask, axis=-1))
        return output


class Average(_Merge):
    """The element-wise mean of the inputs: their sum divided by how many there are.

    Mirrors `keras.layers.Average`.

    >>> tf.keras.layers.Average()([tf.constant([1.0]), tf.constant([2.0]), tf.constant([6.0])])
    <tf.Tensor: shape=(1,), dtype=float32, numpy=array([3.], dtype=float32)>
    """

    merge = staticmethod(math_ops.add)

    def merge_all(self, inputs: list):
        # (an int count: the mean of int32 inputs is float64, as TF's true division gives)
        return math_ops.truediv(super().merge_all(inputs), len(inputs))


def _step_mask(x, mask):
    """A (batch, steps) mask spread over x's features (Keras: broadcast_to(expand_dims))."""
    return array_ops.broadcast_to(array_ops.expand_dims(mask, -1), array_ops.shape(x))


def _masked_fold(merge, inputs: list):
    """Keras's Maximum and Minimum with masks: a masked value never takes part (the value so
    far, or the next input's, stands in for it); the output is masked where all inputs are."""
    output = output_mask = None
    for x in inputs:
        mask = get_keras_mask(x)
        mask = None if mask is None else _step_mask(x, mask)
        if output is None:
            output, output_mask = x, mask
            continue
        if mask is not None:
            x = index_ops.where(mask, x, output)
        if output_mask is not None:
            output = index_ops.where(output_mask, output, x)
        output_mask = None if mask is None or output_mask is None else \
            math_ops.logical_or(output_mask, mask)
        output = merge(output, x)
    if output_mask is not None:
        set_keras_mask(output, reduce_ops.reduce_any(output_mask, axis=-1))
    return output


class Maximum(_Merge):
    """The element-wise largest of the inputs. Mirrors `keras.layers.Maximum`."""

    merge = staticmethod(math_ops.maximum)

    def merge_all(self, inputs: list):
        return _masked_fold(math_ops.maximum, inputs)


class Minimum(_Merge):
    """The element-wise smallest of the inputs. Mirrors `keras.layers.Minimum`."""

    merge = staticmethod(math_ops.minimum)

    def merge_all(self, inputs: list):
        return _masked_fold(math_ops.minimum, inputs)


# Keras's functional forms: make the layer, call it on the list.
def add(inputs, **kwargs):
    """`Add(**kwargs)(inputs)`. Mirrors `keras.layers.add`."""
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """`Subtract(**kwargs)(inputs)`. Mirrors `keras.layers.subtract`."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """`Multiply(**kwargs)(inputs)`. Mirrors `keras.layers.multiply`."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """`Average(**kwargs)(inputs)`. Mirrors `keras.layers.average`."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """`Maximum(**kwargs)(inputs)`. Mirrors `keras.layers.maximum`."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """`Minimum(**kwargs)(inputs)`. Mirrors `keras.layers.minimum`."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis: int = -1, **kwargs):
    """`Concatenate(axis, **kwargs)(inputs)`. Mirrors `keras.layers.concatenate`."""
    return Concatenate(axis=axis, **kwargs)(inputs)
