"""`keras.ops`' neural-network ops: activations, `one_hot`, the cross-entropies.

    >>> ops.softmax(np.array([1.0, 2.0], "float32"))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.26894143, 0.7310586 ], dtype=float32)>

Each is the engine's tf.nn op or Keras activation with Keras's arguments:
`leaky_relu`'s slope is 0.2 (tf.nn's is 0.2 too; the Keras *layer*'s is 0.3),
`softmax(axis=None)` normalizes over every value, `one_hot` gives float32,
and the cross-entropies take `(target, output)` and return one value per
sample (`binary_crossentropy`: per value), as Keras's backend functions do.
"""
from __future__ import annotations

from ...ops import array_ops, index_ops, math_ops, nn_ops
from ...tensor import Tensor
from .. import activations, losses
from .core_ops import cast, convert_to_tensor
from .promotion import FLOATX, standardize_dtype

__all__ = ["relu", "relu6", "sigmoid", "softmax", "log_softmax", "leaky_relu", "elu",
           "softplus", "silu", "swish", "gelu", "hard_sigmoid", "one_hot",
           "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy"]


def relu(x) -> Tensor:
    """max(x, 0). Mirrors `keras.ops.relu`."""
    return nn_ops.relu(convert_to_tensor(x))


def relu6(x) -> Tensor:
    """min(max(x, 0), 6). Mirrors `keras.ops.relu6`."""
    return nn_ops.relu6(convert_to_tensor(x))


def sigmoid(x) -> Tensor:
    """1 / (1 + exp(-x)). Mirrors `keras.ops.sigmoid`."""
    return activations.sigmoid(convert_to_tensor(x))


def _along(fn, x, axis) -> Tensor:
    """fn(x, axis=axis); Keras's axis=None means over every value: the flattened x, reshaped back."""
    x = convert_to_tensor(x)
    if axis is None:
        return array_ops.reshape(fn(array_ops.reshape(x, [-1]), axis=-1), array_ops.shape(x))
    return fn(x, axis=axis)


def softmax(x, axis=-1) -> Tensor:
    """exp(x) / sum(exp(x)) along `axis` (over every value if None). Mirrors `keras.ops.softmax`."""
    return _along(activations.softmax, x, axis)


def log_softmax(x, axis=-1) -> Tensor:
    """log(softmax(x)), computed stably. Mirrors `keras.ops.log_softmax`."""
    return _along(nn_ops.log_softmax, x, axis)


def leaky_relu(x, negative_slope: float = 0.2) -> Tensor:
    """x for x > 0, else negative_slope * x. Mirrors `keras.ops.leaky_relu`."""
    return nn_ops.leaky_relu(convert_to_tensor(x), alpha=negative_slope)


def elu(x, alpha: float = 1.0) -> Tensor:
    """x for x > 0, else alpha * (exp(x) - 1). Mirrors `keras.ops.elu`."""
    return activations.elu(convert_to_tensor(x), alpha=alpha)


def softplus(x) -> Tensor:
    """log(1 + exp(x)). Mirrors `keras.ops.softplus`."""
    return nn_ops.softplus(convert_to_tensor(x))


def silu(x) -> Tensor:
    """x * sigmoid(x) (also called swish). Mirrors `keras.ops.silu`."""
    x = convert_to_tensor(x)
    return math_ops.multiply(x, nn_ops.sigmoid(x))


swish = silu


def gelu(x, approximate: bool = True) -> Tensor:
    """The Gaussian error linear unit, by its tanh approximation. Mirrors `keras.ops.gelu`.

    0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). The exact form needs erf,
    which this engine does not have: `approximate=False` raises.
    """
    if not approximate:
        raise NotImplementedError("keras.ops.gelu(approximate=False) needs erf, which "
                                  "course.engine does not implement; use approximate=True.")
    x = convert_to_tensor(x)
    inner = math_ops.multiply(
        0.7978845608028654,  # sqrt(2 / pi)
        math_ops.add(x, math_ops.multiply(0.044715, math_ops.pow(x, 3.0))))
    return math_ops.multiply(math_ops.multiply(0.5, x), math_ops.add(1.0, nn_ops.tanh(inner)))


def hard_sigmoid(x) -> Tensor:
    """relu6(x + 3) / 6: a piecewise-linear sigmoid. Mirrors `keras.ops.hard_sigmoid`."""
    x = convert_to_tensor(x)
    return math_ops.truediv(nn_ops.relu6(math_ops.add(x, 3.0)), 6.0)


def one_hot(x, num_classes: int, axis: int = -1, dtype=None, sparse: bool = False) -> Tensor:
    """Class indices as one-hot float32 rows. Mirrors `keras.ops.one_hot` (not sparse).

    >>> ops.one_hot(np.array([0, 2]), 3)
    <tf.Tensor: shape=(2, 3), dtype=float32, numpy=...[[1., 0., 0.], [0., 0., 1.]]...>
    """
    if sparse:
        raise NotImplementedError("keras.ops.one_hot(sparse=True) is not implemented here.")
    indices = cast(convert_to_tensor(x), "int64")
    return index_ops.one_hot(indices, num_classes, axis=axis,
                             dtype=standardize_dtype(dtype or FLOATX))


def categorical_crossentropy(target, output, from_logits: bool = False, axis: int = -1) -> Tensor:
    """-sum(target * log(output)) per sample. Mirrors `keras.ops.categorical_crossentropy`."""
    _last_axis_only(axis, "categorical_crossentropy")
    return losses.categorical_crossentropy(target, output, from_logits=from_logits)


def sparse_categorical_crossentropy(target, output, from_logits: bool = False,
                                    axis: int = -1) -> Tensor:
    """-log(output[target]) per sample. Mirrors `keras.ops.sparse_categorical_crossentropy`."""
    _last_axis_only(axis, "sparse_categorical_crossentropy")
    return losses.sparse_categorical_crossentropy(target, output, from_logits=from_logits)


def binary_crossentropy(target, output, from_logits: bool = False) -> Tensor:
    """-(t log p + (1 - t) log(1 - p)) per value. Mirrors `keras.ops.binary_crossentropy`."""
    return losses.binary_crossentropy_values(target, output, from_logits=from_logits)


def _last_axis_only(axis: int, name: str) -> None:
    if axis != -1:
        raise NotImplementedError(f"keras.ops.{name}: only axis=-1 is implemented here.")


