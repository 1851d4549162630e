"""The kernels made cheaper for `fit` on small models keep their rules, bit for bit.

SelectV2 (tf.where) picks elements without computing with them; Elu is x for
x > 0 and e^x - 1 otherwise, its gradient dy or dy * (elu(x) + 1); Pack
(tf.stack) is NumPy's stack; Dataset.batch checks every component's shapes;
shuffle hands out a uniform pick of its buffer, one Generator draw per element.
(benchmarks/small_fit.py measures their speed; tests/differential/
test_against_tensorflow_small_fit.py compares them with TF.)
"""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf
from course.engine.errors import InvalidArgumentError

_SPECIAL = [np.nan, -0.0, 0.0, np.inf, -np.inf, 1e-45, -1e-45, 3.0, -3.0]
_DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.float16, np.int32, np.float32, np.int64,
           np.float64, np.complex64, np.complex128]


def _bits(a: np.ndarray) -> bytes:
    return np.ascontiguousarray(a).tobytes()


@pytest.mark.parametrize("dtype", _DTYPES)
def test_where_picks_the_bits_np_where_picks_for_every_dtype(dtype):
    rng = np.random.default_rng(0)
    cond = rng.random((50, 40)) > 0.5
    x = (rng.normal(size=(50, 40)) * 100).astype(dtype)
    y = (rng.normal(size=(50, 40)) * 100).astype(dtype)
    out = tf.where(tf.constant(cond), tf.constant(x), tf.constant(y)).numpy()
    assert out.dtype == dtype and _bits(out) == _bits(np.where(cond, x, y))


def test_where_keeps_nan_payloads_signed_zeros_and_subnormals():
    x = np.array(_SPECIAL, np.float32)
    x[0] = np.frombuffer(np.uint32(0x7FC00123).tobytes(), np.float32)[0]  # a NaN with a payload
    y = x[::-1].copy()
    cond = np.array([True, False] * 4 + [True])
    out = tf.where(tf.constant(cond), tf.constant(x), tf.constant(y)).numpy()
    assert _bits(out) == _bits(np.where(cond, x, y))


def test_where_broadcasts_condition_x_and_y_and_returns_scalars_for_rank_0():
    cond = np.array([[True], [False], [True]])
    out = tf.where(tf.constant(cond), tf.constant([[1.0, 2.0, 3.0, 4.0]]), -1.0)
    np.testing.assert_array_equal(out.numpy(), np.where(cond, [[1.0, 2.0, 3.0, 4.0]], -1.0))
    scalar = tf.where(tf.constant(False), tf.constant(1), tf.constant(2))
    assert scalar.shape == () and int(scalar) == 2
    words = tf.where(tf.constant([True, False]), tf.constant(["a", "bb"]), tf.constant(["c", "d"]))
    assert words.numpy().tolist() == [b"a", b"d"]


@pytest.mark.parametrize("dtype", _DTYPES)
def test_where_takes_its_shape_from_a_condition_larger_than_x_and_y(dtype):
    """tf.where broadcasts all three: a [2, 3, 4] condition over a [4] x and a scalar y
    gives [2, 3, 4], with np.where's bits (the kernel's output is the broadcast shape)."""
    rng = np.random.default_rng(3)
    cond = rng.random((2, 3, 4)) > 0.5
    x = (rng.normal(size=4) * 100).astype(dtype)
    y = np.asarray(rng.normal() * 100).astype(dtype)
    out = tf.where(tf.constant(cond), tf.constant(x), tf.constant(y)).numpy()
    assert out.shape == (2, 3, 4) and _bits(out) == _bits(np.where(cond, x, y))


def test_where_of_a_scalar_condition_over_arrays_and_in_a_tf_function():
    """A rank-0 condition picks a whole branch; traced, the same bits as eagerly."""
    x = np.array([np.nan, -0.0, 1e-45, 2.0], np.float32)
    y = np.array([1.0, 0.0, -1e-45, -np.inf], np.float32)
    pick = tf.function(lambda c, a, b: tf.where(c, a, b))
    for cond in (True, False):
        eager = tf.where(tf.constant(cond), tf.constant(x), tf.constant(y)).numpy()
        traced = pick(tf.constant(cond), tf.constant(x), tf.constant(y)).numpy()
        assert _bits(eager) == _bits(traced) == _bits(x if cond else y)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_elu_is_x_above_zero_and_expm1_below_bit_for_bit(dtype):
    rng = np.random.default_rng(1)
    x = np.concatenate([rng.normal(size=2000) * s for s in (1e-3, 1.0, 30.0)] + [_SPECIAL])
    x = x.astype(dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        expected = np.where(x > 0, x, np.expm1(np.minimum(x, 0))).astype(dtype)
    assert _bits(tf.nn.elu(tf.constant(x)).numpy()) == _bits(expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_elu_gradient_is_dy_above_zero_and_dy_times_elu_plus_one_below(dtype):
    rng = np.random.default_rng(2)
    x = np.concatenate([rng.normal(size=1000) * 3, [0.0, -0.0, np.inf, -np.inf, 50.0, -50.0]])
    x, dy = x.astype(dtype), rng.normal(size=x.size).astype(dtype)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = tf.nn.elu(xt)
    grad = tape.gradient(y, xt, output_gradients=tf.constant(dy)).numpy()
    expected = np.where(x > 0, dy, dy * (y.numpy() + dtype(1)))
    assert _bits(grad) == _bits(expected)


def test_elu_gradient_is_the_same_traced_and_eager():
    x = tf.constant(np.linspace(-3, 3, 61, dtype=np.float32))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.nn.elu(x) ** 2)
        return tape.gradient(y, x)
    assert _bits(grad(x).numpy()) == _bits(tf.function(grad)(x).numpy())


@pytest.mark.parametrize("dtype", _DTYPES)
def test_stack_of_many_scalars_and_vectors_is_numpys_stack(dtype):
    rng = np.random.default_rng(3)
    scalars = [np.array(rng.normal() * 10).astype(dtype)[()] for _ in range(300)]
    vectors = [(rng.normal(size=3) * 10).astype(dtype) for _ in range(300)]
    for values, axis in [(scalars, 0), (vectors, 0), (vectors, 1), (vectors, -1)]:
        out = tf.stack([tf.constant(v) for v in values], axis=axis).numpy()
        assert out.dtype == dtype and _bits(out) == _bits(np.stack(values, axis=axis))


def test_stack_of_strings_keeps_every_string_whole():
    out = tf.stack([tf.constant("a"), tf.constant("a much longer string")])
    assert out.numpy().tolist() == [b"a", b"a much longer string"]


def test_batch_names_the_component_and_element_whose_shape_differs():
    ds = tf.data.Dataset.range(4).map(lambda i: (i, tf.fill([tf.minimum(i, 2) + 1], i)))
    with pytest.raises(InvalidArgumentError, match=r"component 1\. First element had shape "
                                                   r"\[1\] and element 1 had shape \[2\]"):
        list(ds.batch(3))


def test_batch_of_dicts_and_tuples_keeps_the_structure():
    ds = tf.data.Dataset.from_tensor_slices({"b": np.arange(5.0), "a": (np.arange(5), np.ones(5))})
    first = next(iter(ds.batch(2)))
    assert list(first) == ["b", "a"] and isinstance(first["a"], tuple)
    np.testing.assert_array_equal(first["a"][0].numpy(), [0, 1])
    np.testing.assert_array_equal(first["b"].numpy(), [0.0, 1.0])


# Known answers from TF 2.21 (tf.data.Dataset.range(n).shuffle(...) printed there): TF draws
# Philox words seeded by get_seed (87654321 and the op seed when only seed= is given).
@pytest.mark.parametrize("n, buffer, kwargs, passes", [
    (10, 4, {"seed": 42}, [[1, 4, 2, 3, 5, 0, 6, 8, 7, 9], [3, 4, 2, 0, 1, 8, 5, 7, 9, 6]]),
    (10, 4, {"seed": 42, "reshuffle_each_iteration": False},
     [[0, 1, 3, 4, 5, 2, 6, 9, 7, 8], [0, 1, 3, 4, 5, 2, 6, 9, 7, 8]]),
    (20, 100, {"seed": 7}, [[12, 5, 8, 2, 9, 18, 10, 4, 0, 14, 3, 1, 15, 17, 19, 7, 16, 13, 6,
                             11]]),
])
def test_shuffle_gives_tf_orders_pass_after_pass(n, buffer, kwargs, passes):
    tf.random.set_seed(None)  # (no global seed, as in those TF runs: another test may set one)
    ds = tf.data.Dataset.range(n).shuffle(buffer, **kwargs)
    assert [[int(v) for v in ds] for _ in passes] == passes


def test_shuffle_with_a_buffer_of_one_changes_nothing_and_any_buffer_permutes():
    assert [int(v) for v in tf.data.Dataset.range(7).shuffle(1, seed=3)] == list(range(7))
    assert sorted(int(v) for v in tf.data.Dataset.range(50).shuffle(7, seed=3)) == list(range(50))


