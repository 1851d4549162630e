"""What TF's migration guides (TF1 -> TF2) need, without TensorFlow: `import
tensorflow.compat.v1 as tf1`, TF2 checkpoints made and restored in TF1 sessions,
name-based checkpoints read by `tf.train.Checkpoint`. The same cases run against
TF 2.21 in tests/differential/test_against_tensorflow_migrate.py."""
from __future__ import annotations

import importlib

import numpy as np
import pytest

import course.engine as tf

tf1 = tf.compat.v1


def test_compat_v1_imports_by_name_as_the_same_module():
    """TF1 code opens with `import tensorflow.compat.v1 as tf1`: the module is tf.compat.v1."""
    assert importlib.import_module("course.engine.compat.v1") is tf.compat.v1
    assert importlib.import_module("course.engine.compat") is tf.compat
    from course.engine.compat import v1
    assert v1 is tf1


def test_rank0_where_gives_a_numpy_scalar():
    """TF: a rank-0 tensor's .numpy() is a NumPy scalar (np.float32), also from tf.where,
    so a metric's result().numpy() shows as np.float32(0.75)."""
    value = tf.where(tf.constant(True), 1.0, 2.0).numpy()
    assert type(value) is np.float32 and value == 1.0
    assert type(tf.where([True, False], 1.0, 2.0).numpy()) is np.ndarray
    accuracy = tf.keras.metrics.Accuracy()
    accuracy.update_state(y_true=[0, 0, 1, 1], y_pred=[0, 0, 0, 1])
    assert repr(accuracy.result().numpy()) == "np.float32(0.75)"


def _tf1_checkpoint(folder) -> str:
    a = tf.Variable(1.0, name="a")
    with tf.name_scope("scoped"):
        c = tf.Variable(3.0, name="c")
    return tf1.train.Saver(var_list=[a, c]).save(None, str(folder / "tf1"))


def test_checkpoint_save_in_a_session_writes_the_sessions_values(tmp_path):
    """TF: Checkpoint.save inside a TF1 Session saves what the session holds (5.0, assigned
    there), numbered from 1 (the save counter counts even while a graph is the default)."""
    with tf.Graph().as_default():
        a = tf1.get_variable("a", shape=[], initializer=tf1.constant_initializer(1))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            sess.run(a.assign(5.0))
            path = tf.train.Checkpoint(v=[a]).save(str(tmp_path / "c"))
    assert path.endswith("c-1")
    assert tf.train.load_variable(path, "v/0/.ATTRIBUTES/VARIABLE_VALUE") == 5.0


def test_checkpoint_save_of_graph_variables_needs_a_session(tmp_path):
    """A TF1 graph's variables have values only in a Session: without one, a clear error."""
    with tf.Graph().as_default():
        a = tf1.get_variable("a", shape=[], initializer=tf1.zeros_initializer())
        with pytest.raises(ValueError, match="without a Session"):
            tf.train.Checkpoint(v=[a]).write(str(tmp_path / "c"))


def test_restore_in_a_session_waits_for_run_restore_ops(tmp_path):
    """TF: in a TF1 graph, restore makes restore ops; run_restore_ops() runs them in the
    default session (the variables keep their values until then)."""
    path = tf.train.Checkpoint(v=[tf.Variable(2.5)]).save(str(tmp_path / "c"))
    with tf.Graph().as_default():
        a = tf1.get_variable("a", shape=[], initializer=tf1.zeros_initializer())
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            status = tf.train.Checkpoint(v=[a]).restore(path).assert_consumed()
            assert sess.run(a) == 0.0
            assert status.run_restore_ops() is None
            assert sess.run(a) == 2.5


def test_names_with_slash_and_dot_are_escaped_as_tf_and_restore(tmp_path):
    """TF escapes each name of a path: "." -> "..", "/" -> ".S"; restoring (also deferred,
    into a dict filled later) finds the variable under the original key."""
    ckpt = tf.train.Checkpoint(v={"x/y": tf.Variable(1.0), "p.q": tf.Variable(2.0)})
    path = ckpt.save(str(tmp_path / "c"))
    keys = {k for k, _ in tf.train.list_variables(path)}
    assert {"v/x.Sy/.ATTRIBUTES/VARIABLE_VALUE", "v/p..q/.ATTRIBUTES/VARIABLE_VALUE"} <= keys
    x, p = tf.Variable(0.0), tf.Variable(0.0)
    tf.train.Checkpoint(v={"x/y": x, "p.q": p}).restore(path).assert_consumed()
    assert (x.numpy(), p.numpy()) == (1.0, 2.0)
    later = tf.train.Checkpoint(v={})
    later.restore(path)
    later.v["x/y"] = y = tf.Variable(0.0)
    assert y.numpy() == 1.0


def test_escape_round_trips():
    from course.engine.tracking import escape, unescape
    for name in ["a", "a/b", "a.b", "a..S/b.S", ".", "/"]:
        assert unescape(escape(name)) == name
    assert escape("scoped/c") == "scoped.Sc" and escape("p.q") == "p..q"


def test_name_based_restore_of_a_tf1_checkpoint(tmp_path, caplog):
    """TF: Checkpoint.restore of a TF1 (name-based) checkpoint matches variables by name,
    leaves save_counter at 0 and logs TF's deprecation notice."""
    path = _tf1_checkpoint(tmp_path)
    a, c = tf.Variable(0.0, name="a"), tf.Variable(0.0, name="scoped/c")
    ckpt = tf.train.Checkpoint(variables=[a, c])
    status = ckpt.restore(path)
    assert type(status).__name__ == "NameBasedSaverStatus"
    status.assert_consumed().expect_partial()
    assert (a.numpy(), c.numpy(), ckpt.save_counter.numpy()) == (1.0, 3.0, 0)


def test_name_based_restore_reports_unmatched_variables(tmp_path):
    path = _tf1_checkpoint(tmp_path)
    z = tf.Variable(0.0, name="zz")
    status = tf.train.Checkpoint(vs=[z]).restore(path)
    with pytest.raises(AssertionError, match=r"not restored: \n    <tf.Variable 'zz:0'.*\['zz'\]"):
        status.assert_consumed()


def test_name_based_restore_checks_shapes_before_assigning(tmp_path):
    path = _tf1_checkpoint(tmp_path)
    a, c = tf.Variable(0.0, name="a"), tf.Variable([0.0, 0.0], name="scoped/c")
    with pytest.raises(ValueError, match="Cannot restore scoped/c"):
        tf.train.Checkpoint(vs=[a, c]).restore(path)
    assert a.numpy() == 0.0


def test_sparse_categorical_crossentropy_metric_averages_the_loss():
    """keras.metrics.SparseCategoricalCrossentropy: the mean of -log p(label) over samples,
    weighted; from_logits=True applies softmax first (-log(1/2) for equal logits)."""
    m = tf.keras.metrics.SparseCategoricalCrossentropy(from_logits=True)
    assert m.name == "sparse_categorical_crossentropy"
    m.update_state(tf.constant([1]), tf.constant([[0.0, 0.0]]))
    np.testing.assert_allclose(m.result().numpy(), np.log(2.0), rtol=1e-6)
    p = tf.keras.metrics.SparseCategoricalCrossentropy()
    p.update_state(tf.constant([0, 2]), tf.constant([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]]),
                   sample_weight=tf.constant([1.0, 3.0]))
    expected = -(np.log(0.1) + 3 * np.log(0.4)) / 4
    np.testing.assert_allclose(p.result().numpy(), expected, rtol=1e-6)
    with pytest.raises(NotImplementedError, match="axis"):
        tf.keras.metrics.SparseCategoricalCrossentropy(axis=0)


def test_saved_model_constants_are_tfs_strings():
    """TF: the signature key and tags are plain strings ("serving_default", "serve")."""
    assert tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY == "serving_default"
    assert (tf.saved_model.SERVING, tf.saved_model.TRAINING) == ("serve", "train")
    assert tf.saved_model.PREDICT_METHOD_NAME == "tensorflow/serving/predict"


def test_steps_per_execution_calls_batch_hooks_once_per_execution():
    """Keras 3: with steps_per_execution=3 over 5 batches, on_train_batch_begin(0), end(2),
    begin(3), end(5) (first + n - 1, also for the short last execution); stop_training set
    in a batch-end hook stops after that execution; the progress bar never passes 5/5."""
    seen = []

    class Hooks(tf.keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            seen.append(("begin", batch))

        def on_train_batch_end(self, batch, logs=None):
            seen.append(("end", batch))

    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile("sgd", "mse", steps_per_execution=3)
    model.fit(np.ones((10, 2)), np.ones((10, 1)), batch_size=2, verbose=0, callbacks=[Hooks()])
    assert seen == [("begin", 0), ("end", 2), ("begin", 3), ("end", 5)]

    class Stop(tf.keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(batch)
            self.model.stop_training = True

    seen.clear()
    model.fit(np.ones((10, 2)), np.ones((10, 1)), batch_size=2, epochs=3, verbose=0,
              callbacks=[Stop()])
    assert seen == [2]


def test_steps_per_execution_must_be_a_positive_int():
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="steps_per_execution must be a positive integer"):
            model.compile("sgd", "mse", steps_per_execution=bad)


def test_steps_per_execution_progress_bar_ends_at_the_batch_count(capsys):
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile("sgd", "mse", steps_per_execution=3)
    model.fit(np.ones((10, 2)), np.ones((10, 1)), batch_size=2, verbose=1)
    out = capsys.readouterr().out
    assert "3/5" in out and "5/5" in out and "6/5" not in out


def _saved_tf1(tmp_path) -> str:
    with tf.Graph().as_default():
        tf1.get_variable("a", shape=[], initializer=tf1.constant_initializer(1))
        with tf1.variable_scope("scoped"):
            tf1.get_variable("c", shape=[2], initializer=tf1.constant_initializer(3))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            return tf1.train.Saver().save(sess, str(tmp_path / "tf1-ckpt"))


def test_init_from_checkpoint_replaces_the_initializers(tmp_path):
    """TF: init_from_checkpoint(path, {"/": "new_scope/"}) makes the initializers of
    new_scope's get_variable variables assign the saved values of the same names."""
    path = _saved_tf1(tmp_path)
    with tf.Graph().as_default():
        with tf1.variable_scope("new_scope"):
            a = tf1.get_variable("a", shape=[], initializer=tf1.zeros_initializer())
            c = tf1.get_variable("scoped/c", shape=[2], initializer=tf1.zeros_initializer())
        other = tf1.get_variable("other", shape=[], initializer=tf1.ones_initializer())
        tf1.train.init_from_checkpoint(path, {"/": "new_scope/"})
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            got = sess.run([a, c, other])
    assert got[0] == 1.0 and list(got[1]) == [3.0, 3.0] and got[2] == 1.0


def test_init_from_checkpoint_errors_name_the_problem(tmp_path):
    path = _saved_tf1(tmp_path)
    with tf.Graph().as_default():
        with tf1.variable_scope("new_scope"):
            tf1.get_variable("a", shape=[2], initializer=tf1.zeros_initializer())
            tf1.get_variable("zz", shape=[], initializer=tf1.zeros_initializer())
        with pytest.raises(ValueError, match=r"Shape of variable new_scope/a:0 \(\(2,\)\)"):
            tf1.train.init_from_checkpoint(path, {"a": "new_scope/a"})
        with pytest.raises(ValueError, match="Tensor nope is not found"):
            tf1.train.init_from_checkpoint(path, {"nope": "new_scope/zz"})
        with pytest.raises(ValueError, match="Should be 'scope/': 'other_scope/'"):
            tf1.train.init_from_checkpoint(path, {"scoped": "new_scope/"})
        with pytest.raises(ValueError, match=r"Tensor zz \(zz in /\) is not found"):
            tf1.train.init_from_checkpoint(path, {"/": "new_scope/"})


def test_string_hash_is_libstdcxx_hash_bytes():
    """std::hash<std::string> (libstdc++, 64-bit): MurmurHash2-style with seed 0xc70f6907;
    the empty string hashes to shift_mix(shift_mix(seed * m) * m) with m = 0xc6a4a7935bd1e995
    (the loop and the tail never run)."""
    from course.engine.saving.hash_order import string_hash
    m, mask = 0xc6a4a7935bd1e995, (1 << 64) - 1
    mix = lambda v: v ^ (v >> 47)  # noqa: E731
    assert string_hash(b"") == mix((mix(0xc70f6907) * m) & mask)
    assert string_hash(b"a") != string_hash(b"b") and 0 <= string_hash(b"scoped/c") <= mask


def test_reader_lists_keys_in_tfs_hash_map_order(tmp_path):
    """TF's migration guide prints a TF1 checkpoint of a, b, scoped/c as scoped/c, b, a (three
    keys in 13 buckets, each in an empty bucket: every insertion goes to the front)."""
    path = tf1.train.Saver(var_list={"a": tf.Variable(1.0), "b": tf.Variable(2.0),
                                     "scoped/c": tf.Variable(3.0)}).save(None, str(tmp_path / "x"))
    reader = tf.train.load_checkpoint(path)
    assert list(reader.get_variable_to_shape_map()) == ["scoped/c", "b", "a"]
    assert list(reader.get_variable_to_dtype_map()) == ["scoped/c", "b", "a"]
    assert [k for k, _ in tf.train.list_variables(path)] == ["a", "b", "scoped/c"]


def test_unordered_map_order_collisions_and_growth():
    """Rules of libstdc++'s table: a key whose bucket is taken goes before that bucket's first
    node; the 14th key grows 13 buckets to 29 and relinks the list. Checked here against a
    plain model of the rules (the list as a Python list), TF's own orders in the
    differential tests."""
    from course.engine.saving.hash_order import string_hash, unordered_map_order

    def model(keys):
        order, buckets = [], 13
        for i, key in enumerate(keys):
            if i == 13:   # (grow: the old order re-inserted into 29 buckets)
                buckets, old, order = 29, order, []
                for k in old:
                    order = _model_insert(order, k, buckets, string_hash)
            order = _model_insert(order, key, buckets, string_hash)
        return order

    keys = sorted(f"layer{i % 3}/w{i}" for i in range(20))
    for n in (2, 13, 14, 20):
        assert unordered_map_order(keys[:n]) == model(keys[:n])


def _model_insert(order, key, buckets, string_hash):
    b = string_hash(key.encode()) % buckets
    for at, other in enumerate(order):
        if string_hash(other.encode()) % buckets == b:
            return order[:at] + [key] + order[at:]
    return [key] + order
