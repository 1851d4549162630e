"""Optimizers against Keras 3's update rules, computed independently with plain NumPy.

Each rule is written out here from keras/src/optimizers/*.py (Keras 3.x) and
compared after one and three steps on fixed gradients.
"""
import numpy as np
import pytest

import course.engine as tf
from course.engine.keras import optimizers

W0 = np.array([[0.5, -1.0], [2.0, 0.25]], np.float32)
GRADS = [np.array([[1.0, -2.0], [0.5, 0.0]], np.float32),
         np.array([[0.3, 0.1], [-1.5, 2.0]], np.float32),
         np.array([[-0.7, 0.9], [0.2, -0.1]], np.float32)]


def run(opt, steps):
    w = tf.Variable(W0.copy())
    for g in GRADS[:steps]:
        opt.apply_gradients([(tf.constant(g), w)])
    return w.numpy()


def adam_ref(steps, lr=1e-3, b1=0.9, b2=0.999, eps=1e-7):
    w, m, v = W0.astype(np.float64), np.zeros((2, 2)), np.zeros((2, 2))
    for t, g in enumerate(GRADS[:steps], start=1):
        m = m + (g - m) * (1 - b1)
        v = v + (g ** 2 - v) * (1 - b2)
        alpha = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        w = w - (m * alpha) / (np.sqrt(v) + eps)  # Keras: epsilon-hat, after sqrt(v)
    return w


def sgd_ref(steps, lr=0.01, momentum=0.0, nesterov=False):
    w, m = W0.astype(np.float64), np.zeros((2, 2))
    for g in GRADS[:steps]:
        if momentum == 0:
            w = w - lr * g
            continue
        m = m * momentum - g * lr
        w = w + (m * momentum - g * lr if nesterov else m)
    return w


def rmsprop_ref(steps, lr=1e-3, rho=0.9, momentum=0.0, eps=1e-7):
    w, vel, mom = W0.astype(np.float64), np.zeros((2, 2)), np.zeros((2, 2))
    for g in GRADS[:steps]:
        vel = rho * vel + (1 - rho) * g ** 2
        inc = lr * g / np.sqrt(vel + eps)
        if momentum > 0:
            mom = momentum * mom + inc
            w = w - mom
        else:
            w = w - inc
    return w


def adagrad_ref(steps, lr=1e-3, init=0.1, eps=1e-7):
    w, acc = W0.astype(np.float64), np.full((2, 2), init)
    for g in GRADS[:steps]:
        acc = acc + g ** 2
        w = w - lr * g / np.sqrt(acc + eps)
    return w


CASES = [
    ("adam", lambda: tf.keras.optimizers.Adam(), adam_ref, {}),
    ("adam_lr", lambda: tf.keras.optimizers.Adam(0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-3),
     adam_ref, dict(lr=0.01, b1=0.8, b2=0.99, eps=1e-3)),
    ("sgd", lambda: tf.keras.optimizers.SGD(), sgd_ref, {}),
    ("sgd_momentum", lambda: tf.keras.optimizers.SGD(0.1, momentum=0.9), sgd_ref,
     dict(lr=0.1, momentum=0.9)),
    ("sgd_nesterov", lambda: tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True), sgd_ref,
     dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("rmsprop", lambda: tf.keras.optimizers.RMSprop(), rmsprop_ref, {}),
    ("rmsprop_momentum", lambda: tf.keras.optimizers.RMSprop(0.01, momentum=0.5), rmsprop_ref,
     dict(lr=0.01, momentum=0.5)),
    ("adagrad", lambda: tf.keras.optimizers.Adagrad(), adagrad_ref, {}),
]


@pytest.mark.parametrize("steps", [1, 3])
@pytest.mark.parametrize("name,make,ref,kw", CASES, ids=[c[0] for c in CASES])
def test_matches_keras_formula(name, make, ref, kw, steps):
    np.testing.assert_allclose(run(make(), steps), ref(steps, **kw), rtol=2e-6, atol=1e-7)


def test_adam_first_step_moves_by_the_learning_rate_within_a_few_ppm():
    """Keras's epsilon-hat form: step 1 moves w by lr * sqrt(v)/(sqrt(v) + eps), v = 0.001 g^2."""
    w = tf.Variable([0.0])
    tf.keras.optimizers.Adam().apply_gradients([(tf.constant([1.0]), w)])
    # m = 0.1, v = 0.001, alpha = 1e-3 * sqrt(0.001) / 0.1
    step = 0.1 * (1e-3 * np.sqrt(0.001) / 0.1) / (np.sqrt(0.001) + 1e-7)
    assert step == pytest.approx(1e-3 * (1 - 3.1623e-6), rel=1e-9)  # 3.16 ppm short of lr
    # float32 arithmetic (as in Keras): 1 - float32(0.999) is 1.0000467e-3, hence ~1e-5 slack
    assert -w.numpy()[0] == pytest.approx(step, rel=2e-5)


def test_adam_updates_are_the_same_eagerly_and_in_tf_function():
    """One path: apply_gradients runs the same ResourceApplyAdam kernel eagerly and in a graph."""
    eager = tf.keras.optimizers.Adam(0.01)
    traced = tf.keras.optimizers.Adam(0.01)
    w = tf.Variable(W0.copy())
    step = tf.function(lambda g: traced.apply_gradients([(g, w)]))
    for g in GRADS[:3]:
        step(tf.constant(g))
    np.testing.assert_array_equal(w.numpy(), run(eager, 3))
    assert int(traced.iterations.numpy()) == 3


@pytest.mark.parametrize("make", [lambda: tf.keras.optimizers.Adam(),
                                  lambda: tf.keras.optimizers.SGD(0.1, momentum=0.9),
                                  lambda: tf.keras.optimizers.RMSprop()])
def test_slots_never_hold_subnormal_numbers(make):
    """A zero gradient makes moments decay geometrically; we flush them below float32's tiny."""
    opt = make()
    w = tf.Variable(np.ones(4, np.float32))
    opt.apply_gradients([(tf.constant(np.full(4, 1e-3, np.float32)), w)])
    for _ in range(1000):  # m -> 0.9 m per step: 1e-4 * 0.9**1000 is far below 1e-38
        opt.apply_gradients([(tf.constant(np.zeros(4, np.float32)), w)])
    tiny = np.finfo(np.float32).tiny
    for slot in opt.variables[2:]:
        values = np.abs(slot.numpy())
        assert not np.any((values > 0) & (values < tiny)), slot.name


def test_learning_rate_is_settable_and_iterations_count():
    opt = tf.keras.optimizers.SGD(learning_rate=0.5)
    w = tf.Variable([1.0])
    opt.apply_gradients([(tf.constant([1.0]), w)])
    opt.learning_rate = 0.25
    opt.apply_gradients([(tf.constant([1.0]), w)])
    assert w.numpy()[0] == pytest.approx(0.25)
    assert int(opt.iterations.numpy()) == 2
    assert float(opt.learning_rate.numpy()) == 0.25


def test_inplace_update_keeps_earlier_reads_immutable():
    """The fast path updates weights in place, but never under a tensor someone holds."""
    w = tf.Variable(np.ones(3, np.float32))
    before = w.read_value()
    opt = tf.keras.optimizers.Adam(0.1)
    opt.apply_gradients([(tf.constant(np.ones(3, np.float32)), w)])
    np.testing.assert_array_equal(before.numpy(), np.ones(3, np.float32))
    assert not np.allclose(w.numpy(), 1.0)


def test_string_identifiers_and_unknown_name():
    assert isinstance(optimizers.get("adam"), tf.keras.optimizers.Adam)
    assert isinstance(optimizers.get("SGD"), tf.keras.optimizers.SGD)
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: 'adamx'.*adam"):
        optimizers.get("adamx")


def test_none_gradient_is_skipped_with_warning(caplog):
    a, b = tf.Variable([1.0]), tf.Variable([2.0])
    tf.keras.optimizers.SGD(0.1).apply_gradients([(tf.constant([1.0]), a), (None, b)])
    assert a.numpy()[0] == pytest.approx(0.9) and b.numpy()[0] == 2.0
    assert "Gradients do not exist" in caplog.text


# Recorded from real TensorFlow 2.21 + Keras 3.15 (apply_gradients with W0 and GRADS above,
# three steps); the engine's float32 arithmetic reproduces them bit for bit.
KERAS_3_15 = {
    "adam": (lambda: tf.keras.optimizers.Adam(),
             [0.49795109033584595, -0.9981845021247864, 1.9997930526733398, 0.24871328473091125]),
    "sgd_nesterov": (lambda: tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
                     [0.2078000158071518, -0.5103000402450562, 2.196549892425537,
                      -0.27299997210502625]),
    "rmsprop_momentum": (lambda: tf.keras.optimizers.RMSprop(0.01, momentum=0.5),
                         [0.4491947591304779, -0.9612831473350525, 1.9856868982315063,
                          0.2042302042245865]),
    "adagrad": (lambda: tf.keras.optimizers.Adagrad(),
                [0.49931156635284424, -0.9994673728942871, 1.9999619722366333,
                 0.24906159937381744]),
}


@pytest.mark.parametrize("name", sorted(KERAS_3_15))
def test_three_steps_equal_real_keras_bit_for_bit(name):
    make, expected = KERAS_3_15[name]
    np.testing.assert_array_equal(run(make(), 3).ravel(), np.array(expected, np.float32))


def test_adam_eager_steps_update_buffers_in_place():
    """No allocation per step: the same weight and slot arrays are updated with out=."""
    w = tf.Variable(np.ones(1000, np.float32))
    g = tf.constant(np.full(1000, 0.5, np.float32))
    opt = tf.keras.optimizers.Adam()
    opt.apply_gradients([(g, w)])
    ids = [id(w._value)] + [id(s._value) for s in opt.variables[2:]]
    opt.apply_gradients([(g, w)])
    assert [id(w._value)] + [id(s._value) for s in opt.variables[2:]] == ids
    assert not w._value.flags.writeable  # still immutable from the outside


def test_adam_flush_in_a_large_variable_keeps_zeros_and_matches_a_small_one(monkeypatch):
    """Rule (ops/training_ops.py): a slot value below float32's smallest normal becomes 0;
    zeros stay zeros; and every element gets the same operations, so a variable updated block
    by block equals a small one element by element, bit for bit.

    Four kinds of element: a gradient always 0 (slots stay +0.0), one +1e-3 or -1e-3 gradient
    then zeros (m decays to 1e-4 * 0.9**800 ~ 2e-41: subnormal unless flushed), and a gradient
    every step (all normal)."""
    from course.engine.ops import training_ops
    monkeypatch.setattr(training_ops, "_BLOCK", 1 << 14)  # (the default block is larger than n)
    n = 100_003  # several blocks and a partial last one
    kind = np.arange(n) % 4
    first = np.select([kind == 1, kind == 2, kind == 3], [1e-3, -1e-3, 2e-3]).astype(np.float32)
    later = np.where(kind == 3, np.float32(-5e-4), np.float32(0))
    w = np.array([0.5, -1.0, 2.0, 0.25], np.float32)[kind]

    def train(w0, g0, g1):
        opt, var = tf.keras.optimizers.Adam(), tf.Variable(w0)
        step = tf.function(lambda g: opt.apply_gradients([(g, var)]))
        step(tf.constant(g0))
        for _ in range(800):
            step(tf.constant(g1))
        return [var.numpy()] + [s.numpy() for s in opt.variables[2:]]

    big = train(w, first, later)
    small = train(w[:4], first[:4], later[:4])
    tiny = np.finfo(np.float32).tiny
    for b, s in zip(big, small):
        for k in range(4):  # element k of the small variable = every element of kind k
            np.testing.assert_array_equal(b[kind == k].view(np.uint32),
                                          np.full((kind == k).sum(), s[k]).view(np.uint32))
        assert not np.any((np.abs(b) > 0) & (np.abs(b) < tiny))
    m, v = big[1], big[2]
    assert np.all(m[kind == 0] == 0) and not np.any(np.signbit(m[kind == 0]))  # never moved
    assert np.all(m[kind == 1] == 0) and np.all(m[kind == 2] == 0)  # flushed (else ~2e-41)
    assert np.all(np.abs(m[kind == 3]) >= tiny) and np.all(v[kind != 0] >= tiny)


def test_adam_updates_in_two_threads_equal_the_same_updates_in_one():
    """The kernels' work buffers are per thread: NumPy lets another thread run while a ufunc
    works, so two threads updating their own variables must get the one-thread numbers."""
    import threading

    rng = np.random.default_rng(5)
    grads = [rng.normal(size=(2, 70_000)).astype(np.float32) for _ in range(2)]

    def train(k, out):
        opt, var = tf.keras.optimizers.Adam(0.01), tf.Variable(np.ones((2, 70_000), np.float32))
        for step in range(40):
            opt.apply_gradients([(tf.constant(grads[k] * (step % 3 - 1)), var)])
        out[k] = var.numpy()

    alone: dict = {}
    for k in range(2):
        train(k, alone)
    together: dict = {}
    threads = [threading.Thread(target=train, args=(k, together)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(2):
        np.testing.assert_array_equal(together[k], alone[k])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_flush_zeroes_exactly_the_subnormals_keeping_their_sign(dtype):
    """Rule (ops/training_ops.py `_flush`, read from the bits): 0 < |x| < smallest normal
    becomes a zero of x's sign, as a CPU in flush-to-zero mode; every other value (zeros,
    the smallest normal, inf, nan, the largest float) keeps its bits. The nonnegative variant
    (for second moments) gives the same on values >= 0."""
    from course.engine.ops.training_ops import _flush

    info = np.finfo(dtype)
    kept = np.array([0.0, -0.0, info.tiny, -info.tiny, 1.0, -3.0, np.inf, -np.inf, np.nan,
                     info.max, -info.max], dtype)
    subnormal = np.array([info.tiny / 2, -info.tiny / 4, info.smallest_subnormal,
                          -info.smallest_subnormal], dtype)
    for x in (np.concatenate([kept, subnormal]), np.concatenate([subnormal, kept])[::-1].copy()):
        before = x.copy()
        _flush(x, np.empty_like(x))
        is_sub = (np.abs(before) < info.tiny) & (before != 0)
        assert is_sub.sum() == 4
        np.testing.assert_array_equal(x[~is_sub].view(f"u{x.itemsize}"),
                                      before[~is_sub].view(f"u{x.itemsize}"))
        assert np.all(x[is_sub] == 0)
        np.testing.assert_array_equal(np.signbit(x[is_sub]), np.signbit(before[is_sub]))
    nonnegative = np.array([0.0, info.tiny, info.tiny / 2, info.smallest_subnormal, 2.0], dtype)
    _flush(nonnegative, np.empty_like(nonnegative), nonnegative=True)
    np.testing.assert_array_equal(nonnegative, np.array([0, info.tiny, 0, 0, 2], dtype))


def test_flush_leaves_arrays_without_subnormals_untouched():
    """The quick path: no subnormal (zeros included) means not one value changes."""
    from course.engine.ops.training_ops import _flush

    x = np.array([0.0, -0.0, 1e-30, -2.5, 7.0], np.float32)
    before = x.copy()
    _flush(x, np.empty_like(x))
    np.testing.assert_array_equal(x.view(np.uint32), before.view(np.uint32))
