"""Write course/engine/api/tf221_names.json: the public names of TensorFlow 2.21's namespaces.

Run it with real TensorFlow 2.21 (only names are recorded, no code or text):

    /opt/tfref/bin/python tools/tf_names.py

The engine reads the file to tell "TensorFlow has this, the engine does not"
(a clear NotImplementedError naming the feature, see course/engine/unsupported.py)
from a plain typo (AttributeError, as TensorFlow raises), and
tests/engine/test_namespaces.py checks that everything the engine exports
exists in the same namespace of TensorFlow.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

OUT = Path(__file__).resolve().parent.parent / "course" / "engine" / "api" / "tf221_names.json"

# tf.<namespace>, as the engine's modules are keyed ("" is tf itself, written as "tf").
NAMESPACES = [
    "tf", "math", "nn", "linalg", "random", "errors", "test", "dtypes", "compat.v1",
    "compat.v1.math", "compat.v1.train", "compat.v1.nn", "compat.v1.losses", "compat.v1.summary",
    "compat.v1.saved_model", "compat.v1.saved_model.signature_def_utils",
    "compat.v1.saved_model.utils", "compat.v1.saved_model.tag_constants",
    "compat.v1.saved_model.signature_constants", "compat.v1.saved_model.loader",
    "compat.v1.saved_model.builder",
    "config", "config.experimental", "config.optimizer", "config.threading", "version", "train",
    "saved_model", "summary", "summary.experimental", "autograph", "data", "data.experimental",
    "strings", "io", "image", "signal", "sparse", "ragged", "distribute", "distribute.experimental",
    "experimental",
    "experimental.numpy", "experimental.numpy.random",
    "types.experimental", "debugging", "bitwise", "audio", "lite", "feature_column",
    "keras", "keras.layers", "keras.losses", "keras.metrics", "keras.optimizers",
    "keras.optimizers.schedules", "keras.callbacks", "keras.activations", "keras.initializers",
    "keras.regularizers", "keras.constraints", "keras.models", "keras.utils", "keras.datasets",
    "keras.datasets.mnist", "keras.datasets.fashion_mnist", "keras.backend",
    "keras.applications", "keras.preprocessing", "keras.mixed_precision", "keras.ops",
]


def main() -> None:
    import tensorflow as tf
    if not tf.__version__.startswith("2.21"):
        sys.exit(f"needs TensorFlow 2.21, found {tf.__version__}")
    names = {}
    for key in NAMESPACES:
        module = tf
        for part in ([] if key == "tf" else key.split(".")):
            module = getattr(module, part)
        names[key] = sorted(n for n in dir(module) if not n.startswith("_"))
    text = "{\n" + ",\n".join(f"{json.dumps(k)}: [\n" + ",\n".join(json.dumps(n) for n in v) + "\n]"
                              for k, v in names.items()) + "\n}\n"
    OUT.write_text(text)
    print(f"wrote {OUT} ({sum(map(len, names.values()))} names in {len(names)} namespaces)")


if __name__ == "__main__":
    main()
