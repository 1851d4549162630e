"""TF1's variable sharing (`tf.compat.v1.variable_scope`, `get_variable`, the TF1
initializers) against TF 2.21 (rules: tf_compare.py).

Names, reuse, errors and initial values (of the non-random initializers) must be
TF's; random initializers are compared by shape, dtype and range only (the
engine's random numbers are not TensorFlow's).
"""
from __future__ import annotations

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


@cases("get_variable names come from variable scopes; ops get the name scope too")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf1.variable_scope("layer1") as scope:
            w = tf1.get_variable("w", [2, 3])
            b = tf1.get_variable("b", [3], initializer=tf1.zeros_initializer())
            y = tf.matmul(tf.ones([1, 2]), w) + b
            v = tf.Variable(1.0, name="v")
            with tf1.variable_scope("inner"):
                u = tf1.get_variable("u", [1])
                inner = tf1.get_variable_scope().name
        return [scope.name, scope.original_name_scope, w.name, b.name, y.name, v.name, u.name,
                inner, tf1.get_variable_scope().name, repr(w), str(w.shape), w.dtype]


@cases("name_scope: get_variable ignores it, ops and tf.Variable follow it")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf.name_scope("ns"):
            a = tf1.get_variable("a", [1])
            c = tf.constant(1.0, name="c")
            t = tf.Variable(2.0, name="t")
            with tf1.variable_scope("vs"):
                d = tf1.get_variable("d", [1])
                e = tf.add(c, c, name="e")
        with tf1.variable_scope("vs", reuse=True):
            shared = tf1.get_variable("d", [1])
        return a.name, c.name, t.name, d.name, e.name, shared is d


@cases("reuse=True returns the same variable; the name scope is new (layer1_1)")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf1.variable_scope("layer1"):
            w = tf1.get_variable("w", [2, 3])
        with tf1.variable_scope("layer1", reuse=True) as scope:
            again = tf1.get_variable("w", [2, 3])
            same_without_shape = tf1.get_variable("w")
            op = tf.ones([2]) + 1.0
            with tf1.variable_scope("inner"):
                inherited = tf1.get_variable_scope().reuse
        with tf1.variable_scope("layer1"):
            third = tf.constant(0.0)
        return [again is w, same_without_shape is w, scope.reuse, scope.original_name_scope,
                op.name, inherited, third.name, [v.name for v in tf1.global_variables()]]


@cases("AUTO_REUSE: makes the variable the first time, shares it afterwards")
def _(tf):
    tf1 = tf.compat.v1

    def layer(x):
        with tf1.variable_scope("dense", reuse=tf1.AUTO_REUSE):
            w = tf1.get_variable("w", [2, 1], initializer=tf1.constant_initializer([0.5, -1.0]))
            return tf.matmul(x, w), w

    with tf.Graph().as_default():
        y1, w1 = layer(tf.constant([[1.0, 2.0]]))
        y2, w2 = layer(tf.constant([[3.0, 4.0]]))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            return [w1 is w2, y1.name, y2.name, sess.run([y1, y2]), repr(tf1.AUTO_REUSE),
                    len(tf1.global_variables())]


@cases("reuse only turns on: reuse=False inside a reusing scope still reuses; "
       "reuse_variables(); a scope object entered again")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        out = []
        with tf1.variable_scope("r", reuse=True):
            with tf1.variable_scope("in", reuse=False):
                out.append(tf1.get_variable_scope().reuse)
        with tf1.variable_scope("a", reuse=tf1.AUTO_REUSE):
            with tf1.variable_scope("b", reuse=False):
                out.append(repr(tf1.get_variable_scope().reuse))
        with tf1.variable_scope("c") as c:
            x = tf1.get_variable("x", [1])
            c.reuse_variables()
            out.append([tf1.get_variable("x", [1]) is x, c.reuse])
        with tf1.variable_scope(c) as again:
            out.append([again.name, again.original_name_scope, again.reuse,
                        tf1.get_variable("x") is x, tf.constant(1.0).name])
        with tf1.variable_scope("s2"):
            with tf1.variable_scope(c):
                out.append([tf1.get_variable_scope().name, tf.constant(1.0).name])
        return out


@cases("default_name: dense, dense_1 for variables and ops")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        names = []
        for _ in range(3):
            with tf1.variable_scope(None, default_name="dense"):
                names += [tf1.get_variable("k", [1]).name, tf.constant(1.0).name]
        with tf1.variable_scope("named", default_name="ignored"):
            names.append(tf1.get_variable("k", [1]).name)
        return names


@cases("variable_scope(None) without default_name: TF's TypeError")
def _(tf):
    with tf.Graph().as_default():
        with tf.compat.v1.variable_scope(None):
            pass


@cases("get_variable twice without reuse: TF's 'already exists' ValueError")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf1.variable_scope("layer1"):
            tf1.get_variable("w", [2, 3])
            tf1.get_variable("w", [2, 3])


@cases("reuse=True for a variable never made: TF's 'does not exist' ValueError")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf1.variable_scope("layer1", reuse=True):
            tf1.get_variable("w", [2, 3])


@cases("a tf.Variable is not in get_variable's store: reuse=True cannot find it")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf1.variable_scope("layer1"):
            tf.Variable(1.0, name="w")
        with tf1.variable_scope("layer1", reuse=True):
            tf1.get_variable("w", [])


@cases("sharing with another shape: TF's ValueError")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf1.variable_scope("layer1"):
            tf1.get_variable("w", [2, 3])
        with tf1.variable_scope("layer1", reuse=True):
            tf1.get_variable("w", [3, 2])


@cases("sharing with another dtype: TF's ValueError")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf1.variable_scope("layer1", reuse=tf1.AUTO_REUSE):
            tf1.get_variable("w", [2, 3])
            tf1.get_variable("w", [2, 3], dtype=tf.float64)


@cases("no shape and no initializer: TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        tf.compat.v1.get_variable("w")


@cases("a constant initializer with a shape: TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        tf.compat.v1.get_variable("w", [2], initializer=tf.constant([1.0, 2.0]))


@cases("an initializer object without a shape: TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        tf.compat.v1.get_variable("w", initializer=tf.compat.v1.ones_initializer())


@cases("a shape with an unknown dimension: TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        tf.compat.v1.get_variable("w", [None, 2])


@cases("a value initializer of another dtype than `dtype`: TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        tf.compat.v1.get_variable("w", initializer=[1, 2], dtype=tf.float32)


@cases("constant_initializer(3.0) for an int32 variable: TF's TypeError")
def _(tf):
    with tf.Graph().as_default():
        tf.compat.v1.get_variable("w", [2], dtype=tf.int32,
                                  initializer=tf.compat.v1.constant_initializer(3.0))


@cases("initial values: scope initializer, per-variable ones, values, int/bool zeros, "
       "trainable, dtype")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf1.variable_scope("init", initializer=tf1.constant_initializer(3.0)):
            k = tf1.get_variable("k", [2])
            k2 = tf1.get_variable("k2", [2], initializer=tf1.ones_initializer())
            cl = tf1.get_variable("cl", [2, 2], initializer=tf1.constant_initializer([1, 2, 3, 4]))
            t = tf1.get_variable("t", [2], trainable=False)
            c0 = tf1.get_variable("c0", initializer=tf.constant([1.0, 2.0]))
            ip = tf1.get_variable("ip", initializer=np.array([1, 2], np.int64))
            lam = tf1.get_variable("lam", initializer=lambda: tf.ones([2]) * 5.0)
        with tf1.variable_scope("typed", dtype=tf.float64,
                                initializer=tf1.zeros_initializer()) as typed:
            f64 = tf1.get_variable("f64", [2])
            with tf1.variable_scope("deeper"):
                deeper = tf1.get_variable("d", [1])
        i = tf1.get_variable("i", [2], dtype=tf.int32)
        bo = tf1.get_variable("bo", [2], dtype=tf.bool)
        variables = [k, k2, cl, t, c0, ip, lam, f64, deeper, i, bo]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            values = sess.run(variables)
        return [values, [v.dtype for v in variables], typed.dtype,
                [v.name for v in tf1.trainable_variables()]]


@cases("random initializers: shapes, dtypes and Glorot's bound (the numbers are not TF's)")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        gl = tf1.get_variable("gl", [40, 50], initializer=tf1.glorot_uniform_initializer())
        default = tf1.get_variable("default", [30, 60])
        conv = tf1.get_variable("conv", [3, 3, 4, 8], dtype=tf.float64)
        tn = tf1.get_variable("tn", [300], dtype=tf.float64,
                              initializer=tf1.truncated_normal_initializer(stddev=0.1))
        rn = tf1.get_variable("rn", [3, 4], initializer=tf1.random_normal_initializer())
        gn = tf1.get_variable("gn", [5, 5], initializer=tf1.glorot_normal_initializer())
        ru = tf1.get_variable("ru", [100], initializer=tf1.random_uniform_initializer(-2.0, -1.0))
        variables = [gl, default, conv, tn, rn, gn, ru]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            values = sess.run(variables)
        bound = [float(np.abs(values[0]).max()) <= np.sqrt(6 / 90),
                 float(np.abs(values[1]).max()) <= np.sqrt(6 / 90),
                 float(np.abs(values[2]).max()) <= np.sqrt(6 / (36 + 72)),
                 float(np.abs(values[3]).max()) <= 0.2,
                 bool(np.all((values[6] >= -2.0) & (values[6] < -1.0)))]
        return [[(v.shape, v.dtype.name) for v in values], bound]


@cases("the TF1 initializers called eagerly, their dtypes and configs")
def _(tf):
    tf1 = tf.compat.v1
    return [tf1.zeros_initializer()([2], tf.float32), tf1.constant_initializer(2)([2]),
            tf1.zeros_initializer(dtype=tf.int32)([2]), tf1.ones_initializer()([2], dtype=tf.int64),
            tf1.constant_initializer([[1, 2], [3, 4]])([2, 2]),
            tf1.zeros_initializer()([2], dtype=tf.string),
            tf1.truncated_normal_initializer(stddev=0.5, dtype=tf.float64)([3]).dtype,
            tf1.random_normal_initializer()([2, 2]).shape,
            tf1.glorot_uniform_initializer()([2, 2]).dtype,
            tf1.glorot_uniform_initializer().get_config(),
            tf1.constant_initializer(2.5).get_config(),
            tf1.truncated_normal_initializer(0.0, 0.02).get_config(),
            type(tf1.glorot_uniform_initializer()).__name__,
            type(tf1.zeros_initializer()).__name__, type(tf1.constant_initializer()).__name__]


@cases("eagerly: scoped names, reuse reads AUTO_REUSE, and every call makes a new variable")
def _(tf):
    tf1 = tf.compat.v1
    with tf1.variable_scope("layer1") as scope:
        w = tf1.get_variable("w", [2, 3])
        u = tf.Variable(1.0, name="u")
        again = tf1.get_variable("w", [2, 3])
        ones = tf1.get_variable("ones", [2], initializer=tf1.ones_initializer())
    with tf1.variable_scope("layer1", reuse=True):
        third = tf1.get_variable("w", [2, 3])
    return [scope.name, repr(scope.reuse), w.name, u.name, again is w, again.name,
            third is w, third.name, ones, repr(w)[:50]]


@cases("global_variables(scope) and trainable_variables(scope): re.match on the names")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        for scope in ("layer1", "layer10", "other"):
            with tf1.variable_scope(scope):
                tf1.get_variable("w", [1])
                tf1.get_variable("n", [1], trainable=False)
        return [[v.name for v in tf1.global_variables("layer1")],
                [v.name for v in tf1.global_variables("layer1/")],
                [v.name for v in tf1.trainable_variables("layer")],
                [v.name for v in tf1.global_variables(".*n")]]


@cases("a TF1 model with shared weights: two towers through one layer, trained in a Session",
       rtol=1e-5)
def _(tf):
    tf1 = tf.compat.v1
    rng = np.random.default_rng(5)
    xa, xb = rng.standard_normal((8, 3)).astype(np.float32), \
        rng.standard_normal((8, 3)).astype(np.float32)
    target = rng.standard_normal((8, 1)).astype(np.float32)

    def tower(x):
        with tf1.variable_scope("hidden", reuse=tf1.AUTO_REUSE):
            w = tf1.get_variable("w", [3, 4], initializer=tf1.constant_initializer(
                np.linspace(-0.5, 0.5, 12).reshape(3, 4)))
            b = tf1.get_variable("b", [4], initializer=tf1.zeros_initializer())
            h = tf.nn.relu(tf.matmul(x, w) + b)
        with tf1.variable_scope("out", reuse=tf1.AUTO_REUSE):
            v = tf1.get_variable("v", [4, 1], initializer=tf1.constant_initializer(0.3))
            return tf.matmul(h, v)

    with tf.Graph().as_default():
        a = tf1.placeholder(tf.float32, [None, 3])
        b = tf1.placeholder(tf.float32, [None, 3])
        y = tf1.placeholder(tf.float32, [None, 1])
        loss = tf.reduce_mean(tf.square(tower(a) - tower(b) * 0.5 - y))
        train_op = tf1.train.AdamOptimizer(0.05).minimize(loss)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            losses = [sess.run([train_op, loss], {a: xa, b: xb, y: target})[1]
                      for _ in range(10)]
            return [v.name for v in tf1.trainable_variables()], losses, \
                sess.run(tf1.trainable_variables())


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
