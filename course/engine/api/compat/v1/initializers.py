"""TF1's initializers: `tf.compat.v1.zeros_initializer()`, `glorot_uniform_initializer()`, ...

An initializer is an object called with a shape (and a dtype) that returns the
starting value of a variable. TF1 code hands them to `get_variable`
(variable_scope.py) or to a whole `variable_scope`:

    >>> init = tf.compat.v1.constant_initializer(0.5)
    >>> init([2])
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.5, 0.5], dtype=float32)>

They differ from Keras's (keras/initializers.py) in small ways: the dtype can be
fixed when the initializer is made (`zeros_initializer(dtype=tf.int32)`), the
call takes TF1's `partition_info` (ignored), and the defaults are TF1's
(`random_normal_initializer()` has stddev 1.0, Keras's RandomNormal 0.05).
Random draws use the engine's random ops (its numbers, not TensorFlow's; the
seeding rules are TF's).
"""
from __future__ import annotations

import numpy as np

from .... import dtypes
from ....ops import creation_ops, random_ops
from ....tensor import Tensor, convert_to_tensor

__all__ = ["zeros_initializer", "ones_initializer", "constant_initializer",
           "random_normal_initializer", "truncated_normal_initializer",
           "random_uniform_initializer", "glorot_uniform_initializer",
           "glorot_normal_initializer"]


class Initializer:
    """Base class of TF1's initializers: `init(shape, dtype=None, partition_info=None)`."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def _dtype(self, dtype) -> dtypes.DType:
        # (the call's dtype wins over the one given when the initializer was made)
        return self.dtype if dtype is None else dtypes.as_dtype(dtype)

    def get_config(self) -> dict:
        return {"dtype": self.dtype.name}


class Zeros(Initializer):
    """All zeros (b"" for strings). Mirrors `tf.compat.v1.zeros_initializer`."""

    def __call__(self, shape, dtype=None, partition_info=None) -> Tensor:
        return creation_ops.zeros(shape, self._dtype(dtype))


class Ones(Initializer):
    """All ones. Mirrors `tf.compat.v1.ones_initializer`."""

    def __call__(self, shape, dtype=None, partition_info=None) -> Tensor:
        return creation_ops.ones(shape, self._dtype(dtype))


class Constant(Initializer):
    """A scalar repeated, or a list reshaped to the variable's shape (same number of elements).
    Mirrors `tf.compat.v1.constant_initializer`.

    >>> tf.compat.v1.constant_initializer([1, 2, 3, 4])([2, 2])   # float32 [[1, 2], [3, 4]]
    """

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape: bool = False):
        super().__init__(dtype)
        self.value = value

    def __call__(self, shape, dtype=None, partition_info=None) -> Tensor:
        dtype = self._dtype(dtype)
        value = np.asarray(self.value)
        if dtype.is_integer and value.dtype.kind == "f" or dtype is dtypes.string \
                and value.dtype.kind != "S":
            # TF converts the value without casting: 3.0 is not an int32
            raise TypeError(f"Expected {dtype.name}, but got {self.value!r} of type "
                            f"'{type(self.value).__name__}'.")
        shape = tuple(int(d) for d in shape)
        if value.size == 1:
            full = np.full(shape, value.reshape(()), dtype.as_numpy_dtype)
        elif value.size == int(np.prod(shape)):
            full = value.astype(dtype.as_numpy_dtype).reshape(shape)
        else:
            raise TypeError(f"constant_initializer: the value has {value.size} elements, but "
                            f"the shape {shape} has {int(np.prod(shape))}; give one value or "
                            f"one per element.")
        return convert_to_tensor(full)

    def get_config(self) -> dict:
        return {"value": self.value, "dtype": self.dtype.name}


class RandomNormal(Initializer):
    """Draws from N(mean, stddev**2). Mirrors `tf.compat.v1.random_normal_initializer`."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None, partition_info=None) -> Tensor:
        return random_ops.normal(shape, self.mean, self.stddev, self._dtype(dtype), self.seed)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    """Normal draws within 2 stddevs of the mean (others redrawn).
    Mirrors `tf.compat.v1.truncated_normal_initializer`."""

    def __call__(self, shape, dtype=None, partition_info=None) -> Tensor:
        return random_ops.truncated_normal(shape, self.mean, self.stddev, self._dtype(dtype),
                                           self.seed)


class RandomUniform(Initializer):
    """Draws from U(minval, maxval) (maxval None: 1 for floats).
    Mirrors `tf.compat.v1.random_uniform_initializer`."""

    def __init__(self, minval=0, maxval=None, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None, partition_info=None) -> Tensor:
        return random_ops.uniform(shape, self.minval, self.maxval, self._dtype(dtype), self.seed)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


def _fans(shape) -> tuple:
    """(fan_in, fan_out): inputs and outputs per unit; a conv kernel's spatial size counts."""
    shape = tuple(int(d) for d in shape)
    if len(shape) < 2:
        return (shape[0], shape[0]) if shape else (1, 1)
    receptive = int(np.prod(shape[:-2]))
    return shape[-2] * receptive, shape[-1] * receptive


def _float_dtype(dtype: dtypes.DType) -> dtypes.DType:
    if not dtype.is_floating:
        raise TypeError(f"Expected floating point type, got {dtype.name}.")
    return dtype


class GlorotUniform(Initializer):
    """U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)).
    Mirrors `tf.compat.v1.glorot_uniform_initializer` (get_variable's default for floats)."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.seed = seed

    def __call__(self, shape, dtype=None, partition_info=None) -> Tensor:
        fan_in, fan_out = _fans(shape)
        limit = float(np.sqrt(6.0 / max(1, fan_in + fan_out)))
        return random_ops.uniform(shape, -limit, limit, _float_dtype(self._dtype(dtype)),
                                  self.seed)

    def get_config(self) -> dict:
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(GlorotUniform):
    """Truncated normal with stddev sqrt(2 / (fan_in + fan_out)), widened to make up for the
    truncation (TF's 0.8796...). Mirrors `tf.compat.v1.glorot_normal_initializer`."""

    def __call__(self, shape, dtype=None, partition_info=None) -> Tensor:
        fan_in, fan_out = _fans(shape)
        # a normal cut at 2 stddevs has stddev 0.87962566 times the uncut one
        stddev = float(np.sqrt(2.0 / max(1, fan_in + fan_out))) / 0.87962566103423978
        return random_ops.truncated_normal(shape, 0.0, stddev, _float_dtype(self._dtype(dtype)),
                                           self.seed)


# TF1's lower-case names are the classes themselves (`zeros_initializer()` makes one)
zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
random_uniform_initializer = RandomUniform
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
