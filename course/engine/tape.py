"""`tf.GradientTape`: record ops while they run, then play them backwards.

    >>> x = tf.Variable(3.0)
    >>> with tf.GradientTape() as tape:
    ...     y = x * x + x
    >>> tape.gradient(y, x)        # dy/dx = 2x + 1 = 7
    <tf.Tensor: shape=(), dtype=float32, numpy=7.0>

While a tape is active, `execute` hands it a record of every op whose inputs
the tape is tracking (watched tensors, read Variables, and everything computed
from them). `gradient` walks those records in reverse, asking each op's own
gradient function for the input gradients: the chain rule, one op at a time.
The tape knows nothing about particular ops.

Gradients are computed with engine ops, so an outer tape can record them and
differentiate again (second derivatives from nested tapes).
"""
from __future__ import annotations

import enum
import logging

from .execute import state
from .tensor import Tensor, convert_to_tensor

__all__ = ["GradientTape", "UnconnectedGradients"]

_log = logging.getLogger("course.engine")


class UnconnectedGradients(enum.Enum):
    """What `gradient` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


class GradientTape:
    """Records operations for automatic differentiation. Mirrors `tf.GradientTape`.

    - `persistent=True` allows several `gradient` calls on one tape.
    - `watch_accessed_variables=False` records only what you `watch`.
    """

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._records: list = []
        self._tracked: dict = {}  # id -> tensor or variable: what gradients flow into
        self._watched_variables: dict = {}
        self._recording = False
        self._used = False

    # -- recording ---------------------------------------------------------
    def __enter__(self) -> "GradientTape":
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter an "
                             "already-active tape.")
        self._recording = True
        state.tapes.append(self)
        return self

    def __exit__(self, *exc) -> None:
        self._recording = False
        if self in state.tapes:
            state.tapes.remove(self)

    def _should_record(self, inputs: tuple, output) -> bool:
        # Gradients flow only into floating tensors (TF: ints are not differentiable).
        if output._value.dtype.kind != "f":
            return False
        tracked = self._tracked
        for x in inputs:
            if id(x) in tracked:
                return True
        return False

    def watch(self, tensor) -> None:
        """Tracks a tensor (or Variable, or a list of them) so gradients can reach it."""
        for t in _flatten(tensor):
            if hasattr(t, "_is_variable"):
                self._watch_variable(t)
                continue
            if not isinstance(t, Tensor):
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__!r}, not tf.Tensor "
                                 "or tf.Variable.")
            if not t.dtype.is_floating:
                _log.warning("The dtype of the watched tensor must be floating (e.g. tf.float32), "
                             "got %r", t.dtype)
            self._tracked[id(t)] = t

    def _watch_variable(self, variable) -> None:
        self._tracked[id(variable)] = variable
        self._watched_variables[id(variable)] = variable

    def _variable_accessed(self, variable) -> None:
        """Called when a Variable is read under this tape (TF's `variable_accessed`)."""
        if self._watch_accessed_variables and variable.trainable and self._recording:
            self._watch_variable(variable)

    def watched_variables(self) -> tuple:
        """The Variables this tape is tracking, in the order first seen."""
        return tuple(self._watched_variables.values())

    def stop_recording(self):
        """A context in which this tape records nothing (use it for logging, metrics)."""
        if not self._recording:
            raise ValueError("Tape.stop_recording() called while the tape is not recording.")
        return _Paused(self)

    def reset(self) -> None:
        """Forgets everything recorded so far."""
        self._records.clear()
        self._tracked.clear()
        self._watched_variables.clear()

    # -- the backward pass -----------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(sum of target)/d(source) for each source; same structure as `sources`.

        A non-scalar target is summed first (TF semantics). Sources the target
        does not depend on give None (or zeros with
        `unconnected_gradients=tf.UnconnectedGradients.ZERO`).
        """
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one set "
                               "of gradients (or jacobians). Use tf.GradientTape(persistent=True) "
                               "to call gradient() more than once.")
        self._used = True
        flat_sources = _flatten(sources)
        for s in flat_sources:
            if not (isinstance(s, Tensor) or hasattr(s, "_is_variable")):
                raise TypeError(f"gradient() sources must be tensors or Variables, got "
                                f"{type(s).__name__}: {s!r}")
        targets = _flatten(target)
        seeds = _flatten(output_gradients) if output_gradients is not None else [None] * len(targets)

        with _Paused(self):  # our own gradient ops are not recorded here (outer tapes do)
            grads = self._backward(targets, seeds)
            result = []
            for s in flat_sources:
                g = grads.get(id(s))
                if not s.dtype.is_floating:  # TF: integers are not differentiable
                    _log.warning("The dtype of the source tensor must be floating (e.g. tf.float32) "
                                 "when calling GradientTape.gradient, got %r", s.dtype)
                    g = None
                if g is None and unconnected_gradients in (UnconnectedGradients.ZERO, "zero"):
                    from .ops.array_ops import zeros_like
                    g = zeros_like(_value_of(s))
                result.append(g)
        if not self._persistent:
            self._records = []  # free the recorded tensors as soon as possible
        return _pack_like(sources, result)

    def _backward(self, targets, seeds) -> dict:
        """The chain rule, one record at a time, in reverse: {id(tensor): gradient}."""
        from .ops.array_ops import ones_like
        from .ops.math_ops import add
        grads: dict = {}

        def accumulate(key, g):  # a value used twice gets both contributions
            grads[key] = g if key not in grads else add(grads[key], g)

        for t, seed in zip(targets, seeds):
            if id(t) in self._tracked:  # a target nothing was recorded for has no gradients
                value = _value_of(t)
                accumulate(id(t), ones_like(value) if seed is None
                           else convert_to_tensor(seed, dtype=value.dtype))
        for record in reversed(self._records):
            dy = grads.get(id(record.output))
            if dy is None or record.op.grad is None:
                continue
            input_grads = record.op.grad(record, dy)
            for x, g in zip(record.inputs, input_grads):
                if g is not None and id(x) in self._tracked:
                    accumulate(id(x), g)
        return grads


class _Paused:
    """Pauses one tape; the others keep recording (so nested tapes see gradient ops)."""

    def __init__(self, tape):
        self._tape = tape

    def __enter__(self):
        self._was = self._tape._recording
        self._tape._recording = False

    def __exit__(self, *exc):
        self._tape._recording = self._was


def _value_of(x):
    return x if isinstance(x, Tensor) else x.read_value()


def _flatten(structure) -> list:
    if isinstance(structure, dict):
        return [v for k in sorted(structure, key=str) for v in _flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [v for item in structure for v in _flatten(item)]
    return [structure]


def _pack_like(structure, flat: list):
    it = iter(flat)

    def pack(s):
        if isinstance(s, dict):
            packed = {k: pack(s[k]) for k in sorted(s, key=str)}
            return {k: packed[k] for k in s}
        if isinstance(s, (list, tuple)):
            return type(s)(pack(v) for v in s) if not hasattr(s, "_fields") else type(s)(*[pack(v) for v in s])
        return next(it)
    return pack(structure)

