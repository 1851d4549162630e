"""`tf.keras.optimizers`: turn gradients into weight updates, with Keras 3's exact rules.

    >>> w = tf.Variable([1.0, 2.0])
    >>> opt = tf.keras.optimizers.SGD(learning_rate=0.1)
    >>> opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    >>> w.numpy()
    array([0.9, 1.9], dtype=float32)

Keras 3's shape: `build(var_list)` creates one slot per variable (Adam's
momentum m and velocity v), and `update_step(gradient, variable,
learning_rate)` applies the rule to one variable. `update_step` is written
with engine ops, line for line as in Keras's source, so it also works inside
`tf.function`. In eager mode Adam uses `_fast_update_step`: the same formula
on NumPy buffers with `out=`, so a training step allocates nothing.

Subnormal numbers. A weight whose gradient is zero (a pixel that is always
black, a dead ReLU) sees its moments shrink geometrically: m -> 0.9 m each
step. Below float32's smallest normal number (1.2e-38) they become
*subnormal*, which x86 CPUs process up to 100 times slower. TensorFlow sets
the CPU to flush them to zero; NumPy cannot, so every optimizer here sets
slot values below `np.finfo(np.float32).tiny` to exactly 0 (`_flush`). This
changes nothing a float32 weight can notice (an update of 1e-38 is lost in
rounding anyway) and keeps training fast.
"""
from __future__ import annotations

import logging
import os

import numpy as np

from .. import dtypes
from ..execute import state
from ..module import Module
from ..ops import array_ops, index_ops, math_ops, unary_ops
from ..tensor import Tensor, convert_to_tensor
from ..variables import Variable
from . import schedules  # tf.keras.optimizers.schedules

__all__ = ["Optimizer", "SGD", "Adam", "RMSprop", "Adagrad", "get", "schedules"]

_log = logging.getLogger("course.engine")
TINY = np.finfo(np.float32).tiny  # smallest normal float32, 1.18e-38


def _flush(x: Tensor) -> Tensor:
    """x with |x| < TINY replaced by 0 (engine ops: works eagerly and in graphs)."""
    small = math_ops.less(unary_ops.abs(x), TINY)
    return index_ops.where(small, array_ops.zeros_like(x), x)


class Optimizer(Module):
    """Base class. Mirrors `keras.optimizers.Optimizer` (Keras 3).

    `learning_rate` is a Variable, so it can be changed between steps:
    `opt.learning_rate = 0.01` (or `.assign(0.01)`). `iterations` counts
    the steps taken.
    """

    def __init__(self, learning_rate: float = 0.001, name: str | None = None, **kwargs):
        unsupported = {k: v for k, v in kwargs.items() if v not in (None, False)}
        if unsupported:
            raise ValueError(f"{type(self).__name__} here does not support {sorted(unsupported)} "
                             "(weight decay, clipping, EMA): leave them unset.")
        super().__init__(name=name or type(self).__name__.lower())
        self._iterations = Variable(np.int64(0), trainable=False, name="iteration")
        # a schedule is evaluated at `iterations` before each update (apply_gradients)
        self._schedule = learning_rate if isinstance(learning_rate, schedules.LearningRateSchedule) \
            else None
        if self._schedule is not None:
            learning_rate = self._schedule(0).numpy()
        self._learning_rate = Variable(np.float32(learning_rate), trainable=False,
                                       name="learning_rate")
        self.built = False
        self._var_index: dict = {}

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
        self.built = True

    def update_step(self, gradient, variable, learning_rate) -> None:
        raise NotImplementedError

    def add_variable_from_reference(self, variable, name: str, initial: float = 0.0) -> Variable:
        """A zero-filled slot shaped like `variable` (e.g. Adam's momentum)."""
        value = np.full(variable.shape.as_list(), initial, dtype=variable.dtype.as_numpy_dtype)
        return Variable(value, trainable=False, name=f"{variable.name.split(':')[0]}_{name}")

    def _index(self, variable) -> int:
        return self._var_index[id(variable)]

    # -- what training calls ---------------------------------------------------------------
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
        if not self.built:
            self.build([v for _, v in pairs])
        unknown = [v.name for _, v in pairs if id(v) not in self._var_index]
        if unknown:
            raise KeyError(f"The optimizer was built for other variables; it cannot update "
                           f"{unknown}. Use a new optimizer for a new model.")
        eager = state.graph is None
        if self._schedule is not None:
            self._learning_rate.assign(self._schedule(self._iterations))
        lr = self._learning_rate.read_value()
        for g, v in pairs:
            if eager and self._has_fast_path(v):
                self._fast_update_step(convert_to_tensor(g)._value, v)
            else:
                self.update_step(convert_to_tensor(g), v, lr)
        if eager:
            self._iterations._update_inplace(_increment)
        else:
            self._iterations.assign_add(np.int64(1))

    def minimize(self, loss, var_list, tape=None) -> None:
        """Computes gradients of `loss` with `tape` and applies them."""
        if tape is None:
            raise ValueError("`tape` is required when a Tensor loss is passed.")
        grads = tape.gradient(loss, list(var_list))
        self.apply_gradients(zip(grads, var_list))

    def _has_fast_path(self, variable) -> bool:
        return False

    def _fast_update_step(self, gradient: np.ndarray, variable) -> None:
        raise NotImplementedError

    @property
    def variables(self) -> list:
        """iterations, learning_rate, then the slots: what `summary()` counts as Optimizer params."""
        return [self._iterations, self._learning_rate] + self._slot_list()

    def _slot_list(self) -> list:
        return []

    def get_config(self) -> dict:
        return {"name": self.name, "learning_rate": float(self._learning_rate.numpy())}


def _increment(counter: np.ndarray) -> None:
    counter += 1


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
            variable.assign_sub(math_ops.multiply(gradient, lr))
            return
        m = self.momentums[self._index(variable)]
        mom = np.asarray(self.momentum, dtype=variable.dtype.as_numpy_dtype)
        m.assign(_flush(math_ops.subtract(math_ops.multiply(m, mom), math_ops.multiply(gradient, lr))))
        if self.nesterov:
            variable.assign_add(math_ops.subtract(math_ops.multiply(m, mom),
                                                  math_ops.multiply(gradient, lr)))
        else:
            variable.assign_add(m)

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
        self._scratch: list = []

    def build(self, var_list) -> None:
        super().build(var_list)
        self._momentums = [self.add_variable_from_reference(v, "momentum") for v in var_list]
        self._velocities = [self.add_variable_from_reference(v, "velocity") for v in var_list]
        self._scratch = [None] * len(var_list)  # NumPy work buffers for the fast path

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = array_ops.cast(learning_rate, dtype)
        gradient = array_ops.cast(gradient, dtype)
        local_step = _cast_step(self, dtype)
        beta_1_power = math_ops.pow(convert_to_tensor(self.beta_1, dtype=dtype), local_step)
        beta_2_power = math_ops.pow(convert_to_tensor(self.beta_2, dtype=dtype), local_step)
        m = self._momentums[self._index(variable)]
        v = self._velocities[self._index(variable)]
        alpha = math_ops.divide(math_ops.multiply(lr, unary_ops.sqrt(math_ops.subtract(1.0, beta_2_power))),
                                math_ops.subtract(1.0, beta_1_power))
        m.assign(_flush(math_ops.add(m, math_ops.multiply(math_ops.subtract(gradient, m),
                                                          1 - self.beta_1))))
        v.assign(_flush(math_ops.add(v, math_ops.multiply(math_ops.subtract(unary_ops.square(gradient), v),
                                                          1 - self.beta_2))))
        variable.assign_sub(math_ops.divide(math_ops.multiply(m, alpha),
                                            math_ops.add(unary_ops.sqrt(v), self.epsilon)))

    def _has_fast_path(self, variable) -> bool:
        return variable.constraint is None and variable.dtype in (dtypes.float32, dtypes.float64)

    def _fast_update_step(self, g: np.ndarray, variable) -> None:
        """update_step's formula on NumPy buffers, in place (eager mode only)."""
        i = self._index(variable)
        f = variable.dtype.as_numpy_dtype
        if self._scratch[i] is None:
            shape = variable.shape.as_list()
            self._scratch[i] = (np.empty(shape, f), np.empty(shape, f), np.empty(shape, bool))
        tmp, tmp2, keep = self._scratch[i]
        t = f(self._iterations._value + 1)
        lr = f(self._learning_rate._value)
        b1, b2 = f(self.beta_1), f(self.beta_2)
        alpha = lr * np.sqrt(f(1) - b2 ** t) / (f(1) - b1 ** t)
        consts = (f(1 - self.beta_1), f(1 - self.beta_2), alpha, f(self.epsilon),
                  t % 32 == 0)  # v shrinks only 0.1% a step: flushing it every 32 steps is enough

        def step(w, m, v):
            _in_parallel(lambda rows: _adam_rows(w[rows], m[rows], v[rows], g[rows], tmp[rows],
                                                 tmp2[rows], keep[rows], *consts), w)

        _with_buffers((variable, self._momentums[i], self._velocities[i]), step)

    def _slot_list(self) -> list:
        return self._momentums + self._velocities

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}


def _flush_inplace(x: np.ndarray, tmp: np.ndarray, keep: np.ndarray) -> None:
    """x[|x| < TINY] = 0 without allocating (see the module docstring: subnormals).

    Multiplying by a boolean mask is several times faster in NumPy than
    `np.copyto(..., where=)` or boolean indexing.
    """
    np.abs(x, out=tmp)
    np.greater_equal(tmp, TINY, out=keep)
    np.multiply(x, keep, out=x)


def _adam_rows(w, m, v, g, tmp, tmp2, keep, one_minus_b1, one_minus_b2, alpha, eps,
               flush_v: bool) -> None:
    """Adam on (a block of rows of) one variable, with `out=` so nothing is allocated."""
    np.subtract(g, m, out=tmp)               # m = m + (g - m) * (1 - beta_1)
    np.multiply(tmp, one_minus_b1, out=tmp)
    np.add(m, tmp, out=m)
    _flush_inplace(m, tmp, keep)             # m shrinks 10% a step: flushed every step
    np.square(g, out=tmp)                    # v = v + (g**2 - v) * (1 - beta_2)
    np.subtract(tmp, v, out=tmp)
    np.multiply(tmp, one_minus_b2, out=tmp)
    np.add(v, tmp, out=v)
    if flush_v:
        _flush_inplace(v, tmp, keep)
    np.multiply(m, alpha, out=tmp2)          # w = w - (m * alpha) / (sqrt(v) + epsilon)
    np.sqrt(v, out=tmp)
    np.add(tmp, eps, out=tmp)
    np.divide(tmp2, tmp, out=tmp2)
    np.subtract(w, tmp2, out=w)


def _with_buffers(variables, fn) -> None:
    """fn(*buffers) with each variable's array writable (Variable._update_inplace, nested)."""
    if not variables:
        fn()
        return
    first, rest = variables[0], variables[1:]
    first._update_inplace(lambda buf: _with_buffers(rest, lambda *bufs: fn(buf, *bufs)))


# Large variables are updated in row blocks on a few threads: NumPy releases the GIL inside
# its loops, so the blocks run in parallel (as PyTorch's optimizer kernels use its threads).
# Every element gets exactly the same operations, so the numbers do not change.
_WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))
_MIN_PARALLEL = 1 << 16  # elements; below this, threads cost more than they save
_pool: list = []


def _in_parallel(fn, array: np.ndarray) -> None:
    """Calls fn(rows) for row blocks of `array` covering it once, on up to _WORKERS threads."""
    if _WORKERS == 1 or array.size < _MIN_PARALLEL or array.ndim == 0 or len(array) < _WORKERS:
        fn(Ellipsis)
        return
    if not _pool:
        from concurrent.futures import ThreadPoolExecutor
        _pool.append(ThreadPoolExecutor(_WORKERS, thread_name_prefix="optimizer"))
    bounds = np.linspace(0, len(array), _WORKERS + 1).astype(int)
    blocks = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
    futures = [_pool[0].submit(fn, rows) for rows in blocks[1:]]
    fn(blocks[0])  # this thread takes the first block
    for future in futures:
        future.result()  # waits, and re-raises a worker's error


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
        if self.momentum > 0:
            self._momentums = [self.add_variable_from_reference(v, "momentum") for v in var_list]

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = array_ops.cast(learning_rate, variable.dtype)
        velocity = self._velocities[self._index(variable)]
        velocity.assign(_flush(math_ops.add(math_ops.multiply(self.rho, velocity),
                                            math_ops.multiply(1 - self.rho, unary_ops.square(gradient)))))
        increment = math_ops.divide(math_ops.multiply(lr, gradient),
                                    unary_ops.sqrt(math_ops.add(velocity, self.epsilon)))
        if self.momentum > 0:
            momentum = self._momentums[self._index(variable)]
            momentum.assign(_flush(math_ops.add(math_ops.multiply(self.momentum, momentum), increment)))
            variable.assign_sub(momentum)
        else:
            variable.assign_sub(increment)

    def _slot_list(self) -> list:
        return self._velocities + self._momentums

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
        acc = self._accumulators[self._index(variable)]
        acc.assign_add(unary_ops.square(gradient))  # only grows: never subnormal
        variable.assign_sub(math_ops.divide(math_ops.multiply(lr, gradient),
                                            unary_ops.sqrt(math_ops.add(acc, self.epsilon))))

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
