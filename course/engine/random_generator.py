"""`tf.random.Generator`: random numbers from a state you own, in a variable.

`tf.random.uniform` and friends draw from streams the runtime keeps (seeded
by `tf.random.set_seed`). A Generator instead holds its state in an int64
`tf.Variable`, so it is explicit, can be saved in a checkpoint, and moves on
with every draw, eagerly and inside tf.function alike:

    >>> g = tf.random.Generator.from_seed(1)
    >>> g.state
    <tf.Variable 'StateVar:0' shape=(3,) dtype=int64, numpy=array([1, 0, 0])>
    >>> x = g.normal([2, 3])     # 6 numbers: the counter moves on by 6 * 256
    >>> g.state.numpy()
    array([1537,    0,    0])
    >>> g.normal([])             # (the next number after those six, as in TF)

Every draw is two ops (ops/stateful_random_ops.py): `RngReadAndSkip` reads
the state and advances it, then a stateless op turns the old state into
numbers. `tf.random.get_global_generator()` is one Generator shared by the
program; `tf.random.set_seed` does not touch it (as in TF).

TF's rules, state arithmetic and numbers (Philox, bit for bit on a CPU):
`Generator.from_seed(1).normal([])` is 0.43842274 here as in TF.
"""
from __future__ import annotations

import enum

import numpy as np

from . import dtypes
from .errors import invalid_argument, no_kernel
from .execute import execute
from .graph.scopes import init_scope
from .distribute import context as _distribute_context
from .ops import array_ops as _array
from .ops import math_ops as _math
from .ops import reduce_ops as _reduce
from .ops import stateful_random_ops as _ops
from .ops.distribute_ops import REPLICA_KEY
from .tensor import Tensor, constant, convert_to_tensor, int_argument
from .variables import Variable

__all__ = ["Algorithm", "Generator", "create_rng_state", "get_global_generator",
           "set_global_generator"]


class Algorithm(enum.Enum):
    """The counter-based algorithms TF offers. Mirrors `tf.random.Algorithm`."""
    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


_ALG_NAMES = {"philox": 1, "threefry": 2, "auto_select": 3}


def _alg_number(alg) -> int:
    """'philox', Algorithm.PHILOX or 1 -> 1 (TF's convert_alg_to_int)."""
    if isinstance(alg, Algorithm):
        return alg.value
    if isinstance(alg, str) and alg.lower() in _ALG_NAMES:
        return _ALG_NAMES[alg.lower()]
    if isinstance(alg, (int, np.integer)) and int(alg) in (1, 2, 3):
        return int(alg)
    if isinstance(alg, Tensor) and int(alg) in (1, 2, 3):
        return int(alg)
    raise ValueError(f"Argument `alg` got unsupported value {alg}. Supported values are philox "
                     "for the Philox algorithm, threefry for the ThreeFry algorithm, and "
                     "auto_select for auto-selection.")


def _state_from_seed(seed, alg: int) -> np.ndarray:
    """An int seed is cut into 64-bit words; a list of words is cut or left-padded with zeros."""
    size = _ops.state_size(alg)
    if isinstance(seed, (int, np.integer)):
        return _ops.as_int64_words(int(seed), size)
    words = np.asarray(seed)
    if words.ndim != 1:
        raise ValueError(f"seed should only have one dimension; got shape: {words.shape}")
    words = np.array([_ops.as_int64_words(int(w), 1)[0] for w in words[:size]], dtype=np.int64)
    # Zeros on the left: a short seed fills the key, so small seeds never share a key
    return np.concatenate([np.zeros(size - len(words), np.int64), words])


def create_rng_state(seed, alg) -> Tensor:
    """The state a Generator of algorithm `alg` seeded with `seed` starts from.

    Mirrors `tf.random.create_rng_state`:

    >>> tf.random.create_rng_state(1, "philox")
    <tf.Tensor: shape=(3,), dtype=int64, numpy=array([1, 0, 0])>
    """
    return constant(_state_from_seed(seed, _alg_number(alg)))


def _as_state(value, alg: int) -> Tensor:
    """A state argument as int64, checked against the algorithm's state size."""
    if isinstance(value, (list, tuple)):  # (big Python ints wrap to int64, as TF's uint64 words)
        value = [_ops.as_int64_words(int(w), 1)[0] for w in value]
    t = convert_to_tensor(value)
    if t.dtype is not dtypes.int64:
        t = _array.cast(t, dtypes.int64)
    _check_size(t.shape.as_list(), _ops.state_size(alg))
    return t


def _check_size(shape: list, size: int) -> None:
    if shape != [size]:
        raise ValueError(f"Shapes ({', '.join(map(str, shape))},) and [{size}] are incompatible")


class Generator:
    """Draws random numbers from a state held in a `tf.Variable`. Mirrors `tf.random.Generator`.

    >>> g = tf.random.Generator.from_seed(1)
    >>> a = g.normal([])
    >>> g.reset_from_seed(1)
    >>> bool(g.normal([]) == a)    # the same seed, the same numbers
    True
    """

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:  # TF: a new variable holding the other's state
            if state is not None or alg is not None:
                raise ValueError("When `copy_from` is given, `state` and `alg` must be None.")
            self._alg = copy_from.algorithm
            state = copy_from.state.read_value()
        else:
            if state is None or alg is None:  # (TF asserts this)
                raise AssertionError("Generator needs `state` and `alg` (or `copy_from`); "
                                     "use Generator.from_seed(seed) to start from a seed.")
            self._alg = _alg_number(alg)
            state = _as_state(state, self._alg)
        self._state_var = Variable(state, trainable=False, name="StateVar")
        # TF: made in a tf.distribute scope, it gives each replica its own stream (ReplicaKey)
        self._per_replica = _distribute_context.has_strategy()

    # -- making one ----------------------------------------------------------------------------
    @classmethod
    def from_state(cls, state, alg) -> "Generator":
        """A Generator starting from `state` (int64 words: Philox's are [counter0, counter1, key])."""
        return cls(state=state, alg=alg)

    @classmethod
    def from_seed(cls, seed, alg=None) -> "Generator":
        """A Generator whose state is made from `seed` (`create_rng_state`); alg: Philox."""
        alg = Algorithm.PHILOX.value if alg is None else _alg_number(alg)
        return cls(state=_state_from_seed(seed, alg), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None) -> "Generator":
        """A Generator with a state from the operating system's entropy: new numbers every run."""
        alg = Algorithm.PHILOX.value if alg is None else _alg_number(alg)
        words = np.random.SeedSequence().generate_state(_ops.state_size(alg), np.uint64)
        return cls(state=words.view(np.int64), alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg) -> "Generator":
        """A Generator from a key (one int64) and a counter (two for Philox, one for ThreeFry)."""
        alg = _alg_number(alg)
        return cls(state=_key_counter_state(key, counter, alg), alg=alg)

    # -- what it is ----------------------------------------------------------------------------
    @property
    def state(self) -> Variable:
        """The state variable (int64; shape [3] for Philox)."""
        return self._state_var

    @property
    def algorithm(self) -> int:
        """The algorithm's number: 1 Philox, 2 ThreeFry (see `tf.random.Algorithm`)."""
        return self._alg

    @property
    def key(self) -> Tensor:
        """The key word of the state: it stays put while the counter moves on."""
        return self._state_var[_ops.counter_size(self._alg)]

    def _checkpoint_children(self) -> list:
        # a tf.train.Checkpoint saves the state as "<name>/_state_var", as TF names it
        return [("_state_var", self._state_var)]

    # -- setting the state ------------------------------------------------------------------------
    def reset(self, state) -> None:
        """Replaces the state (an assignment op, so it works in tf.function too)."""
        self._state_var.assign(_as_state(state, self._alg))

    def reset_from_seed(self, seed) -> None:
        """Restarts from `seed`: the numbers drawn next repeat those after `from_seed(seed)`."""
        self.reset(_state_from_seed(seed, self._alg))

    def reset_from_key_counter(self, key, counter) -> None:
        self.reset(_key_counter_state(key, counter, self._alg))

    def skip(self, delta) -> Tensor:
        """Moves the state on as `delta` numbers drawn would; returns the state before."""
        delta = convert_to_tensor(delta, dtype=dtypes.int64)
        alg = constant(self._alg, dtype=dtypes.int32)
        return execute(_ops.RNG_READ_AND_SKIP, (self._state_var, alg, delta))

    def _key_counter(self, shape: Tensor) -> tuple:
        """Skips past the numbers a draw of `shape` takes; (key, counter, alg) to draw them."""
        old = self.skip(_array.cast(_reduce.reduce_prod(shape), dtypes.int64))
        n = _ops.counter_size(self._alg)
        alg = constant(self._alg, dtype=dtypes.int32)
        key = execute(REPLICA_KEY, (old[n:n + 1], alg)) if self._per_replica else old[n:n + 1]
        return key, old[:n], alg

    # -- drawing --------------------------------------------------------------------------------
    def _draw(self, op, shape, dtype, *bounds) -> Tensor:
        shape = _shape_tensor(shape, op.name)
        return execute(op, (shape, *self._key_counter(shape), *bounds), {"dtype": dtype})

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None) -> Tensor:
        """Normal draws; the state moves on. Mirrors `Generator.normal`.

        >>> tf.random.Generator.from_seed(1).normal([2, 3])
        """
        dtype = dtypes.as_dtype(dtype)
        mean = convert_to_tensor(mean, dtype=dtype)  # (an int dtype: TF's TypeError, here)
        stddev = convert_to_tensor(stddev, dtype=dtype)
        z = _array.cast(self._draw(_ops.NORMAL_V2, shape, _draw_type(dtype)), dtype)
        return _math.add(_math.multiply(z, stddev), mean)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32,
                         name=None) -> Tensor:
        """Normal draws within 2 standard deviations of the mean (others are drawn again)."""
        dtype = dtypes.as_dtype(dtype)
        mean = convert_to_tensor(mean, dtype=dtype)
        stddev = convert_to_tensor(stddev, dtype=dtype)
        z = _array.cast(self._draw(_ops.TRUNCATED_NORMAL_V2, shape, _draw_type(dtype)), dtype)
        return _math.add(_math.multiply(z, stddev), mean)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None) -> Tensor:
        """Uniform draws in [minval, maxval). Mirrors `Generator.uniform`.

        Floats default to [0, 1). Integer dtypes need both bounds, or neither
        (then any value of the dtype: `uniform_full_int`), as in TF.
        """
        dtype = dtypes.as_dtype(dtype)
        if dtype.is_integer and (minval is None) != (maxval is None):
            raise ValueError(f"For integer dtype {dtype}, minval and maxval must be both `None` "
                             f"or both non-`None`; got minval={minval} and maxval={maxval}")
        if maxval is None and dtype.is_integer:
            return self.uniform_full_int(shape, dtype=dtype)
        if dtype.is_integer:
            _check_int_draw(dtype, "StatelessRandomUniformIntV2", cpu={dtypes.int32, dtypes.int64})
        minval = convert_to_tensor(minval, dtype=dtype)
        maxval = convert_to_tensor(1 if maxval is None else maxval, dtype=dtype)
        if dtype.is_integer:
            return self._draw(_ops.UNIFORM_INT_V2, shape, np.dtype(dtype.as_numpy_dtype),
                              minval, maxval)
        # (float16 is drawn as float16: TF makes it from 10 random bits)
        draw_type = np.dtype(np.float16) if dtype is dtypes.float16 else _draw_type(dtype)
        u = _array.cast(self._draw(_ops.UNIFORM_V2, shape, draw_type), dtype)
        return _math.add(_math.multiply(u, _math.subtract(maxval, minval)), minval)

    def uniform_full_int(self, shape, dtype="uint64", name=None) -> Tensor:
        """Integers spread over every value of `dtype`: int32, int64, uint32 or uint64 (the
        default), every bit of the Philox words as it is.

        >>> tf.random.Generator.from_seed(7).uniform_full_int([2], tf.uint32)
        """
        dtype = dtypes.as_dtype(dtype)
        _check_int_draw(dtype, "StatelessRandomUniformFullIntV2", cpu=_FULL_INT)
        return self._draw(_ops.UNIFORM_FULL_INT_V2, shape, np.dtype(dtype.as_numpy_dtype))

    def binomial(self, shape, counts, probs, dtype=dtypes.int32, name=None) -> Tensor:
        """How many of `counts` trials succeed, each with probability `probs`."""
        dtype = dtypes.as_dtype(dtype)
        counts, probs = convert_to_tensor(counts), convert_to_tensor(probs)
        return execute(_ops.STATEFUL_BINOMIAL,
                       (self._state_var, constant(self._alg, dtype=dtypes.int64),
                        _shape_tensor(shape, "StatefulRandomBinomial"), counts, probs),
                       {"dtype": np.dtype(dtype.as_numpy_dtype)})

    # -- new seeds and generators -----------------------------------------------------------------
    def make_seeds(self, count=1) -> Tensor:
        """`count` seeds for stateless ops: an int64 tensor [2, count], one seed per column."""
        keys = self.uniform_full_int([count], dtype=dtypes.int64)
        return _array.stack([keys, _array.zeros_like(keys)])  # (the two halves are mixed anyway)

    def split(self, count=1) -> list:
        """`count` new Generators, independent of this one and of each other.

        Each gets a key drawn from this generator (whose state moves on) and a
        zero counter, as in TF.
        """
        keys = self.uniform_full_int([count], dtype=dtypes.int64)
        zeros = [0] * _ops.counter_size(self._alg)
        return [Generator.from_key_counter(keys[i], zeros, self._alg) for i in range(count)]


# TF: the integer draws' ops allow these four dtypes; bounded draws have CPU kernels for the
# signed two only (uint32 with bounds is a NotFoundError), full-range draws for all four.
_FULL_INT = frozenset({dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64})


def _check_int_draw(dtype: dtypes.DType, op: str, cpu) -> None:
    """TF's error for an integer draw of `dtype` by `op` whose CPU kernels take `cpu` dtypes."""
    if dtype not in _FULL_INT:
        raise invalid_argument(op, f"Value for attr 'dtype' of {dtypes.kernel_name(dtype._np)} "
                                   "is not in the list of allowed values: int32, int64, uint32, "
                                   "uint64")
    if dtype not in cpu:
        raise no_kernel(op, {"Tshape": dtypes.int32, "dtype": dtype})


def _key_counter_state(key, counter, alg: int) -> np.ndarray:
    # (each word on its own: NumPy would make floats of [2**64 - 1, 0], losing the low bits)
    counter = [counter] if not np.ndim(counter) else \
        [w for w in np.asarray(counter, dtype=object).reshape(-1)]
    _check_size([len(counter)], _ops.counter_size(alg))
    words = [int(w) for w in counter] + [int(np.asarray(key).reshape(-1)[0])]
    return np.array([_ops.as_int64_words(w, 1)[0] for w in words], dtype=np.int64)


def _draw_type(dtype) -> np.dtype:
    """Floats are drawn in float64 for float64 tensors, else in float32 (then cast)."""
    if not dtype.is_floating:
        raise ValueError(f"Invalid dtype {dtype!r}: expected a floating point dtype")
    return np.dtype(np.float64 if dtype is dtypes.float64 else np.float32)


def _shape_tensor(shape, op: str) -> Tensor:
    """The shape as an int tensor: a tensor stays as it is, else TF's checks (attr `Tshape`)."""
    if isinstance(shape, Tensor) and shape.dtype in (dtypes.int32, dtypes.int64):
        return shape
    return constant(tuple(int(d) for d in int_argument(shape, op, "Tshape").reshape(-1)),
                    dtype=dtypes.int32)


# -- the global generator -------------------------------------------------------------------------
_global_generator = None


def get_global_generator() -> Generator:
    """The program's shared Generator, made from a non-deterministic state on first use.

    Mirrors `tf.random.get_global_generator`. `tf.random.set_seed` does not
    reseed it (as in TF): make your own with `Generator.from_seed` for
    reproducible numbers, or install one with `set_global_generator`.
    """
    global _global_generator
    if _global_generator is None:
        with init_scope():  # (inside tf.function too, the variable is made eagerly, once)
            _global_generator = Generator.from_non_deterministic_state()
    return _global_generator


def set_global_generator(generator) -> None:
    """Makes `generator` the global one. Mirrors `tf.random.set_global_generator`.

    A tf.function traced with the old global generator keeps using the old one.
    """
    global _global_generator
    _global_generator = generator
