"""tf.custom_gradient is one op, IdentityN, whose gradient is the user's function.

TF's rule (the tf.custom_gradient docs, and the advanced autodiff guide): the
gradient of the decorated function's output is `grad_fn(dy)`, wherever the
function runs: eagerly, inside tf.function (a graph node), and so inside
Keras's compiled training step. A SavedModel keeps the node; in the Python
process that saved it the node finds its function again by key.
"""
from __future__ import annotations

import importlib
import json
import logging
import os

import numpy as np
import pytest

import course.engine as tf
from course.engine.errors import DataLossError

cg = importlib.import_module("course.engine.custom_gradient")  # (tf.custom_gradient: the function)


@tf.custom_gradient
def _no_gradient(x):
    """The identity forward, a zero gradient backward: nothing before it can learn."""
    return tf.identity(x), lambda dy: tf.zeros_like(dy)


@tf.custom_gradient
def _clip(y):
    return y, lambda dy: tf.clip_by_norm(dy, 0.5)


class _Module(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec(None, tf.float32)])
    def clip(self, x):
        return _clip(x)


def test_traced_function_records_one_identity_n_node_fed_by_the_result_and_the_inputs():
    f = tf.function(lambda x: _no_gradient(x * 3.0))
    graph = f.get_concrete_function(tf.TensorSpec([], tf.float32)).graph
    node = next(op for op in graph.get_operations() if op.type == "IdentityN")
    # the result y (tf.identity inside), then the function's input x * 3
    assert [x.op.type for x in node.inputs] == ["Identity", "Mul"]
    assert graph.outputs[0].op.inputs[0] is node.outputs[0]


def test_gradient_of_a_traced_call_is_the_custom_one():
    v = tf.Variable(2.0)
    f = tf.function(lambda x: _clip(x * 3.0))
    with tf.GradientTape() as tape:
        out = f(v)
    # eager and traced agree: 3 * clip(1) = 3 * 0.5
    assert float(out) == 6.0 and float(tape.gradient(out, v)) == pytest.approx(1.5)


@pytest.mark.parametrize("run_eagerly", [False, True])
def test_keras_fit_uses_the_custom_gradient_traced_and_eagerly(run_eagerly):
    tf.keras.utils.set_random_seed(0)
    first = tf.keras.layers.Dense(3)
    model = tf.keras.Sequential([tf.keras.Input((2,)), first,
                                 tf.keras.layers.Lambda(_no_gradient), tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse", run_eagerly=run_eagerly)
    before = [w.numpy().copy() for w in first.weights]
    x = np.random.default_rng(0).normal(size=(8, 2)).astype(np.float32)
    model.fit(x, x[:, :1], epochs=2, batch_size=4, verbose=0)
    # the zero gradient stops at the Lambda: the first layer never changes, the last one does
    for w, old in zip(first.weights, before):
        np.testing.assert_array_equal(w.numpy(), old)
    assert model.layers[-1].kernel.numpy().any()


def test_saved_model_finds_the_function_again_in_the_same_process(tmp_path, caplog):
    path = str(tmp_path / "m")
    with caplog.at_level(logging.WARNING, logger="course.engine"):
        tf.saved_model.save(_Module(), path)
    assert "tf.custom_gradient" in caplog.text and "another one" in caplog.text
    loaded = tf.saved_model.load(path)
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        out = loaded.clip(v * v)
    assert float(tape.gradient(out, v)) == pytest.approx(2.0)  # clipped: 0.5 * 2v


def test_saved_model_with_an_unknown_key_differentiates_the_ops_inside(tmp_path, caplog,
                                                                       monkeypatch):
    """Another process has no such key: the node then passes dy on (2v, not clipped)."""
    path = str(tmp_path / "m")
    tf.saved_model.save(_Module(), path, options=tf.saved_model.SaveOptions(
        experimental_custom_gradients=False))
    monkeypatch.setattr(cg, "_SAVED", {})
    with caplog.at_level(logging.WARNING, logger="course.engine"):
        loaded = tf.saved_model.load(path)
    assert "was not saved" in caplog.text
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        out = loaded.clip(v * v)
    assert float(tape.gradient(out, v)) == pytest.approx(4.0)


def test_a_corrupt_custom_gradient_entry_is_data_loss_naming_the_file(tmp_path):
    path = str(tmp_path / "m")
    tf.saved_model.save(_Module(), path)
    manifest = os.path.join(path, "saved_model.json")
    with open(manifest, encoding="utf-8") as f:
        data = json.load(f)
    for concrete in data["concrete_functions"]:
        for node in concrete["graph"]["nodes"]:
            if "grad_fn" in node.get("attrs", {}):
                node["attrs"]["grad_fn"] = {"custom_gradient": 42}
    with open(manifest, "w", encoding="utf-8") as f:
        json.dump(data, f)
    with pytest.raises(DataLossError, match="saved_model.json.*invalid custom gradient"):
        tf.saved_model.load(path)


def test_save_options_and_load_options_keep_their_arguments():
    options = tf.saved_model.SaveOptions(experimental_custom_gradients=False,
                                         namespace_whitelist=["Custom"])
    assert options.experimental_custom_gradients is False
    assert options.namespace_whitelist == ["Custom"] and "SaveOptions(" in repr(options)
    assert tf.saved_model.LoadOptions(allow_partial_checkpoint=True).allow_partial_checkpoint
