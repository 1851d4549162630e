"""tf.compat.v1.train without TensorFlow: TF1 optimizers reach the answers NumPy computes."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

tf1 = tf.compat.v1


def _data():
    rng = np.random.default_rng(3)
    xs = rng.standard_normal((32, 3)).astype(np.float32)
    ys = (xs @ np.array([[1.5], [-2.0], [0.5]], np.float32) + 0.25
          + 0.1 * rng.standard_normal((32, 1)).astype(np.float32))
    return xs, ys


def test_gradient_descent_converges_to_the_least_squares_answer():
    xs, ys = _data()
    g = tf.Graph()
    with g.as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        y = tf1.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([3, 1]))
        b = tf.Variable(tf.zeros([1]))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        train_op = tf1.train.GradientDescentOptimizer(0.2).minimize(loss)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(500):
                sess.run(train_op, {x: xs, y: ys})
            found_w, found_b = sess.run([w, b])
    design = np.hstack([xs, np.ones((len(xs), 1), np.float32)]).astype(np.float64)
    answer = np.linalg.lstsq(design, ys.astype(np.float64), rcond=None)[0]
    np.testing.assert_allclose(found_w, answer[:3], atol=1e-4)
    np.testing.assert_allclose(found_b, answer[3], atol=1e-4)


def test_adams_first_steps_are_the_formula():
    g = tf.Graph()
    grad_of = lambda v: 2.0 * v  # noqa: E731 - d(sum(v*v))/dv
    start = np.array([1.0, -0.5, 2.0], np.float32)
    with g.as_default():
        v = tf.Variable(start)
        opt = tf1.train.AdamOptimizer(learning_rate=0.1)
        train_op = opt.minimize(tf.reduce_sum(v * v))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            seen = []
            for _ in range(3):
                sess.run(train_op)
                seen.append(sess.run([v, opt.get_slot(v, "m"), opt.get_slot(v, "v")]))
    f = np.float32
    var, m, s = start.copy(), np.zeros(3, f), np.zeros(3, f)
    power1, power2 = f(0.9), f(0.999)  # beta**t, kept as TF1 keeps them: multiplied each step
    for got_var, got_m, got_v in seen:
        g_ = grad_of(var).astype(f)
        alpha = f(0.1) * np.sqrt(f(1) - power2) / (f(1) - power1)
        power1, power2 = power1 * f(0.9), power2 * f(0.999)
        m = m + (g_ - m) * (f(1) - f(0.9))
        s = s + (g_ * g_ - s) * (f(1) - f(0.999))
        var = var - m * alpha / (np.sqrt(s) + f(1e-8))
        np.testing.assert_allclose(got_m, m, rtol=1e-6)
        np.testing.assert_allclose(got_v, s, rtol=1e-6)
        np.testing.assert_allclose(got_var, var, rtol=1e-6)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_is_tf1s_formula(nesterov):
    start = np.array([1.0, -2.0], np.float32)
    with tf.Graph().as_default():
        v = tf.Variable(start)
        train_op = tf1.train.MomentumOptimizer(0.1, 0.9, use_nesterov=nesterov).minimize(
            tf.reduce_sum(v * v))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(3):
                sess.run(train_op)
            got = sess.run(v)
    var, accum = start.astype(np.float64), np.zeros(2)
    for _ in range(3):
        grad = 2 * var
        accum = 0.9 * accum + grad
        var = var - 0.1 * (grad + 0.9 * accum if nesterov else accum)
    np.testing.assert_allclose(got, var, rtol=1e-6)


def test_global_step_and_train_op():
    with tf.Graph().as_default():
        v = tf.Variable(3.0)
        step = tf1.train.get_or_create_global_step()
        assert tf1.train.get_or_create_global_step() is step
        train_op = tf1.train.GradientDescentOptimizer(0.25).minimize(v * v, global_step=step)
        assert train_op.type == "AssignAddVariableOp"
        assert [u.name for u in tf1.global_variables()] == ["Variable:0", "global_step:0"]
        assert tf1.trainable_variables() == [v]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(4):
                sess.run(train_op)
            assert sess.run(step) == 4
            assert sess.run(v) == pytest.approx(3.0 * 0.5 ** 4)


def test_none_gradients_and_errors():
    with tf.Graph().as_default():
        v, unused = tf.Variable(1.0), tf.Variable(2.0)
        opt = tf1.train.GradientDescentOptimizer(0.1)
        pairs = opt.compute_gradients(v * v)
        assert pairs[0][1] is v and pairs[1] == (None, unused)
        with pytest.raises(ValueError, match="No gradients provided for any variable: "):
            opt.apply_gradients([(None, v)])
        with pytest.raises(ValueError, match="Invalid type tf.int32"):
            opt.minimize(tf.constant(1))
    with pytest.raises(RuntimeError, match="should be a function when eager"):
        opt.minimize(tf.constant(1.0))


def test_interactive_session_and_eval():
    with tf.Graph().as_default():
        sess = tf1.InteractiveSession()
        try:
            c = tf.constant(2.0) * 4.0
            assert c.eval() == 8.0 and tf1.get_default_session() is sess
        finally:
            sess.close()
        assert tf1.get_default_session() is None
        with pytest.raises(ValueError, match="No default session is registered"):
            c.eval()


@pytest.mark.parametrize("centered", [False, True])
@pytest.mark.parametrize("momentum", [0.0, 0.5])
def test_rmsprop_is_tf1s_formula(centered, momentum):
    """TF1's RMSProp: the mean square starts at 1 and the momentum slot holds the last step,
    even for momentum 0 (tf.raw_ops.ResourceApplyRMSProp / ResourceApplyCenteredRMSProp)."""
    start = np.array([1.0, -2.0, 0.3], np.float32)
    with tf.Graph().as_default():
        v = tf.Variable(start)
        opt = tf1.train.RMSPropOptimizer(0.01, decay=0.8, momentum=momentum, epsilon=1e-6,
                                         centered=centered)
        train_op = opt.minimize(tf.reduce_sum(v * v * v))
        names = ["rms", "momentum"] + (["mg"] if centered else [])
        assert opt.get_slot_names() == sorted(names)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            seen = []
            for _ in range(4):
                sess.run(train_op)
                seen.append(sess.run([v] + [opt.get_slot(v, n) for n in names]))
    f = np.float32
    var, ms, mom, mg = start.copy(), np.ones(3, f), np.zeros(3, f), np.zeros(3, f)
    for got in seen:
        g = f(3) * var * var
        ms = f(0.8) * ms + f(1 - f(0.8)) * g * g
        mg = f(0.8) * mg + f(1 - f(0.8)) * g
        denominator = ms - mg * mg if centered else ms
        mom = f(momentum) * mom + f(0.01) * g / np.sqrt(denominator + f(1e-6))
        var = var - mom
        for got_value, value in zip(got, [var, ms, mom] + ([mg] if centered else [])):
            np.testing.assert_allclose(got_value, value, rtol=1e-6)


def test_adagrad_is_tf1s_formula_without_epsilon():
    """TF1's Adagrad: accum += g^2 from initial_accumulator_value; var -= lr * g / sqrt(accum)."""
    start = np.array([1.0, -2.0, 0.3], np.float32)
    with tf.Graph().as_default():
        v = tf.Variable(start)
        opt = tf1.train.AdagradOptimizer(0.1, initial_accumulator_value=0.5)
        train_op = opt.minimize(tf.reduce_sum(v * v * v))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            assert sess.run(opt.get_slot(v, "accumulator")).tolist() == [0.5] * 3
            seen = []
            for _ in range(4):
                sess.run(train_op)
                seen.append(sess.run([v, opt.get_slot(v, "accumulator")]))
    f = np.float32
    var, accum = start.copy(), np.full(3, 0.5, f)
    for got_var, got_accum in seen:
        g = f(3) * var * var
        accum = accum + g * g
        var = var - f(0.1) * g / np.sqrt(accum)
        np.testing.assert_allclose(got_accum, accum, rtol=1e-6)
        np.testing.assert_allclose(got_var, var, rtol=1e-6)
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive: -1"):
        tf1.train.AdagradOptimizer(0.1, initial_accumulator_value=-1)


def test_keras_rmsprop_without_momentum_keeps_no_momentum_slot():
    """Keras passes the variable itself as the kernel's `mom`: the variable is updated once,
    by the plain increment (the TF1 path is the one that writes a momentum slot)."""
    v = tf.Variable([1.0, -2.0])
    opt = tf.keras.optimizers.RMSprop(0.1)
    opt.apply_gradients([(tf.constant([0.5, 0.5]), v)])
    step = 0.1 * 0.5 / np.sqrt(0.1 * 0.25 + 1e-7)  # velocity from 0: (1 - rho) * g^2
    np.testing.assert_allclose(v.numpy(), [1.0 - step, -2.0 - step], rtol=1e-6)
