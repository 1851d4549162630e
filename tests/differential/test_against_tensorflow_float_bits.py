"""TF's exact float32 bits for exp and softmax (eigen_math.py, onednn_math.py), against TF 2.21.

Every element is compared bit for bit (nan with nan), not within a tolerance:
TF's CPU results are deterministic, and the engine computes them with the
same recipe in the same order. Inputs: millions of random values, and the
edges: +-0, subnormals, +-inf, nan, the clamp limits, huge magnitudes; sizes
that leave every possible number of elements after the last packet of 8.
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import eng, real_tf

RNG = np.random.default_rng(20261207)
F32 = np.float32
EDGES = F32([0.0, -0.0, 1e-45, -1e-45, 1e-40, -1e-40, 1.1754944e-38, np.inf, -np.inf, np.nan,
             1.0, -1.0, 88.72, 88.7228, 88.72283, 88.72284, 88.723, 88.7231, 89.0, 100.0,
             -87.0, -87.33654, -87.33655, -87.5, -100.0, -103.97, -103.98, -104.0, -104.1,
             1e-8, -1e-8, 3e38, -3e38, 1e30, -1e30])


def _same_bits(fn, *args) -> None:
    """fn(tf, *args) on both libraries: the same dtype, shape and float32 bits (nan as nan)."""
    ours = np.asarray(fn(eng, *args).numpy())
    theirs = np.asarray(fn(real_tf, *args).numpy())
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    nan = np.isnan(theirs)
    np.testing.assert_array_equal(np.isnan(ours), nan)
    differ = ours[~nan].view(np.uint32) != theirs[~nan].view(np.uint32)
    assert not differ.any(), (f"{differ.sum()} of {differ.size} differ, e.g. inputs "
                              f"{args[0].reshape(-1)[~nan.reshape(-1)][differ][:5] if args else ''}: "
                              f"ours {ours[~nan][differ][:5]}, TF {theirs[~nan][differ][:5]}")


def _avx512() -> bool:
    try:
        with open("/proc/cpuinfo") as f:
            return " avx512f " in f.read().replace("\n", " ")
    except OSError:
        return False


AVX512 = _avx512()


def _softmax_bits(fn, x) -> None:
    """TF's softmax is oneDNN's kernel, compiled for the CPU it runs on; the engine reproduces
    the AVX-512 one (16 lanes). There: the same bits. On a CPU without AVX-512 oneDNN sums in
    another order, so TF's own bits move: within 4 units in the last place (never skipped)."""
    if AVX512:
        _same_bits(fn, x)
        return
    ours, theirs = np.asarray(fn(eng, x).numpy()), np.asarray(fn(real_tf, x).numpy())
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    finite = ~np.isnan(theirs)
    ulps = np.abs(ours[finite].view(np.int32).astype(np.int64) - theirs[finite].view(np.int32))
    assert ulps.max(initial=0) <= 4, f"up to {ulps.max()} ulp from TF's softmax"


# -- exp: Eigen's packet recipe on whole packets of 8, glibc's expf after them ------------------
def test_exp_two_million_values_bit_for_bit():
    """Uniform over exp's whole float32 range and over [-20, 20], as TF's CPU kernel."""
    x = np.concatenate([RNG.uniform(-104, 89, 1_000_000),
                        RNG.uniform(-20, 20, 1_000_000)]).astype(F32)
    _same_bits(lambda tf, v: tf.exp(v), x)


def test_exp_tiny_arguments_bit_for_bit():
    """Near 0 (e**x = 1 + x + ...): the rounding of the last bit is hardest here."""
    x = np.concatenate([RNG.uniform(-1e-3, 1e-3, 200_000),
                        RNG.uniform(-1e-6, 1e-6, 100_000)]).astype(F32)
    _same_bits(lambda tf, v: tf.exp(v), x)


@pytest.mark.parametrize("size", list(range(1, 18)) + [1001, 4099])
def test_exp_every_tail_length(size):
    """The last size % 8 elements go to glibc's expf, the rest to Eigen's recipe."""
    x = RNG.uniform(-30, 30, size).astype(F32)
    _same_bits(lambda tf, v: tf.exp(v), x)


@pytest.mark.parametrize("spread", [1, 3, 8])
def test_exp_edges_bit_for_bit(spread):
    """+-0, subnormals (flushed), +-inf, nan, the clamp limits, over- and underflow,
    in packets (each value repeated 8 times) and in tails (each once)."""
    x = np.repeat(EDGES, spread)
    _same_bits(lambda tf, v: tf.exp(v), x)
    _same_bits(lambda tf, v: tf.exp(tf.constant(v).__getitem__(0)), x)  # a scalar: all tail


def test_exp_of_a_matrix_follows_the_flat_order():
    x = RNG.uniform(-10, 10, (13, 7)).astype(F32)
    _same_bits(lambda tf, v: tf.exp(v), x)
    _same_bits(lambda tf, v: tf.math.exp(tf.transpose(v)), x)


# -- softmax: oneDNN's exp, sum order and reciprocal -------------------------------------------
@pytest.mark.parametrize("classes", list(range(1, 35)) + [47, 48, 63, 64, 65, 100, 127, 1000, 5000,
                                                          20000])
def test_softmax_rows_of_every_length(classes):
    """Row lengths across chunks of 16 and groups of four chunks (oneDNN's accumulators)."""
    x = (RNG.standard_normal((7, classes)) * RNG.uniform(0.1, 40)).astype(F32)
    _softmax_bits(lambda tf, v: tf.nn.softmax(v), x)


def test_softmax_many_rows_and_underflow():
    """Logits spread over 200: many exps below FLT_MIN (0 in TF: flushed)."""
    x = (RNG.standard_normal((20_000, 10)) * 30).astype(F32)
    _softmax_bits(lambda tf, v: tf.nn.softmax(v), x)


@pytest.mark.parametrize("shape, axis", [((10,), -1), ((2, 3, 5), -1), ((2, 3, 4, 5), -1),
                                         ((2, 2, 2, 2, 9), -1), ((3, 4, 6), 1), ((5, 6), 0)])
def test_softmax_ranks_and_axes(shape, axis):
    x = (RNG.standard_normal(shape) * 5).astype(F32)
    _softmax_bits(lambda tf, v: tf.nn.softmax(v, axis=axis), x)


def test_softmax_edges():
    """Rows with +-inf, nan, huge and tiny logits: nan where TF has nan, the same bits elsewhere."""
    x = F32([[0, -0.0, 1e-45, -1e-40, 5], [np.inf, 1, 2, 3, 4], [-np.inf, 1, 2, 3, 4],
             [np.nan, 1, 2, 3, 4], [-np.inf] * 5, [1e30, -1e30, 0, 1, 2], [88, -88, 87, -87, 0],
             [3e38, -3e38, 0, 1, 1], [1, 2, np.nan, np.inf, 3], [-87.5, 0, -86.9, -86.5, -90]])
    _softmax_bits(lambda tf, v: tf.nn.softmax(v), x)


def test_softmax_in_a_function_and_in_keras_layers():
    """The same kernel under tf.function, keras.activations.softmax, the Softmax and
    Activation layers and a functional model's predict."""
    x = (RNG.standard_normal((64, 10)) * 4).astype(F32)
    _softmax_bits(lambda tf, v: tf.function(lambda t: tf.nn.softmax(t))(v), x)
    _softmax_bits(lambda tf, v: tf.keras.activations.softmax(tf.constant(v)), x)
    _softmax_bits(lambda tf, v: tf.keras.layers.Softmax()(v), x)
    _softmax_bits(lambda tf, v: tf.keras.layers.Activation("softmax")(v), x)

    def predict(tf, v):
        inputs = tf.keras.Input((10,))
        model = tf.keras.Model(inputs, tf.keras.layers.Activation("softmax")(inputs))
        return tf.constant(model.predict(v, verbose=0))
    _softmax_bits(predict, x)


# -- sigmoid, tanh: Eigen's logistic function (glibc's expf in the tail), rational tanh --------
# (elu keeps NumPy's expm1, for speed: its last bit is not compared)
UNARY = ["sigmoid", "tanh"]


@pytest.mark.parametrize("op", UNARY)
def test_sigmoid_and_tanh_bit_for_bit(op):
    """1.3 million values: over [-20, 20], down to -120 (sigmoid's zeros), and near 0."""
    x = np.concatenate([RNG.uniform(-20, 20, 1_000_000), RNG.uniform(-120, 20, 200_000),
                        RNG.uniform(-1e-3, 1e-3, 100_000)]).astype(F32)
    _same_bits(lambda tf, v: getattr(tf.nn, op)(v), x)


@pytest.mark.parametrize("op", UNARY)
@pytest.mark.parametrize("size", list(range(1, 18)))
def test_sigmoid_and_tanh_every_tail_length(op, size):
    x = RNG.uniform(-20, 20, size).astype(F32)
    _same_bits(lambda tf, v: getattr(tf.nn, op)(v), x)


@pytest.mark.parametrize("op", UNARY)
@pytest.mark.parametrize("spread", [1, 8])
def test_sigmoid_and_tanh_edges(op, spread):
    """+-0, subnormals (signed zeros out), +-inf, nan, the clamps (tanh 7.907, sigmoid 16.64),
    sigmoid's -104 and the flush of exp(x) below FLT_MIN."""
    x = np.repeat(np.concatenate([EDGES, F32([7.9, 7.907389, 7.9073896, 7.91, -7.91, 8.1, 16.6,
                                                16.635532, 16.7, -86.9, -87.4, -88.0])]), spread)
    _same_bits(lambda tf, v: getattr(tf.nn, op)(v), x)


@pytest.mark.parametrize("op", UNARY)
def test_sigmoid_and_tanh_in_a_function_and_in_keras_layers(op):
    x = (RNG.standard_normal((64, 10)) * 4).astype(F32)
    _same_bits(lambda tf, v: tf.function(lambda t: getattr(tf.nn, op)(t))(v), x)
    _same_bits(lambda tf, v: getattr(tf.keras.activations, op)(tf.constant(v)), x)
    _same_bits(lambda tf, v: tf.keras.layers.Activation(op)(v), x)


# -- log: Eigen's rational recipe in packets, glibc's logf after them ----------------------------
def test_log_1_3_million_values_bit_for_bit():
    """(1e-3, 20), as the brief measured, and every binade from 1e-38 to 3e38."""
    x = np.concatenate([RNG.uniform(1e-3, 20, 1_000_000),
                        np.exp(RNG.uniform(-87, 88, 300_000))]).astype(F32)
    _same_bits(lambda tf, v: tf.math.log(v), x)


@pytest.mark.parametrize("size", list(range(1, 18)))
def test_log_every_tail_length(size):
    x = RNG.uniform(1e-3, 100, size).astype(F32)
    _same_bits(lambda tf, v: tf.math.log(v), x)


@pytest.mark.parametrize("before", [0, 7, 8])
def test_log_edges_in_packets_and_tails(before):
    """+-0 -> -inf, inf, negatives and nan -> nan; subnormals: -inf in a packet, and in the tail
    glibc's flushed scaling: -103.97208 (positive), nan (negative). Each edge after `before`
    ordinary values (7: it is the 8th, in a packet; 0 or 8: alone after them, in the tail)."""
    for value in np.concatenate([EDGES, F32([1.1754944e-38, 1.17e-38])]):
        x = np.concatenate([np.full(before, 2.0, F32), [value]])
        _same_bits(lambda tf, v: tf.math.log(v), x)
    _same_bits(lambda tf, v: tf.math.log(v), np.repeat(EDGES, 8))


@pytest.mark.parametrize("op", ["exp", "sigmoid", "tanh"])
@pytest.mark.parametrize("before", [0, 7, 8])
def test_each_edge_in_a_packet_and_in_the_tail(op, before):
    """Each edge after `before` ordinary values: the 8th (a packet) or alone in the tail."""
    fn = (lambda tf, v: tf.exp(v)) if op == "exp" else (lambda tf, v: getattr(tf.nn, op)(v))
    for value in EDGES:
        _same_bits(fn, np.concatenate([np.full(before, 0.5, F32), [value]]))


# -- log_softmax: TF's Eigen kernel (exp inside the row reduction, Eigen's sum order, log) ------
@pytest.mark.parametrize("classes", list(range(1, 35)) + [63, 64, 65, 100, 1000, 8192, 8193, 9000,
                                                          20000])
def test_log_softmax_rows_of_every_length(classes):
    """Row lengths across packets of 8, blocks of 32 (four accumulators) and Eigen's tree
    (rows over 8192); 7 rows, so that the logs of the sums have a tail too."""
    x = (RNG.standard_normal((7, classes)) * RNG.uniform(0.1, 40)).astype(F32)
    _same_bits(lambda tf, v: tf.nn.log_softmax(v), x)


@pytest.mark.parametrize("shape, axis", [((10,), -1), ((1003, 10), -1), ((2, 3, 5), -1),
                                         ((3, 4, 6), 1), ((5, 6), 0)])
def test_log_softmax_shapes_and_axes(shape, axis):
    x = (RNG.standard_normal(shape) * 5).astype(F32)
    _same_bits(lambda tf, v: tf.nn.log_softmax(v, axis=axis), x)


def test_log_softmax_edges_and_in_a_function():
    x = F32([[0, -0.0, 1e-45, -1e-40, 5], [np.inf, 1, 2, 3, 4], [-np.inf, 1, 2, 3, 4],
             [np.nan, 1, 2, 3, 4], [-np.inf] * 5, [1e30, -1e30, 0, 1, 2], [88, -88, 87, -87, 0],
             [3e38, -3e38, 0, 1, 1], [1, 2, np.nan, np.inf, 3], [-87.5, 0, -86.9, -86.5, -90]])
    _same_bits(lambda tf, v: tf.nn.log_softmax(v), x)
    y = (RNG.standard_normal((64, 10)) * 4).astype(F32)
    _same_bits(lambda tf, v: tf.function(lambda t: tf.nn.log_softmax(t))(v), y)
