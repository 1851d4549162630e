"""`keras.random.SeedGenerator`: where Keras layers get their random numbers.

A layer that draws (Dropout) owns a SeedGenerator: a small int64 Variable
`[seed, counter]`. Each draw uses the current state as the seed of a
*stateless* random op and then steps the counter, exactly as Keras 3 does:

    seed = generator.next()                 # [seed, k], and the state becomes [seed, k + 1]
    u = tf.random.stateless_uniform(shape, seed)

The numbers depend only on the state, which is an ordinary Variable read and
written by ops: eager training and `fit`'s traced step draw the same masks,
and saving the state would replay them.

Where seeds come from, as in Keras 3: an unseeded SeedGenerator or
initializer takes `make_default_seed()`, a draw from Python's own `random`
module when it is made. `tf.keras.utils.set_random_seed(0)` seeds that
module, so a script that calls it and then builds its layers in the same
order gets the same seeds, and so the same weights and dropout masks, as
the script gets on TensorFlow.
"""
from __future__ import annotations

import random as _python_random

import numpy as np

from .. import dtypes
from ..graph.scopes import init_scope
from ..module import Module
from ..ops import array_ops, math_ops
from ..ops import stateless_random_ops
from ..ops.dropout_ops import stateless_dropout
from ..tensor import convert_to_tensor
from ..variables import Variable

__all__ = ["SeedGenerator", "dropout", "make_default_seed", "draw_seed", "normal", "uniform"]


def make_default_seed() -> int:
    """A seed for something made without one: Python's `random.randint(1, 10**9)`, as Keras."""
    return _python_random.randint(1, int(1e9))


class SeedGenerator(Module):
    """A seed that moves forward on every draw. Mirrors `keras.random.SeedGenerator`.

    Without `seed`, the starting seed is `make_default_seed()`: after
    `tf.keras.utils.set_random_seed(0)`, the same as TF's Keras picks.
    """

    def __init__(self, seed: int | None = None, name: str | None = None):
        super().__init__(name=name or "seed_generator")
        if seed is None:
            seed = make_default_seed()
        if not isinstance(seed, (int, np.integer)):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed}")
        with init_scope():  # (made eagerly, even when the layer is first called while tracing)
            self.state = Variable(np.array([int(seed), 0], dtype=np.int64), trainable=False,
                                  name="seed_generator_state")

    def next(self):
        """The seed for this draw; the state's counter steps forward (as an op)."""
        seed = self.state.read_value()
        self.state.assign_add(np.array([0, 1], dtype=np.int64))
        return seed


def draw_seed(seed):
    """The seed pair of one draw, as Keras's TF backend passes it to a stateless op.

    An int seed gives `[seed, 0]` every time (so an int-seeded initializer repeats its
    values); a SeedGenerator gives its state and steps forward. Keras keeps seeds as
    int64 and folds them into int32 with `floormod(seed, 2**31 - 2)`.
    """
    if isinstance(seed, SeedGenerator):
        pair = seed.next()
    elif isinstance(seed, (int, np.integer)):
        pair = convert_to_tensor(np.array([seed, 0], dtype=np.int64))
    else:
        raise ValueError(f"Argument `seed` must be either an integer or an instance of "
                         f"`SeedGenerator`. Received: seed={seed} (of type {type(seed)})")
    return array_ops.cast(math_ops.floormod(pair, np.int64(2**31 - 2)), dtypes.int32)


_GLOBAL: list = []  # Keras 3's global SeedGenerator, for draws given no seed (made when needed)


def _seed_or_global(seed):
    if seed is None:
        if not _GLOBAL:
            _GLOBAL.append(SeedGenerator())
        return _GLOBAL[0]
    return seed


def normal(shape, mean: float = 0.0, stddev: float = 1.0, dtype=None, seed=None):
    """Normal draws with a seed (an int: the same numbers each call; a SeedGenerator: new ones
    each draw). Mirrors `keras.random.normal` on TF: a stateless op with `draw_seed`'s pair.

    >>> gen = tf.keras.random.SeedGenerator(1337)
    >>> z = tf.keras.random.normal((2, 3), seed=gen)     # a GAN's latent vectors
    """
    return stateless_random_ops.stateless_normal(shape, draw_seed(_seed_or_global(seed)), mean,
                                                 stddev, dtype or dtypes.float32)


def uniform(shape, minval: float = 0.0, maxval: float = 1.0, dtype=None, seed=None):
    """Uniform draws in [minval, maxval) with a seed, as `normal`. Mirrors
    `keras.random.uniform`."""
    return stateless_random_ops.stateless_uniform(shape, draw_seed(_seed_or_global(seed)), minval,
                                                  maxval, dtype or dtypes.float32)


def dropout(inputs, rate: float, seed: SeedGenerator):
    """Zeroes each value with probability `rate`, scales the rest by 1/(1 - rate): Keras 3's
    dropout is `tf.nn.experimental.stateless_dropout` with the generator's next seed
    (ops/dropout_ops.py), so its masks are TF's."""
    return stateless_dropout(inputs, rate, draw_seed(seed))
