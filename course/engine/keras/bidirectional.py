"""`Bidirectional`: a recurrent layer run forwards, a copy of it run backwards, both merged.

    >>> bi = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(4, return_sequences=True))
    >>> bi(tf.ones([2, 5, 3])).shape             # forward and backward outputs side by side
    TensorShape([2, 5, 8])

The backward copy reads the sequence last step first (`go_backwards=True`);
its outputs are flipped back, so that step t of both halves belongs to the
same input step. With a mask, both halves output zeros at masked steps (Keras's
`zero_output_for_mask`). Read next: recurrent.py.
"""
from __future__ import annotations

from ..ops import array_ops, image_ops, math_ops
from . import masking
from .layers import Layer
from .recurrent import layer_from, scope
from .variables import name_scope

__all__ = ["Bidirectional"]


_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


class Bidirectional(Layer):
    """Runs a recurrent layer forwards and a copy of it backwards, and merges the two.

    Mirrors `keras.layers.Bidirectional`: the backward layer is the forward
    one's config with `go_backwards=True` (or `backward_layer`); its sequence
    output is flipped back to the forward order before the merge
    (`merge_mode` "concat", "sum", "mul", "ave", or None for a list of both).
    With `return_state`, the forward layer's states come first.

    >>> bi = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(4))
    >>> bi(tf.ones([2, 5, 3])).shape
    TensorShape([2, 8])
    """

    supports_masking = True

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        layer, backward_layer = layer_from(layer), layer_from(backward_layer)
        if not isinstance(layer, Layer):
            raise ValueError("Please initialize `Bidirectional` layer with a "
                             f"`keras.layers.Layer` instance. Received: {layer}")
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError("`backward_layer` need to be a `keras.layers.Layer` instance. "
                             f"Received: {backward_layer}")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be "
                             'one of {"sum", "mul", "ave", "concat", None}')
        if weights is not None:
            raise NotImplementedError("Bidirectional(weights=...): build the layer, then call "
                                      "set_weights.")
        if getattr(layer, "stateful", False):
            raise NotImplementedError("Bidirectional of a stateful=True layer is not part of this "
                                      "engine: pass `initial_state` to carry states yourself.")
        super().__init__(**kwargs)
        self.forward_layer = self._copy(layer, "forward", go_backwards=layer.go_backwards)
        self.backward_layer = backward_layer if backward_layer is not None else \
            self._copy(layer, "backward", go_backwards=not layer.go_backwards)
        if self.forward_layer.go_backwards == self.backward_layer.go_backwards:
            raise ValueError("Forward layer and backward layer should have different "
                             "`go_backwards` value. Received: forward_layer.go_backwards "
                             f"{self.forward_layer.go_backwards}, backward_layer.go_backwards="
                             f"{self.backward_layer.go_backwards}")
        for a in ("stateful", "return_sequences", "return_state"):
            if getattr(self.forward_layer, a) != getattr(self.backward_layer, a):
                raise ValueError(f'Forward layer and backward layer are expected to have the same '
                                 f'value for attribute "{a}", got "{getattr(self.forward_layer, a)}"'
                                 f' for forward layer and "{getattr(self.backward_layer, a)}" for '
                                 'backward layer')
        for sub in (self.forward_layer, self.backward_layer):  # Keras: masked steps output zeros
            sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.stateful = False

    @staticmethod
    def _copy(layer, direction: str, go_backwards: bool):
        """A new layer from `layer`'s config, named forward_<name> / backward_<name>."""
        config = layer.get_config()
        name = layer.name[len(direction) + 1:] if layer.name.startswith(direction + "_") \
            else layer.name
        config.update(name=f"{direction}_{name}", go_backwards=go_backwards)
        return type(layer).from_config(config)

    def build(self, sequences_shape, initial_state_shape=None) -> None:
        for sub in (self.forward_layer, self.backward_layer):
            if not sub.built:
                with scope(self), name_scope(sub.name):
                    sub._build_shape = tuple(sequences_shape)
                    sub.build(sequences_shape)
                sub.built = True
        self.built = True

    def call(self, sequences, initial_state=None, mask=None, training=None):
        forward_state = backward_state = None
        if initial_state is not None:  # the first half for the forward layer
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        y = self.forward_layer(sequences, initial_state=forward_state, mask=mask,
                               training=training)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, mask=mask,
                                    training=training)
        states = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:  # the backward outputs, back in the forward order
            y_rev = image_ops.reverse(y_rev, [1])
        if self.merge_mode == "concat":
            output = array_ops.concat([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            output = math_ops.add(y, y_rev)
        elif self.merge_mode == "ave":
            output = math_ops.divide(math_ops.add(y, y_rev), 2.0)
        elif self.merge_mode == "mul":
            output = math_ops.multiply(y, y_rev)
        else:
            output = (y, y_rev)
        if self.merge_mode is None or self.return_state:
            outputs = output if self.merge_mode is None else (output,)
            if mask is not None and self.return_sequences:
                for out in outputs:
                    masking.set_keras_mask(out, mask)
            return outputs + tuple(states)
        return output

    def compute_mask(self, inputs, previous_mask=None):
        if self.return_sequences and self.merge_mode is not None and not self.return_state:
            return previous_mask
        return None  # (a list of outputs carries its masks on the tensors: see call)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        shape = self.forward_layer.compute_output_shape(sequences_shape)
        states = ()
        if self.return_state:
            shape, states = shape[0], shape[1:]
        if self.merge_mode == "concat":
            shape = tuple(shape[:-1]) + (None if shape[-1] is None else 2 * shape[-1],)
        outputs = (shape, shape) if self.merge_mode is None else (shape,)
        if self.return_state or self.merge_mode is None:
            return outputs + tuple(states) * 2
        return shape

    @classmethod
    def from_config(cls, config: dict) -> "Bidirectional":
        return cls(**config)

    def get_config(self) -> dict:
        def saved(layer):
            return {"class_name": type(layer).__name__, "config": layer.get_config()}
        return {**super().get_config(), "merge_mode": self.merge_mode,
                "layer": saved(self.forward_layer), "backward_layer": saved(self.backward_layer)}
