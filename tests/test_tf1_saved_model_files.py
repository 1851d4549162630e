"""The files of TF1 SavedModels and MetaGraphs (saving/tf1_saved_model.py, saving/meta_graph.py).

The rules of every reader (saving/reading.py): a damaged or hostile file gives
a TF error naming the file, nothing in it runs as code, sizes are checked before
anything is allocated, and no name in a file reaches outside the save's folder.
Writes are atomic: the MetaGraph file by temp+rename, the SavedModel's
manifest last.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os

import numpy as np
import pytest

import course.engine as tf

tf1 = tf.compat.v1


def _export_multiply(folder) -> str:
    """The guide's MetaGraph (x * v, v = 3.0) and a checkpoint where v is 4.0."""
    path = os.path.join(folder, "multiply.pb")
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[], name="x")
        v = tf.Variable(3.0, name="v")
        tf.multiply(x, v, name="y")
        with tf1.Session() as sess:
            sess.run(v.initializer)
            sess.run(v.assign(4.0))
            saver = tf1.train.Saver()
            saver.export_meta_graph(path)
            saver.save(sess, os.path.join(folder, "values"))
    return path


def _import(path):
    with tf.Graph().as_default() as g:
        tf1.train.import_meta_graph(path)
        return g


def _rewrite(path, change) -> None:
    with open(path) as f:
        doc = json.load(f)
    change(doc)
    with open(path, "w") as f:
        json.dump(doc, f)


def _node(doc, name):
    return next(n for n in doc["graph"]["nodes"] if n["name"] == name)


# -- what the files hold --------------------------------------------------------------------------
def test_import_meta_graph_keeps_node_names_and_the_initializer(tmp_path):
    """TF: an imported graph's nodes keep their names; global_variables_initializer gives a
    variable its saved initial value (3.0), the Saver's restore the checkpoint's (4.0)."""
    path = _export_multiply(tmp_path)
    with tf.Graph().as_default() as g:
        saver = tf1.train.import_meta_graph(path)
        names = [op.name for op in g.get_operations()]
        assert names[:6] == ["x", "v", "v/Initializer/initial_value", "v/Assign",
                             "y/ReadVariableOp", "y"]
        with tf1.Session() as sess:
            sess.run(tf1.global_variables_initializer())
            assert sess.run("y:0", {"x:0": 2.0}) == 6.0
            saver.restore(sess, str(tmp_path / "values"))
            assert sess.run("y:0", {"x:0": 2.0}) == 8.0


def test_the_meta_graph_file_is_json_written_atomically(tmp_path):
    """The documented format (no pickle); a second export replaces the file, no temp file stays."""
    path = _export_multiply(tmp_path)
    with open(path) as f:
        doc = json.load(f)
    assert doc["format"] == "course.engine.meta_graph" and doc["version"] == 1
    assert doc["variables"][0]["name"] == "v" and doc["saver"] == {"keys": {"v": 0}}
    _export_multiply(tmp_path)
    assert sorted(p for p in os.listdir(tmp_path) if p.startswith(".")) == []


def test_string_and_integer_constants_round_trip(tmp_path):
    """Const values are stored as base64 bytes (strings one by one) and come back equal."""
    path = str(tmp_path / "g.meta")
    with tf.Graph().as_default():
        tf.constant([b"a", b"\xff\x00", b""], name="s")
        tf.constant(np.arange(6, dtype=np.int64).reshape(2, 3), name="i")
        tf1.train.export_meta_graph(path)
    g = _import(path)
    with tf1.Session(graph=g) as sess:
        s, i = sess.run(["s:0", "i:0"])
    assert list(s) == [b"a", b"\xff\x00", b""]
    np.testing.assert_array_equal(i, np.arange(6).reshape(2, 3))


# -- damaged MetaGraph files ---------------------------------------------------------------------------
@pytest.mark.parametrize("change, message", [
    (lambda d: _node(d, "y").update(type="os.system"), r"unknown op type 'os\.system'"),
    (lambda d: _node(d, "y").update(inputs=[7, 7]), r"is not an earlier node"),
    (lambda d: _node(d, "x").update(type="Placeholder", dtype="resource"),
     r"placeholder holds values"),
    (lambda d: d["constants"]["c0"].update(shape=[1 << 20, 1 << 20]), r"absurd shape"),
    (lambda d: d["constants"]["c0"].update(data="AAAA"), r"does not hold 1 values"),
    (lambda d: d["constants"]["c0"].update(data="!!!!!!!="), r"base64|does not hold"),
    (lambda d: d["variables"][0].update(initializer=[0]), r"variable #0: invalid node indices"),
    (lambda d: d.update(format="something else"), r"not a course\.engine\.meta_graph"),
    (lambda d: _node(d, "y").update(shape=[5]), r"declared float32 \(5,\)"),
])
def test_a_tampered_meta_graph_names_the_file_and_the_problem(tmp_path, change, message):
    path = _export_multiply(tmp_path)
    _rewrite(path, change)
    with pytest.raises(tf.errors.DataLossError, match=message) as info:
        _import(path)
    assert path in str(info.value)


def test_a_truncated_meta_graph_is_data_loss_naming_the_file(tmp_path):
    path = _export_multiply(tmp_path)
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 2])
    with pytest.raises(tf.errors.DataLossError, match=f"MetaGraph file {path} is corrupted or "
                                                      "truncated"):
        _import(path)


def test_a_base64_constant_is_checked_before_it_is_decoded(tmp_path):
    """The data's length must be that of the declared shape before anything is allocated."""
    path = _export_multiply(tmp_path)
    huge = base64.b64encode(b"\0" * 64).decode()
    _rewrite(path, lambda d: d["constants"]["c0"].update(shape=[1 << 12, 1 << 12], data=huge))
    with pytest.raises(tf.errors.DataLossError, match="does not hold 16777216 values"):
        _import(path)


# -- TF1 SavedModels -------------------------------------------------------------------------------------
def _save_model(folder) -> str:
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            x = tf1.placeholder(tf.float32, shape=[], name="x")
            w = tf.Variable(2.0, name="w")
            sess.run(w.initializer)
            tf1.saved_model.simple_save(sess, str(folder), {"x": x}, {"y": x * w})
    return str(folder)


def _load_tf1(folder):
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            meta = tf1.saved_model.load(sess, ["serve"], folder)
            sig = meta.signature_def["serving_default"]
            return sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: 3.0})


def test_a_tf1_saved_model_round_trips_in_tf1_and_tf2(tmp_path):
    folder = _save_model(tmp_path / "m")
    assert sorted(os.listdir(folder)) == ["saved_model.json", "variables"]
    assert _load_tf1(folder) == 6.0
    loaded = tf.saved_model.load(folder)
    assert loaded.signatures["serving_default"](x=tf.constant(3.0))["y"].numpy() == 6.0


def test_the_manifest_is_written_last(tmp_path):
    """Until `save()` the folder is no SavedModel: loading it fails cleanly."""
    folder = str(tmp_path / "m")
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            x = tf1.placeholder(tf.float32, shape=[])
            builder = tf1.saved_model.Builder(folder)
            builder.add_meta_graph_and_variables(sess, ["serve"])
            assert os.path.isdir(os.path.join(folder, "variables"))
            with pytest.raises(OSError, match="SavedModel file does not exist at: "):
                tf1.saved_model.load(sess, ["serve"], folder)
            del x
            builder.save()
    assert _load_tf1_empty(folder) == []


def _load_tf1_empty(folder):
    with tf.Graph().as_default() as g:
        with tf1.Session() as sess:
            tf1.saved_model.load(sess, ["serve"], folder)
            return [v.name for v in tf1.global_variables()] + \
                [op.name for op in g.get_operations() if op.type == "VarHandleOp"]


def test_a_truncated_manifest_is_data_loss_naming_the_file(tmp_path):
    folder = _save_model(tmp_path / "m")
    manifest = os.path.join(folder, "saved_model.json")
    with open(manifest, "rb") as f:
        data = f.read()
    with open(manifest, "wb") as f:
        f.write(data[:100])
    with pytest.raises(tf.errors.DataLossError, match=f"{manifest} is corrupted or truncated"):
        _load_tf1(folder)
    with pytest.raises(tf.errors.DataLossError, match=f"{manifest} is corrupted or truncated"):
        tf.saved_model.load(folder)


def test_variables_from_another_save_are_refused(tmp_path):
    """The manifest names its variables index by SHA-256: another save's index is DataLoss."""
    first, second = _save_model(tmp_path / "a"), _save_model(tmp_path / "b")
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            w = tf.Variable(5.0, name="w")
            sess.run(w.initializer)
            tf1.saved_model.simple_save(sess, str(tmp_path / "c"), {"w": w.read_value()},
                                        {"y": w * 1.0})
    for name in ("variables.index", "variables.data-00000-of-00001"):
        os.replace(os.path.join(tmp_path, "c", "variables", name),
                   os.path.join(second, "variables", name))
    with pytest.raises(tf.errors.DataLossError, match=r"variables index .*does not match .*"
                                                      r"checksum mismatch"):
        _load_tf1(second)
    assert _load_tf1(first) == 6.0


def test_a_variables_index_cannot_name_a_file_outside_the_folder(tmp_path):
    folder = _save_model(tmp_path / "m")
    (tmp_path / "outside.data-00000-of-00001").write_bytes(b"secret")
    index = os.path.join(folder, "variables", "variables.index")
    _rewrite(index, lambda d: d.update(data_file="../../outside.data-00000-of-00001"))
    manifest = os.path.join(folder, "saved_model.json")
    with open(index, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    _rewrite(manifest, lambda d: d["files"]["variables_index"].update(sha256=digest))
    with pytest.raises((tf.errors.DataLossError, tf.errors.InvalidArgumentError),
                       match="variables.index"):
        _load_tf1(folder)


def test_a_tf2_saved_model_without_signatures_loads_into_a_session_with_none(tmp_path):
    """TF1's loader reads a TF2 SavedModel's signatures (here none: a Module without a
    tf.function) and adds nothing to the graph."""
    module = tf.Module()
    module.v = tf.Variable(1.0)
    tf.saved_model.save(module, str(tmp_path / "tf2"))
    with tf.Graph().as_default() as g:
        with tf1.Session() as sess:
            meta = tf1.saved_model.load(sess, ["serve"], str(tmp_path / "tf2"))
    assert meta.signature_def == {} and meta.meta_info_def.tags == ["serve"]
    assert g.get_operations() == []


def test_builder_refuses_a_reserved_signature_key(tmp_path):
    """TF: "__saved_model_init_op" is reserved for initialization."""
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            x = tf1.placeholder(tf.float32, shape=[])
            sig = tf1.saved_model.predict_signature_def({"x": x}, {"y": x})
            builder = tf1.saved_model.Builder(str(tmp_path / "m"))
            with pytest.raises(KeyError, match="reserved for initialization"):
                builder.add_meta_graph_and_variables(sess, ["serve"],
                                                     {"__saved_model_init_op": sig})


def test_tf2_load_needs_tags_when_there_are_several_meta_graphs(tmp_path):
    folder = str(tmp_path / "m")
    with tf.Graph().as_default():
        with tf1.Session() as sess:
            x = tf1.placeholder(tf.float32, shape=[])
            builder = tf1.saved_model.Builder(folder)
            builder.add_meta_graph_and_variables(sess, ["serve"], {
                "serving_default": tf1.saved_model.predict_signature_def({"x": x}, {"y": x + 1})})
            builder.add_meta_graph(["train"], {
                "serving_default": tf1.saved_model.predict_signature_def({"x": x}, {"y": x - 1})})
            builder.save()
    with pytest.raises(ValueError, match="requires a `tags=` argument"):
        tf.saved_model.load(folder)
    train = tf.saved_model.load(folder, tags=["train"]).signatures["serving_default"]
    assert train(x=tf.constant(1.0))["y"].numpy() == 0.0


def test_prune_takes_only_the_nodes_the_fetches_need(tmp_path):
    """prune is a new function: the wrapped graph's Saver nodes (which need feeds) stay out."""
    path = _export_multiply(tmp_path)
    wrapped = tf1.wrap_function(lambda: tf1.train.import_meta_graph(path) and None, [])
    g = wrapped.graph
    pruned = wrapped.prune(feeds=g.get_tensor_by_name("x:0"), fetches="y:0")
    assert "save/restore_all" in [op.name for op in g.get_operations()]
    assert all(not op.name.startswith("save") for op in pruned.graph.get_operations())
    assert pruned(tf.constant(2.0)).numpy() == 6.0      # the initial value, lifted
    with pytest.raises(ValueError, match="feeds are elements of the wrapped graph"):
        wrapped.prune(feeds=tf.constant(1.0), fetches="y:0")


def test_control_flow_survives_export_import_and_wrap_function(tmp_path):
    """A tf.cond and a tf.while_loop reading a variable (graph-valued attrs in the file): the
    imported graph, and a function pruned from the wrapped import, compute what the original
    graph computed in a Session (v = 3: cond(x > 0, x * v, x - v); add v while i < 10)."""
    path = str(tmp_path / "control.pb")
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, shape=[], name="x")
        v = tf.Variable(3.0, name="v")
        tf.identity(tf.cond(x > 0, lambda: x * v, lambda: x - v), name="y")
        tf.identity(tf.while_loop(lambda i: i < 10.0, lambda i: i + v, [x])[0], name="z")
        tf1.train.export_meta_graph(path)
    expected = {2.0: [6.0, 11.0], -2.0: [-5.0, 10.0]}
    g = _import(path)
    with tf1.Session(graph=g) as sess:
        sess.run(g.get_operation_by_name("v/Assign"))
        for value, want in expected.items():
            assert sess.run(["y:0", "z:0"], {"x:0": value}) == want
    wrapped = tf1.wrap_function(lambda: tf1.train.import_meta_graph(path) and None, [])
    pruned = wrapped.prune(feeds=wrapped.graph.get_tensor_by_name("x:0"), fetches=["y:0", "z:0"])
    for value, want in expected.items():
        assert [t.numpy() for t in pruned(tf.constant(value))] == want


def test_saver_save_writes_the_meta_graph_and_max_to_keep_deletes_it(tmp_path):
    """TF: in graph mode `save` writes `<path>.meta`; a checkpoint dropped by max_to_keep loses
    its .meta too."""
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        saver = tf1.train.Saver(max_to_keep=1)
        with tf1.Session() as sess:
            sess.run(v.initializer)
            saver.save(sess, str(tmp_path / "m"), global_step=1)
            saver.save(sess, str(tmp_path / "m"), global_step=2)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-2.data-00000-of-00001", "m-2.index",
                                            "m-2.meta"]
    assert [op.name for op in _import(str(tmp_path / "m-2.meta")).get_operations()][:3] == \
        ["v", "v/Initializer/initial_value", "v/Assign"]


def test_a_graph_the_meta_file_cannot_hold_still_saves_its_checkpoint(tmp_path, caplog):
    """A py_function's Python function is no data: Saver.save warns, writes no .meta, and the
    checkpoint is saved (export_meta_graph itself raises)."""
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        tf.py_function(lambda a: a * 2, [v.read_value()], tf.float32)
        with tf1.Session() as sess:
            sess.run(v.initializer)
            tf1.train.Saver().save(sess, str(tmp_path / "m"))
        with pytest.raises(ValueError, match="cannot save attr value"):
            tf1.train.export_meta_graph(str(tmp_path / "g.meta"))
    assert "the graph could not be written to" in caplog.text
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m.data-00000-of-00001", "m.index"]
