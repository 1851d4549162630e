"""tf.summary and the Keras TensorBoard callback, read back with TensorBoard's own reader."""
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest
from PIL import Image

import course.engine as tf

# tf.summary writes through the tensorboard package (the course image and `.[lab]` install
# it); without it these tests fail at import, on purpose: no silent skip.
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util


def load(logdir):
    acc = EventAccumulator(str(logdir), size_guidance={"tensors": 0, "scalars": 0})
    acc.Reload()
    return acc


def values(acc, tag):
    return [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in acc.Tensors(tag)]


def test_scalar_histogram_text_image_round_trip(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    with writer.as_default():
        for step in range(3):
            assert tf.summary.scalar("loss", 1.0 / (step + 1), step=step)
        assert tf.summary.histogram("w", tf.constant(np.arange(100, dtype=np.float32)), step=0)
        assert tf.summary.text("note", "hello **world**", step=0)
        img = np.zeros((2, 4, 5, 1), np.float32)
        img[1] = 1.0
        assert tf.summary.image("pics", img, step=0)
    writer.flush()
    acc = load(tmp_path)
    assert [(s, float(v)) for s, v in values(acc, "loss")] == [(0, 1.0), (1, 0.5), (2, pytest.approx(1 / 3))]
    assert acc.SummaryMetadata("loss").plugin_data.plugin_name == "scalars"
    hist = values(acc, "w")[0][1]  # TensorBoard's histogram: rows of (left, right, count)
    assert hist.shape[1] == 3 and hist[:, 2].sum() == 100
    assert acc.SummaryMetadata("w").plugin_data.plugin_name == "histograms"
    assert values(acc, "note")[0][1].item() == b"hello **world**"
    width, height, png1, png2 = values(acc, "pics")[0][1]
    assert (width, height) == (b"5", b"4")
    pixels = np.asarray(Image.open(io.BytesIO(png2)))
    assert pixels.shape == (4, 5) and pixels.max() == 255
    assert acc.SummaryMetadata("pics").plugin_data.plugin_name == "images"


def test_without_a_default_writer_nothing_is_written():
    """TF 2.21: a summary op returns a bool tensor: False when no writer is the default."""
    written = tf.summary.scalar("x", 1.0, step=0)
    assert written.dtype == tf.bool and written.shape == () and not bool(written)


EVENTS_FILE = re.compile(r"events\.out\.tfevents\.\d+\.[^/]+\.\d+\.\d+\.v2")


def test_create_file_writer_makes_the_folder_and_an_events_file_at_once(tmp_path):
    """TF 2.21: create_file_writer creates the folder (with parents) and one events file
    (named events.out.tfevents.<time>.<host>.<pid>.<n>.v2) before any value is written."""
    logdir = tmp_path / "runs" / "first"
    tf.summary.create_file_writer(str(logdir))
    files = os.listdir(logdir)
    assert len(files) == 1 and EVENTS_FILE.fullmatch(files[0]), files
    assert (logdir / files[0]).stat().st_size > 0  # the file-version header is on disk
    assert load(logdir).Tags()["tensors"] == []    # a valid, empty run


def test_each_writer_has_its_own_events_file(tmp_path):
    tf.summary.create_file_writer(str(tmp_path))
    tf.summary.create_file_writer(str(tmp_path), filename_suffix=".mine")
    names = sorted(os.listdir(tmp_path))
    assert len(names) == 2
    assert [n.endswith(".v2") for n in names].count(True) == 1
    assert [n.endswith(".mine") for n in names].count(True) == 1


def test_a_noop_writer_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with tf.summary.create_noop_writer().as_default():
        assert not bool(tf.summary.scalar("x", 1.0, step=0))
    assert os.listdir(tmp_path) == []


def test_a_file_in_the_way_is_tfs_failed_precondition(tmp_path):
    (tmp_path / "taken").write_text("")
    with pytest.raises(tf.errors.FailedPreconditionError, match=r"^Not a directory"):
        tf.summary.create_file_writer(str(tmp_path / "taken"))
    with pytest.raises(tf.errors.FailedPreconditionError, match=r"taken is not a directory"):
        tf.summary.create_file_writer(str(tmp_path / "taken" / "run"))
    with pytest.raises(ValueError, match="`logdir` cannot be None"):
        tf.summary.create_file_writer(None)


def test_writing_to_a_closed_writer_is_an_error(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    writer.close()
    writer.flush()  # as in TF, flushing a closed writer is harmless
    with pytest.raises(RuntimeError, match="already closed"):
        with writer.as_default():
            tf.summary.scalar("x", 1.0, step=0)


def test_missing_step_is_a_clear_error(tmp_path):
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        with pytest.raises(ValueError, match="No step set"):
            tf.summary.scalar("x", 1.0)
        tf.summary.experimental.set_step(7)
        try:
            assert tf.summary.scalar("x", 1.0)
        finally:
            tf.summary.experimental.set_step(None)


def test_scalar_needs_a_scalar(tmp_path):
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        with pytest.raises(ValueError, match=r"^Expected scalar shape, saw shape: \(2,\)\."):
            tf.summary.scalar("x", [1.0, 2.0], step=0)


def test_graph_writes_a_graph_def(tmp_path):
    from tensorboard.compat.proto import graph_pb2
    graph = graph_pb2.GraphDef()
    node = graph.node.add()
    node.name, node.op = "x", "Placeholder"
    with tf.summary.create_file_writer(str(tmp_path)).as_default() as w:
        assert tf.summary.graph(graph)
        w.flush()
    acc = load(tmp_path)
    assert acc.Tags()["graph"] and [n.name for n in acc.Graph().node] == ["x"]


def _traced_graph(acc, tag):
    """The GraphDef trace_export wrote under `tag`, as TF 2 writes it: a tensor summary
    of the "graph_run_metadata_graph" plugin holding a serialized RunMetadata (the
    form TensorBoard's Graphs dashboard reads; a top-level tagged_run_metadata event
    is shown as profile data only)."""
    from tensorboard.compat.proto import config_pb2
    assert acc.SummaryMetadata(tag).plugin_data.plugin_name == "graph_run_metadata_graph"
    assert acc.SummaryMetadata(tag).plugin_data.content == b"1"
    run_metadata = config_pb2.RunMetadata.FromString(acc.Tensors(tag)[0].tensor_proto.string_val[0])
    return run_metadata.function_graphs[0].pre_optimization_graph


def test_trace_export_writes_the_traced_graph_under_a_tag(tmp_path):
    """trace_on -> call a new tf.function (it traces, and reports its graph) -> trace_export."""
    @tf.function
    def forward(x):
        return tf.nn.relu(x) * 2.0

    with tf.summary.create_file_writer(str(tmp_path)).as_default() as w:
        tf.summary.trace_on(graph=True)
        forward(tf.constant([[1.0, -2.0, 3.0]]))
        assert tf.summary.trace_export("my_func", step=0)
        w.flush()
    from tensorboard.compat.proto import config_pb2
    acc = load(tmp_path)
    # TF 2's format: a RunMetadata in a tensor summary of the graph_run_metadata_graph plugin,
    # which the Graphs dashboard lists under the tag
    assert acc.SummaryMetadata("my_func").plugin_data.plugin_name == "graph_run_metadata_graph"
    (step, blob), = values(acc, "my_func")
    run_metadata = config_pb2.RunMetadata.FromString(blob.item())
    graph = run_metadata.function_graphs[0].pre_optimization_graph
    assert {"Placeholder", "Relu", "Mul"} <= {n.op for n in graph.node}


def test_trace_export_without_a_trace_is_a_clear_error(tmp_path):
    with tf.summary.create_file_writer(str(tmp_path)).as_default():
        tf.summary.trace_on()
        with pytest.raises(ValueError, match="no graph was traced since trace_on"):
            tf.summary.trace_export("f", step=0)


def fit_with_tensorboard(logdir, epochs=3, histogram_freq=1):
    tf.keras.utils.set_random_seed(0)
    tf.keras.backend.clear_session()
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 64)
    x = rng.normal(0, 1, (64, 4)).astype(np.float32) + y[:, None]
    model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(3, activation="relu"),
                                 tf.keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    callback = tf.keras.callbacks.TensorBoard(log_dir=str(logdir), histogram_freq=histogram_freq)
    return model.fit(x, y, epochs=epochs, verbose=0, validation_split=0.25, callbacks=[callback])


def test_tensorboard_callback_writes_keras_runs_and_tags(tmp_path):
    history = fit_with_tensorboard(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    train, val = load(tmp_path / "train"), load(tmp_path / "validation")
    for tag in ("epoch_loss", "epoch_accuracy", "epoch_learning_rate"):
        assert [s for s, _ in values(train, tag)] == [0, 1, 2], tag
    logged = [float(v) for _, v in values(train, "epoch_loss")]
    np.testing.assert_allclose(logged, history.history["loss"], rtol=1e-6)
    val_logged = [float(v) for _, v in values(val, "epoch_accuracy")]
    np.testing.assert_allclose(val_logged, history.history["val_accuracy"], rtol=1e-6)
    assert "epoch_learning_rate" not in val.Tags()["tensors"]
    hist_tags = [t for t in train.Tags()["tensors"] if t.endswith("/histogram")]
    # Keras 3 tags a histogram by the weight's path (checked against TF 2.21 + Keras 3.15)
    assert sorted(hist_tags) == ["sequential/dense/bias/histogram",
                                 "sequential/dense/kernel/histogram",
                                 "sequential/dense_1/bias/histogram",
                                 "sequential/dense_1/kernel/histogram"]
    assert [s for s, _ in values(train, "sequential/dense/kernel/histogram")] == [0, 1, 2]
    # ... and after each validation, evaluation_<metric>_vs_iterations at the optimizer's step
    # (48 training samples in batches of 32: 2 steps an epoch)
    assert sorted(t for t in val.Tags()["tensors"] if t.startswith("evaluation_")) == [
        "evaluation_accuracy_vs_iterations", "evaluation_loss_vs_iterations"]
    assert [s for s, _ in values(val, "evaluation_loss_vs_iterations")] == [2, 4, 6]
    np.testing.assert_allclose([float(v) for _, v in values(val, "evaluation_loss_vs_iterations")],
                               history.history["val_loss"], rtol=1e-6)
    # write_graph: the layer graph TensorBoard's Graphs dashboard draws ("conceptual graph")
    (step, config), = values(train, "keras")
    assert train.SummaryMetadata("keras").plugin_data.plugin_name == "graph_keras_model"
    layers = json.loads(config.item())["config"]["layers"]
    assert [l["class_name"] for l in layers] == ["InputLayer", "Dense", "Dense"]
    # ... and the op graph, traced with tf.function (the Graphs dashboard's "op graph")
    assert train.Tags()["graph"]
    ops = {n.op for n in train.Graph().node}
    assert {"Placeholder", "MatMul", "Relu", "Softmax", "ReadVariableOp"} <= ops


def test_no_histograms_without_histogram_freq(tmp_path):
    fit_with_tensorboard(tmp_path, epochs=1, histogram_freq=0)
    assert not [t for t in load(tmp_path / "train").Tags()["tensors"] if t.endswith("/histogram")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


def test_real_tensorboard_server_finds_runs_and_tags(tmp_path):
    """End to end: `tensorboard --logdir` serves what the callback wrote."""
    fit_with_tensorboard(tmp_path / "logs" / "fit", epochs=2)
    exe = shutil.which("tensorboard")
    cmd = [exe] if exe else [sys.executable, "-m", "tensorboard.main"]
    port = free_port()
    proc = subprocess.Popen(cmd + ["--logdir", str(tmp_path / "logs"), "--port", str(port),
                                   "--host", "127.0.0.1", "--reload_interval", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        runs, tags = [], {}
        while time.monotonic() < deadline:
            try:
                runs = get_json(base + "/data/runs")
                tags = get_json(base + "/data/plugin/scalars/tags")
                if "fit/train" in tags and "fit/validation" in tags:
                    break
            except OSError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            time.sleep(0.5)
        assert {"fit/train", "fit/validation"} <= set(runs)
        assert {"epoch_loss", "epoch_accuracy"} <= set(tags["fit/train"])
        assert {"epoch_loss", "epoch_accuracy"} <= set(tags["fit/validation"])
        points = get_json(base + "/data/plugin/scalars/scalars?run=fit%2Ftrain&tag=epoch_loss")
        assert [p[1] for p in points] == [0, 1]
        graphs = get_json(base + "/data/plugins_listing")
        assert graphs.get("graphs", {}).get("enabled") is True
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
