"""Every public name we export exists in the same namespace of TensorFlow 2.21.

course/engine/api/tf221_names.json holds dir() of TF 2.21's namespaces (written by
tools/tf_names.py). A name we
export that TF does not have (or has elsewhere) would let code run here and
fail on real TensorFlow, so each namespace is audited name by name.
"""
from __future__ import annotations

import json
import pathlib
import re
import types

import pytest

import course.engine as tf

TF_NAMES = json.loads((pathlib.Path(tf.__file__).parent / "api" / "tf221_names.json").read_text())

NAMESPACES = {
    "tf": tf, "math": tf.math, "nn": tf.nn, "linalg": tf.linalg, "random": tf.random,
    "errors": tf.errors, "test": tf.test, "dtypes": tf.dtypes, "compat.v1": tf.compat.v1,
    "compat.v1.math": tf.compat.v1.math, "data": tf.data,
    "data.experimental": tf.data.experimental, "strings": tf.strings, "config": tf.config,
    "config.experimental": tf.config.experimental, "config.threading": tf.config.threading,
    "config.optimizer": tf.config.optimizer,
    "version": tf.version, "train": tf.train, "saved_model": tf.saved_model, "io": tf.io,
    "image": tf.image,
}

# tf.keras's modules (and tf.compat.v1's train, nn and losses) hold their implementation too
# (helpers, imported modules), so for them the audit is of what they declare public, `__all__`.
KERAS_NAMESPACES = {
    "compat.v1.train": tf.compat.v1.train, "compat.v1.nn": tf.compat.v1.nn,
    "compat.v1.losses": tf.compat.v1.losses, "compat.v1.summary": tf.compat.v1.summary,
    "ragged": tf.ragged, "experimental": tf.experimental,
    "experimental.numpy": tf.experimental.numpy,
    "experimental.numpy.random": tf.experimental.numpy.random,
    "keras": tf.keras, "keras.layers": tf.keras.layers, "keras.losses": tf.keras.losses,
    "keras.metrics": tf.keras.metrics, "keras.optimizers": tf.keras.optimizers,
    "keras.callbacks": tf.keras.callbacks, "keras.activations": tf.keras.activations,
    "keras.initializers": tf.keras.initializers, "keras.models": tf.keras.models,
    "keras.utils": tf.keras.utils, "keras.datasets": tf.keras.datasets,
    "keras.backend": tf.keras.backend, "summary": tf.summary,
    "keras.regularizers": tf.keras.regularizers,
    "keras.mixed_precision": tf.keras.mixed_precision,
    "keras.optimizers.schedules": tf.keras.optimizers.schedules,
    "debugging": tf.debugging, "feature_column": tf.feature_column,
    "compat.v1.saved_model": tf.compat.v1.saved_model,
    "compat.v1.saved_model.signature_def_utils": tf.compat.v1.saved_model.signature_def_utils,
    "compat.v1.saved_model.utils": tf.compat.v1.saved_model.utils,
    "compat.v1.saved_model.tag_constants": tf.compat.v1.saved_model.tag_constants,
    "compat.v1.saved_model.signature_constants": tf.compat.v1.saved_model.signature_constants,
    "compat.v1.saved_model.loader": tf.compat.v1.saved_model.loader,
    "compat.v1.saved_model.builder": tf.compat.v1.saved_model.builder,
}

# Module attributes that Python itself puts on a package or module and that are
# not part of the API: engine submodules (tf.tape, tf.ops, ...) appear on the
# package because importing a submodule binds it there.
ENGINE_INTERNALS = {
    # course/engine/dtypes.py is also tf.dtypes; these helpers serve the op table (kernel_name:
    # a dtype as TF's error messages print it; enum_name: as GraphDefs name it, DT_FLOAT).
    "dtypes": {"ALL", "ALL_AND_STRING", "COMPLEX", "FLOATING", "INTEGER", "NUMERIC", "SIGNED",
               "UNSIGNED", "from_numpy", "kernel_name", "enum_name"},
    # errors.invalid_argument builds TF's InvalidArgumentError with the [Op:Name] suffix;
    # errors.no_kernel TF's NotFoundError for a dtype no CPU kernel takes.
    "errors": {"invalid_argument", "no_kernel"},
}


NAMESPACE_MODULES = {m.__name__ for m in NAMESPACES.values()}


def _public_names(module) -> set:
    """Public attributes, leaving out imported NumPy and the engine's implementation files."""
    names = set()
    for name in dir(module):
        value = getattr(module, name)
        if name.startswith("_") or name == "annotations":  # `from __future__ import annotations`
            continue
        if isinstance(value, types.ModuleType) and (
                value.__name__ == "numpy" or
                value.__name__.startswith("course.engine") and value.__name__ not in NAMESPACE_MODULES):
            continue  # e.g. tf.tape, tf.ops: files of the engine that importing binds on the package
        names.add(name)
    return names


@pytest.mark.parametrize("key", list(NAMESPACES))
def test_every_exported_name_exists_in_tf_221(key):
    module = NAMESPACES[key]
    ours = _public_names(module) - ENGINE_INTERNALS.get(key, set())
    extra = sorted(ours - set(TF_NAMES[key]))
    assert not extra, f"tf.{key} exports names TF 2.21 does not have there: {extra}"
    declared = set(getattr(module, "__all__", ()))
    assert declared <= set(TF_NAMES[key]), sorted(declared - set(TF_NAMES[key]))


@pytest.mark.parametrize("key", list(KERAS_NAMESPACES))
def test_every_declared_keras_name_exists_in_tf_221(key):
    module = KERAS_NAMESPACES[key]
    declared = set(module.__all__)
    assert declared <= set(TF_NAMES[key]), f"tf.{key} declares names TF 2.21 does not have " \
                                           f"there: {sorted(declared - set(TF_NAMES[key]))}"
    assert all(hasattr(module, name) for name in declared)


@pytest.mark.parametrize("path", ["image.ssim", "io.encode_jpeg", "signal.stft", "sparse.softmax", "ragged.cross", "nn.conv1d",
                                  "keras.layers.ConvLSTM2D", "keras.constraints",
                                  "math.bessel_i0", "linalg.expm", "config.optimizer.set_jit",
                                  "compat.v1.saved_model.classification_signature_def"])
def test_what_tf_has_and_the_engine_lacks_raises_a_clear_error(path):
    """NotImplementedError naming the feature (it is an AttributeError too, so hasattr is False)."""
    *parents, name = path.split(".")
    module = tf
    for part in parents:
        module = getattr(module, part)
    with pytest.raises(NotImplementedError, match=rf"^tf\.{re.escape(path)} is not part of this "
                                                  r"engine \(see docs/engine-api.md\)"):
        getattr(module, name)
    assert not hasattr(module, name)


def test_a_name_tf_does_not_have_is_a_plain_attribute_error():
    with pytest.raises(AttributeError, match="module 'tensorflow' has no attribute 'fooo'") as e:
        tf.fooo  # noqa: B018
    assert not isinstance(e.value, NotImplementedError)
    with pytest.raises(AttributeError, match="module 'tensorflow.keras.layers' has no attribute"):
        tf.keras.layers.Dence  # noqa: B018


def test_tf2_has_no_top_level_log_div_mod():
    """TF2 removed tf.log, tf.div and tf.mod: they live in tf.math / tf.compat.v1 only."""
    for name in ("log", "div", "mod"):
        assert name not in TF_NAMES["tf"]
        assert not hasattr(tf, name), f"tf.{name} must not exist (TF2 has no tf.{name})"
    assert tf.math.log is tf.compat.v1.log
    assert "div" in TF_NAMES["compat.v1"] and callable(tf.compat.v1.div)


def test_compat_v1_div_floors_integers_and_divides_floats():
    """TF1's div: integer inputs floor (Python 2 division), floats divide."""
    assert tf.compat.v1.div(tf.constant(-7), tf.constant(2)).numpy() == -4
    assert tf.compat.v1.div(tf.constant(7.0), 2.0).numpy() == 3.5


def test_required_names_exist():
    """The subset the course promises (issue 2), namespace by namespace."""
    required = {
        "tf": "float16 float32 float64 int8 int16 int32 int64 uint8 bool DType as_dtype Tensor "
              "TensorShape constant convert_to_tensor ones zeros fill ones_like zeros_like eye "
              "range linspace add subtract multiply divide truediv negative abs pow exp sqrt "
              "square maximum minimum sign matmul cast reshape transpose squeeze expand_dims "
              "concat stack tile broadcast_to reduce_sum reduce_mean reduce_max reduce_min "
              "reduce_prod argmax argmin one_hot where clip_by_value gather stop_gradient "
              "Variable GradientTape newaxis equal less greater logical_and logical_or "
              "logical_not",
        "math": "add subtract multiply divide truediv negative abs pow exp sqrt square maximum "
                "minimum sign log floordiv floormod mod reduce_sum reduce_mean reduce_max "
                "reduce_min reduce_prod reduce_std reduce_variance equal less greater logical_and "
                "logical_or logical_not argmax argmin",
        "linalg": "matmul",
        "nn": "relu sigmoid tanh softmax log_softmax softmax_cross_entropy_with_logits "
              "sparse_softmax_cross_entropy_with_logits",
        "random": "uniform normal set_seed",
        "errors": "OpError InvalidArgumentError NotFoundError FailedPreconditionError "
                  "OutOfRangeError UnimplementedError",
        "test": "compute_gradient",
        "dtypes": "DType as_dtype cast float32 int32 bool",
    }
    for key, names in required.items():
        missing = [n for n in names.split() if not hasattr(NAMESPACES[key], n)]
        assert not missing, f"tf.{key} is missing {missing}"


def test_same_function_under_each_namespace():
    assert tf.math.add is tf.add and tf.linalg.matmul is tf.matmul
    assert tf.math.reduce_sum is tf.reduce_sum and tf.math.abs is tf.abs
    assert tf.math.mod is tf.math.floormod


def test_error_classes_follow_tf_hierarchy():
    """tf.errors: every class derives from OpError; (node_def, op, message) constructor."""
    for name in ("InvalidArgumentError", "NotFoundError", "FailedPreconditionError",
                 "OutOfRangeError", "UnimplementedError", "InternalError", "AlreadyExistsError",
                 "ResourceExhaustedError", "DataLossError", "UnknownError", "UnavailableError"):
        cls = getattr(tf.errors, name)
        assert issubclass(cls, tf.errors.OpError) and issubclass(cls, Exception)
        err = cls(None, None, "boom")
        assert err.message == "boom" and str(err) == "boom"


def _namespace(key: str):
    module = tf
    for part in ([] if key == "tf" else key.split(".")):
        module = getattr(module, part)
    return module


def _lacking(key: str) -> list:
    """TF 2.21's public names in tf.<key> that the engine does not define there."""
    return sorted(n for n in TF_NAMES[key] if n not in vars(_namespace(key)))


# (tf.compat.v1.math is tf.math itself: its errors name tf.math)
LACKING_SOMETHING = [k for k in [*NAMESPACES, "summary", "summary.experimental"]
                     if k != "compat.v1.math" and _lacking(k)]


@pytest.mark.parametrize("key", LACKING_SOMETHING)
def test_every_namespace_names_what_the_engine_lacks(key):
    """In every audited namespace, a name TF 2.21 has there and the engine does not is the
    engine's NotImplementedError naming it (e.g. tf.data.TFRecordDataset), not an AttributeError."""
    module = _namespace(key)
    public = "tf" if key == "tf" else f"tf.{key}"
    for name in _lacking(key)[:5]:
        with pytest.raises(NotImplementedError, match=rf"^{re.escape(public)}\.{name} is not part"):
            getattr(module, name)


def test_the_namespaces_checked_for_clear_errors_include_the_data_ones():
    assert {"data", "data.experimental", "dtypes", "errors", "compat.v1"} <= set(LACKING_SOMETHING)
