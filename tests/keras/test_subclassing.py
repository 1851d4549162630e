"""Subclassed models and the TF 2 quickstart pattern: a `tf.keras.Model` subclass trained by
`fit`, or by a custom `tf.function` train step with metrics, as in TF's "expert" quickstart."""
import numpy as np
import pytest

import course.engine as tf


@pytest.fixture(autouse=True)
def fresh_names():
    tf.keras.backend.clear_session()


def _data(n=256):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 4)).astype(np.float32)
    return x, (x.sum(axis=1) > 0).astype(np.int64)


class TwoLayers(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(16, activation="relu")
        self.drop = tf.keras.layers.Dropout(0.1)
        self.out = tf.keras.layers.Dense(2)

    def call(self, x, training=None):
        return self.out(self.drop(self.hidden(x), training=training))


class NoTrainingArg(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.d = tf.keras.layers.Dense(2)

    def call(self, x):  # Keras passes `training` only to a call() that names it
        return self.d(x)


def test_a_subclassed_model_trains_with_fit_and_lists_its_layers_and_weights():
    x, y = _data()
    tf.keras.utils.set_random_seed(0)
    model = TwoLayers()
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01),
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=10, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert history.history["accuracy"][-1] > 0.9
    assert model.name == "two_layers"  # Keras: the class name in snake_case
    assert [layer.name for layer in model.layers] == ["dense", "dropout", "dense_1"]
    assert [tuple(w.shape) for w in model.weights] == [(4, 16), (16,), (16, 2), (2,)]
    assert model.count_params() == 4 * 16 + 16 + 16 * 2 + 2
    loss, acc = model.evaluate(x, y, verbose=0)
    assert acc > 0.9 and model.predict(x[:3], verbose=0).shape == (3, 2)


def test_call_without_a_training_argument_and_the_summary_of_a_subclassed_model():
    """Keras 3 shows a subclassed model's layers with the output shape of their last call
    (checked against Keras 3.15), "?" before any call."""
    model = NoTrainingArg()
    model(np.zeros((1, 3), np.float32))
    lines = []
    model.summary(print_fn=lines.append)
    assert lines[0] == 'Model: "no_training_arg"'
    assert "│ dense (Dense)                   │ (1, 2)                 │             8 │" in lines
    assert " Total params: 8 (32.00 B)" in lines
    lines.clear()
    NoTrainingArg().summary(print_fn=lines.append)
    assert "│ dense_1 (Dense)                 │ ?                      │   0 (unbuilt) │" in lines


class Revivable(tf.keras.Model):
    """Keras 3 rebuilds a subclassed model as cls(**config): __init__ takes **kwargs."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = tf.keras.layers.Dense(8, activation="relu")
        self.out = tf.keras.layers.Dense(2, activation="softmax")

    def call(self, x):
        return self.out(self.hidden(x))


def test_weights_of_a_subclassed_model_round_trip(tmp_path):
    x, _ = _data(8)
    a, b = TwoLayers(), TwoLayers()
    a(x), b(x)
    a.save_weights(tmp_path / "a.weights.h5")
    b.load_weights(tmp_path / "a.weights.h5")
    np.testing.assert_array_equal(a.predict(x, verbose=0), b.predict(x, verbose=0))


def test_a_saved_subclassed_model_loads_with_its_class_in_custom_objects(tmp_path):
    """Keras 3: model.save() works for a subclassed model; load_model needs the class
    (custom_objects), rebuilds it as cls(**config), builds it, restores weights and optimizer."""
    x, y = _data()
    model = Revivable()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, verbose=0)
    model.save(tmp_path / "m.keras")
    with pytest.raises(TypeError, match=r"Could not locate class 'Revivable'.*custom_objects"):
        tf.keras.models.load_model(tmp_path / "m.keras")
    loaded = tf.keras.models.load_model(tmp_path / "m.keras", custom_objects={"Revivable": Revivable})
    assert type(loaded) is Revivable and loaded.name == model.name
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert int(loaded.optimizer.iterations.numpy()) == int(model.optimizer.iterations.numpy())
    with pytest.raises(TypeError, match=r"could not be deserialized properly.*\*\*kwargs"):
        tf.keras.models.load_model(tmp_path / "m.keras", custom_objects={"Revivable": TwoLayers})


def test_a_subclassed_model_must_be_built_before_saving(tmp_path):
    with pytest.raises(ValueError, match="has not been built yet"):
        Revivable().save(tmp_path / "m.keras")


def test_a_subclass_called_with_inputs_and_outputs_is_a_functional_model_of_that_class():
    """Keras 3: `class CustomModel(keras.Model)` overriding train_step, then
    `CustomModel(inputs, outputs)`, wires it as a functional model (named after the class) whose
    own methods run: keras.io's custom_train_step guide."""
    calls = []

    class CustomModel(tf.keras.Model):
        def train_step(self, data):
            calls.append(1)
            return super().train_step(data)
    inputs = tf.keras.Input(shape=(4,))
    model = CustomModel(inputs, tf.keras.layers.Dense(2)(inputs))
    assert isinstance(model, CustomModel) and type(model).__name__ == "CustomModel"
    assert model.name.startswith("custom_model") and len(model.layers) == 2
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((8, 4), np.float32), np.zeros((8, 2), np.float32), batch_size=4, verbose=0)
    assert calls  # (traced once by fit: the subclass's train_step, not Model's)
    assert type(CustomModel(inputs=inputs, outputs=inputs)) is type(model)
    assert type(tf.keras.Model(inputs=inputs, outputs=inputs)).__name__ == "Functional"


def test_train_step_takes_data_as_in_keras_3_and_can_be_overridden():
    """Keras 3: fit calls `train_step(data)` with data = (x, y) for each batch."""
    seen = []

    class Counting(tf.keras.Sequential):
        def train_step(self, data):
            x, y = data
            seen.append((x.shape, y.shape))
            return super().train_step(data)

    x, y = _data(64)
    model = Counting([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", run_eagerly=True)
    model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    assert seen == [((16, 4), (16,))] * 4
    # Without run_eagerly, fit traces train_step with tf.function: its Python code (the
    # append) runs once, while tracing, for batches of any size; the graph then runs for
    # every batch (Keras 3, checked against TF 2.21: [((None, 4), (None,))]).
    seen.clear()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=16, epochs=2, verbose=0)
    assert seen == [((None, 4), (None,))]
    assert int(model.optimizer.iterations.numpy()) == 8


def test_the_tf2_quickstart_custom_loop_with_metrics_inside_tf_function():
    """TF's quickstart: metrics are called inside a tf.function train step
    (`train_loss(loss)`), read with result() and cleared with reset_state() per epoch."""
    x, y = _data()
    tf.keras.utils.set_random_seed(0)
    model = TwoLayers()
    loss_object = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = tf.keras.optimizers.Adam(0.01)
    train_loss = tf.keras.metrics.Mean(name="train_loss")
    train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="train_accuracy")

    @tf.function
    def train_step(images, labels):
        with tf.GradientTape() as tape:
            predictions = model(images, training=True)
            loss = loss_object(labels, predictions)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        train_loss(loss)
        train_accuracy(labels, predictions)

    results = []
    for _ in range(8):
        train_loss.reset_state()
        train_accuracy.reset_state()
        for i in range(0, len(x), 32):
            train_step(x[i:i + 32], y[i:i + 32])
        results.append((float(train_loss.result()), float(train_accuracy.result())))
    assert results[-1][0] < 0.5 * results[0][0] and results[-1][1] > 0.9
    # the graph's metric state equals the same updates made eagerly
    m = tf.keras.metrics.SparseCategoricalAccuracy()
    logits = model(x, training=False)
    m.update_state(y, logits)
    in_graph = tf.keras.metrics.SparseCategoricalAccuracy()
    graph_acc = tf.function(lambda: in_graph(y, logits))()
    assert float(graph_acc) == float(m.result())
    # TF: a metric made inside the function makes variables on every trace, and the retrace
    # after the first call (variables exist by then) may not make any
    with pytest.raises(ValueError, match="only supports singleton tf.Variables"):
        tf.function(lambda: tf.keras.metrics.SparseCategoricalAccuracy()(y, logits))()


def test_calling_a_metric_updates_it_and_returns_the_result():
    m = tf.keras.metrics.Mean()
    assert float(m([1.0, 3.0])) == 2.0
    assert float(m([5.0])) == 3.0
    m.reset_state()
    assert float(m.result()) == 0.0


def test_tensors_format_as_their_numpy_value():
    """TF: EagerTensor.__format__ formats the NumPy value, so f"{t}" is "1.0", not the repr."""
    assert f"{tf.constant(2.5):.3f}" == "2.500"
    assert f"{tf.constant(1.0)}" == "1.0"
    assert f"{tf.constant([1, 2])}" == "[1 2]"
