"""Devices, tf.config, version, py_function, custom_gradient, masks, grids, sliced assignment,
copies and the checkpoint reader: TF's documented behaviour, checked without TF."""
from __future__ import annotations

import copy
import os
import pickle

import numpy as np
import pytest

import course.engine as tf


def test_one_cpu_device_and_soft_placement():
    assert repr(tf.config.list_physical_devices()) == \
        "[PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')]"
    assert tf.config.list_physical_devices("GPU") == [] and tf.config.list_logical_devices("TPU") == []
    with tf.device("GPU:0") as d:
        x = tf.constant([1.0]) * 2
    assert d is None and x.device.endswith("device:CPU:0")
    with pytest.raises(ValueError, match="Unknown attribute 'foo'"):
        with tf.device("foo"):
            pass
    with pytest.raises(ValueError, match="Cannot set memory growth on non-GPU"):
        tf.config.experimental.set_memory_growth(tf.config.list_physical_devices("CPU")[0], True)


def test_thread_settings_are_recorded():
    try:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(2)
        assert tf.config.threading.get_intra_op_parallelism_threads() == 1
        assert tf.config.threading.get_inter_op_parallelism_threads() == 2
    finally:
        tf.config.threading.set_intra_op_parallelism_threads(0)
        tf.config.threading.set_inter_op_parallelism_threads(0)


def test_version_says_tf_2_21_and_this_engine():
    assert tf.__version__ == tf.version.VERSION == "2.21.0+course.engine"


def test_run_functions_eagerly_runs_the_python_body_each_call():
    calls = []
    f = tf.function(lambda x: calls.append(1) or x * 2)
    f(1.0), f(1.0)
    tf.config.run_functions_eagerly(True)
    try:
        f(1.0), f(1.0)
    finally:
        tf.config.run_functions_eagerly(False)
    assert len(calls) == 3


def test_py_function_runs_python_at_every_call_of_a_graph():
    log = []

    @tf.py_function(Tout=tf.float32)
    def plus(x, y):
        log.append("run")
        return x + y

    g = tf.function(lambda x, y: log.append("trace") or plus(x, y))
    assert float(g(tf.constant(1.0), tf.constant(2.0))) == 3.0
    assert float(g(tf.constant(2.0), tf.constant(2.0))) == 4.0
    assert log == ["trace", "run", "run"]


def test_custom_gradient_replaces_the_gradient():
    @tf.custom_gradient
    def clip(y):
        return y, lambda dy: tf.clip_by_norm(dy, 0.5)

    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        out = clip(v * v)
    assert float(out) == 4.0 and float(tape.gradient(out, v)) == pytest.approx(2.0)  # 0.5 * 2v


def test_masks_grids_and_padding():
    t = tf.constant([[1, 2], [3, 4]])
    assert t[t > 2].numpy().tolist() == [3, 4]
    assert tf.boolean_mask(t, [False, True]).numpy().tolist() == [[3, 4]]
    x, y = tf.meshgrid([1, 2, 3], [4, 5])
    assert x.numpy().tolist() == [[1, 2, 3], [1, 2, 3]] and y.numpy().tolist() == [[4, 4, 4], [5, 5, 5]]
    assert tf.pad(t, [[1, 0], [0, 1]]).numpy().tolist() == [[0, 0, 0], [1, 2, 0], [3, 4, 0]]
    assert tf.is_tensor(t) and tf.is_tensor(tf.Variable(1.0)) and not tf.is_tensor(np.ones(2))


def test_dtype_of_the_first_value_rules_when_no_tensor_is_given():
    """TF: tf.math.multiply(np.ones([3, 3]), 42) is float64 (issue 11's difference 4)."""
    out = tf.math.multiply(np.ones([3, 3]), 42)
    assert out.dtype is tf.float64 and out.numpy().tolist() == [[42.0] * 3] * 3


def test_sliced_assignment_writes_into_the_variable():
    v = tf.Variable([1.0, 2.0, 3.0, 4.0])
    assert v[0].assign(10.0).numpy().tolist() == [10.0, 2.0, 3.0, 4.0]  # (TF: an UnreadVariable)
    v[1:3].assign([7.0, 8.0])
    assert v.numpy().tolist() == [10.0, 7.0, 8.0, 4.0]
    m = tf.Variable(np.zeros((2, 2)))
    m[:, 1].assign(5.0)
    assert m.numpy().tolist() == [[0.0, 5.0], [0.0, 5.0]]
    with pytest.raises(AttributeError, match="no attribute 'assign'"):
        tf.constant([1.0]).assign(2.0)


def test_copies_of_tensors_and_variables():
    t, v = tf.constant([1.0]), tf.Variable([1.0], name="w")
    assert copy.copy(t) is t and copy.deepcopy(t) is t and copy.copy(v) is v
    other = copy.deepcopy(v)
    other.assign([2.0])
    assert other is not v and v.numpy().tolist() == [1.0] and other.name == "w:0"
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(v)


def test_checkpoint_reader(tmp_path):
    prefix = tf.train.Checkpoint(w=tf.Variable([[1.0, 2.0]]), s=tf.Variable(3)).save(
        str(tmp_path / "ckpt"))
    reader = tf.train.load_checkpoint(str(tmp_path))
    key = "w/.ATTRIBUTES/VARIABLE_VALUE"
    assert reader.get_variable_to_shape_map()[key] == [1, 2]
    assert reader.get_variable_to_dtype_map()["s/.ATTRIBUTES/VARIABLE_VALUE"] is tf.int32
    assert reader.get_tensor(key).tolist() == [[1.0, 2.0]] and reader.has_tensor(key)
    assert (key, [1, 2]) in tf.train.list_variables(prefix)
    with pytest.raises(tf.errors.NotFoundError, match="Key nope not found"):
        reader.get_tensor("nope")
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files"):
        tf.train.load_checkpoint(os.path.join(str(tmp_path), "missing"))


def test_matplotlib_plots_tensors_and_variables():
    """matplotlib copies what it plots (copy.copy): tensors and Variables allow it."""
    plt = pytest.importorskip("matplotlib.pyplot")  # (a plotting library: not an engine dependency)
    x = tf.linspace(-2.0, 2.0, 5)
    v = tf.Variable(x * 2)
    fig, ax = plt.subplots()
    try:
        line, = ax.plot(x, v)
        ax.hist(x)
        ax.imshow(tf.reshape(tf.range(6.0), [2, 3]))
        np.testing.assert_allclose(line.get_xdata(), x.numpy())
        np.testing.assert_allclose(line.get_ydata(), v.numpy())
    finally:
        plt.close(fig)


def test_a_dtype_the_engine_lacks_is_a_clear_error():
    """TF has bfloat16 and quantized types; the engine names what it lacks (a NumPy datetime
    array here) instead of a KeyError."""
    with pytest.raises(TypeError, match="Cannot convert dtype\\('<M8\\[D\\]'\\) to a DType"):
        tf.constant(np.array(["2024-01-01"], "datetime64[D]"))
