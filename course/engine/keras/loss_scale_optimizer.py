"""`LossScaleOptimizer`: training in float16 without gradients that round to zero.

float16 cannot hold numbers below about 6e-8, and small gradients of a
float16 computation become 0. So the loss is multiplied by a large scale
before differentiating (every gradient grows by the same factor), and the
gradients are divided by it again before the update:

    >>> opt = tf.keras.mixed_precision.LossScaleOptimizer(tf.keras.optimizers.SGD(0.1))
    >>> with tf.GradientTape() as tape:
    ...     loss = opt.scale_loss(compute_loss())    # loss * 32768 (2 ** 15)
    >>> opt.apply(tape.gradient(loss, weights), weights)  # divides by 32768, then SGD's step

The scale is dynamic (Keras 3's rule): a step whose gradients hold an inf or
a nan is skipped and halves the scale; after `dynamic_growth_steps` finite
steps in a row the scale doubles. `model.fit` scales its loss this way, and
`compile` wraps the optimizer of a "mixed_float16" model in one, as Keras 3 does.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..graph.scopes import init_scope, name_scope
from ..ops import array_ops, math_ops, reduce_ops, unary_ops
from ..ops.cond_ops import cond
from ..tensor import convert_to_tensor
from ..variables import Variable
from .optimizers import Optimizer

__all__ = ["LossScaleOptimizer", "for_model"]

# Keras 3's base optimizer arguments: LossScaleOptimizer accepts them at their defaults only
# (a saved config from older Keras writes them), the inner optimizer is where they belong.
_INNER_ARGUMENTS = {"weight_decay": None, "clipnorm": None, "global_clipnorm": None,
                    "clipvalue": None, "use_ema": False, "ema_momentum": 0.99,
                    "ema_overwrite_frequency": None, "loss_scale_factor": None,
                    "gradient_accumulation_steps": None}


class LossScaleOptimizer(Optimizer):
    """Wraps an optimizer with dynamic loss scaling. Mirrors `keras.mixed_precision.LossScaleOptimizer`.

    `learning_rate` and `iterations` are the inner optimizer's; `variables` are
    this one's (iterations, learning rate, `step_counter`, `dynamic_scale`)
    followed by the inner one's.
    """

    def __init__(self, inner_optimizer, initial_scale: float = 2.0 ** 15,
                 dynamic_growth_steps: int = 2000, name: str | None = None, **kwargs):
        if not kwargs.pop("dynamic", True):
            raise ValueError("LossScaleOptimizer no longer supports `dynamic=False`. Instead, "
                             "simply set `loss_scale_factor` directly on the `inner_optimizer`.")
        for arg, default in _INNER_ARGUMENTS.items():
            if arg in kwargs and kwargs.pop(arg) != default:
                raise ValueError(f"LossScaleOptimizer does not support `{arg}`. Instead, set "
                                 f"`{arg}` on the `inner_optimizer`.")
        if kwargs:
            raise ValueError(f"LossScaleOptimizer does not support arguments: "
                             f"`{'`, `'.join(kwargs)}`.")
        if not isinstance(inner_optimizer, Optimizer):  # (Keras fails on the attribute it sets)
            raise AttributeError(f"'{type(inner_optimizer).__name__}' object has no attribute "
                                 "'loss_scale_factor'")
        super().__init__(learning_rate=0.0, name=name or "loss_scale_optimizer")
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps

    def build(self, var_list) -> None:
        """Makes the step counter and the scale, then builds the inner optimizer."""
        with init_scope(), name_scope(""):  # (made eagerly, even when the first step is traced)
            self.step_counter = Variable(np.int64(0), trainable=False, name="step_counter")
            self.dynamic_scale = Variable(np.float32(self.initial_scale), trainable=False,
                                          name="dynamic_scale")
        self._variables += [self.step_counter, self.dynamic_scale]
        self.inner_optimizer.build(var_list)
        super().build(var_list)

    @property
    def variables(self) -> list:
        return list(self._variables) + list(self.inner_optimizer.variables)

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        self.inner_optimizer.learning_rate = value

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    def scale_loss(self, loss):
        """`loss` times the current scale (before the first step: `initial_scale`). A float16
        loss comes back float32, as Keras's multiply promotes it by the float32 scale."""
        loss = convert_to_tensor(loss)
        if not self.built:
            return math_ops.multiply(loss, self.initial_scale)
        dtype = dtypes.float64 if loss.dtype is dtypes.float64 else dtypes.float32
        return math_ops.multiply(array_ops.cast(loss, dtype),
                                 array_ops.cast(self.dynamic_scale.read_value(), dtype))

    def apply_gradients(self, grads_and_vars) -> None:
        """One step of the inner optimizer on the unscaled gradients, if they are all finite;
        else no step, and the scale halves."""
        pairs = list(grads_and_vars)
        if not self.built:
            self.build([v for _, v in pairs])
        given = [convert_to_tensor(g) for g, _ in pairs if g is not None]
        finite = reduce_ops.reduce_all(array_ops.stack(
            [reduce_ops.reduce_all(unary_ops.is_finite(g)) for g in given]))

        def step():
            scale = self.dynamic_scale.read_value()
            self.inner_optimizer.apply_gradients(
                [(None if g is None else math_ops.divide(g, array_ops.cast(scale, g.dtype)), v)
                 for g, v in ((None if g is None else convert_to_tensor(g), v) for g, v in pairs)])
            cond(math_ops.equal(self.step_counter.read_value(),
                                np.int64(self.dynamic_growth_steps - 1)), self._grow, self._count)

        def skip():
            self.step_counter.assign(np.int64(0))
            self.dynamic_scale.assign(math_ops.multiply(self.dynamic_scale.read_value(), 0.5))
        cond(finite, step, skip)

    def _grow(self) -> None:
        self.step_counter.assign(np.int64(0))
        self.dynamic_scale.assign(math_ops.multiply(self.dynamic_scale.read_value(), 2.0))

    def _count(self) -> None:
        self.step_counter.assign_add(np.int64(1))

    def get_config(self) -> dict:
        from .serialization import serialize_keras_object
        return {"name": self.name,
                "inner_optimizer": serialize_keras_object(self.inner_optimizer),
                "initial_scale": self.initial_scale,
                "dynamic_growth_steps": self.dynamic_growth_steps}


def for_model(model, optimizer):
    """Keras 3's compile: a "mixed_float16" model's optimizer is wrapped in a
    LossScaleOptimizer (unless it is one)."""
    policy = getattr(model, "dtype_policy", None)
    if policy is not None and policy.name == "mixed_float16" and \
            not isinstance(optimizer, LossScaleOptimizer):
        return LossScaleOptimizer(optimizer, name="loss_scale_optimizer")
    return optimizer
