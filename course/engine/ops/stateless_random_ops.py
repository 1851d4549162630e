"""Stateless random draws: `tf.random.stateless_normal`, `stateless_uniform`, ...

A stateless op's numbers are a function of its inputs alone: the shape and a
`seed` of two integers. Nothing is remembered between calls, so the same
seed gives the same numbers, eagerly, in a tf.function and on every run:

    >>> a = tf.random.stateless_normal([2], seed=[1, 2])
    >>> b = tf.random.stateless_normal([2], seed=[1, 2])
    >>> bool(tf.reduce_all(a == b))
    True

TF's rules (seed shape [2] of int32/int64, dtype lists, minval/maxval for
integers) and TF's numbers: the seed is scrambled into a Philox key and
counter (`key_counter`), then ../random_bits.py turns Philox blocks into
numbers as TF's CPU kernels do (categorical draws too; binomial draws are
NumPy's numbers, seeded by the two integers). Read next: stateful_random_ops.py, where a
`tf.random.Generator` keeps a seed-like state in a variable.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..random_bits import draw, uniform_float64_pairs
from ..philox import counter_words, philox
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, convert_to_tensor
from . import array_ops as _array
from . import math_ops as _math
from . import register
from .random_ops import (_SHAPES, _draw_type, _scalar, _shape_tensor, affine, as_parameter,
                         uniform_type)

__all__ = ["stateless_uniform", "stateless_normal", "stateless_truncated_normal",
           "stateless_categorical", "stateless_binomial", "stateless_split", "checked_dims"]


def checked_dims(shape, op: str) -> tuple:
    """A shape input as a tuple of ints; TF refuses negative dimensions."""
    dims = tuple(int(d) for d in np.reshape(shape, -1))
    for d in dims:
        if d < 0:
            raise invalid_argument(op, f"Dimension {d} must be >= 0")
    return dims


def _check_seed(seed) -> None:
    if np.shape(seed) != (2,):  # (TF: StatelessRandomGetKeyCounter's check)
        raise invalid_argument("StatelessRandomGetKeyCounter",
                               f"seed must have shape [2], not {list(np.shape(seed))}")


def _seeded(seed) -> np.random.Generator:
    """NumPy's generator for a seed of two integers (binomial draws)."""
    _check_seed(seed)
    return np.random.default_rng([int(s) % 2**64 for s in seed])


_SCRAMBLE_KEY = np.array([0x3EC8F720, 0x02461E29], np.uint32)


def key_counter(seed) -> tuple:
    """TF's Philox (key, counter) for a seed pair: the seed, as a counter, scrambled.

    The two seeds (int32 ones sign-extended to 64 bits) form a Philox
    counter, encrypted under a fixed key; the 4 words out give the key (2)
    and the high half of the counter (the low half starts at 0). So similar
    seeds give unrelated streams, as in TF's StatelessRandomGetKeyCounter.
    """
    _check_seed(seed)
    mixed = philox(counter_words(*(int(s) for s in seed))[None, :], _SCRAMBLE_KEY)[0]
    return mixed[:2], np.array([0, 0, mixed[2], mixed[3]], np.uint32)


def _seed_tensor(seed) -> Tensor:
    """The seed as an int32/int64 tensor; TF's kernel refuses other dtypes (attr `Tseed`)."""
    seed = convert_to_tensor(seed)
    if seed.dtype not in _SHAPES:
        raise invalid_argument("StatelessRandomGetKeyCounter",
                               f"Value for attr 'Tseed' of {dtypes.kernel_name(seed._value.dtype)} "
                               "is not in the list of allowed values: int32, int64")
    return seed


# The ops: inputs (shape, seed), the output dtype an attr. No gradients (TF registers none).
def _uniform(shape, seed, dtype):
    return draw("uniform", checked_dims(shape, "StatelessRandomUniform"), *key_counter(seed), dtype)


def _normal(shape, seed, dtype):
    return draw("normal", checked_dims(shape, "StatelessRandomNormal"), *key_counter(seed),
                dtype).astype(dtype)


def _truncated_normal(shape, seed, dtype):
    return draw("truncated_normal", checked_dims(shape, "StatelessTruncatedNormal"),
                *key_counter(seed), dtype).astype(dtype)


def _uniform_int(shape, seed, minval, maxval, dtype):
    if minval >= maxval:
        raise invalid_argument("StatelessRandomUniformInt",
                               f"Need minval < maxval, got {minval} >= {maxval}")
    return draw("uniform_int", checked_dims(shape, "StatelessRandomUniformInt"),
                *key_counter(seed), dtype, minval, maxval)


def _uniform_full_int(shape, seed, dtype):  # every value of the dtype is possible
    return draw("uniform_full_int", checked_dims(shape, "StatelessRandomUniformFullInt"),
                *key_counter(seed), dtype)


def _multinomial(logits, num_samples, seed, dtype):
    """For each row of logits, `num_samples` class indices drawn with probabilities softmax(row).

    As TF's CPU kernel: per row, the running sum of exp(logit - max) over the
    finite logits (not normalized), and for each sample the first class whose
    sum exceeds u * total, u a float64 uniform made from two Philox words;
    the rows take their words one after the other. (TF splits a big batch
    among threads, each skipping ahead by row * (num_samples + 3) / 4 blocks,
    so its numbers then depend on the thread count: these are the one-thread
    numbers, which TF gives for small batches.)
    """
    if logits.ndim != 2:
        raise invalid_argument("StatelessMultinomial",
                               f"logits should be a matrix, got shape {list(logits.shape)}")
    rows, n = logits.shape[0], int(num_samples)
    finite = np.isfinite(logits)
    top = np.max(np.where(finite, logits, -np.inf), axis=1, keepdims=True).astype(np.float64)
    cdf = np.cumsum(np.where(finite, np.exp(logits.astype(np.float64) - top), 0.0), axis=1)
    u = uniform_float64_pairs(*key_counter(seed), rows * n).reshape(rows, n)
    picks = np.stack([np.searchsorted(c, row * c[-1], side="right") for c, row in zip(cdf, u)]) \
        if rows and cdf.shape[1] else np.zeros((rows, n))
    return np.minimum(picks, logits.shape[1] - 1).astype(dtype)  # (u * total rounding up to it)


def _binomial(shape, seed, counts, probs, dtype):
    dims = checked_dims(shape, "StatelessRandomBinomial")
    try:
        both = np.broadcast_shapes(np.shape(counts), np.shape(probs))
        np.broadcast_shapes(both, dims)
    except ValueError:
        both = None
    if both is None or dims[len(dims) - len(both):] != both:
        raise invalid_argument("StatelessRandomBinomial",
                               "Shape passed in must end with broadcasted shape.")
    draws = _seeded(seed).binomial(np.broadcast_to(counts, dims).astype(np.int64),
                                   np.broadcast_to(probs, dims), dims)
    return draws.astype(dtype)


_SEEDED = {"dtypes": _SHAPES, "same_dtype": False}
STATELESS_UNIFORM = register(Op("StatelessRandomUniform", _uniform, None, **_SEEDED))
STATELESS_NORMAL = register(Op("StatelessRandomNormal", _normal, None, **_SEEDED))
STATELESS_TRUNCATED_NORMAL = register(Op("StatelessTruncatedNormal", _truncated_normal, None,
                                         **_SEEDED))
STATELESS_UNIFORM_INT = register(Op("StatelessRandomUniformInt", _uniform_int, None, **_SEEDED))
STATELESS_UNIFORM_FULL_INT = register(Op("StatelessRandomUniformFullInt", _uniform_full_int, None,
                                         **_SEEDED))
STATELESS_MULTINOMIAL = register(Op("StatelessMultinomial", _multinomial, None,
                                    dtypes=dtypes.FLOATING, same_dtype=False))
STATELESS_BINOMIAL = register(Op("StatelessRandomBinomial", _binomial, None, **_SEEDED))


# -- the public functions ------------------------------------------------------------------------
_UNIFORM_DTYPES = ("tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64, "
                   "tf.uint32, tf.uint64")


def _is_number(value, number) -> bool:
    """Whether `value` is the plain Python number `number` (not a tensor, which may be
    symbolic)."""
    return type(value) in (int, float) and value == number


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None,
                      alg="auto_select") -> Tensor:
    """Uniform draws in [minval, maxval) determined by `seed` (two integers).

    Mirrors `tf.random.stateless_uniform`: the same seed gives the same
    numbers, eagerly and in a graph, on every run (Keras's Dropout draws its
    masks this way, from a seed it steps forward: see keras/random.py).
    Integer dtypes need both `minval` and `maxval`, or neither (then every
    value of the dtype is possible), as in TF.

    >>> tf.random.stateless_uniform([3], seed=[1, 2], minval=0, maxval=10, dtype=tf.int32)
    """
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype in _SHAPES or dtype in (dtypes.uint32, dtypes.uint64)):
        raise ValueError(f"Argument `dtype` got invalid value {dtype}. Accepted dtypes are "
                         f"({_UNIFORM_DTYPES}).")
    seed = _seed_tensor(seed)
    shape = _shape_tensor(shape, "StatelessRandomUniform")
    if dtype.is_integer:
        if (minval is None) != (maxval is None):
            raise ValueError(f"For integer `dtype` argument {dtype}, argument `minval` and "
                             "`maxval` must be both None or not None. Got `minval`="
                             f"{minval} and `maxval`={maxval}.")
        if minval is not None and dtype.is_unsigned:  # (TF: full-range draws only)
            raise ValueError(f"Argument `dtype` got invalid value {dtype} when argument `minval` "
                             "is not None. Please don't use unsigned integers in this case.")
        np_dtype = np.dtype(dtype.as_numpy_dtype)
        if minval is None:
            return execute(STATELESS_UNIFORM_FULL_INT, (shape, seed), {"dtype": np_dtype},
                           name=name)
        low, high = int(_scalar(minval, dtype)), int(_scalar(maxval, dtype))
        return execute(STATELESS_UNIFORM_INT, (shape, seed),
                       {"minval": low, "maxval": high, "dtype": np_dtype}, name=name)
    u = execute(STATELESS_UNIFORM, (shape, seed), {"dtype": np.dtype(uniform_type(dtype))})
    if _is_number(minval, 0) and (maxval is None or _is_number(maxval, 1)):
        return _array.cast(u, dtype)  # [0, 1): the draw as it is
    low, high = as_parameter(minval, dtype), as_parameter(1 if maxval is None else maxval, dtype)
    return affine(u, low, _math.subtract(high, low), dtype)


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                     alg="auto_select") -> Tensor:
    """Normal draws determined by `seed`. Mirrors `tf.random.stateless_normal`.

    >>> tf.random.stateless_normal([2, 3], seed=[1, 2])   # the same numbers on every call
    """
    dtype = dtypes.as_dtype(dtype)
    mean, stddev = as_parameter(mean, dtype), as_parameter(stddev, dtype)  # (int: TF's TypeError)
    z = execute(STATELESS_NORMAL, (_shape_tensor(shape, "StatelessRandomNormal"),
                                   _seed_tensor(seed)), {"dtype": np.dtype(_draw_type(dtype))})
    return affine(z, mean, stddev, dtype)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                               name=None, alg="auto_select") -> Tensor:
    """Normal draws within 2 standard deviations of the mean, determined by `seed`.

    Mirrors `tf.random.stateless_truncated_normal`.
    """
    dtype = dtypes.as_dtype(dtype)
    mean, stddev = as_parameter(mean, dtype), as_parameter(stddev, dtype)
    z = execute(STATELESS_TRUNCATED_NORMAL, (_shape_tensor(shape, "StatelessTruncatedNormal"),
                                             _seed_tensor(seed)),
                {"dtype": np.dtype(_draw_type(dtype))})
    return affine(z, mean, stddev, dtype)


def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None) -> Tensor:
    """Class indices drawn from each row of `logits` (unnormalized log-probabilities).

    Mirrors `tf.random.stateless_categorical`: logits [batch, classes] give
    [batch, num_samples] indices.

    >>> tf.random.stateless_categorical(tf.math.log([[0.5, 0.5]]), 4, seed=[7, 17])
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype not in _SHAPES:
        raise ValueError(f"Argument `dtype` got invalid value {dtype}. Accepted dtypes are "
                         "(tf.int32, tf.int64).")
    logits = convert_to_tensor(logits)
    num_samples = convert_to_tensor(num_samples, dtype=dtypes.int32)
    return execute(STATELESS_MULTINOMIAL, (logits, num_samples, _seed_tensor(seed)),
                   {"dtype": np.dtype(dtype.as_numpy_dtype)}, name=name)


def stateless_binomial(shape, seed, counts, probs, output_dtype=dtypes.int32,
                       name=None) -> Tensor:
    """How many of `counts` trials succeed, each with probability `probs`, determined by `seed`.

    Mirrors `tf.random.stateless_binomial`; counts and probs broadcast to `shape`'s end.

    >>> tf.random.stateless_binomial([3], seed=[1, 2], counts=10.0, probs=0.5)
    """
    output_dtype = dtypes.as_dtype(output_dtype)
    counts, probs = convert_to_tensor(counts), convert_to_tensor(probs)
    return execute(STATELESS_BINOMIAL, (_shape_tensor(shape, "StatelessRandomBinomial"),
                                        _seed_tensor(seed), counts, probs),
                   {"dtype": np.dtype(output_dtype.as_numpy_dtype)}, name=name)


def stateless_split(seed, num=2, alg="auto_select") -> Tensor:
    """`num` new seeds from one: a [num, 2] tensor. Mirrors `tf.random.split`."""
    seed = _seed_tensor(seed)
    return stateless_uniform([num, 2], seed, minval=None, maxval=None, dtype=seed.dtype)
