"""`tf.keras.activations`: the functions a layer applies after its linear part.

Each is a plain function of a tensor, so `Dense(10, activation="softmax")`
and `Dense(10, activation=tf.keras.activations.softmax)` do the same thing.

    >>> tf.keras.activations.relu(tf.constant([-1.0, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0., 2.], dtype=float32)>

Read next: initializers.py (where a layer's starting weights come from).
"""
from __future__ import annotations

from ..ops import index_ops, math_ops, nn_ops
from ..tensor import Tensor, convert_to_tensor

__all__ = ["relu", "sigmoid", "tanh", "softmax", "linear", "elu", "softplus", "get", "serialize"]


def relu(x) -> Tensor:
    """max(x, 0). Mirrors `keras.activations.relu` (without its extra options)."""
    return nn_ops.relu(x)


def sigmoid(x) -> Tensor:
    """1 / (1 + exp(-x)). Mirrors `keras.activations.sigmoid`."""
    return nn_ops.sigmoid(x)


def tanh(x) -> Tensor:
    """Hyperbolic tangent. Mirrors `keras.activations.tanh`."""
    return nn_ops.tanh(x)


def softmax(x, axis: int = -1) -> Tensor:
    """exp(x) / sum(exp(x)) along `axis`: turns scores into probabilities.

    Mirrors `keras.activations.softmax`. Keras remembers the scores (logits)
    behind a softmax output so that cross-entropy can use them directly;
    our models do the same (see `Model._forward` in training.py).
    """
    return nn_ops.softmax(x, axis=axis)


def linear(x) -> Tensor:
    """The identity: `activation=None` means linear. Mirrors `keras.activations.linear`."""
    return convert_to_tensor(x)


def elu(x, alpha: float = 1.0) -> Tensor:
    """x for x > 0, alpha * (e^x - 1) otherwise. Mirrors `keras.activations.elu`."""
    out = nn_ops.elu(x)
    return out if alpha == 1.0 else index_ops.where(math_ops.greater(x, 0), out,
                                                    math_ops.multiply(out, alpha))


def softplus(x) -> Tensor:
    """log(1 + e^x). Mirrors `keras.activations.softplus`."""
    return nn_ops.softplus(x)


_BY_NAME = {"relu": relu, "sigmoid": sigmoid, "tanh": tanh, "softmax": softmax,
            "linear": linear, "elu": elu, "softplus": softplus}


def get(identifier):
    """A name, a function or None (linear) -> the activation function."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Could not interpret activation function identifier: "
                             f"{identifier!r}. Known names: {', '.join(sorted(_BY_NAME))}.")
        return _BY_NAME[identifier]
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier!r}")


# tf.nn's functions passed as activations (Dense(10, activation=tf.nn.relu)) save by name too
_TF_NN = {nn_ops.relu: "relu", nn_ops.sigmoid: "sigmoid", nn_ops.tanh: "tanh",
          nn_ops.softmax: "softmax", nn_ops.elu: "elu", nn_ops.softplus: "softplus"}


def serialize(activation) -> str:
    """The name saved in a model's config (only the built-in activations can be saved)."""
    for name, fn in _BY_NAME.items():
        if fn is activation:
            return name
    # (tf.nn.relu is nn_ops.relu wrapped to take RaggedTensors too: ragged/dispatch.py)
    activation = getattr(activation, "__wrapped__", activation)
    if activation in _TF_NN:
        return _TF_NN[activation]
    raise ValueError(f"Cannot save custom activation {activation!r}: only "
                     f"{', '.join(sorted(_BY_NAME))} can be written to a config.")


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.activations", __name__, name)
