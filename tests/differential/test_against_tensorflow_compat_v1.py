"""TF1's training idioms (`tf.compat.v1`: optimizers, collections, sessions) against TF 2.21
(rules: tf_compare.py).

Each case builds a TF1 graph, trains or evaluates it in a Session and returns
the numbers. Variables start from constants (random draws, TF's numbers too, are
compared bit for bit in test_against_tensorflow_philox.py).
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()

_RNG = np.random.default_rng(7)
XS = _RNG.standard_normal((16, 2)).astype(np.float32)
YS = (XS @ np.array([[2.0], [-1.0]], np.float32) + 0.5).astype(np.float32)


def _regression(tf, make_optimizer, steps=5, var_list=None, global_step=False, fetch_slots=()):
    """Linear regression trained `steps` times with `make_optimizer(tf1)`: the losses, the
    weights, the global step (if asked) and the named slots of the weights."""
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        x = tf1.placeholder(tf.float32, [None, 2])
        y = tf1.placeholder(tf.float32, [None, 1])
        w = tf.Variable([[0.5], [0.25]])
        b = tf.Variable([0.1])
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        optimizer = make_optimizer(tf1)
        step = tf1.train.get_or_create_global_step() if global_step else None
        train_op = optimizer.minimize(loss, global_step=step,
                                      var_list=None if var_list is None else var_list(w, b))
        slots = [optimizer.get_slot(w, name) for name in fetch_slots]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            losses = [sess.run([train_op, loss], {x: XS, y: YS})[1] for _ in range(steps)]
            result = {"losses": losses, "weights": sess.run([w, b]),
                      "slots": sess.run(slots)}
            if step is not None:
                result["step"] = sess.run(step)
            return result


@cases("Variable.initializer: None eagerly (TF2); in a TF1 graph the variable's Assign op, "
       "which a Session runs to initialize that variable alone")
def _(tf):
    eager = tf.Variable(1.0).initializer
    g = tf.Graph()
    with g.as_default():
        w = tf.compat.v1.Variable(2.0, name="w")
        v = tf.compat.v1.Variable([3.0, 4.0], name="v")
        op = w.initializer
        with tf.compat.v1.Session() as sess:
            sess.run(op)
            try:
                sess.run(v)
                still = None
            except tf.errors.FailedPreconditionError as e:  # (v was not initialized)
                still = type(e).__name__
            return eager, op.name, op.type, sess.run(w), still, v.initializer.name


@cases("tf.py_function in a TF1 Session: its Python body runs eagerly, each run; its gradient")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[])
        y = tf.py_function(lambda a: a * a * 2.0, [x], tf.float32)
        z = tf.py_function(lambda a: a + 1.0, [x], tf.float32)
        (dy,) = tf.gradients(y, [x])
        with tf1.Session() as sess:
            return sess.run(y, {x: 3.0}), sess.run([y, z], {x: 4.0}), sess.run(dy, {x: 3.0})


@cases("GradientDescentOptimizer: five steps")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.GradientDescentOptimizer(0.1))


@cases("GradientDescentOptimizer: with var_list only b changes")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.GradientDescentOptimizer(0.1),
                       var_list=lambda w, b: [b])


@cases("GradientDescentOptimizer: the global step counts the steps")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.GradientDescentOptimizer(0.05), steps=7,
                       global_step=True)


@cases("GradientDescentOptimizer: a placeholder learning rate")
def _(tf):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        lr = tf1.placeholder(tf.float32, [])
        v = tf.Variable([1.0, -2.0])
        train_op = tf1.train.GradientDescentOptimizer(lr).minimize(tf.reduce_sum(v * v))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for rate in (0.1, 0.01, 0.3):
                sess.run(train_op, {lr: rate})
            return sess.run(v)


@cases("MomentumOptimizer: six steps, with its momentum slot")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.MomentumOptimizer(0.05, 0.9), steps=6,
                       fetch_slots=["momentum"])


@cases("MomentumOptimizer with Nesterov")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
                       steps=6, fetch_slots=["momentum"])


@cases("MomentumOptimizer: var_list and the global step")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.MomentumOptimizer(0.02, 0.5),
                       var_list=lambda w, b: [w], global_step=True)


@cases("AdamOptimizer: TF1's defaults, five steps, slots m and v")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.AdamOptimizer(), fetch_slots=["m", "v"])


@cases("AdamOptimizer: learning rate 0.1, twenty steps")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.AdamOptimizer(0.1), steps=20)


@cases("AdamOptimizer: other betas and epsilon, global step")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.AdamOptimizer(0.01, beta1=0.8, beta2=0.99,
                                                                epsilon=1e-3),
                       steps=8, global_step=True)


@cases("AdamOptimizer: float64 variables", rtol=1e-12)
def _(tf):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(np.array([1.0, -2.0, 0.5]))
        train_op = tf1.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(v * v * v))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(4):
                sess.run(train_op)
            return sess.run(v)


@cases("AdamOptimizer: the beta powers after three steps")
def _(tf):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0)
        train_op = tf1.train.AdamOptimizer().minimize(v * v)
        powers = [u for u in tf1.global_variables() if "power" in u.name]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(3):
                sess.run(train_op)
            return [p.name for p in powers], sess.run(powers)


@cases("RMSPropOptimizer: TF1's defaults (mean square from ones), slots rms and momentum")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.RMSPropOptimizer(0.01), steps=8,
                       fetch_slots=["rms", "momentum"])


@cases("RMSPropOptimizer: decay, momentum and epsilon, global step")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.RMSPropOptimizer(0.02, decay=0.8, momentum=0.9,
                                                                   epsilon=1e-4),
                       steps=10, global_step=True, fetch_slots=["momentum"])


@cases("RMSPropOptimizer centered: slot mg, the gradient's running mean")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.RMSPropOptimizer(0.01, momentum=0.5,
                                                                   centered=True),
                       steps=10, fetch_slots=["rms", "mg", "momentum"])


@cases("RMSPropOptimizer and AdagradOptimizer: float64 variables", rtol=1e-12)
def _(tf):
    tf1 = tf.compat.v1
    out = []
    for make in (lambda: tf1.train.RMSPropOptimizer(0.1, momentum=0.3, centered=True),
                 lambda: tf1.train.AdagradOptimizer(0.1, initial_accumulator_value=0.3)):
        with tf.Graph().as_default():
            v = tf.Variable(np.array([1.0, -2.0, 0.5]))
            opt = make()
            train_op = opt.minimize(tf.reduce_sum(v * v * v))
            with tf1.Session() as sess:
                sess.run(tf1.global_variables_initializer())
                for _ in range(4):
                    sess.run(train_op)
                out.append(sess.run([v] + [opt.get_slot(v, n) for n in opt.get_slot_names()]))
    return out


@cases("AdagradOptimizer: TF1's default accumulator 0.1, slot accumulator")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.AdagradOptimizer(0.1), steps=8,
                       fetch_slots=["accumulator"])


@cases("AdagradOptimizer: initial_accumulator_value, var_list, global step")
def _(tf):
    return _regression(tf, lambda tf1: tf1.train.AdagradOptimizer(
        0.5, initial_accumulator_value=2.0), var_list=lambda w, b: [w], global_step=True)


@cases("AdagradOptimizer: initial_accumulator_value 0 is TF's ValueError")
def _(tf):
    return tf.compat.v1.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)


@cases("RMSProp and Adagrad eagerly with a callable loss", rtol=1e-6)
def _(tf):
    v = tf.Variable([1.0, -3.0])
    w = tf.Variable([0.5, 2.0])
    rms = tf.compat.v1.train.RMSPropOptimizer(0.1, momentum=0.5, centered=True)
    ada = tf.compat.v1.train.AdagradOptimizer(0.1)
    for _ in range(3):
        rms.minimize(lambda: tf.reduce_sum(v * v * v), var_list=[v])
        ada.minimize(lambda: tf.reduce_sum(w * w * w), var_list=[w])
    return v.numpy(), w.numpy(), [rms.get_slot(v, n).numpy() for n in rms.get_slot_names()], \
        ada.get_slot(w, "accumulator").numpy()


@cases("the kernels in the graph: ResourceApplyRMSProp, ...CenteredRMSProp, ...Adagrad")
def _(tf):
    tf1 = tf.compat.v1
    types = []
    for make in (lambda: tf1.train.RMSPropOptimizer(0.1),
                 lambda: tf1.train.RMSPropOptimizer(0.1, centered=True),
                 lambda: tf1.train.AdagradOptimizer(0.1)):
        with tf.Graph().as_default() as g:
            v = tf.Variable([1.0, 2.0], name="w")
            opt = make()
            opt.minimize(tf.reduce_sum(v * v))
            types.append([op.type for op in g.get_operations() if op.type.startswith("Resource")])
            types.append([u.name for u in tf1.global_variables()])
    return types


@cases("compute_gradients then apply_gradients")
def _(tf):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable([1.0, 2.0])
        b = tf.Variable(0.5)
        loss = tf.reduce_sum(tf.square(w * 3.0 + b))
        opt = tf1.train.GradientDescentOptimizer(0.01)
        pairs = opt.compute_gradients(loss)
        assert [v is u for (_, v), u in zip(pairs, [w, b])] == [True, True]
        train_op = opt.apply_gradients(pairs)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            grads = sess.run([gr for gr, _ in pairs])
            sess.run(train_op)
            return grads, sess.run([w, b])


@cases("apply_gradients with changed gradients (clipping)")
def _(tf):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable([3.0, -4.0])
        opt = tf1.train.MomentumOptimizer(0.1, 0.9)
        pairs = opt.compute_gradients(tf.reduce_sum(w * w * w))
        clipped = [(tf.clip_by_value(gr, -1.0, 1.0), v) for gr, v in pairs]
        train_op = opt.apply_gradients(clipped)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(3):
                sess.run(train_op)
            return sess.run(w)


@cases("an unconnected variable: a (None, variable) pair, and it stays put")
def _(tf):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable(2.0)
        unused = tf.Variable(5.0)
        opt = tf1.train.GradientDescentOptimizer(0.1)
        pairs = opt.compute_gradients(w * w)
        train_op = opt.minimize(w * w)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            sess.run(train_op)
            return [gr is None for gr, _ in pairs], sess.run([w, unused])


@cases("apply_gradients with only None gradients: TF's ValueError")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        return tf1.train.GradientDescentOptimizer(0.1).apply_gradients([(None, v)])


@cases("minimize when no variable reaches the loss: TF's ValueError")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        w = tf.Variable(2.0)
        return tf1.train.GradientDescentOptimizer(0.1).minimize(v * 2.0, var_list=[w])


@cases("minimize of an integer loss: TF's ValueError")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        tf.Variable(1.0)
        return tf1.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.constant([1, 2])))


@cases("minimize without any variable: TF's ValueError")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [])
        return tf1.train.GradientDescentOptimizer(0.1).minimize(x * x)


@cases("minimize eagerly with a tensor loss: TF's RuntimeError")
def _(tf):
    v = tf.Variable(1.0)
    return tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(v * v)


@cases("minimize eagerly with a callable loss updates at once", rtol=1e-6)
def _(tf):
    v = tf.Variable([1.0, -3.0])
    opt = tf.compat.v1.train.MomentumOptimizer(0.1, 0.9)
    for _ in range(3):
        result = opt.minimize(lambda: tf.reduce_sum(v * v), var_list=[v])
    return result, v.numpy(), opt.get_slot(v, "momentum").numpy()


@cases("the collections: global and trainable variables, in creation order")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        tf.Variable(1.0)
        tf.Variable([2.0], name="w")
        tf.Variable(3, trainable=False, name="count")
        w = tf.Variable(4.0)
        step = tf1.train.get_or_create_global_step()
        tf1.train.AdamOptimizer().minimize(w * w)
        names = [[v.name for v in tf1.global_variables()],
                 [v.name for v in tf1.trainable_variables()]]
        return names, step is tf1.train.get_global_step(), repr(w)


@cases("the collections are empty when eager")
def _(tf):
    tf.Variable(1.0)
    return tf.compat.v1.global_variables(), tf.compat.v1.trainable_variables()


@cases("get_slot_names and get_slot")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        w = tf.Variable([1.0, 2.0])
        out = []
        for opt in (tf1.train.GradientDescentOptimizer(0.1), tf1.train.MomentumOptimizer(0.1, 0.9),
                    tf1.train.AdamOptimizer(), tf1.train.RMSPropOptimizer(0.1),
                    tf1.train.RMSPropOptimizer(0.1, centered=True), tf1.train.AdagradOptimizer(0.1)):
            opt.minimize(tf.reduce_sum(w * w))
            out.append([opt.get_slot_names(), [opt.get_slot(w, n).name
                                               for n in opt.get_slot_names()]])
        return out


@cases("InteractiveSession: Tensor.eval and Operation.run use it")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        sess = tf1.InteractiveSession()
        try:
            v = tf.Variable(2.0)
            tf1.global_variables_initializer().run()
            c = v * 3.0
            out = [c.eval(), tf1.get_default_session() is sess]
            tf1.assign_add(v, 1.0).op.run()
            out += [c.eval(), v.eval(), c.eval(feed_dict={c: 7.0})]
        finally:
            sess.close()
        return out + [tf1.get_default_session() is None]


@cases("eval inside `with Session() as sess:` (the default session there)")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, [2])
        y = x * 2.0
        with tf1.Session():
            return y.eval({x: [1.0, 2.0]})


@cases("eval without a default session: TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        return tf.constant(1.0).eval()


@cases("Operation.run without a default session: TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        return tf.group(tf.constant(1.0)).run()


@cases("placeholder_with_default: the default, or what is fed")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        x = tf1.placeholder_with_default(tf.constant([[1.0, 2.0]]), [None, 2])
        y = tf.reduce_sum(x, axis=1)
        with tf1.Session() as sess:
            return str(x), str(y), sess.run(y), sess.run(y, {x: [[1.0, 1.0], [3.0, 4.0]]})


@cases("placeholder_with_default eagerly is its input")
def _(tf):
    return tf.compat.v1.placeholder_with_default(tf.constant([1.0, 2.0]), [None])


@cases("assign, assign_add, assign_sub in a session")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0])
        ops = [tf1.assign(v, [5.0, 6.0]), tf1.assign_add(v, [1.0, 1.0]),
               tf1.assign_sub(v, [0.5, 0.5])]
        with tf1.Session() as sess:
            sess.run(tf1.initialize_all_variables())
            return [sess.run(op) for op in ops] + [sess.run(v)]


@cases("argmax with TF1's `dimension`, argmin, to_float")
def _(tf):
    tf1 = tf.compat.v1
    x = tf.constant([[1, 5, 2], [7, 0, 3]])
    return (tf1.argmax(x, dimension=1), tf1.argmin(x, 0), tf1.argmax(x), tf1.to_float(x))


@cases("tf1.nn: softmax_cross_entropy_with_logits v1 gives labels no gradient, v2 does")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        labels = tf.constant([[0.2, 0.8], [0.5, 0.5]])
        logits = tf.constant([[1.0, 2.0], [0.0, -1.0]])
        v1 = tf1.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        v2 = tf1.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
        grads = tf.gradients(v1, [labels, logits]) + tf.gradients(v2, [labels])
        with tf1.Session() as sess:
            return sess.run([v1, v2]), [gr is None for gr in grads], sess.run(grads[1:])


@cases("tf1.losses.mean_squared_error, with and without weights", rtol=1e-6)
def _(tf):
    mse = tf.compat.v1.losses.mean_squared_error
    labels = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    predictions = tf.constant([[1.5, 2.0], [2.0, 5.0]])
    return (mse(labels, predictions), mse(labels, predictions, weights=[[1.0, 0.0], [2.0, 0.0]]),
            mse(labels, predictions, weights=0.0))


@cases("the TF1 tutorial loop: random init under set_random_seed, 100 GD steps converge",
       rtol=1e-3)
def _(tf):
    tf1 = tf.compat.v1
    xs = np.linspace(-1, 1, 20, dtype=np.float32).reshape(-1, 1)
    ys = 3.0 * xs + 2.0
    g = tf.Graph()
    with g.as_default():
        tf1.set_random_seed(0)
        x = tf1.placeholder(tf.float32, [None, 1])
        y = tf1.placeholder(tf.float32, [None, 1])
        W = tf.Variable(tf1.random_normal([1, 1]))
        b = tf.Variable(tf.zeros([1]))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, W) + b - y))
        train_op = tf1.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(100):
                _, value = sess.run([train_op, loss], feed_dict={x: xs, y: ys})
            # (the random start differs from TF's; after 100 steps both reach the answer)
            return np.round(sess.run([W, b]), 3), bool(value < 1e-6)


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
