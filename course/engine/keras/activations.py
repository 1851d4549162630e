"""`tf.keras.activations`: the functions a layer applies after its linear part.

Each is a plain function of a tensor, so `Dense(10, activation="softmax")`
and `Dense(10, activation=tf.keras.activations.softmax)` do the same thing.

    >>> tf.keras.activations.relu(tf.constant([-1.0, 2.0]))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0., 2.], dtype=float32)>

Read next: initializers.py (where a layer's starting weights come from).
"""
from __future__ import annotations

from ..ops import array_ops, index_ops, math_ops, nn_ops
from ..tensor import Tensor, convert_to_tensor

__all__ = ["relu", "sigmoid", "tanh", "softmax", "linear", "elu", "softplus", "get", "serialize",
           "leaky_relu", "relu6"]


def relu(x, negative_slope: float = 0.0, max_value=None, threshold: float = 0.0) -> Tensor:
    """max(x, 0), or with Keras's options. Mirrors `keras.activations.relu`.

        f(x) = max_value                          for x >= max_value
        f(x) = x                                  for threshold < x < max_value
        f(x) = negative_slope * (x - threshold)   otherwise

    >>> tf.keras.activations.relu(tf.constant([-4.0, 2.0, 9.0]), negative_slope=0.5, max_value=6)
    <tf.Tensor: shape=(3,), dtype=float32, numpy=array([-2.,  2.,  6.], dtype=float32)>
    """
    x = convert_to_tensor(x)
    # Keras's steps (its TF backend), so the numbers and the ops are its own
    if negative_slope != 0.0 and max_value is None and threshold == 0:
        return nn_ops.leaky_relu(x, alpha=negative_slope)
    below = None
    if negative_slope != 0.0:  # how far under the threshold x is
        below = nn_ops.relu(math_ops.add(math_ops.negative(x), threshold) if threshold != 0
                            else math_ops.negative(x))
    clip = max_value is not None
    if threshold != 0:  # x above the threshold, 0 elsewhere
        x = index_ops.where(math_ops.greater(x, threshold), x, array_ops.zeros_like(x))
    elif max_value == 6:
        x, clip = nn_ops.relu6(x), False
    else:
        x = nn_ops.relu(x)
    if clip:
        x = index_ops.clip_by_value(x, 0.0, max_value)
    if below is not None:
        x = math_ops.subtract(x, math_ops.multiply(below, negative_slope))
    return x


def leaky_relu(x, negative_slope: float = 0.2) -> Tensor:
    """x for x > 0, `negative_slope * x` otherwise. Mirrors `keras.activations.leaky_relu`."""
    return nn_ops.leaky_relu(x, alpha=negative_slope)


def relu6(x) -> Tensor:
    """min(max(x, 0), 6). Mirrors `keras.activations.relu6`."""
    return nn_ops.relu6(x)


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
            "linear": linear, "elu": elu, "softplus": softplus, "leaky_relu": leaky_relu,
            "relu6": relu6}


def get(identifier):
    """A name, a function, None (linear) or a saved custom function's config -> the function.

    A custom function comes back from a config only by its registered name (or one given
    in custom_objects / custom_object_scope): the file names it, your program holds it."""
    if identifier is None:
        return linear
    if isinstance(identifier, dict) and identifier.get("class_name") == "function":
        from .registration import get_registered_object
        fn = get_registered_object(str(identifier.get("config")))
        if fn is None or not callable(fn):
            raise TypeError(f"Could not locate function {identifier.get('config')!r}. Make sure "
                            "custom classes and functions are decorated with "
                            "`@keras.saving.register_keras_serializable()`. If they are already "
                            "decorated, make sure they are all imported so that the decorator is "
                            "run before trying to load them. Full object config: "
                            f"{identifier}")
        return fn
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
          nn_ops.softmax: "softmax", nn_ops.elu: "elu", nn_ops.softplus: "softplus",
          nn_ops.leaky_relu: "leaky_relu", nn_ops.relu6: "relu6"}


def serialize(activation):
    """What a model's config holds: a built-in activation's name; for your own function, Keras
    3's entry naming it ("package>name" if registered), which `get` looks up again."""
    for name, fn in _BY_NAME.items():
        if fn is activation:
            return name
    # (tf.nn.relu is nn_ops.relu wrapped to take RaggedTensors too: ragged/dispatch.py)
    activation = getattr(activation, "__wrapped__", activation)
    if activation in _TF_NN:
        return _TF_NN[activation]
    from .registration import get_registered_name
    return {"module": "builtins", "class_name": "function",
            "config": get_registered_name(activation), "registered_name": "function"}


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.activations", __name__, name)
