"""Recurrent cells: one time step of `SimpleRNN`, `GRU` and `LSTM`.

A cell maps (input at step t, states after step t-1) to (output, new states):

    >>> cell = tf.keras.layers.LSTMCell(2)
    >>> h, (h, c) = cell(tf.ones([1, 3]), [tf.zeros([1, 2]), tf.zeros([1, 2])])
    >>> h.shape
    TensorShape([1, 2])

The layer in recurrent.py runs a cell over every step of a sequence. Each
step is written with ordinary ops (matmul, add, sigmoid, tanh, slicing), so its
gradient is those ops' gradients: there is no hand-written backward pass for a
recurrent network. The weights follow Keras 3's layout, gates side by side in
one matrix:

    cell          kernel               recurrent_kernel     bias       gates
    SimpleRNN     (input, units)       (units, units)       (units,)
    GRU           (input, 3 * units)   (units, 3 * units)   (2, 3*units) with reset_after   z, r, h
    LSTM          (input, 4 * units)   (units, 4 * units)   (4*units,)                      i, f, c, o

Dropout (training only) multiplies the step's input and the previous state by
masks drawn once per sequence (Keras's DropoutRNNCell): one mask, or, with
`recurrent_dropout` (Keras's "implementation 1"), one per gate.
Read next: recurrent.py (the loop over time, the layers).
"""
from __future__ import annotations

from ..ops import array_ops, creation_ops, math_ops
from ..tensor import Tensor
from . import activations, initializers, random as keras_random, regularizers
from .layers import Layer

__all__ = ["SimpleRNNCell", "GRUCell", "LSTMCell"]

# Keras 3's order of a cell's config keys (a cell has the keys that apply to it).
CONFIG_ORDER = ("units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias",
                "kernel_initializer", "recurrent_initializer", "bias_initializer",
                "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                "recurrent_dropout", "reset_after", "seed")


def ordered(config: dict, order) -> dict:
    """`config` with its keys in `order` (keys it lacks are skipped)."""
    return {key: config[key] for key in order if key in config}


def _gate(z, k: int, units: int):
    """Columns [k*units, (k+1)*units) of z: gate k of a fused (batch, n*units) product."""
    return z[:, k * units:(k + 1) * units]


def _project(x, mask, kernel, units: int):
    """x @ kernel, with x dropped out first: no mask, one mask, or one mask per gate."""
    if mask is None:
        return math_ops.matmul(x, kernel)
    if not isinstance(mask, list):
        return math_ops.matmul(math_ops.multiply(x, mask), kernel)
    return array_ops.concat([math_ops.matmul(math_ops.multiply(x, m), _gate(kernel, k, units))
                             for k, m in enumerate(mask)], axis=1)


class _Cell(Layer):
    """What the three cells share: arguments, weights' initializers, dropout masks, config."""

    _GATES = 1  # how many blocks of `units` columns the kernels hold
    # Keras draws the seeds of a cell's initializers and of its SeedGenerator in this order:
    # SimpleRNNCell makes its SeedGenerator first, GRUCell and LSTMCell last. Keeping the
    # order keeps a seeded model's weights TF's (keras/random.py).
    _SEED_GENERATOR_FIRST = False

    def __init__(self, units: int, activation="tanh", use_bias: bool = True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, dropout: float = 0.0, recurrent_dropout: float = 0.0,
                 seed=None, **kwargs):
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(f"Received an invalid value for argument `units`, expected a "
                             f"positive integer, got {units}.")
        for key in ("kernel_constraint", "recurrent_constraint", "bias_constraint"):
            if kwargs.pop(key, None) is not None:
                raise NotImplementedError(f"`{key}`: tf.keras.constraints are not part of this "
                                          "engine (see docs/engine-api.md)")
        kwargs.pop("implementation", None)  # (Keras picks it from recurrent_dropout, as here)
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        if self._SEED_GENERATOR_FIRST:
            self.seed_generator = keras_random.SeedGenerator(seed)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.dropout = min(1.0, max(0.0, float(dropout)))  # (Keras clips the rates to [0, 1])
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        if not self._SEED_GENERATOR_FIRST:
            self.seed_generator = keras_random.SeedGenerator(seed)
        self.kernel = self.recurrent_kernel = self.bias = None
        self.reset_dropout_masks()

    @property
    def state_size(self):
        return self.units

    @property
    def output_size(self) -> int:
        return self.units

    def build(self, input_shape) -> None:
        n = self._GATES * self.units
        self.kernel = self.add_weight((input_shape[-1], n), self.kernel_initializer, "kernel",
                                      regularizer=self.kernel_regularizer)
        self.recurrent_kernel = self.add_weight((self.units, n), self.recurrent_initializer,
                                                "recurrent_kernel",
                                                regularizer=self.recurrent_regularizer)
        if self.use_bias:
            self.bias = self.add_weight(self._bias_shape(), self._bias_initializer(), "bias",
                                        regularizer=self.bias_regularizer)
        self.built = True

    def _bias_shape(self) -> tuple:
        return (self._GATES * self.units,)

    def _bias_initializer(self):
        return self.bias_initializer

    def get_initial_state(self, batch_size=None) -> list:
        """Zeros, one (batch, units) tensor per state (batch_size may be a scalar tensor)."""
        sizes = self.state_size if isinstance(self.state_size, list) else [self.state_size]
        # (the reshape keeps the static shape (None, units) while tracing with a batch of None)
        return [array_ops.reshape(creation_ops.zeros(array_ops.stack([batch_size, s]),
                                                     dtype=self.compute_dtype), [-1, s])
                for s in sizes]

    # -- dropout: masks drawn once per sequence, reused at every step --------------------------
    def _masks(self, like, rate: float):
        ones = array_ops.ones_like(like)
        if self.recurrent_dropout == 0 or self._GATES == 1:
            return keras_random.dropout(ones, rate, self.seed_generator)
        return [keras_random.dropout(ones, rate, self.seed_generator) for _ in range(self._GATES)]

    def dropout_masks(self, inputs, state, training) -> tuple:
        """(input mask, recurrent mask) for this sequence; None where no dropout applies."""
        if not training:
            return None, None
        if self._dropout_mask is None and 0 < self.dropout < 1:
            self._dropout_mask = self._masks(inputs, self.dropout)
        if self._recurrent_mask is None and 0 < self.recurrent_dropout < 1:
            self._recurrent_mask = self._masks(state, self.recurrent_dropout)
        return self._dropout_mask, self._recurrent_mask

    def reset_dropout_masks(self) -> None:
        """The RNN layer calls this after each sequence: the next one draws new masks."""
        self._dropout_mask = self._recurrent_mask = None

    @classmethod
    def from_config(cls, config: dict) -> "_Cell":
        return cls(**config)

    def get_config(self) -> dict:
        return {**super().get_config(), **ordered(self._config(), CONFIG_ORDER)}

    def _config(self) -> dict:
        """The cell's arguments (any order: get_config orders them as Keras does)."""
        return {"units": self.units,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": None, "recurrent_constraint": None,
                "bias_constraint": None, "dropout": self.dropout,
                "recurrent_dropout": self.recurrent_dropout, "seed": self.seed}


def _first(states):
    return states[0] if isinstance(states, (list, tuple)) else states


class SimpleRNNCell(_Cell):
    """One step of a plain RNN: `h = activation(x @ kernel + bias + h_prev @ recurrent_kernel)`.

    Mirrors `keras.layers.SimpleRNNCell`; the output is the new state.

    >>> cell = tf.keras.layers.SimpleRNNCell(2, kernel_initializer="ones",
    ...                                      recurrent_initializer="zeros", activation=None)
    >>> cell(tf.constant([[1.0, 2.0]]), [tf.zeros([1, 2])])[0]
    <tf.Tensor: shape=(1, 2), dtype=float32, numpy=array([[3., 3.]], dtype=float32)>
    """

    _SEED_GENERATOR_FIRST = True

    def call(self, inputs, states, training=False):
        h_prev = _first(states)
        dp, rec = self.dropout_masks(inputs, h_prev, training)
        x = _project(inputs, dp, self.kernel, self.units)
        if self.use_bias:
            x = math_ops.add(x, self.bias)
        h = math_ops.add(x, _project(h_prev, rec, self.recurrent_kernel, self.units))
        if self.activation is not None:
            h = self.activation(h)
        return h, [h] if isinstance(states, (list, tuple)) else h


class GRUCell(_Cell):
    """One step of a gated recurrent unit. Mirrors `keras.layers.GRUCell` (gates z, r, h).

    With x = inputs @ kernel (+ input bias) and u = h_prev @ recurrent_kernel:

        z = recurrent_activation(x_z + u_z)        # how much of h_prev to keep
        r = recurrent_activation(x_r + u_r)        # how much of h_prev the candidate sees
        hh = activation(x_h + r * (u_h + b_h))     # reset_after=True (Keras 3's default)
        hh = activation(x_h + (r * h_prev) @ recurrent_kernel_h)   # reset_after=False
        h = z * h_prev + (1 - z) * hh

    With `reset_after`, the bias is (2, 3*units): row 0 for the input, row 1 for the
    recurrent product (cuDNN's layout).

    >>> cell = tf.keras.layers.GRUCell(4)
    >>> cell(tf.ones([2, 3]), [tf.zeros([2, 4])])[0].shape
    TensorShape([2, 4])
    """

    _GATES = 3

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid",
                 use_bias: bool = True, reset_after: bool = True, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)

    def _bias_shape(self) -> tuple:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def call(self, inputs, states, training=False):
        h_prev, u = _first(states), self.units
        dp, rec = self.dropout_masks(inputs, h_prev, training)
        x = _project(inputs, dp, self.kernel, u)
        input_bias = recurrent_bias = None
        if self.use_bias:
            input_bias, recurrent_bias = (self.bias[0], self.bias[1]) if self.reset_after \
                else (self.bias, None)
            x = math_ops.add(x, input_bias)
        rec_zr = rec[:2] if isinstance(rec, list) else rec
        if self.reset_after:  # one product for the three gates, its bias added before r
            inner = _project(h_prev, rec, self.recurrent_kernel, u)
            if recurrent_bias is not None:
                inner = math_ops.add(inner, recurrent_bias)
        else:
            inner = _project(h_prev, rec_zr, self.recurrent_kernel[:, :2 * u], u)
        z = self.recurrent_activation(math_ops.add(_gate(x, 0, u), _gate(inner, 0, u)))
        r = self.recurrent_activation(math_ops.add(_gate(x, 1, u), _gate(inner, 1, u)))
        if self.reset_after:
            recurrent_h = math_ops.multiply(r, _gate(inner, 2, u))
        else:  # the reset gate scales h_prev before its product with the kernel
            h_rec = h_prev if rec is None else math_ops.multiply(
                h_prev, rec[2] if isinstance(rec, list) else rec)
            recurrent_h = math_ops.matmul(math_ops.multiply(r, h_rec),
                                          _gate(self.recurrent_kernel, 2, u))
        hh = self.activation(math_ops.add(_gate(x, 2, u), recurrent_h))
        h = math_ops.add(math_ops.multiply(z, h_prev), math_ops.multiply(
            math_ops.subtract(1.0, z), hh))
        return h, [h] if isinstance(states, (list, tuple)) else h

    def _config(self) -> dict:
        return {**super()._config(),
                "recurrent_activation": activations.serialize(self.recurrent_activation),
                "reset_after": self.reset_after}


class LSTMCell(_Cell):
    """One step of a long short-term memory. Mirrors `keras.layers.LSTMCell` (gates i, f, c, o).

    The states are [h, c] (the output and the carry). With
    z = inputs @ kernel + h_prev @ recurrent_kernel + bias:

        i, f, o = recurrent_activation(z_i), recurrent_activation(z_f), recurrent_activation(z_o)
        c = f * c_prev + i * activation(z_c)
        h = o * activation(c)

    `unit_forget_bias=True` (the default) starts the forget gate's bias at 1, so
    the carry is kept at first.

    >>> cell = tf.keras.layers.LSTMCell(4)
    >>> h, (h, c) = cell(tf.ones([2, 3]), [tf.zeros([2, 4]), tf.zeros([2, 4])])
    >>> c.shape
    TensorShape([2, 4])
    """

    _GATES = 4

    def __init__(self, units: int, activation="tanh", recurrent_activation="sigmoid",
                 use_bias: bool = True, unit_forget_bias: bool = True, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)

    @property
    def state_size(self):
        return [self.units, self.units]

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer

        def forget_gate_ones(shape, dtype=None) -> Tensor:  # [b_i, 1, b_c, b_o] (Keras's order)
            u, init = self.units, self.bias_initializer
            return array_ops.concat([init((u,), dtype=dtype), creation_ops.ones((u,), dtype=dtype),
                                     init((2 * u,), dtype=dtype)], axis=0)
        return forget_gate_ones

    def call(self, inputs, states, training=False):
        h_prev, c_prev, u = states[0], states[1], self.units
        dp, rec = self.dropout_masks(inputs, h_prev, training)
        z = math_ops.add(_project(inputs, dp, self.kernel, u),
                         _project(h_prev, rec, self.recurrent_kernel, u))
        if self.use_bias:
            z = math_ops.add(z, self.bias)
        i = self.recurrent_activation(_gate(z, 0, u))
        f = self.recurrent_activation(_gate(z, 1, u))
        c = math_ops.add(math_ops.multiply(f, c_prev),
                         math_ops.multiply(i, self.activation(_gate(z, 2, u))))
        o = self.recurrent_activation(_gate(z, 3, u))
        h = math_ops.multiply(o, self.activation(c))
        return h, [h, c]

    def _config(self) -> dict:
        return {**super()._config(),
                "recurrent_activation": activations.serialize(self.recurrent_activation),
                "unit_forget_bias": self.unit_forget_bias}
