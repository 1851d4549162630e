"""`tf.compat.v1.train`: TF1's optimizers, which add their updates to the graph.

The TF1 training loop builds one *train op* and runs it again and again:

    >>> loss = tf.reduce_mean(tf.square(tf.matmul(x, W) + b - y))
    >>> train_op = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss)
    >>> with tf.compat.v1.Session() as sess:
    ...     sess.run(tf.compat.v1.global_variables_initializer())
    ...     for i in range(100):
    ...         sess.run(train_op, feed_dict={x: xs, y: ys})

`minimize(loss)` is two steps you can also take yourself:
`compute_gradients(loss)` asks `tf.gradients` for d(loss)/d(variable), as new
graph nodes, and returns (gradient, variable) pairs; `apply_gradients(pairs)`
adds one fused update op per variable (ResourceApplyGradientDescent,
ResourceApplyMomentum, ResourceApplyAdam: ops/training_ops.py, the kernels
Keras's optimizers use too) and groups them into the train op. Running it
runs the whole chain: forward pass, gradients, updates.

`Saver` (saver.py) writes and reads checkpoints of the variables by name.

TF2 differs: `tf.keras.optimizers` take gradients from a GradientTape and
update eagerly (or inside a tf.function). These TF1 optimizers also work
eagerly when `loss` is a function, `minimize(lambda: loss_value)`, as in TF.

RMSPropOptimizer and AdagradOptimizer differ from Keras's RMSprop and Adagrad
in where they start and their defaults, not in the kernel: TF1's mean square
starts at 1 (Keras's at 0), its epsilon is 1e-10, its momentum slot is kept
even for momentum 0; TF1's Adagrad has no epsilon.
"""
from __future__ import annotations

import contextlib
import weakref

import numpy as np

from ....graph.core import get_default_graph
from ....graph.scopes import control_dependencies
from ....graph.gradients import gradients
from ....graph import SymbolicTensor
from ....ops import training_ops
from ....ops.array_ops import cast
from ....ops.control_flow_ops import group
from ....ops.creation_ops import fill, zeros
from ....tape import GradientTape
from ....tensor import convert_to_tensor
from ....variables import Variable
from .... import unsupported as _unsupported
from ....saving.checkpoint import latest_checkpoint
from ....saving.reader import list_variables, load_checkpoint, load_variable
from .saver import Saver, get_checkpoint_state
from .init_from_checkpoint import init_from_checkpoint
from ....saving.meta_graph import export_meta_graph, import_meta_graph

__all__ = ["Optimizer", "GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer",
           "RMSPropOptimizer", "AdagradOptimizer", "get_or_create_global_step", "get_global_step",
           "Saver", "get_checkpoint_state", "latest_checkpoint",
           "list_variables", "load_checkpoint", "load_variable", "init_from_checkpoint",
           "export_meta_graph", "import_meta_graph", "SessionRunHook", "SessionRunArgs",
           "SessionRunValues", "SessionRunContext"]

_VALID_DTYPES = ("float32", "float64", "float16", "bfloat16")  # what a loss may be (TF's order)


# -- the global step: how many training steps have run -------------------------------------------
_global_steps: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # graph -> its step


def get_global_step(graph=None):
    """The graph's global step variable, or None. Mirrors `tf.compat.v1.train.get_global_step`."""
    return _global_steps.get(graph if graph is not None else get_default_graph())


def get_or_create_global_step(graph=None):
    """The graph's global step (an int64 Variable named "global_step", starting at 0).

    `minimize(loss, global_step=step)` adds 1 to it after each update.
    Mirrors `tf.compat.v1.train.get_or_create_global_step`.
    """
    step = get_global_step(graph)
    if step is None:
        home = graph if graph is not None else get_default_graph()
        with home.as_default() if graph is not None else contextlib.nullcontext():
            step = Variable(np.int64(0), trainable=False, name="global_step")
        _global_steps[home] = step
    return step


# -- the base class ----------------------------------------------------------------------------
class Optimizer:
    """Base class of TF1's optimizers. Mirrors `tf.compat.v1.train.Optimizer`.

    Subclasses say how to update one variable (`_apply_dense`), which slots
    they keep per variable (`_create_slots`) and what to do after all updates
    (`_finish`, Adam's beta powers).
    """

    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking: bool, name: str):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._name = name
        self._slots: dict = {}      # slot name -> {id(variable): (variable, slot variable)}
        self._non_slots: dict = {}  # (name, graph) -> variable (Adam's beta powers)

    def get_name(self) -> str:
        return self._name

    # -- minimize = compute_gradients + apply_gradients -------------------------------
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """Adds the ops that take one step down the gradient of `loss`; returns the train op.

        `var_list`: the variables to change (default: all trainable ones of the
        graph). `global_step`: a variable to add 1 to after the update.
        """
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, grad_loss=grad_loss)
        if all(g is None for g, _ in grads_and_vars):
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not "
                f"support gradients, between variables {[str(v) for _, v in grads_and_vars]} "
                f"and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None) -> list:
        """[(gradient, variable), ...]: d(loss)/d(variable) as graph tensors (None if the loss
        does not depend on the variable). A callable `loss` is differentiated with a tape."""
        if callable(loss):  # (TF2 style, and the only way eagerly)
            with GradientTape() as tape:
                if var_list is not None:
                    tape.watch(var_list)
                loss_value = loss()
            var_list = list(tape.watched_variables()) if var_list is None else list(var_list)
            return list(zip(tape.gradient(loss_value, var_list, grad_loss), var_list))
        if not isinstance(loss, SymbolicTensor):  # an eager tensor: its computation is gone
            raise RuntimeError("`loss` passed to Optimizer.compute_gradients should be a function "
                               "when eager execution is enabled.")
        self._check_dtype(loss)
        if var_list is None:
            from . import trainable_variables
            var_list = trainable_variables()
        var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        grads = gradients(loss, var_list, grad_ys=grad_loss)
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Adds one update op per (gradient, variable) pair; returns the op that runs them all
        (then adds 1 to `global_step`, if given). Pairs whose gradient is None are skipped."""
        pairs = tuple(grads_and_vars)
        if not pairs:
            raise ValueError("No variables provided.")
        pairs = tuple((None if g is None else convert_to_tensor(g), v) for g, v in pairs)
        for _, v in pairs:
            if not getattr(v, "_is_variable", False):
                raise NotImplementedError("Trying to optimize unsupported type ", v)
        var_list = [v for g, v in pairs if g is not None]
        if not var_list:
            raise ValueError(f"No gradients provided for any variable: "
                             f"{[str(v) for _, v in pairs]}.")
        self._create_slots(var_list)
        self._prepare()
        updates = [self._apply_dense(g, v) for g, v in pairs if g is not None]
        if global_step is None:
            return self._finish(updates, name or self._name)
        with control_dependencies([self._finish(updates, "update")]):
            # (the step counts only once every update has run)
            return global_step.assign_add(convert_to_tensor(1, dtype=global_step.dtype),
                                          read_value=False)

    # -- slots: per-variable state, such as momentum --------------------------------------
    def get_slot(self, var, name):
        """The slot variable `name` kept for `var` (e.g. "momentum", "m"), or None."""
        found = self._slots.get(name, {}).get(id(var))
        return None if found is None else found[1]

    def get_slot_names(self) -> list:
        return sorted(self._slots)

    def variables(self) -> list:
        """The optimizer's own variables: its slots, then its non-slot variables."""
        found = [s for slots in self._slots.values() for _, s in slots.values()]
        return found + [v for (_, graph), v in self._non_slots.items()
                        if graph is get_default_graph()]

    def _zeros_slot(self, var, slot_name: str, op_name: str):
        """A slot of zeros shaped like `var`, named "<var>/<op_name>" as in TF."""
        return self._filled_slot(var, slot_name, op_name, 0.0)

    def _filled_slot(self, var, slot_name: str, op_name: str, value: float):
        """A slot shaped like `var` filled with `value` (RMSProp's mean square starts at 1)."""
        slots = self._slots.setdefault(slot_name, {})
        if id(var) not in slots:
            start = zeros(var.shape, var.dtype) if value == 0 else fill(
                var.shape, convert_to_tensor(value, dtype=var.dtype))
            slot = Variable(start, trainable=False, name=f"{var._name}/{op_name}")
            slots[id(var)] = (var, slot)  # (var kept alive: its id stays its own)
        return slots[id(var)][1]

    def _non_slot(self, name: str, initial_value: float):
        """A variable shared by all the variables the optimizer updates, one per graph."""
        key = (name, get_default_graph())
        if key not in self._non_slots:
            self._non_slots[key] = Variable(initial_value, trainable=False, name=name)
        return self._non_slots[key]

    # -- what subclasses say ----------------------------------------------------------------
    def _create_slots(self, var_list) -> None:
        pass

    def _prepare(self) -> None:
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError()

    def _finish(self, update_ops, name):
        return group(*update_ops, name=name)

    def _check_dtype(self, tensor) -> None:
        if tensor.dtype.name not in _VALID_DTYPES:
            valid = ", ".join(f"tf.{name}" for name in _VALID_DTYPES)
            raise ValueError(f"Invalid type tf.{tensor.dtype.name} for {tensor.name}, expected: "
                             f"[{valid}].")


def _as_input(value, dtype):
    """A hyperparameter as TF1 feeds it to the kernel: a float32 tensor cast to the variable's
    dtype (a Python number becomes float32 first, as `convert_to_tensor` makes it)."""
    return cast(value, dtype)


def _as_attr(value: float, dtype) -> float:
    """A constant hyperparameter (beta_1, epsilon, momentum) as a kernel attr, rounded as TF1
    rounds it: to float32 (convert_to_tensor), then to the variable's dtype (cast).

    (The kernels compute `1 - beta_1` from the attr in float64 and round once: for the
    rounded beta that equals TF1's `T(1) - beta1` in the variable's dtype.)"""
    return float(np.float32(value).astype(dtype.as_numpy_dtype))


# -- the optimizers ----------------------------------------------------------------------------
class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * gradient. Mirrors `tf.compat.v1.train.GradientDescentOptimizer`.

    >>> train_op = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss)
    """

    def __init__(self, learning_rate, use_locking: bool = False, name: str = "GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _prepare(self) -> None:
        lr = self._learning_rate
        self._lr_t = convert_to_tensor(lr() if callable(lr) else lr)

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(var, _as_input(self._lr_t, var.dtype), grad)


class MomentumOptimizer(Optimizer):
    """TF1's momentum: accum = momentum * accum + gradient; var -= learning_rate * accum.

    With `use_nesterov=True`: var -= learning_rate * (gradient + momentum * accum).
    One slot per variable, "momentum" (the accumulator, starting at zeros).
    Mirrors `tf.compat.v1.train.MomentumOptimizer` (Keras's SGD(momentum=...) differs:
    it folds the learning rate into the accumulator).
    """

    def __init__(self, learning_rate, momentum, use_locking: bool = False,
                 name: str = "Momentum", use_nesterov: bool = False):
        super().__init__(use_locking, name)
        self._learning_rate, self._momentum = learning_rate, momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list) -> None:
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self) -> None:
        lr, momentum = self._learning_rate, self._momentum
        self._lr_t = convert_to_tensor(lr() if callable(lr) else lr)
        self._momentum_value = float(momentum() if callable(momentum) else momentum)

    def _apply_dense(self, grad, var):
        return training_ops.apply_momentum(
            var, self.get_slot(var, "momentum"), _as_input(self._lr_t, var.dtype), grad,
            _as_attr(self._momentum_value, var.dtype), use_nesterov=self._use_nesterov)


class AdamOptimizer(Optimizer):
    """Adam (Kingma and Ba), with TF1's defaults. Mirrors `tf.compat.v1.train.AdamOptimizer`.

    lr_t = learning_rate * sqrt(1 - beta2^t) / (1 - beta1^t)
    m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
    var -= lr_t * m / (sqrt(v) + epsilon)

    Slots "m" and "v" per variable; beta1^t and beta2^t are two more variables
    ("beta1_power", "beta2_power"), multiplied by beta1 and beta2 after each step.
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08,
                 use_locking: bool = False, name: str = "Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _create_slots(self, var_list) -> None:
        self._non_slot("beta1_power", np.float32(self._beta1))
        self._non_slot("beta2_power", np.float32(self._beta2))
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _beta_powers(self) -> tuple:
        graph = get_default_graph()
        return self._non_slots["beta1_power", graph], self._non_slots["beta2_power", graph]

    def _prepare(self) -> None:
        value = [x() if callable(x) else x for x in (self._lr, self._beta1, self._beta2,
                                                      self._epsilon)]
        self._lr_t = convert_to_tensor(value[0])
        self._beta1_t, self._beta2_t = convert_to_tensor(value[1]), convert_to_tensor(value[2])
        self._constants = [float(x) for x in value[1:]]

    def _apply_dense(self, grad, var):
        beta1_power, beta2_power = self._beta_powers()
        beta1, beta2, epsilon = (_as_attr(x, var.dtype) for x in self._constants)
        return training_ops.apply_adam(
            var, self.get_slot(var, "m"), self.get_slot(var, "v"),
            _as_input(beta1_power, var.dtype), _as_input(beta2_power, var.dtype),
            _as_input(self._lr_t, var.dtype), grad, beta1, beta2, epsilon)

    def _finish(self, update_ops, name):
        beta1_power, beta2_power = self._beta_powers()
        with control_dependencies(update_ops):  # (the updates read the old powers)
            update_beta1 = beta1_power.assign(beta1_power * self._beta1_t, read_value=False)
            update_beta2 = beta2_power.assign(beta2_power * self._beta2_t, read_value=False)
        return group(*update_ops, update_beta1, update_beta2, name=name)


class RMSPropOptimizer(Optimizer):
    """RMSProp: divides each step by a running root-mean-square of the gradients.
    Mirrors `tf.compat.v1.train.RMSPropOptimizer`.

    ms = decay * ms + (1 - decay) * g^2          (slot "rms", starts at ones)
    mom = momentum * mom + lr * g / sqrt(ms + epsilon)    (slot "momentum")
    var -= mom

    `centered=True` divides by an estimate of the gradient's variance instead,
    sqrt(ms - mg^2 + epsilon), with mg the running mean of g (slot "mg").

    >>> train_op = tf.compat.v1.train.RMSPropOptimizer(0.01, momentum=0.9).minimize(loss)
    """

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10,
                 use_locking: bool = False, centered: bool = False, name: str = "RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate, self._decay = learning_rate, decay
        self._momentum, self._epsilon, self._centered = momentum, epsilon, centered

    def _create_slots(self, var_list) -> None:
        for v in var_list:  # (TF's creation order, which numbers the slots' names)
            self._filled_slot(v, "rms", self._name, 1.0)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self) -> None:
        value = [x() if callable(x) else x for x in (self._learning_rate, self._decay,
                                                      self._momentum, self._epsilon)]
        self._lr_t = convert_to_tensor(value[0])
        self._constants = [float(x) for x in value[1:]]

    def _apply_dense(self, grad, var):
        decay, momentum, epsilon = (_as_attr(x, var.dtype) for x in self._constants)
        lr = _as_input(self._lr_t, var.dtype)
        rms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        if self._centered:
            return training_ops.apply_centered_rms_prop(
                var, self.get_slot(var, "mg"), rms, mom, lr, grad, decay, momentum, epsilon)
        return training_ops.apply_rms_prop(var, rms, mom, lr, grad, decay, momentum, epsilon)


class AdagradOptimizer(Optimizer):
    """Adagrad: divides each step by the root of all squared gradients so far.
    Mirrors `tf.compat.v1.train.AdagradOptimizer`.

    accum += g^2        (slot "accumulator", starts at initial_accumulator_value)
    var -= learning_rate * g / sqrt(accum)

    (Keras's Adagrad adds an epsilon under the root; TF1's has none, so the
    accumulator must start above 0.)
    """

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking: bool = False,
                 name: str = "Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: "
                             f"{initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list) -> None:
        for v in var_list:
            self._filled_slot(v, "accumulator", self._name, self._initial_accumulator_value)

    def _prepare(self) -> None:
        lr = self._learning_rate
        self._lr_t = convert_to_tensor(lr() if callable(lr) else lr)

    def _apply_dense(self, grad, var):
        return training_ops.apply_adagrad(var, self.get_slot(var, "accumulator"),
                                          _as_input(self._lr_t, var.dtype), grad, 0.0)


from .session_run_hook import (SessionRunArgs, SessionRunContext,  # noqa: E402
                               SessionRunHook, SessionRunValues)


def __getattr__(name):  # only names this module lacks (see unsupported.py)
    return _unsupported.missing("compat.v1.train", __name__, name)
