"""serialize_keras_object / deserialize_keras_object, custom activations in configs,
custom_object_scope, clone_model, to_json / model_from_json (serialization.py). Checked
without TF (tests/differential/test_against_tensorflow_keras_serialization.py compares the
same behaviours with TF 2.21)."""
from __future__ import annotations

import numpy as np
import pytest

import course.engine as tf

keras = tf.keras
X = np.random.default_rng(2).normal(size=(5, 3)).astype(np.float32)


def test_objects_round_trip_through_their_config_entries():
    for obj in (keras.regularizers.L1L2(l1=0.01, l2=0.5), keras.initializers.Constant(0.3),
                keras.losses.MeanSquaredError(), keras.optimizers.Adam(0.002)):
        config = keras.saving.serialize_keras_object(obj)
        back = keras.saving.deserialize_keras_object(config)
        assert type(back) is type(obj) and back.get_config() == obj.get_config()
        assert config["registered_name"] is None and config["module"].startswith("keras.")


def test_deserializing_maps_names_to_known_classes_only_never_importing_the_module():
    config = {"module": "os", "class_name": "system", "config": {"command": "true"},
              "registered_name": None}
    with pytest.raises(TypeError, match="Could not locate class 'system'"):
        keras.saving.deserialize_keras_object(config)


def test_a_custom_activation_is_saved_by_name_and_found_again_only_when_registered_or_given():
    keras.saving.get_custom_objects().clear()

    def cube(x):
        return x ** 3
    config = keras.layers.Dense(2, activation=cube).get_config()
    assert config["activation"] == {"module": "builtins", "class_name": "function",
                                    "config": "cube", "registered_name": "function"}
    with pytest.raises(TypeError, match="Could not locate function 'cube'"):
        keras.layers.Dense.from_config(config)
    with keras.saving.custom_object_scope({"cube": cube}):
        assert keras.layers.Dense.from_config(config).activation is cube
    with pytest.raises(TypeError, match="Could not locate function 'cube'"):
        keras.layers.Dense.from_config(config)  # (the scope is gone after the block)


def test_custom_object_scope_is_left_even_when_the_block_raises():
    with pytest.raises(RuntimeError):
        with keras.saving.custom_object_scope({"thing": len}):
            assert keras.saving.get_registered_object("thing") is len
            raise RuntimeError
    assert keras.saving.get_registered_object("thing") is None


def test_load_model_sees_custom_objects_for_the_activations_too(tmp_path):
    keras.saving.get_custom_objects().clear()

    def square(x):
        return x * x
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(2, activation=square)(inputs))
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras", custom_objects={"square": square})
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0))


def test_clone_model_has_the_architecture_and_new_variables():
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, name="hidden"),
                              keras.layers.Dense(1)])
    clone = keras.models.clone_model(model)
    assert type(clone) is keras.Sequential and [layer.name for layer in clone.layers] == \
        [layer.name for layer in model.layers]
    assert [w.shape for w in clone.weights] == [w.shape for w in model.weights]
    assert all(a is not b for a, b in zip(clone.weights, model.weights))
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(X, verbose=0), model.predict(X, verbose=0))
    with pytest.raises(NotImplementedError, match="clone_function"):
        keras.models.clone_model(model, clone_function=lambda layer: layer)


def test_model_from_json_rebuilds_a_functional_model():
    keras.backend.clear_session()
    inputs = keras.Input((3,), name="x")
    model = keras.Model(inputs, keras.layers.Dense(2, activation="relu")(inputs))
    new = keras.models.model_from_json(model.to_json())
    assert type(new).__name__ == "Functional" and new.output_shape == (None, 2)
    new.set_weights(model.get_weights())
    np.testing.assert_allclose(new.predict(X, verbose=0), model.predict(X, verbose=0))


def test_a_functional_config_rebuilds_a_custom_layer_with_its_own_from_config():
    keras.backend.clear_session()
    built = []

    class Scale(keras.layers.Layer):
        def __init__(self, inner, **kwargs):
            super().__init__(**kwargs)
            self.inner = inner

        def call(self, x):
            return self.inner(x) * 2.0

        def get_config(self):
            return {**super().get_config(), "inner": self.inner}

        @classmethod
        def from_config(cls, config):
            built.append(config["inner"]["class_name"])  # (an entry, as Keras 3 writes it)
            return cls(inner=keras.layers.deserialize(config.pop("inner")), **config)
    inputs = keras.Input((3,))
    model = keras.Model(inputs, Scale(keras.layers.Dense(2))(inputs))
    new = keras.Model.from_config(model.get_config(), custom_objects={"Scale": Scale})
    assert built == ["Dense"] and new.output_shape == (None, 2)


def test_a_metric_function_is_averaged_over_the_samples_under_its_name():
    def doubled_pred(y_true, y_pred):
        return 2.0 * tf.reduce_mean(y_pred, axis=-1)
    assert keras.metrics.get(doubled_pred) is doubled_pred   # (Keras: a function as it is)
    metric = keras.metrics.MeanMetricWrapper(doubled_pred, name="doubled_pred")
    assert metric.name == "doubled_pred"
    metric.update_state(np.zeros((2, 2)), np.array([[1.0, 3.0], [0.0, 2.0]], np.float32))
    assert float(metric.result()) == pytest.approx((4.0 + 2.0) / 2)


def test_a_model_compile_config_of_its_own_goes_back_to_its_compile_from_config(tmp_path):
    import json
    import zipfile
    keras.saving.get_custom_objects().clear()
    seen = []

    @keras.saving.register_keras_serializable(package="test")
    class Tiny(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(1)

        def call(self, x):
            return self.dense(x)

        def get_compile_config(self):
            return {"loss": "mse", "optimizer": self.optimizer}

        def compile_from_config(self, config):
            seen.append(config["optimizer"]["class_name"])
            self.compile(optimizer=keras.utils.deserialize_keras_object(config["optimizer"]),
                         loss=config["loss"])
    model = Tiny()
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
    model.fit(X, X[:, :1], verbose=0)
    model.save(tmp_path / "m.keras")
    restored = keras.models.load_model(tmp_path / "m.keras")
    assert seen == ["SGD"] and float(restored.optimizer.learning_rate) == 0.5
    with zipfile.ZipFile(tmp_path / "m.keras") as z:
        config = json.loads(z.read("config.json"))
        weights = z.read("weights.npz")
    config["custom_compile_config"] = ["not", "a", "dict"]
    with zipfile.ZipFile(tmp_path / "bad.keras", "w") as z:
        z.writestr("config.json", json.dumps(config))
        z.writestr("weights.npz", weights)
    with pytest.raises(tf.errors.DataLossError, match="invalid custom_compile_config"):
        keras.models.load_model(tmp_path / "bad.keras")


class _Vocab(keras.layers.Dense):
    """Keeps a vocabulary as an asset file (save_assets / load_assets)."""

    def __init__(self, vocab="", **kwargs):
        super().__init__(**kwargs)
        self.vocab = vocab

    def save_assets(self, inner_path):
        import os
        os.makedirs(os.path.join(inner_path, "sub"))
        with open(os.path.join(inner_path, "sub", "vocab.txt"), "w") as f:
            f.write(self.vocab)

    def load_assets(self, inner_path):
        import os
        with open(os.path.join(inner_path, "sub", "vocab.txt")) as f:
            self.vocab = f.read()


def test_assets_go_to_the_archive_and_back_and_names_that_escape_are_refused(tmp_path):
    import zipfile
    keras.saving.get_custom_objects().clear()
    cls = keras.saving.register_keras_serializable(package="test")(_Vocab)
    model = keras.Sequential([keras.Input((3,)), cls(vocab="a b c", units=2)])
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as z:
        members = {n: z.read(n) for n in z.namelist()}
    name = model.layers[0].name
    assert members[f"assets/{name}/sub/vocab.txt"] == b"a b c"
    restored = keras.models.load_model(tmp_path / "m.keras")
    assert restored.layers[0].vocab == "a b c"
    np.testing.assert_allclose(restored.predict(X, verbose=0), model.predict(X, verbose=0))
    members[f"assets/{name}/../../escape.txt"] = b"x"
    with zipfile.ZipFile(tmp_path / "bad.keras", "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    with pytest.raises(tf.errors.DataLossError, match="not a plain relative file name"):
        keras.models.load_model(tmp_path / "bad.keras")
    assert not (tmp_path / "escape.txt").exists()


def test_a_sequential_of_an_unregistered_class_of_your_own_needs_custom_objects(tmp_path):
    keras.saving.get_custom_objects().clear()
    model = keras.Sequential([keras.Input((3,)), _Vocab(vocab="x", units=1)])
    model.save(tmp_path / "m.keras")
    with pytest.raises(ValueError, match="Unknown layer class '_Vocab'"):
        keras.models.load_model(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras", custom_objects={"_Vocab": _Vocab})
    assert type(loaded.layers[0]) is _Vocab and loaded.layers[0].vocab == "x"


def test_a_class_of_the_main_program_is_written_with_no_module_and_layers_with_their_dtype():
    """Keras 3: "__main__" becomes None (a notebook's classes have no module to name); every
    layer's config has its dtype policy entry, which a layer also takes back."""
    cls = type("Probe", (keras.layers.Layer,), {"__module__": "__main__"})
    config = keras.saving.serialize_keras_object(cls(name="p"))
    assert config["module"] is None
    assert config["config"]["dtype"] == {"module": "keras", "class_name": "DTypePolicy",
                                         "config": {"name": "float32"}, "registered_name": None}
    dense = keras.layers.Dense.from_config({**keras.layers.Dense(2).get_config(),
                                            "dtype": {"module": "keras",
                                                      "class_name": "DTypePolicy",
                                                      "config": {"name": "float64"},
                                                      "registered_name": None}})
    assert dense.dtype == tf.float64
