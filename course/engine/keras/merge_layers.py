"""`tf.keras.layers.Concatenate`: a layer that joins several inputs into one.

    >>> a, b = tf.keras.Input(shape=(1,)), tf.keras.Input(shape=(2,))
    >>> tf.keras.layers.Concatenate()([a, b])
    <KerasTensor shape=(None, 3), dtype=float32, sparse=False, ragged=False, name=keras_tensor_2>

The typical use is a model over a dict of columns (one `Input` per column),
whose numeric columns are joined before a `Normalization` or `Dense` layer.
Integer inputs are cast to the layer's dtype (float32) first, as Keras does.

Read next: functional.py (how a layer called on a list of KerasTensors is wired).
"""
from __future__ import annotations

from ..ops import array_ops
from .layers import Layer

__all__ = ["Concatenate"]


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
        return array_ops.concat(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape) -> tuple:
        shapes = [tuple(s) for s in input_shape]
        out = list(shapes[0])
        axis = self.axis % len(out)
        sizes = [s[axis] for s in shapes]
        out[axis] = None if None in sizes else sum(sizes)
        return tuple(out)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
