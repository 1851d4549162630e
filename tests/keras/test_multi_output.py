"""Models with several inputs and outputs in compile/fit/evaluate/predict (compile_outputs.py),
and layer calls on several positional KerasTensors. Checked without TF: the expected numbers
come from NumPy on the model's own predictions (tests/differential/
test_against_tensorflow_keras_multi_output.py compares the same behaviours with TF 2.21)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

RNG = np.random.default_rng(7)
XA = RNG.normal(size=(10, 4)).astype(np.float32)
XB = RNG.normal(size=(10, 3)).astype(np.float32)
Y_SCORE = RNG.uniform(0.5, 2.0, size=(10, 1)).astype(np.float32)
Y_CLASS = np.eye(5, dtype=np.float32)[RNG.integers(0, 5, size=10)]


def two_outputs():
    tf.keras.backend.clear_session()
    a, b = tf.keras.Input((4,), name="a"), tf.keras.Input((3,), name="b")
    x = tf.keras.layers.concatenate([a, b])
    score = tf.keras.layers.Dense(1, name="score_output")(x)
    classes = tf.keras.layers.Dense(5, activation="softmax", name="class_output")(x)
    return tf.keras.Model([a, b], [score, classes])


def numpy_losses(model):
    score, classes = model.predict([XA, XB], verbose=0)
    mse = float(np.mean((score - Y_SCORE) ** 2))
    cce = float(np.mean(-np.sum(Y_CLASS * np.log(np.clip(classes, 1e-7, 1)), axis=-1)))
    return mse, cce


def test_the_loss_is_the_weighted_sum_of_the_outputs_unweighted_losses_logged_by_name():
    model = two_outputs()
    model.compile(optimizer="sgd", loss=["mse", "categorical_crossentropy"],
                  loss_weights=[2.0, 0.5])
    mse, cce = numpy_losses(model)
    logs = model.evaluate([XA, XB], [Y_SCORE, Y_CLASS], batch_size=10, verbose=0,
                          return_dict=True)
    assert list(logs) == ["class_output_loss", "loss", "score_output_loss"]
    np.testing.assert_allclose([logs["score_output_loss"], logs["class_output_loss"],
                                logs["loss"]], [mse, cce, 2 * mse + 0.5 * cce], rtol=1e-5)
    assert model.metrics_names == ["loss", "score_output_loss", "class_output_loss"]


def test_targets_and_losses_as_dicts_by_output_name_equal_the_lists():
    model = two_outputs()
    model.compile(optimizer="sgd", loss=["mse", "categorical_crossentropy"])
    by_list = model.evaluate([XA, XB], [Y_SCORE, Y_CLASS], verbose=0)
    model.compile(optimizer="sgd", loss={"class_output": "categorical_crossentropy",
                                         "score_output": "mse"})
    by_dict = model.evaluate({"b": XB, "a": XA}, {"class_output": Y_CLASS,
                                                  "score_output": Y_SCORE}, verbose=0)
    np.testing.assert_allclose(by_dict, by_list, rtol=1e-6)


def test_metrics_per_output_are_named_after_it_and_evaluate_lists_losses_then_metrics_sorted():
    model = two_outputs()
    model.compile(optimizer="sgd", loss="mse",
                  metrics={"score_output": ["mae", "mape"], "class_output": "accuracy"})
    score, classes = model.predict([XA, XB], verbose=0)
    logs = model.evaluate([XA, XB], [Y_SCORE, Y_CLASS], verbose=0, return_dict=True)
    values = model.evaluate([XA, XB], [Y_SCORE, Y_CLASS], verbose=0)
    assert sorted(logs) == ["class_output_accuracy", "class_output_loss", "loss",
                            "score_output_loss", "score_output_mae", "score_output_mape"]
    assert values == [logs[k] for k in ("loss", "score_output_loss", "class_output_loss",
                                        "class_output_accuracy", "score_output_mae",
                                        "score_output_mape")]
    np.testing.assert_allclose(logs["score_output_mape"],
                               100 * np.mean(np.abs(Y_SCORE - score) / Y_SCORE), rtol=1e-5)
    # ("accuracy" of an output follows its shapes: one-hot targets, CategoricalAccuracy)
    assert logs["class_output_accuracy"] == pytest.approx(
        np.mean(Y_CLASS.argmax(-1) == classes.argmax(-1)))


def test_fit_trains_every_output_and_predict_gives_one_array_per_output():
    model = two_outputs()
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss=["mse", "categorical_crossentropy"])
    before = model.evaluate([XA, XB], [Y_SCORE, Y_CLASS], verbose=0)
    history = model.fit([XA, XB], [Y_SCORE, Y_CLASS], batch_size=4, epochs=5, verbose=0)
    after = model.evaluate([XA, XB], [Y_SCORE, Y_CLASS], verbose=0)
    assert sorted(history.history) == ["class_output_loss", "loss", "score_output_loss"]
    assert after[0] < before[0]
    score, classes = model.predict([XA, XB], batch_size=3, verbose=0)
    assert score.shape == (10, 1) and classes.shape == (10, 5)


def test_an_output_without_a_loss_and_compile_again_keeps_the_loss():
    model = two_outputs()
    model.compile(optimizer="sgd", loss=[None, "categorical_crossentropy"])
    _, cce = numpy_losses(model)
    assert model.metrics_names == ["loss"]  # (one loss: no per-output loss logged)
    np.testing.assert_allclose(model.evaluate([XA, XB], [Y_SCORE, Y_CLASS], verbose=0), cce,
                               rtol=1e-5)
    model.compile(optimizer="adam")  # (Keras 3: no `loss` keeps the one given before)
    np.testing.assert_allclose(model.evaluate([XA, XB], [Y_SCORE, Y_CLASS], verbose=0), cce,
                               rtol=1e-5)


def test_losses_and_metrics_that_do_not_fit_the_outputs_are_clear_errors_when_fitting():
    model = two_outputs()
    model.compile(optimizer="sgd", loss={"class_output": "categorical_crossentropy"})
    with pytest.raises(ValueError, match=r"Expected keys \['score_output', 'class_output'\]"):
        model.fit([XA, XB], [Y_SCORE, Y_CLASS], verbose=0)
    model = two_outputs()
    model.compile(optimizer="sgd", loss=["mse", "mse"], loss_weights=[1.0])
    with pytest.raises(ValueError, match="got 2 losses and 1 weights"):
        model.fit([XA, XB], [Y_SCORE, Y_CLASS], verbose=0)
    model = two_outputs()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    with pytest.raises(ValueError, match="Invalid `metrics`"):
        model.fit([XA, XB], [Y_SCORE, Y_CLASS], verbose=0)
    model = two_outputs()
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="different structures"):
        model.fit([XA, XB], Y_SCORE, verbose=0)
    one = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
    with pytest.raises(NotImplementedError, match="loss_weights"):
        one.compile(loss="mse", loss_weights=2.0)


class Endpoint(tf.keras.layers.Layer):
    """Takes the targets and the logits as two positional arguments; its loss is add_loss's."""

    def call(self, targets, logits):
        self.add_loss(tf.keras.losses.BinaryCrossentropy(from_logits=True)(targets, logits))
        return tf.nn.softmax(logits)


def endpoint_model():
    tf.keras.backend.clear_session()
    inputs, targets = tf.keras.Input((3,), name="inputs"), tf.keras.Input((2,), name="targets")
    logits = tf.keras.layers.Dense(2, name="logits")(inputs)
    return tf.keras.Model([inputs, targets], Endpoint(name="end")(targets, logits))


def test_a_layer_called_on_two_keras_tensors_records_both_and_trains_without_targets():
    model = endpoint_model()
    node = model.get_layer("end")._inbound_nodes[0]
    assert [t._keras_history[0].name for t in node.input_tensors] == ["targets", "logits"]
    model.compile(optimizer=tf.keras.optimizers.SGD(0.5))
    data = {"inputs": XA[:, :3], "targets": (XA[:, 3:] > 0).astype(np.float32) * [1, 0]}
    history = model.fit(data, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    copy = tf.keras.Model.from_config(model.get_config(), custom_objects={"Endpoint": Endpoint})
    args = copy.get_layer("end")._inbound_nodes[0].args
    assert [t._keras_history[0].name for t in args] == ["targets", "logits"]


def test_fit_without_targets_but_with_a_compiled_loss_says_targets_are_missing():
    model = two_outputs()
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="need targets"):
        model.fit([XA, XB], verbose=0)


def test_mean_absolute_percentage_error_counts_a_zero_target_against_epsilon():
    m = tf.keras.metrics.MeanAbsolutePercentageError()
    m.update_state([[2.0, 4.0]], [[1.0, 5.0]])
    assert float(m.result()) == pytest.approx(37.5)
    m.update_state([[0.0]], [[1e-8]])  # |0 - 1e-8| / 1e-7 = 10%, a second sample
    assert float(m.result()) == pytest.approx((37.5 + 10) / 2, rel=1e-5)
