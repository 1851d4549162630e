"""`tf.keras.initializers`: the starting values of a layer's weights.

An initializer is called with a shape and a dtype and returns a tensor:

    >>> init = tf.keras.initializers.Constant(0.5)
    >>> init((2,))
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.5, 0.5], dtype=float32)>

`GlorotUniform` (Dense's default kernel initializer) draws from
U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)), so that signals
keep roughly the same scale from layer to layer. Seeds follow Keras 3's
rules (`RandomInitializer`): after `tf.keras.utils.set_random_seed(0)`, a
model built in the same order starts from the same weights as on TensorFlow.
"""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..ops import creation_ops, stateless_random_ops
from ..tensor import Tensor, convert_to_tensor
from . import random as keras_random

__all__ = ["Initializer", "Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform",
           "TruncatedNormal", "VarianceScaling", "GlorotUniform", "GlorotNormal", "HeNormal",
           "HeUniform", "LecunNormal", "LecunUniform", "Orthogonal", "get", "serialize"]


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


class RandomInitializer(Initializer):
    """An initializer that draws: Keras 3's seeding rules.

    The seed is fixed when the initializer is made: the one given, or
    `make_default_seed()` (Python's `random`, which `tf.keras.utils.set_random_seed`
    seeds). Each call draws from a *stateless* random op with the seed pair
    `[seed, 0]`, so an initializer gives the same values every time it is called;
    a `keras.random.SeedGenerator` as the seed gives new values each call.
    """

    def __init__(self, seed=None):
        if seed is not None and not isinstance(seed, (int, np.integer, keras_random.SeedGenerator)):
            raise ValueError("`seed` argument should be an instance of "
                             f"`keras.random.SeedGenerator()` or an integer. Received: seed={seed}")
        self._init_seed = seed
        self.seed = keras_random.make_default_seed() if seed is None else seed

    def get_config(self) -> dict:
        seed = self._init_seed  # (what was given: an unseeded initializer is saved unseeded)
        return {"seed": int(seed) if isinstance(seed, (int, np.integer)) else None}


class RandomNormal(RandomInitializer):
    """Draws from N(mean, stddev**2). Mirrors `keras.initializers.RandomNormal`."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None):
        self.mean, self.stddev = mean, stddev
        super().__init__(seed)

    def __call__(self, shape, dtype=None) -> Tensor:
        return stateless_random_ops.stateless_normal(
            shape, keras_random.draw_seed(self.seed), self.mean, self.stddev, dtype=_float(dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """N(mean, stddev**2) without values beyond two stddevs. Mirrors
    `keras.initializers.TruncatedNormal`."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None):
        self.mean, self.stddev = mean, stddev
        super().__init__(seed)

    def __call__(self, shape, dtype=None) -> Tensor:
        return stateless_random_ops.stateless_truncated_normal(
            shape, keras_random.draw_seed(self.seed), self.mean, self.stddev, dtype=_float(dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    """Draws from U(minval, maxval). Mirrors `keras.initializers.RandomUniform`."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed=None):
        self.minval, self.maxval = minval, maxval
        super().__init__(seed)

    def __call__(self, shape, dtype=None) -> Tensor:
        return _uniform(shape, self.minval, self.maxval, dtype, keras_random.draw_seed(self.seed))

    def get_config(self) -> dict:
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


def _float(dtype):
    return dtypes.as_dtype(dtype or dtypes.float32)


def _uniform(shape, low, high, dtype, seed_pair) -> Tensor:
    """U(low, high) from the seed pair of one draw (`keras_random.draw_seed`)."""
    dtype = _float(dtype)  # (the bounds in the dtype first, as Keras casts them)
    return stateless_random_ops.stateless_uniform(
        shape, seed_pair, convert_to_tensor(low, dtype=dtype),
        convert_to_tensor(high, dtype=dtype), dtype=dtype)


def _fans(shape, input_axes=None, output_axes=None) -> tuple[int, int]:
    """(fan_in, fan_out) of a kernel: inputs and outputs per unit, as Keras counts them.

    Without axes, the last axis is the outputs, the one before it the inputs, and any others
    are a convolution's window (each window position is an input too)."""
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return int(np.prod([shape[a] for a in input_axes])), \
            int(np.prod([shape[a] for a in output_axes]))
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


class VarianceScaling(RandomInitializer):
    """Random values whose variance is `scale / n`, n the fan chosen by `mode`.

    Mirrors `keras.initializers.VarianceScaling`: mode "fan_in", "fan_out" or
    "fan_avg"; distribution "truncated_normal" (stddev sqrt(scale / n) / .8796, to make
    up for the cut tails), "untruncated_normal" or "uniform" (limit sqrt(3 scale / n)).
    Glorot, He and LeCun initializers are this with fixed arguments.
    """

    def __init__(self, scale: float = 1.0, mode: str = "fan_in",
                 distribution: str = "truncated_normal", seed=None, input_axes=None,
                 output_axes=None):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Invalid `mode` argument: {mode}. Please use one of 'fan_in', "
                             "'fan_out', 'fan_avg'")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(f"Invalid `distribution` argument: {distribution}. Please use one of "
                             "'uniform', 'truncated_normal', 'untruncated_normal'")
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.input_axes, self.output_axes = input_axes, output_axes  # (None: as _fans counts)
        super().__init__(seed)

    def __call__(self, shape, dtype=None) -> Tensor:
        fan_in, fan_out = _fans(shape, self.input_axes, self.output_axes)
        # (Keras's own order of operations, so that the bounds round as Keras's do)
        n = fan_in if self.mode == "fan_in" else fan_out if self.mode == "fan_out" else \
            (fan_in + fan_out) / 2.0
        scale = self.scale / max(1.0, n)
        seed = keras_random.draw_seed(self.seed)
        if self.distribution == "truncated_normal":
            return stateless_random_ops.stateless_truncated_normal(
                shape, seed, 0.0, math.sqrt(scale) / 0.87962566103423978, dtype=_float(dtype))
        if self.distribution == "untruncated_normal":
            return stateless_random_ops.stateless_normal(shape, seed, 0.0, math.sqrt(scale),
                                                         dtype=_float(dtype))
        limit = math.sqrt(3.0 * scale)
        return _uniform(shape, -limit, limit, dtype, seed)  # (one draw: a SeedGenerator steps once)

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class _FixedVarianceScaling(VarianceScaling):
    """VarianceScaling with Keras's fixed arguments, saved with the seed only (Glorot, He, LeCun)."""

    ARGS: tuple = ()

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(*self.ARGS, seed=seed, input_axes=input_axes, output_axes=output_axes)

    def get_config(self) -> dict:
        return {**RandomInitializer.get_config(self), "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class GlorotUniform(_FixedVarianceScaling):
    """U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)). Mirrors `keras.initializers.GlorotUniform`.

    Dense's default kernel initializer: signals keep roughly their scale from layer to layer.

    >>> w = tf.keras.initializers.GlorotUniform(seed=1)((784, 512))
    >>> bool(tf.reduce_max(tf.abs(w)) <= (6 / (784 + 512)) ** 0.5)
    True
    """

    ARGS = (1.0, "fan_avg", "uniform")


class GlorotNormal(_FixedVarianceScaling):
    """Truncated normal, stddev sqrt(2 / (fan_in + fan_out)). Mirrors `keras.initializers.GlorotNormal`."""

    ARGS = (1.0, "fan_avg", "truncated_normal")


class HeNormal(_FixedVarianceScaling):
    """Truncated normal, stddev sqrt(2 / fan_in), for ReLU layers. Mirrors `keras.initializers.HeNormal`."""

    ARGS = (2.0, "fan_in", "truncated_normal")


class HeUniform(_FixedVarianceScaling):
    """U(-limit, limit), limit = sqrt(6 / fan_in). Mirrors `keras.initializers.HeUniform`."""

    ARGS = (2.0, "fan_in", "uniform")


class LecunNormal(_FixedVarianceScaling):
    """Truncated normal, stddev sqrt(1 / fan_in). Mirrors `keras.initializers.LecunNormal`."""

    ARGS = (1.0, "fan_in", "truncated_normal")


class LecunUniform(_FixedVarianceScaling):
    """U(-limit, limit), limit = sqrt(3 / fan_in). Mirrors `keras.initializers.LecunUniform`."""

    ARGS = (1.0, "fan_in", "uniform")


class Orthogonal(RandomInitializer):
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
        self.gain = gain
        super().__init__(seed)

    def __call__(self, shape, dtype=None) -> Tensor:
        from ..ops import array_ops, decompositions, math_ops, matrix_ops, unary_ops
        shape = tuple(int(d) for d in shape)
        if len(shape) < 2:
            raise ValueError(f"The tensor to initialize must be at least two-dimensional. "
                             f"Received: shape={shape} of rank {len(shape)}.")
        dtype = dtypes.as_dtype(dtype or dtypes.float32)
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        flat = (max(rows, cols), min(rows, cols))
        a = stateless_random_ops.stateless_normal(flat, keras_random.draw_seed(self.seed),
                                                  dtype=dtype)
        q, r = decompositions.qr(a)  # (LAPACK's QR here, Eigen's in TF: the last bits may differ)
        q = math_ops.multiply(q, unary_ops.sign(matrix_ops.diag_part(r)))  # column j * sign(r_jj)
        if rows < cols:
            q = array_ops.transpose(q)
        return math_ops.multiply(array_ops.reshape(q, shape), self.gain)

    def get_config(self) -> dict:
        return {**super().get_config(), "gain": self.gain}


_BY_NAME = {"zeros": Zeros, "ones": Ones, "constant": Constant, "random_normal": RandomNormal,
            "random_uniform": RandomUniform, "truncated_normal": TruncatedNormal,
            "variance_scaling": VarianceScaling, "glorot_uniform": GlorotUniform,
            "glorot_normal": GlorotNormal, "he_normal": HeNormal, "he_uniform": HeUniform,
            "lecun_normal": LecunNormal, "lecun_uniform": LecunUniform, "orthogonal": Orthogonal,
            "uniform": RandomUniform, "normal": RandomNormal}  # (Keras 3's short names)
_CLASSES = {cls.__name__: cls for cls in _BY_NAME.values()}
# Keras 3's lowercase names are the classes themselves: `tf.keras.initializers.zeros()`
zeros, ones, constant, orthogonal = Zeros, Ones, Constant, Orthogonal
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
variance_scaling, glorot_uniform, glorot_normal = VarianceScaling, GlorotUniform, GlorotNormal
he_normal, he_uniform, lecun_normal, lecun_uniform = HeNormal, HeUniform, LecunNormal, LecunUniform
__all__ += ["zeros", "ones", "constant", "orthogonal", "random_normal", "random_uniform",
            "truncated_normal", "variance_scaling", "glorot_uniform", "glorot_normal",
            "he_normal", "he_uniform", "lecun_normal", "lecun_uniform"]


def get(identifier) -> Initializer:
    """A name ("glorot_uniform", "zeros", ...), a config dict or an Initializer -> an Initializer.
    None stays None (Keras 3: `add_weight` then picks glorot_uniform, or zeros for ints)."""
    if identifier is None:
        return None
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
    if initializer is None:
        return None
    if type(initializer).__name__ in _CLASSES:
        return {"class_name": type(initializer).__name__, "config": initializer.get_config()}
    if callable(initializer) and hasattr(initializer, "__name__"):
        return {"class_name": "function", "config": initializer.__name__}
    raise ValueError(f"Cannot save custom initializer {initializer!r} in a config.")


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.initializers", __name__, name)
