"""`keras.random.SeedGenerator`: where Keras layers get their random numbers.

A layer that draws (Dropout) owns a SeedGenerator: a small int64 Variable
`[seed, counter]`. Each draw uses the current state as the seed of a
*stateless* random op and then steps the counter, exactly as Keras 3 does:

    seed = generator.next()                 # [seed, k], and the state becomes [seed, k + 1]
    u = tf.random.stateless_uniform(shape, seed)

The numbers depend only on the state, which is an ordinary Variable read and
written by ops: eager training and `fit`'s traced step draw the same masks,
and saving the state would replay them.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..graph.scopes import init_scope
from ..module import Module
from ..ops import array_ops, math_ops, random_ops, stateless_random_ops
from ..variables import Variable

__all__ = ["SeedGenerator", "dropout"]


class SeedGenerator(Module):
    """A seed that moves forward on every draw. Mirrors `keras.random.SeedGenerator`.

    Without `seed`, the starting seed follows `tf.random.set_seed` /
    `tf.keras.utils.set_random_seed`, so training is reproducible.
    """

    def __init__(self, seed: int | None = None, name: str | None = None):
        super().__init__(name=name or "seed_generator")
        if seed is None:
            seed = int(random_ops._generator(None).integers(1, 10**9))
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


def dropout(inputs, rate: float, seed: SeedGenerator):
    """Zeroes each value with probability `rate`, scales the rest by 1/(1 - rate).

    The mask is data, not a function of the inputs: the gradient is dy * mask.
    """
    dtype = inputs.dtype
    u = stateless_random_ops.stateless_uniform(array_ops.shape(inputs), seed.next(),
                                               dtype=dtype if dtype.is_floating else dtypes.float32)
    keep = array_ops.cast(math_ops.greater_equal(u, rate), dtype)
    return math_ops.multiply(inputs, math_ops.multiply(keep, 1.0 / (1.0 - rate)))
