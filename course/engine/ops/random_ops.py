"""`tf.random`: uniform and normal draws, and `tf.random.set_seed`.

Seeds follow TF's rules (not its bit streams):
- no seed anywhere: fresh randomness on every call;
- `tf.random.set_seed(s)`: every later draw is reproducible, and calling
  `set_seed(s)` again replays the same sequence from the start;
- an op `seed=` with a global seed: reproducible too; repeated calls with the
  same op seed still give new numbers (TF keeps a counter per seed pair).
"""
from __future__ import annotations

import weakref

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..tensor import Tensor, constant, convert_to_tensor, int_argument
from . import array_ops as _array
from . import math_ops as _math
from . import register

_DEFAULT_GLOBAL_SEED = 87654321  # TF's DEFAULT_GRAPH_SEED, used when only an op seed is given


class _Seeds:
    def __init__(self):
        self.global_seed = None
        self.op_counter = 0  # gives each unseeded op a fresh, reproducible op seed
        self.calls: dict = {}  # (global, op) -> how many draws so far


_seeds = _Seeds()
_live_streams: "weakref.WeakSet" = weakref.WeakSet()


def set_seed(seed: int) -> None:
    """Makes every later random draw reproducible. Mirrors `tf.random.set_seed`.

    >>> tf.random.set_seed(42); a = tf.random.uniform([2])
    >>> tf.random.set_seed(42); b = tf.random.uniform([2])
    >>> bool(tf.reduce_all(a == b))
    True
    """
    _seeds.global_seed = None if seed is None else int(seed)
    _seeds.op_counter = 0
    _seeds.calls = {}
    for stream in list(_live_streams):  # graphs' random nodes restart their streams too
        stream.restart()


def get_global_generator_seed():
    return _seeds.global_seed


class RandomStream:
    """Where one random op draws its numbers from: TF's per-kernel random state.

    Each op call gets one (in its attrs). Eagerly it is used once; a graph
    node keeps its stream, so a traced function draws new numbers on every
    call, reproducibly after `tf.random.set_seed`. `seeds` are plain numbers
    (None: fresh entropy), so saved graphs stay plain data.
    """

    __slots__ = ("seeds", "_rng", "__weakref__")

    def __init__(self, seeds):
        self.seeds = seeds
        self._rng = None
        _live_streams.add(self)

    def generator(self) -> np.random.Generator:
        if self._rng is None:
            self._rng = np.random.default_rng(None if self.seeds is None else list(self.seeds))
        return self._rng

    def restart(self) -> None:
        self._rng = None

    def __repr__(self) -> str:
        return f"RandomStream({self.seeds})"


def _stream(seed) -> RandomStream:
    """A stream for one op call, following TF's global/op seed rules (`get_seed`)."""
    global_seed, op_seed = get_seed(seed)
    if global_seed is None:
        return RandomStream(None)  # no seed anywhere: fresh randomness
    n = _seeds.calls.get((global_seed, op_seed), 0)  # the same seeds again: the next numbers
    _seeds.calls[global_seed, op_seed] = n + 1
    return RandomStream((global_seed, op_seed, n))


def _generator(seed) -> np.random.Generator:
    """A NumPy generator for one draw outside the op table (fit's shuffling)."""
    return _stream(seed).generator()


def get_seed(op_seed) -> tuple:
    """(global seed, op seed) for a new random op, by TF's rules (`random_seed.get_seed`).

    (None, None) without any seed (fresh randomness); with a global seed only,
    each new op takes the next op seed from a counter, so a program replays
    after `set_seed`. `tf.data`'s shuffle seeds itself with this too.
    """
    if _seeds.global_seed is None and op_seed is None:
        return None, None
    global_seed = _DEFAULT_GLOBAL_SEED if _seeds.global_seed is None else _seeds.global_seed
    if op_seed is None:
        op_seed = _seeds.op_counter
        _seeds.op_counter += 1
    return global_seed & 0xFFFFFFFF, int(op_seed) & 0xFFFFFFFF


def _truncated(rng, shape, dtype) -> np.ndarray:
    """Standard normal draws, each redrawn until it lies within 2 standard deviations."""
    z = rng.standard_normal(shape)
    bad = np.abs(z) > 2
    while bad.any():
        z[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(z) > 2
    return z.astype(dtype)


def _dims(shape) -> tuple:
    return tuple(int(d) for d in shape)


# The ops: the first input is the shape (RandomShuffle: the value); the `stream` attr says
# where the numbers come from. No gradients: TF registers none (the inputs are shapes).
_SHAPES = {dtypes.int32, dtypes.int64}
RANDOM_UNIFORM = register(Op("RandomUniform", lambda shape, dtype, stream: stream.generator().random(
    _dims(shape), dtype=dtype), None, dtypes=_SHAPES, stateful=True))
RANDOM_NORMAL = register(Op("RandomStandardNormal", lambda shape, dtype, stream: stream.generator(
    ).standard_normal(_dims(shape), dtype=dtype), None, dtypes=_SHAPES, stateful=True))
TRUNCATED_NORMAL = register(Op("TruncatedNormal", lambda shape, dtype, stream: _truncated(
    stream.generator(), _dims(shape), dtype), None, dtypes=_SHAPES, stateful=True))
RANDOM_SHUFFLE = register(Op("RandomShuffle", lambda value, stream: stream.generator().permutation(
    value), None, dtypes=dtypes.ALL, stateful=True))
RANDOM_UNIFORM_INT = register(Op("RandomUniformInt", lambda shape, dtype, low, high, stream: stream
    .generator().integers(low, high, size=_dims(shape), dtype=dtype), None, dtypes=_SHAPES,
    stateful=True))


def _draw(op, shape, seed, draw_type, mean: Tensor, scale: Tensor, dtype) -> Tensor:
    """mean + scale * (a draw of `op`), cast to `dtype`: ops, so graphs draw on every run
    (and `mean`, `scale` may be tensors computed in the graph, as in TF)."""
    z = execute(op, (_shape_tensor(shape, op.name),), {"dtype": np.dtype(draw_type),
                                                      "stream": _stream(seed)})
    return affine(z, mean, scale, dtype)


def affine(z: Tensor, mean: Tensor, scale: Tensor, dtype) -> Tensor:
    """mean + scale * z, computed in z's dtype (the draw's), then cast to `dtype`."""
    draw_dtype = z.dtype
    scaled = _math.add(_array.cast(mean, draw_dtype),
                       _math.multiply(_array.cast(scale, draw_dtype), z))
    return _array.cast(scaled, dtype)


def _draw_type(dtype) -> type:
    """Floats are drawn in float64 for float64 tensors, else in float32 (then cast)."""
    return np.float64 if dtype is dtypes.float64 else np.float32


def _shape_tensor(shape, op: str = "RandomUniform") -> Tensor:
    """The shape argument as an int tensor; TF's op refuses float shapes (its attr `T`)."""
    if isinstance(shape, Tensor) and shape.dtype in _SHAPES:
        return shape
    if isinstance(shape, Tensor) and not hasattr(shape, "numpy"):
        return _array.cast(shape, dtypes.int32)
    return constant(tuple(int(d) for d in int_argument(shape, op, "T").reshape(-1)),
                    dtype=dtypes.int32)


def _scalar(value, dtype):
    return convert_to_tensor(value, dtype=dtype)._value


def as_parameter(value, dtype) -> Tensor:
    """A distribution's parameter (a number or a tensor) as a tensor of `dtype`."""
    return value if isinstance(value, Tensor) and value.dtype is dtype else \
        convert_to_tensor(value, dtype=dtype)


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None) -> Tensor:
    """Uniform draws from [minval, maxval). Mirrors `tf.random.uniform`.

    Floats default to [0, 1); integer dtypes need `maxval`, as in TF.
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        low, high = int(_scalar(minval, dtype)), int(_scalar(maxval, dtype))
        if low >= high:
            raise invalid_argument("RandomUniformInt", f"Need minval < maxval, got {low} >= {high}")
        return execute(RANDOM_UNIFORM_INT, (_shape_tensor(shape, "RandomUniformInt"),),
                       {"dtype": np.dtype(dtype.as_numpy_dtype), "low": low, "high": high,
                        "stream": _stream(seed)}, name=name)
    if not dtype.is_floating:
        raise ValueError(f"Invalid dtype {dtype!r} for tf.random.uniform")
    low = as_parameter(minval, dtype)
    high = as_parameter(1 if maxval is None else maxval, dtype)
    return _draw(RANDOM_UNIFORM, shape, seed, _draw_type(dtype), low, _math.subtract(high, low),
                 dtype)


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None) -> Tensor:
    """Draws from a normal distribution. Mirrors `tf.random.normal`."""
    dtype = dtypes.as_dtype(dtype)
    mean, stddev = as_parameter(mean, dtype), as_parameter(stddev, dtype)  # TF: int dtype -> TypeError
    return _draw(RANDOM_NORMAL, shape, seed, _draw_type(dtype), mean, stddev, dtype)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None,
                     name=None) -> Tensor:
    """Normal draws, redrawn when more than 2 standard deviations from the mean.

    Mirrors `tf.random.truncated_normal`.
    """
    dtype = dtypes.as_dtype(dtype)
    mean, stddev = as_parameter(mean, dtype), as_parameter(stddev, dtype)
    return _draw(TRUNCATED_NORMAL, shape, seed, np.float64,
                 mean, stddev, dtype)


def shuffle(value, seed=None, name=None) -> Tensor:
    """A random permutation along the first dimension. Mirrors `tf.random.shuffle`."""
    value = convert_to_tensor(value)
    return execute(RANDOM_SHUFFLE, (value,), {"stream": _stream(seed)}, name=name)


# Stateless draws (`tf.random.stateless_*`): stateless_random_ops.py; `tf.random.Generator`:
# stateful_random_ops.py and ../random_generator.py.
