"""TF1's `tf.compat.v1.train.Saver` against TF 2.21 (rules: tf_compare.py).

The files are not TF's (the engine writes its own documented format; TF's
binary checkpoints are not read or written), so the cases compare what prints
the same: the paths `save` returns, the checkpoints kept (with their `.meta`
graph files, the engine's own format too), the names that
`tf.train.list_variables` finds, the restored values, and the errors.
"""
from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check

cases = Cases()


def _files(folder: str) -> list:
    return sorted(os.listdir(folder))


def _model(tf):
    """A small TF1 graph: two get_variable weights, a tf.Variable, a global step."""
    tf1 = tf.compat.v1
    with tf1.variable_scope("layer1"):
        w = tf1.get_variable("w", initializer=[[1.0, 2.0], [3.0, 4.0]])
        b = tf1.get_variable("b", [2], initializer=tf1.zeros_initializer())
    count = tf.Variable([7, 8, 9], name="count")
    step = tf1.train.get_or_create_global_step()
    return w, b, count, step


@cases("save, then restore into a fresh Session: the values, the path, list_variables")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        w, b, count, step = _model(tf)
        saver = tf1.train.Saver()
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            sess.run([tf1.assign_add(w, tf.ones([2, 2])), tf1.assign(b, [0.5, -0.5]),
                      tf1.assign_add(step, 3)])
            path = saver.save(sess, os.path.join(folder, "model"), global_step=step)
        with tf1.Session() as sess:
            saver.restore(sess, path)
            restored = sess.run([w, b, count, step])
    return [os.path.relpath(path, folder), restored, tf.train.list_variables(folder),
            tf.train.load_variable(path, "layer1/w"),
            os.path.relpath(tf.train.latest_checkpoint(folder), folder), _files(folder)]


@cases("max_to_keep=2: older checkpoints deleted, last_checkpoints, the state file")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        v = tf.Variable(0.0, name="v")
        saver = tf1.train.Saver(max_to_keep=2)
        increment = tf1.assign_add(v, 1.0)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            returned = []
            for step in range(4):
                sess.run(increment)
                returned.append(saver.save(sess, os.path.join(folder, "ckpt"),
                                           global_step=step * 10))
        state = tf1.train.get_checkpoint_state(folder)
        return [[os.path.relpath(p, folder) for p in returned],
                [os.path.relpath(p, folder) for p in saver.last_checkpoints], _files(folder),
                os.path.relpath(state.model_checkpoint_path, folder),
                [os.path.relpath(p, folder) for p in state.all_model_checkpoint_paths],
                tf.train.load_variable(folder, "v")]


@cases("max_to_keep=None keeps every checkpoint; saving without a step")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        tf.Variable([1.0], name="v")
        saver = tf1.train.Saver(max_to_keep=None)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            paths = [saver.save(sess, os.path.join(folder, "m"), global_step=i) for i in range(7)]
            paths.append(saver.save(sess, os.path.join(folder, "m")))
    return [os.path.relpath(p, folder) for p in paths], _files(folder), \
        os.path.relpath(tf.train.latest_checkpoint(folder), folder)


@cases("var_list as a dict: saved under the given keys, restored into other variables")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        saver = tf1.train.Saver({"weights/kernel": w})
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            path = saver.save(sess, os.path.join(folder, "renamed"))
    with tf.Graph().as_default():
        other = tf.Variable([0.0, 0.0], name="other")
        with tf1.Session() as sess:
            tf1.train.Saver({"weights/kernel": other}).restore(sess, path)
            value = sess.run(other)
    return tf.train.list_variables(path), value


@cases("var_list as a list: only those variables are saved")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        w, b, count, step = _model(tf)
        saver = tf1.train.Saver([count, w])
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            path = saver.save(sess, os.path.join(folder, "some"))
    return tf.train.list_variables(path), tf.train.load_variable(path, "count")


@cases("training stopped, saved, restored in a new graph and Session, then continued", rtol=1e-5)
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    xs = np.linspace(-1, 1, 8, dtype=np.float32).reshape(-1, 1)
    ys = 2.0 * xs - 1.0

    def build():
        x = tf1.placeholder(tf.float32, [None, 1])
        y = tf1.placeholder(tf.float32, [None, 1])
        with tf1.variable_scope("linear"):
            w = tf1.get_variable("w", [1, 1], initializer=tf1.constant_initializer(0.5))
            b = tf1.get_variable("b", [1], initializer=tf1.zeros_initializer())
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        step = tf1.train.get_or_create_global_step()
        train_op = tf1.train.MomentumOptimizer(0.1, 0.9).minimize(loss, global_step=step)
        return x, y, loss, train_op, step

    with tf.Graph().as_default():
        x, y, loss, train_op, step = build()
        saver = tf1.train.Saver()
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(3):
                sess.run(train_op, {x: xs, y: ys})
            path = saver.save(sess, os.path.join(folder, "train"), global_step=step)
    with tf.Graph().as_default():
        x, y, loss, train_op, step = build()
        saver = tf1.train.Saver()
        with tf1.Session() as sess:
            saver.restore(sess, tf.train.latest_checkpoint(folder))
            losses = [sess.run([train_op, loss], {x: xs, y: ys})[1] for _ in range(3)]
            return os.path.relpath(path, folder), losses, sess.run(step), \
                [name for name, _ in tf.train.list_variables(folder)]


@cases("restore(sess, None): TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        tf.Variable(1.0)
        tf.compat.v1.train.Saver().restore(None, None)


@cases("restore from a path that is not a checkpoint: TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        tf.Variable(1.0)
        with tf.compat.v1.Session() as sess:
            # (a relative path that does not exist: the message is the same in both runs)
            tf.compat.v1.train.Saver().restore(sess, "no-such-folder-for-saver/nothing-here")


@cases("restore when the checkpoint lacks a variable: TF's NotFoundError", compare_message=False)
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        tf.Variable(1.0, name="a")
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            path = tf1.train.Saver().save(sess, os.path.join(folder, "only_a"))
        tf.Variable(2.0, name="b")
        with tf1.Session() as sess:
            tf1.train.Saver().restore(sess, path)


@cases("a Saver with no variables: TF's ValueError")
def _(tf):
    with tf.Graph().as_default():
        tf.compat.v1.train.Saver()


@cases("eagerly a Saver needs var_list: TF's RuntimeError")
def _(tf):
    tf.Variable(1.0)
    tf.compat.v1.train.Saver()


@cases("eagerly with var_list: save and restore without a Session")
def _(tf):
    folder = tempfile.mkdtemp()
    v = tf.Variable([1.0, 2.0], name="ev")
    saver = tf.compat.v1.train.Saver([v])
    path = saver.save(None, os.path.join(folder, "eager"))
    v.assign([0.0, 0.0])
    saver.restore(None, path)
    return os.path.relpath(path, folder), v.numpy(), tf.train.list_variables(folder)


@cases("get_checkpoint_state of a folder without checkpoints is None")
def _(tf):
    return tf.compat.v1.train.get_checkpoint_state(tempfile.mkdtemp())


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
