"""TF1 SavedModels, MetaGraphs and `wrap_function` against TF 2.21 (rules: tf_compare.py).

Each side writes and reads its own files (the engine's are its own documented
JSON, TF's are protobufs), so the cases compare what the guide
(guide/migrate/saved_model) and TF1 code see: what a session computes after
loading, the signatures as printed, the values a TF2 signature returns, tensor
names, and the errors.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile

import pytest

from .tf_compare import Cases, check

cases = Cases()


def _fixed_dir(name: str) -> str:
    """A folder whose path both runs share (it appears in TF's messages), emptied first."""
    path = os.path.join(tempfile.gettempdir(), f"tf1-saved-model-case-{name}")
    shutil.rmtree(path, ignore_errors=True)
    return path


def _add_two_model(tf, folder: str, simple: bool):
    """The guide's graph, `input + 2`, saved with Builder or simple_save."""
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            x = tf1.placeholder(tf.float32, shape=[])
            y = x + 2
            if simple:
                tf1.saved_model.simple_save(sess, folder, inputs={"input": x},
                                            outputs={"output": y})
                return None
            builder = tf1.saved_model.Builder(folder)
            sig = tf1.saved_model.predict_signature_def(inputs={"input": x}, outputs={"output": y})
            builder.add_meta_graph_and_variables(
                sess, tags=["serve"],
                signature_def_map={tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY: sig})
            builder.save()
            return str(sig), str(tf1.saved_model.utils.build_tensor_info(x)), sig.method_name


def _load_tf1(tf, folder: str, value):
    tf1 = tf.compat.v1
    with tf.Graph().as_default() as g:
        with tf1.Session() as sess:
            meta = tf1.saved_model.load(sess, ["serve"], folder)
            sig = meta.signature_def["serving_default"]
            out = sess.run(sig.outputs["output"].name, feed_dict={sig.inputs["input"].name: value})
            return out, str(sig), list(meta.meta_info_def.tags), \
                [op.name for op in g.get_operations()]


@cases("Builder (the guide): the SignatureDef and TensorInfo as printed; TF1 load into a Session")
def _(tf):
    folder = os.path.join(tempfile.mkdtemp(), "saved-model-builder")
    return _add_two_model(tf, folder, simple=False), _load_tf1(tf, folder, 5.0)


@cases("simple_save (the guide): TF1 load into a Session")
def _(tf):
    folder = os.path.join(tempfile.mkdtemp(), "simple-save")
    _add_two_model(tf, folder, simple=True)
    return _load_tf1(tf, folder, 5.0)


@cases("TF2's tf.saved_model.load of a TF1 SavedModel: signatures by position and by keyword")
def _(tf):
    folder = os.path.join(tempfile.mkdtemp(), "simple-save")
    _add_two_model(tf, folder, simple=True)
    loaded = tf.saved_model.load(folder)
    f = loaded.signatures["serving_default"]
    return (list(loaded.signatures), f(tf.constant(5.0)), f(input=tf.constant(1.5)),
            list(loaded.variables))


@cases("TF2's load of a TF1 signature with two inputs: printed, repr, by position (sorted keys)")
def _(tf):
    tf1 = tf.compat.v1
    folder = os.path.join(tempfile.mkdtemp(), "two")
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            b = tf1.placeholder(tf.float32, shape=[None], name="bb")
            a = tf1.placeholder(tf.float32, shape=[], name="aa")
            # (one output: TF orders a map's entries by its hash table, differently per run)
            tf1.saved_model.simple_save(sess, folder, inputs={"b": b, "a": a},
                                        outputs={"d": b - a})
    f = tf.saved_model.load(folder).signatures["serving_default"]
    return (str(f), re.sub(" at 0x[0-9A-F]+>", ">", repr(f)), str(f.structured_input_signature),
            f(a=tf.constant(1.0), b=tf.constant([1.0, 2.0])),
            f(tf.constant(1.0), tf.constant([1.0, 2.0])))


@cases("TF1's load of a TF2 SavedModel (the guide's tf2-save): its signature in a Session")
def _(tf):
    tf1 = tf.compat.v1

    class MyModel(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(2.0)

        @tf.function
        def __call__(self, x):
            return x * self.v + 2

    model = MyModel()

    @tf.function
    def serving_default(input):   # noqa: A002 - the guide's name
        return {"output": model(input)}

    folder = os.path.join(tempfile.mkdtemp(), "tf2-save")
    tf.saved_model.save(model, folder, signatures={"serving_default": serving_default
                                                   .get_concrete_function(
                                                       tf.TensorSpec(shape=[], dtype=tf.float32))})
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            meta = tf1.saved_model.load(sess, ["serve"], folder)
            sig = meta.signature_def["serving_default"]
            out = sess.run(sig.outputs["output"].name, {sig.inputs["input"].name: 5.0})
            return str(sig), out, tf1.global_variables(), list(meta.meta_info_def.tags)


@cases("TF1's load of a TF2 SavedModel with other tags: TF's RuntimeError")
def _(tf):
    module = tf.Module()
    module.v = tf.Variable(1.0)
    folder = os.path.join(tempfile.mkdtemp(), "tf2")
    tf.saved_model.save(module, folder)
    with tf.Graph().as_default():
        with tf.compat.v1.Session() as sess:
            tf.compat.v1.saved_model.load(sess, ["train"], folder)


def _weighted(tf, folder: str):
    """A graph with a variable whose value in the session differs from its initial value."""
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[None, 2], name="x")
        w = tf.Variable([[1.0], [2.0]], name="w")
        b = tf.Variable(0.5, name="b")
        y = tf.add(tf.matmul(x, w), b, name="y")
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            sess.run(tf1.assign(w, [[3.0], [-1.0]]))
            builder = tf1.saved_model.Builder(folder)
            builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={
                "predict": tf1.saved_model.predict_signature_def({"x": x}, {"y": y})})
            builder.save()


@cases("variables: a TF1 load and TF2's load both see the values the session had")
def _(tf):
    tf1 = tf.compat.v1
    folder = os.path.join(tempfile.mkdtemp(), "weighted")
    _weighted(tf, folder)
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            meta = tf1.saved_model.load(sess, ["serve"], folder)
            sig = meta.signature_def["predict"]
            tf1_out = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [[1.0, 1.0]]})
            names = sorted(v.name for v in tf1.global_variables())
            shapes = str(sig)
    loaded = tf.saved_model.load(folder)
    out = loaded.signatures["predict"](x=tf.constant([[1.0, 1.0], [2.0, 0.0]]))
    return tf1_out, names, shapes, sorted(out), out["y"], \
        sorted((v.name, v.numpy().tolist()) for v in loaded.variables)


@cases("TF1 load with tags the SavedModel lacks: TF's RuntimeError")
def _(tf):
    folder = os.path.join(tempfile.mkdtemp(), "m")
    _add_two_model(tf, folder, simple=True)
    with tf.Graph().as_default():
        with tf.compat.v1.Session() as sess:
            tf.compat.v1.saved_model.load(sess, ["train"], folder)


@cases("Builder into a folder that is not empty: TF's AssertionError")
def _(tf):
    folder = _fixed_dir("nonempty")
    os.makedirs(folder)
    with open(os.path.join(folder, "something"), "w") as f:
        f.write("x")
    tf.compat.v1.saved_model.Builder(folder)


@cases("add_meta_graph before add_meta_graph_and_variables: TF's AssertionError")
def _(tf):
    builder = tf.compat.v1.saved_model.Builder(os.path.join(tempfile.mkdtemp(), "m"))
    with tf.Graph().as_default():
        builder.add_meta_graph(["serve"])


@cases("predict_signature_def without inputs, or without outputs: TF's ValueError")
def _(tf):
    errors = []
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32)
        for inputs, outputs in (({}, {"y": x}), ({"x": x}, None)):
            try:
                tf.compat.v1.saved_model.predict_signature_def(inputs, outputs)
            except ValueError as e:
                errors.append(str(e))
    return errors


@cases("build_tensor_info of an eager tensor: TF's RuntimeError")
def _(tf):
    tf.compat.v1.saved_model.build_tensor_info(tf.constant(1.0))


@cases("build_tensor_info: unknown dimensions and an unknown rank, int and string dtypes")
def _(tf):
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        a = tf1.placeholder(tf.int32, shape=[None, 3], name="a")
        b = tf1.placeholder(tf.string, name="b")
        c = tf1.placeholder(tf.float64, shape=[2], name="c")
        # (one key per map: TF prints a map's entries in its hash table's order)
        sig = tf1.saved_model.build_signature_def({"a": tf1.saved_model.build_tensor_info(a)},
                                                  {"b": tf1.saved_model.build_tensor_info(b)},
                                                  "my/method")
        return str(sig), str(tf1.saved_model.build_tensor_info(c)), \
            tf1.saved_model.signature_constants.PREDICT_METHOD_NAME, \
            tf1.saved_model.tag_constants.SERVING


def _multiply(tf, folder: str) -> None:
    """The guide's MetaGraph: x * v, exported with the Saver, and the Saver's checkpoint."""
    tf1 = tf.compat.v1
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[], name="x")
        v = tf.Variable(3.0, name="v")
        tf.multiply(x, v, name="y")
        with tf1.Session() as sess:
            sess.run(v.initializer)
            sess.run(v.assign(4.0))
            saver = tf1.train.Saver()
            saver.export_meta_graph(os.path.join(folder, "multiply.pb"), as_text=True)
            saver.save(sess, os.path.join(folder, "multiply_values.ckpt"))


@cases("Saver.export_meta_graph, import_meta_graph, and its Saver's restore (the guide)")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    _multiply(tf, folder)
    with tf.Graph().as_default() as g:
        meta = tf1.train.import_meta_graph(os.path.join(folder, "multiply.pb"))
        x, y = g.get_tensor_by_name("x:0"), g.get_tensor_by_name("y:0")
        with tf1.Session() as sess:
            meta.restore(sess, os.path.join(folder, "multiply_values.ckpt"))
            restored = sess.run(y, feed_dict={x: 5})
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())   # (the initializer came along)
            initial = sess.run(y, feed_dict={x: 5})
        return type(meta).__name__, restored, initial, str(x), str(y), \
            [v.name for v in tf1.global_variables()]


@cases("tf.compat.v1.train.export_meta_graph without a Saver: import gives a Saver of all")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        a = tf.Variable([1.0, 2.0], name="a")
        tf.reduce_sum(a * 2.0, name="total")
        tf1.train.export_meta_graph(os.path.join(folder, "g.meta"))
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            sess.run(a.assign([5.0, 6.0]))
            tf1.train.Saver().save(sess, os.path.join(folder, "ckpt"))
    with tf.Graph().as_default() as g:
        saver = tf1.train.import_meta_graph(os.path.join(folder, "g.meta"))
        with tf1.Session() as sess:
            saver.restore(sess, os.path.join(folder, "ckpt"))
            return type(saver).__name__, sess.run(g.get_tensor_by_name("total:0"))


@cases("import_meta_graph of a graph without variables returns None")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        p = tf1.placeholder(tf.int32, shape=[3], name="p")
        tf.square(p, name="c")
        tf1.train.export_meta_graph(os.path.join(folder, "g.meta"))
    with tf.Graph().as_default():
        saver = tf1.train.import_meta_graph(os.path.join(folder, "g.meta"))
        with tf1.Session() as sess:
            return saver, sess.run("c:0", {"p:0": [1, 2, 3]})


@cases("a MetaGraph with tf.cond and tf.while_loop reading a variable, imported into a Session")
def _(tf):
    tf1 = tf.compat.v1
    path = os.path.join(tempfile.mkdtemp(), "control.pb")
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[], name="x")
        v = tf.Variable(3.0, name="v")
        y = tf.identity(tf.cond(x > 0, lambda: x * v, lambda: x - v), name="y")
        tf.identity(tf.while_loop(lambda i: i < 10.0, lambda i: i + v, [x])[0], name="z")
        tf1.train.export_meta_graph(path)
    with tf.Graph().as_default():
        tf1.train.import_meta_graph(path)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            imported = [sess.run(["y:0", "z:0"], {"x:0": value}) for value in (2.0, -2.0)]
    return imported, str(y)


@cases("Saver.save writes <path>.meta: import_meta_graph of it, restore of the latest checkpoint")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[None], name="x")
        w = tf.Variable(2.0, name="w")
        step = tf1.train.get_or_create_global_step()
        tf.multiply(x, w, name="y")
        train = tf.group(tf1.assign_add(w, 1.0), tf1.assign_add(step, 1))
        saver = tf1.train.Saver(max_to_keep=2)
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            for _ in range(3):
                sess.run(train)
                saver.save(sess, os.path.join(folder, "model"), global_step=step)
    listing = sorted(os.listdir(folder))
    with tf.Graph().as_default():
        restorer = tf1.train.import_meta_graph(os.path.join(folder, "model-3.meta"))
        with tf1.Session() as sess:
            restorer.restore(sess, tf.train.latest_checkpoint(folder))
            return listing, sess.run("y:0", {"x:0": [1.0, 2.0]}), \
                [(v.name, sess.run(v)) for v in tf1.global_variables()]


@cases("import_meta_graph of a file that does not exist: TF's OSError")
def _(tf):
    with tf.Graph().as_default():
        tf.compat.v1.train.import_meta_graph(os.path.join(_fixed_dir("missing"), "nothing.pb"))


@cases("import_meta_graph and export_meta_graph eagerly: TF's RuntimeError")
def _(tf):
    errors = []
    for call in (lambda: tf.compat.v1.train.import_meta_graph("nothing.pb"),
                 lambda: tf.compat.v1.train.export_meta_graph()):
        try:
            call()
        except RuntimeError as e:
            errors.append(str(e))
    return errors


@cases("wrap_function + import_meta_graph + prune (the guide); the wrapped variables")
def _(tf):
    tf1 = tf.compat.v1
    folder = tempfile.mkdtemp()
    _multiply(tf, folder)

    def import_multiply():
        tf1.train.import_meta_graph(os.path.join(folder, "multiply.pb"))

    wrapped = tf1.wrap_function(import_multiply, [])
    x = wrapped.graph.get_tensor_by_name("x:0")
    y = wrapped.graph.get_tensor_by_name("y:0")
    tf1.train.Saver(wrapped.variables).restore(sess=None,
                                              save_path=os.path.join(folder, "multiply_values.ckpt"))
    multiply = wrapped.prune(feeds=x, fetches=y)
    as_lists = wrapped.prune(feeds=[x], fetches=[y, y])
    return (multiply(tf.constant(5.0)), as_lists(tf.constant(2.0)),
            [(v.name, v.numpy()) for v in wrapped.variables])


@cases("wrap_function with a signature: called like a concrete function")
def _(tf):
    def scale(a, b):
        return a * 2.0 + b

    wrapped = tf.compat.v1.wrap_function(
        scale, [tf.TensorSpec([None], tf.float32), tf.TensorSpec([], tf.float32)])
    return wrapped(tf.constant([1.0, 2.0]), tf.constant(0.5)), \
        [(t.shape.as_list(), t.dtype.name) for t in wrapped.inputs]


@cases("wrap_function: a variable made inside is lifted out, with its initial value")
def _(tf):
    def build():
        v = tf.compat.v1.get_variable("vv", initializer=4.0)
        return v * 2.0

    wrapped = tf.compat.v1.wrap_function(build, [])
    first = wrapped()
    wrapped.variables[0].assign(1.5)
    return first, wrapped(), [v.name for v in wrapped.variables]


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
