"""keras.io's serialization guide: serialize_keras_object / deserialize_keras_object, custom
(registered) activations in a saved model, custom_object_scope, to_json / model_from_json,
clone_model, keras.layers.serialize / deserialize, a custom layer in a functional config;
against TF 2.21 with Keras 3 (rules: tf_compare.py)."""
from __future__ import annotations

import os
import sys
import tempfile

import numpy as np
import pytest

from .tf_compare import Cases, check, real_tf

cases = Cases()
X = np.random.default_rng(11).normal(size=(6, 4)).astype(np.float32)


def saving(tf):
    """`keras.saving` of either side: the guides `import keras`, and TF's `tf.keras` has no
    `saving` (the real Keras 3 package, which tf_compare loaded, has)."""
    return sys.modules["keras"].saving if tf is real_tf else tf.keras.saving


@cases("serialize_keras_object: Keras 3's entries (module, class, config, registered name); "
       "L1 shows its float32 factor, L2/L1L2 the Python float; deserialize gives the object back")
def _(tf):
    k = tf.keras
    objects = [k.regularizers.L1(0.005), k.regularizers.L2(0.003),
               k.regularizers.L1L2(l1=1e-5, l2=1e-4), k.initializers.Ones(),
               k.losses.MeanSquaredError(), k.activations.relu, "relu", 3, [1, "a"], None]
    configs = [saving(tf).serialize_keras_object(o) for o in objects]
    back = [saving(tf).deserialize_keras_object(c) for c in configs[:5]]
    return configs, [(type(b).__name__, b.get_config()) for b in back]


@cases("deserialize_keras_object of an unknown class: TypeError naming it")
def _(tf):
    return saving(tf).deserialize_keras_object({"module": None, "class_name": "Nope",
                                                "config": {}, "registered_name": None})


def custom_fn_model(tf):
    """A Dense with a registered custom activation (the guide's custom_fn)."""
    k = tf.keras
    saving(tf).get_custom_objects().clear()

    @saving(tf).register_keras_serializable(package="my_package", name="custom_fn")
    def custom_fn(x):
        return x ** 2
    inputs = k.Input((4,))
    dense = k.layers.Dense(1, activation=custom_fn, kernel_initializer="ones")
    return k.Model(inputs, dense(inputs)), custom_fn


@cases("a registered custom activation: its config entry, and from_config finds the function")
def _(tf):
    model, custom_fn = custom_fn_model(tf)
    config = model.layers[1].get_config()
    again = tf.keras.layers.Dense.from_config(config)
    return config["activation"], again.activation is custom_fn


@cases("a custom activation neither registered nor passed: loading it is a TypeError",
       compare_message=False)  # (Keras wraps the message in "Error when deserializing ...")
def _(tf):
    saving(tf).get_custom_objects().clear()

    def other(x):
        return x * 3
    config = tf.keras.layers.Dense(1, activation=other).get_config()
    return tf.keras.layers.Dense.from_config(config)


@cases("save/load of a model with a registered activation, and with custom_objects in "
       "custom_object_scope (left again after the block)", rtol=1e-6)
def _(tf):
    model, custom_fn = custom_fn_model(tf)
    path = os.path.join(tempfile.mkdtemp(), "custom_model.keras")
    model.save(path)
    loaded = tf.keras.models.load_model(path)
    saving(tf).get_custom_objects().clear()
    with saving(tf).custom_object_scope({"my_package>custom_fn": custom_fn}):
        scoped = tf.keras.models.load_model(path)
        inside = saving(tf).get_registered_object("my_package>custom_fn") is custom_fn
    outside = saving(tf).get_registered_object("my_package>custom_fn")
    return (loaded.predict(X, verbose=0), scoped.predict(X, verbose=0), inside, outside)


@cases("to_json / model_from_json: a new model of the same layers")
def _(tf):
    tf.keras.backend.clear_session()
    model = tf.keras.Sequential([tf.keras.Input((32,)), tf.keras.layers.Dense(1)])
    new = tf.keras.models.model_from_json(model.to_json())
    return (type(new).__name__, [type(layer).__name__ for layer in new.layers],
            new.layers[0].get_config()["units"], new.output_shape)


@cases("clone_model: the same architecture (layer names, shapes) with new variables")
def _(tf):
    tf.keras.backend.clear_session()
    inputs = tf.keras.Input((3,))
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(2, name="d")(inputs))
    clone = tf.keras.models.clone_model(model)
    return (type(clone).__name__, clone.name == model.name, clone.layers[1].name,
            [w.shape for w in clone.weights], clone.weights[0] is model.weights[0])


@cases("keras.layers.serialize / deserialize of a registered layer holding another layer "
       "(nested in its config as an entry); from_config gets the entry as it is")
def _(tf):
    k = tf.keras
    saving(tf).get_custom_objects().clear()

    @saving(tf).register_keras_serializable(package="MyLayers", name="KernelMult")
    class MyDense(k.layers.Layer):
        def __init__(self, units, *, kernel_regularizer=None, nested_model=None, **kwargs):
            super().__init__(**kwargs)
            self.hidden_units, self.kernel_regularizer = units, kernel_regularizer
            self.nested_model = nested_model

        def get_config(self):
            return {**super().get_config(), "units": self.hidden_units,
                    "kernel_regularizer": self.kernel_regularizer,
                    "nested_model": self.nested_model}
    inner = MyDense(16, kernel_regularizer=k.regularizers.L1L2(l1=1e-5, l2=1e-4), name="inner")
    config = k.layers.serialize(MyDense(64, nested_model=inner, name="outer"))
    layer = k.layers.deserialize(config)
    nested = config["config"]["nested_model"]
    # (a class of a test module: its module; Keras 3 writes None for __main__'s)
    return (config["module"] == MyDense.__module__, config["config"]["dtype"],
            config["class_name"], config["registered_name"], config["config"]["units"],
            nested["class_name"], nested["registered_name"],
            nested["config"]["kernel_regularizer"], repr(layer), isinstance(layer.nested_model, dict))


@cases("Model.from_config of a functional model with a custom layer whose get_config leaves "
       "out its name (custom_objects); the layer's config is rebuilt by its from_config")
def _(tf):
    k = tf.keras
    k.backend.clear_session()

    class CustomDense(k.layers.Layer):
        def __init__(self, units=32):
            super().__init__()
            self.units = units

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones")

        def call(self, inputs):
            return k.ops.matmul(inputs, self.w)

        def get_config(self):
            return {"units": self.units}
    inputs = k.Input((4,))
    model = k.Model(inputs, CustomDense(10)(inputs))
    new = k.Model.from_config(model.get_config(), custom_objects={"CustomDense": CustomDense})
    return [type(layer).__name__ for layer in new.layers], new.output_shape, new(X).shape


@cases("a metric function in compile (a MeanMetricWrapper named after it); a subclassed "
       "model's get_compile_config saved and handed to its compile_from_config on loading, "
       "registered functions found again", rtol=1e-5)
def _(tf):
    k = tf.keras
    saving(tf).get_custom_objects().clear()

    @saving(tf).register_keras_serializable(package="pkg")
    def square_sum(y_true, y_pred):
        return k.ops.sum(k.ops.square(y_pred - y_true) / 10.0, axis=1)

    @saving(tf).register_keras_serializable(package="pkg")
    def mean_pred(y_true, y_pred):
        return k.ops.mean(y_pred)

    @saving(tf).register_keras_serializable(package="pkg")
    class WithCompile(k.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = k.layers.Dense(4, activation="softmax", kernel_initializer="ones")

        def call(self, inputs):
            return self.dense(inputs)

        def compile(self, optimizer, loss_fn, metrics):
            super().compile(optimizer=optimizer, loss=loss_fn, metrics=metrics)
            self.model_optimizer, self.loss_fn, self.loss_metrics = optimizer, loss_fn, metrics

        def get_compile_config(self):
            return {"model_optimizer": self.model_optimizer, "loss_fn": self.loss_fn,
                    "metric": self.loss_metrics}

        def compile_from_config(self, config):
            get = k.utils.deserialize_keras_object
            self.compile(optimizer=get(config["model_optimizer"]),
                         loss_fn=get(config["loss_fn"]), metrics=get(config["metric"]))
    model = WithCompile()
    model.compile(optimizer="SGD", loss_fn=square_sum, metrics=["accuracy", mean_pred])
    x = np.linspace(0, 1, 32, dtype=np.float32).reshape(4, 8)
    y = np.array([0.0, 1.0, 2.0, 3.0], np.float32)
    history = model.fit(x, y, verbose=0, shuffle=False).history
    path = os.path.join(tempfile.mkdtemp(), "custom_compile_model.keras")
    model.save(path)
    restored = tf.keras.models.load_model(path)
    return (history, restored.model_optimizer, restored.loss_fn is square_sum,
            restored.loss_metrics[0], restored.loss_metrics[1] is mean_pred,
            type(k.metrics.MeanMetricWrapper(mean_pred)).__name__)


@cases("a registered layer's save_assets / load_assets files, and its get_build_config / "
       "build_from_config (a build with an extra argument), through save and load_model of a "
       "Sequential", rtol=1e-6)
def _(tf):
    k = tf.keras
    saving(tf).get_custom_objects().clear()

    @saving(tf).register_keras_serializable(package="pkg")
    class WithAssets(k.layers.Dense):
        def __init__(self, vocab=None, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.vocab = vocab

        def save_assets(self, inner_path):
            with open(os.path.join(inner_path, "vocabulary.txt"), "w") as f:
                f.write(self.vocab)

        def load_assets(self, inner_path):
            with open(os.path.join(inner_path, "vocabulary.txt")) as f:
                self.vocab = f.read().replace("<unk>", "little")

    @saving(tf).register_keras_serializable(package="pkg")
    class WithBuild(k.layers.Layer):
        def __init__(self, units=32, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def call(self, inputs):
            return k.ops.matmul(inputs, self.w)

        def get_config(self):
            return dict(units=self.units, **super().get_config())

        def build(self, input_shape, layer_init):
            super().build(input_shape)  # (as the guide does)
            self._input_shape, self.layer_init = input_shape, layer_init
            self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer=layer_init)

        def get_build_config(self):
            return {"layer_init": self.layer_init, "input_shape": self._input_shape}

        def build_from_config(self, config):
            self.build(config["input_shape"], config["layer_init"])
    folder = tempfile.mkdtemp()
    assets = k.Sequential([WithAssets(vocab="Mary had a <unk> lamb.", units=2)])
    assets(X)
    assets.save(os.path.join(folder, "assets.keras"))
    vocab = k.models.load_model(os.path.join(folder, "assets.keras")).layers[0].vocab
    custom = WithBuild(units=3)
    custom.build(input_shape=(4,), layer_init="ones")
    built = k.Sequential([custom, k.layers.Dense(1, kernel_initializer="ones")])
    built(X)
    built.save(os.path.join(folder, "built.keras"))
    restored = k.models.load_model(os.path.join(folder, "built.keras"))
    return (vocab, restored.layers[0].layer_init, restored.built, restored.predict(X, verbose=0),
            [w.shape for w in restored.weights])


@pytest.mark.parametrize("fn, compare_message, rtol", cases.params)
def test_same_outcome_as_tensorflow(fn, compare_message, rtol):
    check(fn, compare_message, rtol)
