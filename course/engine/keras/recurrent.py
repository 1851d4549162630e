"""Recurrent layers: `RNN(cell)`, `SimpleRNN`, `GRU` and `LSTM`.

A recurrent layer runs a cell (recurrent_cells.py) over the steps of a
(batch, steps, features) sequence, carrying its states from step to step:

    >>> lstm = tf.keras.layers.LSTM(4, return_sequences=True)
    >>> lstm(tf.ones([2, 5, 3])).shape           # one output per step
    TensorShape([2, 5, 4])

`rnn` below is the loop, as Keras's TF backend writes it (`backend.rnn`):
when the number of steps is known it is a Python loop (the ops of every step
are recorded, so the tape and `tf.function` see an unrolled chain); when it is
not (a `None` time dimension while tracing a `tf.function`), it is a
`tf.while_loop` that reads step t from a `tf.TensorArray` and writes its
output to another. The gradient comes from the ops (and from the While op's
own gradient): nothing here differentiates by hand.

Masks (from `Embedding(mask_zero=True)`): at a masked step the states are
carried over unchanged and the output repeats the previous one (zeros
inside a `Bidirectional` that returns sequences: Keras's
`zero_output_for_mask`). With `stateful=True` each call starts from the states
the last one ended with (Variables of a fixed batch size; `reset_states()`). Read next: recurrent_cells.py, bidirectional.py, masking.py.
"""
from __future__ import annotations

import contextlib

from .. import dtypes
from ..errors import InvalidArgumentError
from ..graph.scopes import init_scope
from ..ops import array_ops, creation_ops, image_ops, index_ops, math_ops
from ..tensor import convert_to_tensor
from ..variables import Variable
from . import masking
from .layers import Layer, shape_text
from .recurrent_cells import GRUCell, LSTMCell, SimpleRNNCell, _Cell, ordered
from .variables import in_scope, name_scope

__all__ = ["RNN", "SimpleRNN", "GRU", "LSTM", "rnn"]


# -- the loop over time -----------------------------------------------------------------------
def _time_major(x):
    """(batch, steps, ...) <-> (steps, batch, ...)."""
    return array_ops.transpose(x, [1, 0] + list(range(2, x.shape.rank)))


def _select(mask_t, new, old):
    """Where the step is real (mask_t, shape (batch, 1)), the new value; else the old one."""
    return index_ops.where(mask_t, new, old)


def rnn(step, inputs, initial_states: list, mask=None, go_backwards: bool = False,
        return_sequences: bool = False, zero_output_for_mask: bool = False):
    """Runs `step(x_t, states) -> (output, new_states)` over axis 1 of `inputs`.

    Returns (last output, outputs (batch, steps, ...) or None, final states).
    Mirrors Keras's `backend.rnn` (TF backend): with `go_backwards` the steps run
    last to first and the outputs stay in that order.
    """
    x = _time_major(inputs)
    if mask is not None:  # (steps, batch, 1): one flag per sequence and step
        mask = array_ops.expand_dims(_time_major(array_ops.cast(mask, dtypes.bool)), -1)
    if go_backwards:
        x = image_ops.reverse(x, [0])
        mask = None if mask is None else image_ops.reverse(mask, [0])
    if inputs.shape[1] is not None:
        return _unrolled(step, x, list(initial_states), mask, return_sequences,
                         zero_output_for_mask)
    return _while(step, x, list(initial_states), mask, return_sequences, zero_output_for_mask)


def _unrolled(step, x, states, mask, return_sequences, zero_output_for_mask):
    """A Python loop: the steps' ops are recorded one after the other."""
    xs = array_ops.unstack(x)
    masks = [None] * len(xs) if mask is None else array_ops.unstack(mask)
    outputs, previous = [], None
    for x_t, mask_t in zip(xs, masks):
        output, new_states = step(x_t, states)
        if mask_t is not None:
            if previous is None or zero_output_for_mask:
                previous = array_ops.zeros_like(output)
            output = _select(mask_t, output, previous)
            new_states = [_select(mask_t, n, s) for n, s in zip(new_states, states)]
        states, previous = list(new_states), output
        outputs.append(output)
    sequence = _time_major(array_ops.stack(outputs)) if return_sequences else None
    return outputs[-1], sequence, states


def _while(step, x, states, mask, return_sequences, zero_output_for_mask):
    """A tf.while_loop over a TensorArray of steps (the time dimension is unknown here)."""
    from ..ops.while_ops import while_loop
    from ..tensor_array import TensorArray  # (tensor_array.py imports the ops package)
    n = array_ops.shape(x)[0]
    xs = TensorArray(x.dtype, size=n).unstack(x)
    masks = None if mask is None else TensorArray(dtypes.bool, size=n).unstack(mask)
    # The output at time 0 gives the outputs' shape; its value only starts the "previous output".
    first, _ = step(xs.read(0), states)
    zeros = array_ops.zeros_like(first)
    outputs = TensorArray(first.dtype, size=n if return_sequences else 0,
                          element_shape=first.shape)

    def body(t, outputs, previous, *states):
        output, new_states = step(xs.read(t), list(states))
        if masks is not None:
            mask_t = masks.read(t)
            output = _select(mask_t, output, zeros if zero_output_for_mask else previous)
            new_states = [_select(mask_t, a, b) for a, b in zip(new_states, states)]
        if return_sequences:
            outputs = outputs.write(t, output)
        return (t + 1, outputs, output) + tuple(new_states)

    result = while_loop(lambda t, *_: t < n, body, (0, outputs, zeros) + tuple(states),
                        maximum_iterations=n)
    sequence = _time_major(result[1].stack()) if return_sequences else None
    return result[2], sequence, list(result[3:])


# -- the layers ---------------------------------------------------------------------------------
def _rank_error(layer, shape) -> ValueError:
    """Keras's InputSpec(ndim=3) error, as it reads for an eager call."""
    return ValueError(f"Input 0 with name 'None' of layer '{layer.name}' is incompatible with "
                      f"the layer: expected ndim={layer._NDIM}, found ndim={len(shape)}. Full "
                      f"shape received: {shape_text(shape)}")


def scope(layer):
    """The layer's name scope while it builds a sublayer, unless its call already opened it
    (a Sequential builds its layers directly): weights are "sequential/lstm/lstm_cell/kernel"."""
    return contextlib.nullcontext() if in_scope(layer.name) else name_scope(layer.name)


def layer_from(config):
    """A layer (a cell, a wrapped layer) given as itself, or as its saved
    {"class_name", "config"} (from_config)."""
    if not isinstance(config, dict):
        return config
    from .layers import LAYER_CLASSES
    cls = LAYER_CLASSES.get(config.get("class_name"))
    if cls is None:
        raise ValueError(f"Unknown layer {config.get('class_name')!r} in a saved config.")
    return cls(**config.get("config", {}))


class RNN(Layer):
    """Runs a cell over the steps of a sequence. Mirrors `keras.layers.RNN` (Keras 3).

    `call(sequences, initial_state=None, mask=None, training=None)`; the output
    is the last step's output, or every step's with `return_sequences=True`,
    followed by the final states with `return_state=True`.

    >>> layer = tf.keras.layers.RNN(tf.keras.layers.SimpleRNNCell(3), return_state=True)
    >>> output, state = layer(tf.ones([2, 4, 5]))
    >>> output.shape, state.shape
    (TensorShape([2, 3]), TensorShape([2, 3]))
    """

    float_math = True  # integer inputs become floats (layers.py: Keras's ops promote them)

    supports_masking = True
    _NDIM = None  # SimpleRNN, GRU, LSTM: exactly 3 (Keras's InputSpec(ndim=3))

    def __init__(self, cell, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 zero_output_for_mask: bool = False, **kwargs):
        cell = layer_from(cell)
        if isinstance(cell, (list, tuple)):
            raise NotImplementedError("A list of cells (keras.layers.StackedRNNCells) is not part "
                                      "of this engine: stack recurrent layers instead.")
        if not callable(getattr(cell, "call", None)):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if getattr(cell, "state_size", None) is None:
            raise ValueError("state_size must be specified as property on the RNN cell.")
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.states = None  # stateful=True: the states' Variables, made when built
        self.unroll = bool(unroll)  # (the loop is unrolled whenever the steps are known)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.state_size = cell.state_size if isinstance(cell.state_size, list) \
            else [cell.state_size]

    def _check_rank(self, shape) -> None:
        rank = len(shape)
        if self._NDIM is not None and rank != self._NDIM:
            raise _rank_error(self, shape)
        if rank < 3:  # (Keras's RNN has no input spec: TF's ops fail, InvalidArgumentError)
            raise InvalidArgumentError(None, None, f"Layer '{self.name}' needs inputs of shape "
                                                   f"(batch, steps, features); received shape "
                                                   f"{shape_text(shape)}")

    def build(self, sequences_shape, initial_state_shape=None) -> None:
        self._check_rank(sequences_shape)
        if isinstance(self.cell, Layer) and not self.cell.built:
            with scope(self), name_scope(self.cell.name):  # "lstm/lstm_cell/kernel"
                self.cell.build((sequences_shape[0],) + tuple(sequences_shape[2:]))
            self.cell.built = True
        if self.stateful:
            self._build_states(sequences_shape)
        self.built = True

    # stateful=True: each call starts from the states the last one ended with, kept in
    # Variables of one batch size (not weights: Keras 3 does not track them either).
    _TF_MODULE_IGNORED_PROPERTIES = Layer._TF_MODULE_IGNORED_PROPERTIES | {"states"}

    def _build_states(self, sequences_shape) -> None:
        if self.states is not None:
            self.reset_state()
            return
        if sequences_shape[0] is None:  # (Keras's words)
            raise ValueError("When using `stateful=True` in a RNN, the batch size must be "
                             f"static. Found dynamic batch size: sequence.shape="
                             f"{tuple(sequences_shape)}")
        with init_scope(), name_scope(self.name):
            self.states = [Variable(s, trainable=False, name="rnn_state")
                           for s in self.get_initial_state(sequences_shape[0])]

    def reset_state(self) -> None:
        """Back to zero states (stateful=True). Mirrors `RNN.reset_state`."""
        for v in self.states or []:
            v.assign(array_ops.zeros_like(v))

    reset_states = reset_state  # (Keras 3 keeps the old name too)

    def get_initial_state(self, batch_size) -> list:
        """Zeros, one (batch, size) tensor per state. Mirrors `RNN.get_initial_state`."""
        if hasattr(self.cell, "get_initial_state"):
            return self.cell.get_initial_state(batch_size=batch_size)
        return [array_ops.reshape(creation_ops.zeros(array_ops.stack([batch_size, size]),
                                                     dtype=self.compute_dtype), [-1, size])
                for size in self.state_size]  # (a cell of your own, without get_initial_state)

    def call(self, sequences, initial_state=None, mask=None, training=None):
        self._check_rank(sequences.shape)
        if self.unroll and sequences.shape[1] is None:
            raise ValueError("Cannot unroll a RNN if the time dimension is undefined. \n- If "
                             "using a Sequential model, specify the time dimension by passing an "
                             "`Input()` as your first layer.\n- If using the functional API, "
                             "specify the time dimension by passing a `shape` or `batch_shape` "
                             "argument to your `Input()`.")
        if initial_state is None:
            initial_state = self.states if self.stateful else \
                self.get_initial_state(array_ops.shape(sequences)[0])
        if self.stateful and sequences.shape[0] not in (None, self.states[0].shape[0]):
            raise ValueError(f"If an RNN is stateful, the batch size of the input sequences must "
                             f"be the same as the batch size of the initial state. \n- Expected "
                             f"batch size: {self.states[0].shape[0]}\n- Received batch size: "
                             f"{sequences.shape[0]}")
        compute = dtypes.as_dtype(self.compute_dtype)  # (mixed precision: float16 states)
        states = [math_ops.cast(s, compute) if s.dtype != compute else convert_to_tensor(s)
                  for s in (initial_state if isinstance(initial_state, (list, tuple))
                            else [initial_state])]
        if len(states) != len(self.state_size):
            raise ValueError(f"Layer {self.name!r} expects {len(self.state_size)} initial "
                             f"state(s), but it received {len(states)}.")
        draws = isinstance(self.cell, _Cell)
        if draws:  # dropout masks for the whole sequence, drawn before the loop (as in Keras)
            self.cell.dropout_masks(sequences[:, 0], states[0], training)
        # (Layer.__call__ passes `training` on only to a call() that takes it)
        cell_kwargs = {"training": training} if isinstance(self.cell, Layer) else {}

        def step(x_t, states):
            output, new_states = self.cell(x_t, states, **cell_kwargs)
            return output, new_states if isinstance(new_states, (list, tuple)) else [new_states]
        try:
            last, outputs, states = rnn(step, sequences, states, mask, self.go_backwards,
                                        self.return_sequences, self.zero_output_for_mask)
        finally:
            if draws:
                self.cell.reset_dropout_masks()
        if self.stateful:  # (the next call starts where this one ended)
            for variable, state in zip(self.states, states):
                variable.assign(state)
        output = outputs if self.return_sequences else last
        if not self.return_state:
            return output
        if mask is not None and self.return_sequences:
            # (several outputs: the mask goes on the sequence here, compute_mask covers one output)
            masking.set_keras_mask(output, mask)
        return (output,) + tuple(states)  # (Keras 3: a tuple)

    def compute_mask(self, inputs, previous_mask=None):
        if isinstance(previous_mask, (list, tuple)):
            previous_mask = previous_mask[0]
        return previous_mask if self.return_sequences and not self.return_state else None

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch = sequences_shape[0]
        size = getattr(self.cell, "output_size", None) or self.state_size[0]
        output = (batch, sequences_shape[1], size) if self.return_sequences else (batch, size)
        if self.return_state:
            return (output,) + tuple((batch, s) for s in self.state_size)
        return output

    def _rnn_config(self) -> dict:
        return {"return_sequences": self.return_sequences, "return_state": self.return_state,
                "go_backwards": self.go_backwards, "stateful": self.stateful,
                "unroll": self.unroll, "zero_output_for_mask": self.zero_output_for_mask}

    def get_config(self) -> dict:
        return {**super().get_config(), **self._rnn_config(),
                "cell": {"class_name": type(self.cell).__name__,
                         "config": self.cell.get_config()}}

    @classmethod
    def from_config(cls, config: dict) -> "RNN":
        return cls(**config)


def _cell_property(name: str) -> property:
    """`layer.units` is `layer.cell.units` (Keras 3's read-only properties)."""
    return property(lambda self: getattr(self.cell, name), doc=f"The cell's `{name}`.")


# Keras 3's order of the cell's arguments in SimpleRNN's, GRU's and LSTM's configs (not
# the cells' order: unit_forget_bias comes after the initializers here).
_LAYER_ORDER = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                "recurrent_initializer", "bias_initializer", "unit_forget_bias",
                "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                "activity_regularizer", "kernel_constraint", "recurrent_constraint",
                "bias_constraint", "dropout", "recurrent_dropout", "reset_after", "seed")


class _CellLayer(RNN):
    """SimpleRNN, GRU and LSTM: an RNN that makes its own cell from the layer's arguments."""

    _CONFIG_HAS_SEED = True  # (Keras 3's SimpleRNN leaves `seed` out of its config)

    units = _cell_property("units")
    activation = _cell_property("activation")
    use_bias = _cell_property("use_bias")
    kernel_initializer = _cell_property("kernel_initializer")
    recurrent_initializer = _cell_property("recurrent_initializer")
    bias_initializer = _cell_property("bias_initializer")
    dropout = _cell_property("dropout")
    recurrent_dropout = _cell_property("recurrent_dropout")

    _NDIM = 3
    _CELL = _Cell
    _CELL_NAME = ""

    def __init__(self, units: int, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 zero_output_for_mask: bool = False, name=None, trainable: bool = True,
                 dtype=None, input_shape=None, activity_regularizer=None, use_cudnn="auto",
                 **cell_kwargs):
        if activity_regularizer is not None:
            raise NotImplementedError("`activity_regularizer` is not part of this engine.")
        if use_cudnn not in ("auto", True, False):
            raise ValueError(f"Invalid valid received for argument `use_cudnn`. Expected one of "
                             f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}")
        cell = self._CELL(units, name=self._CELL_NAME, dtype=dtype, trainable=trainable,
                          **cell_kwargs)
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         zero_output_for_mask=zero_output_for_mask, name=name,
                         trainable=trainable, dtype=dtype, input_shape=input_shape)
        self.use_cudnn = use_cudnn

    def get_config(self) -> dict:
        cell = {**self.cell._config(), "activity_regularizer": None}
        if not self._CONFIG_HAS_SEED:
            del cell["seed"]
        return {**Layer.get_config(self), **self._rnn_config(), **ordered(cell, _LAYER_ORDER)}


class SimpleRNN(_CellLayer):
    """A fully connected RNN: `h_t = activation(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)`.

    Mirrors `keras.layers.SimpleRNN`: `SimpleRNN(units, activation="tanh",
    use_bias=True, kernel_initializer="glorot_uniform",
    recurrent_initializer="orthogonal", bias_initializer="zeros", dropout=0.0,
    recurrent_dropout=0.0, return_sequences=False, return_state=False,
    go_backwards=False, seed=None)`.

    >>> tf.keras.layers.SimpleRNN(4)(tf.ones([2, 5, 3])).shape
    TensorShape([2, 4])
    """

    _CELL, _CELL_NAME = SimpleRNNCell, "simple_rnn_cell"
    _CONFIG_HAS_SEED = False


class GRU(_CellLayer):
    """Gated recurrent unit (Cho et al., 2014). Mirrors `keras.layers.GRU` (see GRUCell).

    Keras 3's defaults: `activation="tanh"`, `recurrent_activation="sigmoid"`,
    `reset_after=True` (the bias is (2, 3*units)).

    >>> tf.keras.layers.GRU(4, return_sequences=True)(tf.ones([2, 5, 3])).shape
    TensorShape([2, 5, 4])
    """

    _CELL, _CELL_NAME = GRUCell, "gru_cell"
    recurrent_activation = _cell_property("recurrent_activation")
    reset_after = _cell_property("reset_after")


class LSTM(_CellLayer):
    """Long short-term memory (Hochreiter & Schmidhuber, 1997). Mirrors `keras.layers.LSTM`.

    Two states, h (the output) and c (the carry); see LSTMCell. With
    `return_state=True` the layer returns `[output, h, c]`.

    >>> output, h, c = tf.keras.layers.LSTM(4, return_state=True)(tf.ones([2, 5, 3]))
    >>> c.shape
    TensorShape([2, 4])
    """

    _CELL, _CELL_NAME = LSTMCell, "lstm_cell"
    recurrent_activation = _cell_property("recurrent_activation")
    unit_forget_bias = _cell_property("unit_forget_bias")
