"""Keras's functional API: tf.keras.Input, layer calls on KerasTensors, tf.keras.Model(inputs,
outputs). Checked without TF (tests/differential/test_against_tensorflow_keras_functional.py
compares the same behaviours with TF 2.21)."""
from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

import course.engine as tf
from course.engine.errors import DataLossError, InvalidArgumentError

X = np.array([[1.0, 2.0, -1.0], [3.0, 6.0, 0.0], [5.0, 10.0, 4.0], [7.0, 2.0, 1.0]], np.float32)
Y = np.array([0, 1, 2, 1])


def chain():
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input(shape=(3,))
    x = tf.keras.layers.Dense(4, activation="relu")(inputs)
    outputs = tf.keras.layers.Dense(3, activation="softmax")(x)
    return tf.keras.Model(inputs=inputs, outputs=outputs)


class Concat(tf.keras.layers.Layer):
    def call(self, inputs):
        return tf.concat(inputs, axis=-1)


def test_a_layer_called_on_an_input_records_a_node_and_gives_a_keras_tensor():
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input(shape=(3,))
    layer = tf.keras.layers.Dense(2)
    x = layer(inputs)
    assert isinstance(x, tf.keras.KerasTensor) and x.shape == (None, 2) and x.dtype == "float32"
    assert layer.built and [w.path for w in layer.weights] == ["dense/kernel", "dense/bias"]
    assert x._keras_history[0] is layer and x._keras_history[1:] == (0, 0)
    assert repr(inputs) == ("<KerasTensor shape=(None, 3), dtype=float32, sparse=False, "
                            "ragged=False, name=keras_tensor>")


def test_a_chain_runs_like_its_layers_and_trains():
    model = chain()
    assert type(model).__name__ == "Functional" and isinstance(model, tf.keras.Model)
    assert [layer.name for layer in model.layers] == ["input_layer", "dense", "dense_1"]
    by_hand = model.layers[2](model.layers[1](X))
    np.testing.assert_allclose(model(X).numpy(), by_hand.numpy(), rtol=1e-6)
    assert model.input_shape == (None, 3) and model.output_shape == (None, 3)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(X, Y, epochs=2, verbose=0)
    assert sorted(history.history) == ["accuracy", "loss"]
    assert model.predict(X, verbose=0).shape == (4, 3)


def test_the_loss_of_a_softmax_output_comes_from_its_logits_as_in_a_sequential():
    model = chain()
    seq = tf.keras.Sequential([tf.keras.Input(shape=(3,)),
                               tf.keras.layers.Dense(4, activation="relu"),
                               tf.keras.layers.Dense(3, activation="softmax")])
    seq.set_weights(model.get_weights())
    for m in (model, seq):
        m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    np.testing.assert_allclose(model.evaluate(X, Y, verbose=0), seq.evaluate(X, Y, verbose=0),
                               rtol=1e-6)


def test_summary_of_a_graph_with_two_inputs_and_a_shared_layer(capsys):
    tf.keras.backend.clear_session()
    a, b = tf.keras.Input(shape=(3,), name="a"), tf.keras.Input(shape=(3,))
    shared = tf.keras.layers.Dense(2, name="a_really_long_name_for_a_shared_dense_layer")
    model = tf.keras.Model([a, b], tf.keras.layers.Dense(1)(Concat()([shared(a), shared(b)])))
    model.summary()
    out = capsys.readouterr().out
    assert "┃ Connected to      ┃" in out
    assert "│ a_really_long_name… │ (None, 2)         │          8 │ a[0][0],          │" in out
    assert "│ (InputLayer)        │" in out
    assert [layer.name for layer in model.layers] == \
        ["a", "input_layer", "a_really_long_name_for_a_shared_dense_layer", "concat", "dense"]
    assert len(model.weights) == 4  # the shared layer's weights once
    np.testing.assert_allclose(model([X, X]).numpy(), model((X, X)).numpy())


def test_dict_outputs_nested_models_and_gradients():
    tf.keras.backend.clear_session()
    inner_in = tf.keras.Input(shape=(3,))
    inner = tf.keras.Model(inner_in, tf.keras.layers.Dense(2)(inner_in))
    inputs = tf.keras.Input(shape=(3,))
    x = tf.keras.Sequential([tf.keras.layers.Dense(3)])(inputs)
    model = tf.keras.Model(inputs, {"y": inner(x), "x": x})
    result = model(X)
    assert sorted(result) == ["x", "y"] and result["y"].shape == (4, 2)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(X)["y"] ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    assert len(grads) == 4 and all(g is not None for g in grads)

    @tf.function
    def traced(t):
        return model(t)["y"]
    np.testing.assert_allclose(traced(tf.constant(X)).numpy(), result["y"].numpy(), rtol=1e-6)


def test_training_reaches_the_layers_and_the_models_flag_wins():
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input(shape=(3,))
    model = tf.keras.Model(inputs, tf.keras.layers.Dropout(0.99)(inputs, training=False))
    np.testing.assert_array_equal(model(X).numpy(), X)
    assert np.count_nonzero(model(X, training=True).numpy()) < X.size


def test_save_load_and_from_config_round_trips(tmp_path):
    model = chain()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.save(tmp_path / "f.keras")
    loaded = tf.keras.models.load_model(tmp_path / "f.keras")
    assert type(loaded).__name__ == "Functional" and loaded.optimizer.built
    np.testing.assert_allclose(loaded(X).numpy(), model(X).numpy(), rtol=1e-6)
    again = tf.keras.Model.from_config(model.get_config())
    assert [layer.name for layer in again.layers] == [layer.name for layer in model.layers]


def test_custom_layers_load_from_custom_objects_or_the_registry(tmp_path):
    tf.keras.backend.clear_session()
    a, b = tf.keras.Input(shape=(3,), name="a"), tf.keras.Input(shape=(3,), name="b")
    model = tf.keras.Model([a, b], Concat()([a, b]))
    model.save(tmp_path / "c.keras")
    with pytest.raises(TypeError, match="Could not locate class 'Concat'"):
        tf.keras.models.load_model(tmp_path / "c.keras")
    loaded = tf.keras.models.load_model(tmp_path / "c.keras", custom_objects={"Concat": Concat})
    assert loaded([X, X]).shape == (4, 6)


def test_a_functional_config_that_is_not_a_graph_is_refused(tmp_path):
    model = chain()
    model.save(tmp_path / "f.keras")
    with zipfile.ZipFile(tmp_path / "f.keras") as z:
        members = {n: z.read(n) for n in z.namelist()}
    config = json.loads(members["config.json"])
    del config["config"]["input_layers"]
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(tmp_path / "bad.keras", "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(DataLossError, match="functional graph"):
        tf.keras.models.load_model(tmp_path / "bad.keras")
    config["config"]["input_layers"] = [["nowhere", 0, 0]]
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(tmp_path / "bad2.keras", "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(InvalidArgumentError, match="cannot be built"):
        tf.keras.models.load_model(tmp_path / "bad2.keras")


def test_clear_errors():
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input(shape=(3,))
    with pytest.raises(TypeError, match="KerasTensor is symbolic.*Lambda"):
        inputs[0]  # (Python's arithmetic makes nodes: test_operators_on_keras_tensors)
    other = tf.keras.Input(shape=(3,))
    with pytest.raises(ValueError, match="Output with path `` is not connected to `inputs`"):
        tf.keras.Model(inputs, tf.keras.layers.Dense(1)(other))
    with pytest.raises(ValueError, match="incompatible.*expected shape=\\(None, 3\\)"):
        chain()(np.ones((2, 5), np.float32))


def test_checkpoints_track_the_layers():
    model = chain()
    checkpoint = tf.train.Checkpoint(model=model)
    before = model.get_weights()
    path = checkpoint.save(f"{__import__('tempfile').mkdtemp()}/ck")
    model.set_weights([w * 0 for w in before])
    checkpoint.restore(path)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_saved_model_of_a_keras_model_serves_its_call_and_leaves_the_training_step_out(tmp_path):
    model = chain()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(X, Y, epochs=1, verbose=0)
    assert model.train_function is not None and "train_function" not in vars(model)
    tf.saved_model.save(model, str(tmp_path / "m"))
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    out = loaded.signatures["serving_default"](inputs=tf.constant(X))["output_0"]
    np.testing.assert_allclose(out.numpy(), model(X).numpy(), rtol=1e-6)
