"""`tf.keras.optimizers`: turn gradients into weight updates, with Keras 3's exact rules.

    >>> w = tf.Variable([1.0, 2.0])
    >>> opt = tf.keras.optimizers.SGD(learning_rate=0.1)
    >>> opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    >>> w.numpy()
    array([0.9, 1.9], dtype=float32)

Keras 3's shape: `build(var_list)` creates one slot per variable (Adam's
momentum m and velocity v), and `update_step(gradient, variable,
learning_rate)` applies the rule to one variable. `update_step` prepares
what changes from step to step (Adam's beta powers) with engine ops and then
calls one fused training op, as TensorFlow's optimizers do
(`ResourceApplyAdam` and friends, in ops/training_ops.py: the formulas, the
in-place update and the flushing of subnormal numbers live there). The same
code runs eagerly and inside `tf.function` (fit traces its training step).
"""
from __future__ import annotations

import logging

import numpy as np

from ..distribute import context as _distribute
from ..graph.scopes import init_scope, name_scope
from ..module import Module
from ..ops import array_ops, math_ops, training_ops
from ..tensor import Tensor, convert_to_tensor
from ..tracking import restore_on_create
from ..variables import Variable
from . import schedules  # tf.keras.optimizers.schedules

__all__ = ["Optimizer", "SGD", "Adam", "RMSprop", "Adagrad", "get", "schedules"]

_log = logging.getLogger("course.engine")
TINY = np.finfo(np.float32).tiny  # smallest normal float32, 1.18e-38


class Optimizer(Module):
    """Base class. Mirrors `keras.optimizers.Optimizer` (Keras 3).

    `learning_rate` is a Variable, so it can be changed between steps:
    `opt.learning_rate = 0.01` (or `.assign(0.01)`). `iterations` counts
    the steps taken.
    """

    _WRAP_CONTAINERS = False  # Keras 3 objects keep plain lists (tf.Module wraps them)

    def __init__(self, learning_rate: float = 0.001, name: str | None = None, **kwargs):
        unsupported = {k: v for k, v in kwargs.items() if v not in (None, False)}
        if unsupported:
            raise ValueError(f"{type(self).__name__} here does not support {sorted(unsupported)} "
                             "(weight decay, clipping, EMA): leave them unset.")
        super().__init__(name=name or type(self).__name__.lower())
        with name_scope(""):  # (Keras 3's optimizer variables ignore tf.name_scope)
            self._iterations = Variable(np.int64(0), trainable=False, name="iteration")
        # a schedule is evaluated at `iterations` before each update (apply_gradients)
        self._schedule = learning_rate if isinstance(learning_rate, schedules.LearningRateSchedule) \
            else None
        if self._schedule is not None:
            learning_rate = self._schedule(0).numpy()
        with name_scope(""):
            self._learning_rate = Variable(np.float32(learning_rate), trainable=False,
                                           name="learning_rate")
        self.built = False
        self._var_index: dict = {}
        # Keras 3's lists, which a tf.train.Checkpoint saves (`_checkpoint_children`): the
        # optimizer's variables in creation order, and the model variables it was built for
        self._variables = [self._iterations] + ([] if self._schedule else [self._learning_rate])
        self._trainable_variables: list = []

    # -- hyperparameters -------------------------------------------------------------
    @property
    def iterations(self) -> Variable:
        return self._iterations

    @property
    def learning_rate(self) -> Variable:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        self._learning_rate.assign(np.float32(value))

    # -- Keras 3's two methods ----------------------------------------------------------
    def build(self, var_list) -> None:
        """Creates the slots for `var_list` (subclasses add theirs, then call this)."""
        self._var_index = {id(v): i for i, v in enumerate(var_list)}
        self._trainable_variables = list(var_list)
        self.built = True

    def update_step(self, gradient, variable, learning_rate) -> None:
        raise NotImplementedError

    def add_variable_from_reference(self, variable, name: str, initial: float = 0.0) -> Variable:
        """A zero-filled slot shaped like `variable` (e.g. Adam's momentum)."""
        value = np.full(variable.shape.as_list(), initial, dtype=variable.dtype.as_numpy_dtype)
        with init_scope(), name_scope(""):  # (made eagerly, even when the first step is traced)
            slot = Variable(value, trainable=False, name=f"{variable.name.split(':')[0]}_{name}")
        self._variables.append(slot)
        # a checkpoint restored before this step saved the slot as `_variables/N`
        return restore_on_create(self, ("_variables", len(self._variables) - 1), slot)

    def _checkpoint_children(self) -> list:
        """What tf.train.Checkpoint saves, named as Keras 3 on TF names it: `_iterations`,
        `_learning_rate` (not with a schedule), `_trainable_variables/N` (the model's, saved
        there only if nothing else holds them) and `_variables/N` (iterations, learning rate,
        then the slots in creation order: Adam's `_variables/2` is the first weight's momentum).
        """
        found = [("_iterations", self._iterations)]
        if self._schedule is None:
            found.append(("_learning_rate", self._learning_rate))
        return found + [("_trainable_variables", self._trainable_variables),
                        ("_variables", self._variables)]

    def _index(self, variable) -> int:
        return self._var_index[id(variable)]

    # -- what training calls ---------------------------------------------------------------
    def apply(self, grads, trainable_variables) -> None:
        """Keras 3's form of `apply_gradients`: `opt.apply(grads, model.trainable_variables)`."""
        self.apply_gradients(zip(grads, trainable_variables))

    def apply_gradients(self, grads_and_vars) -> None:
        """Applies one step: `opt.apply_gradients(zip(grads, model.trainable_variables))`."""
        pairs = [(g, v) for g, v in grads_and_vars]
        missing = [v.name for g, v in pairs if g is None]
        if missing:
            _log.warning("Gradients do not exist for variables %s when minimizing the loss.",
                         missing)
        pairs = [(g, v) for g, v in pairs if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable.")
        replica = _distribute.get_replica_context()
        if replica is not None and replica.num_replicas_in_sync > 1:
            # Keras 3 under tf.distribute: the replicas' gradients are summed (all_reduce, where
            # every replica waits for the others) and the step is applied once for all of them
            # (TF's merge_call); here by the first replica.
            summed = replica.all_reduce("SUM", [g for g, _ in pairs])
            if _distribute.current_replica_id() != 0:
                return
            pairs = list(zip(summed, [v for _, v in pairs]))
        if not self.built:
            self.build([v for _, v in pairs])
        unknown = [v.name for _, v in pairs if id(v) not in self._var_index]
        if unknown:
            raise KeyError(f"The optimizer was built for other variables; it cannot update "
                           f"{unknown}. Use a new optimizer for a new model.")
        if self._schedule is not None:
            self._learning_rate.assign(self._schedule(self._iterations))
        lr = self._learning_rate.read_value()
        for g, v in pairs:
            self.update_step(convert_to_tensor(g), v, lr)
            if v.constraint is not None:  # Keras: a constraint projects the updated weight
                v.assign(v.constraint(v))
        self._iterations.assign_add(np.int64(1))

    def minimize(self, loss, var_list, tape=None) -> None:
        """Computes gradients of `loss` with `tape` and applies them."""
        if tape is None:
            raise ValueError("`tape` is required when a Tensor loss is passed.")
        grads = tape.gradient(loss, list(var_list))
        self.apply_gradients(zip(grads, var_list))

    @property
    def variables(self) -> list:
        """iterations, learning_rate, then the slots: what `summary()` counts as Optimizer params."""
        return [self._iterations, self._learning_rate] + self._slot_list()

    def _slot_list(self) -> list:
        return []

    def get_config(self) -> dict:
        return {"name": self.name, "learning_rate": float(self._learning_rate.numpy())}


def _cast_step(optimizer: Optimizer, dtype) -> Tensor:
    """iterations + 1 as the variable's dtype: the step number t of the formulas."""
    return array_ops.cast(math_ops.add(optimizer.iterations.read_value(), np.int64(1)), dtype)


class SGD(Optimizer):
    """Gradient descent, with optional (Nesterov) momentum. Mirrors `keras.optimizers.SGD`.

    - momentum 0: w = w - lr * g
    - momentum m: velocity = m * velocity - lr * g; w = w + velocity
    - nesterov:   w = w + m * velocity - lr * g (velocity as above)
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0,
                 nesterov: bool = False, name: str | None = None, **kwargs):
        super().__init__(learning_rate, name, **kwargs)
        if not isinstance(momentum, float) or momentum < 0 or momentum > 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum = momentum
        self.nesterov = nesterov
        self.momentums: list = []

    def build(self, var_list) -> None:
        super().build(var_list)
        if self.momentum != 0:
            self.momentums = [self.add_variable_from_reference(v, "momentum") for v in var_list]

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = array_ops.cast(learning_rate, variable.dtype)
        if self.momentum == 0:
            training_ops.apply_gradient_descent(variable, lr, gradient)
            return
        m = self.momentums[self._index(variable)]
        training_ops.apply_keras_momentum(variable, m, lr, gradient, self.momentum, self.nesterov)

    def _slot_list(self) -> list:
        return list(self.momentums)

    def get_config(self) -> dict:
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}


class Adam(Optimizer):
    """Adam, in Keras's "epsilon hat" form. Mirrors `keras.optimizers.Adam`.

    With t = iterations + 1:

        m = m + (g - m) * (1 - beta_1)            # running mean of gradients
        v = v + (g**2 - v) * (1 - beta_2)         # running mean of squared gradients
        alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w = w - (m * alpha) / (sqrt(v) + epsilon)

    Epsilon is added to sqrt(v) *after* the bias correction folded into
    alpha (Kingma & Ba's epsilon-hat), so the first step moves a weight by
    almost exactly lr.
    """

    def __init__(self, learning_rate: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, amsgrad: bool = False, name: str | None = None, **kwargs):
        super().__init__(learning_rate, name, **kwargs)
        if amsgrad:
            raise ValueError("amsgrad=True is not supported here.")
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self._momentums: list = []
        self._velocities: list = []

    def build(self, var_list) -> None:
        super().build(var_list)
        # Keras 3 makes each weight's two slots together: m0, v0, m1, v1 (`_variables` order)
        slots = [(self.add_variable_from_reference(v, "momentum"),
                  self.add_variable_from_reference(v, "velocity")) for v in var_list]
        self._momentums = [m for m, _ in slots]
        self._velocities = [v for _, v in slots]

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = array_ops.cast(learning_rate, dtype)
        gradient = array_ops.cast(gradient, dtype)
        local_step = _cast_step(self, dtype)
        beta_1_power = math_ops.pow(convert_to_tensor(self.beta_1, dtype=dtype), local_step)
        beta_2_power = math_ops.pow(convert_to_tensor(self.beta_2, dtype=dtype), local_step)
        i = self._index(variable)
        training_ops.apply_adam(variable, self._momentums[i], self._velocities[i], beta_1_power,
                                beta_2_power, lr, gradient, self.beta_1, self.beta_2, self.epsilon)

    def _slot_list(self) -> list:
        return self._momentums + self._velocities

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}


class RMSprop(Optimizer):
    """Divides each step by a running root-mean-square of gradients. Mirrors `keras.optimizers.RMSprop`.

        velocity = rho * velocity + (1 - rho) * g**2
        w = w - lr * g / sqrt(velocity + epsilon)
    (with momentum > 0 the increment goes through a momentum slot first).
    """

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, momentum: float = 0.0,
                 epsilon: float = 1e-7, centered: bool = False, name: str | None = None,
                 **kwargs):
        super().__init__(learning_rate, name, **kwargs)
        if centered:
            raise ValueError("centered=True is not supported here.")
        self.rho, self.momentum, self.epsilon = rho, momentum, epsilon
        self._velocities: list = []
        self._momentums: list = []

    def build(self, var_list) -> None:
        super().build(var_list)
        self._velocities = [self.add_variable_from_reference(v, "velocity") for v in var_list]
        # TF's kernel takes a momentum slot; with momentum 0 (Keras keeps none) it is unused
        self._momentums = [self.add_variable_from_reference(v, "momentum") if self.momentum > 0
                           else v for v in var_list]

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = array_ops.cast(learning_rate, variable.dtype)
        i = self._index(variable)
        training_ops.apply_rms_prop(variable, self._velocities[i], self._momentums[i], lr, gradient,
                                    self.rho, self.momentum, self.epsilon)

    def _slot_list(self) -> list:
        return self._velocities + (self._momentums if self.momentum > 0 else [])

    def get_config(self) -> dict:
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum,
                "epsilon": self.epsilon}


class Adagrad(Optimizer):
    """Divides each step by the root of all squared gradients so far. Mirrors `keras.optimizers.Adagrad`.

        accumulator = accumulator + g**2          (starts at initial_accumulator_value)
        w = w - lr * g / sqrt(accumulator + epsilon)
    """

    def __init__(self, learning_rate: float = 0.001, initial_accumulator_value: float = 0.1,
                 epsilon: float = 1e-7, name: str | None = None, **kwargs):
        super().__init__(learning_rate, name, **kwargs)
        self.initial_accumulator_value, self.epsilon = initial_accumulator_value, epsilon
        self._accumulators: list = []

    def build(self, var_list) -> None:
        super().build(var_list)
        self._accumulators = [self.add_variable_from_reference(v, "accumulator",
                                                               self.initial_accumulator_value)
                              for v in var_list]

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = array_ops.cast(learning_rate, variable.dtype)
        training_ops.apply_adagrad(variable, self._accumulators[self._index(variable)], lr,
                                   gradient, self.epsilon)

    def _slot_list(self) -> list:
        return list(self._accumulators)

    def get_config(self) -> dict:
        return {**super().get_config(),
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}


_BY_NAME = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adagrad": Adagrad}
CLASSES = {cls.__name__: cls for cls in _BY_NAME.values()}


def get(identifier) -> Optimizer:
    """"adam", "sgd", "rmsprop", "adagrad" or an Optimizer -> an Optimizer (defaults as in Keras)."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    if isinstance(identifier, dict):
        return CLASSES[identifier["class_name"]](**identifier.get("config", {}))
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}. Known names: "
                     f"{', '.join(sorted(_BY_NAME))}; or pass a tf.keras.optimizers object.")


from .. import unsupported as _unsupported  # noqa: E402


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("keras.optimizers", __name__, name)
