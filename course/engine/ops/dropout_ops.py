"""`tf.nn.dropout`: zero each element with probability `rate`, scale the others by 1/(1-rate).

    >>> tf.random.set_seed(0)
    >>> tf.nn.dropout(tf.ones([6]), rate=0.5)          # the kept elements become 2.0
    <tf.Tensor: shape=(6,), dtype=float32, numpy=array([0., 0., 2., 2., 0., 2.], dtype=float32)>

Scaling the kept elements keeps the expected sum the same, so a layer trained with dropout
needs no change when it is used without it. Dropout is built from ordinary ops, the way
TensorFlow builds it: `x * (1 / (1 - rate))`, uniform draws in [0, 1) of `noise_shape`, the
mask `draws >= rate` and a `SelectV2` that puts 0 where the mask is False. The draws are the
engine's `tf.random.uniform` (or `tf.random.stateless_uniform` for
`tf.nn.experimental.stateless_dropout`), which follow TF's seeds and Philox streams, so a
seeded dropout keeps TF's elements; the gradient is that of the multiply and the select
(dy / (1 - rate) where kept, 0 where dropped).

`noise_shape` draws one decision per position of a smaller shape that broadcasts to x's:
`noise_shape=[batch, 1]` drops whole rows. `tf.compat.v1.nn.dropout` takes `keep_prob`
(TF1's spelling: rate = 1 - keep_prob).
"""
from __future__ import annotations

import numbers

from ..tensor import Tensor, convert_to_tensor
from ..tensor_shape import TensorShape
from . import array_ops, index_ops, math_ops, random_ops
from .stateless_random_ops import stateless_uniform

__all__ = ["dropout", "stateless_dropout", "dropout_v1"]


def dropout(x, rate, noise_shape=None, seed=None, name=None) -> Tensor:
    """Zeroes each element with probability `rate`; scales the rest by 1/(1-rate).

    Mirrors `tf.nn.dropout`: `seed` and `tf.random.set_seed` choose the draws by TF's rules
    (a rate of 0 still takes an op seed, so the draws after it do not depend on the rate).
    """
    return _dropout(x, rate, noise_shape,
                    lambda shape, dtype: random_ops.uniform(shape, dtype=dtype, seed=seed),
                    lambda: random_ops.get_seed(seed))


def stateless_dropout(x, rate, seed, rng_alg=None, noise_shape=None, name=None) -> Tensor:
    """Dropout whose mask depends only on `seed` (two integers): the same seed drops the same
    elements, on every call. Mirrors `tf.nn.experimental.stateless_dropout`."""
    alg = "auto_select" if rng_alg is None else rng_alg
    return _dropout(x, rate, noise_shape,
                    lambda shape, dtype: stateless_uniform(shape, seed, dtype=dtype, alg=alg),
                    lambda: None)


def dropout_v1(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None) -> Tensor:
    """TF1's `tf.compat.v1.nn.dropout`: `keep_prob` is the probability of keeping an element
    (rate = 1 - keep_prob); `rate` may be given instead, not both."""
    if keep_prob is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'rate' and 'keep_prob'.")
        try:
            rate = 1.0 - keep_prob
        except TypeError:
            raise ValueError("`keep_prob` must be a floating point number or Tensor. "
                             f"Received: keep_prob={keep_prob}") from None
    if rate is None:
        raise ValueError(f"`rate` must be provided. Received: rate={rate}")
    return dropout(x, rate, noise_shape=noise_shape, seed=seed, name=name)


def _dropout(x, rate, noise_shape, uniform, dummy_rng_step) -> Tensor:
    """TF's recipe, shared by both dropouts; `uniform(shape, dtype)` draws in [0, 1)."""
    is_number = isinstance(rate, numbers.Real)
    if is_number and not 0 <= rate < 1:
        raise ValueError("`rate` must be a scalar tensor or a float in the range [0, 1). "
                         f"Received: rate={rate}")
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. "
                         f"Received: x_dtype={x.dtype}")
    if is_number and rate == 0:
        dummy_rng_step()  # (the stream moves on as if it had drawn: the rate changes nothing else)
        return x
    if is_number:
        ret = math_ops.multiply(x, convert_to_tensor(1 / (1 - rate), dtype=x.dtype))
    elif isinstance(rate, Tensor):
        if rate.shape.rank != 0:
            raise ValueError(f"Shape {rate.shape} must have rank 0")
        if rate.dtype is not x.dtype:  # (TF: no cast between two different dtypes)
            raise ValueError("`x.dtype` must be compatible with `rate.dtype`. Received: "
                             f"x.dtype={x.dtype} and rate.dtype={rate.dtype}")
        ret = math_ops.truediv(x, math_ops.subtract(convert_to_tensor(1, dtype=x.dtype), rate))
    else:
        raise ValueError(f"`rate` must be a scalar or scalar tensor. Received: rate={rate}")
    keep = math_ops.greater_equal(uniform(_noise_shape(x, noise_shape), x.dtype), rate)
    return index_ops.where(keep, ret, convert_to_tensor(0, dtype=x.dtype))


def _noise_shape(x: Tensor, noise_shape):
    """x's shape (a tensor: known when the graph runs), or `noise_shape` with its unknown sizes
    taken from x where x knows them (TF's best effort)."""
    if noise_shape is None:
        return array_ops.shape(x)
    try:
        given = TensorShape(noise_shape)
    except (TypeError, ValueError):
        return noise_shape  # (a tensor: the random op checks it)
    if x.shape.rank is not None and given.rank == x.shape.rank:
        return [n if n is not None else d for n, d in zip(given.as_list(), x.shape.as_list())]
    return noise_shape

