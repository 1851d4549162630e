"""`tf.random`: uniform and normal draws, and `tf.random.set_seed`.

Seeds follow TF's rules (not its bit streams):
- no seed anywhere: fresh randomness on every call;
- `tf.random.set_seed(s)`: every later draw is reproducible, and calling
  `set_seed(s)` again replays the same sequence from the start;
- an op `seed=` with a global seed: reproducible too; repeated calls with the
  same op seed still give new numbers (TF keeps a counter per seed pair).
"""
from __future__ import annotations

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute, state
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
        self.streams = 0  # how many random nodes graphs have made (each gets its own stream)

    def next_stream(self) -> int:
        self.streams += 1
        return self.streams


_seeds = _Seeds()


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
    _seeds.streams = 0
    _streams.clear()  # graphs' random nodes restart their streams too


def get_global_generator_seed():
    return _seeds.global_seed


def _generator(seed) -> np.random.Generator:
    """A NumPy generator for one draw, following TF's global/op seed rules."""
    if _seeds.global_seed is None and seed is None:
        return np.random.default_rng()
    global_seed = _DEFAULT_GLOBAL_SEED if _seeds.global_seed is None else _seeds.global_seed
    if seed is None:
        seed = _seeds.op_counter
        _seeds.op_counter += 1
    key = (global_seed, int(seed))
    n = _seeds.calls.get(key, 0)
    _seeds.calls[key] = n + 1
    return np.random.default_rng([global_seed & 0xFFFFFFFF, int(seed) & 0xFFFFFFFF, n])


# -- random ops in graphs ----------------------------------------------------------------------
# Eagerly, every draw uses a fresh generator (above). A graph node instead owns one stream,
# created the first time the node runs and advanced by every later run: a tf.function's
# random op gives new numbers on each call, reproducibly after tf.random.set_seed, as in TF.
# The node's attrs hold only numbers (seed, seed2, stream), so saved graphs stay plain data.
_streams: dict = {}  # (seed, seed2, stream) -> np.random.Generator


def _graph_seeds(seed) -> dict:
    if _seeds.global_seed is None and seed is None:
        return {"seed": None, "seed2": None, "stream": _seeds.next_stream()}  # fresh entropy
    global_seed = _DEFAULT_GLOBAL_SEED if _seeds.global_seed is None else _seeds.global_seed
    if seed is None:
        seed = _seeds.op_counter
        _seeds.op_counter += 1
    return {"seed": global_seed & 0xFFFFFFFF, "seed2": int(seed) & 0xFFFFFFFF,
            "stream": _seeds.next_stream()}


def _stream(seed, seed2, stream) -> np.random.Generator:
    key = (seed, seed2, stream)
    rng = _streams.get(key)
    if rng is None:
        rng = _streams[key] = np.random.default_rng(None if seed is None else [seed, seed2, stream])
    return rng


def _truncated(rng, shape, dtype) -> np.ndarray:
    """Standard normal draws, each redrawn until it lies within 2 standard deviations."""
    z = rng.standard_normal(shape)
    bad = np.abs(z) > 2
    while bad.any():
        z[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(z) > 2
    return z.astype(dtype)


# The graph nodes: the first input is the shape (RandomShuffle: the value), the attrs name
# the stream. No gradients: TF registers none (the inputs are shapes and seeds).
_SHAPES = {dtypes.int32, dtypes.int64}
RANDOM_UNIFORM = register(Op("RandomUniform", lambda shape, dtype, **seeds: _stream(**seeds).random(
    tuple(int(d) for d in shape), dtype=dtype), None, dtypes=_SHAPES))
RANDOM_NORMAL = register(Op("RandomStandardNormal", lambda shape, dtype, **seeds: _stream(
    **seeds).standard_normal(tuple(int(d) for d in shape), dtype=dtype), None, dtypes=_SHAPES))
TRUNCATED_NORMAL = register(Op("TruncatedNormal", lambda shape, dtype, **seeds: _truncated(
    _stream(**seeds), tuple(int(d) for d in shape), dtype), None, dtypes=_SHAPES))
RANDOM_SHUFFLE = register(Op("RandomShuffle", lambda value, **seeds: _stream(**seeds).permutation(
    value), None, dtypes=dtypes.ALL))
RANDOM_UNIFORM_INT = register(Op("RandomUniformInt", lambda shape, dtype, low, high, **seeds: _stream(
    **seeds).integers(low, high, size=tuple(int(d) for d in shape), dtype=dtype), None,
    dtypes=_SHAPES))


def _graph_draw(op, shape, seed, draw_type, mean, scale, dtype) -> Tensor:
    """mean + scale * (a draw of `op`), as graph nodes: new numbers each time the graph runs."""
    z = execute(op, (constant(shape, dtype=dtypes.int32),),
                {"dtype": np.dtype(draw_type), **_graph_seeds(seed)})
    scaled = _math.add(Tensor(np.asarray(mean).astype(draw_type)[()]),
                       _math.multiply(Tensor(np.asarray(scale).astype(draw_type)[()]), z))
    return _array.cast(scaled, dtype)


def _draw_type(dtype) -> type:
    """Floats are drawn in float64 for float64 tensors, else in float32 (then cast)."""
    return np.float64 if dtype is dtypes.float64 else np.float32


def _shape(shape, op: str = "RandomUniform") -> tuple:
    """The shape argument as ints; TF's op refuses float shapes (its attr `T`)."""
    return tuple(int(d) for d in int_argument(shape, op, "T").reshape(-1))


def _scalar(value, dtype):
    return convert_to_tensor(value, dtype=dtype)._value


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None) -> Tensor:
    """Uniform draws from [minval, maxval). Mirrors `tf.random.uniform`.

    Floats default to [0, 1); integer dtypes need `maxval`, as in TF.
    """
    dtype = dtypes.as_dtype(dtype)
    shape = _shape(shape)
    if dtype.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        low, high = int(_scalar(minval, dtype)), int(_scalar(maxval, dtype))
        if low >= high:
            raise invalid_argument("RandomUniformInt", f"Need minval < maxval, got {low} >= {high}")
        if state.graph is not None:
            return execute(RANDOM_UNIFORM_INT, (constant(shape, dtype=dtypes.int32),),
                           {"dtype": np.dtype(dtype.as_numpy_dtype), "low": low, "high": high,
                            **_graph_seeds(seed)})
        return convert_to_tensor(_generator(seed).integers(low, high, size=shape,
                                                            dtype=dtype.as_numpy_dtype))
    if not dtype.is_floating:
        raise ValueError(f"Invalid dtype {dtype!r} for tf.random.uniform")
    low = _scalar(minval, dtype)
    high = _scalar(1 if maxval is None else maxval, dtype)
    draw_type = _draw_type(dtype)
    if state.graph is not None:  # tf.function: a node that draws anew each time it runs
        return _graph_draw(RANDOM_UNIFORM, shape, seed, draw_type, low, high - low, dtype)
    u = _generator(seed).random(shape, dtype=draw_type)
    return convert_to_tensor((low + (high - low) * u).astype(dtype.as_numpy_dtype))


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None) -> Tensor:
    """Draws from a normal distribution. Mirrors `tf.random.normal`."""
    dtype = dtypes.as_dtype(dtype)
    mean, stddev = _scalar(mean, dtype), _scalar(stddev, dtype)  # TF: int dtype -> TypeError
    draw_type = _draw_type(dtype)
    if state.graph is not None:
        return _graph_draw(RANDOM_NORMAL, _shape(shape, "RandomStandardNormal"), seed, draw_type,
                           mean, stddev, dtype)
    z = _generator(seed).standard_normal(_shape(shape, "RandomStandardNormal"), dtype=draw_type)
    return convert_to_tensor((mean + stddev * z).astype(dtype.as_numpy_dtype))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None,
                     name=None) -> Tensor:
    """Normal draws, redrawn when more than 2 standard deviations from the mean.

    Mirrors `tf.random.truncated_normal`.
    """
    dtype = dtypes.as_dtype(dtype)
    mean, stddev = _scalar(mean, dtype), _scalar(stddev, dtype)
    if state.graph is not None:
        draw_type = _draw_type(dtype)
        return _graph_draw(TRUNCATED_NORMAL, _shape(shape, "TruncatedNormal"), seed, draw_type,
                           mean, stddev, dtype)
    z = _truncated(_generator(seed), _shape(shape, "TruncatedNormal"), np.float64)
    return convert_to_tensor((mean + stddev * z).astype(dtype.as_numpy_dtype))


def shuffle(value, seed=None, name=None) -> Tensor:
    """A random permutation along the first dimension. Mirrors `tf.random.shuffle`."""
    value = convert_to_tensor(value)
    if state.graph is not None:
        return execute(RANDOM_SHUFFLE, (value,), _graph_seeds(seed))
    return convert_to_tensor(_generator(seed).permutation(value._value))
