"""`tf.random`: uniform and normal draws, and `tf.random.set_seed`.

Seeds follow TF's rules, and the draws are TF's numbers (Philox, as its CPU
kernels: ../random_bits.py), `shuffle` too:
- no seed anywhere: fresh randomness on every call;
- `tf.random.set_seed(s)`: every later draw is reproducible, and calling
  `set_seed(s)` again replays the same sequence from the start;
- an op `seed=` with a global seed: reproducible too; repeated calls with the
  same op seed still give new numbers (TF keeps a counter per seed pair).
"""
from __future__ import annotations

import random as _pyrandom
import weakref

import numpy as np

from .. import dtypes
from ..errors import invalid_argument
from ..execute import Op, execute
from ..graph.core import executing_eagerly, get_default_graph
from ..philox import add_to_counter, blocks, counter_words, key_words
from ..random_bits import draw
from ..tensor import Tensor, constant, convert_to_tensor, int_argument
from . import array_ops as _array
from . import math_ops as _math
from . import register

_DEFAULT_GLOBAL_SEED = 87654321  # TF's DEFAULT_GRAPH_SEED, used when only an op seed is given
_MAXINT32 = 2**31 - 1  # TF keeps seeds below this (seed % _MAXINT32)
SKIP_PER_NUMBER = 256  # how far a stateful kernel's Philox counter moves per number drawn (TF's)


class _Seeds:
    def __init__(self):
        self.global_seed = None
        self.op_seeds = None  # eagerly: where op seeds come from (TF: random.Random(global seed))
        self.graph_counters: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
        self.kernels: dict = {}  # (op, dtype, seed, seed2) -> the eager kernel's RandomStream


_seeds = _Seeds()
_live_streams: "weakref.WeakSet" = weakref.WeakSet()


def set_seed(seed: int) -> None:
    """Makes every later random draw reproducible. Mirrors `tf.random.set_seed`.

    >>> tf.random.set_seed(1); tf.random.uniform([2])    # TF's numbers too
    <tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.16513085, 0.9014813 ], dtype=float32)>
    """
    _seeds.global_seed = None if seed is None else int(seed)
    _seeds.op_seeds = None if seed is None else _pyrandom.Random(int(seed))
    _seeds.graph_counters = weakref.WeakKeyDictionary()
    _seeds.kernels = {}  # (TF clears its kernel cache: eager streams start again)
    for stream in list(_live_streams):  # graphs' random nodes restart their streams too
        stream.restart()


def get_global_generator_seed():
    return _seeds.global_seed


class RandomStream:
    """Where one random kernel draws from: TF's per-kernel Philox state.

    TF seeds a stateful random kernel with two numbers (seed, seed2): the
    Philox key is `seed` and the counter's high half is `seed2`. Each call
    draws from the counter on, then moves it 256 blocks on per number drawn
    (a reservation, whatever the distribution needs). Eagerly one stream is
    kept per (op, dtype, seeds), as TF caches a kernel per attrs, so the
    same op seed again gives the next numbers; a graph node has its own
    stream, so a traced function draws new numbers on every call. `seeds`
    are plain numbers (None: seeds from the OS, once), so saved graphs stay
    plain data.
    """

    __slots__ = ("seeds", "position", "_os_seeds", "__weakref__")

    def __init__(self, seeds):
        self.seeds = seeds
        self.position = 0  # blocks reserved so far
        self._os_seeds = None  # picked for seeds None, at the first draw
        _live_streams.add(self)

    def key_counter(self, count: int) -> tuple:
        """(key, counter) for a draw of `count` numbers; moves the stream past them."""
        return self.reserve(SKIP_PER_NUMBER * count)

    def reserve(self, blocks: int) -> tuple:
        """(key, counter) where the stream stands; then moves it `blocks` Philox blocks on."""
        seeds = self.seeds
        if seeds is None:  # TF: seeds (0, 0) mean "random seeds", picked once per kernel
            if self._os_seeds is None:
                self._os_seeds = tuple(int(s) for s in np.random.SeedSequence().generate_state(2))
            seeds = self._os_seeds
        seed, seed2 = (int(s) for s in seeds[:2])
        counter = add_to_counter(counter_words(0, seed2), self.position)[0]
        self.position += blocks
        return key_words(seed), counter

    def draw(self, kind: str, shape, dtype, *bounds) -> np.ndarray:
        """A draw of `kind` (uniform, normal, ...: random_bits.py) from this stream."""
        dims = _dims(shape)
        return draw(kind, dims, *self.key_counter(int(np.prod(dims, dtype=np.int64))), dtype,
                    *bounds)

    def restart(self) -> None:
        """As a new kernel: from the start of the stream (unseeded: from new random seeds)."""
        self.position = 0
        self._os_seeds = None

    def __repr__(self) -> str:
        return f"RandomStream({self.seeds})"


def _stream(seed, op: str = "", dtype=None) -> RandomStream:
    """The stream for one op call, by TF's seed rules (`get_seed`) and kernel caching."""
    global_seed, op_seed = get_seed(seed)
    if global_seed is None:
        return RandomStream(None)  # no seed anywhere: fresh randomness
    if not executing_eagerly():
        return RandomStream((global_seed, op_seed))  # the node's own kernel
    key = (op, str(dtype), global_seed, op_seed)  # eagerly: the same kernel, the next numbers
    if key not in _seeds.kernels:
        _seeds.kernels[key] = RandomStream((global_seed, op_seed))
    return _seeds.kernels[key]


def get_seed(op_seed) -> tuple:
    """(global seed, op seed) for a new random op, by TF's rules (`random_seed.get_seed`).

    (None, None) without any seed (fresh randomness). With a global seed
    and no op seed, the op seed is the next number of a generator seeded
    by the global seed (eagerly; Python's random.Random, as TF's), or the
    graph's count of random ops so far (while tracing), so a program
    replays after `set_seed`. `tf.data`'s shuffle seeds itself with this too.
    """
    if _seeds.global_seed is None and op_seed is None:
        return None, None
    global_seed = _DEFAULT_GLOBAL_SEED if _seeds.global_seed is None else _seeds.global_seed
    if op_seed is None:
        if executing_eagerly():  # (TF's get_seed asks the same question)
            op_seed = _seeds.op_seeds.randint(0, _MAXINT32)
        else:
            graph = get_default_graph()
            op_seed = _seeds.graph_counters.get(graph, 0)
            _seeds.graph_counters[graph] = op_seed + 1
    seeds = global_seed % _MAXINT32, int(op_seed) % _MAXINT32
    return (0, _MAXINT32) if seeds == (0, 0) else seeds  # ((0, 0) would mean "no seed" to TF)


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
RANDOM_UNIFORM = register(Op("RandomUniform", lambda shape, dtype, stream: stream.draw(
    "uniform", shape, dtype), None, dtypes=_SHAPES, stateful=True))
RANDOM_NORMAL = register(Op("RandomStandardNormal", lambda shape, dtype, stream: stream.draw(
    "normal", shape, dtype).astype(dtype), None, dtypes=_SHAPES, stateful=True))
TRUNCATED_NORMAL = register(Op("TruncatedNormal", lambda shape, dtype, stream: stream.draw(
    "truncated_normal", shape, dtype).astype(dtype), None, dtypes=_SHAPES, stateful=True))
def _shuffle(value: np.ndarray, stream: RandomStream) -> np.ndarray:
    """TF's shuffle: Fisher-Yates with one Philox word per swap, rows moved as wholes.

    Position i (0 to n - 2) swaps with i + word_i % (n - i). TF reserves only
    the words it needs (4 per block), not 256 blocks per number.
    """
    n = len(value) if np.ndim(value) else 0
    if n <= 1:
        return value  # (TF copies the input and draws nothing)
    count = -(-(n - 1) // 4)  # blocks of 4 words
    key, counter = stream.reserve(count)
    words = blocks(counter, key, count).reshape(-1)
    targets = np.arange(n - 1) + words[:n - 1] % np.arange(n, 1, -1, dtype=np.uint32)
    order = np.arange(n)
    for i, j in enumerate(targets.tolist()):  # (each swap sees the ones before it: a loop)
        order[i], order[j] = order[j], order[i]
    return value[order]


RANDOM_SHUFFLE = register(Op("RandomShuffle", _shuffle, None, dtypes=dtypes.ALL, stateful=True))
RANDOM_UNIFORM_INT = register(Op("RandomUniformInt", lambda shape, dtype, low, high, stream: stream
    .draw("uniform_int", shape, dtype, low, high), None, dtypes=_SHAPES, stateful=True))


def _draw(op, shape, seed, draw_type, mean: Tensor, scale: Tensor, dtype) -> Tensor:
    """mean + scale * (a draw of `op`), cast to `dtype`: ops, so graphs draw on every run
    (and `mean`, `scale` may be tensors computed in the graph, as in TF)."""
    z = execute(op, (_shape_tensor(shape, op.name),), {"dtype": np.dtype(draw_type),
                                                      "stream": _stream(seed, op.name, dtype)})
    return affine(z, mean, scale, dtype)


def affine(z: Tensor, mean: Tensor, scale: Tensor, dtype) -> Tensor:
    """mean + scale * z, computed in z's dtype (the draw's), then cast to `dtype`."""
    draw_dtype = z.dtype
    scaled = _math.add(_array.cast(mean, draw_dtype),
                       _math.multiply(_array.cast(scale, draw_dtype), z))
    return _array.cast(scaled, dtype)


def _draw_type(dtype) -> type:
    """Normals are drawn in float64 for float64 tensors, else in float32 (then cast, as TF)."""
    return np.float64 if dtype is dtypes.float64 else np.float32


def uniform_type(dtype) -> type:
    """Uniform floats are drawn in their own dtype (TF makes float16's from 10 random bits)."""
    return np.float16 if dtype is dtypes.float16 else _draw_type(dtype)


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


_UNIFORM_DTYPES = dtypes.FLOATING | _SHAPES


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None) -> Tensor:
    """Uniform draws from [minval, maxval). Mirrors `tf.random.uniform`.

    Floats default to [0, 1); integer dtypes need `maxval`, as in TF.
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype not in _UNIFORM_DTYPES:  # TF: only these have RandomUniform(Int) kernels
        raise ValueError(f"Argument `dtype` got invalid value {dtype}. Accepted dtypes are "
                         "(tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64).")
    if dtype.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        low, high = int(_scalar(minval, dtype)), int(_scalar(maxval, dtype))
        if low >= high:
            raise invalid_argument("RandomUniformInt", f"Need minval < maxval, got {low} >= {high}")
        return execute(RANDOM_UNIFORM_INT, (_shape_tensor(shape, "RandomUniformInt"),),
                       {"dtype": np.dtype(dtype.as_numpy_dtype), "low": low, "high": high,
                        "stream": _stream(seed, "RandomUniformInt", dtype)}, name=name)
    if not dtype.is_floating:
        raise ValueError(f"Invalid dtype {dtype!r} for tf.random.uniform")
    low = as_parameter(minval, dtype)
    high = as_parameter(1 if maxval is None else maxval, dtype)
    return _draw(RANDOM_UNIFORM, shape, seed, uniform_type(dtype), low, _math.subtract(high, low),
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
    return _draw(TRUNCATED_NORMAL, shape, seed, _draw_type(dtype), mean, stddev, dtype)


def shuffle(value, seed=None, name=None) -> Tensor:
    """A random permutation along the first dimension. Mirrors `tf.random.shuffle`."""
    value = convert_to_tensor(value)
    stream = _stream(seed, "RandomShuffle", value.dtype)
    return execute(RANDOM_SHUFFLE, (value,), {"stream": stream}, name=name)


# Stateless draws (`tf.random.stateless_*`): stateless_random_ops.py; `tf.random.Generator`:
# stateful_random_ops.py and ../random_generator.py.


def restart_streams(operations) -> None:
    """The random nodes among a graph's `operations` start their streams again.

    TF makes new kernels when it instantiates a function anew (a tf.data
    pipeline's functions, for each new iterator), and a new stateful random
    kernel starts from its seeds: a seeded `map` draws the same numbers in
    every pass over the dataset.
    """
    for operation in operations:
        for value in operation.attrs.values():
            if isinstance(value, RandomStream):
                value.restart()
