"""`tf.keras.optimizers.schedules`: a learning rate that changes with the step count.

    >>> schedule = tf.keras.optimizers.schedules.InverseTimeDecay(0.001, decay_steps=1000,
    ...                                                             decay_rate=1)
    >>> optimizer = tf.keras.optimizers.Adam(schedule)   # lr = 0.001 / (1 + step / 1000)

A schedule is a function of the step (`schedule(step)` gives the rate, also
for an array of steps, which is handy for plotting it); an optimizer given
one evaluates it at `optimizer.iterations` before every update.
"""
from __future__ import annotations

from .. import dtypes
from ..ops import array_ops, math_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor

__all__ = ["LearningRateSchedule", "InverseTimeDecay", "ExponentialDecay"]


class LearningRateSchedule:
    """Base class: `schedule(step)` returns the learning rate. Mirrors Keras's."""

    def __call__(self, step) -> Tensor:
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}


def _as_float(value, dtype=dtypes.float32) -> Tensor:
    value = convert_to_tensor(value)
    return value if value.dtype is dtype else array_ops.cast(value, dtype)


class InverseTimeDecay(LearningRateSchedule):
    """`initial / (1 + decay_rate * step / decay_steps)` (the ratio floored if `staircase`)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.decay_rate, self.staircase, self.name = decay_rate, staircase, name

    def __call__(self, step) -> Tensor:
        p = math_ops.truediv(_as_float(step), _as_float(self.decay_steps))
        if self.staircase:
            p = unary_ops.floor(p)
        return math_ops.truediv(_as_float(self.initial_learning_rate),
                                math_ops.add(1.0, math_ops.multiply(_as_float(self.decay_rate), p)))

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class ExponentialDecay(LearningRateSchedule):
    """`initial * decay_rate ** (step / decay_steps)` (the exponent floored if `staircase`)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.decay_rate, self.staircase, self.name = decay_rate, staircase, name

    def __call__(self, step) -> Tensor:
        p = math_ops.truediv(_as_float(step), _as_float(self.decay_steps))
        if self.staircase:
            p = unary_ops.floor(p)
        return math_ops.multiply(_as_float(self.initial_learning_rate),
                                 math_ops.pow(_as_float(self.decay_rate), p))

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.optimizers.schedules", __name__, name)
