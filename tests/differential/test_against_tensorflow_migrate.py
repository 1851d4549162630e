"""TF's migration guides (TF1 -> TF2) against TF 2.21 (rules: tf_compare.py): the
`tf.compat.v1` pieces they use beside their TF2 forms (guide/migrate/*.ipynb),
such as TF2 checkpoints saved and restored in TF1 sessions."""
from __future__ import annotations

import importlib
import os
import tempfile

import pytest

from .tf_compare import Cases, check

cases = Cases()


@cases("import <tf>.compat.v1 by name gives the module tf.compat.v1")
def _(tf):
    module = importlib.import_module(tf.__name__ + ".compat.v1")
    return module is tf.compat.v1, hasattr(module, "Session")


@cases("a rank-0 tf.where result's numpy() is a NumPy scalar")
def _(tf):
    value = tf.where(tf.constant(True), 1.0, 2.0).numpy()
    return type(value).__name__, value, type(tf.where([True], 1.0, 2.0).numpy()).__name__


@cases("keras Accuracy: result().numpy() after updates is a float32 scalar (guide's cells)")
def _(tf):
    accuracy = tf.keras.metrics.Accuracy()
    accuracy.update_state(y_true=[0, 0, 1, 1], y_pred=[0, 0, 0, 1])
    first = accuracy.result().numpy()
    accuracy.update_state(y_true=[0, 0, 1, 1], y_pred=[0, 0, 0, 0])
    accuracy.update_state(y_true=[0, 0, 1, 1], y_pred=[1, 1, 0, 0])
    return repr(first), repr(accuracy.result().numpy())


def _tf1_checkpoint(tf, folder):
    """A TF1 Saver checkpoint saved eagerly: a=1, scoped/c=3 (the guide's cell)."""
    a = tf.Variable(1.0, name="a")
    with tf.name_scope("scoped"):
        c = tf.Variable(3.0, name="c")
    return tf.compat.v1.train.Saver(var_list=[a, c]).save(None, os.path.join(folder, "tf1"))


@cases("Checkpoint.save in a TF1 Session: numbered from 1, the session's values (not the "
       "initial ones), names escaped ('/' -> '.S', '.' -> '..')")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        a = tf1.get_variable("a", shape=[], initializer=tf1.constant_initializer(1))
        b = tf1.get_variable("b", shape=[2], initializer=tf1.zeros_initializer())
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            sess.run([a.assign(5.0), b.assign([2.0, 3.0])])
            ckpt = tf.train.Checkpoint(v={"x/y": a, "p.q": b})
            first = ckpt.save(os.path.join(folder, "c"))
            second = ckpt.save(os.path.join(folder, "c"))
    reader = tf.train.load_checkpoint(second)
    keys = sorted(k for k in reader.get_variable_to_shape_map() if k != "_CHECKPOINTABLE_OBJECT_GRAPH")
    return ([os.path.basename(first), os.path.basename(second)], keys,
            [reader.get_tensor(k) for k in keys])


@cases("restore in a TF1 Session: values reach the session at run_restore_ops(), not before")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    x = tf.Variable(4.0)
    path = tf.train.Checkpoint(unscoped=[x], scoped={"c/d": tf.Variable([1.0, 2.0])}).save(
        os.path.join(folder, "c"))
    with tf.Graph().as_default():
        a = tf1.get_variable("other_name", shape=[], initializer=tf1.zeros_initializer())
        with tf1.variable_scope("different_scope"):
            c = tf1.get_variable("c", shape=[2], initializer=tf1.zeros_initializer())
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            status = tf.train.Checkpoint(unscoped=[a], scoped={"c/d": c}).restore(path)
            before = sess.run([a, c])
            returned = status.assert_consumed().run_restore_ops()
            return type(status).__name__, before, returned, sess.run([a, c])


@cases("eagerly, restore assigns at once and run_restore_ops() does nothing (returns None)")
def _(tf):
    folder = tempfile.mkdtemp()
    path = tf.train.Checkpoint(v=[tf.Variable(2.0)]).save(os.path.join(folder, "c"))
    v = tf.Variable(0.0)
    status = tf.train.Checkpoint(v=[v]).restore(path)
    first = v.numpy()
    return first, status.run_restore_ops(), v.numpy()


@cases("Checkpoint.restore of a TF1 Saver checkpoint matches variables by name "
       "(NameBasedSaverStatus), save_counter left at 0")
def _(tf):
    path = _tf1_checkpoint(tf, tempfile.mkdtemp())
    a, c = tf.Variable(0.0, name="a"), tf.Variable(0.0, name="scoped/c")
    ckpt = tf.train.Checkpoint(variables=[a, c])
    status = ckpt.restore(path)
    status.assert_consumed()
    return type(status).__name__, a.numpy(), c.numpy(), ckpt.save_counter.numpy()


@cases("name-based restore: a variable whose name the TF1 checkpoint lacks fails "
       "assert_consumed with an AssertionError naming it; the others are restored")
def _(tf):
    path = _tf1_checkpoint(tf, tempfile.mkdtemp())
    a, z = tf.Variable(0.0, name="a"), tf.Variable(0.0, name="zz")
    status = tf.train.Checkpoint(vs=[a, z]).restore(path)
    try:
        status.assert_consumed()
    except AssertionError as e:
        return a.numpy(), z.numpy(), str(e).replace("ResourceVariable", "Variable")
    return "no error"


@cases("the guide's convert_tf2_to_tf1: a TF2 key var_list/scoped.Sc unescaped back to scoped/c")
def _(tf):
    folder = tempfile.mkdtemp()
    c = tf.Variable(3.0)
    tf2_path = tf.train.Checkpoint(var_list={"scoped/c": c}).save(os.path.join(folder, "t"))
    reader = tf.train.load_checkpoint(tf2_path)
    names = {}
    for key in reader.get_variable_to_dtype_map():
        if key.startswith("var_list/"):
            names[key.split("/")[1].replace(".S", "/")] = tf.Variable(reader.get_tensor(key))
    path = tf.compat.v1.train.Saver(var_list=names).save(None, os.path.join(folder, "tf1"))
    return sorted(names), tf.train.list_variables(path)


@cases("keras.metrics.SparseCategoricalCrossentropy: default name, probabilities and logits, "
       "(n, 1) labels, sample weights, reset, and update_state inside a tf.function")
def _(tf):
    logits = tf.keras.metrics.SparseCategoricalCrossentropy(from_logits=True)
    logits.update_state(tf.constant([1]), tf.constant([[0.0, 0.0]]))
    first = logits.result()
    probs = tf.keras.metrics.SparseCategoricalCrossentropy()
    probs.update_state(tf.constant([0, 2]), tf.constant([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]]))
    two = probs.result()
    probs.update_state(tf.constant([[1]]), tf.constant([[0.2, 0.5, 0.3]]),
                       sample_weight=tf.constant([2.0]))
    weighted = probs.result()
    probs.reset_state()

    @tf.function
    def step(y, p):
        logits.update_state(y, p)

    step(tf.constant([0, 1]), tf.constant([[2.0, 1.0], [0.5, -1.0]]))
    return probs.name, first, two, weighted, probs.result(), logits.result()


@cases("tf.saved_model's signature and tag constants (plain strings)")
def _(tf):
    sm = tf.saved_model
    return [sm.DEFAULT_SERVING_SIGNATURE_DEF_KEY, sm.SERVING, sm.TRAINING, sm.GPU, sm.TPU,
            sm.PREDICT_METHOD_NAME, sm.CLASSIFY_METHOD_NAME, sm.REGRESS_METHOD_NAME,
            sm.PREDICT_INPUTS, sm.PREDICT_OUTPUTS, sm.CLASSIFY_INPUTS, sm.CLASSIFY_OUTPUT_CLASSES,
            sm.CLASSIFY_OUTPUT_SCORES, sm.REGRESS_INPUTS, sm.REGRESS_OUTPUTS]


@cases("the guide's TF2 save: a Module's __call__ and a serving signature under "
       "DEFAULT_SERVING_SIGNATURE_DEF_KEY from another tf.function's concrete function")
def _(tf):
    class MyModel(tf.Module):
        @tf.function
        def __call__(self, x):
            return x + 2

    model = MyModel()

    @tf.function
    def serving_default(x):
        return {"output": model(x)}

    folder = os.path.join(tempfile.mkdtemp(), "tf2-save")
    key = tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY
    tf.saved_model.save(model, folder, signatures={
        key: serving_default.get_concrete_function(tf.TensorSpec(shape=[], dtype=tf.float32))})
    loaded = tf.saved_model.load(folder)
    return (loaded(5.0), list(loaded.signatures.keys()),
            loaded.signatures[key](x=tf.constant(5.0)))


@cases("compile(steps_per_execution=3): the batch hooks once per 3 steps (begin at the first, "
       "end at first + 2, also for a last short execution), the same losses as 1 step")
def _(tf):
    import numpy as np
    seen = []

    class Hooks(tf.keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            seen.append(("begin", batch))

        def on_train_batch_end(self, batch, logs=None):
            seen.append(("end", batch, sorted(logs)))

        def on_test_batch_end(self, batch, logs=None):
            seen.append(("test end", batch))

    losses = []
    for n in (3, 1):
        model = tf.keras.Sequential([tf.keras.Input((2,)),
                                     tf.keras.layers.Dense(1, kernel_initializer="ones")])
        model.compile("sgd", "mse", steps_per_execution=n)
        x = np.arange(20, dtype="float32").reshape(10, 2) / 20
        history = model.fit(x, np.ones((10, 1)), batch_size=2, epochs=2, verbose=0, shuffle=False,
                            callbacks=[Hooks()] if n == 3 else [],
                            validation_data=(x[:4], np.ones((4, 1))))
        losses.append(history.history)
        if n == 3:
            model.evaluate(x, np.ones((10, 1)), batch_size=2, verbose=0, callbacks=[Hooks()])
            spe = model.steps_per_execution
    return seen, spe, losses[0], losses[1]


def _init_from(tf, mapping, names=("a", "b", "scoped/c")):
    """The guide's TF1 checkpoint (a=1, b=[2, 2], scoped/c=3), then new get_variable
    variables under "new_scope" initialized by init_from_checkpoint(mapping)."""
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        tf1.get_variable("a", shape=[], initializer=tf1.constant_initializer(1))
        tf1.get_variable("b", shape=[2], initializer=tf1.constant_initializer(2))
        with tf1.variable_scope("scoped"):
            tf1.get_variable("c", shape=[], initializer=tf1.constant_initializer(3))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            path = tf1.train.Saver().save(sess, os.path.join(folder, "tf1-ckpt"))
    with tf.Graph().as_default():
        with tf1.variable_scope("new_scope"):
            made = [tf1.get_variable(n, shape=[2] if n == "b" else [],
                                     initializer=tf1.zeros_initializer()) for n in names]
        tf1.train.init_from_checkpoint(path, mapping(made) if callable(mapping) else mapping)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            return [v.name for v in made], sess.run(made)


@cases("init_from_checkpoint {'/': 'new_scope/'}: every variable from the checkpoint's root")
def _(tf):
    return _init_from(tf, {"/": "new_scope/"})


@cases("init_from_checkpoint scope to scope, name to name, name to a Variable object; an "
       "unmatched scope changes nothing")
def _(tf):
    return [_init_from(tf, {"scoped/": "new_scope/scoped/"}),
            _init_from(tf, {"scoped/c": "new_scope/a"}),
            _init_from(tf, lambda made: {"b": made[1]}),
            _init_from(tf, {"/": "other/"})]


@cases("init_from_checkpoint errors: a shape mismatch, a scope mapped to a name, a variable "
       "the checkpoint lacks")
def _(tf):
    out = []
    for mapping, names in [({"a": "new_scope/b"}, ("a", "b")), ({"scoped": "new_scope/"}, ("a",)),
                           ({"/": "new_scope/"}, ("a", "zz"))]:
        try:
            _init_from(tf, mapping, names)
        except ValueError as e:
            out.append(str(e).split(" is not found in ")[0])
    return out


@cases("init_from_checkpoint eagerly: a Variable object takes the value at once")
def _(tf):
    folder = tempfile.mkdtemp()
    path = tf.compat.v1.train.Saver([tf.Variable(1.5, name="a")]).save(
        None, os.path.join(folder, "c"))
    v = tf.Variable(0.0)
    tf.compat.v1.train.init_from_checkpoint(path, {"a": v})
    return v.numpy()


@cases("CheckpointReader lists keys in TF's (hash map) order: the guide's TF1 checkpoint "
       "(scoped/c, b, a), and 40 and 300 names (the map grows: 13, 29, 59, ... buckets)")
def _(tf):
    folder = tempfile.mkdtemp()
    out = [list(tf.train.load_checkpoint(_tf1_checkpoint(tf, folder)).get_variable_to_shape_map())]
    for n in (40, 300):
        names = {f"layer{i % 7}/w{i}": tf.Variable(float(i)) for i in range(n)}
        path = tf.compat.v1.train.Saver(names).save(None, os.path.join(folder, f"many{n}"))
        reader = tf.train.load_checkpoint(path)
        out.append([list(reader.get_variable_to_shape_map()),
                    list(reader.get_variable_to_dtype_map())])
    return out


@cases("CheckpointReader's order for a tf.train.Checkpoint's keys, _CHECKPOINTABLE_OBJECT_GRAPH "
       "included (the guide's dict and Module root)")
def _(tf):
    module = tf.Module()
    module.d = tf.Variable(0.0)
    path = tf.train.Checkpoint(v={"a": tf.Variable(0.0), "b": tf.Variable(0.0)},
                               c=tf.Variable(0.0), module=module).save(
        os.path.join(tempfile.mkdtemp(), "root-tf2-ckpt"))
    return list(tf.train.load_checkpoint(path).get_variable_to_shape_map())


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
