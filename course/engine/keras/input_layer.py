"""`tf.keras.Input` and what it returns: a `KerasTensor`, held by an `InputLayer`.

    >>> inputs = tf.keras.Input(shape=(28, 28))
    >>> inputs
    <KerasTensor shape=(None, 28, 28), dtype=float32, sparse=False, ragged=False, name=keras_tensor>

A KerasTensor has a shape and a dtype but no value: calling layers on it
records a graph of layer calls (functional.py), which `tf.keras.Model(inputs,
outputs)` then runs on real data. Keras 3 keeps these in
`keras/src/layers/core/input_layer.py` and `keras_tensor.py`.
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import dtypes
from .layers import Layer, unique_name

__all__ = ["KerasTensor", "InputLayer", "Input"]


class KerasTensor:
    """What `tf.keras.Input(shape)` returns, and a layer called on one: a symbolic tensor
    with a shape and a dtype, no value (see functional.py)."""

    _keras_history = None  # (layer, node index, tensor index): the call that made it

    def __init__(self, shape, dtype=dtypes.float32, name=None, sparse: bool = False):
        self.shape = None if shape is None else tuple(shape)
        self.dtype = dtypes.as_dtype(dtype).name  # (Keras 3: a string, "float32")
        self.name = name or unique_name("keras_tensor")
        self.sparse = sparse  # (a tf.SparseTensor stands here: Input(sparse=True))

    @property
    def ndim(self):
        return None if self.shape is None else len(self.shape)

    def __repr__(self) -> str:
        return (f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse={self.sparse}, "
                f"ragged=False, name={self.name}>")

    def __bool__(self):
        raise TypeError("A KerasTensor is symbolic: it has no value to test. Compute with "
                        "layers (tf.keras.layers.Lambda for other operations).")

    def _not_an_op(self, *args):
        raise TypeError("A KerasTensor is symbolic: TensorFlow operations cannot take it in "
                        "this engine. Wrap the computation in a layer (e.g. "
                        "tf.keras.layers.Lambda(lambda x: ...)) and call that on it.")
    __matmul__ = __getitem__ = _not_an_op
    __hash__ = object.__hash__

    # Python's arithmetic makes graph nodes, as in Keras 3 (operator_layers.py)
    def _operator(name: str, reverse: bool = False):  # noqa: N805 - (used in the class body)
        def method(self, other=None):
            from .operator_layers import apply_operator
            return apply_operator(name, self, other, reverse)
        return method
    __add__, __radd__ = _operator("add"), _operator("add", True)
    __sub__, __rsub__ = _operator("sub"), _operator("sub", True)
    __mul__, __rmul__ = _operator("mul"), _operator("mul", True)
    __truediv__, __rtruediv__ = _operator("truediv"), _operator("truediv", True)
    __pow__, __neg__ = _operator("pow"), _operator("neg")
    del _operator


class InputLayer(Layer):
    """Declares the input shape of a Sequential model. Mirrors `keras.layers.InputLayer`."""

    def __init__(self, shape=None, batch_size=None, dtype=None, name=None, **kwargs):
        if "input_shape" in kwargs:  # (Keras 2's name: Keras 3 takes it, with this warning)
            warnings.warn("Argument `input_shape` is deprecated. Use `shape` instead.",
                          UserWarning, stacklevel=2)
            shape = kwargs.pop("input_shape")
        super().__init__(name=name or unique_name("input_layer"), dtype=dtype, **kwargs)
        if shape is None:
            raise ValueError("InputLayer needs a `shape`, e.g. shape=(28, 28).")
        if batch_size is not None and (not isinstance(batch_size, (int, np.integer)) or
                                       isinstance(batch_size, bool) or batch_size < 0):
            raise ValueError(f"InputLayer's batch_size must be None or a non-negative integer. "
                             f"Received: batch_size={batch_size!r}")
        self.batch_shape = (None if batch_size is None else int(batch_size),) + \
            tuple(None if d is None else int(d) for d in shape)
        self.built = True

    def get_config(self) -> dict:
        return {"name": self.name, "shape": list(self.batch_shape[1:])}


def Input(shape=None, batch_size=None, dtype=None, sparse=None,  # noqa: N802 - Keras's name
          batch_shape=None, name=None) -> KerasTensor:
    """A symbolic model input: put it first in a Sequential. Mirrors `keras.Input`.

    >>> model = tf.keras.Sequential([tf.keras.Input(shape=(28, 28)), tf.keras.layers.Flatten()])
    >>> model.output_shape
    (None, 784)

    `sparse=True`: the model takes a `tf.SparseTensor` there (a `Dense` layer multiplies
    it with `tf.sparse.sparse_dense_matmul`).
    """
    if batch_shape is not None and shape is None:  # (Keras 3: the batch size, then the shape)
        batch_size, shape = batch_shape[0], tuple(batch_shape[1:])
    if shape is None:
        raise ValueError("tf.keras.Input needs a `shape`, e.g. tf.keras.Input(shape=(28, 28)).")
    from .functional import input_node
    layer = InputLayer(shape=[None if d is None else int(d) for d in shape],
                       batch_size=batch_size, dtype=dtype, name=name)
    tensor = KerasTensor(layer.batch_shape, dtype or dtypes.float32, name, sparse=bool(sparse))
    input_node(layer, tensor)
    return tensor
