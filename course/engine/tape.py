"""`tf.GradientTape`: record ops while they run, then play them backwards.

    >>> x = tf.Variable(3.0)
    >>> with tf.GradientTape() as tape:
    ...     y = x * x + x
    >>> tape.gradient(y, x)        # dy/dx = 2x + 1 = 7
    <tf.Tensor: shape=(), dtype=float32, numpy=7.0>

While a tape is active, `execute` calls `record_operation` for every op. A tape
keeps the record when one of the op's inputs is something it tracks: a watched
tensor, a trainable Variable read under the tape, or anything computed from
them. `gradient` walks those records in reverse, asking each op's own gradient
function for the input gradients: the chain rule, one op at a time. The tape
knows nothing about particular ops.

Gradients are computed with engine ops, so an outer tape can record them and
differentiate again (second derivatives from nested tapes).
"""
from __future__ import annotations

import enum
import logging

import numpy as np

from .context import state
from .tensor import Tensor, convert_to_tensor

__all__ = ["GradientTape", "UnconnectedGradients", "OpRecord", "record_operation", "variable_accessed",
           "could_possibly_record", "add_recorded_outputs", "backward", "any_differentiable",
           "zeros_for_unconnected"]

_log = logging.getLogger("course.engine")


class UnconnectedGradients(enum.Enum):
    """What `gradient` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


class OpRecord:
    """One executed op, as a tape sees it (TF calls this an Operation).

    Gradient functions read `record.inputs`, `record.output` and `record.attrs`
    (`record.output` is a tuple for ops with several outputs).
    """

    __slots__ = ("op", "inputs", "output", "attrs", "_wanted")

    def __init__(self, op, inputs: tuple, output, attrs: dict):
        self.op = op
        self.inputs = inputs
        self.output = output
        self.attrs = attrs
        self._wanted = None  # set by the backward pass: what the running tape tracks

    def needs(self, i: int) -> bool:
        """Whether the backward pass wants the gradient of input `i`.

        In `w * x` with `x` plain data, x needs no gradient, and the gradient
        function may skip computing it (TF's `skip_input_indices`).
        """
        return self._wanted is None or id(self.inputs[i]) in self._wanted

    def __repr__(self) -> str:
        return f"<OpRecord {self.op.name}>"


# NumPy kinds of the dtypes gradients flow through: floats, and lists of tensors (TF's
# variant, the value behind a TensorArray in a graph: ops/list_ops.py).
_DIFFERENTIABLE = "fcV"  # floats, complex numbers and "V", a variant (never a resource handle)


def any_differentiable(tensors) -> bool:
    """Whether gradients can flow through one of `tensors` (TF: floats, not ints or bools)."""
    return any(t._value.dtype.kind in _DIFFERENTIABLE for t in tensors)


def zeros_for_unconnected(unconnected_gradients) -> bool:
    """Whether `unconnected_gradients` asks for zeros (UnconnectedGradients.ZERO or "zero")."""
    return unconnected_gradients in (UnconnectedGradients.ZERO, "zero")


def record_operation(op, inputs: tuple, output, attrs: dict) -> None:
    """Offers one executed op to every active tape (TF's `record_operation`)."""
    single = op.outputs == 1
    if single:
        if output._value.dtype.kind not in _DIFFERENTIABLE:
            return  # gradients flow only through floating tensors (TF: ints are not differentiable)
    elif not any_differentiable(output):
        return
    rec = None
    for tape in state.tapes:
        tracked = tape._tracked
        if not tape._recording:
            continue
        for x in inputs:
            if id(x) in tracked:
                break
        else:
            continue  # nothing this tape tracks went in
        if rec is None:
            rec = OpRecord(op, inputs, output, attrs)
        tape._records.append(rec)
        if single:
            tracked[id(output)] = output
        else:
            for o in output:
                tracked[id(o)] = o


def add_recorded_outputs(record: OpRecord, op, outputs: tuple) -> None:
    """A recorded graph node gained outputs (TF rewrites a cond or while_loop node to output the
    values its gradient needs, see ops/cond_ops.py): the tapes that recorded it, the one
    running its gradient and the active ones, track the new outputs too, so that a second
    derivative can reach the node through them."""
    first = record.output if record.op.outputs == 1 else record.output[0]
    for tracked in [record._wanted] + [tape._tracked for tape in state.tapes]:
        if tracked is not None and id(first) in tracked:
            for o in outputs:
                tracked[id(o)] = o
    record.op, record.output = op, tuple(outputs)


def variable_accessed(variable) -> None:
    """A Variable is about to be read (TF's `variable_accessed`).

    Tapes that watch accessed variables start tracking a trainable variable;
    the read itself is then an ordinary recorded op (ReadVariableOp), so
    gradients reach the variable through it.
    """
    if not variable._trainable:
        return
    for tape in state.tapes:
        if tape._recording and tape._watch_accessed_variables and id(variable) not in tape._tracked:
            tape._tracked[id(variable)] = variable
            tape._watched_variables[id(variable)] = variable


def could_possibly_record() -> bool:
    """Whether an op executed now might be recorded (TF's `could_possibly_record`)."""
    return any(tape._recording for tape in state.tapes)


class GradientTape:
    """Records operations for automatic differentiation. Mirrors `tf.GradientTape`.

    - `persistent=True` allows several `gradient` calls on one tape.
    - `watch_accessed_variables=False` records only what you `watch`.
    """

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._records: list = []
        self._tracked: dict = {}  # id -> tensor or Variable; holding them keeps ids unique
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

    def watch(self, tensor) -> None:
        """Tracks a tensor (or Variable, or a list of them) so gradients can reach it."""
        for t in _flatten(tensor):
            if getattr(t, "_is_variable", False):
                self._tracked[id(t)] = t
                self._watched_variables[id(t)] = t
                continue
            if not isinstance(t, Tensor):
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__!r}, not tf.Tensor "
                                 "or tf.Variable.")
            if t._value.dtype.kind not in _DIFFERENTIABLE:
                _log.warning("The dtype of the watched tensor must be floating (e.g. tf.float32), "
                             "got %r", t.dtype)
            self._tracked[id(t)] = t

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
        flat_sources = _flatten(sources) if isinstance(sources, (list, tuple, dict)) else [sources]
        for s in flat_sources:
            if not (isinstance(s, Tensor) or getattr(s, "_is_variable", False)):
                raise TypeError(f"gradient() sources must be tensors or Variables, got "
                                f"{type(s).__name__}: {s!r}")
        targets = _flatten(target) if isinstance(target, (list, tuple, dict)) else [target]
        seeds = [None] * len(targets) if output_gradients is None else _flatten(output_gradients)

        # Outer tapes record the gradient ops (higher derivatives). This tape does
        # too if it is persistent and still recording, as in TF; a non-persistent
        # tape pauses, since it can never be asked again.
        was_recording = self._recording
        self._recording = was_recording and self._persistent
        try:
            grads = self._backward(targets, seeds)
        finally:
            self._recording = was_recording
        result = []
        for s in flat_sources:
            g = grads.get(id(s))
            if s._value.dtype.kind not in _DIFFERENTIABLE:  # TF: integers are not differentiable
                _log.warning("The dtype of the source tensor must be floating (e.g. tf.float32) "
                             "when calling GradientTape.gradient, got %r", s.dtype)
                g = None
            if g is None and zeros_for_unconnected(unconnected_gradients):
                g = _array.zeros_like(_value_of(s))
            result.append(g)
        if not self._persistent:
            # free the recorded tensors at once: this also lets optimizers update the
            # variables' buffers in place (see ops/variable_ops.py)
            self._records = []
            self._tracked = {}
        if isinstance(sources, (list, tuple, dict)):
            return _pack_like(sources, result)
        return result[0]

    def _backward(self, targets: list, seeds: list) -> dict:
        return backward(self._records, self._tracked, targets, seeds)

    # -- Jacobians: one backward pass per output element ---------------------------
    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor: bool = True):
        """d target[i] / d source[j] for every pair: shape `target.shape + source.shape`.

        Mirrors `tf.GradientTape.jacobian`. Row i is the gradient of the i-th element
        of the target alone: the backward pass seeded with a one-hot upstream gradient.
        (TF vectorizes the rows with pfor; `experimental_use_pfor` is accepted and
        changes only which tapes may be used, as in TF.)

        >>> x = tf.constant([1.0, 2.0])
        >>> with tf.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = x * x
        >>> tape.jacobian(y, x)          # diag(2x)
        <tf.Tensor: shape=(2, 2), dtype=float32, numpy=array([[2., 0.], [0., 4.]], dtype=float32)>
        """
        self._check_jacobian_allowed("jacobian", experimental_use_pfor)
        target = _value_of(target)
        flat_sources = _flatten(sources) if isinstance(sources, (list, tuple, dict)) else [sources]
        size = int(np.prod(target._value.shape, dtype=np.int64))
        rows = self._jacobian_rows(target, flat_sources, size, lambda i: _one_hot_seed(
            target._value.shape, target._value.dtype, np.unravel_index(i, target._value.shape)),
            unconnected_gradients)
        result = []
        for s, column in zip(flat_sources, rows):
            if column is None:
                result.append(None)
                continue
            shape = tuple(target._value.shape) + tuple(_value_of(s)._value.shape)
            if not column:  # a target with no elements
                result.append(Tensor(np.zeros(shape, _value_of(s)._value.dtype)))
                continue
            result.append(_array.reshape(_array.stack(column), shape))
        if isinstance(sources, (list, tuple, dict)):
            return _pack_like(sources, result)
        return result[0]

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor: bool = True):
        """Per-example Jacobians: `result[b] = jacobian(target[b], source[b])`.

        Mirrors `tf.GradientTape.batch_jacobian`: it assumes that example b of the
        target depends only on example b of the source (true of most layers, not of
        batch normalization in training), so one backward pass per element of a
        single example suffices. Shape: `[batch] + target.shape[1:] + source.shape[1:]`.

        >>> x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        >>> with tf.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = x * x
        >>> tape.batch_jacobian(y, x).shape
        TensorShape([2, 2, 2])
        """
        self._check_jacobian_allowed("batch_jacobian", experimental_use_pfor)
        target = _value_of(target)
        t_shape, s_shape = target._value.shape, _value_of(source)._value.shape
        if len(t_shape) < 2 or len(s_shape) < 2 or t_shape[0] != s_shape[0]:
            raise ValueError(f"Need first dimension of target shape ({target.shape}) and source "
                             f"shape ({_value_of(source).shape}) to match.")
        row_size = int(np.prod(t_shape[1:], dtype=np.int64))

        def seed(j):  # element j of every example at once: the examples do not mix
            index = np.unravel_index(j, t_shape[1:])
            return _one_hot_seed(t_shape, target._value.dtype, (slice(None),) + index)

        (column,) = self._jacobian_rows(target, [source], row_size, seed, unconnected_gradients)
        if column is None or not column:  # TF: zeros, not None, even for an unconnected source
            return Tensor(np.zeros(t_shape + s_shape[1:], target._value.dtype))
        # rows are [batch, x...] per target element j: put j after the batch axis
        stacked = _array.stack(column, axis=1)
        return _array.reshape(stacked, tuple(t_shape) + tuple(s_shape[1:]))

    def _check_jacobian_allowed(self, what: str, use_pfor: bool) -> None:
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one set "
                               "of gradients (or jacobians)")
        if not use_pfor and not self._persistent:
            spaces = "and with  " if what == "jacobian" else "and  with "  # (TF's two texts)
            raise RuntimeError(f"GradientTape must be created with persistent=True to compute the "
                               f"{what} with eager execution enabled {spaces}"
                               "experimental_use_pfor set to False.")

    def _jacobian_rows(self, target, flat_sources, count, seed_of, unconnected) -> list:
        """For each source, the list of `count` gradients of `target` under the seeds
        `seed_of(0..count-1)`, or None when the target does not depend on it."""
        for s in flat_sources:
            if not (isinstance(s, Tensor) or getattr(s, "_is_variable", False)):
                raise TypeError(f"jacobian() sources must be tensors or Variables, got "
                                f"{type(s).__name__}: {s!r}")
        self._used = True
        zero = zeros_for_unconnected(unconnected)
        columns: list = [[] for _ in flat_sources]
        connected = [False] * len(flat_sources)
        was_recording = self._recording
        self._recording = was_recording and self._persistent
        try:
            for i in range(count):
                grads = self._backward([target], [seed_of(i)])
                for k, s in enumerate(flat_sources):
                    g = grads.get(id(s)) if s._value.dtype.kind == "f" else None
                    connected[k] = connected[k] or g is not None
                    columns[k].append(_array.zeros_like(_value_of(s)) if g is None else g)
        finally:
            self._recording = was_recording
        if not self._persistent:
            self._records = []
        return [column if connected[k] or zero else None for k, column in enumerate(columns)]


def _one_hot_seed(shape, dtype, index) -> Tensor:
    """An upstream gradient of zeros with ones at `index`: picks out target elements."""
    seed = np.zeros(shape, dtype)
    seed[index] = 1
    seed.flags.writeable = False
    return Tensor(seed)


class _Paused:
    """What `stop_recording()` returns: pauses one tape; the others keep recording."""

    def __init__(self, tape: GradientTape):
        self._tape = tape

    def __enter__(self):
        self._was = self._tape._recording
        self._tape._recording = False

    def __exit__(self, *exc):
        self._tape._recording = self._was


def backward(records: list, tracked: dict, targets: list, seeds: list) -> dict:
    """The chain rule, one record at a time, in reverse: {id(tensor): gradient}.

    `records` are the executed ops in program order; `tracked` holds (by id) the
    tensors and Variables gradients may flow through. A GradientTape passes what
    it recorded; `tf.gradients` passes a graph's nodes (graph/gradients.py).
    """
    grads: dict = {}
    for t, seed in zip(targets, seeds):
        # d target/d target = 1 (also for a target nothing was recorded for: TF's
        # gradient(x, x) is 1)
        g = _ones_like(t) if seed is None else convert_to_tensor(seed, dtype=t.dtype)
        grads[id(t)] = _accumulate(grads[id(t)], g) if id(t) in grads else g
    get = grads.get
    for record in reversed(records):
        op = record.op
        if op.outputs == 1:
            dy = get(id(record.output))
            if dy is None:
                continue  # nothing flows back through this op
        else:
            dy = [get(id(o)) for o in record.output]
            if all(d is None for d in dy):
                continue
        if op.grad is None:
            continue
        record._wanted = tracked  # lets record.needs(i) answer for this backward pass
        for x, g in zip(record.inputs, op.grad(record, dy)):
            if g is None:
                continue
            key = id(x)
            if key in tracked:
                old = get(key)
                # A value used twice receives both contributions.
                grads[key] = g if old is None else _accumulate(old, g)
    return grads


def _accumulate(total: Tensor, g: Tensor) -> Tensor:
    """Adds one more contribution to a gradient (TF aggregates them the same way)."""
    if g._value.dtype.kind != "V":
        return _execute(_math.ADD, (total, g))
    from .ops.list_ops import add_lists  # gradients of a list of tensors: element by element
    return add_lists(total, g)


_SEEDS: dict = {}  # (shape, dtype) -> ones: tensors are immutable, so seeds can be shared


def _ones_like(x) -> Tensor:
    """Ones shaped like `x`: the seed dy/dy = 1 of the backward pass.

    A constant when x's shape is known (in a graph it becomes a Const node
    where it is used); `tf.ones_like(x)` when the shape is known only when
    the graph runs.
    """
    spec = x._value
    if spec.shape is None or None in spec.shape:
        return _array.ones_like(_value_of(x))
    key = (spec.shape, spec.dtype)
    seed = _SEEDS.get(key)
    if seed is None:
        ones = np.ones(spec.shape, spec.dtype)
        if ones.ndim:
            ones.flags.writeable = False
        seed = Tensor(ones[()] if ones.ndim == 0 else ones)
        if ones.size <= 64:  # (big seeds are not worth keeping)
            _SEEDS[key] = seed
    return seed


def _value_of(x) -> Tensor:
    return x if isinstance(x, Tensor) else x.read_value()


def _flatten(structure) -> list:
    if isinstance(structure, Tensor):
        return [structure]
    if isinstance(structure, dict):
        return [v for k in sorted(structure, key=str) for v in _flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        if not any(isinstance(item, _NESTED) for item in structure):
            return list(structure)  # already flat, as `[w, b]` usually is
        return [v for item in structure for v in _flatten(item)]
    return [structure]


_NESTED = (list, tuple, dict)


def _pack_like(structure, flat: list):
    """Rebuilds `structure` (lists, tuples, dicts) with the values of `flat` in order."""
    if type(structure) in (list, tuple) and len(structure) == len(flat) and \
            not any(isinstance(item, _NESTED) for item in structure):
        return type(structure)(flat)  # flat in, flat out (the common case)
    it = iter(flat)

    def pack(s):
        if isinstance(s, dict):
            packed = {k: pack(s[k]) for k in sorted(s, key=str)}
            return {k: packed[k] for k in s}
        if isinstance(s, (list, tuple)):
            items = [pack(v) for v in s]
            return type(s)(*items) if hasattr(s, "_fields") else type(s)(items)
        return next(it)
    return pack(structure)


# The ops need the tape (they record on it), and the backward pass needs ops: import them last.
from .ops import array_ops as _array  # noqa: E402
from .ops import math_ops as _math  # noqa: E402
from .execute import execute as _execute  # noqa: E402
