"""`tf.keras.initializers`: the starting values of a layer's weights.

An initializer is called with a shape and a dtype and returns a tensor:

    >>> init = tf.keras.initializers.Constant(0.5)
    >>> init((2,))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.5, 0.5], dtype=float32)>

`GlorotUniform` (Dense's default kernel initializer) draws from
U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)), so that signals
keep roughly the same scale from layer to layer. Seeds follow TF's rules:
`tf.random.set_seed(0)` (or `tf.keras.utils.set_random_seed(0)`) makes
every draw repeatable.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..ops import creation_ops, random_ops
from ..tensor import Tensor, convert_to_tensor

__all__ = ["Initializer", "Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform",
           "GlorotUniform", "Orthogonal", "get", "serialize"]


class Initializer:
    """Base class: `initializer(shape, dtype)` returns a tensor of that shape."""

    def __call__(self, shape, dtype=None) -> Tensor:
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}


class Zeros(Initializer):
    """All zeros (Dense's default bias). Mirrors `keras.initializers.Zeros`."""

    def __call__(self, shape, dtype=None) -> Tensor:
        return creation_ops.zeros(shape, dtype=dtype or dtypes.float32)


class Ones(Initializer):
    """All ones. Mirrors `keras.initializers.Ones`."""

    def __call__(self, shape, dtype=None) -> Tensor:
        return creation_ops.ones(shape, dtype=dtype or dtypes.float32)


class Constant(Initializer):
    """Every entry equal to `value`. Mirrors `keras.initializers.Constant`."""

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None) -> Tensor:
        dtype = dtypes.as_dtype(dtype or dtypes.float32)
        full = np.broadcast_to(np.asarray(self.value, dtype=dtype.as_numpy_dtype), tuple(shape))
        return convert_to_tensor(full.copy())

    def get_config(self) -> dict:
        return {"value": float(self.value)}


class RandomNormal(Initializer):
    """Draws from N(mean, stddev**2). Mirrors `keras.initializers.RandomNormal`."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None) -> Tensor:
        dtype = dtypes.as_dtype(dtype or dtypes.float32)
        if self.seed is None:
            return random_ops.normal(shape, self.mean, self.stddev, dtype=dtype)
        draw = np.random.default_rng(self.seed).normal(self.mean, self.stddev, tuple(shape))
        return convert_to_tensor(draw.astype(dtype.as_numpy_dtype))

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class RandomUniform(Initializer):
    """Draws from U(minval, maxval). Mirrors `keras.initializers.RandomUniform`."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None) -> Tensor:
        return _uniform(shape, self.minval, self.maxval, dtype, self.seed)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


def _uniform(shape, low, high, dtype, seed) -> Tensor:
    """Keras: a seeded initializer gives the same values every call; unseeded ones follow
    the engine's random state (tf.random.set_seed)."""
    dtype = dtypes.as_dtype(dtype or dtypes.float32)
    if seed is None:
        return random_ops.uniform(shape, low, high, dtype=dtype)
    draw = np.random.default_rng(seed).uniform(low, high, tuple(shape))
    return convert_to_tensor(draw.astype(dtype.as_numpy_dtype))


def _fans(shape) -> tuple[int, int]:
    """(fan_in, fan_out) of a kernel: inputs and outputs per unit, as Keras counts them."""
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


class GlorotUniform(Initializer):
    """U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)). Mirrors `keras.initializers.GlorotUniform`.

    >>> w = tf.keras.initializers.GlorotUniform(seed=1)((784, 512))
    >>> bool(tf.reduce_max(tf.abs(w)) <= (6 / (784 + 512)) ** 0.5)
    True
    """

    def __init__(self, seed=None):
        self.seed = seed

    def __call__(self, shape, dtype=None) -> Tensor:
        fan_in, fan_out = _fans(shape)
        limit = float(np.sqrt(6.0 / max(1, fan_in + fan_out)))
        return _uniform(shape, -limit, limit, dtype, self.seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class Orthogonal(Initializer):
    """A matrix with orthonormal columns (or rows), times `gain`. Mirrors `keras.initializers.Orthogonal`.

    The recurrent kernels' default (LSTM, GRU, SimpleRNN): multiplying by it
    step after step neither blows a state up nor shrinks it. Keras's recipe:
    draw N(0, 1) of shape (max(rows, cols), min(rows, cols)), take its QR
    factorization, flip each column of Q by the sign of R's diagonal (so Q is
    uniformly distributed), transpose when rows < cols. A shape of rank > 2 is
    treated as (prod(shape[:-1]), shape[-1]).

    >>> q = tf.keras.initializers.Orthogonal(seed=1)((3, 3))
    >>> bool(tf.reduce_max(tf.abs(tf.matmul(q, q, transpose_a=True) - tf.eye(3))) < 1e-5)
    True
    """

    def __init__(self, gain: float = 1.0, seed=None):
        self.gain, self.seed = gain, seed

    def __call__(self, shape, dtype=None) -> Tensor:
        from ..ops import array_ops, decompositions, math_ops, matrix_ops, unary_ops
        shape = tuple(int(d) for d in shape)
        if len(shape) < 2:
            raise ValueError(f"The tensor to initialize must be at least two-dimensional. "
                             f"Received: shape={shape} of rank {len(shape)}.")
        dtype = dtypes.as_dtype(dtype or dtypes.float32)
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        flat = (max(rows, cols), min(rows, cols))
        if self.seed is None:
            a = random_ops.normal(flat, dtype=dtype)
        else:
            a = convert_to_tensor(np.random.default_rng(self.seed).normal(
                size=flat).astype(dtype.as_numpy_dtype))
        q, r = decompositions.qr(a)
        q = math_ops.multiply(q, unary_ops.sign(matrix_ops.diag_part(r)))  # column j * sign(r_jj)
        if rows < cols:
            q = array_ops.transpose(q)
        return math_ops.multiply(array_ops.reshape(q, shape), self.gain)

    def get_config(self) -> dict:
        return {"seed": self.seed, "gain": self.gain}


_BY_NAME = {"zeros": Zeros, "ones": Ones, "constant": Constant, "random_normal": RandomNormal,
            "random_uniform": RandomUniform, "glorot_uniform": GlorotUniform,
            "orthogonal": Orthogonal,
            "uniform": RandomUniform}  # (Keras 3's short name, Embedding's default)
_CLASSES = {cls.__name__: cls for cls in _BY_NAME.values()}


def get(identifier) -> Initializer:
    """A name ("glorot_uniform", "zeros", ...), a config dict or an Initializer -> an Initializer."""
    if isinstance(identifier, Initializer) or callable(identifier) and not isinstance(identifier, type):
        return identifier
    if isinstance(identifier, dict):
        if identifier.get("class_name") == "function":
            raise ValueError(f"The saved model used the function {identifier.get('config')!r} as "
                             "an initializer; functions are not loaded from files: rebuild the "
                             "model in Python and load its weights.")
        return _CLASSES[identifier["class_name"]](**identifier.get("config", {}))
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]()
    if isinstance(identifier, str) and identifier in _CLASSES:
        return _CLASSES[identifier]()
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}. Known names: "
                     f"{', '.join(sorted(_BY_NAME))}.")


def serialize(initializer) -> dict:
    """{"class_name": ..., "config": ...}, as saved in a model's config.

    A plain function (`kernel_initializer=tf.random.normal`) is saved by name only:
    the file never holds code, and loading it asks for the function again."""
    if type(initializer).__name__ in _CLASSES:
        return {"class_name": type(initializer).__name__, "config": initializer.get_config()}
    if callable(initializer) and hasattr(initializer, "__name__"):
        return {"class_name": "function", "config": initializer.__name__}
    raise ValueError(f"Cannot save custom initializer {initializer!r} in a config.")


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.initializers", __name__, name)
